"""Audits of every installed hook on a generated tree with planted fake secrets:

* batching: `pre-commit run --all-files` splits the files across processes, so a hook run
  on parts of the file list must report exactly what it reports on the whole list;
* leaks: no planted secret appears verbatim in stdout, stderr or a written report or
  baseline, in any output format;
* side effects: scanned files keep their bytes and mtimes, no file appears in the tree,
  and no network connection is attempted.

Hooks run in-process (`main([...])`) so the socket guard sees everything they do.
"""
from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import io
import json
import os
import socket
from pathlib import Path
from types import ModuleType
from typing import Any, Callable, Iterator

import pytest

from bench import generate
from sechooks.scan import installed_modules


HOOKS: dict[str, ModuleType] = installed_modules()
PREFIXES = sorted(HOOKS)
pytestmark = pytest.mark.skipif(not PREFIXES, reason="no sechooks hook is installed yet")


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Fail the test on any attempt to open a network connection or resolve a name."""
    calls: list[str] = []

    def refuse(what: str) -> Callable[..., Any]:
        def blocked(*args: Any, **kwargs: Any) -> Any:
            calls.append(f"{what}{args[1:] if what.startswith('socket.') else args}")
            raise OSError(f"network access blocked by the audit: {what}")
        return blocked

    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
    monkeypatch.setattr(socket.socket, "sendto", refuse("socket.sendto"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    yield calls
    assert calls == [], f"network access attempted: {calls}"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str], list[str]]:
    """A mixed tree plus one 10-file commit per hook type (so every hook has planted items).

    Returns (directory, files relative to it, planted secrets)."""
    base = tmp_path_factory.mktemp("audit")
    manifests = [generate.generate(str(base / "mixed"), 40, seed=13)]
    for case in ("secrets", *generate.COMMITS):
        manifests.append(generate.generate_commit(str(base / case), case, seed=13))
    files = sorted(p.relative_to(base).as_posix() for p in base.glob("*/tree/**/*") if p.is_file())
    secrets: set[str] = set()
    for manifest, root in zip(manifests, ["mixed", "secrets", *generate.COMMITS]):
        for item in manifest["planted"]:
            if not item["secret"]:
                continue
            secrets.add(item["secret"])
            if item["kind"] == "private-key":  # every body line of the PEM block
                lines = (base / root / "tree" / item["path"]).read_text().splitlines()
                secrets.update(line for line in lines[item["span"][0]:item["span"][1] - 1] if len(line) >= 16)
    assert len(secrets) >= 10
    return base, files, sorted(secrets)


@contextlib.contextmanager
def _inside(path: Path) -> Iterator[None]:
    here = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(here)


def call(function: Callable[[list[str]], int], argv: list[str], where: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with _inside(where), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = function(argv)
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else 2
    return code, out.getvalue(), err.getvalue()


def _hook_files(prefix: str, files: list[str], where: Path | None = None) -> list[str]:
    """The files the hook takes: by name, or by content when it sniffs (CloudFormation)."""
    hook = HOOKS[prefix].HOOK
    if hook.sniff is None or where is None:
        return [f for f in files if hook.matches(f)]
    return [f for f in files if hook.matches(f) or hook.sniff((where / f).read_text(encoding="utf-8", errors="replace"))]


def _findings(prefix: str, files: list[str], where: Path) -> set[tuple[str, str, int, int, str]]:
    if not files:
        return set()
    code, out, err = call(HOOKS[prefix].main, ["--format", "json", *files], where)
    assert code in (0, 1), err
    return {(f["rule"], f["path"], f["line"], f["column"], f["message"]) for f in json.loads(out)["findings"]}


# --- batching -----------------------------------------------------------------------

@pytest.mark.parametrize("prefix", PREFIXES)
def test_batches_report_what_the_whole_run_reports(prefix: str, workspace: tuple[Path, list[str], list[str]]) -> None:
    base, files, _ = workspace
    mine = _hook_files(prefix, files, base)
    assert len(mine) >= 10, "the audit tree should give every hook some files"
    whole = _findings(prefix, mine, base)
    assert whole, f"{prefix}: the planted items should produce findings"
    half = len(mine) // 2
    for parts in ([mine[:half], mine[half:]], [mine[0::2], mine[1::2]], [mine[i::3] for i in range(3)]):
        union: set[tuple[str, str, int, int, str]] = set()
        for part in parts:
            union |= _findings(prefix, part, base)
        assert union == whole


# --- leaks ----------------------------------------------------------------------------

def _assert_no_secret(text: str, secrets: list[str], where: str) -> None:
    leaked = [s for s in secrets if s in text]
    assert not leaked, f"{where} shows planted secret(s) verbatim: {[s[:4] + '...' for s in leaked]}"


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
@pytest.mark.parametrize("prefix", PREFIXES)
def test_no_secret_in_any_output(prefix: str, fmt: str, workspace: tuple[Path, list[str], list[str]], tmp_path: Path) -> None:
    base, files, secrets = workspace
    mine = _hook_files(prefix, files, base)
    code, out, err = call(HOOKS[prefix].main, ["--format", fmt, "--verbose", *mine], base)
    assert code in (0, 1), err
    _assert_no_secret(out + err, secrets, f"{prefix} --format {fmt}")
    report = tmp_path / f"report.{fmt}"
    code, out, err = call(HOOKS[prefix].main, ["--format", fmt, "-o", str(report), *mine], base)
    assert code in (0, 1), err
    assert report.exists()
    _assert_no_secret(out + err + report.read_text(encoding="utf-8"), secrets, f"{prefix} -o report.{fmt}")
    if fmt == "text" and prefix == "SEC":
        assert "SEC1" in report.read_text(encoding="utf-8")  # the planted secrets were found, just masked


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_no_secret_in_scan_output(fmt: str, workspace: tuple[Path, list[str], list[str]]) -> None:
    from sechooks import scan

    base, _, secrets = workspace
    code, out, err = call(scan.scan, ["--format", fmt, "--verbose", "."], base)
    assert code in (0, 1), err
    assert out
    _assert_no_secret(out + err, secrets, f"sechooks scan --format {fmt}")


def test_no_secret_in_the_baseline(workspace: tuple[Path, list[str], list[str]], tmp_path: Path) -> None:
    from sechooks import scan

    base, _, secrets = workspace
    target = tmp_path / "baseline.json"
    code, out, err = call(scan.baseline, ["-o", str(target), "."], base)
    assert code == 0, err
    text = target.read_text(encoding="utf-8")
    assert json.loads(text)
    _assert_no_secret(out + err + text, secrets, "sechooks baseline")
    if "SEC" in HOOKS:
        assert "SEC1" in text


# --- side effects -----------------------------------------------------------------------

def _state(base: Path) -> dict[str, tuple[str, int, int]]:
    out = {}
    for path in sorted(base.rglob("*")):
        if path.is_file():
            stat = path.stat()
            out[str(path.relative_to(base))] = (hashlib.sha256(path.read_bytes()).hexdigest(), stat.st_mtime_ns, stat.st_size)
    return out


def test_hooks_leave_the_tree_untouched(workspace: tuple[Path, list[str], list[str]], no_network: list[str]) -> None:
    from sechooks import scan

    base, files, _ = workspace
    before = _state(base)
    for prefix in PREFIXES:
        code, _, err = call(HOOKS[prefix].main, ["--format", "sarif", "--verbose", *_hook_files(prefix, files, base)], base)
        assert code in (0, 1), err
    code, _, err = call(scan.scan, ["--format", "json", "."], base)
    assert code in (0, 1), err
    assert _state(base) == before, "a hook changed, created or deleted a file in the scanned tree"
    assert no_network == []


def test_network_guard_works(no_network: list[str]) -> None:
    with pytest.raises(OSError, match="blocked"):
        socket.create_connection(("192.0.2.1", 9))
    assert no_network and no_network[0].startswith("create_connection")
    no_network.clear()


# --- leaks on every message-producing path ------------------------------------------------
#
# A secret planted where the hook can only meet it in an error path: a parse error quoting
# the offending line or token, a pragma problem quoting the comment, a URL quoted whole, a
# notice or an "unknown value" finding quoting an unresolvable expression. The secret must
# never appear whole (nor lower-cased) in any output: text, JSON, SARIF, -o reports, stderr,
# -v notices, `sechooks scan`, `sechooks baseline`.

def _secret(tag: str) -> str:
    """A secret-shaped token (mixed case and digits, 22 characters) unique to `tag`."""
    digest = hashlib.sha256(tag.encode()).hexdigest()
    letters = "".join(c.upper() if i % 3 == 0 else c for i, c in enumerate(digest[:18])).replace("0", "q")
    return f"Zq{letters}7x"


@dataclasses.dataclass(frozen=True)
class Planted:
    id: str
    prefix: str
    files: tuple[tuple[str, str], ...]
    expect: str  # shows in the JSON report (a rule id or an error message part) or on stderr
    args: tuple[str, ...] = ()

    @property
    def secrets(self) -> list[str]:
        return [s for s in (_secret(f"{self.id}:{n}") for n in range(4)) if any(s in text for _, text in self.files)]


def _s(case: str, n: int = 0) -> str:
    return _secret(f"{case}:{n}")


_SG_UNKNOWN = ('resource "aws_security_group" "web" {{\n  ingress {{\n    from_port   = 22\n    to_port     = 22\n'
               '    protocol    = "tcp"\n    cidr_blocks = [lookup(var.cidrs, "{secret}")]\n  }}\n}}\n')
_PRAGMAS = (  # (comment, extra args): each quotes the comment text back in a problem
    ("# sechooks: ignore[{family}999] {secret}", ()),
    ("# sechooks: ignore {secret}", ("--strict",)),
    ("# sechooks: ignore[{family}{unused}] {secret}", ("--require-reason",)),
    ("# sechooks: ignore[{family}{unused}] -- reason {secret}", ("--report-unused-ignores",)),
)
# per family: a file, a line that gives a finding (so pragmas are read), a rule no line triggers
_PRAGMA_HOSTS = {
    "SEC": ("settings.py", 'api_token = "{other}"\n', "143"),
    "DKR": ("Dockerfile", "FROM alpine:3.19\nRUN echo hi\n", "222"),
    "NET": ("main.tf", _SG_UNKNOWN.replace("lookup(var.cidrs, \"{secret}\")", '"0.0.0.0/0"').replace("{{", "{").replace("}}", "}"), "311"),
    "IAM": ("main.tf", 'resource "aws_iam_policy" "p" {\n  policy = jsonencode({Statement = [{Effect = "Allow", Action = "*", Resource = "*"}]})\n}\n', "419"),
    "PY": ("module.py", "import subprocess\nsubprocess.call(cmd, shell=True)\n", "518"),
    "GHA": ("action.yml", "name: a\nruns:\n  using: composite\n  steps:\n    - uses: some/action@master\n", "708"),
    "CMP": ("docker-compose.yml", "services:\n  web:\n    image: nginx:1.25\n    privileged: true\n", "805"),
    "CFN": ("template.yaml", "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  SG:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n"
            "      GroupDescription: x\n      SecurityGroupIngress:\n        - {IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0}\n", "902"),
    "K8S": ("pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostPID: true\n  containers: [{name: a, image: 'a:1'}]\n", "626"),
}


def _pragma_cases() -> list[Planted]:
    out = []
    for family, (name, body, unused) in _PRAGMA_HOSTS.items():
        for n, (comment, args) in enumerate(_PRAGMAS):
            case = f"{family}-pragma-{n}"
            text = comment.format(family=family, unused=unused, secret=_s(case)) + "\n" + body.replace("{other}", _s(case, 3))
            out.append(Planted(case, family, ((name, text),), "", args))
    return out


def _planted_cases() -> list[Planted]:
    cases = [
        Planted("dkr200-unknown-instruction", "DKR", (("Dockerfile", f"FROM alpine:3.19\nENV A=1\nDB_PASSWORD={_s('dkr200-unknown-instruction')}\nUSER app\n"),), "DKR200"),
        Planted("dkr200-lost-continuation", "DKR", (("Dockerfile", f"FROM alpine:3.19\nRUN ./configure \\\n  --prefix=/x\nAPI_TOKEN {_s('dkr200-lost-continuation')} more\nUSER app\n"),), "DKR200"),
        Planted("dkr200-bad-flag", "DKR", (("Dockerfile", f"FROM alpine:3.19\nCOPY --chown={_s('dkr200-bad-flag')}=x a b\nRUN --mount=type=secret,id={_s('dkr200-bad-flag', 1)},env=X=y true\nUSER app\n"),), ""),
        Planted("dkr210-add-url", "DKR", (("Dockerfile", f"FROM alpine:3.19\nADD https://deploy:{_s('dkr210-add-url')}@example.com/p.tgz?access_token={_s('dkr210-add-url', 1)} /x\nUSER app\n"),), "DKR210"),
        Planted("tfn300-stray-token", "NET", (("main.tf", f'resource "aws_security_group" "a" {{\n  name = "a"\n}}\n{_s("tfn300-stray-token")}\n'),), "NET300"),
        Planted("tfn300-token-in-expression", "NET", (("main.tf", f'locals {{\n  a = "x" {_s("tfn300-token-in-expression")}\n}}\n'),), "NET300"),
        Planted("tfn300-unterminated-string", "NET", (("main.tf", f'locals {{\n  password = "{_s("tfn300-unterminated-string")}\n}}\n'),), "NET300"),
        Planted("tfn300-unclosed-block", "NET", (("main.tf", f'resource "aws_security_group" "a" {{\n  name = "a"\n  description = {_s("tfn300-unclosed-block")}\n  tags = {{\n'),), "NET300"),
        Planted("tfn-verbose-notice", "NET", (("main.tf", _SG_UNKNOWN.format(secret=_s("tfn-verbose-notice"))),), "could not be resolved"),
        Planted("tfn-unknown-warn", "NET", (("main.tf", _SG_UNKNOWN.format(secret=_s("tfn-unknown-warn"))),
                                            ("pyproject.toml", '[tool.sechooks.tfn]\nunknown = "warn"\n')), "NET3"),
        Planted("iam400-broken-json", "IAM", (("policy.json", '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*",\n'
                                                               f' "Resource": "*", "Sid": "{_s("iam400-broken-json")}" x}}]}}\n'),), "IAM400"),
        Planted("iam400-secret-as-token", "IAM", (("policy.json", f'{{"Version": "2012-10-17", "Statement": {_s("iam400-secret-as-token")}}}\n'),), "IAM400"),
        Planted("iam400-heredoc", "IAM", (("main.tf", 'resource "aws_iam_policy" "p" {\n  policy = <<EOF\n{"Version": "2012-10-17", "Statement": [\n'
                                                      f'  {{"Effect": "Allow", "Action": "*", "Resource": "*", "Sid": {_s("iam400-heredoc")} }}\n]}}\nEOF\n}}\n'),), "IAM400"),
        Planted("iam-verbose-notice", "IAM", (("main.tf", 'resource "aws_iam_policy" "p" {\n  policy = jsonencode({Statement = [{Effect = "Allow",\n'
                                                          f'    Action = lookup(var.m, "{_s("iam-verbose-notice")}"), Resource = "*"}}]}})\n}}\n'),), ""),
        Planted("py500-syntax-error", "PY", (("module.py", f'password = "{_s("py500-syntax-error")}" +\n'),), "PY500"),
        Planted("py500-token", "PY", (("module.py", f"token = {_s('py500-token')} {_s('py500-token', 1)}\n"),), "PY500"),
        Planted("py500-unterminated", "PY", (("module.py", f"x = 1\napi_key = '{_s('py500-unterminated')}\n"),), "PY500"),
        Planted("k8s600-broken", "K8S", (("pod.yaml", f"apiVersion: v1\nkind: Pod\nspec:\n  containers: [\"{_s('k8s600-broken')}\n"),), "K8S600"),
        Planted("k8s621-env", "K8S", (("pod.yaml", "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: a\n      image: 'a:1'\n"
                                                   f"      env: [{{name: DB_PASSWORD, value: {_s('k8s621-env')}}}]\n"),), "K8S621"),
        Planted("gha700-broken", "GHA", (("action.yml", f"name: a\nruns:\n  using: composite\n  steps: [\"{_s('gha700-broken')}\n"),), "GHA700"),
        Planted("cmp800-broken", "CMP", (("docker-compose.yml", f"services:\n  web:\n    image: nginx:1.25\n    environment: [\"{_s('cmp800-broken')}\n"),), "CMP800"),
        Planted("cfn900-broken", "CFN", (("template.yaml", f"AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  A: [\"{_s('cfn900-broken')}\n"),), "CFN900"),
        Planted("sec-minified-json", "SEC", (("config.json", f'{{"db":{{"password":"{_s("sec-minified-json")}"}},"other":1}}'),), ""),
        Planted("sec-url-query", "SEC", (("notes.txt", f"see https://user:{_s('sec-url-query')}@db.internal/x?access_token={_s('sec-url-query', 1)}\n"),), ""),
    ]
    return [c for c in cases + _pragma_cases() if c.prefix in HOOKS]


PLANTED = _planted_cases()


def _plant(case: Planted, where: Path) -> Path:
    root = where / case.id
    for name, text in case.files:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def _leaked(text: str, secrets: list[str]) -> list[str]:
    lower = text.lower()
    return [s[:4] + "..." for s in secrets if s in text or s.lower() in lower]


@pytest.mark.parametrize("case", PLANTED, ids=[c.id for c in PLANTED])
def test_no_secret_on_any_message_path(case: Planted, tmp_path: Path) -> None:
    from sechooks import scan

    root = _plant(case, tmp_path)
    secrets = case.secrets
    assert secrets, "the case plants at least one secret"
    hook = HOOKS[case.prefix].HOOK
    names = [name for name, text in case.files if hook.matches(name) or (hook.sniff is not None and hook.sniff(text))]
    seen = ""
    for fmt in ("text", "json", "sarif"):
        report = tmp_path / f"report.{fmt}"
        for argv in (["--format", fmt, "--verbose", *case.args, *names],
                     ["--format", fmt, "-o", str(report), *case.args, *names]):
            code, out, err = call(HOOKS[case.prefix].main, argv, root)
            written = report.read_text(encoding="utf-8") if "-o" in argv and report.exists() else ""
            assert code in (0, 1, 2), err
            assert "Traceback" not in err and "internal error" not in err, err[-800:]
            assert not _leaked(out + err + written, secrets), f"{case.id}: {' '.join(argv[:2])} {'-o' if written else ''} leaks: {out + err + written}"[:3000]
            seen += out + err + written
        code, out, err = call(scan.scan, ["--format", fmt, "--verbose", *case.args, "."], root)
        assert code in (0, 1, 2) and "Traceback" not in err, err[-800:]
        assert not _leaked(out + err, secrets), f"{case.id}: sechooks scan --format {fmt} leaks: {out + err}"[:3000]
    baseline = tmp_path / "baseline.json"
    code, out, err = call(scan.baseline, ["-o", str(baseline), *case.args, "."], root)
    written = baseline.read_text(encoding="utf-8") if baseline.exists() else ""
    assert not _leaked(out + err + written, secrets), f"{case.id}: sechooks baseline leaks: {out + err + written}"[:3000]
    # the path under test was exercised: the expected finding, problem or notice is there
    assert case.expect in seen, f"{case.id}: expected {case.expect!r} in the output: {seen[:1500]}"
    if "pragma" in case.id:
        assert "error:" in seen or '"errors": [{' in seen, f"{case.id}: the pragma problem is reported: {seen[:1500]}"


def test_planted_cases_cover_every_message_path() -> None:
    ids = {c.id for c in PLANTED}
    for family in HOOKS:
        assert {f"{family}-pragma-{n}" for n in range(len(_PRAGMAS))} <= ids
    reserved = {"SEC": None, "DKR": "DKR200", "NET": "NET300", "IAM": "IAM400", "PY": "PY500", "K8S": "K8S600",
                "GHA": "GHA700", "CMP": "CMP800", "CFN": "CFN900"}
    for family, rule in reserved.items():
        if family in HOOKS and rule:
            assert any(c.expect == rule for c in PLANTED), rule


# --- #21: reads only inside the repository root, writes only what the user named ---------
#
# Each hook and each command runs in a child process under an audit hook (sys.addaudithook)
# that logs every file it opens (and how), every directory it lists, every file it renames,
# removes or creates, and every program it starts. The tree holds, for every hook, a
# symlink to a file outside the root with a planted secret, a symlinked directory, a
# Terraform sibling and `file()` target outside the root, and FIFOs under names each hook
# matches. The checks: no hang; no file outside the root is opened (except the Python
# installation and the hook's private cache); nothing is written but the report file the
# user named with -o or the baseline file; the tree, the cwd and the outside folder keep
# every byte and mtime; the outside secret appears nowhere.

AUDITED = r"""
import json, os, sys
log = open(sys.argv[1], "w", buffering=1)
WRITE = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC

def record(*item):
    log.write(json.dumps([os.getcwd(), *item]) + "\n")

def hook(event, args):
    if event == "open":
        path, mode, flags = args
        if isinstance(path, (str, bytes)):
            writes = bool(flags & WRITE) or any(c in (mode or "") for c in "wax+")
            record("write" if writes else "read", os.fsdecode(path))
    elif event in ("os.listdir", "os.scandir") and isinstance(args[0], (str, bytes)):
        record("list", os.fsdecode(args[0]))
    elif event in ("os.rename", "os.remove", "os.rmdir", "os.mkdir", "os.symlink", "os.link", "os.chmod", "os.utime", "os.truncate"):
        for path in args[:2] if event in ("os.rename", "os.symlink", "os.link") else args[:1]:
            if isinstance(path, (str, bytes)):
                record("write", os.fsdecode(path))
    elif event == "subprocess.Popen":
        record("exec", os.fsdecode(args[0]), [os.fsdecode(a) for a in args[1]])
    elif event.startswith("socket.") and event != "socket.__new__":
        record("network", event)

sys.addaudithook(hook)
import importlib
target, argv = sys.argv[2], sys.argv[3:]
module, _, function = target.partition(":")
raise SystemExit(getattr(importlib.import_module(module), function)(argv))
"""
TIME_LIMIT = 60.0  # a FIFO read blocks forever; a cold python-hcl2 grammar cache on a busy machine takes ~15 s
_OUTSIDE_SECRET = _secret("outside-the-root")


@dataclasses.dataclass
class Audited:
    code: int | None
    stdout: str
    stderr: str
    events: list[list[Any]]


def run_audited(target: str, argv: list[str], cwd: Path, cache: Path) -> Audited:
    """Run `module:function(argv)` in a child under the audit hook, with a time limit."""
    import subprocess
    import sys
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        log = Path(scratch, "events")
        env = {k: v for k, v in os.environ.items() if not k.startswith("SECHOOKS_")}
        env.update(XDG_CACHE_HOME=str(cache), HOME=str(cache))
        proc = subprocess.Popen([sys.executable, "-c", AUDITED, str(log), target, *argv], cwd=cwd, env=env,
                                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            out, err = proc.communicate(timeout=TIME_LIMIT)
            code: int | None = proc.returncode
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
            code = None
        events = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines() if line.endswith("]")]
    return Audited(code, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), events)


def _fifo(path: Path) -> None:
    os.mkfifo(path)


@pytest.fixture()
def hostile_tree(tmp_path: Path) -> tuple[Path, Path]:
    """(root, outside): a git work tree whose symlinks, siblings, file() targets point outside
    it, plus FIFOs; `outside` holds the planted secret in every hook's format."""
    import subprocess

    root, outside = tmp_path / "repo", tmp_path / "outside"
    root.mkdir()
    (outside / "dir").mkdir(parents=True)
    s = _OUTSIDE_SECRET
    targets = {
        "Dockerfile": f"FROM alpine:3.19\nENV DB_PASSWORD={s}\nADD https://u:{s}@example.com/x /x\n",
        "leak.tf": f'resource "aws_security_group" "o" {{\n  description = "{s}"\n  ingress {{\n    from_port = 22\n    to_port = 22\n'
                   f'    protocol = "tcp"\n    cidr_blocks = ["0.0.0.0/0"]\n  }}\n}}\n{s}\n',
        "variables.tf": f'variable "cidr" {{\n  default = "0.0.0.0/0"\n  description = "{s}"\n}}\n',
        "policy.json": f'{{"Version": "2012-10-17", "Statement": [{{"Sid": "{s}", "Effect": "Allow", "Action": "*", "Resource": "*"}}]}}\n',
        "leak.py": f'password = "{s}"\nimport subprocess\nsubprocess.call(x, shell=True)  {s}\n',
        "creds.env": f"AWS_SECRET_ACCESS_KEY={s}\nDB_PASSWORD={s}\n",
    }
    for name, text in targets.items():
        (outside / name).write_text(text)
        (outside / "dir" / name).write_text(text)
    files = {
        "Dockerfile": "FROM alpine:3.19\nRUN echo hi\n",
        "main.tf": ('resource "aws_security_group" "web" {\n  ingress {\n    from_port = 22\n    to_port = 22\n    protocol = "tcp"\n'
                    '    cidr_blocks = [var.cidr, file("../outside/creds.env"), file("fifo.txt"), file("link.txt")]\n  }\n}\n'
                    'resource "aws_iam_policy" "p" {\n  policy = file("${path.module}/../outside/policy.json")\n}\n'
                    'resource "aws_iam_policy" "q" {\n  policy = templatefile("fifo.json.tpl", {})\n}\n'),
        "iam/policy.json": '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}\n',
        "app.py": "import subprocess\nsubprocess.call(x, shell=True)\n",
        "settings.env": "DB_PASSWORD=Ab3dE5gH7jK9mN1pQ3\n",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    links = {"Dockerfile.ci": "Dockerfile", "leak.tf": "leak.tf", "variables.tf": "variables.tf", "iam/leak.json": "policy.json",
             "leak.py": "leak.py", "creds.env": "creds.env", "link.txt": "creds.env"}
    for name, target in links.items():
        os.symlink(os.path.relpath(outside / target, (root / name).parent), root / name)
    os.symlink(os.path.relpath(outside / "dir", root), root / "vendor")
    for name in ("Dockerfile.fifo", "fifo.tf", "iam/fifo.json", "fifo.py", "fifo.env", "fifo.txt", "fifo.json.tpl"):
        _fifo(root / name)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    return root, outside


def _snapshot(top: Path) -> dict[str, tuple[Any, ...]]:
    out: dict[str, tuple[Any, ...]] = {}
    for dirpath, dirnames, filenames in os.walk(top):
        for name in dirnames + filenames:
            path = Path(dirpath, name)
            if ".git" in path.relative_to(top).parts[:1]:
                continue
            st = path.lstat()
            digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() and not path.is_symlink() else os.readlink(path) if path.is_symlink() else ""
            out[str(path.relative_to(top))] = (st.st_mode, st.st_size, st.st_mtime_ns, digest)
    return out


def _allowed_reads(cache: Path) -> list[str]:
    import sys
    import sysconfig

    import sechooks

    places = {sys.prefix, sys.base_prefix, sys.exec_prefix, str(cache), *sechooks.__path__,
              *(p for p in sys.path if p and os.path.isdir(p) and not p.startswith(tempfile_root())),
              *sysconfig.get_paths().values()}
    return sorted({os.path.realpath(p) for p in places} | {"/dev/null", "/dev/urandom", "/etc/localtime"})


def tempfile_root() -> str:
    import tempfile

    return os.path.realpath(tempfile.gettempdir())


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def _violations(result: Audited, root: Path, cache: Path, named: set[str]) -> list[str]:
    allowed = _allowed_reads(cache)
    real_root = os.path.realpath(root)
    bad = []
    for cwd, kind, path, *_ in (e for e in result.events if e[1] in ("read", "write", "list")):
        real = os.path.realpath(os.path.join(cwd, path))
        if kind == "write":
            if real in named or _within(real, os.path.realpath(cache)) or real == "/dev/null":
                continue
            if any(os.path.dirname(real) == os.path.dirname(n) and not os.path.exists(real) for n in named):
                continue  # a temporary file beside the named output, gone afterwards (atomic write)
            bad.append(f"wrote {path}")
        elif not _within(real, real_root) and not any(_within(real, a) for a in allowed):
            bad.append(f"{kind} {path} (-> {real})")
    bad += [f"network {e[2]}" for e in result.events if e[1] == "network"]
    bad += [f"ran {e[3]}" for e in result.events if e[1] == "exec" and os.path.basename(e[2]) != "git"]
    return sorted(set(bad))


def _commands(root: Path, out: Path) -> list[tuple[str, str, list[str], set[str]]]:
    """(label, module:function, argv, files the user named for writing)."""
    listed = [p.relative_to(root).as_posix() for p in sorted(root.rglob("*")) if ".git" not in p.parts and not p.is_dir()]
    rows = []
    for prefix, module in sorted(HOOKS.items()):
        mine = [p for p in listed if module.HOOK.matches(p)]
        report = str(out / f"{prefix}.sarif")
        rows.append((module.HOOK.name, f"{module.__name__}:main", ["--format", "sarif", "--verbose", "-o", report, *mine], {report}))
    rows.append(("sechooks scan", "sechooks.umbrella:main", ["scan", "--format", "json", "--verbose", "-o", str(out / "scan.json"), "."], {str(out / "scan.json")}))
    rows.append(("sechooks baseline", "sechooks.umbrella:main", ["baseline", "."], {str(root / ".sechooks-baseline.json")}))
    rows.append(("sechooks baseline -o", "sechooks.umbrella:main", ["baseline", "-o", str(out / "b.json"), "."], {str(out / "b.json")}))
    return rows


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """HOME and XDG_CACHE_HOME of the audited children: the hooks' own cache lives there."""
    return tmp_path_factory.mktemp("cache")


def test_reads_only_inside_the_root_and_writes_only_what_was_named(hostile_tree: tuple[Path, Path], tmp_path: Path, cache: Path) -> None:
    root, outside = hostile_tree
    out = tmp_path / "out"
    out.mkdir()
    problems = []
    for label, target, argv, named in _commands(root, out):
        before_root, before_out = _snapshot(root), _snapshot(outside)
        result = run_audited(target, argv, root, cache)
        if result.code is None:
            problems.append(f"{label}: no answer within {TIME_LIMIT:g} s (a FIFO read?)")
            continue
        named_real = {os.path.realpath(n) for n in named}
        for n in named:
            if not os.path.exists(n):
                problems.append(f"{label}: did not write {n}")
        if "Traceback" in result.stderr or "internal error" in result.stderr or result.code not in (0, 1, 2):
            problems.append(f"{label}: exit {result.code}: {result.stderr[-300:]}")
        problems += [f"{label}: {v}" for v in _violations(result, root, cache, named_real)]
        after_root = _snapshot(root)
        changed = sorted(k for k in set(before_root) | set(after_root)
                         if before_root.get(k) != after_root.get(k) and str(root / k) not in named)
        if changed:
            problems.append(f"{label}: changed in the tree: {changed}")
        if _snapshot(outside) != before_out:
            problems.append(f"{label}: changed outside the root")
        written = "".join(Path(n).read_text(encoding="utf-8", errors="replace") for n in named if os.path.isfile(n))
        if _leaked(result.stdout + result.stderr + written, [_OUTSIDE_SECRET]):
            problems.append(f"{label}: shows the secret from outside the root")
        for n in named:
            if os.path.isfile(n):
                os.unlink(n)
    assert not problems, "\n".join(problems)


def test_the_audit_hook_sees_reads_writes_and_programs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The harness itself: an outside read, a stray write and a program are all reported."""
    outside = tmp_path / "elsewhere.txt"
    outside.write_text("x")
    (tmp_path / "root").mkdir()
    script = tmp_path / "probe.py"
    script.write_text(
        "import os, subprocess\n"
        "def main(argv):\n"
        f"    open({str(outside)!r}).read()\n"
        "    open('stray.txt', 'w').write('x')\n"
        "    os.listdir('..')\n"
        "    subprocess.run(['true'])\n"
        "    return 0\n"
    )
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    result = run_audited("probe:main", [], tmp_path / "root", tmp_path / "cache")
    assert result.code == 0, result.stderr
    found = _violations(result, tmp_path / "root", tmp_path / "cache", set())
    assert any(v.startswith("read ") and "elsewhere.txt" in v for v in found), found
    assert "wrote stray.txt" in found and any(v.startswith("list ..") for v in found) and any(v.startswith("ran ") for v in found), found
