"""Atomic builds: a failed build leaves the last good site byte for byte as it was."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml

from conftest import REPO, run_cli

pytestmark = pytest.mark.slow


def snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def good_site(data_copy, tmp_path) -> Path:
    site = tmp_path / "site"
    result = run_cli("build", "--data", str(data_copy), "--site", str(site))
    assert result.returncode == 0, result.stderr
    return site


def test_bad_data_leaves_the_last_good_site_in_place(data_copy, good_site, tmp_path):
    before = snapshot(good_site)
    facts = data_copy / "facts/china-russia.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("value: 240.11", "value: 240.11.1"), encoding="utf-8")
    result = run_cli("build", "--data", str(data_copy), "--site", str(good_site))
    assert result.returncode == 1
    assert "china-russia.yaml:" in result.stderr and ": error: value:" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(good_site) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site-")], "staging folder left behind"


def test_a_failing_mkdocs_build_leaves_the_last_good_site_in_place(data_copy, good_site, tmp_path):
    """Data fine, but MkDocs fails (--strict: a nav entry to a missing page): the old site stays."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8").replace("!ENV", ""))
    config.update(docs_dir=str(REPO / "docs"), hooks=[str(REPO / "scripts/tradebriefs/mkdocs_hook.py")],
                  site_url=None, watch=[])
    config["theme"]["custom_dir"] = str(REPO / "overrides")
    config["nav"].append({"Missing": "missing.md"})
    broken = tmp_path / "mkdocs.yml"
    broken.write_text(yaml.safe_dump(config), encoding="utf-8")
    before = snapshot(good_site)
    result = run_cli("build", "--data", str(data_copy), "--site", str(good_site), "--config", str(broken))
    assert result.returncode == 1, result.stderr
    assert "missing.md" in result.stderr and "Traceback" not in result.stderr
    assert snapshot(good_site) == before


def test_a_good_build_replaces_the_site(data_copy, good_site):
    brief = next((data_copy / "briefs").glob("*.yaml"))
    brief.write_text(brief.read_text(encoding="utf-8").replace("Moscow's trade envoy", "the trade envoy"),
                     encoding="utf-8")
    assert run_cli("build", "--data", str(data_copy), "--site", str(good_site)).returncode == 0
    html = (good_site / "briefs/2024-10-28-russia-china-trade-drivers/index.html").read_text(encoding="utf-8")
    assert "the trade envoy" in html and "Moscow's trade envoy" not in html
