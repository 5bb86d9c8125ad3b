"""Consistency checks: pure functions over the loaded figures. Facts in, check results out.

Each check has an id, an outcome, the figures it used and the arithmetic it did. Tolerance comes from
what was printed (intervals.py): a sum that holds within the sources' rounding holds.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .countries import country_name
from .derive import Derived, index_flows, period_slug
from .errors import Finding
from .intervals import Interval, change_interval, value_interval
from .models import Figure, Rank

# A stated growth rate that misses the computed one by up to this many points is a warning, not an
# error: statistics offices compute growth against revised prior-year data (26.3% beside 26.2%).
GROWTH_WARNING_POINTS = Decimal("1.0")
HUNDRED = Decimal(100)
OUTCOMES = ("holds", "info", "not run", "warning", "error")
FULL_YEAR_FLOWS = ("exports", "imports", "turnover")


@dataclass(frozen=True)
class CheckResult:
    id: str
    kind: str  # sum | growth | implied | rank | period | mirror
    title: str
    inputs: tuple[str, ...]  # ids of the figures, ranks and derived figures used
    arithmetic: str
    outcome: str  # one of OUTCOMES
    message: str


def ref(fig: Figure | Rank) -> str:
    """How a message names a figure: its id and where it is written."""
    return f"{fig.id} ({fig.loc.path}:{fig.loc.line})"


def pair_words(reporter: str, partner: str) -> str:
    return f"{country_name(reporter)}–{country_name(partner)}"


def check_id(kind: str, *parts: str) -> str:
    return "-".join([kind, *parts]).lower()


def _sum_result(turnover: Figure, exports: Figure, imports: Figure) -> CheckResult:
    total = value_interval(exports.value, exports.qualifier) + value_interval(imports.value, imports.qualifier)
    stated = value_interval(turnover.value, turnover.qualifier)
    printed_sum = exports.value + imports.value
    arithmetic = (f"{exports.value} + {imports.value} = {printed_sum} (within rounding: {total.show()}); "
                  f"turnover stated {turnover.value} ({stated.show()})")
    ok = total.intersects(stated)
    exactly = " exactly" if printed_sum == turnover.value else " within rounding"
    message = (f"turnover {ref(turnover)} = exports {ref(exports)} + imports {ref(imports)}: "
               + (f"holds{exactly}" if ok else f"does not hold: {printed_sum} against {turnover.value}"))
    return CheckResult(check_id("sum", turnover.reporter, turnover.partner, period_slug(turnover.period)), "sum",
                       f"Turnover = exports + imports: {pair_words(turnover.reporter, turnover.partner)}, "
                       f"{turnover.period.label()}", (turnover.id, exports.id, imports.id), arithmetic,
                       "holds" if ok else "error", message)


def _balance_result(balance: Figure, exports: Figure, imports: Figure) -> CheckResult:
    computed = value_interval(exports.value, exports.qualifier) - value_interval(imports.value, imports.qualifier)
    stated = value_interval(balance.value, balance.qualifier)
    ok = computed.intersects(stated)
    arithmetic = f"{exports.value} − {imports.value} = {exports.value - imports.value}; balance stated {balance.value}"
    message = (f"balance {ref(balance)} = exports {ref(exports)} − imports {ref(imports)}: "
               + ("holds" if ok else f"does not hold: {exports.value - imports.value} against {balance.value}"))
    return CheckResult(check_id("balance", balance.reporter, balance.partner, period_slug(balance.period)), "sum",
                       f"Balance = exports − imports: {pair_words(balance.reporter, balance.partner)}, "
                       f"{balance.period.label()}", (balance.id, exports.id, imports.id), arithmetic,
                       "holds" if ok else "error", message)


def check_sums(figures) -> list[CheckResult]:
    results = []
    for flows in index_flows(figures).values():
        exports, imports = flows.get("exports", []), flows.get("imports", [])
        if not (exports and imports):
            continue
        results += [_sum_result(t, exports[0], imports[0]) for t in flows.get("turnover", [])]
        results += [_balance_result(b, exports[0], imports[0]) for b in flows.get("balance", [])]
    return results


def _growth_result(fig: Figure, prior: Figure) -> CheckResult | None:
    ratio = value_interval(fig.value, fig.qualifier).ratio_to(value_interval(prior.value, prior.qualifier))
    if ratio is None:
        return None
    computed = Interval((ratio.lo - 1) * HUNDRED, (ratio.hi - 1) * HUNDRED)
    stated = change_interval(fig.change)
    point = (fig.value / prior.value - 1) * HUNDRED
    arithmetic = (f"{fig.value} / {prior.value} − 1 = {round(point, 2)}% ({computed.show(2)} within rounding); "
                  f"stated {fig.change}% ({stated.show(2)})")
    gap = computed.gap(stated)
    outcome = "holds" if gap == 0 else "warning" if gap <= GROWTH_WARNING_POINTS else "error"
    verdict = {"holds": "holds",
               "warning": f"differs by {round(gap, 2)} points (revised prior-year data can explain up to "
                          f"{GROWTH_WARNING_POINTS})",
               "error": f"does not hold: computed {round(point, 2)}% against stated {fig.change}%"}[outcome]
    return CheckResult(check_id("growth", fig.id), "growth",
                       f"Growth against {prior.period.label()}: {fig.id}", (fig.id, prior.id), arithmetic, outcome,
                       f"change of {ref(fig)} against {ref(prior)}: {verdict}")


def check_growth(figures) -> list[CheckResult]:
    by_key = {(f.reporter, f.partner, f.flow, f.period): f for f in sorted(figures, key=lambda f: f.id)}
    results = []
    for fig in sorted(figures, key=lambda f: f.id):
        prior = by_key.get((fig.reporter, fig.partner, fig.flow, fig.period.shifted_years(-1)))
        if fig.change is not None and prior is not None and fig.flow != "balance":
            result = _growth_result(fig, prior)
            results += [result] if result else []
    return results


def check_implied(derived: list[Derived]) -> list[CheckResult]:
    """Implied prior exports + imports against implied prior turnover, for the same pair and period."""
    implied = {(d.reporter, d.partner, d.period, d.flow): d for d in derived if d.kind == "implied"}
    results = []
    for (reporter, partner, period, flow), turnover in sorted(implied.items(), key=lambda kv: kv[1].id):
        exports = implied.get((reporter, partner, period, "exports"))
        imports = implied.get((reporter, partner, period, "imports"))
        if flow != "turnover" or not (exports and imports):
            continue
        total = exports.interval + imports.interval
        ok = total.intersects(turnover.interval)
        arithmetic = (f"implied exports {exports.interval.show(2)} + implied imports {imports.interval.show(2)} = "
                      f"{total.show(2)}; implied turnover {turnover.interval.show(2)}")
        message = (f"implied {period.label()} values of {', '.join(turnover.inputs + exports.inputs + imports.inputs)}: "
                   + ("agree" if ok else f"disagree by {round(total.gap(turnover.interval), 2)}"))
        results.append(CheckResult(check_id("implied", reporter, partner, period_slug(period)), "implied",
                                   f"Implied {period.label()} turnover = implied exports + imports: "
                                   f"{pair_words(reporter, partner)}", (turnover.id, exports.id, imports.id),
                                   arithmetic, "holds" if ok else "warning", message))
    return results


def check_ranks(ranks, figures) -> list[CheckResult]:
    results = []
    for rank in sorted(ranks, key=lambda r: r.id):
        of_figs = {f.partner: f for f in figures
                   if f.reporter == rank.of and f.flow == rank.flow and f.period == rank.period}
        ranked = of_figs.get(rank.partner)
        missing = [c for c in (rank.partner, *rank.above) if c not in of_figs]
        title = f"Rank: {country_name(rank.partner)} among {country_name(rank.of)}'s partners, {rank.period.label()}"
        others = [p for p in of_figs if p != rank.partner]
        if ranked is None or not others:
            results.append(CheckResult(check_id("rank", rank.id), "rank", title, (rank.id,),
                                       f"no {rank.flow} figures of {rank.of} for {', '.join(missing)} in "
                                       f"{rank.period.label()}", "not run",
                                       f"rank {ref(rank)}: not run, no figures to compare"))
            continue
        mine = value_interval(ranked.value, ranked.qualifier)
        problems, used = [], [rank.id, ranked.id]
        for partner, fig in sorted(of_figs.items()):
            if partner == rank.partner:
                continue
            theirs = value_interval(fig.value, fig.qualifier)
            used.append(fig.id)
            if partner in rank.above and theirs.hi < mine.lo:
                problems.append(f"{ref(fig)} is ranked above but smaller ({fig.value} < {ranked.value})")
            if partner not in rank.above and theirs.lo > mine.hi:
                problems.append(f"{ref(fig)} is larger ({fig.value} > {ranked.value}) but not ranked above")
        arithmetic = "; ".join(f"{p}: {f.value}" for p, f in sorted(of_figs.items()))
        results.append(CheckResult(check_id("rank", rank.id), "rank", title, tuple(used), arithmetic,
                                   "error" if problems else "holds",
                                   f"rank {ref(rank)}: " + ("; ".join(problems) if problems else "holds")))
    return results


def check_periods(figures) -> list[CheckResult]:
    """A span inside a year cannot exceed the full year (same reporter, partner and flow)."""
    full = {(f.reporter, f.partner, f.flow, f.period.start[0]): f for f in figures if f.period.is_year}
    results = []
    for fig in sorted(figures, key=lambda f: f.id):
        same_year = fig.period.start[0] == fig.period.end[0]
        year = full.get((fig.reporter, fig.partner, fig.flow, fig.period.start[0]))
        if fig.period.is_year or not same_year or fig.flow not in FULL_YEAR_FLOWS or year is None:
            continue
        part, whole = value_interval(fig.value, fig.qualifier), value_interval(year.value, year.qualifier)
        ok = part.lo <= whole.hi
        results.append(CheckResult(check_id("period", fig.id), "period",
                                   f"Part of a year within the year: {fig.id}", (fig.id, year.id),
                                   f"{fig.period.label()}: {fig.value} ≤ {year.period.label()}: {year.value}",
                                   "holds" if ok else "error",
                                   f"{ref(fig)} within the full year {ref(year)}: "
                                   + ("holds" if ok else f"{fig.value} exceeds the year's {year.value}")))
    return results


MIRROR_FLOW = {"exports": "imports", "imports": "exports", "turnover": "turnover"}


def check_mirrors(figures) -> list[CheckResult]:
    """The same flow as reported by both sides, with the gap in percent. Never an error (CIF/FOB, timing)."""
    by_key = {(f.reporter, f.partner, f.flow, f.period): f for f in sorted(figures, key=lambda f: f.id)}
    results = []
    for (reporter, partner, flow, period), fig in sorted(by_key.items(), key=lambda kv: kv[1].id):
        other = by_key.get((partner, reporter, MIRROR_FLOW.get(flow), period)) if flow in MIRROR_FLOW else None
        if other is None or (reporter, fig.id) > (partner, other.id) or other.unit != fig.unit or other.value == 0:
            continue
        gap = round((fig.value - other.value) / other.value * HUNDRED, 1)
        results.append(CheckResult(check_id("mirror", fig.id, other.id), "mirror",
                                   f"Mirror: {fig.id} against {other.id}", (fig.id, other.id),
                                   f"({fig.value} − {other.value}) / {other.value} × 100 = {gap}%", "info",
                                   f"{ref(fig)} against its mirror {ref(other)}: gap {gap}%"))
    return results


def run_checks(figures, ranks, derived: list[Derived]) -> list[CheckResult]:
    figures, ranks = list(figures), list(ranks)
    return (check_sums(figures) + check_growth(figures) + check_implied(derived) + check_ranks(ranks, figures)
            + check_periods(figures) + check_mirrors(figures))


def findings_of(results: list[CheckResult], places: dict) -> list[Finding]:
    """Warnings and errors as findings, placed at the first figure the check used."""
    return [Finding(places[r.inputs[0]], f"{r.kind}: {r.message}; {r.arithmetic}", r.outcome, check=r.id)
            for r in results if r.outcome in ("warning", "error")]
