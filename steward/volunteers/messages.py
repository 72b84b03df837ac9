"""The volunteers domain's messages (sign-up confirmations, waitlist notices, shift reminders and
cancellations, coordinators' messages) as staff may rewrite them (steward.core.message_templates)."""

from __future__ import annotations

from steward.core.message_templates import Tag, message_kind, person_tags

GROUP = "Volunteering"
SHIFT = {
    **person_tags("constituent.preferred_name|default:constituent.display_name"),
    "shift_title": Tag("What the shift is for", "shift.opportunity.title", "Beach clean-up"),
    "shift_start": Tag("When it starts", 'shift.local_start|date:"l j F Y, H:i"', "Saturday 12 December 2026, 09:00"),
    "shift_end": Tag("When it ends (the time)", 'shift.local_end|date:"H:i"', "12:00"),
    "time_zone": Tag("The shift's time zone", "shift.time_zone", "Asia/Bangkok"),
    "location": Tag("Where", "shift.opportunity.location", "North beach car park"),
    "shift_start_short": Tag(
        "When it starts, short", 'shift.local_start|date:"D j M Y, H:i"', "Sat 12 Dec 2026, 09:00"
    ),
    "site_link": Tag("A link to the supporters' site", "frontend_url", "https://example.org"),
}
LINKS = {
    "shift_link": Tag("A link to the shift", "shift_url", "https://example.org/volunteer/beach-clean-up"),
    "portal_link": Tag(
        "A link to their volunteering in the portal", "portal_url", "https://example.org/portal/volunteering"
    ),
}


def key(template: str) -> str:
    return f"volunteer_{template}"


for template, label, tags in (
    ("signup_confirmed", "Shift sign-up confirmed", {**SHIFT, **LINKS}),
    ("waitlist_joined", "On a shift's waitlist", {**SHIFT, **LINKS}),
    ("waitlist_promoted", "A place came free on a shift", {**SHIFT, **LINKS}),
    ("shift_reminder", "Shift reminder", SHIFT),
    ("shift_cancelled", "Shift cancelled", SHIFT),
    (
        "shift_message",
        "A coordinator's message to a shift's volunteers (its frame)",
        {
            **SHIFT,
            "subject": Tag("The subject the coordinator wrote", "subject", "Bring gloves"),
            "message": Tag("The message the coordinator wrote", "body", "Please bring gloves and water."),
        },
    ),
):
    message_kind(
        key(template),
        label=label,
        group=GROUP,
        subject=f"volunteers/email/{template}_subject.txt",
        text=f"volunteers/email/{template}.txt",
        tags=tags,
    )
