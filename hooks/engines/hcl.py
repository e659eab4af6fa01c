"""A fast HCL2 reader of our own, plus the Terraform value resolver.

Parsing is one tokenizer pass and a recursive-descent parser; python-hcl2 is only
imported (lazily) when the fast path meets text it cannot read, so a typical run
never pays for lark.

Public API:

* `parse(text) -> Module` (raises `HclError(line, message)` on broken syntax).
  A `Module` has `attributes` (name -> `Attribute`) and `blocks` (list of
  `Block`); a `Block` has `type`, `labels`, `line`, `end_line` and a body of the
  same shape. `Module.fallback` is true when python-hcl2 produced the result.
* Values: literals are plain Python (`str`, `int`, `float`, `bool`, `None`);
  tuples are `list`; objects whose keys are all literal are `Object` (a `dict`
  with a `line`); anything else is an `Expr` subclass keeping its source text:
  `Traversal` (`var.x`, `each.value.port`, `x[0]`), `Call` (`concat(a, b)`),
  `Template` (`"${var.a}/32"`, heredocs), `ObjectExpr` (computed keys) and
  `Opaque` (conditionals, operators, `for` expressions, splats).
  `Expr.hcl2()` gives the string python-hcl2 would return for it.
* A `dynamic "x" { for_each = ..., iterator = ..., content { ... } }` block is
  kept as a `Block` of type `dynamic` with the label `x`.
* `Resolver(modules, tfvars)` / `Resolver.for_directory(...)` resolves values in
  module scope; `UNKNOWN` (`sechooks.engines.network.UNKNOWN`, one object for every
  format) is the sentinel for anything that cannot be known.
"""
from __future__ import annotations

import functools
import os
import re
from sechooks.core.cachedir import cache_dir as cache_dir, cache_file as _cache_file  # the private ~/.cache/sechooks
from sechooks.core.record import field, record
from sechooks.engines.network import UNKNOWN as UNKNOWN, shown as shown  # one value for every format; re-exported
TYPE_CHECKING = False  # typing costs ~5 ms to import; annotations are strings
if TYPE_CHECKING:
    from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence


class HclError(Exception):
    """Broken HCL syntax at a 1-based line."""

    def __init__(self, line: int, message: str, definite: bool = False) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = max(int(line), 1)
        self.message = message
        # definite: no HCL reader accepts this (an unclosed block or string), so the
        # python-hcl2 fallback is not tried
        self.definite = definite


# --- the value model ---------------------------------------------------------

class Expr:
    """An expression that is not a literal, kept with its source text.

    Plain slotted classes rather than dataclasses: they cost nothing at import.
    """

    __slots__ = ("text", "line")
    _fields: tuple[str, ...] = ("text", "line")

    def __init__(self, text: str, line: int) -> None:
        self.text = text
        self.line = line

    def hcl2(self) -> str:
        """The string python-hcl2 (strip_string_quotes=True) gives for this expression."""
        return "${" + self.text + "}"

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__name__}({fields})"


class Traversal(Expr):
    """`root.a.b[0]`; `base` is set instead of `root` for `f(x)[0]`, `(x).y`.
    `steps`: str = attribute, anything else = index value."""

    __slots__ = ("root", "base", "steps")
    _fields = ("text", "line", "root", "base", "steps")

    def __init__(self, text: str, line: int, root: str | None, base: Any, steps: tuple[Any, ...]) -> None:
        super().__init__(text, line)
        self.root = root
        self.base = base
        self.steps = steps


class Call(Expr):
    """`name(args...)`; `expand` for a final `list...` argument."""

    __slots__ = ("name", "args", "expand")
    _fields = ("text", "line", "name", "args", "expand")

    def __init__(self, text: str, line: int, name: str, args: tuple[Any, ...], expand: bool = False) -> None:
        super().__init__(text, line)
        self.name = name
        self.args = args
        self.expand = expand


class Template(Expr):
    """A string with interpolations; `parts` are `str` or values. `directive`:
    it holds `%{...}` or strip markers, which the resolver does not evaluate.
    `body` is the raw template text between the quotes or heredoc markers."""

    __slots__ = ("parts", "directive", "heredoc", "body")
    _fields = ("text", "line", "parts", "directive", "heredoc", "body")

    def __init__(self, text: str, line: int, parts: tuple[Any, ...], directive: bool = False,
                 heredoc: bool = False, body: str = "") -> None:
        super().__init__(text, line)
        self.parts = parts
        self.directive = directive
        self.heredoc = heredoc
        self.body = body

    def hcl2(self) -> str:
        return self.body


class ObjectExpr(Expr):
    """An object whose keys are not all literal (`{ (var.k) = 1 }`)."""

    __slots__ = ("items",)
    _fields = ("text", "line", "items")

    def __init__(self, text: str, line: int, items: tuple[tuple[Any, Any], ...]) -> None:
        super().__init__(text, line)
        self.items = items


class Opaque(Expr):
    """Anything the resolver never evaluates; `kind`: conditional, operation, for,
    splat, directive, unparsed."""

    __slots__ = ("kind",)
    _fields: tuple[str, ...] = ("text", "line", "kind")

    def __init__(self, text: str, line: int, kind: str) -> None:
        super().__init__(text, line)
        self.kind = kind


class Conditional(Opaque):
    """`cond ? then : otherwise`, kept with its parts: the resolver picks the branch when
    the condition is known (`count = var.enabled ? 1 : 0`)."""

    __slots__ = ("parts",)
    _fields = ("text", "line", "kind", "parts")

    def __init__(self, text: str, line: int, parts: tuple[Any, Any, Any]) -> None:
        super().__init__(text, line, "conditional")
        self.parts = parts


class Operation(Opaque):
    """A unary (`!x`, `-x`) or binary operation (`a == b`, `n > 0`, `a && b`, `n + 1`)."""

    __slots__ = ("op", "operands")
    _fields = ("text", "line", "kind", "op", "operands")

    def __init__(self, text: str, line: int, op: str, operands: tuple[Any, ...]) -> None:
        super().__init__(text, line, "operation")
        self.op = op
        self.operands = operands


if TYPE_CHECKING:
    _ObjectBase = dict[str, Any]
else:
    _ObjectBase = dict


class Object(_ObjectBase):
    """An object literal with literal keys; `line` is where its `{` is."""

    line: int = 0


@record
class Attribute:
    name: str
    value: Any
    line: int
    end_line: int = 0


@record
class Block:
    type: str
    labels: tuple[str, ...]
    line: int
    end_line: int = 0
    attributes: dict[str, Attribute] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)

    def blocks_of(self, *types: str) -> list[Block]:
        """Nested blocks of these types, in source order."""
        return [b for b in self.blocks if b.type in types]

    def dynamic(self, name: str) -> list[Block]:
        """`dynamic "<name>"` blocks of this body."""
        return [b for b in self.blocks if b.type == "dynamic" and b.labels[:1] == (name,)]

    def get(self, name: str, default: Any = None) -> Any:
        """The raw value of an attribute, or `default` when it is absent."""
        attr = self.attributes.get(name)
        return default if attr is None else attr.value

    def has(self, name: str) -> bool:
        return name in self.attributes


@record
class Module(Block):
    """A whole file: top-level attributes (tfvars) and blocks."""

    fallback: bool = False

    def resources(self, *types: str) -> Iterator[Block]:
        """`resource` blocks, optionally only of the given types."""
        for block in self.blocks:
            if block.type == "resource" and len(block.labels) == 2 and (not types or block.labels[0] in types):
                yield block


# --- tokenizer ---------------------------------------------------------------

_TOKEN = re.compile(
    r"""
     (?P<ws>[ \t\r\f\v]+)
    |(?P<nl>\n)
    |(?P<comment>(?:\#|//)[^\n]*)
    |(?P<mcomment>/\*)
    |(?P<heredoc><<(?P<trim>-?)(?P<marker>[^\W\d][\w-]*)[ \t]*\r?\n)
    |(?P<number>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)
    |(?P<ident>[^\W\d][\w-]*)
    |(?P<op>\.\.\.|::|==|!=|<=|>=|&&|\|\||=>|[{}\[\]()=,.:?+\-*/%!<>~])
    |(?P<quote>")
    """,
    re.VERBOSE,
)
_STRING_SPECIAL = re.compile(r'["\\\n]|\$\$\{|%%\{|\$\{|%\{')
_HEREDOC_SPECIAL = re.compile(r"\$\$\{|%%\{|\$\{|%\{")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


class _Tok:
    __slots__ = ("kind", "value", "start", "end", "line", "end_line", "src")

    def __init__(self, kind: str, value: Any, start: int, end: int, line: int, end_line: int, src: str) -> None:
        self.kind = kind
        self.value = value
        self.start = start
        self.end = end
        self.line = line
        self.end_line = end_line
        self.src = src

    def __repr__(self) -> str:
        return f"_Tok({self.kind}, {self.value!r}, line {self.line})"


@record
class _Part:
    """An interpolation (`${`) or directive (`%{`) inside a template."""

    tokens: list[_Tok]
    directive: bool
    line: int


class _Lexer:
    def __init__(self, src: str, line: int = 1) -> None:
        self.src = src
        self.line = line

    def tokens(self, pos: int = 0, in_template: bool = False) -> tuple[list[_Tok], int]:
        """Tokens from `pos`; in a template, up to the `}` closing it (returns its end)."""
        src, depth = self.src, 0
        out: list[_Tok] = []
        match = _TOKEN.match
        n = len(src)
        while pos < n:
            m = match(src, pos)
            if m is None:
                raise HclError(self.line, f"unexpected character {src[pos]!r}")
            kind = m.lastgroup
            end = m.end()
            if kind == "ws" or kind == "comment":
                pos = end
                continue
            line = self.line
            if kind == "nl":
                out.append(_Tok("nl", "\n", pos, end, line, line, src))
                self.line += 1
            elif kind == "mcomment":
                close = src.find("*/", end)
                if close < 0:
                    raise HclError(line, "unterminated /* comment", definite=True)
                self.line += src.count("\n", pos, close)
                end = close + 2
            elif kind == "quote":
                parts, body, end = self._string(end)
                out.append(_Tok("string", (parts, body), pos, end, line, self.line, src))
            elif kind == "heredoc":
                parts, body, end = self._heredoc(m, end)
                out.append(_Tok("heredoc", (parts, body), pos, end, line, self.line, src))
            elif kind == "op":
                text = m.group()
                if in_template:
                    if text in "{[(":
                        depth += 1
                    elif text in "}])":
                        if text == "}" and depth == 0:
                            return out, end
                        depth -= 1
                out.append(_Tok("op", text, pos, end, line, line, src))
            else:
                out.append(_Tok(kind or "", m.group(), pos, end, line, line, src))
            pos = end
        if in_template:
            raise HclError(self.line, "unterminated ${ interpolation", definite=True)
        out.append(_Tok("eof", "", n, n, self.line, self.line, src))
        return out, n

    def _string(self, pos: int) -> tuple[list[Any], str, int]:
        src, start = self.src, pos
        parts: list[Any] = []
        buf: list[str] = []
        while True:
            m = _STRING_SPECIAL.search(src, pos)
            if m is None or m.group() == "\n":
                raise HclError(self.line, "unterminated string", definite=True)
            buf.append(src[pos:m.start()])
            special = m.group()
            pos = m.end()
            if special == '"':
                break
            if special == "\\":
                pos = self._escape(pos, buf)
            elif special in ("$${", "%%{"):
                buf.append(special[1:])
            else:
                pos = self._interpolation(pos, special, parts, buf)
        if buf and "".join(buf):
            parts.append("".join(buf))
        return parts, src[start:pos - 1], pos

    def _escape(self, pos: int, buf: list[str]) -> int:
        src = self.src
        c = src[pos:pos + 1]
        if c in _ESCAPES:
            buf.append(_ESCAPES[c])
            return pos + 1
        if c in ("u", "U"):
            width = 4 if c == "u" else 8
            digits = src[pos + 1:pos + 1 + width]
            if len(digits) == width and all(ch in "0123456789abcdefABCDEF" for ch in digits):
                buf.append(chr(int(digits, 16)) if int(digits, 16) <= 0x10FFFF else "\ufffd")
                return pos + 1 + width
        raise HclError(self.line, f"invalid escape sequence {_quote(chr(92) + c)}")

    def _interpolation(self, pos: int, special: str, parts: list[Any], buf: list[str]) -> int:
        if "".join(buf):
            parts.append("".join(buf))
            buf.clear()
        line = self.line
        tokens, pos = self.tokens(pos, in_template=True)
        parts.append(_Part(tokens, special == "%{", line))
        return pos

    def _heredoc(self, m: re.Match[str], pos: int) -> tuple[list[Any], str, int]:
        marker = m.group("marker")
        self.line += 1
        closing = re.compile(r"^[ \t]*" + re.escape(marker) + r"[ \t]*\r?$", re.MULTILINE)
        close = closing.search(self.src, pos)
        if close is None:
            raise HclError(self.line - 1, f"heredoc {_quote('<<' + marker)} is never closed", definite=True)
        body = self.src[pos:close.start()]
        first_line = self.line
        self.line += body.count("\n")
        if m.group("trim"):
            body = _dedent(body)
        parts = _Lexer(body, first_line).template_parts()
        return parts, body, close.end()

    def template_parts(self) -> list[Any]:
        """Split heredoc text (no backslash escapes) into literal and interpolation parts."""
        src, pos = self.src, 0
        parts: list[Any] = []
        buf: list[str] = []
        while True:
            m = _HEREDOC_SPECIAL.search(src, pos)
            if m is None:
                buf.append(src[pos:])
                break
            buf.append(src[pos:m.start()])
            self.line += src.count("\n", pos, m.start())
            pos = m.end()
            if m.group() in ("$${", "%%{"):
                buf.append(m.group()[1:])
            else:
                pos = self._interpolation(pos, m.group(), parts, buf)
        if buf and "".join(buf):
            parts.append("".join(buf))
        return parts


def _dedent(body: str) -> str:
    lines = body.split("\n")
    widths = [len(line) - len(line.lstrip(" \t")) for line in lines if line.strip()]
    cut = min(widths) if widths else 0
    return "\n".join(line[cut:] for line in lines)


# --- parser ------------------------------------------------------------------

_BINARY = {"||": 1, "&&": 2, "==": 3, "!=": 3, "<": 4, ">": 4, "<=": 4, ">=": 4,
           "+": 5, "-": 5, "*": 6, "/": 6, "%": 6}
_OPENERS = {"(": ")", "[": "]", "{": "}"}


class _Parser:
    def __init__(self, tokens: list[_Tok]) -> None:
        self.toks = tokens
        self.i = 0
        self.skip_nl = [False]

    # token access
    def peek(self) -> _Tok:
        if self.skip_nl[-1]:
            while self.toks[self.i].kind == "nl":
                self.i += 1
        return self.toks[self.i]

    def next(self) -> _Tok:
        tok = self.peek()
        if tok.kind != "eof":
            self.i += 1
        return tok

    def last(self) -> _Tok:
        return self.toks[max(self.i - 1, 0)]

    def is_op(self, text: str) -> bool:
        tok = self.peek()
        return tok.kind == "op" and tok.value == text

    def expect(self, text: str) -> _Tok:
        tok = self.next()
        if tok.kind != "op" or tok.value != text:
            raise HclError(tok.line, f"expected {text!r}, found {_describe(tok)}")
        return tok

    # bodies
    def body(self, into: Block, closing: bool) -> None:
        while True:
            tok = self.peek()
            if tok.kind == "nl":
                self.i += 1
                continue
            if tok.kind == "eof":
                if closing:
                    raise HclError(tok.line, f"block {_quote(into.type)} opened on line {into.line} is never closed", definite=True)
                return
            if tok.kind == "op" and tok.value == "}":
                if closing:
                    return
                raise HclError(tok.line, "unexpected '}'", definite=True)
            if tok.kind != "ident":
                raise HclError(tok.line, f"expected an attribute or block, found {_describe(tok)}")
            self.i += 1
            after = self.peek()
            if after.kind == "op" and after.value == "=":
                self.i += 1
                value = self.expr()
                self._end_of_item(tok.value)
                into.attributes[tok.value] = Attribute(tok.value, value, tok.line, self.last().end_line)
            else:
                into.blocks.append(self.block(tok))

    def block(self, name: _Tok) -> Block:
        labels = []
        while True:
            tok = self.next()
            if tok.kind == "ident":
                labels.append(tok.value)
            elif tok.kind == "string" and all(isinstance(p, str) for p in tok.value[0]):
                labels.append("".join(tok.value[0]))
            elif tok.kind == "op" and tok.value == "{":
                break
            else:
                raise HclError(tok.line, f"expected '=', a block label or '{{' after {_quote(name.value)}, found {_describe(tok)}")
        block = Block(name.value, tuple(labels), name.line)
        self.body(block, closing=True)
        block.end_line = self.expect("}").line
        self._end_of_item(name.value)
        return block

    def _end_of_item(self, name: str) -> None:
        tok = self.peek()
        if tok.kind in ("nl", "eof") or (tok.kind == "op" and tok.value == "}"):
            return
        raise HclError(tok.line, f"unexpected {_describe(tok)} after {_quote(name)} (missing newline?)")

    # expressions
    def expr(self) -> Any:
        first = self.peek()
        value = self.binary(0)
        if self.is_op("?"):
            self.i += 1
            then = self.expr()
            self.expect(":")
            otherwise = self.expr()
            text, line = self._span(first)
            return Conditional(text, line, (value, then, otherwise))
        return value

    def binary(self, min_prec: int) -> Any:
        first = self.peek()
        left = self.unary()
        chain = 0
        while True:
            tok = self.peek()
            prec = _BINARY.get(tok.value) if tok.kind == "op" else None
            if prec is None or prec < min_prec:
                break
            self.i += 1
            right = self.binary(prec + 1)
            chain += 1
            left = (left, tok.value, right)
        if not chain:
            return left
        text, line = self._span(first)
        if chain > MAX_CHAIN:  # `1 + 1 + ...` thousands long: kept as text, never evaluated
            return Opaque(text, line, "operation")
        return _chain(left, text, line)

    def unary(self) -> Any:
        tok = self.peek()
        if tok.kind == "op" and tok.value in ("-", "!"):
            self.i += 1
            operand = self.unary()
            if tok.value == "-" and isinstance(operand, (int, float)) and not isinstance(operand, bool):
                return -operand
            text, line = self._span(tok)
            return Operation(text, line, tok.value, (operand,))
        return self.postfix()

    def postfix(self) -> Any:
        first = self.peek()
        value = self.primary()
        steps: list[Any] = []
        while True:
            tok = self.peek()
            if tok.kind != "op" or tok.value not in (".", "["):
                break
            if tok.value == "[" and tok.line != self.last().end_line and not self.skip_nl[-1]:
                break
            self.i += 1
            if tok.value == ".":
                name = self.next()
                if name.kind == "ident":
                    steps.append(name.value)
                elif name.kind == "number" and name.value.isdigit() and len(name.value) <= MAX_INT_DIGITS:
                    steps.append(int(name.value))
                elif name.kind == "op" and name.value == "*":
                    return self._splat(first)
                else:
                    raise HclError(name.line, f"expected an attribute name after '.', found {_describe(name)}")
            else:
                self.skip_nl.append(True)
                if self.is_op("*"):
                    self.i += 1
                    self.expect("]")
                    self.skip_nl.pop()
                    return self._splat(first)
                steps.append(self.expr())
                self.expect("]")
                self.skip_nl.pop()
        if not steps:
            return value
        text, line = self._span(first)
        if isinstance(value, Traversal) and value.root is not None and value.text == first.value:
            return Traversal(text, line, value.root, None, tuple(steps))
        return Traversal(text, line, None, value, tuple(steps))

    def _splat(self, first: _Tok) -> Opaque:
        while True:  # the rest of a splat traversal is part of it
            tok = self.peek()
            if tok.kind == "op" and tok.value == ".":
                self.i += 1
                self.next()
            elif tok.kind == "op" and tok.value == "[":
                self.i += 1
                self.skip_nl.append(True)
                self.expr()
                self.expect("]")
                self.skip_nl.pop()
            else:
                return self._opaque(first, "splat")

    def primary(self) -> Any:
        tok = self.next()
        kind = tok.kind
        if kind == "number":
            text = tok.value
            # float() has no digit limit; int() refuses more than 4300 digits
            return int(text) if text.isdigit() and len(text) <= MAX_INT_DIGITS else float(text)
        if kind in ("string", "heredoc"):
            return self._template(tok)
        if kind == "ident":
            name = tok.value
            if name in ("true", "false"):
                return name == "true"
            if name == "null":
                return None
            after = self.peek()
            if after.kind == "op" and after.value == "::":
                while self.is_op("::"):
                    self.i += 1
                    part = self.next()
                    if part.kind != "ident":
                        raise HclError(part.line, "expected a name after '::'")
                    name += "::" + part.value
                after = self.peek()
            if after.kind == "op" and after.value == "(" and after.line == tok.line:
                return self._call(tok, name)
            return Traversal(name, tok.line, name, None, ())
        if kind == "op":
            if tok.value == "(":
                self.skip_nl.append(True)
                value = self.expr()
                self.expect(")")
                self.skip_nl.pop()
                return value
            if tok.value == "[":
                return self._tuple(tok)
            if tok.value == "{":
                return self._object(tok)
        raise HclError(tok.line, f"expected an expression, found {_describe(tok)}")

    def _call(self, first: _Tok, name: str) -> Call:
        self.expect("(")
        self.skip_nl.append(True)
        args, expand = [], False
        while not self.is_op(")"):
            args.append(self.expr())
            if self.is_op("..."):
                self.i += 1
                expand = True
            if not self.is_op(")"):
                self.expect(",")
        self.expect(")")
        self.skip_nl.pop()
        text, line = self._span(first)
        return Call(text, line, name, tuple(args), expand)

    def _is_for(self) -> bool:
        tok = self.peek()
        if tok.kind != "ident" or tok.value != "for":
            return False
        j = self.i + 1
        while self.toks[j].kind == "nl":
            j += 1
        return self.toks[j].kind == "ident"

    def _skip_balanced(self, opener: _Tok) -> None:
        depth = 1
        while depth:
            tok = self.next()
            if tok.kind == "eof":
                raise HclError(opener.line, f"{opener.value!r} is never closed", definite=True)
            if tok.kind == "op":
                if tok.value in _OPENERS:
                    depth += 1
                elif tok.value in (")", "]", "}"):
                    depth -= 1

    def _comprehension(self, opener: _Tok) -> Any:
        """A `[for ...]` / `{for ...}` after its opener: skipped whole, an opaque value; None
        when the bracket holds no `for` (newlines stay ignored inside it either way)."""
        self.skip_nl.append(True)
        if not self._is_for():
            return None
        self._skip_balanced(opener)
        self.skip_nl.pop()
        return self._opaque(opener, "for")

    def _tuple(self, opener: _Tok) -> Any:
        comprehension = self._comprehension(opener)
        if comprehension is not None:
            return comprehension
        items = []
        while not self.is_op("]"):
            items.append(self.expr())
            if not self.is_op("]"):
                self.expect(",")
        self.expect("]")
        self.skip_nl.pop()
        return items

    def _object(self, opener: _Tok) -> Any:
        comprehension = self._comprehension(opener)
        if comprehension is not None:
            return comprehension
        items: list[tuple[Any, Any]] = []
        while not self.is_op("}"):
            key_tok = self.peek()
            key = self.expr()
            if isinstance(key, Traversal) and key.root is not None and not key.steps and key_tok.kind == "ident":
                key = key.root  # a bare name is a literal key
            sep = self.next()
            if sep.kind != "op" or sep.value not in ("=", ":"):
                raise HclError(sep.line, f"expected '=' or ':' after an object key, found {_describe(sep)}")
            items.append((key, self.expr()))
            if self.is_op(","):
                self.i += 1
        self.expect("}")
        self.skip_nl.pop()
        if all(isinstance(k, str) for k, _ in items):
            obj = Object(items)
            obj.line = opener.line
            return obj
        text, line = self._span(opener)
        return ObjectExpr(text, line, tuple(items))

    def _template(self, tok: _Tok) -> Any:
        parts, body = tok.value
        if all(isinstance(p, str) for p in parts):
            return "".join(parts)
        values: list[Any] = []
        directive = False
        for part in parts:
            if isinstance(part, str):
                values.append(part)
                continue
            tokens = part.tokens
            if tokens and tokens[0].kind == "op" and tokens[0].value == "~":
                tokens, directive = tokens[1:], True
            if tokens and tokens[-1].kind == "op" and tokens[-1].value == "~":
                tokens, directive = tokens[:-1], True
            if part.directive:
                directive = True
                values.append(Opaque(_tokens_text(tokens), part.line, "directive"))
                continue
            end = tokens[-1] if tokens else None
            sub = _Parser(tokens + [_Tok("eof", "", end.end if end else 0, end.end if end else 0, part.line, part.line, "")])
            sub.skip_nl = [True]
            value = sub.expr()
            if sub.peek().kind != "eof":
                raise HclError(sub.peek().line, f"unexpected {_describe(sub.peek())} in interpolation")
            values.append(value)
        text, line = self._span(tok)
        return Template(text, line, tuple(values), directive, tok.kind == "heredoc", body)

    def _span(self, first: _Tok) -> tuple[str, int]:
        last = self.last()
        if last.src is first.src:
            return first.src[first.start:last.end], first.line
        return first.value if isinstance(first.value, str) else "", first.line

    def _opaque(self, first: _Tok, kind: str) -> Opaque:
        text, line = self._span(first)
        return Opaque(text, line, kind)


MAX_CHAIN = 64
"""Longest run of binary operators at one precedence level that is kept evaluable."""


def _chain(node: Any, text: str, line: int) -> Any:
    """Operations from the parser's (left, op, right) triples; the text of an inner one is
    the whole chain's (only its value is ever used)."""
    if not isinstance(node, tuple):
        return node
    left, op, right = node
    return Operation(text, line, op, (_chain(left, text, line), right))


def _tokens_text(tokens: Sequence[_Tok]) -> str:
    if not tokens:
        return ""
    return tokens[0].src[tokens[0].start:tokens[-1].end]


def _describe(tok: _Tok) -> str:
    if tok.kind == "eof":
        return "end of file"
    if tok.kind == "nl":
        return "end of line"
    if tok.kind in ("string", "heredoc"):
        return "string"
    return _quote(tok.value)


def _quote(text: str) -> str:
    """Text from the file for an error message: secret-shaped parts masked, control
    characters escaped, length bounded (a stray pasted token may be a credential)."""
    from sechooks.engines.secrets import redact

    return "'" + redact(text, 40) + "'"


def parse_fast(text: str) -> Module:
    """Parse with the built-in reader only; `HclError` on anything it cannot read."""
    tokens, _ = _Lexer(text).tokens()
    module = Module("", (), 1)
    _Parser(tokens).body(module, closing=False)
    module.end_line = text.count("\n") + 1
    return module


def parse_expression(text: str, line: int = 1) -> Any:
    """Parse one expression (e.g. the inside of a `${...}` that python-hcl2 returned)."""
    tokens, _ = _Lexer(text, line).tokens()
    parser = _Parser(tokens)
    parser.skip_nl = [True]
    value = parser.expr()
    if parser.peek().kind != "eof":
        raise HclError(parser.peek().line, f"unexpected {_describe(parser.peek())}")
    return value


FALLBACK_MAX_CHARS = 64 * 1024
"""python-hcl2 costs ~12 us a character (25 s for 2 MB): larger files get the fast reader's error."""
MAX_INT_DIGITS = 18


def parse(text: str) -> Module:
    """Parse HCL text; python-hcl2 gets the file only when the fast reader fails on
    syntax it may not know, and only up to `FALLBACK_MAX_CHARS`.

    Raises the fast reader's `HclError` (its line and message belong together) when
    neither can read the text.
    """
    try:
        return parse_fast(text)
    except HclError as e:
        error = e
    except RecursionError:
        error = HclError(1, "nesting too deep")
    if error.definite or len(text) > FALLBACK_MAX_CHARS:
        raise error
    try:
        return parse_fallback(text)
    except (HclError, ImportError):  # ImportError: python-hcl2 8.x missing or shadowed
        raise error from None


# --- python-hcl2 fallback ----------------------------------------------------

@functools.lru_cache(maxsize=1)
def _hcl2_parser() -> Any:
    import hcl2.parser
    import hcl2.version
    from lark import Lark, __version__ as lark_version
    from hcl2.postlexer import PostLexer

    name = f"hcl2-{hcl2.version.__version__}-lark-{lark_version}.cache"
    cache = _cache_file(cache_dir(), name)
    # lark checks the grammar's hash stored in the cache file, so a stale file is rebuilt.
    parser = Lark.open(
        "hcl2.lark",
        parser="lalr",
        cache=cache or False,
        rel_to=hcl2.parser.__file__,
        propagate_positions=True,
        postlex=PostLexer(),
    )
    if cache is not None:
        try:
            os.chmod(cache, 0o600)
        except OSError:
            pass
    return parser


def hcl2_loads(text: str) -> dict[str, Any]:
    """python-hcl2 8.x `loads` with our options (plus explicit block markers)."""
    from hcl2.api import serialize, transform  # type: ignore[attr-defined]
    from hcl2.utils import SerializationOptions
    from lark.exceptions import LarkError, UnexpectedInput

    options = SerializationOptions(
        strip_string_quotes=True, preserve_heredocs=False, explicit_blocks=True, with_comments=False,
    )
    try:
        tree = _hcl2_parser().parse(text + "\n")
        result: dict[str, Any] = serialize(transform(tree), serialization_options=options)
    except UnexpectedInput as e:
        raise HclError(getattr(e, "line", 1) or 1, _lark_message(e)) from None
    except (LarkError, RuntimeError, ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError) as e:
        raise HclError(1, f"python-hcl2 could not read the file ({type(e).__name__})") from None
    return result


def _lark_message(error: Exception) -> str:
    token = getattr(error, "token", None)
    if token is not None and str(token).strip():
        return f"unexpected {_quote(str(token).strip())}"
    return "invalid HCL syntax"


def parse_fallback(text: str) -> Module:
    """Parse with python-hcl2 and rebuild our model, locating lines in the raw text."""
    data = hcl2_loads(text)
    locator = _Locator(text)
    module = Module("", (), 1, text.count("\n") + 1, fallback=True)
    _fill(module, data, locator, 0, len(text))
    return module


class _Locator:
    """Finds the lines of blocks and attributes python-hcl2 did not give us."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line_of(self, pos: int) -> int:
        lo, hi = 0, len(self.starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.starts[mid] <= pos:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1

    def find(self, pattern: str, start: int, end: int) -> tuple[int, int] | None:
        m = re.compile(pattern, re.MULTILINE).search(self.text, start, end)
        return (m.start(1), m.end()) if m else None

    def block_end(self, brace: int) -> int:
        """Offset just after the `}` matching the `{` before `brace` (strings/comments skipped)."""
        depth, i, text = 1, brace, self.text
        while i < len(text) and depth:
            c = text[i]
            if c == '"':
                i += 1
                while i < len(text) and text[i] not in '"\n':
                    i += 2 if text[i] == "\\" else 1
            elif c == "#" or text.startswith("//", i):
                i = text.find("\n", i)
                i = len(text) if i < 0 else i
                continue
            elif c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
            i += 1
        return i


def _label_pattern(label: str) -> str:
    return r'\s+(?:"' + re.escape(label) + r'"|' + re.escape(label) + r")"


def _fill(body: Block, data: Mapping[str, Any], loc: _Locator, start: int, end: int) -> None:
    cursor = start
    for key, value in data.items():
        if key == "__is_block__":
            continue
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value) and _holds_blocks(value):
            for item in value:
                for labels, content in _labelled(item):
                    pattern = r"^[ \t]*(" + re.escape(key) + r")" + "".join(_label_pattern(lab) for lab in labels) + r"\s*\{"
                    found = loc.find(pattern, cursor, end) or loc.find(pattern, start, end)
                    b_start, brace = found if found else (cursor, cursor)
                    b_end = loc.block_end(brace) if found else cursor
                    block = Block(key, labels, loc.line_of(b_start), loc.line_of(max(b_end - 1, b_start)))
                    _fill(block, content, loc, brace, b_end)
                    body.blocks.append(block)
                    cursor = max(cursor, b_end)
        else:
            found = loc.find(r"^[ \t]*(" + re.escape(key) + r")\s*=", start, end)
            line = loc.line_of(found[0]) if found else body.line
            body.attributes[key] = Attribute(key, _convert(value, line), line, line)


def _holds_blocks(items: list[Any]) -> bool:
    def is_block(d: Any) -> bool:
        if not isinstance(d, dict):
            return False
        if d.get("__is_block__"):
            return True
        return len(d) == 1 and is_block(next(iter(d.values())))
    return all(is_block(d) for d in items)


def _labelled(item: Mapping[str, Any], labels: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Mapping[str, Any]]]:
    if item.get("__is_block__"):
        yield labels, item
        return
    for label, inner in item.items():
        if isinstance(inner, dict):
            yield from _labelled(inner, labels + (label,))


_WHOLE_EXPR = re.compile(r"^\$\{(.*)\}$", re.DOTALL)


def _convert(value: Any, line: int) -> Any:
    """python-hcl2 values to ours: `${...}` strings become parsed expressions."""
    if isinstance(value, dict):
        obj = Object((k, _convert(v, line)) for k, v in value.items() if k != "__is_block__")
        obj.line = line
        return obj
    if isinstance(value, list):
        return [_convert(v, line) for v in value]
    if not isinstance(value, str) or "${" not in value and "%{" not in value:
        return value
    whole = _WHOLE_EXPR.match(value)
    if whole and _balanced_single(value):
        try:
            return parse_expression(whole.group(1), line)
        except (HclError, RecursionError):
            return Opaque(whole.group(1), line, "unparsed")
    try:
        parts = _Lexer(value, line).template_parts()
    except HclError:
        return Opaque(value, line, "unparsed")
    tok = _Tok("heredoc", (parts, value), 0, len(value), line, line, value)
    try:
        return _Parser([tok])._template(tok)
    except (HclError, RecursionError):
        return Opaque(value, line, "unparsed")


def _balanced_single(value: str) -> bool:
    """True when `${` at the start closes at the very end (one interpolation, no text)."""
    try:
        _, end = _Lexer(value).tokens(2, in_template=True)
    except HclError:
        return False
    return end == len(value)


# --- value resolution ----------------------------------------------------------

MAX_DEPTH = 10
MAX_ITEMS = 10_000
"""Largest value (list items and object entries, counted through nesting) the resolver builds."""
MAX_CHARS = 100_000
"""Longest string the resolver builds (templates, joined parts)."""
BUDGET_BASE = 1_000_000
"""Work units one checked file may spend resolving, plus `BUDGET_PER_CHAR` per character
of it: a value read through `var.`/`local.` costs its size, each produced list item 1,
each 64 characters of a built string 1. Past it, values are UNKNOWN."""
BUDGET_PER_CHAR = 8
_SKIP_DIRS = (".terraform", ".terragrunt-cache")

if TYPE_CHECKING:
    from typing import Protocol

    class Related(Protocol):
        """How the resolver reads a module's other files (`cli.Context` provides it)."""

        def read_related(self, path: str) -> Any: ...

        def list_related(self, directory: str) -> list[str]: ...

        def notice(self, message: str) -> None: ...


class DirectoryScope:
    """The `variable` defaults, `locals` and tfvars of one module directory.

    Built once per run and directory (see `directory_scope`); every entry keeps the
    file it came from, so the file being checked can stand in for its own copy.
    """

    def __init__(self) -> None:
        self.defaults: dict[str, tuple[str, Any]] = {}
        self.declared: dict[str, str] = {}
        self.locals: dict[str, tuple[str, Any]] = {}
        self.tfvars: dict[str, Any] = {}

    def add_module(self, origin: str, module: Module) -> None:
        for block in module.blocks:
            if block.type == "variable" and block.labels:
                self.declared.setdefault(block.labels[0], origin)
                if block.has("default"):
                    self.defaults.setdefault(block.labels[0], (origin, block.get("default")))
            elif block.type == "locals":
                for name, attr in block.attributes.items():
                    self.locals.setdefault(name, (origin, attr.value))

    def add_tfvars(self, module: Module) -> None:
        for name, attr in module.attributes.items():
            self.tfvars[name] = attr.value


_RUN_SCOPES: dict[int, dict[str, DirectoryScope]] = {}


def _scopes_of(related: Related) -> dict[str, DirectoryScope]:
    """The directory scopes of one run (one `related` object), dropped with it."""
    key = id(related)
    scopes = _RUN_SCOPES.get(key)
    if scopes is None:
        import weakref

        scopes = _RUN_SCOPES[key] = {}
        try:
            weakref.finalize(related, _RUN_SCOPES.pop, key, None)
        except TypeError:  # not weak-referenceable: no reuse across files
            del _RUN_SCOPES[key]
    return scopes


_RUN_MODULES: dict[int, dict[str, list[tuple[str, Module]]]] = {}


def module_directory(directory: str, related: Related) -> list[tuple[str, Module]]:
    """Every parseable `*.tf` file of a module directory as (path, module), read through
    `related` like siblings (inside the repository, within the size cap) and parsed once
    per run. A broken file is left out (checking it directly reports it)."""
    key = id(related)
    cache = _RUN_MODULES.get(key)
    if cache is None:
        import weakref

        cache = _RUN_MODULES[key] = {}
        try:
            weakref.finalize(related, _RUN_MODULES.pop, key, None)
        except TypeError:
            del _RUN_MODULES[key]
    origin = _origin(directory or ".")
    found = cache.get(origin)
    if found is None:
        found = cache[origin] = []
        if os.path.basename(os.path.normpath(directory or ".")) not in _SKIP_DIRS:
            tf, _ = module_files(related.list_related(directory))
            for path in tf:
                text = _related_text(path, related)
                module = _parse_quietly(text) if text is not None else None
                if module is not None:
                    found.append((path, module))
    return found


def local_source(source: Any) -> bool:
    """Whether a module `source` is a local path (`./x`, `../x`): registry, git and URL
    sources are not followed."""
    return isinstance(source, str) and source.replace("\\", "/").startswith(("./", "../"))


_VAR_REF = re.compile(r"(?<![\w.-])(var|local)\.([A-Za-z_][\w-]*)")


def _origin(path: str) -> str:
    return os.path.normpath(os.path.abspath(path))


def module_files(names: Sequence[str]) -> tuple[list[str], list[str]]:
    """`*.tf` and tfvars files (terraform.tfvars first, then *.auto.tfvars sorted) among paths."""
    ordered = sorted(names)
    base = os.path.basename
    tf = [p for p in ordered if p.endswith(".tf")]
    tfvars = [p for p in ordered if base(p) == "terraform.tfvars"]
    tfvars += [p for p in ordered if p.endswith(".auto.tfvars")]
    return tf, tfvars


def directory_scope(directory: str, related: Related) -> DirectoryScope:
    """The scope of a module directory: each sibling read through `related` (regular files
    inside the repository, within the size cap, from the index under --staged) and parsed
    once per run."""
    scopes = _scopes_of(related)
    key = _origin(directory or ".")
    scope = scopes.get(key)
    if scope is not None:
        return scope
    scope = scopes[key] = DirectoryScope()
    if os.path.basename(os.path.normpath(directory or ".")) in _SKIP_DIRS:
        return scope
    tf, tfvars = module_files(related.list_related(directory))
    for path in tf:
        text = _related_text(path, related)
        if text is None or ("variable" not in text and "locals" not in text):
            continue  # nothing the resolver needs: skip the parse
        module = _parse_quietly(text)
        if module is not None:
            scope.add_module(_origin(path), module)
    for path in tfvars:
        text = _related_text(path, related)
        module = _parse_quietly(text) if text is not None else None
        if module is not None:
            scope.add_tfvars(module)
    return scope


def _related_text(path: str, related: Related) -> str | None:
    source = related.read_related(path)
    if source.text is None:
        why = source.error or source.skip or "not read"
        related.notice(f"{path}: not used to resolve values: {why}")
    text: str | None = source.text
    return text


def _parse_quietly(text: str) -> Module | None:
    """A sibling's module, or None when it is broken (its own check reports that)."""
    try:
        return parse(text)
    except HclError:
        return None


def parse_in_module(path: str, text: str, related: Related) -> tuple[Module, Resolver]:
    """Parse one file and build the resolver of its module directory (sibling `*.tf`,
    tfvars, read through `related`); raises HclError."""
    module = parse(text)
    return module, Resolver.for_directory(os.path.dirname(path), path, module, related, len(text))


class _Budget(Exception):
    """The resolution budget of a file is spent."""


_MISSING: Any = object()


class Resolver:
    """Resolves values in module scope: literals, `var.X`, `local.X`, list functions, interpolation.

    `resolve(value, scope)` returns plain Python data or `UNKNOWN`. A list may hold
    `UNKNOWN` items (an unknown part of a list, e.g. `concat(["10.0.0.0/8"], var.x)`),
    so callers can still see a known `0.0.0.0/0` next to an unknown entry.
    `scope` maps iterator names (`ingress`, `each`) to values for dynamic blocks.

    Every expansion is bounded: a value over `MAX_ITEMS` items or a string over
    `MAX_CHARS` characters is UNKNOWN, and so is everything once the file's work
    budget is spent; `bounded` then says which limit was hit first and
    `bounded_line` the line of the value being resolved.
    """

    FUNCTIONS = ("tolist", "toset", "concat", "flatten", "distinct", "length")

    def __init__(
        self,
        modules: Iterable[Module] = (),
        tfvars: Iterable[Module] = (),
        *,
        scope: DirectoryScope | Callable[[], DirectoryScope] | None = None,
        current: Module | None = None,
        current_origin: str = "",
        budget: int = BUDGET_BASE,
        bound: Mapping[str, Any] | None = None,
    ) -> None:
        self._scope_source = scope
        # a child module's variables as its caller passes them (resolved values); its
        # tfvars are then not read, as Terraform reads them only for the root module
        self._bound = bound
        self._given = (modules, tfvars)
        self._current = current
        self._current_origin = current_origin
        self._scope: DirectoryScope | None = None
        self._own: DirectoryScope | None = None
        self._memo: dict[tuple[str, int], tuple[Any, int]] = {}
        self.budget = budget
        self.bounded: str | None = None
        self.bounded_line = 0
        self._line = 0

    @classmethod
    def for_directory(cls, directory: str, current_path: str | None, current: Module | None,
                      related: Related, size: int = 0) -> Resolver:
        """Module scope of `directory`; `current` (the file being checked) replaces its own copy."""
        return cls(
            scope=lambda: directory_scope(directory, related),
            current=current,
            current_origin=_origin(current_path) if current_path else "",
            budget=BUDGET_BASE + BUDGET_PER_CHAR * size,
        )

    def _load(self) -> tuple[DirectoryScope, DirectoryScope]:
        if self._scope is None or self._own is None:
            source = self._scope_source
            if source is None:
                scope = DirectoryScope()
                modules, tfvars = self._given
                for module in modules:
                    scope.add_module("", module)
                for tfvar in tfvars:
                    scope.add_tfvars(tfvar)
            else:
                scope = source() if callable(source) else source
            own = DirectoryScope()
            if self._current is not None:
                own.add_module(self._current_origin, self._current)
            self._scope, self._own = scope, own
        return self._scope, self._own

    def _lookup(self, root: str, name: str) -> Any:
        scope, own = self._load()
        if root == "var":
            if self._bound is not None:
                if name in self._bound:
                    return self._bound[name]
            elif name in scope.tfvars:
                return scope.tfvars[name]
            mine, theirs = own.defaults, scope.defaults
        else:
            mine, theirs = own.locals, scope.locals
        if name in mine:
            return mine[name][1]
        origin, value = theirs.get(name, ("", _MISSING))
        if value is not _MISSING and origin and origin == self._current_origin:
            return _MISSING  # the disk/index copy of the file being checked: its text wins
        return value

    def references(self, value: Any, limit: int = 1000) -> set[str]:
        """The variables a raw value (or a Block) depends on, through `local.` values."""
        found: set[str] = set()
        seen: set[str] = set()
        stack = [value]
        while stack and len(seen) < limit:
            item = stack.pop()
            if isinstance(item, Block):
                stack.extend(a.value for a in item.attributes.values())
                stack.extend(item.blocks)
            elif isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                stack.extend(item.values())
            elif isinstance(item, Expr):
                for root, name in _VAR_REF.findall(item.text):
                    if root == "var":
                        found.add(name)
                    elif name not in seen:
                        seen.add(name)
                        raw = self._lookup("local", name)
                        if raw is not _MISSING:
                            stack.append(raw)
        return found

    @property
    def declared(self) -> set[str]:
        scope, own = self._load()
        return set(scope.declared) | set(own.declared) | set(scope.tfvars)

    def resolve(self, value: Any, scope: Mapping[str, Any] | None = None) -> Any:
        """Plain Python data for `value`, or `UNKNOWN`."""
        if self.budget < 0:
            return UNKNOWN
        self._line = getattr(value, "line", 0)
        try:
            return self._eval(value, dict(scope or {}), 0, frozenset())
        except _Budget:
            return UNKNOWN

    def _limit(self, reason: str) -> None:
        if self.bounded is None:
            self.bounded, self.bounded_line = reason, self._line

    def _spend(self, units: int) -> None:
        self.budget -= units
        if self.budget < 0:
            self._limit("the work budget for expanding values was spent")
            raise _Budget

    def _eval(self, value: Any, scope: dict[str, Any], depth: int, seen: frozenset[str]) -> Any:
        if value is UNKNOWN or value is None or isinstance(value, (bool, int, float, str)):
            return value
        if depth > MAX_DEPTH:
            return UNKNOWN
        if not self._line and isinstance(value, Expr):
            self._line = value.line  # a list or object literal has no line of its own
        self._spend(1)
        if isinstance(value, list):
            return self._bounded([self._eval(v, scope, depth, seen) for v in value])
        if isinstance(value, dict):
            return self._bounded({k: self._eval(v, scope, depth, seen) for k, v in value.items()})
        if isinstance(value, Traversal):
            return self._traversal(value, scope, depth, seen)
        if isinstance(value, Call):
            return self._call(value, scope, depth, seen)
        if isinstance(value, Template):
            return self._template(value, scope, depth, seen)
        if isinstance(value, Conditional):
            condition = _as_bool(self._eval(value.parts[0], scope, depth, seen))
            if condition is UNKNOWN:
                return UNKNOWN
            return self._eval(value.parts[1] if condition else value.parts[2], scope, depth, seen)
        if isinstance(value, Operation):
            return _operate(value.op, [self._eval(v, scope, depth, seen) for v in value.operands])
        if isinstance(value, ObjectExpr):
            out = {}
            for k, v in value.items:
                key = self._eval(k, scope, depth, seen)
                if not isinstance(key, str):
                    return UNKNOWN
                out[key] = self._eval(v, scope, depth, seen)
            return self._bounded(out)
        return UNKNOWN

    def _bounded(self, value: Any) -> Any:
        """`value`, or UNKNOWN when it holds more than MAX_ITEMS items (nesting counted)."""
        if _size(value, MAX_ITEMS) > MAX_ITEMS:
            self._limit(f"a value grew past {MAX_ITEMS} items")
            return UNKNOWN
        return value

    def _named(self, root: str, name: str, depth: int, seen: frozenset[str]) -> Any:
        """`var.name` / `local.name`, evaluated once per depth (shared values are not re-expanded)."""
        key = f"{root}.{name}"
        if key in seen:
            return UNKNOWN
        memo = self._memo.get((key, depth))
        if memo is None:
            raw = self._lookup(root, name)
            if raw is _MISSING:
                return UNKNOWN
            value = self._eval(raw, {}, depth + 1, seen | {key})
            memo = self._memo[(key, depth)] = (value, _size(value, MAX_ITEMS + 1))
        value, size = memo
        self._spend(size)  # every use is walked again by whoever reads it
        return value

    def _traversal(self, ref: Traversal, scope: dict[str, Any], depth: int, seen: frozenset[str]) -> Any:
        steps = list(ref.steps)
        if ref.root is None:
            current = self._eval(ref.base, scope, depth, seen)
        elif ref.root in scope:
            current = scope[ref.root]
        elif ref.root in ("var", "local") and steps and isinstance(steps[0], str):
            current = self._named(ref.root, steps.pop(0), depth, seen)
        else:
            return UNKNOWN
        for step in steps:
            if current is UNKNOWN:
                return UNKNOWN
            if not isinstance(step, str):
                step = self._eval(step, scope, depth, seen)
            current = _index(current, step)
        return current

    def _call(self, call: Call, scope: dict[str, Any], depth: int, seen: frozenset[str]) -> Any:
        if call.name not in self.FUNCTIONS or call.expand:
            return UNKNOWN
        args = [self._eval(a, scope, depth, seen) for a in call.args]
        if call.name == "length":
            if len(args) != 1 or _has_unknown(args[0]) or not isinstance(args[0], (list, dict, str)):
                return UNKNOWN
            return len(args[0])
        if call.name in ("tolist", "toset", "distinct", "flatten"):
            if len(args) != 1:
                return UNKNOWN
            items = _as_list(args[0])
            if items is UNKNOWN:
                return UNKNOWN
            if call.name == "flatten":
                items = _flatten(items)
            elif call.name != "tolist":
                items = _distinct(items)
            self._spend(len(items))
            return self._bounded(items)
        out: list[Any] = []
        for arg in args:  # concat
            items = _as_list(arg)
            out.extend([UNKNOWN] if items is UNKNOWN else items)
            self._spend(len(items) if items is not UNKNOWN else 1)
            if len(out) > MAX_ITEMS:
                self._limit(f"a value grew past {MAX_ITEMS} items")
                return UNKNOWN
        return self._bounded(out)

    def _template(self, template: Template, scope: dict[str, Any], depth: int, seen: frozenset[str]) -> Any:
        if template.directive:
            return UNKNOWN
        out = []
        length = 0
        for part in template.parts:
            if isinstance(part, str):
                text = part
            else:
                value = self._eval(part, scope, depth, seen)
                if isinstance(value, bool):
                    text = "true" if value else "false"
                elif isinstance(value, str):
                    text = value
                elif isinstance(value, (int, float)):
                    text = _number_text(value)
                else:
                    return UNKNOWN
            length += len(text)
            if length > MAX_CHARS:
                self._limit(f"a string grew past {MAX_CHARS} characters")
                return UNKNOWN
            out.append(text)
        self._spend(length // 64)
        return "".join(out)


def _has_unknown(value: Any) -> bool:
    if value is UNKNOWN:
        return True
    if isinstance(value, list):
        return any(_has_unknown(v) for v in value)
    if isinstance(value, dict):
        return any(_has_unknown(v) for v in value.values())
    return False


def _as_bool(value: Any) -> Any:
    """A condition as Terraform converts it: a bool, or the strings "true"/"false"."""
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    return UNKNOWN


def _as_number(value: Any) -> Any:
    if isinstance(value, bool):
        return UNKNOWN
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        try:
            number = float(value) if len(value) <= 40 else None
        except ValueError:
            return UNKNOWN
        if number is None or number != number or number in (float("inf"), float("-inf")):
            return UNKNOWN
        return int(number) if number.is_integer() and "." not in value and "e" not in value.lower() else number
    return UNKNOWN


def _operate(op: str, operands: list[Any]) -> Any:
    """The value of `op` over known operands (Terraform's rules for bools, numbers and
    equality), UNKNOWN otherwise."""
    if any(_has_unknown(v) for v in operands):
        return UNKNOWN
    if op == "!":
        value = _as_bool(operands[0])
        return UNKNOWN if value is UNKNOWN else not value
    if len(operands) == 1:  # unary minus
        number = _as_number(operands[0])
        return UNKNOWN if number is UNKNOWN else -number
    left, right = operands
    if op in ("==", "!="):
        same = type(left) is type(right) and left == right  # 1 == true, "1" == 1 are false in Terraform
        if isinstance(left, (int, float)) and isinstance(right, (int, float)) and not isinstance(left, bool) \
                and not isinstance(right, bool):
            same = left == right
        return same if op == "==" else not same
    if op in ("&&", "||"):
        a, b = _as_bool(left), _as_bool(right)
        if a is UNKNOWN or b is UNKNOWN:
            return UNKNOWN
        return (a and b) if op == "&&" else (a or b)
    a, b = _as_number(left), _as_number(right)
    if a is UNKNOWN or b is UNKNOWN:
        return UNKNOWN
    if op in ("<", ">", "<=", ">="):
        return {"<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[op]
    if op in ("/", "%") and b == 0:
        return UNKNOWN
    result = {"+": lambda: a + b, "-": lambda: a - b, "*": lambda: a * b, "/": lambda: a / b,
              "%": lambda: a % b}.get(op)
    if result is None:
        return UNKNOWN
    value = result()
    if isinstance(value, float) and (value != value or abs(value) > 1e18):
        return UNKNOWN
    if isinstance(value, int) and abs(value) >= 10 ** MAX_INT_DIGITS:
        return UNKNOWN
    return value


def _number_text(value: int | float) -> str:
    if isinstance(value, int) and abs(value) >= 10 ** MAX_INT_DIGITS:
        return str(float(value))  # int -> str also stops at 4300 digits
    return str(value)


def _size(value: Any, limit: int) -> int:
    """Items in a value, nesting counted, plus 1 per 64 characters of its strings; stops past `limit`."""
    total = 0
    stack = [value]
    while stack and total <= limit:
        item = stack.pop()
        total += 1
        if isinstance(item, str):
            total += len(item) // 64
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
    return total


def _index(current: Any, key: Any) -> Any:
    if isinstance(current, dict) and isinstance(key, str):
        return current.get(key, UNKNOWN)
    if isinstance(current, list) and isinstance(key, int) and not isinstance(key, bool):
        if 0 <= key < len(current):
            return current[key]
    if isinstance(current, list) and isinstance(key, str) and key.isascii() and key.isdigit() and len(key) <= MAX_INT_DIGITS:
        return _index(current, int(key))
    return UNKNOWN


def _as_list(value: Any) -> Any:
    if isinstance(value, list):
        return value
    return UNKNOWN


def _flatten(items: list[Any]) -> list[Any]:
    out: list[Any] = []
    stack: list[Any] = [iter(items)]
    while stack and len(out) <= MAX_ITEMS:
        item = next(stack[-1], _MISSING)
        if item is _MISSING:
            stack.pop()
        elif isinstance(item, list):
            stack.append(iter(item))
        else:
            out.append(item)
    return out


def _distinct(items: list[Any]) -> list[Any]:
    out: list[Any] = []
    seen: set[tuple[type, Any]] = set()
    others: list[Any] = []  # unhashable items (lists, objects): compared one by one
    for item in items:
        if item is UNKNOWN:
            out.append(item)
            continue
        try:
            key = (float if isinstance(item, (bool, int, float)) else type(item), item)
            if key in seen:
                continue
            seen.add(key)
        except TypeError:
            if item in others:
                continue
            others.append(item)
        out.append(item)
    return out


def describe(value: Any, limit: int = 200) -> str:
    """Short source text of a value, for messages (`var.cidr`, `"0.0.0.0/0"`); at most about `limit` characters."""
    if isinstance(value, Expr):
        return value.text[:limit]
    if isinstance(value, str):
        return f'"{value[:limit]}"'
    if isinstance(value, list):
        parts: list[str] = []
        used = 2
        for item in value:
            if used > limit:
                parts.append("...")
                break
            parts.append(describe(item, limit - used))
            used += len(parts[-1]) + 2
        return "[" + ", ".join(parts) + "]"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return _number_text(value)[:limit]
    return str(value)[:limit]
