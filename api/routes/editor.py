"""The SPARQL editor page (``/editor``): YASGUI, served by this service.

YASGUI (``@zazuko/yasgui`` from the npm registry, pinned by ``package-lock.json``) is served
from ``/assets/vendor/yasgui/`` and set up by ``/static/js/editor.js`` (no inline script): it
asks this service's ``/sparql`` (same origin, POST), completes prefixes from the project's
own (:data:`kg.namespaces.PREFIXES`, given to the page as a JSON data block), and calls no
other host (its completers that ask prefix.cc or Linked Open Vocabularies are off).

``?query=`` fills the editor (the pages' "open in editor" links). Without JavaScript the
page is a plain form that runs the query here: ``format=html`` shows the rows as a table
on the page, the other formats answer with the SPARQL result (or graph) itself.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request, Response
from pyoxigraph import RdfFormat, parse

from api.deps import QueryPoolDep, StoreDep
from api.pages import PageLang, chrome, page, page_lang
from api.query_answer import answer_query
from api.routes.sparql import answer_response
from api.security_headers import page_policy
from kg.messages import message
from kg.namespaces import PREFIXES
from kg.query_pool import QueryPool
from kg.views.queries import rows_from_results

router = APIRouter(include_in_schema=False)

RESULTS_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"
# the plain form's formats: the page's own table, or the endpoint's answer in a format
FORMATS: dict[str, str] = {
    "html": "text/html",
    "json": RESULTS_JSON,
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "n-triples": N_TRIPLES,
    "json-ld": "application/ld+json",
}
GRAPH_MEDIA = {"text/turtle", N_TRIPLES, "application/ld+json"}
MAX_QUERY = 20_000  # characters of a query in the URL

# The <style> elements YASGUI writes as it runs, the only inline styles of the page. Its
# results table's column resizer (the column-resizer package bundled in yasgui.min.js)
# puts its rules in a <style> in <head> when a table is drawn, and a cursor rule when a
# column is dragged. The texts are fixed in the bundle (a test reads them from the
# installed file), so the policy allows exactly these two by their hashes: no
# 'unsafe-inline', no inline script, and no worker (YASGUI makes none).
RESIZER_STYLE = (
    " .grip-resizable{table-layout:fixed;} .grip-resizable > tbody > tr > td, "
    ".grip-resizable > tbody > tr > th{overflow:hidden} .grip-padding > tbody > tr > td, "
    ".grip-padding > tbody > tr > th{padding-left:0!important; padding-right:0!important;} "
    ".grip-container{ height:0px; position:relative;} .grip-handle{margin-left:-5px; "
    "position:absolute; z-index:5; } .grip-handle .grip-resizable{position:absolute;"
    "background-color:red;filter:alpha(opacity=1);opacity:0;width:10px;height:100%;"
    "cursor: col-resize;top:0px} .grip-lastgrip{position:absolute; width:1px; } "
    ".grip-drag{ border-left:1px dotted black;\t} .grip-flex{width:auto!important;} "
    ".grip-handle.grip-disabledgrip .grip-resizable{cursor:default; display:none;}"
)
RESIZER_DRAG_STYLE = "*{cursor:col-resize!important}"
EDITOR_POLICY = page_policy(styles=(RESIZER_STYLE, RESIZER_DRAG_STYLE))

DEFAULT_QUERY = f"""\
PREFIX yp: <{PREFIXES["yp"]}>
PREFIX skos: <{PREFIXES["skos"]}>

# The municipalities and their names in Finnish
SELECT ?municipality ?name WHERE {{
  ?municipality a yp:Municipality ;
                skos:prefLabel ?name .
  FILTER(LANG(?name) = "fi")
}}
ORDER BY ?name
LIMIT 50
"""

EditorFormat = Annotated[
    Literal["html", "json", "xml", "csv", "tsv", "turtle", "n-triples", "json-ld"] | None,
    Query(),
]


@router.get("/editor")
async def editor(
    request: Request,
    pool: QueryPoolDep,
    store: StoreDep,
    lang: PageLang = None,
    query: Annotated[str | None, Query(max_length=MAX_QUERY)] = None,
    format: EditorFormat = None,
) -> Response:
    """The editor, filled with ``query``; with ``format`` the plain form's answer."""
    lang = page_lang(request, lang)
    text = query if query and query.strip() else None
    if text is not None and format is not None and format != "html":
        media = FORMATS[format]
        other = RESULTS_JSON if media in GRAPH_MEDIA else "text/turtle"
        return answer_response(await answer_query(request, pool, text, media_types=[media, other]))
    result: dict[str, Any] | None = None
    status = 200
    if text is not None and format == "html":
        try:
            result = await _rows(request, pool, text)
        except HTTPException as exc:
            if exc.status_code != 400:
                raise
            result, status = {"error": str(exc.detail)}, 400
    root = chrome(request, lang, "editor").root
    config = {
        "endpoint": root + "sparql",
        "prefixes": PREFIXES,
        "query": text,
        "run": bool(text is not None and format == "html"),
        "default": DEFAULT_QUERY,
        "lang": lang,
        # names for YASGUI's unlabelled controls (it has no option for them)
        "labels": {key: message(f"editor.{key}", lang) for key in ("query", "endpoint")},
    }
    response = page(
        request,
        "editor.html",
        lang,
        section="editor",
        store=store,
        status_code=status,
        query=text or DEFAULT_QUERY,
        format=format or "html",
        formats=list(FORMATS),
        result=result,
        config=config,
        prefixes=PREFIXES,
    )
    response.headers["Content-Security-Policy"] = EDITOR_POLICY
    return response


async def _rows(request: Request, pool: QueryPool, text: str) -> dict[str, Any]:
    """The query's answer as columns and rows for the page's table."""
    answer = await answer_query(request, pool, text, media_types=[RESULTS_JSON, N_TRIPLES])
    if answer.media_type == N_TRIPLES:
        triples = parse(answer.body, format=RdfFormat.N_TRIPLES)
        columns: tuple[str, ...] = ("subject", "predicate", "object")
        rows = [
            {"subject": str(t.subject), "predicate": str(t.predicate), "object": str(t.object)}
            for t in triples
        ]
    else:
        columns, rows = rows_from_results(answer.body)
    return {"columns": columns, "rows": rows, "truncated": answer.truncated}
