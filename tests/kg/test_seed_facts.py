"""Facts hand-written from the seed documents (``data/seeds/*.ttl``), each with its source."""

from __future__ import annotations

import re

from kg.config import Settings
from kg.store import Store

BASE = Settings().base_iri
SEED_GRAPHS = {
    f"{BASE}graph/seeds/national-theme-groups",
    f"{BASE}graph/seeds/north-savo-case",
    f"{BASE}graph/seeds/negotiation-procedures",
}
# the five seed documents listed in /work/shared/seeds/README.md
SEED_FILES = {
    "000_7f42ea1bc2612d9b.txt",
    "001_396c5b1d16094928.txt",
    "002_415527558b001d09.txt",
    "003_a18281c5a4635264.txt",
    "004_4087fdd09f4642ca.txt",
}
SOURCE = re.compile(r"^seeds/(\d{3}_[0-9a-f]{16}\.txt)$")
# seed 002, slide "Yhdyspintaprojektin teemaryhmien vastuuhenkilöt": six theme groups
THEME_GROUPS = {
    "strategic-management": (2, 1),  # (Kuntaliitto experts, Hyvil experts)
    "hyte": (1, 1),
    "education-social-health": (1, 1),
    "employment": (2, 1),
    "integration": (1, 1),
    "preparedness": (1, 2),
}
NORTH_SAVO_MUNICIPALITIES = 19


def _values(names: list[str]) -> str:
    return " ".join(f"<{name}>" for name in sorted(names))


def test_national_theme_groups_have_experts_on_both_sides(store: Store) -> None:
    rows = store.select(f"""
        SELECT ?theme ?side ?org (COUNT(DISTINCT ?r) AS ?n) WHERE {{
          GRAPH <{BASE}graph/seeds/national-theme-groups> {{
            ?i a yp:Interface ; yp:theme ?t .
            ?r a yp:Responsibility ; yp:interface ?i ; yp:side ?side ; yp:post ?p ;
               yp:personName ?name ; yp:publishPersonName true .
            ?p org:postIn ?org .
          }}
          FILTER NOT EXISTS {{ ?i yp:municipality ?m }}
          BIND(REPLACE(STR(?t), "^.*/", "") AS ?theme)
        }} GROUP BY ?theme ?side ?org""")
    found: dict[str, dict[str, int]] = {}
    for row in rows:
        side = row["side"].removeprefix("https://w3id.org/yhdyspinta/ontology#")
        org = row["org"].removeprefix(f"{BASE}organisation/")
        # Kuntaliitto acts on the municipality side, Hyvil on the county side
        assert (side, org) in {("MunicipalitySide", "kuntaliitto"), ("CountySide", "hyvil")}
        found.setdefault(row["theme"], {})[org] = row["n"]
    assert len(found) == len(THEME_GROUPS) == 6
    assert {t: (c.get("kuntaliitto", 0), c.get("hyvil", 0)) for t, c in found.items()} == (
        THEME_GROUPS
    )
    assert sum(k + h for k, h in THEME_GROUPS.values()) == 15
    groups = store.select(f"""
        SELECT ?g (COUNT(DISTINCT ?member) AS ?n) WHERE {{
          ?g a yp:WorkingGroup ; yp:aboutTheme ?t ; org:hasMember ?member .
          FILTER(STRSTARTS(STR(?g), "{BASE}forum/national-theme-group/"))
          FILTER(?member IN (<{BASE}organisation/kuntaliitto>, <{BASE}organisation/hyvil>))
        }} GROUP BY ?g""")
    assert len(groups) == 6 and all(g["n"] == 2 for g in groups)


def test_north_savo_advisory_board_and_interface_agreement(store: Store) -> None:
    board = store.select(f"""
        SELECT ?board ?chair WHERE {{
          ?board a yp:AdvisoryBoard ; org:hasMember <{BASE}county/13> ;
                 yp:aboutTheme theme:hyte ; yp:chair ?chair .
          ?chair a org:Post ; yp:heldThrough ?manager .
          ?manager org:postIn <{BASE}municipality/239> .
        }}""")
    assert len(board) == 1, "Keitele (239) municipal manager chairs the North Savo HYTE board"
    parties = store.select(f"""
        SELECT ?party ?kind WHERE {{
          ?a a yp:InterfaceAgreement ; yp:party ?party ;
             yp:party <{BASE}county/13> , <{BASE}regional-council/11> .
          OPTIONAL {{ ?party yp:county <{BASE}county/13> BIND("municipality" AS ?kind) }}
        }}""")
    names = {r["party"] for r in parties}
    assert {f"{BASE}county/13", f"{BASE}regional-council/11"} <= names
    municipalities = {r["party"] for r in parties if r["kind"] == "municipality"}
    assert len(municipalities) == NORTH_SAVO_MUNICIPALITIES
    assert len(names) == NORTH_SAVO_MUNICIPALITIES + 2
    all_in_county = store.select(f"""
        SELECT (COUNT(?m) AS ?n) WHERE {{ ?m a yp:Municipality ; yp:county <{BASE}county/13> }}""")
    assert all_in_county[0]["n"] == NORTH_SAVO_MUNICIPALITIES


def test_negotiation_procedures_describe_four_rows_and_cite_sections(store: Store) -> None:
    rows = store.select(f"""
        SELECT ?proc ?section
               (COUNT(DISTINCT ?freq) AS ?f) (COUNT(DISTINCT ?conv) AS ?c)
               (COUNT(DISTINCT ?part) AS ?p) (COUNT(DISTINCT ?aim) AS ?a) WHERE {{
          ?proc a yp:NegotiationProcedure ; yp:legalBasis ?section ;
                yp:frequencyDescription ?freq ; yp:convenerDescription ?conv ;
                yp:participantsDescription ?part ; yp:aimDescription ?aim .
          FILTER(LANG(?freq) = "fi" && LANG(?conv) = "fi" && LANG(?part) = "fi"
                 && LANG(?aim) = "fi")
          GRAPH <{BASE}graph/legal/statutes> {{ ?section a yp:StatuteSection }}
        }} GROUP BY ?proc ?section""")
    sections = {(r["proc"].removeprefix(BASE), r["section"].removeprefix(BASE)) for r in rows}
    assert sections == {
        ("procedure/611-2021-14", "statute/2021/611/14"),
        ("procedure/612-2021-6-7", "statute/2021/612/6"),
        ("procedure/612-2021-6-7", "statute/2021/612/7"),
    }
    assert all((r["f"], r["c"], r["p"], r["a"]) == (1, 1, 1, 1) for r in rows)
    frequency = {
        r["proc"].removeprefix(BASE): r["freq"]
        for r in store.select("""
            SELECT ?proc ?freq WHERE {
              ?proc yp:frequencyDescription ?freq FILTER(LANG(?freq) = "fi") }""")
    }
    assert frequency == {
        "procedure/611-2021-14": "Valtuustokausittain",
        "procedure/612-2021-6-7": "Vuosittain",
    }


def test_every_typed_seed_subject_names_a_seed_file(store: Store) -> None:
    rows = store.select(f"""
        SELECT ?g ?s (GROUP_CONCAT(?src; separator="|") AS ?sources) WHERE {{
          VALUES ?g {{ {_values(list(SEED_GRAPHS))} }}
          GRAPH ?g {{ ?s a ?type OPTIONAL {{ ?s dcterms:source ?src }} }}
          FILTER(?s != ?g)  # the graph's own provenance names its Turtle file
        }} GROUP BY ?g ?s""")
    assert {r["g"] for r in rows} == SEED_GRAPHS
    problems = []
    for row in rows:
        sources = [s for s in (row["sources"] or "").split("|") if s]
        names = [m.group(1) for s in sources if (m := SOURCE.match(s))]
        if not sources or len(names) != len(sources) or not set(names) <= SEED_FILES:
            problems.append((row["s"], sources))
    assert problems == []
