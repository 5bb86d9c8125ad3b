"""Sharing: every page's Open Graph and Twitter tags, a card image per brief, and an embed page per chart.

The unit tests run without a build; the others (marker slow) read the seed site that conftest.py builds with
the real CLI, or a copy of it built with a site URL and a hostile title.
"""

from __future__ import annotations

import gzip
import json
import posixpath
import re
import shutil
import struct
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from conftest import SEED, run_cli
from test_quality import AXE_JS, WCAG_TAGS, describe, need, run_axe
from tradebriefs.core import routes
from tradebriefs.core.context import BuildContext
from tradebriefs.facts.pipeline import check_data
from tradebriefs.render import cards
from tradebriefs.render.cards import (
    CardCache,
    CardSpec,
    brief_spec,
    draw_png,
    page_share,
    render_cards,
)
from tradebriefs.render.pages import embed_code
from tradebriefs.render.searchmeta import weigh_tables
from tradebriefs.render.views.site import Site

SLUG = "2024-10-28-russia-china-trade-drivers"
BRIEF = f"briefs/{SLUG}/index.html"
SITE_URL = "https://briefs.example.org/trade/"
# Every page's tags, as a link preview reads them (og:url only with a site URL).
TAGS = [
    "og:site_name",
    "og:type",
    "og:title",
    "og:description",
    "og:image",
    "twitter:card",
    "twitter:title",
    "twitter:description",
    "twitter:image",
]
HOSTILE_TITLE = 'Tariffs "up" & <b>down</b>: Russia–China trade'
HOSTILE_SUMMARY = 'A summary with <script>alert(1)</script> & "quotes" in it.'


@pytest.fixture(scope="module")
def seed():
    checked, _ = check_data(SEED)
    return checked.catalog


# --- What a card shows, and its image ------------------------------------------------------------------------


def test_a_brief_s_card_shows_its_headline_figure_with_its_change_and_label_and_its_title(seed):
    spec = brief_spec(seed.briefs[SLUG], seed, "Trade Briefs")
    assert spec == CardSpec(
        "Trade Briefs",
        "Russia is now one of China's foreign trade drivers, says Moscow's trade envoy in Beijing",
        "$240.11 bn",
        "+26.3% on a year earlier",
        "China–Russia trade turnover, 2023",
    )


def png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    chunks, at = [], 8
    while at < len(data):
        (size,) = struct.unpack(">I", data[at : at + 4])
        chunks.append((data[at + 4 : at + 8], data[at + 8 : at + 8 + size]))
        at += 12 + size
    return chunks


def test_a_card_is_a_1200_by_630_png_with_the_same_bytes_every_time_and_no_date_or_version():
    spec = CardSpec("Trade Briefs", "A title", "$1.5 bn", "+2% on a year earlier", "A label, 2024")
    first, second = draw_png(spec), draw_png(spec)
    assert first == second
    chunks = png_chunks(first)
    assert chunks[0][0] == b"IHDR" and struct.unpack(">II", chunks[0][1][:8]) == (1200, 630)
    names = [name for name, _ in chunks]
    assert b"tIME" not in names
    text = b" ".join(body for name, body in chunks if name in (b"tEXt", b"iTXt", b"zTXt"))
    assert b"Software" not in text and b"matplotlib" not in text
    assert draw_png(CardSpec("Trade Briefs", "Another title", "$1.5 bn")) != first


def test_a_card_is_drawn_once_then_read_back_from_the_cache(tmp_path):
    ctx = BuildContext(cache_dir=tmp_path)
    specs = {routes.brief_card("x"): CardSpec("Trade Briefs", "X", "$1 bn", "", "Exports, 2024")}
    cache = CardCache(ctx.store)
    first = render_cards(specs, cache, ctx.pending)
    ctx.wait()
    assert cache.counts.drawn == 1
    path = first[routes.brief_card("x")]
    before = path.stat()
    again = render_cards(specs, cache, ctx.pending)
    ctx.wait()
    assert (cache.counts.cards, cache.counts.cached, cache.counts.drawn) == (1, 1, 0)
    assert again == first
    after = path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    changed = {routes.brief_card("x"): CardSpec("Trade Briefs", "X, revised", "$1 bn")}
    assert render_cards(changed, cache, ctx.pending)[routes.brief_card("x")] != path  # another file
    ctx.wait()


# --- Which card and kind a page says it has ------------------------------------------------------------------


def test_a_brief_shows_its_own_card_and_every_other_page_the_site_s():
    brief, card = routes.brief_page("x"), routes.brief_card("x")
    built = {card, routes.SITE_CARD}.__contains__
    assert page_share(brief, None, built) == cards.Share("../../cards/briefs/x.png", "article")
    for page in ("index.md", "briefs/index.md", "briefs/page/2.md", "data/chn-rus.md", "about.md"):
        share = page_share(page, None, built)
        assert share.kind == "website" and share.image.endswith("cards/site.png"), page
    assert page_share(routes.brief_page("not-built"), None, built).image.endswith("site.png")
    assert page_share(None, None, built).image == "/cards/site.png"  # 404.html: from the root


def test_with_a_site_url_a_card_s_address_is_absolute():
    built = {routes.brief_card("x"), routes.SITE_CARD}.__contains__
    assert page_share(routes.brief_page("x"), SITE_URL, built).image == (
        SITE_URL + "cards/briefs/x.png"
    )
    assert page_share(None, SITE_URL.rstrip("/"), built).image == SITE_URL + "cards/site.png"


def test_the_embed_code_is_an_iframe_of_the_embed_page_escaped_for_its_attributes():
    code = embed_code(Site(url=SITE_URL), routes.embed_page("x", 2), 'China\'s "trade" & more')
    assert code.startswith(f'<iframe src="{SITE_URL}embed/x/2.html" ')
    assert 'title="China\'s &quot;trade&quot; &amp; more"' in code
    assert code.endswith("></iframe>")
    assert 'src="/embed/x/2.html"' in embed_code(Site(), routes.embed_page("x", 2), "t")


# --- The built site ------------------------------------------------------------------------------------------


class Head(HTMLParser):
    """A page's <meta> tags (property or name -> content) and its canonical link."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.canonical: str | None = None
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and (a.get("property") or a.get("name")):
            self.meta[a.get("property") or a.get("name")] = a.get("content") or ""
        if tag == "link" and a.get("rel") == "canonical":
            self.canonical = a.get("href")
        for name in ("href", "src", "srcset"):
            if tag in ("a", "img", "source", "link") and a.get(name):
                self.links.append(a[name])


def head_of(path: Path) -> Head:
    head = Head()
    head.feed(path.read_text(encoding="utf-8"))
    return head


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts)


def url_of(site: Path, page: Path) -> str:
    """The page's address under a root of http://site/ (index.html as its folder)."""
    rel = page.relative_to(site).as_posix()
    return "http://site/" + (rel.removesuffix("index.html") if rel.endswith("index.html") else rel)


def file_of(site: Path, page: Path, address: str, base: str = "http://site/") -> Path:
    """The built file an address on the page names (relative, from the root, or under `base`)."""
    absolute = urljoin(url_of(site, page), address.replace(base, "http://site/", 1))
    path = unquote(urlsplit(absolute).path).lstrip("/")
    return site / (path + "index.html" if path.endswith("/") or not path else path)


@pytest.mark.slow
def test_every_page_has_open_graph_and_twitter_tags_whose_image_is_a_built_card(built_site):
    pages = html_pages(built_site)
    assert len(pages) > 10
    for page in pages:
        meta = head_of(page).meta
        missing = [t for t in TAGS if not meta.get(t)]
        assert missing == [], f"{page.relative_to(built_site)}: no {missing}"
        assert meta["twitter:card"] == "summary_large_image"
        assert meta["og:image"] == meta["twitter:image"]
        image = file_of(built_site, page, meta["og:image"])
        assert image.is_file() and image.read_bytes()[:4] == b"\x89PNG", (page, meta["og:image"])
    brief = head_of(built_site / BRIEF).meta
    assert brief["og:type"] == "article"
    assert file_of(built_site, built_site / BRIEF, brief["og:image"]) == (
        built_site / routes.brief_card(SLUG)
    )
    assert brief["og:description"].startswith("Russia–China trade kept growing")
    home = head_of(built_site / "index.html").meta
    assert (home["og:type"], home["og:title"]) == ("website", "Trade Briefs")
    assert file_of(built_site, built_site / "index.html", home["og:image"]) == (
        built_site / routes.SITE_CARD
    )


@pytest.mark.slow
def test_the_built_cards_are_1200_by_630(built_site):
    for card in (built_site / routes.SITE_CARD, built_site / routes.brief_card(SLUG)):
        chunks = png_chunks(card.read_bytes())
        assert struct.unpack(">II", chunks[0][1][:8]) == (1200, 630)


@pytest.fixture(scope="module")
def shared_site(tmp_path_factory) -> Path:
    """The seed site with a site URL, and a brief whose title and summary hold quotes, markup and '&'."""
    data = tmp_path_factory.mktemp("shared") / "data"
    shutil.copytree(SEED, data)
    brief = data / "briefs" / f"{SLUG}.yaml"
    text = brief.read_text(encoding="utf-8")
    title = "title: " + json.dumps(HOSTILE_TITLE, ensure_ascii=False)
    summary = "summary: " + json.dumps(HOSTILE_SUMMARY, ensure_ascii=False) + "\n"
    text = re.sub(r"(?m)^title: .*$", lambda _: title, text)
    text = re.sub(r"(?m)^summary: >-\n(  .*\n)+", lambda _: summary, text)
    brief.write_text(text, encoding="utf-8")
    out = data.parent / "site"
    result = run_cli("build", "--data", str(data), "--site", str(out), env={"SITE_URL": SITE_URL})
    assert result.returncode == 0, result.stderr
    return out


@pytest.mark.slow
def test_titles_and_descriptions_are_escaped_in_the_tags(shared_site):
    page = shared_site / BRIEF
    meta = head_of(page).meta
    for tag in ("og:title", "twitter:title"):
        assert meta[tag] == HOSTILE_TITLE
    for tag in ("og:description", "twitter:description"):
        assert meta[tag] == HOSTILE_SUMMARY
    raw = page.read_text(encoding="utf-8")
    assert "<b>down</b>" not in raw and "<script>alert(1)" not in raw
    tags = re.findall(r"<meta (?:property|name)=\"(?:og|twitter):[^>]*>", raw)
    assert len(tags) >= len(TAGS) and all(t.count('"') % 2 == 0 for t in tags)


@pytest.mark.slow
def test_with_a_site_url_the_tags_and_the_embed_code_carry_absolute_addresses(shared_site):
    for page in (shared_site / BRIEF, shared_site / "index.html", shared_site / "data/index.html"):
        head = head_of(page)
        assert head.meta["og:url"] == head.canonical and head.canonical.startswith(SITE_URL)
        assert head.meta["og:image"].startswith(SITE_URL)
        assert file_of(shared_site, page, head.meta["og:image"], SITE_URL).is_file()
    raw = unescape((shared_site / BRIEF).read_text(encoding="utf-8"))
    assert f'<iframe src="{SITE_URL}embed/{SLUG}/1.html"' in raw


def card_files(cache: Path) -> list[Path]:
    """The PNG files the build's store keeps (its charts are SVG)."""
    files = (cache / "store" / "files").rglob("*")
    return sorted(p for p in files if p.is_file() and p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n")


@pytest.mark.slow
def test_a_card_is_the_same_bytes_in_another_build_and_a_rebuild_does_not_draw_it_again(
    built_site, tmp_path
):
    cache, out = tmp_path / "cache", tmp_path / "site"
    env = {"TRADEBRIEFS_CACHE": str(cache)}  # a cache of its own: every card is drawn again
    result = run_cli("build", "--data", str(SEED), "--site", str(out), env=env)
    assert result.returncode == 0, result.stderr
    card = routes.brief_card(SLUG)
    assert (out / card).read_bytes() == (built_site / card).read_bytes()  # drawn again, same bytes
    kept = card_files(cache)
    assert len(kept) == 2  # the site's card and the brief's
    before = [(p, p.stat().st_ino, p.stat().st_mtime_ns) for p in kept]
    result = run_cli("build", "--data", str(SEED), "--site", str(out), env=env)
    assert result.returncode == 0, result.stderr
    assert [(p, p.stat().st_ino, p.stat().st_mtime_ns) for p in kept] == before
    assert card_files(cache) == kept


# --- Embed pages ---------------------------------------------------------------------------------------------


def embed_codes(site: Path) -> list[str]:
    raw = (site / BRIEF).read_text(encoding="utf-8")
    return [unescape(c) for c in re.findall(r'<code class="tb-embed-code">(.*?)</code>', raw)]


@pytest.mark.slow
def test_each_chart_of_a_brief_has_an_embed_page_and_its_code_beside_its_downloads(built_site):
    raw = (built_site / BRIEF).read_text(encoding="utf-8")
    charts = raw.count("Download the data:")
    codes = embed_codes(built_site)
    assert charts == 2 and len(codes) == charts
    for n, code in enumerate(codes, start=1):
        assert re.fullmatch(r'<iframe src="[^"]*" title="[^"]+" [^<>]*></iframe>', code), code
        src = re.search(r'src="([^"]*)"', code).group(1)
        assert src.endswith(f"embed/{SLUG}/{n}.html")
        assert (built_site / routes.embed_page(SLUG, n)).is_file()
    # Each code sits right after its chart's "Download the data" line, folded (it is long on a phone), in a
    # <code> (text, no script).
    folded = r'Download the data:.*?</p>\s*<details class="quote tb-embed">\s*<summary>Embed this chart</summary>'
    assert len(re.findall(folded + r"\s*<p>Copy this into your page:</p>\s*<code", raw, re.S)) == 2


@pytest.mark.slow
def test_an_embed_page_is_the_chart_its_title_and_source_and_a_link_back_without_site_chrome(
    built_site,
):
    for n in (1, 2):
        page = built_site / routes.embed_page(SLUG, n)
        raw = page.read_text(encoding="utf-8")
        head = head_of(page)
        assert head.meta["robots"] == "noindex"
        for chrome in ("<header", "<nav", "md-header", "md-sidebar", "<footer", "<script"):
            assert chrome not in raw, (n, chrome)
        assert "data-pagefind-body" not in raw  # not in the search index
        assert 'class="tb-embed__title"' in raw and "Source: " in raw
        files = {file_of(built_site, page, link) for link in head.links}
        assert built_site / BRIEF in files  # the link back
        assert all(f.is_file() for f in files), [f for f in files if not f.is_file()]
        svgs = sorted(f.name for f in files if f.suffix == ".svg")
        assert len(svgs) == 2 and any(s.endswith("-dark.svg") for s in svgs)  # light and dark


@pytest.mark.slow
def test_embed_pages_are_in_neither_the_sitemap_nor_the_search_index(built_site):
    assert "embed" not in (built_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "embed" not in gzip.decompress((built_site / "sitemap.xml.gz").read_bytes()).decode()
    urls = []
    for fragment in (built_site / "pagefind" / "fragment").iterdir():
        raw = gzip.decompress(fragment.read_bytes())
        urls.append(json.loads(raw[raw.index(b"{") :])["url"])
    assert any(u.startswith("/briefs/") for u in urls)
    assert not [u for u in urls if posixpath.basename(u.rstrip("/")) == "embed" or "/embed/" in u]


# --- Search marks ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "html, expected",
    [
        ("<table>", '<table data-pagefind-weight="3.2">'),
        ("<table data-tb-cards>", '<table data-pagefind-weight="3.2" data-tb-cards>'),
        ("<p>&lt;table&gt;</p><tablex>", "<p>&lt;table&gt;</p><tablex>"),
    ],
)
def test_a_brief_s_tables_are_weighted_apart_from_its_text(html, expected):
    assert weigh_tables(html, 3.2) == expected


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_an_embed_page_shows_the_scheme_s_chart_opens_clean_and_passes_axe(
    browser, site_url, scheme
):
    need(AXE_JS, "axe-core", "run `npm ci --ignore-scripts` in the repository")
    context = browser.new_context(color_scheme=scheme, viewport={"width": 360, "height": 640})
    page = context.new_page()
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{site_url}/{routes.embed_page(SLUG, 1)}", wait_until="load")
    page.wait_for_load_state("networkidle")
    shown = page.locator(".tb-embed__chart img").evaluate("i => [i.currentSrc, i.naturalWidth]")
    assert shown[0].endswith("-dark.svg" if scheme == "dark" else "-flows.svg") and shown[1] > 0
    assert errors == [] and [u for u in requests if not u.startswith(site_url)] == []
    assert describe(run_axe(page, {"runOnly": {"type": "tag", "values": WCAG_TAGS}})) == []
    context.close()
