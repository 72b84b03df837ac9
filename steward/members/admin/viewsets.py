"""Wagtail ModelViewSets of the members domain, grouped under one "Members" menu (the choosers are in
choosers.py)."""

from __future__ import annotations

from typing import Any

from django.urls import path
from django.utils.functional import cached_property
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets import AdminDateInput

from steward.core.admin_views import ExportIndexView, ProtectedDeleteView
from steward.members.choosers import HouseholdChooserWidget

from ..models import (
    Constituent,
    CustomField,
    FollowUpTask,
    Interaction,
    Membership,
    MembershipLevel,
    Relationship,
    RelationshipType,
)
from . import filters, forms
from .constituents import (
    AddMembershipView,
    ConstituentCreateView,
    ConstituentDeleteView,
    ConstituentDetailView,
    ConstituentEditView,
    ConstituentIndexView,
    RecordConsentView,
    RecordInteractionView,
)
from .custom_fields import CustomFieldEditView
from .interactions import (
    InteractionCreateView,
    InteractionIndexView,
    MyTasksView,
    TaskCreateView,
    TaskDoneView,
    TaskIndexView,
)
from .memberships import (
    MembershipCancelView,
    MembershipCreateView,
    MembershipDetailView,
    MembershipEditView,
    MembershipIndexView,
    MembershipLevelIndexView,
    MembershipRefuseDeleteView,
    MembershipRenewView,
)
from .relationships import RelationshipCreateView, RelationshipIndexView

MEMBERS_MENU_HOOK = "register_members_menu_item"

CONSTITUENT_EXPORT = [
    "pk",
    "display_name",
    "kind",
    "title",
    "given_name",
    "middle_name",
    "family_name",
    "preferred_name",
    "organization_name",
    "primary_email",
    "primary_phone",
    "primary_city",
    "primary_country",
    "household",
    "membership_level",
    "membership_status",
    "membership_end",
    "tags",
    "do_not_contact",
    "do_not_email",
    "do_not_mail",
    "do_not_phone",
    "deceased",
    "source",
    "created_at",
]
CONSTITUENT_EXPORT_HEADINGS = {
    "pk": "ID",
    "display_name": "Name",
    "primary_email": "Email",
    "primary_phone": "Phone",
    "primary_city": "City",
    "primary_country": "Country",
    "membership_level": "Membership level",
    "membership_status": "Membership status",
    "membership_end": "Membership ends",
    "created_at": "Added",
}


def constituent_edit_handler() -> ObjectList:
    """The constituent form: name, about, contact details (inline), custom fields and flags."""
    return ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("kind"),
                    FieldRowPanel([FieldPanel("title"), FieldPanel("given_name"), FieldPanel("middle_name")]),
                    FieldRowPanel([FieldPanel("family_name"), FieldPanel("preferred_name")]),
                    FieldPanel(
                        "organization_name",
                        help_text="For a household or an organisation: its name. Leave empty for a person.",
                    ),
                ],
                heading="Name",
            ),
            MultiFieldPanel(
                [
                    FieldPanel("household", widget=HouseholdChooserWidget()),
                    FieldRowPanel(
                        [FieldPanel("birth_date", widget=AdminDateInput), FieldPanel("pronouns"), FieldPanel("gender")]
                    ),
                    FieldPanel("source"),
                    FieldPanel("tags"),
                    FieldPanel("notes"),
                ],
                heading="About",
            ),
            forms.ContactInlinePanel(
                "emails",
                heading="Email addresses",
                label="email address",
                form_class=forms.EmailForm,
                formset_class=forms.EmailFormSet,
                panels=[FieldRowPanel([FieldPanel("address"), FieldPanel("kind")]), FieldPanel("is_primary")],
            ),
            forms.ContactInlinePanel(
                "phones",
                heading="Phone numbers",
                label="phone number",
                form_class=forms.PhoneForm,
                formset_class=forms.PhoneFormSet,
                panels=[FieldRowPanel([FieldPanel("number"), FieldPanel("kind")]), FieldPanel("is_primary")],
            ),
            forms.ContactInlinePanel(
                "addresses",
                heading="Postal addresses",
                label="address",
                form_class=forms.AddressForm,
                formset_class=forms.AddressFormSet,
                panels=[
                    FieldPanel("kind"),
                    FieldPanel("line1"),
                    FieldPanel("line2"),
                    FieldRowPanel([FieldPanel("city"), FieldPanel("region")]),
                    FieldRowPanel([FieldPanel("postal_code"), FieldPanel("country")]),
                    FieldPanel("is_primary"),
                ],
            ),
            forms.CustomFieldsPanel(),
            MultiFieldPanel(
                [
                    FieldRowPanel(
                        [
                            FieldPanel("do_not_contact"),
                            FieldPanel("do_not_email"),
                            FieldPanel("do_not_mail"),
                            FieldPanel("do_not_phone"),
                        ]
                    ),
                    FieldRowPanel([FieldPanel("deceased"), FieldPanel("deceased_date", widget=AdminDateInput)]),
                ],
                heading="Contact preferences and status",
            ),
        ],
        base_form_class=forms.ConstituentAdminForm,
    )


class ConstituentViewSet(ModelViewSet):
    """All constituents; the canonical add/edit/delete and the constituent page live here."""

    model = Constituent
    name = "constituents"
    url_prefix = "members/constituents"
    url_namespace = "members_constituents"
    icon = "user"
    menu_label = "Constituents"
    kind: str | None = None

    index_view_class = ConstituentIndexView
    add_view_class = ConstituentCreateView
    edit_view_class = ConstituentEditView
    delete_view_class = ConstituentDeleteView
    inspect_view_class = ConstituentDetailView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = filters.ConstituentFilterSet
    ordering = "sort_name"
    list_per_page = 25
    list_export = CONSTITUENT_EXPORT
    export_headings = CONSTITUENT_EXPORT_HEADINGS
    export_filename = "constituents"

    @cached_property
    def edit_handler(self) -> ObjectList:
        return constituent_edit_handler()

    def get_index_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_index_view_kwargs(kind=self.kind, page_title=self.menu_label, **kwargs)

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/record-interaction/", RecordInteractionView.as_view(), name="record_interaction"),
            path("<int:pk>/record-consent/", RecordConsentView.as_view(), name="record_consent"),
            path("<int:pk>/add-membership/", AddMembershipView.as_view(), name="add_membership"),
        ]


class ConstituentKindViewSet(ConstituentViewSet):
    """A listing of one kind of constituent; adding, editing and the page are the constituents' own views."""

    def get_common_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        main = ConstituentViewSet.url_namespace
        for name in ("add", "edit", "delete", "history", "usage", "inspect"):
            view_kwargs[f"{name}_url_name"] = f"{main}:{name}"
        return view_kwargs

    def get_urlpatterns(self) -> list[Any]:
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
        ]

    # The model's permissions, URL finder and reference index are registered once, by ConstituentViewSet.
    def register_permissions(self) -> None:
        pass

    def register_admin_url_finder(self) -> None:
        pass

    def register_reference_index(self) -> None:
        pass


class HouseholdViewSet(ConstituentKindViewSet):
    name = "households"
    url_prefix = "members/households"
    url_namespace = "members_households"
    icon = "group"
    menu_label = "Households"
    kind = Constituent.Kind.HOUSEHOLD
    filterset_class = filters.HouseholdFilterSet
    export_filename = "households"


class OrganizationViewSet(ConstituentKindViewSet):
    name = "organisations"
    url_prefix = "members/organisations"
    url_namespace = "members_organisations"
    icon = "site"
    menu_label = "Organisations"
    kind = Constituent.Kind.ORGANIZATION
    filterset_class = filters.OrganizationFilterSet
    export_filename = "organisations"


class MembershipViewSet(ModelViewSet):
    model = Membership
    name = "memberships"
    url_prefix = "members/memberships"
    url_namespace = "members_memberships"
    icon = "tag"
    menu_label = "Memberships"
    index_view_class = MembershipIndexView
    add_view_class = MembershipCreateView
    edit_view_class = MembershipEditView
    delete_view_class = MembershipRefuseDeleteView
    inspect_view_class = MembershipDetailView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = filters.MembershipFilterSet
    ordering = "-end_date"
    list_per_page = 25
    list_export = [
        "pk",
        "constituent",
        "constituent_id",
        "level",
        "status",
        "start_date",
        "end_date",
        "auto_renew",
        "term_count",
        "purchased_by",
        "cancelled_at",
        "cancellation_reason",
        "created_at",
    ]
    export_headings = {
        "pk": "ID",
        "constituent": "Member",
        "constituent_id": "Constituent ID",
        "term_count": "Terms",
        "purchased_by": "Gift from",
    }
    export_filename = "memberships"

    def get_form_class(self, for_update: bool = False) -> type:
        return forms.MembershipEditForm if for_update else forms.MembershipCreateForm

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            path("renew/<int:pk>/", MembershipRenewView.as_view(), name="renew"),
            path("cancel/<int:pk>/", MembershipCancelView.as_view(), name="cancel"),
        ]


class MembershipLevelViewSet(ModelViewSet):
    model = MembershipLevel
    name = "membership_levels"
    url_prefix = "members/levels"
    url_namespace = "members_levels"
    icon = "list-ol"
    menu_label = "Membership levels"
    index_view_class = MembershipLevelIndexView
    delete_view_class = ProtectedDeleteView
    filterset_class = filters.MembershipLevelFilterSet
    copy_view_enabled = True
    inspect_view_enabled = True
    ordering = "sort_order"
    search_fields = ["name", "slug"]
    list_export = [
        "name",
        "slug",
        "price",
        "currency",
        "term",
        "grace_days",
        "joinable_online",
        "covers_household",
        "active",
        "live_count",
    ]
    export_headings = {"live_count": "Members now"}
    export_filename = "membership_levels"
    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("slug")]),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("price"), FieldPanel("currency"), FieldPanel("term")]),
        FieldRowPanel([FieldPanel("grace_days"), FieldPanel("sort_order")]),
        FieldPanel("benefits"),
        FieldRowPanel([FieldPanel("joinable_online"), FieldPanel("covers_household"), FieldPanel("active")]),
    ]


class RelationshipViewSet(ModelViewSet):
    model = Relationship
    name = "relationships"
    url_prefix = "members/relationships"
    url_namespace = "members_relationships"
    icon = "link"
    menu_label = "Relationships"
    index_view_class = RelationshipIndexView
    add_view_class = RelationshipCreateView
    delete_view_class = ProtectedDeleteView
    filterset_class = filters.RelationshipFilterSet
    copy_view_enabled = False
    inspect_view_enabled = True
    ordering = "type__name"
    list_per_page = 25
    list_export = ["from_constituent", "type", "to_constituent", "start_date", "end_date", "notes"]
    export_headings = {"from_constituent": "From", "type": "Relationship", "to_constituent": "To"}
    export_filename = "relationships"

    def get_form_class(self, for_update: bool = False) -> type:
        return forms.RelationshipEditForm if for_update else forms.RelationshipCreateForm

    def get_add_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_add_view_kwargs(panel=None, **kwargs)


class RelationshipTypeViewSet(ModelViewSet):
    model = RelationshipType
    name = "relationship_types"
    url_prefix = "members/relationship-types"
    url_namespace = "members_relationship_types"
    icon = "list-ul"
    menu_label = "Relationship types"
    index_view_class = ExportIndexView
    delete_view_class = ProtectedDeleteView
    copy_view_enabled = False
    inspect_view_enabled = True
    search_fields = ["name", "forward_label", "reverse_label"]
    list_display = ["name", "forward_label", "reverse_label", "is_employment"]
    list_filter = ["is_employment"]
    list_export = ["name", "slug", "forward_label", "reverse_label", "is_employment"]
    export_filename = "relationship_types"
    form_fields = ["name", "slug", "forward_label", "reverse_label", "is_employment"]
    ordering = "name"


class CustomFieldViewSet(ModelViewSet):
    model = CustomField
    name = "custom_fields"
    url_prefix = "members/custom-fields"
    url_namespace = "members_custom_fields"
    icon = "form"
    menu_label = "Custom fields"
    index_view_class = ExportIndexView
    edit_view_class = CustomFieldEditView
    delete_view_class = ProtectedDeleteView
    filterset_class = filters.CustomFieldFilterSet
    copy_view_enabled = False
    inspect_view_enabled = True
    search_fields = ["label", "key"]
    list_display = ["label", "key", "field_type", "required", "active", "sort_order"]
    list_export = ["label", "key", "field_type", "choices", "help_text", "required", "active", "sort_order"]
    export_filename = "custom_fields"
    ordering = "sort_order"
    panels = [
        FieldRowPanel([FieldPanel("label"), FieldPanel("key")]),
        FieldPanel("field_type"),
        FieldPanel("choices"),
        FieldPanel("help_text"),
        FieldRowPanel([FieldPanel("required"), FieldPanel("active"), FieldPanel("sort_order")]),
    ]


class InteractionViewSet(ModelViewSet):
    model = Interaction
    name = "interactions"
    url_prefix = "members/interactions"
    url_namespace = "members_interactions"
    icon = "comment"
    menu_label = "Interactions"
    index_view_class = InteractionIndexView
    add_view_class = InteractionCreateView
    delete_view_class = ProtectedDeleteView
    filterset_class = filters.InteractionFilterSet
    copy_view_enabled = False
    inspect_view_enabled = True
    ordering = "-occurred_at"
    list_per_page = 25
    list_export = ["occurred_at", "constituent", "constituent_id", "kind", "channel", "subject", "body", "staff"]
    export_headings = {"occurred_at": "When", "constituent_id": "Constituent ID", "staff": "Staff member"}
    export_filename = "interactions"

    def get_form_class(self, for_update: bool = False) -> type:
        return forms.InteractionEditForm if for_update else forms.InteractionRecordForm


class FollowUpTaskViewSet(ModelViewSet):
    model = FollowUpTask
    name = "tasks"
    url_prefix = "members/tasks"
    url_namespace = "members_tasks"
    icon = "tasks"
    menu_label = "Follow-up tasks"
    index_view_class = TaskIndexView
    add_view_class = TaskCreateView
    delete_view_class = ProtectedDeleteView
    filterset_class = filters.FollowUpTaskFilterSet
    copy_view_enabled = False
    inspect_view_enabled = True
    ordering = "due_date"
    list_per_page = 25
    list_export = ["title", "constituent", "constituent_id", "due_date", "done", "done_at", "assigned_to"]
    export_headings = {"constituent_id": "Constituent ID", "due_date": "Due", "assigned_to": "Assigned to"}
    export_filename = "follow_up_tasks"

    def get_form_class(self, for_update: bool = False) -> type:
        return forms.FollowUpTaskEditForm if for_update else forms.FollowUpTaskCreateForm

    @property
    def my_tasks_view(self) -> Any:
        return self.construct_view(MyTasksView, **self.get_index_view_kwargs())

    @property
    def my_tasks_results_view(self) -> Any:
        return self.construct_view(MyTasksView, **self.get_index_view_kwargs(), results_only=True)

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            path("mine/", self.my_tasks_view, name="mine"),
            path("mine/results/", self.my_tasks_results_view, name="mine_results"),
            path("done/<int:pk>/", TaskDoneView.as_view(), name="done"),
        ]


class MembersViewSetGroup(ModelViewSetGroup):
    """The "Members" menu. Other members admin entries join it through the register_members_menu_item hook."""

    menu_label = "Members"
    menu_icon = "group"
    menu_order = 200
    submenu_hook = MEMBERS_MENU_HOOK
    items = (
        ConstituentViewSet,
        HouseholdViewSet,
        OrganizationViewSet,
        MembershipViewSet,
        MembershipLevelViewSet,
        InteractionViewSet,
        FollowUpTaskViewSet,
        RelationshipViewSet,
        RelationshipTypeViewSet,
        CustomFieldViewSet,
    )
