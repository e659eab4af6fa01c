"""sechooks-compose: interpolation, the compose model (extends, include), ports and volumes,
suppression, options and the CLI."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sechooks import compose as c
from sechooks.core import catalogue, cli
from tests.conftest import git, write

ALL = frozenset(catalogue.family("CMP").rules)
ON = frozenset(r.id for r in catalogue.family("CMP").rules.values() if r.default)
DEFAULTS = {name: o.default for name, o in catalogue.family("CMP").options.items()}
NET_DEFAULTS = {name: o.default for name, o in catalogue.family("NET").options.items()}

# the "new user" sample: a web app and Postgres, as docker's own samples write them
NEW_USER_BAD = """\
services:
  web:
    build: .
    ports:
      - "8000:8000"
    depends_on:
      - db
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock
  db:
    image: postgres:16.4
    ports:
      - "5432:5432"
    environment:
      POSTGRES_USER: app
      POSTGRES_PASSWORD: Xk9vQ2mL7pWz
"""
NEW_USER_GOOD = """\
services:
  web:
    build: .
    ports:
      - "8000:8000"
    depends_on:
      - db
  db:
    image: postgres:16.4
    ports:
      - "127.0.0.1:5432:5432"
    environment:
      POSTGRES_USER: app
      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}
"""


def ctx(enabled: frozenset[str] = ALL, root: str = ".", net: dict[str, object] | None = None,
        **options: object) -> cli.Context:
    return cli.Context(family="CMP", enabled=enabled, options={**DEFAULTS, **options}, root=root,
                       other_options={"NET": {**NET_DEFAULTS, **(net or {})}})


def found(text: str, enabled: frozenset[str] = ALL, path: str = "compose.yaml", **options: object) -> list[tuple[str, int]]:
    return sorted((f.rule, f.line) for f in c.check_file(path, text, ctx(enabled, **options)))


def only(rule: str, text: str, **options: object) -> list[int]:
    return [line for r, line in found(text, frozenset({rule}), **options) if r == rule]


# --- the scenario of the issue -------------------------------------------------------------

def test_new_user_web_and_postgres_blocked_one_line_per_problem_fixed_version_passes(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "compose.yaml", NEW_USER_BAD)
    assert c.main(["compose.yaml"]) == 1
    out = capsys.readouterr().out
    lines = [ln for ln in out.splitlines() if ln.startswith("compose.yaml:")]
    assert [(ln.split(":")[1], ln.split()[1]) for ln in lines] == [
        ("9", "CMP806"), ("13", "CMP816"), ("16", "CMP815")]
    assert "CMP806 [critical] service 'web' mounts the container runtime socket '/var/run/docker.sock'" in out
    assert "publishes 5432 (data store) on all interfaces ('5432:5432'); bind it to 127.0.0.1" in out
    assert "Xk9vQ2mL7pWz" not in out  # the password itself is masked
    write(repo / "compose.yaml", NEW_USER_GOOD)
    assert c.main(["compose.yaml"]) == 0
    assert capsys.readouterr().out == ""


def test_json_output_has_fix_severity_and_no_secret(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "compose.yaml", NEW_USER_BAD)
    assert c.main(["--format", "json", "compose.yaml"]) == 1
    out = capsys.readouterr().out
    assert "Xk9vQ2mL7pWz" not in out
    report = json.loads(out)
    sock = next(f for f in report["findings"] if f["rule"] == "CMP806")
    assert sock["severity"] == "critical" and sock["line"] == 9 and sock["fix"]


# --- interpolation -------------------------------------------------------------------------

ENV = {"SET": "value", "EMPTY": ""}


@pytest.mark.parametrize(("text", "expected"), [
    ("${SET}", "value"), ("$SET", "value"), ("${SET}x$SET", "valuexvalue"),
    ("${UNSET}", c.MISSING), ("$UNSET", c.MISSING),
    ("${UNSET:-dflt}", "dflt"), ("${EMPTY:-dflt}", "dflt"), ("${SET:-dflt}", "value"),
    ("${UNSET-dflt}", "dflt"), ("${EMPTY-dflt}", ""), ("${SET-dflt}", "value"),
    ("${UNSET:?must be set}", c.MISSING), ("${SET:?err}", "value"), ("${EMPTY:?err}", c.MISSING),
    ("${EMPTY?err}", ""), ("${UNSET?err}", c.MISSING),
    ("${SET:+alt}", "alt"), ("${EMPTY:+alt}", ""), ("${UNSET:+alt}", c.MISSING), ("${EMPTY+alt}", "alt"),
    ("$$SET", "$SET"), ("$${SET}", "${SET}"), ("cost: 5$", "cost: 5$"),
    ("${UNSET:-${SET}}", "value"), ("${UNSET:-${ALSO_UNSET:-deep}}", "deep"), ("${UNSET:-${NONE}}", c.MISSING),
    ("${HOME}/.ssh", "~/.ssh"), ("$HOME/.aws", "~/.aws"),
    ("${SET", c.MISSING), ("${1BAD}", c.MISSING), ("${SET/x/y}", c.MISSING),
])
def test_interpolation(text: str, expected: str) -> None:
    assert c.interpolate(text, ENV) == expected


def test_interpolation_never_reads_this_process_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PUBLIC_BIND", "0.0.0.0")
    text = 'services:\n  db:\n    image: postgres:16.4\n    ports: ["${PUBLIC_BIND}:5432:5432"]\n'
    assert only("CMP816", text) == []


def test_dotenv_parsing() -> None:
    env = c.parse_env(
        "# comment\nA=1\nexport B = two # trailing comment\nC='single ${A} # kept'\n"
        'D="double ${A}\\n"\nE=${A}-${NOPE}\n=novalue\nnot a line\nF=\n')
    assert env == {"A": "1", "B": "two", "C": "single ${A} # kept", "D": "double 1\n",
                   "E": "1-" + c.MISSING, "F": ""}


def test_unresolved_value_is_a_notice_never_a_finding() -> None:
    text = ("services:\n  db:\n    image: postgres:16.4\n    ports: ['${BIND}:5432:5432']\n"
            "    privileged: ${PRIV}\n    volumes: ['${SRC}:/var/run/docker.sock']\n")
    context = ctx(ON)
    assert list(c.check_file("compose.yaml", text, context)) == []
    assert any("CMP816 not evaluated for service 'db'" in n for n in context.notices)
    assert any("${...}" in n for n in context.notices)


def test_dotenv_beside_the_file_resolves_and_respects_staged(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "app" / "compose.yaml", 'services:\n  db:\n    image: postgres:16.4\n    ports: ["${BIND}:5432:5432"]\n')
    write(repo / "app" / ".env", "BIND=0.0.0.0\n")
    git("add", "app")
    assert c.main(["app/compose.yaml"]) == 1
    assert "app/compose.yaml:4:" in capsys.readouterr().out
    write(repo / "app" / ".env", "BIND=127.0.0.1\n")  # the working tree is fixed, the index is not
    assert c.main(["app/compose.yaml"]) == 0
    capsys.readouterr()
    assert c.main(["--staged"]) == 1
    assert "CMP816" in capsys.readouterr().out


# --- ports ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("spec", "host_ip", "target", "interface"), [
    ("5432", None, (5432, 5432), "all"),
    ("5432:5432", None, (5432, 5432), "all"),
    ("15432:5432/tcp", None, (5432, 5432), "all"),
    ("0.0.0.0:5432:5432", "0.0.0.0", (5432, 5432), "all"),
    ("127.0.0.1:5432:5432", "127.0.0.1", (5432, 5432), "loopback"),
    ("127.0.0.1::5432", "127.0.0.1", (5432, 5432), "loopback"),
    ("[::1]:5432:5432", "::1", (5432, 5432), "loopback"),
    ("::1:6000:6000", "::1", (6000, 6000), "loopback"),
    ("[::]:5432:5432", "::", (5432, 5432), "all"),
    ("10.1.2.3:5432:5432", "10.1.2.3", (5432, 5432), "specific"),
    ("8000-8010:8000-8010", None, (8000, 8010), "all"),
    ("6060:6060/udp", None, (6060, 6060), "all"),
])
def test_port_short_syntax(spec: str, host_ip: str | None, target: tuple[int, int], interface: str) -> None:
    port = c.parse_port(spec)
    assert port is not None and (port.host_ip, port.target) == (host_ip, target)
    assert c.interface(port.host_ip) == interface


@pytest.mark.parametrize("spec", ["", "abc", "5432:abc", "0:0", "70000:70000", "9-1"])
def test_port_that_is_not_one(spec: str) -> None:
    assert c.parse_port(spec) is None


def test_unquoted_22_22_is_read_as_written_not_base_60() -> None:
    # YAML 1.1 reads 22:22 as 1342; docker compose reads the text "22:22"
    text = "services:\n  ssh:\n    image: sshd:1\n    ports:\n      - 22:22\n      - 2222:22 # comment\n"
    assert only("CMP816", text) == [5, 6]


def test_port_options_are_the_network_rules(tmp_path: Path) -> None:
    text = 'services:\n  web:\n    image: web:1\n    ports: ["8080:8080", "5432:5432"]\n'
    context = ctx(frozenset({"CMP816"}), net={"data_ports": [8080]})
    assert [f.line for f in c.check_file("compose.yaml", text, context)] == [4]
    messages = [f.message for f in c.check_file("compose.yaml", text, context)]
    assert "8080 (data store)" in messages[0] and "5432" not in messages[0]


def test_docker_api_port_is_high_and_tls_port_keeps_the_default() -> None:
    text = 'services:\n  d:\n    image: docker:27-dind\n    ports: ["2375:2375", "2376:2376"]\n'
    got = [f.severity for f in c.check_file("compose.yaml", text, ctx(frozenset({"CMP816"})))]
    assert [str(s) for s in got] == ["high", "None"]


def test_network_mode_host_ports_are_not_published() -> None:
    text = "services:\n  db:\n    image: postgres:16.4\n    network_mode: host\n    ports: ['5432:5432']\n"
    assert found(text, frozenset({"CMP802", "CMP816"})) == [("CMP802", 4)]


# --- volumes -------------------------------------------------------------------------------

@pytest.mark.parametrize(("spec", "expected"), [
    ("/var/run/docker.sock:/var/run/docker.sock", ("/var/run/docker.sock", "/var/run/docker.sock")),
    ("/a:/b:ro", ("/a", "/b")),
    ("/data", None),
    ("C:\\Users\\me\\.ssh:/root/.ssh", ("C:\\Users\\me\\.ssh", "/root/.ssh")),
    ("\\\\.\\pipe\\docker_engine:\\\\.\\pipe\\docker_engine", ("\\\\.\\pipe\\docker_engine", "\\\\.\\pipe\\docker_engine")),
    ("data:/var/lib/postgresql/data", ("data", "/var/lib/postgresql/data")),
])
def test_volume_short_syntax(spec: str, expected: tuple[str, str] | None) -> None:
    assert c.split_volume(spec) == expected


@pytest.mark.parametrize(("path", "normal"), [
    ("//var/run/./docker.sock", "/var/run/docker.sock"), ("/etc/", "/etc"), ("/", "/"),
    ("/srv/../etc", "/etc"), ("~/.ssh/", "~/.ssh"), ("~", "~"), ("./data", None), ("data", None),
    ("~bob/.ssh", None),
])
def test_host_path_normalised(path: str, normal: str | None) -> None:
    assert c.normalise_host_path(path) == normal


@pytest.mark.parametrize(("path", "hit"), [
    ("/", True), ("/etc", True), ("/etc/localtime", False), ("/etc/ssh/ssh_host_rsa_key", True),
    ("/proc", True), ("/proc/1/root", True), ("/sys", True), ("/sys/fs/cgroup", False),
    ("~/.ssh", True), ("~/.ssh/id_ed25519", True), ("~/.sshx", False), ("/home/bob/.aws/credentials", True),
    ("/home/bob/src", False), ("/var/lib/docker/volumes", True), ("/srv/app", False),
])
def test_sensitive_paths(path: str, hit: bool) -> None:
    from sechooks.rules.cmp import SENSITIVE_HOST_PATHS

    assert (c.sensitive_match(path, SENSITIVE_HOST_PATHS) is not None) is hit


def test_sensitive_paths_option_adds_to_the_defaults() -> None:
    text = "services:\n  a:\n    image: a:1\n    volumes: ['/srv/secrets:/s', '/etc:/e']\n"
    assert only("CMP807", text) == [4]
    assert only("CMP807", text, sensitive_host_paths=["/srv/secrets/**"]) == [4, 4]


def test_socket_read_only_still_critical_and_not_also_a_sensitive_path() -> None:
    text = "services:\n  a:\n    image: a:1\n    volumes: ['/var/run/docker.sock:/var/run/docker.sock:ro']\n"
    assert found(text, frozenset({"CMP806", "CMP807"})) == [("CMP806", 4)]


# --- extends, include, anchors --------------------------------------------------------------

def test_same_file_extends_reported_once_where_written() -> None:
    text = ("services:\n  base:\n    image: a:1\n    cap_add: [SYS_ADMIN]\n"
            "  one:\n    extends: base\n  two:\n    extends: {service: one}\n")
    assert only("CMP808", text) == [4]


def test_other_file_extends_reported_at_extends_line_naming_the_file(repo: Path) -> None:
    write(repo / "common.yml", "services:\n  priv:\n    privileged: true\n")
    text = "services:\n  app:\n    image: a:1\n    extends:\n      file: common.yml\n      service: priv\n"
    findings = list(c.check_file("compose.yaml", text, ctx(frozenset({"CMP801"}), root=str(repo))))
    assert [(f.line, f.col) for f in findings] == [(4, 5)]
    assert "(inherited from common.yml service 'priv')" in findings[0].message


def test_extends_own_scalar_wins_and_environment_merges_by_name(repo: Path) -> None:
    write(repo / "common.yml", "services:\n  base:\n    user: root\n    environment:\n      - API_TOKEN=ghq8Zr2LmW0vT5nB3yXc\n")
    text = ("services:\n  app:\n    image: a:1\n    extends: {file: common.yml, service: base}\n"
            "    user: '10001'\n    environment:\n      API_TOKEN: ${API_TOKEN}\n")
    assert list(c.check_file("compose.yaml", text, ctx(frozenset({"CMP811", "CMP815"}), root=str(repo)))) == []


def test_extends_outside_the_repository_is_not_read(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    write(tmp_path / "outside.yml", "services:\n  b:\n    privileged: true\n")
    text = "services:\n  a:\n    image: a:1\n    extends: {file: ../outside.yml, service: b}\n"
    context = ctx(frozenset({"CMP801"}), root=str(root))
    root.mkdir()
    assert list(c.check_file(str(root / "compose.yaml"), text, context)) == []
    assert any("outside the repository" in n for n in context.notices)


def test_include_cycle_and_depth_terminate(repo: Path) -> None:
    write(repo / "a.inc", "include: [b.inc]\nservices:\n  a:\n    image: a:1\n    privileged: true\n")
    write(repo / "b.inc", "include: [a.inc, compose.yaml]\nservices:\n  b:\n    image: b:1\n")
    text = "include:\n  - a.inc\nservices:\n  top:\n    image: t:1\n"
    findings = list(c.check_file("compose.yaml", text, ctx(frozenset({"CMP801"}), root=str(repo))))
    assert [(f.line, f.message.split(":")[0]) for f in findings] == [(2, "included 'a.inc'")]


def test_x_fields_anchors_and_merge_keys() -> None:
    text = ("x-base: &base\n  image: app:latest\n  user: root\n"
            "services:\n  a:\n    <<: *base\n  b:\n    <<: *base\n    user: '10001'\n")
    assert found(text, frozenset({"CMP811", "CMP814"})) == [("CMP811", 3), ("CMP814", 2)]


def test_profiles_do_not_exempt_a_service() -> None:
    text = "services:\n  debug:\n    image: d:1\n    profiles: [debug]\n    pid: host\n"
    assert only("CMP803", text) == [5]


def test_build_with_image_names_the_built_image() -> None:
    text = "services:\n  app:\n    build: .\n    image: myorg/app\n"
    assert found(text, frozenset({"CMP812", "CMP813", "CMP814", "CMP819"})) == []


@pytest.mark.parametrize("text", [
    "services: []\n", "services:\n  - a\n", "services: {}\n", "services:\n  a: 1\n", "just: yaml\n",
    "- services\n", "services:\n  a:\n    image: [1, 2]\n    privileged: {x: 1}\n    ports: 5432\n",
    "services:\n  a:\n    ports: [{target: x}, {target: true}, null, [1]]\n    volumes: [{type: bind}, 5, null]\n",
])
def test_shapes_that_are_not_compose_are_silent(text: str) -> None:
    assert [r for r, _ in found(text, ON)] == []


def test_sniff_and_name_filter() -> None:
    assert c.is_compose_name("compose.yaml") and c.is_compose_name("deploy/docker-compose.prod.yml")
    assert c.is_compose_name("compose.override.yaml") and not c.is_compose_name("my-compose.yaml")
    assert c.sniff("services:\n  db:\n    image: postgres\n")
    assert c.sniff("version: '3'\nservices:\n  db:\n    build: .\n")
    assert not c.sniff("jobs:\n  t:\n    services:\n      db:\n        image: postgres\n")  # GitHub Actions
    assert not c.sniff("apiVersion: v1\nkind: Pod\n")
    assert c.sniff("# comment\n---\nx-common: &c\n  a: 1\n\"services\" : 1\nservices:\n  db:\n    image: postgres\n")
    assert not c.sniff("# Deploying\n\nRun this:\n\n```yaml\nservices:\n  db:\n    image: postgres\n```\n")
    assert not c.sniff("import yaml\nservices: dict = {}\ndef f():\n    image: str = ''\n")


def test_a_broken_file_that_is_not_yaml_by_name_is_skipped_not_cmp800() -> None:
    text = "services:\n  web:\n    image: {% if prod %}nginx{% endif %\n    ports: [\n"
    context = ctx()
    assert list(c.check_file("templates/stack.j2", text, context)) == []
    assert any("not checked" in n for n in context.notices)
    assert [f.rule for f in c.check_file("stack.yaml", text, ctx())] == ["CMP800"]


def test_a_file_without_services_never_imports_yaml() -> None:
    code = ("import sys; from sechooks import compose as c; from sechooks.core import cli;"
            "x = cli.Context(family='CMP', enabled=frozenset({'CMP801'}), options={});"
            "list(c.check_file('compose.yaml', 'name: x\\n', x)); print('yaml' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


# --- suppression ---------------------------------------------------------------------------

def test_sechooks_pragma_above_a_service_covers_its_block(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "compose.yaml", (
        "services:\n  # sechooks: ignore[CMP801,CMP806] -- the CI runner needs the daemon\n  runner:\n"
        "    image: runner:3\n    privileged: true\n    volumes: ['/var/run/docker.sock:/var/run/docker.sock']\n"
        "  other:\n    image: o:1\n    privileged: true\n"))
    assert c.main(["compose.yaml"]) == 1
    out = capsys.readouterr().out
    assert "compose.yaml:9:" in out and "compose.yaml:5:" not in out and "compose.yaml:6:" not in out


def test_kics_pragmas_map_through_query_ids(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "compose.yaml", (
        "services:\n  a:\n    image: a:1\n    # kics-scan ignore-line\n    privileged: true\n"
        "    pid: host\n"))
    assert c.main(["compose.yaml"]) == 1
    out = capsys.readouterr().out
    assert "CMP803" in out and "CMP801" not in out
    write(repo / "compose.yaml", (
        "# kics-scan disable=4f31dd9f-2cc3-4751-9b53-67e4af83dac0\n"
        "services:\n  a:\n    image: a:1\n    privileged: true\n    pid: host\n"))
    assert c.main(["compose.yaml"]) == 1
    out = capsys.readouterr().out
    assert "CMP801" in out and "CMP803" not in out


def test_every_rule_has_a_check_and_peers_are_kics_uuids() -> None:
    assert set(c.CHECKS) == ALL - {"CMP800"}
    for rule in catalogue.family("CMP").rules.values():
        assert rule.fix and rule.title and rule.since == ("0.2.0" if rule.id != "CMP800" else rule.since)
        for peer in rule.peers:
            assert len(peer) == 36 and peer.count("-") == 4
    assert [r.id for r in catalogue.lookup("ae5b6871-7f45-42e0-bb4c-ab300c4d2026")] == ["CMP801"]


def test_literal_secret_forms() -> None:
    text = ("services:\n  a:\n    image: a:1\n    environment:\n"
            "      DB_PASSWORD: 'Pr0d-Passw0rd-42'\n"
            "      OTHER_PASSWORD: $${NOT_A_REF}Pr0d\n"  # a literal, but template-shaped: the classifier's call
            "      REF_PASSWORD: ${DB_PASSWORD}\n"
            "      DEFAULT_PASSWORD: ${P:-Pr0d-Passw0rd-42}\n"
            "      EMPTY_PASSWORD: ''\n"
            "      BOOL_TOKEN: true\n"
            "      EXAMPLE_PASSWORD: changeme\n")
    assert only("CMP815", text) == [5, 8]


def test_dangerous_capabilities_option_adds() -> None:
    text = "services:\n  a:\n    image: a:1\n    cap_add: [NET_RAW, sys_admin]\n"
    assert only("CMP808", text) == [4]
    assert only("CMP808", text, dangerous_capabilities=["NET_RAW"]) == [4, 4]


def test_nonroot_images_option() -> None:
    text = "services:\n  a:\n    image: registry.example.com/base/app:1.2\n"
    assert only("CMP812", text) == [3]
    assert only("CMP812", text, nonroot_images=["registry.example.com/base/*"]) == []


def test_sechooks_scan_runs_the_hook(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from sechooks import umbrella

    write(repo / "compose.yaml", NEW_USER_BAD)
    git("add", "compose.yaml")
    code = umbrella.main(["scan", "."])
    out = capsys.readouterr().out
    assert code == 1 and "CMP806" in out and "CMP816" in out
    assert os.path.exists(repo / "compose.yaml")


def test_a_clean_file_imports_neither_the_secrets_nor_the_network_engine() -> None:
    code = ("import sys; from sechooks import compose as c; from sechooks.core import cli;"
            "x = cli.Context(family='CMP', enabled=frozenset({%s}), options={}, other_options={'NET': {}});"
            "t = 'services:\\n  web:\\n    image: nginx:1.27.3\\n    environment: {LOG_LEVEL: info}\\n';"
            "list(c.check_file('compose.yaml', t, x));"
            "print('sechooks.engines.secrets' in sys.modules, 'sechooks.engines.network' in sys.modules)"
            ) % ", ".join(repr(r) for r in sorted(ON - {"CMP800"}))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_compose_tags_without_extends() -> None:
    text = ("services:\n  a:\n    image: a:1\n    privileged: !override true\n    pid: !reset host\n"
            "    user: !Custom root\n")
    assert found(text, frozenset({"CMP801", "CMP803", "CMP811"})) == [("CMP801", 4)]


def test_a_chain_inside_the_other_file_is_reported_at_this_files_extends_line(repo: Path) -> None:
    write(repo / "common.yml", (
        "services:\n  root:\n    image: a:1\n    volumes: ['/var/run/docker.sock:/var/run/docker.sock']\n"
        "    environment: [API_TOKEN=ghq8Zr2LmW0vT5nB3yXc]\n"
        "  base:\n    extends: root\n    volumes: ['./x:/x']\n    environment: {LOG: info}\n"))
    text = "services:\n  app:\n    image: a:1\n    extends: {file: common.yml, service: base}\n"
    findings = list(c.check_file("compose.yaml", text, ctx(frozenset({"CMP806", "CMP815"}), root=str(repo))))
    assert sorted((f.rule, f.line, f.col) for f in findings) == [("CMP806", 4, 5), ("CMP815", 4, 5)]
    assert all("(inherited from common.yml service 'base')" in f.message for f in findings)


def test_the_secrets_hooks_allowlist_pragma_silences_cmp815_too() -> None:
    text = ("services:\n  a:\n    image: a:1\n    environment:\n"
            "      DB_PASSWORD: Pr0d-Passw0rd-42  # pragma: allowlist secret\n"
            "      # pragma: allowlist nextline secret\n"
            "      API_PASSWORD: Pr0d-Passw0rd-43\n"
            "      SMTP_PASSWORD: Pr0d-Passw0rd-44\n")
    assert only("CMP815", text) == [8]


def test_base_60_ports_in_a_flow_sequence() -> None:
    text = "services:\n  ssh:\n    image: sshd:1\n    ports: [22:22, 8080:8080, 5432]\n"
    assert [m for m in (f.message for f in c.check_file("compose.yaml", text, ctx(frozenset({"CMP816"}))))] == [
        "service 'ssh' publishes 22 (admin port) on all interfaces ('22:22'); bind it to 127.0.0.1",
        "service 'ssh' publishes 5432 (data store) on a random host port on all interfaces ('5432'); bind it to 127.0.0.1"]
