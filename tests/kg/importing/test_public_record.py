"""A public-record folder (``source.json`` kind ``public-record``): every row says where it
was read and names no person; dates to the month or year; approvals with body and §;
planned events; each row's page as a PROV derivation; kept apart from a county's own folder."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build import build
from kg.config import Settings
from kg.errors import DataErrors
from kg.importing.export import collect
from kg.importing.regional import load_file
from kg.importing.schema import AGREEMENTS, NEGOTIATIONS, Table
from kg.importing.target import Target, county_conflicts
from kg.importing.values import Context
from kg.iris import Minter
from kg.namespaces import PREFIXES, YP_IRI
from kg.store import Store

PROV, DCT = PREFIXES["prov"], PREFIXES["dcterms"]
RDF_TYPE = PREFIXES["rdf"] + "type"
PAGE = "https://example.org/poytakirja/2024-08-29"
COUNTY = "Päijät-Hämeen hyvinvointialue"
PUBLIC = {"title": "test", "kind": "public-record", "organiser": "09"}


def _event(**cells: str) -> dict[str, str]:
    row = {
        "tunniste": "jr09-hyte-2024",
        "tyyppi": "612/2021 7 § HYTE-neuvottelu",
        "päivämäärä": "2024-08-29",
        "hyvinvointialue": COUNTY,
        "koollekutsuja": COUNTY,
        "osallistujat": f"{COUNTY};Lahti",
        "teemat": "hyte",
        "tila": "pidetty",
        "lähteen osoite": PAGE,
        "lähdeviite": "HYTE-lautakunta 29.8.2024 § 5",
        "luettu": "2026-12-05",
    }
    return row | cells


def _write(folder: Path, table: Table, rows: list[dict[str, str]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    buf = io.StringIO()
    header = [c.fi for c in table.columns]
    writer = csv.DictWriter(buf, header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path = folder / f"{table.fi}.csv"
    path.write_text(buf.getvalue(), "utf-8")
    return path


def _load(path: Path, ctx: Context, about: dict[str, object] = PUBLIC) -> ox.Store:
    graph, _ = load_file(path, "regional/test/x", ctx, about=about, sidecar={})
    store = ox.Store()
    store.load(graph.ntriples(), format=ox.RdfFormat.N_TRIPLES)
    return store


def _objects(store: ox.Store, subject: str, predicate: str) -> list[str]:
    return sorted(
        q.object.value
        for q in store.quads_for_pattern(ox.NamedNode(subject), ox.NamedNode(predicate), None)
    )


def _event_iri(ctx: Context, key: str) -> str:
    return ctx.mint.base + "event/" + key


def test_a_public_record_row_carries_its_page_reference_and_read_date(
    fresh: Context, tmp_path: Path
) -> None:
    store = _load(_write(tmp_path / "f", NEGOTIATIONS, [_event()]), fresh)
    event = _event_iri(fresh, "jr09-hyte-2024")
    assert _objects(store, event, PROV + "wasDerivedFrom") == [PAGE]
    (derivation,) = _objects(store, event, PROV + "qualifiedDerivation")
    assert _objects(store, derivation, PROV + "entity") == [PAGE]
    assert _objects(store, derivation, DCT + "bibliographicCitation") == [
        "HYTE-lautakunta 29.8.2024 § 5"
    ]
    assert _objects(store, derivation, YP_IRI + "readOn") == ["2026-12-05"]


@pytest.mark.parametrize("column", ["lähteen osoite", "lähdeviite", "luettu"])
def test_a_public_record_row_without_its_source_is_refused(
    fresh: Context, tmp_path: Path, column: str
) -> None:
    path = _write(tmp_path / "f", NEGOTIATIONS, [_event(), _event(tunniste="b", **{column: ""})])
    with pytest.raises(DataErrors) as info:
        _load(path, fresh)
    (err,) = info.value.errors
    assert (err.line, err.column) == (3, column)
    # the same rows in a county's own folder need no source
    assert len(_load(path, fresh, {"title": "own"})) > 0


def test_a_public_record_row_naming_a_person_is_refused(fresh: Context, tmp_path: Path) -> None:
    row = _event(lähdeviite="Muistio, laatinut Matti Virtanen")
    with pytest.raises(DataErrors) as info:
        _load(_write(tmp_path / "f", NEGOTIATIONS, [row]), fresh)
    (err,) = info.value.errors
    assert err.column == "lähdeviite" and "Matti Virtanen" in err.message


@pytest.mark.parametrize(
    ("written", "first", "precision"),
    [("2024-08", "2024-08-01", "MonthPrecision"), ("2024", "2024-01-01", "YearPrecision")],
)
def test_a_date_known_to_the_month_or_year_is_not_made_a_day(
    fresh: Context, tmp_path: Path, written: str, first: str, precision: str
) -> None:
    store = _load(_write(tmp_path / "f", NEGOTIATIONS, [_event(päivämäärä=written)]), fresh)
    event = _event_iri(fresh, "jr09-hyte-2024")
    assert _objects(store, event, DCT + "date") == [first]
    assert _objects(store, event, YP_IRI + "datePrecision") == [YP_IRI + precision]


def test_a_month_that_is_no_month_is_refused(fresh: Context, tmp_path: Path) -> None:
    with pytest.raises(DataErrors) as info:
        _load(_write(tmp_path / "f", NEGOTIATIONS, [_event(päivämäärä="2024-13")]), fresh)
    (err,) = info.value.errors
    assert err.column == "päivämäärä" and "not a month" in err.message


def test_an_announced_event_is_recorded_as_planned(fresh: Context, tmp_path: Path) -> None:
    store = _load(_write(tmp_path / "f", NEGOTIATIONS, [_event(tila="suunniteltu")]), fresh)
    event = _event_iri(fresh, "jr09-hyte-2024")
    assert _objects(store, event, YP_IRI + "eventStatus") == [YP_IRI + "EventPlanned"]


def _agreement(**cells: str) -> dict[str, str]:
    row = {
        "sopimuksen tunniste": "jr09-sopimus",
        "sopimustyyppi": "yhdyspintasuunnitelma",
        "nimi": "Yhdyspintasuunnitelma",
        "hyvinvointialue": COUNTY,
        "osapuoli": "Orimattila",
        "hyväksytty": "2025-10-06",
        "hyväksyjä": "kaupunginhallitus",
        "pykälä": "§ 357",
        "lähteen osoite": PAGE,
        "lähdeviite": "Kaupunginhallitus 6.10.2025 § 357",
        "luettu": "2026-12-05",
    }
    return row | cells


def test_an_approval_keeps_its_body_section_and_page(fresh: Context, tmp_path: Path) -> None:
    store = _load(_write(tmp_path / "f", AGREEMENTS, [_agreement()]), fresh)
    agreement = fresh.mint.base + "agreement/jr09-sopimus"
    assert YP_IRI + "InterfacePlan" in _objects(store, agreement, RDF_TYPE)
    (approval,) = _objects(store, agreement, YP_IRI + "approval")
    assert _objects(store, approval, YP_IRI + "approvingBody") == ["kaupunginhallitus"]
    assert _objects(store, approval, YP_IRI + "approvalReference") == ["§ 357"]
    assert _objects(store, approval, PROV + "wasDerivedFrom") == [PAGE]


def test_a_body_without_an_approval_date_is_refused(fresh: Context, tmp_path: Path) -> None:
    with pytest.raises(DataErrors) as info:
        _load(_write(tmp_path / "f", AGREEMENTS, [_agreement(hyväksytty="")]), fresh)
    (err,) = info.value.errors
    assert err.column == "hyväksyjä"


def test_a_county_public_record_stands_beside_its_own_data(fresh: Context, tmp_path: Path) -> None:
    """One folder per county and kind: a public record beside the county's own folder is
    fine, a second public record of the same county is refused."""
    root = tmp_path / "regional"
    own = {"title": "own"}
    for name, about in (("pohjois-savo", own), ("julkinen-13-pohjois-savo", PUBLIC)):
        folder = root / name
        _write(folder, NEGOTIATIONS, [_event(hyvinvointialue="Pohjois-Savon hyvinvointialue")])
        (folder / "source.json").write_text(json.dumps(about), "utf-8")
    incoming = tmp_path / "incoming" / "julkinen-13-toinen"
    path = _write(incoming, NEGOTIATIONS, [_event(hyvinvointialue="Pohjois-Savon hyvinvointialue")])
    (incoming / "source.json").write_text(json.dumps(PUBLIC), "utf-8")
    fresh.reset()
    _load(path, fresh)  # notes the county the rows name, as the import does
    dest = root / "julkinen-13-toinen"
    target = Target(root, dest, [(path, dest / path.name)], incoming)
    conflicts = county_conflicts(target, fresh)
    assert [c.message.split(" already has data in ")[1].split(";")[0] for c in conflicts] == [
        "data/regional/julkinen-13-pohjois-savo/"
    ]
    fresh.public_record = False  # the same rows as the county's own data
    conflicts = county_conflicts(target, fresh)
    assert len(conflicts) == 1 and "data/regional/pohjois-savo/" in conflicts[0].message


def test_export_of_the_public_record_gives_back_its_rows(data_copy: Settings) -> None:
    """Built into the store, a county's public record exports as the rows it was written
    with (partial dates as written, the source columns filled), apart from its own data."""
    folder = data_copy.data_dir / "regional" / "julkinen-09-paijat-hame"
    rows = [_event(), _event(tunniste="jr09-hyte-2025", päivämäärä="2025-03", tila="suunniteltu")]
    _write(folder, NEGOTIATIONS, rows)
    (folder / "source.json").write_text(json.dumps(PUBLIC), "utf-8")
    build(data_copy)
    store = Store.open(data_copy.store_path)
    mint = Minter(data_copy.base_iri)
    public = collect(store, mint, "09", public_record=True)
    header = [c.fi for c in NEGOTIATIONS.columns]
    got = [dict(zip(header, r, strict=True)) for r in public.rows[NEGOTIATIONS.key]]
    want = [{h: row.get(h, "") for h in header} for row in rows]
    for g in got:  # participants come back sorted
        g["osallistujat"] = ";".join(sorted(g["osallistujat"].split(";")))
    for w in want:
        w["osallistujat"] = ";".join(sorted(w["osallistujat"].split(";")))
    assert sorted(got, key=lambda r: r["tunniste"]) == sorted(want, key=lambda r: r["tunniste"])
    assert public.public_record
    own = collect(store, mint, "09")
    assert own.rows[NEGOTIATIONS.key] == []
