"""Chart plans: each chart decided once, from the checked facts. Pure: no matplotlib, no files.

A plan names the chart's route, the spec that decides its bytes (charts.py draws it) and the reported and
derived figures it draws. The drawing, the "Download the data" CSV/JSON and the block on the page all come
from the same plan, so they cannot disagree: a balance the source reported is drawn as reported; a balance
derived here (derive.py) is labelled derived in the chart and in its CSV alike.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .charts import PALETTE, Bar, ChartSpec
from .countries import country_name, pair_key
from .derive import Derived
from .models import Chart, Figure
from .numbers import format_amount, format_change, format_qualified
from .routes import brief_chart, series_chart
from .words import flow_phrase, flow_preposition, flow_short, source_credit

MIN_SERIES_POINTS = 2  # one year is a figure, not a series


@dataclass(frozen=True)
class ChartPlan:
    path: str  # the light variant's route (routes.dark_variant and routes.chart_download give the others)
    spec: ChartSpec
    figures: tuple[Figure, ...]  # reported figures drawn
    derived: tuple[Derived, ...] = ()  # derived figures drawn


def _figure_bar(fig: Figure) -> Bar:
    return Bar(
        flow_short(fig.flow, fig.partner),
        fig.value,
        format_qualified(fig.value, fig.unit, fig.qualifier),
        PALETTE[fig.flow],
    )


def _figure_sentence(fig: Figure) -> str:
    reporter, partner = country_name(fig.reporter), country_name(fig.partner)
    return (
        f"{reporter}'s {fig.flow} {flow_preposition(fig.flow)} {partner} in {fig.period.label()} were "
        f"{format_qualified(fig.value, fig.unit, fig.qualifier, long=True)}"
    )


def balance_key(fig) -> tuple:
    return (fig.reporter, fig.partner, fig.period)


def chart_words(first: Figure) -> tuple[str, str, str]:
    """Reporter, partner and period as a chart's title and text alternative name them."""
    return country_name(first.reporter), country_name(first.partner), first.period.label()


def flows_plan(
    path: str,
    chart: Chart,
    figures: dict[str, Figure],
    sources: dict,
    balances: dict[tuple, Figure | Derived],
) -> ChartPlan:
    """Exports against imports, with the balance: the reported one if the source gave it, else the derived one."""
    figs = [figures[i] for i in chart.figures]
    first = figs[0]
    reporter, partner, period = chart_words(first)
    bars = [_figure_bar(f) for f in figs]
    alt_parts = [_figure_sentence(f) for f in figs]
    drawn_figures, drawn_derived = list(figs), []
    has_flows = {f.flow for f in figs} >= {"exports", "imports"}
    balance = (
        balances.get(balance_key(first))
        if has_flows and not any(f.flow == "balance" for f in figs)
        else None
    )
    if isinstance(balance, Derived):
        bars.append(
            Bar(
                "Balance (derived)",
                balance.value,
                format_amount(balance.value, balance.unit),
                PALETTE["balance"],
                derived=True,
            )
        )
        alt_parts.append(
            f"the balance, exports minus imports, was {format_amount(balance.value, balance.unit, long=True)}"
        )
        drawn_derived.append(balance)
    elif isinstance(balance, Figure):
        bars.append(_figure_bar(balance))
        alt_parts.append(
            f"the balance, as reported, was "
            f"{format_qualified(balance.value, balance.unit, balance.qualifier, long=True)}"
        )
        drawn_figures.append(balance)
    title = chart.title or f"{reporter}'s trade with {partner}, {period}"
    spec = ChartSpec(
        "flows",
        title,
        str(first.unit),
        tuple(bars),
        source_credit(drawn_figures, sources),
        f"Bar chart: {title}. " + "; ".join(alt_parts) + ".",
    )
    return ChartPlan(path, spec, tuple(drawn_figures), tuple(drawn_derived))


def growth_plan(path: str, chart: Chart, figures: dict[str, Figure], sources: dict) -> ChartPlan:
    """Change on a year earlier, in percent, for each figure."""
    figs = [figures[i] for i in chart.figures]
    first = figs[0]
    reporter, partner, period = chart_words(first)
    bars = tuple(
        Bar(flow_short(f.flow, f.partner), f.change, format_change(f.change), PALETTE[f.flow])
        for f in figs
    )
    title = chart.title or f"{reporter}'s trade with {partner}, {period}: change on a year earlier"
    alt = (
        f"Bar chart: {title}. "
        + "; ".join(f"{b.label[0].lower()}{b.label[1:]} {b.text}" for b in bars)
        + "."
    )
    return ChartPlan(
        path,
        ChartSpec("growth", title, "percent", bars, source_credit(figs, sources), alt),
        tuple(figs),
    )


def balances_of(figures, derived: list[Derived]) -> dict[tuple, Figure | Derived]:
    """{(reporter, partner, period): the balance to draw}: reported balances first, derived ones otherwise."""
    table: dict[tuple, Figure | Derived] = {
        balance_key(d): d for d in derived if d.kind == "balance"
    }
    for fig in sorted(
        figures, key=lambda f: f.id, reverse=True
    ):  # the first id wins when a source gave two
        if fig.flow == "balance":
            table[balance_key(fig)] = fig
    return table


def plan_brief_charts(cat, derived: list[Derived]) -> dict[str, list[ChartPlan]]:
    """{brief slug: its charts' plans}, in the brief's order."""
    balances = balances_of(cat.figures.values(), derived)
    plans = {}
    for slug, brief in cat.briefs.items():
        plans[slug] = [
            flows_plan(brief_chart(slug, i, c.kind), c, cat.figures, cat.sources, balances)
            if c.kind == "flows"
            else growth_plan(brief_chart(slug, i, c.kind), c, cat.figures, cat.sources)
            for i, c in enumerate(brief.charts)
        ]
    return plans


def yearly_series(figures) -> dict[tuple[str, str, str], list[Figure]]:
    """{(reporter, partner, flow): full-year figures, oldest first}, for series of MIN_SERIES_POINTS or more."""
    groups: dict[tuple, dict[int, Figure]] = defaultdict(dict)
    for f in sorted(figures, key=lambda f: f.id):
        if f.period.is_year and f.flow != "balance":
            groups[(f.reporter, f.partner, f.flow)].setdefault(f.period.start[0], f)
    return {
        key: [years[y] for y in sorted(years)]
        for key, years in sorted(groups.items())
        if len(years) >= MIN_SERIES_POINTS
    }


def series_plan(figures: list[Figure], sources: dict) -> ChartPlan:
    first = figures[0]
    title = f"{flow_phrase(first.flow, first.reporter, first.partner)}, {first.period.label()}–{figures[-1].period.label()}"
    bars = tuple(
        Bar(
            f.period.label(),
            f.value,
            format_qualified(f.value, f.unit, f.qualifier),
            PALETTE[f.flow],
        )
        for f in figures
    )
    alt = (
        f"Bar chart: {title}, {first.unit}. "
        + "; ".join(f"{b.label}: {b.text}" for b in bars)
        + "."
    )
    spec = ChartSpec("series", title, str(first.unit), bars, source_credit(figures, sources), alt)
    return ChartPlan(series_chart(first.reporter, first.partner, first.flow), spec, tuple(figures))


def plan_series(figures, sources: dict) -> dict[tuple[str, str], list[ChartPlan]]:
    """{pair key: its series charts' plans} for every pair with a series over time."""
    planned: dict[tuple[str, str], list[ChartPlan]] = defaultdict(list)
    for (reporter, partner, _), figs in yearly_series(figures).items():
        planned[pair_key(reporter, partner)].append(series_plan(figs, sources))
    return dict(planned)
