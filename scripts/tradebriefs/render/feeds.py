"""Feeds of briefs and of the data's changes ("What changed"): RSS 2.0 and JSON Feed 1.1. Written with
ElementTree and json, which escape for us."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from email.utils import format_datetime

from tradebriefs.core.i18n import _, gettext
from tradebriefs.core.routes import (
    CHANGES_INDEX,
    CHANGES_JSON_FEED,
    CHANGES_RSS_FEED,
    JSON_FEED,
    RSS_FEED,
    absolute_url,
    brief_page,
)

FEED_SIZE = 50  # the newest briefs; older ones are on the archive pages


def description(site) -> str:
    """The site's description (mkdocs.yml's site_description) in the language being rendered."""
    return gettext(site.description) if site.description else site.description


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
        ("description", description(site)),
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
        "description": description(site),
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


# The "What changed" feeds: one item per entry (a commit), its id and date from the commit, never the clock.


def change_text(entry) -> str:
    """An entry as plain text: the commit's message, then one line per change."""
    lines = [f"“{entry.message}”"] if entry.message else []
    for line in entry.lines:
        name = line.name if isinstance(line.name, str) else line.name.text
        lines.append(f"{line.kind}: {name}" + (f": {line.detail}" if line.detail else ""))
    return "\n".join(lines)


def change_item(entry, base: str) -> dict[str, str]:
    return {
        # The id names the commit, wherever pagination lists the entry later; the link, where it is now.
        "id": f"{absolute_url(base, CHANGES_INDEX)}#{entry.anchor}",
        "url": f"{absolute_url(base, entry.page)}#{entry.anchor}",
        "title": f"{entry.long_date}: {entry.summary}",
        "text": change_text(entry),
    }


def changes_rss(entries, site) -> str:
    base = site.base
    rss = ET.Element("rss", version="2.0")
    channel = ET.SubElement(rss, "channel")
    for tag, text in (
        ("title", _("{site}: what changed", site=site.name)),
        ("link", absolute_url(base, CHANGES_INDEX)),
        (
            "description",
            _("Changes to the data: figures revised, added, renamed or removed; briefs added."),
        ),
        ("language", site.language),
    ):
        ET.SubElement(channel, tag).text = text
    for entry in entries[:FEED_SIZE]:
        fields = change_item(entry, base)
        item = ET.SubElement(channel, "item")
        ET.SubElement(item, "title").text = fields["title"]
        ET.SubElement(item, "link").text = fields["url"]
        ET.SubElement(item, "guid", isPermaLink="false").text = fields["id"]
        ET.SubElement(item, "pubDate").text = _pub_date(dt.date.fromisoformat(entry.date))
        ET.SubElement(item, "description").text = fields["text"]
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(rss, encoding="unicode") + "\n"


def changes_json(entries, site) -> str:
    base = site.base
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": _("{site}: what changed", site=site.name),
        "home_page_url": absolute_url(base, CHANGES_INDEX),
        "feed_url": absolute_url(base, CHANGES_JSON_FEED),
        "language": site.language,
        "items": [
            {
                "id": fields["id"],
                "url": fields["url"],
                "title": fields["title"],
                "content_text": fields["text"],
                "date_published": f"{entry.date}T00:00:00Z",
            }
            for entry in entries[:FEED_SIZE]
            for fields in [change_item(entry, base)]
        ],
    }
    return json.dumps(feed, indent=2, ensure_ascii=False) + "\n"


def changes_feed_files(entries, site) -> dict[str, str]:
    """RSS and JSON Feed of the newest "What changed" entries (changelog.change_entries)."""
    entries = list(entries)
    return {
        CHANGES_RSS_FEED: changes_rss(entries, site),
        CHANGES_JSON_FEED: changes_json(entries, site),
    }
