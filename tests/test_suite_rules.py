"""Rules the test suite keeps about itself: in CI, a skipped test fails."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def run_probe(tmp_path: Path, ci: str) -> subprocess.CompletedProcess:
    """pytest on one test that skips, with this suite's conftest.py loaded as a plugin."""
    probe = tmp_path / "test_probe.py"
    probe.write_text("import pytest\n\ndef test_needs_a_tool():\n    pytest.skip('no tool')\n")
    env = {**os.environ, "CI": ci, "PYTHONPATH": str(TESTS)}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "conftest",
            "-p",
            "no:cacheprovider",
            str(probe),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_a_skip_fails_in_ci(tmp_path):
    result = run_probe(tmp_path, "true")
    assert result.returncode == 1, result.stdout
    assert "skipped in CI, where every test must run: Skipped: no tool" in result.stdout


def test_a_skip_is_a_skip_elsewhere(tmp_path):
    result = run_probe(tmp_path, "")
    assert result.returncode == 0, result.stdout
    assert "1 skipped" in result.stdout
