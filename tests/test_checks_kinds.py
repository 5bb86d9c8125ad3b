"""Checks for the kinds of figures real articles hold: shares of a total, commodities, the world and groups,
targets and forecasts, changes on the previous month or quarter, surpluses in one side's favour, and figures
kept as their source stated them. Pure functions, tiny fixtures, exact expectations."""

from __future__ import annotations

from decimal import Decimal

from tradebriefs.core.errors import Place
from tradebriefs.core.periods import parse_period
from tradebriefs.facts.checks import Outcome, disagreements, run_checks
from tradebriefs.facts.derive import derive_figures
from tradebriefs.facts.models import Figure, Group, Unit

LINE = iter(range(10, 10_000, 10))


def fig(ident, flow, value, period="2023", *, unit="USD billion", change=None, **fields):
    fields.setdefault("reporter", "BRA")
    fields.setdefault("partner", "CHN")
    currency, scale = ("", "percent") if unit == "percent" else unit.split()
    return Figure(
        id=ident,
        flow=flow,
        period=parse_period(period),
        value=Decimal(value),
        unit=Unit(currency, scale),
        change=Decimal(change) if change is not None else None,
        source="s",
        loc=Place("data/facts/t.yaml", next(LINE), 5),
        locs={},
        **fields,
    )


def checks(figures, groups=None):
    return run_checks(figures, [], derive_figures(figures), groups or {})


def of_kind(figures, kind, groups=None):
    return [(r.id, r.inputs, str(r.outcome)) for r in checks(figures, groups) if r.kind == kind]


# Shares of a total.

MACAO = "2023-01/2023-11"


def test_a_share_of_the_world_is_checked_against_part_over_whole():
    """'China took 30.7% of Brazil's exports': 91.4 / 297.6 = 30.71%."""
    figures = [
        fig("x-chn", "exports", "91.4", MACAO),
        fig("x-wld", "exports", "297.6", MACAO, partner="WLD"),
        fig("share", "exports", "30.7", MACAO, unit="percent", share_of="WLD"),
    ]
    [result] = [r for r in checks(figures) if r.kind == "share"]
    assert (result.inputs, result.outcome) == (("share", "x-chn", "x-wld"), "holds")
    assert result.arithmetic.startswith("91.4 / 297.6 × 100 = 30.71%")


def test_a_share_that_misses_its_ratio_is_an_error_and_one_without_figures_is_not_run():
    figures = [
        fig("x-chn", "exports", "91.4", MACAO),
        fig("x-wld", "exports", "297.6", MACAO, partner="WLD"),
        fig("share", "exports", "37.0", MACAO, unit="percent", share_of="WLD"),
        fig("alone", "imports", "22.0", MACAO, unit="percent", share_of="WLD"),
    ]
    assert of_kind(figures, "share") == [
        ("share-alone", ("alone",), "not run"),
        ("share-share", ("share", "x-chn", "x-wld"), "error"),
    ]


def test_a_commoditys_share_of_all_goods_uses_the_flows_total():
    figures = [
        fig("soy", "exports", "37.2", MACAO, commodity="1201"),
        fig("all", "exports", "91.4", MACAO),
        fig(
            "soy-share",
            "exports",
            "40.7",
            MACAO,
            unit="percent",
            share_of="all goods",
            commodity="1201",
        ),
    ]
    assert of_kind(figures, "share") == [("share-soy-share", ("soy-share", "soy", "all"), "holds")]


# Commodities within their totals.


def test_products_add_up_to_no_more_than_their_flows_total():
    goods = [
        fig("soy", "exports", "37.2", MACAO, commodity="1201"),
        fig("oil", "exports", "18.3", MACAO, commodity="2709"),
        fig("ore", "exports", "17.1", MACAO, commodity="2601"),
    ]
    assert of_kind([*goods, fig("all", "exports", "91.4", MACAO)], "commodity") == [
        ("commodity-all", ("all", "oil", "ore", "soy"), "holds")
    ]
    assert of_kind([*goods, fig("all", "exports", "51.4", MACAO)], "commodity") == [
        ("commodity-all", ("all", "oil", "ore", "soy"), "error")
    ]


def test_a_heading_lies_within_its_chapter_and_is_not_counted_twice():
    """Soya beans (1201) within chapter 12: the chapter alone is added to the total, never both."""
    figures = [
        fig("ch12", "exports", "40", MACAO, commodity="12"),
        fig("soy", "exports", "42", MACAO, commodity="1201"),
        fig("all", "exports", "45", MACAO),
    ]
    assert of_kind(figures, "commodity") == [
        ("commodity-all", ("all", "ch12"), "holds"),
        ("commodity-soy", ("ch12", "soy"), "error"),
    ]


def test_a_commoditys_growth_is_against_the_same_commodity():
    figures = [
        fig("soy", "exports", "37.2", "2023", change="20", commodity="1201"),
        fig("soy-22", "exports", "31", "2022", commodity="1201"),
        fig("all-22", "exports", "89", "2022"),
    ]
    assert of_kind(figures, "growth") == [("growth-soy", ("soy", "soy-22"), "holds")]


# The world and groups.


def test_partners_add_up_to_no_more_than_the_world():
    figures = [
        fig("chn", "exports", "91.4", MACAO),
        fig("usa", "exports", "33.0", MACAO, partner="USA"),
        fig("wld", "exports", "120", MACAO, partner="WLD"),
    ]
    assert of_kind(figures, "group") == [("group-wld", ("wld", "chn", "usa"), "error")]


def test_members_within_their_group_and_the_group_within_the_world():
    eu = Group(code="EU", members=("DEU", "FRA", "ITA"), loc=None, locs={})
    figures = [
        fig("deu", "exports", "5", partner="DEU"),
        fig("fra", "exports", "3", partner="FRA"),
        fig("eu", "exports", "6", partner="EU"),
        fig("wld", "exports", "300", partner="WLD"),
    ]
    assert of_kind(figures, "group", {"EU": eu}) == [
        ("group-wld", ("wld", "deu", "fra"), "holds"),
        ("group-eu", ("eu", "deu", "fra"), "error"),
        ("group-eu-world", ("wld", "eu"), "holds"),
    ]


# Targets and forecasts.


def test_a_forecast_is_never_summed_and_is_compared_with_the_reported_figure():
    figures = [
        fig("x", "exports", "91.4", "2023"),
        fig("m", "imports", "48.6", "2023"),
        fig(
            "b-forecast",
            "balance",
            "50",
            "2023",
            qualifier="over",
            status="forecast",
            by="ministry",
        ),
    ]
    assert of_kind(figures, "sum") == []  # the forecast is not a balance to check the flows against
    [target] = [r for r in checks(figures) if r.kind == "target"]
    assert target.inputs == ("b-forecast", "derived-balance-bra-chn-2023")
    assert target.outcome == "info"
    assert "derived from the reported flows 42.8 against the forecast 50 (−14.4%)" in target.message


def test_a_target_is_reached_when_a_period_as_long_ending_by_its_end_reaches_it():
    """'The goal of $200 billion a year by 2024, reached in November 2023': the 12 months to November 2023."""
    figures = [
        fig(
            "goal",
            "turnover",
            "200",
            "2024",
            status="target",
            by="the two presidents",
            partner="RUS",
            reporter="CHN",
        ),
        fig("y2022", "turnover", "190.27", "2022", partner="RUS", reporter="CHN"),
        fig("to-nov", "turnover", "200.4", "2022-12/2023-11", partner="RUS", reporter="CHN"),
    ]
    [result] = [r for r in checks(figures) if r.kind == "target"]
    assert result.inputs == ("goal", "to-nov") and result.outcome == "info"
    assert "reached in November 2023" in result.message


def test_a_target_not_reached_says_by_how_much():
    figures = [
        fig("goal", "turnover", "200", "2024", status="target", by="x"),
        fig("y2024", "turnover", "190", "2024"),
    ]
    [result] = [r for r in checks(figures) if r.kind == "target"]
    assert result.message.endswith("not reached: reported 190 against 200, 10 short")


# Change bases.


def test_a_change_on_the_previous_month_is_checked_against_that_month():
    figures = [
        fig("dec", "turnover", "22.5", "2023-12", change="7.1", change_on="previous month"),
        fig("nov", "turnover", "21.0", "2023-11"),
        fig("dec-22", "turnover", "30", "2022-12"),
    ]
    assert of_kind(figures, "growth") == [("growth-dec", ("dec", "nov"), "holds")]


def test_a_change_on_the_previous_quarter_is_checked_against_that_quarter():
    figures = [
        fig("q1", "exports", "52.5", "2024-Q1", change="5", change_on="previous quarter"),
        fig("q4", "exports", "50", "2023-Q4"),
    ]
    assert of_kind(figures, "growth") == [("growth-q1", ("q1", "q4"), "holds")]


# A surplus in one side's favour.


def test_a_surplus_in_the_partners_favour_is_the_reporters_negative_balance():
    """China's customs: 'the surplus in Russia's favour' = China's exports − imports, negative."""
    figures = [
        fig("x", "exports", "110.97", reporter="CHN", partner="RUS"),
        fig("m", "imports", "129.14", reporter="CHN", partner="RUS"),
        fig("b", "balance", "18.17", reporter="CHN", partner="RUS", favours="RUS"),
    ]
    [result] = [r for r in checks(figures) if r.id.startswith("balance-")]
    assert result.outcome == "holds", result.arithmetic
    assert "in RUS's favour" in result.arithmetic


def test_the_change_of_a_surplus_is_checked_against_the_prior_surplus_of_that_side():
    figures = [
        fig(
            "b24",
            "balance",
            "13.84",
            "2024",
            change="-23.8",
            reporter="CHN",
            partner="RUS",
            favours="RUS",
        ),
        fig("b23", "balance", "-18.17", "2023", reporter="CHN", partner="RUS"),
    ]
    [result] = [r for r in checks(figures) if r.kind == "growth"]
    assert (result.inputs, result.outcome) == (("b24", "b23"), "holds"), result.arithmetic


def test_a_surplus_that_changed_sides_has_no_change_in_percent():
    figures = [
        fig(
            "b24",
            "balance",
            "5",
            "2024",
            change="-20",
            reporter="CHN",
            partner="RUS",
            favours="RUS",
        ),
        fig("b23", "balance", "3", "2023", reporter="CHN", partner="RUS"),
    ]
    [result] = [r for r in checks(figures) if r.kind == "growth"]
    assert result.outcome == "error" and "needs a surplus in RUS's favour in 2023" in result.message


# Figures kept as stated.


def test_a_kept_figure_turns_its_failed_checks_into_a_public_disagreement():
    """'More than US$46.8 billion' surplus, while the source's own 91.4 − 48.6 = 42.8."""
    figures = [
        fig("x", "exports", "91.4", MACAO),
        fig("m", "imports", "48.6", MACAO),
        fig("b", "balance", "46.8", MACAO, qualifier="over", keep_as_stated=True),
    ]
    results = checks(figures)
    [balance] = [r for r in results if r.id.startswith("balance-")]
    assert balance.outcome == Outcome.DISAGREES
    assert balance.message.startswith("the source's own figures disagree, and b is kept as stated")
    assert "91.4 − 48.6 = 42.8" in balance.arithmetic
    assert list(disagreements(results)) == ["b", "x", "m"]
    assert not [r for r in results if r.outcome in ("error", "warning")]


def test_without_the_mark_the_same_figures_are_an_error():
    figures = [
        fig("x", "exports", "91.4", MACAO),
        fig("m", "imports", "48.6", MACAO),
        fig("b", "balance", "46.8", MACAO, qualifier="over"),
    ]
    assert [str(r.outcome) for r in checks(figures) if r.id.startswith("balance-")] == ["error"]


def test_a_kept_figure_that_nothing_disagrees_with_is_a_warning_to_remove_the_mark():
    figures = [
        fig("x", "exports", "91.4", MACAO),
        fig("m", "imports", "48.6", MACAO),
        fig("b", "balance", "42.8", MACAO, keep_as_stated=True),
    ]
    [kept] = [r for r in checks(figures) if r.kind == "kept"]
    assert (
        kept.outcome == "warning"
        and "every check of it holds: remove keep_as_stated" in kept.message
    )
    [alone] = [r for r in checks([figures[2]]) if r.kind == "kept"]
    assert "no check compares it" in alone.message


# Derived ids stay stable and name what they are of.


def test_derived_ids_name_a_commodity_and_a_currency_other_than_dollars():
    figures = [
        fig("x", "exports", "37.2", commodity="1201"),
        fig("m", "imports", "1.2", commodity="1201"),
        fig("xc", "exports", "600", unit="CNY billion"),
        fig("mc", "imports", "300", unit="CNY billion"),
        fig("xu", "exports", "91.4"),
        fig("mu", "imports", "48.6"),
    ]
    assert sorted(d.id for d in derive_figures(figures) if d.kind == "balance") == [
        "derived-balance-bra-chn-2023",
        "derived-balance-bra-chn-2023-cny",
        "derived-balance-bra-chn-2023-hs1201",
    ]


def test_the_change_of_a_surplus_is_checked_against_the_balance_the_prior_flows_give():
    """bne: 'the trade surplus in Russia's favour fell 23.8% to $13.83bn'; 2023's balance is derived from
    China's 2023 exports (about 110.97) and imports (129.14): 18.17 in Russia's favour."""
    figures = [
        fig(
            "b24",
            "balance",
            "13.83",
            "2024",
            change="-23.8",
            reporter="CHN",
            partner="RUS",
            favours="RUS",
        ),
        fig("x23", "exports", "110.97", "2023", qualifier="about", reporter="CHN", partner="RUS"),
        fig("m23", "imports", "129.14", "2023", reporter="CHN", partner="RUS"),
    ]
    [result] = [r for r in checks(figures) if r.kind == "growth"]
    assert result.inputs == ("b24", "derived-balance-chn-rus-2023")
    assert result.outcome in ("holds", "warning"), result.arithmetic
    assert result.arithmetic.startswith("RUS's surplus: 13.83 / 18.17 − 1 = −23.89%")


def test_a_gap_too_small_for_two_decimals_is_shown_to_its_first_digit():
    """244.81 / 240.11 − 1 = 1.96% (at least 1.953 within rounding) against a stated 1.9% (at most 1.95):
    the gap is shown as 0.003, not as "differs by 0.00 points"."""
    figures = [
        fig("t24", "turnover", "244.81", "2024", change="1.9", reporter="CHN", partner="RUS"),
        fig("t23", "turnover", "240.11", "2023", reporter="CHN", partner="RUS"),
    ]
    [result] = [r for r in checks(figures) if r.kind == "growth"]
    assert result.outcome == "warning" and "differs by 0.003 points" in result.message


# Found in review: goods named only by the source, kept figures, targets.


def test_a_product_named_only_by_the_source_never_stands_in_for_all_goods():
    """Beef (no HS code) beside all goods: the rank, the growth of the balance and the derived ids keep
    them apart."""
    figures = [
        fig("x", "exports", "100"),
        fig("m", "imports", "60"),
        fig("bx", "exports", "10", product="beef"),
        fig("bm", "imports", "1", product="beef"),
        fig("b24", "balance", "50", "2024", change="25", favours="BRA"),
    ]
    [growth] = [r for r in checks(figures) if r.kind == "growth"]
    assert growth.inputs == ("b24", "derived-balance-bra-chn-2023") and growth.outcome == "holds"
    balances = sorted(d.id for d in derive_figures(figures) if d.kind == "balance")
    assert balances == ["derived-balance-bra-chn-2023", "derived-balance-bra-chn-2023-beef"]


def test_a_rank_is_of_all_goods_only():
    from tradebriefs.facts.checks import check_ranks
    from tradebriefs.facts.models import Rank

    figures = [
        fig("chn", "exports", "100", reporter="RUS", partner="CHN"),
        fig("ind", "exports", "50", reporter="RUS", partner="IND"),
        fig("oil", "exports", "30", reporter="RUS", partner="CHN", product="crude oil"),
    ]
    rank = Rank(
        id="r",
        of="RUS",
        partner="IND",
        rank=2,
        flow="exports",
        period=parse_period("2023"),
        above=("CHN",),
        source="s",
        loc=Place("t.yaml", 1, 1),
        locs={},
    )
    [result] = check_ranks([rank], figures)
    assert result.outcome == "holds" and "oil" not in result.inputs


def test_implied_values_are_summed_only_within_their_goods_and_currency():
    figures = [
        fig("t", "turnover", "200", "2024", change="0"),
        fig("sx", "exports", "10", "2024", change="0", commodity="1201"),
        fig("sm", "imports", "5", "2024", change="0", commodity="1201"),
    ]
    assert of_kind(figures, "implied") == []


def test_goods_named_only_by_the_source_are_each_compared_alone_with_the_total():
    """'Crude oil and oil products' may lie inside chapter 27: never added to it."""
    figures = [
        fig("m", "imports", "129.32"),
        fig("ch27", "imports", "95", commodity="27"),
        fig("oil", "imports", "60", product="crude oil and oil products"),
    ]
    assert of_kind(figures, "commodity") == [
        ("commodity-m", ("m", "ch27"), "holds"),
        ("commodity-oil", ("m", "oil"), "holds"),
    ]


def test_a_kept_prior_year_figure_does_not_hide_a_wrong_change_of_the_next_year():
    figures = [
        fig("x23", "exports", "100", "2023", keep_as_stated=True),
        fig("x24", "exports", "110", "2024", change="50"),
    ]
    results = checks(figures)
    assert [str(r.outcome) for r in results if r.kind == "growth"] == ["error"]


def test_a_target_for_a_surplus_in_the_partners_favour_is_measured_on_that_surplus():
    """Russia's surplus of 13.83 against a forecast of 20 is 30.8% below it, and exceeds a target of 10."""
    common = {"reporter": "CHN", "partner": "RUS", "favours": "RUS"}
    figures = [
        fig("x", "exports", "115.49", "2024", reporter="CHN", partner="RUS"),
        fig("m", "imports", "129.32", "2024", reporter="CHN", partner="RUS"),
        fig("f", "balance", "20", "2024", status="forecast", by="bank", **common),
        fig("g", "balance", "10", "2024", status="target", by="ministry", **common),
    ]
    messages = {r.inputs[0]: r.message for r in checks(figures) if r.kind == "target"}
    assert messages["f"].endswith("RUS's surplus: 13.83 against the forecast 20 (−30.8%)")
    assert "reached in December 2024 (2024: RUS's surplus: 13.83)" in messages["g"]


def test_a_target_is_not_reached_by_a_period_that_ended_before_it_was_set():
    import datetime as dt

    figures = [
        fig("y2014", "turnover", "220", "2014"),
        fig("goal", "turnover", "200", "2024", status="target", by="x", made=dt.date(2019, 6, 5)),
    ]
    assert [r for r in checks(figures) if r.kind == "target"] == []


def test_a_rank_among_groups_compares_the_groups_not_their_members():
    """'The US remained China's third largest partner after ASEAN and the EU': Germany, larger than the US
    here, is part of the EU's figure, so it is not a partner ranked on its own."""
    from tradebriefs.facts.checks import check_ranks
    from tradebriefs.facts.models import Rank

    eu = Group(code="EU", members=("DEU", "FRA"), loc=None, locs={})
    asean = Group(code="ASEAN", members=("VNM", "THA"), loc=None, locs={})
    figures = [
        fig("asean", "turnover", "150", partner="ASEAN", reporter="CHN"),
        fig("eu", "turnover", "130", partner="EU", reporter="CHN"),
        fig("usa", "turnover", "99.55", partner="USA", reporter="CHN"),
        fig("deu", "turnover", "120", partner="DEU", reporter="CHN"),
        fig("rus", "turnover", "37.01", partner="RUS", reporter="CHN"),
    ]
    rank = Rank(
        id="r",
        of="CHN",
        partner="USA",
        rank=3,
        flow="turnover",
        period=parse_period("2023"),
        above=("ASEAN", "EU"),
        source="s",
        loc=Place("t.yaml", 1, 1),
        locs={},
    )
    [result] = check_ranks([rank], figures, {"EU": eu, "ASEAN": asean})
    assert result.outcome == "holds", result.message
    assert "deu" not in result.inputs and {"asean", "eu", "rus"} <= set(result.inputs)
    [without_groups] = check_ranks([rank], figures, {})
    assert (
        without_groups.outcome == "error"
    )  # Germany would then be a larger partner not ranked above


# Against the official tables (imported figures carry their table record).


def test_a_figure_typed_from_an_article_is_checked_against_the_imported_table():
    table = fig(
        "ct",
        "exports",
        "68047.133397",
        "2010",
        unit="USD million",
        reporter="CHN",
        partner="DEU",
        record="C/A/HS 2010 156 X 276 TOTAL",
    )
    near = fig(
        "art",
        "exports",
        "68.05",
        "2010",
        reporter="CHN",
        partner="DEU",
        qualifier="about",
        alternative_to="ct",
    )
    far = fig("art", "exports", "68.5", "2010", reporter="CHN", partner="DEU", alternative_to="ct")
    [ok] = [r for r in checks([table, near]) if r.kind == "official"]
    assert (ok.inputs, ok.outcome) == (("art", "ct"), "holds")
    [bad] = [r for r in checks([table, far]) if r.kind == "official"]
    assert bad.outcome == "error"
    assert "art (data/facts/t.yaml:" in bad.message and "ct (data/facts/t.yaml:" in bad.message
    assert "[C/A/HS 2010 156 X 276 TOTAL]" in bad.message


def test_an_alternative_to_a_figure_typed_by_hand_stays_information():
    a = fig("a", "exports", "68.05", "2010")
    b = fig("b", "exports", "68.5", "2010", alternative_to="a")
    assert [(r.kind, str(r.outcome)) for r in checks([a, b]) if r.inputs == ("b", "a")] == [
        ("alternative", "info")
    ]


def test_the_mirror_band_comes_from_the_plugins_configuration():
    from types import SimpleNamespace

    from tradebriefs.facts.checks import MIRROR_BAND_PERCENT
    from tradebriefs.publish.plugin import mirror_band_of

    def config(band):
        plugin = SimpleNamespace(config={"mirror_band": band})
        return SimpleNamespace(plugins={"tradebriefs": plugin})

    assert mirror_band_of(config([2, 12])) == (Decimal(2), Decimal(12))
    assert mirror_band_of(config([12, 2.5])) == (Decimal("2.5"), Decimal(12))
    assert mirror_band_of(SimpleNamespace(plugins={})) == MIRROR_BAND_PERCENT
