"""The benchmark's reader side: the built site served on 127.0.0.1 and searched in Chromium, as a reader would.

For each query, in a fresh browser context (nothing cached): open the home page, open the search, type the
query, and wait for the first result. Measured: the bytes the home page fetched (what every first page
view costs, searching or not), the bytes fetched from opening the search to the first result, and the
time from typing to the first result (the index's first chunks load then). A benchmark, not a test: it
asserts nothing; Chromium and Playwright are the test dependencies (`pip install -e '.[test]'`).
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

from tradebriefs.core.routes import BRIEFS_DIR, RESERVED_BRIEF_SLUGS, brief_page, site_path
from tradebriefs.publish.serve import served

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
TIMEOUT_MS = 60_000
# Three kinds of query: a figure (as printed, with its currency sign), a name, a phrase. The figure and
# the name are read from the newest brief's page, so they exist at every archive size.
PHRASE = "rail routes shortened delivery"
FIGURE = re.compile(r"\$\d+\.\d\d")


def newest_brief_text(site_dir: Path) -> str:
    """The indexed part of the newest brief's page (not the search dialog's own example figures)."""
    folder = site_dir / BRIEFS_DIR
    slugs = sorted(
        p.name for p in folder.iterdir() if p.is_dir() and p.name not in RESERVED_BRIEF_SLUGS
    )
    if not slugs:
        return ""
    html = (site_dir / site_path(brief_page(slugs[-1])) / "index.html").read_text(encoding="utf-8")
    return html[html.find("data-pagefind-body") :]


def queries_for(site_dir: Path, names: tuple[str, ...]) -> dict[str, str]:
    text = newest_brief_text(site_dir)
    figure = FIGURE.search(text)
    name = next((n for n in names if n in text), names[0] if names else "trade")
    return {"figure": figure.group(0) if figure else "$1.00", "name": name, "phrase": PHRASE}


def _one_query(browser, url: str, query: str) -> dict:
    context = browser.new_context()
    try:
        page = context.new_page()
        fetched = {"bytes": 0}

        def count(request) -> None:
            sizes = request.sizes()
            fetched["bytes"] += sizes["responseBodySize"] + sizes["responseHeadersSize"]

        page.on("requestfinished", count)
        page.goto(url + "/", wait_until="networkidle")
        first_view = fetched["bytes"]
        fetched["bytes"] = 0
        page.locator("[data-tb-search-open]").click()
        page.wait_for_function("document.getElementById('tb-search').open")
        started = time.perf_counter()
        page.locator("#tb-search-input").fill(query)
        # search.js marks the list with the query it answers once the first results are shown.
        page.wait_for_function(
            "q => document.querySelector('[data-tb-search-results]').dataset.query === q",
            arg=query,
            timeout=TIMEOUT_MS,
        )
        seconds = time.perf_counter() - started
        page.wait_for_load_state("networkidle")
        return {
            "query": query,
            "results": page.locator("[data-tb-search-status]").inner_text(),
            "first_result_s": round(seconds, 3),
            "results_shown": page.locator(".tb-search__result").count(),
            "search_kib": round(fetched["bytes"] / 1024, 1),
            "first_page_view_kib": round(first_view / 1024, 1),
        }
    finally:
        context.close()


def measure_search(site_dir: Path, names: tuple[str, ...] = ()) -> dict:
    """{'figure': {...}, 'name': {...}, 'phrase': {...}}, or {'skipped': why} without a browser; `names`:
    names the briefs quote, the first one the newest brief has is searched."""
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        return {"skipped": "playwright is not installed (pip install -e '.[test]')"}
    if not Path(CHROMIUM).exists():
        return {"skipped": f"no Chromium at {CHROMIUM} (set CHROMIUM_PATH)"}
    queries = queries_for(site_dir, names)
    try:
        with served(site_dir) as url, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            try:
                return {kind: _one_query(browser, url, q) for kind, q in queries.items()}
            finally:
                browser.close()
    except Error as error:
        return {"skipped": f"Chromium failed: {str(error).splitlines()[0]}"}
