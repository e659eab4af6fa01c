"""Read each input once, as bytes, and decide what is text before decoding."""
from __future__ import annotations

import os
from sechooks.core.record import record
TYPE_CHECKING = False  # typing costs ~5 ms to import; annotations are strings
if TYPE_CHECKING:
    from typing import Iterable, Iterator

BINARY_SNIFF = 8192
DEFAULT_MAX_BYTES = 2 * 1024 * 1024


@record(frozen=True)
class Source:
    """One input: its repo-relative path and either its text or why there is none.

    `skip` is a notice (binary, too large): not a failure. `error` is a file
    that should have been checked but could not be read: the hook reports it
    under its reserved rule.
    """

    path: str
    text: str | None = None
    size: int = 0
    skip: str | None = None
    error: str | None = None


def display_path(path: str) -> str:
    """Repo-relative, `/`-separated path for output (pre-commit passes relative ones)."""
    if os.path.isabs(path):
        try:
            rel = os.path.relpath(path)
        except ValueError:  # another drive on Windows
            rel = path
        if not rel.startswith(".."):
            path = rel
    path = path.replace(os.sep, "/")
    while path.startswith("./"):
        path = path[2:]
    return path


def decode(data: bytes) -> str:
    """UTF-8 (BOM dropped); bytes that are not UTF-8 fall back to Latin-1, which is lossless.

    CRLF and lone CR line ends become LF so that line numbers agree with editors.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def from_bytes(path: str, data: bytes, max_bytes: int) -> Source:
    if len(data) > max_bytes:
        return Source(path, skip=f"skipped: {len(data)} bytes is over the {max_bytes}-byte limit")
    if b"\0" in data[:BINARY_SNIFF]:
        return Source(path, skip="skipped: binary file")
    return Source(path, text=decode(data), size=len(data))


def read_path(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    shown = display_path(path)
    try:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size > max_bytes:
                return Source(shown, skip=f"skipped: {size} bytes is over the {max_bytes}-byte limit")
            data = f.read(max_bytes + 1)
    except IsADirectoryError:
        return Source(shown, error="is a directory")
    except OSError as e:
        return Source(shown, error=f"cannot read: {e.strerror or e}")
    return from_bytes(shown, data, max_bytes)


class GitError(Exception):
    pass


def _git(args: list[str], stdin: bytes | None = None) -> bytes:
    import subprocess  # only --staged and scans pay for it

    try:
        proc = subprocess.run(
            ["git", *args], input=stdin, capture_output=True, check=False,
        )
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    if proc.returncode != 0:
        message = proc.stderr.decode(errors="replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {args[0]} failed")
    return proc.stdout


def staged_paths() -> list[str]:
    """Paths added, copied, modified or renamed in the index, relative to the repo root."""
    out = _git(["diff", "--cached", "--name-only", "--diff-filter=ACMR", "-z", "--no-renames"])
    return [p for p in out.decode("utf-8", "surrogateescape").split("\0") if p]


def read_staged(paths: Iterable[str], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Source]:
    """Read staged blobs from the index with one `git cat-file --batch` process.

    Paths are relative to the repository root (what `staged_paths` returns).
    """
    wanted = [p for p in paths if "\n" not in p]
    if not wanted:
        return
    request = "".join(f":0:{p}\n" for p in wanted).encode("utf-8", "surrogateescape")
    out = _git(["cat-file", "--batch"], stdin=request)
    pos = 0
    for path in wanted:
        end = out.index(b"\n", pos)
        header = out[pos:end].split()
        pos = end + 1
        if len(header) < 3 or header[-1] == b"missing":
            yield Source(path, error="not in the index")
            continue
        size = int(header[2])
        data = out[pos:pos + size]
        pos += size + 1
        yield from_bytes(path, data, max_bytes)


def repo_root(start: str = ".") -> str:
    """The nearest enclosing directory holding `.git`, else `start` itself."""
    here = os.path.abspath(start)
    probe = here
    while True:
        if os.path.exists(os.path.join(probe, ".git")):
            return probe
        parent = os.path.dirname(probe)
        if parent == probe:
            return here
        probe = parent
