"""The vocabulary document served at ``/ontology``: the ontology's own graph as RDF, and an
HTML page listing its classes, properties and individuals with their fi/sv/en labels, one
anchor per term (``/ontology#Municipality`` is the term ``yp:Municipality``).

:func:`ontology_view` gives what the page shows (:class:`OntologyView`); the page is the
template ``kg/web/templates/ontology.html``, made by :func:`render_ontology`."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode, Triple

from kg.entity import Site, local_name, pick_label
from kg.entity_page import FORMATS, Term, curie
from kg.messages import Texts, message
from kg.namespaces import DCTERMS, ONTOLOGY_IRI, OWL, RDF, RDFS, SKOS, THEME_SCHEME_IRI, YP
from kg.store import Store
from kg.web.render import Chrome, render

# each section's heading and the table's column heads are the catalogue's ``ontology.*``
SECTIONS = (
    (str(OWL.Class), Texts("ontology.classes")),
    (str(OWL.ObjectProperty), Texts("ontology.object_properties")),
    (str(OWL.DatatypeProperty), Texts("ontology.datatype_properties")),
    ("", Texts("ontology.other_terms")),
)
LABELS = (str(RDFS.label), str(SKOS.prefLabel))
DEFINITIONS = (str(SKOS.definition), str(RDFS.comment))
RELATIONS = (str(RDFS.subClassOf), str(RDFS.domain), str(RDFS.range))


def ontology_graphs(store: Store, base_iri: str) -> list[str]:
    """The named graphs of the ontology files (``{base}graph/ontology`` and beneath it)."""
    main = f"{base_iri}graph/ontology"
    return [g for g in store.named_graphs() if g == main or g.startswith(main + "/")]


def ontology_triples(store: Store, base_iri: str) -> list[Triple]:
    """The ontology documents' triples (without the build's provenance of their graphs)."""
    graphs = ontology_graphs(store, base_iri)
    seen: dict[Triple, None] = {}
    for graph in graphs:
        for quad in store.quads(graph):
            if not (isinstance(quad.subject, NamedNode) and quad.subject.value in graphs):
                seen.setdefault(quad.triple, None)
    return list(seen)


@dataclass(frozen=True)
class TermRow:
    """One term of the vocabulary: its anchor (``Municipality``), CURIE, labels in fi, sv
    and en (in that order, "" where it has none), definition in the page's language and
    its relations (``rdfs:subClassOf``, ``rdfs:domain``, ``rdfs:range``) as (the
    predicate's CURIE, the related term)."""

    anchor: str
    curie: str
    labels: tuple[str, str, str]
    definition: str
    relations: tuple[tuple[str, Term], ...]


@dataclass(frozen=True)
class Section:
    """Classes, object properties, datatype properties or the other terms."""

    heading: str
    rows: tuple[TermRow, ...]


@dataclass(frozen=True)
class OntologyView:
    """Everything the vocabulary page shows."""

    iri: str
    namespace: str
    title: str
    description: str
    facts: tuple[tuple[str, Term], ...]  # (predicate CURIE, value): version, licence
    formats: tuple[tuple[str, str], ...]  # (URL of the document in that format, its name)
    themes: Term  # the theme scheme's page
    sections: tuple[Section, ...]


def ontology_view(triples: list[Triple], site: Site, lang: str, *, page_url: str) -> OntologyView:
    """The vocabulary's terms by kind, with their labels, in ``lang`` (fi, sv or en)."""
    about: dict[str, list[tuple[str, NamedNode | Literal]]] = defaultdict(list)
    for t in triples:
        if isinstance(t.subject, NamedNode) and isinstance(t.object, NamedNode | Literal):
            about[t.subject.value].append((t.predicate.value, t.object))
    labels = {iri: _texts(po, LABELS) for iri, po in about.items()}

    def name(iri: str) -> str:
        return pick_label(labels.get(iri, {}), lang) or local_name(iri)

    def row(iri: str) -> TermRow:
        texts = labels[iri]
        return TermRow(
            anchor=iri[len(str(YP)) :],
            curie=curie(iri),
            labels=(texts.get("fi", ""), texts.get("sv", ""), texts.get("en", "")),
            definition=pick_label(_texts(about[iri], DEFINITIONS), lang) or "",
            relations=tuple(
                (curie(p), Term(name(o.value), site.href(o.value)))
                for p, o in about[iri]
                if p in RELATIONS and isinstance(o, NamedNode)
            ),
        )

    ontology = about.get(ONTOLOGY_IRI, [])
    terms = sorted(iri for iri in about if iri.startswith(str(YP)))
    placed: set[str] = set()
    sections = []
    for kind, heading in SECTIONS:
        members = [
            t
            for t in terms
            if t not in placed
            and (not kind or any(p == str(RDF.type) and o.value == kind for p, o in about[t]))
        ]
        placed.update(members)
        sections.append(Section(heading[lang], tuple(row(t) for t in members)))
    return OntologyView(
        iri=ONTOLOGY_IRI,
        namespace=str(YP),
        title=pick_label(_texts(ontology, (str(DCTERMS.title),)), lang) or "Yhdyspinta ontology",
        description=pick_label(_texts(ontology, (str(DCTERMS.description),)), lang) or "",
        facts=tuple(
            (curie(p), Term(o.value, o.value if isinstance(o, NamedNode) else ""))
            for p, o in ontology
            if p in (str(OWL.versionInfo), str(DCTERMS.license))
        ),
        formats=tuple((f"{page_url}?format={key}", text) for key, text in FORMATS),
        themes=Term(message("ontology.themes", lang), site.href(THEME_SCHEME_IRI)),
        sections=tuple(sections),
    )


def render_ontology(
    triples: list[Triple], site: Site, lang: str, *, page_url: str, chrome: Chrome | None = None
) -> str:
    """The HTML listing of the vocabulary in ``lang`` (fi, sv or en)."""
    view = ontology_view(triples, site, lang, page_url=page_url)
    return render("ontology.html", lang, chrome=chrome, page=view)


def _texts(
    statements: list[tuple[str, NamedNode | Literal]], predicates: tuple[str, ...]
) -> dict[str, str]:
    """Language → text of the literals of ``predicates`` (first one per language wins)."""
    out: dict[str, str] = {}
    for predicate in predicates:
        for p, o in statements:
            if p == predicate and isinstance(o, Literal):
                out.setdefault(o.language or "", o.value)
    return out
