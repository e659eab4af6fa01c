"""sechooks-actions against hostile input (issue #18): no blow-up, no traceback, no leak,
no file written, no network.

Time is never asserted in absolute terms: a construct repeated 10x must cost less than
30x (CPU time, best of 3, the smaller input costing at least 20 ms).
"""
from __future__ import annotations

import json
import os
import random
import socket
from pathlib import Path
from typing import Callable

import pytest

from sechooks import actions as a
from sechooks.core import catalogue, cli
from tests.conftest import write
from tests.timing import cpu_cost

SECRET = "ghp_R8x2mQ7vLk4Zt9wY3nB6cJ1hF5sD0aPgE2uK"
HEAD = "on: [pull_request_target, issues]\njobs:\n"


def _ctx() -> cli.Context:
    return cli.Context(family="GHA", enabled=frozenset(catalogue.family("GHA").rules), options={"pin": "all"})


def _check(text: str, path: str = ".github/workflows/x.yml") -> list[object]:
    return list(a.check_file(path, text, _ctx()))


def _assert_linear(make: Callable[[int], str], n: int = 8) -> None:
    while cpu_cost(lambda: _check(make(n))) < 0.02:
        n *= 2
    small, large = make(n), make(10 * n)
    t_small, t_large = cpu_cost(lambda: _check(small)), cpu_cost(lambda: _check(large))
    assert t_large < 30 * t_small, f"n={n}: {t_small:.3f}s -> {t_large:.3f}s for 10x the input"


def _steps(body: str) -> Callable[[int], str]:
    return lambda n: HEAD + "  j:\n    runs-on: x\n    steps:\n" + body * n


CONSTRUCTS: dict[str, Callable[[int], str]] = {
    "many-steps": _steps("      - uses: some/action@v1\n        with:\n          ref: ${{ github.head_ref }}\n"
                         "      - id: s\n        run: echo \"${{ github.event.issue.title }}\"\n"),
    "expressions-in-one-run": lambda n: HEAD + "  j:\n    runs-on: x\n    steps:\n      - run: |\n"
    + "          echo ${{ github.event.issue.title }} ${{ steps.s.outputs.x }} ${{ env.A }}\n" * n,
    "one-long-expression": lambda n: HEAD + "  j:\n    runs-on: x\n    steps:\n      - run: echo ${{ "
    + "github.event.issue.title || " * n + "'x' }}\n",
    "open-parentheses": lambda n: HEAD + "  j:\n    runs-on: x\n    steps:\n      - run: echo ${{ " + "(" * n + " }}\n",
    "negations": lambda n: HEAD + "  j:\n    runs-on: x\n    steps:\n      - run: echo ${{ " + "!" * n + "github.sha }}\n",
    "unclosed-expressions": lambda n: HEAD + "  j:\n    runs-on: x\n    steps:\n      - run: echo " + "${{ github. " * n + "\n",
    "git-fetch-words": lambda n: HEAD + "  j:\n    runs-on: x\n    steps:\n      - run: " + "git fetch " * n + "\n",
    "tainted-env-times-steps": lambda n: HEAD.replace("jobs:\n", "env:\n")
    + "".join(f"  E{i}: ${{{{ github.event.issue.title }}}}\n" for i in range(n))
    + "jobs:\n  j:\n    runs-on: x\n    steps:\n" + "      - run: echo ${{ env.E0 }}\n" * n,
    "jobs-with-outputs": lambda n: HEAD + "".join(
        f"  j{i}:\n    runs-on: x\n    outputs:\n      o: ${{{{ steps.s.outputs.o }}}}\n    steps:\n"
        f"      - id: s\n        run: echo ${{{{ github.head_ref }}}}\n      - run: echo ${{{{ needs.j{i}.outputs.o }}}}\n"
        for i in range(n)),
    "checkouts-and-uploads": _steps("      - uses: actions/checkout@v4\n      - uses: actions/upload-artifact@v4\n        with:\n          path: .\n"),
    "tojson-secrets": _steps("      - run: echo ${{ toJSON(secrets) }} ${{ toJSON(secrets) }}\n"),
    "curl-pipes": _steps("      - run: curl -s https://x | sh\n"),
    "env-maps": _steps("      - env:\n          DB_PASSWORD: Xq8vN3rT5wLz\n          ACTIONS_ALLOW_UNSECURE_COMMANDS: true\n        run: x\n"),
    "many-triggers": lambda n: "on:\n" + "".join(f"  t{i}:\n" for i in range(n)) + "  pull_request_target:\njobs: {}\n",
    "matrix-values": lambda n: HEAD + "  j:\n    strategy:\n      matrix:\n        r: [" + "a, " * n
    + "self-hosted]\n    runs-on: ${{ matrix.r }}\n    steps: []\n",
    "long-uses": lambda n: HEAD + "  j:\n    runs-on: x\n    steps:\n      - uses: " + "a/" * n + "b@master\n",
}


# where each construct costs about 20 ms, so the doubling search starts close to it
START = {
    "many-steps": 64, "expressions-in-one-run": 128, "one-long-expression": 4096, "open-parentheses": 262144,
    "negations": 131072, "unclosed-expressions": 16384, "git-fetch-words": 32768, "tainted-env-times-steps": 64,
    "jobs-with-outputs": 32, "checkouts-and-uploads": 32, "tojson-secrets": 128, "curl-pipes": 128, "env-maps": 64,
    "many-triggers": 512, "matrix-values": 1024, "long-uses": 262144,
}


@pytest.mark.parametrize("construct", sorted(CONSTRUCTS))
def test_time_is_linear_in_the_input(construct: str) -> None:
    _assert_linear(CONSTRUCTS[construct], START.get(construct, 8))


# --- broken, deep, huge, strange ---------------------------------------------------------

WEIRD = {
    "billion-laughs": "on: push\njobs:\n  a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    + "".join(f"  {chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8)),
    "deep-nesting": "on: push\njobs:\n  j:\n    steps: " + "[" * 5000 + "]" * 5000 + "\n",
    "recursive-alias": "on: push\njobs: &j\n  a: *j\n",
    "tabs": "on: push\njobs:\n\tj: x\n",
    "nul-bytes": "on: push\njobs:\n  j:\x00\n",
    "scalars-everywhere": "on: 12\njobs: 3\npermissions: [1]\nenv: x\n",
    "lists-everywhere": "on: [[a]]\njobs:\n  j: [1, 2]\n  k:\n    steps: step\n    runs-on: {labels: 5}\n    strategy: {matrix: [1]}\n    container: []\n    services: [a]\n",
    "wrong-step-types": "on: pull_request_target\njobs:\n  j:\n    steps:\n      - 1\n      - [run]\n      - uses: [x]\n        with: [y]\n        run: {a: b}\n        env: [1]\n      - uses: actions/checkout@v4\n        with: {ref: 5, persist-credentials: {}}\n      - uses: actions/upload-artifact@v4\n        with: {path: [.]}\n",
    "tagged-values": "on: !custom push\njobs:\n  j:\n    runs-on: !x y\n    steps:\n      - run: !sh echo ${{ github.head_ref }}\n",
    "odd-keys": "? [complex, key]\n: 1\non: {? [a]: 1}\njobs: {1: {steps: [{run: 2}]}, true: {}}\n",
    "empty": "",
    "only-comments": "# on: push\n# jobs:\n",
    "top-level-scalar": "just a string\n",
    "expression-garbage": "on: issues\njobs:\n  j:\n    steps:\n      - run: echo ${{ ]][[)(,,..**!!'' }} ${{ github..x }} ${{ 'unterminated }} ${{ }}\n",
    "merge-keys": "on: issues\nx: &base\n  run: echo ${{ github.event.issue.title }}\njobs:\n  j:\n    steps:\n      - <<: *base\n",
    "composite-weird": "runs:\n  using: composite\n  steps: {a: b}\n",
    "docker-action": "runs:\n  using: docker\n  image: 5\n",
}


@pytest.mark.parametrize("name", sorted(WEIRD))
def test_strange_input_never_raises(name: str) -> None:
    found = _check(WEIRD[name])
    assert all(f.rule.startswith("GHA") for f in found)  # type: ignore[attr-defined]


def test_billion_laughs_and_deep_nesting_are_the_reserved_rule() -> None:
    for name in ("billion-laughs", "deep-nesting", "recursive-alias"):
        rules = {f.rule for f in a.check_file(".github/workflows/x.yml", WEIRD[name], _ctx())}
        assert rules == {"GHA700"}, name


def test_random_bytes_fuzz() -> None:
    rng = random.Random(18)
    alphabet = ["on: ", "jobs:\n", "  ", "- ", "run: ", "uses: ", "${{ ", " }}", "github.event.issue.title", "[", "]", "{", "}",
                ":", "\n", "|", "&a", "*a", "'", '"', "!tag ", "steps:", "with:", "env:", "ref: ", "\t", "#", "\x00", "é"]
    for _ in range(300):
        text = "on: push\njobs:\n" + "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 60)))
        _check(text)  # must not raise


def test_broken_file_is_one_reserved_finding_at_its_line(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / ".github/workflows/ci.yml", "on: push\njobs:\n  build:\n    runs-on: [ubuntu\n    steps: []\n")
    assert a.main([".github/workflows/ci.yml"]) == 1
    out, err = capsys.readouterr()
    assert "GHA700" in out and "Traceback" not in out + err and err == ""


@pytest.mark.parametrize("payload", [b"\xff\xfe\x00on: push", b"on: push\njobs:\n  j:\n    runs-on: \xe9\xff\n", os.urandom(4096)])
def test_binary_and_undecodable_files(repo: Path, capsys: pytest.CaptureFixture[str], payload: bytes) -> None:
    write(repo / ".github/workflows/ci.yml", payload)
    code = a.main([".github/workflows/ci.yml"])
    out, err = capsys.readouterr()
    assert code in (0, 1) and "Traceback" not in out + err and "internal error" not in err


def test_huge_file_is_skipped_with_a_notice(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / ".github/workflows/ci.yml", "on: push\njobs: {}\n" + "# padding\n" * 300_000)
    code = a.main([".github/workflows/ci.yml"])
    out, err = capsys.readouterr()
    assert code == 0 and "skipped" in err and "Traceback" not in err


def test_missing_file_is_an_error_line(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert a.main([".github/workflows/missing.yml"]) in (1, 2)
    assert "Traceback" not in capsys.readouterr().err


# --- no secret in any output, no file written, no network ---------------------------------

LEAKY = f"""\
on:
  pull_request_target:
  {SECRET}:
permissions:
  {SECRET}: write
env:
  TOKEN_FALLBACK: {SECRET}
jobs:
  call:
    uses: {SECRET}/wf/.github/workflows/x.yml@main
    secrets: inherit
  j:
    runs-on: self-hosted
    container:
      image: i
      credentials:
        password: {SECRET}
    steps:
      - uses: {SECRET}/action@master
      - uses: docker://{SECRET.lower()}:1
      - uses: actions/checkout@v4
        with:
          ref: ${{{{ github.event.pull_request.head.sha }}}} {SECRET}
      - run: |
          echo ${{{{ github.event.commits.{SECRET}.message }}}}
          git fetch origin pull/1/head {SECRET}
          curl -s https://x/{SECRET} | sh
          echo "{SECRET}: ${{{{ toJSON(secrets) }}}}"
      - uses: actions/upload-artifact@v4
        with:
          path: .
  broken: [{SECRET}
"""


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_no_secret_in_any_output(repo: Path, capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    write(repo / ".github/workflows/ci.yml", LEAKY)
    write(repo / ".github/workflows/ok.yml", LEAKY.replace("  broken: [", "  # "))
    code = a.main(["--format", fmt, "-v", "--enable", "GHA706", ".github/workflows/ci.yml", ".github/workflows/ok.yml"])
    out, err = capsys.readouterr()
    assert code == 1
    assert SECRET not in out + err and SECRET.lower() not in out + err and SECRET[4:14] not in out + err
    if fmt != "text":
        json.loads(out)
    rules = {line.split()[1] for line in out.splitlines() if ": GHA" in line} if fmt == "text" else set()
    if fmt == "text":
        assert {"GHA700", "GHA701", "GHA703", "GHA705", "GHA707", "GHA708", "GHA709", "GHA710", "GHA712", "GHA713"} <= rules


def test_no_file_written_and_no_network(repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    write(repo / ".github/workflows/ci.yml", LEAKY)
    write(repo / "action.yml", "runs:\n  using: composite\n  steps:\n    - run: echo ${{ github.head_ref }}\n      shell: bash\n")
    before = sorted(str(p) for p in repo.rglob("*") if ".git/" not in str(p))
    a.main([".github/workflows/ci.yml", "action.yml"])
    capsys.readouterr()
    assert sorted(str(p) for p in repo.rglob("*") if ".git/" not in str(p)) == before
