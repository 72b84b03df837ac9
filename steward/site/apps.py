from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "steward.site"
    label = "site"
    verbose_name = "Site"
