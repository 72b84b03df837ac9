"""What communications adds to the constituent's timeline (steward/members/timeline.py): the campaign email each
person was sent, with what became of it, opened as they received it (its web version)."""

from __future__ import annotations

from django.urls import reverse

from steward.members.models import Constituent
from steward.members.timeline import TimelineEntry, TimelineSource

from ..models import CampaignRecipient
from ..rendering import recipient_token


class CampaignMessageSource(TimelineSource):
    kind = "message"
    label = "Messages"
    permissions = ("communications.view_emailcampaign",)

    def entries(self, *, constituent: Constituent, limit: int) -> list[TimelineEntry]:
        copies = (
            CampaignRecipient.objects.filter(constituent=constituent, status=CampaignRecipient.Status.SENT)
            .select_related("campaign")
            .order_by("-sent_at", "-pk")[:limit]
        )
        return [
            TimelineEntry(
                at=copy.sent_at,  # type: ignore[arg-type]
                kind=self.kind,
                title=f"Campaign email “{copy.campaign.name}” ({copy.delivery or 'sent'}"
                + (", unsubscribed" if copy.unsubscribed_at else "")
                + ")",
                detail=f"“{copy.campaign.subject}” to {copy.address}",
                url=reverse("mail_web_version", args=[recipient_token(copy.pk)]),
            )
            for copy in copies
        ]


def communications_timeline_sources() -> list[TimelineSource]:
    return [CampaignMessageSource()]
