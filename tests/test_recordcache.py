"""The record cache: a data file whose bytes did not change is read back, with the same records and findings."""

from __future__ import annotations

from tradebriefs import recordcache
from tradebriefs.pipeline import check_data


def test_read_back_records_and_findings_are_those_of_a_fresh_read(data_copy, tmp_path, monkeypatch):
    fact = sorted((data_copy / "facts").glob("*.yaml"))[0]
    fact.write_text(fact.read_text(encoding="utf-8") + "unknown_key: 1\n", encoding="utf-8")
    monkeypatch.setenv("TRADEBRIEFS_CACHE", "off")
    fresh, fresh_findings = check_data(data_copy)
    monkeypatch.setenv("TRADEBRIEFS_CACHE", str(tmp_path / "cache"))
    check_data(data_copy)  # fills the cache
    kept, kept_findings = check_data(data_copy)
    assert kept.catalog == fresh.catalog and kept.checks == fresh.checks
    assert kept_findings == fresh_findings and any("unknown_key" in str(f) for f in kept_findings)
    assert len(list((tmp_path / "cache" / "records").glob("*/*.pickle"))) > 1


def test_a_changed_file_is_read_again_and_its_old_entry_removed(data_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("TRADEBRIEFS_CACHE", str(tmp_path))
    brief = sorted((data_copy / "briefs").glob("*.yaml"))[0]
    check_data(data_copy)
    before = set((tmp_path / "records").glob("*/*.pickle"))
    text = brief.read_text(encoding="utf-8")
    brief.write_text(text.replace("title: ", "title: Revised ", 1), encoding="utf-8")
    checked, _ = check_data(data_copy)
    after = set((tmp_path / "records").glob("*/*.pickle"))
    assert len(after) == len(before) and len(after - before) == 1
    assert any(b.title.startswith("Revised ") for b in checked.catalog.briefs.values())


def test_the_key_covers_the_code(monkeypatch, tmp_path):
    before = recordcache.code_version()
    recordcache.code_version.cache_clear()
    monkeypatch.setattr(recordcache, "CACHE_FORMAT", "changed")
    try:
        assert recordcache.code_version() != before
    finally:
        monkeypatch.undo()
        recordcache.code_version.cache_clear()
