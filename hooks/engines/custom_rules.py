"""Secret rules a team defines in its configuration (`[[tool.sechooks.sec.rules]]`): validated
when the configuration loads, so that a rule that could hang a commit (a backreference, a
nested quantifier) or flood it (a pattern that matches nothing at all) is a configuration
error with exit 2, never a slow or noisy run.

    [[tool.sechooks.sec.rules]]
    id = "acme-deploy-token"
    regex = 'acme_(?P<secret>[a-z0-9]{32})'
    keywords = ["acme_"]          # optional: the rule runs only on files holding one (case-insensitive)
    severity = "high"             # optional: low | medium | high (default) | critical
    entropy = 3.5                 # optional: the least Shannon entropy of the secret
    description = "ACME deploy token"

The secret is the `secret` group when the regex has one, else the whole match. Imports only `re`.
"""
from __future__ import annotations

import functools
import re
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Iterator, Mapping, Sequence

KEYS = ("id", "regex", "keywords", "severity", "entropy", "description")
SEVERITIES = ("low", "medium", "high", "critical")
MAX_PATTERN = 1000
MAX_RULES = 200
_ID = re.compile(r"[A-Za-z][A-Za-z0-9_.-]{0,39}")


def _parser() -> Any:
    try:
        from re import _parser as parser  # type: ignore[attr-defined]  # Python 3.11+
    except ImportError:  # pragma: no cover - Python 3.9 and 3.10
        import sre_parse as parser
    return parser


def regex_problem(pattern: str) -> str | None:
    """Why `pattern` may not run on every commit, or None. The pattern itself is never
    quoted back (a user may have pasted a secret into it)."""
    if len(pattern) > MAX_PATTERN:
        return f"regex is over {MAX_PATTERN} characters"
    try:
        compiled = re.compile(pattern)
    except re.error as e:
        return f"regex does not compile ({e.msg} at position {e.pos})"
    except (RecursionError, OverflowError):
        return "regex is nested too deeply"
    if compiled.search("") is not None:
        return "regex matches the empty string (it would report every file)"
    try:
        parsed = _parser().parse(pattern)
    except Exception:  # compiled above: a parser quirk is not the user's error
        return None
    return _slow(parsed, repeated=False)


def _slow(items: Any, repeated: bool) -> str | None:
    """A backreference, or a quantifier inside a quantified group: what makes a backtracking
    engine's time grow faster than the text."""
    constants = _parser()
    names = {
        "GROUPREF": "a backreference", "GROUPREF_EXISTS": "a conditional on a group",
    }
    for op, av in items:
        name = str(op)
        if name in names:
            return f"regex uses {names[name]} (not linear-time)"
        if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, high, sub = av
            unbounded = high == constants.MAXREPEAT or high > 1
            if repeated and unbounded:
                return "regex nests a repeated pattern inside a repeated group (not linear-time)"
            problem = _slow(sub, repeated or unbounded)
            if problem:
                return problem
        elif name == "SUBPATTERN":
            problem = _slow(av[-1], repeated)
            if problem:
                return problem
        elif name == "BRANCH":
            for branch in av[1]:
                problem = _slow(branch, repeated)
                if problem:
                    return problem
        elif name in ("ASSERT", "ASSERT_NOT"):
            problem = _slow(av[1], repeated)
            if problem:
                return problem
        elif name == "ATOMIC_GROUP":
            problem = _slow(av, repeated)
            if problem:
                return problem
    return None


def rules_problem(value: Any) -> str | None:
    """The validation of the `rules` option: a list of tables (see the module docstring)."""
    if not isinstance(value, (list, tuple)):
        return "expected a list of tables ([[tool.sechooks.sec.rules]])"
    if len(value) > MAX_RULES:
        return f"more than {MAX_RULES} rules"
    seen: set[str] = set()
    for index, rule in enumerate(value):
        where = f"rule {index + 1}"
        if not isinstance(rule, dict):
            return f"{where}: expected a table with id and regex"
        unknown = sorted(k for k in rule if k not in KEYS)
        if unknown:
            return f"{where}: unknown key {unknown[0]!r} (known: {', '.join(KEYS)})"
        rid = rule.get("id")
        if not isinstance(rid, str) or not _ID.fullmatch(rid):
            return f"{where}: id must be 1-40 letters, digits, '_', '.' or '-', starting with a letter"
        if rid in seen:
            return f"{where}: id {rid!r} is used twice"
        seen.add(rid)
        where = f"rule {rid!r}"
        pattern = rule.get("regex")
        if not isinstance(pattern, str) or not pattern:
            return f"{where}: regex must be a non-empty string"
        problem = regex_problem(pattern)
        if problem:
            return f"{where}: {problem}"
        keywords = rule.get("keywords", [])
        if not isinstance(keywords, list) or not all(isinstance(k, str) and k.strip() for k in keywords):
            return f"{where}: keywords must be a list of non-empty strings"
        if rule.get("severity", "high") not in SEVERITIES:
            return f"{where}: severity must be one of {', '.join(SEVERITIES)}"
        entropy = rule.get("entropy", 0)
        if isinstance(entropy, bool) or not isinstance(entropy, (int, float)) or not 0 <= entropy <= 8:
            return f"{where}: entropy must be a number from 0 to 8 (bits per character)"
        description = rule.get("description", "")
        if not isinstance(description, str) or len(description) > 100:
            return f"{where}: description must be a string of at most 100 characters"
    return None


@functools.lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def find(text: str, lower: str, rules: Sequence[Mapping[str, Any]],
         entropy: Any) -> Iterator[tuple[Mapping[str, Any], int, str]]:
    """(rule, offset of the secret, secret) for every match of the configured rules; `entropy`
    is the classifier's Shannon entropy function (passed in: this module imports only `re`)."""
    for rule in rules:
        keywords = [k.lower() for k in rule.get("keywords", ())]
        if keywords and not any(k in lower for k in keywords):
            continue
        regex = _compiled(rule["regex"])
        group = "secret" if "secret" in regex.groupindex else 0
        floor = float(rule.get("entropy", 0))
        for match in regex.finditer(text):
            secret = match.group(group)
            if not secret or (floor and entropy(secret) < floor):
                continue
            yield rule, match.start(group), secret
