"""Derive: figures that follow from reported ones. Pure: figures in, derived figures out.

A derived figure is never mixed up with a reported one: it has its own id (`derived-...`), its
formula and the ids it came from, and pages label it "derived".
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from enum import StrEnum

from tradebriefs.core.i18n import Later
from tradebriefs.core.intervals import Interval, change_interval, value_interval
from tradebriefs.core.numbers import decimals_of, format_number
from tradebriefs.core.periods import Period
from tradebriefs.facts.models import Figure, Unit

HUNDRED = Decimal(100)


class Method(StrEnum):
    """How a derived figure follows from reported ones."""

    BALANCE = "balance"  # exports minus imports
    IMPLIED = "implied"  # the prior period's value implied by a value and its stated change
    SHARE = "share"  # a flow's share of turnover, in percent


@dataclass(frozen=True)
class Derived:
    """A figure computed from reported ones."""

    id: str
    kind: Method
    reporter: str
    partner: str
    flow: str
    period: Period
    value: Decimal  # shown value, rounded to what the inputs justify
    unit: Unit | str  # the inputs' unit (the finer scale when they differ), or "percent"
    # The arithmetic, with the printed inputs, worded when shown: each edition's numbers ('110.97 − 129.14'
    # in English, '110,97 − 129,14' in Russian); str() outside an edition, and the downloads, in English.
    formula: Later
    inputs: tuple[str, ...]
    interval: Interval  # every value the inputs allow
    approximate: bool
    qualifier: str = (
        "exact"  # as for reported figures: an implied prior of "over 180" is "over" too
    )
    commodity: str | None = None  # an HS code, as the figures it came from
    product: str | None = None  # the source's name for the goods, as the figures it came from

    @property
    def goods(self) -> str | None:
        """As Figure.goods: the HS code, else the product's name, else None for all goods."""
        return self.commodity or (f"product:{self.product.casefold()}" if self.product else None)


def period_slug(period: Period) -> str:
    return period.text.replace("/", "-to-")


def key_of(fig: Figure) -> tuple:
    """What figures of different flows must share to be summed or balanced: reporter, partner, period,
    commodity and currency (a yuan figure and a dollar one are never added)."""
    return (fig.reporter, fig.partner, fig.period, fig.goods, fig.unit.currency)


def id_suffix(goods: str | None, currency: str) -> str:
    """What a derived id adds for goods (Figure.goods) or a currency other than dollars: '-hs1201',
    '-beef', '-cny'."""
    if goods and goods.startswith("product:"):
        goods = "-" + re.sub(r"[^a-z0-9]+", "-", goods[len("product:") :]).strip("-")
    elif goods:
        goods = f"-hs{goods}"
    return (goods or "") + (f"-{currency.lower()}" if currency != "USD" else "")


def amount_figures(figures) -> list[Figure]:
    """The figures sums, balances, growth, ranks and mirrors work with: reported values in a currency (no
    forecast, target or share), revised and alternative figures giving way (primary_figures)."""
    return [f for f in primary_figures(figures) if f.is_amount]


def primary_figures(figures) -> list[Figure]:
    """The figures the checks and derivations use: a figure revised by another (`revises`) gives way to the
    revision, and a figure given as another source's `alternative_to` one gives way to that one."""
    figures = list(figures)
    replaced = {f.revises for f in figures if f.revises} | {
        f.id for f in figures if f.alternative_to
    }
    return [f for f in figures if f.id not in replaced]


def index_flows(figures) -> dict[tuple, dict[str, list[Figure]]]:
    """{(reporter, partner, period, commodity, currency): {flow: [figures]}}, in a stable order."""
    table: dict[tuple, dict[str, list[Figure]]] = defaultdict(lambda: defaultdict(list))
    for fig in sorted(figures, key=lambda f: f.id):
        table[key_of(fig)][fig.flow].append(fig)
    return table


def common_unit(*units) -> Unit | None:
    """The unit to compare figures in: their currency at the finest of their scales; None when the currencies
    differ (euros and dollars are never added, subtracted or compared)."""
    if len({u.currency for u in units}) != 1:
        return None
    return min(units, key=lambda u: u.exponent)


def in_unit(value: Decimal, unit: Unit, target: Unit) -> Decimal:
    """A value in another scale of its currency, exactly: 110.97 USD billion is 110970 USD million."""
    return value.scaleb(unit.exponent - target.exponent)


def interval_in(fig, target: Unit) -> Interval:
    """Every value a printed figure can stand for, in the target scale (derived figures carry their interval).
    A surplus printed in the partner's favour is the reporter's negative balance."""
    interval = (
        fig.interval if isinstance(fig, Derived) else value_interval(fig.value, fig.qualifier)
    )
    sign = -1 if isinstance(fig, Figure) and fig.amount != fig.value else 1
    return interval.scaled(sign * Decimal(1).scaleb(fig.unit.exponent - target.exponent))


def surplus_interval(fig: Figure, side: str, target: Unit) -> Interval:
    """The size of the balance's surplus in `side`'s favour (negative when it is the other side's)."""
    interval = interval_in(fig, target)
    return interval if side == fig.reporter else interval.scaled(Decimal(-1))


def prior_period(fig: Figure):
    """The period a figure's change is measured against (its change_on): a year, a month or a quarter
    earlier."""
    if fig.change_on == "previous month":
        return fig.period.shifted_months(-1)
    if fig.change_on == "previous quarter":
        return fig.period.shifted_months(-3)
    return fig.period.shifted_years(-1)


def balance_of(exports: Figure, imports: Figure) -> Derived | None:
    """Exports minus imports, at the precision of the less precise input; None across currencies."""
    unit = common_unit(exports.unit, imports.unit)
    if unit is None:
        return None
    x, m = in_unit(exports.value, exports.unit, unit), in_unit(imports.value, imports.unit, unit)
    places = min(decimals_of(x), decimals_of(m))
    value = (x - m).quantize(Decimal(1).scaleb(-places))
    interval = interval_in(exports, unit) - interval_in(imports, unit)
    approximate = exports.qualifier != "exact" or imports.qualifier != "exact"
    return Derived(
        f"derived-balance-{exports.reporter}-{exports.partner}-{period_slug(exports.period)}"
        f"{id_suffix(exports.goods, unit.currency)}".lower(),
        Method.BALANCE,
        exports.reporter,
        exports.partner,
        "balance",
        exports.period,
        value,
        unit,
        Later(balance_formula, (x, m, value)),
        (exports.id, imports.id),
        interval,
        approximate,
        "about" if approximate else "exact",
        exports.commodity,
        exports.product,
    )


def balance_formula(x: Decimal, m: Decimal, value: Decimal) -> str:
    return f"{format_number(x)} − {format_number(m)} = {format_number(value)}"


def implied_formula(value: Decimal, change: Decimal, sign: str, prior: Decimal) -> str:
    return (
        f"{format_number(value)} / (1 + {format_number(change)}/100) {sign} {format_number(prior)}"
    )


def share_formula(part: Decimal, whole: Decimal, value: Decimal) -> str:
    return f"{format_number(part)} / {format_number(whole)} × 100 ≈ {format_number(value)}"


def implied_prior(fig: Figure) -> Derived | None:
    """The same period a year earlier, implied by the value and its stated change: v / (1 + c/100). None for a
    change of -100% or less, which implies nothing (validation refuses it but where the value is zero)."""
    if fig.change <= -HUNDRED:
        return None
    value_range = value_interval(fig.value, fig.qualifier)
    factor = change_interval(fig.change).scaled(Decimal("0.01"))
    interval = Interval(value_range.lo / (1 + factor.hi), value_range.hi / (1 + factor.lo))
    places = max(
        0, decimals_of(fig.value) - 1
    )  # one digit less: the change's rounding blurs the last one
    step = Decimal(1).scaleb(-places)
    if interval.hi.is_infinite():  # "over 180": all we know is a lower bound
        qualifier, value, sign = "over", interval.lo.quantize(step, rounding=ROUND_FLOOR), ">"
    elif interval.lo.is_infinite():
        qualifier, value, sign = "under", interval.hi.quantize(step, rounding=ROUND_CEILING), "<"
    else:
        qualifier, value, sign = (
            "about",
            (fig.value / (1 + fig.change / HUNDRED)).quantize(step),
            "≈",
        )
    prior = prior_period(fig)
    return Derived(
        f"derived-implied-{fig.id}-prior",
        Method.IMPLIED,
        fig.reporter,
        fig.partner,
        fig.flow,
        prior,
        value,
        fig.unit,
        Later(implied_formula, (fig.value, fig.change, sign, value)),
        (fig.id,),
        interval,
        True,
        qualifier,
        fig.commodity,
        fig.product,
    )


def share_of(part: Figure, whole: Figure) -> Derived | None:
    """A flow's share of turnover, in percent, to one decimal; None across currencies."""
    unit = common_unit(part.unit, whole.unit)
    if unit is None:
        return None
    p, w = in_unit(part.value, part.unit, unit), in_unit(whole.value, whole.unit, unit)
    value = (p / w * HUNDRED).quantize(Decimal("0.1"))
    ratio = interval_in(part, unit).ratio_to(interval_in(whole, unit))
    # No ratio of intervals when the whole may be zero ("under 10"): then the share is its value, in percent.
    interval = ratio.scaled(HUNDRED) if ratio else Interval(value, value)
    return Derived(
        f"derived-share-{part.id}",
        Method.SHARE,
        part.reporter,
        part.partner,
        part.flow,
        part.period,
        value,
        "percent",
        Later(share_formula, (p, w, value)),
        (part.id, whole.id),
        interval,
        True,
        "about",
        part.commodity,
        part.product,
    )


def flow_key(fig: Figure, period) -> tuple:
    """A flow's figure for a period: what growth compares (reporter, partner, flow, commodity, currency)."""
    return (fig.reporter, fig.partner, fig.flow, period, fig.goods, fig.unit.currency)


def derive_figures(figures) -> list[Derived]:
    """Every derived figure the reported ones allow (revised and alternative figures left out), by id."""
    derived: list[Derived | None] = []
    reported = amount_figures(figures)
    for flows in index_flows(reported).values():
        exports, imports, turnover = (
            flows.get("exports", []),
            flows.get("imports", []),
            flows.get("turnover", []),
        )
        # A stated balance makes the derived one redundant, unless it is kept as its source stated it although
        # the flows disagree: then the balance they give is offered beside it.
        stated = flows.get("balance", [])
        if exports and imports and all(b.keep_as_stated for b in stated):
            derived.append(balance_of(exports[0], imports[0]))
        if turnover and turnover[0].value > 0:
            derived += [share_of(part[0], turnover[0]) for part in (exports, imports) if part]
    known = {flow_key(f, f.period) for f in reported}
    for fig in reported:
        if (
            fig.change is not None
            and fig.flow != "balance"
            and flow_key(fig, prior_period(fig)) not in known
        ):
            derived.append(implied_prior(fig))
    return sorted((d for d in derived if d is not None), key=lambda d: d.id)
