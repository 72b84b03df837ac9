"""Who is asking: the viewer helpers and the permission extensions the API declares on its fields.

Three audiences: the public (no checks), the signed-in member (a user linked to a Constituent through
`user.constituent`, who only ever sees their own rows) and staff (Django/Wagtail permissions, checked with
strawberry-django's `HasPerm`). Field-level checks live here; row filtering lives in each type's
`get_queryset`, which calls the API selectors.
"""

from collections.abc import Callable
from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from strawberry import Info
from strawberry_django.permissions import DjangoNoPermission, DjangoPermissionExtension, HasPerm
from strawberry_django.resolvers import django_resolver

from steward.members import selectors as member_selectors
from steward.members.models import Constituent

__all__ = [
    "IsCurrentMember",
    "IsMember",
    "constituent_for_user",
    "has_perm",
    "viewer_constituent",
    "viewer_user",
]

# Cached on the request so the many resolvers of one operation look the viewer up once.
_VIEWER_CONSTITUENT = "_steward_viewer_constituent"
_VIEWER_IS_MEMBER = "_steward_viewer_is_member"
_MISSING = object()


def _request(info: Info) -> HttpRequest:
    return info.context.request


def viewer_user(info: Info) -> AbstractBaseUser | AnonymousUser:
    """The user making the request (an AnonymousUser when signed out)."""
    return _request(info).user


def constituent_for_user(user: Any) -> Constituent | None:
    """The live constituent record linked to an active user account, or None."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    try:
        constituent: Constituent = user.constituent
    except Constituent.DoesNotExist:
        return None
    if constituent.merged_into_id is not None:
        return None
    return constituent


def viewer_constituent(info: Info) -> Constituent | None:
    """The signed-in member's own constituent record, or None for the public and for staff-only accounts."""
    request = _request(info)
    cached = getattr(request, _VIEWER_CONSTITUENT, _MISSING)
    if cached is _MISSING:
        cached = constituent_for_user(request.user)
        setattr(request, _VIEWER_CONSTITUENT, cached)
    return cached  # type: ignore[return-value]


def viewer_forget(info: Info) -> None:
    """Forget the viewer read earlier in this request (after a mutation signed someone in)."""
    request = _request(info)
    if hasattr(request, _VIEWER_CONSTITUENT):
        delattr(request, _VIEWER_CONSTITUENT)


def viewer_is_current_member(info: Info) -> bool:
    """Whether the viewer is a member now (current or in grace, directly or through their household)."""
    request = _request(info)
    cached = getattr(request, _VIEWER_IS_MEMBER, _MISSING)
    if cached is _MISSING:
        constituent = viewer_constituent(info)
        cached = constituent is not None and member_selectors.is_member(constituent=constituent)
        setattr(request, _VIEWER_IS_MEMBER, cached)
    return bool(cached)


# The extensions below leave no directive in the SDL: strawberry prints permission directives twice in a sorted
# schema, and the field descriptions already say who may resolve what.


def has_perm(perm: str, *, message: str, fail_silently: bool = True) -> HasPerm:
    """Staff only: the viewer needs this Django permission (Wagtail groups carry them)."""
    return HasPerm(perm, message=message, fail_silently=fail_silently, use_directives=False)


class _ViewerExtension(DjangoPermissionExtension):
    """A check on who the viewer is (not on a Django permission); refuses like strawberry-django's own checks:
    a typed OperationInfo in a mutation payload, null, an empty list or connection, or an error if not silent."""

    def __init__(self, *, message: str | None = None, fail_silently: bool = True) -> None:
        super().__init__(message=message, use_directives=False, fail_silently=fail_silently)

    def allows(self, info: Info) -> bool:
        raise NotImplementedError

    @django_resolver(qs_hook=None)
    def resolve_for_user(
        self,
        resolver: Callable[[], Any],
        user: Any,
        *,
        info: Info,
        source: Any,
    ) -> Any:
        if not self.allows(info):
            raise DjangoNoPermission
        return resolver()


class IsMember(_ViewerExtension):
    """Only a signed-in person whose account is linked to a constituent record (their own, nobody else's)."""

    DEFAULT_ERROR_MESSAGE: ClassVar[str] = "Sign in with a member account to do this."

    def allows(self, info: Info) -> bool:
        return viewer_constituent(info) is not None


class IsCurrentMember(_ViewerExtension):
    """Only a signed-in person with a current (or in-grace) membership of their own or their household's."""

    DEFAULT_ERROR_MESSAGE: ClassVar[str] = "Only current members can do this."

    def allows(self, info: Info) -> bool:
        return viewer_is_current_member(info)
