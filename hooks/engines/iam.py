"""IAM policy analysis, independent of the file format (rules IAM401..IAM419).

A hook parses a file (JSON, Terraform, a CloudFormation template) and hands each policy
document to `check_policy` as plain data, with a `line_of` callback that locates values;
the engine returns `Finding`s. See docs/iam.md for the rules' semantics.

Public API:

* `check_policy(document, path, line_of, *, kind="auto", service="", enabled=None,
  options=None) -> list[Finding]`: IAM401..IAM416 and IAM418 on one document.
* `managed_policy_findings(arns, path, line, *, label, evidence="", enabled=None)`: IAM417.
* `lambda_permission_findings(principal, path, line, *, label, scoped, evidence="",
  enabled=None)`: IAM419.
* `managed_policy(arn) -> Severity | None`: the IAM417 judgement alone.

Conventions:

* `line_of(path)` receives a path relative to the document (mapping keys as written,
  list indexes as ints) and returns the 1-based line, `(line, col)`, or None when it does
  not know; the engine then asks for the parent path, and falls back to line 1.
  Statements are located at `("Statement", i)` (or `("Statement",)` for a single object).
* `UNKNOWN` (the one `Unknown` instance) is a whole value the source did not resolve;
  `UNKNOWN_TEXT` marks an unresolved part inside a string. Any other value that is not
  str/int/float/bool/list/dict where a scalar is expected is unknown as well. Unknown
  values never produce a finding: an unknown action matches nothing, an unknown principal
  is not public, an unknown statement or Effect neither allows nor denies, an unknown
  Condition only makes a statement conditional.
* `kind`: "identity", "trust" (a role's assume-role policy), "resource" (with `service`,
  e.g. "kms", "s3", "sqs", "sns", "secretsmanager") or "auto" (a statement with a
  Principal is resource-based, the others are identity statements).
"""
from __future__ import annotations

import functools
import os
import re
from sechooks.core.record import field, record
TYPE_CHECKING = False  # typing costs ~5 ms to import; annotations are strings
if TYPE_CHECKING:
    from typing import Any, Callable, Collection, Iterable, Mapping, Sequence, Union

    JsonPath = tuple[Union[str, int], ...]
    LineOf = Callable[[JsonPath], Union[int, tuple[int, int], None]]

from sechooks.core.finding import Finding, Severity


class Unknown:
    """A value the scanned source did not resolve; use the one instance, `UNKNOWN`."""

    __slots__ = ()
    _instance: Unknown | None = None

    def __new__(cls) -> Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN = Unknown()
UNKNOWN_TEXT = "__TFEXPR__"  # an unresolved part of a string
SENTINEL = UNKNOWN_TEXT
_UNKNOWN = SENTINEL.lower()
DATA = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data", "aws_actions.txt")
MAX_LISTED = 5

# --- curated action knowledge -----------------------------------------------

# Appendix A: (label, actions); a method is granted when every action is.
ESCALATION_METHODS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("CreatePolicyVersion", ("iam:CreatePolicyVersion",)),
    ("SetDefaultPolicyVersion", ("iam:SetDefaultPolicyVersion",)),
    ("PassRole+ec2:RunInstances", ("iam:PassRole", "ec2:RunInstances")),
    ("PassRole+ec2:RequestSpotInstances", ("iam:PassRole", "ec2:RequestSpotInstances")),
    ("CreateAccessKey", ("iam:CreateAccessKey",)),
    ("CreateLoginProfile", ("iam:CreateLoginProfile",)),
    ("UpdateLoginProfile", ("iam:UpdateLoginProfile",)),
    ("AttachUserPolicy", ("iam:AttachUserPolicy",)),
    ("AttachGroupPolicy", ("iam:AttachGroupPolicy",)),
    ("AttachRolePolicy", ("iam:AttachRolePolicy",)),
    ("PutUserPolicy", ("iam:PutUserPolicy",)),
    ("PutGroupPolicy", ("iam:PutGroupPolicy",)),
    ("PutRolePolicy", ("iam:PutRolePolicy",)),
    ("AddUserToGroup", ("iam:AddUserToGroup",)),
    ("UpdateAssumeRolePolicy", ("iam:UpdateAssumeRolePolicy", "sts:AssumeRole")),
    ("PassRole+lambda:CreateFunction+lambda:InvokeFunction", ("iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction")),
    ("PassRole+lambda:CreateFunction+lambda:AddPermission", ("iam:PassRole", "lambda:CreateFunction", "lambda:AddPermission")),
    ("PassRole+lambda:CreateFunction+lambda:CreateEventSourceMapping", ("iam:PassRole", "lambda:CreateFunction", "lambda:CreateEventSourceMapping")),
    ("UpdateLambdaCode", ("lambda:UpdateFunctionCode",)),
    ("UpdateLambdaConfiguration", ("lambda:UpdateFunctionConfiguration",)),
    ("PassRole+glue:CreateDevEndpoint", ("iam:PassRole", "glue:CreateDevEndpoint")),
    ("UpdateGlueDevEndpoint", ("glue:UpdateDevEndpoint",)),
    ("PassRole+glue:CreateJob+glue:StartJobRun", ("iam:PassRole", "glue:CreateJob", "glue:StartJobRun")),
    ("PassRole+cloudformation:CreateStack", ("iam:PassRole", "cloudformation:CreateStack")),
    # an existing stack keeps its service role: updating the template runs it with that role, no PassRole
    ("CloudFormationUpdateStack", ("cloudformation:UpdateStack",)),
    ("CloudFormationChangeSet", ("cloudformation:CreateChangeSet", "cloudformation:ExecuteChangeSet")),
    ("PassRole+datapipeline:CreatePipeline+datapipeline:PutPipelineDefinition", ("iam:PassRole", "datapipeline:CreatePipeline", "datapipeline:PutPipelineDefinition")),
    ("PassRole+sagemaker:CreateNotebookInstance+sagemaker:CreatePresignedNotebookInstanceUrl", ("iam:PassRole", "sagemaker:CreateNotebookInstance", "sagemaker:CreatePresignedNotebookInstanceUrl")),
    ("SageMakerPresignedUrl", ("sagemaker:CreatePresignedNotebookInstanceUrl",)),
    ("PassRole+sagemaker:CreateTrainingJob", ("iam:PassRole", "sagemaker:CreateTrainingJob")),
    ("PassRole+sagemaker:CreateProcessingJob", ("iam:PassRole", "sagemaker:CreateProcessingJob")),
    ("PassRole+codebuild:CreateProject+codebuild:StartBuild", ("iam:PassRole", "codebuild:CreateProject", "codebuild:StartBuild")),
    ("PassRole+ecs:RegisterTaskDefinition+ecs:RunTask", ("iam:PassRole", "ecs:RegisterTaskDefinition", "ecs:RunTask")),
    ("PassRole+ecs:RegisterTaskDefinition+ecs:CreateService", ("iam:PassRole", "ecs:RegisterTaskDefinition", "ecs:CreateService")),
    ("ECSExecuteCommand", ("ecs:ExecuteCommand",)),
    ("PassRole+apprunner:CreateService", ("iam:PassRole", "apprunner:CreateService")),
    ("EC2UserDataRestart", ("ec2:ModifyInstanceAttribute", "ec2:StopInstances", "ec2:StartInstances")),
    ("EC2LaunchTemplate", ("ec2:CreateLaunchTemplateVersion", "ec2:ModifyLaunchTemplate")),
    ("EC2InstanceConnect", ("ec2-instance-connect:SendSSHPublicKey",)),
    ("SSMSendCommand", ("ssm:SendCommand",)),
    ("SSMStartSession", ("ssm:StartSession",)),
    ("CodeStarFromTemplate", ("codestar:CreateProjectFromTemplate",)),
    ("PassRole+codestar:CreateProject", ("iam:PassRole", "codestar:CreateProject")),
    ("CodeStarAssociateTeamMember", ("codestar:CreateProject", "codestar:AssociateTeamMember")),
)

CREDENTIALS_EXPOSURE = (
    "iam:CreateAccessKey iam:UpdateAccessKey iam:CreateLoginProfile iam:UpdateLoginProfile "
    "iam:CreateServiceSpecificCredential iam:ResetServiceSpecificCredential sts:AssumeRole "
    "sts:AssumeRoleWithSAML sts:AssumeRoleWithWebIdentity sts:GetFederationToken sts:GetSessionToken "
    "sso:GetRoleCredentials ecr:GetAuthorizationToken ecr-public:GetAuthorizationToken "
    "codeartifact:GetAuthorizationToken redshift:GetClusterCredentials redshift:GetClusterCredentialsWithIAM "
    "redshift-serverless:GetCredentials rds-db:Connect lightsail:GetInstanceAccessDetails "
    "lightsail:GetRelationalDatabaseMasterUserPassword cognito-identity:GetCredentialsForIdentity "
    "cognito-identity:GetOpenIdToken cognito-identity:GetOpenIdTokenForDeveloperIdentity "
    "cognito-idp:DescribeUserPoolClient codepipeline:PollForJobs iot:AssumeRoleWithCertificate "
    "gamelift:RequestUploadCredentials connect:GetFederationToken mediapackage:RotateIngestEndpointCredentials "
    "secretsmanager:GetSecretValue ec2:GetPasswordData"
).split()

DATA_EXFILTRATION = (
    "s3:GetObject s3:GetObjectVersion ssm:GetParameter ssm:GetParameters ssm:GetParametersByPath "
    "secretsmanager:GetSecretValue secretsmanager:BatchGetSecretValue kms:Decrypt dynamodb:Scan "
    "dynamodb:Query dynamodb:GetItem dynamodb:BatchGetItem dynamodb:ExportTableToPointInTime "
    "rds:CopyDBSnapshot rds:CreateDBSnapshot rds:ModifyDBSnapshotAttribute ec2:CreateSnapshot "
    "ec2:ModifySnapshotAttribute ebs:GetSnapshotBlock glacier:GetJobOutput logs:GetLogEvents logs:FilterLogEvents"
).split()

RESOURCE_EXPOSURE = (
    "iam:AttachGroupPolicy iam:AttachRolePolicy iam:AttachUserPolicy iam:CreatePolicy "
    "iam:CreatePolicyVersion iam:SetDefaultPolicyVersion iam:PutGroupPolicy iam:PutRolePolicy "
    "iam:PutUserPolicy iam:DeleteRolePermissionsBoundary iam:DeleteUserPermissionsBoundary "
    "iam:PutRolePermissionsBoundary iam:PutUserPermissionsBoundary iam:UpdateAssumeRolePolicy "
    "s3:PutBucketPolicy s3:DeleteBucketPolicy s3:PutBucketAcl s3:PutObjectAcl s3:PutBucketPublicAccessBlock "
    "s3:PutAccountPublicAccessBlock s3:PutAccessPointPolicy kms:PutKeyPolicy kms:CreateGrant "
    "kms:RetireGrant kms:RevokeGrant lambda:AddPermission lambda:AddLayerVersionPermission "
    "lambda:RemovePermission ecr:SetRepositoryPolicy ecr:DeleteRepositoryPolicy sqs:SetQueueAttributes "
    "sqs:AddPermission sns:SetTopicAttributes sns:AddPermission secretsmanager:PutResourcePolicy "
    "secretsmanager:DeleteResourcePolicy glue:PutResourcePolicy logs:PutResourcePolicy events:PutPermission "
    "backup:PutBackupVaultAccessPolicy glacier:SetVaultAccessPolicy es:UpdateElasticsearchDomainConfig "
    "es:UpdateDomainConfig ram:CreateResourceShare ram:AssociateResourceShare ram:UpdateResourceShare "
    "ec2:ModifySnapshotAttribute ec2:ModifyImageAttribute rds:ModifyDBSnapshotAttribute "
    "rds:ModifyDBClusterSnapshotAttribute lakeformation:GrantPermissions lakeformation:BatchGrantPermissions "
    "apigateway:UpdateRestApiPolicy codeartifact:PutRepositoryPermissionsPolicy "
    "codeartifact:PutDomainPermissionsPolicy organizations:AttachPolicy organizations:DetachPolicy"
).split()

PASS_ROLE = "iam:passrole"  # nosec B105 -- an IAM action name
TRUST_ACTIONS = ("sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity", "sts:TagSession")
# lower-case name -> canonical spelling, for every action some rule asks about
TARGETS: dict[str, str] = {
    a.lower(): a
    for a in (
        [a for _, actions in ESCALATION_METHODS for a in actions]
        + CREDENTIALS_EXPOSURE + DATA_EXFILTRATION + RESOURCE_EXPOSURE + list(TRUST_ACTIONS)
    )
}
_TRUST_TARGETS = frozenset(t.lower() for t in TRUST_ACTIONS)
SENSITIVE_SERVICES = frozenset({"iam", "organizations", "sts", "sso", "identitystore", "account"})
PRINCIPAL_KEYS = (
    "aws:principalorgid", "aws:principalorgpaths", "aws:principalaccount", "aws:sourceaccount",
    "aws:sourceorgid", "aws:sourcevpce", "aws:sourcevpc", "aws:sourcearn", "aws:principalarn",
    "kms:calleraccount",
)
# Condition keys that say how or when a request is made, not who makes it (a public trust
# policy guarded only by these is still public: IAM408).
NEUTRAL_KEYS = frozenset({
    "aws:multifactorauthpresent", "aws:multifactorauthage", "aws:securetransport", "aws:currenttime",
    "aws:epochtime", "aws:tokenissuetime", "aws:requestedregion", "aws:useragent", "aws:referer",
    "aws:viaawsservice", "aws:calledvia", "aws:calledviafirst", "aws:calledvialast", "aws:principaltype",
    "sts:rolesessionname", "sts:transitivetagkeys", "aws:tagkeys",
})
NEUTRAL_PREFIXES = ("aws:requesttag/",)
_ATTACH = frozenset({"iam:attachuserpolicy", "iam:attachgrouppolicy", "iam:attachrolepolicy"})
_SELF_SERVICE = frozenset({"iam:createaccesskey", "iam:createloginprofile", "iam:updateloginprofile"})
# actions whose target is a role, user or group: named targets make the method low
_NAMED_TARGETS = _ATTACH | _SELF_SERVICE | frozenset({
    "iam:passrole", "iam:putuserpolicy", "iam:putgrouppolicy", "iam:putrolepolicy", "iam:addusertogroup",
    "iam:updateassumerolepolicy",
})
# SSM documents that run whatever commands the caller passes
SHELL_DOCUMENTS = frozenset({
    "aws-runshellscript", "aws-runpowershellscript", "aws-runremotescript", "aws-applyansibleplaybooks",
    "aws-runansibleplaybook", "aws-runsaltstate", "aws-rundockeraction",
})
_PINNING_OPERATORS = frozenset({"stringequals", "stringequalsignorecase", "stringlike", "arnequals", "arnlike"})
_EXPIRY_KEYS = ("aws:tokenissuetime", "aws:currenttime")
PASS_ROLE_KEYS = ("iam:passedtoservice", "iam:associatedresourcearn")
READ_PREFIXES = ("get", "list", "describe", "head")
IAM_BROAD = frozenset({"role/*", "user/*", "group/*", "policy/*", "instance-profile/*"})
ADMIN_POLICIES = {
    "administratoraccess": Severity.HIGH,
    "iamfullaccess": Severity.HIGH,
    "poweruseraccess": Severity.MEDIUM,
}
_MANAGED_ARN = re.compile(r"^arn:aws[\w-]*:iam::aws:policy/(?:[\w+=,.@-]+/)*(?P<name>[\w+=,.@-]+)$")
_ACCOUNT = re.compile(r"^(?:\d{12}|arn:aws[\w-]*:iam::(\d{12}):root)$")
_WILDCARD_ACCOUNT = re.compile(r"^arn:aws[\w-]*:iam::\*:")


# --- the offline AWS action catalogue (hooks/data/aws_actions.txt) ---------------

@record(frozen=True)
class Action:
    name: str  # canonical "svc:Name"
    level: str  # L R W P T
    resource_level: bool


@record
class ActionCatalogue:
    """Lazily read: the file on first use (plain text, ~0.5 ms; gzip and splitting every
    line cost ~4 ms, on every IAM and CloudFormation run that judged a policy), a
    service's line found and parsed when it is asked for."""

    text: str = ""
    parsed: dict[str, dict[str, Action]] = field(default_factory=dict)
    loaded: bool = False
    names: list[str] | None = None

    def _load(self) -> None:
        self.loaded = True
        try:
            with open(DATA, encoding="utf-8") as f:
                self.text = "\n" + f.read()
        except (OSError, UnicodeDecodeError):
            return  # without the data file, wildcards are judged by their text only

    def _line(self, prefix: str) -> str:
        if not prefix or any(c in prefix for c in " \n#"):
            return ""
        start = self.text.find(f"\n{prefix} ")
        if start < 0:
            return ""
        start += len(prefix) + 2
        end = self.text.find("\n", start)
        return self.text[start:end if end >= 0 else len(self.text)]

    def service(self, prefix: str) -> dict[str, Action]:
        if not self.loaded:
            self._load()
        if prefix not in self.parsed:
            actions = {}
            for token in self._line(prefix).split():
                name, _, flags = token.partition("/")
                actions[name.lower()] = Action(f"{prefix}:{name}", flags[:1], flags[1:2] == "+")
            self.parsed[prefix] = actions
        return self.parsed[prefix]

    def services(self) -> list[str]:
        if not self.loaded:
            self._load()
        if self.names is None:
            self.names = [line.partition(" ")[0] for line in self.text.split("\n") if line and not line.startswith("#")]
        return list(self.names)

    def expand(self, pattern: str) -> list[Action]:
        """Real actions matched by a (lower-case) pattern; [] when none are known."""
        service_glob, sep, name_glob = pattern.partition(":")
        if not sep:
            return []
        if any(c in service_glob for c in "*?"):
            regex = _glob(service_glob)
            prefixes = [s for s in self.services() if regex.fullmatch(s)]
        else:
            prefixes = [service_glob]
        regex = _glob(name_glob)
        return [a for p in prefixes for n, a in self.service(p).items() if regex.fullmatch(n)]

    def lookup(self, action: str) -> Action | None:
        prefix, _, name = action.lower().partition(":")
        return self.service(prefix).get(name)


# --- normalisation ---------------------------------------------------------------

class Glob:
    """An IAM wildcard (`*` any run, `?` one character) matched without backtracking.

    A regex (`.*` per star) backtracks exponentially on `iam:*?*?*?...#`; here the
    text between stars is matched greedily leftmost, which is exact for globs, so
    one match costs at most len(pattern) x len(text).
    """

    __slots__ = ("head", "middle", "tail", "stars", "min_len")

    def __init__(self, pattern: str) -> None:
        parts = pattern.split("*")
        self.stars = len(parts) > 1
        self.head = parts[0]
        self.tail = parts[-1] if self.stars else ""
        self.middle = tuple(p for p in parts[1:-1] if p)
        self.min_len = len(pattern) - pattern.count("*")

    def fullmatch(self, text: str) -> bool:
        if not self.stars:
            return len(text) == len(self.head) and _matches_at(text, 0, self.head)
        end = len(text) - len(self.tail)
        if len(text) < self.min_len or not _matches_at(text, 0, self.head) or not _matches_at(text, end, self.tail):
            return False
        pos = len(self.head)
        for segment in self.middle:
            at = _find(text, segment, pos, end)
            if at < 0:
                return False
            pos = at + len(segment)
        return True


def _matches_at(text: str, at: int, segment: str) -> bool:
    if "?" not in segment:
        return text.startswith(segment, at)
    if at < 0 or at + len(segment) > len(text):
        return False
    return all(p == "?" or p == c for p, c in zip(segment, text[at:at + len(segment)]))


def _find(text: str, segment: str, start: int, end: int) -> int:
    """Leftmost offset of `segment` (`?` = any character) within text[start:end]."""
    if "?" not in segment:
        return text.find(segment, start, end)
    for at in range(start, end - len(segment) + 1):
        if _matches_at(text, at, segment):
            return at
    return -1


_GLOBS: dict[str, Glob] = {}


def _glob(pattern: str) -> Glob:
    glob = _GLOBS.get(pattern)
    if glob is None:
        glob = _GLOBS[pattern] = Glob(pattern)
    return glob


def _strings(value: Any) -> tuple[str, ...]:
    """A string or list element as stripped strings; anything else (CFN intrinsics, numbers) is unknown."""
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        if isinstance(item, str):
            out.append(item.strip())
        elif isinstance(item, bool):
            out.append("true" if item else "false")
        elif isinstance(item, (int, float)):
            out.append(str(item))
        else:
            out.append(SENTINEL)
    return tuple(out)


@record(frozen=True)
class Statement:
    index: int
    sid: str
    line: int
    col: int
    effect: str  # "allow", "deny" or "unknown"
    actions: tuple[str, ...] | None  # lower-case patterns
    not_actions: tuple[str, ...] | None
    resources: tuple[str, ...] | None
    not_resources: tuple[str, ...] | None
    principal: Mapping[str, tuple[str, ...]] | None  # lower-case type -> values; "*" for Principal "*"
    not_principal: bool
    conditional: bool
    condition: Mapping[str, Mapping[str, tuple[str, ...]]]  # lower-case operator -> lower-case key -> values
    reach: str  # broad, specific or absent (no Resource/NotResource: trust policies); see Analysis.reach
    raw: Mapping[str, Any] = field(compare=False, repr=False)

    @property
    def text(self) -> str:
        """Canonical JSON of the statement: the baseline evidence, independent of lines."""
        import json  # ~1.5 ms: only when a finding needs its evidence (CloudFormation, HCL policies)

        return json.dumps(self.raw, sort_keys=True, separators=(",", ":"), default=str)

    @property
    def allow(self) -> bool:
        return self.effect == "allow"

    @property
    def label(self) -> str:
        if not self.sid:
            return f"Statement[{self.index}]"
        return f"Statement[{self.index}] ({shown(self.sid)})"


def _principal(value: Any) -> dict[str, tuple[str, ...]]:
    if isinstance(value, dict):
        return {str(k).strip().lower(): tuple(v for v in _strings(item)) for k, item in value.items()}
    values = _strings(value)
    if values == ("*",):
        return {"*": ("*",)}
    return {"aws": values}


def _condition(value: Any) -> tuple[bool, dict[str, dict[str, tuple[str, ...]]]]:
    if value is None:
        return False, {}
    if not isinstance(value, dict):
        return True, {}  # unknown: treat as conditional, never as proof of anything
    out: dict[str, dict[str, tuple[str, ...]]] = {}
    for operator, keys in value.items():
        table = out.setdefault(str(operator).strip().lower(), {})
        if isinstance(keys, dict):
            for key, values in keys.items():
                table[str(key).strip().lower()] = _strings(values)
        else:
            table[_UNKNOWN] = (SENTINEL,)
    return bool(value), out


def normalise(raw: Mapping[str, Any], index: int, line: int, col: int = 1) -> Statement:
    """One statement object as a `Statement` (element names case-insensitive)."""
    elements = {k.strip().lower() if isinstance(k, str) else str(k): v for k, v in raw.items()}

    def lowered(name: str) -> tuple[str, ...] | None:
        value = elements.get(name)
        if value is None:
            return None
        if isinstance(value, str):
            return (value.strip().lower(),)
        return tuple(a.lower() for a in _strings(value))

    def plain(name: str) -> tuple[str, ...] | None:
        value = elements.get(name)
        if value is None:
            return None
        return (value.strip(),) if isinstance(value, str) else _strings(value)

    effect_raw = elements.get("effect", "Allow")
    if not isinstance(effect_raw, str) or SENTINEL in effect_raw:
        effect = "unknown"  # neither allows nor denies
    else:
        effect = "deny" if effect_raw.strip().lower() == "deny" else "allow"
    principal = _principal(elements["principal"]) if "principal" in elements else None
    conditional, condition = _condition(elements.get("condition"))
    sid = elements.get("sid")
    resources, not_resources = plain("resource"), plain("notresource")
    return Statement(
        index=index,
        sid=sid.strip() if isinstance(sid, str) else "",
        line=line,
        col=col,
        effect=effect,
        actions=lowered("action"),
        not_actions=lowered("notaction") if "action" not in elements else None,
        resources=resources,
        not_resources=not_resources,
        principal=principal,
        not_principal="notprincipal" in elements,
        conditional=conditional,
        condition=condition,
        reach=_reach(resources, not_resources),
        raw=raw,
    )


@record
class Document:
    """One policy document: its statements plus where it came from."""

    statements: list[Statement]
    kind: str = "auto"  # identity, resource, trust or auto: see the module doc
    service: str = ""  # the resource's service for kind "resource" ("kms", "s3" ...)

    @property
    def trust(self) -> bool:
        return self.kind == "trust"


# --- matching semantics -------------------------------------------------------------

def is_full_wildcard(pattern: str) -> bool:
    service, sep, name = pattern.partition(":")
    return set(pattern) == {"*"} or (bool(sep) and set(service) == {"*"} and set(name) == {"*"})


def service_wildcard(pattern: str) -> str | None:
    """`iam` for `iam:*` / `IAM:**`; None for anything else (`iam:Put*`, `*`)."""
    service, sep, name = pattern.partition(":")
    if not sep or not service or any(c in service for c in "*?") or set(name) != {"*"} or _UNKNOWN in service:
        return None
    return service


@functools.lru_cache(maxsize=4096)
def _pattern_targets(pattern: str) -> frozenset[str]:
    if SENTINEL.lower() in pattern:
        return frozenset()
    regex = _glob(pattern)
    return frozenset(t for t in TARGETS if regex.fullmatch(t))


_SHARED_CATALOGUE = ActionCatalogue()  # immutable data, read at most once per process


@record
class Matcher:
    """Matches statements against the curated targets (per-pattern results are memoised)."""

    catalogue: ActionCatalogue = field(default_factory=lambda: _SHARED_CATALOGUE)

    def targets(self, patterns: Iterable[str]) -> set[str]:
        out: set[str] = set()
        for pattern in patterns:
            out |= _pattern_targets(pattern)
        return out

    def granted(self, statement: Statement) -> set[str]:
        """Curated targets this statement's Action/NotAction covers (Effect aside)."""
        if statement.actions is not None:
            return self.targets(statement.actions)
        if statement.not_actions is not None:
            if any(_UNKNOWN in p for p in statement.not_actions):
                return set()
            return set(TARGETS) - self.targets(statement.not_actions)
        return set()


def is_broad_resource(resource: str) -> bool:
    if resource == "*":
        return True
    parts = resource.split(":", 5)
    if len(parts) != 6 or parts[0].lower() != "arn":
        return False
    part, service = parts[5], parts[2].lower()
    return part in ("*", "*/*") or (service in ("iam", "*") and part in IAM_BROAD)


# Services whose actions take ARNs of another service (sts:AssumeRole on an iam role ARN ...).
RESOURCE_SERVICES = {
    "sts": ("sts", "iam"),
    "ssm": ("ssm", "ec2"),
    "ec2-instance-connect": ("ec2",),
    "ecs": ("ecs", "iam"),
    "lambda": ("lambda", "iam"),
}


def _plausible(resource: str, service: str) -> bool:
    """Could this Resource entry name something `service`'s actions act on? Unknown values could."""
    parts = resource.split(":", 3)
    if len(parts) != 4 or parts[0].lower() != "arn":
        return True
    return _service_fits(parts[2].lower(), service)


@functools.lru_cache(maxsize=1024)
def _service_fits(arn_service: str, service: str) -> bool:
    if _UNKNOWN in arn_service:
        return True
    return any(_glob(arn_service).fullmatch(s) for s in RESOURCE_SERVICES.get(service, (service,)))


def _reach(resources: tuple[str, ...] | None, not_resources: tuple[str, ...] | None) -> str:
    if not_resources is not None:
        return "broad"
    if resources is None:
        return "absent"
    return "broad" if any(is_broad_resource(r) for r in resources) else "specific"


def denies_everywhere(statement: Statement) -> bool:
    """An unconditional Deny whose scope covers every resource (NotResource does not)."""
    if statement.effect != "deny" or statement.conditional or statement.not_resources is not None:
        return False
    return statement.resources is None or any(is_broad_resource(r) for r in statement.resources)


def public(principal: Mapping[str, tuple[str, ...]] | None) -> bool:
    if not principal:
        return False
    if "*" in principal:
        return True
    return any(v == "*" or _WILDCARD_ACCOUNT.match(v) for v in principal.get("aws", ()))


def accounts(principal: Mapping[str, tuple[str, ...]] | None) -> list[str]:
    out = []
    for value in (principal or {}).get("aws", ()):
        match = _ACCOUNT.match(value)
        if match:
            out.append(match.group(1) or value)
    return out


def condition_values(statement: Statement, key: str, *, exclude_null: bool = True) -> list[str] | None:
    """Every value any operator tests `key` against; None when no operator mentions it."""
    found: list[str] | None = None
    for operator, keys in statement.condition.items():
        if exclude_null and operator == "null":
            continue
        if key in keys:
            found = (found or []) + list(keys[key])
    return found


def _listed(items: Sequence[str]) -> str:
    shown = ", ".join(items[:MAX_LISTED])
    return shown + (f" (+{len(items) - MAX_LISTED} more)" if len(items) > MAX_LISTED else "")


def _labels(statements: Sequence[Statement]) -> str:
    return _listed([s.label for s in statements])


# --- rules ---------------------------------------------------------------------------

@record(frozen=True)
class Hit:
    rule: str
    statement: Statement
    message: str
    severity: Severity | None = None
    evidence: str | None = None


@record
class Analysis:
    """Per-document facts shared by the rules."""

    document: Document
    matcher: Matcher
    options: Mapping[str, Any]
    allows: list[Statement] = field(default_factory=list)  # live: not expired, not wholly denied
    everywhere: DenyIndex = field(default_factory=lambda: DenyIndex())  # Denies for every principal and resource
    scoped: list[Statement] = field(default_factory=list)  # other unconditional Denies (bounded)
    denied: set[str] = field(default_factory=set)
    strong: dict[str, list[Statement]] = field(default_factory=dict)  # broad + unconditional
    weak: dict[str, list[Statement]] = field(default_factory=dict)  # specific or conditional
    grants: dict[int, set[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, document: Document, matcher: Matcher, options: Mapping[str, Any]) -> Analysis:
        self = cls(document, matcher, options)
        for s in document.statements:
            if s.effect != "deny" or s.conditional or s.not_principal or s.not_resources is not None:
                continue
            if (s.principal is None or public(s.principal)) and (s.resources is None or "*" in s.resources):
                self.everywhere.add(s)
            elif len(self.scoped) < MAX_SCOPED_DENIES and len(s.resources or ()) <= MAX_DENY_RESOURCES:
                self.scoped.append(s)  # past the bounds a Deny subtracts nothing: findings stay
        self.allows = [s for s in document.statements if s.allow and not expired(s) and not self.wholly_denied(s)]
        for s in document.statements:
            if denies_everywhere(s):
                self.denied |= self.granted(s)
        for s in self.allows:
            strong = not s.conditional and self.reach(s) == "broad"
            for target in self.granted(s) - self.denied:
                if strong:
                    self.strong.setdefault(target, []).append(s)
                elif self._grants_here(s, target):
                    self.weak.setdefault(target, []).append(s)
        return self

    def resource_based(self, s: Statement) -> bool:
        """A statement of a resource policy: its Resource can only name that resource."""
        kind = self.document.kind
        return kind == "resource" or (kind == "auto" and (s.principal is not None or s.not_principal))

    def reach(self, s: Statement) -> str:
        """`broad`, `specific` or `absent` as written, except that a broad Resource in a
        resource policy is `this` (the resource the policy is attached to)."""
        if s.reach == "broad" and s.not_resources is None and self.resource_based(s):
            return "this"
        return s.reach

    def _grants_here(self, statement: Statement, target: str) -> bool:
        """Whether a statement scoped to specific resources can grant `target` at all.

        AWS ignores an action without resource-level permissions when the
        statement names ARNs, and an ARN of another service never matches; a
        resource policy grants only actions on its own resource.
        """
        reach = self.reach(statement)
        service = target.partition(":")[0]
        if reach == "this":
            own = self.document.service
            return service == own if own else service not in SENSITIVE_SERVICES
        if reach != "specific":
            return True
        if not any(_plausible(r, service) for r in statement.resources or ()):
            return False
        action = self.matcher.catalogue.lookup(target)
        return action is None or action.resource_level

    def granted(self, statement: Statement) -> set[str]:
        found = self.grants.get(statement.index)
        if found is None:
            found = self.grants[statement.index] = self.matcher.granted(statement)
        return found

    def first(self, statements: Iterable[Statement]) -> Statement:
        return min(statements, key=lambda s: s.index)

    def pattern_denied(self, allow: Statement, pattern: str) -> bool:
        """Whether an unconditional Deny of this document removes `pattern` wherever `allow` grants it."""
        if self.everywhere.covers(pattern):
            return True
        return any(_deny_applies(d, allow) and _deny_covers_action(d, pattern) for d in self.scoped)

    def wholly_denied(self, allow: Statement) -> bool:
        if not self.scoped and self.everywhere.empty:
            return False
        if allow.actions is not None:
            return bool(allow.actions) and all(self.pattern_denied(allow, p) for p in allow.actions)
        if allow.not_actions is not None:
            return self.pattern_denied(allow, "*")
        return False

    def live_actions(self, s: Statement) -> list[str]:
        """The statement's Action patterns that no Deny removes."""
        return [p for p in s.actions or () if not self.pattern_denied(s, p)]


MAX_SCOPED_DENIES = 16  # Denies on named resources/principals compared with every Allow
MAX_DENY_RESOURCES = 64
MAX_DENY_GLOBS = 32


@record
class DenyIndex:
    """The Action patterns of Denies that apply to every principal and resource, indexed
    so that one lookup costs the pattern's length, not the number of Denies."""

    everything: bool = False  # Action "*"
    exact: set[str] = field(default_factory=set)  # every pattern: equal globs cover
    heads: set[str] = field(default_factory=set)  # `iam:Put*` -> `iam:put`
    globs: list[str] = field(default_factory=list)  # other globs (bounded)
    not_actions: list[tuple[str, ...]] = field(default_factory=list)  # NotAction Denies (bounded)
    empty: bool = True

    def add(self, deny: Statement) -> None:
        self.empty = False
        if deny.not_actions is not None:
            if len(self.not_actions) < MAX_DENY_GLOBS and not any(_UNKNOWN in n for n in deny.not_actions):
                self.not_actions.append(deny.not_actions)
            return
        for pattern in deny.actions or ():
            if _UNKNOWN in pattern:
                continue
            if is_full_wildcard(pattern):
                self.everything = True
            self.exact.add(pattern)
            head, star, rest = pattern.partition("*")
            if star and not rest.strip("*") and "?" not in head:
                self.heads.add(head)
            elif any(c in pattern for c in "*?") and len(self.globs) < MAX_DENY_GLOBS:
                self.globs.append(pattern)

    def covers(self, pattern: str) -> bool:
        """`covers(deny pattern, pattern)` for some indexed Deny pattern (see `covers`)."""
        if self.empty or _UNKNOWN in pattern:
            return False
        if self.everything or pattern in self.exact:
            return True
        literal = not any(c in pattern for c in "*?")
        prefix = pattern if literal else pattern[:min(i for i in (pattern.find("*"), pattern.find("?")) if i >= 0)]
        if self.heads and any(prefix[:i] in self.heads for i in range(len(prefix) + 1)):
            return True
        if not literal:
            return False
        if any(_glob(g).fullmatch(pattern) for g in self.globs):
            return True
        return any(not any(_glob(n).fullmatch(pattern) for n in listed) for listed in self.not_actions)


def covers(general: str, specific: str) -> bool:
    """Whether every text the glob `specific` matches is also matched by the glob `general`
    (exact for the forms policies use: equal globs, a literal, a trailing `*`); unknown
    values cover nothing and are covered by nothing."""
    if _unknown(general) or _unknown(specific):
        return False
    if "*" not in specific and "?" not in specific:
        return _glob(general).fullmatch(specific)
    if general == specific or set(general) == {"*"}:
        return True
    head, star, rest = general.partition("*")
    return bool(star) and not rest.strip("*") and "?" not in head and specific.startswith(head)


def _unknown(text: str) -> bool:
    return "__" in text and _UNKNOWN in text.lower()


def _deny_covers_action(deny: Statement, pattern: str) -> bool:
    if deny.actions is not None:
        return any(is_full_wildcard(d) if is_full_wildcard(pattern) else covers(d, pattern) for d in deny.actions)
    if deny.not_actions is not None:  # denies every action it does not list
        if any(c in pattern for c in "*?") or any(_UNKNOWN in n for n in deny.not_actions) or _UNKNOWN in pattern:
            return False
        return not any(_glob(n).fullmatch(pattern) for n in deny.not_actions)
    return False


def _deny_applies(deny: Statement, allow: Statement) -> bool:
    """Whether the Deny's principals and resources include everything the Allow grants to."""
    if deny.principal is not None and not public(deny.principal) and deny.principal != allow.principal:
        return False
    if deny.resources is None or "*" in deny.resources:
        return True
    if allow.resources is None or allow.not_resources is not None:
        return False
    return all(any(covers(d, r) for d in deny.resources) for r in allow.resources)


def expired(s: Statement) -> bool:
    """An Allow limited to sessions issued (or requests made) before a past date grants nothing now."""
    for operator in ("datelessthan", "datelessthanequals"):
        keys = s.condition.get(operator, {})
        for key in _EXPIRY_KEYS:
            values = keys.get(key)
            if values and all(_in_the_past(v) for v in values):
                return True
    return False


def _in_the_past(value: str) -> bool:
    from datetime import datetime, timezone

    text = value.strip()
    try:
        if text.isdigit():
            when = datetime.fromtimestamp(int(text), timezone.utc)
        else:
            when = datetime.fromisoformat(text[:-1] + "+00:00" if text[-1:] in "Zz" and text else text)
    except (ValueError, OverflowError, OSError):
        return False
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when < datetime.now(timezone.utc)


def _hit(rule: str, offenders: Sequence[tuple[Statement, Severity]], what: str, default: Severity) -> list[Hit]:
    if not offenders:
        return []
    statements = [s for s, _ in offenders]
    severity = max(level for _, level in offenders)
    first = statements[0]
    return [Hit(rule, first, f"{_labels(statements)} {what}", None if severity == default else severity, first.text)]


def full_admin(a: Analysis) -> list[Hit]:
    offenders = [
        (s, Severity.HIGH if s.conditional else Severity.CRITICAL)
        for s in a.allows
        if any(is_full_wildcard(p) for p in a.live_actions(s)) and a.reach(s) == "broad"
    ]
    return _hit("IAM401", offenders, 'allows Action "*" on every resource', Severity.CRITICAL)


def wildcard_action(a: Analysis) -> list[Hit]:
    offenders = [
        (s, Severity.HIGH)
        for s in a.allows
        if any(is_full_wildcard(p) for p in a.live_actions(s)) and a.reach(s) != "broad"
        and not _delegates(a, s)
    ]
    return _hit("IAM402", offenders, 'allows Action "*" on specific resources', Severity.HIGH)


def _service_wildcards(a: Analysis, s: Statement) -> list[str]:
    found = [service_wildcard(p) for p in a.live_actions(s)]
    return sorted({w for w in found if w})


def _delegates(a: Analysis, s: Statement) -> bool:
    """A resource-policy grant to account roots only (the AWS default key policy): it hands the
    decision to that account's IAM policies and gives no identity anything by itself."""
    values = (s.principal or {}).get("aws", ())
    if not a.resource_based(s) or not values or set(s.principal or {}) != {"aws"}:
        return False
    return all(_ACCOUNT.match(v) or _unknown_account_root(v) for v in values)


def _unknown_account_root(value: str) -> bool:
    """`arn:aws:iam::${account_id}:root` with the account unresolved."""
    lower = value.lower()
    return lower.startswith("arn:aws") and lower.endswith(f":iam::{_UNKNOWN}:root")


def iam_service_wildcard(a: Analysis) -> list[Hit]:
    offenders, services = [], set()
    for s in a.allows:
        sensitive = [w for w in _service_wildcards(a, s) if w in SENSITIVE_SERVICES]
        if sensitive:
            services.update(sensitive)
            critical = a.reach(s) == "broad" and not s.conditional
            offenders.append((s, Severity.CRITICAL if critical else Severity.HIGH))
    what = f"allows every action of {_listed([w + ':*' for w in sorted(services)])}"
    return _hit("IAM403", offenders, what, Severity.CRITICAL)


def service_wildcard_rule(a: Analysis) -> list[Hit]:
    hits = []
    for s in a.allows:
        services = [w for w in _service_wildcards(a, s) if w not in SENSITIVE_SERVICES]
        if not services or _delegates(a, s):
            continue
        severity = Severity.MEDIUM if a.reach(s) == "broad" else Severity.LOW
        if s.conditional:
            severity = severity.downgrade()
        message = f"{s.label} allows every action of {_listed([w + ':*' for w in services])}"
        hits.append(Hit("IAM404", s, message, None if severity == Severity.MEDIUM else severity, s.text))
    return hits


def allow_not_action(a: Analysis) -> list[Hit]:
    offenders = [
        (s, Severity.CRITICAL if a.reach(s) == "broad" and not s.conditional else Severity.HIGH)
        for s in a.allows
        if s.actions is None and s.not_actions is not None
    ]
    return _hit("IAM405", offenders, "uses Allow with NotAction (grants every other action)", Severity.HIGH)


def allow_not_resource(a: Analysis) -> list[Hit]:
    offenders = [(s, Severity.HIGH) for s in a.allows if s.not_resources is not None]
    return _hit("IAM406", offenders, "uses Allow with NotResource (grants on every other resource)", Severity.HIGH)


def allow_not_principal(a: Analysis) -> list[Hit]:
    offenders = [(s, Severity.HIGH) for s in a.allows if s.not_principal]
    return _hit("IAM407", offenders, "uses Allow with NotPrincipal (grants to everyone else)", Severity.HIGH)


def _read_only(s: Statement, catalogue: ActionCatalogue) -> bool:
    if not s.actions:
        return False
    for pattern in s.actions:
        if is_full_wildcard(pattern) or ":" not in pattern:
            return False
        name = pattern.partition(":")[2]
        if name.startswith(READ_PREFIXES):
            continue
        if not any(c in name for c in "*?"):
            return False
        expanded = catalogue.expand(pattern)
        if not expanded or not all(x.name.partition(":")[2].lower().startswith(READ_PREFIXES) for x in expanded):
            return False
    return True


def _says_who(s: Statement) -> bool:
    """Whether the Condition narrows who may make the request, not only how or when."""
    if not s.condition:
        return s.conditional  # a Condition that is not an object: unknown, may say who
    return any(
        key not in NEUTRAL_KEYS and not key.startswith(NEUTRAL_PREFIXES)
        for keys in s.condition.values() for key in keys
    )


def _public_unconditionally(a: Analysis, s: Statement) -> bool:
    """Public with no Condition, or a trust statement whose Condition does not say who (MFA only)."""
    if not public(s.principal):
        return False
    return not s.conditional or (_trust_statement(a, s) and not _says_who(s))


def public_principal(a: Analysis) -> list[Hit]:
    offenders = []
    for s in a.allows:
        if _public_unconditionally(a, s):
            offenders.append((s, Severity.HIGH if _read_only(s, a.matcher.catalogue) else Severity.CRITICAL))
    return _hit("IAM408", offenders, 'allows the public principal "*" with no Condition', Severity.CRITICAL)


def _pins_caller(s: Statement) -> bool:
    for operator, keys in s.condition.items():
        if operator == "null" or operator.endswith("ifexists"):
            continue
        # an unresolved value (the sentinel) there is most likely an org/account id too
        if any(v != "*" for key in PRINCIPAL_KEYS for v in keys.get(key, ())):
            return True
    return False


def public_principal_conditional(a: Analysis) -> list[Hit]:
    offenders = [
        (s, Severity.LOW if _pins_caller(s) else Severity.MEDIUM)
        for s in a.allows
        if public(s.principal) and s.conditional and not _public_unconditionally(a, s)
    ]
    return _hit("IAM409", offenders, 'allows the public principal "*" behind a Condition', Severity.MEDIUM)


def passrole_broad(a: Analysis) -> list[Hit]:
    if PASS_ROLE in a.denied:
        return []
    offenders = [
        (s, Severity.HIGH)
        for s in a.allows
        if a.reach(s) == "broad"
        and PASS_ROLE in a.granted(s)
        and not any(condition_values(s, key) for key in PASS_ROLE_KEYS)
    ]
    return _hit("IAM410", offenders, "allows iam:PassRole on any role without iam:PassedToService", Severity.HIGH)


def pinned_values(s: Statement, key: str) -> list[str] | None:
    """The values a positive operator (StringEquals, ArnLike ...) pins `key` to; None when
    no such operator names it or a value is unknown (then any value is possible)."""
    values: list[str] = []
    found = False
    for operator, keys in s.condition.items():
        base = operator.rpartition(":")[2]
        base = base[:-len("ifexists")] if base.endswith("ifexists") else base
        if base in _PINNING_OPERATORS and key in keys:
            found = True
            values += keys[key]
    if not found or any(not v or _UNKNOWN in v.lower() for v in values):
        return None
    return values


def _literal(value: str) -> bool:
    return not any(c in value for c in "*?$") and _UNKNOWN not in value.lower()


def _method_service(actions: Sequence[str]) -> str:
    """The service a PassRole method passes the role to (`ec2` for PassRole+ec2:RunInstances)."""
    return next((x.partition(":")[0] for x in actions if not x.startswith("iam:")), "")


def _serves(passed_to: str, service: str) -> bool:
    if not _literal(passed_to):
        return True
    labels = passed_to.lower().split(".")
    return any(label == service or label.startswith(service + "-") for label in labels)


def _document_name(value: str) -> str:
    return value.rsplit("/", 1)[-1].strip().lower()


def _named_document(name: str) -> bool:
    return bool(name) and _literal(name) and name not in SHELL_DOCUMENTS


def _named_documents_only(s: Statement) -> bool:
    """ssm:SendCommand limited to named documents that do not run arbitrary commands."""
    names = pinned_values(s, "ssm:documentname")
    if names is not None and all(_named_document(_document_name(n)) for n in names):
        return True
    if s.not_resources is not None or not s.resources:
        return False
    documents = 0
    for resource in s.resources:
        lower = resource.lower()
        if ":document/" in lower:
            if not _named_document(_document_name(lower)):
                return False
            documents += 1
        elif ":instance/" not in lower and ":managed-instance/" not in lower:
            return False  # "*" or an unknown value: any document
    return documents > 0


def _own_user(resource: str) -> bool:
    lower = resource.strip().lower()
    return lower.startswith("arn:") and ":user/" in lower and lower.endswith("/${aws:username}")


def _named_iam(resource: str) -> bool:
    parts = resource.split(":", 5)
    if len(parts) != 6 or parts[0].lower() != "arn" or parts[2].lower() != "iam":
        return False
    kind, _, name = parts[5].partition("/")
    return kind.lower() in ("role", "user", "group") and bool(name) and _literal(name)


def blocked(s: Statement, action: str, method: Sequence[str]) -> bool:
    """Whether a Condition or the resources make this statement useless for `action` of an
    escalation method (docs/iam.md: conditions that make escalation impossible)."""
    if action in _ATTACH:
        arns = pinned_values(s, "iam:policyarn")
        if arns is not None and all(_literal(v) and managed_policy(v) is None for v in arns):
            return True
    if action == PASS_ROLE:
        services = pinned_values(s, "iam:passedtoservice")
        target = _method_service(method)
        if services is not None and target and not any(_serves(v, target) for v in services):
            return True
    if action == "ssm:sendcommand" and _named_documents_only(s):
        return True
    if action in _SELF_SERVICE and s.not_resources is None and s.resources:
        return all(_own_user(r) for r in s.resources)
    return False


def _named_only(s: Statement, action: str) -> bool:
    if action not in _NAMED_TARGETS or s.not_resources is not None or not s.resources:
        return False
    return all(_named_iam(r) for r in s.resources)


def privilege_escalation(a: Analysis) -> list[Hit]:
    """IAM411: a method counts when every action of it is granted by some statement that can
    serve it; its level is high (broad, unconditional), medium (scoped or conditional) or low
    (only on named roles, users or groups)."""
    methods, statements, level = [], [], 0
    for label, actions in ESCALATION_METHODS:
        names = [x.lower() for x in actions]
        method_level, used = 3, []
        for n in names:
            candidates = [(s, 3) for s in a.strong.get(n, [])] + [
                (s, 1 if _named_only(s, n) else 2) for s in a.weak.get(n, [])
            ]
            candidates = [(s, lvl) for s, lvl in candidates if not blocked(s, n, names)]
            if not candidates:
                method_level = 0
                break
            method_level = min(method_level, max(lvl for _, lvl in candidates))
            used += [s for s, _ in candidates]
        if method_level:
            methods.append(label)
            statements += used
            level = max(level, method_level)
    if not methods:
        return []
    first = a.first(statements)
    message = f"{first.label} allows privilege escalation via {_listed(methods)}"
    severity = {3: None, 2: Severity.MEDIUM, 1: Severity.LOW}[level]
    if level == 2:
        message += " (only conditionally or on specific resources)"
    elif level == 1:
        message += " (only on named roles, users or groups)"
    return [Hit("IAM411", first, message, severity, first.text + "|" + ",".join(methods))]


def _grant_set_rule(rule: str, actions: Sequence[str], what: str) -> Callable[[Analysis], list[Hit]]:
    def check(a: Analysis) -> list[Hit]:
        matched = [x for x in actions if x.lower() in a.strong]
        if not matched:
            return []
        first = a.first(s for x in matched for s in a.strong[x.lower()])
        message = f"{first.label} allows {what} on every resource: {_listed(matched)}"
        return [Hit(rule, first, message, None, first.text + "|" + ",".join(matched))]

    check.__name__ = rule
    return check


credentials_exposure = _grant_set_rule("IAM412", CREDENTIALS_EXPOSURE, "credential-returning actions")
data_exfiltration = _grant_set_rule("IAM413", DATA_EXFILTRATION, "data-reading actions")
resource_exposure = _grant_set_rule("IAM414", RESOURCE_EXPOSURE, "policy- and sharing-changing actions")


def _trust_statement(a: Analysis, s: Statement) -> bool:
    if a.document.trust and s.principal is not None:
        return True
    return bool(a.granted(s) & _TRUST_TARGETS)


def cross_account_trust(a: Analysis) -> list[Hit]:
    trusted = set(a.options.get("trusted_account_ids", ()))
    offenders = []
    for s in a.allows:
        if s.conditional or not _trust_statement(a, s):
            continue
        if any(acct not in trusted for acct in accounts(s.principal)):
            offenders.append((s, Severity.MEDIUM))
    what = "lets another AWS account assume the role with no Condition"
    return _hit("IAM415", offenders, what, Severity.MEDIUM)


_OIDC_OTHER = re.compile(r"^(?:gitlab\.com|app\.terraform\.io|oidc\.eks\.[a-z0-9-]+\.amazonaws\.com/id/[^:]+|token\.actions\.githubusercontent\.com/[^:]+)$")
GITHUB = "token.actions.githubusercontent.com"


def _issuers(s: Statement) -> set[str]:
    issuers = set()
    for value in (s.principal or {}).get("federated", ()):
        issuer = value.split("oidc-provider/", 1)[-1].strip().lower()
        if issuer == GITHUB or _OIDC_OTHER.match(issuer):
            issuers.add(issuer)
        elif _UNKNOWN in issuer:
            # the provider is a reference; its condition keys still name the issuer
            for keys in s.condition.values():
                for key in keys:
                    candidate = key.rpartition(":")[0]
                    if candidate == GITHUB or _OIDC_OTHER.match(candidate):
                        issuers.add(candidate)
    return issuers


def _wide_subject(value: str, github: bool) -> bool:
    v = value.strip().lower()
    if not v.strip("*:/?"):
        return True
    return github and (v in ("repo:*", "repo:*/*") or v.startswith("repo:*"))


def oidc_without_subject(a: Analysis) -> list[Hit]:
    offenders = []
    for s in a.allows:
        for issuer in sorted(_issuers(s)):
            github = issuer == GITHUB
            values = condition_values(s, issuer + ":sub")
            if values is None or all(_wide_subject(v, github) for v in values):
                offenders.append((s, Severity.CRITICAL if github else Severity.HIGH))
                break
    what = "trusts an OIDC provider without pinning the token subject (:sub)"
    return _hit("IAM416", offenders, what, Severity.CRITICAL)


def forallvalues(a: Analysis) -> list[Hit]:
    offenders = []
    for s in a.allows:
        null_keys = set(s.condition.get("null", {}))
        for operator, keys in s.condition.items():
            if operator.startswith("forallvalues:") and any(k not in null_keys for k in keys):
                offenders.append((s, Severity.LOW))
                break
    what = "uses a ForAllValues condition with no Null guard (true when the key is absent)"
    return _hit("IAM418", offenders, what, Severity.LOW)


DOCUMENT_CHECKS: dict[str, Callable[[Analysis], list[Hit]]] = {
    "IAM401": full_admin,
    "IAM402": wildcard_action,
    "IAM403": iam_service_wildcard,
    "IAM404": service_wildcard_rule,
    "IAM405": allow_not_action,
    "IAM406": allow_not_resource,
    "IAM407": allow_not_principal,
    "IAM408": public_principal,
    "IAM409": public_principal_conditional,
    "IAM410": passrole_broad,
    "IAM411": privilege_escalation,
    "IAM412": credentials_exposure,
    "IAM413": data_exfiltration,
    "IAM414": resource_exposure,
    "IAM415": cross_account_trust,
    "IAM416": oidc_without_subject,
    "IAM418": forallvalues,
}
SUPPRESSED_BY = {
    "IAM401": frozenset({"IAM402", "IAM403", "IAM404", "IAM410", "IAM411", "IAM412", "IAM413", "IAM414"}),
    "IAM405": frozenset({"IAM410", "IAM411", "IAM412", "IAM413", "IAM414"}),
}


def analyse(document: Document, enabled: frozenset[str], options: Mapping[str, Any], matcher: Matcher) -> list[Hit]:
    """Every rule on one document, with the suppression precedence of docs/iam.md applied."""
    analysis = Analysis.of(document, matcher, options)
    hits: list[Hit] = []
    suppressed: set[str] = set()
    for rule, check in DOCUMENT_CHECKS.items():
        if rule in suppressed:
            continue
        found = check(analysis)
        if found and rule in SUPPRESSED_BY:
            suppressed |= SUPPRESSED_BY[rule]
        if rule in enabled:
            hits += found
    return hits


def managed_policy(arn: str) -> Severity | None:
    """Severity of attaching this AWS managed policy (IAM417), None for others."""
    match = _MANAGED_ARN.match(arn.strip())
    return ADMIN_POLICIES.get(match.group("name").lower()) if match else None


# --- the API for hooks -------------------------------------------------------------------

ALL_RULES = frozenset(DOCUMENT_CHECKS) | {"IAM417", "IAM419"}
KINDS = ("auto", "identity", "resource", "trust")


_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ._*/-")
_SEPARATORS = str.maketrans("._*/-", "     ")


def _plain(text: str) -> bool:
    """Short, plain characters, and no long token mixing letters and digits (key-shaped)."""
    if len(text) > 64 or not _PLAIN.issuperset(text):
        return False
    return not any(
        len(token) >= 16 and not token.isalpha() and not token.isdigit()
        for token in text.translate(_SEPARATORS).split()
    )


def shown(text: str) -> str:
    """Text from the scanned file fit for a message (a Sid, a principal). Plain short words
    are kept as they are; anything else goes through the secrets engine's `redact`, whose
    import (~0.1 s) a typical run never pays."""
    if _plain(text):
        return text
    from sechooks.engines.secrets import redact

    return redact(text)


def _locate(line_of: LineOf, path: JsonPath) -> tuple[int, int]:
    while True:
        found = line_of(path)
        if isinstance(found, tuple):
            return found
        if found is not None:
            return found, 1
        if not path:
            return 1, 1
        path = path[:-1]


def read_document(document: Any, line_of: LineOf, *, kind: str = "auto", service: str = "") -> Document | None:
    """A policy document as data -> `Document`; None when it has no Statement object or list."""
    if kind not in KINDS:
        raise ValueError(f"unknown policy kind {kind!r} (expected one of {', '.join(KINDS)})")
    if not isinstance(document, dict):
        return None
    raw = document.get("Statement")
    if isinstance(raw, dict):
        items: list[tuple[JsonPath, Any]] = [(("Statement",), raw)]
    elif isinstance(raw, list):
        items = [(("Statement", i), item) for i, item in enumerate(raw)]
    else:
        return None
    statements = [
        normalise(item, i, *_locate(line_of, where))
        for i, (where, item) in enumerate(items)
        if isinstance(item, dict)  # an unknown statement neither allows nor denies
    ]
    return Document(statements, kind=kind, service=service.strip().lower())


def findings_of(document: Document, path: str, enabled: Collection[str] | None = None,
                options: Mapping[str, Any] | None = None, matcher: Matcher | None = None) -> list[Finding]:
    """Every enabled document rule on a `Document`, as findings in `path`."""
    wanted = ALL_RULES if enabled is None else frozenset(enabled)
    return [
        Finding(hit.rule, path, hit.statement.line, hit.statement.col, hit.message,
                severity=hit.severity, evidence=hit.evidence)
        for hit in analyse(document, wanted, options or {}, matcher or Matcher())
    ]


def check_policy(document: Any, path: str, line_of: LineOf, *, kind: str = "auto", service: str = "",
                 enabled: Collection[str] | None = None, options: Mapping[str, Any] | None = None,
                 matcher: Matcher | None = None) -> list[Finding]:
    """IAM401..IAM416 and IAM418 on one policy document given as data (see the module doc)."""
    parsed = read_document(document, line_of, kind=kind, service=service)
    if parsed is None:
        return []
    return findings_of(parsed, path, enabled, options, matcher)


def managed_policy_findings(arns: Any, path: str, line: int, *, label: str = "", evidence: str = "",
                            enabled: Collection[str] | None = None) -> list[Finding]:
    """IAM417 for attached managed policy ARNs (a string or a list; unknown items are skipped)."""
    if enabled is not None and "IAM417" not in enabled:
        return []
    found = []
    for arn in arns if isinstance(arns, list) else [arns]:
        severity = managed_policy(arn) if isinstance(arn, str) else None
        if severity is None:
            continue
        name = arn.strip().rsplit("/", 1)[-1]
        found.append(Finding(
            "IAM417", path, line, 1, f"{label} attaches the AWS managed policy {name}".lstrip(),
            severity=None if severity == Severity.HIGH else severity, evidence=f"{evidence or label}|{arn}",
        ))
    return found


def lambda_permission_findings(principal: Any, path: str, line: int, *, label: str, scoped: bool,
                               evidence: str = "", enabled: Collection[str] | None = None) -> list[Finding]:
    """IAM419: a Lambda permission for a wildcard principal with no source ARN, account or org."""
    if enabled is not None and "IAM419" not in enabled:
        return []
    if scoped or not isinstance(principal, str) or "*" not in principal or SENTINEL in principal:
        return []
    return [Finding(
        "IAM419", path, line, 1,
        f'{label} lets principal "{shown(principal)}" invoke the function from anywhere',
        evidence=f"{evidence or label}|{principal}",
    )]
