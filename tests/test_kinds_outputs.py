"""The new kinds of figure in what the site gives out: charts (what each kind may draw, and how), the
downloads and the data package, `tradebriefs diff` and the revision history, and the scaffold's examples.

The data is a small folder written here: China's imports from Brazil by product (soya, iron ore, crude oil,
one of them in millions), the flows with a balance printed as a surplus in Brazil's favour, a turnover kept
as stated, a share of the world, a forecast, and a monthly figure."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest

from tradebriefs.facts.catalog import load_catalog
from tradebriefs.facts.pipeline import check_data
from tradebriefs.facts.revisions import Printed
from tradebriefs.history.changes import diff_step, printed, step_from_json, step_to_json
from tradebriefs.history.diff import Side, diff_data
from tradebriefs.history.report import report_text
from tradebriefs.ingest.scaffold import facts_text
from tradebriefs.render.chartplan import balances_of, plan_brief_charts, plan_series
from tradebriefs.render.charts import draw_svg
from tradebriefs.render.downloads import FIELD_NAMES, dataset_files

SLUG = "2024-01-20-china-brazil"
SOURCES = """\
sources:
  - id: gacc-2023
    title: China's imports from Brazil by product, 2023
    publisher: China's General Administration of Customs
    published: 2024-01-20
"""
FIGURES = """\
figures:
  - id: cn-br-imports-2023
    reporter: CHN
    partner: BRA
    flow: imports
    period: 2023
    value: 122.4
    unit: USD billion
    source: gacc-2023
  - id: cn-br-exports-2023
    reporter: CHN
    partner: BRA
    flow: exports
    period: 2023
    value: 59.2
    unit: USD billion
    source: gacc-2023
  - id: cn-br-balance-2023
    reporter: CHN
    partner: BRA
    flow: balance
    period: 2023
    value: 63.2
    unit: USD billion
    favours: BRA
    source: gacc-2023
  - id: cn-br-turnover-2023
    reporter: CHN
    partner: BRA
    flow: turnover
    period: 2023
    value: 185
    unit: USD billion
    keep_as_stated: true
    source: gacc-2023
  - id: cn-br-soya-2023
    reporter: CHN
    partner: BRA
    flow: imports
    commodity: '1201'
    product: soya
    period: 2023
    value: 38.9
    unit: USD billion
    source: gacc-2023
  - id: cn-br-ores-2023
    reporter: CHN
    partner: BRA
    flow: imports
    commodity: '2601'
    period: 2023
    value: 21.5
    unit: USD billion
    source: gacc-2023
  - id: cn-br-oil-2023
    reporter: CHN
    partner: BRA
    flow: imports
    commodity: '2709'
    period: 2023
    value: 20100
    unit: USD million
    source: gacc-2023
  - id: cn-br-share-2023
    reporter: CHN
    partner: BRA
    flow: imports
    period: 2023
    value: 4.8
    unit: percent
    share_of: WLD
    source: gacc-2023
  - id: cn-br-turnover-2030
    reporter: CHN
    partner: BRA
    flow: turnover
    period: 2030
    value: 300
    unit: USD billion
    status: forecast
    by: Brazil's trade ministry
    made: 2024-01-20
    source: gacc-2023
  - id: cn-br-exports-2024-09
    reporter: CHN
    partner: BRA
    flow: exports
    period: 2024-09
    value: 6.1
    unit: USD billion
    change: 3.2
    source: gacc-2023
"""
COMMODITIES = "[cn-br-soya-2023, cn-br-oil-2023, cn-br-imports-2023, cn-br-ores-2023]"
BRIEF = """\
slug: 2024-01-20-china-brazil
title: China's imports from Brazil
date: 2024-01-20
place: Beijing
pair: [CHN, BRA]
summary: Soya leads.
headline: cn-br-imports-2023
figures: [cn-br-imports-2023]
body: |
  China imported {{cn-br-imports-2023}} from Brazil.
charts:
"""


def write_data(folder: Path, charts: list[tuple[str, str]], figures: str = FIGURES) -> Path:
    """A data folder with the figures above and one brief drawing `charts` [(kind, figures as a flow list)]."""
    (folder / "facts").mkdir(parents=True)
    (folder / "briefs").mkdir()
    (folder / "facts/sources.yaml").write_text(SOURCES, encoding="utf-8")
    (folder / "facts/china-brazil.yaml").write_text(figures, encoding="utf-8")
    chart_lines = "".join(f"  - kind: {kind}\n    figures: {ids}\n" for kind, ids in charts)
    brief = BRIEF + chart_lines if charts else BRIEF.replace("charts:\n", "")
    (folder / f"briefs/{SLUG}.yaml").write_text(brief, encoding="utf-8")
    return folder


def chart_errors(tmp_path: Path, kind: str, ids: str) -> list[str]:
    """The errors of a brief with one chart, each as 'line: message' (the line in the brief's file)."""
    _, findings = load_catalog(write_data(tmp_path / "data", [(kind, ids)]))
    return [f"{f.place.line}: {f.message}" for f in findings if f.severity == "error"]


CHART_LINE = 13  # the line of `figures:` of the brief's one chart (a flow list: every item on it)


# --- What each kind of chart may draw (catalog.kind_chart_findings) -------------------------------------


@pytest.mark.parametrize("kind", ["flows", "growth", "commodities"])
def test_a_forecast_in_any_chart_is_an_error_that_says_to_cite_it(tmp_path, kind):
    ids = {
        "flows": "[cn-br-turnover-2023, cn-br-turnover-2030]",
        "growth": "[cn-br-exports-2024-09, cn-br-turnover-2030]",
        "commodities": "[cn-br-soya-2023, cn-br-turnover-2030]",
    }[kind]
    errors = chart_errors(tmp_path, kind, ids)
    expected = (
        f"{CHART_LINE}: figures, item 2: 'cn-br-turnover-2030' is a forecast: charts draw reported "
        "figures; cite it in the text, or draw the reported figure"
    )
    assert expected in errors


def test_a_share_in_a_chart_is_an_error_that_says_to_cite_it(tmp_path):
    errors = chart_errors(tmp_path, "flows", "[cn-br-imports-2023, cn-br-share-2023]")
    assert (
        f"{CHART_LINE}: figures, item 2: 'cn-br-share-2023' is a share: charts draw reported amounts; "
        "cite it in the text, or draw the amounts it compares"
    ) in errors


def test_a_commodities_chart_of_one_flow_with_its_total_checks(tmp_path):
    assert chart_errors(tmp_path, "commodities", COMMODITIES) == []


@pytest.mark.parametrize(
    "ids, message",
    [
        (
            "[cn-br-soya-2023, cn-br-exports-2023]",
            "figures, item 2: 'cn-br-exports-2023' is exports, 'cn-br-soya-2023' imports; a "
            "commodities chart draws one flow",
        ),
        (
            "[cn-br-soya-2023, cn-br-imports-2023, cn-br-imports-2023]",
            "figures, item 3: 'cn-br-imports-2023' and 'cn-br-imports-2023' are both of all goods; a "
            "commodities chart draws one total, as its reference",
        ),
        (
            "[cn-br-soya-2023, cn-br-soya-2023]",
            "figures, item 2: 'cn-br-soya-2023' is of HS 1201, as 'cn-br-soya-2023' is; a commodities "
            "chart draws each product once",
        ),
        (
            "[cn-br-imports-2023]",
            "figures: a commodities chart draws figures of products (with commodity: or product:); "
            "add them, or draw all goods in a flows chart",
        ),
    ],
    ids=["another flow", "two totals", "a product twice", "no product"],
)
def test_a_commodities_chart_draws_products_of_one_flow_each_once(tmp_path, ids, message):
    assert f"{CHART_LINE}: {message}" in chart_errors(tmp_path, "commodities", ids)


def test_a_commodities_chart_draws_one_currency(tmp_path):
    figures = FIGURES.replace(
        "    value: 20100\n    unit: USD million\n", "    value: 140\n    unit: CNY billion\n"
    )
    data = tmp_path / "data"
    _, findings = load_catalog(write_data(data, [("commodities", COMMODITIES)], figures))
    assert [f.message for f in findings if f.severity == "error"] == [
        "figures, item 2: 'cn-br-oil-2023' is in CNY billion, 'cn-br-soya-2023' in USD billion; a "
        "commodities chart draws one currency"
    ]


def test_a_flows_chart_draws_one_commodity(tmp_path):
    errors = chart_errors(tmp_path, "flows", "[cn-br-exports-2023, cn-br-soya-2023]")
    assert (
        f"{CHART_LINE}: figures, item 2: 'cn-br-soya-2023' is of HS 1201, 'cn-br-exports-2023' of all "
        "goods; a flows chart draws the flows of one product or of all goods (a commodities chart "
        "compares products)"
    ) in errors


def test_a_growth_chart_may_compare_products_but_draws_changes_on_one_base(tmp_path):
    figures = FIGURES.replace(
        "    value: 38.9\n    unit: USD billion\n",
        "    value: 38.9\n    unit: USD billion\n    change: 20\n",
    ).replace(
        "    value: 21.5\n    unit: USD billion\n",
        "    value: 21.5\n    unit: USD billion\n    change: 1.7\n    change_on: previous quarter\n",
    )
    figures = figures.replace(
        "    commodity: '2601'\n    period: 2023\n", "    commodity: '2601'\n    period: 2023-Q4\n"
    )
    data = write_data(
        tmp_path / "data", [("growth", "[cn-br-soya-2023, cn-br-ores-2023]")], figures
    )
    _, findings = load_catalog(data)
    assert [f.message for f in findings if "base" in f.message] == [
        "figures, item 2: 'cn-br-ores-2023' changes on the previous quarter, 'cn-br-soya-2023' on the "
        "year earlier; a growth chart draws changes on one base (use a chart for each)"
    ]


# A product no one HS code covers: its name alone.
BEEF = """\
  - id: cn-br-beef-2023
    reporter: CHN
    partner: BRA
    flow: imports
    product: beef
    period: 2023
    value: 7.9
    unit: USD billion
    change: -5
    source: gacc-2023
"""


def test_a_product_named_alone_is_a_product_of_a_commodities_chart(tmp_path):
    errors = chart_errors(tmp_path, "commodities", "[cn-br-imports-2023, cn-br-soya-2023]")
    assert errors == []
    data = write_data(
        tmp_path / "beef",
        [("commodities", "[cn-br-beef-2023, cn-br-beef-2023]")],
        FIGURES + BEEF,
    )
    _, findings = load_catalog(data)
    assert [f.message for f in findings if f.severity == "error"] == [
        "figures, item 2: 'cn-br-beef-2023' is of beef, as 'cn-br-beef-2023' is; a commodities chart "
        "draws each product once"
    ]


# --- Chart plans and drawing ------------------------------------------------------------------------------


def checked_data(folder: Path, charts, figures: str = FIGURES):
    checked, findings = check_data(write_data(folder, charts, figures))
    assert not [f for f in findings if f.severity == "error"], findings
    return checked


def brief_plans(checked):
    return plan_brief_charts(checked.catalog, checked.derived)[SLUG]


def test_a_commodities_chart_draws_each_product_largest_first_and_the_total_as_its_reference(
    tmp_path,
):
    checked = checked_data(tmp_path / "data", [("commodities", COMMODITIES)])
    (plan,) = brief_plans(checked)
    spec = plan.spec
    assert (plan.path, spec.kind, spec.title) == (
        f"charts/{SLUG}-1-commodities.svg",
        "commodities",
        "China's imports from Brazil by product, 2023",
    )
    # Largest first in one scale (the oil's 20,100 million is 20.1 billion), each as printed; the product's
    # own name, else the HS description cut short; the total last, outlined as the reference.
    assert [(b.label, b.text, b.reference) for b in spec.bars] == [
        ("Soya", "$38.9 bn", False),
        ("Iron ores and concentrates", "$21.5 bn", False),
        ("Petroleum oils and oils obtained from…", "$20,100 mn", False),
        ("All goods", "$122.4 bn", True),
    ]
    assert spec.axis == "USD million"
    assert [str(b.value) for b in spec.bars] == ["38900", "21500", "20100", "122400"]
    assert spec.alt == (
        "Bar chart: China's imports from Brazil by product, 2023. Soya (HS 1201): $38.9 billion; Iron "
        "ores and concentrates (HS 2601): $21.5 billion; Petroleum oils and oils obtained from "
        "bituminous minerals (HS 2709): $20,100 million; all goods: $122.4 billion."
    )
    assert [f.id for f in plan.figures] == [
        "cn-br-soya-2023",
        "cn-br-ores-2023",
        "cn-br-oil-2023",
        "cn-br-imports-2023",
    ]
    svg = draw_svg(spec).decode()
    assert svg.count("fill: none; stroke: #e69f00") == 1  # only the total is drawn unfilled


def test_a_product_named_alone_is_drawn_by_its_name(tmp_path):
    checked = checked_data(
        tmp_path / "data",
        [("commodities", "[cn-br-imports-2023, cn-br-beef-2023, cn-br-soya-2023]")],
        FIGURES + BEEF,
    )
    (plan,) = brief_plans(checked)
    assert [b.label for b in plan.spec.bars] == ["Soya", "Beef", "All goods"]
    assert "Beef: $7.9 billion;" in plan.spec.alt


def test_a_growth_chart_of_products_labels_each_bar_by_its_product(tmp_path):
    figures = (FIGURES + BEEF).replace(
        "    value: 38.9\n    unit: USD billion\n",
        "    value: 38.9\n    unit: USD billion\n    change: 20\n",
    )
    checked = checked_data(
        tmp_path / "data", [("growth", "[cn-br-soya-2023, cn-br-beef-2023]")], figures
    )
    (plan,) = brief_plans(checked)
    assert [(b.label, b.text) for b in plan.spec.bars] == [("Soya", "+20%"), ("Beef", "−5%")]
    assert (
        plan.spec.title == "China's imports from Brazil by product, 2023: change on a year earlier"
    )


def test_a_commodities_chart_s_download_holds_its_figures_with_their_commodity(tmp_path):
    from tradebriefs.render.site import render_site

    checked = checked_data(tmp_path / "data", [("commodities", COMMODITIES)])
    tree = render_site(checked, draw=lambda plans: {})
    rows = list(csv.DictReader(io.StringIO(tree[f"charts/{SLUG}-1-commodities.csv"])))
    assert [(r["id"], r["commodity"], r["product"], r["value"], r["unit"]) for r in rows] == [
        ("cn-br-soya-2023", "1201", "soya", "38.9", "USD billion"),
        ("cn-br-ores-2023", "2601", "", "21.5", "USD billion"),
        ("cn-br-oil-2023", "2709", "", "20100", "USD million"),
        ("cn-br-imports-2023", "", "", "122.4", "USD billion"),
    ]
    figures = json.loads(tree[f"charts/{SLUG}-1-commodities.json"])["figures"]
    assert [f["commodity"] for f in figures] == ["1201", "2601", "2709", ""]


def test_a_balance_in_the_partner_s_favour_is_drawn_below_zero(tmp_path):
    """The source printed a surplus of 63.2 in Brazil's favour: from China's side the balance is −63.2."""
    checked = checked_data(
        tmp_path / "data", [("flows", "[cn-br-exports-2023, cn-br-imports-2023]")]
    )
    (plan,) = brief_plans(checked)
    assert [(b.label, str(b.value), b.text) for b in plan.spec.bars] == [
        ("Exports to Brazil", "59.2", "$59.2 bn"),
        ("Imports from Brazil", "122.4", "$122.4 bn"),
        ("Balance", "-63.2", "−$63.2 bn"),
    ]
    assert plan.spec.alt.endswith(
        "the balance, as reported, was a surplus of $63.2 billion in Brazil's favour."
    )


def test_a_balance_drawn_directly_in_a_flows_chart_is_signed_from_the_reporter_s_side(tmp_path):
    checked = checked_data(
        tmp_path / "data", [("flows", "[cn-br-exports-2023, cn-br-balance-2023]")]
    )
    (plan,) = brief_plans(checked)
    assert [(b.label, str(b.value), b.text) for b in plan.spec.bars][1] == (
        "Balance",
        "-63.2",
        "−$63.2 bn",
    )


def test_a_flows_chart_of_all_goods_draws_the_balance_of_all_goods_not_of_a_product(tmp_path):
    """Soya exports beside soya imports derive soya's balance: the chart of all goods must not draw it."""
    figures = FIGURES.replace(
        "  - id: cn-br-balance-2023\n", "  - id: cn-br-balance-2023-printed\n"
    ).replace("    favours: BRA\n", "    favours: BRA\n    commodity: '27'\n")
    figures += (
        "  - id: cn-br-soya-exports-2023\n    reporter: CHN\n    partner: BRA\n    flow: exports\n"
        "    commodity: '1201'\n    period: 2023\n    value: 0.1\n    unit: USD billion\n"
        "    source: gacc-2023\n"
    )
    checked = checked_data(
        tmp_path / "data", [("flows", "[cn-br-exports-2023, cn-br-imports-2023]")], figures
    )
    derived = {d.id for d in checked.derived if d.kind == "balance"}
    assert derived == {"derived-balance-chn-bra-2023", "derived-balance-chn-bra-2023-hs1201"}
    (plan,) = brief_plans(checked)
    assert [d.id for d in plan.derived] == ["derived-balance-chn-bra-2023"]
    assert plan.spec.bars[-1].text == "−$63.2 bn"


def test_the_balance_of_a_product_named_alone_is_not_that_of_all_goods(tmp_path):
    """Beef has no HS code: its derived balance has no commodity, and still is beef's, in the chart and the
    download alike."""
    figures = FIGURES.replace(
        "  - id: cn-br-balance-2023\n", "  - id: cn-br-balance-2023-printed\n"
    )
    figures = figures.replace("    favours: BRA\n", "    favours: BRA\n    commodity: '27'\n")
    figures += BEEF + BEEF.replace("beef-2023", "beef-exports-2023").replace(
        "flow: imports", "flow: exports"
    ).replace("value: 7.9", "value: 0.2")
    checked = checked_data(
        tmp_path / "data", [("flows", "[cn-br-exports-2023, cn-br-imports-2023]")], figures
    )
    (plan,) = brief_plans(checked)
    assert [d.id for d in plan.derived] == ["derived-balance-chn-bra-2023"]
    files = dataset_files(checked.catalog, checked.derived)
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(files["data/figures.csv"]))}
    beef = rows["derived-balance-chn-bra-2023-beef"]
    assert (beef["commodity"], beef["product"], beef["value"]) == ("", "beef", "-7.7")


def test_a_forecast_or_a_share_is_never_the_balance_a_chart_draws(tmp_path):
    checked = checked_data(tmp_path / "data", [])
    forecast = checked.catalog.figures["cn-br-balance-2023"]
    from dataclasses import replace

    balances = balances_of([replace(forecast, status="forecast", by="x")], [])
    assert balances == {}


def test_a_growth_chart_says_what_its_changes_are_on(tmp_path):
    figures = FIGURES.replace(
        "    change: 3.2\n", "    change: 3.2\n    change_on: previous month\n"
    )
    checked = checked_data(tmp_path / "data", [("growth", "[cn-br-exports-2024-09]")], figures)
    (plan,) = brief_plans(checked)
    assert (
        plan.spec.title == "China's trade with Brazil, September 2024: change on the previous month"
    )
    assert plan.spec.axis == "percent change on the previous month"


def test_a_series_draws_reported_amounts_of_all_goods_only(tmp_path):
    """The 2030 forecast and 2023 turnover are no series; nor are soya 2023 and imports 2023."""
    figures = FIGURES + (
        "  - id: cn-br-soya-2022\n    reporter: CHN\n    partner: BRA\n    flow: imports\n"
        "    commodity: '1201'\n    period: 2022\n    value: 30\n    unit: USD billion\n"
        "    source: gacc-2023\n"
    )
    checked = checked_data(tmp_path / "data", [], figures)
    assert plan_series(checked.catalog.figures.values(), checked.catalog.sources) == {}


# --- Downloads and the data package -----------------------------------------------------------------------


OLD_COLUMNS = [
    "id",
    "kind",
    "reporter",
    "partner",
    "flow",
    "period",
    "value",
    "unit",
    "qualifier",
    "change_percent",
    "basis",
    "notes",
    "formula",
    "inputs",
    "source",
    "source_publisher",
    "source_title",
    "source_url",
]
NEW_COLUMNS = [
    "commodity",
    "product",
    "share_of",
    "change_on",
    "favours",
    "status",
    "by",
    "made",
    "keep_as_stated",
]


@pytest.fixture
def dataset(tmp_path):
    checked = checked_data(tmp_path / "data", [("commodities", COMMODITIES)])
    return dataset_files(checked.catalog, checked.derived)


def test_the_new_columns_come_after_the_old_ones(dataset):
    assert FIELD_NAMES == OLD_COLUMNS + NEW_COLUMNS
    assert dataset["data/figures.csv"].splitlines()[0] == ",".join(OLD_COLUMNS + NEW_COLUMNS)


def test_each_figure_s_row_carries_its_kind_and_empty_where_not_set(dataset):
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(dataset["data/figures.csv"]))}

    def new(ident):
        return {k: rows[ident][k] for k in NEW_COLUMNS}

    empty = dict.fromkeys(NEW_COLUMNS, "")
    assert new("cn-br-imports-2023") == {**empty, "status": "reported"}
    assert new("cn-br-soya-2023") == {
        **empty,
        "commodity": "1201",
        "product": "soya",
        "status": "reported",
    }
    assert new("cn-br-share-2023") == {**empty, "share_of": "WLD", "status": "reported"}
    assert rows["cn-br-share-2023"]["unit"] == "percent"
    assert new("cn-br-balance-2023") == {**empty, "favours": "BRA", "status": "reported"}
    assert new("cn-br-turnover-2030") == {
        **empty,
        "status": "forecast",
        "by": "Brazil's trade ministry",
        "made": "2024-01-20",
    }
    assert new("cn-br-exports-2024-09") == {
        **empty,
        "change_on": "year earlier",
        "status": "reported",
    }
    assert new("cn-br-turnover-2023") == {**empty, "status": "reported", "keep_as_stated": "true"}
    derived = [r for r in rows.values() if r["kind"] == "derived"]
    assert derived and all(new(r["id"]) == empty for r in derived)


def test_json_writes_a_flag_as_true_or_null_and_derived_figures_carry_their_commodity(tmp_path):
    figures = FIGURES + (
        "  - id: cn-br-soya-exports-2023\n    reporter: CHN\n    partner: BRA\n    flow: exports\n"
        "    commodity: '1201'\n    period: 2023\n    value: 0.1\n    unit: USD billion\n"
        "    source: gacc-2023\n"
    )
    checked = checked_data(tmp_path / "data", [], figures)
    files = dataset_files(checked.catalog, checked.derived)
    records = {r["id"]: r for r in json.loads(files["data/figures.json"])["figures"]}
    assert records["cn-br-turnover-2023"]["keep_as_stated"] is True
    assert records["cn-br-imports-2023"]["keep_as_stated"] is None
    assert records["derived-balance-chn-bra-2023-hs1201"]["commodity"] == "1201"
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(files["data/figures.csv"]))}
    assert rows["derived-balance-chn-bra-2023-hs1201"]["commodity"] == "1201"


def test_the_data_package_describes_the_new_columns_and_validates(dataset, tmp_path):
    from frictionless import validate

    package = json.loads(dataset["data/datapackage.json"])
    fields = package["resources"][0]["schema"]["fields"]
    assert [f["name"] for f in fields] == OLD_COLUMNS + NEW_COLUMNS
    types = {f["name"]: f["type"] for f in fields}
    assert (types["made"], types["keep_as_stated"], types["commodity"]) == (
        "date",
        "boolean",
        "string",
    )
    assert all(f["description"] for f in fields)
    out = tmp_path / "site/data"
    out.mkdir(parents=True)
    for path, text in dataset.items():
        (out.parent / path).write_text(text, encoding="utf-8")
    report = validate(str(out / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


# --- `tradebriefs diff` and the revision history ----------------------------------------------------------


FORECAST = "    change: 3.2\n    status: forecast\n    by: Brazil's trade ministry\n"
REPORTED_ON_MONTH = "    change: 3.2\n    change_on: previous month\n"


@pytest.fixture
def two_sides(tmp_path):
    """The monthly figure as a forecast on a year earlier (base), then as reported on the previous month."""
    sides = []
    for label, block in (("base", FORECAST), ("head", REPORTED_ON_MONTH)):
        figures = FIGURES.replace("    change: 3.2\n", block)
        checked, findings = check_data(write_data(tmp_path / label, [], figures))
        assert not [f for f in findings if f.severity == "error"], findings
        sides.append(Side(label, None, checked, tuple(findings)))
    return sides


def test_a_diff_shows_a_change_of_status_and_of_change_on(two_sides):
    diff = diff_data(*two_sides, dt.date(2026, 1, 1))
    (change,) = diff.facts.figures.changed
    assert (
        change.summary == "CHN→BRA exports 2024-09: 6.1 USD billion (+3.2% on the previous month)"
    )
    assert [(c.field, c.was, c.now) for c in change.changes] == [
        ("change_on", "year earlier", "previous month"),
        ("status", "forecast", "reported"),
        ("by", "Brazil's trade ministry", None),
    ]
    text = report_text(diff)
    assert "      status     forecast → reported\n" in text
    assert "      change_on  year earlier → previous month\n" in text


def test_a_figure_s_summary_in_a_diff_says_what_kind_of_figure_it_is(two_sides):
    base, _ = two_sides
    from tradebriefs.history.diff import summarize_record

    figures = base.checked.catalog.figures
    assert [
        summarize_record("figures", figures[i])
        for i in (
            "cn-br-exports-2024-09",
            "cn-br-soya-2023",
            "cn-br-share-2023",
            "cn-br-balance-2023",
            "cn-br-turnover-2030",
            "cn-br-turnover-2023",
        )
    ] == [
        "CHN→BRA exports 2024-09: 6.1 USD billion (+3.2%), forecast by Brazil's trade ministry",
        "CHN→BRA imports of HS 1201 (soya) 2023: 38.9 USD billion",
        "CHN→BRA imports 2023: 4.8 percent of WLD",
        "CHN→BRA balance 2023: 63.2 USD billion in BRA's favour",
        "CHN→BRA turnover 2030: 300 USD billion, forecast by Brazil's trade ministry on 2024-01-20",
        "CHN→BRA turnover 2023: 185 USD billion, kept as stated",
    ]


def test_a_change_of_status_or_change_on_alone_is_a_revision_in_the_history(two_sides):
    base, head = two_sides
    step = diff_step(base.checked, head.checked)
    (item,) = step.items
    assert (item.kind, item.id) == ("figure revised", "cn-br-exports-2024-09")
    assert (item.was.status, item.was.by, item.was.change_on) == (
        "forecast",
        "Brazil's trade ministry",
        "year earlier",
    )
    assert (item.now.status, item.now.by, item.now.change_on) == (
        "reported",
        None,
        "previous month",
    )
    assert step_from_json(json.loads(json.dumps(step_to_json(step)))) == step


def test_a_revision_cached_before_the_new_fields_reads_back_with_their_defaults():
    old = {"value": "1", "unit": "USD billion", "qualifier": "exact", "change": None}
    assert Printed(**old) == Printed("1", "USD billion", "exact", None, "year earlier", "reported")


@pytest.mark.parametrize(
    "old, new",
    [
        ("    favours: BRA\n", "    favours: CHN\n"),
        ("    commodity: '2601'\n", "    commodity: '26'\n"),
        ("    share_of: WLD\n", "    share_of: USA\n"),
    ],
    ids=["favours", "commodity", "share_of"],
)
def test_a_change_of_favours_commodity_or_share_of_alone_is_a_revision(tmp_path, old, new):
    """(A surplus now in China's favour fails the balance check: the step still says it was revised.)"""
    base, _ = check_data(write_data(tmp_path / "base", [], FIGURES))
    head, findings = check_data(write_data(tmp_path / "head", [], FIGURES.replace(old, new)))
    assert not [f for f in findings if f.severity == "error" and not f.check], findings
    (item,) = diff_step(base, head).items
    assert item.kind == "figure revised" and item.was != item.now


def test_a_share_s_printed_form_is_in_percent_of_its_whole(tmp_path):
    checked = checked_data(tmp_path / "data", [])
    assert printed(checked.catalog.figures["cn-br-share-2023"]) == Printed(
        "4.8", "percent", "exact", None, share_of="WLD"
    )


# --- The scaffold's examples ------------------------------------------------------------------------------


def filled_in(text: str) -> str:
    """The scaffold's fact file with its commented examples taken in and every placeholder filled in."""
    text = text.split("\nfigures:\n", 1)[
        1
    ]  # the sources' placeholders: the test has its own source
    text = re.sub(r"(?m)^  # ", "  ", text)  # the examples' lines; the prose starts at the margin
    count = iter(range(1, 100))
    values = {
        "id": lambda: f"x-{next(count)}",
        "source": lambda: "gacc-2023",
        "period": lambda: "2024",
        "value": lambda: "1.5",
        "change": lambda: "2",
        "by": lambda: "a ministry",
        "made": lambda: "2024-01-20",
    }
    text = re.sub(
        r'(?m)^(\s*(?:- )?)(\w+): "TODO:.*"$', lambda m: f"{m[1]}{m[2]}: {values[m[2]]()}", text
    )
    return "figures:\n" + text


def test_the_scaffold_shows_a_commodity_a_share_a_forecast_and_defaults_as_comments(tmp_path):
    text = facts_text(("KAZ", "CHN"))
    assert "\n# defaults:\n" in text and "\n#   unit: USD billion\n" in text
    assert '\n  #   commodity: "1201"\n' in text
    data = tmp_path / "data"
    (data / "facts").mkdir(parents=True)
    (data / "facts/sources.yaml").write_text(SOURCES, encoding="utf-8")
    (data / "facts/kaz-chn.yaml").write_text(filled_in(text), encoding="utf-8")
    cat, findings = load_catalog(data)
    assert [str(f) for f in findings if f.severity == "error"] == []
    made = [f for f in cat.figures.values() if f.id in ("x-4", "x-5", "x-6")]
    assert [(f.commodity, f.product, f.share_of, str(f.unit), f.status, f.by) for f in made] == [
        ("1201", "soya", None, "USD billion", "reported", None),
        (None, None, "WLD", "percent", "reported", None),
        (None, None, None, "USD billion", "forecast", "a ministry"),
    ]


def test_the_json_download_is_laid_out_as_an_indented_json_dump_with_decimal_digits():
    """to_json writes record by record with the C encoder: the same bytes as json.dumps(indent=2), decimals
    as their printed digits, any text escaped as JSON escapes it."""
    from decimal import Decimal

    from tradebriefs.render.downloads import to_json

    records = [
        {"id": "a", "value": Decimal("240.110"), "change": Decimal("-0.5"), "note": None},
        {
            "id": 'q"\\\n\u2028</script>',
            "value": Decimal("7"),
            "keep": True,
            "n": 3,
            "x": "Рост 中国",
        },
        {},
    ]
    floats = {
        "figures": [
            {k: float(v) if isinstance(v, Decimal) else v for k, v in r.items()} for r in records
        ]
    }
    expected = json.dumps(floats, indent=2, ensure_ascii=False)
    for number, digits in (("240.11", "240.110"), ("-0.5", "-0.5"), ("7.0", "7")):
        expected = expected.replace(f": {number}", f": {digits}", 1)
    assert to_json(records) == expected
    assert to_json([]) == json.dumps({"figures": []}, indent=2)
    assert json.loads(to_json(records))["figures"][1]["id"] == records[1]["id"]
