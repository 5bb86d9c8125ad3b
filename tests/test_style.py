"""Style is not a review topic: ruff's linter and formatter (configured in pyproject.toml) pass on the code."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
RUFF = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]], ids=["lint", "format"])
def test_ruff_passes(command):
    assert RUFF, "ruff is not installed: it comes with .[test] (make installs it)"
    done = subprocess.run(
        [RUFF, *command, "scripts", "tests"], cwd=REPO, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
