"""Views of interactions and follow-up tasks in the members admin, and the "My open tasks" menu item."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import View
from wagtail.admin import menu, messages
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn, UserColumn
from wagtail.admin.utils import get_user_display_name, get_valid_next_url_from_request
from wagtail.admin.views import generic
from wagtail.log_actions import log
from wagtail.permissions import policy_registry

from steward.core.admin_sections import (
    constituent_url,
)
from steward.core.admin_views import ExportMixin, KeysetPageMixin, ServiceFormViewMixin

from .. import admin_selectors, selectors, services
from ..models import (
    Constituent,
    FollowUpTask,
    Interaction,
)
from .mixins import PrefillConstituentMixin


class InteractionIndexView(KeysetPageMixin, ExportMixin, generic.IndexView):
    is_searchable = True
    search_fields = ["subject", "constituent__display_name"]

    def get_base_queryset(self) -> QuerySet[Interaction]:
        queryset = admin_selectors.interaction_listing_queryset()
        constituent_id = self.request.GET.get("constituent")
        if constituent_id and constituent_id.isdigit():
            queryset = queryset.filter(constituent_id=int(constituent_id))
        return queryset

    @cached_property
    def columns(self) -> list[Column]:
        title = self._get_title_column_class(TitleColumn)(
            "subject", label="Subject", sort_key="subject", get_url=lambda obj: self.get_edit_url(obj)
        )
        return [
            title,
            Column(
                "constituent",
                label="Constituent",
                sort_key="constituent__sort_name",
            ),
            Column("kind", label="Kind", accessor="get_kind_display", sort_key="kind"),
            Column("channel", label="Channel", accessor="get_channel_display", sort_key="channel"),
            DateColumn("occurred_at", label="When", sort_key="occurred_at"),
            UserColumn("staff", label="Staff member"),
        ]

    def export_constituent(self, item: Interaction) -> str:
        return str(item.constituent)

    def export_kind(self, item: Interaction) -> str:
        return item.get_kind_display()

    def export_channel(self, item: Interaction) -> str:
        return item.get_channel_display()

    def export_staff(self, item: Interaction) -> str:
        return get_user_display_name(item.staff) if item.staff else ""


class InteractionCreateView(PrefillConstituentMixin, ServiceFormViewMixin, generic.CreateView):
    template_name = "core/admin/service_form.html"
    success_message = "Interaction '%(object)s' recorded."

    def save_instance(self) -> Interaction:
        interaction = self.form.save()
        log(instance=interaction, action="wagtail.create", user=self.request.user)
        return interaction


class TaskIndexView(KeysetPageMixin, ExportMixin, generic.IndexView):
    is_searchable = True
    search_fields = ["title", "constituent__display_name"]

    def get_base_queryset(self) -> QuerySet[FollowUpTask]:
        return admin_selectors.task_listing_queryset()

    @cached_property
    def columns(self) -> list[Column]:
        title = self._get_title_column_class(TitleColumn)(
            "title", label="Task", sort_key="title", get_url=lambda obj: self.get_edit_url(obj)
        )
        return [
            title,
            Column("constituent", label="Constituent", sort_key="constituent__sort_name"),
            DateColumn("due_date", label="Due", sort_key="due_date"),
            StatusTagColumn(
                "state",
                label="State",
                accessor=lambda obj: "Done" if obj.done else ("Overdue" if obj.overdue else "Open"),
                primary=lambda obj: not obj.done,
                sort_key="done",
            ),
            UserColumn("assigned_to", label="Assigned to"),
        ]

    def get_list_more_buttons(self, instance: FollowUpTask) -> list[Any]:
        buttons = super().get_list_more_buttons(instance)
        user = self.request.user
        if not instance.done and (self.user_has_permission("change") or instance.assigned_to_id == user.pk):
            done_url = reverse("members_tasks:done", args=(instance.pk,)) + f"?next={self.request.path}"
            buttons.append(MenuItem("Mark as done", url=done_url, icon_name="tick", priority=5))
        if policy_registry.get_by_type(Constituent).user_has_any_permission(user, ["view", "change"]):
            url = constituent_url(instance.constituent)
            buttons.append(MenuItem("View constituent", url=url, icon_name="user", priority=6))
        return buttons

    def export_constituent(self, item: FollowUpTask) -> str:
        return str(item.constituent)

    def export_assigned_to(self, item: FollowUpTask) -> str:
        return get_user_display_name(item.assigned_to)


class MyTasksView(TaskIndexView):
    """The signed-in staff member's open tasks, soonest due first. Anyone in the admin sees their own tasks."""

    any_permission_required = None
    page_title = "My open tasks"
    default_ordering = "due_date"

    def get_page_title(self) -> str:
        return self.page_title

    def get_base_queryset(self) -> QuerySet[FollowUpTask]:
        return selectors.open_tasks_for(user=self.request.user).select_related("assigned_to", "interaction")

    @cached_property
    def no_results_message(self) -> str:
        return "You have no open tasks. Well done!"

    def get_index_url(self) -> str:
        return reverse("members_tasks:mine")

    def get_index_results_url(self) -> str:
        return reverse("members_tasks:mine_results")

    @cached_property
    def columns(self) -> list[Column]:
        columns = super().columns
        return [column for column in columns if column.name != "assigned_to"]


class TaskCreateView(PrefillConstituentMixin, ServiceFormViewMixin, generic.CreateView):
    template_name = "core/admin/service_form.html"

    def save_instance(self) -> FollowUpTask:
        task = self.form.save()
        log(instance=task, action="wagtail.create", user=self.request.user)
        return task


class TaskDoneView(View):
    """Tick a task off (GET shows a confirmation, POST does it): its assignee, or staff who may change tasks."""

    http_method_names = ["get", "post"]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.task = get_object_or_404(admin_selectors.task_done_queryset(), pk=kwargs["pk"])
        user = request.user
        if not (user.has_perm("members.change_followuptask") or self.task.assigned_to_id == user.pk):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return TemplateResponse(
            request,
            "members/admin/task_done_confirm.html",
            {
                "task": self.task,
                "header_title": "Mark task as done",
                "page_title": "Mark task as done",
                "breadcrumbs_items": [
                    {"url": reverse("wagtailadmin_home"), "label": "Home"},
                    {"url": reverse("members_tasks:mine"), "label": "My open tasks"},
                    {"url": "", "label": self.task.title},
                ],
                "next": get_valid_next_url_from_request(request) or reverse("members_tasks:mine"),
            },
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        services.follow_up_task_set_done(task=self.task, done=True)
        messages.success(request, f"Task '{self.task.title}' marked as done.")
        return redirect(get_valid_next_url_from_request(request) or reverse("members_tasks:mine"))


class MyTasksMenuItem(menu.MenuItem):
    """Everyone in the admin can be given tasks, so everyone sees their own."""

    def is_shown(self, request: Any) -> bool:
        return request.user.is_authenticated
