import strawberry
from strawberry_django.optimizer import DjangoOptimizerExtension


@strawberry.type
class Query:
    @strawberry.field(description="Always true: lets a client check that the API answers.")
    def ok(self) -> bool:
        return True


schema = strawberry.Schema(query=Query, extensions=[DjangoOptimizerExtension])
