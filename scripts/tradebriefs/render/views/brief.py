"""A brief's page: its lead, key figures, body, quotes, charts, derived figures, sources and the notes on
figures revised since it was published."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from markupsafe import Markup

from tradebriefs.core.countries import pair_key
from tradebriefs.core.i18n import language, language_name
from tradebriefs.core.numbers import format_qualified
from tradebriefs.core.routes import (
    CHECKS_INDEX,
    absolute_url,
    brief_page,
    checks_page,
    pair_page,
    tag_page,
)
from tradebriefs.core.text import h
from tradebriefs.facts.catalog import Catalog
from tradebriefs.facts.checks import CheckResult
from tradebriefs.facts.derive import Derived
from tradebriefs.facts.models import Brief, Figure
from tradebriefs.facts.revisions import NO_HISTORY, History, Revision, revisions_after
from tradebriefs.facts.words import NOTHING, change_text, figure_label, pair_title, revised_note
from tradebriefs.render.chartplan import ChartPlan
from tradebriefs.render.memo import NO_MEMO, Memo
from tradebriefs.render.searchmeta import brief_search
from tradebriefs.render.templates import Link, Target
from tradebriefs.render.views.citations import brief_body, brief_sources, shown_figures
from tradebriefs.render.views.disagreements import DisagreementNote, disagreement_notes
from tradebriefs.render.views.jsonld import brief_json_ld, json_ld
from tradebriefs.render.views.rows import (
    ChartBlock,
    DerivedRow,
    FigureRow,
    FigureTable,
    QuoteBlock,
    RankRow,
    SourceItem,
    chart_block,
    derived_row,
    figure_row,
    figure_table,
    quote_block,
    rank_row,
    source_item,
)
from tradebriefs.render.views.site import Site
from tradebriefs.render.views.values import figure_target, long_date, revision_texts


def revised_since(revisions: tuple[Revision, ...]) -> str:
    """A brief's note beside a figure revised after its date: "revised on DATE; first published as OLD"."""
    first, last = revisions[0], revisions[-1]
    return revised_note(
        long_date(dt.date.fromisoformat(last.commit.date)), revision_texts(first.was, last.now)[0]
    )


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
    # The language of the title, summary and body: the page's, or the brief's own where this edition has no
    # translation of it (render/editions.py): then marked with its lang, under a note.
    text_lang: str = "en"

    @property
    def foreign(self) -> bool:
        return self.text_lang != language()

    @property
    def lang_attr(self) -> Markup:
        """' { lang="en" }' after a heading or paragraph in the brief's own language (attr_list), else ''."""
        return Markup(f' {{ lang="{self.text_lang}" }}' if self.foreign else "")

    @property
    def lang_line(self) -> Markup:
        """The same for a paragraph: on a line of its own under it (attr_list reads it there, not at the end
        of the paragraph's line, where it would mark only the last element or be shown as text)."""
        return Markup(f'\n{{ lang="{self.text_lang}" }}' if self.foreign else "")

    @property
    def text_language(self) -> str:
        return language_name(self.text_lang)

    @property
    def key_figures(self) -> FigureTable:
        return figure_table(self.figures)


def tag_links(tags) -> tuple[Link, ...]:
    """One link per tag page, in the brief's order: "China" and "china" are one tag, spelled as first written."""
    first: dict[str, str] = {}
    for tag in tags:
        first.setdefault(tag_page(tag), tag)
    return tuple(Link(tag, Target(page)) for page, tag in first.items())


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
    derived: dict[str, Derived] | None = None,
) -> BriefView:
    """A brief's page; `disagree`: checks.disagreements of the site's checks, for the notes under the key
    figures where a source's own figures disagree with a value it printed; `derived`: derived_by_id of
    `by_input`, made once for every brief of a site (made here when not given)."""
    page = brief_page(brief.slug)
    derived = derived if derived is not None else derived_by_id(by_input)
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
        quotes=tuple(quote_block(cat.quotes[i], cat, site.name) for i in brief.quotes),
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
        disagreements=disagreement_notes(
            brief.figures, cat, disagree if disagree is not None else {}, derived
        ),
        lead=lead_of(cat.figures[brief.headline]),
        text_lang=brief.text_lang,
    )
