"""History: what each commit changed in the data, and from it every figure's revisions. Pure: checked data of
consecutive commits in, plain data (revisions.History) out.

history/git.py reads the commits that changed data/ (and caches each step by the commits' ids); here two
consecutive ones are compared with diff.diff_facts, so a renamed figure keeps its revisions and a brief
counts as added when it is first published (a draft is not yet). A commit whose data has errors is never
compared: no site could be built from it, so the step goes from the last good commit to the next.
"""

from __future__ import annotations

import unicodedata
from dataclasses import asdict, dataclass, fields, replace

from tradebriefs.facts.pipeline import Checked
from tradebriefs.facts.revisions import (
    CHANGE_KINDS,
    ChangeEntry,
    ChangeItem,
    Commit,
    History,
    Printed,
    Revision,
)
from tradebriefs.history.diff import diff_facts, field_text

# A figure's fields whose change is a revision a reader is told about (notes or a source's id are not): what
# revisions.Printed holds, its value as printed and what kind of value it is (a forecast that became
# reported, a change now on the previous month, a surplus now in the other side's favour, another product).
REVISION_FIELDS = tuple(f.name for f in fields(Printed))
MESSAGE_CHARS = 200  # a commit's subject line as shown; git's advice is 50, but nothing stops more


@dataclass(frozen=True)
class Step:
    """What one commit changed against the one before it: items with the ids of that commit, and renames."""

    items: tuple[ChangeItem, ...]
    renames: tuple[tuple[str, str], ...]  # (old id, new id)


def subject_line(message: str) -> str:
    """A commit message's first line, without control or invisible characters, at most MESSAGE_CHARS."""
    lines = [line for line in message.splitlines() if line.strip()]
    kept = "".join(
        c for c in (lines[0] if lines else "") if unicodedata.category(c) not in ("Cc", "Cf")
    )
    text = " ".join(kept.split())
    return text if len(text) <= MESSAGE_CHARS else text[: MESSAGE_CHARS - 1].rstrip() + "…"


def printed(fig) -> Printed:
    """A figure's REVISION_FIELDS as its data file printed them (diff.field_text: 184.50 keeps its 0)."""
    return Printed(**{name: field_text(getattr(fig, name)) for name in REVISION_FIELDS})


def without_drafts(checked: Checked) -> Checked:
    """A draft brief is not published: it is added when it stops being a draft."""
    cat = checked.catalog
    briefs = {slug: b for slug, b in cat.briefs.items() if not b.draft}
    return replace(checked, catalog=replace(cat, briefs=briefs, _replacements=None, _by_pair=None))


def diff_step(base: Checked, head: Checked) -> Step:
    """What changed from one good commit to the next: briefs added; figures revised, added, renamed, removed."""
    base, head = without_drafts(base), without_drafts(head)
    facts = diff_facts(base, head)
    old, new = base.catalog.figures, head.catalog.figures
    items = [ChangeItem("brief added", r.id, r.id) for r in facts.briefs.added]
    renames = []
    for c in facts.figures.changed:
        if any(f.field in REVISION_FIELDS for f in c.changes):
            items.append(
                ChangeItem("figure revised", c.id, c.id, printed(old[c.was_id]), printed(new[c.id]))
            )
        if c.was_id != c.id:
            items.append(ChangeItem("figure renamed", c.id, c.was_id))
            renames.append((c.was_id, c.id))
    items += [
        ChangeItem("figure added", r.id, r.id, now=printed(new[r.id])) for r in facts.figures.added
    ]
    items += [
        ChangeItem("figure removed", r.id, r.id, was=printed(old[r.id]))
        for r in facts.figures.removed
    ]
    items.sort(key=lambda i: (CHANGE_KINDS.index(i.kind), i.id))
    return Step(tuple(items), tuple(renames))


def assemble_history(steps: list[tuple[Commit, Step]], commits: int) -> History:
    """Steps, oldest first, as the changelog (newest first) and each figure's revisions (oldest first), both
    under the ids the figures have today: walked back from the newest step, following each rename."""
    today_id: dict[str, str] = {}  # an id at the step being read -> the figure's id today
    revisions: dict[str, list[Revision]] = {}
    changes = []
    for commit, step in reversed(steps):
        items = tuple(
            replace(i, id=today_id.get(i.id, i.id)) if i.kind.startswith("figure") else i
            for i in step.items
        )
        for item in items:
            if item.kind == "figure revised":
                revisions.setdefault(item.id, []).insert(0, Revision(commit, item.was, item.now))
            # Before the step that added it, an id was no figure's, or another (removed) figure's.
            if item.kind == "figure added":
                today_id.pop(item.was_id, None)
        for old, new in step.renames:
            today_id[old] = today_id.get(new, new)
        if items:
            changes.append(ChangeEntry(commit, items))
    return History(
        True,
        revisions={k: tuple(v) for k, v in revisions.items()},
        changes=tuple(changes),
        commits=commits,
    )


# The cache's form of a step (history/git.py keeps one per pair of commits): JSON of plain strings.


def step_to_json(step: Step) -> dict:
    return {"items": [asdict(i) for i in step.items], "renames": [list(r) for r in step.renames]}


def step_from_json(data: dict) -> Step:
    def item(d: dict) -> ChangeItem:
        was, now = (Printed(**d[k]) if d.get(k) else None for k in ("was", "now"))
        return ChangeItem(d["kind"], d["id"], d["was_id"], was, now)

    return Step(tuple(item(d) for d in data["items"]), tuple((a, b) for a, b in data["renames"]))
