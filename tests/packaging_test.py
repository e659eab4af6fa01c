"""#13.15: the folder hooks/ is installed as the import package `sechooks`; nothing named
`hooks` reaches a user's environment, and every entry point uses the new name."""
from __future__ import annotations

import configparser
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _setup() -> configparser.ConfigParser:
    parser = configparser.ConfigParser()
    parser.read(ROOT / "setup.cfg")
    return parser


def test_packages_are_all_under_sechooks() -> None:
    options = _setup()["options"]
    packages = options["packages"].split()
    assert packages and all(p == "sechooks" or p.startswith("sechooks.") for p in packages)
    assert options["package_dir"].split() == ["sechooks", "=", "hooks"]
    on_disk = {str(p.parent.relative_to(ROOT)).replace("hooks", "sechooks", 1).replace(os.sep, ".")
               for p in (ROOT / "hooks").rglob("__init__.py") if "__pycache__" not in p.parts}
    assert on_disk == set(packages), "every folder under hooks/ with an __init__.py must be listed"


def test_entry_points_name_sechooks_modules() -> None:
    scripts = _setup()["options.entry_points"]["console_scripts"].strip().splitlines()
    assert scripts and all(line.split("=")[1].strip().startswith("sechooks.") for line in scripts)


def test_installed_package_imports_as_sechooks_and_not_as_hooks(tmp_path: Path) -> None:
    probe = (
        "import importlib.util, sechooks.core.cli, os\n"
        "print(importlib.util.find_spec('hooks') is None)\n"
        "print(os.path.basename(os.path.dirname(os.path.dirname(sechooks.core.cli.__file__))))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "hooks"]
