"""Consistency checks: pure functions over the loaded figures. Facts in, check results out.

Each check has an id, an outcome, the figures it used and the arithmetic it did. Tolerance comes from
what was printed (intervals.py): a sum that holds within the sources' rounding holds. Figures are compared
only within one currency; scales of one currency are converted exactly (derive.common_unit). A figure that
another revises, or that is another source's alternative, is compared with the one that replaces it and
otherwise left out (derive.primary_figures).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum

from tradebriefs.core.countries import WORLD, country_name, is_country
from tradebriefs.core.errors import Finding
from tradebriefs.core.hs import hs_parents
from tradebriefs.core.i18n import N_, Later, Phrase, gettext, phrase
from tradebriefs.core.intervals import Interval, change_interval, value_interval
from tradebriefs.core.numbers import QUALIFIER_WORDS, format_number
from tradebriefs.core.periods import Period, format_period_text, label_period
from tradebriefs.facts.derive import (
    Derived,
    amount_figures,
    common_unit,
    flow_key,
    id_suffix,
    in_unit,
    index_flows,
    interval_in,
    period_slug,
    primary_figures,
    prior_period,
    surplus_interval,
)
from tradebriefs.facts.models import ALL_GOODS, MAX_DECIMALS, Figure, Rank, Unit
from tradebriefs.facts.words import dash_pair, flow_phrase

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

    SUM = "sum"  # turnover = exports + imports; balance = exports - imports; turnover at least one flow
    GROWTH = "growth"  # a stated change against the prior period's figure
    CHANGE = "change"  # the size of a stated change
    IMPLIED = "implied"  # prior-period values implied by the changes, summed
    RANK = "rank"  # a partner's place against the partners' figures
    PERIOD = "period"  # a part of a year within the year
    MIRROR = "mirror"  # both sides' reports of one flow
    REVISION = "revision"  # a revised figure against the first
    ALTERNATIVE = "alternative"  # another source's figure against the one used
    SHARE = "share"  # a stated share against the ratio of its two figures
    COMMODITY = "commodity"  # products within their flow's total, headings within their chapter
    GROUP = "group"  # partners within the world, members within their group
    TARGET = "target"  # a target or forecast against the reported figure
    KEPT = "kept"  # a figure kept as its source stated it, against the checks that disagree
    OFFICIAL = "official"  # a figure typed from an article against the imported official table


class Outcome(StrEnum):
    """How a check came out, in the order pages count them."""

    HOLDS = "holds"
    WARNING = "warning"  # shown, and the build goes on (an error with --strict)
    ERROR = "error"  # the build stops
    # A check that fails because of a figure the editor kept as its source printed it (keep_as_stated):
    # shown publicly, with the computed value, and the build goes on.
    DISAGREES = "disagrees"
    NOT_RUN = "not run"  # the figures to compare are not in the data
    INFO = "info"  # shown, never judged (mirrors, revisions)


@dataclass(frozen=True)
class CheckResult:
    id: str
    kind: Rule
    title: Phrase  # worded when shown, in the edition's language (str(title): in the one being rendered)
    inputs: tuple[str, ...]  # ids of the figures, ranks and derived figures used
    arithmetic: str
    outcome: Outcome
    message: str

    def __post_init__(
        self,
    ):  # a kind or outcome given as its text is made the member: a typo fails at once
        object.__setattr__(self, "kind", Rule(self.kind))
        object.__setattr__(self, "outcome", Outcome(self.outcome))


# The words a check's name is made of, worded in the language of the page that shows it.
def pair_words(a: str, b: str) -> Later:
    return Later(dash_pair, (a, b))


def period_words(period: Period) -> Later:
    return Later(label_period, (period,))


def country_words(code: str) -> Later:
    return Later(country_name, (code,))


# A forecast's or a target's check, by the figure's status; the change a growth is on, where not a year.
GOAL_TITLES = {
    "forecast": N_("Forecast against the reported figure: {id}"),
    "target": N_("Target against the reported figure: {id}"),
}
CHANGE_ON = (N_("previous month"), N_("previous quarter"))


def ref(fig: Figure | Rank | Derived) -> str:
    """How a message names a figure: its id and where it is written (a derived figure: its id)."""
    if isinstance(fig, Derived):
        return f"{fig.id} (derived)"
    return f"{fig.id} ({fig.loc.path}:{fig.loc.line})"


def check_id(kind: str, *parts: str) -> str:
    return "-".join([kind, *parts]).lower()


def n(value: Decimal) -> str:
    """A number in a check's arithmetic: the one formatter (numbers.py), digits as printed."""
    return format_number(value)


def small(x: Decimal, *, signed: bool = False) -> str:
    """A gap or change to two decimals, or to its first nonzero digit when smaller ('0.004', not '0.00',
    which reads as no difference at all)."""
    places = 2
    while x != 0 and round(x, places) == 0 and places < MAX_DECIMALS:
        places += 1
    text = n(round(x, places))
    return f"+{text}" if signed and x > 0 else text


def show_in(fig, unit: Unit) -> str:
    """A figure's value in the unit the check compares in, saying so when it was converted."""
    if fig.unit == unit:
        return n(fig.value)
    return f"{n(in_unit(fig.value, fig.unit, unit))} ({n(fig.value)} {fig.unit})"


def show_balance(fig, unit: Unit) -> str:
    """A balance as the reporter's signed value with its qualifier ('over 46.8'), saying when it was printed
    as the partner's surplus."""
    words = QUALIFIER_WORDS[fig.qualifier]
    words = f"{words} " if words else ""
    if fig.amount == fig.value:
        return words + show_in(fig, unit)
    signed = n(in_unit(fig.amount, fig.unit, unit))
    return f"{signed} (a surplus of {words}{n(fig.value)} {fig.unit} in {fig.favours}'s favour)"


def units_note(unit: Unit, *figs) -> str:
    return f" [in {unit}]" if any(f.unit != unit for f in figs) else ""


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
        check_id("sum", turnover.reporter, turnover.partner, period_slug(turnover.period))
        + suffix(turnover),
        "sum",
        phrase(
            "Turnover = exports + imports: {pair}, {period}",
            pair=pair_words(turnover.reporter, turnover.partner),
            period=period_words(turnover.period),
        ),
        (turnover.id, exports.id, imports.id),
        arithmetic,
        Outcome.HOLDS if ok else Outcome.ERROR,
        message,
    )


def _balance_result(balance: Figure, exports: Figure, imports: Figure, unit: Unit) -> CheckResult:
    computed = interval_in(exports, unit) - interval_in(imports, unit)
    stated = interval_in(balance, unit)
    x, m = (in_unit(f.value, f.unit, unit) for f in (exports, imports))
    b = in_unit(balance.amount, balance.unit, unit)
    ok = computed.intersects(stated)
    arithmetic = (
        f"{show_in(exports, unit)} − {show_in(imports, unit)} = {n(x - m)}; balance stated "
        f"{show_balance(balance, unit)}" + units_note(unit, exports, imports, balance)
    )
    message = f"balance {ref(balance)} = exports {ref(exports)} − imports {ref(imports)}: " + (
        "holds" if ok else f"does not hold: {n(x - m)} against {n(b)}"
    )
    return CheckResult(
        check_id("balance", balance.reporter, balance.partner, period_slug(balance.period))
        + suffix(balance),
        "sum",
        phrase(
            "Balance = exports − imports: {pair}, {period}",
            pair=pair_words(balance.reporter, balance.partner),
            period=period_words(balance.period),
        ),
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
        )
        + suffix(turnover),
        "sum",
        phrase(
            "Turnover at least {flow}: {pair}, {period}",
            flow=Later(gettext, (part.flow,)),
            pair=pair_words(turnover.reporter, turnover.partner),
            period=period_words(turnover.period),
        ),
        (turnover.id, part.id),
        arithmetic,
        Outcome.HOLDS if ok else Outcome.ERROR,
        message,
    )


def suffix(fig: Figure) -> str:
    """A check's id names a commodity or a currency other than dollars, so ids stay unique and stable."""
    return id_suffix(fig.goods, fig.unit.currency).lower()


def check_sums(figures) -> list[CheckResult]:
    """Within one reporter, partner, period, commodity and currency (derive.key_of): figures in two
    currencies are never added, each currency is checked on its own."""
    results = []
    for flows in index_flows(figures).values():
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


def outcome_of_gap(gap: Decimal, warning_points: Decimal) -> Outcome:
    """A stated percentage against the computed one: holds when the intervals meet, a warning for a gap of up
    to `warning_points` (revised or unrounded data), an error beyond."""
    if gap == 0:
        return Outcome.HOLDS
    return Outcome.WARNING if gap <= warning_points else Outcome.ERROR


def growth_intervals(fig: Figure, prior: Figure, unit: Unit) -> tuple[Interval, Interval]:
    """The two values a change compares: for a surplus in one side's favour, the size of that side's surplus
    in both periods; otherwise the values."""
    if fig.favours is not None:
        return (
            surplus_interval(fig, fig.favours, unit),
            surplus_interval(prior, fig.favours, unit),
        )
    return interval_in(fig, unit), interval_in(prior, unit)


def _growth_result(fig: Figure, prior: Figure) -> CheckResult | None:
    unit = common_unit(fig.unit, prior.unit)
    title = (
        phrase("Growth against {period}: {id}", period=period_words(prior.period), id=fig.id)
        if fig.change_on == "year earlier"
        else phrase(
            "Growth against {period} ({on}): {id}",
            period=period_words(prior.period),
            on=Later(gettext, (fig.change_on,)),
            id=fig.id,
        )
    )
    now, before = growth_intervals(fig, prior, unit)
    ratio = now.ratio_to(before)
    if ratio is None:
        if fig.favours is None:
            return None
        return CheckResult(
            check_id("growth", fig.id),
            "growth",
            title,
            (fig.id, prior.id),
            f"{fig.favours}'s surplus: {now.show(2)} against {before.show(2)} in {prior.period.label()}",
            Outcome.ERROR,
            f"change of {ref(fig)} against {ref(prior)}: a change in percent of {fig.favours}'s surplus "
            f"needs a surplus in {fig.favours}'s favour in {prior.period.label()} too, but "
            f"{ref(prior)} does not give one",
        )
    computed = Interval((ratio.lo - 1) * HUNDRED, (ratio.hi - 1) * HUNDRED)
    stated = change_interval(fig.change)
    x = in_unit(fig.value, fig.unit, unit)
    p = in_unit(prior.value if fig.favours is None else signed(prior), prior.unit, unit)
    if fig.favours is not None and fig.favours != prior.reporter:
        p = -p
    point = (x / p - 1) * HUNDRED
    what = f"{fig.favours}'s surplus: " if fig.favours else ""
    arithmetic = (
        f"{what}{show_in(fig, unit)} / {n(p)}"
        + (f" ({n(prior.value)} {prior.unit})" if prior.unit != unit else "")
        + f" − 1 = {n(round(point, 2))}% ({computed.show(2)} within rounding); stated "
        f"{n(fig.change)}% ({stated.show(2)})"
    )
    gap = computed.gap(stated)
    outcome = outcome_of_gap(gap, GROWTH_WARNING_POINTS)
    verdict = {
        Outcome.HOLDS: Outcome.HOLDS,
        Outcome.WARNING: f"differs by {small(gap)} points (revised prior-year data can explain up to "
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


def check_growth(figures, derived=()) -> list[CheckResult]:
    """Each stated change against the figure of the period it is measured on (change_on), in its currency; a
    surplus's change also against the balance derived from that period's exports and imports."""
    balances = {
        (d.reporter, d.partner, d.flow, d.period, d.goods, d.unit.currency): d
        for d in derived
        if d.kind == "balance"
    }
    by_key = balances | {flow_key(f, f.period): f for f in sorted(figures, key=lambda f: f.id)}
    results = []
    for fig in sorted(figures, key=lambda f: f.id):
        prior = by_key.get(flow_key(fig, prior_period(fig)))
        if fig.change is not None and prior is not None and prior.id != fig.id:
            if fig.flow == "balance" and fig.favours is None:
                continue
            result = _growth_result(fig, prior)
            results += [result] if result else []
    return results


def check_change_sizes(figures) -> list[CheckResult]:
    """A change above CHANGE_WARNING_PERCENT is shown to a person: possible, but more often a slip."""
    return [
        CheckResult(
            check_id("change", f.id),
            "change",
            phrase("Size of the change: {id}", id=f.id),
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
    """Implied prior exports + imports against implied prior turnover, for the same pair, period, goods and
    currency."""
    implied = {
        (d.reporter, d.partner, d.period, d.goods, d.unit.currency, d.flow): d
        for d in derived
        if d.kind == "implied"
    }
    results = []
    for (reporter, partner, period, goods, currency, flow), turnover in sorted(
        implied.items(), key=lambda kv: kv[1].id
    ):
        exports = implied.get((reporter, partner, period, goods, currency, "exports"))
        imports = implied.get((reporter, partner, period, goods, currency, "imports"))
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
                check_id("implied", reporter, partner, period_slug(period))
                + id_suffix(goods, currency).lower(),
                "implied",
                phrase(
                    "Implied {period} turnover = implied exports + imports: {pair}",
                    period=period_words(period),
                    pair=pair_words(reporter, partner),
                ),
                (turnover.id, exports.id, imports.id),
                arithmetic,
                Outcome.HOLDS if ok else Outcome.WARNING,
                message,
            )
        )
    return results


# Ranks, parts of a year, mirrors.


def ranked_partners(rank, groups: dict) -> callable:
    """Which partners a rank ranks: countries; and when the source ranks groups as partners ("third after
    ASEAN and the EU"), those groups, in place of their members (a member is part of its group's figure)."""
    named = [c for c in (rank.partner, *rank.above) if c in groups]
    members = {m for code in named for m in groups[code].members}
    return lambda code: code in named or (is_country(code) and code not in members)


def check_ranks(ranks, figures, groups: dict | None = None) -> list[CheckResult]:
    results = []
    for rank in sorted(ranks, key=lambda r: r.id):
        ranked_here = ranked_partners(rank, groups or {})
        of_figs = {
            f.partner: f
            for f in sorted(figures, key=lambda f: f.id)
            if f.reporter == rank.of
            and f.flow == rank.flow
            and f.period == rank.period
            and f.goods is None
            and ranked_here(f.partner)
        }
        ranked = of_figs.get(rank.partner)
        missing = [c for c in (rank.partner, *rank.above) if c not in of_figs]
        title = phrase(
            "Rank: {partner} among {of}'s partners, {period}",
            partner=country_words(rank.partner),
            of=country_words(rank.of),
            period=period_words(rank.period),
        )
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
    full = {flow_key(f, f.period.start[0]): f for f in figures if f.period.is_year}
    results = []
    for fig in sorted(figures, key=lambda f: f.id):
        same_year = fig.period.start[0] == fig.period.end[0]
        year = full.get(flow_key(fig, fig.period.start[0]))
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
                phrase("Part of a year within the year: {id}", id=fig.id),
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


# Imports are valued CIF (with freight and insurance), exports FOB: the importer's figure is usually the larger,
# by a few percent (the IMF's rule of thumb is 6% to 10%). A mirror gap outside this band, in percent of the
# exporter's figure, is worth a look (timing, attribution, re-exports, or a mistyped figure); never an error.
MIRROR_BAND_PERCENT = (Decimal(0), Decimal(10))


def cif_fob_words(fig: Figure, other: Figure, unit: Unit, band) -> str:
    """'; imports (CIF) exceed exports (FOB) by 4.2%: within the CIF/FOB band of 0% to 10%', for an exports and
    imports pair; '' for turnover against turnover (both sides CIF and FOB at once)."""
    if {fig.flow, other.flow} != {"exports", "imports"}:
        return ""
    cif, fob = (fig, other) if fig.flow == "imports" else (other, fig)
    c, f = in_unit(cif.value, cif.unit, unit), in_unit(fob.value, fob.unit, unit)
    if f == 0:
        return ""
    margin = round((c - f) / f * HUNDRED, 1)
    low, high = band
    where = "within" if low <= margin <= high else "outside"
    return (
        f"; {cif.id}'s imports (CIF) against {fob.id}'s exports (FOB): {n(margin)}%, {where} the "
        f"CIF/FOB band of {n(low)}% to {n(high)}%"
    )


def check_mirrors(figures, band=MIRROR_BAND_PERCENT) -> list[CheckResult]:
    """The same flow as reported by both sides, with the gap in percent, and for exports against imports
    whether the importer's CIF figure exceeds the exporter's FOB one by a usual margin (`band`). Never an
    error (CIF/FOB, timing, attribution)."""
    by_key = {flow_key(f, f.period): f for f in sorted(figures, key=lambda f: f.id)}
    results = []
    for (reporter, partner, flow, period, commodity, currency), fig in sorted(
        by_key.items(), key=lambda kv: kv[1].id
    ):
        other = (
            by_key.get((partner, reporter, MIRROR_FLOW.get(flow), period, commodity, currency))
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
                phrase("Mirror: {id} against {other}", id=fig.id, other=other.id),
                (fig.id, other.id),
                f"({show_in(fig, unit)} − {show_in(other, unit)}) / {n(theirs)} × 100 = {n(gap)}%",
                Outcome.INFO,
                f"{ref(fig)} against its mirror {ref(other)}: gap {n(gap)}%"
                + cif_fob_words(fig, other, unit, band),
            )
        )
    return results


# One figure per key, unless marked as a revision or as another source's figure.


def _compare(kind: str, fig: Figure, base: Figure, verb: str, title: str) -> CheckResult:
    """`verb` joins the two figures in the editor's message; `title`: the check's name, naming {id} and {base}."""
    unit = common_unit(fig.unit, base.unit)
    if unit is None or base.value == 0:
        arithmetic, gap = f"{n(base.value)} {base.unit} → {n(fig.value)} {fig.unit}", ""
    else:
        new, old = in_unit(fig.value, fig.unit, unit), in_unit(base.value, base.unit, unit)
        arithmetic = (
            f"{show_in(base, unit)} → {show_in(fig, unit)}: "
            f"{small((new - old) / abs(old) * HUNDRED)}%"
        )
        gap = f" ({arithmetic})"
    return CheckResult(
        check_id(kind, fig.id),
        kind,
        phrase(title, id=fig.id, base=base.id),
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
            results.append(
                _compare(
                    "revision", fig, by_id[fig.revises], "revises", N_("Revises: {id} and {base}")
                )
            )
        if fig.alternative_to in by_id:
            base = by_id[fig.alternative_to]
            results.append(
                official_result(fig, base)
                if base.record is not None
                else _compare(
                    "alternative",
                    fig,
                    base,
                    "is another source's figure for",
                    N_("Is another source's figure for: {id} and {base}"),
                )
            )
    return results


def official_result(fig: Figure, table: Figure) -> CheckResult:
    """A figure typed from an article against the official table's record for the same key (an imported
    figure, `record:`): the record's exact value must lie within what the typed figure's digits and qualifier
    allow ("about $110.97 bn" covers 110,965 to 110,975 million)."""
    unit = common_unit(fig.unit, table.unit)
    exact = in_unit(table.value, table.unit, unit)
    allowed = interval_in(fig, unit)
    ok = allowed.lo <= exact <= allowed.hi
    arithmetic = (
        f"table {show_in(table, unit)}; stated {show_in(fig, unit)} ({allowed.show()} within its "
        "rounding and qualifier)"
    )
    verdict = (
        "holds"
        if ok
        else f"does not hold: the table's {n(exact)} is outside {allowed.show()}; check the figure "
        "against the source, or the source against the table"
    )
    return CheckResult(
        check_id("official", fig.id),
        "official",
        phrase("Against the official table: {id}", id=fig.id),
        (fig.id, table.id),
        arithmetic,
        Outcome.HOLDS if ok else Outcome.ERROR,
        f"{ref(fig)} against the table's record {ref(table)} [{table.record}]: {verdict}",
    )


# Shares, commodities, the world and groups.

SHARE_WARNING_POINTS = Decimal(
    "1.0"
)  # as for growth: a share computed from revised or unrounded data


def _share_parts(share: Figure, by_key: dict) -> tuple[Figure, Figure] | None:
    """The part and the whole a share is the ratio of, in one currency; None when the data lacks them.
    `by_key`: amounts by (reporter, partner, flow, period, goods), each list by id (share_index)."""
    whole_partner = share.partner if share.share_of == ALL_GOODS else share.share_of
    whole_goods = None if share.share_of == ALL_GOODS else share.goods
    parts = by_key.get((share.reporter, share.partner, share.flow, share.period, share.goods), [])
    wholes = by_key.get((share.reporter, whole_partner, share.flow, share.period, whole_goods), [])
    for part in parts:
        for whole in wholes:
            if whole.unit.currency == part.unit.currency:
                return part, whole
    return None


def share_index(amounts: list[Figure]) -> dict[tuple, list[Figure]]:
    """Amounts by what a share can be of, so each share finds its two figures without a scan."""
    table: dict[tuple, list[Figure]] = {}
    for fig in sorted(amounts, key=lambda f: f.id):
        table.setdefault((fig.reporter, fig.partner, fig.flow, fig.period, fig.goods), []).append(
            fig
        )
    return table


def check_shares(shares: list[Figure], amounts: list[Figure]) -> list[CheckResult]:
    """A stated share against part / whole × 100 of the two figures, when the data has both."""
    by_key = share_index(amounts)
    results = []
    for share in sorted(shares, key=lambda f: f.id):
        title = phrase("Share: {id}", id=share.id)
        found = _share_parts(share, by_key)
        if found is None:
            results.append(
                CheckResult(
                    check_id("share", share.id),
                    "share",
                    title,
                    (share.id,),
                    "the figures it is a share of are not in the data",
                    Outcome.NOT_RUN,
                    f"share {ref(share)}: not run, no figures to compare",
                )
            )
            continue
        part, whole = found
        unit = common_unit(part.unit, whole.unit)
        ratio = interval_in(part, unit).ratio_to(interval_in(whole, unit))
        if ratio is None:
            continue
        computed = ratio.scaled(HUNDRED)
        stated = value_interval(share.value, share.qualifier)
        p, w = in_unit(part.value, part.unit, unit), in_unit(whole.value, whole.unit, unit)
        point = p / w * HUNDRED
        gap = computed.gap(stated)
        outcome = outcome_of_gap(gap, SHARE_WARNING_POINTS)
        arithmetic = (
            f"{show_in(part, unit)} / {show_in(whole, unit)} × 100 = {n(round(point, 2))}% "
            f"({computed.show(2)} within rounding); stated {n(share.value)}% ({stated.show(2)})"
        )
        verdict = {
            Outcome.HOLDS: "holds",
            Outcome.WARNING: f"differs by {small(gap)} points",
            Outcome.ERROR: f"does not hold: computed {n(round(point, 1))}% against stated "
            f"{n(share.value)}%",
        }[outcome]
        results.append(
            CheckResult(
                check_id("share", share.id),
                "share",
                title,
                (share.id, part.id, whole.id),
                arithmetic,
                outcome,
                f"share {ref(share)} = {ref(part)} / {ref(whole)}: {verdict}",
            )
        )
    return results


PART_FLOWS = (
    "exports",
    "imports",
    "turnover",
)  # flows whose parts add up (a balance's can be negative)


def _within(parts: list[Figure], whole: Figure, kind: str, ident: str, title: Phrase, what: str):
    """One check that figures which do not overlap add up to no more than the figure they are part of."""
    unit = common_unit(whole.unit, *(f.unit for f in parts))
    total = sum((interval_in(f, unit) for f in parts[1:]), interval_in(parts[0], unit))
    limit = interval_in(whole, unit)
    ok = total.lo <= limit.hi
    x = sum(in_unit(f.value, f.unit, unit) for f in parts)
    shown = " + ".join(show_in(f, unit) for f in parts)
    arithmetic = (
        f"{shown} = {n(x)}" if len(parts) > 1 else show_in(parts[0], unit)
    ) + f" ≤ {show_in(whole, unit)}"
    message = f"{what} {', '.join(ref(f) for f in parts)} within {ref(whole)}: " + (
        "holds" if ok else f"does not hold: {n(x)} is more than {n(whole.value)}"
    )
    return CheckResult(
        ident,
        kind,
        title,
        (whole.id, *(f.id for f in parts)),
        arithmetic,
        Outcome.HOLDS if ok else Outcome.ERROR,
        message,
    )


def check_commodities(amounts: list[Figure]) -> list[CheckResult]:
    """Products of one flow add up to no more than the flow's total, and a heading's figure is no more than
    its chapter's (only codes that do not lie within another listed code are added)."""
    table: dict[tuple, list[Figure]] = {}
    with_goods: set[tuple] = set()
    for fig in sorted(amounts, key=lambda f: f.id):
        if fig.flow in PART_FLOWS:
            key = (fig.reporter, fig.partner, fig.flow, fig.period, fig.unit.currency)
            table.setdefault(key, []).append(fig)
            if fig.goods is not None:
                with_goods.add(key)
    results = []
    for key in sorted(with_goods, key=lambda k: table[k][0].id):
        (reporter, partner, flow, period, _currency), figs = key, table[key]
        by_code = {f.commodity: f for f in figs if f.commodity}
        items = [f for f in figs if f.goods is not None]
        total = next((f for f in figs if f.goods is None), None)
        # Coded goods that lie within no other listed code do not overlap: they are added. Goods named only
        # by the source (beef; crude oil and oil products) may overlap anything: each is compared alone.
        top = [
            f
            for f in items
            if f.commodity and not any(p in by_code for p in hs_parents(f.commodity))
        ]
        where = phrase(
            "{flow}, {period}",
            flow=Later(flow_words, (flow, reporter, partner)),
            period=period_words(period),
        )
        if total is not None and top:
            results.append(
                _within(
                    top,
                    total,
                    "commodity",
                    check_id("commodity", total.id),
                    phrase("Products within the total: {where}", where=where),
                    "products",
                )
            )
        for named in (f for f in items if not f.commodity):
            if total is not None:
                results.append(
                    _within(
                        [named],
                        total,
                        "commodity",
                        check_id("commodity", named.id),
                        phrase(
                            "{product} within the total: {where}",
                            product=named.product,
                            where=where,
                        ),
                        "product",
                    )
                )
        for item in items:
            parent = next(
                (by_code[p] for p in hs_parents(item.commodity or "") if p in by_code), None
            )
            if parent is not None:
                results.append(
                    _within(
                        [item],
                        parent,
                        "commodity",
                        check_id("commodity", item.id),
                        phrase(
                            "HS {code} within HS {parent}: {where}",
                            code=item.commodity,
                            parent=parent.commodity,
                            where=where,
                        ),
                        "product",
                    )
                )
    return results


def flow_words(flow: str, reporter: str, partner: str) -> str:
    """'Brazil's exports to China'."""
    return flow_phrase(flow, reporter, partner)


def check_groups(amounts: list[Figure], groups: dict) -> list[CheckResult]:
    """A partner's figure is part of the world's, and the members' figures part of their group's: countries'
    figures (which do not overlap) add up to no more than the world's; members' to no more than the group's."""
    table: dict[tuple, dict[str, Figure]] = {}
    for fig in sorted(amounts, key=lambda f: f.id):
        if fig.flow in PART_FLOWS:
            key = (fig.reporter, fig.flow, fig.period, fig.goods, fig.unit.currency)
            table.setdefault(key, {}).setdefault(fig.partner, fig)
    results = []
    for (reporter, flow, period, _, _), by_partner in table.items():
        where = phrase(
            "{country}'s {flow}, {period}",
            country=country_words(reporter),
            flow=Later(gettext, (flow,)),
            period=period_words(period),
        )
        world = by_partner.get(WORLD)
        countries = [f for p, f in sorted(by_partner.items()) if is_country(p)]
        if world is not None and countries:
            results.append(
                _within(
                    countries,
                    world,
                    "group",
                    check_id("group", world.id),
                    phrase("Partners within the world: {where}", where=where),
                    "partners",
                )
            )
        for code, group in sorted(groups.items()):
            whole = by_partner.get(code)
            members = [by_partner[m] for m in group.members if m in by_partner]
            if whole is not None and members:
                results.append(
                    _within(
                        members,
                        whole,
                        "group",
                        check_id("group", whole.id),
                        phrase(
                            "Members within {group}: {where}",
                            group=country_words(code),
                            where=where,
                        ),
                        "members",
                    )
                )
            if whole is not None and world is not None:
                results.append(
                    _within(
                        [whole],
                        world,
                        "group",
                        check_id("group", whole.id, "world"),
                        phrase(
                            "{group} within the world: {where}",
                            group=country_words(code),
                            where=where,
                        ),
                        "group",
                    )
                )
    return results


# Targets and forecasts against what was reported.


def check_targets(stated: list[Figure], amounts: list, derived=()) -> list[CheckResult]:
    """A forecast or target against the reported figure of its period once there is one (or the balance the
    reported flows give); a target also against reported figures of periods no longer than its own that
    end before or with it: "$200 bn a year by 2024", reached by January–November 2023's $218.17 bn."""
    results = []
    balances = [d for d in derived if d.kind == "balance"]
    series: dict[tuple, list] = {}
    for f in sorted([*amounts, *balances], key=lambda f: (f.period.end, f.id)):
        series.setdefault(target_key(f), []).append(f)
    for goal in sorted(stated, key=lambda f: f.id):
        same = series.get(target_key(goal), [])
        exact = next((f for f in same if f.period == goal.period), None)
        reached = next(
            (
                f
                for f in same
                if goal.status == "target"
                and f.period.months <= goal.period.months
                and f.period.end <= goal.period.end
                and after_made(f, goal)
                and reaches(f, goal)
            ),
            None,
        )
        fig = reached or exact
        if fig is None:
            continue
        common = common_unit(fig.unit, goal.unit)
        got, aim = (goal_measure(f, goal, common) for f in (fig, goal))
        what = "derived from the reported flows" if isinstance(fig, Derived) else "reported"
        side = f"{goal.favours}'s surplus: " if goal.favours else ""
        if goal.status == "target":
            met = fig is reached
            verdict = (
                f"reached in {month_label(fig.period.end)} ({fig.period.label()}: {side}{n(got)})"
                if met
                else f"not reached: {what} {side}{n(got)} against {n(aim)}, {n(aim - got)} short"
            )
        else:
            off = round((got - aim) / abs(aim) * HUNDRED, 1) if aim else Decimal(0)
            verdict = (
                f"{what} {side}{n(got)} against the forecast {n(aim)} "
                f"({'+' if off > 0 else ''}{n(off)}%)"
            )
        results.append(
            CheckResult(
                check_id("target", goal.id),
                "target",
                phrase(
                    GOAL_TITLES[str(goal.status)], id=goal.id
                ),  # a goal is a forecast or a target
                (goal.id, fig.id),
                f"{goal.status} {side}{n(aim)} for {goal.period.label()}; {what} {side}{n(got)} "
                f"for {fig.period.label()}" + (f" [in {common}]" if common != goal.unit else ""),
                Outcome.INFO,
                f"{goal.status} {ref(goal)}: {verdict}",
            )
        )
    return results


def goal_measure(fig, goal: Figure, unit: Unit) -> Decimal:
    """What a target or forecast is measured in: the value, or for a surplus in one side's favour the size of
    that side's surplus (a deficit is a negative surplus), in `unit`."""
    value = in_unit(signed(fig), fig.unit, unit)
    if goal.favours is None or goal.favours == fig.reporter:
        return value
    return -value


def after_made(fig, goal: Figure) -> bool:
    """A target is reached only by a period that ends after it was set (`made`), when that is known."""
    return goal.made is None or fig.period.end >= (goal.made.year, goal.made.month)


def target_key(fig) -> tuple:
    """What a target and the figures that meet it share: reporter, partner, flow, goods, currency, basis."""
    return (
        fig.reporter,
        fig.partner,
        fig.flow,
        goods_of(fig),
        fig.unit.currency,
        getattr(fig, "basis", None),
    )


def goods_of(fig) -> str | None:
    """Figure.goods, for a derived figure too."""
    return fig.goods


def signed(fig) -> Decimal:
    """A figure's value with the sign of the reporter's balance (derived figures carry theirs)."""
    return fig.value if isinstance(fig, Derived) else fig.amount


def month_label(point: tuple[int, int]) -> str:
    """'November 2023' for (2023, 11)."""
    return Period(point, point, format_period_text(point, point)).label()


def reaches(fig: Figure, goal: Figure) -> bool:
    """The reported figure is certainly at least the target (within what both printed); for a surplus in one
    side's favour, that side's surplus."""
    unit = common_unit(fig.unit, goal.unit)
    if goal.favours is not None:
        return (
            surplus_interval(fig, goal.favours, unit).lo
            >= surplus_interval(goal, goal.favours, unit).lo
        )
    return interval_in(fig, unit).lo >= interval_in(goal, unit).lo


# Figures kept as their source stated them.


def subject_of(result: CheckResult, derived: dict[str, Derived]) -> str:
    """The figure a check tests a statement of: its first input (the balance of a balance check, the changed
    figure of a growth check, the total of a commodity check), or, for a derived input (an implied prior
    value), the figure it was derived from."""
    first = result.inputs[0] if result.inputs else ""
    while first in derived and derived[first].inputs:
        first = derived[first].inputs[0]
    return first


def apply_kept(results: list[CheckResult], figures: list[Figure], derived=()) -> list[CheckResult]:
    """A failed check of a figure kept as stated (keep_as_stated) says that the source's own figures disagree,
    and the build goes on; a check that only uses a kept figure (a growth check against it as the prior
    year) still fails on its own figure's account. A kept figure that no check disagrees with is a warning,
    so a mark that has outlived its reason is removed."""
    kept = {f.id: f for f in figures if f.keep_as_stated}
    if not kept:
        return results
    by_id = {d.id: d for d in derived}
    out, disagreeing = [], set()
    for r in results:
        subject = subject_of(r, by_id)
        if subject in kept and r.outcome in (Outcome.WARNING, Outcome.ERROR):
            disagreeing.add(subject)
            r = replace(
                r,
                outcome=Outcome.DISAGREES,
                message=f"the source's own figures disagree, and {subject} is kept as stated: "
                f"{r.message}",
            )
        out.append(r)
    for ident, fig in sorted(kept.items()):
        if ident in disagreeing:
            continue
        compared = any(ident in r.inputs for r in results if r.outcome != Outcome.NOT_RUN)
        out.append(
            CheckResult(
                check_id("kept", ident),
                "kept",
                phrase("Kept as stated: {id}", id=ident),
                (ident,),
                "every check of it holds" if compared else "no check compares it",
                Outcome.WARNING,
                f"{ref(fig)} is marked keep_as_stated, but "
                + (
                    "every check of it holds: remove keep_as_stated"
                    if compared
                    else "no check compares it with other figures: remove keep_as_stated"
                ),
            )
        )
    return out


def disagreements(results: list[CheckResult]) -> dict[str, list[CheckResult]]:
    """{figure id: the checks its source's own figures fail} for figures kept as stated (pages say so)."""
    table: dict[str, list[CheckResult]] = {}
    for r in results:
        if r.outcome == Outcome.DISAGREES:
            for ident in r.inputs:
                table.setdefault(ident, []).append(r)
    return table


def run_checks(
    figures,
    ranks,
    derived: list[Derived],
    groups: dict | None = None,
    mirror_band=MIRROR_BAND_PERCENT,
) -> list[CheckResult]:
    figures, ranks = list(figures), list(ranks)
    primary = primary_figures(figures)
    amounts = amount_figures(figures)
    shares = [f for f in primary if f.is_share and f.is_reported]
    stated = [f for f in primary if not f.is_reported]
    results = (
        check_sums(amounts)
        + check_growth(amounts, derived)
        + check_change_sizes(figures)
        + check_implied(derived)
        + check_ranks(ranks, amounts, groups or {})
        + check_periods(amounts)
        + check_mirrors(amounts, mirror_band)
        + check_revisions(figures)
        + check_shares(shares, amounts)
        + check_commodities(amounts)
        + check_groups(amounts, groups or {})
        + check_targets(stated, amounts, derived)
    )
    return apply_kept(results, figures, derived)


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
