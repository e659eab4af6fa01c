"""bandit's checks without bandit's manager: sechooks-python's fast path.

`import bandit` costs ~230 ms before a file is read (its package imports the manager, which
pulls in importlib.metadata, PyYAML, rich and stevedore's entry-point scan), and its node
visitor builds a context and calls its tester for every node of the AST, including the
~90% of nodes no check looks at. A pre-commit hook on ten files cannot afford either.

This module keeps bandit's analysis and replaces its machinery:

- the `bandit` and `bandit.core` packages are registered without running their
  `__init__` (only when bandit is not imported yet), so importing a check module loads
  just the light modules checks are written against: constants, issue, test_properties,
  utils, context and blacklisting;
- plugins and blacklists are found by reading `entry_points.txt` of the installed
  distributions (what stevedore does, minus importlib.metadata), and only the plugin
  modules holding a wanted test are imported (`KNOWN` names bandit's own; the two
  blacklist modules, ~1 ms, are always read: PY599 and `# nosec name` need their ids);
- the walk visits nodes in bandit's order, sets the same `_bandit_parent` and
  `_bandit_sibling` links, and fills in each issue as bandit's tester does; a context is
  built only for a node some enabled check looks at.

It follows `BanditNodeVisitor` and `BanditTester` of bandit 1.7.5 to 1.9 (`SUPPORTED`);
hooks/python.py uses bandit's own manager for other versions. tests/bandit_walk_test.py
compares both paths issue for issue on every fixture and a sample of the standard library.
"""
from __future__ import annotations

import ast
import functools
import importlib
import io
import os
import re
import sys
import types

from sechooks.core.record import record

TYPE_CHECKING = False  # typing costs ~5 ms to import; annotations are strings
if TYPE_CHECKING:
    from typing import Any, Callable, Iterable, Iterator

SUPPORTED = ((1, 7, 5), (1, 10, 0))  # [low, high): versions whose visitor/tester this mirrors
PLUGINS, BLACKLISTS = "bandit.plugins", "bandit.blacklists"

# bandit's own plugins: entry point target -> test id. Lets the walk skip importing the
# modules of tests nobody wants; an unknown target is imported to learn its id.
KNOWN: dict[str, str] = {
    "bandit.plugins.app_debug:flask_debug_true": "B201",
    "bandit.plugins.asserts:assert_used": "B101",
    "bandit.plugins.crypto_request_no_cert_validation:request_with_no_cert_validation": "B501",
    "bandit.plugins.django_sql_injection:django_extra_used": "B610",
    "bandit.plugins.django_sql_injection:django_rawsql_used": "B611",
    "bandit.plugins.django_xss:django_mark_safe": "B703",
    "bandit.plugins.exec:exec_used": "B102",
    "bandit.plugins.general_bad_file_permissions:set_bad_file_permissions": "B103",
    "bandit.plugins.general_bind_all_interfaces:hardcoded_bind_all_interfaces": "B104",
    "bandit.plugins.general_hardcoded_password:hardcoded_password_default": "B107",
    "bandit.plugins.general_hardcoded_password:hardcoded_password_funcarg": "B106",
    "bandit.plugins.general_hardcoded_password:hardcoded_password_string": "B105",
    "bandit.plugins.general_hardcoded_tmp:hardcoded_tmp_directory": "B108",
    "bandit.plugins.hashlib_insecure_functions:hashlib": "B324",
    "bandit.plugins.huggingface_unsafe_download:huggingface_unsafe_download": "B615",
    "bandit.plugins.injection_paramiko:paramiko_calls": "B601",
    "bandit.plugins.injection_shell:any_other_function_with_shell_equals_true": "B604",
    "bandit.plugins.injection_shell:start_process_with_a_shell": "B605",
    "bandit.plugins.injection_shell:start_process_with_no_shell": "B606",
    "bandit.plugins.injection_shell:start_process_with_partial_path": "B607",
    "bandit.plugins.injection_shell:subprocess_popen_with_shell_equals_true": "B602",
    "bandit.plugins.injection_shell:subprocess_without_shell_equals_true": "B603",
    "bandit.plugins.injection_sql:hardcoded_sql_expressions": "B608",
    "bandit.plugins.injection_wildcard:linux_commands_wildcard_injection": "B609",
    "bandit.plugins.insecure_ssl_tls:ssl_with_bad_defaults": "B503",
    "bandit.plugins.insecure_ssl_tls:ssl_with_bad_version": "B502",
    "bandit.plugins.insecure_ssl_tls:ssl_with_no_version": "B504",
    "bandit.plugins.jinja2_templates:jinja2_autoescape_false": "B701",
    "bandit.plugins.logging_config_insecure_listen:logging_config_insecure_listen": "B612",
    "bandit.plugins.mako_templates:use_of_mako_templates": "B702",
    "bandit.plugins.markupsafe_markup_xss:markupsafe_markup_xss": "B704",
    "bandit.plugins.pytorch_load:pytorch_load": "B614",
    "bandit.plugins.request_without_timeout:request_without_timeout": "B113",
    "bandit.plugins.snmp_security_check:snmp_crypto_check": "B509",
    "bandit.plugins.snmp_security_check:snmp_insecure_version_check": "B508",
    "bandit.plugins.ssh_no_host_key_verification:ssh_no_host_key_verification": "B507",
    "bandit.plugins.tarfile_unsafe_members:tarfile_unsafe_members": "B202",
    "bandit.plugins.trojansource:trojansource": "B613",
    "bandit.plugins.try_except_continue:try_except_continue": "B112",
    "bandit.plugins.try_except_pass:try_except_pass": "B110",
    "bandit.plugins.weak_cryptographic_key:weak_cryptographic_key": "B505",
    "bandit.plugins.yaml_load:yaml_load": "B506",
}
@record(frozen=True)
class EntryPoint:
    name: str
    target: str  # "module:attribute"


@record(frozen=True)
class Trigger:
    """What must occur in a file's text for a check to possibly report there.

    `words`: alternatives, each a set of identifiers that must all occur as whole words
    (\\w+ runs of the bytes); `substrings`: bytes any one of which occurring is enough.
    The check runs when any alternative holds.
    """

    words: tuple[frozenset[bytes], ...] = ()
    substrings: tuple[bytes, ...] = ()
    test: Callable[[bytes], bool] | None = None  # a condition no word list can say


@record(frozen=True)
class Check:
    """One test as bandit's tester calls it."""

    function: Callable[..., Any]
    name: str  # the function's name: bandit reports it as the issue's `test`
    test_id: str
    config: Any
    takes_config: bool
    own: bool  # one of bandit's own checks (they never write to the context)
    # pre(node, extra) True: the check provably reports nothing for this node, decided before a
    # context is built (extra: the call's qualname for Call, the parent for Str/Bytes, the
    # file's bytes for File)
    pre: Callable[[Any, Any], bool] | None = None
    trigger: Trigger | None = None  # None: runs on every file


# Node types bandit's visitor has a method for: their checks run only from those methods.
_VISITED = frozenset({"Call", "Import", "ImportFrom", "FunctionDef", "ClassDef", "Constant", "Str", "Bytes"})


class Unsupported(Exception):
    """bandit is missing, or a version whose internals this module does not mirror."""


def version(folders: Iterable[str] | None = None) -> tuple[int, ...] | None:
    """The installed bandit's version from its dist-info name, without importlib.metadata."""
    for entry in _dist_infos() if folders is None else folders:
        name, _, rest = os.path.basename(entry).partition("-")
        if name.lower() == "bandit":
            numbers = []
            for part in rest.rsplit(".", 1)[0].split("."):
                digits = len(part) - len(part.lstrip("0123456789"))
                if digits:
                    numbers.append(int(part[:digits]))
                if digits != len(part):  # "0rc1", "4-py3": the release number ends here
                    break
            return tuple(numbers) or None
    return None


def _dist_infos() -> Iterator[str]:
    """Installed distributions' metadata folders, first on sys.path wins (like importlib.metadata)."""
    seen: set[str] = set()
    for folder in sys.path:
        try:
            names = sorted(os.listdir(folder or "."))
        except OSError:
            continue
        for name in names:
            if name.endswith((".dist-info", ".egg-info")):
                project = name.partition("-")[0].lower().replace("_", "-").replace(".", "-")
                if project not in seen:
                    seen.add(project)
                    yield os.path.join(folder or ".", name)


def entry_points(
    groups: Iterable[str] = (PLUGINS, BLACKLISTS), folders: Iterable[str] | None = None,
) -> dict[str, list[EntryPoint]]:
    """Entry points of the wanted groups, read from each distribution's entry_points.txt."""
    wanted = set(groups)
    found: dict[str, list[EntryPoint]] = {group: [] for group in wanted}
    for folder in _dist_infos() if folders is None else folders:
        try:
            with open(os.path.join(folder, "entry_points.txt"), encoding="utf-8") as handle:
                text = handle.read()
        except (OSError, UnicodeError):
            continue
        if "[bandit." not in text:
            continue
        group = None
        for raw in text.splitlines():
            line = raw.strip()
            if not line or line[0] in "#;":
                continue
            if line.startswith("[") and line.endswith("]"):
                group = line[1:-1].strip()
            elif group in wanted and "=" in line:
                name, _, target = line.partition("=")
                target = target.split("[", 1)[0].strip()  # drop "[extras]"
                found[group].append(EntryPoint(name.strip(), target))
    return found


def _light_packages() -> None:
    """Register `bandit` and `bandit.core` without running their `__init__` modules."""
    if "bandit" in sys.modules:
        return  # the real package (or an earlier call) is already there
    import importlib.util

    spec = importlib.util.find_spec("bandit")
    if spec is None or not spec.submodule_search_locations:
        raise Unsupported("bandit is not installed")
    root = list(spec.submodule_search_locations)[0]
    package = types.ModuleType("bandit", "bandit's package, loaded without its __init__ by sechooks")
    package.__path__ = [root]
    package.__getattr__ = _package_attribute  # type: ignore[method-assign]
    core = types.ModuleType("bandit.core")
    core.__path__ = [os.path.join(root, "core")]
    sys.modules["bandit"], sys.modules["bandit.core"] = package, core
    package.core = core  # type: ignore[attr-defined]
    try:
        for name in ("constants", "issue", "test_properties"):  # what `bandit/__init__` re-exports
            module = importlib.import_module(f"bandit.core.{name}")
            exported = getattr(module, "__all__", None) or [n for n in vars(module) if not n.startswith("_")]
            for attribute in exported:
                setattr(package, attribute, getattr(module, attribute))
                setattr(core, attribute, getattr(module, attribute))
    except Exception:
        for name in [m for m in sys.modules if m == "bandit" or m.startswith("bandit.")]:
            del sys.modules[name]
        raise


def _package_attribute(name: str) -> Any:
    if name == "__version__":
        found = version()
        return ".".join(map(str, found)) if found else "unknown"
    raise AttributeError(f"module 'bandit' has no attribute {name!r} (loaded without its __init__ by sechooks)")


class Suite:
    """The checks to run, by AST node type, plus test-name resolution for `# nosec name`."""

    def __init__(self, wanted: Callable[[str, bool], bool]) -> None:
        folders = list(_dist_infos())  # one scan of sys.path serves the version and the entry points
        found = version(folders)
        if found is None or not SUPPORTED[0] <= found < SUPPORTED[1]:
            raise Unsupported(f"bandit {found} is outside {SUPPORTED}")
        _light_packages()
        from bandit.core import blacklisting

        points = entry_points(folders=folders)
        self._plugins = points[PLUGINS]
        self._blacklist_points = points[BLACKLISTS]
        self._names: dict[str, str] | None = None
        self.by_type: dict[str, list[Check]] = {}
        for point in self._plugins:
            hint = KNOWN.get(point.target)
            if hint is not None and not wanted(hint, False):
                continue
            function = _load(point.target)
            test_id = getattr(function, "_test_id", None)
            if test_id is None or not wanted(test_id, False):
                continue  # bandit skips a plugin without an id too
            self._add(function, test_id)
        self.blacklist_data = self._blacklists()  # ~1 ms; needed for ids `other` may want and nosec names
        chosen: dict[str, list[dict[str, Any]]] = {}
        for node_type, entries in self.blacklist_data.items():
            kept = [entry for entry in entries if wanted(entry["id"], True)]
            if kept:
                chosen[node_type] = kept
        for node_type in chosen:
            pre = _not_blacklisted_call(chosen["Call"]) if node_type == "Call" else None
            trigger = _blacklist_trigger(node_type, chosen)
            check = Check(blacklisting.blacklist, "blacklist", "B001", chosen, True, True, pre, trigger)
            self.by_type.setdefault(node_type, []).append(check)
        unique: dict[int, Check] = {}
        for checks in self.by_type.values():
            for check in checks:
                unique.setdefault(id(check), check)
        self._triggered = [check for check in unique.values() if check.trigger is not None]
        self._selections: dict[frozenset[int], dict[str, list[Check]]] = {}

    def _add(self, function: Any, test_id: str) -> None:
        takes = getattr(function, "_takes_config", None)
        config = None
        if takes is not None:  # bandit's default config has no plugin section: the module's defaults
            config = sys.modules[function.__module__].gen_config(takes)
        elif hasattr(function, "_config"):
            config = function._config
        own = getattr(function, "__module__", "").startswith("bandit.")
        pre = trigger = None
        if own:  # third-party checks always run: nothing is known about what they look at
            module = sys.modules[function.__module__]
            pre = _no_bidi_characters(module) if test_id == "B613" else _string_pre(test_id, config)
            trigger = _own_trigger(test_id, config) or _string_trigger(test_id, config)
        check = Check(function, function.__name__, test_id, config, takes is not None or hasattr(function, "_config"), own, pre, trigger)
        for node_type in getattr(function, "_checks", ()):
            self.by_type.setdefault(node_type, []).append(check)

    def select(self, data: bytes) -> dict[str, list[Check]]:
        """The checks to run on one file: those without a trigger, and those whose trigger
        occurs in its text (tables of identical selections are shared)."""
        if not self._triggered:
            return self.by_type
        haystack = _haystack(data)
        if haystack is None:
            return self.by_type
        words: set[bytes] | None = None
        off: set[int] = set()
        for check in self._triggered:
            trigger = check.trigger
            assert trigger is not None
            if any(needle in haystack for needle in trigger.substrings):
                continue
            if trigger.test is not None and trigger.test(haystack):
                continue
            if trigger.words:
                if words is None:
                    words = set(_WORD.findall(haystack))
                if any(alternative <= words for alternative in trigger.words):
                    continue
            off.add(id(check))
        key = frozenset(off)
        table = self._selections.get(key)
        if table is None:
            table = {}
            for kind, checks in self.by_type.items():
                kept = [check for check in checks if id(check) not in off]
                if kept:
                    table[kind] = kept
            self._selections[key] = table
        return table

    def _blacklists(self) -> dict[str, list[dict[str, Any]]]:
        """Every installed blacklist entry by node type."""
        data: dict[str, list[dict[str, Any]]] = {}
        for point in self._blacklist_points:
            for node_type, entries in _load(point.target)().items():
                data.setdefault(node_type, []).extend(entries)
        return data

    def test_id(self, name: str) -> str | None:
        """A plugin or blacklist name as `# nosec` may spell it -> its test id."""
        if self._names is None:
            names: dict[str, str] = {}
            for entries in self.blacklist_data.values():
                for entry in entries:
                    names[entry["name"]] = entry["id"]
            for point in self._plugins:
                hint = KNOWN.get(point.target)
                if hint is None:
                    try:
                        hint = getattr(_load(point.target), "_test_id", None)
                    except Exception:  # a broken third-party plugin: bandit would not resolve it either
                        hint = None
                if hint:
                    names[point.name] = hint
            self._names = names
        return self._names.get(name)


_WORD = re.compile(rb"\w+")


def _haystack(data: bytes) -> bytes | None:
    """The text triggers are looked for in: the file's bytes, plus its decoded text in NFKC
    form when it has non-ASCII bytes or a coding cookie (Python normalises identifiers so,
    `ｙａｍｌ` is `yaml` to the parser, and a cookie may name a codec such as UTF-7 that
    spells `yaml` as `+AHk-aml`). None when it cannot be decoded (every check then runs)."""
    first = data.find(b"\n")
    second = data.find(b"\n", first + 1) if first >= 0 else -1
    if data.isascii() and b"coding" not in data[: second if second >= 0 else len(data)]:
        return data
    import tokenize
    import unicodedata

    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        text = data.decode(encoding)
    except Exception:
        return None
    return data + b"\n" + unicodedata.normalize("NFKC", text).encode("utf-8", "surrogatepass")


def _words(*alternatives: str) -> tuple[frozenset[bytes], ...]:
    """Dotted names -> alternatives of words that must all occur ("ssl.wrap_socket")."""
    return tuple(frozenset(part.encode() for part in name.split(".") if part) for name in alternatives)


def _qualnames(config: Any, *sections: str) -> tuple[frozenset[bytes], ...]:
    names: list[str] = []
    for section in sections:
        names.extend(config[section])
    return _words(*names)


def _own_trigger(test_id: str, config: Any) -> Trigger | None:
    """What bandit's own check `test_id` needs in a file's text to possibly report there
    (None: no such condition is known, the check runs on every file).

    Each entry follows the check's source (bandit/plugins/*.py): a call's qualname is built
    from the identifiers of the call and of the import statements (`import subprocess as
    sp` still spells `subprocess`, `from os import system` spells `os` and `system`), so
    `qualname == "a.b"` needs the words `a` and `b`; `call_function_name == x` needs the word
    x; `is_module_imported_exact(m)` the word m; `is_module_imported_like(m)` and `m in
    call_function_name` need m as a substring. String values are never used: escapes and
    implicit concatenation can spell a value the text does not contain.
    """
    words: tuple[frozenset[bytes], ...] = ()
    substrings: tuple[bytes, ...] = ()
    try:
        if test_id in _WORD_TRIGGERS:
            words = _words(*_WORD_TRIGGERS[test_id])
        elif test_id == "B103":  # "chmod" in call_function_name
            substrings = (b"chmod",)
        elif test_id == "B201":  # is_module_imported_like("flask") and ...
            substrings = (b"flask",)
        elif test_id == "B503":  # a default `x.attr` whose attr is a bad protocol name
            words = _words(*config["bad_protocol_versions"])
        elif test_id in ("B602", "B603"):  # qualname in config["subprocess"]
            words = _qualnames(config, "subprocess")
        elif test_id == "B605":
            words = _qualnames(config, "shell")
        elif test_id == "B606":
            words = _qualnames(config, "no_shell")
        elif test_id == "B607":
            words = _qualnames(config, "subprocess", "shell", "no_shell")
        elif test_id == "B609":
            words = _qualnames(config, "shell", "subprocess")
        else:
            return None
    except (KeyError, TypeError):  # a configuration shape this table does not know
        return None
    if not words and not substrings:
        return None
    return Trigger(words, substrings)


# bandit's own checks whose every report needs these names (dotted: all parts as words).
_WORD_TRIGGERS: dict[str, tuple[str, ...]] = {
    "B101": ("assert",),  # an Assert node
    "B110": ("except",), "B112": ("except",),  # an ExceptHandler node
    "B102": ("exec",),  # qualname == "exec"
    "B113": ("requests", "httpx"),  # qualname's first part
    "B501": ("requests", "httpx"),
    "B202": ("tarfile",),  # is_module_imported_exact("tarfile")
    "B324": ("hashlib", "crypt"),  # a part of the qualname
    "B502": ("method", "ssl_version"),  # a keyword argument of that name
    "B504": ("ssl.wrap_socket",),
    "B505": (
        "cryptography.hazmat.primitives.asymmetric.dsa.generate_private_key",
        "cryptography.hazmat.primitives.asymmetric.rsa.generate_private_key",
        "cryptography.hazmat.primitives.asymmetric.ec.generate_private_key",
        "Crypto.PublicKey.DSA.generate", "Crypto.PublicKey.RSA.generate",
        "Cryptodome.PublicKey.DSA.generate", "Cryptodome.PublicKey.RSA.generate",
    ),
    "B506": ("yaml.load",),  # is_module_imported_exact("yaml"), "yaml" in the qualname, func == "load"
    "B507": ("set_missing_host_key_policy",),  # call_function_name
    "B508": ("pysnmp.hlapi.CommunityData",), "B509": ("pysnmp.hlapi.UsmUserData",),
    "B601": ("exec_command",),  # call_function_name
    "B604": ("shell",),  # a `shell=` keyword argument
    "B610": ("extra",),  # call_function_name
    "B611": ("RawSQL",),
    "B612": ("logging.config.listen",),
    "B614": ("torch.load",),  # torch imported exactly and qualname torch.load / torch.serialization.load
    "B615": ("from_pretrained", "load_dataset", "hf_hub_download", "snapshot_download", "repository_id"),
    "B701": ("jinja2.Environment",), "B702": ("mako.Template",),
    "B703": ("mark_safe", "SafeText", "SafeUnicode", "SafeString", "SafeBytes"),
    "B704": ("markupsafe.Markup", "flask.Markup"),
}


def _blacklist_trigger(node_type: str, chosen: dict[str, list[dict[str, Any]]]) -> Trigger | None:
    """The blacklist check on a call compares the call's qualname with each listed one
    (all its parts are words of the text), or reads the argument of `__import__(...)` /
    `importlib.import_module/__import__(...)`; on an import it asks whether "module.name"
    starts with a listed name, so the listed name's first part is a substring of the text.
    An `ImportFrom` without a module is checked with the Import visit against the
    ImportFrom list: both import kinds share the union of both lists."""
    if node_type == "Call":
        names = [qualname for entry in chosen.get("Call", ()) for qualname in entry["qualnames"]]
        return Trigger(_words(*names, "__import__", "import_module"))
    if node_type in ("Import", "ImportFrom"):
        firsts = {
            qualname.split(".")[0].encode()
            for kind in ("Import", "ImportFrom") for entry in chosen.get(kind, ()) for qualname in entry["qualnames"]
        }
        if not firsts or b"" in firsts:
            return None
        return Trigger((), tuple(sorted(firsts)))
    return None


# A string escape that can spell any character, or a backslash-newline inside a string:
# with one of these in the file, a string's value may hold text the file does not.
_ESCAPE = re.compile(rb"\\(?:[0-7xNuU]|\r|\n)")


def _string_trigger(test_id: str, config: Any) -> Trigger | None:
    """The Str checks look at string values, which are the file's text unless an escape
    spells them (`_ESCAPE`) or several string tokens are joined: implicit concatenation
    ("0.0" ".0.0") or, for B608, the constant parts of an f-string around a replacement
    field (f"sel{x}ect"). Each test below allows for both."""
    if test_id == "B104":  # string_val == "0.0.0.0": whole, or in pieces made only of "0" and "."
        pieces = re.compile(rb"[\"'][0.]+[\"']")
        return Trigger(test=lambda hay: b"0.0.0.0" in hay or bool(_ESCAPE.search(hay) or pieces.search(hay)))
    if test_id == "B108":  # string_val.startswith(d): d whole, or a piece that is a proper prefix of d
        dirs = config["tmp_dirs"] if config is not None and "tmp_dirs" in config else ["/tmp", "/var/tmp", "/dev/shm"]  # nosec B108
        if not dirs or not all(isinstance(d, str) and d and d.isascii() for d in dirs):
            return None
        whole = tuple(d.encode() for d in dirs)
        prefixes = sorted({re.escape(d[:i].encode()) for d in dirs for i in range(1, len(d))}, key=len, reverse=True)
        first = re.compile(rb"[\"'](?:" + b"|".join(prefixes) + rb")[\"']")
        return Trigger(test=lambda hay: any(d in hay for d in whole) or bool(_ESCAPE.search(hay) or first.search(hay)))
    if test_id == "B608":
        return Trigger(test=_may_hold_sql)
    return None


def _may_hold_sql(hay: bytes) -> bool:
    """B608 reports a statement matching `select\\s.*from\\s`, `delete\\s+from\\s`,
    `insert\\s+into\\s.*values[\\s(]` or `update\\s.*set\\s` (any case). A statement
    is one string's value, or values joined with spaces (so a keyword never spans two of
    them), or an f-string's constant parts joined without: a keyword is in the text, or
    split where one piece ends (quote or `{`) and the next starts (quote or `}`). Non-ASCII
    text: re's IGNORECASE matches `ı` and `ſ` to i and s, so the check runs."""
    if not hay.isascii() or _ESCAPE.search(hay):
        return True
    low = hay.lower()
    # the letters just before a piece ends and just after one starts (a keyword's proper
    # prefix and the rest are at most 5 letters), as every suffix and prefix of them
    heads = {run[i::-1] for run in _BEFORE_BREAK.findall(low[::-1]) for i in range(len(run))}
    tails = {run[:i] for run in _AFTER_BREAK.findall(low) for i in range(1, len(run) + 1)}

    def present(word: bytes) -> bool:
        return word in low or any(word[:i] in heads and word[i:] in tails for i in range(1, len(word)))

    if present(b"from") and (present(b"select") or present(b"delete")):
        return True
    if present(b"insert") and present(b"into") and present(b"values"):
        return True
    return present(b"update") and present(b"set")


_BEFORE_BREAK = re.compile(rb"[\"'{]([a-z]{1,5})")  # on the reversed text
_AFTER_BREAK = re.compile(rb"[\"'}]([a-z]{1,5})")


def _string_pre(test_id: str, config: Any) -> Callable[[Any, Any], bool] | None:
    """Str checks that look at every string: what each provably needs of the node itself."""
    if test_id == "B104":  # string_val == "0.0.0.0"
        return lambda node, parent: node.value != "0.0.0.0"  # nosec B104 -- compares with it, binds nothing
    if test_id == "B108":  # string_val.startswith(one of tmp_dirs)
        dirs = config["tmp_dirs"] if config is not None and "tmp_dirs" in config else ["/tmp", "/var/tmp", "/dev/shm"]  # nosec B108
        if not all(isinstance(d, str) for d in dirs):
            return None
        prefixes = tuple(dirs)
        return lambda node, parent: not (isinstance(node.value, str) and node.value.startswith(prefixes))
    if test_id == "B608":  # the statement is built only under a BinOp, "".format/replace or an f-string
        def pre(node: Any, parent: Any) -> bool:
            kind = parent.__class__
            if kind is ast.BinOp or kind is ast.JoinedStr:
                return False
            return not (kind is ast.Attribute and parent.attr in ("format", "replace"))
        return pre
    return None


def _no_bidi_characters(module: Any) -> Callable[[Any, Any], bool] | None:
    """B613 (trojansource) decodes the file and tries `line.index(char)` for each of its
    characters on every line: ~1.5 ms per 200-line file. Without a coding cookie the file is
    UTF-8 to it, and a character is in the decoded text only if its UTF-8 bytes are in the
    file, so one byte search per character settles most files (undecodable ones included:
    the check fails on them and reports nothing either)."""
    characters = getattr(module, "BIDI_CHARACTERS", None)
    if not characters:
        return None
    needles = tuple(c.encode("utf-8") for c in characters)

    def quick(node: Any, data: bytes) -> bool:
        if b"coding" in b"\n".join(data.split(b"\n", 2)[:2]):
            return False  # a cookie may name another codec: let the check decode
        return not any(needle in data for needle in needles)

    return quick


def _not_blacklisted_call(entries: list[dict[str, Any]]) -> Callable[[Any, Any], bool]:
    """bandit's blacklist check compares a call's name with every listed qualname in turn.
    The name is the call's qualname unless the call is `__import__(...)` or
    `importlib.import_module/__import__(...)` (then it is the argument): for any other call
    whose qualname is not listed, the check provably reports nothing."""
    listed = frozenset(qualname for entry in entries for qualname in entry["qualnames"])
    indirect = frozenset({"importlib.import_module", "importlib.__import__"})

    def quick(node: Any, qualname: Any) -> bool:
        if qualname in listed or qualname in indirect:
            return False
        func = node.func
        return not (isinstance(func, ast.Name) and func.id == "__import__")

    return quick


def _load(target: str) -> Any:
    module, _, attribute = target.partition(":")
    value: Any = importlib.import_module(module)
    for part in attribute.split("."):
        value = getattr(value, part)
    return value


def scan(suite: Suite, fname: str, data: bytes) -> tuple[list[Any], str | None]:
    """bandit's issues for one file, or (partial issues, why it could not scan it).

    The file is always parsed, even when no check is left for it: a syntax error is still
    reported (PY500), as bandit reports it whatever tests are enabled."""
    by_type = suite.select(data)
    walker = _Walker(suite, by_type, fname, io.BytesIO(data))
    try:
        tree = ast.parse(data)
    except SyntaxError:
        return [], "syntax error while parsing AST from file"
    except Exception:  # bandit's words for anything else, e.g. RecursionError on deep nesting
        return [], "exception while scanning file"
    try:
        if any(kind != "File" for kind in by_type):
            walker.walk(tree)
        checks = [c for c in by_type.get("File", ()) if c.pre is None or not c.pre(None, data)]
        if checks:
            walker.run(walker.file_context(), checks)
    except Exception:
        return [], "exception while scanning file"
    return walker.results, None


# AST classes without children a check can look at: the fast walk neither recurses into
# them nor links them (bandit's own checks read `_bandit_parent`/`_bandit_sibling` only on
# the node they check, its ancestors and statement-like nodes); constants are handled inline.
_LEAVES = frozenset(
    cls for cls in (getattr(ast, name, None) for name in (
        "Name", "Constant", "alias", "Pass", "Break", "Continue", "Global", "Nonlocal",
    )) if isinstance(cls, type)
)


# Fields that never hold a node (names, operators and contexts are no check's business).
_NOT_NODES = frozenset({
    "ctx", "op", "ops", "id", "attr", "arg", "name", "names", "type_comment", "kind", "level",
    "module", "is_async", "conversion", "simple", "tag", "kwd_attrs",
})


@functools.lru_cache(maxsize=None)
def _node_fields() -> dict[type, tuple[str, ...]]:
    """AST class with fields -> those that may hold nodes (leaves and field-less singletons are absent)."""
    found = {}
    for name in dir(ast):
        cls = getattr(ast, name)
        if isinstance(cls, type) and issubclass(cls, ast.AST) and cls not in _LEAVES:
            if cls._fields:  # Import keeps its (empty) entry: its visit still runs
                found[cls] = tuple(f for f in cls._fields if f not in _NOT_NODES)
    return found


@functools.lru_cache(maxsize=None)
def _unlined_classes() -> frozenset[type]:
    """Classes without a line number: `linerange` on them reads `_bandit_sibling`."""
    return frozenset(cls for cls in _node_fields() if "lineno" not in getattr(cls, "_attributes", ()))


class _Walker:
    """bandit's BanditNodeVisitor + BanditTester, building contexts only where a check looks."""

    def __init__(self, suite: Suite, by_type: dict[str, list[Check]], fname: str, fdata: io.BytesIO) -> None:
        from bandit.core import context, utils

        self.by_type = by_type
        self.fname, self.fdata = fname, fdata
        self.imports: set[str] = set()
        self.aliases: dict[str, str] = {}
        self.results: list[Any] = []
        self.stack: list[str] = []  # enclosing class and function names (bandit's namespace)
        self._module: str | None = None
        self.utils, self.Context = utils, context.Context
        self.get_call_name, self.linerange = utils.get_call_name, utils.linerange

    def qualname(self, name: str) -> str:
        """bandit's `namespace + "." + name`; the module part is computed only when a check needs it."""
        if self._module is None:
            try:
                self._module = self.utils.get_module_qualname_from_path(self.fname)
            except self.utils.InvalidModulePath:
                self._module = ""
        return ".".join([self._module, *self.stack, name])

    def handlers(self, constants: bool = True) -> dict[type, Callable[[Any], None]]:
        """Node class -> what bandit's visitor does with it; classes absent here need nothing."""
        by_type = self.by_type
        table: dict[type, Callable[[Any], None]] = {
            ast.Import: self.visit_import, ast.ImportFrom: self.visit_import_from,
            ast.FunctionDef: self.visit_function, ast.ClassDef: self.visit_class,
        }
        if "Call" in by_type:
            table[ast.Call] = self.visit_call
        if constants and ("Str" in by_type or "Bytes" in by_type):
            table[ast.Constant] = lambda node: self.visit_constant(node, node._bandit_parent)
        for kind in by_type:  # node types bandit's visitor has no method for: checks run as they are
            cls = getattr(ast, kind, None)
            if isinstance(cls, type) and issubclass(cls, ast.AST) and cls not in table and kind not in _VISITED:
                table[cls] = functools.partial(self.visit_other, kind)
        return table

    def walk(self, root: ast.AST) -> None:
        """bandit's generic_visit: fields in order, `_bandit_parent`/`_bandit_sibling` set just
        before a node is visited. With only bandit's own checks the lean walk serves."""
        checks = [check for checks in self.by_type.values() for check in checks]
        kinds = {getattr(ast, kind, None) for kind in self.by_type}
        if all(check.own for check in checks) and not kinds & _LEAVES:
            self._lean_walk(root)
        else:
            self._full_walk(root)

    def _full_walk(self, root: ast.AST) -> None:
        """Every node linked; Load/Store/Del (shared singletons no check looks at) skipped."""
        handlers = self.handlers()
        stack = self.stack
        scopes = (ast.FunctionDef, ast.ClassDef)
        skip = tuple(cls for cls in (ast.Load, ast.Store, ast.Del) if cls not in handlers)
        node_type = ast.AST

        def walk(node: ast.AST) -> None:
            for field in node._fields:
                value = getattr(node, field, None)
                if value.__class__ is list:
                    items = value
                elif isinstance(value, node_type) and value.__class__ not in skip:
                    items = [value]  # a single child: no sibling, as in bandit
                else:
                    continue
                last = len(items) - 1
                for index, item in enumerate(items):
                    if isinstance(item, node_type):
                        item._bandit_sibling = items[index + 1] if index < last else None  # type: ignore[attr-defined]
                        item._bandit_parent = node  # type: ignore[attr-defined]
                        handler = handlers.get(item.__class__)
                        if handler is not None:
                            handler(item)
                        walk(item)
                        if item.__class__ in scopes:
                            stack.pop()

        walk(root)

    def _lean_walk(self, root: ast.AST) -> None:
        """The same visits in the same order for bandit's own checks, which read
        `_bandit_parent` and `_bandit_sibling` only on nodes with children (the checked node's
        ancestors, a node without a line number in `linerange`) and on the checked string:
        leaves (names, constants, operators, contexts) are neither linked nor recursed into,
        fields that never hold a node are not read, a string is linked to its parent only
        when a check looks at it, and `_bandit_sibling` is set only where `linerange` reads
        it (a node without `lineno` that has a next sibling; absent and None read alike)."""
        handlers = self.handlers(constants=False)
        fields_of = _node_fields()
        unlined = _unlined_classes()
        stack = self.stack
        scopes = (ast.FunctionDef, ast.ClassDef)
        constant = ast.Constant
        strings = "Str" in self.by_type or "Bytes" in self.by_type
        visit_constant = self.visit_constant

        def walk(node: ast.AST, fields: tuple[str, ...]) -> None:
            for field in fields:
                value: Any = getattr(node, field)
                cls = value.__class__
                if cls is list:
                    for index, item in enumerate(value):
                        cls = item.__class__
                        inner = fields_of.get(cls)
                        if inner is not None:
                            item._bandit_parent = node
                            if cls in unlined and index + 1 < len(value):
                                item._bandit_sibling = value[index + 1]
                            handler = handlers.get(cls)
                            if handler is not None:
                                handler(item)
                            walk(item, inner)
                            if cls in scopes:
                                stack.pop()
                        elif cls is constant and strings:
                            visit_constant(item, node)
                else:
                    inner = fields_of.get(cls)
                    if inner is not None:
                        value._bandit_parent = node
                        handler = handlers.get(cls)
                        if handler is not None:
                            handler(value)
                        walk(value, inner)
                        if cls in scopes:
                            stack.pop()
                    elif cls is constant and strings:
                        visit_constant(value, node)

        walk(root, fields_of.get(root.__class__, root._fields))

    def visit_call(self, node: Any) -> None:
        qualname = self.get_call_name(node, self.aliases)
        checks = [c for c in self.by_type["Call"] if c.pre is None or not c.pre(node, qualname)]
        if not checks:
            return
        context = self.context(node)
        context["call"] = node
        context["qualname"] = qualname
        context["name"] = qualname.split(".")[-1]
        self.run(context, checks)

    def visit_constant(self, node: Any, parent: Any) -> None:
        """bandit's visit_Str/visit_Bytes: not for docstrings (a constant that is a statement)."""
        value = node.value
        kind = "Str" if isinstance(value, str) else "Bytes" if isinstance(value, bytes) else ""
        candidates = self.by_type.get(kind)
        if not candidates or isinstance(parent, ast.Expr):
            return
        checks = [c for c in candidates if c.pre is None or not c.pre(node, parent)]
        if not checks:
            return
        node._bandit_parent = parent
        context = self.context(node)
        context["str" if kind == "Str" else "bytes"] = value
        context["linerange"] = self.linerange(parent)
        self.run(context, checks)

    def visit_function(self, node: Any) -> None:
        name = node.name
        if "FunctionDef" in self.by_type:
            context = self.context(node)
            context["function"] = node
            context["qualname"] = self.qualname(name)
            context["name"] = name
            self.stack.append(name)
            self.run(context, self.by_type["FunctionDef"])
        else:
            self.stack.append(name)

    def visit_class(self, node: Any) -> None:
        self.stack.append(node.name)  # bandit runs no ClassDef checks, it only extends the namespace

    def visit_other(self, kind: str, node: Any) -> None:
        self.run(self.context(node), self.by_type[kind])

    def visit_import(self, node: Any) -> None:
        module = None
        for alias in node.names:
            if alias.asname:
                self.aliases[alias.asname] = alias.name
            self.imports.add(alias.name)
            module = alias.name
        if "Import" in self.by_type:
            context = self.context(node)
            if module is not None:
                context["module"] = module
            self.run(context, self.by_type["Import"])

    def visit_import_from(self, node: Any) -> None:
        module = node.module
        if module is None:  # `from . import x`: bandit treats it as an Import
            self.visit_import(node)
            return
        last = None
        for alias in node.names:
            self.aliases[alias.asname or alias.name] = f"{module}.{alias.name}"
            self.imports.add(f"{module}.{alias.name}")
            last = alias.name
        if "ImportFrom" in self.by_type:
            context = self.context(node)
            if last is not None:
                context["module"], context["name"] = module, last
            self.run(context, self.by_type["ImportFrom"])

    def context(self, node: Any) -> dict[str, Any]:
        """What bandit's pre_visit records for a node."""
        context: dict[str, Any] = {"imports": self.imports, "import_aliases": self.aliases}
        if hasattr(node, "lineno"):
            context["lineno"] = node.lineno
        if hasattr(node, "col_offset"):
            context["col_offset"] = node.col_offset
        if hasattr(node, "end_col_offset"):
            context["end_col_offset"] = node.end_col_offset
        context["node"] = node
        context["linerange"] = self.linerange(node)
        context["filename"] = self.fname
        context["file_data"] = self.fdata
        return context

    def file_context(self) -> dict[str, Any]:
        return {"file_data": self.fdata, "filename": self.fname, "lineno": 0, "linerange": [0, 1], "col_offset": 0}

    def run(self, raw: dict[str, Any], checks: Iterable[Check]) -> None:
        """bandit's BanditTester.run_tests, without scores, nosec (sechooks applies its own) or logging.

        bandit gives every check a copy of the context; bandit's own checks only read it, so
        they share one (a fifth of the walk on a commit) and only third-party checks get a copy.
        """
        shared = None
        for check in checks:
            try:
                if check.own:
                    if shared is None:
                        shared = self.Context(raw)
                    local, context = raw, shared
                else:
                    local = dict(raw)
                    context = self.Context(local)
                result = check.function(context, check.config) if check.takes_config else check.function(context)
                if result is None:
                    continue
                result.fname = local["filename"]
                result.fdata = local["file_data"]
                if result.lineno is None:
                    result.lineno = local["lineno"]
                if result.linerange == []:
                    result.linerange = local["linerange"]
                if result.col_offset == -1:
                    result.col_offset = local["col_offset"]
                result.end_col_offset = local.get("end_col_offset", 0)
                result.test = check.name
                if result.test_id == "":
                    result.test_id = check.test_id
                self.results.append(result)
            except Exception:  # bandit logs a failing check and carries on
                continue
