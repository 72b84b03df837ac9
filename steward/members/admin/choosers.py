"""Choosers of constituents and households: a searchable modal instead of a <select> of every constituent."""

from __future__ import annotations

from typing import Any

from django import forms as django_forms
from django.core.exceptions import PermissionDenied
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.permissions import policy_registry

from .. import admin_selectors, selectors
from ..models import Constituent


class ConstituentSearchForm(BaseFilterForm):
    q = django_forms.CharField(
        label="Search term",
        required=False,
        widget=django_forms.TextInput(attrs={"placeholder": "Name, email or phone"}),
    )

    def filter(self, objects: Any) -> Any:
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            self.is_searching = True
            self.search_query = query
            return selectors.constituent_search(query=query, queryset=objects)
        return objects


class ConstituentChooserMixin:
    """Chooser views of constituents: only for staff who may see constituents (every view of the chooser, the
    ones returning chosen records included), and only records of the chooser's kind."""

    kind: str | None = None

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        policy = policy_registry.get_by_type(Constituent)
        if not policy.user_has_any_permission(request.user, ["add", "change", "view"]):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]

    def get_object_list(self) -> Any:
        return admin_selectors.constituent_listing_queryset(kind=self.kind)

    def get_object(self, pk: Any) -> Any:
        if not (str(pk).isascii() and str(pk).isdigit()):
            raise Constituent.DoesNotExist
        return self.get_object_list().get(pk=pk)

    def get_objects(self, pks: Any) -> Any:
        return self.get_object_list().filter(pk__in=[pk for pk in pks if str(pk).isascii() and str(pk).isdigit()])

    @property
    def columns(self) -> list[Column]:
        return [
            self.title_column,  # type: ignore[attr-defined]
            Column("kind", label="Kind", accessor="get_kind_display"),
            Column("primary_city", label="City"),
            Column("membership_level", label="Membership"),
        ]


class ConstituentChooseView(ConstituentChooserMixin, chooser_views.ChooseView):
    filter_form_class = ConstituentSearchForm


class ConstituentChooseResultsView(ConstituentChooserMixin, chooser_views.ChooseResultsView):
    filter_form_class = ConstituentSearchForm


class ConstituentChosenView(ConstituentChooserMixin, chooser_views.ChosenView):
    pass


class ConstituentChosenMultipleView(ConstituentChooserMixin, chooser_views.ChosenMultipleView):
    pass


class ConstituentChooserCreateView(ConstituentChooserMixin, chooser_views.CreateView):
    pass


class ConstituentChooserViewSet(ChooserViewSet):
    model = Constituent
    name = "members_constituent_chooser"
    url_prefix = "members/choose-constituent"
    icon = "user"
    choose_one_text = "Choose a constituent"
    choose_another_text = "Choose another constituent"
    edit_item_text = "Edit this constituent"
    register_widget = False  # our forms use choosers.ConstituentChooserWidget explicitly
    per_page = 15
    kind: str | None = None
    choose_view_class = ConstituentChooseView
    choose_results_view_class = ConstituentChooseResultsView
    chosen_view_class = ConstituentChosenView
    chosen_multiple_view_class = ConstituentChosenMultipleView
    create_view_class = ConstituentChooserCreateView

    def construct_view(self, view_class: Any, **kwargs: Any) -> Any:
        # Every view the chooser has (those Wagtail may add too) checks the permission and keeps to the kind.
        if not issubclass(view_class, ConstituentChooserMixin):
            view_class = type(view_class.__name__, (ConstituentChooserMixin, view_class), {})
        view_class = type(view_class.__name__, (view_class,), {"kind": self.kind})
        return super().construct_view(view_class, **kwargs)


class HouseholdChooserViewSet(ConstituentChooserViewSet):
    name = "members_household_chooser"
    url_prefix = "members/choose-household"
    icon = "group"
    choose_one_text = "Choose a household"
    choose_another_text = "Choose another household"
    kind = Constituent.Kind.HOUSEHOLD
