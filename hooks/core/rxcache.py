"""Compiled regular expressions kept between runs, as Python keeps compiled modules.

Every hook run is a new process, and Python compiles each regex from its source text on
first use: parsing the pattern and generating the matcher's code. On a mixed 10-file commit
the suite compiles about 180 patterns, a quarter of the whole run (~25 ms of ~95 ms on the
bench machine). The generated code depends only on the pattern, its flags and the
interpreter's regex engine, so it is kept in sechooks' private cache directory
(`~/.cache/sechooks`, core/cachedir: ours and writable by nobody else, as for the HCL
grammar) in a file named after the interpreter and the engine's version, and handed back
to the engine (`_sre.compile`) on the next run; the engine checks the code before using it.

What is kept: only constants of the code. A pattern compiled at import time (a module or
class body, or a function one of them calls: sechooks' tables, PyYAML's resolver, the
standard library's), a pattern that is the very object a module-level name holds
(`re.search(_CONSTANT, text)`), and the secrets detectors' patterns (`compile`). A pattern
built at run time from what a scanned file contains (an HCL heredoc marker, a block label)
is a new string compiled inside a function: compiled as usual and never written, so
nothing of a scanned file reaches the disk. Of the configuration, only the union of the
path globs (`exclude`, `tests`: the defaults and what the repository's config file adds)
is kept; custom rules' regexes are not.

Nothing here changes a match: the engine receives the same arguments as from
`re.compile`. Any surprise (an unknown interpreter layout, an unreadable or foreign file,
code the engine refuses, a file that is not ours or that others can write) falls back to
the plain compile; no private directory or PYTHONDONTWRITEBYTECODE means no file is
written, as for bytecode. SECHOOKS_REGEX_CACHE=0
turns it off; SECHOOKS_REGEX_CACHE=FILE keeps it in FILE. A file written by another
interpreter or regex engine version is not used (each file records which wrote it).
"""
from __future__ import annotations

import os
import re
import sys
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

MAX_ENTRIES = 4096  # a file past this is started again from the patterns of one run


class _State:
    table: dict[tuple[str, int], tuple[Any, ...]] | None = None
    added = 0
    keep = False  # the next compile is a detector's pattern (see `compile`)
    original: Any = None
    target: Any = None


STATE = _State()


def cache_path(create: bool = False) -> str | None:
    """The cache file for this interpreter and regex engine in the private cache directory
    (core/cachedir: ours, writable by nobody else), or None. SECHOOKS_REGEX_CACHE names
    another file (`0` turns the cache off)."""
    import _sre

    from sechooks.core import cachedir

    chosen = os.environ.get("SECHOOKS_REGEX_CACHE")
    if chosen:
        chosen = os.path.abspath(chosen)
        return cachedir.cache_file(os.path.dirname(chosen), os.path.basename(chosen))
    magic = getattr(_sre, "MAGIC", None)
    tag = sys.implementation.cache_tag
    if magic is None or tag is None:
        return None
    # reading (`create` false) makes no directory for it
    return cachedir.cache_file(cachedir.cache_dir(create), f"regex-{tag}-{magic}-{sys.hexversion:x}.marshal")


def _load() -> dict[tuple[str, int], tuple[Any, ...]]:
    import marshal

    table: dict[tuple[str, int], tuple[Any, ...]] = {}
    path = cache_path()
    if path is None:
        return table
    try:
        with open(path, "rb") as f:
            # cache_path() hands out only a file in our private directory, ours and
            # writable by nobody else (core/cachedir), as trusted as the bytecode beside the code
            data = marshal.loads(f.read())  # nosec B302 -- our own private cache file
    except (OSError, EOFError, ValueError, TypeError):
        return table
    # another interpreter's engine may number its opcodes differently: its code is not used
    if isinstance(data, tuple) and len(data) == 2 and data[0] == _signature() and isinstance(data[1], dict):
        table.update(data[1])
    return table


def _signature() -> tuple[Any, ...]:
    import _sre

    return (sys.implementation.cache_tag, getattr(_sre, "MAGIC", None), getattr(_sre, "CODESIZE", None), sys.hexversion)


def _code_of(pattern: str, flags: int) -> tuple[Any, ...]:
    """What `re._compiler.compile` hands to `_sre.compile` for a str pattern (the same
    steps from Python 3.9 to 3.13)."""
    compiler = STATE.target
    parser = sys.modules[compiler.__name__.replace("compile", "parse").replace("_compiler", "_parser")]
    p = parser.parse(pattern, flags)
    code = compiler._code(p, flags)
    groupindex = dict(p.state.groupdict)
    indexgroup = [None] * p.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return (int(flags | p.state.flags), [int(c) for c in code], p.state.groups - 1, groupindex, tuple(indexgroup))


_INTERNAL = frozenset({"re", "re._compiler", "re._parser", "sre_compile", "sre_parse", __name__})


def _kept(pattern: str) -> bool:
    """Is `pattern` a constant of the code that compiles it? Yes when the compile runs in a
    module or class body (import time: no input has been read), or in a function called
    from one, or when the pattern is the very object a module-level name holds
    (`re.search(_CONSTANT, text)`), or for a detector's pattern (`compile`). `__main__`'s
    body runs the whole program, so it is not import time."""
    if STATE.keep:
        return True
    frame: Any = sys._getframe(1)
    while frame is not None and frame.f_globals.get("__name__") in _INTERNAL:
        frame = frame.f_back
    if frame is None:
        return False
    if any(value is pattern for value in frame.f_globals.values()):
        return True
    for _ in range(2):  # the caller, and the caller's caller
        if frame is None or frame.f_globals.get("__name__") == "__main__":
            return False
        if not frame.f_code.co_flags & 0x1:  # not CO_OPTIMIZED: a module or class body
            return True
        frame = frame.f_back
    return False


def _compile(p: Any, flags: int = 0) -> Any:
    """Stands in for `re._compiler.compile` (`sre_compile.compile` before 3.11)."""
    import _sre

    if not isinstance(p, str) or flags & re.DEBUG or not _kept(p):
        return STATE.original(p, flags)
    if STATE.table is None:
        STATE.table = _load()
    key = (p, int(flags))
    args = STATE.table.get(key)
    if args is not None:
        try:
            return _sre.compile(p, *args)
        except Exception:  # foreign or damaged entry: the engine refused it
            del STATE.table[key]
    try:
        args = _code_of(p, int(flags))
        compiled = _sre.compile(p, *args)
    except Exception:  # an invalid pattern, or a compiler that differs: as usual (same error)
        return STATE.original(p, flags)
    if len(STATE.table) >= MAX_ENTRIES:
        STATE.table = {}  # stale entries of older sources: start again from this run's
    STATE.table[key] = args
    STATE.added += 1
    return compiled


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile` for a pattern built inside a function from sechooks' own tables or
    from configuration globs, never from a scanned file's text: kept."""
    STATE.keep = True
    try:
        return re.compile(pattern, flags)
    finally:
        STATE.keep = False


def save() -> None:
    """Write the patterns this run added (at exit), atomically; never raises."""
    if not STATE.added or STATE.table is None or sys.dont_write_bytecode:
        return
    import marshal
    import tempfile

    try:
        path = cache_path(create=True)
        if path is None:
            return
        folder = os.path.dirname(path)
        os.makedirs(folder, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=".regex-", dir=folder)  # 0600, like the file it replaces
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(marshal.dumps((_signature(), STATE.table)))
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except (OSError, ValueError):
        return
    STATE.added = 0


def install() -> None:
    """Route the interpreter's regex compiles through the cache (once per process)."""
    if STATE.original is not None or os.environ.get("SECHOOKS_REGEX_CACHE") == "0":
        return
    target: Any = getattr(re, "_compiler", None) or sys.modules.get("sre_compile")
    if target is None or not hasattr(target, "_code") or not callable(getattr(target, "compile", None)):
        return
    import atexit

    STATE.target, STATE.original = target, target.compile
    target.compile = _compile
    atexit.register(save)
