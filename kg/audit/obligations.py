"""The duties of cooperation as data: ``data/obligations/obligations.csv``, checked row by row.

Each duty is stated in short in Finnish, Swedish and English: the Finnish wording follows
the source its ``statement_source`` names; the Swedish and English are this project's own
translations of it (not law text, and not an official translation).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Literal, URIRef

from kg.iris import Minter
from kg.namespaces import DCTERMS, RDF, SKOS, THEME, YP, YP_IRI
from kg.source_graph import SourceGraph
from kg.store import Store
from kg.tables import read_table

COLUMNS = [
    "id",
    "statute",
    "section",
    "statement_fi",
    "statement_en",
    "statement_sv",
    "statement_source",
    "bearer",
    "role",
    "counterparty",
    "period",
    "evidence",
    "evidence_parties",
    "helsinki",
    "in_force",
    "in_force_source",
]
STATEMENT_LANGS = ("fi", "sv", "en")  # fi follows statement_source; sv and en are ours
BEARERS = {"county", "municipality", "employment-area"}
ROLES = {"convener", "participant", "designator", "party"}
COUNTERPARTIES = {"", "municipality", "county"}
PERIODS = {"county-council-term", "municipal-council-term", "calendar-year", "continuous"}
PARTY_ROLES = {"authority", "counties", "kela"}
_EVIDENCE = re.compile(r"^(event|agreement):[A-Za-z]+$|^post:[a-z-]+:(municipality|county)$")


@dataclass(frozen=True)
class Obligation:
    id: str
    statute: str
    section: str
    statement: dict[str, str]
    statement_source: str
    bearer: str
    role: str
    counterparty: str
    period: str
    evidence: str
    evidence_parties: tuple[str, ...]
    helsinki_applies: bool
    in_force: dt.date
    in_force_source: str

    @property
    def citation(self) -> str:
        """Finnish citation form, e.g. ``611/2021 14 §`` or ``681/2023 5 luku``."""
        if not self.section:
            return self.statute
        return f"{self.statute} {self.section}" + ("" if "luku" in self.section else " §")

    @property
    def eli(self) -> str:
        number, year = self.statute.split("/")
        return f"http://data.finlex.fi/eli/sd/{year}/{number}/alkup"

    @property
    def finlex_url(self) -> str:
        number, year = self.statute.split("/")
        return f"https://finlex.fi/fi/lainsaadanto/{year}/{number}"


def load_obligations(data_dir: Path) -> list[Obligation]:
    path = data_dir / "obligations" / "obligations.csv"
    out: list[Obligation] = []
    seen: dict[str, int] = {}
    for row in read_table(path, COLUMNS):
        key = row.match("id", r"[a-z0-9]+(-[a-z0-9]+)*", "obligation id")
        if key in seen:
            raise row.error("id", f"duplicate id {key!r} (first on line {seen[key]})")
        seen[key] = row.line
        for column, allowed in (
            ("bearer", BEARERS),
            ("role", ROLES),
            ("counterparty", COUNTERPARTIES),
            ("period", PERIODS),
            ("helsinki", {"applies", "not-applicable"}),
        ):
            if row[column] not in allowed:
                raise row.error(column, f"{row[column]!r} is not one of {sorted(allowed)}")
        evidence = row.required("evidence")
        if not _EVIDENCE.match(evidence):
            raise row.error(
                "evidence",
                f"{evidence!r} is not event:<Class>, agreement:<Class> or post:<theme>:<side>",
            )
        parties = tuple(sorted(p for p in row["evidence_parties"].split(";") if p))
        if set(parties) - PARTY_ROLES:
            raise row.error(
                "evidence_parties", f"unknown party roles {sorted(set(parties) - PARTY_ROLES)}"
            )
        in_force = row.date("in_force")
        assert in_force is not None
        out.append(
            Obligation(
                id=key,
                statute=row.match("statute", r"\d{1,4}/\d{4}", "statute number"),
                section=row.match("section", r"\d+|\d+ luku", "section", optional=True),
                statement={lang: row.required(f"statement_{lang}") for lang in STATEMENT_LANGS},
                statement_source=row.required("statement_source"),
                bearer=row["bearer"],
                role=row["role"],
                counterparty=row["counterparty"],
                period=row["period"],
                evidence=evidence,
                evidence_parties=parties,
                helsinki_applies=row["helsinki"] == "applies",
                in_force=in_force,
                in_force_source=row.required("in_force_source"),
            )
        )
    return out


_PERIOD_CONCEPT = {
    "county-council-term": "CountyCouncilTermPeriod",
    "municipal-council-term": "MunicipalCouncilTermPeriod",
    "calendar-year": "CalendarYearPeriod",
    "continuous": "ContinuousPeriod",
}
_SIDE_CONCEPT = {"municipality": "MunicipalitySide", "county": "CountySide"}
_BEARER_CLASS = {
    "county": "WellbeingServicesCounty",
    "municipality": "Municipality",
    "employment-area": "EmploymentArea",
}


def obligations_graph(data_dir: Path, mint: Minter) -> SourceGraph:
    """The duties as ``yp:LegalObligation`` individuals, citing their statute sections."""
    path = data_dir / "obligations" / "obligations.csv"
    graph = SourceGraph("obligations", [path])
    for duty in load_obligations(data_dir):
        node = URIRef(f"{mint.base}obligation/{duty.id}")
        graph.add(node, RDF.type, YP.LegalObligation)
        graph.add(node, DCTERMS.identifier, Literal(duty.id))
        graph.add(node, SKOS.prefLabel, Literal(duty.citation, lang="fi"))
        for lang, text in duty.statement.items():
            graph.add(node, DCTERMS.description, Literal(text, lang=lang))
        graph.add(node, DCTERMS.source, Literal(duty.statement_source))
        graph.add(node, DCTERMS.relation, URIRef(duty.eli))
        if duty.section:
            number, year = duty.statute.split("/")
            slug = duty.section.replace(" luku", "")
            slug = f"chapter-{slug}" if "luku" in duty.section else slug
            graph.add(node, YP.legalBasis, mint.statute_section(year, number, slug))
        graph.add(node, YP.bearer, YP[_BEARER_CLASS[duty.bearer]])
        if duty.counterparty:
            graph.add(
                node,
                YP.counterparty,
                YP["WellbeingServicesCounty" if duty.counterparty == "county" else "Municipality"],
            )
        graph.add(node, YP.periodKind, YP[_PERIOD_CONCEPT[duty.period]])
        kind, _, what = duty.evidence.partition(":")
        graph.add(node, YP.obligationRole, Literal(duty.role))
        if kind == "post":
            theme, side = what.split(":")
            graph.add(node, YP.evidenceType, YP.ResponsiblePost)
            graph.add(node, YP.evidenceTheme, THEME[theme])
            graph.add(node, YP.evidenceSide, YP[_SIDE_CONCEPT[side]])
        else:
            graph.add(node, YP.evidenceType, YP[what])
        for party in duty.evidence_parties:
            graph.add(node, YP.evidenceParty, Literal(party))
        graph.add(node, YP.appliesToCityOfHelsinki, Literal(duty.helsinki_applies))
        graph.add(node, YP.inForceFrom, Literal(duty.in_force))
        graph.add(node, YP.inForceSource, Literal(duty.in_force_source))
    return graph


# Every field of every duty, as obligations_graph stored it: one row per duty and
# statement language, and one per evidence party. The statute and its section are read
# from the legal graph the duty cites (dcterms:relation, yp:legalBasis).
_OBLIGATIONS = """
SELECT ?id ?statute ?section ?statement ?lang ?source ?bearer ?role ?counterparty ?period
       ?evidenceKind ?evidenceType ?theme ?side ?party ?helsinki ?inForce ?inForceSource
WHERE {
  ?o a yp:LegalObligation ; dcterms:identifier ?id ; dcterms:relation ?eli ;
     dcterms:source ?source ; yp:bearer ?bearer ; yp:obligationRole ?role ;
     yp:periodKind/skos:notation ?period ; yp:evidenceType ?evidenceType ;
     yp:appliesToCityOfHelsinki ?helsinki ; yp:inForceFrom ?inForce ;
     yp:inForceSource ?inForceSource .
  ?eli dcterms:identifier ?statute .
  OPTIONAL { ?o yp:legalBasis/yp:sectionNumber ?section }
  OPTIONAL { ?o yp:counterparty ?counterparty }
  OPTIONAL { ?o yp:evidenceTheme/skos:notation ?theme ; yp:evidenceSide/skos:notation ?side }
  BIND(IF(?evidenceType = yp:ResponsiblePost, "post",
          IF(EXISTS { ?evidenceType rdfs:subClassOf* yp:CooperationEvent }, "event",
             "agreement")) AS ?evidenceKind)
  { ?o dcterms:description ?statement . BIND(LANG(?statement) AS ?lang) }
  UNION { ?o yp:evidenceParty ?party }
}"""


def read_obligations(store: Store) -> list[Obligation]:
    """The duties as the store being served holds them (``obligations_graph`` put them
    there at build time), in id order: what the audit judges."""
    bearers = {YP_IRI + cls: key for key, cls in _BEARER_CLASS.items()}
    rows = store.select(_OBLIGATIONS)
    statements: dict[str, dict[str, str]] = {}
    parties: dict[str, list[str]] = {}
    first: dict[str, dict[str, Any]] = {}
    for r in rows:
        first.setdefault(r["id"], r)
        if r["party"]:
            parties.setdefault(r["id"], []).append(r["party"])
        elif r["lang"] in STATEMENT_LANGS:
            statements.setdefault(r["id"], {})[r["lang"]] = r["statement"]
    out = []
    for key, r in sorted(first.items()):
        kind, what = r["evidenceKind"], r["evidenceType"].removeprefix(YP_IRI)
        out.append(
            Obligation(
                id=key,
                statute=r["statute"],
                section=r["section"] or "",
                statement={lang: statements[key][lang] for lang in STATEMENT_LANGS},
                statement_source=r["source"],
                bearer=bearers[r["bearer"]],
                role=r["role"],
                counterparty=bearers.get(r["counterparty"] or "", ""),
                period=r["period"],
                evidence=f"post:{r['theme']}:{r['side']}" if kind == "post" else f"{kind}:{what}",
                evidence_parties=tuple(sorted(parties.get(key, []))),
                helsinki_applies=r["helsinki"] is True,
                in_force=dt.date.fromisoformat(r["inForce"]),
                in_force_source=r["inForceSource"],
            )
        )
    return out
