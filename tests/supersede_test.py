"""One problem, one finding: a family's literal-secret rule replaces the secrets hook's
finding on the same line when both run in one process."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from sechooks.core import catalogue
from sechooks.core.cli import superseded_dropped
from sechooks.core.finding import Finding
from sechooks.secrets import main as secrets_main
from sechooks.umbrella import main
from tests.conftest import write

COMPOSE = '''services:
  db:
    image: postgres:16.3
    environment:
      POSTGRES_PASSWORD: "Zq8vR2mXk4Lp9wTb"
    labels:
      api_token: "ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5"
'''


def rules(out: str) -> list[tuple[str, int]]:
    return sorted((f["rule"], f["line"]) for f in json.loads(out)["findings"])


def test_scan_reports_the_compose_finding_alone(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "compose.yaml", COMPOSE)
    assert main(["scan", "--format", "json", "compose.yaml"]) == 1
    found = rules(capsys.readouterr().out)
    assert ("CMP815", 5) in found and not any(rule.startswith("SEC") and line == 5 for rule, line in found)
    assert any(rule.startswith("SEC") and line == 7 for rule, line in found)  # another line stays


def test_the_secrets_hook_alone_still_reports_it(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "compose.yaml", COMPOSE)
    assert secrets_main(["--format", "json", "compose.yaml"]) == 1
    assert ("SEC140", 5) in rules(capsys.readouterr().out)


def test_only_the_declared_families_on_the_same_path_and_line() -> None:
    assert catalogue.get("K8S621").supersedes == ("SEC",)
    found = [Finding("K8S621", "a.yaml", 3, 1, "m"), Finding("SEC140", "a.yaml", 3, 9, "m"),
             Finding("SEC140", "b.yaml", 3, 9, "m"), Finding("SEC140", "a.yaml", 4, 9, "m"),
             Finding("K8S603", "a.yaml", 3, 1, "m")]
    kept = superseded_dropped(found)
    assert [(f.rule, f.path, f.line) for f in kept] == [
        ("K8S621", "a.yaml", 3), ("SEC140", "b.yaml", 3), ("SEC140", "a.yaml", 4), ("K8S603", "a.yaml", 3)]
