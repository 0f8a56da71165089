"""The one schema: unique headers, choices that mean ontology terms."""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from kg.config import REPO_ROOT
from kg.importing.schema import TABLES, Kind, table_named


def test_schema_headers_unique_per_table_and_language() -> None:
    for table in TABLES:
        for lang in ("fi", "en"):
            headers = [c.header(lang).casefold() for c in table.columns]
            assert len(headers) == len(set(headers)), (table.key, lang)


def test_schema_choices_are_ontology_terms() -> None:
    onto = Graph().parse(REPO_ROOT / "ontology" / "yhdyspinta.ttl")
    declared = set(onto.subjects(RDF.type, OWL.Class)) | set(
        onto.subjects(RDF.type, OWL.NamedIndividual)
    )
    for table in TABLES:
        for column in table.columns:
            assert (column.kind is Kind.CHOICE) == bool(column.choices), column.key
            for choice in column.choices:
                assert URIRef(choice.iri) in declared, choice.iri


def test_table_named_accepts_fi_en_and_key() -> None:
    assert table_named("Vastuut") is TABLES[0]
    assert table_named("responsibilities") is TABLES[0]
    assert table_named("dual_roles") is table_named("Kaksoisroolit")
    assert table_named("something else") is None
