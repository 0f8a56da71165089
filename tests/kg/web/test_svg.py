"""The server-rendered SVG pictures: well-formed, accessible, escaped, drawn to scale."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable

import pytest
from markupsafe import Markup

from kg.web.svg import Cell, bar_chart, heat_map, status_bar, to_document

NS = "{http://www.w3.org/2000/svg}"
NASTY = '<script>alert("x")</script> & "quoted"'


def parse(svg: Markup) -> ET.Element:
    assert isinstance(svg, Markup)
    return ET.fromstring(str(svg))


def by_class(root: ET.Element, tag: str, cls: str) -> list[ET.Element]:
    return [e for e in root.iter(NS + tag) if e.get("class") == cls]


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def sample_heat_map(**options: object) -> Markup:
    cells = {
        (0, 0): Cell("1 / 0", 1.0, "Aa: one of one"),
        (0, 1): Cell("0 / 1", 0.0, "Aa: none of one"),
        (0, 2): Cell("1 / 2", 0.5, "Aa: one of two"),
        (1, 0): Cell("ignored", None, "Bb: not in scope"),
        (1, 1): Cell("2 / 0", 1.0, NASTY),
        (1, 2): Cell("0 / 3", 0.0, "Bb: none of three"),
    }
    return heat_map(
        ["Aa", NASTY],
        ["first theme", "second", "third"],
        cells,
        title="Coverage",
        description="Themes by region",
        **options,  # type: ignore[arg-type]
    )


def sample_bar_chart(**options: object) -> Markup:
    return bar_chart(
        ["Aa", "Bb", "Cc", NASTY],
        [2.0, 0.5, None, 1.0],
        title="Scores",
        description="Score by region",
        **options,  # type: ignore[arg-type]
    )


PARTS = [
    ("Fulfilled", 6, "fulfilled"),
    ("Open", 3, "open"),
    ("No evidence", 0, "no-evidence"),
    ("Missed", 1, "missed"),
    ("Not applicable", 2, "not-applicable"),
]


def sample_status_bar() -> Markup:
    return status_bar(PARTS, title="Obligations", description=NASTY, id_prefix="st-1")


PICTURES = [sample_heat_map, sample_bar_chart, sample_status_bar]


@pytest.mark.parametrize("draw", PICTURES)
def test_picture_is_an_accessible_svg(draw: Callable[[], Markup]) -> None:
    root = parse(draw())
    assert root.tag == NS + "svg"
    assert root.get("role") == "img"
    assert root.get("viewBox") and root.get("width") and root.get("height")
    ids = {e.get("id"): e for e in root.iter() if e.get("id")}
    labelled_by = (root.get("aria-labelledby") or "").split()
    assert [ids[i].tag for i in labelled_by] == [NS + "title", NS + "desc"]
    assert all(ids[i] in list(root) for i in labelled_by)  # its own, not a cell's title


@pytest.mark.parametrize("draw", PICTURES)
def test_picture_has_no_inline_style(draw: Callable[[], Markup]) -> None:
    root = parse(draw())
    for element in root.iter():
        assert "style" not in element.attrib
        assert element.tag != NS + "style"


@pytest.mark.parametrize("draw", PICTURES)
def test_text_is_escaped(draw: Callable[[], Markup]) -> None:
    svg = draw()
    assert "<script" not in str(svg)
    texts = ["".join(e.itertext()) for e in parse(svg).iter()]
    assert NASTY in texts


def test_id_prefix_makes_ids_distinct() -> None:
    one = parse(sample_heat_map(id_prefix="a"))
    two = parse(sample_heat_map(id_prefix="b"))
    ids = [e.get("id") for root in (one, two) for e in root.iter() if e.get("id")]
    assert len(ids) == 4 and len(set(ids)) == 4


def test_heat_map_draws_every_cell_with_its_text() -> None:
    root = parse(sample_heat_map())
    cells = by_class(root, "g", "cell")
    assert len(cells) == 2 * 3
    assert len([r for c in cells for r in c.iter(NS + "rect")]) == 2 * 3
    said = [c.find(NS + "text").text for c in cells]  # type: ignore[union-attr]
    assert said == ["1 / 0", "0 / 1", "1 / 2", "–", "2 / 0", "0 / 3"]
    tips = [c.find(NS + "title").text for c in cells]  # type: ignore[union-attr]
    assert tips[4] == NASTY and tips[0] == "Aa: one of one"


def test_heat_map_missing_cell_is_not_in_scope() -> None:
    root = parse(heat_map(["a"], ["x", "y"], {(0, 0): Cell("3", 1.0)}, title="t", description="d"))
    said = [c.find(NS + "text").text for c in by_class(root, "g", "cell")]  # type: ignore[union-attr]
    assert said == ["3", "–"]


def test_heat_map_colours_by_level_with_readable_text() -> None:
    root = parse(sample_heat_map())
    fills = []
    for cell in by_class(root, "g", "cell"):
        rect, text = cell.find(NS + "rect"), cell.find(NS + "text")
        assert rect is not None and text is not None
        assert contrast(text.get("fill", ""), rect.get("fill", "")) >= 4.5
        fills.append(rect.get("fill"))
    assert fills == ["#d9efdf", "#f8d8d8", "#fbe7c3", "#eeeeee", "#d9efdf", "#f8d8d8"]


def test_heat_map_row_links() -> None:
    root = parse(sample_heat_map(row_links=["/region/a?x=1&y=2", None]))
    links = list(root.iter(NS + "a"))
    assert [a.get("href") for a in links] == ["/region/a?x=1&y=2"]
    assert "".join(links[0].itertext()) == "Aa"


def test_bar_widths_are_proportional_to_values() -> None:
    root = parse(sample_bar_chart())
    bars = by_class(root, "rect", "bar")
    assert len(bars) == 3  # the None value draws no bar
    widths = [float(b.get("width", "nan")) for b in bars]
    assert widths[0] / widths[1] == pytest.approx(2.0 / 0.5, rel=1e-3)
    assert widths[0] / widths[2] == pytest.approx(2.0 / 1.0, rel=1e-3)
    values = [e.text for e in by_class(root, "text", "value")]
    assert values == ["2.00", "0.50", "–", "1.00"]


def test_bar_chart_axis_max_and_format() -> None:
    def first_width(root: ET.Element) -> float:
        return float(by_class(root, "rect", "bar")[0].get("width", "nan"))

    natural = parse(sample_bar_chart())  # the axis ends at the largest value, 2.0
    wider = parse(sample_bar_chart(axis_max=4.0, value_format=lambda v: f"{v:.1f} %"))
    assert first_width(wider) == pytest.approx(first_width(natural) / 2, rel=1e-3)
    assert [e.text for e in by_class(wider, "text", "value")] == ["2.0 %", "0.5 %", "–", "1.0 %"]


def test_range_band_only_when_range_given() -> None:
    assert by_class(parse(sample_bar_chart()), "rect", "band") == []
    assert by_class(parse(sample_bar_chart(low=0.5)), "rect", "band") == []
    root = parse(sample_bar_chart(low=0.5, high=1.5, range_label="National range"))
    (band,) = by_class(root, "rect", "band")
    bars = by_class(root, "rect", "bar")
    unit = float(bars[0].get("width", "nan")) / 2.0
    assert float(band.get("width", "nan")) == pytest.approx(unit * 1.0, rel=1e-3)
    assert float(band.get("x", "nan")) == pytest.approx(
        float(bars[0].get("x", "nan")) + unit * 0.5, rel=1e-3
    )
    (legend,) = by_class(root, "text", "legend")
    assert legend.text == "National range 0.50–1.50"
    assert list(root).index(band) < list(root).index(bars[0])  # behind the bars


def test_highlighted_bar_is_darker_and_bold() -> None:
    root = parse(sample_bar_chart(highlight=1))
    bars = by_class(root, "rect", "bar")
    assert bars[1].get("fill") != bars[0].get("fill") == bars[2].get("fill")
    labels = by_class(root, "text", "label")
    assert [e.get("font-weight") for e in labels] == [None, "bold", None, None]


def test_status_bar_segments_are_proportional() -> None:
    root = parse(sample_status_bar())
    segments = by_class(root, "g", "segment")
    widths = [float(g.find(NS + "rect").get("width", "nan")) for g in segments]  # type: ignore[union-attr]
    assert len(widths) == 4  # the zero count draws no segment
    counts = [6, 3, 1, 2]
    for width, count in zip(widths, counts, strict=True):
        assert width / widths[0] == pytest.approx(count / 6, rel=1e-3)
    for segment in segments:
        rect, text = segment.find(NS + "rect"), segment.find(NS + "text")
        if text is not None:
            assert contrast(text.get("fill", ""), rect.get("fill", "")) >= 4.5  # type: ignore[union-attr]


def test_status_bar_legend_lists_every_part() -> None:
    root = parse(sample_status_bar())
    legend = ["".join(g.itertext()) for g in by_class(root, "g", "legend")]
    assert legend == [f"{label}: {count}" for label, count, _ in PARTS]


def test_status_bar_rejects_unknown_status() -> None:
    with pytest.raises(ValueError):
        status_bar([("x", 1, "green")], title="t", description="d")


def test_to_document_is_a_standalone_svg_file() -> None:
    svg = sample_status_bar()
    document = to_document(svg)
    assert document.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    assert ET.fromstring(document).tag == NS + "svg"
    assert "–" in ET.fromstring(to_document(sample_bar_chart())).itertext()
