"""The IAM engine's API: policy documents as data, the line callback and unknown values."""
from __future__ import annotations

import ast
import os
from typing import Any

import pytest

from sechooks.core.finding import Severity
from sechooks.engines import iam as engine
from sechooks.engines.iam import UNKNOWN, UNKNOWN_TEXT

HOOKS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "hooks")


def doc(*statements: Any) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": list(statements)}


ADMIN = {"Effect": "Allow", "Action": "*", "Resource": "*"}
LINES = {(): 10, ("Statement",): 11, ("Statement", 0): 12, ("Statement", 1): 16}


def rules(findings: list[Any]) -> set[tuple[str, int]]:
    return {(f.rule, f.line) for f in findings}


# --- lines ---------------------------------------------------------------------------------

def test_example_of_the_api_doc() -> None:
    document = doc(ADMIN, {"Effect": "Allow", "Action": "s3:GetObject", "Resource": UNKNOWN})
    found = engine.check_policy(document, "template.yaml", LINES.get, kind="identity")
    assert [(f.rule, f.path, f.line, f.col) for f in found] == [("IAM401", "template.yaml", 12, 1)]
    assert found[0].message == 'Statement[0] allows Action "*" on every resource'
    assert found[0].severity is None  # the catalogue default (critical)


def test_line_of_may_give_a_column() -> None:
    found = engine.check_policy(doc(ADMIN), "p", lambda path: (7, 5))
    assert [(f.line, f.col) for f in found] == [(7, 5)]


def test_unknown_line_walks_up_to_the_parent_then_line_one() -> None:
    asked: list[tuple[Any, ...]] = []

    def only_statement_list(path: tuple[Any, ...]) -> int | None:
        asked.append(path)
        return 4 if path == ("Statement",) else None

    assert rules(engine.check_policy(doc(ADMIN), "p", only_statement_list)) == {("IAM401", 4)}
    assert asked == [("Statement", 0), ("Statement",)]
    assert rules(engine.check_policy(doc(ADMIN), "p", lambda path: None)) == {("IAM401", 1)}


def test_single_statement_object_is_located_at_statement() -> None:
    found = engine.check_policy({"Statement": ADMIN}, "p", {("Statement",): 3}.get)
    assert rules(found) == {("IAM401", 3)}


def test_evidence_is_independent_of_lines() -> None:
    one = engine.check_policy(doc(ADMIN), "p", lambda path: 3)
    two = engine.check_policy(doc(ADMIN), "p", lambda path: 30)
    assert one[0].evidence == two[0].evidence


@pytest.mark.parametrize("value", [None, "text", [ADMIN], {"Version": "2012-10-17"}, {"Statement": "x"}, UNKNOWN])
def test_not_a_document_gives_nothing(value: Any) -> None:
    assert engine.check_policy(value, "p", lambda path: 1) == []


def test_enabled_filters_rules_and_none_means_all() -> None:
    document = doc({"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"})
    assert {f.rule for f in engine.check_policy(document, "p", LINES.get)} >= {"IAM410"}
    assert engine.check_policy(document, "p", LINES.get, enabled={"IAM401"}) == []


def test_unknown_kind_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="policy kind"):
        engine.check_policy(doc(ADMIN), "p", LINES.get, kind="bucket")


# --- unknown values ------------------------------------------------------------------------

def test_unknown_is_one_shared_instance() -> None:
    assert engine.Unknown() is UNKNOWN and repr(UNKNOWN) == "UNKNOWN"


@pytest.mark.parametrize("statement", [
    {"Effect": "Allow", "Action": UNKNOWN, "Resource": "*"},
    {"Effect": "Allow", "Action": [UNKNOWN], "Resource": "*"},
    {"Effect": "Allow", "Action": f"{UNKNOWN_TEXT}:*", "Resource": "*"},
    {"Effect": "Allow", "Action": f"iam:{UNKNOWN_TEXT}", "Resource": "*"},
    {"Effect": "Allow", "NotAction": UNKNOWN, "Resource": "arn:aws:s3:::b"},
    {"Effect": UNKNOWN, "Action": "*", "Resource": "*"},
    {"Effect": "Allow", "Principal": UNKNOWN, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"},
    {"Effect": "Allow", "Principal": {"AWS": UNKNOWN}, "Action": "sts:AssumeRole"},
    {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{UNKNOWN_TEXT}:root"}, "Action": "sts:AssumeRole"},
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": UNKNOWN},
    {"Effect": "Allow", "Action": {"Fn::If": ["c", "*", "s3:GetObject"]}, "Resource": "*"},  # an intrinsic left as data
])
def test_unknown_values_never_make_a_finding(statement: dict[str, Any]) -> None:
    found = engine.check_policy(doc(statement), "p", LINES.get, kind="auto")
    assert [f for f in found if f.rule not in ("IAM405",)] == []


def test_unknown_statement_neither_allows_nor_denies() -> None:
    found = engine.check_policy(doc(UNKNOWN, ADMIN), "p", LINES.get)
    assert rules(found) == {("IAM401", 16)}  # Statement[1]: the index is kept
    assert found[0].message.startswith("Statement[1]")


def test_unknown_condition_only_lowers_severity() -> None:
    plain = engine.check_policy(doc(ADMIN), "p", LINES.get)
    guarded = engine.check_policy(doc({**ADMIN, "Condition": UNKNOWN}), "p", LINES.get)
    assert [f.rule for f in plain] == [f.rule for f in guarded] == ["IAM401"]
    assert plain[0].severity is None and guarded[0].severity is Severity.HIGH


def test_public_principal_with_unknown_condition_value_is_the_conditional_rule() -> None:
    statement = {"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage",
                 "Resource": "arn:aws:sqs:eu-west-1:111122223333:q",
                 "Condition": {"ArnEquals": {"aws:SourceArn": UNKNOWN}}}
    found = engine.check_policy(doc(statement), "p", LINES.get, kind="resource", service="sqs")
    assert [f.rule for f in found] == ["IAM409"]


def test_unknown_deny_does_not_subtract() -> None:
    deny = {"Effect": "Deny", "Action": UNKNOWN, "Resource": "*"}
    assert {f.rule for f in engine.check_policy(doc(ADMIN, deny), "p", LINES.get)} == {"IAM401"}


# --- IAM417 and IAM419 ---------------------------------------------------------------------

def test_managed_policy_findings() -> None:
    arns = ["arn:aws:iam::aws:policy/ReadOnlyAccess", UNKNOWN, "arn:aws:iam::aws:policy/PowerUserAccess",
            f"arn:aws:iam::aws:policy/{UNKNOWN_TEXT}", {"Fn::Sub": "x"}]
    found = engine.managed_policy_findings(arns, "t.yaml", 8, label="AWS::IAM::Role Ci")
    assert [(f.rule, f.line, f.severity) for f in found] == [("IAM417", 8, Severity.MEDIUM)]
    assert found[0].message == "AWS::IAM::Role Ci attaches the AWS managed policy PowerUserAccess"
    assert found[0].evidence == "AWS::IAM::Role Ci|arn:aws:iam::aws:policy/PowerUserAccess"
    single = engine.managed_policy_findings("arn:aws:iam::aws:policy/AdministratorAccess", "t", 2)
    assert [(f.severity, f.message) for f in single] == [(None, "attaches the AWS managed policy AdministratorAccess")]
    assert engine.managed_policy_findings(UNKNOWN, "t", 2) == []
    assert engine.managed_policy_findings(arns, "t", 2, enabled={"IAM401"}) == []


@pytest.mark.parametrize(("principal", "scoped", "expected"), [
    ("*", False, 1),
    ("*", True, 0),
    ("s3.amazonaws.com", False, 0),
    (UNKNOWN, False, 0),
    (f"{UNKNOWN_TEXT}*", False, 0),
])
def test_lambda_permission_findings(principal: Any, scoped: bool, expected: int) -> None:
    found = engine.lambda_permission_findings(principal, "t.yaml", 5, label="AWS::Lambda::Permission Invoke", scoped=scoped)
    assert len(found) == expected
    if found:
        assert (found[0].rule, found[0].line) == ("IAM419", 5)
        assert found[0].message == 'AWS::Lambda::Permission Invoke lets principal "*" invoke the function from anywhere'


# --- the layering -------------------------------------------------------------------------

def _imports(path: str) -> set[str]:
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read())
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module + "".join(f".{a.name}" for a in node.names if node.module == "sechooks"))
            out.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return out


def test_engine_imports_only_core_and_engines() -> None:
    found = {m for m in _imports(os.path.join(HOOKS, "engines", "iam.py")) if m.startswith("sechooks")}
    assert all(m.startswith(("sechooks.core", "sechooks.engines")) for m in found), found


def test_iam_hook_imports_no_other_hook() -> None:
    hooks = {name[:-3] for name in os.listdir(HOOKS) if name.endswith(".py") and name != "__init__.py"}
    found = _imports(os.path.join(HOOKS, "iam.py"))
    assert not {m for m in found if m.startswith("sechooks.") and m.split(".")[1] in hooks - {"iam"}}


# --- policy kinds ---------------------------------------------------------------------------

KEY_ADMIN = {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/KeyAdmin"},
             "Action": ["kms:Create*", "kms:Put*", "kms:Revoke*", "kms:Decrypt"], "Resource": "*"}


def test_resource_kind_reads_star_as_this_resource() -> None:
    identity = {k: v for k, v in KEY_ADMIN.items() if k != "Principal"}
    assert {"IAM413", "IAM414"} <= {f.rule for f in engine.check_policy(doc(identity), "p", LINES.get, kind="identity")}
    assert engine.check_policy(doc(KEY_ADMIN), "p", LINES.get, kind="resource", service="kms") == []
    assert engine.check_policy(doc(KEY_ADMIN), "p", LINES.get, kind="auto") == []  # a Principal: resource-based


def test_identity_kind_is_not_guessed_from_a_principal_in_auto_only() -> None:
    # kind="identity" is the caller's word: Resource "*" stays every resource
    found = engine.check_policy(doc(KEY_ADMIN), "p", LINES.get, kind="identity")
    assert {"IAM413", "IAM414"} <= {f.rule for f in found}


def test_trust_kind_judges_every_principal_statement() -> None:
    statement = {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "sts:SetSourceIdentity"}
    assert [f.rule for f in engine.check_policy(doc(statement), "p", LINES.get, kind="trust")] == ["IAM415"]
    assert engine.check_policy(doc(statement), "p", LINES.get, kind="auto") == []


def test_public_resource_policy_is_judged_by_principal() -> None:
    public = {**KEY_ADMIN, "Principal": "*"}
    found = engine.check_policy(doc(public), "p", LINES.get, kind="resource", service="kms")
    assert [(f.rule, f.line) for f in found] == [("IAM408", 12)]


@pytest.mark.parametrize("text", ["AllowReadAccessToLogs", "Allow access for Key Administrators", "*", "s3-read_v2.1"])
def test_plain_sids_are_shown_as_written(text: str) -> None:
    assert engine.shown(text) == text


@pytest.mark.parametrize("text", ["AKIAIOSFODNN7EXAMPLE", "password=hunter2hunter2", "line\nbreak", "x" * 200])
def test_other_text_goes_through_redact(text: str) -> None:
    from sechooks.engines.secrets import redact

    assert engine.shown(text) == redact(text)


def test_a_secret_shaped_sid_is_masked_in_the_message() -> None:
    statement = {**ADMIN, "Sid": "ghp_16C7e42F292c6912E7710c838347Ae178B4a"}
    message = engine.check_policy(doc(statement), "p", LINES.get)[0].message
    assert "16C7e42F292c6912E7710c838347Ae178B4a" not in message


# --- cost ---------------------------------------------------------------------------------

def _best_cpu(run: Any) -> float:
    import time

    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        run()
        best = min(best, time.process_time() - started)
    return best


def _allows_and_denies(n: int) -> dict[str, Any]:
    statements: list[Any] = []
    for i in range(n):
        statements.append({"Effect": "Allow", "Action": ["s3:GetObject", f"s3:Put{i}*"], "Resource": f"arn:aws:s3:::bucket-{i}/*"})
        statements.append({"Effect": "Deny", "Action": [f"s3:Delete{i}*", f"sqs:{i}"], "Resource": f"arn:aws:s3:::other-{i}/*"})
        statements.append({"Effect": "Deny", "Principal": "*", "Action": f"kms:*{i}", "Resource": "*"})
    return doc(*statements)


def test_many_allows_and_denies_cost_linear_time() -> None:
    small, large = _allows_and_denies(30), _allows_and_denies(300)
    t_small = _best_cpu(lambda: engine.check_policy(small, "p", lambda path: 1))
    t_large = _best_cpu(lambda: engine.check_policy(large, "p", lambda path: 1))
    assert t_small >= 0.02 or t_large < 1.0, (t_small, t_large)
    assert t_large < 30 * max(t_small, 0.02), (t_small, t_large)
