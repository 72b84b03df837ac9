from django.apps import AppConfig


class DonationsConfig(AppConfig):
    name = "steward.donations"
    label = "donations"
    verbose_name = "Donations"

    def ready(self) -> None:
        from . import messages  # noqa: F401 (registers the message kinds staff may reword)
