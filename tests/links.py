"""Links that lead somewhere: the URLs an email or a PDF of Steward's carries, and the check that each one leads
somewhere real — a route of the frontend (frontend/src/app) or a Django URL that answers — with every signed token
in it read by the code the page or view will call (`TokenReaders`, given by the test).

Also here: the links of a PDF (its text and its link annotations, internal ones checked against its named
destinations) and the value of a QR code drawn in a PDF (decoded from the vector paths WeasyPrint writes for
segno's SVG, with segno's own tables of the QR layout), so a test can read back what a card's code says."""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from django.conf import settings
from django.core.mail import EmailMessage
from django.test import Client
from django.urls import Resolver404, resolve

FRONTEND_APP = Path(__file__).resolve().parent.parent / "frontend" / "src" / "app"
LINK = re.compile(r"https?://[^\s\"'<>]+")
# Punctuation that ends the sentence a link stands in, not the link.
TRAILING = ".,;:!?)]}"
# Wagtail's page-serving view ends Django's URLs (`path("", include(wagtail_urls))`): it resolves any path made of
# slugs, so resolving to it proves nothing about a link.
WAGTAIL_SERVE = "wagtail_serve"
# The parameters (dynamic segments, URL kwargs, query) that carry a credential: a link with one needs a reader.
SIGNED = re.compile(r"token|uid|sig|key", re.IGNORECASE)


# ---------------------------------------------------------------------------------------------------------
# Finding links
# ---------------------------------------------------------------------------------------------------------


def links_in(text: str) -> list[str]:
    """The http(s) URLs written in a text, in order, each once."""
    return list(dict.fromkeys(link.rstrip(TRAILING) for link in LINK.findall(text)))


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.hrefs.append(value.strip())

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def email_links(message: EmailMessage) -> list[str]:
    """Every URL an email carries: written in its text body, and in its HTML part's text and href/src attributes.
    A relative href is a link that leads nowhere once the HTML is in a mail client: it fails the test."""
    links = links_in(message.body)
    for content, mimetype in getattr(message, "alternatives", []):
        if mimetype != "text/html":
            continue
        html = _Html()
        html.feed(str(content))
        for href in html.hrefs:
            if href.startswith(("mailto:", "tel:", "data:", "cid:", "#")):
                continue
            assert LINK.fullmatch(href), f"relative link {href!r} in the HTML of {message.subject!r}"
            links.append(href)
        links += links_in(" ".join(html.text))
    return list(dict.fromkeys(links))


@dataclass
class PdfLinks:
    text: str
    uris: list[str]  # targets of /URI link annotations
    destinations: list[str]  # named destinations that internal (/GoTo) links point at
    defined: set[str]  # named destinations the document has

    @property
    def all(self) -> list[str]:
        return list(dict.fromkeys([*links_in(self.text), *self.uris]))


def pdf_links(content: bytes) -> PdfLinks:
    """The links in a PDF: the URLs written in its text and those of its link annotations."""
    from pypdf import PdfReader

    from tests.donations import pdf_text

    reader = PdfReader(io.BytesIO(content))
    uris: list[str] = []
    destinations: list[str] = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            action = annotation.get("/A")
            action = action.get_object() if action is not None else {}
            if action.get("/S") == "/URI":
                uris.append(str(action["/URI"]))
            target = action.get("/D") if action.get("/S") == "/GoTo" else annotation.get("/Dest")
            if isinstance(target, str):  # a named destination (explicit page arrays need no check)
                destinations.append(str(target))
    return PdfLinks(
        text=pdf_text(content), uris=uris, destinations=destinations, defined=set(reader.named_destinations)
    )


# ---------------------------------------------------------------------------------------------------------
# QR codes in PDFs
# ---------------------------------------------------------------------------------------------------------

# segno's SVG draws each row of dark modules as horizontal strokes ("M x y.5 h w"), which WeasyPrint writes into
# the page as "x y.5 m x2 y.5 l" in the SVG's own units (one module each).
_QR_STROKE = re.compile(rb"(\d+) (\d+)\.5 m\s+(\d+) \2\.5 l")


def pdf_qr_codes(content: bytes) -> list[str]:
    """The text of the QR code drawn on each page of a PDF that has one."""
    from pypdf import PdfReader

    payloads = []
    for page in PdfReader(io.BytesIO(content)).pages:
        strokes = [tuple(map(int, found)) for found in _QR_STROKE.findall(page.get_contents().get_data())]
        if strokes:
            payloads.append(qr_decode(_qr_matrix(strokes)))
    return payloads


def _qr_matrix(strokes: list[tuple[int, int, int]]) -> list[list[int]]:
    left = min(x for x, _, _ in strokes)  # the finder patterns touch the quiet zone on the left and the top
    top = min(y for _, y, _ in strokes)
    size = max(y for _, y, _ in strokes) - top + 1
    assert max(end for _, _, end in strokes) - left == size, "the QR code's strokes do not make a square"
    matrix = [[0] * size for _ in range(size)]
    for start, y, end in strokes:
        for x in range(start, end):
            matrix[y - top][x - left] = 1
    return matrix


def qr_decode(matrix: list[list[int]]) -> str:
    """The content of a QR code (byte mode, which segno uses for a signed token) read from its module matrix:
    format information, unmasking and the codeword order as ISO/IEC 18004 lays them out; segno supplies the
    function patterns and the block tables (it only encodes). No error correction: a clean drawing needs none."""
    from segno import consts, encoder

    size = len(matrix)
    version, rest = divmod(size - 17, 4)
    assert rest == 0, f"{size}×{size} is not a QR code"
    assert 1 <= version <= 40, f"{size}×{size} is not a QR code"
    function = encoder.make_matrix(size, size)
    encoder.add_finder_patterns(function, size, size)
    encoder.add_alignment_patterns(function, size, size)
    # Format information, where encoder.add_format_info writes it beside the upper-left finder.
    format_info, offset, hoffset = 0, 0, 0
    for i in range(8):
        if i == 6:  # the timing pattern
            offset, hoffset = 1, 1
        format_info |= matrix[i + offset][8] << i
        format_info |= matrix[8][i + hoffset] << (14 - i)
    formats = [
        (error, mask)
        for error in (consts.ERROR_LEVEL_L, consts.ERROR_LEVEL_M, consts.ERROR_LEVEL_Q, consts.ERROR_LEVEL_H)
        for mask in range(8)
        if encoder.calc_format_info(version, error, mask) == format_info
    ]
    assert formats, "unreadable format information"
    error, mask = formats[0]
    masked = encoder.get_data_mask_functions(False)[mask]
    # The data modules, two columns at a time from the right, upwards and downwards in turn (column 6 is timing).
    bits = []
    for right in range(size - 1, 0, -2):
        if right <= 6:
            right -= 1
        for vertical in range(size):
            for z in range(2):
                j = right - z
                upwards = ((right & 2) == 0) ^ (j < 6)
                i = size - 1 - vertical if upwards else vertical
                if function[i][j] == 0x2:  # neither a function pattern nor format/version information
                    bits.append(matrix[i][j] ^ masked(i, j))
    codewords = [int("".join(map(str, bits[k : k + 8])), 2) for k in range(0, len(bits) - 7, 8)]
    # The data codewords, interleaved block by block.
    sizes = [block.num_data for block in consts.ECC[version][error] for _ in range(block.num_blocks)]
    blocks: list[list[int]] = [[] for _ in sizes]
    index = 0
    for position in range(max(sizes)):
        for number, length in enumerate(sizes):
            if position < length:
                blocks[number].append(codewords[index])
                index += 1
    stream = "".join(f"{codeword:08b}" for block in blocks for codeword in block)
    mode = int(stream[:4], 2)
    assert mode == consts.MODE_BYTE, f"QR mode {mode} is not read here (only byte mode)"
    count_bits = 8 if version < 10 else 16
    length = int(stream[4 : 4 + count_bits], 2)
    start = 4 + count_bits
    data = bytes(int(stream[start + 8 * k : start + 8 * k + 8], 2) for k in range(length))
    return data.decode(consts.DEFAULT_BYTE_ENCODING)


# ---------------------------------------------------------------------------------------------------------
# The frontend's routes
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    file: Path
    segments: tuple[str, ...]

    def __str__(self) -> str:
        return "/" + "/".join(self.segments)

    @property
    def pattern(self) -> str:
        return "/".join(self.segments)

    @property
    def is_handler(self) -> bool:
        return self.file.name.startswith("route.")

    @property
    def is_catch_all(self) -> bool:
        return bool(self.segments) and self.segments[-1].startswith(("[...", "[[..."))

    @property
    def proxies_to_django(self) -> bool:
        return self.is_handler and "proxyToDjango" in self.file.read_text()

    @property
    def search_params(self) -> set[str]:
        """The query parameters a page declares it reads (`searchParams: Promise<{ token?: string }>`)."""
        declared = re.search(r"searchParams\s*:\s*Promise<\{([^}]*)\}>", self.file.read_text())
        return set(re.findall(r"(\w+)\??\s*:", declared.group(1))) if declared else set()


@functools.cache
def frontend_routes() -> tuple[Route, ...]:
    """Every page and route handler under frontend/src/app, as Next's App Router maps them to paths: route groups
    "(name)" add no segment; private folders "_name" and parallel slots "@name" are not paths of their own."""
    routes = []
    for file in sorted(FRONTEND_APP.rglob("*")):
        if file.name not in {"page.tsx", "page.ts", "page.jsx", "page.js", "route.ts", "route.js"}:
            continue
        parts = file.parent.relative_to(FRONTEND_APP).parts
        if any(part.startswith(("_", "@")) for part in parts):
            continue
        segments = tuple(part for part in parts if not (part.startswith("(") and part.endswith(")")))
        routes.append(Route(file=file, segments=segments))
    return tuple(routes)


def _route_rank(route: Route, parts: list[str]) -> tuple[int, ...] | None:
    """How specifically a route matches a path (lower is more specific, as Next ranks them: a static segment
    before a dynamic one before a catch-all), or None when it does not match."""
    ranks = []
    for index, segment in enumerate(route.segments):
        if segment.startswith("[[..."):  # optional catch-all: zero or more segments
            return (*ranks, 3)
        if segment.startswith("[..."):  # catch-all: one or more
            return (*ranks, 2) if len(parts) > index else None
        if index >= len(parts):
            return None
        if segment.startswith("["):
            ranks.append(1)
        elif segment == parts[index]:
            ranks.append(0)
        else:
            return None
    return tuple(ranks) if len(route.segments) == len(parts) else None


def frontend_route_for(path: str) -> Route | None:
    """The route Next would render for a path, if any."""
    parts = [unquote(part) for part in path.split("/") if part]
    ranked = [(rank, route) for route in frontend_routes() if (rank := _route_rank(route, parts)) is not None]
    return min(ranked, key=lambda found: found[0])[1] if ranked else None


def route_params(route: Route, path: str) -> dict[str, str]:
    """The values of a route's dynamic segments in a path (`[token]` → {"token": ...})."""
    parts = [unquote(part) for part in path.split("/") if part]
    return {
        segment.strip("[]."): "/".join(parts[index:]) if segment.startswith("[...") else parts[index]
        for index, segment in enumerate(route.segments)
        if segment.startswith("[")
    }


# ---------------------------------------------------------------------------------------------------------
# Checking links
# ---------------------------------------------------------------------------------------------------------

# A reader takes the link's parameters (dynamic segments or URL kwargs, and the query) and returns what the token
# names, raising (or failing) when it does not verify. Keyed by frontend route pattern ("giving/authenticate/
# [token]", "account/verify-email") or Django URL name ("donations:receipt_download").
TokenReader = Callable[[dict[str, str]], Any]
TokenReaders = dict[str, TokenReader]


@dataclass
class Checked:
    link: str
    target: str  # the frontend route pattern or the Django URL name
    named: Any = None  # what its token named, read by its reader
    status: int | None = None  # the backend's answer to a GET
    content: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


def _query(link: str) -> dict[str, str]:
    return {key: values[-1] for key, values in parse_qs(urlsplit(link).query, keep_blank_values=True).items()}


def _read_token(readers: TokenReaders, target: str, link: str, params: dict[str, str]) -> Any:
    reader = readers.get(target)
    signed = sorted(key for key in params if SIGNED.search(key))
    assert reader is not None, f"{link} carries {signed} for {target}, and no reader checks them"
    return reader(params)


def check_backend(link: str, *, client: Client, readers: TokenReaders) -> Checked:
    """A link to Django: it resolves (to a view of Steward's, not Wagtail's catch-all) and a GET with this client
    answers neither 404 nor a server error; a signed token in it is read by its reader."""
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    split = urlsplit(link)
    try:
        match = resolve(split.path)
    except Resolver404:
        pytest.fail(f"no Django URL for {link}")
    name = match.view_name
    assert name != WAGTAIL_SERVE, f"{link} resolves only to Wagtail's page catch-all"
    params = {**{key: str(value) for key, value in match.kwargs.items()}, **_query(link)}
    named = _read_token(readers, name, link, params) if any(SIGNED.search(key) for key in params) else None
    response = client.get(link[len(base) :] if link.startswith(base) else split.path)
    assert response.status_code != 404, f"{link} answered 404"
    assert response.status_code < 500, f"{link} answered {response.status_code}"
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return Checked(
        link=link,
        target=name,
        named=named,
        status=response.status_code,
        content=content,
        headers=dict(response.items()),
    )


def check_frontend(link: str, *, client: Client, readers: TokenReaders) -> Checked:
    """A link to the frontend: a page or route handler of frontend/src/app renders its path, the page reads every
    query parameter the link gives, and a token in it (a dynamic segment or a query parameter) is read by its
    reader."""
    split = urlsplit(link)
    route = frontend_route_for(split.path)
    assert route is not None, f"no frontend route for {link}"
    if route.is_catch_all:
        # A catch-all matches any path, so by itself it proves nothing. How it is decided here: the catch-alls
        # that are route handlers forwarding to Django (media/, donations/, members/card/: `proxyToDjango`) lead
        # somewhere exactly when Django serves the same path, so the link is checked as a Django link too. The
        # CMS's [...slug] page renders whatever Wagtail page has the path; no email or PDF of Steward's links to a
        # CMS page, so a link it alone matches is one whose own route is missing: it fails.
        assert route.proxies_to_django, f"{link}: only the catch-all {route} matches (no route of its own)"
        base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        proxied = check_backend(base + link[len(settings.FRONTEND_URL.rstrip("/")) :], client=client, readers=readers)
        return Checked(
            link=link,
            target=route.pattern,
            named=proxied.named,
            status=proxied.status,
            content=proxied.content,
            headers=proxied.headers,
        )
    query = _query(link)
    if not route.is_handler:
        unread = set(query) - route.search_params
        assert not unread, f"{link}: {route.file.relative_to(FRONTEND_APP)} does not read {sorted(unread)}"
    params = {**route_params(route, split.path), **query}
    named = _read_token(readers, route.pattern, link, params) if any(SIGNED.search(key) for key in params) else None
    return Checked(link=link, target=route.pattern, named=named)


def check_links(
    links: Iterable[str], *, client: Client | None = None, readers: TokenReaders | None = None, staff: bool = False
) -> list[Checked]:
    """Check each link (see check_frontend and check_backend); a link to anywhere else fails: Steward sends
    people only to its own site. Supporters see the frontend alone — Django's downloads reach them through the
    frontend's proxy (steward.core.links) — so a link to Django's own address fails unless the email or PDF is for
    `staff`."""
    client = client or Client()
    checked = []
    for link in dict.fromkeys(links):
        if link.startswith(settings.FRONTEND_URL.rstrip("/")):
            checked.append(check_frontend(link, client=client, readers=readers or {}))
        elif link.startswith(settings.WAGTAILADMIN_BASE_URL.rstrip("/")):
            assert staff, (
                f"{link} leads a supporter to Django's address, not through the site ({settings.FRONTEND_URL})"
            )
            checked.append(check_backend(link, client=client, readers=readers or {}))
        else:
            pytest.fail(f"{link} leads neither to the frontend ({settings.FRONTEND_URL}) nor to the backend")
    return checked
