"""K8S6nn: Kubernetes manifests against the Pod Security Standards (semantics: docs/kubernetes.md).

K8S601-K8S611 are the PSS Baseline controls, K8S612-K8S617 the Restricted ones (off under
`k8s.profile = "baseline"`), K8S618-K8S626 go beyond the PSS. Every rule names the PSS
control it implements in its title or rationale, and the peers' ids (trivy KSV, checkov
CKV_K8S_n, kube-linter check names) so that their annotations suppress ours.
"""
from __future__ import annotations

from sechooks.core.catalogue import Option, Rule, reserved_rule
from sechooks.core.finding import Severity

PSS = "https://kubernetes.io/docs/concepts/security/pod-security-standards/"
CONTEXT = "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/"
RBAC = "https://kubernetes.io/docs/concepts/security/rbac-good-practices/"


def _ksv(*numbers: int) -> tuple[str, ...]:
    """trivy writes KSV-0017 today (AVD-KSV-0017 in its AVD), KSV017 in older releases."""
    return tuple(f"KSV-{n:04d}" for n in numbers) + tuple(f"KSV{n:03d}" for n in numbers)


def _pod(body: str, container: str = "", pod: str = "") -> str:
    """A small Pod manifest for the bad/good examples."""
    lines = ["apiVersion: v1", "kind: Pod", "metadata:", "  name: app", "spec:"]
    lines += ["  " + ln for ln in pod.split("\n") if ln]
    lines += ["  containers:", "    - name: app", "      image: registry.example.com/app:1.4.2"]
    lines += ["      " + ln for ln in container.split("\n") if ln]
    lines += [ln for ln in body.split("\n") if ln]
    return "\n".join(lines)


RESTRICTED_SC = (
    "securityContext:\n  allowPrivilegeEscalation: false\n  runAsNonRoot: true\n"
    "  readOnlyRootFilesystem: true\n  seccompProfile:\n    type: RuntimeDefault\n"
    "  capabilities:\n    drop: [ALL]"
)

RULES = (
    reserved_rule("K8S", "600", "A Kubernetes manifest"),
    # --- PSS Baseline ---------------------------------------------------------------------
    Rule(
        id="K8S601",
        name="host-process",
        title="A Windows HostProcess container (PSS Baseline: HostProcess)",
        severity=Severity.CRITICAL,
        rationale=(
            "windowsOptions.hostProcess: true runs the container as a process on the Windows "
            "node with the node's privileges: it is the Windows equivalent of a privileged "
            "container and breaks every isolation boundary. The PSS Baseline profile forbids "
            "it at the pod and at the container level (a container's value overrides the pod's)."
        ),
        fix="Remove hostProcess (or set it to false); run node agents from a dedicated, exempted namespace.",
        bad=_pod("", pod="securityContext:\n  windowsOptions:\n    hostProcess: true\n    runAsUserName: \"NT AUTHORITY\\\\SYSTEM\""),
        good=_pod(""),
        peers=_ksv(103),
        references=(PSS + "#baseline", "https://kubernetes.io/docs/tasks/configure-pod-container/create-hostprocess-pod/"),
        since="0.2.0",
    ),
    Rule(
        id="K8S602",
        name="host-namespaces",
        title="The pod shares a host namespace (PSS Baseline: Host Namespaces)",
        severity=Severity.HIGH,
        rationale=(
            "hostNetwork, hostPID or hostIPC set to true puts the pod in the node's network, "
            "process or IPC namespace: it can sniff and bind every node interface, see and "
            "signal every process on the node (and read their environment), or reach the "
            "host's shared memory. The PSS Baseline profile forbids all three."
        ),
        fix="Remove hostNetwork/hostPID/hostIPC (or set them to false); expose ports through a Service.",
        bad=_pod("", pod="hostNetwork: true\nhostPID: true"),
        good=_pod(""),
        peers=(*_ksv(8, 9, 10), "CKV_K8S_17", "CKV_K8S_18", "CKV_K8S_19", "host-network", "host-pid", "host-ipc"),
        references=(PSS + "#baseline", "CIS Kubernetes Benchmark 5.2.3-5.2.5"),
        since="0.2.0",
    ),
    Rule(
        id="K8S603",
        name="privileged-container",
        title="A privileged container (PSS Baseline: Privileged Containers)",
        severity=Severity.CRITICAL,
        rationale=(
            "securityContext.privileged: true gives the container every capability, every "
            "device of the node and no seccomp/AppArmor confinement: root in it is root on the "
            "node. The PSS Baseline profile forbids it for containers, initContainers and "
            "ephemeralContainers."
        ),
        fix="Remove privileged: true; add only the specific capability the workload needs, if any.",
        bad=_pod("", container="securityContext:\n  privileged: true"),
        good=_pod("", container="securityContext:\n  privileged: false"),
        peers=(*_ksv(17), "CKV_K8S_16", "privileged-container"),
        references=(PSS + "#baseline", "CIS Kubernetes Benchmark 5.2.2", "CWE-250"),
        since="0.2.0",
    ),
    Rule(
        id="K8S604",
        name="capabilities-added",
        title="A capability beyond the default set is added (PSS Baseline: Capabilities)",
        severity=Severity.HIGH,
        rationale=(
            "capabilities.add names a Linux capability outside the container runtime's default "
            "set (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, "
            "SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT). SYS_ADMIN, NET_ADMIN, SYS_PTRACE, "
            "SYS_MODULE, NET_RAW or ALL are routes to the node. The PSS Baseline profile forbids "
            "them; a `CAP_` prefix is read as the runtime reads it."
        ),
        fix="Remove the capability; if the workload truly needs it, isolate it in an exempted namespace.",
        bad=_pod("", container="securityContext:\n  capabilities:\n    add: [SYS_ADMIN]"),
        good=_pod("", container="securityContext:\n  capabilities:\n    drop: [ALL]\n    add: [NET_BIND_SERVICE]"),
        peers=(*_ksv(22, 5), "CKV_K8S_25", "CKV_K8S_39"),
        references=(PSS + "#baseline", "CIS Kubernetes Benchmark 5.2.8", "CWE-250"),
        since="0.2.0",
    ),
    Rule(
        id="K8S605",
        name="host-path-volume",
        title="A hostPath volume (PSS Baseline: HostPath Volumes)",
        severity=Severity.HIGH,
        rationale=(
            "A hostPath volume mounts a directory of the node into the pod: the node's files, "
            "credentials and other pods' data become readable (and writable) from the container. "
            "The container runtime's socket (docker.sock, containerd.sock, crio.sock) is critical: "
            "it lets the pod start a privileged container on the node. The PSS Baseline profile "
            "forbids hostPath; paths under k8s.allowed_host_paths are accepted."
        ),
        fix="Use an emptyDir, configMap, secret or persistentVolumeClaim volume instead of hostPath.",
        bad=_pod("  volumes:\n    - name: docker\n      hostPath:\n        path: /var/run/docker.sock"),
        good=_pod("  volumes:\n    - name: scratch\n      emptyDir: {}"),
        peers=(*_ksv(23, 6), "CKV_K8S_27", "docker-sock", "sensitive-host-mounts", "writable-host-mount"),
        references=(PSS + "#baseline", "CWE-668", "https://kubernetes.io/docs/concepts/storage/volumes/#hostpath"),
        since="0.2.0",
    ),
    Rule(
        id="K8S606",
        name="host-port",
        title="A container port is bound to the node (PSS Baseline: Host Ports)",
        severity=Severity.HIGH,
        rationale=(
            "ports[].hostPort binds the container port on the node's own interfaces, around "
            "Services and NetworkPolicies, and ties the pod to nodes where the port is free. "
            "The PSS Baseline profile forbids host ports (0 means none)."
        ),
        fix="Remove hostPort and expose the port through a Service (ClusterIP, NodePort or LoadBalancer).",
        bad=_pod("", container="ports:\n  - containerPort: 8080\n    hostPort: 8080"),
        good=_pod("", container="ports:\n  - containerPort: 8080"),
        peers=(*_ksv(24), "CKV_K8S_26"),
        references=(PSS + "#baseline",),
        since="0.2.0",
    ),
    Rule(
        id="K8S607",
        name="apparmor-unconfined",
        title="AppArmor is turned off (PSS Baseline: AppArmor)",
        severity=Severity.HIGH,
        rationale=(
            "appArmorProfile.type: Unconfined (or the annotation "
            "container.apparmor.security.beta.kubernetes.io/<name>: unconfined) removes the "
            "mandatory access control profile the runtime applies by default. The PSS Baseline "
            "profile allows only RuntimeDefault and Localhost profiles."
        ),
        fix="Remove the override (RuntimeDefault applies) or use a Localhost profile.",
        bad=_pod("", container="securityContext:\n  appArmorProfile:\n    type: Unconfined"),
        good=_pod("", container="securityContext:\n  appArmorProfile:\n    type: RuntimeDefault"),
        peers=_ksv(2),
        references=(PSS + "#baseline", "https://kubernetes.io/docs/tutorials/security/apparmor/"),
        since="0.2.0",
    ),
    Rule(
        id="K8S608",
        name="selinux-options",
        title="A custom SELinux type, user or role (PSS Baseline: SELinux)",
        severity=Severity.HIGH,
        rationale=(
            "seLinuxOptions.type other than container_t, container_init_t, container_kvm_t or "
            "container_engine_t (spc_t, unconfined_t ...), or any seLinuxOptions.user or role, "
            "takes the container out of its SELinux confinement. The PSS Baseline profile "
            "forbids them; level is allowed."
        ),
        fix="Remove seLinuxOptions type/user/role; set only level when you need MCS categories.",
        bad=_pod("", container="securityContext:\n  seLinuxOptions:\n    type: spc_t"),
        good=_pod("", container="securityContext:\n  seLinuxOptions:\n    level: \"s0:c123,c456\""),
        peers=_ksv(25),
        references=(PSS + "#baseline",),
        since="0.2.0",
    ),
    Rule(
        id="K8S609",
        name="proc-mount-unmasked",
        title="/proc is mounted unmasked (PSS Baseline: /proc Mount Type)",
        severity=Severity.HIGH,
        rationale=(
            "procMount: Unmasked removes the masking of sensitive /proc paths (kcore, "
            "sysrq-trigger, ...) the runtime applies. The PSS Baseline profile allows only Default."
        ),
        fix="Remove procMount (or set it to Default).",
        bad=_pod("", container="securityContext:\n  procMount: Unmasked"),
        good=_pod("", container="securityContext:\n  procMount: Default"),
        peers=(*_ksv(27), "unsafe-proc-mount"),
        references=(PSS + "#baseline",),
        since="0.2.0",
    ),
    Rule(
        id="K8S610",
        name="seccomp-unconfined",
        title="seccomp is turned off (PSS Baseline: Seccomp)",
        severity=Severity.HIGH,
        rationale=(
            "seccompProfile.type: Unconfined (or the seccomp.security.alpha.kubernetes.io "
            "annotation set to unconfined) lets the container make every system call, including "
            "the ones most kernel exploits need. The PSS Baseline profile forbids Unconfined at "
            "the pod and container level."
        ),
        fix="Set seccompProfile.type: RuntimeDefault (or a Localhost profile).",
        bad=_pod("", pod="securityContext:\n  seccompProfile:\n    type: Unconfined"),
        good=_pod("", pod="securityContext:\n  seccompProfile:\n    type: RuntimeDefault"),
        peers=_ksv(104),
        references=(PSS + "#baseline", "https://kubernetes.io/docs/tutorials/security/seccomp/"),
        since="0.2.0",
    ),
    Rule(
        id="K8S611",
        name="unsafe-sysctls",
        title="An unsafe sysctl is set (PSS Baseline: Sysctls)",
        severity=Severity.HIGH,
        rationale=(
            "securityContext.sysctls sets a kernel parameter outside the namespaced safe set "
            "(kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.ip_unprivileged_port_start, "
            "net.ipv4.tcp_syncookies, net.ipv4.ping_group_range, net.ipv4.ip_local_reserved_ports, "
            "net.ipv4.tcp_keepalive_time, net.ipv4.tcp_fin_timeout, net.ipv4.tcp_keepalive_intvl, "
            "net.ipv4.tcp_keepalive_probes): it may affect every pod on the node. The PSS "
            "Baseline profile forbids it."
        ),
        fix="Remove the sysctl, or set it on dedicated nodes through the kubelet's --allowed-unsafe-sysctls.",
        bad=_pod("", pod="securityContext:\n  sysctls:\n    - name: kernel.msgmax\n      value: \"65536\""),
        good=_pod("", pod="securityContext:\n  sysctls:\n    - name: net.ipv4.ip_local_port_range\n      value: \"32768 60999\""),
        peers=(*_ksv(26), "unsafe-sysctls"),
        references=(PSS + "#baseline", "https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/"),
        since="0.2.0",
    ),
    # --- PSS Restricted -------------------------------------------------------------------
    Rule(
        id="K8S612",
        name="volume-type-not-allowed",
        title="A volume type outside the restricted list (PSS Restricted: Volume Types)",
        severity=Severity.MEDIUM,
        rationale=(
            "The PSS Restricted profile allows only configMap, csi, downwardAPI, emptyDir, "
            "ephemeral, persistentVolumeClaim, projected and secret volumes. Other in-tree "
            "types (nfs, iscsi, rbd, gitRepo, ...) reach node or network storage directly, "
            "around the PersistentVolume layer. hostPath is K8S605's."
        ),
        fix="Use a persistentVolumeClaim (or csi) volume instead.",
        bad=_pod("  volumes:\n    - name: data\n      nfs:\n        server: nfs.example.com\n        path: /exports"),
        good=_pod("  volumes:\n    - name: data\n      persistentVolumeClaim:\n        claimName: data"),
        peers=_ksv(28),
        references=(PSS + "#restricted",),
        since="0.2.0",
    ),
    Rule(
        id="K8S613",
        name="privilege-escalation-allowed",
        title="allowPrivilegeEscalation is not false (PSS Restricted: Privilege Escalation)",
        severity=Severity.MEDIUM,
        rationale=(
            "Unless allowPrivilegeEscalation is false, a process in the container may gain more "
            "privileges than its parent (setuid binaries, file capabilities): no_new_privs is "
            "not set. The PSS Restricted profile requires false on every container (Linux pods)."
        ),
        fix="Set securityContext.allowPrivilegeEscalation: false on the container.",
        bad=_pod("", container="securityContext:\n  runAsNonRoot: true"),
        good=_pod("", container="securityContext:\n  allowPrivilegeEscalation: false"),
        peers=(*_ksv(1), "CKV_K8S_20", "privilege-escalation-container"),
        references=(PSS + "#restricted", "CIS Kubernetes Benchmark 5.2.6"),
        since="0.2.0",
    ),
    Rule(
        id="K8S614",
        name="run-as-non-root-missing",
        title="runAsNonRoot is not true (PSS Restricted: Running as Non-root)",
        severity=Severity.MEDIUM,
        rationale=(
            "Without runAsNonRoot: true the container runs as whatever user its image says, "
            "root for most images. The kubelet refuses to start a container that would run as "
            "UID 0 only when the effective runAsNonRoot is true: the container's own value, else "
            "the pod's. The PSS Restricted profile requires it for every container."
        ),
        fix="Set securityContext.runAsNonRoot: true on the pod (and a non-root runAsUser or image USER).",
        bad=_pod("", container="securityContext:\n  runAsNonRoot: false"),
        good=_pod("", pod="securityContext:\n  runAsNonRoot: true"),
        peers=(*_ksv(12), "CKV_K8S_23", "run-as-non-root"),
        references=(PSS + "#restricted", "CIS Kubernetes Benchmark 5.2.7", "CWE-250"),
        since="0.2.0",
    ),
    Rule(
        id="K8S615",
        name="run-as-user-root",
        title="runAsUser is 0 (PSS Restricted: Running as Non-root user)",
        severity=Severity.MEDIUM,
        rationale=(
            "runAsUser: 0 runs the container's processes as root whatever the image says. The "
            "PSS Restricted profile forbids it at the pod and container level."
        ),
        fix="Set runAsUser to a non-zero UID (e.g. 10001), or leave it out and set runAsNonRoot: true.",
        bad=_pod("", container="securityContext:\n  runAsUser: 0"),
        good=_pod("", container="securityContext:\n  runAsUser: 10001"),
        peers=(*_ksv(105), "run-as-non-root"),
        references=(PSS + "#restricted", "CWE-250"),
        since="0.2.0",
    ),
    Rule(
        id="K8S616",
        name="seccomp-profile-missing",
        title="No RuntimeDefault or Localhost seccomp profile (PSS Restricted: Seccomp)",
        severity=Severity.MEDIUM,
        rationale=(
            "Without a seccompProfile of type RuntimeDefault or Localhost (the container's own, "
            "else the pod's), the container runs Unconfined on most clusters: the kubelet does "
            "not apply the runtime's default profile unless told to. The PSS Restricted profile "
            "requires one (Linux pods)."
        ),
        fix="Set securityContext.seccompProfile.type: RuntimeDefault on the pod.",
        bad=_pod(""),
        good=_pod("", pod="securityContext:\n  seccompProfile:\n    type: RuntimeDefault"),
        peers=(*_ksv(30), "CKV_K8S_31"),
        references=(PSS + "#restricted", "https://kubernetes.io/docs/tutorials/security/seccomp/"),
        since="0.2.0",
    ),
    Rule(
        id="K8S617",
        name="capabilities-not-dropped",
        title="Capabilities are not dropped to the minimum (PSS Restricted: Capabilities)",
        severity=Severity.MEDIUM,
        rationale=(
            "The PSS Restricted profile requires every container to drop ALL capabilities and "
            "to add back at most NET_BIND_SERVICE (Linux pods). The runtime's default set "
            "still holds NET_RAW (packet spoofing), CHOWN, DAC_OVERRIDE, SETUID and more. A "
            "capability beyond the default set is K8S604's."
        ),
        fix="Set securityContext.capabilities.drop: [ALL] and add only NET_BIND_SERVICE if the process binds a port below 1024.",
        bad=_pod("", container="securityContext:\n  capabilities:\n    drop: [NET_RAW]"),
        good=_pod("", container="securityContext:\n  capabilities:\n    drop: [ALL]"),
        peers=(*_ksv(3, 106), "CKV_K8S_37", "CKV_K8S_28", "drop-net-raw-capability"),
        references=(PSS + "#restricted", "CIS Kubernetes Benchmark 5.2.9"),
        since="0.2.0",
    ),
    # --- beyond the PSS -------------------------------------------------------------------
    Rule(
        id="K8S618",
        name="read-only-root-filesystem-missing",
        title="The root filesystem is writable",
        severity=Severity.LOW,
        rationale=(
            "Without readOnlyRootFilesystem: true an attacker who gets code execution can drop "
            "tools and persist changes in the container's filesystem. Writable paths the "
            "application needs belong in emptyDir volumes."
        ),
        fix="Set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where the app writes.",
        bad=_pod("", container="securityContext:\n  readOnlyRootFilesystem: false"),
        good=_pod("", container="securityContext:\n  readOnlyRootFilesystem: true"),
        peers=(*_ksv(14), "CKV_K8S_22", "no-read-only-root-fs"),
        references=(CONTEXT, "CIS Kubernetes Benchmark 5.7.3"),
        since="0.2.0",
    ),
    Rule(
        id="K8S619",
        name="memory-limit-missing",
        title="A container has no memory limit",
        severity=Severity.LOW,
        default=False,
        rationale=(
            "A container without resources.limits.memory can take the node's memory, starving "
            "or evicting its neighbours (a denial of service from one leaking or attacked pod). "
            "Opt-in: a LimitRange in the namespace may set the limit instead. Ephemeral "
            "containers cannot have limits and are not checked."
        ),
        fix="Set resources.limits.memory on the container.",
        bad=_pod(""),
        good=_pod("", container="resources:\n  limits:\n    memory: 256Mi"),
        peers=(*_ksv(18), "CKV_K8S_13", "unset-memory-requirements"),
        references=("https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/", "CWE-770"),
        since="0.2.0",
    ),
    Rule(
        id="K8S620",
        name="image-not-pinned",
        title="A container image is untagged or :latest",
        severity=Severity.MEDIUM,
        rationale=(
            "An image with no tag (which pulls :latest) or the :latest tag is a moving target: "
            "each node, restart or rollout may run a different image, and a compromised push "
            "lands without review. A digest (@sha256:...) pins any tag. The judgement is the "
            "Dockerfile hook's (DKR203/DKR204); an image a variable hides is not judged."
        ),
        fix="Use a release tag, ideally with its @sha256 digest.",
        bad=_pod("").replace("app:1.4.2", "app:latest"),
        good=_pod(""),
        peers=(*_ksv(13), "CKV_K8S_14", "latest-tag"),
        references=("CWE-1357", "https://kubernetes.io/docs/concepts/containers/images/#image-names"),
        since="0.2.0",
    ),
    Rule(
        id="K8S621",
        supersedes=("SEC",),  # the same literal secret, judged with its context: one finding
        name="env-literal-secret",
        title="A literal secret in a container's environment",
        severity=Severity.HIGH,
        rationale=(
            "env[].value holds a credential in the manifest: it is committed to git, readable by "
            "everyone who can read the Deployment, and shown by kubectl describe. The value is "
            "judged by the secrets hook's classifier (provider token shapes, or a secret-like "
            "name with a random-looking value); valueFrom references are fine."
        ),
        fix="Move the value to a Secret and use env[].valueFrom.secretKeyRef (or mount it as a file).",
        bad=_pod("", container="env:\n  - name: DB_PASSWORD\n    value: \"t9Vq2rLx8sWm\""),
        good=_pod("", container="env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef:\n        name: db\n        key: password"),
        peers=("env-var-secret",),
        references=("CWE-798", "https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-environment-variables"),
        since="0.2.0",
    ),
    Rule(
        id="K8S622",
        name="service-account-token-automount",
        title="The service account token is mounted into a pod that does not name a service account",
        severity=Severity.LOW,
        default=False,
        rationale=(
            "Unless automountServiceAccountToken is false (on the pod, or on the ServiceAccount "
            "when it is in the same file), every container gets an API token: code execution in "
            "the pod becomes access to the Kubernetes API with the account's rights. Opt-in; a "
            "pod that names its own serviceAccountName is taken to need the API and is not reported."
        ),
        fix="Set automountServiceAccountToken: false on the pod spec (or on its ServiceAccount).",
        bad=_pod(""),
        good=_pod("", pod="automountServiceAccountToken: false"),
        peers=(*_ksv(36), "CKV_K8S_38"),
        references=("CIS Kubernetes Benchmark 5.1.6", "https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/"),
        since="0.2.0",
    ),
    Rule(
        id="K8S623",
        name="rbac-wildcard",
        title="An RBAC rule grants every verb or every resource",
        severity=Severity.HIGH,
        rationale=(
            "A Role or ClusterRole rule with `*` in verbs or resources grants far more than any "
            "one workload needs, including permissions added to the API later (a wildcard on a "
            "ClusterRole is nearly cluster-admin)."
        ),
        fix="List the exact resources and verbs the subject needs.",
        bad="apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: app\nrules:\n  - apiGroups: [\"\"]\n    resources: [\"*\"]\n    verbs: [\"*\"]",
        good="apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: app\nrules:\n  - apiGroups: [\"\"]\n    resources: [\"configmaps\"]\n    verbs: [\"get\", \"list\"]",
        peers=(*_ksv(44, 45, 46), "CKV_K8S_49", "wildcard-in-rules"),
        references=(RBAC, "CIS Kubernetes Benchmark 5.1.3"),
        since="0.2.0",
    ),
    Rule(
        id="K8S624",
        name="rbac-sensitive-permission",
        title="An RBAC rule grants a privilege-escalation permission",
        severity=Severity.HIGH,
        rationale=(
            "Some grants are as good as cluster-admin: reading secrets (get/list/watch: every "
            "service account token in scope), escalate and bind on roles (grant yourself any "
            "permission), impersonate (act as any user, group or service account), "
            "create on pods/exec (a shell in any pod) and nodes/proxy (the kubelet API, exec in "
            "every pod of the node)."
        ),
        fix="Remove the grant, or narrow it with resourceNames to the objects the subject must touch.",
        bad="apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: reader\nrules:\n  - apiGroups: [\"\"]\n    resources: [\"secrets\"]\n    verbs: [\"get\", \"list\"]",
        good="apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: reader\nrules:\n  - apiGroups: [\"\"]\n    resources: [\"configmaps\"]\n    verbs: [\"get\", \"list\"]",
        peers=(*_ksv(41, 43, 47, 50, 53), "CKV_K8S_157", "CKV_K8S_158", "access-to-secrets"),
        references=(RBAC, "CIS Kubernetes Benchmark 5.1.2", "https://kubernetes.io/docs/reference/access-authn-authz/rbac/#privilege-escalation-prevention-and-bootstrapping"),
        since="0.2.0",
    ),
    Rule(
        id="K8S625",
        name="cluster-admin-binding",
        title="cluster-admin is bound to a service account or to every (un)authenticated user",
        severity=Severity.CRITICAL,
        rationale=(
            "A RoleBinding or ClusterRoleBinding of the cluster-admin ClusterRole to a "
            "ServiceAccount makes every pod running as it a cluster owner; to the groups "
            "system:authenticated or system:unauthenticated (or the user system:anonymous) it "
            "makes every caller one."
        ),
        fix="Bind a Role with the permissions the account needs instead of cluster-admin.",
        bad=("apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: ci\n"
             "roleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: cluster-admin\n"
             "subjects:\n  - kind: ServiceAccount\n    name: ci\n    namespace: ci"),
        good=("apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: ci\n  namespace: apps\n"
              "roleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n  name: deployer\n"
              "subjects:\n  - kind: ServiceAccount\n    name: ci\n    namespace: ci"),
        peers=(*_ksv(111), "cluster-admin-role-binding"),
        references=(RBAC, "CIS Kubernetes Benchmark 5.1.1"),
        since="0.2.0",
    ),
    Rule(
        id="K8S626",
        name="image-untrusted-registry",
        title="A container image comes from a registry outside k8s.trusted_registries",
        severity=Severity.MEDIUM,
        rationale=(
            "When k8s.trusted_registries lists the registries your clusters may pull from, an "
            "image from anywhere else (Docker Hub short names included) bypasses the scanning "
            "and signing those registries enforce. Silent while the option is empty."
        ),
        fix="Pull the image through one of the trusted registries (mirror it there).",
        bad=_pod("").replace("registry.example.com/app:1.4.2", "nginx:1.27"),
        good=_pod(""),
        peers=_ksv(125),
        references=("https://kubernetes.io/docs/concepts/security/security-checklist/#images",),
        since="0.2.0",
    ),
)

BASELINE = tuple(f"K8S6{n:02d}" for n in range(1, 12))
RESTRICTED = tuple(f"K8S6{n:02d}" for n in range(12, 18))


def _paths(value: object) -> str | None:
    if not isinstance(value, (list, tuple)):
        return "expected a list of paths"
    bad = [p for p in value if not isinstance(p, str) or not p.startswith("/")]
    return f"{bad[0]!r} is not an absolute path" if bad else None


OPTIONS = {
    "profile": Option(
        default="restricted",
        help=(
            "Pod Security Standards profile: \"restricted\" runs the Baseline and the Restricted "
            "rules (K8S601-K8S617), \"baseline\" turns the Restricted ones (K8S612-K8S617) off."
        ),
        choices=("baseline", "restricted"),
    ),
    "allowed_host_paths": Option(
        default=(),
        help="hostPath paths K8S605 accepts: the path itself or anything under it (globs allowed).",
        kind=list,
        item=str,
        validate=_paths,
    ),
    "trusted_registries": Option(
        default=(),
        help=(
            "Registry prefixes images must come from (K8S626), e.g. \"registry.example.com\" or "
            "\"docker.io/library\". Empty (the default): K8S626 is silent."
        ),
        kind=list,
        item=str,
    ),
    "namespaces": Option(
        default=(),
        help="Namespaces whose objects are not checked at all (e.g. kube-system for a CNI DaemonSet).",
        kind=list,
        item=str,
    ),
}
