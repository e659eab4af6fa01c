"""core/yaml: one loader with line numbers for the YAML hooks."""
from __future__ import annotations

import subprocess
import sys

import pytest

from sechooks.core import yaml as y

POD = """# a comment
apiVersion: v1
kind: Pod
metadata: &meta
  name: web
spec:
  containers:
  - name: app
    image: nginx
    securityContext:
      privileged: yes
on: push
run: |
  echo hi
  echo ${{ github.event.issue.title }}
"""


def test_lines_of_keys_values_and_items() -> None:
    [doc] = y.load(POD)
    pod = doc.value
    assert (doc.start, doc.end, doc.error) == (1, 15, None)
    container = pod["spec"]["containers"][0]
    assert pod["spec"]["containers"].item_line(0) == 8
    assert container.key_line("image") == 9 and container.value_line("image") == 9
    assert container["securityContext"]["privileged"] is True  # YAML 1.1 values
    assert pod.line == 2 and container.line == 8


def test_keys_stay_text_so_on_is_not_true() -> None:
    [doc] = y.load(POD)
    assert "on" in doc.value and True not in doc.value


def test_line_inside_a_literal_block() -> None:
    [doc] = y.load(POD)
    run = doc.value["run"]
    assert doc.value.style("run") == "|"
    assert doc.value.line_in_value("run", run.index("${{")) == 15
    assert doc.value.line_in_value("run", 0) == 14


def test_documents_after_a_broken_one_still_load() -> None:
    docs = y.load("a: 1\n---\nfoo: [unclosed\n---\nb: 2\n")
    assert [d.error is None for d in docs] == [True, False, True]
    assert docs[1].error_line == 3 and "invalid YAML" in (docs[1].error or "")
    assert docs[2].value == {"b": 2} and docs[2].value.key_line("b") == 5


def test_unknown_tags_are_values_not_errors() -> None:
    [doc] = y.load("x: !Ref Param\ny: !GetAtt A.B\nz: !Sub\n  - '${a}'\n  - a: 1\nw: !Base64 abc\n")
    v = doc.value
    assert v["x"] == y.Tagged("!Ref", "Param") and v["x"].line == 1
    assert isinstance(v["z"], y.Tagged) and v["z"].value == ["${a}", {"a": 1}]
    assert v["w"].tag == "!Base64"


def test_merge_keys_explicit_keys_win() -> None:
    [doc] = y.load("base: &b {a: 1, b: 2}\nderived:\n  <<: *b\n  b: 3\nmulti:\n  <<: [*b, {c: 4}]\n")
    assert doc.value["derived"] == {"a": 1, "b": 3}
    assert doc.value["derived"].value_line("a") == 1 and doc.value["derived"].value_line("b") == 4
    assert doc.value["multi"] == {"a": 1, "b": 2, "c": 4}


def test_comment_only_and_empty_documents_are_skipped() -> None:
    assert y.load("# only a comment\n") == []
    assert [d.value for d in y.load("---\n# nothing\n---\na: 1\n")] == [{"a": 1}]


def test_document_content_on_the_separator_line() -> None:
    docs = y.load("--- |\n  text\n---\n- 1\n")
    assert [d.value for d in docs] == ["text\n", [1]] and docs[1].value.item_line(0) == 4


def test_billion_laughs_is_an_error_not_a_hang() -> None:
    rows = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]']
    rows += [f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 10) + "]" for i in range(8)]
    [doc] = y.load("\n".join(rows) + "\n")
    assert doc.value is None and "aliases expand" in (doc.error or "")


def test_recursive_alias_and_deep_nesting() -> None:
    assert "recursive alias" in (y.load("a: &a [*a]\n")[0].error or "")
    deep = y.load("x: " + "[" * 300 + "]" * 300 + "\n")[0]
    assert deep.value is None and deep.error


@pytest.mark.parametrize("text", ["\t- x\n", "a: 'unterminated\n", "a: b: c\n", "- a\nb: c\n", "key: \x00\n", "? [a]\n: b\n"])
def test_broken_yaml_is_a_document_error(text: str) -> None:
    docs = y.load(text)
    assert docs and all(d.error is None or (d.error.startswith(("invalid YAML", "nested")) and d.error_line >= 1) for d in docs)


def test_errors_do_not_quote_long_text() -> None:
    secret = "ghp_" + "A1b2C3d4" * 5
    [doc] = y.load(f"a: *{secret}\n")
    assert doc.error and secret not in doc.error


def test_walk_visits_every_value() -> None:
    [doc] = y.load("a: {b: [1, {c: 2}]}\nd: !Ref x\n")
    paths = [p for p, _, _ in y.walk(doc.value)]
    assert ("a", "b", 1, "c") in paths and ("d", "!Ref") in paths


def test_importing_the_module_does_not_import_pyyaml() -> None:
    code = "import sys; from sechooks.core import yaml; print('yaml' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"


@pytest.mark.parametrize("text", ["[" * 50_000, "x: " + "[" * 100_000 + "]" * 100_000 + "\n", "{a: " * 60_000,
                                  "".join("  " * i + "k:\n" for i in range(400)), "- " * 300 + "x\n"])
def test_deep_nesting_is_an_error_before_the_c_parser_sees_it(text: str) -> None:
    """libyaml recurses in C without a limit in some builds: 50,000 `[` was a segfault."""
    docs = y.load(text)
    assert docs and docs[0].value is None and "nested more than" in (docs[0].error or "")


def test_brackets_in_moderate_numbers_and_deep_enough_real_files_load() -> None:
    assert y.load("x: " + "[" * 150 + "1" + "]" * 150 + "\n")[0].error is None
    assert y.load("items: [" + ", ".join("[a, b]" for _ in range(5000)) + "]\n")[0].error is None
    assert y.load("".join("  " * i + "k:\n" for i in range(150)) + "  " * 150 + "v: 1\n")[0].error is None


def test_pyyaml_reader_pattern_is_compiled_only_when_used() -> None:
    """`load` imports PyYAML with the pure-Python Reader's character class deferred (a third
    of the import): re.compile is itself again afterwards, the class still rejects what
    YAML forbids, and the pure-Python loader still refuses a control character."""
    probe = (
        "import re; compile_ = re.compile\n"
        "from sechooks.core import yaml as y\n"
        "assert y.load('a: 1\\n')[0].value == {'a': 1}\n"
        "import yaml, yaml.reader\n"
        "assert re.compile is compile_\n"
        "pattern = yaml.reader.Reader.NON_PRINTABLE\n"
        "assert type(pattern).__name__ == '_LazyPattern', type(pattern)\n"
        "assert pattern.search('ok\\x07') and not pattern.search('ok \\u00e9')\n"
        "try:\n"
        "    yaml.load('a: \\x07', Loader=yaml.SafeLoader)\n"
        "except yaml.reader.ReaderError:\n"
        "    print('refused')\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "refused"
