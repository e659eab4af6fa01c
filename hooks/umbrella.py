"""`sechooks`: the developer CLI (rules, explain, scan, baseline, init). Not on the hook path.

argparse, like the hooks: one dialect of help and errors (`prog: error: message (see --help)`,
exit 2) for every command.
"""
from __future__ import annotations

import os
import sys
TYPE_CHECKING = False  # `sechooks scan FILE...` is the `sechooks` hook: argparse, json and typing when needed
if TYPE_CHECKING:
    import argparse
    from typing import Callable, Sequence

from sechooks.core import catalogue, cli
from sechooks.core.version import VERSION

COMMANDS = {
    "scan": "run every installed hook on PATHS (default .) or on the staged files",
    "baseline": "write .sechooks-baseline.json from the current findings (merging an existing one)",
    "rules": "list every rule of the installed hooks",
    "explain": "show the documentation of rules by id, name or peer id (DKR201, final-user-root, DL3002)",
    "init": "write a pinned .pre-commit-config.yaml block and a .sechooks.toml from peers' configuration",
}


def add_version(parser: argparse.ArgumentParser) -> None:
    """`-V/--version` prints `sechooks X.Y.Z`; a parser that already has it keeps its own."""
    import argparse

    try:
        parser.add_argument("-V", "--version", action="version", version=f"sechooks {VERSION}")
    except argparse.ArgumentError:
        pass


def command_parser(name: str, description: str, **kwargs: object) -> argparse.ArgumentParser:
    parser = cli._Parser(prog=f"sechooks {name}", description=description, formatter_class=cli.help_formatter, allow_abbrev=False, **kwargs)  # type: ignore[arg-type]
    add_version(parser)
    return parser


def rules_markdown(rules: Sequence[catalogue.Rule]) -> str:
    lines = ["| ID | name | severity | default | hook | title |", "| --- | --- | --- | --- | --- | --- |"]
    for r in rules:
        state = "removed" if r.removed else ("on" if r.default else "opt-in")
        lines.append(f"| {r.id} | {r.name} | {r.severity} | {state} | {r.hook} | {r.title} |")
    return "\n".join(lines) + "\n"


def explain_text(rule: catalogue.Rule, markdown: bool = False) -> str:
    import textwrap

    state = "removed" if rule.removed else ("on by default" if rule.default else "opt-in")
    head = f"{rule.id} {rule.name}" if not markdown else f"## {rule.id} {rule.name}"
    parts = [
        head,
        "",
        f"{rule.title}. Severity {rule.severity}, {state}, hook {rule.hook}, since {rule.since}.",
        "",
        "### What it does / Why is this bad?" if markdown else "Why is this bad?",
        textwrap.fill(rule.rationale, 88) if not markdown else rule.rationale,
    ]
    if rule.bad:
        parts += ["", "### Example" if markdown else "Example:", "```" if markdown else "", *_indent(rule.bad, markdown), "```" if markdown else ""]
    if rule.good:
        parts += ["", "### Use instead" if markdown else "Use instead:", "```" if markdown else "", *_indent(rule.good, markdown), "```" if markdown else ""]
    parts += ["", "### Fix" if markdown else "Fix:", rule.fix]
    if rule.peers:
        parts += ["", "### Peers" if markdown else "Peers:", ", ".join(rule.peers)]
    if rule.references:
        parts += ["", "### References" if markdown else "References:", *(f"- {ref}" for ref in rule.references)]
    return "\n".join(p for i, p in enumerate(parts) if p != "" or (i and parts[i - 1] != "")) + "\n"


def _indent(block: str, markdown: bool) -> list[str]:
    return block.splitlines() if markdown else ["    " + line for line in block.splitlines()]


def rules_document() -> str:
    """docs/rules.md: every rule's documentation, generated from the catalogue."""
    rules = list(catalogue.all_rules())
    body = [
        "# sechooks rules",
        "",
        "Generated from `hooks/rules/*.py` by `sechooks rules --format docs`; do not edit by hand.",
        "",
        rules_markdown(rules),
    ]
    body += [explain_text(r, markdown=True) for r in rules]
    return "\n".join(body)


# --- rules, explain ---------------------------------------------------------------

def rules(argv: Sequence[str]) -> int:
    parser = command_parser("rules", "List every rule of the installed hooks.")
    parser.add_argument("--family", type=str.upper, choices=tuple(catalogue.FAMILIES),
                        help="only one family: %(choices)s")
    parser.add_argument("--format", choices=("text", "json", "markdown", "docs"), default="text",
                        help="output format: %(choices)s (default: %(default)s)")
    args = parser.parse_args(argv)
    if args.family and args.family not in catalogue.available_families():
        parser.error(f"the {args.family} hook is not installed")
    chosen = [r for r in catalogue.all_rules() if not args.family or r.family == args.family]
    if args.format == "json":
        import json

        print(json.dumps([
            {"id": r.id, "name": r.name, "title": r.title, "severity": str(r.severity),
             "default": r.default, "removed": r.removed, "hook": r.hook, "fix": r.fix, "peers": list(r.peers)}
            for r in chosen
        ], indent=2))
    elif args.format == "markdown":
        sys.stdout.write(rules_markdown(chosen))
    elif args.format == "docs":
        sys.stdout.write(rules_document())
    else:
        for r in chosen:
            state = "removed" if r.removed else ("on" if r.default else "opt-in")
            print(f"{r.id:<7} {str(r.severity):<8} {state:<7} {r.name:<42} {r.title}")
    return cli.EXIT_CLEAN


def explain(argv: Sequence[str]) -> int:
    parser = command_parser("explain", "Show rules' documentation (offline).")
    parser.add_argument("rules", nargs="+", metavar="RULE",
                        help="a rule id (DKR201), name (final-user-root) or peer id (DL3002, B602, CKV_AWS_24)")
    args = parser.parse_args(argv)
    found: list[tuple[str, list[catalogue.Rule]]] = []
    unknown = []
    for token in args.rules:
        matched = catalogue.lookup(token)
        if matched:
            found.append((token, matched))
        else:
            unknown.append(token)
    if unknown:
        hints = []
        for token in unknown:
            close = catalogue.suggest(token)
            hints.append(f"{token!r}" + (f" (did you mean {close!r}?)" if close else ""))
        parser.error(f"unknown rule id or name {', '.join(hints)}; `sechooks rules` lists them")
    pages = []
    shown: set[str] = set()
    for token, matched in found:
        fresh = [r for r in matched if r.id not in shown]
        shown.update(r.id for r in fresh)
        spelled = token.strip().upper().replace("-", "_")
        is_peer = all(spelled != value.upper().replace("-", "_") for r in matched for value in (r.id, r.name))
        lead = f"{token.strip()} is covered by {', '.join(r.id for r in matched)}.\n\n" if is_peer else ""
        if fresh:
            pages.append(lead + "\n".join(explain_text(r) for r in fresh))
    sys.stdout.write("\n".join(pages))
    return cli.EXIT_CLEAN


# --- scan, baseline (in scan.py), init ----------------------------------------------

def scan(argv: Sequence[str]) -> int:
    from sechooks import scan as scanning

    return scanning.scan(argv)


def baseline(argv: Sequence[str]) -> int:
    from sechooks import scan as scanning

    return scanning.baseline(argv)


REPO_URL = "https://github.com/<org>/sechooks"


def precommit_block(hooks: Sequence[str], repo: str = REPO_URL, indent: str = "", gap: str = "   ") -> str:
    """Our repo entry for `.pre-commit-config.yaml`, pinned to the installed version, in
    the list style of the file it joins (`indent`, then `-`, then `gap`)."""
    key = indent + " " * (1 + len(gap))
    lines = [f"{indent}-{gap}repo: {repo}", f"{key}rev: v{VERSION}", f"{key}hooks:"]
    lines += [f"{key}-{gap}id: {name}" for name in hooks]
    return "".join(f"{line}\n" for line in lines)


def _has_our_repo(text: str, hooks: Sequence[str]) -> bool:
    return any(f"id: {name}" in text for name in hooks) or "/sechooks" in text


def _append_block(text: str, hooks: Sequence[str], repo: str) -> str | None:
    """The file with our block appended to its `repos:` list, or None when that cannot be
    done safely (then the block is printed for the user to paste)."""
    import re

    try:
        import yaml
    except ImportError:  # pragma: no cover - PyYAML comes with bandit
        return None
    item = re.search(r"^( *)-( +)repo:", text, re.M)
    style = item.groups() if item else ("", "   ")
    candidate = text.rstrip("\n") + "\n" + precommit_block(hooks, repo, *style)
    try:
        before, after = yaml.safe_load(text), yaml.safe_load(candidate)
    except yaml.YAMLError:
        return None
    if not (isinstance(before, dict) and isinstance(after, dict) and isinstance(before.get("repos"), list)):
        return None
    ours = {"repo": repo, "rev": f"v{VERSION}", "hooks": [{"id": name} for name in hooks]}
    if after != {**before, "repos": [*before["repos"], ours]}:
        return None  # `repos:` is not the last key, or its items are shaped differently
    return candidate


def _write_new(path: str, text: str) -> None:
    """Create `path` (never replacing or following what is there)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)


def init(argv: Sequence[str]) -> int:
    parser = command_parser(
        "init",
        "Set a repository up for sechooks: add a pinned block to .pre-commit-config.yaml (created "
        "if absent, appended to otherwise) and write .sechooks.toml translated from the peers' "
        "configuration found (bandit, hadolint, detect-secrets, gitleaks, checkov).",
    )
    parser.add_argument("--force", action="store_true", help="replace an existing .sechooks.toml")
    parser.add_argument("--repo", default=REPO_URL, metavar="URL", help="where you host or mirror sechooks (default: %(default)s)")
    parser.add_argument("--dry-run", action="store_true", help="print what would be written, write nothing")
    args = parser.parse_args(argv)
    if not args.repo or any(c.isspace() or c in "#'\"" for c in args.repo) or not args.repo.isprintable():
        parser.error("--repo takes a URL or path without spaces, quotes or '#'")
    from sechooks import scan as scanning
    from sechooks.core import config as configuration, files, peers

    root = files.repo_root()
    label = "sechooks init"
    hooks = [h.name for h in scanning.installed_hooks()]
    try:
        _init_precommit(root, hooks, args, label)
        _init_config(root, args, label, peers.translate(root))
        if args.repo == REPO_URL:
            print(f"{label}: replace <org> in `repo: {REPO_URL}` with where you host or mirror sechooks "
                  "(or rerun with --repo URL)", file=sys.stderr)
        print(f"{label}: note: rev v{VERSION} is this version's tag; until the project tags releases, "
              "pin a commit sha instead (`git ls-remote REPO HEAD` prints one)", file=sys.stderr)
    except configuration.ConfigError as e:
        print(f"{label}: error: the translated configuration is invalid: {e}", file=sys.stderr)
        return cli.EXIT_ERROR
    except OSError as e:
        print(f"{label}: error: {e.strerror or e}: {e.filename or ''}".rstrip(": "), file=sys.stderr)
        return cli.EXIT_ERROR
    return cli.EXIT_CLEAN


def _init_precommit(root: str, hooks: Sequence[str], args: argparse.Namespace, label: str) -> None:
    path = os.path.join(root, ".pre-commit-config.yaml")
    block = precommit_block(hooks, args.repo)
    if not os.path.lexists(path):
        if args.dry_run:
            print(f"# {files_shown(path)} (new)\nrepos:\n{block}")
        else:
            _write_new(path, "repos:\n" + block)
            print(f"{label}: wrote {files_shown(path)} (rev v{VERSION})", file=sys.stderr)
        return
    if os.path.islink(path) or not os.path.isfile(path):
        print(f"{label}: {files_shown(path)} is not a regular file; add this block yourself:\n{block}", file=sys.stderr)
        return
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        text = f.read()
    if _has_our_repo(text, hooks):
        print(f"{label}: {files_shown(path)} already lists sechooks; left as it is", file=sys.stderr)
        return
    updated = _append_block(text, hooks, args.repo)
    if updated is None:
        print(f"{label}: cannot append to {files_shown(path)} safely; add this block to its repos:\n{block}", file=sys.stderr)
    elif args.dry_run:
        print(f"# {files_shown(path)} (appended)\n{block}")
    else:
        _replace(path, updated)
        print(f"{label}: added sechooks (rev v{VERSION}) to {files_shown(path)}", file=sys.stderr)


def _init_config(root: str, args: argparse.Namespace, label: str, translated: tuple[str, list[str]]) -> None:
    from sechooks.core import config as configuration

    toml_text, notes = translated
    for note in notes:
        print(f"{label}: {note}", file=sys.stderr)
    configuration.from_mapping(peers_toml(toml_text), ".sechooks.toml")  # never write a config the hooks reject
    path = os.path.join(root, ".sechooks.toml")
    shown = files_shown(path)
    if args.dry_run:
        print(f"# {shown}\n{toml_text}", end="")
        return
    if configuration.find_config(root) and not os.path.lexists(path) and not args.force:
        print(f"{label}: pyproject.toml has [tool.sechooks], which a .sechooks.toml would override; "
              f"merge this into it instead (or rerun with --force):\n{toml_text}", file=sys.stderr, end="")
        return
    if os.path.lexists(path) and not args.force:
        print(f"{label}: {shown} exists; left as it is (--force replaces it). The translation:\n{toml_text}", file=sys.stderr, end="")
        return
    if os.path.islink(path):
        print(f"{label}: {shown} is a symlink; not written", file=sys.stderr)
        return
    _replace(path, toml_text)
    print(f"{label}: wrote {shown}", file=sys.stderr)


def peers_toml(text: str) -> dict[str, object]:
    from sechooks.core import peers

    return peers._load_toml(text)


def files_shown(path: str) -> str:
    from sechooks.core import files

    return files.display_path(path)


def _replace(path: str, text: str) -> None:
    from sechooks.scan import atomic_write

    atomic_write(path, text)


# --- the command ----------------------------------------------------------------

HANDLERS: dict[str, Callable[[Sequence[str]], int]] = {
    "scan": scan, "baseline": baseline, "rules": rules, "explain": explain, "init": init,
}


def _top_parser() -> argparse.ArgumentParser:
    import argparse

    width = cli.help_formatter("sechooks")._width  # type: ignore[attr-defined]
    listing = "\n".join(f"  {name:<9} {text}" for name, text in COMMANDS.items())
    parser = cli._Parser(
        prog="sechooks",
        allow_abbrev=False,
        usage="sechooks [-h] [-V] COMMAND [ARGS]",
        description="sechooks: security hooks for pre-commit (secrets, Dockerfile, Terraform, IAM, Python).",
        epilog=f"commands:\n{listing}\n\n`sechooks COMMAND --help` shows a command's options.",
        formatter_class=lambda prog: argparse.RawDescriptionHelpFormatter(prog, width=width),
    )
    add_version(parser)
    return parser


def _dispatch(argv: list[str]) -> int:
    if argv and argv[0] in HANDLERS:  # no option before the command: nothing for the top parser
        return HANDLERS[argv[0]](argv[1:])
    parser = _top_parser()
    first = next((i for i, a in enumerate(argv) if not a.startswith("-")), None)
    if first is None:
        parser.parse_args(argv)  # --help, --version or an unknown option
        parser.print_help()
        return cli.EXIT_CLEAN
    parser.parse_args(argv[:first])
    name = argv[first]
    if name not in HANDLERS:
        import difflib

        close = difflib.get_close_matches(name, list(HANDLERS), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else f"; choose from {', '.join(COMMANDS)}"
        parser.error(f"unknown command {name!r}{hint}")
    return HANDLERS[name](argv[first + 1:])


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _dispatch(list(sys.argv[1:] if argv is None else argv))
    except SystemExit as e:  # argparse's --help, --version and usage errors
        return e.code if isinstance(e.code, int) else (0 if e.code is None else cli.EXIT_ERROR)


if __name__ == "__main__":
    raise SystemExit(main())
