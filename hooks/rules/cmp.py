"""CMP8nn: docker-compose hardening rules (semantics: docs/compose.md).

Peers are KICS dockerCompose query ids (UUIDs, from each query's metadata.json), so
`# kics-scan disable=<id>` maps onto these rules.
"""
from __future__ import annotations

from sechooks.core.catalogue import Option, Rule, reserved_rule
from sechooks.core.finding import Severity

_COMPOSE = "https://docs.docker.com/reference/compose-file/services/"
SINCE = "0.2.0"

RULES = (
    reserved_rule("CMP", "800", "A docker-compose file"),
    Rule(
        id="CMP801",
        name="privileged",
        title="A service runs privileged",
        severity=Severity.HIGH,
        rationale=(
            "`privileged: true` gives the container every capability, every host device and "
            "no seccomp or AppArmor confinement: root in the container is root on the host, "
            "one `mount` away. A hardened image does not survive it."
        ),
        fix="Remove `privileged: true`; add only the capabilities (cap_add) or devices (devices:) the service needs.",
        bad="services:\n  agent:\n    image: agent:1.4\n    privileged: true",
        good="services:\n  agent:\n    image: agent:1.4\n    cap_add: [NET_BIND_SERVICE]",
        peers=("ae5b6871-7f45-42e0-bb4c-ab300c4d2026",),
        references=("CWE-250", "CIS Docker Benchmark 5.4", _COMPOSE + "#privileged"),
        since=SINCE,
    ),
    Rule(
        id="CMP802",
        name="network-mode-host",
        title="A service shares the host's network namespace",
        severity=Severity.MEDIUM,
        rationale=(
            "`network_mode: host` puts the container on the host's interfaces: every port it "
            "listens on is open wherever the host is reachable (port mappings are ignored), "
            "and it can reach services bound to the host's loopback."
        ),
        fix="Remove `network_mode: host` and publish the ports the service needs (bound to 127.0.0.1 where possible).",
        bad="services:\n  app:\n    image: app:2.1\n    network_mode: host",
        good="services:\n  app:\n    image: app:2.1\n    ports: [\"127.0.0.1:8080:8080\"]",
        peers=("071a71ff-f868-47a4-ac0b-3c59e4ab5443",),
        references=("CWE-668", "CIS Docker Benchmark 5.9", _COMPOSE + "#network_mode"),
        since=SINCE,
    ),
    Rule(
        id="CMP803",
        name="pid-host",
        title="A service shares the host's process namespace",
        severity=Severity.HIGH,
        rationale=(
            "`pid: host` lets the container see and signal every process on the host; with "
            "ptrace (or as root) it can read their memory and environment, secrets included."
        ),
        fix="Remove `pid: host`.",
        bad="services:\n  debug:\n    image: debug:1\n    pid: host",
        good="services:\n  debug:\n    image: debug:1",
        peers=("4f31dd9f-2cc3-4751-9b53-67e4af83dac0",),
        references=("CWE-668", "CIS Docker Benchmark 5.15", _COMPOSE + "#pid"),
        since=SINCE,
    ),
    Rule(
        id="CMP804",
        name="ipc-host",
        title="A service shares the host's IPC namespace",
        severity=Severity.MEDIUM,
        rationale=(
            "`ipc: host` shares the host's shared memory segments and message queues with the "
            "container, so it can read or corrupt other processes' shared memory."
        ),
        fix="Remove `ipc: host` (use `ipc: shareable` / `service:NAME` between services that need it).",
        bad="services:\n  app:\n    image: app:2.1\n    ipc: host",
        good="services:\n  app:\n    image: app:2.1\n    ipc: private",
        peers=("baa3890f-bed7-46f5-ab8f-1da8fc91c729",),
        references=("CWE-668", "CIS Docker Benchmark 5.16", _COMPOSE + "#ipc"),
        since=SINCE,
    ),
    Rule(
        id="CMP805",
        name="userns-host",
        title="A service opts out of user-namespace remapping",
        severity=Severity.MEDIUM,
        rationale=(
            "`userns_mode: host` disables the daemon's user-namespace remapping for this "
            "container: its root is the host's root again."
        ),
        fix="Remove `userns_mode: host`.",
        bad="services:\n  app:\n    image: app:2.1\n    userns_mode: host",
        good="services:\n  app:\n    image: app:2.1",
        peers=("8af7162d-6c98-482f-868e-0d33fb675ca8",),
        references=("CWE-250", "CIS Docker Benchmark 5.30", _COMPOSE + "#userns_mode"),
        since=SINCE,
    ),
    Rule(
        id="CMP806",
        name="runtime-socket-mounted",
        title="The container runtime's socket is mounted into a service",
        severity=Severity.CRITICAL,
        rationale=(
            "Whoever can talk to /var/run/docker.sock (or the containerd, CRI-O or Podman "
            "socket, or the Windows docker_engine pipe) can start a privileged container "
            "with the host's / mounted: it is root on the host, without a password. `:ro` "
            "does not help, a socket is not written through the file system."
        ),
        fix=(
            "Do not mount the runtime socket; if a tool must drive Docker, put an API proxy "
            "that allows only the calls it needs (e.g. tecnativa/docker-socket-proxy) in between."
        ),
        bad="services:\n  ci:\n    image: runner:3\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock",
        good="services:\n  ci:\n    image: runner:3\n    volumes:\n      - ./work:/work",
        peers=("d6355c88-1e8d-49e9-b2f2-f8a1ca12c75b",),
        references=("CWE-250", "CIS Docker Benchmark 5.31", _COMPOSE + "#volumes"),
        since=SINCE,
    ),
    Rule(
        id="CMP807",
        name="sensitive-host-path-mounted",
        title="A sensitive host path is mounted into a service",
        severity=Severity.HIGH,
        rationale=(
            "Mounting `/`, `/etc`, `/proc`, `/sys`, `/root`, `/var/run`, `/boot`, `/dev` or a "
            "home directory's credentials (`~/.ssh`, `~/.aws`, ...) hands the container the "
            "host's secrets or the means to change the host. Read-only still leaks them."
        ),
        fix="Mount only the files the service needs, from a directory of their own, read-only.",
        bad="services:\n  backup:\n    image: backup:1\n    volumes:\n      - ~/.ssh:/root/.ssh",
        good="services:\n  backup:\n    image: backup:1\n    secrets: [deploy_key]",
        peers=("1c1325ff-831d-43a1-973e-839ae57dfcc0",),
        references=("CWE-668", "CIS Docker Benchmark 5.5", _COMPOSE + "#volumes"),
        since=SINCE,
    ),
    Rule(
        id="CMP808",
        name="dangerous-capability",
        title="A service adds a dangerous Linux capability",
        severity=Severity.HIGH,
        rationale=(
            "`cap_add: [ALL]`, SYS_ADMIN, SYS_MODULE, SYS_PTRACE, DAC_READ_SEARCH and the like "
            "each give a documented way out of the container or into other processes; "
            "NET_ADMIN reconfigures the network the container shares."
        ),
        fix="Drop the capability; if one is truly needed, add only it, and `cap_drop: [ALL]` first.",
        bad="services:\n  vpn:\n    image: vpn:1\n    cap_add: [SYS_ADMIN]",
        good="services:\n  web:\n    image: web:1\n    cap_drop: [ALL]\n    cap_add: [NET_BIND_SERVICE]",
        peers=("ce76b7d0-9e77-464d-b86f-c5c48e03e22d",),
        references=("CWE-250", "CIS Docker Benchmark 5.3", _COMPOSE + "#cap_add"),
        since=SINCE,
    ),
    Rule(
        id="CMP809",
        name="security-profile-disabled",
        title="A service turns off seccomp, AppArmor or SELinux confinement",
        severity=Severity.HIGH,
        rationale=(
            "`security_opt: [seccomp:unconfined]`, `apparmor:unconfined`, `label:disable` or "
            "`systempaths=unconfined` remove a layer of kernel confinement that blocks most "
            "container escapes."
        ),
        fix="Remove the option; if a syscall is missing, ship a custom seccomp profile that allows only it.",
        bad="services:\n  app:\n    image: app:2.1\n    security_opt:\n      - seccomp:unconfined",
        good="services:\n  app:\n    image: app:2.1\n    security_opt:\n      - no-new-privileges:true",
        peers=("404fde2c-bc4b-4371-9747-7054132ac953",),
        references=("CWE-693", "CIS Docker Benchmark 5.1, 5.2, 5.21", _COMPOSE + "#security_opt"),
        since=SINCE,
    ),
    Rule(
        id="CMP810",
        name="no-new-privileges-unset",
        title="A service does not set no-new-privileges",
        severity=Severity.LOW,
        rationale=(
            "Without `no-new-privileges:true`, a setuid binary in the image can raise the "
            "privileges of a compromised process. Opt-in: most images work with it, but it is "
            "a hardening default rather than a defect."
        ),
        fix="Add `security_opt: [\"no-new-privileges:true\"]` to the service.",
        bad="services:\n  app:\n    image: app:2.1",
        good="services:\n  app:\n    image: app:2.1\n    security_opt: [\"no-new-privileges:true\"]",
        default=False,
        peers=("27fcc7d6-c49b-46e0-98f1-6c082a6a2750",),
        references=("CWE-250", "CIS Docker Benchmark 5.25", _COMPOSE + "#security_opt"),
        since=SINCE,
    ),
    Rule(
        id="CMP811",
        name="user-root",
        title="A service runs as root explicitly",
        severity=Severity.HIGH,
        rationale=(
            "`user: root` (or `0`, `0:0`, `root:group`) overrides whatever non-root user the "
            "image chose: a code-execution bug becomes root in the container."
        ),
        fix="Remove `user: root` or set a non-root UID (`user: \"10001:10001\"`).",
        bad="services:\n  app:\n    image: app:2.1\n    user: root",
        good="services:\n  app:\n    image: app:2.1\n    user: \"10001:10001\"",
        peers=(),
        references=("CWE-250", "CIS Docker Benchmark 4.1", _COMPOSE + "#user"),
        since=SINCE,
    ),
    Rule(
        id="CMP812",
        name="user-unset",
        title="A service runs an image not known to be non-root, with no user:",
        severity=Severity.MEDIUM,
        rationale=(
            "With no `user:`, the container runs as the image's default user, root for almost "
            "every general-purpose image. Images known to run as non-root (the shared list "
            "of the Dockerfile hook, plus cmp.nonroot_images) are exempt; services with "
            "`build:` are left to the Dockerfile hook (DKR201/DKR202). Opt-in."
        ),
        fix="Set `user:` to a non-root UID, or use an image that runs as non-root.",
        bad="services:\n  app:\n    image: python:3.12-slim",
        good="services:\n  app:\n    image: python:3.12-slim\n    user: \"10001\"",
        default=False,
        peers=(),
        references=("CWE-250", "CIS Docker Benchmark 4.1", _COMPOSE + "#user"),
        since=SINCE,
    ),
    Rule(
        id="CMP813",
        name="image-untagged",
        title="A service's image has neither tag nor digest",
        severity=Severity.MEDIUM,
        rationale=(
            "An image with no tag pulls :latest: every `docker compose pull` may run different "
            "code, and a compromised push lands without review. Services that also have "
            "`build:` name the image they build, and are not checked."
        ),
        fix="Pin the image to a release tag, ideally with an @sha256 digest.",
        bad="services:\n  db:\n    image: postgres",
        good="services:\n  db:\n    image: postgres:16.4",
        peers=(),
        references=("CWE-1357", "CIS Docker Benchmark 4.2", _COMPOSE + "#image"),
        since=SINCE,
    ),
    Rule(
        id="CMP814",
        name="image-latest",
        title="A service's image uses the :latest tag",
        severity=Severity.MEDIUM,
        rationale=(
            ":latest is a moving tag: the same compose file runs a different image tomorrow. "
            "A digest after the tag pins it and is accepted."
        ),
        fix="Replace :latest with a specific version tag (and digest).",
        bad="services:\n  proxy:\n    image: nginx:latest",
        good="services:\n  proxy:\n    image: nginx:1.27.3",
        peers=(),
        references=("CWE-1357", "CIS Docker Benchmark 4.2", _COMPOSE + "#image"),
        since=SINCE,
    ),
    Rule(
        id="CMP815",
        supersedes=("SEC",),  # the same literal secret, judged with its context: one finding
        name="secret-literal-in-environment",
        title="A literal secret is written in a service's environment",
        severity=Severity.HIGH,
        rationale=(
            "A password or key written in `environment:` is in the repository's history for "
            "good, readable by everyone who can clone it, and shows in `docker inspect`. The "
            "value is judged by the secrets hook's classifier (placeholders, references and "
            "example values are not secrets); `${VAR}` references are the fix."
        ),
        fix=(
            "Reference the value (`POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}`) and keep it in an "
            "untracked .env, or use `secrets:` with the image's `*_FILE` variable."
        ),
        bad="services:\n  db:\n    image: postgres:16.4\n    environment:\n      POSTGRES_PASSWORD: Xk9vQ2mL7pWz",
        good="services:\n  db:\n    image: postgres:16.4\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}",
        peers=(),
        references=("CWE-798", "https://docs.docker.com/compose/how-tos/use-secrets/"),
        since=SINCE,
    ),
    Rule(
        id="CMP816",
        name="sensitive-port-published",
        title="A data-store or admin port is published on all interfaces",
        severity=Severity.MEDIUM,
        rationale=(
            "`\"5432:5432\"` (or `0.0.0.0:`) publishes the port on every interface of the host, "
            "and Docker's iptables rules bypass the host firewall (ufw, firewalld): the database, "
            "cache, SSH/RDP or management port is reachable from the network. The port classes "
            "are the network rules' (net.admin_ports, net.data_ports, net.legacy_ports); the "
            "Docker API on 2375, unauthenticated, is high."
        ),
        fix="Bind the port to the loopback interface (`\"127.0.0.1:5432:5432\"`), or do not publish it: services reach each other over the compose network.",
        bad="services:\n  db:\n    image: postgres:16.4\n    ports:\n      - \"5432:5432\"",
        good="services:\n  db:\n    image: postgres:16.4\n    ports:\n      - \"127.0.0.1:5432:5432\"",
        peers=("451d79dc-0588-476a-ad03-3c7f0320abb3",),
        references=("CWE-668", "CIS Docker Benchmark 5.13", _COMPOSE + "#ports",
                    "https://docs.docker.com/engine/network/packet-filtering-firewalls/"),
        since=SINCE,
    ),
    Rule(
        id="CMP817",
        name="read-only-unset",
        title="A service's root file system is writable",
        severity=Severity.LOW,
        rationale=(
            "Without `read_only: true`, an attacker in the container can drop tools or change "
            "the application's code. Opt-in: many images need a tmpfs for /tmp first."
        ),
        fix="Add `read_only: true` and `tmpfs:` mounts for the paths the service writes.",
        bad="services:\n  app:\n    image: app:2.1",
        good="services:\n  app:\n    image: app:2.1\n    read_only: true\n    tmpfs: [/tmp]",
        default=False,
        peers=(),
        references=("CIS Docker Benchmark 5.12", _COMPOSE + "#read_only"),
        since=SINCE,
    ),
    Rule(
        id="CMP818",
        name="memory-limit-unset",
        title="A service has no memory limit",
        severity=Severity.LOW,
        rationale=(
            "A service with no memory limit can exhaust the host's memory (a leak or a "
            "denial of service takes every other service down). Opt-in."
        ),
        fix="Set `deploy.resources.limits.memory` (or `mem_limit`).",
        bad="services:\n  app:\n    image: app:2.1",
        good="services:\n  app:\n    image: app:2.1\n    deploy:\n      resources:\n        limits:\n          memory: 512M",
        default=False,
        peers=("bb9ac4f7-e13b-423d-a010-c74a1bfbe492",),
        references=("CWE-400", "CIS Docker Benchmark 5.10", _COMPOSE + "#mem_limit"),
        since=SINCE,
    ),
    Rule(
        id="CMP819",
        name="healthcheck-unset",
        title="A service has no healthcheck",
        severity=Severity.LOW,
        rationale=(
            "Without a healthcheck, a hung service stays \"running\" and `depends_on: "
            "condition: service_healthy` cannot wait for it. Services with `build:` are left "
            "to the Dockerfile's HEALTHCHECK (DKR206); an image may ship its own. Opt-in."
        ),
        fix="Add a `healthcheck:` with a `test:` command.",
        bad="services:\n  api:\n    image: api:3.2",
        good="services:\n  api:\n    image: api:3.2\n    healthcheck:\n      test: [\"CMD\", \"/app/health\"]",
        default=False,
        peers=("698ed579-b239-4f8f-a388-baa4bcb13ef8",),
        references=(_COMPOSE + "#healthcheck",),
        since=SINCE,
    ),
)

DANGEROUS_CAPABILITIES = (
    "ALL", "SYS_ADMIN", "NET_ADMIN", "SYS_PTRACE", "SYS_MODULE", "DAC_READ_SEARCH", "SYS_RAWIO",
    "SYS_BOOT", "SYS_TIME", "BPF", "PERFMON", "MAC_ADMIN", "MAC_OVERRIDE", "SYSLOG",
)
# "X" matches X itself; "X/**" matches X and everything below it (`~` is any home directory).
SENSITIVE_HOST_PATHS = (
    "/", "/etc", "/proc/**", "/sys", "/root/**", "/var/run", "/run", "/boot/**", "/dev",
    "/var/lib/docker/**", "/var/lib/kubelet/**", "/var/lib/containerd/**", "/home", "~",
    "/etc/ssh/**", "/etc/shadow", "/etc/gshadow", "/etc/sudoers/**", "/etc/sudoers.d/**",
    "/etc/kubernetes/**", "/etc/docker/**", "/usr", "/lib", "/bin", "/sbin", "/var",
    "~/.ssh/**", "~/.aws/**", "~/.kube/**", "~/.docker/**", "~/.gnupg/**", "~/.config/gcloud/**",
    "~/.azure/**", "/home/*/.ssh/**", "/home/*/.aws/**",
)


def _strings(value: object) -> str | None:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        return "expected a list of non-empty strings"
    return None


OPTIONS = {
    "dangerous_capabilities": Option(
        default=DANGEROUS_CAPABILITIES,
        help="Capabilities CMP808 reports in cap_add (without the CAP_ prefix). Entries you list are added to the defaults.",
        kind=list,
        item=str,
        validate=_strings,
    ),
    "sensitive_host_paths": Option(
        default=SENSITIVE_HOST_PATHS,
        help=(
            "Host paths CMP807 reports as bind-mount sources: \"/etc\" matches /etc itself, "
            "\"/etc/ssh/**\" the directory and everything below it, `~` any home directory, "
            "`*` one path segment. Entries you list are added to the defaults."
        ),
        kind=list,
        item=str,
        validate=_strings,
    ),
    "nonroot_images": Option(
        default=(),
        help="Globs of images that run as a non-root user (CMP812 skips them), added to the shared list of the Dockerfile hook.",
        kind=list,
        item=str,
    ),
}
