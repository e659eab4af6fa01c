"""The sechooks benchmark: speed, memory, detection and regex safety, in one command.

    python bench/run.py --out bench/out            # full run (~15 min on 2 cores)
    python bench/run.py --out bench/out --quick    # a short run
    python bench/run.py --sizes 10,2000 --no-peers

It generates deterministic trees (see bench/generate.py), times every installed
sechooks hook as a whole process (warm-up, then several runs: median, min, max and
peak RSS from os.wait4), runs the installed peers on the same files, matches every
tool's findings to the planted manifest, measures regex throughput, and writes
OUT/report.json plus OUT/report.png; a full run also copies them to
bench/results.json and bench/results.png.
"""
from __future__ import annotations

import argparse
import datetime
import importlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence, TextIO

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from bench import generate, peers as peer_tools, report as reporting  # noqa: E402
from bench.peers import Hit  # noqa: E402

DEFAULT_SIZES = (10, 2000, 20000)
SCAN_ONLY_FROM = 10000  # trees this large are timed with `sechooks scan` only
COMMIT_CASES = ("secrets", "dockerfile", "terraform-sg", "terraform-none", "iam", "python",
                "kubernetes", "actions", "compose", "cloudformation")
CASE_HOOK = {"secrets": "sechooks-secrets", **{k: v[0] for k, v in generate.COMMITS.items()}}


@dataclass
class Sample:
    wall: float
    user: float
    sys: float
    rss_kb: int
    rc: int


@dataclass
class Timing:
    """A command's runs: samples after the warm-up, and the warm-up's output for parsing."""

    cmd: list[str]
    samples: list[Sample] = field(default_factory=list)
    warmup: Sample | None = None
    stdout: str = ""
    stderr: str = ""

    def summary(self) -> dict[str, Any]:
        walls = [s.wall * 1000 for s in self.samples]
        codes = sorted({s.rc for s in self.samples} | ({self.warmup.rc} if self.warmup else set()))
        return {
            "runs": len(walls),
            "warmup": self.warmup is not None,
            "median_ms": round(statistics.median(walls), 1),
            "min_ms": round(min(walls), 1),
            "max_ms": round(max(walls), 1),
            "cpu_ms": round(statistics.median((s.user + s.sys) * 1000 for s in self.samples), 1),
            "peak_rss_mb": round(max(s.rss_kb for s in self.samples) / 1024, 1),
            "exit_codes": codes,
        }


# Spawns the measured command from a small interpreter (-S, stdlib only) and reports
# its rusage. Linux carries the pre-exec memory of a forked child into ru_maxrss, so a
# command forked straight from this (larger) process would inherit our RSS as its peak.
LAUNCHER = """
import json, os, sys, time
start = time.perf_counter()
pid = os.posix_spawn(sys.argv[2], sys.argv[2:], os.environ)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
with open(sys.argv[1], "w") as f:
    json.dump([wall, usage.ru_utime, usage.ru_stime, usage.ru_maxrss, os.waitstatus_to_exitcode(status)], f)
"""


class Runner:
    """Runs whole processes and measures them with os.wait4 (wall, CPU, peak RSS)."""

    def __init__(self, logs: str, runs: int, budget: float, log: TextIO) -> None:
        self.logs = os.path.abspath(logs)
        self.runs = runs
        self.budget = budget
        self.log = log
        self.count = 0
        os.makedirs(logs, exist_ok=True)

    def once(self, cmd: Sequence[str], cwd: str, env: dict[str, str], keep: bool = False) -> tuple[Sample, str, str]:
        self.count += 1
        out_path = os.path.join(self.logs, f"{self.count:04d}.out")
        err_path = os.path.join(self.logs, f"{self.count:04d}.err")
        rusage_path = os.path.join(self.logs, f"{self.count:04d}.rusage")
        exe = cmd[0] if os.path.isabs(cmd[0]) else (shutil.which(cmd[0], path=env.get("PATH")) or cmd[0])
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            launcher = [sys.executable, "-S", "-c", LAUNCHER, rusage_path, exe, *cmd[1:]]
            proc = subprocess.run(launcher, cwd=cwd, env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL, check=False)
        try:
            with open(rusage_path, encoding="utf-8") as f:
                wall, user, system, maxrss, code = json.load(f)
            os.remove(rusage_path)
        except (OSError, ValueError) as e:
            raise RuntimeError(f"could not run {cmd[0]} (launcher exit {proc.returncode})") from e
        sample = Sample(wall, user, system, maxrss, code)
        stdout = stderr = ""
        if keep:
            with open(out_path, encoding="utf-8", errors="replace") as f:
                stdout = f.read()
            with open(err_path, encoding="utf-8", errors="replace") as f:
                stderr = f.read()
        os.remove(out_path)
        os.remove(err_path)
        return sample, stdout, stderr

    def measure(self, label: str, cmd: Sequence[str], cwd: str, env: dict[str, str], runs: int | None = None, warmup: bool = True) -> Timing:
        """Warm-up (its output is kept for the detection figures), then up to `runs` timed runs
        within the time budget (at least one)."""
        wanted = self.runs if runs is None else runs
        timing = Timing(list(cmd))
        first, timing.stdout, timing.stderr = self.once(cmd, cwd, env, keep=True)
        if warmup:
            timing.warmup = first
            spent = 0.0
            while len(timing.samples) < wanted and (not timing.samples or spent + first.wall <= self.budget):
                sample, _, _ = self.once(cmd, cwd, env)
                timing.samples.append(sample)
                spent += sample.wall
        else:
            timing.samples.append(first)
        s = timing.summary()
        print(f"  {label}: median {s['median_ms']:.0f} ms over {s['runs']} run(s), peak {s['peak_rss_mb']} MB, exit {s['exit_codes']}", file=self.log, flush=True)
        return timing


# --- hooks ----------------------------------------------------------------------

@dataclass
class HookInfo:
    name: str
    family: str
    module: str
    by_name: Callable[[str], bool]
    sniff: Callable[[str], bool] | None = None
    prefixes: tuple[str, ...] = ()  # the rule families it reports (CloudFormation: CFN, NET, IAM)

    def takes(self, root: str, path: str) -> bool:
        """The files the hook checks in real use: by name, or by content for hooks that sniff
        (a CloudFormation template is any YAML or JSON whose text is one)."""
        if self.by_name(path):
            return True
        if self.sniff is None:
            return False
        try:
            with open(os.path.join(root, "tree", path), encoding="utf-8", errors="replace") as f:
                return self.sniff(f.read(1 << 20))
        except OSError:
            return False


def discover() -> tuple[dict[str, HookInfo], dict[str, str]]:
    """Installed hooks by name (from sechooks.core.catalogue.MODULES) and the missing ones with why."""
    from sechooks.core import catalogue

    found, missing = {}, {}
    for family, module_name in catalogue.MODULES.items():
        name = catalogue.FAMILIES[family]
        try:
            module = importlib.import_module(module_name)
            hook = module.HOOK
        except Exception as e:  # a hook still being written must not stop the bench
            missing[name] = f"{module_name}: {type(e).__name__}: {e}"
            continue
        found[name] = HookInfo(name, family, module_name, hook.matches, hook.sniff, hook.families)
    return found, missing


INSTALLED = [False]  # --python names an interpreter with sechooks installed: time that copy


def hook_env(work: str | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("SECHOOKS_DEBUG", None)
    env.pop("SECHOOKS_REGEX_CACHE", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # the regex cache is written only where bytecode may be
    if work is not None:  # sechooks' private cache starts empty in every bench run; warm-ups fill it
        env["XDG_CACHE_HOME"] = os.path.join(work, "cache")
    if not INSTALLED[0]:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [ROOT, env.get("PYTHONPATH")]))
    env["PYTHONSAFEPATH"] = "1"  # like a console script: the scanned tree is not on sys.path
    env["NO_COLOR"] = "1"
    env["BC_SKIP_MAPPING"] = "TRUE"  # checkov: no platform mapping download
    return env


PYTHON = [sys.executable]


def _has_sechooks(python: str) -> bool:
    """Is sechooks installed in that interpreter (not just importable from the checkout)?"""
    probe = "import sechooks.core.cli, os, sys; print(os.path.dirname(os.path.dirname(os.path.dirname(sechooks.core.cli.__file__))))"
    out = subprocess.run([python, "-c", probe], capture_output=True, text=True, cwd="/", check=False)
    return out.returncode == 0 and os.path.abspath(out.stdout.strip()) != ROOT


def hook_cmd(info: HookInfo, files: Sequence[str]) -> list[str]:
    return [*PYTHON, "-m", info.module, "--format", "json", *files]


def git_init(tree: str) -> None:
    """Each tree is its own repository, so the hooks find no configuration above it."""
    subprocess.run(["git", "init", "-q", tree], check=True)


# --- detection --------------------------------------------------------------------

def _overlaps(hit: Hit, span: Sequence[int]) -> bool:
    return hit.start <= span[1] and hit.end >= span[0]


def tool_ids(item: dict[str, Any], tool: str, family: str | tuple[str, ...]) -> tuple[str, ...] | None:
    """Which ids of `tool` count for a planted item (None: the tool is not expected to see it)."""
    if tool == "sechooks":
        if item["rule"] is None or item["hook"] == "sechooks-secrets":
            return (generate.ANY,)
        return (item["rule"],)
    if tool == "gitleaks":  # the whole-tree secrets pair: any gitleaks finding on the line
        return (generate.ANY,) if item["hook"] == "sechooks-secrets" else None
    ids = item["peers"].get(tool)
    return None if ids is None else tuple(ids)


def matched(item: dict[str, Any], hits: Sequence[Hit], ids: Sequence[str], family: str | tuple[str, ...] = "") -> list[Hit]:
    out = []
    for hit in hits:
        if hit.path != item["path"]:
            continue
        if generate.ANY not in ids and hit.id not in ids:
            continue
        if generate.ANY in ids and family and not hit.id.startswith(family):
            continue
        if item["scope"] == "file" or _overlaps(hit, item["span"]):
            out.append(hit)
    return out


def detection(manifest: dict[str, Any], hook: str, family: str | tuple[str, ...], tool: str, hits: Sequence[Hit], files: set[str] | None = None) -> dict[str, Any]:
    """Planted items of `hook` that `tool` reported, decoys it flagged, and findings matching nothing."""
    items = [i for i in manifest["planted"] if i["hook"] == hook and (files is None or i["path"] in files)]
    planted = [i for i in items if i["rule"] is not None]
    decoys = [i for i in items if i["rule"] is None]
    fam = family if tool == "sechooks" else ""
    found, exact = 0, 0
    missed_kinds: dict[str, int] = {}
    used: set[Hit] = set()
    for item in planted:
        ids = tool_ids(item, tool, family)
        hit = matched(item, hits, ids, fam) if ids is not None else []
        if hit:
            found += 1
            used.update(hit)
        else:
            missed_kinds[item["kind"]] = missed_kinds.get(item["kind"], 0) + 1
        if tool == "sechooks" and any(h.id == item["rule"] for h in hit):
            exact += 1
    flagged = 0
    for item in decoys:
        ids = tool_ids(item, tool, family) or ()
        hit = matched(item, hits, ids, fam) if ids else []
        if hit:
            flagged += 1
            used.update(hit)
    out: dict[str, Any] = {
        "planted": len(planted),
        "detected": found,
        "missed_by_kind": dict(sorted(missed_kinds.items())),
        "decoys": len(decoys),
        "decoys_flagged": flagged,
        "other_findings": sum(1 for h in hits if h not in used),
    }
    if tool == "sechooks":
        out["exact_rule"] = exact
    return out


# --- phases -----------------------------------------------------------------------

def machine() -> dict[str, Any]:
    model = platform.processor() or "unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    memory = None
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            memory = round(int(f.readline().split()[1]) / 1024 / 1024, 1)
    except (OSError, ValueError, IndexError):
        pass
    return {
        "cores": os.cpu_count(),
        "cpu_model": model,
        "memory_gb": memory,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "load_average_at_start": _load(),
    }


def _load() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def run_hook_and_peers(
    runner: Runner, hooks: dict[str, HookInfo], hook: str, root: str, manifest: dict[str, Any],
    env: dict[str, str], with_peers: bool, label: str, runs: int | None = None,
) -> dict[str, Any]:
    info = hooks[hook]
    tree = os.path.join(root, "tree")
    files = [p for p in generate.tree_files(root) if info.takes(root, p)]
    timing = runner.measure(f"{label} {hook} ({len(files)} files)", hook_cmd(info, files), tree, env, runs)
    hits = peer_tools.parse_sechooks(timing.stdout, tree)
    entry: dict[str, Any] = {
        "hook": hook,
        "files": len(files),
        **timing.summary(),
        "detection": detection(manifest, hook, info.prefixes, "sechooks", hits),
        "peers": [],
    }
    if timing.warmup and timing.warmup.rc == 2 or any(s.rc == 2 for s in timing.samples):
        entry["error"] = (timing.stderr.strip().splitlines() or ["exit 2"])[-1][:300]
    if not with_peers:
        return entry
    for peer in peer_tools.for_hook(hook):
        chosen = [p for p in files if peer.select(p, tree)]
        cmd = peer.command(chosen)
        if cmd is None:
            entry["peers"].append({"tool": peer.name, "installed": False})
            continue
        if not chosen:
            continue
        t = runner.measure(f"{label} {peer.name} ({len(chosen)} files)", cmd, tree, env, runs)
        peer_hits = peer.parse(t.stdout, tree, peer.name)
        row: dict[str, Any] = {
            "tool": peer.name,
            "installed": True,
            "files": len(chosen),
            "note": peer.note,
            **t.summary(),
            "ratio": round(t.summary()["median_ms"] / entry["median_ms"], 2) if entry["median_ms"] else None,
            "detection": detection(manifest, hook, info.prefixes, peer.name, peer_hits, set(chosen)),
        }
        if len(chosen) != len(files):  # the peer saw fewer files: sechooks on that same subset
            row["sechooks_on_same_files"] = detection(manifest, hook, info.prefixes, "sechooks", hits, set(chosen))
        if peer.name == "checkov-terraform" and "sechooks-iam" in hooks:
            row["detection_iam_in_tf"] = detection(manifest, "sechooks-iam", "IAM", peer.name, peer_hits, {i["path"] for i in manifest["planted"] if i["path"].endswith(".tf")})
        if not peer_hits and t.samples and t.samples[-1].rc not in (0, 1):
            row["error"] = (t.stderr.strip().splitlines() or [f"exit {t.samples[-1].rc}"])[-1][:300]
        entry["peers"].append(row)
    return entry


def phase_startup(runner: Runner, hooks: dict[str, HookInfo], work: str, env: dict[str, str]) -> list[dict[str, Any]]:
    """Interpreter start-up alone, then each hook with no files (its import cost)."""
    print("start-up (no files)", file=runner.log, flush=True)
    empty = os.path.join(work, "empty")
    os.makedirs(empty, exist_ok=True)
    rows = [{"what": "python -c pass", **runner.measure("python -c pass", [*PYTHON, "-c", "pass"], empty, env).summary()}]
    for name, info in hooks.items():
        rows.append({"what": name, **runner.measure(f"{name} (no files)", hook_cmd(info, []), empty, env).summary()})
    return rows


def phase_commits(runner: Runner, hooks: dict[str, HookInfo], work: str, seed: int, env: dict[str, str], with_peers: bool) -> list[dict[str, Any]]:
    print("10-file commits", file=runner.log, flush=True)
    rows = []
    for case in COMMIT_CASES:
        hook = CASE_HOOK[case]
        if hook not in hooks:
            continue
        root = os.path.join(work, "commits", case)
        manifest = generate.generate_commit(root, case, seed)
        git_init(os.path.join(root, "tree"))
        row = run_hook_and_peers(runner, hooks, hook, root, manifest, env, with_peers, case)
        if case == "python":
            row["variants"] = python_variants(runner, hooks[hook], root, env)
        row["case"] = case
        row["target_ms"] = reporting.COMMIT_TARGETS_MS.get(case, reporting.DEFAULT_TARGET_MS)
        rows.append(row)
    return rows


PYTHON_VARIANTS = (
    # (label, config file text, extra args): the rule selection decides which bandit plugin
    # modules sechooks-python imports and how many checks run per node.
    ("one rule: PY501 (5 bandit tests, 3 plugin modules)", 'disable = ["PY"]\n', ["--enable", "PY501"]),
    ("default rules (67 bandit tests)", "", []),
    ("every rule: --enable PY (all 75 bandit tests)", "", ["--enable", "PY"]),
)
VARIANT_ROUNDS = 9


def python_variants(runner: Runner, info: HookInfo, root: str, env: dict[str, str]) -> list[dict[str, Any]]:
    """The same 10 files with fewer and more rules: what loading only the needed plugins saves.

    The variants run round-robin (one warm-up each, then VARIANT_ROUNDS rounds), so a
    change in machine speed during the measurement affects all of them alike."""
    tree = os.path.join(root, "tree")
    files = [p for p in generate.tree_files(root) if info.takes(root, p)]
    timings = []
    for index, (label, config, args) in enumerate(PYTHON_VARIANTS):
        path = os.path.join(root, f"variant-{index}.toml")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(config)
        cmd = [*hook_cmd(info, []), "--config", path, *args, *files]
        timing = Timing(cmd)
        timing.warmup = runner.once(cmd, tree, env)[0]
        timings.append(timing)
    for _ in range(VARIANT_ROUNDS):
        for timing in timings:
            timing.samples.append(runner.once(timing.cmd, tree, env)[0])
    rows = []
    for (label, _, _), timing in zip(PYTHON_VARIANTS, timings):
        summary = timing.summary()
        print(f"  python variant: {label}: median {summary['median_ms']:.0f} ms over {summary['runs']} interleaved run(s)", file=runner.log, flush=True)
        rows.append({"what": label, "files": len(files), "interleaved": True, **summary})
    return rows


def phase_trees(runner: Runner, hooks: dict[str, HookInfo], roots: dict[int, tuple[str, dict[str, Any]]], env: dict[str, str], with_peers: bool, tree_runs: int) -> list[dict[str, Any]]:
    rows = []
    for size, (root, manifest) in sorted(roots.items()):
        if size <= 10 or size >= SCAN_ONLY_FROM:
            continue
        print(f"{size}-file tree: every hook and its peers", file=runner.log, flush=True)
        for hook in hooks:
            row = run_hook_and_peers(runner, hooks, hook, root, manifest, env, with_peers, f"tree {size}", tree_runs)
            row["size"] = size
            rows.append(row)
    return rows


def phase_scan(runner: Runner, hooks: dict[str, HookInfo], roots: dict[int, tuple[str, dict[str, Any]]], env: dict[str, str], quick: bool) -> list[dict[str, Any]]:
    rows = []
    for size, (root, manifest) in sorted(roots.items()):
        tree = os.path.join(root, "tree")
        cmd = [*PYTHON, "-m", "sechooks.umbrella", "scan", "--format", "json", "."]
        big = size >= SCAN_ONLY_FROM
        runs = 1 if big or quick else 3
        print(f"sechooks scan on {size} files", file=runner.log, flush=True)
        timing = runner.measure(f"scan {size}", cmd, tree, env, runs=runs, warmup=not big)
        hits = peer_tools.parse_sechooks(timing.stdout, tree)
        row: dict[str, Any] = {"size": size, "files": size, **timing.summary(), "findings": len(hits), "detection": {}}
        for name, info in hooks.items():
            row["detection"][name] = detection(manifest, name, info.prefixes, "sechooks", [h for h in hits if h.id.startswith(info.prefixes)])
        if any(s.rc == 2 for s in timing.samples):
            row["error"] = (timing.stderr.strip().splitlines() or ["exit 2"])[-1][:300]
        rows.append(row)
    return rows


# --- interleaved pairs (#22.5) ------------------------------------------------------
# Two commands timed one after the other drift apart with the machine's load; timed in
# alternating rounds (A B, then B A, ...) each round's ratio sees the same load, and the
# median of the per-round ratios is what the targets read.

FLOOR_TARGET, PYTHON_FLOOR_TARGET = 2.5, 6.0
SUITE_TARGET = 0.6  # the `sechooks` hook / the five hooks, under real pre-commit
JOBS_TARGET = 2.0  # `sechooks scan --jobs 1` / `--jobs 2`


def interleave(runner: Runner, cmds: dict[str, tuple[list[str], str]], env: dict[str, str], rounds: int,
               envs: dict[str, dict[str, str]] | None = None) -> dict[str, Timing]:
    """One warm-up each, then `rounds` rounds that run every command once, in reverse
    order every other round. `envs` gives a command its own environment."""
    timings = {label: Timing(list(cmd)) for label, (cmd, _) in cmds.items()}
    own = envs or {}
    for label, (cmd, cwd) in cmds.items():
        timing = timings[label]
        timing.warmup, timing.stdout, timing.stderr = runner.once(cmd, cwd, own.get(label, env), keep=True)
    labels = list(cmds)
    for index in range(rounds):
        for label in labels if index % 2 == 0 else labels[::-1]:
            cmd, cwd = cmds[label]
            timings[label].samples.append(runner.once(cmd, cwd, own.get(label, env))[0])
    return timings


def round_ratio(a: Timing, b: Timing, cpu: bool = False) -> float | None:
    """The median over rounds of a's wall time (or CPU time) / b's in the same round."""
    def spent(s: Sample) -> float:
        return s.user + s.sys if cpu else s.wall

    ratios = [spent(x) / spent(y) for x, y in zip(a.samples, b.samples) if spent(y) > 0]
    return round(statistics.median(ratios), 2) if ratios else None


def _pair_row(timings: dict[str, Timing], a: str, b: str) -> dict[str, Any]:
    ta, tb = timings[a], timings[b]
    row: dict[str, Any] = {
        "a": a, "b": b, "rounds": len(ta.samples), "ratio": round_ratio(ta, tb), "cpu_ratio": round_ratio(ta, tb, cpu=True),
        "a_median_ms": ta.summary()["median_ms"], "b_median_ms": tb.summary()["median_ms"],
        "a_exit_codes": ta.summary()["exit_codes"], "b_exit_codes": tb.summary()["exit_codes"],
    }
    for label, t in ((a, ta), (b, tb)):
        if any(s.rc not in (0, 1) for s in [*t.samples, *([t.warmup] if t.warmup else [])]):
            row.setdefault("errors", {})[label] = (t.stderr.strip().splitlines() or ["exit code not 0 or 1"])[-1][:300]
    return row


def _console(module: str, *args: str) -> list[str]:
    """What a console script runs: import the module's main and call it (no runpy)."""
    return [*PYTHON, "-c", f"import sys; from {module} import main; sys.exit(main())", *args]


def phase_floor(runner: Runner, hooks: dict[str, HookInfo], work: str, env: dict[str, str], rounds: int) -> list[dict[str, Any]]:
    """Each hook on its 10-file commit, as pre-commit runs it (file names only), against
    `python -c pass`, in alternating rounds."""
    print("10-file commits against the interpreter's start-up (interleaved)", file=runner.log, flush=True)
    rows = []
    hook_env_ = {**env, "PRE_COMMIT": "1"}
    for case in COMMIT_CASES:
        hook = CASE_HOOK[case]
        root = os.path.join(work, "commits", case)
        if hook not in hooks or not os.path.isdir(root):
            continue
        tree = os.path.join(root, "tree")
        files = [p for p in generate.tree_files(root) if hooks[hook].takes(root, p)]
        timings = interleave(runner, {hook: (_console(hooks[hook].module, *files), tree),
                                      "python -c pass": ([*PYTHON, "-c", "pass"], tree)}, hook_env_, rounds)
        row = {"case": case, "hook": hook, **_pair_row(timings, hook, "python -c pass"),
               "target": PYTHON_FLOOR_TARGET if hook == "sechooks-python" else FLOOR_TARGET}
        print(f"  {case}: {row['ratio']}x the floor over {row['rounds']} rounds", file=runner.log, flush=True)
        rows.append(row)
    return rows


def _pre_commit_exe() -> str | None:
    near = os.path.join(os.path.dirname(PYTHON[0]), "pre-commit")
    return near if os.path.isfile(near) else shutil.which("pre-commit")


def local_config(python: str, ids: Sequence[str]) -> str:
    """A `repo: local` pre-commit config with the manifest's hooks `ids`, each run by
    `python` (language: system): pre-commit's own file filtering and partitioning, without
    building an environment per run."""
    import shlex

    import yaml

    with open(os.path.join(ROOT, ".pre-commit-hooks.yaml"), encoding="utf-8") as f:
        manifest = {h["id"]: h for h in yaml.safe_load(f)}
    hooks = []
    for hook_id in ids:
        h = manifest[hook_id]
        command, _, rest = h["entry"].partition(" ")
        module = "sechooks.umbrella" if command == "sechooks" else "sechooks." + command.removeprefix("sechooks-")
        entry = f"{shlex.quote(python)} -c 'import sys; from {module} import main; sys.exit(main())'" + (f" {rest}" if rest else "")
        hooks.append({"id": hook_id, "name": h["name"], "entry": entry, "language": "system",
                      **{k: h[k] for k in ("files", "types", "types_or", "require_serial") if k in h}})
    return yaml.safe_dump({"repos": [{"repo": "local", "hooks": hooks}]}, sort_keys=False)


def phase_suite(runner: Runner, hooks: dict[str, HookInfo], work: str, env: dict[str, str], seed: int, rounds: int) -> dict[str, Any]:
    """The `sechooks` hook against the five separate hooks, under real pre-commit, on a
    mixed 10-file commit, in alternating rounds."""
    print("the sechooks hook vs the five hooks under pre-commit (interleaved)", file=runner.log, flush=True)
    exe = _pre_commit_exe()
    if exe is None:
        return {"error": "pre-commit is not installed"}
    root = os.path.join(work, "suite")
    generate.generate(root, 10, seed)
    tree = os.path.join(root, "tree")
    git_init(tree)
    files = generate.tree_files(root)
    separate = [h for h in ("sechooks-secrets", "sechooks-dockerfile", "sechooks-terraform", "sechooks-iam", "sechooks-python")]
    for name, ids in (("five.yaml", separate), ("one.yaml", ["sechooks"])):
        with open(os.path.join(tree, name), "w", encoding="utf-8") as f:
            f.write(local_config(PYTHON[0], ids))
    subprocess.run(["git", "add", "."], cwd=tree, check=True)
    pc_env = {**env, "PRE_COMMIT_HOME": os.path.join(work, "pre-commit-home"), "PRE_COMMIT_COLOR": "never"}
    timings = interleave(runner, {
        "sechooks hook": ([exe, "run", "-c", "one.yaml", "--files", *files], tree),
        "five hooks": ([exe, "run", "-c", "five.yaml", "--files", *files], tree),
    }, pc_env, rounds)
    row = {**_pair_row(timings, "sechooks hook", "five hooks"), "files": len(files), "target": SUITE_TARGET}
    print(f"  sechooks hook / five hooks: {row['ratio']}x over {row['rounds']} rounds", file=runner.log, flush=True)
    return row


# "today's serial scan" of #16.5: the last commit before `--jobs` (#16.1), run from a copy
# of its sources on the same tree in the same rounds. It has five hooks where HEAD has
# nine, so the figure understates HEAD's speed-up.
SERIAL_BASELINE = "7e77d39"


def baseline_copy(work: str, rev: str = SERIAL_BASELINE) -> str | None:
    """A directory to put first on PYTHONPATH so that `sechooks` imports `rev`'s sources
    (None: the commit is not in this clone, e.g. a shallow one)."""
    dest = os.path.join(work, f"baseline-{rev}")
    source = os.path.join(dest, "src")
    os.makedirs(source, exist_ok=True)
    archive = subprocess.run(["git", "archive", "--format=tar", rev, "hooks"], cwd=ROOT, capture_output=True, check=False)
    if archive.returncode != 0:
        return None
    subprocess.run(["tar", "-x", "-C", source], input=archive.stdout, check=True)
    os.symlink(os.path.join(source, "hooks"), os.path.join(dest, "sechooks"))
    subprocess.run([*PYTHON, "-m", "compileall", "-q", os.path.join(source, "hooks")], check=False)
    return dest


def _families(stdout: str, tree: str) -> list[str]:
    """The rule families (SEC, DKR, ...) a scan reported findings of."""
    return sorted({h.id.rstrip("0123456789") for h in peer_tools.parse_sechooks(stdout, tree)})


def phase_jobs(runner: Runner, roots: dict[int, tuple[str, dict[str, Any]]], env: dict[str, str], rounds: int, work: str) -> dict[str, Any]:
    """`sechooks scan` (every core, the default) against the serial scan of SERIAL_BASELINE,
    and `--jobs 2` against `--jobs 1`, on the largest tree under SCAN_ONLY_FROM."""
    sizes = [size for size in roots if 10 < size < SCAN_ONLY_FROM] or [max(roots)]
    size = max(sizes)
    tree = os.path.join(roots[size][0], "tree")
    print(f"sechooks scan --jobs 1 / --jobs 2 / the serial scan of {SERIAL_BASELINE} on {size} files (interleaved)", file=runner.log, flush=True)
    base = [*PYTHON, "-m", "sechooks.umbrella", "scan", "--format", "json"]
    cmds = {"--jobs 1": ([*base, "--jobs", "1", "."], tree), "--jobs 2": ([*base, "--jobs", "2", "."], tree)}
    envs = {}
    old = baseline_copy(work)
    if old is not None:
        cmds[SERIAL_BASELINE] = ([*base, "."], tree)
        envs[SERIAL_BASELINE] = {**env, "PYTHONPATH": old}
    timings = interleave(runner, cmds, env, rounds, envs)
    row = {**_pair_row(timings, "--jobs 1", "--jobs 2"), "size": size, "cores": os.cpu_count(), "target": JOBS_TARGET, "load": _load(),
           "identical_output": timings["--jobs 1"].stdout == timings["--jobs 2"].stdout,
           "families": _families(timings["--jobs 2"].stdout, tree)}
    print(f"  --jobs 2 is {row['ratio']}x faster than --jobs 1 over {row['rounds']} rounds", file=runner.log, flush=True)
    if old is None:
        row["baseline"] = {"rev": SERIAL_BASELINE, "error": "commit not in this clone"}
    else:
        pair = _pair_row(timings, SERIAL_BASELINE, "--jobs 2")
        pair["rev"] = SERIAL_BASELINE
        pair["hooks"] = _families(timings[SERIAL_BASELINE].stdout, tree)
        row["baseline"] = pair
        print(f"  --jobs 2 is {pair['ratio']}x faster than the serial scan of {SERIAL_BASELINE}", file=runner.log, flush=True)
    return row


MODULE_SIZES = (100, 400)
MODULE_TARGET = 6.0  # 400 files / 100 files of one module directory: 4x is linear, 16x quadratic


def module_dir(folder: str, n: int) -> list[str]:
    """A Terraform module directory of `n` files, each with a local, and a security group
    whose port is that local and whose CIDR a shared variable gives: checking any file needs
    its siblings (#22.2: every file re-parsed every sibling, 127 s for 800 files)."""
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "variables.tf"), "w", encoding="utf-8") as f:
        f.write('variable "cidr" {\n  default = "0.0.0.0/0"\n}\n')
    names = []
    for i in range(n):
        name = os.path.join(folder, f"f{i:04d}.tf")
        with open(name, "w", encoding="utf-8") as f:
            f.write(f'locals {{\n  port{i} = 22\n}}\nresource "aws_security_group" "sg{i}" {{\n  ingress {{\n'
                    f'    from_port   = local.port{i}\n    to_port     = 22\n    protocol    = "tcp"\n'
                    f'    cidr_blocks = [var.cidr]\n  }}\n}}\n')
        names.append(os.path.relpath(name, os.path.dirname(folder)))
    return names


def phase_modules(runner: Runner, hooks: dict[str, HookInfo], work: str, env: dict[str, str], rounds: int) -> dict[str, Any]:
    """`sechooks-terraform` on every file of a 400-file module directory against a 100-file
    one, in alternating rounds (#22.2: siblings parsed once per directory, not once per file)."""
    if "sechooks-terraform" not in hooks:
        return {"error": "sechooks-terraform is not installed"}
    root = os.path.join(work, "modules")
    git_init(root)
    small, large = (module_dir(os.path.join(root, f"m{n}"), n) for n in MODULE_SIZES)
    print(f"terraform: a {MODULE_SIZES[1]}-file module directory vs a {MODULE_SIZES[0]}-file one (interleaved)", file=runner.log, flush=True)
    module = hooks["sechooks-terraform"].module
    timings = interleave(runner, {
        f"{MODULE_SIZES[1]} files": (_console(module, *large), root),
        f"{MODULE_SIZES[0]} files": (_console(module, *small), root),
    }, {**env, "PRE_COMMIT": "1"}, rounds)
    row = {**_pair_row(timings, f"{MODULE_SIZES[1]} files", f"{MODULE_SIZES[0]} files"), "sizes": list(MODULE_SIZES), "target": MODULE_TARGET}
    print(f"  {MODULE_SIZES[1]} / {MODULE_SIZES[0]} files: {row['ratio']}x over {row['rounds']} rounds", file=runner.log, flush=True)
    return row


SECRETS_TREE_TARGET = 1.0  # the secrets hook on a whole tree no slower than gitleaks


def phase_gitleaks(runner: Runner, roots: dict[int, tuple[str, dict[str, Any]]], env: dict[str, str], rounds: int, work: str) -> list[dict[str, Any]]:
    """The secrets hook on whole trees (`sechooks scan --hook secrets`, every core) against
    `gitleaks dir` (every core) on the same files, in alternating rounds."""
    exe = peer_tools.executable("gitleaks")
    if exe is None:
        return [{"error": "gitleaks is not installed"}]
    version = "gitleaks " + subprocess.run([exe, "version"], capture_output=True, text=True, check=False).stdout.strip()
    rows = []
    report = os.path.join(work, "gitleaks-report.json")
    for size, (root, manifest) in sorted(roots.items()):
        if size < 2000:
            continue
        tree = os.path.join(root, "tree")
        print(f"secrets on the whole {size}-file tree: sechooks vs gitleaks (interleaved)", file=runner.log, flush=True)
        timings = interleave(runner, {
            "sechooks": ([*PYTHON, "-m", "sechooks.umbrella", "scan", "--hook", "secrets", "--format", "json", "."], tree),
            "gitleaks": (peer_tools.gitleaks_argv(exe, report), tree),
        }, env, rounds if size < SCAN_ONLY_FROM else 1)
        with open(report, encoding="utf-8") as f:
            leaks = peer_tools.parse_gitleaks(f.read(), tree)
        ours = peer_tools.parse_sechooks(timings["sechooks"].stdout, tree)
        row = {**_pair_row(timings, "gitleaks", "sechooks"), "size": size, "gitleaks_version": version, "target": SECRETS_TREE_TARGET,
               "detection": {"sechooks": detection(manifest, "sechooks-secrets", "SEC", "sechooks", ours),
                             "gitleaks": detection(manifest, "sechooks-secrets", "", "gitleaks", leaks)}}
        print(f"  gitleaks / sechooks: {row['ratio']}x over {row['rounds']} rounds", file=runner.log, flush=True)
        rows.append(row)
    return rows


def phase_regex(quick: bool, log: TextIO) -> dict[str, Any]:
    from bench import regex_safety

    print("regex safety", file=log, flush=True)
    return regex_safety.run(quick=quick, log=None)


def _editable(python: str) -> bool:
    """An editable install adds a .pth import hook to every start-up (about 20 ms here)."""
    probe = "import sys, os; print(any('__editable__' in n and 'sechooks' in n for p in sys.path if os.path.isdir(p) for n in os.listdir(p)))"
    out = subprocess.run([python, "-c", probe], capture_output=True, text=True, check=False).stdout.strip()
    return out == "True"


def parse_sizes(text: str) -> list[int]:
    sizes = sorted({int(part) for part in text.split(",") if part.strip()})
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("sizes are positive file counts, e.g. 10,2000,20000")
    return sizes


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="sechooks benchmark (speed, memory, detection, regex safety)")
    parser.add_argument("--out", default=os.path.join(HERE, "out"), help="output directory (default: bench/out)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--sizes", type=parse_sizes, help="tree sizes (default 10,2000,20000; --quick: 10,500)")
    parser.add_argument("--quick", action="store_true", help="small trees, fewer runs, no commit-worthy copy")
    parser.add_argument("--runs", type=int, help="timed runs after the warm-up (default 5; --quick 3)")
    parser.add_argument("--budget", type=float, default=20.0, help="seconds of timed runs per command before stopping early (default 20)")
    parser.add_argument("--no-peers", dest="peers", action="store_false", help="do not run the peer tools")
    parser.add_argument("--no-regex", dest="regex", action="store_false", help="skip the regex safety phase")
    parser.add_argument("--no-chart", dest="chart", action="store_false", help="skip the PNG chart")
    parser.add_argument("--rounds", type=int, help="alternating rounds per interleaved pair (default 9; --quick 3)")
    parser.add_argument("--no-pairs", dest="pairs", action="store_false",
                        help="skip the interleaved pairs (floor ratios, the sechooks hook under pre-commit, --jobs)")
    parser.add_argument("--python", default=sys.executable,
                        help="interpreter that runs the hooks (default: this one), e.g. a venv with a regular, non-editable install")
    parser.add_argument("--publish", action=argparse.BooleanOptionalAction, default=None,
                        help="copy the report and chart to bench/results.{json,png} (default: on for a full run)")
    args = parser.parse_args(argv)
    sizes = args.sizes or ([10, 500] if args.quick else list(DEFAULT_SIZES))
    runs = args.runs or (3 if args.quick else 5)
    publish = args.publish if args.publish is not None else not args.quick and args.sizes is None
    log = sys.stderr
    args.out = os.path.abspath(args.out)
    PYTHON[:] = [os.path.abspath(args.python) if os.sep in args.python else args.python]
    INSTALLED[0] = args.python != sys.executable and _has_sechooks(PYTHON[0])
    if not INSTALLED[0]:
        # The checkout is timed from source: compile it once, as pip does for an install,
        # or PYTHONDONTWRITEBYTECODE=1 would make every run recompile every module.
        subprocess.run([*PYTHON, "-m", "compileall", "-q", os.path.join(ROOT, "hooks")], check=False)
    began = time.perf_counter()

    hooks, missing = discover()
    if not hooks:
        print("bench: no sechooks hook could be imported", file=log)
        return 2
    for name, why in missing.items():
        print(f"bench: {name} missing ({why})", file=log)
    work = os.path.join(args.out, "work")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    env = hook_env(work)
    runner = Runner(os.path.join(work, "logs"), runs, args.budget, log)

    tool_versions = {p.name: peer_tools.version(p) for p in peer_tools.PEERS} if args.peers else {}
    report: dict[str, Any] = {
        "version": 1,
        "machine": machine(),
        "settings": {"seed": args.seed, "sizes": sizes, "runs": runs, "budget_s": args.budget, "quick": args.quick, "peers": args.peers},
        "hooks": {name: info.module for name, info in hooks.items()},
        "missing_hooks": missing,
        "tools": tool_versions,
        "method": reporting.METHOD,
    }

    report["startup"] = phase_startup(runner, hooks, work, env)
    commits = phase_commits(runner, hooks, work, args.seed, env, args.peers)
    roots: dict[int, tuple[str, dict[str, Any]]] = {}
    for size in sizes:
        root = os.path.join(work, f"tree-{size}")
        print(f"generating {size} files", file=log, flush=True)
        manifest = generate.generate(root, size, args.seed)
        git_init(os.path.join(root, "tree"))
        roots[size] = (root, manifest)
    tree_runs = 1 if args.quick else 3
    trees = phase_trees(runner, hooks, roots, env, args.peers, tree_runs)
    scans = phase_scan(runner, hooks, roots, env, args.quick)
    report["commit"] = commits
    report["tree"] = trees
    report["scan"] = scans
    report["planted"] = {str(size): reporting.planted_summary(m) for size, (_, m) in sorted(roots.items())}
    if args.regex:
        report["regex"] = phase_regex(args.quick, log)
    if args.pairs:
        rounds = args.rounds or (3 if args.quick else 9)
        report["pairs"] = {
            "floor": phase_floor(runner, hooks, work, env, rounds),
            "suite": phase_suite(runner, hooks, work, env, args.seed, rounds),
            "jobs": phase_jobs(runner, roots, env, max(1, min(rounds, 3)), work),
            "secrets_tree": phase_gitleaks(runner, roots, env, max(1, min(rounds, 3)), work),
            "modules": phase_modules(runner, hooks, work, env, max(1, min(rounds, 5))),
        }
    report["targets"] = reporting.targets(report)
    report["seconds"] = round(time.perf_counter() - began, 1)
    report["machine"]["load_average_at_end"] = _load()
    report["settings"]["python"] = args.python
    report["settings"]["editable_install"] = _editable(args.python)
    report["settings"]["sechooks_from"] = "installed package" if INSTALLED[0] else "checkout (compiled bytecode)"

    os.makedirs(args.out, exist_ok=True)
    json_path = reporting.write_json(report, os.path.join(args.out, "report.json"))
    chart_path = None
    if args.chart:
        chart_path = reporting.chart(report, os.path.join(args.out, "report.png"), log)
    for line in reporting.summary_lines(report):
        print(line)
    if publish:
        shutil.copyfile(json_path, os.path.join(HERE, "results.json"))
        if chart_path:
            shutil.copyfile(chart_path, os.path.join(HERE, "results.png"))
        print(f"copied to {os.path.relpath(os.path.join(HERE, 'results.json'))}" + (" and results.png" if chart_path else ""), file=log)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
