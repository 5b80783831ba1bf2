"""The layout rules of STYLE.md, enforced: import contracts, package docstrings, module size."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGES = ("assistant", "ingest", "api", "eval", "cli")
MAX_MODULE_LINES = 400


def test_import_contracts_hold() -> None:
    """`lint-imports` checks the contracts in pyproject.toml ([tool.importlinter])."""
    lint = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint), "--config", str(REPO / "pyproject.toml")],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def _package_inits() -> list[Path]:
    return sorted(p for name in PACKAGES for p in (REPO / name).rglob("__init__.py"))


@pytest.mark.parametrize("init", _package_inits(), ids=lambda p: str(p.relative_to(REPO)))
def test_every_package_says_what_it_owns(init: Path) -> None:
    docstring = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
    assert docstring and len(docstring) > 40, f"{init} needs a docstring saying what it owns"


def test_no_module_is_over_the_size_guideline() -> None:
    too_long = {
        str(path.relative_to(REPO)): n
        for name in PACKAGES
        for path in (REPO / name).rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert not too_long, f"split these modules (over {MAX_MODULE_LINES} lines): {too_long}"
