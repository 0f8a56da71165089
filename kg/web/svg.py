"""Server-rendered SVG pictures for the web pages: a heat map, a bar chart, a status bar.

The pictures are drawn here, on the server, so that they show without JavaScript, can be
embedded in the pages and the self-contained report files alike, and can be downloaded as
files of their own (:func:`to_document`). Each function returns a :class:`markupsafe.Markup`
string a Jinja2 template embeds as it is; every text placed in it (labels come in already
translated) is escaped here.

The site's Content-Security-Policy forbids inline styles, so the pictures use presentation
attributes only (``fill``, ``stroke``, ``font-size``…), never ``style``. Following WCAG,
nothing is said by colour alone (each cell, bar and segment has its number or word written
out) and every text has a contrast of at least 4.5:1 against what it is drawn on. The
colours are those of ``kg/web/static/css/site.css``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

# (text colour, fill colour) of each tone, as in site.css
OK = ("#17622c", "#d9efdf")
WARN = ("#7a4b00", "#fbe7c3")
BAD = ("#9b1c1c", "#f8d8d8")
INFO = ("#0b4f8a", "#dbe9f6")
NONE = ("#4d4d4d", "#eeeeee")
TEXT = "#1b1b1b"
STATUS_TONES = {
    "fulfilled": OK,
    "open": INFO,
    "no-evidence": WARN,
    "missed": BAD,
    "not-applicable": NONE,
}
BAR_FILL, BAR_HIGHLIGHT, BAND_FILL = "#5b8fc7", "#0b4f8a", "#e6e6e6"
FONT = "system-ui, sans-serif"
CHAR_WIDTH = 7.0  # a rough width of a character at font-size 12, for laying out labels
NOT_IN_SCOPE = "–"


@dataclass(frozen=True)
class Cell:
    """One cell of a heat map: ``text`` what it says ("1 / 0"), ``level`` the coverage
    0..1 it is coloured by (None: not in scope, drawn grey saying "–"), ``label`` the
    longer accessible text shown as its tooltip."""

    text: str
    level: float | None
    label: str = ""


def _n(x: float) -> str:
    """A coordinate: at most two decimals, no trailing zeros."""
    return f"{x:.2f}".rstrip("0").rstrip(".")


def _text_width(text: str, size: float = 12) -> float:
    return len(text) * CHAR_WIDTH * size / 12


def _svg(
    body: Sequence[str], width: float, height: float, *, title: str, desc: str, id_prefix: str
) -> Markup:
    prefix = escape(id_prefix)
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-labelledby="{prefix}-title {prefix}-desc" '
        f'width="{_n(width)}" height="{_n(height)}" viewBox="0 0 {_n(width)} {_n(height)}" '
        f'font-family="{FONT}" font-size="12" fill="{TEXT}">'
        f'<title id="{prefix}-title">{escape(title)}</title>'
        f'<desc id="{prefix}-desc">{escape(desc)}</desc>'
    )
    return Markup(head + "".join(body) + "</svg>")


def _tone(level: float | None) -> tuple[str, str]:
    if level is None:
        return NONE
    if level >= 1.0:
        return OK
    return BAD if level <= 0.0 else WARN


def heat_map(
    row_labels: Sequence[str],
    column_labels: Sequence[str],
    cells: Mapping[tuple[int, int], Cell],
    *,
    title: str,
    description: str,
    id_prefix: str = "heat",
    row_links: Sequence[str | None] | None = None,
) -> Markup:
    """A grid of ``cells`` keyed by (row, column) index, coloured by their level (1: ok,
    0: bad, between: warn, None or missing: not in scope), column labels slanted at the
    top, row labels (links where ``row_links`` gives an address) on the left."""
    cw, ch = 44.0, 22.0
    diagonal = 0.7071
    left = max((_text_width(label) for label in row_labels), default=0) + 10
    longest = max((_text_width(label) for label in column_labels), default=0)
    top = longest * diagonal + 14
    width = left + cw * len(column_labels) + max(longest * diagonal - cw / 2, 0) + 4
    height = top + ch * len(row_labels) + 2
    body: list[str] = []
    for j, label in enumerate(column_labels):
        x, y = left + cw * j + cw / 2, top - 6
        body.append(
            f'<text class="column" x="{_n(x)}" y="{_n(y)}" '
            f'transform="rotate(-45 {_n(x)} {_n(y)})">{escape(label)}</text>'
        )
    for i, label in enumerate(row_labels):
        y = top + ch * i
        text = (
            f'<text class="row" x="{_n(left - 6)}" y="{_n(y + ch / 2 + 4)}" '
            f'text-anchor="end">{escape(label)}</text>'
        )
        link = row_links[i] if row_links is not None and i < len(row_links) else None
        body.append(f'<a href="{escape(link)}">{text}</a>' if link else text)
        for j in range(len(column_labels)):
            cell = cells.get((i, j), Cell(NOT_IN_SCOPE, None, ""))
            fg, bg = _tone(cell.level)
            shown = NOT_IN_SCOPE if cell.level is None else cell.text
            x = left + cw * j
            tip = f"<title>{escape(cell.label)}</title>" if cell.label else ""
            body.append(
                f'<g class="cell">{tip}'
                f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(cw)}" height="{_n(ch)}" '
                f'fill="{bg}" stroke="#ffffff"/>'
                f'<text x="{_n(x + cw / 2)}" y="{_n(y + ch / 2 + 4)}" text-anchor="middle" '
                f'font-size="11" fill="{fg}">{escape(shown)}</text></g>'
            )
    return _svg(body, width, height, title=title, desc=description, id_prefix=id_prefix)


def bar_chart(
    labels: Sequence[str],
    values: Sequence[float | None],
    *,
    title: str,
    description: str,
    id_prefix: str = "bars",
    low: float | None = None,
    high: float | None = None,
    range_label: str = "",
    highlight: int | None = None,
    value_format: Callable[[float], str] = lambda v: f"{v:.2f}",
    axis_max: float | None = None,
) -> Markup:
    """Horizontal bars, one row per label, each value written at the end of its bar (None:
    "–" and no bar). When both ``low`` and ``high`` are given a shaded band shows that range
    (the national range) behind the bars, with a legend ``range_label low–high`` above
    them. The bar at index ``highlight`` is darker and its label bold. Bars start at 0
    (negative values draw none); the axis ends at ``axis_max`` or the largest number."""
    row, bar, plot, value_room = 22.0, 14.0, 320.0, 70.0
    band = low is not None and high is not None
    numbers = [v for v in values if v is not None] + [v for v in (low, high) if v is not None]
    end = axis_max if axis_max is not None else max(numbers, default=0.0)
    end = end if end > 0 else 1.0
    left = max((_text_width(label) for label in labels), default=0) + 10
    top = 24.0 if band else 4.0
    width, height = left + plot + value_room, top + row * len(labels) + 4

    def at(v: float) -> float:
        return left + plot * min(max(v, 0.0), end) / end

    body: list[str] = []
    if low is not None and high is not None:
        lo, hi = sorted((low, high))
        legend = f"{range_label} {value_format(lo)}–{value_format(hi)}".strip()
        body.append(
            f'<rect class="band" x="{_n(at(lo))}" y="{_n(top)}" width="{_n(at(hi) - at(lo))}" '
            f'height="{_n(row * len(labels))}" fill="{BAND_FILL}"/>'
            f'<rect x="{_n(left)}" y="4" width="12" height="12" fill="{BAND_FILL}" '
            f'stroke="#4d4d4d"/><text class="legend" x="{_n(left + 18)}" y="14">'
            f"{escape(legend)}</text>"
        )
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = top + row * i
        strong = i == highlight
        weight = ' font-weight="bold"' if strong else ""
        body.append(
            f'<text class="label" x="{_n(left - 6)}" y="{_n(y + row / 2 + 4)}" '
            f'text-anchor="end"{weight}>{escape(label)}</text>'
        )
        end_x = left
        if value is not None and value > 0:
            end_x = at(value)
            body.append(
                f'<rect class="bar" x="{_n(left)}" y="{_n(y + (row - bar) / 2)}" '
                f'width="{_n(end_x - left)}" height="{_n(bar)}" '
                f'fill="{BAR_HIGHLIGHT if strong else BAR_FILL}"/>'
            )
        shown = NOT_IN_SCOPE if value is None else value_format(value)
        body.append(
            f'<text class="value" x="{_n(end_x + 4)}" y="{_n(y + row / 2 + 4)}"{weight}>'
            f"{escape(shown)}</text>"
        )
    body.append(
        f'<line x1="{_n(left)}" y1="{_n(top)}" x2="{_n(left)}" y2="{_n(height - 4)}" '
        f'stroke="#4d4d4d"/>'
    )
    return _svg(body, width, height, title=title, desc=description, id_prefix=id_prefix)


def status_bar(
    parts: Sequence[tuple[str, int, str]],
    *,
    title: str,
    description: str,
    id_prefix: str = "status",
) -> Markup:
    """One stacked bar of ``parts`` (label, count, status key among ``STATUS_TONES``), each
    segment as wide as its share of the total (its count written in it when it fits), and
    a legend below saying "label: count" for every part, zero counts too."""
    unknown = [key for _, _, key in parts if key not in STATUS_TONES]
    if unknown:
        raise ValueError(f"unknown status keys: {unknown}")
    plot, bar_h, line = 400.0, 24.0, 18.0
    total = sum(max(count, 0) for _, count, _ in parts)
    legend_w = max((_text_width(f"{label}: {count}") for label, count, _ in parts), default=0)
    width = max(plot, legend_w + 22) + 4
    height = 2 + bar_h + 10 + line * len(parts)
    body: list[str] = []
    x = 2.0
    for label, count, key in parts:
        if total == 0 or count <= 0:
            continue
        fg, bg = STATUS_TONES[key]
        w = plot * count / total
        body.append(
            f'<g class="segment"><title>{escape(f"{label}: {count}")}</title>'
            f'<rect x="{_n(x)}" y="2" width="{_n(w)}" height="{_n(bar_h)}" fill="{bg}" '
            f'stroke="#ffffff"/>'
        )
        if _text_width(str(count)) + 6 <= w:
            body.append(
                f'<text x="{_n(x + w / 2)}" y="{_n(2 + bar_h / 2 + 4)}" text-anchor="middle" '
                f'fill="{fg}">{count}</text>'
            )
        body.append("</g>")
        x += w
    body.append(
        f'<rect x="2" y="2" width="{_n(plot)}" height="{_n(bar_h)}" fill="none" stroke="#4d4d4d"/>'
    )
    for i, (label, count, key) in enumerate(parts):
        fg, bg = STATUS_TONES[key]
        y = 2 + bar_h + 10 + line * i
        body.append(
            f'<g class="legend"><rect x="2" y="{_n(y)}" width="12" height="12" fill="{bg}" '
            f'stroke="{fg}"/><text x="20" y="{_n(y + 10)}">{escape(f"{label}: {count}")}</text></g>'
        )
    return _svg(body, width, height, title=title, desc=description, id_prefix=id_prefix)


def to_document(svg: Markup) -> bytes:
    """``svg`` as a standalone file (an XML declaration and the picture) for an
    ``image/svg+xml`` answer or a download."""
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + str(svg).encode("utf-8") + b"\n"
