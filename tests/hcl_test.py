"""The fast HCL reader, its python-hcl2 fallback and the value resolver."""
from __future__ import annotations

import glob
import os
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from sechooks.core import cli
from sechooks.engines import hcl
from sechooks.engines.hcl import UNKNOWN, HclError, Resolver, parse, parse_fast
from tests.harness import TESTDATA


def _hcl2_available() -> bool:
    try:
        import hcl2.api
    except ImportError:
        return False
    return hasattr(hcl2.api, "serialize")  # 8.x; bc-python-hcl2 shadows the same module name


needs_hcl2 = pytest.mark.skipif(not _hcl2_available(), reason="python-hcl2 8.x is not importable (shadowed?)")


# --- parsing -----------------------------------------------------------------

def test_blocks_labels_and_lines() -> None:
    module = parse_fast(
        'terraform {\n  required_version = ">= 1.5"\n}\n\n'
        'resource "aws_security_group" "web" {\n  name = "web"\n  ingress {\n    from_port = 22\n  }\n'
        '  egress { from_port = 0 }\n}\n'
    )
    terraform, resource = module.blocks
    assert (terraform.type, terraform.labels, terraform.line, terraform.end_line) == ("terraform", (), 1, 3)
    assert (resource.labels, resource.line, resource.end_line) == (("aws_security_group", "web"), 5, 11)
    assert resource.attributes["name"].line == 6
    ingress, egress = resource.blocks
    assert (ingress.type, ingress.line, ingress.end_line) == ("ingress", 7, 9)
    assert ingress.attributes["from_port"].line == 8 and ingress.get("from_port") == 22
    assert (egress.line, egress.get("from_port")) == (10, 0)
    assert list(module.resources("aws_security_group")) == [resource]


@pytest.mark.parametrize(("source", "expected"), [
    ("1", 1), ("-1", -1), ("1.5", 1.5), ("1e3", 1000.0), ("true", True), ("false", False), ("null", None),
    ('"a\\tb\\"c\\\\"', 'a\tb"c\\'), ('"\\u00e9"', "\u00e9"), ('"$${x}"', "${x}"), ('"%%{x}"', "%{x}"),
    ('["a", 1, [true]]', ["a", 1, [True]]), ('[\n  "a",\n  "b",\n]', ["a", "b"]),
    ('{ a = 1, "b" = "x", c: [] }', {"a": 1, "b": "x", "c": []}), ("{\n  a = 1\n  b = 2\n}", {"a": 1, "b": 2}),
    ("{}", {}), ("[]", []),
])
def test_literals(source: str, expected: Any) -> None:
    value = parse_fast(f"x = {source}\n").get("x")
    assert value == expected and type(value) is type(expected) or isinstance(value, dict)


def test_object_literal_keeps_its_line() -> None:
    value = parse_fast('rules = [\n  {\n    port = 22\n  },\n  { port = 80 },\n]\n').get("rules")
    assert [item.line for item in value] == [2, 5]


@pytest.mark.parametrize(("source", "kind", "text"), [
    ("var.x", hcl.Traversal, "var.x"),
    ("each.value.port", hcl.Traversal, "each.value.port"),
    ('local.a.b[0]["c"]', hcl.Traversal, 'local.a.b[0]["c"]'),
    ('concat(local.a, ["::/0"])', hcl.Call, 'concat(local.a, ["::/0"])'),
    ("provider::aws::arn_parse(var.arn)", hcl.Call, "provider::aws::arn_parse(var.arn)"),
    ('"${var.a}/32"', hcl.Template, '"${var.a}/32"'),
    ("var.on ? 1 : 0", hcl.Opaque, "var.on ? 1 : 0"),
    ("var.a + 1", hcl.Opaque, "var.a + 1"),
    ("!var.a", hcl.Opaque, "!var.a"),
    ("[for s in var.l : upper(s) if s != \"\"]", hcl.Opaque, "[for s in var.l : upper(s) if s != \"\"]"),
    ("{for k, v in var.m : k => v}", hcl.Opaque, "{for k, v in var.m : k => v}"),
    ("aws_instance.web[*].id", hcl.Opaque, "aws_instance.web[*].id"),
    ("module.net.ids.*", hcl.Opaque, "module.net.ids.*"),
    ("{ (var.k) = 1 }", hcl.ObjectExpr, "{ (var.k) = 1 }"),
    ("f(x)[0]", hcl.Traversal, "f(x)[0]"),
])
def test_expressions_keep_their_text(source: str, kind: type, text: str) -> None:
    value = parse_fast(f"x = {source}\n").get("x")
    assert isinstance(value, hcl.Expr) and isinstance(value, kind)
    assert value.text == text and value.line == 1


def test_multiline_expressions_inside_brackets() -> None:
    module = parse_fast('x = concat(\n  ["a"],\n  var.b,\n)\ny = (\n  var.c\n)\nz = 1\n')
    assert isinstance(module.get("x"), hcl.Call) and len(module.get("x").args) == 2
    assert module.attributes["z"].line == 8


def test_heredocs_and_templates() -> None:
    text = (
        'a = <<EOF\n  raw ${var.q}\nEOF\n'
        'b = <<-EOT\n    {\n      "k": "${var.v}"\n    }\n    EOT\n'
        'c = <<EOF\nplain\nEOF\n'
        'd = "%{ if var.x }yes%{ endif }"\n'
    )
    module = parse_fast(text)
    a = module.get("a")
    assert isinstance(a, hcl.Template) and a.heredoc and a.parts[0] == "  raw "
    assert a.parts[1].text == "var.q" and a.parts[1].line == 2
    b = module.get("b")
    assert b.body == '{\n  "k": "${var.v}"\n}\n'
    assert module.get("c") == "plain\n"
    assert module.get("d").directive
    assert module.attributes["d"].line == 12


def test_comments_are_skipped() -> None:
    text = (
        "# a { comment\n// another }\n/* multi\n line { */\n"
        'resource "a" "b" { # trailing\n  x = 1 // also\n  /* inline */ y = "#not a comment"\n}\n'
    )
    block = parse_fast(text).blocks[0]
    assert block.line == 5 and block.get("x") == 1 and block.get("y") == "#not a comment"
    assert block.attributes["y"].line == 7


def test_dynamic_block_is_kept() -> None:
    block = parse_fast(
        'resource "aws_security_group" "x" {\n'
        '  dynamic "ingress" {\n    for_each = var.ports\n    iterator = port\n'
        '    content {\n      from_port = port.value\n    }\n  }\n}\n'
    ).blocks[0]
    (dynamic,) = block.dynamic("ingress")
    assert dynamic.type == "dynamic" and dynamic.line == 2
    assert dynamic.get("iterator").text == "port"
    assert dynamic.blocks_of("content")[0].get("from_port").text == "port.value"


@pytest.mark.parametrize(("text", "line"), [
    ('resource "a" "b" {\n  x = 1\n', 3),
    ('x = "unterminated\ny = 1\n', 1),
    ("x = [1, 2\ny = 3\n", 2),
    ('resource "a" "b" {\n  x = 1 2\n}\n', 2),
    ("x = <<EOF\nnever closed\n", 1),
    ("/* never closed\nx = 1\n", 1),
    ("x = \n", 1),
    ("}\n", 1),
    ("x = 1\n@\n", 2),
])
def test_broken_syntax_raises_with_line(text: str, line: int) -> None:
    with pytest.raises(HclError) as info:
        parse_fast(text)
    assert info.value.line == line
    with pytest.raises(HclError):
        parse(text)  # the fallback agrees that the file is broken


@needs_hcl2
def test_what_only_python_hcl2_accepts_goes_through_the_fallback() -> None:
    text = 'a = 1\nb = "\\q"\n'  # an escape HCL does not define; python-hcl2 keeps it
    with pytest.raises(HclError) as info:
        parse_fast(text)
    assert info.value.line == 2
    module = parse(text)
    assert module.fallback and module.attributes["b"].line == 2


# --- the python-hcl2 fallback ------------------------------------------------

SAMPLE = '''resource "aws_security_group" "web" {
  name = "web"

  ingress {
    from_port   = 22
    to_port     = 22
    cidr_blocks = ["0.0.0.0/0", var.extra]
  }

  ingress {
    from_port = 80
  }

  dynamic "egress" {
    for_each = var.rules
    content {
      from_port = egress.value
    }
  }
}
'''


@needs_hcl2
def test_fallback_rebuilds_the_model_with_lines() -> None:
    module = hcl.parse_fallback(SAMPLE)
    assert module.fallback
    (block,) = module.blocks
    assert (block.labels, block.line, block.end_line) == (("aws_security_group", "web"), 1, 20)
    first, second = block.blocks_of("ingress")
    assert (first.line, second.line) == (4, 10)
    assert first.attributes["cidr_blocks"].line == 7
    assert first.get("cidr_blocks")[1].text == "var.extra"
    (dynamic,) = block.dynamic("egress")
    assert dynamic.line == 14 and dynamic.get("for_each").text == "var.rules"


@needs_hcl2
def test_parse_hands_unreadable_text_to_python_hcl2(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(text: str) -> hcl.Module:
        raise HclError(3, "not understood")

    monkeypatch.setattr(hcl, "parse_fast", refuse)
    module = parse(SAMPLE)
    assert module.fallback and module.blocks[0].blocks_of("ingress")[0].get("from_port") == 22


@needs_hcl2
def test_lark_cache_goes_to_a_writable_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert hcl.cache_dir() == str(tmp_path / "sechooks")
    hcl._hcl2_parser.cache_clear()
    try:
        hcl.hcl2_loads("x = 1\n")
        assert any(name.endswith(".cache") for name in os.listdir(tmp_path / "sechooks"))
    finally:
        hcl._hcl2_parser.cache_clear()


def test_missing_python_hcl2_keeps_the_fast_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def unavailable(text: str) -> hcl.Module:
        raise ImportError("no hcl2")

    monkeypatch.setattr(hcl, "parse_fallback", unavailable)
    with pytest.raises(HclError) as info:
        parse("x = [1,\n")
    assert info.value.line == 2


# --- same values as python-hcl2 ----------------------------------------------

def _squash(text: str) -> str:
    return re.sub(r"[\s()]", "", text).replace("$${", "${")


def as_hcl2(value: Any) -> Any:
    """Our value in python-hcl2's shape (strip_string_quotes, no heredoc markers)."""
    if isinstance(value, hcl.Traversal) and value.root and not value.steps:
        return value.root  # python-hcl2 gives a bare name (`type = number`) without ${}
    if isinstance(value, hcl.Template):
        return _squash(value.hcl2().rstrip("\n")) if value.heredoc else _squash(value.hcl2())
    if isinstance(value, hcl.Expr):
        return _squash(value.hcl2())
    if isinstance(value, list):
        return [as_hcl2(v) for v in value]
    if isinstance(value, dict):
        return {k: as_hcl2(v) for k, v in value.items()}
    if isinstance(value, str):
        return _squash(value.rstrip("\n"))
    return value


def hcl2_norm(value: Any) -> Any:
    if isinstance(value, list):
        return [hcl2_norm(v) for v in value]
    if isinstance(value, dict):
        return {k: hcl2_norm(v) for k, v in value.items() if k != "__is_block__"}
    if isinstance(value, str):
        number = re.fullmatch(r"\$\{(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)\}", value)
        if number:
            return float(number.group(1))
        return _squash(value.rstrip("\n").replace('\\"', '"'))  # its <<- heredocs escape quotes
    return value


def body_as_hcl2(body: hcl.Block) -> dict[str, Any]:
    out: dict[str, Any] = {name: as_hcl2(attr.value) for name, attr in body.attributes.items()}
    for block in body.blocks:
        inner: Any = body_as_hcl2(block)
        for label in reversed(block.labels):
            inner = {label: inner}
        out.setdefault(block.type, []).append(inner)
    return out


def assert_same_as_hcl2(text: str) -> None:
    ours = body_as_hcl2(parse_fast(text))
    theirs = hcl2_norm(hcl.hcl2_loads(text))
    assert ours == theirs


def _tf_fixtures() -> list[str]:
    paths = sorted(glob.glob(os.path.join(TESTDATA, "NET3*", "*.tf")))
    return [p for p in paths if "/NET300/bad_" not in p and "no_network_resource" not in p]


@needs_hcl2
@pytest.mark.parametrize("path", _tf_fixtures(), ids=lambda p: os.path.relpath(p, TESTDATA))
def test_fast_path_matches_python_hcl2_on_fixtures(path: str) -> None:
    with open(path, encoding="utf-8") as f:
        assert_same_as_hcl2(f.read())


@needs_hcl2
def test_fast_path_matches_python_hcl2_on_tricky_constructs() -> None:
    assert_same_as_hcl2(SAMPLE)
    assert_same_as_hcl2(
        'locals {\n  a = -1\n  b = 1.5\n  c = "x${var.y}z"\n  d = { "k" = 1, k2: "v" }\n'
        '  e = var.a == "b" ? [1] : []\n  f = [for s in var.l : upper(s) if s != ""]\n'
        '  g = x[*].id\n  h = local.a.b[0]["c"]\n  i = concat(var.a, ["::/0"])\n'
        '  j = <<-EOT\n    {"a": "${var.b}"}\n  EOT\n  k = null\n  l = true\n}\n'
    )


NAME = st.from_regex(r"[a-z][a-z0-9_]{0,7}", fullmatch=True).filter(
    lambda n: n not in ("true", "false", "null", "for", "in", "if", "dynamic", "content"))
SAFE_TEXT = st.text(alphabet="abcXYZ019 ./:-_*", max_size=12)
SCALAR = st.one_of(
    st.integers(min_value=-10**6, max_value=10**6), st.booleans(), SAFE_TEXT, st.none(),
    st.builds(lambda n: f"var.{n}", NAME).map(lambda t: ("expr", t)),
    st.builds(lambda a, b: f"concat(local.{a}, [\"{b}\"])", NAME, SAFE_TEXT).map(lambda t: ("expr", t)),
    st.builds(lambda a, b: f"{a}-${{var.{b}}}", SAFE_TEXT, NAME).map(lambda t: ("tmpl", t)),
)
VALUE = st.recursive(
    SCALAR,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(NAME, inner, max_size=3)),
    max_leaves=6,
)


def render(value: Any) -> str:
    if isinstance(value, tuple):
        return value[1] if value[0] == "expr" else f'"{value[1]}"'
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return '"' + value + '"'
    if isinstance(value, list):
        return "[" + ", ".join(render(v) for v in value) + "]"
    return "{\n" + "".join(f"  {k} = {render(v)}\n" for k, v in value.items()) + "}"


BODY: st.SearchStrategy[Any] = st.recursive(
    st.dictionaries(NAME, VALUE, max_size=4).map(lambda attrs: ("body", attrs, [])),
    lambda inner: st.tuples(st.just("body"), st.dictionaries(NAME, VALUE, max_size=3),
                            st.lists(st.tuples(NAME, st.lists(NAME, max_size=2), inner), max_size=2)),
    max_leaves=4,
)


def render_body(body: tuple[str, dict[str, Any], list[Any]], indent: str = "") -> str:
    _, attrs, blocks = body
    out = "".join(f"{indent}{k} = {render(v)}\n" for k, v in attrs.items())
    for name, labels, inner in blocks:
        head = " ".join([name] + [f'"{label}"' for label in labels])
        out += f"{indent}{head} {{\n{render_body(inner, indent + '  ')}{indent}}}\n"
    return out


@needs_hcl2
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(BODY)
def test_fast_path_matches_python_hcl2_on_generated_inputs(body: tuple[str, dict[str, Any], list[Any]]) -> None:
    text = render_body(body)
    module = parse_fast(text)
    names = [n for n, _, _ in body[2]]
    if len(set(names) & set(body[1])) or _repeated_labels(body):
        return  # python-hcl2 merges same-labelled blocks into one dict; nothing to compare
    assert_same_as_hcl2(text)
    assert set(module.attributes) == set(body[1])


def _repeated_labels(body: tuple[str, dict[str, Any], list[Any]]) -> bool:
    """Shapes python-hcl2 cannot represent, at any depth: same-labelled blocks (merged into
    one dict) and a block named like an attribute of the same body ("already defined")."""
    if {name for name, _, _ in body[2]} & set(body[1]):
        return True
    seen = set()
    for name, labels, inner in body[2]:
        key = (name, tuple(labels[:1]))
        if labels and key in seen or _repeated_labels(inner):
            return True
        seen.add(key)
    return False


# --- resolution --------------------------------------------------------------

def resolver(text: str, tfvars: str = "") -> Resolver:
    return Resolver([parse_fast(text)], [parse_fast(tfvars)] if tfvars else [])


def value_of(r: Resolver, expression: str, scope: dict[str, Any] | None = None) -> Any:
    return r.resolve(parse_fast(f"x = {expression}\n").get("x"), scope)


VARS = '''
variable "cidr" { default = "0.0.0.0/0" }
variable "nodefault" {}
variable "ports" { default = [22, 3389] }
variable "nested" { default = { a = { b = ["x"] } } }
locals {
  world    = [var.cidr]
  chain    = local.world
  both     = concat(local.chain, ["::/0"], var.ports)
  nested   = [["a"], ["b", ["c"]]]
  flat     = flatten(local.nested)
  dupes    = distinct(["a", "b", "a"])
  set      = toset(["a", "a"])
  self_ref = local.self_ref
  ping     = local.pong
  pong     = local.ping
  host     = "${var.cidr}-${local.flat[0]}"
  partial  = concat(["10.0.0.0/8"], var.nodefault)
  counted  = length(var.ports)
}
'''


@pytest.mark.parametrize(("expression", "expected"), [
    ('"literal"', "literal"),
    ("var.cidr", "0.0.0.0/0"),
    ("var.nodefault", UNKNOWN),
    ("var.undeclared", UNKNOWN),
    ("local.world", ["0.0.0.0/0"]),
    ("local.chain", ["0.0.0.0/0"]),
    ("local.both", ["0.0.0.0/0", "::/0", 22, 3389]),
    ("local.flat", ["a", "b", "c"]),
    ("local.dupes", ["a", "b"]),
    ("local.set", ["a"]),
    ("tolist(var.ports)", [22, 3389]),
    ("var.ports[1]", 3389),
    ("var.nested.a.b", ["x"]),
    ("local.self_ref", UNKNOWN),
    ("local.ping", UNKNOWN),
    ("local.host", "0.0.0.0/0-a"),
    ('"${var.nodefault}/32"', UNKNOWN),
    ("local.partial", ["10.0.0.0/8", UNKNOWN]),
    ("local.counted", 2),
    ("length(local.partial)", UNKNOWN),  # an unknown list inside: its length is not known
    ("module.net.cidr", UNKNOWN),
    ("data.aws_vpc.main.cidr_block", UNKNOWN),
    ("aws_vpc.main.cidr_block", UNKNOWN),
    ("var.cidr == \"x\" ? 1 : 0", 0),
    ("var.cidr != \"x\" ? [var.cidr] : []", ["0.0.0.0/0"]),
    ("var.nodefault ? 1 : 0", UNKNOWN),
    ("var.cidr ? 1 : 0", UNKNOWN),  # a string that is not "true"/"false" is no condition
    ("\"true\" ? 1 : 0", 1),
    ("length(var.ports) > 1 && !false ? 1 : 0", 1),
    ("length(var.ports) > 2 || var.nodefault == 1 ? 1 : 0", UNKNOWN),
    ("1 == true", False),
    ("\"1\" == 1", False),
    ("2 == 2.0", True),
    ("var.ports[0] + 3 * 2", 28),
    ("-var.ports[0]", -22),
    ("1 / 0", UNKNOWN),
    ("\"22\" < 100", True),
    ("10 - 2 - 3", 5),  # left-associative
    ("1 + 2 * 3 - 4", 3),  # precedence
    ("[for c in var.ports : c]", UNKNOWN),
    ("[var.cidr, module.x.y]", ["0.0.0.0/0", UNKNOWN]),
    ("each.value", UNKNOWN),
])
def test_resolution(expression: str, expected: Any) -> None:
    assert value_of(resolver(VARS), expression) == expected


def test_tfvars_win_over_defaults() -> None:
    r = resolver(VARS, 'cidr = "10.0.0.0/8"\nnodefault = ["1.2.3.4/32"]\n')
    assert value_of(r, "var.cidr") == "10.0.0.0/8"
    assert value_of(r, "local.partial") == ["10.0.0.0/8", "1.2.3.4/32"]


def test_depth_is_limited() -> None:
    chain = "".join(f"  l{i} = local.l{i + 1}\n" for i in range(15))
    r = resolver("locals {\n" + chain + '  l15 = "end"\n}\n')
    assert value_of(r, "local.l10") == "end"
    assert value_of(r, "local.l0") is UNKNOWN


def test_scope_binds_iterators() -> None:
    r = resolver(VARS)
    scope = {"ingress": {"key": 0, "value": {"port": 22}}}
    assert value_of(r, "ingress.value.port", scope) == 22
    assert value_of(r, "ingress.value.port", {"ingress": UNKNOWN}) is UNKNOWN


def related(root: Path) -> cli.Context:
    return cli.Context("NET", frozenset(), {}, root=str(root))


def test_directory_scope(tmp_path: Path) -> None:
    (tmp_path / "variables.tf").write_text('variable "cidr" { default = "0.0.0.0/0" }\n')
    (tmp_path / "terraform.tfvars").write_text('cidr = "10.0.0.0/8"\n')
    (tmp_path / "z.auto.tfvars").write_text('cidr = "192.168.0.0/16"\n')
    (tmp_path / "broken.tf").write_text("locals {\n")
    (tmp_path / ".terraform").mkdir()
    (tmp_path / ".terraform" / "x.tf").write_text('variable "cidr" { default = "1.1.1.1/32" }\n')
    current = parse_fast('locals { mine = var.cidr }\n')
    ctx = related(tmp_path)
    r = Resolver.for_directory(str(tmp_path), str(tmp_path / "main.tf"), current, ctx)
    assert value_of(r, "local.mine") == "192.168.0.0/16"  # *.auto.tfvars come after terraform.tfvars
    skipped = hcl.directory_scope(str(tmp_path / ".terraform"), ctx)
    assert (skipped.defaults, skipped.locals, skipped.tfvars) == ({}, {}, {})


def test_the_file_being_checked_replaces_its_disk_copy(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text('locals { a = "disk" }\n')
    staged = parse_fast('locals { a = "staged" }\n')
    r = Resolver.for_directory(str(tmp_path), str(tmp_path / "main.tf"), staged, related(tmp_path))
    assert value_of(r, "local.a") == "staged"


def test_describe() -> None:
    assert hcl.describe(parse_fast("x = var.a\n").get("x")) == "var.a"
    assert hcl.describe(["a", 1, None, True]) == '["a", 1, null, true]'
