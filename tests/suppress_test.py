from __future__ import annotations

import json
from pathlib import Path

import pytest

from sechooks.core import suppress
from sechooks.dockerfile import main
from sechooks.core.finding import Finding
from sechooks.umbrella import main as umbrella
from tests.conftest import write, ROOT_DOCKERFILE

ROOT = "FROM ubuntu:24.04\nHEALTHCHECK NONE\n{pragma}USER root{trailing}\n"


def run(repo: Path, text: str, *args: str) -> tuple[int, str]:
    write(repo / "Dockerfile", text)
    import io
    from contextlib import redirect_stdout

    buf = io.StringIO()
    with redirect_stdout(buf):
        code = main([*args, "Dockerfile"])
    return code, buf.getvalue()


@pytest.mark.parametrize("pragma", [
    "# sechooks: ignore[DKR201]\n",
    "# sechooks: ignore[DKR201] -- the base drops privileges itself\n",
    "# sechooks: ignore[DKR203, DKR201]\n",
    "# sechooks: ignore\n",
    "# sechooks: ignore[dkr201]\n",
    "# hadolint ignore=DL3002\n",
    "# hadolint ignore=DL3006,DL3002\n",
    "# sechooks: ignore[DKR201]\n# another comment\n",
])
def test_standalone_pragmas_cover_the_next_instruction(repo: Path, pragma: str) -> None:
    code, out = run(repo, ROOT.format(pragma=pragma, trailing=""))
    assert code == 0, out


@pytest.mark.parametrize("pragma", [
    "# sechooks: ignore[DKR203]\n",
    "# hadolint ignore=DL3006\n",
    "# sechooks: ignore[DKR201]\nRUN true\n",
])
def test_pragmas_for_other_rules_or_lines_do_not_suppress(repo: Path, pragma: str) -> None:
    code, out = run(repo, ROOT.format(pragma=pragma, trailing=""))
    assert code == 1 and "DKR201" in out


def test_file_level_pragma_in_first_five_lines(repo: Path) -> None:
    head = "# sechooks: ignore-file[DKR201] -- legacy image\n"
    assert run(repo, head + ROOT.format(pragma="", trailing=""))[0] == 0
    late = "#\n" * 6 + head
    code, out = run(repo, late + ROOT.format(pragma="", trailing=""))
    assert code == 1 and "only works in the first 5 lines" in out


def test_checkov_skip_is_file_wide(repo: Path) -> None:
    assert run(repo, "#checkov:skip=CKV_DOCKER_8\n" + ROOT.format(pragma="", trailing=""))[0] == 0


def test_strict_rejects_bare_ignore(repo: Path) -> None:
    code, out = run(repo, ROOT.format(pragma="# sechooks: ignore\n", trailing=""), "--strict")
    assert code == 1
    assert "DKR201" in out
    assert "bare 'sechooks: ignore' is not allowed with --strict" in out


def test_require_reason(repo: Path) -> None:
    code, out = run(repo, ROOT.format(pragma="# sechooks: ignore[DKR201]\n", trailing=""), "--require-reason")
    assert code == 1 and "needs a reason" in out
    code, _ = run(repo, ROOT.format(pragma="# sechooks: ignore[DKR201] -- reviewed\n", trailing=""), "--require-reason")
    assert code == 0


def test_unknown_id_in_pragma_is_reported(repo: Path) -> None:
    code, out = run(repo, ROOT.format(pragma="# sechooks: ignore[DKR201,DKR999]\n", trailing=""))
    assert code == 1
    assert "unknown rule id 'DKR999'" in out
    assert "DKR201 [" not in out  # the valid id still suppresses


def test_unused_ignores_reported_on_request(repo: Path) -> None:
    text = "FROM ubuntu:24.04\nHEALTHCHECK NONE\n# sechooks: ignore[DKR201]\nUSER app\n"
    assert run(repo, text)[0] == 0
    code, out = run(repo, text, "--report-unused-ignores")
    assert code == 1
    assert "Dockerfile:3:1: error: unused suppression: sechooks: ignore[DKR201] matched no DKR201 finding" in out


def test_json_reports_suppression_errors(repo: Path) -> None:
    code, out = run(repo, ROOT.format(pragma="# sechooks: ignore\n", trailing=""), "--strict", "--format", "json")
    data = json.loads(out)
    assert data["errors"][0]["line"] == 3


@pytest.mark.parametrize(("line", "covers"), [
    ("x = 1  # sechooks: ignore[DKR201]", {1}),
    ("// sechooks: ignore[DKR201]", {2}),
    ("/* sechooks: ignore[DKR201] */", {2}),
    ("<!-- sechooks: ignore[DKR201] -- reason -->", {2}),
    ("x = 1 /* sechooks: ignore[DKR201] */", {1}),
])
def test_comment_syntaxes(line: str, covers: set[int]) -> None:
    parsed = suppress.parse(line + "\ncode\n", "DKR")
    assert set(parsed.by_line) == covers
    pragma = next(iter(parsed.by_line.values()))[0]
    assert pragma.ids == frozenset({"DKR201"})


def test_reason_is_never_parsed_as_ids() -> None:
    parsed = suppress.parse("# sechooks: ignore[DKR201] -- see DKR203 ticket\nUSER root\n", "DKR")
    assert parsed.by_line[2][0].ids == frozenset({"DKR201"})


# --- baseline ---------------------------------------------------------------

def test_fingerprints_ignore_line_numbers() -> None:
    a = Finding("DKR201", "Dockerfile", 3, evidence="USER   root")
    b = Finding("DKR201", "Dockerfile", 30, evidence="USER root")
    fa, fb = suppress.fingerprint_all([a]), suppress.fingerprint_all([b])
    assert fa[0].key == fb[0].key and fa[0].fingerprint == fb[0].fingerprint


def test_duplicates_get_occurrence_indexes() -> None:
    same = [Finding("SEC140", "a.py", n, evidence="s3cr3t") for n in (9, 2)]
    items = suppress.fingerprint_all(same)
    assert [(i.finding.line, i.index) for i in items] == [(2, 0), (9, 1)]


def test_evidence_defaults_to_the_source_line(repo: Path) -> None:
    import argparse

    from sechooks.core import cli, config as configuration, files

    def check(path: str, text: str, ctx: cli.Context) -> list[Finding]:
        return [Finding("DKR201", path, 2, 1, "no evidence given")]

    hook = cli.Hook("sechooks-dockerfile", "DKR", check, lambda p: True)
    write(repo / "Dockerfile", "FROM ubuntu:24.04\nUSER   root  \n")
    cfg = configuration.Config()
    engine = cli.Engine(cfg, str(repo))
    engine.run(hook, cli.make_context(hook, cfg, str(repo), argparse.Namespace(verbose=False)), [files.read_path("Dockerfile")])
    (item,) = engine.fingerprinted()
    assert item.finding.evidence == "USER   root  "
    assert item.hash == suppress.text_hash("USER root")


def test_baseline_round_trip_survives_moved_lines(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "Dockerfile", "FROM ubuntu\nUSER root\n")
    assert umbrella_run(["baseline", "--hook", "dockerfile", "."]) == 0
    doc = json.loads((repo / ".sechooks-baseline.json").read_text())
    assert doc["version"] == 1 and set(doc["files"]) == {"Dockerfile"}
    assert all("line" not in entry for entry in doc["files"]["Dockerfile"])
    assert main(["Dockerfile"]) == 0
    write(repo / "Dockerfile", "# moved down\n\nFROM ubuntu\n\n\nUSER root\n")
    assert main(["Dockerfile"]) == 0
    write(repo / "Dockerfile", "FROM ubuntu\nUSER root\nFROM ubuntu\nUSER 0\n")  # new problems
    capsys.readouterr()
    assert main(["Dockerfile"]) == 1
    out = capsys.readouterr().out
    assert "Dockerfile:4:1: DKR201" in out and "in baseline" in out


def test_baseline_is_sorted_and_stable(repo: Path) -> None:
    write(repo / "b/Dockerfile", "FROM ubuntu\nUSER root\n")
    write(repo / "a/Dockerfile", "FROM alpine\n")
    assert umbrella_run(["baseline", "--hook", "dockerfile"]) == 0
    first = (repo / ".sechooks-baseline.json").read_text()
    assert umbrella_run(["baseline", "--hook", "dockerfile"]) == 0
    assert (repo / ".sechooks-baseline.json").read_text() == first
    assert list(json.loads(first)["files"]) == ["a/Dockerfile", "b/Dockerfile"]


def test_hooks_never_write_the_baseline(repo: Path) -> None:
    write(repo / "Dockerfile", "FROM ubuntu\nUSER root\n")
    main(["Dockerfile"])
    assert not (repo / ".sechooks-baseline.json").exists()


def test_broken_baseline_is_exit_2(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "Dockerfile", "FROM ubuntu\n")
    write(repo / ".sechooks-baseline.json", "{not json")
    assert main(["Dockerfile"]) == 2
    assert "not a readable sechooks baseline" in capsys.readouterr().err


def umbrella_run(argv: list[str]) -> int:
    return umbrella(argv)


@pytest.mark.parametrize(("content", "message"), [
    ('{"version": 1, "files": {"Dockerfile": [{"rule": "DKR201", "hash": "x", "index": 1e999}]}}', "malformed entry under 'Dockerfile'"),
    ('{"version": 1, "files": {"Dockerfile": [{"rule": "DKR201", "hash": "x", "index": true}]}}', "malformed entry"),
    ('{"version": 1, "files": {"Dockerfile": ["x"]}}', "malformed entry"),
    ('{"version": 1, "files": {"Dockerfile": 5}}', "malformed entries under 'Dockerfile'"),
    ("[" * 100_000 + "]" * 100_000, "not a readable sechooks baseline"),
    ('{"version": 1, "files": {}}'.encode("utf-16").decode("latin-1"), "not a readable sechooks baseline"),
], ids=["index-1e999", "index-true", "entry-not-table", "entries-not-list", "nested-100k", "utf-16"])
def test_hostile_baselines_are_one_line_errors(repo: Path, capsys: pytest.CaptureFixture[str], content: str, message: str) -> None:
    write(repo / "Dockerfile", ROOT_DOCKERFILE)
    (repo / ".sechooks-baseline.json").write_bytes(content.encode("latin-1"))
    assert main(["Dockerfile"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and message in err and "Traceback" not in err


def test_baseline_symlink_to_a_device_is_refused(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "Dockerfile", ROOT_DOCKERFILE)
    (repo / ".sechooks-baseline.json").symlink_to("/dev/zero")
    assert main(["Dockerfile"]) == 2
    assert "not a regular file" in capsys.readouterr().err


def test_named_baseline_that_does_not_exist_is_an_error(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "Dockerfile", ROOT_DOCKERFILE)
    assert main(["--baseline", "missing.json", "Dockerfile"]) == 2
    assert "missing.json: baseline no such file" in capsys.readouterr().err
    assert main(["Dockerfile"]) == 1  # the default file may be absent


def _cost(fn: object, *args: object) -> float:
    from tests.timing import cpu_cost

    return max(cpu_cost(lambda: fn(*args)), 1e-4)  # type: ignore[operator]


@pytest.mark.parametrize("make", [
    lambda n: " " * n + "x sechooks: ignore[DKR201]\n",                          # blanks before a pragma
    lambda n: "# sechooks: ignore[DKR201]\n" * n + "RUN x\n",                     # many standalone pragmas
    lambda n: "# sechooks: ignore[NOPE1]\n" * n,                                   # many pragma problems
    lambda n: "".join(f"# checkov:skip=CKV_DOCKER_{i % 9}\n" for i in range(n)),  # many block pragmas
])
def test_pragma_parsing_is_linear(make: object) -> None:
    small, large = make(2_000), make(20_000)  # type: ignore[operator]
    ratio = _cost(suppress.parse, large, "DKR") / _cost(suppress.parse, small, "DKR")
    assert ratio < 30, f"10x the input cost {ratio:.1f}x the time"


def test_pragma_problems_never_quote_the_rest_of_the_line(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    secret = "ghp_" + "Zq8" * 12
    text = (f"FROM ubuntu:24.04\n# sechooks: ignore[{secret}] -- {secret}\nUSER root\n"
            f"USER root # sechooks: ignore[DKR999,DKR201] -- token={secret}\n"
            f"HEALTHCHECK NONE # sechooks: ignore[DKR2O1] {secret}\n")
    write(repo / "Dockerfile", text)
    main(["Dockerfile", "--report-unused-ignores", "--require-reason", "--format", "json"])
    main(["Dockerfile", "--report-unused-ignores", "--strict"])
    out, err = capsys.readouterr()
    assert secret not in out + err and secret[:12] not in out + err
    assert "unknown rule id of 40 characters" in out
    assert "unknown rule id 'DKR2O1' in sechooks: ignore (did you mean DKR201?)" in out
