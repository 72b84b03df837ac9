"""Forms of the reports admin: a segment (the no-code condition builder over the JSON the conditions are stored as,
validated when saved), the board pack's period and a segment export's columns."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from steward.core.admin_forms import ServiceForm
from steward.core.dates import organisation_today

from .. import selectors, services
from ..conditions import EXAMPLE_JSON, FIELDS
from ..exports import DEFAULT_COLUMNS, column_choices
from ..figures import PERIOD_KINDS, Period, period_containing
from ..models import Segment


def conditions_help() -> str:
    reference = format_html_join(
        "",
        "<li><code>{}</code>: {} (options: {})</li>",
        ((name, spec.label, ", ".join(spec.params)) for name, spec in FIELDS.items()),
    )
    return format_html(
        "Combine conditions with <code>all</code>, <code>any</code> and <code>not</code>. Dates: "
        "<code>YYYY-MM-DD</code>, <code>today</code>, <code>today+30</code>, <code>today-90</code>, "
        "<code>fy_start</code>, <code>last_fy_start</code>. Example:<pre>{}</pre>Fields:<ul>{}</ul>",
        EXAMPLE_JSON,
        reference,
    )


def builder_schema() -> dict[str, Any]:
    """What the segment builder needs: every test with its options, and the suggestions for lists of texts."""
    return {
        "fields": {name: spec.describe() for name, spec in FIELDS.items()},
        "suggestions": selectors.segment_builder_suggestions(),
        "countUrl": reverse("reports_segment_count"),
    }


class SegmentConditionsWidget(forms.Textarea):
    """The segment builder: groups (all, any, none or not all of) of tests chosen from lists, each option edited
    with an input of its kind, and a live count. The JSON it writes is the field's value, in a textarea that
    works without JavaScript and stays editable under "Edit as JSON" for those who prefer it."""

    template_name = "reports/widgets/segment_conditions.html"

    class Media:
        js = ["reports/segment-builder.js"]
        css = {"all": ["reports/segment-builder.css"]}

    def __init__(self) -> None:
        super().__init__(attrs={"rows": 16, "class": "segment-builder__json", "spellcheck": "false"})

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["builder"] = builder_schema()
        context["builder_id"] = f"{context['widget']['attrs'].get('id', name)}-builder"
        context["json_reference"] = conditions_help()
        return context


class SegmentForm(ServiceForm):
    """Create or change a segment (services.segment_save); the conditions are checked when saved."""

    name = forms.CharField(max_length=200)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    conditions = forms.CharField(
        widget=SegmentConditionsWidget(),
        help_text="Who belongs to the segment. The count updates as you build; it is worked out again each time "
        "the segment is used, so people join and leave it as their records change.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        segment: Segment | None = self.instance if self.instance is not None and self.instance.pk else None
        if segment is not None:
            self.initial.update(
                name=segment.name, description=segment.description, conditions=json.dumps(segment.conditions, indent=2)
            )
        else:
            # A new segment starts with no conditions (everyone); the builder adds them.
            self.initial.setdefault("conditions", json.dumps({"all": []}))

    def clean_conditions(self) -> Any:
        raw = self.cleaned_data["conditions"]
        try:
            return json.loads(raw)
        except json.JSONDecodeError as error:
            raise forms.ValidationError(
                f"This is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg}).",
                code="invalid_json",
            ) from None

    def save(self) -> Segment:
        segment = self.instance if self.instance is not None and self.instance.pk else None
        return services.segment_save(
            segment=segment,
            name=self.cleaned_data["name"],
            description=self.cleaned_data["description"],
            conditions=self.cleaned_data["conditions"],
            user=self.for_user,
        )


class BoardPackPeriodForm(forms.Form):
    """Which period the pack covers: the month, fiscal quarter or fiscal year containing a day."""

    kind = forms.ChoiceField(choices=list(PERIOD_KINDS.items()), initial="month", label="Period")
    day = forms.DateField(
        label="Containing the day",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Any day in the period, e.g. the last day of the month you want.",
    )

    @classmethod
    def initial_day(cls) -> dt.date:
        return period_containing("month", organisation_today()).start - dt.timedelta(days=1)

    def period(self) -> Period:
        return period_containing(self.cleaned_data["kind"], self.cleaned_data["day"])


class SegmentExportForm(forms.Form):
    columns = forms.MultipleChoiceField(
        choices=column_choices, initial=DEFAULT_COLUMNS, widget=forms.CheckboxSelectMultiple
    )
    file_format = forms.ChoiceField(
        choices=[("csv", "CSV"), ("xlsx", "Excel (XLSX)")],
        initial="csv",
        label="Format",
        help_text=lambda: (
            "CSV downloads at once. Excel files of more than "
            f"{settings.REPORTS_EXPORT_BACKGROUND_ROWS:,} rows are prepared in the background and the link is "
            "emailed to you."
        ),
    )
