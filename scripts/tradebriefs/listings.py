"""Index pages that list briefs: all briefs, archive by year, countries, tags. Paginated, so no page and
no nav grows with the number of briefs. Pure: facts in, {path: Markdown} out."""
from __future__ import annotations

from collections import defaultdict

from .catalog import Catalog
from .countries import country_name
from .models import Brief
from .countries import pair_key
from .pages import figure_table, headline_figures, pair_title
from .routes import (ARCHIVE_INDEX, BRIEFS_DIR, COUNTRIES_INDEX, TAGS_INDEX, archive_base, brief_page,
                     briefs_list, country_base, country_page, data_page, link, list_page, pair_page, tag_base, tag_page,
                     tag_slug)
from .text import md

PAGE_SIZE = 50  # briefs per index page: a page a reader scrolls, and a constant cost per page for MkDocs


def brief_row(page: str, b: Brief) -> str:
    return (f"| {b.date.isoformat()} | [{md(b.title)}]({link(page, brief_page(b.slug))}) "
            f"| [{md(pair_title(*b.pair))}]({link(page, pair_page(*b.pair))}) |")


def pager(page: str, base: str, number: int, total: int) -> str:
    if total <= 1:
        return ""
    parts = []
    if number > 1:
        parts.append(f"[← Newer]({link(page, list_page(base, number - 1))})")
    parts.append(f"Page {number} of {total}")
    if number < total:
        parts.append(f"[Older →]({link(page, list_page(base, number + 1))})")
    return " · ".join(parts)


def paginated_briefs(base: str, title: str, intro: list[str], briefs: list[Brief]) -> dict[str, str]:
    """{path: Markdown} for every page of a list of briefs, newest first, PAGE_SIZE a page."""
    chunks = [briefs[i:i + PAGE_SIZE] for i in range(0, len(briefs), PAGE_SIZE)] or [[]]
    pages = {}
    for number, chunk in enumerate(chunks, start=1):
        path = list_page(base, number)
        nav = pager(path, base, number, len(chunks))
        heading = title if number == 1 else f"{title} (page {number})"
        out = [f"# {heading}", "", *(intro if number == 1 else []), ""]
        out += [f"{len(briefs)} briefs, newest first.", ""]
        if chunk:
            out += ["| Date | Brief | Pair |", "| --- | --- | --- |", *(brief_row(path, b) for b in chunk)]
        if nav:
            out += ["", nav]
        pages[path] = "\n".join(out) + "\n"
    return pages


def render_briefs_pages(cat: Catalog) -> dict[str, str]:
    intro = [f"By year: [archive]({link(briefs_list(), ARCHIVE_INDEX)}); by topic: "
             f"[tags]({link(briefs_list(), TAGS_INDEX)}); by country: [countries]({link(briefs_list(), COUNTRIES_INDEX)})."]
    return paginated_briefs(BRIEFS_DIR, "Briefs", intro, list(cat.briefs.values()))


def render_archive(cat: Catalog) -> dict[str, str]:
    by_year: dict[int, list[Brief]] = defaultdict(list)
    for b in cat.briefs.values():
        by_year[b.date.year].append(b)
    index = ARCHIVE_INDEX
    rows = ["| Year | Briefs |", "| --- | --- |"]
    rows += [f"| [{y}]({link(index, list_page(archive_base(y)))}) | {len(bs)} |"
             for y, bs in sorted(by_year.items(), reverse=True)]
    pages = {index: "\n".join(["# Archive", "", "Briefs by year of publication.", "", *rows]) + "\n"}
    for year, briefs in by_year.items():
        pages.update(paginated_briefs(archive_base(year), f"Briefs of {year}", [], briefs))
    return pages


def countries_of(cat: Catalog) -> list[str]:
    codes = {c for f in cat.figures.values() for c in (f.reporter, f.partner)}
    codes |= {c for b in cat.briefs.values() for c in b.pair}
    return sorted(codes)


def render_countries(cat: Catalog) -> dict[str, str]:
    index = COUNTRIES_INDEX
    rows = ["| Country | Code |", "| --- | --- |"]
    rows += [f"| [{md(country_name(c))}]({link(index, country_page(c))}) | {c} |" for c in countries_of(cat)]
    pages = {index: "\n".join(["# Countries", "", *rows]) + "\n"}
    figures_of, briefs_of = defaultdict(list), defaultdict(list)
    for f in cat.figures.values():
        figures_of[f.reporter].append(f)
        figures_of[f.partner].append(f)
    for b in cat.briefs.values():
        for c in set(b.pair):
            briefs_of[c].append(b)
    pairs_with_data = {pair_key(f.reporter, f.partner) for f in cat.figures.values()}
    pairs_with_data |= {pair_key(r.of, r.partner) for r in cat.ranks.values()}
    for code in countries_of(cat):
        base = country_base(code)
        path = country_page(code)
        pairs = sorted({pair_key(f.reporter, f.partner) for f in figures_of[code]}
                       | {pair_key(*b.pair) for b in briefs_of[code]})
        local = country_name(code, "ru")
        intro = [f"ISO 3166-1 code {code}. In Russian: <span lang=\"ru\">{md(local)}</span>.", "",
                 "Pairs: " + ", ".join(f"[{md(pair_title(*p))}]({link(path, pair_page(*p))})" for p in pairs), ""]
        # The latest figure of each flow per pair; every figure is on the pairs' data pages, linked here. A
        # table of all of them repeated the data pages and was most of MkDocs' time on country pages.
        figures = [f for p in pairs for f in headline_figures([x for x in figures_of[code]
                                                               if pair_key(x.reporter, x.partner) == p])]
        # A pair only in a brief (no figure, no rank yet) has a profile but no data page.
        with_data = [p for p in pairs if p in pairs_with_data]
        if figures:
            intro += ["## Latest figures", "", figure_table(path, figures, cat, anchors=False), ""]
        if with_data:
            intro += ["All figures: " + ", ".join(f"[{md(pair_title(*p))}]({link(path, data_page(*p))})"
                                                  for p in with_data), ""]
        intro += ["## Briefs", ""]
        pages.update(paginated_briefs(base, md(country_name(code)), intro, briefs_of[code]))
    return pages


def render_tags(cat: Catalog) -> dict[str, str]:
    tagged: dict[str, list[Brief]] = defaultdict(list)
    names: dict[str, str] = {}
    for b in cat.briefs.values():
        for slug in dict.fromkeys(tag_slug(t) for t in b.tags):  # "China" and "china" are one tag
            names.setdefault(slug, next(t for t in b.tags if tag_slug(t) == slug))
            tagged[slug].append(b)
    index = TAGS_INDEX
    rows = ["| Tag | Briefs |", "| --- | --- |"]
    rows += [f"| [{md(names[s])}]({link(index, tag_page(names[s]))}) | {len(tagged[s])} |" for s in sorted(tagged)]
    pages = {index: "\n".join(["# Tags", "", *rows]) + "\n"}
    for slug, briefs in tagged.items():
        pages.update(paginated_briefs(tag_base(names[slug]), f"Tag: {md(names[slug])}", [], briefs))
    return pages


def render_listings(cat: Catalog) -> dict[str, str]:
    return {**render_briefs_pages(cat), **render_archive(cat), **render_countries(cat), **render_tags(cat)}
