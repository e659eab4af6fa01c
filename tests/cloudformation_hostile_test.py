"""sechooks-cloudformation against hostile input: no blow-up, no traceback, no write, no
network, no secret in any output format. Time is never asserted in absolute terms: 10x the
input must cost less than 30x (CPU time, best of 3, the smaller input costing >= 20 ms)."""
from __future__ import annotations

import glob
import os
import socket
from pathlib import Path
from typing import Callable

import pytest

from sechooks import cloudformation as cf
from sechooks.core import catalogue, cli
from tests.conftest import write
from tests.harness import fuzzed_variants
from tests.timing import cpu_cost

TESTDATA = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "testdata")
HEAD = 'AWSTemplateFormatVersion: "2010-09-09"\n'


def _ctx() -> cli.Context:
    def opts(prefix: str) -> dict[str, object]:
        return {name: opt.default for name, opt in catalogue.family(prefix).options.items()}

    every = frozenset(r.id for p in ("CFN", "NET", "IAM") for r in catalogue.family(p).rules.values())
    return cli.Context(family="CFN", enabled=every, options=opts("CFN"),
                       other_options={"NET": opts("NET"), "IAM": opts("IAM")})


def _check(text: str, path: str = "t.yaml") -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in cf.check_file(path, text, _ctx())]


def _assert_linear(make: Callable[[int], str], n: int = 4, path: str = "t.yaml") -> None:
    while cpu_cost(lambda: _check(make(n), path)) < 0.02:
        n *= 2
    small, large = make(n), make(10 * n)
    t_small, t_large = cpu_cost(lambda: _check(small, path)), cpu_cost(lambda: _check(large, path))
    assert t_large < 30 * t_small, f"n={n}: {t_small:.3f}s -> {t_large:.3f}s for 10x the input"


def _sg(i: int) -> str:
    return (f"  G{i}:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      SecurityGroupIngress:\n"
            f"        - {{IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: !If [C{i % 7}, 0.0.0.0/0, !Ref P{i}]}}\n")


CONSTRUCTS: dict[str, Callable[[int], str]] = {
    "resources": lambda n: HEAD + "Resources:\n" + "".join(_sg(i) for i in range(n)),
    "parameters": lambda n: HEAD + "Parameters:\n" + "".join(f"  P{i}: {{Type: String, Default: '10.{i % 250}.0.0/16'}}\n" for i in range(n))
    + "Resources:\n" + "".join(_sg(i) for i in range(0, n, 50)),
    "statements": lambda n: HEAD + "Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n"
    "        Statement:\n" + "".join(f"          - {{Effect: Allow, Action: !Sub 's3:Get${{X{i}}}', Resource: '*'}}\n" for i in range(n)),
    "long-sub": lambda n: HEAD + "Resources:\n  G:\n    Type: AWS::EC2::SecurityGroupIngress\n    Properties:\n"
    "      IpProtocol: tcp\n      FromPort: 22\n      ToPort: 22\n      CidrIp: !Sub '" + "${A}x" * n + "'\n",
    "json": lambda n: '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {' + ", ".join(
        f'"G{i}": {{"Type": "AWS::EC2::SecurityGroup", "Properties": {{"SecurityGroupIngress": '
        f'[{{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": {{"Fn::Sub": "${{W}}"}}}}]}}}}' for i in range(n)) + "}}",
}


START = {"resources": 64, "parameters": 256, "statements": 256, "long-sub": 4000, "json": 128}  # ~20 ms each


@pytest.mark.parametrize("construct", sorted(CONSTRUCTS))
def test_time_is_linear_in_the_input(construct: str) -> None:
    _assert_linear(CONSTRUCTS[construct], START[construct], path="t.json" if construct == "json" else "t.yaml")


# --- bad input is CFN900 or silence, never a traceback ----------------------------------

def test_billion_laughs_is_one_cfn900() -> None:
    lines = [HEAD.rstrip(), "Metadata:", "  a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"  a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    lines += ["Resources:", "  G:", "    Type: AWS::EC2::SecurityGroup", "    Properties: {Tags: *a8}"]
    assert [r for r, _ in _check("\n".join(lines) + "\n")] == ["CFN900"]


def test_aliases_within_the_budget_do_not_multiply_the_work() -> None:
    lines = [HEAD.rstrip(), "Metadata:", "  a0: &a0 [{Key: k, Value: !If [C, a, b]}, x, x, x, x, x, x, x, x, x]"]
    lines += [f"  a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 5)]
    lines += ["Resources:"] + [f"  G{i}:\n    Type: AWS::EC2::SecurityGroup\n    Properties: {{Tags: *a4}}" for i in range(20)]
    assert cpu_cost(lambda: _check("\n".join(lines) + "\n"), runs=1) < 30 * cpu_cost(lambda: _check(HEAD + "Resources:\n" + _sg(1)), runs=1) + 5


def test_deep_nesting_is_one_cfn900() -> None:
    text = HEAD + "Resources:\n  G:\n    Type: AWS::S3::Bucket\n    Properties: " + "[" * 5000 + "]" * 5000 + "\n"
    assert [r for r, _ in _check(text)] == ["CFN900"]
    text = '{"AWSTemplateFormatVersion": "x", "Resources": ' + "[" * 100_000 + "]" * 100_000 + "}"
    assert [r for r, _ in _check(text, "t.json")] == ["CFN900"]


def test_deeply_nested_intrinsics_are_unknown_not_a_recursion_error() -> None:
    cidr = "!If [C, 10.0.0.0/8, " * 150 + "0.0.0.0/0" + "]" * 150
    text = HEAD + f"Resources:\n  G:\n    Type: AWS::EC2::SecurityGroupIngress\n    Properties: {{IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: {cidr}}}\n"
    assert [r for r, _ in _check(text)] in ([], ["CFN900"], ["NET301"])
    join = "!Join ['', [" * 60 + "'0.0.0.0/0'" + "]]" * 60
    text = text.replace(cidr, join)
    assert [r for r, _ in _check(text)] in ([], ["NET301"])


def test_self_referencing_parameters_and_mappings_terminate() -> None:
    text = (HEAD + "Parameters:\n  A: {Type: String, Default: !Ref A}\n  B: {Type: String, Default: !Sub '${B}${B}'}\n"
            "Mappings:\n  M: {k: {v: !FindInMap [M, k, v]}}\nResources:\n  G:\n    Type: AWS::EC2::SecurityGroupIngress\n"
            "    Properties: {IpProtocol: tcp, FromPort: !Ref A, ToPort: !FindInMap [M, k, v], CidrIp: !Sub '${B}'}\n")
    assert _check(text) == []


@pytest.mark.parametrize("text", [
    HEAD + "Resources: 42\n", HEAD + "Resources: [1, 2]\n", HEAD + "Resources:\n  A: 5\n  B: ~\n  C: {Type: [x]}\n",
    HEAD + "Resources:\n  A: {Type: AWS::EC2::SecurityGroup, Properties: 7}\n",
    HEAD + "Resources:\n  A: {Type: AWS::EC2::SecurityGroup, Properties: {SecurityGroupIngress: 7, SecurityGroupEgress: {a: b}}}\n",
    HEAD + "Resources:\n  A: {Type: AWS::EC2::SecurityGroup, Properties: {SecurityGroupIngress: [1, [2], null, {IpProtocol: [x], CidrIp: {a: b}}]}}\n",
    HEAD + "Resources:\n  A: {Type: AWS::EC2::NetworkAclEntry, Properties: {PortRange: 5, Protocol: {x: 1}, CidrBlock: 0.0.0.0/0}}\n",
    HEAD + "Resources:\n  A: {Type: AWS::EKS::Cluster, Properties: {ResourcesVpcConfig: {PublicAccessCidrs: 5, EndpointPublicAccess: [x]}}}\n",
    HEAD + "Resources:\n  A: {Type: AWS::IAM::Role, Properties: {Policies: [1, {PolicyDocument: 5}], ManagedPolicyArns: {a: 1}, AssumeRolePolicyDocument: '{bad json'}}\n",
    HEAD + "Resources:\n  A: {Type: AWS::IAM::Policy, Properties: {PolicyDocument: {Statement: [!If [C], !Ref AWS::NoValue, 5]}}}\n",
    HEAD + "Resources:\n  A: {Type: AWS::Lambda::Permission, Properties: {Principal: [x]}}\n",
    HEAD + "Resources:\n  A: {Type: AWS::Serverless::Function, Properties: {Policies: 5}}\n",
    HEAD + "Resources:\n  A: {Type: AWS::Serverless::Function, Properties: {Policies: [{Statement: 5}, [1], null]}}\n",
    HEAD + "Resources:\n  A: {Type: AWS::RDS::DBInstance, Properties: {MasterUserPassword: [x], Password: {a: b}, SecretString: '{\"a\": [1]}'}}\n",
    HEAD + "Resources:\n  A: {Type: AWS::S3::Bucket, Metadata: {cfn_nag: {rules_to_suppress: 5}, checkov: [x], sechooks: {ignore: [{id: [1]}, 3, '']}}}\n",
    HEAD + "Resources:\n  A: {Type: AWS::EC2::SecurityGroupIngress, Properties: {IpProtocol: tcp, FromPort: 99999999999999999999, ToPort: '²', CidrIp: 0.0.0.0/0}}\n",
    HEAD + "Resources:\n  A: {Type: AWS::EC2::SecurityGroupIngress, Properties: {IpProtocol: !Select [x, y], FromPort: !Select [99, [1]], ToPort: !Split [5, 6], CidrIp: !Join [1, 2]}}\n",
    HEAD + "Resources:\n  A: {Type: AWS::EC2::SecurityGroupIngress, Properties: {CidrIp: !Sub [1, 2], FromPort: !Sub ['${x}', 5], ToPort: !FindInMap 5}}\n",
    HEAD + "Parameters: 5\nMappings: [1]\nConditions: x\nResources:\n  A: {Type: AWS::EC2::SecurityGroupIngress, Properties: {CidrIp: !Ref 5}}\n",
    HEAD + "Resources:\n  A:\n    Type: AWS::EC2::SecurityGroupIngress\n    Properties:\n      CidrIp: '" + "0" * 200_000 + "'\n",
    "\ufeff" + HEAD + "Resources:\n  A: {Type: AWS::S3::Bucket}\n",
    HEAD + "--- \nResources:\n  A: {Type: AWS::S3::Bucket}\n---\n[x\n",
])
def test_wrong_shapes_never_crash(text: str) -> None:
    _check(text)


def test_fuzzed_fixtures_never_crash() -> None:
    paths = sorted(glob.glob(os.path.join(TESTDATA, "CFN9*", "*.y*ml")) + glob.glob(os.path.join(TESTDATA, "cfn-templates", "*.*ml"))
                   + glob.glob(os.path.join(TESTDATA, "cfn-templates", "*.json")) + glob.glob(os.path.join(TESTDATA, "CFN9*", "*.json")))
    assert len(paths) > 12
    for path, variant in fuzzed_variants(paths, 20, ":-[]{}&*!|>#'\"$\t\n ,\\"):
        _check(variant, path)


@pytest.mark.parametrize("data", [b"\x00\x01\x02AWS::EC2 Resources:", (HEAD + "Resources: {}\n").encode("utf-16"),
                                  HEAD.encode() + b"Resources:\n  A: {Type: AWS::S3::Bucket, X: \xff\xfe}\n"])
def test_binary_and_undecodable_files(repo: Path, data: bytes, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "t.template", data)
    assert cf.main(["t.template"]) in (0, 1)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err and "internal error" not in captured.err


def test_missing_file_is_reported_not_raised(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = cf.main(["t.template"])
    captured = capsys.readouterr()
    assert code in (1, 2) and "Traceback" not in captured.err


# --- no write, no network -------------------------------------------------------------------

def test_no_file_written_and_no_network(repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    for path in glob.glob(os.path.join(TESTDATA, "cfn-templates", "blocked_*")) + glob.glob(os.path.join(TESTDATA, "CFN9*", "bad_*")):
        if not path.endswith(".expect"):
            write(repo / os.path.basename(os.path.dirname(path)) / os.path.basename(path), open(path, encoding="utf-8").read())

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the hook opened a socket")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    before = {(p, os.stat(p).st_mtime_ns) for p in glob.glob(str(repo / "**"), recursive=True)}
    names = sorted(os.path.relpath(p, repo) for p in glob.glob(str(repo / "*" / "*")))
    for fmt in ("text", "json", "sarif"):
        assert cf.main(["--format", fmt, *names]) == 1
    after = {(p, os.stat(p).st_mtime_ns) for p in glob.glob(str(repo / "**"), recursive=True)}
    assert before == after
    capsys.readouterr()


# --- no secret printed ----------------------------------------------------------------------

PASSWORD = "Qx7vLm2pR9tWz4Kd"
TOKEN = "ghp_" + "R8mQ2xLk7vTz9Wp4Nc6Hb3Jd5Fs1Ga0Ye8Ku"
SG = "Resources:\n  {name}:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      SecurityGroupIngress:\n        - {{IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: {cidr}}}\n"
LEAKY = {
    "parameter-default": (HEAD + f"Parameters:\n  DbPassword: {{Type: String, Default: '{PASSWORD}'}}\n  Gh: {{Type: String, Default: {TOKEN}}}\nResources: {{}}\n", "CFN901"),
    "password-property": (HEAD + f"Resources:\n  D:\n    Type: AWS::RDS::DBInstance\n    Properties: {{MasterUserPassword: '{PASSWORD}'}}\n", "CFN902"),
    "secret-string": (HEAD + f"Resources:\n  D:\n    Type: AWS::SecretsManager::Secret\n    Properties: {{SecretString: '{{\"token\": \"{TOKEN}\"}}'}}\n", "CFN902"),
    "token-as-logical-id": (HEAD + SG.format(name=TOKEN, cidr="0.0.0.0/0"), "NET301"),
    "token-in-unresolved": (HEAD + SG.format(name="G", cidr=f"!Sub '${{{TOKEN}}}'"), "NET301"),
    "token-in-broken-yaml": (HEAD + f"Resources:\n  a: [\"{TOKEN}\n  x: [{PASSWORD}\n", "CFN900"),
    "token-in-broken-json": ('{"AWSTemplateFormatVersion": "' + TOKEN + '", "Resources": {"' + PASSWORD + '" ' + TOKEN + "}}", "CFN900"),
    "token-as-lambda-id": (HEAD + f"Resources:\n  {TOKEN}:\n    Type: AWS::Lambda::Permission\n    Properties: {{Principal: '*'}}\n", "IAM419"),
    "token-as-role-id": (HEAD + f"Resources:\n  {TOKEN}:\n    Type: AWS::IAM::Role\n    Properties: {{ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]}}\n", "IAM417"),
    "token-in-metadata": (HEAD + SG.format(name="G", cidr="0.0.0.0/0").replace("    Properties:", f"    Metadata: {{sechooks: {{ignore: [{TOKEN}]}}}}\n    Properties:"), "NET301"),
}


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
@pytest.mark.parametrize("case", sorted(LEAKY))
def test_secret_never_printed(case: str, fmt: str, repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text, rule = LEAKY[case]
    name = "t.template"
    write(repo / name, text)
    assert cf.main(["-v", "--format", fmt, name]) == (0 if case == "token-in-unresolved" else 1)  # that one: a -v notice
    captured = capsys.readouterr()
    out = captured.out + captured.err
    assert rule in out
    assert TOKEN not in out and PASSWORD not in out and TOKEN[4:20] not in out
