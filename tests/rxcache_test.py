"""core/rxcache: compiled regexes kept between runs. Each case runs fresh interpreters
(the cache is read once per process) with the file in a temporary place."""
from __future__ import annotations

import marshal
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sechooks.core import rxcache

AWS_KEY = "AKIA" + "Q3EGRIXJ5TLWMN7B"
MARKER = "MARKERQZXWV"  # an HCL heredoc marker: compiled into a pattern at run time


def run_hook(module: str, cache: Path, *args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    environment.update(SECHOOKS_REGEX_CACHE=str(cache), PRE_COMMIT="1", NO_COLOR="1", **env)
    code = f"import sys; from sechooks.{module} import main; sys.exit(main())"
    return subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, env=environment, capture_output=True, text=True, check=False)


def read(cache: Path) -> dict[tuple[str, int], tuple[object, ...]]:
    signature, table = marshal.loads(cache.read_bytes())
    assert signature == rxcache._signature()
    assert isinstance(table, dict)
    return table


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "main.tf").write_text(
        'resource "aws_instance" "web" {\n  user_data = <<-' + MARKER + '\n    echo hi\n  ' + MARKER + '\n}\n'
        'resource "aws_security_group" "ssh" {\n  ingress {\n    from_port = 22\n    to_port = 22\n'
        '    protocol = "tcp"\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n}\n')
    (tmp_path / "settings.py").write_text(f'AWS_ACCESS_KEY_ID = "{AWS_KEY}"\npassword = "Zx9!q-Lm2#Rt7v"\n')
    return tmp_path


def test_a_second_run_compiles_from_the_cache_with_the_same_results(tree: Path) -> None:
    cache = tree / "cache" / "regex.marshal"
    first = run_hook("secrets", cache, "settings.py", cwd=tree)
    assert first.returncode == 1 and cache.is_file()
    table = read(cache)
    assert len(table) > 20
    second = run_hook("secrets", cache, "settings.py", cwd=tree)
    assert (second.returncode, second.stdout) == (first.returncode, first.stdout)
    # every kept entry builds the pattern re.compile builds: same flags, groups and names
    for (pattern, flags), args in table.items():
        fresh = rxcache.STATE.original(pattern, flags) if rxcache.STATE.original else re.compile(pattern, flags)
        import _sre

        kept = _sre.compile(pattern, *args)
        assert (kept.pattern, kept.flags, kept.groups, kept.groupindex) == (fresh.pattern, fresh.flags, fresh.groups, fresh.groupindex)
        for sample in ("", "password = 'x'", AWS_KEY, "a/b.lock", "0.0.0.0/0", "ghp_" + "a" * 36):
            got, want = kept.search(sample), fresh.search(sample)
            assert (got and got.span()) == (want and want.span()), pattern


def test_nothing_of_a_scanned_file_is_written(tree: Path) -> None:
    cache = tree / "regex.marshal"
    for module, name in (("terraform", "main.tf"), ("secrets", "settings.py"), ("secrets", "main.tf")):
        run_hook(module, cache, name, cwd=tree)
    raw = cache.read_bytes()
    assert MARKER.encode() not in raw and AWS_KEY.encode() not in raw and b"Zx9!q" not in raw
    assert not any(MARKER in pattern for pattern, _ in read(cache))


@pytest.mark.parametrize("damage", [b"", b"not marshal data", marshal.dumps({("x", 0): (0, [1, 2, 3], 0, {}, (None,))}),
                                    marshal.dumps(((None, None, None, 0), {}))])
def test_a_damaged_or_foreign_file_is_replaced_not_trusted(tree: Path, damage: bytes) -> None:
    cache = tree / "regex.marshal"
    clean = run_hook("secrets", tree / "clean.marshal", "settings.py", cwd=tree)
    cache.write_bytes(damage)
    done = run_hook("secrets", cache, "settings.py", cwd=tree)
    assert (done.returncode, done.stdout) == (clean.returncode, clean.stdout)
    assert len(read(cache)) > 20


def test_code_the_engine_refuses_falls_back_to_compiling(tree: Path) -> None:
    """An entry whose code is nonsense for the engine: the pattern is compiled as usual."""
    cache = tree / "regex.marshal"
    run_hook("secrets", cache, "settings.py", cwd=tree)
    table = read(cache)
    broken = {key: (args[0], [99999, 1, 2], *args[2:]) for key, args in table.items()}
    cache.write_bytes(marshal.dumps((rxcache._signature(), broken)))
    done = run_hook("secrets", cache, "settings.py", cwd=tree)
    assert done.returncode == 1 and "SEC101" in done.stdout, done.stderr
    assert all(args[1] != [99999, 1, 2] for args in read(cache).values())


@pytest.mark.parametrize("env", [{"PYTHONDONTWRITEBYTECODE": "1"}])
def test_no_file_without_bytecode_writing(tree: Path, env: dict[str, str]) -> None:
    cache = tree / "regex.marshal"
    done = run_hook("secrets", cache, "settings.py", cwd=tree, **env)
    assert done.returncode == 1 and not cache.exists()


def test_turned_off(tree: Path) -> None:
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    environment["SECHOOKS_REGEX_CACHE"] = "0"
    probe = "import re, sechooks; from sechooks.core import rxcache; print(rxcache.STATE.original is None)"
    done = subprocess.run([sys.executable, "-c", probe], env=environment, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "True"


def test_kept_only_for_constants() -> None:
    """Import-time compiles and named constants are kept; a string built at run time inside
    a function is not (it may hold a scanned file's text)."""
    if rxcache.STATE.original is None:
        pytest.skip("cache turned off in this environment")
    namespace: dict[str, object] = {"__name__": "probe", "rxcache": rxcache}
    exec(compile(  # noqa: S102 - a module body built for the test
        "CONSTANT = 'abc+'\n"
        "def named():\n    return rxcache._kept(CONSTANT)\n"
        "def built(text):\n    return rxcache._kept('x' + text)\n"
        "AT_IMPORT = rxcache._kept('y' + 'z' * 2)\n", "probe", "exec"), namespace)
    assert namespace["AT_IMPORT"] is True
    assert namespace["named"]() is True  # type: ignore[operator]
    assert namespace["built"]("from a file") is False  # type: ignore[operator]


def test_default_place_is_the_private_cache_directory(tree: Path) -> None:
    home = tree / "xdg"
    environment = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "SECHOOKS_REGEX_CACHE")}
    environment.update(XDG_CACHE_HOME=str(home), PRE_COMMIT="1")
    code = "import sys; from sechooks.secrets import main; sys.exit(main())"
    subprocess.run([sys.executable, "-c", code, "settings.py"], cwd=tree, env=environment, capture_output=True, check=False)
    files = list((home / "sechooks").glob("regex-*.marshal"))
    assert len(files) == 1 and files[0].stat().st_mode & 0o077 == 0
    assert (home / "sechooks").stat().st_mode & 0o077 == 0


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
def test_a_file_others_can_write_is_neither_read_nor_replaced(tree: Path) -> None:
    cache = tree / "regex.marshal"
    run_hook("secrets", cache, "settings.py", cwd=tree)
    table = read(cache)
    poisoned = {key: (args[0], [99999], *args[2:]) for key, args in table.items()}
    cache.write_bytes(marshal.dumps((rxcache._signature(), poisoned)))
    cache.chmod(0o666)
    done = run_hook("secrets", cache, "settings.py", cwd=tree)
    assert done.returncode == 1 and "SEC101" in done.stdout
    assert marshal.loads(cache.read_bytes())[1] == poisoned  # left alone: not ours to trust or rewrite
