"""A real Celery worker on Redis, in another process, sharing the test database."""

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import kombu.pools
from django.conf import settings
from django.db import connection

from steward.site.celery import app

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


def worker_start(
    *, queue: str, mail_dir: Path, log_path: Path, extra_env: dict[str, str] | None = None
) -> subprocess.Popen:
    """Start a solo Celery worker on `queue` (the test database, Redis, mail written to `mail_dir`) and wait
    until it is ready; its output goes to `log_path`."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "steward.site.settings.test",
        "DATABASE_URL": _database_url(),
        "TEST_CELERY_BROKER_URL": REDIS_URL,
        "TEST_CELERY_QUEUE": queue,
        "TEST_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "TEST_EMAIL_FILE_PATH": str(mail_dir),
        **(extra_env or {}),
    }
    command = [sys.executable, "-m", "celery", "-A", "steward", "worker", "--pool", "solo", "-Q", queue, "-l", "info"]
    with log_path.open("w") as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=settings.BASE_DIR)  # noqa: S603
    deadline = time.monotonic() + 60
    while "ready." not in log_path.read_text():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"The Celery worker did not start:\n{log_path.read_text()}")
        time.sleep(0.1)
    return process


def worker_stop(process: subprocess.Popen) -> None:
    """Stop a worker: politely, then for good after 20 seconds."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def celery_worker(mail_dir: Path) -> Iterator[str]:
    """Start a worker on a queue of its own and point this process's Celery app at it; yields the queue."""
    queue = f"test-{uuid.uuid4().hex[:12]}"
    process = worker_start(queue=queue, mail_dir=mail_dir, log_path=mail_dir.parent / f"{queue}.log")
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager", "task_default_queue")}
    app.conf.update(broker_url=REDIS_URL, task_always_eager=False, task_default_queue=queue)
    _reset_connections()
    try:
        yield queue
    finally:
        app.conf.update(saved)
        _reset_connections()
        worker_stop(process)


def _reset_connections() -> None:
    # Even eager calls open the producer pool with the broker URL of that moment, and the routing tables
    # are built once: drop both so the new broker and default queue take effect.
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.__dict__.pop("amqp", None)
    # kombu keeps producer pools per connection in a global registry: a second worker test in the same process
    # would otherwise be handed the pool closed above.
    kombu.pools.reset()


def wait_for(predicate, *, timeout: float = 60, interval: float = 0.2):
    """Poll until predicate() is truthy; returns its value or fails after the timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"Timed out after {timeout}s waiting for {predicate}")
