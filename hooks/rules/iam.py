"""IAM4nn: over-permissive AWS IAM policies."""
from __future__ import annotations

import re

from sechooks.core.catalogue import Option, Rule, reserved_rule
from sechooks.core.finding import Severity
from sechooks.core.record import replace

_POLICIES = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html"
_BEST = "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege"
_ESCALATION = "https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/"

RULES: tuple[Rule, ...] = (
    reserved_rule("IAM", "400", "A policy file"),
    Rule(
        id="IAM401",
        name="full-admin",
        title='An Allow statement grants Action "*" on every resource',
        severity=Severity.CRITICAL,
        rationale=(
            'Action "*" (or "*:*") on Resource "*" is full administrator access: whoever holds '
            "the policy can read every secret, create users and keys, and delete the account's "
            "resources. A Condition narrows it a little (high instead of critical). An "
            'unconditional Deny of "*" in the same policy (for the same principals and resources) '
            'removes it. In a resource policy (KMS, SQS, SNS, Secrets Manager ...) Resource "*" '
            "means the resource the policy is attached to, so this rule does not apply there."
        ),
        fix="List the specific actions and resource ARNs the workload needs.",
        bad='{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}',
        good='{"Statement": [{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::app-assets/*"}]}',
        peers=("CKV_AWS_1", "CKV_AWS_62", "AWS-0057", "aws-iam-no-policy-wildcards"),
        references=("CWE-269", "CWE-732", _BEST),
    ),
    Rule(
        id="IAM402",
        name="wildcard-action",
        title='An Allow statement grants Action "*" on specific resources',
        severity=Severity.HIGH,
        rationale=(
            'Action "*" on a named resource grants every current and future action on it, '
            "including deleting it and rewriting its resource policy. A resource-policy statement "
            "whose principals are only account roots (arn:aws:iam::ACCOUNT:root) delegates to "
            "that account's IAM policies and is not reported."
        ),
        fix="Replace * with the exact actions used on that resource.",
        bad='{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::app-data/*"}]}',
        good='{"Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::app-data/*"}]}',
        peers=("CKV_AWS_49", "CKV_AWS_63", "AWS-0057", "aws-iam-no-policy-wildcards"),
        references=("CWE-732", _BEST),
    ),
    Rule(
        id="IAM403",
        name="iam-or-org-service-wildcard",
        title="An Allow statement grants every action of IAM, Organizations, STS, SSO, Identity Store or Account",
        severity=Severity.CRITICAL,
        rationale=(
            "iam:*, organizations:*, sts:*, sso:*, identitystore:* and account:* manage identities "
            "and permissions themselves: holding all of them on every resource is one step from "
            "full administrator (create a user, attach AdministratorAccess). Critical when the "
            "resource is broad and there is no Condition, otherwise high. An unconditional Deny "
            "of the same service (or of *) in the same policy, on every resource the Allow names, "
            "removes the finding; a partial (iam:Delete*) or conditional Deny does not."
        ),
        fix="Grant individual IAM actions on named roles/users only.",
        bad='{"Statement": [{"Effect": "Allow", "Action": "iam:*", "Resource": "*"}]}',
        good='{"Statement": [{"Effect": "Allow", "Action": ["iam:GetRole", "iam:ListRoles"], "Resource": "*"}]}',
        peers=("ServiceWildcard", "PERMISSIONS_MANAGEMENT_ACTIONS"),
        references=("CWE-269", _BEST),
    ),
    Rule(
        id="IAM404",
        name="service-wildcard",
        title="An Allow statement grants every action of a service",
        severity=Severity.MEDIUM,
        rationale=(
            "svc:* grants every current and future action of the service, including destructive "
            "and policy-changing ones (s3:* includes s3:PutBucketPolicy and s3:DeleteBucket). "
            "Medium on broad resources, low on specific ones, one level lower with a Condition. "
            'In a resource policy Resource "*" is the resource itself (low); a grant there to '
            "account roots only (the AWS default key policy: kms:* to the account's root) "
            "delegates to IAM and is not reported. An unconditional Deny of the service removes it."
        ),
        fix="Enumerate the needed actions instead of svc:*.",
        bad='{"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}',
        good='{"Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": ["arn:aws:s3:::logs", "arn:aws:s3:::logs/*"]}]}',
        peers=("ServiceWildcard", "AWS-0057", "AWS-0345", "aws-iam-no-policy-wildcards"),
        references=("CWE-732", _BEST),
    ),
    Rule(
        id="IAM405",
        name="allow-with-notaction",
        title="An Allow statement uses NotAction",
        severity=Severity.HIGH,
        rationale=(
            "Allow with NotAction grants every action except the listed ones, across every "
            "service, including services added later. On a broad resource without a Condition "
            "it is close to full administrator (critical)."
        ),
        fix="Use an explicit Action list; keep NotAction for Deny statements.",
        bad='{"Statement": [{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}]}',
        good='{"Statement": [{"Effect": "Deny", "NotAction": ["iam:Get*", "iam:List*"], "Resource": "*"}]}',
        references=(_POLICIES + "_notaction.html",),
    ),
    Rule(
        id="IAM406",
        name="allow-with-notresource",
        title="An Allow statement uses NotResource",
        severity=Severity.HIGH,
        rationale=(
            "Allow with NotResource grants the actions on every resource except the listed "
            "ones, including resources created later and in other accounts' shared resources."
        ),
        fix="Use an explicit Resource list.",
        bad='{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::secret/*"}]}',
        good='{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::public-assets/*"}]}',
        peers=("NOTRESOURCE_WITH_ALLOW",),
        references=(_POLICIES + "_notresource.html",),
    ),
    Rule(
        id="IAM407",
        name="allow-with-notprincipal",
        title="An Allow statement uses NotPrincipal",
        severity=Severity.HIGH,
        rationale=(
            "Allow with NotPrincipal grants access to every principal except the listed ones, "
            "which can include anonymous users of other accounts."
        ),
        fix="Use Principal with explicit ARNs, or Deny + aws:PrincipalArn conditions.",
        bad='{"Statement": [{"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:role/admin"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}',
        good='{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}',
        peers=("NOTPRINCIPAL_WITH_ALLOW",),
        references=(_POLICIES + "_notprincipal.html",),
    ),
    Rule(
        id="IAM408",
        name="public-principal",
        title='An Allow statement grants access to Principal "*" with no Condition',
        severity=Severity.CRITICAL,
        rationale=(
            'Principal "*" (or {"AWS": "*"}) without a Condition lets anyone on the internet, '
            "signed in to any AWS account or anonymous, use the resource or assume the role. "
            "High instead of critical when every granted action is read-only (Get/List/Describe/Head). "
            "In a trust statement (sts:AssumeRole...), a Condition that only says how or when "
            "(aws:MultiFactorAuthPresent, aws:MultiFactorAuthAge, aws:SecureTransport, time, "
            "region) is no Condition: MFA in any account is still anyone."
        ),
        fix="Name the trusted principals, or add aws:PrincipalOrgID/aws:SourceAccount conditions.",
        bad='{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*"}]}',
        good='{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}',
        peers=("CKV_AWS_60", "CKV_AWS_283", "AssumableByAnyPrincipal"),
        references=("CWE-284", "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html"),
    ),
    Rule(
        id="IAM409",
        name="public-principal-conditional",
        title='An Allow statement grants access to Principal "*" behind a Condition',
        severity=Severity.MEDIUM,
        rationale=(
            'Principal "*" is only as safe as its Condition. A condition on aws:PrincipalOrgID, '
            "aws:SourceAccount, aws:SourceVpce, kms:CallerAccount and similar keys pins the "
            "caller (low); other conditions (e.g. aws:SecureTransport) do not restrict who calls "
            "(medium). A public trust statement guarded only by MFA/transport/time keys is IAM408."
        ),
        fix="Check the condition really pins the caller to your org/account/VPC.",
        bad='{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:eu-west-1:111122223333:q", "Condition": {"Bool": {"aws:SecureTransport": "true"}}}]}',
        good='{"Statement": [{"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:eu-west-1:111122223333:q", "Condition": {"ArnEquals": {"aws:SourceArn": "arn:aws:sns:eu-west-1:111122223333:t"}}}]}',
        peers=("AssumableByAnyPrincipalWithConditions",),
        references=("CWE-284", "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html"),
    ),
    Rule(
        id="IAM410",
        name="passrole-broad-resource",
        title="iam:PassRole is granted on any role without iam:PassedToService",
        severity=Severity.HIGH,
        rationale=(
            "iam:PassRole on every role lets the holder hand any role, including admin roles, "
            "to a service it controls (EC2, Lambda, ECS...) and act with that role's rights."
        ),
        fix="Restrict Resource to the role ARNs that may be passed and add iam:PassedToService.",
        bad='{"Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}]}',
        good='{"Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/app-task", "Condition": {"StringEquals": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}}}]}',
        peers=("PASS_ROLE_WITH_STAR_IN_RESOURCE", "AWS-0342"),
        references=("CWE-269", "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html"),
    ),
    Rule(
        id="IAM411",
        name="privilege-escalation",
        title="The policy grants a known privilege-escalation method",
        severity=Severity.HIGH,
        rationale=(
            "Some action sets let a principal raise its own rights: write a new policy version, "
            "attach AdministratorAccess to itself, create keys for another user, or pass a "
            "privileged role to compute it controls, or update a CloudFormation stack that runs "
            "with its own service role (cloudformation:UpdateStack; CreateStack without PassRole "
            "runs with the caller's own rights and is not a method). High when the whole set is "
            "granted on every resource without a Condition; medium when part of it is scoped or "
            "conditional; low when the role/user/group actions name their targets "
            "(role/app-task, no wildcard). Not escalation: attach actions with iam:PolicyARN "
            "pinned to named non-admin policies; PassRole with iam:PassedToService pinned to "
            "another service than the method's; ssm:SendCommand limited to named documents that "
            "are not shell runners (AWS-RunShellScript ...); access keys and login profiles on "
            "user/${aws:username} (self-service); an Allow limited by DateLessThan "
            "aws:TokenIssueTime/aws:CurrentTime to a past date. In a resource policy only the "
            "resource's own service counts (a Lambda function policy granting "
            "lambda:UpdateFunctionCode to another principal does)."
        ),
        fix="Remove the escalation action or scope it to resources the principal cannot use to gain more rights.",
        bad='{"Statement": [{"Effect": "Allow", "Action": ["iam:PassRole", "ec2:RunInstances"], "Resource": "*"}]}',
        good='{"Statement": [{"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "*"}]}',
        peers=("PRIVILEGE_ESCALATION", "PrivilegeEscalation", "CKV_AWS_286", "CKV_AWS_110"),
        references=("CWE-269", _ESCALATION),
    ),
    Rule(
        id="IAM412",
        name="credentials-exposure",
        title="The policy grants credential-returning actions on every resource",
        severity=Severity.MEDIUM,
        rationale=(
            "Actions such as iam:CreateAccessKey, sts:AssumeRole, ecr:GetAuthorizationToken and "
            "secretsmanager:GetSecretValue return credentials; granted on every resource they "
            "let one leaked credential mint others. Only identity policies: in a resource "
            'policy (a secret\'s policy) Resource "*" is that one secret, judged by its principal '
            "(IAM408/IAM409)."
        ),
        fix="Scope credential-returning actions to specific resources/conditions.",
        bad='{"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]}',
        good='{"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::111122223333:role/deployer"}]}',
        peers=("CREDENTIALS_EXPOSURE", "CredentialsExposure", "CKV_AWS_287", "CKV_AWS_107"),
        references=("CWE-522", _BEST),
    ),
    Rule(
        id="IAM413",
        name="data-exfiltration",
        title="The policy grants data-reading actions on every resource",
        severity=Severity.MEDIUM,
        rationale=(
            "s3:GetObject, ssm:GetParameter, secretsmanager:GetSecretValue, kms:Decrypt and "
            "similar actions on every resource let the holder read every object, parameter and "
            "secret in the account, not just the ones the workload owns. Only identity policies: "
            'in a KMS key, secret, queue or topic policy Resource "*" means that resource, and '
            "such statements are judged by principal and condition (IAM408/IAM409)."
        ),
        fix="Restrict reads of objects, parameters and secrets to the needed ARNs.",
        bad='{"Statement": [{"Effect": "Allow", "Action": "ssm:GetParameter", "Resource": "*"}]}',
        good='{"Statement": [{"Effect": "Allow", "Action": "ssm:GetParameter", "Resource": "arn:aws:ssm:eu-west-1:111122223333:parameter/app/*"}]}',
        peers=("DataExfiltration", "CKV_AWS_288", "CKV_AWS_108"),
        references=("CWE-200", _BEST),
    ),
    Rule(
        id="IAM414",
        name="resource-exposure",
        title="The policy grants policy-, grant- or sharing-changing actions on every resource",
        severity=Severity.HIGH,
        rationale=(
            "Actions that rewrite resource policies, ACLs, KMS grants or sharing settings "
            "(s3:PutBucketPolicy, kms:CreateGrant, lambda:AddPermission, ram:CreateResourceShare "
            "...) on every resource let the holder open any resource to the world or another account. "
            "Only identity policies: a key-administrator statement in a key policy "
            '(kms:Put*, kms:Create* on Resource "*") manages that one key.'

        ),
        fix="Scope policy-changing actions to named resources.",
        bad='{"Statement": [{"Effect": "Allow", "Action": "s3:PutBucketPolicy", "Resource": "*"}]}',
        good='{"Statement": [{"Effect": "Allow", "Action": "s3:PutBucketPolicy", "Resource": "arn:aws:s3:::app-assets"}]}',
        peers=("ResourceExposure", "PERMISSIONS_MANAGEMENT_ACTIONS", "CKV_AWS_289", "CKV_AWS_109"),
        references=("CWE-732", _BEST),
    ),
    Rule(
        id="IAM415",
        name="cross-account-trust-unconditioned",
        title="A role trusts another AWS account with no Condition",
        severity=Severity.MEDIUM,
        rationale=(
            "Trusting an account id (or its :root) lets every principal that account allows "
            "assume the role. Without sts:ExternalId, aws:PrincipalArn or MFA conditions a "
            "third party's confused deputy, or any of its users, can use it. Accounts listed "
            "in iam.trusted_account_ids are exempt."
        ),
        fix="Trust specific role ARNs and require sts:ExternalId for third parties.",
        bad='{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "sts:AssumeRole"}]}',
        good='{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": "a-shared-id"}}}]}',
        peers=("CKV_AWS_61", "AssumableByCrossAccountPrincipal"),
        references=("CWE-441", "https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html"),
    ),
    Rule(
        id="IAM416",
        name="oidc-trust-without-subject",
        title="A role trusts an OIDC provider without pinning the token subject",
        severity=Severity.CRITICAL,
        rationale=(
            "A trust on token.actions.githubusercontent.com without a condition on its :sub "
            "claim lets a workflow in any GitHub repository, anyone's, assume the role. The same "
            "holds at high for GitLab, Terraform Cloud, EKS and GitHub Enterprise issuers. A "
            "condition on :aud alone does not help: the audience is the same for everyone."
        ),
        fix="Add StringEquals/StringLike on …:sub = repo:<org>/<repo>:ref:refs/heads/main (or an environment).",
        bad=(
            '{"Statement": [{"Effect": "Allow", "Principal": {"Federated": '
            '"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}, '
            '"Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": '
            '{"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}}]}'
        ),
        good=(
            '{"Statement": [{"Effect": "Allow", "Principal": {"Federated": '
            '"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}, '
            '"Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": '
            '{"token.actions.githubusercontent.com:aud": "sts.amazonaws.com", '
            '"token.actions.githubusercontent.com:sub": "repo:my-org/app:ref:refs/heads/main"}}}]}'
        ),
        peers=("CKV_AWS_358",),
        references=(
            "CWE-284",
            "https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services",
        ),
    ),
    Rule(
        id="IAM417",
        name="admin-managed-policy-attached",
        title="AdministratorAccess, IAMFullAccess or PowerUserAccess is attached",
        severity=Severity.HIGH,
        rationale=(
            "Attaching the AWS managed AdministratorAccess or IAMFullAccess policy gives full "
            "control of the account (IAMFullAccess can grant itself the rest); PowerUserAccess "
            "(medium) is everything except IAM management."
        ),
        fix="Attach a least-privilege customer-managed policy instead.",
        bad='resource "aws_iam_role_policy_attachment" "ci" {\n  role       = aws_iam_role.ci.name\n  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"\n}',
        good='resource "aws_iam_role_policy_attachment" "ci" {\n  role       = aws_iam_role.ci.name\n  policy_arn = aws_iam_policy.ci_deploy.arn\n}',
        peers=("CKV_AWS_274",),
        references=("CWE-269", "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_job-functions.html"),
    ),
    Rule(
        id="IAM418",
        name="forallvalues-on-allow",
        title="An Allow statement uses ForAllValues without a Null guard",
        severity=Severity.LOW,
        default=False,
        rationale=(
            "ForAllValues is true when the request has no value for the key at all, so an "
            "Allow guarded only by ForAllValues:StringEquals on aws:TagKeys also allows requests "
            "that send no tags."
        ),
        fix='Add a Null: {key: "false"} guard or use ForAnyValue/StringEquals.',
        bad='{"Statement": [{"Effect": "Allow", "Action": "ec2:CreateTags", "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}}}]}',
        good='{"Statement": [{"Effect": "Allow", "Action": "ec2:CreateTags", "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}, "Null": {"aws:TagKeys": "false"}}}]}',
        peers=("SINGLE_VALUE_CONDITION_TOO_PERMISSIVE",),
        references=("https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html",),
    ),
    Rule(
        id="IAM419",
        name="public-lambda-permission",
        title="A Lambda permission lets any principal invoke the function",
        severity=Severity.HIGH,
        rationale=(
            'aws_lambda_permission with principal = "*" and no source_arn, source_account or '
            "principal_org_id lets any AWS account (and, through function URLs, anyone) invoke "
            "the function."
        ),
        fix="Set principal to the calling service and pin source_arn/source_account.",
        bad='resource "aws_lambda_permission" "any" {\n  action        = "lambda:InvokeFunction"\n  function_name = aws_lambda_function.f.function_name\n  principal     = "*"\n}',
        good='resource "aws_lambda_permission" "sns" {\n  action        = "lambda:InvokeFunction"\n  function_name = aws_lambda_function.f.function_name\n  principal     = "sns.amazonaws.com"\n  source_arn    = aws_sns_topic.t.arn\n}',
        peers=("CKV_AWS_301", "CKV_AWS_364"),
        references=("CWE-284", "https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html"),
    ),
)


# cfn_nag's ids for the same findings in CloudFormation templates, as peers: `sechooks explain
# W2`, `--disable F3` and a template's `Metadata: {cfn_nag: {rules_to_suppress: ...}}` name them.
CFN_NAG = {
    "F2": ("IAM402",), "F3": ("IAM402", "IAM401"), "F4": ("IAM402", "IAM401"), "F5": ("IAM402", "IAM401"),
    "F6": ("IAM407",),
    "W11": ("IAM401", "IAM404"), "W12": ("IAM401", "IAM404"), "W13": ("IAM401", "IAM404"),
    "W14": ("IAM405",), "W15": ("IAM405",), "W16": ("IAM405",), "W17": ("IAM405",),
    "W18": ("IAM405",), "W19": ("IAM405",), "W20": ("IAM402",),
    "W21": ("IAM406",), "W22": ("IAM406",), "W23": ("IAM406",),
    "F16": ("IAM408",), "F18": ("IAM408",), "F20": ("IAM408",), "F21": ("IAM408",),
    "F38": ("IAM410",), "F39": ("IAM410",), "F40": ("IAM410",),
    "W43": ("IAM417",),
    "F13": ("IAM419",),
}
RULES = tuple(replace(r, peers=r.peers + tuple(k for k, ids in CFN_NAG.items() if r.id in ids)) for r in RULES)

_ACCOUNT_ID = re.compile(r"^\d{12}$")


def _account_ids(value: object) -> str | None:
    bad = [v for v in value if not _ACCOUNT_ID.match(str(v))] if isinstance(value, (list, tuple)) else []
    return f"not 12-digit AWS account ids: {', '.join(map(str, bad))}" if bad else None


OPTIONS = {
    "trusted_account_ids": Option(
        default=(),
        help="AWS account ids (12 digits) whose unconditioned trust is expected (IAM415 skips them).",
        kind=list,
        item=str,
        validate=_account_ids,
    ),
}
