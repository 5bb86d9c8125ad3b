"""A value as every page prints it: a figure's ('over $180 bn', 'forecast: ...'), a derived figure's, the
value of a revision as its data file printed it, a date ('28 October 2024'); and where a value lives: its
row on its pair's data page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache

from babel.dates import format_date, format_skeleton

from tradebriefs.core.countries import pair_key
from tradebriefs.core.i18n import SOURCE_LANGUAGE, gettext, language
from tradebriefs.core.numbers import (
    format_change,
    format_percent,
    format_qualified,
    qualified,
)
from tradebriefs.core.periods import MonthDate
from tradebriefs.core.routes import data_page
from tradebriefs.facts.catalog import Catalog
from tradebriefs.facts.derive import Derived
from tradebriefs.facts.models import Figure
from tradebriefs.facts.revisions import Printed
from tradebriefs.facts.words import status_text, surplus_text
from tradebriefs.render.templates import Link, Target


def long_date(value) -> str:
    """'28 October 2024'; 'December 2023' for a date printed to the month (periods.MonthDate); in the edition's
    language, CLDR's long form: '28 октября 2024 г.', '2024年10月28日'."""
    return _long_date(value, language())


# typed: a MonthDate equals the date of its month's first day and hashes as it does, yet prints otherwise.
@lru_cache(maxsize=1 << 12, typed=True)
def _long_date(value, lang: str) -> str:
    if lang != SOURCE_LANGUAGE:
        if isinstance(value, MonthDate):
            return format_skeleton("yMMMM", value, locale=lang)
        return format_date(value, "long", locale=lang)
    return format_date(value, "MMMM y" if isinstance(value, MonthDate) else "d MMMM y", locale="en")


def figure_target(fig: Figure) -> Target:
    return Target(data_page(fig.reporter, fig.partner), fig.id)


def month_year(date: dt.date | None) -> str:
    if not date:
        return ""
    if language() != SOURCE_LANGUAGE:
        return format_skeleton("yMMMM", date, locale=language())
    return format_date(date, "MMMM y", locale="en")


def figure_value_text(fig: Figure) -> str:
    """A figure's value as every page and citation shows it: 'over $180 bn', '30.7%', 'a surplus of $37.2 bn
    in Russia's favour'; a forecast or target is never shown as if reported: 'forecast: over $50 bn (Brazil's
    trade ministry, December 2023)'."""
    text = format_qualified(fig.value, fig.unit, fig.qualifier)
    if fig.favours is not None:
        text = surplus_text(text, fig.favours)
    if not fig.is_reported:
        text = status_text(fig.status, text, fig.by, month_year(fig.made), fig.period.label())
    return text


def figure_value_link(fig: Figure) -> Link:
    return Link(figure_value_text(fig), figure_target(fig))


def printed_value(p: Printed, with_change: bool = False) -> str:
    """A value as a page shows it ('over $180 bn'), from the digits its data file printed; with its change."""
    text = format_qualified(Decimal(p.value), p.unit, p.qualifier)
    if not with_change:
        return text
    change = format_change(Decimal(p.change)) if p.change else gettext("no change given")
    return f"{text} ({change})"


def revision_texts(was: Printed, now: Printed) -> tuple[str, str]:
    """Both sides of "old → new": the values, and the changes too when they differ."""
    with_change = was.change != now.change
    return printed_value(was, with_change), printed_value(now, with_change)


def derived_value(d: Derived) -> str:
    if d.unit == "percent":
        return qualified(d.qualifier, format_percent(d.value))
    return format_qualified(d.value, d.unit, d.qualifier)


def derived_target(d: Derived) -> Target:
    return Target(data_page(d.reporter, d.partner), d.id)


def input_pair(ident: str, cat: Catalog, derived: dict[str, Derived]) -> tuple[str, str]:
    """The pair whose pages hold a figure, rank or derived figure (pairs_by_id, for one id)."""
    if ident in cat.figures:
        f = cat.figures[ident]
        return pair_key(f.reporter, f.partner)
    if ident in cat.ranks:
        return pair_key(cat.ranks[ident].of, cat.ranks[ident].partner)
    return pair_key(derived[ident].reporter, derived[ident].partner)


def pairs_by_id(cat: Catalog, derived: list[Derived]) -> dict[str, tuple[str, str]]:
    """{figure, rank or derived id: its pair}: which data page holds it."""
    table = {f.id: pair_key(f.reporter, f.partner) for f in cat.figures.values()}
    table.update({r.id: pair_key(r.of, r.partner) for r in cat.ranks.values()})
    table.update({d.id: pair_key(d.reporter, d.partner) for d in derived})
    return table
