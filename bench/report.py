"""The bench report: targets, a text summary, the JSON file and the chart."""
from __future__ import annotations

import json
import os
from typing import Any, Iterable, TextIO

DEFAULT_TARGET_MS = 100.0
COMMIT_TARGETS_MS = {"python": 250.0, "terraform-sg": 150.0, "terraform-none": 60.0}
SECRETS_SPEEDUP = 5.0
TERRAFORM_SPEEDUP = 20.0
DOCKERFILE_SLOWDOWN = 2.0

METHOD = {
    "timing": (
        "Each tool runs as a whole process (python -m hooks.<module> --format json FILES, the peer's own "
        "command line). One warm-up run, then up to `runs` timed runs while the timed total stays within "
        "`budget_s` (at least one). A small launcher (python -S) spawns the command and reports wall time "
        "(perf_counter around posix_spawn+wait4), CPU time and peak RSS (ru_maxrss) of that child alone; "
        "Linux counts the launcher's memory at spawn into the child's ru_maxrss, so peaks have a floor of "
        "about 9 MB. The 20,000-file `sechooks scan` is one run without warm-up."
    ),
    "files": (
        "10-file commits are 10 files of the hook's type; on a tree, a hook gets every file its `matches` "
        "accepts (what `sechooks scan` would give it) and its peer the same files (parliament: the .json "
        "files holding a Statement; checkov: -d on the tree with its framework)."
    ),
    "detection": (
        "A planted item counts as reported by a tool when the tool reports, in the same file, a finding "
        "whose line range overlaps the planted lines (whole file for 'missing instruction' plants) and "
        "whose id is one of the ids mapped to the plant in bench/generate.py KINDS (for secrets: any "
        "finding of the tool on that line, since tools name secret types differently; for sechooks the "
        "secrets count is also given for the exact rule). Decoys are near-misses that no tool should "
        "report; other_findings are findings matching no planted item (not necessarily false positives)."
    ),
    "ratio": "peer median / sechooks median: above 1 means sechooks is faster.",
    "pairs": (
        "Interleaved pairs: one warm-up each, then rounds that run both commands once, in reverse order every "
        "other round; the ratio is the median of the per-round ratios (a/b), so both sides of a round see the "
        "same machine load. floor: each hook on its 10-file commit as pre-commit runs it (file names only, "
        "PRE_COMMIT=1) / `python -c pass`. suite: `pre-commit run --files` of a mixed 10-file commit with the "
        "`sechooks` hook / with the five hooks (repo: local, language: system, the manifest's filters). jobs: "
        "the serial `sechooks scan` of the last commit before --jobs (run from a copy of its sources) / `--jobs 2`, "
        "and `--jobs 1` / `--jobs 2`, on the tree. secrets_tree: `gitleaks dir` / `sechooks scan --hook secrets` "
        "(both on every core) on each tree of 2,000 files or more. modules: `sechooks-terraform` on every file of a "
        "400-file Terraform module directory / of a 100-file one (4x is linear)."
    ),
}


def planted_summary(manifest: dict[str, Any]) -> dict[str, Any]:
    by_hook: dict[str, dict[str, int]] = {}
    for item in manifest["planted"]:
        bucket = by_hook.setdefault(item["hook"], {"planted": 0, "decoys": 0})
        bucket["decoys" if item["rule"] is None else "planted"] += 1
    return {"files": manifest["files"], "by_hook": dict(sorted(by_hook.items())), "file_types": manifest.get("file_types", {})}


def _peer(row: dict[str, Any] | None, tool: str) -> dict[str, Any] | None:
    if row is None:
        return None
    return next((p for p in row.get("peers", []) if p.get("tool") == tool and p.get("installed")), None)


def _tree_row(report: dict[str, Any], hook: str) -> dict[str, Any] | None:
    rows = [r for r in report.get("tree", []) if r["hook"] == hook]
    preferred = [r for r in rows if r.get("size") == 2000]
    return (preferred or sorted(rows, key=lambda r: r.get("size", 0)))[-1] if rows else None


def _target(what: str, target: str, actual: str, met: bool | None) -> dict[str, Any]:
    return {"what": what, "target": target, "actual": actual, "met": met}


def targets(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The issue's targets, each with the measured figure and whether it is met (None: not measured)."""
    out = []
    # a commit's figure is the hook as pre-commit runs it: the console script's import and
    # main, text output, timed in the interleaved floor rounds; the commit phase's run (with
    # `-m` and `--format json` for the detection figures) is given beside it
    as_run = {p["case"]: p for p in (report.get("pairs") or {}).get("floor", []) if p.get("a_median_ms") is not None}
    for row in report.get("commit", []):
        limit = row.get("target_ms", DEFAULT_TARGET_MS)
        pair = as_run.get(row["case"])
        if pair is not None:
            out.append(_target(
                f"{row['hook']} on a 10-file commit ({row['case']})", f"median < {limit:g} ms",
                f"{pair['a_median_ms']:g} ms as pre-commit runs it ({pair['rounds']} interleaved rounds); "
                f"{row['median_ms']:g} ms with --format json",
                pair["a_median_ms"] < limit and "error" not in row and "errors" not in pair,
            ))
            continue
        out.append(_target(
            f"{row['hook']} on a 10-file commit ({row['case']})", f"median < {limit:g} ms",
            f"{row['median_ms']:g} ms", row["median_ms"] < limit and "error" not in row,
        ))
    secrets = _tree_row(report, "sechooks-secrets")
    ds = _peer(secrets, "detect-secrets-hook")
    if secrets and ds:
        ours, theirs = secrets["detection"], ds["detection"]
        out.append(_target(
            f"secrets vs detect-secrets-hook on the {secrets['size']}-file tree",
            f">= {SECRETS_SPEEDUP:g}x faster with equal or better detection",
            f"{ds['ratio']:g}x; planted found {ours['detected']}/{ours['planted']} vs {theirs['detected']}/{theirs['planted']}; "
            f"decoys flagged {ours['decoys_flagged']} vs {theirs['decoys_flagged']}",
            ds["ratio"] >= SECRETS_SPEEDUP and ours["detected"] >= theirs["detected"],
        ))
    else:
        out.append(_target("secrets vs detect-secrets-hook on the tree", f">= {SECRETS_SPEEDUP:g}x faster", "not measured", None))
    terraform = _tree_row(report, "sechooks-terraform")
    ck = _peer(terraform, "checkov-terraform")
    if terraform and ck:
        out.append(_target(
            f"terraform vs checkov --framework terraform on the {terraform['size']}-file tree",
            f">= {TERRAFORM_SPEEDUP:g}x faster", f"{ck['ratio']:g}x", ck["ratio"] >= TERRAFORM_SPEEDUP,
        ))
    else:
        out.append(_target("terraform vs checkov on the tree", f">= {TERRAFORM_SPEEDUP:g}x faster", "not measured", None))
    commit_docker = next((r for r in report.get("commit", []) if r["case"] == "dockerfile"), None)
    for label, row in (("10-file commit", commit_docker), ("tree", _tree_row(report, "sechooks-dockerfile"))):
        hadolint = _peer(row, "hadolint")
        if row and hadolint:
            out.append(_target(
                f"dockerfile vs hadolint ({label})", f"within {DOCKERFILE_SLOWDOWN:g}x of hadolint",
                f"sechooks {row['median_ms']:g} ms, hadolint {hadolint['median_ms']:g} ms ({hadolint['ratio']:g}x)",
                row["median_ms"] <= DOCKERFILE_SLOWDOWN * hadolint["median_ms"],
            ))
        else:
            out.append(_target(f"dockerfile vs hadolint ({label})", f"within {DOCKERFILE_SLOWDOWN:g}x", "not measured", None))
    regex = report.get("regex")
    if regex:
        flagged = regex.get("flagged", [])
        out.append(_target(
            "regex safety (every compiled regex in sechooks.*)", f"time(1 MB)/time(100 KB) <= {regex['threshold_superlinear']:g}",
            f"{regex['patterns']} patterns, slowest {regex['slowest_mb_per_s']} MB/s, {len(flagged)} flagged under findall"
            + (f" ({len(regex.get('flagged_linear_when_anchored', []))} of them linear when anchored)" if flagged else "")
            + (f"; every use of {len(regex.get('flagged_only_used_anchored', []))} of them is an anchored match()" if flagged else "")
            + (f": {', '.join(flagged)}" if flagged else ""),
            not set(flagged) - set(regex.get("flagged_only_used_anchored", [])),
        ))
    out.extend(pair_targets(report.get("pairs")))
    scans = [r for r in report.get("scan", []) if r["size"] >= 2000]
    if len(scans) >= 2:
        small, big = scans[0], scans[-1]
        growth = big["peak_rss_mb"] / small["peak_rss_mb"] if small["peak_rss_mb"] else 0.0
        out.append(_target(
            f"memory as the tree grows (sechooks scan, {small['size']} -> {big['size']} files)",
            "flat (reported, not asserted)",
            f"{small['peak_rss_mb']:g} MB -> {big['peak_rss_mb']:g} MB ({growth:.2f}x for {big['size'] / small['size']:g}x the files)",
            None,
        ))
    return out


def pair_targets(pairs: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The interleaved pairs' targets (#22.5): met when the median per-round ratio is."""
    if not pairs:
        return [_target("interleaved pairs", "floor ratios, the sechooks hook, --jobs", "not measured", None)]
    out = []
    for row in pairs.get("floor", []):
        ratio = row.get("ratio")
        out.append(_target(
            f"{row['hook']} / python -c pass on a 10-file commit ({row['case']})", f"<= {row['target']:g}x",
            f"{ratio:g}x (median of {row['rounds']} rounds; CPU time {row.get('cpu_ratio')}x)" if ratio is not None else "not measured",
            None if ratio is None else ratio <= row["target"] and "errors" not in row,
        ))
    suite = pairs.get("suite") or {}
    if suite.get("ratio") is not None:
        out.append(_target(
            "the sechooks hook / the five hooks under pre-commit (10-file commit)", f"<= {suite['target']:g}x",
            f"{suite['ratio']:g}x ({suite['a_median_ms']:g} ms vs {suite['b_median_ms']:g} ms, median of {suite['rounds']} rounds; "
            f"CPU time {suite.get('cpu_ratio')}x)",
            suite["ratio"] <= suite["target"] and "errors" not in suite,
        ))
    else:
        out.append(_target("the sechooks hook / the five hooks under pre-commit", "<= 0.6x", suite.get("error", "not measured"), None))
    jobs = pairs.get("jobs") or {}
    baseline = jobs.get("baseline") or {}
    if baseline.get("ratio") is not None:
        out.append(_target(
            f"sechooks scan --jobs 2 vs the serial scan of {baseline['rev']} ({jobs['size']} files, {jobs['cores']} cores)",
            f">= {jobs['target']:g}x faster",
            f"{baseline['ratio']:g}x ({baseline['b_median_ms']:g} ms vs {baseline['a_median_ms']:g} ms, median of {baseline['rounds']} rounds; "
            f"the old scan reported {len(baseline.get('hooks', []))} rule families, this one {len(jobs.get('families', []))})",
            baseline["ratio"] >= jobs["target"] and "errors" not in baseline,
        ))
    elif jobs:
        out.append(_target("sechooks scan --jobs 2 vs the serial scan before --jobs", ">= 2x faster",
                           baseline.get("error", "not measured"), None))
    if jobs.get("ratio") is not None:
        out.append(_target(
            f"sechooks scan --jobs 2 vs --jobs 1 ({jobs['size']} files, {jobs['cores']} cores)", "reported (the parallel speed-up alone)",
            f"{jobs['ratio']:g}x ({jobs['b_median_ms']:g} ms vs {jobs['a_median_ms']:g} ms, median of {jobs['rounds']} rounds"
            + (f", load average {jobs['load']}" if jobs.get("load") else "")
            + (", identical output)" if jobs.get("identical_output") else ", OUTPUT DIFFERS)"),
            None if jobs.get("identical_output") and "errors" not in jobs else False,
        ))
    modules = pairs.get("modules") or {}
    if modules.get("ratio") is not None:
        small, large = modules["sizes"]
        out.append(_target(
            f"sechooks-terraform on a {large}-file module directory / a {small}-file one", f"<= {modules['target']:g}x ({large // small}x is linear)",
            f"{modules['ratio']:g}x ({modules['a_median_ms']:g} ms vs {modules['b_median_ms']:g} ms, median of {modules['rounds']} rounds)",
            modules["ratio"] <= modules["target"] and "errors" not in modules,
        ))
    elif modules:
        out.append(_target("sechooks-terraform on a 400-file module directory / a 100-file one", "<= 6x", modules.get("error", "not measured"), None))
    for row in pairs.get("secrets_tree", []):
        if row.get("ratio") is None:
            out.append(_target("secrets on the whole tree vs gitleaks", "no slower", row.get("error", "not measured"), None))
            continue
        ours, theirs = row["detection"]["sechooks"], row["detection"]["gitleaks"]
        out.append(_target(
            f"secrets on the {row['size']}-file tree (sechooks scan --hook secrets) vs {row.get('gitleaks_version') or 'gitleaks'} dir",
            f">= {row['target']:g}x (no slower)",
            f"{row['ratio']:g}x ({row['b_median_ms']:g} ms vs {row['a_median_ms']:g} ms, median of {row['rounds']} rounds; planted found "
            f"{ours['detected']}/{ours['planted']} vs {theirs['detected']}/{theirs['planted']}, decoys flagged {ours['decoys_flagged']} vs {theirs['decoys_flagged']})",
            row["ratio"] >= row["target"] and "errors" not in row,
        ))
    return out


def write_json(report: dict[str, Any], path: str) -> str:
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(report, f, indent=1, sort_keys=False)
        f.write("\n")
    return path


def _fmt_ms(ms: float) -> str:
    return f"{ms:.0f} ms" if ms < 10000 else f"{ms / 1000:.1f} s"


def summary_lines(report: dict[str, Any]) -> Iterable[str]:
    m = report.get("machine", {})
    yield f"sechooks bench: {m.get('cores')} cores, {m.get('cpu_model')}, Python {m.get('python')}, {m.get('date')}"
    if report.get("missing_hooks"):
        yield "missing hooks: " + ", ".join(sorted(report["missing_hooks"]))
    if report.get("startup"):
        yield ""
        yield "start-up, no files (median wall): " + ", ".join(f"{r['what']} {_fmt_ms(r['median_ms'])}" for r in report["startup"])
    yield ""
    yield "10-file commits (median wall, peak RSS):"
    for row in report.get("commit", []):
        peers = "; ".join(f"{p['tool']} {_fmt_ms(p['median_ms'])} ({p['ratio']:g}x)" for p in row.get("peers", []) if p.get("installed") and "median_ms" in p)
        yield f"  {row['case']:<15} {row['hook']:<20} {_fmt_ms(row['median_ms']):>8}  {row['peak_rss_mb']:>6} MB" + (f"  | {peers}" if peers else "")
        for variant in row.get("variants", []):
            yield f"  {'':<15} {_fmt_ms(variant['median_ms']):>8}  {variant['what']}"
    if report.get("tree"):
        yield ""
        yield "trees (median wall; planted found / planted; decoys flagged):"
        for row in report["tree"]:
            d = row["detection"]
            yield f"  {row['size']:>6} {row['hook']:<20} {_fmt_ms(row['median_ms']):>8}  {row['peak_rss_mb']:>6} MB  found {d['detected']}/{d['planted']}, decoys {d['decoys_flagged']}/{d['decoys']}"
            for p in row.get("peers", []):
                if not p.get("installed"):
                    yield f"         {p['tool']:<20} not installed"
                    continue
                pd = p["detection"]
                same = p.get("sechooks_on_same_files")
                extra = f"; sechooks on its {p['files']} files: {same['detected']}/{same['planted']}" if same else ""
                yield f"         {p['tool']:<20} {_fmt_ms(p['median_ms']):>8}  {p['peak_rss_mb']:>6} MB  found {pd['detected']}/{pd['planted']}, decoys {pd['decoys_flagged']}/{pd['decoys']}  ({p['ratio']:g}x){extra}"
    if report.get("scan"):
        yield ""
        yield "sechooks scan (every hook, one process):"
        for row in report["scan"]:
            yield f"  {row['size']:>6} files {_fmt_ms(row['median_ms']):>8}  {row['peak_rss_mb']:>6} MB  {row['findings']} findings"
    regex = report.get("regex")
    if regex:
        yield ""
        yield (f"regex safety: {regex['patterns']} patterns, slowest {regex['slowest_mb_per_s']} MB/s, "
               f"median {regex['median_mb_per_s']} MB/s, max ratio {regex['max_ratio_1m_100k']}, flagged {len(regex['flagged'])}")
        rows = {r["name"]: r for r in regex.get("results", [])}
        anchored = set(regex.get("flagged_linear_when_anchored", []))
        for name in regex["flagged"]:
            r = rows.get(name, {})
            how = "timeout" if r.get("timeout") else f"ratio {r.get('ratio_1m_100k')}, {r.get('mb_per_s')} MB/s on {r.get('unit', '')[:16]!r}"
            note = "; linear when anchored (match)" if name in anchored else ""
            yield f"  super-linear: {name} ({how}{note})"
    yield ""
    yield "targets:"
    for t in report.get("targets", []):
        mark = {True: "met ", False: "MISS", None: "info"}[t["met"]]
        yield f"  [{mark}] {t['what']}: {t['target']} -- {t['actual']}"


def chart(report: dict[str, Any], path: str, log: TextIO) -> str | None:
    """A PNG with three panels; None (and a message) when matplotlib is not installed."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("bench: matplotlib is not installed; skipping the chart (pip install matplotlib)", file=log)
        return None
    panels = [p for p in ("commit", "tree", "scan") if report.get(p)]
    fig, axes = plt.subplots(1, len(panels), figsize=(6.2 * len(panels), 5.2), squeeze=False)
    colours = {"sechooks": "#1f77b4", "detect-secrets-hook": "#ff7f0e", "hadolint": "#2ca02c",
               "checkov-dockerfile": "#8c564b", "checkov-terraform": "#8c564b", "parliament": "#9467bd", "bandit": "#7f7f7f"}
    for ax, panel in zip(axes[0], panels):
        if panel == "scan":
            rows = report["scan"]
            sizes = [r["size"] for r in rows]
            ax.plot(sizes, [r["median_ms"] / 1000 for r in rows], "o-", color=colours["sechooks"], label="wall (s)")
            ax.set_xscale("log")
            ax.set_yscale("log")
            ax.set_xlabel("files in the tree")
            ax.set_ylabel("seconds (median)")
            twin = ax.twinx()
            twin.plot(sizes, [r["peak_rss_mb"] for r in rows], "s--", color="#d62728", label="peak RSS (MB)")
            twin.set_ylabel("peak RSS (MB)")
            twin.set_ylim(bottom=0)
            ax.set_title("sechooks scan: every hook, one process")
            lines = ax.get_legend_handles_labels()
            more = twin.get_legend_handles_labels()
            ax.legend(lines[0] + more[0], lines[1] + more[1], loc="upper left", fontsize=8)
            continue
        rows = report[panel]
        labels, groups = [], []
        for row in rows:
            label = row["case"] if panel == "commit" else row["hook"].replace("sechooks-", "")
            bars = [("sechooks", row["median_ms"])]
            bars += [(p["tool"], p["median_ms"]) for p in row.get("peers", []) if p.get("installed") and "median_ms" in p]
            labels.append(label)
            groups.append(bars)
        width = 0.8 / max(len(g) for g in groups)
        seen: set[str] = set()
        for x, bars in enumerate(groups):
            for i, (tool, ms) in enumerate(bars):
                value = ms if panel == "commit" else ms / 1000
                pos = x - 0.4 + width * (i + 0.5)
                ax.bar(pos, value, width * 0.95, color=colours.get(tool, "#cccccc"), edgecolor="black", linewidth=0.4,
                       label=None if tool in seen else tool)
                seen.add(tool)
        if panel == "commit":
            for x, row in enumerate(rows):
                ax.hlines(row.get("target_ms", DEFAULT_TARGET_MS), x - 0.45, x + 0.45, colors="#d62728", linestyles="dashed", linewidth=1)
            ax.set_ylabel("median wall time (ms, log)")
            ax.set_title("10-file commit (dashed: target)")
        else:
            size = rows[0].get("size", "")
            ax.set_ylabel("median wall time (s, log)")
            ax.set_title(f"{size}-file tree: sechooks vs peers")
        ax.set_yscale("log")
        ax.set_xticks(range(len(labels)))
        ax.set_xticklabels(labels, rotation=20, fontsize=8)
        ax.legend(fontsize=7, loc="best")
    m = report.get("machine", {})
    fig.suptitle(f"sechooks bench -- {m.get('cores')} cores, {m.get('cpu_model')}, Python {m.get('python')}, {str(m.get('date', ''))[:10]}", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
