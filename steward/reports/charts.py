"""Charts for the board pack and the dashboard, drawn by matplotlib as SVG (vector in the PDF, sharp in the
browser). matplotlib's object API (Figure, not pyplot): no global state, safe in threads and workers.

Text stays text (svg.fonttype "none"): WeasyPrint lays it out with the system's fonts, about twice as fast as
thousands of glyph paths, and the PDF is smaller. It is set in the documents' own font stack
(steward.site.documents.font_families: Noto Sans, then the scripts and the names' CJK face), so a chart reads in
the body's font and a Traditional Chinese fund name in the Traditional face.

Tick labels never overlap: a time axis shows every n-th month (always the latest), a category axis turns its
labels (30°, 45°, then upright) until each clears its neighbour, measured with the labels' own extents. The
legend sits above the plot, beside the title, never on the bars."""

from __future__ import annotations

import base64
import io
import itertools
import math
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import matplotlib
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from steward.site.documents import font_families, names_language

from .figures import MonthValue

matplotlib.use("svg", force=False)  # never a GUI backend in a web or worker process

COLOUR = "#007d7e"
COLOUR_PREVIOUS = "#b0b0b0"
GAP_EM = 0.6  # the least space between two tick labels, in ems of their size
CATEGORY_ROTATIONS = (0, 30, 45, 90)
LABEL_CHARACTERS = 24


def chart_fonts() -> list[str]:
    """The charts' font stack: the documents' (for the names' language), as far as matplotlib has the fonts."""
    known = {font.name for font in font_manager.fontManager.ttflist}
    return [family for family in font_families(names_language()) if family in known or family == "sans-serif"]


def _rc(fonts: list[str]) -> dict[str, Any]:
    return {
        "svg.hashsalt": "steward",
        "svg.fonttype": "none",
        "font.family": fonts,
        "font.size": 8,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }


_FONT_FAMILY = re.compile(r"font-family: ?[^;\"]+")


def _svg(figure: Figure, fonts: list[str]) -> str:
    with matplotlib.rc_context(_rc(fonts)):
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    # matplotlib names the family it measured with and its generic list ("'DejaVu Sans', 'Bitstream Vera Sans'");
    # the text is drawn with the documents' stack instead, unquoted and comma-separated without spaces, the one
    # spelling that both browsers and WeasyPrint's SVG reader (which strips only a name's outer quotes) accept.
    return _FONT_FAMILY.sub("font-family: " + ",".join(fonts), buffer.getvalue())


def as_data_uri(svg: str) -> str:
    """An SVG as a data URI for an <img>: WeasyPrint draws it as vectors, browsers show it as is."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


# --- tick labels ------------------------------------------------------------------------------------------


def _label_boxes(figure: Figure, axes: Axes) -> list[Any]:
    figure.draw_without_rendering()  # places the ticks' labels
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    labels = [label for label in axes.get_xticklabels() if label.get_text()]
    return [label.get_window_extent(renderer) for label in labels]


def _gap_pixels(figure: Figure) -> float:
    return GAP_EM * float(matplotlib.rcParams["font.size"]) * figure.dpi / 72


def _side_by_side(figure: Figure, axes: Axes) -> bool:
    """Whether the x tick labels (horizontal) each end a gap before the next begins."""
    boxes = sorted(_label_boxes(figure, axes), key=lambda box: box.x0)
    gap = _gap_pixels(figure)
    return all(right.x0 - left.x1 >= gap for left, right in itertools.pairwise(boxes))


def _fit_time_labels(figure: Figure, axes: Axes, labels: Sequence[str]) -> None:
    """Show every n-th label, the latest always among them, with the smallest n at which none overlap."""
    for step in range(1, max(1, len(labels)) + 1):
        shown = list(range(len(labels) - 1, -1, -step))[::-1]
        axes.set_xticks(shown, [labels[index] for index in shown], rotation=0, ha="center")
        if _side_by_side(figure, axes):
            return


def _fit_category_labels(figure: Figure, axes: Axes, labels: Sequence[str]) -> None:
    """Every category keeps its label: horizontal if they fit, else turned until each clears its neighbour
    (labels turned by θ, anchored d apart, are d·sin θ apart across their lines); past upright, every n-th."""
    positions = list(range(len(labels)))
    short = [label if len(label) <= LABEL_CHARACTERS else label[: LABEL_CHARACTERS - 1] + "…" for label in labels]
    axes.set_xticks(positions, short, rotation=0, ha="center")
    if len(labels) < 2 or _side_by_side(figure, axes):
        return
    heights = [box.height for box in _label_boxes(figure, axes)]
    line = max(heights) + _gap_pixels(figure)
    spacing = abs(axes.transData.transform((1, 0))[0] - axes.transData.transform((0, 0))[0])
    for angle in CATEGORY_ROTATIONS[1:]:
        if spacing * math.sin(math.radians(angle)) >= line:
            axes.set_xticks(
                positions, short, rotation=angle, ha="right" if angle < 90 else "center", rotation_mode="anchor"
            )
            return
    step = math.ceil(line / max(spacing, 1))
    shown = positions[::step]
    axes.set_xticks(shown, [short[index] for index in shown], rotation=90, ha="center", rotation_mode="anchor")


# --- charts -----------------------------------------------------------------------------------------------


def _figure(width: float, height: float) -> tuple[Figure, Axes]:
    figure = Figure(figsize=(width, height))
    FigureCanvasAgg(figure)  # measures the labels; savefig draws the SVG with its own canvas
    return figure, figure.add_subplot()


def line_chart(values: Sequence[MonthValue], *, title: str, width: float = 6.5, height: float = 2.4) -> str:
    """A monthly trend as a line with markers."""
    fonts = chart_fonts()
    with matplotlib.rc_context(_rc(fonts)):
        figure, axes = _figure(width, height)
        labels = [value.label for value in values]
        axes.plot(
            range(len(values)), [float(value.value) for value in values], color=COLOUR, marker="o", markersize=2.5
        )
        axes.set_title(title, loc="left", fontsize=9)
        axes.set_ylim(bottom=0)
        axes.grid(axis="y", color="#e0e0e0", linewidth=0.5)
        _fit_time_labels(figure, axes, labels)
        return _svg(figure, fonts)


def bar_chart(
    labels: Sequence[str],
    values: Sequence[Decimal | int],
    *,
    title: str,
    previous: Sequence[Decimal | int] | None = None,
    width: float = 6.5,
    height: float = 2.4,
    time_axis: bool = False,
    label: str = "This period",
    previous_label: str = "A year before",
) -> str:
    """Bars per label; with `previous`, a paler bar beside each (by default the same period a year before) and a
    legend above the plot. `time_axis`: the labels are consecutive periods, thinned rather than turned when
    crowded."""
    fonts = chart_fonts()
    with matplotlib.rc_context(_rc(fonts)):
        figure, axes = _figure(width, height)
        positions = list(range(len(labels)))
        bar_width = 0.4 if previous is not None else 0.7
        offset = bar_width / 2 if previous is not None else 0
        bars = axes.bar(
            [p + offset for p in positions], [float(v) for v in values], bar_width, color=COLOUR, label=label
        )
        for index, bar in enumerate(bars):
            bar.set_gid(f"bar-{index}")
        if previous is not None:
            before = axes.bar(
                [p - offset for p in positions],
                [float(v) for v in previous],
                bar_width,
                color=COLOUR_PREVIOUS,
                label=previous_label,
            )
            for index, bar in enumerate(before):
                bar.set_gid(f"bar-previous-{index}")
            # Above the plot at its right, level with the title: the bars can reach any height under it.
            legend = axes.legend(
                frameon=False, fontsize=7, loc="lower right", bbox_to_anchor=(1, 1), ncols=2, borderaxespad=0.3
            )
            legend.set_gid("legend")
        axes.set_title(title, loc="left", fontsize=9)
        axes.grid(axis="y", color="#e0e0e0", linewidth=0.5)
        if time_axis:
            _fit_time_labels(figure, axes, list(labels))
        else:
            _fit_category_labels(figure, axes, list(labels))
        return _svg(figure, fonts)
