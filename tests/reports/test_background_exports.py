"""Large XLSX exports of a segment are prepared by a worker and emailed as a private link; CSV always streams."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from steward.reports import services
from steward.reports.models import ExportLog, Segment
from tests.admin_helpers import signed_in as signed_in_as
from tests.factories import IndividualFactory, SegmentFactory, StaffUserFactory
from tests.worker import celery_worker, wait_for

pytestmark = pytest.mark.django_db

COLUMNS = "?columns=id&columns=display_name&file_format=xlsx"


def signed_in(client, email: str = "fundraiser@example.org"):
    return signed_in_as(client, "Fundraising staff", email=email)


def _rows(content: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(content), read_only=True).active.values)


def _file(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def individuals(dataset, settings):
    settings.REPORTS_EXPORT_BACKGROUND_ROWS = 10
    return SegmentFactory(name="Individuals", conditions={"field": "kind", "kinds": ["individual"]})


def test_a_large_xlsx_export_is_prepared_in_the_background_and_emailed(
    client, individuals, mailoutbox, django_capture_on_commit_callbacks
):
    user = signed_in(client)
    # when staff export more rows than REPORTS_EXPORT_BACKGROUND_ROWS to XLSX
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.get(reverse("reports_segment_export", args=(individuals.pk,)) + COLUMNS)
    # then they are sent back to the segment with a message, and a worker prepared the file
    assert response.status_code == 302
    assert response["Location"] == reverse("reports_segment_members", args=(individuals.pk,))
    assert len(callbacks) == 1
    log = ExportLog.objects.get()
    assert (log.status, log.row_count, log.user, log.personal_data) == (ExportLog.Status.READY, 60, user, True)
    assert services.export_storage().exists(log.file_name)
    # the email carries the admin link, which only they can open
    (message,) = mailoutbox
    assert message.to == ["fundraiser@example.org"]
    link = reverse("reports_export_download", args=(log.pk,))
    assert f"http://testserver{link}" in message.body
    assert "60 rows" in message.body
    download = client.get(link)
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="individuals.xlsx"'
    rows = _rows(_file(download))
    assert rows[0] == ("Constituent id", "Name")
    expected = sorted((person.pk, person.display_name) for person in individuals_of(individuals))
    assert sorted(rows[1:]) == expected
    # the export history shows it ready, with the link for them
    history = client.get(reverse("reports_exports:index")).content.decode()
    assert "Ready to download" in history
    assert f'href="{link}"' in history
    # another fundraiser sees the row but gets neither the link nor the file
    signed_in(client, email="colleague@example.org")
    assert f'href="{link}"' not in client.get(reverse("reports_exports:index")).content.decode()
    assert client.get(link).status_code == 404


def individuals_of(segment: Segment):
    from steward.reports.selectors import segment_members

    return segment_members(segment=segment)


def test_csv_and_small_xlsx_exports_are_still_sent_at_once(client, individuals, settings):
    signed_in(client)
    page = client.get(reverse("reports_segment_members", args=(individuals.pk,))).content.decode()
    assert "Excel files of more than 10 rows are prepared in the background" in page
    csv = client.get(reverse("reports_segment_export", args=(individuals.pk,)) + "?columns=id&file_format=csv")
    assert csv.status_code == 200
    assert len(_file(csv).decode().splitlines()) == 61
    settings.REPORTS_EXPORT_BACKGROUND_ROWS = 60
    xlsx = client.get(reverse("reports_segment_export", args=(individuals.pk,)) + COLUMNS)
    assert len(_rows(_file(xlsx))) == 61
    assert set(ExportLog.objects.values_list("status", flat=True)) == {ExportLog.Status.SENT}


def test_a_prepared_export_is_made_once_however_often_the_task_runs(individuals):
    user = StaffUserFactory(groups=["Fundraising staff"])
    with transaction.atomic():
        log = services.segment_export_queue(segment=individuals, columns=["id"], user=user)
    # (the eager on-commit run did not happen inside the test's transaction: run it by hand, twice)
    assert ExportLog.objects.get(pk=log.pk).status == ExportLog.Status.QUEUED
    assert services.segment_export_prepare(log_id=log.pk).status == ExportLog.Status.READY
    assert services.segment_export_prepare(log_id=log.pk) is None
    log.refresh_from_db()
    assert log.row_count == 60


def test_an_export_whose_segment_was_deleted_fails_where_staff_see_it(client, individuals):
    user = signed_in(client)
    log = services.segment_export_queue(segment=individuals, columns=["id"], user=user)
    individuals.delete()
    failed = services.segment_export_prepare(log_id=log.pk)
    assert failed.status == ExportLog.Status.FAILED
    assert failed.error == "The segment was deleted before its export was ready."
    assert not failed.file_name
    assert "Failed" in client.get(reverse("reports_exports:index")).content.decode()
    assert client.get(reverse("reports_export_download", args=(log.pk,))).status_code == 404


def test_prepared_files_are_deleted_after_their_keeping_time(client, individuals, settings):
    user = signed_in(client)
    log = services.segment_export_queue(segment=individuals, columns=["id"], user=user)
    log = services.segment_export_prepare(log_id=log.pk)
    storage = services.export_storage()
    assert storage.exists(log.file_name)
    name = log.file_name
    # a day before the keeping time ends nothing goes; after it, the file does (the log row stays)
    now = log.finished_at + dt.timedelta(days=settings.REPORTS_EXPORT_KEEP_DAYS - 1)
    assert services.exports_expire(now=now) == 0
    assert services.exports_expire(now=log.finished_at + dt.timedelta(days=settings.REPORTS_EXPORT_KEEP_DAYS + 1)) == 1
    log.refresh_from_db()
    assert (log.status, log.file_name) == (ExportLog.Status.EXPIRED, "")
    assert not storage.exists(name)
    assert client.get(reverse("reports_export_download", args=(log.pk,))).status_code == 404
    assert timezone.now() >= log.finished_at


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_prepares_the_export(tmp_path, settings):
    # given a segment of three people and a fundraiser
    settings.REPORTS_EXPORT_BACKGROUND_ROWS = 1
    people = [IndividualFactory() for _ in range(3)]
    segment = SegmentFactory(name="Three", conditions={"field": "kind", "kinds": ["individual"]})
    # (no staff group: an earlier transactional test may have flushed the groups the migrations made)
    user = StaffUserFactory(email="fundraiser@example.org")
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    with celery_worker(mail_dir):
        # when the export is queued (the task goes to Redis once the transaction commits)
        with transaction.atomic():
            log = services.segment_export_queue(segment=segment, columns=["id"], user=user)
        # then the worker in another process writes the file and emails the link
        ready = wait_for(lambda: ExportLog.objects.filter(pk=log.pk, status=ExportLog.Status.READY).first())
        wait_for(lambda: list(mail_dir.iterdir()))
    with services.export_storage().open(ready.file_name, "rb") as file:
        rows = _rows(file.read())
    assert sorted(rows[1:]) == sorted((person.pk,) for person in people)
    mail = "".join(path.read_text() for path in mail_dir.iterdir())
    assert reverse("reports_export_download", args=(log.pk,)) in mail
