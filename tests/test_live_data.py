"""The data tier: the editors' data (the folder mkdocs.yml's plugin reads, data/), tested only by what holds
for any valid data, so that adding, editing or removing a brief or a fact file never needs a test to change.

`make test-data` runs this module alone (what a data-only change can break, in minutes); `make test` runs it
with the rest. Every other test reads its own fixture data (tests/fixtures/seed/, conftest.SEED).

What holds for any valid data: `tradebriefs check` passes; `tradebriefs build` (MkDocs with --strict, as
`make site` publishes) passes; every brief the data publishes has its page, is reachable from the home page
by links and is found by searching for its title; feeds, sitemap and data package are valid to their real
clients (feedparser, an XML parser, frictionless); and the quality gates of tests/test_quality.py (pages
open clean, axe-core in both colour schemes, the Nu HTML checker, LinkChecker) pass on this site too.
"""

from __future__ import annotations

import datetime as dt
import gzip
import html
import re
import xml.etree.ElementTree as ET
from collections import deque
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml

from conftest import ALL_EDITIONS, REPO, open_search, run_cli, serving, type_query

# The quality gates run here on the live site: imported, they are collected again in this module, where the
# fixtures below (built_site, site_url, pages) give them the live site instead of the seed's.
from test_quality import (  # noqa: F401
    browser_pages,
    linkchecker_url,
    scheme_page,
    site_pages,
    test_axe_finds_no_wcag_violation_on_any_page,
    test_every_page_opens_without_errors_or_outside_requests,
    test_linkchecker_finds_no_broken_internal_link_or_anchor,
    test_nu_html_checker_finds_no_error,
)
from tradebriefs.core.environment import from_environ
from tradebriefs.core.routes import brief_page, site_path
from tradebriefs.facts.pipeline import check_data
from tradebriefs.render.site import published

pytestmark = pytest.mark.data_tier

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
PUBLISHED_AT = "https://briefs.example.org/"  # served at its root here, as in the tests' server
RESULTS_SHOWN = 10  # search.js lists ten results at a time: a brief must be among the first


def live_data_dir() -> Path:
    """The data folder the site is built from: the tradebriefs plugin's data_dir in mkdocs.yml."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8").replace("!ENV", ""))
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "tradebriefs" in plugin:
            return REPO / plugin["tradebriefs"]["data_dir"]
    raise AssertionError("mkdocs.yml names no tradebriefs plugin")


LIVE = live_data_dir()


@pytest.fixture(scope="module")
def briefs() -> dict[str, str]:
    """{slug: title} of every brief the data publishes today (not drafts, not scheduled ones)."""
    checked, findings = check_data(LIVE)
    assert checked is not None, "\n".join(map(str, findings))
    shown, _ = published(checked, from_environ().publication_day())
    return {slug: brief.title for slug, brief in shown.catalog.briefs.items()}


@pytest.fixture(scope="module")
def built_site(tmp_path_factory) -> Path:
    """The live data built as `make site` builds it (`tradebriefs build`: the checks, then mkdocs --strict)."""
    out = tmp_path_factory.mktemp("live") / "site"
    # With a site URL, as CI publishes it: the sitemap, feeds and canonical links are absolute.
    result = run_cli(
        "build",
        "--data",
        str(LIVE),
        "--site",
        str(out),
        env={"SITE_URL": PUBLISHED_AT, **ALL_EDITIONS},
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return out


@pytest.fixture(scope="module")
def site_url(built_site):
    with serving(built_site) as url:
        yield url


@pytest.fixture(scope="module")
def pages(built_site, briefs) -> list[str]:
    """Every page of the live site; it must hold a page for each published brief."""
    found = site_pages(built_site)
    missing = [brief_path(s) for s in briefs]
    missing = [p for p in missing if p not in found]
    assert missing == [], f"published briefs without a page: {missing}"
    return browser_pages(found)


def brief_path(slug: str) -> str:
    """A brief's address under the site's root: /briefs/SLUG/."""
    return "/" + site_path(brief_page(slug))


def test_check_passes():
    result = run_cli("check", "--data", str(LIVE))
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(
        r"[\d,]+ figures, [\d,]+ checks, [\d,]+ warnings, 0 errors", result.stderr.splitlines()[-1]
    ), result.stderr


def linked_paths(page: Path, site: Path) -> set[str]:
    """The site paths a built page links to (its own site only, without #anchors or ?queries)."""
    base = "http://site/" + page.relative_to(site).as_posix()
    found = set()
    for href in re.findall(r'<a\s[^>]*?href="([^"]*)"', page.read_text(encoding="utf-8")):
        url = urlsplit(urljoin(base, html.unescape(href)))
        if url.netloc == "site":
            found.add(url.path)
    return found


def test_every_brief_is_reachable_from_the_home_page(built_site, briefs):
    """A reader who starts at / and follows links finds every published brief (lists, pages, archive)."""
    seen, queue = {"/"}, deque(["/"])
    while queue:
        path = queue.popleft()
        file = built_site / path.lstrip("/")
        file = file / "index.html" if path.endswith("/") else file
        if file.suffix != ".html" or not file.is_file():
            continue
        for target in linked_paths(file, built_site) - seen:
            seen.add(target)
            queue.append(target)
    unreached = [s for s in briefs if brief_path(s) not in seen]
    assert unreached == [], f"briefs no link leads to: {unreached}"


@pytest.mark.browser
def test_every_brief_is_found_by_searching_its_title(page, site_url, briefs):
    page.goto(site_url + "/", wait_until="load")
    open_search(page)
    lost = {}
    for slug, title in briefs.items():
        type_query(page, title, timeout_ms=30_000)
        links = page.locator(".tb-search__result > a.tb-search__link").evaluate_all(
            "links => links.map(a => a.href)"
        )[:RESULTS_SHOWN]
        if not any(brief_path(slug) in link for link in links):
            lost[title] = links
    assert lost == {}, f"briefs not among the first {RESULTS_SHOWN} results for their title: {lost}"


def test_feeds_are_valid_and_link_to_built_pages(built_site, briefs):
    import feedparser

    for name in ("feed.xml", "changes.xml"):
        feed = feedparser.parse((built_site / name).read_bytes())
        assert not feed.bozo, f"{name}: {feed.get('bozo_exception')}"
        for entry in feed.entries:
            assert entry.title.strip() and entry.published_parsed, (name, entry)
            assert _built(built_site, entry.link), f"{name}: {entry.link} is not a built page"
    rss = feedparser.parse((built_site / "feed.xml").read_bytes())
    newest = sorted(briefs)[-1:] if briefs else []  # slugs start with the date
    for slug in newest:
        assert any(brief_path(slug) in e.link for e in rss.entries), slug


def test_sitemap_lists_every_brief_and_only_built_pages(built_site, briefs):
    text = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    root = ET.fromstring(text)
    locs = [loc.text or "" for loc in root.findall("s:url/s:loc", SITEMAP_NS)]
    assert locs, "the sitemap lists no page"
    for loc in locs:
        assert _built(built_site, loc), f"sitemap: {loc} is not a built page"
    for slug in briefs:
        assert any(urlsplit(loc).path.endswith(brief_path(slug)) for loc in locs), slug
    with gzip.open(built_site / "sitemap.xml.gz") as packed:
        assert packed.read().decode("utf-8") == text
    for lastmod in root.findall("s:url/s:lastmod", SITEMAP_NS):
        dt.date.fromisoformat(lastmod.text or "")


def test_data_package_is_valid(built_site):
    from frictionless import Package, validate

    descriptor = built_site / "data" / "datapackage.json"
    report = validate(str(descriptor))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert Package(str(descriptor)).resources, "the data package has no resource"


def _built(site: Path, url: str) -> bool:
    """Whether a feed's or sitemap's absolute or site-relative URL names a file of the built site."""
    parts = [p for p in urlsplit(url).path.split("/") if p]
    for start in range(len(parts) + 1):  # the site may be served under a path (https://host/repo/)
        candidate = site.joinpath(*parts[start:])
        if candidate.is_file() or (candidate / "index.html").is_file():
            return True
    return False
