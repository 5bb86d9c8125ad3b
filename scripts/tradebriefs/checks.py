"""Consistency checks: pure functions over the loaded figures. Facts in, check results out.

Each check has an id, an outcome, the figures it used and the arithmetic it did. Tolerance comes from
what was printed (intervals.py): a sum that holds within the sources' rounding holds. Figures are compared
only within one currency; scales of one currency are converted exactly (derive.common_unit). A figure that
another revises, or that is another source's alternative, is compared with the one that replaces it and
otherwise left out (derive.primary_figures).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from .countries import country_name
from .derive import (
    Derived,
    common_unit,
    in_unit,
    index_flows,
    interval_in,
    period_slug,
    primary_figures,
)
from .errors import Finding
from .intervals import Interval, change_interval
from .models import Figure, Rank, Unit
from .numbers import format_number
from .words import dash_pair

# A stated growth rate that misses the computed one by up to this many points is a warning, not an
# error: statistics offices compute growth against revised prior-year data (26.3% beside 26.2%).
GROWTH_WARNING_POINTS = Decimal("1.0")
# A change of more than this many percent on a year earlier is possible (a trade that starts from almost
# nothing) but far more often a slip (1000 for 10.00): it is checked by a person, as a warning.
CHANGE_WARNING_PERCENT = Decimal(1000)
HUNDRED = Decimal(100)
FULL_YEAR_FLOWS = ("exports", "imports", "turnover")


class Rule(StrEnum):
    """What a check compares."""

    UNIT = "unit"  # one currency per reporter, partner and period
    SUM = "sum"  # turnover = exports + imports; balance = exports - imports; turnover at least one flow
    GROWTH = "growth"  # a stated change against the prior period's figure
    CHANGE = "change"  # the size of a stated change
    IMPLIED = "implied"  # prior-period values implied by the changes, summed
    RANK = "rank"  # a partner's place against the partners' figures
    PERIOD = "period"  # a part of a year within the year
    MIRROR = "mirror"  # both sides' reports of one flow
    REVISION = "revision"  # a revised figure against the first
    ALTERNATIVE = "alternative"  # another source's figure against the one used


class Outcome(StrEnum):
    """How a check came out, in the order pages count them."""

    HOLDS = "holds"
    WARNING = "warning"  # shown, and the build goes on (an error with --strict)
    ERROR = "error"  # the build stops
    NOT_RUN = "not run"  # the figures to compare are not in the data
    INFO = "info"  # shown, never judged (mirrors, revisions)


@dataclass(frozen=True)
class CheckResult:
    id: str
    kind: Rule
    title: str
    inputs: tuple[str, ...]  # ids of the figures, ranks and derived figures used
    arithmetic: str
    outcome: Outcome
    message: str

    def __post_init__(
        self,
    ):  # a kind or outcome given as its text is made the member: a typo fails at once
        object.__setattr__(self, "kind", Rule(self.kind))
        object.__setattr__(self, "outcome", Outcome(self.outcome))


def ref(fig: Figure | Rank) -> str:
    """How a message names a figure: its id and where it is written."""
    return f"{fig.id} ({fig.loc.path}:{fig.loc.line})"


def check_id(kind: str, *parts: str) -> str:
    return "-".join([kind, *parts]).lower()


def n(value: Decimal) -> str:
    """A number in a check's arithmetic: the one formatter (numbers.py), digits as printed."""
    return format_number(value)


def show_in(fig, unit: Unit) -> str:
    """A figure's value in the unit the check compares in, saying so when it was converted."""
    if fig.unit == unit:
        return n(fig.value)
    return f"{n(in_unit(fig.value, fig.unit, unit))} ({n(fig.value)} {fig.unit})"


def units_note(unit: Unit, *figs) -> str:
    return f" [in {unit}]" if any(f.unit != unit for f in figs) else ""


# Units: one currency per reporter, partner and period.


def check_units(figures) -> list[CheckResult]:
    """Figures of one reporter, partner and period in more than one currency cannot be summed or balanced."""
    results = []
    for (reporter, partner, period), flows in index_flows(figures).items():
        figs = [f for fs in flows.values() for f in fs]
        if len({f.unit.currency for f in figs}) < 2:
            continue
        listed = ", ".join(f"{ref(f)} in {f.unit}" for f in figs)
        results.append(
            CheckResult(
                check_id("unit", reporter, partner, period_slug(period)),
                "unit",
                f"One currency: {dash_pair(reporter, partner)}, {period.label()}",
                tuple(f.id for f in figs),
                "; ".join(f"{f.id}: {n(f.value)} {f.unit}" for f in figs),
                Outcome.ERROR,
                f"figures of one reporter, partner and period in more than one currency ({listed}): a sum or balance "
                "needs one currency; convert them at a rate the source gives, in a figure of its own",
            )
        )
    return results


# Sums and balances.


def _sum_result(turnover: Figure, exports: Figure, imports: Figure, unit: Unit) -> CheckResult:
    total = interval_in(exports, unit) + interval_in(imports, unit)
    stated = interval_in(turnover, unit)
    x, m, t = (in_unit(f.value, f.unit, unit) for f in (exports, imports, turnover))
    arithmetic = (
        f"{show_in(exports, unit)} + {show_in(imports, unit)} = {n(x + m)} (within rounding: "
        f"{total.show()}); turnover stated {show_in(turnover, unit)} ({stated.show()})"
        + units_note(unit, exports, imports, turnover)
    )
    ok = total.intersects(stated)
    exactly = " exactly" if x + m == t else " within rounding"
    message = f"turnover {ref(turnover)} = exports {ref(exports)} + imports {ref(imports)}: " + (
        f"holds{exactly}"
        if ok
        else f"does not hold: {n(x + m)} against {n(t)}{units_note(unit, exports, imports, turnover)}"
    )
    return CheckResult(
        check_id("sum", turnover.reporter, turnover.partner, period_slug(turnover.period)),
        "sum",
        f"Turnover = exports + imports: {dash_pair(turnover.reporter, turnover.partner)}, "
        f"{turnover.period.label()}",
        (turnover.id, exports.id, imports.id),
        arithmetic,
        Outcome.HOLDS if ok else Outcome.ERROR,
        message,
    )


def _balance_result(balance: Figure, exports: Figure, imports: Figure, unit: Unit) -> CheckResult:
    computed = interval_in(exports, unit) - interval_in(imports, unit)
    stated = interval_in(balance, unit)
    x, m, b = (in_unit(f.value, f.unit, unit) for f in (exports, imports, balance))
    ok = computed.intersects(stated)
    arithmetic = (
        f"{show_in(exports, unit)} − {show_in(imports, unit)} = {n(x - m)}; balance stated "
        f"{show_in(balance, unit)}" + units_note(unit, exports, imports, balance)
    )
    message = f"balance {ref(balance)} = exports {ref(exports)} − imports {ref(imports)}: " + (
        "holds" if ok else f"does not hold: {n(x - m)} against {n(b)}"
    )
    return CheckResult(
        check_id("balance", balance.reporter, balance.partner, period_slug(balance.period)),
        "sum",
        f"Balance = exports − imports: {dash_pair(balance.reporter, balance.partner)}, "
        f"{balance.period.label()}",
        (balance.id, exports.id, imports.id),
        arithmetic,
        Outcome.HOLDS if ok else Outcome.ERROR,
        message,
    )


def _part_result(turnover: Figure, part: Figure, unit: Unit) -> CheckResult:
    """Without the other flow, a turnover can still not be smaller than the one flow it includes."""
    ok = interval_in(turnover, unit).hi >= interval_in(part, unit).lo
    arithmetic = (
        f"{part.flow} {show_in(part, unit)} ≤ turnover {show_in(turnover, unit)}"
        + units_note(unit, part, turnover)
    )
    message = f"turnover {ref(turnover)} includes {part.flow} {ref(part)}: " + (
        "holds"
        if ok
        else f"does not hold: turnover {n(turnover.value)} is smaller than "
        f"{part.flow} {n(part.value)}"
    )
    return CheckResult(
        check_id(
            "part", turnover.reporter, turnover.partner, period_slug(turnover.period), part.flow
        ),
        "sum",
        f"Turnover at least {part.flow}: {dash_pair(turnover.reporter, turnover.partner)}, "
        f"{turnover.period.label()}",
        (turnover.id, part.id),
        arithmetic,
        Outcome.HOLDS if ok else Outcome.ERROR,
        message,
    )


def check_sums(figures) -> list[CheckResult]:
    results = []
    for flows in index_flows(figures).values():
        if len({f.unit.currency for fs in flows.values() for f in fs}) > 1:
            continue  # check_units says why
        exports, imports = flows.get("exports", []), flows.get("imports", [])
        for turnover in flows.get("turnover", []):
            if exports and imports:
                results.append(
                    _sum_result(
                        turnover,
                        exports[0],
                        imports[0],
                        common_unit(turnover.unit, exports[0].unit, imports[0].unit),
                    )
                )
            else:
                results += [
                    _part_result(turnover, part[0], common_unit(turnover.unit, part[0].unit))
                    for part in (exports, imports)
                    if part
                ]
        if exports and imports:
            results += [
                _balance_result(
                    b, exports[0], imports[0], common_unit(b.unit, exports[0].unit, imports[0].unit)
                )
                for b in flows.get("balance", [])
            ]
    return results


# Growth against the prior period.


def _growth_result(fig: Figure, prior: Figure) -> CheckResult | None:
    unit = common_unit(fig.unit, prior.unit)
    title = f"Growth against {prior.period.label()}: {fig.id}"
    if unit is None:
        return CheckResult(
            check_id("growth", fig.id),
            "growth",
            title,
            (fig.id, prior.id),
            f"{fig.id} in {fig.unit}, {prior.id} in {prior.unit}",
            Outcome.NOT_RUN,
            f"change of {ref(fig)} against {ref(prior)}: not run, the two are in different currencies",
        )
    ratio = interval_in(fig, unit).ratio_to(interval_in(prior, unit))
    if ratio is None:
        return None
    computed = Interval((ratio.lo - 1) * HUNDRED, (ratio.hi - 1) * HUNDRED)
    stated = change_interval(fig.change)
    x, p = in_unit(fig.value, fig.unit, unit), in_unit(prior.value, prior.unit, unit)
    point = (x / p - 1) * HUNDRED
    arithmetic = (
        f"{show_in(fig, unit)} / {show_in(prior, unit)} − 1 = {n(round(point, 2))}% ({computed.show(2)} "
        f"within rounding); stated {n(fig.change)}% ({stated.show(2)})"
    )
    gap = computed.gap(stated)
    outcome = (
        Outcome.HOLDS
        if gap == 0
        else Outcome.WARNING
        if gap <= GROWTH_WARNING_POINTS
        else Outcome.ERROR
    )
    verdict = {
        Outcome.HOLDS: Outcome.HOLDS,
        Outcome.WARNING: f"differs by {n(round(gap, 2))} points (revised prior-year data can explain up to "
        f"{n(GROWTH_WARNING_POINTS)})",
        Outcome.ERROR: f"does not hold: computed {n(round(point, 2))}% against stated {n(fig.change)}%",
    }[outcome]
    return CheckResult(
        check_id("growth", fig.id),
        "growth",
        title,
        (fig.id, prior.id),
        arithmetic,
        outcome,
        f"change of {ref(fig)} against {ref(prior)}: {verdict}",
    )


def check_growth(figures) -> list[CheckResult]:
    by_key = {
        (f.reporter, f.partner, f.flow, f.period): f for f in sorted(figures, key=lambda f: f.id)
    }
    results = []
    for fig in sorted(figures, key=lambda f: f.id):
        prior = by_key.get((fig.reporter, fig.partner, fig.flow, fig.period.shifted_years(-1)))
        if fig.change is not None and prior is not None and fig.flow != "balance":
            result = _growth_result(fig, prior)
            results += [result] if result else []
    return results


def check_change_sizes(figures) -> list[CheckResult]:
    """A change above CHANGE_WARNING_PERCENT is shown to a person: possible, but more often a slip."""
    return [
        CheckResult(
            check_id("change", f.id),
            "change",
            f"Size of the change: {f.id}",
            (f.id,),
            f"stated change {n(f.change)}%",
            Outcome.WARNING,
            f"change of {ref(f)} is {n(f.change)}%, more than {n(CHANGE_WARNING_PERCENT)}%: check it "
            "against the source (a misplaced decimal point?)",
        )
        for f in sorted(figures, key=lambda f: f.id)
        if f.change is not None and f.change > CHANGE_WARNING_PERCENT
    ]


def check_implied(derived: list[Derived]) -> list[CheckResult]:
    """Implied prior exports + imports against implied prior turnover, for the same pair and period."""
    implied = {(d.reporter, d.partner, d.period, d.flow): d for d in derived if d.kind == "implied"}
    results = []
    for (reporter, partner, period, flow), turnover in sorted(
        implied.items(), key=lambda kv: kv[1].id
    ):
        exports = implied.get((reporter, partner, period, "exports"))
        imports = implied.get((reporter, partner, period, "imports"))
        if flow != "turnover" or not (exports and imports):
            continue
        unit = common_unit(turnover.unit, exports.unit, imports.unit)
        if unit is None:
            continue  # check_units reports the reported figures they came from
        total = interval_in(exports, unit) + interval_in(imports, unit)
        implied_turnover = interval_in(turnover, unit)
        ok = total.intersects(implied_turnover)
        arithmetic = (
            f"implied exports {interval_in(exports, unit).show(2)} + implied imports "
            f"{interval_in(imports, unit).show(2)} = {total.show(2)}; implied turnover "
            f"{implied_turnover.show(2)}" + units_note(unit, turnover, exports, imports)
        )
        message = (
            f"implied {period.label()} values of {', '.join(turnover.inputs + exports.inputs + imports.inputs)}: "
            + ("agree" if ok else f"disagree by {n(round(total.gap(implied_turnover), 2))}")
        )
        results.append(
            CheckResult(
                check_id("implied", reporter, partner, period_slug(period)),
                "implied",
                f"Implied {period.label()} turnover = implied exports + imports: "
                f"{dash_pair(reporter, partner)}",
                (turnover.id, exports.id, imports.id),
                arithmetic,
                Outcome.HOLDS if ok else Outcome.WARNING,
                message,
            )
        )
    return results


# Ranks, parts of a year, mirrors.


def check_ranks(ranks, figures) -> list[CheckResult]:
    results = []
    for rank in sorted(ranks, key=lambda r: r.id):
        of_figs = {
            f.partner: f
            for f in sorted(figures, key=lambda f: f.id)
            if f.reporter == rank.of and f.flow == rank.flow and f.period == rank.period
        }
        ranked = of_figs.get(rank.partner)
        missing = [c for c in (rank.partner, *rank.above) if c not in of_figs]
        title = f"Rank: {country_name(rank.partner)} among {country_name(rank.of)}'s partners, {rank.period.label()}"
        others = [p for p in of_figs if p != rank.partner]
        unit = common_unit(*(f.unit for f in of_figs.values())) if of_figs else None
        if ranked is None or not others or unit is None:
            why = (
                f"no {rank.flow} figures of {rank.of} for {', '.join(missing)} in {rank.period.label()}"
                if ranked is None or not others
                else "the partners' figures are in different currencies"
            )
            results.append(
                CheckResult(
                    check_id("rank", rank.id),
                    "rank",
                    title,
                    (rank.id,),
                    why,
                    Outcome.NOT_RUN,
                    f"rank {ref(rank)}: not run, "
                    + ("no figures to compare" if unit or not others or ranked is None else why),
                )
            )
            continue
        mine = interval_in(ranked, unit)
        problems, used = [], [rank.id, ranked.id]
        for partner, fig in sorted(of_figs.items()):
            if partner == rank.partner:
                continue
            theirs = interval_in(fig, unit)
            used.append(fig.id)
            if partner in rank.above and theirs.hi < mine.lo:
                problems.append(
                    f"{ref(fig)} is ranked above but smaller ({n(fig.value)} < {n(ranked.value)})"
                )
            if partner not in rank.above and theirs.lo > mine.hi:
                problems.append(
                    f"{ref(fig)} is larger ({n(fig.value)} > {n(ranked.value)}) but not ranked above"
                )
        arithmetic = "; ".join(f"{p}: {show_in(f, unit)}" for p, f in sorted(of_figs.items()))
        results.append(
            CheckResult(
                check_id("rank", rank.id),
                "rank",
                title,
                tuple(used),
                arithmetic,
                Outcome.ERROR if problems else Outcome.HOLDS,
                f"rank {ref(rank)}: " + ("; ".join(problems) if problems else Outcome.HOLDS),
            )
        )
    return results


def check_periods(figures) -> list[CheckResult]:
    """A span inside a year cannot exceed the full year (same reporter, partner and flow)."""
    full = {
        (f.reporter, f.partner, f.flow, f.period.start[0]): f for f in figures if f.period.is_year
    }
    results = []
    for fig in sorted(figures, key=lambda f: f.id):
        same_year = fig.period.start[0] == fig.period.end[0]
        year = full.get((fig.reporter, fig.partner, fig.flow, fig.period.start[0]))
        if fig.period.is_year or not same_year or fig.flow not in FULL_YEAR_FLOWS or year is None:
            continue
        unit = common_unit(fig.unit, year.unit)
        if unit is None:
            continue  # a part and a year in two currencies: nothing to compare them by
        ok = interval_in(fig, unit).lo <= interval_in(year, unit).hi
        results.append(
            CheckResult(
                check_id("period", fig.id),
                "period",
                f"Part of a year within the year: {fig.id}",
                (fig.id, year.id),
                f"{fig.period.label()}: {show_in(fig, unit)} ≤ {year.period.label()}: "
                f"{show_in(year, unit)}",
                Outcome.HOLDS if ok else Outcome.ERROR,
                f"{ref(fig)} within the full year {ref(year)}: "
                + ("holds" if ok else f"{n(fig.value)} exceeds the year's {n(year.value)}"),
            )
        )
    return results


MIRROR_FLOW = {"exports": "imports", "imports": "exports", "turnover": "turnover"}


def check_mirrors(figures) -> list[CheckResult]:
    """The same flow as reported by both sides, with the gap in percent. Never an error (CIF/FOB, timing)."""
    by_key = {
        (f.reporter, f.partner, f.flow, f.period): f for f in sorted(figures, key=lambda f: f.id)
    }
    results = []
    for (reporter, partner, flow, period), fig in sorted(by_key.items(), key=lambda kv: kv[1].id):
        other = (
            by_key.get((partner, reporter, MIRROR_FLOW.get(flow), period))
            if flow in MIRROR_FLOW
            else None
        )
        if other is None or (reporter, fig.id) > (partner, other.id):
            continue
        unit = common_unit(fig.unit, other.unit)
        if unit is None or other.value == 0:
            continue
        mine, theirs = in_unit(fig.value, fig.unit, unit), in_unit(other.value, other.unit, unit)
        gap = round((mine - theirs) / theirs * HUNDRED, 1)
        results.append(
            CheckResult(
                check_id("mirror", fig.id, other.id),
                "mirror",
                f"Mirror: {fig.id} against {other.id}",
                (fig.id, other.id),
                f"({show_in(fig, unit)} − {show_in(other, unit)}) / {n(theirs)} × 100 = {n(gap)}%",
                Outcome.INFO,
                f"{ref(fig)} against its mirror {ref(other)}: gap {n(gap)}%",
            )
        )
    return results


# One figure per key, unless marked as a revision or as another source's figure.


def _compare(kind: str, fig: Figure, base: Figure, verb: str) -> CheckResult:
    unit = common_unit(fig.unit, base.unit)
    if unit is None or base.value == 0:
        arithmetic, gap = f"{n(base.value)} {base.unit} → {n(fig.value)} {fig.unit}", ""
    else:
        new, old = in_unit(fig.value, fig.unit, unit), in_unit(base.value, base.unit, unit)
        arithmetic = f"{show_in(base, unit)} → {show_in(fig, unit)}: {n(round((new - old) / abs(old) * HUNDRED, 2))}%"
        gap = f" ({arithmetic})"
    return CheckResult(
        check_id(kind, fig.id),
        kind,
        f"{verb.capitalize()}: {fig.id} and {base.id}",
        (fig.id, base.id),
        arithmetic,
        Outcome.INFO,
        f"{ref(fig)} {verb} {ref(base)}{gap}",
    )


def check_revisions(figures) -> list[CheckResult]:
    """Each revision against what it revises, each alternative against the figure it is an alternative to."""
    by_id = {f.id: f for f in figures}
    results = []
    for fig in sorted(figures, key=lambda f: f.id):
        if fig.revises in by_id:
            results.append(_compare("revision", fig, by_id[fig.revises], "revises"))
        if fig.alternative_to in by_id:
            results.append(
                _compare(
                    "alternative", fig, by_id[fig.alternative_to], "is another source's figure for"
                )
            )
    return results


def run_checks(figures, ranks, derived: list[Derived]) -> list[CheckResult]:
    figures, ranks = list(figures), list(ranks)
    primary = primary_figures(figures)
    return (
        check_units(primary)
        + check_sums(primary)
        + check_growth(primary)
        + check_change_sizes(figures)
        + check_implied(derived)
        + check_ranks(ranks, primary)
        + check_periods(primary)
        + check_mirrors(primary)
        + check_revisions(figures)
    )


def findings_of(results: list[CheckResult], places: dict) -> list[Finding]:
    """Warnings and errors as findings, placed at the first input the check used that has a place."""
    findings = []
    for r in results:
        if r.outcome not in (Outcome.WARNING, Outcome.ERROR):
            continue
        where = next((places[i] for i in r.inputs if i in places), None)
        findings.append(
            Finding(where, f"{r.kind}: {r.message}; {r.arithmetic}", r.outcome, check=r.id)
        )
    return findings
