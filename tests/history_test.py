"""`sechooks scan --since REF` / `--history`: the lines each commit of a range added, each
finding naming the commit that added it (secrets already committed are found before a push)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from sechooks.umbrella import main
from tests.conftest import git, write

TOKEN = "ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5"


def commit(message: str) -> str:
    git("add", "-A")
    git("commit", "-q", "-m", message)
    return git("rev-parse", "HEAD").strip()


def findings(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[tuple[str, str, int, str]]]:
    code = main(["scan", "--format", "json", *args])
    out = capsys.readouterr().out
    data = json.loads(out) if out else {"findings": []}
    return code, [(f["rule"], f["path"], f["line"], str(f["extra"].get("commit", ""))) for f in data["findings"]]


@pytest.fixture
def history(repo: Path) -> dict[str, str]:
    write(repo / "app.py", f'legacy = "{TOKEN.replace("A", "B")}"\nx = 1\n')
    base = commit("base, with a secret the range does not add")
    write(repo / "app.py", f'legacy = "{TOKEN.replace("A", "B")}"\nx = 1\ntoken = "{TOKEN}"\n')
    leak = commit("leak")
    write(repo / "app.py", f'legacy = "{TOKEN.replace("A", "B")}"\nx = 1\n')
    commit("remove it again")
    write(repo / "Dockerfile", "FROM ubuntu:22.04\nUSER root\nHEALTHCHECK NONE\n")
    docker = commit("docker")
    return {"base": base, "leak": leak, "docker": docker}


def test_since_finds_a_secret_added_then_removed(history: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    code, found = findings(capsys, "--since", history["base"])
    assert code == 1
    assert found == [("DKR201", "Dockerfile", 2, history["docker"][:12]), ("SEC103", "app.py", 3, history["leak"][:12])]
    assert main(["scan", "app.py"]) == 1  # the working tree still has the old secret ...
    capsys.readouterr()


def test_lines_the_range_did_not_add_are_not_reported(history: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    _, found = findings(capsys, "--since", history["leak"], "--hook", "secrets")
    assert found == []  # ... which predates the range; the leak is before it too


def test_text_names_the_commit_and_masks_the_secret(history: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", "--since", history["base"], "--hook", "secrets"]) == 1
    out = capsys.readouterr().out
    assert f"(added in {history['leak'][:12]})" in out and TOKEN[4:] not in out


def test_history_takes_pre_commits_push_range(history: dict[str, str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRE_COMMIT_FROM_REF", history["leak"])
    monkeypatch.setenv("PRE_COMMIT_TO_REF", history["docker"])
    assert findings(capsys, "--history")[1] == [("DKR201", "Dockerfile", 2, history["docker"][:12])]
    monkeypatch.setenv("PRE_COMMIT_FROM_REF", "0" * 40)  # a new branch: every commit no remote has
    assert {rule for rule, *_ in findings(capsys, "--history")[1]} == {"SEC103", "DKR201"}


def test_the_baseline_still_applies(history: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    write(Path("app.py"), f'legacy = "{TOKEN.replace("A", "B")}"\nx = 1\ntoken = "{TOKEN}"\n')
    assert main(["baseline", "app.py"]) == 0
    git("checkout", "-q", "--", "app.py")
    capsys.readouterr()
    assert [f[0] for f in findings(capsys, "--since", history["base"])[1]] == ["DKR201"]


@pytest.mark.parametrize("args", [("--history",), ("--since", "no-such-ref"), ("--since", "HEAD", "app.py"), ("--since", "HEAD", "--staged")])
def test_usage_errors_are_one_line(history: dict[str, str], capsys: pytest.CaptureFixture[str], args: tuple[str, ...]) -> None:
    assert main(["scan", *args]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
