"""The release a team can pin: LICENSE, CHANGELOG.md, the manifest's pre-commit floor, and
scripts/release.py (always run on a temporary copy)."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from scripts import release
from sechooks.core.version import VERSION

ROOT = Path(__file__).resolve().parent.parent
CHANGELOG = """\
# Changelog

## [Unreleased]

### Added
- a thing

### Fixed
- another thing

## [0.1.0] - 2026-11-22

### Added
- the first hooks

[Unreleased]: https://github.com/sechooks/sechooks/commits/main
"""


def _copy(tmp_path: Path, changelog: str = CHANGELOG, version: str = "0.1.0") -> Path:
    (tmp_path / "hooks" / "core").mkdir(parents=True)
    (tmp_path / "hooks" / "core" / "version.py").write_text(f'"""The version."""\nVERSION = "{version}"\n', encoding="utf-8")
    (tmp_path / "CHANGELOG.md").write_text(changelog, encoding="utf-8")
    return tmp_path


def _files(root: Path) -> tuple[str, str]:
    return (root / "hooks" / "core" / "version.py").read_text(encoding="utf-8"), (root / "CHANGELOG.md").read_text(encoding="utf-8")


def test_release_bumps_the_version_and_dates_the_changelog(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _copy(tmp_path)
    assert release.main(["0.2.0", "--root", str(root), "--date", "2026-12-01"]) == 0
    version, changelog = _files(root)
    assert 'VERSION = "0.2.0"' in version
    assert changelog.startswith("# Changelog\n\n## [Unreleased]\n\n## [0.2.0] - 2026-12-01\n\n### Added\n- a thing\n")
    assert "- another thing\n\n## [0.1.0] - 2026-11-22\n" in changelog
    assert changelog.endswith(
        "[Unreleased]: https://github.com/sechooks/sechooks/compare/v0.2.0...HEAD\n"
        "[0.2.0]: https://github.com/sechooks/sechooks/releases/tag/v0.2.0\n",
    )
    out = capsys.readouterr().out
    assert "sechooks 0.1.0 -> 0.2.0 (2026-12-01)" in out
    assert "  git add hooks/core/version.py CHANGELOG.md\n" in out
    assert '  git commit -m "Release 0.2.0"\n' in out
    assert '  git tag -a v0.2.0 -m "sechooks 0.2.0"\n' in out


def test_a_second_release_links_the_compare_view(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _copy(tmp_path)
    assert release.main(["minor", "--root", str(root), "--date", "2026-12-01"]) == 0
    _, changelog = _files(root)
    (root / "CHANGELOG.md").write_text(changelog.replace("## [Unreleased]\n", "## [Unreleased]\n\n### Fixed\n- a bug\n", 1), encoding="utf-8")
    assert release.main(["patch", "--root", str(root), "--date", "2026-12-24"]) == 0
    version, changelog = _files(root)
    assert 'VERSION = "0.2.1"' in version
    assert "## [Unreleased]\n\n## [0.2.1] - 2026-12-24\n\n### Fixed\n- a bug\n\n## [0.2.0] - 2026-12-01\n" in changelog
    assert changelog.endswith(
        "[Unreleased]: https://github.com/sechooks/sechooks/compare/v0.2.1...HEAD\n"
        "[0.2.1]: https://github.com/sechooks/sechooks/compare/v0.2.0...v0.2.1\n"
        "[0.2.0]: https://github.com/sechooks/sechooks/releases/tag/v0.2.0\n",
    )


def test_dry_run_writes_nothing_and_shows_the_plan(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _copy(tmp_path)
    before = _files(root)
    assert release.main(["major", "--dry-run", "--root", str(root), "--date", "2026-12-01"]) == 0
    assert _files(root) == before
    assert sorted(p.name for p in root.rglob("*") if p.is_file()) == ["CHANGELOG.md", "version.py"]
    out = capsys.readouterr().out
    assert '+VERSION = "1.0.0"' in out and "+## [1.0.0] - 2026-12-01" in out
    assert "dry run: nothing written" in out and "git tag -a v1.0.0" in out


@pytest.mark.parametrize(("wanted", "message"), [
    ("0.1.0", "0.1.0 is not greater than the current version 0.1.0"),
    ("0.0.9", "0.0.9 is not greater than the current version 0.1.0"),
    ("0.1", "'0.1' is not a version"),
    ("v0.2.0", "'v0.2.0' is not a version"),
    ("0.2.0-rc1", "is not a version"),
    ("01.2.0", "is not a version"),
])
def test_refuses_a_version_that_is_not_greater(tmp_path: Path, capsys: pytest.CaptureFixture[str], wanted: str, message: str) -> None:
    root = _copy(tmp_path)
    before = _files(root)
    assert release.main([wanted, "--root", str(root)]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    assert _files(root) == before


def test_numeric_not_lexical_comparison(tmp_path: Path) -> None:
    root = _copy(tmp_path, version="0.9.0")
    assert release.main(["0.10.0", "--root", str(root), "--date", "2026-12-01"]) == 0


@pytest.mark.parametrize(("changelog", "message"), [
    (CHANGELOG.replace("### Added\n- a thing\n\n### Fixed\n- another thing\n", "### Added\n\n"), "lists no changes"),
    (CHANGELOG.replace("## [Unreleased]", "## Unreleased"), "no '## [Unreleased]' section"),
    (CHANGELOG.replace("## [0.1.0]", "## [0.3.0]"), "0.2.0 is not greater than 0.3.0"),
])
def test_refuses_a_changelog_it_cannot_release(tmp_path: Path, capsys: pytest.CaptureFixture[str], changelog: str, message: str) -> None:
    root = _copy(tmp_path, changelog)
    assert release.main(["0.2.0", "--root", str(root)]) == 2
    assert message in capsys.readouterr().err
    assert _files(root)[1] == changelog


def test_refuses_a_tag_that_exists(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    root = _copy(tmp_path)
    for key in ("GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"):
        monkeypatch.setenv(key, "t")
    for key in ("GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"):
        monkeypatch.setenv(key, "t@t")
    for args in (["init", "-q"], ["add", "."], ["commit", "-qm", "x"], ["tag", "v0.2.0"]):
        subprocess.run(["git", "-C", str(root), *args], check=True)
    assert release.main(["0.2.0", "--root", str(root)]) == 2
    assert "the tag v0.2.0 already exists" in capsys.readouterr().err
    assert release.main(["0.3.0", "--root", str(root), "--date", "2026-12-01"]) == 0


def test_bad_date_and_missing_files_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        release.main(["0.2.0", "--root", str(_copy(tmp_path)), "--date", "1 Dec"])
    assert exit_info.value.code == 2
    assert "is not YYYY-MM-DD" in capsys.readouterr().err
    assert release.main(["0.2.0", "--root", str(tmp_path / "nowhere")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "No such file" in err


def test_the_real_files_release_cleanly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "copy"
    (root / "hooks" / "core").mkdir(parents=True)
    shutil.copy(ROOT / "hooks" / "core" / "version.py", root / "hooks" / "core" / "version.py")
    shutil.copy(ROOT / "CHANGELOG.md", root / "CHANGELOG.md")
    assert release.main(["minor", "--root", str(root), "--date", "2026-12-01"]) == 0
    from sechooks.core import version

    major, minor, _ = release.parse(version.VERSION)
    assert f'VERSION = "{major}.{minor + 1}.0"' in (root / "hooks" / "core" / "version.py").read_text(encoding="utf-8")


# --- the files a release ships ----------------------------------------------------------------

def test_changelog_keeps_a_changelog() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## \[([^\]]+)\](?: - (\d{4}-\d{2}-\d{2}))?$", text, re.MULTILINE)
    assert headings[0] == ("Unreleased", "")
    assert all(date for _, date in headings[1:]), "every release heading is dated"
    assert ("0.1.0", "2026-11-22") in headings
    assert headings[1][0] == VERSION, "the newest release in CHANGELOG.md is the version in hooks/core/version.py"
    sections = set(re.findall(r"^### (.+)$", text, re.MULTILINE))
    assert sections <= {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}
    unreleased = text.split("## [Unreleased]", 1)[1].split("\n## [", 1)[0]
    assert "imported as `sechooks`" in unreleased


def test_license_is_mit_as_setup_cfg_says() -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n\nCopyright (c) 2026 the sechooks authors\n")
    assert "THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND" in text
    assert re.search(r"^license = MIT$", (ROOT / "setup.cfg").read_text(encoding="utf-8"), re.MULTILINE)


def test_manifest_requires_the_pre_commit_it_needs() -> None:
    from pre_commit.clientlib import load_manifest

    hooks = load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))
    assert hooks
    for hook in hooks:
        # the pre-push hook names its stage as pre-commit 3.2.0 does ("push" is deprecated)
        needed = "3.2.0" if "pre-push" in hook["stages"] else "2.9.2"
        assert hook["minimum_pre_commit_version"] == needed, hook["id"]
        if hook["types_or"]:  # pre-commit 2.9.0 added types_or; 2.9.2 fixed its default
            assert release.parse(hook["minimum_pre_commit_version"]) >= (2, 9, 0), hook["id"]


def test_an_older_pre_commit_is_refused_with_a_message(monkeypatch: pytest.MonkeyPatch) -> None:
    from pre_commit import clientlib, constants

    monkeypatch.setattr(constants, "VERSION", "2.9.1")
    with pytest.raises(clientlib.InvalidManifestError, match="pre-commit version 2.9.2 is required"):
        clientlib.load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))
