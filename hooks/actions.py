"""sechooks-actions: GitHub Actions workflows and actions (GHA7nn, docs/actions.md).

Reads `.github/workflows/*.yml` and `action.yml` (and any YAML file that looks like a
workflow or an action, see `sniff`) with the shared loader, so every finding points at
its line: the `uses:` line, the trigger, the line of a `${{ }}` inside a `run: |` block.
"""
from __future__ import annotations

import re
TYPE_CHECKING = False  # typing costs ~5 ms to import; annotations are strings
if TYPE_CHECKING:
    from typing import Any, Callable, Iterable, Iterator, Sequence

    from sechooks.core.yaml import Map

from sechooks.core import cli, suppress
from sechooks.core.finding import Finding, Severity

_WORKFLOW_PATH = re.compile(r"(?:^|/)\.github/workflows/[^/]+\.ya?ml$")
_ACTION_PATH = re.compile(r"(?:^|/)action\.ya?ml$")
_TOP_KEY = re.compile(r"^(?:\"on\"|'on'|on|jobs|runs):", re.M)
_FIRST_KEY = re.compile(r"[\"']?[A-Za-z_][\w -]*[\"']?:(?:\s|$)")
_SHA = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?")
_HEX = re.compile(r"[0-9a-f]{7,39}")
GITHUB_OWNERS = ("actions", "github")

# Triggers that fire on events outsiders cause, with the base repository's secrets.
PRIVILEGED = ("pull_request_target", "workflow_run")
WRITE_RISKY = ("pull_request_target", "issue_comment", "workflow_run")
PUBLIC_PR = ("pull_request", "pull_request_target", "pull_request_review", "pull_request_review_comment")
INJECTION_CRITICAL = ("pull_request_target", "issues", "issue_comment", "discussion", "discussion_comment",
                      "workflow_run", "pull_request_review", "pull_request_review_comment", "gollum")
# Triggers an outsider can fire: `inputs.*` of such a workflow are judged unsafe.
PUBLIC = PUBLIC_PR + ("issues", "issue_comment", "discussion", "discussion_comment", "fork", "watch", "workflow_run")

# Contexts an attacker writes (GitHub Security Lab's list, as zizmor and poutine use it);
# `*` is one segment (an array index or an object filter). A prefix of one of these (the
# whole `github.event.issue` object, `toJSON(github.event)`) is unsafe too.
UNSAFE_CONTEXTS = tuple(tuple(p.split(".")) for p in (
    "github.head_ref",
    "github.event.issue.title", "github.event.issue.body",
    "github.event.pull_request.title", "github.event.pull_request.body",
    "github.event.pull_request.head.ref", "github.event.pull_request.head.label",
    "github.event.pull_request.head.repo.default_branch", "github.event.pull_request.head.repo.description",
    "github.event.comment.body", "github.event.review.body", "github.event.review_comment.body",
    "github.event.discussion.title", "github.event.discussion.body",
    "github.event.pages.*.page_name",
    "github.event.commits.*.message", "github.event.commits.*.author.email", "github.event.commits.*.author.name",
    "github.event.commits.*.committer.email", "github.event.commits.*.committer.name",
    "github.event.head_commit.message", "github.event.head_commit.author.email", "github.event.head_commit.author.name",
    "github.event.head_commit.committer.email", "github.event.head_commit.committer.name",
    "github.event.workflow_run.head_branch", "github.event.workflow_run.display_title",
    "github.event.workflow_run.head_commit.message", "github.event.workflow_run.head_commit.author.email",
    "github.event.workflow_run.head_commit.author.name", "github.event.workflow_run.pull_requests.*.head.ref",
    "github.event.workflow_run.head_repository.description",
    "github.event.check_suite.head_branch", "github.event.check_run.check_suite.head_branch",
))
# Documented as safe (never reported): what the deny-list above leaves out, spelled out.
SAFE_CONTEXTS = ("github.sha", "github.run_id", "github.run_number", "github.run_attempt", "github.event.number",
                 "github.event.pull_request.number", "github.event.issue.number", "github.repository",
                 "github.actor", "secrets.*", "matrix.* (literal values)", "vars.*", "runner.*", "job.*")
# Functions whose result is a boolean or a hash: what they read does not reach the script.
_BOOLEAN_FUNCTIONS = frozenset({"contains", "startswith", "endswith", "success", "failure", "always", "cancelled", "hashfiles"})
_UNTRUSTED_REF = re.compile(
    r"github\.event\.pull_request\.head\.(?:sha|ref)|github\.head_ref|refs/pull/|github\.event\.pull_request\.merge_commit_sha"
    r"|github\.event\.workflow_run\.head_(?:sha|branch)|github\.event\.workflow_run\.head_commit\.id",
)
_GH_PR_CHECKOUT = re.compile(r"\bgh\s+pr\s+checkout\b")
_GIT_FETCH = re.compile(r"\bgit\s+(?:fetch|checkout|switch|pull)\b")
_TO_JSON_SECRETS = re.compile(r"tojson\s*\(\s*secrets\s*\)", re.I)
_SET_ENV_UNSECURE = re.compile(r"ACTIONS_ALLOW_UNSECURE_COMMANDS\s*=\s*['\"]?true", re.I)
_EXPR_TOKEN = re.compile(
    r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<num>0x[0-9a-fA-F]+|-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)"
    r"|(?P<op>==|!=|<=|>=|&&|\|\||[!<>()\[\],.*])|(?P<name>[A-Za-z_][A-Za-z0-9_-]*))",
)
_CONTEXT_REF = re.compile(r"(?<![\w.'-])[A-Za-z_][\w-]*(?:\s*(?:\.\s*(?:[A-Za-z_*][\w-]*|\*)|\[[^\]\[]{0,200}\]))+")
MAX_EXPRESSION = 4000  # longer `${{ }}` text is read by the fallback regex only
MAX_NESTING = 40


# --- the file model -------------------------------------------------------------------------

class File:
    """One workflow or action document and what the rules share about it."""

    def __init__(self, path: str, doc: Map, text: str, lines: list[str], ctx: cli.Context, kind: str) -> None:
        self.path, self.doc, self.text, self.lines, self.ctx, self.kind = path, doc, text, lines, ctx, kind
        self.triggers = triggers(doc) if kind == "workflow" else {}
        self._checkouts: list[Finding] | None = None

    def finding(self, rule: str, line: int, message: str, col: int = 1, severity: Severity | None = None,
                evidence: str | None = None, block: tuple[int, int] | None = None) -> Finding:
        extra = {"block_start": str(block[0]), "block_end": str(block[1])} if block else {}
        return Finding(rule, self.path, max(line, 1), max(col, 1), message, severity=severity, evidence=evidence, extra=extra)

    def col_of(self, line: int, needle: str, default: int = 1) -> int:
        """1-based column of `needle` on a line of the file (for a `${{ }}` in a block)."""
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        at = text.find(needle) if needle else -1
        if at >= 0:
            return at + 1
        return default if default > 1 else (len(text) - len(text.lstrip()) + 1 if text.strip() else 1)

    def jobs(self) -> Iterator[tuple[str, Map]]:
        from sechooks.core.yaml import Map

        if self.kind == "action":
            runs = self.doc.get("runs")
            if isinstance(runs, Map) and isinstance(runs.get("steps"), list):
                yield "runs", runs
            return
        jobs = self.doc.get("jobs")
        if isinstance(jobs, Map):
            for name, job in jobs.items():
                if isinstance(job, Map):
                    yield str(name), job

    def steps(self, job: Map) -> list[Map]:
        from sechooks.core.yaml import Map

        steps = job.get("steps")
        return [s for s in steps if isinstance(s, Map)] if isinstance(steps, list) else []

    def env_maps(self) -> Iterator[Map]:
        """Every `env:` mapping: top level, jobs, steps, job containers and services."""
        from sechooks.core.yaml import Map

        if isinstance(self.doc.get("env"), Map):
            yield self.doc["env"]
        for _, job in self.jobs():
            for holder in (job, job.get("container"), *_services(job)):
                if isinstance(holder, Map) and isinstance(holder.get("env"), Map):
                    yield holder["env"]
            for step in self.steps(job):
                if isinstance(step.get("env"), Map):
                    yield step["env"]


class ValueLines:
    """(line, column) of offsets in one string value. Asked in increasing order it makes one
    pass over the value however many places are asked (`Map.line_in_value` counts from the
    start every time: quadratic for a block with thousands of expressions)."""

    def __init__(self, f: File, holder: Map, key: str) -> None:
        value = holder.get(key)
        self.f, self.holder, self.key = f, holder, key
        self.text = value if isinstance(value, str) else ""
        self.literal = holder.style(key) == "|"
        self.start = holder.value_line(key)
        self.at = self.count = self.line_start = 0
        self._indent: int | None = None
        self._starts: list[int] | None = None

    def position(self, offset: int) -> tuple[int, int]:
        if not self.literal:
            if "\n" in self.text:  # folded or multi-line plain: only its start is known
                return self.holder.line_in_value(self.key, offset), self.holder.value_col(self.key)
            return self.start, self.holder.value_col(self.key) + (self.holder.style(self.key) is not None) + offset
        if offset < self.at:
            self.at = self.count = self.line_start = 0
        self.count += self.text.count("\n", self.at, offset)
        self.line_start = max(self.line_start, self.text.rfind("\n", self.at, offset) + 1)
        self.at = offset
        return self.start + 1 + self.count, self.indent() + offset - self.line_start + 1

    def from_line(self, line: int, column: int) -> tuple[int, int]:
        """Position of a 0-based (line, column) of the value (a shell_rules hit)."""
        if self.literal:
            return self.start + 1 + line, self.indent() + column + 1
        if self._starts is None:
            self._starts = [0] + [i + 1 for i, c in enumerate(self.text) if c == "\n"]
        return self.position(self._starts[min(line, len(self._starts) - 1)] + column)

    def indent(self) -> int:
        """The block's indentation in the file (its first non-blank line's, less the spaces
        that belong to the value)."""
        if self._indent is None:
            self._indent = 0
            for k, text in enumerate(self.text.split("\n", 50)[:50]):
                if text.strip():
                    number = self.start + 1 + k
                    source = self.f.lines[number - 1] if 0 < number <= len(self.f.lines) else ""
                    self._indent = max(0, (len(source) - len(source.lstrip(" "))) - (len(text) - len(text.lstrip(" "))))
                    break
        return self._indent


def _services(job: Map) -> list[Any]:
    services = job.get("services")
    return list(services.values()) if isinstance(services, dict) else []


def triggers(doc: Map) -> dict[str, int]:
    """Trigger name -> its line, for `on:` as a string, a list or a mapping."""
    from sechooks.core.yaml import Map, Seq

    on = doc.get("on", doc.get("true"))  # `true:` is what a YAML 1.1 writer makes of on:
    key = "on" if "on" in doc else "true"
    if isinstance(on, str):
        return {on.strip(): doc.value_line(key)}
    if isinstance(on, Seq):
        return {str(t).strip(): on.item_line(i) for i, t in enumerate(on) if isinstance(t, str)}
    if isinstance(on, Map):
        return {str(t): on.key_line(t) for t in on}
    return {}


def quote(text: str) -> str:
    """File text for a message: each part of a reference redacted (a whole `owner/repo@ref`
    reads as one long random token to the masker)."""
    from sechooks.engines.secrets import redact

    return "'" + "".join(p if p in "/@:" else redact(p, 80) for p in re.split(r"([/@:])", text[:300])) + "'"


def _scripts(step: Map) -> Iterator[tuple[Map, str, str]]:
    """(mapping, key, text) of the scripts in a step: `run:` and github-script's `script:`."""
    from sechooks.core.yaml import Map

    if isinstance(step.get("run"), str):
        yield step, "run", step["run"]
    uses = step.get("uses")
    if isinstance(uses, str) and uses.lower().startswith("actions/github-script@"):
        with_ = step.get("with")
        if isinstance(with_, Map) and isinstance(with_.get("script"), str):
            yield with_, "script", with_["script"]


# --- GHA701/GHA702: unpinned actions ---------------------------------------------------------

def uses_places(f: File) -> Iterator[tuple[Map, str]]:
    """(mapping, key) of every action or workflow reference: step and job `uses:`, and a
    Docker action's `runs.image`."""
    from sechooks.core.yaml import Map

    for _, job in f.jobs():
        if f.kind == "workflow" and isinstance(job.get("uses"), str):
            yield job, "uses"
        for step in f.steps(job):
            if isinstance(step.get("uses"), str):
                yield step, "uses"
    runs = f.doc.get("runs")
    if f.kind == "action" and isinstance(runs, Map) and isinstance(runs.get("image"), str) and runs["image"].startswith("docker://"):
        yield runs, "image"


def judge_ref(ref: str) -> tuple[str, Severity, str] | None:
    """(rule, severity, message) for an unpinned reference; None when pinned or local."""
    ref = ref.strip()
    if not ref or ref.startswith(("./", ".\\")) or "${{" in ref:
        return None
    if ref.startswith("docker://"):
        from sechooks.engines import images

        image = images.parse(ref[len("docker://"):])
        if image is None or image.unknown or images.pinned(image):
            return None
        moving = images.untagged(image) or images.latest(image)
        what = "untagged" if images.untagged(image) else f"tag {quote(image.tag or '')}"
        return "GHA701", Severity.CRITICAL if moving else Severity.HIGH, f"image {quote(ref)} is used by {what}, not by @sha256 digest"
    name, at, version = ref.partition("@")
    owner = name.split("/", 1)[0].lower()
    rule = "GHA702" if owner in GITHUB_OWNERS else "GHA701"
    kind = "GitHub-owned action" if rule == "GHA702" else ("reusable workflow" if "/.github/workflows/" in name else "action")
    if not at or not version:
        return rule, Severity.MEDIUM if rule == "GHA702" else Severity.CRITICAL, f"{kind} {quote(name)} has no ref: pin it to a full commit sha"
    if _SHA.fullmatch(version):
        return None
    if _HEX.fullmatch(version):
        return rule, Severity.LOW if rule == "GHA702" else Severity.HIGH, f"{kind} {quote(ref)} is pinned by a short sha, which can be made ambiguous: use all 40 characters"
    if not any(c.isdigit() for c in version):  # `master`, `main`, `develop`, `latest`: a branch
        severity = Severity.MEDIUM if rule == "GHA702" else Severity.CRITICAL
        return rule, severity, f"{kind} {quote(ref)} follows a branch: whatever is pushed there runs here; pin a full commit sha"
    return rule, Severity.LOW if rule == "GHA702" else Severity.HIGH, f"{kind} {quote(ref)} is used by a movable tag: pin a full commit sha (# {quote(version)[1:-1]} as a comment)"


def unpinned(f: File, wanted: str) -> Iterator[Finding]:
    if wanted == "GHA702" and f.ctx.options.get("pin", "third-party") != "all":
        return
    for holder, key in uses_places(f):
        ref = holder[key].strip()
        if ("GHA702" if ref.split("/", 1)[0].lower() in GITHUB_OWNERS else "GHA701") != wanted:
            continue  # judged (and its message built) only for the rule asked
        judged = judge_ref(ref)
        if judged is None or judged[0] != wanted:
            continue
        rule, severity, message = judged
        line = holder.value_line(key)
        yield f.finding(rule, line, message, f.col_of(line, holder[key].strip()[:40], holder.value_col(key)),
                        severity=severity, evidence=holder[key].strip())


def unpinned_action(f: File) -> Iterator[Finding]:
    return unpinned(f, "GHA701")


def unpinned_github_action(f: File) -> Iterator[Finding]:
    return unpinned(f, "GHA702")


# --- GHA703/GHA704: privileged triggers ------------------------------------------------------

def checkouts(f: File) -> list[Finding]:
    """GHA703 findings: steps that check out the untrusted head under a privileged trigger."""
    from sechooks.core.yaml import Map

    if f._checkouts is not None:
        return f._checkouts
    found: list[Finding] = []
    risky = [t for t in f.triggers if t in PRIVILEGED]
    if risky:
        trigger = f"{risky[0]} (line {f.triggers[risky[0]]})"
        for _, job in f.jobs():
            for step in f.steps(job):
                uses = step.get("uses")
                with_ = step.get("with")
                if isinstance(uses, str) and uses.lower().startswith("actions/checkout@") and isinstance(with_, Map):
                    ref = with_.get("ref")
                    match = _UNTRUSTED_REF.search(ref) if isinstance(ref, str) else None
                    if match:
                        line = with_.value_line("ref")
                        found.append(f.finding("GHA703", line, f"checks out the pull request's code ({quote(match.group())}) in a workflow run by {trigger}, with the repository's secrets and a write token",
                                               f.col_of(line, "ref"), evidence=ref))
                for holder, key, script in _scripts(step):
                    if key != "run":
                        continue
                    places = ValueLines(f, holder, key)
                    for offset, what in _script_checkouts(script):
                        line, col = places.position(offset)
                        found.append(f.finding("GHA703", line, f"the script checks out the pull request's code ({quote(what)}) in a workflow run by {trigger}",
                                               col, evidence=what))
    f._checkouts = found
    return found


def _script_checkouts(script: str) -> Iterator[tuple[int, str]]:
    """(offset, text) of `gh pr checkout`, and of git fetch/checkout of a pull request ref,
    line by line (linear however many commands a line holds)."""
    at = 0
    for line in script.split("\n"):
        gh = _GH_PR_CHECKOUT.search(line) if "gh" in line else None
        git = _GIT_FETCH.search(line) if gh is None and "git" in line else None
        if gh is not None:
            yield at + gh.start(), gh.group()
        elif git is not None:
            untrusted = _UNTRUSTED_REF.search(line, git.end())
            pull = line.find("pull/", git.end())
            if untrusted is not None or pull >= 0:
                yield at + git.start(), untrusted.group() if untrusted is not None else "pull/"
        at += len(line) + 1


def untrusted_checkout(f: File) -> Iterator[Finding]:
    return iter(checkouts(f))


def dangerous_trigger(f: File) -> Iterator[Finding]:
    if "GHA703" in f.ctx.enabled and checkouts(f):
        return  # said by GHA703 at the checkout, with the trigger's line
    for trigger in PRIVILEGED:
        if trigger in f.triggers:
            line = f.triggers[trigger]
            yield f.finding("GHA704", line, f"{trigger} runs with the repository's secrets and a write token on events outsiders cause: never run their code here",
                            f.col_of(line, trigger))


# --- GHA705/GHA706: permissions ---------------------------------------------------------------

def _permission_scopes(f: File) -> Iterator[tuple[Map, str]]:
    """(holder, "permissions") for the top level and every job that sets them."""
    if "permissions" in f.doc:
        yield f.doc, "permissions"
    for _, job in f.jobs():
        if "permissions" in job:
            yield job, "permissions"


def excessive_permissions(f: File) -> Iterator[Finding]:
    from sechooks.core.yaml import Map

    if f.kind != "workflow":
        return
    risky = [t for t in f.triggers if t in WRITE_RISKY]
    for holder, key in _permission_scopes(f):
        value = holder[key]
        if isinstance(value, str) and value.strip().lower() == "write-all":
            line = holder.value_line(key)
            yield f.finding("GHA705", line, "permissions: write-all lets every step push code, publish releases and change settings",
                            f.col_of(line, "write-all"), severity=Severity.HIGH)
        elif isinstance(value, Map) and risky:
            writes = [str(scope) for scope, level in value.items() if isinstance(level, str) and level.strip().lower() == "write"]
            if writes:
                line = value.key_line(writes[0])
                yield f.finding("GHA705", line, f"write scopes ({', '.join(quote(w)[1:-1] for w in writes[:4])}) on a workflow that {risky[0]} triggers: outsiders' events get a token that can write",
                                f.col_of(line, writes[0]), severity=Severity.MEDIUM)


def permissions_missing(f: File) -> Iterator[Finding]:
    if f.kind != "workflow" or "permissions" in f.doc or not f.triggers or set(f.triggers) <= {"workflow_call"}:
        return
    jobs = list(f.jobs())
    if jobs and all("permissions" in job for _, job in jobs):
        return
    line = f.doc.key_line("jobs") if "jobs" in f.doc else 1
    yield f.finding("GHA706", line, "no top-level permissions: the token gets the repository's default, often read/write")


# --- GHA707: template injection ---------------------------------------------------------------

class Taint:
    """What makes expressions unsafe in one workflow or action: the trigger set, and names
    (env variables, step ids, job outputs, matrix keys) that carry an unsafe value."""

    def __init__(self, f: File) -> None:
        self.f = f
        self.public = any(t in PUBLIC for t in f.triggers)
        self.safe_inputs = self._typed_inputs()
        self.env: set[str] = set()
        self.job_env: set[str] = set()  # the current job's and step's own, apart: never copied
        self.step_env: set[str] = set()
        self.job_outputs: dict[str, set[str]] = {}
        self.steps: set[str] = set()
        self.matrix: set[str] = set()

    def _typed_inputs(self) -> set[str]:
        from sechooks.core.yaml import Map

        on = self.f.doc.get("on")
        safe: set[str] = set()
        for event in ("workflow_dispatch", "workflow_call"):
            spec = on.get(event) if isinstance(on, Map) else None
            inputs = spec.get("inputs") if isinstance(spec, Map) else None
            for name, decl in (inputs.items() if isinstance(inputs, Map) else ()):
                if isinstance(decl, Map) and str(decl.get("type", "string")).lower() in ("boolean", "number", "choice", "environment"):
                    safe.add(str(name).lower())
        return safe

    def unsafe(self, path: Sequence[str]) -> bool:
        """Is the value of a context path (lower-case segments, `*` for an index) unsafe?"""
        if not path:
            return False
        root = path[0]
        if root == "github":
            if len(path) >= 3 and path[1] == "event" and path[2] == "inputs":
                return self._input(path[3:])
            return any(_matches(path, pattern) for pattern in UNSAFE_CONTEXTS)
        if root == "inputs":
            return self._input(path[1:])
        if root == "env":
            return any(self._named(path, names) for names in (self.env, self.job_env, self.step_env))
        if root in ("steps", "matrix"):
            return self._named(path, self.steps if root == "steps" else self.matrix)
        if root == "needs":
            if len(path) < 4:
                return any(self.job_outputs.values()) if len(path) < 3 or path[2] == "outputs" else False
            return path[2] == "outputs" and (path[3] == "*" or path[3] in self.job_outputs.get(path[1], set()))
        return False

    @staticmethod
    def _named(path: Sequence[str], names: set[str]) -> bool:
        return bool(names) if len(path) == 1 or path[1] == "*" or "*" in names else path[1] in names

    def _input(self, rest: Sequence[str]) -> bool:
        if not self.public or self.f.kind != "workflow":
            return False
        return not rest or rest[0] == "*" or rest[0] not in self.safe_inputs

    def expression(self, text: str) -> list[str]:
        """The unsafe context paths (as dotted text) whose value reaches the result of one
        `${{ }}` expression's body."""
        refs = _expression_refs(text)
        return [".".join(p) for p in refs if self.unsafe(p)]

    def tainted_text(self, value: Any) -> bool:
        """Does a value (a string, or any string below a mapping/list) expand an unsafe expression?"""
        from sechooks.core import yaml

        for _, _, item in yaml.walk(value):
            if isinstance(item, str) and "${{" in item and any(self.expression(body) for _, body in expressions(item)):
                return True
        return False


def _matches(path: Sequence[str], pattern: Sequence[str]) -> bool:
    """`path` is the pattern, inside it (a longer path) or an object that contains it."""
    n = min(len(path), len(pattern))
    return all(a == b or b == "*" or a == "*" for a, b in zip(path[:n], pattern[:n]))


def expressions(text: str) -> Iterator[tuple[int, str]]:
    """(offset of `${{`, body) of every expression in a string, left to right."""
    at = text.find("${{")
    while at >= 0:
        end = text.find("}}", at + 3)
        if end < 0:
            return
        yield at, text[at + 3:end]
        at = text.find("${{", end + 2)


def _expression_refs(body: str) -> list[tuple[str, ...]]:
    """Context paths whose value can reach the result of an expression. Booleans
    (comparisons, `!`, contains()/startsWith()) drop what they read; `a && b` yields b;
    format()/join()/toJSON() pass their arguments through. Text the parser does not
    understand falls back to every context reference in it (over-reporting, never silence)."""
    if len(body) <= MAX_EXPRESSION:
        tokens = _tokenize(body)
        if tokens is not None:
            try:
                parser = _Parser(tokens)
                refs = parser.expression(0)
                if parser.at == len(tokens):
                    return refs
            except _Unparsed:
                pass
    return [_path_of(m.group()) for m in _CONTEXT_REF.finditer(body[:MAX_EXPRESSION * 4])]


def _path_of(ref: str) -> tuple[str, ...]:
    parts = re.findall(r"\[\s*'([^']*)'\s*\]|\[[^\]]*\]|([A-Za-z_*][\w-]*)", ref)
    return tuple((quoted or name or "*").lower() for quoted, name in parts)


def _tokenize(body: str) -> list[tuple[str, str]] | None:
    tokens, at, end = [], 0, len(body.rstrip())
    while at < end:
        m = _EXPR_TOKEN.match(body, at)
        if m is None or m.end() == at:
            return None
        kind = m.lastgroup or "op"
        tokens.append((kind, m.group(kind)))
        at = m.end()
    return tokens


class _Unparsed(Exception):
    pass


class _Parser:
    """Recursive descent over GitHub's expression grammar, computing which context paths
    reach the value (not the value itself)."""

    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens, self.at = tokens, 0

    def peek(self) -> str:
        return self.tokens[self.at][1] if self.at < len(self.tokens) else ""

    def take(self, expected: str | None = None) -> tuple[str, str]:
        if self.at >= len(self.tokens) or (expected is not None and self.tokens[self.at][1] != expected):
            raise _Unparsed
        self.at += 1
        return self.tokens[self.at - 1]

    def expression(self, depth: int) -> list[tuple[str, ...]]:
        if depth > MAX_NESTING:
            raise _Unparsed
        refs = self._and(depth)
        while self.peek() == "||":
            self.take()
            refs = refs + self._and(depth)
        return refs

    def _and(self, depth: int) -> list[tuple[str, ...]]:
        refs = self._comparison(depth)
        while self.peek() == "&&":
            self.take()
            refs = self._comparison(depth)  # `a && b` is a (falsy, harmless) or b
        return refs

    def _comparison(self, depth: int) -> list[tuple[str, ...]]:
        refs = self._unary(depth)
        while self.peek() in ("==", "!=", "<", "<=", ">", ">="):
            self.take()
            self._unary(depth)
            refs = []
        return refs

    def _unary(self, depth: int) -> list[tuple[str, ...]]:
        if depth > MAX_NESTING:
            raise _Unparsed
        if self.peek() == "!":
            self.take()
            self._unary(depth + 1)
            return []
        return self._primary(depth)

    def _primary(self, depth: int) -> list[tuple[str, ...]]:
        kind, text = self.take()
        if kind in ("str", "num"):
            return []
        if text == "(":
            refs = self.expression(depth + 1)
            self.take(")")
            return self._accessors(refs, None, depth)
        if kind != "name":
            raise _Unparsed
        if self.peek() == "(":
            self.take()
            args: list[tuple[str, ...]] = []
            while self.peek() != ")":
                args += self.expression(depth + 1)
                if self.peek() == ",":
                    self.take()
                elif self.peek() != ")":
                    raise _Unparsed
            self.take(")")
            refs = [] if text.lower() in _BOOLEAN_FUNCTIONS else args
            return self._accessors(refs, None, depth)
        if text.lower() in ("true", "false", "null"):
            return []
        return self._accessors([], (text.lower(),), depth)

    def _accessors(self, refs: list[tuple[str, ...]], path: tuple[str, ...] | None, depth: int) -> list[tuple[str, ...]]:
        while self.peek() in (".", "["):
            if self.take()[1] == ".":
                kind, name = self.take()
                if kind != "name" and name != "*":
                    raise _Unparsed
                segment = name.lower()
            elif self.at + 1 < len(self.tokens) and self.tokens[self.at][0] == "str" and self.tokens[self.at + 1][1] == "]":
                segment = self.take()[1][1:-1].replace("''", "'").lower()  # github['head_ref']
                self.take("]")
            else:
                refs = refs + self.expression(depth + 1)
                self.take("]")
                segment = "*"
            if path is not None:
                path = path + (segment,)
        return refs + ([path] if path is not None else [])


def template_injection(f: File) -> Iterator[Finding]:
    taint = Taint(f)
    if f.kind == "workflow":
        taint.env = _tainted_names(taint, f.doc.get("env"))
    jobs = list(f.jobs())
    severity = Severity.CRITICAL if any(t in INJECTION_CRITICAL for t in f.triggers) else Severity.HIGH
    for report in (False, True):  # job outputs first: `needs.<job>.outputs` may be read by any job
        for name, job in jobs:
            taint.job_env, taint.steps, taint.matrix = set(), set(), set()
            _taint_job(taint, job)
            for step in f.steps(job):
                taint.step_env = _tainted_names(taint, step.get("env"))
                if report:
                    for holder, key, script in _scripts(step):
                        yield from _injections(f, taint, holder, key, script, severity)
                taint.step_env = set()
                if isinstance(step.get("id"), str) and taint.tainted_text({k: v for k, v in step.items() if k not in ("id", "name", "if")}):
                    taint.steps.add(step["id"].lower())
            outputs = job.get("outputs")
            if not report and isinstance(outputs, dict):
                taint.job_outputs[name.lower()] = {str(k).lower() for k, v in outputs.items() if taint.tainted_text(v)}


def _tainted_names(taint: Taint, env: Any) -> set[str]:
    return {str(k).lower() for k, v in env.items() if taint.tainted_text(v)} if isinstance(env, dict) else set()


def _taint_job(taint: Taint, job: Map) -> None:
    from sechooks.core.yaml import Map

    taint.job_env = _tainted_names(taint, job.get("env"))
    strategy = job.get("strategy")
    matrix = strategy.get("matrix") if isinstance(strategy, Map) else None
    if isinstance(matrix, Map):
        for key, value in matrix.items():
            if key in ("include", "exclude") and isinstance(value, list):
                for entry in value:
                    if isinstance(entry, dict):
                        taint.matrix |= {str(k).lower() for k, v in entry.items() if taint.tainted_text(v)}
            elif taint.tainted_text(value):
                taint.matrix.add(str(key).lower())
    elif isinstance(matrix, str) and taint.tainted_text(matrix):
        taint.matrix.add("*")  # `matrix: ${{ fromJSON(...) }}` of an unsafe value: every key


def _injections(f: File, taint: Taint, holder: Map, key: str, script: str, severity: Severity) -> Iterator[Finding]:
    seen: set[tuple[int, str]] = set()
    kind = "run: script" if key == "run" else "github-script script"
    run_line = holder.key_line(key)
    end = holder.line_in_value(key, len(script))
    places = ValueLines(f, holder, key)
    for offset, body in expressions(script):
        for context in taint.expression(body):
            line, col = places.position(offset)
            if (line, context) in seen:
                continue
            seen.add((line, context))
            raw = "${{" + body + "}}"
            yield f.finding("GHA707", line, f"{quote(context)} is attacker-controlled and expanded into the {kind}: pass it through env: and quote the variable",
                            col, severity=severity, evidence=raw, block=(run_line, max(end, run_line)))


# --- GHA708: self-hosted runners ---------------------------------------------------------------

def self_hosted_runner(f: File) -> Iterator[Finding]:
    from sechooks.core.yaml import Map

    pr = [t for t in f.triggers if t in PUBLIC_PR]
    if f.kind != "workflow" or not pr:
        return
    for _, job in f.jobs():
        runs_on = job.get("runs-on")
        labels: list[Any] = []
        if isinstance(runs_on, Map):
            named = runs_on.get("labels")
            labels = list(named) if isinstance(named, list) else [named]
        elif isinstance(runs_on, list):
            labels = list(runs_on)
        else:
            labels = [runs_on]
        labels = [x for label in labels for x in _matrix_values(job, label)]
        if any(isinstance(label, str) and label.strip().lower() == "self-hosted" for label in labels):
            line = job.key_line("runs-on")
            yield f.finding("GHA708", line, f"a self-hosted runner runs this job on {pr[0]}: a fork's pull request runs its code on your machine",
                            f.col_of(line, "runs-on"))


def _matrix_values(job: Map, label: Any) -> list[Any]:
    """A `${{ matrix.os }}` label as the literal values the matrix gives it."""
    from sechooks.core.yaml import Map

    if not isinstance(label, str) or "matrix." not in label:
        return [label]
    match = re.search(r"\$\{\{\s*matrix\.([\w-]+)\s*\}\}", label)
    strategy = job.get("strategy")
    matrix = strategy.get("matrix") if isinstance(strategy, Map) else None
    if match is None or not isinstance(matrix, Map):
        return [label]
    key = match.group(1)
    values = matrix.get(key)
    out = list(values) if isinstance(values, list) else [values]
    for entry in matrix.get("include") or []:
        if isinstance(entry, dict) and key in entry:
            out.append(entry[key])
    return [y for x in out for y in (x if isinstance(x, list) else [x])]


# --- GHA709: secrets shared wholesale ----------------------------------------------------------

def secrets_overshared(f: File) -> Iterator[Finding]:
    from sechooks.core import yaml

    for _, job in f.jobs():
        uses = job.get("uses")
        secrets = job.get("secrets")
        if isinstance(uses, str) and isinstance(secrets, str) and secrets.strip() == "inherit" and not uses.strip().startswith("./"):
            line = job.value_line("secrets")
            yield f.finding("GHA709", line, f"secrets: inherit hands every secret to {quote(uses.strip())}, a workflow outside this repository",
                            f.col_of(line, "inherit"))
    if "secrets" not in f.text:
        return
    for path, container, value in yaml.walk(f.doc):
        if not isinstance(value, str) or "secrets" not in value:
            continue
        places = ValueLines(f, container, path[-1]) if isinstance(container, yaml.Map) and path else None
        for match in _TO_JSON_SECRETS.finditer(value):
            line, col = places.position(match.start()) if places else (container.item_line(path[-1]), 1) if isinstance(container, yaml.Seq) and path else (1, 1)
            yield f.finding("GHA709", line, "toJSON(secrets) puts every secret into one value", col)


# --- GHA710: literal credentials ---------------------------------------------------------------

def hardcoded_credentials(f: File) -> Iterator[Finding]:
    from sechooks.core.yaml import Map

    for _, job in f.jobs():
        services = job.get("services")
        holders = [("container", job.get("container"))]
        holders += [(f"service {quote(str(n))}", s) for n, s in services.items()] if isinstance(services, Map) else []
        for where, holder in holders:
            credentials = holder.get("credentials") if isinstance(holder, Map) else None
            if not isinstance(credentials, Map):
                continue
            password = credentials.get("password")
            if password is not None and not isinstance(password, (dict, list)) and str(password).strip() and "${{" not in str(password):
                from sechooks.engines.secrets import mask

                line = credentials.value_line("password")
                yield f.finding("GHA710", line, f"the {where} registry password is a literal ({mask(str(password))}): use ${{{{ secrets.NAME }}}}",
                                f.col_of(line, "password"), evidence=str(password))
    for values in _credential_maps(f):
        for name, value in values.items():
            secret = literal_secret(str(name), value)
            if secret is not None:
                from sechooks.engines.secrets import mask

                line = values.value_line(name)
                yield f.finding("GHA710", line, f"{quote(str(name))} holds a literal secret ({mask(secret)}): use ${{{{ secrets.NAME }}}}",
                                f.col_of(line, str(name)), evidence=secret)


def _credential_maps(f: File) -> Iterator[Map]:
    from sechooks.core.yaml import Map

    yield from f.env_maps()
    for _, job in f.jobs():
        for step in f.steps(job):
            if isinstance(step.get("with"), Map):
                yield step["with"]
        if isinstance(job.get("with"), Map):
            yield job["with"]


def literal_secret(name: str, value: Any) -> str | None:
    """The secret in an `env:`/`with:` value, by the secrets hook's classifier: a provider
    token anywhere, or a random-looking literal under a password/token/key name."""
    if not isinstance(value, str) or "${{" in value:
        return None
    value = value.strip()
    if len(value) < 6 or len(value) > 4096:
        return None
    from sechooks.engines import secrets as d

    lower = value.lower()
    text: d.Text | None = None
    for token in d.TOKENS:
        if any(k in lower for k in token.keywords):
            text = text or d.Text("env", value)
            for hit in d.find_tokens(token)(text, {}):
                return str(hit.secret)
    kind = d.name_kind(name)
    if kind is not None and d.generic_value_ok(name, value, kind, d.STOPWORDS):
        return str(value)
    return None


# --- GHA711/GHA712: insecure commands, pipe to shell ------------------------------------------

def insecure_commands(f: File) -> Iterator[Finding]:
    for env in f.env_maps():
        for name, value in env.items():
            if str(name).upper() == "ACTIONS_ALLOW_UNSECURE_COMMANDS" and str(value).strip().lower() in ("true", "1", "yes"):
                line = env.key_line(name)
                yield f.finding("GHA711", line, "ACTIONS_ALLOW_UNSECURE_COMMANDS re-enables ::set-env:: and ::add-path:: for everything a step prints",
                                f.col_of(line, str(name)))
    for _, job in f.jobs():
        for step in f.steps(job):
            run = step.get("run")
            if isinstance(run, str) and "UNSECURE" in run.upper():
                places = ValueLines(f, step, "run")
                for match in _SET_ENV_UNSECURE.finditer(run):
                    line, col = places.position(match.start())
                    yield f.finding("GHA711", line, "the script sets ACTIONS_ALLOW_UNSECURE_COMMANDS=true for later steps", col)


def pipe_to_shell(f: File) -> Iterator[Finding]:
    for _, job in f.jobs():
        for step in f.steps(job):
            run = step.get("run")
            if not isinstance(run, str) or ("curl" not in run and "wget" not in run):
                continue
            from sechooks.engines import shell_rules

            places = ValueLines(f, step, "run")
            for line0, column, message in shell_rules.pipe_to_shell(run):
                line, col = places.from_line(line0, column)
                yield f.finding("GHA712", line, message, col)


# --- GHA713: credentials persisted and uploaded ------------------------------------------------

_WORKSPACE = frozenset({"", ".", "*", "**", "${{ github.workspace }}", "${{github.workspace}}", "$github_workspace",
                        "${github_workspace}", ".git"})


def uploads_workspace(paths: Any) -> bool:
    """Does an upload-artifact `path:` take the checkout's root (where .git/config is)?"""
    if not isinstance(paths, str):
        return False
    entries = [e.strip() for e in paths.split("\n") if e.strip()]
    if any(e.startswith("!") and ".git" in e for e in entries):
        return False
    for entry in entries:
        entry = entry.lower()
        if entry.startswith("./"):
            entry = entry[2:]
        for tail in ("/**/*", "/**", "/*", "/"):
            if entry.endswith(tail) and entry != tail:
                entry = entry[: -len(tail)]
        if entry in _WORKSPACE or entry.startswith(".git/"):
            return True
    return False


def credential_persistence(f: File) -> Iterator[Finding]:
    from sechooks.core.yaml import Map

    for _, job in f.jobs():
        upload: Map | None = None  # the nearest later upload of the workspace (one backward pass)
        found = []
        for step in reversed(f.steps(job)):
            uses, with_ = step.get("uses"), step.get("with")
            if not isinstance(uses, str):
                continue
            name = uses.lower()
            if name.startswith("actions/upload-artifact@") and isinstance(with_, Map) and uploads_workspace(with_.get("path")):
                upload = with_
            elif name.startswith("actions/checkout@") and upload is not None:
                persist = with_.get("persist-credentials", True) if isinstance(with_, Map) else True
                if persist is False or str(persist).strip().lower() == "false":
                    continue
                hidden = str(upload.get("include-hidden-files", "")).strip().lower() == "true"
                line = step.value_line("uses")
                found.append(f.finding("GHA713", line, f"the checkout keeps the job's token in .git/config and the workspace is uploaded as an artifact (line {upload.value_line('path')}): set persist-credentials: false",
                                       f.col_of(line, "actions/checkout"), severity=Severity.HIGH if hidden else Severity.MEDIUM))
        yield from reversed(found)


# --- the hook ---------------------------------------------------------------------------------

CHECKS: dict[str, Callable[[File], Iterable[Finding]]] = {
    "GHA701": unpinned_action,
    "GHA702": unpinned_github_action,
    "GHA703": untrusted_checkout,
    "GHA704": dangerous_trigger,
    "GHA705": excessive_permissions,
    "GHA706": permissions_missing,
    "GHA707": template_injection,
    "GHA708": self_hosted_runner,
    "GHA709": secrets_overshared,
    "GHA710": hardcoded_credentials,
    "GHA711": insecure_commands,
    "GHA712": pipe_to_shell,
    "GHA713": credential_persistence,
}


def matches(path: str) -> bool:
    path = path.replace("\\", "/")
    return _WORKFLOW_PATH.search(path) is not None or _ACTION_PATH.search(path) is not None


def sniff(text: str) -> bool:
    """A YAML file outside `.github/workflows` that is a workflow (top-level `on:` and
    `jobs:`) or an action (top-level `runs:` with `using:`), and starts like YAML (a
    Markdown page quoting a workflow does not)."""
    if "jobs:" not in text and "runs:" not in text:
        return False
    keys = {m.group().split(":")[0].strip("\"'") for m in _TOP_KEY.finditer(text)}
    if not ({"on", "jobs"} <= keys or "runs" in keys and "using:" in text):
        return False
    for line in text.split("\n", 200)[:200]:
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or stripped.startswith("%") or stripped == "---":
            continue
        return _FIRST_KEY.match(line) is not None
    return False


def kind_of(path: str, doc: Any) -> str | None:
    from sechooks.core.yaml import Map

    if not isinstance(doc, Map):
        return None
    if isinstance(doc.get("runs"), Map) and ("using" in doc["runs"] or _ACTION_PATH.search(path)):
        return "action"
    if "jobs" in doc:
        return "workflow"
    return None


def check_file(path: str, text: str, ctx: cli.Context) -> Iterator[Finding]:
    """Findings for one workflow or action file."""
    named = matches(path)
    if not named and not sniff(text):
        return
    from sechooks.core import yaml

    lines = text.split("\n")
    for doc in yaml.load(text):
        if doc.error is not None:
            from sechooks.engines.secrets import redact

            yield ctx.unparseable(path, doc.error_line, redact(doc.error, 120), doc.error_col)
            continue
        kind = kind_of(path, doc.value)
        if kind is None:
            if named and doc.value is not None and not isinstance(doc.value, dict):
                yield ctx.unparseable(path, doc.start, f"not a {'workflow' if _WORKFLOW_PATH.search(path) else 'action'}: the top level is a {type(doc.value).__name__}, not a mapping")
            continue
        f = File(path, doc.value, text, lines, ctx, kind)
        for rule, check in CHECKS.items():
            if rule in ctx.enabled:
                yield from check(f)


HOOK = cli.Hook(
    name="sechooks-actions",
    family="GHA",
    check=check_file,
    matches=matches,
    sniff=sniff,
    compat=(
        suppress.Compat(re.compile(r"#\s*zizmor:\s*ignore\[(?P<ids>[\w\s,-]+)\]"), marker="zizmor"),
    ),
)


def main(argv: Sequence[str] | None = None) -> int:
    return cli.run(HOOK, argv)


if __name__ == "__main__":
    raise SystemExit(main())
