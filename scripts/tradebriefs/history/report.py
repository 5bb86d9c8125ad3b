"""A DataDiff for people and machines: terminal text, Markdown (CI job summary, pull-request comment), JSON.

Every string from the data is hostile input: the Markdown report, read on GitHub, escapes it for GitHub's
Markdown (mdx: no markup, no links, no mentions, no issue references); JSON keeps it as it is, decimals as
their digits (they are strings from the start, never floats).
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import asdict

from tradebriefs.core.text import h, one_line
from tradebriefs.history.diff import RECORD_KINDS, DataDiff, FieldChange, Hunk, RecordDiff

JSON_VERSION = 1  # bump when a key changes meaning or goes
# Figures and ranks are revised (their values change); quotes, sources and briefs are edited.
REVISED_WORD = {"figures": "revised", "ranks": "revised"}
MARKS = {"added": "+", "removed": "-", "changed": "~", "moved": "~"}
NONE_TEXT = "(none)"
LONG_LIST = 10  # in Markdown, longer lists fold into <details>
# An invisible word joiner inside what GitHub would turn into a link or a notification, so it reads the text
# as text: after an @ ("@name" mentions someone, "a@b.org" is an e-mail link), inside "://" (any "https://..."
# is a link, escaped brackets or not), after "www" ("www.example.org" is a link), and after a "#" or "GH-"
# before a digit ("#123" links an issue or pull request).
WORD_JOINER = "\u2060"
AUTOLINKED = re.compile(r"(@|:(?=//)|(?i:www)(?=\.)|#(?=\d)|(?i:\bgh)-(?=\d))")
# GFM's inline syntax: code, emphasis, links, table cells, strikethrough, math ($...$), and the backslash itself.
GFM_INLINE = re.compile(r"([\\`*_\[\]|~$])")
LINE_START_SYNTAX = re.compile(r"^(\d+(?=[.)])|)([#>+=.)-])")


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else (words or word + 's')}"


def summary_counts(diff: DataDiff) -> list[str]:
    """The headline: '1 figure revised', '1 new error', '3 site files changed'..."""
    facts, out = diff.facts, []
    for kind in RECORD_KINDS:
        records: RecordDiff = getattr(facts, kind)
        noun, nouns = kind[:-1], kind
        revised = sum(1 for c in records.changed if c.changes or c.body)
        renamed = sum(1 for c in records.changed if c.was_id != c.id)
        for n, verb in (
            (len(records.added), "added"),
            (revised, REVISED_WORD.get(kind, "edited")),
            (renamed, "renamed"),
            (len(records.removed), "removed"),
        ):
            if n:
                out.append(f"{plural(n, noun, nouns)} {verb}")
    statuses = [c.status for c in facts.checks] + [
        f"{f.status} {f.severity}" for f in diff.findings
    ]
    errors, warnings = statuses.count("new error"), statuses.count("new warning")
    fixed = sum(1 for s in statuses if s.startswith("fixed"))
    if errors:
        out.append(plural(errors, "new error"))
    if warnings:
        out.append(plural(warnings, "new warning"))
    if fixed:
        out.append(f"{fixed} fixed")
    if facts.derived:
        out.append(f"{plural(len(facts.derived), 'derived figure')} changed")
    for verb, paths in site_lists(diff.site):
        out.append(f"{plural(len(paths), 'site file')} {verb}")
    return out or ["no changes"]


def site_lists(site) -> list[tuple[str, tuple[str, ...]]]:
    """[(verb, paths)] for the site files changed, added and removed, leaving out empty ones."""
    lists = (("changed", site.changed), ("added", site.added), ("removed", site.removed))
    return [(verb, paths) for verb, paths in lists if paths]


def amount_text(amount) -> str:
    """'about 190.1 USD billion'; '(none)' when there is none."""
    if amount is None:
        return NONE_TEXT
    qualifier = "" if amount.qualifier == "exact" else f"{amount.qualifier} "
    return f"{qualifier}{amount.value} {amount.unit}"


def side_text(label: str, commit: str | None) -> str:
    return f"{label} ({commit})" if commit else label


def outcome(value: str | None) -> str:
    return value if value is not None else "(none)"


# --- Terminal text ----------------------------------------------------------------------------------------


def hunk_text(hunk: Hunk) -> str:
    marks = {"same": "{}", "removed": "[-{}-]", "added": "{{+{}+}}"}
    words = " ".join(marks[s.kind].format(s.text) for s in hunk.segments)
    return ("" if hunk.at_start else "…") + words + ("" if hunk.at_end else "…")


def field_rows(change: FieldChange) -> list[tuple[str, str]]:
    """(field, text) lines for one field: a list's items out and in, a long text's changed words, or was → now."""
    if change.removed or change.added:
        return [
            (
                change.field,
                "  ".join([*(f"- {v}" for v in change.removed), *(f"+ {v}" for v in change.added)]),
            )
        ]
    if change.words:
        return [
            (change.field if i == 0 else "", hunk_text(hunk)) for i, hunk in enumerate(change.words)
        ]
    return [(change.field, f"{change.was or NONE_TEXT} → {change.now or NONE_TEXT}")]


def records_text(kind: str, records: RecordDiff) -> list[str]:
    lines = [kind.capitalize()]
    for rec in records.added:
        lines.append(f"  + {rec.id}: {rec.summary}")
    for change in records.changed:
        renamed = (
            f"{change.was_id} → {change.id} (renamed)" if change.was_id != change.id else change.id
        )
        lines.append(f"  ~ {renamed}: {change.summary}")
        rows = [row for c in change.changes for row in field_rows(c)]
        rows += [("body" if i == 0 else "", hunk_text(hunk)) for i, hunk in enumerate(change.body)]
        width = max((len(name) for name, _ in rows), default=0)
        lines += [f"      {name:<{width}}  {text}".rstrip() for name, text in rows]
    for rec in records.removed:
        lines.append(f"  - {rec.id}: {rec.summary}")
    return lines


def report_text(diff: DataDiff) -> str:
    """For a terminal: one section per kind of change, one line per item, `+` added, `~` changed, `-` removed."""
    facts = diff.facts
    out = [
        f"Data changes from {side_text(diff.base.label, diff.base.commit)} "
        f"to {side_text(diff.head.label, diff.head.commit)}",
        ", ".join(summary_counts(diff)),
    ]
    if facts.checks:
        width = max(len(c.status) for c in facts.checks)
        out += ["", "Checks"]
        for c in facts.checks:
            out += [
                f"  {c.status:<{width}}  {c.id}: {outcome(c.was)} → {outcome(c.now)}",
                f"  {'':<{width}}  {c.message}",
            ]
    if diff.findings:
        out += ["", "Errors and warnings in the data files"]
        out += [f"  {f.status} {f.severity}: {f.place}: {f.message}" for f in diff.findings]
    for kind in RECORD_KINDS:
        records = getattr(facts, kind)
        if records.added or records.removed or records.changed:
            out += ["", *records_text(kind, records)]
    if facts.affected_briefs:
        out += ["", "Briefs showing revised figures"]
        out += [f"  {b.slug}: {', '.join(b.revised)}" for b in facts.affected_briefs]
    if facts.derived:
        out += ["", "Derived figures"]
        out += [
            f"  {MARKS[d.status]} {d.id}: {amount_text(d.was)} → {amount_text(d.now)}"
            if d.status == "moved"
            else f"  {MARKS[d.status]} {d.id}: {amount_text(d.was or d.now)}"
            for d in facts.derived
        ]
    if site_lists(diff.site):
        out += ["", "Site files"]
        out += [
            f"  {MARKS[verb]} {path}" for verb, paths in site_lists(diff.site) for path in paths
        ]
    if diff.notes:
        out += ["", *(f"Note: {note}" for note in diff.notes)]
    return "\n".join(out) + "\n"


# --- Markdown ------------------------------------------------------------------------------------------------


def mdx(text: str | None) -> str:
    """Data as inline text in GitHub's Markdown (GFM), where this report is read: HTML escaped, GFM's inline
    syntax backslash-escaped, and nothing GitHub would make a link, a mention or an issue reference of
    (AUTOLINKED). Block syntax (a leading #, - or 1.) cannot arise: data never starts a line here (block_safe
    guards the one place it could)."""
    if not text:
        return ""
    escaped = GFM_INLINE.sub(r"\\\1", html.escape(one_line(text), quote=False))
    return AUTOLINKED.sub(r"\1" + WORD_JOINER, escaped)


def block_safe(line: str) -> str:
    """A line that starts with data: a backslash keeps a leading #, >, -, +, = or 1. from starting a block."""
    return LINE_START_SYNTAX.sub(r"\1\\\2", line, count=1)


def cell(text: str | None) -> str:
    return mdx(text) if text is not None else "*none*"


def folded(summary: str, lines: list[str], always: bool = False) -> list[str]:
    """A list as it is, or folded into <details> when long (the summary line stays visible)."""
    if not always and len(lines) <= LONG_LIST:
        return [f"{summary}:", "", *lines]
    return [f"<details><summary>{h(summary)}</summary>", "", *lines, "", "</details>"]


def hunk_markdown(hunk: Hunk, show: tuple[str, ...] = ("same", "removed", "added")) -> str:
    """Changed words struck out and underlined; `show` picks one side's words (a table's was or now)."""
    marks = {"same": "{}", "removed": "<del>{}</del>", "added": "<ins>{}</ins>"}
    words = " ".join(marks[s.kind].format(mdx(s.text)) for s in hunk.segments if s.kind in show)
    return ("" if hunk.at_start else "…") + words + ("" if hunk.at_end else "…")


def field_cells(change: FieldChange) -> tuple[str, str]:
    """A field's was and now cells: a list's items out and in, a long text's words on each side, or both values."""
    if change.removed or change.added:
        return (
            "<br>".join(f"− {mdx(v)}" for v in change.removed) or "—",
            "<br>".join(f"+ {mdx(v)}" for v in change.added) or "—",
        )
    if change.words:
        return tuple(
            "<br>".join(hunk_markdown(hunk, ("same", kind)) for hunk in change.words)
            for kind in ("removed", "added")
        )
    return cell(change.was), cell(change.now)


def records_markdown(kind: str, records: RecordDiff) -> list[str]:
    noun = kind[:-1]
    out = [f"### {kind.capitalize()}", ""]
    rows = []
    for c in records.changed:
        if c.was_id != c.id:
            rows.append(f"| {mdx(c.id)} | id | {mdx(c.was_id)} | {mdx(c.id)} |")
        rows += [
            f"| {mdx(c.id)} | {mdx(f.field)} | {' | '.join(field_cells(f))} |" for f in c.changes
        ]
    if rows:
        out += folded(
            f"{plural(len(records.changed), noun, kind)} changed",
            [f"| {noun} | field | was | now |", "| --- | --- | --- | --- |", *rows],
        ) + [""]
    for c in records.changed:
        if c.body:
            out += [f"Prose of {mdx(c.id)}:", ""]
            for hunk in c.body:
                out += [f"> {block_safe(hunk_markdown(hunk))}", ""]
    for recs, verb in ((records.added, "added"), (records.removed, "removed")):
        if recs:
            items = [f"- **{mdx(r.id)}**: {mdx(r.summary)}" for r in recs]
            out += folded(f"{plural(len(recs), noun, kind)} {verb}", items) + [""]
    return out


def report_markdown(diff: DataDiff) -> str:
    """For a CI job summary or a pull-request comment: headings, tables, long lists folded."""
    facts = diff.facts
    base, head = diff.base, diff.head
    out = [
        f"## Data changes: {mdx(base.label)}{f' `{base.commit}`' if base.commit else ''} → "
        f"{mdx(head.label)}{f' `{head.commit}`' if head.commit else ''}",
        "",
        "**" + " · ".join(summary_counts(diff)) + "**",
        "",
    ]
    if facts.checks:
        out += [
            "### Checks",
            "",
            "| | check | was | now | message |",
            "| --- | --- | --- | --- | --- |",
        ]
        out += [
            f"| {c.status} | {mdx(c.id)} | {outcome(c.was)} | {outcome(c.now)} | {mdx(c.message)} |"
            for c in facts.checks
        ] + [""]
    if diff.findings:
        out += [
            "### Errors and warnings in the data files",
            "",
            "| | place | message |",
            "| --- | --- | --- |",
        ]
        out += [
            f"| {f.status} {f.severity} | {mdx(f.place)} | {mdx(f.message)} |"
            for f in diff.findings
        ] + [""]
    for kind in RECORD_KINDS:
        records = getattr(facts, kind)
        if records.added or records.removed or records.changed:
            out += records_markdown(kind, records)
    if facts.affected_briefs:
        items = [
            f"- **{mdx(b.slug)}** ({mdx(b.title)}): {mdx(', '.join(b.revised))}"
            for b in facts.affected_briefs
        ]
        out += ["### Briefs showing revised figures", "", *items, ""]
    if facts.derived:
        rows = [
            f"| {mdx(d.id)} | {mdx(amount_text(d.was))} | {mdx(amount_text(d.now))} |"
            for d in facts.derived
        ]
        out += [
            "### Derived figures",
            "",
            *folded(
                f"{plural(len(facts.derived), 'derived figure')} changed",
                ["| derived figure | was | now |", "| --- | --- | --- |", *rows],
            ),
            "",
        ]
    if site_lists(diff.site):
        items = [
            f"- {verb}: {mdx(path)}" for verb, paths in site_lists(diff.site) for path in paths
        ]
        counts = ", ".join(f"{len(paths)} {verb}" for verb, paths in site_lists(diff.site))
        out += ["### Site files", "", *folded(f"Site files: {counts}", items, always=True), ""]
    out += [f"> {mdx(note)}" for note in diff.notes] + ([""] if diff.notes else [])
    return "\n".join(out).rstrip("\n") + "\n"


# --- JSON ------------------------------------------------------------------------------------------------------


def report_json(diff: DataDiff) -> str:
    """Every field of the diff under stable keys; values are strings as printed (decimals too), never floats."""
    return (
        json.dumps(
            {"version": JSON_VERSION, "summary": summary_counts(diff), **asdict(diff)},
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )


REPORTS = {"text": report_text, "markdown": report_markdown, "json": report_json}
