"""sechooks-compose: docker-compose files, the hardening a Dockerfile cannot promise.

A file is read as `docker compose` reads it: variables interpolated from the `.env` next to
it (never from this process's environment; what `.env` does not give is UNKNOWN and never
the ground of a finding), `extends:` (same file or `file:`) merged in, `include:` followed,
anchors and merge keys applied by the shared YAML loader. Each service is then judged by
one small function per rule (CHECKS); image, secret and port judgements come from the
shared engines (images, secrets, network).
"""
from __future__ import annotations

import os
import posixpath
import re
from sechooks.core.record import field, record
TYPE_CHECKING = False  # typing costs ~5 ms to import; annotations are strings
if TYPE_CHECKING:
    from typing import Any, Callable, Iterator, Mapping, Sequence

from sechooks.core import cli
from sechooks.core.finding import Finding, Severity
from sechooks.core.suppress import Compat

_NAME_PATTERN = re.compile(r"(^|/)(docker-)?compose[^/]*\.ya?ml$")
_SNIFF_SERVICES = re.compile(r"^services[ \t]*:", re.M)
_SNIFF_IMAGE = re.compile(r"^[ \t]+(?:image|build|extends)[ \t]*:", re.M)
_VAR_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
MISSING = "\x00"  # stands for the part of a value interpolation could not resolve
MAX_INCLUDE_DEPTH = 4
MAX_EXTENDS_DEPTH = 16
MAX_NESTING = 8  # `${A:-${B:-...}}` levels
HOME_NAMES = frozenset({"HOME", "USERPROFILE"})  # unresolved, they still name a home directory: `~`
TRUE_WORDS = frozenset({"true", "yes", "y", "on"})
# Compose merges these sequences from an extended service into the extending one.
SEQUENCES = ("ports", "cap_add", "cap_drop", "security_opt", "volumes", "devices", "expose")


def is_compose_name(path: str) -> bool:
    return _NAME_PATTERN.search(path.replace("\\", "/").lower()) is not None


_TOP_LINE = re.compile(r"(?:[A-Za-z_][\w.-]*|\"[^\"]*\"|'[^']*')[ \t]*:(?:[ \t]|$)|---|\.\.\.|%|#")


def sniff(text: str) -> bool:
    """Any YAML with a top-level `services:` and an indented `image:`/`build:`/`extends:`
    (cheap, no parse; the check then wants a mapping of services). Every line that starts
    in column 0 must be a YAML key, a document marker or a comment: a README with a compose
    example in it, or a Python file, is not a compose file."""
    if "services" not in text or _SNIFF_SERVICES.search(text) is None or _SNIFF_IMAGE.search(text) is None:
        return False
    for line in text.split("\n"):
        if line[:1] not in ("", " ", "\t", "\r") and not _TOP_LINE.match(line):
            return False
    return True


# --- interpolation --------------------------------------------------------------

def parse_env(text: str) -> dict[str, str]:
    """A `.env` file as `docker compose` reads it: `KEY=VALUE`, `export KEY=VALUE`, quotes,
    comments; earlier keys interpolate later unquoted or double-quoted values."""
    env: dict[str, str] = {}
    for raw in text.split("\n"):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export ") or line.startswith("export\t"):
            line = line[7:].lstrip()
        name, sep, value = line.partition("=")
        name = name.strip()
        if not sep or not _VAR_NAME.fullmatch(name):
            continue
        value = value.strip()
        if value[:1] == "'" and value.find("'", 1) > 0:
            env[name] = value[1:value.find("'", 1)]
        elif value[:1] == '"' and _closing_quote(value) > 0:
            inner = value[1:_closing_quote(value)]
            inner = inner.replace("\\n", "\n").replace('\\"', '"').replace("\\\\", "\\")
            env[name] = interpolate(inner, env)
        else:
            hashed = value.find(" #")
            env[name] = interpolate((value[:hashed] if hashed >= 0 else value).rstrip(), env)
    return env


def _closing_quote(value: str) -> int:
    i = 1
    while i < len(value):
        if value[i] == "\\":
            i += 2
            continue
        if value[i] == '"':
            return i
        i += 1
    return -1


def interpolate(text: str, env: Mapping[str, str], depth: int = 0) -> str:
    """`text` with `${VAR}`, `${VAR:-d}`, `${VAR-d}`, `${VAR:?e}`, `${VAR?e}`, `${VAR:+a}`,
    `${VAR+a}`, `$VAR` and `$$` replaced; every part `env` cannot give becomes MISSING.

    A default is what the file says runs when the variable is unset, so `${VAR:-d}` with no
    VAR in `.env` is `d`; `${VAR}` and `${VAR:?e}` with none are MISSING (the shell may set
    them). One left-to-right pass: linear in the text for a bounded nesting depth."""
    if "$" not in text:
        return text
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        j = text.find("$", i)
        if j < 0:
            out.append(text[i:])
            break
        out.append(text[i:j])
        nxt = text[j + 1:j + 2]
        if nxt == "$":
            out.append("$")
            i = j + 2
        elif nxt == "{":
            end = _closing_brace(text, j + 2)
            if end < 0 or depth >= MAX_NESTING:
                out.append(MISSING)  # compose refuses an unclosed `${`: nothing is known past it
                break
            out.append(_braced(text[j + 2:end], env, depth))
            i = end + 1
        else:
            match = _VAR_NAME.match(text, j + 1)
            if match is None:
                out.append("$")
                i = j + 1
            else:
                out.append(_lookup(match.group(), env))
                i = match.end()
    return "".join(out)


def _closing_brace(text: str, start: int) -> int:
    level = 1
    i = start
    while i < len(text):
        c = text[i]
        if c == "{":
            level += 1
        elif c == "}":
            level -= 1
            if level == 0:
                return i
        i += 1
    return -1


def _lookup(name: str, env: Mapping[str, str]) -> str:
    if name in env:
        return env[name]
    return "~" if name in HOME_NAMES else MISSING


def _braced(body: str, env: Mapping[str, str], depth: int) -> str:
    match = _VAR_NAME.match(body)
    if match is None:
        return MISSING
    name, rest = match.group(), body[match.end():]
    if not rest:
        return _lookup(name, env)
    is_set, value = name in env, env.get(name, "")
    for op in (":-", ":?", ":+", "-", "?", "+"):
        if rest.startswith(op):
            word = rest[len(op):]
            break
    else:
        return MISSING
    if op == ":-":
        return value if value else interpolate(word, env, depth + 1)
    if op == "-":
        return value if is_set else interpolate(word, env, depth + 1)
    if op in (":?", "?"):
        return value if is_set and (value or op == "?") else MISSING
    if not is_set:
        return MISSING
    return interpolate(word, env, depth + 1) if (value or op == "+") else ""


def known(value: str) -> bool:
    return MISSING not in value


def shown(text: str) -> str:
    """File text fit for a message: secret-shaped parts masked, unknown parts as `${...}`."""
    from sechooks.engines.secrets import redact

    return redact(text.replace(MISSING, "${...}"), 80)


# --- the project model ------------------------------------------------------------

@record
class Field:
    """One service attribute after extends: its value as written, and where to report it
    (`via` names the other file it came from; then `line` is the `extends:` line)."""

    value: Any
    line: int
    col: int = 1
    via: str = ""
    node: Any = None  # the Map or Seq the value was read from
    severity: Severity | None = None  # an instance more severe than the rule's default


@record
class Project:
    """One compose file being checked (or a file it includes or extends)."""

    path: str
    text: str
    env: Mapping[str, str]
    services: Any  # yaml.Map
    volumes: Any  # the top-level `volumes:` Map (named volumes), or None
    lines: list[str] = field(default_factory=list)


@record
class Service:
    name: str
    line: int
    col: int
    end_line: int
    fields: dict[str, Field]
    project: Project
    options: Mapping[str, Any] = field(default_factory=dict)
    net_options: Mapping[str, Any] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)

    @property
    def at(self) -> Field:
        """The service's own line: where a missing attribute is reported."""
        return Field(None, self.line, self.col)

    def has(self, key: str) -> bool:
        f = self.fields.get(key)
        return f is not None and f.value is not None

    def text(self, key: str) -> str | None:
        """A scalar attribute, interpolated (MISSING inside when unresolved); None if absent."""
        f = self.fields.get(key)
        if f is None or f.value is None or isinstance(f.value, (dict, list)):
            return None
        value = f.value
        if isinstance(value, bool):
            return "true" if value else "false"
        return interpolate(str(value), self.project.env)


def _load_services(path: str, text: str, ctx: cli.Context, env: Mapping[str, str] | None = None
                   ) -> tuple[list[Project], list[Finding]]:
    """The compose documents of one file, and its parse problems (reserved rule)."""
    from sechooks.core import yaml

    problems: list[Finding] = []
    projects = []
    docs = yaml.load(text)
    lines = text.split("\n")
    for doc in docs:
        if doc.error is not None:
            problems.append(Finding(ctx.reserved, path, max(doc.error_line, 1), max(doc.error_col, 1), shown(doc.error)))
            continue
        top = doc.value
        if not isinstance(top, yaml.Map) or not isinstance(top.get("services"), yaml.Map):
            continue
        services = top["services"]
        if not any(isinstance(s, yaml.Map) for s in services.values()):
            continue
        volumes = top.get("volumes") if isinstance(top.get("volumes"), yaml.Map) else None
        if env is None:
            env = _env_beside(path, ctx)
        projects.append(Project(path, text, env, services, volumes, lines))
    return projects, problems


def _env_beside(path: str, ctx: cli.Context) -> dict[str, str]:
    source = ctx.read_related(os.path.join(os.path.dirname(path), ".env"))
    return parse_env(source.text) if source.text is not None else {}


def _unwrap(value: Any) -> Any:
    """Compose's own tags: `!override x` is x; `!reset` is handled by the merge."""
    from sechooks.core.yaml import Tagged

    if isinstance(value, Tagged):
        return value.value if value.tag == "!override" else None
    return value


class ExtendsError(Exception):
    def __init__(self, message: str, members: frozenset[tuple[str, str]]) -> None:
        super().__init__(message)
        self.message, self.members = message, members


def resolve_service(project: Project, name: str, ctx: cli.Context, depth: int = 0,
                    chain: tuple[tuple[str, str], ...] = ()) -> dict[str, Field]:
    """The service's attributes with `extends:` merged in (compose's merge: the service's
    own scalars win, sequences are concatenated, `environment` merges by name, volumes by
    target). Raises ExtendsError for a cycle or runaway chain."""
    from sechooks.core.yaml import Map

    service = project.services.get(name)
    if not isinstance(service, Map):
        return {}
    key = (os.path.normpath(project.path), name)
    if key in chain:
        raise ExtendsError(f"extends: service '{shown(name)}' extends itself (a cycle)", frozenset(chain))
    if depth > MAX_EXTENDS_DEPTH:
        raise ExtendsError(f"extends: a chain of more than {MAX_EXTENDS_DEPTH} services: not checked", frozenset())
    own = {k: Field(v, service.key_line(k), service.key_col(k), "", service)
           for k, v in service.items() if k != "extends" and not k.startswith("x-")}
    extends = service.get("extends")
    if extends is None:
        return _plain(own)
    base_name, base_file = (extends, None) if isinstance(extends, str) else (
        (extends.get("service"), extends.get("file")) if isinstance(extends, Map) else (None, None))
    line = service.key_line("extends")
    if not isinstance(base_name, str) or (base_file is not None and not isinstance(base_file, str)):
        ctx.notice(f"{project.path}:{line}: extends: needs a service name: not followed")
        return _plain(own)
    base_name = interpolate(base_name, project.env)
    base_project = project
    via = ""
    if base_file:
        file_name = interpolate(base_file, project.env)
        other = _related_project(project, file_name, ctx, line) if known(file_name) else None
        if other is None:
            return _plain(own)
        base_project = other
        via = f"from {shown(file_name)} service '{shown(base_name)}'"
    if base_name not in base_project.services:
        ctx.notice(f"{project.path}:{line}: extends: service '{shown(base_name)}' not found: not followed")
        return _plain(own)
    base = resolve_service(base_project, base_name, ctx, depth + 1, chain + (key,))
    if via:
        base = {k: Field(f.value, line, service.key_col("extends"), f.via or via) for k, f in base.items()}
    return merge(base, own)


def _plain(own: dict[str, Field]) -> dict[str, Field]:
    """A service's own attributes with nothing to merge into: `!reset` drops one, `!override`
    is its value, an unknown tag is an unknown (absent) value."""
    return {k: Field(_unwrap(f.value), f.line, f.col, f.via, f.node) for k, f in own.items() if not _reset(f.value)}


def _reset(value: Any) -> bool:
    from sechooks.core.yaml import Tagged

    return isinstance(value, Tagged) and value.tag == "!reset"


def merge(base: dict[str, Field], own: dict[str, Field]) -> dict[str, Field]:
    from sechooks.core.yaml import Map, Tagged

    out = dict(base)
    for key, f in own.items():
        if _reset(f.value):
            out.pop(key, None)
            continue
        if isinstance(f.value, Tagged):  # !override: replace, do not merge
            out[key] = Field(_unwrap(f.value), f.line, f.col, f.via, f.node)
            continue
        old = out.get(key)
        if old is None or old.value is None or f.value is None:
            out[key] = f
        elif key in SEQUENCES and isinstance(old.value, list) and isinstance(f.value, list):
            out[key] = Field(_Joined(old, f, key), f.line, f.col, "", f.node)
        elif key == "environment":
            out[key] = Field(_EnvJoined(old, f), f.line, f.col, "", f.node)
        elif isinstance(old.value, dict) and isinstance(f.value, dict):
            merged = Map() if isinstance(f.value, Map) else {}
            for k, v in old.value.items():
                merged[k] = v
            for k, v in f.value.items():
                merged[k] = v
            out[key] = Field(merged, f.line, f.col, f.via, f.node)
        else:
            out[key] = f
    return out


class _Joined(list):  # type: ignore[type-arg]
    """A base sequence followed by the service's own one, each item knowing where it is."""

    def __init__(self, old: Field, new: Field, key: str) -> None:
        super().__init__()
        self.places: list[Field] = []
        olds = list(_expand(old))
        news = list(_expand(new))
        if key == "volumes":  # compose merges volumes by target: the service's own wins
            targets = {_volume_target(item) for item, _ in news} - {None}
            olds = [(i, p) for i, p in olds if _volume_target(i) not in targets]
        for item, place in olds + news:
            self.append(item)
            self.places.append(place)


class _EnvJoined(dict):  # type: ignore[type-arg]
    """Environment entries by name: the service's own win; name -> (value, place)."""

    def __init__(self, old: Field, new: Field) -> None:
        super().__init__()
        for source in (old, new):
            for name, value, place in env_entries(source):
                self[name] = (value, place)


def _expand(f: Field) -> Iterator[tuple[Any, Field]]:
    from sechooks.core.yaml import Seq

    if not isinstance(f.value, list):
        return  # compose wants a sequence here: a scalar is not a list of one
    values = f.value
    for index, item in enumerate(values):
        if f.via:  # from another file: every item is reported at this file's extends: line
            yield item, Field(item, f.line, f.col, f.via)
        elif isinstance(values, _Joined):
            yield item, values.places[index]
        elif isinstance(values, Seq):
            yield item, Field(item, values.item_line(index), values.item_col(index), "", values)
        else:
            yield item, Field(item, f.line, f.col)


def items_of(service: Service, key: str) -> Iterator[tuple[Any, Field]]:
    f = service.fields.get(key)
    if f is None or f.value is None:
        return
    yield from _expand(f)


def env_entries(f: Field) -> Iterator[tuple[str, Any, Field]]:
    """(name, value or None, place) of an `environment:` in mapping or list form."""
    from sechooks.core.yaml import Map

    value = f.value
    if isinstance(value, _EnvJoined):
        for name, (v, place) in value.items():
            yield name, v, (Field(v, f.line, f.col, f.via) if f.via else place)
        return
    if isinstance(value, dict):
        for name, v in value.items():
            if f.via or not isinstance(value, Map):
                yield str(name), v, Field(v, f.line, f.col, f.via)
            else:
                yield str(name), v, Field(v, value.key_line(name), value.key_col(name), "", value)
        return
    for item, place in _expand(f):
        if isinstance(item, str):
            name, sep, v = item.partition("=")
            yield name.strip(), (v if sep else None), place


def _related_project(project: Project, name: str, ctx: cli.Context, line: int,
                     env: Mapping[str, str] | None = None) -> Project | None:
    path = os.path.normpath(os.path.join(os.path.dirname(project.path), name))
    source = ctx.read_related(path)
    if source.text is None:
        ctx.notice(f"{project.path}:{line}: '{shown(name)}' not read ({source.error or source.skip}): not followed")
        return None
    projects, problems = _load_services(path, source.text, ctx, project.env if env is None else env)
    if problems or not projects:
        ctx.notice(f"{project.path}:{line}: '{shown(name)}' is not a readable compose file: not followed")
        return None
    return projects[0]


# --- values: ports, volumes ------------------------------------------------------

@record(frozen=True)
class Port:
    host_ip: str | None  # None: every interface
    published: str
    target: tuple[int, int]
    protocol: str
    text: str

    def display(self) -> str:
        """The mapping rebuilt from what was parsed (digits, an address, a protocol name):
        quoting it cannot leak file text, and redaction does not garble it."""
        import ipaddress

        ip = ""
        if self.host_ip is not None:
            try:
                address = ipaddress.ip_address(self.host_ip.strip("[]"))
                ip = f"[{address}]:" if address.version == 6 else f"{address}:"
            except ValueError:
                ip = shown(self.host_ip) + ":"
        published = self.published if re.fullmatch(r"[0-9]{1,5}(?:-[0-9]{1,5})?", self.published) else (
            shown(self.published) if self.published else "")
        lo, hi = self.target
        target = str(lo) if lo == hi else f"{lo}-{hi}"
        protocol = f"/{self.protocol}" if self.protocol in ("udp", "sctp") else ""
        return f"{ip}{published}:{target}{protocol}" if published or ip else f"{target}{protocol}"


def parse_port(spec: str) -> Port | None:
    """Short syntax `[[host_ip:]published:]target[/protocol]`, ranges and IPv6 included;
    None when it is not one."""
    from sechooks.engines.network import small_int

    text = spec.strip()
    body, slash, protocol = text.partition("/")
    parts = body.rsplit(":", 2)
    if len(parts) == 1:
        host_ip, published, target = None, "", parts[0]
    elif len(parts) == 2:
        host_ip, published, target = None, parts[0], parts[1]
    else:
        host_ip, published, target = parts
        if host_ip.startswith("[") and host_ip.endswith("]"):
            host_ip = host_ip[1:-1]
    lo, _, hi = target.partition("-")
    low, high = small_int(lo), small_int(hi or lo)
    if low is None or high is None or not 0 < low <= high <= 65535:
        return None
    return Port(host_ip or None, published, (low, high), (protocol or "tcp").lower(), text)


def interface(host_ip: str | None) -> str:
    """"all", "loopback" or "specific" for a published port's host IP."""
    if host_ip is None:
        return "all"
    import ipaddress

    try:
        address = ipaddress.ip_address(host_ip.strip().strip("[]"))
    except ValueError:
        return "loopback" if host_ip.strip().lower() == "localhost" else "specific"
    if address.is_unspecified:
        return "all"
    return "loopback" if address.is_loopback else "specific"


def _volume_target(item: Any) -> str | None:
    if isinstance(item, dict):
        target = item.get("target")
        return str(target) if target is not None else None
    if isinstance(item, str):
        parts = split_volume(item)
        return parts[1] if parts else None
    return None


_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")


def split_volume(spec: str) -> tuple[str, str] | None:
    """(source, target) of a short-syntax volume; None for an anonymous one (`/data`)."""
    head = 2 if _DRIVE.match(spec) else 0
    if spec.startswith(("\\\\.\\pipe\\", "//./pipe/")):
        head = len("//./pipe/")
    colon = spec.find(":", head)
    if colon < 0:
        return None
    rest = spec[colon + 1:]
    target_head = 2 if _DRIVE.match(rest) else (len("//./pipe/") if rest.startswith(("\\\\.\\pipe\\", "//./pipe/")) else 0)
    second = rest.find(":", target_head)
    return spec[:colon], rest if second < 0 else rest[:second]


def host_source(item: Any, service: Service) -> str | None:
    """The host path a volume entry mounts (interpolated, MISSING inside when unknown), or
    None for named volumes, tmpfs and anonymous volumes. A named volume whose `local`
    driver binds a device (`driver_opts: {o: bind, device: /path}`) mounts that path."""
    source: Any = None
    kind = "bind"
    if isinstance(item, str):
        parts = split_volume(interpolate(item, service.project.env))
        source = parts[0] if parts else None
    elif isinstance(item, dict):
        kind = str(item.get("type", "volume")).lower()
        source = item.get("source")
        if isinstance(source, str):
            source = interpolate(source, service.project.env)
        if kind not in ("bind", "npipe", "volume"):
            return None
    if not isinstance(source, str) or not source:
        return None
    if source.startswith((".", "/", "~", "\\", MISSING)) or _DRIVE.match(source):
        return source if kind != "volume" or not isinstance(item, dict) else _named_device(source, service)
    return _named_device(source, service)


def _named_device(name: str, service: Service) -> str | None:
    volumes = service.project.volumes
    spec = volumes.get(name) if volumes is not None else None
    opts = spec.get("driver_opts") if isinstance(spec, dict) else None
    if not isinstance(opts, dict) or not isinstance(opts.get("device"), str) or "bind" not in str(opts.get("o", "")):
        return None
    return interpolate(opts["device"], service.project.env)


SOCKET_NAMES = frozenset({"docker.sock", "containerd.sock", "crio.sock", "podman.sock", "dockershim.sock",
                          "cri-dockerd.sock", "buildkitd.sock", "docker_engine"})


def normalise_host_path(source: str) -> str | None:
    """An absolute or home path, normalised (`//`, `.`, `..`, trailing `/`); None for a
    relative one (it is inside the project)."""
    path = source.replace("\\", "/")
    if path.startswith("~"):
        rest = path[1:]
        if rest and not rest.startswith("/"):
            return None  # ~user: another user's home, as unknown as a relative path
        return "~" + (posixpath.normpath("/" + rest.lstrip("/")) if rest.strip("/") else "")
    if _DRIVE.match(path):
        return None
    if not path.startswith("/"):
        return None
    return posixpath.normpath("/" + path.lstrip("/"))


def is_runtime_socket(path: str) -> bool:
    return path.rsplit("/", 1)[-1].lower() in SOCKET_NAMES


def sensitive_match(path: str, patterns: Sequence[str]) -> str | None:
    """The first pattern naming `path`: "X" is X itself, "X/**" X and below, `*` one segment."""
    import fnmatch

    parts = [p for p in path.split("/") if p] if path != "/" else []
    if path.startswith("~"):
        parts = ["~"] + parts[1:]
    for pattern in patterns:
        tree = pattern.endswith("/**")
        base = pattern[:-3] if tree else pattern
        want = [p for p in base.split("/") if p]
        if len(parts) < len(want) or (not tree and len(parts) != len(want)):
            continue
        if base.startswith("/") != path.startswith("/"):
            continue
        if all(fnmatch.fnmatchcase(have, w) for have, w in zip(parts, want)):
            return pattern
    return None


# --- the rules ----------------------------------------------------------------

Hit = tuple[Field, str]  # where, message


def _flag(service: Service, key: str, wanted: Callable[[str], bool], what: str) -> Iterator[Hit]:
    value = service.text(key)
    f = service.fields.get(key)
    if value is None or f is None:
        return
    if not known(value):
        _unknown(service, f, key, value)
        return
    if wanted(value.strip().lower()):
        yield f, f"service '{shown(service.name)}' {what}"


def privileged(service: Service) -> Iterator[Hit]:
    yield from _flag(service, "privileged", lambda v: v in TRUE_WORDS, "runs privileged: it is root on the host")


def network_mode_host(service: Service) -> Iterator[Hit]:
    yield from _flag(service, "network_mode", lambda v: v == "host", "shares the host's network (network_mode: host)")


def pid_host(service: Service) -> Iterator[Hit]:
    yield from _flag(service, "pid", lambda v: v == "host", "shares the host's processes (pid: host)")


def ipc_host(service: Service) -> Iterator[Hit]:
    yield from _flag(service, "ipc", lambda v: v == "host", "shares the host's IPC namespace (ipc: host)")


def userns_host(service: Service) -> Iterator[Hit]:
    yield from _flag(service, "userns_mode", lambda v: v == "host", "turns off user-namespace remapping (userns_mode: host)")


def _mounts(service: Service) -> Iterator[tuple[Field, str, str, bool]]:
    """(place, normalised host path, as written, read-only) of each host path mounted."""
    from sechooks.core.yaml import Map

    for item, place in items_of(service, "volumes"):
        source = host_source(item, service)
        if source is None:
            continue
        if not known(source):
            _unknown(service, place, "CMP806/CMP807", source)
            continue
        if source.replace("\\", "/").lower().startswith("//./pipe/"):
            path: str | None = "//./pipe/" + source.replace("\\", "/")[len("//./pipe/"):]
        else:
            path = normalise_host_path(source)
        if path is None:
            continue
        if isinstance(item, Map) and not place.via and "source" in item:
            place = Field(item, item.key_line("source"), item.key_col("source"))
        read_only = (isinstance(item, str) and item.count(":") >= 2 and "ro" in item.rsplit(":", 1)[-1].split(",")) or (
            isinstance(item, dict) and item.get("read_only") is True)
        yield place, path, source, read_only


def runtime_socket_mounted(service: Service) -> Iterator[Hit]:
    for place, path, source, _ in _mounts(service):
        if is_runtime_socket(path):
            yield place, f"service '{shown(service.name)}' mounts the container runtime socket '{shown(source)}': root on the host"


def sensitive_host_path_mounted(service: Service) -> Iterator[Hit]:
    from sechooks.rules.cmp import SENSITIVE_HOST_PATHS

    patterns = _added(SENSITIVE_HOST_PATHS, service.options.get("sensitive_host_paths"))
    for place, path, source, read_only in _mounts(service):
        if is_runtime_socket(path):
            continue
        pattern = sensitive_match(path, patterns)
        if pattern is not None:
            mode = " (read-only)" if read_only else ""
            yield place, f"service '{shown(service.name)}' mounts the host path '{shown(source)}'{mode}"


def _added(defaults: Sequence[str], given: Any) -> tuple[str, ...]:
    extra = tuple(str(g) for g in given) if isinstance(given, (list, tuple)) else ()
    return tuple(dict.fromkeys((*defaults, *extra)))


def dangerous_capability(service: Service) -> Iterator[Hit]:
    from sechooks.rules.cmp import DANGEROUS_CAPABILITIES

    wanted = {c.upper().removeprefix("CAP_") for c in _added(DANGEROUS_CAPABILITIES, service.options.get("dangerous_capabilities"))}
    for item, place in items_of(service, "cap_add"):
        if not isinstance(item, str):
            continue
        value = interpolate(item, service.project.env)
        if not known(value):
            _unknown(service, place, "CMP808", value)
            continue
        cap = value.strip().upper().removeprefix("CAP_")
        if cap in wanted:
            what = "every capability" if cap == "ALL" else f"the capability {cap}"
            yield place, f"service '{shown(service.name)}' adds {what} (cap_add)"


_UNCONFINED = {"seccomp:unconfined": "seccomp", "apparmor:unconfined": "AppArmor", "label:disable": "SELinux labels",
               "systempaths:unconfined": "masked /proc and /sys paths"}


def _security_options(service: Service) -> Iterator[tuple[str, Field]]:
    for item, place in items_of(service, "security_opt"):
        if isinstance(item, str):
            value = interpolate(item, service.project.env)
            if not known(value):
                _unknown(service, place, "CMP809", value)
                continue
            name, sep, rest = value.strip().partition("=") if "=" in value.split(":", 1)[0] else value.strip().partition(":")
            yield f"{name.strip().lower()}:{rest.strip().lower()}" if sep else name.strip().lower(), place


def security_profile_disabled(service: Service) -> Iterator[Hit]:
    for option, place in _security_options(service):
        if option in _UNCONFINED:
            yield place, f"service '{shown(service.name)}' turns off {_UNCONFINED[option]} confinement ({option})"


def no_new_privileges_unset(service: Service) -> Iterator[Hit]:
    for option, _ in _security_options(service):
        if option in ("no-new-privileges", "no-new-privileges:true", "no-new-privileges:1"):
            return
    yield service.at, f"service '{shown(service.name)}' does not set no-new-privileges:true"


def user_root(service: Service) -> Iterator[Hit]:
    value = service.text("user")
    f = service.fields.get("user")
    if value is None or f is None:
        return
    if not known(value):
        _unknown(service, f, "CMP811", value)
        return
    user = value.strip().split(":", 1)[0].strip().lower()
    if user in ("root", "0"):
        yield f, f"service '{shown(service.name)}' runs as root (user: {shown(value.strip())})"


def _image(service: Service) -> tuple[Field, Any] | None:
    """(place, ImageRef) of a pulled image; None when built here, absent or unknown."""
    from sechooks.engines import images

    f = service.fields.get("image")
    if f is None or service.has("build") or not isinstance(f.value, str):
        return None
    value = interpolate(f.value, service.project.env)
    ref = images.parse(value if known(value) else f.value)
    if ref is None or ref.unknown or images.is_scratch(ref):
        return None
    return f, ref


def user_unset(service: Service) -> Iterator[Hit]:
    from sechooks.engines import images

    found = _image(service)
    if found is None or service.has("user"):
        return
    place, ref = found
    if not images.known_nonroot(ref, tuple(str(p) for p in service.options.get("nonroot_images") or ())):
        yield place, f"service '{shown(service.name)}' runs image '{shown(ref.name)}' with no user: (root unless the image says otherwise)"


def image_untagged(service: Service) -> Iterator[Hit]:
    from sechooks.engines import images

    found = _image(service)
    if found is not None and images.untagged(found[1]):
        yield found[0], f"service '{shown(service.name)}' image '{shown(found[1].name)}' has no tag or digest (pulls :latest)"


def image_latest(service: Service) -> Iterator[Hit]:
    from sechooks.engines import images

    found = _image(service)
    if found is not None and images.latest(found[1]):
        yield found[0], f"service '{shown(service.name)}' image '{shown(found[1].name)}:latest' is a moving tag"


# every name the classifier may call a secret holds one of these (and SECRET_ENV_NAMES do)
_SECRET_STEMS = ("pass", "pwd", "secret", "token", "key", "cred", "auth", "contrase")
_ONE_DEFAULT = re.compile(r"\$\{[A-Za-z_][A-Za-z0-9_]*:?-(?P<default>[^${}]*)\}")


def literal_value(raw: Any) -> str | None:
    """The literal an environment value writes in the file: the text itself, or the default
    of a lone `${VAR:-default}`; None for references and non-strings."""
    if raw is None or isinstance(raw, (bool, dict, list)):
        return None
    text = str(raw)
    if "$" in text.replace("$$", ""):
        match = _ONE_DEFAULT.fullmatch(text.strip())
        return match.group("default") if match and match.group("default") else None
    return text.replace("$$", "$")


def secret_literal_in_environment(service: Service) -> Iterator[Hit]:
    f = service.fields.get("environment")
    if f is None or f.value is None:
        return
    for name, raw, place in env_entries(f):
        value = literal_value(raw)
        if value is None or not value.strip() or not any(stem in name.lower() for stem in _SECRET_STEMS):
            continue  # the classifier (and its import) only for names that may hold a secret
        from sechooks.engines.secrets import STOPWORDS, generic_value_ok, mask, name_kind
        from sechooks.rules.dkr import SECRET_ENV_NAMES

        value = value.strip()
        kind = name_kind(name) or ("key" if name.upper() in SECRET_ENV_NAMES else None)
        if kind is None or not generic_value_ok(name, value, kind, STOPWORDS) or _allowlisted(service, place):
            continue
        yield (Field(value, place.line, place.col, place.via),
               f"service '{shown(service.name)}' environment {shown(name)} holds a literal secret {mask(value)}; "
               f"reference it as ${{{shown(name)}}} or use secrets:")


_ALLOWLIST = re.compile(r"pragma:\s*allowlist\s+secret")
_ALLOWLIST_NEXT = re.compile(r"pragma:\s*allowlist[\s-]+nextline\s+secret")


def _allowlisted(service: Service, place: Field) -> bool:
    """The secrets hook's `pragma: allowlist secret` on the line (or `allowlist nextline
    secret` on the line above): one pragma for the one credential, as in sechooks-python."""
    lines = service.project.lines
    if place.via or not 0 < place.line <= len(lines):
        return False
    above = lines[place.line - 2] if place.line > 1 else ""
    return _ALLOWLIST.search(lines[place.line - 1]) is not None or _ALLOWLIST_NEXT.search(above) is not None


def _ports(service: Service) -> Iterator[tuple[Field, Port]]:
    from sechooks.engines.network import small_int

    for item, place in items_of(service, "ports"):
        if isinstance(item, dict):
            target = item.get("target")
            lo = small_int(interpolate(str(target), service.project.env)) if target is not None else None
            if lo is None or isinstance(target, bool):
                continue
            ip = item.get("host_ip")
            host_ip = interpolate(str(ip), service.project.env) if ip is not None else None
            if host_ip is not None and not known(host_ip):
                _unknown(service, place, "CMP816", host_ip)
                continue
            published = interpolate(str(item.get("published", "")), service.project.env)
            yield place, Port(host_ip or None, published, (lo, lo), str(item.get("protocol", "tcp")).lower(),
                              f"target: {lo}" + (f", host_ip: {host_ip}" if host_ip else ""))
            continue
        if isinstance(item, bool) or not isinstance(item, (str, int, float)):
            continue
        raw = item if isinstance(item, str) else _written(service, place, item)
        spec = interpolate(raw, service.project.env)
        if not known(spec):
            _unknown(service, place, "CMP816", spec)
            continue
        port = parse_port(spec)
        if port is not None:
            yield place, port


def _written(service: Service, place: Field, value: Any) -> str:
    """A port the YAML 1.1 loader read as a number (`22:22` is base-60 1342): its text as written."""
    lines = service.project.lines
    if not place.via and 0 < place.line <= len(lines):
        token = _BASE_60.match(lines[place.line - 1], place.col - 1)  # a plain scalar: digits, `:`, `_`
        if token is not None and ":" in token.group():
            return token.group()
    return str(value)


_BASE_60 = re.compile(r"[0-9][0-9_:]*")


def sensitive_port_published(service: Service) -> Iterator[Hit]:
    if service.text("network_mode") == "host" or not service.has("ports"):
        return  # the ports of a host-network service are not published: CMP802 says it
    from sechooks.engines import network

    options = service.net_options
    sets = network.PortSets.from_options(options)
    watched = sorted(set(sets.sets["admin"]) | set(sets.sets["data_ports"]) | set(sets.sets["legacy_ports"]))
    for place, port in _ports(service):
        if interface(port.host_ip) != "all":
            continue
        lo, hi = port.target
        hits = [p for p in watched if lo <= p <= hi]
        if not hits:
            continue
        classes = {p: network.port_class(p, options) for p in hits[:40]}
        names = ", ".join(f"{p} ({_CLASS_WORDS.get(c or '', c)})" for p, c in classes.items())
        where = f" on a random host port" if not port.published else ""
        severity = Severity.HIGH if 2375 in hits else None
        message = (f"service '{shown(service.name)}' publishes {names}{where} on all interfaces "
                   f"('{port.display()}'); bind it to 127.0.0.1")
        yield Field(place.value, place.line, place.col, place.via, severity=severity), message


_CLASS_WORDS = {"admin": "admin port", "data": "data store", "docker-api": "Docker API", "legacy": "management port"}


def read_only_unset(service: Service) -> Iterator[Hit]:
    value = service.text("read_only")
    if value is None or value.strip().lower() not in TRUE_WORDS:
        if value is not None and not known(value):
            return
        f = service.fields.get("read_only")
        yield (f if f is not None else service.at), f"service '{shown(service.name)}' has a writable root file system"


def memory_limit_unset(service: Service) -> Iterator[Hit]:
    if service.has("mem_limit"):
        return
    deploy = service.fields.get("deploy")
    resources = deploy.value.get("resources") if deploy is not None and isinstance(deploy.value, dict) else None
    limits = resources.get("limits") if isinstance(resources, dict) else None
    if isinstance(limits, dict) and limits.get("memory") is not None:
        return
    yield service.at, f"service '{shown(service.name)}' has no memory limit"


def healthcheck_unset(service: Service) -> Iterator[Hit]:
    if service.has("build") and not service.has("healthcheck"):
        return  # the Dockerfile's HEALTHCHECK applies (DKR206)
    check = service.fields.get("healthcheck")
    if check is not None and isinstance(check.value, dict):
        value = check.value
        test = value.get("test")
        disabled = value.get("disable") is True or (isinstance(test, list) and test[:1] == ["NONE"]) or test == "NONE"
        if not disabled:
            return
        yield check, f"service '{shown(service.name)}' disables its healthcheck"
        return
    yield service.at, f"service '{shown(service.name)}' has no healthcheck"


CHECKS: dict[str, Callable[[Service], Iterator[Hit]]] = {
    "CMP801": privileged,
    "CMP802": network_mode_host,
    "CMP803": pid_host,
    "CMP804": ipc_host,
    "CMP805": userns_host,
    "CMP806": runtime_socket_mounted,
    "CMP807": sensitive_host_path_mounted,
    "CMP808": dangerous_capability,
    "CMP809": security_profile_disabled,
    "CMP810": no_new_privileges_unset,
    "CMP811": user_root,
    "CMP812": user_unset,
    "CMP813": image_untagged,
    "CMP814": image_latest,
    "CMP815": secret_literal_in_environment,
    "CMP816": sensitive_port_published,
    "CMP817": read_only_unset,
    "CMP818": memory_limit_unset,
    "CMP819": healthcheck_unset,
}


def _unknown(service: Service, place: Field, what: str, value: str) -> None:
    service.notices.append(f"{place.line}: {what} not evaluated for service '{shown(service.name)}': "
                           f"'{shown(value)}' could not be resolved (value unknown)")


# --- files: services, includes, the hook ---------------------------------------------

def _services(project: Project, ctx: cli.Context) -> Iterator[Service | Finding]:
    """Each service of a project with extends resolved; an extends cycle is the reserved rule."""
    from sechooks.core.yaml import Map

    net = ctx.options_of("NET")
    cycles: set[frozenset[tuple[str, str]]] = set()
    for name, body in project.services.items():
        if not isinstance(body, Map):
            continue
        try:
            fields = resolve_service(project, name, ctx)
        except ExtendsError as e:
            if e.members not in cycles:  # one finding per cycle, at the first extends: of it
                cycles.add(e.members)
                yield Finding(ctx.reserved, project.path, body.key_line("extends"), body.key_col("extends"), e.message)
            continue
        yield Service(name, project.services.key_line(name), project.services.key_col(name), body.end_line,
                      fields, project, ctx.options, net)


def _judge(project: Project, ctx: cli.Context, report: str, at: Field | None = None,
           prefix: str = "") -> Iterator[Finding]:
    """Findings for every enabled rule on every service of `project`, in the file `report`
    (at `at` when the project is an included file checked through its include)."""
    seen: set[tuple[str, int, int]] = set()
    for service in _services(project, ctx):
        if isinstance(service, Finding):
            yield service if at is None else Finding(service.rule, report, at.line, at.col, prefix + service.message)
            continue
        block: dict[str, str | int] = {}
        for rule_id, rule in CHECKS.items():
            if rule_id not in ctx.enabled:
                continue
            for place, message in rule(service):
                line, col = (place.line, place.col) if at is None else (at.line, at.col)
                key = (rule_id, line, col)
                if key in seen:
                    continue  # an extended service in the same file: reported once, where it is written
                seen.add(key)
                if place.via:
                    message += f" (inherited {place.via})"
                if not block:  # built once per service with findings (shown() imports the redactor)
                    block.update({"block_start": str(service.line), "block_end": str(max(service.end_line, service.line)),
                                  "service": shown(service.name)})
                evidence = f"{service.name} {rule_id} {message}" if rule_id != "CMP815" else str(place.value)
                yield Finding(rule_id, report, line, col, prefix + message, severity=place.severity,
                              evidence=evidence, extra=block if at is None else {})
        for notice in dict.fromkeys(service.notices):  # CMP806 and CMP807 read the same mounts
            ctx.notice(f"{report}:{notice}" if at is None else f"{report}:{at.line}: {prefix}{notice}")


def _includes(project: Project, ctx: cli.Context, top: Any, depth: int, seen: set[str]) -> Iterator[Finding]:
    """Files named by `include:` that this hook would not check on their own (their name does
    not match and they do not look like compose): checked here, reported at the entry."""
    from sechooks.core.yaml import Map, Seq

    entries = top.get("include") if isinstance(top, Map) else None
    if not isinstance(entries, Seq):
        return
    for index, entry in enumerate(entries):
        line, col = entries.item_line(index), entries.item_col(index)
        paths = entry.get("path") if isinstance(entry, Map) else entry
        env_file = entry.get("env_file") if isinstance(entry, Map) else None
        for name in (paths if isinstance(paths, list) else [paths]):
            if not isinstance(name, str):
                continue
            name = interpolate(name, project.env)
            if not known(name):
                ctx.notice(f"{project.path}:{line}: include '{shown(name)}' could not be resolved: not followed")
                continue
            path = os.path.normpath(os.path.join(os.path.dirname(project.path), name))
            if path in seen or depth >= MAX_INCLUDE_DEPTH:
                if depth >= MAX_INCLUDE_DEPTH:
                    ctx.notice(f"{project.path}:{line}: include deeper than {MAX_INCLUDE_DEPTH} files: not followed")
                continue
            seen.add(path)
            source = ctx.read_related(path)
            if source.text is None:
                ctx.notice(f"{project.path}:{line}: include '{shown(name)}' not read ({source.error or source.skip})")
                continue
            if HOOK.matches(path) or (path.endswith((".yml", ".yaml")) and sniff(source.text)):
                continue  # checked as a file of its own: reported there, once
            env = _env_beside(path, ctx)
            if isinstance(env_file, str):
                extra = ctx.read_related(os.path.join(os.path.dirname(project.path), env_file))
                env = {**env, **parse_env(extra.text)} if extra.text is not None else env
            projects, problems = _load_services(path, source.text, ctx, env)
            prefix = f"included '{shown(name)}': "
            for problem in problems:
                yield Finding(ctx.reserved, project.path, line, col, prefix + problem.message)
            for other in projects:
                yield from _judge(other, ctx, project.path, Field(None, line, col), prefix)


def check_file(path: str, text: str, ctx: cli.Context) -> Iterator[Finding]:
    """Every enabled CMP rule on one compose file's text."""
    if "services" not in text:
        return
    from sechooks.core import yaml

    projects, problems = _load_services(path, text, ctx)
    if problems and not is_compose_name(path) and not path.lower().endswith((".yml", ".yaml")):
        ctx.notice(f"{path}: not YAML (a template or a document with a compose example?): not checked")
        return
    yield from problems
    for project in projects:
        yield from _judge(project, ctx, path)
    if "include" in text and projects:
        tops = [d.value for d in yaml.load(text) if d.error is None and isinstance(d.value, yaml.Map)]
        for top in tops[:1]:
            yield from _includes(projects[0], ctx, top, 0, {os.path.normpath(path)})


HOOK = cli.Hook(
    name="sechooks-compose",
    family="CMP",
    check=check_file,
    matches=is_compose_name,
    sniff=sniff,
    also=("NET",),  # the port classes are the network rules' options (net.data_ports ...)
    compat=(
        Compat(re.compile(r"#\s*kics-scan\s+ignore-line\b"), "next", marker="kics-scan"),
        Compat(re.compile(r"#\s*kics-scan\s+ignore\s*$"), "file", marker="kics-scan"),
        Compat(re.compile(r"#\s*kics-scan\s+disable\s*=\s*(?P<ids>[0-9A-Fa-f, -]+)"), "file", marker="kics-scan"),
    ),
)


def main(argv: Sequence[str] | None = None) -> int:
    """Console entry point of `sechooks-compose`."""
    return cli.run(HOOK, argv)


if __name__ == "__main__":
    raise SystemExit(main())
