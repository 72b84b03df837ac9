"""Campaign email in the admin (Communications → Campaign email, → Sender addresses): compose with blocks,
see the audience (and who is left out, and why), preview as desktop and phone and as a chosen person, send a test
to a staff address, send, pause, resume, cancel, with the progress of the sending. Edits only while a draft; the
send and its controls go through steward.communications.campaigns."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.generic import TemplateView, View
from wagtail.admin import messages
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet

from steward.core.admin_views import AS_SENT_POLICY
from steward.core.mail import NotOwed, Purpose, deliver
from steward.core.merge_tags import unknown_tags_message
from steward.core.sending_rate import RateLimited
from steward.members.models import Constituent
from steward.reports.charts import as_data_uri
from steward.reports.exports import csv_rows

from .. import campaign_reports, campaigns, merge, rendering
from ..models import CampaignRecipient, EmailCampaign, SenderAddress

CHANGE = "communications.change_emailcampaign"
VIEW = "communications.view_emailcampaign"
EDITABLE = (EmailCampaign.Status.DRAFT, EmailCampaign.Status.SCHEDULED)


class EmailCampaignForm(WagtailAdminModelForm):
    """Refuses an unknown merge tag at save, naming it."""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        texts = [data.get("subject") or "", data.get("subject_b") or "", data.get("preheader") or ""]
        probe = EmailCampaign(body=data.get("body") or [])
        texts += campaigns.body_texts(probe)
        unknown = sorted({tag for text in texts for tag in merge.unknown_tags(text)})
        if unknown:
            raise ValidationError(unknown_tags_message(unknown, merge.TAGS))
        return data


class CampaignIndexView(generic.IndexView):
    def get_base_queryset(self) -> Any:
        return EmailCampaign.objects.select_related("sender")

    @cached_property
    def columns(self) -> list[Column]:
        return [
            TitleColumn("name", label="Name", sort_key="name", get_url=lambda obj: self.get_inspect_url(obj)),
            Column("subject", label="Subject"),
            StatusTagColumn("status", label="Status", accessor="get_status_display", primary=lambda obj: True),
            Column("audience_count", label="Recipients"),
            DateColumn("started_at", label="Sent", sort_key="started_at"),
        ]


class CampaignEditView(generic.EditView):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        campaign = get_object_or_404(EmailCampaign, pk=kwargs["pk"])
        if campaign.status not in EDITABLE and request.user.has_perm(CHANGE):  # (others are refused as usual)
            messages.warning(request, "A campaign that has started sending can no longer be changed.")
            return redirect(reverse("communications_campaigns:inspect", args=[campaign.pk]))
        return super().dispatch(request, *args, **kwargs)


class CampaignInspectView(generic.InspectView):
    template_name = "communications/admin/campaign_inspect.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        campaign = self.object
        progress = campaigns.campaign_progress(campaign)
        total = sum(progress.values())
        done = progress["sent"] + progress["skipped"] + progress["failed"]
        context.update(
            campaign=campaign,
            problems=campaigns.campaign_problems(campaign) if campaign.status in EDITABLE else {},
            warnings=campaigns.campaign_warnings(campaign),
            audience=campaigns.campaign_audience(campaign) if campaign.status in EDITABLE else None,
            progress=progress,
            total=total,
            percent=int(done * 100 / total) if total else 0,
            can_change=self.request.user.has_perm(CHANGE),
            test=campaigns.test_results(campaign) if campaign.test_ends_at else None,
            leader=campaigns.test_leader(campaign) if campaign.test_ends_at and not campaign.winner else "",
            schedule_form=ScheduleForm(initial={"when": campaign.scheduled_for}),
            urls={
                name: reverse(f"communications_campaigns:{name}", args=[campaign.pk])
                for name in (
                    *("send", "pause", "resume", "cancel", "test", "preview", "preview_html"),
                    *("schedule", "unschedule", "decide", "report", "export"),
                )
            },
            test_address=self.request.user.email,
        )
        return context


class CampaignActionView(PermissionRequiredMixin, View):
    """POST: send, pause, resume, cancel or unschedule; back to the campaign with what happened."""

    permission_required = CHANGE
    raise_exception = True
    action = ""
    done = ""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        campaign = get_object_or_404(EmailCampaign, pk=pk)
        service = {
            "send": campaigns.campaign_send,
            "pause": campaigns.campaign_pause,
            "resume": campaigns.campaign_resume,
            "cancel": campaigns.campaign_cancel,
            "unschedule": campaigns.campaign_unschedule,
        }[self.action]
        try:
            service(campaign=campaign)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(request, self.done)
        return redirect(reverse("communications_campaigns:inspect", args=[pk]))


def _action(name: str, done: str) -> Any:
    return CampaignActionView.as_view(action=name, done=done)


class ScheduleForm(forms.Form):
    when = forms.DateTimeField(
        label="Send at",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text="In the organisation's time zone.",
    )

    def clean_when(self) -> dt.datetime:
        when = self.cleaned_data["when"]
        zone = zoneinfo.ZoneInfo(settings.ORGANISATION_TIME_ZONE)
        # the form reads it in Django's zone; staff wrote it in the organisation's
        return timezone.make_aware(timezone.make_naive(when), zone) if timezone.is_aware(when) else when


class CampaignScheduleView(PermissionRequiredMixin, View):
    permission_required = CHANGE
    raise_exception = True

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        campaign = get_object_or_404(EmailCampaign, pk=pk)
        form = ScheduleForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Give the date and time to send it at.")
        else:
            try:
                campaign = campaigns.campaign_schedule(campaign=campaign, when=form.cleaned_data["when"])
            except ValidationError as error:
                for text in error.messages:
                    messages.error(request, text)
            else:
                when = timezone.localtime(campaign.scheduled_for, zoneinfo.ZoneInfo(settings.ORGANISATION_TIME_ZONE))
                messages.success(request, f"Scheduled for {when:%-d %B %Y at %H:%M}.")
        return redirect(reverse("communications_campaigns:inspect", args=[pk]))


class CampaignDecideView(PermissionRequiredMixin, View):
    """End the subject test now: the chosen subject goes to everyone held back."""

    permission_required = CHANGE
    raise_exception = True

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        campaign = get_object_or_404(EmailCampaign, pk=pk)
        try:
            winner = campaigns.campaign_test_decide(campaign_id=campaign.pk, variant=request.POST.get("variant", ""))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if winner is None:
                messages.error(request, "This campaign has no subject test waiting for a winner.")
            else:
                messages.success(request, f"Subject {winner.upper()} is going to everyone else.")
        return redirect(reverse("communications_campaigns:inspect", args=[pk]))


class CampaignReportView(PermissionRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    """What became of a campaign: its figures, the gifts that came from it, opens and clicks over time."""

    permission_required = VIEW
    raise_exception = True
    template_name = "communications/admin/campaign_report.html"
    header_icon = "doc-full"

    def get_page_title(self) -> str:
        return f"Report: {self.campaign.name}"

    @cached_property
    def campaign(self) -> EmailCampaign:
        return get_object_or_404(EmailCampaign, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        campaign = self.campaign
        engagement = campaign_reports.engagement_over_time(campaign)
        return {
            **super().get_context_data(**kwargs),
            "campaign": campaign,
            "report": campaign_reports.campaign_report(campaign),
            "test": campaigns.test_results(campaign) if campaign.test_ends_at else None,
            "chart": as_data_uri(campaign_reports.engagement_chart(engagement)) if engagement.labels else "",
            "engagement": engagement,
            "export_url": reverse("communications_campaigns:export", args=[campaign.pk]),
            "inspect_url": reverse("communications_campaigns:inspect", args=[campaign.pk]),
        }


class CampaignExportView(PermissionRequiredMixin, View):
    """The recipients with their outcome, as CSV, streamed."""

    permission_required = VIEW
    raise_exception = True

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        campaign = get_object_or_404(EmailCampaign, pk=pk)
        lines = csv_rows(headings=campaign_reports.RECIPIENT_HEADINGS, rows=campaign_reports.recipient_rows(campaign))
        response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
        filename = slugify(f"{campaign.name} recipients") or "recipients"
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response


def _rendered_for(campaign: EmailCampaign, person: Constituent | None) -> tuple[str, str, str]:
    """The campaign as `person` (or a sample reader) would get it, merge tags filled; not tracked."""
    rendered = rendering.campaign_render(campaign, track_links=False)
    values = rendering.preview_links(campaign)
    if person is not None:
        recipient = CampaignRecipient(pk=0, campaign=campaign, constituent=person)
        values = {**campaigns.merge_values(campaign, [recipient])[0], **values}
    return rendering.message_parts(rendered, values, tracking=False)


class CampaignPreviewView(PermissionRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    """The campaign at desktop and phone widths, as a chosen person would get it."""

    permission_required = VIEW
    raise_exception = True
    template_name = "communications/admin/campaign_preview.html"
    page_title = "Preview"
    header_icon = "view"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        campaign = get_object_or_404(EmailCampaign, pk=self.kwargs["pk"])
        person_id = self.request.GET.get("as", "")
        html_url = reverse("communications_campaigns:preview_html", args=[campaign.pk])
        if person_id.isdigit():
            html_url += f"?as={person_id}"
        return {
            **super().get_context_data(**kwargs),
            "campaign": campaign,
            "html_url": html_url,
            "person_id": person_id,
        }


@method_decorator(xframe_options_sameorigin, name="dispatch")
class CampaignPreviewHtmlView(PermissionRequiredMixin, View):
    permission_required = VIEW
    raise_exception = True

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        campaign = get_object_or_404(EmailCampaign, pk=pk)
        person = None
        if (person_id := request.GET.get("as", "")).isdigit():
            person = Constituent.objects.filter(pk=int(person_id)).first()
            if person is None:
                raise Http404("No such person.")
        _, _, html = _rendered_for(campaign, person)
        response = HttpResponse(html, content_type="text/html; charset=utf-8")
        response["Content-Security-Policy"] = AS_SENT_POLICY + "; frame-ancestors 'self'"
        return response


class TestSendForm(forms.Form):
    address = forms.EmailField(label="Send a test to")


class CampaignTestSendView(PermissionRequiredMixin, View):
    """A test copy to a staff address: the subject marked [Test], links live, nobody's consent involved."""

    permission_required = CHANGE
    raise_exception = True

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        campaign = get_object_or_404(EmailCampaign, pk=pk)
        form = TestSendForm(request.POST)
        back = redirect(reverse("communications_campaigns:inspect", args=[pk]))
        if not form.is_valid():
            messages.error(request, "Give an email address to send the test to.")
            return back
        problems = campaigns.campaign_problems(campaign)
        if problems:
            for texts in problems.values():
                for text in texts:
                    messages.error(request, text)
            return back
        subject, text, html = _rendered_for(campaign, None)
        sender = campaign.sender
        message = EmailMultiAlternatives(
            subject=f"[Test] {subject}",
            body=text,
            from_email=f"{sender.name} <{sender.email}>" if sender else None,
            to=[form.cleaned_data["address"]],
        )
        message.attach_alternative(html, "text/html")
        try:
            deliver(message, purpose=Purpose.TRANSACTIONAL)
        except (NotOwed, RateLimited) as refusal:
            messages.error(request, f"Not sent: {refusal}")
            return back
        messages.success(request, f"A test was sent to {form.cleaned_data['address']}.")
        return back


class EmailCampaignViewSet(ModelViewSet):
    model = EmailCampaign
    name = "campaigns"
    url_prefix = "communications/campaigns"
    url_namespace = "communications_campaigns"
    icon = "mail"
    menu_label = "Campaign email"
    menu_order = 100
    form_fields = None
    index_view_class = CampaignIndexView
    edit_view_class = CampaignEditView
    inspect_view_class = CampaignInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_filter = ["status"]
    search_fields = ["name", "subject"]
    ordering = ["-created_at"]
    list_per_page = 25
    panels = [
        FieldPanel("name"),
        MultiFieldPanel(
            [
                FieldPanel("subject"),
                FieldPanel("preheader"),
                FieldRowPanel([FieldPanel("sender"), FieldPanel("topic")]),
            ],
            heading="Message",
        ),
        MultiFieldPanel(
            [FieldPanel("segments"), FieldPanel("excluded_segments"), FieldPanel("one_per_household")],
            heading="Audience",
        ),
        MultiFieldPanel(
            [
                FieldPanel("subject_b"),
                FieldRowPanel([FieldPanel("test_share"), FieldPanel("test_hours"), FieldPanel("test_metric")]),
            ],
            heading="Subject test (optional)",
            classname="collapsed",
        ),
        FieldRowPanel([FieldPanel("appeal_code"), FieldPanel("attribution_days")]),
        FieldRowPanel([FieldPanel("tracking"), FieldPanel("in_archive")]),
        FieldPanel("body"),
    ]

    def get_form_class(self, for_update: bool = False) -> type:
        form_class = super().get_form_class(for_update)
        return type("CampaignForm", (EmailCampaignForm, form_class), {})

    def get_common_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        view_kwargs.update(delete_url_name=None, history_url_name=None, usage_url_name=None)
        return view_kwargs

    def get_urlpatterns(self) -> list[Any]:
        dropped = {"delete", "history", "history_results", "usage"}
        return [
            *[pattern for pattern in super().get_urlpatterns() if pattern.name not in dropped],
            path("send/<int:pk>/", _action("send", "Sending has started."), name="send"),
            path("pause/<int:pk>/", _action("pause", "Paused: no more copies go until you resume."), name="pause"),
            path("resume/<int:pk>/", _action("resume", "Sending again."), name="resume"),
            path("cancel/<int:pk>/", _action("cancel", "Cancelled: nobody else will get it."), name="cancel"),
            path("unschedule/<int:pk>/", _action("unschedule", "Unscheduled: it is a draft again."), name="unschedule"),
            path("schedule/<int:pk>/", CampaignScheduleView.as_view(), name="schedule"),
            path("decide/<int:pk>/", CampaignDecideView.as_view(), name="decide"),
            path("report/<int:pk>/", CampaignReportView.as_view(), name="report"),
            path("export/<int:pk>/", CampaignExportView.as_view(), name="export"),
            path("test/<int:pk>/", CampaignTestSendView.as_view(), name="test"),
            path("preview/<int:pk>/", CampaignPreviewView.as_view(), name="preview"),
            path("preview/<int:pk>/html/", CampaignPreviewHtmlView.as_view(), name="preview_html"),
        ]


class SenderAddressViewSet(ModelViewSet):
    model = SenderAddress
    name = "sender_addresses"
    url_prefix = "communications/senders"
    url_namespace = "communications_senders"
    icon = "user"
    menu_label = "Sender addresses"
    menu_order = 800
    copy_view_enabled = False
    list_display = ["name", "email", "reply_to", "is_active"]
    form_fields = ["name", "email", "reply_to", "is_active"]
