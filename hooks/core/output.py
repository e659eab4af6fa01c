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

PROJECT_URL = "https://github.com/sechooks/sechooks"
# The one place that knows where the rule docs live: JSON `url`, SARIF `helpUri`.
DOCS_URL = f"{PROJECT_URL}/blob/main/docs/rules.md"
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
# SARIF suppression kinds: a pragma in the file, or a store outside it (config ignore, baseline).
IN_SOURCE, EXTERNAL = "inSource", "external"


@record(frozen=True)
class Reported:
    finding: Finding
    rule: catalogue.Rule
    severity: Severity
    fingerprint: str


@record(frozen=True)
class Suppressed:
    """A finding the user silenced: SARIF lists it with `suppressions`, text and JSON count it.

    `kind` is IN_SOURCE (an inline or file pragma) or EXTERNAL (a config ignore or the
    baseline); `justification` is the pragma's reason or what silenced it, if known.
    """

    item: Reported
    kind: str
    justification: str = ""


@record(frozen=True)
class Problem:
    """Not a finding: a pragma that is malformed, rejected or unused."""

    path: str
    line: int
    message: str


@record
class Report:
    """What one run found. Finding paths are relative to `base` (default: the working
    directory); SARIF makes them relative to `root`, the repository root (default: the
    one around the working directory)."""

    families: list[str]
    findings: list[Reported] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    suppressed: int = 0
    baselined: int = 0
    files: int = 0
    suppressed_findings: list[Suppressed] = field(default_factory=list)
    root: str = ""
    base: str = ""
    # files not checked (binary, over the cap of a full-file parser, unreadable, ...): how
    # many, and (path, why, quiet) for each as stderr said it; quiet ones missed nothing
    skipped: int = 0
    skips: list[tuple[str, str, bool]] = field(default_factory=list)

    @property
    def unchecked(self) -> int:
        """Skipped files that may hide something (said on stderr even without -v)."""
        return sum(1 for _, _, quiet in self.skips if not quiet)

    def sort(self) -> None:
        self.findings.sort(key=lambda r: _order(r))
        self.suppressed_findings.sort(key=lambda s: _order(s.item))
        self.problems.sort(key=lambda p: (p.path, p.line, p.message))


def _order(item: Reported) -> tuple[str, int, int, str]:
    return (item.finding.path, item.finding.line, item.finding.col, item.rule.id)


def rule_url(rule: catalogue.Rule) -> str:
    """The rule's section in docs/rules.md (GitHub's anchor for `## ID name`)."""
    return f"{DOCS_URL}#{rule.id.lower()}-{rule.name}"


def printable(text: str) -> str:
    """One terminal line: control characters escaped (a file name cannot inject lines or
    escape sequences), undecodable file-name bytes shown as `\\xNN`."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else _escape(c) for c in text)


def unicode_text(text: str) -> str:
    """`text` fit for a strict UTF-8 or JSON reader: lone surrogates (the undecodable bytes
    of a file name, kept by Python as surrogate escapes) become `\\xNN`."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "".join(_escape(c) if "\ud800" <= c <= "\udfff" else c for c in text)
    return text


def _escape(c: str) -> str:
    if "\udc80" <= c <= "\udcff":  # os.fsdecode's escape for the byte 0x80..0xff
        return f"\\x{ord(c) - 0xDC00:02x}"
    return repr(c)[1:-1]


def use_colour(choice: str, stream: IO[str]) -> bool:
    """--color always/never wins; then NO_COLOR, FORCE_COLOR, PRE_COMMIT_COLOR; then a
    `TERM=dumb` terminal gets none; then isatty."""
    if choice in ("always", "never"):
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    pre_commit = os.environ.get("PRE_COMMIT_COLOR", "")
    if pre_commit in ("always", "never"):
        return pre_commit == "always"
    if os.environ.get("TERM") == "dumb":
        return False
    return hasattr(stream, "isatty") and stream.isatty()


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def write_text(report: Report, stream: IO[str], colour: bool, label: str) -> None:
    def paint(code: str, text: str) -> str:
        return f"{code}{text}{RESET}" if colour else text

    for item in report.findings:
        f = item.finding
        where = paint(BOLD, f"{printable(f.path)}:{f.line}:{f.col}:")
        sev = paint(_COLOURS[item.severity], f"[{item.severity}]")
        upstream = f" [{printable(str(f.extra['upstream']))}]" if "upstream" in f.extra else ""
        stream.write(f"{where} {paint(BOLD, item.rule.id)}{upstream} {sev} {printable(f.message)} ({item.rule.name})\n")
        stream.write(paint(DIM, f"    fix: {item.rule.fix}") + "\n")
    for problem in report.problems:
        where = paint(BOLD, f"{printable(problem.path)}:{problem.line}:1:")
        stream.write(f"{where} {paint(_COLOURS[Severity.HIGH], 'error:')} {printable(problem.message)}\n")
    if not report.findings and not report.problems and not report.unchecked:
        return
    counts = _severity_counts(report)
    parts = ", ".join(f"{counts[s]} {s}" for s in sorted(counts, reverse=True) if counts[s])
    line = f"{label}: {_plural(len(report.findings), 'finding')}"
    if parts:
        line += f" ({parts}) in {_plural(_files_with_findings(report), 'file')}"
    extras = []
    if report.problems:
        extras.append(_plural(len(report.problems), "suppression error"))
    if report.suppressed:
        extras.append(f"{report.suppressed} suppressed")
    if report.baselined:
        extras.append(f"{report.baselined} in baseline")
    if report.skipped or report.unchecked:
        extras.append(f"{_plural(max(report.skipped, len(report.skips)), 'file')} skipped")
    if extras:
        line += "; " + ", ".join(extras)
    stream.write(line + "\n")


def _severity_counts(report: Report) -> dict[Severity, int]:
    counts = {s: 0 for s in Severity}
    for item in report.findings:
        counts[item.severity] += 1
    return counts


def _files_with_findings(report: Report) -> int:
    return len({i.finding.path for i in report.findings})


def _extra(f: Finding) -> dict[str, Any]:
    return {k: unicode_text(v) if isinstance(v, str) else v for k, v in sorted(f.extra.items())}


def _finding_dict(item: Reported) -> dict[str, Any]:
    f = item.finding
    return {
        "rule": item.rule.id,
        "name": item.rule.name,
        "severity": str(item.severity),
        "message": unicode_text(f.message),
        "path": unicode_text(f.path),
        "line": f.line,
        "column": f.col,
        "end_line": f.end_line if f.end_line is not None else f.line,
        "end_column": f.end_col,
        "fix": item.rule.fix,
        "url": rule_url(item.rule),
        "fingerprint": item.fingerprint,
        "extra": _extra(f),
    }


def write_json(report: Report, stream: IO[str]) -> None:
    import json

    counts = _severity_counts(report)
    doc: dict[str, Any] = {
        "version": 1,
        "findings": [_finding_dict(i) for i in report.findings],
        "errors": [
            {"path": unicode_text(p.path), "line": p.line, "message": unicode_text(p.message)}
            for p in report.problems
        ],
        "summary": {
            "findings": len(report.findings),
            "by_severity": {str(s): counts[s] for s in sorted(Severity, reverse=True)},
            "files_scanned": report.files,
            "files_with_findings": _files_with_findings(report),
            "suppressed": report.suppressed,
            "baselined": report.baselined,
            "files": report.files,  # = files_scanned; kept for readers of the first version
        },
    }
    skipped = max(report.skipped, len(report.skips))
    if skipped:  # present when a file was not checked: said on stderr, counted here
        doc["summary"]["files_skipped"] = skipped
        doc["skipped"] = [
            {"path": unicode_text(path), "reason": unicode_text(why), "quiet": quiet}
            for path, why, quiet in report.skips
        ]
    json.dump(doc, stream, indent=2)
    stream.write("\n")


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
        "helpUri": rule_url(rule),
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


def _uri_bytes(text: str) -> bytes:
    try:
        return text.encode("utf-8", "surrogateescape")  # a non-UTF-8 name gets its own bytes back
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass")


def artifact_location(path: str, root: str, base: str) -> dict[str, str]:
    """SARIF `artifactLocation`: relative to the repository root under `%SRCROOT%` (what GitHub
    code scanning resolves against the checkout), an absolute `file:` URI for a file outside it;
    percent-encoded, so any name is a valid URI."""
    from urllib.parse import quote

    absolute = os.path.normpath(os.path.join(base, path))
    try:
        relative = os.path.relpath(absolute, root)
    except ValueError:  # another drive on Windows
        relative = os.pardir
    if relative == os.pardir or relative.startswith(os.pardir + os.sep) or os.path.isabs(relative):
        uri = quote(_uri_bytes(absolute.replace(os.sep, "/")), safe="/:")
        return {"uri": "file://" + ("" if uri.startswith("/") else "/") + uri}
    return {"uri": quote(_uri_bytes(relative.replace(os.sep, "/")), safe="/"), "uriBaseId": "%SRCROOT%"}


def _sarif_result(item: Reported, index: dict[str, int], where: dict[str, str]) -> dict[str, Any]:
    f = item.finding
    region: dict[str, int] = {"startLine": max(f.line, 1), "startColumn": max(f.col, 1)}
    if f.end_line is not None:
        region["endLine"] = max(f.end_line, region["startLine"])
    if f.end_col is not None:
        region["endColumn"] = max(f.end_col, 1)
    result: dict[str, Any] = {"ruleId": item.rule.id}
    if item.rule.id in index:
        result["ruleIndex"] = index[item.rule.id]
    result.update({
        "level": SARIF_LEVEL[item.severity],
        "message": {"text": unicode_text(f.message)},
        "locations": [{"physicalLocation": {"artifactLocation": where, "region": region}}],
        "partialFingerprints": {"sechooks/v1": item.fingerprint},
        "properties": {"severity": str(item.severity), **_extra(f)},
    })
    return result


def sarif_document(report: Report) -> dict[str, Any]:
    from sechooks.core import files
    from sechooks.core.version import VERSION

    base = report.base or os.getcwd()
    root = report.root or files.repo_root(base)
    rules = [r for prefix in report.families for r in catalogue.family(prefix).rules.values()]
    index = {r.id: i for i, r in enumerate(rules)}
    locations: dict[str, dict[str, str]] = {}

    def where(path: str) -> dict[str, str]:
        if path not in locations:
            locations[path] = artifact_location(path, root, base)
        return locations[path]

    entries: list[tuple[Reported, Suppressed | None]] = [(item, None) for item in report.findings]
    entries += [(s.item, s) for s in report.suppressed_findings]
    entries.sort(key=lambda e: _order(e[0]))
    results = []
    for item, suppressed in entries:
        result = _sarif_result(item, index, dict(where(item.finding.path)))
        if suppressed is not None:
            suppression = {"kind": suppressed.kind}
            if suppressed.justification:
                suppression["justification"] = unicode_text(suppressed.justification)
            result["suppressions"] = [suppression]
        results.append(result)
    notifications = [
        {
            "level": "error",
            "message": {"text": unicode_text(p.message)},
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": dict(where(p.path)),
                    "region": {"startLine": max(p.line, 1)},
                },
            }],
        }
        for p in report.problems
    ]
    notifications += [  # a file not checked is said, never a silent pass
        {
            "level": "note" if quiet else "warning",
            "message": {"text": unicode_text(why)},
            "locations": [{"physicalLocation": {"artifactLocation": dict(where(path))}}],
        }
        for path, why, quiet in report.skips
    ]
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "sechooks",
                "version": VERSION,
                "semanticVersion": VERSION,
                "informationUri": PROJECT_URL,
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
