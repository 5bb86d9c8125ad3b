"""The record cache: a data file whose bytes did not change is read back from the store, with the same records
and findings; an edit to the code that validates reads it again, an edit elsewhere does not."""

from __future__ import annotations

from pathlib import Path

import pytest

from tradebriefs.core import keys
from tradebriefs.core.store import Store
from tradebriefs.facts import recordcache
from tradebriefs.facts.pipeline import check_data


def checked_with_store(data: Path, folder: Path):
    store = Store(folder)
    cache = recordcache.RecordCache(store)
    result = check_data(data, records=cache)
    store.finish()
    return result, cache.counts


def test_read_back_records_and_findings_are_those_of_a_fresh_read(data_copy, tmp_path):
    fact = sorted((data_copy / "facts").glob("*.yaml"))[0]
    fact.write_text(fact.read_text(encoding="utf-8") + "unknown_key: 1\n", encoding="utf-8")
    fresh, fresh_findings = check_data(data_copy)  # no store
    (_, _), first = checked_with_store(data_copy, tmp_path)
    (kept, kept_findings), second = checked_with_store(data_copy, tmp_path)
    assert first.read > 1 and first.reused == 0
    assert (second.read, second.reused) == (0, first.read)
    assert kept.catalog == fresh.catalog and kept.checks == fresh.checks
    assert kept_findings == fresh_findings and any("unknown_key" in str(f) for f in kept_findings)


def test_a_changed_file_is_read_again_and_its_old_entry_removed(data_copy, tmp_path):
    brief = sorted((data_copy / "briefs").glob("*.yaml"))[0]
    _, first = checked_with_store(data_copy, tmp_path)
    text = brief.read_text(encoding="utf-8")
    brief.write_text(text.replace("title: ", "title: Revised ", 1), encoding="utf-8")
    (checked, _), second = checked_with_store(data_copy, tmp_path)
    assert (second.read, second.reused) == (1, first.read - 1)
    assert any(b.title.startswith("Revised ") for b in checked.catalog.briefs.values())
    store = Store(tmp_path)
    (rows,) = store.db.execute("SELECT count(*) FROM actions WHERE kind = 'record'").fetchone()
    store.close()
    assert rows == first.read  # the old file's entry went


def load_twice(folder: Path, file: Path, between) -> tuple[int, int, str]:
    """Load `file` into an empty store, call `between`, load it again with a new one over the same folder:
    (files read back, files read, what the second load's validation gave)."""
    first = recordcache.RecordCache(Store(folder))
    first.load(file, "t.yaml", "facts", lambda doc: "validated")
    assert (first.counts.reused, first.counts.read) == (0, 1)
    first.store.finish()
    between()
    second = recordcache.RecordCache(Store(folder))
    _, _, validated = second.load(file, "t.yaml", "facts", lambda doc: "validated again")
    second.store.close()
    return second.counts.reused, second.counts.read, validated


def edit(file: Path):
    def append() -> None:
        assert file.is_file(), file  # an edit to a file that exists, not a new one
        with open(file, "a", encoding="utf-8") as stream:
            stream.write("\n")
        keys.code_salt.cache_clear()
        keys.imports_of.cache_clear()

    return append


@pytest.mark.parametrize(
    ("edited", "read_again"),
    [
        ("facts/validate.py", True),
        ("facts/load.py", True),  # validate imports it
        ("core/periods.py", True),  # and, through the models, this
        ("render/templates/brief.md.j2", False),  # templates render pages, never records
        ("render/charts.py", False),
        ("publish/plugin.py", False),
    ],
)
def test_only_an_edit_to_the_code_that_validates_reads_the_files_again(
    package_copy, tmp_path, edited, read_again
):
    data = tmp_path / "t.yaml"
    data.write_text("figures: []\n", encoding="utf-8")
    again = load_twice(tmp_path / "store", data, edit(package_copy / edited))
    assert again == ((0, 1, "validated again") if read_again else (1, 0, "validated"))


def test_an_edit_to_the_reference_table_reads_the_files_again(package_copy, tmp_path):
    """Validation checks HS codes against core/reference/hs2022.tsv: the table is part of its code."""
    data = tmp_path / "t.yaml"
    data.write_text("figures: []\n", encoding="utf-8")
    again = load_twice(tmp_path / "store", data, edit(package_copy / "core/reference/hs2022.tsv"))
    assert again == (0, 1, "validated again")
