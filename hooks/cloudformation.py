"""sechooks-cloudformation: CloudFormation and SAM templates, judged by the shared engines.

A template (YAML or JSON) is read with lines, its intrinsic functions resolved as far as
the template itself says (`Parameters` defaults, `Mappings` through `FindInMap` with
literal keys, `!Sub`, `!Join`, `!Select`, `!Split`, `!If` - both branches), and each
resource handed to the engine that owns its judgement: security groups, NACL entries and
EKS endpoints to `engines.network` (NET3nn, the same findings as Terraform), policy
documents, managed policy attachments and Lambda permissions to `engines.iam` (IAM4nn,
the same as the IAM hook), literal secrets to `engines.secrets` (CFN901/CFN902). A value
the template cannot give (a parameter without default, `!GetAtt`, `!ImportValue`, a
pseudo parameter) is UNKNOWN and never the ground of a finding.
"""
from __future__ import annotations

import re
TYPE_CHECKING = False  # typing costs ~5 ms to import; annotations are strings
if TYPE_CHECKING:
    from typing import Any, Callable, Iterator, Mapping, Sequence

from sechooks.core import cli
from sechooks.core.finding import Finding
from sechooks.core.suppress import Compat
from sechooks.engines import cfn

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 200  # JSON nesting, as the YAML loader's
MAX_CONDITIONS = 5  # distinct !If conditions in one resource judged in every combination
MAX_RESOLVE = 64  # nested intrinsic calls followed for one value
MAX_STEPS = 10_000  # intrinsic evaluations for one value (`${B}${B}` defaults double at each level)
MAX_WALK = 20_000  # nodes of one resource searched for !If conditions (aliases can expand far more)
_SUFFIXES = (".template", ".cfn.yaml", ".cfn.yml", ".cfn.json", ".template.json", ".template.yaml")
_YAML_TOP = re.compile(r"^(?:AWSTemplateFormatVersion|Resources|Transform)[ \t]*:", re.M)
_JSON_TOP = re.compile(r'"(?:AWSTemplateFormatVersion|Transform)"|"Type"\s*:\s*"AWS::')


def matches(path: str) -> bool:
    return path.lower().endswith(_SUFFIXES)


def sniff(text: str) -> bool:
    """A CloudFormation template by its text, cheaply: `AWSTemplateFormatVersion` or an
    `AWS::` type, and a top-level template key (YAML) or a template member (JSON)."""
    if "AWS::" not in text and "AWSTemplateFormatVersion" not in text:
        return False
    if text.lstrip()[:1] == "{":
        return _JSON_TOP.search(text) is not None
    return _YAML_TOP.search(text) is not None


# --- JSON with lines ------------------------------------------------------------------

_JSON_WS = re.compile(r"[ \t\n\r]*")
_JSON_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")


class JsonError(Exception):
    def __init__(self, message: str, pos: int) -> None:
        super().__init__(message)
        self.message, self.pos = message, pos


class _JsonReader:
    """JSON text to the YAML loader's `Map`/`Seq` (so both formats are read alike), with the
    line of every key, value and item. Strict JSON (the C decoder's own string scanner);
    nesting bounded by MAX_DEPTH."""

    def __init__(self, text: str) -> None:
        import bisect
        import json.decoder

        from sechooks.core import yaml

        self.text, self.yaml, self.bisect = text, yaml, bisect
        self.scan = json.decoder.scanstring  # type: ignore[attr-defined]
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def pos(self, offset: int) -> tuple[int, int]:
        row = self.bisect.bisect_right(self.starts, offset) - 1
        return row + 1, offset - self.starts[row] + 1

    def ws(self, i: int) -> int:
        return _JSON_WS.match(self.text, i).end()  # type: ignore[union-attr]

    def load(self) -> Any:
        i = self.ws(0)
        value, i = self.value(i, 0)
        i = self.ws(i)
        if i != len(self.text):
            raise JsonError("extra data after the JSON value", i)
        return value

    def value(self, i: int, depth: int) -> tuple[Any, int]:
        if depth > MAX_DEPTH:
            raise JsonError(f"nested more than {MAX_DEPTH} levels deep: not checked", i)
        text = self.text
        char = text[i:i + 1]
        if char == "{":
            return self.obj(i, depth)
        if char == "[":
            return self.arr(i, depth)
        if char == '"':
            return self.string(i)
        for word, value in (("true", True), ("false", False), ("null", None)):
            if text.startswith(word, i):
                return value, i + len(word)
        match = _JSON_NUMBER.match(text, i)
        if match and match.end() > i:
            number = match.group()
            return (float(number) if any(c in number for c in ".eE") else int(number)), match.end()
        raise JsonError("expected a JSON value" if char else "unexpected end of the file", i)

    def string(self, i: int) -> tuple[str, int]:
        try:
            return self.scan(self.text, i + 1, True)  # type: ignore[no-any-return]
        except ValueError as e:
            raise JsonError(str(getattr(e, "msg", "invalid string")), getattr(e, "pos", i)) from None

    def obj(self, i: int, depth: int) -> tuple[Any, int]:
        line, col = self.pos(i)
        target = self.yaml.Map(line, col)
        i = self.ws(i + 1)
        if self.text[i:i + 1] == "}":
            target.end_line = self.pos(i)[0]
            return target, i + 1
        while True:
            if self.text[i:i + 1] != '"':
                raise JsonError("expected a quoted member name", i)
            key_at = i
            key, i = self.string(i)
            i = self.ws(i)
            if self.text[i:i + 1] != ":":
                raise JsonError("expected ':' after a member name", i)
            i = self.ws(i + 1)
            value_at = i
            value, i = self.value(i, depth + 1)
            if key not in target:  # a duplicate key: the first one stands, as in YAML
                target.set_at(key, value, self.pos(key_at), self.pos(value_at), '"' if isinstance(value, str) else None)
            i = self.ws(i)
            char = self.text[i:i + 1]
            if char == "}":
                target.end_line = self.pos(i)[0]
                return target, i + 1
            if char != ",":
                raise JsonError("expected ',' or '}' in an object", i)
            i = self.ws(i + 1)

    def arr(self, i: int, depth: int) -> tuple[Any, int]:
        line, col = self.pos(i)
        target = self.yaml.Seq(line, col)
        i = self.ws(i + 1)
        if self.text[i:i + 1] == "]":
            target.end_line = self.pos(i)[0]
            return target, i + 1
        while True:
            at = i
            value, i = self.value(i, depth + 1)
            target.add(value, self.pos(at))
            i = self.ws(i)
            char = self.text[i:i + 1]
            if char == "]":
                target.end_line = self.pos(i)[0]
                return target, i + 1
            if char != ",":
                raise JsonError("expected ',' or ']' in an array", i)
            i = self.ws(i + 1)


def load_json(text: str) -> Any:
    """A JSON template as Map/Seq with lines; JsonError(message, offset) when it is not JSON."""
    return _JsonReader(text).load()


# --- the template language ----------------------------------------------------------------

NOVALUE: Any = type("NoValue", (), {"__repr__": lambda self: "AWS::NoValue"})()
_TAGS = {"!Ref": "Ref", "!Condition": "Condition"}


def intrinsic(value: Any) -> tuple[str, Any] | None:
    """(function, argument) of `!Ref x` / `{"Ref": x}` / `!Sub ...` / `{"Fn::Sub": ...}`:
    the name without `!` or `Fn::`; None for anything else."""
    from sechooks.core import yaml

    if isinstance(value, yaml.Tagged):
        tag = value.tag
        return _TAGS.get(tag) or (tag[1:] if tag.startswith("!") else tag), value.value
    if isinstance(value, dict) and len(value) == 1:
        (key, arg), = value.items()
        if key == "Ref" or key == "Condition":
            return key, arg
        if isinstance(key, str) and key.startswith("Fn::"):
            return key[4:], arg
    return None


def written(value: Any) -> str:
    """An intrinsic as written, short (`!Ref SSHLocation`, `!GetAtt Db.Endpoint`), for
    notices; it goes through the engines' masking before it is printed."""
    found = intrinsic(value)
    if found is None:
        return str(value)[:60]
    name, arg = found
    if isinstance(arg, str):
        return f"!{name} {arg}"
    if isinstance(arg, list):
        return f"!{name} [" + ", ".join(x if isinstance(x, str) else "..." for x in arg[:3]) + "]"
    return f"!{name} ..."


class Template:
    """One template's Parameters, Mappings and logical ids, and a resolver under one choice
    of `!If` branches (`choice`: condition name -> True for the first branch)."""

    def __init__(self, root: Mapping[str, Any]) -> None:
        params = root.get("Parameters")
        self.params: Mapping[str, Any] = params if isinstance(params, dict) else {}
        mappings = root.get("Mappings")
        self.mappings: Mapping[str, Any] = mappings if isinstance(mappings, dict) else {}
        resources = root.get("Resources")
        self.resources: Mapping[str, Any] = resources if isinstance(resources, dict) else {}
        self.choice: dict[str, bool] = {}
        self.unknown: list[str] = []  # expressions met that did not resolve, for the last call
        self.steps = 0  # intrinsic evaluations since the current top-level value began

    # -- branches
    def pick(self, value: Any) -> Any:
        """The value with `!If` chosen by `choice` and `!Ref AWS::NoValue` as NOVALUE."""
        for _ in range(MAX_RESOLVE):
            found = intrinsic(value)
            if found is None:
                return value
            name, arg = found
            if name == "If" and isinstance(arg, list) and len(arg) == 3:
                value = arg[1] if self.choice.get(str(arg[0]), True) else arg[2]
            elif name == "Ref" and arg == "AWS::NoValue":
                return NOVALUE
            else:
                return value
        return value

    def default(self, name: Any) -> Any:
        """A parameter's Default (NOVALUE when it is not a parameter with one)."""
        param = self.params.get(name) if isinstance(name, str) else None
        if isinstance(param, dict) and "Default" in param:
            return param["Default"]
        return NOVALUE

    def _list_param(self, name: Any) -> bool:
        param = self.params.get(name) if isinstance(name, str) else None
        kind = param.get("Type") if isinstance(param, dict) else None
        return isinstance(kind, str) and (kind == "CommaDelimitedList" or kind.startswith("List<"))

    # -- strings
    def parts(self, value: Any, depth: int = 0) -> list[str | None] | None:
        """A string value as parts, None for a part the template cannot give; None when the
        value is not string-like (a mapping, a list)."""
        value = self.pick(value)
        if depth == 0:
            self.steps = 0
        self.steps += 1
        if depth > MAX_RESOLVE or value is NOVALUE:
            return None
        if self.steps > MAX_STEPS:
            self.unknown.append(written(value))
            return [None]
        if isinstance(value, bool):
            return ["true" if value else "false"]
        if isinstance(value, (str, int, float)):
            return [str(value)]
        found = intrinsic(value)
        if found is None:
            return None
        name, arg = found
        if name == "Ref":
            default = self.default(arg)
            if default is not NOVALUE and not self._list_param(arg):
                return self.parts(default, depth + 1)
        elif name == "Sub":
            return self._sub(arg, depth)
        elif name == "Join" and isinstance(arg, list) and len(arg) == 2 and isinstance(arg[0], str):
            items = self.items(arg[1], depth + 1)
            if items is not None:
                out: list[str | None] = []
                for index, (item, _) in enumerate(items):
                    if index:
                        out.append(arg[0])
                    out.extend(self.parts(item, depth + 1) or [None])
                return out
        elif name == "Select" and isinstance(arg, list) and len(arg) == 2:
            index = self.scalar(arg[0], depth + 1)
            items = self.items(arg[1], depth + 1)
            if isinstance(index, (int, str)) and str(index).isdigit() and items is not None and int(index) < len(items):
                return self.parts(items[int(index)][0], depth + 1)
        elif name == "FindInMap":
            found_value = self._find_in_map(arg, depth)
            if found_value is not NOVALUE:
                return self.parts(found_value, depth + 1)
        self.unknown.append(written(value))
        return [None]

    def _sub(self, arg: Any, depth: int) -> list[str | None]:
        variables: Mapping[str, Any] = {}
        if isinstance(arg, list) and len(arg) == 2 and isinstance(arg[1], dict):
            arg, variables = arg[0], arg[1]
        if not isinstance(arg, str):
            self.unknown.append("!Sub ...")
            return [None]
        out: list[str | None] = []
        pos = 0
        for match in re.finditer(r"\$\{(!?)([^}]*)\}", arg):
            out.append(arg[pos:match.start()])
            pos = match.end()
            name = match.group(2).strip()
            if match.group(1):  # ${!Literal} is written as ${Literal}
                out.append("${" + match.group(2) + "}")
            elif name in variables:
                out.extend(self.parts(variables[name], depth + 1) or [None])
            elif "." not in name and self.default(name) is not NOVALUE and not self._list_param(name):
                out.extend(self.parts(self.default(name), depth + 1) or [None])
            else:
                self.unknown.append("${" + name + "}")
                out.append(None)
        out.append(arg[pos:])
        return out

    def _find_in_map(self, arg: Any, depth: int) -> Any:
        if not isinstance(arg, list) or len(arg) != 3:
            return NOVALUE
        keys = [self.scalar(k, depth + 1) for k in arg]
        node: Any = self.mappings
        for key in keys:
            if not isinstance(key, (str, int)) or not isinstance(node, dict) or str(key) not in node:
                return NOVALUE
            node = node[str(key)]
        return node

    def scalar(self, value: Any, depth: int = 0) -> Any:
        """A scalar value resolved (str, int, float, bool), None when absent, UNKNOWN when
        the template cannot give it; mappings and lists come back as they are."""
        from sechooks.engines.network import UNKNOWN

        value = self.pick(value)
        if value is NOVALUE or value is None:
            return None
        if isinstance(value, (str, int, float, bool)):
            return value
        if intrinsic(value) is None:
            return value  # a mapping or a list
        parts = self.parts(value, depth)
        if parts is None:
            return UNKNOWN
        if any(p is None for p in parts):
            return UNKNOWN
        return "".join(p for p in parts if p is not None)

    def items(self, value: Any, depth: int = 0) -> list[tuple[Any, int]] | None:
        """A list value as (item, line) pairs, `!If` items chosen and NOVALUE items dropped;
        None when the list itself cannot be known (`!Ref Rules`, `!GetAtt ...`)."""
        from sechooks.core import yaml

        value = self.pick(value)
        if depth == 0:
            self.steps = 0
        if value is NOVALUE or value is None:
            return []
        if isinstance(value, list):
            out = []
            for index, item in enumerate(value):
                item = self.pick(item)
                if item is not NOVALUE:
                    line = value.item_line(index) if isinstance(value, yaml.Seq) else 0
                    out.append((item, line))
            return out
        found = intrinsic(value)
        if found is None or depth > MAX_RESOLVE:
            return [(value, 0)] if found is None and isinstance(value, (str, dict)) else None
        name, arg = found
        if name == "Ref" and self.default(arg) is not NOVALUE and self._list_param(arg):
            text = self.scalar(self.default(arg), depth + 1)
            if isinstance(text, str):
                return [(part.strip(), 0) for part in text.split(",")]
        if name == "Split" and isinstance(arg, list) and len(arg) == 2 and isinstance(arg[0], str) and arg[0]:
            text = self.scalar(arg[1], depth + 1)
            if isinstance(text, str):
                return [(part, 0) for part in text.split(arg[0])]
        if name == "FindInMap":
            found_value = self._find_in_map(arg, depth)
            if found_value is not NOVALUE:
                return self.items(found_value, depth + 1)
        self.unknown.append(written(value))
        return None

    def data(self, value: Any, path: tuple[Any, ...], lines: dict[tuple[Any, ...], int], line: int) -> Any:
        """A value as plain data for the IAM engine: strings with unknown parts carry
        `UNKNOWN_TEXT`, wholly unknown values are `UNKNOWN`; every value's line in `lines`."""
        from sechooks.core import yaml
        from sechooks.engines import iam as iam_engine

        lines[path] = line
        value = self.pick(value)
        if value is NOVALUE:
            return NOVALUE
        if isinstance(value, (str, int, float, bool)) or value is None:
            return value
        if intrinsic(value) is not None:
            parts = self.parts(value)
            if parts is None or all(p is None for p in parts):
                items = self.items(value)
                if items is not None:  # `!Split`, a list parameter's default, a `FindInMap` list
                    return [self.data(item, path + (i,), lines, item_line or line) for i, (item, item_line) in enumerate(items)]
                return iam_engine.UNKNOWN
            return "".join(iam_engine.UNKNOWN_TEXT if p is None else p for p in parts)
        if isinstance(value, dict):
            out: dict[str, Any] = {}
            for key, item in value.items():
                sub_line = value.value_line(key) if isinstance(value, yaml.Map) else line
                resolved = self.data(item, path + (key,), lines, sub_line)
                if resolved is not NOVALUE:
                    out[key] = resolved
            return out
        if isinstance(value, list):
            result: list[Any] = []
            for index, item in enumerate(value):
                sub_line = value.item_line(index) if isinstance(value, yaml.Seq) else line
                resolved = self.data(item, path + (len(result),), lines, sub_line)
                if resolved is not NOVALUE:
                    result.append(resolved)
            return result
        return iam_engine.UNKNOWN


def conditions_in(value: Any) -> list[str]:
    """Names of the conditions of every `!If` inside a value, in order of appearance."""
    from sechooks.core import yaml

    names: dict[str, None] = {}
    for count, (_, _, item) in enumerate(yaml.walk(value)):
        if count > MAX_WALK:
            break
        found = intrinsic(item)
        if found is not None and found[0] == "If" and isinstance(found[1], list) and found[1]:
            names.setdefault(str(found[1][0]), None)
    return list(names)


def choices(names: Sequence[str]) -> list[dict[str, bool]]:
    """Branch choices to judge a resource under: every combination of up to
    MAX_CONDITIONS conditions; beyond, each condition flipped once from all-true."""
    if not names:
        return [{}]
    if len(names) <= MAX_CONDITIONS:
        import itertools

        return [dict(zip(names, combo)) for combo in itertools.product((True, False), repeat=len(names))]
    out = [{name: True for name in names}]
    out.extend({**out[0], name: False} for name in names)
    return out


# --- resources ----------------------------------------------------------------------------

class Resource:
    """One resource under one choice of branches, and what a check needs to report."""

    def __init__(self, logical_id: str, node: Any, tpl: Template, path: str, ctx: cli.Context) -> None:
        from sechooks.core import yaml

        self.id, self.node, self.tpl, self.path, self.ctx = logical_id, node, tpl, path, ctx
        self.label = _shown(logical_id)  # the logical id as messages quote it (masked if secret-shaped)
        props = tpl.pick(node.get("Properties"))
        self.props: Any = props if isinstance(props, yaml.Map) else yaml.Map(node.line if isinstance(node, yaml.Map) else 1)
        self.line = node.line if isinstance(node, yaml.Map) else 1
        kind = node.get("Type")
        self.type = kind if isinstance(kind, str) else ""

    def value_line(self, container: Any, key: str) -> int:
        from sechooks.core import yaml

        return container.value_line(key) if isinstance(container, yaml.Map) and key in container else (
            container.line if isinstance(container, (yaml.Map, yaml.Seq)) else self.line)


def _map(value: Any) -> Any:
    from sechooks.core import yaml

    return value if isinstance(value, yaml.Map) else None


# network ---------------------------------------------------------------------------------

def _net_rule(res: Resource, entry: Any, line: int, direction: str, nacl: bool = False) -> Any:
    from sechooks.engines import network

    tpl = res.tpl
    tpl.unknown = []
    opts = res.ctx.options_of("NET")
    broad = bool(opts.get("broad_prefix"))
    if nacl:
        protocol = network.protocol_of(tpl.scalar(entry.get("Protocol")))
        ports_node = _map(tpl.pick(entry.get("PortRange"))) or {}
        ports = network.port_range(protocol, tpl.scalar(ports_node.get("From")), tpl.scalar(ports_node.get("To")))
        action = tpl.scalar(entry.get("RuleAction"))
        action = action.strip().lower() if isinstance(action, str) else action
        cidr_keys = ("CidrBlock", "Ipv6CidrBlock")
    else:
        protocol = network.protocol_of(tpl.scalar(entry.get("IpProtocol")))
        ports = network.port_range(protocol, tpl.scalar(entry.get("FromPort")), tpl.scalar(entry.get("ToPort")))
        action = "allow"
        cidr_keys = ("CidrIp", "CidrIpv6")
    if ports is None:
        return None
    found = [(tpl.scalar(entry.get(key)), written(entry.get(key))) for key in cidr_keys if key in entry]
    srcs = network.sources(found, broad)
    for key in ("SourceSecurityGroupId", "SourceSecurityGroupName", "SourcePrefixListId",
                "DestinationSecurityGroupId", "DestinationPrefixListId"):
        if key in entry and tpl.pick(entry.get(key)) not in (NOVALUE, None):
            srcs.append((network.SPECIFIC, key))
    # the offending property: the world source's line, else the entry's
    where = next((entry.value_line(k) for k in cidr_keys if k in entry), line) if hasattr(entry, "value_line") else line
    return network.NetRule(res.label, where, direction, action, protocol, ports, srcs,
                           kind="nacl" if nacl else "rule", unknown=list(tpl.unknown))


def _net_entries(res: Resource, key: str, direction: str) -> Iterator[Any]:
    from sechooks.engines import network

    if key not in res.props:
        return
    items = res.tpl.items(res.props.get(key))
    line = res.value_line(res.props, key)
    if items is None:
        yield network.opaque(res.label, line, written(res.props.get(key)), direction)
        return
    for item, item_line in items:
        entry = _map(item)
        if entry is None:
            if intrinsic(item) is not None:
                yield network.opaque(res.label, item_line or line, written(item), direction)
            continue
        rule = _net_rule(res, entry, item_line or line, direction)
        if rule is not None:
            yield rule


def security_group(res: Resource) -> Iterator[Any]:
    from sechooks.engines import network

    opts = res.ctx.options_of("NET")
    for rule in (*_net_entries(res, "SecurityGroupIngress", "ingress"), *_net_entries(res, "SecurityGroupEgress", "egress")):
        yield from network.judge(rule, opts)


def _default_sg(res: Resource) -> Iterator[Any]:
    from sechooks.engines import network

    group = res.props.get("GroupId")
    found = intrinsic(res.tpl.pick(group))
    if found and found[0] == "GetAtt":
        arg = found[1]
        attr = arg[1] if isinstance(arg, list) and len(arg) == 2 else str(arg).partition(".")[2]
        if attr == "DefaultSecurityGroup":
            yield network.default_sg(res.label, res.value_line(res.props, "GroupId"))


def security_group_ingress(res: Resource) -> Iterator[Any]:
    from sechooks.engines import network

    yield from _default_sg(res)
    rule = _net_rule(res, res.props, res.line, "ingress")
    if rule is not None:
        yield from network.judge(rule, res.ctx.options_of("NET"))


def security_group_egress(res: Resource) -> Iterator[Any]:
    from sechooks.engines import network

    yield from _default_sg(res)
    rule = _net_rule(res, res.props, res.line, "egress")
    if rule is not None:
        yield from network.judge(rule, res.ctx.options_of("NET"))


def nacl_entry(res: Resource) -> Iterator[Any]:
    from sechooks.engines import network

    egress = res.tpl.scalar(res.props.get("Egress"))
    direction = network.direction_of(egress) if egress is network.UNKNOWN else (
        "egress" if egress is True or str(egress).lower() == "true" else "ingress")
    rule = _net_rule(res, res.props, res.line, direction, nacl=True)
    if rule is not None:
        yield from network.judge(rule, res.ctx.options_of("NET"))


def eks_cluster(res: Resource) -> Iterator[Any]:
    from sechooks.engines import network

    tpl = res.tpl
    config = _map(tpl.pick(res.props.get("ResourcesVpcConfig")))
    if config is None:
        return
    public = tpl.scalar(config.get("EndpointPublicAccess")) if "EndpointPublicAccess" in config else True
    line = config.value_line("EndpointPublicAccess") if "EndpointPublicAccess" in config else res.props.key_line("ResourcesVpcConfig")
    cidrs = None
    if "PublicAccessCidrs" in config:
        items = tpl.items(config.get("PublicAccessCidrs"))
        if items is None:
            cidrs = [(network.UNSURE, written(config.get("PublicAccessCidrs")))]
        else:
            cidrs = network.sources([(tpl.scalar(i), written(i)) for i, _ in items])
        if public is not False:
            line = config.value_line("PublicAccessCidrs")
    verdict = network.eks_endpoint(res.label, line, public, written(config.get("EndpointPublicAccess")), cidrs, "PublicAccessCidrs")
    if verdict is not None:
        yield verdict


NETWORK: dict[str, Callable[[Resource], Iterator[Any]]] = {
    "AWS::EC2::SecurityGroup": security_group,
    "AWS::EC2::SecurityGroupIngress": security_group_ingress,
    "AWS::EC2::SecurityGroupEgress": security_group_egress,
    "AWS::EC2::NetworkAclEntry": nacl_entry,
    "AWS::EKS::Cluster": eks_cluster,
}


# IAM -------------------------------------------------------------------------------------

def _policy(res: Resource, container: Any, key: str, kind: str, service: str = "") -> Iterator[Finding]:
    from sechooks.engines import iam as iam_engine

    if not isinstance(container, dict) or key not in container:
        return
    lines: dict[tuple[Any, ...], int] = {}
    line = res.value_line(container, key)
    document = res.tpl.data(container.get(key), (), lines, line)
    if isinstance(document, str) and document.lstrip().startswith("{"):
        import json

        try:
            document = json.loads(document)
        except (ValueError, RecursionError):
            return
        lines = {}
    if not isinstance(document, dict):
        return
    yield from iam_engine.check_policy(document, res.path, lambda p: lines.get(p, line), kind=kind, service=service,
                                       enabled=res.ctx.enabled, options=res.ctx.options_of("IAM"))


def _inline_policies(res: Resource) -> Iterator[Finding]:
    items = res.tpl.items(res.props.get("Policies")) or []
    for item, _ in items:
        entry = _map(item)
        if entry is not None:
            yield from _policy(res, entry, "PolicyDocument", "identity")


def _managed_arns(res: Resource, key: str = "ManagedPolicyArns", sam: bool = False) -> Iterator[Finding]:
    from sechooks.engines import iam as iam_engine

    if key not in res.props:
        return
    line = res.value_line(res.props, key)
    for item, item_line in res.tpl.items(res.props.get(key)) or []:
        arn = res.tpl.scalar(item)
        if not isinstance(arn, str):
            continue
        if sam and not arn.startswith("arn:"):
            arn = "arn:aws:iam::aws:policy/" + arn  # SAM: a bare name is an AWS managed policy
        yield from iam_engine.managed_policy_findings(
            arn, res.path, item_line or line, label=f"{res.type} {res.label}", evidence=res.id, enabled=res.ctx.enabled)


def iam_identity(res: Resource) -> Iterator[Finding]:
    """AWS::IAM::Role, User, Group: inline policies, managed policy attachments, and a
    role's trust policy."""
    yield from _inline_policies(res)
    yield from _managed_arns(res)
    if res.type == "AWS::IAM::Role":
        yield from _policy(res, res.props, "AssumeRolePolicyDocument", "trust")


def iam_policy(res: Resource) -> Iterator[Finding]:
    yield from _policy(res, res.props, "PolicyDocument", "identity")


RESOURCE_POLICIES = {  # type -> (property, service)
    "AWS::S3::BucketPolicy": ("PolicyDocument", "s3"),
    "AWS::SQS::QueuePolicy": ("PolicyDocument", "sqs"),
    "AWS::SNS::TopicPolicy": ("PolicyDocument", "sns"),
    "AWS::KMS::Key": ("KeyPolicy", "kms"),
    "AWS::KMS::ReplicaKey": ("KeyPolicy", "kms"),
    "AWS::SecretsManager::ResourcePolicy": ("ResourcePolicy", "secretsmanager"),
    "AWS::ECR::Repository": ("RepositoryPolicyText", "ecr"),
    "AWS::OpenSearchService::Domain": ("AccessPolicies", "es"),
    "AWS::Elasticsearch::Domain": ("AccessPolicies", "es"),
}


def resource_policy(res: Resource) -> Iterator[Finding]:
    key, service = RESOURCE_POLICIES[res.type]
    yield from _policy(res, res.props, key, "resource", service)


def lambda_permission(res: Resource) -> Iterator[Finding]:
    from sechooks.engines import iam as iam_engine

    if "Principal" not in res.props:
        return
    principal = res.tpl.scalar(res.props.get("Principal"))
    if not isinstance(principal, str):
        principal = iam_engine.UNKNOWN
    scoped = any(k in res.props and res.tpl.pick(res.props[k]) not in (NOVALUE, None)
                 for k in ("SourceArn", "SourceAccount", "PrincipalOrgID"))
    yield from iam_engine.lambda_permission_findings(
        principal, res.path, res.value_line(res.props, "Principal"), label=f"{res.type} {res.label}",
        scoped=scoped, evidence=res.id, enabled=res.ctx.enabled)


def _line_of(lines: Mapping[tuple[Any, ...], int], default: int) -> Callable[[tuple[Any, ...]], int]:
    return lambda p: lines.get(p, default)


def sam_policies(res: Resource) -> Iterator[Finding]:
    """SAM `Policies`: a managed policy name or ARN, a policy document, or a list of these
    and of SAM policy templates (`S3ReadPolicy: {BucketName: ...}`, scoped by design)."""
    from sechooks.engines import iam as iam_engine

    if "Policies" not in res.props:
        return
    tpl = res.tpl
    line = res.value_line(res.props, "Policies")
    value = tpl.pick(res.props.get("Policies"))
    items = [(value, line)] if isinstance(value, dict) and "Statement" in value or isinstance(value, str) else (tpl.items(value) or [])
    for item, item_line in items:
        entry = _map(item)
        if entry is not None and "Statement" in entry:
            lines: dict[tuple[Any, ...], int] = {}
            document = tpl.data(entry, (), lines, item_line or line)
            if isinstance(document, dict):
                yield from iam_engine.check_policy(document, res.path, _line_of(lines, item_line or line),
                                                   kind="identity", enabled=res.ctx.enabled, options=res.ctx.options_of("IAM"))
            continue
        arn = tpl.scalar(item)
        if isinstance(arn, str):
            arn = arn if arn.startswith("arn:") else "arn:aws:iam::aws:policy/" + arn
            yield from iam_engine.managed_policy_findings(
                arn, res.path, item_line or line, label=f"{res.type} {res.label}", evidence=res.id, enabled=res.ctx.enabled)


IAM: dict[str, Callable[[Resource], Iterator[Finding]]] = {
    "AWS::IAM::Role": iam_identity,
    "AWS::IAM::User": iam_identity,
    "AWS::IAM::Group": iam_identity,
    "AWS::IAM::Policy": iam_policy,
    "AWS::IAM::ManagedPolicy": iam_policy,
    "AWS::IAM::RolePolicy": iam_policy,
    "AWS::IAM::UserPolicy": iam_policy,
    "AWS::IAM::GroupPolicy": iam_policy,
    "AWS::Lambda::Permission": lambda_permission,
    "AWS::Serverless::Function": sam_policies,
    "AWS::Serverless::StateMachine": sam_policies,
    **{kind: resource_policy for kind in RESOURCE_POLICIES},
}


# secrets ---------------------------------------------------------------------------------

PASSWORD_PROPERTIES = frozenset({"MasterUserPassword", "Password", "SecretString", "AuthToken", "AdminPassword"})
_PASSWORDISH = re.compile(r"(?i)pass|pwd|contrase")  # before asking the classifier (every name it calls a password has one)
_DYNAMIC_SECURE = re.compile(r"\{\{resolve:(?:secretsmanager|ssm-secure):")


def _shown(name: str) -> str:
    from sechooks.engines import iam as iam_engine

    return iam_engine.shown(name)


def _secret_label(name: str, value: str) -> str | None:
    from sechooks.engines import secrets

    if _DYNAMIC_SECURE.search(value):
        return None
    if name == "SecretString" and value.lstrip().startswith("{"):
        import json

        try:
            inner = json.loads(value)
        except (ValueError, RecursionError):
            return None
        if isinstance(inner, dict):
            for key, item in inner.items():
                if isinstance(item, str) and secrets.literal_secret(str(key), item) is not None:
                    return f"{secrets.literal_secret(str(key), item)} under {secrets.redact(str(key), 30)!r}"
        return None
    label = secrets.literal_secret(name, value)
    if label is None and name in PASSWORD_PROPERTIES:
        label = secrets.literal_secret("password", value)  # `SecretString`, `AuthToken`: a password by place
    return label


def _branches(value: Any) -> list[Any]:
    """Every value an `!If` (nested) may give, or the value itself."""
    out: list[Any] = []
    stack = [value]
    while stack and len(out) < 64:
        item = stack.pop()
        found = intrinsic(item)
        if found is not None and found[0] == "If" and isinstance(found[1], list) and len(found[1]) == 3:
            stack.extend((found[1][2], found[1][1]))
        else:
            out.append(item)
    return out


def password_properties(res: Resource) -> Iterator[Finding]:
    """CFN902: a literal secret in a property named like a password, anywhere in the
    resource's Properties (`MasterUserPassword`, `Password`, `SecretString` ...)."""
    from sechooks.core import yaml
    from sechooks.engines import secrets

    if "CFN902" not in res.ctx.enabled:
        return
    for _, _, parent in yaml.walk(res.props):
        if not isinstance(parent, yaml.Map):
            continue
        for key, item in parent.items():
            if key not in PASSWORD_PROPERTIES and not (_PASSWORDISH.search(key) and secrets.name_kind(key) == "password"):
                continue
            for branch in _branches(item):
                found = intrinsic(branch)
                if found is not None and found[0] == "Ref":
                    continue  # a parameter: its default is CFN901's
                text = res.tpl.scalar(branch)
                if not isinstance(text, str):
                    continue
                label = _secret_label(key, text)
                if label is not None:
                    yield Finding("CFN902", res.path, parent.value_line(key), parent.value_col(key),
                                  f"{label} written in {_shown(key)} of {res.label}: "
                                  f"{secrets.mask(text)}", evidence=f"{res.id}|{key}|{text}")
                    break


def parameter_defaults(tpl: Template, path: str, ctx: cli.Context) -> Iterator[Finding]:
    """CFN901: a parameter whose Default is a literal secret and that is not NoEcho."""
    from sechooks.core import yaml
    from sechooks.engines import secrets

    if "CFN901" not in ctx.enabled:
        return
    for name, param in tpl.params.items():
        if not isinstance(param, yaml.Map) or "Default" not in param:
            continue
        noecho = param.get("NoEcho")
        if noecho is True or str(noecho).lower() == "true":
            continue
        value = param.get("Default")
        if not isinstance(value, str):
            continue
        label = secrets.literal_secret(name, value)
        if label is not None:
            yield Finding("CFN901", path, param.value_line("Default"), param.value_col("Default"),
                          f"parameter {_shown(name)} has a literal {label} as its Default and no NoEcho: "
                          f"{secrets.mask(value)}", evidence=f"{name}|{value}")


# --- suppression in Metadata ------------------------------------------------------------



def _tokens(value: Any, tpl: Template, keys: Sequence[str]) -> Iterator[str]:
    for item, _ in tpl.items(value) or []:
        if isinstance(item, dict):
            token = next((item.get(k) for k in keys if isinstance(item.get(k), str)), None)
            if token is not None:
                yield token
        elif isinstance(item, str):
            yield item


def metadata_ignores(node: Any, tpl: Template, ctx: cli.Context) -> set[str]:
    """Rule ids a resource's Metadata suppresses: `cfn_nag: {rules_to_suppress: [{id}]}`,
    `checkov: {skip: [{id}]}`, `sechooks: {ignore: [ID | {id, reason}]}`."""
    from sechooks.core import catalogue

    metadata = _map(node.get("Metadata")) if isinstance(node, dict) else None
    if metadata is None:
        return set()
    out: set[str] = set()
    nag = _map(metadata.get("cfn_nag"))
    for token in _tokens(nag.get("rules_to_suppress") if nag else None, tpl, ("id",)):
        out.update(r.id for r in catalogue.lookup(token))  # cfn_nag ids are the NET/IAM rules' peers
    for section, key in (("checkov", "skip"), ("sechooks", "ignore")):
        block = _map(metadata.get(section))
        for token in _tokens(block.get(key) if block else None, tpl, ("id",)):
            try:
                found = catalogue.lookup(token)
            except Exception:  # a malformed token is a token we do not know
                found = []
            if not found:
                from sechooks.engines.secrets import redact

                ctx.notice(f"Metadata {section}.{key}: unknown rule {redact(token, 40)!r} (ignored)")
            out.update(r.id for r in found)
    return out


# --- the hook -----------------------------------------------------------------------------

def parse(path: str, text: str, ctx: cli.Context) -> tuple[Any, Finding | None]:
    """(template root, None) or (None, CFN900 finding) or (None, None) when not a template."""
    if text.lstrip()[:1] == "{":
        try:
            return load_json(text), None
        except JsonError as e:
            line, col = _JsonReader(text).pos(min(e.pos, len(text)))
            return None, ctx.unparseable(path, line, f"invalid JSON: {e.message}", col)
        except RecursionError:
            return None, ctx.unparseable(path, 1, f"nested more than {MAX_DEPTH} levels deep: not checked")
    from sechooks.core import yaml

    documents = yaml.load(text)
    for doc in documents:
        if doc.error:
            from sechooks.engines.secrets import redact

            return None, ctx.unparseable(path, doc.error_line, redact(doc.error, 120), doc.error_col)
        if cfn.is_template(doc.value):
            return doc.value, None
    return None, None


def _judge(res: Resource) -> Iterator[Finding]:
    check = NETWORK.get(res.type)
    if check is not None:
        from sechooks.engines import network

        yield from network.findings(list(check(res)), res.path, res.ctx, {"resource": res.label})
    iam_check = IAM.get(res.type)
    if iam_check is not None:
        yield from iam_check(res)


def _branch_note(used: list[dict[str, bool]], variants: list[dict[str, bool]]) -> str:
    """"" when every variant gives the finding; else the conditions it depends on: those
    where flipping that condition alone (between two judged variants) loses it."""
    if len(used) == len(variants):
        return ""
    keys = [tuple(sorted(v.items())) for v in used]
    having = set(keys)
    judged = {tuple(sorted(v.items())) for v in variants}
    matters: dict[str, bool] = {}
    for key in keys:
        for index, (name, value) in enumerate(key):
            flipped = key[:index] + ((name, not value),) + key[index + 1:]
            if flipped in judged and flipped not in having:
                matters.setdefault(name, value)
    fixed = [f"{name} is {'true' if value else 'false'}" for name, value in sorted(matters.items())
             if all(v.get(name) == value for v in used)]
    return f" (when condition {' and '.join(fixed)})" if fixed else " (in some !If branches)"


def resource_findings(logical_id: str, node: Any, tpl: Template, path: str, ctx: cli.Context) -> Iterator[Finding]:
    """Every finding of one resource, each !If condition taken both ways; a finding only
    some branches give says under which condition."""
    from sechooks.core.record import replace

    variants = choices(conditions_in(node))
    seen: dict[tuple[Any, ...], tuple[Finding, list[dict[str, bool]]]] = {}
    for choice in variants:
        tpl.choice = choice
        res = Resource(logical_id, node, tpl, path, ctx)
        for finding in _judge(res):
            key = (finding.rule, finding.line, finding.col, finding.message, finding.severity)
            if key in seen:
                seen[key][1].append(choice)
            else:
                seen[key] = (finding, [choice])
    tpl.choice = {}
    for finding in password_properties(Resource(logical_id, node, tpl, path, ctx)):  # every branch at once
        seen.setdefault((finding.rule, finding.line, finding.col, finding.message, None), (finding, variants))
    ignored = metadata_ignores(node, tpl, ctx)
    start = tpl.resources.key_line(logical_id) if hasattr(tpl.resources, "key_line") else node.line
    end = node.end_line if hasattr(node, "end_line") else node.line
    block = {"block_start": start, "block_end": end, "resource": _shown(logical_id)}
    for finding, used in seen.values():
        if finding.rule in ignored:
            continue
        message = finding.message + _branch_note(used, variants)
        yield replace(finding, message=message, extra={**block, **finding.extra})


def check_file(path: str, text: str, ctx: cli.Context) -> Iterator[Finding]:
    """Findings for one CloudFormation/SAM template (YAML or JSON); anything else is silent."""
    if not sniff(text):
        return
    root, problem = parse(path, text, ctx)
    if problem is not None:
        if "AWSTemplateFormatVersion" in text or "AWS::" in text:
            yield problem
        return
    if root is None:
        return
    from sechooks.core import yaml

    tpl = Template(root)
    yield from parameter_defaults(tpl, path, ctx)
    for logical_id, node in tpl.resources.items():
        if isinstance(node, yaml.Map) and isinstance(node.get("Type"), str):
            yield from resource_findings(str(logical_id), node, tpl, path, ctx)


HOOK = cli.Hook(
    name="sechooks-cloudformation",
    family="CFN",
    check=check_file,
    matches=matches,
    sniff=sniff,
    max_bytes=MAX_BYTES,
    also=("NET", "IAM"),  # the same network and IAM findings as Terraform and IAM policies
    compat=(
        Compat(re.compile(r"checkov:skip=(?P<ids>CKV2?_AWS_\d+)"), marker="checkov:skip"),
    ),
)


def main(argv: Sequence[str] | None = None) -> int:
    """Console entry point of `sechooks-cloudformation`."""
    return cli.run(HOOK, argv)


if __name__ == "__main__":
    raise SystemExit(main())
