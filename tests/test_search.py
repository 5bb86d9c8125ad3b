"""Search finds figures as readers write them, names, Russian and Chinese words, lists the right page first,
narrows by filters, and is driven by keyboard alone.

Driven as a reader would, in Debian's Chromium against the built site on 127.0.0.1 (conftest.py), through
the header's search dialog (overrides/partials/site-search.html, docs/javascripts/search.js) over the
Pagefind index the build writes (scripts/tradebriefs/searchindex.py). Which page is first: for a figure or a
name from a brief, the brief (it tells the story; the data page's row comes next). For a Russian or Chinese
word, a page that has the word.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import (
    forget_results,
    open_search,
    result_links,
    type_query,
    wait_for_results,
    wait_until,
)

pytestmark = pytest.mark.browser

BRIEF = "/briefs/2024-10-28-russia-china-trade-drivers/"
SEED = "/data/chn-rus/"
# query -> the page that must be listed first. The figures as the brief prints them ("$240.11", "−$18.17",
# "+26.3%") and as readers type them (no sign, a hyphen for the minus, a currency code).
FIRST = {
    "240.11": BRIEF,
    "26.3%": BRIEF,
    "$240.11": BRIEF,
    "US$240.11": BRIEF,
    "USD 240.11": BRIEF,
    "+26.3%": BRIEF,
    "110.97": BRIEF,
    "−$18.17": BRIEF,
    "-18.17": BRIEF,
    "Dakhnovsky": BRIEF,
    "Russia": BRIEF,
    "settlements": BRIEF,
}
# query -> the page that must be listed first: Chinese names come from CLDR (Babel) on the country pages.
WORDS = {
    "Россия": "/countries/rus/",
    "俄罗斯": "/countries/rus/",
    "中国": "/countries/chn/",
}


def path_of(href: str) -> str:
    return unquote(urlsplit(href).path)


def listed(page) -> list[str]:
    return [path_of(h) for h in result_links(page)]


def search_from_home(page, site_url: str, query: str) -> list[str]:
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(site_url + "/", wait_until="load")
    open_search(page)
    status = type_query(page, query)
    assert "no page" not in status.lower(), f"search for {query!r}: {status!r}"
    assert errors == [], f"search for {query!r}: console errors {errors}"
    return listed(page)


def open_filters(page) -> None:
    """The filters are folded until the reader opens them (their indexes are fetched only then)."""
    page.locator("[data-tb-search-filters] > summary").click()
    page.locator("fieldset[data-filter='kind'] label").first.wait_for()


def page_path(site: Path, index: Path) -> str:
    rel = index.parent.relative_to(site).as_posix()
    return "/" if rel == "." else f"/{rel}/"


@pytest.mark.parametrize("query", list(FIRST))
def test_search_lists_the_right_page_first(page, site_url, built_site, query):
    pages = search_from_home(page, site_url, query)
    expected = FIRST[query]
    assert pages and pages[0] == expected, (
        f"search for {query!r} lists {pages[:4]}; {expected} must come first "
        "(weights: scripts/tradebriefs/searchmeta.py)"
    )
    # A figure is one word: the highlighted words are the figure ("240.11", "$240.11"), never a piece of it.
    number = re.sub(r"^(?:US\$|USD |[$+−-])+", "", query)
    if re.fullmatch(r"[0-9][0-9.,]*%?", number):
        marks = page.locator(".tb-search__results mark").evaluate_all(
            "marks => marks.map(m => m.textContent)"
        )
        assert marks, f"search for {query!r}: nothing highlighted"
        bare = [re.sub(r"^[$+−(-]+|[).,;]+$", "", m) for m in marks]
        pieces = [m for m in bare if not m.startswith(number.rstrip("%"))]
        assert pieces == [], f"search for {query!r} highlights pieces of the figure: {pieces}"


@pytest.mark.parametrize("query", ["129.14", "240.11", "26.3%"])
def test_a_figure_lists_its_data_page_right_after_the_brief(page, site_url, query):
    pages = search_from_home(page, site_url, query)
    assert pages[:2] == [BRIEF, SEED], pages


@pytest.mark.parametrize("query", list(WORDS))
def test_search_finds_russian_and_chinese_words(page, site_url, built_site, query):
    having = sorted(
        page_path(built_site, index)
        for index in built_site.rglob("index.html")
        if query in index.read_text(encoding="utf-8")
    )
    assert WORDS[query] in having, f"{WORDS[query]} does not print {query!r}"
    pages = search_from_home(page, site_url, query)
    assert pages[0] == WORDS[query], f"search for {query!r} lists {pages}"


def test_a_result_opens_its_page_and_a_section_its_heading(page, site_url):
    pages = search_from_home(page, site_url, "Dakhnovsky")
    first = page.locator(".tb-search__result").first
    assert "Russia is now one of China's foreign trade drivers" in first.inner_text()
    sections = first.locator(".tb-search__sections a")
    assert sections.count() >= 1, "the brief's sections are not listed under it"
    section_href = sections.first.get_attribute("href")
    assert "#" in section_href and section_href.startswith(page.url.split("#")[0].rsplit("/", 1)[0])
    first.locator("a.tb-search__link").click()
    page.wait_for_url(re.compile(re.escape(BRIEF) + "$"), wait_until="networkidle")
    assert pages[0] == BRIEF


def test_filters_narrow_a_query_and_show_counts(page, site_url):
    everything = search_from_home(page, site_url, "Russia")
    assert len(set(everything)) > 3, everything
    forget_results(page)
    open_filters(page)
    wait_for_results(page, "Russia")
    kind = page.locator("fieldset[data-filter='kind'] label", has_text="Brief")
    assert re.search(r"Brief \(1\)", kind.inner_text()), kind.inner_text()
    forget_results(page)
    kind.locator("input").check()
    status = wait_for_results(page, "Russia")
    filtered = listed(page)
    assert filtered == [BRIEF], (status, filtered)
    assert status == "1 result"
    # Every listed page is a brief: the kind shown beside each title.
    assert page.locator(".tb-search__kind").all_inner_texts() == ["Brief"]


def test_filters_browse_without_a_query(page, site_url):
    """Browse all briefs on China–Russia about 2023: no words typed, three filters."""
    page.goto(site_url + "/", wait_until="load")
    open_search(page)
    wait_for_results(page, "")
    open_filters(page)
    for name, value in (("kind", "Brief"), ("pair", "China–Russia"), ("year", "2023")):
        box = page.locator(f"fieldset[data-filter='{name}'] label", has_text=value).locator("input")
        forget_results(page)
        box.check()
        wait_for_results(page, "")
        filters = json.loads(page.locator("[data-tb-search-results]").get_attribute("data-filters"))
        assert value in filters[name]["any"]
    assert listed(page) == [BRIEF]
    assert page.locator("[data-tb-search-status]").inner_text() == "1 page matches the filters."
    # Each filter value shows how many pages it would list with the others.
    years = page.locator("fieldset[data-filter='year'] label:not([hidden])").all_inner_texts()
    assert "2023 (1)" in [y.strip() for y in years], years


def test_keyboard_alone_opens_searches_moves_and_closes(page, site_url):
    page.goto(site_url + BRIEF, wait_until="load")
    page.keyboard.press("/")
    page.wait_for_function("document.getElementById('tb-search').open")
    wait_until(page, "document.activeElement.id === 'tb-search-input'", "the field has no focus")
    page.keyboard.type("240.11")
    wait_for_results(page, "240.11")
    page.keyboard.press("ArrowDown")
    wait_until(
        page,
        "document.activeElement.classList.contains('tb-search__link')",
        "ArrowDown does not move the focus to the first result",
    )
    page.keyboard.press("Escape")
    page.wait_for_function("!document.getElementById('tb-search').open")
    wait_until(
        page,
        "document.activeElement.matches('[data-tb-search-open]')",
        "closing the search does not give the focus back to its button",
    )
    # "s" opens it too; Enter goes to the first result.
    page.keyboard.press("s")
    page.wait_for_function("document.getElementById('tb-search').open")
    wait_until(page, "document.activeElement.id === 'tb-search-input'", "the field has no focus")
    page.keyboard.type("Dakhnovsky")
    wait_for_results(page, "Dakhnovsky")
    page.keyboard.press("Enter")  # submits the field: the first result gets the focus
    wait_until(
        page,
        "document.activeElement.classList.contains('tb-search__link')",
        "Enter in the field does not move the focus to the first result",
    )
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(BRIEF) + "$"), wait_until="networkidle")


def test_typing_s_in_a_field_does_not_open_the_search(page, site_url):
    page.goto(site_url + "/", wait_until="load")
    open_search(page)
    page.keyboard.type("s/")
    wait_until(
        page,
        "document.getElementById('tb-search-input').value === 's/'",
        "typing s/ in the field did not write s/",
    )


def test_a_link_with_a_query_opens_the_search(page, site_url):
    page.goto(site_url + "/?q=Dakhnovsky", wait_until="load")
    wait_for_results(page, "Dakhnovsky")
    assert listed(page)[0] == BRIEF


def test_without_javascript_a_line_points_to_the_archive_and_the_data(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url + BRIEF, wait_until="load")
        line = page.locator("noscript").first
        html = line.inner_html()
        assert "archive/" in html and "data/" in html, html
        # The search button is not shown when it could not work.
        assert not page.locator("[data-tb-search-open]").is_visible()
    finally:
        context.close()


CHINESE_SENTENCE = "据中国海关总署统计，中俄贸易额创下新纪录。"


@pytest.fixture(scope="module")
def chinese_site_url(tmp_path_factory):
    """The seed site with a Chinese sentence in the brief's text (no spaces between its words)."""
    from conftest import built_copy, serving

    def add_sentence(data) -> None:
        brief = next((data / "briefs").glob("*.yaml"))
        text = brief.read_text(encoding="utf-8")
        brief.write_text(
            text.replace("\nquotes:\n", f"\n  {CHINESE_SENTENCE}\nquotes:\n", 1), encoding="utf-8"
        )

    out = built_copy(tmp_path_factory, "chinese", add_sentence)
    assert CHINESE_SENTENCE in (out / BRIEF.strip("/") / "index.html").read_text(encoding="utf-8")
    with serving(out) as url:
        yield url


@pytest.mark.parametrize("word", ["海关总署", "贸易额", "新纪录"])
def test_a_chinese_word_inside_a_sentence_is_found(page, chinese_site_url, word):
    pages = search_from_home(page, chinese_site_url, word)
    assert pages[:1] == [BRIEF], f"search for {word!r} lists {pages}"


def test_a_plain_query_fetches_no_filter_index(page, site_url):
    """The filter indexes grow with the archive: a query fetches them only once the filters are opened."""
    fetched = []
    page.on("requestfinished", lambda r: fetched.append(r.url))
    search_from_home(page, site_url, "240.11")
    assert any("/pagefind/index/" in u for u in fetched), fetched
    assert not any("/pagefind/filter/" in u for u in fetched), fetched
    open_filters(page)
    page.wait_for_load_state("networkidle")
    assert any("/pagefind/filter/" in u for u in fetched), fetched


def test_a_missing_index_is_said_in_the_search_box(page, built_site, tmp_path):
    """`make serve` indexes in the background: until the index is there, the search box says so, and nothing
    is thrown in the page."""
    import shutil

    from conftest import serving

    site = tmp_path / "site"
    shutil.copytree(built_site, site, ignore=shutil.ignore_patterns("pagefind"))
    thrown = []
    page.on("pageerror", lambda e: thrown.append(str(e)))
    with serving(site) as url:
        page.goto(url + "/", wait_until="load")
        open_search(page)
        page.locator("#tb-search-input").fill("240.11")
        status = page.locator("[data-tb-search-status]")
        status.filter(has_text="The search index is missing").wait_for()
    assert thrown == []
