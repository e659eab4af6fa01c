"""Bench of sechooks-compose (issue #19): a 10-file commit of compose files with planted
problems and decoys, timed in interleaved rounds against `python -c pass`. KICS (the only
tool with compose queries) is run on the same tree and scored on the same plants when a
`kics` binary is found; it is a Go binary with a query bundle, not on the offline package
registry, so normally the bench reports sechooks alone and says so.

    python bench/compose_bench.py [--rounds 15] [--peer-rounds 3] [--keep DIR]

Writes bench/compose_bench.json and prints a table. KICS is looked up in
$SECHOOKS_BENCH_PATH, next to this interpreter, then on PATH.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from typing import NamedTuple

HERE = os.path.dirname(os.path.abspath(__file__))


class Plant(NamedTuple):
    path: str
    line: int
    category: str


# category -> ids that count as finding it, per tool (KICS: query ids of assets/queries/dockerCompose)
CATEGORIES = {
    "privileged": {"sechooks": {"CMP801"}, "kics": {"ae5b6871-7f45-42e0-bb4c-ab300c4d2026"}},
    "network-host": {"sechooks": {"CMP802"}, "kics": {"071a71ff-f868-47a4-ac0b-3c59e4ab5443"}},
    "pid-host": {"sechooks": {"CMP803"}, "kics": {"4f31dd9f-2cc3-4751-9b53-67e4af83dac0"}},
    "runtime-socket": {"sechooks": {"CMP806"}, "kics": {"d6355c88-1e8d-49e9-b2f2-f8a1ca12c75b"}},
    "host-path": {"sechooks": {"CMP807"}, "kics": {"1c1325ff-831d-43a1-973e-839ae57dfcc0"}},
    "capability": {"sechooks": {"CMP808"}, "kics": {"ce76b7d0-9e77-464d-b86f-c5c48e03e22d"}},
    "seccomp": {"sechooks": {"CMP809"}, "kics": {"404fde2c-bc4b-4371-9747-7054132ac953"}},
    "user-root": {"sechooks": {"CMP811"}, "kics": set()},
    "untagged": {"sechooks": {"CMP813"}, "kics": set()},
    "latest": {"sechooks": {"CMP814"}, "kics": set()},
    "env-secret": {"sechooks": {"CMP815"}, "kics": set()},
    "port-all-interfaces": {"sechooks": {"CMP816"}, "kics": {"451d79dc-0588-476a-ad03-3c7f0320abb3"}},
}

DECOYS = ("compose.prod.yaml", "compose.dev.yaml", "docker-compose.test.yml", "compose.base.yaml")
DOTENV = "PUBLIC_BIND=0.0.0.0\nLOCAL_BIND=127.0.0.1\nREDIS_TAG=latest\n"


def files() -> dict[str, str]:
    """The 10 compose files; a line marked `# plant: CATEGORY` is a planted problem."""
    out = {}
    out["compose.yaml"] = (  # the new-user sample
        "services:\n  web:\n    build: .\n    ports:\n      - \"8000:8000\"\n    depends_on: [db]\n"
        "    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock  # plant: runtime-socket\n"
        "  db:\n    image: postgres:16.4\n    ports:\n      - \"5432:5432\"  # plant: port-all-interfaces\n"
        "    environment:\n      POSTGRES_USER: app\n      POSTGRES_PASSWORD: Xk9vQ2mL7pWz  # plant: env-secret\n")
    out["docker-compose.yml"] = (
        "services:\n  agent:\n    image: registry.example.com/agent:1.4\n    privileged: true  # plant: privileged\n"
        "    pid: host  # plant: pid-host\n  sniffer:\n    image: registry.example.com/sniffer:2.0\n"
        "    network_mode: host  # plant: network-host\n    cap_add:\n      - NET_ADMIN  # plant: capability\n")
    out["compose.ci.yaml"] = (
        "services:\n  runner:\n    image: registry.example.com/runner:3.2\n    security_opt:\n"
        "      - seccomp:unconfined  # plant: seccomp\n    user: root  # plant: user-root\n"
        "    volumes:\n      - type: bind\n        source: /run/containerd/containerd.sock  # plant: runtime-socket\n"
        "        target: /run/containerd/containerd.sock\n")
    out["docker-compose.monitoring.yml"] = (
        "services:\n  node-exporter:\n    image: prom/node-exporter:v1.8.2\n    volumes:\n"
        "      - /:/host:ro  # plant: host-path\n      - ~/.ssh:/root/.ssh:ro  # plant: host-path\n"
        "  prometheus:\n    image: prom/prometheus\n    # plant: untagged\n    ports:\n      - 9090:9090  # plant: port-all-interfaces\n")
    out["compose.cache.yaml"] = (  # .env resolution: PUBLIC_BIND=0.0.0.0, REDIS_TAG=latest
        "services:\n  redis:\n    image: redis:${REDIS_TAG}  # plant: latest\n    ports:\n"
        "      - \"${PUBLIC_BIND}:6379:6379\"  # plant: port-all-interfaces\n")
    out["compose.base.yaml"] = (
        "services:\n  hardened:\n    image: registry.example.com/base:5.1\n    read_only: true\n    user: \"10001\"\n"
        "    security_opt: [\"no-new-privileges:true\"]\n    cap_drop: [ALL]\n")
    out["compose.worker.yaml"] = (  # extends across files, with a plant of its own
        "services:\n  worker:\n    extends:\n      file: compose.base.yaml\n      service: hardened\n"
        "    image: registry.example.com/worker:latest  # plant: latest\n"
        "    environment:\n      - API_TOKEN=ghq8Zr2LmW0vT5nB3yXc  # plant: env-secret\n")
    # decoys: look like the plants, are fine
    out["compose.prod.yaml"] = (
        "services:\n  db:\n    image: postgres:16.4@sha256:" + "a" * 64 + "\n    ports:\n      - \"127.0.0.1:5432:5432\"\n"
        "      - \"[::1]:5433:5432\"\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}\n"
        "      POSTGRES_PASSWORD_FILE: /run/secrets/db\n    secrets: [db]\n    user: \"999\"\n"
        "    security_opt: [\"no-new-privileges:true\", \"seccomp:./seccomp.json\"]\n    privileged: false\n"
        "secrets:\n  db:\n    file: ./db.txt\n")
    out["compose.dev.yaml"] = (
        "services:\n  web:\n    image: nginx:1.27.3\n    ports: [\"80:80\", \"443:443\", \"${LOCAL_BIND}:5432:5432\"]\n"
        "    volumes:\n      - ./site:/usr/share/nginx/html:ro\n      - /etc/localtime:/etc/localtime:ro\n"
        "    cap_add: [NET_BIND_SERVICE]\n    expose: [\"6379\"]\n    environment:\n"
        "      MYSQL_ROOT_PASSWORD: example\n      DB_PASSWORD: ${DB_PASSWORD:?set it}\n")
    out["docker-compose.test.yml"] = (
        "x-notes: &notes\n  runbook: never set privileged true or mount /var/run/docker.sock\n"
        "services:\n  tests:\n    build: ./tests\n    image: myorg/tests\n    labels:\n      <<: *notes\n"
        "    network_mode: \"service:web\"\n    pid: \"service:web\"\n    user: \"${UID}:${GID}\"\n"
        "    volumes:\n      - ${DOCKER_SOCK}:/var/run/docker.sock\n  web:\n    image: nginx:1.27.3\n")
    return out


def plants(tree: dict[str, str]) -> list[Plant]:
    found = []
    for name, text in tree.items():
        lines = text.split("\n")
        for number, line in enumerate(lines, 1):
            if "# plant: " not in line:
                continue
            category = line.split("# plant: ", 1)[1].strip()
            target = number if line.split("#", 1)[0].strip() else number - 1  # alone: the line above
            found.append(Plant(name, target, category))
    return found


def write_tree(folder: str, tree: dict[str, str]) -> None:
    for name, text in tree.items():
        with open(os.path.join(folder, name), "w", encoding="utf-8") as f:
            f.write(text)
    with open(os.path.join(folder, ".env"), "w", encoding="utf-8") as f:
        f.write(DOTENV)
    subprocess.run(["git", "init", "-q", folder], check=True)  # read_related wants a repository root


def executable(name: str) -> str | None:
    dirs = [d for d in os.environ.get("SECHOOKS_BENCH_PATH", "").split(os.pathsep) if d]
    for folder in [*dirs, os.path.dirname(sys.executable)]:
        path = os.path.join(folder, name)
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    return shutil.which(name)


CPU: dict[str, list[float]] = {}  # command label -> CPU ms (user + system) of each run


def timed(cmd: list[str], cwd: str, label: str = "") -> tuple[float, subprocess.CompletedProcess[str]]:
    """Wall-clock ms of one run; its CPU ms (what a loaded machine does not inflate much) is
    kept in CPU under `label`."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})
    wall = (time.perf_counter() - started) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if label:
        cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
        CPU.setdefault(label, []).append(cpu)
    return wall, done


def sechooks_hits(stdout: str) -> list[tuple[str, str, int]]:
    return [(f["rule"], f["path"], f["line"]) for f in json.loads(stdout)["findings"]]


def kics_hits(folder: str) -> list[tuple[str, str, int]]:
    with open(os.path.join(folder, "kics-out", "results.json"), encoding="utf-8") as f:
        data = json.load(f)
    return [(q.get("query_id", ""), os.path.basename(hit.get("file_name", "")), int(hit.get("line", 0)))
            for q in data.get("queries", []) for hit in q.get("files", [])]


def score(tool: str, hits: list[tuple[str, str, int]], planted: list[Plant]) -> dict[str, object]:
    def hit(p: Plant) -> bool:
        return any(rid in CATEGORIES[p.category][tool] and path == p.path and line == p.line for rid, path, line in hits)

    missed = [p for p in planted if not hit(p)]
    decoys = [h for h in hits if h[1] in DECOYS]
    return {"planted": len(planted), "planted_found": len(planted) - len(missed),
            "missed": [f"{p.path}:{p.line} {p.category}" for p in missed],
            "findings": len(hits), "findings_on_decoys": len(decoys), "decoy_ids": sorted({h[0] for h in decoys})}


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--peer-rounds", type=int, default=3)
    parser.add_argument("--keep", metavar="DIR", help="write the tree here and keep it")
    args = parser.parse_args()
    tree = files()
    planted = plants(tree)
    folder = args.keep or tempfile.mkdtemp(prefix="compose-bench-")
    os.makedirs(folder, exist_ok=True)
    write_tree(folder, tree)
    names = sorted(tree)
    python = sys.executable
    ours = [python, "-m", "sechooks.compose", *names]
    floor = [python, "-c", "pass"]
    times: dict[str, list[float]] = {"python -c pass": [], "sechooks-compose": []}
    last = None
    for _ in range(args.rounds):  # interleaved: a load spike hits both the same way
        times["python -c pass"].append(timed(floor, folder, "python -c pass")[0])
        ms, last = timed(ours, folder, "sechooks-compose")
        times["sechooks-compose"].append(ms)
    assert last is not None and last.returncode == 1, last.stderr if last else ""
    _, report = timed([*ours[:3], "--format", "json", *names], folder)
    med = {name: statistics.median(values) for name, values in times.items()}
    tools: dict[str, dict[str, object]] = {
        "sechooks": {"median_ms": round(med["sechooks-compose"], 1),
                     "median_cpu_ms": round(statistics.median(CPU["sechooks-compose"]), 1),
                     "ratio_to_python": round(med["sechooks-compose"] / med["python -c pass"], 2),
                     **score("sechooks", sechooks_hits(report.stdout), planted)}}
    kics = executable("kics")
    if kics is None:
        tools["kics"] = {"installed": False,
                         "note": "KICS is a Go binary with a query bundle, not on the offline package registry"}
    else:
        runs = []
        for _ in range(args.peer_rounds):
            ms, _done = timed([kics, "scan", "-p", ".", "--type", "DockerCompose", "-o", "kics-out",
                               "--report-formats", "json", "--no-progress", "--silent"], folder)
            runs.append(ms)
        try:
            tools["kics"] = {"installed": True, "median_ms": round(statistics.median(runs), 1),
                             "ratio_to_python": round(statistics.median(runs) / med["python -c pass"], 2),
                             **score("kics", kics_hits(folder), planted)}
        except (OSError, ValueError, KeyError) as e:
            tools["kics"] = {"installed": True, "median_ms": round(statistics.median(runs), 1), "error": f"unreadable output: {e}"}
    results = {"files": len(names), "planted": len(planted), "rounds": args.rounds,
               "python_c_pass_median_ms": round(med["python -c pass"], 1),
               "python_c_pass_median_cpu_ms": round(statistics.median(CPU["python -c pass"]), 1),
               "load_average": round(os.getloadavg()[0], 2), "cpus": os.cpu_count(), "tools": tools}
    print(f"{len(names)} files, {len(planted)} planted problems, {args.rounds} interleaved rounds "
          f"(python -c pass: {med['python -c pass']:.1f} ms, {results['python_c_pass_median_cpu_ms']} ms CPU; "
          f"load average {results['load_average']} on {results['cpus']} CPUs)")
    print(f"sechooks-compose CPU: {tools['sechooks']['median_cpu_ms']} ms median")
    print(f"{'tool':<10}{'median ms':>10}{'ratio':>8}{'planted found':>15}{'findings':>10}{'on decoys':>11}")
    for tool, row in tools.items():
        if not row.get("installed", True):
            print(f"{tool:<10}  not installed ({row.get('note', '')})")
            continue
        print(f"{tool:<10}{row.get('median_ms', 0):>10}{row.get('ratio_to_python', 0):>8}"
              f"{str(row.get('planted_found', '?')) + '/' + str(len(planted)):>15}"
              f"{row.get('findings', '?'):>10}{row.get('findings_on_decoys', '?'):>11}")
    with open(os.path.join(HERE, "compose_bench.json"), "w", encoding="utf-8") as f:
        json.dump(results, f, indent=2, sort_keys=True)
        f.write("\n")
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
