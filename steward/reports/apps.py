from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "steward.reports"
    label = "reports"
    verbose_name = "Reports"

    def ready(self) -> None:
        from steward.core.exports import export_recorder

        from . import messages, services, tasks  # noqa: F401 (tasks answer services.export_queued; the message kinds)

        export_recorder(services.listing_export_record)
