"""How errors leave the API.

Mutations return typed results (`<Mutation>Payload = <Success> | OperationInfo`): services raise
`ValidationError`/`PermissionDenied` and strawberry-django turns them into `OperationInfo` messages with the
field (camelCased) and the code. Query-level errors are ordinary GraphQL errors; anything unexpected (a bug, a
database error) is masked to "Unexpected error." so internals never reach the client, and is logged in full by
strawberry before masking.
"""

from types import TracebackType

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from graphql import GraphQLError
from strawberry.extensions import MaskErrors

UNEXPECTED_ERROR_MESSAGE = "Unexpected error."


class ApiError(Exception):
    """An error about the client's request whose message is safe to show (a bad argument, an unknown spec)."""


# Exceptions whose message is written for the client.
_PUBLIC_EXCEPTIONS: tuple[type[BaseException], ...] = (ApiError, PermissionDenied, ValidationError, ObjectDoesNotExist)
# Modules whose ValueError/TypeError are about the client's arguments: relay cursors, `first`/`last`, global ids.
_ARGUMENT_CHECKING_MODULES = ("strawberry.relay", "strawberry_django.relay")


def _raised_in(traceback: TracebackType | None) -> str:
    """The module of the innermost frame of a traceback."""
    module = ""
    while traceback is not None:
        module = traceback.tb_frame.f_globals.get("__name__", "")
        traceback = traceback.tb_next
    return module


def should_mask_error(error: GraphQLError) -> bool:
    """Whether a GraphQL error hides an internal failure (masked) or speaks to the client (kept)."""
    original = error.original_error
    if original is None or isinstance(original, GraphQLError):
        # Syntax, validation (limits, unknown fields) and coercion errors: about the request itself.
        return False
    if isinstance(original, _PUBLIC_EXCEPTIONS):
        return False
    is_argument_error = isinstance(original, ValueError | TypeError) and _raised_in(original.__traceback__).startswith(
        _ARGUMENT_CHECKING_MODULES
    )
    return not is_argument_error


def mask_errors_extension() -> MaskErrors:
    """The schema extension that hides unexpected errors' details from clients."""
    return MaskErrors(should_mask_error=should_mask_error, error_message=UNEXPECTED_ERROR_MESSAGE)
