"""Configuration: hook args first, then one config file at the repo root, then defaults.

The file is `.sechooks.toml` (top-level keys) or, when that does not exist,
`[tool.sechooks]` in `pyproject.toml`. The home directory is never read.
"""
from __future__ import annotations

import os
import re
import sys
from sechooks.core.record import field, record, replace
TYPE_CHECKING = False  # typing costs ~5 ms to import; annotations are strings
if TYPE_CHECKING:
    from typing import Any, Iterable, Mapping

from sechooks.core import catalogue
from sechooks.core.finding import Severity

BASELINE = ".sechooks-baseline.json"
KEYS = {
    "enable", "disable", "severity", "fail_on", "exclude", "ignore",
    "require_reason", "strict", "baseline", "max_file_bytes",
}


class ConfigError(Exception):
    """A usage or configuration error: exit 2 with this one-line message."""


@record(frozen=True)
class PathIgnore:
    pattern: str
    rules: frozenset[str]  # empty = every rule


@record(frozen=True)
class Config:
    # (enable?, id or family) in order: the file's enables, its disables, then the
    # args' enables and disables, so a later layer wins over an earlier one.
    selection: tuple[tuple[bool, str], ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    fail_on: Severity = Severity.LOW
    exclude: tuple[str, ...] = ()
    ignore: tuple[PathIgnore, ...] = ()
    require_reason: bool = False
    strict: bool = False
    baseline: str = BASELINE
    max_file_bytes: int | None = None
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    source: str | None = None
    notices: tuple[str, ...] = ()

    def enabled_rules(self, prefix: str) -> frozenset[str]:
        """Rule ids of one family that run: defaults, plus `enable`, minus `disable`."""
        rules = catalogue.family(prefix).rules
        on = {rid for rid, rule in rules.items() if rule.default and not rule.removed}
        for enable, token in self.selection:
            if enable:
                on.update(_expand(token, rules))
            else:
                on.difference_update(_expand(token, rules))
        return frozenset(rid for rid in on if not rules[rid].removed)

    def family_options(self, prefix: str) -> dict[str, Any]:
        declared = catalogue.family(prefix).options
        given = self.options.get(prefix.lower(), {})
        return {name: given.get(name, opt.default) for name, opt in declared.items()}

    def severity_of(self, rule_id: str, default: Severity) -> Severity:
        return self.severity.get(rule_id, default)


def _expand(selector: str, rules: Mapping[str, catalogue.Rule]) -> set[str]:
    selector = catalogue.canonical(selector)
    if selector in catalogue.FAMILIES or selector == "ALL":
        prefix = selector if selector != "ALL" else None
        return {rid for rid in rules if prefix is None or rid.startswith(prefix)}
    return {selector} if selector in rules else set()


def _did_you_mean(token: str) -> str:
    close = catalogue.suggest(token)
    return f" (did you mean {close!r}?)" if close else ""


def _rule_ids(selector: str, where: str) -> list[str]:
    """Our ids for what a user wrote: an id, a family, ALL, a rule name or a peer's id."""
    token = selector.strip()
    if token.upper() == "ALL" or catalogue.is_family(token):
        return [catalogue.canonical(token)]
    rules = catalogue.lookup(token)
    if not rules:
        raise ConfigError(f"{where}: unknown rule id {token!r}{_did_you_mean(token)}")
    return [r.id for r in rules]


def _check_rule_id(selector: str, where: str) -> str:
    ids = _rule_ids(selector, where)
    if len(ids) > 1:
        raise ConfigError(f"{where}: {selector!r} names several rules ({', '.join(ids)}): give one id")
    return ids[0]


def rule_list(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [v for v in re.split(r"[,\s]+", value) if v]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: expected a list of rule ids")
    return tuple(rule for v in value for rule in _rule_ids(v, where))


def _str_list(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: expected a list of strings")
    return tuple(value)


def _severity(value: Any, where: str) -> Severity:
    if not isinstance(value, str):
        raise ConfigError(f"{where}: expected a severity name")
    try:
        return Severity.parse(value)
    except ValueError as e:
        raise ConfigError(f"{where}: {e}") from None


def _bool(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"{where}: expected true or false")
    return value


def _severity_map(value: Any, where: str) -> dict[str, Severity]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: expected a table of RULE = \"severity\"")
    return {
        _check_rule_id(k, where): _severity(v, f"{where}.{k}") for k, v in value.items()
    }


def _ignores(value: Any, where: str) -> tuple[PathIgnore, ...]:
    if not isinstance(value, list):
        raise ConfigError(f"{where}: expected an array of tables with path and rules")
    out = []
    for i, item in enumerate(value):
        spot = f"{where}[{i}]"
        if not isinstance(item, dict) or "path" not in item:
            raise ConfigError(f"{spot}: expected a table with a path glob")
        unknown = set(item) - {"path", "rules", "reason"}
        if unknown:
            raise ConfigError(f"{spot}: unknown key {sorted(unknown)[0]!r}")
        if not isinstance(item["path"], str):
            raise ConfigError(f"{spot}.path: expected a glob string")
        rules = rule_list(item.get("rules", []), f"{spot}.rules")
        out.append(PathIgnore(item["path"], frozenset(rules)))
    return tuple(out)


def _option_value(opt: catalogue.Option, value: Any, where: str) -> Any:
    if opt.kind is list:
        items = _str_list(value, where) if opt.item is str else value
        if not isinstance(items, (list, tuple)):
            raise ConfigError(f"{where}: expected a list")
        value = tuple(items)
    elif opt.kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    elif not isinstance(value, opt.kind) or (opt.kind is int and isinstance(value, bool)):
        raise ConfigError(f"{where}: expected {opt.kind.__name__}")
    if opt.choices and value not in opt.choices:
        allowed = ", ".join(map(str, opt.choices))
        raise ConfigError(f"{where}: {value!r} is not one of {allowed}")
    if opt.validate is not None:
        problem = opt.validate(value)
        if problem:
            raise ConfigError(f"{where}: {problem}")
    return value


def _family_options(prefix: str, table: Any, where: str) -> dict[str, Any]:
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: expected a table of options")
    try:
        declared = catalogue.family(prefix).options
    except ModuleNotFoundError:
        return dict(table)  # hook not installed here: nothing to validate against
    out = {}
    for name, value in table.items():
        if name not in declared:
            raise ConfigError(f"{where}: unknown option {name!r}{_close(name, declared)}")
        out[name] = _option_value(declared[name], value, f"{where}.{name}")
    return out


def _close(word: str, known: Iterable[str]) -> str:
    import difflib

    close = difflib.get_close_matches(word.replace("-", "_"), list(known), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


MAX_FILE_BYTES_LIMIT = 1 << 31  # 2 GiB: more is a typo, and more than one read can hold
CONFIG_MAX_BYTES = 1 << 20


def from_mapping(data: Mapping[str, Any], where: str) -> Config:
    """Validate a `[tool.sechooks]` table; every unknown key is an error naming it."""
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: expected a table of settings, not {type(data).__name__}")
    families = {p.lower(): p for p in catalogue.FAMILIES}
    families.update((old.lower(), new) for old, new in catalogue.FAMILY_ALIASES.items())  # [tfn] is [net]
    kwargs: dict[str, Any] = {}
    options: dict[str, dict[str, Any]] = {}
    for key, value in data.items():
        spot = f"{where}: {key}"
        if key in families:
            section = families[key].lower()
            if section in options:
                raise ConfigError(f"{spot}: the same section as [{section}] (a renamed family): give one of them")
            options[section] = _family_options(families[key], value, spot)
        elif key not in KEYS:
            raise ConfigError(f"{where}: unknown key {key!r}{_close(key, [*KEYS, *families])}")
        elif key in ("enable", "disable"):
            kwargs[key] = rule_list(value, spot)
        elif key == "severity":
            kwargs[key] = _severity_map(value, spot)
        elif key == "fail_on":
            kwargs[key] = _severity(value, spot)
        elif key == "exclude":
            kwargs[key] = _str_list(value, spot)
        elif key == "ignore":
            kwargs[key] = _ignores(value, spot)
        elif key in ("require_reason", "strict"):
            kwargs[key] = _bool(value, spot)
        elif key == "baseline":
            if not isinstance(value, str):
                raise ConfigError(f"{spot}: expected a path")
            kwargs[key] = value
        elif key == "max_file_bytes":
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise ConfigError(f"{spot}: expected a positive integer")
            if value > MAX_FILE_BYTES_LIMIT:
                raise ConfigError(f"{spot}: {value} is over the largest cap, {MAX_FILE_BYTES_LIMIT} bytes")
            kwargs[key] = value
    selection = _selection(kwargs.pop("enable", ()), kwargs.pop("disable", ()))
    return Config(selection=selection, options=options, source=where, **kwargs)


def _selection(enable: Iterable[str], disable: Iterable[str]) -> tuple[tuple[bool, str], ...]:
    return tuple((True, t) for t in enable) + tuple((False, t) for t in disable)


def _load_toml(path: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.9/3.10 only
        import tomli as tomllib
    from sechooks.core import files

    raw = files.read_bytes(path, CONFIG_MAX_BYTES)
    if isinstance(raw, str):
        raise ConfigError(f"{path}: {raw}")
    if len(raw) > CONFIG_MAX_BYTES:
        raise ConfigError(f"{path}: over {CONFIG_MAX_BYTES} bytes: not a configuration file")
    try:
        data: dict[str, Any] = tomllib.loads(raw.decode("utf-8"))
        return data
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 (TOML files are UTF-8; re-save it as UTF-8)") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: invalid TOML: {e}") from None
    except RecursionError:
        raise ConfigError(f"{path}: invalid TOML: nested too deeply") from None


def _pyproject_has_ours(pyproject: str) -> bool:
    from sechooks.core import files

    raw = files.read_bytes(pyproject, CONFIG_MAX_BYTES)
    return not isinstance(raw, str) and b"sechooks" in raw and b"tool" in raw


def find_config(root: str) -> str | None:
    """`.sechooks.toml` wins; else `pyproject.toml` only if it has `[tool.sechooks`."""
    dotfile = os.path.join(root, ".sechooks.toml")
    if os.path.lexists(dotfile):
        return dotfile
    pyproject = os.path.join(root, "pyproject.toml")
    return pyproject if os.path.lexists(pyproject) and _pyproject_has_ours(pyproject) else None


def shadowed_config(root: str, used: str | None) -> str | None:
    """A notice when `.sechooks.toml` hides a `[tool.sechooks]` table in pyproject.toml."""
    pyproject = os.path.join(root, "pyproject.toml")
    if used and os.path.basename(used) == ".sechooks.toml" and os.path.isfile(pyproject) and _pyproject_has_ours(pyproject):
        return "pyproject.toml [tool.sechooks] is ignored: .sechooks.toml is used (keep one of the two)"
    return None


def load(root: str, explicit: str | None = None) -> Config:
    path = explicit or find_config(root)
    if path is None:
        return Config()
    if explicit and not os.path.isfile(explicit):
        raise ConfigError(f"{explicit}: config file not found")
    data = _load_toml(path)
    shown = os.path.relpath(path, root) if not explicit else explicit
    if os.path.basename(path) == "pyproject.toml":
        tool = data.get("tool", {})
        if not isinstance(tool, dict):
            raise ConfigError(f"{shown}: 'tool' must be a table")
        data = tool.get("sechooks", {})
        shown += " [tool.sechooks]"
    config = from_mapping(data, shown)
    notice = None if explicit else shadowed_config(root, path)
    return replace(config, notices=(notice,)) if notice else config


def with_args(
    config: Config,
    *,
    enable: Iterable[str] = (),
    disable: Iterable[str] = (),
    selection: Iterable[tuple[bool, str]] = (),
    severity: Mapping[str, Severity] | None = None,
    fail_on: Severity | None = None,
    exclude: Iterable[str] = (),
    require_reason: bool = False,
    strict: bool = False,
    baseline: str | None = None,
) -> Config:
    """Hook args win: lists extend the file's, scalars replace them. `selection` is
    (enable?, id) in command-line order, applied after `enable` and `disable`."""
    return replace(
        config,
        selection=config.selection + _selection(enable, disable) + tuple(selection),
        severity={**config.severity, **(severity or {})},
        fail_on=fail_on if fail_on is not None else config.fail_on,
        exclude=config.exclude + tuple(exclude),
        require_reason=config.require_reason or require_reason,
        strict=config.strict or strict,
        baseline=baseline if baseline is not None else config.baseline,
    )


def glob_pattern(pattern: str) -> str:
    """Regex text for a gitignore-like glob: `*` stays in a segment, `**` crosses them, a
    pattern without `/` matches a basename anywhere, a trailing `/` matches a directory."""
    pat = pattern.strip()
    anchored = "/" in pat.rstrip("/")
    directory = pat.endswith("/")
    pat = pat.strip("/")
    out = []
    i = 0
    while i < len(pat):
        c = pat[i]
        if pat.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pat.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        out.append({"*": "[^/]*", "?": "[^/]"}.get(c, re.escape(c)))
        i += 1
    body = "".join(out)
    prefix = "" if anchored else "(?:.*/)?"
    suffix = "/.*" if directory else "(?:/.*)?"
    return f"^{prefix}{body}{suffix}$"


_union_cache: dict[tuple[str, ...], re.Pattern[str] | None] = {}


def path_matches(path: str, patterns: Iterable[str]) -> bool:
    """Does any glob match? Globs are compiled once per pattern list, as one regex."""
    key = tuple(patterns)
    if key not in _union_cache:
        bodies = [glob_pattern(p) for p in key]
        if bodies:
            from sechooks.core import rxcache  # the default excludes' union alone is ~3 ms to compile

            _union_cache[key] = rxcache.compile("|".join(f"(?:{b})" for b in bodies))
        else:
            _union_cache[key] = None
    union = _union_cache[key]
    return union is not None and union.match(path) is not None
