"""sechooks-actions benchmark (issue #18): a 10-file commit of workflows with planted
problems and decoys; the hook timed against `python -c pass` in interleaved rounds; zizmor
(`--offline`) and checkov's github_actions framework run on the same tree when installed;
planted-found and decoy hits counted per tool.

    python bench/actions_bench.py                 # 15 rounds, peers if found
    python bench/actions_bench.py --rounds 31 --zizmor /tmp/zz/bin/zizmor --checkov /tmp/ckv/bin/checkov

Writes bench/actions_bench.json (or --out). Standalone: stdlib only, the hook runs as
pre-commit runs it (a fresh interpreter per commit, file names as arguments).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any, Sequence

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
TARGET_MS = 100.0
SHA = "8e5e7e5ab8b370d6c329ec480221332ada57f0ab"

# kind -> (ids that count as finding it: sechooks, zizmor, checkov; "file" scope or "line")
KINDS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], str]] = {
    "unpinned": (("GHA701", "GHA702"), ("unpinned-uses",), (), "line"),
    "untrusted-checkout": (("GHA703",), ("dangerous-triggers",), (), "file"),
    "dangerous-trigger": (("GHA704",), ("dangerous-triggers",), (), "file"),
    "injection": (("GHA707",), ("template-injection",), ("CKV_GHA_2",), "line"),
    "write-all": (("GHA705",), ("excessive-permissions",), ("CKV2_GHA_1",), "line"),
    "self-hosted": (("GHA708",), ("self-hosted-runner",), (), "line"),
    "secrets-inherit": (("GHA709",), ("secrets-inherit",), (), "line"),
    "tojson-secrets": (("GHA709",), ("overprovisioned-secrets",), (), "line"),
    "hardcoded-credentials": (("GHA710",), ("hardcoded-container-credentials",), (), "line"),
    "insecure-commands": (("GHA711",), ("insecure-commands",), ("CKV_GHA_1",), "line"),
    "curl-sh": (("GHA712",), (), (), "line"),
    "artipacked": (("GHA713",), ("artipacked",), (), "line"),
}
TOOLS = ("sechooks", "zizmor", "checkov")

# Ten files of a commit. `# plant: kind` marks a planted problem on its line, `# decoy`
# a line that looks close to one and is safe.
FILES = {
    ".github/workflows/pr-target.yml": f"""\
name: pr target
on:
  pull_request_target:
    types: [opened, synchronize]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{{{ github.event.pull_request.head.sha }}}} # plant: untrusted-checkout
      - uses: some/action@master # plant: unpinned
      - name: greet
        run: |
          echo "Checking"
          echo "Title: ${{{{ github.event.pull_request.title }}}}" # plant: injection
""",
    ".github/workflows/ci.yml": f"""\
name: ci
on:
  push:
    branches: [main]
  pull_request:
permissions:
  contents: read
jobs:
  build:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        node: [18, 20, 22]
    steps:
      - uses: actions/checkout@v4
        with:
          persist-credentials: false
      - uses: actions/setup-node@v4
        with:
          node-version: ${{{{ matrix.node }}}}
      - uses: pnpm/action-setup@{SHA} # v4.0.0 decoy: unpinned
      - run: |
          npm ci
          echo "node ${{{{ matrix.node }}}} sha ${{{{ github.sha }}}}" # decoy: injection
      - uses: actions/upload-artifact@v4
        with:
          path: dist/
""",
    ".github/workflows/issues.yml": """\
name: triage
on:
  issues:
    types: [opened]
permissions:
  issues: write
jobs:
  triage:
    runs-on: ubuntu-latest
    steps:
      - env:
          TITLE: ${{ github.event.issue.title }}
        run: echo "$TITLE" # decoy: injection
      - if: ${{ contains(github.event.issue.body, 'bug') }}
        run: |
          echo "${{ contains(github.event.issue.title, 'x') }}" # decoy: injection
          echo '${{ toJSON(github.event.issue) }}' > issue.json # plant: injection
      - uses: actions/github-script@60a0d83039c74a4aee543508d2ffcb1c3799cdea # v7.0.1
        with:
          script: |
            const body = `${{ github.event.issue.body }}` // plant: injection
""",
    ".github/workflows/release.yml": """\
name: release
on:
  push:
    tags: ['v*']
permissions: write-all # plant: write-all
env:
  ACTIONS_ALLOW_UNSECURE_COMMANDS: true # plant: insecure-commands
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: curl -fsSL https://get.example.com/install.sh | sh # plant: curl-sh
      - run: |
          curl -fsSLo tool.sh https://get.example.com/tool.sh # decoy: curl-sh
          sha256sum -c tool.sh.sha256 && sh tool.sh
      - uses: softprops/action-gh-release@v2 # plant: unpinned
""",
    ".github/workflows/self-hosted.yml": """\
name: gpu tests
on: pull_request
permissions:
  contents: read
jobs:
  gpu:
    runs-on: [self-hosted, gpu] # plant: self-hosted
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }} # decoy: untrusted-checkout
      - run: make gpu-test
""",
    ".github/workflows/reusable-call.yml": f"""\
name: call
on:
  workflow_dispatch:
permissions:
  contents: read
jobs:
  outside:
    uses: other-org/pipelines/.github/workflows/build.yml@{SHA}
    secrets: inherit # plant: secrets-inherit
  inside:
    uses: ./.github/workflows/ci.yml
    secrets: inherit # decoy: secrets-inherit
  dump:
    runs-on: ubuntu-latest
    steps:
      - run: ./publish "${{{{ toJSON(secrets) }}}}" # plant: tojson-secrets
      - run: ./publish "${{{{ secrets.DEPLOY_TOKEN }}}}" # decoy: tojson-secrets
""",
    ".github/workflows/container.yml": """\
name: container
on: push
permissions:
  contents: read
jobs:
  test:
    runs-on: ubuntu-latest
    container:
      image: ghcr.io/acme/build:1.4
      credentials:
        username: bot
        password: hR7kq2LmZ9vXw4pQ # plant: hardcoded-credentials
    services:
      db:
        image: postgres:16
        env:
          POSTGRES_PASSWORD: ${{ secrets.DB_PASSWORD }} # decoy: hardcoded-credentials
    steps:
      - run: make test
""",
    ".github/workflows/artifacts.yml": """\
name: artifacts
on: push
permissions:
  contents: read
jobs:
  pack:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4 # plant: artipacked
      - run: make
      - uses: actions/upload-artifact@v4
        with:
          path: .
          include-hidden-files: true
  safe:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4 # decoy: artipacked
      - uses: actions/upload-artifact@v4
        with:
          path: |
            .
            !.git/**
""",
    ".github/workflows/labeler.yml": """\
name: labeler
on:
  pull_request_target: # plant: dangerous-trigger
permissions:
  contents: read
  pull-requests: read
jobs:
  label:
    runs-on: ubuntu-latest
    steps:
      - run: echo "labelling PR ${{ github.event.pull_request.number }}" # decoy: injection
""",
    ".github/actions/announce/action.yml": """\
name: announce
description: composite action
runs:
  using: composite
  steps:
    - uses: pnpm/action-setup@v4 # plant: unpinned
    - shell: bash
      run: |
        echo "${{ github.event.pull_request.title }}" # plant: injection
        echo "${{ github.run_id }}" # decoy: injection
""",
}
MARK = re.compile(r"(?:#|//) (?:plant: (?P<kind>[\w-]+)|(?:v[\d.]+ )?decoy: (?P<decoy>[\w-]+))")


def manifest() -> tuple[list[dict[str, Any]], list[tuple[str, int, str]]]:
    planted, decoys = [], []
    for path, text in FILES.items():
        for number, line in enumerate(text.split("\n"), 1):
            m = MARK.search(line)
            if m and m.group("kind"):
                planted.append({"path": path, "line": number, "kind": m.group("kind")})
            elif m:
                decoys.append((path, number, m.group("decoy")))
    return planted, decoys


def write_tree(root: str) -> list[str]:
    for path, text in FILES.items():
        full = os.path.join(root, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", encoding="utf-8") as f:
            f.write(text)
    env = {**os.environ, "GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@b", "GIT_COMMITTER_NAME": "b", "GIT_COMMITTER_EMAIL": "b@b"}
    subprocess.run(["git", "init", "-q", root], check=True, env=env)
    subprocess.run(["git", "add", "."], cwd=root, check=True, env=env)
    return list(FILES)


# --- running tools ----------------------------------------------------------------------

CPU: dict[str, list[float]] = {}  # command label -> CPU ms (user + sys) per run


def timed(cmd: Sequence[str], cwd: str, env: dict[str, str] | None = None, label: str = "") -> tuple[float, subprocess.CompletedProcess[str]]:
    """Wall ms of one run (and its CPU ms under `label`: a loaded machine stretches the
    wall clock, not the work)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(list(cmd), cwd=cwd, capture_output=True, text=True, env=env)
    wall = (time.perf_counter() - start) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if label:
        CPU.setdefault(label, []).append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000)
    return wall, done


def hook_cmd(files: Sequence[str], fmt: str | None = None) -> list[str]:
    code = "import sys; from sechooks.actions import main; sys.exit(main())"
    return [sys.executable, "-c", code, *(["--format", fmt] if fmt else []), *files]


def interleaved(cmds: dict[str, list[str]], cwd: str, rounds: int, env: dict[str, str]) -> dict[str, list[float]]:
    """One warm-up each, then rounds that run every command once, reversed every other round."""
    times: dict[str, list[float]] = {label: [] for label in cmds}
    labels = list(cmds)
    for label in labels:
        timed(cmds[label], cwd, env)
    for index in range(rounds):
        for label in labels if index % 2 == 0 else labels[::-1]:
            times[label].append(timed(cmds[label], cwd, env, label)[0])
    return times


def sechooks_hits(root: str, files: Sequence[str], env: dict[str, str]) -> list[tuple[str, str, int, int]]:
    _, done = timed(hook_cmd(files, "json"), root, env)
    report = json.loads(done.stdout or "{}")
    return [(f["rule"], f["path"], f["line"], f.get("end_line") or f["line"]) for f in report.get("findings", [])]


def zizmor_hits(exe: str, root: str) -> tuple[list[tuple[str, str, int, int]], float, str]:
    ms, done = timed([exe, "--offline", "--format", "json", "--no-progress", "."], root)
    if done.returncode not in (0, 10, 11, 12, 13, 14) and not done.stdout.strip().startswith("["):
        ms, done = timed([exe, "--offline", "--format", "json", "."], root)  # older releases: no --no-progress
    hits = []
    try:
        for item in json.loads(done.stdout or "[]"):
            for loc in item.get("locations", []):
                symbolic = loc.get("symbolic", {})
                key = symbolic.get("key", {})
                local = key.get("Local", {})
                given = local.get("verbatim_path") or local.get("given_path") or local.get("path") or ""
                concrete = loc.get("concrete", {}).get("location", {})
                start = concrete.get("start_point", {}).get("row", -1) + 1
                end = concrete.get("end_point", {}).get("row", -1) + 1
                hits.append((item.get("ident", ""), os.path.normpath(given) if given else "", start, max(end, start)))
    except (json.JSONDecodeError, AttributeError, TypeError) as e:
        return [], ms, f"unreadable output: {e}"
    return hits, ms, (done.stderr.strip().splitlines() or [""])[-1][:200] if not hits else ""


def checkov_hits(exe: str, root: str) -> tuple[list[tuple[str, str, int, int]], float, str]:
    ms, done = timed([exe, "-d", root, "--framework", "github_actions", "-o", "json", "--quiet", "--compact", "--skip-download"], root)
    hits = []
    try:
        data = json.loads(done.stdout or "{}")
        for block in data if isinstance(data, list) else [data]:
            for failed in block.get("results", {}).get("failed_checks", []):
                path = failed.get("file_path", "").lstrip("/")
                start, end = (failed.get("file_line_range") or [0, 0])[:2]
                hits.append((failed.get("check_id", ""), path, start, end))
    except (json.JSONDecodeError, AttributeError, TypeError) as e:
        return [], ms, f"unreadable output: {e}"
    return hits, ms, ""


def score(tool: str, hits: list[tuple[str, str, int, int]], planted: list[dict[str, Any]], decoys: list[tuple[str, int, str]]) -> dict[str, Any]:
    index = TOOLS.index(tool)
    found, missed = 0, []
    for item in planted:
        ids, scope = KINDS[item["kind"]][index], KINDS[item["kind"]][3]
        ok = any(rule in ids and path == item["path"] and (scope == "file" or start - 1 <= item["line"] <= end + 1)
                 for rule, path, start, end in hits)
        found += ok
        if not ok:
            missed.append(f"{item['path']}:{item['line']} {item['kind']}" + ("" if ids else " (no such check)"))
    # a decoy is hit by a finding of its own kind on its line (a span of a few lines at most)
    decoy_hits = sorted({f"{p}:{n} {rule}" for rule, p, start, end in hits for dp, n, kind in decoys
                         if p == dp and start <= n <= end and rule in KINDS[kind][index] and end - start < 3})
    return {"planted": len(planted), "found": found, "missed": missed, "decoy_hits": decoy_hits, "findings": len(hits)}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--zizmor", default=shutil.which("zizmor") or "/tmp/zz/bin/zizmor")  # nosec B108 -- where the bench README installs the peer
    parser.add_argument("--checkov", default=shutil.which("checkov") or "/tmp/ckv/bin/checkov")  # nosec B108 -- where the bench README installs the peer
    parser.add_argument("--out", default=os.path.join(HERE, "actions_bench.json"))
    args = parser.parse_args(argv)
    planted, decoys = manifest()
    env = {**os.environ, "PRE_COMMIT": "1", "PYTHONPATH": ROOT + os.pathsep + os.environ.get("PYTHONPATH", "")}
    with tempfile.TemporaryDirectory(prefix="gha-bench-") as root:
        files = write_tree(root)
        times = interleaved({"sechooks-actions": hook_cmd(files), "python -c pass": [sys.executable, "-c", "pass"]}, root, args.rounds, env)
        hook, floor = statistics.median(times["sechooks-actions"]), statistics.median(times["python -c pass"])
        ratios = [h / p for h, p in zip(times["sechooks-actions"], times["python -c pass"])]
        cpu_hook, cpu_floor = statistics.median(CPU["sechooks-actions"]), statistics.median(CPU["python -c pass"])
        load = os.getloadavg()[0]
        result: dict[str, Any] = {
            "files": len(files), "rounds": args.rounds, "target_ms": TARGET_MS,
            "sechooks-actions": {"median_ms": round(hook, 1), "min_ms": round(min(times["sechooks-actions"]), 1),
                                 "floor_median_ms": round(floor, 1), "ratio_to_floor": round(statistics.median(ratios), 2),
                                 "above_floor_ms": round(hook - floor, 1), "met": hook < TARGET_MS,
                                 "cpu_median_ms": round(cpu_hook, 1), "cpu_floor_median_ms": round(cpu_floor, 1),
                                 "cpu_met": cpu_hook < TARGET_MS, "load_average_1m": round(load, 2), "cpus": os.cpu_count(),
                                 **score("sechooks", sechooks_hits(root, files, env), planted, decoys)},
        }
        for tool, exe, run in (("zizmor", args.zizmor, zizmor_hits), ("checkov", args.checkov, checkov_hits)):
            if not (exe and os.path.exists(exe)):
                result[tool] = {"skipped": f"not installed ({exe})"}
                continue
            runs = [run(exe, root) for _ in range(3 if tool == "zizmor" else 1)]
            hits, _, problem = runs[-1]
            result[tool] = {"median_ms": round(statistics.median(r[1] for r in runs), 1), "runs": len(runs),
                            **score(tool, hits, planted, decoys), **({"note": problem} if problem else {})}
    for tool in ("sechooks-actions", *TOOLS[1:]):
        row = result[tool]
        if "skipped" in row:
            print(f"{tool:17} skipped: {row['skipped']}")
            continue
        extra = (f" (floor {row['floor_median_ms']} ms, {row['ratio_to_floor']}x; CPU {row['cpu_median_ms']} ms, floor CPU "
                 f"{row['cpu_floor_median_ms']} ms; load {row['load_average_1m']} on {row['cpus']} cores)") if "floor_median_ms" in row else ""
        print(f"{tool:17} median {row['median_ms']:7.1f} ms{extra}  planted found {row['found']}/{row['planted']}"
              f"  decoy hits {len(row['decoy_hits'])}")
        for miss in row["missed"]:
            print(f"{'':19}missed {miss}")
        for hit in row["decoy_hits"]:
            print(f"{'':19}decoy  {hit}")
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    print(f"wrote {os.path.relpath(args.out)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
