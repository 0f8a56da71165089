"""One network view for the command line and the API: project, measure, render.

:func:`network_view` projects the chosen network with its filters, computes its metrics and
gives it as an interactive HTML page, a PNG image, or the metrics as JSON or CSV, with
nodes sized by the chosen metric. :func:`network_diff_view` gives the change between two
periods as JSON or CSV. ``kg network`` and ``GET /network`` both call these.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from kg.messages import message
from kg.network.diff import NETWORKS, network_diff
from kg.network.metrics import compute_metrics
from kg.network.view import render_html
from kg.store import Store
from kg.web.render import Chrome

FORMATS = {
    "html": "text/html; charset=utf-8",
    "png": "image/png",
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
}
# the metrics nodes may be sized by; their names are the catalogue's ``network.metric.*``
METRICS = ("betweenness", "eigenvector", "degree", "weighted_degree", "brokerage")


@dataclass(frozen=True)
class View:
    body: bytes
    media_type: str


def _period(value: str) -> dt.date | str:
    """An as-of date (YYYY-MM-DD), else a council term (IRI or label)."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return value


def network_view(
    store: Store,
    *,
    fmt: str = "html",
    network: str = "organisation",
    county: str | None = None,
    theme: str | None = None,
    relations: Iterable[str] | None = None,
    as_of: dt.date | None = None,
    term: str | None = None,
    metric: str = "betweenness",
    lang: str = "fi",
    href: Callable[[str], str] | None = None,
    chrome: Chrome | None = None,
) -> View:
    """The network as ``fmt`` (html, png, json or csv). Raises ValueError for an unknown
    format, network, metric, relation or language and LookupError for an unknown county,
    theme or term, each naming the value. The HTML page is the service's with ``chrome``,
    else a self-contained file."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if network not in NETWORKS:
        raise ValueError(f"network must be one of {', '.join(NETWORKS)}, not {network!r}")
    if metric not in METRICS:
        raise ValueError(f"metric must be one of {', '.join(METRICS)}, not {metric!r}")
    if lang not in ("fi", "sv", "en"):
        raise ValueError(f"lang must be fi, sv or en, not {lang!r}")
    graph = NETWORKS[network](
        store, county=county, theme=theme, relations=relations, as_of=as_of, term=term
    )
    metrics = compute_metrics(graph)
    if fmt == "json":
        return View(metrics.to_json().encode("utf-8"), FORMATS[fmt])
    if fmt == "csv":
        return View(metrics.to_csv().encode("utf-8"), FORMATS[fmt])
    sizes = {n.iri: float(getattr(n, metric)) for n in metrics.nodes}
    if fmt == "png":
        from kg.network.png import render_png  # matplotlib: loaded only to draw a PNG

        return View(render_png(graph, lang=lang, sizes=sizes), FORMATS[fmt])
    page = render_html(
        graph,
        lang=lang,
        sizes=sizes,
        size_label=message(f"network.metric.{metric}", lang),
        href=href,
        chrome=chrome,
    )
    return View(page.encode("utf-8"), FORMATS[fmt])


def network_diff_view(
    store: Store,
    before: str,
    after: str,
    *,
    fmt: str = "json",
    table: str = "nodes",
    network: str = "organisation",
    county: str | None = None,
    theme: str | None = None,
    relations: Iterable[str] | None = None,
) -> View:
    """The change between two periods (each a date YYYY-MM-DD or a council term) as JSON,
    or as CSV with one row per node (``table="nodes"``) or per edge (``"edges"``)."""
    if fmt not in ("json", "csv"):
        raise ValueError(f"format must be json or csv, not {fmt!r}")
    if table not in ("nodes", "edges"):
        raise ValueError(f"table must be nodes or edges, not {table!r}")
    diff = network_diff(
        store,
        _period(before),
        _period(after),
        network=network,
        county=county,
        theme=theme,
        relations=relations,
    )
    if fmt == "json":
        return View(diff.to_json().encode("utf-8"), FORMATS["json"])
    rows = diff.to_csv("nodes" if table == "nodes" else "edges")
    return View(rows.encode("utf-8"), FORMATS["csv"])
