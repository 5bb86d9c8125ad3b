"""The CI workflow stays locked down: actions pinned to commits, no token left in a checkout, each job only the
permissions it uses, no event value pasted into a script, and zizmor (offline) finds nothing serious."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
WORKFLOW = REPO / ".github" / "workflows" / "site.yml"
RAW = WORKFLOW.read_text(encoding="utf-8")
JOBS = yaml.safe_load(RAW)["jobs"]
STEPS = [(job, step) for job, spec in JOBS.items() for step in spec.get("steps", [])]
ZIZMOR = shutil.which("zizmor", path=str(Path(sys.executable).parent)) or shutil.which("zizmor")

# The only write permissions a job may hold: data-diff comments on the pull request, deploy publishes Pages.
ALLOWED_WRITES = {"data-diff": {"pull-requests"}, "deploy": {"pages", "id-token"}}
PINNED = re.compile(r"[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}")
EVENT_IN_SCRIPT = re.compile(r"\$\{\{\s*github\.(event\b|head_ref\b)")


def writes(permissions) -> set[str]:
    """The scopes a `permissions:` value grants write to ("write-all" grants every one)."""
    if isinstance(permissions, str):
        return {"*"} if permissions == "write-all" else set()
    return {scope for scope, level in (permissions or {}).items() if level == "write"}


def test_every_action_is_pinned_to_a_commit_with_its_version_in_a_comment():
    """Each `uses:` is owner/repo[/path]@<40-hex SHA>, followed on its line by `# vX.Y.Z`."""
    uses = [step["uses"] for _, step in STEPS if "uses" in step]
    uses += [spec["uses"] for spec in JOBS.values() if "uses" in spec]
    assert uses, "the workflow uses no action?"
    for ref in uses:
        assert PINNED.fullmatch(ref), f"not pinned to a commit SHA: {ref}"
        line = rf"^\s*(-\s+)?uses:\s*{re.escape(ref)}\s+#\s*v\d+(\.\d+)*\s*$"
        assert re.search(line, RAW, flags=re.M), f"no `# vX.Y.Z` comment after {ref}"


def test_no_checkout_keeps_the_token_in_git_config():
    """Every actions/checkout step sets persist-credentials: false."""
    checkouts = [(job, s) for job, s in STEPS if s.get("uses", "").startswith("actions/checkout@")]
    assert checkouts, "the workflow checks nothing out?"
    for job, step in checkouts:
        assert step.get("with", {}).get("persist-credentials") is False, job


def test_only_data_diff_and_deploy_hold_write_permissions():
    """No write at the top level; data-diff may write pull requests, deploy Pages and id-token; no other."""
    assert writes(yaml.safe_load(RAW).get("permissions")) == set()
    for job, spec in JOBS.items():
        extra = writes(spec.get("permissions")) - ALLOWED_WRITES.get(job, set())
        assert extra == set(), f"{job} may write {sorted(extra)}"


def test_no_script_pastes_an_event_value_in():
    """No `run:` (nor github-script `script:`) holds `${{ github.event... }}` or `${{ github.head_ref }}`."""
    for job, step in STEPS:
        for script in (step.get("run", ""), step.get("with", {}).get("script", "")):
            assert not EVENT_IN_SCRIPT.search(script), f"{job}: {step.get('name', step)}"


def test_zizmor_finds_nothing_high_or_medium():
    """zizmor's offline audits report no finding of high or medium severity on the workflow."""
    if not ZIZMOR:
        reason = "zizmor is not installed: it comes with .[test] (make installs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    command = [ZIZMOR, "--offline", "--no-exit-codes", "--format", "json", str(WORKFLOW)]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    serious = [
        f"{f['ident']} ({f['determinations']['severity']}): {f['desc']}"
        for f in json.loads(done.stdout)
        if f["determinations"]["severity"] in ("High", "Medium")
    ]
    assert serious == []
