from django.apps import AppConfig


class VolunteersConfig(AppConfig):
    name = "steward.volunteers"
    label = "volunteers"
    verbose_name = "Volunteers"

    def ready(self) -> None:
        from . import messages  # noqa: F401 (registers the message kinds staff may reword)
