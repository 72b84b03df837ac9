"""Charts for the board pack and the dashboard, drawn by matplotlib as SVG (vector in the PDF, sharp in the
browser). matplotlib's object API (Figure, not pyplot): no global state, safe in threads and workers.
Text stays text (svg.fonttype "none", DejaVu Sans as in the pack's body): WeasyPrint lays it out with the
system's fonts, about twice as fast as thousands of glyph paths, and the PDF is smaller."""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from decimal import Decimal

import matplotlib
from matplotlib.figure import Figure

from .figures import MonthValue

matplotlib.use("svg", force=False)  # never a GUI backend in a web or worker process

COLOUR = "#007d7e"
COLOUR_PREVIOUS = "#b0b0b0"
RC = {
    "svg.hashsalt": "steward",
    "svg.fonttype": "none",
    "font.family": ["DejaVu Sans", "sans-serif"],
    "font.size": 8,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def _svg(figure: Figure) -> str:
    with matplotlib.rc_context(RC):
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    return buffer.getvalue()


def as_data_uri(svg: str) -> str:
    """An SVG as a data URI for an <img>: WeasyPrint draws it as vectors, browsers show it as is."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def line_chart(values: Sequence[MonthValue], *, title: str, width: float = 6.5, height: float = 2.4) -> str:
    """A monthly trend as a line with markers."""
    with matplotlib.rc_context(RC):
        figure = Figure(figsize=(width, height))
        axes = figure.add_subplot()
        labels = [value.label for value in values]
        axes.plot(
            range(len(values)), [float(value.value) for value in values], color=COLOUR, marker="o", markersize=2.5
        )
        axes.set_title(title, loc="left", fontsize=9)
        step = max(1, len(labels) // 8)
        axes.set_xticks(range(0, len(labels), step), labels[::step], rotation=0)
        axes.set_ylim(bottom=0)
        axes.grid(axis="y", color="#e0e0e0", linewidth=0.5)
        return _svg(figure)


def bar_chart(
    labels: Sequence[str],
    values: Sequence[Decimal | int],
    *,
    title: str,
    previous: Sequence[Decimal | int] | None = None,
    width: float = 6.5,
    height: float = 2.4,
) -> str:
    """Bars per label; with `previous`, a paler bar beside each for the same period a year before."""
    with matplotlib.rc_context(RC):
        figure = Figure(figsize=(width, height))
        axes = figure.add_subplot()
        positions = list(range(len(labels)))
        bar_width = 0.4 if previous is not None else 0.7
        offset = bar_width / 2 if previous is not None else 0
        axes.bar(
            [p + offset for p in positions], [float(v) for v in values], bar_width, color=COLOUR, label="This period"
        )
        if previous is not None:
            axes.bar(
                [p - offset for p in positions],
                [float(v) for v in previous],
                bar_width,
                color=COLOUR_PREVIOUS,
                label="A year before",
            )
            axes.legend(frameon=False, fontsize=7)
        many = len(labels) > 4
        axes.set_xticks(
            positions, [label[:24] for label in labels], rotation=30 if many else 0, ha="right" if many else "center"
        )
        axes.set_title(title, loc="left", fontsize=9)
        axes.grid(axis="y", color="#e0e0e0", linewidth=0.5)
        return _svg(figure)
