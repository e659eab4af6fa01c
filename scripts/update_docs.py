"""Regenerate the catalogue-derived docs: README's rule table and docs/rules.md.

Run after changing anything under hooks/rules/: `python scripts/update_docs.py`.
tests/readme_test.py fails until the docs match the catalogue.
"""
from __future__ import annotations

import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from sechooks.core import catalogue  # noqa: E402
from sechooks.umbrella import rules_document, rules_markdown  # noqa: E402

START, END = "<!-- rules:start -->", "<!-- rules:end -->"
BENCH_START, BENCH_END = "<!-- bench:start -->", "<!-- bench:end -->"
RESULTS = os.path.join(ROOT, "bench", "results.json")


def _ms(value: float) -> str:
    return f"{value / 1000:.1f} s" if value >= 10_000 else f"{value:.0f} ms"


def bench_table(results: dict) -> str:  # type: ignore[type-arg]
    """The README's speed tables, from bench/results.json (a full `bench/run.py` run)."""
    m = results["machine"]
    out = [
        f"Measured on {m['cores']} cores ({m['cpu_model']}), {m['memory_gb']:g} GB, "
        f"CPython {m['python']}, {m['date'][:10]}; medians of whole processes, sechooks from "
        f"{results.get('settings', {}).get('sechooks_from', 'a regular (non-editable) install')}.",
        "",
        "| 10-file commit | sechooks as pre-commit runs it | with `--format json` | target | peer |",
        "| --- | --- | --- | --- | --- |",
    ]
    as_run = {p["case"]: p for p in results.get("pairs", {}).get("floor", [])}
    for row in results["commit"]:
        peers = "; ".join(f"{p['tool']} {_ms(p['median_ms'])}" for p in row.get("peers", []) if p.get("median_ms"))
        pair = as_run.get(row["case"])
        shown = _ms(pair["a_median_ms"]) if pair and pair.get("a_median_ms") is not None else "-"
        out.append(f"| {row['case']} | {shown} | {_ms(row['median_ms'])} | < {row['target_ms']:g} ms | {peers} |")
    out += ["", "| 2,000-file tree | files | sechooks | planted found | peer (planted found) |", "| --- | --- | --- | --- | --- |"]
    for row in results["tree"]:
        found = row.get("detection", {})
        mine = f"{found.get('detected', '?')}/{found.get('planted', '?')}" if found else "-"
        peers = "; ".join(
            f"{p['tool']} {_ms(p['median_ms'])}, {p['ratio']:g}x slower"
            + (f" ({p['detection']['detected']}/{p['detection']['planted']})" if p.get("detection") else "")
            for p in row.get("peers", []) if p.get("median_ms")
        )
        out.append(f"| {row['hook']} | {row['files']} | {_ms(row['median_ms'])} | {mine} | {peers} |")
    out += ["", "| `sechooks scan`, every hook | wall | peak memory |", "| --- | --- | --- |"]
    for row in results["scan"]:
        out.append(f"| {row['size']:,} files | {_ms(row['median_ms'])} | {row['peak_rss_mb']:g} MB |")
    out += _pairs_table(results.get("pairs", {}))
    return "\n".join(out) + "\n"


def _verdict(met: bool) -> str:
    return "met" if met else "missed"


def _pairs_table(pairs: dict) -> list[str]:  # type: ignore[type-arg]
    """Interleaved pairs (A and B timed in alternating rounds; the median of per-round ratios)."""
    if not pairs:
        return []
    out = ["", "| interleaved pair (median of per-round ratios) | ratio | CPU ratio | target | |", "| --- | --- | --- | --- | --- |"]
    for row in pairs.get("floor", []):
        out.append(f"| {row['case']}: {row['a']} / `python -c pass` ({row['rounds']} rounds) | {row['ratio']:g}x | "
                   f"{row['cpu_ratio']:g}x | <= {row['target']:g}x | {_verdict(row['ratio'] <= row['target'])} |")
    suite = pairs.get("suite")
    if suite:
        out.append(f"| `sechooks` hook / the five hooks under pre-commit, {suite['files']} mixed files ({suite['rounds']} rounds) | "
                   f"{suite['ratio']:g}x | {suite['cpu_ratio']:g}x | <= {suite['target']:g}x | {_verdict(suite['ratio'] <= suite['target'])} |")
    jobs = pairs.get("jobs")
    if jobs:
        old = jobs.get("baseline") or {}
        if old.get("ratio") is not None:
            out.append(f"| serial `sechooks scan` of {old['rev']} (the last before `--jobs`) / `sechooks scan`, {jobs['size']:,} files, "
                       f"{jobs['cores']} cores ({old['rounds']} rounds) | {old['ratio']:g}x faster | {old['cpu_ratio']:g}x | >= {jobs['target']:g}x | "
                       f"{_verdict(old['ratio'] >= jobs['target'])} |")
        same = ", identical output" if jobs.get("identical_output") else ", OUTPUT DIFFERS"
        out.append(f"| `sechooks scan --jobs 1` / `--jobs 2`, {jobs['size']:,} files, {jobs['cores']} cores ({jobs['rounds']} rounds{same}) | "
                   f"{jobs['ratio']:g}x faster | {jobs['cpu_ratio']:g}x | reported | |")
    modules = pairs.get("modules") or {}
    if modules.get("ratio") is not None:
        small, large = modules["sizes"]
        out.append(f"| sechooks-terraform, every file of a {large}-file module directory / of a {small}-file one ({modules['rounds']} rounds) | "
                   f"{modules['ratio']:g}x | {modules['cpu_ratio']:g}x | <= {modules['target']:g}x ({large // small}x is linear) | "
                   f"{_verdict(modules['ratio'] <= modules['target'])} |")
    for row in pairs.get("secrets_tree", []):
        if row.get("ratio") is None:
            continue
        ours, theirs = row["detection"]["sechooks"], row["detection"]["gitleaks"]
        out.append(f"| {row.get('gitleaks_version', 'gitleaks')} `dir` / `sechooks scan --hook secrets`, {row['size']:,} files, both on every core "
                   f"({row['rounds']} rounds; planted found {theirs['detected']}/{theirs['planted']} vs {ours['detected']}/{ours['planted']}) | "
                   f"{row['ratio']:g}x | {row['cpu_ratio']:g}x | >= {row['target']:g}x | {_verdict(row['ratio'] >= row['target'])} |")
    return out


def readme_with_bench(text: str) -> str:
    if not os.path.exists(RESULTS):
        return text
    with open(RESULTS, encoding="utf-8") as f:
        table = bench_table(json.load(f))
    pattern = re.compile(re.escape(BENCH_START) + ".*?" + re.escape(BENCH_END), re.DOTALL)
    return pattern.sub(lambda _: f"{BENCH_START}\n{table}{BENCH_END}", text)


def readme_with_table(text: str) -> str:
    table = rules_markdown(list(catalogue.all_rules()))
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.DOTALL)
    return pattern.sub(lambda _: f"{START}\n{table}{END}", text)


def main() -> int:
    readme = os.path.join(ROOT, "README.md")
    with open(readme, encoding="utf-8") as f:
        text = f.read()
    with open(readme, "w", encoding="utf-8") as f:
        f.write(readme_with_bench(readme_with_table(text)))
    with open(os.path.join(ROOT, "docs", "rules.md"), "w", encoding="utf-8") as f:
        f.write(rules_document())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
