"""Revision history on the site, from git: a temporary repository with a series of commits (add a brief, revise a
figure, break a sum, fix it, rename an id, revise again with a hostile message), built with the real
`tradebriefs build` (MkDocs, --strict), and the revision notes, the "What changed" page and its feeds read
from the built site. The diff text of the same series is tests/test_diff.py's.

Commit dates are fixed (GIT_COMMITTER_DATE), one day apart, so every date and every output is the same on
every machine.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import run_cli
from test_diff import FACTS, GIT_ENV, OLD_BRIEF, SEED, STEPS, apply_edits

HOSTILE = (
    "Revise <script>alert(1)</script> | *bold* [x](javascript:alert(1))\n"
    "\n"
    "Second line <b>never shown</b>"
)
# The series of test_diff.py, then one more revision whose message is hostile input.
SERIES = [
    *STEPS,
    ("hostile", HOSTILE, [(FACTS, "    value: 184.50\n", "    value: 184.60\n")]),
]
FIRST_DAY = 1  # the seed is committed on 2026-01-01, each step a day later
OLD_SLUG = Path(OLD_BRIEF).stem
NEW_SLUG = "2024-11-05-china-russia-record-2023"


def git(repo: Path, *args: str, day: int = FIRST_DAY) -> str:
    when = f"2026-01-{day:02d}T10:00:00+00:00"
    env = {**os.environ, **GIT_ENV, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, env=env, check=True
    )
    return done.stdout.strip()


def make_repo(folder: Path) -> Path:
    repo = folder / "repo"
    shutil.copytree(SEED, repo / "data")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Seed data")
    for day, (tag, message, edits) in enumerate(SERIES, start=FIRST_DAY + 1):
        apply_edits(repo, edits)
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", message, day=day)
        git(repo, "tag", tag)
    return repo


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    return make_repo(tmp_path_factory.mktemp("history"))


@pytest.fixture(scope="module")
def built(repo, tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    site = tmp_path_factory.mktemp("built") / "site"
    result = run_cli("build", "--data", str(repo / "data"), "--site", str(site))
    assert result.returncode == 0, result.stderr
    return site, result
