"""Derived figures: a balance, a prior year implied by a change, a flow's share of turnover; each with its
formula, its inputs, the interval its inputs allow and the precision they justify."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tradebriefs.core.errors import Place
from tradebriefs.core.intervals import INF, Interval
from tradebriefs.core.periods import parse_period
from tradebriefs.facts.derive import (
    balance_of,
    common_unit,
    derive_figures,
    implied_prior,
    in_unit,
    period_slug,
    primary_figures,
    share_of,
)
from tradebriefs.facts.models import Figure, Unit

D = Decimal


def fig(ident, flow, value, qualifier="exact", change=None, unit="USD billion", **fields):
    currency, scale = unit.split()
    return Figure(
        id=ident,
        reporter=fields.pop("reporter", "CHN"),
        partner=fields.pop("partner", "RUS"),
        flow=flow,
        period=parse_period(fields.pop("period", "2023")),
        value=D(value),
        unit=Unit(currency, scale),
        qualifier=qualifier,
        change=D(change) if change is not None else None,
        source="s",
        loc=Place("data/facts/t.yaml", 1, 5),
        locs={},
        **fields,
    )


def test_a_balance_is_exports_minus_imports_at_the_coarser_precision():
    """110.97 − 129.1 = −18.1 (one decimal: the imports' precision), with every value the inputs allow."""
    balance = balance_of(fig("x", "exports", "110.97"), fig("m", "imports", "129.1"))
    assert balance.id == "derived-balance-chn-rus-2023"
    assert (balance.kind, balance.flow, balance.period.text) == ("balance", "balance", "2023")
    assert (balance.value, balance.unit, balance.inputs) == (
        D("-18.1"),
        Unit("USD", "billion"),
        ("x", "m"),
    )
    assert str(balance.formula) == "110.97 − 129.1 = −18.1"
    assert balance.interval == Interval(D("-18.185"), D("-18.075"))
    assert (balance.approximate, balance.qualifier) == (False, "exact")


@pytest.mark.parametrize("qualifiers", [("about", "exact"), ("exact", "about")])
def test_a_balance_of_an_approximate_flow_is_about(qualifiers):
    """If either flow is 'about', so is the balance."""
    x, m = qualifiers
    balance = balance_of(fig("x", "exports", "110", x), fig("m", "imports", "129", m))
    assert (balance.approximate, balance.qualifier) == (True, "about")


def test_a_balance_of_two_scales_is_in_the_finer():
    """110.97 USD billion − 129,140 USD million = −18,170 USD million."""
    balance = balance_of(
        fig("x", "exports", "110.97"), fig("m", "imports", "129140", unit="USD million")
    )
    assert (balance.value, balance.unit) == (D("-18170"), Unit("USD", "million"))
    assert str(balance.formula) == "110,970 − 129,140 = −18,170"


def test_no_balance_across_currencies():
    """Euros are never subtracted from dollars."""
    assert (
        balance_of(fig("x", "exports", "1"), fig("m", "imports", "1", unit="EUR billion")) is None
    )


def test_an_implied_prior_value_is_the_value_over_one_plus_the_change():
    """240.11 / (1 + 26.3/100) ≈ 190.1, one digit coarser than the value, for the year before."""
    prior = implied_prior(fig("t", "turnover", "240.11", change="26.3"))
    assert prior.id == "derived-implied-t-prior"
    assert (prior.kind, prior.flow, prior.period.text) == ("implied", "turnover", "2022")
    assert (prior.value, prior.qualifier, prior.approximate) == (D("190.1"), "about", True)
    assert str(prior.formula) == "240.11 / (1 + 26.3/100) ≈ 190.1"
    assert prior.inputs == ("t",) and prior.unit == Unit("USD", "billion")
    assert prior.interval.show(4) == "190.0317 to 190.1901"  # 240.105 / 1.2635 to 240.115 / 1.2625


def test_an_implied_prior_value_of_a_whole_number_keeps_no_decimals():
    """180 / (1 + 2/100) ≈ 176: never fewer than no decimals."""
    prior = implied_prior(fig("t", "turnover", "180", change="2"))
    assert (prior.value, str(prior.formula)) == (D("176"), "180 / (1 + 2/100) ≈ 176")


def test_an_implied_prior_of_over_a_value_is_over_its_lowest_reading():
    """'over 180' up 2% (2.5 at most) was over 175.6 (rounded down: never more than is known)."""
    prior = implied_prior(fig("t", "turnover", "180", "over", change="2"))
    assert (prior.qualifier, prior.value) == ("over", D("175"))
    assert str(prior.formula) == "180 / (1 + 2/100) > 175"
    assert prior.interval.hi == INF


def test_an_implied_prior_of_under_a_value_is_under_its_highest_reading():
    """'under 180' up 2% (1.5 at least) was under 177.3 (rounded up)."""
    prior = implied_prior(fig("t", "turnover", "180", "under", change="2"))
    assert (prior.qualifier, prior.value) == ("under", D("178"))
    assert str(prior.formula) == "180 / (1 + 2/100) < 178"
    assert prior.interval.lo == -INF


@pytest.mark.parametrize("change", ["-100", "-100.0", "-150"])
def test_a_change_of_minus_100_or_less_implies_nothing(change):
    """A trade that fell to zero says nothing of its size the year before."""
    assert implied_prior(fig("t", "turnover", "0", change=change)) is None


def test_a_change_just_above_minus_100_implies_a_prior_value():
    """−99.9%: the year before was a thousand times larger."""
    prior = implied_prior(fig("t", "turnover", "1.0", change="-99.9"))
    assert (prior.value, prior.qualifier) == (D("1000"), "about")


def test_a_share_is_the_flow_over_turnover_in_percent_to_one_decimal():
    """110.97 / 240.11 × 100 ≈ 46.2%, with the interval the inputs allow."""
    share = share_of(fig("x", "exports", "110.97"), fig("t", "turnover", "240.11"))
    assert share.id == "derived-share-x"
    assert (share.kind, share.flow, share.unit, share.inputs) == (
        "share",
        "exports",
        "percent",
        ("x", "t"),
    )
    assert (share.value, share.qualifier, share.approximate) == (D("46.2"), "about", True)
    assert str(share.formula) == "110.97 / 240.11 × 100 ≈ 46.2"
    assert share.interval.show(2) == "46.21 to 46.22"


def test_a_share_of_a_turnover_that_may_be_zero_is_its_value():
    """A turnover of 'under 10' gives no ratio of intervals: the share is just its value."""
    share = share_of(fig("x", "exports", "1"), fig("t", "turnover", "10", "under"))
    assert share.interval == Interval(D("10.0"), D("10.0"))


def test_no_share_across_currencies():
    """Euros are never a share of dollars."""
    assert share_of(fig("x", "exports", "1"), fig("t", "turnover", "2", unit="EUR billion")) is None


def test_the_seed_derives_a_balance_two_shares_and_three_implied_priors():
    """By id; a stated balance is never derived again, and a figure whose prior year is known implies none."""
    seed = [
        fig("t", "turnover", "240.11", change="26.3"),
        fig("x", "exports", "110.97", "about", change="46.9"),
        fig("m", "imports", "129.14", change="12.7"),
    ]
    assert [d.id for d in derive_figures(seed)] == [
        "derived-balance-chn-rus-2023",
        "derived-implied-m-prior",
        "derived-implied-t-prior",
        "derived-implied-x-prior",
        "derived-share-m",
        "derived-share-x",
    ]
    stated = [*seed, fig("b", "balance", "-18.17")]
    assert "derived-balance-chn-rus-2023" not in [d.id for d in derive_figures(stated)]
    known = [*seed, fig("t22", "turnover", "190.1", period="2022")]
    assert "derived-implied-t-prior" not in [d.id for d in derive_figures(known)]


def test_no_share_of_a_zero_turnover_and_no_implied_balance():
    """A turnover of 0 has no shares; a balance has no change to imply from."""
    figures = [fig("t", "turnover", "0"), fig("x", "exports", "0")]
    assert [d.kind for d in derive_figures(figures)] == []
    assert derive_figures([fig("b", "balance", "-1", change="5")]) == []


def test_a_revised_or_alternative_figure_gives_way_to_the_one_that_replaces_it():
    """primary_figures: the revision and the figure used are kept, what they replace is not."""
    old, new = fig("m", "imports", "1"), fig("m2", "imports", "2", revises="m")
    other = fig("m3", "imports", "3", alternative_to="m2")
    assert [f.id for f in primary_figures([old, new, other])] == ["m2"]
    assert [f.id for f in primary_figures([other, new, old])] == ["m2"]


def test_scales_of_one_currency_compare_in_the_finest():
    """USD billion and USD million compare in millions; euros and dollars not at all."""
    billion, million = Unit("USD", "billion"), Unit("USD", "million")
    assert common_unit(billion, million) == million
    assert common_unit(million, billion, billion) == million
    assert common_unit(billion, Unit("EUR", "billion")) is None
    assert in_unit(D("110.97"), billion, million) == D("110970")
    assert in_unit(D("1500"), Unit("USD", "thousand"), million) == D("1.5")


def test_a_period_s_slug_has_no_slash():
    """2024-01/2024-09 is 2024-01-to-2024-09 in an id."""
    assert period_slug(parse_period("2024-01/2024-09")) == "2024-01-to-2024-09"
    assert period_slug(parse_period("2023")) == "2023"


def test_a_turnover_under_one_still_has_shares():
    """Any turnover above zero, however small, has its flows' shares."""
    figures = [fig("t", "turnover", "0.5"), fig("x", "exports", "0.2")]
    assert [(d.id, d.value) for d in derive_figures(figures)] == [("derived-share-x", D("40.0"))]
