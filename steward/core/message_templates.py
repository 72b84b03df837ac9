"""The wording of the transactional messages Steward sends (receipts, renewal reminders, recurring-gift and
card-expiry notices, shift reminders, account emails, the board pack…), which staff may rewrite in the admin.

Each kind of message is registered once, beside the code that sends it (`message_kind`), with the templates
Steward ships and the merge tags staff may use, each tag a Django template expression over the context the
sender already builds (so a tag reads exactly what the shipped wording reads). A sender renders through
`message_render(kind, context)`: with a staff version in use, its subject and text with the tags filled in (and,
for messages that have an HTML part, that text laid out as HTML); with none, the shipped templates. Every save
is a new version (core.MessageTemplateVersion); staff can go back to any earlier one, or to the shipped wording.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template import engines
from django.template.loader import render_to_string

from .errors import field_error
from .merge_tags import fill, plain, unknown_tags, unknown_tags_message
from .models import MessageTemplateVersion

SEPARATOR = "\x1f"


@dataclass(frozen=True)
class Tag:
    description: str
    expression: str  # a Django template expression over the sender's context, e.g. "membership.level.name"
    example: str


@dataclass(frozen=True)
class MessageKind:
    key: str
    label: str
    group: str
    subject_template: str
    text_template: str
    html_template: str = ""
    tags: dict[str, Tag] = field(default_factory=dict)
    about: str = ""


@dataclass(frozen=True)
class RenderedMessage:
    subject: str
    text: str
    html: str  # "" for a message without an HTML part
    version: int | None  # the staff version used; None for the shipped wording


KINDS: dict[str, MessageKind] = {}


def message_kind(
    key: str,
    *,
    label: str,
    group: str,
    subject: str,
    text: str,
    html: str = "",
    tags: dict[str, Tag],
    about: str = "",
) -> MessageKind:
    """Register a kind of message: its shipped templates and the tags staff may use in their own wording."""
    kind = MessageKind(
        key=key,
        label=label,
        group=group,
        subject_template=subject,
        text_template=text,
        html_template=html,
        tags=tags,
        about=about,
    )
    KINDS[key] = kind
    return kind


def person_tags(name: str) -> dict[str, Tag]:
    """The tag every message to a person has: how to greet them, from the expression `name`."""
    return {"first_name": Tag("Their preferred or first name", name, "Noi")}


@cache
def _tags_template(key: str) -> Any:
    kind = KINDS[key]
    source = SEPARATOR.join("{{ " + tag.expression + " }}" for tag in kind.tags.values())
    return engines["django"].from_string("{% autoescape off %}" + source + "{% endautoescape %}")


def tag_values(key: str, context: dict[str, Any]) -> dict[str, str]:
    """Each tag's value for this message, read from the sender's context in one template pass."""
    kind = KINDS[key]
    if not kind.tags:
        return {}
    rendered = _tags_template(key).render(context).split(SEPARATOR)
    return {name: value.strip() for name, value in zip(kind.tags, rendered, strict=True)}


def example_values(key: str) -> dict[str, str]:
    return {name: tag.example for name, tag in KINDS[key].tags.items()}


def version_in_use(key: str) -> MessageTemplateVersion | None:
    return MessageTemplateVersion.objects.filter(kind=key, in_use=True).first()


def _from_version(
    kind: MessageKind, subject: str, body: str, values: dict[str, str], number: int | None
) -> RenderedMessage:
    text = fill(body, values, escape=plain).strip() + "\n"
    subject = " ".join(fill(subject, values, escape=plain).split())
    html = (
        render_to_string("core/email/staff_message.html", {"subject": subject, "text": text})
        if kind.html_template
        else ""
    )
    return RenderedMessage(subject=subject, text=text, html=html, version=number)


def message_render(key: str, context: dict[str, Any]) -> RenderedMessage:
    """A message of kind `key` for the sender's `context`: in the staff's wording in use, else as shipped."""
    kind = KINDS[key]
    version = version_in_use(key)
    if version is not None:
        return _from_version(kind, version.subject, version.body, tag_values(key, context), version.number)
    return _shipped(kind, context)


def _shipped(kind: MessageKind, context: dict[str, Any]) -> RenderedMessage:
    return RenderedMessage(
        subject=" ".join(render_to_string(kind.subject_template, context).split()),
        text=render_to_string(kind.text_template, context),
        html=render_to_string(kind.html_template, context) if kind.html_template else "",
        version=None,
    )


def message_preview(key: str, *, subject: str, body: str) -> RenderedMessage:
    """A wording (saved or not) with each tag's example value: what the admin shows before saving."""
    return _from_version(KINDS[key], subject, body, example_values(key), None)


# -------------------------------------------------------------------------------------------------------------
# Saving versions
# -------------------------------------------------------------------------------------------------------------


def wording_problems(key: str, *, subject: str, body: str) -> dict[str, list[str]]:
    kind = KINDS.get(key)
    if kind is None:
        return {"kind": [f"There is no message of the kind “{key}”."]}
    problems: dict[str, list[str]] = {}
    for name, text in (("subject", subject), ("body", body)):
        if not text.strip():
            problems[name] = ["Write the subject." if name == "subject" else "Write the message."]
        elif unknown := unknown_tags(text, kind.tags):
            problems[name] = [unknown_tags_message(unknown, kind.tags)]
    return problems


def message_template_save(
    *, kind: str, subject: str, body: str, note: str = "", user: Any = None
) -> MessageTemplateVersion:
    """Save a new wording and use it from now on (the previous one stays in the history). An unknown tag, an
    empty subject or message: refused, naming the field, and nothing changes."""
    problems = wording_problems(kind, subject=subject, body=body)
    if problems:
        raise ValidationError(
            {name: [ValidationError(text, code="invalid") for text in texts] for name, texts in problems.items()}
        )
    try:
        with transaction.atomic():
            latest = MessageTemplateVersion.objects.filter(kind=kind).aggregate(n=Max("number"))["n"] or 0
            MessageTemplateVersion.objects.filter(kind=kind, in_use=True).update(in_use=False)
            return MessageTemplateVersion.objects.create(
                kind=kind,
                number=latest + 1,
                subject=subject.strip(),
                body=body.strip() + "\n",
                note=note.strip()[:255],
                in_use=True,
                created_by=user if getattr(user, "pk", None) else None,
            )
    except IntegrityError:  # someone saved this kind at the same moment: their number, their version
        raise field_error(
            "body",
            "Someone else saved this message at the same moment: look at its history and try again.",
            code="conflict",
        ) from None


def message_template_restore(*, version: MessageTemplateVersion, user: Any = None) -> MessageTemplateVersion:
    """Use an earlier wording again (as a new version, so the history shows the return)."""
    return message_template_save(
        kind=version.kind,
        subject=version.subject,
        body=version.body,
        note=f"Back to version {version.number}",
        user=user,
    )


@transaction.atomic
def message_template_use_shipped(*, kind: str) -> int:
    """Go back to the wording Steward ships; returns how many versions were in use (0 or 1)."""
    if kind not in KINDS:
        raise field_error("kind", f"There is no message of the kind “{kind}”.", code="invalid")
    return MessageTemplateVersion.objects.filter(kind=kind, in_use=True).update(in_use=False)
