"""Rows and blocks shared by several pages: key figures (and their table), ranks, derived figures,
revisions, charts with their data, quotes and sources."""

from __future__ import annotations

from dataclasses import dataclass

from tradebriefs.core.i18n import _, language, language_name
from tradebriefs.core.numbers import format_qualified
from tradebriefs.core.routes import SOURCES_PAGE, chart_download, dark_variant, data_page
from tradebriefs.core.text import safe_url
from tradebriefs.facts.catalog import Catalog
from tradebriefs.facts.derive import Derived
from tradebriefs.facts.models import Figure, Rank, Source
from tradebriefs.facts.revisions import Revision
from tradebriefs.facts.words import (
    NOTHING,
    change_text,
    derived_label,
    figure_label,
    other_side,
    rank_label,
    rank_text,
    source_name,
)
from tradebriefs.render.chartplan import ChartPlan
from tradebriefs.render.templates import Link, Target
from tradebriefs.render.views.disagreements import DisagreementNote
from tradebriefs.render.views.values import (
    derived_value,
    figure_value_link,
    long_date,
    revision_texts,
)


@dataclass(frozen=True)
class RevisionRow:
    """One revision of a figure on the data page: when, old → new, and the commit's message."""

    date: str
    was: str
    now: str
    message: str


@dataclass(frozen=True)
class FigureRow:
    id: str
    label: str
    value: Link
    change: str
    notes: str
    source: Link
    printed: str = ""  # the value exactly as the data file wrote it, with its unit (data pages)
    checks: tuple[Link, ...] = ()
    cited_in: tuple[Link, ...] = ()
    revisions: tuple[RevisionRow, ...] = ()  # data pages, from the data's git history
    # Data pages: where the source's own figures disagree with a figure kept as stated.
    disagrees: tuple[DisagreementNote, ...] = ()


@dataclass(frozen=True)
class FigureTable:
    """A table of key figures (a brief's, a profile's headline, a country's latest): only the columns some row
    fills, and a source every row shares named once under the table instead of on every row."""

    rows: tuple[FigureRow, ...]
    change: bool  # some row has a change
    notes: bool  # some row has a note
    source: Link | None  # the one source of every row; None: each row names its own


def figure_table(rows) -> FigureTable:
    """Rows as a key-figures table: a column empty in every row (all dashes) is dropped; one shared source is
    said once."""
    rows = tuple(rows)
    sources = {r.source for r in rows}
    return FigureTable(
        rows,
        any(r.change != NOTHING for r in rows),
        any(r.notes != NOTHING for r in rows),
        sources.pop() if len(sources) == 1 else None,
    )


@dataclass(frozen=True)
class RankRow:
    id: str
    label: str
    place: str
    source: Link


@dataclass(frozen=True)
class DerivedRow:
    id: str
    label: str
    value: str
    formula: str
    inputs: tuple[Link, ...]


@dataclass(frozen=True)
class ChartBlock:
    light: Target
    dark: Target
    alt: str
    title: str
    credit: str
    csv: Target
    json: Target
    rows: tuple[tuple[str, str], ...]  # (series, value) as the chart labels them
    embed: str = ""  # a brief's chart: the <iframe> code of its embed page (pages.with_embeds)


@dataclass(frozen=True)
class SourceItem:
    id: str
    publisher: str
    title: str
    published: str
    via: Link | None
    url: str | None  # re-serialized (text.safe_url)
    accessed: str = ""  # when the address was last read, as the data file says
    # An imported table: database, dataset, file, its SHA-256 and when it was imported.
    provenance: str = ""


@dataclass(frozen=True)
class QuoteBlock:
    text: str
    speaker: str
    role: str
    where: str
    source: Link
    lang: str = ""  # the words' language where it is not the page's (a quote left in its original)
    translated: str = (
        ""  # "Translated by …": the words are the editors' translation, not the source's
    )


def source_link(src_id: str, cat: Catalog) -> Link:
    src = cat.sources[src_id]
    return Link(source_name(src, cat.sources), Target(SOURCES_PAGE, src.id))


def figure_status(fig: Figure, cat: Catalog) -> list[str]:
    """What a reader must know before using a figure: it was revised, or another source gave another value."""
    status = [_("revises {id}", id=fig.revises)] if fig.revises else []
    if fig.alternative_to:
        status.append(_("another source's figure beside {id}", id=fig.alternative_to))
    for other in cat.replaced_by(fig.id):
        status.append(
            _("revised by {id}", id=other.id)
            if other.revises == fig.id
            else _("{id} from another source", id=other.id)
        )
    return status


def revision_row(r: Revision) -> RevisionRow:
    return RevisionRow(r.commit.date, *revision_texts(r.was, r.now), r.commit.message)


def figure_notes(fig: Figure) -> list[str]:
    """What a row says of a figure's kind: a surplus seen from the other side ("China's deficit of $37.2 bn
    with Russia"); who made a forecast or set a target is in its value."""
    notes = []
    if fig.favours is not None:
        notes.append(other_side(fig, format_qualified(fig.value, fig.unit, fig.qualifier)))
    if fig.valuation:
        notes.append(fig.valuation)
    if fig.record:
        notes.append(_("table record {record}", record=fig.record))
    return notes


def figure_row(fig: Figure, cat: Catalog, revised: str = "", **extra) -> FigureRow:
    notes = [
        *figure_status(fig, cat),
        *figure_notes(fig),
        *fig.notes,
        *([revised] if revised else []),
    ]
    return FigureRow(
        fig.id,
        figure_label(fig),
        figure_value_link(fig),
        change_text(fig),
        "; ".join(notes) or NOTHING,
        source_link(fig.source, cat),
        **extra,
    )


def rank_row(rank: Rank, cat: Catalog) -> RankRow:
    return RankRow(rank.id, rank_label(rank), rank_text(rank), source_link(rank.source, cat))


def derived_row(d: Derived) -> DerivedRow:
    page = data_page(d.reporter, d.partner)
    return DerivedRow(
        d.id,
        _("{what} (derived)", what=derived_label(d)),
        derived_value(d),
        str(d.formula),
        tuple(Link(i, Target(page, i)) for i in d.inputs),
    )


def chart_block(plan: ChartPlan) -> ChartBlock:
    path, spec = plan.path, plan.spec
    return ChartBlock(
        Target(path),
        Target(dark_variant(path)),
        spec.alt,
        spec.title,
        spec.source_line,
        Target(chart_download(path, "csv")),
        Target(chart_download(path, "json")),
        tuple((b.label, b.text) for b in spec.bars),
    )


def source_item(src: Source, cat: Catalog) -> SourceItem:
    via = source_link(src.via, cat) if src.via else None
    return SourceItem(
        src.id,
        src.publisher,
        src.title,
        long_date(src.published),
        via,
        safe_url(src.url) if src.url else None,
        long_date(src.accessed) if src.accessed else "",
        table_provenance(src),
    )


def table_provenance(src: Source) -> str:
    """'UN Comtrade, C/A/HS, file HS-60a6ad.json (SHA-256 3f2a…), imported 3 December 2026' for a table an
    importer read; '' for an article."""
    if not src.is_table:
        return ""
    parts = [src.database, src.dataset, _("file {name}", name=src.file) if src.file else None]
    parts.append(f"SHA-256 {src.digest}")
    if src.imported:
        parts.append(_("imported {date}", date=long_date(src.imported)))
    return ", ".join(p for p in parts if p)


def place_date(place: str | None, date: str) -> str:
    """'Beijing, 28 October 2024'; '北京，2024年10月28日'; the date alone without a place."""
    return _("{place}, {date}", place=place, date=date) if place else date


def quote_block(quote, cat: Catalog, site_name: str = "") -> QuoteBlock:
    """A quote in the page's language: as its source printed it, or the editors' translation marked as one;
    a quote with neither keeps its words, marked with their language."""
    source = source_link(quote.source, cat)
    lang = language()
    where = place_date(quote.place, long_date(quote.date))
    if quote.lang == lang:
        return QuoteBlock(quote.text, quote.speaker, quote.role, where, source)
    for tr in quote.translations:
        if tr.lang == lang:
            where = place_date(tr.place or quote.place, long_date(quote.date))
            note = _(
                "Translated by {site} from the {language} of the source",
                site=site_name or _("the editors"),
                language=language_name(quote.lang),
            )
            return QuoteBlock(
                tr.text, tr.speaker or quote.speaker, tr.role or quote.role, where, source, "", note
            )
    return QuoteBlock(quote.text, quote.speaker, quote.role, where, source, quote.lang)
