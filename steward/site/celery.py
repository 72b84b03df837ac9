"""The Celery app. Without CELERY_BROKER_URL tasks run eagerly in-process (see settings)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steward.site.settings.dev")

app = Celery("steward")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Every installed app's tasks module (read from INSTALLED_APPS when the worker starts, so a new app is not missed).
app.autodiscover_tasks()
