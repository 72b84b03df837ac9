from django.apps import AppConfig


class GraphQLConfig(AppConfig):
    name = "steward.graphql"
    label = "steward_graphql"
    verbose_name = "GraphQL API"
