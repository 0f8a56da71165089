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

from rdflib import Literal, URIRef

from kg.iris import Minter
from kg.namespaces import DCTERMS, RDF, SKOS, YP
from kg.source_graph import SourceGraph
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
        parties = tuple(p for p in row["evidence_parties"].split(";") if p)
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
        graph.add(node, YP.evidenceType, YP[what if kind != "post" else "ResponsiblePost"])
        graph.add(node, YP.inForceFrom, Literal(duty.in_force))
    return graph
