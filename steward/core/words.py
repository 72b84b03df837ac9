"""Wording of counts in English messages ("1 gift", "2 gifts")."""


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """`count` with the noun in its number: counted(1, "gift") is "1 gift", counted(3, "gift") "3 gifts"."""
    noun = singular if count == 1 else (plural or f"{singular}s")
    return f"{count:,} {noun}"
