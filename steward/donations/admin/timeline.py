"""What the donations domain adds to the constituent's timeline (steward/members/timeline.py): gifts, refunds,
recurring gifts and their changes, pledges and their changes, receipts, and the messages owed about them. Each
source reads the newest `limit` entries in one query."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from steward.members.models import Constituent
from steward.members.timeline import (
    OutboxSource,
    TimelineEntry,
    TimelineSource,
    day_start,
    history_entries,
    money_text,
)

from ..models import Gift, Pledge, Receipt, RecurringCharge, RecurringGift
from ..money import exponent
from ..statements import STATEMENT_KIND
from .common import VIEW_GIFTS, gift_url

VIEW_RECURRING = "donations.view_recurringgift"
VIEW_PLEDGES = "donations.view_pledge"
VIEW_RECEIPTS = "donations.view_receipt"


def _money(amount: Any, currency: str) -> str:
    return money_text(amount, currency, places=exponent(currency))


class GiftSource(TimelineSource):
    kind = "gift"
    label = "Gifts"
    permissions = (VIEW_GIFTS,)

    def entries(self, *, constituent: Constituent, limit: int) -> list[TimelineEntry]:
        gifts = Gift.objects.filter(constituent=constituent).select_related("fund", "campaign")
        entries = []
        for gift in gifts.order_by("-gift_date", "-created_at", "-pk")[:limit]:
            details = [gift.fund.name, gift.get_method_display()]
            if gift.campaign:
                details.append(gift.campaign.name)
            if gift.tribute_type:
                details.append(f"{gift.get_tribute_type_display()} {gift.tribute_name}")
            entries.append(
                TimelineEntry(
                    at=day_start(gift.gift_date),
                    kind=self.kind,
                    title=f"Gift of {_money(gift.amount, gift.currency)} ({gift.get_status_display().lower()})",
                    detail=", ".join(details),
                    url=gift_url(gift),
                    all_day=True,
                )
            )
        return entries


class RefundSource(TimelineSource):
    kind = "refund"
    label = "Refunds"
    permissions = (VIEW_GIFTS,)

    def entries(self, *, constituent: Constituent, limit: int) -> list[TimelineEntry]:
        refunded = Gift.objects.filter(constituent=constituent, refunded_at__isnull=False, amount_refunded__gt=0)
        return [
            TimelineEntry(
                at=gift.refunded_at,
                kind=self.kind,
                title=f"Refund of {_money(gift.amount_refunded, gift.currency)}",
                detail=f"Of the gift of {_money(gift.amount, gift.currency)} on {gift.gift_date:%d %b %Y}",
                url=gift_url(gift),
            )
            for gift in refunded.order_by("-refunded_at", "-pk")[:limit]
            if gift.refunded_at is not None
        ]


class RecurringGiftSource(TimelineSource):
    """A recurring gift set up, and every change to it (amount, status, pause, card, cancellation)."""

    kind = "recurring"
    label = "Recurring gifts"
    permissions = (VIEW_RECURRING,)

    def entries(self, *, constituent: Constituent, limit: int) -> list[TimelineEntry]:
        def created(record: Any) -> str:
            return f"{_money(record.amount, record.currency)} {record.get_frequency_display().lower()}"

        return history_entries(
            RecurringGift.history.filter(constituent_id=constituent.pk),  # type: ignore[attr-defined]
            kind=self.kind,
            subject="Recurring gift",
            limit=limit,
            created=created,
            money_fields=("amount",),
        )


class PledgeSource(TimelineSource):
    """Pledges made, and every change to them (status, amount)."""

    kind = "pledge"
    label = "Pledges"
    permissions = (VIEW_PLEDGES,)

    def entries(self, *, constituent: Constituent, limit: int) -> list[TimelineEntry]:
        def created(record: Any) -> str:
            return f"{_money(record.amount, record.currency)}, pledged on {record.pledged_on:%d %b %Y}"

        return history_entries(
            Pledge.history.filter(constituent_id=constituent.pk),  # type: ignore[attr-defined]
            kind=self.kind,
            subject="Pledge",
            limit=limit,
            created=created,
            money_fields=("amount",),
        )


class ReceiptSource(TimelineSource):
    kind = "receipt"
    label = "Receipts"
    permissions = (VIEW_GIFTS, VIEW_RECEIPTS)

    def entries(self, *, constituent: Constituent, limit: int) -> list[TimelineEntry]:
        receipts = Receipt.objects.filter(gift__constituent=constituent)
        entries = []
        for receipt in receipts.order_by("-issued_at", "-pk")[:limit]:
            deductible = _money(receipt.deductible_amount, receipt.currency)
            detail = f"{_money(receipt.amount, receipt.currency)}, deductible {deductible}"
            if receipt.voided_at:
                detail += f"; voided {receipt.voided_at:%d %b %Y}" + (
                    f": {receipt.void_reason}" if receipt.void_reason else ""
                )
            entries.append(
                TimelineEntry(
                    at=receipt.issued_at,
                    kind=self.kind,
                    title=f"Receipt {receipt.display_number} issued",
                    detail=detail,
                )
            )
        return entries


class DonationMessageSource(OutboxSource):
    """Receipts, notices and statements emailed (or owed) about the donor's giving."""

    permissions = (VIEW_GIFTS,)
    kind_labels = {
        "receipt": "Receipt email",
        "receipt_void": "Receipt voided email",
        "tribute_notice": "Tribute notice",
        "recurring_charge_notice": "Recurring charge notice",
        "card_expiring": "Card expiring notice",
        "charge_notice": "Advance notice of a charge",
        "recurring_amount_changed": "Recurring amount changed notice",
        STATEMENT_KIND: "Year-end statement",
    }

    def conditions(self, constituent: Constituent) -> list[tuple[str, str, QuerySet[Any]]]:
        plans = RecurringGift.objects.filter(constituent=constituent)
        return [
            ("receipt receipt_void", "receipt", Receipt.objects.filter(gift__constituent=constituent)),
            ("tribute_notice", "gift", Gift.objects.filter(constituent=constituent)),
            (
                "recurring_charge_notice",
                "charge",
                RecurringCharge.objects.filter(recurring_gift__constituent=constituent),
            ),
            ("card_expiring", "recurring", plans),
            ("charge_notice recurring_amount_changed", "recurring_gift", plans),
            (STATEMENT_KIND, "constituent", Constituent.objects.filter(pk=constituent.pk)),
        ]


def donation_timeline_sources() -> list[TimelineSource]:
    return [
        GiftSource(),
        RefundSource(),
        RecurringGiftSource(),
        PledgeSource(),
        ReceiptSource(),
        DonationMessageSource(),
    ]
