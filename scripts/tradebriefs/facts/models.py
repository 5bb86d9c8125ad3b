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

from tradebriefs.core.errors import Place
from tradebriefs.core.periods import Period


class Flow(StrEnum):
    """A flow of trade, seen from the reporter; members in the order a reader expects them."""

    TURNOVER = "turnover"  # exports and imports together
    EXPORTS = "exports"
    IMPORTS = "imports"
    BALANCE = "balance"  # exports minus imports; the only flow that can be negative


FLOWS = tuple(Flow)


class Status(StrEnum):
    """What kind of statement a figure is: only reported figures are checked and charted as facts."""

    REPORTED = "reported"  # what happened, as measured
    FORECAST = "forecast"  # what someone expects to happen
    TARGET = "target"  # what someone aims for


STATUSES = tuple(Status)
# What a change in percent is measured against (`change_on`). Growth on a year earlier is the default: for a
# span (January–September) it is the same span a year earlier.
CHANGE_BASES = ("year earlier", "previous month", "previous quarter")
# A share's whole (`share_of`): the same flow with another partner (WLD: the reporter's trade with the
# world), or, for a commodity, the same flow of all goods.
ALL_GOODS = "all goods"
QUALIFIERS = ("exact", "about", "over", "under", "at least", "at most", "nearly")
# A unit's scale as a power of ten: figures in different scales of one currency are converted exactly.
SCALE_EXPONENTS = {"thousand": 3, "million": 6, "billion": 9, "trillion": 12}
SCALES = tuple(SCALE_EXPONENTS)
CHART_KINDS = ("flows", "growth", "commodities")
PERCENT = "percent"  # the unit of a share
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
    # A country, the world (WLD) or a declared group (EU, ASEAN): countries.GROUP_CODE.
    "area": (
        {"type": "string", "pattern": "^[A-Z][A-Z0-9]{1,9}$"},
        "an ISO 3166-1 alpha-3 country code such as CHN, WLD for the world, or the code of a group "
        "declared under groups: (EU, ASEAN)",
    ),
    "group": (
        {"type": "string", "pattern": "^(?![A-Z]{3}$)[A-Z][A-Z0-9]{1,9}$"},
        "a group's code: capitals and digits, 2 to 10 characters but not 3 letters (those are "
        "countries' codes), such as EU or ASEAN",
    ),
    "hs": (
        {"type": "string", "pattern": "^[0-9]{2}([0-9]{2}([0-9]{2})?)?$"},
        "an HS code in quotes: a chapter such as '27', a heading such as '2709' or a subheading such as '270900'",
    ),
    "whole": (
        {"type": "string", "pattern": "^([A-Z][A-Z0-9]{1,9}|" + ALL_GOODS + ")$"},
        "what the share is of: a partner's code (WLD for the reporter's trade with the world) or '"
        + ALL_GOODS
        + "' for a commodity's share of the flow",
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
    "published": (
        {"type": "string", "pattern": r"^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$"},
        "a date such as 2024-10-28, or a month such as 2023-12 when the source gives no day",
    ),
    "date": (
        {"type": "string", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
        "a date such as 2024-10-28",
    ),
    "url": ({"type": "string", "pattern": "^https?://[^\\s]+$"}, "an http:// or https:// address"),
    # A language's code, as HTML's lang attribute and the site's editions write it (ISO 639-1).
    "lang": ({"type": "string", "pattern": "^[a-z]{2,3}$"}, "a language's code such as ru or zh"),
    "flag": ({"type": "boolean"}, "true or false"),
    "unit": (
        {"type": "string", "pattern": "^([A-Z]{3} (" + "|".join(SCALES) + ")|" + PERCENT + ")$"},
        "a unit such as 'USD billion' (currency code, then "
        + ", ".join(SCALES)
        + "), or 'percent' for a share",
    ),
}


@dataclass(frozen=True, order=True)
class Unit:
    """What a value counts: a currency (ISO 4217) and a scale, written 'USD billion'."""

    currency: str  # "" for a share's percent
    scale: str

    @property
    def exponent(self) -> int:
        return SCALE_EXPONENTS.get(self.scale, 0)

    @property
    def is_percent(self) -> bool:
        return self.scale == PERCENT

    def __str__(self) -> str:
        return PERCENT if self.is_percent else f"{self.currency} {self.scale}"


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
    published: dt.date = spec(
        "published", "Publication date; the month alone (2023-12) when the source gives no day"
    )
    url: str | None = spec("url", "Where to read it (http or https only)", required=False)
    via: str | None = spec(
        "id",
        "Source id through which this one reached us, e.g. customs data via TASS",
        required=False,
        ref="source",
    )
    accessed: dt.date | None = spec("date", "When the url was last read", required=False)
    # Provenance of an imported table (tradebriefs import): written by the importer, never by hand.
    database: str | None = spec(
        "text", "For an imported table: the database, e.g. UN Comtrade", required=False
    )
    dataset: str | None = spec(
        "text", "For an imported table: the dataset or query it answered", required=False
    )
    file: str | None = spec(
        "text", "For an imported table: the file it was read from", required=False
    )
    digest: str | None = spec(
        "text", "For an imported table: the SHA-256 of that file's bytes", required=False
    )
    imported: dt.date | None = spec(
        "date", "For an imported table: when it was imported", required=False
    )
    loc: Place = internal()
    locs: dict = internal()

    @property
    def is_table(self) -> bool:
        """A published table read by an importer: its figures are the official ones."""
        return self.digest is not None


VALUATIONS = ("CIF", "FOB")


@dataclass(frozen=True, kw_only=True)
class Figure:
    """One trade figure, exactly as its source printed it."""

    id: str = spec("id", "Unique id, cited in briefs as {{id}}")
    reporter: str = spec(
        "area", "Whose statistics or statement this is (ISO 3166-1 alpha-3, or a declared group)"
    )
    partner: str = spec(
        "area",
        "The partner: a country (ISO 3166-1 alpha-3), WLD for the world, or a group declared under groups:",
    )
    flow: str = spec("text", "Which flow, seen from the reporter", choices=FLOWS)
    commodity: str | None = spec(
        "hs",
        "The product, as an HS code in quotes ('1201' soya beans, '27' mineral fuels); "
        "left out: all goods",
        required=False,
    )
    product: str | None = spec(
        "text",
        "The product as the source names it (soya); pages show it with the HS description. Alone, "
        "without commodity, for a group of goods no one HS code covers (beef, fresh and frozen)",
        required=False,
        max_length=80,
    )
    period: Period = spec(
        "period", "Period covered: 2023, 2024-Q3, 2024-09, or a span 2024-01/2024-09"
    )
    value: Decimal = spec("decimal", "The value exactly as printed; its decimals are its precision")
    unit: Unit = spec(
        "unit",
        "Currency and scale, e.g. USD billion, or percent for a share (with share_of); figures in "
        "different currencies are checked apart, scales of one currency are converted exactly",
    )
    share_of: str | None = spec(
        "whole",
        "For a share (unit: percent): what it is a share of, WLD for the reporter's same flow with "
        "the world, another partner's code, or 'all goods' for a commodity's share of the flow",
        required=False,
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
        "Change in percent against the period change_on names (by default the same period a year "
        "earlier); more than -100 (a value that fell to zero has change -100 and value 0)",
        required=False,
    )
    change_on: str = spec(
        "text",
        "What the change is measured against: the same period a year earlier, the previous "
        "month (for a month) or the previous quarter (for a quarter)",
        choices=CHANGE_BASES,
        required=False,
        default="year earlier",
    )
    favours: str | None = spec(
        "area",
        "For a balance printed as a surplus in one side's favour: whose surplus it is (the "
        "reporter or the partner); the value is then its size, and the change the change of that surplus",
        required=False,
    )
    status: str = spec(
        "text",
        "reported (what happened), forecast (what someone expects) or target (what someone aims "
        "for); only reported figures are checked and charted as facts",
        choices=STATUSES,
        required=False,
        default="reported",
    )
    by: str | None = spec(
        "text", "For a forecast or target: who made or set it", required=False, max_length=120
    )
    made: dt.date | None = spec(
        "date", "For a forecast or target: when it was made or set", required=False
    )
    keep_as_stated: bool = spec(
        "flag",
        "true: the source printed this value although its own figures disagree with it; the "
        "build passes and the page says so, with the value they give",
        required=False,
        default=False,
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
    valuation: str | None = spec(
        "text",
        "How the value was measured at the border: CIF (imports, with freight and insurance) or FOB",
        choices=VALUATIONS,
        required=False,
    )
    record: str | None = spec(
        "text",
        "For an imported figure: the record's key in its table (written by tradebriefs import)",
        required=False,
    )
    loc: Place = internal()
    locs: dict = internal()

    @property
    def key(self) -> tuple:
        """What a figure is a figure of: two figures with one key say the same thing, or contradict each other.
        A value in yuan and one in dollars are two figures (each with its own change), as are a
        forecast and a reported value, or two forecasters' forecasts."""
        return (
            self.reporter,
            self.partner,
            self.flow,
            self.period,
            self.basis,
            self.goods,
            self.unit.currency if self.unit else None,
            self.share_of,
            self.status,
            self.by,
        )

    @property
    def goods(self) -> str | None:
        """What goods a figure is of: an HS code, else the product's name, else None for all goods."""
        return self.commodity or (f"product:{self.product.casefold()}" if self.product else None)

    @property
    def is_share(self) -> bool:
        return self.unit is not None and self.unit.is_percent

    @property
    def is_reported(self) -> bool:
        return self.status == Status.REPORTED

    @property
    def is_amount(self) -> bool:
        """A reported value in a currency: what sums, balances, growth, ranks and charts work with."""
        return self.is_reported and not self.is_share

    @property
    def amount(self) -> Decimal:
        """The value with the sign of the reporter's balance: a surplus in the partner's favour is negative."""
        if self.favours is not None and self.favours != self.reporter:
            return -self.value
        return self.value


@dataclass(frozen=True, kw_only=True)
class Group:
    """A group of countries a source reports as one partner (the EU, ASEAN), with its members."""

    code: str = spec("group", "The group's code, used as a figure's reporter or partner: EU, ASEAN")
    members: tuple[str, ...] = spec(
        "country",
        "Its members (ISO 3166-1 alpha-3) over the periods its figures cover",
        many=True,
        min_items=2,
        max_items=MAX_RANK,
    )
    note: str | None = spec(
        "text", "What a reader should know, e.g. members since 2020", required=False
    )
    loc: Place = internal()
    locs: dict = internal()


@dataclass(frozen=True, kw_only=True)
class Rank:
    """A partner's place among another country's trade partners."""

    id: str = spec("id", "Unique id, cited in briefs as {{id}}")
    of: str = spec("country", "Whose partners are ranked (ISO 3166-1 alpha-3)")
    partner: str = spec(
        "area", "The partner that holds the rank: a country, or a group declared under groups:"
    )
    rank: int = spec("count", "Its place: 1 is the largest")
    flow: str = spec("text", "What is ranked", choices=FLOWS, required=False, default="turnover")
    period: Period = spec("period", "Period the ranking covers")
    above: tuple[str, ...] = spec(
        "area",
        "The partners ranked above, largest first (countries, or groups such as ASEAN and EU when the "
        "source ranks them as partners)",
        many=True,
        required=False,
        max_items=MAX_RANK - 1,
    )
    source: str = spec("id", "Source id", ref="source")
    loc: Place = internal()
    locs: dict = internal()


@dataclass(frozen=True, kw_only=True)
class QuoteTranslation:
    """A quote's words translated by the editors for another edition: always shown marked as a translation."""

    lang: str = spec("lang", "The language of the translation: an edition's code, such as ru or zh")
    text: str = spec("text", "The words in that language", max_length=2000)
    role: str | None = spec("text", "The speaker's role in that language", required=False)
    speaker: str | None = spec("text", "The speaker's name in that language", required=False)
    place: str | None = spec("text", "Where it was said, in that language", required=False)
    loc: Place = internal()
    locs: dict = internal()


@dataclass(frozen=True, kw_only=True)
class Quote:
    """Words someone said, with attribution."""

    id: str = spec("id", "Unique id, listed by briefs")
    speaker: str = spec("text", "Who said it")
    role: str = spec("text", "The speaker's role when speaking")
    text: str = spec("text", "The words, exactly as the source printed them", max_length=2000)
    lang: str = spec(
        "lang",
        "The language the source printed the words in (en unless given)",
        required=False,
        default="en",
    )
    date: dt.date = spec("date", "When it was said or reported")
    place: str | None = spec("text", "Where it was said", required=False)
    source: str = spec("id", "Source id", ref="source")
    translations: tuple[QuoteTranslation, ...] = spec(
        "quotetranslation",
        "The words translated for other editions, each marked as a translation where shown",
        many=True,
        required=False,
        model=QuoteTranslation,
    )
    loc: Place = internal()
    locs: dict = internal()


@dataclass(frozen=True, kw_only=True)
class Chart:
    """A chart a brief shows, drawn from its figures."""

    kind: str = spec(
        "text",
        "flows: exports against imports with the balance; growth: change in percent; "
        "commodities: products of one flow against its total",
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
class Translation:
    """A brief's title, place, summary and body in another edition's language; figures and sources are shared.

    The body cites the same figures as the original's, as {{id}} (checked: none dropped, none added), so every
    number in it is written from the figure in the edition's conventions, never typed by hand."""

    lang: str = spec("lang", "The language: an edition's code, such as ru or zh")
    title: str = spec("text", "Headline", max_length=200)
    place: str = spec("text", "Where it was written", max_length=120)
    summary: str = spec("text", "One or two sentences for lists and feeds", max_length=600)
    body: str = spec("markdown", "The brief in Markdown, citing the same figures as the original")
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
    translations: tuple[Translation, ...] = spec(
        "translation",
        "The brief in the site's other editions' languages (mkdocs.yml: editions)",
        many=True,
        required=False,
        model=Translation,
        max_items=10,
    )
    # The language its title, place, summary and body are in: the brief's own (en), or an edition's once that
    # edition put the brief's translation in their place (render/editions.py). Compared, so a page's reads see it.
    text_lang: str = field(default="en", repr=False, metadata={"internal": True})
    loc: Place = internal()
    locs: dict = internal()


# What a file in data/facts/ may hold: lists of these records, under these keys.
FACT_SECTIONS = {
    "sources": Source,
    "groups": Group,
    "figures": Figure,
    "ranks": Rank,
    "quotes": Quote,
}


def data_fields(model: type) -> list:
    """The fields a data file may set, in declaration order."""
    return [f for f in fields(model) if not f.metadata.get("internal")]


def default_of(f):
    return () if f.metadata.get("many") else (None if f.default is MISSING else f.default)
