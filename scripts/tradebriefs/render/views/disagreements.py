"""The public note beside a figure its source printed although the source's own figures disagree
(keep_as_stated): on a brief, under its key figures, and on the data page, in the figure's row."""

from __future__ import annotations

from dataclasses import dataclass

from tradebriefs.core.numbers import format_qualified
from tradebriefs.core.routes import checks_page
from tradebriefs.facts.catalog import Catalog
from tradebriefs.facts.checks import CheckResult
from tradebriefs.facts.derive import Derived
from tradebriefs.facts.models import Figure
from tradebriefs.facts.words import disagreement_text, figure_label, outcome_word
from tradebriefs.render.templates import Link, Target
from tradebriefs.render.views.values import derived_target, derived_value, figure_target, input_pair


@dataclass(frozen=True)
class DisagreementNote:
    """A public note beside a figure its source printed although its own figures disagree (keep_as_stated):
    "The source's own figures disagree: exports − imports = [$42.8 bn] (derived), against $46.8 bn stated",
    the derived value linked to its row, and the check that found it."""

    figure: Link  # the figure's label, linked to its row on the data page
    before: str  # the templates put a space between the parts
    derived: Link | None  # the value the source's own figures give, when a derived figure states it
    after: str
    check: Link  # the check, on its pair's checks page


def same_derived(fig: Figure, derived) -> Derived | None:
    """The derived figure of what `fig` states (its reporter, partner, flow, period, goods and currency), if
    any: what the source's own figures give instead of a value it printed (a balance from exports and imports)."""
    for d in derived:
        if (
            d.kind != "implied"
            and (d.reporter, d.partner, d.flow, d.period)
            == (fig.reporter, fig.partner, fig.flow, fig.period)
            and getattr(d, "commodity", None) == fig.commodity
            and str(d.unit) != "percent"
            and getattr(d.unit, "currency", None) == fig.unit.currency
        ):
            return d
    return None


def disagreement_note(fig: Figure, check: CheckResult, derived, checks_at: str) -> DisagreementNote:
    """One check a keep_as_stated figure fails, as the public note beside it (DisagreementNote)."""
    lead = "The source's own figures disagree: "
    d = same_derived(fig, derived)
    label = Link(figure_label(fig), figure_target(fig))
    check_link = Link(outcome_word(check.outcome), Target(checks_at, check.id))
    if d is None:
        return DisagreementNote(label, lead + check.arithmetic, None, "", check_link)
    stated = format_qualified(fig.amount, fig.unit, fig.qualifier)
    return DisagreementNote(
        label,
        f"{lead}{disagreement_text(fig.flow)} =",
        Link(derived_value(d), derived_target(d)),
        f"(derived), against {stated} stated",
        check_link,
    )


def disagreement_notes(
    ids, cat: Catalog, found: dict[str, list[CheckResult]], derived: dict[str, Derived]
) -> tuple[DisagreementNote, ...]:
    """The notes for the figures among `ids` kept as their source stated them whose source's own figures a
    check found to disagree (checks.disagreements); the figures they were checked against get none.
    `derived`: {id: derived figure}. A check's page is its first input's pair's."""
    notes = []
    for ident in ids:
        fig = cat.figures.get(ident)
        for c in found.get(ident, ()) if fig is not None and fig.keep_as_stated else ():
            at = checks_page(*input_pair(c.inputs[0], cat, derived))
            notes.append(disagreement_note(fig, c, derived.values(), at))
    return tuple(notes)
