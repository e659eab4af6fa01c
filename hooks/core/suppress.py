"""Suppression: inline pragmas, file-level pragmas, config path ignores, baseline."""
from __future__ import annotations

import os
import re
from sechooks.core.record import field, record
TYPE_CHECKING = False  # typing costs ~5 ms to import; annotations are strings
if TYPE_CHECKING:
    from typing import Iterable, Mapping, Sequence

from sechooks.core import catalogue
from sechooks.core.finding import Finding

PRAGMA = re.compile(
    r"sechooks:\s*ignore(?P<file>-file)?(?P<list>\[(?P<ids>[^\]]{0,512})\])?"
    r"(?:\s*--\s*(?P<reason>.*))?",
)
_COMMENT_MARK = re.compile(r"#+|//+|/\*+|<!--|--|;+|%+|\*|REM|rem")
_COMMENT_LINE = re.compile(r"\s*(?:#|//|/\*|\*|<!--|;|--)")
FILE_PRAGMA_LINES = 5


@record(frozen=True)
class Compat:
    """An upstream tool's pragma honoured by one hook.

    `regex` may have a group `ids` of comma/space separated peer ids (mapped
    through the catalogue's `peers`); without it the pragma covers every rule
    of the family. `scope`: "line" (its own line), "next" (the next code
    line), "auto" (own line when trailing, next code line when alone),
    "file" (the whole file).
    """

    regex: re.Pattern[str]
    scope: str = "auto"
    marker: str = ""  # cheap substring test before the regex runs
    block: bool = False  # also covers findings anywhere in the block around it (checkov:skip)


@record
class Pragma:
    line: int
    ids: frozenset[str] | None  # None: every rule
    text: str
    used: bool = False


@record
class Suppressions:
    by_line: dict[int, list[Pragma]] = field(default_factory=dict)
    whole_file: list[Pragma] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)
    in_block: list[Pragma] = field(default_factory=list)
    block_lines: list[int] = field(default_factory=list)
    file_ids: dict[str, list[Pragma]] | None = None

    def covers(self, finding: Finding) -> Pragma | None:
        """The pragma that silences a finding, if any (every matching one is marked used):
        on the finding's line, on its block's first line (`extra["block_start"]`), or, for
        block-wide pragmas, anywhere inside `block_start`..`block_end`."""
        hit: Pragma | None = None
        if self.file_ids is None:  # file-wide pragmas by rule, once: thousands of them stay cheap
            self.file_ids = {}
            for pragma in self.whole_file:
                for rule in pragma.ids if pragma.ids is not None else ("*",):
                    self.file_ids.setdefault(rule, []).append(pragma)
        groups: list[Sequence[Pragma]] = [
            self.file_ids.get(finding.rule, []) + self.file_ids.get("*", []),
            self.by_line.get(finding.line, ()),
        ]
        start, end = finding.extra.get("block_start"), finding.extra.get("block_end")
        if start and int(start) != finding.line:
            groups.append(self.by_line.get(int(start), ()))
        if start and end and self.in_block:
            import bisect

            if len(self.block_lines) != len(self.in_block):
                self.block_lines = [p.line for p in self.in_block]  # appended in line order
            lines = self.block_lines
            lo, hi = bisect.bisect_left(lines, int(start)), bisect.bisect_right(lines, int(end))
            groups.append(self.in_block[lo:hi])
        for group in groups:
            for pragma in group:
                if pragma.ids is None or finding.rule in pragma.ids:
                    pragma.used = True
                    hit = hit or pragma
        return hit

    def unused(self, prefix: str | tuple[str, ...]) -> list[tuple[int, str]]:
        """Pragmas naming rules of this family (these families) that suppressed nothing."""
        out = []
        for pragma in self.whole_file + [p for ps in self.by_line.values() for p in ps]:
            if pragma.used or pragma.ids is None:
                continue
            mine = sorted(i for i in pragma.ids if i.startswith(prefix))
            if mine:
                out.append((pragma.line, f"unused suppression: {pragma.text} matched no {', '.join(mine)} finding"))
        return sorted(set(out))


def _strip_closer(text: str) -> str:
    """Drop a trailing `*/` or `-->` (the comment's end, not part of the pragma)."""
    text = text.rstrip()
    for closer in ("*/", "-->"):
        if text.endswith(closer):
            return text[: -len(closer)].rstrip()
    return text.strip()


def _is_comment_only(before: str) -> bool:
    """Is the text before a pragma only a comment opener (so the pragma stands alone)?
    Stripped first: a regex with whitespace on both sides of an optional group is
    quadratic on a long run of blanks."""
    mark = before.strip()
    return not mark or _COMMENT_MARK.fullmatch(mark) is not None


@record
class _CodeLines:
    """Next code line after each line, computed once per file in one backward pass, so
    that many standalone pragmas cost O(n), not O(n) each."""

    lines: Sequence[str]
    after: list[int] | None = None

    def next_after(self, index: int) -> int:
        """1-based number of the first line after `index` (0-based) that is not blank or a comment."""
        if self.after is None:
            after = [0] * len(self.lines)
            upcoming = 0
            for j in range(len(self.lines) - 1, -1, -1):
                after[j] = upcoming
                line = self.lines[j]
                if line.strip() and not _COMMENT_LINE.match(line):
                    upcoming = j + 1
            self.after = after
        return self.after[index] or index + 2


_ID_SHAPE = re.compile(r"[A-Z]{1,10}[_-]?[A-Z]{0,6}[_-]?[0-9]{1,6}")


def shown_id(token: str) -> str:
    """An unknown id as a message may quote it: an id-shaped token as it is, anything else
    (which may be a pasted secret) only by its length."""
    return repr(token) if _quotable(token) else f"of {len(token)} characters"


def _quotable(token: str) -> bool:
    return _ID_SHAPE.fullmatch(token) is not None or (len(token) <= 8 and token.replace("_", "").isalnum())


def _pragma_text(kind: str, ids: frozenset[str] | None) -> str:
    """How a message names a pragma: rebuilt from what was understood, never the line's
    own text (which runs on to a reason, or to whatever was pasted after it)."""
    return f"{kind}[{','.join(sorted(ids))}]" if ids else kind


def _parse_ids(raw: str) -> tuple[frozenset[str], list[str]]:
    ids, unknown = set(), []
    for token in re.split(r"[,\s]+", raw.strip()):
        if not token:
            continue
        token = token.upper()
        try:
            ids.add(catalogue.get(token).id)  # a renamed id (TFN301) names the rule it is now
        except KeyError:
            unknown.append(token)
    return frozenset(ids), unknown


def _peer_map(prefix: str | tuple[str, ...]) -> dict[str, set[str]]:
    peers: dict[str, set[str]] = {}
    prefixes = (prefix,) if isinstance(prefix, str) else prefix
    for rule in (r for p in prefixes for r in catalogue.family(p).rules.values()):
        for peer in rule.peers:
            peers.setdefault(peer.upper(), set()).add(rule.id)
    return peers


def parse(
    text: str,
    prefix: str | tuple[str, ...],
    compat: Sequence[Compat] = (),
    *,
    strict: bool = False,
    require_reason: bool = False,
) -> Suppressions:
    """Find every pragma in a file's text (call only when there are findings to filter)."""
    result = Suppressions()
    lines = text.split("\n")
    code = _CodeLines(lines)
    peers: dict[str, set[str]] | None = None
    has_own = "sechooks:" in text
    active = [c for c in compat if not c.marker or c.marker in text]
    if not has_own and not active:
        return result
    for index, line in enumerate(lines):
        number = index + 1
        if has_own and "sechooks:" in line:
            for own in PRAGMA.finditer(line):
                _own_pragma(result, code, index, line, own, strict, require_reason)
        for rule in active:
            if rule.marker and rule.marker not in line:
                continue
            match = rule.regex.search(line)
            if not match:
                continue
            ids: frozenset[str] | None = None
            if "ids" in rule.regex.groupindex and match.group("ids"):
                if peers is None:
                    peers = _peer_map(prefix)
                found: set[str] = set()
                for token in re.split(r"[,\s]+", match.group("ids").strip()):
                    found.update(peers.get(token.upper(), ()))
                    found.update(peers.get(token.upper().removeprefix("AVD-"), ()))
                ids = frozenset(found)
                if not ids:
                    continue
            pragma = Pragma(number, ids, _pragma_text(rule.marker or "pragma", ids))
            if rule.block:
                result.in_block.append(pragma)
            if rule.scope == "file":
                result.whole_file.append(pragma)
                continue
            standalone = _is_comment_only(line[: match.start()])
            if rule.scope == "next" or (rule.scope == "auto" and standalone):
                target = code.next_after(index)
            else:
                target = number
            result.by_line.setdefault(target, []).append(pragma)
    return result


def _own_pragma(
    result: Suppressions,
    code: _CodeLines,
    index: int,
    line: str,
    match: re.Match[str],
    strict: bool,
    require_reason: bool,
) -> None:
    number = index + 1
    kind = "sechooks: ignore-file" if match.group("file") else "sechooks: ignore"
    reason = _strip_closer(match.group("reason") or "")
    ids: frozenset[str] | None = None
    if match.group("list") is not None:
        ids, unknown = _parse_ids(match.group("ids"))
        for token in unknown:
            close = catalogue.suggest(token) if _quotable(token) else None
            hint = f" (did you mean {close}?)" if close else ""
            result.problems.append((number, f"unknown rule id {shown_id(token)} in {_pragma_text(kind, ids)}{hint}"))
        if not ids:
            return
    elif strict:
        result.problems.append((number, f"bare '{kind}' is not allowed with --strict: list the rule ids"))
        return
    text = _pragma_text(kind, ids)
    if require_reason and not reason:
        result.problems.append((number, f"'{text}' needs a reason after '--' (--require-reason)"))
        return
    pragma = Pragma(number, ids, text)
    if match.group("file"):
        if number <= FILE_PRAGMA_LINES:
            result.whole_file.append(pragma)
        else:
            result.problems.append((number, f"'{text}' only works in the first {FILE_PRAGMA_LINES} lines"))
        return
    if _is_comment_only(line[: match.start()]):
        target = code.next_after(index)
    else:
        target = number
    result.by_line.setdefault(target, []).append(pragma)


# --- baseline ---------------------------------------------------------------

def normalise(text: str) -> str:
    return " ".join(text.split())


def text_hash(text: str) -> str:
    import hashlib

    return hashlib.sha256(normalise(text).encode("utf-8", "surrogatepass")).hexdigest()


@record(frozen=True)
class Fingerprinted:
    finding: Finding
    hash: str
    index: int

    @property
    def key(self) -> tuple[str, str, str, int]:
        return (self.finding.rule, self.finding.path, self.hash, self.index)

    @property
    def fingerprint(self) -> str:
        import hashlib

        raw = "\0".join(map(str, self.key)).encode("utf-8", "surrogatepass")
        return hashlib.sha256(raw).hexdigest()[:32]


def fingerprint_all(findings: Iterable[Finding]) -> list[Fingerprinted]:
    """Line-free identities: rule, path, hash of the offending text, occurrence index.

    The offending text is `Finding.evidence` (the engine fills it with the source
    line when a rule gives none), else the message."""
    seen: dict[tuple[str, str, str], int] = {}
    hashes: dict[str, str] = {}  # many findings on one long line: normalise and hash it once
    out = []
    for f in sorted(findings, key=lambda f: (f.path, f.line, f.col, f.rule)):
        text = f.evidence if f.evidence is not None else f.message
        digest = hashes.get(text)
        if digest is None:
            digest = hashes[text] = text_hash(text)
        n = seen.get((f.rule, f.path, digest), 0)
        seen[(f.rule, f.path, digest)] = n + 1
        out.append(Fingerprinted(f, digest, n))
    return out


class BaselineError(Exception):
    pass


BASELINE_MAX_BYTES = 64 << 20


def _baseline_json(path: str, required: bool) -> object:
    from sechooks.core import files

    raw = files.read_bytes(path, BASELINE_MAX_BYTES)
    if isinstance(raw, str):
        if raw in ("no such file", "a dangling symbolic link") and not required:
            return None
        raise BaselineError(f"{path}: baseline {raw}")
    import json  # ~2 ms: only when there is a baseline to read

    if len(raw) > BASELINE_MAX_BYTES:
        raise BaselineError(f"{path}: over {BASELINE_MAX_BYTES} bytes: not a sechooks baseline")
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        raise BaselineError(f"{path}: not a readable sechooks baseline ({e.__class__.__name__})") from None
    except RecursionError:
        raise BaselineError(f"{path}: not a readable sechooks baseline (nested too deeply)") from None


def load_baseline(path: str, required: bool = False) -> set[tuple[str, str, str, int]]:
    """The fingerprints of a baseline file; none when the default file does not exist.
    `required`: the user named this file, so a missing one is an error."""
    data = _baseline_json(path, required)
    if data is None:
        return set()
    if not isinstance(data, dict) or data.get("version") != 1 or not isinstance(data.get("files"), dict):
        raise BaselineError(f"{path}: not a sechooks baseline (expected version 1 with a 'files' table)")
    keys = set()
    for file_path, entries in data["files"].items():
        if not isinstance(entries, list):
            raise BaselineError(f"{path}: malformed entries under {_shown(file_path)} (expected a list)")
        for entry in entries:
            rule, digest = (entry.get("rule"), entry.get("hash")) if isinstance(entry, dict) else (None, None)
            index = entry.get("index", 0) if isinstance(entry, dict) else None
            if not (isinstance(rule, str) and isinstance(digest, str) and type(index) is int and 0 <= index < 1 << 31):
                raise BaselineError(f"{path}: malformed entry under {_shown(file_path)} (needs rule, hash and a small whole index)")
            keys.add((catalogue.canonical(rule), file_path, digest, index))  # TFN301 is NET301
    return keys


def _shown(text: str) -> str:
    return repr(text[:80]) if text.isprintable() else repr(text[:80]).encode("ascii", "backslashreplace").decode()


def baseline_document(items: Iterable[Fingerprinted]) -> dict[str, object]:
    files: dict[str, list[dict[str, object]]] = {}
    for item in sorted(items, key=lambda i: i.key):
        rule, path, digest, index = item.key
        files.setdefault(path, []).append({"rule": rule, "hash": digest, "index": index})
    return {"version": 1, "hash": "sha256", "files": dict(sorted(files.items()))}
