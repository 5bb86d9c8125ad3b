"""The words the site uses for its facts: flow phrases, pair titles, rank and source names.

One place for each phrase, so pages, charts, series and checks say the same thing the same way, and an
edition in another language is a translation of this module, not a second copy of the renderers.
Numbers are never formatted here: numbers.py is the one formatter.
"""

from __future__ import annotations

from .countries import country_name, pair_key
from .models import Flow
from .numbers import format_change, ordinal

# The order a reader expects flows in: the whole, then its parts, then what follows from them.
FLOW_ORDER = tuple(Flow)
# Each kind of check (checks.Rule), as the checks pages head it, in the order they list them.
RULE_HEADINGS = {
    "unit": "Currencies",
    "sum": "Sums",
    "growth": "Growth against the prior period",
    "change": "Size of the change",
    "implied": "Implied prior-period values",
    "rank": "Ranks",
    "period": "Parts of a year",
    "mirror": "Mirror figures (both sides' reports)",
    "revision": "Revisions",
    "alternative": "Other sources' figures",
}


def dash_pair(a: str, b: str) -> str:
    """'China–Russia', in the order given (a reporter and its partner)."""
    return f"{country_name(a)}–{country_name(b)}"


def pair_title(a: str, b: str) -> str:
    """A pair's title, the same whichever side reports: 'China–Russia'."""
    return dash_pair(*pair_key(a, b))


def flow_phrase(flow: str, reporter: str, partner: str) -> str:
    """'China's exports to Russia', 'China–Russia trade turnover'."""
    r, p = country_name(reporter), country_name(partner)
    return {
        "turnover": f"{r}–{p} trade turnover",
        "exports": f"{r}'s exports to {p}",
        "imports": f"{r}'s imports from {p}",
        "balance": f"{r}'s trade balance with {p}",
    }[flow]


def flow_short(flow: str, partner: str) -> str:
    """A chart's bar label, the reporter being in the title: 'Exports to Russia', 'Turnover'."""
    p = country_name(partner)
    return {
        "exports": f"Exports to {p}",
        "imports": f"Imports from {p}",
        "turnover": "Turnover",
        "balance": "Balance",
    }[flow]


def flow_preposition(flow: str) -> str:
    """How a sentence joins a flow to its partner: exports *to*, imports *from*, trade *with*."""
    return {"exports": "to", "imports": "from"}.get(flow, "with")


def figure_label(fig) -> str:
    """'China's exports to Russia, 2023'."""
    return f"{flow_phrase(fig.flow, fig.reporter, fig.partner)}, {fig.period.label()}"


def derived_label(d) -> str:
    r, p, period = country_name(d.reporter), country_name(d.partner), d.period.label()
    if d.kind == "share":
        return f"{r}'s {d.flow} as a share of {r}–{p} turnover, {period}"
    return f"{flow_phrase(d.flow, d.reporter, d.partner)}, {period}" + (
        ", implied by its change" if d.kind == "implied" else ""
    )


def rank_label(rank) -> str:
    return f"{country_name(rank.partner)} among {country_name(rank.of)}'s trade partners, {rank.period.label()}"


def rank_text(rank) -> str:
    """'fourth largest after United States, Japan and South Korea'."""
    above = [country_name(c) for c in rank.above]
    after = ""
    if above:
        after = " after " + (
            ", ".join(above[:-1]) + " and " + above[-1] if len(above) > 1 else above[0]
        )
    return f"{ordinal(rank.rank)} largest{after}"


def change_text(fig) -> str:
    """'+26.3% on a year earlier, in dollar terms', or a dash when the source gave no change."""
    if fig.change is None:
        return "—"
    return f"{format_change(fig.change)} on a year earlier" + (
        f", {fig.basis}" if fig.basis else ""
    )


def revised_note(date: str, first: str) -> str:
    """Beside a figure revised after a brief's date: 'revised on 6 January 2026; first published as over $180 bn'."""
    return f"revised on {date}; first published as {first}"


# How the "What changed" page and its feeds name each kind of change (revisions.CHANGE_KINDS).
CHANGE_WORDS = {
    "brief added": "Brief added",
    "figure revised": "Figure revised",
    "figure added": "Figure added",
    "figure renamed": "Figure renamed",
    "figure removed": "Figure removed",
}


def changes_summary(kinds) -> str:
    """'1 figure revised, 1 brief added': an entry's changes counted by kind, in CHANGE_WORDS' order."""
    kinds = list(kinds)
    counts = {k: kinds.count(k) for k in CHANGE_WORDS}
    parts = []
    for kind, n in counts.items():
        if n:
            what, done = kind.split(" ", 1)
            parts.append(f"{n} {what}{'' if n == 1 else 's'} {done}")
    return ", ".join(parts)


def source_name(src, sources: dict) -> str:
    """'China's General Administration of Customs via TASS'."""
    return src.publisher + (f" via {sources[src.via].publisher}" if src.via else "")


def source_credit(figures, sources: dict) -> str:
    """A chart's credit line: 'Source: China's General Administration of Customs, via TASS'."""
    names = []
    for fig in figures:
        src = sources[fig.source]
        name = src.publisher + (f", via {sources[src.via].publisher}" if src.via else "")
        if name not in names:
            names.append(name)
    return "Source: " + "; ".join(names)
