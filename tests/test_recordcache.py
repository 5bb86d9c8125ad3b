"""The record cache: a data file whose bytes did not change is read back, with the same records and findings."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tradebriefs.core import code as paths
from tradebriefs.facts import recordcache
from tradebriefs.facts.pipeline import check_data


def cached(folder: Path) -> recordcache.RecordCache:
    return recordcache.RecordCache(folder)


def test_read_back_records_and_findings_are_those_of_a_fresh_read(data_copy, tmp_path):
    fact = sorted((data_copy / "facts").glob("*.yaml"))[0]
    fact.write_text(fact.read_text(encoding="utf-8") + "unknown_key: 1\n", encoding="utf-8")
    fresh, fresh_findings = check_data(data_copy)  # no cache
    check_data(data_copy, records=cached(tmp_path / "cache" / "records"))  # fills the cache
    kept, kept_findings = check_data(data_copy, records=cached(tmp_path / "cache" / "records"))
    assert kept.catalog == fresh.catalog and kept.checks == fresh.checks
    assert kept_findings == fresh_findings and any("unknown_key" in str(f) for f in kept_findings)
    assert len(list((tmp_path / "cache" / "records").glob("*/*.pickle"))) > 1


def test_a_changed_file_is_read_again_and_its_old_entry_removed(data_copy, tmp_path):
    brief = sorted((data_copy / "briefs").glob("*.yaml"))[0]
    check_data(data_copy, records=cached(tmp_path / "records"))
    before = set((tmp_path / "records").glob("*/*.pickle"))
    text = brief.read_text(encoding="utf-8")
    brief.write_text(text.replace("title: ", "title: Revised ", 1), encoding="utf-8")
    checked, _ = check_data(data_copy, records=cached(tmp_path / "records"))
    after = set((tmp_path / "records").glob("*/*.pickle"))
    assert len(after) == len(before) and len(after - before) == 1
    assert any(b.title.startswith("Revised ") for b in checked.catalog.briefs.values())


def test_the_key_covers_the_format(monkeypatch):
    """An entry of another layout is never read as this one's."""
    before = recordcache.code_version()
    recordcache.code_version.cache_clear()
    monkeypatch.setattr(recordcache, "CACHE_FORMAT", "changed")
    try:
        assert recordcache.code_version() != before
    finally:
        monkeypatch.undo()
        recordcache.code_version.cache_clear()


def forget_digests() -> None:
    paths.package_digest.cache_clear()
    recordcache.code_version.cache_clear()


@pytest.fixture
def package_copy(tmp_path, monkeypatch) -> Path:
    """The package's code and templates as a copy the test may edit, hashed in their place."""
    copy = tmp_path / "package"
    shutil.copytree(paths.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(paths, "PACKAGE", copy)
    forget_digests()
    yield copy
    forget_digests()


def load_twice(cache_dir: Path, file: Path, between) -> tuple[int, int, str]:
    """Load `file` into an empty record cache, call `between`, load it again with a new cache object:
    (files read back, files read, what the second load's validation gave)."""
    first = recordcache.RecordCache(cache_dir)
    first.load(file, "t.yaml", "facts", lambda doc: "validated")
    assert (first.counts.reused, first.counts.read) == (0, 1)
    between()
    second = recordcache.RecordCache(cache_dir)
    _, _, validated = second.load(file, "t.yaml", "facts", lambda doc: "validated again")
    return second.counts.reused, second.counts.read, validated


def edit(file: Path):
    def append() -> None:
        with open(file, "a", encoding="utf-8") as stream:
            stream.write("\n")
        forget_digests()

    return append


def test_an_edit_to_the_code_reads_every_file_again(package_copy, tmp_path):
    """The key holds the hash of the package's modules: an edited module never reads a record back."""
    data = tmp_path / "t.yaml"
    data.write_text("figures: []\n", encoding="utf-8")
    before = recordcache.code_version()
    again = load_twice(tmp_path / "records", data, edit(package_copy / "validate.py"))
    assert recordcache.code_version() != before
    assert again == (0, 1, "validated again")


def test_an_edit_to_a_template_alone_keeps_the_records(package_copy, tmp_path):
    """Templates render pages, never records: editing one reads every data file back."""
    data = tmp_path / "t.yaml"
    data.write_text("figures: []\n", encoding="utf-8")
    before = recordcache.code_version()
    again = load_twice(
        tmp_path / "records", data, edit(package_copy / "render/templates/brief.md.j2")
    )
    assert recordcache.code_version() == before
    assert again == (1, 0, "validated")
