from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "steward.members"
    label = "members"
    verbose_name = "Members"

    def ready(self) -> None:
        # Every message Steward sends is checked against the contact policy (core.mail.deliver).
        from steward.core.mail import contact_policy_register

        from .contact import email_verdict, email_verdicts

        contact_policy_register(email_verdict, email_verdicts)

        from . import messages  # noqa: F401 (registers the message kinds staff may reword)
