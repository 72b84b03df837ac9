"""The Reports area of the admin: the board pack (period, preview, PDF, XLSX), segments (form, members, exports),
the export history, the dashboard charts and who may open what."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.contrib.auth.models import Group
from django.db.models import Q
from django.http import StreamingHttpResponse
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from steward.members.models import Constituent
from steward.reports.conditions import FIELDS
from steward.reports.models import ExportLog, Segment
from tests.admin_helpers import signed_in
from tests.factories import (
    BoardPackRunFactory,
    ExportLogFactory,
    IndividualFactory,
    SegmentFactory,
    SuperuserFactory,
    UserFactory,
)
from tests.utils import assert_same_query_count, page_query_count

pytestmark = pytest.mark.django_db

BOARD_PACK = reverse("reports_board_pack")
QUARTER = "?kind=quarter&day=2026-02-01"


def test_the_board_opens_the_board_pack_and_nothing_else(client):
    signed_in(client, "Board")
    assert client.get(BOARD_PACK).status_code == 200
    assert client.get(reverse("reports_board_pack_preview") + QUARTER).status_code == 200
    # segments, exports and constituents are not theirs
    assert client.get(reverse("reports_segments:index")).status_code == 302
    segment = Segment.objects.first()
    # (Wagtail answers a permission failure inside the admin with a redirect home)
    assert client.get(reverse("reports_segment_members", args=(segment.pk,)))["Location"] == reverse(
        "wagtailadmin_home"
    )
    export = client.get(reverse("reports_segment_export", args=(segment.pk,)) + "?columns=id&file_format=csv")
    assert export.status_code == 302
    assert not ExportLog.objects.exists()
    assert client.get(reverse("members_constituents:index")).status_code == 302
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Board pack" in home  # the Reports menu shows them their page


def test_the_board_pack_pdf_has_contents_page_numbers_and_every_section(client, dataset):
    user = signed_in(client, "Board")
    response = client.get(reverse("reports_board_pack_download", args=("pdf",)) + QUARTER)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Q1 FY2026" in text
    assert "Contents" in text
    for title in ("Membership", "Fundraising", "Volunteering", "Demographics"):
        assert title in text
    assert f"Page 2 of {len(reader.pages)}" in text
    assert "Name withheld" in text  # donors are not named by default
    log = ExportLog.objects.get()
    assert (log.user, log.kind, log.file_format, log.personal_data) == (user, "report", "pdf", False)


def test_the_board_pack_charts_are_vector_svg(client, dataset):
    signed_in(client, "Board")
    html = client.get(reverse("reports_board_pack_preview") + QUARTER).content.decode()
    assert html.count('src="data:image/svg+xml;base64,') >= 3
    assert "Active members by level" in html


def test_the_board_pack_workbook_has_a_sheet_per_section(client, dataset):
    signed_in(client, "Board")
    response = client.get(reverse("reports_board_pack_download", args=("xlsx",)) + QUARTER)
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Summary", "Membership", "Fundraising", "Volunteering", "Demographics"]
    assert workbook["Fundraising"]["A2"].value == "Revenue"


def test_a_period_without_data_says_so(client):
    signed_in(client, "Board")
    html = client.get(reverse("reports_board_pack_preview") + "?kind=month&day=2031-05-05").content.decode()
    assert "data-no-data" in html
    assert "No gifts were received in this period." in html
    response = client.get(reverse("reports_board_pack_download", args=("pdf",)) + "?kind=month&day=2031-05-05")
    assert response.status_code == 200


def test_a_bad_period_is_a_form_error_not_a_crash(client):
    signed_in(client, "Board")
    response = client.get(BOARD_PACK + "?kind=decade&day=yesterday")
    assert response.status_code == 200
    assert b"Download PDF" not in response.content
    assert client.get(reverse("reports_board_pack_download", args=("pdf",)) + "?kind=decade").status_code == 404


def test_staff_build_a_segment_with_the_json_editor(client):
    signed_in(client, "Fundraising staff")
    add = reverse("reports_segments:add")
    assert b"fy_start" in client.get(add).content  # the help shows the example and the fields
    bad = client.post(add, {"name": "Givers", "conditions": json.dumps({"field": "lifetime_total", "min": "x"})})
    assert bad.status_code == 200
    assert "&quot;min&quot; must be a number" in bad.content.decode()
    broken = client.post(add, {"name": "Givers", "conditions": "{nope"})
    assert "This is not valid JSON (line 1" in broken.content.decode()
    assert not Segment.objects.filter(name="Givers").exists()
    good = client.post(add, {"name": "Givers", "conditions": json.dumps({"field": "lifetime_total", "min": "100"})})
    assert good.status_code == 302
    segment = Segment.objects.get(name="Givers")
    edit = client.post(
        reverse("reports_segments:edit", args=(segment.pk,)),
        {"name": "Givers", "conditions": json.dumps({"field": "lifetime_total", "min": "200"})},
    )
    assert edit.status_code == 302
    segment.refresh_from_db()
    assert segment.conditions == {"field": "lifetime_total", "min": "200"}


def _builder_schema(content: str) -> dict:
    start = content.index('<script id="id_conditions-builder" type="application/json">') + len(
        '<script id="id_conditions-builder" type="application/json">'
    )
    return json.loads(content[start : content.index("</script>", start)])


def test_the_segment_form_carries_the_builder_with_every_field_and_the_lists_to_pick_from(client, dataset):
    signed_in(client, "Fundraising staff")
    content = client.get(reverse("reports_segments:add")).content.decode()
    assert "reports/segment-builder.js" in content
    schema = _builder_schema(content)
    assert schema["countUrl"] == reverse("reports_segment_count")
    # every test the server can compile is offered, with its options and how each is edited
    assert set(schema["fields"]) == set(FIELDS)
    membership = schema["fields"]["membership"]
    assert membership["section"] == "Membership"
    assert membership["params"]["statuses"]["kind"] == "choices"
    assert ["current", "Current"] in membership["params"]["statuses"]["choices"]
    assert membership["params"]["end_to"]["kind"] == "date"
    assert schema["fields"]["lifetime_total"]["oneOf"] == ["min", "max"]
    assert schema["fields"]["flag"]["required"] == ["flag", "value"]
    # the lists staff pick from are the database's levels, funds, campaigns, tags and countries
    suggestions = schema["suggestions"]
    assert [value for value, _ in suggestions["levels"]] == ["basic", "family", "patron"]
    assert ["library", "Library (library)"] in suggestions["funds"]
    assert {value for value, _ in suggestions["campaigns"]} == {campaign.slug for campaign in dataset.campaigns}
    assert {"spring-2026", "roof-2025"} <= {value for value, _ in suggestions["campaigns"]}
    assert {value for value, _ in suggestions["countries"]} == {"GB", "MN", "TH", "TW"}


def test_the_builder_counts_conditions_before_they_are_saved(client, dataset):
    signed_in(client, "Membership staff")
    count_url = reverse("reports_segment_count")
    conditions = {"any": [{"field": "location", "countries": ["TH"]}, {"not": {"field": "household", "value": True}}]}
    response = client.post(count_url, {"conditions": conditions}, content_type="application/json")
    assert response.status_code == 200
    expected = (
        Constituent.objects.filter(merged_into__isnull=True)
        .filter(Q(addresses__is_primary=True, addresses__country="TH") | Q(household__isnull=True))
        .distinct()
        .count()
    )
    assert 0 < expected < 61
    assert response.json() == {"count": expected, "text": f"{expected} constituents match today"}
    segments_before = Segment.objects.count()
    # incomplete conditions: every problem, and nothing saved
    incomplete = client.post(
        count_url, {"conditions": {"all": [{"field": ""}, {"field": "tags"}]}}, content_type="application/json"
    )
    assert incomplete.status_code == 400
    assert incomplete.json()["errors"] == [
        "the conditions → all[1]: choose what this condition tests.",
        'the conditions → all[2] ("tags"): "tags" is required.',
    ]
    assert client.post(count_url, "{nope", content_type="application/json").status_code == 400
    assert client.post(count_url, {"nothing": 1}, content_type="application/json").status_code == 400
    assert Segment.objects.count() == segments_before


def test_only_staff_who_may_see_segments_get_a_count(client):
    signed_in(client, "Board")
    response = client.post(
        reverse("reports_segment_count"), {"conditions": {"all": []}}, content_type="application/json"
    )
    assert response.status_code in (302, 403)
    assert "count" not in response.content.decode()


def test_the_admin_has_one_reports_menu_with_ours_beside_wagtails_content_reports(client):
    client.force_login(SuperuserFactory())
    content = client.get(reverse("wagtailadmin_home")).content.decode()
    start = content.index('<script id="wagtail-sidebar-props" type="application/json">')
    sidebar = content[start : content.index("</script>", start)]
    assert sidebar.count('"name": "reports"') == 1
    for label in ("Board pack", "Segments", "Export history", "Board pack sendings", "Site history"):
        assert f'"label": "{label}"' in sidebar


def test_segment_members_are_counted_and_paginated(client, dataset):
    signed_in(client, "Membership staff")
    segment = SegmentFactory(name="Everyone", conditions={"all": []})
    response = client.get(reverse("reports_segment_members", args=(segment.pk,)))
    assert response.status_code == 200
    content = response.content.decode()
    assert "61 constituents" in content  # 60 people and their household
    assert "Page 1 of 2" in content
    assert "Page 2 of 2" in client.get(reverse("reports_segment_members", args=(segment.pk,)) + "?p=2").content.decode()


def test_a_segment_exports_to_csv_as_a_stream_and_is_logged(client, dataset):
    user = signed_in(client, "Membership staff")
    segment = SegmentFactory(name="Everyone", conditions={"all": []})
    url = (
        reverse("reports_segment_export", args=(segment.pk,))
        + "?columns=id&columns=display_name&columns=email&file_format=csv"
    )
    response = client.get(url)
    assert isinstance(response, StreamingHttpResponse)
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == ["Constituent id", "Name", "Email"]
    assert len(rows) == 62
    log = ExportLog.objects.get()
    assert (log.user, log.segment, log.row_count, log.personal_data, log.columns) == (
        user,
        segment,
        61,
        True,
        ["id", "display_name", "email"],
    )


def test_a_segment_exports_to_xlsx(client, dataset):
    signed_in(client, "Fundraising staff")
    segment = SegmentFactory(name="Givers", conditions={"field": "kind", "kinds": ["individual"]})
    response = client.get(
        reverse("reports_segment_export", args=(segment.pk,)) + "?columns=id&columns=country&file_format=xlsx"
    )
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(workbook.active.values)
    assert rows[0] == ("Constituent id", "Country")
    assert len(rows) == 61
    log = ExportLog.objects.get()
    assert (log.row_count, log.personal_data, log.file_format) == (60, False, "xlsx")


def test_export_cells_cannot_run_as_formulas(client, dataset):
    signed_in(client, "Fundraising staff")
    person = dataset.people[0]
    person.given_name = "=HYPERLINK(1)"
    person.save()
    segment = SegmentFactory(name="One", conditions={"all": []})
    response = client.get(reverse("reports_segment_export", args=(segment.pk,)) + "?columns=given_name&file_format=csv")
    assert "'=HYPERLINK(1)" in b"".join(response.streaming_content).decode()


def test_the_export_history_lists_exports(client):
    ExportLogFactory(kind="segment", name="Major donors", file_format="csv", row_count=3, personal_data=True)
    signed_in(client, "Membership staff")
    response = client.get(reverse("reports_exports:index"))
    assert response.status_code == 200
    assert "Major donors" in response.content.decode()


def test_the_dashboard_shows_members_and_revenue_charts(client, dataset):
    client.force_login(SuperuserFactory())
    content = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'data-chart="members"' in content
    assert 'data-chart="revenue"' in content


def test_the_board_group_holds_only_the_board_pack_permission():
    granted = {f"{p.content_type.app_label}.{p.codename}" for p in Group.objects.get(name="Board").permissions.all()}
    assert {codename for codename in granted if codename.startswith("reports.")} == {"reports.view_boardpack"}


def test_built_in_segments_cannot_be_deleted_from_the_admin(client):
    client.force_login(SuperuserFactory())
    segment = Segment.objects.get(built_in="lybunt-donors")
    response = client.post(reverse("reports_segments:delete", args=(segment.pk,)))
    assert response.status_code == 302
    assert Segment.objects.filter(pk=segment.pk).exists()
    mine = SegmentFactory(name="Mine", conditions={"all": []})
    client.post(reverse("reports_segments:delete", args=(mine.pk,)))
    assert not Segment.objects.filter(pk=mine.pk).exists()


def test_staff_who_may_not_delete_segments_get_the_same_refusal_for_built_in_and_custom_ones(client):
    # given staff who build segments but may not delete them, a built-in segment and a custom one
    signed_in(client, "Membership staff")
    built_in = Segment.objects.get(built_in="lybunt-donors")
    custom = SegmentFactory(name="Custom", conditions={"all": []})
    # when they open and post the delete view of each
    answers = [
        (response.status_code, response["Location"])
        for segment in (built_in, custom)
        for response in (
            client.get(reverse("reports_segments:delete", args=(segment.pk,))),
            client.post(reverse("reports_segments:delete", args=(segment.pk,))),
        )
    ]
    # then every answer is the admin's permission refusal (a redirect home), which says nothing about built-ins
    assert answers == [(302, reverse("wagtailadmin_home"))] * 4
    assert Segment.objects.filter(pk__in=(built_in.pk, custom.pk)).count() == 2


def test_an_admin_listing_export_is_logged_with_who_what_and_how_many_rows(admin_client, admin_user):
    from steward.reports.models import ExportLog
    from tests.factories import IndividualFactory

    # given two constituents
    IndividualFactory(given_name="Ada")
    IndividualFactory(given_name="Grace")
    # when staff export the constituents listing as CSV (and read the whole stream)
    from django.urls import reverse

    response = admin_client.get(reverse("members_constituents:index"), {"export": "csv"})
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body.count(b"\n") >= 3
    # then the export log says who exported what, and how many rows went out
    log = ExportLog.objects.get()
    assert (log.user, log.file_format, log.row_count, log.personal_data) == (admin_user, "csv", 2, True)
    assert "constituents" in log.name
    assert len(log.columns) > 3


def _populate_reports(count: int) -> None:
    """`count` rows of each Reports listing: segments, exports (some of a segment, by a user) and board pack runs."""
    user = UserFactory()
    for number in range(count):
        segment = SegmentFactory(
            name=f"Segment {count}-{number}", conditions={"field": "kind", "kinds": ["individual"]}
        )
        ExportLogFactory(name=f"Export {count}-{number}", segment=segment, user=user, row_count=number)
        ExportLogFactory(name=f"Report export {count}-{number}", kind="report", row_count=number)
        BoardPackRunFactory(status="failed", error="SMTP said no")
    IndividualFactory.create_batch(count)


@pytest.mark.parametrize(
    "url_name", ["reports_segments:index", "reports_exports:index", "reports_board_pack_runs:index"]
)
def test_listing_query_count_does_not_grow_with_rows(admin_client, url_name):
    # given a few segments, exports and board pack runs
    _populate_reports(2)
    url = reverse(url_name)
    admin_client.get(url)  # warm the content type and site caches
    small = page_query_count(admin_client, url)
    assert admin_client.get(url).context["object_list"], "the listing must show rows, or the count proves nothing"
    # when there are more than a page of them
    _populate_reports(30)
    large = page_query_count(admin_client, url)
    # then a listing page costs the same number of queries
    assert_same_query_count(small, large)
