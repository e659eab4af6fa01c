"""The one rule catalogue: rule metadata as data.

Each hook family keeps its rows in `hooks/rules/<family>.py` (`RULES` and
`OPTIONS`); this module loads a family only when it is asked for, so a hook
pays for its own rules and nothing else.
"""
from __future__ import annotations

import functools
import importlib
import re
from sechooks.core.record import field, record
TYPE_CHECKING = False  # typing costs ~5 ms to import; annotations are strings
if TYPE_CHECKING:
    from typing import Any, Callable, Iterator, Mapping

from sechooks.core.finding import Severity

FAMILIES = {
    "SEC": "sechooks-secrets",
    "DKR": "sechooks-dockerfile",
    "NET": "sechooks-terraform",
    "IAM": "sechooks-iam",
    "PY": "sechooks-python",
    "K8S": "sechooks-kubernetes",
    "GHA": "sechooks-actions",
    "CMP": "sechooks-compose",
    "CFN": "sechooks-cloudformation",
}
# The module that implements each family's hook (its `HOOK` and `main`).
MODULES = {
    "SEC": "sechooks.secrets",
    "DKR": "sechooks.dockerfile",
    "NET": "sechooks.terraform",
    "IAM": "sechooks.iam",
    "PY": "sechooks.python",
    "K8S": "sechooks.kubernetes",
    "GHA": "sechooks.actions",
    "CMP": "sechooks.compose",
    "CFN": "sechooks.cloudformation",
}
# Prefixes renamed before the first tagged release, still accepted wherever a rule id or a
# family is (config, pragmas, baselines, the command line): the network rules were TFN3nn
# while only Terraform had them; CloudFormation reports the same findings, so they are NET3nn.
FAMILY_ALIASES = {"TFN": "NET"}
_ID = re.compile(r"^(SEC|DKR|NET|TFN|IAM|PY|K8S|GHA|CMP|CFN)(\d{3})$")


@record(frozen=True)
class Rule:
    id: str
    name: str
    title: str
    severity: Severity
    rationale: str
    fix: str
    bad: str = ""
    good: str = ""
    default: bool = True
    peers: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    since: str = "0.1.0"
    removed: bool = False
    # Families whose finding on the same line this rule's finding replaces when both run in
    # one process (`sechooks scan`, the `sechooks` hook): a compose literal password is
    # CMP815, not CMP815 and SEC140.
    supersedes: tuple[str, ...] = ()

    @property
    def family(self) -> str:
        return family_of(self.id)

    @property
    def hook(self) -> str:
        return FAMILIES[self.family]


@record(frozen=True)
class Option:
    """A per-family option (`[tool.sechooks.dkr] nonroot_base_images = [...]`)."""

    default: Any
    help: str
    kind: type = str
    item: type | None = None
    choices: tuple[Any, ...] = ()
    validate: Callable[[Any], str | None] | None = field(default=None, compare=False)


@record(frozen=True)
class Family:
    prefix: str
    rules: Mapping[str, Rule]
    options: Mapping[str, Option]

    @property
    def reserved(self) -> str:
        """The family's `unparseable-file` rule (SEC100, DKR200 ...)."""
        return next(r.id for r in self.rules.values() if r.name == "unparseable-file")


def family_of(rule_id: str) -> str:
    match = _ID.match(rule_id)
    if not match:
        raise KeyError(rule_id)
    return FAMILY_ALIASES.get(match.group(1), match.group(1))


def canonical(token: str) -> str:
    """A rule id or family as the catalogue spells it today: upper case, a renamed prefix
    replaced (`tfn301` -> `NET301`, `TFN` -> `NET`); anything else upper-cased as it is."""
    upper = token.strip().upper()
    if upper in FAMILY_ALIASES:
        return FAMILY_ALIASES[upper]
    match = _ID.match(upper)
    if match and match.group(1) in FAMILY_ALIASES:
        return FAMILY_ALIASES[match.group(1)] + match.group(2)
    return upper


def is_family(token: str) -> bool:
    """A family prefix, or a renamed one (`TFN`)."""
    return canonical(token) in FAMILIES


def reserved_rule(prefix: str, number: str, what: str) -> Rule:
    """The `unparseable-file` rule every family reserves (SEC100, DKR200 ...)."""
    return Rule(
        id=f"{prefix}{number}",
        name="unparseable-file",
        title=f"{what} could not be read or parsed",
        severity=Severity.MEDIUM,
        rationale=(
            "A file the hook cannot read or parse is a file it did not check. "
            "Skipping it silently would turn a parse error into a pass, so the "
            "hook reports it and keeps checking everything else."
        ),
        fix="Fix the syntax error (or exclude the file in the sechooks configuration).",
        bad="",
        good="",
    )


_loaded: dict[str, Family] = {}


def family(prefix: str) -> Family:
    """Load one family's rules and options (cached)."""
    prefix = FAMILY_ALIASES.get(prefix, prefix)
    if prefix not in _loaded:
        if prefix not in FAMILIES:
            raise KeyError(prefix)
        module = importlib.import_module(f"sechooks.rules.{prefix.lower()}")
        rules = {rule.id: rule for rule in module.RULES}
        _loaded[prefix] = Family(prefix, rules, dict(getattr(module, "OPTIONS", {})))
    return _loaded[prefix]


def available_families() -> list[str]:
    """Families whose rule module ships in this installation."""
    names = []
    for prefix in FAMILIES:
        try:
            family(prefix)
        except ModuleNotFoundError:
            continue
        names.append(prefix)
    return names


def get(rule_id: str) -> Rule:
    """The rule with this id; KeyError when there is none."""
    wanted = canonical(rule_id)
    prefix = family_of(wanted)
    try:
        return family(prefix).rules[wanted]
    except ModuleNotFoundError:
        raise KeyError(rule_id) from None


def all_rules() -> Iterator[Rule]:
    for prefix in available_families():
        yield from family(prefix).rules.values()


def _key(token: str) -> str:
    return token.strip().upper().replace("-", "_")


def lookup(token: str) -> list[Rule]:
    """Rules a user may mean by `token`: our id (`DKR201`), a rule name (`user-root`, every
    family's rule of that name) or a peer's id (`B602`, `DL3002`, `CKV_AWS_24`)."""
    wanted = _key(token)
    try:
        return [get(wanted)]
    except KeyError:
        pass
    by_name = [r for r in all_rules() if _key(r.name) == wanted]
    if by_name:
        return by_name
    return [r for r in all_rules() if any(_key(p) == wanted for p in r.peers)]


@functools.lru_cache(maxsize=256)
def suggest(token: str) -> str | None:
    """The closest id or rule name to a mistyped one, for `did you mean ...?`."""
    import difflib

    upper = canonical(token)
    prefix = next((p for p in FAMILIES if upper.startswith(p)), "")
    fixed = prefix + upper[len(prefix):].translate(str.maketrans("OIL", "011"))
    if prefix and _ID.match(fixed):  # DKR2O1: a letter typed for a digit
        try:
            return get(fixed).id
        except KeyError:
            pass
    words = [w for r in all_rules() for w in (r.id, r.name)] + list(FAMILIES)
    close = difflib.get_close_matches(token.strip(), words, n=1, cutoff=0.6)
    if not close:
        close = difflib.get_close_matches(token.strip().upper(), [w.upper() for w in words], n=1, cutoff=0.6)
    if close:
        return close[0]
    peers = {p.upper(): p for r in all_rules() for p in r.peers}  # explain and --disable take these too
    found = difflib.get_close_matches(token.strip().upper(), list(peers), n=1, cutoff=0.6)
    return peers[found[0]] if found else None
