"""Byte-identical builds: the same commit built twice gives the same site, every file, byte for byte."""

from __future__ import annotations

import datetime as dt
import gzip
import os
import re
import subprocess

import pytest

from conftest import REPO, run_cli

pytestmark = pytest.mark.slow


def files_of(site) -> dict[str, bytes]:
    return {
        str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()
    }


def build(data, site, cache, *extra) -> str:
    """`tradebriefs build -v` with its own cache folder ("off": no cache); returns what it logged."""
    os.environ["TRADEBRIEFS_CACHE"] = str(cache)
    result = run_cli("build", "-v", "--data", str(data), "--site", str(site), *extra)
    assert result.returncode == 0, result.stderr
    return result.stderr


def assert_same_files(first: dict[str, bytes], second: dict[str, bytes]) -> None:
    assert sorted(first) == sorted(second)
    differ = [path for path in first if first[path] != second[path]]
    assert differ == [], f"differ between two builds: {differ}"


def test_two_builds_of_the_same_commit_are_byte_identical(data_copy, tmp_path, monkeypatch):
    """Charts drawn and pages converted afresh, then read back from the caches, then with no cache at all."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setenv(
        "SITE_URL", "https://briefs.example.org/"
    )  # sitemap entries with <lastmod>, feeds
    monkeypatch.setenv(
        "TRADEBRIEFS_CACHE", ""
    )  # restored after the test; build() sets it for each run
    build(data_copy, tmp_path / "fresh", tmp_path / "cache")
    log = build(data_copy, tmp_path / "from-cache", tmp_path / "cache")
    assert " 0 converted" in log, log  # every page came from the cache
    build(data_copy, tmp_path / "uncached", "off")
    fresh = files_of(tmp_path / "fresh")
    assert any(p.endswith(".svg") for p in fresh) and "pagefind/pagefind-entry.json" in fresh
    assert_same_files(fresh, files_of(tmp_path / "from-cache"))
    assert_same_files(fresh, files_of(tmp_path / "uncached"))


def test_a_changed_figure_converts_only_the_pages_that_show_it(data_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("TRADEBRIEFS_CACHE", "")
    build(data_copy, tmp_path / "before", tmp_path / "cache")
    facts = data_copy / "facts/china-russia.yaml"
    facts.write_text(
        facts.read_text(encoding="utf-8").replace(
            "value: 129.14\n    unit: USD billion\n    qualifier: exact",
            "value: 129.14\n    unit: USD billion\n    qualifier: about",
        ),
        encoding="utf-8",
    )
    log = build(data_copy, tmp_path / "after", tmp_path / "cache")
    converted = int(re.search(r"pages read back, (\d+) converted", log).group(1))
    reused = int(re.search(r"(\d+) pages read back", log).group(1))
    before = files_of(tmp_path / "before")
    changed = [
        p
        for p, b in files_of(tmp_path / "after").items()
        if p.endswith(".html") and before.get(p) != b
    ]
    assert 0 < converted <= len(changed) < converted + reused, log
    build(data_copy, tmp_path / "uncached", "off")
    assert_same_files(files_of(tmp_path / "after"), files_of(tmp_path / "uncached"))


def test_the_build_date_is_the_last_commits(data_copy, tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setenv("SITE_URL", "https://briefs.example.org/")
    commit = subprocess.run(
        ["git", "-C", str(REPO), "log", "-1", "--format=%ct"], capture_output=True, text=True
    )
    epoch = int(commit.stdout.strip())
    site = tmp_path / "site"
    result = run_cli("build", "--data", str(data_copy), "--site", str(site))
    assert result.returncode == 0, result.stderr
    day = dt.datetime.fromtimestamp(epoch, dt.UTC).date().isoformat()
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<lastmod>{day}</lastmod>" in sitemap
    with gzip.open(site / "sitemap.xml.gz") as packed:
        assert packed.read().decode("utf-8") == sitemap
    mtime = int.from_bytes(
        (site / "sitemap.xml.gz").read_bytes()[4:8], "little"
    )  # gzip's MTIME field
    assert (
        dt.datetime.fromtimestamp(mtime, dt.UTC).date().isoformat() == day
    )  # MkDocs keeps the day


def test_a_given_source_date_epoch_wins(data_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1730073600")  # 2024-10-28
    monkeypatch.setenv("SITE_URL", "https://briefs.example.org/")
    site = tmp_path / "site"
    result = run_cli("build", "--data", str(data_copy), "--site", str(site))
    assert result.returncode == 0, result.stderr
    assert "<lastmod>2024-10-28</lastmod>" in (site / "sitemap.xml").read_text(encoding="utf-8")
