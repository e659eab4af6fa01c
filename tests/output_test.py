from __future__ import annotations

import io
import re
import json
from pathlib import Path
from typing import Any, Callable

import pytest

from sechooks.core import catalogue, output
from sechooks.dockerfile import main
from sechooks.core.finding import Finding, Severity
from tests.conftest import ROOT_DOCKERFILE, write

ROOT = Path(__file__).resolve().parent.parent


def _report() -> output.Report:
    rule = catalogue.get("DKR201")
    finding = Finding("DKR201", "Dockerfile", 2, 1, "the final stage runs as 'root'", extra={"stage": "final"})
    return output.Report(families=["DKR"], findings=[output.Reported(finding, rule, Severity.HIGH, "ab" * 16)], files=1)


def test_json_fields(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "Dockerfile", ROOT_DOCKERFILE)
    assert main(["--format", "json", "Dockerfile"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["version"] == 1
    assert data["summary"] == {
        "findings": 1, "by_severity": {"critical": 0, "high": 1, "medium": 0, "low": 0},
        "files_scanned": 1, "files_with_findings": 1, "suppressed": 0, "baselined": 0, "files": 1,
    }
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


# --- colour: TERM=dumb (#13.17) ---------------------------------------------------------------

@pytest.mark.parametrize(("choice", "env", "expected"), [
    ("auto", {"TERM": "dumb"}, False),  # a tty that cannot render escapes
    ("auto", {"TERM": "xterm-256color"}, True),
    ("auto", {"TERM": "dumb", "FORCE_COLOR": "1"}, True),  # an explicit request beats the terminal's name
    ("auto", {"TERM": "dumb", "PRE_COMMIT_COLOR": "always"}, True),
    ("always", {"TERM": "dumb"}, True),
])
def test_term_dumb_disables_colour_on_a_tty(monkeypatch: pytest.MonkeyPatch, choice: str, env: dict[str, str], expected: bool) -> None:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    stream = _Tty()
    output.write(_report(), "text", stream, choice)
    assert ("\033[" in stream.getvalue()) is expected


# --- hostile file names (#21.6) ---------------------------------------------------------------

def _named(path: str, message: str = "the final stage runs as 'root'") -> output.Report:
    rule = catalogue.get("DKR201")
    finding = Finding("DKR201", path, 2, 1, message)
    return output.Report(families=["DKR"], findings=[output.Reported(finding, rule, Severity.HIGH, "ab" * 16)], files=1)


INJECTED = "evil\nfake.py:1:1: SEC103 [critical] planted line (x)\n.dockerfile"


def test_text_escapes_control_characters_in_paths() -> None:
    stream = io.StringIO()
    output.write(_named(INJECTED), "text", stream)
    lines = stream.getvalue().splitlines()
    assert lines[0].startswith("evil\\nfake.py:1:1: SEC103 [critical] planted line (x)\\n.dockerfile:2:1: DKR201")
    assert not any(line.startswith("fake.py") for line in lines)
    assert len(lines) == 3  # the finding, its fix, the count


@pytest.mark.parametrize("name", ["a\rb", "a\tb", "a\x1b[31mred", "a\u202eb", "a\x00b"])
def test_text_escapes_every_control_character(name: str) -> None:
    stream = io.StringIO()
    output.write(_named(name, message=f"quoted {name}"), "text", stream)
    text = stream.getvalue()
    assert name not in text and all(c.isprintable() for c in text.replace("\n", ""))


def test_text_escapes_messages_and_problems() -> None:
    report = _named("Dockerfile", message="line one\nDockerfile:9:1: DKR999 fake")
    report.problems.append(output.Problem("x\ny", 3, "bad pragma\ninjected"))
    stream = io.StringIO()
    output.write(report, "text", stream)
    assert "line one\\nDockerfile:9:1: DKR999 fake (final-user-root)" in stream.getvalue()
    assert "x\\ny:3:1: error: bad pragma\\ninjected" in stream.getvalue()
    assert len(stream.getvalue().splitlines()) == 4


UNDECODABLE = b"caf\xe9.dockerfile".decode("utf-8", "surrogateescape")


def test_undecodable_names_in_every_format() -> None:
    report = _named(UNDECODABLE)
    text = io.StringIO()
    output.write(report, "text", text)
    assert text.getvalue().startswith("caf\\xe9.dockerfile:2:1:")
    text.getvalue().encode("utf-8")  # strict: nothing left that a UTF-8 file cannot hold
    data = io.StringIO()
    output.write(report, "json", data)
    data.getvalue().encode("utf-8")
    assert "\\udc" not in data.getvalue()  # no lone surrogates: strict JSON parsers reject them
    assert json.loads(data.getvalue())["findings"][0]["path"] == "caf\\xe9.dockerfile"
    sarif = io.StringIO()
    output.write(report, "sarif", sarif)
    assert "\\udc" not in sarif.getvalue()
    location = json.loads(sarif.getvalue())["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "caf%E9.dockerfile"  # the exact bytes, percent-encoded


def test_newline_name_end_to_end(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    name = "evil\nDockerfile:1:1: DKR999 [low] planted (x)\nx.dockerfile"
    write(repo / name, ROOT_DOCKERFILE)
    assert main([name]) == 1
    out = capsys.readouterr().out
    assert not any(line.startswith("Dockerfile:1:1") for line in out.splitlines())
    assert "evil\\nDockerfile:1:1: DKR999 [low] planted (x)\\nx.dockerfile:2:1: DKR201" in out


def test_undecodable_name_to_an_output_file(repo: Path) -> None:
    name = b"caf\xe9.dockerfile"
    write(repo / name.decode("utf-8", "surrogateescape"), ROOT_DOCKERFILE)
    for fmt in ("text", "json", "sarif"):
        assert main(["--format", fmt, "-o", f"out.{fmt}", name.decode("utf-8", "surrogateescape")]) == 1
        written = (repo / f"out.{fmt}").read_text(encoding="utf-8")
        assert "caf" in written
        if fmt != "text":
            json.loads(written)


# --- JSON for machines (#13.13) ---------------------------------------------------------------

def _slug(heading: str) -> str:
    """GitHub's anchor for a Markdown heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_json_url_is_absolute_and_lands_on_the_rule() -> None:
    anchors = {_slug(line[3:]) for line in (ROOT / "docs" / "rules.md").read_text(encoding="utf-8").splitlines() if line.startswith("## ")}
    rules = list(catalogue.all_rules())
    assert rules
    for rule in rules:
        url = output.rule_url(rule)
        assert url.startswith(output.DOCS_URL + "#") and url.startswith("https://")
        assert url.split("#", 1)[1] in anchors, f"{rule.id}: no heading in docs/rules.md for {url}"
    data = io.StringIO()
    output.write(_report(), "json", data)
    assert json.loads(data.getvalue())["findings"][0]["url"] == output.DOCS_URL + "#dkr201-final-user-root"


def _several() -> output.Report:
    def reported(rule_id: str, path: str, line: int, severity: Severity) -> output.Reported:
        return output.Reported(Finding(rule_id, path, line, 1, "m"), catalogue.get(rule_id), severity, rule_id + path)

    return output.Report(families=["DKR"], files=5, suppressed=2, baselined=1, findings=[
        reported("DKR201", "a/Dockerfile", 2, Severity.HIGH),
        reported("DKR202", "a/Dockerfile", 1, Severity.MEDIUM),
        reported("DKR201", "b/Dockerfile", 2, Severity.CRITICAL),
    ])


def test_json_summary_counts_severities_and_files() -> None:
    data = io.StringIO()
    output.write(_several(), "json", data)
    summary = json.loads(data.getvalue())["summary"]
    assert summary["by_severity"] == {"critical": 1, "high": 1, "medium": 1, "low": 0}
    assert list(summary["by_severity"]) == ["critical", "high", "medium", "low"]
    assert (summary["files_scanned"], summary["files_with_findings"]) == (5, 2)
    assert (summary["findings"], summary["suppressed"], summary["baselined"]) == (3, 2, 1)


def test_json_numbers_stay_numbers() -> None:
    rule = catalogue.get("NET301")
    finding = Finding("NET301", "main.tf", 3, 5, "m", end_line=9, end_col=2, extra={"block_start": 3, "block_end": 9, "resource": "x"})  # type: ignore[dict-item]
    data = io.StringIO()
    output.write(output.Report(families=["NET"], findings=[output.Reported(finding, rule, Severity.HIGH, "f")]), "json", data)
    item = json.loads(data.getvalue())["findings"][0]
    assert [item[k] for k in ("line", "column", "end_line", "end_column")] == [3, 5, 9, 2]
    assert item["extra"] == {"block_end": 9, "block_start": 3, "resource": "x"}


# --- SARIF for GitHub code scanning (#13.13) -------------------------------------------------

# The SARIF 2.1.0 schema (oasis-tcs/sarif-spec Schemata/sarif-schema-2.1.0.json), transcribed for
# the objects sechooks writes: every property each object may have (additionalProperties is false
# throughout), which are required, and the types, enums, minimums and URI formats of those we use.
ANY = "any"
SARIF_OBJECTS: dict[str, dict[str, Any]] = {
    "log": {"required": ["version", "runs"], "props": {
        "$schema": "uri", "version": ("enum", "2.1.0"), "runs": ["run"], "inlineExternalProperties": ANY, "properties": "bag"}},
    "run": {"required": ["tool"], "props": {
        "tool": "tool", "invocations": ["invocation"], "results": ["result"], "properties": "bag",
        **dict.fromkeys(["conversion", "language", "versionControlProvenance", "originalUriBaseIds", "artifacts",
                         "logicalLocations", "graphs", "automationDetails", "runAggregates", "baselineGuid",
                         "redactionTokens", "defaultEncoding", "defaultSourceLanguage", "newlineSequences", "columnKind",
                         "externalPropertyFileReferences", "threadFlowLocations", "taxonomies", "addresses",
                         "translations", "policies", "webRequests", "webResponses", "specialLocations"], ANY)}},
    "tool": {"required": ["driver"], "props": {"driver": "toolComponent", "extensions": ANY, "properties": "bag"}},
    "toolComponent": {"required": ["name"], "props": {
        "name": "str", "version": "str", "semanticVersion": "str", "informationUri": "uri", "downloadUri": "uri",
        "rules": ["reportingDescriptor"], "properties": "bag",
        **dict.fromkeys(["guid", "organization", "product", "productSuite", "shortDescription", "fullDescription",
                         "fullName", "dottedQuadFileVersion", "releaseDateUtc", "globalMessageStrings", "notifications",
                         "taxa", "locations", "language", "contents", "isComprehensive", "localizedDataSemanticVersion",
                         "minimumRequiredLocalizedDataSemanticVersion", "associatedComponent", "translationMetadata",
                         "supportedTaxonomies"], ANY)}},
    "reportingDescriptor": {"required": ["id"], "props": {
        "id": "str", "name": "str", "shortDescription": "mms", "fullDescription": "mms", "help": "mms",
        "helpUri": "uri", "defaultConfiguration": "reportingConfiguration", "properties": "bag",
        **dict.fromkeys(["deprecatedIds", "guid", "deprecatedGuids", "deprecatedNames", "messageStrings", "relationships"], ANY)}},
    "mms": {"required": ["text"], "props": {"text": "str", "markdown": "str", "properties": "bag"}},
    "reportingConfiguration": {"required": [], "props": {
        "enabled": "bool", "level": ("enum", "none", "note", "warning", "error"), "rank": ANY, "parameters": "bag", "properties": "bag"}},
    "invocation": {"required": ["executionSuccessful"], "props": {
        "executionSuccessful": "bool", "toolExecutionNotifications": ["notification"], "properties": "bag",
        **dict.fromkeys(["commandLine", "arguments", "responseFiles", "startTimeUtc", "endTimeUtc", "exitCode",
                         "ruleConfigurationOverrides", "notificationConfigurationOverrides", "toolConfigurationNotifications",
                         "exitCodeDescription", "exitSignalName", "exitSignalNumber", "processStartFailureMessage",
                         "machine", "account", "processId", "executableLocation", "workingDirectory",
                         "environmentVariables", "stdin", "stdout", "stderr", "stdoutStderr"], ANY)}},
    "notification": {"required": ["message"], "props": {
        "message": "message", "level": ("enum", "none", "note", "warning", "error"), "locations": ["location"], "properties": "bag",
        **dict.fromkeys(["threadId", "timeUtc", "exception", "descriptor", "associatedRule"], ANY)}},
    "result": {"required": ["message"], "props": {
        "ruleId": "str", "ruleIndex": "int>=-1", "level": ("enum", "none", "note", "warning", "error"),
        "message": "message", "locations": ["location"], "partialFingerprints": "strmap", "fingerprints": "strmap",
        "suppressions": ["suppression"], "properties": "bag",
        "kind": ("enum", "notApplicable", "pass", "fail", "review", "open", "informational"),
        "baselineState": ("enum", "new", "unchanged", "updated", "absent"),
        **dict.fromkeys(["rule", "analysisTarget", "guid", "correlationGuid", "occurrenceCount", "stacks", "codeFlows",
                         "graphs", "graphTraversals", "relatedLocations", "rank", "attachments", "hostedViewerUri",
                         "workItemUris", "provenance", "fixes", "taxa", "webRequest", "webResponse"], ANY)}},
    "message": {"required": [], "any_of": ["text", "id"], "props": {
        "text": "str", "markdown": "str", "id": "str", "arguments": ANY, "properties": "bag"}},
    "location": {"required": [], "props": {
        "physicalLocation": "physicalLocation", "message": "message", "properties": "bag",
        **dict.fromkeys(["id", "logicalLocations", "annotations", "relationships"], ANY)}},
    "physicalLocation": {"required": [], "any_of": ["address", "artifactLocation"], "props": {
        "artifactLocation": "artifactLocation", "region": "region", "contextRegion": "region", "address": ANY, "properties": "bag"}},
    "artifactLocation": {"required": [], "props": {
        "uri": "uri-reference", "uriBaseId": "str", "index": "int>=-1", "description": "message", "properties": "bag"}},
    "region": {"required": [], "any_of": ["startLine", "charOffset", "byteOffset"], "props": {
        "startLine": "int>=1", "startColumn": "int>=1", "endLine": "int>=1", "endColumn": "int>=1", "properties": "bag",
        **dict.fromkeys(["charOffset", "charLength", "byteOffset", "byteLength", "snippet", "message", "sourceLanguage"], ANY)}},
    "suppression": {"required": ["kind"], "props": {
        "kind": ("enum", "inSource", "external"), "status": ("enum", "accepted", "underReview", "rejected"),
        "justification": "str", "guid": ANY, "location": "location", "properties": "bag"}},
}
_URI = re.compile(r"(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*")
_ABSOLUTE_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:" + _URI.pattern)


def sarif_errors(value: Any, kind: Any = "log", where: str = "$") -> list[str]:
    """Everything in `value` that the SARIF 2.1.0 schema rejects, as `path: problem` lines."""
    if kind == ANY:
        return []
    if isinstance(kind, list):
        if not isinstance(value, list):
            return [f"{where}: expected an array"]
        return [e for i, v in enumerate(value) for e in sarif_errors(v, kind[0], f"{where}[{i}]")]
    if isinstance(kind, tuple):
        return [] if value in kind[1:] else [f"{where}: {value!r} is not one of {kind[1:]}"]
    checks = {
        "str": lambda v: isinstance(v, str),
        "bool": lambda v: isinstance(v, bool),
        "int>=1": lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 1,
        "int>=-1": lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= -1,
        "uri": lambda v: isinstance(v, str) and _ABSOLUTE_URI.fullmatch(v) is not None,
        "uri-reference": lambda v: isinstance(v, str) and _URI.fullmatch(v) is not None,
        "strmap": lambda v: isinstance(v, dict) and all(isinstance(x, str) for x in v.values()),
        "bag": lambda v: isinstance(v, dict) and (
            "tags" not in v or (isinstance(v["tags"], list) and len(set(v["tags"])) == len(v["tags"]))),
    }
    if kind in checks:
        return [] if checks[kind](value) else [f"{where}: {value!r} is not a valid {kind}"]
    spec = SARIF_OBJECTS[kind]
    if not isinstance(value, dict):
        return [f"{where}: expected a {kind} object"]
    errors = [f"{where}: {kind} has no property {k!r}" for k in value if k not in spec["props"]]
    errors += [f"{where}: {kind} requires {k!r}" for k in spec["required"] if k not in value]
    if "any_of" in spec and not any(k in value for k in spec["any_of"]):
        errors.append(f"{where}: {kind} requires one of {spec['any_of']}")
    for key, item in value.items():
        if key in spec["props"]:
            errors += sarif_errors(item, spec["props"][key], f"{where}.{key}")
    return errors


def test_the_schema_check_catches_what_the_schema_rejects() -> None:
    assert sarif_errors(output.sarif_document(_report())) == []

    def first(d: dict[str, Any]) -> dict[str, Any]:
        result: dict[str, Any] = d["runs"][0]["results"][0]
        return result

    def where(d: dict[str, Any]) -> dict[str, Any]:
        physical: dict[str, Any] = first(d)["locations"][0]["physicalLocation"]
        return physical

    broken: list[tuple[str, Callable[[dict[str, Any]], object]]] = [
        ("version", lambda d: d.update(version="2.1")),
        ("no property 'extra'", lambda d: first(d).update(extra=1)),
        ("requires 'message'", lambda d: first(d).pop("message")),
        ("int>=1", lambda d: where(d)["region"].update(startLine=0)),
        ("'hidden' is not one of", lambda d: first(d).update(suppressions=[{"kind": "hidden"}])),
        ("uri-reference", lambda d: where(d)["artifactLocation"].update(uri="a b")),
        ("not a valid uri", lambda d: d["runs"][0]["tool"]["driver"].update(informationUri="docs/rules.md")),
    ]
    for expected, damage in broken:
        doc = output.sarif_document(_report())
        damage(doc)
        assert any(expected in e for e in sarif_errors(doc)), expected


def _sarif(report: output.Report) -> dict[str, Any]:
    stream = io.StringIO()
    output.write(report, "sarif", stream)
    doc: dict[str, Any] = json.loads(stream.getvalue())
    assert sarif_errors(doc) == []
    return doc


def test_sarif_document_is_valid_2_1_0_with_everything_in_it(tmp_path: Path) -> None:
    report = _several()
    report.root = report.base = str(tmp_path)
    report.problems.append(output.Problem("a/Dockerfile", 0, "bad pragma"))
    first = report.findings[0]
    report.suppressed_findings += [
        output.Suppressed(first, output.IN_SOURCE, "tested image"),
        output.Suppressed(report.findings[1], output.EXTERNAL),
    ]
    report.findings.append(output.Reported(Finding("DKR201", "c d#?%.dockerfile", 1, 1, "m\nx"), first.rule, Severity.LOW, "x"))
    doc = _sarif(report)
    driver = doc["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == output.PROJECT_URL
    assert all(r["helpUri"] == output.rule_url(catalogue.get(r["id"])) for r in driver["rules"])
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in doc["runs"][0]["results"]]
    assert "c%20d%23%3F%25.dockerfile" in uris


def test_sarif_emits_suppressed_findings_with_their_kind() -> None:
    report = _several()
    kept, pragma, ignored = report.findings
    report.findings = [kept]
    report.suppressed_findings = [
        output.Suppressed(pragma, output.IN_SOURCE, "base image is distroless"),
        output.Suppressed(ignored, output.EXTERNAL),
    ]
    results = _sarif(report)["runs"][0]["results"]
    assert len(results) == 3
    by_line = {(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["ruleId"]): r for r in results}
    assert "suppressions" not in by_line[("a/Dockerfile", "DKR201")]
    assert by_line[("a/Dockerfile", "DKR202")]["suppressions"] == [{"kind": "inSource", "justification": "base image is distroless"}]
    assert by_line[("b/Dockerfile", "DKR201")]["suppressions"] == [{"kind": "external"}]
    assert by_line[("b/Dockerfile", "DKR201")]["partialFingerprints"] == {"sechooks/v1": "DKR201b/Dockerfile"}
    # text and JSON still count them, and list only what is live
    data = io.StringIO()
    output.write(report, "json", data)
    assert [f["rule"] for f in json.loads(data.getvalue())["findings"]] == ["DKR201"]


def test_sarif_uris_are_relative_to_the_repository_root(repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "services" / "api" / "Dockerfile", ROOT_DOCKERFILE)
    monkeypatch.chdir(repo / "services")
    assert main(["--format", "sarif", "api/Dockerfile"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert sarif_errors(doc) == []
    location = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "services/api/Dockerfile", "uriBaseId": "%SRCROOT%"}


def test_sarif_report_root_and_base(tmp_path: Path) -> None:
    root = tmp_path / "checkout"
    report = _named("api/Dockerfile")
    report.root, report.base = str(root), str(root / "services")
    location = _sarif(report)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "services/api/Dockerfile", "uriBaseId": "%SRCROOT%"}
    report = _named("services/api/Dockerfile")  # --staged: paths are already relative to the root
    report.root = report.base = str(root)
    assert _sarif(report)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "services/api/Dockerfile"


def test_sarif_file_outside_the_root_gets_an_absolute_uri(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere" / "my Dockerfile"
    report = _named(str(outside))
    report.root = report.base = str(tmp_path / "checkout")
    location = _sarif(report)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "file://" + str(outside).replace(" ", "%20")}


# --- docs/output.md shows the real output ----------------------------------------------------

def _blocks(language: str) -> list[str]:
    text = (ROOT / "docs" / "output.md").read_text(encoding="utf-8")
    return re.findall(rf"^```{language}\n(.*?)^```$", text, re.MULTILINE | re.DOTALL)


def test_docs_text_example_is_real(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "Dockerfile", ROOT_DOCKERFILE)
    assert main(["Dockerfile"]) == 1
    assert capsys.readouterr().out == _blocks("")[0]


def test_docs_json_example_has_the_real_keys(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "Dockerfile", ROOT_DOCKERFILE)
    assert main(["--format", "json", "Dockerfile"]) == 1
    real = json.loads(capsys.readouterr().out)
    documented = json.loads(_blocks("json")[0])
    assert set(documented) == set(real)
    assert set(documented["findings"][0]) == set(real["findings"][0])
    assert documented["summary"] == real["summary"]
    assert {k: v for k, v in documented["findings"][0].items() if k not in ("fix", "fingerprint")} == {
        k: v for k, v in real["findings"][0].items() if k not in ("fix", "fingerprint")
    }


def test_real_sarif_with_every_kind_of_suppression_is_valid(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from sechooks import scan

    write(repo / "old" / "Dockerfile", ROOT_DOCKERFILE)
    assert scan.baseline(["-o", ".sechooks-baseline.json", "old/Dockerfile"]) == 0
    write(repo / "Dockerfile", "FROM ubuntu:24.04\n# sechooks: ignore[DKR201] -- tested image\nUSER root\nHEALTHCHECK NONE\n# sechooks: ignore[DKR999]\n")
    write(repo / "legacy" / "Dockerfile", ROOT_DOCKERFILE)
    write(repo / ".sechooks.toml", '[[ignore]]\npath = "legacy/*"\nrules = ["DKR201"]\n')
    capsys.readouterr()
    main(["--format", "sarif", "Dockerfile", "legacy/Dockerfile", "old/Dockerfile"])
    doc = json.loads(capsys.readouterr().out)
    assert sarif_errors(doc) == []
    run = doc["runs"][0]
    suppressed = {
        (r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["suppressions"][0]["kind"])
        for r in run["results"] if "suppressions" in r
    }
    assert suppressed == {("Dockerfile", "inSource"), ("legacy/Dockerfile", "external"), ("old/Dockerfile", "external")}
    assert run["invocations"][0]["toolExecutionNotifications"], "the unknown id in the pragma is reported"
