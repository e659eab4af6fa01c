"""Text, JSON and SARIF 2.1.0 writers (plain dicts, stdlib json)."""
from __future__ import annotations

import os
import sys
from sechooks.core.record import field, record
TYPE_CHECKING = False  # typing costs ~5 ms to import; annotations are strings
if TYPE_CHECKING:
    from typing import IO, Any

from sechooks.core import catalogue
from sechooks.core.finding import Finding, Severity

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_LEVEL = {
    Severity.CRITICAL: "error", Severity.HIGH: "error",
    Severity.MEDIUM: "warning", Severity.LOW: "note",
}
# GitHub code scanning reads this property to rank security results.
SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5", Severity.HIGH: "8.0", Severity.MEDIUM: "5.5", Severity.LOW: "2.0",
}
_COLOURS = {
    Severity.CRITICAL: "\033[1;35m", Severity.HIGH: "\033[1;31m",
    Severity.MEDIUM: "\033[33m", Severity.LOW: "\033[36m",
}
BOLD, DIM, RESET = "\033[1m", "\033[2m", "\033[0m"


@record(frozen=True)
class Reported:
    finding: Finding
    rule: catalogue.Rule
    severity: Severity
    fingerprint: str


@record(frozen=True)
class Problem:
    """Not a finding: a pragma that is malformed, rejected or unused."""

    path: str
    line: int
    message: str


@record
class Report:
    families: list[str]
    findings: list[Reported] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    suppressed: int = 0
    baselined: int = 0
    files: int = 0

    def sort(self) -> None:
        self.findings.sort(key=lambda r: (r.finding.path, r.finding.line, r.finding.col, r.rule.id))
        self.problems.sort(key=lambda p: (p.path, p.line, p.message))


def use_colour(choice: str, stream: IO[str]) -> bool:
    """--color always/never wins; then NO_COLOR, FORCE_COLOR, PRE_COMMIT_COLOR; then isatty."""
    if choice in ("always", "never"):
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    pre_commit = os.environ.get("PRE_COMMIT_COLOR", "")
    if pre_commit in ("always", "never"):
        return pre_commit == "always"
    return hasattr(stream, "isatty") and stream.isatty()


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def write_text(report: Report, stream: IO[str], colour: bool, label: str) -> None:
    def paint(code: str, text: str) -> str:
        return f"{code}{text}{RESET}" if colour else text

    for item in report.findings:
        f = item.finding
        where = paint(BOLD, f"{f.path}:{f.line}:{f.col}:")
        sev = paint(_COLOURS[item.severity], f"[{item.severity}]")
        upstream = f" [{f.extra['upstream']}]" if "upstream" in f.extra else ""
        stream.write(f"{where} {paint(BOLD, item.rule.id)}{upstream} {sev} {f.message} ({item.rule.name})\n")
        stream.write(paint(DIM, f"    fix: {item.rule.fix}") + "\n")
    for problem in report.problems:
        where = paint(BOLD, f"{problem.path}:{problem.line}:1:")
        stream.write(f"{where} {paint(_COLOURS[Severity.HIGH], 'error:')} {problem.message}\n")
    if not report.findings and not report.problems:
        return
    counts: dict[Severity, int] = {}
    for item in report.findings:
        counts[item.severity] = counts.get(item.severity, 0) + 1
    parts = ", ".join(f"{counts[s]} {s}" for s in sorted(counts, reverse=True))
    files = len({i.finding.path for i in report.findings})
    line = f"{label}: {_plural(len(report.findings), 'finding')}"
    if parts:
        line += f" ({parts}) in {_plural(files, 'file')}"
    extras = []
    if report.problems:
        extras.append(_plural(len(report.problems), "suppression error"))
    if report.suppressed:
        extras.append(f"{report.suppressed} suppressed")
    if report.baselined:
        extras.append(f"{report.baselined} in baseline")
    if extras:
        line += "; " + ", ".join(extras)
    stream.write(line + "\n")


def _finding_dict(item: Reported) -> dict[str, Any]:
    f = item.finding
    return {
        "rule": item.rule.id,
        "name": item.rule.name,
        "severity": str(item.severity),
        "message": f.message,
        "path": f.path,
        "line": f.line,
        "column": f.col,
        "end_line": f.end_line if f.end_line is not None else f.line,
        "end_column": f.end_col,
        "fix": item.rule.fix,
        "url": item.rule.url,
        "fingerprint": item.fingerprint,
        "extra": dict(sorted(f.extra.items())),
    }


def write_json(report: Report, stream: IO[str]) -> None:
    import json

    doc = {
        "version": 1,
        "findings": [_finding_dict(i) for i in report.findings],
        "errors": [{"path": p.path, "line": p.line, "message": p.message} for p in report.problems],
        "summary": {
            "findings": len(report.findings),
            "suppressed": report.suppressed,
            "baselined": report.baselined,
            "files": report.files,
        },
    }
    json.dump(doc, stream, indent=2)
    stream.write("\n")


def _version() -> str:
    from importlib import metadata

    try:
        return metadata.version("sechooks")
    except metadata.PackageNotFoundError:
        return "0+unknown"


def sarif_rule(rule: catalogue.Rule) -> dict[str, Any]:
    markdown = [rule.rationale, "", f"**Fix:** {rule.fix}"]
    if rule.bad:
        markdown += ["", "Example:", "```", rule.bad, "```"]
    if rule.good:
        markdown += ["", "Use instead:", "```", rule.good, "```"]
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.rationale},
        "help": {"text": rule.fix, "markdown": "\n".join(markdown)},
        "defaultConfiguration": {
            "level": SARIF_LEVEL[rule.severity],
            "enabled": rule.default and not rule.removed,
        },
        "properties": {
            "tags": ["security"],
            "security-severity": SECURITY_SEVERITY[rule.severity],
            "severity": str(rule.severity),
        },
    }


def sarif_document(report: Report) -> dict[str, Any]:
    rules = [r for prefix in report.families for r in catalogue.family(prefix).rules.values()]
    index = {r.id: i for i, r in enumerate(rules)}
    results = []
    for item in report.findings:
        f = item.finding
        region: dict[str, int] = {"startLine": f.line, "startColumn": f.col}
        if f.end_line is not None:
            region["endLine"] = f.end_line
        if f.end_col is not None:
            region["endColumn"] = f.end_col
        result: dict[str, Any] = {
            "ruleId": item.rule.id,
            "ruleIndex": index[item.rule.id],
            "level": SARIF_LEVEL[item.severity],
            "message": {"text": f.message},
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": {"uri": f.path, "uriBaseId": "%SRCROOT%"},
                    "region": region,
                },
            }],
            "partialFingerprints": {"sechooks/v1": item.fingerprint},
            "properties": {"severity": str(item.severity), **dict(sorted(f.extra.items()))},
        }
        results.append(result)
    notifications = [
        {
            "level": "error",
            "message": {"text": p.message},
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": {"uri": p.path, "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": p.line},
                },
            }],
        }
        for p in report.problems
    ]
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "sechooks",
                "version": _version(),
                "rules": [sarif_rule(r) for r in rules],
            }},
            "invocations": [{
                "executionSuccessful": True,
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
        }],
    }


def write_sarif(report: Report, stream: IO[str]) -> None:
    import json

    json.dump(sarif_document(report), stream, indent=2)
    stream.write("\n")


def write(report: Report, fmt: str, stream: IO[str] | None = None, colour: str = "auto", label: str = "sechooks") -> None:
    stream = stream or sys.stdout
    report.sort()
    if fmt == "json":
        write_json(report, stream)
    elif fmt == "sarif":
        write_sarif(report, stream)
    else:
        write_text(report, stream, use_colour(colour, stream), label)

