"""sechooks-kubernetes: the Pod Security Standards semantics, suppression, options and the CLI."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sechooks import kubernetes as k
from sechooks.core import catalogue, cli, config as configuration
from sechooks.core.finding import Severity
from tests.conftest import write
from tests.harness import check

ALL = frozenset(catalogue.family("K8S").rules)

PRIVILEGED_DOCKER_SOCK = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: agent
spec:
  selector:
    matchLabels: {app: agent}
  template:
    metadata:
      labels: {app: agent}
    spec:
      containers:
        - name: agent
          image: example/agent:latest
          securityContext:
            privileged: true
          volumeMounts:
            - name: docker
              mountPath: /var/run/docker.sock
      volumes:
        - name: docker
          hostPath:
            path: /var/run/docker.sock
"""

# Every field the PSS Restricted profile asks for (kubernetes.io/docs/concepts/security/pod-security-standards,
# "Restricted"), on the docs' security-context demo pod, plus readOnlyRootFilesystem for K8S618.
RESTRICTED_POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: security-context-demo
spec:
  securityContext:
    runAsNonRoot: true
    runAsUser: 1000
    runAsGroup: 3000
    fsGroup: 2000
    seccompProfile:
      type: RuntimeDefault
  volumes:
  - name: sec-ctx-vol
    emptyDir: {}
  containers:
  - name: sec-ctx-demo
    image: busybox:1.28
    command: [ "sh", "-c", "sleep 1h" ]
    volumeMounts:
    - name: sec-ctx-vol
      mountPath: /data/demo
    securityContext:
      allowPrivilegeEscalation: false
      readOnlyRootFilesystem: true
      capabilities:
        drop: ["ALL"]
"""


def ctx(enabled: frozenset[str] = ALL, **options: object) -> cli.Context:
    declared = {name: opt.default for name, opt in catalogue.family("K8S").options.items()}
    return cli.Context(family="K8S", enabled=enabled, options={**declared, **options})


def found(text: str, enabled: frozenset[str] = ALL, **options: object) -> list[tuple[str, int]]:
    return sorted((f.rule, f.line) for f in k.check_file("m.yaml", text, ctx(enabled, **options)))


def messages(text: str, rule: str, **options: object) -> list[str]:
    return [f.message for f in k.check_file("m.yaml", text, ctx(**options)) if f.rule == rule]


# --- the scenario of the issue -------------------------------------------------------------

def test_new_user_privileged_docker_sock_deployment_is_blocked_one_line_per_problem(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "deploy" / "agent.yaml", PRIVILEGED_DOCKER_SOCK)
    write(repo / "deploy" / "pod.yaml", RESTRICTED_POD)
    assert k.main(["deploy/pod.yaml"]) == 0
    assert capsys.readouterr().out == ""
    assert k.main(["deploy/agent.yaml", "deploy/pod.yaml"]) == 1
    out = capsys.readouterr().out
    lines = [ln for ln in out.splitlines() if ln.startswith("deploy/")]
    fixes = [ln for ln in out.splitlines() if ln.strip().startswith("fix: ")]
    assert len(fixes) == len(lines)
    got = {(ln.split(":")[1], ln.split()[1]) for ln in lines}
    assert got == {
        ("11", "K8S614"), ("11", "K8S616"), ("14", "K8S620"), ("15", "K8S613"), ("15", "K8S617"),
        ("15", "K8S618"), ("16", "K8S603"), ("23", "K8S605"),
    }
    assert len(lines) == len(got)  # one line per problem, no repeats
    assert "K8S605 [critical] volume 'docker' mounts the container runtime socket '/var/run/docker.sock'" in out
    assert "K8S603 [critical] container 'agent' is privileged" in out
    assert "image 'example/agent:latest' uses the :latest tag" in out


def test_restricted_pod_is_clean_with_every_rule_on() -> None:
    assert found(RESTRICTED_POD, ALL - {"K8S619", "K8S622"}) == []  # less the opt-in rules


def test_json_output_has_rule_fix_and_critical_severity(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "agent.yaml", PRIVILEGED_DOCKER_SOCK)
    assert k.main(["--format", "json", "agent.yaml"]) == 1
    report = json.loads(capsys.readouterr().out)
    sock = next(f for f in report["findings"] if f["rule"] == "K8S605")
    assert sock["severity"] == "critical" and sock["line"] == 23 and sock["fix"]


# --- what is read ---------------------------------------------------------------------------

def test_a_file_without_manifests_never_imports_yaml() -> None:
    code = ("import sys; from sechooks import kubernetes as k; from sechooks.core import cli;"
            "c = cli.Context(family='K8S', enabled=frozenset({'K8S603'}), options={});"
            "list(k.check_file('ci.yaml', 'on: push\\njobs: {}\\n', c)); print('yaml' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


@pytest.mark.parametrize(("api", "kind", "read"), [
    ("v1", "Pod", True), ("apps/v1", "Deployment", True), ("extensions/v1beta1", "DaemonSet", True),
    ("batch/v1", "Job", True), ("v1", "ReplicationController", True), ("v1", "PodTemplate", True),
    ("example.com/v1", "Deployment", False), ("argoproj.io/v1alpha1", "Rollout", False),
    ("v1", "ConfigMap", False), ("apps/v1", "Pod", False),
])
def test_kind_of(api: str, kind: str, read: bool) -> None:
    from sechooks.core import yaml

    value = yaml.load(f"apiVersion: {api}\nkind: {kind}\n")[0].value
    assert (k.kind_of(value) == kind) is read


def test_pod_template_object() -> None:
    text = ("apiVersion: v1\nkind: PodTemplate\nmetadata:\n  name: t\ntemplate:\n  spec:\n    hostPID: true\n"
            "    containers: [{name: a, image: 'a:1'}]\n")
    assert ("K8S602", 7) in found(text)


def test_helm_rendered_stream_names_the_source_template() -> None:
    text = open(os.path.join(os.path.dirname(__file__), "..", "testdata", "K8S603", "bad_helm_rendered.yaml")).read()
    assert messages(text, "K8S603") == ["container 'web' is privileged (privileged: true) (from web/templates/deployment.yaml)"]


@pytest.mark.parametrize("text", [
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\n",
    "{{- if .Values.enabled }}\napiVersion: v1\nkind: Pod\n{{- end }}\n",
    "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - image: \"{{ .Values.image }}\"\n",
    "apiVersion: v1\nkind: Pod\n{{/* a comment */}}\n",
])
def test_go_templates_are_skipped_with_a_notice(text: str) -> None:
    c = ctx()
    assert list(k.check_file("chart/templates/pod.yaml", text + "  hostPID: true\n", c)) == []
    assert len(c.notices) == 1 and "skipped: a Go template" in c.notices[0]


@pytest.mark.parametrize("text", [
    # rendered output may carry Alertmanager/Prometheus templates in block scalars or comments
    "apiVersion: v1\nkind: ConfigMap\ndata:\n  alert.tmpl: |\n    {{ range .Alerts }}{{ .Labels.x }}{{ end }}\n---\n",
    "# {{ .Values.x }} in a comment\n",
    "apiVersion: v1\nkind: ConfigMap\ndata:\n  summary: 'Instance {{ $labels.instance }} down'\n---\n",
])
def test_rendered_templates_in_data_do_not_skip_the_file(text: str) -> None:
    pod = "apiVersion: v1\nkind: Pod\nspec:\n  hostPID: true\n  containers: [{name: a, image: 'a:1'}]\n"
    c = ctx()
    assert ("K8S602", text.count("\n") + 4) in [(f.rule, f.line) for f in k.check_file("m.yaml", text + pod, c)]
    assert c.notices == []


def test_broken_document_reported_at_parser_line_and_rest_checked() -> None:
    text = ("apiVersion: v1\nkind: Pod\nspec:\n  containers: [\n---\n"
            "apiVersion: v1\nkind: Pod\nspec:\n  hostIPC: true\n  containers: [{name: a, image: 'a:1'}]\n")
    got = found(text)
    assert ("K8S600", 5) in got or ("K8S600", 4) in got
    assert ("K8S602", 9) in got


def test_broken_yaml_that_is_not_kubernetes_is_silent() -> None:
    assert found("name: ci\nkind: pipeline\napiVersion_note: x\nsteps: [\n") == []


# --- the kubelet's override, field by field --------------------------------------------------

def _pod(pod_sc: str, container_sc: str, containers: int = 1) -> str:
    out = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n"
    if pod_sc:
        out += "  securityContext:\n" + "".join(f"    {ln}\n" for ln in pod_sc.split("\n"))
    out += "  containers:\n"
    for i in range(containers):
        out += f"    - name: c{i}\n      image: 'a:1'\n"
        if container_sc and i == 0:
            out += "      securityContext:\n" + "".join(f"        {ln}\n" for ln in container_sc.split("\n"))
    return out


@pytest.mark.parametrize(("pod_sc", "container_sc", "rule", "reported"), [
    ("runAsNonRoot: true", "runAsNonRoot: false", "K8S614", True),
    ("runAsNonRoot: false", "runAsNonRoot: true", "K8S614", False),
    ("runAsNonRoot: true", "runAsUser: 1000", "K8S614", False),  # field by field: the pod's value stays
    ("runAsUser: 0", "runAsUser: 1000", "K8S615", False),
    ("runAsUser: 1000", "runAsUser: 0", "K8S615", True),
    ("runAsUser: 0", "runAsNonRoot: true", "K8S615", True),
    ("seccompProfile: {type: Unconfined}", "seccompProfile: {type: RuntimeDefault}", "K8S610", False),
    ("seccompProfile: {type: RuntimeDefault}", "seccompProfile: {type: Unconfined}", "K8S610", True),
    ("seccompProfile: {type: Unconfined}", "runAsNonRoot: true", "K8S610", True),
    ("seLinuxOptions: {type: spc_t}", "seLinuxOptions: {level: 's0:c1'}", "K8S608", False),
    ("seLinuxOptions: {level: 's0:c1'}", "seLinuxOptions: {type: spc_t}", "K8S608", True),
    ("appArmorProfile: {type: Unconfined}", "appArmorProfile: {type: Localhost, localhostProfile: x}", "K8S607", False),
    ("windowsOptions: {hostProcess: true}", "windowsOptions: {runAsUserName: x}", "K8S601", True),
    ("windowsOptions: {hostProcess: true}", "windowsOptions: {hostProcess: false}", "K8S601", False),
])
def test_container_overrides_pod(pod_sc: str, container_sc: str, rule: str, reported: bool) -> None:
    assert any(r == rule for r, _ in found(_pod(pod_sc, container_sc))) is reported


def test_pod_level_value_inherited_by_one_container_of_two_is_reported_once_at_the_pod() -> None:
    text = _pod("runAsUser: 0", "runAsUser: 1000", containers=3)
    assert [f for f in found(text) if f[0] == "K8S615"] == [("K8S615", 7)]
    assert messages(text, "K8S615") == ["the pod securityContext sets runAsUser: 0 (root)"]


def test_missing_run_as_non_root_everywhere_is_one_finding_on_the_pod() -> None:
    text = _pod("", "", containers=3)
    assert [f for f in found(text) if f[0] in ("K8S614", "K8S616")] == [("K8S614", 5), ("K8S616", 5)]


def test_windows_pod_skips_the_linux_only_restricted_controls() -> None:
    text = _pod("", "").replace("spec:\n", "spec:\n  os: {name: windows}\n", 1)
    rules = {r for r, _ in found(text)}
    assert not rules & {"K8S613", "K8S616", "K8S617"}
    assert "K8S614" in rules


def test_capabilities_prefix_and_case_are_read_as_the_runtime_reads_them() -> None:
    text = _pod("", "capabilities: {drop: [ALL], add: [cap_chown, CAP_SYS_ADMIN, net_bind_service]}")
    assert [r for r, _ in found(text) if r in ("K8S604", "K8S617")] == ["K8S604", "K8S617"]
    assert messages(text, "K8S604") == ["container 'c0' adds the capability 'CAP_SYS_ADMIN'"]


# --- rules ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("path", "severity"), [
    ("/var/run/docker.sock", Severity.CRITICAL), ("/run/containerd/containerd.sock", Severity.CRITICAL),
    ("/var/run/crio/crio.sock", Severity.CRITICAL), ("/var/run", Severity.CRITICAL), ("/", Severity.CRITICAL),
    ("/var/run/../run/docker.sock", Severity.CRITICAL), ("/data", None), ("/var/log", None),
])
def test_host_path_severity(path: str, severity: Severity | None) -> None:
    text = ("apiVersion: v1\nkind: Pod\nspec:\n  containers: [{name: a, image: 'a:1'}]\n"
            f"  volumes:\n    - name: v\n      hostPath:\n        path: {path}\n")
    hits = [f for f in k.check_file("m.yaml", text, ctx()) if f.rule == "K8S605"]
    assert [(f.line, f.severity) for f in hits] == [(8, severity)]


@pytest.mark.parametrize(("allowed", "path", "reported"), [
    (["/var/log"], "/var/log", False), (["/var/log"], "/var/log/pods", False), (["/var/log"], "/var/logs", True),
    (["/var/log/"], "/var/log/x", False), (["/opt/*/data"], "/opt/a/data", False), ([], "/var/log", True),
])
def test_allowed_host_paths(allowed: list[str], path: str, reported: bool) -> None:
    text = ("apiVersion: v1\nkind: Pod\nspec:\n  containers: [{name: a, image: 'a:1'}]\n"
            f"  volumes:\n    - name: v\n      hostPath: {{path: {path}}}\n")
    assert any(r == "K8S605" for r, _ in found(text, allowed_host_paths=tuple(allowed))) is reported


@pytest.mark.parametrize(("name", "value", "secret"), [
    ("DB_PASSWORD", "t9Vq2rLx8sWm", True),
    ("TOKEN", "ghp_R8x2LmQ7vT4nZ9wK3pJ6yH1cF5bD0sA2eG7u", True),
    ("ANYTHING", "AKIAZ3MHQ7XK4PVN5TBW", True),
    ("DATABASE_URL", "postgres://app:Zq8vR2mLx7Tn@db.internal:5432/app", True),
    ("DB_PASSWORD", "changeme", False),
    ("DB_PASSWORD_FILE", "/run/secrets/db", False),
    ("API_TOKEN", "$(TOKEN)", False),
    ("LOG_LEVEL", "debug", False),
    ("SECRET_NAME", "db-credentials", False),
    # a manifest's value is text: a dotted random string is the password, not an attribute
    ("DB_PASSWORD", "iklTDzHSAm.Fa3", True), ("DB_PASSWORD", "YB.ZahBLai37KB", True),
    ("DB_PASSWORD", "vault.kv.prod", False), ("DB_PASSWORD", "SPRING.DATASOURCE.PASSWORD", False),
    ("DB_PASSWORD", "get_password()", False),
])
def test_literal_secret(name: str, value: str, secret: bool) -> None:
    assert (k.literal_secret(name, value) is not None) is secret


def test_env_secret_message_masks_the_value() -> None:
    text = _pod("", "").replace("      image: 'a:1'\n", "      image: 'a:1'\n      env:\n        - {name: DB_PASSWORD, value: t9Vq2rLx8sWm}\n")
    (message,) = messages(text, "K8S621")
    assert "t9Vq2rLx8sWm" not in message and "DB_PASSWORD" in message


def test_rbac_sensitive_is_quiet_on_a_rule_the_wildcard_rule_reports() -> None:
    text = ("apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: r}\nrules:\n"
            "  - apiGroups: ['']\n    resources: [secrets]\n    verbs: ['*']\n")
    assert found(text) == [("K8S623", 7)]
    assert found(text, ALL - {"K8S623"}) == [("K8S624", 6)]


def test_profile_baseline_turns_the_restricted_rules_off() -> None:
    restricted = {r for r, _ in found(PRIVILEGED_DOCKER_SOCK)}
    baseline = {r for r, _ in found(PRIVILEGED_DOCKER_SOCK, profile="baseline")}
    assert restricted - baseline == {"K8S613", "K8S614", "K8S616", "K8S617"}
    assert {"K8S603", "K8S605", "K8S618", "K8S620"} <= baseline


def test_exempt_namespaces() -> None:
    text = PRIVILEGED_DOCKER_SOCK.replace("  name: agent\n", "  name: agent\n  namespace: kube-system\n", 1)
    assert found(text, namespaces=("kube-system",)) == []
    assert found(text, namespaces=("other",)) != []


def test_service_account_in_the_same_file_turns_automount_off() -> None:
    account = "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: default, namespace: a}\nautomountServiceAccountToken: false\n---\n"
    pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: NS}\nspec:\n  containers: [{name: a, image: 'a:1'}]\n"
    assert not [r for r, _ in found(account + pod.replace("NS", "a")) if r == "K8S622"]
    assert [r for r, _ in found(account + pod.replace("NS", "b")) if r == "K8S622"] == ["K8S622"]


# --- suppression ----------------------------------------------------------------------------

def _engine(tmp_path: Path, text: str, **options: object) -> cli.Engine:
    path = write(tmp_path / "m.yaml", text)
    config = configuration.Config()
    return check("K8S", [str(path)], config, enable=list(ALL))


def test_annotation_ignore_drops_only_the_named_rules_of_that_object() -> None:
    text = PRIVILEGED_DOCKER_SOCK.replace(
        "  name: agent\n", "  name: agent\n  annotations:\n    sechooks.io/ignore: \"K8S603, K8S605 -- node agent\"\n", 1)
    rules = {r for r, _ in found(text)}
    assert not rules & {"K8S603", "K8S605"} and "K8S620" in rules
    second = "---\n" + PRIVILEGED_DOCKER_SOCK
    assert {"K8S603", "K8S605"} <= {r for r, _ in found(text + second)}


def test_annotation_ignore_with_an_unknown_id_says_so() -> None:
    c = ctx()
    text = _pod("", "").replace("  name: p\n", "  name: p\n  annotations:\n    sechooks.io/ignore: K8S999\n")
    list(k.check_file("m.yaml", text, c))
    assert any("names no rule: 'K8S999'" in n for n in c.notices)


@pytest.mark.parametrize("annotation", [
    "checkov.io/skip1: CKV_K8S_16=the agent needs it",
    "checkov.io/skip7: \"CKV_K8S_16=the agent needs it\"",
    "ignore-check.kube-linter.io/privileged-container: \"the agent needs it\"",
    "kube-linter.io/ignore-all: \"generated\"",
])
def test_peer_annotations_suppress_visibly(tmp_path: Path, annotation: str) -> None:
    text = PRIVILEGED_DOCKER_SOCK.replace("  name: agent\n", f"  name: agent\n  annotations:\n    {annotation}\n", 1)
    engine = _engine(tmp_path, text)
    assert "K8S603" not in {r.finding.rule for r in engine.report.findings}
    assert "K8S603" in {s.item.finding.rule for s in engine.report.suppressed_findings}


def test_peer_annotation_covers_only_its_own_object(tmp_path: Path) -> None:
    first = PRIVILEGED_DOCKER_SOCK.replace("  name: agent\n", "  name: agent\n  annotations:\n    checkov.io/skip1: CKV_K8S_16=ok\n", 1)
    engine = _engine(tmp_path, first + "---\n" + PRIVILEGED_DOCKER_SOCK)
    assert [r.finding.line for r in engine.report.findings if r.finding.rule == "K8S603"] == [42]


def test_pragma_above_the_object_covers_findings_inside_it(tmp_path: Path) -> None:
    text = "# sechooks: ignore[K8S603,K8S605] -- node agent\n" + PRIVILEGED_DOCKER_SOCK
    engine = _engine(tmp_path, text)
    rules = {r.finding.rule for r in engine.report.findings}
    assert not rules & {"K8S603", "K8S605"} and "K8S620" in rules


def test_scan_runs_the_hook(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from sechooks import scan

    write(repo / "k8s" / "agent.yaml", PRIVILEGED_DOCKER_SOCK)
    write(repo / "ci.yaml", "on: push\njobs: {}\n")
    subprocess.run(["git", "add", "-A"], check=True)
    assert scan.scan(["--format", "json", "."]) == 1
    report = json.loads(capsys.readouterr().out)
    assert {"K8S603", "K8S605"} <= {f["rule"] for f in report["findings"]}


def test_the_stdin_stream_is_a_manifest_for_the_core() -> None:
    # The core reads `-` as the source named `-` (helm template . | sechooks-kubernetes -):
    # the hook takes it whatever its name says, and never looks for kustomize patches of it.
    assert k.is_manifest(k.STDIN) and k.is_manifest("a/b.YML") and not k.is_manifest("values.json")
    text = "---\n# Source: web/templates/pod.yaml\n" + PRIVILEGED_DOCKER_SOCK
    found = [f for f in k.check_file(k.STDIN, text, ctx()) if f.rule == "K8S603"]
    assert [(f.path, f.line) for f in found] == [("-", 18)]
    assert found[0].message.endswith("(from web/templates/pod.yaml)")


def test_block_extents_are_each_objects_own_lines() -> None:
    # a pragma above an object, or a peer annotation inside it, covers that object only
    text = PRIVILEGED_DOCKER_SOCK + "---\n" + PRIVILEGED_DOCKER_SOCK
    blocks = {(f.extra["block_start"], f.extra["block_end"]) for f in k.check_file("m.yaml", text, ctx())}
    assert blocks == {(1, 23), (25, 47)}
    listed = "apiVersion: v1\nkind: List\nitems:\n" + "".join(
        "- " + PRIVILEGED_DOCKER_SOCK.replace("\n", "\n  ").rstrip() + "\n" for _ in range(2))
    blocks = {(f.extra["block_start"], f.extra["block_end"]) for f in k.check_file("m.yaml", listed, ctx())}
    assert blocks == {(4, 26), (27, 49)}


def test_drop_all_in_lower_case_is_not_all() -> None:
    text = _pod("", "capabilities: {drop: [all]}")
    assert messages(text, "K8S617") == [
        "container 'c0' does not drop ALL capabilities ('all' is not 'ALL': the Pod Security admission compares it exactly)"]


@pytest.mark.e2e
def test_pre_commit_run_blocks_the_deployment_and_passes_the_restricted_pod(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    """The issue's new-user scenario under the real pre-commit, with the manifest's filter
    (`types: [yaml]`); the hook runs from this environment (`language: system`)."""
    import shutil

    exe = shutil.which("pre-commit", path=os.path.dirname(sys.executable)) or shutil.which("pre-commit")
    if exe is None:
        pytest.skip("pre-commit is not installed (pip install -e '.[test]')")
    write(repo / ".pre-commit-config.yaml", (
        "repos:\n-   repo: local\n    hooks:\n"
        f"    -   id: sechooks-kubernetes\n        name: sechooks kubernetes\n        entry: {sys.executable} -m sechooks.kubernetes\n"
        "        language: system\n        types: [yaml]\n"
    ))
    write(repo / "pod.yaml", RESTRICTED_POD)
    write(repo / "ci.yml", "on: push\njobs: {build: {runs-on: ubuntu-latest, steps: [{run: make}]}}\n")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path_factory.mktemp("pre-commit-home")), "PRE_COMMIT_COLOR": "never"}
    subprocess.run(["git", "add", "."], check=True)
    clean = subprocess.run([exe, "run"], capture_output=True, text=True, env=env, timeout=600)
    assert clean.returncode == 0, clean.stdout
    write(repo / "agent.yaml", PRIVILEGED_DOCKER_SOCK)
    subprocess.run(["git", "add", "agent.yaml"], check=True)
    blocked = subprocess.run([exe, "run"], capture_output=True, text=True, env=env, timeout=600)
    assert blocked.returncode == 1, blocked.stdout
    findings = [ln for ln in blocked.stdout.splitlines() if ln.startswith("agent.yaml:")]
    assert len(findings) == 8 and len({ln.split(": ", 1)[0] + ln.split()[1] for ln in findings}) == 8
    assert blocked.stdout.count("    fix: ") == 8 and "pod.yaml:" not in blocked.stdout


@pytest.mark.parametrize("rule", sorted(r for r in catalogue.family("K8S").rules if r != "K8S600"))
def test_catalogue_examples_do_what_they_say(rule: str) -> None:
    row = catalogue.get(rule)
    options = {"trusted_registries": ("registry.example.com",)} if rule == "K8S626" else {}
    assert rule in {r for r, _ in found(row.bad, frozenset({rule}), **options)}, "bad example is silent"
    assert found(row.good, frozenset({rule}), **options) == [], "good example reports"


PATCH = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          securityContext:
            privileged: true
"""


@pytest.mark.parametrize("listing", [
    "patches:\n  - path: patch.yaml\n    target: {kind: Deployment}\n",
    "patchesStrategicMerge:\n  - ./patch.yaml\n",
])
def test_kustomize_patch_reports_what_it_writes_not_what_it_leaves_out(
        repo: Path, capsys: pytest.CaptureFixture[str], listing: str) -> None:
    write(repo / "overlay" / "kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n" + listing)
    write(repo / "overlay" / "patch.yaml", PATCH)
    write(repo / "overlay" / "whole.yaml", PATCH)
    assert k.main(["--enable", "K8S", "-v", "overlay/patch.yaml", "overlay/whole.yaml"]) == 1
    captured = capsys.readouterr()
    patch = {ln.split()[1] for ln in captured.out.splitlines() if ln.startswith("overlay/patch.yaml:")}
    whole = {ln.split()[1] for ln in captured.out.splitlines() if ln.startswith("overlay/whole.yaml:")}
    assert patch == {"K8S603"}
    assert {"K8S603", "K8S613", "K8S614", "K8S616", "K8S617", "K8S618", "K8S619", "K8S622"} <= whole
    assert "overlay/patch.yaml: a kustomize patch" in captured.err


def test_kustomize_patch_under_staged_reads_the_kustomization_from_the_index(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "kustomization.yaml", "kind: Kustomization\npatches:\n  - path: patch.yaml\n")
    write(repo / "patch.yaml", PATCH)
    subprocess.run(["git", "add", "."], check=True)
    write(repo / "kustomization.yaml", "kind: Kustomization\n")  # unstaged edit: the index decides
    assert k.main(["--staged"]) == 1
    assert {ln.split()[1] for ln in capsys.readouterr().out.splitlines() if ln.startswith("patch.yaml:")} == {"K8S603"}
