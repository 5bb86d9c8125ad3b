"""Models: the only place where a field's type, unit and allowed values are declared.

Each record is a frozen dataclass; each field's `metadata` says its kind. From these declarations come
both the JSON Schema published for editors (see `schema.py`) and the checks the loader runs, so the two
cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import MISSING, dataclass, field, fields
from decimal import Decimal
from enum import StrEnum

from .errors import Place
from .periods import Period


class Flow(StrEnum):
    """A flow of trade, seen from the reporter; members in the order a reader expects them."""

    TURNOVER = "turnover"  # exports and imports together
    EXPORTS = "exports"
    IMPORTS = "imports"
    BALANCE = "balance"  # exports minus imports; the only flow that can be negative


FLOWS = tuple(Flow)
QUALIFIERS = ("exact", "about", "over", "under", "at least", "at most", "nearly")
# A unit's scale as a power of ten: figures in different scales of one currency are converted exactly.
SCALE_EXPONENTS = {"thousand": 3, "million": 6, "billion": 9, "trillion": 12}
SCALES = tuple(SCALE_EXPONENTS)
CHART_KINDS = ("flows", "growth")
# A value an editor has yet to write (`tradebriefs new brief` writes them): `check` lists each as work left.
PLACEHOLDER = "TODO:"
# Bounds on what a number in a data file may be. Trade figures are printed with a handful of digits; more
# than 15 significant digits is a paste error (and more than 28 would exceed Decimal's default precision).
MAX_DIGITS = 15
MAX_DECIMALS = 6
MAX_VALUE = 10**MAX_DIGITS
# A change beyond +100,000% on a year earlier is not a statistic; above 1,000% the checks warn (checks.py).
MAX_CHANGE_PERCENT = 100_000
MAX_RANK = 249  # ISO 3166-1 lists 249 countries and territories
# Bounds on lengths: each far above what a brief needs, each well below what breaks a file name (255 bytes),
# a chart's title or a page. A field may set a tighter one (spec(max_length=...)).
MAX_ID = 80  # a slug is a file name and a URL
MAX_TEXT = 300
MAX_BODY = 60_000  # a brief is short: 60,000 characters is some 9,000 words
MAX_ITEMS = 50

# Kinds of field. Each maps to a JSON Schema fragment and to a phrase for "expected ..." messages.
KINDS = {
    "id": (
        {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "maxLength": MAX_ID},
        f"an id of lowercase letters, digits and hyphens (at most {MAX_ID} characters)",
    ),
    # Text must hold something besides spaces: a blank title would publish an empty heading.
    "text": ({"type": "string", "minLength": 1, "pattern": "\\S", "maxLength": MAX_TEXT}, "text"),
    "markdown": (
        {"type": "string", "minLength": 1, "pattern": "\\S", "maxLength": MAX_BODY},
        "Markdown text",
    ),
    "country": (
        {"type": "string", "pattern": "^[A-Z]{3}$"},
        "an ISO 3166-1 alpha-3 country code such as CHN",
    ),
    # A bare year (2023) arrives as a number: accept it, the converter reads its digits.
    "period": (
        {
            "type": ["string", "integer"],
            "pattern": r"^[0-9]{4}(-(Q[1-4]|[0-9]{2}))?(/[0-9]{4}(-(Q[1-4]|[0-9]{2}))?)?$",
        },
        "a period such as 2023, 2024-Q3, 2024-09 or 2024-01/2024-09",
    ),
    "decimal": (
        {"type": "number", "minimum": -MAX_VALUE, "maximum": MAX_VALUE},
        f"a number written as digits, such as 240.11 (at most {MAX_DIGITS} digits, {MAX_DECIMALS} after the point)",
    ),
    "percent": (
        {"type": "number", "minimum": -100, "maximum": MAX_CHANGE_PERCENT},
        f"a change in percent written as digits, such as 26.3 (from -100 to {MAX_CHANGE_PERCENT})",
    ),
    "count": (
        {"type": "integer", "minimum": 1, "maximum": MAX_RANK},
        f"a whole number from 1 to {MAX_RANK}",
    ),
    "date": (
        {"type": "string", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
        "a date such as 2024-10-28",
    ),
    "url": ({"type": "string", "pattern": "^https?://[^\\s]+$"}, "an http:// or https:// address"),
    "flag": ({"type": "boolean"}, "true or false"),
    "unit": (
        {"type": "string", "pattern": "^[A-Z]{3} (" + "|".join(SCALES) + ")$"},
        "a unit such as 'USD billion' (currency code, then " + ", ".join(SCALES) + ")",
    ),
}


@dataclass(frozen=True, order=True)
class Unit:
    """What a value counts: a currency (ISO 4217) and a scale, written 'USD billion'."""

    currency: str
    scale: str

    @property
    def exponent(self) -> int:
        return SCALE_EXPONENTS[self.scale]

    def __str__(self) -> str:
        return f"{self.currency} {self.scale}"


def spec(
    kind: str,
    doc: str,
    *,
    required: bool = True,
    choices: tuple = (),
    ref: str = "",
    many: bool = False,
    exactly: int = 0,
    default=None,
    model: type | None = None,
    max_length: int = 0,
    min_items: int = 0,
    max_items: int = MAX_ITEMS,
):
    """Declare one field of a data file: its kind, what it means, whether it must be given, and its bounds."""
    meta = {
        "kind": kind,
        "doc": doc,
        "required": required,
        "choices": choices,
        "ref": ref,
        "many": many,
        "exactly": exactly,
        "model": model,
        "max_length": max_length,
        "min_items": min_items,
        "max_items": max_items,
    }
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
    via: str | None = spec(
        "id",
        "Source id through which this one reached us, e.g. customs data via TASS",
        required=False,
        ref="source",
    )
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
    period: Period = spec(
        "period", "Period covered: 2023, 2024-Q3, 2024-09, or a span 2024-01/2024-09"
    )
    value: Decimal = spec("decimal", "The value exactly as printed; its decimals are its precision")
    unit: Unit = spec(
        "unit",
        "Currency and scale, e.g. USD billion; sums and balances need one currency, "
        "scales are converted exactly",
    )
    qualifier: str = spec(
        "text",
        "How the source qualified the value",
        choices=QUALIFIERS,
        required=False,
        default="exact",
    )
    basis: str | None = spec("text", "How it was measured, e.g. 'in dollar terms'", required=False)
    change: Decimal | None = spec(
        "percent",
        "Change against the same period a year earlier, in percent; more "
        "than -100 (a value that fell to zero has change -100 and value 0)",
        required=False,
    )
    notes: tuple[str, ...] = spec(
        "text", "Remarks the source made, e.g. record", many=True, required=False
    )
    source: str = spec("id", "Source id", ref="source")
    revises: str | None = spec(
        "id",
        "The id of an earlier figure for the same reporter, partner, flow, period "
        "and basis that this one revises; checks use the revision",
        required=False,
        ref="figure",
    )
    alternative_to: str | None = spec(
        "id",
        "The id of the figure for the same reporter, partner, flow, period and "
        "basis that another source gave; checks use that one and compare this one",
        required=False,
        ref="figure",
    )
    loc: Place = internal()
    locs: dict = internal()

    @property
    def key(self) -> tuple:
        """What a figure is a figure of: two figures with one key say the same thing, or contradict each other."""
        return (self.reporter, self.partner, self.flow, self.period, self.basis)


@dataclass(frozen=True, kw_only=True)
class Rank:
    """A partner's place among another country's trade partners."""

    id: str = spec("id", "Unique id, cited in briefs as {{id}}")
    of: str = spec("country", "Whose partners are ranked (ISO 3166-1 alpha-3)")
    partner: str = spec("country", "The partner that holds the rank")
    rank: int = spec("count", "Its place: 1 is the largest")
    flow: str = spec("text", "What is ranked", choices=FLOWS, required=False, default="turnover")
    period: Period = spec("period", "Period the ranking covers")
    above: tuple[str, ...] = spec(
        "country",
        "The partners ranked above, largest first",
        many=True,
        required=False,
        max_items=MAX_RANK - 1,
    )
    source: str = spec("id", "Source id", ref="source")
    loc: Place = internal()
    locs: dict = internal()


@dataclass(frozen=True, kw_only=True)
class Quote:
    """Words someone said, with attribution."""

    id: str = spec("id", "Unique id, listed by briefs")
    speaker: str = spec("text", "Who said it")
    role: str = spec("text", "The speaker's role when speaking")
    text: str = spec("text", "The words, exactly as the source printed them", max_length=2000)
    date: dt.date = spec("date", "When it was said or reported")
    place: str | None = spec("text", "Where it was said", required=False)
    source: str = spec("id", "Source id", ref="source")
    loc: Place = internal()
    locs: dict = internal()


@dataclass(frozen=True, kw_only=True)
class Chart:
    """A chart a brief shows, drawn from its figures."""

    kind: str = spec(
        "text",
        "flows: exports against imports with the balance; growth: change in percent",
        choices=CHART_KINDS,
    )
    figures: tuple[str, ...] = spec(
        "id", "The figures drawn", many=True, ref="figure", min_items=1, max_items=12
    )
    title: str | None = spec(
        "text", "Title; a default is written from the figures", required=False, max_length=120
    )
    loc: Place = internal()
    locs: dict = internal()


@dataclass(frozen=True, kw_only=True)
class Brief:
    """A short, sourced brief: one page of the site."""

    slug: str = spec("id", "Unique id, also the page's address: briefs/<slug>/")
    title: str = spec("text", "Headline", max_length=200)
    date: dt.date = spec("date", "Date of the brief")
    place: str = spec("text", "Where it was written, e.g. Beijing", max_length=120)
    pair: tuple[str, ...] = spec(
        "country", "The two countries, reporter first", many=True, exactly=2
    )
    summary: str = spec("text", "One or two sentences for lists and feeds", max_length=600)
    headline: str = spec("id", "The figure shown with the brief on the home page", ref="figure")
    figures: tuple[str, ...] = spec(
        "id", "Key figures, shown in the panel", many=True, ref="figure", min_items=1, max_items=20
    )
    ranks: tuple[str, ...] = spec(
        "id", "Ranks shown in the panel", many=True, ref="rank", required=False
    )
    body: str = spec(
        "markdown",
        "The brief in Markdown; cite figures and ranks as {{id}}, growth as {{id.change}}",
    )
    quotes: tuple[str, ...] = spec(
        "id", "Quotes shown with attribution", many=True, ref="quote", required=False
    )
    charts: tuple[Chart, ...] = spec(
        "chart", "Charts shown", many=True, required=False, model=Chart
    )
    tags: tuple[str, ...] = spec(
        "text", "Topics", many=True, required=False, max_length=100, max_items=20
    )
    sources: tuple[str, ...] = spec(
        "id", "Sources besides those of the cited figures", many=True, ref="source", required=False
    )
    draft: bool = spec(
        "flag",
        "true: checked, shown under `make serve` with a Draft banner, never published; a brief dated in the "
        "future is published from its date on",
        required=False,
        default=False,
    )
    loc: Place = internal()
    locs: dict = internal()


# What a file in data/facts/ may hold: lists of these records, under these keys.
FACT_SECTIONS = {"sources": Source, "figures": Figure, "ranks": Rank, "quotes": Quote}


def data_fields(model: type) -> list:
    """The fields a data file may set, in declaration order."""
    return [f for f in fields(model) if not f.metadata.get("internal")]


def default_of(f):
    return () if f.metadata.get("many") else (None if f.default is MISSING else f.default)
