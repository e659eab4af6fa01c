"""Read each input once, as bytes, and decide what is text before decoding."""
from __future__ import annotations

import os
from sechooks.core.record import record
TYPE_CHECKING = False  # typing costs ~5 ms to import; annotations are strings
if TYPE_CHECKING:
    from typing import Any, Iterable, Iterator, Mapping, Sequence

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
    # A path that names no file to check (missing, a directory, a dangling link): a
    # usage error that names it, while the other files are still checked.
    usage: str | None = None


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


_BOMS = (  # longest first: the UTF-32-LE mark starts with the UTF-16-LE one
    (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"),
)


def _unicode_bom(data: bytes) -> tuple[int, str] | None:
    for mark, codec in _BOMS:
        if data.startswith(mark):
            return len(mark), codec
    return None


def _lines(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def decode(data: bytes) -> str:
    """UTF-8 (BOM dropped), or UTF-16/UTF-32 behind their BOM; bytes that are not UTF-8
    fall back to Latin-1, which is lossless.

    CRLF and lone CR line ends become LF so that line numbers agree with editors.
    """
    bom = _unicode_bom(data)
    if bom is not None:
        try:
            return _lines(data[bom[0]:].decode(bom[1]))
        except UnicodeDecodeError:
            pass
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    return _lines(text)


def from_bytes(path: str, data: bytes, max_bytes: int) -> Source:
    if len(data) > max_bytes:
        return Source(path, skip=f"skipped: {len(data)} bytes is over the {max_bytes}-byte limit")
    bom = _unicode_bom(data)
    if bom is not None:
        try:
            return Source(path, text=_lines(data[bom[0]:].decode(bom[1])), size=len(data))
        except UnicodeDecodeError:
            return Source(path, skip=f"skipped: not valid {bom[1].upper()} despite its byte-order mark")
    if b"\0" in data[:BINARY_SNIFF]:
        return Source(path, skip="skipped: binary file")
    return Source(path, text=decode(data), size=len(data))


def inside(path: str, root: str) -> bool:
    """Is `path` (absolute, resolved) the root or below it?"""
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def read_bytes(path: str, max_bytes: int) -> bytes | str:
    """The bytes of a regular file, at most `max_bytes + 1` of them; else why not (a str).

    Opened without blocking, then checked with fstat, so a FIFO, a device such as
    /dev/zero or a socket is refused without waiting on it or reading it.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except IsADirectoryError:
        return "is a directory"
    except FileNotFoundError:
        return "no such file" if not os.path.islink(path) else "a dangling symbolic link"
    except OSError as e:
        return f"cannot read: {e.strerror or e}"
    try:
        st = os.fstat(fd)
        import stat

        if stat.S_ISDIR(st.st_mode):
            return "is a directory"
        if not stat.S_ISREG(st.st_mode):
            return "not a regular file (a FIFO, socket or device): not read"
        with os.fdopen(fd, "rb", closefd=False) as f:
            return f.read(max_bytes + 1)
    except OSError as e:
        return f"cannot read: {e.strerror or e}"
    finally:
        os.close(fd)


_USAGE = ("no such file", "a dangling symbolic link", "is a directory")


def read_path(path: str, max_bytes: int = DEFAULT_MAX_BYTES, root: str | None = None) -> Source:
    """Read one input file. With `root`, a path inside the root whose real location is
    outside it (a committed symlink to ~/.git-credentials) is not read."""
    shown = display_path(path)
    if root is not None:
        lexical, real = os.path.abspath(path), os.path.realpath(path)
        real_root = os.path.realpath(root)
        if inside(lexical, os.path.abspath(root)) and not inside(real, real_root):
            return Source(shown, skip="skipped: a symbolic link to outside the repository is not followed")
    data = read_bytes(path, max_bytes)
    if isinstance(data, str):
        if data in _USAGE:
            return Source(shown, usage=data)
        if data.startswith("not a regular file"):
            return Source(shown, skip=f"skipped: {data}")
        return Source(shown, error=data)
    return from_bytes(shown, data, max_bytes)


def read_inside(path: str, root: str, max_bytes: int) -> Source:
    """A file a check depends on (a sibling, a `file()` target): only a regular file whose
    real location is inside `root`, within the size cap."""
    shown = display_path(path)
    if not inside(os.path.realpath(path), os.path.realpath(root)):
        return Source(shown, error="outside the repository: not read")
    data = read_bytes(path, max_bytes)
    if isinstance(data, str):
        return Source(shown, error=data)
    return from_bytes(shown, data, max_bytes)


class GitError(Exception):
    pass


def _git(args: list[str], stdin: bytes | None = None, cwd: str | None = None, check: bool = True,
         warnings: list[str] | None = None) -> bytes:
    import subprocess  # only --staged and scans pay for it

    try:
        proc = subprocess.run(
            ["git", *args], input=stdin, capture_output=True, check=False, cwd=cwd,
        )
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    if proc.returncode != 0 and not check:
        return b""
    if proc.returncode == 0 and warnings is not None:
        warnings.extend(proc.stderr.decode("utf-8", "surrogateescape").splitlines())
    if proc.returncode != 0:
        stderr = proc.stderr.decode(errors="replace")
        if "not a git repository" in stderr.lower() or "usage: git" in stderr:
            # outside a repository `git diff --cached` prints --no-index usage text
            raise GitError("not a git repository (--staged and --diff-only need one)")
        message = stderr.strip().splitlines()
        raise GitError(message[0] if message else f"git {args[0]} failed")
    return proc.stdout


_REGULAR_MODES = (b"100644", b"100755")


def _fs_path(raw: bytes) -> str:
    return raw.decode("utf-8", "surrogateescape")


def staged_paths() -> list[str]:
    """Regular files added, copied, modified or renamed in the index, relative to the repo
    root. Submodules (gitlinks) and symbolic links are not files to check."""
    out = _git(["diff", "--cached", "--raw", "-z", "--no-renames", "--diff-filter=ACMR"])
    fields = out.split(b"\0")
    paths = []
    for meta, path in zip(fields[0::2], fields[1::2]):
        parts = meta.split()
        if len(parts) >= 2 and parts[1] in _REGULAR_MODES:
            paths.append(_fs_path(path))
    return paths


def index_entries(paths: Iterable[str] | None = None) -> dict[str, tuple[bytes, bytes]]:
    """path -> (mode, object id) for stage-0 entries of the index (all, or those named)."""
    args = ["ls-files", "--stage", "-z"]
    if paths is not None:
        args += ["--", *(":(literal)" + p for p in paths)]
    out = _git(args)
    entries = {}
    for record_ in out.split(b"\0"):
        meta, tab, path = record_.partition(b"\t")
        parts = meta.split()
        if tab and len(parts) == 3 and parts[2] == b"0":
            entries[_fs_path(path)] = (parts[0], parts[1])
    return entries


def read_blobs(wanted: Sequence[tuple[str, bytes]], max_bytes: int) -> Iterator[Source]:
    """(path, object id) pairs read with one `git cat-file --batch` process; requests by
    object id, so any path (a newline, a quote, non-UTF-8 bytes) is read."""
    if not wanted:
        return
    out = _git(["cat-file", "--batch"], stdin=b"".join(oid + b"\n" for _, oid in wanted))
    pos = 0
    for path, _ in wanted:
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


def read_staged(paths: Iterable[str], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Source]:
    """Read staged blobs from the index (paths relative to the repository root, as
    `staged_paths` returns them). Gitlinks and symbolic links are passed over."""
    paths = list(paths)
    if not paths:
        return
    entries = index_entries(paths)
    wanted: list[tuple[str, bytes]] = []
    for path in paths:
        entry = entries.get(path)
        if entry is None:
            yield Source(path, error="not in the index")
        elif entry[0] in _REGULAR_MODES:
            wanted.append((path, entry[1]))
    yield from read_blobs(wanted, max_bytes)


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


# --- lines added by a change (--diff-only) ----------------------------------------

EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
_C_ESCAPES = {"a": 7, "b": 8, "t": 9, "n": 10, "v": 11, "f": 12, "r": 13, '"': 34, "\\": 92}


def unquote_git_path(raw: str) -> str:
    """A path as git prints it in a diff header: as is, or C-quoted ("a\\tb\\303\\251")
    when it holds a quote, a backslash, a control or (without core.quotepath=off) a
    non-ASCII byte. Returns the file system's str (undecodable bytes surrogate-escaped)."""
    if not (len(raw) >= 2 and raw[0] == raw[-1] == '"'):
        return raw
    body, out, i = raw[1:-1], bytearray(), 0
    while i < len(body):
        c = body[i]
        if c != "\\" or i + 1 == len(body):
            out += c.encode("utf-8", "surrogateescape")
            i += 1
        elif body[i + 1] in "01234567" and body[i + 1:i + 4].isdigit():
            out.append(int(body[i + 1:i + 4], 8) & 0xFF)
            i += 4
        else:
            out.append(_C_ESCAPES.get(body[i + 1], ord(body[i + 1]) & 0xFF))
            i += 2
    return out.decode("utf-8", "surrogateescape")


def parse_added_lines(diff: bytes) -> dict[str, set[int]]:
    """{repo-relative path: new-side line numbers added} from `git diff -U0` output."""
    added: dict[str, set[int]] = {}
    current: set[int] | None = None
    for raw in diff.split(b"\n"):
        if raw.startswith(b"+++ "):
            target = unquote_git_path(raw[4:].decode("utf-8", "surrogateescape").rstrip("\t"))
            current = None if target == "/dev/null" else added.setdefault(target[2:] if target.startswith("b/") else target, set())
        elif raw.startswith(b"@@ ") and current is not None:
            new = raw.split(b" ")[2] if raw.count(b" ") >= 3 else b""
            start, _, count = new[1:].partition(b",")
            if new.startswith(b"+") and start.isdigit() and (not count or count.isdigit()):
                first, n = int(start), int(count or b"1")
                current.update(range(first, first + n))
    return added


def change_range(args: Mapping[str, Any]) -> tuple[str, str] | None:
    """The commit range to restrict to: --from-ref/--to-ref, else pre-commit's
    PRE_COMMIT_FROM_REF/PRE_COMMIT_TO_REF (pre-push, `run --from-ref`), else None."""
    start = args.get("from_ref") or os.environ.get("PRE_COMMIT_FROM_REF") or os.environ.get("PRE_COMMIT_ORIGIN")
    end = args.get("to_ref") or os.environ.get("PRE_COMMIT_TO_REF") or os.environ.get("PRE_COMMIT_SOURCE")
    if start and end:
        return str(start), str(end)
    return None


def added_lines(root: str, staged: bool, refs: tuple[str, str] | None) -> tuple[dict[str, set[int]], str]:
    """Lines a change adds, by repo-relative path, and what the change is: the commit
    range when given; else the staged diff under --staged; else the working tree
    against HEAD (line numbers of the files on disk)."""
    common = ["-c", "core.quotepath=off", "diff", "-U0", "--no-color", "--no-ext-diff", "--no-renames",
              "--diff-filter=ACMR", "--src-prefix=a/", "--dst-prefix=b/"]
    if refs is not None:
        what, args = f"{refs[0]}...{refs[1]}", [*common, f"{refs[0]}...{refs[1]}"]
    elif staged:
        what, args = "the staged change", [*common, "--cached"]
    else:
        what, args = "the working tree against HEAD", [*common, "HEAD"]
        if not _git(["rev-parse", "--verify", "-q", "HEAD^{commit}"], cwd=root, check=False):
            args[-1] = EMPTY_TREE  # no commit yet: everything is added
    return parse_added_lines(_git(args, cwd=root)), what
