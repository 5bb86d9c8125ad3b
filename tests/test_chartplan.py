"""Chart plans, without drawing or MkDocs: what a chart draws is what its download holds and its page says."""

from __future__ import annotations

import csv
import io
import shutil

import pytest

from conftest import SEED
from tradebriefs.facts.pipeline import check_data
from tradebriefs.render.chartplan import plan_brief_charts
from tradebriefs.render.site import render_site

SLUG = "2024-10-28-russia-china-trade-drivers"
REPORTED_BALANCE = """
  - id: cn-ru-balance-2023
    reporter: CHN
    partner: RUS
    flow: balance
    period: 2023
    value: -18.17
    unit: USD billion
    source: cn-customs-2023-via-tass
"""


def flows_plan(data):
    checked, findings = check_data(data)
    assert not [f for f in findings if f.severity == "error"], findings
    return checked, plan_brief_charts(checked.catalog, checked.derived)[SLUG][0]


def test_without_a_reported_balance_the_chart_draws_the_derived_one_and_says_so():
    _, plan = flows_plan(SEED)
    assert [b.label for b in plan.spec.bars] == [
        "Exports to Russia",
        "Imports from Russia",
        "Balance (derived)",
    ]
    assert [d.id for d in plan.derived] == ["derived-balance-chn-rus-2023"]
    assert "the balance, exports minus imports, was −$18.17 billion" in plan.spec.alt


@pytest.fixture
def with_reported_balance(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(SEED, data)
    facts = data / "facts" / "china-russia.yaml"
    text = facts.read_text(encoding="utf-8")
    facts.write_text(
        text.replace("\nranks:\n", REPORTED_BALANCE + "\nranks:\n", 1), encoding="utf-8"
    )
    return data


def test_a_reported_balance_is_drawn_as_reported_and_is_in_the_download(with_reported_balance):
    checked, plan = flows_plan(with_reported_balance)
    assert [b.label for b in plan.spec.bars] == [
        "Exports to Russia",
        "Imports from Russia",
        "Balance",
    ]
    assert not any(b.derived for b in plan.spec.bars) and plan.derived == ()
    assert [f.id for f in plan.figures] == [
        "cn-ru-exports-2023",
        "cn-ru-imports-2023",
        "cn-ru-balance-2023",
    ]
    tree = render_site(checked, draw=lambda plans: {})
    rows = list(csv.DictReader(io.StringIO(tree[f"charts/{SLUG}-1-flows.csv"])))
    assert [(r["id"], r["kind"], r["value"]) for r in rows] == [
        ("cn-ru-exports-2023", "reported", "110.97"),
        ("cn-ru-imports-2023", "reported", "129.14"),
        ("cn-ru-balance-2023", "reported", "-18.17"),
    ]


def test_every_chart_download_holds_exactly_the_figures_its_chart_draws():
    checked, _ = check_data(SEED)
    tree = render_site(checked, draw=lambda plans: {})
    for plans in plan_brief_charts(checked.catalog, checked.derived).values():
        for plan in plans:
            rows = list(csv.DictReader(io.StringIO(tree[plan.path.removesuffix(".svg") + ".csv"])))
            assert [r["value"] for r in rows] == [
                format(b.value, "f") for b in plan.spec.bars
            ] or plan.spec.kind == "growth"
            assert [r["id"] for r in rows] == [f.id for f in plan.figures] + [
                d.id for d in plan.derived
            ]
