"""Bidi characters written as escapes are fine."""

RLO = "\u202e"


def is_admin(role: str) -> bool:
    return role == "admin"
