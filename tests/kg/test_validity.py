"""The one validity window: bounds included, open bounds, overlap of many, ended within; and
on the real store, ``covers`` keeps exactly what SPARQL's own date comparison keeps."""

from __future__ import annotations

import datetime as dt

import pytest
from pyoxigraph import Literal, NamedNode

from kg.cooperation import read_cooperation
from kg.store import Store
from kg.validity import ALWAYS, Validity, to_day

D = dt.date


def test_covers_includes_both_bounds_and_treats_none_as_open() -> None:
    window = Validity(D(2024, 1, 1), D(2024, 12, 31))
    assert window.covers(D(2024, 1, 1)) and window.covers(D(2024, 12, 31))
    assert not window.covers(D(2023, 12, 31)) and not window.covers(D(2025, 1, 1))
    assert Validity(None, D(2024, 1, 1)).covers(D(1900, 1, 1))
    assert Validity(D(2024, 1, 1), None).covers(D(2999, 1, 1))
    assert ALWAYS.covers(D(2024, 6, 1))


def test_overlaps_needs_one_day_in_every_window() -> None:
    term = Validity(D(2023, 1, 1), D(2025, 12, 31))
    assert term.overlaps(Validity(D(2025, 12, 31), None))  # touching on the last day
    assert not term.overlaps(Validity(D(2026, 1, 1), None))
    assert term.overlaps(Validity(D(2024, 1, 1), D(2024, 6, 1)), Validity(D(2024, 6, 1), None))
    # pairwise overlapping, but no day common to all three
    assert not term.overlaps(
        Validity(D(2023, 1, 1), D(2023, 6, 1)), Validity(D(2024, 1, 1), D(2024, 2, 1))
    )
    assert ALWAYS.overlaps(ALWAYS)


def test_ended_within_includes_the_first_day_and_excludes_the_last() -> None:
    ended = Validity(D(2023, 1, 1), D(2024, 3, 1))
    assert ended.ended_within(D(2024, 3, 1), D(2024, 3, 2))
    assert not ended.ended_within(D(2024, 1, 1), D(2024, 3, 1))
    assert not Validity(D(2023, 1, 1), None).ended_within(D(2000, 1, 1), D(2999, 1, 1))


def test_an_event_holds_on_its_day_alone() -> None:
    day = Validity.day("2025-11-20")
    assert day == Validity(D(2025, 11, 20), D(2025, 11, 20))
    assert day.covers(D(2025, 11, 20)) and not day.covers(D(2025, 11, 21))


@pytest.mark.parametrize(
    ("value", "day"),
    [
        (None, None),
        ("", None),
        ("2024-02-29", D(2024, 2, 29)),
        ("2024-02-29T10:00:00Z", D(2024, 2, 29)),
        (dt.datetime(2024, 2, 29, 23, 59), D(2024, 2, 29)),
        (D(2024, 2, 29), D(2024, 2, 29)),
    ],
)
def test_to_day_reads_what_a_query_gives(value: object, day: dt.date | None) -> None:
    assert to_day(value) == day


def test_to_day_refuses_a_text_that_is_no_date() -> None:
    with pytest.raises(ValueError):
        to_day("2024-02-30")


_VALID_ON = """
SELECT ?r WHERE {
  ?r yp:interface ?i ; yp:post ?p . ?i yp:municipality ?m ; yp:organiser ?c .
  OPTIONAL { ?r yp:validFrom ?from } OPTIONAL { ?r yp:validTo ?to }
  FILTER((!BOUND(?from) || ?from <= ?day) && (!BOUND(?to) || ?to >= ?day))
}"""


@pytest.mark.parametrize("day", ["2022-12-31", "2023-01-01", "2025-06-01", "2026-12-31"])
def test_covers_agrees_with_sparql_on_the_real_records(store: Store, day: str) -> None:
    xsd_date = NamedNode("http://www.w3.org/2001/XMLSchema#date")
    by_sparql = {
        r["r"] for r in store.select(_VALID_ON, bindings={"day": Literal(day, datatype=xsd_date)})
    }
    model = read_cooperation(store)
    by_model = {r.iri for r in model.responsibilities if r.validity.covers(D.fromisoformat(day))}
    assert by_model == by_sparql
    if day >= "2023-01-01":  # the example region's owners start on 2023-01-01
        assert by_model
