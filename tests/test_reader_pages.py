"""What a reader takes away: downloads, feeds, citations, structured data, and index pages that paginate."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import run_cli

pytestmark = pytest.mark.slow
SLUG = "2024-10-28-russia-china-trade-drivers"
BRIEF = f"briefs/{SLUG}/index.html"


def read_csv(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_chart_download_holds_exactly_the_charted_figures(built_site):
    rows = read_csv(built_site / f"charts/{SLUG}-1-flows.csv")
    assert [(r["id"], r["kind"], r["value"], r["unit"], r["period"]) for r in rows] == [
        ("cn-ru-exports-2023", "reported", "110.97", "USD billion", "2023"),
        ("cn-ru-imports-2023", "reported", "129.14", "USD billion", "2023"),
        ("derived-balance-chn-rus-2023", "derived", "-18.17", "USD billion", "2023"),
    ]
    assert rows[0]["source"] == "cn-customs-2023-via-tass" and rows[0]["qualifier"] == "about"
    as_json = json.loads((built_site / f"charts/{SLUG}-1-flows.json").read_text(encoding="utf-8"))
    assert [f["value"] for f in as_json["figures"]] == [110.97, 129.14, -18.17]
    growth = read_csv(built_site / f"charts/{SLUG}-2-growth.csv")
    assert [(r["id"], r["change_percent"]) for r in growth] == [
        ("cn-ru-turnover-2023", "26.3"),
        ("cn-ru-exports-2023", "46.9"),
        ("cn-ru-imports-2023", "12.7"),
    ]
    html = (built_site / BRIEF).read_text(encoding="utf-8")
    assert (
        f'href="../../charts/{SLUG}-1-flows.csv"' in html
        and f'href="../../charts/{SLUG}-2-growth.json"' in html
    )


def test_whole_data_set_with_a_data_package(built_site):
    rows = read_csv(built_site / "data/figures.csv")
    reported = {r["id"]: r["value"] for r in rows if r["kind"] == "reported"}
    assert reported == {
        "cn-ru-exports-2023": "110.97",
        "cn-ru-imports-2023": "129.14",
        "cn-ru-turnover-2023": "240.11",
        "ru-cn-turnover-2024-jan-sep": "180",
    }
    package = json.loads((built_site / "data/datapackage.json").read_text(encoding="utf-8"))
    [resource] = package["resources"]
    assert resource["path"] == "figures.csv" and (built_site / "data" / resource["path"]).is_file()
    assert [f["name"] for f in resource["schema"]["fields"]] == list(rows[0].keys())
    assert {f["name"]: f["type"] for f in resource["schema"]["fields"]}["value"] == "number"
    data = (built_site / "data/index.html").read_text(encoding="utf-8")
    for target in ("figures.csv", "figures.json", "datapackage.json"):
        assert f'href="{target}"' in data


def json_ld_of(html: str) -> dict:
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, flags=re.S)
    return json.loads(block)


def test_structured_data_for_briefs_and_the_data_set(built_site):
    brief = json_ld_of((built_site / BRIEF).read_text(encoding="utf-8"))
    assert brief["@type"] == "Report" and brief["datePublished"] == "2024-10-28"
    assert brief["headline"].startswith("Russia is now one of China's foreign trade drivers")
    assert any(c.get("url") == "https://tass.com/economy/1863483" for c in brief["citation"])
    dataset = json_ld_of((built_site / "data/index.html").read_text(encoding="utf-8"))
    assert dataset["@type"] == "Dataset" and {
        d["encodingFormat"] for d in dataset["distribution"]
    } == {"text/csv", "application/json"}


def test_feeds_list_the_briefs(built_site):
    channel = ET.fromstring((built_site / "feed.xml").read_text(encoding="utf-8")).find("channel")
    [item] = channel.findall("item")
    assert item.findtext("title").startswith("Russia is now one of China's")
    assert item.findtext("link").endswith(f"briefs/{SLUG}/")
    assert item.findtext("pubDate") == "Mon, 28 Oct 2024 00:00:00 +0000"
    feed = json.loads((built_site / "feed.json").read_text(encoding="utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["items"][0]["date_published"] == "2024-10-28T00:00:00Z"


def test_cite_this_brief(built_site):
    html = (built_site / BRIEF).read_text(encoding="utf-8")
    assert "Cite this brief" in html
    assert "Trade Briefs, “Russia is now one of China's foreign trade drivers" in html
    assert f"/briefs/{SLUG}/" in html.split("Cite this brief", 1)[1]


def test_country_tag_and_archive_pages(built_site):
    russia = (built_site / "countries/rus/index.html").read_text(encoding="utf-8")
    assert '<span lang="ru">Россия</span>' in russia and "$240.11 bn" in russia
    assert (built_site / "tags/customs-statistics/index.html").is_file()
    assert SLUG in (built_site / "archive/2024/index.html").read_text(encoding="utf-8")
    assert 'href="../../tags/china/"' in (built_site / BRIEF).read_text(encoding="utf-8")


def many_briefs(data: Path, n: int) -> None:
    """n briefs made from the seed brief, one a day back from the seed's date, without charts (fast)."""
    seed = next((data / "briefs").glob("*.yaml"))
    text = re.sub(r"\ncharts:\n(?:  .*\n)+", "\n", seed.read_text(encoding="utf-8"))
    assert "charts:" not in text and "tags:" in text
    day = dt.date(2024, 10, 28)
    for i in range(1, n):
        slug = f"brief-{i:04d}"
        body = re.sub(r"^slug: .*$", f"slug: {slug}", text, flags=re.M)
        body = re.sub(r"^date: .*$", f"date: {day - dt.timedelta(days=i)}", body, flags=re.M)
        (data / "briefs" / f"{slug}.yaml").write_text(body, encoding="utf-8")


def nav_links(html: str) -> int:
    return html.count('class="md-nav__link')


def test_lists_paginate_and_the_nav_does_not_grow(built_site, data_copy, tmp_path):
    many_briefs(data_copy, 120)
    site = tmp_path / "site"
    result = run_cli("build", "--data", str(data_copy), "--site", str(site))
    assert result.returncode == 0, result.stderr
    first = (site / "briefs/index.html").read_text(encoding="utf-8")
    assert (
        "Page 1 of 3" in first
        and first.count('href="../briefs/brief-') + first.count('href="brief-') >= 49
    )
    third = (site / "briefs/page/3/index.html").read_text(encoding="utf-8")
    assert "Page 3 of 3" in third and "brief-0119" in third
    assert (site / "archive/2024/page/2/index.html").is_file()
    assert (site / "tags/china/page/3/index.html").is_file()
    small = (built_site / BRIEF).read_text(encoding="utf-8")
    large = (site / BRIEF).read_text(encoding="utf-8")
    assert nav_links(large) == nav_links(small)


def test_feeds_are_autodiscovered_from_every_page(built_site):
    for page in ("index.html", BRIEF, "data/index.html"):
        html = (built_site / page).read_text(encoding="utf-8")
        depth = page.count("/")
        prefix = "../" * depth
        assert (
            f'<link rel="alternate" type="application/rss+xml" title="Trade Briefs (RSS)" href="{prefix}feed.xml">'
            in html
        )
        assert (
            f'type="application/feed+json" title="Trade Briefs (JSON Feed)" href="{prefix}feed.json">'
            in html
        )
