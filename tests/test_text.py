"""Escaping and number formatting: what a reader sees is exactly what the data file says."""

from __future__ import annotations

import html
from decimal import Decimal

import babel.numbers
import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tradebriefs.core import numbers
from tradebriefs.core.numbers import (
    decimals_of,
    format_amount,
    format_change,
    format_number,
    format_qualified,
    ordinal,
    split_unit,
)
from tradebriefs.core.text import editor_markdown, h, md, one_line, safe_url

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


@pytest.mark.parametrize(
    "scale, short",
    [("thousand", "k"), ("million", "mn"), ("billion", "bn"), ("trillion", "tn")],
)
def test_each_scale_word_has_its_own_abbreviation(scale, short):
    """thousand k, million mn, billion bn, trillion tn: short by default, the word itself with long=True."""
    assert format_amount(Decimal("1.5"), f"USD {scale}") == f"$1.5 {short}"
    assert format_amount(Decimal("1.5"), f"USD {scale}", long=True) == f"$1.5 {scale}"


@pytest.mark.parametrize(
    "n, word",
    [
        (1, "first"),
        (2, "second"),
        (3, "third"),
        (4, "fourth"),
        (5, "fifth"),
        (6, "sixth"),
        (7, "seventh"),
        (8, "eighth"),
        (9, "ninth"),
        (10, "tenth"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (14, "14th"),
        (20, "20th"),
        (21, "21st"),
        (22, "22nd"),
        (23, "23rd"),
        (24, "24th"),
        (101, "101st"),
        (102, "102nd"),
        (103, "103rd"),
        (111, "111th"),
        (112, "112th"),
        (113, "113th"),
        (121, "121st"),
    ],
)
def test_ordinals_are_words_to_ten_then_digits_with_11_to_13_in_th(n, word):
    """first to tenth in words; then 21st, 22nd, 23rd, but 11th, 12th, 13th (and 111th-113th)."""
    assert ordinal(n) == word


@pytest.mark.parametrize(
    "url, why",
    [
        ("javascript:alert(1)", "expected an http:// or https:// address"),
        ("ftp://example.org/", "expected an http:// or https:// address"),
        ("https://user@evil.example/", "an address with a user name ('...@') is not allowed"),
        ("https://example.org:99999/", "bad host or port (Port out of range 0-65535)"),
        ("https:///path", "no host name"),
        (
            "https://exa_mple.org/",
            "host name 'exa_mple.org' has characters a host name cannot have",
        ),
        ("https://-x.org/", "host name '-x.org' has characters a host name cannot have"),
        ("https://a..рф/", "host name 'a..рф' is not a valid international domain name"),
    ],
)
def test_an_address_that_is_not_a_plain_http_one_is_refused_saying_why(url, why):
    """Only http(s), a host name a DNS could hold, no user name: the reason is the error's text."""
    with pytest.raises(ValueError) as raised:
        safe_url(url)
    assert str(raised.value) == why


@pytest.mark.parametrize(
    "url, published",
    [
        ("  https://example.org/a b  ", "https://example.org/a%20b"),
        ("http://example.org:8080/x", "http://example.org:8080/x"),
        ("https://example.org./", "https://example.org./"),
        (
            "https://a.example.org/p;x=1/@!$&'()*+,;=-._~%41",
            "https://a.example.org/p;x=1/@!$&'()*+,;=-._~%41",
        ),
        ("https://example.org/?a=b?c#f?g/h", "https://example.org/?a=b?c#f?g/h"),
        ("https://example.org/p#a b", "https://example.org/p#a%20b"),
        ("https://example.org/?q=a b", "https://example.org/?q=a%20b"),
    ],
)
def test_an_address_is_written_again_with_only_what_rfc_3986_allows_unencoded(url, published):
    """Spaces around it go; a port stays; reserved characters stay; a space is %20 in path, query and fragment."""
    assert safe_url(url) == published


def test_html_text_is_escaped_with_quotes_and_on_one_line():
    """h(): &, <, >, " and ' escaped; line breaks folded into one space."""
    assert h("a & <b>\n\"c\" 'd'") == "a &amp; &lt;b&gt; &quot;c&quot; &#x27;d&#x27;"


def test_an_editor_s_markdown_keeps_markdown_but_shows_html_as_text():
    """editor_markdown(): & and < escaped, Markdown syntax and line breaks kept."""
    assert editor_markdown("**a** & <b>\n- c > d") == "**a** &amp; &lt;b>\n- c > d"


def test_one_line_folds_every_run_of_white_space_into_one_space():
    """Tabs, newlines and repeated spaces become one space; ends are trimmed."""
    assert one_line(" a\t\tb\n\nc  d ") == "a b c d"


@pytest.mark.parametrize(
    "unit, value, short, long",
    [
        ("USD", "12.5", "$12.5 bn", "$12.5 billion"),
        ("EUR", "-12.5", "−€12.5 bn", "−€12.5 billion"),
        ("CNY", "12.5", "CN¥12.5 bn", "CN¥12.5 billion"),  # a symbol ending in ¥ or $ goes first
        ("CAD", "-12.5", "−CA$12.5 bn", "−CA$12.5 billion"),
        ("RUB", "12.5", "12.5 bn RUB", "12.5 billion RUB"),  # a code goes after the scale
        ("RUB", "-12.5", "−12.5 bn RUB", "−12.5 billion RUB"),
        ("USD", "1234567.891", "$1,234,567.891 bn", "$1,234,567.891 billion"),
    ],
)
def test_an_amount_puts_a_symbol_before_and_a_code_after_with_the_sign_first(
    unit, value, short, long
):
    """'$12.5 bn', '−€12.5 bn', '12.5 bn RUB': the sign before everything, digits as printed."""
    assert format_amount(Decimal(value), f"{unit} billion") == short
    assert format_amount(Decimal(value), f"{unit} billion", long=True) == long


@pytest.mark.parametrize(
    "change, shown",
    [("26.3", "+26.3%"), ("0", "0%"), ("0.0", "0.0%"), ("-0.5", "−0.5%"), ("1234.5", "+1,234.5%")],
)
def test_a_change_is_signed_unless_it_is_zero(change, shown):
    """A rise gets '+', a fall the typographic minus, no change no sign."""
    assert format_change(Decimal(change)) == shown


@pytest.mark.parametrize(
    "qualifier, shown",
    [
        ("exact", "$5 bn"),
        ("about", "about $5 bn"),
        ("over", "over $5 bn"),
        ("under", "under $5 bn"),
        ("at least", "at least $5 bn"),
        ("at most", "at most $5 bn"),
        ("nearly", "nearly $5 bn"),
    ],
)
def test_each_qualifier_reads_before_the_amount(qualifier, shown):
    """'exact' adds nothing; the others are their own words."""
    assert format_qualified(Decimal("5"), "USD billion", qualifier) == shown


@pytest.mark.parametrize(
    "literal, places, shown",
    [("1E+2", 0, "100"), ("100", 0, "100"), ("1.50", 2, "1.50"), ("-0.50", 2, "−0.50")],
)
def test_a_number_shows_exactly_the_decimals_it_was_printed_with(literal, places, shown):
    """decimals_of is the precision: 1.50 has two, 1E+2 none."""
    assert (decimals_of(Decimal(literal)), format_number(Decimal(literal))) == (places, shown)


def test_a_unit_splits_into_currency_and_scale_at_the_first_space():
    """'USD billion' is USD and billion."""
    assert split_unit("USD billion") == ("USD", "billion")


def test_numbers_are_formatted_in_the_site_s_language_whatever_the_machine_s(monkeypatch):
    """On a machine set to Russian (Babel's default locale, read when it is imported), a page still reads
    1,234.5 and 1,234.5 bn RUB, never 1 234,5 or ₽."""
    monkeypatch.setattr(babel.numbers, "LC_NUMERIC", "ru_RU")
    monkeypatch.setattr(babel.numbers, "LC_MONETARY", "ru_RU")
    numbers._format_literal.cache_clear()
    numbers.currency_symbol.cache_clear()
    try:
        assert format_number(Decimal("1234.5")) == "1,234.5"
        assert format_change(Decimal("1234.5")) == "+1,234.5%"
        assert format_amount(Decimal("1234.5"), "USD billion") == "$1,234.5 bn"
        assert format_amount(Decimal("1234.5"), "RUB billion") == "1,234.5 bn RUB"
    finally:
        numbers._format_literal.cache_clear()
        numbers.currency_symbol.cache_clear()


@pytest.mark.parametrize("value, shown", [("0", "$0 bn"), ("0.5", "$0.5 bn"), ("-0.5", "−$0.5 bn")])
def test_only_a_negative_amount_has_a_minus(value, shown):
    """Zero and amounts under one are not negative."""
    assert format_amount(Decimal(value), "USD billion") == shown


def test_a_rise_of_under_one_percent_is_still_signed():
    """+0.5%: any rise gets its plus."""
    assert format_change(Decimal("0.5")) == "+0.5%"
