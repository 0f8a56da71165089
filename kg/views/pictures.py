"""The pages' pictures: the county heat map, the audit status bar and the survey chart,
drawn by :mod:`kg.web.svg` from the views' data (the same numbers as the tables)."""

from __future__ import annotations

from markupsafe import Markup

from kg.audit.evaluate import STATUSES, Summary
from kg.messages import message
from kg.views.county import HeatMap, SurveyChart
from kg.web import svg


def heat_picture(heat: HeatMap, lang: str) -> Markup:
    """The heat map as a picture (an image: its rows link nowhere, the table beside it
    links each municipality; links inside role="img" are hidden from screen readers)."""
    rows = {code: i for i, (code, _) in enumerate(heat.municipalities)}
    columns = {code: j for j, (code, _) in enumerate(heat.themes)}
    cells = {}
    for (m, t), cell in heat.cells.items():
        label = message("county.cell_title", lang, m=cell.municipality, c=cell.county)
        cells[(rows[m], columns[t])] = svg.Cell(
            f"{cell.municipality} / {cell.county}", cell.level, label
        )
    return svg.heat_map(
        [name for _, name in heat.municipalities],
        [label for _, label in heat.themes],
        cells,
        title=message("county.heat_caption", lang),
        description=message("county.heat_legend", lang),
    )


def audit_picture(summary: Summary, lang: str) -> Markup:
    parts = [(message(f"audit.{s}", lang), summary.total.counts[s], s) for s in STATUSES]
    return svg.status_bar(
        parts,
        title=message("audit_page.status_bar", lang),
        description=", ".join(f"{label}: {n}" for label, n, _ in parts),
    )


def survey_picture(chart: SurveyChart, lang: str) -> Markup:
    known = [v for v in chart.values if v is not None]
    return svg.bar_chart(
        chart.labels,
        chart.values,
        title=message(f"survey.{chart.dataset}", lang),
        description=message("county.survey_caption", lang),
        id_prefix=f"survey-{chart.dataset}",
        low=min(known) if known else None,
        high=max(known) if known else None,
        highlight=chart.highlight,
        value_format=lambda v: f"{v:.2f}".replace(".", "," if lang != "en" else "."),
        axis_max=5.0,
    )
