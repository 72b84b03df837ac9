"""Where links sent to people lead.

Supporters (members, donors, volunteers) see one site: the frontend, at FRONTEND_URL. Every link they are handed —
in an email, a PDF or the portal — is built here on that address, including the downloads Django serves (receipts,
statements, the calendar feed, the membership card): the frontend forwards those paths to Django (its route
handlers under frontend/src/app that call `proxyToDjango`), so the link works on whatever address and port the
site runs, and the session cookie is the site's own. Staff links (the admin, its downloads) use
WAGTAILADMIN_BASE_URL, Django's own address."""

from django.conf import settings


def frontend_url(path: str) -> str:
    """The absolute address of `path` (which starts with /) on the supporters' site."""
    return f"{settings.FRONTEND_URL.rstrip('/')}{path}"


def admin_url(path: str) -> str:
    """The absolute address of `path` (which starts with /) in the staff's admin."""
    return f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{path}"
