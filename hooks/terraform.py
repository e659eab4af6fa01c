"""sechooks-terraform: security groups, firewalls and NSGs open to the world.

Each supported resource is turned into normalised `NetRule` records by a small
HCL adapter; the network engine (`sechooks.engines.network`, shared with the
CloudFormation and compose hooks) decides which NET3nn rules fire per record.
"""
from __future__ import annotations

import os
import re
from sechooks.core.record import record, replace
TYPE_CHECKING = False  # typing costs ~5 ms to import; annotations are strings
if TYPE_CHECKING:
    from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

from sechooks.core import cli
from sechooks.engines import hcl, network
from sechooks.core.finding import Finding
from sechooks.engines.hcl import Block, Resolver
from sechooks.engines.network import SPECIFIC, UNKNOWN, UNSURE, WORLD, NetRule, port_range, port_specs, protocol_of
from sechooks.core.suppress import Compat

_PREFILTER = re.compile(
    r"\b(?:aws_(?:default_)?security_group|aws_vpc_security_group_|aws_(?:default_)?network_acl|"
    r"aws_eks_cluster|google_compute_(?:region_)?(?:network_)?firewall|google_container_cluster|"
    r"azurerm_network_security_|azurerm_kubernetes_cluster)|\bsource\s*=\s*\"\.\.?[/\\\\]",  # or a local module call
)


@record
class Unit:
    """A resource being checked: where it is and how to resolve its values."""

    path: str
    block: Block
    resolver: Resolver
    options: Mapping[str, Any]
    prefix: str = ""  # "module.web." for a resource inside a followed local module

    @property
    def address(self) -> str:
        return self.prefix + ".".join(self.block.labels)

    @property
    def extra(self) -> dict[str, str | int]:
        """Where the resource is: block-aware suppression covers its lines."""
        return {"block_start": self.block.line, "block_end": self.block.end_line or self.block.line}


# --- field access with resolution and dynamic blocks -------------------------

class Fields:
    """Resolved view of a block (or of an object in the `ingress = [{...}]` form)."""

    def __init__(self, raw: Mapping[str, Any], line: int, resolver: Resolver, scope: Mapping[str, Any],
                 block: Block | None = None, unknown: list[str] | None = None) -> None:
        self.raw = raw
        self.line = line
        self.resolver = resolver
        self.scope = scope
        self.block = block
        self.unknown: list[str] = [] if unknown is None else unknown

    @classmethod
    def of(cls, block: Block, resolver: Resolver, scope: Mapping[str, Any] | None = None, line: int = 0) -> Fields:
        raw = {name: attr.value for name, attr in block.attributes.items()}
        return cls(raw, line or block.line, resolver, scope or {}, block)

    def has(self, name: str) -> bool:
        return name in self.raw and self.raw[name] is not None

    def line_of(self, name: str) -> int:
        if self.block is not None and name in self.block.attributes:
            return self.block.attributes[name].line
        return self.line

    def get(self, name: str, default: Any = None) -> Any:
        """The resolved value; UNKNOWN (noted in `unknown`) when it cannot be resolved."""
        if not self.has(name):
            return default
        value = self.resolver.resolve(self.raw[name], self.scope)
        if value is UNKNOWN:
            self.unknown.append(hcl.describe(self.raw[name]))
        return value

    def items(self, name: str) -> list[tuple[Any, str]]:
        """A list attribute (or a single string) as (resolved item, source text) pairs."""
        if not self.has(name):
            return []
        raw = self.raw[name]
        value = self.resolver.resolve(raw, self.scope)
        if value is UNKNOWN:
            return [(UNKNOWN, hcl.describe(raw))]
        values = value if isinstance(value, list) else [value]
        raws = raw if isinstance(raw, list) and len(raw) == len(values) else [raw] * len(values)
        return [(v, hcl.describe(v) if v is not UNKNOWN else hcl.describe(r)) for v, r in zip(values, raws)]

    def entries(self, name: str) -> Iterator[Fields]:
        """Nested `name` blocks, expanded `dynamic "name"` blocks, and `name = [{...}]` items."""
        if self.block is not None:
            for block in self.block.blocks_of(name):
                yield Fields.of(block, self.resolver, self.scope)
            for dynamic in self.block.dynamic(name):
                yield from self._expand(name, dynamic)
        if self.has(name):
            yield from self._listed(name)

    def _expand(self, name: str, dynamic: Block) -> Iterator[Fields]:
        contents = dynamic.blocks_of("content")
        if not contents:
            return
        iterator = dynamic.get("iterator")
        label = iterator.root if isinstance(iterator, hcl.Traversal) and iterator.root else name
        each = self.resolver.resolve(dynamic.get("for_each"), self.scope)
        if isinstance(each, dict):
            pairs: Iterable[tuple[Any, Any]] = each.items()
        elif isinstance(each, list):
            pairs = enumerate(each)
        else:
            pairs = [(UNKNOWN, UNKNOWN)]
        for key, value in pairs:
            bound = UNKNOWN if value is UNKNOWN else {"key": key, "value": value}
            entry = Fields.of(contents[0], self.resolver, {**self.scope, label: bound}, line=dynamic.line)
            if value is UNKNOWN:
                entry.unknown.append(hcl.describe(dynamic.get("for_each")))
            yield entry

    def _listed(self, name: str) -> Iterator[Fields]:
        raw = self.raw[name]
        value = self.resolver.resolve(raw, self.scope)
        if value is UNKNOWN:
            yield Fields({}, self.line_of(name), self.resolver, {}, unknown=[hcl.describe(raw)])
            return
        raws = raw if isinstance(raw, list) and len(raw) == len(value) else [None] * len(value)
        for item, source in zip(value if isinstance(value, list) else [value], raws):
            line = getattr(source, "line", 0) or self.line_of(name)
            if isinstance(item, dict):
                yield Fields(item, line, self.resolver, {})
            else:
                yield Fields({}, line, self.resolver, {}, unknown=[hcl.describe(source if source is not None else raw)])


# --- adapters ---------------------------------------------------------------

def _opaque(unit: Unit, f: Fields, direction: Any, kind: str = "rule") -> NetRule:
    """A rule entry whose whole value is unknown (`ingress = var.rules`)."""
    return network.opaque(unit.address, f.line, f.unknown[0], direction, kind)


def _aws_record(unit: Unit, f: Fields, direction: Any, extra_specific: Sequence[str]) -> NetRule | None:
    if not f.raw and f.unknown:
        return _opaque(unit, f, direction)
    broad = bool(unit.options.get("broad_prefix"))
    protocol = protocol_of(f.get("protocol"))
    ports = port_range(protocol, f.get("from_port"), f.get("to_port"))
    if ports is None:
        return None
    sources = network.sources(f.items("cidr_blocks") + f.items("ipv6_cidr_blocks"), broad)
    for name in ("prefix_list_ids", "security_groups", *extra_specific):
        sources += [(SPECIFIC, name) for v, _ in f.items(name) if v]
    if f.get("self") is True:
        sources.append((SPECIFIC, "self"))
    return NetRule(unit.address, f.line, direction, "allow", protocol, ports,
                  sources, unknown=f.unknown)


def aws_security_group(unit: Unit) -> Iterator[NetRule]:
    top = Fields.of(unit.block, unit.resolver)
    for direction in ("ingress", "egress"):
        for entry in top.entries(direction):
            record = _aws_record(unit, entry, direction, ())
            if record is not None:
                yield record


def aws_security_group_rule(unit: Unit) -> Iterator[NetRule]:
    f = Fields.of(unit.block, unit.resolver)
    record = _aws_record(unit, f, network.direction_of(f.get("type"), ("ingress",)), ("source_security_group_id",))
    if record is not None:
        yield record


def aws_vpc_rule(unit: Unit) -> Iterator[NetRule]:
    f = Fields.of(unit.block, unit.resolver)
    broad = bool(unit.options.get("broad_prefix"))
    protocol = protocol_of(f.get("ip_protocol"))
    ports = port_range(protocol, f.get("from_port"), f.get("to_port"))
    if ports is None:
        return
    sources = network.sources(f.items("cidr_ipv4") + f.items("cidr_ipv6"), broad)
    sources += [(SPECIFIC, n) for n in ("prefix_list_id", "referenced_security_group_id") if f.has(n)]
    direction = "ingress" if unit.block.labels[0].endswith("ingress_rule") else "egress"
    yield NetRule(unit.address, unit.block.line, direction, "allow",
                 protocol, ports, sources, unknown=f.unknown)


def _nacl_record(unit: Unit, f: Fields, direction: Any, action: Any) -> NetRule | None:
    if not f.raw and f.unknown:
        return _opaque(unit, f, direction, "nacl")
    broad = bool(unit.options.get("broad_prefix"))
    protocol = protocol_of(f.get("protocol"))
    ports = port_range(protocol, f.get("from_port"), f.get("to_port"))
    if ports is None:
        return None
    action = action if action is UNKNOWN else str(action).strip().lower()
    sources = network.sources(f.items("cidr_block") + f.items("ipv6_cidr_block"), broad)
    return NetRule(unit.address, f.line, direction, action, protocol, ports,
                  sources, kind="nacl", unknown=f.unknown)


def aws_network_acl(unit: Unit) -> Iterator[NetRule]:
    top = Fields.of(unit.block, unit.resolver)
    for direction in ("ingress", "egress"):
        for entry in top.entries(direction):
            record = _nacl_record(unit, entry, direction, entry.get("action") if entry.raw else UNKNOWN)
            if record is not None:
                yield record


def aws_network_acl_rule(unit: Unit) -> Iterator[NetRule]:
    f = Fields.of(unit.block, unit.resolver)
    egress = f.get("egress", False)
    direction = UNKNOWN if egress is UNKNOWN else "egress" if egress in (True, "true") else "ingress"
    record = _nacl_record(unit, f, direction, f.get("rule_action"))
    if record is not None:
        yield record


def _gcp_ranges(f: Fields, name: str, broad: bool) -> tuple[bool, list[tuple[str, str]]]:
    """(is set, sources) for a GCP range list; [] or only "" counts as unset (provider #6789)."""
    items = f.items(name)
    if any(v is UNKNOWN for v, _ in items):
        return True, network.sources(items, broad)
    present = [(v, t) for v, t in items if isinstance(v, str) and v.strip()]
    return bool(present), network.sources(present, broad)


def google_compute_firewall(unit: Unit) -> Iterator[NetRule]:
    f = Fields.of(unit.block, unit.resolver)
    if f.get("disabled", False) is True:
        return
    broad = bool(unit.options.get("broad_prefix"))
    direction = network.direction_of(f.get("direction", "INGRESS"), ("ingress",))
    if direction == "egress":
        given, sources = _gcp_ranges(f, "destination_ranges", broad)
        implicit = "no destination_ranges (defaults to 0.0.0.0/0)"
    else:
        given, sources = _gcp_ranges(f, "source_ranges", broad)
        for name in ("source_tags", "source_service_accounts"):
            items = [(v, t) for v, t in f.items(name) if v]
            given = given or bool(items)
            sources += [(UNSURE if v is UNKNOWN else SPECIFIC, t) for v, t in items]
        implicit = "no source (defaults to 0.0.0.0/0)"
    if not given:
        sources = [(WORLD, implicit)]
    for action in ("allow", "deny"):
        for entry in f.entries(action):
            protocol = protocol_of(entry.get("protocol"))
            ports = port_specs(protocol, entry.items("ports"))
            yield NetRule(unit.address, entry.line, direction, action,
                         protocol, ports, list(sources), unknown=f.unknown + entry.unknown)


def google_firewall_policy_rule(unit: Unit) -> Iterator[NetRule]:
    f = Fields.of(unit.block, unit.resolver)
    action = f.get("action")
    if f.get("disabled", False) is True or (action is not UNKNOWN and str(action).lower() != "allow"):
        return
    broad = bool(unit.options.get("broad_prefix"))
    direction = network.direction_of(f.get("direction", "INGRESS"), ("ingress",))
    for match in f.entries("match"):
        wanted = "dest_ip_ranges" if direction == "egress" else "src_ip_ranges"
        sources = network.sources(match.items(wanted), broad)
        for l4 in match.entries("layer4_configs"):
            protocol = protocol_of(l4.get("ip_protocol"))
            yield NetRule(unit.address, l4.line, direction, "allow", protocol,
                         port_specs(protocol, l4.items("ports")), sources,
                         unknown=f.unknown + match.unknown + l4.unknown)


def _azure_record(unit: Unit, f: Fields) -> NetRule:
    if not f.raw and f.unknown:
        return _opaque(unit, f, UNKNOWN)
    broad = bool(unit.options.get("broad_prefix"))
    direction = network.direction_of(f.get("direction"), ("inbound",))
    access = f.get("access")
    action = access if access is UNKNOWN else "allow" if str(access).lower() == "allow" else "deny"
    side = "source" if direction != "egress" else "destination"
    prefixes = f.items(f"{side}_address_prefix") + f.items(f"{side}_address_prefixes")
    sources = network.sources(prefixes, broad, azure=True)
    sources += [(SPECIFIC, t) for v, t in f.items(f"{side}_application_security_group_ids") if v]
    protocol = protocol_of(f.get("protocol"))
    specs = f.items("destination_port_range") + f.items("destination_port_ranges")
    # "*" is every protocol, the ports still apply (NET302 for "*" on 3389, not NET303)
    ports = port_specs("tcp" if protocol == "all" else protocol, specs, star=True)
    return NetRule(unit.address, f.line, direction, action, protocol, ports, sources, unknown=f.unknown)


def azurerm_network_security_rule(unit: Unit) -> Iterator[NetRule]:
    yield _azure_record(unit, Fields.of(unit.block, unit.resolver))


def azurerm_network_security_group(unit: Unit) -> Iterator[NetRule]:
    for entry in Fields.of(unit.block, unit.resolver).entries("security_rule"):
        yield _azure_record(unit, entry)


ADAPTERS: dict[str, Callable[[Unit], Iterator[NetRule]]] = {
    "aws_security_group": aws_security_group,
    "aws_default_security_group": aws_security_group,
    "aws_security_group_rule": aws_security_group_rule,
    "aws_vpc_security_group_ingress_rule": aws_vpc_rule,
    "aws_vpc_security_group_egress_rule": aws_vpc_rule,
    "aws_network_acl": aws_network_acl,
    "aws_default_network_acl": aws_network_acl,
    "aws_network_acl_rule": aws_network_acl_rule,
    "google_compute_firewall": google_compute_firewall,
    "google_compute_firewall_policy_rule": google_firewall_policy_rule,
    "google_compute_network_firewall_policy_rule": google_firewall_policy_rule,
    "google_compute_region_network_firewall_policy_rule": google_firewall_policy_rule,
    "azurerm_network_security_rule": azurerm_network_security_rule,
    "azurerm_network_security_group": azurerm_network_security_group,
}


# --- rules ------------------------------------------------------------------

def check_records(unit: Unit, ctx: cli.Context) -> Iterator[Finding]:
    """NET301-NET308 and NET310 for every rule the resource declares (judged by the network engine)."""
    adapter = ADAPTERS.get(unit.block.labels[0])
    if adapter is None:
        return
    for rule in adapter(unit):
        yield from network.findings(network.judge(rule, unit.options), unit.path, ctx, unit.extra)


def check_default_sg(unit: Unit, ctx: cli.Context) -> Iterator[Finding]:
    """NET309: aws_default_security_group declaring any ingress/egress rule."""
    if unit.block.labels[0] != "aws_default_security_group":
        return
    block = unit.block
    declared = bool(block.blocks_of("ingress", "egress"))
    unknown: list[str] = []
    for name in ("ingress", "egress"):
        # a `dynamic` block over an empty collection declares nothing: the hardened form
        for dynamic in block.dynamic(name):
            each = unit.resolver.resolve(dynamic.get("for_each"))
            if each is UNKNOWN:
                unknown.append(hcl.describe(dynamic.get("for_each")))
            declared = declared or (isinstance(each, (list, dict)) and bool(each))
        value = unit.resolver.resolve(block.get(name)) if block.has(name) else []
        if value is UNKNOWN:
            unknown.append(hcl.describe(block.get(name)))
        declared = declared or (value is not UNKNOWN and bool(value))
    if declared or unknown:
        verdict = network.default_sg(unit.address, block.line, None if declared else unknown[0])
        yield from network.findings([verdict], unit.path, ctx, unit.extra)


def _k8s_verdicts(unit: Unit) -> Iterator[network.Verdict | None]:
    kind = unit.block.labels[0]
    top = Fields.of(unit.block, unit.resolver)
    broad = bool(unit.options.get("broad_prefix"))
    if kind == "aws_eks_cluster":
        for vpc in top.entries("vpc_config"):
            public = vpc.get("endpoint_public_access", True)
            given = vpc.has("public_access_cidrs")
            cidrs = network.sources(vpc.items("public_access_cidrs"), broad) if given and public is not UNKNOWN else None
            line = vpc.line_of("public_access_cidrs") if cidrs is not None else vpc.line
            yield network.eks_endpoint(unit.address, line, public, (vpc.unknown or [""])[-1], cidrs)
    elif kind == "google_container_cluster":
        configs = list(top.entries("master_authorized_networks_config"))
        for config in configs:
            for cidr in config.entries("cidr_blocks"):
                yield network.k8s_api(unit.address, cidr.line, network.sources(cidr.items("cidr_block"), broad),
                                      "master authorized network")
        if not configs:  # no authorized networks: a public endpoint takes any address
            yield _public_unless(unit, [(p, "enable_private_endpoint", True) for p in top.entries("private_cluster_config")]
                                 + [(ip, "enabled", False) for c in top.entries("control_plane_endpoints_config")
                                    for ip in c.entries("ip_endpoints_config")], "master_authorized_networks_config")
    elif kind == "azurerm_kubernetes_cluster":
        ranges = [(p, "authorized_ip_ranges") for p in top.entries("api_server_access_profile")]
        ranges += [(top, "api_server_authorized_ip_ranges")]
        restricted = False
        for f, name in ranges:
            found = network.sources(f.items(name), broad)
            if found:  # [] (or only "") restricts nothing
                restricted = True
                yield network.k8s_api(unit.address, f.line_of(name), found, "authorized IP range")
            elif f.has(name) and f is not top:
                yield _public_unless(unit, [(top, "private_cluster_enabled", True)], name, f.line_of(name))
                restricted = True
        if not restricted:
            yield _public_unless(unit, [(top, "private_cluster_enabled", True)], "authorized_ip_ranges")


def _public_unless(unit: Unit, switches: Sequence[tuple[Fields, str, bool]], unset: str,
                   line: int = 0) -> network.Verdict | None:
    """NET311 for an API endpoint left at its public default, unless one of the switches
    (fields, attribute, value that makes it private) is set so."""
    unsure: list[tuple[int, str]] = []
    for f, name, private in switches:
        value = f.get(name)
        if value is UNKNOWN:
            unsure.append((f.line_of(name), f.unknown[-1]))
        elif value is not None and str(value).lower() == str(private).lower():
            return None
    if unsure:
        return network.k8s_api(unit.address, unsure[0][0], [(UNSURE, unsure[0][1])], "public endpoint")
    return network.k8s_api(unit.address, line or unit.block.line, [network.unset(unset)], "public endpoint")


def check_k8s_api(unit: Unit, ctx: cli.Context) -> Iterator[Finding]:
    """NET311: EKS/GKE/AKS API endpoints open to the world."""
    verdicts = [v for v in _k8s_verdicts(unit) if v is not None]
    yield from network.findings(verdicts, unit.path, ctx, unit.extra)


CHECKS: dict[str, Callable[[Unit, cli.Context], Iterator[Finding]]] = {
    "NET309": check_default_sg,
    "NET311": check_k8s_api,
}
K8S = ("aws_eks_cluster", "google_container_cluster", "azurerm_kubernetes_cluster")
# rule id -> the function that decides it (the catalogue test checks it covers the family)
IMPLEMENTED_BY: dict[str, Callable[..., Any]] = {
    **{row.rule: network.port_rules for row in network.PORT_RULES},
    **{rule: network.port_rules for rule in ("NET303", "NET306", "NET307")},
    "NET308": network.egress_rules,
    "NET310": network.nacl_rules,
    **CHECKS,
}


def _disabled_by_count(block: Block, resolver: Resolver) -> bool:
    """`count = 0` or an empty `for_each` (resolved): the resource is never created."""
    if block.has("count"):
        count = resolver.resolve(block.get("count"))
        if network.port_number(count) == 0:
            return True
    if block.has("for_each"):
        each = resolver.resolve(block.get("for_each"))
        if isinstance(each, (list, dict)) and not each:
            return True
    return False


def check_unit(unit: Unit, ctx: cli.Context) -> Iterator[Finding]:
    """Every enabled NET rule for one resource."""
    yield from check_records(unit, ctx)
    for rule, check in CHECKS.items():
        if rule in ctx.enabled:
            yield from check(unit, ctx)


def check_file(path: str, text: str, ctx: cli.Context) -> Iterator[Finding]:
    """All NET findings for one `.tf` file, and those its local module calls cause."""
    if not _PREFILTER.search(text):
        return
    try:
        module, resolver = hcl.parse_in_module(path, text, ctx)
    except hcl.HclError as e:
        yield ctx.unparseable(path, e.line, f"cannot parse HCL: {e.message}")
        return
    for block in module.resources(*ADAPTERS, *K8S):
        if _disabled_by_count(block, resolver):
            continue
        yield from check_unit(Unit(path, block, resolver, ctx.options), ctx)
    yield from check_module_calls(path, module, resolver, ctx)
    if resolver.bounded:  # unknown would pass silently: an expansion bomb must not hide the rest
        yield ctx.unparseable(path, resolver.bounded_line, f"value expansion stopped ({resolver.bounded}): values past the limit were not evaluated")


# --- local modules -----------------------------------------------------------

MODULE_DEPTH = 3  # a call in the checked file, its module's calls, and theirs
MODULE_CALLS = 32  # module instances followed for one checked file
MODULE_INSTANCES = 8  # instances of one call (`for_each`/`count`) evaluated
_META = frozenset({"source", "version", "count", "for_each", "providers", "depends_on"})


@record
class _Budget:
    calls: int = MODULE_CALLS


def check_module_calls(path: str, module: hcl.Module, resolver: Resolver, ctx: cli.Context) -> Iterator[Finding]:
    """Findings inside the local modules this file calls that the call's arguments cause
    (absent when the module runs on its own defaults), reported at the argument line and
    naming the resource inside (`module.web.aws_security_group.this`). Registry and git
    sources are not followed; see MODULE_DEPTH and MODULE_CALLS for the bounds."""
    budget = _Budget()
    seen: set[tuple[str, int, str]] = set()
    chain = (os.path.abspath(os.path.dirname(path) or "."),)
    for call in module.blocks_of("module"):
        found = list(_follow(path, call, resolver, ctx, "", 1, budget, chain))
        if not found:
            continue
        quiet = replace(ctx, notices=[])
        alone = {_key(f) for f, _ in _follow(path, call, resolver, quiet, "", 1, _Budget(), chain, defaults=True)}
        for finding, reads in found:
            if _key(finding) in alone:
                continue  # the module's own doing: checking its files reports it
            moved = replace(finding, path=path, line=_argument_line(call, resolver, reads), col=1,
                            message=f"{finding.message}; declared at {_shown_path(finding.path, path)}:{finding.line}",
                            extra={**finding.extra, "block_start": call.line, "block_end": call.end_line or call.line,
                                   "module_path": finding.path, "module_line": finding.line})
            key = (moved.rule, moved.line, moved.message)
            if key not in seen:
                seen.add(key)
                yield moved


def _key(finding: Finding) -> tuple[str, str, int, str, str]:
    return finding.rule, finding.path, finding.line, str(finding.severity), finding.message


def _argument_line(call: Block, resolver: Resolver, reads: set[str]) -> int:
    """The argument of the call to blame: one whose value holds a world source, else one
    the offending block of the module reads, else the call itself."""
    arguments = [a for name, a in call.attributes.items() if name not in _META]
    for wanted in ([a for a in arguments if _holds_world(resolver.resolve(a.value))],
                   [a for a in arguments if a.name in reads]):
        if wanted:
            return min(a.line for a in wanted)
    return call.line


def _shown_path(path: str, caller: str) -> str:
    """A module file relative to the calling file, each part masked where it looks like a secret."""
    from sechooks.engines.secrets import redact

    relative = os.path.relpath(path, os.path.dirname(caller) or ".").replace(os.sep, "/")
    return "/".join(redact(part, 60) for part in relative.split("/"))


def _holds_world(value: Any) -> bool:
    if isinstance(value, str):
        return network.is_world(value, azure=True)
    if isinstance(value, list):
        return any(_holds_world(v) for v in value)
    if isinstance(value, dict):
        return any(_holds_world(v) for v in value.values())
    return False


def _instances(call: Block, resolver: Resolver) -> list[tuple[str, dict[str, Any]]]:
    """(address suffix, scope) per instance of a module call: `count`/`for_each` bind
    `count.index` / `each.key`, `each.value`; none when they resolve to 0 or empty."""
    if call.has("for_each"):
        each = resolver.resolve(call.get("for_each"))
        if isinstance(each, list):
            each = {str(v): v for v in each if isinstance(v, (str, int, float))}
        if isinstance(each, dict):
            return [(f'["{k}"]', {"each": {"key": k, "value": v}}) for k, v in list(each.items())[:MODULE_INSTANCES]]
        return [("[each]", {"each": UNKNOWN})]
    if call.has("count"):
        count = network.port_number(resolver.resolve(call.get("count")))
        if count == 0:
            return []
        return [("[0]", {"count": {"index": 0}})]
    return [("", {})]


def _follow(path: str, call: Block, resolver: Resolver, ctx: cli.Context, prefix: str, depth: int,
            budget: _Budget, chain: tuple[str, ...], defaults: bool = False) -> Iterator[tuple[Finding, set[str]]]:
    """(finding, variables of the module the offending block reads) for every resource in
    one local module call (and the local modules it calls, to MODULE_DEPTH); `defaults`:
    as if the call passed no argument."""
    if not call.labels or not call.has("source"):
        return
    source = resolver.resolve(call.get("source"))
    if not hcl.local_source(source):
        return
    directory = os.path.normpath(os.path.join(os.path.dirname(path), source))
    if os.path.abspath(directory) in chain:  # a module that calls itself (or an ancestor)
        return
    inside = os.path.relpath(os.path.abspath(directory), os.path.abspath(ctx.root))
    if inside == os.pardir or inside.startswith(os.pardir + os.sep):
        ctx.notice(f"{path}:{call.line}: module.{call.labels[0]} not followed: its source is outside the repository")
        return
    arguments = {} if defaults else {name: a.value for name, a in call.attributes.items() if name not in _META}
    for suffix, scope in _instances(call, resolver):
        if budget.calls <= 0:
            ctx.notice(f"{path}:{call.line}: module.{call.labels[0]} not followed: more than {MODULE_CALLS} module calls")
            return
        budget.calls -= 1
        files = hcl.module_directory(directory, ctx)
        inner = Resolver([m for _, m in files], bound={name: resolver.resolve(v, scope) for name, v in arguments.items()})
        where = f"{prefix}module.{call.labels[0]}{suffix}."
        for file, module in files:
            for block in module.resources(*ADAPTERS, *K8S):
                if _disabled_by_count(block, inner):
                    continue
                for finding in check_unit(Unit(file, block, inner, ctx.options, where), ctx):
                    yield finding, _reads(inner, block, finding.line)
            if depth < MODULE_DEPTH:
                for nested in module.blocks_of("module"):
                    for finding, used in _follow(file, nested, inner, ctx, where, depth + 1, budget,
                                                 (*chain, os.path.abspath(directory))):
                        reads: set[str] = set()
                        for name in used & set(nested.attributes):
                            reads |= inner.references(nested.attributes[name].value)
                        yield finding, reads


def _reads(resolver: Resolver, resource: Block, line: int) -> set[str]:
    """Variables read by the resource's own attributes and by its nested block at `line`."""
    reads = resolver.references([a.value for a in resource.attributes.values()])
    stack = list(resource.blocks)
    while stack:
        block = stack.pop()
        if block.line <= line <= (block.end_line or block.line):
            if block.line == line:
                return reads | resolver.references(block)
            stack.extend(block.blocks)
    return reads


def is_terraform(path: str) -> bool:
    return path.endswith(".tf")


def _compat(pattern: str, marker: str, block: bool = False) -> Compat:
    """An upstream pragma; `block` ones (checkov) also cover anywhere inside the resource."""
    return Compat(re.compile(pattern), "auto", marker=marker, block=block)


COMPAT = (
    _compat(r"checkov:skip=(?P<ids>[A-Za-z0-9_]+)", "checkov:skip", block=True),
    _compat(r"tfsec:ignore:(?P<ids>[A-Za-z0-9-]+)", "tfsec:ignore"),
    _compat(r"trivy:ignore:(?P<ids>[A-Za-z0-9-]+)", "trivy:ignore"),
)

HOOK = cli.Hook(name="sechooks-terraform", family="NET", check=check_file, matches=is_terraform, compat=COMPAT)


def main(argv: Sequence[str] | None = None) -> int:
    """Console entry point of `sechooks-terraform`."""
    return cli.run(HOOK, argv)


if __name__ == "__main__":
    raise SystemExit(main())
