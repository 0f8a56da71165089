"""Lookup answers kept with the serving store: a repeat is the kept answer, equal to the
answer computed afresh, shared by every name of the municipality and answered with no
thread of the pool free; a publish swaps the store, and the answer after it is the new
graph's, under a new tag."""

from __future__ import annotations

import datetime as dt

import anyio
import anyio.to_thread
import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.main import create_app
from kg import lookups
from kg.auth.scopes import parse_scope
from kg.config import Settings
from kg.publishing import service
from kg.store import Store
from kg.views.cache import _KEPT, peek
from tests.writing import principal, responsibility_rows, writable_settings, xlsx

LOOKUP = "/api/v1/responsibilities"
KAJAANI_HYTE = {"municipality": "Kajaani", "theme": "hyte"}


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return writable_settings(tmp_path_factory.mktemp("lookup-cache"))


@pytest.fixture(scope="module")
def app(settings: Settings) -> FastAPI:
    return create_app(settings)


@pytest.fixture(scope="module")
def client(app: FastAPI) -> TestClient:
    return TestClient(app)


def _serving(app: FastAPI) -> Store:
    store: Store = app.state.store_holder.get()
    return store


def _kept_answers(store: Store) -> int:
    return len(_KEPT.get(store, {}).get("lookups", {}))


def test_a_repeat_is_the_kept_answer_equal_to_one_computed_afresh(
    client: TestClient, app: FastAPI, settings: Settings
) -> None:
    first = client.get(LOOKUP, params=KAJAANI_HYTE)
    assert first.status_code == 200, first.text
    store = _serving(app)
    key = ("responsibilities", lookups.find_municipality(store, "205"), "hyte", dt.date.today())
    assert peek(store, key, room="lookups") == first.content  # kept under the IRI
    again = client.get(LOOKUP, params=KAJAANI_HYTE)
    assert again.content == first.content
    assert again.headers["etag"] == first.headers["etag"]
    # an app of its own opens its own store, with nothing kept: its answer is computed
    afresh = TestClient(create_app(settings)).get(LOOKUP, params=KAJAANI_HYTE)
    assert afresh.status_code == 200 and afresh.content == first.content


def test_every_name_of_a_municipality_shares_one_kept_answer(
    client: TestClient, app: FastAPI
) -> None:
    first = client.get(
        LOOKUP, params={"municipality": "205", "theme": "Hyvinvoinnin ja terveyden edistäminen"}
    )
    assert first.status_code == 200, first.text
    store = _serving(app)
    held = _kept_answers(store)
    for name in ("Kajana", "0205", "kajaani", "KAJAANI"):
        answer = client.get(LOOKUP, params={"municipality": name, "theme": "HYTE"})
        assert answer.content == first.content, name
    assert _kept_answers(store) == held  # no answer of its own for any name


def test_a_repeat_is_answered_with_every_thread_of_the_pool_taken(app: FastAPI) -> None:
    """A kept answer is served on the event loop: while every thread of the pool is
    taken (slow lookups, say), a repeat is still answered; an answer not yet kept waits."""

    async def main() -> None:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            first = await http.get(LOOKUP, params=KAJAANI_HYTE)
            assert first.status_code == 200
            limiter = anyio.to_thread.current_default_thread_limiter()
            takers = [object() for _ in range(int(limiter.total_tokens))]
            for taker in takers:
                await limiter.acquire_on_behalf_of(taker)
            try:
                with anyio.fail_after(5):
                    again = await http.get(LOOKUP, params=KAJAANI_HYTE)
                assert again.status_code == 200 and again.content == first.content
                with anyio.move_on_after(0.5) as waited:
                    await http.get(LOOKUP, params={"municipality": "Kajaani", "theme": "housing"})
                assert waited.cancelled_caught, "an answer not kept needs a thread"
            finally:
                for taker in takers:
                    limiter.release_on_behalf_of(taker)

    anyio.run(main)


def test_other_lookups_are_kept_by_what_they_name(client: TestClient, app: FastAPI) -> None:
    for path, same in (
        ("/api/v1/municipalities/205", "/api/v1/municipalities/Kajana"),
        ("/api/v1/counties/90", "/api/v1/counties/091"),
        ("/api/v1/municipalities?county=90", "/api/v1/municipalities?county=091"),
        ("/api/v1/counties", "/api/v1/counties"),
        ("/api/v1/themes", "/api/v1/themes"),
    ):
        first = client.get(path)
        assert first.status_code == 200, path
        held = _kept_answers(_serving(app))
        again = client.get(same)
        assert again.status_code == 200 and again.content == first.content, same
        assert _kept_answers(_serving(app)) == held, same


def test_another_day_unknown_names_and_searches_are_not_kept(
    client: TestClient, app: FastAPI
) -> None:
    store = _serving(app)
    client.get(LOOKUP, params=KAJAANI_HYTE)
    held = _kept_answers(store), len(_KEPT[store]["lookup-words"])
    past = client.get(LOOKUP, params=KAJAANI_HYTE | {"as_of": "2024-01-01"})
    assert past.status_code == 200 and past.json()["as_of"] == "2024-01-01"
    unknown = client.get(LOOKUP, params={"municipality": "Kajaanii", "theme": "hyte"})
    assert unknown.status_code == 404 and "Kajaani" in unknown.json()["detail"]["suggestions"]
    search = client.get("/api/v1/municipalities", params={"q": "kaja"})
    assert "205" in [m["code"] for m in search.json()]
    assert (_kept_answers(store), len(_KEPT[store]["lookup-words"])) == held


def test_after_a_publish_the_answer_is_the_new_graphs_under_a_new_tag(
    client: TestClient, app: FastAPI, settings: Settings
) -> None:
    before = client.get(LOOKUP, params=KAJAANI_HYTE)
    assert client.get(LOOKUP, params=KAJAANI_HYTE).content == before.content  # kept
    assert "Välimuistin testi" not in before.text
    old = _serving(app)
    service.check_upload(
        settings,
        principal("county:20"),
        parse_scope("county:20"),
        "t.xlsx",
        xlsx(responsibility_rows("20", "205", "hyte", "Välimuistin testi")),
        publish=True,
    )
    after = client.get(LOOKUP, params=KAJAANI_HYTE)
    assert after.status_code == 200
    assert "Välimuistin testi" in after.text, "the old store's kept answer was served"
    assert after.headers["etag"] != before.headers["etag"]
    new = _serving(app)
    assert new is not old
    key = ("responsibilities", lookups.find_municipality(new, "205"), "hyte", dt.date.today())
    assert peek(new, key, room="lookups") == after.content
