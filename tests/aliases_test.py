"""Renamed rule ids (TFN3nn -> NET3nn) stay accepted wherever an id or a family is."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from sechooks.core import catalogue
from sechooks.terraform import main
from tests.conftest import write

OPEN_SSH = '''resource "aws_security_group" "sg" {
  ingress {%s
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
'''


def found(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], str]:
    code = main(["main.tf", "--format", "json", *args])
    out, err = capsys.readouterr()
    return code, sorted(f["rule"] for f in json.loads(out)["findings"]) if out else [], err


@pytest.mark.parametrize("token, expected", [
    ("TFN301", "NET301"), ("tfn301", "NET301"), ("TFN", "NET"), ("NET301", "NET301"), ("DKR201", "DKR201"),
    ("TFN3011", "TFN3011"), ("xTFN301", "XTFN301"),
])
def test_canonical(token: str, expected: str) -> None:
    assert catalogue.canonical(token) == expected


def test_old_id_finds_the_renamed_rule() -> None:
    assert catalogue.get("TFN301").id == "NET301"
    assert [r.id for r in catalogue.lookup("tfn302")] == ["NET302"]
    assert catalogue.family_of("TFN301") == "NET"


def test_reported_under_the_new_id(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "main.tf", OPEN_SSH % "")
    assert found(capsys)[:2] == (1, ["NET301"])


@pytest.mark.parametrize("pragma", ["  # sechooks: ignore[TFN301] -- bastion", "  # sechooks: ignore[NET301] -- bastion"])
def test_pragma_with_either_id(repo: Path, capsys: pytest.CaptureFixture[str], pragma: str) -> None:
    write(repo / "main.tf", OPEN_SSH % pragma)
    code, rules, err = found(capsys, "--report-unused-ignores")
    assert (code, rules) == (0, []) and "unknown rule id" not in err


@pytest.mark.parametrize("args", [("--disable", "TFN301"), ("--disable", "TFN"), ("--disable", "NET301")])
def test_cli_selection_with_either_id(repo: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...]) -> None:
    write(repo / "main.tf", OPEN_SSH % "")
    code, rules, err = found(capsys, *args)
    if args[1] == "TFN":
        assert code == 2 and "disables every NET rule" in err
    else:
        assert (code, rules) == (0, [])


@pytest.mark.parametrize("section", ["tfn", "net"])
def test_config_section_and_ids_with_either_name(repo: Path, capsys: pytest.CaptureFixture[str], section: str) -> None:
    write(repo / ".sechooks.toml", f'disable = ["TFN301"]\n[{section}]\nadmin_ports = [2222]\n')
    write(repo / "main.tf", (OPEN_SSH % "").replace("22", "2222"))
    code, rules, _ = found(capsys)
    assert (code, rules) == (0, [])  # 2222 is an admin port now, and NET301 is off


def test_both_section_names_is_an_error(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / ".sechooks.toml", "[tfn]\nmax_range = 10\n[net]\nmax_range = 20\n")
    write(repo / "main.tf", OPEN_SSH % "")
    code, _, err = found(capsys)
    assert code == 2 and "renamed family" in err


def test_baseline_written_with_the_old_id_still_matches(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "main.tf", OPEN_SSH % "")
    from sechooks.umbrella import main as sechooks

    assert sechooks(["baseline", "main.tf"]) == 0
    capsys.readouterr()
    data = json.loads((repo / ".sechooks-baseline.json").read_text())
    for entries in data["files"].values():
        for entry in entries:
            entry["rule"] = entry["rule"].replace("NET", "TFN")
    (repo / ".sechooks-baseline.json").write_text(json.dumps(data))
    assert found(capsys)[:2] == (0, [])
