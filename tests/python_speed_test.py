"""Issue #16.3: the shortcuts that make sechooks-python fast change no finding.

bandit_walk runs a check on a file only when its trigger names occur in the file's text
(Suite.select), skips string constants a Str check provably ignores, and walks only the
nodes bandit's own checks can look at (the lean walk). Each is compared here with bandit's
own manager on a corpus written to make every plugin and every blacklist fire through
every spelling we could think of (aliases, `from x import y`, relative imports, NFKC
identifiers, a UTF-7 cookie, escapes and implicit concatenation in strings), plus a
sample of the bench's generated tree, for every test and for the default rules; and with
the unpruned walk on a spread of the standard library.
"""
from __future__ import annotations

import os
import sysconfig
from pathlib import Path
from typing import Any, Callable

import pytest

from sechooks import python as py
from sechooks.engines import bandit_walk
from sechooks.rules import py as rules
from tests.bandit_walk_test import _key, bandit_manager, walk

ROOT = Path(__file__).resolve().parent.parent

CORPUS: dict[str, str] = {
    "shell_aliases.py": '''\
import subprocess as sp
from subprocess import Popen as P, check_output
from os import system, popen as po
import os as o
sp.Popen("ls " + x, shell=True)
sp.run(["ls", "-l"])
sp.call("ls", shell=False)
P(cmd, shell=True)
check_output(["rm", "-rf", path])
system("ls " + x)
po("cat *")
o.execl("/bin/ls", "ls")
o.spawnv(o.P_WAIT, "ls", [])
o.startfile(p)
wrapper(cmd, shell=True)
sp.getoutput(cmd)
o.system("tar cf backup.tar *")
sp.call("chown user *", shell=True)
''',
    "shell_relative.py": '''\
from . import subprocess
from .os import system as run
subprocess.Popen(cmd, shell=True)
run("ls")
import commands, popen2
commands.getoutput(x)
popen2.popen3(x)
''',
    "chmod.py": '''\
import os, stat
from os import chmod as ch
os.chmod("/etc/passwd", 0o777)
ch(p, 0o775)
os.fchmod(fd, stat.S_IWOTH)
obj.chmod_all(p, 0o777)
''',
    "requests_httpx.py": '''\
import requests as r
from requests import get, post as p
import httpx
r.get(url)
r.post(url, verify=False)
get(url, timeout=None)
p(url, timeout=5)
httpx.Client(verify=False)
httpx.request("GET", url, timeout=None)
requests.delete(u, verify=False, timeout=1)
''',
    "yaml_torch.py": '''\
import yaml as y
import yaml
from yaml import load
import torch
from torch import load as tl
y.load(s)
yaml.load(s, Loader=yaml.SafeLoader)
yaml.load(s, yaml.CSafeLoader)
load(s)
torch.load(f)
torch.load(f, weights_only=True)
tl(f)
torch.serialization.load(f)
''',
    "paramiko_ssh.py": '''\
import paramiko
from paramiko import client as pc
c = paramiko.SSHClient()
c.set_missing_host_key_policy(paramiko.AutoAddPolicy())
c.set_missing_host_key_policy(pc.WarningPolicy)
c.exec_command(cmd)
''',
    "ssl_tls.py": '''\
import ssl
from ssl import wrap_socket as ws
from OpenSSL import SSL
import pyOpenSSL
ssl.wrap_socket(s)
ws(s, ssl_version=ssl.PROTOCOL_SSLv2)
SSL.Context(method=SSL.SSLv2_METHOD)
pyOpenSSL.SSL.Context(method=SSLv3_METHOD)
foo(method="\\x50ROTOCOL_SSLv2")
bar(ssl_version="PROTOCOL_" "TLSv1")
def f(version=ssl.PROTOCOL_SSLv3): pass
def g(version=SSL.TLSv1_METHOD, other=x.PROTOCOL_TLSv1_1): pass
ssl._create_unverified_context()
''',
    "weak_keys.py": '''\
from cryptography.hazmat.primitives.asymmetric import rsa, dsa, ec
from cryptography.hazmat import backends
from Crypto.PublicKey import RSA, DSA
from Cryptodome.PublicKey import RSA as R2
rsa.generate_private_key(65537, 512, backends.default_backend())
dsa.generate_private_key(key_size=1024)
ec.generate_private_key(ec.SECP192R1())
ec.generate_private_key(curve=ec.SECT163K1)
RSA.generate(512)
DSA.generate(bits=2048)
R2.generate(1024)
from Crypto.Cipher import DES, ARC4
from Crypto.Hash import MD5
from cryptography.hazmat.primitives.ciphers import algorithms, modes
algorithms.ARC4(k)
modes.ECB()
''',
    "snmp.py": '''\
from pysnmp.hlapi import CommunityData, UsmUserData
import pysnmp.hlapi as h
CommunityData("public", mpModel=0)
UsmUserData("user")
h.UsmUserData("user", "key")
''',
    "templates.py": '''\
import jinja2
from jinja2 import Environment as E, select_autoescape
from mako.template import Template
import mako.template as mt
jinja2.Environment(loader=x)
E(autoescape=False)
E(autoescape=select_autoescape())
E(autoescape=flag)
Template("hello ${x}")
mt.Template(x)
''',
    "django_web.py": '''\
from django.utils.safestring import mark_safe, SafeText
from django.db.models.expressions import RawSQL
from django.db.models import RawSQL as R
from django.utils import safestring
mark_safe(user)
SafeText("<b>" + x)
safestring.mark_safe(request.GET["x"])
RawSQL(query)
R(sql="select 1")
qs.extra(where=[cond])
qs.extra(select={"a": x})
def view(request, data):
    out = mark_safe(data)
    name = request.GET["n"]
    return mark_safe(name)
''',
    "markup_flask.py": '''\
from markupsafe import Markup
import flask
from flask import Flask
app = Flask(__name__)
Markup(x)
Markup("<b>ok</b>")
flask.Markup(y)
app.run(debug=True)
app.run(host="0.0.0.0", debug=False)
''',
    "hashes.py": '''\
import hashlib as h
import hashlib
import crypt
from hashlib import sha1
h.md5(x)
hashlib.new("md5")
hashlib.new(name="sha1", data=b"")
hashlib.sha1(x, usedforsecurity=False)
sha1(x)
crypt.crypt(x, crypt.METHOD_MD5)
crypt.mksalt(crypt.METHOD_CRYPT)
import md5, sha
''',
    "exec_eval.py": '''\
exec(code)
exec("print(1)")
eval(expr)
import builtins
builtins.exec(x)
compile(src, "f", "exec")
input("x")
''',
    "asserts_excepts.py": '''\
def f(x):
    assert x > 0
    try:
        g()
    except Exception:
        pass
    for i in range(3):
        try:
            g()
        except (ValueError, KeyError):
            continue
        try:
            g()
        except Exception:
            continue
    try:
        g()
    except:
        pass
''',
    "tar.py": '''\
import tarfile
t = tarfile.open(x)
t.extractall()
t.extractall(members=safe(t))
t.extractall(members=t.getmembers())
t.extractall(path, filter="data")
import tarfile as tf
tf.open(y).extractall()
''',
    "logging_listen.py": '''\
import logging.config
from logging import config as lc
logging.config.listen(9999)
lc.listen(1, verify=check)
lc.listen(2)
''',
    "huggingface.py": '''\
from transformers import AutoModel
from datasets import load_dataset
from huggingface_hub import hf_hub_download, snapshot_download
import transformers
AutoModel.from_pretrained("org/model")
AutoModel.from_pretrained("org/model", revision="0123456789abcdef")
transformers.AutoTokenizer.from_pretrained(name, revision=rev)
load_dataset("org/data")
hf_hub_download("org/repo", "file.bin")
snapshot_download(repo_id="org/repo", revision="main")
AutoModel.from_pretrained("./local")
''',
    "blacklists.py": '''\
import pickle, cPickle, dill, shelve, marshal
import telnetlib, ftplib
import xml.etree.cElementTree as ET
from xml.dom import minidom
from lxml import etree
import xmlrpclib
from xmlrpc import server
import Crypto.Cipher.AES
from pyghmi import ipmi
import wsgiref.handlers
from six.moves import urllib
from urllib.request import urlopen as uo, urlretrieve
import random
import tempfile
pickle.loads(b)
cPickle.load(f)
marshal.loads(b)
ET.fromstring(s)
minidom.parseString(s)
etree.parse(f)
uo(url)
urlretrieve(url)
urllib.request.urlopen(url)
random.random()
random.choice(x)
tempfile.mktemp()
telnetlib.Telnet(host)
ftplib.FTP(host)
__import__("pickle")
__import__(name)
__import__()
import importlib
importlib.import_module("telnetlib")
importlib.__import__("ftplib")
importlib.import_module(name="dill")
ssl._create_unverified_context()
import os
os.tempnam()
''',
    "blacklist_from.py": '''\
from . import pickle
from .. import telnetlib as tl
from xml import sax
from xml.etree import ElementTree
from subprocess import *
''',
    "strings.py": '''\
HOST = "0.0.0.0"
TMP = "/tmp/x"
VAR = "/var/tmp/z"
SHM = "/dev/shm/q"
RAW = b"/tmp/bytes"
DOC = "/tmp in a docstring is not a docstring here"
def f():
    """/tmp is in a docstring: never a finding"""
    return "/tmp/f"
''',
    # one spelling per file: nothing else in the file may switch the check on
    "b104_escaped.py": 'HOST = "\\x30.0.0.0"\n',
    "b104_octal.py": 'HOST = "\\060.0.0.0"\n',
    "b104_split.py": 'HOST = "0.0" ".0.0"\n',
    "b104_pieces.py": 'HOST = ("0" "."\n        "0" ".0.0")\n',
    "b104_fstring.py": 'HOST = "0.0." f"0.0{port}"\n',
    "b108_split.py": 'TMP = "/" "tmp/x"\n',
    "b108_fstring.py": 'TMP = "/t" f"mp{x}"\n',
    "b108_escaped.py": 'TMP = "\\x2ftmp/y"\n',
    "b108_continued.py": 'TMP = "/tm\\\np/z"\n',
    "b108_triple.py": "TMP = \'\'\'/var/t\'\'\' \'\'\'mp/q\'\'\'\n",
    "sql_fsplit.py": 'q = f"SEL{x}ECT a FR{y}OM t"\n',
    "sql_mixed.py": 'q = "sel" f"{x}ect a fr" f"{y}om t"\n',
    "sql_concat.py": 'q = ("upd" "ate t s"\n     "et a = " + v)\n',
    "sql_escaped.py": 'q = "\\x73elect a \\x66rom t " + v\n',
    "sql_insert_split.py": 'q = "ins" "ert in" "to t val" "ues (" + v + ")"\n',
    "sql_dotless.py": 'q = "\u0131nsert \u0131nto t values (" + v + ")"\nr = "\u017felect a from t " + v\n',
    "sql.py": '''\
q1 = "SELECT * FROM t WHERE id = " + x
q2 = "select %s from t" % x
q3 = "SELECT {} FROM t".format(x)
q4 = f"SELECT * FROM {t}"
q5 = f"sel{x}ect * from t"
q6 = "sel" "ect * from " + x
q7 = "\\x73elect * from " + x
cursor.execute("DELETE FROM t WHERE a=%s" % a)
cursor.executemany("INSERT INTO t VALUES (%s)" % v)
q8 = "UPDATE t SET a = '%s'".replace("x", y)
q9 = "insert into t (a) values(" + v + ")"
q10 = "select" + " * from " + tbl
''',
    "passwords.py": '''\
password = "hunter2hunter2"
d = {}
d["password"] = "s3cret"
self.token = "abc"
f(password="kw-secret")
def g(password="default-pass", *, passwd="kw-default"): pass
if password == "root-password": pass
if "root" == pwd: pass
conf = {"secret_token": "value"}
PASSWORD = ""
''',
    "nfkc.py": '''\
import \uff59\uff41\uff4d\uff4c
import \uff53\uff55\uff42\uff50\uff52\uff4f\uff43\uff45\uff53\uff53 as sp
\uff59\uff41\uff4d\uff4c.load(s)
sp.Popen(x, shell=True)
\uff45\uff58\uff45\uff43(code)
name = "caf\\u00e9 \u00e9t\u00e9"
''',
    "bidi.py": "x = 'abc\u2066def'\nt = '\u200f'\n# \u202e evil\n",
    "namespace.py": '''\
import subprocess
class Outer:
    class Inner:
        def method(self, password="default-pass"):
            subprocess.Popen(cmd, shell=True)
            return lambda token="lambda-token": token
    async def coro(self, token="async-default"):
        await sp.create_subprocess_shell("ls " + x)
def outer():
    def inner(secret="inner-secret"):
        return eval(x)
    return inner
match command:
    case {"shell": cmd}:
        subprocess.run(cmd, shell=True)
    case _:
        pass
''',
    "clean.py": '''\
"""Nothing to report: the walk may skip nearly everything here."""
import json
def total(rows):
    return sum(r["n"] for r in rows)
print(json.dumps({"ok": True}))
''',
    "empty.py": "",
    "syntax_error.py": "def f(:\n    pass\n",
    "py2_print.py": "print 'hello'\n",
}

BINARY: dict[str, bytes] = {
    # a cookie naming UTF-7: `yaml` and `subprocess` spelled without those letters
    "b104_utf7.py": b'# coding: utf-7\nHOST = "+ADA-.0.0.0"\n',
    "utf7.py": b"# coding: utf-7\nimport +AHk-aml\n+AHk-aml.load(x)\nimport +AHM-ubprocess\n+AHM-ubprocess.Popen(c, shell+AD0-True)\n",
    "latin1.py": b"# -*- coding: latin-1 -*-\nimport pickle\nname = '\xe9t\xe9'\npickle.loads(b)\n",
    "bom.py": "\ufeffimport pickle\nx = '\u202a'\npickle.loads(b)\n".encode(),
    "crlf.py": b"import yaml\r\nyaml.load(s)\r\nHOST = '0.0.0.0'\r\n",
    "bad_utf8.py": b"x = '\xff\xfe'\n",
}


def _written() -> list[tuple[str, bytes]]:
    files = [(f"./corpus/{name}", text.encode("utf-8")) for name, text in sorted(CORPUS.items())]
    files += [(f"./corpus/{name}", data) for name, data in sorted(BINARY.items())]
    return files


def _generated_sample(tmp: Path, every: int = 12) -> list[tuple[str, bytes]]:
    """Every 12th .py file of the bench's generated tree (2,000 files, seed 7)."""
    import subprocess
    import sys

    out = tmp / "bench-tree"
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "generate.py"), "--out", str(out), "--size", "2000", "--seed", "7"],
        check=True, stdout=subprocess.DEVNULL,
    )
    paths = sorted((out / "tree").rglob("*.py"))
    return [(f"./bench-{p.relative_to(out).as_posix()}", p.read_bytes()) for p in paths[::every]]


def _stdlib(count: int = 60, limit: int = 40_000) -> list[tuple[str, bytes]]:
    lib = Path(sysconfig.get_paths()["stdlib"])
    paths = sorted(p for p in lib.glob("*.py") if p.stat().st_size <= limit)
    step = max(len(paths) // count, 1)
    return [(str(p), p.read_bytes()) for p in paths[::step][:count]]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, bytes]]:
    return _written() + _generated_sample(tmp_path_factory.mktemp("gen"))


@pytest.fixture(scope="module")
def theirs(corpus: list[tuple[str, bytes]]) -> dict[str, Any]:
    """bandit's manager with every test on the corpus."""
    return bandit_manager(corpus, None)


def _default_wanted() -> Callable[[str, bool], bool]:
    enabled = {rule.id for rule in rules.RULES if rule.default}
    tests, other = py.wanted_tests(enabled, ())

    def wanted(test_id: str, blacklist: bool) -> bool:
        return test_id in tests or (other and test_id not in py.TEST_RULE)

    return wanted


def _default_include() -> set[str]:
    from bandit.core import extension_loader

    wanted = _default_wanted()
    loader = extension_loader.MANAGER
    return {t for t in loader.plugins_by_id if wanted(t, False)} | {t for t in loader.blacklist_by_id if wanted(t, True)}


def _pairs(found: dict[str, Any]) -> set[tuple[str, str, int]]:
    return {(name, key[0], key[6]) for name, (issues, _) in found.items() for key in issues}


def test_corpus_makes_every_check_fire(theirs: dict[str, Any]) -> None:
    """A test id that never fires here would have an untested trigger."""
    found = theirs
    fired = {key[0] for issues, _ in found.values() for key in issues}
    with py._quiet():
        suite = bandit_walk.Suite(lambda test_id, blacklist: True)
    triggered = {check.test_id for check in suite._triggered if check.test_id != "B001"}
    blacklisted = {entry["id"] for entries in suite.blacklist_data.values() for entry in entries}
    # B509's plugin needs pysnmp's own keyword spellings: everything else with a trigger fires
    missing = sorted((triggered | {"B104", "B108", "B608"}) - fired - {"B509"})
    assert not missing, missing
    assert len(fired & blacklisted) >= 22, sorted(fired & blacklisted)
    for name in ("./corpus/utf7.py", "./corpus/nfkc.py"):  # the spellings only a decoder sees
        assert {key[0] for key in found[name][0]} >= {"B506", "B602"}, found[name]
    for name, (issues, _) in found.items():  # each one-spelling file fires its check
        for prefix, test_id in (("b104_", "B104"), ("b108_", "B108"), ("sql_", "B608")):
            if os.path.basename(name).startswith(prefix):
                assert test_id in {key[0] for key in issues}, name


def test_same_issues_as_bandit_for_every_test(corpus: list[tuple[str, bytes]], theirs: dict[str, Any]) -> None:
    ours = walk(corpus, lambda test_id, blacklist: True)
    assert _pairs(ours) == _pairs(theirs)
    assert ours == theirs  # field for field, failures included


def test_same_issues_as_bandit_for_the_default_rules(corpus: list[tuple[str, bytes]]) -> None:
    ours = walk(corpus, _default_wanted())
    theirs = bandit_manager(corpus, _default_include())
    assert _pairs(ours) == _pairs(theirs)
    assert ours == theirs


def test_same_issues_as_bandit_for_each_test_alone(corpus: list[tuple[str, bytes]], theirs: dict[str, Any]) -> None:
    """Each test enabled alone gets no help from the other checks' triggers keeping the walk
    going. bandit's plugins are independent, so its issues for one of them are its issues
    with every test, kept to that test; its blacklist check reports only the first listed
    name a node matches, so a blacklist id alone is compared with bandit's own run, on the
    files where any blacklist id fired (elsewhere it has nothing to report)."""
    from bandit.core import extension_loader

    loader = extension_loader.MANAGER
    plugins, blacklisted = sorted(loader.plugins_by_id), sorted(loader.blacklist_by_id)
    assert len(plugins) + len(blacklisted) >= 70
    # the written corpus and every file with an issue (the rest reports nothing anyway)
    files = [(n, d) for n, d in corpus if n.startswith("./corpus/") or theirs[n][0]]
    for test_id in plugins:
        ours = walk(files, lambda t, blacklist, wanted=test_id: t == wanted and not blacklist)
        expected = {n: (sorted(k for k in theirs[n][0] if k[0] == test_id), theirs[n][1]) for n, _ in files}
        assert ours == expected, test_id
    listed = [(n, d) for n, d in files if any(k[0] in loader.blacklist_by_id for k in theirs[n][0])]
    assert len(listed) >= 5
    for test_id in blacklisted:
        ours = walk(listed, lambda t, blacklist, wanted=test_id: t == wanted and blacklist)
        assert ours == bandit_manager(listed, {test_id}), test_id


def _unpruned(files: list[tuple[str, bytes]], lean: bool) -> dict[str, Any]:
    """The walk with every check on every file and node, optionally on the full walk."""
    with py._quiet():
        suite = bandit_walk.Suite(lambda test_id, blacklist: True)
        suite._triggered = []
        for checks in suite.by_type.values():
            for index, check in enumerate(checks):
                if check.pre is not None and check.test_id != "B001":
                    checks[index] = bandit_walk.Check(
                        check.function, check.name, check.test_id, check.config, check.takes_config, check.own,
                    )
        found: dict[str, Any] = {}
        for name, data in files:
            if lean:
                issues, error = bandit_walk.scan(suite, name, data)
            else:
                original = bandit_walk._Walker._lean_walk
                bandit_walk._Walker._lean_walk = bandit_walk._Walker._full_walk  # type: ignore[method-assign]
                try:
                    issues, error = bandit_walk.scan(suite, name, data)
                finally:
                    bandit_walk._Walker._lean_walk = original  # type: ignore[method-assign]
            found[name] = (sorted(_key(i) for i in issues), error)
    return found


def test_pruning_changes_nothing_on_the_standard_library() -> None:
    """Triggers, pre-tests and the lean walk against the plain walk, on hundreds of real
    modules (no bandit manager needed: test_bandit_walk proves the plain walk is bandit)."""
    files = _stdlib()
    assert len(files) >= 50
    pruned = walk(files, lambda test_id, blacklist: True)
    assert pruned == _unpruned(files, lean=False)


def test_lean_walk_equals_full_walk_on_the_corpus(corpus: list[tuple[str, bytes]]) -> None:
    assert _unpruned(corpus, lean=True) == _unpruned(corpus, lean=False)


def _selected(source: str | bytes) -> set[str]:
    with py._quiet():
        suite = bandit_walk.Suite(lambda test_id, blacklist: True)
    data = source.encode() if isinstance(source, str) else source
    return {check.test_id for checks in suite.select(data).values() for check in checks}


def test_select_drops_checks_whose_names_are_absent() -> None:
    clean = _selected("import json\nprint(json.dumps({}))\n")
    assert not clean & {"B602", "B506", "B113", "B614", "B701", "B101", "B110"}
    assert not clean & {"B104", "B108", "B608"}  # string triggers: no SQL word, no /tmp, no 0.0.0.0
    assert {"B105", "B613"} <= clean  # no trigger: always run
    for source, test_id in (
        ('x = "0.0" ".0.0"', "B104"), ('x = "\\x30.0.0.0"', "B104"), ('x = "/" "tmp"', "B108"),
        ('x = f"SEL{a}ECT b FR{c}OM t"', "B608"), ('x = "upd" "ate t s" "et a=" + v', "B608"),
        ('x = "\u0131nsert \u0131nto t values (" + v', "B608"),
    ):
        assert test_id in _selected(source + "\n"), source
    assert "B602" in _selected("import subprocess as sp\nsp.run(x, shell=True)\n")
    assert "B506" in _selected("import yaml\nyaml.load(s)\n")
    assert "B506" not in _selected("import yaml\nyaml.safe_load(s)\n")  # "load" is not a word there
    assert "B506" in _selected("import \uff59\uff41\uff4d\uff4c\n\uff59\uff41\uff4d\uff4c.load(s)\n")
    assert "B506" in _selected(b"# coding: utf-7\nimport +AHk-aml\n+AHk-aml.load(x)\n")
    assert "B201" in _selected("from myflaskapp import app\napp.run(debug=True)\n")  # substring


def test_undecodable_file_runs_every_check() -> None:
    assert "B602" in _selected(b"# coding: no-such-codec\nx = 1\n")


def test_third_party_checks_have_no_trigger() -> None:
    with py._quiet():
        suite = bandit_walk.Suite(lambda test_id, blacklist: True)
    for check in suite._triggered:
        assert check.own


def test_every_trigger_word_is_an_identifier() -> None:
    """Triggers are matched as \\w+ words: a dotted or spaced word would never match."""
    with py._quiet():
        suite = bandit_walk.Suite(lambda test_id, blacklist: True)
    for check in suite._triggered:
        assert check.trigger is not None
        for alternative in check.trigger.words:
            assert alternative and all(w.isascii() and w.replace(b"_", b"a").isalnum() for w in alternative), (check.test_id, alternative)
        for needle in check.trigger.substrings:
            assert needle and b"." not in needle, (check.test_id, needle)


def test_generated_tree_sample_is_present(corpus: list[tuple[str, bytes]]) -> None:
    assert sum(1 for name, _ in corpus if name.startswith("./bench-tree/")) >= 40
    assert any(os.path.basename(name) == "utf7.py" for name, _ in corpus)
