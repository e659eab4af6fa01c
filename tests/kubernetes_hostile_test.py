"""sechooks-kubernetes against hostile input: no blow-up, no traceback, no write, no network,
no secret in any output format. Time is never asserted in absolute terms: 10x the input
must cost less than 30x (CPU time, best of 3, the smaller input costing at least 20 ms)."""
from __future__ import annotations

import glob
import json
import os
import socket
from pathlib import Path
from typing import Callable

import pytest

from sechooks import kubernetes as k
from sechooks.core import catalogue, cli
from tests.conftest import write
from tests.harness import fuzzed_variants
from tests.timing import cpu_cost

ALL = frozenset(catalogue.family("K8S").rules)
TESTDATA = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "testdata")


def _ctx() -> cli.Context:
    declared = {name: opt.default for name, opt in catalogue.family("K8S").options.items()}
    return cli.Context(family="K8S", enabled=ALL, options=declared)


def _check(text: str) -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in k.check_file("m.yaml", text, _ctx())]


def _assert_linear(make: Callable[[int], str], n: int = 4) -> None:
    while cpu_cost(lambda: _check(make(n)), runs=1) < 0.02:  # one run per size while searching
        n *= 2
    small, large = make(n), make(10 * n)
    t_small, t_large = cpu_cost(lambda: _check(small)), cpu_cost(lambda: _check(large))
    assert t_large < 30 * t_small, f"n={n}: {t_small:.3f}s -> {t_large:.3f}s for 10x the input"


POD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p{i}\nspec:\n  hostPID: true\n  containers:\n    - name: c\n      image: nginx\n"
CONSTRUCTS: dict[str, Callable[[int], str]] = {
    "documents": lambda n: "---\n".join(POD.format(i=i) for i in range(n)),
    "helm-sources": lambda n: "".join(f"---\n# Source: chart/templates/t{i}.yaml\n" + POD.format(i=i) for i in range(n)),
    "containers": lambda n: POD.format(i=0) + "".join(
        f"    - name: c{i}\n      image: 'a:1'\n      securityContext: {{privileged: true, capabilities: {{add: [SYS_ADMIN]}}}}\n"
        for i in range(n)),
    "env": lambda n: POD.format(i=0) + "      env:\n" + "".join(
        f"        - name: DB_PASSWORD_{i}\n          value: 'Qx7vLm2pR9tWz{i}'\n" for i in range(n)),
    "list-items": lambda n: "apiVersion: v1\nkind: List\nitems:\n" + "".join(
        "  - " + POD.format(i=i).replace("\n", "\n    ").rstrip() + "\n" for i in range(n)),
    "rbac-rules": lambda n: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\nrules:\n" + "".join(
        "  - apiGroups: ['', '*']\n    resources: [secrets, pods/exec, '*']\n    verbs: [get, bind, impersonate]\n" for _ in range(n)),
    "broken-documents": lambda n: "---\n".join("apiVersion: v1\nkind: Pod\nspec: [\n" for _ in range(n)),
    "template-braces": lambda n: "apiVersion: v1\nkind: ConfigMap\ndata:\n  a: |\n" + "    {{ {{ {{ .x\n" * n,
    "source-blanks": lambda n: "---\n# Source: a" + " " * (200 * n) + "b\n" + POD.format(i=0),
    "blank-lines-broken": lambda n: "kind: x\n" + " \n" * (200 * n) + "spec: [\n" + "apiVersion: v1\n",
    "annotations": lambda n: POD.format(i=0).replace("  name: p0\n", "  name: p0\n  annotations:\n" + "".join(
        f"    sechooks.io/ignore: K8S60{i % 10}\n    container.apparmor.security.beta.kubernetes.io/c{i}: unconfined\n"
        for i in range(n)), 1),
}


@pytest.mark.parametrize("construct", sorted(CONSTRUCTS))
def test_time_is_linear_in_the_input(construct: str) -> None:
    _assert_linear(CONSTRUCTS[construct])


# --- bad input is the reserved rule or silence, never a traceback ----------------------------

def test_billion_laughs_is_one_k8s600() -> None:
    lines = ["apiVersion: v1", "kind: Pod", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    found = _check("\n".join(lines) + "\n")
    assert [r for r, _ in found] == ["K8S600"]


def test_deep_nesting_is_one_k8s600() -> None:
    text = "apiVersion: v1\nkind: Pod\nspec: " + "[" * 5000 + "]" * 5000 + "\n"
    assert [r for r, _ in _check(text)] == ["K8S600"]


def test_recursive_alias_is_one_k8s600() -> None:
    text = "apiVersion: v1\nkind: Pod\nspec: &s\n  x: *s\n"
    assert [r for r, _ in _check(text)] in (["K8S600"], [])


@pytest.mark.parametrize("text", [
    "apiVersion: v1\nkind: Pod\nspec: 42\n",
    "apiVersion: v1\nkind: Pod\nspec:\n  containers: 7\n  volumes: {a: b}\n",
    "apiVersion: v1\nkind: Pod\nspec:\n  containers: [7, null, [], {securityContext: 3}]\n",
    "apiVersion: v1\nkind: Pod\nspec:\n  securityContext: {seccompProfile: [], sysctls: {a: 1}, windowsOptions: 3}\n  containers: [{securityContext: {capabilities: {add: 3, drop: {a: b}}}}]\n",
    "apiVersion: v1\nkind: Pod\nspec:\n  containers: [{image: 9, env: [{name: 1, value: 2}, 3], ports: [{hostPort: [1]}]}]\n",
    "apiVersion: 3\nkind: [Pod]\n",
    "apiVersion: v1\nkind: List\nitems: [1, [2], {kind: Pod}]\n",
    "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nrules: [{verbs: 3, resources: {a: b}}, 7]\n",
    "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nroleRef: [x]\nsubjects: {a: b}\n",
    "apiVersion: v1\nkind: Pod\nmetadata: {annotations: [x], namespace: [y]}\nspec: {hostPID: true}\n",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n    sechooks.io/ignore: 42\nspec: {containers: [{volumes: 3}], volumes: [{hostPath: {path: 5}}, {hostPath: ~}, {name: 3}]}\n",
    "apiVersion: v1\nkind: Pod\nspec: !!binary aGVsbG8=\n",
    "apiVersion: v1\nkind: Pod\nspec: !Custom {hostPID: true}\n",
    "apiVersion: v1\nkind: Pod\nspec:\n  containers: [{image: '" + "a" * 100_000 + "'}]\n",
    "\ufeffapiVersion: v1\nkind: Pod\n",
])
def test_wrong_shapes_never_crash(text: str) -> None:
    _check(text)


def test_fuzzed_fixtures_never_crash() -> None:
    paths = sorted(glob.glob(os.path.join(TESTDATA, "K8S6*", "*.yaml")))
    assert len(paths) > 50
    for _, variant in fuzzed_variants(paths, 17, ":-[]{}&*!|>#'\"\t\n "):
        _check(variant)


@pytest.mark.parametrize("data", [b"\x00\x01\x02apiVersion kind", "apiVersion: v1\nkind: Pod\n".encode("utf-16"),
                                  b"apiVersion: v1\nkind: Pod\nmetadata: {name: \xff\xfe}\n"])
def test_binary_and_undecodable_files(repo: Path, data: bytes, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "m.yaml", data)
    assert k.main(["m.yaml"]) in (0, 1)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err and "internal error" not in captured.err


def test_missing_file_is_reported_not_raised(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = k.main(["gone.yaml"])
    captured = capsys.readouterr()
    assert code in (1, 2) and "Traceback" not in captured.err


# --- no write, no network -------------------------------------------------------------------

def test_no_file_written_and_no_network(repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    for path in glob.glob(os.path.join(TESTDATA, "K8S6*", "bad_*.yaml")):
        write(repo / os.path.basename(os.path.dirname(path)) / os.path.basename(path), open(path, encoding="utf-8").read())

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the hook opened a socket")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    before = {(p, os.stat(p).st_mtime_ns) for p in glob.glob(str(repo / "**"), recursive=True)}
    names = sorted(os.path.relpath(p, repo) for p in glob.glob(str(repo / "*" / "*.yaml")))
    for fmt in ("text", "json", "sarif"):
        assert k.main(["--format", fmt, *names]) == 1
    after = {(p, os.stat(p).st_mtime_ns) for p in glob.glob(str(repo / "**"), recursive=True)}
    assert before == after
    capsys.readouterr()


# --- no secret printed ----------------------------------------------------------------------

PASSWORD = "Qx7vLm2pR9tWz4Kd"
TOKEN = "ghp_" + "R8mQ2xLk7vTz9Wp4Nc6Hb3Jd5Fs1Ga0Ye8Ku"
LEAKY = {
    "env-value": ("apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: app\n      image: 'a:1'\n"
                  f"      env:\n        - name: DB_PASSWORD\n          value: {PASSWORD}\n        - name: GH\n          value: {TOKEN}\n", "K8S621"),
    "token-as-container-name": ("apiVersion: v1\nkind: Pod\nspec:\n  containers:\n"
                                f"    - name: {TOKEN}\n      image: 'a:1'\n      securityContext: {{privileged: true}}\n", "K8S603"),
    "token-in-image": ("apiVersion: v1\nkind: Pod\nspec:\n  containers:\n"
                       f"    - name: a\n      image: registry.example.com/{TOKEN}:latest\n", "K8S620"),
    "token-in-broken-yaml": (f"apiVersion: v1\nkind: Pod\nspec:\n  containers: [\"{TOKEN}\n  x: [{PASSWORD}\n", "K8S600"),
    "token-in-hostpath": ("apiVersion: v1\nkind: Pod\nspec:\n  containers: [{name: a, image: 'a:1'}]\n"
                          f"  volumes: [{{name: v, hostPath: {{path: /data/{TOKEN}}}}}]\n", "K8S605"),
    "token-in-helm-source": (f"---\n# Source: chart/templates/{TOKEN}.yaml\napiVersion: v1\nkind: Pod\nspec:\n  hostPID: true\n"
                             "  containers: [{name: a, image: 'a:1'}]\n", "K8S602"),
    "token-in-rbac": ("apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nroleRef: {kind: ClusterRole, name: cluster-admin}\n"
                      f"subjects: [{{kind: User, name: {TOKEN}}}, {{kind: ServiceAccount, name: {TOKEN}}}]\n", "K8S625"),
}


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
@pytest.mark.parametrize("case", sorted(LEAKY))
def test_secret_never_printed(case: str, fmt: str, repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text, rule = LEAKY[case]
    write(repo / "m.yaml", text)
    assert k.main(["-v", "--format", fmt, "m.yaml"]) == 1
    captured = capsys.readouterr()
    out = captured.out + captured.err
    assert rule in out
    for secret in (PASSWORD, TOKEN, TOKEN[4:]):
        assert secret not in out
    if fmt == "json":
        assert any(f["rule"] == rule for f in json.loads(captured.out)["findings"])


def test_unknown_annotation_token_is_not_printed(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "m.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n"
          f"    sechooks.io/ignore: {TOKEN}\nspec:\n  hostPID: true\n  containers: [{{name: a, image: 'a:1'}}]\n")
    assert k.main(["-v", "m.yaml"]) == 1
    captured = capsys.readouterr()
    assert TOKEN not in captured.out + captured.err and "names no rule" in captured.err
