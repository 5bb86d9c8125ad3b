"""What each page read (render/reads.py): a page of a brief, a pair, its data or its checks is read back while
no entry it looked up has changed, made again when one has, and the reason names that entry; whatever is read
back is what a render with no store makes."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from bench.generate import generate_dataset

from tradebriefs.core.context import BuildContext
from tradebriefs.facts.catalog import Catalog
from tradebriefs.facts.pipeline import check_data
from tradebriefs.facts.revisions import NO_HISTORY
from tradebriefs.render import reads
from tradebriefs.render.site import render_site
from tradebriefs.render.views.site import Site

PACKAGE = Path(reads.__file__).resolve().parents[1]


def no_charts(plans):
    return {}


def render(data: Path, cache: Path | None) -> tuple[dict, BuildContext]:
    ctx = BuildContext(cache_dir=cache)
    checked, _ = check_data(data)
    tree = render_site(checked, Site(), draw=no_charts, ctx=ctx)
    ctx.finish()
    return tree, ctx


@pytest.fixture
def dataset(tmp_path):
    return generate_dataset(6, tmp_path / "data")


def test_an_edited_figure_remakes_the_pages_that_read_it_and_no_other(dataset, tmp_path):
    cache = tmp_path / "cache"
    _, first = render(dataset.data_dir, cache)
    assert first.stats.views.made > 20 and first.stats.views.reused == 0
    _, again = render(dataset.data_dir, cache)
    assert again.stats.views.made == 0 and again.stats.views.reused == first.stats.views.made
    dataset.make_edit()  # the newest brief's exports, now "about"
    tree, edited = render(dataset.data_dir, cache)
    remade = dict(edited.stats.views.why)
    pair = re.search(r"briefs/\d{4}-\d\d-\d\d-(\w+)-(\w+)-", dataset.change_page)
    key = "-".join(sorted(pair.groups()))
    assert f"data/{key}.md" in remade and f"pairs/{key}.md" in remade
    assert dataset.change_page.rstrip("/") + ".md" in remade
    assert all(key in page for page in remade), remade  # nothing of another pair
    assert any("are-idn-exports-2021-01" in why for why in remade.values()), remade
    assert edited.stats.views.reused == first.stats.views.made - len(remade)
    fresh, _ = render(dataset.data_dir, None)
    assert tree == fresh
    assert dataset.change_shown in tree[dataset.change_page.rstrip("/") + ".md"]


def test_where_a_record_stands_in_its_file_is_not_what_a_page_read(dataset, tmp_path):
    """A line added above a figure moves it down its file: no page shows where a record stands, so none is
    made again (digests cover what a record is: the fields its equality compares)."""
    cache = tmp_path / "cache"
    render(dataset.data_dir, cache)
    facts = dataset.change_file
    text = facts.read_text(encoding="utf-8")
    facts.write_text(text.replace("figures:\n", "figures:\n# a comment\n\n", 1), encoding="utf-8")
    tree, moved = render(dataset.data_dir, cache)
    assert moved.stats.views.made == 0, moved.stats.views.why


def test_a_whole_table_read_depends_on_every_entry_and_its_order():
    cat = Catalog(figures={"a": 1, "b": 2})
    inputs = reads.Inputs(cat, NO_HISTORY)
    seen = reads.Reads()
    table = reads.Table("figures", cat.figures, seen)
    assert list(table) == ["a", "b"] and table.get("c") is None and "a" in table
    assert seen.seen == {("figures", reads.ALL), ("figures", "c"), ("figures", "a")}
    before = inputs.digest("figures", reads.ALL)
    for changed in ({"b": 2, "a": 1}, {"a": 1, "b": 3}, {"a": 1}):
        assert (
            reads.Inputs(Catalog(figures=changed), NO_HISTORY).digest("figures", reads.ALL)
            != before
        )
    absent = reads.Inputs(Catalog(figures={"c": None}), NO_HISTORY).digest("figures", "c")
    assert absent != inputs.digest("figures", "c")  # a missing entry is not an entry holding None


def test_a_catalog_read_through_reads_offers_only_recorded_lookups():
    cat = Catalog()
    seen = reads.Reads()
    read = reads.ReadCatalog(cat, seen)
    assert (
        read.cited("a") is None
        and read.replaced_by("a") == []
        and read.pair_figures(("A", "B")) == []
    )
    assert seen.seen == {
        ("figures", "a"), ("ranks", "a"), ("replaced_by", "a"), ("pair_figures", ("A", "B")),
    }  # fmt: skip
    with pytest.raises(AttributeError):
        read.files  # noqa: B018  # not a table: a view cannot read around its records


def test_no_renderer_reads_where_a_record_stands():
    """Digests leave out compare=False fields (loc, locs): a page that showed them would go stale."""
    found = []
    for path in sorted((PACKAGE / "render").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("loc", "locs"):
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert found == []


def test_a_month_only_date_prints_as_its_month_whatever_was_printed_before():
    """MonthDate(2023, 12) equals date(2023, 12, 1): a cache of long_date by equality alone would print the
    one first asked for, so a page read back could differ from a page made after another was printed."""
    import datetime as dt

    from tradebriefs.core.periods import MonthDate
    from tradebriefs.render.views.values import _long_date, long_date

    _long_date.cache_clear()
    assert long_date(dt.date(2023, 12, 1)) == "1 December 2023"
    assert long_date(MonthDate(2023, 12, 1)) == "December 2023"
    _long_date.cache_clear()
    assert long_date(MonthDate(2023, 12, 1)) == "December 2023"
    assert long_date(dt.date(2023, 12, 1)) == "1 December 2023"
