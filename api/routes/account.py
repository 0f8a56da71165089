"""Signing in and out, and setting a password from the one-time link of ``kg user add``.

Sign-in is throttled per name and per client address (429 with ``Retry-After``); a wrong
name and a wrong password get the same answer in the same time. A session is a random id
in a ``Secure``, ``HttpOnly``, ``SameSite=Strict`` cookie, stored only as a hash.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from api.auth import (
    CSRF_FIELD,
    SESSION_COOKIE,
    client_address,
    gate,
)
from api.forms import COOKIE_FLAGS, form_page
from api.pages import page_lang, site_root
from kg.auth.accounts import SESSION_TTL_S, AuthError

router = APIRouter(include_in_schema=False)
Lang = Annotated[str | None, Form()]


@router.get("/account/signin")
def signin_form(request: Request, lang: str | None = None) -> Response:
    language = page_lang(request, lang)
    gate(request).require_accounts()
    return form_page(request, "signin.html", language, section="coordinate", failed=False)


@router.post("/account/signin")
def signin(
    request: Request,
    name: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=1024)],
    csrf_token: Annotated[str, Form(alias=CSRF_FIELD, max_length=512)] = "",
    lang: Lang = None,
) -> Response:
    g = gate(request)
    accounts = g.require_accounts()
    g.check_csrf(request, csrf_token)
    language = page_lang(request, lang)
    g.blocked(g.sign_in_per_name, "name", name.casefold())
    g.hit(g.sign_in_per_client, "client", client_address(request))
    user = accounts.authenticate(name, password)
    if user is None:
        g.hit(g.sign_in_per_name, "name", name.casefold())
        return form_page(
            request, "signin.html", language, section="coordinate", failed=True, status_code=401
        )
    secret = accounts.create_session(user.id)
    response = RedirectResponse(f"{site_root(request)}coordinate?lang={language}", 303)
    response.set_cookie(SESSION_COOKIE, secret, max_age=SESSION_TTL_S, **COOKIE_FLAGS)
    return response


@router.post("/account/signout")
def signout(
    request: Request,
    csrf_token: Annotated[str, Form(alias=CSRF_FIELD, max_length=512)] = "",
) -> Response:
    g = gate(request)
    accounts = g.require_accounts()
    g.check_csrf(request, csrf_token)
    session = request.cookies.get(SESSION_COOKIE)
    if session:
        accounts.end_session(session)
    response = RedirectResponse(f"{site_root(request)}account/signin", 303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/account/setup/{secret}")
def setup_form(request: Request, secret: str, lang: str | None = None) -> Response:
    gate(request).require_accounts()
    language = page_lang(request, lang)
    return form_page(request, "account_setup.html", language, section="coordinate", problem=None)


@router.post("/account/setup/{secret}")
def setup(
    request: Request,
    secret: str,
    password: Annotated[str, Form(max_length=1024)],
    password_again: Annotated[str, Form(max_length=1024)],
    csrf_token: Annotated[str, Form(alias=CSRF_FIELD, max_length=512)] = "",
    lang: Lang = None,
) -> Response:
    g = gate(request)
    accounts = g.require_accounts()
    g.check_csrf(request, csrf_token)
    g.hit(g.sign_in_per_client, "client", client_address(request))
    language = page_lang(request, lang)
    if password != password_again:
        return _setup_problem(request, language, "mismatch")
    try:
        accounts.set_password(secret, password)
    except AuthError:
        return _setup_problem(request, language, "link")
    except ValueError as exc:
        return _setup_problem(request, language, str(exc))
    return RedirectResponse(f"{site_root(request)}account/signin?lang={language}", 303)


def _setup_problem(request: Request, lang: str, problem: str) -> Response:
    if problem == "link":
        raise HTTPException(400, "the link was used already or has expired: ask for a new one")
    return form_page(
        request,
        "account_setup.html",
        lang,
        section="coordinate",
        problem=problem,
        status_code=400,
    )
