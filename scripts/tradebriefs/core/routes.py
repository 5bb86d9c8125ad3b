"""Routes: the only code that decides where an output goes and what its URL is.

Every page, chart, download and feed of the site is named here by its source path in the docs tree handed
to MkDocs (`briefs/x.md`, `charts/x-1-flows.svg`); nothing else builds a path. The URL of a page follows
MkDocs' own rule (`mkdocs.structure.files.File.url` with `use_directory_urls: true`): `x.md` is served as
`x/`, `dir/index.md` as `dir/`, `index.md` as the site's root (tests/test_routes.py holds the two to the
same answers).

Links come in two forms. Markdown links name the target's source path relative to the page (`link`):
MkDocs checks them in `--strict` builds and turns them into URLs. HTML that MkDocs passes through
untouched (a brief's cleaned body, raw HTML tables) needs the final URL (`relative_url`).
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from functools import lru_cache
from urllib.parse import quote

from tradebriefs.core.countries import country_slug, pair_key

INDEX_NAMES = ("index.md", "README.md")

# Pages
HOME = "index.md"
BRIEFS_DIR = "briefs"
ARCHIVE_DIR = "archive"
COUNTRIES_DIR = "countries"
TAGS_DIR = "tags"
BRIEFS_INDEX = f"{BRIEFS_DIR}/index.md"
ARCHIVE_INDEX = f"{ARCHIVE_DIR}/index.md"
COUNTRIES_INDEX = f"{COUNTRIES_DIR}/index.md"
TAGS_INDEX = f"{TAGS_DIR}/index.md"
PAIRS_INDEX = "pairs/index.md"
DATA_INDEX = "data/index.md"  # the overview; each pair's figures are on data/<pair>/ (data_page)
CHECKS_INDEX = (
    "checks/index.md"  # the overview; each pair's checks are on checks/<pair>/ (checks_page)
)
SOURCES_PAGE = "sources.md"
CHANGES_DIR = "changes"  # "What changed": the data's history by date, paginated (changes_list)
CHANGES_INDEX = f"{CHANGES_DIR}/index.md"
FIELDS_PAGE = "reference/fields.md"  # the field reference, from the models
# A brief slug cannot name these: they are pages of their own under briefs/.
RESERVED_BRIEF_SLUGS = ("index", "page")

# Downloads and feeds
DATASET = {
    "csv": "data/figures.csv",
    "json": "data/figures.json",
    "datapackage": "data/datapackage.json",
}
RSS_FEED = "feed.xml"
JSON_FEED = "feed.json"
CHANGES_RSS_FEED = "changes.xml"  # the "What changed" entries, beside the briefs' feeds
CHANGES_JSON_FEED = "changes.json"
SCHEMA_DIR = "schema"
CHART_DIR = "charts"
DARK_SUFFIX = "-dark"

# Sharing: the image a shared link shows (cards.py) and a chart on its own, for an <iframe> elsewhere.
CARDS_DIR = "cards"
SITE_CARD = f"{CARDS_DIR}/site.png"  # every page's card but a brief's
EMBED_DIR = "embed"
# The site's own stylesheet (mkdocs.yml's extra_css) and Material's icon: an embed page's only other files.
STYLESHEET = "stylesheets/extra.css"
FAVICON = "assets/images/favicon.png"


def brief_page(slug: str) -> str:
    return f"{BRIEFS_DIR}/{slug}.md"


def list_page(base: str, number: int = 1) -> str:
    """Page 1 of a paginated list is base/index.md, page k is base/page/k.md (a slug cannot contain '/')."""
    return f"{base}/index.md" if number == 1 else f"{base}/page/{number}.md"


def briefs_list(number: int = 1) -> str:
    return list_page(BRIEFS_DIR, number)


def changes_list(number: int = 1) -> str:
    return list_page(CHANGES_DIR, number)


def change_anchor(sha: str) -> str:
    """An entry's anchor on the "What changed" pages: its commit's id, which never changes."""
    return f"change-{sha[:12]}"


def archive_base(year: int) -> str:
    return f"{ARCHIVE_DIR}/{year}"


def country_base(code: str) -> str:
    return f"{COUNTRIES_DIR}/{country_slug(code)}"


def country_page(code: str) -> str:
    return list_page(country_base(code))


# Symbols that tell tags apart ("C", "C++", "C#"): spelled out in a tag's slug instead of dropped.
SYMBOL_WORDS = {
    "+": "plus",
    "#": "sharp",
    "&": "and",
    "@": "at",
    "%": "percent",
    "$": "dollar",
    "€": "euro",
    "£": "pound",
    "¥": "yen",
    "₽": "rouble",
}


def tag_slug(tag: str) -> str:
    """A tag's address: its letters and digits in any script, lowercased, symbols spelled out, words joined by
    hyphens: 'Россия' -> 'россия', '中国' -> '中国', 'C++' -> 'c-plus-plus'. Spellings that differ only in case,
    spaces or punctuation ('China', 'china', 'trade-turnover', 'trade turnover') are one tag."""
    text = unicodedata.normalize("NFKC", tag).casefold()
    text = "".join(f" {SYMBOL_WORDS[c]} " if c in SYMBOL_WORDS else c for c in text)
    return re.sub(r"[\W_]+", "-", text).strip("-") or "tag"


def tag_base(tag: str) -> str:
    return f"{TAGS_DIR}/{tag_slug(tag)}"


def tag_page(tag: str) -> str:
    return list_page(tag_base(tag))


def pair_slug(a: str, b: str) -> str:
    x, y = pair_key(a, b)
    return f"{country_slug(x)}-{country_slug(y)}"


def pair_page(a: str, b: str) -> str:
    return f"pairs/{pair_slug(a, b)}.md"


def data_page(a: str, b: str) -> str:
    """A pair's data page: every figure of the pair, with a permanent anchor per id. One page per pair keeps
    each page small however large the data set grows, and a changed figure rewrites only its pair's page."""
    return f"data/{pair_slug(a, b)}.md"


def checks_page(a: str, b: str) -> str:
    return f"checks/{pair_slug(a, b)}.md"


def brief_chart(slug: str, index: int, kind: str) -> str:
    """A brief's chart (light variant); the dark one is dark_variant(path), its data chart_download(path, fmt)."""
    return f"{CHART_DIR}/{slug}-{index + 1}-{kind}.svg"


def series_chart(reporter: str, partner: str, flow: str) -> str:
    return f"{CHART_DIR}/series-{country_slug(reporter)}-{country_slug(partner)}-{flow}.svg"


def dark_variant(chart: str) -> str:
    return chart.removesuffix(".svg") + f"{DARK_SUFFIX}.svg"


def chart_download(chart: str, fmt: str) -> str:
    """The figures a chart draws, as 'csv' or 'json', beside it."""
    return chart.removesuffix(".svg") + f".{fmt}"


def brief_card(slug: str) -> str:
    """A brief's card (Open Graph image), a PNG."""
    return f"{CARDS_DIR}/{BRIEFS_DIR}/{slug}.png"


def brief_slug(src_path: str) -> str | None:
    """The slug of a brief's page ('briefs/x.md' -> 'x'); None for any other page (lists under briefs/ too)."""
    folder, name = posixpath.split(src_path)
    slug = name.removesuffix(".md")
    if folder != BRIEFS_DIR or slug == name or slug in RESERVED_BRIEF_SLUGS:
        return None
    return slug


def embed_page(slug: str, number: int) -> str:
    """A brief's chart number `number` (from 1) on a page of its own, for an <iframe>: a plain HTML file (no
    theme, no nav), so it is neither in the sitemap nor in the search index."""
    return f"{EMBED_DIR}/{slug}/{number}.html"


def schema_file(name: str) -> str:
    return f"{SCHEMA_DIR}/{name}"


def is_page(src_path: str) -> bool:
    """A page MkDocs converts (Markdown), as opposed to a file it copies."""
    return src_path.endswith(".md")


@lru_cache(maxsize=1 << 16)
def site_path(src_path: str) -> str:
    """Where a page or file is served, under the site's root: 'briefs/x.md' -> 'briefs/x/', 'index.md' -> ''."""
    if not is_page(src_path):
        return src_path
    folder, name = posixpath.split(src_path)
    if name in INDEX_NAMES:
        return f"{folder}/" if folder else ""
    stem = name.removesuffix(".md")
    return f"{folder}/{stem}/" if folder else f"{stem}/"


def page_url(src_path: str) -> str:
    """The URL MkDocs gives a file: its site path, percent-encoded, and './' for the site's root."""
    return quote(site_path(src_path) or "./")


def absolute_url(base: str, src_path: str) -> str:
    """The permanent address of a page or file under the site's base ('https://.../' or '/')."""
    return base + quote(site_path(src_path))


@lru_cache(maxsize=1 << 16)
def relative_url(from_src: str, to_src: str, fragment: str = "") -> str:
    """The URL of `to_src` as written in `from_src`'s HTML: relative, so the site works under any base."""
    here = posixpath.dirname(
        site_path(from_src)
    )  # 'briefs/x/' is briefs/x/index.html: its folder is briefs/x
    target = site_path(to_src)
    rel = posixpath.relpath(target or ".", here or ".")
    if target.endswith("/") or not target:
        rel = "./" if rel == "." else rel + "/"
    return quote(rel) + (f"#{fragment}" if fragment else "")


def link(from_page: str, to_page: str, fragment: str = "") -> str:
    """A Markdown link target: `to_page`'s source path relative to `from_page`, which MkDocs checks and turns
    into a URL."""
    target = _relative(posixpath.dirname(from_page) or ".", to_page)
    return target + (f"#{fragment}" if fragment else "")


@lru_cache(maxsize=1 << 16)
def _relative(from_dir: str, to_page: str) -> str:
    return posixpath.relpath(
        to_page, from_dir
    )  # many pages link the same few targets: compute each once
