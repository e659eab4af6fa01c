"""End to end with the real pre-commit: the manifest installs and the hook blocks a commit.

Slow (pre-commit builds a virtualenv and pip-installs this checkout), so marked `e2e`;
`.ci/run` runs it. `try-repo` uses the working tree (uncommitted changes included);
the `pre-commit install` test pins the checkout's HEAD commit, like a user's `rev:`.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import GOOD_DOCKERFILE, ROOT_DOCKERFILE, write

pytestmark = pytest.mark.e2e
CHECKOUT = Path(__file__).resolve().parent.parent


def _pre_commit() -> list[str]:
    exe = shutil.which("pre-commit", path=os.path.dirname(sys.executable)) or shutil.which("pre-commit")
    if exe is None:
        pytest.skip("pre-commit is not installed (pip install -e '.[test]')")
    return [exe]


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tmp_path_factory.mktemp("pre-commit-home"))


def run(args: list[str], cwd: Path, home: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": home, "PRE_COMMIT_COLOR": "never"}
    env.update(GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t", GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@t")
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def _repo(tmp_path: Path, home: str) -> Path:
    run(["git", "init", "-q", str(tmp_path)], tmp_path, home)
    return tmp_path


def test_try_repo_blocks_a_bad_dockerfile_and_passes_a_good_one(tmp_path: Path, pre_commit_home: str) -> None:
    repo = _repo(tmp_path, pre_commit_home)
    write(repo / "Dockerfile", ROOT_DOCKERFILE)
    write(repo / "README.md", "not a Dockerfile\n")
    run(["git", "add", "."], repo, pre_commit_home)
    bad = run([*_pre_commit(), "try-repo", str(CHECKOUT), "sechooks-dockerfile", "--all-files"], repo, pre_commit_home)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "Dockerfile:2:1: DKR201 [high]" in bad.stdout
    assert "Traceback" not in bad.stdout + bad.stderr

    write(repo / "Dockerfile", GOOD_DOCKERFILE)
    run(["git", "add", "."], repo, pre_commit_home)
    good = run([*_pre_commit(), "try-repo", str(CHECKOUT), "sechooks-dockerfile", "--all-files"], repo, pre_commit_home)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout


def test_installed_hook_blocks_git_commit(tmp_path: Path, pre_commit_home: str) -> None:
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=CHECKOUT, capture_output=True, text=True)
    if head.returncode != 0:
        pytest.skip("the checkout has no commit to pin")
    repo = _repo(tmp_path, pre_commit_home)
    write(repo / ".pre-commit-config.yaml", (
        "repos:\n"
        f"-   repo: {CHECKOUT}\n"
        f"    rev: {head.stdout.strip()}\n"
        "    hooks:\n"
        "    -   id: sechooks-dockerfile\n"
    ))
    installed = run([*_pre_commit(), "install"], repo, pre_commit_home)
    assert installed.returncode == 0, installed.stderr
    write(repo / "svc/Dockerfile.prod", ROOT_DOCKERFILE)
    run(["git", "add", "."], repo, pre_commit_home)
    blocked = run(["git", "commit", "-qm", "add image"], repo, pre_commit_home)
    assert blocked.returncode != 0
    assert "svc/Dockerfile.prod:2:1: DKR201" in blocked.stdout + blocked.stderr
    assert run(["git", "rev-parse", "--verify", "HEAD"], repo, pre_commit_home).returncode != 0  # nothing committed

    write(repo / "svc/Dockerfile.prod", GOOD_DOCKERFILE)
    run(["git", "add", "."], repo, pre_commit_home)
    passed = run(["git", "commit", "-qm", "add image"], repo, pre_commit_home)
    assert passed.returncode == 0, passed.stdout + passed.stderr


def test_file_names_shaped_like_options_cannot_switch_the_gate_off(tmp_path: Path, pre_commit_home: str) -> None:
    """#21.1: pre-commit passes file names without `--`; a committed `--exclude=*` or
    `--output=victim.py` must stay a file name. The planted password is still reported and
    no file in the repository changes."""
    repo = _repo(tmp_path, pre_commit_home)
    planted = "Kt7#pQ2v" + "Lm9xR4wZ"
    contents = {
        "--exclude=*": "nothing here\n",
        "--output=victim.py": "nothing here either\n",
        "--format=json": "plain\n",
        "victim.py": "print('mine')\n",
        "settings.env": f"DB_PASSWORD={planted}\n",
    }
    for name, text in contents.items():
        write(repo / name, text)
    run(["git", "add", "--", *contents], repo, pre_commit_home)
    result = run([*_pre_commit(), "try-repo", str(CHECKOUT), "sechooks-secrets", "--all-files"], repo, pre_commit_home)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "settings.env:1:" in result.stdout and "SEC140" in result.stdout
    assert planted not in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert sorted(p.name for p in repo.iterdir() if p.name != ".git") == sorted(contents)
    for name, text in contents.items():
        assert (repo / name).read_text() == text


def _quickstart() -> str:
    readme = (CHECKOUT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- quickstart:start -->", 1)[1].split("<!-- quickstart:end -->", 1)[0]
    return block.split("```yaml\n", 1)[1].split("```", 1)[0]


def test_readme_quickstart_pins_a_commit_of_this_repository() -> None:
    import re

    rev = re.search(r"rev: (\S+)", _quickstart())
    assert rev is not None and re.fullmatch(r"[0-9a-f]{40}", rev.group(1)), "pin a full sha until a tag exists"
    known = subprocess.run(["git", "cat-file", "-e", f"{rev.group(1)}^{{commit}}"], cwd=CHECKOUT, capture_output=True)
    if subprocess.run(["git", "rev-parse", "--is-shallow-repository"], cwd=CHECKOUT, capture_output=True, text=True).stdout.strip() == "true":
        pytest.skip("a shallow clone may not hold the pinned commit")
    assert known.returncode == 0, f"the README pins {rev.group(1)}, which this repository does not have"


def test_readme_quickstart_blocks_a_bad_commit(tmp_path: Path, pre_commit_home: str) -> None:
    """#13.14: the README's block, copied as it is but for `repo` (tests have no network)."""
    config = _quickstart()
    assert "repo: https://github.com/sechooks/sechooks" in config
    repo = _repo(tmp_path, pre_commit_home)
    write(repo / ".pre-commit-config.yaml", config.replace("https://github.com/sechooks/sechooks", str(CHECKOUT)))
    installed = run([*_pre_commit(), "install"], repo, pre_commit_home)
    assert installed.returncode == 0, installed.stderr
    write(repo / "Dockerfile", ROOT_DOCKERFILE)
    run(["git", "add", "."], repo, pre_commit_home)
    blocked = run(["git", "commit", "-qm", "add image"], repo, pre_commit_home)
    assert blocked.returncode != 0, blocked.stdout + blocked.stderr
    assert "Dockerfile:2:1: DKR201" in blocked.stdout + blocked.stderr


def test_diff_only_under_real_pre_commit(tmp_path: Path, pre_commit_home: str) -> None:
    """#13.2: under `pre-commit run --all-files` with nothing staged, --diff-only checks the
    whole files and says so; with --from-ref/--to-ref it reports only what the range adds.
    The hook runs from this environment (`language: system`), so no install is needed."""
    repo = _repo(tmp_path, pre_commit_home)
    script = Path(sys.executable).with_name("sechooks-secrets")
    write(repo / ".pre-commit-config.yaml", (
        "repos:\n-   repo: local\n    hooks:\n"
        f"    -   id: secrets\n        name: secrets\n        entry: {script} --diff-only\n"
        "        language: system\n        types: [text]\n"
    ))
    old, new = "Kt7#pQ2v" + "Lm9xR4wZ", "Vb5!eW8n" + "Qz3kT6yH"
    write(repo / "app.env", f"OLD_PASSWORD={old}\n")
    run(["git", "add", "."], repo, pre_commit_home)
    run(["git", "commit", "-qm", "old", "--no-verify"], repo, pre_commit_home)
    everything = run([*_pre_commit(), "run", "--all-files"], repo, pre_commit_home)
    assert everything.returncode == 1, everything.stdout
    assert "app.env:1:" in everything.stdout and "adds no lines: checking the whole files" in everything.stdout
    write(repo / "app.env", f"OLD_PASSWORD={old}\nNEW_PASSWORD={new}\n")
    run(["git", "commit", "-qam", "new", "--no-verify"], repo, pre_commit_home)
    ranged = run([*_pre_commit(), "run", "--from-ref", "HEAD~1", "--to-ref", "HEAD"], repo, pre_commit_home)
    assert ranged.returncode == 1, ranged.stdout
    assert "app.env:2:" in ranged.stdout and "app.env:1:" not in ranged.stdout
    assert old not in ranged.stdout + everything.stdout and new not in ranged.stdout
