"""The `sechooks` developer CLI: rules, explain, scan, baseline."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Iterator

import pytest

from sechooks.core import catalogue
from sechooks.core.version import VERSION
from sechooks.umbrella import main
from tests.conftest import GOOD_DOCKERFILE, ROOT_DOCKERFILE, write

_CAPTURE: list[pytest.CaptureFixture[str]] = []


@pytest.fixture(autouse=True)
def _capture(capsys: pytest.CaptureFixture[str]) -> Iterator[None]:
    _CAPTURE.append(capsys)
    yield
    _CAPTURE.pop()


def invoke(*args: str) -> tuple[int, str, str]:
    """`sechooks ARGS` in-process: (exit code, stdout, stderr)."""
    capsys = _CAPTURE[-1]
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


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
    assert code == 2 and "unknown rule id or name 'DKR999'" in err
    assert err.count("\n") == 1 and err.startswith("sechooks explain: error:")


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
    code, out, _ = invoke("scan", "--help")
    assert code == 0
    assert "--fail-on" in out and "--staged" in out


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


# --- #13.5 one dialect, every hook option, --version ------------------------------------

@pytest.mark.parametrize("command", ["", "rules", "explain", "scan", "baseline", "init"])
def test_version_on_every_command(command: str) -> None:
    code, out, _ = invoke(*[c for c in (command,) if c], "--version")
    assert code == 0 and out.strip() == f"sechooks {VERSION}"
    code, out, _ = invoke(*[c for c in (command,) if c], "-V")
    assert code == 0 and out.strip() == f"sechooks {VERSION}"


@pytest.mark.parametrize("argv", [["--nope"], ["rules", "--nope"], ["explain"], ["rules", "--format", "yaml"], ["scna"]])
def test_usage_errors_speak_argparse(argv: list[str]) -> None:
    code, out, err = invoke(*argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.endswith("(see --help)\n"), err
    assert err.startswith("sechooks") and "Usage:" not in err and "Error:" not in err


def test_unknown_command_suggests_the_close_one() -> None:
    assert "did you mean 'scan'?" in invoke("scna")[2]


def test_scan_takes_every_hook_option(repo: Path) -> None:
    write(repo / "app.py", "import subprocess\nsubprocess.call('ls', shell=True)\n")
    code, out, err = invoke("scan", "--hook", "python", "--skip-tests", "B602,B404", "--format", "json", "app.py")
    assert code == 0, err
    assert json.loads(out)["findings"] == []
    code, _, err = invoke("scan", "--hook", "secrets", "--diff-only", "app.py")
    assert code == 0, err
    assert "--diff-only" in invoke("scan", "--help")[1] and "--skip-tests" in invoke("scan", "--help")[1]


# --- #13.6 rule ids everywhere a user types them ------------------------------------------

def test_explain_takes_a_rule_name() -> None:
    code, out, _ = invoke("explain", "final-user-root")
    assert code == 0 and out.startswith("DKR201 final-user-root")


def test_explain_takes_peer_ids_and_several_at_once() -> None:
    code, out, err = invoke("explain", "DL3002", "b602", "CKV_DOCKER_7")
    assert code == 0, err
    heads = [line.split()[0] for line in out.splitlines() if line[:3] in ("DKR", "PY5") and len(line.split()) == 2]
    assert heads == ["DKR201", "PY501", "DKR203", "DKR204"]
    assert "DL3002 is covered by DKR201." in out and "CKV_DOCKER_7 is covered by DKR203, DKR204." in out


def test_explain_shared_name_shows_every_rule() -> None:
    code, out, _ = invoke("explain", "unparseable-file")
    assert code == 0
    assert [line.split()[0] for line in out.splitlines() if line.endswith(" unparseable-file")] == [
        catalogue.family(p).reserved for p in catalogue.available_families()
    ]


@pytest.mark.parametrize(("typed", "meant"), [("DKR2O1", "DKR201"), ("finl-user-root", "final-user-root"), ("CKV_DOKER_8", "CKV_DOCKER_8")])
def test_explain_suggests_the_closest_id(typed: str, meant: str) -> None:
    code, out, err = invoke("explain", "DKR201", typed)
    assert code == 2 and out == ""
    assert f"did you mean {meant!r}?" in err and err.count("\n") == 1


def test_rules_unknown_family_is_an_error() -> None:
    code, out, err = invoke("rules", "--family", "XYZ")
    assert code == 2 and out == "" and "invalid choice: 'XYZ'" in err


# --- #13.7 --disable FAMILY and --hook lists -------------------------------------------

def test_disabling_a_family_skips_its_hook(repo: Path) -> None:
    write(repo / "Dockerfile", ROOT_DOCKERFILE)
    write(repo / "app.py", 'TOKEN = "ghp_Zq3Xw9Lp0Kd7Vb4Nc8Ty1Hs5Jm2Ge6RfQa3U"\n')
    code, out, err = invoke("scan", "--hook", "secrets,dockerfile", "--disable", "SEC", "--format", "json", "-v")
    assert code == 1, err
    assert {f["rule"][:3] for f in json.loads(out)["findings"]} == {"DKR"}
    assert "sechooks-secrets not run: every SEC rule is disabled" in err


def test_disabling_every_selected_hook_is_a_usage_error(repo: Path) -> None:
    code, _, err = invoke("scan", "--hook", "dockerfile", "--disable", "DKR")
    assert code == 2 and "every selected hook has all its rules disabled" in err


def test_hook_takes_a_comma_list_without_prefix(repo: Path) -> None:
    write(repo / "Dockerfile", ROOT_DOCKERFILE)
    write(repo / "app.py", 'TOKEN = "ghp_Zq3Xw9Lp0Kd7Vb4Nc8Ty1Hs5Jm2Ge6RfQa3U"\n')
    write(repo / "policy.json", '{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}\n')
    code, out, _ = invoke("scan", "--hook", "secrets,sechooks-dockerfile", "--hook", "iam", "--format", "json")
    assert code == 1
    assert {f["rule"][:3] for f in json.loads(out)["findings"]} == {"SEC", "DKR", "IAM"}


def test_unknown_hook_suggests_the_close_one(repo: Path) -> None:
    code, _, err = invoke("scan", "--hook", "secrets,dockerfle")
    assert code == 2 and "unknown or uninstalled hook 'dockerfle' (did you mean 'dockerfile'?)" in err


# --- #13.1 for scan: an unwritable -o is one line, exit 2 --------------------------------

@pytest.mark.parametrize("target", ["/nonexistent/dir/out.txt", "/tmp", "."])
def test_scan_unwritable_output_is_one_line(repo: Path, target: str) -> None:
    write(repo / "Dockerfile", ROOT_DOCKERFILE)
    code, out, err = invoke("scan", "--hook", "dockerfile", "-o", target)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("sechooks scan: error:") and "Traceback" not in err


def test_scan_output_permission_denied_is_one_line(repo: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root writes anywhere")
    write(repo / "Dockerfile", ROOT_DOCKERFILE)
    (repo / "ro").mkdir()
    (repo / "ro").chmod(0o500)
    try:
        code, _, err = invoke("scan", "--hook", "dockerfile", "-o", "ro/out.txt")
    finally:
        (repo / "ro").chmod(0o700)
    assert code == 2 and err.count("\n") == 1 and "Permission denied" in err


# --- #13.12 baseline: merge, --prune, no report flags -------------------------------------

def _entries(path: Path) -> dict[str, list[str]]:
    doc = json.loads(path.read_text())
    return {name: [e["rule"] for e in entries] for name, entries in doc["files"].items()}


def test_baseline_of_a_subdirectory_keeps_the_rest(repo: Path) -> None:
    write(repo / "a/Dockerfile", ROOT_DOCKERFILE)
    write(repo / "b/Dockerfile", ROOT_DOCKERFILE)
    assert invoke("baseline", "--hook", "dockerfile")[0] == 0
    write(repo / "a/Dockerfile", GOOD_DOCKERFILE)
    code, _, err = invoke("baseline", "--hook", "dockerfile", "a")
    assert code == 0, err
    assert _entries(repo / ".sechooks-baseline.json") == {"b/Dockerfile": ["DKR201"]}
    assert "1 kept from outside the scan" in err


def test_baseline_of_one_hook_keeps_the_other_hooks_entries(repo: Path) -> None:
    write(repo / "Dockerfile", ROOT_DOCKERFILE + 'ENV API_TOKEN="ghp_Zq3Xw9Lp0Kd7Vb4Nc8Ty1Hs5Jm2Ge6RfQa3U"\n')
    assert invoke("baseline", "--hook", "dockerfile,secrets")[0] == 0
    before = _entries(repo / ".sechooks-baseline.json")["Dockerfile"]
    assert any(r.startswith("SEC") for r in before) and "DKR201" in before
    write(repo / "Dockerfile", GOOD_DOCKERFILE + 'ENV API_TOKEN="ghp_Zq3Xw9Lp0Kd7Vb4Nc8Ty1Hs5Jm2Ge6RfQa3U"\n')
    assert invoke("baseline", "--hook", "dockerfile")[0] == 0
    after = _entries(repo / ".sechooks-baseline.json")["Dockerfile"]
    assert "DKR201" not in after and [r for r in after if r.startswith("SEC")] == [r for r in before if r.startswith("SEC")]


def test_baseline_keeps_a_deleted_files_entry_until_prune(repo: Path) -> None:
    write(repo / "a/Dockerfile", ROOT_DOCKERFILE)
    write(repo / "b/Dockerfile", ROOT_DOCKERFILE)
    assert invoke("baseline", "--hook", "dockerfile")[0] == 0
    (repo / "a/Dockerfile").unlink()
    assert invoke("baseline", "--hook", "dockerfile", "b")[0] == 0
    assert set(_entries(repo / ".sechooks-baseline.json")) == {"a/Dockerfile", "b/Dockerfile"}
    code, _, err = invoke("baseline", "--hook", "dockerfile", "--prune", "b")
    assert code == 0 and "1 pruned" in err
    assert set(_entries(repo / ".sechooks-baseline.json")) == {"b/Dockerfile"}


def test_baseline_prune_drops_unknown_rules(repo: Path) -> None:
    write(repo / "Dockerfile", ROOT_DOCKERFILE)
    write(repo / ".sechooks-baseline.json", json.dumps({"version": 1, "files": {
        "Dockerfile": [{"rule": "DKR299", "hash": "0" * 64, "index": 0}],
        "other.py": [{"rule": "PY597", "hash": "0" * 64, "index": 0}],
    }}))
    write(repo / "other.py", "x = 1\n")
    assert not {"DKR299", "PY597"} & {r.id for r in catalogue.all_rules()}
    assert invoke("baseline", "--hook", "dockerfile", "--prune", "Dockerfile")[0] == 0
    assert _entries(repo / ".sechooks-baseline.json") == {"Dockerfile": ["DKR201"]}


@pytest.mark.parametrize("flag", [["--format", "json"], ["--fail-on", "high"], ["--color", "never"]])
def test_baseline_does_not_offer_report_flags(repo: Path, flag: list[str]) -> None:
    code, _, err = invoke("baseline", *flag)
    assert code == 2 and "unrecognized arguments" in err
    assert flag[0] not in invoke("baseline", "--help")[1]


def test_baseline_over_a_foreign_file_is_refused(repo: Path) -> None:
    write(repo / "Dockerfile", ROOT_DOCKERFILE)
    write(repo / "notes.json", '{"mine": true}\n')
    code, _, err = invoke("baseline", "--hook", "dockerfile", "-o", "notes.json")
    assert code == 2 and "not a sechooks baseline" in err
    assert (repo / "notes.json").read_text() == '{"mine": true}\n'


# --- #21.3 the baseline stays in the repository, never through a link ---------------------

def test_baseline_never_writes_through_a_symlink(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    victim = tmp_path_factory.mktemp("outside") / "victim.txt"
    victim.write_text("precious\n")
    write(repo / "Dockerfile", ROOT_DOCKERFILE)
    os.symlink(victim, repo / ".sechooks-baseline.json")
    code, _, err = invoke("baseline", "--hook", "dockerfile")
    assert code == 2 and err.count("\n") == 1 and "symlink" in err
    assert victim.read_text() == "precious\n"
    assert (repo / ".sechooks-baseline.json").is_symlink()


@pytest.mark.parametrize("how", ["config", "flag", "absolute", "linked-dir"])
def test_baseline_never_leaves_the_repository(repo: Path, tmp_path_factory: pytest.TempPathFactory, how: str) -> None:
    outside = tmp_path_factory.mktemp("outside")
    write(repo / "Dockerfile", ROOT_DOCKERFILE)
    argv = ["baseline", "--hook", "dockerfile"]
    if how == "config":
        write(repo / ".sechooks.toml", f'baseline = "../{outside.name}/x.json"\n')
    elif how == "flag":
        argv += ["--baseline", str(Path(os.path.relpath(outside, repo)) / "x.json")]
    elif how == "absolute":
        argv += ["--baseline", str(outside / "x.json")]
    else:
        os.symlink(outside, repo / "linked")
        argv += ["--baseline", "linked/x.json"]
    code, _, err = invoke(*argv)
    assert code == 2 and "outside the repository" in err and err.count("\n") == 1
    assert list(outside.iterdir()) == []


def test_baseline_is_replaced_atomically(repo: Path) -> None:
    write(repo / "a/Dockerfile", ROOT_DOCKERFILE)
    assert invoke("baseline", "--hook", "dockerfile")[0] == 0
    target = repo / ".sechooks-baseline.json"
    target.chmod(0o640)
    with open(target, encoding="utf-8") as reader:  # a parallel hook reading the old file
        write(repo / "b/Dockerfile", ROOT_DOCKERFILE)
        assert invoke("baseline", "--hook", "dockerfile")[0] == 0
        assert set(json.loads(reader.read())["files"]) == {"a/Dockerfile"}
    assert set(_entries(target)) == {"a/Dockerfile", "b/Dockerfile"}
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in repo.iterdir() if p.name.endswith(".tmp")] == []


def test_baseline_keys_are_data_for_any_file_name(repo: Path) -> None:
    name = 'we"ird\\name\t.dockerfile'
    write(repo / name, ROOT_DOCKERFILE)
    assert invoke("baseline", "--hook", "dockerfile", name)[0] == 0
    text = (repo / ".sechooks-baseline.json").read_text()
    assert text.isascii() and "\t" not in text.split("\n", 3)[-1]
    assert list(json.loads(text)["files"]) == [name]
    assert invoke("scan", "--hook", "dockerfile", name)[0] == 0


def test_bare_sechooks_prints_the_commands() -> None:
    code, out, err = invoke()
    assert code == 0 and err == ""
    assert all(f"  {name} " in out for name in ("scan", "baseline", "rules", "explain", "init"))


def test_options_are_never_abbreviated(repo: Path) -> None:
    """As in the hooks: `--out` is not `--output`, `--fam` is not `--family`."""
    assert invoke("rules", "--fam", "DKR")[0] == 2
    code, _, err = invoke("scan", "--out", "report.txt")
    assert code == 2 and "unrecognized arguments: --out" in err
    assert not (repo / "report.txt").exists()


@pytest.mark.parametrize("command", ["scan", "baseline"])
def test_option_shaped_file_names_stay_file_names(repo: Path, command: str) -> None:
    """`sechooks scan $(git ls-files)` with a committed `--output=victim.py` and `--exclude=*`."""
    write(repo / "victim.py", "precious = 1\n")
    write(repo / "--output=victim.py", 'TOKEN = "ghp_Zq3Xw9Lp0Kd7Vb4Nc8Ty1Hs5Jm2Ge6RfQa3U"\n')
    write(repo / "--exclude=*", "nothing\n")
    code, out, err = invoke(command, "--hook", "secrets", "--output=victim.py", "--exclude=*", "victim.py")
    assert (repo / "victim.py").read_text() == "precious = 1\n"
    if command == "scan":
        assert code == 1 and "--output=victim.py:1:" in out, err
    else:
        assert code == 0 and list(json.loads((repo / ".sechooks-baseline.json").read_text())["files"]) == ["--output=victim.py"]


def test_scan_never_follows_a_link_out_of_the_root(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    outside = tmp_path_factory.mktemp("outside") / "creds.env"
    outside.write_text('GITHUB_TOKEN="ghp_Zq3Xw9Lp0Kd7Vb4Nc8Ty1Hs5Jm2Ge6RfQa3U"\n')
    os.symlink(outside, repo / "Dockerfile.ci")
    code, out, err = invoke("scan", "--hook", "secrets,dockerfile", "--format", "json", "-v")
    assert code == 0 and json.loads(out)["findings"] == []
    assert "Dockerfile.ci: skipped: a symbolic link to outside the repository is not followed" in err


# --- start-up (#22.4): a hook given file names only builds no argparse parser -------

def _hook_modules() -> list[object]:
    from sechooks import scan as scanning

    return list(scanning.installed_modules().values())


@pytest.mark.parametrize("argv", [[], ["app.py"], ["a b.tf", "Dockerfile", "policy.json", "x.env"]])
def test_fast_path_arguments_equal_argparse(argv: list[str]) -> None:
    from sechooks.core import cli

    for module in _hook_modules():
        hook = module.HOOK  # type: ignore[attr-defined]
        fast = cli.fast_args(hook, argv)
        assert fast is not None, hook.name
        assert vars(fast) == vars(cli.make_parser(hook).parse_args(argv)), hook.name


def test_fast_path_only_for_file_names() -> None:
    from sechooks import dockerfile
    from sechooks.core import cli

    for argv in (["-v", "Dockerfile"], ["--", "Dockerfile"], ["--exclude=*"], ["Dockerfile", "--format=json"]):
        assert cli.fast_args(dockerfile.HOOK, argv) is None


def test_fast_path_reports_what_the_parser_reports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import subprocess
    import sys

    write(tmp_path / "Dockerfile", ROOT_DOCKERFILE)
    write(tmp_path / "main.tf", 'resource "aws_security_group" "x" {\n  ingress {\n    from_port = 22\n    to_port = 22\n'
                                '    protocol = "tcp"\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n}\n')
    code = ("import sys; from sechooks.{0} import main; rc = main(sys.argv[1:]); "
            "print('argparse loaded' if 'argparse' in sys.modules else 'no argparse'); raise SystemExit(rc)")
    for module, name in (("dockerfile", "Dockerfile"), ("terraform", "main.tf")):
        fast = subprocess.run([sys.executable, "-c", code.format(module), name], cwd=tmp_path, capture_output=True, text=True)
        full = subprocess.run([sys.executable, "-c", code.format(module), "--", name], cwd=tmp_path, capture_output=True, text=True)
        assert fast.returncode == full.returncode == 1, fast.stderr + full.stderr
        assert fast.stdout.replace("no argparse", "argparse loaded") == full.stdout
        assert fast.stdout.rstrip().endswith("no argparse"), fast.stdout  # ~5 ms of the start-up


def test_text_report_without_baseline_hashes_nothing(tmp_path: Path) -> None:
    """#22.4: fingerprints only when a baseline file or a JSON/SARIF report needs them."""
    import subprocess
    import sys

    write(tmp_path / "Dockerfile", ROOT_DOCKERFILE)
    code = ("import sys; from sechooks.dockerfile import main; rc = main(sys.argv[1:]); "
            "print('hashed' if 'hashlib' in sys.modules else 'not hashed'); raise SystemExit(rc)")
    text = subprocess.run([sys.executable, "-c", code, "Dockerfile"], cwd=tmp_path, capture_output=True, text=True)
    assert text.returncode == 1 and "DKR201" in text.stdout and text.stdout.rstrip().endswith("not hashed"), text.stdout + text.stderr
    as_json = subprocess.run([sys.executable, "-c", code, "--format", "json", "Dockerfile"], cwd=tmp_path, capture_output=True, text=True)
    assert '"fingerprint": "' in as_json.stdout and '"fingerprint": ""' not in as_json.stdout
    # with a baseline file, the text run hashes to match it, and the baselined finding is gone
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    made = subprocess.run([sys.executable, "-m", "sechooks.umbrella", "baseline", "--hook", "dockerfile", "Dockerfile"],
                          cwd=tmp_path, capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    again = subprocess.run([sys.executable, "-c", code, "Dockerfile"], cwd=tmp_path, capture_output=True, text=True)
    assert again.returncode == 0 and "DKR201" not in again.stdout and again.stdout.splitlines()[-1] == "hashed", again.stdout


@pytest.mark.parametrize("argv", [[], ["."], ["app.py", "a b.tf", "Dockerfile"]])
def test_scan_fast_path_arguments_equal_argparse(argv: list[str]) -> None:
    """#22.4 for the `sechooks` hook: `sechooks scan FILE...` builds no parser, same values."""
    from sechooks import scan as scanning

    fast = scanning.fast_args(argv)
    assert fast is not None
    assert vars(fast) == vars(scanning.make_parser("sechooks scan").parse_args(argv))
    assert scanning.fast_args(["-v", "."]) is None and scanning.fast_args([".", "--jobs", "2"]) is None


def test_scan_of_files_imports_no_argparse(tmp_path: Path) -> None:
    import subprocess
    import sys

    write(tmp_path / "Dockerfile", ROOT_DOCKERFILE)
    code = ("import sys; from sechooks.umbrella import main; rc = main(sys.argv[1:]); "
            "print('argparse loaded' if 'argparse' in sys.modules else 'no argparse'); raise SystemExit(rc)")
    fast = subprocess.run([sys.executable, "-c", code, "scan", "Dockerfile"], cwd=tmp_path, capture_output=True, text=True,
                          env={**os.environ, "PRE_COMMIT": "1"})
    full = subprocess.run([sys.executable, "-c", code, "scan", "--", "Dockerfile"], cwd=tmp_path, capture_output=True, text=True,
                          env={**os.environ, "PRE_COMMIT": "1"})
    assert fast.returncode == full.returncode == 1 and "DKR201" in fast.stdout, fast.stderr
    assert fast.stdout.replace("no argparse", "argparse loaded") == full.stdout
    # the secrets and python hook modules still import argparse themselves (their owners' change)
    assert fast.stdout.splitlines()[-1] in ("no argparse", "argparse loaded")
