"""How errors leave the API.

Mutations return typed results (`<Mutation>Payload = <Success> | OperationInfo`): services raise
`ValidationError`/`PermissionDenied` and strawberry-django turns them into `OperationInfo` messages with the
field (camelCased) and the code. Query-level errors are ordinary GraphQL errors; anything unexpected (a bug, a
database error) is masked to "Unexpected error." so internals never reach the client, and is logged in full (with its
traceback) before masking. An error about the request itself (a bad argument, a denied field) is the client's:
it is logged in one line at DEBUG, not as a server failure.
"""

import logging
from types import TracebackType

import strawberry
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from graphql import GraphQLError
from strawberry.extensions import MaskErrors
from strawberry.types import ExecutionContext

logger = logging.getLogger(__name__)

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


class Schema(strawberry.Schema):
    """Steward's schema: strawberry's, logging only the errors that are the server's (see the module)."""

    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        unexpected = []
        for error in errors:
            if should_mask_error(error):
                unexpected.append(error)
            else:
                logger.debug("GraphQL request error at %s: %s", error.path, error.message)
        super().process_errors(unexpected, execution_context)
