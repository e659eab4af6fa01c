"""NET3nn: Terraform network exposure rules."""
from __future__ import annotations

TYPE_CHECKING = False  # typing costs ~5 ms to import; annotations are strings
if TYPE_CHECKING:
    from typing import Any

from sechooks.core.catalogue import Option, Rule, reserved_rule
from sechooks.core.finding import Severity
from sechooks.core.record import replace

_SG_GOOD = '''resource "aws_security_group" "app" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["10.20.0.0/16"] # VPN range
  }
}'''


def _sg(port: int | str, to: int | str | None = None, protocol: str = "tcp", cidr: str = "0.0.0.0/0") -> str:
    return (
        'resource "aws_security_group" "app" {\n'
        "  ingress {\n"
        f"    from_port   = {port}\n"
        f"    to_port     = {port if to is None else to}\n"
        f'    protocol    = "{protocol}"\n'
        f'    cidr_blocks = ["{cidr}"]\n'
        "  }\n"
        "}"
    )


_WORLD_REFS = (
    "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html",
    "https://cloud.google.com/firewall/docs/firewalls",
    "https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview",
)

RULES: tuple[Rule, ...] = (
    reserved_rule("NET", "300", "A Terraform file"),
    Rule(
        id="NET301",
        name="ssh-open-to-world",
        title="SSH (port 22) is open to the whole internet",
        severity=Severity.CRITICAL,
        rationale=(
            "An ingress rule allows TCP port 22 (or any protocol on it: Azure protocol \"*\") from "
            "the whole internet. The world is any network of prefix length 0 (0.0.0.0/0, ::/0, "
            "10.0.0.0/0, a bare /0), a GCP firewall with no source, and for Azure the prefixes "
            "*, 0.0.0.0, Internet and Any in any case, in source_address_prefix or "
            "source_address_prefixes. Internet-wide scanners find an open SSH port within "
            "minutes and brute-force credentials or exploit sshd bugs; a single weak key or "
            "password then gives a shell on the host."
        ),
        fix="Restrict the source to a bastion/VPN CIDR or use SSM/IAP instead of public SSH.",
        bad=_sg(22),
        good=_SG_GOOD,
        peers=(
            "CKV_AWS_24", "CKV_GCP_2", "CKV_AZURE_10",
            "AVD-AWS-0107", "AWS-0107", "AVD-GCP-0071", "GCP-0071", "AVD-AZU-0050", "AZU-0050",
            "aws-ec2-no-public-ingress-sgr", "aws-vpc-no-public-ingress-sgr",
            "google-compute-no-public-ingress", "azure-network-ssh-blocked-from-internet",
        ),
        references=("CWE-284", "CIS AWS Foundations 5.2", "CIS GCP 3.6", "CIS Azure 6.2", *_WORLD_REFS),
    ),
    Rule(
        id="NET302",
        name="rdp-open-to-world",
        title="RDP (port 3389) is open to the whole internet",
        severity=Severity.CRITICAL,
        rationale=(
            "An ingress rule allows TCP port 3389 from the whole internet (NET301 says what counts "
            "as the world). An Azure rule with protocol \"*\" and destination port 3389 is this "
            "rule: \"*\" is every protocol, not every port. Exposed Remote Desktop is one of the "
            "most common ransomware entry points: it is scanned constantly, brute-forced, and "
            "has a history of pre-authentication exploits."
        ),
        fix="Restrict RDP to a VPN/bastion range.",
        bad=_sg(3389),
        good=_sg(3389, cidr="10.20.0.0/16"),
        peers=(
            "CKV_AWS_25", "CKV_GCP_3", "CKV_AZURE_9",
            "AVD-AWS-0107", "AWS-0107", "AVD-GCP-0070", "GCP-0070", "AVD-AZU-0048", "AZU-0048",
            "aws-ec2-no-public-ingress-sgr", "aws-vpc-no-public-ingress-sgr",
            "google-compute-no-public-ingress", "azure-network-disable-rdp-from-internet",
        ),
        references=("CWE-284", "CIS AWS Foundations 5.3", "CIS GCP 3.7", "CIS Azure 6.1", *_WORLD_REFS),
    ),
    Rule(
        id="NET303",
        name="all-traffic-open-to-world",
        title="Every port is open to the whole internet",
        severity=Severity.CRITICAL,
        rationale=(
            "An ingress rule allows every port from the whole internet: all protocols (AWS -1, "
            "GCP all), or every port of a protocol (AWS 0-65535, a GCP allow block without "
            "ports, an Azure destination port of *). An Azure rule with protocol \"*\" but named "
            "ports is judged by those ports (NET301/302/304-307), not here. Every service on "
            "the instance, including admin interfaces and databases that were never meant to "
            "be public, becomes reachable."
        ),
        fix="Open only the specific ports the service needs.",
        bad=_sg(0, 0, protocol="-1"),
        good=_sg(443, cidr="0.0.0.0/0"),
        peers=(
            "CKV_AWS_277", "AVD-GCP-0027", "GCP-0027", "AVD-GCP-0072", "GCP-0072",
            "AVD-AZU-0047", "AZU-0047", "AVD-AWS-0107", "AWS-0107",
            "aws-ec2-no-public-ingress-sgr", "google-compute-no-public-ingress",
            "azure-network-no-public-ingress",
        ),
        references=("CWE-284", "CIS AWS Foundations 5.2", *_WORLD_REFS),
    ),
    Rule(
        id="NET304",
        name="datastore-port-open-to-world",
        title="A database or cache port is open to the whole internet",
        severity=Severity.HIGH,
        rationale=(
            "A data-store port (MySQL, PostgreSQL, MSSQL, Oracle, Redis, MongoDB, Elasticsearch, "
            "Cassandra, Memcached, Kafka, ZooKeeper ...) accepts connections from anywhere. "
            "Databases exposed this way are found by search engines for open services and "
            "are routinely wiped or ransomed, often without any authentication."
        ),
        fix="Keep databases/caches private; reach them through the application or a VPN.",
        bad=_sg(5432),
        good=_sg(5432, cidr="10.0.0.0/16"),
        peers=("CKV_GCP_88", "AVD-AZU-0074", "AZU-0074", "aws-ec2-no-public-ingress-sgr"),
        references=("CWE-284", "CWE-668", *_WORLD_REFS),
    ),
    Rule(
        id="NET305",
        name="mgmt-legacy-port-open-to-world",
        title="A legacy or management port is open to the whole internet",
        severity=Severity.HIGH,
        rationale=(
            "A port of a cleartext or management protocol (FTP, Telnet, TFTP, SMB, NetBIOS, "
            "SNMP, LDAP, NFS, rsync, VNC, WinRM, the Docker or Kubernetes API, etcd, kubelet, "
            "Kibana, Prometheus ...) is reachable from anywhere. These services leak data, "
            "accept weak or no authentication, or hand out control of a whole cluster."
        ),
        fix="Close the port or restrict it to trusted ranges.",
        bad=_sg(2375),
        good=_sg(2375, cidr="10.0.0.0/16"),
        peers=("CKV_GCP_75", "CKV_GCP_77", "AVD-AZU-0074", "AZU-0074", "aws-ec2-no-public-ingress-sgr"),
        references=("CWE-284", "CWE-319", *_WORLD_REFS),
    ),
    Rule(
        id="NET306",
        name="port-open-to-world",
        title="A port is open to the whole internet",
        severity=Severity.LOW,
        rationale=(
            "A port that no more specific rule covers (and that is not one of the public web "
            "ports, net.public_ports) accepts traffic from anywhere. That may be intended for "
            "an internet-facing service, but each world-open port is attack surface worth a "
            "second look."
        ),
        fix="Confirm the exposure is intended; restrict the source when possible.",
        bad=_sg(8080),
        good=_sg(8080, cidr="10.0.0.0/16"),
        peers=(
            "aws-ec2-no-public-ingress-sgr", "aws-vpc-no-public-ingress-sgr",
            "CKV_AWS_260", "CKV_GCP_106", "CKV_AZURE_160",
        ),
        references=("CWE-284", *_WORLD_REFS),
    ),
    Rule(
        id="NET307",
        name="wide-port-range-open-to-world",
        title="A wide port range is open to the whole internet",
        severity=Severity.MEDIUM,
        rationale=(
            "A single TCP/UDP range spanning more than net.max_range ports (default 100) is "
            "open to anywhere. Wide ranges are usually a shortcut that exposes far more than "
            "the service needs, often including sensitive ports nobody meant to open."
        ),
        fix="Replace the range with the exact ports needed.",
        bad=_sg(1000, 2000),
        good=_sg(8443),
        peers=("AVD-GCP-0074", "GCP-0074", "aws-ec2-no-public-ingress-sgr"),
        references=("CWE-284", *_WORLD_REFS),
    ),
    Rule(
        id="NET308",
        name="unrestricted-egress",
        title="Egress to the whole internet on every port",
        severity=Severity.LOW,
        default=False,
        rationale=(
            "An egress rule allows every port (all traffic, or every port of a protocol) to "
            "0.0.0.0/0 or ::/0; an Azure outbound rule on protocol \"*\" and port 443 is not "
            "unrestricted. Unrestricted egress lets "
            "a compromised workload download tooling, reach command-and-control servers and "
            "exfiltrate data. Opt-in: it is the provider default for many resources."
        ),
        fix="Limit egress to required destinations/ports (proxy, VPC endpoints).",
        bad=(
            'resource "aws_security_group" "app" {\n  egress {\n    from_port   = 0\n    to_port     = 0\n'
            '    protocol    = "-1"\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n}'
        ),
        good=(
            'resource "aws_security_group" "app" {\n  egress {\n    from_port       = 443\n    to_port         = 443\n'
            '    protocol        = "tcp"\n    prefix_list_ids = [aws_vpc_endpoint.s3.prefix_list_id]\n  }\n}'
        ),
        peers=(
            "CKV_AWS_382", "AVD-AWS-0104", "AWS-0104", "AVD-GCP-0035", "GCP-0035", "AVD-AZU-0051", "AZU-0051",
            "aws-ec2-no-public-egress-sgr", "aws-vpc-no-public-egress-sgr",
            "google-compute-no-public-egress", "azure-network-no-public-egress",
        ),
        references=("CWE-284", "MITRE ATT&CK T1041"),
    ),
    Rule(
        id="NET309",
        name="default-security-group-has-rules",
        title="The VPC default security group has rules",
        severity=Severity.LOW,
        rationale=(
            "aws_default_security_group declares ingress or egress rules. Every resource "
            "launched without an explicit security group lands in the default group, so rules "
            "there silently apply to things nobody reviewed. CIS recommends that the default "
            "group restricts all traffic. A `dynamic` block whose for_each resolves to an "
            "empty collection (a variable defaulting to []) declares no rule, and a resource "
            "whose count/for_each resolves to 0/empty (`count = var.manage ? 1 : 0` with a "
            "false default) does not exist: neither is reported. When for_each cannot be "
            "resolved, the rules are unknown (a notice, or low with net.unknown = \"warn\")."
        ),
        fix="Declare `aws_default_security_group` with no rules and use dedicated security groups.",
        bad=(
            'resource "aws_default_security_group" "default" {\n  vpc_id = aws_vpc.main.id\n'
            '  ingress {\n    protocol  = "-1"\n    self      = true\n    from_port = 0\n    to_port   = 0\n  }\n}'
        ),
        good='resource "aws_default_security_group" "default" {\n  vpc_id = aws_vpc.main.id\n}',
        peers=("CKV2_AWS_12", "AVD-AWS-0173", "AWS-0173"),
        references=("CIS AWS Foundations 5.4",
                    "https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html"),
    ),
    Rule(
        id="NET310",
        name="nacl-open-to-world",
        title="A network ACL allows admin ports or all traffic from the internet",
        severity=Severity.MEDIUM,
        rationale=(
            "A network ACL ingress entry allows all protocols, or TCP/UDP ports 20, 21, 22 or "
            "3389, from 0.0.0.0/0 or ::/0. NACLs are the subnet-level backstop behind security "
            "groups; an open NACL removes that second layer for remote administration ports."
        ),
        fix="Tighten the NACL to the needed ports and ranges (security groups remain the primary control).",
        bad=(
            'resource "aws_network_acl_rule" "ssh" {\n  network_acl_id = aws_network_acl.main.id\n'
            '  rule_number    = 100\n  egress         = false\n  protocol       = "tcp"\n'
            '  rule_action    = "allow"\n  cidr_block     = "0.0.0.0/0"\n  from_port      = 22\n  to_port        = 22\n}'
        ),
        good=(
            'resource "aws_network_acl_rule" "ssh" {\n  network_acl_id = aws_network_acl.main.id\n'
            '  rule_number    = 100\n  egress         = false\n  protocol       = "tcp"\n'
            '  rule_action    = "allow"\n  cidr_block     = "10.20.0.0/16"\n  from_port      = 22\n  to_port        = 22\n}'
        ),
        peers=(
            "CKV_AWS_229", "CKV_AWS_230", "CKV_AWS_231", "CKV_AWS_232", "CKV_AWS_352",
            "AVD-AWS-0105", "AWS-0105", "AVD-AWS-0102", "AWS-0102",
            "aws-ec2-no-public-ingress-acl", "aws-ec2-no-excessive-port-access",
        ),
        references=("CIS AWS Foundations 5.1", "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html"),
    ),
    Rule(
        id="NET311",
        name="k8s-api-open-to-world",
        title="A Kubernetes API endpoint is reachable from the whole internet",
        severity=Severity.MEDIUM,
        rationale=(
            "The managed Kubernetes control plane (EKS, GKE, AKS) accepts API connections from "
            "anywhere. Public by default: EKS with a public endpoint and no public_access_cidrs "
            "(the provider default is 0.0.0.0/0); AKS with no authorized IP ranges (absent or "
            "[]) and private_cluster_enabled not true; GKE with no "
            "master_authorized_networks_config whose endpoint is not private "
            "(private_cluster_config.enable_private_endpoint not true, the IP endpoint not "
            "disabled; private nodes alone keep a public endpoint). Also a world CIDR in EKS "
            "public_access_cidrs, GKE master authorized networks or AKS authorized IP ranges. "
            "The API server is then exposed to credential stuffing and to any "
            "pre-authentication vulnerability."
        ),
        fix=(
            "Disable the public endpoint (EKS endpoint_public_access = false, AKS "
            "private_cluster_enabled = true, GKE enable_private_endpoint = true) or list only "
            "trusted CIDRs (public_access_cidrs, authorized_ip_ranges, master authorized networks)."
        ),
        bad=(
            'resource "aws_eks_cluster" "main" {\n  name     = "main"\n  role_arn = aws_iam_role.eks.arn\n'
            '  vpc_config {\n    subnet_ids = var.subnets\n  }\n}'
        ),
        good=(
            'resource "aws_eks_cluster" "main" {\n  name     = "main"\n  role_arn = aws_iam_role.eks.arn\n'
            '  vpc_config {\n    subnet_ids              = var.subnets\n    endpoint_public_access  = false\n'
            '    endpoint_private_access = true\n  }\n}'
        ),
        peers=(
            "CKV_AWS_38", "CKV_AWS_39", "CKV_GCP_20", "CKV_AZURE_6",
            "AVD-AWS-0040", "AWS-0040", "AVD-AWS-0041", "AWS-0041", "AVD-GCP-0061", "GCP-0061",
            "AVD-AZU-0041", "AZU-0041",
            "aws-eks-no-public-cluster-access", "aws-eks-no-public-cluster-access-to-cidr",
            "google-gke-enable-master-networks", "azure-container-limit-authorized-ips",
        ),
        references=(
            "CIS EKS Benchmark 5.4.1", "CIS GKE Benchmark 6.6.2",
            "https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html",
        ),
    ),
)


# cfn_nag's ids for the same findings in CloudFormation templates, as peers: `sechooks explain
# W2`, `--disable F3` and a template's `Metadata: {cfn_nag: {rules_to_suppress: ...}}` name them.
CFN_NAG = {
    "W2": ("NET301", "NET302", "NET303", "NET304", "NET305", "NET306", "NET307"),
    "W9": ("NET301", "NET302", "NET303", "NET304", "NET305", "NET306", "NET307"),
    "W27": ("NET307",),
    "W42": ("NET303",),
    "W5": ("NET308",), "W40": ("NET308",), "F1000": ("NET308",),
}
RULES = tuple(replace(r, peers=r.peers + tuple(k for k, ids in CFN_NAG.items() if r.id in ids)) for r in RULES)


def _ports(value: Any) -> str | None:
    """Validate a port list option: integers 0-65535 or "lo-hi" strings."""
    if not isinstance(value, (list, tuple)):
        return "expected a list of ports"
    for item in value:
        if isinstance(item, bool):
            return f"{item!r} is not a port"
        if isinstance(item, int):
            if not 0 <= item <= 65535:
                return f"port {item} is outside 0-65535"
            continue
        if isinstance(item, str):
            lo, sep, hi = item.strip().partition("-")
            if lo.isdigit() and (not sep or hi.isdigit()) and int(lo) <= int(hi or lo) <= 65535:
                continue
        return f"{item!r} is not a port or a 'lo-hi' range"
    return None


def _positive(value: Any) -> str | None:
    return None if value > 0 else "expected a positive number of ports"


ADMIN_PORTS = (22, 3389)
DATA_PORTS = (
    1433, 1434, 1521, 2483, 2484, 3306, 5432, 5984, 6379, 7000, 7001, 9042, 9160, 8086,
    9200, 9300, 11211, 27017, 27018, 27019, 28015, 5672, 9092, 2181, 50070,
)
LEGACY_PORTS = (
    20, 21, 23, 69, 111, 135, 137, 138, 139, 161, 162, 389, 445, 512, 513, 514, 873, 2049,
    2375, 2376, 2379, 2380, 5601, 5900, 5901, 5902, 5903, 5985, 5986, 6443, 9090, 10250, 10255,
)
PUBLIC_PORTS = (80, 443)

OPTIONS = {
    "admin_ports": Option(
        default=ADMIN_PORTS,
        help="Remote-administration ports: 3389 reports as NET302, every other one as NET301.",
        kind=list,
        validate=_ports,
    ),
    "data_ports": Option(
        default=DATA_PORTS,
        help="Database/cache/queue ports reported by NET304 (integers or \"lo-hi\" strings).",
        kind=list,
        validate=_ports,
    ),
    "legacy_ports": Option(
        default=LEGACY_PORTS,
        help="Legacy and management ports reported by NET305 (integers or \"lo-hi\" strings).",
        kind=list,
        validate=_ports,
    ),
    "public_ports": Option(
        default=PUBLIC_PORTS,
        help="Ports expected to be public (internet-facing web); NET306 ignores them.",
        kind=list,
        validate=_ports,
    ),
    "max_range": Option(
        default=100,
        help="NET307 fires on a single world-open range of more than this many ports.",
        kind=int,
        validate=_positive,
    ),
    "broad_prefix": Option(
        default=False,
        help="Treat IPv4 prefixes shorter than /8 (e.g. 0.0.0.0/1) as open to the world.",
        kind=bool,
    ),
    "unknown": Option(
        default="ignore",
        help=(
            "What to do with values that cannot be resolved: \"ignore\" (a --verbose notice) or "
            "\"warn\" (a low-severity finding under the rule it could have been)."
        ),
        choices=("ignore", "warn"),
    ),
}
