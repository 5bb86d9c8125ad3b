"""What the search index knows about a page beyond its text: Chinese and Japanese as overlapping character
pairs, and each page's kind, weight and filters."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from conftest import SEED
from tradebriefs.core.periods import parse_period
from tradebriefs.facts.pipeline import check_data
from tradebriefs.render import searchmeta
from tradebriefs.render.searchmeta import (
    SITE_PAGE,
    Kind,
    brief_search,
    cjk_bigrams,
    country_search,
    pair_search,
)


@pytest.mark.parametrize(
    "html, pairs",
    [
        ("<p>俄罗斯</p>", "俄罗 罗斯"),  # three characters: two pairs, the last one kept
        ("<p>中国和俄罗斯的贸易</p>", "中国 国和 和俄 俄罗 罗斯 斯的 的贸 贸易"),
        ("<p>ロシアと中国</p>", "ロシ シア アと と中 中国"),  # kana and Han in one run
        ("<p>中国</p>", ""),  # two characters: the word itself is a term already
        ("<p>China 中国 trade</p>", ""),
        ("<p>中国中国中</p>", "中国 国中"),  # each pair once, in order of first use
        ("<p>俄罗斯</p><p>中国和</p>", "俄罗 罗斯 中国 国和"),
        ("<p>俄罗<b>斯和</b></p>", ""),  # a tag splits a run: two runs of two
        ('<p title="贸易往来">x</p>', ""),  # an attribute is not text
        ("no Chinese at all", ""),
    ],
)
def test_every_run_of_three_or_more_han_or_kana_gives_all_its_overlapping_pairs(html, pairs):
    """From the first pair to the last, once each, space-separated; runs are cut at tags."""
    assert cjk_bigrams(html) == pairs


@pytest.fixture(scope="module")
def seed():
    checked, _ = check_data(SEED)
    return checked.catalog


def test_a_brief_is_found_by_its_countries_pair_years_flows_and_tags(seed):
    """Years of its date and of its figures; flows in the site's order; tags sorted; weight 8, its tables 3.2."""
    brief = next(iter(seed.briefs.values()))
    assert brief_search(brief, seed).front_matter() == {
        "search": {
            "kind": "Brief",
            "weight": 8.0,
            "table_weight": 3.2,
            "filters": {
                "kind": ["Brief"],
                "country": ["China", "Russia"],
                "pair": ["China–Russia"],
                "year": ["2023", "2024"],
                "flow": ["turnover", "exports", "imports"],
                "tag": ["China", "Russia", "customs statistics", "trade turnover"],
            },
        }
    }


@pytest.mark.parametrize("kind, weight", [(Kind.PAIR, 1.0), (Kind.DATA, 3.0), (Kind.CHECKS, 0.5)])
def test_a_pair_s_pages_are_found_by_the_pair_whichever_side_is_named_first(seed, kind, weight):
    """A profile, data or checks page: the pair's figures' years and flows; no tags, so no tag filter."""
    entry = pair_search(kind, "RUS", "CHN", seed)
    assert entry == pair_search(kind, "CHN", "RUS", seed)
    assert entry.front_matter() == {
        "search": {
            "kind": str(kind),
            "weight": weight,
            "filters": {
                "kind": [str(kind)],
                "country": ["China", "Russia"],
                "pair": ["China–Russia"],
                "year": ["2023", "2024"],
                "flow": ["turnover", "exports", "imports"],
            },
        }
    }


def test_a_country_is_found_by_itself_and_every_pair_it_is_in(seed):
    """One country, all its pairs (each once, sorted), its figures' years; weight 1."""
    pairs = [("CHN", "RUS"), ("USA", "CHN"), ("RUS", "CHN")]
    entry = country_search("CHN", pairs, list(seed.figures.values()))
    assert entry.weight == 1.0
    assert entry.filters == {
        "kind": ("Country",),
        "country": ("China",),
        "pair": ("China–Russia", "China–United States"),
        "year": ("2023", "2024"),
        "flow": ("turnover", "exports", "imports"),
        "tag": (),
    }


def test_a_figure_over_several_years_is_found_under_each(seed):
    """November 2022 to February 2024 is in 2022, 2023 and 2024."""
    [figure] = [f for f in seed.figures.values() if f.id == "cn-ru-exports-2023"]
    span = dataclasses.replace(figure, period=parse_period("2022-11/2024-02"), flow="balance")
    entry = searchmeta.entry(Kind.DATA, [span, figure], ["CHN"], [])
    assert entry.filters["year"] == ("2022", "2023", "2024")
    assert entry.filters["flow"] == ("exports", "balance")


def test_the_site_s_own_pages_are_about_the_site_and_weigh_little():
    """About, sources and the field reference: one filter, weight 0.5."""
    assert SITE_PAGE.front_matter() == {
        "search": {"kind": "About the site", "weight": 0.5, "filters": {"kind": ["About the site"]}}
    }


def test_a_brief_is_found_under_the_year_of_its_date_too(seed):
    """A brief written in 2026 about 2023 and 2024 figures is in 2023, 2024 and 2026."""
    brief = dataclasses.replace(next(iter(seed.briefs.values())), date=dt.date(2026, 3, 1))
    assert brief_search(brief, seed).filters["year"] == ("2023", "2024", "2026")
