"""sechooks-iam: over-permissive AWS IAM policies in JSON files and Terraform.

This module finds policy documents (JSON files, CloudFormation JSON templates, Terraform
`jsonencode`/heredocs/`file()`/`aws_iam_policy_document`) and their lines; the analysis
itself is `sechooks.engines.iam`.
"""
from __future__ import annotations

import bisect
import json
import os
import re
from sechooks.core.record import field, record
TYPE_CHECKING = False  # typing costs ~5 ms to import; annotations are strings
if TYPE_CHECKING:
    from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

from sechooks.core import cli, suppress
from sechooks.core.finding import Finding
from sechooks.engines import iam as engine

MAX_BYTES = 5 * 1024 * 1024
SENTINEL = engine.UNKNOWN_TEXT
_JSON_MARKERS = ('"Statement"', '"ManagedPolicyArns"')

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


def policy_paths(value: Any) -> Iterator[tuple[JsonPath, dict[str, Any]]]:
    """Every (path, object) of objects with a `Statement` object or list of objects."""
    stack: list[tuple[JsonPath, Any]] = [((), value)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, dict):
            statement = node.get("Statement")
            if isinstance(statement, dict) or (
                isinstance(statement, list) and statement and all(isinstance(s, dict) for s in statement)
            ):
                yield path, node
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


@record
class Policy:
    """One policy document found in a file, ready for the engine."""

    document: dict[str, Any]
    line_of: Callable[[JsonPath], Any]  # the engine's LineOf
    kind: str = "auto"
    service: str = ""


def _statement_paths(path: JsonPath, node: Mapping[str, Any]) -> list[JsonPath]:
    statement = node["Statement"]
    if isinstance(statement, dict):
        return [path + ("Statement",)]
    return [path + ("Statement", i) for i in range(len(statement))]


def _by_path(found: Iterable[tuple[JsonPath, dict[str, Any]]]) -> list[tuple[JsonPath, dict[str, Any]]]:
    return sorted(found, key=lambda item: [str(p) for p in item[0]])


def json_policies(text: str, value: Any, base_line: int = 1, kind: str = "auto", service: str = "",
                  fixed_line: int | None = None) -> list[Policy]:
    """Policy documents in parsed JSON, each statement located at its `{` in `text`
    (or every statement at `fixed_line`: a policy read from another file)."""
    found = _by_path(policy_paths(value))
    if not found:
        return []
    if fixed_line is not None:
        at = fixed_line
        return [Policy(node, lambda key: at, kind, service) for _, node in found]
    wanted = {key for path, node in found for key in _statement_paths(path, node)}
    offsets = object_offsets(text, wanted)
    lines = LineIndex(text, base_line)

    def line_of(base: JsonPath) -> Callable[[JsonPath], tuple[int, int]]:
        def locate(key: JsonPath) -> tuple[int, int]:
            full = base + key
            return lines.at(offsets[full]) if full in offsets else (base_line, 1)
        return locate

    return [Policy(node, line_of(path), kind, service) for path, node in found]


def _findings(path: str, policies: Iterable[Policy], ctx: cli.Context, matcher: engine.Matcher) -> Iterator[Finding]:
    for policy in policies:
        yield from engine.check_policy(
            policy.document, path, policy.line_of, kind=policy.kind, service=policy.service,
            enabled=ctx.enabled, options=ctx.options, matcher=matcher,
        )


def check_json(path: str, text: str, ctx: cli.Context) -> Iterator[Finding]:
    if not any(marker in text for marker in _JSON_MARKERS):
        return
    from sechooks.engines import cfn

    try:
        value = json.loads(text)
    except (ValueError, RecursionError) as e:
        if '"Statement"' in text and not cfn.looks_like_template(text):  # a template's errors are CFN900
            line, col = getattr(e, "lineno", 1), getattr(e, "colno", 1)
            yield ctx.unparseable(path, line, f"invalid JSON in a policy file: {getattr(e, 'msg', 'nested too deeply')}", col)
        return
    if cfn.is_template(value):  # sechooks-cloudformation checks templates, with the same IAM rules
        return
    yield from _findings(path, json_policies(text, value), ctx, engine.Matcher())
    if "IAM417" in ctx.enabled and '"ManagedPolicyArns"' in text:
        yield from _json_attachments(path, text, value)


def _json_attachments(path: str, text: str, value: Any) -> Iterator[Finding]:
    for where, arns in managed_arn_paths(value):
        for arn in arns:
            if engine.managed_policy(arn) is not None:
                yield from engine.managed_policy_findings(
                    arn, path, _key_line(text, "ManagedPolicyArns", arn), evidence="/".join(map(str, where)),
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
# the engine's policy kind of each attribute above: (kind, resource service)
POLICY_KINDS: dict[str, tuple[str, str]] = {
    "aws_iam_policy": ("identity", ""),
    "aws_iam_role_policy": ("identity", ""),
    "aws_iam_user_policy": ("identity", ""),
    "aws_iam_group_policy": ("identity", ""),
    "aws_iam_role": ("trust", ""),
    "aws_ssoadmin_permission_set_inline_policy": ("identity", ""),
    "aws_s3_bucket_policy": ("resource", "s3"),
    "aws_sqs_queue_policy": ("resource", "sqs"),
    "aws_sns_topic_policy": ("resource", "sns"),
    "aws_kms_key": ("resource", "kms"),
    "aws_ecr_repository_policy": ("resource", "ecr"),
    "aws_secretsmanager_secret_policy": ("resource", "secretsmanager"),
    "aws_glacier_vault": ("resource", "glacier"),
    "aws_elasticsearch_domain_policy": ("resource", "es"),
    "aws_opensearch_domain_policy": ("resource", "es"),
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
    matcher: engine.Matcher = field(default_factory=engine.Matcher)
    document_kinds: dict[str, tuple[str, str]] = field(default_factory=dict)  # data document name -> kind
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


def _policy_documents(tf: TerraformFile, value: Any, line: int, kind: str, service: str = "") -> Iterator[Policy | Finding]:
    """Documents held by one policy attribute value (the value forms listed in docs/iam.md)."""
    from sechooks.engines import hcl

    if isinstance(value, str) or (isinstance(value, hcl.Template) and not value.directive):
        if isinstance(value, str):
            text, heredoc = value, "\n" in value
        else:
            text, heredoc = tf.policy_text(value), value.heredoc
        yield from _json_text_documents(tf, text, line + 1 if heredoc else line, kind, service, None)
    elif isinstance(value, hcl.Call) and value.name == "jsonencode" and len(value.args) == 1:
        lines: dict[JsonPath, int] = {}
        _object_lines(value.args[0], (), lines)
        data = tf.known(value.args[0])
        for path, node in _by_path(policy_paths(data)):
            yield Policy(node, _located_in(lines, path, line), kind, service)
    elif isinstance(value, hcl.Call) and value.name in ("file", "templatefile") and value.args:
        yield from _file_documents(tf, value, line, kind, service)


def _located_in(lines: Mapping[JsonPath, int], base: JsonPath, default: int) -> Callable[[JsonPath], int]:
    return lambda key: lines.get(base + key, default)


def _object_lines(value: Any, path: JsonPath, lines: dict[JsonPath, int]) -> None:
    from sechooks.engines import hcl

    if isinstance(value, hcl.Object):
        lines[path] = value.line
        for k, v in value.items():
            _object_lines(v, path + (str(k),), lines)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _object_lines(v, path + (i,), lines)


def _json_text_documents(tf: TerraformFile, text: str, base_line: int, kind: str, service: str, fixed_line: int | None) -> Iterator[Policy | Finding]:
    if '"Statement"' not in text:
        return
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as e:
        line = fixed_line or base_line + getattr(e, "lineno", 1) - 1
        yield tf.ctx.unparseable(tf.path, line, f"invalid JSON in a policy: {getattr(e, 'msg', 'nested too deeply')}")
        return
    yield from json_policies(text, data, base_line, kind, service, fixed_line)


def _file_documents(tf: TerraformFile, call: Any, line: int, kind: str, service: str) -> Iterator[Policy | Finding]:
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
    yield from _json_text_documents(tf, text, 1, kind, service, line)


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


def _data_documents(tf: TerraformFile, block: Any) -> Iterator[Policy | Finding]:
    statements: list[dict[str, Any]] = []
    lines: dict[JsonPath, int] = {}
    for item in _dynamic(tf, block, "statement", None):
        if item is None:
            continue
        nested, scope = item
        lines[("Statement", len(statements))] = nested.line
        statements.append(_document_statement(tf, nested, scope))
    kind, service = tf.document_kinds.get(block.labels[1], ("auto", ""))
    if statements:
        yield Policy({"Statement": statements}, lambda key: lines.get(key, block.line), kind, service)
    for attr in ("source_policy_documents", "override_policy_documents"):
        value = block.get(attr)
        if isinstance(value, list):
            for item in value:
                yield from _policy_documents(tf, item, block.attributes[attr].line, kind, service)


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
    produced: list[Policy | Finding] = []
    if block.type == "data" and kind == "aws_iam_policy_document":
        produced += _data_documents(tf, block)
    elif block.type == "resource" and not _skipped(tf, block):
        attr = POLICY_ATTRIBUTES.get(kind)
        if attr and block.has(attr):
            produced += _policy_documents(tf, block.get(attr), block.attributes[attr].line, *POLICY_KINDS[kind])
        if kind == "aws_iam_role":
            for inline in block.blocks_of("inline_policy"):
                if inline.has("policy"):
                    produced += _policy_documents(tf, inline.get("policy"), inline.attributes["policy"].line, "identity")
        produced += admin_policy_attached(tf, block)
        produced += public_lambda_permission(tf, block)
    skipped = _checkov_skips(tf, block)
    for item in produced:
        found = _findings(tf.path, [item], tf.ctx, tf.matcher) if isinstance(item, Policy) else [item]
        yield from (f for f in found if f.rule not in skipped)


def admin_policy_attached(tf: TerraformFile, block: Any) -> Iterator[Finding]:
    attr = ATTACHMENTS.get(block.labels[0])
    if not attr or not block.has(attr) or "IAM417" not in tf.ctx.enabled:
        return
    yield from engine.managed_policy_findings(
        tf.known(block.get(attr)), tf.path, block.attributes[attr].line,
        label=f"{block.labels[0]}.{block.labels[1]}", evidence=block.labels[0],
    )


def public_lambda_permission(tf: TerraformFile, block: Any) -> Iterator[Finding]:
    if block.labels[0] != "aws_lambda_permission" or "IAM419" not in tf.ctx.enabled or not block.has("principal"):
        return
    scoped = any(block.has(a) and block.get(a) is not None for a in ("source_arn", "source_account", "principal_org_id"))
    yield from engine.lambda_permission_findings(
        tf.known(block.get("principal")), tf.path, block.attributes["principal"].line,
        label=f"aws_lambda_permission.{block.labels[1]}", scoped=scoped, evidence="aws_lambda_permission",
    )


def _document_kinds(module: Any) -> dict[str, tuple[str, str]]:
    """aws_iam_policy_document name -> (kind, service) of the attribute that uses it."""
    from sechooks.engines import hcl

    kinds: dict[str, tuple[str, str]] = {}
    for resource, attr in POLICY_ATTRIBUTES.items():
        for block in module.resources(resource):
            value = block.get(attr)
            if isinstance(value, hcl.Traversal) and value.root == "data" and len(value.steps) >= 2:
                if value.steps[0] == "aws_iam_policy_document" and isinstance(value.steps[1], str):
                    # used in two kinds of place: judged as a policy of unknown origin
                    found = kinds.setdefault(value.steps[1], POLICY_KINDS[resource])
                    if found != POLICY_KINDS[resource]:
                        kinds[value.steps[1]] = ("trust", "") if "trust" in (found[0], POLICY_KINDS[resource][0]) else ("auto", "")
    return kinds


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
    tf = TerraformFile(path, text, ctx, module, resolver, document_kinds=_document_kinds(module))
    for block in module.blocks:
        if block.type in ("resource", "data") and len(block.labels) == 2:
            yield from _block_findings(tf, block)
    if resolver.bounded:  # unknown would pass silently: an expansion bomb must not hide the rest
        yield ctx.unparseable(path, resolver.bounded_line, f"value expansion stopped ({resolver.bounded}): values past the limit were not evaluated")


# Rule id -> the function that implements it (document rules are the engine's and take an
# `Analysis`; IAM417 and IAM419 look at Terraform blocks, IAM417 also at CloudFormation JSON).
CHECKS: dict[str, Callable[..., Iterable[Any]]] = {
    **engine.DOCUMENT_CHECKS,
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

