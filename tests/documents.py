"""Reading what a rendered chart or PDF shows, independently of the code that drew it: the SVG's text boxes
measured with the font's own advance widths (fontTools reading the font file fontconfig finds), its shapes'
boxes from their path coordinates, and a PDF's text runs with the font each is set in and where (pypdf)."""

from __future__ import annotations

import base64
import io
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import cache
from typing import Any

from fontTools.ttLib import TTFont
from pypdf import PdfReader

SVG = "{http://www.w3.org/2000/svg}"


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def intersects(self, other: Box) -> bool:
        return self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1


@dataclass(frozen=True)
class SvgText:
    text: str
    x: float
    y: float
    size: float
    anchor: str  # start | middle | end
    angle: float  # degrees, counter-clockwise as the reader sees it
    family: str

    @property
    def width(self) -> float:
        return text_width(self.text, self.size)

    def box(self) -> Box:
        """The box of a horizontal label (its em box: the font's ascender to its descender)."""
        ascent, descent = font_vertical_metrics()
        start = {"start": self.x, "middle": self.x - self.width / 2, "end": self.x - self.width}[self.anchor]
        return Box(start, self.y - ascent * self.size, start + self.width, self.y + descent * self.size)


@cache
def font_file(family: str = "Noto Sans") -> str:
    fc_match = shutil.which("fc-match")
    assert fc_match, "fontconfig's fc-match is needed to find the font file"
    completed = subprocess.run(  # noqa: S603 (a fixed command)
        [fc_match, "--format=%{file}", family], capture_output=True, check=True, text=True
    )
    return completed.stdout.strip()


@cache
def _font() -> TTFont:
    return TTFont(font_file("Noto Sans"))


def font_vertical_metrics() -> tuple[float, float]:
    """Noto Sans's ascender and descender, in ems."""
    font = _font()
    units = font["head"].unitsPerEm
    return font["hhea"].ascent / units, -font["hhea"].descent / units


def text_width(text: str, size: float) -> float:
    """The advance width of `text` in Noto Sans at `size`; a character it lacks (Han) counts a full em."""
    font = _font()
    cmap = font.getBestCmap()
    metrics = font["hmtx"].metrics
    units = font["head"].unitsPerEm
    total = 0.0
    for character in text:
        glyph = cmap.get(ord(character))
        total += metrics[glyph][0] / units if glyph else 1.0
    return total * size


def svg_from_data_uri(uri: str) -> str:
    assert uri.startswith("data:image/svg+xml;base64,")
    return base64.b64decode(uri.split(",", 1)[1]).decode()


def _style(element: ET.Element) -> dict[str, str]:
    style = {}
    for declaration in (element.get("style") or "").split(";"):
        if ":" in declaration:
            name, value = declaration.split(":", 1)
            style[name.strip()] = value.strip()
    return style


def _text(element: ET.Element) -> SvgText:
    style = _style(element)
    rotate = re.search(r"rotate\((-?[\d.]+)", element.get("transform") or "")
    return SvgText(
        text="".join(element.itertext()),
        x=float(element.get("x", 0)),
        y=float(element.get("y", 0)),
        size=float(style["font-size"].removesuffix("px")),
        anchor=style.get("text-anchor", "start"),
        angle=-float(rotate.group(1)) if rotate else 0.0,
        family=style.get("font-family", ""),
    )


def svg_groups(svg: str, prefix: str) -> list[ET.Element]:
    """The SVG's groups whose id starts with `prefix` ("xtick_", "bar-", "legend")."""
    root = ET.fromstring(svg)  # noqa: S314 (our own chart)
    return [group for group in root.iter(f"{SVG}g") if (group.get("id") or "").startswith(prefix)]


def svg_texts(group: ET.Element) -> list[SvgText]:
    return [_text(element) for element in group.iter(f"{SVG}text")]


def all_svg_texts(svg: str) -> list[SvgText]:
    root = ET.fromstring(svg)  # noqa: S314 (our own chart)
    return [_text(element) for element in root.iter(f"{SVG}text")]


def x_tick_labels(svg: str) -> list[SvgText]:
    return [text for group in svg_groups(svg, "xtick_") for text in svg_texts(group) if text.text]


def path_box(group: ET.Element) -> Box:
    """The box around every point of the group's paths (matplotlib writes patches in absolute coordinates)."""
    numbers = [float(n) for path in group.iter(f"{SVG}path") for n in re.findall(r"-?\d+(?:\.\d+)?", path.get("d", ""))]
    xs, ys = numbers[0::2], numbers[1::2]
    return Box(min(xs), min(ys), max(xs), max(ys))


def legend_box(svg: str) -> Box:
    """The legend's extent: its keys' shapes and its labels."""
    (legend,) = svg_groups(svg, "legend")
    boxes = [path_box(legend)] + [text.box() for text in svg_texts(legend)]
    return Box(min(b.x0 for b in boxes), min(b.y0 for b in boxes), max(b.x1 for b in boxes), max(b.y1 for b in boxes))


# --- PDFs ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PdfRun:
    page: int
    text: str
    font: str  # the PDF's BaseFont without its subset prefix, e.g. "Noto-Sans-CJK-TC"
    y: float  # from the page's bottom, in points


def pdf_runs(content: bytes) -> tuple[list[PdfRun], list[float]]:
    """Every text run of the PDF with its font and height on the page, and each page's height."""
    reader = PdfReader(io.BytesIO(content))
    runs: list[PdfRun] = []
    heights = []
    for number, page in enumerate(reader.pages, start=1):
        heights.append(float(page.mediabox.height))

        def visit(text: str, cm: Any, tm: Any, font: Any, size: Any, number: int = number) -> None:
            if not text.strip() or font is None:
                return
            name = str(font.get("/BaseFont", "")).lstrip("/")
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            runs.append(PdfRun(number, text, name.split("+", 1)[-1], y))

        page.extract_text(visitor_text=visit)
    return runs, heights
