"""The board pack as WeasyPrint renders it: the fonts each text is set in (read from the PDF's text runs) and
how full its pages are."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from steward.reports import boardpack, figures
from tests.documents import pdf_runs
from tests.factories import FundFactory, GiftFactory, IndividualFactory

pytestmark = pytest.mark.django_db

MM = 72 / 25.4
FOOTER = 20 * MM  # the pack's bottom margin, where the page footer sits


@pytest.fixture
def pack(dataset, settings):
    """The Q1 2026 pack of a Taiwanese organisation, naming donors, whose largest gift is from 陳志明."""
    settings.ORGANISATION_LANGUAGE = "zh-Hant-TW"
    donor = IndividualFactory(given_name="志明", family_name="陳")
    GiftFactory(
        constituent=donor,
        amount=Decimal("5000"),
        currency="USD",
        base_amount=Decimal("5000"),
        gift_date=dt.date(2026, 2, 3),
        status="succeeded",
        fund=FundFactory(name="圖書館基金", code="library-tw"),
    )
    period = figures.period_containing("quarter", dt.date(2026, 2, 1))
    pack_figures = figures.board_pack_figures(period, show_donor_names=True)
    return boardpack.board_pack_html(pack_figures), boardpack.board_pack_pdf(pack_figures)


def fonts_of(runs, text: str) -> set[str]:
    found = {run.font for run in runs if text in run.text}
    assert found, f"{text!r} is not in the PDF"
    return found


def test_the_board_pack_sets_its_text_charts_and_names_as_the_documents_ask(pack):
    html, pdf = pack
    runs, _heights = pdf_runs(pdf)
    # the body and the charts' text (their titles are only in the charts) are in one font
    assert fonts_of(runs, "Active members at the end of the period") == {"Noto-Sans"}
    assert fonts_of(runs, "Active members, last 24 months") == {"Noto-Sans"}
    assert fonts_of(runs, "Revenue by month (USD)") == {"Noto-Sans"}
    # the Traditional Chinese donor's and fund's names in the Traditional face, not the Simplified or Japanese
    assert fonts_of(runs, "陳志明") == {"Noto-Sans-CJK-TC"}
    assert fonts_of(runs, "圖書館基金") == {"Noto-Sans-CJK-TC"}
    # and the HTML says which language each is in
    assert '<html lang="en">' in html
    assert '<td lang="zh-Hant-TW">陳志明</td>' in html
    # countries by their names in the pack's language, not their codes
    for region in ("Taiwan – Taipei", "Thailand – Chiang Mai", "United Kingdom – England"):
        assert f"<td>{region}</td>" in html
    assert "TW – Taipei" not in html


def test_no_page_of_the_board_pack_is_left_nearly_empty(pack):
    _, pdf = pack
    runs, heights = pdf_runs(pdf)
    assert len(heights) >= 3
    for page, height in enumerate(heights[:-1], start=1):  # the last page ends where the pack ends
        content = [run.y for run in runs if run.page == page and run.y > FOOTER]
        assert content, f"page {page} has no text"
        # the cover stands alone; every other page is filled at least half way down
        if page > 1:
            assert min(content) < height / 2, f"page {page} ends {height - min(content):.0f}pt from its top"
