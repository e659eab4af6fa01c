"""Cut a release: bump the version, date the changelog, print the git commands to run.

    python scripts/release.py 0.2.0            # or: major | minor | patch
    python scripts/release.py minor --dry-run  # show what would change, write nothing

It edits two files and nothing else: `hooks/core/version.py` (the one place the version
lives; setup.cfg reads it) and `CHANGELOG.md` (the Unreleased section becomes the new
version, dated today, under a fresh empty Unreleased). It never commits, tags or pushes:
it prints those commands for a maintainer to review and run. It refuses a version that is
not greater than the current one, a version already in the changelog or already tagged,
and an empty Unreleased section.
"""
from __future__ import annotations

import argparse
import datetime
import difflib
import os
import re
import subprocess
import sys
from typing import Sequence

REPOSITORY = "https://github.com/sechooks/sechooks"
VERSION_FILE = os.path.join("hooks", "core", "version.py")
CHANGELOG = "CHANGELOG.md"
_VERSION_LINE = re.compile(r'^VERSION = "(?P<version>[^"]*)"$', re.MULTILINE)
_SEMVER = re.compile(r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)")
_HEADING = re.compile(r"^## \[(?P<name>[^\]]+)\]", re.MULTILINE)
_LINK = re.compile(r"^\[(?P<name>[^\]]+)\]: \S+\n?", re.MULTILINE)


class ReleaseError(Exception):
    pass


def parse(version: str) -> tuple[int, int, int]:
    match = _SEMVER.fullmatch(version)
    if not match:
        raise ReleaseError(f"{version!r} is not a version (expected MAJOR.MINOR.PATCH, or major, minor, patch)")
    major, minor, patch = (int(part) for part in match.groups())
    return major, minor, patch


def next_version(current: str, wanted: str) -> str:
    """`wanted` itself, or the bump it names; refused unless greater than `current`."""
    major, minor, patch = parse(current)
    bumps = {"major": (major + 1, 0, 0), "minor": (major, minor + 1, 0), "patch": (major, minor, patch + 1)}
    new = ".".join(map(str, bumps[wanted])) if wanted in bumps else wanted
    if parse(new) <= parse(current):
        raise ReleaseError(f"{new} is not greater than the current version {current}")
    return new


def current_version(text: str) -> str:
    match = _VERSION_LINE.search(text)
    if not match:
        raise ReleaseError(f'{VERSION_FILE}: no line VERSION = "X.Y.Z"')
    return match.group("version")


def with_version(text: str, version: str) -> str:
    return _VERSION_LINE.sub(f'VERSION = "{version}"', text, count=1)


def released(changelog: str) -> list[str]:
    """Versions with a heading in the changelog, newest first."""
    return [m.group("name") for m in _HEADING.finditer(changelog) if m.group("name") != "Unreleased"]


def with_release(changelog: str, version: str, date: str) -> str:
    """The Unreleased section renamed `[version] - date` under a new empty Unreleased, and the
    compare links at the bottom updated."""
    headings = list(_HEADING.finditer(changelog))
    start = next((i for i, m in enumerate(headings) if m.group("name") == "Unreleased"), None)
    if start is None:
        raise ReleaseError(f"{CHANGELOG}: no '## [Unreleased]' section")
    if version in released(changelog):
        raise ReleaseError(f"{CHANGELOG}: {version} is already released")
    newer = [v for v in released(changelog) if _SEMVER.fullmatch(v) and parse(v) >= parse(version)]
    if newer:
        raise ReleaseError(f"{CHANGELOG}: {version} is not greater than {newer[0]}")
    head = headings[start]
    body_start = changelog.index("\n", head.end()) + 1
    body_end = headings[start + 1].start() if start + 1 < len(headings) else len(changelog)
    links = _LINK.search(changelog, body_start)
    if links is not None and links.start() < body_end:
        body_end = links.start()
    body = changelog[body_start:body_end]
    if not any(line.lstrip().startswith(("- ", "* ")) for line in body.splitlines()):
        raise ReleaseError(f"{CHANGELOG}: the Unreleased section lists no changes: nothing to release")
    previous = released(changelog)[0] if released(changelog) else None
    text = (
        changelog[:head.start()] + "## [Unreleased]\n\n"
        + f"## [{version}] - {date}\n" + body.rstrip("\n") + "\n\n"
        + changelog[body_end:].lstrip("\n")
    )
    return _with_links(text, version, previous)


def _with_links(text: str, version: str, previous: str | None) -> str:
    defined = {m.group("name") for m in _LINK.finditer(text)}
    tag = f"{REPOSITORY}/releases/tag/v{version}"
    if previous is not None and previous in defined:  # compare with a tag that exists
        tag = f"{REPOSITORY}/compare/v{previous}...v{version}"
    lines = [f"[Unreleased]: {REPOSITORY}/compare/v{version}...HEAD", f"[{version}]: {tag}"]
    text = _LINK.sub(lambda m: "" if m.group("name") == "Unreleased" else m.group(0), text).rstrip("\n")
    first = _LINK.search(text)
    if first is None:
        return text + "\n\n" + "\n".join(lines) + "\n"
    return text[:first.start()] + "\n".join(lines) + "\n" + text[first.start():] + "\n"


def tag_exists(root: str, version: str) -> bool:
    try:
        proc = subprocess.run(
            ["git", "-C", root, "rev-parse", "-q", "--verify", f"refs/tags/v{version}"],
            capture_output=True, check=False,
        )
    except OSError:  # no git: nothing to compare with
        return False
    return proc.returncode == 0


def _read(root: str, name: str) -> str:
    try:
        with open(os.path.join(root, name), encoding="utf-8") as f:
            return f.read()
    except OSError as e:
        raise ReleaseError(f"{name}: {e.strerror or e}") from None


def _write(root: str, name: str, text: str) -> None:
    path = os.path.join(root, name)
    temp = f"{path}.release-tmp"
    with open(temp, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    os.replace(temp, path)


def commands(version: str) -> list[str]:
    return [
        f"git add {VERSION_FILE.replace(os.sep, '/')} {CHANGELOG}",
        f'git commit -m "Release {version}"',
        f'git tag -a v{version} -m "sechooks {version}"',
        f"git push origin HEAD v{version}",
    ]


def release(root: str, wanted: str, date: str, dry_run: bool, out: list[str]) -> None:
    version_text, changelog = _read(root, VERSION_FILE), _read(root, CHANGELOG)
    current = current_version(version_text)
    version = next_version(current, wanted)
    if tag_exists(root, version):
        raise ReleaseError(f"the tag v{version} already exists")
    new_version_text, new_changelog = with_version(version_text, version), with_release(changelog, version, date)
    out.append(f"sechooks {current} -> {version} ({date})")
    if dry_run:
        for name, old, new in ((VERSION_FILE, version_text, new_version_text), (CHANGELOG, changelog, new_changelog)):
            out.extend(line.rstrip("\n") for line in difflib.unified_diff(
                old.splitlines(True), new.splitlines(True), f"a/{name}", f"b/{name}"))
        out.append("dry run: nothing written. Without --dry-run, then run:")
    else:
        _write(root, CHANGELOG, new_changelog)
        _write(root, VERSION_FILE, new_version_text)
        out.append(f"wrote {VERSION_FILE} and {CHANGELOG}. Review them (git diff), then run:")
    out.extend(f"  {command}" for command in commands(version))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="release.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("version", help="the new version X.Y.Z, or major, minor, patch")
    parser.add_argument("--dry-run", action="store_true", help="print the changes and the commands; write nothing")
    parser.add_argument("--date", default=datetime.date.today().isoformat(), help="release date (default: today)")
    parser.add_argument("--root", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    out: list[str] = []
    try:
        datetime.date.fromisoformat(args.date)
    except ValueError:
        parser.error(f"--date {args.date!r} is not YYYY-MM-DD")
    try:
        release(args.root, args.version, args.date, args.dry_run, out)
    except ReleaseError as e:
        print(f"release.py: error: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"release.py: error: {e.strerror or e}: {e.filename or ''}".rstrip(": "), file=sys.stderr)
        return 2
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
