"""`sechooks scan` and `sechooks baseline`: every installed hook over a tree, each file read once."""
from __future__ import annotations

import importlib
import os
import sys
TYPE_CHECKING = False  # typing, argparse, json and hashlib are imported where they are used
if TYPE_CHECKING:
    import argparse
    from typing import Any, Callable, Iterable, Iterator, Sequence

from sechooks.core import catalogue, cli, config as configuration, files, suppress
from sechooks.core.finding import Finding
from sechooks.core.record import field, record, replace

BATCH_FILES = 200
SKIP_DIRS = frozenset({
    ".git", ".hg", ".svn", "node_modules", ".venv", "venv", ".tox", ".nox", "__pycache__",
    ".mypy_cache", ".pytest_cache", ".ruff_cache", ".terraform", ".terragrunt-cache",
    ".eggs", ".cache",
})


def installed_modules() -> dict[str, Any]:
    """Family prefix -> hook module, for the hooks this installation ships."""
    found = {}
    for prefix, name in catalogue.MODULES.items():
        try:
            found[prefix] = importlib.import_module(name)
        except ModuleNotFoundError as e:
            if e.name and e.name.startswith("sechooks."):
                continue
            raise
    return found


def installed_hooks() -> list[cli.Hook]:
    return [module.HOOK for module in installed_modules().values()]


def _walk(top: str, unreadable: list[str]) -> Iterator[str]:
    def said(error: OSError) -> None:
        unreadable.append(f"{files.display_path(str(error.filename))}: skipped: directory not readable ({error.strerror})")

    for dirpath, dirnames, filenames in os.walk(top, onerror=said):
        dirnames[:] = sorted(
            d for d in dirnames
            if d not in SKIP_DIRS and not os.path.exists(os.path.join(dirpath, d, "pyvenv.cfg"))
        )
        for name in sorted(filenames):
            yield os.path.join(dirpath, name)


def _git_files(paths: Sequence[str], unreadable: list[str]) -> list[str] | None:
    warnings: list[str] = []
    try:
        out = files._git(["ls-files", "-z", "-co", "--exclude-standard", "--", *paths], warnings=warnings)
    except files.GitError:
        return None
    # git passes over a directory it cannot open with only a warning: say it, never skip in silence
    prefix = "warning: could not open directory '"
    for line in warnings:
        if line.startswith(prefix) and "': " in line:
            name, _, why = line[len(prefix):].partition("': ")
            unreadable.append(f"{cli.escape(name.rstrip('/'))}: skipped: directory not readable ({why})")
    listed = out.decode("utf-8", "surrogateescape").split("\0")
    return [p for p in listed if p and not SKIP_DIRS.intersection(p.split("/")[:-1]) and os.path.isfile(p)]


def collect(paths: Sequence[str], root: str, unreadable: list[str] | None = None) -> list[str]:
    """Files under `paths`: git's view (tracked + untracked, not ignored) inside a work
    tree, a directory walk elsewhere; an explicit file is always included. Directories
    that cannot be read are added to `unreadable` as notices."""
    out: list[str] = []
    unreadable = [] if unreadable is None else unreadable
    dirs = [p for p in paths if os.path.isdir(p)]
    out.extend(p for p in paths if not os.path.isdir(p))
    if dirs:
        listed = _git_files(dirs, unreadable) if os.path.isdir(os.path.join(root, ".git")) else None
        if listed is None:
            listed = [f for d in dirs for f in _walk(d, unreadable)]
        out.extend(listed)
    seen: set[str] = set()
    unique = []
    for p in out:
        shown = files.display_path(p)
        if shown not in seen:
            seen.add(shown)
            unique.append(p)
    return unique


def _jobs(value: str) -> int:
    import argparse

    try:
        jobs = int(value)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"expected a positive number of processes, got {value!r}")
    return jobs


def _hook_names(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def make_parser(prog: str, hooks: Sequence[cli.Hook] | None = None, report: bool = True) -> argparse.ArgumentParser:
    """The hooks' shared options, every option of every hook it runs, and `--hook`."""
    from sechooks.umbrella import add_version

    # "resolve": two hooks may declare the same option, and cli.py may add --version itself.
    parser = cli._Parser(prog=prog, formatter_class=cli.help_formatter, conflict_handler="resolve", allow_abbrev=False)
    parser.add_argument("paths", nargs="*", help="files or directories (default: the current directory)")
    cli.add_common_arguments(parser, report=report)
    parser.add_argument("--hook", action="extend", type=_hook_names, default=[], metavar="NAMES",
                        help="only these hooks, comma-separated (secrets,iam or sechooks-secrets)")
    parser.add_argument("-j", "--jobs", type=_jobs, default=None, metavar="N",
                        help="processes to scan with (default: the CPU count; 1 under pre-commit)")
    history = parser.add_mutually_exclusive_group()
    history.add_argument("--since", metavar="REF",
                         help="check the lines each commit in REF..HEAD (or ..--until) added, naming the commit that added each finding")
    history.add_argument("--history", action="store_true",
                         help="as --since, for the range pre-commit pushes (PRE_COMMIT_FROM_REF..PRE_COMMIT_TO_REF): the pre-push hook")
    parser.add_argument("--until", metavar="REF", default=None, help="with --since: the last commit to check (default: HEAD)")
    for hook in installed_hooks() if hooks is None else hooks:
        if hook.add_arguments is not None:
            hook.add_arguments(parser)
    add_version(parser)
    return parser


def fast_args(argv: Sequence[str]) -> argparse.Namespace | None:
    """`sechooks scan FILE...` (what the `sechooks` hook runs under pre-commit) without
    building the parser of every hook's options: None when an argument looks like an
    option, then argparse decides (same values: tests/umbrella_test.py)."""
    def scan_options(recorder: Any) -> None:
        recorder.add_argument("--hook", action="extend", default=[])
        recorder.add_argument("-j", "--jobs", default=None)
        recorder.add_argument("--since", default=None)
        recorder.add_argument("--history", action="store_true")
        recorder.add_argument("--until", default=None)

    adders: list[Callable[[Any], None]] = [cli.add_common_arguments, scan_options]
    adders += [h.add_arguments for h in installed_hooks() if h.add_arguments is not None]
    return cli.recorded_args("sechooks scan", "paths", argv, adders)


def _select(hooks: list[cli.Hook], wanted: Sequence[str]) -> list[cli.Hook]:
    if not wanted:
        return hooks
    names = {w if w.startswith("sechooks-") else f"sechooks-{w}" for w in wanted}
    chosen = [h for h in hooks if h.name in names]
    unknown = sorted(names - {h.name for h in chosen})
    if unknown:
        import difflib

        close = difflib.get_close_matches(unknown[0], [h.name for h in hooks], n=1)
        hint = f" (did you mean {close[0].removeprefix('sechooks-')!r}?)" if close else ""
        raise cli.UsageError(f"unknown or uninstalled hook {unknown[0].removeprefix('sechooks-')!r}{hint}")
    return chosen


@record
class Run:
    """One scan: the engine with its findings, the hooks that ran, and what each one
    looked at (family -> paths fed to it, family -> rules it ran)."""

    engine: cli.Engine
    hooks: list[cli.Hook]
    scanned: dict[str, set[str]]  # hook name -> paths it checked
    enabled: dict[str, frozenset[str]]  # hook name -> rule ids it ran
    spent: dict[str, float] = field(default_factory=dict)  # hook name -> seconds (summed over workers)


def _may_handle(hooks: Sequence[cli.Hook], path: str) -> bool:
    """Worth reading: a hook takes it by name, or may take it by content (a shebang)."""
    return any(h.matches(path) or h.sniff is not None for h in hooks)


def _chosen(args: argparse.Namespace, config: configuration.Config) -> tuple[list[cli.Hook], list[cli.Hook]]:
    """(selected hooks, those of them that run): a family switched off as a whole
    (--disable SEC) means "do not run that hook"."""
    selected = _select(installed_hooks(), args.hook)
    return selected, [h for h in selected if config.enabled_rules(h.family)]


def _feed(engine: cli.Engine, hooks: Sequence[cli.Hook], contexts: dict[str, cli.Context],
          sources: Iterable[files.Source], scanned: dict[str, set[str]], spent: dict[str, float],
          tick: Callable[[str], None] | None = None) -> None:
    """Every source to every hook that handles it. Batch hooks get files in chunks, as
    pre-commit's partitions do, so memory stays flat however large the tree (each hook is
    safe across batches: tests/audit_test.py). `spent`: seconds per hook name."""
    from time import perf_counter

    def timed(hook: cli.Hook, batch: list[files.Source]) -> None:
        start = perf_counter()
        engine.run(hook, contexts[hook.name], batch)
        spent[hook.name] = spent.get(hook.name, 0.0) + perf_counter() - start

    batches: dict[str, list[files.Source]] = {}
    for source in sources:
        last = ""
        for hook in hooks:
            if not hook.handles(source):
                continue
            last = hook.name
            if not engine.excluded(source.path, hook):
                scanned[hook.name].add(source.path)
            if hook.check_batch is None:
                timed(hook, [source])
                continue
            batch = batches.setdefault(hook.name, [])
            batch.append(source)
            if len(batch) >= BATCH_FILES:
                timed(hook, batch)
                batch.clear()
        if tick is not None:
            tick(last)
    for hook in hooks:
        if batches.get(hook.name):
            timed(hook, batches[hook.name])


@record
class Partial:
    """What a worker sends back for one partition of the tree: findings and counts, never
    file text."""

    raw: list[Any]
    silenced: list[Any]
    problems: list[Any]
    seen: set[str]
    skipped: int
    notices: list[str]
    errors: list[str]
    scanned: dict[str, set[str]]
    spent: dict[str, float]
    files: int


_WORKER: dict[str, Any] = {}


def _worker_init(args: argparse.Namespace, root: str) -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle, once
    config = cli.build_config(args, root)
    hooks = _chosen(args, config)[1]
    contexts = {h.name: cli.make_context(h, config, root, args) for h in hooks}
    _WORKER.update(args=args, root=root, config=config, hooks=hooks, contexts=contexts,
                   cap=max(h_ctx.max_bytes for h_ctx in contexts.values()))


def _worker_scan(names: list[str]) -> Partial:
    w = _WORKER
    engine = cli.Engine(w["config"], w["root"], report_unused=w["args"].report_unused_ignores)
    scanned: dict[str, set[str]] = {h.name: set() for h in w["hooks"]}
    spent: dict[str, float] = {}
    sources = (files.read_path(p, w["cap"], w["root"]) for p in names)
    _feed(engine, w["hooks"], w["contexts"], sources, scanned, spent)
    return Partial(engine.raw, engine.silenced, engine.report.problems, engine.seen, engine.skipped,
                   engine.notices, engine.errors, scanned, spent, len(names))


def _merge(engine: cli.Engine, part: Partial, scanned: dict[str, set[str]], spent: dict[str, float]) -> None:
    engine.raw.extend(part.raw)
    engine.silenced.extend(part.silenced)
    for problem in part.problems:
        key = (problem.path, problem.line, problem.message)
        if key not in engine.problem_keys:
            engine.problem_keys.add(key)
            engine.report.problems.append(problem)
    engine.seen |= part.seen
    engine.skipped += part.skipped
    engine.notices.extend(part.notices)
    engine.errors.extend(part.errors)
    for name, paths in part.scanned.items():
        scanned[name] |= paths
    for name, seconds in part.spent.items():
        spent[name] = spent.get(name, 0.0) + seconds


def default_jobs() -> int:
    """Every core. The `sechooks` hook is `require_serial`, so under pre-commit too this
    process is the only one: a commit's few files stay in it (one partition), a run of
    `--all-files` is spread over the cores here."""
    return os.cpu_count() or 1


def _partitions(names: list[str], jobs: int) -> list[list[str]]:
    """Chunks small enough to balance the workers, big enough to amortise each task."""
    size = max(20, min(BATCH_FILES, len(names) // (jobs * 4) or 1))
    return [names[i:i + size] for i in range(0, len(names), size)]


def _pool(jobs: int, args: argparse.Namespace, root: str) -> Any:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    # fork: the workers inherit the imported hooks instead of importing them again
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_worker_init, initargs=(args, root))


def _prepared(args: argparse.Namespace, root: str, report_unused: bool) -> tuple[Run, dict[str, cli.Context], int]:
    """The run's engine, hooks and contexts, and the largest size cap among them (the files
    are read once, up to it): what a tree scan and a history scan share."""
    config = cli.build_config(args, root)
    selected, hooks = _chosen(args, config)
    engine = cli.Engine(config, root, report_unused=report_unused)
    for hook in selected:
        if hook not in hooks:
            engine.notices.append(f"{hook.name} not run: every {hook.family} rule is disabled")
    if not hooks:
        raise cli.UsageError("every selected hook has all its rules disabled (enable some with --enable)")
    contexts = {h.name: cli.make_context(h, config, root, args) for h in hooks}
    run = Run(engine, hooks, {h.name: set() for h in hooks}, {h.name: contexts[h.name].enabled for h in hooks})
    return run, contexts, max(engine.limit(h, contexts[h.name]) for h in hooks)


def run_engine(args: argparse.Namespace, root: str) -> Run:
    run, contexts, cap = _prepared(args, root, args.report_unused_ignores)
    engine, hooks = run.engine, run.hooks
    jobs = getattr(args, "jobs", None) or 1
    if args.staged:
        paths = files.staged_paths()
        wanted = {files.display_path(p) for p in args.paths}
        if wanted:
            paths = [p for p in paths if p in wanted or any(p.startswith(w.rstrip("/") + "/") for w in wanted)]
        names = [p for p in paths if _may_handle(hooks, p)]
        sources: Iterable[files.Source] = files.read_staged(names, cap)
        jobs = 1  # blobs come from one `git cat-file` stream
    else:
        for p in args.paths:
            if not os.path.exists(p):
                raise cli.UsageError(f"{p}: no such file or directory")
        names = [p for p in collect(args.paths or ["."], root, engine.notices) if _may_handle(hooks, files.display_path(p))]
        sources = (files.read_path(p, cap, root) for p in names)  # never through a link out of the root
    # the report's families (and so SARIF's rule list) in the hooks' order, not the order in
    # which files happened to reach them: serial and parallel runs write the same bytes
    engine.report.families.extend(dict.fromkeys(f for h in hooks for f in h.families if f not in engine.report.families))
    progress = Progress(len(names), enabled=getattr(args, "progress", True))
    chunks = _partitions(names, jobs) if jobs > 1 else []
    try:
        if len(chunks) > 1:
            from concurrent.futures.process import BrokenProcessPool

            pool = _pool(min(jobs, len(chunks)), args, root)
            try:
                # results come back in partition order, one partition at a time: the
                # merged findings are those of a serial run, in the same order
                for part in pool.map(_worker_scan, chunks):
                    _merge(engine, part, run.scanned, run.spent)
                    progress.advance(part.files, f"{min(jobs, len(chunks))} jobs")
            except BrokenProcessPool:
                raise cli.UsageError("a scan worker process stopped unexpectedly (out of memory?); "
                                     "rerun with --jobs 1") from None
            finally:
                pool.shutdown(wait=True, cancel_futures=True)
        else:
            _feed(engine, hooks, contexts, sources, run.scanned, run.spent, lambda name: progress.advance(1, name))
    finally:
        progress.clear()
    return run


class Progress:
    """A progress line on stderr for runs longer than about a second: only on a terminal,
    never in CI (`CI` set) or under pre-commit (PRE_COMMIT=1); cleared at the end."""

    DELAY = 1.0
    EVERY = 0.1

    def __init__(self, total: int, enabled: bool = True) -> None:
        import time

        self.total, self.done = total, 0
        self.started = self.last = time.monotonic()
        self.shown = False
        self.enabled = enabled and self.wanted()

    @staticmethod
    def wanted() -> bool:
        if os.environ.get("CI") or os.environ.get("PRE_COMMIT") == "1":
            return False
        try:
            return sys.stderr.isatty()
        except (AttributeError, ValueError):
            return False

    def advance(self, count: int, what: str) -> None:
        self.done += count
        if not self.enabled:
            return
        import time

        now = time.monotonic()
        if now - self.started < self.DELAY or (now - self.last < self.EVERY and self.done < self.total):
            return
        self.last = now
        elapsed = now - self.started
        rate = self.done / elapsed if elapsed > 0 else 0.0
        eta = (self.total - self.done) / rate if rate > 0 else 0.0
        hook = what.removeprefix("sechooks-")
        line = f"sechooks: {self.done}/{self.total} files, {rate:.0f} files/s, ETA {eta:.0f} s{', ' + hook if hook else ''}"
        sys.stderr.write("\r\x1b[K" + line[:200])
        sys.stderr.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
            self.shown = False


def per_hook(run: Run) -> str:
    """The -v summary's second line: files and seconds per hook."""
    parts = []
    for h in run.hooks:
        count = len(run.scanned[h.name])
        parts.append(f"{h.name.removeprefix('sechooks-')} {count} file{'' if count == 1 else 's'} {run.spent.get(h.name, 0.0):.2f} s")
    return "per hook: " + ", ".join(parts)


ERRORS = (configuration.ConfigError, suppress.BaselineError, files.GitError, cli.UsageError)


def _os_error(label: str, e: OSError) -> int:
    where = files.display_path(os.fsdecode(e.filename)) if e.filename else ""
    print(f"{label}: error: {where + ': ' if where else ''}{e.strerror or type(e).__name__}", file=sys.stderr)
    return cli.EXIT_ERROR


def check_output(path: str | None) -> None:
    """Refuse an `-o` that cannot be written before any work is done."""
    if not path:
        return
    if os.path.isdir(path):
        raise cli.UsageError(f"{files.display_path(path)}: is a directory (-o takes a file name)")
    parent = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(parent):
        raise cli.UsageError(f"{files.display_path(path)}: no such directory {files.display_path(parent)!r}")


def scan(argv: Sequence[str]) -> int:
    label = "sechooks scan"
    args = fast_args(argv) or make_parser(label).parse_args(cli.file_names_last(argv))
    root = files.repo_root()
    try:
        check_output(args.output)
        if args.jobs is None:
            args.jobs = default_jobs()
        run = run_history(args, root) if args.since or args.history else run_engine(args, root)
        engine = run.engine
        engine.finish(fingerprints=args.format != "text")
        # under pre-commit (the `sechooks` hook) the peer notes are -v only, as for each hook
        cli.emit(engine, args, "sechooks", peer_notes=os.environ.get("PRE_COMMIT") != "1")
        if args.verbose:
            print(f"sechooks: {per_hook(run)}", file=sys.stderr)
    except ERRORS as e:
        print(f"{label}: error: {e}", file=sys.stderr)
        return cli.EXIT_ERROR
    except KeyboardInterrupt:
        print(f"{label}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `| head`: the reader left; say nothing more
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps the interpreter's final flush quiet
        return cli.EXIT_ERROR
    except OSError as e:
        return _os_error(label, e)
    return engine.exit_code()


# --- history: the lines each commit of a range added ---------------------------------

def history_range(args: argparse.Namespace) -> tuple[str, str]:
    if args.history:
        since, until = os.environ.get("PRE_COMMIT_FROM_REF"), os.environ.get("PRE_COMMIT_TO_REF")
        if not since or not until:
            raise cli.UsageError("--history needs PRE_COMMIT_FROM_REF and PRE_COMMIT_TO_REF (run it as the pre-push hook, or use --since REF)")
        return since, until
    return str(args.since), args.until or "HEAD"


def _changed_blobs(parent: str, commit: str) -> list[tuple[str, bytes]]:
    """(path, new blob id) of the regular files a commit added or changed (renames followed)."""
    fields = files._git(["diff-tree", "-r", "-z", "-M", "--raw", "--no-commit-id", parent, commit]).split(b"\0")
    out, index = [], 0
    while index < len(fields) - 1:
        meta = fields[index].split()
        renamed = len(meta) >= 5 and meta[4][:1] in (b"R", b"C")
        path = fields[index + (2 if renamed else 1)]
        index += 3 if renamed else 2
        if len(meta) >= 5 and meta[4][:1] in (b"A", b"M", b"R", b"C", b"T") and meta[1] in files._REGULAR_MODES:
            out.append((files._fs_path(path), meta[3]))
    return out


def run_history(args: argparse.Namespace, root: str) -> Run:
    """Every hook over the files each commit of the range changed, as that commit left them;
    only findings on the lines the commit added are kept, each naming its commit: a secret
    committed and removed again before the push is still found (gitleaks' history mode)."""
    if args.paths or args.staged:
        raise cli.UsageError("--since/--history check commits: give no paths and no --staged")
    since, until = history_range(args)
    for ref in (since, until):
        if ref.strip("0") and not files._git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], cwd=root, check=False).strip():
            raise cli.UsageError(f"{ref[:60]!r} is not a commit here")
    run, contexts, cap = _prepared(args, root, report_unused=False)
    engine, hooks = run.engine, run.hooks
    missing = since.strip("0") == ""  # a new branch: pre-push gives the null sha as "from"
    listed = ["rev-list", "--reverse", "--no-merges", until, *(["--not", "--remotes"] if missing else []),
              *([] if missing else [f"^{since}"])]
    commits = files._git(listed, cwd=root).decode().split()
    engine.report.families.extend(dict.fromkeys(f for h in hooks for f in h.families))
    for commit in commits:
        parents = files._git(["rev-list", "--parents", "-n", "1", commit], cwd=root).decode().split()[1:]
        parent = parents[0] if parents else files.EMPTY_TREE
        added = files.parse_added_lines(files._git(["diff", "-U0", "-M", "--no-color", "--no-ext-diff", parent, commit], cwd=root))
        wanted = [(p, oid) for p, oid in _changed_blobs(parent, commit) if p in added and _may_handle(hooks, p)]
        if not wanted:
            continue
        start, quiet = len(engine.raw), len(engine.silenced)
        _feed(engine, hooks, contexts, files.read_blobs(wanted, cap), run.scanned, run.spent)
        short = commit[:12]

        def added_by_this(f: Finding) -> bool:
            lines = added.get(f.path, set())
            return any(n in lines for n in range(f.line, (f.end_line or f.line) + 1))

        def named(f: Finding) -> Finding:
            return replace(f, message=f"{f.message} (added in {short})", extra={**f.extra, "commit": short})

        engine.raw[start:] = [named(f) for f in engine.raw[start:] if added_by_this(f)]
        engine.silenced[quiet:] = [(named(f), kind, why) for f, kind, why in engine.silenced[quiet:] if added_by_this(f)]
    engine.notices.append(f"{len(commits)} commit(s) checked in {since[:12]}..{until[:12]}")
    engine.report.base = root
    return run


# --- baseline ---------------------------------------------------------------------

Key = tuple[str, str, str, int]  # rule, path, text hash, occurrence index


def _detect_secrets_keys(path: str, engine: cli.Engine) -> list[suppress.Fingerprinted]:
    """SEC findings whose secret detect-secrets already accepted (matched by its SHA-1)."""
    from sechooks.secrets import detect_secrets_hashes

    try:
        accepted = detect_secrets_hashes(path)
    except (OSError, ValueError) as e:
        raise cli.UsageError(str(e)) from None
    out = []
    for item in engine.fingerprinted():
        f = item.finding
        if not f.rule.startswith("SEC") or f.evidence is None:
            continue
        import hashlib

        digest = hashlib.sha1(f.evidence.encode("utf-8", "surrogatepass"), usedforsecurity=False).hexdigest()
        if digest in accepted.get(f.path, ()):
            out.append(item)
    return out


def _family(rule: str) -> str | None:
    try:
        return catalogue.family_of(rule)
    except KeyError:
        return None


def _gone(key: Key) -> bool:
    """Is this entry's finding certainly gone: its file deleted, its rule retired?"""
    rule, path = key[0], key[1]
    if not os.path.lexists(path):
        return True
    prefix = _family(rule)
    if prefix is None:
        return True
    try:
        rules = catalogue.family(prefix).rules
    except ModuleNotFoundError:  # that hook is not installed here: we cannot tell
        return False
    return rule not in rules or rules[rule].removed


def merge(old: Iterable[Key], new: Iterable[Key], run: Run, prune: bool = False) -> tuple[set[Key], int, int]:
    """The entries to write: the new ones, plus each old one the scan did not look at
    (another path, another hook, a rule that did not run). `prune` also drops old
    entries whose finding is certainly gone. Returns (entries, kept, pruned)."""
    kept: set[Key] = set()
    pruned = 0
    for key in old:
        prefix = _family(key[0])
        rescanned = any(key[1] in run.scanned[h.name] and key[0] in run.enabled[h.name]
                        for h in run.hooks if prefix in h.families)
        if rescanned:
            continue
        if prune and _gone(key):
            pruned += 1
            continue
        kept.add(key)
    fresh = set(new)
    return kept | fresh, len(kept - fresh), pruned


def baseline_text(keys: Iterable[Key]) -> str:
    """The baseline file: JSON keyed by path, entries sorted, no line numbers. File names
    are data: json escapes every control character and surrogate."""
    by_path: dict[str, list[dict[str, object]]] = {}
    for rule, path, digest, index in sorted(keys):
        by_path.setdefault(path, []).append({"rule": rule, "hash": digest, "index": index})
    import json

    document = {"version": 1, "hash": "sha256", "files": dict(sorted(by_path.items()))}
    return json.dumps(document, indent=2) + "\n"


def baseline_target(args: argparse.Namespace, config: configuration.Config, root: str) -> str:
    """Where the baseline goes: `-o` as the user typed it, else the configured path, which
    must stay inside the repository. Never a symlink, never something else than a file."""
    target: str
    if args.output:
        target = args.output
    else:
        target = os.path.join(root, config.baseline)
        real_root = os.path.realpath(root)
        parent = os.path.realpath(os.path.dirname(os.path.abspath(target)))
        if os.path.commonpath([parent, real_root]) != real_root:
            raise cli.UsageError(f"baseline {config.baseline!r} is outside the repository; not written")
    shown = files.display_path(target)
    if os.path.islink(target):
        raise cli.UsageError(f"{shown}: is a symlink; the baseline is never written through one")
    if os.path.lexists(target) and not os.path.isfile(target):
        raise cli.UsageError(f"{shown}: not a regular file")
    check_output(target)
    return target


def atomic_write(path: str, text: str) -> None:
    """Replace `path` in one step: readers see the old file or the new one, never half of
    one; a symlink at `path` is replaced, never written through."""
    import tempfile

    try:
        mode = os.lstat(path).st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(os.path.abspath(path)), prefix=".sechooks-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def baseline_parser() -> argparse.ArgumentParser:
    parser = make_parser("sechooks baseline", report=False)
    parser.description = (
        "Write the baseline from the current findings under PATHS (default: the whole tree). "
        "An existing baseline is updated: entries for the files scanned are replaced, every "
        "other entry stays."
    )
    output = parser._option_string_actions["-o"]
    output.help = "write the baseline to FILE instead of the configured one (default: .sechooks-baseline.json)"
    parser.add_argument("--prune", action="store_true",
                        help="also drop entries whose finding is gone (file deleted, rule retired)")
    parser.add_argument("--from-detect-secrets", metavar="FILE",
                        help="only baseline secrets that this detect-secrets baseline already accepted")
    return parser


def baseline(argv: Sequence[str]) -> int:
    label = "sechooks baseline"
    args = baseline_parser().parse_args(cli.file_names_last(argv))
    args.format, args.color, args.fail_on = "text", "never", None
    root = files.repo_root()
    try:
        config = cli.build_config(args, root)
        target = baseline_target(args, config, root)
        old = suppress.load_baseline(target) if os.path.lexists(target) else set()
        run = run_engine(args, root)
        engine = run.engine
        if args.from_detect_secrets:
            items = _detect_secrets_keys(args.from_detect_secrets, engine)
        else:
            items = engine.fingerprinted()
        keys, kept, pruned = merge(old, (item.key for item in items), run, prune=args.prune)
        atomic_write(target, baseline_text(keys))
    except ERRORS as e:
        print(f"{label}: error: {e}", file=sys.stderr)
        return cli.EXIT_ERROR
    except OSError as e:
        return _os_error(label, e)
    details = [f"{kept} kept from outside the scan"] if kept else []
    details += [f"{pruned} pruned"] if pruned else []
    extra = f" ({', '.join(details)})" if details else ""
    for notice in engine.notices if args.verbose else ():
        print(f"sechooks: {notice}", file=sys.stderr)
    print(f"{label}: wrote {len(keys)} entries to {files.display_path(target)}{extra}", file=sys.stderr)
    for error in engine.errors:
        print(error, file=sys.stderr)
    return cli.EXIT_ERROR if engine.errors else cli.EXIT_CLEAN
