"""`sechooks scan` and `sechooks baseline`: every installed hook over a tree, each file read once."""
from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import os
import sys
from typing import Any, Iterator, Sequence

from sechooks.core import catalogue, cli, config as configuration, files, suppress

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


def _walk(top: str) -> Iterator[str]:
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames[:] = sorted(
            d for d in dirnames
            if d not in SKIP_DIRS and not os.path.exists(os.path.join(dirpath, d, "pyvenv.cfg"))
        )
        for name in sorted(filenames):
            yield os.path.join(dirpath, name)


def _git_files(paths: Sequence[str]) -> list[str] | None:
    try:
        out = files._git(["ls-files", "-z", "-co", "--exclude-standard", "--", *paths])
    except files.GitError:
        return None
    listed = out.decode("utf-8", "surrogateescape").split("\0")
    return [p for p in listed if p and not SKIP_DIRS.intersection(p.split("/")[:-1]) and os.path.isfile(p)]


def collect(paths: Sequence[str], root: str) -> list[str]:
    """Files under `paths`: git's view (tracked + untracked, not ignored) inside a work
    tree, a directory walk elsewhere; an explicit file is always included."""
    out: list[str] = []
    dirs = [p for p in paths if os.path.isdir(p)]
    out.extend(p for p in paths if not os.path.isdir(p))
    if dirs:
        listed = _git_files(dirs) if os.path.isdir(os.path.join(root, ".git")) else None
        if listed is None:
            listed = [f for d in dirs for f in _walk(d)]
        out.extend(listed)
    seen: set[str] = set()
    unique = []
    for p in out:
        shown = files.display_path(p)
        if shown not in seen:
            seen.add(shown)
            unique.append(p)
    return unique


def make_parser(prog: str) -> argparse.ArgumentParser:
    parser = cli._Parser(prog=prog, formatter_class=cli.help_formatter)
    parser.add_argument("paths", nargs="*", help="files or directories (default: the current directory)")
    cli.add_common_arguments(parser)
    parser.add_argument("--hook", action="append", default=[], metavar="NAME",
                        help="only these hooks (e.g. dockerfile or sechooks-dockerfile)")
    return parser


def _select(hooks: list[cli.Hook], wanted: Sequence[str]) -> list[cli.Hook]:
    if not wanted:
        return hooks
    names = {w if w.startswith("sechooks-") else f"sechooks-{w}" for w in wanted}
    chosen = [h for h in hooks if h.name in names]
    unknown = names - {h.name for h in chosen}
    if unknown:
        raise cli.UsageError(f"unknown or uninstalled hook {sorted(unknown)[0]!r}")
    return chosen


def run_engine(args: argparse.Namespace, root: str) -> tuple[cli.Engine, list[cli.Hook]]:
    config = cli.build_config(args, root)
    hooks = _select(installed_hooks(), args.hook)
    engine = cli.Engine(config, root, report_unused=args.report_unused_ignores)
    contexts = {h.name: cli.make_context(h, config, root, args) for h in hooks}
    cap = max(engine.limit(h, contexts[h.name]) for h in hooks)
    if args.staged:
        paths = files.staged_paths()
        wanted = {files.display_path(p) for p in args.paths}
        if wanted:
            paths = [p for p in paths if p in wanted or any(p.startswith(w.rstrip("/") + "/") for w in wanted)]
        sources: Iterator[files.Source] = files.read_staged([p for p in paths if any(h.matches(p) for h in hooks)], cap)
    else:
        for p in args.paths:
            if not os.path.exists(p):
                raise cli.UsageError(f"{p}: no such file or directory")
        names = [p for p in collect(args.paths or ["."], root) if any(h.matches(files.display_path(p)) for h in hooks)]
        sources = (files.read_path(p, cap) for p in names)
    # Batch hooks get files in chunks, as pre-commit's partitions do, so memory stays
    # flat however large the tree (each hook is safe across batches: tests/audit_test.py).
    batches: dict[str, list[files.Source]] = {}
    for source in sources:
        for hook in hooks:
            if not hook.matches(source.path):
                continue
            if hook.check_batch is None:
                engine.run(hook, contexts[hook.name], [source])
                continue
            batch = batches.setdefault(hook.name, [])
            batch.append(source)
            if len(batch) >= BATCH_FILES:
                engine.run(hook, contexts[hook.name], batch)
                batch.clear()
    for hook in hooks:
        if batches.get(hook.name):
            engine.run(hook, contexts[hook.name], batches[hook.name])
        if hook.family not in engine.report.families:
            engine.report.families.append(hook.family)
    return engine, hooks



def scan(argv: Sequence[str]) -> int:
    args = make_parser("sechooks scan").parse_args(argv)
    root = files.repo_root()
    try:
        engine, _ = run_engine(args, root)
        engine.finish()
        cli.emit(engine, args, "sechooks")
    except (configuration.ConfigError, suppress.BaselineError, files.GitError, cli.UsageError) as e:
        print(f"sechooks scan: error: {e}", file=sys.stderr)
        return cli.EXIT_ERROR
    return engine.exit_code()


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
        digest = hashlib.sha1(f.evidence.encode("utf-8", "surrogatepass"), usedforsecurity=False).hexdigest()
        if digest in accepted.get(f.path, ()):
            out.append(item)
    return out


def baseline(argv: Sequence[str]) -> int:
    parser = make_parser("sechooks baseline")
    parser.add_argument("--from-detect-secrets", metavar="FILE",
                        help="only baseline secrets that this detect-secrets baseline already accepted")
    args = parser.parse_args(argv)
    root = files.repo_root()
    try:
        engine, _ = run_engine(args, root)
        if args.from_detect_secrets:
            items = _detect_secrets_keys(args.from_detect_secrets, engine)
        else:
            items = engine.fingerprinted()
        target = args.output or os.path.join(root, engine.config.baseline)
        document = suppress.baseline_document(items)
        with open(target, "w", encoding="utf-8") as out:
            json.dump(document, out, indent=2, sort_keys=False)
            out.write("\n")
    except (configuration.ConfigError, suppress.BaselineError, files.GitError, cli.UsageError) as e:
        print(f"sechooks baseline: error: {e}", file=sys.stderr)
        return cli.EXIT_ERROR
    except OSError as e:
        print(f"sechooks baseline: error: {e.strerror or e}", file=sys.stderr)
        return cli.EXIT_ERROR
    print(f"sechooks baseline: wrote {len(items)} entries to {files.display_path(target)}", file=sys.stderr)
    for error in engine.errors:
        print(error, file=sys.stderr)
    return cli.EXIT_ERROR if engine.errors else cli.EXIT_CLEAN
