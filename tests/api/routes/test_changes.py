"""The change history over HTTP: the pages list the committed versions newest first in
the reader's language, a county's page its own, the Atom feeds parse with absolute IRIs at
the configured address, and a version's files are the ones kept, found from the log only."""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from kg.config import Settings
from kg.messages import message
from tests.changes_history import Made, with_history

A = "{http://www.w3.org/2005/Atom}"
PUBLIC = "https://yhdyspinta.example.fi/kg/"


@pytest.fixture(scope="module")
def made(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, Made]:
    with_public = dataclasses.replace(settings, public_url=PUBLIC)
    return with_history(with_public, tmp_path_factory.mktemp("changes"))


@pytest.fixture(scope="module")
def client(made: tuple[Settings, Made]) -> TestClient:
    return TestClient(create_app(made[0]))


@pytest.fixture
def m(made: tuple[Settings, Made], client: TestClient) -> Made:
    client.cookies.clear()  # each test as a reader who chose no language
    return made[1]


class Page(HTMLParser):
    """The elements' attributes, the text of each element with an id-like attribute."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.h1: list[str] = []
        self._in_h1 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))
        self._in_h1 = tag == "h1"

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_h1:
            self.h1.append(data)

    def having(self, attribute: str) -> list[dict[str, str]]:
        return [a for _, a in self.elements if attribute in a]


def parsed(body: str) -> Page:
    page = Page()
    page.feed(body)
    return page


def listed(body: str) -> list[str]:
    return [a["data-version"] for a in parsed(body).having("data-version")]


def test_the_page_lists_the_versions_newest_first(client: TestClient, m: Made) -> None:
    answer = client.get("/changes", params={"lang": "fi"})
    assert answer.status_code == 200
    assert listed(answer.text) == [v.version for v in reversed(m.versions)]
    assert m.uncommitted not in answer.text
    rows = re.findall(
        r'<tr data-version="([^"]+)">\s*<td class="n"><a [^>]*>(\d+)</a>', answer.text
    )
    assert [(v, int(n)) for v, n in rows] == [(v.version, v.number) for v in reversed(m.versions)]
    assert [v.number for v in reversed(m.versions)] == [4, 3, 2, 1]
    first = answer.text.split(f'data-version="{m.versions[0].version}"')[1].split("</tr>")[0]
    assert (
        '<td class="n" data-kind="responsibility"><span title="lisätty">+3</span> '
        '<span title="muutettu">~1</span> <span title="poistettu">−0</span></td>'
    ) in first
    assert '<td class="n">+40 / −7</td>' in first
    assert f'title="SHA-256 {m.versions[0].file_sha256}">{m.versions[0].file_sha256[:12]}…' in first
    assert "Aino Koordinaattori" in first and "vastuut-pohjois-savo.xlsx" in first
    assert "Kuopio (Pohjois-Savon hyvinvointialue)" in answer.text
    # a name is text, never markup
    assert "Bertil &lt;Samordnare&gt; &amp; co" in answer.text
    assert "<Samordnare>" not in answer.text


def test_a_county_page_lists_its_own_versions(client: TestClient, m: Made) -> None:
    north_savo = client.get("/changes/13", params={"lang": "fi"})
    assert north_savo.status_code == 200
    assert listed(north_savo.text) == [m.versions[i].version for i in (3, 1, 0)]
    assert message("changes.county_title", "fi").format(
        county="Pohjois-Savon hyvinvointialue"
    ) in "".join(parsed(north_savo.text).h1)
    assert listed(client.get("/changes/05").text) == [m.versions[2].version]
    assert listed(client.get("/changes/21").text) == []
    for wrong in ("77", "091", "versions", "13.xml", "%3Cb%3E"):
        answer = client.get(f"/changes/{wrong}", params={"lang": "en"})
        assert answer.status_code == 404, wrong
        assert "<b>" not in answer.text


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_pages_speak_the_readers_language(client: TestClient, m: Made, lang: str) -> None:
    page = parsed(client.get("/changes", params={"lang": lang}).text)
    text = "".join(page.text)
    assert "".join(page.h1) == message("changes.title", lang)
    for key in ("changes.number", "changes.agent", "changes.statements", "import.agreement"):
        assert message(key, lang) in text, key
    current = [a for _, a in page.elements if a.get("aria-current") == "page"]
    assert current and current[0]["href"] == f"/changes?lang={lang}"
    version = client.get(f"/changes/versions/{m.versions[3].version}", params={"lang": lang})
    words = "".join(parsed(version.text).text)
    assert message("changes.restored_from", lang) in words
    assert message("changes.action.restore", lang) in words
    assert message("changes.items", lang) in words


def test_headings_differ_by_language(client: TestClient, m: Made) -> None:
    h1 = {
        lang: "".join(parsed(client.get("/changes", params={"lang": lang}).text).h1)
        for lang in ("fi", "sv", "en")
    }
    assert h1 == {"fi": "Muutoshistoria", "sv": "Ändringshistorik", "en": "Change history"}


def test_every_page_links_the_change_history(client: TestClient, m: Made) -> None:
    home = parsed(client.get("/", params={"lang": "sv"}).text)
    links = {a["href"] for _, a in home.elements if "href" in a}
    assert "/changes?lang=sv" in links
    assert message("site.section.changes", "sv") in "".join(home.text)


def test_the_rows_come_as_json_and_csv(client: TestClient, m: Made) -> None:
    by_format = client.get("/changes/13", params={"format": "json"}).json()
    by_accept = client.get("/changes/13", headers={"Accept": "application/json"}).json()
    assert by_format == by_accept
    assert [r["version"] for r in by_format["rows"]] == [m.versions[i].version for i in (3, 1, 0)]
    kuopio = by_format["rows"][1]
    assert (kuopio["municipality"], kuopio["municipality_name"]) == ("297", "Kuopio")
    assert (kuopio["agreement_changed"], kuopio["agreement_removed"]) == (2, 1)
    answer = client.get("/changes", params={"format": "csv"})
    assert answer.headers["content-disposition"] == 'attachment; filename="changes.csv"'
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert [r["number"] for r in rows] == ["4", "3", "2", "1"]
    assert rows[3]["responsibility_added"] == "3"


def test_the_version_page_lists_its_changes(client: TestClient, m: Made) -> None:
    v = m.versions[0]
    answer = client.get(f"/changes/versions/{v.version}", params={"lang": "en"})
    assert answer.status_code == 200
    items = parsed(answer.text).having("data-change")
    assert [(a["data-kind"], a["data-change"]) for a in items] == [
        (c["kind"], c["change"]) for c in m.changes[v.version]
    ]
    assert (
        "<td>yhteyskanava</td><td>https://old.example/0</td><td>https://new.example/0</td>"
        in answer.text
    )
    assert "<td>voimassa asti</td><td>–</td><td>2027-12-31</td>" in answer.text
    links = {a["href"] for a in parsed(answer.text).having("href")}
    assert f"/changes/versions/{v.version}/graphs.nq" in links
    assert f"/changes/versions/{v.version}/upload" in links
    restore = client.get(f"/changes/versions/{m.versions[3].version}", params={"lang": "en"})
    restore_links = {a["href"] for a in parsed(restore.text).having("href")}
    assert f"/changes/versions/{v.version}?lang=en" in restore_links
    record = client.get(f"/changes/versions/{v.version}", params={"format": "json"}).json()
    assert record["changes"] == m.changes[v.version]
    assert record["file_sha256"] == v.file_sha256


def test_the_pages_name_their_feed(client: TestClient, m: Made) -> None:
    for path, feed in (("/changes", "/changes.atom"), ("/changes/13", "/changes/13.atom")):
        alternates = [
            a
            for tag, a in parsed(client.get(path).text).elements
            if tag == "link" and a.get("rel") == "alternate"
        ]
        assert [(a["type"], a["href"]) for a in alternates] == [("application/atom+xml", feed)]


def test_the_feeds_are_atom_at_the_configured_address(client: TestClient, m: Made) -> None:
    answer = client.get("/changes.atom", headers={"Host": "evil.example"})
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/atom+xml"
    feed = ET.fromstring(answer.content)
    assert feed.tag == f"{A}feed"
    assert feed.findtext(f"{A}id") == f"{PUBLIC}changes"
    entries = feed.findall(f"{A}entry")
    assert [e.findtext(f"{A}id") for e in entries] == [
        f"{PUBLIC}changes/versions/{v.version}" for v in reversed(m.versions)
    ]
    hrefs = [link.get("href") or "" for link in feed.iter(f"{A}link")]
    assert len(hrefs) == 2 + len(entries)
    assert all(h.startswith(PUBLIC) for h in hrefs), hrefs
    assert "evil.example" not in answer.text
    county = ET.fromstring(client.get("/changes/13.atom").content)
    assert len(county.findall(f"{A}entry")) == 3
    assert county.findtext(f"{A}id") == f"{PUBLIC}changes/13"
    assert client.get("/changes/77.atom").status_code == 404


def test_the_graphs_of_a_version_are_the_file_kept(client: TestClient, m: Made) -> None:
    for v in m.versions:
        answer = client.get(f"/changes/versions/{v.version}/graphs.nq")
        assert answer.status_code == 200
        assert answer.content == m.graphs[v.version]
        assert answer.headers["content-type"] == "application/n-quads"


def test_the_upload_is_a_download_of_the_file_as_received(client: TestClient, m: Made) -> None:
    xlsx = client.get(f"/changes/versions/{m.versions[0].version}/upload")
    assert xlsx.content == m.uploads[m.versions[0].version]
    assert xlsx.headers["content-type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert xlsx.headers["content-disposition"] == (
        'attachment; filename="vastuut-pohjois-savo-1.xlsx"'
    )
    csv_file = client.get(f"/changes/versions/{m.versions[1].version}/upload")
    assert csv_file.content == m.uploads[m.versions[1].version]
    assert csv_file.headers["content-type"] == "text/csv; charset=utf-8"
    assert csv_file.headers["content-disposition"] == 'attachment; filename="kuopio-2.csv"'
    assert csv_file.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(
    "asked",
    [
        "..%2F..%2Fsecret.txt",
        "..%2Fversions",
        "%2E%2E",
        "20260301T093000000000Z-abcdef",  # well formed, never published
        "20260301T093000000000Z-ABCDEF",
        "x" * 300,
    ],
)
def test_no_file_but_a_committed_versions_is_given(
    client: TestClient, made: tuple[Settings, Made], m: Made, asked: str
) -> None:
    secret = made[0].data_dir / "secret.txt"
    secret.write_text("not for the web", "utf-8")
    for tail in ("", "/graphs.nq", "/upload"):
        answer = client.get(f"/changes/versions/{asked}{tail}")
        assert answer.status_code == 404, (asked, tail)
        assert "not for the web" not in answer.text


def test_an_uncommitted_version_is_not_served(client: TestClient, m: Made) -> None:
    for tail in ("", "/graphs.nq", "/upload"):
        assert client.get(f"/changes/versions/{m.uncommitted}{tail}").status_code == 404
    assert client.get("/changes/versions/" + m.uncommitted + "%0A").status_code == 404
