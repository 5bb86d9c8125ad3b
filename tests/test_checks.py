"""Consistency checks and derived figures: pure functions, tiny fixtures, exact expectations."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from tradebriefs.core.errors import Place
from tradebriefs.core.intervals import value_interval
from tradebriefs.core.periods import parse_period
from tradebriefs.facts.checks import (
    check_growth,
    check_implied,
    check_mirrors,
    check_periods,
    check_ranks,
    check_sums,
    findings_of,
)
from tradebriefs.facts.derive import derive_figures
from tradebriefs.facts.models import Figure, Rank, Unit

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
    assert balance.value == Decimal("-18.17") and str(balance.formula) == "110.97 − 129.14 = −18.17"
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


def test_figures_in_two_currencies_are_checked_apart_and_never_summed():
    """A euro figure beside dollar ones is no error (a source may report each in its own currency of
    account), but nothing adds, subtracts or compares across currencies."""
    figures = [
        fig("t", "turnover", "240.11"),
        fig("x", "exports", "110.97", unit="EUR billion"),
        fig("m", "imports", "129.14"),
    ]
    results = check_sums(figures)
    assert [(r.id, r.inputs, r.outcome) for r in results] == [
        ("part-chn-rus-2023-imports", ("t", "m"), "holds")
    ]
    assert all("x" not in r.inputs for r in run_all(figures))
    assert [d.kind for d in derive_figures(figures)] == ["share"]  # imports' share of turnover
    assert all("x" not in d.inputs for d in derive_figures(figures))


def run_all(figures):
    from tradebriefs.facts.checks import run_checks

    return run_checks(figures, [], derive_figures(figures))


def test_a_yuan_figure_beside_a_dollar_one_has_its_own_change_checked_in_yuan():
    """'1.74 trillion yuan, +2.9% in yuan terms' beside '$244.8 billion, +1.9%': each change is checked
    against the prior year's figure in its own currency, and the two are never compared."""
    figures = [
        fig("usd", "turnover", "244.81", "2024", change="1.9"),
        fig("usd-prior", "turnover", "240.11", "2023"),
        fig("cny", "turnover", "1.74", "2024", change="2.9", unit="CNY trillion"),
        fig("cny-prior", "turnover", "1.69", "2023", unit="CNY trillion"),
    ]
    growth = {r.id: (r.inputs, r.outcome) for r in check_growth(figures)}
    # 244.81 / 240.11 − 1 = 1.96%: the customs' +1.9% rests on a revised 2023 base, a warning as before.
    assert growth == {
        "growth-usd": (("usd", "usd-prior"), "warning"),
        "growth-cny": (("cny", "cny-prior"), "holds"),
    }


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
    from tradebriefs.facts.checks import check_revisions, run_checks

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
    from tradebriefs.facts.checks import check_change_sizes

    [warning] = check_change_sizes([fig("x", "exports", "110.97", change="1000000")])
    assert warning.outcome == "warning" and "more than 1,000%" in warning.message
    assert [
        d for d in derive_figures([fig("x", "exports", "0", change="-100")]) if d.kind == "implied"
    ] == []


def test_a_failing_check_on_a_derived_figure_is_placed_at_its_reported_input():
    from tradebriefs.facts.checks import CheckResult

    result = CheckResult(
        "implied-x", "implied", "t", ("derived-implied-x-prior", "x"), "a", "warning", "m"
    )
    [finding] = findings_of([result], {"x": Place("data/facts/t.yaml", 7, 5)})
    assert str(finding).startswith("data/facts/t.yaml:7:5: warning: implied: m")


# Revisions: the change in percent keeps its direction, whatever the sign of the base.


@pytest.mark.parametrize(
    "old, new, percent",
    [
        ("-20.00", "-25.00", "−25.00%"),  # a deficit that grew: down 25%
        ("-20.00", "-15.00", "25.00%"),  # a deficit that shrank: up 25%
        ("20.00", "25.00", "25.00%"),
        ("20.00", "15.00", "−25.00%"),
    ],
)
def test_a_revision_s_percentage_is_over_the_size_of_its_base(old, new, percent):
    """(new − old) / |old|: a revision of a negative balance keeps the sign of new − old."""
    from tradebriefs.facts.checks import check_revisions

    base, revision = fig("b", "balance", old), fig("b2", "balance", new, revises="b")
    [result] = check_revisions([base, revision])
    assert result.arithmetic == f"{old.replace('-', '−')} → {new.replace('-', '−')}: {percent}"


# Growth: a gap of up to GROWTH_WARNING_POINTS (1.0) is a warning, beyond it an error.


@pytest.mark.parametrize(
    "value, change, outcome",
    [
        ("124.6237", "26.3", "warning"),  # computed at most 25.25%: a gap of exactly 1.00 point
        ("124.6236", "26.3", "error"),  # a gap of 1.00005 points
        ("124.6237", "26.4", "error"),  # a gap of 1.10 points
        ("124.6237", "25.31", "warning"),  # a gap of 0.055 points
        ("124.6237", "25.3", "holds"),  # 25.25 at least: where the computed rate ends
    ],
)
def test_a_growth_gap_of_up_to_one_point_is_a_warning(value, change, outcome):
    """124.6237 against 100 (99.5 at least) is at most 25.25% growth: 26.3% stated (26.25 at least) is 1.0 off."""
    prior = fig("p", "turnover", "100", "2022")
    [result] = check_growth([fig("t", "turnover", value, change=change), prior])
    assert result.outcome == outcome


def test_a_growth_warning_names_the_gap_and_the_allowance():
    """The warning says by how much the rates differ and how much revised data can explain."""
    prior = fig("p", "turnover", "100", "2022")
    [result] = check_growth([fig("t", "turnover", "124.6237", change="26.3"), prior])
    assert result.message.endswith(
        "differs by 1.00 points (revised prior-year data can explain up to 1.0)"
    )


@pytest.mark.parametrize(
    "change, warned",
    [("1000", False), ("1000.0", False), ("1000.1", True), ("1001", True), ("999.9", False)],
)
def test_a_change_of_more_than_1000_percent_is_a_warning(change, warned):
    """Above +1,000% a stated change is shown to a person; 1,000% itself is not."""
    from tradebriefs.facts.checks import check_change_sizes

    results = check_change_sizes([fig("x", "exports", "110.97", change=change)])
    assert [r.outcome for r in results] == (["warning"] if warned else [])


# Ranks: figures that tie within their rounding never contradict a rank.


@pytest.mark.parametrize(
    "usa, outcome",
    [
        ("240.1", "holds"),  # 240.05 to 240.15 reaches 240.11
        ("240.10", "holds"),  # at most 240.105: exactly where 240.11 (240.105 at least) starts
        ("240.09", "error"),  # at most 240.095: smaller, yet ranked above
    ],
)
def test_a_partner_ranked_above_may_tie_within_rounding(usa, outcome):
    """A partner ranked above is wrong only when even its largest reading is below the smallest of ours."""
    result = check_ranks([rank()], [SEED[0], fig("us", "turnover", usa, partner="USA")])
    assert [r.outcome for r in result] == [outcome]


@pytest.mark.parametrize(
    "deu, outcome",
    [
        ("240.12", "holds"),  # at least 240.115: exactly where 240.11 (240.115 at most) ends
        ("240.1", "holds"),  # 240.05 to 240.15 reaches 240.11
        ("240.13", "error"),  # at least 240.125: larger, yet not ranked above
    ],
)
def test_a_partner_not_ranked_above_may_tie_within_rounding(deu, outcome):
    """A partner not ranked above is wrong only when even its smallest reading is above the largest of ours."""
    result = check_ranks([rank()], [SEED[0], fig("de", "turnover", deu, partner="DEU")])
    assert [r.outcome for r in result] == [outcome]


# Each check's result exactly as the checks pages show it: id, title, inputs, arithmetic, outcome, message.


def at(line: int, ident: str, flow: str, value: str, *args, **kwargs) -> Figure:
    """A figure written at `line` of data/facts/t.yaml."""
    return dataclasses.replace(
        fig(ident, flow, value, *args, **kwargs), loc=Place("data/facts/t.yaml", line, 5)
    )


def shown(result) -> tuple:
    return (
        result.id,
        str(result.kind),
        str(result.title),
        result.inputs,
        result.arithmetic,
        str(result.outcome),
        result.message,
    )


@pytest.mark.parametrize(
    "turnover, outcome, arithmetic, verdict",
    [
        (
            "240.11",
            "holds",
            "110.97 + 129.14 = 240.11 (within rounding: 240.09 to 240.13); turnover stated 240.11 "
            "(240.105 to 240.115)",
            "holds exactly",
        ),
        (
            "240.1",
            "holds",
            "110.97 + 129.14 = 240.11 (within rounding: 240.09 to 240.13); turnover stated 240.1 "
            "(240.05 to 240.15)",
            "holds within rounding",
        ),
        (
            "240.2",
            "error",
            "110.97 + 129.14 = 240.11 (within rounding: 240.09 to 240.13); turnover stated 240.2 "
            "(240.15 to 240.25)",
            "does not hold: 240.11 against 240.2",
        ),
    ],
)
def test_a_sum_shows_its_arithmetic_and_says_how_it_holds(turnover, outcome, arithmetic, verdict):
    """Exports 'about' 110.97 plus imports 129.14, against the stated turnover, within rounding."""
    figures = [
        at(1, "t", "turnover", turnover),
        at(2, "x", "exports", "110.97", "2023", "about"),
        at(3, "m", "imports", "129.14"),
    ]
    assert [shown(r) for r in check_sums(figures)] == [
        (
            "sum-chn-rus-2023",
            "sum",
            "Turnover = exports + imports: China–Russia, 2023",
            ("t", "x", "m"),
            arithmetic,
            outcome,
            "turnover t (data/facts/t.yaml:1) = exports x (data/facts/t.yaml:2) + imports m "
            f"(data/facts/t.yaml:3): {verdict}",
        )
    ]


def test_a_sum_in_two_scales_is_done_in_the_finer_and_says_so():
    """Billions are converted to millions exactly, the original shown beside, the unit named."""
    figures = [
        at(1, "t", "turnover", "240110", unit="USD million"),
        at(2, "x", "exports", "110.97"),
        at(3, "m", "imports", "129150", unit="USD million"),
    ]
    [result] = check_sums(figures)
    assert result.arithmetic == (
        "110,970 (110.97 USD billion) + 129,150 = 240,120 (within rounding: 240114.5 to 240125.5); "
        "turnover stated 240,110 (240109.5 to 240110.5) [in USD million]"
    )
    assert result.message.endswith("does not hold: 240,120 against 240,110 [in USD million]")


@pytest.mark.parametrize(
    "balance, outcome, verdict",
    [("-18.17", "holds", "holds"), ("-18.5", "error", "does not hold: −18.17 against −18.5")],
)
def test_a_stated_balance_is_checked_against_exports_minus_imports(balance, outcome, verdict):
    """A balance stated beside both flows: its own check, with the subtraction shown."""
    figures = [
        at(1, "x", "exports", "110.97"),
        at(2, "m", "imports", "129.14"),
        at(3, "b", "balance", balance),
    ]
    assert [shown(r) for r in check_sums(figures)] == [
        (
            "balance-chn-rus-2023",
            "sum",
            "Balance = exports − imports: China–Russia, 2023",
            ("b", "x", "m"),
            f"110.97 − 129.14 = −18.17; balance stated {balance.replace('-', '−')}",
            outcome,
            "balance b (data/facts/t.yaml:3) = exports x (data/facts/t.yaml:1) − imports m "
            f"(data/facts/t.yaml:2): {verdict}",
        )
    ]


def test_a_balance_in_another_scale_names_the_unit_compared_in():
    """−18,170 USD million against flows in billions: converted, and said."""
    figures = [
        at(1, "x", "exports", "110.97"),
        at(2, "m", "imports", "129.14"),
        at(3, "b", "balance", "-18170", unit="USD million"),
    ]
    [result] = check_sums(figures)
    assert result.outcome == "holds"
    assert result.arithmetic == (
        "110,970 (110.97 USD billion) − 129,140 (129.14 USD billion) = −18,170; balance stated "
        "−18,170 [in USD million]"
    )


@pytest.mark.parametrize(
    "flow, value, turnover, outcome, verdict",
    [
        (
            "exports",
            "110.97",
            "100",
            "error",
            "does not hold: turnover 100 is smaller than exports 110.97",
        ),
        ("imports", "129.14", "240.11", "holds", "holds"),
        (
            "exports",
            "100.4",
            "100",
            "holds",
            "holds",
        ),  # 100.35 at least, 100.5 at most: may be equal
        (
            "exports",
            "100.6",
            "100",
            "error",
            "does not hold: turnover 100 is smaller than exports 100.6",
        ),
    ],
)
def test_a_turnover_with_one_flow_is_at_least_that_flow(flow, value, turnover, outcome, verdict):
    """Without the other flow there is no sum, but the turnover cannot be smaller than what it includes."""
    figures = [at(1, "t", "turnover", turnover), at(2, flow[0], flow, value)]
    assert [shown(r) for r in check_sums(figures)] == [
        (
            f"part-chn-rus-2023-{flow}",
            "sum",
            f"Turnover at least {flow}: China–Russia, 2023",
            ("t", flow[0]),
            f"{flow} {value} ≤ turnover {turnover}",
            outcome,
            f"turnover t (data/facts/t.yaml:1) includes {flow} {flow[0]} (data/facts/t.yaml:2): {verdict}",
        )
    ]


def test_no_sum_of_figures_in_two_currencies_and_no_part_check_without_a_turnover():
    """Nothing adds across currencies; exports and imports alone have nothing to add up to."""
    dollars_and_euros = [
        at(1, "t", "turnover", "1"),
        at(2, "x", "exports", "1", unit="EUR billion"),
    ]
    assert check_sums(dollars_and_euros) == []
    assert check_sums([at(1, "x", "exports", "1"), at(2, "m", "imports", "1")]) == []


@pytest.mark.parametrize(
    "prior, outcome, arithmetic, verdict",
    [
        (
            "190.11",
            "holds",
            "240.11 / 190.11 − 1 = 26.30% (26.29 to 26.31 within rounding); stated 26.3% (26.25 to 26.35)",
            "holds",
        ),
        (
            "190.3",
            "warning",
            "240.11 / 190.3 − 1 = 26.17% (26.14 to 26.21 within rounding); stated 26.3% (26.25 to 26.35)",
            "differs by 0.04 points (revised prior-year data can explain up to 1.0)",
        ),
        (
            "150",
            "error",
            "240.11 / 150 − 1 = 60.07% (59.54 to 60.61 within rounding); stated 26.3% (26.25 to 26.35)",
            "does not hold: computed 60.07% against stated 26.3%",
        ),
    ],
)
def test_a_stated_growth_is_checked_against_the_prior_year(prior, outcome, arithmetic, verdict):
    """The growth the two values give, within their rounding, against the change stated."""
    figures = [
        at(1, "t", "turnover", "240.11", change="26.3"),
        at(2, "p", "turnover", prior, "2022"),
    ]
    assert [shown(r) for r in check_growth(figures)] == [
        (
            "growth-t",
            "growth",
            "Growth against 2022: t",
            ("t", "p"),
            arithmetic,
            outcome,
            f"change of t (data/facts/t.yaml:1) against p (data/facts/t.yaml:2): {verdict}",
        )
    ]


def test_growth_is_measured_in_the_figures_own_currency_only():
    """A change in dollars is measured against last year's dollars: a euro figure of last year is another
    currency's series, never its base; the dollar prior is then implied from the change."""
    figures = [
        at(1, "t", "turnover", "240.11", change="26.3"),
        at(2, "p", "turnover", "190", "2022", unit="EUR billion"),
    ]
    assert check_growth(figures) == []
    [implied] = [d for d in derive_figures(figures) if d.kind == "implied"]
    assert (implied.inputs, str(implied.unit), implied.period.text) == (
        ("t",),
        "USD billion",
        "2022",
    )


def test_growth_is_checked_only_with_a_change_a_prior_year_and_a_flow_that_grows():
    """No change, no prior figure, a balance, or a prior 'under' a value (no ratio): nothing to check."""
    prior = at(2, "p", "turnover", "190", "2022")
    assert check_growth([at(1, "t", "turnover", "240.11"), prior]) == []
    assert check_growth([at(1, "t", "turnover", "240.11", change="26.3")]) == []
    assert (
        check_growth([at(1, "t", "turnover", "240.11", change="26.3", period="2023-Q1"), prior])
        == []
    )
    balance = at(3, "b", "balance", "-1", change="5")
    assert check_growth([balance, at(4, "b0", "balance", "-2", "2022")]) == []
    under = at(5, "u", "turnover", "190", "2022", "under")
    assert check_growth([at(1, "t", "turnover", "240.11", change="26.3"), under]) == []


def test_a_huge_change_is_a_warning_naming_the_figure_and_the_threshold():
    """Above 1,000%: shown to a person, with the figure's place."""
    from tradebriefs.facts.checks import check_change_sizes

    figures = [at(7, "x", "exports", "110.97", change="1000.5"), at(8, "y", "imports", "1")]
    assert [shown(r) for r in check_change_sizes(figures)] == [
        (
            "change-x",
            "change",
            "Size of the change: x",
            ("x",),
            "stated change 1,000.5%",
            "warning",
            "change of x (data/facts/t.yaml:7) is 1,000.5%, more than 1,000%: check it against the "
            "source (a misplaced decimal point?)",
        )
    ]


@pytest.mark.parametrize(
    "imports_change, outcome, imports, verdict",
    [
        ("12.7", "holds", "114.53 to 114.64", "agree"),
        ("2.7", "warning", "125.68 to 125.81", "disagree by 10.99"),
    ],
)
def test_implied_prior_flows_are_summed_against_the_implied_prior_turnover(
    imports_change, outcome, imports, verdict
):
    """Last year's exports and imports implied by their changes add up to last year's implied turnover."""
    figures = [
        at(1, "t", "turnover", "240.11", change="26.3"),
        at(2, "x", "exports", "110.97", "2023", "about", "46.9"),
        at(3, "m", "imports", "129.14", change=imports_change),
    ]
    total = {"12.7": "190.04 to 190.22", "2.7": "201.18 to 201.39"}[imports_change]
    assert [shown(r) for r in check_implied(derive_figures(figures))] == [
        (
            "implied-chn-rus-2022",
            "implied",
            "Implied 2022 turnover = implied exports + imports: China–Russia",
            ("derived-implied-t-prior", "derived-implied-x-prior", "derived-implied-m-prior"),
            f"implied exports 75.51 to 75.58 + implied imports {imports} = {total}; implied turnover "
            "190.03 to 190.19",
            outcome,
            f"implied 2022 values of t, x, m: {verdict}",
        )
    ]


def test_implied_flows_without_an_implied_turnover_are_not_summed():
    """Exports and imports with changes, but no turnover with one: nothing to compare."""
    figures = [
        at(1, "t", "turnover", "240.11"),
        at(2, "x", "exports", "110.97", change="46.9"),
        at(3, "m", "imports", "129.14", change="12.7"),
    ]
    assert check_implied(derive_figures(figures)) == []


@pytest.mark.parametrize(
    "figures, arithmetic, why",
    [
        ([], "no turnover figures of CHN for RUS, USA, JPN, KOR in 2023", "no figures to compare"),
        (
            [("t", "RUS", "240.11", "USD")],
            "no turnover figures of CHN for USA, JPN, KOR in 2023",
            "no figures to compare",
        ),
        (
            [("us", "USA", "300", "USD")],
            "no turnover figures of CHN for RUS, JPN, KOR in 2023",
            "no figures to compare",
        ),
        (
            [("t", "RUS", "240.11", "USD"), ("us", "USA", "300", "EUR")],
            "the partners' figures are in different currencies",
            "the partners' figures are in different currencies",
        ),
    ],
)
def test_a_rank_without_figures_to_compare_is_not_run_and_says_why(figures, arithmetic, why):
    """No figure of the ranked partner, none of another, or figures in two currencies."""
    partners = [
        at(10 + i, ident, "turnover", value, partner=partner, unit=f"{currency} billion")
        for i, (ident, partner, value, currency) in enumerate(figures)
    ]
    assert [shown(r) for r in check_ranks([rank()], partners)] == [
        (
            "rank-r",
            "rank",
            "Rank: Russia among China's partners, 2023",
            ("r",),
            arithmetic,
            "not run",
            f"rank r (data/facts/t.yaml:1): not run, {why}",
        )
    ]


def test_a_rank_lists_every_partner_s_figure_and_each_contradiction():
    """Partners by code; one ranked above but smaller, one larger but not ranked above."""
    figures = [
        at(1, "t", "turnover", "240.11"),
        at(2, "us", "turnover", "200", partner="USA"),
        at(3, "de", "turnover", "300", partner="DEU"),
        at(4, "jp", "turnover", "250", partner="JPN"),
        at(5, "old", "turnover", "1", partner="KOR", period="2022"),
        at(6, "ex", "exports", "900", partner="KOR"),
    ]
    assert [shown(r) for r in check_ranks([rank()], figures)] == [
        (
            "rank-r",
            "rank",
            "Rank: Russia among China's partners, 2023",
            ("r", "t", "de", "jp", "us"),
            "DEU: 300; JPN: 250; RUS: 240.11; USA: 200",
            "error",
            "rank r (data/facts/t.yaml:1): de (data/facts/t.yaml:3) is larger (300 > 240.11) but not "
            "ranked above; us (data/facts/t.yaml:2) is ranked above but smaller (200 < 240.11)",
        )
    ]


def test_a_rank_that_holds_says_so():
    """Every partner ranked above is larger, every other one smaller."""
    figures = [
        at(1, "t", "turnover", "240.11"),
        at(2, "us", "turnover", "300", partner="USA"),
        at(3, "de", "turnover", "100", partner="DEU"),
    ]
    [result] = check_ranks([rank()], figures)
    assert (str(result.outcome), result.message) == ("holds", "rank r (data/facts/t.yaml:1): holds")


@pytest.mark.parametrize(
    "value, outcome, verdict",
    [
        ("250", "error", "250 exceeds the year's 240.11"),
        ("240.12", "holds", "holds"),  # 240.115 at least, the year 240.115 at most: may be equal
        ("240.13", "error", "240.13 exceeds the year's 240.11"),
    ],
)
def test_a_part_of_a_year_cannot_exceed_the_year(value, outcome, verdict):
    """January–September against the whole year, same reporter, partner and flow, within rounding."""
    figures = [at(1, "t", "turnover", "240.11"), at(2, "p", "turnover", value, "2023-01/2023-09")]
    assert [shown(r) for r in check_periods(figures)] == [
        (
            "period-p",
            "period",
            "Part of a year within the year: p",
            ("p", "t"),
            f"January–September 2023: {value} ≤ 2023: 240.11",
            outcome,
            f"p (data/facts/t.yaml:2) within the full year t (data/facts/t.yaml:1): {verdict}",
        )
    ]


def test_parts_are_compared_only_with_their_own_year_flow_and_currency():
    """Another year, a span across years, a balance, another currency or no year: nothing to compare."""
    year = at(1, "t", "turnover", "240.11")
    others = [
        at(2, "a", "turnover", "999", "2024-Q1"),
        at(3, "b", "turnover", "999", "2022-12/2023-02"),
        at(4, "c", "exports", "999", "2023-Q1"),
        at(5, "d", "turnover", "999", "2023-Q2", unit="EUR billion"),
    ]
    assert check_periods([year, *others]) == []
    balances = [at(6, "e", "balance", "-1"), at(7, "f", "balance", "-999", "2023-Q1")]
    assert check_periods(balances) == []


def test_a_mirror_shows_the_gap_between_both_sides_reports_in_percent():
    """China's exports against Russia's imports from China: information, never an error."""
    figures = [
        at(1, "x", "exports", "110.97"),
        at(2, "ru-imp", "imports", "100", reporter="RUS", partner="CHN"),
    ]
    assert [shown(r) for r in check_mirrors(figures)] == [
        (
            "mirror-x-ru-imp",
            "mirror",
            "Mirror: x against ru-imp",
            ("x", "ru-imp"),
            "(110.97 − 100) / 100 × 100 = 11.0%",
            "info",
            "x (data/facts/t.yaml:1) against its mirror ru-imp (data/facts/t.yaml:2): gap 11.0%; "
            "ru-imp's imports (CIF) against x's exports (FOB): −9.9%, outside the CIF/FOB band of 0% "
            "to 10%",
        )
    ]


def test_an_importers_cif_figure_a_few_percent_above_the_exporters_is_within_the_band():
    """Russia's 2011 imports from China, $48.2 bn, against China's exports of $38.9 bn: 23.9% above, outside
    the usual CIF/FOB margin; 41 against 38.9 is within it."""
    china = at(1, "x", "exports", "38.9", "2011")
    far = at(2, "m", "imports", "48.2", "2011", reporter="RUS", partner="CHN")
    near = at(3, "m", "imports", "41", "2011", reporter="RUS", partner="CHN")
    assert check_mirrors([china, far])[0].message.endswith(
        "23.9%, outside the CIF/FOB band of 0% to 10%"
    )
    assert check_mirrors([china, near])[0].message.endswith(
        "5.4%, within the CIF/FOB band of 0% to 10%"
    )
    assert check_mirrors([china, near], band=(Decimal(6), Decimal(8)))[0].message.endswith(
        "5.4%, outside the CIF/FOB band of 6% to 8%"
    )


def test_mirrors_pair_turnovers_and_are_listed_once():
    """Two turnovers mirror each other; the pair is listed once, from the first reporter."""
    figures = [
        at(1, "t", "turnover", "240.11"),
        at(2, "r", "turnover", "220", reporter="RUS", partner="CHN"),
    ]
    [result] = check_mirrors(figures)
    assert (result.id, result.arithmetic) == (
        "mirror-t-r",
        "(240.11 − 220) / 220 × 100 = 9.1%",
    )


def test_no_mirror_of_a_balance_of_another_currency_or_of_zero():
    """A balance has no mirror flow; euros and a zero base give no percentage."""
    assert (
        check_mirrors(
            [at(1, "b", "balance", "-1"), at(2, "c", "balance", "1", reporter="RUS", partner="CHN")]
        )
        == []
    )
    euros = at(2, "m", "imports", "100", reporter="RUS", partner="CHN", unit="EUR billion")
    assert check_mirrors([at(1, "x", "exports", "110.97"), euros]) == []
    zero = at(2, "m", "imports", "0", reporter="RUS", partner="CHN")
    assert check_mirrors([at(1, "x", "exports", "110.97"), zero]) == []


def test_a_revision_and_an_alternative_are_shown_against_what_they_replace():
    """Old → new with the change in percent, in the finer scale when the two differ."""
    from tradebriefs.facts.checks import check_revisions

    figures = [
        at(1, "m", "imports", "129.24"),
        at(2, "m2", "imports", "129.14", revises="m"),
        at(3, "m3", "imports", "129140", unit="USD million", alternative_to="m"),
    ]
    assert [shown(r) for r in check_revisions(figures)] == [
        (
            "revision-m2",
            "revision",
            "Revises: m2 and m",
            ("m2", "m"),
            "129.24 → 129.14: −0.08%",
            "info",
            "m2 (data/facts/t.yaml:2) revises m (data/facts/t.yaml:1) (129.24 → 129.14: −0.08%)",
        ),
        (
            "alternative-m3",
            "alternative",
            "Is another source's figure for: m3 and m",
            ("m3", "m"),
            "129,240 (129.24 USD billion) → 129,140: −0.08%",
            "info",
            "m3 (data/facts/t.yaml:3) is another source's figure for m (data/facts/t.yaml:1) "
            "(129,240 (129.24 USD billion) → 129,140: −0.08%)",
        ),
    ]


def test_a_revision_of_zero_or_across_currencies_has_no_percentage():
    """Old → new with units, and no percentage: there is no base to divide by."""
    from tradebriefs.facts.checks import check_revisions

    figures = [
        at(1, "m", "imports", "0"),
        at(2, "m2", "imports", "1", revises="m"),
        at(3, "m3", "imports", "1", unit="EUR billion", alternative_to="m"),
        at(4, "m4", "imports", "1", revises="gone"),
    ]
    assert [(r.id, r.arithmetic, r.message) for r in check_revisions(figures)] == [
        (
            "revision-m2",
            "0 USD billion → 1 USD billion",
            "m2 (data/facts/t.yaml:2) revises m (data/facts/t.yaml:1)",
        ),
        (
            "alternative-m3",
            "0 USD billion → 1 EUR billion",
            "m3 (data/facts/t.yaml:3) is another source's figure for m (data/facts/t.yaml:1)",
        ),
    ]


def test_run_checks_runs_every_check_on_the_figures_each_should_see():
    """Revised and alternative figures are left out of the sums, but their change sizes and
    revisions are still checked."""
    from tradebriefs.facts.checks import run_checks

    figures = [
        at(1, "t", "turnover", "240.11", change="26.3"),
        at(2, "x", "exports", "110.97", "2023", "about", "46.9"),
        at(3, "m", "imports", "129.24", change="5000"),
        at(4, "m2", "imports", "129.14", change="12.7", revises="m"),
        at(5, "t22", "turnover", "190.11", "2022"),
        at(6, "p", "turnover", "100", "2023-Q1"),
        at(7, "ru", "imports", "100", reporter="RUS", partner="CHN"),
    ]
    ranks = [dataclasses.replace(rank(above=()), rank=1)]
    results = run_checks(figures, ranks, derive_figures(figures))
    assert [r.id for r in results] == [
        "sum-chn-rus-2023",
        "growth-t",
        "change-m",
        "rank-r",
        "period-p",
        "mirror-x-ru",
        "revision-m2",
    ]
    assert [str(r.outcome) for r in results] == [
        "holds",
        "holds",
        "warning",
        "not run",
        "holds",
        "info",
        "info",
    ]


def test_findings_are_the_warnings_and_errors_placed_at_their_first_placed_input():
    """Holds, info and not run are no findings; each finding names its kind, message and arithmetic."""
    from tradebriefs.facts.checks import CheckResult

    results = [
        CheckResult("a", "sum", "t", ("x",), "1 + 1 = 2", "holds", "holds"),
        CheckResult("b", "mirror", "t", ("x",), "a", "info", "gap"),
        CheckResult("c", "rank", "t", ("x",), "a", "not run", "not run"),
        CheckResult("d", "sum", "t", ("nowhere", "x"), "1 + 1 = 3", "error", "does not hold"),
        CheckResult("e", "change", "t", ("nowhere",), "big", "warning", "check it"),
    ]
    places = {"x": Place("data/facts/t.yaml", 7, 5)}
    findings = findings_of(results, places)
    assert [(str(f), f.severity, f.check) for f in findings] == [
        ("data/facts/t.yaml:7:5: error: sum: does not hold; 1 + 1 = 3", "error", "d"),
        ("None: warning: change: check it; big", "warning", "e"),
    ]


def test_a_check_result_takes_its_kind_and_outcome_as_text_and_refuses_a_typo():
    """'sum' and 'holds' become the members; 'summ' fails at once."""
    from tradebriefs.facts.checks import CheckResult, Outcome, Rule

    result = CheckResult("a", "sum", "t", (), "", "holds", "")
    assert (result.kind, result.outcome) == (Rule.SUM, Outcome.HOLDS)
    with pytest.raises(ValueError):
        CheckResult("a", "summ", "t", (), "", "holds", "")


# Scales: a check compares in the finest scale of its figures and says so whenever any one was converted.


@pytest.mark.parametrize("coarse", ["t", "x", "m"])
def test_a_sum_says_it_converted_whichever_figure_was_in_the_coarser_scale(coarse):
    """One figure in billions, the others in millions: the sum is done and shown in millions."""
    values = {"t": "240200", "x": "110970", "m": "129140"}  # a turnover 90 million too large
    billions = {"t": "240.2", "x": "110.97", "m": "129.14"}
    flows = {"t": "turnover", "x": "exports", "m": "imports"}
    figures = [
        at(
            i,
            k,
            flows[k],
            billions[k] if k == coarse else values[k],
            unit=f"USD {'billion' if k == coarse else 'million'}",
        )
        for i, k in enumerate(("t", "x", "m"), start=1)
    ]
    [result] = check_sums(figures)
    assert result.arithmetic.endswith(" [in USD million]")
    assert result.message.endswith("does not hold: 240,110 against 240,200 [in USD million]")


@pytest.mark.parametrize("coarse", ["b", "x", "m"])
def test_a_balance_says_it_converted_whichever_figure_was_in_the_coarser_scale(coarse):
    """One figure in billions, the others in millions: compared in millions, and said."""
    values = {"b": "-18170", "x": "110970", "m": "129140"}
    billions = {"b": "-18.17", "x": "110.97", "m": "129.14"}
    flows = {"b": "balance", "x": "exports", "m": "imports"}
    figures = [
        at(
            i,
            k,
            flows[k],
            billions[k] if k == coarse else values[k],
            unit=f"USD {'billion' if k == coarse else 'million'}",
        )
        for i, k in enumerate(("x", "m", "b"), start=1)
    ]
    [result] = check_sums(figures)
    assert result.outcome == "holds"
    assert result.arithmetic.startswith("110,970 ") and result.arithmetic.endswith(
        " [in USD million]"
    )


@pytest.mark.parametrize(
    "turnover, exports, arithmetic",
    [
        (
            ("240110", "million"),
            ("110.97", "billion"),
            "exports 110,970 (110.97 USD billion) ≤ turnover 240,110 [in USD million]",
        ),
        (
            ("240.11", "billion"),
            ("110970", "million"),
            "exports 110,970 ≤ turnover 240,110 (240.11 USD billion) [in USD million]",
        ),
    ],
)
def test_a_turnover_with_one_flow_says_it_converted_either(turnover, exports, arithmetic):
    """The turnover or the flow in the coarser scale: compared in the finer, and said."""
    figures = [
        at(1, "t", "turnover", turnover[0], unit=f"USD {turnover[1]}"),
        at(2, "x", "exports", exports[0], unit=f"USD {exports[1]}"),
    ]
    [result] = check_sums(figures)
    assert result.arithmetic == arithmetic


def test_a_sum_is_shown_in_the_turnover_s_finer_scale_when_both_flows_are_coarser():
    """Turnover in millions, flows in billions: the flows are converted, not the turnover."""
    figures = [
        at(1, "t", "turnover", "240110", unit="USD million"),
        at(2, "x", "exports", "110.97"),
        at(3, "m", "imports", "129.14"),
    ]
    [result] = check_sums(figures)
    assert result.arithmetic == (
        "110,970 (110.97 USD billion) + 129,140 (129.14 USD billion) = 240,110 (within rounding: "
        "240100 to 240120); turnover stated 240,110 (240109.5 to 240110.5) [in USD million]"
    )


def test_a_balance_is_shown_in_the_balance_s_finer_scale_when_both_flows_are_coarser():
    """Balance in millions, flows in billions: the flows are converted."""
    figures = [
        at(1, "x", "exports", "110.97"),
        at(2, "m", "imports", "129.14"),
        at(3, "b", "balance", "-18170", unit="USD million"),
    ]
    [result] = check_sums(figures)
    assert result.arithmetic == (
        "110,970 (110.97 USD billion) − 129,140 (129.14 USD billion) = −18,170; balance stated "
        "−18,170 [in USD million]"
    )


@pytest.mark.parametrize("finest", ["t", "x", "m"])
def test_implied_priors_are_summed_in_the_finest_scale_and_say_so(finest):
    """Whichever implied figure is in millions, the sum is done in millions."""
    billions = {"t": ("240.11", "26.3"), "x": ("110.97", "46.9"), "m": ("129.14", "12.7")}
    millions = {"t": "240110", "x": "110970", "m": "129140"}
    flows = {"t": "turnover", "x": "exports", "m": "imports"}
    figures = [
        at(
            i,
            k,
            flows[k],
            millions[k] if k == finest else billions[k][0],
            "2023",
            "about" if k == "x" else "exact",
            billions[k][1],
            unit=f"USD {'million' if k == finest else 'billion'}",
        )
        for i, k in enumerate(("t", "x", "m"), start=1)
    ]
    [result] = check_implied(derive_figures(figures))
    assert result.outcome == "holds"
    assert result.arithmetic.startswith("implied exports 75")
    assert result.arithmetic.endswith(" [in USD million]")


def test_a_balance_without_imports_is_not_checked():
    """Exports and a balance, no imports: nothing to subtract."""
    assert check_sums([at(1, "x", "exports", "110.97"), at(2, "b", "balance", "-18.17")]) == []


@pytest.mark.parametrize(
    "exports, outcome",
    [
        ("101", "holds"),
        ("102", "error"),
    ],  # 101 is 100.5 at least: the turnover 100 is 100.5 at most
)
def test_a_flow_that_may_equal_the_turnover_holds(exports, outcome):
    """The turnover's largest reading meeting the flow's smallest is no contradiction."""
    [result] = check_sums([at(1, "t", "turnover", "100"), at(2, "x", "exports", exports)])
    assert result.outcome == outcome


def test_a_stated_change_with_three_decimals_shows_its_interval_to_two_places():
    """26.305% is 26.3045 to 26.3055: shown as 26.3 to 26.31."""
    figures = [
        at(1, "t", "turnover", "240.11", change="26.305"),
        at(2, "p", "turnover", "190.11", "2022"),
    ]
    [result] = check_growth(figures)
    assert result.arithmetic.endswith("stated 26.305% (26.3 to 26.31)")


def test_a_balance_is_never_checked_for_growth_even_when_positive():
    """A balance can change sign: a change in percent of it means nothing."""
    figures = [at(1, "b", "balance", "10", change="5"), at(2, "b0", "balance", "9.5", "2022")]
    assert check_growth(figures) == []


def test_every_growth_that_can_be_checked_is_listed_by_id():
    """Two figures with a change and a prior year: two results, by id."""
    figures = [
        at(1, "x", "exports", "110.97", change="46.9"),
        at(2, "t", "turnover", "240.11", change="26.3"),
        at(3, "x22", "exports", "75.54", "2022"),
        at(4, "t22", "turnover", "190.11", "2022"),
    ]
    assert [(r.id, str(r.outcome)) for r in check_growth(figures)] == [
        ("growth-t", "holds"),
        ("growth-x", "holds"),
    ]


# Several pairs or records: each is checked, in a stable order, whatever the others are.


def test_every_pair_is_checked_whatever_the_pair_before_it():
    """A pair with one currency, then a pair with two: the second still gets its unit error; and a
    pair in two currencies does not stop the sums of the next."""
    figures = [
        at(1, "a", "turnover", "1", reporter="AUT"),
        at(2, "b", "turnover", "1", reporter="BEL"),
        at(3, "b2", "exports", "1", reporter="BEL", unit="EUR billion"),
        at(4, "c", "turnover", "3", reporter="CAN"),
        at(5, "c2", "exports", "1", reporter="CAN"),
        at(6, "c3", "imports", "2", reporter="CAN"),
    ]
    assert [r.id for r in check_sums(figures)] == ["sum-can-rus-2023"]


def test_implied_sums_are_listed_by_the_id_of_their_turnover_and_skip_mixed_currencies():
    """Two pairs whose implied figures can be summed, one whose cannot (two currencies): by id."""

    def pair(reporter, prefix, currency="USD"):
        return [
            at(1, f"{prefix}t", "turnover", "240.11", change="26.3", reporter=reporter),
            at(2, f"{prefix}x", "exports", "110.97", "2023", "about", "46.9", reporter=reporter),
            at(
                3,
                f"{prefix}m",
                "imports",
                "129.14",
                change="12.7",
                reporter=reporter,
                unit=f"{currency} billion",
            ),
        ]

    figures = [*pair("AUT", "z-"), *pair("BEL", "b-", "EUR"), *pair("CAN", "a-")]
    assert [r.id for r in check_implied(derive_figures(figures))] == [
        "implied-can-rus-2022",
        "implied-aut-rus-2022",
    ]


def test_implied_exports_without_implied_imports_are_not_summed():
    """A turnover and exports with changes, imports without one: nothing to add up."""
    figures = [
        at(1, "t", "turnover", "240.11", change="26.3"),
        at(2, "x", "exports", "110.97", change="46.9"),
        at(3, "m", "imports", "129.14"),
    ]
    assert check_implied(derive_figures(figures)) == []


def test_a_rank_whose_partner_has_no_figure_among_two_currencies_says_what_is_missing():
    """No figure of the ranked partner: 'no figures to compare', though the others' currencies differ."""
    figures = [
        at(1, "us", "turnover", "300", partner="USA"),
        at(2, "jp", "turnover", "250", partner="JPN", unit="EUR billion"),
    ]
    [result] = check_ranks([rank()], figures)
    assert (result.arithmetic, result.message) == (
        "no turnover figures of CHN for RUS, KOR in 2023",
        "rank r (data/facts/t.yaml:1): not run, no figures to compare",
    )


def test_every_part_of_a_year_is_checked_whatever_the_part_before_it():
    """A part in another currency than its year is skipped, the next part still checked."""
    figures = [
        at(1, "t", "turnover", "240.11"),
        at(2, "a", "turnover", "100", "2023-Q1", unit="EUR billion"),
        at(3, "b", "turnover", "100", "2023-Q2"),
    ]
    assert [r.id for r in check_periods(figures)] == ["period-b"]


def test_mirrors_are_listed_by_id_and_one_without_a_base_does_not_stop_the_next():
    """Two mirrored pairs by the id of the first figure; a zero base is skipped, not the end."""
    figures = [
        at(1, "b-x", "exports", "110.97", reporter="AUT", partner="BEL"),
        at(2, "b-m", "imports", "100", reporter="BEL", partner="AUT"),
        at(3, "a-x", "exports", "110.97", reporter="CAN", partner="DEU"),
        at(4, "a-m", "imports", "100", reporter="DEU", partner="CAN"),
        at(5, "0-x", "exports", "1", reporter="AUT", partner="ITA"),
        at(6, "0-m", "imports", "0", reporter="ITA", partner="AUT"),
    ]
    assert [r.id for r in check_mirrors(figures)] == ["mirror-a-x-a-m", "mirror-b-x-b-m"]


@pytest.mark.parametrize(
    "base, revision, arithmetic",
    [
        (("1", "USD billion"), ("2", "EUR billion"), "1 USD billion → 2 EUR billion"),
        (("1500", "USD million"), ("1.6", "USD billion"), "1,500 → 1,600 (1.6 USD billion): 6.67%"),
    ],
)
def test_a_revision_is_compared_in_its_base_s_currency_and_the_finer_scale(
    base, revision, arithmetic
):
    """Across currencies no percentage; across scales, in the finer one."""
    from tradebriefs.facts.checks import check_revisions

    figures = [
        at(1, "m", "imports", base[0], unit=base[1]),
        at(2, "m2", "imports", revision[0], unit=revision[1], revises="m"),
    ]
    [result] = check_revisions(figures)
    assert result.arithmetic == arithmetic


@pytest.mark.parametrize("finest", ["x", "m"])
def test_a_sum_and_a_balance_are_done_in_the_scale_of_whichever_flow_is_finest(finest):
    """Exports or imports alone in millions: the sum and the balance are done in millions."""
    values = {"x": ("110.97", "110970"), "m": ("129.14", "129140")}

    def flow(line, ident, name):
        billions, millions = values[ident]
        unit = "USD million" if ident == finest else "USD billion"
        return at(line, ident, name, millions if ident == finest else billions, unit=unit)

    figures = [
        at(1, "t", "turnover", "240.11"),
        flow(2, "x", "exports"),
        flow(3, "m", "imports"),
        at(4, "b", "balance", "-18.17"),
    ]
    results = check_sums(figures)
    assert [r.id for r in results] == ["sum-chn-rus-2023", "balance-chn-rus-2023"]
    assert results[0].arithmetic.startswith("110,970 ") and " = 240,110 " in results[0].arithmetic
    assert results[1].arithmetic.startswith("110,970 ") and " = −18,170; " in results[1].arithmetic


@pytest.mark.parametrize("coarse", ["t", "x", "m"])
def test_implied_priors_say_they_converted_whichever_one_was_coarser(coarse):
    """Two implied figures in millions, one in billions: compared in millions, and said."""
    billions = {"t": ("240.11", "26.3"), "x": ("110.97", "46.9"), "m": ("129.14", "12.7")}
    millions = {"t": "240110", "x": "110970", "m": "129140"}
    flows = {"t": "turnover", "x": "exports", "m": "imports"}
    figures = [
        at(
            i,
            k,
            flows[k],
            billions[k][0] if k == coarse else millions[k],
            "2023",
            "about" if k == "x" else "exact",
            billions[k][1],
            unit=f"USD {'billion' if k == coarse else 'million'}",
        )
        for i, k in enumerate(("t", "x", "m"), start=1)
    ]
    [result] = check_implied(derive_figures(figures))
    assert result.arithmetic.endswith(" [in USD million]")


def test_a_rank_that_cannot_be_checked_does_not_stop_the_next():
    """Ranks come by id, whatever order they are given in; one not run, the next still checked."""
    later = dataclasses.replace(rank(), id="z-rank", partner="DEU", above=("USA", "JPN", "KOR"))
    figures = [
        at(1, "de", "turnover", "100", partner="DEU"),
        at(2, "us", "turnover", "300", partner="USA"),
        at(3, "jp", "turnover", "250", partner="JPN"),
        at(4, "kr", "turnover", "200", partner="KOR"),
    ]
    assert [(r.id, str(r.outcome)) for r in check_ranks([later, rank()], figures)] == [
        ("rank-r", "not run"),
        ("rank-z-rank", "holds"),
    ]
