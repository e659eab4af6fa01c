"""Smoke tests for bench/: the tree generator, the matching of findings to plants, the peer
parsers and the report writer. No timing assertions (speed is proven by running the bench)."""
from __future__ import annotations

import base64
import json
import os
import re
import sys
from pathlib import Path
from typing import Any, Callable

import pytest

from bench import generate, peers, regex_safety, report as reporting, run
from bench.peers import Hit

SHAPES = {
    "aws-access-key-id": re.compile(r"^AKIA[A-Z2-7]{16}$"),
    "aws-secret-access-key": re.compile(r"^[A-Za-z0-9/+]{40}$"),
    "github-classic-pat": re.compile(r"^ghp_[A-Za-z0-9]{36}$"),
    "slack-token": re.compile(r"^xoxb-\d{11}-\d{12}-[A-Za-z0-9]{24}$"),
    "stripe-live-key": re.compile(r"^sk_live_[A-Za-z0-9]{24}$"),
    "google-api-key": re.compile(r"^AIza[A-Za-z0-9_-]{35}$"),
    "password-assignment": re.compile(r"^\S{14}$"),
    "k8s-env-secret": re.compile(r"^\S{14}$"),
    "compose-env-password": re.compile(r"^\S{14}$"),
    "credentials-in-url": re.compile(r"^[A-Za-z0-9_-]{14}$"),
    "curl-user-password": re.compile(r"^[A-Za-z0-9_-]{14}$"),
    "private-key": re.compile(r"^[A-Za-z0-9+/]{64}$"),
}
AWS_DOC_KEYS = ("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")


def _files(root: Path) -> dict[str, bytes]:
    tree = root / "tree"
    return {str(p.relative_to(tree)): p.read_bytes() for p in sorted(tree.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    root = tmp_path_factory.mktemp("tree")
    return root, generate.generate(str(root), 150, seed=5)


def test_generation_is_deterministic(tmp_path: Path, tree: tuple[Path, dict[str, Any]]) -> None:
    root, manifest = tree
    again = generate.generate(str(tmp_path / "again"), 150, seed=5)
    other = generate.generate(str(tmp_path / "other"), 150, seed=6)
    assert _files(root) == _files(tmp_path / "again")
    assert again == manifest
    assert _files(root) != _files(tmp_path / "other")
    assert other["planted"] != manifest["planted"]
    assert len(_files(root)) == 150 == manifest["files"]


def test_small_tree_is_a_mixed_commit(tmp_path: Path) -> None:
    manifest = generate.generate(str(tmp_path), 10, seed=1)
    paths = list(_files(tmp_path))
    assert len(paths) == 10
    assert any(p.endswith("Dockerfile") for p in paths) and any(p.endswith(".tf") for p in paths)
    assert any(p.endswith(".py") for p in paths) and any(p.startswith("iam/") for p in paths)
    assert manifest["file_types"]["python"] == 1


def test_planted_secrets_are_fake_but_correctly_shaped(tree: tuple[Path, dict[str, Any]]) -> None:
    root, manifest = tree
    secrets = [p for p in manifest["planted"] if p["secret"]]
    assert {p["kind"] for p in secrets} >= {"aws-access-key-id", "github-classic-pat", "password-assignment", "private-key"}
    for item in secrets:
        assert SHAPES[item["kind"]].match(item["secret"]), item
        assert item["secret"] not in AWS_DOC_KEYS
        assert not any(word in item["secret"].lower() for word in ("example", "xxxx", "fake", "test")), item
        assert generate.entropy(item["secret"]) >= 3.0
    pem = next(p for p in secrets if p["kind"] == "private-key")
    lines = (root / "tree" / pem["path"]).read_text().splitlines()
    body = lines[pem["span"][0]:pem["span"][1] - 1]
    assert re.match(r"-----BEGIN [A-Z ]*PRIVATE KEY-----$", lines[pem["span"][0] - 1])
    assert re.match(r"-----END [A-Z ]*PRIVATE KEY-----$", lines[pem["span"][1] - 1])
    assert sum(len(b) for b in body) >= 64
    base64.b64decode("".join(body))  # valid base64 alphabet and padding (still not a key)


def test_manifest_points_at_the_planted_lines(tree: tuple[Path, dict[str, Any]]) -> None:
    root, manifest = tree
    checks: dict[str, Callable[[str], bool]] = {
        "docker-user-root": lambda line: line == "USER root",
        "docker-base-latest": lambda line: line.startswith("FROM ") and line.endswith(":latest"),
        "docker-sudo": lambda line: line.startswith("RUN sudo"),
        "tf-sg-ssh-world": lambda line: line.startswith('resource "aws_security_group"'),
        "iam-full-admin": lambda line: line.strip() == "{",
        "py-eval": lambda line: "eval(" in line,
        "py-shell-true": lambda line: "shell=True" in line,
    }
    seen = set()
    for item in manifest["planted"]:
        assert item["kind"] in generate.KINDS
        lines = (root / "tree" / item["path"]).read_text().splitlines()
        assert 1 <= item["span"][0] <= item["line"] <= item["span"][1] <= len(lines), item
        line = lines[item["line"] - 1]
        if item["secret"] and item["kind"] != "private-key":
            assert item["secret"] in line, item
        if item["kind"] in checks:
            assert checks[item["kind"]](line), (item, line)
            seen.add(item["kind"])
        rule = item["rule"]
        families = {"sechooks-secrets": ("SEC",), "sechooks-dockerfile": ("DKR",), "sechooks-terraform": ("NET",), "sechooks-iam": ("IAM",),
                    "sechooks-python": ("PY",), "sechooks-kubernetes": ("K8S",), "sechooks-actions": ("GHA",), "sechooks-compose": ("CMP",),
                    "sechooks-cloudformation": ("CFN", "NET", "IAM")}
        assert rule is None or rule.startswith(families[item["hook"]])
    assert seen, "no checked kind was planted"


@pytest.mark.parametrize("case", ["secrets", *generate.COMMITS])
def test_commit_sets_hold_ten_files_of_their_type(tmp_path: Path, case: str) -> None:
    manifest = generate.generate_commit(str(tmp_path), case, seed=2)
    paths = list(_files(tmp_path))
    assert len(paths) == 10 and manifest["files"] == 10
    suffix = {"dockerfile": "Dockerfile", "terraform-sg": ".tf", "terraform-none": ".tf", "iam": ".json", "python": ".py"}.get(case)
    if suffix:
        assert all(p.endswith(suffix) for p in paths)
    if case == "terraform-sg":
        assert all(open(tmp_path / "tree" / p).read().count('resource "aws_security_group"') >= 3 for p in paths)
    if case == "terraform-none":
        assert all("security_group" not in open(tmp_path / "tree" / p).read() for p in paths)
        assert manifest["planted"] == []
    else:
        assert manifest["planted"]


def _item(**kw: Any) -> dict[str, Any]:
    base = {"kind": "k", "hook": "sechooks-dockerfile", "rule": "DKR201", "path": "a/Dockerfile", "line": 5,
            "span": [5, 5], "scope": "line", "peers": {"hadolint": ["DL3002"]}, "secret": None}
    base.update(kw)
    return base


def test_detection_matches_by_file_line_and_id() -> None:
    manifest = {"planted": [
        _item(),
        _item(rule="DKR206", line=2, span=[1, 9], scope="file", peers={"hadolint": ["DL3057"]}),
        _item(rule=None, path="b/Dockerfile", peers={"hadolint": ["DL3002"]}),
        _item(path="c/Dockerfile"),
    ]}
    ours = [Hit("sechooks", "DKR201", "a/Dockerfile", 5, 5), Hit("sechooks", "DKR206", "a/Dockerfile", 2, 2),
            Hit("sechooks", "DKR201", "c/Dockerfile", 6, 6), Hit("sechooks", "DKR203", "z/Dockerfile", 1, 1)]
    got = run.detection(manifest, "sechooks-dockerfile", "DKR", "sechooks", ours)
    assert got["planted"] == 3 and got["detected"] == 2 and got["exact_rule"] == 2
    assert got["missed_by_kind"] == {"k": 1}
    assert got["decoys"] == 1 and got["decoys_flagged"] == 0
    assert got["other_findings"] == 2
    theirs = [Hit("hadolint", "DL3002", "a/Dockerfile", 5, 5), Hit("hadolint", "DL3002", "b/Dockerfile", 5, 5),
              Hit("hadolint", "DL3057", "a/Dockerfile", 9, 9), Hit("hadolint", "DL3008", "c/Dockerfile", 5, 5)]
    got = run.detection(manifest, "sechooks-dockerfile", "DKR", "hadolint", theirs)
    assert got["detected"] == 2 and got["decoys_flagged"] == 1 and got["other_findings"] == 1


def test_secret_plants_count_any_finding_on_the_line() -> None:
    item = _item(hook="sechooks-secrets", rule="SEC101", path="x.env", peers={"detect-secrets-hook": ["*"]})
    manifest = {"planted": [item]}
    assert run.detection(manifest, "sechooks-secrets", "SEC", "sechooks", [Hit("sechooks", "SEC140", "x.env", 5, 5)])["detected"] == 1
    got = run.detection(manifest, "sechooks-secrets", "SEC", "sechooks", [Hit("sechooks", "SEC140", "x.env", 5, 5)])
    assert got["exact_rule"] == 0
    assert run.detection(manifest, "sechooks-secrets", "SEC", "detect-secrets-hook", [Hit("detect-secrets-hook", "Secret Keyword", "x.env", 4, 4)])["detected"] == 0


def test_peer_parsers(tmp_path: Path) -> None:
    cwd = str(tmp_path)
    ds = "ERROR: Potential secrets about to be committed to git repo!\n\nSecret Type: AWS Access Key\nLocation:    a/b.env:3\n\nSecret Type: Secret Keyword\nLocation:    c.py:10\n"
    assert peers.parse_detect_secrets(ds, cwd) == [
        Hit("detect-secrets-hook", "AWS Access Key", "a/b.env", 3, 3), Hit("detect-secrets-hook", "Secret Keyword", "c.py", 10, 10)]
    hadolint = json.dumps([{"code": "DL3002", "file": "./svc/Dockerfile", "line": 7, "level": "warning", "message": "m", "column": 1}])
    assert peers.parse_hadolint(hadolint, cwd) == [Hit("hadolint", "DL3002", "svc/Dockerfile", 7, 7)]
    checkov = {"check_type": "terraform", "results": {"failed_checks": [
        {"check_id": "CKV_AWS_24", "file_path": "/net/main.tf", "file_abs_path": os.path.join(cwd, "net/main.tf"), "file_line_range": [3, 20]}]}}
    assert peers.parse_checkov(json.dumps([checkov]), cwd, "checkov-terraform") == [Hit("checkov-terraform", "CKV_AWS_24", "net/main.tf", 3, 20)]
    assert peers.parse_checkov(json.dumps(checkov), cwd) == [Hit("checkov", "CKV_AWS_24", "net/main.tf", 3, 20)]
    parliament = '{"issue": "RESOURCE_STAR", "location": {"line": 4, "column": 5, "filepath": "iam/p.json"}}\nnoise\n'
    assert peers.parse_parliament(parliament, cwd) == [Hit("parliament", "RESOURCE_STAR", "iam/p.json", 4, 4)]
    bandit = json.dumps({"results": [{"filename": "./pkg/m.py", "line_number": 9, "line_range": [9, 10], "test_id": "B602"}]})
    assert peers.parse_bandit(bandit, cwd) == [Hit("bandit", "B602", "pkg/m.py", 9, 10)]
    ours = json.dumps({"version": 1, "findings": [{"rule": "DKR201", "path": "svc/Dockerfile", "line": 7, "end_line": None}]})
    assert peers.parse_sechooks(ours, cwd) == [Hit("sechooks", "DKR201", "svc/Dockerfile", 7, 7)]
    for parse in (peers.parse_hadolint, peers.parse_checkov, peers.parse_bandit, peers.parse_sechooks):
        assert parse("not json", cwd) == []


def _report() -> dict[str, Any]:
    timing = {"runs": 3, "median_ms": 80.0, "min_ms": 70.0, "max_ms": 90.0, "peak_rss_mb": 20.0, "exit_codes": [1]}
    detect = {"planted": 10, "detected": 10, "decoys": 2, "decoys_flagged": 0, "other_findings": 1, "missed_by_kind": {}}
    return {
        "machine": {"cores": 2, "cpu_model": "cpu", "python": "3.11", "date": "2026-01-01T00:00:00Z"},
        "commit": [
            {"case": "dockerfile", "hook": "sechooks-dockerfile", "target_ms": 100.0, **timing,
             "peers": [{"tool": "hadolint", "installed": True, **timing, "median_ms": 30.0, "ratio": 0.38, "detection": detect}]},
            {"case": "python", "hook": "sechooks-python", "target_ms": 250.0, **timing, "median_ms": 300.0, "peers": []},
        ],
        "tree": [
            {"size": 2000, "hook": "sechooks-secrets", "files": 2000, **timing, "detection": detect,
             "peers": [{"tool": "detect-secrets-hook", "installed": True, **timing, "median_ms": 800.0, "ratio": 10.0,
                        "detection": {**detect, "detected": 8}}]},
            {"size": 2000, "hook": "sechooks-terraform", "files": 300, **timing, "detection": detect,
             "peers": [{"tool": "checkov-terraform", "installed": False}]},
        ],
        "scan": [{"size": 2000, **timing, "findings": 5}, {"size": 20000, **timing, "peak_rss_mb": 30.0, "findings": 50}],
        "regex": {"patterns": 3, "slowest_mb_per_s": 2.0, "median_mb_per_s": 20.0, "max_ratio_1m_100k": 30.0,
                  "threshold_superlinear": 20.0, "flagged": ["sechooks.x._BAD"]},
    }


def test_targets_and_summary() -> None:
    data = _report()
    targets = {t["what"]: t for t in reporting.targets(data)}
    assert targets["sechooks-dockerfile on a 10-file commit (dockerfile)"]["met"] is True
    assert targets["sechooks-python on a 10-file commit (python)"]["met"] is False
    assert targets["secrets vs detect-secrets-hook on the 2000-file tree"]["met"] is True
    assert targets["terraform vs checkov on the tree"]["met"] is None
    assert targets["dockerfile vs hadolint (10-file commit)"]["met"] is False
    assert targets["regex safety (every compiled regex in sechooks.*)"]["met"] is False
    memory = next(t for t in targets.values() if t["what"].startswith("memory"))
    assert "1.50x" in memory["actual"] and memory["met"] is None
    # with interleaved floor rounds, a commit is judged as pre-commit runs the hook (text, console
    # script), the --format json run of the commit phase given beside it
    data["pairs"] = {"floor": [{"case": "python", "hook": "sechooks-python", "a_median_ms": 240.0, "rounds": 9, "ratio": 5.0, "target": 6.0},
                               {"case": "dockerfile", "hook": "sechooks-dockerfile", "a_median_ms": 120.0, "rounds": 9, "ratio": 3.0, "target": 2.5}]}
    judged = {t["what"]: t for t in reporting.targets(data)}
    assert judged["sechooks-python on a 10-file commit (python)"]["met"] is True
    assert judged["sechooks-dockerfile on a 10-file commit (dockerfile)"]["met"] is False
    assert "with --format json" in judged["sechooks-python on a 10-file commit (python)"]["actual"]
    del data["pairs"]
    data["targets"] = list(targets.values())
    text = "\n".join(reporting.summary_lines(data))
    assert "[MISS] sechooks-python" in text and "super-linear: sechooks.x._BAD" in text and "not installed" in text


def test_write_json_and_chart(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    data = _report()
    path = reporting.write_json(data, str(tmp_path / "out" / "report.json"))
    assert json.loads(Path(path).read_text()) == data
    pytest.importorskip("matplotlib")
    png = reporting.chart(data, str(tmp_path / "report.png"), sys.stderr)
    assert png and Path(png).read_bytes().startswith(b"\x89PNG")
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import fails as if not installed
    assert reporting.chart(data, str(tmp_path / "none.png"), sys.stderr) is None
    assert "matplotlib is not installed" in capsys.readouterr().err
    assert not (tmp_path / "none.png").exists()


def test_regex_walk_finds_patterns_in_tables() -> None:
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class Detector:
        rule: str
        pattern: re.Pattern[str]

    table = (Detector("A", re.compile("a+b")), {"k": [re.compile("c")]}, "not a pattern")
    found = {name: p.pattern for name, p in regex_safety._walk("m.T", table, 0, set())}
    assert found == {"m.T[0].pattern": "a+b", "m.T[1]['k'][0]": "c"}
    class Lazy:
        __slots__ = ("source", "flags", "_rx")

        def __init__(self, source: str, flags: int = 0) -> None:
            self.source, self.flags, self._rx = source, flags, None

    lazy = {name: (p.pattern, p.flags & re.IGNORECASE) for name, p in regex_safety._walk("m.L", [Lazy("x+y", re.I)], 0, set())}
    assert lazy == {"m.L[0]": ("x+y", re.IGNORECASE)}
    assert "ghp_" in regex_safety.literals(r"(?<![A-Za-z0-9_])ghp_[A-Za-z0-9]{36}")
    assert regex_safety.line_of("ab", 5) == "ababa"
    patterns, _ = regex_safety.collect()
    assert any(name.startswith("sechooks.") for name, _ in patterns)


def test_bench_command_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = run.main(["--out", str(tmp_path), "--sizes", "10", "--runs", "1", "--rounds", "1", "--no-peers", "--no-regex", "--no-chart", "--no-publish"])
    assert code == 0
    data = json.loads((tmp_path / "report.json").read_text())
    assert data["machine"]["cores"] and data["commit"] and data["scan"][0]["size"] == 10
    assert {row["hook"] for row in data["commit"]} == set(data["hooks"])
    assert all(row["runs"] == 1 and row["warmup"] for row in data["commit"])
    assert "targets:" in capsys.readouterr().out
    pairs = data["pairs"]
    assert {row["hook"] for row in pairs["floor"]} == set(data["hooks"])
    assert all(row["rounds"] == 1 and row["ratio"] > 0 and "errors" not in row for row in pairs["floor"])
    if "error" not in pairs["suite"]:  # pre-commit installed
        assert pairs["suite"]["ratio"] > 0 and pairs["suite"]["a_exit_codes"] == pairs["suite"]["b_exit_codes"] == [1], pairs["suite"]
    assert pairs["jobs"]["identical_output"] and "errors" not in pairs["jobs"]


USES = '''
import re
from dataclasses import dataclass

@dataclass(frozen=True)
class Row:
    rule: str
    pattern: re.Pattern[str]

_WORD = re.compile(r"\\w+")
_ANCHOR = re.compile(r"a+b")
_SPLIT = r"[,\\s]+"
ROWS = (Row("R1", re.compile(r"x+y")),)
PAIRS = ((re.compile(r"p+q"), "P1"),)
_TOKEN = re.compile(r"[a-z]+")

def words(text):
    return _WORD.findall(text) + [m.group() for m in _WORD.finditer(text)]

def anchored(line):
    return _ANCHOR.match(line)

def rows(text):
    return [m for row in ROWS for m in row.pattern.finditer(text)]

def pairs(text):
    for rx, rule in PAIRS:
        if rx.search(text):
            yield rule

def passed(text):
    return helper(text, _ANCHOR)

def helper(text, rx):
    return rx.sub("", text)

def tokens(text):
    match, pos = _TOKEN.match, 0
    while pos < len(text):
        m = match(text, pos)
        pos = m.end() if m else pos + 1

def splits(text, name):
    return re.split(_SPLIT, text) + [re.fullmatch(r"\\d+", text), re.search(r"^" + re.escape(name), text)]
'''


def test_regex_uses_are_read_from_the_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    (tmp_path / "regex_uses_probe.py").write_text(USES)
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.import_module("regex_uses_probe")
    uses, dynamic = regex_safety.methods_by_pattern(["regex_uses_probe"])
    methods = {pattern: sorted(by_method) for (pattern, _), by_method in uses.items()}
    assert methods[r"\w+"] == ["findall", "finditer"]
    assert methods["a+b"] == ["match", "sub"]  # matched directly, substituted once passed to helper()
    assert methods["x+y"] == ["finditer"]  # a table row's field
    assert methods["p+q"] == ["search"]  # unpacked from a table in a for loop
    assert methods["[a-z]+"] == ["match@pos"]  # a bound match() kept for a tokenizer loop
    assert methods[r"[,\s]+"] == ["split"] and methods[r"\d+"] == ["fullmatch"]  # re functions, str global or literal
    line = next(n for n, text in enumerate(USES.split("\n"), 1) if "re.escape" in text)
    assert dynamic == [f"regex_uses_probe:{line}"]  # built at run time: listed, not measured
    # a+b on "aaa...": one pass when anchored, quadratic when every start position is tried
    timed = regex_safety.measure("probe", re.compile("a+b"), quick=True, uses={"match": ["x:1"], "sub": ["x:2"]})
    assert set(timed["uses"]) == {"match", "sub"} and not timed["unresolved"]
    assert timed["uses"]["match"]["superlinear"] is False and timed["uses"]["sub"]["superlinear"] is True
    assert timed["superlinear"] and timed["superlinear_as_used"]
    assert regex_safety.runner(re.compile("b"), "match@pos")("abab") is None


# --- interleaved pairs (#22.5) ----------------------------------------------------

class _FakeRunner:
    """Each command's wall time comes from a list per command; the calls are recorded."""

    def __init__(self, walls: dict[str, list[float]]) -> None:
        self.walls = walls
        self.calls: list[str] = []

    def once(self, cmd: list[str], cwd: str, env: dict[str, str], keep: bool = False) -> tuple[run.Sample, str, str]:
        name = cmd[0]
        self.calls.append(name)
        wall = self.walls[name].pop(0)
        return run.Sample(wall, wall / 2, 0.0, 1000, 0), "", ""


def test_pairs_alternate_and_report_the_median_of_per_round_ratios() -> None:
    # the machine slows down 10x half-way: per-round ratios stay 2, the ratio of medians would not
    fake = _FakeRunner({"a": [9.0, 2.0, 2.0, 20.0, 20.0], "b": [9.0, 1.0, 1.0, 10.0, 10.0]})
    timings = run.interleave(fake, {"a": (["a"], "."), "b": (["b"], ".")}, {}, 4)  # type: ignore[arg-type]
    assert fake.calls == ["a", "b", "a", "b", "b", "a", "a", "b", "b", "a"]  # warm-ups, then A B, B A, ...
    assert run.round_ratio(timings["a"], timings["b"]) == 2.0
    assert run.round_ratio(timings["a"], timings["b"], cpu=True) == 2.0
    row = run._pair_row(timings, "a", "b")
    assert row["rounds"] == 4 and row["ratio"] == 2.0 and "errors" not in row


def test_pair_targets() -> None:
    pairs = {
        "floor": [{"hook": "sechooks-iam", "case": "iam", "ratio": 2.4, "cpu_ratio": 2.2, "rounds": 9, "target": 2.5},
                  {"hook": "sechooks-python", "case": "python", "ratio": 6.5, "cpu_ratio": 6.1, "rounds": 9, "target": 6.0}],
        "suite": {"ratio": 0.55, "cpu_ratio": 0.5, "rounds": 9, "a_median_ms": 300.0, "b_median_ms": 560.0, "target": 0.6},
        "jobs": {"ratio": 1.6, "rounds": 3, "a_median_ms": 30000.0, "b_median_ms": 19000.0, "size": 2000, "cores": 2,
                 "target": 2.0, "identical_output": True, "families": ["DKR", "SEC"],
                 "baseline": {"rev": "abc1234", "ratio": 2.3, "rounds": 3, "a_median_ms": 44000.0, "b_median_ms": 19000.0, "hooks": ["SEC"]}},
        "secrets_tree": [{"size": 2000, "ratio": 1.1, "rounds": 3, "a_median_ms": 1300.0, "b_median_ms": 1200.0, "target": 1.0,
                          "detection": {"sechooks": {"detected": 9, "planted": 9, "decoys_flagged": 0},
                                        "gitleaks": {"detected": 7, "planted": 9, "decoys_flagged": 1}}}],
    }
    got = {t["what"]: t["met"] for t in reporting.pair_targets(pairs)}
    assert got == {
        "sechooks-iam / python -c pass on a 10-file commit (iam)": True,
        "sechooks-python / python -c pass on a 10-file commit (python)": False,
        "the sechooks hook / the five hooks under pre-commit (10-file commit)": True,
        "sechooks scan --jobs 2 vs the serial scan of abc1234 (2000 files, 2 cores)": True,
        "sechooks scan --jobs 2 vs --jobs 1 (2000 files, 2 cores)": None,  # reported: the parallel speed-up alone
        "secrets on the 2000-file tree (sechooks scan --hook secrets) vs gitleaks dir": True,
    }
    pairs["modules"] = {"ratio": 4.3, "cpu_ratio": 4.2, "rounds": 5, "a_median_ms": 860.0, "b_median_ms": 200.0, "sizes": [100, 400], "target": 6.0}
    modules = "sechooks-terraform on a 400-file module directory / a 100-file one"
    assert {t["what"]: t["met"] for t in reporting.pair_targets(pairs)}[modules] is True
    pairs["modules"]["ratio"] = 15.8  # quadratic
    assert {t["what"]: t["met"] for t in reporting.pair_targets(pairs)}[modules] is False
    del pairs["modules"]
    pairs["jobs"]["baseline"]["ratio"] = 1.9
    pairs["secrets_tree"][0]["ratio"] = 0.9
    got = {t["what"]: t["met"] for t in reporting.pair_targets(pairs)}
    assert got["sechooks scan --jobs 2 vs the serial scan of abc1234 (2000 files, 2 cores)"] is False
    assert got["secrets on the 2000-file tree (sechooks scan --hook secrets) vs gitleaks dir"] is False
    pairs["jobs"].update(identical_output=False)  # fast but wrong is a miss
    wrong = {t["what"]: t["met"] for t in reporting.pair_targets(pairs)}
    assert wrong["sechooks scan --jobs 2 vs --jobs 1 (2000 files, 2 cores)"] is False
    pairs["jobs"]["baseline"] = {"rev": "abc1234", "error": "commit not in this clone"}
    assert any(t["met"] is None and "before --jobs" in t["what"] for t in reporting.pair_targets(pairs))
    assert reporting.pair_targets(None)[0]["met"] is None


def test_local_config_keeps_the_manifest_filters() -> None:
    import yaml

    config = yaml.safe_load(run.local_config("/usr/bin/python3", ["sechooks-dockerfile", "sechooks"]))
    dockerfile, suite = config["repos"][0]["hooks"]
    assert dockerfile["files"].startswith("(^|/)") and dockerfile["language"] == "system"
    assert "from sechooks.dockerfile import main" in dockerfile["entry"]
    assert suite["types"] == ["file"] and "from sechooks.umbrella import main" in suite["entry"]
    assert suite["entry"].endswith(" scan")


def test_module_directory_needs_its_siblings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The bench's module directory: every file's security group is open to the world only
    through the shared variable, so a hook that did not read siblings would find nothing."""
    from sechooks import terraform

    names = run.module_dir(str(tmp_path / "m"), 3)
    assert names == ["m/f0000.tf", "m/f0001.tf", "m/f0002.tf"]
    monkeypatch.chdir(tmp_path)
    assert terraform.main(["--format", "json", *names]) == 1
    (tmp_path / "m" / "variables.tf").write_text('variable "cidr" {\n  default = "10.0.0.0/8"\n}\n')
    assert terraform.main(["--format", "json", *names]) == 0
