"""Configuration from the environment: the embedded defaults and production's refusal to start without secrets."""

import os
import subprocess
import sys

from django.conf import settings


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL"}}
    environment.update(env)
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        env=environment,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )


def test_default_database_is_sqlite_in_wal_mode_and_celery_is_eager(tmp_path):
    # given no DATABASE_URL and no broker
    code = (
        "import django, os; django.setup();"
        "from django.db import connection; from django.conf import settings;"
        "c = connection.cursor(); c.execute('PRAGMA journal_mode'); print(c.fetchone()[0]);"
        "print(connection.vendor); print(settings.CELERY_TASK_ALWAYS_EAGER)"
    )
    result = run_python(code, DJANGO_SETTINGS_MODULE="steward.site.settings.dev")
    # then the database is SQLite in WAL mode and tasks run eagerly
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", "sqlite", "True"]


def test_broker_url_turns_off_eager_tasks():
    code = "import django; django.setup(); from django.conf import settings; print(settings.CELERY_TASK_ALWAYS_EAGER)"
    result = run_python(code, DJANGO_SETTINGS_MODULE="steward.site.settings.dev", CELERY_BROKER_URL="redis://x:1/0")
    assert result.stdout.strip() == "False"


def test_a_worker_knows_every_task_of_every_app_and_of_the_beat_schedule():
    # given a fresh process that loads the Celery app as a worker does (autodiscovery, no test imports)
    code = (
        "import django; django.setup(); from steward.site.celery import app;"
        "app.loader.import_default_modules(); print('\\n'.join(sorted(app.tasks)))"
    )
    result = run_python(code, DJANGO_SETTINGS_MODULE="steward.site.settings.dev")
    assert result.returncode == 0, result.stderr
    registered = set(result.stdout.split())
    # then every scheduled task, and every task of every app's tasks module, is registered
    assert {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()} <= registered
    for app_tasks in ("steward.members.tasks", "steward.donations.tasks", "steward.volunteers.tasks"):
        assert any(name.startswith(app_tasks) for name in registered), app_tasks
    assert {"steward.reports.tasks.segment_export_prepare", "steward.reports.tasks.board_pack_send_due"} <= registered


def test_production_refuses_to_start_without_a_secret_key():
    code = "import django; django.setup()"
    env = {"DJANGO_SETTINGS_MODULE": "steward.site.settings.production", "ALLOWED_HOSTS": "example.org"}
    result = run_python(code, **env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    result = run_python(code, **env, SECRET_KEY="x" * 60)
    assert result.returncode == 0, result.stderr


def test_production_passes_check_deploy():
    env = {
        "DJANGO_SETTINGS_MODULE": "steward.site.settings.production",
        "ALLOWED_HOSTS": "example.org",
        "SECRET_KEY": "k3y-" + "a1B2c3D4e5" * 6,
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env={**os.environ, **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
