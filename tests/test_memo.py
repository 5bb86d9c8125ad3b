"""The render memo: a page's Markdown, a brief's body and a chart's downloads are made once per set of inputs
and read back after; what is read back is what a fresh render makes."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from tradebriefs.core import code as paths
from tradebriefs.core.context import TextCounts
from tradebriefs.facts.pipeline import check_data
from tradebriefs.render import memo
from tradebriefs.render.site import render_site
from tradebriefs.render.views.site import Site


def no_charts(plans):
    return {}


COUNTS = TextCounts()  # the last render's


def render(data, monkeypatch, cache) -> dict:
    checked, _ = check_data(data)
    COUNTS.reused = COUNTS.made = 0
    with memo.opened(cache / "memo.sqlite" if cache else None, COUNTS) as texts:
        return render_site(checked, Site(), draw=no_charts, memo=texts)


def test_read_back_texts_are_those_of_a_fresh_render(data_copy, tmp_path, monkeypatch):
    fresh = render(data_copy, monkeypatch, None)
    made = render(data_copy, monkeypatch, tmp_path)
    assert COUNTS.made > 20 and COUNTS.reused < COUNTS.made
    kept = render(data_copy, monkeypatch, tmp_path)
    assert COUNTS.made == 0 and COUNTS.reused > 20
    assert kept == fresh and made == fresh


def test_an_edit_makes_only_the_texts_it_changes_and_the_old_ones_go(
    data_copy, tmp_path, monkeypatch
):
    render(data_copy, monkeypatch, tmp_path)
    entries = COUNTS.made + COUNTS.reused
    brief = next((data_copy / "briefs").glob("*.yaml"))
    brief.write_text(
        brief.read_text(encoding="utf-8").replace("Moscow's trade envoy", "the trade envoy"),
        encoding="utf-8",
    )
    tree = render(data_copy, monkeypatch, tmp_path)
    # the brief's body, its page and the lists that show its summary; not the pages that do not show it
    assert 1 <= COUNTS.made < COUNTS.reused, COUNTS
    assert any("the trade envoy" in text for text in tree.values() if isinstance(text, str))
    with sqlite3.connect(tmp_path / "memo.sqlite") as db:
        (rows,) = db.execute("SELECT count(*) FROM memo").fetchone()
    assert rows <= entries  # the entries of the old text were deleted


def test_an_input_that_cannot_be_pickled_is_made_every_time(tmp_path):
    calls = []
    with memo.opened(tmp_path / "memo.sqlite", TextCounts()) as texts:
        for _ in range(2):
            text = texts.text("page", (lambda: 0,), lambda: calls.append(1) or "made")
            assert text == "made"
    assert len(calls) == 2


def test_a_broken_memo_file_costs_time_only(tmp_path):
    (tmp_path / "memo.sqlite").write_bytes(b"not a database" * 100)
    with memo.opened(tmp_path / "memo.sqlite", TextCounts()) as texts:
        assert texts.text("page", ("a",), lambda: "made") == "made"


def test_without_a_memo_nothing_is_kept(tmp_path):
    assert memo.NO_MEMO.text("page", ("a",), lambda: "made") == "made"
    assert memo.NO_MEMO.db is None and not list(tmp_path.iterdir())


def forget_digests() -> None:
    paths.package_digest.cache_clear()
    memo.code_version.cache_clear()


@pytest.fixture
def package_copy(tmp_path, monkeypatch) -> Path:
    """The package's code and templates as a copy the test may edit, hashed in their place."""
    copy = tmp_path / "package"
    shutil.copytree(paths.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(paths, "PACKAGE", copy)
    forget_digests()
    yield copy
    forget_digests()


@pytest.mark.parametrize("edited", ["render/templates/brief.md.j2", "render/views/brief.py"])
def test_an_edit_to_a_template_or_the_code_makes_every_text_again(package_copy, tmp_path, edited):
    """The key holds the hash of the package's modules and templates: an edited one reads nothing back."""
    db = tmp_path / "memo.sqlite"
    first = memo.Memo(db)
    assert first.text("page", ("a",), lambda: "old") == "old"
    first.finish()
    before = memo.code_version()
    with open(package_copy / edited, "a", encoding="utf-8") as file:
        file.write("\n")
    forget_digests()
    assert memo.code_version() != before
    second = memo.Memo(db)
    assert second.text("page", ("a",), lambda: "made again") == "made again"
    assert (second.run.reused, second.run.made) == (0, 1)
    second.finish()


def test_the_key_covers_the_format(monkeypatch):
    """An entry of another layout is never read as this one's."""
    before = memo.code_version()
    memo.code_version.cache_clear()
    monkeypatch.setattr(memo, "FORMAT", "changed")
    try:
        assert memo.code_version() != before
    finally:
        memo.code_version.cache_clear()


def test_an_unchanged_package_reads_its_texts_back(package_copy, tmp_path):
    """The same code, templates and inputs: the text is read back, not made."""
    first = memo.Memo(tmp_path / "memo.sqlite")
    assert first.text("page", ("a",), lambda: "old") == "old"
    first.finish()
    forget_digests()
    second = memo.Memo(tmp_path / "memo.sqlite")
    assert second.text("page", ("a",), lambda: "made again") == "old"
    assert (second.run.reused, second.run.made) == (1, 0)
    second.finish()


def test_a_memo_another_build_holds_is_not_waited_for(tmp_path):
    """A preview rendering beside `make site`: the second build renders without the memo, and both finish."""
    first = memo.Memo(tmp_path / "memo.sqlite")
    assert first.text("page", ("a",), lambda: "made by the first") == "made by the first"
    second = memo.Memo(tmp_path / "memo.sqlite")  # the first holds the write lock until it finishes
    assert second.db is None
    assert second.text("page", ("a",), lambda: "made by the second") == "made by the second"
    first.finish()
    third = memo.Memo(tmp_path / "memo.sqlite")
    assert third.text("page", ("a",), lambda: "made again") == "made by the first"
    third.finish()
