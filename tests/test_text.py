"""Escaping and number formatting: what a reader sees is exactly what the data file says."""

from __future__ import annotations

import html
from decimal import Decimal

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tradebriefs.numbers import format_amount, format_change, format_number, format_qualified
from tradebriefs.text import md, one_line

EXTENSIONS = ["tables", "attr_list", "md_in_html", "admonition"]  # as in mkdocs.yml


def rendered(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS)


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[x](javascript:alert(1))",
        "*em* _em_ **b**",
        "A | B",
        "# heading",
        "1. list",
        "- list",
        "`code`",
        "![img](x.png)",
        "{: #id }",
        "a\\b",
        "&amp; &lt;",
        "> quote",
        "+ list",
        "---",
        "<!-- c -->",
        "[ref]: http://x",
    ],
)
def test_md_shows_markup_as_text(hostile):
    assert rendered(md(hostile)) == f"<p>{html.escape(one_line(hostile), quote=False)}</p>"


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1).filter(
        lambda s: s.strip()
    )
)
def test_md_round_trips_any_text(text):
    assert rendered(md(text)) == f"<p>{html.escape(one_line(text), quote=False)}</p>"


@pytest.mark.parametrize(
    "literal, shown",
    [
        ("240.11", "240.11"),
        ("180", "180"),
        ("1234.50", "1,234.50"),
        ("-18.17", "−18.17"),
        ("0.005", "0.005"),
    ],
)
def test_numbers_keep_the_printed_digits(literal, shown):
    assert format_number(Decimal(literal)) == shown


def test_amounts_changes_and_qualifiers_read_as_a_newsroom_prints_them():
    assert format_qualified(Decimal("180"), "USD billion", "over") == "over $180 bn"
    assert format_qualified(Decimal("110.97"), "USD billion", "about") == "about $110.97 bn"
    assert (
        format_qualified(Decimal("240.11"), "USD billion", "exact", long=True) == "$240.11 billion"
    )
    assert format_amount(Decimal("-18.17"), "USD billion") == "−$18.17 bn"
    assert format_change(Decimal("26.3")) == "+26.3%"
    assert format_change(Decimal("-2.0")) == "−2.0%"
