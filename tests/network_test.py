"""The network-exposure engine on its own: no HCL, records built by hand as a hook would."""
from __future__ import annotations

import pickle
from typing import Any

import pytest

from sechooks.core import catalogue, cli
from sechooks.core.finding import Severity
from sechooks.engines import network
from sechooks.engines.network import ALL, SPECIFIC, UNKNOWN, UNSURE, WORLD, NetRule

OPTIONS = {name: opt.default for name, opt in catalogue.family("NET").options.items()}


def ctx(**options: Any) -> cli.Context:
    family = catalogue.family("NET")
    return cli.Context("NET", frozenset(family.rules), {**OPTIONS, **options})


def rule(protocol: Any = "tcp", ports: Any = ((22, 22),), cidr: Any = "0.0.0.0/0", direction: Any = "ingress",
         action: Any = "allow", kind: str = "rule", text: str = "var.cidr") -> NetRule:
    ports = list(ports) if isinstance(ports, tuple) else ports
    return NetRule("WebSG", 7, direction, action, protocol, ports, network.sources([(cidr, text)]), kind=kind)


def fired(r: NetRule, **options: Any) -> list[tuple[str, str | None]]:
    return [(v.rule, v.unknown) for v in network.judge(r, {**OPTIONS, **options})]


def test_unknown_is_one_object_for_every_format() -> None:
    from sechooks.engines import hcl

    assert network.UNKNOWN is hcl.UNKNOWN
    assert pickle.loads(pickle.dumps(UNKNOWN)) is UNKNOWN
    assert repr(UNKNOWN) == "UNKNOWN"


@pytest.mark.parametrize(("value", "expected"), [
    ("-1", "all"), ("*", "all"), ("ALL", "all"), ("6", "tcp"), (" TCP ", "tcp"), ("17", "udp"), (6, "tcp"),
    ("icmp", "icmp"), (None, None),
])
def test_protocol_of(value: Any, expected: Any) -> None:
    assert network.protocol_of(value) == expected


def test_protocol_of_unknown() -> None:
    assert network.protocol_of(UNKNOWN) is UNKNOWN


@pytest.mark.parametrize(("protocol", "lo", "hi", "expected"), [
    ("tcp", 22, 22, [(22, 22)]),
    ("tcp", "22", "23", [(22, 23)]),
    ("tcp", 0, 65535, ALL),
    ("all", -1, -1, ALL),
    ("icmp", -1, -1, []),
    ("tcp", -1, -1, None),
    ("tcp", 30, 20, None),
    ("tcp", "²", 22, None),
    ("tcp", 22, 70000, None),
])
def test_port_range(protocol: str, lo: Any, hi: Any, expected: Any) -> None:
    assert network.port_range(protocol, lo, hi) == expected


def test_port_range_unknown() -> None:
    assert network.port_range("tcp", UNKNOWN, 22) is UNKNOWN
    assert network.port_range(UNKNOWN, 22, 22) is UNKNOWN
    assert network.port_range("all", UNKNOWN, UNKNOWN) == ALL  # the protocol alone decides


def test_port_specs() -> None:
    assert network.port_specs("tcp", [("22", '"22"'), ("8000-8080", "")]) == [(22, 22), (8000, 8080)]
    assert network.port_specs("tcp", []) == ALL
    assert network.port_specs("tcp", [("*", "")], star=True) == ALL
    assert network.port_specs("tcp", [("*", "")]) == []
    assert network.port_specs("tcp", [("22", ""), (UNKNOWN, "var.port")]) is UNKNOWN


@pytest.mark.parametrize(("text", "broad", "azure", "world"), [
    ("0.0.0.0/0", False, False, True),
    ("::/0", False, False, True),
    ("10.0.0.0/0", False, False, True),
    ("0.0.0.0/1", False, False, False),
    ("0.0.0.0/1", True, False, True),
    ("10.0.0.0/8", True, False, False),
    ("Internet", False, False, False),
    ("Internet", False, True, True),
    ("ANY", False, True, True),
    ("*", False, True, True),
    ("0.0.0.0", False, True, True),
    ("VirtualNetwork", False, True, False),
    ("/0", False, False, True),  # #14.6: a bare /0 is every network
    ("0/0", False, True, True),
    (" 2001:db8::/0 ", False, False, True),
    ("10.0.0.0/08", False, False, False),
    ("not a cidr", False, False, False),
])
def test_is_world(text: str, broad: bool, azure: bool, world: bool) -> None:
    assert network.is_world(text, broad, azure) is world


def test_sources_keep_unknown_and_drop_blanks() -> None:
    got = network.sources([("0.0.0.0/0", '"0.0.0.0/0"'), (UNKNOWN, "var.extra"), ("", '""'), (None, "null"),
                           ("10.0.0.0/16", "")])
    assert got == [(WORLD, "0.0.0.0/0"), (UNSURE, "var.extra"), (SPECIFIC, "10.0.0.0/16")]


@pytest.mark.parametrize(("port", "expected"), [
    (22, "admin"), (3389, "admin"), (5432, "data"), (3306, "data"), (6379, "data"), (27017, "data"),
    (9200, "data"), (2375, "docker-api"), (2376, "docker-api"), (23, "legacy"), (443, "public"), (8080, None),
])
def test_port_class_defaults(port: int, expected: str | None) -> None:
    assert network.port_class(port, OPTIONS) == expected
    assert network.port_class(port, {}) == expected  # missing options take the defaults


def test_port_class_follows_the_options() -> None:
    options = {**OPTIONS, "admin_ports": [2222], "data_ports": ["8000-8010"], "legacy_ports": [], "public_ports": [8443]}
    assert network.port_class(2222, options) == "admin"
    assert network.port_class(22, options) is None
    assert network.port_class(8005, options) == "data"
    assert network.port_class(2375, options) is None  # not listed: no class
    assert network.port_class(8443, options) == "public"


@pytest.mark.parametrize(("r", "expected"), [
    (rule(ports=((22, 22),)), ["NET301"]),
    (rule(ports=((3389, 3389),)), ["NET302"]),
    (rule(protocol="udp", ports=((3389, 3389),)), ["NET306"]),  # RDP is a TCP service
    (rule(ports=((5432, 5432),)), ["NET304"]),
    (rule(ports=((2375, 2375),)), ["NET305"]),
    (rule(ports=((8080, 8080),)), ["NET306"]),
    (rule(ports=((443, 443),)), []),
    (rule(ports=((1000, 2000),)), ["NET307"]),
    (rule(ports=((20, 3400),)), ["NET301", "NET302", "NET307"]),
    (rule(protocol="all", ports=ALL), ["NET303"]),
    (rule(ports=ALL), ["NET303"]),
    (rule(protocol="icmp", ports=[]), []),
    # Azure "*" is every protocol on the named ports (#14.5)
    (rule(protocol="all", ports=((3389, 3389),)), ["NET302"]),
    (rule(protocol="all", ports=((443, 443),)), []),
    (rule(protocol="all", ports=((22, 22), (5432, 5432))), ["NET301", "NET304"]),
    (rule(direction="egress", protocol="all", ports=((443, 443),)), []),
    (rule(cidr="10.0.0.0/8"), []),
    (rule(action="deny"), []),
    (rule(direction="egress", protocol="all", ports=ALL), ["NET308"]),
    (rule(direction="egress", ports=((443, 443),)), []),
    (rule(kind="nacl", ports=((22, 22),)), ["NET310"]),
    (rule(kind="nacl", ports=((443, 443),)), []),
    (rule(kind="nacl", protocol="all", ports=ALL), ["NET310"]),
    (rule(kind="nacl", direction="egress", protocol="all", ports=ALL), []),
])
def test_judge_known(r: NetRule, expected: list[str]) -> None:
    assert [rid for rid, unknown in fired(r)] == expected
    assert all(unknown is None for _, unknown in fired(r))


def test_judge_message_and_evidence() -> None:
    (verdict,) = network.judge(rule(ports=((22, 22),)), OPTIONS)
    assert verdict.message == "SSH/admin port 22/tcp open to the world via 0.0.0.0/0 in WebSG"
    assert verdict.evidence == "WebSG NET301 ingress tcp 22/tcp ['0.0.0.0/0']"
    (wide,) = network.judge(rule(ports=((1000, 2000),)), OPTIONS)
    assert wide.message == "port range 1000-2000/tcp open to the world via 0.0.0.0/0 in WebSG (includes 1433, 1434, 1521)"


def test_any_protocol_message() -> None:
    (verdict,) = network.judge(rule(protocol="all", ports=((3389, 3389),), cidr="/0"), OPTIONS)
    assert verdict.message == "RDP port 3389/any open to the world via /0 in WebSG"


def test_judge_unknown_source_names_the_rules_it_could_fire() -> None:
    assert fired(rule(cidr=UNKNOWN, ports=((22, 22),))) == [("NET301", "var.cidr")]
    (verdict,) = network.judge(rule(cidr=UNKNOWN, ports=((22, 22),)), OPTIONS)
    assert verdict.message == "WebSG may expose traffic: `var.cidr` could not be resolved (value unknown)"


def test_judge_unknown_ports_fall_back_per_kind() -> None:
    r = rule(ports=UNKNOWN)
    r.unknown.append("!Ref SshPort")
    assert fired(r) == [("NET306", "!Ref SshPort")]
    assert fired(rule(ports=UNKNOWN, direction="egress")) == [("NET308", "a value")]
    assert fired(rule(ports=UNKNOWN, kind="nacl")) == [("NET310", "a value")]
    assert fired(rule(ports=UNKNOWN, cidr="10.0.0.0/8")) == []  # a known non-world source never warns
    assert fired(network.opaque("WebSG", 3, "!Ref Rules")) == [("NET306", "!Ref Rules")]


def test_unknown_expression_is_masked() -> None:
    secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    r = rule(cidr=UNKNOWN, text=f'lookup(var.x, "{secret}")')
    (verdict,) = network.judge(r, OPTIONS)
    assert secret not in verdict.message and verdict.unknown is not None and secret not in verdict.unknown


def test_options_change_the_verdict() -> None:
    assert fired(rule(ports=((2222, 2222),)), admin_ports=[2222]) == [("NET301", None)]
    assert fired(rule(ports=((8080, 8080),)), public_ports=[8080]) == []
    assert fired(rule(ports=((1000, 1050),)), max_range=10) == [("NET307", None)]
    broad = NetRule("r", 1, "ingress", "allow", "tcp", [(22, 22)], network.sources([("0.0.0.0/1", "")], broad=True))
    assert [v.rule for v in network.judge(broad, OPTIONS)] == ["NET301"]


def test_eks_endpoint() -> None:
    assert network.eks_endpoint("c", 4, False, "", None) is None
    assert network.eks_endpoint("c", 4, "false", "", None) is None
    open_ = network.eks_endpoint("c", 4, True, "", None, "PublicAccessCidrs")
    assert open_ is not None and open_.unknown is None
    assert open_.message == "Kubernetes API of c open to the world (public endpoint: PublicAccessCidrs unset (defaults to 0.0.0.0/0))"
    assert network.eks_endpoint("c", 4, True, "", network.sources([("10.0.0.0/8", "")])) is None
    unsure = network.eks_endpoint("c", 4, UNKNOWN, "!Ref Public", None)
    assert unsure is not None and unsure.unknown == "!Ref Public"


def test_k8s_api_and_default_sg() -> None:
    assert network.k8s_api("aks", 3, [network.unset("authorized_ip_ranges")], "authorized IP range") is not None
    assert network.k8s_api("aks", 3, [(SPECIFIC, "10.0.0.0/8")], "authorized IP range") is None
    assert network.default_sg("sg", 9).rule == "NET309"
    maybe = network.default_sg("sg", 9, "var.rules")
    assert maybe.unknown == "var.rules" and "may declare rules" in maybe.message


def test_findings_known_unknown_and_disabled() -> None:
    verdicts = network.judge(rule(ports=((22, 22),)), OPTIONS) + network.judge(rule(cidr=UNKNOWN, ports=((3389, 3389),)), OPTIONS)
    context = ctx()
    found = list(network.findings(verdicts, "t.yaml", context, {"block_start": 5}))
    assert [(f.rule, f.line, f.severity) for f in found] == [("NET301", 7, None)]
    assert found[0].extra == {"block_start": 5, "resource": "WebSG"}
    assert context.notices == ["t.yaml:7: NET302 not evaluated for WebSG: `var.cidr` could not be resolved"]
    warned = list(network.findings(verdicts, "t.yaml", ctx(unknown="warn")))
    assert [(f.rule, f.severity, f.extra.get("unknown")) for f in warned] == [
        ("NET301", None, None), ("NET302", Severity.LOW, "var.cidr")]
    only = cli.Context("NET", frozenset({"NET302"}), {**OPTIONS, "unknown": "warn"})
    assert [f.rule for f in network.findings(verdicts, "t.yaml", only)] == ["NET302"]


def test_findings_read_the_net_options_of_another_family() -> None:
    """A CloudFormation-like hook reports NET rules with the NET options (`Hook.also`)."""
    verdicts = network.judge(rule(cidr=UNKNOWN, ports=((22, 22),)), OPTIONS)
    other = cli.Context("CFN", frozenset({"NET301"}), {}, other_options={"NET": {**OPTIONS, "unknown": "warn"}})
    assert [f.severity for f in network.findings(verdicts, "t.yaml", other)] == [Severity.LOW]
