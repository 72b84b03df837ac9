"""The admin tells no third party who its staff are: no avatar from gravatar.com, no version check."""

from django.conf import settings
from django.urls import reverse

from tests.admin_helpers import signed_in


def test_the_admin_pages_fetch_nothing_from_gravatar_or_wagtails_release_server(client, db):
    # given a superuser (shown the upgrade panel) with an email address (gravatar.com would be sent it, hashed)
    signed_in(client, "Fundraising staff", email="treasurer@example.org", is_superuser=True)
    # when the dashboard and the account page are opened
    pages = [client.get(reverse("wagtailadmin_home")), client.get(reverse("wagtailadmin_account"))]
    # then neither has an avatar from gravatar.com nor the panel that asks releases.wagtail.org for a version
    for response in pages:
        assert response.status_code == 200
        html = response.content.decode()
        assert "gravatar.com" not in html, "avatar"
        assert 'data-controller="w-upgrade' not in html
    # and the pages' Content-Security-Policy allows images from this site only
    policy = pages[0]["Content-Security-Policy"]
    image_sources = next(part for part in policy.split(";") if part.strip().startswith("img-src"))
    assert "gravatar" not in image_sources
    assert settings.WAGTAIL_ENABLE_UPDATE_CHECK is False
