"""CFN9nn: rules of CloudFormation templates alone (semantics: docs/cloudformation.md).

The network and IAM findings of a template are the NET3nn and IAM4nn rules (the same
rules as Terraform and IAM policy files, from the same engines); this family holds what
only a template has: literal secrets in parameter defaults and password properties.
"""
from __future__ import annotations

from sechooks.core.catalogue import Rule, reserved_rule
from sechooks.core.finding import Severity

_CFN = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
SINCE = "0.2.0"

RULES = (
    reserved_rule("CFN", "900", "A CloudFormation template"),
    Rule(
        id="CFN901",
        supersedes=("SEC",),  # the same literal secret, judged with its context: one finding
        name="secret-parameter-default",
        title="A template parameter has a literal secret as its Default and no NoEcho",
        severity=Severity.HIGH,
        rationale=(
            "A parameter's Default is committed with the template and shown in plain text in the "
            "console, `describe-stacks` and every change set unless the parameter is `NoEcho: "
            "true`. A password or token written there is readable by anyone who can read the "
            "repository or describe the stack. The value is judged by the secrets classifier "
            "(the rules of SEC140: a provider token under any name, a password-like name with a "
            "literal that is not a placeholder, reference or identifier)."
        ),
        fix=(
            "Remove the Default and pass the value at deploy time with `NoEcho: true`, or better "
            "store it in Secrets Manager / SSM SecureString and use a `{{resolve:secretsmanager:...}}` "
            "dynamic reference. Rotate the value: it is in the repository's history."
        ),
        bad="Parameters:\n  DBPassword:\n    Type: String\n    Default: Tr0ub4dor&3xq",
        good="Parameters:\n  DBPassword:\n    Type: String\n    NoEcho: true",
        peers=("CKV_AWS_41",),
        references=("CWE-798", _CFN + "parameters-section-structure.html#parameters-section-structure-properties-noecho"),
        since=SINCE,
    ),
    Rule(
        id="CFN902",
        supersedes=("SEC",),  # the same literal secret, judged with its context: one finding
        name="literal-secret-property",
        title="A password property holds a literal secret",
        severity=Severity.HIGH,
        rationale=(
            "`MasterUserPassword`, `Password`, `SecretString`, `AuthToken` and other properties "
            "named like passwords are written into the template as literals: the secret is in "
            "the repository, in the stack's template for anyone with `cloudformation:GetTemplate`, "
            "and cannot be rotated without a commit. `!Sub`/`!Join` of literals are literals too. "
            "Dynamic references to Secrets Manager or SSM SecureString, and `!Ref` to a parameter "
            "(judged by CFN901), are not."
        ),
        fix=(
            "Use `{{resolve:secretsmanager:MySecret:SecretString:password}}` (or "
            "`ManageMasterUserPassword: true` for RDS), or a `NoEcho` parameter without Default; "
            "rotate the committed value."
        ),
        bad="Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      MasterUserPassword: Tr0ub4dor&3xq",
        good=(
            "Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n"
            "      MasterUserPassword: '{{resolve:secretsmanager:DbSecret:SecretString:password}}'"
        ),
        peers=("CKV_AWS_41", "F35"),
        references=("CWE-798", _CFN + "dynamic-references.html"),
        since=SINCE,
    ),
)

OPTIONS: dict[str, object] = {}
