"""Chart plans: each chart decided once, from the checked facts. Pure: no matplotlib, no files.

A plan names the chart's route, the spec that decides its bytes (charts.py draws it) and the reported and
derived figures it draws. The drawing, the "Download the data" CSV/JSON and the block on the page all come
from the same plan, so they cannot disagree: a balance the source reported is drawn as reported; a balance
derived here (derive.py) is labelled derived in the chart and in its CSV alike.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from tradebriefs.core.countries import country_name, pair_key, title_name
from tradebriefs.core.hs import hs_description
from tradebriefs.core.numbers import format_amount, format_change, format_qualified
from tradebriefs.core.routes import brief_chart, series_chart
from tradebriefs.facts.derive import Derived, common_unit, in_unit, primary_figures
from tradebriefs.facts.models import Chart, Figure, Unit
from tradebriefs.facts.words import (
    commodity_name,
    flow_phrase,
    flow_preposition,
    flow_short,
    source_credit,
)
from tradebriefs.render.charts import PALETTE, Bar, ChartSpec

MIN_SERIES_POINTS = 2  # one year is a figure, not a series
LABEL_CHARS = 40  # a commodity's bar label: the HS description shortened to its first words
TOTAL_LABEL = "All goods"  # a commodities chart's reference bar: the flow of all goods
# What a change is measured against (models.CHANGE_BASES), as "change on ..." says it.
CHANGE_ON_WORDS = {
    "year earlier": "a year earlier",
    "previous month": "the previous month",
    "previous quarter": "the previous quarter",
}
GROWTH_AXIS = "percent"  # a growth chart's unit: percent change on a year earlier


@dataclass(frozen=True)
class ChartPlan:
    path: str  # the light variant's route (routes.dark_variant and routes.chart_download give the others)
    spec: ChartSpec
    figures: tuple[Figure, ...]  # reported figures drawn
    derived: tuple[Derived, ...] = ()  # derived figures drawn


def drawn_value(fig: Figure | Derived, unit: Unit) -> Decimal:
    """A bar's length in the chart's unit: a balance signed from the reporter's side (a surplus in the
    partner's favour is negative), in the chart's scale of the currency (110.97 USD billion in USD million
    is 110970)."""
    value = fig.amount if isinstance(fig, Figure) else fig.value
    if not isinstance(fig.unit, Unit) or fig.unit == unit:
        return value
    return Decimal(format(in_unit(value, fig.unit, unit), "f"))  # 38900, not 3.89E+4


def printed_amount(fig: Figure, *, long: bool = False) -> str:
    """The value as the reader sees it: a balance with its sign from the reporter's side."""
    return format_qualified(fig.amount, fig.unit, fig.qualifier, long=long)


def _figure_bar(fig: Figure, unit: Unit) -> Bar:
    return Bar(
        flow_short(fig.flow, fig.partner),
        drawn_value(fig, unit),
        printed_amount(fig),
        PALETTE[fig.flow],
    )


def surplus_words(fig: Figure) -> str:
    """'a surplus of $18.17 billion in Russia's favour': a balance printed with whose surplus it is."""
    amount = format_qualified(fig.value, fig.unit, fig.qualifier, long=True)
    return f"a surplus of {amount} in {country_name(fig.favours)}'s favour"


def trade_words(fig: Figure) -> str:
    """'Brazil's trade with China', or of one product 'Brazil's trade in soya (HS 1201) with China'."""
    reporter, partner = title_name(fig.reporter), country_name(fig.partner)
    if fig.goods is None:
        return f"{reporter}'s trade with {partner}"
    return f"{reporter}'s trade in {commodity_name(fig.commodity, fig.product)} with {partner}"


def _figure_sentence(fig: Figure) -> str:
    if fig.favours is not None:
        return f"{trade_words(fig)} in {fig.period.label()} showed {surplus_words(fig)}"
    if fig.goods is not None:
        phrase = flow_phrase(fig.flow, fig.reporter, fig.partner, fig.commodity, fig.product)
        return (
            f"{phrase} in {fig.period.label()} were "
            f"{format_qualified(fig.value, fig.unit, fig.qualifier, long=True)}"
        )
    reporter, partner = title_name(fig.reporter), country_name(fig.partner)
    return (
        f"{reporter}'s {fig.flow} {flow_preposition(fig.flow)} {partner} in {fig.period.label()} were "
        f"{format_qualified(fig.value, fig.unit, fig.qualifier, long=True)}"
    )


def balance_key(fig: Figure, goods: str | None = None) -> tuple:
    """What a balance is the balance of: reporter, partner, period, goods and currency (derive.key_of). A
    derived balance's goods are its inputs' (`goods`)."""
    currency = fig.unit.currency if isinstance(fig.unit, Unit) else None
    goods = fig.goods if isinstance(fig, Figure) else goods
    return (fig.reporter, fig.partner, fig.period, goods, currency)


def chart_words(first: Figure) -> tuple[str, str, str]:
    """Reporter, partner and period as a chart's title and text alternative name them."""
    return title_name(first.reporter), country_name(first.partner), first.period.label()


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
    unit = first.unit
    reporter, partner, period = chart_words(first)
    bars = [_figure_bar(f, unit) for f in figs]
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
                drawn_value(balance, unit),
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
        bars.append(_figure_bar(balance, unit))
        alt_parts.append(
            f"the balance, as reported, was {surplus_words(balance)}"
            if balance.favours is not None
            else f"the balance, as reported, was {printed_amount(balance, long=True)}"
        )
        drawn_figures.append(balance)
    title = chart.title or f"{trade_words(first)}, {period}"
    spec = ChartSpec(
        "flows",
        title,
        str(unit),
        tuple(bars),
        source_credit(drawn_figures, sources),
        f"Bar chart: {title}. " + "; ".join(alt_parts) + ".",
    )
    return ChartPlan(path, spec, tuple(drawn_figures), tuple(drawn_derived))


def flow_label(fig: Figure) -> str:
    """A flow's bar label: 'Exports to Brazil', or whose surplus it is for a balance printed in one side's
    favour."""
    if fig.flow == "balance" and fig.favours is not None:
        return f"{title_name(fig.favours)}'s surplus"
    return flow_short(fig.flow, fig.partner)


def growth_labels(figs: list[Figure]) -> list[str]:
    """Each growth bar's label: the flow when the figures are of one product (or all goods); the product
    when they compare products, with the flow too when that differs among them ('Soya (exports)')."""
    if len({f.goods for f in figs}) == 1:
        return [flow_label(f) for f in figs]
    names = [commodity_label(f) if f.goods else TOTAL_LABEL for f in figs]
    if len({f.flow for f in figs}) == 1:
        return names
    return [f"{name} ({f.flow})" for name, f in zip(names, figs, strict=True)]


def growth_subject(figs: list[Figure]) -> str:
    """What a growth chart's title says it draws: 'China's trade with Russia', or, comparing products of one
    flow, 'Brazil's exports to China by product'."""
    first = figs[0]
    if len({f.goods for f in figs}) > 1 and len({f.flow for f in figs}) == 1:
        phrase = flow_phrase(first.flow, first.reporter, first.partner)
        return f"{phrase[:1].upper()}{phrase[1:]} by product"
    return trade_words(first)


def growth_plan(path: str, chart: Chart, figures: dict[str, Figure], sources: dict) -> ChartPlan:
    """Change in percent for each figure, on the period its change_on names (one for the whole chart)."""
    figs = [figures[i] for i in chart.figures]
    first = figs[0]
    period = first.period.label()
    base = CHANGE_ON_WORDS[first.change_on]
    bars = tuple(
        Bar(label, f.change, format_change(f.change), PALETTE[f.flow])
        for label, f in zip(growth_labels(figs), figs, strict=True)
    )
    title = chart.title or f"{growth_subject(figs)}, {period}: change on {base}"
    alt = (
        f"Bar chart: {title}. "
        + "; ".join(f"{b.label[0].lower()}{b.label[1:]} {b.text}" for b in bars)
        + "."
    )
    axis = GROWTH_AXIS if first.change_on == "year earlier" else f"percent change on {base}"
    return ChartPlan(
        path,
        ChartSpec("growth", title, axis, bars, source_credit(figs, sources), alt),
        tuple(figs),
    )


def first_clause(code: str) -> str:
    """An HS code's description up to its first semicolon: 'Petroleum oils and oils obtained from bituminous
    minerals' (of '...; crude')."""
    return hs_description(code).split(";")[0].strip()


def short_description(code: str) -> str:
    """An HS code's description short enough for a bar's label: its first clause ('Soya beans, whether or
    not broken'), else its first words before a comma ('Mineral fuels'), else cut at a word ('…')."""
    text = first_clause(code)
    if len(text) > LABEL_CHARS:
        text = text.split(",")[0].strip()
    if len(text) > LABEL_CHARS:
        text = text[: LABEL_CHARS - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return text


def commodity_label(fig: Figure, *, short: bool = True) -> str:
    """A product's bar label: its name as its source gave it (soya), else its HS description, short (for
    the bar) or its first clause (for the text alternative)."""
    if fig.product:
        return fig.product[:1].upper() + fig.product[1:]
    return short_description(fig.commodity) if short else first_clause(fig.commodity)


def commodities_plan(
    path: str, chart: Chart, figures: dict[str, Figure], sources: dict
) -> ChartPlan:
    """One bar per product (an HS code, or a name alone: Figure.goods), largest first, each as printed; the
    flow of all goods, when given, as the labelled reference bar below them. Bars are drawn in the finest
    scale of the figures' currency."""
    figs = [figures[i] for i in chart.figures]
    products = [f for f in figs if f.goods is not None]
    totals = [f for f in figs if f.goods is None]
    unit = common_unit(*(f.unit for f in figs)) or figs[0].unit
    products.sort(key=lambda f: drawn_value(f, unit), reverse=True)
    bars = [
        Bar(commodity_label(f), drawn_value(f, unit), printed_amount(f), PALETTE[f.flow])
        for f in products
    ]
    bars += [
        Bar(TOTAL_LABEL, drawn_value(f, unit), printed_amount(f), PALETTE[f.flow], reference=True)
        for f in totals
    ]
    first = (products or figs)[0]
    _, _, period = chart_words(first)
    phrase = flow_phrase(first.flow, first.reporter, first.partner)
    title = chart.title or f"{phrase[:1].upper()}{phrase[1:]} by product, {period}"
    alt_parts = [
        commodity_label(f, short=False)
        + (f" (HS {f.commodity})" if f.commodity else "")
        + f": {printed_amount(f, long=True)}"
        for f in products
    ]
    alt_parts += [f"all goods: {printed_amount(f, long=True)}" for f in totals]
    spec = ChartSpec(
        "commodities",
        title,
        str(unit),
        tuple(bars),
        source_credit([*products, *totals], sources),
        f"Bar chart: {title}. " + "; ".join(alt_parts) + ".",
    )
    return ChartPlan(path, spec, (*products, *totals))


def balances_of(figures, derived: list[Derived]) -> dict[tuple, Figure | Derived]:
    """{balance_key: the balance to draw}: reported balances first, derived ones otherwise. A forecast, a
    target or a share is never drawn as a balance."""
    figures = list(figures)
    goods = {f.id: f.goods for f in figures}
    table: dict[tuple, Figure | Derived] = {
        balance_key(d, goods.get(d.inputs[0])): d for d in derived if d.kind == "balance"
    }
    for fig in sorted(
        figures, key=lambda f: f.id, reverse=True
    ):  # the first id wins when a source gave two
        # A balance kept as its source stated it, though the flows disagree, is not drawn beside them: the
        # bars would not add up; the balance they give is drawn, and the page says why.
        if fig.flow == "balance" and fig.is_amount and not fig.keep_as_stated:
            table[balance_key(fig)] = fig
    return table


def plan_brief_charts(cat, derived: list[Derived]) -> dict[str, list[ChartPlan]]:
    """{brief slug: its charts' plans}, in the brief's order."""
    balances = balances_of(cat.figures.values(), derived)
    planners = {
        "flows": lambda path, c: flows_plan(path, c, cat.figures, cat.sources, balances),
        "growth": lambda path, c: growth_plan(path, c, cat.figures, cat.sources),
        "commodities": lambda path, c: commodities_plan(path, c, cat.figures, cat.sources),
    }
    return {
        slug: [
            planners[c.kind](brief_chart(slug, i, c.kind), c) for i, c in enumerate(brief.charts)
        ]
        for slug, brief in cat.briefs.items()
    }


def yearly_series(figures) -> dict[tuple[str, str, str], list[Figure]]:
    """{(reporter, partner, flow): full-year figures, oldest first}, for series of MIN_SERIES_POINTS or more.
    A series draws reported amounts of all goods in one currency: a flow reported in several is drawn in
    the one with the most years (dollars on a tie). A figure that another revises, or that is given beside
    another source's, gives way to it (derive.primary_figures), as in the checks."""
    groups: dict[tuple, dict[int, Figure]] = defaultdict(dict)
    for f in sorted(primary_figures(figures), key=lambda f: f.id):
        if f.period.is_year and f.flow != "balance" and f.is_amount and f.goods is None:
            groups[(f.reporter, f.partner, f.flow, f.unit.currency)].setdefault(
                f.period.start[0], f
            )
    chosen: dict[tuple, dict[int, Figure]] = {}
    for (*key, _currency), years in sorted(
        groups.items(), key=lambda kv: (-len(kv[1]), kv[0][3] != "USD", kv[0])
    ):
        chosen.setdefault(tuple(key), years)
    return {
        key: [years[y] for y in sorted(years)]
        for key, years in sorted(chosen.items())
        if len(years) >= MIN_SERIES_POINTS
    }


def series_plan(figures: list[Figure], sources: dict) -> ChartPlan:
    first = figures[0]
    unit = common_unit(*(f.unit for f in figures)) or first.unit
    title = f"{flow_phrase(first.flow, first.reporter, first.partner)}, {first.period.label()}–{figures[-1].period.label()}"
    title = title[:1].upper() + title[1:]
    bars = tuple(
        Bar(
            f.period.label(),
            drawn_value(f, unit),
            format_qualified(f.value, f.unit, f.qualifier),
            PALETTE[f.flow],
        )
        for f in figures
    )
    alt = f"Bar chart: {title}, {unit}. " + "; ".join(f"{b.label}: {b.text}" for b in bars) + "."
    spec = ChartSpec("series", title, str(unit), bars, source_credit(figures, sources), alt)
    return ChartPlan(series_chart(first.reporter, first.partner, first.flow), spec, tuple(figures))


def plan_series(figures, sources: dict) -> dict[tuple[str, str], list[ChartPlan]]:
    """{pair key: its series charts' plans} for every pair with a series over time."""
    planned: dict[tuple[str, str], list[ChartPlan]] = defaultdict(list)
    for (reporter, partner, _), figs in yearly_series(figures).items():
        planned[pair_key(reporter, partner)].append(series_plan(figs, sources))
    return dict(planned)
