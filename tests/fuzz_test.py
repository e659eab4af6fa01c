"""Property-based fuzzing of every installed hook: arbitrary bytes and mutated fixtures must
never raise, never print a traceback, and exit 0 or 1.

Each example calls the hook's `main([...])` in-process on a temporary file. The default is
a short, deterministic run; a long campaign (random, many examples):

    SECHOOKS_FUZZ_EXAMPLES=5000 .venv/bin/pytest -q tests/fuzz_test.py
"""
from __future__ import annotations

import contextlib
import dataclasses
import functools
import io
import json
import math
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any, Callable, Iterator, Sequence

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from bench import generate
from sechooks.core import catalogue
from sechooks.scan import installed_modules
from tests.harness import TESTDATA

EXAMPLES = int(os.environ.get("SECHOOKS_FUZZ_EXAMPLES", "25"))
CAMPAIGN = "SECHOOKS_FUZZ_EXAMPLES" in os.environ
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,  # nothing written into the repository
    derandomize=not CAMPAIGN,  # CI runs the same examples every time; a campaign explores
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)

# file names each family's hook is given (the hook's `matches` must accept them)
NAMES = {
    "SEC": ("config.yaml", "settings.py", "deploy.env", "notes.txt"),
    "DKR": ("Dockerfile",),
    "NET": ("main.tf",),
    "IAM": ("policy.json", "main.tf"),
    "PY": ("module.py",),
    "K8S": ("deployment.yaml",),
    "GHA": ("action.yml",),
    "CMP": ("docker-compose.yml",),
    "CFN": ("template.cfn.yaml",),
}
# generator builders that give realistic seed content when testdata/ has none for a family
BUILDERS: dict[str, tuple[Callable[[random.Random, generate.Doc, int], None], ...]] = {
    "SEC": (generate.build_env, generate.build_yaml, generate.build_pem, generate.build_js, generate.build_shell),
    "DKR": (generate.build_dockerfile,),
    "NET": (generate.build_terraform, generate.build_terraform_plain),
    "IAM": (generate.build_policy, generate.build_terraform),
    "PY": (generate.build_python,),
    # the YAML hooks' seeds are their testdata/ fixtures
    "K8S": (),
    "GHA": (),
    "CMP": (),
    "CFN": (),
}


HOOKS: dict[str, ModuleType] = installed_modules()
PREFIXES = sorted(HOOKS)


def _seeds(prefix: str) -> list[tuple[str, bytes]]:
    """(file name, content): the family's fixtures under testdata/, plus generated files."""
    out: list[tuple[str, bytes]] = []
    matches = HOOKS[prefix].HOOK.matches
    if os.path.isdir(TESTDATA):
        for folder in sorted(os.listdir(TESTDATA)):
            if not folder.startswith(prefix):
                continue
            for path in sorted(Path(TESTDATA, folder).iterdir()):
                if path.is_file() and not path.name.endswith((".expect", ".toml")):
                    name = path.name if matches(path.name) else NAMES[prefix][0]
                    out.append((name, path.read_bytes()))
    rng = random.Random(f"fuzz:{prefix}")
    for index, build in enumerate(BUILDERS[prefix]):
        doc = generate.Doc("seed")
        build(rng, doc, 2)
        name = NAMES[prefix][index % len(NAMES[prefix])]
        if build in (generate.build_terraform, generate.build_terraform_plain):
            name = "main.tf"
        elif build is generate.build_policy:
            name = "policy.json"
        out.append((name, doc.text().encode()))
    return out


SEEDS = {prefix: _seeds(prefix) for prefix in PREFIXES}


@contextlib.contextmanager
def _scratch() -> Iterator[str]:
    here = os.getcwd()
    with tempfile.TemporaryDirectory() as tmp:
        os.chdir(tmp)
        try:
            yield tmp
        finally:
            os.chdir(here)


def run_hook(prefix: str, name: str, data: bytes, fmt: str = "text") -> tuple[int, str]:
    """Write `data` to `name` in a fresh directory and run the hook on it in-process."""
    out, err = io.StringIO(), io.StringIO()
    with _scratch():
        Path(name).write_bytes(data)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = HOOKS[prefix].main(["--format", fmt, name])
            except SystemExit as e:  # argparse or a hook exiting on its own
                code = e.code if isinstance(e.code, int) else 2
    return code, out.getvalue() + err.getvalue()


def _check(prefix: str, name: str, data: bytes, fmt: str) -> None:
    code, output = run_hook(prefix, name, data, fmt)
    assert "Traceback" not in output, output[-2000:]
    assert code in (0, 1), f"exit {code} for {name} ({len(data)} bytes): {output[-600:]}"


# --- mutations ----------------------------------------------------------------------

NEST = ("[", "{", "(", '{"a":', "[{", "${", "{{", "[[", "(((")
JUNK = (b"\x00", b"\xff\xfe", b"\xc3\x28", b"\xed\xa0\x80", b"\xf0\x28\x8c\x28", b"\r", b"\r\n", b"\\", b'"', b"'",
        b"}", b"]", b")", b"{", b"<<EOF", b"\t", b"\x1b[31m", b"\xe2\x80\xae", b"\xef\xbb\xbf")


@st.composite
def mutation(draw: st.DrawFn, data: bytes) -> bytes:
    buf = bytearray(data)
    for _ in range(draw(st.integers(1, 3))):
        op = draw(st.sampled_from(("truncate", "flip", "nest", "number", "junk", "crlf", "bom", "delete", "duplicate", "longline")))
        at = draw(st.integers(0, len(buf)))
        if op == "truncate":
            del buf[at:]
        elif op == "flip" and buf:
            index = min(at, len(buf) - 1)
            buf[index] ^= draw(st.integers(1, 255))
        elif op == "nest":
            opener = draw(st.sampled_from(NEST))
            depth = draw(st.sampled_from((10, 100, 1000, 5000)))
            buf[at:at] = (opener * depth).encode()
        elif op == "number":
            buf[at:at] = draw(st.sampled_from((b"9" * 400, b"1e999999", b"-0x" + b"f" * 64, b"99999999999999999999999", b"NaN", b"-1")))
        elif op == "junk":
            buf[at:at] = draw(st.sampled_from(JUNK)) * draw(st.integers(1, 4))
        elif op == "crlf":
            buf = bytearray(bytes(buf).replace(b"\n", b"\r\n"))
        elif op == "bom":
            buf[0:0] = b"\xef\xbb\xbf"
        elif op == "delete":
            del buf[at:at + draw(st.integers(1, 64))]
        elif op == "duplicate":
            end = min(len(buf), at + draw(st.integers(1, 200)))
            buf[at:at] = buf[at:end] * draw(st.integers(2, 20))
        elif op == "longline":
            buf[at:at] = draw(st.sampled_from((b"A", b"a=", b"${", b"\\", b" "))) * 20000
    return bytes(buf)


@st.composite
def mutated_seed(draw: st.DrawFn, prefix: str) -> tuple[str, bytes]:
    name, data = draw(st.sampled_from(SEEDS[prefix]))
    return name, draw(mutation(data))


pytestmark = pytest.mark.skipif(not PREFIXES, reason="no sechooks hook is installed yet")


@pytest.mark.parametrize("prefix", PREFIXES)
@FUZZ
@given(data=st.data())
def test_arbitrary_bytes(prefix: str, data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(NAMES[prefix]), label="name")
    payload = data.draw(st.binary(max_size=4096) | st.text(max_size=2048).map(lambda t: t.encode("utf-8", "surrogatepass")), label="payload")
    fmt = data.draw(st.sampled_from(("text", "json", "sarif")), label="format")
    _check(prefix, name, payload, fmt)


@pytest.mark.parametrize("prefix", PREFIXES)
@FUZZ
@given(data=st.data())
def test_mutated_fixtures(prefix: str, data: st.DataObject) -> None:
    name, payload = data.draw(mutated_seed(prefix), label="seed")
    fmt = data.draw(st.sampled_from(("text", "json", "sarif")), label="format")
    _check(prefix, name, payload, fmt)


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize("payload", [
    b"", b"\x00" * 64, b"\xef\xbb\xbf", b"\xff" * 100, b"\r\n" * 50, b"{" * 50000, b"[" * 50000,
    b"9" * 100000, b'"' * 10001, b"\\" * 10001, "\u202e\u0000\ud7ff".encode("utf-8", "surrogatepass"),
    # found by a campaign: CPython's parser raises MemoryError (not SyntaxError) on this nesting
    b"[{" * 99 + b"def f():\n    pass\n",
], ids=["empty", "nul", "bom-only", "invalid-utf8", "crlf-only", "braces", "brackets", "huge-number", "quotes",
        "backslashes", "bidi", "parser-memoryerror"])
def test_known_nasty_inputs(prefix: str, payload: bytes) -> None:
    for name in NAMES[prefix]:
        _check(prefix, name, payload, "text")


def test_seeds_exist_for_every_installed_hook() -> None:
    for prefix in PREFIXES:
        assert SEEDS[prefix], prefix
        assert all(HOOKS[prefix].HOOK.matches(name) for name, _ in SEEDS[prefix]), prefix


# --- structure-aware generators, each run in a child process under a time and memory limit ---
#
# Hostile files of a few hundred bytes to about a megabyte, built for the constructs each
# hook parses: nesting, repetition, expansion chains that double at every step, long lines
# of near-matches for every detector keyword, unterminated heredocs, strings and blocks,
# huge numbers, deep JSON. Each runs the real hook (`python -m sechooks.<hook>`) in a fresh
# directory with RLIMIT_AS and a wall-clock limit: a hang, a blow-up, a traceback or an
# "internal error" fails the case.
#
#     .venv/bin/python -m tests.fuzz_test            # every case, with time and peak memory

TIMEOUT = float(os.environ.get("SECHOOKS_FUZZ_TIMEOUT", "20"))  # CPU seconds per input
WALL = 3 * TIMEOUT  # wall seconds: a hang that burns no CPU (a FIFO); generous for a busy machine
MEMORY = 1 << 30  # bytes of address space per input
MB = 1_000_000


@dataclasses.dataclass(frozen=True)
class Case:
    prefix: str
    id: str
    name: str  # the file given to the hook
    build: Callable[[], bytes]
    extra: tuple[tuple[str, bytes], ...] = ()  # other files in the directory (siblings, config)
    args: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class Outcome:
    code: int | None  # None: killed at the time limit
    stdout: str
    stderr: str
    seconds: float  # wall
    cpu: float  # user + system of the child
    peak_mb: float  # the child's peak resident set
    size: int


# A small `python -S` process starts the hook and reports its exit status, CPU time and peak
# RSS: Linux counts the memory of the process that forks into the child's ru_maxrss, so the
# test process (tens of MB) must not be the one that forks the hook.
LAUNCHER = """
import json, os, resource, sys
report, limit, cpu, cmd = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
pid = os.fork()
if pid == 0:
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    os.execv(cmd[0], cmd)
_, status, usage = os.wait4(pid, 0)
with open(report, "w") as f:
    json.dump([os.waitstatus_to_exitcode(status), usage.ru_utime + usage.ru_stime, usage.ru_maxrss], f)
"""


def run_child(case: Case, data: bytes | None = None) -> Outcome:
    """Run `case`'s hook on its file in a fresh directory in a child process."""
    data = case.build() if data is None else data
    argv = ["-m", catalogue.MODULES[case.prefix], "--format", "json", "--verbose", *case.args, "--", case.name]
    return run_python(argv, (*case.extra, (case.name, data)), len(data))


def run_python(argv: list[str], files: Sequence[tuple[str, bytes]] = (), size: int = 0,
               timeout: float | None = None, cpu: float | None = None) -> Outcome:
    """`python ARGV` in a fresh directory holding `files`, under the memory, CPU and wall limits."""
    timeout = WALL if timeout is None else timeout
    cpu = TIMEOUT if cpu is None else cpu
    with tempfile.TemporaryDirectory() as tmp, tempfile.TemporaryDirectory() as scratch:
        for name, content in files:
            target = Path(tmp, name)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        env = {k: v for k, v in os.environ.items() if not k.startswith("SECHOOKS_")}
        report, out_path, err_path = (Path(scratch, n) for n in ("report", "out", "err"))
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            began = time.monotonic()
            proc = subprocess.Popen([sys.executable, "-S", "-c", LAUNCHER, str(report), str(MEMORY), str(math.ceil(cpu)),
                                     sys.executable, *argv],
                                    cwd=tmp, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                    start_new_session=True)
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)  # the launcher and the hook
                proc.wait()
            seconds = time.monotonic() - began
        code, cpu, peak_kb = json.loads(report.read_text()) if report.exists() else (None, seconds, 0)
        return Outcome(
            code,
            out_path.read_text(encoding="utf-8", errors="replace"),
            err_path.read_text(encoding="utf-8", errors="replace"),
            seconds, cpu, peak_kb / 1024, size,
        )


def check_outcome(case: Case, outcome: Outcome) -> None:
    what = f"{case.prefix} {case.id} ({outcome.size} bytes)"
    assert outcome.code is not None, f"{what}: no answer within {WALL:g} s (wall)"
    assert outcome.code != -signal.SIGXCPU and outcome.cpu < TIMEOUT, f"{what}: over {TIMEOUT:g} s of CPU"
    tail = outcome.stderr[-1500:]
    assert "Traceback" not in outcome.stderr and "internal error" not in outcome.stderr, f"{what}: {tail}"
    assert outcome.code in (0, 1, 2), f"{what}: exit {outcome.code}: {tail}"
    if outcome.code in (0, 1):
        assert json.loads(outcome.stdout)["findings"] is not None, f"{what}: no JSON report"
    else:
        assert outcome.stderr.strip(), f"{what}: exit 2 without a message"


def _lines(template: str, count: int) -> bytes:
    return "".join(template.format(i=i, j=i - 1) for i in range(count)).encode()


def _long_line(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _secrets_keywords() -> list[str]:
    """Every keyword a secrets detector waits for (detector tables hold them in `keywords`)."""
    import sechooks.engines.secrets as engine
    import sechooks.secrets as hook

    found: set[str] = set()
    for module in (hook, engine):
        for value in vars(module).values():
            if isinstance(value, (tuple, list)):
                for item in value:
                    words = getattr(item, "keywords", None)
                    if isinstance(words, tuple):
                        found.update(w for w in words if isinstance(w, str))
    return sorted(found)


def _near_misses(words: list[str], size: int) -> bytes:
    """One long line per keyword: the keyword glued to the shapes detectors look for next,
    repeated with no newline, so every start position is a near-match."""
    out = []
    for word in words:
        for unit in (f"{word}=aB3", f"{word}: 'x", f"{word}{word}", f"{word} "):
            out.append(_long_line(unit, size))
    return ("\n".join(out) + "\n").encode()


def _keyword_groups(size: int) -> list[tuple[str, Callable[[], bytes]]]:
    words = _secrets_keywords()
    groups = [words[i:i + 20] for i in range(0, len(words), 20)]
    return [(f"near-miss-keywords-{n}", functools.partial(_near_misses, group, size)) for n, group in enumerate(groups)]


def _doubling(first: str, step: str, depth: int, last: Callable[[str], str]) -> bytes:
    """`first`, then `step` for i = 1 .. depth-1 (each defined from the previous twice), then
    `last(name of the deepest)`: each step doubles what a naive expansion produces."""
    return (first + "".join(step.format(i=i, j=i - 1) for i in range(1, depth)) + last(str(depth - 1))).encode()


def _nested(opener: str, closer: str, depth: int, prefix: str = "", suffix: str = "") -> bytes:
    return (prefix + opener * depth + closer * depth + suffix).encode()


PASSWORD = "Zq8vR2mXk4Lp9wTbQ7"
NUMBER = "9" * 5000


def _secrets_cases() -> list[Case]:
    cases = [
        Case("SEC", "deep-json", "config.json", lambda: _nested('{"a":', "}", 30_000, suffix="\n").replace(b"::", f':{{"password":"{PASSWORD}"}}'.encode())),
        Case("SEC", "nested-brackets", "settings.py", lambda: _nested("[", "]", 60_000, "password = ", "\n")),
        Case("SEC", "nested-braces-yaml", "config.yaml", lambda: _nested("{", "}", 60_000, "password: ", "\n")),
        Case("SEC", "nested-parens", "notes.txt", lambda: _nested("(", ")", 60_000, "token=")),
        Case("SEC", "many-password-lines", "settings.py", lambda: _lines(f'password_{{i}} = "{PASSWORD}{{i}}"\n', 5_000)),
        Case("SEC", "many-hits-one-line", "deploy.env", lambda: (f"A={PASSWORD} " * 10_000).encode()),
        Case("SEC", "minified-json", "config.json", lambda: ("[" + ",".join(f'{{"db":{{"password":"{PASSWORD}{i}"}}}}' for i in range(5_000)) + "]").encode()),
        Case("SEC", "pragma-whitespace", "settings.py", lambda: ("#" + " " * 150_000 + "sechooks\n").encode()),
        Case("SEC", "pragma-whitespace-lines", "settings.py", lambda: ("#" + " " * 50 + "x\n").encode() * 3_000),
        Case("SEC", "many-pragma-problems", "settings.py", lambda: _lines("x{i} = 1  # sechooks: ignore[SEC999] -- why\n", 5_000), args=("--report-unused-ignores",)),
        Case("SEC", "pragmas-before-code", "settings.py", lambda: b"# sechooks: ignore[SEC101]\n" * 10_000 + f'password = "{PASSWORD}"\n'.encode()),
        Case("SEC", "allowlisted-hits", "settings.py", lambda: _lines(f'token_{{i}} = "{PASSWORD}{{i}}"  # pragma: allowlist secret\n', 5_000)),
        Case("SEC", "pem-unterminated", "notes.txt", lambda: b"-----BEGIN RSA PRIVATE KEY-----\n" + b"QUJD" * 16 + b"\n" + b"-----BEGIN RSA PRIVATE KEY-----\n" * 5_000),
        Case("SEC", "unterminated-string", "settings.py", lambda: ('password = "' + "aB3" * 100_000).encode()),
        Case("SEC", "huge-number", "config.yaml", lambda: f"port: {NUMBER * 20}\n".encode()),
        Case("SEC", "url-credentials-run", "notes.txt", lambda: ("https://u:" + "p@" * 100_000).encode()),
        Case("SEC", "template-run", "config.yaml", lambda: ("password: " + "${" * 100_000 + "\n").encode()),
        Case("SEC", "utf16-bom", "deploy.env", lambda: ("\ufeff" + f"DB_PASSWORD={PASSWORD}\n" * 5000).encode("utf-16-le")),
        Case("SEC", "nul-and-invalid", "notes.txt", lambda: b"password=\x00\xff" * 30_000),
    ]
    for ident, build in _keyword_groups(12_000):
        cases.append(Case("SEC", ident, "notes.txt", build))
    return cases


def _dockerfile_cases() -> list[Case]:
    return [
        Case("DKR", "exec-form-nesting", "Dockerfile", lambda: _nested("[", "]", 30_000, "FROM alpine\nRUN ", "\n")),
        Case("DKR", "json-nesting", "Dockerfile", lambda: _nested('["', '"]', 15_000, "FROM alpine\nCMD ", "\n")),
        Case("DKR", "arg-doubling", "Dockerfile", lambda: _doubling("FROM alpine\nARG A0=xxxxxxxx\n", "ARG A{i}=$A{j}$A{j}\n", 64, lambda n: f"RUN echo $A{n}\n")),
        Case("DKR", "arg-doubling-braces", "Dockerfile", lambda: _doubling("ARG A0=x\nFROM alpine:${A0}\n", "ARG A{i}=${{A{j}}}${{A{j}:-$A{j}}}\n", 64, lambda n: f"ENV B=${{A{n}}}\nUSER ${{A{n}}}\n")),
        Case("DKR", "env-doubling", "Dockerfile", lambda: _doubling("FROM alpine\nENV E0=abcdefgh\n", "ENV E{i}=$E{j}$E{j}\n", 64, lambda n: f"WORKDIR /$E{n}\n")),
        Case("DKR", "many-env", "Dockerfile", lambda: b"FROM alpine\n" + _lines("ENV V{i}=value{i} W{i}=$V{i}\n", 5_000)),
        Case("DKR", "many-arg-before-from", "Dockerfile", lambda: _lines("ARG V{i}=value{i}\n", 5_000) + b"FROM alpine\n"),
        Case("DKR", "many-stages", "Dockerfile", lambda: b"FROM alpine AS s0\n" + _lines("FROM s{j} AS s{i}\n", 5_000)[len("FROM s-1 AS s0\n"):]),
        Case("DKR", "many-copy", "Dockerfile", lambda: b"FROM alpine AS s0\nFROM alpine\n" + _lines("COPY --from=s0 /a{i} /b{i}\n", 5_000)),
        Case("DKR", "many-run", "Dockerfile", lambda: b"FROM alpine\n" + _lines("RUN curl -fsSL https://x/{i} | sh && apt-get install -y p{i} && chmod 777 /x{i}\n", 3_000)),
        Case("DKR", "heredoc-unterminated", "Dockerfile", lambda: b"FROM alpine\n" + _lines("RUN <<EOF{i}\necho {i}\n", 5_000)),
        Case("DKR", "heredoc-markers-one-line", "Dockerfile", lambda: b"FROM alpine\nRUN cat " + b"<<EOF " * 15_000 + b"\n"),
        Case("DKR", "continuations", "Dockerfile", lambda: b"FROM alpine\nRUN a \\\n" + b"  && b \\\n" * 30_000 + b"  && c\n"),
        Case("DKR", "continuation-comments", "Dockerfile", lambda: b"FROM alpine\nRUN a \\\n" + b"# c\n" * 30_000 + b"b\n"),
        Case("DKR", "unterminated-quote", "Dockerfile", lambda: ('FROM alpine\nRUN echo "' + "a 'b' \\\" " * 15_000 + "\n").encode()),
        Case("DKR", "huge-numbers", "Dockerfile", lambda: f"FROM alpine\nEXPOSE {NUMBER}\nEXPOSE 1-{NUMBER}/tcp\nUSER {NUMBER}:{NUMBER}\nHEALTHCHECK --interval={NUMBER}s CMD true\n".encode()),
        Case("DKR", "onbuild-chain", "Dockerfile", lambda: b"FROM alpine\n" + b"ONBUILD " * 15_000 + b"RUN x\n"),
        Case("DKR", "near-miss-line", "Dockerfile", lambda: ("FROM alpine\n" + "".join(f"RUN {_long_line(u, 20_000)}\n" for u in (
            "ADD http://", "curl -u a:", "$A", "${", "${A:-", "sudo ", "wget ", "--chmod=", "chmod 777", "@sha256:",
            "PASSWORD=", ":latest ", "&& ", "| sh", "\\\"", "'", "<<", "0.0.0.0:"))).encode()),
        Case("DKR", "add-url-run", "Dockerfile", lambda: ("FROM alpine\nADD https://u:" + "p@" * 30_000 + "h/x /x\n").encode()),
        Case("DKR", "crlf-and-bom", "Dockerfile", lambda: b"\xef\xbb\xbf" + b"FROM alpine\r\n" + b"ENV A=1 \\\r\n" * 15_000 + b"B=2\r\n"),
    ]


_SG = 'resource "aws_security_group" "g{i}" {{\n  ingress {{\n    from_port = {port}\n    to_port = {port}\n    protocol = "tcp"\n    cidr_blocks = {cidr}\n  }}\n}}\n'


def _with_resource(build: Callable[[], bytes]) -> Callable[[], bytes]:
    """Put a security group first in a file that has none: the hook parses only files that
    hold something it checks, and the hostile part must reach the parser."""
    def built() -> bytes:
        data = build()
        return data if b"resource" in data else _SG.format(i="first", port=22, cidr='["0.0.0.0/0"]').encode() + data
    return built


def _terraform_cases() -> list[Case]:
    return [dataclasses.replace(case, build=_with_resource(case.build)) for case in _terraform_files()]


def _terraform_files() -> list[Case]:
    return [
        Case("NET", "locals-concat-doubling", "main.tf", lambda: _doubling(
            'locals {\n  l0 = ["0.0.0.0/0", "10.0.0.0/8"]\n', "  l{i} = concat(local.l{j}, local.l{j})\n", 64,
            lambda n: "}\n" + _SG.format(i=0, port=22, cidr=f"local.l{n}"))),
        Case("NET", "locals-template-doubling", "main.tf", lambda: _doubling(
            'locals {\n  t0 = "0.0.0.0/0"\n', '  t{i} = "${{local.t{j}}}${{local.t{j}}}"\n', 64,
            lambda n: "}\n" + _SG.format(i=0, port=22, cidr=f'["${{local.t{n}}}"]'))),
        Case("NET", "locals-for-doubling", "main.tf", lambda: _doubling(
            'locals {\n  f0 = ["a", "b"]\n', "  f{i} = [for x in local.f{j} : [x, x]]\n", 64,
            lambda n: "}\n" + _SG.format(i=0, port=22, cidr=f"flatten(local.f{n})"))),
        Case("NET", "locals-setproduct", "main.tf", lambda: _doubling(
            'locals {\n  p0 = ["0.0.0.0/0", "1.2.3.4/32"]\n', "  p{i} = setproduct(local.p{j}, local.p{j})\n", 40,
            lambda n: "}\n" + _SG.format(i=0, port=22, cidr=f"flatten(local.p{n})"))),
        Case("NET", "distinct-many", "main.tf", lambda: ("locals {\n  d = distinct([" + ",".join(f'"10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}/32"' for i in range(15_000)) + "])\n}\n"
                                                         + _SG.format(i=0, port=22, cidr="local.d")).encode()),
        Case("NET", "many-locals", "main.tf", lambda: b"locals {\n" + _lines("  v{i} = local.v{j}\n", 8_000).replace(b"local.v-1", b'"0.0.0.0/0"') + b"}\n"
             + _SG.format(i=0, port=22, cidr="[local.v29999]").encode()),
        Case("NET", "many-resources", "main.tf", lambda: "".join(_SG.format(i=i, port=i % 65536, cidr='["0.0.0.0/0"]') for i in range(2_000)).encode()),
        Case("NET", "many-variables", "main.tf", lambda: _lines('variable "v{i}" {{\n  default = "0.0.0.0/0"\n}}\n', 3_000) + _SG.format(i=0, port=22, cidr="[var.v9999]").encode()),
        Case("NET", "nested-brackets", "main.tf", lambda: _nested("[", "]", 30_000, "locals {\n  x = ", "\n}\n")),
        Case("NET", "nested-parens", "main.tf", lambda: _nested("(", ")", 30_000, "locals {\n  x = ", "\n}\n")),
        Case("NET", "nested-objects", "main.tf", lambda: _nested("{a = ", "}", 15_000, "locals {\n  x = ", "\n}\n").replace(b"= }", b"= 1}")),
        Case("NET", "nested-blocks", "main.tf", lambda: _nested("a {\n", "}\n", 15_000)),
        Case("NET", "nested-templates", "main.tf", lambda: _nested('"${', '}"', 8_000, "locals {\n  x = ", "\n}\n").replace(b'${}', b'${1}')),
        Case("NET", "unclosed-block-large", "main.tf", lambda: b'resource "aws_security_group" "x" {\n' + _lines("  tags_{i} = \"v{i}\"\n", 15_000)),
        Case("NET", "unclosed-blocks", "main.tf", lambda: _lines('resource "aws_security_group" "x{i}" {{\n', 8_000)),
        Case("NET", "heredoc-unterminated", "main.tf", lambda: b"locals {\n  h = <<EOT\n" + b"${a}\n" * 30_000),
        Case("NET", "heredoc-markers", "main.tf", lambda: b"locals {\n" + _lines("  h{i} = <<EOT{i}\n", 8_000)),
        Case("NET", "unterminated-string", "main.tf", lambda: ('locals {\n  s = "' + "${" * 30_000 + "\n").encode()),
        Case("NET", "huge-port", "main.tf", lambda: _SG.format(i=0, port=NUMBER, cidr='["0.0.0.0/0"]').encode()),
        Case("NET", "huge-numbers", "main.tf", lambda: f'locals {{\n  a = {NUMBER}\n  b = {NUMBER}e{NUMBER}\n  c = -{NUMBER}.{NUMBER}\n  d = 1e999999\n}}\n'.encode()
             + _SG.format(i=0, port="local.a", cidr='["0.0.0.0/0"]').encode()),
        Case("NET", "stray-tokens", "main.tf", lambda: _lines(f"{PASSWORD}{{i}} ", 15_000)),
        Case("NET", "near-miss-line", "main.tf", lambda: ("locals {\n" + "".join(f"  n{k} = \"{_long_line(u, 20_000)}\"\n" for k, u in enumerate((
            "0.0.0.0/", "${", "%{", "var.", "local.", "::/", "*", "\\\"", "$${"))) + "}\n").encode()),
        Case("NET", "jsonencode-deep", "main.tf", lambda: _nested("jsonencode({a = ", "})", 5_000, "locals {\n  j = ", "\n}\n").replace(b"= }", b"= 1}")),
        Case("NET", "sibling-tfvars", "main.tf",
             lambda: _SG.format(i=0, port=22, cidr="var.cidrs").encode(),
             extra=(("variables.tf", b'variable "cidrs" {\n  default = ' + b"[" * 15_000 + b"\n}\n"),
                    ("terraform.tfvars", _lines('v{i} = "0.0.0.0/0"\n', 5_000)))),
        Case("NET", "file-function", "main.tf",
             lambda: b'resource "aws_iam_policy" "p" {\n  policy = file("${path.module}/p.json")\n}\n' + _SG.format(i=0, port=22, cidr='[file("cidr.txt")]').encode(),
             extra=(("p.json", b"[" * 30_000), ("cidr.txt", b"0.0.0.0/0" * 30_000))),
    ]


def _policy(statements: str) -> bytes:
    return ('{"Version": "2012-10-17", "Statement": [' + statements + "]}\n").encode()


_ALLOW = '{{"Effect": "Allow", "Action": "{action}", "Resource": "{resource}"}}'


def _iam_cases() -> list[Case]:
    return [
        Case("IAM", "action-glob-backtracking", "policy.json", lambda: _policy(_ALLOW.format(action="iam:" + "*?" * 40 + "#", resource="*"))),
        Case("IAM", "action-glob-long", "policy.json", lambda: _policy(_ALLOW.format(action="iam:" + "*?a" * 5_000 + "#", resource="*"))),
        Case("IAM", "many-glob-actions", "policy.json", lambda: _policy(",".join(_ALLOW.format(action=f"s{i}:*Get*?*Put*?*", resource="*") for i in range(2_000)))),
        Case("IAM", "not-action-globs", "policy.json", lambda: _policy('{"Effect": "Allow", "NotAction": [' + ",".join(f'"iam:*{i}*?*"' for i in range(2_000)) + '], "Resource": "*"}')),
        Case("IAM", "many-statements", "policy.json", lambda: _policy(",".join(_ALLOW.format(action=f"s3:Get{i}", resource=f"arn:aws:s3:::b{i}/*") for i in range(4_000)))),
        Case("IAM", "deep-json", "policy.json", lambda: _nested('{"a":', "}", 30_000, '{"Version": "2012-10-17", "Statement": ', "}").replace(b"::", b":1}")),
        Case("IAM", "deep-arrays", "policy.json", lambda: _policy(_nested("[", "]", 30_000).decode())),
        Case("IAM", "deep-condition", "policy.json", lambda: _policy('{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": ' + _nested('{"a":', "}", 15_000).decode().replace("::", ":1}") + "}")),
        Case("IAM", "huge-numbers", "policy.json", lambda: (f'{{"Version": {NUMBER}, "Statement": [{{"Effect": "Allow", "Action": {NUMBER}, "Resource": 1e999999, "Sid": -{NUMBER}.{NUMBER}}}]}}\n').encode()),
        Case("IAM", "long-strings", "policy.json", lambda: _policy(_ALLOW.format(action="s3:" + "Get" * 60_000, resource="arn:aws:" * 15_000))),
        Case("IAM", "unterminated", "policy.json", lambda: b'{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "' + b"*" * 150_000),
        Case("IAM", "duplicate-keys", "policy.json", lambda: ("{" + ",".join(f'"Statement": []' for _ in range(15_000)) + "}").encode()),
        Case("IAM", "terraform-policy-docs", "main.tf", lambda: _lines(
            'data "aws_iam_policy_document" "d{i}" {{\n  statement {{\n    actions = ["iam:*?*?*?*?*?*?*?#", "s3:*"]\n    resources = ["*"]\n  }}\n}}\n', 2_000)),
        Case("IAM", "terraform-jsonencode-many", "main.tf", lambda: ('resource "aws_iam_policy" "p" {\n  policy = jsonencode({Version = "2012-10-17", Statement = ['
                                                                   + ",".join(f'{{Effect = "Allow", Action = "s{i}:*", Resource = "*"}}' for i in range(3_000)) + "]})\n}\n").encode()),
        Case("IAM", "terraform-locals-doubling", "main.tf", lambda: _doubling(
            'locals {\n  a0 = ["iam:*"]\n', "  a{i} = concat(local.a{j}, local.a{j})\n", 64,
            lambda n: f'}}\nresource "aws_iam_policy" "p" {{\n  policy = jsonencode({{Statement = [{{Effect = "Allow", Action = local.a{n}, Resource = "*"}}]}})\n}}\n')),
        Case("IAM", "terraform-heredoc-policy", "main.tf", lambda: b'resource "aws_iam_policy" "p" {\n  policy = <<EOF\n' + _policy(_nested("[", "]", 15_000).decode()) + b"\n"),
    ]


def _python_cases() -> list[Case]:
    return [
        Case("PY", "nested-brackets", "module.py", lambda: _nested("[", "]", 30_000, "x = ", "\n")),
        Case("PY", "nested-parens", "module.py", lambda: _nested("(", ")", 30_000, "x = ", "\n")),
        Case("PY", "nested-calls", "module.py", lambda: _nested("f(", ")", 15_000, "x = ", "\n")),
        Case("PY", "long-binop-chain", "module.py", lambda: ("x = " + "+".join(["a"] * 60_000) + "\n").encode()),
        Case("PY", "long-attribute-chain", "module.py", lambda: ("subprocess" + ".a" * 60_000 + "(shell=True)\n").encode()),
        Case("PY", "deep-indentation", "module.py", lambda: "".join(" " * i + "if x:\n" for i in range(150)).encode() + b" " * 150 + b"eval(x)\n"),
        Case("PY", "many-statements", "module.py", lambda: b"import subprocess\n" + _lines("subprocess.call(x{i}, shell=True)  # nosec B999\n", 8_000)),
        Case("PY", "many-defs", "module.py", lambda: _lines("def f{i}(a=eval('1'), *, b=exec('2')):\n    assert a\n    return pickle.loads(b)\n", 3_000)),
        Case("PY", "many-pragmas", "module.py", lambda: _lines("x{i} = 1  # sechooks: ignore[PY999] -- why\n", 5_000), args=("--report-unused-ignores",)),
        Case("PY", "huge-int-literal", "module.py", lambda: ("x = " + NUMBER * 20 + "\n").encode()),
        Case("PY", "huge-string", "module.py", lambda: ('password = "' + "aB3" * 100_000 + '"\n').encode()),
        Case("PY", "unterminated-triple-quote", "module.py", lambda: b'x = """' + b"a\n" * 60_000),
        Case("PY", "near-miss-line", "module.py", lambda: ("".join(f"# {_long_line(u, 20_000)}\n" for u in (
            "eval(", "# nosec", "subprocess.", "shell=True", "yaml.load(", "pickle.", "md5(", "0.0.0.0", "password=", "'"))).encode()),
        Case("PY", "fstring-nesting", "module.py", lambda: ('x = f"' + "{f'" * 100 + "a" + "'}" * 100 + '"\n').encode()),
        Case("PY", "crlf-bom-nul", "module.py", lambda: b"\xef\xbb\xbfimport os\r\n" + b"os.system(x)\r\n" * 15_000 + b"\x00"),
    ]


# the YAML hooks share one loader: the same hostile shapes for each, behind its pre-filter
_YAML_HEADS = {
    "K8S": ("deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\n"),
    "GHA": ("action.yml", "name: a\nruns:\n  using: composite\n"),
    "CMP": ("docker-compose.yml", "services:\n  web:\n    image: nginx:1.25\n"),
    "CFN": ("template.cfn.yaml", "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n"),
}


def _yaml_cases(prefix: str) -> list[Case]:
    name, head = _YAML_HEADS[prefix]
    laughs = 'l0: &l0 ["x","x","x","x","x","x","x","x","x","x"]\n' + "".join(
        f"l{i}: &l{i} [" + ",".join([f"*l{i - 1}"] * 10) + "]\n" for i in range(1, 10))
    return [
        Case(prefix, "billion-laughs", name, lambda: (head + laughs).encode()),
        Case(prefix, "nested-flow", name, lambda: _nested("[", "]", 30_000, head + "x: ", "\n")),
        Case(prefix, "nested-blocks", name, lambda: (head + "".join("  " * i + "k:\n" for i in range(600))).encode()),
        Case(prefix, "many-documents", name, lambda: ((head + "---\n") * 6_000).encode()),
        Case(prefix, "alias-doubling", name, lambda: (head + "a0: &a0 x\n" + "".join(
            f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}]\n" for i in range(1, 40))).encode()),
        Case(prefix, "many-anchors", name, lambda: head.encode() + _lines("k{i}: &n{i} {{a: 1}}\nm{i}: {{<<: *n{i}, b: 2}}\n", 8_000)),
        Case(prefix, "huge-scalar", name, lambda: (head + "x: " + "aB3" * 300_000 + "\n").encode()),
        Case(prefix, "many-keys", name, lambda: head.encode() + _lines("key{i}: value{i}\n", 60_000)),
        Case(prefix, "unterminated-quote", name, lambda: (head + 'x: "' + "a\n" * 60_000).encode()),
        Case(prefix, "long-line-of-colons", name, lambda: (head + "x: " + ":" * 200_000 + "\n").encode()),
        Case(prefix, "many-pragmas", name, lambda: head.encode() + _lines("k{i}: v  # sechooks: ignore[" + prefix + "999] -- why\n", 5_000), args=("--report-unused-ignores",)),
    ]



STRUCTURED: list[Case] = [
    case for prefix, build in (("SEC", _secrets_cases), ("DKR", _dockerfile_cases), ("NET", _terraform_cases),
                               ("IAM", _iam_cases), ("PY", _python_cases),
                               *((p, functools.partial(_yaml_cases, p)) for p in _YAML_HEADS))
    if prefix in HOOKS for case in build()
]


@pytest.mark.parametrize("case", STRUCTURED, ids=[f"{c.prefix}-{c.id}" for c in STRUCTURED])
def test_structured_input_in_a_limited_child(case: Case) -> None:
    check_outcome(case, run_child(case))


def test_every_installed_hook_has_structured_cases() -> None:
    covered = {case.prefix for case in STRUCTURED}
    assert covered == set(PREFIXES)
    assert all(HOOKS[case.prefix].HOOK.matches(case.name) for case in STRUCTURED)


def test_the_child_harness_catches_a_hang_and_a_blow_up() -> None:
    slow = run_python(["-c", "import time; time.sleep(30)"], timeout=1.0)
    assert slow.code is None and slow.seconds < 5
    busy = run_python(["-c", "while True: pass"], cpu=1)
    assert busy.code == -signal.SIGXCPU and 0.5 <= busy.cpu < 3
    big = run_python(["-c", "b = bytearray(3 << 30)"])
    assert big.code == 1 and "MemoryError" in big.stderr
    small = run_python(["-c", "b = bytearray(200 << 20); b[::4096] = b'x' * len(b[::4096])"])
    assert small.code == 0 and 200 < small.peak_mb < 400  # the hook's own peak, not the test process's


def summary(cases: list[Case]) -> list[dict[str, Any]]:
    """Run every case; per hook: inputs, failures, worst CPU seconds per MB (inputs of 100 KB
    or more, where start-up does not dominate), worst peak memory."""
    rows: dict[str, dict[str, Any]] = {}
    for case in cases:
        outcome = run_child(case)
        try:
            check_outcome(case, outcome)
            failed = ""
        except AssertionError as e:
            failed = str(e).splitlines()[0][:160]
        row = rows.setdefault(case.prefix, {"hook": catalogue.FAMILIES[case.prefix], "inputs": 0, "failed": [],
                                            "worst_s_per_mb": 0.0, "worst_s_per_mb_case": "", "worst_peak_mb": 0.0,
                                            "worst_peak_mb_case": "", "worst_seconds": 0.0, "worst_seconds_case": ""})
        row["inputs"] += 1
        if failed:
            row["failed"].append(f"{case.id}: {failed}")
        per_mb = outcome.cpu / (outcome.size / MB) if outcome.size >= 100_000 else 0.0
        for key, value in (("worst_s_per_mb", per_mb), ("worst_peak_mb", outcome.peak_mb), ("worst_seconds", outcome.seconds)):
            if value > row[key]:
                row[key], row[f"{key}_case"] = round(value, 3), case.id
        print(f"{case.prefix:<4} {case.id:<32} {outcome.size / 1024:>8.0f} KB  exit {outcome.code}  "
              f"{outcome.seconds:6.2f} s  cpu {outcome.cpu:6.2f} s  {outcome.peak_mb:7.1f} MB  {failed}", file=sys.stderr, flush=True)
    return list(rows.values())


if __name__ == "__main__":
    print(json.dumps(summary(STRUCTURED), indent=1))
