"""Issue #22.3: a text file over the size cap is scanned by the secrets hook in windows.

Nothing here times a run in absolute terms (bench/large_file.py does): the tests assert
what is found, where, once, and that memory follows the window, not the file.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sechooks import secrets
from sechooks.core import files

KEY_ID = "AKIAQYLPMN5HHHFPZAM2"
SECRET = "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"  # pragma: allowlist secret
GHP = "ghp_" + "Zr8Qm2Lx7Vb4Nc1Tg6Hk9Wd3Pf5Sj0Ya8Ue2"  # pragma: allowlist secret
LOG = "2026-12-01T05:00:00Z INFO request {n:08d} GET /api/v1/items 200 in 12 ms from 10.0.0.7\n"


def token(n: int) -> str:
    """A distinct, well-formed GitHub token per n."""
    return GHP[:-4] + f"{n % 10000:04d}"


def log_lines(count: int, start: int = 0) -> list[str]:
    return [LOG.format(n=n) for n in range(start, start + count)]


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict, str]:  # type: ignore[type-arg]
    code = secrets.main(["--format", "json", *argv])
    out, err = capsys.readouterr()
    return code, json.loads(out), err


def where(doc: dict) -> list[tuple[str, int, int]]:  # type: ignore[type-arg]
    return sorted((f["rule"], f["line"], f["column"]) for f in doc["findings"])


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


CAP = "max_file_bytes = 100000\n"  # files just over a window (1 MiB) are streamed: quicker tests


def test_planted_aws_key_near_the_end_of_a_5mb_log_is_found(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = log_lines(5_000_000 // len(LOG.format(n=0)))
    lines[-3:-3] = [f"aws_access_key_id = {KEY_ID}\n", f'aws_secret_access_key = "{SECRET}"\n']
    (here / "app.log").write_text("".join(lines))
    assert (here / "app.log").stat().st_size > 2 * files.DEFAULT_MAX_BYTES
    code, doc, err = run_json(capsys, "app.log")
    assert code == 1
    n = len(lines) - 4  # 1-based line of the key id
    assert where(doc) == [("SEC101", n, 21), ("SEC102", n + 1, 26)]
    assert "skipped" not in err and "skipped" not in doc


def _boundary_file(here: Path) -> tuple[str, dict[int, str]]:
    """A 1.3 MB log with a token on every line around the first window boundaries (the
    end of the first window's owned part and the end of its text), and a PEM key block
    across the first one: returns the text and {line: token}."""
    overlap, size = secrets.WINDOW_OVERLAP, files.STREAM_WINDOW
    lines = log_lines(1_300_000 // len(LOG.format(n=0)))
    planted: dict[int, str] = {}
    offsets, at = [], 0
    for line in lines:
        offsets.append(at)
        at += len(line)
    for boundary in (size - overlap, size):
        first = next(i for i, o in enumerate(offsets) if o > boundary - 400)
        for i in range(first, first + 8):
            planted[i + 1] = token(i)
            lines[i] = f"export GITHUB_TOKEN={token(i)} # n={i}\n"
    first = next(i for i, o in enumerate(offsets) if o > size - overlap - 2000)
    body = "".join(f"{(chr(65 + k % 26) * 3 + 'q8Zp0Lk' * 9)[:64]}\n" for k in range(30))
    lines[first] = "-----BEGIN RSA PRIVATE KEY-----\n" + body + "-----END RSA PRIVATE KEY-----\n"
    planted[first + 1] = "pem"
    return "".join(lines), planted


def test_findings_across_window_boundaries_are_reported_once_at_their_lines(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text, planted = _boundary_file(here)
    (here / "big.log").write_text(text)
    (here / ".sechooks.toml").write_text(CAP)
    code, doc, _ = run_json(capsys, "big.log")
    assert code == 1
    found = sorted((f["line"], f["rule"]) for f in doc["findings"])
    # every planted token once, on its own line (the PEM block shifts later lines by 31)
    pem = next(n for n, t in planted.items() if t == "pem")
    expected = sorted((n if n <= pem else n + 31, "SEC113" if t == "pem" else "SEC103") for n, t in planted.items())
    assert found == expected
    # and exactly what a whole-file read reports, fingerprints included
    (here / ".sechooks.toml").write_text("max_file_bytes = 8388608\n")
    code, whole, err = run_json(capsys, "big.log")
    assert "skipped" not in err
    assert whole["findings"] == doc["findings"]


def test_a_window_cut_inside_a_very_long_line_keeps_lines_and_columns(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (here / ".sechooks.toml").write_text(CAP)
    row = "." * 700_000 + f" GITHUB_TOKEN={token(1)} " + "." * 700_000
    text = "header\n" + row + f"\nlast GITHUB_TOKEN={token(2)}\n"
    (here / "min.js").write_text(text)
    code, doc, _ = run_json(capsys, "min.js")
    assert where(doc) == [("SEC103", 2, row.index("ghp_") + 1), ("SEC103", 3, len("last GITHUB_TOKEN=") + 1)]


def test_pragmas_suppress_findings_in_a_streamed_file(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (here / ".sechooks.toml").write_text(CAP)
    lines = log_lines(15_000)
    lines[10] = f"t1={token(1)}  # pragma: allowlist secret\n"
    lines[12_000] = "# sechooks: ignore[SEC103] -- fixture\n"
    lines[12_001] = f"t2={token(2)}\n"
    lines[14_000] = f"t3={token(3)}\n"
    (here / "p.log").write_text("".join(lines))
    assert (here / "p.log").stat().st_size > files.STREAM_WINDOW
    code, doc, _ = run_json(capsys, "--report-unused-ignores", "p.log")
    assert where(doc) == [("SEC103", 14_001, 4)]
    assert doc["summary"]["suppressed"] == 2 and doc["errors"] == []


def test_file_wide_pragma_covers_every_window(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (here / ".sechooks.toml").write_text(CAP)
    lines = ["# sechooks: ignore-file[SEC103] -- test data\n", *log_lines(15_000)]
    lines[14_000] = f"t={token(5)}\n"
    (here / "q.log").write_text("".join(lines))
    code, doc, _ = run_json(capsys, "q.log")
    assert code == 0 and doc["findings"] == [] and doc["summary"]["suppressed"] == 1


def test_staged_blob_over_the_cap_is_streamed(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    subprocess.run(["git", "init", "-q", "."], check=True)
    (here / ".sechooks.toml").write_text(CAP)
    lines = log_lines(15_000)
    lines[-2] = f"token={token(7)}\n"
    (here / "s.log").write_text("".join(lines))
    (here / "small.txt").write_text(f"token={token(8)}\n")
    subprocess.run(["git", "add", "s.log", "small.txt"], check=True)
    (here / "s.log").write_text("clean now\n")  # the index, not the working tree, is read
    code, doc, err = run_json(capsys, "--staged")
    assert sorted((f["path"], f["line"]) for f in doc["findings"]) == [("s.log", 14_999), ("small.txt", 1)]
    assert "skipped" not in err


def test_full_file_hooks_still_skip_and_count_a_file_over_the_cap(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from sechooks import dockerfile

    (here / "Dockerfile").write_text("FROM ubuntu\n" + "RUN true\n" * (dockerfile.HOOK.max_bytes // 9 + 1))
    assert dockerfile.main(["--format", "json", "Dockerfile"]) == 0
    out, err = capsys.readouterr()
    assert "Dockerfile: skipped: " in err and "-byte limit" in err
    doc = json.loads(out)
    assert doc["summary"]["files_skipped"] == 1
    assert doc["skipped"][0]["path"] == "Dockerfile" and not doc["skipped"][0]["quiet"]
    assert dockerfile.main(["Dockerfile"]) == 0
    out, err = capsys.readouterr()
    assert out == "sechooks-dockerfile: 0 findings; 1 file skipped\n"
    assert dockerfile.main(["--format", "sarif", "Dockerfile"]) == 0
    notes = json.loads(capsys.readouterr().out)["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert [(n["level"], n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]) for n in notes] == [("warning", "Dockerfile")]


def test_binary_file_over_the_cap_is_not_streamed(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (here / "blob.dat").write_bytes(b"\0\1\2" * 1_000_000 + f"token={token(9)}".encode())
    code, doc, err = run_json(capsys, "blob.dat")
    assert code == 0 and doc["findings"] == []
    assert "blob.dat: skipped: " in err and doc["summary"]["files_skipped"] == 1


_PROBE = textwrap.dedent("""
    import resource, sys
    from sechooks.core import cli, config, files
    from sechooks.core.finding import Finding

    def check_window(path, window, ctx):
        at = window.text.find("AKIA")
        if at >= 0:
            line = window.text.count("\\n", 0, at) + 1
            col = at - (window.text.rfind("\\n", 0, at) + 1) + 1
            placed = window.place(Finding("SEC101", path, line, col, "key"))
            if placed is not None:
                yield placed

    hook = cli.Hook("probe", "SEC", None, lambda p: True, check_window=check_window, window_overlap=64 * 1024)
    engine = cli.Engine(config.Config(), ".")
    ctx = cli.Context("SEC", frozenset({"SEC101"}), {})
    engine.run(hook, ctx, [files.read_path(sys.argv[1], files.DEFAULT_MAX_BYTES)])
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, [(f.line, f.col) for f in engine.raw])
""")


def _peak(path: Path) -> tuple[int, str]:
    out = subprocess.run([sys.executable, "-c", _PROBE, str(path)], capture_output=True, text=True, check=True,
                         cwd=path.parent).stdout.split(" ", 1)
    return int(out[0]), out[1].strip()


@pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "darwin", reason="ru_maxrss in KiB on Linux")
def test_memory_follows_the_window_not_the_file(here: Path) -> None:
    row = "." * 99 + "\n"
    (here / "tiny.txt").write_text(row)
    (here / "m5.txt").write_text(row * 50_000 + f"k={KEY_ID}\n")
    with open(here / "m50.txt", "w") as f:
        for _ in range(10):
            f.write(row * 50_000)
        f.write(f"k={KEY_ID}\n")
    floor, _ = _peak(here / "tiny.txt")
    small, found5 = _peak(here / "m5.txt")
    large, found50 = _peak(here / "m50.txt")
    assert found5 == "[(50001, 3)]" and found50 == "[(500001, 3)]"
    # 10x the file must not cost 10x the memory: the window (1 MiB of text) bounds it
    assert large - floor < 2 * max(small - floor, 8 * 1024), (floor, small, large)


def test_diff_only_reports_the_added_lines_of_a_streamed_staged_file(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}

    def git(*args: str) -> None:
        subprocess.run(["git", *args], check=True, env={**os.environ, **env}, capture_output=True)

    git("init", "-q", ".")
    (here / ".sechooks.toml").write_text(CAP)
    lines = log_lines(15_000)
    lines[100] = f"old={token(1)}\n"
    (here / "d.log").write_text("".join(lines))
    git("add", "d.log")
    git("commit", "-qm", "base")
    lines[14_000] = f"new={token(2)}\n"
    (here / "d.log").write_text("".join(lines))
    git("add", "d.log")
    code, doc, _ = run_json(capsys, "--staged", "--diff-only")
    assert where(doc) == [("SEC103", 14_001, 5)]
