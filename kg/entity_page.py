"""What the HTML page of an entity shows: labels in the reader's language, links to the
neighbours' own pages at this service, incoming links (capped, with their count), the
graphs stating it and its other formats.

:func:`entity_view` gives the page's rows (:class:`EntityView`); the page is the template
``kg/web/templates/entity.html`` (``entity_not_found.html`` for an IRI the graph does not
hold), made by :func:`render` with :func:`kg.web.render.render`: with a
:class:`~kg.web.render.Chrome` a page of the service, without one a self-contained file.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode

from kg.entity import Description, Site, local_name
from kg.namespaces import PREFIXES, RDF
from kg.web.render import Chrome
from kg.web.render import render as render_page

INCOMING_CAP = 100
RDF_TYPE = str(RDF.type)
# the other formats of a page: (the ``format`` parameter, its name)
FORMATS = (("ttl", "Turtle"), ("jsonld", "JSON-LD"), ("nt", "N-Triples"))


@dataclass(frozen=True)
class Term:
    """A node or a literal as a page shows it: its ``text``, the address it links to
    (``href``; the template links only http(s) and root-relative addresses, any other is
    shown as text) and a ``note`` shown muted after it (a literal's ``@language`` or
    ``(datatype)``, a predicate's CURIE)."""

    text: str
    href: str = ""
    note: str = ""


@dataclass(frozen=True)
class Statement:
    """One outgoing triple: its predicate and its object."""

    predicate: Term
    value: Term


@dataclass(frozen=True)
class Incoming:
    """One incoming triple: its subject and its predicate."""

    subject: Term
    predicate: Term


@dataclass(frozen=True)
class GraphRow:
    """A named graph stating the entity, with the source files and licences it records."""

    graph: Term
    sources: tuple[str, ...]
    licences: tuple[str, ...]


@dataclass(frozen=True)
class EntityView:
    """Everything the entity page shows (``incoming`` is capped; ``incoming_total`` is
    the count of all)."""

    iri: str
    title: str
    formats: tuple[tuple[str, str], ...]  # (URL of the page in that format, its name)
    graph_size: int | None
    illustrative: bool
    types: tuple[Term, ...]
    properties: tuple[Statement, ...]
    incoming: tuple[Incoming, ...]
    incoming_total: int
    graphs: tuple[GraphRow, ...]


def curie(iri: str) -> str:
    """``yp:county`` for a predeclared prefix, else the IRI."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def local_name_path(graph_iri: str) -> str:
    """A graph's name as it is minted (``reference/municipalities``)."""
    return graph_iri.split("/graph/", 1)[1] if "/graph/" in graph_iri else local_name(graph_iri)


def entity_view(
    description: Description,
    site: Site,
    lang: str,
    *,
    page_url: str,
    incoming_cap: int = INCOMING_CAP,
) -> EntityView:
    """The rows of the entity page in ``lang``; ``page_url`` is the page's own URL."""
    d = description

    def node(iri: str) -> Term:
        return Term(d.label(iri, lang), site.href(iri))

    def predicate(p: NamedNode) -> Term:
        return Term(d.label(p.value, lang), site.href(p.value), curie(p.value))

    def term(value: NamedNode | Literal) -> Term:
        if isinstance(value, NamedNode):
            return node(value.value)
        if value.language:
            return Term(value.value, note=f"@{value.language}")
        datatype = value.datatype.value
        if datatype.endswith("#string"):
            return Term(value.value)
        return Term(value.value, note=f"({curie(datatype)})")

    return EntityView(
        iri=d.iri,
        title=d.label(d.iri, lang),
        formats=tuple((f"{page_url}?format={key}", name) for key, name in FORMATS),
        graph_size=d.graph_size,
        illustrative=d.illustrative,
        types=tuple(node(t) for t in d.types),
        properties=tuple(
            Statement(predicate(p), term(o))
            for p, o in d.outgoing
            if p.value != RDF_TYPE  # the types are listed on their own
        ),
        incoming=tuple(Incoming(node(s.value), predicate(p)) for s, p in d.incoming[:incoming_cap]),
        incoming_total=len(d.incoming),
        graphs=tuple(
            GraphRow(Term(local_name_path(g.iri), site.href(g.iri)), g.sources, g.licenses)
            for g in d.graphs
        ),
    )


def render(
    description: Description,
    site: Site,
    lang: str,
    *,
    page_url: str,
    incoming_cap: int = INCOMING_CAP,
    chrome: Chrome | None = None,
) -> str:
    """The entity page in ``lang`` (fi, sv or en); ``page_url`` is the page's own URL."""
    view = entity_view(description, site, lang, page_url=page_url, incoming_cap=incoming_cap)
    return render_page("entity.html", lang, chrome=chrome, page=view)


def render_not_found(iri: str, lang: str, *, chrome: Chrome | None = None) -> str:
    """A small page for an IRI the graph does not hold."""
    return render_page("entity_not_found.html", lang, chrome=chrome, iri=iri)
