"""Read each input once, as bytes, and decide what is text before decoding."""
from __future__ import annotations

import os
from sechooks.core.record import field, record
TYPE_CHECKING = False  # typing costs ~5 ms to import; annotations are strings
if TYPE_CHECKING:
    from typing import IO, Any, Callable, Iterable, Iterator, Mapping, Sequence

    from sechooks.core.finding import Finding

BINARY_SNIFF = 8192
DEFAULT_MAX_BYTES = 2 * 1024 * 1024
# A file over its hook's size cap is read in pieces of STREAM_CHUNK bytes by a hook that
# scans in windows (`Hook.check_window`); full-file parsers skip it.
STREAM_CHUNK = 256 * 1024
STREAM_WINDOW = 1024 * 1024


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
    # A text file over the size cap (`skip` says so): its decoded text, newline-normalised
    # as `decode` does, in pieces of bounded size, for the hooks that scan in windows.
    # Each call reads the file (or blob) again from its start.
    stream: Callable[[], Iterator[str]] | None = field(default=None, compare=False, repr=False)

    def pieces(self, limit: int) -> Iterator[str] | None:
        """The text in bounded pieces for a hook whose size cap is `limit`: the stream of a
        file over the read cap, or the text already read when it is over `limit` (a
        `sechooks scan` reads up to the largest cap of its hooks); None for anything else."""
        if self.stream is not None:
            return self.stream()
        if self.text is not None and self.size > limit:
            text = self.text
            return (text[i:i + STREAM_CHUNK] for i in range(0, len(text), STREAM_CHUNK))
        return None


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


def _stream_codec(pieces: Iterator[bytes]) -> tuple[str, int]:
    """The codec `decode` would choose for these bytes, and how many leading bytes (a
    byte-order mark) it drops: one pass, nothing kept."""
    import codecs

    head = next(pieces, b"")
    bom = _unicode_bom(head)
    utf8_skip = 3 if head.startswith(b"\xef\xbb\xbf") else 0
    tries = [(bom[1], bom[0])] if bom is not None else []
    tries.append(("utf-8", utf8_skip))
    decoders = [codecs.getincrementaldecoder(name)() for name, _ in tries]
    failed = [False] * len(tries)
    piece, first = head, True
    while True:
        for i, (decoder, (_, skip)) in enumerate(zip(decoders, tries)):
            if not failed[i]:
                try:
                    decoder.decode(piece[skip:] if first else piece, final=not piece)
                except UnicodeDecodeError:
                    failed[i] = True
        if not piece or all(failed):
            break
        piece, first = next(pieces, b""), False
    for ok, choice in zip(failed, tries):
        if not ok:
            return choice
    return "latin-1", utf8_skip


def _head_whole(pieces: Iterable[bytes]) -> Iterator[bytes]:
    """The pieces, the first one long enough to hold any byte-order mark."""
    source = iter(pieces)
    head = b""
    for piece in source:
        head += piece
        if len(head) >= 4:
            break
    if head:
        yield head
    yield from source


def decode_pieces(read: Callable[[], Iterator[bytes]]) -> Iterator[str]:
    """`decode` over a stream of bytes, piece by piece: the same text, never all of it in
    memory. A first pass decides the codec (a file is Latin-1 as soon as one byte is not
    UTF-8, as when decoded whole); the second decodes, CR and CRLF ends made LF."""
    import codecs

    codec, skip = _stream_codec(_head_whole(read()))
    decoder = codecs.getincrementaldecoder(codec)()
    carry = ""  # a CR at the end of a piece may be the first half of a CRLF
    for piece in _head_whole(read()):
        text = carry + decoder.decode(piece[skip:] if skip else piece)
        skip = 0
        carry = "\r" if text.endswith("\r") else ""
        if carry:
            text = text[:-1]
        if text:
            yield _lines(text)
    text = carry + decoder.decode(b"", final=True)
    if text:
        yield _lines(text)


def large(path: str, size: int, head: bytes, max_bytes: int, read: Callable[[], Iterator[bytes]]) -> Source:
    """A file over the size cap: skipped by full-file parsers (`skip`); a text file (no NUL
    in its first bytes, as `from_bytes` decides) also gets its `stream`."""
    skip = f"skipped: {size} bytes is over the {max_bytes}-byte limit"
    if _unicode_bom(head) is None and b"\0" in head[:BINARY_SNIFF]:
        return Source(path, size=size, skip=skip)
    return Source(path, size=size, skip=skip, stream=lambda: decode_pieces(read))


def _read_pieces(stream: IO[bytes]) -> Iterator[bytes]:
    while True:
        piece = stream.read(STREAM_CHUNK)
        if not piece:
            return
        yield piece


def _file_pieces(path: str, identity: tuple[int, int]) -> Iterator[bytes]:
    """The bytes of the file first read at `path`, in pieces; OSError when it is no longer
    that file (replaced between two reads)."""
    opened = _open(path)
    if isinstance(opened, str):
        raise OSError(f"{opened}: {display_path(path)}")
    fd, st = opened
    try:
        if (st.st_dev, st.st_ino) != identity:
            raise OSError(f"replaced while being read: {display_path(path)}")
        with os.fdopen(fd, "rb", closefd=False) as f:
            yield from _read_pieces(f)
    finally:
        os.close(fd)


@record(frozen=True)
class Window:
    """A piece of a file's text, scanned on its own as if it were the file: it starts at
    line `line` of the file, after `col` characters of that line (0 unless a line longer
    than a window was cut). It owns the findings that start at or after `own_from` and
    before `own_to` ((line, column) in the window's own numbering; None: to its end);
    the text around that part (the overlap) is context only, owned by its neighbour."""

    text: str
    line: int
    col: int
    own_from: tuple[int, int]
    own_to: tuple[int, int] | None

    @property
    def first(self) -> bool:
        return self.line == 1 and self.col == 0

    def owns_line(self, line: int) -> bool:
        """Is this line (window numbering) one that starts in the owned part?"""
        start = self.own_from[0] + (self.own_from[1] > 1)
        return line >= start and (self.own_to is None or line < self.own_to[0] + (self.own_to[1] > 1))

    def place(self, finding: Finding) -> Finding | None:
        """`finding` (found in `text`) in the file's numbering, if this window owns it."""
        where = (finding.line, finding.col)
        if where < self.own_from or (self.own_to is not None and where >= self.own_to):
            return None
        return _moved(finding, self.line - 1, 1, self.col)

    def local(self, finding: Finding) -> Finding:
        """A placed finding back in the window's numbering (for its pragmas and lines)."""
        return _moved(finding, 1 - self.line, self.line, -self.col)


def _moved(finding: Finding, lines: int, first: int, cols: int) -> Finding:
    """`finding` with `lines` added to its line numbers and `cols` to its columns on line
    `first` (the window's first line, which may start inside a line of the file)."""
    if not lines and not cols:
        return finding
    from sechooks.core.record import replace

    changes: dict[str, Any] = {"line": finding.line + lines}
    if finding.line == first:
        changes["col"] = finding.col + cols
    if finding.end_line is not None:
        changes["end_line"] = finding.end_line + lines
    if finding.end_col is not None and (finding.end_line or finding.line) == first:
        changes["end_col"] = finding.end_col + cols
    if "block_start" in finding.extra or "block_end" in finding.extra:
        changes["extra"] = {k: int(v) + lines if k in ("block_start", "block_end") else v for k, v in finding.extra.items()}
    return replace(finding, **changes)


def _position(text: str, offset: int) -> tuple[int, int]:
    """(line, column), both from 1, of an offset in `text`."""
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def windows(pieces: Iterable[str], overlap: int, size: int = STREAM_WINDOW) -> Iterator[Window]:
    """Windows of at most `size` characters over a text given in pieces; neighbours share
    `overlap` characters on each side of their boundary, so a match of at most `overlap`
    characters, with up to `overlap` characters of context before it, lies whole in the
    window that owns its start. Boundaries fall at line starts when a line start is near,
    else inside a (very long) line. Memory: one window and one piece."""
    overlap = max(overlap, 1)
    size = max(size, 4 * overlap)
    source = iter(pieces)
    buf, line, col, own, done = "", 1, 0, 0, False
    while True:
        if not done and len(buf) < size:
            parts = [buf]
            have = len(buf)
            while have < size:
                piece = next(source, None)
                if piece is None:
                    done = True
                    break
                parts.append(piece)
                have += len(piece)
            buf = "".join(parts)
        if done and len(buf) <= size:
            yield Window(buf, line, col, _position(buf, own), None)
            return
        text = buf[:size]
        limit = size - overlap  # a match owned here must end inside `text`
        newline = text.rfind("\n", own, limit)
        end = newline + 1 if newline >= 0 and newline + 1 > own + (limit - own) // 2 else limit
        yield Window(text, line, col, _position(text, own), _position(text, end))
        newline = text.rfind("\n", 0, end - overlap)
        start = newline + 1 if newline >= 0 and newline + 1 >= end - 2 * overlap else max(end - overlap, 0)
        lines = buf.count("\n", 0, start)
        if lines:
            line += lines
            col = start - (buf.rfind("\n", 0, start) + 1)
        else:
            col += start
        buf, own = buf[start:], end - start


def inside(path: str, root: str) -> bool:
    """Is `path` (absolute, resolved) the root or below it?"""
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _open(path: str) -> tuple[int, os.stat_result] | str:
    """A regular file opened for reading, and its fstat; else why not (a str).

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
            why = "is a directory"
        elif not stat.S_ISREG(st.st_mode):
            why = "not a regular file (a FIFO, socket or device): not read"
        else:
            return fd, st
    except OSError as e:
        why = f"cannot read: {e.strerror or e}"
    os.close(fd)
    return why


def read_bytes(path: str, max_bytes: int) -> bytes | str:
    """The bytes of a regular file, at most `max_bytes + 1` of them; else why not (a str)."""
    data = _read_head(path, max_bytes, None)
    assert not isinstance(data, tuple)
    return data


def _read_head(path: str, max_bytes: int, head: int | None) -> bytes | str | tuple[int, bytes, tuple[int, int]]:
    """`read_bytes`; with `head`, a file over `max_bytes` is not read whole: (its size, its
    first `head` bytes, its identity (device, inode)) instead."""
    opened = _open(path)
    if isinstance(opened, str):
        return opened
    fd, st = opened
    try:
        with os.fdopen(fd, "rb", closefd=False) as f:
            if head is not None and st.st_size > max_bytes:
                return st.st_size, f.read(head), (st.st_dev, st.st_ino)
            data = f.read(max_bytes + 1)
            if head is not None and len(data) > max_bytes:  # grew since fstat
                return len(data), data[:head], (st.st_dev, st.st_ino)
            return data
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
    data = _read_head(path, max_bytes, BINARY_SNIFF)
    if isinstance(data, str):
        if data in _USAGE:
            return Source(shown, usage=data)
        if data.startswith("not a regular file"):
            return Source(shown, skip=f"skipped: {data}")
        return Source(shown, error=data)
    if isinstance(data, tuple):  # over the cap: read again, in pieces, by the hooks that stream
        size, head, identity = data
        return large(shown, size, head, max_bytes, lambda: _file_pieces(path, identity))
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


def _git_failure(stderr: bytes, what: str) -> GitError:
    text = stderr.decode(errors="replace")
    if "not a git repository" in text.lower():
        return GitError("not a git repository (--staged and --diff-only need one)")
    lines = text.strip().splitlines()
    return GitError(lines[0] if lines else f"git {what} failed")


def _popen(args: list[str], stdin: bool = False) -> Any:
    import subprocess  # only --staged and scans pay for it

    try:
        return subprocess.Popen(
            ["git", *args], stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
    except FileNotFoundError:
        raise GitError("git is not installed") from None


def _exactly(stream: IO[bytes], size: int) -> bytes:
    data = stream.read(size)
    if len(data) != size:
        raise GitError("git cat-file ended early")
    return data


def _blob_pieces(oid: bytes) -> Iterator[bytes]:
    """A blob's bytes from `git cat-file blob`, in pieces (a staged file over the cap)."""
    proc = _popen(["cat-file", "blob", oid.decode("ascii")])
    try:
        yield from _read_pieces(proc.stdout)
    finally:
        proc.stdout.close()
        stderr = proc.stderr.read()
        proc.stderr.close()
        code = proc.wait()
    if code != 0:
        raise _git_failure(stderr, "cat-file")


def read_blobs(wanted: Sequence[tuple[str, bytes]], max_bytes: int) -> Iterator[Source]:
    """(path, object id) pairs read with one `git cat-file --batch` process; requests by
    object id, so any path (a newline, a quote, non-UTF-8 bytes) is read. One request at a
    time (cat-file flushes each answer): a blob over the cap is read only as far as its
    first bytes, so memory stays within the cap; its `stream` reads it again in pieces."""
    if not wanted:
        return
    proc = _popen(["cat-file", "--batch"], stdin=True)
    try:
        for path, oid in wanted:
            try:
                proc.stdin.write(oid + b"\n")
                proc.stdin.flush()
            except BrokenPipeError:
                pass  # git has exited: its stdout is at its end, stderr says why
            header = proc.stdout.readline().split()
            if not header:
                proc.stdout.close()
                raise _git_failure(proc.stderr.read(), "cat-file")
            if len(header) < 3 or header[-1] == b"missing":
                yield Source(path, error="not in the index")
                continue
            size = int(header[2])
            if size > max_bytes:
                head = _exactly(proc.stdout, min(size, BINARY_SNIFF))
                left = size - len(head)
                while left:  # pass over the rest in bounded reads
                    left -= len(_exactly(proc.stdout, min(left, STREAM_CHUNK)))
                _exactly(proc.stdout, 1)
                yield large(path, size, head, max_bytes, lambda oid=oid: _blob_pieces(oid))  # type: ignore[misc]
                continue
            data = _exactly(proc.stdout, size)
            _exactly(proc.stdout, 1)
            yield from_bytes(path, data, max_bytes)
    finally:
        for pipe in (proc.stdin, proc.stdout, proc.stderr):
            try:
                pipe.close()
            except OSError:
                pass
        proc.wait()


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
