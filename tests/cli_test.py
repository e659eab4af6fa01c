"""The shared hook command line, exercised through sechooks-dockerfile."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from sechooks.dockerfile import main
from tests.conftest import GOOD_DOCKERFILE, ROOT_DOCKERFILE, git, write


def test_clean_file_prints_nothing_and_exits_0(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "Dockerfile", GOOD_DOCKERFILE)
    assert main(["Dockerfile"]) == 0
    out, err = capsys.readouterr()
    assert out == "" and err == ""


def test_finding_line_format_and_summary(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "Dockerfile", ROOT_DOCKERFILE)
    assert main(["Dockerfile"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Dockerfile:2:1: DKR201 [high] ") and out[0].endswith(" (final-user-root)")
    assert "'root'" in out[0]
    assert out[1].startswith("    fix: Add a non-root user")
    assert out[-1] == "sechooks-dockerfile: 1 finding (1 high) in 1 file"


def test_findings_sorted_by_path_then_line(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "b/Dockerfile", "FROM ubuntu\nUSER root\n")
    write(repo / "a/Dockerfile", "FROM ubuntu\nUSER root\n")
    main(["b/Dockerfile", "a/Dockerfile"])
    lines = [l for l in capsys.readouterr().out.splitlines() if ": DKR" in l]
    keys = [(l.split(":")[0], int(l.split(":")[1])) for l in lines]
    assert keys == sorted(keys)
    assert keys[0][0] == "a/Dockerfile"


@pytest.mark.parametrize(("fail_on", "code"), [("low", 1), ("high", 1), ("critical", 0)])
def test_fail_on_threshold(repo: Path, capsys: pytest.CaptureFixture[str], fail_on: str, code: int) -> None:
    write(repo / "Dockerfile", ROOT_DOCKERFILE)
    assert main(["--fail-on", fail_on, "Dockerfile"]) == code
    assert "DKR201" in capsys.readouterr().out  # still reported below the threshold


def test_disable_and_enable(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "Dockerfile", ROOT_DOCKERFILE)
    assert main(["--disable", "DKR201", "Dockerfile"]) == 0
    assert main(["--enable", "DKR205", "--disable", "DKR201", "Dockerfile"]) == 1
    assert "DKR205" in capsys.readouterr().out


def test_severity_override(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "Dockerfile", ROOT_DOCKERFILE)
    assert main(["--severity", "DKR201=low", "--fail-on", "medium", "Dockerfile"]) == 0
    assert "DKR201 [low]" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [
    ["--fail-on", "severe", "Dockerfile"],
    ["--disable", "DKR999", "Dockerfile"],
    ["--severity", "DKR201", "Dockerfile"],
    ["--format", "xml", "Dockerfile"],
    ["--no-such-flag"],
])
def test_usage_errors_exit_2_with_one_line(repo: Path, capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    write(repo / "Dockerfile", ROOT_DOCKERFILE)
    with pytest.raises(SystemExit) as exc:
        code = main(argv)
        raise SystemExit(code)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_disabling_every_rule_is_a_config_error(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "Dockerfile", ROOT_DOCKERFILE)
    assert main(["--disable", "DKR", "Dockerfile"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("sechooks-dockerfile: error: the configuration disables every DKR rule")
    assert err.count("sechooks-dockerfile") == 1
    assert main(["--enable", "DKR201", "--disable", "DKR", "Dockerfile"]) == 2  # the later flag wins


def test_enable_and_disable_apply_in_command_line_order(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "Dockerfile", "FROM ubuntu\nUSER root\n")  # DKR201 root, DKR202 unpinned, DKR204 no HEALTHCHECK
    assert main(["--format", "json", "Dockerfile"]) == 1
    everything = {f["rule"] for f in json.loads(capsys.readouterr().out)["findings"]}
    assert len(everything) > 1 and "DKR201" in everything
    assert main(["--format", "json", "--disable", "DKR", "--enable", "DKR201", "Dockerfile"]) == 1
    assert {f["rule"] for f in json.loads(capsys.readouterr().out)["findings"]} == {"DKR201"}
    assert main(["--format", "json", "--disable", "DKR201", "--ignore", "DKR200", "--enable", "DKR201", "Dockerfile"]) == 1
    assert "DKR201" in {f["rule"] for f in json.loads(capsys.readouterr().out)["findings"]}


def test_missing_file_is_a_usage_error_and_the_rest_is_checked(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "Dockerfile", ROOT_DOCKERFILE)
    assert main(["nope/Dockerfile", "Dockerfile"]) == 2
    captured = capsys.readouterr()
    assert captured.err.strip().splitlines() == ["sechooks-dockerfile: error: nope/Dockerfile: no such file"]
    assert "Dockerfile:2:1: DKR201" in captured.out  # the file that exists is still checked
    assert "DKR200" not in captured.out


def test_directory_and_dangling_link_are_usage_errors(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "Dockerfile.d").mkdir()
    (repo / "Dockerfile.link").symlink_to(repo / "gone")
    assert main(["Dockerfile.d", "Dockerfile.link"]) == 2
    captured = capsys.readouterr()
    assert "Dockerfile.d: is a directory" in captured.err
    assert "Dockerfile.link: a dangling symbolic link" in captured.err
    assert "DKR200" not in captured.out


def test_fifo_is_skipped_without_blocking(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import os

    os.mkfifo(repo / "Dockerfile")
    assert main(["Dockerfile", "-v"]) == 0
    assert "not a regular file" in capsys.readouterr().err


def test_symlink_out_of_the_repository_is_not_followed(repo: Path, tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]) -> None:
    outside = tmp_path_factory.mktemp("outside") / "creds"
    outside.write_text(ROOT_DOCKERFILE)
    (repo / "Dockerfile").symlink_to(outside)
    assert main(["Dockerfile", "-v"]) == 0
    captured = capsys.readouterr()
    assert "DKR201" not in captured.out
    assert "symbolic link to outside the repository" in captured.err


def test_binary_file_skipped_quietly_and_said_with_verbose(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "Dockerfile", b"FROM ubuntu\x00\x01\x02" * 10)
    assert main(["Dockerfile"]) == 0
    assert capsys.readouterr() == ("", "")
    assert main(["Dockerfile", "-v"]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines()[0] == "sechooks-dockerfile: Dockerfile: skipped: binary file"
    assert err.splitlines()[1].startswith("sechooks-dockerfile: 0 checked, 1 skipped, 0 suppressed, 0 baselined, 0 reported in ")


def test_files_the_hook_does_not_handle_are_skipped(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "app.py", "from .config import settings\nimport os\n")
    write(repo / "README.md", "FROM the start, USER root\n")
    assert main(["app.py", "README.md"]) == 0
    assert capsys.readouterr() == ("", "")
    assert main(["-v", "app.py"]) == 0
    assert "app.py: skipped: not a file this hook checks" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["--output=victim.py", "--exclude=*", "-o", "--format=json", "--disable=DKR"])
def test_file_names_are_never_options(repo: Path, capsys: pytest.CaptureFixture[str], name: str) -> None:
    victim = write(repo / "victim.py", "print('untouched')\n")
    write(repo / "Dockerfile", ROOT_DOCKERFILE)
    write(repo / name, "x\n")
    assert main([name, "Dockerfile", "victim.py"]) == 1
    out = capsys.readouterr().out
    assert "Dockerfile:2:1: DKR201" in out and out.startswith("Dockerfile:")  # text, every rule on
    assert victim.read_text() == "print('untouched')\n"


def test_version_flag(capsys: pytest.CaptureFixture[str]) -> None:
    from sechooks.core.version import VERSION

    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out == f"sechooks-dockerfile {VERSION}\n"


def test_no_abbreviated_options(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--out=x.txt", "Dockerfile"])
    assert exit_.value.code == 2
    assert "unrecognized arguments: --out=x.txt" in capsys.readouterr().err


def test_huge_file_skipped_with_notice(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from sechooks.dockerfile import HOOK

    write(repo / "Dockerfile", "FROM ubuntu\n" + "RUN true\n" * (HOOK.max_bytes // 9 + 1))
    assert main(["Dockerfile"]) == 0
    assert f"over the {HOOK.max_bytes}-byte limit" in capsys.readouterr().err
    write(repo / ".sechooks.toml", "max_file_bytes = 100\n")
    write(repo / "Dockerfile", ROOT_DOCKERFILE * 5)
    assert main(["Dockerfile"]) == 0
    assert "over the 100-byte limit" in capsys.readouterr().err


def test_non_utf8_text_is_decoded_not_crashed(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "Dockerfile", b"# caf\xe9 \xff\xfe\nFROM ubuntu:24.04\nUSER root\nHEALTHCHECK NONE\n")
    assert main(["Dockerfile"]) == 1
    assert "Dockerfile:3:1: DKR201" in capsys.readouterr().out


def test_crlf_and_bom(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "Dockerfile", b"\xef\xbb\xbfFROM ubuntu:24.04\r\nUSER root\r\nHEALTHCHECK NONE\r\n")
    assert main(["Dockerfile"]) == 1
    assert "Dockerfile:2:1: DKR201" in capsys.readouterr().out


def test_internal_error_is_one_line_exit_2(repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import sechooks.dockerfile as dockerfile

    def boom(*_: object) -> None:
        raise RuntimeError("secret-ish detail")

    monkeypatch.setattr(dockerfile, "build_stages", boom)
    write(repo / "Dockerfile", ROOT_DOCKERFILE)
    assert main(["Dockerfile"]) == 2
    err = capsys.readouterr().err
    assert "internal error while checking Dockerfile: RuntimeError" in err
    assert "secret-ish detail" not in err and "Traceback" not in err


def test_staged_reads_the_index_not_the_worktree(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "Dockerfile", ROOT_DOCKERFILE)
    git("add", "Dockerfile")
    write(repo / "Dockerfile", GOOD_DOCKERFILE)  # unstaged fix: the commit would still ship root
    write(repo / "other.Dockerfile", ROOT_DOCKERFILE)  # untracked: not part of the commit
    assert main(["--staged"]) == 1
    out = capsys.readouterr().out
    assert "Dockerfile:2:1: DKR201" in out
    assert "other.Dockerfile" not in out
    git("add", "Dockerfile")
    assert main(["--staged"]) == 0


def test_staged_outside_git_is_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    assert main(["--staged"]) == 2
    assert "error" in capsys.readouterr().err


def test_output_file(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "Dockerfile", ROOT_DOCKERFILE)
    assert main(["--format", "json", "-o", "report.json", "Dockerfile"]) == 1
    assert capsys.readouterr().out == ""
    data = json.loads((repo / "report.json").read_text())
    assert data["findings"][0]["rule"] == "DKR201"


def test_hook_never_modifies_scanned_files(repo: Path) -> None:
    path = write(repo / "Dockerfile", ROOT_DOCKERFILE)
    before = path.read_bytes(), path.stat().st_mtime_ns
    main(["Dockerfile"])
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert sorted(p.name for p in repo.iterdir()) == [".git", "Dockerfile"]


def test_path_rules_run_even_for_binary_files(repo: Path) -> None:
    import argparse

    from sechooks.core import cli, config as configuration, files
    from sechooks.core.finding import Finding

    def by_name(path: str, ctx: cli.Context) -> list[Finding]:
        return [Finding("DKR201", path, 1, 1, "key store committed")] if path.endswith(".p12") else []

    hook = cli.Hook("sechooks-dockerfile", "DKR", None, lambda p: True, check_path=by_name)
    write(repo / "cert.p12", b"\x00\x01binary")
    cfg = configuration.with_args(configuration.Config(), enable=["DKR"])
    engine = cli.Engine(cfg, str(repo))
    engine.run(hook, cli.make_context(hook, cfg, str(repo), argparse.Namespace(verbose=False)), [files.read_path("cert.p12")])
    engine.finish()
    assert [(r.finding.rule, r.finding.path) for r in engine.report.findings] == [("DKR201", "cert.p12")]
    assert engine.notices == ["cert.p12: skipped: binary file"]


def test_sarif_lists_suppressed_findings_with_their_kind(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    write(repo / "Dockerfile", "FROM ubuntu:24.04\n# sechooks: ignore[DKR201] -- tested image\nUSER root\n")
    write(repo / "legacy" / "Dockerfile", ROOT_DOCKERFILE)
    write(repo / ".sechooks.toml", '[[ignore]]\npath = "legacy/*"\nrules = ["DKR201"]\n')
    assert main(["Dockerfile", "legacy/Dockerfile", "--format", "sarif", "--disable", "DKR206,DKR202"]) == 0
    results = json.loads(capsys.readouterr().out)["runs"][0]["results"]
    kinds = sorted((r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["suppressions"][0]["kind"]) for r in results)
    assert kinds == [("Dockerfile", "inSource"), ("legacy/Dockerfile", "external")]
    assert all(r["ruleId"] == "DKR201" for r in results)


def test_staged_from_a_subdirectory(repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from tests.conftest import git

    write(repo / "services" / "api" / "Dockerfile", ROOT_DOCKERFILE)
    git("add", "-A")
    monkeypatch.chdir(repo / "services")
    assert main(["--staged", "--format", "sarif", "api/Dockerfile"]) == 1
    [result] = json.loads(capsys.readouterr().out)["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "services/api/Dockerfile"


def test_python_hook_takes_scripts_by_their_shebang(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from sechooks.python import main as python_main

    write(repo / "bin" / "deploy", "#!/usr/bin/env python3\nimport subprocess\nsubprocess.call('ls', shell=True)\n")
    write(repo / "bin" / "run.sh", "#!/bin/sh\necho 'import subprocess'\n")
    write(repo / "Dockerfile", ROOT_DOCKERFILE)
    assert python_main(["bin/deploy", "bin/run.sh", "Dockerfile"]) == 1
    out = capsys.readouterr().out
    assert "bin/deploy:3:" in out and "PY501" in out
    assert "run.sh" not in out and "Dockerfile" not in out and "PY500" not in out


def test_dash_reads_standard_input_once(tmp_path: "Path", monkeypatch: "pytest.MonkeyPatch", capsys: "pytest.CaptureFixture[str]") -> None:
    import io
    import json as _json

    from sechooks.dockerfile import main as dockerfile_main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"FROM ubuntu:22.04\nUSER root\nHEALTHCHECK NONE\n")))
    assert dockerfile_main(["-", "-", "--format", "json"]) == 1
    found = _json.loads(capsys.readouterr().out)["findings"]
    assert [(f["path"], f["rule"], f["line"]) for f in found] == [("-", "DKR201", 2)]
