"""The ontology: parses, is labelled in three languages, and is consistent under HermiT."""

from __future__ import annotations

import shutil
from pathlib import Path

import owlready2
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.build import collect_sources
from kg.config import REPO_ROOT, Settings
from kg.iris import Minter
from kg.legal import load_council_terms, load_statutes
from kg.namespaces import THEME_SCHEME_IRI, YP_IRI
from kg.reference import load_reference

ONTOLOGY = REPO_ROOT / "ontology" / "yhdyspinta.ttl"
DEFINED = (
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    OWL.NamedIndividual,
    SKOS.Concept,
    SKOS.ConceptScheme,
)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY)


def _own_terms(g: Graph) -> set[URIRef]:
    terms = set()
    for kind in DEFINED:
        for s in g.subjects(RDF.type, kind):
            if isinstance(s, URIRef) and str(s).startswith((YP_IRI, THEME_SCHEME_IRI)):
                terms.add(s)
    return terms


def test_ontology_parses_and_defines_the_core_terms(ontology: Graph) -> None:
    terms = {str(t).removeprefix(YP_IRI) for t in _own_terms(ontology)}
    for name in (
        "Municipality",
        "MainlandMunicipality",
        "WellbeingServicesCounty",
        "WellbeingServicesOrganiser",
        "RegionalCouncil",
        "Region",
        "EmploymentArea",
        "EmploymentAuthority",
        "JointMunicipalAuthority",
        "ResponsiblePost",
        "Responsibility",
        "Interface",
        "InterfaceTheme",
        "Statute",
        "StatuteSection",
        "LegalObligation",
        "StrategicCooperationAgreement",
        "TYMAgreement",
        "CooperationNegotiation",
        "HealthWellbeingNegotiation",
        "Forum",
        "DualRole",
        "CouncilTerm",
        "county",
        "region",
        "employmentArea",
        "memberMunicipality",
    ):
        assert name in terms, name


def test_ontology_every_term_has_fi_sv_en_label_and_definition(ontology: Graph) -> None:
    problems = []
    terms = _own_terms(ontology)
    assert len(terms) > 100
    for term in sorted(terms):
        langs = sorted(str(label.language) for label in ontology.objects(term, RDFS.label))
        if langs != ["en", "fi", "sv"]:
            problems.append(f"{term}: labels {langs}")
        if not list(ontology.objects(term, SKOS.definition)):
            problems.append(f"{term}: no skos:definition")
    assert problems == []


def test_ontology_themes_form_a_scheme_with_ten_core_themes(ontology: Graph) -> None:
    scheme = URIRef(THEME_SCHEME_IRI)
    themes = set(ontology.subjects(SKOS.inScheme, scheme))
    assert len(themes) >= 16
    core = [
        t
        for t in themes
        if (t, URIRef(YP_IRI + "coreTheme"), None) in ontology
        and ontology.value(t, URIRef(YP_IRI + "coreTheme")).toPython() is True
    ]
    assert len(core) == 10
    for theme in themes:
        assert {lbl.language for lbl in ontology.objects(theme, SKOS.prefLabel)} == {
            "fi",
            "sv",
            "en",
        }


def _java() -> str:
    java = shutil.which("java")
    if java is None:
        pytest.fail(
            "Java is needed to run HermiT (owlready2): install a JRE, e.g. "
            "`apt-get install default-jre-headless`"
        )
    return java


def _hermit(graph: Graph, tmp_path: Path) -> owlready2.World:
    """Run HermiT on ``graph``; raises OwlReadyInconsistentOntologyError if inconsistent."""
    owlready2.JAVA_EXE = _java()
    path = tmp_path / "kg.nt"  # owlready2 reads RDF/XML or N-Triples, not Turtle
    graph.serialize(path, format="nt", encoding="utf-8")
    world = owlready2.World()
    onto = world.get_ontology(path.as_uri()).load()
    with onto:
        owlready2.sync_reasoner_hermit(
            world, infer_property_values=False, debug=0, ignore_unsupported_datatypes=True
        )
    return world


@pytest.mark.slow
def test_ontology_with_reference_data_is_consistent_under_hermit(tmp_path: Path) -> None:
    g = Graph().parse(ONTOLOGY)
    mint = Minter(Settings().base_iri)
    data = REPO_ROOT / "data"
    for source in [
        *load_reference(data, mint),
        load_statutes(data, mint),
        load_council_terms(data, mint),
    ]:
        g += source.graph
    world = _hermit(g, tmp_path)
    assert list(world.inconsistent_classes()) == []
    helsinki = world[mint.municipality("091")]
    assert helsinki is not None
    assert "WellbeingServicesOrganiser" in {c.name for c in helsinki.is_a}


@pytest.mark.slow
def test_ontology_with_all_data_is_consistent_under_hermit(tmp_path: Path) -> None:
    """Everything the build loads: seeds, survey, the example region too."""
    g = Graph()
    for source in collect_sources(Settings()):
        g += source.graph
    assert len(g) > 10000
    world = _hermit(g, tmp_path)
    assert list(world.inconsistent_classes()) == []


@pytest.mark.slow
def test_hermit_detects_an_inconsistency(tmp_path: Path) -> None:
    """The consistency test can fail: a municipality that is also a county is caught."""
    g = Graph().parse(ONTOLOGY)
    x = URIRef("https://example.org/both")
    g.add((x, RDF.type, URIRef(YP_IRI + "Municipality")))
    g.add((x, RDF.type, URIRef(YP_IRI + "WellbeingServicesCounty")))
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        _hermit(g, tmp_path)
