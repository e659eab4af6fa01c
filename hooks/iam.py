"""sechooks-iam: over-permissive AWS IAM policies in JSON files and Terraform."""
from __future__ import annotations

import bisect
import functools
import json
import os
import re
from sechooks.core.record import field, record
TYPE_CHECKING = False  # typing costs ~5 ms to import; annotations are strings
if TYPE_CHECKING:
    from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

from sechooks.core import cli, suppress
from sechooks.core.finding import Finding, Severity

MAX_BYTES = 5 * 1024 * 1024
SENTINEL = "__TFEXPR__"
_UNKNOWN = SENTINEL.lower()
DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "aws_actions.txt.gz")
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
)
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
_JSON_MARKERS = ('"Statement"', '"ManagedPolicyArns"')


# --- the offline AWS action catalogue (hooks/data/aws_actions.txt.gz) ------------

@record(frozen=True)
class Action:
    name: str  # canonical "svc:Name"
    level: str  # L R W P T
    resource_level: bool


@record
class ActionCatalogue:
    """Lazily parsed: the file is read on first use, a service's line when it is asked for."""

    lines: dict[str, str] = field(default_factory=dict)
    parsed: dict[str, dict[str, Action]] = field(default_factory=dict)
    loaded: bool = False

    def _load(self) -> None:
        import zlib

        self.loaded = True
        try:
            with open(DATA, "rb") as f:
                raw = zlib.decompress(f.read(), 31).decode("utf-8")  # 31: gzip framing
        except (OSError, zlib.error):
            return  # without the data file, wildcards are judged by their text only
        for line in raw.split("\n"):
            if line and not line.startswith("#"):
                service, _, rest = line.partition(" ")
                self.lines[service] = rest

    def service(self, prefix: str) -> dict[str, Action]:
        if not self.loaded:
            self._load()
        if prefix not in self.parsed:
            actions = {}
            for token in self.lines.get(prefix, "").split():
                name, _, flags = token.partition("/")
                actions[name.lower()] = Action(f"{prefix}:{name}", flags[:1], flags[1:2] == "+")
            self.parsed[prefix] = actions
        return self.parsed[prefix]

    def services(self) -> list[str]:
        if not self.loaded:
            self._load()
        return list(self.lines)

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
    reach: str  # broad, specific or absent: see `scope`
    raw: Mapping[str, Any] = field(compare=False, repr=False)

    @property
    def text(self) -> str:
        """Canonical JSON of the statement: the baseline evidence, independent of lines."""
        return json.dumps(self.raw, sort_keys=True, separators=(",", ":"), default=str)

    @property
    def allow(self) -> bool:
        return self.effect == "allow"

    @property
    def label(self) -> str:
        return f"Statement[{self.index}]" + (f" ({self.sid})" if self.sid else "")


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
    effect = effect_raw.strip().lower() if isinstance(effect_raw, str) else "unknown"
    if SENTINEL in str(effect_raw):
        effect = "unknown"
    elif effect != "deny":
        effect = "allow"
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
    trust: bool = False  # e.g. aws_iam_role.assume_role_policy


# --- matching semantics -------------------------------------------------------------

def is_full_wildcard(pattern: str) -> bool:
    service, sep, name = pattern.partition(":")
    return set(pattern) == {"*"} or (bool(sep) and set(service) == {"*"} and set(name) == {"*"})


def service_wildcard(pattern: str) -> str | None:
    """`iam` for `iam:*` / `IAM:**`; None for anything else (`iam:Put*`, `*`)."""
    service, sep, name = pattern.partition(":")
    if not sep or not service or any(c in service for c in "*?") or set(name) != {"*"}:
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


def scope(statement: Statement) -> str:
    """`broad`, `specific` or `absent` (no Resource/NotResource: trust policies)."""
    return statement.reach


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
    allows: list[Statement] = field(default_factory=list)
    denied: set[str] = field(default_factory=set)
    strong: dict[str, list[Statement]] = field(default_factory=dict)  # broad + unconditional
    weak: dict[str, list[Statement]] = field(default_factory=dict)  # specific or conditional
    grants: dict[int, set[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, document: Document, matcher: Matcher, options: Mapping[str, Any]) -> Analysis:
        self = cls(document, matcher, options)
        self.allows = [s for s in document.statements if s.allow]
        for s in document.statements:
            if denies_everywhere(s):
                self.denied |= self.granted(s)
        for s in self.allows:
            strong = not s.conditional and scope(s) == "broad"
            for target in self.granted(s) - self.denied:
                if strong:
                    self.strong.setdefault(target, []).append(s)
                elif self._grants_here(s, target):
                    self.weak.setdefault(target, []).append(s)
        return self

    def _grants_here(self, statement: Statement, target: str) -> bool:
        """Whether a statement scoped to specific resources can grant `target` at all.

        AWS ignores an action without resource-level permissions when the
        statement names ARNs, and an ARN of another service never matches.
        """
        if scope(statement) != "specific":
            return True
        service = target.partition(":")[0]
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
        if s.actions and any(is_full_wildcard(p) for p in s.actions) and scope(s) == "broad"
    ]
    return _hit("IAM401", offenders, 'allows Action "*" on every resource', Severity.CRITICAL)


def wildcard_action(a: Analysis) -> list[Hit]:
    offenders = [
        (s, Severity.HIGH)
        for s in a.allows
        if s.actions and any(is_full_wildcard(p) for p in s.actions) and scope(s) != "broad"
    ]
    return _hit("IAM402", offenders, 'allows Action "*" on specific resources', Severity.HIGH)


def _service_wildcards(s: Statement) -> list[str]:
    found = [service_wildcard(p) for p in s.actions or ()]
    return sorted({w for w in found if w})


def iam_service_wildcard(a: Analysis) -> list[Hit]:
    offenders, services = [], set()
    for s in a.allows:
        sensitive = [w for w in _service_wildcards(s) if w in SENSITIVE_SERVICES]
        if sensitive:
            services.update(sensitive)
            critical = scope(s) == "broad" and not s.conditional
            offenders.append((s, Severity.CRITICAL if critical else Severity.HIGH))
    what = f"allows every action of {_listed([w + ':*' for w in sorted(services)])}"
    return _hit("IAM403", offenders, what, Severity.CRITICAL)


def service_wildcard_rule(a: Analysis) -> list[Hit]:
    hits = []
    for s in a.allows:
        services = [w for w in _service_wildcards(s) if w not in SENSITIVE_SERVICES]
        if not services:
            continue
        severity = Severity.MEDIUM if scope(s) == "broad" else Severity.LOW
        if s.conditional:
            severity = severity.downgrade()
        message = f"{s.label} allows every action of {_listed([w + ':*' for w in services])}"
        hits.append(Hit("IAM404", s, message, None if severity == Severity.MEDIUM else severity, s.text))
    return hits


def allow_not_action(a: Analysis) -> list[Hit]:
    offenders = [
        (s, Severity.CRITICAL if scope(s) == "broad" and not s.conditional else Severity.HIGH)
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


def public_principal(a: Analysis) -> list[Hit]:
    offenders = []
    for s in a.allows:
        if public(s.principal) and not s.conditional:
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
        if public(s.principal) and s.conditional
    ]
    return _hit("IAM409", offenders, 'allows the public principal "*" behind a Condition', Severity.MEDIUM)


def passrole_broad(a: Analysis) -> list[Hit]:
    if PASS_ROLE in a.denied:
        return []
    offenders = [
        (s, Severity.HIGH)
        for s in a.allows
        if scope(s) == "broad"
        and PASS_ROLE in a.granted(s)
        and not any(condition_values(s, key) for key in PASS_ROLE_KEYS)
    ]
    return _hit("IAM410", offenders, "allows iam:PassRole on any role without iam:PassedToService", Severity.HIGH)


def privilege_escalation(a: Analysis) -> list[Hit]:
    methods, statements, high = [], [], False
    for label, actions in ESCALATION_METHODS:
        names = [x.lower() for x in actions]
        if not all(n in a.strong or n in a.weak for n in names):
            continue
        methods.append(label)
        strong = all(n in a.strong for n in names)
        high = high or strong
        for n in names:
            statements += a.strong.get(n, []) + a.weak.get(n, [])
    if not methods:
        return []
    first = a.first(statements)
    message = f"{first.label} allows privilege escalation via {_listed(methods)}"
    if not high:
        message += " (only conditionally or on specific resources)"
    return [Hit("IAM411", first, message, None if high else Severity.MEDIUM, first.text + "|" + ",".join(methods))]


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


# --- JSON files ---------------------------------------------------------------------------

if TYPE_CHECKING:
    JsonPath = tuple[Any, ...]
_WS = re.compile(r"[ \t\n\r]*")
_END = object()


def object_offsets(text: str, wanted: set[JsonPath]) -> dict[JsonPath, int]:
    """Offsets of the opening braces of the objects at `wanted` paths (keys and list indexes).

    Walks only along the wanted paths; every sibling value is skipped by the C
    decoder, so a 5 MiB file costs about one extra decode.
    """
    trie: dict[Any, Any] = {}
    for path in wanted:
        node = trie
        for step in path:
            node = node.setdefault(step, {})
        node[_END] = True
    found: dict[JsonPath, int] = {}
    start = _WS.match(text, 0).end()  # type: ignore[union-attr]
    if start < len(text):
        _visit(text, start, (), trie, found, json.JSONDecoder())
    return found


def _visit(text: str, pos: int, path: JsonPath, node: dict[Any, Any], found: dict[JsonPath, int], decoder: json.JSONDecoder) -> None:
    char = text[pos]
    if _END in node and char == "{":
        found[path] = pos
    if len(node) == (_END in node) or char not in "{[":
        return
    pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
    index = 0
    while pos < len(text) and text[pos] not in "}]":
        if char == "{":
            key, pos = json.decoder.scanstring(text, pos + 1)  # type: ignore[attr-defined]
            pos = _WS.match(text, pos).end() + 1  # type: ignore[union-attr]
            pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
            step: Any = key
        else:
            step, index = index, index + 1
        if step in node:
            _visit(text, pos, path + (step,), node[step], found, decoder)
        pos = decoder.raw_decode(text, pos)[1]
        pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
        if pos < len(text) and text[pos] == ",":
            pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]


def policy_paths(value: Any) -> Iterator[tuple[JsonPath, Any]]:
    """Every (path, statement value) of objects with a `Statement` object or list of objects."""
    stack: list[tuple[JsonPath, Any]] = [((), value)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, dict):
            statement = node.get("Statement")
            if isinstance(statement, dict) or (
                isinstance(statement, list) and statement and all(isinstance(s, dict) for s in statement)
            ):
                yield path, statement
                stack.extend((path + (k,), v) for k, v in node.items() if k != "Statement" and isinstance(v, (dict, list)))
                continue
            stack.extend((path + (k,), v) for k, v in node.items() if isinstance(v, (dict, list)))
        elif isinstance(node, list):
            stack.extend((path + (i,), v) for i, v in enumerate(node) if isinstance(v, (dict, list)))


def managed_arn_paths(value: Any) -> Iterator[tuple[JsonPath, list[str]]]:
    """CloudFormation `ManagedPolicyArns` lists (IAM417 in JSON templates)."""
    stack: list[tuple[JsonPath, Any]] = [((), value)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, dict):
            arns = node.get("ManagedPolicyArns")
            if isinstance(arns, list):
                yield path, [a for a in arns if isinstance(a, str)]
            stack.extend((path + (k,), v) for k, v in node.items() if isinstance(v, (dict, list)))
        elif isinstance(node, list):
            stack.extend((path + (i,), v) for i, v in enumerate(node) if isinstance(v, (dict, list)))


class LineIndex:
    """1-based line and column of offsets in one text."""

    def __init__(self, text: str, base_line: int = 1) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.base = base_line

    def at(self, offset: int) -> tuple[int, int]:
        row = bisect.bisect_right(self.starts, offset) - 1
        return row + self.base, offset - self.starts[row] + 1


if TYPE_CHECKING:
    Locate = Callable[[JsonPath], "tuple[int, int]"]


def documents_in(value: Any, locate: Locate, trust: bool = False, found: list[tuple[JsonPath, Any]] | None = None) -> list[Document]:
    """Policy documents in a JSON-like value; `locate(statement path)` gives (line, col)."""
    documents = []
    if found is None:
        found = list(policy_paths(value))
    for path, statement in sorted(found, key=lambda item: [str(p) for p in item[0]]):
        items = [statement] if isinstance(statement, dict) else statement
        statements = []
        for i, raw in enumerate(items):
            key = path + ("Statement",) if isinstance(statement, dict) else path + ("Statement", i)
            line, col = locate(key)
            statements.append(normalise(raw, i, line, col))
        documents.append(Document(statements, trust=trust))
    return documents


def json_documents(text: str, value: Any, base_line: int = 1, trust: bool = False) -> list[Document]:
    """Policy documents in parsed JSON, each statement located at its `{` in `text`."""
    wanted: set[JsonPath] = set()
    found = list(policy_paths(value))
    for path, statement in found:
        if isinstance(statement, dict):
            wanted.add(path + ("Statement",))
        else:
            wanted.update(path + ("Statement", i) for i in range(len(statement)))
    if not wanted:
        return []
    offsets = object_offsets(text, wanted)
    lines = LineIndex(text, base_line)

    def locate(key: JsonPath) -> tuple[int, int]:
        return lines.at(offsets[key]) if key in offsets else (base_line, 1)

    return documents_in(value, locate, trust, found)


def _findings(path: str, documents: Iterable[Document], ctx: cli.Context, matcher: Matcher) -> Iterator[Finding]:
    for document in documents:
        for hit in analyse(document, ctx.enabled, ctx.options, matcher):
            yield Finding(
                hit.rule, path, hit.statement.line, hit.statement.col, hit.message,
                severity=hit.severity, evidence=hit.evidence,
            )


def check_json(path: str, text: str, ctx: cli.Context) -> Iterator[Finding]:
    if not any(marker in text for marker in _JSON_MARKERS):
        return
    try:
        value = json.loads(text)
    except (ValueError, RecursionError) as e:
        if '"Statement"' in text:
            line, col = getattr(e, "lineno", 1), getattr(e, "colno", 1)
            yield ctx.unparseable(path, line, f"invalid JSON in a policy file: {getattr(e, 'msg', 'nested too deeply')}", col)
        return
    matcher = Matcher()
    yield from _findings(path, json_documents(text, value), ctx, matcher)
    if "IAM417" in ctx.enabled and '"ManagedPolicyArns"' in text:
        yield from _json_attachments(path, text, value)


def _json_attachments(path: str, text: str, value: Any) -> Iterator[Finding]:
    for where, arns in managed_arn_paths(value):
        for arn in arns:
            severity = managed_policy(arn)
            if severity is None:
                continue
            line = _key_line(text, "ManagedPolicyArns", arn)
            name = arn.rsplit("/", 1)[-1]
            yield Finding(
                "IAM417", path, line, 1, f"attaches the AWS managed policy {name}",
                severity=None if severity == Severity.HIGH else severity, evidence="/".join(map(str, where)) + "|" + arn,
            )


def _key_line(text: str, key: str, value: str) -> int:
    at = text.find(json.dumps(value))
    if at < 0:
        at = text.find(f'"{key}"')
    return text.count("\n", 0, max(at, 0)) + 1


# --- Terraform ------------------------------------------------------------------------

POLICY_ATTRIBUTES = {
    "aws_iam_policy": "policy",
    "aws_iam_role_policy": "policy",
    "aws_iam_user_policy": "policy",
    "aws_iam_group_policy": "policy",
    "aws_iam_role": "assume_role_policy",
    "aws_ssoadmin_permission_set_inline_policy": "inline_policy",
    "aws_s3_bucket_policy": "policy",
    "aws_sqs_queue_policy": "policy",
    "aws_sns_topic_policy": "policy",
    "aws_kms_key": "policy",
    "aws_ecr_repository_policy": "policy",
    "aws_secretsmanager_secret_policy": "policy",  # nosec B105 -- a Terraform attribute name
    "aws_glacier_vault": "access_policy",
    "aws_elasticsearch_domain_policy": "access_policies",
    "aws_opensearch_domain_policy": "access_policies",
}
ATTACHMENTS = {
    "aws_iam_role_policy_attachment": "policy_arn",
    "aws_iam_user_policy_attachment": "policy_arn",
    "aws_iam_group_policy_attachment": "policy_arn",
    "aws_iam_policy_attachment": "policy_arn",
    "aws_iam_role": "managed_policy_arns",
    "aws_ssoadmin_managed_policy_attachment": "managed_policy_arn",
}
_TF_MARKER = re.compile(
    r'"(?:aws_iam_\w+|aws_ssoadmin_\w+|aws_(?:s3_bucket|sqs_queue|sns_topic|ecr_repository|secretsmanager_secret'
    r'|elasticsearch_domain|opensearch_domain)_policy|aws_kms_key|aws_glacier_vault|aws_lambda_permission)"',
)
_CHECKOV_SKIP = re.compile(r"checkov:skip=(CKV2?_AWS_\d+)")
_QUOTE_OR_ESCAPE = re.compile(r'\\.|"', re.S)


@record
class TerraformFile:
    """One `.tf` file being checked: its module, resolver and the findings it collects."""

    path: str
    text: str
    ctx: cli.Context
    module: Any
    resolver: Any
    matcher: Matcher = field(default_factory=Matcher)
    trust_documents: set[str] = field(default_factory=set)
    lines: list[str] = field(default_factory=list, compare=False, repr=False)  # split on first use

    def known(self, value: Any, scope: Mapping[str, Any] | None = None) -> Any:
        """An HCL value as JSON-like data; what stays unresolved becomes the sentinel."""
        from sechooks.engines import hcl

        if isinstance(value, hcl.Object) or isinstance(value, dict):
            return {str(k): self.known(v, scope) for k, v in value.items()}
        if isinstance(value, list):
            return [self.known(v, scope) for v in value]
        if isinstance(value, hcl.Template) and not value.directive:
            return "".join(self._scalar(p, scope) if not isinstance(p, str) else p for p in value.parts)
        if isinstance(value, hcl.Expr):
            return _sentinel_for_unknown(self.resolver.resolve(value, scope))
        return _sentinel_for_unknown(value)

    def _scalar(self, value: Any, scope: Mapping[str, Any] | None) -> str:
        from sechooks.engines import hcl

        if isinstance(value, hcl.Traversal) and value.root == "path":
            return "."
        resolved = self.resolver.resolve(value, scope)
        if isinstance(resolved, bool):
            return "true" if resolved else "false"
        if isinstance(resolved, (str, int, float)):
            return str(resolved)
        return SENTINEL

    def policy_text(self, template: Any) -> str:
        """A heredoc/string template as JSON text, every `${...}` resolved or replaced by the sentinel."""
        from sechooks.engines import hcl

        out: list[str] = []
        in_string = False
        for part in template.parts:
            if isinstance(part, str):
                out.append(part)
                for m in _QUOTE_OR_ESCAPE.finditer(part):
                    if m.group() == '"':
                        in_string = not in_string
                continue
            if in_string:
                out.append(json.dumps(self._scalar(part, None))[1:-1])
                continue
            if isinstance(part, hcl.Call) and part.name == "jsonencode" and len(part.args) == 1:
                resolved = self.known(part.args[0])
            else:
                resolved = self.known(part)
            out.append(json.dumps(resolved))
        return "".join(out)


def _sentinel_for_unknown(value: Any) -> Any:
    if isinstance(value, list):
        return [_sentinel_for_unknown(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _sentinel_for_unknown(v) for k, v in value.items()}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return SENTINEL


def _templated_file(text: str) -> str:
    """A templatefile() body as JSON: `${...}` become the sentinel, quoted or not.

    Scanned with str.find, not a regex such as `[$][{][^}]*[}]`, which retries from every
    `${` of an unclosed `${${${...` run (quadratic): once no `}` follows, no later `${` can close."""
    out, last, in_string, pos = [], 0, False, 0
    for m in re.finditer(r'\\.|"|\$\{', text, re.S):
        if m.start() < pos:
            continue  # inside a `${...}` already replaced
        token = m.group()
        if token == '"':  # nosec B105 -- a JSON token
            in_string = not in_string
            continue
        if token != "${":
            continue
        end = text.find("}", m.end())
        if end < 0:
            break
        out.append(text[last:m.start()])
        out.append(SENTINEL if in_string else f'"{SENTINEL}"')
        last = pos = end + 1
    out.append(text[last:])
    return "".join(out)


def _policy_documents(tf: TerraformFile, value: Any, line: int, trust: bool) -> Iterator[Document | Finding]:
    """Documents held by one policy attribute value (the value forms listed in docs/iam.md)."""
    from sechooks.engines import hcl

    if isinstance(value, str) or (isinstance(value, hcl.Template) and not value.directive):
        if isinstance(value, str):
            text, heredoc = value, "\n" in value
        else:
            text, heredoc = tf.policy_text(value), value.heredoc
        yield from _json_text_documents(tf, text, line + 1 if heredoc else line, trust, None)
    elif isinstance(value, hcl.Call) and value.name == "jsonencode" and len(value.args) == 1:
        lines: dict[JsonPath, int] = {}
        _object_lines(value.args[0], (), lines)
        data = tf.known(value.args[0])
        yield from documents_in(data, lambda key: (lines.get(key, line), 1), trust)
    elif isinstance(value, hcl.Call) and value.name in ("file", "templatefile") and value.args:
        yield from _file_documents(tf, value, line, trust)


def _object_lines(value: Any, path: JsonPath, lines: dict[JsonPath, int]) -> None:
    from sechooks.engines import hcl

    if isinstance(value, hcl.Object):
        lines[path] = value.line
        for k, v in value.items():
            _object_lines(v, path + (str(k),), lines)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _object_lines(v, path + (i,), lines)


def _json_text_documents(tf: TerraformFile, text: str, base_line: int, trust: bool, fixed_line: int | None) -> Iterator[Document | Finding]:
    if '"Statement"' not in text:
        return
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as e:
        line = fixed_line or base_line + getattr(e, "lineno", 1) - 1
        yield tf.ctx.unparseable(tf.path, line, f"invalid JSON in a policy: {getattr(e, 'msg', 'nested too deeply')}")
        return
    for document in json_documents(text, data, base_line, trust):
        if fixed_line is not None:
            document.statements = [
                Statement(**{**s.__dict__, "line": fixed_line, "col": 1}) for s in document.statements
            ]
        yield document


def _file_documents(tf: TerraformFile, call: Any, line: int, trust: bool) -> Iterator[Document | Finding]:
    name = tf.known(call.args[0])
    if not isinstance(name, str) or SENTINEL in name:
        return
    target = os.path.normpath(os.path.join(os.path.dirname(tf.path) or ".", name))
    # only a regular file inside the repository, within the cap; from the index under --staged
    source = tf.ctx.read_related(target)
    if source.text is None:
        why = source.error or source.skip or "not read"
        tf.ctx.notice(f"{tf.path}:{line}: policy file {_quoted(name)} not checked: {why}")
        return
    text = source.text
    if call.name == "templatefile":
        if "%{" in text:
            tf.ctx.notice(f"{tf.path}:{line}: template directives in {_quoted(name)}: not checked")
            return
        text = _templated_file(text)
    yield from _json_text_documents(tf, text, 1, trust, line)


def _quoted(text: str) -> str:
    """Text from a file fit for a notice (a file name may be a pasted secret)."""
    from sechooks.engines import hcl

    return hcl.shown(text)


def _dynamic(tf: TerraformFile, block: Any, name: str, scope: Mapping[str, Any] | None) -> Iterator[tuple[Any, Mapping[str, Any] | None] | None]:
    """Static `name` blocks and expanded `dynamic "name"` ones; None for an expansion that cannot be known."""
    for nested in block.blocks_of(name):
        yield nested, scope
    for dynamic in block.dynamic(name):
        contents = dynamic.blocks_of("content")
        items = tf.resolver.resolve(dynamic.get("for_each"), scope)
        iterator = tf.resolver.resolve(dynamic.get("iterator", name))
        if not contents or not isinstance(iterator, str):
            yield None
            continue
        if isinstance(items, dict):
            pairs = list(items.items())
        elif isinstance(items, list):
            pairs = list(enumerate(items))
        else:
            yield None
            continue
        for key, item in pairs:
            if item is not None and not isinstance(item, (str, int, float, bool, list, dict)):
                yield None
                continue
            yield contents[0], {**(scope or {}), iterator: {"key": key, "value": item}}


def _document_statement(tf: TerraformFile, block: Any, scope: Mapping[str, Any] | None) -> dict[str, Any]:
    """One `statement {}` of aws_iam_policy_document as a JSON statement."""
    statement: dict[str, Any] = {"Effect": "Allow"}
    for attr, key in (("sid", "Sid"), ("effect", "Effect"), ("actions", "Action"), ("not_actions", "NotAction"),
                      ("resources", "Resource"), ("not_resources", "NotResource")):
        if block.has(attr):
            statement[key] = tf.known(block.get(attr), scope)
    for blocks, key in (("principals", "Principal"), ("not_principals", "NotPrincipal")):
        found = list(_dynamic(tf, block, blocks, scope))
        if found:
            statement[key] = _principals(tf, found)
    conditions = list(_dynamic(tf, block, "condition", scope))
    if conditions:
        table: dict[str, dict[str, Any]] = {}
        for item in conditions:
            if item is None:
                table.setdefault(SENTINEL, {})[SENTINEL] = SENTINEL
                continue
            nested, inner = item
            test, variable = tf.known(nested.get("test"), inner), tf.known(nested.get("variable"), inner)
            table.setdefault(str(test), {})[str(variable)] = tf.known(nested.get("values"), inner)
        statement["Condition"] = table
    return statement


def _principals(tf: TerraformFile, found: list[Any]) -> Any:
    table: dict[str, list[Any]] = {}
    for item in found:
        if item is None:
            table.setdefault(SENTINEL, []).append(SENTINEL)
            continue
        nested, scope = item
        kind = tf.known(nested.get("type"), scope)
        identifiers = tf.known(nested.get("identifiers"), scope)
        if kind == "*":
            return "*"
        values = identifiers if isinstance(identifiers, list) else [identifiers]
        table.setdefault(str(kind), []).extend(values)
    return {k: v[0] if len(v) == 1 else v for k, v in table.items()}


def _data_documents(tf: TerraformFile, block: Any) -> Iterator[Document | Finding]:
    statements = []
    for item in _dynamic(tf, block, "statement", None):
        if item is None:
            continue
        nested, scope = item
        statements.append((nested.line, _document_statement(tf, nested, scope)))
    trust = block.labels[1] in tf.trust_documents
    if statements:
        yield Document([normalise(raw, i, line) for i, (line, raw) in enumerate(statements)], trust=trust)
    for attr in ("source_policy_documents", "override_policy_documents"):
        value = block.get(attr)
        if isinstance(value, list):
            for item in value:
                yield from _policy_documents(tf, item, block.attributes[attr].line, trust)


def _skipped(tf: TerraformFile, block: Any) -> bool:
    """`count = 0` or an empty `for_each` (resolved): the resource is never created."""
    if block.has("count") and tf.resolver.resolve(block.get("count")) == 0:
        return True
    return block.has("for_each") and tf.resolver.resolve(block.get("for_each")) in ([], {})


def _checkov_skips(tf: TerraformFile, block: Any) -> set[str]:
    from sechooks.core import catalogue

    if "checkov:skip" not in tf.text:
        return set()
    if not tf.lines:  # once per file: splitting per block was quadratic
        tf.lines = tf.text.split("\n")
    body = "\n".join(tf.lines[block.line - 1:block.end_line])
    peers = set(_CHECKOV_SKIP.findall(body))
    return {r.id for r in catalogue.family("IAM").rules.values() if peers & set(r.peers)}


def _block_findings(tf: TerraformFile, block: Any) -> Iterator[Finding]:
    kind = block.labels[0]
    produced: list[Document | Finding] = []
    if block.type == "data" and kind == "aws_iam_policy_document":
        produced += _data_documents(tf, block)
    elif block.type == "resource" and not _skipped(tf, block):
        attr = POLICY_ATTRIBUTES.get(kind)
        trust = attr == "assume_role_policy"
        if attr and block.has(attr):
            produced += _policy_documents(tf, block.get(attr), block.attributes[attr].line, trust)
        if kind == "aws_iam_role":
            for inline in block.blocks_of("inline_policy"):
                if inline.has("policy"):
                    produced += _policy_documents(tf, inline.get("policy"), inline.attributes["policy"].line, False)
        produced += admin_policy_attached(tf, block)
        produced += public_lambda_permission(tf, block)
    skipped = _checkov_skips(tf, block)
    for item in produced:
        found = _findings(tf.path, [item], tf.ctx, tf.matcher) if isinstance(item, Document) else [item]
        yield from (f for f in found if f.rule not in skipped)


def admin_policy_attached(tf: TerraformFile, block: Any) -> Iterator[Finding]:
    attr = ATTACHMENTS.get(block.labels[0])
    if not attr or not block.has(attr) or "IAM417" not in tf.ctx.enabled:
        return
    value = tf.known(block.get(attr))
    for arn in value if isinstance(value, list) else [value]:
        severity = managed_policy(arn) if isinstance(arn, str) else None
        if severity is not None:
            name = arn.rsplit("/", 1)[-1]
            yield Finding(
                "IAM417", tf.path, block.attributes[attr].line, 1,
                f"{block.labels[0]}.{block.labels[1]} attaches the AWS managed policy {name}",
                severity=None if severity == Severity.HIGH else severity, evidence=f"{block.labels[0]}|{arn}",
            )


def public_lambda_permission(tf: TerraformFile, block: Any) -> Iterator[Finding]:
    if block.labels[0] != "aws_lambda_permission" or "IAM419" not in tf.ctx.enabled:
        return
    principal = tf.known(block.get("principal"))
    if not isinstance(principal, str) or "*" not in principal or SENTINEL in principal:
        return
    if any(block.has(a) and block.get(a) is not None for a in ("source_arn", "source_account", "principal_org_id")):
        return
    yield Finding(
        "IAM419", tf.path, block.attributes["principal"].line, 1,
        f'aws_lambda_permission.{block.labels[1]} lets principal "{principal}" invoke the function from anywhere',
        evidence=f"aws_lambda_permission|{principal}",
    )


def _trust_documents(module: Any) -> set[str]:
    from sechooks.engines import hcl

    names = set()
    for block in module.resources("aws_iam_role"):
        value = block.get("assume_role_policy")
        if isinstance(value, hcl.Traversal) and value.root == "data" and len(value.steps) >= 2:
            if value.steps[0] == "aws_iam_policy_document" and isinstance(value.steps[1], str):
                names.add(value.steps[1])
    return names


def check_terraform(path: str, text: str, ctx: cli.Context) -> Iterator[Finding]:
    """IAM findings in one `.tf` file (policies, attachments, Lambda permissions)."""
    if not _TF_MARKER.search(text):
        return
    from sechooks.engines import hcl

    try:
        module, resolver = hcl.parse_in_module(path, text, ctx)
    except hcl.HclError as e:
        yield ctx.unparseable(path, e.line, f"cannot parse HCL: {e.message}")
        return
    tf = TerraformFile(path, text, ctx, module, resolver, trust_documents=_trust_documents(module))
    for block in module.blocks:
        if block.type in ("resource", "data") and len(block.labels) == 2:
            yield from _block_findings(tf, block)
    if resolver.bounded:  # unknown would pass silently: an expansion bomb must not hide the rest
        yield ctx.unparseable(path, resolver.bounded_line, f"value expansion stopped ({resolver.bounded}): values past the limit were not evaluated")


# Rule id -> the function that implements it (document rules take an `Analysis`;
# IAM417 and IAM419 look at Terraform blocks, IAM417 also at CloudFormation JSON).
CHECKS: dict[str, Callable[..., Iterable[Any]]] = {
    **DOCUMENT_CHECKS,
    "IAM417": admin_policy_attached,
    "IAM419": public_lambda_permission,
}


# --- the hook -------------------------------------------------------------------------------

def check_file(path: str, text: str, ctx: cli.Context) -> Iterator[Finding]:
    """Findings for one `*.json` or `*.tf` file."""
    if path.endswith(".tf"):
        yield from check_terraform(path, text, ctx)
    else:
        yield from check_json(path, text, ctx)


def matches(path: str) -> bool:
    return path.endswith((".json", ".tf"))


HOOK = cli.Hook(
    name="sechooks-iam",
    family="IAM",
    check=check_file,
    matches=matches,
    max_bytes=MAX_BYTES,
    compat=(
        suppress.Compat(re.compile(r"checkov:skip=(?P<ids>CKV2?_AWS_\d+)"), marker="checkov:skip"),
        suppress.Compat(re.compile(r"(?:tfsec|trivy):ignore:(?P<ids>[\w-]+)"), marker=":ignore:"),
    ),
)


def main(argv: Sequence[str] | None = None) -> int:
    return cli.run(HOOK, argv)


if __name__ == "__main__":
    raise SystemExit(main())
