"""Trojan Source: the line below displays differently from how it runs."""


def is_admin(role: str) -> bool:
    return role != "user‮ ⁦# admin⁩ ⁦"  # expect: PY517
