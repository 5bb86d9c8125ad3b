"""The data's history as plain data for the renderer: each figure's revisions and the changelog, from git.

history/changes.py computes it from commits (history/git.py reads them); the pages only read it. Every date is a
commit's committer date (UTC), never the clock, so two builds of one commit are byte-identical. A build
without git history gets NO_HISTORY: no revision notes, and a "What changed" page that says why.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Printed:
    """A figure's value as its data file printed it (digits kept: '184.50'), for "old → new"; with what says
    what kind of value it is (a forecast, a share, a surplus, a product), so a change of those is a revision
    too. The later fields have the defaults a data file leaves out."""

    value: str
    unit: str  # 'USD billion', or 'percent' for a share
    qualifier: str
    change: str | None  # percent, as printed; None when the source gave none
    change_on: str = "year earlier"  # what the change is measured against
    status: str = "reported"  # reported, forecast or target
    by: str | None = None  # a forecast's or target's maker
    commodity: str | None = None  # an HS code; None for all goods (or a product no one code covers)
    product: str | None = None  # the product as the source named it
    share_of: str | None = None  # a share's whole: a partner's code or 'all goods'
    favours: str | None = None  # whose surplus a balance is


@dataclass(frozen=True)
class Commit:
    sha: str  # the full commit id
    date: str  # the committer date, UTC, as an ISO date
    message: (
        str  # the commit's subject line, as typed (hostile input: escaped wherever it is shown)
    )


@dataclass(frozen=True)
class Revision:
    """One commit that changed a figure's value as printed (history.REVISION_FIELDS)."""

    commit: Commit
    was: Printed
    now: Printed


@dataclass(frozen=True)
class ChangeItem:
    """One record a commit changed. `id` is the record's id today (after any later rename), `was_id` its id
    in that commit (a renamed figure's old id)."""

    kind: str  # one of CHANGE_KINDS
    id: str
    was_id: str
    was: Printed | None = None  # revised and removed figures
    now: Printed | None = None  # revised and added figures


# What the changelog lists, in the order an entry lists it.
CHANGE_KINDS = ("brief added", "figure revised", "figure added", "figure renamed", "figure removed")


@dataclass(frozen=True)
class ChangeEntry:
    """What one commit changed in the data."""

    commit: Commit
    items: tuple[ChangeItem, ...]


@dataclass(frozen=True)
class History:
    available: bool
    note: str = ""  # why there is no history, in one line (not a git checkout, a shallow clone...)
    revisions: dict[str, tuple[Revision, ...]] = field(default_factory=dict)  # by id, oldest first
    changes: tuple[ChangeEntry, ...] = ()  # newest first
    commits: int = 0  # how many commits that changed the data were read


NO_HISTORY = History(False, "no revision history was read")


def revisions_after(history: History, figure_id: str, day: dt.date) -> tuple[Revision, ...]:
    """The revisions of a figure committed after `day` (a brief's date), oldest first."""
    after = day.isoformat()
    return tuple(r for r in history.revisions.get(figure_id, ()) if r.commit.date > after)
