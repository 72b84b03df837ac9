"""The reports domain's message staff may reword: the board pack's email (steward.core.message_templates)."""

from __future__ import annotations

from steward.core.message_templates import Tag, message_kind

BOARD_PACK = message_kind(
    "board_pack",
    label="Board pack",
    group="Reports",
    about="Sent to the Board group with the pack's PDF attached.",
    subject="reports/email/board_pack_subject.txt",
    text="reports/email/board_pack.txt",
    tags={
        "organisation_name": Tag("The organisation's name", "organisation.name", "Riverbank Trust"),
        "period": Tag("The period the pack covers", "period", "November 2026"),
        "year_before": Tag("The period it is compared with", "year_before", "November 2025"),
    },
)
