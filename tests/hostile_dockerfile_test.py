"""sechooks-dockerfile against hostile input (issue #12): no blow-up, no traceback, no leak.

Time is never asserted in absolute terms: a construct repeated 10x must cost less than
30x (CPU time, best of 3, the smaller input costing at least 20 ms).
"""
from __future__ import annotations

import json
import os
import tracemalloc
from typing import Callable

import pytest

from sechooks import dockerfile as d
from sechooks.core import catalogue, cli
from sechooks.engines import shell
from tests.timing import cpu_cost


def _ctx(every_rule: bool = False) -> cli.Context:
    rules = catalogue.family("DKR").rules.values()
    return cli.Context(family="DKR", enabled=frozenset(r.id for r in rules if every_rule or r.default), options={})


def _findings(text: str) -> list[tuple[str, int, str]]:
    """Findings of the rules on by default."""
    return sorted((f.rule, f.line, f.message) for f in d.check_file("Dockerfile", text, _ctx()))


_cost = cpu_cost


def _assert_linear(work: Callable[[str], object], make: Callable[[int], str], n: int = 8) -> None:
    while _cost(lambda: work(make(n))) < 0.02:
        n *= 2
    small, large = make(n), make(10 * n)
    t_small, t_large = _cost(lambda: work(small)), _cost(lambda: work(large))
    assert t_large < 30 * t_small, f"n={n}: {t_small:.3f}s -> {t_large:.3f}s for 10x the input"


def _check(text: str) -> object:
    return list(d.check_file("Dockerfile", text, _ctx(every_rule=True)))


def _doubling(n: int) -> str:
    return "FROM alpine:3.20\nARG A0=ab\n" + "".join(f"ARG A{i}=$A{i - 1}$A{i - 1}\n" for i in range(1, n)) + "USER $A5\n"


# Each construct once made the hook quadratic (or worse) in the size of the file.
CONSTRUCTS: dict[str, Callable[[int], str]] = {
    "arg-doubling-chain": _doubling,
    "env-lines": lambda n: "FROM alpine:3.20\n" + "".join(f"ENV V{i}=x{i}\nUSER $V{i}\n" for i in range(n)),
    "path-growth": lambda n: "FROM alpine:3.20\nENV PATH=/usr/bin\n" + "ENV PATH=$PATH:/opt/tool/bin\nWORKDIR $PATH\n" * n,
    "chained-stages": lambda n: "FROM alpine:3.20 AS s0\n" + "".join(f"FROM s{i - 1} AS s{i}\nENV V{i}=x\n" for i in range(1, n)) + "USER $V1\n",
    "many-copies": lambda n: "FROM alpine:3.20\n" + "".join(f"COPY a{i} /srv/b{i}\n" for i in range(n)) + "ENV KUBECONFIG=/x\n" * n,
    "unterminated-heredocs": lambda n: "FROM alpine:3.20\nRUN " + "<<EOF " * n + "\n",
    "many-flags": lambda n: "FROM alpine:3.20\nRUN " + "--mount=type=cache,target=/c " * n + "true\n",
    "unused-secret-args": lambda n: "FROM alpine:3.20\n" + "".join(f"ARG TOKEN_{i}\n" for i in range(n)) + "RUN true\n" * n,
    "interpreter-words": lambda n: "FROM alpine:3.20\nRUN curl $(x) " + ". " * n + "\n",
    "open-brackets": lambda n: "FROM alpine:3.20\nRUN echo " + "[" * n + "\n",
    "directive-spaces": lambda n: "# syntax=x" + " " * n + "y\nFROM alpine:3.20\n",
    "chmod-words": lambda n: "FROM alpine:3.20\nRUN " + "chmod " * n + "\n",
    "unclosed-defaults": lambda n: "FROM alpine:3.20\nARG A=1\nUSER " + "${A:-" * n + "\n",
    "git-fragments": lambda n: 'FROM alpine:3.20\nADD ["' + "x.git#" * n + '\\nx", "/d"]\n',
    "redirect-ampersands": lambda n: "FROM alpine:3.20\nRUN x " + ">&" * n + "\n",
    "nested-exec-form": lambda n: "FROM alpine:3.20\nRUN " + "[" * n + "]" * n + "\n",
}


@pytest.mark.parametrize("construct", sorted(CONSTRUCTS))
def test_time_is_linear_in_the_input(construct: str) -> None:
    _assert_linear(_check, CONSTRUCTS[construct])


@pytest.mark.parametrize("construct", ["env-lines", "chained-stages", "path-growth"])
def test_memory_is_linear_in_the_input(construct: str) -> None:
    def peak(text: str) -> int:
        tracemalloc.start()
        try:
            _check(text)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    make = CONSTRUCTS[construct]
    small, large = peak(make(200)), peak(make(2000))
    assert large < 30 * small, f"{small} -> {large} bytes for 10x the input"


@pytest.mark.parametrize("script", [">&" * 2000, "&>" * 2000, "$(" * 2000, '"$(' * 2000, "case x in a|" * 2000])
def test_shell_split_is_linear(script: str) -> None:
    _assert_linear(shell.split, lambda n: script * n, n=1)


# --- item 2: expansions are bounded, and the file says so once ----------------------

def test_doubling_args_stop_at_the_bound_with_one_dkr200() -> None:
    found = _findings(_doubling(60))
    reserved = [f for f in found if f[0] == "DKR200"]
    assert len(reserved) == 1
    _, line, message = reserved[0]
    # A0=ab doubles to 2**(i+1) characters: A16 is the first over 65536, declared on line 18
    assert line == 18 and "unknown" in message and "65536" in message


def test_a_long_literal_value_is_not_a_problem() -> None:
    assert not [f for f in _findings("FROM alpine:3.20\nENV A=" + "x" * 100_000 + "\nUSER $A\n") if f[0] == "DKR200"]


def test_values_past_the_bound_are_unknown_so_no_rule_fires_on_them() -> None:
    text = _doubling(40).replace("USER $A5", "USER root$A30")
    assert not [f for f in _findings(text) if f[0] == "DKR201"]


# --- item 7: no input reaches the user as a traceback -------------------------------

@pytest.mark.parametrize("keyword", ["RUN", "CMD", "ENTRYPOINT", "SHELL", "COPY", "ADD"])
def test_deeply_nested_exec_form_is_one_dkr200_at_its_line(keyword: str) -> None:
    text = "FROM alpine:3.20\nUSER app\n" + keyword + " " + "[" * 5000 + "]" * 5000 + "\nHEALTHCHECK NONE\n"
    assert [(rule, line) for rule, line, _ in _findings(text)] == [("DKR200", 3)]


def test_many_unterminated_heredoc_markers_are_one_dkr200() -> None:
    found = _findings("FROM alpine:3.20\nRUN cat " + "<<EOF " * 1000 + "\n")
    assert [(rule, line) for rule, line, _ in found if rule == "DKR200"] == [("DKR200", 2)]


def test_huge_and_unicode_numbers_are_not_a_crash() -> None:
    huge = "9" * 5000  # more digits than int() converts
    text = f"FROM alpine:3.20\nEXPOSE {huge}\nEXPOSE 1-{huge}/tcp\nEXPOSE ²²\nUSER {huge}:{huge}\nHEALTHCHECK NONE\n"
    assert [(rule, line) for rule, line, _ in _findings(text)] == [("DKR216", 3)]


def test_deep_nesting_through_the_command_line(tmp_path: os.PathLike[str], capsys: pytest.CaptureFixture[str]) -> None:
    path = os.path.join(tmp_path, "Dockerfile")
    with open(path, "w", encoding="utf-8") as f:
        f.write("FROM alpine:3.20\nRUN " + "[" * 100_000 + "\n")
    assert d.main([path]) == 1
    captured = capsys.readouterr()
    assert "DKR200" in captured.out and "internal error" not in captured.err + captured.out


# --- items 8 and 9: a secret in the file never reaches the output whole ------------------

PASSWORD = "Qx7vLm2pR9tWz4Kd"
TOKEN = "ghp_" + "R8mQ2xLk7vTz9Wp4Nc6Hb3Jd5Fs1Ga0Ye8Ku"
LEAKY = {
    "lost-continuation": (
        "FROM alpine:3.20\nENV APP_ENV=production \\\n    DB_USER=app\n    DB_PASSWORD=" + PASSWORD + "\n",
        "DKR200", 4,
    ),
    "lost-continuation-bare-token": ("FROM alpine:3.20\nRUN true\n" + TOKEN + "\n", "DKR200", 3),
    "add-url-userinfo": (
        f"FROM alpine:3.20\nADD https://deploy:{PASSWORD}@artifacts.example.com/tool.tar.gz /opt/\n", "DKR210", 2,
    ),
    "add-url-query-token": (
        f"FROM alpine:3.20\nADD https://artifacts.example.com/tool.tar.gz?access_token={TOKEN} /opt/\n", "DKR210", 2,
    ),
}


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
@pytest.mark.parametrize("case", sorted(LEAKY))
def test_secret_never_printed(case: str, fmt: str, tmp_path: os.PathLike[str], capsys: pytest.CaptureFixture[str]) -> None:
    text, rule, line = LEAKY[case]
    path = os.path.join(tmp_path, "Dockerfile")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    assert d.main([path, "--format", fmt]) == 1
    captured = capsys.readouterr()
    out = captured.out + captured.err
    assert rule in out
    for secret in (PASSWORD, TOKEN, PASSWORD.lower(), TOKEN.lower()):
        assert secret not in out
    if fmt == "json":
        assert any(f["rule"] == rule and f["line"] == line for f in json.loads(captured.out)["findings"])
