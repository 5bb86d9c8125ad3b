"""The "What changed" pages: the data's changes by date (figures revised, added, renamed, removed; briefs
added), newest first, one entry per commit, paginated like the archive. Pure: the published catalog and the
history (revisions.History) in; the entries (also what the feeds carry) and {path: Markdown} out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from markupsafe import Markup

from tradebriefs.core.i18n import _, gettext
from tradebriefs.core.routes import (
    CHANGES_JSON_FEED,
    CHANGES_RSS_FEED,
    DATA_INDEX,
    brief_page,
    change_anchor,
    changes_list,
)
from tradebriefs.facts.catalog import Catalog
from tradebriefs.facts.revisions import ChangeItem, History, Printed
from tradebriefs.facts.words import CHANGE_WORDS, changes_summary, figure_label
from tradebriefs.render.memo import NO_MEMO, Memo
from tradebriefs.render.templates import Link, Target, render
from tradebriefs.render.views.values import figure_target, long_date, printed_value, revision_texts

CHANGES_PAGE_SIZE = 25  # entries per page: each lists several changes
SHORT_SHA = 7


@dataclass(frozen=True)
class ChangeLine:
    kind: str  # as CHANGE_WORDS names it
    name: Link | str  # the record as it is today, linked; a removed figure by its id
    detail: str  # "over $180 bn → $184.50 bn", "old-id → new-id"


@dataclass(frozen=True)
class EntryView:
    date: str  # the commit's date, ISO
    long_date: str
    commit: str  # abbreviated id
    anchor: Markup  # the commit's id: safe as it is, in a heading's attribute list
    page: str  # the page of the list it is on
    message: str  # the commit's subject line
    summary: str  # "1 figure revised, 1 brief added"
    lines: tuple[ChangeLine, ...]


@dataclass(frozen=True)
class ChangesPage:
    heading: str
    available: bool  # False: built without the data's history
    commits: int  # how many commits of the data were read
    entries: tuple[EntryView, ...]
    # Whether the whole history (not only this page) has an entry, and a figure revised: a new site, or one
    # whose data was only added to, says so plainly instead of showing an empty list.
    any_entry: bool
    any_revision: bool
    newer: Target | None
    older: Target | None
    number: int
    pages: int
    rss: Target
    json: Target
    data: Target


def figure_name(ident: str, cat: Catalog) -> Link | str:
    fig = cat.figures.get(ident)
    return Link(figure_label(fig), figure_target(fig)) if fig else ident


def change_line(item: ChangeItem, cat: Catalog) -> ChangeLine | None:
    """One change as a reader sees it, or None for a brief not published today (a draft, a removed one)."""
    words = gettext(CHANGE_WORDS[item.kind])
    if item.kind == "brief added":
        brief = cat.briefs.get(item.id)
        return (
            ChangeLine(words, Link(brief.title, Target(brief_page(brief.slug))), "")
            if brief
            else None
        )
    if item.kind == "figure revised":
        return ChangeLine(
            words, figure_name(item.id, cat), " → ".join(revision_texts(item.was, item.now))
        )
    if item.kind == "figure added":
        return ChangeLine(words, figure_name(item.id, cat), value_with_change(item.now))
    if item.kind == "figure renamed":
        return ChangeLine(words, figure_name(item.id, cat), f"{item.was_id} → {item.id}")
    return ChangeLine(words, item.was_id, value_with_change(item.was))


def value_with_change(p: Printed) -> str:
    """An added or removed figure's value, with its change when its source gave one: '$240.11 bn (+26.3%)',
    'over $180 bn'. (A revision says 'no change given' only where the change itself was revised.)"""
    return printed_value(p, with_change=p.change is not None)


def change_entries(cat: Catalog, history: History) -> list[EntryView]:
    """Every entry with something a reader can see, newest first, each with the page it is listed on."""
    entries = []
    for entry in history.changes:
        shown = [(i.kind, line) for i in entry.items if (line := change_line(i, cat))]
        if not shown:
            continue
        sha, number = entry.commit.sha, len(entries) // CHANGES_PAGE_SIZE + 1
        entries.append(
            EntryView(
                entry.commit.date,
                long_date(dt.date.fromisoformat(entry.commit.date)),
                sha[:SHORT_SHA],
                Markup(change_anchor(sha)),
                changes_list(number),
                entry.commit.message,
                changes_summary(kind for kind, _ in shown),
                tuple(line for _, line in shown),
            )
        )
    return entries


def render_changes(
    entries: list[EntryView], history: History, memo: Memo = NO_MEMO
) -> dict[str, str]:
    """{path: Markdown} for every page of "What changed"; one page saying there is no history without it."""
    chunks = [
        entries[i : i + CHANGES_PAGE_SIZE] for i in range(0, len(entries), CHANGES_PAGE_SIZE)
    ] or [[]]
    revised = gettext(CHANGE_WORDS["figure revised"])
    any_revision = any(line.kind == revised for e in entries for line in e.lines)
    pages = {}
    for number, chunk in enumerate(chunks, start=1):
        path = changes_list(number)
        view = ChangesPage(
            _("What changed") if number == 1 else _("What changed (page {number})", number=number),
            history.available,
            history.commits,
            tuple(chunk),
            bool(entries),
            any_revision,
            Target(changes_list(number - 1)) if number > 1 else None,
            Target(changes_list(number + 1)) if number < len(chunks) else None,
            number,
            len(chunks),
            Target(CHANGES_RSS_FEED),
            Target(CHANGES_JSON_FEED),
            Target(DATA_INDEX),
        )
        pages[path] = render("changes.md.j2", path, memo, view=view)
    return pages
