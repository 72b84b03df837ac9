"""Queries of the CMS: a page by its path, and the site menu. Public; only live, unrestricted pages."""

from typing import Annotated

import strawberry
from strawberry import Info

from steward.graphql.cms import selectors
from steward.graphql.cms.types import MenuItemType, PageInterface, SiteThemeType, page_path


@strawberry.type
class CmsQuery:
    @strawberry.field(
        description="The live, public page at a path of this site ('/' is the home page); null if there is none."
    )
    def page(
        self,
        info: Info,
        path: Annotated[str, strawberry.argument(description="The page's path, e.g. /about/team/.")],
    ) -> PageInterface | None:
        request = info.context.request
        return selectors.page_for_path(  # type: ignore[return-value]
            site=selectors.site_for_request(request), path=path, request=request
        )

    @strawberry.field(
        description=(
            "The draft an editor is previewing in Wagtail, with their unsaved changes: the frontend's /preview/ page "
            "is opened with `content_type` and `token` query parameters to pass here. Null if the token is unknown, "
            "forged or expired."
        )
    )
    def page_preview(
        self,
        content_type: Annotated[
            str, strawberry.argument(description="The `content_type` parameter, e.g. site.contentpage.")
        ],
        token: Annotated[str, strawberry.argument(description="The `token` parameter (signed, expiring).")],
    ) -> PageInterface | None:
        return selectors.page_for_preview(content_type=content_type, token=token)  # type: ignore[return-value]

    @strawberry.field(description="The site menu: the live, public top-level pages marked 'show in menus'.")
    def menu(self, info: Info) -> list[MenuItemType]:
        request = info.context.request
        pages = selectors.menu_pages(site=selectors.site_for_request(request), request=request)
        return [
            MenuItemType(title=page.title, path=path) for page in pages if (path := page_path(page, info)) is not None
        ]

    @strawberry.field(
        description=(
            "The website's look, as staff set it in Wagtail (Settings → Organisation): the organisation's name, "
            "brand colours, font, logo and favicon. Public."
        )
    )
    def site_theme(self, info: Info) -> SiteThemeType:
        return SiteThemeType.from_settings(selectors.organisation_settings(info.context.request))
