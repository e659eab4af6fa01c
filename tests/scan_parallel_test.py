"""#16.1: `sechooks scan --jobs N` writes the same bytes as `--jobs 1` on a generated tree."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

import pytest

from bench.generate import generate
from sechooks import scan as scanning
from sechooks.umbrella import main


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("parallel")
    generate(str(root), 100, seed=11)
    old = os.getcwd()
    os.chdir(root / "tree")
    try:
        yield root / "tree"
    finally:
        os.chdir(old)


def _scan(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["scan", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_parallel_output_is_byte_identical_to_serial(tree: Path, capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    monkeypatch.delenv("PRE_COMMIT", raising=False)
    # small partitions so that even this tree is cut into several, as a big one is
    monkeypatch.setattr(scanning, "BATCH_FILES", 20)

    serial = _scan(capsys, "--jobs", "1", "--format", fmt, "--hook", "secrets,terraform,iam,python", ".")
    parallel = _scan(capsys, "--jobs", "2", "--format", fmt, "--hook", "secrets,terraform,iam,python", ".")
    assert serial[0] == parallel[0] == 1, serial[2] + parallel[2]
    assert serial[1] == parallel[1]
    assert serial[1].count("SEC") > 5  # the planted secrets are there, not an empty report


def test_parallel_run_really_uses_partitions(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scanning, "BATCH_FILES", 20)
    names = scanning.collect(["."], ".")
    chunks = scanning._partitions(names, 2)
    assert len(chunks) > 2
    assert [n for c in chunks for n in c] == names


def test_default_jobs_is_every_core_under_pre_commit_too(monkeypatch: pytest.MonkeyPatch) -> None:
    """The `sechooks` hook is require_serial: pre-commit starts one process, which
    partitions a large run itself; a commit's few files stay in one partition."""
    monkeypatch.setenv("PRE_COMMIT", "1")
    assert scanning.default_jobs() == (os.cpu_count() or 1)
    monkeypatch.delenv("PRE_COMMIT")
    assert scanning.default_jobs() == (os.cpu_count() or 1)
    assert len(scanning._partitions([f"f{i}.py" for i in range(10)], 2)) == 1


def test_jobs_must_be_positive(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _scan(capsys, "--jobs", "0", ".")
    assert code == 2 and "--jobs" in err and "Traceback" not in err


def test_verbose_ends_with_files_and_time_per_hook(tree: Path, capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PRE_COMMIT", raising=False)
    for jobs in ("1", "2"):
        _, _, err = _scan(capsys, "-v", "--jobs", jobs, "--hook", "secrets,iam", ".")
        last = err.strip().splitlines()[-1]
        assert last.startswith("sechooks: per hook: secrets ") and " files " in last and ", iam " in last, last
        assert " s, iam " in last and last.endswith(" s"), last


def _die(names: list[str]) -> None:
    os._exit(3)  # a worker killed mid-partition (the OOM killer, a crash)


_die.__module__, _die.__qualname__ = "sechooks.scan", "_worker_scan"  # pickled by that name


def test_a_dead_worker_is_one_error_line_not_a_traceback(tree: Path, capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PRE_COMMIT", raising=False)
    monkeypatch.setattr(scanning, "BATCH_FILES", 20)
    monkeypatch.setattr(scanning, "_worker_scan", _die)
    code, out, err = _scan(capsys, "--jobs", "2", "--hook", "secrets", ".")
    assert code == 2 and out == ""
    assert err.strip().splitlines()[-1].startswith("sechooks scan: error: a scan worker process stopped unexpectedly")
    assert "Traceback" not in err
