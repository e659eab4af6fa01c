"""`sechooks`: the developer CLI (rules, explain, baseline, scan). Not on the hook path."""
from __future__ import annotations

import json
import sys
import textwrap
from typing import Sequence

import click

from sechooks.core import catalogue


PASS_THROUGH = {"ignore_unknown_options": True, "allow_extra_args": True, "help_option_names": []}


def _rows(family: str | None) -> list[catalogue.Rule]:
    rules = list(catalogue.all_rules())
    if family:
        rules = [r for r in rules if r.family == family.upper()]
    return rules


def rules_markdown(rules: Sequence[catalogue.Rule]) -> str:
    lines = ["| ID | name | severity | default | hook | title |", "| --- | --- | --- | --- | --- | --- |"]
    for r in rules:
        state = "removed" if r.removed else ("on" if r.default else "opt-in")
        lines.append(f"| {r.id} | {r.name} | {r.severity} | {state} | {r.hook} | {r.title} |")
    return "\n".join(lines) + "\n"


def explain_text(rule: catalogue.Rule, markdown: bool = False) -> str:
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


def _exit(code: int) -> None:
    sys.stdout.flush()
    sys.stderr.flush()
    sys.exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """sechooks: security hooks for pre-commit (secrets, Dockerfile, Terraform, IAM, Python)."""


@main.command()
@click.option("--family", help="only one family: SEC, DKR, TFN, IAM or PY")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown", "docs"]), default="text")
def rules(family: str | None, fmt: str) -> None:
    """List every rule of the installed hooks."""
    chosen = _rows(family)
    if fmt == "json":
        click.echo(json.dumps([
            {"id": r.id, "name": r.name, "title": r.title, "severity": str(r.severity),
             "default": r.default, "removed": r.removed, "hook": r.hook, "fix": r.fix, "peers": list(r.peers)}
            for r in chosen
        ], indent=2))
    elif fmt == "markdown":
        click.echo(rules_markdown(chosen), nl=False)
    elif fmt == "docs":
        click.echo(rules_document(), nl=False)
    else:
        for r in chosen:
            state = "removed" if r.removed else ("on" if r.default else "opt-in")
            click.echo(f"{r.id:<7} {str(r.severity):<8} {state:<7} {r.name:<42} {r.title}")


@main.command()
@click.argument("rule_id")
def explain(rule_id: str) -> None:
    """Show a rule's documentation (offline)."""
    try:
        rule = catalogue.get(rule_id.upper())
    except KeyError:
        raise click.UsageError(f"unknown rule id {rule_id!r} (see `sechooks rules`)") from None
    click.echo(explain_text(rule), nl=False)


@main.command(context_settings=PASS_THROUGH)
@click.pass_context
def scan(ctx: click.Context) -> None:
    """Run every installed hook on PATHS (default .) or on --staged files.

    Takes the hooks' options: --format, --fail-on, --enable, --disable, --config,
    --baseline, --hook NAME ... (`sechooks scan --help` lists them).
    """
    from sechooks import scan as scanning

    _exit(scanning.scan(ctx.args))


@main.command(context_settings=PASS_THROUGH)
@click.pass_context
def baseline(ctx: click.Context) -> None:
    """Write .sechooks-baseline.json from the current findings of PATHS.

    --from-detect-secrets FILE keeps only the secrets a detect-secrets
    baseline already accepted (matched by hash, never by plaintext).
    """
    from sechooks import scan as scanning

    _exit(scanning.baseline(ctx.args))



if __name__ == "__main__":
    main()
