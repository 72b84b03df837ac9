"""The /graphql/ endpoint. CSRF stays on: the frontend proxies this path on its own origin and sends X-CSRFToken.

GraphiQL (which loads its scripts from a CDN, and so cannot live under the site's Content-Security-Policy) is
served only when settings.GRAPHQL_IDE is on: in development, not in production unless turned on.
"""

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import ensure_csrf_cookie
from strawberry.django.views import GraphQLView

from steward.graphql.schema import schema


class StewardGraphQLView(GraphQLView):
    """Strawberry's view, with the IDE switched by a setting read on each request."""

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.graphql_ide = "graphiql" if settings.GRAPHQL_IDE else None

    def render_graphql_ide(self, request: HttpRequest) -> HttpResponse:
        response = super().render_graphql_ide(request)
        # GraphiQL's page runs inline and CDN scripts: it is exempt from the CSP, and only served when enabled.
        response._csp_exempt = True  # type: ignore[attr-defined]
        return response


graphql_view = ensure_csrf_cookie(StewardGraphQLView.as_view(schema=schema))
