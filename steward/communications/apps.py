from django.apps import AppConfig


class CommunicationsConfig(AppConfig):
    name = "steward.communications"
    label = "communications"
    verbose_name = "Communications"

    def ready(self) -> None:
        # The mail providers' delivery reports arrive as Anymail's `tracking` signal (steward/communications/
        # receivers.py stores each and queues its applying).
        from . import receivers, tasks  # noqa: F401
