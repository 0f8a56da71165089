"""The vocabulary document served at ``/ontology``: the ontology's own graph as RDF, and an
HTML page listing its classes, properties and individuals with their fi/sv/en labels, one
anchor per term (``/ontology#Municipality`` is the term ``yp:Municipality``)."""

from __future__ import annotations

from collections import defaultdict

from pyoxigraph import Literal, NamedNode, Triple

from kg.entity import Site, local_name, pick_label
from kg.entity_page import STYLE, curie
from kg.html_page import PAGE_END, esc, link, page_start, style_text
from kg.messages import Texts, message
from kg.namespaces import DCTERMS, ONTOLOGY_IRI, OWL, RDF, RDFS, SKOS, THEME_SCHEME_IRI, YP
from kg.store import Store

PAGE_STYLE = STYLE + "\nh2 { margin-top: 1.5em; }"
INLINE_STYLES = (style_text(PAGE_STYLE),)  # the page's only inline element (no script)
# each section's heading and the table's column heads are the catalogue's ``ontology.*``
SECTIONS = (
    (str(OWL.Class), Texts("ontology.classes")),
    (str(OWL.ObjectProperty), Texts("ontology.object_properties")),
    (str(OWL.DatatypeProperty), Texts("ontology.datatype_properties")),
    ("", Texts("ontology.other_terms")),
)
HEAD = ("term", "definition", "relations", "themes")
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


def render_ontology(triples: list[Triple], site: Site, lang: str, *, page_url: str) -> str:
    """The HTML listing of the vocabulary in ``lang`` (fi, sv or en)."""
    about: dict[str, list[tuple[str, NamedNode | Literal]]] = defaultdict(list)
    for t in triples:
        if isinstance(t.subject, NamedNode) and isinstance(t.object, NamedNode | Literal):
            about[t.subject.value].append((t.predicate.value, t.object))
    labels = {iri: _texts(po, LABELS) for iri, po in about.items()}

    def name(iri: str) -> str:
        return pick_label(labels.get(iri, {}), lang) or local_name(iri)

    ontology = about.get(ONTOLOGY_IRI, [])
    title = pick_label(_texts(ontology, (str(DCTERMS.title),)), lang) or "Yhdyspinta ontology"
    head = tuple(message(f"ontology.{key}", lang) for key in HEAD)
    out = page_start(title, lang, PAGE_STYLE)
    out.append(f'<p class="iri">{esc(ONTOLOGY_IRI)} — <code>yp: {esc(str(YP))}</code></p>')
    description = pick_label(_texts(ontology, (str(DCTERMS.description),)), lang)
    if description:
        out.append(f"<p>{esc(description)}</p>")
    for p, o in ontology:
        if p in (str(OWL.versionInfo), str(DCTERMS.license)):
            value = link(o.value, o.value) if isinstance(o, NamedNode) else esc(o.value)
            out.append(f'<p><span class="muted">{esc(curie(p))}</span> {value}</p>')
    formats = " ".join(
        link(f"{page_url}?format={key}", text)
        for key, text in (("ttl", "Turtle"), ("jsonld", "JSON-LD"), ("nt", "N-Triples"))
    )
    languages = " ".join(
        esc(c) if c == lang else link(f"{page_url}?lang={c}", c) for c in ("fi", "sv", "en")
    )
    themes = link(site.href(THEME_SCHEME_IRI), head[3])
    out.append(f"<nav>{formats} | {languages} | {themes}</nav>")
    terms = sorted(iri for iri in about if iri.startswith(str(YP)))
    placed: set[str] = set()
    for kind, heading in SECTIONS:
        members = [
            t
            for t in terms
            if t not in placed
            and (not kind or any(p == str(RDF.type) and o.value == kind for p, o in about[t]))
        ]
        placed.update(members)
        out.append(f"<h2>{esc(heading[lang])} ({len(members)})</h2>")
        out.append(
            f"<table><tr><th>{esc(head[0])}</th><th>fi</th><th>sv</th><th>en</th>"
            f"<th>{esc(head[1])}</th><th>{esc(head[2])}</th></tr>"
        )
        for iri in members:
            texts = labels[iri]
            related = [
                f"{esc(curie(p))} {link(site.href(o.value), name(o.value))}"
                for p, o in about[iri]
                if p in RELATIONS and isinstance(o, NamedNode)
            ]
            definition = pick_label(_texts(about[iri], DEFINITIONS), lang) or ""
            anchor = esc(iri[len(str(YP)) :])
            out.append(
                f'<tr id="{anchor}"><td><a href="#{anchor}"><code>{esc(curie(iri))}</code></a>'
                f"</td><td>{esc(texts.get('fi', ''))}</td><td>{esc(texts.get('sv', ''))}</td>"
                f"<td>{esc(texts.get('en', ''))}</td><td>{esc(definition)}</td>"
                f"<td>{'<br>'.join(related)}</td></tr>"
            )
        out.append("</table>")
    return "\n".join(out + PAGE_END) + "\n"


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
