"""The pages for the new kinds of figure: the world and groups as partners, commodities, shares, changes on the
previous month or quarter, a surplus in one side's favour, forecasts and targets, and figures kept as their
source stated them although its own figures disagree. Each test writes small fact files in tmp_path."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from tradebriefs.core.countries import pair_key
from tradebriefs.core.errors import errors_in
from tradebriefs.core.numbers import format_amount, format_qualified
from tradebriefs.core.periods import parse_period
from tradebriefs.core.routes import brief_page, checks_page, data_page, pair_page
from tradebriefs.facts.checks import CheckResult, Outcome, disagreements
from tradebriefs.facts.models import Figure, Unit
from tradebriefs.facts.pipeline import check_data
from tradebriefs.facts.words import (
    RULE_HEADINGS,
    change_text,
    commodity_name,
    dash_pair,
    derived_label,
    figure_label,
    flow_phrase,
    other_side,
    outcome_word,
    pair_title,
    shorten_description,
)
from tradebriefs.render.listings import countries_of, render_countries
from tradebriefs.render.pages import LINKS
from tradebriefs.render.searchmeta import Kind, pair_search
from tradebriefs.render.templates import Link, Target, render
from tradebriefs.render.views.brief import brief_view, index_by_input
from tradebriefs.render.views.checks import checks_views, outcome_counts
from tradebriefs.render.views.citations import cite
from tradebriefs.render.views.data import data_views
from tradebriefs.render.views.disagreements import disagreement_notes
from tradebriefs.render.views.home import home_view, pairs_index_view
from tradebriefs.render.views.pair import pair_view
from tradebriefs.render.views.rows import figure_row
from tradebriefs.render.views.site import Site
from tradebriefs.render.views.values import figure_value_text

SOURCES = """\
sources:
  - id: secex
    title: Brazil's foreign trade, November 2023
    publisher: Brazil's trade ministry
    published: 2023-12-15
  - id: tass
    title: China's trade with Russia
    publisher: TASS
    published: 2024-01-12
"""

FIGURES = """\
groups:
  - code: ASEAN
    members: [IDN, MYS, PHL, SGP, THA, VNM, BRN, KHM, LAO, MMR]
figures:
  - {id: br-wld-exports, reporter: BRA, partner: WLD, flow: exports, period: 2023-01/2023-11,
     value: 310.5, unit: USD billion, source: secex}
  - {id: br-cn-exports, reporter: BRA, partner: CHN, flow: exports, period: 2023-01/2023-11,
     value: 95.3, unit: USD billion, source: secex}
  - {id: br-cn-imports, reporter: BRA, partner: CHN, flow: imports, period: 2023-01/2023-11,
     value: 48.2, unit: USD billion, source: secex}
  - {id: br-cn-share, reporter: BRA, partner: CHN, flow: exports, period: 2023-01/2023-11,
     value: 30.7, unit: percent, share_of: WLD, source: secex}
  - {id: br-cn-soy, reporter: BRA, partner: CHN, flow: exports, period: 2023-01/2023-11,
     commodity: '1201', product: soya beans, value: 32.8, unit: USD billion, source: secex}
  - {id: br-cn-ore, reporter: BRA, partner: CHN, flow: exports, period: 2023-01/2023-11,
     commodity: '2601', value: 10.1, unit: USD billion, source: secex}
  - {id: br-cn-exports-dec, reporter: BRA, partner: CHN, flow: exports, period: 2023-12,
     value: 8.1, unit: USD billion, change: 7.1, change_on: previous month, source: secex}
  - {id: br-cn-exports-q4, reporter: BRA, partner: CHN, flow: exports, period: 2023-Q4,
     value: 24.9, unit: USD billion, change: 2.9, change_on: previous quarter, source: secex}
  - {id: br-cn-forecast, reporter: BRA, partner: CHN, flow: exports, period: 2024, value: 50,
     qualifier: over, unit: USD billion, status: forecast, by: Brazil's trade ministry,
     made: 2023-12-15, source: secex}
  - {id: br-cn-target, reporter: BRA, partner: CHN, flow: turnover, period: 2024, value: 200,
     unit: USD billion, status: target, by: the governments of Brazil and China, source: secex}
  - {id: br-cn-exports-2022, reporter: BRA, partner: CHN, flow: exports, period: 2022,
     value: 89.4, unit: USD billion, source: secex}
  - {id: br-cn-imports-2022, reporter: BRA, partner: CHN, flow: imports, period: 2022,
     value: 46.6, unit: USD billion, source: secex}
  - {id: br-cn-balance-2022, reporter: BRA, partner: CHN, flow: balance, period: 2022,
     value: 46.8, unit: USD billion, keep_as_stated: true, source: secex}
  - {id: cn-ru-balance, reporter: CHN, partner: RUS, flow: balance, period: 2023, value: 37.2,
     unit: USD billion, favours: RUS, change: -23.8, source: tass}
  - {id: cn-asean-exports, reporter: CHN, partner: ASEAN, flow: exports, period: 2023,
     value: 523.7, unit: USD billion, source: tass}
"""

BRIEF = """\
slug: 2023-12-15-brazil-china
title: Brazil's exports to China
date: 2023-12-15
place: Brasília
pair: [BRA, CHN]
summary: China takes almost a third of Brazil's exports.
headline: br-cn-forecast
figures: [br-cn-share, br-cn-soy, br-cn-forecast, br-cn-target, br-cn-balance-2022,
  br-cn-exports-2022, br-cn-imports-2022]
body: |
  Exports are expected at {{br-cn-forecast}} next year, against a target of {{br-cn-target}}
  for trade. The balance so far this year is {{derived-balance-bra-chn-2023-01-to-2023-11}}.
"""

BALANCE_ID = "derived-balance-bra-chn-2023-01-to-2023-11"


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    data = tmp_path_factory.mktemp("kinds") / "data"
    (data / "facts").mkdir(parents=True)
    (data / "briefs").mkdir()
    (data / "facts" / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    (data / "facts" / "figures.yaml").write_text(FIGURES, encoding="utf-8")
    (data / "briefs" / "2023-12-15-brazil-china.yaml").write_text(BRIEF, encoding="utf-8")
    result, findings = check_data(Path(data))
    assert not errors_in(findings), findings
    return result


def fig(**fields) -> Figure:
    """A figure built in the test, with the fields a label needs."""
    base = {
        "id": "x",
        "reporter": "BRA",
        "partner": "CHN",
        "flow": "exports",
        "period": parse_period("2023"),
        "value": Decimal("95.3"),
        "unit": Unit("USD", "billion"),
        "source": "s",
    }
    return Figure(**{**base, **fields})


# Names and phrases.


def test_a_partner_that_is_the_world_or_a_group_reads_as_prose():
    assert flow_phrase("exports", "BRA", "WLD") == "Brazil's exports to the world"
    assert flow_phrase("imports", "BRA", "EU") == "Brazil's imports from the European Union"
    assert flow_phrase("turnover", "BRA", "WLD") == "Brazil's trade with the world"
    assert flow_phrase("turnover", "EU", "CHN") == "The European Union's trade with China"
    assert flow_phrase("turnover", "CHN", "RUS") == "China–Russia trade turnover"  # unchanged
    assert dash_pair("BRA", "WLD") == "Brazil and the world"
    assert pair_title("WLD", "BRA") == pair_title("BRA", "WLD") == "Brazil and the world"
    assert pair_title("ASEAN", "CHN") == "China and ASEAN"
    assert pair_title("EU", "WLD") == "The European Union and the world"
    assert pair_title("RUS", "CHN") == "China–Russia"  # unchanged


def test_a_commodity_is_named_by_the_source_or_a_short_hs_description_always_with_its_code():
    assert (
        flow_phrase("exports", "BRA", "CHN", "1201", "soya beans")
        == "Brazil's exports of soya beans (HS 1201) to China"
    )
    assert commodity_name("2601") == "iron ores and concentrates (HS 2601)"  # cut at the ';'
    assert commodity_name("1201") == "soya beans (HS 1201)"  # and at ', whether or not broken'
    assert commodity_name("0901") == "coffee (HS 0901)"
    assert commodity_name("8703") == "motor cars and other motor vehicles (HS 8703)"
    assert flow_phrase("balance", "BRA", "CHN", "27") == (
        "Brazil's trade balance in mineral fuels, mineral oils and products… (HS 27) with China"
    )
    long = shorten_description(
        "Gold (including gold plated with platinum) unwrought or in semi-manufactured forms, or in powder form"
    )
    assert long == "gold unwrought or in semi-manufactured forms…" and len(long) <= 61
    assert shorten_description("LCD panels") == "LCD panels"  # an abbreviation keeps its capitals
    assert figure_label(fig(commodity="2601")) == (
        "Brazil's exports of iron ores and concentrates (HS 2601) to China, 2023"
    )


def test_a_share_says_what_it_is_a_share_of_and_shows_in_percent():
    share = fig(
        value=Decimal("30.7"),
        unit=Unit("", "percent"),
        share_of="WLD",
        period=parse_period("2023-01/2023-11"),
    )
    assert figure_label(share) == (
        "Brazil's exports to China as a share of its exports to the world, January–November 2023"
    )
    assert figure_value_text(share) == "30.7%"
    assert format_amount(Decimal("30.7"), Unit("", "percent")) == "30.7%"
    assert format_qualified(Decimal("30.7"), "percent", "about") == "about 30.7%"
    goods = fig(
        value=Decimal("34.4"),
        unit=Unit("", "percent"),
        share_of="all goods",
        commodity="1201",
        product="soya beans",
    )
    assert figure_label(goods) == (
        "Brazil's exports of soya beans (HS 1201) to China as a share of its exports of all goods "
        "to China, 2023"
    )


def test_a_change_says_what_it_is_measured_against():
    month = fig(period=parse_period("2023-12"), change=Decimal("7.1"), change_on="previous month")
    quarter = fig(
        period=parse_period("2023-Q4"), change=Decimal("2.9"), change_on="previous quarter"
    )
    assert change_text(month) == "+7.1% on the previous month"
    assert change_text(quarter) == "+2.9% on the previous quarter"
    assert change_text(fig(change=Decimal("26.3"))) == "+26.3% on a year earlier"


def test_a_surplus_in_one_sides_favour_shows_whose_it_is_and_the_other_sides_deficit():
    surplus = fig(
        reporter="CHN",
        partner="RUS",
        flow="balance",
        value=Decimal("37.2"),
        favours="RUS",
        change=Decimal("-23.8"),
    )
    assert figure_value_text(surplus) == "a surplus of $37.2 bn in Russia's favour"
    assert figure_label(surplus) == "China's trade balance with Russia (Russia's surplus), 2023"
    assert change_text(surplus) == "−23.8% on a year earlier"
    assert other_side(surplus, "$37.2 bn") == "China's deficit of $37.2 bn with Russia"
    mine = fig(reporter="CHN", partner="RUS", flow="balance", value=Decimal("37.2"), favours="CHN")
    assert figure_value_text(mine) == "a surplus of $37.2 bn in China's favour"
    assert other_side(mine, "$37.2 bn") == "Russia's deficit of $37.2 bn with China"


# Forecasts and targets are never shown as if reported.


def test_a_forecast_or_target_carries_its_status_in_its_value_and_label():
    forecast = fig(
        period=parse_period("2024"),
        value=Decimal("50"),
        qualifier="over",
        status="forecast",
        by="Brazil's trade ministry",
        made=dt.date(2023, 12, 15),
    )
    target = fig(
        flow="turnover",
        period=parse_period("2024"),
        value=Decimal("200"),
        status="target",
        by="the governments of Brazil and China",
    )
    assert figure_value_text(forecast) == (
        "forecast: over $50 bn (Brazil's trade ministry, December 2023)"
    )
    assert figure_value_text(target) == (
        "target: $200 bn (set by the governments of Brazil and China, for 2024)"
    )
    assert figure_label(forecast) == "Brazil's exports to China, 2024 (forecast)"
    assert figure_label(target) == "Brazil–China trade turnover, 2024 (target)"


def test_forecasts_and_targets_carry_their_status_in_rows_citations_and_the_home_page(checked):
    cat = checked.catalog
    rows = {r.id: r for r in (figure_row(f, cat) for f in cat.figures.values())}
    assert rows["br-cn-forecast"].value.text.startswith("forecast: over $50 bn")
    assert rows["br-cn-target"].label.endswith("(target)")
    # In a sentence, the value with its status after it; the linked row says whose and when in full.
    text, _ = cite("briefs/x.md", "br-cn-forecast", None, cat)
    assert text.startswith(r"[over $50 bn \(forecast\)](")
    body = brief_of(checked).body
    assert ">over $50 bn (forecast)</a>" in body
    assert ">$200 bn (target)</a>" in body
    entry = home_view(cat, Site()).latest[0]
    assert entry.headline_label == "Brazil's exports to China, 2024 (forecast)"
    assert entry.headline.text == "forecast: over $50 bn (Brazil's trade ministry, December 2023)"
    page = render("home.md.j2", "index.md", view=home_view(cat, Site()), links=LINKS)
    assert r"**[forecast: over $50 bn \(Brazil's trade ministry, December 2023\)](" in page


# Sources whose own figures disagree.


def brief_of(checked, disagree=None):
    cat = checked.catalog
    brief = next(iter(cat.briefs.values()))
    return brief_view(
        brief,
        cat,
        [],
        index_by_input(checked.derived),
        Site(),
        disagree=disagreements(checked.checks) if disagree is None else disagree,
    )


def test_a_figure_kept_as_stated_gets_a_public_note_on_the_brief_and_its_data_row(checked):
    found = disagreements(checked.checks)
    assert "br-cn-balance-2022" in found
    view = brief_of(checked)
    # The kept figure's note only, not one for the exports and imports it was checked against.
    [note] = view.disagreements
    assert note.figure == Link(
        "Brazil's trade balance with China, 2022", Target("data/bra-chn.md", "br-cn-balance-2022")
    )
    assert note.before == "The source's own figures disagree: exports − imports ="
    assert note.derived == Link(
        "$42.8 bn", Target("data/bra-chn.md", "derived-balance-bra-chn-2022")
    )
    assert note.after == "(derived), against $46.8 bn stated"
    assert note.check == Link(
        "source disagrees", Target("checks/bra-chn.md", found["br-cn-balance-2022"][0].id)
    )
    page = render("brief.md.j2", brief_page("2023-12-15-brazil-china"), view=view, links=LINKS)
    key_figures = page.split("## Key figures")[1].split("<p>")[0]
    assert (
        "The source's own figures disagree: exports − imports = "
        "[$42\\.8 bn](../data/bra-chn.md#derived-balance-bra-chn-2022) \\(derived\\), against "
        "$46\\.8 bn stated ([check: source disagrees](../checks/bra-chn.md#balance-bra-chn-2022))"
    ) in key_figures
    assert not brief_of(checked, disagree={}).disagreements
    _, pairs = data_views(checked.catalog, checked.derived, checked.checks, Site())
    row = next(r for r in pairs[("BRA", "CHN")].figures if r.id == "br-cn-balance-2022")
    assert row.disagrees == (note,)
    assert any(link.text == "sum: source disagrees" for link in row.checks)
    html = render(
        "data_pair.md.j2", data_page("BRA", "CHN"), view=pairs[("BRA", "CHN")], links=LINKS
    )
    assert (
        "The source&#39;s own figures disagree: exports − imports = "
        '<a href="./#derived-balance-bra-chn-2022">$42.8 bn</a> (derived), against $46.8 bn stated'
    ) in html


def test_without_a_derived_figure_the_note_gives_the_checks_arithmetic(checked):
    found = disagreements(checked.checks)
    [note] = disagreement_notes(["br-cn-balance-2022"], checked.catalog, found, {})
    [check] = found["br-cn-balance-2022"]
    assert note.before == f"The source's own figures disagree: {check.arithmetic}"
    assert note.derived is None and note.after == ""


def test_the_checks_pages_show_where_a_source_disagrees_under_its_own_heading(checked):
    index, pairs = checks_views(checked.checks, checked.catalog, checked.derived)
    assert "source disagrees" in index.counts and index.disagrees == 1
    page = render("checks_index.md.j2", "checks/index.md", view=index, links=LINKS)
    assert "Where a check says “source disagrees”" in page
    view = pairs[("BRA", "CHN")]
    heading, rows = view.sections[0]
    assert heading == "Where the source's own figures disagree"
    assert [r.outcome for r in rows] == ["source disagrees"]
    shown = [r.id for _, rs in view.sections for r in rs]
    assert len(shown) == len(set(shown))  # each check once: its row is an anchor
    assert outcome_word(Outcome.DISAGREES) == "source disagrees"
    results = [
        CheckResult("a", "sum", "t", ("x",), "1", Outcome.HOLDS, "m"),
        CheckResult("b", "sum", "t", ("x",), "1", Outcome.DISAGREES, "m"),
    ]
    assert outcome_counts(results) == "1 holds, 1 source disagrees"
    assert {k: RULE_HEADINGS[k] for k in ("share", "commodity", "group", "target")} == {
        "share": "Shares",
        "commodity": "Commodities within their totals",
        "group": "Groups and the world",
        "target": "Targets and forecasts against reported figures",
    }


# Citing derived figures.


def test_a_body_cites_a_derived_figure_linked_to_its_row(checked):
    view = brief_of(checked)
    assert f'<a href="../../data/bra-chn/#{BALANCE_ID}">$47.1 bn</a>' in view.body
    derived = next(d for d in checked.derived if d.id == BALANCE_ID)
    assert derived_label(derived) == "Brazil's trade balance with China, January–November 2023"


# Pages for the world and groups.


def test_pairs_with_the_world_or_a_group_have_titles_and_no_country_pages(checked):
    cat = checked.catalog
    assert ("BRA", "WLD") in {pair_key(f.reporter, f.partner) for f in cat.figures.values()}
    view = pair_view("BRA", "WLD", cat, [])
    assert view.title == "Brazil and the world"
    assert view.countries == (Link("Brazil", Target("countries/bra/index.md")), "the world")
    page = render("pair.md.j2", pair_page("BRA", "WLD"), view=view, links=LINKS)
    assert (
        "Trade between [Brazil](../countries/bra/index.md) and the world, as the sources report it."
        in page
    )
    assert "countries/wld" not in page
    asean = pair_view("CHN", "ASEAN", cat, [])
    assert asean.title == "China and ASEAN" and asean.countries[1] == "ASEAN"
    _, data = data_views(cat, checked.derived, checked.checks, Site())
    assert data[("BRA", "WLD")].title == "Brazil and the world"
    # A check of a figure against the world's is on the checks page of the pair it is listed under.
    row = next(r for r in data[("BRA", "CHN")].figures if r.id == "br-cn-exports")
    group = next(link for link in row.checks if link.text == "group: holds")
    assert group.target.src == "checks/bra-wld.md"
    _, checks = checks_views(checked.checks, cat, checked.derived)
    assert checks[("BRA", "WLD")].title == "Brazil and the world"
    assert checks_page("BRA", "WLD") == "checks/bra-wld.md"
    assert [r.pair.text for r in pairs_index_view(cat)] == [
        "China and ASEAN",
        "Brazil–China",
        "Brazil and the world",
        "China–Russia",
    ]
    assert countries_of(cat) == ["BRA", "CHN", "RUS"]
    pages = render_countries(cat)
    assert not [p for p in pages if "wld" in p or "asean" in p]
    assert pair_search(Kind.PAIR, "BRA", "WLD", cat).filters["country"] == ("Brazil",)


def test_a_surplus_row_on_the_pair_pages_gives_the_other_sides_deficit(checked):
    cat = checked.catalog
    row = figure_row(cat.figures["cn-ru-balance"], cat)
    assert row.value.text == "a surplus of $37.2 bn in Russia's favour"
    assert row.label == "China's trade balance with Russia (Russia's surplus), 2023"
    assert row.change == "−23.8% on a year earlier"
    assert "China's deficit of $37.2 bn with Russia" in row.notes


def test_a_brief_lists_the_source_of_every_figure_its_text_cites(tmp_path):
    """A figure cited only in the body (not among the key figures) still has its source listed: every
    published number links to its source."""
    from tradebriefs.render.views.citations import brief_sources

    facts = tmp_path / "data" / "facts"
    briefs = tmp_path / "data" / "briefs"
    facts.mkdir(parents=True)
    briefs.mkdir()
    (facts / "f.yaml").write_text(
        "sources:\n"
        "  - {id: a, title: A, publisher: Agency A, published: 2024-01-02}\n"
        "  - {id: b, title: B, publisher: Agency B, published: 2024-01-03}\n"
        "figures:\n"
        "  - {id: x, reporter: CHN, partner: RUS, flow: exports, period: 2023, value: 1,"
        " unit: USD billion, source: a}\n"
        "  - {id: t, reporter: CHN, partner: RUS, flow: turnover, period: 2023, value: 3,"
        " unit: USD billion, source: b}\n",
        encoding="utf-8",
    )
    (briefs / "2024-01-03-b.yaml").write_text(
        "slug: 2024-01-03-b\ntitle: T\ndate: 2024-01-03\nplace: P\npair: [CHN, RUS]\nsummary: S\n"
        "headline: x\nfigures: [x]\nbody: Trade was {{t}}.\n",
        encoding="utf-8",
    )
    from tradebriefs.facts.pipeline import check_data

    checked, findings = check_data(tmp_path / "data")
    assert not [f for f in findings if f.severity == "error"], findings
    brief = checked.catalog.briefs["2024-01-03-b"]
    assert brief_sources(brief, checked.catalog) == ["a", "b"]


def test_goods_named_only_by_the_source_are_named_in_labels_and_chart_titles():
    """Beef (no HS code) is labelled as beef, never as all goods; a chart of one product says so."""
    from tradebriefs.facts.words import figure_label
    from tradebriefs.render.chartplan import trade_words

    beef = fig(flow="exports", product="beef")
    assert figure_label(beef).startswith("Brazil's exports of beef to China")
    soya = fig(flow="exports", product="soya", commodity="1201")
    assert trade_words(soya) == "Brazil's trade in soya (HS 1201) with China"


def test_a_revised_figure_gives_way_in_the_pair_headline_figures():
    from tradebriefs.render.views.pair import headline_figures

    first = fig(id="x24", period=parse_period("2024"), value=Decimal("100"))
    revised = fig(id="x24-rev", period=parse_period("2024"), value=Decimal("150"), revises="x24")
    assert [f.id for f in headline_figures([first, revised])] == ["x24-rev"]
