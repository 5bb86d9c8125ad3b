"""Index pages that list briefs: all briefs, archive by year, countries, tags. Paginated, so no page and
no nav grows with the number of briefs. Pure: facts in, {path: Markdown} out, through list views and the
`brief_list`, `countries_index`, `tags_index` and `archive_index` templates."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from markupsafe import Markup

from tradebriefs.core.countries import country_name, is_aggregate, pair_key
from tradebriefs.core.i18n import _, available, foreign_lang, gettext, language, language_name
from tradebriefs.core.routes import (
    ARCHIVE_INDEX,
    BRIEFS_DIR,
    COUNTRIES_INDEX,
    TAGS_INDEX,
    archive_base,
    brief_page,
    briefs_list,
    country_base,
    country_page,
    data_page,
    list_page,
    pair_page,
    tag_base,
    tag_page,
    tag_slug,
)
from tradebriefs.facts.catalog import Catalog
from tradebriefs.facts.models import Brief
from tradebriefs.facts.words import pair_title
from tradebriefs.render.memo import NO_MEMO, Memo
from tradebriefs.render.searchmeta import country_search
from tradebriefs.render.templates import Link, Target, render
from tradebriefs.render.views.pair import pair_headline
from tradebriefs.render.views.rows import FigureTable, figure_row, figure_table

PAGE_SIZE = (
    50  # briefs per index page: a page a reader scrolls, and a constant cost per page for MkDocs
)


@dataclass(frozen=True)
class BriefRow:
    date: str
    brief: Link
    pair: Link
    status: str = ""  # in a preview, 'Draft' or 'Scheduled for DATE' (site.unpublished)
    lang: str = ""  # the title's language where it is not the page's (an untranslated brief)


@dataclass(frozen=True)
class ListPage:
    meta: dict  # front matter: a country's first page is indexed for search (searchmeta.py)
    heading: str
    intro: Markup  # page 1 only: rendered by the list's own intro template
    total: int
    rows: tuple[BriefRow, ...]
    newer: Target | None
    older: Target | None
    number: int
    pages: int


def brief_row(b: Brief, status: str = "") -> BriefRow:
    return BriefRow(
        b.date.isoformat(),
        Link(b.title, Target(brief_page(b.slug))),
        Link(pair_title(*b.pair), Target(pair_page(*b.pair))),
        status,
        foreign_lang(b),
    )


def paginated_briefs(
    base: str,
    title: str,
    briefs: list[Brief],
    intro: Markup = Markup(""),
    meta: dict | None = None,
    status: dict[str, str] | None = None,
    memo: Memo = NO_MEMO,
) -> dict[str, str]:
    """{path: Markdown} for every page of a list of briefs, newest first, PAGE_SIZE a page. `status`: {slug:
    why it is not published yet} in a preview, shown beside the brief."""
    status = status or {}
    chunks = [briefs[i : i + PAGE_SIZE] for i in range(0, len(briefs), PAGE_SIZE)] or [[]]
    pages = {}
    for number, chunk in enumerate(chunks, start=1):
        path = list_page(base, number)
        view = ListPage(
            (meta or {}) if number == 1 else {},
            title if number == 1 else _("{title} (page {number})", title=title, number=number),
            intro if number == 1 else Markup(""),
            len(briefs),
            tuple(brief_row(b, status.get(b.slug, "")) for b in chunk),
            Target(list_page(base, number - 1)) if number > 1 else None,
            Target(list_page(base, number + 1)) if number < len(chunks) else None,
            number,
            len(chunks),
        )
        pages[path] = render("brief_list.md.j2", memo=memo, page=path, view=view)
    return pages


def render_briefs_pages(
    cat: Catalog, status: dict[str, str] | None = None, memo: Memo = NO_MEMO
) -> dict[str, str]:
    intro = Markup(
        render(
            "briefs_intro.md.j2",
            briefs_list(),
            memo,
            archive=Target(ARCHIVE_INDEX),
            tags=Target(TAGS_INDEX),
            countries=Target(COUNTRIES_INDEX),
        )
    )
    return paginated_briefs(
        BRIEFS_DIR, gettext("Briefs"), list(cat.briefs.values()), intro, status=status, memo=memo
    )


def render_archive(
    cat: Catalog, status: dict[str, str] | None = None, memo: Memo = NO_MEMO
) -> dict[str, str]:
    by_year: dict[int, list[Brief]] = defaultdict(list)
    for b in cat.briefs.values():
        by_year[b.date.year].append(b)
    years = tuple(
        (Link(str(y), Target(list_page(archive_base(y)))), len(bs))
        for y, bs in sorted(by_year.items(), reverse=True)
    )
    pages = {
        ARCHIVE_INDEX: render("archive_index.md.j2", memo=memo, page=ARCHIVE_INDEX, years=years)
    }
    for year, briefs in by_year.items():
        pages.update(
            paginated_briefs(
                archive_base(year),
                _("Briefs of {year}", year=year),
                briefs,
                status=status,
                memo=memo,
            )
        )
    return pages


def countries_of(cat: Catalog) -> list[str]:
    """The countries with a page: every reporter, partner and brief's country, but the world and groups
    (countries.is_aggregate), which are many countries; their pairs are linked from their countries' pages."""
    codes = {c for f in cat.figures.values() for c in (f.reporter, f.partner)}
    codes |= {c for b in cat.briefs.values() for c in b.pair}
    return sorted(c for c in codes if not is_aggregate(c))


def other_names(code: str) -> tuple[OtherName, ...]:
    """The country's name in each language of the site but the one being rendered."""
    names = []
    for lang in available():
        if lang != language():
            word = language_name(lang)
            names.append(
                OtherName(lang, word, word[:1].upper() + word[1:], country_name(code, lang))
            )
    return tuple(names)


@dataclass(frozen=True)
class OtherName:
    lang: str
    language: str  # the language's name, in the edition's: 'Russian', 'английский'
    Language: str  # the same with a capital, for a translation that begins with it
    name: str  # the country's name in that language


@dataclass(frozen=True)
class CountryIntro:
    code: str
    names: tuple[OtherName, ...]  # in each other language the site has a catalog for
    pairs: tuple[Link, ...]
    latest: tuple  # FigureRow: each pair's headline figures (views.pair.pair_headline)
    data: tuple[Link, ...]  # the data page of each pair that has one

    @property
    def latest_table(self) -> FigureTable:
        return figure_table(self.latest)


def render_countries(
    cat: Catalog, status: dict[str, str] | None = None, memo: Memo = NO_MEMO
) -> dict[str, str]:
    rows = tuple((Link(country_name(c), Target(country_page(c))), c) for c in countries_of(cat))
    pages = {
        COUNTRIES_INDEX: render("countries_index.md.j2", memo=memo, page=COUNTRIES_INDEX, rows=rows)
    }
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
        pairs = sorted(
            {pair_key(f.reporter, f.partner) for f in figures_of[code]}
            | {pair_key(*b.pair) for b in briefs_of[code]}
        )
        # Each pair's headline figures, of one period as on its profile; every figure is on the pairs' data
        # pages, linked here. A table of all of them repeated the data pages and was most of MkDocs' time on
        # country pages.
        latest = [
            f
            for p in pairs
            for f in pair_headline(
                [x for x in figures_of[code] if pair_key(x.reporter, x.partner) == p]
            )
        ]
        intro = CountryIntro(
            code,
            other_names(code),
            tuple(Link(pair_title(*p), Target(pair_page(*p))) for p in pairs),
            tuple(figure_row(f, cat) for f in latest),
            # A pair only in a brief (no figure, no rank yet) has a profile but no data page.
            tuple(
                Link(pair_title(*p), Target(data_page(*p))) for p in pairs if p in pairs_with_data
            ),
        )
        page = country_page(code)
        pages.update(
            paginated_briefs(
                country_base(code),
                country_name(code),
                briefs_of[code],
                Markup(render("country_intro.md.j2", memo=memo, page=page, view=intro)),
                country_search(code, pairs, figures_of[code]).front_matter(),
                status,
                memo,
            )
        )
    return pages


def render_tags(
    cat: Catalog, status: dict[str, str] | None = None, memo: Memo = NO_MEMO
) -> dict[str, str]:
    tagged: dict[str, list[Brief]] = defaultdict(list)
    names: dict[str, str] = {}
    for b in cat.briefs.values():
        for slug in dict.fromkeys(tag_slug(t) for t in b.tags):  # "China" and "china" are one tag
            names.setdefault(slug, next(t for t in b.tags if tag_slug(t) == slug))
            tagged[slug].append(b)
    rows = tuple(
        (Link(names[s], Target(tag_page(names[s]))), len(tagged[s])) for s in sorted(tagged)
    )
    pages = {TAGS_INDEX: render("tags_index.md.j2", memo=memo, page=TAGS_INDEX, rows=rows)}
    for slug, briefs in tagged.items():
        pages.update(
            paginated_briefs(
                tag_base(names[slug]),
                _("Tag: {tag}", tag=names[slug]),
                briefs,
                status=status,
                memo=memo,
            )
        )
    return pages


def render_listings(
    cat: Catalog, status: dict[str, str] | None = None, memo: Memo = NO_MEMO
) -> dict[str, str]:
    """Every list of briefs; `status`: {slug: why it is not published yet}, marked beside it in a preview."""
    return {
        **render_briefs_pages(cat, status, memo),
        **render_archive(cat, status, memo),
        **render_countries(cat, status, memo),
        **render_tags(cat, status, memo),
    }
