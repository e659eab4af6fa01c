"""The docs stay in step with the code: README tables, docs/rules.md, manifest, entry points."""
from __future__ import annotations

import configparser
import os
import re
from pathlib import Path

import pytest

from sechooks.core import catalogue
from sechooks.umbrella import rules_document
from scripts.update_docs import readme_with_bench, readme_with_table

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _read(name: str) -> str:
    with open(os.path.join(ROOT, name), encoding="utf-8") as f:
        return f.read()


def _manifest_ids() -> list[str]:
    return re.findall(r"^-\s+id:\s*(\S+)", _read(".pre-commit-hooks.yaml"), re.MULTILINE)


def test_readme_rule_table_matches_catalogue() -> None:
    readme = _read("README.md")
    assert readme_with_table(readme) == readme, "run: python scripts/update_docs.py"


def test_readme_speed_tables_match_bench_results() -> None:
    readme = _read("README.md")
    assert "<!-- bench:start -->" in readme
    assert readme_with_bench(readme) == readme, "run: python scripts/update_docs.py"


def test_docs_rules_matches_catalogue() -> None:
    assert _read("docs/rules.md") == rules_document(), "run: python scripts/update_docs.py"


def test_every_rule_id_is_in_the_readme() -> None:
    readme = _read("README.md")
    missing = [r.id for r in catalogue.all_rules() if f"| {r.id} |" not in readme]
    assert not missing


# hooks that are modes of `sechooks scan` rather than console scripts of their own
SCAN_MODES = {"sechooks": "sechooks scan", "sechooks-history": "sechooks scan --history"}


def test_every_manifest_hook_is_documented_and_installed() -> None:
    readme = _read("README.md")
    parser = configparser.ConfigParser()
    parser.read(os.path.join(ROOT, "setup.cfg"))
    scripts = {
        line.split("=")[0].strip(): line.split("=")[1].strip()
        for line in parser["options.entry_points"]["console_scripts"].strip().splitlines()
    }
    ids = _manifest_ids()
    assert ids, "the manifest lists no hooks"
    for hook_id in ids:
        assert f"`{hook_id}`" in readme
        script = "sechooks" if hook_id in SCAN_MODES else hook_id  # modes of `sechooks scan`
        assert scripts.get(script, "").endswith(":main"), f"{hook_id} has no console script"
        module = scripts[script].split(":")[0]
        # every family's hook, and `sechooks` itself (the whole suite in one hook)
        assert module in catalogue.MODULES.values() or module == "sechooks.umbrella"


def test_manifest_entries_equal_their_ids() -> None:
    manifest = _read(".pre-commit-hooks.yaml")
    for block in manifest.split("-   id: ")[1:]:
        hook_id = block.split()[0]
        # the hook id is its console script; the whole-suite hook names its subcommand
        assert f"entry: {hook_id}\n" in block or f"entry: {SCAN_MODES.get(hook_id)}\n" in block
        assert "language: python" in block
        assert ("require_serial: true" in block) == (hook_id == "sechooks")  # the suite hook partitions itself


def test_readme_example_output_is_the_real_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from sechooks.dockerfile import main

    example = _read("README.md").split("<!-- example:start -->", 1)[1].split("<!-- example:end -->", 1)[0]
    dockerfile = example.split("```dockerfile\n", 1)[1].split("```", 1)[0]
    expected = example.split("```text\n", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "Dockerfile").write_text(dockerfile, encoding="utf-8")
    main(["Dockerfile"])
    assert capsys.readouterr().out == expected
