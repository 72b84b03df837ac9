from django.apps import AppConfig


class DonationsConfig(AppConfig):
    name = "steward.donations"
    label = "donations"
    verbose_name = "Donations"
