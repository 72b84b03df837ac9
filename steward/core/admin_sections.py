"""The constituent page's sections, shared by every app that adds one (members, donations, volunteers…).

The page (steward/members/admin/constituents.py) shows its own sections, then those the
`construct_constituent_sections` hooks add: `def add_sections(request, constituent, sections):
sections.append(MySection(request, constituent))`. An app adds its section without importing the members admin.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.admin.utils import quote
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from wagtail.admin.ui.components import Component

CONTACT_PERMISSION = "members.view_constituent_contact"
CONSTITUENT_SECTIONS_HOOK = "construct_constituent_sections"
#: Hooks that return the timeline sources an app adds to the constituent page (steward/members/timeline.py).
TIMELINE_SOURCES_HOOK = "register_constituent_timeline_sources"


def can_view_contacts(user: Any) -> bool:
    """Contact details are personal data: only staff with the contact permission see them."""
    return user.has_perm(CONTACT_PERMISSION)


def constituent_url(constituent: Any) -> str | None:
    """The constituent's page in the admin (None for no constituent)."""
    if constituent is None:
        return None
    return reverse("members_constituents:inspect", args=(quote(constituent.pk),))


class ConstituentSection(Component):
    """One section of the constituent page, shown in `order`; donations (600) and volunteering (700) have their
    places kept. A section names the permissions its content needs (`permissions`): without all of them it is
    not shown."""

    order = 0
    heading = ""
    section_id = ""
    icon = ""
    template_name = ""
    permissions: tuple[str, ...] = ()

    def __init__(self, request: HttpRequest, constituent: Any) -> None:
        self.request = request
        self.constituent = constituent

    def is_shown(self) -> bool:
        return self.request.user.has_perms(self.permissions)

    def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
        return {
            "constituent": self.constituent,
            "section": self,
            "request": self.request,
            "user": self.request.user,
            **self.get_section_context(),
        }

    def get_section_context(self) -> dict[str, Any]:
        return {}

    def render_html(self, parent_context: Any = None) -> str:
        # Rendered with the request so that forms in a section get their CSRF token.
        return render_to_string(self.template_name, self.get_context_data(parent_context), request=self.request)


#: Hooks that add facts to the constituent page's summary header: `def add(request, constituent, facts):
#: facts.append(SummaryFact(...))` (giving from donations, hours from volunteers).
SUMMARY_FACTS_HOOK = "construct_constituent_summary"


@dataclass(frozen=True)
class SummaryFact:
    """One fact of the constituent page's summary header; `order` places it (members 100–400, giving 600,
    volunteering 700)."""

    label: str
    value: str
    order: int = 0
    url: str = ""
    key: str = ""
