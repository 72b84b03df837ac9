"""Message templates (Communications → Message templates): the wording of every transactional message Steward
sends (receipts, renewal reminders, recurring-gift and card notices, volunteering notices, account emails, the
board pack), which staff rewrite with merge tags, preview with example values, and save as a new version; any
earlier version can be used again, or the wording Steward ships. The writes go through
steward.core.message_templates."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import get_template
from django.urls import path, reverse
from django.views.generic import TemplateView, View
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from steward.core import message_templates as templates
from steward.core.models import MessageTemplateVersion

VIEW = "core.view_messagetemplateversion"
CHANGE = "core.change_messagetemplateversion"
TEMPLATE_TAG = re.compile(r"\{%.*?%\}", re.S)
EXPRESSION = re.compile(r"\{\{.*?\}\}", re.S)


def shipped_source(kind: templates.MessageKind) -> tuple[str, str, bool]:
    """The shipped subject and text as a starting point in merge tags: each tag's own expression in the shipped
    template becomes the tag (its `default:` the tag's fallback); template logic, and expressions no tag reads,
    are taken out (True when there were some, for staff to check)."""

    def convert(source: str) -> tuple[str, bool]:
        tags: list[str] = []

        def placed(tag: str) -> str:  # a placeholder, so that what is left over can be told from the tags
            tags.append(tag)
            return f"\x00{len(tags) - 1}\x00"

        for name, tag in kind.tags.items():
            expression = re.escape(tag.expression)
            source = re.sub(
                r"\{\{\s*" + expression + r'\s*\|\s*default:"([^"]*)"\s*\}\}',
                lambda match, name=name: placed("{{ " + name + " | " + match.group(1) + " }}"),
                source,
            )
            source = re.sub(
                r"\{\{\s*" + expression + r"\s*\}\}", lambda match, name=name: placed("{{ " + name + " }}"), source
            )
        logic = bool(re.search(r"\{%\s*(if|for)\b", source))
        source, leftover = EXPRESSION.subn("", TEMPLATE_TAG.sub("", source))
        source = re.sub("\x00(\\d+)\x00", lambda match: tags[int(match.group(1))], source)
        return source.strip(), logic or bool(leftover)

    subject, logic_in_subject = convert(_source(kind.subject_template))
    text, logic_in_text = convert(_source(kind.text_template))
    return " ".join(subject.split()), text, logic_in_subject or logic_in_text


def _source(name: str) -> str:
    template = get_template(name)
    return str(template.template.source)


def _kind_or_404(key: str) -> templates.MessageKind:
    kind = templates.KINDS.get(key)
    if kind is None:
        raise Http404("No such message.")
    return kind


class TemplateIndexView(PermissionRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    permission_required = VIEW
    raise_exception = True
    template_name = "communications/admin/message_templates.html"
    page_title = "Message templates"
    header_icon = "mail"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        in_use = {
            version.kind: version
            for version in MessageTemplateVersion.objects.filter(in_use=True).select_related("created_by")
        }
        groups: dict[str, list[dict[str, Any]]] = {}
        for kind in sorted(templates.KINDS.values(), key=lambda kind: (kind.group, kind.label)):
            groups.setdefault(kind.group, []).append(
                {
                    "kind": kind,
                    "version": in_use.get(kind.key),
                    "url": reverse("communications_message_templates:edit", args=[kind.key]),
                }
            )
        return {**super().get_context_data(**kwargs), "groups": groups}


class WordingForm(forms.Form):
    subject = forms.CharField(max_length=255, required=False)
    body = forms.CharField(label="Message", widget=forms.Textarea(attrs={"rows": 18}), required=False)
    note = forms.CharField(
        label="What changed", max_length=255, required=False, help_text="For the history, e.g. “New signatory”."
    )


class TemplateEditView(PermissionRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    """GET: the wording in use (or the shipped one as a start), its tags, its history. POST: preview it with
    example values, or save it as a new version (CHANGE)."""

    permission_required = VIEW
    raise_exception = True
    template_name = "communications/admin/message_template_edit.html"
    header_icon = "mail"

    def get_page_title(self) -> str:
        return templates.KINDS[self.kwargs["key"]].label if self.kwargs["key"] in templates.KINDS else ""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        kind = _kind_or_404(kwargs["key"])
        version = templates.version_in_use(kind.key)
        if version is not None:
            initial = {"subject": version.subject, "body": version.body}
            logic = False
        else:
            subject, body, logic = shipped_source(kind)
            initial = {"subject": subject, "body": body}
        return self.render_to_response(self.context(kind, WordingForm(initial=initial), logic=logic))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        kind = _kind_or_404(kwargs["key"])
        form = WordingForm(request.POST)
        form.is_valid()
        subject, body = form.cleaned_data.get("subject", ""), form.cleaned_data.get("body", "")
        if request.POST.get("action") == "preview":
            problems = templates.wording_problems(kind.key, subject=subject, body=body)
            for name, texts in problems.items():
                for text in texts:
                    form.add_error(name if name in form.fields else None, text)
            preview = None if problems else templates.message_preview(kind.key, subject=subject, body=body)
            return self.render_to_response(self.context(kind, form, preview=preview))
        if not request.user.has_perm(CHANGE):
            raise PermissionDenied
        try:
            version = templates.message_template_save(
                kind=kind.key, subject=subject, body=body, note=form.cleaned_data.get("note", ""), user=request.user
            )
        except ValidationError as error:
            for name, texts in error.message_dict.items():
                for text in texts:
                    form.add_error(name if name in form.fields else None, text)
            return self.render_to_response(self.context(kind, form))
        messages.success(request, f"Saved as version {version.number}: it is used from now on.")
        return redirect(reverse("communications_message_templates:edit", args=[kind.key]))

    def context(
        self, kind: templates.MessageKind, form: WordingForm, *, preview: Any = None, logic: bool = False
    ) -> dict[str, Any]:
        return {
            **self.get_context_data(),
            "kind": kind,
            "form": form,
            "preview": preview,
            "logic": logic,
            "in_use": templates.version_in_use(kind.key),
            "history": MessageTemplateVersion.objects.filter(kind=kind.key).select_related("created_by")[:50],
            "can_change": self.request.user.has_perm(CHANGE),
            "urls": {
                name: reverse(f"communications_message_templates:{name}", args=[kind.key])
                for name in ("restore", "shipped")
            },
        }


class TemplateActionView(PermissionRequiredMixin, View):
    """POST: use an earlier version again, or the shipped wording."""

    permission_required = CHANGE
    raise_exception = True
    action = ""

    def post(self, request: HttpRequest, key: str) -> HttpResponse:
        kind = _kind_or_404(key)
        if self.action == "restore":
            version = get_object_or_404(MessageTemplateVersion, kind=kind.key, pk=request.POST.get("version") or 0)
            restored = templates.message_template_restore(version=version, user=request.user)
            messages.success(request, f"Version {version.number} is used again (saved as version {restored.number}).")
        else:
            templates.message_template_use_shipped(kind=kind.key)
            messages.success(request, "The wording Steward ships is used again.")
        return redirect(reverse("communications_message_templates:edit", args=[kind.key]))


class _MenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return bool(request.user.has_perm(VIEW))


class MessageTemplateViewSet(ViewSet):
    name = "message_templates"
    url_prefix = "communications/message-templates"
    url_namespace = "communications_message_templates"
    icon = "mail"
    menu_label = "Message templates"
    menu_order = 700
    menu_item_class = _MenuItem

    def get_urlpatterns(self) -> list[Any]:
        return [
            path("", TemplateIndexView.as_view(), name="index"),
            path("<str:key>/", TemplateEditView.as_view(), name="edit"),
            path("<str:key>/restore/", TemplateActionView.as_view(action="restore"), name="restore"),
            path("<str:key>/shipped/", TemplateActionView.as_view(action="shipped"), name="shipped"),
        ]
