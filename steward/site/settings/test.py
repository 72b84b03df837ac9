"""The test suite: fast hashing, the mail outbox, eager Celery unless a broker is named."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # On disk: a real Celery worker (another process) writes prepared exports that the tests then download.
    "exports": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": env.str("TEST_EXPORT_ROOT", default=str(VAR_DIR / "test-exports")), "base_url": None},  # noqa: F405
    },
}
CELERY_TASK_ALWAYS_EAGER = not env.str("TEST_CELERY_BROKER_URL", default="")
CELERY_BROKER_URL = env.str("TEST_CELERY_BROKER_URL", default="") or "memory://"
WAGTAILADMIN_BASE_URL = "http://testserver"

# A file, not memory, for SQLite: the Celery worker test runs a real worker in another process on the same data.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    import os

    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}  # noqa: F405
CELERY_TASK_DEFAULT_QUEUE = env.str("TEST_CELERY_QUEUE", default="celery")
EMAIL_BACKEND = env.str("TEST_EMAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend")
EMAIL_FILE_PATH = env.str("TEST_EMAIL_FILE_PATH", default=str(VAR_DIR / "test-mail"))  # noqa: F405
