"""Search finds figures, names and Russian words, and lists the right page first.

Driven as a reader would, in Debian's Chromium against the built site on 127.0.0.1 (conftest.py): Material's
search reacts to key presses, so each query is `fill`ed and then End is pressed (../shared/TESTING.md).
The search settings that make figures findable are in mkdocs.yml (plugins: search: separator, lang).

Which page is first: for a figure or a name from a brief, the brief (it tells the story; the data page's row
comes next). For a Russian word, a page that has the word.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import open_search, type_query

pytestmark = pytest.mark.browser

BRIEF = "/briefs/2024-10-28-russia-china-trade-drivers/"
# query -> the page that must be listed first
FIRST = {
    "240.11": BRIEF,
    "26.3%": BRIEF,
    "$240.11": BRIEF,
    "110.97": BRIEF,
    "Dakhnovsky": BRIEF,
    "Russia": BRIEF,
}
RUSSIAN_WORD = "Россия"


def page_path(site: Path, index: Path) -> str:
    rel = index.parent.relative_to(site).as_posix()
    return "/" if rel == "." else f"/{rel}/"


def run_search(page, site_url: str, query: str) -> tuple[list[str], list[str]]:
    """Search from the home page; the listed pages (URL paths, in order) and the highlighted words."""
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(site_url + "/", wait_until="load")
    open_search(page)
    meta = type_query(page, query)
    assert "no matching" not in meta.lower(), f"search for {query!r}: {meta!r}"
    hrefs = page.locator(".md-search-result__item > a").evaluate_all(
        "links => links.map(a => a.href)"
    )
    # textContent: the marks in a page's folded "more on this page" sections are not rendered, but count.
    marks = page.locator(".md-search-result mark").evaluate_all(
        "marks => marks.map(m => m.textContent)"
    )
    assert errors == [], f"search for {query!r}: console errors {errors}"
    return [unquote(urlsplit(h).path) for h in hrefs], marks


def listed_pages(paths: list[str]) -> list[str]:
    """Each page once, in the order the results list it (a page's sections follow its own entry)."""
    seen = []
    for path in paths:
        if path not in seen:
            seen.append(path)
    return seen


@pytest.mark.parametrize("query", list(FIRST))
def test_search_lists_the_right_page_first(page, site_url, built_site, query):
    paths, marks = run_search(page, site_url, query)
    pages = listed_pages(paths)
    expected = FIRST[query]
    assert expected in pages, f"search for {query!r} does not list {expected}; it lists {pages}"

    # A figure is one token: the highlighted words are the figure ("240.11", "26.3%"), never a piece of it
    # ("240", "11"). "$240.11" is searched as 240.11, like the "$" in the page text.
    token = query.lstrip("$").lower()
    if re.fullmatch(r"[0-9][0-9.,]*%?", token):
        assert marks, f"search for {query!r}: nothing highlighted"
        pieces = [m for m in marks if not m.lower().startswith(token)]
        assert pieces == [], f"search for {query!r} highlights pieces of the figure: {pieces}"

    assert pages[0] == expected, (
        f"search for {query!r} lists {pages[0]} before {expected} (order: {pages[:4]}); "
        "briefs carry `search: boost` front matter (pages.py) to come first"
    )


def test_search_finds_a_russian_word(page, site_url, built_site):
    """A Russian word is found by the default English pipeline (no stemmer: see mkdocs.yml), first on a page that has it."""
    having = sorted(
        page_path(built_site, index)
        for index in built_site.rglob("index.html")
        if RUSSIAN_WORD in index.read_text(encoding="utf-8")
    )
    assert having, f"no page of the site has Russian text ({RUSSIAN_WORD!r})"
    paths, _ = run_search(page, site_url, RUSSIAN_WORD)
    pages = listed_pages(paths)
    assert pages[0] in having, (
        f"search for {RUSSIAN_WORD!r} lists {pages[0]} first; pages with the word: {having}"
    )
    # And by a prefix of it (search looks words up as prefixes).
    paths, _ = run_search(page, site_url, RUSSIAN_WORD[:-1])
    assert listed_pages(paths)[0] in having
