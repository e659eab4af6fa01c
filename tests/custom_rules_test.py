"""[[tool.sechooks.sec.rules]]: a team's own secret rules, validated at load (SEC147)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from sechooks.engines.custom_rules import regex_problem, rules_problem
from sechooks.secrets import main
from tests.conftest import write

TOKEN = "acme_9f2k4m7q1z8x3c6v5b0n2l4j6h8g1f3d"
RULE = '[[tool.sechooks.sec.rules]]\nid = "acme"\nregex = \'acme_(?P<secret>[a-z0-9]{32})\'\n'


@pytest.mark.parametrize(("pattern", "problem"), [
    ("acme_(?P<secret>[a-z0-9]{32})", None),
    ("tok_[A-Za-z0-9]{20,40}", None),
    ("(?:ab|cd)+x", None),
    ("(a+)+b", "nests a repeated pattern"),
    ("(?:[a-z]+-)*z", "nests a repeated pattern"),
    (r"(\w+)=\1", "backreference"),
    (r"(a)?(?(1)b|c)", "conditional"),
    ("x*", "matches the empty string"),
    ("[", "does not compile"),
    ("a" * 1001, "over 1000 characters"),
])
def test_regex_checks(pattern: str, problem: str | None) -> None:
    found = regex_problem(pattern)
    assert (found is None) if problem is None else (found is not None and problem in found)


@pytest.mark.parametrize(("rules", "problem"), [
    ([{"id": "a", "regex": "x[0-9]{4}"}], None),
    ("nope", "expected a list"),
    ([{"regex": "x"}], "id must be"),
    ([{"id": "a", "regex": "x"}, {"id": "a", "regex": "y"}], "used twice"),
    ([{"id": "a", "regex": "x", "colour": "red"}], "unknown key 'colour'"),
    ([{"id": "a", "regex": "x", "severity": "urgent"}], "severity must be"),
    ([{"id": "a", "regex": "x", "entropy": 9}], "entropy must be"),
    ([{"id": "a", "regex": "x", "keywords": "acme"}], "keywords must be"),
    ([{"id": "a", "regex": ""}], "non-empty"),
])
def test_table_checks(rules: object, problem: str | None) -> None:
    found = rules_problem(rules)
    assert (found is None) if problem is None else (found is not None and problem in found)


def test_a_rule_finds_masks_and_takes_its_severity(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "pyproject.toml", RULE.replace("'\n", "'\nseverity = \"critical\"\ndescription = \"ACME deploy token\"\n", 1))
    write(repo / "app.py", f'DEPLOY = "{TOKEN}"\n')
    for fmt in ("json", "sarif", "text"):
        assert main(["app.py", "--format", fmt]) == 1
        out = capsys.readouterr().out
        assert TOKEN[5:] not in out
        if fmt == "json":
            [found] = json.loads(out)["findings"]
            assert (found["rule"], found["severity"], found["line"], found["column"]) == ("SEC147", "critical", 1, 16)
            assert "ACME deploy token (rule acme)" in found["message"]


def test_keywords_and_entropy_gate_the_rule(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "pyproject.toml", RULE + 'keywords = ["acme-corp"]\n')
    write(repo / "app.py", f'DEPLOY = "{TOKEN}"\n')
    assert main(["app.py"]) == 0  # the keyword is not in the file: the rule does not run
    write(repo / "pyproject.toml", RULE + "entropy = 3.0\n")
    write(repo / "app.py", 'DEPLOY = "acme_' + "0" * 32 + '"\n')
    assert main(["app.py"]) == 0


def test_pragmas_and_disable_apply(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "pyproject.toml", RULE)
    write(repo / "app.py", f'DEPLOY = "{TOKEN}"  # sechooks: ignore[SEC147] -- fixture\n')
    assert main(["app.py"]) == 0
    write(repo / "app.py", f'DEPLOY = "{TOKEN}"\n')
    assert main(["app.py", "--disable", "SEC147"]) == 0


def test_a_slow_rule_is_a_configuration_error_that_quotes_no_pattern(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "pyproject.toml", '[[tool.sechooks.sec.rules]]\nid = "slow"\nregex = "(ghp_[A-Za-z0-9]+)+x"\n')
    write(repo / "app.py", "x = 1\n")
    assert main(["app.py"]) == 2
    err = capsys.readouterr().err
    assert "rule 'slow'" in err and "not linear-time" in err and "ghp_" not in err and "Traceback" not in err
