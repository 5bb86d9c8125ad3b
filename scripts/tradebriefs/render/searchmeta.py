"""What the search index knows about a page beyond its text: its kind, its weight and its filters (facets).

Pure: checked facts in, a `SearchEntry` out, written into the page's front matter (`search:`) by its view
and turned into Pagefind's `data-pagefind-*` attributes by overrides/main.html. A page without an entry is
not indexed: lists of briefs (home, archive, tags, a country's later pages) only repeat the briefs' titles
and would crowd them out of the results; the facets narrow a search by country, pair, year, flow and tag.

| filter | a brief | a pair's profile, data, checks | a country |
| --- | --- | --- | --- |
| kind | Brief | Pair profile, Data, Checks | Country |
| country | the two countries | the two countries | the country |
| pair | its pair | the pair | every pair it is in |
| year | its date's year and its figures' years | its figures' years | its figures' years |
| flow | its figures' flows | its figures' flows | its figures' flows |
| tag | its tags | - | - |
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from tradebriefs.core.countries import country_name, is_aggregate, pair_key
from tradebriefs.core.i18n import N_, gettext
from tradebriefs.facts.catalog import Catalog
from tradebriefs.facts.models import Brief, Figure
from tradebriefs.facts.words import FLOW_ORDER, pair_title


class Kind(StrEnum):
    """The page kinds a reader can narrow a search to, as the filter lists them."""

    BRIEF = "Brief"
    PAIR = "Pair profile"
    DATA = "Data"
    CHECKS = "Checks"
    COUNTRY = "Country"
    SITE = "About the site"  # about, sources, the field reference


# The kinds as a reader sees them, in the edition's language (the filter's values and each result's tag).
KIND_WORDS = (
    N_("Brief"),
    N_("Pair profile"),
    N_("Data"),
    N_("Checks"),
    N_("Country"),
    N_("About the site"),
)


# Pagefind's data-pagefind-weight (0 to 10, default 1) on the whole page: a brief is the page a reader
# searching a figure or a name wants, its data row comes next; the checks pages repeat every figure in
# their arithmetic and come last.
WEIGHTS = {Kind.BRIEF: 8.0, Kind.DATA: 3.0, Kind.CHECKS: 0.5, Kind.SITE: 0.5}
# A brief's tables (key figures, chart data, derived figures) weigh less than its sentences. Pagefind shows
# the stretch of a page where the matched words weigh most, and weights count squared (8² = 64 against
# 3.2² ≈ 10), so an excerpt comes from the text that cites a figure, not from the cells that list it, unless
# the text never names it. Still more than a data page's 3: a word only in a brief's table (a note) finds the
# brief first, then the data page.
TABLE_WEIGHTS = {Kind.BRIEF: 3.2}
FILTERS = ("kind", "country", "pair", "year", "flow", "tag")


@dataclass(frozen=True)
class SearchEntry:
    kind: Kind
    filters: dict[str, tuple[str, ...]]

    @property
    def weight(self) -> float:
        return WEIGHTS.get(self.kind, 1.0)

    @property
    def table_weight(self) -> float | None:
        """The weight of the page's tables, where it differs from the page's (None: the same)."""
        return TABLE_WEIGHTS.get(self.kind)

    def front_matter(self) -> dict:
        """{"search": ...} for a page's front matter; the values are shown to readers as they are."""
        tables = {"table_weight": self.table_weight} if self.table_weight is not None else {}
        return {
            "search": {
                "kind": gettext(str(self.kind)),
                "weight": self.weight,
                **tables,
                "filters": {name: list(values) for name, values in self.filters.items() if values},
            }
        }


def _sorted(values: Iterable) -> tuple[str, ...]:
    return tuple(sorted({str(v) for v in values}))


def _flows(figures: Iterable[Figure]) -> tuple[str, ...]:
    present = {f.flow for f in figures}
    return tuple(gettext(str(flow)) for flow in FLOW_ORDER if flow in present)


def _years(figures: Iterable[Figure]) -> set[int]:
    return {y for f in figures for y in range(f.period.start[0], f.period.end[0] + 1)}


def _countries(codes: Iterable[str]) -> tuple[str, ...]:
    """The country filter's values: the world and groups are no country (the pair filter names them)."""
    return _sorted(country_name(c) for c in codes if not is_aggregate(c))


def entry(kind: Kind, figures: list[Figure], countries, pairs, years=(), tags=()) -> SearchEntry:
    return SearchEntry(
        kind,
        {
            "kind": (gettext(str(kind)),),
            "country": _countries(countries),
            "pair": _sorted(pair_title(*p) for p in pairs),
            "year": _sorted(_years(figures) | set(years)),
            "flow": _flows(figures),
            "tag": _sorted(tags),
        },
    )


def pair_figures(a: str, b: str, cat: Catalog) -> list[Figure]:
    return cat.pair_figures(pair_key(a, b))


def brief_search(brief: Brief, cat: Catalog) -> SearchEntry:
    figures = [cat.figures[i] for i in brief.figures if i in cat.figures]
    return entry(
        Kind.BRIEF,
        figures,
        brief.pair,
        [brief.pair],
        years=[brief.date.year],
        tags=brief.tags,
    )


def pair_search(kind: Kind, a: str, b: str, cat: Catalog) -> SearchEntry:
    """A pair's profile, data page or checks page."""
    return entry(kind, pair_figures(a, b, cat), (a, b), [(a, b)])


def country_search(code: str, pairs: list[tuple[str, str]], figures: list[Figure]) -> SearchEntry:
    return entry(Kind.COUNTRY, figures, [code], pairs)


SITE_PAGE = SearchEntry(Kind.SITE, {"kind": (str(Kind.SITE),)})


# A table's start tag in the HTML MkDocs makes of a page (text and attribute values are escaped there, so
# "<table" is never text).
TABLE_TAG = re.compile(r"<table(?=[\s>])")


def weigh_tables(html: str, weight: float) -> str:
    """The page's HTML with every table weighted `weight` in the search index (overrides/main.html)."""
    return TABLE_TAG.sub(f'<table data-pagefind-weight="{float(weight)}"', html)


# Chinese and Japanese are written without spaces, and Pagefind cuts words at spaces on an English page
# (its segmenter runs only on pages whose language is Chinese or Japanese): "中国和俄罗斯的贸易" would be one
# word, found only by its beginning. So each page also gives the index the overlapping character pairs of
# its Han and kana runs (bigrams, as Lucene's CJK analyser does), and search.js turns a query into the
# same pairs: "俄罗斯" finds the page through "俄罗" and "罗斯".
CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{3,}")
TAG = re.compile(r"<[^>]*>")


def cjk_bigrams(html: str) -> str:
    """The character pairs of every run of three or more Han or kana characters in html's text, once each,
    space-separated; '' when there is none."""
    pairs: dict[str, None] = {}
    for run in CJK_RUN.findall(TAG.sub(" ", html)):
        pairs.update((run[i : i + 2], None) for i in range(len(run) - 1))
    return " ".join(pairs)
