"""Hostile input for the Terraform and IAM hooks and the HCL engine (issues #12, #21, #22).

Each test is a reproducer of one observed failure: a hang, an exponential or quadratic
cost, a traceback, a leaked secret, a wrong line, a file read that should not be, or a
cache file loaded that another user could have written. Time is never asserted in
absolute terms: a cost is compared with the cost of an input a few times smaller.
"""
from __future__ import annotations

import contextlib
import json
import os
import pickle
import signal
import subprocess
import time
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

from sechooks import iam, terraform
from sechooks.core import cli
from sechooks.engines import hcl, network
from sechooks.engines import iam as engines_iam
from tests.conftest import git, write
from tests.timing import cpu_cost

SECRET = "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY"
AWS_KEY = "AKIAIOSFODNN7EXAMPLE"


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Fail instead of hanging (the alarm also interrupts a blocked open() or a C regex loop)."""
    def expired(signum: int, frame: Any) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


cost = cpu_cost


def assert_linear(small: Callable[[], object], large: Callable[[], object], factor: int, timeout: float = 20) -> None:
    """`large` is `factor` times `small`: its cost must stay within 3x proportional."""
    with deadline(timeout):
        base = cost(small)
        big = cost(large)
    assert base > 0.001, "the small input is too small to time"
    assert big < 3 * factor * base, f"{factor}x the input cost {big / base:.1f}x the time"


def context(family: str = "NET", root: str = ".", **options: Any) -> cli.Context:
    from sechooks.core import catalogue

    rules = catalogue.family(family)
    defaults = {name: opt.default for name, opt in rules.options.items()}
    return cli.Context(family, frozenset(rules.rules), {**defaults, **options}, root=root, verbose=True)


def run(main: Callable[[list[str]], int], capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with deadline(30):
        code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


SG = '''resource "aws_security_group" "sg" {{
  ingress {{
    from_port   = {port}
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = {cidrs}
  }}
}}
'''


def sg(port: str = "22", cidrs: str = '["0.0.0.0/0"]') -> str:
    return SG.format(port=port, cidrs=cidrs)


# --- #12.5: IAM action globs without backtracking ------------------------------------------

def test_iam_glob_matches_like_a_regex_would() -> None:
    import random
    import re

    rng = random.Random(12)
    for _ in range(20000):
        pattern = "".join(rng.choice("ab*?") for _ in range(rng.randint(0, 7)))
        text = "".join(rng.choice("ab") for _ in range(rng.randint(0, 8)))
        regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
        assert engines_iam.Glob(pattern).fullmatch(text) == bool(re.fullmatch(regex, text, re.S)), (pattern, text)


def _policy(action: str) -> str:
    return json.dumps({"Statement": [{"Effect": "Allow", "Action": [action, "s3:Get" + action[4:]], "Resource": "*"}]})


def test_iam_action_glob_is_linear_not_exponential(repo: Path) -> None:
    ctx = context("IAM")

    def check(n: int) -> Callable[[], object]:
        actions = [f"iam:*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?#{i}"
                   for i in range(n)] + [f"iam:*a*a*a*a*a*a*a*a*a*a*a*a*{i}*" for i in range(n)]
        text = json.dumps({"Statement": [{"Effect": "Allow", "Action": actions, "Resource": "*", "Principal": "*"}]})
        return lambda: (engines_iam._pattern_targets.cache_clear(), engines_iam._GLOBS.clear(), list(iam.check_file("p.json", text, ctx)))

    # 107 bytes took over a minute before: the regex backtracked over every split of the stars
    assert_linear(check(100), check(1000), 10)


def test_checkov_skip_comments_cost_linear_time() -> None:
    block = 'resource "aws_iam_policy" "p{i}" {{\n  #checkov:skip=CKV_AWS_1: reviewed\n  policy = jsonencode({{ Statement = [{{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }}] }})\n}}\n'
    ctx = context("IAM")

    def check(n: int) -> Callable[[], object]:
        text = "".join(block.format(i=i) for i in range(n)) + "#" * 300_000 * (n // 100) + "\n"
        return lambda: list(iam.check_file("main.tf", text, ctx))

    assert_linear(check(100), check(1000), 10)


# --- #12.7: numbers too long for int() ----------------------------------------------------

@pytest.mark.parametrize("port", ["9" * 5000, '"' + "9" * 5000 + '"', '"\u00b2"', '"\u0662\u0662"', "1" + "0" * 30])
def test_huge_or_odd_numbers_are_not_a_traceback(repo: Path, capsys: pytest.CaptureFixture[str], port: str) -> None:
    write(repo / "main.tf", sg(port=port))
    code, out, err = run(terraform.main, capsys, "main.tf")
    assert (code, out) == (0, ""), err
    assert "internal error" not in err


def test_huge_numbers_elsewhere_in_hcl(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    digits = "9" * 5000
    text = f'locals {{\n  n = {digits}\n  s = "${{local.n}}"\n  l = [1, 2][{digits}]\n  t = local.l.{digits}\n}}\n' + sg(
        cidrs='[local.s, local.t, "0.0.0.0/0"]').replace("protocol    = \"tcp\"", f"protocol    = \"tcp\"\n    description = {digits}")
    text += f'resource "aws_iam_policy" "p" {{\n  count  = {digits}\n  policy = jsonencode({{ Statement = [{{ Effect = "Allow", Action = "*", Resource = "*", Sid = {digits} }}] }})\n}}\n'
    write(repo / "main.tf", text)
    for main in (terraform.main, iam.main):
        code, out, err = run(main, capsys, "main.tf")
        assert code == 1 and "internal error" not in err, err
    write(repo / "p.json", '{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Sid": ' + digits + "}]}")
    code, out, err = run(iam.main, capsys, "p.json")
    assert "internal error" not in err and "IAM400" in out


# --- #12.10 and #12.16: parse errors redact what they quote, at the right line -------------------

def test_parse_error_masks_a_pasted_token_and_names_its_line(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = f'resource "aws_security_group" "x" {{\n  name = "web"\n  {AWS_KEY} {SECRET}\n}}\n'
    write(repo / "main.tf", text)
    for main in (terraform.main, iam.main):
        code, out, err = run(main, capsys, "main.tf", "--format", "json")
        found = json.loads(out)["findings"]
        if main is iam.main:
            assert found == []  # no IAM resource: the file is not parsed
            continue
        assert [(f["rule"], f["line"]) for f in found] == [("NET300", 3)]
        assert AWS_KEY not in out + err and SECRET not in out + err and SECRET[:12] not in out


@pytest.mark.parametrize(("text", "line"), [
    ('resource "aws_security_group" "x" {\n  name = "a"\n  oops\n}\n', 3),
    ('resource "aws_security_group" "x" {\n  tags = {\n    c = \n  }\n}\n', 4),
])
def test_parse_error_line_is_the_one_its_message_is_about(repo: Path, capsys: pytest.CaptureFixture[str], text: str, line: int) -> None:
    # python-hcl2 (tried as a fallback) counts lines differently; its line went with our message
    write(repo / "main.tf", text)
    code, out, err = run(terraform.main, capsys, "main.tf", "--format", "json")
    assert [(f["rule"], f["line"]) for f in json.loads(out)["findings"]] == [("NET300", line)]


def test_other_parse_error_messages_quote_through_redact() -> None:
    cases = [
        f'x = "a\\{chr(27)}\n',
        f"x = <<{AWS_KEY}{SECRET.replace('/', '')}\nnever closed\n",
        f'resource "aws_security_group" "x" {{\n  a = 1 {SECRET}\n}}\n',
        f"{SECRET}\n",
        f'{SECRET.replace("/", "")} {{\n',
    ]
    for text in cases:
        with pytest.raises(hcl.HclError) as raised:
            hcl.parse(text)
        message = raised.value.message
        assert SECRET not in message and SECRET.replace("/", "") not in message and chr(27) not in message, message


# --- #12.12: notices and unknown = "warn" redact the expression -----------------------------

UNKNOWN_SG = sg(cidrs=f'[var.cidrs["{SECRET}"]]')


def test_verbose_notice_masks_an_unresolved_expression(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "main.tf", UNKNOWN_SG)
    code, out, err = run(terraform.main, capsys, "main.tf", "-v")
    assert code == 0 and "NET301 not evaluated" in err and SECRET not in err


def test_unknown_warn_masks_the_expression_in_every_format(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / ".sechooks.toml", '[net]\nunknown = "warn"\n')
    write(repo / "main.tf", UNKNOWN_SG + 'resource "aws_eks_cluster" "c" {\n  vpc_config {\n'
          f'    public_access_cidrs = [var.c["{SECRET}"]]\n  }}\n}}\n')
    for fmt in ("text", "json", "sarif"):
        code, out, err = run(terraform.main, capsys, "main.tf", "--format", fmt)
        assert code == 1 and "could not be resolved" in out and SECRET not in out + err


def test_plain_references_stay_readable_in_notices() -> None:
    assert network.shown("module.net.admin_cidr") == "module.net.admin_cidr"
    assert network.shown("local.allowed_cidrs[0]") == "local.allowed_cidrs[0]"
    assert SECRET not in hcl.shown(f"var.x.{SECRET.replace('/', '').lower()}")


# --- #12.6: distinct() and the python-hcl2 fallback -------------------------------------------

def test_distinct_is_linear() -> None:
    def resolve(n: int) -> Callable[[], object]:
        items = ", ".join(f'"10.{i // 250}.{i % 250}.0/24"' for i in range(n))
        value = hcl.parse_fast(f"x = distinct([{items}])\n").get("x")
        resolver = hcl.Resolver()
        return lambda: [resolver.resolve(value) for _ in range(20)]

    assert len(resolve(6000)()[0]) == 6000  # type: ignore[index]
    assert_linear(resolve(600), resolve(6000), 10)


def test_huge_broken_file_is_not_handed_to_python_hcl2(repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    tried: list[int] = []
    real = hcl.parse_fallback

    def fallback(text: str) -> hcl.Module:
        tried.append(len(text))
        return real(text)

    monkeypatch.setattr(hcl, "parse_fallback", fallback)
    # 2 MB took python-hcl2 81 s; past FALLBACK_MAX_CHARS the fast reader's error stands
    body = "".join(sg().replace('"sg"', f'"sg{i}"') for i in range(600))
    assert len(body) > hcl.FALLBACK_MAX_CHARS
    write(repo / "main.tf", body + 'resource "aws_security_group" "open" {\n')  # never closed
    code, out, err = run(terraform.main, capsys, "main.tf", "--format", "json")
    assert [f["rule"] for f in json.loads(out)["findings"]] == ["NET300"] and tried == []
    write(repo / "main.tf", body + "x = 1 2\n")  # not a definite error, but too large to fall back
    code, out, err = run(terraform.main, capsys, "main.tf", "--format", "json")
    assert [f["rule"] for f in json.loads(out)["findings"]] == ["NET300"] and tried == []


# --- #12.2: expansion bombs ------------------------------------------------------------------

def bomb(steps: int, fan_out: int = 8, chains: int = 1) -> str:
    lines = ["locals {"]
    for c in range(chains):
        lines += [f'  a{c}_0 = ["0.0.0.0/0", "10.0.0.0/8"]', f'  s{c}_0 = "0.0.0.0/0"']
        for i in range(1, steps + 1):
            lines.append(f"  a{c}_{i} = concat(" + ", ".join([f"local.a{c}_{i - 1}"] * fan_out) + ")")
            lines.append(f"  s{c}_{i} = \"" + "".join([f"${{local.s{c}_{i - 1}}}"] * 2) + '"')
            lines.append(f"  f{c}_{i} = flatten([" + ", ".join([f"local.a{c}_{i - 1}"] * fan_out) + "])")
    lines.append("}")
    for c in range(chains):
        lines.append(sg(cidrs=f"[local.a{c}_2[0]]").replace('"sg"', f'"ok{c}"'))
        lines.append(sg(cidrs=f"local.a{c}_{steps}").replace('"sg"', f'"a{c}"'))
        lines.append(sg(cidrs=f"[local.s{c}_{steps}]").replace('"sg"', f'"s{c}"'))
        lines.append(sg(cidrs=f"local.f{c}_{steps}").replace('"sg"', f'"f{c}"'))
    return "\n".join(lines)


def test_locals_that_double_each_step_stay_bounded(repo: Path) -> None:
    text = bomb(40)
    with deadline(10):
        found = list(terraform.check_file("main.tf", text, context()))
    # the small, known value is still judged; an exploding one stops resolution and fails
    # the file under the reserved rule (unknown alone would pass it silently)
    lines = text.split("\n")
    ok_ingress = lines.index('resource "aws_security_group" "ok0" {') + 2
    bomb_cidrs = lines.index('resource "aws_security_group" "a0" {') + 6
    assert [(f.rule, f.line) for f in found] == [("NET301", ok_ingress), ("NET300", bomb_cidrs)]
    assert "value expansion stopped (a value grew past 10000 items)" in found[1].message
    iam_text = text + '\nresource "aws_iam_policy" "p" {\n  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = local.a0_40, Resource = local.s0_40 }] })\n}\n'
    with deadline(10):
        found = list(iam.check_file("main.tf", iam_text, context("IAM")))
    assert [f.rule for f in found] == ["IAM400"]


def test_expansion_cost_is_linear_in_the_number_of_bombs() -> None:
    def check(chains: int) -> Callable[[], object]:
        text = bomb(12, 4, chains)
        return lambda: list(terraform.check_file("main.tf", text, context()))

    assert_linear(check(2), check(20), 10)


# --- #21.2: the python-hcl2 grammar cache is never loaded from a file others can write -------------

def _plant(directory: Path, marker: Path, mode: int) -> Path:
    import hcl2.version
    from lark import __version__ as lark_version

    class Payload:
        def __reduce__(self) -> tuple[Any, ...]:
            return (os.mkdir, (str(marker),))

    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    cache = directory / f"hcl2-{hcl2.version.__version__}-lark-{lark_version}.cache"
    cache.write_bytes(b"0" * 64 + b"\n" + pickle.dumps(Payload()))
    cache.chmod(mode)
    return cache


@pytest.fixture
def fresh_parser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    pytest.importorskip("hcl2.api")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    hcl._hcl2_parser.cache_clear()
    yield tmp_path
    hcl._hcl2_parser.cache_clear()


def test_a_world_writable_cache_file_is_never_unpickled(fresh_parser: Path) -> None:
    marker = fresh_parser / "pwned"
    cache = _plant(fresh_parser / "cache" / "sechooks", marker, 0o666)
    assert hcl.hcl2_loads("x = 1\n")["x"] == 1
    assert not marker.exists()
    assert cache.read_bytes().startswith(b"0" * 64)  # left alone, not replaced by ours either


@pytest.mark.parametrize("variant", ["other-owner", "shared-directory", "symlink", "private-control"])
def test_cache_trust_decisions(fresh_parser: Path, monkeypatch: pytest.MonkeyPatch, variant: str) -> None:
    import lark

    marker = fresh_parser / "pwned"
    directory = fresh_parser / "cache" / "sechooks"
    cache = _plant(directory, marker, 0o600)
    if variant == "other-owner":
        if os.geteuid() != 0:
            pytest.skip("chown to another user needs root")
        os.chown(cache, 65534, 65534)
    elif variant == "shared-directory":
        directory.chmod(0o777)
    elif variant == "symlink":
        real = fresh_parser / "elsewhere.cache"
        cache.rename(real)
        cache.symlink_to(real)
    given: list[Any] = []

    def record(*args: Any, **kwargs: Any) -> object:
        given.append(kwargs.get("cache"))
        if kwargs.get("cache"):
            with open(kwargs["cache"], "rb") as f:  # what lark does first
                f.readline()
                pickle.load(f)
        return object()

    monkeypatch.setattr(lark.Lark, "open", record)
    hcl._hcl2_parser()
    if variant == "private-control":  # the planted payload does run when trusted: the test can see it
        assert given == [str(cache)] and marker.exists()
    else:
        assert given == [False] and not marker.exists()


def test_no_cache_in_a_shared_temporary_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / ".cache").write_text("not a directory")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(home))
    assert hcl.cache_dir() is None
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/dir")
    assert hcl.cache_dir() is None


# --- #22.2: a module directory is parsed once per run -------------------------------------------

def _module(directory: Path, n: int) -> list[str]:
    write(directory / "variables.tf", 'variable "cidr" {\n  default = "0.0.0.0/0"\n}\n')
    names = []
    for i in range(n):
        name = f"f{i:04d}.tf"
        write(directory / name, f'locals {{\n  port{i} = 22\n}}\n' + sg(port=f"local.port{i}", cidrs="[var.cidr]").replace('"sg"', f'"sg{i}"'))
        names.append(str(directory / name))
    return names


def test_a_directory_of_siblings_costs_linear_time(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    small, large = _module(repo / "small", 100), _module(repo / "large", 400)

    def check(names: list[str]) -> Callable[[], object]:
        def go() -> None:
            assert terraform.main(names) == 1
            capsys.readouterr()
        return go

    assert_linear(check(small), check(large), 4, timeout=60)


# --- #12.1, #21.3, #21.4: related files: regular, inside the repository, from the index ---------------

def test_sibling_fifo_and_dev_zero_neither_hang_nor_exhaust(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    os.mkfifo(repo / "fifo.tf")
    (repo / "zero.tf").symlink_to("/dev/zero")
    (repo / "terraform.tfvars").symlink_to("/dev/zero")
    write(repo / "main.tf", sg(cidrs="[var.cidr]") + 'variable "cidr" { default = "0.0.0.0/0" }\n')
    code, out, err = run(terraform.main, capsys, "main.tf", "--format", "json")
    assert code == 1 and [f["rule"] for f in json.loads(out)["findings"]] == ["NET301"]


def test_a_sibling_symlink_outside_the_repository_is_not_read(repo: Path, tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]) -> None:
    outside = tmp_path_factory.mktemp("outside") / "variables.tf"
    outside.write_text('variable "cidr" { default = "0.0.0.0/0" }\n')
    (repo / "variables.tf").symlink_to(outside)
    write(repo / "main.tf", sg(cidrs="[var.cidr]"))
    code, out, err = run(terraform.main, capsys, "main.tf", "-v")
    assert (code, out) == (0, "") and "NET301 not evaluated" in err


def test_a_file_target_outside_the_repository_is_not_read(repo: Path, tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]) -> None:
    outside = tmp_path_factory.mktemp("outside") / "admin.json"
    outside.write_text(json.dumps({"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
    os.mkfifo(repo / "fifo.json")
    write(repo / "main.tf", f'resource "aws_iam_policy" "a" {{\n  policy = file("{outside}")\n}}\n'
          'resource "aws_iam_policy" "b" {\n  policy = file("../../../../../../../../..' + str(outside) + '")\n}\n'
          'resource "aws_iam_policy" "c" {\n  policy = templatefile("fifo.json", {})\n}\n')
    code, out, err = run(iam.main, capsys, "main.tf", "-v")
    assert (code, out) == (0, "") and err.count("not checked") == 3


def test_staged_checks_judge_staged_siblings_and_file_targets(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "net" / "variables.tf", 'variable "cidr" { default = "0.0.0.0/0" }\n')
    write(repo / "net" / "terraform.tfvars", 'port = 22\n')
    write(repo / "net" / "main.tf", sg(port="var.port", cidrs="[var.cidr]"))
    write(repo / "net" / "admin.json", json.dumps({"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
    write(repo / "net" / "iam.tf", 'resource "aws_iam_policy" "a" {\n  policy = file("${path.module}/admin.json")\n}\n')
    git("add", ".")
    # edited back on disk after staging: the commit still holds the open versions
    write(repo / "net" / "variables.tf", 'variable "cidr" { default = "10.0.0.0/8" }\n')
    write(repo / "net" / "terraform.tfvars", 'port = 443\n')
    write(repo / "net" / "admin.json", json.dumps({"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}))
    code, out, err = run(terraform.main, capsys, "--staged", "--format", "json")
    assert [(f["rule"], f["path"]) for f in json.loads(out)["findings"]] == [("NET301", "net/main.tf")]
    code, out, err = run(iam.main, capsys, "--staged", "--format", "json")
    assert sorted((f["rule"], f["path"]) for f in json.loads(out)["findings"]) == [("IAM401", "net/admin.json"), ("IAM401", "net/iam.tf")]
    # and without --staged, the working tree is what is judged
    code, out, err = run(terraform.main, capsys, "net/main.tf", "--format", "json")
    assert json.loads(out)["findings"] == []


def test_the_related_files_of_a_run_are_read_once(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    names = _module(repo / "m", 20)
    ctx = context(root=str(repo))
    reads: list[str] = []
    real = cli.Context.read_related

    def read_related(self: cli.Context, path: str) -> Any:
        reads.append(path)
        return real(self, path)

    monkeypatch.setattr(cli.Context, "read_related", read_related)
    for name in names:
        list(terraform.check_file(name, Path(name).read_text(), ctx))
    assert len(reads) == len(set(reads)) == 21


def test_templatefile_with_unclosed_interpolations_is_linear() -> None:
    """An unclosed `${${${...` run: the old `\\$\\{[^}]*\\}` regex retried from every `${`."""
    import time

    from sechooks import iam

    def cost(n: int) -> float:
        best = float("inf")
        for _ in range(3):
            start = time.process_time()
            iam._templated_file('{"Statement": "' + "${" * n)
            best = min(best, time.process_time() - start)
        return max(best, 1e-4)

    assert cost(400_000) / cost(40_000) < 30
    assert iam._templated_file('{"a": "${x}", "b": ${y}}') == '{"a": "__TFEXPR__", "b": "__TFEXPR__"}'


# --- #14.7: operators and conditionals are evaluated, never at the cost of a traceback ---------

@pytest.mark.parametrize("count", [
    " + ".join(["1"] * 50_000),  # one flat chain: kept as text past MAX_CHAIN, not a deep tree
    " * ".join(["2"] * 200) + " == 0 ? 0 : 1",
    "var.n" + " * var.n" * 60,  # numbers past 18 digits are unknown, not huge ints
], ids=lambda text: f"{len(text)}-chars")
def test_long_operator_chains_are_no_traceback(repo: Path, capsys: pytest.CaptureFixture[str], count: str) -> None:
    write(repo / "main.tf", 'variable "n" { default = 99999 }\n' + sg().replace('"sg" {', '"sg" {\n  count = ' + count, 1))
    with deadline(10):
        code, out, err = run(terraform.main, capsys, "main.tf")
    assert code == 1 and "NET301" in out and "Traceback" not in err and "internal error" not in err


def test_numbers_from_operators_stay_bounded() -> None:
    resolver = hcl.Resolver()
    assert resolver.resolve(hcl.parse_expression("999999999 * 999999999 * 999999999")) is hcl.UNKNOWN
    assert resolver.resolve(hcl.parse_expression("1e300 * 1e300")) is hcl.UNKNOWN
    assert resolver.resolve(hcl.parse_expression("10 - 2 - 3")) == 5
