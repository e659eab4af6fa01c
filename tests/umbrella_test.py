"""The `sechooks` developer CLI: rules, explain, scan, baseline."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sechooks.core import catalogue
from sechooks.umbrella import main
from tests.conftest import ROOT_DOCKERFILE, write


def runner() -> CliRunner:
    try:  # click < 8.2 mixes stderr into stdout unless told not to
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:
        return CliRunner()


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_rules_lists_every_rule() -> None:
    code, out, _ = invoke("rules")
    assert code == 0
    ids = [line.split()[0] for line in out.splitlines()]
    assert ids == [r.id for r in catalogue.all_rules()]


def test_rules_json_and_family_filter() -> None:
    code, out, _ = invoke("rules", "--family", "dkr", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data and all(r["id"].startswith("DKR") for r in data)
    assert {"id", "name", "severity", "default", "hook", "fix"} <= set(data[0])


def test_explain_shows_the_docs() -> None:
    code, out, _ = invoke("explain", "dkr201")
    assert code == 0
    assert out.startswith("DKR201 final-user-root")
    for part in ("Why is this bad?", "Example:", "Use instead:", "Fix:", "References:", "CWE-250"):
        assert part in out


def test_explain_unknown_rule_is_usage_error() -> None:
    code, _, err = invoke("explain", "DKR999")
    assert code == 2 and "unknown rule id 'DKR999'" in err


def test_scan_a_directory(repo: Path) -> None:
    write(repo / "svc/Dockerfile", ROOT_DOCKERFILE)
    write(repo / "svc/README.md", "nothing to see\n")
    write(repo / "node_modules/pkg/Dockerfile", ROOT_DOCKERFILE)  # never scanned
    code, out, _ = invoke("scan", "--hook", "dockerfile", "--format", "json")
    data = json.loads(out)
    assert code == 1
    assert {(f["path"], f["rule"]) for f in data["findings"]} == {("svc/Dockerfile", "DKR201")}


def test_scan_respects_gitignore(repo: Path) -> None:
    write(repo / ".gitignore", "build/\n")
    write(repo / "build/Dockerfile", ROOT_DOCKERFILE)
    code, out, _ = invoke("scan", "--hook", "dockerfile")
    assert code == 0 and out == ""


def test_scan_outside_git_walks_the_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    write(tmp_path / "a/b/app.dockerfile", ROOT_DOCKERFILE)
    code, out, _ = invoke("scan", "--hook", "dockerfile", ".")
    assert code == 1 and "a/b/app.dockerfile:2:1: DKR201" in out


def test_scan_unknown_hook_and_missing_path(repo: Path) -> None:
    assert invoke("scan", "--hook", "nope")[0] == 2
    code, _, err = invoke("scan", "missing-dir")
    assert code == 2 and "no such file or directory" in err


def test_scan_help_lists_the_shared_options() -> None:
    result = runner().invoke(main, ["scan", "--help"])
    assert result.exit_code == 0
    assert "--fail-on" in result.stdout and "--staged" in result.stdout


def test_baseline_writes_then_scan_is_clean(repo: Path) -> None:
    write(repo / "Dockerfile", ROOT_DOCKERFILE)
    code, _, err = invoke("baseline", "--hook", "dockerfile")
    assert code == 0 and "wrote 1 entries to .sechooks-baseline.json" in err
    assert invoke("scan", "--hook", "dockerfile")[0] == 0


def test_baseline_output_option(repo: Path) -> None:
    write(repo / "Dockerfile", ROOT_DOCKERFILE)
    assert invoke("baseline", "--hook", "dockerfile", "-o", "custom.json")[0] == 0
    assert json.loads((repo / "custom.json").read_text())["files"]["Dockerfile"]
    assert not (repo / ".sechooks-baseline.json").exists()


def test_baseline_from_detect_secrets_keeps_only_accepted_secrets(repo: Path) -> None:
    import hashlib

    accepted = "ghp_" + "Zq3Xw9Lp0Kd7Vb4Nc8Ty1Hs5Jm2Ge6Rf" + "Qa3U"
    fresh = "ghp_" + "Mn7Rt2Bq9Wx4Kz1Lc8Vd5Fg3Hj6Ps0Ty" + "Ue7A"
    write(repo / "app.py", f'OLD = "{accepted}"\nNEW = "{fresh}"\n')
    sha1 = hashlib.sha1(accepted.encode()).hexdigest()
    write(repo / ".secrets.baseline", json.dumps({
        "version": "1.5.0",
        "results": {"app.py": [{"type": "GitHub Token", "filename": "app.py", "hashed_secret": sha1, "line_number": 1}]},
    }))
    code, _, err = invoke("baseline", "--hook", "secrets", "--from-detect-secrets", ".secrets.baseline", "app.py")
    assert code == 0, err
    text = (repo / ".sechooks-baseline.json").read_text()
    assert accepted not in text and fresh not in text
    assert [e["rule"] for e in json.loads(text)["files"]["app.py"]] == ["SEC103"]
    code, out, _ = invoke("scan", "--hook", "secrets", "--format", "json", "app.py")
    assert code == 1
    assert [(f["rule"], f["line"]) for f in json.loads(out)["findings"]] == [("SEC103", 2)]


def test_baseline_from_a_broken_detect_secrets_file_is_exit_2(repo: Path) -> None:
    write(repo / "app.py", "x = 1\n")
    write(repo / ".secrets.baseline", "{}")
    code, _, err = invoke("baseline", "--hook", "secrets", "--from-detect-secrets", ".secrets.baseline")
    assert code == 2 and "not a detect-secrets baseline" in err


def test_scan_feeds_batch_hooks_in_chunks(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sechooks import scan as scanning

    monkeypatch.setattr(scanning, "BATCH_FILES", 3)
    for i in range(7):
        write(repo / f"src/m{i}.py", f"TOKEN = 'ghp_{'Zq3Xw9Lp0Kd7Vb4Nc8Ty1Hs5Jm2Ge6Rf'}{i:04d}'\n")
    code, out, _ = invoke("scan", "--hook", "secrets", "--format", "json")
    data = json.loads(out)
    assert code == 1
    assert sorted(f["path"] for f in data["findings"]) == [f"src/m{i}.py" for i in range(7)]
    assert data["summary"]["files"] == 7
