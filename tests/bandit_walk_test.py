"""hooks/bandit_walk.py: bandit's checks without bandit's manager, issue for issue the same."""
from __future__ import annotations

import io
import os
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Any, Callable

import pytest

from sechooks.engines import bandit_walk
from sechooks import python as py

ROOT = Path(__file__).resolve().parent.parent

# Constructs the walk must treat exactly as bandit's visitor does.
TRICKY = '''\
"""Module docstring: 'password' here is a docstring, never a finding."""
from __future__ import annotations
import subprocess as sp, os.path
from . import sibling
from .. import cousin as c
from os import system as run_it, popen
import importlib
import pickle, yaml, hashlib, random, tempfile, xml.etree.ElementTree as ET

importlib.import_module("telnetlib")
__import__("ftplib")
__import__(name)
__import__()
password = "hunter2hunter2"
config = {"password": "s3cret-value", "token": b"bytes-token"}
query = "SELECT * FROM users WHERE id = " + user_id
query2 = f"DELETE FROM t WHERE x = {value}"


class Outer:
    secret_key = "class-level-secret"

    class Inner:
        def method(self, password="default-pass", *, api_key="kw-default"):
            assert password
            try:
                run_it("ls " + self.dir)
            except Exception:
                pass
            for _ in range(3):
                try:
                    popen(cmd)
                except:  # noqa
                    continue

    async def coro(self, token="async-default"):
        await sp.create_subprocess_shell("ls " + x)
        return lambda password="lambda-pass": password


@decorator(shell=True)
def handler(request, password=None):
    sp.Popen(request.args, shell=True)
    sp.call(["ls", "-l"])
    os.system("rm -rf /tmp/" + request.path)
    data = pickle.loads(request.body)
    yaml.load(request.body)
    hashlib.md5(data).hexdigest()
    random.choice([1, 2])
    tempfile.mktemp()
    ET.fromstring(request.body)
    eval(request.args["x"])
    exec("print(1)")
    open("/tmp/x.txt", "w").write("x")
    os.chmod("/etc/passwd", 0o777)
    if password == "root-password":
        return {"bind": "0.0.0.0"}
    match request.kind:
        case "shell":
            sp.run("ls", shell=True)
        case _:
            pass
    return (y := ET.parse(request.body))


def f(*args, **kwargs): return subprocess.check_output(args[0], shell=True)
x = [sp.getoutput(c) for c in cmds if c]
requests.get(url, verify=False)
'''


def _key(issue: Any) -> tuple[Any, ...]:
    return (
        issue.test_id, issue.test, issue.severity, issue.confidence, issue.cwe.id, issue.text,
        issue.lineno, issue.col_offset, tuple(issue.linerange), issue.end_col_offset, issue.fname,
    )


def bandit_manager(files: list[tuple[str, bytes]], include: set[str] | None) -> dict[str, Any]:
    with py._quiet():
        from bandit.core import config, manager

        profile = {"include": include, "exclude": set()} if include else None
        bandit = manager.BanditManager(config.BanditConfig(), "file", quiet=True, profile=profile, ignore_nosec=True)
        found: dict[str, Any] = {}
        for name, data in files:
            seen, skipped = len(bandit.results), len(bandit.skipped)
            bandit._parse_file(name, io.BytesIO(data), [name])
            error = bandit.skipped[-1][1] if len(bandit.skipped) > skipped else None
            found[name] = (sorted(_key(i) for i in bandit.results[seen:]), error)
    return found


def walk(files: list[tuple[str, bytes]], wanted: Callable[[str, bool], bool]) -> dict[str, Any]:
    with py._quiet():
        suite = bandit_walk.Suite(wanted)
        found: dict[str, Any] = {}
        for name, data in files:
            issues, error = bandit_walk.scan(suite, name, data)
            found[name] = (sorted(_key(i) for i in issues), error)
    return found


def _stdlib_sample(count: int = 24, limit: int = 60_000) -> list[Path]:
    """A fixed spread of the running interpreter's own modules: real code of every shape."""
    lib = Path(sysconfig.get_paths()["stdlib"])
    files = sorted(p for p in lib.glob("*.py") if p.stat().st_size <= limit)
    step = max(len(files) // count, 1)
    return files[::step][:count]


def corpus() -> list[tuple[str, bytes]]:
    files = [
        ("./tricky.py", TRICKY.encode()),
        # B613's shortcut: bidi characters with and without a cookie, another codec, bad bytes
        ("./bidi_cookie.py", "# coding: utf-8\nx = 1  # \u202e evil\n".encode()),
        ("./bidi_plain.py", "s = 'abc\u2066def'\nt = '\u200f'\n".encode()),
        ("./latin1.py", b"# -*- coding: latin-1 -*-\nname = '\xe9t\xe9'\n"),
        ("./bad_utf8.py", b"x = '\xff\xfe'\n"),
        ("./bom.py", "\ufeffimport pickle\nx = '\u202a'\n".encode()),
    ]
    for path in sorted((ROOT / "testdata").glob("PY*/**/*.py")):
        files.append((os.path.join(".", path.relative_to(ROOT).as_posix()), path.read_bytes()))
    for path in _stdlib_sample():
        files.append((str(path), path.read_bytes()))
    return files


@pytest.fixture(scope="module")
def files() -> list[tuple[str, bytes]]:
    return corpus()


def test_corpus_is_broad(files: list[tuple[str, bytes]]) -> None:
    assert len(files) > 60
    found = walk(files, lambda test_id, blacklist: True)
    ids = {key[0] for issues, _ in found.values() for key in issues}
    assert len(ids) >= 40, sorted(ids)  # most of bandit's tests fire somewhere in the corpus
    assert sum(1 for _, error in found.values() if error) >= 2  # syntax-error fixtures


def test_same_issues_as_bandit_for_every_test(files: list[tuple[str, bytes]]) -> None:
    assert walk(files, lambda test_id, blacklist: True) == bandit_manager(files, None)


@pytest.mark.parametrize("include", [
    {"B602", "B404", "B105", "B311", "B101", "B613"},  # plugins, blacklists, Str, Assert and File checks
    {"B403", "B301"},  # blacklists only
    {"B107", "B110"},  # FunctionDef and ExceptHandler only
])
def test_same_issues_as_bandit_for_a_selection(files: list[tuple[str, bytes]], include: set[str]) -> None:
    assert walk(files, lambda test_id, blacklist: test_id in include) == bandit_manager(files, include)


def test_known_table_matches_the_installed_bandit() -> None:
    with py._quiet():
        from bandit.core import extension_loader

    installed = {
        f"{p.entry_point.module}:{p.entry_point.attr}": p.plugin._test_id
        for p in extension_loader.MANAGER.plugins
        if p.entry_point.module.startswith("bandit.")
    }
    # Every installed plugin of bandit's own is in the table with its id (an older bandit has fewer).
    assert {target: bandit_walk.KNOWN.get(target) for target in installed} == installed


def test_entry_points_are_read_like_importlib_metadata() -> None:
    import importlib.metadata

    ours = bandit_walk.entry_points()
    every = importlib.metadata.entry_points()
    for group in (bandit_walk.PLUGINS, bandit_walk.BLACKLISTS):
        # Python 3.9's entry_points() is a dict of groups; 3.10+ selects by keyword
        points = every.select(group=group) if hasattr(every, "select") else every.get(group, ())  # type: ignore[union-attr]
        theirs = {(e.name, e.value) for e in points}
        assert {(e.name, e.target) for e in ours[group]} == theirs


def test_entry_points_file_format(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    info = tmp_path / "Some.Plugin-2.0.dist-info"
    info.mkdir()
    (info / "entry_points.txt").write_text(
        "# comment\n[console_scripts]\nx = y:z\n\n[bandit.plugins]\n"
        "  spaced =  pkg.mod:func  [extra1, extra2]\n; another comment\nplain=pkg.mod:other\n"
        "[bandit.blacklists]\nmore = pkg.lists:gen\n"
    )
    shadowed = tmp_path / "later"
    (shadowed / "some_plugin-1.0.dist-info").mkdir(parents=True)
    (shadowed / "some_plugin-1.0.dist-info" / "entry_points.txt").write_text("[bandit.plugins]\nold = old:old\n")
    monkeypatch.setattr(sys, "path", [str(tmp_path), str(shadowed)])
    found = bandit_walk.entry_points()
    assert found[bandit_walk.PLUGINS] == [
        bandit_walk.EntryPoint("spaced", "pkg.mod:func"), bandit_walk.EntryPoint("plain", "pkg.mod:other"),
    ]
    assert found[bandit_walk.BLACKLISTS] == [bandit_walk.EntryPoint("more", "pkg.lists:gen")]


def test_version_is_read_from_the_dist_info() -> None:
    import importlib.metadata

    expected = tuple(int(p) for p in importlib.metadata.version("bandit").split(".")[:3])
    assert bandit_walk.version() == expected


@pytest.mark.parametrize(("folder", "expected"), [
    ("bandit-1.9.4.dist-info", (1, 9, 4)),
    ("bandit-1.10.0rc1.dist-info", (1, 10, 0)),
    ("bandit-1.7.5-py3.11.egg-info", (1, 7, 5)),
    ("bandit-2.dist-info", (2,)),
])
def test_version_forms(folder: str, expected: tuple[int, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / folder).mkdir()
    monkeypatch.setattr(sys, "path", [str(tmp_path)])
    assert bandit_walk.version() == expected


def test_unsupported_version_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bandit_walk, "version", lambda folders=None: (2, 0, 0))
    with pytest.raises(bandit_walk.Unsupported):
        bandit_walk.Suite(lambda test_id, blacklist: True)


def test_nosec_names_resolve_to_ids() -> None:
    suite = bandit_walk.Suite(lambda test_id, blacklist: False)
    assert suite.test_id("assert_used") == "B101"
    assert suite.test_id("pickle") == "B301"  # a blacklist entry
    assert suite.test_id("import_subprocess") == "B404"
    assert suite.test_id("no_such_test") is None
    assert suite.by_type == {}  # nothing wanted, nothing loaded to run


def test_failing_check_is_skipped_like_bandit(monkeypatch: pytest.MonkeyPatch) -> None:
    suite = bandit_walk.Suite(lambda test_id, blacklist: test_id in {"B602"})
    broken = bandit_walk.Check(lambda context: 1 / 0, "broken", "B998", None, False, False)
    suite.by_type["Call"].insert(0, broken)
    issues, error = bandit_walk.scan(suite, "./x.py", b"import subprocess\nsubprocess.Popen(x, shell=True)\n")
    assert error is None and [i.test_id for i in issues] == ["B602"]


@pytest.mark.parametrize(("source", "error"), [
    (b"def f(:\n", "syntax error while parsing AST from file"),
    (b"y = " + b"-" * 2_500 + b"1\n", "exception while scanning file"),  # parses; too deep to walk
    (b"y = " + b"-" * 100_000 + b"1\n", "exception while scanning file"),  # too deep to parse
])
def test_unscannable_files_fail_like_bandit(source: bytes, error: str) -> None:
    suite = bandit_walk.Suite(lambda test_id, blacklist: True)
    issues, found = bandit_walk.scan(suite, "./x.py", source)
    assert (issues, found) == ([], error)
    assert bandit_manager([("./x.py", source)], None)["./x.py"][1] == error


def _fresh(code: str) -> Any:
    """Run `code` in a new interpreter; it prints one JSON value last."""
    import json

    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(result.stdout.strip().splitlines()[-1])


HEAVY = ("bandit.core.manager", "bandit.core.config", "bandit.core.extension_loader", "stevedore", "rich", "yaml", "importlib.metadata")
RUN = (
    "import json, sys, contextlib, io; from sechooks import python as py\n"
    "with contextlib.redirect_stdout(io.StringIO()):\n"
    "    code = py.main({argv!r})\n"
    "print(json.dumps([code, sorted(m for m in sys.modules if m.startswith(('bandit', 'stevedore', 'rich', 'yaml', 'importlib.metadata')))]))"
)


def test_the_hook_never_imports_bandits_machinery(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text("import subprocess\nsubprocess.Popen(cmd, shell=True)\n")
    baseline = set(_fresh("import json, sys; print(json.dumps(list(sys.modules)))"))
    code, modules = _fresh(RUN.format(argv=[str(tmp_path / "app.py")]))
    assert code == 1
    assert [m for m in HEAVY if m in modules and m not in baseline] == []
    assert "bandit.plugins.injection_shell" in modules


def test_only_the_plugins_of_enabled_rules_are_imported(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text("import subprocess\nsubprocess.Popen(cmd, shell=True)\n")
    (tmp_path / "only.toml").write_text("disable = [\"PY\"]\n")
    code, modules = _fresh(RUN.format(argv=["--config", str(tmp_path / "only.toml"), "--enable", "PY501", str(tmp_path / "app.py")]))
    assert code == 1
    plugins = [m for m in modules if m.startswith("bandit.plugins.")]
    assert plugins == ["bandit.plugins.injection_paramiko", "bandit.plugins.injection_shell", "bandit.plugins.injection_wildcard"]


def test_light_package_keeps_bandit_usable() -> None:
    import importlib.metadata

    code = (
        "import json; from sechooks.engines import bandit_walk; bandit_walk._light_packages(); import bandit\n"
        "from bandit.core import manager, config\n"
        "m = manager.BanditManager(config.BanditConfig(), 'file', quiet=True)\n"
        "print(json.dumps([bandit.__version__, bandit.HIGH, callable(m._parse_file)]))"
    )
    assert _fresh(code) == [importlib.metadata.version("bandit"), "HIGH", True]
