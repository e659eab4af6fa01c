"""Recall and precision of secret scanners on the labelled evaluation set (issue #15).

    .venv/bin/python bench/secrets_eval.py [--out bench/secrets_eval.json] [--misses]

The set is `testdata/secrets-eval/`: files written the way projects write them, every
secret a random string of the right shape (never a real key). `labels.json` beside them
labels lines: `is_secret` true for a credential (with its issue #15 class, 0 = a shape
every scanner knows), false for a realistic non-secret that looks like one (identifiers,
placeholders, templates, hashes, UUIDs, test data). Labels live in a sidecar, not in
comments, so no scanner is helped by them.

Each tool runs once on a fresh copy of the set (no repository config is read):
sechooks-secrets with its defaults, detect-secrets (`detect-secrets scan`, default plugins
and filters) and gitleaks (`gitleaks dir`, default rules) where installed. A report is a
(file, line) pair; several findings on one line count once.

* recall = labelled secrets with a report on one of their lines / labelled secrets;
* precision = reports on a labelled secret's line / all reports (a report on an
  unlabelled line counts against the tool, as a false positive).

Peers are looked up in $SECHOOKS_BENCH_PATH, next to this interpreter, then on PATH,
as `bench/peers.py` does; $DETECT_SECRETS / $GITLEAKS name an executable directly.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from typing import Callable, Iterable

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
if ROOT not in sys.path:  # run as a script: `bench.peers` is a sibling module
    sys.path.insert(0, ROOT)
EVAL = os.path.join(ROOT, "testdata", "secrets-eval")
LABELS = "labels.json"
CLASSES = {
    "0": "known shapes", "1": "explicit passwords", "2": "value holds the key's word",
    "3": "_ID / unusual names", "4": "prose, URL paths, CLI output", "5": "encoded",
    "6": "credential files", "7": "provider breadth", "8": "identifiers", "9": "placeholders",
    "10": "templates and references",
}

Report = tuple[str, int]


def _executable(name: str, env: str) -> str | None:
    if os.environ.get(env):
        return os.environ[env]
    dirs = [d for d in os.environ.get("SECHOOKS_BENCH_PATH", "").split(os.pathsep) if d]
    for folder in [*dirs, os.path.dirname(sys.executable)]:
        path = os.path.join(folder, name)
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    return shutil.which(name)


def _files(root: str) -> list[str]:
    out = []
    for folder, _, names in os.walk(root):
        for name in names:
            rel = os.path.relpath(os.path.join(folder, name), root).replace(os.sep, "/")
            if rel != LABELS:
                out.append(rel)
    return sorted(out)


def _version(argv: list[str]) -> str:
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return "?"
    return (done.stdout or done.stderr).strip().splitlines()[0] if (done.stdout or done.stderr).strip() else "?"


def run_sechooks(work: str, files: list[str]) -> tuple[set[Report], str]:
    # $SECHOOKS_SECRETS: another command line (e.g. an older checkout's `python -m sechooks.secrets`)
    command = os.environ.get("SECHOOKS_SECRETS", "").split()
    exe = os.path.join(ROOT, ".venv", "bin", "sechooks-secrets")
    if not os.path.exists(exe):
        exe = shutil.which("sechooks-secrets") or exe
    command = command or [exe]
    done = subprocess.run([*command, "--format", "json", *files], cwd=work, capture_output=True, text=True, timeout=600)
    if done.returncode not in (0, 1):
        raise RuntimeError(f"sechooks-secrets exited {done.returncode}: {done.stderr[-500:]}")
    reports = {(f["path"], f["line"]) for f in json.loads(done.stdout)["findings"]}
    return reports, _version([*command, "--version"])


def run_detect_secrets(exe: str, work: str, files: list[str]) -> tuple[set[Report], str]:
    done = subprocess.run([exe, "scan", *files], cwd=work, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise RuntimeError(f"detect-secrets exited {done.returncode}: {done.stderr[-500:]}")
    results = json.loads(done.stdout)["results"]
    reports = {(path.replace(os.sep, "/"), item["line_number"]) for path, items in results.items() for item in items}
    return reports, _version([exe, "--version"])


def run_gitleaks(exe: str, work: str, files: list[str]) -> tuple[set[Report], str]:
    from bench import peers

    report = os.path.join(tempfile.mkdtemp(prefix="gitleaks-"), "report.json")
    done = subprocess.run(peers.gitleaks_argv(exe, report), cwd=work, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise RuntimeError(f"gitleaks exited {done.returncode}: {done.stderr[-500:]}")
    with open(report, encoding="utf-8") as f:
        hits = peers.parse_gitleaks(f.read(), work)
    shutil.rmtree(os.path.dirname(report), ignore_errors=True)
    return {(hit.path, hit.start) for hit in hits}, _version([exe, "version"])


def score(reports: set[Report], labels: list[dict[str, object]]) -> dict[str, object]:
    """Recall and precision of one tool's reports against the labels."""
    secrets = [label for label in labels if label["is_secret"]]
    secret_line: dict[Report, dict[str, object]] = {}
    for label in secrets:
        first = int(label["line"])  # type: ignore[call-overload]
        last = int(label.get("end_line", first))  # type: ignore[call-overload]
        for line in range(first, last + 1):
            secret_line[(str(label["path"]), line)] = label
    other = {(str(label["path"]), int(label["line"])): label for label in labels if not label["is_secret"]}  # type: ignore[call-overload]
    found = {id(secret_line[r]) for r in reports if r in secret_line}
    true_reports = [r for r in reports if r in secret_line]
    false_reports = sorted(r for r in reports if r not in secret_line)
    per_class: dict[str, dict[str, int]] = defaultdict(lambda: {"secrets": 0, "found": 0, "false_positives": 0})
    for label in secrets:
        row = per_class[str(label["class"])]
        row["secrets"] += 1
        row["found"] += id(label) in found
    for r in false_reports:
        per_class[str(other[r]["class"]) if r in other else "unlabelled"]["false_positives"] += 1
    misses = [f"{label['path']}:{label['line']} (class {label['class']})" for label in secrets if id(label) not in found]
    return {
        "secrets": len(secrets), "found": len(found), "reports": len(reports),
        "true_reports": len(true_reports), "false_reports": len(false_reports),
        "recall": round(len(found) / len(secrets), 4) if secrets else None,
        "precision": round(len(true_reports) / len(reports), 4) if reports else None,
        "per_class": dict(sorted(per_class.items(), key=lambda kv: (kv[0] == "unlabelled", int(kv[0]) if kv[0].isdigit() else 0))),
        "misses": misses,
        "false_positives": [f"{p}:{n}" + (f" (class {other[(p, n)]['class']})" if (p, n) in other else "") for p, n in false_reports],
    }


def _pct(value: object) -> str:
    return "—" if value is None else f"{100 * float(value):.0f}%"  # type: ignore[arg-type]


def table(results: dict[str, dict[str, object]]) -> str:
    tools = list(results)
    lines = [
        "| | " + " | ".join(tools) + " |",
        "| --- | " + " | ".join("---" for _ in tools) + " |",
    ]

    def row(name: str, cell: Callable[[dict[str, object]], str]) -> None:
        lines.append(f"| {name} | " + " | ".join(
            cell(results[t]) if results[t].get("installed") else "not installed" for t in tools) + " |")

    row("**recall**", lambda r: f"**{_pct(r['recall'])}** ({r['found']}/{r['secrets']})")
    row("**precision**", lambda r: f"**{_pct(r['precision'])}** ({r['true_reports']}/{r['reports']})")
    for split in sorted({s for r in results.values() if r.get("installed") for s in r.get("splits", {})}):  # type: ignore[union-attr]
        row(f"recall, {split} files", lambda r, s=split: f"{_pct(r['splits'][s]['recall'])} ({r['splits'][s]['found']}/{r['splits'][s]['secrets']})")  # type: ignore[index]
        row(f"precision, {split} files", lambda r, s=split: f"{_pct(r['splits'][s]['precision'])} ({r['splits'][s]['true_reports']}/{r['splits'][s]['reports']})")  # type: ignore[index]
    classes = sorted({c for r in results.values() if r.get("installed") for c in r["per_class"]},  # type: ignore[union-attr]
                     key=lambda c: (c == "unlabelled", int(c) if c.isdigit() else 0))
    for c in classes:
        name = f"{c}. {CLASSES.get(c, c)}"

        def cell(r: dict[str, object], c: str = c) -> str:
            data = r["per_class"].get(c, {"secrets": 0, "found": 0, "false_positives": 0})  # type: ignore[union-attr]
            parts = []
            if data["secrets"]:
                parts.append(f"{data['found']}/{data['secrets']} found")
            if data["false_positives"]:
                parts.append(f"{data['false_positives']} FP")
            return ", ".join(parts) or "–"
        row(name, cell)
    row("time (s)", lambda r: f"{r['seconds']:.2f}")
    return "\n".join(lines)


def evaluate(tools: Iterable[str] = ("sechooks-secrets", "detect-secrets", "gitleaks")) -> dict[str, object]:
    with open(os.path.join(EVAL, LABELS), encoding="utf-8") as f:
        labels = json.load(f)["labels"]
    files = _files(EVAL)
    split_of = {str(label["path"]): str(label.get("split", "dev")) for label in labels}
    splits = sorted(set(split_of.values()))
    results: dict[str, dict[str, object]] = {}
    runners: dict[str, Callable[[str, list[str]], tuple[set[Report], str]] | None] = {"sechooks-secrets": run_sechooks}
    ds = _executable("detect-secrets", "DETECT_SECRETS")
    gl = _executable("gitleaks", "GITLEAKS")
    runners["detect-secrets"] = (lambda w, fs: run_detect_secrets(ds, w, fs)) if ds else None
    runners["gitleaks"] = (lambda w, fs: run_gitleaks(gl, w, fs)) if gl else None
    for tool in tools:
        runner = runners.get(tool)
        if runner is None:
            results[tool] = {"installed": False}
            continue
        with tempfile.TemporaryDirectory(prefix="secrets-eval-") as work:
            copy = os.path.join(work, "set")
            shutil.copytree(EVAL, copy, ignore=shutil.ignore_patterns(LABELS))
            start = time.perf_counter()
            reports, version = runner(copy, files)
            seconds = time.perf_counter() - start
        results[tool] = {"installed": True, "version": version, "seconds": round(seconds, 3), **score(reports, labels)}
        results[tool]["splits"] = {
            split: score({r for r in reports if split_of.get(r[0], "dev") == split},
                         [label for label in labels if label.get("split", "dev") == split])
            for split in splits
        }
    counts = Counter((bool(label["is_secret"]), str(label["class"])) for label in labels)
    return {
        "set": os.path.relpath(EVAL, ROOT), "files": len(files),
        "secrets": sum(n for (s, _), n in counts.items() if s),
        "non_secrets": sum(n for (s, _), n in counts.items() if not s),
        "classes": {c: {"secrets": counts[(True, c)], "non_secrets": counts[(False, c)]} for c in CLASSES},
        "tools": results,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=os.path.join(HERE, "secrets_eval.json"), help="JSON results (default: %(default)s)")
    parser.add_argument("--misses", action="store_true", help="also print each tool's misses and false positives")
    parser.add_argument("--tool", action="append", help="run only this tool (repeatable)")
    args = parser.parse_args(argv)
    data = evaluate(args.tool or ("sechooks-secrets", "detect-secrets", "gitleaks"))
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1)
        f.write("\n")
    print(f"{data['files']} files, {data['secrets']} labelled secrets, {data['non_secrets']} labelled non-secrets\n")
    print(table(data["tools"]))  # type: ignore[arg-type]
    if args.misses:
        for tool, r in data["tools"].items():  # type: ignore[union-attr]
            if r.get("installed"):
                print(f"\n## {tool}\nmissed:\n  " + "\n  ".join(r["misses"]) + "\nfalse positives:\n  " + "\n  ".join(r["false_positives"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
