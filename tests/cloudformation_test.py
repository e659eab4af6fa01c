"""sechooks-cloudformation: templates judged by the shared network and IAM engines, the
template language resolved, literal secrets, Metadata suppressions, the new-user scenario."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from sechooks import cloudformation as cf
from sechooks.core import catalogue, cli
from sechooks.core.finding import Severity
from tests.conftest import write
from tests.harness import TESTDATA, check, expected_pairs

TEMPLATES = os.path.join(TESTDATA, "cfn-templates")
CASES = sorted(n for n in os.listdir(TEMPLATES) if n.endswith((".yaml", ".json")))


def defaults(prefix: str) -> dict[str, object]:
    return {name: opt.default for name, opt in catalogue.family(prefix).options.items()}


def ctx(net: dict[str, object] | None = None, enabled: frozenset[str] | None = None, verbose: bool = False) -> cli.Context:
    every = frozenset(r.id for p in ("CFN", "NET", "IAM") for r in catalogue.family(p).rules.values())
    return cli.Context(family="CFN", enabled=every if enabled is None else enabled, options=defaults("CFN"),
                       verbose=verbose, other_options={"NET": {**defaults("NET"), **(net or {})}, "IAM": defaults("IAM")})


def run(text: str, path: str = "template.yaml", **kw: object) -> list[tuple[str, int]]:
    return sorted((f.rule, f.line) for f in cf.check_file(path, text, ctx(**kw)))  # type: ignore[arg-type]


def messages(text: str, path: str = "template.yaml", **kw: object) -> list[str]:
    return [f"{f.rule} {f.message}" for f in cf.check_file(path, text, ctx(**kw))]  # type: ignore[arg-type]


# --- every template fixture: exactly the findings it declares, with the default rule set ---

@pytest.mark.parametrize("name", CASES)
def test_template_fixture(name: str) -> None:
    path = os.path.join(TEMPLATES, name)
    engine = check("CFN", [path])
    got = {(r.finding.rule, r.finding.line) for r in engine.report.findings}
    assert got == expected_pairs(path)
    assert not engine.errors
    if name.startswith("clean_"):
        assert not got
    else:
        assert got


# --- the scenario of the issue: a new user runs the hook on the SSH sample ---------------

SSH_GOOD = open(os.path.join(TEMPLATES, "blocked_ssh_open.yaml"), encoding="utf-8").read().replace(
    "Default: 0.0.0.0/0", "Default: 203.0.113.10/32").replace("  # expect: NET301", "")


def test_new_user_ssh_sample_blocked_on_the_ingress_line_and_fixed_version_passes(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "ec2.yaml", open(os.path.join(TEMPLATES, "blocked_ssh_open.yaml"), encoding="utf-8").read())
    assert cf.main(["ec2.yaml"]) == 1
    out = capsys.readouterr().out
    lines = [ln for ln in out.splitlines() if ln.startswith("ec2.yaml:")]
    assert [(ln.split(":")[1], ln.split()[1]) for ln in lines] == [("36", "NET301")]
    assert "SSH/admin port 22/tcp open to the world via 0.0.0.0/0 in InstanceSecurityGroup" in out
    assert "fix:" in out
    write(repo / "ec2.yaml", SSH_GOOD)
    assert cf.main(["ec2.yaml"]) == 0
    assert capsys.readouterr().out == ""


def test_same_rule_id_severity_and_message_as_terraform(repo: Path) -> None:
    tf = write(repo / "sg.tf", 'resource "aws_security_group" "web" {\n  ingress {\n    from_port = 22\n'
               '    to_port = 22\n    protocol = "tcp"\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n}\n')
    cfn = write(repo / "sg.yaml", "Resources:\n  web:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n"
                "      SecurityGroupIngress:\n        - {IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0}\n")
    (t,), (c,) = check("NET", [str(tf)]).report.findings, check("CFN", [str(cfn)]).report.findings
    assert (t.finding.rule, t.severity) == (c.finding.rule, c.severity) == ("NET301", Severity.CRITICAL)
    assert c.finding.message.replace("in web", "") == t.finding.message.replace("in aws_security_group.web", "")


# --- which files are templates -------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ('AWSTemplateFormatVersion: "2010-09-09"\nResources: {}\n', True),
    ("Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n", True),
    ("Resources:\n  B:\n    Type: AWS::S3::Bucket\n", True),
    ('{"Resources": {"B": {"Type": "AWS::S3::Bucket"}}}', True),
    ('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}', False),
    ('{"name": "pkg", "description": "deploys AWS::S3::Bucket"}', False),
    ("# notes\nThe type AWS::EC2::SecurityGroup opens ports.\n", False),
    ("apiVersion: v1\nkind: ConfigMap\ndata:\n  t: AWS::S3::Bucket\n", False),
])
def test_sniff(text: str, expected: bool) -> None:
    assert cf.sniff(text) is expected


def test_a_yaml_file_with_resources_but_no_aws_types_is_silent_even_when_it_does_not_parse() -> None:
    assert run("Resources:\n  a: [1\n") == []  # no AWS:: anywhere: not a template, not a CFN900
    assert run("Resources:\n  a:\n    Type: Custom::Thing\n    Properties: {CidrIp: AWS::x}\n") == []


# --- the template language -------------------------------------------------------------------

SG = """\
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Cidr:
    Type: String
{default}Resources:
  G:
    Type: AWS::EC2::SecurityGroup
    Properties:
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: 22
          ToPort: 22
          CidrIp: {cidr}
"""


@pytest.mark.parametrize(("default", "cidr", "expected"), [
    ("    Default: 0.0.0.0/0\n", "!Ref Cidr", [("NET301", 14)]),
    ("    Default: 10.0.0.0/8\n", "!Ref Cidr", []),
    ("", "!Ref Cidr", []),  # no default: unknown
    ("", "{Ref: Cidr}", []),
    ("    Default: 0.0.0.0/0\n", "{Ref: Cidr}", [("NET301", 14)]),
    ("    Default: 0.0.0.0/0\n", '!Sub "${Cidr}"', [("NET301", 14)]),
    ("    Default: 0.0.0.0\n", '!Sub "${Cidr}/0"', [("NET301", 14)]),
    ("    Default: 0.0.0.0\n", '{"Fn::Sub": ["${Ip}/0", {Ip: !Ref Cidr}]}', [("NET301", 14)]),
    ("", '!Sub "${!Literal}/0"', []),  # ${!x} is the text ${x}: not a network
    ("", '!Sub "${AWS::Region}/0"', []),  # a pseudo parameter: unknown
    ("", "!ImportValue world-cidr", []),
    ("", "!GetAtt Other.CidrBlock", []),
    ("", '!Join ["", ["0.0.0.0", "/", "0"]]', [("NET301", 14)]),
    ("", '!Select [2, ["10.0.0.0/8", "192.168.0.0/16", "0.0.0.0/0"]]', [("NET301", 14)]),
    ("", '!Select [0, !Split ["|", "::/0|10.0.0.0/8"]]', [("NET301", 14)]),
    ("", '!If [Cond, 10.0.0.0/8, 0.0.0.0/0]', [("NET301", 14)]),
    ("", '!If [Cond, 10.0.0.0/8, !If [Other, 10.1.0.0/16, 0.0.0.0/0]]', [("NET301", 14)]),
    ("", "!Base64 0.0.0.0/0", []),  # not resolved: unknown, never a guess
    ("", "!Custom 0.0.0.0/0", []),
])
def test_intrinsic_forms(default: str, cidr: str, expected: list[tuple[str, int]]) -> None:
    text = SG.format(default=default, cidr=cidr)
    assert run(text) == [(rule, cidr_line(text)) for rule, _ in expected]


def cidr_line(text: str) -> int:
    return next(i for i, line in enumerate(text.split("\n"), 1) if "CidrIp" in line)


def test_find_in_map_with_literal_and_resolved_keys_and_missing_keys() -> None:
    text = SG.format(default="    Default: prod\n", cidr="!FindInMap [Nets, !Ref Cidr, Admin]").replace(
        "Resources:", "Mappings:\n  Nets:\n    prod: {Admin: 0.0.0.0/0}\n    dev: {Admin: 10.0.0.0/8}\nResources:")
    assert run(text) == [("NET301", cidr_line(text))]
    assert run(text.replace("!Ref Cidr", "dev")) == []
    assert run(text.replace("!Ref Cidr", "nosuch")) == []
    assert run(text.replace("!Ref Cidr", "!Ref AWS::Region")) == []


def test_if_finding_in_one_branch_names_the_condition() -> None:
    text = SG.format(default="", cidr="!If [IsProd, 10.0.0.0/8, 0.0.0.0/0]")
    (message,) = messages(text)
    assert message.endswith("(when condition IsProd is false)")
    both = SG.format(default="", cidr="!If [IsProd, 0.0.0.0/0, ::/0]")
    (message,) = messages(both)
    assert "condition" not in message  # both branches open it: no condition to name


def test_the_same_condition_takes_the_same_branch_everywhere() -> None:
    text = SG.format(default="", cidr="!If [C, 0.0.0.0/0, 10.0.0.0/8]").replace(
        "FromPort: 22\n          ToPort: 22", "FromPort: !If [C, 443, 22]\n          ToPort: !If [C, 443, 22]")
    assert run(text) == []  # world only with 443, port 22 only from 10/8


def test_no_value_drops_an_entry_and_a_property() -> None:
    text = """\
Resources:
  G:
    Type: AWS::EC2::SecurityGroup
    Properties:
      SecurityGroupIngress:
        - !If [Open, {IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0}, !Ref AWS::NoValue]
        - IpProtocol: tcp
          FromPort: 3389
          ToPort: 3389
          CidrIp: !If [Open, !Ref AWS::NoValue, 0.0.0.0/0]
          SourceSecurityGroupId: !If [Open, sg-1, !Ref AWS::NoValue]
"""
    assert messages(text) == [
        "NET301 SSH/admin port 22/tcp open to the world via 0.0.0.0/0 in G (when condition Open is true)",
        "NET302 RDP port 3389/tcp open to the world via 0.0.0.0/0 in G (when condition Open is false)",
    ]


def test_many_conditions_are_bounded_and_each_still_taken_both_ways() -> None:
    entries = "".join(
        f"        - {{IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: !If [C{i}, 10.0.0.0/8, 0.0.0.0/0]}}\n"
        for i in range(30))
    text = f"Resources:\n  G:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      SecurityGroupIngress:\n{entries}"
    found = messages(text)
    assert len(found) == 30 and all(m.endswith(f"(when condition C{i} is false)") for i, m in enumerate(found))


def test_unknown_is_a_verbose_notice_or_a_low_finding_with_unknown_warn() -> None:
    text = SG.format(default="", cidr="!Ref Cidr")
    context = ctx(verbose=True)
    assert list(cf.check_file("t.yaml", text, context)) == []
    assert any("NET301 not evaluated for G: `!Ref Cidr` could not be resolved" in n for n in context.notices)
    (finding,) = cf.check_file("t.yaml", text, ctx(net={"unknown": "warn"}))
    assert (finding.rule, finding.line, finding.severity) == ("NET301", cidr_line(text), Severity.LOW)
    assert "`!Ref Cidr` could not be resolved" in finding.message
    whole = SG.format(default="", cidr="x").replace(
        "SecurityGroupIngress:\n        - IpProtocol: tcp\n          FromPort: 22\n          ToPort: 22\n          CidrIp: x",
        "SecurityGroupIngress: !Ref Rules")
    (finding,) = cf.check_file("t.yaml", whole, ctx(net={"unknown": "warn"}))
    assert (finding.rule, finding.line, finding.severity) == ("NET306", 9, Severity.LOW)


def test_port_parameters_and_protocol_numbers() -> None:
    text = SG.format(default="    Default: 3306\n", cidr="0.0.0.0/0").replace(
        "IpProtocol: tcp\n          FromPort: 22\n          ToPort: 22", "IpProtocol: 6\n          FromPort: !Ref Cidr\n          ToPort: !Ref Cidr")
    assert run(text) == [("NET304", cidr_line(text))]
    everything = SG.format(default="", cidr="0.0.0.0/0").replace("IpProtocol: tcp", "IpProtocol: -1")
    assert run(everything) == [("NET303", cidr_line(everything))]
    egress = everything.replace("SecurityGroupIngress", "SecurityGroupEgress")
    assert run(egress) == [("NET308", cidr_line(egress))]  # opt-in rule, enabled here


# --- IAM through the engine -----------------------------------------------------------------

ROLE = """\
Resources:
  R:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {principal}
            Action: sts:AssumeRole
"""


@pytest.mark.parametrize(("principal", "expected"), [
    ('{AWS: "*"}', [("IAM408", 7)]),
    ('{AWS: !Sub "arn:aws:iam::${AWS::AccountId}:root"}', []),
    ("{Service: lambda.amazonaws.com}", []),
    ("{AWS: !Ref TrustedRole}", []),
    ("!If [Open, {AWS: '*'}, {Service: ec2.amazonaws.com}]", [("IAM408", 7)]),
])
def test_trust_policies(principal: str, expected: list[tuple[str, int]]) -> None:
    assert run(ROLE.format(principal=principal)) == expected


def test_list_valued_intrinsics_in_a_policy() -> None:
    text = ("Parameters:\n  Actions: {Type: CommaDelimitedList, Default: 's3:GetObject,*'}\nResources:\n  P:\n"
            "    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Statement:\n"
            "          - {Effect: Allow, Action: !Ref Actions, Resource: '*'}\n"
            "          - {Effect: Allow, Action: !Split [',', 'ec2:Describe*,iam:*'], Resource: '*'}\n")
    assert [r for r, _ in run(text)] == ["IAM401"]  # the admin statement makes the other one moot
    assert ("IAM403", 10) in run(text.replace("s3:GetObject,*", "s3:GetObject"))


def test_a_policy_document_written_as_a_json_string_is_judged_at_its_line() -> None:
    text = ('Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument: '
            '\'{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}\'\n')
    assert run(text) == [("IAM401", 5)]


def test_sam_policies_forms() -> None:
    text = ("Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n"
            "    Properties:\n      Policies:\n        - {policy}\n")
    assert run(text.format(policy="AdministratorAccess")) == [("IAM417", 7)]
    assert run(text.format(policy="arn:aws:iam::aws:policy/PowerUserAccess")) == [("IAM417", 7)]
    assert run(text.format(policy="AWSLambdaBasicExecutionRole")) == []
    assert run(text.format(policy="SQSPollerPolicy: {QueueName: q}")) == []
    assert run(text.format(policy="!If [Admin, AdministratorAccess, !Ref AWS::NoValue]")) == [("IAM417", 7)]


def test_lambda_permission_scoping() -> None:
    text = "Resources:\n  P:\n    Type: AWS::Lambda::Permission\n    Properties:\n      Principal: '*'\n{extra}"
    assert run(text.format(extra="")) == [("IAM419", 5)]
    assert run(text.format(extra="      SourceAccount: !Ref AWS::AccountId\n")) == []
    assert run(text.format(extra="").replace("'*'", "!Ref Caller")) == []


# --- secrets --------------------------------------------------------------------------------

def test_secrets_are_masked_in_messages() -> None:
    text = ("Parameters:\n  DbPassword:\n    Type: String\n    Default: Xk9#mQ2vLp8zR4w\nResources:\n"
            "  D:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      MasterUserPassword: Vq3!nT8sLw2pZk5\n")
    found = messages(text)
    assert [m.split()[0] for m in found] == ["CFN901", "CFN902"]
    assert not any("Xk9#mQ2v" in m or "Vq3!nT8s" in m for m in found)
    assert "MasterUserPassword of D" in found[1]


def test_a_password_in_either_branch_of_an_if_is_found() -> None:
    text = ("Resources:\n  D:\n    Type: AWS::RDS::DBInstance\n    Properties:\n"
            "      MasterUserPassword: !If [Prod, '{{resolve:secretsmanager:db}}', Vq3!nT8sLw2pZk5]\n")
    assert run(text) == [("CFN902", 5)]


def test_no_echo_and_placeholders_are_not_secrets() -> None:
    text = "AWSTemplateFormatVersion: '2010-09-09'\nParameters:\n  P:\n    Type: String\n    NoEcho: {noecho}\n    Default: {value}\nResources: {{}}\n"
    assert run(text.format(noecho="true", value="Xk9#mQ2vLp8zR4w")) == []
    assert run(text.format(noecho="false", value="Xk9#mQ2vLp8zR4w").replace("  P:", "  DbPassword:")) == [("CFN901", 6)]
    assert run(text.format(noecho="false", value="changeme").replace("  P:", "  DbPassword:")) == []


# --- Metadata suppressions ------------------------------------------------------------------

META = """\
Resources:
  G:
    Type: AWS::EC2::SecurityGroup
    Metadata:
{metadata}
    Properties:
      SecurityGroupIngress:
        - {{IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0}}
        - {{IpProtocol: tcp, FromPort: 5432, ToPort: 5432, CidrIp: 0.0.0.0/0}}
"""


@pytest.mark.parametrize(("metadata", "left"), [
    ("      cfn_nag: {rules_to_suppress: [{id: W2, reason: bastion}]}", []),
    ("      cfn_nag: {rules_to_suppress: [{id: W27, reason: ranges}]}", ["NET301", "NET304"]),
    ("      checkov: {skip: [{id: CKV_AWS_24, comment: bastion}]}", ["NET304"]),
    ("      sechooks: {ignore: [NET304]}", ["NET301"]),
    ("      sechooks: {ignore: [{id: ssh-open-to-world, reason: bastion}]}", ["NET304"]),
    ("      sechooks: {ignore: [TFN301]}", ["NET304"]),  # the old prefix is an alias
    ("      sechooks: {ignore: [NOPE999]}", ["NET301", "NET304"]),
])
def test_metadata_suppressions(metadata: str, left: list[str]) -> None:
    assert [r for r, _ in run(META.format(metadata=metadata))] == left


def test_every_cfn_nag_mapping_names_existing_rules() -> None:
    from sechooks.rules import iam as iam_rules, net as net_rules

    for table in (net_rules.CFN_NAG, iam_rules.CFN_NAG):
        for nag, ids in table.items():
            assert {r.id for r in catalogue.lookup(nag)} >= set(ids), nag  # peers: explain W2, --disable F3
            for rule_id in ids:
                assert catalogue.get(rule_id).id == rule_id, nag


def test_a_pragma_on_the_resource_line_covers_its_findings() -> None:
    text = META.format(metadata="      other: 1").replace("  G:\n", "  G:  # sechooks: ignore[NET301,NET304] -- reviewed\n")
    assert not check_text(text)


def check_text(text: str) -> list[tuple[str, int]]:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "t.yaml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return [(r.finding.rule, r.finding.line) for r in check("CFN", [path], root=tmp).report.findings]


# --- JSON with lines ---------------------------------------------------------------------------

def test_json_reader_lines_escapes_and_tabs() -> None:
    text = '{\n\t"a":\t"x\\/y \\u00e9 \\"q\\"",\n\t"b": [\n\t\t1,\n\t\t{"c": -2.5e1}\n\t]\n}\n'
    value = cf.load_json(text)
    assert value == json.loads(text)
    assert (value.key_line("a"), value.value_line("b"), value["b"].item_line(1), value["b"][1].value_line("c")) == (2, 3, 5, 5)


@pytest.mark.parametrize("fragment", ['{"a": 1,}}', '{"a" 1}}', "[1 2]}", '{"a": tru}}', '{"a": "x', "{", '{}} x', "[" * 300,
                                      '"\\x"}', '"tab\there"}', "NaN}"])
def test_json_errors_are_cfn900_never_a_traceback(fragment: str) -> None:
    text = '{"AWSTemplateFormatVersion": "2010-09-09",\n "Resources": ' + fragment
    found = list(cf.check_file("t.json", text, ctx()))
    assert [f.rule for f in found] == ["CFN900"]
    assert found[0].line in (1, 2)


def test_json_duplicate_keys_keep_the_first_as_yaml_does() -> None:
    assert cf.load_json('{"a": 1, "a": 2}') == {"a": 1}
