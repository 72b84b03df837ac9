"""Read queries of the CMS part of the API: which pages the public may see, found by path, the menu, news.

Only live pages without any view restriction (on themselves or an ancestor) are ever returned: the API has no
notion of Wagtail's password, login or group restrictions, so a restricted page is treated as not there.
"""

import datetime as dt
from typing import cast

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.query import PageQuerySet
from wagtail_headless_preview.models import PagePreview

from steward.communications.models import NewsletterArchivePage
from steward.site.models import (
    CampaignPage,
    ContentPage,
    HomePage,
    NewsIndexPage,
    NewsItemPage,
    OrganisationSettings,
)

# The page models the API has types for; pages of any other model are not served.
PAGE_MODELS: tuple[type[Page], ...] = (
    HomePage,
    ContentPage,
    CampaignPage,
    NewsIndexPage,
    NewsItemPage,
    NewsletterArchivePage,
)


_RESTRICTED_PATHS = "_steward_restricted_page_paths"


def restricted_page_paths(request: HttpRequest | None) -> tuple[str, ...]:
    """The tree paths of pages carrying a view restriction, read once per request."""
    cached = getattr(request, _RESTRICTED_PATHS, None)
    if cached is None:
        cached = tuple(PageViewRestriction.objects.values_list("page__path", flat=True).distinct())
        if request is not None:
            setattr(request, _RESTRICTED_PATHS, cached)
    return cached


def public_pages(queryset: QuerySet[Page], *, request: HttpRequest | None = None) -> QuerySet[Page]:
    """Narrow a page queryset to what the public may see: live, and neither restricted nor under a restricted page.

    The same rule as Wagtail's `PageQuerySet.public()`, with the restrictions read once per request rather than
    once per queryset (a page is under a restricted page exactly when its tree path starts with that page's).
    """
    condition = Q()
    for path in restricted_page_paths(request):
        condition &= ~Q(path__startswith=path)
    return queryset.live().filter(condition)  # type: ignore[attr-defined]


def site_for_request(request: HttpRequest) -> Site | None:
    """The Wagtail site serving this request (by hostname, else the default site); cached on the request."""
    return Site.find_for_request(request)


def site_root_path(site: Site) -> str:
    """The url_path of the site's root page, from Wagtail's cached site root paths."""
    for root in Site.get_site_root_paths():
        if root.site_id == site.pk:
            return str(root.root_path)
    return str(site.root_page.url_path)


def page_for_path(*, site: Site | None, path: str, request: HttpRequest | None = None) -> Page | None:
    """The live, public page of a known type at this path of the site ('/' is the site's root page), or None."""
    if site is None:
        return None
    segments = [segment for segment in path.split("/") if segment]
    if any(segment in {".", ".."} for segment in segments):
        return None
    url_path = site_root_path(site) + "".join(f"{segment}/" for segment in segments)
    pages = cast(PageQuerySet, public_pages(Page.objects.type(*PAGE_MODELS).filter(url_path=url_path), request=request))
    return pages.specific().first()


def menu_pages(*, site: Site | None, request: HttpRequest | None = None) -> QuerySet[Page]:
    """The site's menu: live, public children of its root page that are marked to show in menus, in tree order."""
    if site is None:
        return Page.objects.none()
    children = site.root_page.get_children().in_menu()
    return public_pages(children, request=request).only("title", "url_path", "path", "depth")


def news_items(*, index: Page, request: HttpRequest | None = None) -> QuerySet[NewsItemPage]:
    """The live, public news items under a news index, newest first."""
    items = NewsItemPage.objects.child_of(index)
    return public_pages(items, request=request).order_by("-date", "-pk")  # type: ignore[return-value]


def page_for_preview(*, content_type: str, token: str) -> Page | None:
    """The draft an editor is previewing (with unsaved changes), by wagtail-headless-preview's signed token.

    None when the content type is not a previewable page, the token is forged or older than
    PREVIEW_TOKEN_MAX_AGE_MINUTES, or its preview has been cleared away.
    """
    try:
        app_label, model = content_type.split(".", 1)
        page_type = ContentType.objects.get_by_natural_key(app_label, model)
    except (ValueError, ContentType.DoesNotExist):
        return None
    page_model = page_type.model_class()
    if page_model not in PAGE_MODELS:
        return None
    max_age = dt.timedelta(minutes=settings.PREVIEW_TOKEN_MAX_AGE_MINUTES)
    try:
        page_model.get_preview_signer().unsign(token, max_age=max_age)  # type: ignore[attr-defined]
    except signing.BadSignature:  # SignatureExpired is one
        return None
    preview = PagePreview.objects.filter(content_type=page_type, token=token).first()
    return cast(Page, preview.as_page()) if preview is not None else None


def organisation_settings(request: HttpRequest | None) -> OrganisationSettings:
    """The organisation's settings with the logo and favicon joined in one query; cached on the request."""
    cached = getattr(request, "_steward_organisation_settings", None)
    if cached is None:
        cached = OrganisationSettings.objects.select_related("logo", "favicon").first() or OrganisationSettings.load()
        if request is not None:
            setattr(request, "_steward_organisation_settings", cached)  # noqa: B010
    return cached
