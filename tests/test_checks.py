"""Consistency checks and derived figures: pure functions, tiny fixtures, exact expectations."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tradebriefs.checks import (
    check_growth,
    check_implied,
    check_mirrors,
    check_periods,
    check_ranks,
    check_sums,
    findings_of,
)
from tradebriefs.derive import derive_figures
from tradebriefs.errors import Place
from tradebriefs.intervals import value_interval
from tradebriefs.models import Figure, Rank, Unit
from tradebriefs.periods import parse_period

LINE = iter(range(10, 10_000, 10))


def fig(
    ident,
    flow,
    value,
    period="2023",
    qualifier="exact",
    change=None,
    reporter="CHN",
    partner="RUS",
    unit="USD billion",
    **fields,
):
    currency, scale = unit.split()
    return Figure(
        id=ident,
        reporter=reporter,
        partner=partner,
        flow=flow,
        period=parse_period(period),
        value=Decimal(value),
        unit=Unit(currency, scale),
        qualifier=qualifier,
        change=Decimal(change) if change is not None else None,
        source="s",
        loc=Place("data/facts/t.yaml", next(LINE), 5),
        locs={},
        **fields,
    )


SEED = [
    fig("t", "turnover", "240.11", change="26.3"),
    fig("x", "exports", "110.97", "2023", "about", "46.9"),
    fig("m", "imports", "129.14", change="12.7"),
]


def test_intervals_follow_precision_and_qualifier():
    assert value_interval(Decimal("240.11")).show() == "240.105 to 240.115"
    assert value_interval(Decimal("110.97"), "about").show() == "110.955 to 110.985"
    assert value_interval(Decimal("180"), "over").show() == "180 to ∞"


def test_seed_sum_holds_exactly():
    [result] = check_sums(SEED)
    assert result.outcome == "holds"
    assert result.arithmetic.startswith("110.97 + 129.14 = 240.11")
    assert "holds exactly" in result.message


def test_sum_that_cannot_hold_is_an_error_naming_every_figure_and_line():
    figures = [
        fig("t", "turnover", "240.11"),
        fig("x", "exports", "110.97"),
        fig("m", "imports", "129.24"),
    ]
    [result] = check_sums(figures)
    assert result.outcome == "error"
    for ident in ("t (data/facts/t.yaml:", "x (data/facts/t.yaml:", "m (data/facts/t.yaml:"):
        assert ident in result.message
    [finding] = findings_of([result], {f.id: f.loc for f in figures})
    assert str(finding).startswith("data/facts/t.yaml:") and ": error: sum: turnover t (" in str(
        finding
    )


def test_sum_within_rounding_holds():
    figures = [
        fig("t", "turnover", "240.1"),
        fig("x", "exports", "110.97"),
        fig("m", "imports", "129.14"),
    ]
    assert check_sums(figures)[0].outcome == "holds"


def test_growth_against_a_known_prior_year():
    prior = fig("t22", "turnover", "190.11", "2022")
    assert check_growth([SEED[0], prior])[0].outcome == "holds"


def test_small_growth_gap_is_a_warning_naming_both_numbers():
    prior = fig("t22", "turnover", "190.3", "2022")  # 240.11 / 190.3 - 1 = 26.17%: 26.3 stated
    [result] = check_growth([SEED[0], prior])
    assert result.outcome == "warning"
    assert "26.3" in result.arithmetic and "26.1" in result.arithmetic


def test_large_growth_gap_is_an_error():
    prior = fig("t22", "turnover", "150", "2022")
    assert check_growth([SEED[0], prior])[0].outcome == "error"


def test_implied_prior_values_are_derived_and_agree():
    derived = {d.id: d for d in derive_figures(SEED)}
    implied = derived["derived-implied-t-prior"]
    assert (
        implied.value == Decimal("190.1")
        and implied.period.text == "2022"
        and implied.inputs == ("t",)
    )
    [result] = check_implied(list(derived.values()))
    assert result.outcome == "holds"


def test_implied_prior_values_that_disagree_are_a_warning():
    figures = [SEED[0], SEED[1], fig("m", "imports", "129.14", change="2.7")]
    [result] = check_implied(derive_figures(figures))
    assert result.outcome == "warning"


def test_balance_is_derived_with_its_formula():
    derived = {d.id: d for d in derive_figures(SEED)}
    balance = derived["derived-balance-chn-rus-2023"]
    assert balance.value == Decimal("-18.17") and balance.formula == "110.97 − 129.14 = −18.17"
    assert balance.inputs == ("x", "m") and balance.kind == "balance"


def rank(above=("USA", "JPN", "KOR"), n=4):
    return Rank(
        id="r",
        of="CHN",
        partner="RUS",
        rank=n,
        flow="turnover",
        period=parse_period("2023"),
        above=tuple(above),
        source="s",
        loc=Place("data/facts/t.yaml", 1, 5),
        locs={},
    )


def test_rank_without_figures_to_compare_is_not_run():
    assert check_ranks([rank()], SEED)[0].outcome == "not run"


def test_rank_above_must_be_larger():
    usa = fig("us", "turnover", "200", partner="USA")
    [result] = check_ranks([rank()], [SEED[0], usa])
    assert result.outcome == "error" and "ranked above but smaller" in result.message


def test_a_larger_partner_not_ranked_above_is_an_error():
    deu = fig("de", "turnover", "300", partner="DEU")
    assert check_ranks([rank()], [SEED[0], deu])[0].outcome == "error"


def test_part_of_a_year_cannot_exceed_the_year():
    part = fig("p", "turnover", "250", "2023-01/2023-09")
    [result] = check_periods([SEED[0], part])
    assert result.outcome == "error"
    assert (
        check_periods([SEED[0], fig("q", "turnover", "over 1".split()[1], "2023-Q1", "over")])[
            0
        ].outcome
        == "holds"
    )


def test_mirror_is_shown_never_an_error():
    other = fig("ru-imp", "imports", "100", reporter="RUS", partner="CHN")
    [result] = check_mirrors([SEED[1], other])
    assert result.outcome == "info" and "11.0%" in result.arithmetic


@pytest.mark.parametrize(
    "qualifier", ["exact", "about", "over", "under", "at least", "at most", "nearly"]
)
def test_every_qualifier_has_an_interval(qualifier):
    interval = value_interval(Decimal("180"), qualifier)
    assert interval.lo <= Decimal("180") <= interval.hi


# Units: one currency, scales converted exactly.


def test_a_sum_across_currencies_is_an_error_and_no_balance_is_derived():
    from tradebriefs.checks import check_units

    figures = [
        fig("t", "turnover", "240.11"),
        fig("x", "exports", "110.97", unit="EUR billion"),
        fig("m", "imports", "129.14"),
    ]
    [result] = check_units(figures)
    assert (
        result.outcome == "error"
        and "x (data/facts/t.yaml:" in result.message
        and "EUR billion" in result.message
    )
    assert check_sums(figures) == []  # nothing is added across currencies
    assert [d for d in derive_figures(figures) if d.kind in ("balance", "share")] == [
        d for d in derive_figures(figures) if d.kind == "share" and "x" not in d.inputs
    ]


def test_scales_of_one_currency_are_converted_exactly():
    figures = [
        fig("t", "turnover", "240110", unit="USD million"),
        fig("x", "exports", "110.97"),
        fig("m", "imports", "129140", unit="USD million"),
    ]
    [result] = check_sums(figures)
    assert result.outcome == "holds", result
    assert (
        "110,970 (110.97 USD billion)" in result.arithmetic
        and "[in USD million]" in result.arithmetic
    )
    [balance] = [d for d in derive_figures(figures) if d.kind == "balance"]
    assert balance.value == Decimal("-18170") and str(balance.unit) == "USD million"


def test_a_thousand_beside_a_million_is_not_a_false_error():
    figures = [
        fig("t", "turnover", "1.5", unit="USD million"),
        fig("x", "exports", "1000", unit="USD thousand"),
        fig("m", "imports", "500", unit="USD thousand"),
    ]
    assert [r.outcome for r in check_sums(figures)] == ["holds"]


def test_a_turnover_smaller_than_its_exports_is_an_error_without_imports():
    [result] = check_sums([fig("t", "turnover", "100"), fig("x", "exports", "110.97")])
    assert result.outcome == "error" and "smaller than exports" in result.message
    [ok] = check_sums([fig("t", "turnover", "240.11"), fig("x", "exports", "110.97")])
    assert ok.outcome == "holds"


def test_a_revision_replaces_what_it_revises_in_every_check():
    from tradebriefs.checks import check_revisions, run_checks

    old = fig("m", "imports", "129.24")
    new = fig("m2", "imports", "129.14", revises="m")
    results = run_checks(
        [fig("t", "turnover", "240.11"), fig("x", "exports", "110.97"), old, new], [], []
    )
    [total] = [r for r in results if r.kind == "sum"]
    assert total.outcome == "holds" and "m2" in total.inputs and "m" not in total.inputs
    [revision] = check_revisions([old, new])
    assert revision.outcome == "info" and "129.24 → 129.14: −0.08%" in revision.arithmetic


def test_a_huge_change_is_a_warning_and_a_change_of_minus_100_derives_nothing():
    from tradebriefs.checks import check_change_sizes

    [warning] = check_change_sizes([fig("x", "exports", "110.97", change="1000000")])
    assert warning.outcome == "warning" and "more than 1,000%" in warning.message
    assert [
        d for d in derive_figures([fig("x", "exports", "0", change="-100")]) if d.kind == "implied"
    ] == []


def test_a_failing_check_on_a_derived_figure_is_placed_at_its_reported_input():
    from tradebriefs.checks import CheckResult

    result = CheckResult(
        "implied-x", "implied", "t", ("derived-implied-x-prior", "x"), "a", "warning", "m"
    )
    [finding] = findings_of([result], {"x": Place("data/facts/t.yaml", 7, 5)})
    assert str(finding).startswith("data/facts/t.yaml:7:5: warning: implied: m")
