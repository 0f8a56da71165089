"""Statute sections and council terms (``data/legal/*.csv``) to RDF.

Statutes get their ELI work IRI (``http://data.finlex.fi/eli/sd/{year}/{number}/alkup``);
where the ELI was not seen for that very statute it is derived from Finlex's pattern and
said so. Law text is only ever what the ``quote_fi`` / ``quote_sv`` columns hold: text that
was actually read, with its source and verification status.
"""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import Literal, URIRef

from kg.errors import DataError
from kg.iris import Minter
from kg.namespaces import DCTERMS, RDF, RDFS, SKOS, TIME, XSD, YP
from kg.source_graph import SourceGraph
from kg.tables import read_table

STATUTE_COLUMNS = [
    "statute_number",
    "title_fi",
    "title_sv",
    "section",
    "section_title_fi",
    "in_force",
    "finlex_url",
    "eli",
    "quote_fi",
    "quote_sv",
    "source",
    "verified",
]
TERM_COLUMNS = ["body", "term", "start", "end", "source", "verified"]
TERM_BODIES = {
    "municipal council (kunnanvaltuusto)": (
        YP.MunicipalCouncilTerm,
        "municipal",
        "Kunnanvaltuuston toimikausi",
        "Kommunfullmäktiges mandatperiod",
        "Municipal council term",
    ),
    "county council (aluevaltuusto)": (
        YP.CountyCouncilTerm,
        "county",
        "Aluevaltuuston toimikausi",
        "Välfärdsområdesfullmäktiges mandatperiod",
        "County council term",
    ),
}


def eli_work(number: str) -> URIRef:
    """ELI work IRI of a statute cited as ``number/year`` (e.g. ``611/2021``)."""
    num, year = number.split("/")
    return URIRef(f"http://data.finlex.fi/eli/sd/{year}/{num}/alkup")


def _section_slug(section: str) -> str:
    m = re.fullmatch(r"(\d+)( luku)?", section)
    if not m:
        raise ValueError(section)
    return f"chapter-{m.group(1)}" if m.group(2) else m.group(1)


def load_statutes(data_dir: Path, mint: Minter) -> SourceGraph:
    path = data_dir / "legal" / "statutes.csv"
    g = SourceGraph("legal/statutes", [path])
    for row in read_table(path, STATUTE_COLUMNS):
        number = row["statute_number"]
        if not number:
            continue  # an act whose number was not found is documented, not modelled
        row.match("statute_number", r"\d{1,4}/\d{4}", "statute number")
        statute = eli_work(number)
        g.add(statute, RDF.type, YP.Statute)
        g.add(statute, DCTERMS.identifier, Literal(number))
        g.labels(statute, fi=row.required("title_fi"), sv=row["title_sv"])
        if row["finlex_url"]:
            g.add(statute, YP.finlexUrl, Literal(row["finlex_url"], datatype=XSD.anyURI))
        if not row["eli"] or not row["eli"].startswith(str(statute).removesuffix("/alkup")):
            g.add(
                statute,
                RDFS.comment,
                Literal(
                    "ELI work IRI derived from Finlex's pattern, not seen for this statute",
                    lang="en",
                ),
            )
        in_force = row.date("in_force", optional=True)
        if in_force:
            g.add(statute, YP.inForceFrom, Literal(in_force))
        if not row["section"]:
            continue
        try:
            slug = _section_slug(row["section"])
        except ValueError:
            raise row.error("section", f"{row['section']!r} is not '14' or '5 luku'") from None
        num, year = number.split("/")
        section = mint.statute_section(year, num, slug)
        g.add(section, RDF.type, YP.StatuteSection)
        g.add(section, DCTERMS.isPartOf, statute)
        g.add(section, YP.sectionNumber, Literal(row["section"]))
        label = f"{number} {row['section']}" + ("" if "luku" in row["section"] else " §")
        g.add(section, SKOS.prefLabel, Literal(label, lang="fi"))
        if row["section_title_fi"]:
            g.add(section, DCTERMS.title, Literal(row["section_title_fi"], lang="fi"))
        for column, lang in (("quote_fi", "fi"), ("quote_sv", "sv")):
            if row[column]:
                g.add(section, YP.quotedText, Literal(row[column], lang=lang))
        g.add(section, DCTERMS.source, Literal(row.required("source")))
        g.add(section, YP.verificationStatus, Literal(row.required("verified")))
    return g


def load_council_terms(data_dir: Path, mint: Minter) -> SourceGraph:
    path = data_dir / "legal" / "council_terms.csv"
    g = SourceGraph("legal/council-terms", [path])
    for row in read_table(path, TERM_COLUMNS):
        if row["body"] not in TERM_BODIES:
            raise row.error("body", f"unknown council {row['body']!r}")
        cls, prefix, fi, sv, en = TERM_BODIES[row["body"]]
        span = row.match("term", r"\d{4}-\d{4}", "term")
        start, end = row.date("start"), row.date("end")
        assert start is not None and end is not None
        if start >= end:
            raise DataError("term starts after it ends", path=path, line=row.line, column="end")
        key = f"{prefix}-{span}"
        term = mint.council_term(key)
        g.add(term, RDF.type, cls)
        g.add(term, DCTERMS.identifier, Literal(key))
        g.add(term, RDF.type, TIME.ProperInterval)
        g.labels(term, fi=f"{fi} {span}", sv=f"{sv} {span}", en=f"{en} {span}")
        for prop, name, day in ((TIME.hasBeginning, "start", start), (TIME.hasEnd, "end", end)):
            instant = URIRef(f"{term}/{name}")
            g.add(term, prop, instant)
            g.add(instant, RDF.type, TIME.Instant)
            g.add(instant, TIME.inXSDDate, Literal(day))
        g.add(term, DCTERMS.source, Literal(row.required("source")))
        g.add(term, YP.verificationStatus, Literal(row.required("verified")))
    return g
