"""A file that does not parse: PY500 points at the broken line."""


def configure(:  # expect: PY500
    return {}
