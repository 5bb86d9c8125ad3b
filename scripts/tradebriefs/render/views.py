"""Views: what each page shows, built from the checked facts as typed values. Pure: facts in, views out.

A view holds text (escaped by the templates), numbers already formatted by numbers.py, and link targets
named by route (`Target`); it never holds Markdown or HTML, except a brief's body, which markup.py has
rendered and cleaned. Each page kind is one view function here and one template in templates/.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from babel.dates import format_date
from markupsafe import Markup

from tradebriefs.core.countries import country_name, is_aggregate, pair_key
from tradebriefs.core.markup import render_body as render_markup
from tradebriefs.core.numbers import (
    QUALIFIER_WORDS,
    format_change,
    format_number,
    format_qualified,
    ordinal,
)
from tradebriefs.core.periods import MonthDate, Period
from tradebriefs.core.routes import (
    CHANGES_INDEX,
    CHECKS_INDEX,
    DATA_INDEX,
    DATASET,
    SOURCES_PAGE,
    absolute_url,
    brief_page,
    chart_download,
    checks_page,
    country_page,
    dark_variant,
    data_page,
    pair_page,
    relative_url,
    tag_page,
)
from tradebriefs.core.text import editor_markdown, h, safe_url
from tradebriefs.facts.catalog import CITATION, Catalog
from tradebriefs.facts.checks import MIRROR_BAND_PERCENT, CheckResult, Outcome, disagreements
from tradebriefs.facts.derive import Derived, primary_figures
from tradebriefs.facts.models import Brief, Figure, Rank, Source
from tradebriefs.facts.revisions import NO_HISTORY, History, Printed, Revision, revisions_after
from tradebriefs.facts.words import (
    DISAGREES_HEADING,
    FLOW_ORDER,
    NOTHING,
    RULE_HEADINGS,
    change_on_words,
    change_text,
    derived_label,
    disagreement_text,
    figure_label,
    other_side,
    outcome_word,
    pair_title,
    rank_label,
    rank_text,
    revised_note,
    source_name,
    status_text,
    surplus_text,
)
from tradebriefs.render.chartplan import ChartPlan
from tradebriefs.render.memo import NO_MEMO, Memo
from tradebriefs.render.searchmeta import Kind, brief_search, pair_search
from tradebriefs.render.templates import Link, Target

LATEST_ON_HOME = 10
# Material front matter: wide tables get the whole width (no nav or table-of-contents sidebars).
WIDE = {"hide": ["navigation", "toc"]}


@dataclass(frozen=True)
class Site:
    """Site-wide settings, read once from the MkDocs configuration."""

    name: str = (
        ""  # mkdocs.yml's site_name (plugin.site_settings): the site's name is written only there
    )
    url: str | None = None  # the published address, ending in '/'; None: links stay site-relative
    description: str = ""
    language: str = "en"
    # The CIF/FOB margin a mirror check calls usual, in percent (mkdocs.yml: plugins: tradebriefs: mirror_band).
    mirror_band: tuple = MIRROR_BAND_PERCENT

    @property
    def base(self) -> str:
        return self.url or "/"


@lru_cache(maxsize=1 << 12)
def long_date(value) -> str:
    """'28 October 2024'; 'December 2023' for a date printed to the month (periods.MonthDate)."""
    return format_date(value, "MMMM y" if isinstance(value, MonthDate) else "d MMMM y", locale="en")


# Rows and blocks shared by several pages.


@dataclass(frozen=True)
class RevisionRow:
    """One revision of a figure on the data page: when, old → new, and the commit's message."""

    date: str
    was: str
    now: str
    message: str


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


def source_link(src_id: str, cat: Catalog) -> Link:
    src = cat.sources[src_id]
    return Link(source_name(src, cat.sources), Target(SOURCES_PAGE, src.id))


def figure_target(fig: Figure) -> Target:
    return Target(data_page(fig.reporter, fig.partner), fig.id)


def month_year(date: dt.date | None) -> str:
    return format_date(date, "MMMM y", locale="en") if date else ""


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


def figure_status(fig: Figure, cat: Catalog) -> list[str]:
    """What a reader must know before using a figure: it was revised, or another source gave another value."""
    status = [f"revises {fig.revises}"] if fig.revises else []
    status += [f"another source's figure beside {fig.alternative_to}"] if fig.alternative_to else []
    for other in cat.replaced_by(fig.id):
        status.append(
            f"revised by {other.id}"
            if other.revises == fig.id
            else f"{other.id} from another source"
        )
    return status


def printed_value(p: Printed, with_change: bool = False) -> str:
    """A value as a page shows it ('over $180 bn'), from the digits its data file printed; with its change."""
    text = format_qualified(Decimal(p.value), p.unit, p.qualifier)
    if not with_change:
        return text
    return f"{text} ({format_change(Decimal(p.change)) if p.change else 'no change given'})"


def revision_texts(was: Printed, now: Printed) -> tuple[str, str]:
    """Both sides of "old → new": the values, and the changes too when they differ."""
    with_change = was.change != now.change
    return printed_value(was, with_change), printed_value(now, with_change)


def revision_row(r: Revision) -> RevisionRow:
    return RevisionRow(r.commit.date, *revision_texts(r.was, r.now), r.commit.message)


def revised_since(revisions: tuple[Revision, ...]) -> str:
    """A brief's note beside a figure revised after its date: "revised on DATE; first published as OLD"."""
    first, last = revisions[0], revisions[-1]
    return revised_note(
        long_date(dt.date.fromisoformat(last.commit.date)), revision_texts(first.was, last.now)[0]
    )


def figure_notes(fig: Figure) -> list[str]:
    """What a row says of a figure's kind: a surplus seen from the other side ("China's deficit of $37.2 bn
    with Russia"); who made a forecast or set a target is in its value."""
    notes = []
    if fig.favours is not None:
        notes.append(other_side(fig, format_qualified(fig.value, fig.unit, fig.qualifier)))
    if fig.valuation:
        notes.append(fig.valuation)
    if fig.record:
        notes.append(f"table record {fig.record}")
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


def derived_value(d: Derived) -> str:
    if d.unit == "percent":
        words = QUALIFIER_WORDS[d.qualifier]
        return f"{words + ' ' if words else ''}{format_number(d.value)}%"
    return format_qualified(d.value, d.unit, d.qualifier)


def derived_target(d: Derived) -> Target:
    return Target(data_page(d.reporter, d.partner), d.id)


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


def input_pair(ident: str, cat: Catalog, derived: dict[str, Derived]) -> tuple[str, str]:
    """The pair whose pages hold a figure, rank or derived figure (pairs_by_id, for one id)."""
    if ident in cat.figures:
        f = cat.figures[ident]
        return pair_key(f.reporter, f.partner)
    if ident in cat.ranks:
        return pair_key(cat.ranks[ident].of, cat.ranks[ident].partner)
    return pair_key(derived[ident].reporter, derived[ident].partner)


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


def derived_row(d: Derived) -> DerivedRow:
    page = data_page(d.reporter, d.partner)
    return DerivedRow(
        d.id,
        f"{derived_label(d)} (derived)",
        derived_value(d),
        d.formula,
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
    parts = [src.database, src.dataset, f"file {src.file}" if src.file else None]
    parts.append(f"SHA-256 {src.digest}")
    if src.imported:
        parts.append(f"imported {long_date(src.imported)}")
    return ", ".join(p for p in parts if p)


def index_by_input(derived: list[Derived]) -> dict[str, list[Derived]]:
    """{figure id: derived figures that use it}, so a page finds its derived figures without a scan."""
    table: dict[str, list[Derived]] = {}
    for d in derived:
        for ident in d.inputs:
            table.setdefault(ident, []).append(d)
    return table


def derived_for(figure_ids, by_input: dict[str, list[Derived]]) -> list[Derived]:
    """Derived figures whose every input is among `figure_ids`, by id."""
    ids = set(figure_ids)
    found = {d.id: d for i in ids for d in by_input.get(i, ()) if set(d.inputs) <= ids}
    return [found[k] for k in sorted(found)]


def json_ld(data: dict) -> Markup:
    """schema.org data for search engines, safe inside a <script> element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return Markup(
        '<script type="application/ld+json">'
        + text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        + "</script>"
    )


# The brief page.


@dataclass(frozen=True)
class Lead:
    """What a brief opens with, large: its headline figure's value ('$91.4 bn'), its change ('+14.1% on a
    year earlier', '' when its source gave none) and what it is, with its period ("Brazil's exports to China,
    January–November 2023"), linked to its row on the data page."""

    value: str
    change: str
    label: Link


def lead_of(fig: Figure) -> Lead:
    """A headline figure as a brief's lead. The label says whose surplus a balance is and that a forecast or
    target is one, so the value is the number alone."""
    change = change_text(fig)
    return Lead(
        format_qualified(fig.value, fig.unit, fig.qualifier),
        "" if change == NOTHING else change,
        Link(figure_label(fig), figure_target(fig)),
    )


@dataclass(frozen=True)
class BriefView:
    meta: dict
    title: str
    place: str
    date: str
    pair: Link
    summary: str
    figures: tuple[FigureRow, ...]
    ranks: tuple[RankRow, ...]
    body: Markup
    quotes: tuple[QuoteBlock, ...]
    charts: tuple[ChartBlock, ...]
    derived: tuple[DerivedRow, ...]
    derived_checks: Target
    sources: tuple[SourceItem, ...]
    tags: tuple[Link, ...]
    site_name: str
    url: str
    json_ld: Markup
    status: str = ""  # "Draft" or "Scheduled for DATE": shown in a preview only, with a banner
    updated: str = ""  # the last revision of a figure it shows, after its date
    revised_elsewhere: tuple[
        tuple[Link, str], ...
    ] = ()  # revised figures shown outside the key figures
    # Key figures kept as their source stated them although its own figures disagree.
    disagreements: tuple[DisagreementNote, ...] = ()
    lead: Lead | None = None  # the headline figure, large, above the summary

    @property
    def key_figures(self) -> FigureTable:
        return figure_table(self.figures)


def cite(
    page: str, ident: str, attr: str | None, cat: Catalog, derived: dict[str, Derived] | None = None
) -> tuple[str, str]:
    """One {{id}} citation in a body as (Markdown link, its URL): the figure as the reader sees it, linked
    to its row on the data page. The URL is final (routes.relative_url): the body reaches MkDocs as HTML.
    `derived`: {id: derived figure}, for {{derived-...}} citations (the pipeline checked they exist)."""
    from tradebriefs.core.text import md

    target = cat.cited(ident)
    if target is None and derived and ident in derived:
        d = derived[ident]
        url = relative_url(page, data_page(d.reporter, d.partner), d.id)
        return f"[{md(derived_value(d))}]({url})", url
    if isinstance(target, Rank):
        url = relative_url(page, data_page(target.of, target.partner), target.id)
        return f"[{md(ordinal(target.rank))}]({url})", url
    url = relative_url(page, data_page(target.reporter, target.partner), target.id)
    if attr == "change":
        text = format_change(target.change)  # signed: +26.3%
    elif attr == "change_size":
        text = f"{format_number(abs(target.change))}%"  # unsigned: the words around it say the direction
    else:
        text = cited_value_text(target)
    return f"[{md(text)}]({url})", url


def cited_value_text(fig: Figure) -> str:
    """A figure's value inside a sentence: as printed, with '(forecast)' or '(target)' after a figure that was
    not reported ('a surplus of over $50 bn (forecast)'); the sentence says whose surplus or what share, and
    the link leads to the row that says it in full."""
    text = format_qualified(fig.value, fig.unit, fig.qualifier)
    return text if fig.is_reported else f"{text} ({fig.status})"


def brief_body(
    page: str,
    brief: Brief,
    cat: Catalog,
    derived: dict[str, Derived] | None = None,
    memo: Memo = NO_MEMO,
) -> Markup:
    """The body as Markdown safe to hand MkDocs: rendered and cleaned against an allow-list (markup.py).
    `derived`: {id: derived figure}, the derived figures a body may cite."""
    internal: set[str] = set()

    def citation_link(match) -> str:
        text, url = cite(page, match.group(1), match.group(2), cat, derived)
        internal.add(url)
        return text

    escaped = CITATION.sub(citation_link, editor_markdown(brief.body))
    links = frozenset(internal)
    return Markup(
        memo.text("body", (escaped, sorted(links)), lambda: render_markup(escaped, links))
    )


def brief_sources(brief: Brief, cat: Catalog) -> list[str]:
    """The brief's own sources, then those of every figure, rank and quote it shows (key figures, charts and
    the figures and ranks its text cites), each once."""
    ids = list(brief.sources)
    cited_ranks = [m.group(1) for m in CITATION.finditer(brief.body) if m.group(1) in cat.ranks]
    shown = (
        [cat.figures[i] for i in shown_figures(brief, cat)]
        + [cat.ranks[i] for i in dict.fromkeys([*brief.ranks, *cited_ranks])]
        + [cat.quotes[i] for i in brief.quotes]
    )
    for rec in shown:
        src = cat.sources[rec.source]
        ids += [src.id] + ([src.via] if src.via else [])
    return list(dict.fromkeys(ids))


def quote_block(quote, cat: Catalog) -> QuoteBlock:
    where = ", ".join(x for x in (quote.place, long_date(quote.date)) if x)
    return QuoteBlock(quote.text, quote.speaker, quote.role, where, source_link(quote.source, cat))


def brief_json_ld(brief: Brief, cat: Catalog, site: Site, modified: str = "") -> dict:
    """schema.org Report; `modified`: the ISO date of the last revision of a figure it shows, if any."""
    return {
        **({"dateModified": modified} if modified else {}),
        "@context": "https://schema.org",
        "@type": "Report",
        "headline": brief.title,
        "description": " ".join(brief.summary.split()),
        "datePublished": brief.date.isoformat(),
        "url": absolute_url(site.base, brief_page(brief.slug)),
        "keywords": list(brief.tags),
        "publisher": {"@type": "Organization", "name": site.name},
        "about": [{"@type": "Country", "name": country_name(c)} for c in brief.pair],
        "citation": [
            {
                "@type": "CreativeWork",
                "name": cat.sources[s].title,
                "publisher": cat.sources[s].publisher,
                **({"url": safe_url(cat.sources[s].url)} if cat.sources[s].url else {}),
            }
            for s in brief_sources(brief, cat)
        ],
    }


def tag_links(tags) -> tuple[Link, ...]:
    """One link per tag page, in the brief's order: "China" and "china" are one tag, spelled as first written."""
    first: dict[str, str] = {}
    for tag in tags:
        first.setdefault(tag_page(tag), tag)
    return tuple(Link(tag, Target(page)) for page, tag in first.items())


def shown_figures(brief: Brief, cat: Catalog) -> list[str]:
    """Every figure a brief's page shows: key figures, headline, charts and citations, each once."""
    ids = [
        *brief.figures,
        brief.headline,
        *(i for c in brief.charts for i in c.figures),
        *(m.group(1) for m in CITATION.finditer(brief.body)),
    ]
    return [i for i in dict.fromkeys(ids) if i in cat.figures]


def brief_revisions(
    brief: Brief, cat: Catalog, history: History
) -> dict[str, tuple[Revision, ...]]:
    """{figure id: its revisions after the brief's date} for the figures the brief shows that have any."""
    found = {i: revisions_after(history, i, brief.date) for i in shown_figures(brief, cat)}
    return {i: r for i, r in found.items() if r}


def derived_by_id(by_input: dict[str, list[Derived]]) -> dict[str, Derived]:
    """{id: derived figure} from index_by_input's table: every derived figure has an input."""
    return {d.id: d for ds in by_input.values() for d in ds}


def brief_view(
    brief: Brief,
    cat: Catalog,
    charts: list[ChartPlan],
    by_input: dict[str, list[Derived]],
    site: Site,
    status: str = "",
    history: History = NO_HISTORY,
    disagree: dict[str, list[CheckResult]] | None = None,
    memo: Memo = NO_MEMO,
) -> BriefView:
    """A brief's page; `disagree`: checks.disagreements of the site's checks, for the notes under the key
    figures where a source's own figures disagree with a value it printed."""
    page = brief_page(brief.slug)
    derived = derived_by_id(by_input)
    mine = derived_for(brief.figures, by_input)
    pairs = {pair_key(d.reporter, d.partner) for d in mine}
    revised = brief_revisions(brief, cat, history)
    notes = {i: revised_since(r) for i, r in revised.items()}
    modified = max((r[-1].commit.date for r in revised.values()), default="")
    return BriefView(
        # Material writes page.meta.description into <meta content="..."> unescaped: escape it here.
        meta={"description": h(brief.summary), **brief_search(brief, cat).front_matter()},
        title=brief.title,
        place=brief.place,
        date=long_date(brief.date),
        pair=Link(pair_title(*brief.pair), Target(pair_page(*brief.pair))),
        summary=brief.summary,
        figures=tuple(figure_row(cat.figures[i], cat, notes.get(i, "")) for i in brief.figures),
        ranks=tuple(rank_row(cat.ranks[i], cat) for i in brief.ranks),
        body=brief_body(page, brief, cat, derived, memo),
        quotes=tuple(quote_block(cat.quotes[i], cat) for i in brief.quotes),
        charts=tuple(chart_block(plan) for plan in charts),
        derived=tuple(derived_row(d) for d in mine),
        derived_checks=Target(checks_page(*pairs.pop()) if len(pairs) == 1 else CHECKS_INDEX),
        sources=tuple(source_item(cat.sources[s], cat) for s in brief_sources(brief, cat)),
        tags=tag_links(brief.tags),
        site_name=site.name,
        url=absolute_url(site.base, page),
        json_ld=json_ld(brief_json_ld(brief, cat, site, modified)),
        status=status,
        updated=long_date(dt.date.fromisoformat(modified)) if modified else "",
        revised_elsewhere=tuple(
            (Link(figure_label(cat.figures[i]), figure_target(cat.figures[i])), note)
            for i, note in notes.items()
            if i not in brief.figures
        ),
        disagreements=disagreement_notes(brief.figures, cat, disagree or {}, derived),
        lead=lead_of(cat.figures[brief.headline]),
    )


# Home and the pairs index.


@dataclass(frozen=True)
class BriefEntry:
    title: Link
    place: str
    date: str
    headline_label: str
    headline: Link
    change: str
    summary: str
    status: str = ""  # in a preview, 'Draft' or 'Scheduled for DATE' (site.unpublished)


@dataclass(frozen=True)
class HomeView:
    site_name: str
    latest: tuple[BriefEntry, ...]


def brief_entry(brief: Brief, cat: Catalog, status: str = "") -> BriefEntry:
    head = cat.figures[brief.headline]
    return BriefEntry(
        Link(brief.title, Target(brief_page(brief.slug))),
        brief.place,
        long_date(brief.date),
        figure_label(head),
        figure_value_link(head),
        home_change(head),
        brief.summary,
        status,
    )


def home_change(fig: Figure) -> str:
    """'(+26.3%)' beside a headline; a change on the previous month or quarter says so."""
    if fig.change is None:
        return ""
    on = "" if fig.change_on == "year earlier" else f" {change_on_words(fig)}"
    return f"({format_change(fig.change)}{on})"


def home_view(cat: Catalog, site: Site, status: dict[str, str] | None = None) -> HomeView:
    """The latest briefs; `status`: {slug: why it is not published yet}, marked beside it in a preview."""
    status = status or {}
    latest = list(cat.briefs.values())[:LATEST_ON_HOME]
    return HomeView(site.name, tuple(brief_entry(b, cat, status.get(b.slug, "")) for b in latest))


def pairs_of(cat: Catalog) -> list[tuple[str, str]]:
    pairs = {pair_key(f.reporter, f.partner) for f in cat.figures.values()}
    pairs |= {pair_key(*b.pair) for b in cat.briefs.values()}
    return sorted(pairs)


@dataclass(frozen=True)
class PairCount:
    pair: Link
    figures: int
    briefs: int


def pairs_index_view(cat: Catalog) -> tuple[PairCount, ...]:
    rows = []
    for a, b in pairs_of(cat):
        n_fig = len(cat.pair_figures((a, b)))
        n_brief = sum(1 for x in cat.briefs.values() if pair_key(*x.pair) == (a, b))
        rows.append(PairCount(Link(pair_title(a, b), Target(pair_page(a, b))), n_fig, n_brief))
    return tuple(rows)


# A pair's profile.


@dataclass(frozen=True)
class PairView:
    meta: dict
    title: str
    # A country's name links to its page; the world's or a group's is text (no page).
    countries: tuple[Link | str, ...]
    headline: tuple[FigureRow, ...]
    series: tuple[ChartBlock, ...]
    figures: tuple[FigureRow, ...]
    ranks: tuple[RankRow, ...]
    charts: tuple[ChartBlock, ...]
    briefs: tuple[tuple[str, Link], ...]  # (date, brief)
    sources: tuple[SourceItem, ...]
    # With the world or a group: one side reports, the other is many countries.
    aggregate: bool = False
    headline_period: str = ""  # the one period of the headline figures ('2023'), as labels print it

    @property
    def headline_table(self) -> FigureTable:
        return figure_table(self.headline)

    @property
    def figures_table(self) -> FigureTable:
        return figure_table(self.figures)


def headline_key(f: Figure) -> tuple:
    """What a headline is the latest of: a reporter's flow, of all goods or one commodity, a share apart from
    a value, each currency apart, and reported values apart from forecasts and targets."""
    return (f.reporter, f.flow, f.goods, f.share_of, f.unit.currency, f.status, f.by)


def headline_figures(figures: list[Figure]) -> list[Figure]:
    """The latest figure of each headline_key (a reporter's flow, first): what a profile leads with. A figure
    that another revises, or that is given beside another source's, gives way to it."""
    latest: dict[tuple, Figure] = {}
    for f in primary_figures(figures):
        key = headline_key(f)
        if key not in latest or (f.period.end, f.period.months) > (
            latest[key].period.end,
            latest[key].period.months,
        ):
            latest[key] = f
    return sorted(
        latest.values(),
        key=lambda f: (
            f.reporter,
            FLOW_ORDER.index(f.flow),
            f.goods or "",
            f.share_of or "",
            not f.is_reported,
            f.status,
            f.unit.currency,
        ),
    )


# Any two of a pair's four flows give the other two (turnover = exports + imports, balance = exports − imports).
FLOWS_FOR_WHOLE_TRADE = 2


def all_goods(f: Figure) -> bool:
    """A figure of the pair's whole trade, not of one commodity or product."""
    return f.goods is None


def headline_period(figures: list[Figure]) -> Period | None:
    """The period a pair's headline figures are of: the latest full one, whose reported figures of all goods
    give the pair's whole trade (two of turnover, exports, imports and balance); at one end, the longest (a
    year before its last month). Without a full period, the latest period of any figure of all goods."""
    whole = [f for f in figures if all_goods(f)] or figures
    flows: dict = {}
    for f in whole:
        if f.is_reported:
            flows.setdefault(f.period, set()).add(f.flow)
    full = [p for p, found in flows.items() if len(found) >= FLOWS_FOR_WHOLE_TRADE]
    candidates = full or [f.period for f in whole]
    return max(candidates, key=lambda p: (p.end, p.months), default=None)


def pair_headline(figures: list[Figure]) -> list[Figure]:
    """A pair's headline figures, all of one period (headline_period): the latest figure of each headline_key
    of all goods. Figures of other periods and of single commodities are in the pair's series and tables."""
    period = headline_period(figures)
    whole = [f for f in figures if all_goods(f)] or figures
    return headline_figures([f for f in whole if f.period == period])


def country_link(code: str) -> Link | str:
    """A country's name linked to its page; the world and groups have no page (countries.is_aggregate)."""
    return (
        country_name(code)
        if is_aggregate(code)
        else Link(country_name(code), Target(country_page(code)))
    )


def pair_view(
    a: str, b: str, cat: Catalog, charts: list[ChartPlan], series: list[ChartPlan] = ()
) -> PairView:
    """A pair's profile: headline figures, each flow's series, every figure, ranks, briefs and sources."""
    key = pair_key(a, b)
    figures = sorted(
        cat.pair_figures(key), key=lambda f: (f.period.start, f.period.end, f.reporter, f.flow)
    )
    ranks = [r for r in cat.ranks.values() if pair_key(r.of, r.partner) == key]
    briefs = [x for x in cat.briefs.values() if pair_key(*x.pair) == key]
    period = headline_period(figures)
    return PairView(
        meta=pair_search(Kind.PAIR, a, b, cat).front_matter(),
        title=pair_title(a, b),
        countries=tuple(country_link(c) for c in sorted(key, key=is_aggregate)),
        headline=tuple(figure_row(f, cat) for f in pair_headline(figures)),
        series=tuple(chart_block(p) for p in series),
        figures=tuple(figure_row(f, cat) for f in figures),
        ranks=tuple(rank_row(r, cat) for r in ranks),
        charts=tuple(chart_block(p) for p in charts),
        briefs=tuple(
            (x.date.isoformat(), Link(x.title, Target(brief_page(x.slug)))) for x in briefs
        ),
        sources=tuple(
            source_item(cat.sources[s], cat) for s in dict.fromkeys(f.source for f in figures)
        ),
        aggregate=any(map(is_aggregate, key)),
        headline_period=period.label() if period else "",
    )


# The data pages: the overview and one page per pair.


DATASET_FILES = (
    ("CSV", DATASET["csv"]),
    ("JSON", DATASET["json"]),
    ("Frictionless data package", DATASET["datapackage"]),
)


@dataclass(frozen=True)
class DataIndexView:
    n_figures: int
    downloads: tuple[Link, ...]
    pairs: tuple[tuple[Link, int, int, int], ...]  # (pair, figures, ranks, derived)
    json_ld: Markup
    changes: Target  # the "What changed" page


@dataclass(frozen=True)
class DataPairView:
    meta: dict
    title: str
    checks: Target
    profile: Target
    figures: tuple[FigureRow, ...]
    ranks: tuple[RankRow, ...]
    derived: tuple[DerivedRow, ...]

    @property
    def has_revisions(self) -> bool:
        """The figures table gets a Revisions column only when a figure has one."""
        return any(r.revisions for r in self.figures)


def dataset_json_ld(site: Site, n_figures: int) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": f"{site.name}: trade figures",
        "description": f"{n_figures} trade figures exactly as their sources printed them, with derived figures "
        "and the consistency checks they passed.",
        "url": absolute_url(site.base, DATA_INDEX),
        "creator": {"@type": "Organization", "name": site.name},
        "distribution": [
            {
                "@type": "DataDownload",
                "encodingFormat": fmt,
                "contentUrl": absolute_url(site.base, path),
            }
            for fmt, path in (("text/csv", DATASET["csv"]), ("application/json", DATASET["json"]))
        ],
    }


def pairs_by_id(cat: Catalog, derived: list[Derived]) -> dict[str, tuple[str, str]]:
    """{figure, rank or derived id: its pair}: which data page holds it."""
    table = {f.id: pair_key(f.reporter, f.partner) for f in cat.figures.values()}
    table.update({r.id: pair_key(r.of, r.partner) for r in cat.ranks.values()})
    table.update({d.id: pair_key(d.reporter, d.partner) for d in derived})
    return table


def cited_by(cat: Catalog) -> dict[str, list[Brief]]:
    """{figure or rank id: briefs that show it}: key figures, headline, charts and citations in the body."""
    table: dict[str, list[Brief]] = {}
    for b in cat.briefs.values():
        ids = [
            b.headline,
            *b.figures,
            *b.ranks,
            *(i for c in b.charts for i in c.figures),
            *(m.group(1) for m in CITATION.finditer(b.body)),
        ]
        for ident in dict.fromkeys(ids):
            table.setdefault(ident, []).append(b)
    return table


@dataclass
class _ByPair:
    figures: dict = field(default_factory=dict)
    ranks: dict = field(default_factory=dict)
    derived: dict = field(default_factory=dict)


def _group_by_pair(cat: Catalog, derived: list[Derived], pair_of: dict) -> _ByPair:
    grouped = _ByPair()
    for f in sorted(cat.figures.values(), key=lambda f: (f.period.start, f.period.end, f.id)):
        grouped.figures.setdefault(pair_of[f.id], []).append(f)
    for r in cat.ranks.values():
        grouped.ranks.setdefault(pair_of[r.id], []).append(r)
    for d in derived:
        grouped.derived.setdefault(pair_of[d.id], []).append(d)
    return grouped


def data_views(
    cat: Catalog, derived: list[Derived], checks, site: Site, history: History = NO_HISTORY
) -> tuple[DataIndexView, dict]:
    """The data overview, and {pair: its data page's view}: every figure, rank and derived figure, one row each."""
    pair_of = pairs_by_id(cat, derived)
    citing = cited_by(cat)
    sources_of = {
        d.id: d.inputs for d in derived
    }  # a check on implied values covers the figures they came from
    by_figure: dict[str, list] = {}
    for c in checks:
        for ident in dict.fromkeys(i for x in c.inputs for i in sources_of.get(x, (x,))):
            by_figure.setdefault(ident, []).append(c)
    grouped = _group_by_pair(cat, derived, pair_of)
    pairs = sorted(set(grouped.figures) | set(grouped.ranks))
    found, derived_ids = disagreements(checks), {d.id: d for d in derived}
    index = DataIndexView(
        len(cat.figures),
        tuple(Link(name, Target(path)) for name, path in DATASET_FILES),
        tuple(
            (
                Link(pair_title(*p), Target(data_page(*p))),
                len(grouped.figures.get(p, [])),
                len(grouped.ranks.get(p, [])),
                len(grouped.derived.get(p, [])),
            )
            for p in pairs
        ),
        json_ld(dataset_json_ld(site, len(cat.figures))),
        Target(CHANGES_INDEX),
    )
    views = {}
    for p in pairs:
        checks_at = checks_page(*p)
        rows = tuple(
            figure_row(
                f,
                cat,
                printed=f"{format(f.value, 'f')} {f.unit}",
                checks=tuple(
                    Link(
                        f"{c.kind}: {outcome_word(c.outcome)}",
                        Target(checks_page(*pair_of[c.inputs[0]]), c.id),
                    )
                    for c in by_figure.get(f.id, [])
                ),
                cited_in=tuple(
                    Link(b.title, Target(brief_page(b.slug))) for b in citing.get(f.id, [])
                ),
                revisions=tuple(map(revision_row, history.revisions.get(f.id, ()))),
                disagrees=disagreement_notes([f.id], cat, found, derived_ids),
            )
            for f in grouped.figures.get(p, [])
        )
        views[p] = DataPairView(
            {**WIDE, **pair_search(Kind.DATA, *p, cat).front_matter()},
            pair_title(*p),
            Target(checks_at),
            Target(pair_page(*p)),
            rows,
            tuple(rank_row(r, cat) for r in grouped.ranks.get(p, [])),
            tuple(derived_row(d) for d in grouped.derived.get(p, [])),
        )
    return index, views


# The checks pages.


def outcome_counts(checks) -> str:
    """'2 holds, 1 not run, 1 source disagrees': each outcome counted, in Outcome's order."""
    counts = {o: sum(1 for c in checks if c.outcome == o) for o in Outcome}
    return ", ".join(f"{n} {outcome_word(o)}" for o, n in counts.items() if n) or "none"


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


def check_row(c: CheckResult, pair_of: dict) -> CheckRow:
    return CheckRow(
        c.id,
        c.title,
        outcome_word(c.outcome),
        c.arithmetic,
        tuple(Link(i, Target(data_page(*pair_of[i]), i)) for i in c.inputs),
    )


def checks_views(checks, cat: Catalog, derived: list[Derived]) -> tuple[ChecksIndexView, dict]:
    """The checks overview and {pair: its checks page's view}. Every pair with a data page gets one, saying so
    when no check could run on its figures."""
    pair_of = pairs_by_id(cat, derived)
    grouped: dict[tuple[str, str], list] = {p: [] for p in set(pair_of.values())}
    for c in checks:
        grouped[pair_of[c.inputs[0]]].append(c)
    index = ChecksIndexView(
        WIDE,
        len(checks),
        outcome_counts(checks),
        tuple(
            (Link(pair_title(*p), Target(checks_page(*p))), outcome_counts(grouped[p]))
            for p in sorted(grouped)
        ),
        sum(1 for c in checks if c.outcome == Outcome.DISAGREES),
    )
    views = {}
    for p, mine in grouped.items():
        sections = []
        # Where a source's own figures disagree comes first, under its own heading (and not again by kind).
        disagreeing = [c for c in mine if c.outcome == Outcome.DISAGREES]
        if disagreeing:
            sections.append((DISAGREES_HEADING, tuple(check_row(c, pair_of) for c in disagreeing)))
        for kind, heading in RULE_HEADINGS.items():
            rows = tuple(
                check_row(c, pair_of)
                for c in mine
                if c.kind == kind and c.outcome != Outcome.DISAGREES
            )
            if rows:
                sections.append((heading, rows))
        views[p] = ChecksPairView(
            {**WIDE, **pair_search(Kind.CHECKS, *p, cat).front_matter()},
            pair_title(*p),
            len(mine),
            outcome_counts(mine),
            Target(data_page(*p)),
            tuple(sections),
        )
    return index, views


# Sources.


def sources_view(cat: Catalog) -> tuple[SourceItem, ...]:
    return tuple(
        source_item(src, cat)
        for src in sorted(cat.sources.values(), key=lambda s: (s.publisher, s.published, s.id))
    )
