from django.apps import AppConfig


class VolunteersConfig(AppConfig):
    name = "steward.volunteers"
    label = "volunteers"
    verbose_name = "Volunteers"
