"""Regenerate the catalogue-derived docs: README's rule table and docs/rules.md.

Run after changing anything under hooks/rules/: `python scripts/update_docs.py`.
tests/readme_test.py fails until the docs match the catalogue.
"""
from __future__ import annotations

import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from hooks import catalogue  # noqa: E402
from hooks.umbrella import rules_document, rules_markdown  # noqa: E402

START, END = "<!-- rules:start -->", "<!-- rules:end -->"


def readme_with_table(text: str) -> str:
    table = rules_markdown(list(catalogue.all_rules()))
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.DOTALL)
    return pattern.sub(lambda _: f"{START}\n{table}{END}", text)


def main() -> int:
    readme = os.path.join(ROOT, "README.md")
    with open(readme, encoding="utf-8") as f:
        text = f.read()
    with open(readme, "w", encoding="utf-8") as f:
        f.write(readme_with_table(text))
    with open(os.path.join(ROOT, "docs", "rules.md"), "w", encoding="utf-8") as f:
        f.write(rules_document())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
