"""Steward: a membership and fundraising CRM for nonprofits, on a headless CMS."""

from steward.site.celery import app as celery_app

__all__ = ["celery_app"]
