"""RDF namespaces used across the project (ontology, themes and reused W3C vocabularies)."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

YP_IRI = "https://w3id.org/yhdyspinta/ontology#"
ONTOLOGY_IRI = "https://w3id.org/yhdyspinta/ontology"
THEME_SCHEME_IRI = "https://w3id.org/yhdyspinta/theme"

YP = Namespace(YP_IRI)
THEME = Namespace(THEME_SCHEME_IRI + "/")
ORG = Namespace("http://www.w3.org/ns/org#")
QB = Namespace("http://purl.org/linked-data/cube#")
SDMX_DIMENSION = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_MEASURE = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
CODELIST = Namespace("http://uri.suomi.fi/codelist/jhs/")

PREFIXES: dict[str, str] = {
    "yp": YP_IRI,
    "theme": str(THEME),
    "org": str(ORG),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "time": str(TIME),
    "qb": str(QB),
    "foaf": str(FOAF),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "sdmx-dimension": str(SDMX_DIMENSION),
    "sdmx-measure": str(SDMX_MEASURE),
}

__all__ = [
    "CODELIST",
    "DCTERMS",
    "FOAF",
    "ONTOLOGY_IRI",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "QB",
    "RDF",
    "RDFS",
    "SDMX_DIMENSION",
    "SDMX_MEASURE",
    "SKOS",
    "THEME",
    "THEME_SCHEME_IRI",
    "TIME",
    "XSD",
    "YP",
    "YP_IRI",
]
