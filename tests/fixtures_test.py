"""Every fixture under testdata/<RULE_ID>/ yields exactly the (rule, line) pairs it declares."""
from __future__ import annotations

import os

import pytest

from sechooks.core import catalogue, config as configuration
from tests.harness import TESTDATA, check, expected_pairs


def _fixtures() -> list[tuple[str, str]]:
    out = []
    for rule_id in sorted(os.listdir(TESTDATA)):
        folder = os.path.join(TESTDATA, rule_id)
        if not os.path.isdir(folder):
            continue
        for name in sorted(os.listdir(folder)):
            if name.startswith(("bad_", "good_")) and not name.endswith((".expect", ".sechooks.toml")):
                out.append((rule_id, os.path.join(folder, name)))
    return out


FIXTURES = _fixtures()


@pytest.mark.parametrize(("rule_id", "path"), FIXTURES, ids=[os.path.relpath(p, TESTDATA) for _, p in FIXTURES])
def test_fixture(rule_id: str, path: str) -> None:
    prefix = catalogue.family_of(rule_id)
    try:
        catalogue.family(prefix)
        __import__(catalogue.MODULES[prefix])
    except ModuleNotFoundError:
        pytest.skip(f"{prefix} hook not in this tree")
    expected = expected_pairs(path)
    name = os.path.basename(path)
    if name.startswith("good_"):
        assert not expected, "a good_ fixture must not declare findings"
    else:
        assert expected, "a bad_ fixture must declare at least one expected finding"
    config = configuration.Config()
    sidecar = path + ".sechooks.toml"
    if os.path.exists(sidecar):
        config = configuration.load(os.path.dirname(path), sidecar)
    engine = check(prefix, [path], config, enable=[rule_id])
    compared = {rule_id} | {rule for rule, _ in expected}
    got = {(r.finding.rule, r.finding.line) for r in engine.report.findings if r.finding.rule in compared}
    assert got == expected
    assert not engine.errors


def test_every_rule_has_good_and_bad_fixtures() -> None:
    missing = []
    for rule in catalogue.all_rules():
        if rule.removed:
            continue
        folder = os.path.join(TESTDATA, rule.id)
        names = os.listdir(folder) if os.path.isdir(folder) else []
        # UNREACHABLE holds the reason no real file can trigger the rule (and where it is tested).
        reachable = "UNREACHABLE" not in names or not open(os.path.join(folder, "UNREACHABLE")).read().strip()
        has_bad = any(n.startswith("bad_") for n in names) or not reachable
        if not has_bad or not any(n.startswith("good_") for n in names):
            missing.append(rule.id)
    assert not missing, f"rules without bad_/good_ fixtures: {missing}"
