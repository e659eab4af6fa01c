"""Regex safety: throughput of every compiled regex in `sechooks.*` on adversarial near-miss lines.

For each pattern (module globals, walked into tuples, dicts and dataclasses, so a
detector table is covered) and each adversarial unit (single characters, keyword
near-misses and literal prefixes taken from the pattern itself, repeated into one
line with no newline), time `findall` on a 100 KB line; the two slowest units are
then timed at 10 KB, 100 KB and 1 MB. Linear behaviour gives time(1 MB)/time(100 KB)
of about 10; above `SUPERLINEAR` the pattern is flagged.

The work runs in a child process that reports one JSON line per pattern; a pattern
that does not finish within the time limit is recorded as a timeout and the child
restarts after it.
"""
from __future__ import annotations

import argparse
import dataclasses
import importlib
import json
import math
import os
import pkgutil
import queue
import re
import subprocess
import sys
import threading
import time
from typing import Any, Iterator

SUPERLINEAR = 20.0
KB = 1024
SIZES = (10 * KB, 100 * KB, 1024 * KB)
RANK_SIZE = 4 * KB
SLOW = 2.0  # seconds: a size predicted to take longer is estimated, not run
NOISE_FLOOR = 0.02  # seconds at 1 MB below which a ratio is timer noise, never a flag

UNITS = (
    "a", "A", "0", "9", " ", "\t", "=", "-", "_", ".", "/", "+", ":", "@", '"', "'", "\\", "{", "}",
    "[", "$", "#", "*", "<", "~", "aA0", "a ", "a=", "a:", "a = ", '"a": "', "a: b ", "key=", "password=",
    "pass: ", "token = '", "secret_", "-----BEGIN ", "-----BEGIN A PRIVATE KEY-----", "AKIA", "ghp_",
    "xoxb-1-", "sk_live_", "http://a:", "://a:b@", "a@", "${", "{{", "eyJ", "eyJhbGciOi.", "0.0.0.0/",
    "arn:aws:", "# sechooks: ignore[", "sechooks: ignore", "# nosec ", "hadolint ignore=", "pragma: ",
    "--a=", "$a", "a\\", "\\\"", "<<EOF ", "ENV a=", "RUN a && ", "curl -u a:", "-p",
)
_LITERAL = re.compile(r"(?:\\.|[^\\\[\](){}?*+|^$.])+")
_ESCAPED = re.compile(r"\\(.)")


# --- finding the patterns -------------------------------------------------------------

def _walk(name: str, value: Any, depth: int, seen: set[int]) -> Iterator[tuple[str, re.Pattern[str]]]:
    if isinstance(value, re.Pattern):
        if isinstance(value.pattern, str):
            yield name, value
        return
    if depth > 4 or id(value) in seen or isinstance(value, (str, bytes, int, float, type)) or callable(value):
        return
    seen.add(id(value))
    lazy = _lazy_source(value)
    if lazy is not None:  # a lazily compiled wrapper: compile it here
        try:
            yield name, re.compile(*lazy)
        except re.error:
            pass
        return
    if isinstance(value, dict):
        for key, item in list(value.items())[:5000]:
            yield from _walk(f"{name}[{key!r}]", item, depth + 1, seen)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for index, item in enumerate(list(value)[:5000]):
            yield from _walk(f"{name}[{index}]", item, depth + 1, seen)
    elif dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            yield from _walk(f"{name}.{f.name}", getattr(value, f.name, None), depth + 1, seen)
    else:
        for attr in _attributes(value):
            yield from _walk(f"{name}.{attr}", getattr(value, attr, None), depth + 1, seen)


def _lazy_source(value: Any) -> tuple[str, int] | None:
    """(source, flags) of a duck-typed lazy regex: an object with a str `source` (or `pattern`)
    and an int `flags` that is not itself compiled yet."""
    source = getattr(type(value), "__slots__", None) is not None or hasattr(value, "__dict__")
    if not source:
        return None
    text = next((v for v in (getattr(value, "source", None), getattr(value, "pattern", None)) if isinstance(v, str)), None)
    flags = getattr(value, "flags", None)
    if text is None or not isinstance(flags, int):
        return None
    return text, flags


def _attributes(value: Any) -> list[str]:
    """Instance attributes of a plain object (slots or __dict__), none of a module or function."""
    names: list[str] = []
    for klass in type(value).__mro__:
        slots = klass.__dict__.get("__slots__", ())
        names.extend([slots] if isinstance(slots, str) else list(slots))
    names.extend(getattr(value, "__dict__", {}) if not isinstance(value, type(sys)) else ())
    return [n for n in dict.fromkeys(names) if not n.startswith("__")]


def hook_modules() -> tuple[list[str], dict[str, str]]:
    """Every importable `sechooks.*` module, and the ones that failed with why."""
    import sechooks

    names, failed = [], {}
    for info in sorted(pkgutil.walk_packages(sechooks.__path__, "sechooks."), key=lambda i: i.name):
        try:
            importlib.import_module(info.name)
        except Exception as e:  # a half-written module must not stop the bench
            failed[info.name] = f"{type(e).__name__}: {e}"
            continue
        names.append(info.name)
    return names, failed


def collect() -> tuple[list[tuple[str, re.Pattern[str]]], dict[str, str]]:
    """(qualified name, pattern) for every distinct compiled str pattern in sechooks.* globals."""
    names, failed = hook_modules()
    found: dict[tuple[str, int], tuple[str, re.Pattern[str]]] = {}
    for module_name in names:
        module = sys.modules[module_name]
        seen: set[int] = set()
        for attr, value in vars(module).items():
            if attr.startswith("__") or isinstance(value, type(sys)):
                continue
            for qualified, pattern in _walk(f"{module_name}.{attr}", value, 0, seen):
                found.setdefault((pattern.pattern, pattern.flags), (qualified, pattern))
    return sorted(found.values(), key=lambda item: item[0]), failed


# --- measuring ------------------------------------------------------------------------

def literals(pattern: str) -> list[str]:
    """Literal runs of 3+ characters in a pattern's source (prefixes such as `ghp_`)."""
    out = []
    for chunk in _LITERAL.findall(pattern):
        text = _ESCAPED.sub(r"\1", chunk)
        if len(text) >= 3 and not text.isspace() and "\\" not in chunk[-1:]:
            out.append(text)
    return sorted(set(out))[:8]


def units_for(pattern: str) -> list[str]:
    extra = []
    for lit in literals(pattern):
        extra += [lit, lit + "A1b2" * 8 + " ", lit[:-1] + " "]
    return list(dict.fromkeys([*UNITS, *extra]))


def line_of(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def only_used_anchored(qualified: str) -> bool:
    """Is every use of module-level pattern `sechooks.mod.NAME` in its module a `.match(`
    or `.fullmatch(` call? (Passed around or searched: no.)"""
    module_name, _, name = qualified.rpartition(".")
    try:
        module = importlib.import_module(module_name)
        with open(module.__file__ or "", encoding="utf-8") as f:
            source = f.read()
    except (ImportError, OSError):
        return False
    uses = [m for m in re.finditer(rf"\b{re.escape(name)}\b(?!\s*=[^=])", source)]
    return bool(uses) and all(re.match(r"\.(?:match|fullmatch)\(", source[m.end():]) for m in uses)


def seconds(pattern: re.Pattern[str], text: str, budget: float = 0.005, rounds: int = 2, anchored: bool = False) -> float:
    """Best time of one `findall` (or `match`) over `text`, each round repeated until `budget` seconds."""
    best = float("inf")
    run = pattern.match if anchored else pattern.findall
    for _ in range(rounds):
        loops, start = 0, time.perf_counter()
        while True:
            run(text)
            loops += 1
            elapsed = time.perf_counter() - start
            if elapsed >= budget:
                break
        best = min(best, elapsed / loops)
        if elapsed > 0.5:  # slow already: one round is enough
            break
    return best


def _series(pattern: re.Pattern[str], unit: str, anchored: bool = False) -> tuple[dict[int, float], dict[int, float]]:
    """Measured seconds per size, and estimates for the sizes skipped because the trend says they
    would take more than `SLOW` seconds (power law through the last two points)."""
    times: dict[int, float] = {}
    estimates: dict[int, float] = {}
    prev_size = RANK_SIZE
    prev = seconds(pattern, line_of(unit, RANK_SIZE), budget=0.0005, rounds=1, anchored=anchored)
    for size in SIZES:
        exponent = 1.0
        if prev > 1e-4 and len(times) >= 1:
            last_size = max(times)
            exponent = max(1.0, math.log(max(times[last_size], 1e-9) / max(prev, 1e-9)) / math.log(last_size / prev_size))
            prev_size, prev = last_size, times[last_size]
        elif times:
            prev_size, prev = max(times), times[max(times)]
        predicted = prev * (size / prev_size) ** exponent
        if estimates or predicted > SLOW:
            estimates[size] = predicted
            prev_size, prev = size, predicted
            continue
        times[size] = seconds(pattern, line_of(unit, size), anchored=anchored)
    return times, estimates


def _ratio(times: dict[int, float], estimates: dict[int, float]) -> tuple[float, float]:
    """(seconds at 1 MB, time(1 MB)/time(100 KB)), measured or estimated."""
    both = {**estimates, **times}
    t_mid, t_big = both[SIZES[1]], both[SIZES[2]]
    return t_big, (t_big / t_mid if t_mid else 1.0)


def measure(name: str, pattern: re.Pattern[str], quick: bool = False) -> dict[str, Any]:
    """Rank every unit on a 10 KB line, then time the slowest ones at 10 KB, 100 KB and 1 MB."""
    ranked = sorted(
        ((seconds(pattern, line_of(unit, RANK_SIZE), budget=0.0005, rounds=1), unit) for unit in units_for(pattern.pattern)),
        reverse=True,
    )
    worst: dict[str, Any] | None = None
    for _, unit in ranked[: 2 if quick else 3]:
        times, estimates = _series(pattern, unit)
        t_big, ratio = _ratio(times, estimates)
        entry: dict[str, Any] = {
            "unit": unit,
            "seconds": {str(k): round(v, 6) for k, v in times.items()},
            "estimated_seconds": {str(k): round(v, 3) for k, v in estimates.items()},
            "mb_per_s": round(SIZES[2] / 1e6 / t_big, 3) if t_big else None,
            "ratio_1m_100k": round(ratio, 2),
        }
        if worst is None or entry["ratio_1m_100k"] > worst["ratio_1m_100k"] or (
            entry["ratio_1m_100k"] <= SUPERLINEAR and worst["ratio_1m_100k"] <= SUPERLINEAR
            and (entry["mb_per_s"] or 0) < (worst["mb_per_s"] or 0)
        ):
            worst = entry
    assert worst is not None
    result = {"name": name, "pattern": pattern.pattern[:200], "flags": int(pattern.flags), **worst}
    t_big = SIZES[2] / 1e6 / worst["mb_per_s"] if worst["mb_per_s"] else float("inf")
    result["superlinear"] = worst["ratio_1m_100k"] > SUPERLINEAR and t_big >= NOISE_FLOOR
    if result["superlinear"]:
        # hooks often call match() at a line start: say whether that use stays linear
        _, anchored_ratio = _ratio(*_series(pattern, worst["unit"], anchored=True))
        result["match_ratio_1m_100k"] = round(anchored_ratio, 2)
    return result


def worker(start: int, quick: bool) -> int:
    patterns, _ = collect()
    for index in range(start, len(patterns)):
        name, pattern = patterns[index]
        print(json.dumps({"start": index, "name": name}), flush=True)
        result = measure(name, pattern, quick)
        print(json.dumps({"index": index, "result": result}), flush=True)
    print(json.dumps({"done": True}), flush=True)
    return 0


# --- driver ---------------------------------------------------------------------------

def run(timeout: float = 90.0, quick: bool = False, log: Any = None) -> dict[str, Any]:
    """Measure every pattern in a child process; a pattern over `timeout` seconds is a timeout."""
    patterns, failed = collect()
    results: list[dict[str, Any]] = []
    start = 0
    here = os.path.dirname(os.path.abspath(__file__))
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [os.path.dirname(here), os.environ.get("PYTHONPATH")])))
    began = time.perf_counter()
    while start < len(patterns):
        cmd = [sys.executable, os.path.abspath(__file__), "--worker", "--start", str(start)] + (["--quick"] if quick else [])
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
        lines: queue.Queue[str | None] = queue.Queue()

        def pump(stream: Any = proc.stdout) -> None:
            for raw in stream:
                lines.put(raw)
            lines.put(None)

        threading.Thread(target=pump, daemon=True).start()
        current = start
        finished = False
        while True:
            try:
                raw = lines.get(timeout=timeout)
            except queue.Empty:
                proc.kill()
                proc.wait()
                name, pattern = patterns[current]
                results.append({"name": name, "pattern": pattern.pattern[:200], "flags": int(pattern.flags),
                                "timeout": timeout, "superlinear": True, "mb_per_s": None, "ratio_1m_100k": None})
                start = current + 1
                break
            if raw is None:  # the child died without a result
                proc.wait()
                if current < len(patterns) and not finished:
                    name, pattern = patterns[current]
                    results.append({"name": name, "pattern": pattern.pattern[:200], "flags": int(pattern.flags),
                                    "error": f"worker exited with {proc.returncode}", "superlinear": False,
                                    "mb_per_s": None, "ratio_1m_100k": None})
                start = current + 1 if not finished else len(patterns)
                break
            message = json.loads(raw)
            if "start" in message:
                current = message["start"]
            elif "result" in message:
                results.append(message["result"])
                if log is not None:
                    r = message["result"]
                    print(f"  regex {len(results)}/{len(patterns)} {r['name']}: {r['mb_per_s']} MB/s, ratio {r['ratio_1m_100k']}", file=log, flush=True)
            elif message.get("done"):
                finished = True
        if finished:
            proc.wait()
            break
    speeds = [r["mb_per_s"] for r in results if r.get("mb_per_s")]
    ratios = [r["ratio_1m_100k"] for r in results if r.get("ratio_1m_100k") is not None]
    return {
        "method": (
            "findall over one line (no newline) of a repeated adversarial unit; the worst unit of "
            f"{len(UNITS)} generic ones plus literal prefixes of the pattern; best of 2 timings"
        ),
        "threshold_superlinear": SUPERLINEAR,
        "patterns": len(patterns),
        "modules_failed": failed,
        "slowest_mb_per_s": min(speeds) if speeds else None,
        "median_mb_per_s": sorted(speeds)[len(speeds) // 2] if speeds else None,
        "max_ratio_1m_100k": max(ratios) if ratios else None,
        "flagged": [r["name"] for r in results if r.get("superlinear") or r.get("error")],
        # flagged under findall (every start position) yet linear for an anchored match():
        # harmless if the hook only ever calls match()/fullmatch() on it
        "flagged_linear_when_anchored": [
            r["name"] for r in results
            if r.get("superlinear") and r.get("match_ratio_1m_100k") is not None and r["match_ratio_1m_100k"] <= SUPERLINEAR
        ],
        # ... and of those, the ones whose every use in their module's source is an
        # anchored .match()/.fullmatch(): linear as the hooks use them
        "flagged_only_used_anchored": [
            r["name"] for r in results
            if r.get("superlinear") and r.get("match_ratio_1m_100k") is not None
            and r["match_ratio_1m_100k"] <= SUPERLINEAR and only_used_anchored(r["name"])
        ],
        "seconds": round(time.perf_counter() - began, 1),
        "results": results,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="regex safety of sechooks.*")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--start", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--timeout", type=float, default=90.0)
    args = parser.parse_args(argv)
    if args.worker:
        return worker(args.start, args.quick)
    summary = run(args.timeout, args.quick, log=sys.stderr)
    print(json.dumps({k: v for k, v in summary.items() if k != "results"}, indent=1))
    return 1 if summary["flagged"] else 0


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    raise SystemExit(main())
