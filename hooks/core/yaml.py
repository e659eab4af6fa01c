"""One YAML loader with line numbers, for every YAML hook (Kubernetes, GitHub Actions,
docker-compose, CloudFormation).

PyYAML is imported inside `load`, never at import time: call it only after a cheap text
pre-filter has said the file matters (`"apiVersion" in text`), so a commit with no YAML
to check pays nothing for it. The C parser (libyaml) is used where PyYAML ships it.

What a hook gets:
- `load(text)` -> a list of `Document`s, one per YAML document of a multi-document file.
  A document that does not parse is a `Document` with `error` set (and the line of the
  problem); the other documents of the file are still loaded, so one broken document
  never hides the rest.
- Mappings are `Map` (a `dict` of str keys), sequences `Seq` (a `list`); both know their
  own line (`.line`, 1-based) and the line of every key and value (`Map.key_line(k)`,
  `Map.value_line(k)`, `Seq.item_line(i)`). Scalars are plain Python values (str, int,
  float, bool, None), resolved as YAML 1.1 does (PyYAML's resolver: `yes`/`on` are True)
  EXCEPT mapping keys, which stay the text as written: `on:` in a GitHub workflow is the
  key "on", not True.
- Values under a tag the loader does not know (`!Ref x`, `!GetAtt a.b`, `!Sub [...]`,
  `!Base64`, custom tags) are `Tagged(tag, value, line)`: never an error.
- Merge keys (`<<: *defaults`, `<<: [*a, *b]`) are applied (explicit keys win); anchors
  and aliases share one object. A file whose aliases expand beyond `MAX_NODES` nodes (the
  "billion laughs"), or that nests deeper than `MAX_DEPTH`, or whose aliases are recursive,
  is a document error, not a hang.
- Error messages never quote the file's text beyond a short, printable excerpt.
"""
from __future__ import annotations

import re
TYPE_CHECKING = False  # typing costs ~5 ms to import; annotations are strings
if TYPE_CHECKING:
    from typing import Any, Iterator

MAX_NODES = 1_000_000  # expanded nodes per document, aliases counted every time they are used
MAX_DEPTH = 200  # nesting of mappings and sequences; real files stay under 30
_QUOTED = re.compile(r"'[^']{24,}'|\"[^\"]{24,}\"")


class Map(dict):  # type: ignore[type-arg]
    """A YAML mapping: keys as written (str), values loaded; knows its lines."""

    __slots__ = ("line", "col", "end_line", "_keys", "_values", "_styles")

    def __init__(self, line: int = 1, col: int = 1, end_line: int = 0) -> None:
        super().__init__()
        self.line, self.col, self.end_line = line, col, end_line or line
        self._keys: dict[str, tuple[int, int]] = {}
        self._values: dict[str, tuple[int, int]] = {}
        self._styles: dict[str, str | None] = {}

    def key_line(self, key: str) -> int:
        """Line of `key:` (the mapping's own line when the key is absent)."""
        return self._keys.get(key, (self.line, self.col))[0]

    def key_col(self, key: str) -> int:
        return self._keys.get(key, (self.line, self.col))[1]

    def value_line(self, key: str) -> int:
        """Line where the value of `key` starts (for a block scalar `|`, the indicator's line)."""
        return self._values.get(key, self._keys.get(key, (self.line, self.col)))[0]

    def value_col(self, key: str) -> int:
        return self._values.get(key, self._keys.get(key, (self.line, self.col)))[1]

    def style(self, key: str) -> str | None:
        """The scalar style of the value: None (plain), `'`, `"`, `|` or `>`."""
        return self._styles.get(key)

    def line_in_value(self, key: str, offset: int) -> int:
        """The line of character `offset` of a string value: exact for literal block scalars
        (`run: |`) and for quoted or plain one-line values; a folded value (`>` or a plain
        multi-line scalar) lost its line breaks, so its first line is given."""
        value = self.get(key)
        start = self.value_line(key)
        if not isinstance(value, str):
            return start
        style = self._styles.get(key)
        if style == "|":
            return start + 1 + value.count("\n", 0, max(0, offset))
        if style in ('"', "'"):
            return start  # escapes and folding make offsets inexact: the value's first line
        return start

    def set_at(self, key: str, value: Any, key_pos: tuple[int, int], value_pos: tuple[int, int],
               style: str | None = None) -> None:
        self[key] = value
        self._keys[key] = key_pos
        self._values[key] = value_pos
        self._styles[key] = style


class Seq(list):  # type: ignore[type-arg]
    """A YAML sequence; knows its own line and each item's."""

    __slots__ = ("line", "col", "end_line", "_items")

    def __init__(self, line: int = 1, col: int = 1, end_line: int = 0) -> None:
        super().__init__()
        self.line, self.col, self.end_line = line, col, end_line or line
        self._items: list[tuple[int, int]] = []

    def item_line(self, index: int) -> int:
        return self._items[index][0] if 0 <= index < len(self._items) else self.line

    def item_col(self, index: int) -> int:
        return self._items[index][1] if 0 <= index < len(self._items) else self.col

    def add(self, value: Any, pos: tuple[int, int]) -> None:
        self.append(value)
        self._items.append(pos)


class Tagged:
    """A value under a tag the loader does not resolve (`!Ref Name`, `!Sub "..."`, `!Custom`):
    `tag` as written (`!Ref`), `value` loaded as usual (str, Map or Seq)."""

    __slots__ = ("tag", "value", "line", "col")

    def __init__(self, tag: str, value: Any, line: int = 0, col: int = 1) -> None:
        self.tag, self.value, self.line, self.col = tag, value, line, col

    def __repr__(self) -> str:
        return f"Tagged({self.tag!r}, {self.value!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Tagged) and (self.tag, self.value) == (other.tag, other.value)

    def __hash__(self) -> int:
        return hash(self.tag)


class Document:
    """One YAML document of a file: its `value` (None for an empty document), the line span
    (`start`..`end`, 1-based, inclusive), and `error`/`error_line` when it did not load."""

    __slots__ = ("value", "start", "end", "error", "error_line", "error_col")

    def __init__(self, value: Any, start: int, end: int, error: str | None = None,
                 error_line: int = 0, error_col: int = 1) -> None:
        self.value, self.start, self.end = value, start, end
        self.error, self.error_line, self.error_col = error, error_line, error_col

    def __repr__(self) -> str:
        return f"Document(lines {self.start}-{self.end}, {'error: ' + self.error if self.error else type(self.value).__name__})"


class YamlError(Exception):
    def __init__(self, message: str, line: int, col: int = 1) -> None:
        super().__init__(message)
        self.message, self.line, self.col = message, line, col


def split_documents(text: str) -> Iterator[tuple[int, str]]:
    """(first line, text) of each document: split at `---` and `...` lines, so that a broken
    document does not stop the ones after it (PyYAML's parser cannot resume after an error).
    A chunk of only comments and directives is not a document."""
    start = 1
    current: list[str] = []
    for index, line in enumerate(text.split("\n")):
        if line.startswith("---") and (len(line) == 3 or line[3] in " \t"):
            if current and not _only_comments(current):
                yield start, "\n".join(current) + "\n"
            rest = line[3:].strip()
            content = bool(rest) and not rest.startswith("#")
            current = [line] if content else []  # `--- !tag value` / `--- |` carries content
            start = index + 1 if content else index + 2
        elif line.startswith("...") and not line[3:].strip():
            if current and not _only_comments(current):
                yield start, "\n".join(current) + "\n"
            current, start = [], index + 2
        else:
            current.append(line)
    if current and not _only_comments(current):
        yield start, "\n".join(current) + "\n"


def _only_comments(lines: list[str]) -> bool:
    return all(not ln.strip() or ln.lstrip().startswith(("#", "%")) for ln in lines)


# PyYAML's pure-Python Reader compiles this class of every printable character when
# `yaml.reader` is imported: a third of `import yaml` (~5 ms of ~17 ms with bytecode cached,
# on every run of a YAML hook). libyaml's parser, which `load` uses, never reads it.
_NON_PRINTABLE = "[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010ffff]"


class _LazyPattern:
    """Stands for a compiled pattern until something uses it (PyYAML's pure-Python Reader,
    when libyaml is missing): then compiles it, once, and behaves as it."""

    def __init__(self, pattern: str, flags: int) -> None:
        self._args = (pattern, flags)
        self._compiled: Any = None

    def __getattr__(self, name: str) -> Any:
        if self._compiled is None:
            self._compiled = _compile(*self._args)
        return getattr(self._compiled, name)


_compile = re.compile


def _import_yaml() -> Any:
    """`import yaml`, with the Reader's character class compiled on first use instead of
    at import. `re.compile` is wrapped only while PyYAML's modules execute, and only that
    one pattern is deferred; every other call passes through."""
    import sys

    loaded = sys.modules.get("yaml")
    if loaded is not None:
        return loaded

    def compile_(pattern: Any, flags: int = 0) -> Any:
        if pattern == _NON_PRINTABLE and not flags:
            return _LazyPattern(pattern, flags)
        return _compile(pattern, flags)

    re.compile = compile_  # type: ignore[assignment]
    try:
        import yaml
    finally:
        re.compile = _compile
    return yaml


def load(text: str) -> list[Document]:
    """Every document of `text` (see the module docstring)."""
    yaml = _import_yaml()

    loader_class = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
    out = []
    for first, chunk in split_documents(text):
        end = first + chunk.rstrip("\n").count("\n")
        try:
            node = _compose(yaml, loader_class, chunk)
            value = None if node is None else _Builder(yaml).build(node, first - 1)
            out.append(Document(value, first, end))
        except YamlError as e:
            line = min(max(first, e.line + first - 1), end)  # "end of stream" is the document's last line
            out.append(Document(None, first, end, e.message, line, e.col))
    return out


def _too_deep(chunk: str) -> int:
    """The line where nesting passes MAX_DEPTH, or 0. Checked before parsing: libyaml's
    composer recurses in C without a limit in some builds, so a file of 50,000 `[` crashes
    the interpreter (a segmentation fault, not an exception) before any error can be raised.
    Flow brackets are counted without regard to quotes (a string holding hundreds of
    unbalanced brackets is reported as too deep: no real file does that); block nesting is
    counted by indentation levels. Linear, and skipped when the counts cannot reach the limit."""
    if chunk.count("[") + chunk.count("{") > MAX_DEPTH:
        depth, line = 0, 1
        for char in chunk:
            if char in "[{":
                depth += 1
                if depth > MAX_DEPTH:
                    return line
            elif char in "]}":
                depth = max(0, depth - 1)
            elif char == "\n":
                line += 1
    if chunk.count("\n") > MAX_DEPTH:
        indents: list[int] = []
        for number, text in enumerate(chunk.split("\n"), 1):
            stripped = text.lstrip(" -")
            if not stripped or stripped.startswith("#"):
                continue
            indent = len(text) - len(stripped)
            while indents and indents[-1] >= indent:
                indents.pop()
            indents.append(indent)
            if len(indents) > MAX_DEPTH:
                return number
    return 0


def _compose(yaml: Any, loader_class: Any, chunk: str) -> Any:
    deep = _too_deep(chunk)
    if deep:
        raise YamlError(f"nested more than {MAX_DEPTH} levels deep: not checked", deep)
    loader = loader_class(chunk)
    try:
        return loader.get_single_node()
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        problem = _clean(e.problem or e.context or "invalid YAML")
        raise YamlError(f"invalid YAML: {problem}", mark.line + 1 if mark else 1, mark.column + 1 if mark else 1) from None
    except yaml.YAMLError as e:  # a reader error: a character YAML does not allow
        raise YamlError(f"invalid YAML: {_clean(str(e).splitlines()[0] if str(e) else 'unreadable')}", 1) from None
    except RecursionError:
        raise YamlError(f"nested more than {MAX_DEPTH} levels deep: not checked", 1) from None
    finally:
        dispose = getattr(loader, "dispose", None)
        if dispose is not None:
            dispose()


def _clean(problem: str) -> str:
    """A parser's message, fit to print: long quoted excerpts of the file cut, control
    characters escaped, bounded length."""
    problem = _QUOTED.sub(lambda m: m.group()[:12] + "..." + m.group()[0], problem)
    problem = problem.encode("unicode_escape", "backslashreplace").decode("ascii") if not problem.isprintable() else problem
    return problem[:120]


class _Builder:
    """Nodes to values, with merge keys, a node budget and a depth limit."""

    def __init__(self, yaml: Any) -> None:
        self.yaml = yaml
        self.constructor = yaml.constructor.SafeConstructor()
        self.done: dict[int, Any] = {}
        self.size: dict[int, int] = {}
        self.active: set[int] = set()
        self.offset = 0

    def build(self, node: Any, offset: int) -> Any:
        self.offset = offset
        if self._expanded(node, 0) > MAX_NODES:
            raise YamlError(f"aliases expand to more than {MAX_NODES} nodes: not checked", node.start_mark.line + 1)
        return self._value(node, 0)

    def _expanded(self, node: Any, depth: int) -> int:
        """Nodes once aliases are expanded (memoised by node: linear in the file)."""
        key = id(node)
        if key in self.size:
            return self.size[key]
        if key in self.active:
            raise YamlError("a recursive alias (an anchor used inside itself): not checked", node.start_mark.line + 1)
        if depth > MAX_DEPTH:
            raise YamlError(f"nested more than {MAX_DEPTH} levels deep: not checked", node.start_mark.line + 1)
        self.active.add(key)
        total = 1
        if isinstance(node, self.yaml.MappingNode):
            for k, v in node.value:
                total += self._expanded(k, depth + 1) + self._expanded(v, depth + 1)
                if total > MAX_NODES:
                    break
        elif isinstance(node, self.yaml.SequenceNode):
            for item in node.value:
                total += self._expanded(item, depth + 1)
                if total > MAX_NODES:
                    break
        self.active.discard(key)
        self.size[key] = total
        return total

    def _pos(self, node: Any) -> tuple[int, int]:
        return node.start_mark.line + 1 + self.offset, node.start_mark.column + 1

    def _value(self, node: Any, depth: int) -> Any:
        key = id(node)
        if key in self.done:
            return self.done[key]
        yaml = self.yaml
        tag = node.tag or ""
        unknown = not tag.startswith("tag:yaml.org,2002:")
        line, col = self._pos(node)
        if isinstance(node, yaml.MappingNode):
            value: Any = Map(line, col, node.end_mark.line + 1 + self.offset)
            self.done[key] = value if not unknown else None
            self._fill_map(value, node, depth)
        elif isinstance(node, yaml.SequenceNode):
            value = Seq(line, col, node.end_mark.line + 1 + self.offset)
            self.done[key] = value if not unknown else None
            for item in node.value:
                value.add(self._value(item, depth + 1), self._pos(item))
        else:
            value = self._scalar(node, unknown)
        if unknown:
            value = Tagged(tag, value, line, col)
        self.done[key] = value
        return value

    def _scalar(self, node: Any, unknown: bool) -> Any:
        tag = node.tag
        if unknown or tag in ("tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:binary"):
            return str(node.value)
        try:
            return self.constructor.construct_object(node, deep=True)
        except Exception:  # a malformed int/float/bool under an explicit tag: keep the text
            return str(node.value)

    def _fill_map(self, target: Map, node: Any, depth: int) -> None:
        yaml = self.yaml
        merges = []
        for k, v in node.value:
            if k.tag == "tag:yaml.org,2002:merge":
                merges.append(v)
                continue
            name = str(k.value) if isinstance(k, yaml.ScalarNode) else f"<{type(k).__name__}>"
            style = v.style if isinstance(v, yaml.ScalarNode) else None
            if name in target:
                continue  # a duplicate key: the first one stands (what the linters report)
            target.set_at(name, self._value(v, depth + 1), self._pos(k), self._pos(v), style)
        for merge in merges:  # explicit keys win; the first merged source wins over later ones
            sources = merge.value if isinstance(merge, yaml.SequenceNode) else [merge]
            for source in sources:
                merged = self._value(source, depth + 1)
                if not isinstance(merged, Map):
                    continue
                for name in merged:
                    if name not in target:
                        target.set_at(name, merged[name], merged._keys[name], merged._values[name], merged._styles.get(name))


def walk(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any, Any]]:
    """Every (path, container, value) below `value`, depth first; each shared (aliased) object
    is visited once per place it is used, within the loader's node budget."""
    stack: list[tuple[tuple[Any, ...], Any, Any]] = [(path, None, value)]
    while stack:
        here, parent, item = stack.pop()
        yield here, parent, item
        if isinstance(item, Tagged):
            stack.append((here + (item.tag,), item, item.value))
        elif isinstance(item, dict):
            stack.extend((here + (k,), item, v) for k, v in reversed(list(item.items())))
        elif isinstance(item, list):
            stack.extend((here + (i,), item, v) for i, v in reversed(list(enumerate(item))))
