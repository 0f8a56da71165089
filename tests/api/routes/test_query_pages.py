"""The Queries pages and the SPARQL editor page: HTML for browsers, the same JSON as before
for every other client, the rows a named query's page shows equal to ``kg query --named``,
a refused parameter named on a 400 page, and the editor's policy and plain form."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.assets import vendor_file
from api.routes.editor import EDITOR_POLICY, RESIZER_DRAG_STYLE, RESIZER_STYLE
from api.security_headers import source_hash
from kg.cli import app
from kg.config import Settings
from kg.named_queries import load_named_queries
from kg.namespaces import PREFIXES
from kg.store import Store

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
runner = CliRunner()


def cli_rows(settings: Settings, query_id: str, **params: str) -> list[dict[str, Any]]:
    """What ``kg query --named`` prints for these parameters (as JSON)."""
    args = ["query", "--named", query_id, "--store", str(settings.store_path), "-f", "json"]
    for name, value in params.items():
        args += ["-p", f"{name}={value}"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


class Tables(HTMLParser):
    """The cells of every table of a page, and each ``<th>``'s scope."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self.scopes: list[str | None] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []
            if tag == "th":
                self.scopes.append(dict(attrs).get("scope"))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def page_tables(html: str) -> Tables:
    parser = Tables()
    parser.feed(html)
    return parser


CASES = [
    ("interfaces-without-owner", {"county": "20", "asOf": "2026-11-23"}),
    ("owner-coverage-by-county", {}),
    ("survey-county-means-ranked", {"dataset": "division-of-labour-clarity"}),
    ("municipalities-by-county", {"county": "091"}),
]


@pytest.mark.parametrize(("query_id", "params"), CASES)
def test_a_query_pages_rows_are_the_command_lines(
    client: TestClient, settings: Settings, query_id: str, params: dict[str, str]
) -> None:
    expected = cli_rows(settings, query_id, **params)
    assert expected, "a case with no rows could not tell rows apart"
    columns = list(load_named_queries()[query_id].columns)
    url = f"/queries/{query_id}"
    # the page's JSON download: the very values the command line prints
    download = client.get(url, params={**params, "format": "json"})
    assert download.status_code == 200, download.text
    assert download.json() == {"columns": columns, "rows": expected}
    # the page itself: the same rows in its table, in order
    page = client.get(url, params={**params, "lang": "en"}, headers={"accept": BROWSER})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    tables = page_tables(page.text)
    [table] = [t for t in tables.tables if t and len(t[0]) == len(columns)]
    body = table[1:]
    assert len(body) == len(expected)
    for cells, row in zip(body, expected, strict=True):
        for cell, column in zip(cells, columns, strict=True):
            value = row[column]
            if isinstance(value, float):
                assert float(cell) == pytest.approx(value, abs=0.005), (column, cell, value)
            else:
                assert cell == ("" if value is None else str(value)), (column, cell, value)
    assert set(tables.scopes) == {"col"}
    # the CSV download has a line per row
    csv = client.get(url, params={**params, "format": "csv"})
    assert csv.headers["content-type"].startswith("text/csv")
    assert len(csv.text.strip().splitlines()) == len(expected) + 1


def test_an_empty_field_is_no_value(client: TestClient, settings: Settings) -> None:
    url = "/queries/municipalities-by-county"
    everyone = client.get(url, params={"county": "", "format": "json"}).json()["rows"]
    assert everyone == cli_rows(settings, "municipalities-by-county")
    assert len(everyone) > len(cli_rows(settings, "municipalities-by-county", county="20"))


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"asOf": "tomorrow"}, "asOf"),
        ({"as_of": "2026-02-30"}, "asOf"),
        ({"nope": "1"}, "nope"),
    ],
)
def test_a_refused_parameter_gives_a_400_page_naming_it(
    client: TestClient, params: dict[str, str], named: str
) -> None:
    r = client.get(
        "/queries/interfaces-without-owner",
        params={**params, "lang": "fi"},
        headers={"accept": BROWSER},
    )
    assert r.status_code == 400 and r.headers["content-type"].startswith("text/html")
    alert = re.search(r'role="alert"[^>]*>(.*?)</p>', r.text, re.S)
    assert alert and named in alert.group(1)
    value = next(iter(params.values()))
    if named != "nope":  # what was typed stays in the form, to be corrected
        assert re.search(rf'name="asOf" type="date" value="{re.escape(value)}"', r.text)
    # a client that is no browser gets the problem as JSON, as before
    api = client.get("/queries/interfaces-without-owner", params=params)
    assert api.status_code == 400 and named in api.json()["detail"]


@pytest.mark.parametrize("accept", [None, "*/*", "application/json", "application/*"])
def test_other_clients_get_json_as_before(client: TestClient, accept: str | None) -> None:
    headers = {"accept": accept} if accept else {}
    listed = client.get("/queries", headers=headers)
    assert listed.headers["content-type"] == "application/json"
    assert {q["id"] for q in listed.json()} == set(load_named_queries())
    run = client.get("/queries/owner-coverage-by-county", headers=headers)
    assert run.headers["content-type"].startswith("application/sparql-results+json")
    assert run.json()["head"]["vars"] == list(
        load_named_queries()["owner-coverage-by-county"].columns
    )


@pytest.mark.parametrize(
    ("accept", "fmt", "html"),
    [
        (BROWSER, None, True),
        ("text/html", None, True),
        ("application/json;q=0.9, text/html", None, True),
        ("text/html;q=0.5, application/json", None, False),
        (BROWSER, "json", False),
        ("application/json", "html", True),
    ],
)
def test_the_page_is_for_who_prefers_html(
    client: TestClient, accept: str, fmt: str | None, html: bool
) -> None:
    params = {"format": fmt} if fmt else {}
    for url in ("/queries", "/queries/owner-coverage-by-county"):
        r = client.get(url, params=params, headers={"accept": accept})
        assert r.status_code == 200, r.text
        assert r.headers["content-type"].startswith("text/html") == html, (url, accept, fmt)


def test_the_list_page_asks_each_question_in_the_readers_language(
    client: TestClient,
) -> None:
    queries = load_named_queries()
    for lang in ("fi", "sv", "en"):
        r = client.get("/queries", params={"lang": lang}, headers={"accept": BROWSER})
        assert r.status_code == 200 and r.headers["content-language"] == lang
        for q in queries.values():
            text, written_in = q.question(lang)
            assert f'href="/queries/{q.id}?lang={lang}"' in r.text
            marked = f' lang="{written_in}"' if written_in != lang else ""
            assert f"{marked}>{_escaped(text)}</a>" in r.text, (lang, q.id)
    # the law sections of the queries about a duty are cited with their Finlex links
    section14 = next(
        d
        for q in client.get("/queries").json()
        for d in q["obligations"]
        if d["id"] == "611-2021-14"
    )
    assert f'<a href="{section14["finlex_url"]}">{section14["citation"]}</a>' in r.text


def _escaped(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


def test_an_unknown_query_gives_the_list_with_a_404(client: TestClient) -> None:
    r = client.get("/queries/no-such-query", headers={"accept": BROWSER})
    assert r.status_code == 404 and "no-such-query" in r.text
    assert client.get("/queries/no-such-query").json()["detail"]


def test_the_form_has_a_typed_input_per_parameter(client: TestClient) -> None:
    query = load_named_queries()["interfaces-without-owner"]
    r = client.get(f"/queries/{query.id}", params={"county": "20"}, headers={"accept": BROWSER})
    inputs = dict(re.findall(r'<input id="param-[^"]+" name="([^"]+)" type="([^"]+)"', r.text))
    assert inputs == {"county": "text", "asOf": "date"}
    assert 'name="county" type="text" value="20"' in r.text
    # a date that defaults to today is filled with today; the form comes back here by GET
    assert re.search(r'name="asOf" type="date" value="\d{4}-\d\d-\d\d"', r.text)
    assert f'method="get" action="/queries/{query.id}"' in r.text
    survey = client.get("/queries/survey-county-means-ranked", headers={"accept": BROWSER}).text
    assert 'name="dataset" type="text" value="cooperation"' in survey  # the default


def test_open_in_editor_carries_the_query_with_its_parameters_bound(
    client: TestClient,
) -> None:
    from urllib.parse import parse_qs, urlsplit

    from markupsafe import Markup

    r = client.get(
        "/queries/interfaces-without-owner",
        params={"county": "20", "asOf": "2026-11-23", "lang": "en"},
        headers={"accept": BROWSER},
    )
    links = set(re.findall(r'href="(/editor\?query=[^"]+)"', r.text))
    assert len(links) == 1  # above the page and under its table, the same
    [link] = links
    sparql = parse_qs(urlsplit(Markup(link).unescape()).query)["query"][0]
    assert re.search(r'VALUES[^}]*"20"', sparql)
    assert '"2026-11-23"^^<http://www.w3.org/2001/XMLSchema#date>' in sparql
    assert "PREFIX yp: <https://w3id.org/yhdyspinta/ontology#>" in sparql


def test_a_bar_view_is_drawn_and_downloadable(client: TestClient, store: Store) -> None:
    query = load_named_queries()["owner-coverage-by-county"]
    rows = store.select(query.text)
    r = client.get(f"/queries/{query.id}", params={"format": "svg", "lang": "en"})
    assert r.status_code == 200 and r.headers["content-type"] == "image/svg+xml"
    assert r.text.startswith("<?xml")
    labels = re.findall(r'<text class="label"[^>]*>([^<]*)</text>', r.text)
    assert labels == [str(row["countyName"]) for row in rows]
    bars = re.findall(r'<rect class="bar"', r.text)
    assert len(bars) == sum(1 for row in rows if row["share"] > 0)
    page = client.get(f"/queries/{query.id}", headers={"accept": BROWSER}).text
    assert page.count('<text class="label"') == len(rows)
    assert "format=svg" in page
    # a query whose view is the table has no picture
    assert client.get("/queries/municipalities-by-county?format=svg").status_code == 404


def test_the_editor_page_names_only_the_inline_styles_yasgui_writes(
    client: TestClient, settings: Settings
) -> None:
    r = client.get("/editor", params={"lang": "en"})
    assert r.status_code == 200
    policy = r.headers["content-security-policy"]
    assert policy == EDITOR_POLICY
    assert "'unsafe-inline'" not in policy and "script-src" not in policy
    assert source_hash(RESIZER_STYLE) in policy and source_hash(RESIZER_DRAG_STYLE) in policy
    # the hashed texts are the ones the installed bundle writes (the resizer's rules, and
    # the cursor rule with its default drag cursor; a hover rule only for another cursor)
    bundle = vendor_file(settings.assets_dir, "yasgui/yasgui.min.js").read_text("utf-8")
    assert bundle.count("createStyle(") == 3  # its three calls
    assert f"createStyle(a,`{RESIZER_STYLE}`)" in bundle
    assert (
        "createStyle(document.querySelector(`head`),`*{cursor:`+n.opt.dragCursor+`!important}`)"
        in bundle
    )
    assert "dragCursor:`col-resize`" in bundle and "hoverCursor:`col-resize`" in bundle
    assert RESIZER_DRAG_STYLE == "*{cursor:col-resize!important}"
    # no script inline: each <script> is a file of this service or a JSON data block
    for tag in re.findall(r"<script[^>]*>", r.text):
        assert 'src="/' in tag or 'type="application/json"' in tag, tag
    served = client.get("/assets/vendor/yasgui/yasgui.min.js").text
    assert "style='" not in served and "<strong class='expected'>" in served


def test_the_editor_is_given_the_endpoint_the_prefixes_and_the_query(
    client: TestClient,
) -> None:
    query = 'SELECT * WHERE { ?s ?p "<&>" }'
    r = client.get("/editor", params={"query": query, "lang": "fi"})
    block = re.search(
        r'<script type="application/json" id="editor-config">(.*?)</script>', r.text, re.S
    )
    assert block
    config = json.loads(block.group(1))
    assert config["endpoint"] == "/sparql" and config["prefixes"] == PREFIXES
    assert config["query"] == query and config["run"] is False
    assert "&lt;&amp;&gt;" in r.text.split('id="plain-query"')[1].split("</textarea>")[0]


def test_the_editor_without_javascript_runs_the_query(client: TestClient, store: Store) -> None:
    query = "SELECT ?m ?n WHERE { ?m a yp:Municipality ; skos:prefLabel ?n } ORDER BY ?n LIMIT 4"
    expected = store.select(query)
    page = client.get("/editor", params={"query": query, "format": "html", "lang": "en"})
    assert page.status_code == 200
    [table] = [t for t in page_tables(page.text).tables if t and t[0] == ["m", "n"]]
    assert table[1:] == [[row["m"], row["n"]] for row in expected]
    csv = client.get("/editor", params={"query": query, "format": "csv"})
    assert csv.headers["content-type"].startswith("text/csv")
    assert len(csv.text.strip().splitlines()) == len(expected) + 1
    graph = client.get(
        "/editor",
        params={"query": "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 2", "format": "turtle"},
    )
    assert graph.headers["content-type"].startswith("text/turtle")
    bad = client.get("/editor", params={"query": "SELEC ?x", "format": "html"})
    assert bad.status_code == 400 and 'role="alert"' in bad.text
