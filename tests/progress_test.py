"""#16.2: the progress line appears on a terminal for a long run, never in a captured one."""
from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from sechooks import scan as scanning

SLOW = "import sechooks.scan as s; s.Progress.DELAY = 0.0; s.Progress.EVERY = 0.0; "


def _tree(tmp_path: Path, n: int = 30) -> Path:
    for i in range(n):
        (tmp_path / f"f{i}.env").write_text(f"NAME_{i}=value{i}\n")
    return tmp_path


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "PRE_COMMIT")}
    env.update(extra)
    return env


def _run_on_pty(cwd: Path, env: dict[str, str]) -> str:
    """stderr on a pseudo-terminal, stdout captured."""
    master, slave = pty.openpty()
    code = SLOW + "from sechooks.umbrella import main; raise SystemExit(main(['scan', '--jobs', '1', '.']))"
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=cwd, env=env,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    proc.communicate(timeout=60)
    os.close(master)
    return b"".join(chunks).decode("utf-8", "replace")


def test_progress_line_appears_on_a_terminal_and_is_cleared(tmp_path: Path) -> None:
    seen = _run_on_pty(_tree(tmp_path), _env())
    assert "/30 files" in seen and "files/s" in seen and "ETA" in seen, seen
    assert seen.rstrip("\r\n").endswith("\r\x1b[K")  # cleared at the end


@pytest.mark.parametrize("env", [{"CI": "true"}, {"PRE_COMMIT": "1"}])
def test_no_progress_in_ci_or_pre_commit_even_on_a_terminal(tmp_path: Path, env: dict[str, str]) -> None:
    seen = _run_on_pty(_tree(tmp_path), _env(**env))
    assert "files/s" not in seen and "\x1b[K" not in seen, seen


def test_never_in_a_captured_run(tmp_path: Path) -> None:
    code = SLOW + "from sechooks.umbrella import main; raise SystemExit(main(['scan', '.']))"
    done = subprocess.run([sys.executable, "-c", code], cwd=_tree(tmp_path), env=_env(),
                          capture_output=True, text=True, timeout=60)
    assert "files/s" not in done.stderr and "\x1b" not in done.stderr, done.stderr


def test_short_runs_show_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scanning.Progress, "wanted", staticmethod(lambda: True))
    progress = scanning.Progress(10)
    writes: list[str] = []
    monkeypatch.setattr(sys.stderr, "write", writes.append)
    for _ in range(10):
        progress.advance(1, "sechooks-secrets")
    progress.clear()
    assert writes == []  # under a second: nothing written, nothing to clear
