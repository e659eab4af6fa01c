"""Issue #22.3: `sechooks-secrets` on a 5 MB log, past the 2 MiB size cap.

Generates a 5 MB log with an AWS key id and secret planted near its end and a GitHub
token on the line that straddles the first window boundary, runs the hook on it in 5
rounds (a new process each, as pre-commit runs it), and prints and writes
`{"seconds_median": ..., "found": true, "target_s": 2.0, "met": ...}`.

    python bench/large_file.py [--rounds 5] [--output bench/large_file.json]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

TARGET_S = 2.0
SIZE = 5_000_000
KEY_ID = "AKIAQYLPMN5HHHFPZAM2"
SECRET = "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"  # pragma: allowlist secret
TOKEN = "ghp_Zr8Qm2Lx7Vb4Nc1Tg6Hk9Wd3Pf5Sj0Ya8Ue2"  # pragma: allowlist secret
LOG = "2026-12-01T05:{m:02d}:{s:02d}Z INFO request id={n:08d} path=/api/v1/items/{i} status=200 latency_ms={ms} user=u{u}\n"


def generate(path: str) -> dict[str, int]:
    """The log; returns the 1-based line of each planted secret."""
    from sechooks.core import files
    from sechooks.secrets import WINDOW_OVERLAP

    lines, size, n = [], 0, 0
    while size < SIZE:
        line = LOG.format(m=n // 60 % 60, s=n % 60, n=n, i=n % 997, ms=n % 300, u=n % 5000)
        lines.append(line)
        size += len(line)
        n += 1
    boundary, at, straddle = files.STREAM_WINDOW - WINDOW_OVERLAP, 0, 0
    for i, line in enumerate(lines):  # the line across the first window's owned end
        if at + len(line) > boundary:
            straddle = i
            break
        at += len(line)
    lines[straddle] = f"deploy: GITHUB_TOKEN={TOKEN} pushed {'.' * 40}\n"
    lines[-5] = f"aws_access_key_id = {KEY_ID}\n"
    lines[-4] = f'aws_secret_access_key = "{SECRET}"\n'
    with open(path, "w", encoding="utf-8") as f:
        f.writelines(lines)
    return {"SEC103": straddle + 1, "SEC101": len(lines) - 4, "SEC102": len(lines) - 3}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--output", default=os.path.join(os.path.dirname(__file__), "large_file.json"))
    args = parser.parse_args(argv)
    hook = os.path.join(os.path.dirname(sys.executable), "sechooks-secrets")
    command = [hook] if os.path.exists(hook) else [sys.executable, "-m", "sechooks.secrets"]
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "app.log")
        planted = generate(path)
        seconds, found = [], False
        for _ in range(args.rounds):
            start = time.perf_counter()
            proc = subprocess.run([*command, "--format", "json", "app.log"], cwd=tmp, capture_output=True, text=True)
            seconds.append(time.perf_counter() - start)
            got = {(f["rule"], f["line"]) for f in json.loads(proc.stdout)["findings"]}
            found = proc.returncode == 1 and got == set((rule, line) for rule, line in planted.items())
        median = statistics.median(seconds)
        result = {
            "file_bytes": os.path.getsize(path),
            "rounds": [round(s, 3) for s in seconds],
            "seconds_median": round(median, 3),
            "found": found,
            "target_s": TARGET_S,
            "met": found and median < TARGET_S,
        }
    print(json.dumps(result))
    with open(args.output, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    return 0 if result["met"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
