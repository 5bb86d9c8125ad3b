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
from tradebriefs.core.i18n import N_, _, gettext
from tradebriefs.core.numbers import format_amount, format_change, format_qualified
from tradebriefs.core.routes import brief_chart, series_chart
from tradebriefs.facts.derive import Derived, common_unit, in_unit, primary_figures
from tradebriefs.facts.models import Chart, Figure, Unit
from tradebriefs.facts.words import (
    change_on_words,
    commodity_name,
    flow_phrase,
    flow_short,
    source_credit,
    surplus_text,
)
from tradebriefs.render.charts import PALETTE, Bar, ChartSpec

MIN_SERIES_POINTS = 2  # one year is a figure, not a series
LABEL_CHARS = 40  # a commodity's bar label: the HS description shortened to its first words
TOTAL_LABEL = N_("All goods")  # a commodities chart's reference bar: the flow of all goods
GROWTH_AXIS = N_("percent")  # a growth chart's unit: percent change on a year earlier


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
    return surplus_text(amount, fig.favours)


def trade_words(fig: Figure) -> str:
    """'Brazil's trade with China', or of one product 'Brazil's trade in soya (HS 1201) with China'."""
    names = {"reporter": title_name(fig.reporter), "partner": country_name(fig.partner)}
    if fig.goods is None:
        return _("{reporter}'s trade with {partner}", **names)
    goods = commodity_name(fig.commodity, fig.product)
    return _("{reporter}'s trade in {goods} with {partner}", goods=goods, **names)


# A flow as a chart's text alternative names it in a sentence ("China's exports to Russia in 2023 were ...").
ALT_FLOWS = {
    "turnover": N_("{reporter}'s turnover with {partner}"),
    "exports": N_("{reporter}'s exports to {partner}"),
    "imports": N_("{reporter}'s imports from {partner}"),
    "balance": N_("{reporter}'s balance with {partner}"),
}


def _figure_sentence(fig: Figure) -> str:
    period = fig.period.label()
    if fig.favours is not None:
        return _(
            "{what} in {period} showed {surplus}",
            what=trade_words(fig),
            period=period,
            surplus=surplus_words(fig),
        )
    if fig.goods is not None:
        phrase = flow_phrase(fig.flow, fig.reporter, fig.partner, fig.commodity, fig.product)
    else:
        phrase = _(
            ALT_FLOWS[fig.flow],
            reporter=title_name(fig.reporter),
            partner=country_name(fig.partner),
        )
    return _(
        "{what} in {period} were {amount}",
        what=phrase,
        period=period,
        amount=format_qualified(fig.value, fig.unit, fig.qualifier, long=True),
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
                gettext("Balance (derived)"),
                drawn_value(balance, unit),
                format_amount(balance.value, balance.unit),
                PALETTE["balance"],
                derived=True,
            )
        )
        alt_parts.append(
            _(
                "the balance, exports minus imports, was {amount}",
                amount=format_amount(balance.value, balance.unit, long=True),
            )
        )
        drawn_derived.append(balance)
    elif isinstance(balance, Figure):
        bars.append(_figure_bar(balance, unit))
        alt_parts.append(
            _(
                "the balance, as reported, was {amount}",
                amount=surplus_words(balance)
                if balance.favours is not None
                else printed_amount(balance, long=True),
            )
        )
        drawn_figures.append(balance)
    title = chart.title or _("{what}, {period}", what=trade_words(first), period=period)
    spec = ChartSpec(
        "flows",
        title,
        str(unit),
        tuple(bars),
        source_credit(drawn_figures, sources),
        _("Bar chart: {title}. {parts}.", title=title, parts=gettext("; ").join(alt_parts)),
    )
    return ChartPlan(path, spec, tuple(drawn_figures), tuple(drawn_derived))


def flow_label(fig: Figure) -> str:
    """A flow's bar label: 'Exports to Brazil', or whose surplus it is for a balance printed in one side's
    favour."""
    if fig.flow == "balance" and fig.favours is not None:
        return _("{side}'s surplus", side=title_name(fig.favours))
    return flow_short(fig.flow, fig.partner)


def growth_labels(figs: list[Figure]) -> list[str]:
    """Each growth bar's label: the flow when the figures are of one product (or all goods); the product
    when they compare products, with the flow too when that differs among them ('Soya (exports)')."""
    if len({f.goods for f in figs}) == 1:
        return [flow_label(f) for f in figs]
    names = [commodity_label(f) if f.goods else gettext(TOTAL_LABEL) for f in figs]
    if len({f.flow for f in figs}) == 1:
        return names
    return [
        _("{name} ({flow})", name=name, flow=gettext(f.flow))
        for name, f in zip(names, figs, strict=True)
    ]


def growth_subject(figs: list[Figure]) -> str:
    """What a growth chart's title says it draws: 'China's trade with Russia', or, comparing products of one
    flow, 'Brazil's exports to China by product'."""
    first = figs[0]
    if len({f.goods for f in figs}) > 1 and len({f.flow for f in figs}) == 1:
        phrase = flow_phrase(first.flow, first.reporter, first.partner)
        return _("{what} by product", what=f"{phrase[:1].upper()}{phrase[1:]}")
    return trade_words(first)


def growth_plan(path: str, chart: Chart, figures: dict[str, Figure], sources: dict) -> ChartPlan:
    """Change in percent for each figure, on the period its change_on names (one for the whole chart)."""
    figs = [figures[i] for i in chart.figures]
    first = figs[0]
    period = first.period.label()
    base = change_on_words(first)  # "on a year earlier", "on the previous month"
    bars = tuple(
        Bar(label, f.change, format_change(f.change), PALETTE[f.flow])
        for label, f in zip(growth_labels(figs), figs, strict=True)
    )
    title = chart.title or _(
        "{what}, {period}: change {on}", what=growth_subject(figs), period=period, on=base
    )
    parts = [_("{label} {value}", label=lower_first(b.label), value=b.text) for b in bars]
    alt = _("Bar chart: {title}. {parts}.", title=title, parts=gettext("; ").join(parts))
    axis = (
        gettext(GROWTH_AXIS)
        if first.change_on == "year earlier"
        else _("percent change {on}", on=base)
    )
    return ChartPlan(
        path,
        ChartSpec("growth", title, axis, bars, source_credit(figs, sources), alt),
        tuple(figs),
    )


def lower_first(text: str) -> str:
    """'Exports to Russia' as a sentence continues it, 'exports to Russia' (Chinese and Russian names keep
    their case: a country's name is capitalised in Russian too, so only a Latin letter is lowered)."""
    return f"{text[0].lower()}{text[1:]}" if text[:1].isascii() else text


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
        Bar(
            gettext(TOTAL_LABEL),
            drawn_value(f, unit),
            printed_amount(f),
            PALETTE[f.flow],
            reference=True,
        )
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
    for (reporter, partner, _kind), figs in yearly_series(figures).items():
        planned[pair_key(reporter, partner)].append(series_plan(figs, sources))
    return dict(planned)
