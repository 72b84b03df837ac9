"""Helpers for the volunteers API tests."""

from strawberry.relay import to_base64


def gid(type_name: str, pk: int) -> str:
    return to_base64(type_name, pk)
