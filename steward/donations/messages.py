"""The transactional messages of the donations domain as staff may rewrite them: each kind with its shipped
templates and the merge tags its wording may use (steward.core.message_templates). Each tag reads the context
the sender builds, as the shipped template does."""

from __future__ import annotations

from steward.core.message_templates import Tag, message_kind, person_tags

GROUP = "Donations"
ORGANISATION = {
    "organisation_name": Tag("The organisation's name", "organisation.name", "Riverbank Trust"),
    "organisation_email": Tag("The organisation's email address", "organisation.email", "hello@riverbank.example"),
}
PLAN = {
    "amount": Tag("The gift's amount", "amount", "$25.00"),
    "frequency": Tag("How often it is given (monthly, yearly)", "plan.get_frequency_display|lower", "monthly"),
    "fund": Tag("The fund it goes to", "plan.fund.name", "General fund"),
    "card": Tag("The card it is charged to", "card", "Visa ending 4242"),
    "giving_link": Tag("A link to their giving in the portal", "giving_url", "https://example.org/portal/giving"),
}

RECEIPT = message_kind(
    "receipt",
    label="Gift receipt",
    group=GROUP,
    about="Sent with the receipt's PDF when a gift is paid.",
    subject="donations/receipts/email_subject.txt",
    text="donations/receipts/email_body.txt",
    html="donations/receipts/email_body.html",
    tags={
        **person_tags("donor_name"),
        "receipt_number": Tag("The receipt's number", "number", "2026-000123"),
        "amount": Tag("The gift's amount", "amount", "$50.00"),
        "deductible": Tag("The tax-deductible amount", "deductible", "$50.00"),
        "gift_date": Tag("The date of the gift", "gift_date", "7 December 2026"),
        "replaces": Tag("The number of the receipt this one replaces (if any)", "replaces", ""),
        "signatory": Tag("Who signs receipts", "organisation.receipt_signatory_name", "Dana Lee"),
        "signatory_title": Tag("The signatory's title", "organisation.receipt_signatory_title", "Treasurer"),
        "thank_you": Tag(
            "The thank-you the organisation set for receipts", "organisation.receipt_thank_you", "Thank you."
        ),
        **ORGANISATION,
    },
)
RECEIPT_VOID = message_kind(
    "receipt_void",
    label="Receipt withdrawn",
    group=GROUP,
    about="Sent when a receipt already sent is voided (the gift was refunded or corrected).",
    subject="donations/receipts/void_subject.txt",
    text="donations/receipts/void_body.txt",
    tags={
        **person_tags("donor_name"),
        "receipt_number": Tag("The receipt's number", "number", "2026-000123"),
        "amount": Tag("The gift's amount", "amount", "$50.00"),
        "gift_date": Tag("The date of the gift", "gift_date", "7 December 2026"),
        "reason": Tag("Why it was voided", "reason", "the gift was refunded."),
        **ORGANISATION,
    },
)
TRIBUTE_NOTICE = message_kind(
    "tribute_notice",
    label="Tribute notice",
    group=GROUP,
    about="Sent to the person a gift in honour or memory of someone names (the amount is never mentioned).",
    subject="donations/email/tribute_notice_subject.txt",
    text="donations/email/tribute_notice.txt",
    tags={
        "notify_name": Tag("The name of the person told", "notify_name", "Sam"),
        "donor_name": Tag("Who gave (“A friend” when anonymous)", "donor_name", "Alex Chen"),
        "honour": Tag("“in honour of” or “in memory of”", "honour", "in memory of"),
        "tribute_name": Tag("Whom the gift honours", "gift.tribute_name", "Grandma Rose"),
        "tribute_message": Tag("The donor's message", "gift.tribute_message", "She loved the river."),
        **ORGANISATION,
    },
)
CHARGE_NOTICE = message_kind(
    "charge_notice",
    label="Upcoming recurring charge",
    group=GROUP,
    about="Sent before a recurring gift or membership is charged (for yearly plans and changed amounts).",
    subject="donations/email/charge_notice_subject.txt",
    text="donations/email/charge_notice.txt",
    tags={
        **person_tags("donor_name"),
        **PLAN,
        "previous_amount": Tag("The amount before, when it changed", "previous_amount", "$20.00"),
        "charge_date": Tag("When it will be charged", "charge_date", "1 January 2027"),
        "membership_level": Tag("The membership it pays for, if any", "membership.level.name", "Friend"),
        "membership_link": Tag(
            "A link to their membership in the portal", "membership_url", "https://example.org/portal"
        ),
    },
)
RECURRING_AMOUNT_CHANGED = message_kind(
    "recurring_amount_changed",
    label="Recurring gift amount changed",
    group=GROUP,
    subject="donations/email/recurring_amount_changed_subject.txt",
    text="donations/email/recurring_amount_changed.txt",
    tags={
        **person_tags("donor_name"),
        **PLAN,
        "frequency": Tag("How often it is given (monthly, yearly)", "frequency", "monthly"),
        "previous_amount": Tag("The amount before", "previous_amount", "$20.00"),
        "next_charge_date": Tag("The next charge", "next_charge_date", "1 January 2027"),
    },
)
RECURRING_STARTED = message_kind(
    "recurring_gift_started",
    label="Recurring gift started",
    group=GROUP,
    subject="donations/email/recurring_started_subject.txt",
    text="donations/email/recurring_started.txt",
    tags={
        **person_tags("donor_name"),
        **PLAN,
        "frequency": Tag("How often it is given (monthly, yearly)", "frequency", "monthly"),
        "next_charge_date": Tag("The next charge", "next_charge_date", "1 January 2027"),
        "manage_link": Tag("A link to change or stop the gift", "manage_url", "https://example.org/giving/manage/…"),
        "sign_up_link": Tag("A link to make a portal account (if they have none)", "sign_up_url", ""),
    },
)
STATEMENT = message_kind(
    "year_end_statement",
    label="Year-end giving statement",
    group=GROUP,
    about="Sent with the statement's PDF for a tax year.",
    subject="donations/email/statement_subject.txt",
    text="donations/email/statement_body.txt",
    html="donations/email/statement_body.html",
    tags={
        **person_tags("donor_name"),
        "tax_year": Tag("The tax year", "tax_year", "2026"),
        "first_day": Tag("The tax year's first day", "first_day", "1 January 2026"),
        "last_day": Tag("The tax year's last day", "last_day", "31 December 2026"),
        "gift_count": Tag("How many gifts it lists", "gift_count", "4"),
        "totals": Tag("The totals, by currency", 'totals|join:", "', "$320.00"),
        "giving_link": Tag("A link to their giving in the portal", "giving_url", "https://example.org/portal/giving"),
        **ORGANISATION,
    },
)
MEMBERSHIP_WELCOME = message_kind(
    "membership_welcome",
    label="Membership welcome and renewal thanks",
    group=GROUP,
    about="Sent with the membership card when a membership is paid for.",
    subject="donations/email/membership_welcome_subject.txt",
    text="donations/email/membership_welcome.txt",
    tags={
        **person_tags("name"),
        "membership_level": Tag("The membership level", "level", "Friend"),
        "level_description": Tag("What the level is", "description", "Our friends keep the river clean."),
        "start": Tag("The term's first day", "start", "7 December 2026"),
        "end": Tag("The term's last day", "end", "6 December 2027"),
        "amount": Tag("What was paid", "amount", "$40.00"),
        "receipt_number": Tag("The receipt's number", "receipt", "2026-000124"),
        "deductible": Tag("The tax-deductible amount", "deductible", "$40.00"),
        "portal_link": Tag("A link to the portal", "portal_link", "https://example.org/portal/"),
        "confirm_link": Tag("A link to confirm their account (new accounts)", 'confirm_link|default:""', ""),
        "confirm_hours": Tag("How many hours the confirm link works", "hours", "48"),
        **ORGANISATION,
    },
)
_RECURRING_CHARGE = {
    **person_tags("constituent.preferred_name|default:constituent.display_name"),
    "amount": Tag("The charge's amount", "charge.amount", "25.00"),
    "currency": Tag("Its currency", "charge.currency", "USD"),
    "frequency": Tag("How often it is given (monthly, yearly)", "recurring.get_frequency_display|lower", "monthly"),
    "due_date": Tag("When it was due", 'charge.due_date|date:"j F Y"', "1 December 2026"),
    "manage_link": Tag("A link to their giving in the portal", "manage_url", "https://example.org/portal/giving"),
    "next_attempt": Tag("When it is tried again", 'charge.next_attempt_on|date:"j F Y"', "4 December 2026"),
    "confirm_link": Tag("A link to confirm the payment (14 days)", "link", "https://example.org/giving/confirm/…"),
}
RECURRING_CHARGE_KINDS = {
    "failed": message_kind(
        "recurring_charge_failed",
        label="Recurring charge declined (will retry)",
        group=GROUP,
        subject="donations/email/recurring_subject.txt",
        text="donations/email/recurring_body.txt",
        tags=_RECURRING_CHARGE,
    ),
    "failed_final": message_kind(
        "recurring_charge_failed_final",
        label="Recurring gift paused after declined charges",
        group=GROUP,
        subject="donations/email/recurring_subject.txt",
        text="donations/email/recurring_body.txt",
        tags=_RECURRING_CHARGE,
    ),
    "requires_action": message_kind(
        "recurring_charge_requires_action",
        label="Recurring charge needs the donor's confirmation",
        group=GROUP,
        subject="donations/email/recurring_subject.txt",
        text="donations/email/recurring_body.txt",
        tags=_RECURRING_CHARGE,
    ),
}
CARD_EXPIRING = message_kind(
    "card_expiring",
    label="Card expires before the next gift",
    group=GROUP,
    subject="donations/email/card_expiring_subject.txt",
    text="donations/email/card_expiring.txt",
    tags={
        **person_tags("recurring.constituent.preferred_name|default:recurring.constituent.display_name"),
        "amount": Tag("The gift's amount", "recurring.amount", "25.00"),
        "currency": Tag("Its currency", "recurring.currency", "USD"),
        "frequency": Tag("How often it is given", "recurring.get_frequency_display|lower", "monthly"),
        "next_charge_date": Tag("The next charge", 'recurring.next_charge_date|date:"j F Y"', "1 January 2027"),
        "card": Tag("The card that expires", "method", "Visa ending 4242"),
        "manage_link": Tag("A link to update the card", "manage_url", "https://example.org/portal/giving"),
    },
)
