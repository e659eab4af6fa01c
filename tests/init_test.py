"""`sechooks init` and the peer-config translation behind it (hooks/core/peers.py)."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from sechooks.core import config as configuration, peers
from sechooks.core.version import VERSION
from sechooks.umbrella import main
from tests.conftest import write

HOOK_IDS = ["sechooks-secrets", "sechooks-dockerfile", "sechooks-terraform", "sechooks-iam", "sechooks-python",
            "sechooks-kubernetes", "sechooks-actions", "sechooks-compose", "sechooks-cloudformation"]
TOKEN = "ghp_" + "Zq3Xw9Lp0Kd7Vb4Nc8Ty1Hs5Jm2Ge6Rf" + "Qa3U"


def init(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["init", *args])
    out, err = capsys.readouterr()
    return code, out, err


def loaded(text: str) -> configuration.Config:
    """The translation as the hooks will read it: valid TOML, valid sechooks config."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    return configuration.from_mapping(tomllib.loads(text), ".sechooks.toml")


def ours(repo: Path) -> dict[str, Any]:
    data = yaml.safe_load((repo / ".pre-commit-config.yaml").read_text())
    (entry,) = [r for r in data["repos"] if "sechooks" in r["repo"]]
    return dict(entry)


# --- .pre-commit-config.yaml --------------------------------------------------------

def test_init_writes_a_pinned_precommit_config(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = init(capsys)
    assert code == 0, err
    entry = ours(repo)
    assert entry["rev"] == f"v{VERSION}"
    assert [h["id"] for h in entry["hooks"]] == HOOK_IDS
    assert f"rev v{VERSION}" in err


def test_init_appends_to_an_existing_config(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = (
        "default_stages: [pre-commit]\n"
        "repos:\n"
        "  - repo: https://github.com/pre-commit/pre-commit-hooks\n"
        "    rev: v4.6.0\n"
        "    hooks:\n"
        "      - id: trailing-whitespace  # keep me\n"
    )
    write(repo / ".pre-commit-config.yaml", before)
    assert init(capsys)[0] == 0
    text = (repo / ".pre-commit-config.yaml").read_text()
    assert text.startswith(before)
    data = yaml.safe_load(text)
    assert data["default_stages"] == ["pre-commit"] and len(data["repos"]) == 2
    assert ours(repo)["rev"] == f"v{VERSION}"
    assert init(capsys)[2].count("already lists sechooks") == 1  # a second run adds nothing
    assert (repo / ".pre-commit-config.yaml").read_text() == text


def test_init_prints_the_block_when_it_cannot_append(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = "repos:\n-   repo: local\n    hooks: []\nci:\n    autofix_prs: false\n"
    write(repo / ".pre-commit-config.yaml", before)
    code, _, err = init(capsys)
    assert code == 0
    assert (repo / ".pre-commit-config.yaml").read_text() == before
    assert "cannot append" in err and f"rev: v{VERSION}" in err and "id: sechooks-secrets" in err


def test_init_dry_run_writes_nothing(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / ".hadolint.yaml", "ignored: [DL3002]\n")
    code, out, _ = init(capsys, "--dry-run")
    assert code == 0 and f"rev: v{VERSION}" in out and '"DKR201"' in out
    assert not (repo / ".pre-commit-config.yaml").exists() and not (repo / ".sechooks.toml").exists()


# --- .sechooks.toml ------------------------------------------------------------------

def test_init_translates_every_peer_config(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "pyproject.toml", '[project]\nname = "x"\n\n[tool.bandit]\nskips = ["B101", "B311"]\nexclude_dirs = ["tests"]\n')
    write(repo / ".bandit", "[bandit]\nskips = B404,B603\n")
    write(repo / ".hadolint.yaml", "ignored:\n  - DL3002\n  - DL3008\n  - DL9999\ntrustedRegistries:\n  - docker.io\n")
    write(repo / ".checkov.yaml", "skip-check:\n  - CKV_DOCKER_7\n  - CKV_AWS_24\n")
    write(repo / ".secrets.baseline", '{"results": {}}\n')
    write(repo / ".gitleaksignore", "abc123:app.py:generic-api-key:3\n# a comment\n")
    code, _, err = init(capsys)
    assert code == 0, err
    config = loaded((repo / ".sechooks.toml").read_text())
    assert (False, "DKR201") in config.selection  # DL3002
    assert {t for on, t in config.selection if not on} == {"DKR201", "DKR221", "DKR203", "DKR204", "NET301"}
    assert "DKR201" not in config.enabled_rules("DKR") and "NET301" not in config.enabled_rules("NET")
    assert set(config.family_options("PY")["skip_tests"]) == {"B101", "B311", "B404", "B603"}
    (ignore,) = config.ignore
    assert ignore.pattern == "tests/" and "PY501" in ignore.rules and not any(r.startswith("DKR") for r in ignore.rules)
    assert "DL9999 has no sechooks equivalent" in err
    assert "trustedRegistries has no sechooks equivalent" in err
    assert "sechooks baseline --from-detect-secrets .secrets.baseline" in err
    assert ".gitleaksignore: 1 ignored finding(s)" in err


def test_init_without_peers_writes_a_valid_starter(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert init(capsys)[0] == 0
    text = (repo / ".sechooks.toml").read_text()
    assert "No peer configuration was found" in text
    assert loaded(text) == configuration.Config(source=".sechooks.toml")


def test_init_never_overwrites_a_config_without_force(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / ".sechooks.toml", 'fail_on = "high"\n')
    write(repo / ".hadolint.yaml", "ignored: [DL3002]\n")
    code, _, err = init(capsys)
    assert code == 0 and "exists; left as it is" in err and '"DKR201"' in err
    assert (repo / ".sechooks.toml").read_text() == 'fail_on = "high"\n'
    assert init(capsys, "--force")[0] == 0
    assert (False, "DKR201") in loaded((repo / ".sechooks.toml").read_text()).selection


def test_init_does_not_shadow_tool_sechooks(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "pyproject.toml", '[tool.sechooks]\nfail_on = "high"\n')
    code, _, err = init(capsys)
    assert code == 0 and "[tool.sechooks]" in err and "merge this into it" in err
    assert not (repo / ".sechooks.toml").exists()


def test_init_never_writes_through_a_symlink(repo: Path, tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]) -> None:
    victim = tmp_path_factory.mktemp("outside") / "victim"
    victim.write_text("precious\n")
    (repo / ".sechooks.toml").symlink_to(victim)
    (repo / ".pre-commit-config.yaml").symlink_to(victim)
    assert init(capsys, "--force")[0] == 0
    assert victim.read_text() == "precious\n"


def test_peer_values_are_never_echoed_raw(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / ".hadolint.yaml", f"ignored:\n  - {TOKEN}\n  - \"DL3002\\nfail_on = 'x'\"\n")
    write(repo / "pyproject.toml", f'[tool.bandit]\nskips = ["{TOKEN}"]\nexclude_dirs = ["a\\u0000b", "ok"]\n')
    code, out, err = init(capsys)
    assert code == 0
    text = (repo / ".sechooks.toml").read_text()
    assert TOKEN not in out + err + text
    assert loaded(text).selection == ()
    assert err.count("skipped an entry") == 4


@pytest.mark.parametrize(("name", "text"), [
    (".hadolint.yaml", "ignored: [DL3002\n"),
    (".hadolint.yaml", "- just a list\n"),
    (".checkov.yaml", "skip-check: 5\n"),
    (".bandit", "not an ini file\n"),
    ("pyproject.toml", "[tool.bandit\n"),
])
def test_broken_peer_configs_are_notes_not_tracebacks(repo: Path, capsys: pytest.CaptureFixture[str], name: str, text: str) -> None:
    write(repo / name, text)
    code, _, err = init(capsys)
    assert code == 0 and name in err and "Traceback" not in err
    loaded((repo / ".sechooks.toml").read_text())


# --- the pure functions ------------------------------------------------------------

def test_found_peer_configs_names_each_file_and_our_equivalent(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n')  # no [tool.bandit]: not a peer config
    write(tmp_path / ".hadolint.yaml", "ignored: [DL3002]\n")
    write(tmp_path / ".secrets.baseline", "{}\n")
    found = peers.found_peer_configs(str(tmp_path))
    assert [f[0] for f in found] == [".hadolint.yaml", ".secrets.baseline"]
    assert "sechooks init" in found[0][2] and "--from-detect-secrets" in found[1][2]
    write(tmp_path / "pyproject.toml", "[tool.bandit]\nskips = []\n")
    assert peers.found_peer_configs(str(tmp_path))[0][0] == "pyproject.toml"


def test_translate_is_pure(tmp_path: Path) -> None:
    write(tmp_path / ".checkov.yaml", "skip-check: CKV_DOCKER_3,CKV_AWS_24\n")
    before = sorted(p.name for p in tmp_path.iterdir())
    text, notes = peers.translate(str(tmp_path))
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert {t for _, t in loaded(text).selection} == {"DKR202", "NET301"} and notes == []


def test_init_takes_the_repo_url(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = init(capsys, "--repo", "https://git.example.com/sec/sechooks")
    assert code == 0 and "replace <org>" not in err
    assert ours(repo)["repo"] == "https://git.example.com/sec/sechooks"


@pytest.mark.parametrize("url", ["x # y", "a: b c", "", "'q'"])
def test_init_refuses_a_repo_url_that_would_break_the_yaml(repo: Path, capsys: pytest.CaptureFixture[str], url: str) -> None:
    code, _, err = init(capsys, "--repo", url)
    assert code == 2 and err.count("\n") == 1
    assert not (repo / ".pre-commit-config.yaml").exists()


def test_init_with_the_placeholder_says_what_to_edit(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert "replace <org>" in init(capsys)[2]
