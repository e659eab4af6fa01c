from __future__ import annotations

from pathlib import Path

import pytest

from sechooks.core import config as configuration
from sechooks.dockerfile import main
from sechooks.core.finding import Severity
from tests.conftest import ROOT_DOCKERFILE, write


def test_defaults_without_a_file(tmp_path: Path) -> None:
    cfg = configuration.load(str(tmp_path))
    assert cfg.source is None
    assert cfg.fail_on is Severity.LOW
    assert "DKR201" in cfg.enabled_rules("DKR")
    assert "DKR205" not in cfg.enabled_rules("DKR")  # opt-in


def test_dotfile_wins_over_pyproject(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.sechooks]\nfail_on = "high"\n')
    write(tmp_path / ".sechooks.toml", 'fail_on = "critical"\n')
    assert configuration.load(str(tmp_path)).fail_on is Severity.CRITICAL


def test_pyproject_without_our_table_is_not_read(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "this is = = not toml\n")
    assert configuration.load(str(tmp_path)).source is None


def test_full_table(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", """
[tool.sechooks]
enable = ["DKR205"]
disable = ["DKR206"]
severity = { DKR201 = "critical" }
fail_on = "medium"
exclude = ["vendor/**"]
require_reason = true
strict = true
baseline = "sec-baseline.json"

[[tool.sechooks.ignore]]
path = "legacy/**"
rules = ["DKR203"]

[tool.sechooks.dkr]
nonroot_base_images = ["registry.example.org/base/*"]
""")
    cfg = configuration.load(str(tmp_path))
    assert cfg.enabled_rules("DKR") >= {"DKR205", "DKR201"}
    assert "DKR206" not in cfg.enabled_rules("DKR")
    assert cfg.severity == {"DKR201": Severity.CRITICAL}
    assert cfg.fail_on is Severity.MEDIUM
    assert cfg.require_reason and cfg.strict
    assert cfg.baseline == "sec-baseline.json"
    assert cfg.ignore[0].rules == frozenset({"DKR203"})
    assert cfg.family_options("DKR")["nonroot_base_images"] == ("registry.example.org/base/*",)


@pytest.mark.parametrize(("body", "message"), [
    ("colour = true", "unknown key 'colour'"),
    ('enable = ["DKR999"]', "unknown rule id 'DKR999'"),
    ('disable = ["XYZ100"]', "unknown rule id 'XYZ100'"),
    ('fail_on = "severe"', "unknown severity 'severe'"),
    ('severity = { DKR201 = "urgent" }', "unknown severity 'urgent'"),
    ("strict = 1", "expected true or false"),
    ('[dkr]\nnonroot_images = ["x"]', "unknown option 'nonroot_images'"),
    ('[dkr]\nnonroot_base_images = "x"', None),  # a single string is accepted as a one-item list
    ("[[ignore]]\nrules = []", "expected a table with a path glob"),
    ("max_file_bytes = -1", "expected a positive integer"),
    ("fail_on = [", "invalid TOML"),
])
def test_config_errors_name_the_problem(tmp_path: Path, body: str, message: str | None) -> None:
    write(tmp_path / ".sechooks.toml", body + "\n")
    if message is None:
        configuration.load(str(tmp_path))
        return
    with pytest.raises(configuration.ConfigError, match=message.replace("[", r"\[").replace("(", r"\(")):
        configuration.load(str(tmp_path))


def test_config_error_from_hook_is_exit_2_one_line(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "Dockerfile", ROOT_DOCKERFILE)
    write(repo / ".sechooks.toml", "colour = true\n")
    assert main(["Dockerfile"]) == 2
    err = capsys.readouterr().err
    assert err == "sechooks-dockerfile: error: .sechooks.toml: unknown key 'colour'\n"


def test_args_override_file(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "Dockerfile", ROOT_DOCKERFILE)
    write(repo / ".sechooks.toml", 'fail_on = "critical"\ndisable = ["DKR201"]\n')
    assert main(["Dockerfile"]) == 0
    assert main(["--enable", "DKR201", "--fail-on", "low", "Dockerfile"]) == 1


def test_explicit_config_path(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "Dockerfile", ROOT_DOCKERFILE)
    write(repo / "ci/sechooks.toml", 'disable = ["DKR201"]\n')
    assert main(["--config", "ci/sechooks.toml", "Dockerfile"]) == 0
    assert main(["--config", "ci/missing.toml", "Dockerfile"]) == 2
    assert "config file not found" in capsys.readouterr().err


def test_config_found_from_a_subdirectory(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(repo / ".sechooks.toml", 'disable = ["DKR201"]\n')
    sub = repo / "svc"
    write(sub / "Dockerfile", ROOT_DOCKERFILE)
    monkeypatch.chdir(sub)
    assert main(["Dockerfile"]) == 0


def test_exclude_and_path_ignores(repo: Path) -> None:
    write(repo / "vendor/x/Dockerfile", ROOT_DOCKERFILE)
    write(repo / "legacy/Dockerfile", ROOT_DOCKERFILE)
    write(repo / ".sechooks.toml", 'exclude = ["vendor/"]\n[[ignore]]\npath = "legacy/*"\nrules = ["DKR201"]\n')
    assert main(["vendor/x/Dockerfile", "legacy/Dockerfile"]) == 0
    assert main(["--exclude", "legacy/**", "Dockerfile.missing"]) == 2  # a missing file is a usage error


@pytest.mark.parametrize(("pattern", "path", "hit"), [
    ("*.lock", "a/b/poetry.lock", True),
    ("*.lock", "a/lock", False),
    ("vendor/", "vendor/x/y.py", True),
    ("vendor/", "src/vendor.py", False),
    ("docs/*.md", "docs/a.md", True),
    ("docs/*.md", "docs/sub/a.md", False),
    ("docs/**/*.md", "docs/sub/a.md", True),
    ("**/fixtures/**", "tests/fixtures/a/b.json", True),
    ("node_modules/", "web/node_modules/x.js", True),
])
def test_globs(pattern: str, path: str, hit: bool) -> None:
    assert configuration.path_matches(path, [pattern]) is hit


@pytest.mark.parametrize(("name", "content", "message"), [
    ("pyproject.toml", b"tool = 5\n# tool.sechooks\n", "pyproject.toml: 'tool' must be a table"),
    ("pyproject.toml", b'[tool]\nsechooks = ["a"]\n', "pyproject.toml [tool.sechooks]: expected a table of settings, not list"),
    (".sechooks.toml", b"max_file_bytes = 99999999999999999999999\n", "is over the largest cap"),
    (".sechooks.toml", b"max_file_bytes = 9999999999999\n", "is over the largest cap"),
    (".sechooks.toml", 'fail_on = "high"\n'.encode("utf-16"), ".sechooks.toml: not UTF-8"),
    (".sechooks.toml", b"a = " + b"[" * 50_000 + b"]" * 50_000 + b"\n", ".sechooks.toml: invalid TOML"),
    (".sechooks.toml", b"fail-on = 'high'\n", "unknown key 'fail-on' (did you mean 'fail_on'?)"),
    (".sechooks.toml", b"[dkr]\nnonroot_base_image = []\n", "(did you mean 'nonroot_base_images'?)"),
    (".sechooks.toml", b"disable = ['DKR2O1']\n", "unknown rule id 'DKR2O1' (did you mean 'DKR201'?)"),
], ids=["tool-int", "tool-sechooks-list", "huge-cap", "over-cap", "utf-16", "nested-50k", "fail-on-typo",
        "option-typo", "rule-typo"])
def test_hostile_or_mistyped_config_is_one_line(repo: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes, message: str) -> None:
    write(repo / "Dockerfile", ROOT_DOCKERFILE)
    (repo / name).write_bytes(content)
    assert main(["Dockerfile"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and message in err and "Traceback" not in err


def test_config_symlink_to_a_device_is_refused(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "Dockerfile", ROOT_DOCKERFILE)
    (repo / ".sechooks.toml").symlink_to("/dev/zero")
    assert main(["Dockerfile"]) == 2
    assert ".sechooks.toml: not a regular file" in capsys.readouterr().err


def test_shadowed_pyproject_table_is_named(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "Dockerfile", ROOT_DOCKERFILE)
    write(repo / ".sechooks.toml", "disable = ['DKR201']\n")
    write(repo / "pyproject.toml", "[tool.sechooks]\nfail_on = 'critical'\n")
    assert main(["Dockerfile"]) == 0  # DKR201 off: the .sechooks.toml is the one in force
    assert "pyproject.toml [tool.sechooks] is ignored: .sechooks.toml is used" in capsys.readouterr().err


@pytest.mark.parametrize("token", ["DL3002", "final-user-root", "dl3002"])
def test_rules_selected_by_name_or_peer_id(repo: Path, capsys: pytest.CaptureFixture[str], token: str) -> None:
    write(repo / "Dockerfile", ROOT_DOCKERFILE)
    assert main(["Dockerfile"]) == 1
    capsys.readouterr()
    assert main(["--disable", token, "Dockerfile"]) == 0
    assert capsys.readouterr().out == ""


def test_peer_configs_are_named_not_silently_ignored(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from sechooks.umbrella import main as sechooks

    write(repo / "Dockerfile", ROOT_DOCKERFILE)
    write(repo / ".hadolint.yaml", "ignored:\n  - DL3002\n")
    assert main(["Dockerfile"]) == 1
    assert ".hadolint.yaml" not in capsys.readouterr().err  # a hook under pre-commit: quiet
    assert main(["-v", "Dockerfile"]) == 1
    assert "note: .hadolint.yaml (hadolint ignored rules) is not read by sechooks" in capsys.readouterr().err
    assert sechooks(["scan", "--hook", "dockerfile", "."]) == 1
    assert "sechooks init" in capsys.readouterr().err
    write(repo / ".sechooks.toml", "disable = ['DKR201']\n")
    assert sechooks(["scan", "--hook", "dockerfile", "."]) == 0
    assert ".hadolint.yaml" not in capsys.readouterr().err
