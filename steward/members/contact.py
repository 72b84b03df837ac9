"""Who may be sent what: the contact policy, in one place (DESIGN "Rules that keep money and messages right").

Every message Steward sends passes through core.mail.deliver, which asks `email_verdict` about each address.
Campaign audiences are chosen with `contactable`, the same rules as one query. The rules:

- never to a suppressed address (a hard bounce, a complaint, repeated soft bounces, staff), whatever the message;
- never to a record merged into another, nor to someone who has died;
- a reminder (core.mail.Purpose.REMINDER) or a marketing message not to someone flagged do-not-contact or
  do-not-email;
- a marketing message only to someone whose latest consent for its topic on email is a yes.

An address no constituent has (a staff user's, an address being confirmed) may be sent transactional messages
only. An address several records share (a household's) may be sent the message when one of them may.
"""

from __future__ import annotations

from django.db.models import Exists, F, OuterRef, QuerySet
from django.db.models.functions import Lower, Upper

from steward.core.mail import Purpose, Verdict

from .models import ConsentRecord, Constituent, Email, EmailSuppression
from .selectors import constituents_with_consent

TOPIC_WORDS = dict(ConsentRecord.Topic.choices)


def suppression_of(address: str) -> EmailSuppression | None:
    """The suppression in force for an address, if any."""
    return EmailSuppression.objects.filter(address=address.strip().lower(), lifted_at__isnull=True).first()


def constituent_refusal(
    constituent: Constituent, *, purpose: Purpose, topic: str = "", consented: bool | None = None
) -> str:
    """Why this person may not be sent a message of this purpose ("" when they may). `consented`, when given, is
    their latest consent for the topic on email, read beforehand for many people at once."""
    if constituent.merged_into_id is not None:
        return "The record was merged into another."
    if constituent.deceased:
        return "The person has died."
    if purpose == Purpose.TRANSACTIONAL:
        return ""
    if constituent.do_not_contact:
        return "The person asked not to be contacted."
    if constituent.do_not_email:
        return "The person asked not to be emailed."
    if consented is None and purpose == Purpose.MARKETING:
        consented = _consented(constituent.pk, topic)
    if purpose == Purpose.MARKETING and not consented:
        return f"The person has not agreed to emails about {TOPIC_WORDS.get(topic, topic).lower()}."
    return ""


def _consented(constituent_id: int, topic: str) -> bool:
    latest = (
        ConsentRecord.objects.filter(constituent_id=constituent_id, channel=ConsentRecord.Channel.EMAIL, topic=topic)
        .order_by("-recorded_at", "-id")
        .values_list("granted", flat=True)
        .first()
    )
    return bool(latest)


def email_verdict(address: str, purpose: Purpose, topic: str = "") -> Verdict:
    """The contact policy core.mail asks about each address a message is going to."""
    suppression = suppression_of(address)
    if suppression is not None:
        return Verdict(refusal=f"The address {suppression.address} is suppressed: {suppression.get_reason_display()}.")
    owners = list(
        Constituent.objects.filter(
            Exists(
                Email.objects.annotate(upper=Upper("address")).filter(constituent=OuterRef("pk"), upper=address.upper())
            )
        ).order_by(F("merged_into").asc(nulls_first=True), "deceased", "pk")
    )
    if not owners:
        if purpose == Purpose.TRANSACTIONAL:
            return Verdict()
        return Verdict(refusal=f"No record has the address {address}.")
    refusals = []
    for owner in owners:
        refusal = constituent_refusal(owner, purpose=purpose, topic=topic)
        if not refusal:
            return Verdict(constituent_id=owner.pk)
        refusals.append(refusal)
    return Verdict(refusal=refusals[0], constituent_id=owners[0].pk)


def email_verdicts(addresses: list[str], purpose: Purpose, topic: str = "") -> dict[str, Verdict]:
    """`email_verdict` for many addresses in three queries (a batch of campaign email): the same rules."""
    lowered = {address: address.strip().lower() for address in addresses}
    suppressed = {
        row.address: row
        for row in EmailSuppression.objects.filter(address__in=set(lowered.values()), lifted_at__isnull=True)
    }
    owners: dict[str, list[Constituent]] = {}
    rows = (
        Email.objects.annotate(lower=Lower("address"))
        .filter(lower__in=set(lowered.values()))
        .select_related("constituent")
        .order_by(F("constituent__merged_into").asc(nulls_first=True), "constituent__deceased", "constituent_id")
    )
    for row in rows:
        people = owners.setdefault(row.lower, [])
        if row.constituent not in people:
            people.append(row.constituent)
    consenting: set[int] = set()
    if purpose == Purpose.MARKETING:
        ids = [person.pk for people in owners.values() for person in people]
        consenting = set(
            constituents_with_consent(channel=ConsentRecord.Channel.EMAIL, topic=topic)
            .filter(pk__in=ids)
            .values_list("pk", flat=True)
        )
    verdicts = {}
    for address, lower in lowered.items():
        suppression = suppressed.get(lower)
        if suppression is not None:
            verdicts[address] = Verdict(
                refusal=f"The address {suppression.address} is suppressed: {suppression.get_reason_display()}."
            )
            continue
        people = owners.get(lower, [])
        if not people:
            verdicts[address] = (
                Verdict()
                if purpose == Purpose.TRANSACTIONAL
                else Verdict(refusal=f"No record has the address {address}.")
            )
            continue
        verdict = None
        first_refusal = ""
        for person in people:
            refusal = constituent_refusal(person, purpose=purpose, topic=topic, consented=person.pk in consenting)
            if not refusal:
                verdict = Verdict(constituent_id=person.pk)
                break
            first_refusal = first_refusal or refusal
        verdicts[address] = verdict or Verdict(refusal=first_refusal, constituent_id=people[0].pk)
    return verdicts


def contactable(queryset: QuerySet[Constituent], *, purpose: Purpose, topic: str = "") -> QuerySet[Constituent]:
    """The people of a queryset who may be sent a message of this purpose at their primary address, by the
    rules of `email_verdict` as one query (a campaign's audience)."""
    primary = Email.objects.filter(constituent=OuterRef("pk"), is_primary=True)
    suppressed = EmailSuppression.objects.filter(lifted_at__isnull=True, address=OuterRef("_primary_lower"))
    people = queryset.filter(Exists(primary), merged_into__isnull=True, deceased=False)
    if purpose != Purpose.TRANSACTIONAL:
        people = people.filter(do_not_contact=False, do_not_email=False)
    if purpose == Purpose.MARKETING:
        people = people.filter(
            pk__in=constituents_with_consent(channel=ConsentRecord.Channel.EMAIL, topic=topic).values("pk")
        )
    return people.annotate(_primary_lower=primary.annotate(lower=Lower("address")).values("lower")[:1]).filter(
        ~Exists(suppressed)
    )
