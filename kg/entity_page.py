"""The HTML page of an entity: labels in the reader's language, links to the neighbours'
own pages at this service, incoming links (capped, with their count), the graphs stating it
and its other formats. Self-contained (no external assets); every text is escaped."""

from __future__ import annotations

from collections.abc import Mapping

from pyoxigraph import Literal, NamedNode

from kg.entity import Description, Site, local_name
from kg.html_page import PAGE_END, esc, link, page_start, style_text
from kg.messages import LANGS, Words
from kg.namespaces import PREFIXES, RDF

INCOMING_CAP = 100
RDF_TYPE = str(RDF.type)
FORMATS = (("ttl", "Turtle"), ("jsonld", "JSON-LD"), ("nt", "N-Triples"))
STYLE = """
code, .iri { font-family: ui-monospace, monospace; font-size: 0.9em; }
.note { background: #fff4d6; border: 1px solid #e0c060; padding: 0.5em 1em; }
.muted { color: #666; }
nav a { margin-right: 0.6em; }
"""
INLINE_STYLES = (style_text(STYLE),)  # the page's only inline element (no script)

# the fixed words, from the one catalogue (kg/locale/*/LC_MESSAGES/messages.po, ``entity.*``)
WORDS: dict[str, Words] = {lang: Words("entity", lang) for lang in LANGS}


def curie(iri: str) -> str:
    """``yp:county`` for a predeclared prefix, else the IRI."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def render(
    description: Description,
    site: Site,
    lang: str,
    *,
    page_url: str,
    incoming_cap: int = INCOMING_CAP,
) -> str:
    """The entity page in ``lang`` (fi, sv or en); ``page_url`` is the page's own URL."""
    words = WORDS[lang]
    d = description

    def node(iri: str) -> str:
        return link(site.href(iri), d.label(iri, lang))

    def term(value: NamedNode | Literal) -> str:
        if isinstance(value, NamedNode):
            return node(value.value)
        if value.language:
            return f'{esc(value.value)} <span class="muted">@{esc(value.language)}</span>'
        datatype = value.datatype.value
        if datatype.endswith("#string"):
            return esc(value.value)
        return f'{esc(value.value)} <span class="muted">({esc(curie(datatype))})</span>'

    def predicate(p: NamedNode) -> str:
        return f'{node(p.value)} <span class="muted">{esc(curie(p.value))}</span>'

    out = page_start(d.label(d.iri, lang), lang, STYLE)
    out.append(f'<p class="iri">{esc(d.iri)}</p>')
    out.append(_nav(page_url, lang, words))
    if d.graph_size is not None:
        out.append(f"<p>{esc(words['graph_size'].format(n=d.graph_size))}</p>")
    if d.illustrative:
        out.append(f'<p class="note">{esc(words["illustrative"])}</p>')
    out.append(f"<h2>{esc(words['types'])}</h2>")
    types = [node(t) for t in d.types]
    out.append("<ul>" + "".join(f"<li>{t}</li>" for t in types) + "</ul>" if types else "")
    out.append(f"<h2>{esc(words['properties'])}</h2>")
    out.append(f"<table><tr><th>{esc(words['property'])}</th><th>{esc(words['value'])}</th></tr>")
    for p, o in d.outgoing:
        if p.value == RDF_TYPE:  # listed above
            continue
        out.append(f"<tr><td>{predicate(p)}</td><td>{term(o)}</td></tr>")
    out.append("</table>")
    total = len(d.incoming)
    shown = d.incoming[:incoming_cap]
    count = words["showing"].format(shown=len(shown), total=total)
    out.append(f"<h2>{esc(words['incoming'])} ({total})</h2>")
    if total:
        out.append(f'<p class="muted">{esc(count)}</p>')
        out.append(
            f"<table><tr><th>{esc(words['subject'])}</th><th>{esc(words['property'])}</th></tr>"
        )
        for s, p in shown:
            out.append(f"<tr><td>{node(s.value)}</td><td>{predicate(p)}</td></tr>")
        out.append("</table>")
    else:
        out.append(f'<p class="muted">{esc(words["none"])}</p>')
    out.append(f"<h2>{esc(words['graphs'])}</h2><ul>")
    for graph in d.graphs:
        notes = [f"{esc(words['source'])}: <code>{esc(s)}</code>" for s in graph.sources]
        notes += [f"{esc(words['license'])}: {link(lic, lic)}" for lic in graph.licenses]
        extra = f" — {'; '.join(notes)}" if notes else ""
        out.append(f"<li>{link(site.href(graph.iri), local_name_path(graph.iri))}{extra}</li>")
    out.append("</ul>")
    return "\n".join(out + PAGE_END) + "\n"


def _nav(page_url: str, lang: str, words: Mapping[str, str]) -> str:
    formats = " ".join(link(f"{page_url}?format={key}", name) for key, name in FORMATS)
    languages = " ".join(
        esc(code) if code == lang else link(f"{page_url}?lang={code}", code) for code in WORDS
    )
    return f"<nav>{esc(words['formats'])}: {formats} | {esc(words['language'])}: {languages}</nav>"


def local_name_path(graph_iri: str) -> str:
    """A graph's name as it is minted (``reference/municipalities``)."""
    return graph_iri.split("/graph/", 1)[1] if "/graph/" in graph_iri else local_name(graph_iri)


def render_not_found(iri: str, lang: str) -> str:
    """A small page for an IRI the graph does not hold."""
    words = WORDS[lang]
    out = page_start(words["not_found"], lang, STYLE)
    out.append(f'<p>{esc(words["not_found_text"])} <span class="iri">{esc(iri)}</span></p>')
    return "\n".join(out + PAGE_END) + "\n"
