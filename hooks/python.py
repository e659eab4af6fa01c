"""sechooks-python: bandit run in-process, each issue mapped to one PY5nn rule (docs/python.md)."""
from __future__ import annotations

import contextlib
import io
import os
import re
import warnings

from sechooks.core import catalogue, cli, config as configuration
from sechooks.core.finding import Finding, Severity
from sechooks.core.record import record

TYPE_CHECKING = False  # typing costs ~5 ms to import; annotations are strings
if TYPE_CHECKING:
    import argparse  # only when a parser is built (the fast path of `hook FILE...` builds none)
    from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

# Bandit test ids per PY rule, one row per rule; PY599 takes every test not listed.
CHECKS: dict[str, tuple[str, ...]] = {
    "PY501": ("B601", "B602", "B604", "B605", "B609"),
    "PY502": ("B404", "B603", "B606", "B607"),
    "PY503": ("B102", "B307"),
    "PY504": ("B301", "B302", "B403", "B506", "B614", "B615"),
    "PY505": ("B608", "B610", "B611"),
    "PY506": ("B323", "B501", "B502", "B503", "B504", "B507"),
    "PY507": ("B303", "B304", "B305", "B324", "B413", "B505"),
    "PY508": ("B313", "B314", "B315", "B316", "B317", "B318", "B319",
              "B405", "B406", "B407", "B408", "B409", "B411"),
    "PY509": ("B105", "B106", "B107"),
    "PY510": ("B103", "B108", "B306"),
    "PY511": ("B104", "B201"),
    "PY512": ("B308", "B701", "B702", "B703", "B704"),
    "PY513": ("B310", "B312", "B321", "B401", "B402", "B412", "B508", "B509"),
    "PY514": ("B311",),
    "PY515": ("B202",),
    "PY516": ("B101", "B110", "B112", "B113"),
    "PY517": ("B613",),
    "PY518": ("B415", "B612"),
    "PY599": (),
}
OTHER = "PY599"
UNPARSEABLE = "PY500"
TEST_RULE: dict[str, str] = {test: rule for rule, tests in CHECKS.items() for test in tests}
CONFIDENCE = {"UNDEFINED": 0, "LOW": 1, "MEDIUM": 2, "HIGH": 3}
TEST_ID = re.compile(r"^B\d{3,}$", re.IGNORECASE)
_NOSEC = re.compile(r"#\s*nosec\b:?(?P<rest>.*)", re.IGNORECASE)
# sechooks-secrets owns hard-coded credentials: its pragmas silence PY509 too (issue #13.9)
_ALLOWLIST = re.compile(r"pragma:\s*allowlist\s+secret")
_ALLOWLIST_NEXT = re.compile(r"pragma:\s*allowlist[\s-]+nextline\s+secret")
CREDENTIAL_RULE = "PY509"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_CODING = re.compile(r"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)", re.MULTILINE)


@record(frozen=True)
class Issue:
    """The parts of a bandit issue that sechooks uses (decoupled from bandit's class)."""

    test_id: str
    severity: str
    confidence: str
    text: str
    line: int
    col: int = 1
    lines: tuple[int, ...] = ()
    end_col: int | None = None


@record(frozen=True)
class Nosec:
    ids: frozenset[str] | None  # None: a bare `# nosec`
    reason: str = ""


@record(frozen=True)
class Outcome:
    """What bandit made of one file: its issues, or why it could not parse it."""

    issues: tuple[Issue, ...] = ()
    error: str | None = None


def rule_for(test_id: str) -> str:
    """The PY rule a bandit test id belongs to; unknown and third-party ids are PY599."""
    return TEST_RULE.get(test_id.upper(), OTHER)


def severity_for(rule: str, bandit_severity: str, confidence: str) -> Severity | None:
    """Group default (None), bandit's own for PY599, one level lower on LOW confidence."""
    base = None
    if rule == OTHER:
        base = Severity.parse(bandit_severity) if bandit_severity.upper() in ("LOW", "MEDIUM", "HIGH") else Severity.LOW
    if CONFIDENCE.get(confidence.upper(), 0) <= CONFIDENCE["LOW"]:
        base = (base or catalogue.get(rule).severity).downgrade()
    return base


def wanted_tests(enabled: Iterable[str], skip: Iterable[str]) -> tuple[frozenset[str], bool]:
    """Bandit tests the enabled rules need, and whether unmapped tests (PY599) should run too."""
    on = set(enabled)
    skipped = {s.upper() for s in skip}
    tests = {t for rule, group in CHECKS.items() if rule in on for t in group}
    return frozenset(tests - skipped), OTHER in on


def per_file_ignores(entries: Iterable[str]) -> list[tuple[str, frozenset[str]]]:
    """Parse `glob:ID[,ID]` entries (validated by the option) into (glob, ids)."""
    out = []
    for entry in entries:
        glob, _, ids = entry.rpartition(":")
        out.append((glob.strip(), frozenset(t.upper() for t in re.split(r"[,\s]+", ids) if t)))
    return out


def parse_nosec(comment: str, resolve: Callable[[str], str | None] = lambda name: None) -> Nosec | None:
    """`# nosec`, `# nosec B602,B607`, `# nosec: B602 -- reason`; the reason never names tests."""
    match = _NOSEC.search(comment)
    if not match:
        return None
    head, _, reason = match.group("rest").partition("--")
    ids = set()
    for token in re.split(r"[,\s]+", head.split("#", 1)[0].strip()):
        if TEST_ID.match(token):
            ids.add(token.upper())
        elif token:
            found = resolve(token)
            if found:
                ids.add(found)
    return Nosec(frozenset(ids) if ids else None, reason.strip())


def nosec_lines(text: str, resolve: Callable[[str], str | None] = lambda name: None) -> dict[int, Nosec]:
    """Line number -> nosec pragma, from real comments (not strings).

    A pragma covers every physical line of the logical line (statement or
    `def` header) it ends, so it works on any line of a multi-line call but a
    `# nosec` inside a function body does not cover the `def` line.
    """
    found: dict[int, Nosec] = {}
    if "nosec" not in text.lower():
        return found
    import tokenize

    skip = {tokenize.NL, tokenize.INDENT, tokenize.DEDENT, tokenize.COMMENT, tokenize.ENCODING}
    start: int | None = None
    pending: Nosec | None = None
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.COMMENT:
                pragma = parse_nosec(token.string, resolve)
                if pragma is not None:
                    found[token.start[0]] = pragma
                    pending = pragma if pending is None else _merge(pending, pragma)
            elif token.type in (tokenize.NEWLINE, tokenize.ENDMARKER):
                if start is not None and pending is not None:
                    for number in range(start, token.start[0] + 1):
                        found[number] = _merge(found[number], pending) if number in found else pending
                start, pending = None, None
            elif token.type not in skip and start is None:
                start = token.start[0]
    except (tokenize.TokenError, SyntaxError):
        pass  # keep the pragmas seen before the error
    return found


def _merge(a: Nosec, b: Nosec) -> Nosec:
    ids = None if a.ids is None or b.ids is None else a.ids | b.ids
    return Nosec(ids, a.reason or b.reason)


def _without_quoted_tail(text: str) -> str:
    """`Possible hardcoded password: 'hunter2'` -> `Possible hardcoded password`."""
    for quote in ("'", '"'):
        at = text.find(": " + quote)
        if at != -1 and text.endswith(quote) and len(text) > at + 3:
            return text[:at]
    return text


def message_of(text: str) -> str:
    """Bandit's issue text as one sentence, without a quoted literal (it may be a password)."""
    text = _without_quoted_tail(" ".join(text.split()))
    first = _SENTENCE_END.split(text, maxsplit=1)[0].rstrip(" .:")
    return f"{first}." if first else "Bandit reported an issue."


def source_bytes(text: str) -> bytes:
    """Bytes that Python, honouring any coding cookie, decodes back to the text the core read."""
    cookie = _CODING.search("\n".join(text.split("\n", 2)[:2]))
    codec = cookie.group(1).lower().replace("_", "-") if cookie else "utf-8"
    if codec not in ("utf-8", "utf8"):
        for candidate in (codec, "latin-1"):  # the core falls back to Latin-1: the original bytes
            try:
                return text.encode(candidate)
            except (LookupError, UnicodeError):
                continue
    return text.encode("utf-8", "surrogatepass")


def syntax_error(path: str, data: bytes) -> tuple[int, int, str] | None:
    """(line, column, message) of the first reason Python cannot parse the file, else None."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(data, path, "exec", 0x400, dont_inherit=True)  # ast.PyCF_ONLY_AST
    except (SyntaxError, ValueError) as e:  # ValueError: NUL bytes on some Python versions
        line, col = getattr(e, "lineno", None), getattr(e, "offset", None)
        if line is None and b"\0" in data:
            line = data.count(b"\n", 0, data.find(b"\0")) + 1
        return line or 1, col or 1, f"Python cannot parse this file: {getattr(e, 'msg', None) or e}"
    except (RecursionError, MemoryError):  # CPython's parser gives up on deep nesting with either
        return 1, 1, "Python cannot parse this file: it is nested too deeply"
    return None


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Silence bandit and stevedore: logging, warnings, prints; restore what bandit changes."""
    import logging

    loggers = [logging.getLogger(name) for name in ("bandit", "stevedore")]
    saved = [(log.level, log.propagate) for log in loggers]
    formatwarning = warnings.formatwarning
    for log in loggers:
        log.setLevel(logging.CRITICAL + 1)
        log.propagate = False
    sink = io.StringIO()
    try:
        with warnings.catch_warnings(), contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
            warnings.simplefilter("ignore")
            yield
    finally:
        for log, (level, propagate) in zip(loggers, saved):
            log.setLevel(level)
            log.propagate = propagate
        warnings.formatwarning = formatwarning


def _issue(raw: Any) -> Issue:
    lines = tuple(n for n in (raw.linerange or ()) if isinstance(n, int) and n > 0)
    col = raw.col_offset + 1 if isinstance(raw.col_offset, int) and raw.col_offset >= 0 else 1
    end = raw.end_col_offset + 1 if getattr(raw, "end_col_offset", 0) else None
    return Issue(
        test_id=str(raw.test_id), severity=str(raw.severity), confidence=str(raw.confidence),
        text=str(raw.text), line=max(int(raw.lineno or 1), 1), col=col, lines=lines, end_col=end,
    )


def run_bandit(
    texts: Sequence[tuple[str, str]], tests: frozenset[str], other: bool, skip: Iterable[str] = (),
) -> tuple[dict[str, Outcome], Callable[[str], str | None]]:
    """Run only the wanted bandit tests on in-memory sources (bandit never re-reads the files).

    bandit's checks run through hooks/bandit_walk.py (bandit's own plugin functions without
    its manager: ~3x faster on a commit); a bandit version that module does not mirror goes
    through bandit's manager instead.
    """
    skipped = {s.upper() for s in skip}

    def wanted(test_id: str, blacklist: bool) -> bool:
        if blacklist and "B001" in skipped:  # bandit's id for "every blacklist test"
            return False
        return test_id in tests or (other and test_id not in TEST_RULE and test_id not in skipped)

    with _quiet():
        from sechooks.engines import bandit_walk

        try:
            suite = bandit_walk.Suite(wanted)
        except bandit_walk.Unsupported:
            return _run_manager(texts, wanted, skipped)
        outcomes: dict[str, Outcome] = {}
        for path, text in texts:
            issues, error = bandit_walk.scan(suite, _bandit_name(path), source_bytes(text))
            outcomes[path] = Outcome(error=error) if error else Outcome(issues=tuple(_issue(raw) for raw in issues))
    return outcomes, suite.test_id


def _bandit_name(path: str) -> str:
    """The name bandit's own runs give a file (it resolves module names from it)."""
    return path if os.path.isabs(path) else os.path.join(".", path)


def _run_manager(
    texts: Sequence[tuple[str, str]], wanted: Callable[[str, bool], bool], skipped: set[str],
) -> tuple[dict[str, Outcome], Callable[[str], str | None]]:
    """The same run through bandit's manager, for bandit versions bandit_walk does not mirror."""
    from bandit.core import config as b_config, extension_loader, manager as b_manager

    extensions = extension_loader.MANAGER
    include = {t for t in extensions.plugins_by_id if wanted(t, False)}
    include |= {t for t in extensions.blacklist_by_id if wanted(t, True)}
    outcomes: dict[str, Outcome] = {}
    if include:
        profile = {"include": include, "exclude": skipped & {"B001"}}
        bandit = b_manager.BanditManager(b_config.BanditConfig(), "file", quiet=True, profile=profile, ignore_nosec=True)
        for path, text in texts:
            outcomes[path] = _scan_one(bandit, path, source_bytes(text))
    return outcomes, extensions.get_test_id


def _scan_one(bandit: Any, path: str, data: bytes) -> Outcome:
    name = _bandit_name(path)
    seen, skipped = len(bandit.results), len(bandit.skipped)
    # The private `_parse_file` takes a file object: the text the core already read, not a second read.
    bandit._parse_file(name, io.BytesIO(data), [name])
    if len(bandit.skipped) > skipped:
        return Outcome(error=str(bandit.skipped[-1][1]))
    return Outcome(issues=tuple(_issue(raw) for raw in bandit.results[seen:]))


def _skip_list(ctx: cli.Context) -> set[str]:
    skip = {t.upper() for t in ctx.options.get("skip_tests", ())}
    for group in ctx.args.get("skip_tests") or ():
        skip.update(group)
    return skip


def check_batch(texts: Sequence[tuple[str, str]], ctx: cli.Context) -> Iterator[Finding]:
    """Run bandit once over every file, then map, filter and suppress its issues."""
    skip = _skip_list(ctx)
    tests, other = wanted_tests(ctx.enabled, skip)
    outcomes: dict[str, Outcome] = {}
    resolve: Callable[[str], str | None] = lambda name: None
    if tests or other:
        outcomes, resolve = run_bandit(texts, tests, other, skip)
    for path, text in texts:
        outcome = outcomes.get(path)
        if outcome is None or outcome.error is not None:
            yield from _unparseable(path, text, outcome, ctx)
        else:
            yield from findings_for(path, text, outcome.issues, ctx, skip, resolve)


def check_file(path: str, text: str, ctx: cli.Context) -> Iterator[Finding]:
    """One file through the same path as a batch of one."""
    return check_batch([(path, text)], ctx)


def _unparseable(path: str, text: str, outcome: Outcome | None, ctx: cli.Context) -> Iterator[Finding]:
    if UNPARSEABLE not in ctx.enabled:
        return
    problem = syntax_error(path, source_bytes(text))
    if problem is not None:
        line, col, message = problem
        yield ctx.unparseable(path, line, message, col)
    elif outcome is not None:  # parsed by Python, yet bandit gave up on it
        yield ctx.unparseable(path, 1, f"bandit could not scan this file ({outcome.error})")


def findings_for(
    path: str,
    text: str,
    issues: Sequence[Issue],
    ctx: cli.Context,
    skip: Iterable[str] = (),
    resolve: Callable[[str], str | None] = lambda name: None,
) -> Iterator[Finding]:
    """Map one file's bandit issues to findings: confidence floor, ignores, nosec, severity."""
    floor = CONFIDENCE[str(ctx.options.get("min_confidence", "medium")).upper()]
    ignored: set[str] = set(skip)
    for glob, ids in per_file_ignores(ctx.options.get("per_file_ignores", ())):
        if configuration.path_matches(path, [glob]):
            ignored |= ids
    strict = ctx.strict
    require_reason = ctx.require_reason
    pragmas: dict[int, Nosec] | None = None
    lines = text.split("\n")
    for issue in issues:
        rule = rule_for(issue.test_id)
        if rule not in ctx.enabled or {rule, issue.test_id.upper()} & ignored:
            continue
        if CONFIDENCE.get(issue.confidence.upper(), 0) < floor:
            continue
        if rule == CREDENTIAL_RULE and allowlisted(lines, issue):
            continue
        if pragmas is None:
            pragmas = nosec_lines(text, resolve)
        message = message_of(issue.text)
        verdict = _nosec_verdict(issue, pragmas, strict, require_reason)
        if verdict == "suppressed":
            continue
        if verdict:
            message = f"{message[:-1]}; {verdict}."
        source = lines[issue.line - 1] if issue.line <= len(lines) else ""
        end_line = max(issue.lines) if issue.lines and max(issue.lines) > issue.line else None
        yield Finding(
            rule, path, issue.line, issue.col, message,
            severity=severity_for(rule, issue.severity, issue.confidence),
            end_line=end_line,
            end_col=issue.end_col if end_line is None else None,
            evidence=" ".join(source.split()) or None,
            extra={"upstream": issue.test_id.upper(), "confidence": issue.confidence.lower()},
        )


def allowlisted(lines: Sequence[str], issue: Issue) -> bool:
    """Does `pragma: allowlist secret` stand on one of the issue's lines, or the nextline
    form on the comment lines just above it? (The secrets hook honours the same comments.)"""
    last = min(max((issue.line, *issue.lines)), len(lines))
    if any(_ALLOWLIST.search(lines[n - 1]) for n in range(issue.line, last + 1)):
        return True
    above = issue.line - 2
    while above >= 0 and (not lines[above].strip() or lines[above].lstrip().startswith("#")):
        if _ALLOWLIST_NEXT.search(lines[above]):
            return True
        above -= 1
    return False


def _nosec_verdict(issue: Issue, pragmas: Mapping[int, Nosec], strict: bool, require_reason: bool) -> str:
    """'suppressed', '' (no pragma applies) or why a pragma was not accepted."""
    pragma = pragmas.get(issue.line)
    if pragma is None or (pragma.ids is not None and issue.test_id.upper() not in pragma.ids):
        return ""
    if pragma.ids is None and strict:
        return f"bare '# nosec' is not accepted with --strict, name the test ('# nosec {issue.test_id}')"
    if require_reason and not pragma.reason:
        return "'# nosec' needs a reason after '--' (--require-reason)"
    return "suppressed"


def _test_ids(value: str) -> list[str]:
    ids = [v.strip().upper() for v in re.split(r"[,\s]+", value) if v.strip()]
    bad = [v for v in ids if not TEST_ID.match(v)]
    if bad:
        import argparse

        raise argparse.ArgumentTypeError(f"{bad[0]!r} is not a bandit test id (Bnnn)")
    return ids


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--skip-tests", action="append", type=_test_ids, default=[], metavar="BIDS",
        help="bandit test ids never to run, e.g. B101,B311 (adds to py.skip_tests)",
    )


def is_python_script(text: str) -> bool:
    """A file without a .py name that pre-commit's `types: [python]` still passes: a
    `#!` line naming a Python interpreter (`#!/usr/bin/env python3`, `#!/usr/bin/python`)."""
    if not text.startswith("#!"):
        return False
    words = text[2:text.find("\n") if "\n" in text else len(text)].split()
    names = [w.rsplit("/", 1)[-1] for w in words[:2]]
    return any(n.startswith(("python", "pypy")) for n in names)


HOOK = cli.Hook(
    name="sechooks-python",
    family="PY",
    check=check_file,
    check_batch=check_batch,
    matches=lambda path: path.endswith((".py", ".pyi", ".pyw")),
    sniff=lambda text: is_python_script(text),
    add_arguments=add_arguments,
)


def main(argv: Sequence[str] | None = None) -> int:
    return cli.run(HOOK, argv)


if __name__ == "__main__":
    raise SystemExit(main())
