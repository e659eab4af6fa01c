"""Property-based fuzzing of every installed hook: arbitrary bytes and mutated fixtures must
never raise, never print a traceback, and exit 0 or 1.

Each example calls the hook's `main([...])` in-process on a temporary file. The default is
a short, deterministic run; a long campaign (random, many examples):

    SECHOOKS_FUZZ_EXAMPLES=5000 .venv/bin/pytest -q tests/fuzz_test.py
"""
from __future__ import annotations

import contextlib
import io
import os
import random
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Callable, Iterator

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from bench import generate
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
    "TFN": ("main.tf",),
    "IAM": ("policy.json", "main.tf"),
    "PY": ("module.py",),
}
# generator builders that give realistic seed content when testdata/ has none for a family
BUILDERS: dict[str, tuple[Callable[[random.Random, generate.Doc, int], None], ...]] = {
    "SEC": (generate.build_env, generate.build_yaml, generate.build_pem, generate.build_js, generate.build_shell),
    "DKR": (generate.build_dockerfile,),
    "TFN": (generate.build_terraform, generate.build_terraform_plain),
    "IAM": (generate.build_policy, generate.build_terraform),
    "PY": (generate.build_python,),
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
