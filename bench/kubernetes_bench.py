"""Bench of sechooks-kubernetes (issue #17): a 10-file commit of manifests with planted
problems and decoys, timed in interleaved rounds against `python -c pass`, with the peers
that are installed (checkov's kubernetes framework; kube-linter and kubesec when a binary is
on PATH) run on the same tree and scored on the same plants.

    python bench/kubernetes_bench.py [--rounds 15] [--peer-rounds 3] [--keep DIR]

Writes bench/kubernetes_bench.json and prints a table. Peers are looked up in
$SECHOOKS_BENCH_PATH, next to this interpreter, in /tmp/ckv/bin, then on PATH.
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
ROOT = os.path.dirname(HERE)


class Plant(NamedTuple):
    path: str
    line: int
    category: str


# category -> ids that count as finding it, per tool
CATEGORIES = {
    "privileged": {"sechooks": {"K8S603"}, "checkov": {"CKV_K8S_16"}, "kube-linter": {"privileged-container"}},
    "runtime-socket": {"sechooks": {"K8S605"}, "checkov": {"CKV_K8S_27"}, "kube-linter": {"docker-sock", "sensitive-host-mounts"}},
    "host-network": {"sechooks": {"K8S602"}, "checkov": {"CKV_K8S_19"}, "kube-linter": {"host-network"}},
    "host-pid": {"sechooks": {"K8S602"}, "checkov": {"CKV_K8S_17"}, "kube-linter": {"host-pid"}},
    "cap-sys-admin": {"sechooks": {"K8S604"}, "checkov": {"CKV_K8S_39", "CKV_K8S_25"}, "kube-linter": set()},
    "host-port": {"sechooks": {"K8S606"}, "checkov": {"CKV_K8S_26"}, "kube-linter": set()},
    "run-as-root": {"sechooks": {"K8S615"}, "checkov": {"CKV_K8S_23", "CKV_K8S_40"}, "kube-linter": {"run-as-non-root"}},
    "privilege-escalation": {"sechooks": {"K8S613"}, "checkov": {"CKV_K8S_20"}, "kube-linter": {"privilege-escalation-container"}},
    "latest-tag": {"sechooks": {"K8S620"}, "checkov": {"CKV_K8S_14"}, "kube-linter": {"latest-tag"}},
    "env-secret": {"sechooks": {"K8S621"}, "checkov": set(), "kube-linter": {"env-var-secret"}},
    "rbac-wildcard": {"sechooks": {"K8S623"}, "checkov": {"CKV_K8S_49"}, "kube-linter": {"wildcard-in-rules"}},
    "rbac-secrets": {"sechooks": {"K8S624"}, "checkov": set(), "kube-linter": {"access-to-secrets"}},
    "cluster-admin-binding": {"sechooks": {"K8S625"}, "checkov": set(), "kube-linter": {"cluster-admin-role-binding"}},
    "seccomp-unconfined": {"sechooks": {"K8S610"}, "checkov": {"CKV_K8S_31"}, "kube-linter": set()},
    "non-root-override": {"sechooks": {"K8S614"}, "checkov": {"CKV_K8S_23"}, "kube-linter": {"run-as-non-root"}},
}

HARDENED_SC = """          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop: [ALL]
"""
HARDENED_POD_SC = """      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
        seccompProfile:
          type: RuntimeDefault
"""


def _deployment(name: str, kind: str = "Deployment", api: str = "apps/v1", pod: str = "", container: str = "",
                image: str = "registry.example.com/app:1.4.2", volumes: str = "") -> str:
    return (f"apiVersion: {api}\nkind: {kind}\nmetadata:\n  name: {name}\n  namespace: apps\nspec:\n"
            f"  selector:\n    matchLabels: {{app: {name}}}\n  template:\n    metadata:\n      labels: {{app: {name}}}\n"
            f"    spec:\n{pod}      containers:\n        - name: {name}\n          image: {image}\n"
            f"          resources:\n            limits: {{memory: 256Mi, cpu: 500m}}\n{container}{volumes}")


def files() -> dict[str, str]:
    """The 10 manifests; a line marked `# plant: CATEGORY` is a planted problem."""
    out = {}
    out["deploy-privileged.yaml"] = _deployment(
        "agent", pod=HARDENED_POD_SC,
        container="          securityContext:\n            privileged: true  # plant: privileged\n"
                  "            allowPrivilegeEscalation: false\n            readOnlyRootFilesystem: true\n"
                  "            capabilities: {drop: [ALL]}\n",
        volumes="      volumes:\n        - name: docker\n          hostPath:\n            path: /var/run/docker.sock  # plant: runtime-socket\n")
    out["daemonset-host.yaml"] = _deployment(
        "node-exporter", kind="DaemonSet",
        pod="      hostNetwork: true  # plant: host-network\n      hostPID: true  # plant: host-pid\n" + HARDENED_POD_SC,
        container=HARDENED_SC)
    out["pod-capabilities.yaml"] = (
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: netdebug\n  namespace: apps\nspec:\n"
        + HARDENED_POD_SC.replace("      ", "  ", 1).replace("\n      ", "\n  ")
        + "  containers:\n    - name: netdebug\n      image: registry.example.com/netdebug:2.1\n"
        "      resources: {limits: {memory: 128Mi, cpu: 100m}}\n"
        "      ports:\n        - containerPort: 8080\n          hostPort: 8080  # plant: host-port\n"
        "      securityContext:\n        allowPrivilegeEscalation: false\n        readOnlyRootFilesystem: true\n"
        "        capabilities:\n          drop: [ALL]\n          add:\n            - SYS_ADMIN  # plant: cap-sys-admin\n")
    out["cronjob-root.yaml"] = (
        "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: backup\n  namespace: apps\nspec:\n  schedule: '0 3 * * *'\n"
        "  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n"
        "          securityContext:\n            seccompProfile: {type: RuntimeDefault}\n"
        "          containers:\n            - name: backup\n              image: registry.example.com/backup:3.1\n"
        "              resources: {limits: {memory: 512Mi, cpu: 500m}}\n"
        "              securityContext:\n                runAsUser: 0  # plant: run-as-root\n"
        "                allowPrivilegeEscalation: true  # plant: privilege-escalation\n"
        "                readOnlyRootFilesystem: true\n                capabilities: {drop: [ALL]}\n")
    out["statefulset-latest.yaml"] = _deployment(
        "db", kind="StatefulSet", pod=HARDENED_POD_SC, image="postgres:latest  # plant: latest-tag",
        container=HARDENED_SC + "          env:\n            - name: POSTGRES_USER\n              value: app\n"
                                "            - name: POSTGRES_PASSWORD\n              value: 'Qx7vLm2pR9tWz4Kd'  # plant: env-secret\n")
    out["rbac.yaml"] = (
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: ops\nrules:\n"
        "  - apiGroups: ['*']\n    resources: ['*']  # plant: rbac-wildcard\n    verbs: ['*']\n---\n"
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: secret-reader\nrules:\n"
        "  - apiGroups: ['']\n    resources:\n      - secrets  # plant: rbac-secrets\n    verbs: [get, list, watch]\n---\n"
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: ci-admin\n"
        "roleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: cluster-admin\n"
        "subjects:\n  - kind: ServiceAccount  # plant: cluster-admin-binding\n    name: ci\n    namespace: ci\n")
    out["pod-overrides.yaml"] = (
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: legacy\n  namespace: apps\nspec:\n"
        "  securityContext:\n    runAsNonRoot: true\n    seccompProfile:\n      type: Unconfined  # plant: seccomp-unconfined\n"
        "  containers:\n    - name: legacy\n      image: registry.example.com/legacy:7.0\n"
        "      resources: {limits: {memory: 128Mi, cpu: 100m}}\n"
        "      securityContext:\n        runAsNonRoot: false  # plant: non-root-override\n"
        "        allowPrivilegeEscalation: false\n        readOnlyRootFilesystem: true\n        capabilities: {drop: [ALL]}\n")
    # decoys: look like the plants, are fine
    out["decoy-hardened.yaml"] = _deployment(
        "web", pod=HARDENED_POD_SC, image="registry.example.com/web@sha256:" + "a" * 64,
        container="          securityContext:\n            privileged: false\n            allowPrivilegeEscalation: false\n"
                  "            readOnlyRootFilesystem: true\n            capabilities:\n              drop: [ALL]\n"
                  "              add: [NET_BIND_SERVICE]\n"
                  "          env:\n            - name: DB_PASSWORD\n              valueFrom:\n                secretKeyRef: {name: db, key: password}\n"
                  "            - name: DB_PASSWORD_FILE\n              value: /run/secrets/db\n"
                  "          livenessProbe: {httpGet: {path: /healthz, port: 8080}}\n"
                  "          readinessProbe: {httpGet: {path: /ready, port: 8080}}\n",
        volumes="      automountServiceAccountToken: false\n      volumes:\n        - name: tmp\n          emptyDir: {}\n")
    out["decoy-rbac.yaml"] = (
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: reader\n  namespace: apps\nrules:\n"
        "  - apiGroups: ['']\n    resources: [configmaps, services]\n    verbs: [get, list, watch]\n"
        "  - apiGroups: ['']\n    resources: [secrets]\n    resourceNames: [web-tls]\n    verbs: [get]\n---\n"
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: reader\n  namespace: apps\n"
        "roleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n  name: reader\n"
        "subjects:\n  - kind: ServiceAccount\n    name: web\n    namespace: apps\n")
    out["decoy-config.yaml"] = (
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: notes\n  namespace: apps\ndata:\n"
        "  runbook.md: |\n    Never set privileged: true or mount /var/run/docker.sock.\n    hostNetwork: true is for CNI only.\n---\n"
        "apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: canary\n  namespace: apps\nspec:\n"
        "  template:\n    spec:\n      containers:\n        - name: canary\n          image: registry.example.com/canary:1.0\n---\n"
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: apps\nspec:\n  ports: [{port: 80, targetPort: 8080}]\n")
    return out


def plants(tree: dict[str, str]) -> list[Plant]:
    found = []
    for name, text in tree.items():
        for number, line in enumerate(text.split("\n"), 1):
            if "# plant: " in line:
                found.append(Plant(name, number, line.split("# plant: ", 1)[1].strip()))
    return found


def write_tree(folder: str, tree: dict[str, str]) -> None:
    for name, text in tree.items():
        with open(os.path.join(folder, name), "w", encoding="utf-8") as f:
            f.write(text)


def executable(name: str) -> str | None:
    dirs = [d for d in os.environ.get("SECHOOKS_BENCH_PATH", "").split(os.pathsep) if d]
    for folder in [*dirs, os.path.dirname(sys.executable), "/tmp/ckv/bin"]:  # nosec B108 -- the peer venv of bench/README.md
        path = os.path.join(folder, name)
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    return shutil.which(name)


def timed(cmd: list[str], cwd: str) -> tuple[float, subprocess.CompletedProcess[str]]:
    started = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1", "BC_SKIP_MAPPING": "TRUE"})
    return (time.perf_counter() - started) * 1000, done


# --- results per tool: (id, path, first line, last line) --------------------------------------

def sechooks_hits(stdout: str) -> list[tuple[str, str, int, int]]:
    report = json.loads(stdout)
    return [(f["rule"], f["path"], f["line"], f["line"]) for f in report["findings"]]


def checkov_hits(stdout: str) -> list[tuple[str, str, int, int]]:
    data = json.loads(stdout) if stdout.strip() else []
    reports = data if isinstance(data, list) else [data]
    out = []
    for report in reports:
        for failed in report.get("results", {}).get("failed_checks", []):
            lo, hi = (failed.get("file_line_range") or [0, 0])[:2]
            out.append((failed["check_id"], failed["file_path"].lstrip("/"), lo, hi))
    return out


def kube_linter_hits(stdout: str) -> list[tuple[str, str, int, int]]:
    data = json.loads(stdout) if stdout.strip() else {}
    out = []
    for report in data.get("Reports") or []:
        path = report.get("Object", {}).get("Metadata", {}).get("FilePath", "")
        out.append((report.get("Check", ""), os.path.basename(path), 0, 10**9))  # kube-linter gives no line
    return out


def score(tool: str, hits: list[tuple[str, str, int, int]], planted: list[Plant]) -> dict[str, object]:
    key = "sechooks" if tool == "sechooks" else tool
    found = []
    for plant in planted:
        wanted = CATEGORIES[plant.category][key]
        exact = tool == "sechooks"
        if any(rid in wanted and path == plant.path and (lo == plant.line if exact else lo <= plant.line <= hi)
               for rid, path, lo, hi in hits):
            found.append(plant.category)
    decoys = [h for h in hits if h[1].startswith("decoy-")]
    return {
        "planted": len(planted), "planted_found": len(found),
        "missed": sorted({p.category for p in planted} - set(found)),
        "findings": len(hits), "findings_on_decoys": len(decoys),
        "decoy_ids": sorted({h[0] for h in decoys}),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--peer-rounds", type=int, default=3)
    parser.add_argument("--keep", metavar="DIR", help="write the tree here and keep it")
    args = parser.parse_args()
    tree = files()
    planted = plants(tree)
    folder = args.keep or tempfile.mkdtemp(prefix="k8s-bench-")
    os.makedirs(folder, exist_ok=True)
    write_tree(folder, tree)
    names = sorted(tree)
    python = sys.executable
    ours = [python, "-m", "sechooks.kubernetes", *names]
    floor = [python, "-c", "pass"]
    results: dict[str, object] = {"files": len(names), "planted": len(planted), "rounds": args.rounds}
    times: dict[str, list[float]] = {"python -c pass": [], "sechooks-kubernetes": []}
    last = None
    for _ in range(args.rounds):  # interleaved: a load spike hits both the same way
        times["python -c pass"].append(timed(floor, folder)[0])
        ms, last = timed(ours, folder)
        times["sechooks-kubernetes"].append(ms)
    assert last is not None and last.returncode == 1, last.stderr if last else ""
    _, report = timed([*ours[:3], "--format", "json", *names], folder)
    tools: dict[str, dict[str, object]] = {}
    med = {name: statistics.median(values) for name, values in times.items()}
    per_round = [ours_ms / floor_ms for ours_ms, floor_ms in zip(times["sechooks-kubernetes"], times["python -c pass"])]
    tools["sechooks"] = {"median_ms": round(med["sechooks-kubernetes"], 1),
                         "ratio_to_python": round(statistics.median(per_round), 2),  # median of per-round ratios
                         **score("sechooks", sechooks_hits(report.stdout), planted)}
    peers = {
        # --skip-download and BC_SKIP_MAPPING: offline, no guideline look-up (a network error otherwise)
        "checkov": (["checkov", "--framework", "kubernetes", "-d", ".", "-o", "json", "--quiet", "--compact", "--skip-download"],
                    checkov_hits),
        "kube-linter": (["kube-linter", "lint", ".", "--format", "json"], kube_linter_hits),
    }
    for tool, (cmd, parse) in peers.items():
        binary = executable(cmd[0])
        if binary is None:
            tools[tool] = {"installed": False}
            continue
        runs = []
        for _ in range(args.peer_rounds):
            ms, done = timed([binary, *cmd[1:]], folder)
            runs.append(ms)
        try:
            hits = parse(done.stdout)
        except (ValueError, KeyError) as e:
            tools[tool] = {"installed": True, "median_ms": round(statistics.median(runs), 1), "error": f"unreadable output: {e}"}
            continue
        tools[tool] = {"installed": True, "median_ms": round(statistics.median(runs), 1),
                       "ratio_to_python": round(statistics.median(runs) / med["python -c pass"], 2),
                       **score(tool, hits, planted)}
    results["python_c_pass_median_ms"] = round(med["python -c pass"], 1)
    results["tools"] = tools
    print(f"{len(names)} files, {len(planted)} planted problems, {args.rounds} interleaved rounds "
          f"(python -c pass: {med['python -c pass']:.1f} ms)")
    print(f"{'tool':<14}{'median ms':>10}{'ratio':>8}{'planted found':>15}{'findings':>10}{'on decoys':>11}")
    for tool, row in tools.items():
        if not row.get("installed", True):
            print(f"{tool:<14}{'not installed':>10}")
            continue
        print(f"{tool:<14}{row.get('median_ms', 0):>10}{row.get('ratio_to_python', 0):>8}"
              f"{str(row.get('planted_found', '?')) + '/' + str(len(planted)):>15}"
              f"{row.get('findings', '?'):>10}{row.get('findings_on_decoys', '?'):>11}")
    with open(os.path.join(HERE, "kubernetes_bench.json"), "w", encoding="utf-8") as f:
        json.dump(results, f, indent=2, sort_keys=True)
        f.write("\n")
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
