"""Masking audit over every SEC rule: each secret a bad_ fixture yields must never appear in
the hook's output, in any format (new rules are covered as soon as they have fixtures)."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from sechooks import secrets
from sechooks.core import catalogue
from tests.harness import TESTDATA
from tests.secrets_test import ctx_for

SEC_RULES = [r.id for r in catalogue.all_rules() if r.id.startswith("SEC") and not r.removed]


def _bad_fixtures(rule: str) -> list[str]:
    folder = os.path.join(TESTDATA, rule)
    if not os.path.isdir(folder):
        return []
    return sorted(
        os.path.join(folder, name) for name in os.listdir(folder)
        if name.startswith("bad_") and not name.endswith((".expect", ".sechooks.toml"))
    )


def _pieces(evidence: str) -> set[str]:
    """The secret, and each line of a multi-line one (a PEM body) long enough to identify it."""
    parts = {evidence} | {line.strip() for line in evidence.splitlines() if len(line.strip()) >= 16}
    return {p for p in parts if len(p) >= 6}


def test_every_reporting_rule_is_audited() -> None:
    audited = {rule for rule in SEC_RULES if _bad_fixtures(rule)}
    # SEC100 (an unreadable file) reports no secret; SEC137/SEC138 report a path
    assert set(SEC_RULES) - audited <= {"SEC100"}
    assert {"SEC139", "SEC144", "SEC145", "SEC146"} <= audited


@pytest.mark.parametrize("rule", [r for r in SEC_RULES if _bad_fixtures(r)])
def test_no_reported_secret_in_any_output(
    rule: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    names = []
    for path in _bad_fixtures(rule):
        name = os.path.basename(path)
        shutil.copyfile(path, tmp_path / name)
        names.append(name)
    monkeypatch.chdir(tmp_path)
    ctx = ctx_for(enable=(rule,))
    planted: set[str] = set()
    for name in names:
        with open(name, encoding="utf-8", errors="replace") as f:
            text = f.read()
        for finding in secrets.check_file(name, text, ctx):
            if finding.rule not in ("SEC137", "SEC138") and finding.evidence:
                planted |= _pieces(finding.evidence)
    if rule not in ("SEC137", "SEC138"):
        assert planted, f"{rule}: its bad fixtures report a secret"
    # SARIF carries the catalogue, whose examples quote the AWS documentation keys (public values)
    documented = " ".join(f"{r.rationale} {r.bad} {r.good}" for r in catalogue.all_rules())
    planted = {p for p in planted if p not in documented}
    for fmt in ("text", "json", "sarif"):
        code = secrets.main(["--format", fmt, "--enable", rule, "--verbose", *names])
        out = capsys.readouterr()
        assert code in (0, 1), out.err
        everything = out.out + out.err
        leaked = [p[:4] + "..." for p in planted if p in everything or p.lower() in everything.lower()]
        assert not leaked, f"{rule} --format {fmt} shows secrets verbatim: {leaked}"
