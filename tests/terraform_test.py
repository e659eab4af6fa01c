"""sechooks-terraform: adapters, port rules, de-duplication, unknown values, pragmas."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Callable

import pytest

from sechooks.core import cli
from sechooks.engines import hcl
from sechooks import terraform
from sechooks.terraform import main
from tests.conftest import write

SG = '''resource "aws_security_group" "sg" {{
  ingress {{
    from_port   = {lo}
    to_port     = {hi}
    protocol    = "{protocol}"
    {field} = {cidr}
  }}
}}
'''


def run(repo: Path, capsys: pytest.CaptureFixture[str], text: str, *args: str, name: str = "main.tf") -> tuple[int, list[tuple[str, int]], str]:
    write(repo / name, text)
    code = main([name, "--format", "json", *args])
    out, err = capsys.readouterr()
    found = sorted((f["rule"], f["line"]) for f in json.loads(out)["findings"])
    return code, found, err


def rules(repo: Path, capsys: pytest.CaptureFixture[str], text: str, *args: str) -> set[str]:
    return {rule for rule, _ in run(repo, capsys, text, *args)[1]}


def sg(lo: int, hi: int, protocol: str = "tcp", cidr: str = '["0.0.0.0/0"]', field: str = "cidr_blocks") -> str:
    return SG.format(lo=lo, hi=hi, protocol=protocol, cidr=cidr, field=field)


# --- edge cases of the most-specific-rule choice (docs/terraform.md) ---------------

@pytest.mark.parametrize(("text", "expected"), [
    (sg(0, 65535), {"NET303"}),
    (sg(1, 65535), {"NET303"}),
    (sg(20, 3400), {"NET301", "NET302", "NET307"}),
    (sg(0, 0, "-1", '["::/0"]', "ipv6_cidr_blocks"), {"NET303"}),
    (sg(-1, -1, "icmp"), set()),
    (sg(8, 0, "icmpv6", '["::/0"]', "ipv6_cidr_blocks"), set()),
    (sg(0, 0, "tcp"), {"NET306"}),
    (sg(22, 22, "udp"), {"NET306"}),
    (sg(3389, 3389, "udp"), {"NET306"}),
    (sg(22, 22, "17"), {"NET306"}),
    (sg(3306, 3306, "udp"), {"NET304"}),
    (sg(22, 22, "6", '["0000:0000:0000:0000:0000:0000:0000:0000/0"]', "ipv6_cidr_blocks"), {"NET301"}),
    (sg(22, 22, "tcp", '["10.0.0.0/0"]'), {"NET301"}),
    (sg(22, 22, "tcp", '["0.0.0.0/1"]'), set()),
    (sg(80, 80), set()),
    (sg(443, 443), set()),
    (sg(80, 443), {"NET307"}),
    (sg(5432, 5432, "sctp"), {"NET304"}),
    (sg(22, 22, "esp"), set()),
    (sg(30, 20), set()),
])
def test_security_group_cases(repo: Path, capsys: pytest.CaptureFixture[str], text: str, expected: set[str]) -> None:
    assert rules(repo, capsys, text) == expected


def test_wide_range_message_lists_sensitive_ports(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "main.tf", sg(20, 3400))
    main(["main.tf", "--format", "json"])
    messages = {f["rule"]: f["message"] for f in json.loads(capsys.readouterr().out)["findings"]}
    assert "includes 20, 21, 22, 23" in messages["NET307"] and ", 3306," in messages["NET307"]


def test_all_traffic_message_names_admin_and_data_ports(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "main.tf", sg(0, 0, "-1"))
    main(["main.tf", "--format", "json"])
    (finding,) = json.loads(capsys.readouterr().out)["findings"]
    assert finding["rule"] == "NET303" and "includes 22, 3389, 1433" in finding["message"]


@pytest.mark.parametrize(("variables", "tfvars", "expected"), [
    ('variable "admin_cidr" {\n  default = "0.0.0.0/0"\n}\n', None, [("NET301", 2)]),
    ('variable "admin_cidr" {}\n', None, []),
    ('variable "admin_cidr" {\n  default = "0.0.0.0/0"\n}\n', 'admin_cidr = "10.0.0.0/8"\n', []),
    ('variable "admin_cidr" {}\n', 'admin_cidr = "0.0.0.0/0"\n', [("NET301", 2)]),
])
def test_variable_resolution(repo: Path, capsys: pytest.CaptureFixture[str], variables: str, tfvars: str | None,
                             expected: list[tuple[str, int]]) -> None:
    write(repo / "variables.tf", variables)
    if tfvars is not None:
        write(repo / "terraform.tfvars", tfvars)
    text = 'resource "aws_security_group" "sg" {\n  ingress {\n    from_port = 22\n    to_port = 22\n    protocol = "tcp"\n    cidr_blocks = [var.admin_cidr]\n  }\n}\n'
    code, found, _ = run(repo, capsys, text)
    assert found == expected
    assert code == (1 if expected else 0)


def test_locals_and_functions(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "locals.tf", 'locals {\n  world = ["0.0.0.0/0"]\n  all = concat(local.world, ["::/0"])\n  flat = flatten([local.all, ["10.0.0.0/8"]])\n}\n')
    assert rules(repo, capsys, sg(22, 22, cidr="local.world")) == {"NET301"}
    assert rules(repo, capsys, sg(22, 22, cidr="toset(distinct(local.flat))")) == {"NET301"}
    assert rules(repo, capsys, sg(22, 22, cidr='["${local.world[0]}"]')) == {"NET301"}


def test_self_block_and_world_block_evaluated_separately(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (
        'resource "aws_security_group" "sg" {\n'
        '  ingress {\n    from_port = 0\n    to_port = 0\n    protocol = "-1"\n    self = true\n  }\n'
        '  ingress {\n    from_port = 22\n    to_port = 22\n    protocol = "tcp"\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n}\n'
    )
    assert run(repo, capsys, text)[1] == [("NET301", 8)]


def test_world_next_to_specific_sources_is_open(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = sg(22, 22, cidr='["10.0.0.0/8", "0.0.0.0/0"]').replace("  }\n}", '    security_groups = ["sg-1"]\n    prefix_list_ids = ["pl-1"]\n  }\n}')
    assert rules(repo, capsys, text) == {"NET301"}


def test_prefix_lists_and_security_groups_are_specific(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert rules(repo, capsys, sg(22, 22, cidr='["pl-1"]', field="prefix_list_ids")) == set()
    assert rules(repo, capsys, sg(22, 22, cidr='[aws_security_group.lb.id]', field="security_groups")) == set()


def test_rule_resources_and_egress(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    egress = 'resource "aws_security_group_rule" "r" {\n  type = "egress"\n  from_port = 22\n  to_port = 22\n  protocol = "tcp"\n  cidr_blocks = ["0.0.0.0/0"]\n}\n'
    assert rules(repo, capsys, egress) == set()
    assert rules(repo, capsys, egress, "--enable", "NET308") == set()
    all_out = egress.replace('protocol = "tcp"', 'protocol = "-1"')
    assert rules(repo, capsys, all_out, "--enable", "NET308") == {"NET308"}
    vpc = 'resource "aws_vpc_security_group_ingress_rule" "r" {\n  ip_protocol = "tcp"\n  from_port = 3389\n  to_port = 3389\n  referenced_security_group_id = "sg-1"\n}\n'
    assert rules(repo, capsys, vpc) == set()
    assert rules(repo, capsys, vpc.replace('referenced_security_group_id = "sg-1"', 'cidr_ipv4 = "0.0.0.0/0"')) == {"NET302"}


def test_dynamic_blocks(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (
        'locals {\n  rules = { ssh = 22, db = 5432, web = 443 }\n}\n'
        'resource "aws_security_group" "sg" {\n'
        '  dynamic "ingress" {\n    for_each = local.rules\n    iterator = rule\n    content {\n'
        '      from_port = rule.value\n      to_port = rule.value\n      protocol = "tcp"\n'
        '      cidr_blocks = ["0.0.0.0/0"]\n    }\n  }\n}\n'
    )
    assert run(repo, capsys, text)[1] == [("NET301", 5), ("NET304", 5)]


def test_dynamic_block_with_unknown_for_each(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (
        'resource "aws_security_group" "sg" {\n'
        '  dynamic "ingress" {\n    for_each = var.ports\n    content {\n'
        '      from_port = ingress.value\n      to_port = ingress.value\n      protocol = "tcp"\n'
        '      cidr_blocks = ["0.0.0.0/0"]\n    }\n  }\n}\n'
    )
    code, found, err = run(repo, capsys, text, "--verbose")
    assert (code, found) == (0, [])
    assert "NET306 not evaluated" in err and "var.ports" in err


def test_attribute_list_form(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (
        'resource "aws_security_group" "sg" {\n  ingress = [\n    {\n      from_port = 3389\n      to_port = 3389\n'
        '      protocol = "tcp"\n      cidr_blocks = ["0.0.0.0/0"]\n    },\n  ]\n}\n'
    )
    assert run(repo, capsys, text)[1] == [("NET302", 3)]


@pytest.mark.parametrize("meta", ["count = 0", 'count = "0"', "for_each = {}", "for_each = toset([])", "count = local.off"])
def test_resources_that_are_never_created_are_skipped(repo: Path, capsys: pytest.CaptureFixture[str], meta: str) -> None:
    write(repo / "locals.tf", "locals {\n  off = 0\n}\n")
    assert rules(repo, capsys, sg(22, 22).replace("{\n", "{\n  " + meta + "\n", 1)) == set()


@pytest.mark.parametrize("meta", ["count = 1", "count = var.enabled ? 1 : 0", 'for_each = toset(["a"])'])
def test_resources_that_may_be_created_are_checked(repo: Path, capsys: pytest.CaptureFixture[str], meta: str) -> None:
    assert rules(repo, capsys, sg(22, 22).replace("{\n", "{\n  " + meta + "\n", 1)) == {"NET301"}


# --- GCP and Azure -----------------------------------------------------------

GCP = 'resource "google_compute_firewall" "fw" {{\n  name = "fw"\n  network = "default"\n{extra}  allow {{\n    protocol = "tcp"\n  }}\n}}\n'


@pytest.mark.parametrize(("extra", "expected"), [
    ("", {"NET303"}),
    ('  source_tags = ["web"]\n', set()),
    ('  source_service_accounts = ["sa@x"]\n', set()),
    ("  disabled = true\n", set()),
    ('  direction = "EGRESS"\n', set()),
    ("  source_ranges = []\n", {"NET303"}),
    ('  source_ranges = [""]\n', {"NET303"}),
    ("  source_ranges = var.unknown_ranges\n", set()),
    ('  source_ranges = ["10.0.0.0/8"]\n', set()),
    ('  source_ranges = ["0.0.0.0/0"]\n  source_tags = ["web"]\n', {"NET303"}),
])
def test_gcp_firewall_sources(repo: Path, capsys: pytest.CaptureFixture[str], extra: str, expected: set[str]) -> None:
    assert rules(repo, capsys, GCP.format(extra=extra)) == expected


def test_gcp_egress_is_only_tfn308(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert rules(repo, capsys, GCP.format(extra='  direction = "EGRESS"\n'), "--enable", "NET308") == {"NET308"}


def test_gcp_deny_and_policy_rules(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert rules(repo, capsys, GCP.format(extra="").replace("allow {", "deny {")) == set()
    policy = (
        'resource "google_compute_firewall_policy_rule" "r" {{\n  action = "{action}"\n  direction = "INGRESS"\n'
        '  match {{\n    src_ip_ranges = ["0.0.0.0/0"]\n    layer4_configs {{\n      ip_protocol = "tcp"\n'
        '      ports = ["22"]\n    }}\n  }}\n}}\n'
    )
    assert rules(repo, capsys, policy.format(action="allow")) == {"NET301"}
    assert rules(repo, capsys, policy.format(action="deny")) == set()
    assert rules(repo, capsys, policy.format(action="goto_next")) == set()


AZ = (
    'resource "azurerm_network_security_rule" "r" {{\n  access = "{access}"\n  direction = "Inbound"\n'
    '  protocol = "{protocol}"\n  source_address_prefix = "{source}"\n  {ports}\n}}\n'
)


@pytest.mark.parametrize(("access", "protocol", "source", "ports", "expected"), [
    ("Allow", "Tcp", "Internet", 'destination_port_range = "*"', {"NET303"}),
    ("Allow", "Tcp", "Internet", 'destination_port_ranges = ["20-25", "443"]', {"NET301", "NET305"}),
    ("Allow", "Tcp", "Internet", 'destination_port_range = "8080"', {"NET306"}),
    ("Deny", "Tcp", "Internet", 'destination_port_range = "*"', set()),
    ("allow", "*", "*", 'destination_port_range = "443"', set()),  # every protocol, one public port (#14.5)
    ("allow", "*", "*", 'destination_port_range = "3389"', {"NET302"}),
    ("allow", "*", "*", 'destination_port_range = "*"', {"NET303"}),
    ("Allow", "*", "/0", 'destination_port_range = "5432"', {"NET304"}),
    ("Allow", "Tcp", "any", 'destination_port_range = "22"', {"NET301"}),
    ("Allow", "Tcp", "0.0.0.0", 'destination_port_range = "22"', {"NET301"}),
    ("Allow", "Tcp", "VirtualNetwork", 'destination_port_range = "22"', set()),
    ("Allow", "Icmp", "Internet", 'destination_port_range = "*"', set()),
    ("Allow", "Udp", "Internet", 'destination_port_range = "3389"', {"NET306"}),
])
def test_azure_rules(repo: Path, capsys: pytest.CaptureFixture[str], access: str, protocol: str, source: str,
                     ports: str, expected: set[str]) -> None:
    assert rules(repo, capsys, AZ.format(access=access, protocol=protocol, source=source, ports=ports)) == expected


def test_azure_outbound_is_egress(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = AZ.format(access="Allow", protocol="*", source="VirtualNetwork", ports='destination_port_range = "*"')
    text = text.replace('"Inbound"', '"Outbound"').replace("  protocol", '  destination_address_prefix = "Internet"\n  protocol')
    assert rules(repo, capsys, text) == set()
    assert rules(repo, capsys, text, "--enable", "NET308") == {"NET308"}


# --- unknown values ----------------------------------------------------------

UNKNOWN_SG = sg(22, 22, cidr="[module.net.admin_cidr]")


def test_unknown_is_silent_by_default_and_a_notice_with_verbose(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, found, err = run(repo, capsys, UNKNOWN_SG)
    assert (code, found, err) == (0, [], "")
    code, found, err = run(repo, capsys, UNKNOWN_SG, "--verbose")
    assert (code, found) == (0, []) and "NET301 not evaluated" in err and "module.net.admin_cidr" in err


def test_unknown_warn_reports_low_under_the_rule_it_could_be(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / ".sechooks.toml", '[tfn]\nunknown = "warn"\n')
    write(repo / "main.tf", UNKNOWN_SG)
    assert main(["main.tf", "--format", "json"]) == 1
    (finding,) = json.loads(capsys.readouterr().out)["findings"]
    assert (finding["rule"], finding["severity"], finding["line"]) == ("NET301", "low", 2)
    assert "module.net.admin_cidr" in finding["message"] and "unknown" in finding["message"]


def test_unknown_ports_are_reported_under_tfn306(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / ".sechooks.toml", '[net]\nunknown = "warn"\n')
    assert run(repo, capsys, sg(22, 22).replace("from_port   = 22", "from_port   = var.p"))[1] == [("NET306", 2)]
    assert run(repo, capsys, sg(22, 22, cidr='["10.0.0.0/8"]').replace("from_port   = 22", "from_port   = var.p"))[1] == []


def test_unknown_k8s_values(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = 'resource "aws_eks_cluster" "c" {\n  vpc_config {\n    endpoint_public_access = var.public\n  }\n}\n'
    assert run(repo, capsys, text)[1] == []
    write(repo / ".sechooks.toml", '[net]\nunknown = "warn"\n')
    assert run(repo, capsys, text)[1] == [("NET311", 2)]


# --- options -----------------------------------------------------------------

def test_port_options(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / ".sechooks.toml", '[net]\npublic_ports = [80, 443, 8080]\ndata_ports = ["9000-9001"]\nmax_range = 10\nadmin_ports = [22, 3389, 2222]\n')
    assert rules(repo, capsys, sg(8080, 8080)) == set()
    assert rules(repo, capsys, sg(9001, 9001)) == {"NET304"}
    assert rules(repo, capsys, sg(5432, 5432)) == {"NET306"}
    assert rules(repo, capsys, sg(8000, 8020)) == {"NET307"}
    assert rules(repo, capsys, sg(2222, 2222)) == {"NET301"}


def test_broad_prefix_option(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = sg(22, 22, cidr='["0.0.0.0/1", "128.0.0.0/1"]')
    assert rules(repo, capsys, text) == set()
    write(repo / ".sechooks.toml", "[net]\nbroad_prefix = true\n")
    assert rules(repo, capsys, text) == {"NET301"}


@pytest.mark.parametrize("body", ['[net]\nunknown = "loud"\n', "[tfn]\nmax_range = 0\n", '[tfn]\ndata_ports = ["x"]\n', "[tfn]\nadmin_ports = [70000]\n"])
def test_bad_options_are_config_errors(repo: Path, capsys: pytest.CaptureFixture[str], body: str) -> None:
    write(repo / ".sechooks.toml", body)
    write(repo / "main.tf", sg(22, 22))
    assert main(["main.tf"]) == 2
    assert "error" in capsys.readouterr().err


# --- files, parse errors, de-duplication against disabled rules --------------

def test_broken_file_is_tfn300_and_other_files_are_checked(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "a" / "broken.tf", 'resource "aws_security_group" "x" {\n  ingress {\n    from_port = [\n')
    write(repo / "b" / "open.tf", sg(22, 22))
    assert main(["a/broken.tf", "b/open.tf", "--format", "json"]) == 1
    found = sorted((f["path"], f["rule"]) for f in json.loads(capsys.readouterr().out)["findings"])
    assert found == [("a/broken.tf", "NET300"), ("b/open.tf", "NET301")]


def test_unsupported_files_are_not_parsed(monkeypatch: pytest.MonkeyPatch, repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def boom(text: str) -> hcl.Module:
        raise AssertionError("parsed")

    monkeypatch.setattr(hcl, "parse", boom)
    write(repo / "s3.tf", 'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n  this is { not HCL\n')
    assert main(["s3.tf"]) == 0


def test_broken_sibling_does_not_break_resolution(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "vars.tf", 'variable "c" {\n  default = "0.0.0.0/0"\n}\n')
    write(repo / "broken.tf", "variable {{{\n")
    assert rules(repo, capsys, sg(22, 22, cidr="[var.c]")) == {"NET301"}


def test_findings_carry_block_range_and_line_free_evidence(repo: Path) -> None:
    write(repo / "main.tf", "\n\n" + sg(22, 22))
    ctx = _ctx()
    (finding,) = list(terraform.check_file("main.tf", (repo / "main.tf").read_text(), ctx))
    assert finding.extra["block_start"] == 3 and finding.extra["block_end"] == 10
    assert finding.line == 4 and finding.evidence and "4" not in finding.evidence.split()[0]


def _ctx(**options: object) -> cli.Context:
    from sechooks.core import catalogue

    family = catalogue.family("NET")
    defaults = {name: opt.default for name, opt in family.options.items()}
    return cli.Context("NET", frozenset(family.rules), {**defaults, **options})


def test_k8s_unknown_private_switch_is_unknown() -> None:
    text = ('variable "private" {}\nresource "azurerm_kubernetes_cluster" "k" {\n  private_cluster_enabled = var.private\n}\n'
            'resource "google_container_cluster" "g" {\n  private_cluster_config {\n    enable_private_endpoint = var.private\n  }\n}\n')
    ctx = _ctx()
    assert list(terraform.check_file("x.tf", text, ctx)) == []
    assert [n.split(": ", 1)[1] for n in ctx.notices] == [
        "NET311 not evaluated for azurerm_kubernetes_cluster.k: `var.private` could not be resolved",
        "NET311 not evaluated for google_container_cluster.g: `var.private` could not be resolved"]
    warned = list(terraform.check_file("x.tf", text, _ctx(unknown="warn")))
    assert [(f.rule, f.line, str(f.severity)) for f in warned] == [("NET311", 3, "low"), ("NET311", 7, "low")]
    # a known private switch wins over an unknown one
    private = ('variable "maybe" {}\nresource "google_container_cluster" "g" {\n  private_cluster_config {\n'
               '    enable_private_endpoint = var.maybe\n  }\n  control_plane_endpoints_config {\n'
               '    ip_endpoints_config {\n      enabled = false\n    }\n  }\n}\n')
    assert list(terraform.check_file("x.tf", private, _ctx(unknown="warn"))) == []


def test_k8s_defaults() -> None:
    cases = {
        'resource "aws_eks_cluster" "c" {\n  vpc_config {\n    subnet_ids = []\n  }\n}\n': [("NET311", 2)],
        'resource "aws_eks_cluster" "c" {\n  vpc_config {\n    endpoint_public_access = false\n  }\n}\n': [],
        'resource "aws_eks_cluster" "c" {\n  vpc_config {\n    public_access_cidrs = ["::/0"]\n  }\n}\n': [("NET311", 3)],
        'resource "azurerm_kubernetes_cluster" "k" {\n  api_server_authorized_ip_ranges = ["0.0.0.0/0"]\n}\n': [("NET311", 2)],
        # public API endpoints by default (#14.8): GKE without authorized networks, AKS without ranges
        'resource "google_container_cluster" "g" {\n  name = "g"\n}\n': [("NET311", 1)],
        'resource "google_container_cluster" "g" {\n  master_authorized_networks_config {}\n}\n': [],
        'resource "google_container_cluster" "g" {\n  private_cluster_config {\n    enable_private_endpoint = true\n  }\n}\n': [],
        'resource "google_container_cluster" "g" {\n  private_cluster_config {\n    enable_private_nodes = true\n  }\n}\n': [("NET311", 1)],
        'resource "azurerm_kubernetes_cluster" "k" {\n  name = "k"\n}\n': [("NET311", 1)],
        'resource "azurerm_kubernetes_cluster" "k" {\n  private_cluster_enabled = true\n}\n': [],
        'resource "azurerm_kubernetes_cluster" "k" {\n  private_cluster_enabled = "true"\n}\n': [],
        'resource "azurerm_kubernetes_cluster" "k" {\n  api_server_access_profile {\n    authorized_ip_ranges = ["10.0.0.0/8"]\n  }\n}\n': [],
        'resource "azurerm_kubernetes_cluster" "k" {\n  api_server_access_profile {\n    authorized_ip_ranges = []\n  }\n}\n': [("NET311", 3)],
        'resource "azurerm_kubernetes_cluster" "k" {\n  api_server_authorized_ip_ranges = []\n}\n': [("NET311", 1)],
    }
    for text, expected in cases.items():
        assert [(f.rule, f.line) for f in terraform.check_file("x.tf", text, _ctx())] == expected


# --- compatibility pragmas ---------------------------------------------------

@pytest.mark.parametrize("pragma", [
    "#checkov:skip=CKV_AWS_24: bastion", "# tfsec:ignore:aws-ec2-no-public-ingress-sgr",
    "#trivy:ignore:AVD-AWS-0107", "# trivy:ignore:AWS-0107", "# sechooks: ignore[NET301]",
])
def test_pragma_above_the_offending_block(repo: Path, capsys: pytest.CaptureFixture[str], pragma: str) -> None:
    text = sg(22, 22).replace("  ingress {", f"  {pragma}\n  ingress {{", 1)
    assert run(repo, capsys, text)[1] == []


@pytest.mark.parametrize("pragma", ["#checkov:skip=CKV_AWS_24", "#tfsec:ignore:aws-ec2-no-public-ingress-sgr", "#trivy:ignore:AVD-AWS-0107"])
def test_pragma_on_the_offending_line(repo: Path, capsys: pytest.CaptureFixture[str], pragma: str) -> None:
    assert run(repo, capsys, sg(22, 22).replace("  ingress {", f"  ingress {{ {pragma}", 1))[1] == []


def test_pragma_for_another_rule_does_not_suppress(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = sg(22, 22).replace("  ingress {", "  #checkov:skip=CKV_AWS_25\n  ingress {", 1)
    assert run(repo, capsys, text)[1] == [("NET301", 3)]




@pytest.mark.parametrize("pragma", [
    "#checkov:skip=CKV_AWS_24", "#tfsec:ignore:aws-ec2-no-public-ingress-sgr", "#trivy:ignore:AVD-AWS-0107",
    "# sechooks: ignore[NET301]",
])
def test_pragma_above_the_resource_covers_the_whole_block(repo: Path, capsys: pytest.CaptureFixture[str], pragma: str) -> None:
    text = f"{pragma}\n" + sg(22, 22)
    assert run(repo, capsys, text)[1] == []
    other = text + sg(3389, 3389).replace('"sg"', '"other"')
    assert run(repo, capsys, other)[1] == [("NET302", 11)]


def test_checkov_skip_inside_the_resource_covers_the_whole_block(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = sg(22, 22).replace("{\n", "{\n  #checkov:skip=CKV_AWS_24:bastion host\n  name = \"x\"\n", 1)
    assert run(repo, capsys, text)[1] == []


# --- local modules (#14.9) ------------------------------------------------------

MODULE_SG = '''variable "cidrs" {
  type    = list(string)
  default = []
}
variable "port" {
  default = 22
}
resource "aws_security_group" "this" {
  ingress {
    from_port   = var.port
    to_port     = var.port
    protocol    = "tcp"
    cidr_blocks = var.cidrs
  }
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
'''


def _call(name: str, source: str, *args: str) -> str:
    return f'module "{name}" {{\n  source = "{source}"\n' + "".join(f"  {a}\n" for a in args) + "}\n"


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[list[dict[str, object]], str]:
    main([*args, "--format", "json"])
    out, err = capsys.readouterr()
    return json.loads(out)["findings"], err


def test_module_arguments_reach_the_module_resources(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "modules" / "sg" / "main.tf", MODULE_SG)
    write(repo / "main.tf", _call("web", "./modules/sg", 'port  = 3389', 'cidrs = ["0.0.0.0/0"]'))
    found, _ = _json(capsys, "main.tf", "--enable", "NET308")
    # the egress rule's world CIDR is the module's own: its own check reports it, not the call
    assert [(f["rule"], f["line"], f["path"]) for f in found] == [("NET302", 4, "main.tf")]
    assert found[0]["message"] == ("RDP port 3389/tcp open to the world via 0.0.0.0/0 in "
                                   "module.web.aws_security_group.this; declared at modules/sg/main.tf:9")
    extra = found[0]["extra"]
    assert isinstance(extra, dict) and extra["module_path"] == "modules/sg/main.tf" and extra["block_start"] == 1


def test_module_argument_line_prefers_the_world_value(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "modules" / "sg" / "main.tf", MODULE_SG)
    write(repo / "main.tf", _call("web", "./modules/sg", 'cidrs = ["0.0.0.0/0"]', "port  = 5432"))
    found, _ = _json(capsys, "main.tf")
    assert [(f["rule"], f["line"]) for f in found] == [("NET304", 3)]


def test_module_call_with_safe_arguments_or_sources_not_followed(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "modules" / "sg" / "main.tf", MODULE_SG)
    write(repo / "main.tf",
          _call("private", "./modules/sg", 'cidrs = ["10.0.0.0/8"]')
          + _call("registry", "terraform-aws-modules/security-group/aws", 'cidrs = ["0.0.0.0/0"]')
          + _call("git", "git::https://example.com/sg.git", 'cidrs = ["0.0.0.0/0"]')
          + _call("missing", "./modules/nowhere", 'cidrs = ["0.0.0.0/0"]')
          + _call("off", "./modules/sg", "count = 0", 'cidrs = ["0.0.0.0/0"]'))
    assert _json(capsys, "main.tf")[0] == []


def test_module_unknown_argument_is_unknown(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "modules" / "sg" / "main.tf", MODULE_SG)
    write(repo / "main.tf", 'variable "from_caller" {}\n' + _call("web", "./modules/sg", "cidrs = var.from_caller"))
    found, err = _json(capsys, "main.tf", "-v")
    assert found == [] and "NET301 not evaluated for module.web.aws_security_group.this: `var.cidrs`" in err
    write(repo / ".sechooks.toml", '[net]\nunknown = "warn"\n')
    found, _ = _json(capsys, "main.tf")
    assert [(f["rule"], f["line"], f["severity"]) for f in found] == [("NET301", 4, "low")]


def test_module_for_each_instances(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "modules" / "sg" / "main.tf", MODULE_SG)
    write(repo / "main.tf", _call("sg", "./modules/sg", 'for_each = { office = ["10.0.0.0/8"], world = ["0.0.0.0/0"] }',
                                  "cidrs    = each.value"))
    found, _ = _json(capsys, "main.tf")
    assert [(f["rule"], f["line"]) for f in found] == [("NET301", 4)]
    assert 'module.sg["world"].aws_security_group.this' in str(found[0]["message"])


def test_module_pragma_above_the_call_covers_its_findings(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "modules" / "sg" / "main.tf", MODULE_SG)
    write(repo / "main.tf", "# sechooks: ignore[NET301] -- vendor bastion, reviewed\n"
          + _call("web", "./modules/sg", 'cidrs = ["0.0.0.0/0"]'))
    assert _json(capsys, "main.tf")[0] == []


def test_module_cycles_depth_and_count_are_bounded(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # a module that calls itself, and a chain deeper than MODULE_DEPTH
    write(repo / "loop" / "main.tf", 'variable "cidrs" {}\n' + _call("again", "./", "cidrs = var.cidrs")
          + _call("up", "../loop", "cidrs = var.cidrs") + MODULE_SG.split("\n", 4)[4])
    depth = terraform.MODULE_DEPTH + 1
    for level in range(depth):
        inner = _call("next", "../m{}".format(level + 1), "cidrs = var.cidrs") if level + 1 < depth else MODULE_SG.split("\n", 4)[4]
        write(repo / f"m{level}" / "main.tf", 'variable "cidrs" {}\n' + inner)
    calls = "".join(_call(f"c{i}", "./loop", 'cidrs = ["0.0.0.0/0"]') for i in range(terraform.MODULE_CALLS + 5))
    write(repo / "main.tf", _call("deep", "./m0", 'cidrs = ["0.0.0.0/0"]') + calls)
    found, err = _json(capsys, "main.tf", "-v")
    lines = {f["line"] for f in found}
    assert 3 not in lines  # the chain past MODULE_DEPTH is not followed
    assert len(lines) < terraform.MODULE_CALLS and "not followed: more than" in err


def test_module_source_outside_the_repository_is_not_read(repo: Path, capsys: pytest.CaptureFixture[str], tmp_path_factory: pytest.TempPathFactory) -> None:
    outside = tmp_path_factory.mktemp("outside")
    write(outside / "main.tf", MODULE_SG)
    relative = os.path.relpath(outside, repo)
    write(repo / "main.tf", _call("web", "./" + relative, 'cidrs = ["0.0.0.0/0"]'))
    found, err = _json(capsys, "main.tf", "-v")
    assert found == [] and "its source is outside the repository" in err


def test_module_calls_cost_is_linear(repo: Path) -> None:
    from tests.timing import cpu_cost

    write(repo / "modules" / "sg" / "main.tf", MODULE_SG)

    def work(n: int) -> Callable[[], object]:
        text = "".join(_call(f"c{i}", "./modules/sg", 'cidrs = ["0.0.0.0/0"]') for i in range(n))
        return lambda: list(terraform.check_file("main.tf", text, _ctx()))

    small, large = cpu_cost(work(3)), cpu_cost(work(30))
    assert large < 30 * max(small, 0.002)


def test_module_directory_with_fifo_and_dev_zero_neither_hangs(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "modules" / "sg" / "main.tf", MODULE_SG)
    os.mkfifo(repo / "modules" / "sg" / "fifo.tf")
    (repo / "modules" / "sg" / "zero.tf").symlink_to("/dev/zero")
    write(repo / "main.tf", _call("web", "./modules/sg", 'cidrs = ["0.0.0.0/0"]'))
    found, _ = _json(capsys, "main.tf")
    assert [(f["rule"], f["line"]) for f in found] == [("NET301", 3)]
