"""#22.1: the `sechooks` hook runs the whole suite in one process per pre-commit partition,
each family on the files it handles, with the separate hooks' findings and exit code."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml

from sechooks import dockerfile, iam, python, secrets, terraform
from sechooks.umbrella import main
from tests.conftest import ROOT_DOCKERFILE, write

CHECKOUT = Path(__file__).resolve().parent.parent
PASSWORD = "Kt7#pQ2v" + "Lm9xR4wZ"
FILES = {
    "Dockerfile": ROOT_DOCKERFILE,
    "settings.env": f"DB_PASSWORD={PASSWORD}\n",
    "app.py": "import subprocess\nsubprocess.call('ls', shell=True)\n",
    "main.tf": ('resource "aws_security_group" "x" {\n  ingress {\n    from_port = 22\n    to_port = 22\n'
                '    protocol = "tcp"\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n}\n'),
    "policy.json": '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}\n',
    "notes.md": "nothing to see\n",
}
FINDING = re.compile(r"^(\S+:\d+:\d+: [A-Z]+\d+) ", re.M)


def _manifest() -> list[dict[str, object]]:
    hooks = yaml.safe_load((CHECKOUT / ".pre-commit-hooks.yaml").read_text())
    assert isinstance(hooks, list)
    return hooks


def test_manifest_has_the_suite_hook_and_keeps_the_family_hooks() -> None:
    by_id = {h["id"]: h for h in _manifest()}
    suite = by_id["sechooks"]
    assert suite["entry"] == "sechooks scan"
    assert suite["types"] == ["file"] and "files" not in suite and "types_or" not in suite
    # one process per run (not one per core, each importing the whole suite); the scan
    # spreads a large run over the cores itself
    assert suite["language"] == "python" and suite["require_serial"] is True
    assert all("require_serial" not in h for h in _manifest() if h["id"] != "sechooks")
    assert {"sechooks-secrets", "sechooks-dockerfile", "sechooks-terraform", "sechooks-iam", "sechooks-python"} <= set(by_id)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    for name, text in FILES.items():
        write(tmp_path / name, text)
    write(tmp_path / ".hadolint.yaml", "ignored: [DL3008]\n")  # a peer's config: noted by `sechooks scan`, not by a hook
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PRE_COMMIT", "1")
    return tmp_path


def _findings(out: str) -> set[str]:
    return set(FINDING.findall(out))


def test_one_process_reports_what_the_five_hooks_report(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    names = sorted(FILES)
    separate: set[str] = set()
    worst = 0
    for module in (secrets, dockerfile, terraform, iam, python):
        capsys.readouterr()
        worst = max(worst, module.main(names))
        separate |= _findings(capsys.readouterr().out)
    capsys.readouterr()
    code = main(["scan", *names])
    out, err = capsys.readouterr()
    assert code == worst == 1
    assert _findings(out) == separate
    assert {f.split(": ")[1][:3] for f in separate} == {"SEC", "DKR", "NET", "IAM", "PY5"}
    assert PASSWORD not in out + err
    assert "not read by sechooks" not in err  # no peer notes at every commit (as the hooks)


def test_hook_and_disable_narrow_the_suite(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    names = sorted(FILES)
    capsys.readouterr()
    assert main(["scan", "--hook", "dockerfile", *names]) == 1
    assert {f.split(": ")[1][:3] for f in _findings(capsys.readouterr().out)} == {"DKR"}
    assert main(["scan", "--disable", "DKR,SEC,TFN,IAM", *names]) == 1
    assert {f.split(": ")[1][:2] for f in _findings(capsys.readouterr().out)} == {"PY"}


def test_clean_files_pass(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", "notes.md"]) == 0


@pytest.mark.e2e
def test_try_repo_runs_the_suite_hook(tmp_path: Path) -> None:
    from tests.e2e_test import _pre_commit, run

    home = str(tmp_path / "home")
    repo = tmp_path / "repo"
    repo.mkdir()
    run(["git", "init", "-q", str(repo)], repo, home)
    for name, text in FILES.items():
        write(repo / name, text)
    run(["git", "add", "."], repo, home)
    done = run([*_pre_commit(), "try-repo", str(CHECKOUT), "sechooks", "--all-files"], repo, home)
    assert done.returncode == 1, done.stdout + done.stderr
    for expected in ("Dockerfile:2:1: DKR201", "settings.env:1:", "main.tf:2:1: NET301", "app.py:2:1: PY501", "policy.json"):
        assert expected in done.stdout, done.stdout
    assert PASSWORD not in done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert "files/s" not in done.stdout + done.stderr  # no progress line under pre-commit
