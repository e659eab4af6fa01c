"""hooks/core/files.py and the related-file reads of cli.Context: only regular files, inside
the repository, within the cap, and under --staged the index's truth."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from sechooks.core import cli, files
from tests.conftest import git, write


def _ctx(root: Path, staged: bool = False, max_bytes: int = 1000) -> cli.Context:
    return cli.Context(family="NET", enabled=frozenset(), options={}, root=str(root),
                       args={"staged": staged}, max_bytes=max_bytes)


@pytest.mark.parametrize(("data", "expected"), [
    ("password = 1\n".encode("utf-16"), "password = 1\n"),
    ("password = 1\r\n".encode("utf-16-be"), None),  # no BOM: NULs make it binary
    (b"\xfe\xff" + "k = v\n".encode("utf-16-be"), "k = v\n"),
    (b"\xff\xfe\x00\x00" + "k = v\n".encode("utf-32-le"), "k = v\n"),
    (b"\x00\x00\xfe\xff" + "k = v\n".encode("utf-32-be"), "k = v\n"),
    (b"\xef\xbb\xbfk = v\r\n", "k = v\n"),
])
def test_unicode_byte_order_marks_are_decoded(data: bytes, expected: str | None) -> None:
    source = files.from_bytes("x", data, 10_000)
    assert source.text == expected
    if expected is None:
        assert source.skip == "skipped: binary file"


def test_broken_utf16_is_skipped_with_a_reason() -> None:
    source = files.from_bytes("x", b"\xff\xfe\x00\xd8", 100)  # lone high surrogate
    assert source.text is None and "UTF-16-LE" in (source.skip or "")


def test_read_bytes_refuses_fifo_and_devices(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.tf"
    os.mkfifo(fifo)
    assert files.read_bytes(str(fifo), 100) == "not a regular file (a FIFO, socket or device): not read"
    assert files.read_bytes("/dev/zero", 100) == "not a regular file (a FIFO, socket or device): not read"
    link = tmp_path / "zero.tf"
    link.symlink_to("/dev/zero")
    assert isinstance(files.read_bytes(str(link), 100), str)


def test_read_bytes_is_bounded_by_the_cap(tmp_path: Path) -> None:
    big = write(tmp_path / "big", b"x" * 5000)
    assert files.read_bytes(str(big), 100) == b"x" * 101


def test_read_related_stays_inside_the_root(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    outside = tmp_path_factory.mktemp("out") / "secret.tf"
    outside.write_text("x")
    (repo / "link.tf").symlink_to(outside)
    write(repo / "ok.tf", "a = 1\n")
    ctx = _ctx(repo)
    assert ctx.read_related("ok.tf").text == "a = 1\n"
    assert ctx.read_related("link.tf").error == "outside the repository: not read"
    assert ctx.read_related(str(outside)).error == "outside the repository: not read"
    assert ctx.read_related("../x.tf").text is None
    os.mkfifo(repo / "fifo.tf")
    assert "not a regular file" in (ctx.read_related("fifo.tf").error or "")
    write(repo / "big.tf", "x" * 2000)
    assert ctx.read_related("big.tf").skip is not None


def test_list_related_lists_regular_files_only(repo: Path) -> None:
    write(repo / "m" / "a.tf", "a")
    write(repo / "m" / "b.tf", "b")
    (repo / "m" / "sub").mkdir()
    os.mkfifo(repo / "m" / "c.tf")
    assert _ctx(repo).list_related("m") == ["m/a.tf", "m/b.tf"]


def test_staged_related_files_come_from_the_index(repo: Path) -> None:
    write(repo / "m" / "variables.tf", 'variable "cidr" { default = "0.0.0.0/0" }\n')
    write(repo / "m" / "main.tf", "x = 1\n")
    write(repo / "m" / "new\nline.tf", "odd = 1\n")
    git("add", "-A")
    write(repo / "m" / "variables.tf", 'variable "cidr" { default = "10.0.0.0/8" }\n')  # edited back on disk
    write(repo / "m" / "untracked.tf", "u = 1\n")
    ctx = _ctx(repo, staged=True)
    assert ctx.list_related("m") == ["m/main.tf", "m/new\nline.tf", "m/variables.tf"]
    assert "0.0.0.0/0" in (ctx.read_related("m/variables.tf").text or "")
    assert ctx.read_related("m/new\nline.tf").text == "odd = 1\n"
    assert ctx.read_related("m/untracked.tf").error == "not in the index"
    assert ctx.read_related("../escape.tf").error == "outside the repository: not read"


def test_staged_paths_skip_gitlinks_and_symlinks(repo: Path) -> None:
    write(repo / "a.txt", "a")
    (repo / "link").symlink_to("a.txt")
    git("add", "-A")
    git("update-index", "--add", "--cacheinfo", "160000,0123456789012345678901234567890123456789,sub")
    assert files.staged_paths() == ["a.txt"]
    assert [s.path for s in files.read_staged(["a.txt", "link", "sub"])] == ["a.txt"]


def test_staged_path_with_newline_and_quote_is_read(repo: Path) -> None:
    name = 'we"ird\nname.txt'
    write(repo / name, "hello")
    git("add", "-A")
    assert files.staged_paths() == [name]
    assert [s.text for s in files.read_staged([name])] == ["hello"]


def test_git_outside_a_repository_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    with pytest.raises(files.GitError, match="^not a git repository"):
        files.staged_paths()


@pytest.mark.parametrize(("raw", "path"), [
    ("b/plain.txt", "b/plain.txt"),
    ('"b/we\\"ird.txt"', 'b/we"ird.txt'),
    ('"b/caf\\303\\251.txt"', "b/café.txt"),
    ('"b/new\\nline\\t.txt"', "b/new\nline\t.txt"),
    ('"b/back\\\\slash"', "b/back\\slash"),
    ('"b/bad\\377"', "b/bad\udcff"),
])
def test_git_quoted_paths(raw: str, path: str) -> None:
    assert files.unquote_git_path(raw) == path


def test_added_lines_for_staged_worktree_and_ranges(repo: Path) -> None:
    write(repo / "a.txt", "one\ntwo\n")
    git("add", "-A")
    git("commit", "-qm", "base")
    write(repo / 'caf\u00e9 "q".txt', "x\ny\n")
    write(repo / "a.txt", "one\nnew\ntwo\n")
    git("add", "-A")
    write(repo / "a.txt", "zero\none\nnew\ntwo\n")  # unstaged: shifts the working tree's lines
    staged, what = files.added_lines(str(repo), True, None)
    assert staged == {"a.txt": {2}, 'caf\u00e9 "q".txt': {1, 2}} and what == "the staged change"
    worktree, _ = files.added_lines(str(repo), False, None)
    assert worktree["a.txt"] == {1, 3}
    git("commit", "-qm", "second")
    base = git("rev-parse", "HEAD~1").strip()
    ranged, what = files.added_lines(str(repo), False, (base, "HEAD"))
    assert ranged == {"a.txt": {2}, 'caf\u00e9 "q".txt': {1, 2}} and what == f"{base}...HEAD"


def test_change_range_from_pre_commit_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PRE_COMMIT_FROM_REF", raising=False)
    monkeypatch.delenv("PRE_COMMIT_TO_REF", raising=False)
    assert files.change_range({}) is None
    monkeypatch.setenv("PRE_COMMIT_FROM_REF", "abc")
    monkeypatch.setenv("PRE_COMMIT_TO_REF", "def")
    assert files.change_range({}) == ("abc", "def")
    assert files.change_range({"from_ref": "x", "to_ref": "y"}) == ("x", "y")


def test_scan_says_which_directories_it_cannot_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """#12.15. Outside git the walk's error is reported; tests run as root, who can read
    any directory, so the refusal is simulated at os.scandir."""
    from sechooks.umbrella import main as sechooks

    monkeypatch.chdir(tmp_path)
    write(tmp_path / "ok" / "Dockerfile", "FROM ubuntu:24.04\nUSER 10001\nHEALTHCHECK NONE\n")
    write(tmp_path / "locked" / "Dockerfile", "FROM ubuntu\n")
    real_scandir = os.scandir

    def refuse(path: str = ".") -> object:
        if os.path.basename(os.path.abspath(path)) == "locked":
            raise PermissionError(13, "Permission denied", path)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", refuse)
    assert sechooks(["scan", "--hook", "dockerfile", "."]) == 0
    assert "locked: skipped: directory not readable (Permission denied)" in capsys.readouterr().err


def test_scan_reports_directories_git_could_not_open(monkeypatch: pytest.MonkeyPatch) -> None:
    from sechooks import scan

    def fake_git(args: list[str], warnings: list[str] | None = None, **_: object) -> bytes:
        assert warnings is not None
        warnings.append("warning: could not open directory 'secret dir/': Permission denied")
        return b"a.txt\0"

    monkeypatch.setattr(files, "_git", fake_git)
    unreadable: list[str] = []
    scan._git_files(["."], unreadable)
    assert unreadable == ["secret dir: skipped: directory not readable (Permission denied)"]


# --- files over the cap: streamed text and windows (#22.3) -------------------------

_STREAM_SAMPLES = [
    b"", b"abc\r\n", "caf\u00e9\r\nx\ry".encode(), b"\xef\xbb\xbfhello\r\n", "h\u00e9".encode("utf-16"),
    "h\u00e9\r\nx".encode("utf-32"), b"caf\xe9\r\n", "\u65e5\u672c\u8a9e\r\n".encode() * 50, b"a\r" * 100 + b"\n",
    "\u00e9".encode() * 100 + b"\xff",  # valid UTF-8 until the very end: Latin-1 throughout
]


@pytest.mark.parametrize("data", _STREAM_SAMPLES)
@pytest.mark.parametrize("piece", [1, 2, 3, 7, 64])
def test_streamed_text_is_the_text_decoded_whole(data: bytes, piece: int) -> None:
    def read() -> object:
        return iter([data[i:i + piece] for i in range(0, len(data), piece)])

    assert "".join(files.decode_pieces(read)) == files.decode(data)  # type: ignore[arg-type]


@pytest.mark.parametrize("seed", range(40))
def test_windows_own_every_offset_once_with_context_around_it(seed: int) -> None:
    import random

    rng = random.Random(seed)
    n = rng.randint(0, 3000)
    text = "x" * n if seed % 5 == 0 else "".join(rng.choice("ab\n" if seed % 3 else "abcdefgh\n") for _ in range(n))
    overlap = rng.randint(1, 40)
    size = rng.randint(4 * overlap, 400)
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    owned = []
    for w in files.windows([text[i:i + 37] for i in range(0, len(text), 37)], overlap, size):
        start = starts[w.line - 1] + w.col
        assert text[start:start + len(w.text)] == w.text
        for i in range(len(w.text)):
            line = w.text.count("\n", 0, i) + 1
            col = i - (w.text.rfind("\n", 0, i) + 1) + 1
            if (line, col) >= w.own_from and (w.own_to is None or (line, col) < w.own_to):
                owned.append(start + i)
                assert w.own_to is None or i + overlap <= len(w.text)  # room after it
                assert start == 0 or i >= overlap  # context before it
    assert owned == list(range(len(text)))


def test_a_file_over_the_cap_is_skipped_with_a_stream_of_its_text(tmp_path: Path) -> None:
    write(tmp_path / "big.txt", b"line\r\n" * 1000)
    source = files.read_path(str(tmp_path / "big.txt"), 100)
    assert source.text is None and source.size == 6000 and source.skip == "skipped: 6000 bytes is over the 100-byte limit"
    assert source.stream is not None and "".join(source.stream()) == "line\n" * 1000
    write(tmp_path / "big.bin", b"\0" * 6000)
    binary = files.read_path(str(tmp_path / "big.bin"), 100)
    assert binary.stream is None and binary.skip is not None


def test_a_staged_blob_over_the_cap_is_streamed_from_the_index(repo: Path) -> None:
    write(repo / "big.txt", "staged\n" * 1000)
    write(repo / "small.txt", "small\n")
    git("add", "big.txt", "small.txt")
    write(repo / "big.txt", "changed\n")
    big, small = files.read_staged(["big.txt", "small.txt"], 100)
    assert (big.text, big.size, small.text) == (None, 7000, "small\n")
    assert big.stream is not None and "".join(big.stream()) == "staged\n" * 1000
