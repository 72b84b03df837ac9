from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "steward.members"
    label = "members"
    verbose_name = "Members"
