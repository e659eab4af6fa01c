"""sechooks-terraform: security groups, firewalls and NSGs open to the world.

Each supported resource is turned into normalised network records by a
small adapter; one parameterised port-rule function, fed by a table of
(rule id, port set) rows, then decides which NET30x rules fire per record.
"""
from __future__ import annotations

import functools
import re
from sechooks.core.record import field, record
TYPE_CHECKING = False  # typing costs ~5 ms to import; annotations are strings
if TYPE_CHECKING:
    from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

from sechooks.core import cli
from sechooks.engines import hcl
from sechooks.core.finding import Finding, Severity
from sechooks.engines.hcl import UNKNOWN, Block, Resolver
from sechooks.core.suppress import Compat

ALL = "ALL"  # every port of the protocol
WORLD, SPECIFIC, UNSURE = "world", "specific", "unknown"
PORT_PROTOCOLS = frozenset({"tcp", "udp", "sctp"})
_PROTOCOL_NUMBERS = {"-1": "all", "all": "all", "*": "all", "6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6"}
_AZURE_WORLD = frozenset({"*", "internet", "any", "0.0.0.0", "0.0.0.0/0"})  # nosec B104 -- values we look for
_PREFILTER = re.compile(
    r"\b(?:aws_(?:default_)?security_group|aws_vpc_security_group_|aws_(?:default_)?network_acl|"
    r"aws_eks_cluster|google_compute_(?:region_)?(?:network_)?firewall|google_container_cluster|"
    r"azurerm_network_security_|azurerm_kubernetes_cluster)",
)


@record
class Record:
    """One normalised network rule."""

    resource: str
    name: str
    line: int
    direction: Any  # ingress | egress | UNKNOWN
    action: Any  # allow | deny | UNKNOWN
    protocol: Any  # lower-case name, "all", or UNKNOWN
    ports: Any  # list of (lo, hi), ALL, or UNKNOWN
    sources: list[tuple[str, str]]  # (WORLD | SPECIFIC | UNSURE, text)
    kind: str = "rule"  # "nacl" records only feed NET310
    unknown: list[str] = field(default_factory=list)

    @property
    def world(self) -> str:
        """WORLD when a source is, UNSURE when one might be, else SPECIFIC."""
        kinds = {k for k, _ in self.sources}
        return WORLD if WORLD in kinds else UNSURE if UNSURE in kinds else SPECIFIC

    def world_text(self) -> str:
        return next((t for k, t in self.sources if k == WORLD), "")


@record
class Unit:
    """A resource being checked: where it is and how to resolve its values."""

    path: str
    block: Block
    resolver: Resolver
    options: Mapping[str, Any]

    @property
    def address(self) -> str:
        return ".".join(self.block.labels)


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


# --- normalisation ----------------------------------------------------------

def protocol_of(value: Any) -> Any:
    if value is UNKNOWN or value is None:
        return value
    text = str(value).strip().lower()
    return _PROTOCOL_NUMBERS.get(text, text)


def _port(value: Any) -> Any:
    if value is UNKNOWN:
        return UNKNOWN
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return small_int(value)
    return None


def small_int(text: str) -> int | None:
    """An optionally signed run of at most 9 ASCII digits as an int, else None.

    `str.isdigit` accepts `²` and int() refuses 4,300+ digits: both raised before.
    """
    text = text.strip()
    digits = text[1:] if text[:1] == "-" else text
    if len(digits) > 9 or not digits.isascii() or not digits.isdigit():
        return None
    return int(text)


def _span(lo: int, hi: int) -> Any:
    if lo < 0 or hi < lo or hi > 65535:
        return None
    return ALL if lo <= 1 and hi == 65535 else [(lo, hi)]


_FROM_FIELDS = object()


def _ports_of_protocol(protocol: Any) -> Any:
    """What the protocol alone says about ports, or _FROM_FIELDS when the port fields decide."""
    if protocol is UNKNOWN:
        return UNKNOWN
    if protocol == "all":
        return ALL
    if protocol not in PORT_PROTOCOLS:
        return []  # ICMP and friends: no ports
    return _FROM_FIELDS


def aws_ports(protocol: Any, from_port: Any, to_port: Any) -> Any:
    """Ports of an AWS rule; None when the rule is invalid (skipped)."""
    implied = _ports_of_protocol(protocol)
    if implied is not _FROM_FIELDS:
        return implied
    lo, hi = _port(from_port), _port(to_port)
    if lo is UNKNOWN or hi is UNKNOWN:
        return UNKNOWN
    if lo is None or hi is None:
        return None
    return _span(lo, hi)


def port_specs(protocol: Any, specs: Sequence[tuple[Any, str]] | None, star: bool = False) -> Any:
    """Ports from GCP/Azure strings ("22", "1000-2000", "*"); none given means every port."""
    implied = _ports_of_protocol(protocol)
    if implied is not _FROM_FIELDS:
        return implied
    if not specs:
        return ALL
    ranges: list[tuple[int, int]] = []
    for value, _ in specs:
        if value is UNKNOWN:
            return UNKNOWN
        text = str(value).strip()
        if star and text == "*":
            return ALL
        lo, sep, hi = text.partition("-")
        low, high = small_int(lo), small_int(hi or lo)
        span = _span(low, high) if low is not None and high is not None else None
        if span is None:
            continue
        if span == ALL:
            return ALL
        ranges.extend(span)
    return ranges


@functools.lru_cache(maxsize=1024)
def classify_cidr(text: str, broad: bool = False) -> str:
    """WORLD for a /0 network (or shorter than /8 with `broad`), else SPECIFIC."""
    import ipaddress

    try:
        net = ipaddress.ip_network(text.strip(), strict=False)
    except ValueError:
        return SPECIFIC
    if net.prefixlen == 0 or (broad and net.version == 4 and net.prefixlen < 8):
        return WORLD
    return SPECIFIC


def cidr_sources(items: Iterable[tuple[Any, str]], broad: bool, azure: bool = False) -> list[tuple[str, str]]:
    out = []
    for value, text in items:
        if value is UNKNOWN:
            out.append((UNSURE, text))
        elif isinstance(value, str) and value.strip():
            world = azure and value.strip().lower() in _AZURE_WORLD
            out.append((WORLD if world else classify_cidr(value, broad), value))
    return out


def _direction(value: Any, ingress: Sequence[str]) -> Any:
    if value is UNKNOWN:
        return UNKNOWN
    return "ingress" if str(value).strip().lower() in ingress else "egress"


# --- adapters ---------------------------------------------------------------

def _opaque(unit: Unit, f: Fields, direction: Any, kind: str = "rule") -> Record:
    """A rule entry whose whole value is unknown (`ingress = var.rules`)."""
    return Record(unit.block.labels[0], unit.block.labels[1], f.line, direction, UNKNOWN, UNKNOWN, UNKNOWN,
                  [(UNSURE, f.unknown[0])], kind=kind, unknown=f.unknown)


def _aws_record(unit: Unit, f: Fields, direction: Any, extra_specific: Sequence[str]) -> Record | None:
    if not f.raw and f.unknown:
        return _opaque(unit, f, direction)
    broad = bool(unit.options.get("broad_prefix"))
    protocol = protocol_of(f.get("protocol"))
    ports = aws_ports(protocol, f.get("from_port"), f.get("to_port"))
    if ports is None:
        return None
    sources = cidr_sources(f.items("cidr_blocks") + f.items("ipv6_cidr_blocks"), broad)
    for name in ("prefix_list_ids", "security_groups", *extra_specific):
        sources += [(SPECIFIC, name) for v, _ in f.items(name) if v]
    if f.get("self") is True:
        sources.append((SPECIFIC, "self"))
    return Record(unit.block.labels[0], unit.block.labels[1], f.line, direction, "allow", protocol, ports,
                  sources, unknown=f.unknown)


def aws_security_group(unit: Unit) -> Iterator[Record]:
    top = Fields.of(unit.block, unit.resolver)
    for direction in ("ingress", "egress"):
        for entry in top.entries(direction):
            record = _aws_record(unit, entry, direction, ())
            if record is not None:
                yield record


def aws_security_group_rule(unit: Unit) -> Iterator[Record]:
    f = Fields.of(unit.block, unit.resolver)
    record = _aws_record(unit, f, _direction(f.get("type"), ("ingress",)), ("source_security_group_id",))
    if record is not None:
        yield record


def aws_vpc_rule(unit: Unit) -> Iterator[Record]:
    f = Fields.of(unit.block, unit.resolver)
    broad = bool(unit.options.get("broad_prefix"))
    protocol = protocol_of(f.get("ip_protocol"))
    ports = aws_ports(protocol, f.get("from_port"), f.get("to_port"))
    if ports is None:
        return
    sources = cidr_sources(f.items("cidr_ipv4") + f.items("cidr_ipv6"), broad)
    sources += [(SPECIFIC, n) for n in ("prefix_list_id", "referenced_security_group_id") if f.has(n)]
    direction = "ingress" if unit.block.labels[0].endswith("ingress_rule") else "egress"
    yield Record(unit.block.labels[0], unit.block.labels[1], unit.block.line, direction, "allow",
                 protocol, ports, sources, unknown=f.unknown)


def _nacl_record(unit: Unit, f: Fields, direction: Any, action: Any) -> Record | None:
    if not f.raw and f.unknown:
        return _opaque(unit, f, direction, "nacl")
    broad = bool(unit.options.get("broad_prefix"))
    protocol = protocol_of(f.get("protocol"))
    ports = aws_ports(protocol, f.get("from_port"), f.get("to_port"))
    if ports is None:
        return None
    action = action if action is UNKNOWN else str(action).strip().lower()
    sources = cidr_sources(f.items("cidr_block") + f.items("ipv6_cidr_block"), broad)
    return Record(unit.block.labels[0], unit.block.labels[1], f.line, direction, action, protocol, ports,
                  sources, kind="nacl", unknown=f.unknown)


def aws_network_acl(unit: Unit) -> Iterator[Record]:
    top = Fields.of(unit.block, unit.resolver)
    for direction in ("ingress", "egress"):
        for entry in top.entries(direction):
            record = _nacl_record(unit, entry, direction, entry.get("action") if entry.raw else UNKNOWN)
            if record is not None:
                yield record


def aws_network_acl_rule(unit: Unit) -> Iterator[Record]:
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
        return True, cidr_sources(items, broad)
    present = [(v, t) for v, t in items if isinstance(v, str) and v.strip()]
    return bool(present), cidr_sources(present, broad)


def google_compute_firewall(unit: Unit) -> Iterator[Record]:
    f = Fields.of(unit.block, unit.resolver)
    if f.get("disabled", False) is True:
        return
    broad = bool(unit.options.get("broad_prefix"))
    direction = _direction(f.get("direction", "INGRESS"), ("ingress",))
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
            yield Record(unit.block.labels[0], unit.block.labels[1], entry.line, direction, action,
                         protocol, ports, list(sources), unknown=f.unknown + entry.unknown)


def google_firewall_policy_rule(unit: Unit) -> Iterator[Record]:
    f = Fields.of(unit.block, unit.resolver)
    action = f.get("action")
    if f.get("disabled", False) is True or (action is not UNKNOWN and str(action).lower() != "allow"):
        return
    broad = bool(unit.options.get("broad_prefix"))
    direction = _direction(f.get("direction", "INGRESS"), ("ingress",))
    for match in f.entries("match"):
        wanted = "dest_ip_ranges" if direction == "egress" else "src_ip_ranges"
        sources = cidr_sources(match.items(wanted), broad)
        for l4 in match.entries("layer4_configs"):
            protocol = protocol_of(l4.get("ip_protocol"))
            yield Record(unit.block.labels[0], unit.block.labels[1], l4.line, direction, "allow", protocol,
                         port_specs(protocol, l4.items("ports")), sources,
                         unknown=f.unknown + match.unknown + l4.unknown)


def _azure_record(unit: Unit, f: Fields) -> Record:
    if not f.raw and f.unknown:
        return _opaque(unit, f, UNKNOWN)
    broad = bool(unit.options.get("broad_prefix"))
    direction = _direction(f.get("direction"), ("inbound",))
    access = f.get("access")
    action = access if access is UNKNOWN else "allow" if str(access).lower() == "allow" else "deny"
    side = "source" if direction != "egress" else "destination"
    prefixes = f.items(f"{side}_address_prefix") + f.items(f"{side}_address_prefixes")
    sources = cidr_sources(prefixes, broad, azure=True)
    sources += [(SPECIFIC, t) for v, t in f.items(f"{side}_application_security_group_ids") if v]
    protocol = protocol_of(f.get("protocol"))
    specs = f.items("destination_port_range") + f.items("destination_port_ranges")
    return Record(unit.block.labels[0], unit.block.labels[1], f.line, direction, action, protocol,
                  port_specs(protocol, specs, star=True), sources, unknown=f.unknown)


def azurerm_network_security_rule(unit: Unit) -> Iterator[Record]:
    yield _azure_record(unit, Fields.of(unit.block, unit.resolver))


def azurerm_network_security_group(unit: Unit) -> Iterator[Record]:
    for entry in Fields.of(unit.block, unit.resolver).entries("security_rule"):
        yield _azure_record(unit, entry)


ADAPTERS: dict[str, Callable[[Unit], Iterator[Record]]] = {
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

@record(frozen=True)
class PortRule:
    rule: str
    ports: str  # option holding the port set
    protocols: frozenset[str]
    what: str


PORT_RULES = (
    PortRule("NET301", "ssh", frozenset({"tcp", "all"}), "SSH/admin port"),
    PortRule("NET302", "rdp", frozenset({"tcp", "all"}), "RDP port"),
    PortRule("NET304", "data_ports", frozenset({"tcp", "udp", "sctp", "all"}), "data-store port"),
    PortRule("NET305", "legacy_ports", frozenset({"tcp", "udp", "sctp", "all"}), "legacy/management port"),
)
NACL_PORTS = (20, 21, 22, 3389)


@record(frozen=True)
class PortSets:
    sets: Mapping[str, tuple[int, ...]]
    public: frozenset[int]
    max_range: int

    @classmethod
    def from_options(cls, options: Mapping[str, Any]) -> PortSets:
        admin = _expand_ports(options.get("admin_ports", ()))
        return cls(
            {"ssh": tuple(p for p in admin if p != 3389), "rdp": tuple(p for p in admin if p == 3389),
             "admin": admin, "data_ports": _expand_ports(options.get("data_ports", ())),
             "legacy_ports": _expand_ports(options.get("legacy_ports", ()))},
            frozenset(_expand_ports(options.get("public_ports", ()))),
            int(options.get("max_range", 100)),
        )


def _expand_ports(items: Iterable[Any]) -> tuple[int, ...]:
    out: set[int] = set()
    for item in items:
        lo, _, hi = str(item).strip().partition("-")
        low, high = small_int(lo), small_int(hi)
        if low is not None and 0 <= low <= 65535:
            out.update(range(low, min(high if high is not None else low, 65535) + 1))
    return tuple(sorted(out))


def _covered(ports: Sequence[int], ranges: Any) -> list[int]:
    if ranges == ALL:
        return list(ports)
    return [p for p in ports if any(lo <= p <= hi for lo, hi in ranges)]


def _names(ports: Sequence[int], limit: int = 40) -> str:
    shown = ", ".join(map(str, ports[:limit]))
    return shown + (f" and {len(ports) - limit} more" if len(ports) > limit else "")


def _spans(ranges: Any, protocol: str) -> str:
    if ranges == ALL:
        return f"all {protocol} ports" if protocol != "all" else "all traffic"
    return ", ".join(f"{lo}" if lo == hi else f"{lo}-{hi}" for lo, hi in ranges) + f"/{protocol}"


Fired = dict[str, tuple[str, str]]  # rule id -> (what is open, detail)


def port_rules(record: Record, sets: PortSets) -> Fired:
    """The port rules an ingress allow record fires if open to the world, de-duplicated (see docs/terraform.md)."""
    protocol, ranges = record.protocol, record.ports
    if protocol not in PORT_PROTOCOLS | {"all"}:
        return {}
    if protocol == "all" or ranges == ALL:
        sensitive = list(sets.sets["admin"]) + list(sets.sets["data_ports"])
        return {"NET303": (_spans(ALL, protocol), f"includes {_names(sensitive)}")}
    fired: Fired = {}
    for row in PORT_RULES:
        covered = _covered(sets.sets[row.ports], ranges)
        if covered and protocol in row.protocols:
            single = len(ranges) == 1 and ranges[0][0] == ranges[0][1]
            fired[row.rule] = (f"{row.what} {_names(covered)}/{protocol}", "" if single else f"rule allows {_spans(ranges, protocol)}")
    wide = [(lo, hi) for lo, hi in ranges if hi - lo + 1 > sets.max_range]
    if wide:
        for rule in ("NET304", "NET305"):
            fired.pop(rule, None)
        sensitive = sorted(set(_covered(sets.sets["admin"] + sets.sets["data_ports"] + sets.sets["legacy_ports"], wide)))
        fired["NET307"] = (f"port range {_spans(wide, protocol)}", f"includes {_names(sensitive)}" if sensitive else "")
    if not fired and any(hi - lo + 1 > sum(lo <= p <= hi for p in sets.public) for lo, hi in ranges):
        fired["NET306"] = (f"port {_spans(ranges, protocol)}", "")
    return fired


def egress_rules(record: Record) -> Fired:
    if record.protocol == "all" or record.ports == ALL:
        return {"NET308": (f"egress on {_spans(ALL, str(record.protocol))}", "")}
    return {}


def nacl_rules(record: Record) -> Fired:
    if record.protocol == "all":
        return {"NET310": ("network ACL ingress of all traffic", "")}
    if record.protocol in ("tcp", "udp") and record.ports is not UNKNOWN:
        covered = _covered(NACL_PORTS, record.ports)
        if covered:
            return {"NET310": (f"network ACL ingress on {_names(covered)}/{record.protocol}",
                               f"entry allows {_spans(record.ports, record.protocol)}")}
    return {}


def record_rules(record: Record, sets: PortSets) -> tuple[Fired, str | None]:
    """(fired rules, unknown expression or None) for one record.

    With an unknown part, the result names the rules it *could* fire and the expression.
    """
    if record.action == "deny" or record.world == SPECIFIC:
        return {}, None
    evaluate: Callable[[Record], Fired]
    unsure = record.world == UNSURE or UNKNOWN in (record.action, record.direction, record.protocol, record.ports)
    if record.kind == "nacl":
        if record.direction == "egress":
            return {}, None
        fallback, evaluate = "NET310", nacl_rules
    elif record.direction == "egress":
        fallback, evaluate = "NET308", egress_rules
    else:
        fallback, evaluate = "NET306", lambda r: port_rules(r, sets)
    if record.protocol is UNKNOWN or record.ports is UNKNOWN:
        fired = {fallback: ("traffic", "")}
    else:
        fired = evaluate(record)
    if not unsure:
        return fired, None
    expression = next((t for k, t in record.sources if k == UNSURE), None) or (record.unknown or ["a value"])[0]
    return fired, quoted(expression)


def quoted(text: str) -> str:
    """An expression from the file fit for a message or notice: it may hold a secret."""
    return hcl.shown(text)


def check_records(unit: Unit, ctx: cli.Context, sets: PortSets) -> Iterator[Finding]:
    adapter = ADAPTERS.get(unit.block.labels[0])
    if adapter is None:
        return
    warn = ctx.options.get("unknown") == "warn"
    for record in adapter(unit):
        fired, expression = record_rules(record, sets)
        for rule, (what, detail) in fired.items():
            if rule not in ctx.enabled:
                continue
            if expression is None:
                message = f"{what} open to the world via {record.world_text()} in {unit.address}"
                yield _finding(unit, rule, record.line, message + (f" ({detail})" if detail else ""), record)
            elif warn:
                text = f"{unit.address} may expose traffic: `{expression}` could not be resolved (value unknown)"
                yield _finding(unit, rule, record.line, text, record, Severity.LOW, expression)
            else:
                ctx.notice(f"{unit.path}:{record.line}: {rule} not evaluated for {unit.address}: `{expression}` could not be resolved")


def _finding(unit: Unit, rule: str, line: int, message: str, record: Record | None = None,
             severity: Severity | None = None, unknown: str | None = None) -> Finding:
    evidence = f"{unit.address} {rule}"
    if record is not None:
        ports = record.ports if record.ports in (ALL, UNKNOWN) else _spans(record.ports, str(record.protocol))
        evidence += f" {record.direction} {record.protocol} {ports} {sorted(t for _, t in record.sources)}"
    extra: dict[str, str | int] = {"block_start": unit.block.line, "block_end": unit.block.end_line or unit.block.line,
                                   "resource": unit.address}
    if unknown is not None:
        extra["unknown"] = unknown
    return Finding(rule, unit.path, line, message=message, severity=severity, evidence=evidence, extra=extra)


def check_default_sg(unit: Unit, ctx: cli.Context) -> Iterator[Finding]:
    """NET309: aws_default_security_group declaring any ingress/egress rule."""
    if unit.block.labels[0] != "aws_default_security_group":
        return
    block = unit.block
    declared = bool(block.blocks_of("ingress", "egress") or block.dynamic("ingress") or block.dynamic("egress"))
    for name in ("ingress", "egress"):
        value = unit.resolver.resolve(block.get(name)) if block.has(name) else []
        declared = declared or value is UNKNOWN or bool(value)
    if declared:
        yield _finding(unit, "NET309", block.line, f"{unit.address} declares rules on the VPC default security group")


def check_k8s_api(unit: Unit, ctx: cli.Context) -> Iterator[Finding]:
    """NET311: EKS/GKE/AKS API endpoints open to the world."""
    kind = unit.block.labels[0]
    top = Fields.of(unit.block, unit.resolver)
    broad = bool(unit.options.get("broad_prefix"))
    hits: list[tuple[int, list[tuple[str, str]], str]] = []
    if kind == "aws_eks_cluster":
        for vpc in top.entries("vpc_config"):
            public = vpc.get("endpoint_public_access", True)
            if public is False or public == "false":
                continue
            if public is UNKNOWN:
                hits.append((vpc.line, [(UNSURE, vpc.unknown[-1])], "public endpoint"))
            elif not vpc.has("public_access_cidrs"):
                hits.append((vpc.line, [(WORLD, "public_access_cidrs unset (defaults to 0.0.0.0/0)")], "public endpoint"))
            else:
                hits.append((vpc.line_of("public_access_cidrs"), cidr_sources(vpc.items("public_access_cidrs"), broad), "public endpoint"))
    elif kind == "google_container_cluster":
        for config in top.entries("master_authorized_networks_config"):
            for cidr in config.entries("cidr_blocks"):
                hits.append((cidr.line, cidr_sources(cidr.items("cidr_block"), broad), "master authorized network"))
    elif kind == "azurerm_kubernetes_cluster":
        for profile in top.entries("api_server_access_profile"):
            hits.append((profile.line_of("authorized_ip_ranges"), cidr_sources(profile.items("authorized_ip_ranges"), broad), "authorized IP range"))
        if top.has("api_server_authorized_ip_ranges"):
            hits.append((top.line_of("api_server_authorized_ip_ranges"), cidr_sources(top.items("api_server_authorized_ip_ranges"), broad), "authorized IP range"))
    for line, sources, what in hits:
        world = next((t for k, t in sources if k == WORLD), None)
        unsure = next((quoted(t) for k, t in sources if k == UNSURE), None)
        if world is not None:
            yield _finding(unit, "NET311", line, f"Kubernetes API of {unit.address} open to the world ({what}: {world})")
        elif unsure is not None and ctx.options.get("unknown") == "warn":
            yield _finding(unit, "NET311", line, f"Kubernetes API of {unit.address} may be open: `{unsure}` could not be resolved (value unknown)", None, Severity.LOW, unsure)
        elif unsure is not None:
            ctx.notice(f"{unit.path}:{line}: NET311 not evaluated for {unit.address}: `{unsure}` could not be resolved")


CHECKS: dict[str, Callable[[Unit, cli.Context], Iterator[Finding]]] = {
    "NET309": check_default_sg,
    "NET311": check_k8s_api,
}
K8S = ("aws_eks_cluster", "google_container_cluster", "azurerm_kubernetes_cluster")
# rule id -> the function that decides it (the catalogue test checks it covers the family)
IMPLEMENTED_BY: dict[str, Callable[..., Any]] = {
    **{row.rule: port_rules for row in PORT_RULES},
    **{rule: port_rules for rule in ("NET303", "NET306", "NET307")},
    "NET308": egress_rules,
    "NET310": nacl_rules,
    **CHECKS,
}


def _disabled_by_count(block: Block, resolver: Resolver) -> bool:
    """`count = 0` or an empty `for_each` (resolved): the resource is never created."""
    if block.has("count"):
        count = resolver.resolve(block.get("count"))
        if _port(count) == 0:
            return True
    if block.has("for_each"):
        each = resolver.resolve(block.get("for_each"))
        if isinstance(each, (list, dict)) and not each:
            return True
    return False


def check_file(path: str, text: str, ctx: cli.Context) -> Iterator[Finding]:
    """All NET findings for one `.tf` file."""
    if not _PREFILTER.search(text):
        return
    try:
        module, resolver = hcl.parse_in_module(path, text, ctx)
    except hcl.HclError as e:
        yield ctx.unparseable(path, e.line, f"cannot parse HCL: {e.message}")
        return
    sets = PortSets.from_options(ctx.options)
    for block in module.resources(*ADAPTERS, *K8S):
        if _disabled_by_count(block, resolver):
            continue
        unit = Unit(path, block, resolver, ctx.options)
        yield from check_records(unit, ctx, sets)
        for rule, check in CHECKS.items():
            if rule in ctx.enabled:
                yield from check(unit, ctx)
    if resolver.bounded:  # unknown would pass silently: an expansion bomb must not hide the rest
        yield ctx.unparseable(path, resolver.bounded_line, f"value expansion stopped ({resolver.bounded}): values past the limit were not evaluated")


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
