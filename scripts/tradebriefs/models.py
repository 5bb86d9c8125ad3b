"""Models: the only place where a field's type, unit and allowed values are declared.

Each record is a frozen dataclass; each field's `metadata` says its kind. From these declarations come
both the JSON Schema published for editors (see `schema.py`) and the checks the loader runs, so the two
cannot drift apart.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import MISSING, dataclass, field, fields
from decimal import Decimal

from .errors import Place
from .periods import Period

FLOWS = ("exports", "imports", "turnover", "balance")
QUALIFIERS = ("exact", "about", "over", "under", "at least", "at most", "nearly")
SCALES = ("thousand", "million", "billion", "trillion")
CHART_KINDS = ("flows", "growth")

# Kinds of field. Each maps to a JSON Schema fragment and to a phrase for "expected ..." messages.
KINDS = {
    "id": ({"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"}, "an id of lowercase letters, digits and hyphens"),
    "text": ({"type": "string", "minLength": 1}, "text"),
    "markdown": ({"type": "string", "minLength": 1}, "Markdown text"),
    "country": ({"type": "string", "pattern": "^[A-Z]{3}$"}, "an ISO 3166-1 alpha-3 country code such as CHN"),
    # A bare year (2023) arrives as a number: accept it, the converter reads its digits.
    "period": ({"type": ["string", "integer"], "pattern": r"^[0-9]{4}(-(Q[1-4]|[0-9]{2}))?(/[0-9]{4}(-(Q[1-4]|[0-9]{2}))?)?$"},
               "a period such as 2023, 2024-Q3, 2024-09 or 2024-01/2024-09"),
    "decimal": ({"type": "number"}, "a number written as digits, such as 240.11"),
    "count": ({"type": "integer", "minimum": 1}, "a whole number of 1 or more"),
    "date": ({"type": "string", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}, "a date such as 2024-10-28"),
    "url": ({"type": "string", "pattern": "^https?://[^\\s]+$"}, "an http:// or https:// address"),
    "unit": ({"type": "string", "pattern": "^[A-Z]{3} (" + "|".join(SCALES) + ")$"},
             "a unit such as 'USD billion' (currency code, then " + ", ".join(SCALES) + ")"),
}


def spec(kind: str, doc: str, *, required: bool = True, choices: tuple = (), ref: str = "",
         many: bool = False, exactly: int = 0, default=None, model: type | None = None):
    """Declare one field of a data file: its kind, what it means, and whether it must be given."""
    meta = {"kind": kind, "doc": doc, "required": required, "choices": choices, "ref": ref,
            "many": many, "exactly": exactly, "model": model}
    if many:
        return field(default_factory=tuple, metadata=meta)
    return field(default=default, metadata=meta)


def internal():
    """A field filled by the loader (where the record stands), not written in data files."""
    return field(default=None, compare=False, repr=False, metadata={"internal": True})


@dataclass(frozen=True, kw_only=True)
class Source:
    """A publication that figures, ranks and quotes come from."""

    id: str = spec("id", "Unique id, cited by figures, quotes and briefs")
    title: str = spec("text", "Title of the article, table or release")
    publisher: str = spec("text", "Who published it, e.g. TASS")
    published: dt.date = spec("date", "Publication date")
    url: str | None = spec("url", "Where to read it (http or https only)", required=False)
    via: str | None = spec("id", "Source id through which this one reached us, e.g. customs data via TASS",
                           required=False, ref="source")
    accessed: dt.date | None = spec("date", "When the url was last read", required=False)
    loc: Place = internal()
    locs: dict = internal()


@dataclass(frozen=True, kw_only=True)
class Figure:
    """One trade figure, exactly as its source printed it."""

    id: str = spec("id", "Unique id, cited in briefs as {{id}}")
    reporter: str = spec("country", "Whose statistics or statement this is (ISO 3166-1 alpha-3)")
    partner: str = spec("country", "The partner country (ISO 3166-1 alpha-3)")
    flow: str = spec("text", "Which flow, seen from the reporter", choices=FLOWS)
    period: Period = spec("period", "Period covered: 2023, 2024-Q3, 2024-09, or a span 2024-01/2024-09")
    value: Decimal = spec("decimal", "The value exactly as printed; its decimals are its precision")
    unit: str = spec("unit", "Currency and scale, e.g. USD billion")
    qualifier: str = spec("text", "How the source qualified the value", choices=QUALIFIERS, required=False,
                          default="exact")
    basis: str | None = spec("text", "How it was measured, e.g. 'in dollar terms'", required=False)
    change: Decimal | None = spec("decimal", "Change against the same period a year earlier, in percent",
                                  required=False)
    notes: tuple[str, ...] = spec("text", "Remarks the source made, e.g. record", many=True, required=False)
    source: str = spec("id", "Source id", ref="source")
    loc: Place = internal()
    locs: dict = internal()


@dataclass(frozen=True, kw_only=True)
class Rank:
    """A partner's place among another country's trade partners."""

    id: str = spec("id", "Unique id, cited in briefs as {{id}}")
    of: str = spec("country", "Whose partners are ranked (ISO 3166-1 alpha-3)")
    partner: str = spec("country", "The partner that holds the rank")
    rank: int = spec("count", "Its place: 1 is the largest")
    flow: str = spec("text", "What is ranked", choices=FLOWS, required=False, default="turnover")
    period: Period = spec("period", "Period the ranking covers")
    above: tuple[str, ...] = spec("country", "The partners ranked above, largest first", many=True, required=False)
    source: str = spec("id", "Source id", ref="source")
    loc: Place = internal()
    locs: dict = internal()


@dataclass(frozen=True, kw_only=True)
class Quote:
    """Words someone said, with attribution."""

    id: str = spec("id", "Unique id, listed by briefs")
    speaker: str = spec("text", "Who said it")
    role: str = spec("text", "The speaker's role when speaking")
    text: str = spec("text", "The words, exactly as the source printed them")
    date: dt.date = spec("date", "When it was said or reported")
    place: str | None = spec("text", "Where it was said", required=False)
    source: str = spec("id", "Source id", ref="source")
    loc: Place = internal()
    locs: dict = internal()


@dataclass(frozen=True, kw_only=True)
class Chart:
    """A chart a brief shows, drawn from its figures."""

    kind: str = spec("text", "flows: exports against imports with the balance; growth: change in percent",
                     choices=CHART_KINDS)
    figures: tuple[str, ...] = spec("id", "The figures drawn", many=True, ref="figure")
    title: str | None = spec("text", "Title; a default is written from the figures", required=False)
    loc: Place = internal()
    locs: dict = internal()


@dataclass(frozen=True, kw_only=True)
class Brief:
    """A short, sourced brief: one page of the site."""

    slug: str = spec("id", "Unique id, also the page's address: briefs/<slug>/")
    title: str = spec("text", "Headline")
    date: dt.date = spec("date", "Date of the brief")
    place: str = spec("text", "Where it was written, e.g. Beijing")
    pair: tuple[str, ...] = spec("country", "The two countries, reporter first", many=True, exactly=2)
    summary: str = spec("text", "One or two sentences for lists and feeds")
    headline: str = spec("id", "The figure shown with the brief on the home page", ref="figure")
    figures: tuple[str, ...] = spec("id", "Key figures, shown in the panel", many=True, ref="figure")
    ranks: tuple[str, ...] = spec("id", "Ranks shown in the panel", many=True, ref="rank", required=False)
    body: str = spec("markdown", "The brief in Markdown; cite figures and ranks as {{id}}, growth as {{id.change}}")
    quotes: tuple[str, ...] = spec("id", "Quotes shown with attribution", many=True, ref="quote", required=False)
    charts: tuple[Chart, ...] = spec("chart", "Charts shown", many=True, required=False, model=Chart)
    tags: tuple[str, ...] = spec("text", "Topics", many=True, required=False)
    sources: tuple[str, ...] = spec("id", "Sources besides those of the cited figures", many=True, ref="source",
                                    required=False)
    loc: Place = internal()
    locs: dict = internal()


# What a file in data/facts/ may hold: lists of these records, under these keys.
FACT_SECTIONS = {"sources": Source, "figures": Figure, "ranks": Rank, "quotes": Quote}


def data_fields(model: type) -> list:
    """The fields a data file may set, in declaration order."""
    return [f for f in fields(model) if not f.metadata.get("internal")]


def default_of(f):
    return () if f.metadata.get("many") else (None if f.default is MISSING else f.default)
