"""sechooks-python: bandit mapping, severity/confidence, nosec, configuration and bad input."""
from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Any, Iterator

import pytest

from sechooks.core import catalogue, cli
from sechooks import python as py
from sechooks.core.finding import Severity
from tests.conftest import write

SHELL = 'import subprocess\nsubprocess.Popen("ls " + name, shell=True)\n'


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = py.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def json_findings(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[dict[str, Any]]]:
    code, out, err = run(capsys, "--format", "json", *argv)
    assert err == ""
    return code, json.loads(out)["findings"]


def pairs(found: list[dict[str, Any]]) -> list[tuple[str, int]]:
    return sorted((f["rule"], f["line"]) for f in found)


def context(enabled: tuple[str, ...] = (), **options: Any) -> cli.Context:
    family = catalogue.family("PY")
    on = enabled or tuple(r.id for r in family.rules.values() if r.default)
    opts = {name: opt.default for name, opt in family.options.items()}
    opts.update(options)
    return cli.Context("PY", frozenset(on), opts)


# --- the mapping table ------------------------------------------------------------

def test_groups_match_catalogue_peers() -> None:
    rules = catalogue.family("PY").rules
    assert set(py.CHECKS) == set(rules) - {"PY500"}
    for rule, tests in py.CHECKS.items():
        assert set(tests) == set(rules[rule].peers), rule
    every = [t for tests in py.CHECKS.values() for t in tests]
    assert len(every) == len(set(every)), "a bandit test belongs to exactly one PY rule"


def test_every_installed_bandit_test_is_mapped() -> None:
    with py._quiet():
        from bandit.core import extension_loader

    manager = extension_loader.MANAGER
    installed = set(manager.plugins_by_id) | set(manager.blacklist_by_id)
    # bandit 1.9.4 has 75 tests and all are grouped; a new one would land in PY599 until mapped here.
    assert installed - set(py.TEST_RULE) == set()


@pytest.mark.parametrize(("test_id", "rule"), [
    ("B602", "PY501"), ("b602", "PY501"), ("B404", "PY502"), ("B307", "PY503"), ("B615", "PY504"),
    ("B608", "PY505"), ("B323", "PY506"), ("B413", "PY507"), ("B411", "PY508"), ("B107", "PY509"),
    ("B306", "PY510"), ("B104", "PY511"), ("B308", "PY512"), ("B412", "PY513"), ("B311", "PY514"),
    ("B202", "PY515"), ("B113", "PY516"), ("B613", "PY517"), ("B612", "PY518"),
    ("B999", "PY599"), ("B320", "PY599"), ("XYZ100", "PY599"), ("", "PY599"),
])
def test_rule_for(test_id: str, rule: str) -> None:
    assert py.rule_for(test_id) == rule


@pytest.mark.parametrize(("rule", "severity", "confidence", "expected"), [
    ("PY501", "LOW", "HIGH", None),  # group default (high) applies
    ("PY501", "HIGH", "MEDIUM", None),
    ("PY501", "MEDIUM", "LOW", Severity.MEDIUM),  # high, one level down
    ("PY509", "LOW", "LOW", Severity.LOW),  # low stays low
    ("PY506", "HIGH", "UNDEFINED", Severity.MEDIUM),
    ("PY599", "HIGH", "HIGH", Severity.HIGH),  # bandit's own
    ("PY599", "MEDIUM", "MEDIUM", Severity.MEDIUM),
    ("PY599", "LOW", "HIGH", Severity.LOW),
    ("PY599", "HIGH", "LOW", Severity.MEDIUM),
    ("PY599", "UNDEFINED", "HIGH", Severity.LOW),
])
def test_severity_for(rule: str, severity: str, confidence: str, expected: Severity | None) -> None:
    assert py.severity_for(rule, severity, confidence) == expected


def test_wanted_tests_follow_enabled_rules_and_skips() -> None:
    tests, other = py.wanted_tests(context().enabled, ())
    assert "B602" in tests and "B101" not in tests and "B603" not in tests and other
    tests, other = py.wanted_tests({"PY516", "PY501"}, ["b101", "B602"])
    assert tests == {"B110", "B112", "B113", "B601", "B604", "B605", "B609"} and not other


def test_unknown_test_id_maps_to_py599_with_bandit_severity() -> None:
    issue = py.Issue("B999", "HIGH", "HIGH", "Something odd happens here. More words.", line=2, col=5)
    [finding] = py.findings_for("a.py", "x = 1\ny = odd()\n", [issue], context())
    assert (finding.rule, finding.line, finding.col, finding.severity) == ("PY599", 2, 5, Severity.HIGH)
    assert finding.message == "Something odd happens here."
    assert finding.extra == {"upstream": "B999", "confidence": "high"}
    assert finding.evidence == "y = odd()"
    assert not list(py.findings_for("a.py", "x\n", [issue], context(enabled=("PY501",))))


def test_confidence_floor_and_low_confidence_downgrade() -> None:
    issues = [py.Issue("B604", "MEDIUM", "LOW", "Function call with shell=True parameter identified.", 1),
              py.Issue("B104", "MEDIUM", "MEDIUM", "Possible binding to all interfaces.", 1),
              py.Issue("B311", "LOW", "HIGH", "Standard pseudo-random generators are weak.", 1)]

    def kept(level: str) -> list[tuple[str, Severity | None]]:
        return [(f.extra["upstream"], f.severity) for f in py.findings_for("a.py", "x\n", issues, context(min_confidence=level))]

    assert kept("low") == [("B604", Severity.MEDIUM), ("B104", None), ("B311", None)]
    assert kept("medium") == [("B104", None), ("B311", None)]
    assert kept("high") == [("B311", None)]


# --- pure helpers -----------------------------------------------------------------

@pytest.mark.parametrize(("comment", "ids", "reason"), [
    ("# nosec", None, ""),
    ("#nosec", None, ""),
    ("# NOSEC", None, ""),
    ("# nosec B602", {"B602"}, ""),
    ("# nosec: B602,b607", {"B602", "B607"}, ""),
    ("# nosec B602 B607", {"B602", "B607"}, ""),
    ("# nosec B602 -- exec_used B605 random is fine", {"B602"}, "exec_used B605 random is fine"),
    ("# nosec -- B602 is a reason here", None, "B602 is a reason here"),
    ("# noqa: E501 # nosec B101", {"B101"}, ""),
    ("# nosec exec_used", {"B102"}, ""),
    ("# nosec because reasons", None, ""),
])
def test_parse_nosec(comment: str, ids: set[str] | None, reason: str) -> None:
    names = {"exec_used": "B102", "random": "B311"}
    pragma = py.parse_nosec(comment, names.get)
    assert pragma is not None
    assert pragma.ids == (frozenset(ids) if ids is not None else None)
    assert pragma.reason == reason


@pytest.mark.parametrize("comment", ["# nosecurity", "# no sec", "# sechooks: ignore[PY501]"])
def test_parse_nosec_other_comments(comment: str) -> None:
    assert py.parse_nosec(comment) is None


def test_nosec_lines_only_reads_comments() -> None:
    text = 'a = "# nosec"\nb = 1  # nosec B101\nc = """\n# nosec\n"""\n'
    assert py.nosec_lines(text) == {2: py.Nosec(frozenset({"B101"}))}
    assert py.nosec_lines("def f(:\n  x = 1  # nosec\n")[2] == py.Nosec(None)
    assert py.nosec_lines("x = 1\n") == {}


def test_nosec_covers_its_logical_line_only() -> None:
    text = (
        "call(\n"                     # 1
        "    a,  # nosec B602\n"      # 2
        "    b,  # nosec B604\n"      # 3
        ")\n"                         # 4
        "def f(password='x'):\n"      # 5
        "    # nosec\n"               # 6: a comment line of its own covers nothing else
        "    return 1  # nosec\n"     # 7
    )
    lines = py.nosec_lines(text)
    assert {n: lines[n].ids for n in (1, 2, 3, 4)} == {n: frozenset({"B602", "B604"}) for n in (1, 2, 3, 4)}
    assert 5 not in lines and lines[6].ids is None and lines[7].ids is None


@pytest.mark.parametrize(("text", "message"), [
    ("Possible hardcoded password: 'not-a-real-one'", "Possible hardcoded password."),
    ('Possible hardcoded password: "x"', "Possible hardcoded password."),
    ("Use of unsafe yaml load. Allows instantiation of arbitrary objects. Consider yaml.safe_load().",
     "Use of unsafe yaml load."),
    ("Call to requests without timeout", "Call to requests without timeout."),
    ("  spread\n over lines.  ", "spread over lines."),
    ("", "Bandit reported an issue."),
])
def test_message_of(text: str, message: str) -> None:
    assert py.message_of(text) == message


def test_source_bytes_round_trips_what_the_core_decoded() -> None:
    assert py.source_bytes("x = 'é'\n") == "x = 'é'\n".encode()
    latin = b"# -*- coding: latin-1 -*-\nx = '\xe9'\n"
    assert py.source_bytes(latin.decode("latin-1")) == latin
    cp1252 = b"# coding: cp1252\nx = '\x93quoted\x94 \x81'\n"  # \x81 has no cp1252 character
    assert py.source_bytes(cp1252.decode("latin-1")) == cp1252
    euro = "# coding: cp1252\nx = '€'\n"
    assert py.source_bytes(euro).decode("cp1252") == euro
    assert py.source_bytes("# coding: no-such-codec\nx = 'é'\n") == "# coding: no-such-codec\nx = 'é'\n".encode("latin-1")


@pytest.mark.parametrize(("data", "line", "col"), [
    (b"def f(:\n    pass\n", 1, 7),
    (b'import os\nprint "x"\n', 2, None),  # the column differs between Python versions
    (b"if x:\n    a = 1\n  b = 2\n", 3, None),
    (b"x = 1\ny = 2\0\n", 2, 1),
    (b"# coding: no-such-codec\nx = 1\n", None, None),
])
def test_syntax_error(data: bytes, line: int | None, col: int | None) -> None:
    problem = py.syntax_error("a.py", data)
    assert problem is not None
    assert problem[2].startswith("Python cannot parse this file")
    if line is not None:
        assert problem[0] == line
    if col is not None:
        assert problem[1] == col


def test_syntax_error_none_for_valid_source() -> None:
    assert py.syntax_error("a.py", b"") is None
    assert py.syntax_error("a.py", b"x = '\\d'\n") is None  # invalid escape: a warning, not an error


# --- the whole hook -----------------------------------------------------------------

def test_shell_injection_reported_with_upstream_id(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "app.py", SHELL)
    code, out, err = run(capsys, "app.py")
    assert code == 1 and err == ""
    assert out.startswith("app.py:2:1: PY501 [B602] [high] subprocess call with shell=True identified")
    assert "(shell-injection)" in out
    assert "fix: Pass an argument list with shell=False" in out


def test_json_carries_upstream_and_confidence(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "app.py", SHELL)
    code, found = json_findings(capsys, "app.py")
    [f] = found
    assert code == 1
    assert (f["rule"], f["severity"], f["extra"]) == ("PY501", "high", {"confidence": "high", "upstream": "B602"})


def test_clean_file_prints_nothing(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "ok.py", "def add(a, b):\n    return a + b\n")
    assert run(capsys, "ok.py") == (0, "", "")


def test_password_literal_never_in_the_message(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    secret = "pw-" + "Zq9" * 5
    write(repo / "cfg.py", f'password = "{secret}"\n')
    code, out, _ = run(capsys, "--enable", "PY509", "cfg.py")
    assert code == 1 and "PY509 [B105]" in out and secret not in out


# --- hard-coded credentials belong to sechooks-secrets (#13.9) ---------------------------------

PASSWORDS = (
    'password = "Vq7#mZ2pLw9x"\n'
    'def connect(user, password="Kq7#mZ2pLw9x"):\n'
    '    return login(user=user, password="Pq7#mZ2pLw9x")\n'
)


def test_hardcoded_password_rule_is_off_by_default(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert catalogue.get("PY509").default is False
    assert "sechooks-secrets" in catalogue.get("PY509").rationale
    write(repo / "cfg.py", PASSWORDS)
    assert json_findings(capsys, "cfg.py") == (0, [])
    _, found = json_findings(capsys, "--enable", "PY509", "cfg.py")
    assert pairs(found) == [("PY509", 1), ("PY509", 2), ("PY509", 3)]


@pytest.mark.parametrize(("text", "expected"), [
    ('password = "Vq7#mZ2pLw9x"  # pragma: allowlist secret\n', []),
    ('def connect(user, password="Kq7#mZ2pLw9x"):  # pragma: allowlist secret\n    return user\n', []),
    ('login(\n    user="u",\n    password="Pq7#mZ2pLw9x",  # pragma: allowlist secret\n)\n', []),
    ('# pragma: allowlist nextline secret\npassword = "Vq7#mZ2pLw9x"\n', []),
    ('# pragma: allowlist nextline secret\n# why: a fixture\n\npassword = "Vq7#mZ2pLw9x"\n', []),
    ('# pragma: allowlist nextline secret\nx = 1\npassword = "Vq7#mZ2pLw9x"\n', [("PY509", 3)]),
    ('password = "Vq7#mZ2pLw9x"\nother = 1  # pragma: allowlist secret\n', [("PY509", 1)]),
    ('password = "Vq7#mZ2pLw9x"  # pragma: allowlist secret\nimport subprocess  # pragma: allowlist secret\n', [("PY502", 2)]),
])
def test_allowlist_secret_pragma_silences_the_password_rule(
    repo: Path, capsys: pytest.CaptureFixture[str], text: str, expected: list[tuple[str, int]],
) -> None:
    write(repo / "cfg.py", text)
    _, found = json_findings(capsys, "--enable", "PY509,PY502", "cfg.py")
    assert pairs(found) == expected


@pytest.mark.parametrize(("line", "suppressed"), [
    ("  # nosec", True),
    ("  # nosec B602", True),
    ("  # nosec: B602", True),
    ("  # nosec B602 -- the name comes from a fixed list", True),
    ("  # nosec B605", False),
    ("  # nosec B605 -- B602 named only in the reason", False),
    ("  # nosec subprocess_popen_with_shell_equals_true", True),
    ("  # sechooks: ignore[PY501]", True),
    ("  # sechooks: ignore[PY503]", False),
    ('  # nosec B602 is the "reason"', True),
])
def test_suppression_forms(repo: Path, capsys: pytest.CaptureFixture[str], line: str, suppressed: bool) -> None:
    write(repo / "app.py", SHELL.rstrip("\n") + line + "\n")
    code, found = json_findings(capsys, "app.py")
    assert (pairs(found) == []) is suppressed
    assert code == (0 if suppressed else 1)


def test_nosec_on_any_line_of_a_multiline_call(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "app.py", 'import subprocess\nsubprocess.Popen(\n    "ls " + name,\n    shell=True,  # nosec B602\n)\n')
    assert json_findings(capsys, "app.py") == (0, [])


def test_nosec_in_a_function_body_does_not_cover_the_def_line(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "body.py", 'def connect(user, password="not-a-real-one"):\n    return user  # nosec\n')
    write(repo / "header.py", 'def connect(\n    user,\n    password="not-a-real-one",\n):  # nosec B107\n    return user\n')
    _, found = json_findings(capsys, "--enable", "PY509", "body.py", "header.py")
    assert [(f["path"], f["rule"], f["line"]) for f in found] == [("body.py", "PY509", 1)]


def test_nosec_in_a_string_does_not_suppress(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "app.py", 'import subprocess\nsubprocess.Popen("ls # nosec" + name, shell=True)\n')
    assert pairs(json_findings(capsys, "app.py")[1]) == [("PY501", 2)]


def test_strict_reports_bare_nosec(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "app.py", SHELL.rstrip("\n") + "  # nosec\n")
    write(repo / "named.py", SHELL.rstrip("\n") + "  # nosec B602\n")
    code, found = json_findings(capsys, "--strict", "app.py", "named.py")
    assert code == 1
    [f] = found
    assert (f["path"], f["rule"], f["line"]) == ("app.py", "PY501", 2)
    assert "bare '# nosec' is not accepted with --strict" in f["message"]
    assert "'# nosec B602'" in f["message"]


def test_require_reason_applies_to_nosec(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "bare.py", SHELL.rstrip("\n") + "  # nosec B602\n")
    write(repo / "why.py", SHELL.rstrip("\n") + "  # nosec B602 -- fixed command\n")
    code, found = json_findings(capsys, "--require-reason", "bare.py", "why.py")
    assert code == 1 and [f["path"] for f in found] == ["bare.py"]
    assert "needs a reason" in found[0]["message"]


def test_enable_and_disable_by_py_id(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "app.py", SHELL + "assert name\n")
    assert pairs(json_findings(capsys, "app.py")[1]) == [("PY501", 2)]
    assert pairs(json_findings(capsys, "--enable", "PY516", "app.py")[1]) == [("PY501", 2), ("PY516", 3)]
    assert pairs(json_findings(capsys, "--enable", "PY516", "--disable", "PY501", "app.py")[1]) == [("PY516", 3)]
    assert pairs(json_findings(capsys, "--enable", "PY502", "app.py")[1]) == [("PY501", 2), ("PY502", 1)]


def test_disable_by_bandit_id(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "app.py", SHELL + "import os\nos.system(name)\n")
    assert pairs(json_findings(capsys, "app.py")[1]) == [("PY501", 2), ("PY501", 4)]
    assert pairs(json_findings(capsys, "--skip-tests", "B602", "app.py")[1]) == [("PY501", 4)]
    write(repo / ".sechooks.toml", '[py]\nskip_tests = ["B605"]\n')
    assert pairs(json_findings(capsys, "app.py")[1]) == [("PY501", 2)]
    assert json_findings(capsys, "--skip-tests", "b602,B605", "app.py") == (0, [])


def test_bad_skip_tests_value_is_a_usage_error(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "app.py", SHELL)
    with pytest.raises(SystemExit) as exit_info:
        py.main(["--skip-tests", "PY501", "app.py"])
    err = capsys.readouterr().err
    assert exit_info.value.code == 2 and "'PY501' is not a bandit test id" in err and "Traceback" not in err
    write(repo / ".sechooks.toml", '[py]\nskip_tests = ["shell"]\n')
    code, _, err = run(capsys, "app.py")
    assert code == 2 and err.count("\n") == 1 and "skip_tests" in err


def test_per_file_ignores_default_allows_assert_in_tests(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("tests/helpers.py", "test_app.py", "pkg/app_test.py", "conftest.py", "app.py"):
        write(repo / name, "assert value\n")
    names = ["tests/helpers.py", "test_app.py", "pkg/app_test.py", "conftest.py", "app.py"]
    _, found = json_findings(capsys, "--enable", "PY516", *names)
    assert [(f["path"], f["rule"]) for f in found] == [("app.py", "PY516")]


def test_per_file_ignores_by_py_id_and_bandit_id(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "legacy/old.py", SHELL + "assert x\n")
    write(repo / "tools/run.py", SHELL + "assert x\n")
    write(repo / ".sechooks.toml", '[py]\nper_file_ignores = ["legacy/*.py:PY501", "tools/:B101,B602"]\n')
    _, found = json_findings(capsys, "--enable", "PY516", "legacy/old.py", "tools/run.py")
    assert [(f["path"], f["rule"]) for f in found] == [("legacy/old.py", "PY516")]


@pytest.mark.parametrize("entry", ["no-colon", ":B101", "tests/:", "tests/:DKR201", "tests/:shell"])
def test_bad_per_file_ignores_is_a_config_error(repo: Path, capsys: pytest.CaptureFixture[str], entry: str) -> None:
    write(repo / "app.py", SHELL)
    write(repo / ".sechooks.toml", f'[py]\nper_file_ignores = ["{entry}"]\n')
    code, out, err = run(capsys, "app.py")
    assert code == 2 and out == "" and "per_file_ignores" in err and err.count("\n") == 1


def test_min_confidence_option(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "app.py", 'spawn(cmd, shell=True)\nHOST = "0.0.0.0"\n')
    assert pairs(json_findings(capsys, "app.py")[1]) == [("PY511", 2)]
    write(repo / ".sechooks.toml", '[py]\nmin_confidence = "low"\n')
    _, found = json_findings(capsys, "app.py")
    assert [(f["rule"], f["line"], f["severity"]) for f in found] == [("PY501", 1, "medium"), ("PY511", 2, "medium")]
    write(repo / ".sechooks.toml", '[py]\nmin_confidence = "high"\n')
    assert json_findings(capsys, "app.py") == (0, [])
    write(repo / ".sechooks.toml", '[py]\nmin_confidence = "certain"\n')
    code, _, err = run(capsys, "app.py")
    assert code == 2 and "min_confidence" in err


def test_user_severity_override_wins(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "app.py", SHELL)
    _, found = json_findings(capsys, "--severity", "PY501=low", "app.py")
    assert found[0]["severity"] == "low"


# --- bad input: never a traceback ------------------------------------------------------

def test_syntax_error_is_py500_at_its_line(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "broken.py", "import os\n\ndef f(:\n    pass\n")
    write(repo / "fine.py", SHELL)
    code, out, err = run(capsys, "broken.py", "fine.py")
    assert code == 1 and err == ""
    assert "broken.py:3:7: PY500 [medium] Python cannot parse this file: invalid syntax (unparseable-file)" in out
    assert "fine.py:2:1: PY501 [B602]" in out


def test_python2_print_statement_is_py500(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "old.py", "import sys\nprint 'hello'\n")
    code, found = json_findings(capsys, "old.py")
    assert code == 1 and pairs(found) == [("PY500", 2)]
    assert "Missing parentheses" in found[0]["message"]


def test_py500_can_be_disabled(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "broken.py", "def f(:\n")
    assert json_findings(capsys, "--disable", "PY500", "broken.py") == (0, [])


def test_only_py500_enabled_checks_syntax_without_bandit(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "broken.py", "x = (\n")
    write(repo / "app.py", SHELL)
    others = ",".join(r for r in catalogue.family("PY").rules if r != "PY500")
    code, found = json_findings(capsys, "--disable", others, "broken.py", "app.py")
    assert code == 1 and pairs(found) == [("PY500", 1)]


def test_empty_and_whitespace_files(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "empty.py", "")
    write(repo / "blank.py", "\n\n   \n")
    write(repo / "__init__.py", "# just a comment\n")
    assert run(capsys, "empty.py", "blank.py", "__init__.py") == (0, "", "")


def test_latin1_and_crlf_sources(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "latin.py", b"# -*- coding: latin-1 -*-\nname = '\xe9t\xe9'\nimport os\nos.system(name)\n")
    write(repo / "crlf.py", SHELL.replace("\n", "\r\n").encode())
    code, found = json_findings(capsys, "latin.py", "crlf.py")
    assert code == 1 and [(f["path"], f["rule"], f["line"]) for f in found] == [
        ("crlf.py", "PY501", 2), ("latin.py", "PY501", 4)]


def test_nul_byte_after_the_binary_sniff_is_py500(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "nul.py", b"x = 1\n" * 2000 + b"y = '\0'\n")
    code, found = json_findings(capsys, "nul.py")
    assert code == 1 and pairs(found) == [("PY500", 2001)]


def test_deeply_nested_source_is_py500_not_a_crash(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import ast

    source = "x = " + "+".join(["1"] * 30000) + "\n"
    write(repo / "deep.py", source)
    write(repo / "app.py", SHELL)
    code, found = json_findings(capsys, "deep.py", "app.py")
    try:  # Python 3.11 refuses this nesting; 3.9 parses it, and no check's trigger is in it
        ast.parse(source)
        parses = True
    except (RecursionError, MemoryError, SyntaxError):
        parses = False
    assert code == 1 and pairs(found) == ([] if parses else [("PY500", 1)]) + [("PY501", 2)]


def test_huge_generated_file(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    body = "".join(f"value_{i} = {i}\n" for i in range(20000))
    write(repo / "generated.py", "import os\n" + body + "os.system(command)\n")
    code, found = json_findings(capsys, "generated.py")
    assert code == 1 and pairs(found) == [("PY501", 20002)]


def test_bandit_stays_silent_and_logging_is_restored(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = logging.getLogger("bandit")
    before = (log.level, log.propagate)
    write(repo / "noqualname.py", SHELL + "  # nosec no_such_test\n")
    write(repo / "warns.py", "import re\nPATTERN = '\\d+'\n")
    code, out, err = run(capsys, "noqualname.py", "warns.py")
    assert err == "" and code == 1 and "PY501" in out
    assert (log.level, log.propagate) == before


def test_batch_uses_the_text_not_the_disk(tmp_path: Path) -> None:
    ctx = context()
    texts = [(str(tmp_path / "never-written.py"), SHELL), ("also/missing.py", "def f(:\n")]
    found = sorted((f.rule, f.line) for f in py.check_batch(texts, ctx))
    assert found == [("PY500", 1), ("PY501", 2)]
    assert [(f.rule, f.line) for f in py.check_file("x.py", SHELL, ctx)] == [("PY501", 2)]


def test_bandit_in_memory_entry_point_exists() -> None:
    with py._quiet():
        from bandit.core import manager

    assert callable(getattr(manager.BanditManager, "_parse_file", None)), "bandit changed: revisit _scan_one"


FAKE_PLUGIN = """\
import bandit
from bandit.core import test_properties


@test_properties.checks("Call")
@test_properties.test_id("B999")
def frobnicate_used(context):
    if context.call_function_name == "frobnicate":
        return bandit.Issue(severity=bandit.HIGH, confidence=bandit.HIGH, text="Call to frobnicate. It is odd.")
"""


@pytest.fixture(params=["walk", "manager"])
def engine(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both ways bandit's checks run: hooks/bandit_walk.py, and bandit's manager (other versions)."""
    if request.param == "manager":
        from sechooks.engines import bandit_walk

        monkeypatch.setattr(bandit_walk, "SUPPORTED", ((0,), (0,)))
    return str(request.param)


@pytest.fixture
def fake_plugin(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A third-party bandit test (B999) that sechooks has no group for, installed as a distribution."""
    site = tmp_path_factory.mktemp("site")
    (site / "frobnicate_plugin.py").write_text(FAKE_PLUGIN)
    info = site / "frobnicate_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: frobnicate-plugin\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[bandit.plugins]\nfrobnicate_used = frobnicate_plugin:frobnicate_used\n")
    monkeypatch.syspath_prepend(str(site))
    with py._quiet():
        from bandit.core import extension_loader

        from stevedore import extension

    # bandit's manager scans entry points once per process (stevedore keeps them per class):
    # a fresh scan sees the plugin.
    monkeypatch.setattr(extension.ExtensionManager, "ENTRY_POINT_CACHE", {})
    monkeypatch.setattr(extension_loader, "MANAGER", extension_loader.Manager())
    assert "B999" in extension_loader.MANAGER.plugins_by_id
    yield
    sys.modules.pop("frobnicate_plugin", None)


@pytest.mark.usefixtures("fake_plugin")
def test_unmapped_bandit_test_reports_py599_end_to_end(engine: str, repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "app.py", "frobnicate(1)\nfrobnicate(2)  # nosec B999\nfrobnicate(3)  # nosec frobnicate_used\n")
    code, out, err = run(capsys, "app.py")
    assert code == 1, (out, err)
    assert out.startswith("app.py:1:1: PY599 [B999] [high] Call to frobnicate. (bandit-other)")
    assert "app.py:2" not in out and "app.py:3" not in out
    assert run(capsys, "--disable", "PY599", "app.py")[0] == 0
    assert run(capsys, "--skip-tests", "B999", "app.py")[0] == 0


def test_staged_blob_is_what_bandit_sees(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import subprocess

    write(repo / "app.py", SHELL)
    subprocess.run(["git", "add", "app.py"], check=True)
    write(repo / "app.py", "import subprocess\nsubprocess.run(['ls'])\n")  # fixed on disk, not staged
    assert pairs(json_findings(capsys, "--staged")[1]) == [("PY501", 2)]
    assert json_findings(capsys, "app.py") == (0, [])


def test_strict_from_the_config_file_reaches_nosec(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "app.py").write_text("import subprocess\nsubprocess.call('ls ' + x, shell=True)  # nosec\n")
    assert py.main(["app.py"]) == 0
    (tmp_path / ".sechooks.toml").write_text("strict = true\n")
    assert py.main(["app.py"]) == 1
    assert "PY501" in capsys.readouterr().out
