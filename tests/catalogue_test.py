"""Every catalogue entry is complete, and each hook implements exactly its family's rules."""
from __future__ import annotations

import importlib
import re

import pytest

from sechooks.core import catalogue
from sechooks.core.finding import Severity

RULES = list(catalogue.all_rules())
KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_is_documented(rule: catalogue.Rule) -> None:
    assert KEBAB.match(rule.name), rule.name
    assert isinstance(rule.severity, Severity)
    assert rule.title and rule.rationale and rule.fix
    assert not rule.title.endswith(".")
    if rule.name != "unparseable-file":
        assert rule.bad and rule.good, "bad and good examples are part of a rule's docs"
        assert rule.references, "cite a CWE, benchmark or vendor doc"
    assert re.match(r"^\d+\.\d+\.\d+$", rule.since)


def test_ids_and_names_are_unique() -> None:
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    names = [(r.family, r.name) for r in RULES]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("prefix", catalogue.available_families())
def test_each_family_reserves_x00(prefix: str) -> None:
    family = catalogue.family(prefix)
    reserved = family.reserved
    assert reserved.endswith("00") and family.rules[reserved].severity is Severity.MEDIUM


@pytest.mark.parametrize("prefix", catalogue.available_families())
def test_checks_table_covers_the_family(prefix: str) -> None:
    module = importlib.import_module(catalogue.MODULES[prefix])
    assert module.HOOK.family == prefix
    assert module.HOOK.name == catalogue.FAMILIES[prefix]
    checks = getattr(module, "IMPLEMENTED_BY", None) or getattr(module, "CHECKS", None)
    if checks is None:
        pytest.skip(f"{prefix} maps rules without a CHECKS table")
    family = catalogue.family(prefix)
    expected = {rid for rid, r in family.rules.items() if rid != family.reserved and not r.removed}
    assert set(checks) == expected


def test_options_have_defaults_of_their_kind() -> None:
    for prefix in catalogue.available_families():
        for name, option in catalogue.family(prefix).options.items():
            assert option.help, f"{prefix}.{name} needs help text"
            if option.kind is list:
                assert isinstance(option.default, tuple), f"{prefix}.{name}: list defaults are tuples"
            else:
                assert isinstance(option.default, option.kind), f"{prefix}.{name}"


@pytest.mark.parametrize("prefix", catalogue.available_families())
def test_hook_modules_import_only_what_they_need(prefix: str) -> None:
    """Start-up is paid on every commit: no parser or click on the hook path."""
    import subprocess
    import sys

    module = catalogue.MODULES[prefix]
    heavy = ["click", "bandit", "detect_secrets", "hcl2", "lark", "dockerfile_parse", "yaml", "dataclasses", "inspect", "subprocess"]
    if prefix != "PY":  # typing.NamedTuple rows; bandit imports typing anyway
        heavy.append("typing")
    baseline = subprocess.run(
        [sys.executable, "-c", "import sys; print(','.join(sys.modules))"], capture_output=True, text=True, check=True,
    ).stdout.strip().split(",")
    heavy = [m for m in heavy if m not in baseline]  # e.g. an editable install's finder imports typing on 3.9
    code = (
        f"HEAVY = {heavy!r}; "
        f"import sys, {module}; from sechooks.core import catalogue; catalogue.family({prefix!r}); "
        "heavy = [m for m in HEAVY if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "", f"{module} imports {out} at start-up"
