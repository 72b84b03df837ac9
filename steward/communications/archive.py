"""The public newsletter archive (the NewsletterArchivePage): the campaigns staff chose to show there
(`in_archive`) once they are sent, and the copy anyone may read of each: the rendering stored when its sending
began, every merge tag at its fallback, the links that exist for everyone (rendering.preview_links) and no
tracking, so it never carries anyone's name, figures or personal links."""

from __future__ import annotations

from django.db.models import F, QuerySet
from django.urls import reverse

from steward.core.links import frontend_url

from . import rendering
from .merge import fill
from .models import EmailCampaign


def archived_campaigns() -> QuerySet[EmailCampaign]:
    """The campaigns the archive shows: sent, chosen for it, with a stored rendering; newest first."""
    return (
        EmailCampaign.objects.filter(in_archive=True, status=EmailCampaign.Status.SENT)
        .exclude(rendered_html="")
        .order_by(F("started_at").desc(nulls_last=True), "-pk")
    )


def archived_campaign(pk: int) -> EmailCampaign | None:
    return archived_campaigns().filter(pk=pk).first()


def _plain(value: str) -> str:
    return value


def archive_subject(campaign: EmailCampaign) -> str:
    """The subject most of its readers got (a subject test's winner), every merge tag at its fallback."""
    subject = campaign.subject_b if campaign.winner == "b" and campaign.subject_b else campaign.subject
    return fill(subject, {}, escape=_plain)


def archive_preheader(campaign: EmailCampaign) -> str:
    return fill(campaign.preheader, {}, escape=_plain)


def archive_link(campaign: EmailCampaign) -> str:
    """The public address of the campaign's archive copy."""
    return frontend_url(reverse("mail_archive_copy", args=[campaign.pk]))


def archive_copy_html(campaign: EmailCampaign) -> str:
    """The campaign as anyone may read it: the stored rendering with no one's values in it (each tag at its
    fallback), the everyone-links of a preview (the "view in a browser" link back to this copy), and each
    tracked link put back to where it leads (nothing is recorded)."""
    rendered = rendering.campaign_rendered(campaign)
    values = {**rendering.preview_links(campaign), "web_link": archive_link(campaign)}
    values.update({f"__link_{index}": link for index, link in enumerate(rendered.links)})
    return fill(rendered.html, values)
