"""The /graphql/ endpoint. CSRF stays on: the frontend proxies this path on its own origin and sends X-CSRFToken."""

from django.views.decorators.csrf import ensure_csrf_cookie
from strawberry.django.views import GraphQLView

from steward.graphql.schema import schema

graphql_view = ensure_csrf_cookie(GraphQLView.as_view(schema=schema, graphql_ide="graphiql"))
