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


def _hook_files(prefix: str, files: list[str]) -> list[str]:
    matches = HOOKS[prefix].HOOK.matches
    return [f for f in files if matches(f)]


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
    mine = _hook_files(prefix, files)
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
    mine = _hook_files(prefix, files)
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
        code, _, err = call(HOOKS[prefix].main, ["--format", "sarif", "--verbose", *_hook_files(prefix, files)], base)
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
