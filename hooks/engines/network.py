"""Network exposure: port classes, "the world" as a source, and which NET3nn rules fire.

Format-independent: a hook reads its own format (Terraform HCL, CloudFormation, compose),
normalises each rule that admits traffic into a `NetRule`, and this module decides. So
the same open security group is the same finding (rule id, message, severity) whatever
file declared it. Values the caller could not resolve are `UNKNOWN` (one object, also
`sechooks.engines.hcl.UNKNOWN`): a rule resting on one is a notice, or a low finding
with `unknown = "warn"` (`findings`). Nothing here parses a file or imports a parser.
"""
from __future__ import annotations

import functools
import re
from sechooks.core.finding import Finding, Severity
from sechooks.core.record import field, record
TYPE_CHECKING = False  # typing costs ~5 ms to import; annotations are strings
if TYPE_CHECKING:
    from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

    from sechooks.core.cli import Context

    Source = tuple[str, str]  # (WORLD | SPECIFIC | UNSURE, text as written)
    Fired = dict[str, tuple[str, str]]  # rule id -> (what is open, detail)


class _Unknown:
    _instance: _Unknown | None = None

    def __new__(cls) -> _Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __reduce__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Any = _Unknown()
"""A value the caller cannot know (a variable, a module output, a `!Ref` to a parameter ...)."""

ALL = "ALL"  # every port of the protocol
WORLD, SPECIFIC, UNSURE = "world", "specific", "unknown"
PORT_PROTOCOLS = frozenset({"tcp", "udp", "sctp"})
_PROTOCOL_NUMBERS = {"-1": "all", "all": "all", "*": "all", "6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6"}
# Azure service tags and wildcards meaning "any address" (compared lower-cased)
_AZURE_WORLD = frozenset({"*", "internet", "any", "0.0.0.0", "0.0.0.0/0"})  # nosec B104 -- values we look for
DOCKER_API_PORTS = (2375, 2376)


# --- values: ports, protocols, sources ----------------------------------------

def small_int(text: str) -> int | None:
    """An optionally signed run of at most 9 ASCII digits as an int, else None.

    `str.isdigit` accepts `²` and int() refuses 4,300+ digits: both raised before.
    """
    text = text.strip()
    digits = text[1:] if text[:1] == "-" else text
    if len(digits) > 9 or not digits.isascii() or not digits.isdigit():
        return None
    return int(text)


def port_number(value: Any) -> Any:
    """A port (or count) value as an int; UNKNOWN stays UNKNOWN; None when it is not a number."""
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


def protocol_of(value: Any) -> Any:
    """A protocol as a lower-case name: "tcp", "udp", "icmp", "all" (`-1`, `*`, `all`) ...;
    UNKNOWN and None are returned as given."""
    if value is UNKNOWN or value is None:
        return value
    text = str(value).strip().lower()
    return _PROTOCOL_NUMBERS.get(text, text)


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


def port_range(protocol: Any, from_port: Any, to_port: Any) -> Any:
    """Ports of a from/to rule (AWS security groups, NACLs, CloudFormation): a list of
    (lo, hi), ALL, UNKNOWN, or None when the rule is invalid (callers skip it)."""
    implied = _ports_of_protocol(protocol)
    if implied is not _FROM_FIELDS:
        return implied
    lo, hi = port_number(from_port), port_number(to_port)
    if lo is UNKNOWN or hi is UNKNOWN:
        return UNKNOWN
    if lo is None or hi is None:
        return None
    return _span(lo, hi)


def port_specs(protocol: Any, specs: Sequence[tuple[Any, str]] | None, star: bool = False) -> Any:
    """Ports from (value, text) pairs of strings ("22", "1000-2000", with `star` "*"); none
    given means every port (a GCP allow block without `ports`). UNKNOWN if any value is."""
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


_ANY_NETWORK_0 = re.compile(r"[0-9a-fA-F.:]*/0")  # "/0", "0/0", "10.0.0.0/0", "2001:db8::/0"


def is_world(text: str, broad: bool = False, azure: bool = False) -> bool:
    """Whether one source text means the whole internet: any network of prefix length 0
    (`0.0.0.0/0`, `::/0`, `10.0.0.0/0`, even a bare `/0`); with `broad`, IPv4 prefixes
    shorter than /8; with `azure`, also `*`, `Internet`, `Any` and `0.0.0.0` (any case)."""
    text = text.strip()
    if azure and text.lower() in _AZURE_WORLD:
        return True
    return bool(_ANY_NETWORK_0.fullmatch(text)) or classify_cidr(text, broad) == WORLD


def sources(items: Iterable[tuple[Any, str]], broad: bool = False, azure: bool = False) -> list[Source]:
    """Classified sources from (value, text) pairs: UNKNOWN values become UNSURE (the text
    names the expression), blank values are dropped."""
    out = []
    for value, text in items:
        if value is UNKNOWN:
            out.append((UNSURE, text))
        elif isinstance(value, str) and value.strip():
            out.append((WORLD if is_world(value, broad, azure) else SPECIFIC, value))
    return out


def direction_of(value: Any, ingress: Sequence[str] = ("ingress",)) -> Any:
    """"ingress" when the lower-cased value is one of `ingress`, else "egress"; UNKNOWN stays."""
    if value is UNKNOWN:
        return UNKNOWN
    return "ingress" if str(value).strip().lower() in ingress else "egress"


@record
class NetRule:
    """One normalised rule that admits (or denies) traffic."""

    resource: str  # label in messages: "aws_security_group.web", "AWS::EC2::SecurityGroup WebSG"
    line: int
    direction: Any  # "ingress" | "egress" | UNKNOWN
    action: Any  # "allow" | "deny" | UNKNOWN
    protocol: Any  # protocol_of(...): "tcp", "all", ... or UNKNOWN
    ports: Any  # list of (lo, hi), ALL, or UNKNOWN (port_range / port_specs)
    sources: list[Source]  # sources(...): (WORLD | SPECIFIC | UNSURE, text)
    kind: str = "rule"  # "nacl" records only feed NET310
    unknown: list[str] = field(default_factory=list)  # expressions (as written) that did not resolve
    col: int = 1

    @property
    def world(self) -> str:
        """WORLD when a source is, UNSURE when one might be, else SPECIFIC."""
        kinds = {k for k, _ in self.sources}
        return WORLD if WORLD in kinds else UNSURE if UNSURE in kinds else SPECIFIC

    def world_text(self) -> str:
        return next((t for k, t in self.sources if k == WORLD), "")


def opaque(resource: str, line: int, expression: str, direction: Any = UNKNOWN, kind: str = "rule") -> NetRule:
    """A rule entry whose whole value is unknown (`ingress = var.rules`, `!Ref Rules`)."""
    return NetRule(resource, line, direction, UNKNOWN, UNKNOWN, UNKNOWN, [(UNSURE, expression)],
                   kind=kind, unknown=[expression])


# --- port classes --------------------------------------------------------------

@record(frozen=True)
class PortSets:
    """The port options, expanded: `sets` by name (ssh, rdp, admin, data_ports, legacy_ports)."""

    sets: Mapping[str, tuple[int, ...]]
    public: frozenset[int]
    max_range: int

    @classmethod
    def from_options(cls, options: Mapping[str, Any]) -> PortSets:
        """From the NET options (`ctx.options_of("NET")`); a missing option takes its default."""
        names = ("admin_ports", "data_ports", "legacy_ports", "public_ports")
        if any(name not in options for name in (*names, "max_range")):
            from sechooks.rules import net

            defaults = {name: option.default for name, option in net.OPTIONS.items()}
            options = {**defaults, **options}
        return _port_sets(*(tuple(options[name]) for name in names), int(options["max_range"]))


@functools.lru_cache(maxsize=32)
def _port_sets(admin_ports: tuple[Any, ...], data_ports: tuple[Any, ...], legacy_ports: tuple[Any, ...],
               public_ports: tuple[Any, ...], max_range: int) -> PortSets:
    admin = _expand_ports(admin_ports)
    return PortSets(
        {"ssh": tuple(p for p in admin if p != 3389), "rdp": tuple(p for p in admin if p == 3389),
         "admin": admin, "data_ports": _expand_ports(data_ports), "legacy_ports": _expand_ports(legacy_ports)},
        frozenset(_expand_ports(public_ports)),
        max_range,
    )


def _expand_ports(items: Iterable[Any]) -> tuple[int, ...]:
    out: set[int] = set()
    for item in items:
        lo, _, hi = str(item).strip().partition("-")
        low, high = small_int(lo), small_int(hi)
        if low is not None and 0 <= low <= 65535:
            out.update(range(low, min(high if high is not None else low, 65535) + 1))
    return tuple(sorted(out))


def port_class(port: int, options: Mapping[str, Any]) -> str | None:
    """The class of one port under the NET options: "admin" (admin_ports: SSH, RDP),
    "data" (data_ports), "docker-api" (2375/2376 while listed in legacy_ports), "legacy"
    (legacy_ports), "public" (public_ports), or None."""
    sets = PortSets.from_options(options)
    if port in sets.sets["admin"]:
        return "admin"
    if port in sets.sets["data_ports"]:
        return "data"
    if port in sets.sets["legacy_ports"]:
        return "docker-api" if port in DOCKER_API_PORTS else "legacy"
    if port in sets.public:
        return "public"
    return None


# --- which rules fire ------------------------------------------------------------

@record(frozen=True)
class PortRule:
    rule: str
    ports: str  # PortSets.sets key
    protocols: frozenset[str]
    what: str


PORT_RULES = (
    PortRule("NET301", "ssh", frozenset({"tcp", "all"}), "SSH/admin port"),
    PortRule("NET302", "rdp", frozenset({"tcp", "all"}), "RDP port"),
    PortRule("NET304", "data_ports", frozenset({"tcp", "udp", "sctp", "all"}), "data-store port"),
    PortRule("NET305", "legacy_ports", frozenset({"tcp", "udp", "sctp", "all"}), "legacy/management port"),
)
NACL_PORTS = (20, 21, 22, 3389)


def _covered(ports: Sequence[int], ranges: Any) -> list[int]:
    if ranges == ALL:
        return list(ports)
    return [p for p in ports if any(lo <= p <= hi for lo, hi in ranges)]


def _names(ports: Sequence[int], limit: int = 40) -> str:
    shown = ", ".join(map(str, ports[:limit]))
    return shown + (f" and {len(ports) - limit} more" if len(ports) > limit else "")


def spans(ranges: Any, protocol: str) -> str:
    """Ports as text: "22/tcp", "1000-2000/udp", "3389/any" (every protocol, Azure `*`),
    "all tcp ports", "all traffic"."""
    if ranges == ALL:
        return f"all {protocol} ports" if protocol != "all" else "all traffic"
    return ", ".join(f"{lo}" if lo == hi else f"{lo}-{hi}" for lo, hi in ranges) + f"/{_shown_protocol(protocol)}"


def _shown_protocol(protocol: str) -> str:
    return "any" if protocol == "all" else protocol


def port_rules(rule: NetRule, sets: PortSets) -> Fired:
    """The port rules an ingress allow rule fires if open to the world, de-duplicated (see docs/terraform.md)."""
    protocol, ranges = rule.protocol, rule.ports
    if protocol not in PORT_PROTOCOLS | {"all"}:
        return {}
    if ranges == ALL:  # every port; all protocols on some ports (Azure "*" + "3389") is judged by its ports
        sensitive = list(sets.sets["admin"]) + list(sets.sets["data_ports"])
        return {"NET303": (spans(ALL, protocol), f"includes {_names(sensitive)}")}
    fired: Fired = {}
    for row in PORT_RULES:
        covered = _covered(sets.sets[row.ports], ranges)
        if covered and protocol in row.protocols:
            single = len(ranges) == 1 and ranges[0][0] == ranges[0][1]
            fired[row.rule] = (f"{row.what} {_names(covered)}/{_shown_protocol(protocol)}",
                               "" if single else f"rule allows {spans(ranges, protocol)}")
    wide = [(lo, hi) for lo, hi in ranges if hi - lo + 1 > sets.max_range]
    if wide:
        for rule_id in ("NET304", "NET305"):
            fired.pop(rule_id, None)
        sensitive = sorted(set(_covered(sets.sets["admin"] + sets.sets["data_ports"] + sets.sets["legacy_ports"], wide)))
        fired["NET307"] = (f"port range {spans(wide, protocol)}", f"includes {_names(sensitive)}" if sensitive else "")
    if not fired and any(hi - lo + 1 > sum(lo <= p <= hi for p in sets.public) for lo, hi in ranges):
        fired["NET306"] = (f"port {spans(ranges, protocol)}", "")
    return fired


def egress_rules(rule: NetRule) -> Fired:
    if rule.ports == ALL:
        return {"NET308": (f"egress on {spans(ALL, str(rule.protocol))}", "")}
    return {}


def nacl_rules(rule: NetRule) -> Fired:
    if rule.protocol == "all" and rule.ports == ALL:
        return {"NET310": ("network ACL ingress of all traffic", "")}
    if rule.protocol in ("tcp", "udp", "all") and rule.ports is not UNKNOWN:
        covered = _covered(NACL_PORTS, rule.ports)
        if covered:
            return {"NET310": (f"network ACL ingress on {_names(covered)}/{_shown_protocol(rule.protocol)}",
                               f"entry allows {spans(rule.ports, rule.protocol)}")}
    return {}


def fired_rules(rule: NetRule, sets: PortSets) -> tuple[Fired, str | None]:
    """(fired rules, unknown expression as written, or None) for one rule.

    With an unknown part, the result names the rules it *could* fire and the expression.
    """
    if rule.action == "deny" or rule.world == SPECIFIC:
        return {}, None
    evaluate: Callable[[NetRule], Fired]
    unsure = rule.world == UNSURE or UNKNOWN in (rule.action, rule.direction, rule.protocol, rule.ports)
    if rule.kind == "nacl":
        if rule.direction == "egress":
            return {}, None
        fallback, evaluate = "NET310", nacl_rules
    elif rule.direction == "egress":
        fallback, evaluate = "NET308", egress_rules
    else:
        fallback, evaluate = "NET306", lambda r: port_rules(r, sets)
    if rule.protocol is UNKNOWN or rule.ports is UNKNOWN:
        fired = {fallback: ("traffic", "")}
    else:
        fired = evaluate(rule)
    if not unsure:
        return fired, None
    return fired, next((t for k, t in rule.sources if k == UNSURE), None) or (rule.unknown or ["a value"])[0]


_REFERENCE = re.compile(r"[a-z_][a-z0-9_-]*(?:\.[a-z_][a-z0-9_-]*|\[[0-9]{1,9}\])*")


def shown(text: str, limit: int = 60) -> str:
    """An expression from a file fit to quote in a message or notice: secret-shaped parts
    masked, control characters escaped, length bounded. A plain reference such as
    `module.net.admin_cidr` is judged a name at a time (whole, it looks like a token)."""
    from sechooks.engines.secrets import redact

    if len(text) <= limit and _REFERENCE.fullmatch(text):
        return ".".join(redact(part, limit) for part in text.split("."))
    return redact(text, limit)


@record(frozen=True)
class Verdict:
    """One rule fired (or, with `unknown`, one that could fire) at one place."""

    rule: str
    resource: str
    line: int
    message: str  # one sentence; quoted text already masked
    unknown: str | None = None  # the unresolved expression, masked (`shown`)
    evidence: str = ""  # normalised text for the baseline fingerprint (hashed, never shown)
    col: int = 1


def judge(rule: NetRule, options: Mapping[str, Any]) -> list[Verdict]:
    """The NET301-NET308/NET310 verdicts for one rule under the NET options."""
    fired, expression = fired_rules(rule, PortSets.from_options(options))
    if not fired:
        return []
    ports = rule.ports if rule.ports in (ALL, UNKNOWN) else spans(rule.ports, str(rule.protocol))
    evidence = f" {rule.direction} {rule.protocol} {ports} {sorted(t for _, t in rule.sources)}"
    unknown = None if expression is None else shown(expression)
    out = []
    for rule_id, (what, detail) in fired.items():
        if unknown is None:
            message = f"{what} open to the world via {rule.world_text()} in {rule.resource}"
            message += f" ({detail})" if detail else ""
        else:
            message = f"{rule.resource} may expose traffic: `{unknown}` could not be resolved (value unknown)"
        out.append(Verdict(rule_id, rule.resource, rule.line, message, unknown,
                           f"{rule.resource} {rule_id}{evidence}", rule.col))
    return out


def k8s_api(resource: str, line: int, found: Sequence[Source], what: str) -> Verdict | None:
    """NET311 for a managed Kubernetes API endpoint reachable from `found` (`what` names
    the setting: "public endpoint", "authorized IP range" ...)."""
    world = next((t for k, t in found if k == WORLD), None)
    if world is not None:
        return Verdict("NET311", resource, line, f"Kubernetes API of {resource} open to the world ({what}: {world})",
                       evidence=f"{resource} NET311")
    unsure = next((shown(t) for k, t in found if k == UNSURE), None)
    if unsure is not None:
        return Verdict("NET311", resource, line,
                       f"Kubernetes API of {resource} may be open: `{unsure}` could not be resolved (value unknown)",
                       unsure, f"{resource} NET311")
    return None


def unset(name: str, default: str = "0.0.0.0/0") -> Source:  # nosec B104 -- the provider default we report
    """The source of a setting left out whose provider default is the world."""
    return (WORLD, f"{name} unset (defaults to {default})")


def eks_endpoint(resource: str, line: int, public: Any, public_text: str,
                 cidrs: Sequence[Source] | None, cidrs_name: str = "public_access_cidrs") -> Verdict | None:
    """NET311 for an EKS cluster: `public` is the endpoint-public-access value (True when
    absent; UNKNOWN with its expression in `public_text`), `cidrs` the classified public
    access CIDRs, None when that field is absent (AWS then allows 0.0.0.0/0)."""
    if public is False or (isinstance(public, str) and public.strip().lower() == "false"):
        return None
    if public is UNKNOWN:
        found: Sequence[Source] = [(UNSURE, public_text)]
    elif cidrs is None:
        found = [unset(cidrs_name)]
    else:
        found = cidrs
    return k8s_api(resource, line, found, "public endpoint")


def default_sg(resource: str, line: int, unknown: str | None = None) -> Verdict:
    """NET309: the VPC default security group declares rules (with `unknown`, the rules
    come from an expression that did not resolve: they may be none)."""
    if unknown is None:
        return Verdict("NET309", resource, line, f"{resource} declares rules on the VPC default security group",
                       evidence=f"{resource} NET309")
    quoted = shown(unknown)
    return Verdict("NET309", resource, line,
                   f"{resource} may declare rules on the VPC default security group: `{quoted}` could not be resolved (value unknown)",
                   quoted, f"{resource} NET309")


def findings(verdicts: Iterable[Verdict], path: str, ctx: Context,
             extra: Mapping[str, str | int] | None = None) -> Iterator[Finding]:
    """Findings for the enabled verdicts: one resting on an unknown value is a `--verbose`
    notice, or with the NET option `unknown = "warn"` a low finding naming it."""
    warn = ctx.options_of("NET").get("unknown") == "warn"
    for v in verdicts:
        if v.rule not in ctx.enabled:
            continue
        data: dict[str, str | int] = {**(extra or {})}
        data.setdefault("resource", v.resource)
        if v.unknown is None:
            yield Finding(v.rule, path, v.line, v.col, v.message, evidence=v.evidence, extra=data)
        elif warn:
            data["unknown"] = v.unknown
            yield Finding(v.rule, path, v.line, v.col, v.message, severity=Severity.LOW, evidence=v.evidence, extra=data)
        else:
            ctx.notice(f"{path}:{v.line}: {v.rule} not evaluated for {v.resource}: `{v.unknown}` could not be resolved")
