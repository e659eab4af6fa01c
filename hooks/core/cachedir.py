"""sechooks' private cache directory: python-hcl2's grammar (engines/hcl) and compiled
regexes (core/rxcache). Nothing of a scanned file is ever written there."""
from __future__ import annotations

import os


def cache_dir(create: bool = True) -> str | None:
    """The private cache directory (`$XDG_CACHE_HOME/sechooks`, else `~/.cache/sechooks`),
    created if needed (`create`; else only one that exists), or None (no disk cache).

    What is cached there is loaded as code (python-hcl2's lark grammar is unpickled; the
    regex cache is handed to the regex engine), so a file another local user can write is
    code they run as us: the directory must be ours and writable by nobody else (never a
    shared temporary folder).
    """
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    if not os.path.isabs(base):
        return None
    path = os.path.join(base, "sechooks")
    try:
        if create:
            os.makedirs(path, mode=0o700, exist_ok=True)
        ours = private(os.lstat(path), directory=True)
    except OSError:
        return None
    return path if ours and os.access(path, os.W_OK) else None


def private(st: os.stat_result, directory: bool = False) -> bool:
    """Ours, of the expected kind (no symlink) and writable by no one else."""
    import stat

    kind = stat.S_ISDIR if directory else stat.S_ISREG
    owner = os.geteuid() if hasattr(os, "geteuid") else st.st_uid
    return kind(st.st_mode) and st.st_uid == owner and not st.st_mode & 0o022


def cache_file(directory: str | None, name: str) -> str | None:
    """The path of cache file `name`, or None when a file there must not be loaded (not
    ours, not a regular file, or writable by others)."""
    if directory is None:
        return None
    path = os.path.join(directory, name)
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return path  # lark writes it (umask applies; tightened below)
    except OSError:
        return None
    return path if private(st) else None
