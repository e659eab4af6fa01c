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
    from typing import Sequence

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
    tokens: list[tuple[str, bool, bool]] = []
    i, n = 0, len(script)
    word: list[str] = []
    quoted = in_word = False

    def flush() -> None:
        nonlocal word, quoted, in_word
        if in_word:
            tokens.append(("".join(word), quoted, False))
        word, quoted, in_word = [], False, False

    while i < n:
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
            end = _closing_quote(script, i)
            word.append(script[i + 1:end].replace('\\"', '"') if c == '"' else script[i + 1:end])
            quoted = in_word = True
            i = end + 1
            continue
        if c == "$" and script.startswith("$(", i) or c == "`":
            end = _closing_subst(script, i)
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
            tokens.append((op, False, True))
            i += len(op)
            continue
        if c == ")" or (c == "(" and not in_word):
            flush()
            tokens.append((c, False, True))
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


def _closing_quote(script: str, i: int) -> int:
    quote = script[i]
    j = i + 1
    while j < len(script):
        if quote == '"' and script[j] == "\\":
            j += 2
            continue
        if script[j] == quote:
            return j
        j += 1
    return len(script)


def _closing_subst(script: str, i: int) -> int:
    """End (exclusive) of `$( … )` or a backquoted command starting at i."""
    if script[i] == "`":
        end = script.find("`", i + 1)
        return len(script) if end < 0 else end + 1
    depth, j = 0, i + 1
    while j < len(script):
        c = script[j]
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return j + 1
        elif c in "'\"":
            j = _closing_quote(script, j)
        j += 1
    return len(script)


def split(script: str) -> list[Command]:
    """Simple commands of a shell script, in order."""
    commands: list[Command] = []
    words: list[str] = []
    quoted: list[bool] = []
    op = ""
    for text, was_quoted, is_op in tokenize(script) + [("\n", False, True)]:
        if not is_op or text in "()":
            if not is_op:
                words.append(text)
                quoted.append(was_quoted)
            continue
        command = _command(words, quoted, op) if words else None
        if command is not None and command.start < len(words):
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
    while i < len(words) and not quoted[i] and (words[i] in _CONTROL or _ASSIGNMENT.match(words[i])):
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
