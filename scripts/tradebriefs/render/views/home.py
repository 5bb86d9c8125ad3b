"""The home page (the latest briefs), the index of country pairs, and the sources page."""

from __future__ import annotations

from dataclasses import dataclass

from tradebriefs.core.countries import pair_key
from tradebriefs.core.i18n import foreign_lang
from tradebriefs.core.numbers import format_change
from tradebriefs.core.routes import brief_page, pair_page
from tradebriefs.facts.catalog import Catalog
from tradebriefs.facts.models import Brief, Figure
from tradebriefs.facts.words import change_on_words, figure_label, pair_title
from tradebriefs.render.templates import Link, Target
from tradebriefs.render.views.rows import SourceItem, source_item
from tradebriefs.render.views.site import Site
from tradebriefs.render.views.values import figure_value_link, long_date

LATEST_ON_HOME = 10


@dataclass(frozen=True)
class BriefEntry:
    title: Link
    place: str
    date: str
    headline_label: str
    headline: Link
    change: str
    summary: str
    status: str = ""  # in a preview, 'Draft' or 'Scheduled for DATE' (site.unpublished)
    lang: str = (
        ""  # the title's and summary's language where it is not the page's (an untranslated brief)
    )


@dataclass(frozen=True)
class HomeView:
    site_name: str
    latest: tuple[BriefEntry, ...]


def brief_entry(brief: Brief, cat: Catalog, status: str = "") -> BriefEntry:
    head = cat.figures[brief.headline]
    return BriefEntry(
        Link(brief.title, Target(brief_page(brief.slug))),
        brief.place,
        long_date(brief.date),
        figure_label(head),
        figure_value_link(head),
        home_change(head),
        brief.summary,
        status,
        foreign_lang(brief),
    )


def home_change(fig: Figure) -> str:
    """'(+26.3%)' beside a headline; a change on the previous month or quarter says so."""
    if fig.change is None:
        return ""
    on = "" if fig.change_on == "year earlier" else f" {change_on_words(fig)}"
    return f"({format_change(fig.change)}{on})"


def home_view(cat: Catalog, site: Site, status: dict[str, str] | None = None) -> HomeView:
    """The latest briefs; `status`: {slug: why it is not published yet}, marked beside it in a preview."""
    status = status or {}
    latest = list(cat.briefs.values())[:LATEST_ON_HOME]
    return HomeView(site.name, tuple(brief_entry(b, cat, status.get(b.slug, "")) for b in latest))


def pairs_of(cat: Catalog) -> list[tuple[str, str]]:
    pairs = {pair_key(f.reporter, f.partner) for f in cat.figures.values()}
    pairs |= {pair_key(*b.pair) for b in cat.briefs.values()}
    return sorted(pairs)


@dataclass(frozen=True)
class PairCount:
    pair: Link
    figures: int
    briefs: int


def pairs_index_view(cat: Catalog) -> tuple[PairCount, ...]:
    rows = []
    for a, b in pairs_of(cat):
        n_fig = len(cat.pair_figures((a, b)))
        n_brief = sum(1 for x in cat.briefs.values() if pair_key(*x.pair) == (a, b))
        rows.append(PairCount(Link(pair_title(a, b), Target(pair_page(a, b))), n_fig, n_brief))
    return tuple(rows)


def sources_view(cat: Catalog) -> tuple[SourceItem, ...]:
    return tuple(
        source_item(src, cat)
        for src in sorted(cat.sources.values(), key=lambda s: (s.publisher, s.published, s.id))
    )
