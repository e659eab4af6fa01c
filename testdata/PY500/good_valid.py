"""Plain, parseable Python 3."""
import sys


def main() -> int:
    print("usage: tool FILE", file=sys.stderr)
    return 2
