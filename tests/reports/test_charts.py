"""The charts' SVG as drawn: tick labels that never overlap, the legend off the bars, the documents' font.
Label widths are measured from the font file (tests/documents.py), not by matplotlib, which drew them."""

from __future__ import annotations

import datetime as dt
import itertools
import math
from decimal import Decimal

import pytest

from steward.core.dates import add_months
from steward.reports import charts
from steward.reports.figures import MonthValue
from tests.documents import Box, all_svg_texts, font_vertical_metrics, legend_box, path_box, svg_groups, x_tick_labels

GAP = 1.0  # points: labels closer than this read as one


def months(count: int, first: dt.date = dt.date(2025, 1, 1)) -> list[MonthValue]:
    return [MonthValue(add_months(first, index), Decimal(10 + index * 7 % 23)) for index in range(count)]


def assert_side_by_side(boxes: list[Box]) -> None:
    boxes = sorted(boxes, key=lambda box: box.x0)
    for left, right in itertools.pairwise(boxes):
        assert right.x0 - left.x1 >= GAP, f"labels overlap: {left} and {right}"


@pytest.mark.parametrize(
    ("count", "width", "height"),
    [(12, 4.2, 2), (24, 6.5, 2.4), (24, 4.2, 2), (36, 3, 2)],  # the dashboard's, the pack's, narrower ones
)
def test_a_trend_shows_month_labels_that_do_not_overlap_and_always_the_latest(count, width, height):
    values = months(count)
    svg = charts.line_chart(values, title="Active members", width=width, height=height)
    labels = x_tick_labels(svg)
    assert all(label.angle == 0 for label in labels)
    assert_side_by_side([label.box() for label in labels])
    assert labels[-1].text == values[-1].label  # the current month is never the one left out
    assert len(labels) >= 3


def test_the_dashboards_revenue_bars_label_their_months_without_overlap():
    values = months(12)
    svg = charts.bar_chart(
        [value.month.strftime("%b") for value in values],
        [value.value for value in values],
        title="Revenue, last 12 months (USD)",
        width=4.2,
        height=2,
        time_axis=True,
    )
    labels = x_tick_labels(svg)
    assert_side_by_side([label.box() for label in labels])
    assert labels[-1].text == values[-1].month.strftime("%b")


def test_long_category_names_are_turned_until_each_clears_the_next():
    names = [f"Volunteer opportunity number {index}" for index in range(8)]
    svg = charts.bar_chart(names, list(range(8)), title="Volunteer hours by opportunity")
    labels = x_tick_labels(svg)
    assert len(labels) == 8  # every category keeps its label
    ascent, descent = font_vertical_metrics()
    for left, right in itertools.pairwise(labels):
        assert left.angle == right.angle > 0
        # two labels turned by the same angle, anchored d apart, are d·sin(angle) apart across their lines
        across = math.hypot(right.x - left.x, right.y - left.y) * math.sin(math.radians(left.angle))
        assert across >= (ascent + descent) * left.size, (left, right)


def test_a_few_short_categories_stay_horizontal():
    svg = charts.bar_chart(["Basic", "Family", "Patron"], [10, 4, 16], title="Active members by level")
    labels = x_tick_labels(svg)
    assert [label.text for label in labels] == ["Basic", "Family", "Patron"]
    assert all(label.angle == 0 for label in labels)
    assert_side_by_side([label.box() for label in labels])


@pytest.mark.parametrize("tallest", ["everywhere", "left", "right"])
def test_the_legend_never_covers_a_bar(tallest):
    # given bars that reach the top of the plot wherever a legend could sit inside it
    current = {"everywhere": [100, 100, 100], "left": [100, 20, 5], "right": [5, 20, 100]}[tallest]
    svg = charts.bar_chart(
        ["Jan 2026", "Feb 2026", "Mar 2026"],
        current,
        previous=[value * 0.9 for value in current],
        title="Revenue by month (USD)",
        time_axis=True,
    )
    legend = legend_box(svg)
    bars = [path_box(group) for group in svg_groups(svg, "bar-")]
    assert len(bars) == 6
    assert not any(legend.intersects(bar) for bar in bars)
    texts = {text.text for text in all_svg_texts(svg)}
    assert {"This period", "A year before"} <= texts


def test_chart_text_is_set_in_the_documents_body_font(settings):
    settings.ORGANISATION_LANGUAGE = "zh-Hant-TW"
    svg = charts.bar_chart(["圖書館基金", "General"], [5, 3], title="Revenue by fund")
    families = {text.family for text in all_svg_texts(svg)}
    assert len(families) == 1
    (family,) = families
    # unquoted and comma-separated: WeasyPrint's SVG reader drops a quoted name after the first
    stack = family.split(",")
    assert stack[0] == "Noto Sans"  # the board pack's and receipts' body font
    cjk = [name for name in stack if "CJK" in name]
    assert cjk[0] == "Noto Sans CJK TC"  # the names' language is Traditional Chinese
    assert "'" not in family
    assert '"' not in family
