"""sechooks-secrets: hard-coded secrets (rules SEC100-SEC143, docs/secrets.md).

Model: one lower-cased copy of the text, a keyword `in` test per
detector, then only the detectors whose keywords occur. Provider detectors
beat the broad ones (SEC140/SEC141) on the same secret, and each secret is
reported once per line. Messages show at most four characters of a secret;
the secret itself goes to `Finding.evidence`, which the core only hashes.
"""
from __future__ import annotations

import bisect
import os
import re
TYPE_CHECKING = False  # typing costs ~5 ms to import; annotations are strings
if TYPE_CHECKING:
    import argparse  # only when a parser is built (the fast path of `hook FILE...` builds none)
    from typing import Any, Iterable, Iterator, Mapping, Sequence

from sechooks.core import cli, config as configuration, files, suppress
from sechooks.engines import secrets as d
from sechooks.core.finding import Finding

# Rank 0 is a provider detector; a higher rank loses to a lower one on an overlapping secret.
RANK = {"SEC113": 1, "SEC123": 1, "SEC136": 1, "SEC142": 1, "SEC143": 1, "SEC145": 1, "SEC146": 1, "SEC140": 2, "SEC141": 3}

DETECTORS: tuple[d.Detector, ...] = (
    *(d.Detector(t.rule, t.keywords, d.find_tokens(t)) for t in d.TOKENS),
    d.Detector("SEC134", (), d.find_saas_tokens),  # its ~60 provider rows filter themselves
    d.Detector("SEC102", ("aws", "secret"), d.find_aws_secrets),
    d.Detector("SEC108", ("hooks.slack.com",), d.find_slack_webhooks),
    d.Detector("SEC112", ("service_account",), d.find_service_account_keys),
    d.Detector("SEC113", ("-----begin", "putty-user-key-file"), d.find_private_keys),
    d.Detector("SEC123", ("://",), d.find_url_credentials),
    d.Detector("SEC136", ("kind: secret", "kind: \"secret\"", "kind: 'secret'"), d.find_k8s_secrets),
    d.Detector("SEC140", ("pass", "pwd", "secret", "token", "key", "cred", "contrase", "identified"), d.find_generic),
    d.Detector("SEC141", ('"', "'"), d.find_high_entropy),
    d.Detector("SEC142", ("password", "secret", "token", "private_key"), d.find_iac_passwords),
    d.Detector("SEC143", d.CLI_KEYWORDS, d.find_cli_credentials),
    d.Detector("SEC134", ("twilio",), d.find_twilio_auth_tokens),
    d.Detector("SEC139", d.AWS_EXAMPLE_KEYWORDS, d.find_aws_examples),
    d.Detector("SEC144", (), d.find_encoded),
    d.Detector("SEC145", d.HASH_KEYWORDS, d.find_password_hashes),
    d.Detector("SEC146", (), d.find_credential_files),  # dispatches on the file name first
)

# F7. `*.lock` covers yarn, poetry, Pipfile, Cargo, composer and Gemfile locks.
NEVER_SCAN = (
    "*.lock", "package-lock.json", "npm-shrinkwrap.json", "pnpm-lock.yaml", "go.sum",
    "node_modules/", "vendor/", ".venv/", ".git/", configuration.BASELINE,
)
# F7 by extension: a set lookup in the check instead of ~40 more globs for the core to compile.
NEVER_SCAN_EXTENSIONS = frozenset((
    ".png .jpg .jpeg .gif .bmp .ico .webp .tif .tiff .svg .ttf .otf .woff .woff2 .eot "
    ".zip .tar .gz .tgz .bz2 .xz .7z .rar .jar .war .whl "
    ".pdf .doc .docx .xls .xlsx .ppt .pptx .odt .ods .odp"
).split())

COMPAT = (
    suppress.Compat(re.compile(r"pragma:\s*allowlist\s+secret"), scope="line", marker="allowlist"),
    suppress.Compat(re.compile(r"pragma:\s*allowlist[\s-]+nextline\s+secret"), scope="next", marker="nextline"),
    suppress.Compat(re.compile(r"gitleaks:allow"), scope="line", marker="gitleaks:allow"),
    # bandit's `# nosec B105` on a password line: the same credential, one pragma (issue #13.9);
    # ids map through the catalogue peers, so only B105-B107 reach SEC140 and a bare nosec none
    suppress.Compat(re.compile(r"#[ \t]*nosec\b:?[ \t]*(?P<ids>B\d{3}(?:[ \t,]+B\d{3})*)", re.I), scope="line", marker="nosec"),
)

# --- masking and precedence ------------------------------------------------------


mask = d.mask


def _resolve(hits: Iterable[d.Hit], text: d.Text) -> list[d.Hit]:
    """One hit per (line, secret); a provider hit beats a broader one on an overlapping span.

    Kept spans never overlap, so one bisection among the spans kept at lower ranks and
    the last span kept at this rank (a rank's hits come in start order) decide: O(n log n).
    """
    kept: list[d.Hit] = []
    starts: list[int] = []  # spans kept at lower ranks, sorted (disjoint: ends sorted too)
    ends: list[int] = []
    seen: set[tuple[int, str]] = set()
    lines_hit: set[int] = set()
    rank, rank_from, last_end = -1, 0, -1
    for hit in sorted(hits, key=lambda h: (RANK.get(h.rule, 0), h.start, h.rule)):
        if RANK.get(hit.rule, 0) != rank:
            spans = sorted([*zip(starts, ends), *((k.start, k.end) for k in kept[rank_from:])])
            starts, ends = [a for a, _ in spans], [b for _, b in spans]
            rank, rank_from, last_end = RANK.get(hit.rule, 0), len(kept), -1
        line = text.line_of(hit.at)
        if (line, hit.secret) in seen or hit.start < last_end:
            continue
        below = bisect.bisect_left(starts, hit.end)
        if below and ends[below - 1] > hit.start:
            continue
        if hit.rule == "SEC141" and line in lines_hit:
            continue
        seen.add((line, hit.secret))
        lines_hit.add(line)
        kept.append(hit)
        last_end = hit.end
    return kept


def _finding(hit: d.Hit, text: d.Text) -> Finding:
    extra = {"provider": hit.provider} if hit.provider else {}
    return Finding(
        hit.rule, text.path, text.line_of(hit.at), text.col_of(hit.at),
        message=f"{hit.label} {mask(hit.secret)}", severity=hit.severity,
        end_line=hit.end_line, evidence=hit.secret, extra=extra,
    )


# --- path rules (SEC137, SEC138) -------------------------------------------------

_TFSTATE = d.Pattern(r".*\.tfstate(?:\.backup|\..+\.backup)?")
_KEY_FILES = frozenset({"id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", ".pgpass", ".git-credentials"})
_KEY_STORES = (".p12", ".pfx", ".jks", ".keystore", ".kdbx")


def credential_file(path: str, text: str | None) -> str | None:
    """Why `path` is a credential file (SEC138), or None. `text` None: content unknown."""
    parts = path.replace("\\", "/").split("/")
    name = parts[-1]
    if name in _KEY_FILES:
        return f"{name} is a credential file"
    if name.lower().endswith(_KEY_STORES):
        return f"{name} is a key store"
    if name == "credentials" and len(parts) > 1 and parts[-2] == ".aws":
        return "AWS shared credentials file"
    if name in (".netrc", "_netrc") and text is None:  # readable: SEC146 reports each password line
        return f"{name} holds a password"
    if name == "config.json" and len(parts) > 1 and parts[-2] == ".docker" and text is None:  # readable: SEC146
        return "Docker config.json holds registry auth"
    return None


def path_findings(path: str, text: str | None, enabled: frozenset[str]) -> Iterator[Finding]:
    name = os.path.basename(path)
    if "SEC137" in enabled and _TFSTATE.fullmatch(name):
        yield Finding("SEC137", path, 1, 1, f"Terraform state file {name} is committed", evidence=path)
    if "SEC138" in enabled:
        why = credential_file(path, text)
        if why:
            yield Finding("SEC138", path, 1, 1, f"{why}", evidence=path)


# rule id -> the functions that implement it (consistency with the catalogue is tested)
def _custom_hits(scan: d.Text, rules: Sequence[Mapping[str, Any]]) -> Iterator[d.Hit]:
    """SEC147: the configuration's own rules (validated at load: linear-time, non-empty)."""
    from sechooks.core.finding import Severity
    from sechooks.engines import custom_rules

    for rule, start, secret in custom_rules.find(scan.text, scan.lower, rules, d.entropy):
        if d.placeholder(secret) or d.template(secret):
            continue
        label = f"{rule.get('description') or 'secret'} (rule {rule['id']})"
        yield d.Hit("SEC147", start, secret, label, severity=Severity[str(rule.get("severity", "high")).upper()],
                    provider=str(rule["id"]))


CHECKS: dict[str, tuple[object, ...]] = {
    **{rule: tuple(det.find for det in DETECTORS if det.rule == rule) for rule in dict.fromkeys(det.rule for det in DETECTORS)},
    "SEC137": (path_findings,),
    "SEC138": (path_findings, credential_file),
    "SEC147": (_custom_hits,),
}


# --- the check ---------------------------------------------------------------------


def check_file(path: str, text: str, ctx: cli.Context) -> Iterator[Finding]:
    """Every SEC finding in one file's text (pure: no I/O)."""
    if os.path.splitext(path)[1].lower() in NEVER_SCAN_EXTENSIONS:
        return
    yield from path_findings(path, text, ctx.enabled)
    scan = d.Text(path, text)
    hits: list[d.Hit] = []
    for detector in DETECTORS:
        if detector.rule not in ctx.enabled:
            continue
        if detector.keywords and not any(k in scan.lower for k in detector.keywords):
            continue
        hits.extend(detector.find(scan, ctx.options))
    custom = ctx.options.get("rules") if "SEC147" in ctx.enabled else None
    if custom:
        hits.extend(_custom_hits(scan, custom))
    for hit in _resolve(hits, scan):
        yield _finding(hit, scan)


# --- --diff-only -----------------------------------------------------------------


def _repo_path(path: str, root: str) -> str:
    full = os.path.abspath(path)
    rel = os.path.relpath(full, root) if full.startswith(os.path.abspath(root)) else path
    return rel.replace(os.sep, "/")


def _on_added_line(finding: Finding, lines: set[int]) -> bool:
    if finding.rule in ("SEC137", "SEC138"):
        return bool(lines)
    last = finding.end_line or finding.line
    return any(n in lines for n in range(finding.line, last + 1))


def _restriction(ctx: cli.Context) -> dict[str, set[int]] | None:
    """Lines to report on under --diff-only, or None to report every finding: with no
    change to restrict to (`pre-commit run --all-files` with nothing staged) the whole
    files are checked and stderr says so, never a silent pass."""
    from sechooks.core import files

    try:
        # pre-commit stashes unstaged changes: the staged diff numbers the files it passes
        staged = ctx.staged or os.environ.get("PRE_COMMIT") == "1"
        added, what = files.added_lines(ctx.root, staged, files.change_range(ctx.args))
    except files.GitError as e:
        raise cli.UsageError(f"--diff-only: {e}") from None
    if not any(added.values()):
        ctx.warn(f"--diff-only: {what} adds no lines: checking the whole files")
        return None
    return added


def check_batch(sources: Sequence[tuple[str, str]], ctx: cli.Context) -> Iterator[Finding]:
    """check_file over a batch; with --diff-only the change's added lines are read once per run."""
    added = _restriction(ctx) if ctx.args.get("diff_only") else None
    for path, text in sources:
        findings = check_file(path, text, ctx)
        if added is None:
            yield from findings
            continue
        lines = added.get(_repo_path(path, ctx.root), set())
        yield from (f for f in findings if _on_added_line(f, lines))


# A file over the size cap is scanned in windows that overlap by this many characters: the
# longest shape the classifier must see whole, with its context, is a PEM private-key
# block (at most 100 lines apart, header to footer: ~12 KB for a 16384-bit RSA key).
WINDOW_OVERLAP = 64 * 1024
_ADDED: dict[int, tuple[cli.Context, dict[str, set[int]] | None]] = {}


def check_window(path: str, window: files.Window, ctx: cli.Context) -> Iterator[Finding]:
    """check_file over one window of a file past the size cap: the findings the window
    owns, numbered as in the file (so fingerprints match a whole-file read)."""
    added = None
    if ctx.args.get("diff_only"):
        if id(ctx) not in _ADDED:  # the change's lines are read once per run, not per window
            _ADDED[id(ctx)] = (ctx, _restriction(ctx))
        added = _ADDED[id(ctx)][1]
    lines = added.get(_repo_path(path, ctx.root), set()) if added is not None else None
    for finding in check_file(path, window.text, ctx):
        placed = window.place(finding)
        if placed is not None and (lines is None or _on_added_line(placed, lines)):
            yield placed


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--diff-only", action="store_true",
        help="report only findings on lines the change adds: --from-ref..--to-ref (or pre-commit's "
             "PRE_COMMIT_FROM_REF/TO_REF), else the staged diff under --staged or pre-commit, else the "
             "working tree against HEAD",
    )
    parser.add_argument("--from-ref", metavar="REF", help="with --diff-only: the change starts after REF")
    parser.add_argument("--to-ref", metavar="REF", help="with --diff-only: the change ends at REF")


# --- detect-secrets baseline import ----------------------------------------------


def detect_secrets_hashes(path: str) -> dict[str, set[str]]:
    """{filename: {hashed_secret}} from a detect-secrets `.secrets.baseline`.

    detect-secrets stores the SHA-1 hex of each secret; compare it with
    `hashlib.sha1(finding.evidence.encode()).hexdigest()`. Raises OSError when
    the file cannot be read and ValueError when it is not such a baseline.
    """
    import json

    with open(path, encoding="utf-8") as f:
        try:
            data = json.load(f)
        except json.JSONDecodeError as e:
            raise ValueError(f"{path}: not JSON: {e.msg} at line {e.lineno}") from None
    results = data.get("results") if isinstance(data, dict) else None
    if not isinstance(results, dict):
        raise ValueError(f"{path}: not a detect-secrets baseline (no 'results' table)")
    out: dict[str, set[str]] = {}
    for filename, entries in results.items():
        if not isinstance(entries, list):
            raise ValueError(f"{path}: results for {filename!r} is not a list")
        hashes = out.setdefault(filename, set())
        for entry in entries:
            digest = entry.get("hashed_secret") if isinstance(entry, dict) else None
            if not isinstance(digest, str) or not re.fullmatch(r"[0-9a-f]{40}", digest):
                raise ValueError(f"{path}: malformed entry for {filename!r}")
            hashes.add(digest)
    return out


def handles(path: str) -> bool:
    """Every text file (binary ones are skipped by the core, F7 paths by `never_scan`)."""
    return True


HOOK = cli.Hook(
    name="sechooks-secrets", family="SEC", check=check_file, matches=handles,
    compat=COMPAT, never_scan=NEVER_SCAN, check_batch=check_batch, add_arguments=add_arguments,
    check_path=lambda path, ctx: path_findings(path, None, ctx.enabled),
    check_window=check_window, window_overlap=WINDOW_OVERLAP,
)


def main(argv: Sequence[str] | None = None) -> int:
    return cli.run(HOOK, argv)


if __name__ == "__main__":
    raise SystemExit(main())
