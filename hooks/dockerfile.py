"""sechooks-dockerfile: Dockerfile hardening rules (docs/dockerfile.md).

Any file up to the size cap is processed in time and memory linear in its size: no step
rescans earlier lines, stages or variables, variable expansion is bounded (Budget),
and nothing recurses on the input's nesting.
"""
from __future__ import annotations

import fnmatch
import os
import re
from sechooks.core.record import field, record
TYPE_CHECKING = False  # typing costs ~5 ms to import; annotations are strings
if TYPE_CHECKING:
    from typing import Any, Callable, Iterator, Mapping, Sequence

from sechooks.core import cli
from sechooks.engines import images, shell, shell_rules
from sechooks.engines.images import ImageRef
from sechooks.engines.shell_rules import quote, quote_path
from sechooks.core.finding import Finding, Severity
from sechooks.core.suppress import Compat

INSTRUCTIONS = frozenset({
    "FROM", "RUN", "CMD", "LABEL", "MAINTAINER", "EXPOSE", "ENV", "ADD", "COPY",
    "ENTRYPOINT", "VOLUME", "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL",
    "HEALTHCHECK", "SHELL",
})
_NEEDS_ARGS = INSTRUCTIONS - {"CMD", "ENTRYPOINT"}
_HEREDOC_KEYWORDS = frozenset({"RUN", "COPY", "ADD"})
_NAME = re.compile(r"(^|/)((Dockerfile|Containerfile)(\.[^/]*)?|[^/]+\.[Dd]ockerfile)$")
_DIRECTIVE = re.compile(r"^\s*#\s*([a-zA-Z]+)\s*=(.*)$")
_HEREDOC = re.compile(r"(?<!<)<<(-?)([\"']?)([A-Za-z_][A-Za-z0-9_]*)\2")
_FLAG = re.compile(r"--([A-Za-z][A-Za-z0-9-]*)(?:=(\"[^\"]*\"|'[^']*'|\S*))?(?:\s+|$)")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# a flat JSON array of strings: json.loads is only ever given this (it recurses on nesting)
_EXEC_FORM = re.compile(r'\[\s*(?:"[^"\\]*(?:\\.[^"\\]*)*"\s*(?:,\s*"[^"\\]*(?:\\.[^"\\]*)*"\s*)*)?\]')
_BRACKET = re.compile(r"[\[\]{}]")
MAX_NESTING = 100
_WINDOWS_SHELL = r"(?i)\b(cmd|powershell|pwsh)(\.exe)?\b"


def is_dockerfile(path: str) -> bool:
    """`Dockerfile`, `Dockerfile.*`, `*.Dockerfile`, `*.dockerfile`, `Containerfile`, `Containerfile.*`."""
    return _NAME.search(path) is not None and not path.endswith(".dockerignore")


# --- parsing ----------------------------------------------------------------

def strip_flags(value: str) -> tuple[tuple[tuple[str, str], ...], str]:
    """Split leading `--name=value` / `--name` options from an instruction's arguments."""
    flags: list[tuple[str, str]] = []
    rest = value.lstrip()
    pos = 0
    while rest.startswith("--", pos):
        match = _FLAG.match(rest, pos)
        if match is None:
            break
        raw = match.group(2) or ""
        if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "\"'":
            raw = raw[1:-1]
        flags.append((match.group(1).lower(), raw))
        pos = match.end()
    return tuple(flags), rest[pos:]


@record
class Instruction:
    """One Dockerfile instruction. Lines are 1-based; heredoc bodies are kept apart."""

    keyword: str
    value: str
    line: int
    end_line: int
    heredocs: tuple[str, ...] = ()
    flags: tuple[tuple[str, str], ...] = ()
    args: str = ""
    _commands: list[shell.Command] | None = field(default=None, repr=False, compare=False)
    _exec: list[str] | None | bool = field(default=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.flags, self.args = strip_flags(self.value)

    def flag(self, name: str) -> list[str]:
        """Every value given to `--name` (a flag may repeat, e.g. --mount)."""
        return [v for k, v in self.flags if k == name]

    def exec_form(self) -> list[str] | None:
        """The JSON-array (exec) form's words, or None for the shell form (as Docker reads
        anything that is not a flat array of strings)."""
        if self._exec is False:
            self._exec = _exec_words(self.args.strip())
        return self._exec if isinstance(self._exec, list) else None

    def commands(self) -> list[shell.Command]:
        """Simple commands of a RUN (shell form, heredoc script, or exec form)."""
        if self._commands is None:
            self._commands = _commands_of(self)
        return self._commands

    def text(self) -> str:
        """Arguments plus every heredoc body: for rules that look for written config."""
        return "\n".join((self.args, *self.heredocs))

    def secret_mounts(self) -> list[dict[str, str]]:
        """`--mount=type=secret,…` options as key/value maps."""
        out = []
        for mount in self.flag("mount"):
            fields = dict(part.partition("=")[::2] for part in mount.split(","))
            if fields.get("type") == "secret":
                out.append(fields)
        return out

    def onbuild(self) -> Instruction | None:
        """The instruction wrapped by `ONBUILD`."""
        if self.keyword != "ONBUILD":
            return None
        keyword, _, rest = self.args.strip().partition(" ")
        if keyword.upper() not in INSTRUCTIONS - {"ONBUILD", "FROM", "MAINTAINER"}:
            return None
        return Instruction(keyword.upper(), rest.strip(), self.line, self.end_line, self.heredocs)


def _exec_words(text: str) -> list[str] | None:
    if not text.startswith("[") or _EXEC_FORM.fullmatch(text) is None:
        return None
    import json

    try:
        words = json.loads(text)
    except ValueError:
        return None
    return [str(w) for w in words] if isinstance(words, list) else None


def nesting(text: str) -> int:
    """How deep `[`/`{` nest in text (quoted or not): in linear time, without recursion."""
    depth = deepest = 0
    for match in _BRACKET.finditer(text):
        depth = depth + 1 if match.group() in "[{" else max(depth - 1, 0)
        deepest = max(deepest, depth)
    return deepest


def _commands_of(ins: Instruction) -> list[shell.Command]:
    words = ins.exec_form()
    if words is not None:
        script = _dash_c_script(words)
        return shell.split(script) if script is not None else [shell.command(words)]
    script = ins.args
    if ins.heredocs:
        rest = _HEREDOC.sub(" ", script).strip()
        head = shell.split(rest)
        runs_body = len(head) == 1 and head[0].program in shell.SHELLS and all(a.startswith("-") for a in head[0].args)
        if not head or runs_body:
            script = "\n".join(ins.heredocs)
    return shell.split(script)


def _dash_c_script(words: Sequence[str]) -> str | None:
    """The script of an exec-form `["sh", "-c", "…"]`."""
    if not words or os.path.basename(words[0]) not in shell.SHELLS:
        return None
    for i, word in enumerate(words[1:-1], start=1):
        if word.startswith("-") and not word.startswith("--") and word.endswith("c"):
            return words[i + 1]
    return None


@record
class _Prepared:
    lines: list[str]
    spans: dict[int, tuple[int, list[str]]]  # 0-based first line -> (last line, heredoc bodies)
    problems: list[tuple[int, str]]


def _directives(lines: Sequence[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for line in lines:
        match = _DIRECTIVE.match(line)
        if not match:
            break
        found.setdefault(match.group(1).lower(), match.group(2).strip())
    return found


def _heredoc_markers(line: str) -> Iterator[tuple[bool, str]]:
    """(strips tabs, word) of each `<<WORD` that starts a word outside quotes (BuildKit
    ignores quoted markers). Quotes are counted once across the line, not per marker."""
    double = single = seen = 0
    for match in _HEREDOC.finditer(line):
        pos = match.start()
        double += line.count('"', seen, pos)
        single += line.count("'", seen, pos)
        seen = pos
        if (pos == 0 or line[pos - 1] in " \t") and double % 2 == 0 and single % 2 == 0:
            yield match.group(1) == "-", match.group(3)


def _prepare(lines: list[str], escape: str) -> _Prepared:
    """One physical line per instruction, without moving any line.

    Continuation lines are joined onto the instruction's first line (Docker drops
    comment and blank lines inside a continuation) and become `#` lines; heredoc
    bodies become empty lines and are kept apart. (dockerfile-parse, the
    reference, joins long continuations in quadratic time and ends an
    instruction at a blank line.)
    """
    out = list(lines)
    spans: dict[int, tuple[int, list[str]]] = {}
    problems: list[tuple[int, str]] = []
    i, n = 0, len(out)
    while i < n:
        stripped = out[i].strip()
        if not stripped or stripped.startswith("#"):
            i += 1
            continue
        start = i
        words = stripped.split(None, 2)
        keyword = words[0].upper()
        if keyword == "ONBUILD" and len(words) > 1:
            keyword = words[1].upper()
        markers: list[tuple[bool, str]] = []
        parts: list[str] = []
        while True:
            line = out[i]
            if keyword in _HEREDOC_KEYWORDS and "<<" in line:
                markers.extend(_heredoc_markers(line))
            trimmed = line.rstrip()
            if not trimmed.endswith(escape):
                parts.append(line)
                break
            parts.append(trimmed[:-1])
            i += 1
            while i < n and (not out[i].strip() or out[i].lstrip().startswith("#")):
                i += 1
            if i >= n:
                break
        end = min(i, n - 1)
        out[start] = "".join(parts)
        for j in range(start + 1, end + 1):
            out[j] = "#"
        bodies = []
        for dash, word in markers:
            body = []
            i += 1
            while i < n and (out[i].lstrip("\t") if dash else out[i]).rstrip() != word:
                body.append(out[i])
                out[i] = ""
                i += 1
            bodies.append("\n".join(body))
            if i >= n:  # the file ends here: the markers after this one are unterminated too
                more = len(markers) - len(bodies)
                also = f" (nor the {more} heredoc markers after it)" if more else ""
                problems.append((start + 1, f"heredoc <<{quote(word)} is never terminated{also}"))
                break
            out[i] = ""
        spans[start] = (min(i, n - 1), bodies)
        i += 1
    return _Prepared(out, spans, problems)


def split_instructions(prepared: Sequence[str], escape: str = "\\") -> Iterator[tuple[str, str, int]]:
    """(KEYWORD, value, 0-based line) for each instruction of `_prepare`d lines.

    After `_prepare` every instruction sits on one physical line, so this is
    dockerfile-parse's `structure` without its costs: importing it (and
    `logging`) is ~12 ms of every run, and it drops an instruction that ends the
    file inside a continuation. tests/dockerfile_test.py checks that both agree
    on every fixture.
    """
    for number, line in enumerate(prepared):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        parts = stripped.split(None, 1)
        value = parts[1].rstrip() if len(parts) > 1 else ""
        if value.endswith(escape):
            value = value[:-1]
        yield parts[0].upper(), value, number


def parse(text: str) -> tuple[list[Instruction], list[tuple[int, str]]]:
    """Instructions with 1-based lines, plus (line, problem) pairs for what is not understood."""
    lines = text.split("\n")
    escape = _directives(lines).get("escape", "\\")
    if escape not in ("\\", "`"):
        escape = "\\"
    prepared = _prepare(lines, escape)
    problems = list(prepared.problems)
    instructions = []
    for keyword, raw, start in split_instructions(prepared.lines, escape):
        end, bodies = prepared.spans.get(start, (start, []))
        value = raw.strip()
        if keyword not in INSTRUCTIONS:
            word = prepared.lines[start].split(None, 1)[0]
            hint = f" (a continuation line that lost its trailing {escape}?)" if "=" in word else ""
            problems.append((start + 1, f"unknown instruction {quote(word)}{hint}"))
        elif not value and keyword in _NEEDS_ARGS:
            problems.append((start + 1, f"{keyword} has no arguments"))
        else:
            ins = Instruction(keyword, value, start + 1, end + 1, tuple(bodies))
            if ins.args.startswith("[") and nesting(ins.args) > MAX_NESTING:
                problems.append((start + 1, f"{keyword} nests brackets more than {MAX_NESTING} deep: read as a shell command, not an exec form"))
            instructions.append(ins)
    return instructions, sorted(problems)


def redacted(text: str) -> str:
    """Text from the file fit for a message: secret-shaped parts masked, control characters
    escaped, length bounded (the secrets hook's `redact`)."""
    from sechooks.engines.secrets import redact

    return redact(text)


# --- variables and image references ------------------------------------------

class Unknown:
    """A value that depends on a build arg without a default: never a finding."""

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN = Unknown()

if TYPE_CHECKING:
    from typing import Protocol

    Value = str | Unknown

    class Env(Protocol):
        """Where `expand` looks variables up: a dict, or a stage's scope."""

        def get(self, name: str, /) -> Value | None: ...


MAX_VALUE = 65536  # characters one expanded value may have (more if the file is longer)


@record
class Budget:
    """Bounds on variable expansion in one file: a value may not grow longer than
    `max_value` (64 KiB, or the file's length if that is more), and variables may add
    `left` characters in all (1 MiB plus 4 per character of the file). Past either bound
    the value is unknown, and `line`/`problem` say where that first happened."""

    left: int
    max_value: int = MAX_VALUE
    line: int = 0
    problem: str = ""

    @classmethod
    def for_text(cls, text: str) -> Budget:
        return cls(1024 * 1024 + 4 * len(text), max(MAX_VALUE, len(text)))

    def over(self, line: int, problem: str) -> Unknown:
        if not self.problem:
            self.line, self.problem = line, problem
        return UNKNOWN


def references(value: str) -> Iterator[tuple[int, int, str, str, str]]:
    """(start, end, name, operator, word) of each `$X`, `${X}`, `${X:-w}`, `${X-w}`,
    `${X:+w}`, `${X+w}` in value, left to right, in one pass (a regex rescanned the rest
    of the value for every unclosed `${X:-`)."""
    close = -1  # the first `}` at or after the current position, or len(value) for none
    i = value.find("$")
    while i >= 0:
        braced = value.startswith("{", i + 1)
        name = _IDENTIFIER.match(value, i + 2 if braced else i + 1)
        if name is None:
            i = value.find("$", i + 1)
            continue
        after = name.end()
        if not braced:
            yield i, after, name.group(), "", ""
            i = value.find("$", after)
            continue
        op = value[after:after + 2] if value.startswith((":-", ":+"), after) else value[after:after + 1]
        if op not in ("}", ":-", ":+", "-", "+"):
            i = value.find("$", i + 1)
            continue
        if close < after:
            close = value.find("}", after)
            close = len(value) if close < 0 else close
        if close == len(value):
            i = value.find("$", i + 1)
            continue
        if op == "}":
            yield i, after + 1, name.group(), "", ""
            i = value.find("$", after + 1)
        else:
            yield i, close + 1, name.group(), op, value[after + len(op):close]
            i = value.find("$", close + 1)


_REFERENCE = r"\$(\{)?([A-Za-z_][A-Za-z0-9_]*)"


def referenced_names(text: str) -> set[str]:
    """Names used as `$NAME`, `${NAME}` or `${NAME<op>…` in text."""
    found = set()
    for match in re.finditer(_REFERENCE, text):
        end = match.end()
        if not match.group(1) or end == len(text) or text[end] in ":}+-?":
            found.add(match.group(2))
    return found


def _lookup(env: Env, name: str, op: str, word: str) -> Value:
    current = env.get(name)
    known = isinstance(current, str)
    if op in (":-", "-"):
        return str(current) if known and (current or op == "-") else word
    if op in (":+", "+"):
        if isinstance(current, Unknown):
            return UNKNOWN
        return word if known and (current or op == "+") else ""
    return str(current) if known else UNKNOWN


def expand(value: str, env: Env, budget: Budget | None = None, line: int = 0) -> Value:
    """Docker-style `$X`, `${X}`, `${X:-d}`, `${X-d}`, `${X:+a}`, `${X+a}`.

    UNKNOWN when a variable has no value we can know: undeclared, or a build
    arg without a default (we cannot see --build-arg). A `:-`/`-` default
    written in the expression is what a build without build args uses.
    Also UNKNOWN when the value would grow past the budget's `max_value`, or variables
    would add more than the budget has left; the budget then remembers the line.
    """
    if "$" not in value:
        return value
    if budget is not None and budget.left <= 0:
        return UNKNOWN
    longest = max(MAX_VALUE, len(value)) if budget is None else budget.max_value
    left = len(value) + longest if budget is None else budget.left
    text = value.replace("\\$", "\0")
    out: list[str] = []
    size = added = last = 0
    for start, end, name, op, word in references(text):
        piece = _lookup(env, name, op, word)
        if isinstance(piece, Unknown):
            return UNKNOWN
        size += start - last + len(piece)
        added += len(piece)
        if size > longest or added > left:
            return _over(budget, line, size > longest)
        out += (text[last:start], piece)
        last = end
    if size + len(text) - last > longest:
        return _over(budget, line, True)
    out.append(text[last:])
    if budget is not None:
        budget.left -= added
    result = "".join(out)
    if "${" in result:
        return UNKNOWN
    return result.replace("\0", "$")


def _over(budget: Budget | None, line: int, too_long: bool) -> Unknown:
    if budget is None:
        return UNKNOWN
    if too_long:
        budget.left -= budget.max_value
        return budget.over(line, f"variables here expand to more than {budget.max_value} characters: "
                                 "the value is treated as unknown, and rules do not judge it")
    budget.left = 0
    return budget.over(line, "variable expansion in this file is past its bound here: from this line on, "
                             "values that use variables are treated as unknown, and rules do not judge them")


def expand_word(word: str, env: Env, budget: Budget | None = None, line: int = 0) -> Value:
    """Expand one shell-like word: nothing inside '…', variables elsewhere; quotes removed."""
    out: list[str] = []
    for part, literal in _quote_parts(word):
        value = part if literal else expand(part, env, budget, line)
        if isinstance(value, Unknown):
            return UNKNOWN
        out.append(value)
    return "".join(out)


def _quote_parts(word: str) -> Iterator[tuple[str, bool]]:
    """Split a word into (text, is_single_quoted) parts with the quotes removed."""
    i, buf = 0, []
    while i < len(word):
        c = word[i]
        if c == "\\" and i + 1 < len(word) and word[i + 1] != "$":
            buf.append(word[i + 1])
            i += 2
        elif c in "'\"":
            end = word.find(c, i + 1)
            end = len(word) if end < 0 else end
            if c == "'":
                yield "".join(buf), False
                buf = []
                yield word[i + 1:end], True
            else:
                buf.append(word[i + 1:end])
            i = end + 1
        else:
            buf.append(c)
            i += 1
    yield "".join(buf), False


def _words(value: str) -> list[str]:
    """Whitespace-separated words; quotes and backslash-escaped spaces stay inside a word."""
    if not any(c in value for c in "\"'\\"):
        return value.split()
    words, buf, quote = [], [], ""
    i = 0
    while i < len(value):
        c = value[i]
        if quote:
            buf.append(c)
            if c == quote:
                quote = ""
        elif c == "\\" and i + 1 < len(value):
            buf.append(value[i:i + 2])
            i += 1
        elif c in "'\"":
            quote = c
            buf.append(c)
        elif c.isspace():
            if buf:
                words.append("".join(buf))
                buf = []
        else:
            buf.append(c)
        i += 1
    if buf:
        words.append("".join(buf))
    return words


def assignments(keyword: str, value: str) -> list[tuple[str, str | None]]:
    """`ARG A=1 B`, `ENV A=1 B="x y"` and the legacy `ENV A value` form, raw (unexpanded)."""
    words = _words(value)
    if keyword == "ENV" and words and "=" not in words[0]:
        rest = value.strip()[len(words[0]):].strip()
        return [(words[0], rest)]
    out: list[tuple[str, str | None]] = []
    for word in words:
        name, sep, val = word.partition("=")
        out.append((name, val if sep else None))
    return out


# --- stages -----------------------------------------------------------------

class _Scope:
    """The variables visible while a stage is walked: ENV (the parent's, then the stage's
    own) over the stage's ARGs (an ENV of the same name wins over a build arg)."""

    __slots__ = ("env", "args")

    def __init__(self, env: dict[str, Value], args: dict[str, Value]) -> None:
        self.env, self.args = env, args

    def get(self, name: str, /) -> Value | None:
        value = self.env.get(name)
        return self.args.get(name) if value is None else value


@record
class Stage:
    index: int
    from_: Instruction
    ref: str | Unknown
    name: str | None
    global_args: dict[str, Value]
    via_args: tuple[str, ...] = ()
    parent: Stage | None = None
    instructions: list[Instruction] = field(default_factory=list)
    budget: Budget = field(default_factory=lambda: Budget.for_text(""), repr=False, compare=False)
    repository: str | None = None  # the image name when only the tag or digest is unknown
    _scopes: dict[int, dict[str, Value]] = field(default_factory=dict, repr=False, compare=False)
    _args: dict[str, Value] = field(default_factory=dict, repr=False, compare=False)
    _env_set: list[tuple[str, Value]] = field(default_factory=list, repr=False, compare=False)
    _resolved: bool = field(default=False, repr=False, compare=False)

    @property
    def external(self) -> bool:
        """Built on an image from a registry (not scratch, not an earlier stage)."""
        return self.parent is None and isinstance(self.ref, str) and not images.is_scratch(self.ref)

    @property
    def label(self) -> str:
        return self.name or f"stage {self.index}"

    def lineage(self) -> list[Stage]:
        """This stage, its parent, grandparent …"""
        chain, seen = [self], {id(self)}
        while chain[-1].parent is not None and id(chain[-1].parent) not in seen:
            chain.append(chain[-1].parent)
            seen.add(id(chain[-1]))
        return chain

    def scope(self, target: Instruction | None = None) -> dict[str, Value]:
        """ARG and ENV values visible just before `target`, for the names `target` refers to;
        every name visible after the last instruction when `target` is None.

        ENV is inherited from the parent stage (it is image config); ARG is not:
        a stage sees a global ARG only after re-declaring it with `ARG NAME`.
        """
        if not self._resolved:
            resolve_variables(self.lineage()[::-1])
        if target is not None and id(target) in self._scopes:
            return self._scopes[id(target)]
        final = dict(self._args)
        final.update(self.image_env())
        return final

    def expand(self, word: str, target: Instruction) -> str | Unknown:
        """A shell-like word of `target` with the variables visible there expanded."""
        return expand_word(word, self.scope(target), self.budget, target.line)

    def image_env(self) -> dict[str, Value]:
        """The ENV part of the image config this stage produces."""
        if not self._resolved:
            resolve_variables(self.lineage()[::-1])
        env: dict[str, Value] = {}
        for stage in reversed(self.lineage()):
            env.update(stage._env_set)
        return env

    def _walk(self, env: dict[str, Value]) -> list[tuple[str, Value | None]]:
        """Apply this stage's ARG and ENV to `env` (the parent's ENV), keep for each
        instruction the values of the names it refers to, and return how to undo `env`."""
        undo: list[tuple[str, Value | None]] = []
        args: dict[str, Value] = {}
        scope = _Scope(env, args)
        for ins in self.instructions:
            names = referenced_names(ins.args)
            words = ins.exec_form() if ins.keyword in ("COPY", "ADD") else None
            if words:
                names |= referenced_names(" ".join(words))
            self._scopes[id(ins)] = {name: value for name in names if (value := scope.get(name)) is not None}
            if ins.keyword not in ("ARG", "ENV"):
                continue
            for name, raw in assignments(ins.keyword, ins.args):
                if ins.keyword == "ENV":
                    value = UNKNOWN if raw is None else expand_word(raw, scope, self.budget, ins.line)
                    undo.append((name, env.get(name)))
                    env[name] = value
                    self._env_set.append((name, value))
                elif env.get(name) is not None:
                    continue  # an ENV of the same name wins over the build arg
                elif raw is None:
                    args[name] = self.global_args.get(name, UNKNOWN)
                else:
                    args[name] = expand_word(raw, scope, self.budget, ins.line)
        self._args, self._resolved = args, True
        return undo


def resolve_variables(stages: Sequence[Stage]) -> None:
    """Walk the ARG and ENV of every stage once: depth first from the stages built on an
    image, with one ENV dict changed in place and rolled back after a stage's children.
    A child starts from its parent's ENV without a copy (copies made a chain of N
    stages cost N² time and memory), and no call recurses along a chain of stages."""
    members = {id(stage) for stage in stages}
    children: dict[int, list[Stage]] = {}
    roots = []
    for stage in stages:
        if stage.parent is not None and id(stage.parent) in members:
            children.setdefault(id(stage.parent), []).append(stage)
        else:
            roots.append(stage)
    env: dict[str, Value] = {}
    todo: list[tuple[Stage, list[tuple[str, Value | None]] | None]] = [(stage, None) for stage in reversed(roots)]
    while todo:
        stage, undo = todo.pop()
        if undo is None:
            todo.append((stage, stage._walk(env)))
            todo.extend((child, None) for child in reversed(children.get(id(stage), [])))
            continue
        for name, old in reversed(undo):
            if old is None:
                env.pop(name, None)
            else:
                env[name] = old


def build_stages(instructions: Sequence[Instruction], budget: Budget | None = None) -> list[Stage]:
    """Split instructions into stages, link each stage to its parent stage and resolve the
    variables of every stage, parents first (so nothing recurses along a chain of stages)."""
    budget = budget or Budget.for_text("")
    global_args: dict[str, Value] = {}
    stages: list[Stage] = []
    names: dict[str, Stage] = {}
    for ins in instructions:
        if ins.keyword == "FROM":
            stage = _new_stage(ins, len(stages), names, global_args, budget)
            stages.append(stage)
            names.setdefault(str(stage.index), stage)
            if stage.name:
                names.setdefault(stage.name, stage)
        elif stages:
            stages[-1].instructions.append(ins)
        elif ins.keyword == "ARG":
            for name, raw in assignments("ARG", ins.args):
                global_args[name] = UNKNOWN if raw is None else expand_word(raw, global_args, budget, ins.line)
    resolve_variables(stages)
    return stages


def _new_stage(ins: Instruction, index: int, names: dict[str, Stage], global_args: dict[str, Value],
               budget: Budget) -> Stage:
    words = ins.args.split()
    raw = words[0] if words else ""
    name = words[2].lower() if len(words) >= 3 and words[1].lower() == "as" else None
    ref = expand_word(raw, global_args, budget, ins.line) if raw else UNKNOWN
    if ref == "":
        ref = UNKNOWN
    used = tuple(dict.fromkeys(found[2] for found in references(raw)))
    stage = Stage(index, ins, ref, name, global_args, used, budget=budget)
    if isinstance(ref, str):
        stage.parent = names.get(ref.lower())
    else:
        stage.repository = images.written_repository(raw)
    return stage


def shipped_chain(stages: Sequence[Stage], target: str = "") -> list[Stage]:
    """The stage that ships, then its parent, grandparent … (final stage first)."""
    if not stages:
        return []
    final = stages[-1]
    if target:
        final = next((s for s in stages if s.name == target.lower()), final)
    return final.lineage()


# --- the model the rules see -------------------------------------------------

@record
class Dockerfile:
    path: str
    stages: list[Stage]
    chain: list[Stage]
    options: dict[str, object]
    root: str = "."
    preamble: list[Instruction] = field(default_factory=list)

    @property
    def final(self) -> Stage:
        return self.chain[0]

    @property
    def base(self) -> str | Unknown:
        """The external image (or scratch) at the end of the shipped chain."""
        return self.chain[-1].ref if self.chain else UNKNOWN

    def all_instructions(self) -> Iterator[tuple[Stage | None, Instruction]]:
        """Every instruction with its stage (None for the ARGs before the first FROM)."""
        for ins in self.preamble:
            yield None, ins
        for stage in self.stages:
            for ins in stage.instructions:
                yield stage, ins

    def chain_instructions(self, keyword: str) -> list[Instruction]:
        return [i for stage in self.chain for i in stage.instructions if i.keyword == keyword]

    def is_windows(self) -> bool:
        base = self.base
        if isinstance(base, str) and ImageRef.parse(base).is_windows():
            return True
        return any(re.search(_WINDOWS_SHELL, i.args) for i in self.chain_instructions("SHELL"))

    def option(self, name: str) -> tuple[str, ...]:
        value = self.options.get(name, ())
        return tuple(value) if isinstance(value, (list, tuple)) else ()

    def finding(self, rule: str, stage: Stage | None, line: int, message: str, evidence: str,
                severity: Severity | None = None) -> Finding:
        return Finding(rule, self.path, line, 1, message, severity=severity, evidence=evidence,
                       extra={"stage": stage.label if stage else "global"})


if TYPE_CHECKING:
    Rule = Callable[[Dockerfile], Iterator[Finding]]


# --- DKR201/DKR202: who the container runs as --------------------------------

def effective_user(chain: Sequence[Stage]) -> tuple[Instruction, Stage, str | Unknown] | None:
    """The USER instruction that decides the final user, with its expanded value."""
    for stage in chain:
        users = [i for i in stage.instructions if i.keyword == "USER"]
        if users:
            return users[-1], stage, stage.expand(users[-1].args.strip(), users[-1])
    return None


def is_root(user: str, windows: bool = False) -> bool:
    """Root: the user part (before `:`) is `root` (case-sensitive) or numeric 0."""
    name = user.strip().strip("\"'").strip().split(":", 1)[0]
    if windows and name.lower() == "containeradministrator":
        return True
    return name == "root" or (name.isascii() and name.isdigit() and not name.strip("0"))


def final_user_root(df: Dockerfile) -> Iterator[Finding]:
    found = effective_user(df.chain)
    if found is None:
        return
    ins, stage, user = found
    if isinstance(user, str) and is_root(user, df.is_windows()):
        where = "" if stage is df.final else f" (inherited from stage {quote(stage.label)})"
        yield df.finding("DKR201", stage, ins.line, f"the shipped image runs as {quote(user.strip())}{where}",
                         f"USER {user.strip()}")


def final_user_unset(df: Dockerfile) -> Iterator[Finding]:
    if not df.chain or effective_user(df.chain) is not None:
        return
    base = df.base
    if isinstance(base, Unknown):
        yield from _unset_with_unknown_tag(df)
        return
    if images.is_scratch(base):
        message = ("no USER in the shipped stages and FROM scratch runs as UID 0; scratch has no "
                   "/etc/passwd, so use a numeric USER 65532:65532")
    elif images.known_nonroot(base, df.option("nonroot_base_images")):
        return
    else:
        message = f"no USER in the shipped stages: the container runs as the default user of {quote(base)} (usually root)"
    yield df.finding("DKR202", df.final, df.final.from_.line, message, f"FROM {base} without USER")


def _unset_with_unknown_tag(df: Dockerfile) -> Iterator[Finding]:
    """`FROM debian:${V}`: the tag is unknown but the repository is not; it applies unless
    some tag of that repository may be a non-root image (`gcr.io/distroless/…`)."""
    repository = df.chain[-1].repository
    if repository is None or images.known_nonroot(ImageRef(repository, None, None, unknown=True), df.option("nonroot_base_images")):
        return
    message = (f"no USER in the shipped stages: the container runs as the default user of {quote(repository)} "
               "whatever the tag (usually root)")
    yield df.finding("DKR202", df.final, df.final.from_.line, message, f"FROM {repository} without USER")


# --- DKR203–DKR205: base images ----------------------------------------------

def _base_findings(df: Dockerfile, rule: str, test: Callable[[ImageRef], str | None]) -> Iterator[Finding]:
    for stage in df.stages:
        if not stage.external or not isinstance(stage.ref, str):
            continue
        image = ImageRef.parse(stage.ref)
        problem = test(image)
        if problem is None:
            continue
        via = f" (resolved from ARG {redacted(', '.join(stage.via_args))})" if stage.via_args else ""
        yield df.finding(rule, stage, stage.from_.line, f"{problem}{via}", f"FROM {stage.ref}")


def base_image_untagged(df: Dockerfile) -> Iterator[Finding]:
    yield from _base_findings(
        df, "DKR203", lambda i: f"base image {quote(i.name)} has no tag, so it pulls :latest" if images.untagged(i) else None)


def base_image_latest(df: Dockerfile) -> Iterator[Finding]:
    yield from _base_findings(
        df, "DKR204", lambda i: f"base image {quote(i.name + ':latest')} is a moving tag" if images.latest(i) else None)


def base_image_not_digest_pinned(df: Dockerfile) -> Iterator[Finding]:
    yield from _base_findings(
        df, "DKR205", lambda i: None if images.pinned(i) else f"base image {quote(i.name)} is not pinned by @sha256 digest")


# --- DKR206: health -----------------------------------------------------------

def healthcheck_missing(df: Dockerfile) -> Iterator[Finding]:
    if not df.chain or df.chain_instructions("HEALTHCHECK"):
        return
    base = df.base
    runs = df.chain_instructions("CMD") or df.chain_instructions("ENTRYPOINT")
    if isinstance(base, str) and images.is_scratch(base) and not runs:
        return
    yield df.finding("DKR206", df.final, df.final.from_.line,
                     f"no HEALTHCHECK in the shipped stage {quote(df.final.label)} or its parents", "no HEALTHCHECK")



# --- walking instructions ----------------------------------------------------

def runs(stage: Stage, onbuild: bool = True) -> Iterator[Instruction]:
    """RUN instructions of a stage, and (optionally) the RUNs wrapped by ONBUILD."""
    for ins in stage.instructions:
        if ins.keyword == "RUN":
            yield ins
        elif onbuild and ins.keyword == "ONBUILD":
            inner = ins.onbuild()
            if inner is not None and inner.keyword == "RUN":
                yield inner


def _each_run(df: Dockerfile, rule: str, test: Callable[[Instruction], str | None]) -> Iterator[Finding]:
    """One finding per RUN (every stage, ONBUILD RUN included) for which `test` names a problem."""
    for stage in df.stages:
        for ins in runs(stage):
            problem = test(ins)
            if problem:
                yield df.finding(rule, stage, ins.line, problem, f"RUN {ins.args}")


# --- DKR207/DKR208: secrets in ENV and ARG -------------------------------------

_SECRET_STEMS = ("pass", "pwd", "secret", "token", "key", "cred", "contrase")
_PUBLIC_PREFIXES = ("VITE_", "REACT_APP_", "NEXT_PUBLIC_")


def secret_name(name: str, exact: Sequence[str], bare_key: bool = False) -> bool:
    """Exact `dkr.secret_env_names` (optionally behind a front-end prefix) or the SEC140 name
    test. A name that is only `…_KEY` (`CTF_KEY`, `APP_KEY`, `GPG_KEY`) counts with `bare_key`."""
    kind = _name_kind(name, exact)
    return kind is not None and (kind != "bare-key" or bare_key)


def _name_kind(name: str, exact: Sequence[str]) -> str | None:
    bare = name
    for prefix in _PUBLIC_PREFIXES:
        if name.startswith(prefix):
            bare = name[len(prefix):]
            break
    if name in exact or bare in exact:
        return "listed"
    lower = name.lower()
    if not any(stem in lower for stem in _SECRET_STEMS):
        return None
    from sechooks.engines.secrets import name_kind

    return name_kind(name)


def _file_path(value: str) -> bool:
    """`GOOGLE_APPLICATION_CREDENTIALS=/secrets/sa.json` names where a secret is, not the secret."""
    placed = value.startswith(("./", "../", "~/")) or (value.startswith("/") and value.count("/") >= 2)
    return placed and re.fullmatch(r"[\w.~/-]+", value) is not None


def random_enough(value: str) -> bool:
    """A value that can be nothing but a key: 12+ characters without spaces, three of lower
    case, upper case, digits and symbols, and mixed (`TRwzX8q!Qc2T`, `base64:…`). Not a word
    (`production`) and not an upper- or lower-case hex fingerprint (`GPG_KEY 7169605F…`)."""
    from sechooks.engines.secrets import entropy

    classes = sum((any(c.islower() for c in value), any(c.isupper() for c in value),
                   any(c.isdigit() for c in value), any(not c.isalnum() for c in value)))
    return len(value) >= 12 and " " not in value and classes >= 3 and entropy(value) >= 3.0


def secret_value(raw: str) -> str | None:
    """The literal value if it survives filters F1, F2, F3 and F5, else None."""
    value = raw.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1]
    if not value:
        return None
    from sechooks.engines.secrets import passes_global

    return value if passes_global(value, provider=False) else None


def _secret_names(df: Dockerfile) -> tuple[str, ...]:
    from sechooks.rules.dkr import SECRET_ENV_NAMES

    return tuple(dict.fromkeys(SECRET_ENV_NAMES + df.option("secret_env_names")))


def secret_literal_in_env_or_arg(df: Dockerfile) -> Iterator[Finding]:
    names = _secret_names(df)
    places: list[tuple[Stage | None, Instruction]] = [(None, i) for i in df.preamble]
    places += [(s, i) for s in df.stages for i in s.instructions if i.keyword in ("ENV", "ARG")]
    for stage, ins in places:
        for name, raw in assignments(ins.keyword, ins.args):
            kind = _name_kind(name, names) if raw is not None else None
            if raw is None or kind is None:
                continue
            value = secret_value(raw)
            if value is None or (kind == "bare-key" and not random_enough(value)) or _file_path(value):
                continue
            where = "ENV value in the image config" if ins.keyword == "ENV" else "ARG default in the image history"
            yield Finding("DKR207", df.path, ins.line, 1,
                          f"{ins.keyword} {quote(name)} holds a literal secret ({len(value)} characters) that ships as an {where}",
                          evidence=value, extra={"stage": stage.label if stage else "global"})


def _secret_mount_names(ins: Instruction) -> set[str]:
    """The ids, env names and target file names of `--mount=type=secret`, normalised."""
    names = set()
    for mount in ins.secret_mounts():
        for field_name in ("id", "env", "target", "dst", "destination"):
            value = os.path.basename(mount.get(field_name, "")).lower().replace("-", "_")
            if value:
                names.add(value)
    return names


def _mounted_as_secret(mounted: set[str], name: str) -> bool:
    key = name.lower().replace("-", "_")
    return key in mounted or key.removeprefix("build_") in mounted


def secret_via_build_arg(df: Dockerfile) -> Iterator[Finding]:
    names = _secret_names(df)
    for stage in df.chain:
        # one backward pass: the first later instruction that uses each name without a mount
        first_use: dict[str, Instruction] = {}
        found: list[tuple[Instruction, str, Instruction]] = []
        for ins in reversed(stage.instructions):
            if ins.keyword == "ARG":
                for name, raw in reversed(assignments("ARG", ins.args)):
                    if raw is None and name in first_use and secret_name(name, names):
                        found.append((ins, name, first_use[name]))
                continue
            used = referenced_names(ins.text())
            mounted = _secret_mount_names(ins) if used else set()
            for name in used:
                if not _mounted_as_secret(mounted, name):
                    first_use[name] = ins
        for ins, name, user in reversed(found):
            yield df.finding("DKR208", stage, ins.line,
                             f"build arg {quote(name)} is used by {user.keyword} at line {user.line}: its value is recorded in the image history",
                             f"ARG {name}")


# --- DKR209–DKR211: COPY and ADD ----------------------------------------------

_SENSITIVE_NAMES = (
    (".env", ".env"), (".env.*", ".env.production"), ("id_rsa", "id_rsa"), ("id_dsa", "id_dsa"),
    ("id_ecdsa", "id_ecdsa"), ("id_ed25519", "id_ed25519"), ("*.pem", "server.pem"), ("*.key", "server.key"),
    ("*.p12", "cert.p12"), ("*.pfx", "cert.pfx"), ("*.jks", "store.jks"), (".npmrc", ".npmrc"),
    (".pypirc", ".pypirc"), (".netrc", ".netrc"), (".git-credentials", ".git-credentials"),
    (".dockercfg", ".dockercfg"), ("*.tfstate", "prod.tfstate"), ("credentials.json", "credentials.json"),
    ("service-account*.json", "service-account.json"), ("*.kdbx", "vault.kdbx"),
)
_SENSITIVE_PATHS = (".docker/config.json", ".aws/credentials", ".kube/config")
_SENSITIVE_DIRS = (".aws", ".ssh", ".git")
_ENV_EXAMPLES = (".env.example", ".env.sample")
_CREDENTIAL_ENV = ("GOOGLE_APPLICATION_CREDENTIALS", "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE",
                   "KUBECONFIG", "HF_TOKEN_PATH")
_ARCHIVES = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".tar.zst", ".gz", ".bz2",
             ".xz", ".zst", ".lz", ".lzma")
# rule patterns stay strings: `re` compiles (and caches) them the first time a rule needs one
_REMOTE_SCHEME = r"(?i)(https?://|git@|ssh://|git://)"
_URL = r"(?i)^([a-z][a-z0-9+.-]*://|git@)"
_WHOLE_CONTEXT = frozenset({".", "./", "*", "./*"})


def sources_and_dest(ins: Instruction, stage: Stage) -> tuple[list[str | Unknown], str | Unknown] | None:
    """Expanded sources and destination of COPY/ADD; None for heredoc or malformed forms."""
    words = ins.exec_form()
    raw = words if words is not None else _words(ins.args)
    if len(raw) < 2 or any(w.startswith("<<") for w in raw):
        return None
    env = stage.scope(ins)
    expanded = [stage.expand(w, ins) if words is None else expand(w, env, stage.budget, ins.line) for w in raw]
    return expanded[:-1], expanded[-1]


def sensitive_source(source: str) -> str | None:
    """The sensitive pattern a COPY/ADD source matches, if any."""
    path = source.replace("\\", "/").rstrip("/")
    if not path or path in _WHOLE_CONTEXT:
        return None
    parts = [p for p in path.split("/") if p not in ("", ".")]
    if not parts:
        return None
    base = parts[-1]
    if base.lower() in _ENV_EXAMPLES:
        return None
    globbed = any(c in base for c in "*?[") and base not in _WHOLE_CONTEXT
    # A glob is sensitive when it can match a sensitive name as such: `id_*`, `.env.*`,
    # `*.pem`. A leading `*` stands for a name (`*.env` copies meta.env, not .env), and a
    # glob for a whole kind of file (`*.json`) is sensitive only if the kind is (`*.key`).
    probe = "?" + base if base.startswith("*") else base
    kind = re.fullmatch(r"\*+(\.[^*?\[\]]+)+", base) is not None
    for pattern, sample in _SENSITIVE_NAMES:
        if fnmatch.fnmatchcase(base, pattern) or (globbed and not kind and fnmatch.fnmatchcase(sample, probe)):
            return pattern
    joined = "/".join(parts)
    for suffix in _SENSITIVE_PATHS:
        if joined == suffix or joined.endswith("/" + suffix):
            return suffix
    for directory in _SENSITIVE_DIRS:
        if directory in parts:
            return directory + "/"
    return None


def _copies(stage: Stage) -> Iterator[tuple[Instruction, list[str | Unknown], str | Unknown]]:
    """COPY/ADD from the build context (not --from another stage or image)."""
    for ins in stage.instructions:
        if ins.keyword not in ("COPY", "ADD") or ins.flag("from"):
            continue
        parsed = sources_and_dest(ins, stage)
        if parsed is not None:
            yield ins, parsed[0], parsed[1]


def _workdir_join(dest: str, workdir: str) -> str:
    if dest.startswith("/") or re.match(r"^[A-Za-z]:[\\/]", dest):
        return dest
    return os.path.normpath(os.path.join(workdir or "/", dest)).replace("\\", "/")


def sensitive_file_copied(df: Dockerfile) -> Iterator[Finding]:
    for stage in df.stages:
        dests: list[str] = []
        workdir = "/"
        for ins in stage.instructions:
            if ins.keyword == "WORKDIR":
                value = stage.expand(ins.args.strip(), ins)
                workdir = _workdir_join(value, workdir) if isinstance(value, str) else ""
        for ins, sources, dest in _copies(stage):
            if isinstance(dest, str):
                dests.append(dest)
            for source in sources:
                remote = isinstance(source, str) and re.match(_URL, source) is not None
                pattern = sensitive_source(source) if isinstance(source, str) and not remote else None
                if pattern:
                    yield df.finding("DKR209", stage, ins.line,
                                     f"{ins.keyword} puts {quote_path(str(source))} (matches {pattern}) into a layer of the image",
                                     f"{ins.keyword} {source}")
                    break
        yield from _credential_env(df, stage, [d for d in dests if d.startswith("/")])


def _path_tree(paths: Sequence[str]) -> dict[str, Any]:
    """Absolute paths as a tree of components; "/" marks where a path ends."""
    tree: dict[str, Any] = {}
    for path in paths:
        node = tree
        for part in path.rstrip("/").split("/")[1:]:
            node = node.setdefault(part, {})
        node["/"] = {}
    return tree


def _under(tree: dict[str, Any], path: str) -> bool:
    """`path` is one of the tree's paths or inside one (one walk, not one test per path)."""
    node = tree
    for part in path.split("/")[1:]:
        if "/" in node:
            return True
        node = node.get(part, {})
    return "/" in node


def _credential_env(df: Dockerfile, stage: Stage, dests: list[str]) -> Iterator[Finding]:
    if not dests:
        return
    tree = _path_tree(dests)
    for ins in stage.instructions:
        if ins.keyword != "ENV":
            continue
        for name, raw in assignments("ENV", ins.args):
            if name not in _CREDENTIAL_ENV or raw is None:
                continue
            value = stage.expand(raw, ins)
            if isinstance(value, str) and value.startswith("/") and _under(tree, value):
                yield df.finding("DKR209", stage, ins.line,
                                 f"ENV {name} points at {quote_path(value)}, a file copied into the image",
                                 f"ENV {name}={value}")


def _remote(source: str) -> bool:
    """A URL or git repository: a remote scheme, or a last line ending in `.git` or `.git#ref`."""
    if re.match(_REMOTE_SCHEME, source):
        return True
    last = source[:-1] if source.endswith("\n") else source
    last = last[last.rfind("\n") + 1:].lower()
    return last.endswith(".git") or ".git#" in last


def add_remote_url_unverified(df: Dockerfile) -> Iterator[Finding]:
    for stage in df.stages:
        for ins in stage.instructions:
            if ins.keyword != "ADD" or any(v.startswith("sha256:") for v in ins.flag("checksum")):
                continue
            parsed = sources_and_dest(ins, stage)
            remote = [s for s in parsed[0] if isinstance(s, str) and _remote(s)] if parsed else []
            if remote:
                yield df.finding("DKR210", stage, ins.line,
                                 f"ADD fetches {quote(remote[0])} with no --checksum=sha256:… to verify it",
                                 f"ADD {remote[0]}")


def _archive(name: str) -> bool:
    return name.endswith(".Z") or name.lower().endswith(_ARCHIVES)


def add_instead_of_copy(df: Dockerfile) -> Iterator[Finding]:
    for stage in df.stages:
        for ins in stage.instructions:
            if ins.keyword != "ADD":
                continue
            parsed = sources_and_dest(ins, stage)
            if parsed is None or not all(isinstance(s, str) for s in parsed[0]):
                continue
            sources = [str(s) for s in parsed[0]]
            if any(_remote(s) or _archive(s) for s in sources):
                continue
            yield df.finding("DKR211", stage, ins.line, "ADD copies plain local files: COPY does the same without ADD's extraction and download magic",
                             f"ADD {' '.join(sources)}")


# --- DKR212–DKR218: what RUN does (the judgement is engines.shell_rules') ------------

if TYPE_CHECKING:
    ShellRule = Callable[[str, Sequence[shell.Command]], Iterator[tuple[int, int, str]]]


def _first(rule: ShellRule) -> Callable[[Instruction], str | None]:
    """The first problem a `shell_rules` function finds in a RUN: in its commands (shell
    form, heredoc script or exec form) and in its text (arguments and heredoc bodies)."""
    def test(ins: Instruction) -> str | None:
        hit = next(rule(ins.text(), ins.commands()), None)
        return hit[2] if hit else None

    return test


piped_to_shell = _first(shell_rules.pipe_to_shell)
tls_problem = _first(shell_rules.tls_disabled)
signature_problem = _first(shell_rules.signature_disabled)
world_writable = _first(shell_rules.world_writable)


def remote_script_piped_to_shell(df: Dockerfile) -> Iterator[Finding]:
    yield from _each_run(df, "DKR212", piped_to_shell)


def sudo_in_run(df: Dockerfile) -> Iterator[Finding]:
    yield from _each_run(df, "DKR213", lambda ins: "RUN calls sudo" if _first(shell_rules.sudo)(ins) else None)


def tls_verification_disabled(df: Dockerfile) -> Iterator[Finding]:
    yield from _each_run(df, "DKR214", tls_problem)
    for stage, ins in df.all_instructions():
        if ins.keyword in ("ENV", "ARG"):
            for name, raw in assignments(ins.keyword, ins.args):
                if raw is not None and shell_rules.tls_env_off(name, raw):
                    yield df.finding("DKR214", stage, ins.line, f"{ins.keyword} {quote(name + '=' + raw)} turns off certificate checks",
                                     f"{ins.keyword} {name}={raw}")
        elif ins.keyword == "COPY" and ins.heredocs and shell_rules.sslverify_off(ins.text()) and shell_rules.names_repo_file(ins.args):
            yield df.finding("DKR214", stage, ins.line, "sslverify=0 is written into a yum/dnf repository configuration",
                             "COPY sslverify=0")


def package_signature_check_disabled(df: Dockerfile) -> Iterator[Finding]:
    yield from _each_run(df, "DKR215", signature_problem)
    for stage, ins in df.all_instructions():
        if ins.keyword == "COPY" and ins.heredocs and shell_rules.signature_off_written("\n".join(ins.heredocs)):
            yield df.finding("DKR215", stage, ins.line, "a repository configuration with signature checks off is written into the image",
                             "COPY gpgcheck=0")


def _exposes_22(word: str) -> bool:
    port = word.split("/", 1)[0]
    low, _, high = port.partition("-")
    if not (low + high).isascii() or not low.isdigit() or (high and not high.isdigit()):
        return False
    return _port(low) == 22 if not high else _port(low) <= 22 <= _port(high)


def _port(digits: str) -> int:
    """A port number; anything past 99999 (say 5,000 digits, too many for int()) is 100000."""
    digits = digits.lstrip("0") or "0"
    return int(digits) if len(digits) <= 5 else 100_000


def ssh_port_exposed(df: Dockerfile) -> Iterator[Finding]:
    for stage in df.chain:
        for ins in stage.instructions:
            if ins.keyword == "EXPOSE":
                for word in ins.args.split():
                    value = stage.expand(word, ins)
                    if isinstance(value, str) and any(_exposes_22(v) for v in value.split()):
                        yield df.finding("DKR216", stage, ins.line, f"EXPOSE {quote(word)} publishes the SSH port", f"EXPOSE {value}")
                        break
            elif ins.keyword == "RUN":
                package = next(filter(None, map(shell_rules.ssh_server_package, ins.commands())), None)
                if package is not None:
                    yield df.finding("DKR216", stage, ins.line, f"RUN installs the SSH server {quote(package)}", f"RUN install {package}")


def world_writable_permissions(df: Dockerfile) -> Iterator[Finding]:
    yield from _each_run(df, "DKR217", world_writable)


def credentials_problem(ins: Instruction) -> str | None:
    if ins.secret_mounts():
        return None
    return _first(shell_rules.credentials_stored)(ins)


def credentials_configured_in_run(df: Dockerfile) -> Iterator[Finding]:
    yield from _each_run(df, "DKR218", credentials_problem)


# --- DKR219/DKR220: how RUN runs --------------------------------------------------

def insecure_run_entitlement(df: Dockerfile) -> Iterator[Finding]:
    for stage in df.stages:
        for ins in runs(stage):
            if "insecure" in ins.flag("security"):
                yield df.finding("DKR219", stage, ins.line, "RUN --security=insecure runs the step in a privileged build container",
                                 "RUN --security=insecure")
            if "host" in ins.flag("network"):
                yield df.finding("DKR219", stage, ins.line, "RUN --network=host shares the host's network with the build step",
                                 "RUN --network=host", severity=Severity.LOW)


def _stage_shell(df: Dockerfile, stage: Stage, memo: dict[int, str]) -> str:
    """Shell mode at the start of a stage (inherited from its parent stage)."""
    if stage.parent is not None:
        parent = stage.parent
        if parent.index not in memo:
            mode = _stage_shell(df, parent, memo)
            for ins in parent.instructions:
                if ins.keyword == "SHELL":
                    mode = shell_rules.shell_mode(ins.exec_form() or [])
            memo[parent.index] = mode
        return memo[parent.index]
    ref = stage.ref
    return "off" if isinstance(ref, str) and ImageRef.parse(ref).is_windows() else "plain"


def pipefail_missing(df: Dockerfile) -> Iterator[Finding]:
    memo: dict[int, str] = {}
    for stage in df.stages:
        mode = _stage_shell(df, stage, memo)
        for ins in stage.instructions:
            if ins.keyword == "SHELL":
                mode = shell_rules.shell_mode(ins.exec_form() or [])
            elif ins.keyword == "RUN" and mode == "plain" and ins.exec_form() is None:
                if _first(shell_rules.pipefail_missing)(ins):
                    yield df.finding("DKR220", stage, ins.line, "RUN pipes commands without pipefail: a failure before the last | is ignored",
                                     f"RUN {ins.args}")


# --- DKR221: unpinned packages --------------------------------------------------

def unpinned_packages(ins: Instruction) -> str | None:
    """All the packages a RUN installs without a version, in one message."""
    packages = [p for command in ins.commands() for p in shell_rules.unpinned(command)]
    return shell_rules.unpinned_message(packages) if packages else None


def unpinned_package_install(df: Dockerfile) -> Iterator[Finding]:
    yield from _each_run(df, "DKR221", unpinned_packages)


# --- DKR222: the build context ------------------------------------------------------

def _dockerignore_exists(df: Dockerfile) -> bool:
    folder, name = os.path.split(df.path)
    candidates = (".dockerignore", f"{name}.dockerignore")
    bases = {folder, os.path.join(df.root, folder)}
    return any(os.path.isfile(os.path.join(base, c)) for base in bases for c in candidates)


def whole_context_copied(df: Dockerfile) -> Iterator[Finding]:
    copies = [(stage, ins) for stage in df.stages for ins, sources, _ in _copies(stage)
              if any(isinstance(s, str) and s in (".", "./") for s in sources)]
    if not copies or _dockerignore_exists(df):
        return
    for stage, ins in copies:
        yield df.finding("DKR222", stage, ins.line, f"{ins.keyword} . copies the whole build context and there is no .dockerignore next to the Dockerfile",
                         f"{ins.keyword} .")


CHECKS: dict[str, Rule] = {
    "DKR201": final_user_root,
    "DKR202": final_user_unset,
    "DKR203": base_image_untagged,
    "DKR204": base_image_latest,
    "DKR205": base_image_not_digest_pinned,
    "DKR206": healthcheck_missing,
    "DKR207": secret_literal_in_env_or_arg,
    "DKR208": secret_via_build_arg,
    "DKR209": sensitive_file_copied,
    "DKR210": add_remote_url_unverified,
    "DKR211": add_instead_of_copy,
    "DKR212": remote_script_piped_to_shell,
    "DKR213": sudo_in_run,
    "DKR214": tls_verification_disabled,
    "DKR215": package_signature_check_disabled,
    "DKR216": ssh_port_exposed,
    "DKR217": world_writable_permissions,
    "DKR218": credentials_configured_in_run,
    "DKR219": insecure_run_entitlement,
    "DKR220": pipefail_missing,
    "DKR221": unpinned_package_install,
    "DKR222": whole_context_copied,
}


def check_file(path: str, text: str, ctx: cli.Context) -> Iterator[Finding]:
    """Every enabled DKR rule on one Dockerfile's text."""
    if not any(line.strip() and not line.lstrip().startswith("#") for line in text.split("\n")):
        return
    instructions, problems = parse(text)
    for line, message in problems:
        yield ctx.unparseable(path, line, message)
    first = next((i for i in instructions if i.keyword != "ARG"), None)
    if first is not None and first.keyword != "FROM":
        yield ctx.unparseable(path, first.line, f"{first.keyword} before the first FROM")
    budget = Budget.for_text(text)
    stages = build_stages(instructions, budget)
    options = dict(ctx.options)
    target = str(options.get("target_stage") or "")
    if target and not any(s.name == target.lower() for s in stages):
        ctx.notice(f"{path}: dkr.target_stage {target!r} is not a stage here; checking the last stage")
    preamble = [i for i in instructions if i.keyword == "ARG" and (not stages or i.line < stages[0].from_.line)]
    df = Dockerfile(path, stages, shipped_chain(stages, target), options, ctx.root, preamble)
    for rule_id, rule in CHECKS.items():
        if rule_id in ctx.enabled:
            yield from rule(df)
    if budget.problem:
        yield ctx.unparseable(path, budget.line, budget.problem)


HOOK = cli.Hook(
    name="sechooks-dockerfile",
    family="DKR",
    check=check_file,
    matches=is_dockerfile,
    max_bytes=8 * 1024 * 1024,
    compat=(
        Compat(re.compile(r"#\s*hadolint\s+ignore=(?P<ids>[A-Za-z0-9_, -]+)"), "next", marker="hadolint"),
        Compat(re.compile(r"#\s*hadolint\s+global\s+ignore=(?P<ids>[A-Za-z0-9_, -]+)"), "file", marker="hadolint"),
        Compat(re.compile(r"#\s*checkov:skip=(?P<ids>[A-Z0-9_]+)"), "file", marker="checkov"),
    ),
)


def main(argv: Sequence[str] | None = None) -> int:
    """Console entry point of `sechooks-dockerfile`."""
    return cli.run(HOOK, argv)


if __name__ == "__main__":
    raise SystemExit(main())
