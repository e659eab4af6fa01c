"""sechooks-iam: discovery, §4.2 semantics, every §4.3 edge case, Terraform forms, CLI."""
from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import pytest

from sechooks.core import config as configuration
from sechooks import iam
from sechooks.engines import iam as iam_engine
from sechooks.core.finding import Severity
from tests.harness import check

GH = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"


def _write(tmp_path: Path, name: str, content: Any) -> str:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content if isinstance(content, str) else json.dumps(content, indent=2), encoding="utf-8")
    return str(path)


def scan(tmp_path: Path, content: Any, name: str = "policy.json", enable: tuple[str, ...] = (), config: configuration.Config | None = None) -> dict[str, tuple[int, Severity, str]]:
    """rule -> (line, severity, message) for one file through the whole engine."""
    path = _write(tmp_path, name, content)
    engine = check("IAM", [path], config, enable=enable, root=str(tmp_path))
    assert not engine.errors
    out: dict[str, tuple[int, Severity, str]] = {}
    for reported in engine.report.findings:
        f = reported.finding
        assert f.rule not in out, f"two {f.rule} findings: {engine.report.findings}"
        out[f.rule] = (f.line, reported.severity, f.message)
    return out


def doc(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def rules(found: dict[str, tuple[int, Severity, str]]) -> set[str]:
    return set(found)


# --- §4.3 edge cases, JSON ---------------------------------------------------------

def test_single_statement_object_with_string_values(tmp_path: Path) -> None:
    found = scan(tmp_path, {"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}})
    assert rules(found) == {"IAM401"}
    assert found["IAM401"][1] == Severity.CRITICAL


def test_same_statement_inside_a_list(tmp_path: Path) -> None:
    found = scan(tmp_path, doc({"Effect": "Allow", "Action": "*", "Resource": "*"}))
    assert rules(found) == {"IAM401"}


def test_star_colon_star_lower_case_names_and_effect(tmp_path: Path) -> None:
    found = scan(tmp_path, {"Statement": [{"effect": "allow", "action": ["*:*"], "RESOURCE": ["*"]}]})
    assert rules(found) == {"IAM401"}


def test_deny_never_fires(tmp_path: Path) -> None:
    everything = {"Effect": "Deny", "Action": "*", "Resource": "*", "Principal": "*", "NotResource": "x"}
    assert scan(tmp_path, doc(everything, {"Effect": "DENY", "NotAction": "iam:*", "Resource": "*"}), enable=("IAM418",)) == {}


@pytest.mark.parametrize("action", ["s3:*", "S3:*", "s3:**"])
def test_service_wildcard_is_iam404_medium(tmp_path: Path, action: str) -> None:
    found = scan(tmp_path, doc({"Effect": "Allow", "Action": action, "Resource": "*"}))
    assert found["IAM404"][1] == Severity.MEDIUM
    assert {"IAM401", "IAM402", "IAM403"}.isdisjoint(found)


def test_iam_star_is_iam403_and_the_set_rules(tmp_path: Path) -> None:
    found = scan(tmp_path, doc({"Effect": "Allow", "Action": "iam:*", "Resource": "*"}))
    assert found["IAM403"][1] == Severity.CRITICAL
    assert found["IAM411"][1] == Severity.HIGH
    assert "CreatePolicyVersion" in found["IAM411"][2] and "more" in found["IAM411"][2]
    assert "IAM414" in found and "IAM404" not in found


def test_partial_iam_glob_is_not_a_service_wildcard(tmp_path: Path) -> None:
    found = scan(tmp_path, doc({"Effect": "Allow", "Action": "iam:Put*", "Resource": "*"}))
    assert "IAM403" not in found and "IAM404" not in found
    assert "PutRolePolicy" in found["IAM411"][2]
    assert "iam:PutRolePolicy" in found["IAM414"][2]


def test_wildcard_action_on_specific_resource_is_iam402(tmp_path: Path) -> None:
    found = scan(tmp_path, doc({"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::my-bucket/*"}))
    assert rules(found) == {"IAM402"}


def test_notaction_allow_is_iam405_critical_and_suppresses_set_rules(tmp_path: Path) -> None:
    found = scan(tmp_path, doc({"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}))
    assert rules(found) == {"IAM405"}
    assert found["IAM405"][1] == Severity.CRITICAL


def test_notaction_on_specific_resource_is_high(tmp_path: Path) -> None:
    found = scan(tmp_path, doc({"Effect": "Allow", "NotAction": ["s3:Delete*"], "Resource": "arn:aws:s3:::b/*"}))
    assert found["IAM405"][1] == Severity.HIGH


def test_notresource_with_getobject(tmp_path: Path) -> None:
    found = scan(tmp_path, doc({"Effect": "Allow", "NotResource": "arn:aws:s3:::secret/*", "Action": "s3:GetObject"}))
    assert rules(found) == {"IAM406", "IAM413"}


def test_public_principal_read_only_is_high(tmp_path: Path) -> None:
    found = scan(tmp_path, doc({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}))
    assert found["IAM408"][1] == Severity.HIGH


def test_public_principal_service_wildcard_is_critical(tmp_path: Path) -> None:
    found = scan(tmp_path, doc({"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*"}))
    assert found["IAM408"][1] == Severity.CRITICAL


def test_public_principal_glob_expanded_through_the_catalogue(tmp_path: Path) -> None:
    statement = {"Effect": "Allow", "Principal": "*", "Resource": "arn:aws:s3:::b/*"}
    reads = scan(tmp_path, doc({**statement, "Action": "s3:Get*"}))
    writes = scan(tmp_path, doc({**statement, "Action": "s3:*Object"}))
    assert reads["IAM408"][1] == Severity.HIGH
    assert writes["IAM408"][1] == Severity.CRITICAL  # s3:*Object includes PutObject, DeleteObject


def test_public_principal_with_org_condition_is_iam409_low(tmp_path: Path) -> None:
    found = scan(tmp_path, doc({
        "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*",
        "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc"}},
    }))
    assert rules(found) == {"IAM409"}
    assert found["IAM409"][1] == Severity.LOW


@pytest.mark.parametrize(("condition", "level"), [
    ({"Bool": {"aws:SecureTransport": "true"}}, Severity.MEDIUM),
    ({"StringEqualsIfExists": {"aws:SourceAccount": "111122223333"}}, Severity.MEDIUM),
    ({"StringLike": {"aws:PrincipalArn": "*"}}, Severity.MEDIUM),
    ({"ArnLike": {"AWS:SourceArn": "arn:aws:sns:eu-west-1:111122223333:t"}}, Severity.LOW),
])
def test_public_principal_condition_strength(tmp_path: Path, condition: dict[str, Any], level: Severity) -> None:
    found = scan(tmp_path, doc({"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:eu-west-1:111122223333:q", "Condition": condition}))
    assert found["IAM409"][1] == level


def test_aws_principal_list_containing_star_is_public(tmp_path: Path) -> None:
    found = scan(tmp_path, doc({"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:root", "*"]}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}))
    assert "IAM408" in found


@pytest.mark.parametrize("principal", [
    {"Service": "ec2.amazonaws.com"},
    {"AWS": "arn:aws:iam::111122223333:role/app"},
    {"Federated": "cognito-identity.amazonaws.com"},
    {"CanonicalUser": "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"},
])
def test_named_principals_are_not_public(tmp_path: Path, principal: dict[str, str]) -> None:
    found = scan(tmp_path, doc({"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"}))
    assert found == {}


def test_passrole_with_passed_to_service_condition(tmp_path: Path) -> None:
    found = scan(tmp_path, doc(
        {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*", "Condition": {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}},
        {"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "*"},
    ))
    assert "IAM410" not in found
    assert found["IAM411"][1] == Severity.MEDIUM


def test_passrole_and_run_instances(tmp_path: Path) -> None:
    found = scan(tmp_path, doc({"Effect": "Allow", "Action": ["iam:PassRole", "ec2:RunInstances"], "Resource": "*"}))
    assert found["IAM410"][1] == Severity.HIGH
    assert found["IAM411"][1] == Severity.HIGH
    assert "PassRole+ec2:RunInstances" in found["IAM411"][2]


def test_create_policy_version_on_a_named_policy_is_medium(tmp_path: Path) -> None:
    found = scan(tmp_path, doc({"Effect": "Allow", "Action": "iam:CreatePolicyVersion", "Resource": "arn:aws:iam::123456789012:policy/app"}))
    assert found["IAM411"][1] == Severity.MEDIUM
    assert "IAM414" not in found  # not on every resource


def test_deny_removes_a_method_but_not_the_others(tmp_path: Path) -> None:
    found = scan(tmp_path, doc(
        {"Effect": "Allow", "Action": "iam:*", "Resource": "*"},
        {"Effect": "Deny", "Action": "iam:CreatePolicyVersion", "Resource": "*"},
    ))
    message = found["IAM411"][2]
    assert "CreatePolicyVersion" not in message and "SetDefaultPolicyVersion" in message


def test_conditional_deny_removes_nothing(tmp_path: Path) -> None:
    found = scan(tmp_path, doc(
        {"Effect": "Allow", "Action": "iam:CreatePolicyVersion", "Resource": "*"},
        {"Effect": "Deny", "Action": "iam:*", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}},
    ))
    assert found["IAM411"][1] == Severity.HIGH


def test_condition_downgrades(tmp_path: Path) -> None:
    cond = {"StringEquals": {"aws:RequestedRegion": "eu-west-1"}}
    admin = scan(tmp_path, doc({"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": cond}))
    kms = scan(tmp_path, doc({"Effect": "Allow", "Action": "kms:*", "Resource": "*", "Condition": cond}))
    iam_star = scan(tmp_path, doc({"Effect": "Allow", "Action": "iam:*", "Resource": "*", "Condition": cond}))
    assert admin["IAM401"][1] == Severity.HIGH
    assert kms["IAM404"][1] == Severity.LOW
    assert iam_star["IAM403"][1] == Severity.HIGH
    assert iam_star["IAM411"][1] == Severity.MEDIUM
    assert "IAM412" not in iam_star  # conditional grants stay out of the effective set


def test_full_admin_suppresses_the_other_action_rules(tmp_path: Path) -> None:
    found = scan(tmp_path, doc(
        {"Effect": "Allow", "Action": ["*", "iam:*", "s3:*"], "Resource": "*"},
        {"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::b"},
    ))
    assert rules(found) == {"IAM401"}


def test_one_finding_per_document_at_first_statement(tmp_path: Path) -> None:
    text = json.dumps(doc({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"},
                          {"Sid": "A", "Effect": "Allow", "Action": "*", "Resource": "*"},
                          {"Sid": "B", "Effect": "Allow", "Action": "*", "Resource": "*"}), indent=2)
    found = scan(tmp_path, text)
    line, _, message = found["IAM401"]
    assert text.split("\n")[line - 1].strip() == "{" and '"Sid": "A"' in text.split("\n")[line]
    assert "Statement[1] (A), Statement[2] (B)" in message


def test_service_wildcards_one_finding_per_statement(tmp_path: Path) -> None:
    path = _write(tmp_path, "p.json", doc({"Effect": "Allow", "Action": ["s3:*", "ec2:*"], "Resource": "*"}, {"Effect": "Allow", "Action": "sqs:*", "Resource": "*"}))
    engine = check("IAM", [path], root=str(tmp_path))
    hits = [r.finding for r in engine.report.findings if r.finding.rule == "IAM404"]
    assert len(hits) == 2 and "ec2:*, s3:*" in hits[0].message


def test_cross_account_trust_and_trusted_accounts(tmp_path: Path) -> None:
    trust = doc({"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "sts:AssumeRole"})
    assert "IAM415" in scan(tmp_path, trust)
    config = configuration.from_mapping({"iam": {"trusted_account_ids": ["444455556666"]}}, "test")
    assert scan(tmp_path, trust, config=config) == {}
    with_condition = doc({**trust["Statement"][0], "Condition": {"StringEquals": {"sts:ExternalId": "x"}}})
    assert scan(tmp_path, with_condition) == {}


def test_trusted_account_ids_are_validated() -> None:
    with pytest.raises(configuration.ConfigError):
        configuration.from_mapping({"iam": {"trusted_account_ids": ["12345"]}}, "test")


def test_github_trust_pinned_to_org_is_fine(tmp_path: Path) -> None:
    found = scan(tmp_path, doc({
        "Effect": "Allow", "Principal": {"Federated": GH}, "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": "repo:my-org/*"}},
    }))
    assert found == {}


@pytest.mark.parametrize("condition", [
    {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}},
    {"StringLike": {"token.actions.githubusercontent.com:sub": ["repo:*", "*"]}},
    {"StringLike": {"token.actions.githubusercontent.com:sub": "repo:*/app:*"}},
    None,
])
def test_github_trust_without_subject_is_critical(tmp_path: Path, condition: dict[str, Any] | None) -> None:
    statement: dict[str, Any] = {"Effect": "Allow", "Principal": {"Federated": GH}, "Action": "sts:AssumeRoleWithWebIdentity"}
    if condition:
        statement["Condition"] = condition
    found = scan(tmp_path, doc(statement))
    assert found["IAM416"][1] == Severity.CRITICAL


def test_other_oidc_issuers_are_high(tmp_path: Path) -> None:
    gitlab = "arn:aws:iam::123456789012:oidc-provider/gitlab.com"
    found = scan(tmp_path, doc({"Effect": "Allow", "Principal": {"Federated": gitlab}, "Action": "sts:AssumeRoleWithWebIdentity",
                                "Condition": {"StringEquals": {"gitlab.com:aud": "https://gitlab.com"}}}))
    assert found["IAM416"][1] == Severity.HIGH
    pinned = scan(tmp_path, doc({"Effect": "Allow", "Principal": {"Federated": gitlab}, "Action": "sts:AssumeRoleWithWebIdentity",
                                 "Condition": {"StringEquals": {"gitlab.com:sub": "project_path:grp/app:ref_type:branch:ref:main"}}}))
    assert pinned == {}


def test_forallvalues_is_opt_in(tmp_path: Path) -> None:
    statement = {"Effect": "Allow", "Action": "ec2:CreateTags", "Resource": "arn:aws:ec2:*:*:instance/*",
                 "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}}}
    assert scan(tmp_path, doc(statement)) == {}
    assert "IAM418" in scan(tmp_path, doc(statement), enable=("IAM418",))


def test_cloudformation_intrinsics_are_unknown_not_findings(tmp_path: Path) -> None:
    template = {"Resources": {"P": {"Properties": {"PolicyDocument": doc(
        {"Effect": "Allow", "Action": {"Fn::If": ["C", "*", "s3:GetObject"]}, "Resource": "*"},
        {"Effect": "Allow", "Action": "s3:*", "Resource": {"Fn::Sub": "arn:aws:s3:::${Bucket}/*"}},
        {"Effect": "Allow", "Principal": {"AWS": {"Fn::Sub": "arn:aws:iam::${AWS::AccountId}:root"}}, "Action": "sts:AssumeRole"},
    )}}}}
    found = scan(tmp_path, template)
    assert rules(found) == {"IAM404"}
    assert found["IAM404"][1] == Severity.LOW  # specific (unknown) resource


def test_every_policy_in_a_file_is_checked(tmp_path: Path) -> None:
    output = {"PolicyVersion": {"Document": doc({"Effect": "Allow", "Action": "*", "Resource": "*"})},
              "Other": [{"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}]}
    assert {"IAM401", "IAM404"} <= rules(scan(tmp_path, output))


def test_statement_that_is_not_a_policy_is_ignored(tmp_path: Path) -> None:
    assert scan(tmp_path, {"Statement": "SELECT * FROM t", "Action": "*"}) == {}
    assert scan(tmp_path, {"Statement": [1, 2], "Resource": "*"}) == {}


# --- discovery, parse errors, size --------------------------------------------------

def test_invalid_json_with_statement_is_iam400_at_the_error_line(tmp_path: Path) -> None:
    found = scan(tmp_path, '{\n  "Statement": [\n    {"Effect": "Allow",, }\n  ]\n}\n')
    assert rules(found) == {"IAM400"}
    assert found["IAM400"][0] == 3


def test_invalid_json_without_statement_is_skipped(tmp_path: Path) -> None:
    assert scan(tmp_path, "{ not json at all", name="broken.json") == {}


def test_jsonc_tsconfig_is_skipped(tmp_path: Path) -> None:
    tsconfig = '{\n  // comment\n  "compilerOptions": {"strict": true,},\n  "include": ["src/**/*"],\n}\n'
    assert scan(tmp_path, tsconfig, name="tsconfig.json") == {}


def _big_policy(size: int) -> str:
    statement = '    {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": ["arn:aws:s3:::bucket-%06d/*"]},\n'
    count = size // len(statement % 0)
    body = "".join(statement % i for i in range(count))
    return '{"Statement": [\n' + body + '    {"Effect": "Allow", "Action": "*", "Resource": "*"}\n]}\n'


def test_five_megabyte_policy_is_checked_quickly(tmp_path: Path) -> None:
    text = _big_policy(5 * 1024 * 1024 - 200_000)
    assert len(text.encode()) <= iam.MAX_BYTES
    started = time.process_time()  # CPU time: wall time swings with the machine's load
    found = scan(tmp_path, text, name="big.json")
    elapsed = time.process_time() - started
    assert found["IAM401"][0] == text.count("\n") - 1  # the last statement's line
    assert elapsed < 10


def test_policy_over_five_megabytes_is_skipped_with_a_notice(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "huge.json", _big_policy(iam.MAX_BYTES + 1000))
    assert iam.main([path]) == 0
    assert "skipped" in capsys.readouterr().err


# --- lines and evidence -------------------------------------------------------------

def test_lines_point_at_each_statement_brace(tmp_path: Path) -> None:
    text = (
        '{"Statement": [\n'
        '  {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::x/*", "Sid": "has \\" { brace"},\n'
        '\n'
        '  {\n'
        '    "Effect": "Allow", "Action": "*", "Resource": "*"\n'
        '  }\n'
        ']}\n'
    )
    found = scan(tmp_path, text)
    assert found["IAM401"][0] == 4


def test_object_offsets_handles_nesting_and_escapes() -> None:
    text = '{"a": [1, {"Statement": {"x": "}\\"{"}}, {"k": [{}, {"y": 1}]}]}'
    offsets = iam.object_offsets(text, {("a", 1, "Statement"), ("a", 2, "k", 1)})
    assert text[offsets[("a", 1, "Statement")]:].startswith('{"x"')
    assert text[offsets[("a", 2, "k", 1)]:].startswith('{"y"')


def test_evidence_survives_moved_lines(tmp_path: Path) -> None:
    statement = {"Effect": "Allow", "Action": "*", "Resource": "*"}
    first = _write(tmp_path, "a/p.json", doc(statement))
    moved = _write(tmp_path, "b/p.json", "\n\n\n" + json.dumps(doc({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}, statement), indent=4))
    prints = []
    for path in (first, moved):
        engine = check("IAM", [path], root=str(tmp_path))
        item = next(i for i in engine.fingerprinted() if i.finding.rule == "IAM401")
        prints.append(item.hash)
    assert prints[0] == prints[1]


# --- Terraform ----------------------------------------------------------------------

HEREDOC = '''resource "aws_iam_policy" "p" {
  name   = "p"
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:*",
      "Resource": "${aws_s3_bucket.b.arn}/*"
    },
    {
      "Effect": "Allow",
      "Action": "*",
      "Resource": "*"
    }
  ]
}
EOF
}
'''


def test_heredoc_lines_and_interpolated_resource_is_specific(tmp_path: Path) -> None:
    found = scan(tmp_path, HEREDOC, name="main.tf")
    assert found["IAM401"][0] == 12
    two = scan(tmp_path, HEREDOC.replace('"Action": "*"', '"Action": "s3:GetObject"'), name="main.tf")
    assert two["IAM404"] [:2] == (7, Severity.LOW)


def test_heredoc_placeholders_resolve_through_variables(tmp_path: Path) -> None:
    text = HEREDOC.replace('"Resource": "*"', '"Resource": ${jsonencode(var.arns)}').replace('"Action": "*"', '"Action": "${var.action}"')
    text += 'variable "arns" {\n  default = ["*"]\n}\nvariable "action" {\n  default = "*"\n}\n'
    assert scan(tmp_path, text, name="main.tf")["IAM401"][0] == 12


def test_unresolvable_placeholders_create_no_findings(tmp_path: Path) -> None:
    text = '''resource "aws_iam_policy" "p" {
  policy = <<EOF
{"Statement": [
  {"Effect": "${var.effect}", "Action": "*", "Resource": "*"},
  {"Effect": "Allow", "Action": ${jsonencode(var.actions)}, "Resource": "*"},
  {"Effect": "Allow", "Action": "s3:GetObject", "Resource": ${jsonencode(module.x.arns)}},
  {"Effect": "Allow", "Principal": {"AWS": "${var.principal}"}, "Action": "sts:AssumeRole"},
  {"Effect": "Allow", "NotPrincipal": "${var.x}"}
]}
EOF
}
'''
    found = scan(tmp_path, text, name="main.tf")
    assert rules(found) == {"IAM407"}  # the NotPrincipal element itself is the finding


def test_jsonencode_policy(tmp_path: Path) -> None:
    text = '''resource "aws_iam_role_policy" "p" {
  role = "r"
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
}
'''
    assert scan(tmp_path, text, name="main.tf")["IAM401"][0] == 3


def test_policy_document_without_effect_defaults_to_allow(tmp_path: Path) -> None:
    text = '''data "aws_iam_policy_document" "admin" {
  statement {
    sid       = "All"
    actions   = ["*"]
    resources = ["*"]
  }
}
'''
    found = scan(tmp_path, text, name="main.tf")
    assert found["IAM401"][:2] == (2, Severity.CRITICAL)
    assert "(All)" in found["IAM401"][2]


def test_policy_document_dynamic_statements_and_conditions(tmp_path: Path) -> None:
    text = '''locals {
  grants = { admin = ["*"], read = ["s3:GetObject"] }
}
data "aws_iam_policy_document" "d" {
  dynamic "statement" {
    for_each = local.grants
    content {
      actions   = statement.value
      resources = ["*"]
    }
  }
  statement {
    actions   = ["iam:PassRole"]
    resources = ["*"]
    dynamic "condition" {
      for_each = var.unknown
      content {
        test     = "StringEquals"
        variable = "iam:PassedToService"
        values   = [condition.value]
      }
    }
  }
}
'''
    found = scan(tmp_path, text, name="main.tf")
    assert found["IAM401"][0] == 7
    assert "IAM410" not in found


def test_trust_policy_from_data_source_and_gitHub_oidc(tmp_path: Path) -> None:
    text = '''resource "aws_iam_role" "deploy" {
  name               = "deploy"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}
data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [aws_iam_openid_connect_provider.github.arn]
    }
    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}
'''
    found = scan(tmp_path, text, name="main.tf")
    assert found["IAM416"][:2] == (6, Severity.CRITICAL)
    pinned = text.replace('"token.actions.githubusercontent.com:aud"', '"token.actions.githubusercontent.com:sub"').replace("sts.amazonaws.com", "repo:my-org/app:environment:prod")
    assert scan(tmp_path, pinned, name="main.tf") == {}


def test_file_and_templatefile_policies(tmp_path: Path) -> None:
    _write(tmp_path, "policies/admin.json", doc({"Effect": "Allow", "Action": "*", "Resource": "*"}))
    _write(tmp_path, "policies/bucket.json.tpl", '{"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "${bucket_arn}/*"}, {"Effect": "Allow", "Action": ${actions}, "Resource": "*"}]}')
    text = '''resource "aws_iam_policy" "a" {
  policy = file("${path.module}/policies/admin.json")
}
resource "aws_iam_policy" "b" {
  policy = templatefile("policies/bucket.json.tpl", { bucket_arn = aws_s3_bucket.b.arn, actions = "[]" })
}
resource "aws_iam_policy" "c" {
  policy = file("policies/missing.json")
}
'''
    path = _write(tmp_path, "main.tf", text)
    engine = check("IAM", [path], root=str(tmp_path))
    got = {(r.finding.rule, r.finding.line, r.severity) for r in engine.report.findings}
    assert got == {("IAM401", 2, Severity.CRITICAL), ("IAM404", 5, Severity.LOW)}


def test_managed_policy_attachments_and_count_zero(tmp_path: Path) -> None:
    text = '''resource "aws_iam_user_policy_attachment" "a" {
  user       = "u"
  policy_arn = var.policy
}
resource "aws_iam_group_policy_attachment" "off" {
  count      = 0
  group      = "g"
  policy_arn = "arn:aws:iam::aws:policy/IAMFullAccess"
}
resource "aws_ssoadmin_managed_policy_attachment" "sso" {
  instance_arn       = "x"
  permission_set_arn = "y"
  managed_policy_arn = "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"
}
variable "policy" {
  default = "arn:aws:iam::aws:policy/IAMFullAccess"
}
'''
    found = scan(tmp_path, text, name="main.tf")
    assert rules(found) == {"IAM417"} and found["IAM417"][:2] == (3, Severity.HIGH)


def test_lambda_permission(tmp_path: Path) -> None:
    base = 'resource "aws_lambda_permission" "p" {\n  action = "lambda:InvokeFunction"\n  function_name = "f"\n  principal = "*"\n%s}\n'
    assert scan(tmp_path, base % "", name="main.tf")["IAM419"][0] == 4
    assert scan(tmp_path, base % '  source_account = "111122223333"\n', name="main.tf") == {}


def test_checkov_skip_pragmas_map_through_peers(tmp_path: Path) -> None:
    text = '''resource "aws_iam_policy" "p" {
  #checkov:skip=CKV_AWS_1:break-glass admin policy, reviewed
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
}
resource "aws_iam_policy" "q" {
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
}
'''
    path = _write(tmp_path, "main.tf", text)
    engine = check("IAM", [path], root=str(tmp_path))
    assert [(r.finding.rule, r.finding.line) for r in engine.report.findings] == [("IAM401", 6)]


def test_inline_sechooks_ignore_in_terraform(tmp_path: Path) -> None:
    text = '''resource "aws_iam_policy" "p" {
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] }) # sechooks: ignore[IAM401] -- break glass
}
'''
    assert scan(tmp_path, text, name="main.tf") == {}


def test_broken_hcl_is_iam400(tmp_path: Path) -> None:
    found = scan(tmp_path, 'resource "aws_iam_policy" "p" {\n  policy = \n', name="main.tf")
    assert rules(found) == {"IAM400"}


def test_terraform_without_iam_resources_is_not_parsed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sechooks.engines import hcl

    def boom(text: str) -> None:
        raise AssertionError("parsed")

    monkeypatch.setattr(hcl, "parse", boom)
    assert scan(tmp_path, 'resource "aws_security_group" "x" {}\n', name="main.tf") == {}


# --- matching helpers and the action catalogue ---------------------------------------

@pytest.mark.parametrize(("resource", "broad"), [
    ("*", True), ("arn:aws:s3:::*", True), ("arn:aws:iam::123456789012:role/*", True),
    ("arn:aws:iam::123456789012:policy/*", True), ("arn:aws:s3:::b/*", False),
    ("arn:aws:ec2:*:*:instance/*", False), ("arn:aws:iam::__TFEXPR__:role/*", True),
    ("__TFEXPR__", False), ("arn:aws:s3:::*/*", True),
])
def test_broad_resource(resource: str, broad: bool) -> None:
    assert iam_engine.is_broad_resource(resource) is broad


def test_catalogue_expands_globs_and_knows_resource_support() -> None:
    catalogue = iam_engine.ActionCatalogue()
    names = {a.name for a in catalogue.expand("iam:put*policy")}
    assert {"iam:PutRolePolicy", "iam:PutUserPolicy", "iam:PutGroupPolicy"} <= names
    token = catalogue.lookup("sts:GetSessionToken")
    passrole = catalogue.lookup("iam:PassRole")
    assert token is not None and not token.resource_level
    assert passrole is not None and passrole.resource_level
    assert catalogue.expand("nosuchservice:*") == []


def test_catalogue_finds_a_service_by_its_whole_prefix() -> None:
    """Each service's line is found in the text on demand: `s3` is not `s3-outposts`, a
    comment or a name with a space or newline finds nothing, and `s3*` lists both."""
    catalogue = iam_engine.ActionCatalogue()
    s3, outposts = catalogue.service("s3"), catalogue.service("s3-outposts")
    assert "getobject" in s3 and s3["getobject"].name == "s3:GetObject" and s3["getobject"].level == "R"
    assert s3.keys() != outposts.keys() and all(a.name.startswith("s3-outposts:") for a in outposts.values())
    for odd in ("", "#", "# AWS", "s3 GetObject", "s3\nec2", "S3"):
        assert catalogue.service(odd) == {}
    services = catalogue.services()
    assert len(services) == len(set(services)) > 400 and {"s3", "s3-outposts", "ec2"} <= set(services)
    assert {a.name.partition(":")[0] for a in catalogue.expand("s3*:getobject")} >= {"s3", "s3-outposts"}


def test_catalogue_loads_fast() -> None:
    started = time.perf_counter()
    iam_engine.ActionCatalogue().service("ec2")
    assert time.perf_counter() - started < 0.5


def test_action_without_resource_support_on_a_named_arn_is_not_granted(tmp_path: Path) -> None:
    # ec2:RunInstances needs iam:PassRole; sts:GetSessionToken has no resource-level permissions
    found = scan(tmp_path, doc({"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:s3:::b"},
                               {"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "*"}))
    assert "IAM411" not in found


# --- CLI ------------------------------------------------------------------------------

def test_main_text_output_and_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = _write(tmp_path, "bad.json", doc({"Effect": "Allow", "Action": "*", "Resource": "*"}))
    good = _write(tmp_path, "good.json", doc({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}))
    assert iam.main([good]) == 0
    assert capsys.readouterr().out == ""
    assert iam.main([bad, good]) == 1
    out = capsys.readouterr().out
    assert "IAM401 [critical]" in out and "(full-admin)" in out


def test_main_json_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = _write(tmp_path, "bad.json", doc({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}))
    assert iam.main(["--format", "json", bad]) == 1
    report = json.loads(capsys.readouterr().out)
    [finding] = report["findings"]
    assert finding["rule"] == "IAM408" and finding["severity"] == "high" and finding["line"] == 4


def test_main_config_path_ignore(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    _write(tmp_path, "legacy/admin.json", doc({"Effect": "Allow", "Action": "*", "Resource": "*"}))
    _write(tmp_path, ".sechooks.toml", '[[ignore]]\npath = "legacy/*.json"\nrules = ["IAM401"]\n')
    assert iam.main(["legacy/admin.json"]) == 0


def test_matches() -> None:
    assert iam.matches("a/policy.json") and iam.matches("main.tf")
    assert not iam.matches("main.py") and not iam.matches("vars.tfvars")


@pytest.mark.parametrize("statement", [
    {"Effect": ["Allow"], "Action": 5, "Resource": None},
    {"Effect": "Allow", "Action": [None, {"x": 1}, ["*"]], "Resource": [1.5, True]},
    {"Effect": "Allow", "Principal": 7, "Action": "sts:AssumeRole", "Condition": "yes"},
    {"Effect": "Allow", "Principal": {"AWS": {"x": 1}, "Federated": [None]}, "Action": "*", "Condition": {"StringEquals": "x"}},
    {"Effect": "Allow", "NotPrincipal": None, "NotAction": [], "NotResource": {}},
    {},
])
def test_odd_statement_values_never_crash(tmp_path: Path, statement: dict[str, Any]) -> None:
    scan(tmp_path, doc(statement), enable=("IAM418",))


def test_odd_terraform_never_crashes(tmp_path: Path) -> None:
    text = '''resource "aws_iam_policy" "p" {
  policy = jsonencode(var.whole_policy)
}
resource "aws_iam_role" "r" {
  assume_role_policy = 5
  managed_policy_arns = var.arns
  inline_policy {
    policy = "not json with Statement"
  }
}
resource "aws_lambda_permission" "l" {
  principal = var.who
}
data "aws_iam_policy_document" "d" {
  statement {
    actions = "not-a-list"
    principals {
      type = var.t
    }
    condition {}
  }
  dynamic "statement" {
    for_each = [1, 2]
  }
}
'''
    found = scan(tmp_path, text, name="main.tf")
    assert set(found) <= {"IAM400"}


# --- issue #14: escalation conditions, resource policies, Deny, missing cases -------------

KEY_ROOT = {"Sid": "Root", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"}


def test_passrole_pinned_to_the_methods_service_stays_medium(tmp_path: Path) -> None:
    ecs = {"StringEquals": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}}
    found = scan(tmp_path, doc(
        {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*", "Condition": ecs},
        {"Effect": "Allow", "Action": ["ecs:RegisterTaskDefinition", "ecs:RunTask", "ec2:RunInstances"], "Resource": "*"},
    ))
    assert found["IAM411"][1] == Severity.MEDIUM
    assert "PassRole+ecs:RegisterTaskDefinition+ecs:RunTask" in found["IAM411"][2]
    assert "ec2:RunInstances" not in found["IAM411"][2]  # the role cannot be passed to EC2


def test_passrole_on_a_named_role_is_low_and_says_so(tmp_path: Path) -> None:
    found = scan(tmp_path, doc(
        {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/app-instance"},
        {"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "*"},
    ))
    assert found["IAM411"][1] == Severity.LOW
    assert found["IAM411"][2].endswith("(only on named roles, users or groups)")


def test_a_broad_grant_keeps_the_method_high_beside_a_named_one(tmp_path: Path) -> None:
    found = scan(tmp_path, doc(
        {"Effect": "Allow", "Action": "iam:AttachRolePolicy", "Resource": "arn:aws:iam::111122223333:role/ci"},
        {"Effect": "Allow", "Action": "iam:AttachRolePolicy", "Resource": "*"},
    ))
    assert found["IAM411"][1] == Severity.HIGH


@pytest.mark.parametrize(("arns", "escalates"), [
    ("arn:aws:iam::111122223333:policy/app-read", False),
    (["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::111122223333:policy/x"], False),
    ("arn:aws:iam::aws:policy/AdministratorAccess", True),
    ("arn:aws:iam::111122223333:policy/*", True),
    ("arn:aws:iam::111122223333:policy/${aws:username}", True),
])
def test_policy_arn_condition(tmp_path: Path, arns: Any, escalates: bool) -> None:
    found = scan(tmp_path, doc({"Effect": "Allow", "Action": "iam:AttachRolePolicy", "Resource": "*",
                                "Condition": {"ArnEquals": {"iam:PolicyARN": arns}}}))
    assert ("IAM411" in found) is escalates


def test_policy_arn_with_a_negative_operator_pins_nothing(tmp_path: Path) -> None:
    found = scan(tmp_path, doc({"Effect": "Allow", "Action": "iam:AttachUserPolicy", "Resource": "*",
                                "Condition": {"ArnNotEquals": {"iam:PolicyARN": "arn:aws:iam::aws:policy/AdministratorAccess"}}}))
    assert found["IAM411"][1] == Severity.MEDIUM


@pytest.mark.parametrize(("resource", "escalates"), [
    (["arn:aws:ec2:*:*:instance/*", "arn:aws:ssm:*:*:document/RestartService"], False),
    (["arn:aws:ec2:*:*:instance/*", "arn:aws:ssm:*::document/AWS-RunShellScript"], True),
    (["arn:aws:ec2:*:*:instance/*", "arn:aws:ssm:*:*:document/*"], True),
    (["arn:aws:ec2:*:*:instance/*"], True),  # no document named: any document
    (["arn:aws:ec2:*:*:instance/*", "arn:aws:ssm:*:*:document/Restart", "*"], True),
])
def test_send_command_documents(tmp_path: Path, resource: list[str], escalates: bool) -> None:
    found = scan(tmp_path, doc({"Effect": "Allow", "Action": "ssm:SendCommand", "Resource": resource}))
    assert ("IAM411" in found) is escalates


@pytest.mark.parametrize(("date", "dead"), [("2019-03-01T00:00:00Z", True), ("2019-03-01", True), ("1550000000", True),
                                            ("2999-01-01T00:00:00Z", False), ("not a date", False)])
def test_allow_for_tokens_issued_in_the_past_grants_nothing(tmp_path: Path, date: str, dead: bool) -> None:
    found = scan(tmp_path, doc({"Effect": "Allow", "Action": "*", "Resource": "*",
                                "Condition": {"DateLessThan": {"aws:TokenIssueTime": date}}}))
    assert (found == {}) is dead


def test_token_issue_time_if_exists_is_not_dead(tmp_path: Path) -> None:
    # long-term keys carry no aws:TokenIssueTime: ...IfExists lets them through
    found = scan(tmp_path, doc({"Effect": "Allow", "Action": "*", "Resource": "*",
                                "Condition": {"DateLessThanIfExists": {"aws:TokenIssueTime": "2019-01-01T00:00:00Z"}}}))
    assert "IAM401" in found


def test_self_service_access_keys_are_not_escalation_but_attach_to_self_is(tmp_path: Path) -> None:
    own = "arn:aws:iam::111122223333:user/${aws:username}"
    keys = scan(tmp_path, doc({"Effect": "Allow", "Action": ["iam:CreateAccessKey", "iam:UpdateLoginProfile"], "Resource": own}))
    assert "IAM411" not in keys
    other = scan(tmp_path, doc({"Effect": "Allow", "Action": "iam:CreateAccessKey", "Resource": [own, "arn:aws:iam::111122223333:user/admin"]}))
    assert "IAM411" in other
    attach = scan(tmp_path, doc({"Effect": "Allow", "Action": "iam:PutUserPolicy", "Resource": own}))
    assert attach["IAM411"][1] == Severity.MEDIUM


def test_kms_default_key_policy_is_silent(tmp_path: Path) -> None:
    admins = {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/KeyAdmin"},
              "Action": ["kms:Create*", "kms:Put*", "kms:Revoke*", "kms:Delete*", "kms:ScheduleKeyDeletion"], "Resource": "*"}
    users = {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/app"},
             "Action": ["kms:Decrypt", "kms:GenerateDataKey*"], "Resource": "*"}
    assert scan(tmp_path, doc(KEY_ROOT, admins, users), enable=("IAM418",)) == {}


def test_identity_policy_with_the_same_statements_still_fires(tmp_path: Path) -> None:
    found = scan(tmp_path, doc({"Effect": "Allow", "Action": ["kms:*"], "Resource": "*"}))
    assert {"IAM404", "IAM413", "IAM414"} <= rules(found)


def test_resource_policy_grants_only_its_own_service(tmp_path: Path) -> None:
    # "*" to a role in a queue policy: every SQS action on this queue, not iam:PassRole everywhere
    text = '''resource "aws_sqs_queue_policy" "q" {
  queue_url = aws_sqs_queue.q.id
  policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:role/worker" }
      Action    = "*"
      Resource  = "*"
    }]
  })
}
'''
    found = scan(tmp_path, text, name="main.tf")
    assert rules(found) == {"IAM402"}


def test_lambda_function_policy_letting_another_principal_update_code_is_escalation() -> None:
    from sechooks.engines import iam as engine

    policy = doc({"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:role/ci"},
                  "Action": "lambda:UpdateFunctionCode", "Resource": "*"})
    found = engine.check_policy(policy, "t", lambda path: 3, kind="resource", service="lambda")
    assert [(f.rule, f.severity) for f in found] == [("IAM411", Severity.MEDIUM)]
    assert engine.check_policy(policy, "t", lambda path: 3, kind="resource", service="sqs") == []


def test_cross_account_root_in_a_key_policy_is_not_a_wildcard_finding(tmp_path: Path) -> None:
    other = {**KEY_ROOT, "Principal": {"AWS": ["arn:aws:iam::111122223333:root", "444455556666"]}}
    assert scan(tmp_path, doc(other)) == {}
    role = {**KEY_ROOT, "Principal": {"AWS": "arn:aws:iam::111122223333:role/ops"}}
    assert scan(tmp_path, doc(role))["IAM404"][1] == Severity.LOW


@pytest.mark.parametrize(("deny", "remaining"), [
    ({"Effect": "Deny", "Action": "iam:*", "Resource": "*"}, set()),
    ({"Effect": "Deny", "Action": "*", "Resource": "*"}, set()),
    ({"Effect": "Deny", "Action": "iam:Delete*", "Resource": "*"}, {"IAM403"}),
    ({"Effect": "Deny", "Action": "iam:*", "Resource": "arn:aws:iam::111122223333:role/*"}, {"IAM403"}),
    ({"Effect": "Deny", "Action": "iam:*", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}}, {"IAM403"}),
    ({"Effect": "Deny", "NotAction": "s3:*", "Resource": "*"}, {"IAM403"}),  # NotAction deny: iam:* is a glob, not proven covered
    ({"Effect": "Deny", "Action": "iam:*", "NotResource": "arn:aws:iam::111122223333:role/x"}, {"IAM403"}),
])
def test_deny_subtracts_from_iam403(tmp_path: Path, deny: dict[str, Any], remaining: set[str]) -> None:
    found = scan(tmp_path, doc({"Effect": "Allow", "Action": "iam:*", "Resource": "*"}, deny))
    assert {r for r in found if r in ("IAM401", "IAM403")} == remaining


def test_deny_subtracts_from_every_rule(tmp_path: Path) -> None:
    allow = doc(
        {"Effect": "Allow", "NotAction": "s3:*", "Resource": "*"},
        {"Effect": "Allow", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::x/*"},
        {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"},
    )
    assert {"IAM405", "IAM406", "IAM408"} <= rules(scan(tmp_path, allow))
    denied = doc(*allow["Statement"], {"Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "*"})
    assert scan(tmp_path, denied, enable=("IAM418",)) == {}


def test_deny_for_another_principal_does_not_subtract(tmp_path: Path) -> None:
    found = scan(tmp_path, doc(
        {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"},
        {"Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::111122223333:role/x"}, "Action": "s3:*", "Resource": "*"},
    ))
    assert "IAM408" in found


@pytest.mark.parametrize(("general", "specific", "covered"), [
    ("iam:*", "iam:*", True), ("*", "iam:put*", True), ("iam:*", "iam:put*", True), ("iam:put*", "iam:*", False),
    ("iam:*", "s3:*", False), ("iam:passrole", "iam:passrole", True), ("iam:pass*", "iam:passrole", True),
    ("iam:p?ssrole", "iam:p?ssrole", True), ("iam:*role", "iam:pass*", False), ("__tfexpr__", "iam:passrole", False),
    ("arn:aws:s3:::b/*", "arn:aws:s3:::b/logs/*", True), ("arn:aws:s3:::b", "arn:aws:s3:::b/*", False),
])
def test_covers(general: str, specific: str, covered: bool) -> None:
    from sechooks.engines import iam as engine

    assert engine.covers(general, specific) is covered


def test_update_stack_is_escalation_create_stack_alone_is_not(tmp_path: Path) -> None:
    update = scan(tmp_path, doc({"Effect": "Allow", "Action": "cloudformation:UpdateStack", "Resource": "*"}))
    assert "CloudFormationUpdateStack" in update["IAM411"][2] and update["IAM411"][1] == Severity.HIGH
    assert "IAM411" not in scan(tmp_path, doc({"Effect": "Allow", "Action": "cloudformation:CreateStack", "Resource": "*"}))


def test_kms_caller_account_pins_the_caller(tmp_path: Path) -> None:
    found = scan(tmp_path, doc({"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:Decrypt", "Resource": "*",
                                "Condition": {"StringEquals": {"kms:CallerAccount": "111122223333"}}}))
    assert rules(found) == {"IAM409"} and found["IAM409"][1] == Severity.LOW


@pytest.mark.parametrize(("condition", "rule"), [
    ({"Bool": {"aws:MultiFactorAuthPresent": "true"}}, "IAM408"),
    ({"Bool": {"aws:MultiFactorAuthPresent": "true", "aws:SecureTransport": "true"}}, "IAM408"),
    ({"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}, "Bool": {"aws:MultiFactorAuthPresent": "true"}}, "IAM409"),
    ({"StringEquals": {"sts:ExternalId": "shared"}}, "IAM409"),
])
def test_public_trust_guarded_only_by_mfa_is_still_public(tmp_path: Path, condition: dict[str, Any], rule: str) -> None:
    found = scan(tmp_path, doc({"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole", "Condition": condition}))
    assert {r for r in found if r in ("IAM408", "IAM409")} == {rule}
    if rule == "IAM408":
        assert found["IAM408"][1] == Severity.CRITICAL


def test_public_bucket_policy_with_secure_transport_stays_iam409(tmp_path: Path) -> None:
    found = scan(tmp_path, doc({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*",
                                "Condition": {"Bool": {"aws:SecureTransport": "true"}}}))
    assert rules(found) == {"IAM409"}


def test_data_document_used_as_a_key_policy_is_a_resource_policy(tmp_path: Path) -> None:
    text = '''data "aws_iam_policy_document" "key" {
  statement {
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/ops"]
    }
  }
}
resource "aws_kms_key" "k" {
  policy = data.aws_iam_policy_document.key.json
}
'''
    found = scan(tmp_path, text, name="main.tf")
    assert rules(found) == {"IAM404"} and found["IAM404"][1] == Severity.LOW


def test_cloudformation_templates_are_left_to_their_hook(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A JSON template's policies are the CloudFormation hook's (same IAM rules, once in `sechooks scan`)."""
    from sechooks.cloudformation import main as cloudformation
    from tests.conftest import write

    main = iam.main
    template = ('{"Resources": {"AdminPolicy": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"PolicyDocument":'
                ' {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}}}}}\n')
    write(repo / "stack.json", template)
    assert main(["stack.json"]) == 0
    assert cloudformation(["stack.json", "--format", "json"]) == 1
    assert [f["rule"] for f in json.loads(capsys.readouterr().out)["findings"]] == ["IAM401"]
    write(repo / "broken.json", '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"P": {"Statement": [}}\n')
    assert main(["broken.json"]) == 0  # its syntax error is CFN900, not IAM400
    write(repo / "policy.json", template.replace('"Type": "AWS::IAM::ManagedPolicy"', '"Kind": "x"'))
    assert main(["policy.json"]) == 1  # a policy in any other JSON is still checked
