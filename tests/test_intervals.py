"""Intervals: what a printed figure can mean, and arithmetic on those meanings (a difference is lo − hi to
hi − lo), so a figure that holds within rounding holds and one that cannot hold is caught."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tradebriefs.core.errors import Place
from tradebriefs.core.intervals import (
    INF,
    Interval,
    change_interval,
    unit_of,
    value_interval,
)
from tradebriefs.core.periods import parse_period
from tradebriefs.facts.checks import check_sums
from tradebriefs.facts.models import Figure, Unit

D = Decimal


def I(lo: str, hi: str) -> Interval:  # noqa: E743
    return Interval(D(lo), D(hi))


def test_a_sum_adds_low_ends_and_high_ends():
    """[1, 2] + [10, 20] = [11, 22]."""
    assert I("1", "2") + I("10", "20") == I("11", "22")


def test_a_difference_is_low_minus_high_to_high_minus_low():
    """[1, 2] − [10, 20] = [1 − 20, 2 − 10] = [−19, −8]: every difference the two allow."""
    assert I("1", "2") - I("10", "20") == I("-19", "-8")


@pytest.mark.parametrize(
    "a, b, meet",
    [
        (("1", "2"), ("2", "3"), True),  # touching ends meet
        (("2", "3"), ("1", "2"), True),
        (("1", "2"), ("2.01", "3"), False),
        (("2.01", "3"), ("1", "2"), False),
        (("1", "5"), ("2", "3"), True),  # one inside the other
    ],
)
def test_intervals_intersect_when_they_share_a_point(a, b, meet):
    """Closed intervals: sharing an end is intersecting."""
    assert I(*a).intersects(I(*b)) is meet


@pytest.mark.parametrize(
    "a, b, gap",
    [
        (("1", "2"), ("3.5", "4"), "1.5"),
        (("3.5", "4"), ("1", "2"), "1.5"),
        (("1", "2"), ("2", "3"), "0"),
        (("1", "5"), ("2", "3"), "0"),
    ],
)
def test_the_gap_is_the_distance_between_the_nearest_ends(a, b, gap):
    """0 when they meet, else how far apart, whichever comes first."""
    assert I(*a).gap(I(*b)) == D(gap)


def test_scaling_by_a_negative_factor_keeps_lo_below_hi():
    """[1, 2] × −3 = [−6, −3]; × 1000 = [1000, 2000]."""
    assert I("1", "2").scaled(D(-3)) == I("-6", "-3")
    assert I("1", "2").scaled(D(1000)) == I("1000", "2000")


def test_a_ratio_divides_low_by_high_and_high_by_low():
    """[2, 4] / [1, 8] = [0.25, 4]."""
    assert I("2", "4").ratio_to(I("1", "8")) == I("0.25", "4")


@pytest.mark.parametrize(
    "num, den", [(("1", "2"), ("0", "3")), (("1", "2"), ("-1", "3")), (("-1", "2"), ("1", "3"))]
)
def test_no_ratio_over_a_base_that_may_be_zero_or_of_a_negative_value(num, den):
    """A base that may be 0 or below, or a value that may be negative, has no ratio."""
    assert I(*num).ratio_to(I(*den)) is None


def test_a_ratio_of_a_non_negative_value_starting_at_zero_exists():
    """[0, 2] / [1, 4] = [0, 2]."""
    assert I("0", "2").ratio_to(I("1", "4")) == I("0", "2")


@pytest.mark.parametrize(
    "interval, shown",
    [
        (I("240.105", "240.115"), "240.105 to 240.115"),
        (I("3", "3"), "3"),
        (I("-1.23456", "2"), "−1.2346 to 2"),
        (Interval(D(180), INF), "180 to ∞"),
        (Interval(-INF, D(180)), "−∞ to 180"),
        (I("1.50", "2.50"), "1.5 to 2.5"),
    ],
)
def test_an_interval_shows_as_trimmed_decimals_with_a_typographic_minus(interval, shown):
    """Four places by default, trailing zeros dropped, '−' for minus, '∞' for no end."""
    assert interval.show() == shown


def test_an_interval_shows_with_the_places_asked_for():
    """show(2) rounds each end to two places."""
    assert I("1.2345", "2.3456").show(2) == "1.23 to 2.35"


@pytest.mark.parametrize("value, unit", [("240.11", "0.01"), ("180", "1"), ("1.5", "0.1")])
def test_one_unit_is_one_of_the_last_printed_digit(value, unit):
    """0.01 for 240.11, 1 for 180."""
    assert unit_of(D(value)) == D(unit)


@pytest.mark.parametrize(
    "value, qualifier, lo, hi",
    [
        ("240.11", "exact", "240.105", "240.115"),
        ("110.97", "about", "110.955", "110.985"),
        ("180", "about", "178.5", "181.5"),
        ("180", "over", "180", "Infinity"),
        ("180", "at least", "180", "Infinity"),
        ("180", "under", "-Infinity", "180"),
        ("180", "at most", "-Infinity", "180"),
        ("180", "nearly", "171", "180"),  # up to 5% under
        ("-20", "nearly", "-21", "-20"),
    ],
)
def test_a_printed_value_means_an_interval_by_its_precision_and_qualifier(value, qualifier, lo, hi):
    """Half a unit either side when exact, one more unit when 'about', open-ended for over and under."""
    assert value_interval(D(value), qualifier) == I(lo, hi)


def test_an_unknown_qualifier_is_an_error():
    """A qualifier the models do not know cannot be read as an interval."""
    with pytest.raises(ValueError, match="unknown qualifier 'roughly'"):
        value_interval(D(1), "roughly")


def test_a_change_means_half_a_unit_either_side():
    """26.3% is anything from 26.25 to 26.35."""
    assert change_interval(D("26.3")) == I("26.25", "26.35")


def figure(ident: str, flow: str, value: str) -> Figure:
    return Figure(
        id=ident,
        reporter="CHN",
        partner="RUS",
        flow=flow,
        period=parse_period("2023"),
        value=D(value),
        unit=Unit("USD", "billion"),
        qualifier="exact",
        source="s",
        loc=Place("data/facts/t.yaml", 1, 5),
        locs={},
    )


@pytest.mark.parametrize(
    "balance, outcome",
    [
        ("-18.17", "holds"),  # 110.97 − 129.14 exactly
        ("-18.18", "holds"),  # 110.965 − 129.145 = −18.18: within rounding
        ("-18.16", "holds"),  # 110.975 − 129.135 = −18.16: within rounding
        ("-18.19", "error"),
        ("-18.15", "error"),
    ],
)
def test_a_stated_balance_holds_within_the_rounding_of_exports_and_imports(balance, outcome):
    """Exports 110.97 minus imports 129.14 can be anything from −18.18 to −18.16."""
    figures = [
        figure("x", "exports", "110.97"),
        figure("m", "imports", "129.14"),
        figure("b", "balance", balance),
    ]
    [result] = check_sums(figures)
    assert result.outcome == outcome
