"""The validation report: located, grouped, counted and rendered in five formats."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections import Counter

import pytest
from pyoxigraph import Literal as OxLiteral
from pyoxigraph import NamedNode
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from kg.store import Store
from kg.validation.engine import Result, keys, validate
from kg.validation.locate import Location, find_county, locate
from kg.validation.render import (
    parse_path,
    render_csv,
    render_html,
    render_json,
    render_text,
    render_ttl,
)
from kg.validation.report import Entry, Report, ShapeTexts, build_report
from kg.validation.shapes import load_shapes_graph, path_text

pytestmark = pytest.mark.both_stores  # embedded and remote (tests/conftest.py)

AS_OF = dt.date(2026, 11, 23)
YSH = "https://w3id.org/yhdyspinta/shapes#"
OWNER_SHAPE = URIRef(YSH + "MunicipalitySideOwnerCountShape")


@pytest.fixture(scope="module")
def results(store: Store) -> list[Result]:
    return validate(store, as_of=AS_OF)


@pytest.fixture(scope="module")
def report_fi(results: list[Result], store: Store) -> Report:
    return build_report(results, store, lang="fi", county="20", as_of=AS_OF)


@pytest.fixture(scope="module")
def report_en(results: list[Result], store: Store) -> Report:
    return build_report(results, store, lang="en", county="20", as_of=AS_OF)


def _name(shape: URIRef, lang: str) -> str:
    graph = load_shapes_graph()
    names = [n for n in graph.objects(shape, SH.name) if isinstance(n, Literal)]
    return next(str(n) for n in names if n.language == lang)


def _owner_entry(report: Report) -> Entry:
    found = [
        e
        for e in report.entries
        if e.result.shape == str(OWNER_SHAPE)
        and e.location.municipality is not None
        and e.location.municipality.code == "105"
        and e.location.theme is not None
        and e.location.theme.code == "housing"
    ]
    assert len(found) == 1, found
    return found[0]


# -- building ----------------------------------------------------------------------------


def test_report_county_keeps_only_that_county(report_fi: Report) -> None:
    assert report_fi.county is not None and report_fi.county.code == "20"
    assert report_fi.entries
    assert {e.location.county.code for e in report_fi.entries if e.location.county} == {"20"}
    assert all(e.location.county is not None for e in report_fi.entries)


def test_report_groups_sorted_county_municipality_theme(
    results: list[Result], store: Store
) -> None:
    report = build_report(results, store, lang="fi", as_of=AS_OF)
    groups = report.groups
    order = [Location(g.county, g.municipality, g.theme).sort_key() for g in groups]
    assert order == sorted(order)
    assert len(set(order)) == len(order)  # each (county, municipality, theme) is one group
    codes = [g.county.code for g in groups if g.county is not None]
    assert codes == sorted(codes) and codes[0] == "01"
    assert groups[-1].county is None  # national / no county comes last
    # within a county the county-wide results come before the municipalities
    kainuu = [g for g in groups if g.county is not None and g.county.code == "20"]
    assert kainuu[0].municipality is None
    assert [g.municipality.code for g in kainuu[1:] if g.municipality] == sorted(
        g.municipality.code for g in kainuu[1:] if g.municipality
    )


def test_report_counts_equal_results_per_severity(report_fi: Report) -> None:
    severities = Counter(r.severity.rsplit("#", 1)[1] for r in report_fi.results)
    assert report_fi.counts == {s: severities.get(s, 0) for s in ("Violation", "Warning", "Info")}
    assert sum(report_fi.counts.values()) == len(report_fi.results) == len(report_fi.entries)
    assert report_fi.counts["Violation"] > 0 and report_fi.has_violations
    assert not report_fi.conforms


def test_report_counts_area_in_two_counties_once(results: list[Result], store: Store) -> None:
    report = build_report(results, store, lang="fi", as_of=AS_OF)
    assert sum(report.counts.values()) == len(results) == len(report.results)
    assert len(report.entries) >= len(results)
    per_result = Counter(e.result for e in report.entries)
    for result, n in per_result.items():
        if n > 1:  # listed under each county it belongs to, never twice in one county
            counties = [e.location.county for e in report.entries if e.result == result]
            assert len(set(counties)) == n


def test_report_hyrynsalmi_housing_owner_under_county_municipality_theme(
    report_fi: Report,
) -> None:
    entry = _owner_entry(report_fi)
    assert entry.location.county == report_fi.county
    assert entry.location.municipality is not None
    assert entry.location.municipality.name == "Hyrynsalmi"
    assert entry.label == "Hyrynsalmi"
    assert entry.severity == "Violation"
    assert entry.rule == _name(OWNER_SHAPE, "fi") == "Voimassa oleva kunnan puolen vastuu"
    assert entry.message.startswith("Kunnan puolen vastuutaho puuttuu")
    group = next(g for g in report_fi.groups if entry in g.entries)
    assert group.county is not None and group.county.code == "20"
    assert group.municipality is not None and group.municipality.code == "105"
    assert group.theme is not None and group.theme.code == "housing"
    assert group.theme.name == "Asuminen"


def test_report_lang_en_uses_english_names(report_en: Report) -> None:
    entry = _owner_entry(report_en)
    assert entry.rule == _name(OWNER_SHAPE, "en") == "Current municipality-side responsibility"
    assert entry.message.startswith("No owner on the municipality side")
    assert entry.location.theme is not None and entry.location.theme.name == "Housing"
    assert report_en.county is not None
    assert report_en.county.name == "Kainuu wellbeing services county"
    text = render_text(report_en)
    assert "Violations: " in text and "Virheet" not in text
    assert "Whole county" in text


def test_report_lang_sv_uses_swedish_names_and_words(results: list[Result], store: Store) -> None:
    report_sv = build_report(results, store, lang="sv", county="20", as_of=AS_OF)
    entry = _owner_entry(report_sv)
    graph = load_shapes_graph()
    assert entry.rule == _name(OWNER_SHAPE, "sv")
    [message] = [
        m for m in graph.objects(OWNER_SHAPE, SH.message) if getattr(m, "language", "") == "sv"
    ]
    assert entry.message == str(message)
    theme = entry.location.theme
    assert theme is not None and theme.name == _label(store, theme.iri, "sv")
    assert report_sv.county is not None
    assert report_sv.county.name == _label(store, report_sv.county.iri, "sv")
    text = render_text(report_sv)
    assert "Fel: " in text and "Virheet" not in text and "Violations" not in text
    assert text.startswith("Valideringsrapport: ")
    # a SPARQL constraint's message names the employment area by its Swedish name (North
    # Savo's areas have no TYM agreement recorded)
    north_savo = build_report(results, store, lang="sv", county="13", as_of=AS_OF)
    tym = [e for e in north_savo.entries if e.result.shape == YSH + "TYMAgreementShape"]
    assert tym
    for e in tym:
        name = _label(store, e.result.focus, "sv") or _label(store, e.result.focus, "fi")
        assert e.message.startswith(f"Sysselsättningsområdet {name} saknar")


def _label(store: Store, iri: str, lang: str) -> str:
    rows = store.select(
        "SELECT ?l WHERE { ?s skos:prefLabel ?l . FILTER(LANG(?l) = ?lang) }",
        bindings={"s": NamedNode(iri), "lang": OxLiteral(lang)},
    )
    return str(rows[0]["l"]) if rows else ""


def test_report_same_results_in_every_language(
    results: list[Result], report_fi: Report, report_en: Report, store: Store
) -> None:
    report_sv = build_report(results, store, lang="sv", county="20", as_of=AS_OF)
    assert keys(report_fi.results) == keys(report_en.results) == keys(report_sv.results)
    assert report_fi.counts == report_en.counts == report_sv.counts


def test_build_report_unknown_county_raises(results: list[Result], store: Store) -> None:
    with pytest.raises(LookupError, match="99"):
        build_report(results, store, lang="fi", county="99")


def test_build_report_bad_lang_raises(results: list[Result], store: Store) -> None:
    with pytest.raises(ValueError, match="'de'"):
        build_report(results, store, lang="de")


def test_build_report_no_results_conforms(store: Store) -> None:
    report = build_report([], store, lang="en", county="20")
    assert report.conforms and not report.has_violations
    assert report.counts == {"Violation": 0, "Warning": 0, "Info": 0}
    assert "The data meets every rule." in render_text(report)


# -- locating ----------------------------------------------------------------------------


def test_locate_helsinki_is_county_90(store: Store) -> None:
    base = "https://w3id.org/yhdyspinta/id/"
    found = locate(store, [base + "municipality/091", base + "interface/091/housing"], lang="fi")
    for iri in (base + "municipality/091", base + "interface/091/housing"):
        (location,) = found[iri].locations
        assert location.county is not None and location.county.code == "90"
        assert location.municipality is not None and location.municipality.code == "091"
    assert find_county(store, "90") == find_county(store, "091")
    assert find_county(store, "90").iri == base + "municipality/091"
    assert find_county(store, "5") == find_county(store, "05")
    assert find_county(store, "05").code == "05"
    for bad in ("99", "x1", "91", "140"):
        with pytest.raises(LookupError):
            find_county(store, bad)


def test_locate_employment_area_in_each_of_its_counties(store: Store) -> None:
    area = "https://w3id.org/yhdyspinta/id/employment-area/kainuu-koillismaa"
    located = locate(store, [area], lang="fi")[area]
    codes = [loc.county.code for loc in located.locations if loc.county]
    assert "20" in codes and len(codes) == 2 and codes == sorted(codes)
    assert located.label == "Kainuu-Koillismaa"


def test_locate_unknown_node_is_national(store: Store) -> None:
    located = locate(store, ["https://example.org/thing/x-1"], lang="en")
    assert located["https://example.org/thing/x-1"].locations == (Location(),)
    assert located["https://example.org/thing/x-1"].label == "x-1"


# -- shape texts -------------------------------------------------------------------------


def test_shape_texts_blank_property_shape_fast_and_pyshacl() -> None:
    texts = ShapeTexts()
    path = "<http://purl.org/dc/terms/identifier>"
    fast = Result("x", path, "c", str(SH.Violation), f"{YSH}AreaCodeShape {path}")
    assert texts.find(fast).name["fi"] == "Aluekoodin muoto"
    # pySHACL names the shape by a blank node of its own graph: found by path and message
    reference = Result(
        "x",
        path,
        "c",
        str(SH.Violation),
        "n0f3a",
        messages={
            "en": "The municipality code is not of the form NNN: fix it (keep the leading zeros)."
        },
    )
    assert texts.find(reference).name["en"] == "Form of the municipality code"


# -- rendering ---------------------------------------------------------------------------


def test_render_text_counts_at_the_top_then_groups(report_fi: Report) -> None:
    lines = render_text(report_fi).splitlines()
    assert lines[0].startswith("Tarkistusraportti: Kainuun hyvinvointialue (20)")
    assert f"Virheet: {report_fi.counts['Violation']}" in lines[1]
    assert f"Varoitukset: {report_fi.counts['Warning']}" in lines[1]
    text = "\n".join(lines)
    assert text.index("== 20 Kainuun hyvinvointialue ==") < text.index("-- 105 Hyrynsalmi --")
    assert text.index("-- 105 Hyrynsalmi --") < text.index("Asuminen (housing)")


def test_render_ttl_is_a_shacl_validation_report(report_fi: Report) -> None:
    graph = Graph().parse(data=render_ttl(report_fi), format="turtle")
    (root,) = graph.subjects(RDF.type, SH.ValidationReport)
    assert graph.value(root, SH.conforms) == Literal(False)
    nodes = list(graph.subjects(RDF.type, SH.ValidationResult))
    assert len(nodes) == len(report_fi.results)
    assert set(graph.objects(root, SH.result)) == set(nodes)
    found = set()
    for node in nodes:
        for predicate in (SH.focusNode, SH.sourceConstraintComponent, SH.resultSeverity):
            assert isinstance(graph.value(node, predicate), URIRef), (node, predicate)
        assert graph.value(node, SH.sourceShape) is not None
        message = graph.value(node, SH.resultMessage)
        assert isinstance(message, Literal) and message.language == "fi"
        path = graph.value(node, SH.resultPath)
        found.add(
            (
                str(graph.value(node, SH.focusNode)),
                None if path is None else path_text(graph, path, node),
                str(graph.value(node, SH.sourceConstraintComponent)),
                str(graph.value(node, SH.resultSeverity)),
            )
        )
    assert found == keys(report_fi.results)  # the inverse path reads back as ^<…>


def test_render_ttl_conforms_only_without_results(store: Store) -> None:
    graph = Graph().parse(data=render_ttl(build_report([], store, lang="en")), format="turtle")
    (root,) = graph.subjects(RDF.type, SH.ValidationReport)
    assert graph.value(root, SH.conforms) == Literal(True)
    assert not list(graph.subjects(RDF.type, SH.ValidationResult))


def test_render_ttl_sequence_path_and_blank_shape(store: Store) -> None:
    path = "<https://w3id.org/yhdyspinta/ontology#approval>/^<https://w3id.org/yhdyspinta/ontology#party>"
    result = Result(
        "https://example.org/a",
        path,
        str(SH.SPARQLConstraintComponent),
        str(SH.Info),
        f"{YSH}SomeShape {path}",
        value="2026-01-01",
        messages={"en": "Check it."},
    )
    report = build_report([result], store, lang="en")
    graph = Graph().parse(data=render_ttl(report), format="turtle")
    (node,) = graph.subjects(RDF.type, SH.ValidationResult)
    assert path_text(graph, graph.value(node, SH.resultPath), node) == path
    shape = graph.value(node, SH.sourceShape)
    assert isinstance(shape, BNode)
    assert path_text(graph, graph.value(shape, SH.path), shape) == path
    assert graph.value(node, SH.value) == Literal("2026-01-01")
    (root,) = graph.subjects(RDF.type, SH.ValidationReport)
    assert graph.value(root, SH.conforms) == Literal(False)  # an Info is still a result


@pytest.mark.parametrize(
    ("text", "steps"),
    [
        ("<http://x/a>", [(False, "http://x/a")]),
        ("^<http://x/a>", [(True, "http://x/a")]),
        ("<http://x/a>/^<http://x/b>", [(False, "http://x/a"), (True, "http://x/b")]),
        ("<http://x/a>/", None),
        ("<http://x/a><http://x/b>", None),
        ("http://x/a", None),
        ("", None),
    ],
)
def test_parse_path_cases(text: str, steps: list[tuple[bool, str]] | None) -> None:
    assert parse_path(text) == steps


def test_render_csv_header_and_one_row_per_result(report_fi: Report) -> None:
    rows = list(csv.DictReader(io.StringIO(render_csv(report_fi))))
    assert len(rows) == len(report_fi.results)
    assert rows and set(rows[0]) >= {"severity", "county_code", "municipality", "theme", "rule"}
    assert Counter(r["severity"] for r in rows) == +Counter(report_fi.counts)
    owner = [r for r in rows if r["municipality_code"] == "105" and r["theme_code"] == "housing"]
    assert [r["label"] for r in owner] == ["Hyrynsalmi"]
    assert owner[0]["county_code"] == "20"


def test_render_json_counts_and_groups(report_fi: Report) -> None:
    data = json.loads(render_json(report_fi))
    assert data["counts"] == report_fi.counts
    assert data["total"] == len(report_fi.results)
    assert data["conforms"] is False and data["as_of"] == "2026-11-23"
    assert data["county"]["code"] == "20"
    listed = [r for g in data["groups"] for r in g["results"]]
    assert Counter(r["severity"] for r in listed) == +Counter(report_fi.counts)
    for group in data["groups"]:
        severities = Counter(r["severity"] for r in group["results"])
        assert group["counts"] == {s: severities[s] for s in ("Violation", "Warning", "Info")}
    owner = next(
        g
        for g in data["groups"]
        if g["municipality"] and g["municipality"]["code"] == "105" and g["theme"]
    )
    assert owner["county"]["code"] == "20" and owner["theme"]["code"] == "housing"


def test_render_html_self_contained(report_en: Report) -> None:
    page = render_html(report_en)
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="en">' in page
    for external in ("<script", "<link", "@import", "url(", "<img", "<iframe"):
        assert external not in page
    # the only web addresses are the entity links
    assert "http" not in re.sub(r'<a href="[^"]*">', "", page)
    assert page.index("Violations: ") < page.index("<h2>")


def test_render_html_escapes_labels(store: Store) -> None:
    result = Result(
        "https://example.org/x",
        None,
        str(SH.MinCountConstraintComponent),
        str(SH.Warning),
        f"{YSH}StaleContactShape",
        messages={"fi": 'Lisää "tieto" <nyt> & heti.'},
    )
    entry = Entry(result, Location(), "<b>Kunta & co</b>", "Sääntö", "", "Lisää <nyt>.")
    report = Report("fi", None, None, (result,), (entry,))
    page = render_html(report)
    assert "&lt;b&gt;Kunta &amp; co&lt;/b&gt;" in page
    assert "<b>Kunta" not in page and "<nyt>" not in page
