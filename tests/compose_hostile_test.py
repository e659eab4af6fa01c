"""sechooks-compose against hostile input: no blow-up, no traceback, no write, no network,
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

from sechooks import compose as c
from sechooks.core import catalogue, cli
from tests.conftest import write
from tests.harness import fuzzed_variants
from tests.timing import cpu_cost

ALL = frozenset(catalogue.family("CMP").rules)
TESTDATA = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "testdata")


def _ctx(root: str = ".") -> cli.Context:
    declared = {name: opt.default for name, opt in catalogue.family("CMP").options.items()}
    net = {name: opt.default for name, opt in catalogue.family("NET").options.items()}
    return cli.Context(family="CMP", enabled=ALL, options=declared, root=root, other_options={"NET": net})


def _check(text: str) -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in c.check_file("compose.yaml", text, _ctx())]


def _assert_linear(make: Callable[[int], str], n: int = 4) -> None:
    while cpu_cost(lambda: _check(make(n))) < 0.02:
        n *= 2
    small, large = make(n), make(10 * n)
    t_small, t_large = cpu_cost(lambda: _check(small)), cpu_cost(lambda: _check(large))
    assert t_large < 30 * t_small, f"n={n}: {t_small:.3f}s -> {t_large:.3f}s for 10x the input"


SERVICE = ("  s{i}:\n    image: nginx\n    privileged: true\n    user: root\n    cap_add: [SYS_ADMIN, ALL]\n"
           "    ports: ['5432:5432', '1-65535:1-65535', 22:22]\n    volumes: ['/var/run/docker.sock:/x', '~/.ssh:/y', '/:/z']\n"
           "    security_opt: [seccomp:unconfined]\n    environment: {{DB_PASSWORD: 'Qx7vLm2pR9tWz{i}'}}\n")
CONSTRUCTS: dict[str, Callable[[int], str]] = {
    "services": lambda n: "services:\n" + "".join(SERVICE.format(i=i) for i in range(n)),
    "environment": lambda n: "services:\n  a:\n    image: a:1\n    environment:\n" + "".join(
        f"      - API_TOKEN_{i}=ghq8Zr2LmW0vT5nB3yXc{i}\n" for i in range(n)),
    "extends-chain": lambda n: "services:\n  s0:\n    image: a:1\n    privileged: true\n" + "".join(
        f"  s{i}:\n    extends: s{i - 1}\n    ports: ['{i}:{i}']\n" for i in range(1, n)),
    "extends-fan-in": lambda n: "services:\n  base:\n    image: a:1\n    volumes: ['/etc:/etc']\n" + "".join(
        f"  s{i}:\n    extends: base\n" for i in range(n)),
    "unclosed-interpolation": lambda n: "services:\n  a:\n    image: a:1\n    user: '" + "${A:-" * n + "'\n",
    "nested-defaults": lambda n: "services:\n  a:\n    image: a:1\n    user: '" + "${A:-" * n + "root" + "}" * n + "'\n",
    "dollars": lambda n: "services:\n  a:\n    image: a:1\n    user: '" + "$$" * n + "$A'\n",
    "includes": lambda n: "include:\n" + "".join(f"  - missing/{i}.inc\n" for i in range(n)) + "services:\n  a:\n    image: a:1\n",
    "anchors": lambda n: "x-a: &a\n  privileged: true\n  image: a:1\nservices:\n" + "".join(f"  s{i}:\n    <<: *a\n" for i in range(n)),
    "broken-documents": lambda n: "---\n".join("services:\n  a: [\n" for _ in range(n)),
    "long-port-list": lambda n: "services:\n  a:\n    image: a:1\n    ports:\n" + "".join(
        f"      - target: {i % 65535 + 1}\n        host_ip: 0.0.0.0\n" for i in range(n)),
}


@pytest.mark.parametrize("construct", sorted(CONSTRUCTS))
def test_time_is_linear_in_the_input(construct: str) -> None:
    _assert_linear(CONSTRUCTS[construct])


def test_long_extends_chain_is_one_cmp800_not_a_deep_recursion() -> None:
    text = CONSTRUCTS["extends-chain"](500)
    found = _check(text)
    assert [r for r, _ in found if r == "CMP800"] == ["CMP800"]


# --- bad input is the reserved rule or silence, never a traceback ----------------------------

def test_billion_laughs_is_one_cmp800() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    lines += ["services:", "  s:", "    image: a:1", "    environment: *a8"]
    assert [r for r, _ in _check("\n".join(lines) + "\n")] == ["CMP800"]


def test_deep_nesting_is_one_cmp800() -> None:
    text = "services:\n  a:\n    image: a:1\n    labels: " + "[" * 5000 + "]" * 5000 + "\n"
    assert [r for r, _ in _check(text)] == ["CMP800"]


def test_recursive_alias_is_cmp800_or_silence() -> None:
    assert [r for r, _ in _check("services: &s\n  a:\n    image: a:1\n    x: *s\n")] in (["CMP800"], [])


@pytest.mark.parametrize("text", [
    "services: 42\n", "services:\n  a: [1]\n  b: ~\n", "services:\n  a:\n    image: 9\n    user: [root]\n",
    "services:\n  a:\n    image: a:1\n    ports: [[1], {}, {target: [1]}, {target: 80, host_ip: [x]}, '', ':::', '[:80']\n",
    "services:\n  a:\n    image: a:1\n    volumes: [{source: 5, type: bind}, {type: [x]}, ':', '::::', 'C:']\n",
    "services:\n  a:\n    image: a:1\n    environment: [1, [2], {A: 3}, '=x', 'A==b']\n",
    "services:\n  a:\n    image: a:1\n    environment: 3\n    cap_add: {a: b}\n    security_opt: 7\n",
    "services:\n  a:\n    extends: {service: [x], file: 3}\n  b:\n    extends: 5\n  c:\n    extends: {file: '${X}', service: a}\n",
    "services:\n  a:\n    image: a:1\n    deploy: {resources: [1]}\n    healthcheck: [x]\n",
    "services:\n  a:\n    image: !Custom x\n    privileged: !!binary aGVsbG8=\n    ports: !override 5\n    volumes: !reset\n",
    "include: 5\nservices:\n  a:\n    image: a:1\n", "include: [{path: [1, 2]}, {path: {a: b}}, 3, null]\nservices:\n  a: {image: a}\n",
    "volumes: [x]\nservices:\n  a:\n    image: a:1\n    volumes: [named:/x]\n",
    "volumes:\n  named: {driver_opts: [x]}\nservices:\n  a:\n    image: a:1\n    volumes: [named:/x]\n",
    "services:\n  a:\n    image: '" + "a" * 100_000 + "'\n",
    "\ufeffservices:\n  a:\n    image: a:1\n",
])
def test_wrong_shapes_never_crash(text: str) -> None:
    _check(text)


def test_fuzzed_fixtures_never_crash() -> None:
    paths = sorted(glob.glob(os.path.join(TESTDATA, "CMP8*", "*.yaml")))
    assert len(paths) > 40
    for _, variant in fuzzed_variants(paths, 19, ":-[]{}&*!|>#'\"$\t\n "):
        _check(variant)


@pytest.mark.parametrize("data", [b"\x00\x01\x02services image", "services:\n  a:\n    image: a\n".encode("utf-16"),
                                  b"services:\n  a:\n    image: \xff\xfe\n"])
def test_binary_and_undecodable_files(repo: Path, data: bytes, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "compose.yaml", data)
    assert c.main(["compose.yaml"]) in (0, 1)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err and "internal error" not in captured.err


def test_hostile_dotenv_and_related_files(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / ".env", b"\x00\xff\xfeA=1\n" + b"B=" + b"${" * 10000 + b"\n")
    os.symlink("/etc/passwd", repo / "linked.yml")
    write(repo / "compose.yaml", "include: [linked.yml, /etc/hostname, ../../x.yml]\nservices:\n  a:\n"
          "    image: a:1\n    user: ${B}\n    extends: {file: linked.yml, service: x}\n")
    assert c.main(["-v", "compose.yaml"]) == 0
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err and "internal error" not in captured.err


def test_missing_file_is_reported_not_raised(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = c.main(["compose.yaml"])
    captured = capsys.readouterr()
    assert code in (1, 2) and "Traceback" not in captured.err


# --- no write, no network -------------------------------------------------------------------

def test_no_file_written_and_no_network(repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    for path in glob.glob(os.path.join(TESTDATA, "CMP8*", "bad_*.yaml")):
        write(repo / os.path.basename(os.path.dirname(path)) / ("compose." + os.path.basename(path)),
              open(path, encoding="utf-8").read())

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the hook opened a socket")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    before = {(p, os.stat(p).st_mtime_ns) for p in glob.glob(str(repo / "**"), recursive=True)}
    names = sorted(os.path.relpath(p, repo) for p in glob.glob(str(repo / "*" / "*.yaml")))
    for fmt in ("text", "json", "sarif"):
        assert c.main(["--format", fmt, "--enable", "CMP", *names]) == 1
    after = {(p, os.stat(p).st_mtime_ns) for p in glob.glob(str(repo / "**"), recursive=True)}
    assert before == after
    capsys.readouterr()


# --- no secret printed ----------------------------------------------------------------------

PASSWORD = "Qx7vLm2pR9tWz4Kd"
TOKEN = "ghp_" + "R8mQ2xLk7vTz9Wp4Nc6Hb3Jd5Fs1Ga0Ye8Ku"
LEAKY = {
    "env-mapping": (f"services:\n  db:\n    image: 'p:1'\n    environment:\n      DB_PASSWORD: {PASSWORD}\n      GH_TOKEN: {TOKEN}\n", "CMP815"),
    "env-list-default": (f"services:\n  db:\n    image: 'p:1'\n    environment:\n      - DB_PASSWORD=${{P:-{PASSWORD}}}\n", "CMP815"),
    "token-as-service-name": (f"services:\n  {TOKEN}:\n    image: 'a:1'\n    privileged: true\n", "CMP801"),
    "token-in-image": (f"services:\n  a:\n    image: registry.example.com/{TOKEN}:latest\n", "CMP814"),
    "token-in-host-path": (f"services:\n  a:\n    image: 'a:1'\n    volumes: ['/root/{TOKEN}:/x']\n", "CMP807"),
    "token-in-user": (f"services:\n  a:\n    image: 'a:1'\n    user: 'root:{TOKEN}'\n", "CMP811"),
    "token-in-broken-yaml": (f"services:\n  a: [\"{TOKEN}\n  x: [{PASSWORD}\n", "CMP800"),
    "token-in-unresolved-port": (f"services:\n  a:\n    image: 'a:1'\n    ports: ['${{X}}{TOKEN}:5432']\n    privileged: true\n", "CMP801"),
    "token-in-extends-file": (f"services:\n  a:\n    image: 'a:1'\n    privileged: true\n    extends: {{file: {TOKEN}.yml, service: b}}\n", "CMP801"),
    "token-in-cap": (f"services:\n  a:\n    image: 'a:1'\n    cap_add: [ALL, {TOKEN}]\n", "CMP808"),
}


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
@pytest.mark.parametrize("case", sorted(LEAKY))
def test_secret_never_printed(case: str, fmt: str, repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text, rule = LEAKY[case]
    write(repo / "compose.yaml", text)
    assert c.main(["-v", "--format", fmt, "compose.yaml"]) == 1
    captured = capsys.readouterr()
    out = captured.out + captured.err
    assert rule in out
    for secret in (PASSWORD, TOKEN, TOKEN[4:]):
        assert secret not in out
    if fmt == "json":
        assert any(f["rule"] == rule for f in json.loads(captured.out)["findings"])


def test_included_file_name_with_a_token_is_not_printed(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / f"{TOKEN}.inc", "services:\n  b:\n    privileged: true\n")
    write(repo / "compose.yaml", f"include: ['{TOKEN}.inc', '{TOKEN}-missing.inc']\nservices:\n  a:\n    image: 'a:1'\n")
    assert c.main(["-v", "compose.yaml"]) == 1
    captured = capsys.readouterr()
    assert "CMP801" in captured.out and TOKEN not in captured.out + captured.err
