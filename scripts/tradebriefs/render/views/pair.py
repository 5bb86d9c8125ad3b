"""A pair's profile: its headline figures (the latest full period of its whole trade), each flow's
series, every figure, ranks, briefs and sources."""

from __future__ import annotations

from dataclasses import dataclass

from tradebriefs.core.countries import country_name, is_aggregate, pair_key
from tradebriefs.core.periods import Period
from tradebriefs.core.routes import brief_page, country_page
from tradebriefs.facts.catalog import Catalog
from tradebriefs.facts.derive import primary_figures
from tradebriefs.facts.models import Figure
from tradebriefs.facts.words import FLOW_ORDER, pair_title
from tradebriefs.render.chartplan import ChartPlan
from tradebriefs.render.searchmeta import Kind, pair_search
from tradebriefs.render.templates import Link, Target
from tradebriefs.render.views.rows import (
    ChartBlock,
    FigureRow,
    FigureTable,
    RankRow,
    SourceItem,
    chart_block,
    figure_row,
    figure_table,
    rank_row,
    source_item,
)


@dataclass(frozen=True)
class PairView:
    meta: dict
    title: str
    # A country's name links to its page; the world's or a group's is text (no page).
    countries: tuple[Link | str, ...]
    headline: tuple[FigureRow, ...]
    series: tuple[ChartBlock, ...]
    figures: tuple[FigureRow, ...]
    ranks: tuple[RankRow, ...]
    charts: tuple[ChartBlock, ...]
    briefs: tuple[tuple[str, Link], ...]  # (date, brief)
    sources: tuple[SourceItem, ...]
    # With the world or a group: one side reports, the other is many countries.
    aggregate: bool = False
    headline_period: str = ""  # the one period of the headline figures ('2023'), as labels print it

    @property
    def headline_table(self) -> FigureTable:
        return figure_table(self.headline)

    @property
    def figures_table(self) -> FigureTable:
        return figure_table(self.figures)


def headline_key(f: Figure) -> tuple:
    """What a headline is the latest of: a reporter's flow, of all goods or one commodity, a share apart from
    a value, each currency apart, and reported values apart from forecasts and targets."""
    return (f.reporter, f.flow, f.goods, f.share_of, f.unit.currency, f.status, f.by)


def headline_figures(figures: list[Figure]) -> list[Figure]:
    """The latest figure of each headline_key (a reporter's flow, first): what a profile leads with. A figure
    that another revises, or that is given beside another source's, gives way to it."""
    latest: dict[tuple, Figure] = {}
    for f in primary_figures(figures):
        key = headline_key(f)
        if key not in latest or (f.period.end, f.period.months) > (
            latest[key].period.end,
            latest[key].period.months,
        ):
            latest[key] = f
    return sorted(
        latest.values(),
        key=lambda f: (
            f.reporter,
            FLOW_ORDER.index(f.flow),
            f.goods or "",
            f.share_of or "",
            not f.is_reported,
            f.status,
            f.unit.currency,
        ),
    )


# Any two of a pair's four flows give the other two (turnover = exports + imports, balance = exports − imports).
FLOWS_FOR_WHOLE_TRADE = 2


def all_goods(f: Figure) -> bool:
    """A figure of the pair's whole trade, not of one commodity or product."""
    return f.goods is None


def headline_period(figures: list[Figure]) -> Period | None:
    """The period a pair's headline figures are of: the latest full one, whose reported figures of all goods
    give the pair's whole trade (two of turnover, exports, imports and balance); at one end, the longest (a
    year before its last month). Without a full period, the latest period of any figure of all goods."""
    whole = [f for f in figures if all_goods(f)] or figures
    flows: dict = {}
    for f in whole:
        if f.is_reported:
            flows.setdefault(f.period, set()).add(f.flow)
    full = [p for p, found in flows.items() if len(found) >= FLOWS_FOR_WHOLE_TRADE]
    candidates = full or [f.period for f in whole]
    return max(candidates, key=lambda p: (p.end, p.months), default=None)


def pair_headline(figures: list[Figure]) -> list[Figure]:
    """A pair's headline figures, all of one period (headline_period): the latest figure of each headline_key
    of all goods. Figures of other periods and of single commodities are in the pair's series and tables."""
    period = headline_period(figures)
    whole = [f for f in figures if all_goods(f)] or figures
    return headline_figures([f for f in whole if f.period == period])


def country_link(code: str) -> Link | str:
    """A country's name linked to its page; the world and groups have no page (countries.is_aggregate)."""
    return (
        country_name(code)
        if is_aggregate(code)
        else Link(country_name(code), Target(country_page(code)))
    )


def pair_view(
    a: str, b: str, cat: Catalog, charts: list[ChartPlan], series: list[ChartPlan] = ()
) -> PairView:
    """A pair's profile: headline figures, each flow's series, every figure, ranks, briefs and sources."""
    key = pair_key(a, b)
    figures = sorted(
        cat.pair_figures(key), key=lambda f: (f.period.start, f.period.end, f.reporter, f.flow)
    )
    ranks = [r for r in cat.ranks.values() if pair_key(r.of, r.partner) == key]
    briefs = [x for x in cat.briefs.values() if pair_key(*x.pair) == key]
    period = headline_period(figures)
    return PairView(
        meta=pair_search(Kind.PAIR, a, b, cat).front_matter(),
        title=pair_title(a, b),
        countries=tuple(country_link(c) for c in sorted(key, key=is_aggregate)),
        headline=tuple(figure_row(f, cat) for f in pair_headline(figures)),
        series=tuple(chart_block(p) for p in series),
        figures=tuple(figure_row(f, cat) for f in figures),
        ranks=tuple(rank_row(r, cat) for r in ranks),
        charts=tuple(chart_block(p) for p in charts),
        briefs=tuple(
            (x.date.isoformat(), Link(x.title, Target(brief_page(x.slug)))) for x in briefs
        ),
        sources=tuple(
            source_item(cat.sources[s], cat) for s in dict.fromkeys(f.source for f in figures)
        ),
        aggregate=any(map(is_aggregate, key)),
        headline_period=period.label() if period else "",
    )
