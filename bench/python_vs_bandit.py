"""Issue #16.3: `sechooks-python` against the `bandit` CLI on the same Python files.

Generates (or reuses) the bench tree (`bench/generate.py --size 2000 --seed 7`), then runs,
in interleaved rounds, `sechooks-python FILE...` and `bandit -q -f json FILE...` on its
`.py` files, each as a new process, and measures the CPU time (user + sys) each process
and its children spent: the machine is shared, wall time lies. Per round the ratio is
bandit's CPU time over the hook's; the result is the median of the rounds' ratios.

Before timing, both tools' findings are compared (test id, line) for the default rules:
a faster hook that finds less would not count.

    python bench/python_vs_bandit.py [--tree /tmp/pytree] [--rounds 5] [--output bench/python_vs_bandit.json]

writes `{"ratio": ..., "target": 5.0, "met": ..., "rounds": [...], ...}`.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time

TARGET = 5.0
HERE = os.path.dirname(os.path.abspath(__file__))
BIN = os.path.dirname(sys.executable)


def python_files(root: str) -> list[str]:
    found = []
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        found.extend(os.path.join(folder, name) for name in sorted(names) if name.endswith(".py"))
    return found


def ensure_tree(tree: str, size: int, seed: int) -> str:
    root = os.path.join(tree, "tree")
    if not os.path.isdir(root):
        subprocess.run(
            [sys.executable, os.path.join(HERE, "generate.py"), "--out", tree, "--size", str(size), "--seed", str(seed)],
            check=True, stdout=subprocess.DEVNULL,
        )
    return root


def cpu_seconds(command: list[str]) -> tuple[float, bytes]:
    """CPU time (user + sys) of one process and its children, and its stdout."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), done.stdout


def hook_command(files: list[str]) -> list[str]:
    return [os.path.join(BIN, "sechooks-python"), "--format", "json", *files]


def bandit_command(files: list[str]) -> list[str]:
    return [os.path.join(BIN, "bandit"), "-q", "-f", "json", *files]


def hook_findings(out: bytes) -> set[tuple[str, str, int]]:
    data = json.loads(out or b"{}")
    items = data.get("findings", data) if isinstance(data, dict) else data
    return {
        (os.path.abspath(f["path"]), f["extra"]["upstream"], int(f["line"]))
        for f in items if f.get("extra", {}).get("upstream")
    }


def bandit_findings(out: bytes, tests: set[str]) -> set[tuple[str, str, int]]:
    data = json.loads(out)
    return {
        (os.path.abspath(r["filename"]), r["test_id"], int(r["line_number"]))
        for r in data["results"]
        if r["test_id"] in tests and r["issue_confidence"] in ("MEDIUM", "HIGH")
    }


def default_tests() -> set[str]:
    """bandit test ids behind the rules the hook enables by default."""
    from sechooks import python as py
    from sechooks.rules import py as rules

    enabled = {rule.id for rule in rules.RULES if rule.default}
    tests, _ = py.wanted_tests(enabled, ())
    return set(tests)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tree", default="/tmp/pytree", help="bench tree folder (generated when missing)")  # nosec B108 -- a scratch tree the user names
    parser.add_argument("--size", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--output", default=os.path.join(HERE, "python_vs_bandit.json"))
    args = parser.parse_args(argv)

    files = python_files(ensure_tree(args.tree, args.size, args.seed))
    # same findings first (default rules, default confidence floor; test files' B101 is off anyway)
    _, hook_out = cpu_seconds(hook_command(files))
    _, bandit_out = cpu_seconds(bandit_command(files))
    try:
        tests = default_tests()
    except Exception:  # an older catalogue API: compare what the hook reported
        tests = {t for _, t, _ in hook_findings(hook_out)}
    ours, theirs = hook_findings(hook_out), bandit_findings(bandit_out, tests)
    same = ours == theirs

    rounds = []
    for index in range(args.rounds):
        pair = [("hook", hook_command(files)), ("bandit", bandit_command(files))]
        if index % 2:
            pair.reverse()  # alternate who goes first: drift hits both alike
        times = {name: cpu_seconds(command)[0] for name, command in pair}
        ratio = times["bandit"] / times["hook"] if times["hook"] else 0.0
        rounds.append({"hook_cpu_s": round(times["hook"], 3), "bandit_cpu_s": round(times["bandit"], 3), "ratio": round(ratio, 2)})
        print(f"round {index + 1}: sechooks-python {times['hook']:.2f} s, bandit {times['bandit']:.2f} s CPU, ratio {ratio:.2f}", flush=True)

    ratio = statistics.median(r["ratio"] for r in rounds)
    result = {
        "ratio": round(ratio, 2),
        "target": TARGET,
        "met": bool(ratio >= TARGET and same),
        "same_findings": same,
        "findings": len(ours),
        "missing": sorted(map(list, theirs - ours))[:20],
        "extra": sorted(map(list, ours - theirs))[:20],
        "files": len(files),
        "tree": {"size": args.size, "seed": args.seed},
        "measure": "CPU seconds (user+sys) per process, interleaved rounds, median of per-round bandit/hook ratios",
        "rounds": rounds,
        "python": platform.python_version(),
        "date": time.strftime("%Y-%m-%d", time.gmtime()),
    }
    with open(args.output, "w", encoding="utf-8") as handle:
        json.dump(result, handle, indent=2)
        handle.write("\n")
    print(json.dumps({k: result[k] for k in ("ratio", "target", "met", "same_findings", "findings")}))
    return 0 if result["met"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
