from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from sechooks.core import catalogue, output
from sechooks.dockerfile import main
from sechooks.core.finding import Finding, Severity
from tests.conftest import ROOT_DOCKERFILE, write


def _report() -> output.Report:
    rule = catalogue.get("DKR201")
    finding = Finding("DKR201", "Dockerfile", 2, 1, "the final stage runs as 'root'", extra={"stage": "final"})
    return output.Report(families=["DKR"], findings=[output.Reported(finding, rule, Severity.HIGH, "ab" * 16)], files=1)


def test_json_fields(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "Dockerfile", ROOT_DOCKERFILE)
    assert main(["--format", "json", "Dockerfile"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["version"] == 1
    assert data["summary"] == {"findings": 1, "suppressed": 0, "baselined": 0, "files": 1}
    (item,) = data["findings"]
    assert set(item) == {
        "rule", "name", "severity", "message", "path", "line", "column", "end_line",
        "end_column", "fix", "url", "fingerprint", "extra",
    }
    assert (item["rule"], item["name"], item["severity"], item["line"]) == ("DKR201", "final-user-root", "high", 2)
    assert len(item["fingerprint"]) == 32


def test_json_on_clean_input_is_still_a_document(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "Dockerfile", "FROM ubuntu:24.04\nUSER 1\nHEALTHCHECK NONE\n")
    assert main(["--format", "json", "Dockerfile"]) == 0
    assert json.loads(capsys.readouterr().out)["findings"] == []


def test_sarif_structure(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "Dockerfile", ROOT_DOCKERFILE)
    assert main(["--format", "sarif", "Dockerfile"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["version"] == "2.1.0" and doc["$schema"].endswith("sarif-2.1.0.json")
    (run,) = doc["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(catalogue.family("DKR").rules)
    assert all(r["help"]["text"] and r["shortDescription"]["text"] for r in rules)
    (result,) = run["results"]
    assert result["ruleId"] == "DKR201"
    assert rules[result["ruleIndex"]]["id"] == "DKR201"
    assert result["level"] == "error"
    region = result["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == 2 and region["startColumn"] == 1
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "Dockerfile"
    assert set(result["partialFingerprints"]) == {"sechooks/v1"}
    assert rules[result["ruleIndex"]]["properties"]["security-severity"] == "8.0"


@pytest.mark.parametrize(("severity", "level"), [
    (Severity.CRITICAL, "error"), (Severity.HIGH, "error"), (Severity.MEDIUM, "warning"), (Severity.LOW, "note"),
])
def test_sarif_levels(severity: Severity, level: str) -> None:
    report = _report()
    report.findings[0] = output.Reported(report.findings[0].finding, report.findings[0].rule, severity, "x")
    assert output.sarif_document(report)["runs"][0]["results"][0]["level"] == level


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("choice", "env", "tty", "expected"), [
    ("auto", {}, False, False),
    ("auto", {}, True, True),
    ("auto", {"NO_COLOR": "1"}, True, False),
    ("auto", {"FORCE_COLOR": "1"}, False, True),
    ("auto", {"PRE_COMMIT_COLOR": "always"}, False, True),
    ("auto", {"PRE_COMMIT_COLOR": "never"}, True, False),
    ("always", {"NO_COLOR": "1"}, False, True),
    ("never", {"FORCE_COLOR": "1"}, True, False),
])
def test_colour_switches(monkeypatch: pytest.MonkeyPatch, choice: str, env: dict[str, str], tty: bool, expected: bool) -> None:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    stream = _Tty() if tty else io.StringIO()
    assert output.use_colour(choice, stream) is expected
    output.write(_report(), "text", stream, choice)
    assert ("\033[" in stream.getvalue()) is expected


def test_color_flag_end_to_end(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "Dockerfile", ROOT_DOCKERFILE)
    main(["--color", "always", "Dockerfile"])
    assert "\033[1;31m[high]" in capsys.readouterr().out
    main(["Dockerfile"])
    assert "\033[" not in capsys.readouterr().out
