"""Diff: what changed between two checked data sets, at the level of the facts. Pure: two sides in, a DataDiff out.

Records are matched by id; a record whose id is gone is matched to a new one that is otherwise the same
(RENAME_SIGNATURES) and reported as renamed, so derived figures and checks follow the rename instead of
showing as removed and added. Values are compared and shown as printed (240.11 and 240.110 differ), never
as floats. `diff_facts` compares two catalogs alone (what a "What changed" page needs); `diff_data` adds
the errors and warnings of each side and the site files that change.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal
from difflib import SequenceMatcher

from tradebriefs.core.errors import Finding, errors_in
from tradebriefs.core.periods import Period
from tradebriefs.facts.models import CHANGE_BASES, Brief, Chart, Status, data_fields
from tradebriefs.facts.pipeline import Checked
from tradebriefs.facts.prose import CITATION
from tradebriefs.history.sitefiles import SiteDiff, diff_trees, site_files

RECORD_KINDS = ("figures", "ranks", "quotes", "sources", "briefs")
# Fields that, equal on both sides, make a removed record and an added one the same record renamed.
RENAME_SIGNATURES = {
    "figures": (
        "reporter",
        "partner",
        "flow",
        "period",
        "value",
        "unit",
        "qualifier",
        "commodity",
        "product",
        "share_of",
        "favours",
        "status",
        "by",
    ),
    "ranks": ("of", "partner", "rank", "flow", "period"),
    "quotes": ("speaker", "text", "date"),
    "sources": ("title", "publisher", "published", "url"),
    # A brief's slug is its page's address: a new slug is a new page, so briefs are never "renamed".
}
DERIVED_SIGNATURE = ("kind", "reporter", "partner", "flow", "period", "commodity")
CONTEXT_WORDS = 4  # words shown around each change in a brief's prose
PARAGRAPH = "¶"  # a paragraph break in the prose, as a word of its own
QUOTE_SUMMARY_CHARS = 70
# A text longer than this (a summary, a quote) shows its changed words; a shorter one shows both whole.
WORD_DIFF_MIN_CHARS = 80
PROBLEMS = ("warning", "error")
CHECK_STATUSES = ("new error", "new warning", "fixed", "changed")


@dataclass(frozen=True)
class Side:
    """One side of the comparison: where it comes from, and its data checked."""

    label: str  # "main", "working tree"...
    commit: str | None  # abbreviated commit id; None for the working tree
    checked: Checked
    findings: tuple[Finding, ...]

    @property
    def has_errors(self) -> bool:
        """Errors in the data files themselves: then the figures were neither derived nor checked."""
        return any(f.severity == "error" and not f.check for f in self.findings)


@dataclass(frozen=True)
class Segment:
    kind: str  # same | removed | added
    text: str


@dataclass(frozen=True)
class Hunk:
    """A run of changed words in a brief's prose, with a few words of context on each side."""

    segments: tuple[Segment, ...]
    at_start: bool  # begins at the first word of the body
    at_end: bool


@dataclass(frozen=True)
class FieldChange:
    field: str
    was: str | None  # as printed; None when not set
    now: str | None
    removed: tuple[str, ...] = ()  # a list's items that went (key figures, tags, charts...)
    added: tuple[str, ...] = ()  # and those that came
    words: tuple[Hunk, ...] = ()  # a long text's changed words (summaries, quotes)


@dataclass(frozen=True)
class Record:
    """A record as it stands on one side: its id, one line about it, and every field as printed."""

    id: str
    summary: str
    fields: dict[str, str | tuple[str, ...] | None]  # a list field as its items


@dataclass(frozen=True)
class RecordChange:
    id: str
    was_id: str  # differs from id when the record was renamed
    summary: str  # as it is now
    changes: tuple[FieldChange, ...]
    body: tuple[Hunk, ...] = ()  # briefs: the prose, word by word


@dataclass(frozen=True)
class RecordDiff:
    added: tuple[Record, ...] = ()
    removed: tuple[Record, ...] = ()
    changed: tuple[RecordChange, ...] = ()  # revised, renamed, or both


@dataclass(frozen=True)
class AffectedBrief:
    """A brief that shows a figure or rank whose values changed."""

    slug: str
    title: str
    revised: tuple[str, ...]


@dataclass(frozen=True)
class Amount:
    """A derived figure's value as shown: digits, unit, and "about", "over"... when it is not exact."""

    value: str
    unit: str
    qualifier: str


@dataclass(frozen=True)
class DerivedChange:
    id: str
    was_id: str
    status: str  # moved | added | removed
    was: Amount | None
    now: Amount | None
    formula: str  # as it is now (as it was, when removed)


@dataclass(frozen=True)
class CheckChange:
    id: str
    was_id: str
    status: str  # one of CHECK_STATUSES
    title: str
    was: str | None  # outcome; None when the check did not exist
    now: str | None
    message: str


@dataclass(frozen=True)
class FactsDiff:
    figures: RecordDiff
    ranks: RecordDiff
    quotes: RecordDiff
    sources: RecordDiff
    briefs: RecordDiff
    affected_briefs: tuple[AffectedBrief, ...]
    derived: tuple[DerivedChange, ...]
    checks: tuple[CheckChange, ...]


@dataclass(frozen=True)
class FindingChange:
    """An error or warning about the data files themselves (not a check of the figures)."""

    status: str  # new | fixed
    severity: str
    place: str
    message: str


@dataclass(frozen=True)
class SideInfo:
    label: str
    commit: str | None
    errors: int
    warnings: int


@dataclass(frozen=True)
class DataDiff:
    base: SideInfo
    head: SideInfo
    facts: FactsDiff
    findings: tuple[FindingChange, ...]
    site: SiteDiff
    notes: tuple[str, ...]


# --- Values as printed ----------------------------------------------------------------------------------


def field_text(value) -> str | None:
    """A field's value as the data file printed it: 240.11 stays 240.11, a period keeps its spelling."""
    if value is None or value == ():
        return None
    if isinstance(value, bool):
        return "true" if value else "false"  # as YAML writes it
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, Period):
        return value.text
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Chart):
        return f"{value.kind}: {', '.join(value.figures)}" + (
            f" ({value.title})" if value.title else ""
        )
    if isinstance(value, tuple):  # charts hold commas of their own
        return ("; " if any(isinstance(v, Chart) for v in value) else ", ").join(
            field_text(v) or "" for v in value
        )
    return str(value)


def comparable(value):
    """What decides whether a field changed: its printed text, except that 2023 and 2023-01/2023-12 are one period."""
    return (value.start, value.end) if isinstance(value, Period) else field_text(value)


def signed(value: Decimal) -> str:
    return ("+" if value > 0 else "") + format(value, "f")


def figure_summary(rec) -> str:
    """'CHN→BRA imports of HS 1201 (soya) 2023: about 52.5 USD billion (+3.1% on the previous month), forecast
    by X': the value as printed, with what kind of value it is wherever that is not the default."""
    goods = ""
    if rec.commodity:
        goods = f" of HS {rec.commodity}" + (f" ({rec.product})" if rec.product else "")
    elif rec.product:
        goods = f" of {rec.product}"
    qualifier = "" if rec.qualifier == "exact" else f"{rec.qualifier} "
    whole = f" of {rec.share_of}" if rec.share_of else ""
    favours = f" in {rec.favours}'s favour" if rec.favours else ""
    change = ""
    if rec.change is not None:
        base = "" if rec.change_on == CHANGE_BASES[0] else f" on the {rec.change_on}"
        change = f" ({signed(rec.change)}%{base})"
    status = ""
    if rec.status != Status.REPORTED:
        made = f" on {field_text(rec.made)}" if rec.made else ""
        status = f", {rec.status} by {rec.by}{made}"
    kept = ", kept as stated" if rec.keep_as_stated else ""
    return (
        f"{rec.reporter}→{rec.partner} {rec.flow}{goods} {rec.period.text}: "
        f"{qualifier}{field_text(rec.value)} {rec.unit}{whole}{favours}{change}{status}{kept}"
    )


def summarize_record(kind: str, rec) -> str:
    """One line a reviewer recognises the record by."""
    if kind == "figures":
        return figure_summary(rec)
    if kind == "ranks":
        return f"{rec.partner} ranked {rec.rank} among {rec.of}'s partners by {rec.flow}, {rec.period.text}"
    if kind == "quotes":
        text = textwrap.shorten(rec.text, QUOTE_SUMMARY_CHARS, placeholder=" …")
        return f"{rec.speaker}, {field_text(rec.date)}: “{text}”"
    if kind == "sources":
        return f"{rec.publisher}: {rec.title}"
    return f"{field_text(rec.date)}: {rec.title}" + (" (draft)" if rec.draft else "")


def record_id(rec) -> str:
    return rec.slug if isinstance(rec, Brief) else rec.id


def snapshot_record(kind: str, rec) -> Record:
    fields = {}
    for f in data_fields(type(rec)):
        value = getattr(rec, f.name)
        fields[f.name] = (
            tuple(map(field_text, value)) if isinstance(value, tuple) else field_text(value)
        )
    return Record(record_id(rec), summarize_record(kind, rec), fields)


def field_change(name: str, old, new) -> FieldChange:
    """A field that changed: both values as printed; a list's items that came and went; a long text's words."""
    was, now = field_text(old), field_text(new)
    if isinstance(old, tuple) and isinstance(new, tuple):
        olds, news = [field_text(v) for v in old], [field_text(v) for v in new]
        return FieldChange(
            name,
            was,
            now,
            tuple(v for v in olds if v not in news),
            tuple(v for v in news if v not in olds),
        )
    if (
        isinstance(old, str)
        and isinstance(new, str)
        and max(len(old), len(new)) > WORD_DIFF_MIN_CHARS
    ):
        return FieldChange(name, was, now, words=diff_words(old, new))
    return FieldChange(name, was, now)


def field_changes(old, new, skip: tuple[str, ...] = ("id", "slug", "body")) -> list[FieldChange]:
    return [
        field_change(f.name, getattr(old, f.name), getattr(new, f.name))
        for f in data_fields(type(new))
        if f.name not in skip
        and comparable(getattr(old, f.name)) != comparable(getattr(new, f.name))
    ]


# --- A brief's prose, word by word ----------------------------------------------------------------------


def body_words(body: str) -> list[str]:
    """The prose as words, with PARAGRAPH between paragraphs: re-wrapping a line changes nothing."""
    words: list[str] = []
    for paragraph in re.split(r"\n\s*\n", body.strip()):
        words += ([PARAGRAPH] if words else []) + paragraph.split()
    return words


def diff_words(old: str, new: str, context: int = CONTEXT_WORDS) -> tuple[Hunk, ...]:
    """The changed words of a text, each run with `context` words either side (difflib over words)."""
    a, b = body_words(old), body_words(new)
    if a == b:
        return ()
    hunks = []
    for group in SequenceMatcher(None, a, b, autojunk=False).get_grouped_opcodes(context):
        segments = []
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                segments.append(Segment("same", " ".join(a[i1:i2])))
            if tag in ("replace", "delete"):
                segments.append(Segment("removed", " ".join(a[i1:i2])))
            if tag in ("replace", "insert"):
                segments.append(Segment("added", " ".join(b[j1:j2])))
        hunks.append(
            Hunk(
                tuple(segments),
                group[0][1] == 0 and group[0][3] == 0,
                group[-1][2] == len(a) and group[-1][4] == len(b),
            )
        )
    return tuple(hunks)


def citations(brief: Brief) -> tuple[str, ...]:
    """Ids the body cites as {{id}} or {{id.change}}, in order of first citation."""
    return tuple(dict.fromkeys(m.group(1) for m in CITATION.finditer(brief.body)))


def shown_ids(brief: Brief) -> tuple[str, ...]:
    """Every figure and rank a brief's page shows: headline, key figures, ranks, charts, citations."""
    return tuple(
        dict.fromkeys(
            [
                brief.headline,
                *brief.figures,
                *brief.ranks,
                *(i for c in brief.charts for i in c.figures),
                *citations(brief),
            ]
        )
    )


# --- Matching two sides -----------------------------------------------------------------------------------


def group_ids(table: dict, ids, key) -> dict:
    groups: dict = defaultdict(list)
    for ident in ids:
        groups[key(table[ident])].append(ident)
    return groups


def pair_ids(
    base: dict, head: dict, base_key=None, head_key=None
) -> tuple[list[tuple[str, str]], list[str], list[str]]:
    """(base id, head id) pairs matched by id, then the rest by key where it is unique on both sides;
    the base ids left over (removed) and the head ids left over (added)."""
    pairs = [(i, i) for i in sorted(base.keys() & head.keys())]
    gone = sorted(base.keys() - head.keys())
    new = sorted(head.keys() - base.keys())
    if base_key is not None:
        olds, news = group_ids(base, gone, base_key), group_ids(head, new, head_key)
        renamed = [
            (old[0], news[k][0])
            for k, old in olds.items()
            if len(old) == 1 and len(news.get(k, ())) == 1
        ]
        pairs += renamed
        gone = [i for i in gone if i not in {a for a, _ in renamed}]
        new = [i for i in new if i not in {b for _, b in renamed}]
    return sorted(pairs, key=lambda p: p[1]), gone, new


def signature(names: tuple[str, ...]):
    return lambda rec: tuple(comparable(getattr(rec, n)) for n in names)


def diff_records(
    kind: str, base: dict, head: dict, base_broken=frozenset(), head_broken=frozenset()
) -> RecordDiff:
    """Records added, removed and changed. A record missing on a side where its file has errors is not
    "removed" (or "added"): it did not load there, and the file's errors say why."""
    key = signature(RENAME_SIGNATURES[kind]) if kind in RENAME_SIGNATURES else None
    pairs, gone, new = pair_ids(base, head, key, key)
    gone = [i for i in gone if base[i].loc.path not in head_broken]
    new = [i for i in new if head[i].loc.path not in base_broken]
    changed = []
    for old_id, new_id in pairs:
        old, rec = base[old_id], head[new_id]
        changes = field_changes(old, rec)
        hunks = ()
        if kind == "briefs":
            if citations(old) != citations(rec):
                changes.append(field_change("citations", citations(old), citations(rec)))
            hunks = diff_words(old.body, rec.body)
        if changes or hunks or old_id != new_id:
            changed.append(
                RecordChange(new_id, old_id, summarize_record(kind, rec), tuple(changes), hunks)
            )
    return RecordDiff(
        tuple(snapshot_record(kind, head[i]) for i in new),
        tuple(snapshot_record(kind, base[i]) for i in gone),
        tuple(changed),
    )


def affected_briefs(
    base_briefs: dict, head_briefs: dict, revised: set[str]
) -> tuple[AffectedBrief, ...]:
    """Briefs on both sides that show a figure or rank whose values changed."""
    found = []
    for slug in sorted(base_briefs.keys() & head_briefs.keys()):
        brief = head_briefs[slug]
        ids = tuple(i for i in shown_ids(brief) if i in revised)
        if ids:
            found.append(AffectedBrief(slug, brief.title, ids))
    return tuple(found)


def amount_of(d) -> Amount:
    return Amount(field_text(d.value), str(d.unit), d.qualifier)


def diff_derived(base: list, head: list) -> tuple[list[DerivedChange], dict[str, str]]:
    """Derived figures that moved, appeared or went; and {old id: new id} for those renamed with an input."""
    old, new = {d.id: d for d in base}, {d.id: d for d in head}
    key = signature(DERIVED_SIGNATURE)
    pairs, gone, added = pair_ids(old, new, key, key)
    changes = [
        DerivedChange(b, a, "moved", amount_of(old[a]), amount_of(new[b]), str(new[b].formula))
        for a, b in pairs
        if amount_of(old[a]) != amount_of(new[b])
    ]
    changes += [
        DerivedChange(i, i, "removed", amount_of(old[i]), None, str(old[i].formula)) for i in gone
    ]
    changes += [
        DerivedChange(i, i, "added", None, amount_of(new[i]), str(new[i].formula)) for i in added
    ]
    return sorted(changes, key=lambda c: c.id), {a: b for a, b in pairs if a != b}


def check_status(was: str | None, now: str | None) -> str:
    if now == "error" and was != "error":
        return "new error"
    if now == "warning" and was != "warning":
        return "new warning"
    if was in PROBLEMS and now not in PROBLEMS:
        return "fixed"
    return "changed"


def check_change(old, new) -> CheckChange:
    """One check on both sides (either may be None); outcomes as plain text."""
    was, now = (str(c.outcome) if c else None for c in (old, new))
    shown = new or old
    return CheckChange(
        shown.id, (old or new).id, check_status(was, now), str(shown.title), was, now, shown.message
    )


def diff_checks(
    base: list, head: list, renames: dict[str, str], base_ran: bool = True
) -> list[CheckChange]:
    """Checks whose outcome changed, matched by id or, after a rename, by kind and inputs.

    When the base's checks did not run (its data had errors), only the head's warnings and errors are listed.
    """
    old, new = {c.id: c for c in base}, {c.id: c for c in head}
    pairs, gone, added = pair_ids(
        old,
        new,
        lambda c: (c.kind, tuple(renames.get(i, i) for i in c.inputs)),
        lambda c: (c.kind, c.inputs),
    )
    changes = [check_change(old[a], new[b]) for a, b in pairs if old[a].outcome != new[b].outcome]
    changes += [check_change(old[i], None) for i in gone]
    changes += [check_change(None, new[i]) for i in added if base_ran or new[i].outcome in PROBLEMS]
    return sorted(changes, key=lambda c: (CHECK_STATUSES.index(c.status), c.id))


def diff_facts(
    base: Checked,
    head: Checked,
    *,
    base_ran: bool = True,
    head_ran: bool = True,
    base_broken=frozenset(),
    head_broken=frozenset(),
) -> FactsDiff:
    """Two checked catalogs compared. `*_ran`: whether that side's figures were derived and checked (they are
    not when its data has errors): checks and derived figures are compared only where they ran. `*_broken`:
    the files with errors on that side, whose records may be missing from it."""
    records = {
        kind: diff_records(
            kind, getattr(base.catalog, kind), getattr(head.catalog, kind), base_broken, head_broken
        )
        for kind in RECORD_KINDS
    }
    renames = {
        c.was_id: c.id
        for kind in ("figures", "ranks")
        for c in records[kind].changed
        if c.was_id != c.id
    }
    revised = {c.id for kind in ("figures", "ranks") for c in records[kind].changed if c.changes}
    derived, derived_renames = (
        diff_derived(base.derived, head.derived) if base_ran and head_ran else ([], {})
    )
    checks = (
        diff_checks(base.checks, head.checks, renames | derived_renames, base_ran)
        if head_ran
        else []
    )
    return FactsDiff(
        **records,
        affected_briefs=affected_briefs(base.catalog.briefs, head.catalog.briefs, revised),
        derived=tuple(derived),
        checks=tuple(checks),
    )


# --- Errors and warnings about the files ------------------------------------------------------------------


def finding_key(f: Finding) -> tuple:
    # Without line and column: a line added above an old warning does not make it new.
    return (f.place.path, f.severity, f.message)


def unmatched(findings: list[Finding], others: list[Finding]) -> list[Finding]:
    """The findings with no equal among `others` (counted: two equal warnings against one is one new)."""
    left = Counter(finding_key(f) for f in others)
    out = []
    for f in sorted(findings):
        if left[finding_key(f)]:
            left[finding_key(f)] -= 1
        else:
            out.append(f)
    return out


def diff_findings(
    base: tuple[Finding, ...], head: tuple[Finding, ...]
) -> tuple[FindingChange, ...]:
    """Errors and warnings of the data files (checks of the figures are compared as checks) that came or went."""
    old, new = [f for f in base if not f.check], [f for f in head if not f.check]
    return tuple(
        [FindingChange("new", f.severity, str(f.place), f.message) for f in unmatched(new, old)]
        + [FindingChange("fixed", f.severity, str(f.place), f.message) for f in unmatched(old, new)]
    )


# --- Both sides -----------------------------------------------------------------------------------------------


def side_info(side: Side) -> SideInfo:
    errors = len(errors_in(side.findings))
    return SideInfo(side.label, side.commit, errors, len(side.findings) - errors)


def side_name(side: Side) -> str:
    return f"{side.label} ({side.commit})" if side.commit else side.label


def broken_files(side: Side) -> frozenset[str]:
    """The data files with errors on a side (checks of the figures aside)."""
    return frozenset(f.place.path for f in side.findings if f.severity == "error" and not f.check)


def error_notes(base: Side, head: Side) -> tuple[str, ...]:
    notes = []
    for side in (base, head):
        if side.has_errors:
            files = ", ".join(sorted(broken_files(side)))
            notes.append(
                f"{side_name(side)} has data errors: its figures were not derived or checked and no site "
                f"is built from it; records of {files} that did not load there are not listed as "
                "added or removed."
            )
    if base.has_errors and not head.has_errors:
        notes.append(
            f"Every warning and error of the checks of {side_name(head)} is listed as new."
        )
    return tuple(notes)


def diff_data(base: Side, head: Side, today: dt.date) -> DataDiff:
    """Everything a reviewer needs: facts, checks, errors and warnings of the files, and the files of the site
    published on `today` that change."""
    base_ran, head_ran = not base.has_errors, not head.has_errors
    facts = diff_facts(
        base.checked,
        head.checked,
        base_ran=base_ran,
        head_ran=head_ran,
        base_broken=broken_files(base),
        head_broken=broken_files(head),
    )
    site = (
        diff_trees(site_files(base.checked, today), site_files(head.checked, today))
        if base_ran and head_ran
        else SiteDiff(False)
    )
    return DataDiff(
        side_info(base),
        side_info(head),
        facts,
        diff_findings(base.findings, head.findings),
        site,
        error_notes(base, head),
    )


def new_problems(diff: DataDiff, level: str = "error") -> int:
    """How many errors (level "error"), or errors and warnings ("warning"), HEAD has that BASE did not."""
    severities = ("error",) if level == "error" else PROBLEMS
    checks = sum(1 for c in diff.facts.checks if c.status in {f"new {s}" for s in severities})
    files = sum(1 for f in diff.findings if f.status == "new" and f.severity in severities)
    return checks + files
