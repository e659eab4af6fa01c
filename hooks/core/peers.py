"""Peers' configuration a migrating team already has, in sechooks' terms.

Two pure functions (they read, never write): `found_peer_configs(root)` says cheaply which
peer files exist, what they set and the sechooks equivalent, so config loading can report
them once; `translate(root)` reads them and returns a `.sechooks.toml` text plus notes
(`sechooks init` writes it). Peer ids map to ours through the catalogue's `peers`.
"""
from __future__ import annotations

import json
import os
import re
import sys
TYPE_CHECKING = False  # typing costs ~5 ms to import; annotations are strings
if TYPE_CHECKING:
    from typing import Any, Iterator

from sechooks.core import catalogue

MAX_BYTES = 1024 * 1024
# The shapes of the ids peers' configs hold (hadolint DL/SC, checkov CKV/CKV2, bandit):
# only such a value is quoted back; anything else could be text we must not echo.
_PEER_ID = re.compile(r"^(?:DL\d{4}|SC\d{4}|CKV2?_[A-Z0-9_]{1,24}|B\d{3})$", re.IGNORECASE)
_BANDIT_ID = re.compile(r"^B\d{3}$")
_BASELINE_HINT = "sechooks baseline --from-detect-secrets .secrets.baseline"

# (file, what it sets, the sechooks equivalent); pyproject.toml only when it has [tool.bandit].
PEER_FILES = (
    ("pyproject.toml", "bandit [tool.bandit] skips", "[py] skip_tests (run `sechooks init` to translate)"),
    (".bandit", "bandit skips", "[py] skip_tests (run `sechooks init` to translate)"),
    (".hadolint.yaml", "hadolint ignored rules", "disable = [DKR ids] (run `sechooks init` to translate)"),
    (".hadolint.yml", "hadolint ignored rules", "disable = [DKR ids] (run `sechooks init` to translate)"),
    (".checkov.yaml", "checkov skip-check", "disable = [ids] (run `sechooks init` to translate)"),
    (".checkov.yml", "checkov skip-check", "disable = [ids] (run `sechooks init` to translate)"),
    (".secrets.baseline", "detect-secrets accepted secrets", f"the sechooks baseline: `{_BASELINE_HINT}`"),
    (".gitleaksignore", "gitleaks ignored findings", "the sechooks baseline: `sechooks baseline --hook secrets`"),
)


def found_peer_configs(root: str) -> list[tuple[str, str, str]]:
    """(file, what it configures, the sechooks equivalent) for each peer config under `root`.

    Cheap enough for every hook run: a stat per file, and a look for `[tool.bandit` in
    pyproject.toml; nothing is parsed."""
    found = []
    for name, what, ours in PEER_FILES:
        path = os.path.join(root, name)
        if not os.path.isfile(path):
            continue
        if name == "pyproject.toml":
            try:
                with open(path, "rb") as f:
                    if b"[tool.bandit" not in f.read(MAX_BYTES):
                        continue
            except OSError:
                continue
        found.append((name, what, ours))
    return found


def peer_map() -> dict[str, list[str]]:
    """Upper-cased peer id -> our rule ids (one peer check may cover several of ours)."""
    out: dict[str, list[str]] = {}
    for rule in catalogue.all_rules():
        if rule.removed:
            continue
        for peer in rule.peers:
            out.setdefault(peer.upper(), []).append(rule.id)
    return out


def _read(root: str, name: str, notes: list[str]) -> str | None:
    """A peer file's text: a regular file inside the root, never a link, at most MAX_BYTES."""
    path = os.path.join(root, name)
    if not os.path.lexists(path):
        return None
    if os.path.islink(path) or not os.path.isfile(path):
        notes.append(f"{name}: not a regular file; not read")
        return None
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_BYTES + 1)
    except OSError as e:
        notes.append(f"{name}: cannot read: {e.strerror or e}")
        return None
    if len(data) > MAX_BYTES:
        notes.append(f"{name}: over {MAX_BYTES} bytes; not read")
        return None
    return data.decode("utf-8", "replace")


def _strings(value: Any, where: str, notes: list[str]) -> list[str]:
    """A list of strings (or one comma-separated string) from a peer file."""
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list):
        notes.append(f"{where}: expected a list; not translated")
        return []
    out = []
    for item in value:
        if isinstance(item, str) and item.strip():
            out.append(item.strip())
        elif item is not None:
            notes.append(f"{where}: skipped an entry that is not a string")
    return out


def _path_value(text: str, where: str, notes: list[str]) -> str | None:
    if text.isprintable() and len(text) <= 200:
        return text
    notes.append(f"{where}: skipped an entry that is not a plain path")
    return None


class _Translation:
    def __init__(self) -> None:
        self.sources: list[str] = []
        self.notes: list[str] = []
        self.disable: dict[str, list[str]] = {}  # our id -> "PEER (file)"
        self.skip_tests: dict[str, str] = {}  # Bnnn -> file
        self.py_ignores: dict[str, str] = {}  # path glob -> file
        self.peers = peer_map()

    def peer_ids(self, ids: list[str], where: str) -> None:
        for peer in ids:
            if not _PEER_ID.match(peer):
                self.notes.append(f"{where}: skipped an entry that is not a hadolint or checkov rule id")
                continue
            ours = self.peers.get(peer.upper())
            if not ours:
                self.notes.append(f"{where}: {peer} has no sechooks equivalent; nothing to disable")
                continue
            for rule in ours:
                self.disable.setdefault(rule, []).append(f"{peer} ({where.split(':')[0]})")

    def bandit(self, skips: list[str], excludes: list[str], where: str) -> None:
        for test in skips:
            if _BANDIT_ID.match(test.upper()):
                self.skip_tests.setdefault(test.upper(), where)
            else:
                self.notes.append(f"{where}: skipped an entry that is not a bandit test id (Bnnn)")
        for directory in excludes:
            glob = _path_value(directory.strip().strip("/").removeprefix("./"), where, self.notes)
            if glob:
                self.py_ignores.setdefault(glob + "/" if "*" not in glob else glob, where)

    def toml(self) -> str:
        lines = [
            f"# sechooks configuration, written by `sechooks init` (sechooks {_version()}).",
            f"# Translated from: {', '.join(self.sources)}." if self.sources else "# No peer configuration was found.",
            "# `sechooks rules` lists every rule id, `sechooks explain ID` documents one.",
            "",
        ]
        if self.disable:
            lines.append("disable = [")
            lines += [f"    {_toml(rule)},  # {', '.join(why)}" for rule, why in sorted(self.disable.items())]
            lines += ["]", ""]
        else:
            lines += ['# disable = ["DKR205"]', '# fail_on = "medium"', ""]
        if self.skip_tests:
            lines += ["[py]", "skip_tests = ["]
            lines += [f"    {_toml(test)},  # {where}" for test, where in sorted(self.skip_tests.items())]
            lines += ["]", ""]
        if self.py_ignores:
            py_rules = ", ".join(_toml(r.id) for r in catalogue.family("PY").rules.values() if not r.removed)
            for glob, where in sorted(self.py_ignores.items()):
                lines += [f"[[ignore]]  # bandit exclude in {where}", f"path = {_toml(glob)}", f"rules = [{py_rules}]", ""]
        return "\n".join(lines).rstrip("\n") + "\n"


def _version() -> str:
    from sechooks.core.version import VERSION

    return VERSION


def _toml(text: str) -> str:
    """A TOML basic string (json's escapes are TOML's; values are printable already)."""
    return json.dumps(text, ensure_ascii=False)


def _load_toml(text: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.9/3.10 only
        import tomli as tomllib
    data: dict[str, Any] = tomllib.loads(text)
    return data


def _load_yaml(text: str, name: str, notes: list[str]) -> dict[str, Any] | None:
    try:
        import yaml
    except ImportError:  # pragma: no cover - PyYAML comes with bandit
        notes.append(f"{name}: PyYAML is not installed; not read")
        return None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        notes.append(f"{name}: not valid YAML{f' (line {mark.line + 1})' if mark else ''}; not translated")
        return None
    if data is None:
        return {}
    if not isinstance(data, dict):
        notes.append(f"{name}: expected a mapping at the top; not translated")
        return None
    return data


def _pyproject(root: str, t: _Translation) -> None:
    text = _read(root, "pyproject.toml", t.notes)
    if text is None or "[tool.bandit" not in text:
        return
    try:
        data = _load_toml(text)
    except ValueError as e:
        t.notes.append(f"pyproject.toml: invalid TOML ({type(e).__name__}); [tool.bandit] not translated")
        return
    tool = data.get("tool")
    table = tool.get("bandit") if isinstance(tool, dict) else None
    if not isinstance(table, dict):
        return
    where = "pyproject.toml [tool.bandit]"
    t.sources.append(where)
    t.bandit(_strings(table.get("skips", []), f"{where}: skips", t.notes),
             _strings(table.get("exclude_dirs", []), f"{where}: exclude_dirs", t.notes), where)
    if table.get("tests"):
        t.notes.append(f"{where}: tests (run only these) has no equivalent; sechooks runs every enabled rule")


def _bandit_ini(root: str, t: _Translation) -> None:
    text = _read(root, ".bandit", t.notes)
    if text is None:
        return
    import configparser

    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text, ".bandit")
    except configparser.Error as e:
        t.notes.append(f".bandit: not an INI file ({type(e).__name__}); not translated")
        return
    if not parser.has_section("bandit"):
        t.notes.append(".bandit: no [bandit] section; nothing to translate")
        return
    section = parser["bandit"]
    t.sources.append(".bandit")
    t.bandit(_strings(section.get("skips", ""), ".bandit: skips", t.notes),
             _strings(section.get("exclude", ""), ".bandit: exclude", t.notes), ".bandit")


def _yaml_configs(root: str, t: _Translation, names: tuple[str, ...]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(file name, mapping) for each of `names` that exists and loads."""
    for name in names:
        text = _read(root, name, t.notes)
        data = _load_yaml(text, name, t.notes) if text is not None else None
        if data is not None:
            t.sources.append(name)
            yield name, data


def _hadolint(root: str, t: _Translation) -> None:
    for name, data in _yaml_configs(root, t, (".hadolint.yaml", ".hadolint.yml")):
        t.peer_ids(_strings(data.get("ignored", []), f"{name}: ignored", t.notes), f"{name}: ignored")
        if data.get("trustedRegistries"):
            t.notes.append(
                f"{name}: trustedRegistries has no sechooks equivalent (DKR203-DKR205 judge tags and "
                "digests, not registries); not translated"
            )
        if data.get("override"):
            t.notes.append(f"{name}: override (severities) not translated; set [severity] by hand")


def _checkov(root: str, t: _Translation) -> None:
    for name, data in _yaml_configs(root, t, (".checkov.yaml", ".checkov.yml")):
        t.peer_ids(_strings(data.get("skip-check", []), f"{name}: skip-check", t.notes), f"{name}: skip-check")


def _secrets_files(root: str, t: _Translation) -> None:
    if os.path.isfile(os.path.join(root, ".secrets.baseline")):
        t.sources.append(".secrets.baseline")
        t.notes.append(
            f".secrets.baseline: detect-secrets' accepted secrets become sechooks baseline entries: "
            f"run `{_BASELINE_HINT}`"
        )
    text = _read(root, ".gitleaksignore", t.notes)
    if text is not None:
        entries = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
        t.sources.append(".gitleaksignore")
        t.notes.append(
            f".gitleaksignore: {len(entries)} ignored finding(s) are per secret, not per rule: accept the "
            "current secrets with `sechooks baseline --hook secrets`, or mark a line with "
            "`# pragma: allowlist secret`"
        )


def translate(root: str) -> tuple[str, list[str]]:
    """A `.sechooks.toml` text from the peer configuration under `root`, and notes on what
    was translated, what has no equivalent and what to do instead."""
    t = _Translation()
    for step in (_pyproject, _bandit_ini, _hadolint, _checkov, _secrets_files):
        step(root, t)
    return t.toml(), t.notes
