"""A small POSIX-shell command splitter for Dockerfile RUN rules.

Not a shell parser: it splits a script into simple commands on `&&`, `||`,
`;`, `|`, `&` and newlines, keeps quoted text inside its word (so `echo "sudo"`
is not sudo), and drops `#` comments. That is all the RUN rules need.
One pass over the script: time linear in its length, no recursion.
"""
from __future__ import annotations

import os
import re
from sechooks.core.record import field, record
from functools import cached_property
TYPE_CHECKING = False  # typing costs ~5 ms to import; annotations are strings
if TYPE_CHECKING:
    from typing import Iterator, Sequence

OPERATORS = ("&&", "||", "|&", ";;", "|", ";", "&", "\n")
_CONTROL = frozenset({
    "if", "then", "else", "elif", "fi", "do", "done", "while", "until", "for", "case", "esac",
    "{", "}", "(", ")", "!", "in",
})
_PLAIN = re.compile(r"[^\s'\"\\$`#&|;()<>]+")
_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
_REDIRECT = re.compile(r"^[0-9]*(>>?|<<?|>&|<&|&>>?|>\|)")
SHELLS = frozenset({"sh", "bash", "zsh", "ash", "dash", "ksh", "mksh", "busybox"})


@record
class Command:
    """One simple command: its words (quotes removed) and the operator before it."""

    words: list[str]
    quoted: list[bool] = field(default_factory=list)
    op: str = ""  # operator that preceded it: "", "|", "&&", "||", ";", "&", "\n"
    sudo: bool = False  # its first word (before prefix stripping) was sudo
    start: int = 0  # index of the program word in `words`
    line: int = 0  # 0-based line of its first word within the script
    column: int = 0  # 0-based column of its first word on that line

    @cached_property
    def program(self) -> str:
        """Basename of the program after `sudo`/`env`/`exec`/`nohup`/`time` prefixes."""
        if self.start >= len(self.words):
            return ""
        return os.path.basename(self.words[self.start])

    @cached_property
    def args(self) -> list[str]:
        """Words after the program, redirections excluded."""
        out = []
        skip = False
        for word, quoted in zip(self.words[self.start + 1:], self.quoted[self.start + 1:]):
            if skip:
                skip = False
                continue
            if not quoted and _REDIRECT.match(word):
                skip = _REDIRECT.fullmatch(word) is not None
                continue
            out.append(word)
        return out

    @property
    def redirect_targets(self) -> list[str]:
        """Files written by `>`/`>>` (and `tee` arguments)."""
        out = []
        words, quoted = self.words, self.quoted
        for i, word in enumerate(words):
            if quoted[i]:
                continue
            match = re.match(r"^[0-9&]*>>?\|?(.*)$", word)
            if match:
                target = match.group(1) or (words[i + 1] if i + 1 < len(words) else "")
                if target and not target.startswith("&"):
                    out.append(target)
        if self.program == "tee":
            out.extend(a for a in self.args if not a.startswith("-"))
        return out


def tokenize(script: str) -> list[tuple[str, bool, bool]]:
    """Words as (text, was_quoted, is_operator), comments dropped."""
    return [token[:3] for token in _tokens(script)]


if TYPE_CHECKING:
    Token = tuple[str, bool, bool, int]  # text, was_quoted, is_operator, offset in the script


def _tokens(script: str) -> list[Token]:
    """`tokenize` with the offset where each token starts."""
    tokens: list[Token] = []
    i, n = 0, len(script)
    word: list[str] = []
    quoted = in_word = False
    start = 0

    def flush() -> None:
        nonlocal word, quoted, in_word
        if in_word:
            tokens.append(("".join(word), quoted, False, start))
        word, quoted, in_word = [], False, False

    while i < n:
        if not in_word:
            start = i
        plain = _PLAIN.match(script, i)
        if plain is not None:
            word.append(plain.group())
            in_word = True
            i = plain.end()
            continue
        c = script[i]
        if c == "\\" and i + 1 < n:
            if script[i + 1] != "\n":
                word.append(script[i + 1])
                in_word = True
            i += 2
            continue
        if c in "'\"":
            end, closed = matching_end(script, i)
            inner = script[i + 1:end - 1 if closed else end]
            word.append(inner.replace('\\"', '"') if c == '"' else inner)
            quoted = in_word = True
            i = end
            continue
        if c == "$" and script.startswith("$(", i) or c == "`":
            end = matching_end(script, i)[0]
            word.append(script[i:end])
            in_word = True
            i = end
            continue
        if c == "#" and not in_word:
            nl = script.find("\n", i)
            i = n if nl < 0 else nl
            continue
        op = next((o for o in OPERATORS if script.startswith(o, i)), None) if c in "&|;\n" else None
        if op is not None and not (op == "&" and _redirect_amp(script, i, _last_char(word))):
            flush()
            tokens.append((op, False, True, i))
            i += len(op)
            continue
        if c == ")" or (c == "(" and not in_word):
            flush()
            tokens.append((c, False, True, i))
            i += 1
            continue
        if c in " \t":
            flush()
            i += 1
            continue
        word.append(c)
        in_word = True
        i += 1
    flush()
    return tokens


def _last_char(word: list[str]) -> str:
    """The last character of the word so far (its parts may be empty: `""`)."""
    for part in reversed(word):
        if part:
            return part[-1]
    return ""


def _redirect_amp(script: str, i: int, before: str) -> bool:
    """`2>&1`, `&>file`, `>&2`: an ampersand that belongs to a redirection."""
    return before in (">", "<") or script.startswith("&>", i)


def matching_end(script: str, i: int) -> tuple[int, bool]:
    """(index just past, closed?) of the `"…"`, `'…'`, `` `…` `` or `$(…)` that opens at i.

    Quotes and substitutions nest in each other (`"$(grep "a|b" f)"` is one word): one
    pass with an explicit stack, so deep nesting costs no recursion and no rescans.
    """
    stack: list[str] = []
    j, n = i, len(script)
    while j < n:
        c = script[j]
        top = stack[-1] if stack else ""
        if top == "'":
            end = script.find("'", j)
            if end < 0:
                return n, False
            stack.pop()
            j = end + 1
        elif c == "\\" and top:
            j += 2
        elif (top == '"' and c == '"') or (top == "`" and c == "`") or (top == "(" and c == ")"):
            stack.pop()
            j += 1
        elif c == "$" and script.startswith("$(", j):
            stack.append("(")
            j += 2
        elif c in "'\"`" and top != '"' or c == "`":
            stack.append(c)
            j += 1
        elif c == "(" and top == "(":
            stack.append("(")
            j += 1
        else:
            j += 1
        if not stack:
            return j, True
    return n, False


def substitutions(word: str) -> Iterator[str]:
    """The bodies of the outermost `$(…)` and `` `…` `` in a word."""
    i = 0
    while True:
        dollar, tick = word.find("$(", i), word.find("`", i)
        starts = [p for p in (dollar, tick) if p >= 0]
        if not starts:
            return
        start = min(starts)
        end, closed = matching_end(word, start)
        yield word[start + (1 if start == tick else 2):end - 1 if closed else end]
        i = end


def _without_case_patterns(tokens: list[Token]) -> list[Token]:
    """Drop the patterns of `case … in` (`x86_64|aarch64)`): their `|` is not a pipe."""
    out: list[Token] = []
    cases: list[str] = []  # per open case: "pattern" or "body"
    pending = 0  # words still expected after `case`: the subject, then `in`
    at_start = True
    for token in tokens:
        text, quoted, is_op, offset = token
        state = cases[-1] if cases else ""
        word = "" if is_op or quoted else text
        if state == "pattern":
            if word == "esac":
                cases.pop()
                out.append(token)
            elif is_op and text == ")":
                cases[-1] = "body"
                out.append(("\n", False, True, offset))
                at_start = True
            continue
        if pending:
            pending -= 1
            if pending == 0 and word == "in":
                cases.append("pattern")
            out.append(token)
            continue
        if state == "body" and is_op and text == ";;":
            cases[-1] = "pattern"
            out.append(("\n", False, True, offset))
            continue
        if at_start and word == "esac" and state == "body":
            cases.pop()
        elif at_start and word == "case":
            pending = 2
        out.append(token)
        at_start = is_op or word in _CONTROL
    return out


def split(script: str) -> list[Command]:
    """Simple commands of a shell script, in order, each with the line and column (0-based,
    within the script) of its first word."""
    commands: list[Command] = []
    words: list[str] = []
    quoted: list[bool] = []
    op = ""
    first = 0  # offset of the command's first word
    line = counted = line_start = 0  # newlines before offset `counted`: offsets only grow, so one pass
    for text, was_quoted, is_op, offset in _without_case_patterns(_tokens(script)) + [("\n", False, True, len(script))]:
        if not is_op or text in "()":
            if not is_op:
                if not words:
                    first = offset
                words.append(text)
                quoted.append(was_quoted)
            continue
        command = _command(words, quoted, op) if words else None
        if command is not None and (command.start < len(words) or any(_ASSIGNMENT.match(w) for w in words)):
            # assignments alone (`v=$(a | b)`) are a command too; `fi` alone is not
            line += script.count("\n", counted, first)
            newline = script.rfind("\n", counted, first)
            line_start = line_start if newline < 0 else newline + 1
            counted = first
            command.line, command.column = line, first - line_start
            commands.append(command)
            op = text
        elif text != "\n" or not op:
            op = text if text != "\n" else op
        words, quoted = [], []
    return commands


def command(words: Sequence[str]) -> Command:
    """One exec-form command (`RUN ["a", "b"]`): no shell, so no operators or quotes."""
    return _command(list(words), [False] * len(words), "")


def _command(words: list[str], quoted: list[bool], op: str) -> Command:
    i = 0
    while i < len(words) and ((not quoted[i] and words[i] in _CONTROL) or _ASSIGNMENT.match(words[i])):
        i += 1
    command = Command(words, quoted, op, sudo=i < len(words) and os.path.basename(words[i]) == "sudo" and not quoted[i])
    command.start = _strip_prefixes(words, i)
    return command


def _strip_prefixes(words: list[str], i: int) -> int:
    while i < len(words):
        name = os.path.basename(words[i])
        if name == "sudo":
            i += 1
            while i < len(words) and words[i].startswith("-"):
                takes_value = words[i] in ("-u", "-g", "-h", "-p", "-C", "-U", "-r", "-t", "-D", "-R")
                i += 2 if takes_value else 1
        elif name == "env":
            i += 1
            while i < len(words) and (words[i].startswith("-") or _ASSIGNMENT.match(words[i])):
                i += 2 if words[i] in ("-u", "-C", "-S") else 1
        elif name in ("exec", "nohup", "time", "command", "nice"):
            i += 1
            while i < len(words) and words[i].startswith("-"):
                i += 1
        elif _ASSIGNMENT.match(words[i]):
            i += 1
        else:
            return i
    return i


def pipelines(commands: list[Command]) -> list[list[Command]]:
    """Group commands joined by `|` (or `|&`) into pipelines."""
    out: list[list[Command]] = []
    for command in commands:
        if command.op in ("|", "|&") and out:
            out[-1].append(command)
        else:
            out.append([command])
    return out
