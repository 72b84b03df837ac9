"""Receipts and statements print the donor's country by name in the document's language, and mark the donor's
name with the organisation's language so that a Traditional Chinese name is set in the Traditional face."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from steward.donations import receipts
from steward.members.models import Address
from tests.documents import pdf_runs
from tests.donations import pdf_text
from tests.factories import FundFactory, GiftFactory, IndividualFactory

pytestmark = pytest.mark.django_db


def test_a_receipt_names_the_donors_country_and_sets_a_traditional_name_in_the_tc_face(settings):
    # given a donor in Taiwan, of an organisation whose records are in Traditional Chinese
    settings.ORGANISATION_LANGUAGE = "zh-Hant-TW"
    donor = IndividualFactory(given_name="美玲", family_name="林")
    Address.objects.create(
        constituent=donor,
        line1="No. 7, Section 1, Roosevelt Road",
        city="Taipei",
        postal_code="100",
        country="TW",
        is_primary=True,
    )
    gift = GiftFactory(
        constituent=donor,
        amount=Decimal("3000"),
        currency="TWD",
        base_amount=Decimal("95.00"),
        gift_date=dt.date(2026, 4, 9),
        fund=FundFactory(code="general", name="General"),
    )
    receipt = receipts.receipt_issue(gift=gift)
    # when it is rendered
    pdf = receipts.receipt_render_pdf(receipt)
    # then the country is named, in English (the receipt's language), not given as its code
    text = pdf_text(pdf)
    assert "100 Taiwan" in text
    assert "100 TW" not in text
    # and the donor's name is in Noto Sans CJK TC (bold, as the receipt sets it)
    runs, _ = pdf_runs(pdf)
    for part in ("林", "美玲"):
        assert {run.font for run in runs if part in run.text} == {"Noto-Sans-CJK-TC-Bold"}
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
