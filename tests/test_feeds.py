"""Feeds: RSS and JSON Feed carry the newest FEED_SIZE briefs (and "What changed" entries), newest first,
the same items in both."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import xml.etree.ElementTree as ET
from types import SimpleNamespace

from tradebriefs.render.changelog import ChangeLine, EntryView
from tradebriefs.render.feeds import FEED_SIZE, changes_feed_files, feed_files
from tradebriefs.render.templates import Link, Target
from tradebriefs.render.views.site import Site

SITE = Site(name="T", url="https://example.org/", description="D", language="en")
BASE = "https://example.org/"
COUNT = 60  # more than FEED_SIZE


def briefs(count: int = COUNT) -> list:
    """Briefs as the catalog gives them: newest first (brief 59 is dated 1 March, brief 0 on 1 January)."""
    first = dt.date(2024, 1, 1)
    return [
        SimpleNamespace(
            slug=f"brief-{i:02d}",
            title=f"Brief {i}",
            date=first + dt.timedelta(days=i),
            summary=f"Summary {i}",
            tags=(f"tag-{i}", "trade"),
        )
        for i in reversed(range(count))
    ]


def rss_items(text: str) -> list[ET.Element]:
    return ET.fromstring(text).find("channel").findall("item")


def test_the_feed_size_is_fifty():
    """A feed holds 50 items; older briefs are on the archive pages."""
    assert FEED_SIZE == 50


def test_both_brief_feeds_hold_the_newest_fifty_newest_first():
    """Of 60 briefs given newest first, RSS and JSON Feed list briefs 59 down to 10, in that order."""
    files = feed_files(briefs(), SITE)
    assert sorted(files) == ["feed.json", "feed.xml"]
    expected = [f"{BASE}briefs/brief-{i:02d}/" for i in range(59, 9, -1)]
    rss = rss_items(files["feed.xml"])
    assert [item.findtext("link") for item in rss] == expected
    assert [item.findtext("guid") for item in rss] == expected
    items = json.loads(files["feed.json"])["items"]
    assert [item["url"] for item in items] == expected
    assert [item["id"] for item in items] == expected


def test_an_rss_item_and_a_json_item_say_the_same_of_a_brief():
    """Title, link, date, summary and tags of the newest brief, in both feeds."""
    files = feed_files(briefs(), SITE)
    rss = rss_items(files["feed.xml"])[0]
    assert rss.findtext("title") == "Brief 59"
    assert rss.findtext("pubDate") == "Thu, 29 Feb 2024 00:00:00 +0000"
    assert rss.findtext("description") == "Summary 59"
    assert [c.text for c in rss.findall("category")] == ["tag-59", "trade"]
    assert rss.find("guid").get("isPermaLink") == "true"
    assert json.loads(files["feed.json"])["items"][0] == {
        "id": f"{BASE}briefs/brief-59/",
        "url": f"{BASE}briefs/brief-59/",
        "title": "Brief 59",
        "summary": "Summary 59",
        "content_text": "Summary 59",
        "date_published": "2024-02-29T00:00:00Z",
        "tags": ["tag-59", "trade"],
    }


def test_a_site_relative_feed_has_guids_that_are_not_permalinks():
    """Without a site URL the links are site-relative, and RSS says its guid is no permanent link."""
    rss = rss_items(feed_files(briefs(1), Site(name="T"))["feed.xml"])[0]
    assert rss.findtext("link") == "/briefs/brief-00/"
    assert rss.find("guid").get("isPermaLink") == "false"


def test_a_feed_of_fewer_briefs_holds_them_all():
    """Three briefs: three items in each feed, newest first."""
    files = feed_files(briefs(3), SITE)
    assert [i.findtext("title") for i in rss_items(files["feed.xml"])] == [
        "Brief 2",
        "Brief 1",
        "Brief 0",
    ]
    assert len(json.loads(files["feed.json"])["items"]) == 3


def test_the_brief_feeds_carry_the_site_s_name_description_and_language():
    """The channel and the JSON Feed are titled and described from the site's settings."""
    files = feed_files(briefs(1), Site(name="N", url=BASE, description="D", language="ru"))
    channel = ET.fromstring(files["feed.xml"]).find("channel")
    assert [channel.findtext(t) for t in ("title", "link", "description", "language")] == [
        "N",
        BASE,
        "D",
        "ru",
    ]
    feed = json.loads(files["feed.json"])
    assert {
        k: feed[k] for k in ("title", "home_page_url", "feed_url", "description", "language")
    } == {
        "title": "N",
        "home_page_url": BASE,
        "feed_url": f"{BASE}feed.json",
        "description": "D",
        "language": "ru",
    }


def entries(count: int = COUNT) -> list[EntryView]:
    """ "What changed" entries as changelog.change_entries gives them: newest first."""
    first = dt.date(2026, 1, 1)
    return [
        EntryView(
            date=(first + dt.timedelta(days=i)).isoformat(),
            long_date=f"day {i}",
            commit=f"{i:07x}",
            anchor=f"change-{i:012x}",
            page="changes/index.md" if i >= COUNT - 25 else "changes/page/2.md",
            message=f"Commit {i}" if i % 2 else "",
            summary="1 figure revised",
            lines=(
                ChangeLine("revised", Link(f"Figure {i}", Target("data/x.md")), "1 → 2"),
                ChangeLine("removed", f"old-{i}", ""),
            ),
        )
        for i in reversed(range(count))
    ]


def test_both_change_feeds_hold_the_newest_fifty_entries_newest_first():
    """Of 60 entries given newest first, RSS and JSON Feed list entries 59 down to 10, in that order."""
    files = changes_feed_files(entries(), SITE)
    assert sorted(files) == ["changes.json", "changes.xml"]
    expected = [f"{BASE}changes/#change-{i:012x}" for i in range(59, 9, -1)]
    rss = rss_items(files["changes.xml"])
    assert [item.findtext("guid") for item in rss] == expected
    assert [item["id"] for item in json.loads(files["changes.json"])["items"]] == expected


def test_a_change_item_says_the_same_in_both_feeds():
    """The newest entry: its id names the commit on the first page, its link the page it is on."""
    files = changes_feed_files(entries(), SITE)
    text = "“Commit 59”\nrevised: Figure 59: 1 → 2\nremoved: old-59"
    rss = rss_items(files["changes.xml"])[0]
    assert rss.findtext("title") == "day 59: 1 figure revised"
    assert rss.findtext("link") == f"{BASE}changes/#change-{59:012x}"
    assert rss.find("guid").get("isPermaLink") == "false"
    assert rss.findtext("pubDate") == "Sun, 01 Mar 2026 00:00:00 +0000"
    assert rss.findtext("description") == text
    feed = json.loads(files["changes.json"])
    assert feed["items"][0] == {
        "id": f"{BASE}changes/#change-{59:012x}",
        "url": f"{BASE}changes/#change-{59:012x}",
        "title": "day 59: 1 figure revised",
        "content_text": text,
        "date_published": "2026-03-01T00:00:00Z",
    }
    # an entry on the second page, without a message: linked where it is, named by its commit
    last = feed["items"][-1]
    assert last["url"] == f"{BASE}changes/page/2/#change-{10:012x}"
    assert last["content_text"] == "revised: Figure 10: 1 → 2\nremoved: old-10"


def test_the_change_feeds_are_titled_from_the_site_s_name():
    """'<name>: what changed', linked to the "What changed" page, in the site's language."""
    files = changes_feed_files(entries(1), Site(name="N", url=BASE, language="ru"))
    channel = ET.fromstring(files["changes.xml"]).find("channel")
    assert [channel.findtext(t) for t in ("title", "link", "description", "language")] == [
        "N: what changed",
        f"{BASE}changes/",
        "Changes to the data: figures revised, added, renamed or removed; briefs added.",
        "ru",
    ]
    feed = json.loads(files["changes.json"])
    assert {k: feed[k] for k in ("title", "home_page_url", "feed_url", "language")} == {
        "title": "N: what changed",
        "home_page_url": f"{BASE}changes/",
        "feed_url": f"{BASE}changes.json",
        "language": "ru",
    }


def test_feeds_are_utf8_text_as_written_ending_in_one_newline():
    """Non-ASCII titles stay as they are; JSON indented by two; RSS opens with its XML declaration."""
    brief = SimpleNamespace(
        slug="x", title="Китай — 中国", date=dt.date(2024, 1, 1), summary="s", tags=()
    )
    entry = dataclasses.replace(entries(1)[0], summary="1 figure revised: 中国")
    files = {**feed_files([brief], SITE), **changes_feed_files([entry], SITE)}
    for name in ("feed.json", "changes.json"):
        assert files[name].startswith('{\n  "version": "https://jsonfeed.org/version/1.1",\n')
        assert files[name].endswith("\n}\n")
    for name in ("feed.xml", "changes.xml"):
        assert files[name].startswith('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0">')
        assert files[name].endswith("</rss>\n")
    assert '"title": "Китай — 中国"' in files["feed.json"]
    assert "<title>Китай — 中国</title>" in files["feed.xml"]
    assert '"title": "day 0: 1 figure revised: 中国"' in files["changes.json"]
