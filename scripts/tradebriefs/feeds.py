"""Feeds of briefs: RSS 2.0 and JSON Feed 1.1. Written with ElementTree and json, which escape for us."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from email.utils import format_datetime

from .routes import JSON_FEED, RSS_FEED, absolute_url, brief_page

FEED_SIZE = 50  # the newest briefs; older ones are on the archive pages


def brief_url(base: str, slug: str) -> str:
    return absolute_url(base, brief_page(slug))


def _pub_date(day: dt.date) -> str:
    return format_datetime(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC))


def rss_feed(briefs, site) -> str:
    base = site.base
    rss = ET.Element("rss", version="2.0")
    channel = ET.SubElement(rss, "channel")
    for tag, text in (
        ("title", site.name),
        ("link", base),
        ("description", site.description),
        ("language", site.language),
    ):
        ET.SubElement(channel, tag).text = text
    for b in list(briefs)[:FEED_SIZE]:
        item = ET.SubElement(channel, "item")
        url = brief_url(base, b.slug)
        ET.SubElement(item, "title").text = b.title
        ET.SubElement(item, "link").text = url
        ET.SubElement(
            item, "guid", isPermaLink="true" if base.startswith("http") else "false"
        ).text = url
        ET.SubElement(item, "pubDate").text = _pub_date(b.date)
        ET.SubElement(item, "description").text = b.summary
        for tag in b.tags:
            ET.SubElement(item, "category").text = tag
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(rss, encoding="unicode") + "\n"


def json_feed(briefs, site) -> str:
    base = site.base
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": site.name,
        "home_page_url": base,
        "feed_url": absolute_url(base, JSON_FEED),
        "description": site.description,
        "language": site.language,
        "items": [
            {
                "id": brief_url(base, b.slug),
                "url": brief_url(base, b.slug),
                "title": b.title,
                "summary": b.summary,
                "content_text": b.summary,
                "date_published": f"{b.date.isoformat()}T00:00:00Z",
                "tags": list(b.tags),
            }
            for b in list(briefs)[:FEED_SIZE]
        ],
    }
    return json.dumps(feed, indent=2, ensure_ascii=False) + "\n"


def feed_files(briefs, site) -> dict[str, str]:
    """RSS and JSON Feed of the newest briefs; titles, description and language from the site's settings."""
    briefs = list(briefs)
    return {RSS_FEED: rss_feed(briefs, site), JSON_FEED: json_feed(briefs, site)}
