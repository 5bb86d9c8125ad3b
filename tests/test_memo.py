"""The render memo: a page's Markdown, a brief's body and a chart's downloads are made once per set of inputs
and read back after, from the build's store; what is read back is what a fresh render makes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tradebriefs.core import keys
from tradebriefs.core.context import TextCounts
from tradebriefs.core.store import Store
from tradebriefs.facts.pipeline import check_data
from tradebriefs.render import memo
from tradebriefs.render.site import render_site
from tradebriefs.render.views.site import Site


def no_charts(plans):
    return {}


def render(data, folder: Path | None) -> tuple[dict, TextCounts]:
    """The seed site rendered with a memo over a store in `folder` (None: no store), then finished."""
    checked, _ = check_data(data)
    store, counts = Store(folder), TextCounts()
    tree = render_site(checked, Site(), draw=no_charts, memo=memo.Memo(store, counts))
    store.finish()
    return tree, counts


def test_read_back_texts_are_those_of_a_fresh_render(data_copy, tmp_path):
    fresh, _ = render(data_copy, None)
    made, first = render(data_copy, tmp_path)
    assert first.made > 20 and first.reused < first.made and first.unkeyed == 0
    kept, second = render(data_copy, tmp_path)
    assert second.made == 0 and second.reused == first.made + first.reused
    assert kept == fresh and made == fresh


def test_an_edit_makes_only_the_texts_it_changes_and_the_old_ones_go(data_copy, tmp_path):
    _, first = render(data_copy, tmp_path)
    brief = next((data_copy / "briefs").glob("*.yaml"))
    brief.write_text(
        brief.read_text(encoding="utf-8").replace("Moscow's trade envoy", "the trade envoy"),
        encoding="utf-8",
    )
    tree, second = render(data_copy, tmp_path)
    # the brief's body, its page and the lists that show its summary; not the pages that do not show it
    assert 1 <= second.made < second.reused, second
    assert any("the trade envoy" in text for text in tree.values() if isinstance(text, str))
    store = Store(tmp_path)
    (rows,) = store.db.execute("SELECT count(*) FROM actions").fetchone()
    store.close()
    assert rows == second.made + second.reused  # the entries of the old text were deleted


def test_an_input_that_cannot_be_keyed_is_made_every_time(tmp_path):
    calls, counts = [], TextCounts()
    texts = memo.Memo(Store(tmp_path), counts)
    for _ in range(2):
        assert texts.text("page", (lambda: 0,), lambda: calls.append(1) or "made") == "made"
    assert len(calls) == 2 and counts.unkeyed == 2


def test_without_a_store_nothing_is_kept(tmp_path):
    assert memo.NO_MEMO.text("page", ("a",), lambda: "made") == "made"
    assert not memo.NO_MEMO.store.on


def edit(path: Path) -> None:
    with open(path, "a", encoding="utf-8") as file:
        file.write("\n# edited\n")
    keys.code_salt.cache_clear()
    keys.imports_of.cache_clear()


@pytest.mark.parametrize(
    ("edited", "makes_again"),
    [
        ("render/templates/brief.md.j2", True),  # read by every page
        ("render/templates.py", True),  # makes every page
        ("core/text.py", True),  # escaping, imported by the templates
        (
            "render/views/brief.py",
            False,
        ),  # a view is an input: its values are in the key, not its code
        ("render/charts.py", False),  # a page's text is not made there
        ("history/diff.py", False),
    ],
)
def test_only_an_edit_to_the_code_that_makes_a_text_makes_it_again(
    package_copy, tmp_path, edited, makes_again
):
    """A page's key holds the digest of the templates and of the modules the template renderer imports,
    directly or not: an edit there reads nothing back; an edit elsewhere in the package keeps every text."""
    first = memo.Memo(Store(tmp_path))
    assert first.text("page", ("a",), lambda: "old") == "old"
    first.store.finish()
    edit(package_copy / edited)
    second = memo.Memo(Store(tmp_path))
    text = second.text("page", ("a",), lambda: "made again")
    assert text == ("made again" if makes_again else "old")
    second.store.close()


def test_a_memo_another_build_holds_is_not_waited_for(tmp_path):
    """A preview rendering beside `make site`: the second build renders without the store, and both finish."""
    notes = []
    first = memo.Memo(Store(tmp_path))
    assert first.text("page", ("a",), lambda: "made by the first") == "made by the first"
    second = memo.Memo(
        Store(tmp_path, notes.append)
    )  # the first holds the write lock until it finishes
    assert second.text("page", ("a",), lambda: "made by the second") == "made by the second"
    assert not second.store.on and len(notes) == 1 and "building without it" in notes[0]
    first.store.finish()
    third = memo.Memo(Store(tmp_path))
    assert third.text("page", ("a",), lambda: "made again") == "made by the first"
    third.store.finish()
