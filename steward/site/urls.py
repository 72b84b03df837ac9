from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from steward.donations.views import stripe_webhook
from steward.graphql.views import graphql_view
from steward.members.views import membership_card_download
from steward.site.views import health

urlpatterns = [
    path("healthz/", health, name="health"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("graphql/", graphql_view, name="graphql"),
    path("stripe/webhook/", stripe_webhook, name="stripe_webhook"),
    path("mail/", include("steward.communications.urls")),
    path("donations/", include("steward.donations.urls")),
    path("volunteers/", include("steward.volunteers.urls")),
    path("members/card/<str:membership_id>/", membership_card_download, name="membership_card"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
