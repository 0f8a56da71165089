"""The interactive HTML view: self-contained, in the asked language, escaped, stable."""

from __future__ import annotations

import json
import random
import re

import networkx as nx
import pytest

from kg.network.layout import MAX_RADIUS, MIN_RADIUS, positions
from kg.network.view import render_html

ID = "https://w3id.org/yhdyspinta/id/"
EVIL = '<img src=x onerror="alert(1)">'
BREAKOUT = "</script><script>alert(2)</script>"
# http(s) strings inside vis-network's own code and licence header: identifiers and
# documentation, never loaded (the browser test checks that no request leaves the machine)
VIS_NETWORK_URLS = {
    "http://almende.com",
    "http://opensource.org/licenses/MIT",
    "http://www.apache.org/licenses/LICENSE-2.0",
    "http://www.w3.org/2000/svg",
    "https://github.com/uuidjs/uuid#getrandomvalues-not-supported",
    "https://github.com/visjs",
    "https://github.com/zloirock/core-js",
    "https://github.com/zloirock/core-js/blob/v3.21.1/LICENSE",
    "https://visjs.github.io/vis-network/",
}
URL = re.compile(r"https?://[^\s\"'<>()\\]+")


def _node(g: nx.Graph, path: str, kind: str, name: str, **attrs: object) -> str:
    iri = ID + path
    g.add_node(
        iri,
        kind=kind,
        label_fi=f"{name} (fi)",
        label_sv=f"{name} (sv)",
        label_en=f"{name} (en)",
        code=attrs.get("code", ""),
        county=attrs.get("county"),
        illustrative=bool(attrs.get("illustrative", False)),
    )
    return iri


def _link(g: nx.Graph, u: str, v: str, relations: dict[str, int], *evidence: str) -> None:
    g.add_edge(
        u,
        v,
        relations=relations,
        weight=sum(relations.values()),
        evidence=[ID + e for e in evidence] or [ID + f"agreement/{len(g.edges)}"],
    )


def small_graph() -> nx.Graph:
    """Seven nodes: a county, its municipalities, Kela, a theme and an illustrative node."""
    g = nx.Graph(filters={"county": "20", "theme": None})
    county = _node(g, "county/20", "county", "Kainuu", code="20", county="20")
    kajaani = _node(g, "municipality/205", "municipality", "Kajaani", code="205", county="20")
    kuhmo = _node(g, "municipality/290", "municipality", "Kuhmo", code="290", county="20")
    evil = _node(g, "municipality/999", "municipality", EVIL, code=BREAKOUT, county="20")
    kela = _node(g, "organisation/kela", "kela", "Kela")
    theme = _node(g, "theme-x/hyte", "theme", "Hyte")
    example = _node(g, "organisation/x", "organisation", "Example", illustrative=True)
    _link(g, kajaani, county, {"agreement": 2, "negotiation": 5}, "event/n1", "agreement/a1")
    _link(g, kuhmo, county, {"agreement": 1})
    _link(g, evil, county, {"forum": 1}, "forum/" + "x" * 3)
    _link(g, county, kela, {"agreement": 1})
    _link(g, kajaani, theme, {"interface": 1})
    _link(g, kuhmo, example, {"dual-role": 1})
    return g


def sample_graph(municipalities: int = 300, persons: int = 0, seed: int = 7) -> nx.Graph:
    """A made-up graph shaped like the national organisation network: counties, their
    municipalities, councils, employment authorities, Kela, themes and (optionally) people."""
    rnd = random.Random(seed)
    g = nx.Graph(filters={})
    counties = [
        _node(g, f"county/{c:02d}", "county", f"County {c}", code=f"{c:02d}", county=f"{c:02d}")
        for c in range(1, 22)
    ]
    councils = [_node(g, f"council/{r}", "regional-council", f"Council {r}") for r in range(18)]
    areas = [_node(g, f"employment/{e}", "employment-authority", f"Area {e}") for e in range(40)]
    themes = [_node(g, f"theme-x/{t}", "theme", f"Theme {t}") for t in range(12)]
    kela = _node(g, "organisation/kela", "kela", "Kela")
    munis = []
    for i in range(municipalities):
        code = f"{i % 21 + 1:02d}"
        m = _node(g, f"municipality/{i:03d}", "municipality", f"M {i}", county=code)
        munis.append(m)
        negotiations = rnd.randint(0, 3)
        relations = {"agreement": 1} | ({"negotiation": negotiations} if negotiations else {})
        _link(g, m, ID + f"county/{code}", relations)
        _link(g, m, areas[i % len(areas)], {"agreement": 1})
        for t in rnd.sample(themes, rnd.randint(0, 2)):
            _link(g, m, t, {"interface": 1})
    for i, county in enumerate(counties):
        _link(g, county, councils[i % len(councils)], {"forum": 2})
        _link(g, county, kela, {"agreement": 1})
    for p in range(persons):
        person = _node(g, f"person/{p}", "person", f"Person {p}")
        m = rnd.choice(munis)
        _link(g, person, m, {"dual-role": 1})
        _link(g, person, ID + f"county/{g.nodes[m]['county']}", {"dual-role": 1})
    return g


def page_data(page: str) -> dict:
    """The JSON the page hands to vis-network."""
    match = re.search(r'<script type="application/json" id="network-data">(.*?)</script>', page)
    assert match, "no network data in the page"
    return json.loads(match.group(1))


def test_page_is_self_contained() -> None:
    page = render_html(sample_graph(60), lang="fi")
    assert "<script src" not in page and "<link" not in page and "@import" not in page
    assert not re.search(r"url\(\s*(?!['\"]?data:)", page), "a CSS url() that is not data:"
    assert not re.search(r"cdn\.|cdnjs|jsdelivr|unpkg|bootstrap|tom-select|googleapis", page)
    for url in set(URL.findall(page)):
        assert url.startswith(ID) or url in VIS_NETWORK_URLS, url
    assert "vis.Network" in page and "@license" in page  # vis-network inlined, licence kept


def test_entity_links_follow_href() -> None:
    page = render_html(small_graph(), lang="en", href=lambda iri: "/id/" + iri[len(ID) :])
    data = page_data(page)
    kajaani = next(n for n in data["nodes"] if n["id"] == ID + "municipality/205")
    assert kajaani["href"] == "/id/municipality/205"
    assert '<a href="/id/municipality/205">Open the entity page</a>' in kajaani["tooltip"]
    assert 'href="http' not in page  # IRIs stay node ids, the links are the service's
    edge = next(e for e in data["edges"] if "event/n1" in e["tooltip"])
    assert '<a href="/id/event/n1">n1</a>' in edge["tooltip"]


def test_links_that_could_run_script_are_dropped() -> None:
    data = page_data(render_html(small_graph(), href=lambda iri: "javascript:alert(3)"))
    assert all(n["href"] is None and "<a " not in n["tooltip"] for n in data["nodes"])
    assert "javascript:" not in json.dumps(data)


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("fi", ["Toimijat", "kunta", "hyvinvointialue", "Yhteistyö", "sopimus", "neuvottelu"]),
        ("sv", ["Aktörer", "kommun", "välfärdsområde", "Samarbete", "avtal", "förhandling"]),
        ("en", ["Kinds", "municipality", "wellbeing services county", "Relations", "agreement"]),
    ],
)
def test_legend_in_the_page_language(lang: str, words: list[str]) -> None:
    page = render_html(small_graph(), lang=lang)
    assert f'<html lang="{lang}">' in page
    legend = page[page.index("<aside") : page.index("</aside>")]
    for word in words:
        assert f"{word}</li>" in legend or f">{word}<" in legend, word
    assert {"fi": "katkoviivareuna", "sv": "streckad kant", "en": "dashed border"}[lang] in legend
    data = page_data(page)
    kajaani = next(n for n in data["nodes"] if n["id"] == ID + "municipality/205")
    assert kajaani["label"] == f"Kajaani ({lang})"
    assert f"Kainuu ({lang})" in kajaani["tooltip"]  # county named, not only coded


def test_data_text_is_escaped() -> None:
    page = render_html(small_graph(), lang="en", title="<b>Title</b>")
    assert EVIL not in page and BREAKOUT not in page and "<b>Title</b>" not in page
    assert "&lt;b&gt;Title&lt;/b&gt;" in page
    data = page_data(page)
    evil = next(n for n in data["nodes"] if n["id"] == ID + "municipality/999")
    assert evil["label"] == f"{EVIL} (en)"  # drawn on the canvas as text
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in evil["tooltip"]
    assert "&lt;/script&gt;&lt;script&gt;alert(2)" in evil["tooltip"]
    assert "<img" not in evil["tooltip"] and "<script" not in evil["tooltip"]


def test_tooltips_give_kind_code_metric_and_relations() -> None:
    sizes = {ID + "county/20": 0.75, ID + "municipality/205": 0.25}
    data = page_data(render_html(small_graph(), lang="fi", sizes=sizes, size_label="Välisyys"))
    county = next(n for n in data["nodes"] if n["id"] == ID + "county/20")
    assert "<th>Tyyppi</th><td>hyvinvointialue</td>" in county["tooltip"]
    assert "<th>Koodi</th><td>20</td>" in county["tooltip"]
    assert "<th>Välisyys</th><td>0.75</td>" in county["tooltip"]
    edge = next(e for e in data["edges"] if "event/n1" in e["tooltip"])
    assert "<th>sopimus</th><td>2</td>" in edge["tooltip"]
    assert "<th>neuvottelu</th><td>5</td>" in edge["tooltip"]
    assert "<th>Paino</th><td>7</td>" in edge["tooltip"]


def test_style_by_kind_size_relation_and_weight() -> None:
    g = small_graph()
    sizes = {n: float(i) for i, n in enumerate(sorted(g))}
    data = page_data(render_html(g, sizes=sizes))
    nodes = {n["id"]: n for n in data["nodes"]}
    ordered = [nodes[n]["size"] for n in sorted(g)]
    assert ordered == sorted(ordered)
    assert ordered[0] == MIN_RADIUS and ordered[-1] == MAX_RADIUS
    assert nodes[ID + "county/20"]["shape"] != nodes[ID + "municipality/205"]["shape"]
    assert nodes[ID + "organisation/x"]["shapeProperties"]["borderDashes"]
    assert "shapeProperties" not in nodes[ID + "organisation/kela"]
    lines = {(e["from"], e["to"], e["relation"]): e for e in data["edges"]}
    # county-205: 5 negotiations (dashed) and 2 agreements (solid), each its own line
    heavy = lines[(ID + "county/20", ID + "municipality/205", "negotiation")]
    twice = lines[(ID + "county/20", ID + "municipality/205", "agreement")]
    plain = lines[(ID + "county/20", ID + "municipality/290", "agreement")]
    assert heavy["dashes"] and twice["dashes"] is False and plain["dashes"] is False
    assert heavy["width"] > twice["width"] > plain["width"]
    assert data["options"]["physics"]["enabled"] is False


def test_positions_are_the_same_on_every_render() -> None:
    g = sample_graph(120)
    first, second = render_html(g), render_html(g)
    assert first == second
    again = nx.Graph(**g.graph)  # the same graph built in another order
    again.add_nodes_from(reversed(list(g.nodes(data=True))))
    again.add_edges_from(reversed(list(g.edges(data=True))))
    assert positions(again) == positions(g)
    xy = {n["id"]: (n["x"], n["y"]) for n in page_data(first)["nodes"]}
    assert xy == {n: pytest.approx(p) for n, p in positions(g).items()}
    assert len(set(xy.values())) == len(xy)  # no two nodes on one spot


def test_isolated_nodes_are_placed_apart() -> None:
    g = small_graph()
    for i in range(5):
        _node(g, f"municipality/{700 + i}", "municipality", f"Alone {i}")
    where = positions(g)
    assert len(set(where.values())) == g.number_of_nodes()


def test_empty_graph_says_no_cooperation_recorded() -> None:
    for lang, message in [
        ("fi", "ei ole kirjattu yhteistyötä"),
        ("sv", "Inget samarbete har registrerats"),
        ("en", "No cooperation recorded for these filters."),
    ]:
        page = render_html(nx.Graph(filters={"county": "20"}), lang=lang)
        assert message in page and "county = 20" in page
        assert "vis.Network" not in page and "vis-network" not in page  # nor its CSS


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="lang"):
        render_html(small_graph(), lang="de")
