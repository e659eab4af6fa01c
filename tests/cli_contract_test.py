"""The contract every command and hook keeps with its user, checked on the real console
scripts: `--help` and `--version` exit 0; a bad option, a missing path and an unwritable
`-o` are one line on stderr and exit 2, never a traceback."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sechooks.core.version import VERSION
from tests.conftest import write

BIN = Path(sys.executable).parent
HOOKS = ["sechooks-secrets", "sechooks-dockerfile", "sechooks-terraform", "sechooks-iam", "sechooks-python",
         "sechooks-kubernetes", "sechooks-actions", "sechooks-compose", "sechooks-cloudformation"]
SUBCOMMANDS = ["rules", "explain", "scan", "baseline", "init"]
COMMANDS = [["sechooks"], *(["sechooks", sub] for sub in SUBCOMMANDS), *([hook] for hook in HOOKS)]
# A file each command can be pointed at, so that only the case under test can fail.
CLEAN_FILE = {
    "sechooks-secrets": "clean.txt", "sechooks-dockerfile": "Dockerfile", "sechooks-terraform": "main.tf",
    "sechooks-iam": "policy.json", "sechooks-python": "app.py", "scan": "clean.txt", "baseline": "clean.txt",
    "sechooks-kubernetes": "pod.yaml", "sechooks-actions": "action.yml", "sechooks-compose": "compose.yaml",
    "sechooks-cloudformation": "stack.template.yaml",
}
MODULES = {"sechooks": "sechooks.umbrella", **{h: f"sechooks.{h.split('-')[1]}" for h in HOOKS}}


def _argv(command: list[str]) -> list[str]:
    script = BIN / command[0]
    if script.exists():
        return [str(script), *command[1:]]
    return [sys.executable, "-m", MODULES[command[0]], *command[1:]]  # not installed as scripts


def _name(command: list[str]) -> str:
    return " ".join(command)


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    write(tmp_path / "clean.txt", "nothing to see\n")
    write(tmp_path / "Dockerfile", "FROM ubuntu:24.04\nUSER 10001\nHEALTHCHECK NONE\n")
    write(tmp_path / "main.tf", 'variable "x" {}\n')
    write(tmp_path / "policy.json", '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}\n')
    write(tmp_path / "app.py", "x = 1\n")
    write(tmp_path / "pod.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: b}\n")
    write(tmp_path / "action.yml", "name: a\nruns:\n  using: composite\n  steps:\n    - run: make\n      shell: bash\n")
    write(tmp_path / "compose.yaml", "services:\n  web:\n    image: nginx:1.25\n    user: '10001'\n")
    write(tmp_path / "stack.template.yaml", "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  B:\n    Type: AWS::S3::Bucket\n")
    return tmp_path


def run(command: list[str], args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("SECHOOKS_DEBUG", "PRE_COMMIT_FROM_REF", "PRE_COMMIT_TO_REF")}
    return subprocess.run([*_argv(command), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60)


def assert_usage_error(proc: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    assert proc.stderr.count("\n") == 1 and proc.stderr.strip(), proc.stderr


@pytest.mark.parametrize("command", COMMANDS, ids=_name)
def test_help_exits_0(command: list[str], workdir: Path) -> None:
    proc = run(command, ["--help"], workdir)
    assert proc.returncode == 0 and proc.stderr == "" and "usage:" in proc.stdout


@pytest.mark.parametrize("flag", ["--version", "-V"])
@pytest.mark.parametrize("command", COMMANDS, ids=_name)
def test_version_exits_0(command: list[str], flag: str, workdir: Path) -> None:
    proc = run(command, [flag], workdir)
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    assert proc.stdout.count("\n") == 1 and VERSION in proc.stdout


@pytest.mark.parametrize("command", COMMANDS, ids=_name)
def test_bad_option_is_one_line(command: list[str], workdir: Path) -> None:
    assert_usage_error(run(command, ["--no-such-option"], workdir))


@pytest.mark.parametrize("command", COMMANDS, ids=_name)
def test_missing_path_is_one_line(command: list[str], workdir: Path) -> None:
    proc = run(command, ["no/such/Dockerfile.tf"], workdir)
    assert_usage_error(proc)
    if command[-1] in CLEAN_FILE:
        assert "no/such/Dockerfile.tf" in proc.stderr


@pytest.mark.parametrize("target", ["/nonexistent/dir/out.txt", "/tmp"])
@pytest.mark.parametrize("command", COMMANDS, ids=_name)
def test_unwritable_output_is_one_line(command: list[str], target: str, workdir: Path) -> None:
    paths = [CLEAN_FILE[command[-1]]] if command[-1] in CLEAN_FILE else []
    before = sorted(p.name for p in workdir.iterdir())
    assert_usage_error(run(command, ["-o", target, *paths], workdir))
    assert sorted(p.name for p in workdir.iterdir()) == before
