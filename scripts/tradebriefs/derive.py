"""Derive: figures that follow from reported ones. Pure: figures in, derived figures out.

A derived figure is never mixed up with a reported one: it has its own id (`derived-...`), its
formula and the ids it came from, and pages label it "derived".
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from .intervals import Interval, change_interval, value_interval
from .models import Figure
from .numbers import decimals_of, format_number
from .periods import Period

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Derived:
    """A figure computed from reported ones."""

    id: str
    kind: str  # balance | implied | share
    reporter: str
    partner: str
    flow: str
    period: Period
    value: Decimal  # shown value, rounded to what the inputs justify
    unit: str  # the inputs' unit, or "percent"
    formula: str  # the arithmetic, with the printed inputs
    inputs: tuple[str, ...]
    interval: Interval  # every value the inputs allow
    approximate: bool
    qualifier: str = "exact"  # as for reported figures: an implied prior of "over 180" is "over" too


def period_slug(period: Period) -> str:
    return period.text.replace("/", "-to-")


def key_of(fig: Figure) -> tuple:
    return (fig.reporter, fig.partner, fig.period)


def index_flows(figures) -> dict[tuple, dict[str, list[Figure]]]:
    """{(reporter, partner, period): {flow: [figures]}}, in a stable order."""
    table: dict[tuple, dict[str, list[Figure]]] = defaultdict(lambda: defaultdict(list))
    for fig in sorted(figures, key=lambda f: f.id):
        table[key_of(fig)][fig.flow].append(fig)
    return table


def balance_of(exports: Figure, imports: Figure) -> Derived:
    """Exports minus imports, at the precision of the less precise input."""
    places = min(decimals_of(exports.value), decimals_of(imports.value))
    value = (exports.value - imports.value).quantize(Decimal(1).scaleb(-places))
    interval = value_interval(exports.value, exports.qualifier) - value_interval(imports.value, imports.qualifier)
    approximate = exports.qualifier != "exact" or imports.qualifier != "exact"
    return Derived(f"derived-balance-{exports.reporter}-{exports.partner}-{period_slug(exports.period)}".lower(),
                   "balance", exports.reporter, exports.partner, "balance", exports.period, value, exports.unit,
                   f"{exports.value} − {imports.value} = {format_number(value)}", (exports.id, imports.id), interval,
                   approximate, "about" if approximate else "exact")


def implied_prior(fig: Figure) -> Derived:
    """The same period a year earlier, implied by the value and its stated change: v / (1 + c/100)."""
    value_range = value_interval(fig.value, fig.qualifier)
    factor = change_interval(fig.change).scaled(Decimal("0.01"))
    interval = Interval(value_range.lo / (1 + factor.hi), value_range.hi / (1 + factor.lo))
    places = max(0, decimals_of(fig.value) - 1)  # one digit less: the change's rounding blurs the last one
    step = Decimal(1).scaleb(-places)
    if interval.hi.is_infinite():  # "over 180": all we know is a lower bound
        qualifier, value, sign = "over", interval.lo.quantize(step, rounding=ROUND_FLOOR), ">"
    elif interval.lo.is_infinite():
        qualifier, value, sign = "under", interval.hi.quantize(step, rounding=ROUND_CEILING), "<"
    else:
        qualifier, value, sign = "about", (fig.value / (1 + fig.change / HUNDRED)).quantize(step), "≈"
    prior = fig.period.shifted_years(-1)
    return Derived(f"derived-implied-{fig.id}-prior", "implied", fig.reporter, fig.partner, fig.flow, prior, value,
                   fig.unit, f"{fig.value} / (1 + {fig.change}/100) {sign} {value}", (fig.id,), interval, True,
                   qualifier)


def share_of(part: Figure, whole: Figure) -> Derived:
    """A flow's share of turnover, in percent, to one decimal."""
    value = (part.value / whole.value * HUNDRED).quantize(Decimal("0.1"))
    interval_part, interval_whole = value_interval(part.value, part.qualifier), value_interval(whole.value, whole.qualifier)
    ratio = interval_part.ratio_to(interval_whole) or Interval(value, value)
    return Derived(f"derived-share-{part.id}", "share", part.reporter, part.partner, part.flow, part.period, value,
                   "percent", f"{part.value} / {whole.value} × 100 ≈ {value}", (part.id, whole.id),
                   ratio.scaled(HUNDRED), True, "about")


def derive_figures(figures) -> list[Derived]:
    """Every derived figure the reported ones allow, sorted by id."""
    derived: list[Derived] = []
    reported = list(figures)
    for flows in index_flows(reported).values():
        exports, imports, turnover = flows.get("exports", []), flows.get("imports", []), flows.get("turnover", [])
        if exports and imports and not flows.get("balance"):
            derived.append(balance_of(exports[0], imports[0]))
        if turnover and turnover[0].value > 0:
            derived += [share_of(part[0], turnover[0]) for part in (exports, imports) if part]
    known = {(f.reporter, f.partner, f.flow, f.period) for f in reported}
    for fig in reported:
        prior = fig.period.shifted_years(-1)
        if fig.change is not None and fig.flow != "balance" and (fig.reporter, fig.partner, fig.flow, prior) not in known:
            derived.append(implied_prior(fig))
    return sorted(derived, key=lambda d: d.id)
