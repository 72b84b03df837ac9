from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "steward.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        # Each app declares the messages it may owe someone in its `outbox.py` (senders by kind).
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("outbox")
        # The tasks answer the outbox's `message_owed` signal: connected here, in every process.
        from . import tasks  # noqa: F401

        # Wagtail's choosers start from data, not an inline script the Content-Security-Policy refuses.
        from .admin_widgets import install

        install()
