"""A brief's body, rendered without MkDocs: what reaches the page is only what the allow-list names."""

from __future__ import annotations

import re

import pytest

from tradebriefs.core.markup import (
    body_links,
    clean_html,
    link_problem,
    markdown_blocks,
    render_body,
)
from tradebriefs.core.text import editor_markdown, safe_url
from tradebriefs.render.downloads import csv_text, to_csv

# Each of these passed `check` and ran script in Chromium before bodies were cleaned by an allow-list.
ATTRIBUTE_LIST = 'A paragraph.\n{: onclick="alert(1)" }'
ATTRIBUTE_LIST_HREF = '[x](https://example.org){: href="javascript:alert(2)" }'
HEADING_ATTRIBUTES = '## Heading {: onmouseover="alert(3)" }'


def rendered(body: str, internal=frozenset()) -> str:
    return render_body(editor_markdown(body), frozenset(internal))


@pytest.mark.parametrize("body", [ATTRIBUTE_LIST, ATTRIBUTE_LIST_HREF, HEADING_ATTRIBUTES])
def test_attribute_lists_in_a_body_stay_text(body):
    out = rendered(body)
    assert not re.search(r"<[^>]+\son\w+=", out), out
    assert not re.search(r"<a\b[^>]*\bhref=\"javascript:", out), out
    assert "{: " in out  # shown to the reader as the editor wrote it


@pytest.mark.parametrize(
    "body",
    [
        "> [q][r]\n>\n> [r]: javascript:alert(1)",
        "- [l][r]\n\n  [r]: javascript:alert(1)",
        "[p](//evil.example/x)",
        "[e](jav&#x61;script:alert(1))",
        "[d](data:text/html,<script>alert(1)</script>)",
        "[rel](../about.md)",
    ],
)
def test_links_the_policy_refuses_are_dropped_and_named_by_check(body):
    out = rendered(body)
    assert "href=" not in out, out
    problems = [link_problem(tag, url) for tag, url in body_links(body)]
    assert problems and all(problems), problems


def test_images_are_dropped_and_named_by_check():
    body = "![x](https://example.org/x.png)"
    assert "<img" not in rendered(body)
    assert link_problem(*body_links(body)[0]).startswith("images are not allowed")


def test_http_https_and_mailto_links_are_kept():
    out = rendered(
        "[a](https://example.org/a?b=1&c=2) [b](http://example.org) [c](mailto:desk@example.org)"
    )
    assert 'href="https://example.org/a?b=1&amp;c=2"' in out
    assert 'href="http://example.org"' in out and 'href="mailto:desk@example.org"' in out
    assert all(
        link_problem(tag, url) is None for tag, url in body_links("[a](https://example.org)")
    )


def test_a_relative_link_is_kept_only_when_the_renderer_made_it():
    made = "../../data/chn-rus/#cn-ru-exports-2023"
    out = rendered(f"[about $110.97 bn]({made}) and [mine](../../secret/)", internal={made})
    assert f'href="{made}"' in out
    assert "secret" not in out.split("mine")[0].rsplit("<a", 1)[-1]
    assert out.count("href=") == 1


def test_raw_html_in_a_body_is_text():
    out = rendered("<script>alert(1)</script> <img src=x onerror=alert(2)> &amp; done")
    assert "<script" not in out and "<img" not in out
    assert "&lt;script&gt;" in out and "&amp;amp; done" in out


def test_top_level_headings_go_back_to_markdown_so_mkdocs_lists_them_in_the_table_of_contents():
    out = rendered("Intro *text*.\n\n## A record 2023\n\nMore.\n\n# Too big\n\n> ## Quoted heading")
    blocks = out.split("\n\n")
    assert blocks[0] == "<p>Intro <em>text</em>.</p>"
    assert "## A record 2023" in blocks
    assert "## Too big" in blocks  # the page's <h1> is the title
    assert "<blockquote>\n<h2>Quoted heading</h2>\n</blockquote>" in out


def test_heading_text_is_escaped_for_markdown():
    assert markdown_blocks("<h2>*not* {: x }</h2>") == r"## \*not\* \{: x \}"


def test_the_sanitizer_is_an_allow_list():
    dirty = (
        '<p onclick="x()" class="md-x" style="color:red">a<script>b()</script></p>'
        '<table><tr><td style="text-align: right; position: fixed">1</td></tr></table>'
        '<a href="javascript:x()">j</a><iframe src="https://example.org"></iframe>'
    )
    out = clean_html(dirty)
    assert (
        "onclick" not in out and "class=" not in out and "color" not in out and "<script" not in out
    )
    assert 'style="text-align:right"' in out and "position" not in out
    assert "javascript" not in out and "<iframe" not in out


@pytest.mark.parametrize(
    "url, published",
    [
        ("https://tass.com/economy/1863483", "https://tass.com/economy/1863483"),
        (
            "https://example.org/><svg/onload=alert(1)>",
            "https://example.org/%3E%3Csvg/onload=alert(1)%3E",
        ),
        ('https://example.org/a?q="x"#f', "https://example.org/a?q=%22x%22#f"),
        ("HTTPS://Example.org/A", "https://example.org/A"),
        ("https://пример.рф/путь", "https://xn--e1afmkfd.xn--p1ai/%D0%BF%D1%83%D1%82%D1%8C"),
    ],
)
def test_urls_are_parsed_and_written_again(url, published):
    assert safe_url(url) == published


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "https://user@evil.example/",
        "https:///path",
        "https://exa mple.org/",
        "https://example.org:99999/",
        "//example.org/",
    ],
)
def test_urls_that_are_not_http_addresses_are_refused(url):
    with pytest.raises(ValueError):
        safe_url(url)


@pytest.mark.parametrize(
    "cell", ['=HYPERLINK("https://evil.example","x")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]
)
def test_csv_text_that_a_spreadsheet_would_run_is_made_text(cell):
    assert csv_text(cell) == "'" + cell


def test_csv_numbers_keep_their_sign_and_digits():
    from decimal import Decimal

    text = to_csv([{"id": "x", "value": Decimal("-18.17"), "notes": "=1+1"}])
    assert "\nx,,,,,,-18.17," in text and ",'=1+1," in text
