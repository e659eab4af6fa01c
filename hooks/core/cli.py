"""The shared command line of every hook: argparse, config, engine, output, exit code."""
from __future__ import annotations

import os
import sys
TYPE_CHECKING = False  # typing costs ~5 ms to import; annotations are strings
if TYPE_CHECKING:
    import argparse  # imported when a parser is built: a hook run on files alone never builds one
    from typing import Any, Callable, Iterable, Iterator, Mapping, NoReturn, Sequence

from sechooks.core import catalogue, config as configuration, files, suppress
from sechooks.core.finding import Finding, Severity
from sechooks.core.output import EXTERNAL, IN_SOURCE, Problem, Report, Reported, Suppressed
from sechooks.core.record import field, record, replace

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
WARNING = "warning: "


@record
class Context:
    """What a check may know about the run: no global state."""

    family: str
    enabled: frozenset[str]
    options: Mapping[str, Any]
    root: str = "."
    verbose: bool = False
    args: Mapping[str, Any] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    strict: bool = False
    require_reason: bool = False
    max_bytes: int = files.DEFAULT_MAX_BYTES
    # options of the other families whose rules this hook reports (`Hook.also`), by prefix
    other_options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    # under --staged: blobs of related files already read from the index, by root-relative path
    _staged_cache: dict[str, files.Source] = field(default_factory=dict)

    @property
    def staged(self) -> bool:
        return bool(self.args.get("staged"))

    def _root_relative(self, path: str) -> str | None:
        rel = os.path.relpath(os.path.abspath(path), os.path.abspath(self.root))
        if rel == os.pardir or rel.startswith(os.pardir + os.sep) or os.path.isabs(rel):
            return None
        return rel.replace(os.sep, "/")

    def _staged_path(self, path: str) -> str | None:
        # under --staged a check sees root-relative paths; outside it, cwd-relative ones
        return self._root_relative(os.path.join(self.root, path) if not os.path.isabs(path) else path)

    def read_related(self, path: str) -> files.Source:
        """A file a check depends on besides the one it checks (a sibling `.tf`, a `file()`
        target): only a regular file inside the repository, within the size cap; under
        --staged, its blob in the index. `.text is None` and `.error`/`.skip` say why."""
        if not self.staged:
            return files.read_inside(path, self.root, self.max_bytes)
        rel = self._staged_path(path)
        if rel is None:
            return files.Source(files.display_path(path), error="outside the repository: not read")
        if rel not in self._staged_cache:
            for source in files.read_staged([rel], self.max_bytes):
                self._staged_cache[rel] = source
        return self._staged_cache.get(rel) or files.Source(rel, error="not a regular file in the index")

    def list_related(self, directory: str) -> list[str]:
        """The regular files directly in `directory` (from the index under --staged), sorted,
        as paths for `read_related`."""
        if not self.staged:
            try:
                import stat

                names = []
                with os.scandir(directory or ".") as it:
                    for entry in it:
                        if entry.is_file(follow_symlinks=False) or (
                            entry.is_symlink() and stat.S_ISREG(os.stat(entry.path).st_mode)
                        ):
                            names.append(os.path.join(directory, entry.name) if directory else entry.name)
                return sorted(names)
            except OSError:
                return []
        rel = self._staged_path(directory or ".")
        if rel is None:
            return []
        prefix = "" if rel == "." else rel.rstrip("/") + "/"
        entries = files.index_entries([prefix or "."])
        children = sorted(p for p, (mode, _) in entries.items()
                          if p.startswith(prefix) and "/" not in p[len(prefix):] and mode in (b"100644", b"100755"))
        fresh = [(p, entries[p][1]) for p in children if p not in self._staged_cache]
        for source in files.read_blobs(fresh, self.max_bytes):
            self._staged_cache[source.path] = source
        return children

    @property
    def reserved(self) -> str:
        return catalogue.family(self.family).reserved

    def unparseable(self, path: str, line: int, message: str, col: int = 1) -> Finding:
        return Finding(self.reserved, path, max(line, 1), max(col, 1), message)

    def options_of(self, prefix: str) -> Mapping[str, Any]:
        """A family's options: this hook's own, or one it also reports (`Hook.also`)."""
        return self.options if prefix == self.family else self.other_options.get(prefix, {})

    def notice(self, message: str) -> None:
        """Said on stderr under -v only."""
        self.notices.append(message)

    def warn(self, message: str) -> None:
        """Said on stderr always: the run checked something other than the user may think."""
        self.notices.append(WARNING + message)


if TYPE_CHECKING:
    Check = Callable[[str, str, Context], Iterable[Finding]]
if TYPE_CHECKING:
    PathCheck = Callable[[str, Context], Iterable[Finding]]
if TYPE_CHECKING:
    BatchCheck = Callable[[Sequence[tuple[str, str]], Context], Iterable[Finding]]
if TYPE_CHECKING:
    WindowCheck = Callable[[str, files.Window, Context], Iterable[Finding]]


@record(frozen=True)
class Hook:
    name: str
    family: str
    check: Check | None
    matches: Callable[[str], bool]
    max_bytes: int = files.DEFAULT_MAX_BYTES
    compat: tuple[suppress.Compat, ...] = ()
    never_scan: tuple[str, ...] = ()
    check_batch: BatchCheck | None = None
    # Rules about a file's name alone, for files whose content is skipped (a binary
    # `.p12` keystore is still a committed credential); text files get them from `check`.
    check_path: PathCheck | None = None
    add_arguments: Callable[[argparse.ArgumentParser], None] | None = None
    # A file whose name does not match may still be this hook's by its content (a Python
    # script known by its shebang): decides from the text, as pre-commit's identify does.
    sniff: Callable[[str], bool] | None = None
    # Other families whose rules this hook also reports, through their engines: a
    # CloudFormation security group open to the world is NET301, as in Terraform.
    also: tuple[str, ...] = ()
    # A hook that needs no whole file (the secrets classifier) checks a text file over the
    # size cap in windows (`files.windows`) that overlap by `window_overlap` characters, the
    # longest match plus context it must see whole. It returns the findings the window
    # owns (`Window.place`), in the file's numbering; the engine applies the pragmas of
    # each window. Full-file parsers leave it None and skip such a file.
    check_window: WindowCheck | None = None
    window_overlap: int = 0

    @property
    def families(self) -> tuple[str, ...]:
        return (self.family, *self.also)

    def handles(self, source: files.Source) -> bool:
        if self.matches(source.path):
            return True
        return self.sniff is not None and source.text is not None and self.sniff(source.text)


class UsageError(Exception):
    pass


def escape(path: str) -> str:
    """A path fit for one line of output: control characters and undecodable bytes escaped
    (the text report's own rule, so a name reads the same in notices and findings)."""
    from sechooks.core.output import printable

    return printable(path)


def _parser_classes() -> tuple[type[argparse.ArgumentParser], type[argparse.Action]]:
    """argparse (and gettext behind it, ~5 ms) is imported only when a parser is built."""
    if _CLASSES:
        return _CLASSES[0]
    import argparse

    class Parser(argparse.ArgumentParser):
        def error(self, message: str) -> NoReturn:
            self.exit(EXIT_ERROR, f"{self.prog}: error: {message} (see --help)\n")

    class Select(argparse.Action):
        """--enable/--disable, kept in command-line order so that a later flag wins."""

        def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
            super().__init__(option_strings, "selection", nargs=None, default=(), **kwargs)

        def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any, option_string: str | None = None) -> None:
            namespace.selection = (*namespace.selection, *((self.const, rule) for rule in values))

    _CLASSES.append((Parser, Select))
    return Parser, Select


_CLASSES: list[tuple[type[argparse.ArgumentParser], type[argparse.Action]]] = []


def _Parser(*args: Any, **kwargs: Any) -> argparse.ArgumentParser:  # noqa: N802 - was a class
    """sechooks' ArgumentParser: usage errors exit 2 with a pointer to --help."""
    return _parser_classes()[0](*args, **kwargs)


def file_names_last(argv: Sequence[str]) -> list[str]:
    """pre-commit appends file names after the hook's args without `--`: a committed file
    named `--output=victim.py` or `--exclude=*` must stay a file name. Every argument before
    `--` that starts with `-` and names an existing path is moved behind `--`."""
    argv = list(argv)
    end = argv.index("--") if "--" in argv else len(argv)
    names = [a for a in argv[:end] if a.startswith("-") and a != "-" and os.path.lexists(a)]
    if not names:
        return argv
    options = [a for a in argv[:end] if a not in names]
    return [*options, "--", *names, *argv[end + 1:]]


def _ids(value: str) -> list[str]:
    return [v.strip().upper() for v in value.replace(" ", ",").split(",") if v.strip()]


def _severity_pair(value: str) -> tuple[str, Severity]:
    import argparse

    rule, sep, level = value.partition("=")
    if not sep:
        raise argparse.ArgumentTypeError(f"expected RULE=SEVERITY, got {value!r}")
    try:
        return rule.strip().upper(), Severity.parse(level)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def _severity_arg(value: str) -> Severity:
    import argparse

    try:
        return Severity.parse(value)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


class _Select:
    """Stands for the --enable/--disable action class (see _parser_classes): the
    argument recorder of the fast path knows it by this marker."""


def add_common_arguments(parser: argparse.ArgumentParser, report: bool = True) -> None:
    """The options every hook takes; `report=False` leaves out those about the report
    (`--format`, `--fail-on`, `--color`), for commands that write no report."""
    from sechooks.core.version import VERSION

    parser.add_argument("-V", "--version", action="version", version=f"{parser.prog} {VERSION}")
    parser.add_argument("--staged", action="store_true", help="check the staged blobs from the git index instead of the working tree")
    if report:
        parser.add_argument("--format", choices=("text", "json", "sarif"), default="text", help="report format: %(choices)s (default: %(default)s)")
    parser.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE instead of stdout")
    if report:
        parser.add_argument("--fail-on", type=_severity_arg, metavar="SEVERITY", help="lowest severity that fails: low, medium, high or critical (default: low)")
    select = _Select if isinstance(parser, _Defaults) else _parser_classes()[1]
    parser.add_argument("--enable", action=select, const=True, type=_ids, metavar="IDS", help="also run these rules (comma-separated ids or a family such as DKR)")
    parser.add_argument("--disable", "--ignore", action=select, const=False, type=_ids, metavar="IDS", help="do not run these rules (flags apply in order: --disable PY --enable PY501)")
    parser.add_argument("--severity", action="append", type=_severity_pair, default=[], metavar="ID=LEVEL", help="override a rule's severity")
    parser.add_argument("--exclude", action="append", default=[], metavar="GLOB", help="skip paths matching GLOB")
    parser.add_argument("--config", metavar="PATH", help="use this config file instead of .sechooks.toml / pyproject.toml")
    parser.add_argument("--baseline", metavar="PATH", help="baseline file (default: .sechooks-baseline.json)")
    parser.add_argument("--require-reason", action="store_true", help="ignore pragmas must give a reason after '--'")
    parser.add_argument("--strict", action="store_true", help="reject bare ignore pragmas that list no rule ids")
    parser.add_argument("--report-unused-ignores", action="store_true", help="report ignore pragmas that suppress nothing")
    if report:
        parser.add_argument("--color", choices=("auto", "always", "never"), default="auto", help="colour the text report: %(choices)s (default: %(default)s; NO_COLOR or TERM=dumb turn auto off)")
    parser.add_argument("-v", "--verbose", action="store_true", help="print notices (skipped files, unresolved values) and a one-line account of the run")


_WIDTH: list[int] = []


def help_formatter(prog: str) -> argparse.HelpFormatter:
    """argparse builds a formatter per add_argument and each one imports shutil and asks
    the terminal its size (~6 ms a run); ask once, with os.get_terminal_size."""
    import argparse

    if not _WIDTH:
        try:
            _WIDTH.append(max(os.get_terminal_size(sys.stdout.fileno()).columns - 2, 40))
        except (OSError, ValueError, AttributeError):
            _WIDTH.append(78)
    return argparse.HelpFormatter(prog, width=_WIDTH[0])


class _Defaults:
    """Records what `add_argument` declares (each option's dest and default) without
    argparse: the arguments of a run given file names only, built by hand."""

    def __init__(self, prog: str) -> None:
        self.prog = prog
        self.values: dict[str, Any] = {}

    def add_argument(self, *names: str, **kwargs: Any) -> None:
        action = kwargs.get("action", "store")
        if action in ("help", "version"):
            return
        if action is _Select:
            self.values["selection"] = ()
            return
        if not isinstance(action, str):
            raise TypeError(f"unknown action {action!r}")  # the caller falls back to argparse
        longs = [n for n in names if n.startswith("--")]
        dest = kwargs.get("dest") or (longs[0] if longs else names[0]).lstrip("-").replace("-", "_")
        if "default" in kwargs:
            default = kwargs["default"]
        else:
            default = {"store_true": False, "store_false": True}.get(action)
        if isinstance(default, str) and "type" in kwargs:
            default = kwargs["type"](default)
        self.values[dest] = default


def fast_args(hook: Hook, argv: Sequence[str]) -> argparse.Namespace | None:
    """The arguments of `hook FILE...` (what pre-commit runs) without building a parser:
    None when an argument looks like an option (then argparse decides) or a hook declares
    its options in a way the recorder does not know."""
    return recorded_args(hook.name, "filenames", argv, [add_common_arguments, *([hook.add_arguments] if hook.add_arguments else [])])


def recorded_args(prog: str, positional: str, argv: Sequence[str],
                  adders: Sequence[Callable[[Any], None]]) -> argparse.Namespace | None:
    """Options' defaults recorded by hand (no argparse parser built) and `argv` as the
    positional list, when every argument is a file name; else None."""
    if any(a.startswith("-") for a in argv):
        return None
    recorder = _Defaults(prog)
    try:
        for add in adders:
            add(recorder)
    except Exception:  # noqa: BLE001 - anything unusual: the full parser
        return None
    from types import SimpleNamespace

    values = {k: list(v) if isinstance(v, list) else v for k, v in recorder.values.items()}
    return SimpleNamespace(**{positional: list(argv)}, **values)  # type: ignore[return-value]


def make_parser(hook: Hook) -> argparse.ArgumentParser:
    parser = _Parser(prog=hook.name, description=f"{hook.name}: sechooks {hook.family} rules", formatter_class=help_formatter, allow_abbrev=False)
    parser.add_argument("filenames", nargs="*", help="files to check (pre-commit passes them)")
    add_common_arguments(parser)
    if hook.add_arguments is not None:
        hook.add_arguments(parser)
    return parser


def build_config(args: argparse.Namespace, root: str) -> configuration.Config:
    base = configuration.load(root, args.config)
    severity = {}
    for rule, level in args.severity:
        configuration.rule_list([rule], "--severity")
        severity[rule] = level
    return configuration.with_args(
        base,
        selection=[(on, configuration.rule_list([rule], "--enable" if on else "--disable")[0]) for on, rule in args.selection],
        severity=severity,
        fail_on=args.fail_on,
        exclude=args.exclude,
        require_reason=args.require_reason,
        strict=args.strict,
        baseline=args.baseline,
    )


def make_context(hook: Hook, config: configuration.Config, root: str, args: argparse.Namespace) -> Context:
    enabled = config.enabled_rules(hook.family).union(*(config.enabled_rules(p) for p in hook.also))
    if not enabled:
        raise configuration.ConfigError(f"the configuration disables every {hook.family} rule (enable at least one with --enable)")
    options = config.family_options(hook.family)
    family_cap = options.get("max_file_bytes")
    return Context(
        family=hook.family,
        enabled=enabled,
        options=options,
        root=root,
        verbose=args.verbose,
        args=vars(args),
        strict=config.strict,
        require_reason=config.require_reason,
        max_bytes=config.max_file_bytes or (family_cap if isinstance(family_cap, int) else 0) or hook.max_bytes,
        other_options={p: config.family_options(p) for p in hook.also},
    )


@record
class Engine:
    """Runs hooks over sources and collects one report (shared by hooks and `sechooks scan`)."""

    config: configuration.Config
    root: str
    report_unused: bool = False
    errors: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    raw: list[Finding] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    skipped: int = 0
    skipped_paths: set[str] = field(default_factory=set)  # a file skipped by two hooks counts once
    problem_keys: set[tuple[str, int, str]] = field(default_factory=set)
    silenced: list[tuple[Finding, str, str]] = field(default_factory=list)  # (finding, kind, why)
    started: float = field(default_factory=lambda: __import__("time").perf_counter())
    report: Report = field(default_factory=lambda: Report(families=[]))

    def excluded(self, path: str, hook: Hook) -> bool:
        return configuration.path_matches(path, self.config.exclude + hook.never_scan)

    def run(self, hook: Hook, ctx: Context, sources: Iterable[files.Source]) -> None:
        self.report.families.extend(f for f in hook.families if f not in self.report.families)
        texts: list[tuple[str, str]] = []
        for source in sources:
            if source.usage:
                self.errors.append(f"{hook.name}: error: {escape(source.path)}: {source.usage}")
                continue
            if self.excluded(source.path, hook):
                continue
            self.seen.add(source.path)
            limit = self.limit(hook, ctx)
            pieces = source.pieces(limit) if hook.check_window is not None and not source.error else None
            if pieces is not None:  # over the cap, read in windows: never the whole file in memory
                self._guard(hook, source.path, lambda: self._stream(hook, ctx, source.path, pieces))
                continue
            skipped = source.skip or (source.size > limit and f"skipped: {source.size} bytes is over the {limit}-byte limit")
            if skipped and source.path not in self.skipped_paths:
                self.skipped_paths.add(source.path)
                self.skipped += 1
            if skipped and hook.check_path is not None and source.skip != NOT_HANDLED:
                check_path = hook.check_path
                self._collect(hook, ctx, source.path, "", self._guard(hook, source.path, lambda: list(check_path(source.path, ctx))))
            if skipped:
                self.notices.append(f"{escape(source.path)}: {skipped}")
            elif source.error:
                self._collect(hook, ctx, source.path, "", [ctx.unparseable(source.path, 1, source.error)])
            elif source.text is not None:
                texts.append((source.path, source.text))
        if hook.check_batch is not None and texts:
            found: dict[str, list[Finding]] = {}
            for finding in self._guard(hook, "the batch", lambda: list(hook.check_batch(texts, ctx))):  # type: ignore[misc]
                found.setdefault(finding.path, []).append(finding)
            for path, text in texts:
                self._collect(hook, ctx, path, text, found.get(path, []))
        elif hook.check is not None:
            check = hook.check
            for path, text in texts:
                self._collect(hook, ctx, path, text, self._guard(hook, path, lambda: list(check(path, text, ctx))))
        self.notices.extend(ctx.notices)
        ctx.notices.clear()

    def _stream(self, hook: Hook, ctx: Context, path: str, pieces: Iterable[str]) -> list[Finding]:
        """A file over the cap, window by window, each window's pragmas applied to the
        findings it owns; file-wide pragmas are those of the file's first lines."""
        assert hook.check_window is not None
        head: list[suppress.Pragma] = []
        for window in files.windows(pieces, hook.window_overlap):
            if window.first:
                top = "\n".join(window.text.split("\n", suppress.FILE_PRAGMA_LINES)[:suppress.FILE_PRAGMA_LINES])
                head = suppress.parse(top, hook.families, hook.compat, strict=self.config.strict,
                                      require_reason=self.config.require_reason).whole_file
            self._collect(hook, ctx, path, window.text, list(hook.check_window(path, window, ctx)), window, head)
        if self.report_unused:
            self._problems(path, suppress.Suppressions(whole_file=head).unused(hook.families))
        return []

    def _problems(self, path: str, problems: Iterable[tuple[int, str]]) -> None:
        for line, message in problems:
            if (path, line, message) not in self.problem_keys:  # a set: many problems stay linear
                self.problem_keys.add((path, line, message))
                self.report.problems.append(Problem(path, line, message))

    def limit(self, hook: Hook, ctx: Context) -> int:
        """Size cap: top-level `max_file_bytes`, else the family's, else the hook's default."""
        return ctx.max_bytes

    def _guard(self, hook: Hook, what: str, thunk: Callable[[], list[Finding]]) -> list[Finding]:
        try:
            return thunk()
        except (KeyboardInterrupt, UsageError, files.GitError):
            raise
        except MemoryError:
            self.errors.append(f"{hook.name}: ran out of memory while checking {escape(what)}: skipped it")
            return []
        except Exception as e:  # the last line of defence: one line, never a traceback
            if os.environ.get("SECHOOKS_DEBUG"):
                raise
            self.errors.append(f"{hook.name}: internal error while checking {escape(what)}: {type(e).__name__} (set SECHOOKS_DEBUG=1 for details)")
            return []

    def _collect(self, hook: Hook, ctx: Context, path: str, text: str, findings: list[Finding],
                 window: files.Window | None = None, head: list[suppress.Pragma] | None = None) -> None:
        """Suppress and keep one file's findings. With `window`, `text` is that window of
        the file (findings in the file's numbering) and `head` its file-wide pragmas."""
        findings = [f for f in findings if f.rule in ctx.enabled]
        ignores = [i for i in self.config.ignore if configuration.path_matches(path, [i.pattern])]
        kept = []
        lines: list[str] | None = None
        shift = window.line - 1 if window is not None else 0

        def with_evidence(f: Finding) -> Finding:
            nonlocal lines
            if f.evidence is None:  # fingerprint the offending line now, keep no file text
                lines = lines if lines is not None else text.split("\n")
                n = f.line - shift
                f = replace(f, evidence=lines[n - 1] if 0 < n <= len(lines) else f.message)
            return f

        for f in findings:
            ignore = next((i for i in ignores if not i.rules or f.rule in i.rules), None)
            if ignore is not None:
                self.silenced.append((with_evidence(f), EXTERNAL, f"config ignore {ignore.pattern}"))
            else:
                kept.append(f)
        if not kept and not (self.report_unused and "sechooks:" in text):
            return
        pragmas = suppress.parse(
            text, hook.families, hook.compat,
            strict=self.config.strict, require_reason=self.config.require_reason,
        )
        problems = list(pragmas.problems)
        if window is not None:  # file-wide pragmas live in the file's first lines only
            problems += [(p.line, f"'{p.text}' only works in the first {suppress.FILE_PRAGMA_LINES} lines")
                         for p in pragmas.whole_file if p.text.startswith("sechooks: ignore-file") and not window.first]
            pragmas.whole_file = list(head or ())
        for f in kept:
            pragma = pragmas.covers(window.local(f) if window is not None else f)
            if pragma is not None:
                self.silenced.append((with_evidence(f), IN_SOURCE, pragma.text))
                continue
            self.raw.append(with_evidence(f))
        if self.report_unused:
            if window is not None:  # each line's pragmas are judged by the window that owns the line
                pragmas.whole_file = []
                pragmas.by_line = {n: ps for n, ps in pragmas.by_line.items() if window.owns_line(n)}
            problems += pragmas.unused(hook.families)
        self._problems(path, ((line + shift, message) for line, message in problems))

    def fingerprinted(self) -> list[suppress.Fingerprinted]:
        return suppress.fingerprint_all(self.raw)

    def _reported(self, item: suppress.Fingerprinted) -> Reported:
        rule = catalogue.get(item.finding.rule)
        severity = self.config.severity_of(rule.id, item.finding.severity or rule.severity)
        return Reported(item.finding, rule, severity, item.fingerprint if item.hash else "")

    def _identified(self, findings: Iterable[Finding], needed: bool) -> list[suppress.Fingerprinted]:
        """Fingerprinted findings; unhashed (no SHA-256, no hashlib import) when nothing
        reads their identity: a text report with no baseline file."""
        if needed:
            return suppress.fingerprint_all(findings)
        return [suppress.Fingerprinted(f, "", 0) for f in findings]

    def finish(self, use_baseline: bool = True, fingerprints: bool = True) -> Report:
        """`fingerprints=False`: the report does not show them (text); they are still
        computed when a baseline file exists."""
        self.raw = superseded_dropped(self.raw)
        self.report.files = len(self.seen)
        self.report.root = os.path.abspath(self.root)
        self.report.skipped = self.skipped
        self.report.skips = skips(self.notices)
        named = self.config.baseline != configuration.BASELINE  # a file the user named must exist
        path = os.path.join(self.root, self.config.baseline)
        baseline = suppress.load_baseline(path, required=named) if use_baseline else set()
        for item in self._identified(self.raw, fingerprints or bool(baseline)):
            if item.key in baseline:
                self.report.baselined += 1
                self.report.suppressed_findings.append(Suppressed(self._reported(item), EXTERNAL, "baseline"))
                continue
            self.report.findings.append(self._reported(item))
        # fingerprinted apart from the reported ones, so that their occurrence indexes
        # (and so the baseline's keys) do not depend on what is suppressed
        kinds = {(f.rule, f.path, f.line, f.col, f.message): (kind, why) for f, kind, why in self.silenced}
        for item in self._identified((f for f, _, _ in self.silenced), fingerprints or bool(baseline)):
            f = item.finding
            kind, why = kinds[(f.rule, f.path, f.line, f.col, f.message)]
            self.report.suppressed_findings.append(Suppressed(self._reported(item), kind, why))
        self.report.suppressed += len(self.silenced)
        return self.report

    def exit_code(self) -> int:
        if self.errors:
            return EXIT_ERROR
        failing = any(r.severity >= self.config.fail_on for r in self.report.findings)
        return EXIT_FINDINGS if failing or self.report.problems else EXIT_CLEAN


def superseded_dropped(findings: list[Finding]) -> list[Finding]:
    """Without the findings another family's finding on the same line replaces (a K8S621
    literal secret in `env` is not also SEC140): one problem, one line of output."""
    covering: dict[tuple[str, int], set[str]] = {}
    for f in findings:
        try:
            rule = catalogue.get(f.rule)
        except KeyError:
            continue
        if rule.supersedes:
            covering.setdefault((f.path, f.line), set()).update(rule.supersedes)
    if not covering:
        return findings
    return [f for f in findings if catalogue.family_of(f.rule) not in covering.get((f.path, f.line), ())]


NOT_HANDLED = "skipped: not a file this hook checks"
# skips that mean nothing was missed; every other skip is said even without -v
QUIET_SKIPS = (NOT_HANDLED, "skipped: binary file")
SKIPPED = ": skipped: "


def skips(notices: Iterable[str]) -> list[tuple[str, str, bool]]:
    """(path, why, quiet) of every file a notice says was skipped, once each: the report
    counts what stderr says, so that no skip is a silent pass."""
    out: dict[tuple[str, str], bool] = {}
    for notice in notices:
        if SKIPPED in notice and not notice.startswith(WARNING):
            path, _, why = notice.rpartition(SKIPPED)
            out[(path, "skipped: " + why)] = notice.endswith(QUIET_SKIPS)
    return [(path, why, quiet) for (path, why), quiet in out.items()]


def sources_for(hook: Hook, args: argparse.Namespace, max_bytes: int, root: str = ".") -> Iterator[files.Source]:
    if args.staged:  # staged paths are relative to the root, wherever the run starts
        if "-" in args.filenames:
            raise UsageError("'-' (standard input) cannot be used with --staged")
        wanted = set(os.path.relpath(os.path.abspath(p), root).replace(os.sep, "/") for p in args.filenames)
        paths = [p for p in files.staged_paths() if (p in wanted if wanted else hook.matches(p))]
        yield from files.read_staged(paths, max_bytes)
    else:
        stdin_read = False
        for name in args.filenames:
            if name == "-":  # `helm template . | sechooks-kubernetes -`: the piped text, once
                if not stdin_read:
                    stdin_read = True
                    yield files.from_bytes("-", sys.stdin.buffer.read(max_bytes + 1), max_bytes)
                continue
            shown = files.display_path(name)
            if not hook.matches(shown) and hook.sniff is None and os.path.lexists(name):
                yield files.Source(shown, skip=NOT_HANDLED)
                continue
            source = files.read_path(name, max_bytes, root)
            if source.text is not None and not hook.handles(source):
                source = files.Source(shown, skip=NOT_HANDLED)
            yield source


def emit(engine: Engine, args: argparse.Namespace, label: str, peer_notes: bool = False) -> None:
    """Write the report and what stderr must say. `peer_notes`: name the peer tools'
    configuration files that sechooks does not read (for `sechooks scan` while sechooks has
    no configuration of its own; for a hook, which pre-commit runs many times a commit,
    and once configured, under -v)."""
    from sechooks.core import output

    for notice in engine.config.notices:
        print(f"{label}: {escape(notice)}", file=sys.stderr)
    if args.verbose or (peer_notes and engine.config.source is None):  # once configured, -v only
        from sechooks.core import peers

        for name, what, ours in peers.found_peer_configs(engine.root):
            print(f"{label}: note: {name} ({what}) is not read by sechooks: {ours}", file=sys.stderr)
    for notice in engine.notices:
        if args.verbose or notice.startswith(WARNING) or ("skipped: " in notice and not notice.endswith(QUIET_SKIPS)):
            print(f"{label}: {notice}", file=sys.stderr)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as stream:
            output.write(engine.report, args.format, stream, "never", label)
    else:
        output.write(engine.report, args.format, sys.stdout, args.color, label)
    for error in engine.errors:
        print(error, file=sys.stderr)
    if args.verbose:
        print(f"{label}: {account(engine)}", file=sys.stderr)


def account(engine: Engine, seconds: float | None = None) -> str:
    """The -v summary: what was checked, skipped, suppressed and how long it took."""
    import time

    report = engine.report
    spent = time.perf_counter() - engine.started if seconds is None else seconds
    return (f"{report.files - engine.skipped} checked, {engine.skipped} skipped, {report.suppressed} suppressed, "
            f"{report.baselined} baselined, {len(report.findings)} reported in {spent:.2f} s")


def run(hook: Hook, argv: Sequence[str] | None = None) -> int:
    """Entry point body of every hook: parse, check, report; 0 clean, 1 findings, 2 errors."""
    argv = sys.argv[1:] if argv is None else argv
    args = fast_args(hook, argv) or make_parser(hook).parse_args(file_names_last(argv))
    root = files.repo_root()
    try:
        config = build_config(args, root)
        ctx = make_context(hook, config, root, args)
        engine = Engine(config, root, report_unused=args.report_unused_ignores)
        engine.run(hook, ctx, sources_for(hook, args, engine.limit(hook, ctx), root))
        engine.finish(fingerprints=args.format != "text")
        if args.staged:
            engine.report.base = root
        emit(engine, args, hook.name)
    except (configuration.ConfigError, suppress.BaselineError, files.GitError, UsageError) as e:
        print(f"{hook.name}: error: {e}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print(f"{hook.name}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `| head`: the reader left; say nothing more
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps the interpreter's final flush quiet
        return EXIT_ERROR
    except OSError as e:
        print(f"{hook.name}: error: {e.strerror or e}: {e.filename or ''}".rstrip(": "), file=sys.stderr)
        return EXIT_ERROR
    return engine.exit_code()
