"""sechooks-kubernetes: Kubernetes manifests against the Pod Security Standards (K8S600-K8S626,
docs/kubernetes.md).

Reads every YAML document whose apiVersion/kind is a workload (Pod, Deployment, StatefulSet,
DaemonSet, ReplicaSet, ReplicationController, Job, CronJob, PodTemplate), an RBAC object or a
ServiceAccount, also inside `kind: List`; anything else is skipped without a word. A
container's securityContext overrides the pod's field by field, as the kubelet applies them.
"""
from __future__ import annotations

import re
TYPE_CHECKING = False  # typing costs ~5 ms to import; annotations are strings
if TYPE_CHECKING:
    from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

from sechooks.core import cli
from sechooks.core.finding import Finding, Severity
from sechooks.core.suppress import Compat
from sechooks.rules.k8s import RESTRICTED as RESTRICTED_RULES

_API = {  # kind -> API groups it lives in ("" is the core group, `apiVersion: v1`)
    "Pod": ("",), "PodTemplate": ("",), "ReplicationController": ("",), "ServiceAccount": ("",), "Secret": ("",),
    "Deployment": ("apps", "extensions"), "DaemonSet": ("apps", "extensions"), "ReplicaSet": ("apps", "extensions"),
    "StatefulSet": ("apps",), "Job": ("batch",), "CronJob": ("batch",),
    "Role": ("rbac.authorization.k8s.io",), "ClusterRole": ("rbac.authorization.k8s.io",),
    "RoleBinding": ("rbac.authorization.k8s.io",), "ClusterRoleBinding": ("rbac.authorization.k8s.io",),
}
_TEMPLATE_PATH = {  # where the pod spec sits: the keys down to the map holding `spec` (and `metadata`)
    "Pod": (), "PodTemplate": ("template",), "ReplicationController": ("spec", "template"),
    "Deployment": ("spec", "template"), "DaemonSet": ("spec", "template"), "ReplicaSet": ("spec", "template"),
    "StatefulSet": ("spec", "template"), "Job": ("spec", "template"),
    "CronJob": ("spec", "jobTemplate", "spec", "template"),
}
_CONTAINER_LISTS = (("initContainers", "init container"), ("containers", "container"), ("ephemeralContainers", "ephemeral container"))
DEFAULT_CAPS = frozenset({
    "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE",
    "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
})
SAFE_SYSCTLS = frozenset({
    "kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start",
    "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports",
    "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes",
})
SELINUX_TYPES = frozenset({"", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"})
RESTRICTED_VOLUMES = frozenset({
    "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret",
})
RUNTIME_SOCKETS = ("docker.sock", "containerd.sock", "crio.sock", "dockershim.sock", "cri-dockerd.sock")
# a directory that holds a runtime socket (or the whole node) is as bad as the socket
RUNTIME_DIRS = frozenset({
    "/", "/var", "/run", "/var/run", "/run/docker", "/var/run/docker", "/run/containerd", "/var/run/containerd",
    "/run/crio", "/var/run/crio", "/var/lib/docker", "/var/lib/containerd",
})
_ANNOTATION_IGNORE = "sechooks.io/ignore"
_APPARMOR_ANNOTATION = "container.apparmor.security.beta.kubernetes.io/"
_SECCOMP_ANNOTATIONS = ("seccomp.security.alpha.kubernetes.io/pod", "container.seccomp.security.alpha.kubernetes.io/")
_GO_TEMPLATE = re.compile(
    r"\{\{-?\s*(?:\$?\.[A-Za-z]|(?:if|else|end|range|with|include|template|define|toYaml|tpl|required|block)\b|/\*)")
_BLOCK_SCALAR = re.compile(r"^(\s*)(?:-\s+)?[^#\s][^#]*:\s*[|>][-+0-9]*\s*(?:#.*)?$")
_SOURCE = re.compile(r"^# Source: ([^\n]*)", re.M)  # stripped in Python: `.*?\s*$` backtracks on blanks
_K8S_KEYS = re.compile(r"^[ \t]*(?:-[ \t]+)?apiVersion[ \t]*:", re.M)


def _redact(text: str) -> str:
    from sechooks.engines.secrets import redact

    return redact(text)


def _quote(text: object) -> str:
    return "'" + _redact(str(text)) + "'"


def _image(image: str) -> str:
    """An image reference quoted part by part: `team/app:1.2` reads as written, while a
    secret-shaped part (a digest, a pasted token) is still masked."""
    return "'" + "".join(part if part in "/:@" else _redact(part) for part in re.split(r"([/:@])", image[:200])) + "'"


# --- the object model -----------------------------------------------------------------------

class Spot:
    """Where a finding points: a key of a map, an item of a list, or a line."""

    __slots__ = ("line", "col")

    def __init__(self, line: int, col: int = 1) -> None:
        self.line, self.col = line, col

    @classmethod
    def key(cls, holder: Any, key: str) -> Spot:
        return cls(holder.key_line(key), holder.key_col(key))

    @classmethod
    def item(cls, seq: Any, index: int) -> Spot:
        return cls(seq.item_line(index), seq.item_col(index))


if TYPE_CHECKING:
    Hit = tuple[str, Spot, str, "Severity | None"]


def _map(value: Any) -> Any:
    """The value if it is a YAML mapping (our Map), else None."""
    from sechooks.core import yaml

    return value if isinstance(value, yaml.Map) else None


def _seq(value: Any) -> Any:
    from sechooks.core import yaml

    return value if isinstance(value, yaml.Seq) else None


def _set(holder: Any, key: str) -> bool:
    """`key` is present with a value (`null` means unset, as the API server reads it)."""
    return holder is not None and holder.get(key) is not None


class Container:
    """One container of a pod spec and its securityContext."""

    def __init__(self, value: Any, what: str, spot: Spot) -> None:
        self.value, self.what, self.spot = value, what, spot
        self.sc = _map(value.get("securityContext"))
        name = value.get("name")
        self.label = f"{what} {_quote(name)}" if isinstance(name, str) else what

    def where(self, *keys: str) -> Spot:
        """The deepest of securityContext.<keys...> that exists, else the container's line."""
        holder, spot = self.value, self.spot
        for key in ("securityContext", *keys):
            if _map(holder) is None or key not in holder:
                break
            spot = Spot.key(holder, key)
            holder = holder[key]
        return spot


class PodSpec:
    """A pod spec with what the rules ask of it: containers and the effective security context."""

    def __init__(self, spec: Any, spec_spot: Spot, meta: Any) -> None:
        self.spec, self.spot, self.meta = spec, spec_spot, meta
        self.sc = _map(spec.get("securityContext"))
        self.containers: list[Container] = []
        for field, what in _CONTAINER_LISTS:
            items = _seq(spec.get(field))
            for index, item in enumerate(items or ()):
                if _map(item) is not None:
                    self.containers.append(Container(item, what, Spot.item(items, index)))
        os_ = _map(spec.get("os"))
        self.windows = os_ is not None and os_.get("name") == "windows"

    def effective(self, container: Container, field: str) -> tuple[Any, Any, str]:
        """(value, map holding it, "container" | "pod" | "") of a field the pod may set for
        every container: the container's own value wins, as in the kubelet."""
        if _set(container.sc, field):
            return container.sc[field], container.sc, "container"
        if _set(self.sc, field):
            return self.sc[field], self.sc, "pod"
        return None, None, ""

    def pod_where(self) -> Spot:
        """The pod's securityContext key, else its `spec:` key."""
        return Spot.key(self.spec, "securityContext") if self.sc is not None else self.spot

    def annotations(self) -> Iterator[tuple[str, Any, Spot]]:
        notes = _map(_map(self.meta).get("annotations")) if _map(self.meta) is not None else None
        for key, value in (notes or {}).items():
            yield str(key), value, Spot.key(notes, key)


class Obj:
    """One Kubernetes object of the file and the run's options."""

    def __init__(self, value: Any, kind: str, options: Mapping[str, Any], service_accounts: Mapping[tuple[str, str], bool],
                 partial: bool = False) -> None:
        self.value, self.kind, self.options = value, kind, options
        # a kustomize patch: only the fields it changes are written, so a missing field
        # is not a finding (the base it patches is checked on its own)
        self.partial = partial
        self.meta = _map(value.get("metadata"))
        namespace = self.meta.get("namespace") if self.meta is not None else None
        self.namespace = namespace if isinstance(namespace, str) else ""
        self.service_accounts = service_accounts
        self.pod = self._pod()

    def _pod(self) -> PodSpec | None:
        path = _TEMPLATE_PATH.get(self.kind)
        if path is None:
            return None
        holder = self.value
        for key in path:
            holder = _map(holder.get(key))
            if holder is None:
                return None
        spec = _map(holder.get("spec"))
        if spec is None:
            return None
        return PodSpec(spec, Spot.key(holder, "spec"), holder.get("metadata"))


# --- PSS Baseline ---------------------------------------------------------------------------

def host_process(obj: Obj) -> Iterator[Hit]:
    pod = obj.pod
    if pod is None:
        return
    for c in pod.containers or [Container(_empty(), "pod", pod.spot)]:
        own = _map(c.sc.get("windowsOptions")) if c.sc is not None else None
        shared = _map(pod.sc.get("windowsOptions")) if pod.sc is not None else None
        holder = own if _set(own, "hostProcess") else shared if _set(shared, "hostProcess") else None
        if holder is not None and holder["hostProcess"] is True:
            whose = c.label if holder is own else "the pod securityContext"
            yield "K8S601", Spot.key(holder, "hostProcess"), f"{whose} sets windowsOptions.hostProcess: true (a HostProcess container)", None


def _empty() -> Any:
    from sechooks.core import yaml

    return yaml.Map()


def host_namespaces(obj: Obj) -> Iterator[Hit]:
    if obj.pod is None:
        return
    what = {"hostNetwork": "network", "hostPID": "process", "hostIPC": "IPC"}
    for key, namespace in what.items():
        if obj.pod.spec.get(key) is True:
            yield "K8S602", Spot.key(obj.pod.spec, key), f"{key}: true shares the node's {namespace} namespace", None


def privileged(obj: Obj) -> Iterator[Hit]:
    for c in obj.pod.containers if obj.pod else ():
        if c.sc is not None and c.sc.get("privileged") is True:
            yield "K8S603", Spot.key(c.sc, "privileged"), f"{c.label} is privileged (privileged: true)", None


def _caps(c: Container, which: str) -> Iterator[tuple[str, Spot]]:
    caps = _map(c.sc.get("capabilities")) if c.sc is not None else None
    items = _seq(caps.get(which)) if caps is not None else None
    for index, cap in enumerate(items or ()):
        if isinstance(cap, str):
            yield cap, Spot.item(items, index)


def _cap_name(cap: str) -> str:
    upper = cap.strip().upper()
    return upper[4:] if upper.startswith("CAP_") else upper


def capabilities_added(obj: Obj) -> Iterator[Hit]:
    for c in obj.pod.containers if obj.pod else ():
        for cap, spot in _caps(c, "add"):
            if _cap_name(cap) not in DEFAULT_CAPS:
                yield "K8S604", spot, f"{c.label} adds the capability {_quote(cap)}", None


def _allowed_path(path: str, allowed: Iterable[str]) -> bool:
    import fnmatch

    for prefix in allowed:
        base = prefix.rstrip("/") or "/"
        if path == base or path.startswith(base.rstrip("/") + "/") or fnmatch.fnmatchcase(path, prefix):
            return True
    return False


def _volumes(obj: Obj) -> Iterator[tuple[Any, str, Spot]]:
    """(volume map, its name, its spot) of the pod's volumes."""
    items = _seq(obj.pod.spec.get("volumes")) if obj.pod else None
    for index, volume in enumerate(items or ()):
        if _map(volume) is not None:
            name = volume.get("name")
            yield volume, name if isinstance(name, str) else "", Spot.item(items, index)


def host_path(obj: Obj) -> Iterator[Hit]:
    import posixpath

    for volume, name, spot in _volumes(obj):
        source = _map(volume.get("hostPath"))
        if source is None:
            if "hostPath" in volume:  # `hostPath:` with no map: still a hostPath volume
                yield "K8S605", Spot.key(volume, "hostPath"), f"volume {_quote(name)} is a hostPath volume", None
            continue
        raw = source.get("path")
        path = posixpath.normpath(raw) if isinstance(raw, str) and raw.startswith("/") else raw
        at = Spot.key(source, "path") if "path" in source else Spot.key(volume, "hostPath")
        if isinstance(path, str) and path.startswith("//"):
            path = "/" + path.lstrip("/")
        if isinstance(path, str) and _allowed_path(path, obj.options.get("allowed_host_paths", ())):
            continue
        if isinstance(path, str) and (path.endswith(RUNTIME_SOCKETS) or path in RUNTIME_DIRS):
            what = "the container runtime socket" if path.endswith(RUNTIME_SOCKETS) else "a node directory holding the container runtime socket" if path != "/" else "the node's whole filesystem"
            yield "K8S605", at, f"volume {_quote(name)} mounts {what} {_quote(path)} from the node", Severity.CRITICAL
        else:
            yield "K8S605", at, f"volume {_quote(name)} mounts {_quote(path)} from the node (hostPath)", None


def host_ports(obj: Obj) -> Iterator[Hit]:
    for c in obj.pod.containers if obj.pod else ():
        ports = _seq(c.value.get("ports"))
        for port in ports or ():
            if _map(port) is not None and _set(port, "hostPort") and port["hostPort"] not in (0, "0"):
                yield "K8S606", Spot.key(port, "hostPort"), f"{c.label} binds hostPort {_quote(port['hostPort'])} on the node", None


def _whose(c: Container, source: str) -> str:
    return c.label if source == "container" else "the pod securityContext"


def apparmor(obj: Obj) -> Iterator[Hit]:
    pod = obj.pod
    if pod is None:
        return
    for c in pod.containers or [Container(_empty(), "pod", pod.spot)]:
        profile, _, source = pod.effective(c, "appArmorProfile")
        profile = _map(profile)
        kind = profile.get("type") if profile is not None else None
        if kind is not None and kind not in ("RuntimeDefault", "Localhost"):
            yield "K8S607", Spot.key(profile, "type"), f"{_whose(c, source)} sets appArmorProfile type {_quote(kind)}", None
    for key, value, spot in pod.annotations():
        if key.startswith(_APPARMOR_ANNOTATION) and isinstance(value, str):
            if value != "runtime/default" and not value.startswith("localhost/"):
                yield "K8S607", spot, f"AppArmor annotation for {_quote(key[len(_APPARMOR_ANNOTATION):])} is {_quote(value)}", None


def selinux(obj: Obj) -> Iterator[Hit]:
    pod = obj.pod
    if pod is None:
        return
    for c in pod.containers or [Container(_empty(), "pod", pod.spot)]:
        options, _, source = pod.effective(c, "seLinuxOptions")
        options = _map(options)
        if options is None:
            continue
        kind = options.get("type")
        if kind is not None and kind not in SELINUX_TYPES:
            yield "K8S608", Spot.key(options, "type"), f"{_whose(c, source)} sets seLinuxOptions type {_quote(kind)}", None
        for key in ("user", "role"):
            if options.get(key) not in (None, ""):
                yield "K8S608", Spot.key(options, key), f"{_whose(c, source)} sets seLinuxOptions {key} {_quote(options[key])}", None


def proc_mount(obj: Obj) -> Iterator[Hit]:
    for c in obj.pod.containers if obj.pod else ():
        if _set(c.sc, "procMount") and c.sc["procMount"] != "Default":
            yield "K8S609", Spot.key(c.sc, "procMount"), f"{c.label} sets procMount {_quote(c.sc['procMount'])}", None


def _seccomp(pod: PodSpec, c: Container) -> tuple[Any, Any, str]:
    """(type, profile map, source) of the container's effective seccompProfile."""
    profile, _, source = pod.effective(c, "seccompProfile")
    profile = _map(profile)
    return (profile.get("type") if profile is not None else None), profile, source


def seccomp_unconfined(obj: Obj) -> Iterator[Hit]:
    pod = obj.pod
    if pod is None:
        return
    for c in pod.containers or [Container(_empty(), "pod", pod.spot)]:
        kind, profile, source = _seccomp(pod, c)
        if kind is not None and kind not in ("RuntimeDefault", "Localhost"):
            yield "K8S610", Spot.key(profile, "type"), f"{_whose(c, source)} sets seccompProfile type {_quote(kind)}", None
    for key, value, spot in pod.annotations():
        if key.startswith(_SECCOMP_ANNOTATIONS) and isinstance(value, str) and value.lower() == "unconfined":
            yield "K8S610", spot, f"seccomp annotation {_quote(key)} is 'unconfined'", None


def sysctls(obj: Obj) -> Iterator[Hit]:
    pod = obj.pod
    items = _seq(pod.sc.get("sysctls")) if pod is not None and pod.sc is not None else None
    for index, item in enumerate(items or ()):
        name = item.get("name") if _map(item) is not None else None
        if isinstance(name, str) and name not in SAFE_SYSCTLS:
            yield "K8S611", Spot.key(item, "name"), f"sysctl {_quote(name)} is not in the safe set", None


# --- PSS Restricted -------------------------------------------------------------------------

def volume_types(obj: Obj) -> Iterator[Hit]:
    for volume, name, _ in _volumes(obj):
        kinds = [k for k in volume if k != "name"]
        if kinds and kinds[0] != "hostPath" and kinds[0] not in RESTRICTED_VOLUMES:
            yield "K8S612", Spot.key(volume, kinds[0]), f"volume {_quote(name)} is of type {_quote(kinds[0])}", None


def _linux(obj: Obj) -> list[Container]:
    return obj.pod.containers if obj.pod is not None and not obj.pod.windows else []


def privilege_escalation(obj: Obj) -> Iterator[Hit]:
    for c in _linux(obj):
        value = c.sc.get("allowPrivilegeEscalation") if c.sc is not None else None
        if value is not False and not (obj.partial and value is None):
            yield "K8S613", c.where("allowPrivilegeEscalation"), f"{c.label} does not set allowPrivilegeEscalation: false", None


def _pod_wide(obj: Obj, rule: str, ok: Callable[[Container], bool | None], field: str, message: str) -> Iterator[Hit]:
    """A field every container needs (runAsNonRoot, seccompProfile): when neither the pod
    nor any container sets it, one finding on the pod; else one per container left without.
    `ok` says True (fine), False (set to a wrong value) or None (not set anywhere)."""
    pod = obj.pod
    if pod is None or not pod.containers:
        return
    verdicts = [(c, ok(c)) for c in pod.containers]
    if obj.partial:
        verdicts = [(c, v) for c, v in verdicts if v is not None]
    elif all(v is None for _, v in verdicts) and not _set(pod.sc, field):
        yield rule, pod.pod_where(), f"neither the pod nor its containers set {message}", None
        return
    for c, verdict in verdicts:
        if verdict is True:
            continue
        value, holder, source = pod.effective(c, field)
        if holder is None:
            yield rule, c.where(field), f"{c.label} runs without {message}", None
        else:
            shown = str(value).lower() if isinstance(value, bool) else _quote(value)
            yield rule, Spot.key(holder, field), f"{_whose(c, source)} sets {field}: {shown}", None


def run_as_non_root(obj: Obj) -> Iterator[Hit]:
    pod = obj.pod
    if pod is None:
        return

    def ok(c: Container) -> bool | None:
        value, _, _ = pod.effective(c, "runAsNonRoot")
        return None if value is None else value is True

    yield from _pod_wide(obj, "K8S614", ok, "runAsNonRoot", "runAsNonRoot: true")


def run_as_root_user(obj: Obj) -> Iterator[Hit]:
    pod = obj.pod
    if pod is None:
        return
    for c in pod.containers or [Container(_empty(), "pod", pod.spot)]:
        value, holder, source = pod.effective(c, "runAsUser")
        if type(value) is int and value == 0:
            yield "K8S615", Spot.key(holder, "runAsUser"), f"{_whose(c, source)} sets runAsUser: 0 (root)", None


def seccomp_missing(obj: Obj) -> Iterator[Hit]:
    pod = obj.pod
    if pod is None or pod.windows:
        return

    def ok(c: Container) -> bool | None:
        kind, _, _ = _seccomp(pod, c)
        return None if kind is None else True  # another type is K8S610's

    yield from _pod_wide(obj, "K8S616", ok, "seccompProfile", "a RuntimeDefault or Localhost seccompProfile")


def capabilities_not_dropped(obj: Obj) -> Iterator[Hit]:
    for c in _linux(obj):
        drops = [_cap for _cap, _ in _caps(c, "drop")]
        if "ALL" not in drops and not (obj.partial and not drops):
            spelled = next((d for d in drops if d.strip().upper() == "ALL"), None)
            hint = f" ({_quote(spelled)} is not 'ALL': the Pod Security admission compares it exactly)" if spelled else ""
            yield "K8S617", c.where("capabilities", "drop"), f"{c.label} does not drop ALL capabilities{hint}", None
        for cap, spot in _caps(c, "add"):
            name = _cap_name(cap)
            if name in DEFAULT_CAPS and name != "NET_BIND_SERVICE":
                yield "K8S617", spot, f"{c.label} adds {_quote(cap)}: the restricted profile allows only NET_BIND_SERVICE", None


# --- beyond the PSS -------------------------------------------------------------------------

def read_only_root(obj: Obj) -> Iterator[Hit]:
    for c in obj.pod.containers if obj.pod else ():
        value = c.sc.get("readOnlyRootFilesystem") if c.sc is not None else None
        if value is not True and not (obj.partial and value is None):
            yield "K8S618", c.where("readOnlyRootFilesystem"), f"{c.label} does not set readOnlyRootFilesystem: true", None


def memory_limit(obj: Obj) -> Iterator[Hit]:
    for c in obj.pod.containers if obj.pod and not obj.partial else ():
        if c.what == "ephemeral container":
            continue
        resources = _map(c.value.get("resources"))
        limits = _map(resources.get("limits")) if resources is not None else None
        if not _set(limits, "memory"):
            spot = Spot.key(resources, "limits") if limits is not None else Spot.key(c.value, "resources") if resources is not None else c.spot
            yield "K8S619", spot, f"{c.label} has no memory limit", None


def _images(obj: Obj) -> Iterator[tuple[Container, str, Spot]]:
    for c in obj.pod.containers if obj.pod else ():
        image = c.value.get("image")
        if isinstance(image, str) and image.strip():
            yield c, image.strip(), Spot(c.value.value_line("image"), c.value.value_col("image"))


def image_not_pinned(obj: Obj) -> Iterator[Hit]:
    from sechooks.engines import images

    for c, image, spot in _images(obj):
        ref = images.parse(image)
        if ref is None or ref.unknown or images.is_scratch(ref):
            continue
        if images.untagged(ref):
            yield "K8S620", spot, f"{c.label} image {_image(image)} has no tag (pulls :latest)", None
        elif images.latest(ref):
            yield "K8S620", spot, f"{c.label} image {_image(image)} uses the :latest tag", None


def untrusted_registry(obj: Obj) -> Iterator[Hit]:
    trusted = list(obj.options.get("trusted_registries", ()))
    if not trusted:
        return
    from sechooks.engines import images

    for c, image, spot in _images(obj):
        ref = images.parse(image)
        if ref is not None and not images.from_registry(ref, trusted):
            yield "K8S626", spot, f"{c.label} image {_image(image)} is not from a trusted registry", None


def literal_secret(name: str, value: str) -> str | None:
    """What the secrets classifier calls `value` under the variable `name`, or None."""
    from sechooks.engines import secrets as s

    if len(value) < 6 or len(value) > 4096:
        return None
    text = s.Text("env", f"{name}: {value}")
    for token in s.TOKENS + s.SAAS_TOKENS:
        if any(word in text.lower for word in token.keywords):
            for hit in s.find_tokens(token)(text, {}):
                return hit.label
    for hit in s.find_url_credentials(text, {}):
        return hit.label
    kind = s.name_kind(name)
    if kind is not None and not s.non_literal_data(value) and s.generic_value_ok(name, value, kind, s.STOPWORDS):
        return "password" if kind == "password" else "secret"
    return None


def env_secret(obj: Obj) -> Iterator[Hit]:
    from sechooks.engines.secrets import mask

    for c in obj.pod.containers if obj.pod else ():
        for item in _seq(c.value.get("env")) or ():
            if _map(item) is None or not isinstance(item.get("name"), str) or not isinstance(item.get("value"), str):
                continue
            label = literal_secret(item["name"], item["value"])
            if label is not None:
                yield ("K8S621", Spot(item.value_line("value"), item.value_col("value")),
                       f"{c.label} env {_quote(item['name'])} holds a literal {label}: {mask(item['value'])}", None)


def token_automount(obj: Obj) -> Iterator[Hit]:
    pod = obj.pod
    if pod is None or pod.spec.get("automountServiceAccountToken") is False:
        return
    account = pod.spec.get("serviceAccountName") or pod.spec.get("serviceAccount") or "default"
    explicit = pod.spec.get("automountServiceAccountToken") is True
    if not explicit and (obj.partial or account != "default" or obj.service_accounts.get((obj.namespace, account)) is False):
        return  # names its own account (taken to need the API), or the account turns automount off
    spot = Spot.key(pod.spec, "automountServiceAccountToken") if explicit else pod.spot
    yield "K8S622", spot, f"the pod mounts the {_quote(account)} service account token (automountServiceAccountToken is not false)", None


def _words(rule: Any, key: str) -> list[tuple[str, Spot]]:
    items = _seq(rule.get(key))
    return [(v, Spot.item(items, i)) for i, v in enumerate(items or ()) if isinstance(v, str)]


def _rbac_rules(obj: Obj) -> Iterator[Any]:
    if obj.kind in ("Role", "ClusterRole"):
        for rule in _seq(obj.value.get("rules")) or ():
            if _map(rule) is not None:
                yield rule


def _wildcard(rule: Any) -> Spot | None:
    """The first `*` of the rule's verbs or resources, in file order."""
    spots = [spot for key in ("verbs", "resources") for word, spot in _words(rule, key) if word == "*"]
    return min(spots, key=lambda s: (s.line, s.col)) if spots else None


def rbac_wildcard(obj: Obj) -> Iterator[Hit]:
    for rule in _rbac_rules(obj):
        spot = _wildcard(rule)
        if spot is None:
            continue
        verbs = _shown_words([v for v, _ in _words(rule, "verbs")], "verb")
        resources = _shown_words([r for r, _ in _words(rule, "resources")], "resource")
        yield "K8S623", spot, f"{obj.kind} rule grants {verbs} on {resources}", None


def _shown_words(words: list[str], what: str) -> str:
    if "*" in words:
        return f"every {what}"
    return ", ".join(_quote(w) for w in words[:4]) + (" ..." if len(words) > 4 else "") if words else f"no {what}"


def _sensitive(rule: Any) -> Iterator[tuple[Spot, str]]:
    verbs = {v for v, _ in _words(rule, "verbs")}
    groups = {g for g, _ in _words(rule, "apiGroups")} or {""}
    core = bool(groups & {"", "*"})
    rbac = bool(groups & {"rbac.authorization.k8s.io", "*"})
    for resource, spot in _words(rule, "resources"):
        if core and resource == "secrets" and verbs & {"get", "list", "watch", "*"}:
            yield spot, "read access to secrets"
        elif core and resource == "pods/exec" and verbs & {"create", "get", "*"}:
            yield spot, "exec into pods (pods/exec)"
        elif core and resource == "nodes/proxy" and verbs:
            yield spot, "the kubelet API (nodes/proxy)"
        elif rbac and resource in ("roles", "clusterroles", "rolebindings", "clusterrolebindings"):
            for verb in ("escalate", "bind"):
                if verb in verbs:
                    yield spot, f"{verb} on {resource}"
    for verb, spot in _words(rule, "verbs"):
        if verb == "impersonate":
            yield spot, "impersonate"


def rbac_sensitive(obj: Obj) -> Iterator[Hit]:
    for rule in _rbac_rules(obj):
        if _seq(rule.get("resourceNames")):
            continue  # narrowed to named objects
        if obj.options.get("_wildcard_on") and _wildcard(rule) is not None:
            continue  # K8S623 reports the rule
        for spot, what in _sensitive(rule):
            yield "K8S624", spot, f"{obj.kind} grants {what}", None


_EVERYONE = {("Group", "system:authenticated"), ("Group", "system:unauthenticated"), ("User", "system:anonymous")}


def cluster_admin_binding(obj: Obj) -> Iterator[Hit]:
    if obj.kind not in ("RoleBinding", "ClusterRoleBinding"):
        return
    ref = _map(obj.value.get("roleRef"))
    if ref is None or ref.get("kind") != "ClusterRole" or ref.get("name") != "cluster-admin":
        return
    subjects = _seq(obj.value.get("subjects"))
    for index, subject in enumerate(subjects or ()):
        if _map(subject) is None:
            continue
        kind, name = subject.get("kind"), subject.get("name")
        if kind == "ServiceAccount" or (kind, name) in _EVERYONE:
            yield ("K8S625", Spot.item(subjects, index),
                   f"{obj.kind} binds cluster-admin to {kind} {_quote(name)}", None)


CHECKS: dict[str, Callable[[Obj], Iterator[Hit]]] = {
    "K8S601": host_process,
    "K8S602": host_namespaces,
    "K8S603": privileged,
    "K8S604": capabilities_added,
    "K8S605": host_path,
    "K8S606": host_ports,
    "K8S607": apparmor,
    "K8S608": selinux,
    "K8S609": proc_mount,
    "K8S610": seccomp_unconfined,
    "K8S611": sysctls,
    "K8S612": volume_types,
    "K8S613": privilege_escalation,
    "K8S614": run_as_non_root,
    "K8S615": run_as_root_user,
    "K8S616": seccomp_missing,
    "K8S617": capabilities_not_dropped,
    "K8S618": read_only_root,
    "K8S619": memory_limit,
    "K8S620": image_not_pinned,
    "K8S621": env_secret,
    "K8S622": token_automount,
    "K8S623": rbac_wildcard,
    "K8S624": rbac_sensitive,
    "K8S625": cluster_admin_binding,
    "K8S626": untrusted_registry,
}
RESTRICTED = frozenset(RESTRICTED_RULES)  # off under k8s.profile = "baseline"


# --- the file -------------------------------------------------------------------------------

def template_line(text: str) -> int:
    """The first line holding a Go-template action (`{{ .Values.x }}`, `{{- if }}`) outside
    comments and block scalars (a rendered ConfigMap may carry Alertmanager templates), or 0."""
    if "{{" not in text:
        return 0
    block_indent = -1
    for number, line in enumerate(text.split("\n"), 1):
        indent = len(line) - len(line.lstrip())
        if block_indent >= 0:
            if not line.strip() or indent > block_indent:
                continue
            block_indent = -1
        stripped = line.lstrip()
        if stripped.startswith("#"):
            continue
        if "{{" in line and _GO_TEMPLATE.search(line):
            return number
        if _BLOCK_SCALAR.match(line):
            block_indent = indent
    return 0


def objects(value: Any, last: int) -> Iterator[Any]:
    """(object, its last line) of one document whose last line is `last`: the document
    itself, or the items of a `kind: List` (or `...List`)."""
    if _map(value) is None:
        return
    kind = value.get("kind")
    if isinstance(kind, str) and kind.endswith("List") and _seq(value.get("items")) is not None:
        items = value["items"]
        for index, item in enumerate(items):
            if _map(item) is not None:
                end = items.item_line(index + 1) - 1 if index + 1 < len(items) else last
                yield item, max(item.line, min(item.end_line, end))
        return
    yield value, max(value.line, min(value.end_line, last))


def kind_of(value: Any) -> str | None:
    """The kind this hook reads, or None (CRDs, other kinds, other APIs, not Kubernetes)."""
    kind, api = value.get("kind"), value.get("apiVersion")
    if not isinstance(kind, str) or not isinstance(api, str) or kind not in _API:
        return None
    group = api.rpartition("/")[0] if "/" in api else ""
    return kind if group in _API[kind] else None


def _annotation_ignores(value: Any) -> tuple[frozenset[str], list[str]]:
    """Rule ids of `sechooks.io/ignore: "K8S601,K8S602 -- reason"` on the object (or its
    pod template), and the tokens that name no rule."""
    from sechooks.core import catalogue

    found: set[str] = set()
    unknown: list[str] = []
    for meta in _metadatas(value):
        notes = _map(meta.get("annotations"))
        raw = notes.get(_ANNOTATION_IGNORE) if notes is not None else None
        if not isinstance(raw, str):
            continue
        for token in re.split(r"[,\s]+", raw.split("--", 1)[0].strip()):
            if not token:
                continue
            try:
                found.add(catalogue.get(token).id)
            except KeyError:
                unknown.append(token)
    return frozenset(found), unknown


def _metadatas(value: Any) -> Iterator[Any]:
    meta = _map(value.get("metadata"))
    if meta is not None:
        yield meta
    kind = value.get("kind")
    path = _TEMPLATE_PATH.get(kind) if isinstance(kind, str) else None
    holder = value
    for key in path or ():
        holder = _map(holder.get(key))
        if holder is None:
            return
    if path:
        meta = _map(holder.get("metadata"))
        if meta is not None:
            yield meta


def _sources(text: str) -> list[tuple[int, str]]:
    """(line, path) of Helm's `# Source: chart/templates/x.yaml` comments."""
    if "# Source: " not in text:
        return []
    found, line, at = [], 1, 0
    for m in _SOURCE.finditer(text):
        line += text.count("\n", at, m.start())
        at = m.start()
        if m.group(1).strip():
            found.append((line, m.group(1).strip()))
    return found


def _source_of(sources: list[tuple[int, str]], start: int, first: int) -> str:
    """The last Source comment between a document's start (its `---`) and its first key."""
    import bisect

    index = bisect.bisect_right(sources, (first, "\uffff")) - 1
    return sources[index][1] if index >= 0 and sources[index][0] >= start - 1 else ""


def _service_accounts(found: list[tuple[Any, str, int, str]]) -> dict[tuple[str, str], bool]:
    accounts = {}
    for value, kind, _, _ in found:
        if kind == "ServiceAccount":
            meta = _map(value.get("metadata"))
            name = meta.get("name") if meta is not None else None
            namespace = meta.get("namespace") if meta is not None else None
            if isinstance(name, str):
                accounts[(namespace if isinstance(namespace, str) else "", name)] = value.get("automountServiceAccountToken") is not False
    return accounts


STDIN = "-"  # the core names the standard-input source `-`, as every hook and report does


def _normal_path(path: str) -> str:
    import posixpath

    return posixpath.normpath(path.replace("\\", "/"))


_KUSTOMIZATIONS = ("kustomization.yaml", "kustomization.yml", "Kustomization")


def kustomize_patches(path: str, ctx: cli.Context) -> frozenset[str]:
    """Normalised paths of the strategic-merge patches the kustomization beside `path`
    lists (`patchesStrategicMerge: [x.yaml]`, `patches: [{path: x.yaml}]`)."""
    import posixpath

    from sechooks.core import yaml

    folder = posixpath.dirname(path.replace("\\", "/"))
    for name in _KUSTOMIZATIONS:
        source = ctx.read_related(posixpath.join(folder, name) if folder else name)
        if source.text is None:
            continue
        found = set()
        for doc in yaml.load(source.text) if "patch" in source.text else ():
            value = _map(doc.value)
            for entry in (_seq(value.get("patchesStrategicMerge")) or ()) if value is not None else ():
                if isinstance(entry, str):
                    found.add(entry)
            for entry in (_seq(value.get("patches")) or ()) if value is not None else ():
                if _map(entry) is not None and isinstance(entry.get("path"), str):
                    found.add(entry["path"])
        return frozenset(posixpath.normpath(posixpath.join(folder, p)) for p in found if "\n" not in p)
    return frozenset()


def _looks_kubernetes(lines: Sequence[str], start: int, end: int) -> bool:
    chunk = "\n".join(lines[start - 1:end])
    return _K8S_KEYS.search(chunk) is not None and "kind" in chunk


def check_file(path: str, text: str, ctx: cli.Context) -> Iterator[Finding]:
    """Every enabled K8S rule on one file's manifests."""
    if "apiVersion" not in text or "kind" not in text:
        return
    line = template_line(text)
    if line:
        ctx.notice(f"{cli.escape(path)}: skipped: a Go template (Helm chart source, line {line}); "
                   "check the rendered output: helm template . | sechooks-kubernetes -")
        return
    from sechooks.core import yaml

    lines: list[str] | None = None
    found: list[tuple[Any, str, int, str]] = []
    sources = _sources(text)
    for doc in yaml.load(text):
        if doc.error:
            lines = lines if lines is not None else text.split("\n")
            if _looks_kubernetes(lines, doc.start, doc.end):
                yield ctx.unparseable(path, doc.error_line, doc.error, doc.error_col)
            continue
        for value, end in objects(doc.value, doc.end):
            kind = kind_of(value)
            if kind is not None:
                found.append((value, kind, end, _source_of(sources, doc.start, value.line)))
    if not found:
        return
    options = dict(ctx.options)
    restricted = options.get("profile", "restricted") != "baseline"
    options["_wildcard_on"] = "K8S623" in ctx.enabled
    exempt = set(options.get("namespaces", ()))
    accounts = _service_accounts(found)
    partial = path != STDIN and _normal_path(path) in kustomize_patches(path, ctx)
    if partial:
        ctx.notice(f"{cli.escape(path)}: a kustomize patch: fields it does not write are not reported as missing")
    rules = [(rid, fn) for rid, fn in CHECKS.items() if rid in ctx.enabled and (restricted or rid not in RESTRICTED)]
    for value, kind, end, source in found:
        obj = Obj(value, kind, options, accounts, partial)
        if obj.namespace and obj.namespace in exempt:
            continue
        ignored, unknown = _annotation_ignores(value)
        for token in unknown:
            ctx.notice(f"{cli.escape(path)}:{value.line}: {_ANNOTATION_IGNORE} names no rule: {_quote(token)}")
        seen: set[tuple[str, int, int]] = set()
        suffix = f" (from {_redact(source)})" if source else ""
        extra = {"block_start": value.line, "block_end": end}  # numbers stay numbers in JSON
        for rule_id, rule in rules:
            if rule_id in ignored:
                continue
            for rid, spot, message, severity in rule(obj):
                if (rid, spot.line, spot.col) in seen:
                    continue
                seen.add((rid, spot.line, spot.col))
                yield Finding(rid, path, spot.line, spot.col, message + suffix, severity=severity, extra=extra)


def is_manifest(path: str) -> bool:
    """A YAML file, or the rendered stream read from standard input (`-`)."""
    return path == STDIN or path.lower().endswith((".yaml", ".yml"))


HOOK = cli.Hook(
    name="sechooks-kubernetes",
    family="K8S",
    check=check_file,
    matches=is_manifest,
    max_bytes=8 * 1024 * 1024,
    compat=(
        # annotations inside the object: they cover every finding of that object
        Compat(re.compile(r"ignore-check\.kube-linter\.io/(?P<ids>[a-z0-9-]+)"), "line", marker="kube-linter.io", block=True),
        Compat(re.compile(r"kube-linter\.io/ignore-all"), "line", marker="kube-linter.io/ignore-all", block=True),
        Compat(re.compile(r"checkov\.io/skip\d*[\"']?\s*:\s*[\"']?(?P<ids>CKV2?_K8S_\d+)"), "line", marker="checkov.io/skip", block=True),
    ),
)


def main(argv: Sequence[str] | None = None) -> int:
    """Console entry point of `sechooks-kubernetes`."""
    return cli.run(HOOK, argv)


if __name__ == "__main__":
    raise SystemExit(main())
