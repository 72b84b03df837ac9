"""Suppressed addresses (Communications → Suppressed addresses): every address no message goes to, why (a hard
bounce, a complaint, repeated soft bounces, staff), and lifting one with a reason. Suppressions are made by the
delivery reports or by staff here, through steward.members.services; never edited or deleted."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin.utils import quote
from django.db.models import QuerySet
from django.urls import path, reverse
from django.utils.functional import cached_property
from django_filters import ChoiceFilter
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.widgets.button import HeaderButton

from steward.core.admin_forms import ServiceForm
from steward.core.admin_views import AddAndInspectViewSet, ObjectActionFormView, ServiceFormViewMixin
from steward.members import services as member_services
from steward.members.models import EmailSuppression

LIFT_PERMISSION = "members.change_emailsuppression"


class SuppressionForm(ServiceForm):
    """Suppress an address by hand (the person asked by phone never to be emailed again, a typo'd address)."""

    field_map = {"detail": "detail", "address": "address"}
    address = forms.CharField(label="Email address", max_length=254)
    detail = forms.CharField(
        label="Why", widget=forms.Textarea(attrs={"rows": 2}), help_text="Kept with the suppression for staff."
    )

    def save(self) -> EmailSuppression:
        suppression, _ = member_services.suppression_add(
            address=self.cleaned_data["address"],
            reason=EmailSuppression.Reason.MANUAL,
            detail=self.cleaned_data["detail"],
            user=self.for_user,
        )
        return suppression


class LiftForm(ServiceForm):
    lift_reason = forms.CharField(
        label="Why lift it",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example: the member fixed their mailbox, or the complaint was a mistake.",
    )

    def save(self) -> EmailSuppression:
        return member_services.suppression_lift(
            suppression=self.instance, reason=self.cleaned_data["lift_reason"], user=self.for_user
        )


class SuppressionFilterSet(WagtailFilterSet):
    reason = ChoiceFilter(choices=EmailSuppression.Reason.choices, empty_label="Any reason")
    state = ChoiceFilter(
        label="State",
        choices=[("in_force", "In force"), ("lifted", "Lifted")],
        empty_label="In force or lifted",
        method="filter_state",
    )

    class Meta:
        model = EmailSuppression
        fields = ["reason"]

    def filter_state(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(lifted_at__isnull=(value == "in_force")) if value else queryset


def _state(suppression: EmailSuppression) -> str:
    return "In force" if suppression.lifted_at is None else "Lifted"


class SuppressionIndexView(generic.IndexView):
    page_title = "Suppressed addresses"

    def get_base_queryset(self) -> QuerySet[EmailSuppression]:
        return EmailSuppression.objects.all()

    def get_edit_url(self, instance: EmailSuppression) -> None:
        return None

    def get_delete_url(self, instance: EmailSuppression) -> None:
        return None

    @cached_property
    def columns(self) -> list[Column]:
        return [
            TitleColumn("address", label="Address", sort_key="address", get_url=lambda obj: self.get_inspect_url(obj)),
            Column("reason", label="Why", accessor="get_reason_display"),
            StatusTagColumn("state", label="State", accessor=_state, primary=lambda obj: obj.lifted_at is None),
            DateColumn("created_at", label="Since", sort_key="created_at"),
            DateColumn("lifted_at", label="Lifted", sort_key="lifted_at"),
        ]


class SuppressionCreateView(ServiceFormViewMixin, generic.CreateView):
    template_name = "core/admin/service_form.html"
    page_title = "Suppress an address"

    def save_instance(self) -> EmailSuppression:
        return self.form.save()

    def get_success_message(self, instance: EmailSuppression | None = None) -> str:
        return f"{self.object.address} is suppressed: nothing will be sent to it."

    def get_success_url(self) -> str:
        return reverse("communications_suppressions:index")

    def get_edit_url(self) -> str:
        return reverse("communications_suppressions:inspect", args=(quote(self.object.pk),))


class SuppressionInspectView(generic.InspectView):
    @cached_property
    def header_buttons(self) -> list[Any]:
        buttons = list(super().header_buttons)
        if self.object.lifted_at is None and self.request.user.has_perm(LIFT_PERMISSION):
            buttons.append(
                HeaderButton(
                    "Lift this suppression",
                    url=reverse("communications_suppressions:lift", args=(self.object.pk,)),
                    icon_name="undo",
                )
            )
        return buttons


class SuppressionLiftView(ObjectActionFormView):
    model = EmailSuppression
    form_class = LiftForm
    permission_required = LIFT_PERMISSION
    page_title = "Lift a suppression"
    submit_button_label = "Lift it"
    header_icon = "undo"

    def get_queryset(self) -> QuerySet[EmailSuppression]:
        return EmailSuppression.objects.filter(lifted_at__isnull=True)

    def object_url(self) -> str:
        return reverse("communications_suppressions:inspect", args=(self.object.pk,))

    def get_success_message(self) -> str:
        return f"{self.object.address} may be sent messages again."


class SuppressionViewSet(AddAndInspectViewSet):
    model = EmailSuppression
    name = "suppressions"
    url_prefix = "communications/suppressions"
    url_namespace = "communications_suppressions"
    icon = "mail"
    menu_label = "Suppressed addresses"
    menu_order = 900
    index_view_class = SuppressionIndexView
    add_view_class = SuppressionCreateView
    inspect_view_class = SuppressionInspectView
    filterset_class = SuppressionFilterSet
    search_fields = ["address"]
    ordering = ["-created_at"]
    list_per_page = 50
    inspect_view_fields = [
        "address",
        "reason",
        "detail",
        "created_at",
        "created_by",
        "lifted_at",
        "lifted_by",
        "lift_reason",
    ]

    def get_form_class(self, for_update: bool = False) -> type:
        return SuppressionForm

    def get_urlpatterns(self) -> list[Any]:
        return [*super().get_urlpatterns(), path("lift/<int:pk>/", SuppressionLiftView.as_view(), name="lift")]
