"""The checks pages: the overview with each pair's outcomes counted, and one page per pair with its
checks by kind, those where a source's own figures disagree first."""

from __future__ import annotations

from dataclasses import dataclass

from tradebriefs.core.i18n import SOURCE_LANGUAGE, _, gettext, language
from tradebriefs.core.routes import checks_page, data_page
from tradebriefs.facts.catalog import Catalog
from tradebriefs.facts.checks import CheckResult, Outcome
from tradebriefs.facts.derive import Derived
from tradebriefs.facts.words import DISAGREES_HEADING, RULE_HEADINGS, outcome_word, pair_title
from tradebriefs.render.searchmeta import Kind, pair_search
from tradebriefs.render.templates import Link, Target
from tradebriefs.render.views.site import WIDE
from tradebriefs.render.views.values import pairs_by_id


def outcome_counts(checks) -> str:
    """'2 holds, 1 not run, 1 source disagrees': each outcome counted, in Outcome's order."""
    counts = {o: sum(1 for c in checks if c.outcome == o) for o in Outcome}
    if language() != SOURCE_LANGUAGE:
        # "выполняется: 2": a count after its word needs no plural forms.
        words = [_("{what}: {n}", what=outcome_word(o), n=n) for o, n in counts.items() if n]
    else:
        words = [f"{n} {outcome_word(o)}" for o, n in counts.items() if n]
    return _(", ").join(words) or _("none")


@dataclass(frozen=True)
class CheckRow:
    id: str
    title: str
    outcome: str
    arithmetic: str
    inputs: tuple[Link, ...]


@dataclass(frozen=True)
class ChecksIndexView:
    meta: dict
    total: int
    counts: str
    pairs: tuple[tuple[Link, str], ...]
    disagrees: int = 0  # checks a figure kept as its source stated it fails (Outcome.DISAGREES)


@dataclass(frozen=True)
class ChecksPairView:
    meta: dict
    title: str
    total: int
    counts: str
    data: Target
    sections: tuple[tuple[str, tuple[CheckRow, ...]], ...]  # (heading, rows) per kind of check
    # The language each check's arithmetic is written in where it is not the page's ('en' in the other
    # editions: the checks write it once, in English, for every edition), else ''. Its name is the page's.
    work_lang: str = ""


def check_row(c: CheckResult, pair_of: dict) -> CheckRow:
    return CheckRow(
        c.id,
        str(c.title),
        outcome_word(c.outcome),
        c.arithmetic,
        tuple(Link(i, Target(data_page(*pair_of[i]), i)) for i in c.inputs),
    )


def checks_by_pair(checks, pair_of: dict) -> dict[tuple[str, str], list]:
    """{pair: the checks whose first input is the pair's}: every pair with a data page, with or without checks."""
    grouped: dict[tuple[str, str], list] = {p: [] for p in set(pair_of.values())}
    for c in checks:
        grouped[pair_of[c.inputs[0]]].append(c)
    return grouped


def checks_index_view(checks, grouped: dict) -> ChecksIndexView:
    return ChecksIndexView(
        WIDE,
        len(checks),
        outcome_counts(checks),
        tuple(
            (Link(pair_title(*p), Target(checks_page(*p))), outcome_counts(grouped[p]))
            for p in sorted(grouped)
        ),
        sum(1 for c in checks if c.outcome == Outcome.DISAGREES),
    )


def checks_pair_view(p: tuple[str, str], cat: Catalog, grouped, pair_of) -> ChecksPairView:
    """One pair's checks page; `grouped` (checks_by_pair) and `pair_of` may be tables whose lookups are
    recorded (reads.py)."""
    mine = grouped[p]
    sections = []
    # Where a source's own figures disagree comes first, under its own heading (and not again by kind).
    disagreeing = [c for c in mine if c.outcome == Outcome.DISAGREES]
    if disagreeing:
        sections.append(
            (gettext(DISAGREES_HEADING), tuple(check_row(c, pair_of) for c in disagreeing))
        )
    for kind, heading in RULE_HEADINGS.items():
        rows = tuple(
            check_row(c, pair_of) for c in mine if c.kind == kind and c.outcome != Outcome.DISAGREES
        )
        if rows:
            sections.append((gettext(heading), rows))
    return ChecksPairView(
        {**WIDE, **pair_search(Kind.CHECKS, *p, cat).front_matter()},
        pair_title(*p),
        len(mine),
        outcome_counts(mine),
        Target(data_page(*p)),
        tuple(sections),
        "" if language() == SOURCE_LANGUAGE else SOURCE_LANGUAGE,
    )


def checks_views(checks, cat: Catalog, derived: list[Derived]) -> tuple[ChecksIndexView, dict]:
    """The checks overview and {pair: its checks page's view}. Every pair with a data page gets one, saying so
    when no check could run on its figures."""
    pair_of = pairs_by_id(cat, derived)
    grouped = checks_by_pair(checks, pair_of)
    views = {p: checks_pair_view(p, cat, grouped, pair_of) for p in grouped}
    return checks_index_view(checks, grouped), views
