"""Entity pages: every IRI the graph mints dereferences here, as HTML, Turtle, JSON-LD or
N-Triples by ``Accept`` (or ``?format=``), in the reader's language (``?lang=`` or
``Accept-Language``; fi, then en, then sv).

``/id/{path}`` answers ``{base}{path}``; ``/theme`` and ``/theme/{slug}`` the theme scheme
and its concepts; ``/ontology`` (and its version IRI) the vocabulary document.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from pyoxigraph import NamedNode

from api.deps import SettingsDep, StoreDep
from api.negotiation import negotiate
from api.pages import chrome, page_lang, remember_language
from api.responses import media, problems
from api.urls import page_url, public_root
from kg.entity import Site, describe, iri_for_path, serialise, theme_iri
from kg.entity_page import render, render_not_found
from kg.namespaces import ONTOLOGY_IRI, OWL
from kg.ontology_page import ontology_triples, render_ontology
from kg.store import Store
from kg.web.render import Chrome

router = APIRouter(tags=["entities"])

HTML = "text/html"
OFFERS = [HTML, "text/turtle", "application/ld+json", "application/n-triples"]
FORMATS = {
    "html": HTML,
    "ttl": "text/turtle",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
}
LANGS = ("fi", "sv", "en")
VARY = {"Vary": "Accept, Accept-Language, Cookie"}
JSON_MEANS_JSON_LD = {"application/json": "application/ld+json"}

RESPONSES: dict[int | str, dict[str, Any]] = {
    **media(*OFFERS, description="The description as HTML, Turtle, JSON-LD or N-Triples"),
    **problems(404, 406),
}
RESPONSES[404] = {**RESPONSES[404], "content": {HTML: {}}}  # a small page for browsers
ROUTE: dict[str, Any] = {"response_class": Response, "responses": RESPONSES}

LangParam = Annotated[
    Literal["fi", "sv", "en"] | None,
    Query(description="language of the HTML page (default: Accept-Language, then fi)"),
]
FormatParam = Annotated[
    Literal["html", "ttl", "jsonld", "nt"] | None,
    Query(description="format, overriding Accept"),
]


class _Ask:
    """What the request asks for: media type (None: nothing acceptable) and language. An
    HTML page has the site's chrome (``section`` of the header) and the service's default
    Content-Security-Policy: it links its stylesheet and has nothing inline."""

    def __init__(
        self, request: Request, lang: str | None, fmt: str | None, section: str = ""
    ) -> None:
        self.request = request
        if fmt is not None:
            self.media: str | None = FORMATS[fmt]
        else:
            wanted = negotiate(request.headers.get("accept"), OFFERS, aliases=JSON_MEANS_JSON_LD)
            self.media = wanted[0] if wanted else None
        self.lang = page_lang(request, lang)  # ?lang=, the one chosen before, Accept-Language
        self.page_url = page_url(request)
        self.section = section

    def site(self, settings_base: str) -> Site:
        return Site(settings_base, public_root(self.request))

    def chrome(self, store: Store | None = None) -> Chrome:
        return chrome(self.request, self.lang, self.section, store)

    def not_acceptable(self) -> Response:
        detail = {"detail": f"cannot answer in {self.request.headers.get('accept')!r}"}
        detail["offered"] = ", ".join(OFFERS)
        return Response(json.dumps(detail), 406, media_type="application/json", headers=VARY)

    def not_found(self, iri: str | None, shown: str) -> Response:
        if self.media == HTML:
            page = render_not_found(iri or shown, self.lang, chrome=self.chrome())
            headers = {**VARY, "Content-Language": self.lang}
            return Response(page, 404, media_type=HTML, headers=headers)
        body = json.dumps({"detail": f"no entity {iri or shown!r} in the graph"})
        return Response(body, 404, media_type="application/json", headers=VARY)

    def rdf(self, body: bytes) -> Response:
        assert self.media is not None
        return Response(body, media_type=self.media, headers=self._alternates())

    def html(self, page: str) -> Response:
        headers = {**self._alternates(), "Content-Language": self.lang}
        return remember_language(self.request, Response(page, media_type=HTML, headers=headers))

    def _alternates(self) -> dict[str, str]:
        links = ", ".join(
            f'<{self.page_url}?format={key}>; rel="alternate"; type="{media}"'
            for key, media in FORMATS.items()
            if key != "html"
        )
        return {**VARY, "Link": links}


def _entity(ask: _Ask, store: Store, base_iri: str, iri: str | None, shown: str) -> Response:
    if ask.media is None:
        return ask.not_acceptable()
    description = describe(store, iri) if iri is not None else None
    if iri is None or description is None:
        return ask.not_found(iri, shown)
    if ask.media == HTML:
        page = render(
            description,
            ask.site(base_iri),
            ask.lang,
            page_url=ask.page_url,
            chrome=ask.chrome(store),
        )
        return ask.html(page)
    return ask.rdf(serialise(description.triples(), ask.media))


@router.get("/id/{path:path}", summary="An entity of the graph ({base}{path})", **ROUTE)
def entity(
    path: str,
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    lang: LangParam = None,
    format: FormatParam = None,
) -> Response:
    """The description of ``{base}{path}``: HTML, Turtle, JSON-LD or N-Triples."""
    ask = _Ask(request, lang, format)
    iri = iri_for_path(settings.base_iri, path)
    shown = settings.base_iri + path
    return _entity(ask, store, settings.base_iri, iri, shown)


@router.get("/theme", summary="The interface theme scheme", **ROUTE)
def theme_scheme(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    lang: LangParam = None,
    format: FormatParam = None,
) -> Response:
    """The SKOS concept scheme of the interface themes."""
    ask = _Ask(request, lang, format)
    iri = theme_iri(None)
    return _entity(ask, store, settings.base_iri, iri, str(iri))


@router.get("/theme/{slug}", summary="An interface theme", **ROUTE)
def theme(
    slug: str,
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    lang: LangParam = None,
    format: FormatParam = None,
) -> Response:
    """One interface theme (a SKOS concept of the theme scheme)."""
    ask = _Ask(request, lang, format)
    iri = theme_iri(slug)
    return _entity(ask, store, settings.base_iri, iri, slug)


def _ontology(ask: _Ask, store: Store, base_iri: str) -> Response:
    if ask.media is None:
        return ask.not_acceptable()
    triples = ontology_triples(store, base_iri)
    if not triples:
        return ask.not_found(ONTOLOGY_IRI, ONTOLOGY_IRI)
    if ask.media == HTML:
        page = render_ontology(
            triples, ask.site(base_iri), ask.lang, page_url=ask.page_url, chrome=ask.chrome(store)
        )
        return ask.html(page)
    return ask.rdf(serialise(triples, ask.media))


@router.get("/ontology", summary="The vocabulary (yp:)", **ROUTE)
def ontology(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    lang: LangParam = None,
    format: FormatParam = None,
) -> Response:
    """The ontology document: classes, properties and individuals of ``yp:``."""
    ask = _Ask(request, lang, format, section="ontology")
    return _ontology(ask, store, settings.base_iri)


@router.get("/ontology/{version}", summary="A version of the vocabulary", **ROUTE)
def ontology_version(
    version: str,
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    lang: LangParam = None,
    format: FormatParam = None,
) -> Response:
    """The ontology document, if ``{ontology}/{version}`` is its ``owl:versionIRI``."""
    ask = _Ask(request, lang, format, section="ontology")
    shown = f"{ONTOLOGY_IRI}/{version}"
    try:
        known = store.contains_triple(
            NamedNode(ONTOLOGY_IRI), NamedNode(str(OWL.versionIRI)), NamedNode(shown)
        )
    except ValueError:  # not an IRI
        known = False
    if not known:
        return ask.not_found(None, shown) if ask.media else ask.not_acceptable()
    return _ontology(ask, store, settings.base_iri)
