"""sechooks-actions (issue #18): the semantics the fixtures cannot show on their own."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from sechooks import actions as a
from sechooks.core import catalogue, cli
from sechooks.core.finding import Severity
from tests.conftest import write

SHA = "8e5e7e5ab8b370d6c329ec480221332ada57f0ab"

NEW_USER_BAD = """\
name: PR checks
on:
  pull_request_target:
    types: [opened, synchronize]
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - uses: some/action@master
      - name: Greet
        run: |
          echo "Checking PR"
          echo "Title: ${{ github.event.pull_request.title }}"
"""

NEW_USER_GOOD = f"""\
name: PR checks
on:
  pull_request:
    types: [opened, synchronize]
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: some/action@{SHA} # v1.2.0
      - name: Greet
        env:
          TITLE: ${{{{ github.event.pull_request.title }}}}
        run: |
          echo "Checking PR"
          echo "Title: $TITLE"
"""


def _ctx(options: dict[str, object] | None = None, every_rule: bool = False) -> cli.Context:
    rules = catalogue.family("GHA").rules.values()
    return cli.Context(family="GHA", enabled=frozenset(r.id for r in rules if every_rule or r.default), options=options or {})


def _found(text: str, path: str = ".github/workflows/ci.yml", **kwargs: object) -> list[tuple[str, int]]:
    return sorted((f.rule, f.line) for f in a.check_file(path, text, _ctx(**kwargs)))  # type: ignore[arg-type]


# --- tried as a new user would --------------------------------------------------------------

def test_new_user_workflow_is_blocked_with_one_line_per_problem(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / ".github/workflows/pr.yml", NEW_USER_BAD)
    assert a.main([".github/workflows/pr.yml"]) == 1
    out = capsys.readouterr().out
    findings = [line for line in out.splitlines() if ": GHA" in line]
    assert [line.split()[1] for line in findings] == ["GHA703", "GHA701", "GHA707"]
    assert findings[0].startswith(".github/workflows/pr.yml:11:")  # the `ref:` of the checkout
    assert findings[1].startswith(".github/workflows/pr.yml:12:")  # the `uses:` line
    assert findings[2].startswith(".github/workflows/pr.yml:16:")  # the expression, not `run: |`
    assert "pull_request_target (line 3)" in findings[0]
    assert "some/action@master" in findings[1] and "commit sha" in findings[1]
    assert "github.event.pull_request.title" in findings[2] and "env:" in findings[2]
    assert out.count("fix: ") == 3


def test_new_user_fixed_workflow_passes(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / ".github/workflows/pr.yml", NEW_USER_GOOD)
    assert a.main([".github/workflows/pr.yml"]) == 0
    assert capsys.readouterr().out == ""


def test_json_output_carries_peer_free_fields_and_severity(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / ".github/workflows/pr.yml", NEW_USER_BAD)
    assert a.main(["--format", "json", ".github/workflows/pr.yml"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert {(f["rule"], f["line"], f["severity"]) for f in report["findings"]} == {
        ("GHA703", 11, "critical"), ("GHA701", 12, "critical"), ("GHA707", 16, "critical"),
    }


# --- which files -----------------------------------------------------------------------------

@pytest.mark.parametrize(("path", "expected"), [
    (".github/workflows/ci.yml", True),
    (".github/workflows/release.yaml", True),
    ("sub/project/.github/workflows/ci.yml", True),
    ("action.yml", True),
    ("tools/setup/action.yaml", True),
    (".github/workflows/nested/ci.yml", False),
    (".github/dependabot.yml", False),
    ("my-action.yml", False),
    ("workflows/ci.yml", False),
])
def test_matches(path: str, expected: bool) -> None:
    assert a.matches(path) is expected


@pytest.mark.parametrize(("text", "expected"), [
    ("on: push\njobs:\n  b:\n    runs-on: x\n", True),
    ("# comment\n---\n'on': [push]\njobs: {}\n", True),
    ("name: x\ndescription: y\nruns:\n  using: composite\n  steps: []\n", True),
    ("# Title\n\nSome prose.\n\n```yaml\non: push\njobs:\n  b: {}\n```\n", False),  # Markdown quoting a workflow
    ("services:\n  web:\n    image: nginx\n", False),
    ("jobs:\n  - a\n", False),  # no `on:`
    ("runs:\n  main: x\n", False),  # no `using:`
])
def test_sniff(text: str, expected: bool) -> None:
    assert a.sniff(text) is expected


def test_a_file_that_is_neither_is_not_read(tmp_path: Path) -> None:
    assert _found("key: value\n", path=str(tmp_path / "config.yml")) == []


def test_top_level_list_in_a_workflow_path_is_reported() -> None:
    assert _found("- on: push\n") == [("GHA700", 1)]


# --- GHA701/GHA702 ---------------------------------------------------------------------------

@pytest.mark.parametrize(("ref", "rule", "severity"), [
    ("aquasecurity/trivy-action@master", "GHA701", Severity.CRITICAL),
    ("some/action@main", "GHA701", Severity.CRITICAL),
    ("some/action@v2", "GHA701", Severity.HIGH),
    ("some/action@v2.1.0", "GHA701", Severity.HIGH),
    ("some/action@e28ff12", "GHA701", Severity.HIGH),  # a short sha
    ("some/action", "GHA701", Severity.CRITICAL),  # no ref at all
    ("org/repo/.github/workflows/build.yml@main", "GHA701", Severity.CRITICAL),
    ("docker://alpine", "GHA701", Severity.CRITICAL),
    ("docker://alpine:latest", "GHA701", Severity.CRITICAL),
    ("docker://alpine:3.19", "GHA701", Severity.HIGH),
    ("actions/checkout@v4", "GHA702", Severity.LOW),
    ("actions/checkout@main", "GHA702", Severity.MEDIUM),
    ("github/codeql-action/init@v3", "GHA702", Severity.LOW),
])
def test_judge_ref_unpinned(ref: str, rule: str, severity: Severity) -> None:
    judged = a.judge_ref(ref)
    assert judged is not None and judged[:2] == (rule, severity)


@pytest.mark.parametrize("ref", [
    f"some/action@{SHA}", f"actions/checkout@{SHA}", "./.github/actions/setup", "./local",
    "docker://alpine@sha256:" + "1" * 64, "", "some/action@${{ matrix.ref }}",
])
def test_judge_ref_pinned_or_local(ref: str) -> None:
    assert a.judge_ref(ref) is None


def test_pin_option_decides_github_owned_tags() -> None:
    text = "on: push\npermissions: {}\njobs:\n  b:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n"
    assert _found(text) == []
    assert _found(text, options={"pin": "all"}) == [("GHA702", 7)]


def test_unpinned_message_suggests_the_sha_with_version_comment() -> None:
    text = "on: push\njobs:\n  b:\n    runs-on: x\n    steps:\n      - uses: docker/login-action@v3.1.0\n"
    [finding] = a.check_file(".github/workflows/ci.yml", text, _ctx())
    assert "pin a full commit sha (# v3.1.0 as a comment)" in finding.message
    assert (finding.line, finding.col) == (6, 15)
    assert "<40-hex sha> # v4.1.2" in catalogue.get("GHA701").fix


# --- GHA707: what is and is not attacker-controlled ------------------------------------------

def _taint(text: str) -> a.Taint:
    from sechooks.core import yaml

    doc = yaml.load(text)[0].value
    return a.Taint(a.File(".github/workflows/x.yml", doc, text, text.split("\n"), _ctx(), "workflow"))


@pytest.mark.parametrize("body", [
    " github.event.issue.title ",
    "github.event.issue.title",
    " toJSON(github.event.issue) ",
    " toJSON(github.event) ",
    " toJSON(github) ",
    " format('{0}', github.event.pull_request.body) ",
    " join(github.event.commits.*.message, ', ') ",
    " github.event.issue.body || 'none' ",
    " github.event.issue.locked && github.event.issue.title ",
    " github['event']['comment']['body'] ",
    " github.event.commits[0].author.email ",
    " github.event.pages[1].page_name ",
    " github.head_ref ",
    " github.event.workflow_run.head_branch ",
    " (github.event.review.body) ",
    " fromJSON(toJSON(github.event.pull_request)).title ",
])
def test_unsafe_expressions(body: str) -> None:
    assert _taint("on: issues\njobs: {}\n").expression(body)


@pytest.mark.parametrize("body", [
    " github.sha ", " github.run_id ", " github.event.pull_request.number ", " github.event.issue.number ",
    " secrets.TOKEN ", " matrix.os ", " github.repository ", " github.actor ", " runner.temp ",
    " contains(github.event.issue.title, 'bug') ",
    " startsWith(github.head_ref, 'release/') ",
    " github.event.issue.title == 'x' ",
    " !github.event.issue.body ",
    " github.event.issue.title && 'yes' || 'no' ",
    " hashFiles('**/package-lock.json') ",
    " 'literal' ", " 42 ", " true ",
    " github.event.pull_request.head.sha ",  # hex: safe to expand (GHA703 is about checking it out)
])
def test_safe_expressions(body: str) -> None:
    assert _taint("on: issues\njobs: {}\n").expression(body) == []


def test_the_documented_safe_contexts_are_safe() -> None:
    taint = _taint("on: [issues, pull_request_target]\njobs: {}\n")
    for context in a.SAFE_CONTEXTS:
        path = context.split(" ")[0].replace("*", "anything")
        assert taint.expression(path) == [], context


def test_unparseable_expression_falls_back_to_every_reference() -> None:
    assert _taint("on: issues\njobs: {}\n").expression(" github.event.issue.title ?? weird ")


def test_inputs_are_unsafe_only_on_public_triggers_and_by_type() -> None:
    spec = "  workflow_dispatch:\n    inputs:\n      flag: {type: boolean}\n      name: {type: string}\n"
    public = _taint("on:\n  issues:\n" + spec + "jobs: {}\n")
    private = _taint("on:\n" + spec + "jobs: {}\n")
    assert public.expression(" inputs.name ") and public.expression(" github.event.inputs.name ")
    assert public.expression(" inputs.flag ") == []
    assert private.expression(" inputs.name ") == []


def test_expression_line_and_column_inside_a_block() -> None:
    text = (
        "on: pull_request\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: |\n"
        "          echo one\n"
        "          echo \"a ${{ github.sha }} b ${{ github.event.pull_request.title }}\"\n"
    )
    [finding] = a.check_file(".github/workflows/x.yml", text, _ctx())
    assert (finding.rule, finding.line, finding.col, finding.severity) == ("GHA707", 8, 39, Severity.HIGH)
    assert finding.extra["block_start"] == "6"


def test_same_context_twice_on_a_line_is_one_finding() -> None:
    text = "on: issues\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: echo ${{ github.event.issue.title }}${{ github.event.issue.title }}\n"
    assert _found(text) == [("GHA707", 6)]


def test_env_indirection_used_as_an_expression_is_still_injection() -> None:
    text = (
        "on: issues\njobs:\n  t:\n    runs-on: x\n    steps:\n      - env:\n          T: ${{ github.event.issue.title }}\n"
        "        run: |\n          echo \"$T\"\n          echo \"${{ env.T }}\"\n      - run: echo \"${{ env.T }}\"\n"
    )
    assert _found(text) == [("GHA707", 10)]  # the second step does not have T


def test_zizmor_ignore_maps_through_peer_ids(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = NEW_USER_BAD.replace("some/action@master", "some/action@master # zizmor: ignore[unpinned-uses]")
    text = text.replace("          ref: ${{", "          # zizmor: ignore[dangerous-triggers]\n          ref: ${{")
    write(repo / ".github/workflows/pr.yml", text)
    assert a.main([".github/workflows/pr.yml"]) == 1
    out = capsys.readouterr().out
    assert "GHA701" not in out and "GHA703" not in out and "GHA707" in out


def test_unknown_zizmor_audit_suppresses_nothing(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / ".github/workflows/pr.yml", NEW_USER_BAD.replace("some/action@master", "some/action@master # zizmor: ignore[bot-conditions]"))
    assert a.main([".github/workflows/pr.yml"]) == 1
    assert "GHA701" in capsys.readouterr().out


# --- other rules' edges ----------------------------------------------------------------------

def test_dangerous_trigger_is_not_repeated_when_the_checkout_is_reported() -> None:
    text = NEW_USER_BAD.replace("      - uses: some/action@master\n", "")
    rules = [r for r, _ in _found(text)]
    assert "GHA703" in rules and "GHA704" not in rules


def test_dangerous_trigger_is_said_when_the_checkout_rule_is_off() -> None:
    ctx = _ctx()
    ctx = cli.Context(family="GHA", enabled=ctx.enabled - {"GHA703"}, options={})
    assert [(f.rule, f.line) for f in a.check_file(".github/workflows/x.yml", NEW_USER_BAD, ctx) if f.rule == "GHA704"] == [("GHA704", 3)]


def test_permissions_missing_is_opt_in() -> None:
    text = "on: push\njobs:\n  b:\n    runs-on: x\n    steps:\n      - run: make\n"
    assert _found(text) == []
    assert ("GHA706", 2) in _found(text, every_rule=True)


def test_literal_credentials_are_masked_in_every_format(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    secret = "ghp_R8x2mQ7vLk4Zt9wY3nB6cJ1hF5sD0aPgE2uK"
    password = "hR7#kq2LmZ9vXw4p"
    text = (
        f"on: push\nenv:\n  FALLBACK: {secret}\njobs:\n  t:\n    runs-on: x\n    container:\n      image: i\n"
        f"      credentials:\n        username: u\n        password: {password}\n    steps:\n      - run: make\n"
    )
    write(repo / ".github/workflows/ci.yml", text)
    for fmt in ("text", "json", "sarif"):
        assert a.main(["--format", fmt, ".github/workflows/ci.yml"]) == 1
        out, err = capsys.readouterr()
        assert secret not in out + err and password not in out + err and secret[:10] not in out
        assert out.count("GHA710") >= 2


@pytest.mark.parametrize(("name", "value", "found"), [
    ("GITHUB_TOKEN_X", "ghp_R8x2mQ7vLk4Zt9wY3nB6cJ1hF5sD0aPgE2uK", True),
    ("DB_PASSWORD", "Xq8vN3rT5wLz", True),
    ("API_SECRET", "${{ secrets.API_SECRET }}", False),
    ("DB_PASSWORD", "changeme", False),
    ("NODE_ENV", "production", False),
    ("TOKEN_FILE", "/run/secrets/token", False),
    ("PASSWORD", 12345678, False),
])
def test_literal_secret(name: str, value: object, found: bool) -> None:
    assert (a.literal_secret(name, value) is not None) is found


@pytest.mark.parametrize(("paths", "expected"), [
    (".", True), ("./", True), ("${{ github.workspace }}", True), ("**", True), ("./**/*", True),
    (".git/config", True), ("dist/\n.", True), ("dist/", False), ("build/out.tar", False),
    (".\n!.git/**", False), (None, False),
])
def test_uploads_workspace(paths: object, expected: bool) -> None:
    assert a.uploads_workspace(paths) is expected


def test_self_hosted_on_push_only_is_fine_and_matrix_label_is_read() -> None:
    base = "jobs:\n  t:\n    strategy:\n      matrix:\n        include:\n          - r: self-hosted\n    runs-on: ${{ matrix.r }}\n    steps: []\n"
    assert _found("on: push\n" + base) == []
    assert _found("on: pull_request\n" + base) == [("GHA708", 8)]


def test_every_rule_has_a_check_and_peer_ids() -> None:
    rules = catalogue.family("GHA").rules
    assert set(a.CHECKS) == {r for r in rules if r != "GHA700"}
    peers = {p for r in rules.values() for p in r.peers}
    assert {"unpinned-uses", "dangerous-triggers", "template-injection", "excessive-permissions", "self-hosted-runner",
            "secrets-inherit", "hardcoded-container-credentials", "insecure-commands", "artipacked",
            "CKV_GHA_1", "CKV_GHA_2", "CKV2_GHA_1"} <= peers
    assert all(r.since == "0.2.0" and r.fix and r.rationale for r in rules.values() if r.id != "GHA700")


def test_bad_pin_option_is_a_config_error(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "pyproject.toml", '[tool.sechooks.gha]\npin = "none"\n')
    write(repo / ".github/workflows/ci.yml", NEW_USER_GOOD)
    assert a.main([".github/workflows/ci.yml"]) == 2
    err = capsys.readouterr().err
    assert "pin" in err and "Traceback" not in err


def test_module_import_does_not_load_yaml() -> None:
    import subprocess
    import sys

    code = "import sys, sechooks.actions; print('yaml' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_sechooks_scan_runs_the_hook_on_workflows_and_sniffed_files(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from sechooks import umbrella

    write(repo / ".github/workflows/pr.yml", NEW_USER_BAD)
    write(repo / "ci/templates/deploy.yml", "on: push\njobs:\n  d:\n    runs-on: x\n    steps:\n      - uses: some/deploy@main\n")
    write(repo / "docs/ci.md", "# CI\n\n```yaml\non: push\njobs:\n  d:\n    steps:\n      - uses: some/deploy@main\n```\n")
    code = umbrella.main(["scan", "--format", "json", "."])
    report = json.loads(capsys.readouterr().out)
    found = {(f["path"], f["rule"], f["line"]) for f in report["findings"] if f["rule"].startswith("GHA")}
    assert code == 1
    assert found == {(".github/workflows/pr.yml", "GHA703", 11), (".github/workflows/pr.yml", "GHA701", 12),
                     (".github/workflows/pr.yml", "GHA707", 16), ("ci/templates/deploy.yml", "GHA701", 6)}
