"""Search excerpts come from a page's sentences, not from its table cells run together.

A brief's tables weigh less in the index than its text (searchmeta.TABLE_WEIGHTS, overrides/main.html), and
no table's column headers are indexed (searchindex.EXCLUDED), so a figure the text cites is shown in the
sentence that cites it, highlighted. Read from the index files the build writes, and, as a reader sees it,
in Chromium against the seed site (conftest.py).
"""

from __future__ import annotations

import gzip
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import open_search, result_links, type_query

BRIEF = "/briefs/2024-10-28-russia-china-trade-drivers/"
# Column headers of the seed brief's tables, as they ran together in excerpts before.
HEADERS = (
    "seriesvalue",
    "figurevalue",
    "valueformula",
    "valuechange",
    "series value",
    "figure value",
)


def headers_in(text: str) -> list[str]:
    return [h for h in HEADERS if h in text.lower()]


class Prose(HTMLParser):
    """The text of a page's paragraphs outside tables, one string per paragraph."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables, self.paragraph, self.found = 0, None, []

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables += 1
        elif tag == "p" and not self.tables:
            self.paragraph = []

    def handle_endtag(self, tag):
        if tag == "table":
            self.tables -= 1
        elif tag == "p" and self.paragraph is not None:
            self.found.append(" ".join("".join(self.paragraph).split()))
            self.paragraph = None

    def handle_data(self, data):
        if self.paragraph is not None:
            self.paragraph.append(data)


def prose(site: Path, page: str) -> list[str]:
    parser = Prose()
    html = (site / page.strip("/") / "index.html").read_text(encoding="utf-8")
    parser.feed(html[html.index("data-pagefind-body") :])
    return [p for p in parser.found if p]


def indexed_text(site: Path, url: str) -> str:
    """The text Pagefind keeps of a page (its fragment), which excerpts are cut from."""
    for fragment in (site / "pagefind" / "fragment").iterdir():
        raw = gzip.decompress(fragment.read_bytes())
        data = json.loads(raw[raw.index(b"{") :])
        if data["url"] == url:
            return data["content"]
    raise AssertionError(f"{url} is not in the search index")


@pytest.mark.slow
def test_a_brief_s_tables_weigh_less_than_its_text_in_the_index(built_site):
    html = (built_site / BRIEF.strip("/") / "index.html").read_text(encoding="utf-8")
    body = html[html.index("data-pagefind-body") :]
    page = float(re.search(r'data-pagefind-weight="([0-9.]+)"', body).group(1))
    tables = re.findall(r"<table\b[^>]*>", body)
    assert tables, "the seed brief has tables"
    weights = [re.search(r'data-pagefind-weight="([0-9.]+)"', t) for t in tables]
    assert all(w and float(w.group(1)) < page for w in weights), (page, tables)


@pytest.mark.slow
@pytest.mark.parametrize("url", [BRIEF, "/data/chn-rus/", "/pairs/chn-rus/"])
def test_no_table_header_is_indexed(built_site, url):
    text = indexed_text(built_site, url)
    assert "129.14" in text  # the cells are: a figure is found on its data page
    assert headers_in(text) == []
    if url == BRIEF:
        assert not re.search(r"\bSeries\b", text), "the chart data's column header is indexed"


@pytest.mark.browser
@pytest.mark.parametrize("query", ["129.14", "$110.97", "+12.7%"])
def test_searching_a_figure_shows_the_brief_s_sentence_that_cites_it(
    page, site_url, built_site, query
):
    page.goto(site_url + "/", wait_until="load")
    open_search(page)
    type_query(page, query)
    links = result_links(page)
    assert links and links[0].endswith(BRIEF), links
    first = page.locator(".tb-search__result").first
    excerpt = " ".join(first.locator(".tb-search__excerpt").first.inner_text().split())
    marks = first.locator(".tb-search__excerpt").first.locator("mark").all_inner_texts()
    number = query.lstrip("$+")
    assert any(number in m for m in marks), f"{query!r}: highlighted {marks} in {excerpt!r}"
    assert headers_in(excerpt) == [], excerpt
    paragraphs = prose(built_site, BRIEF)
    assert any(excerpt in p for p in paragraphs), (
        f"{query!r}: the excerpt {excerpt!r} is not a stretch of one of the brief's paragraphs"
    )


@pytest.mark.browser
def test_a_figure_only_in_tables_is_still_found_and_its_excerpt_has_no_run_together_headers(
    page, site_url
):
    page.goto(site_url + "/", wait_until="load")
    open_search(page)
    type_query(
        page, "−$18.17"
    )  # the derived balance: the brief's tables show it, its text does not
    links = result_links(page)
    assert links and links[0].endswith(BRIEF), links
    excerpts = page.locator(".tb-search__results .tb-search__excerpt").all_inner_texts()
    assert excerpts and not [e for e in excerpts if headers_in(e)], excerpts
