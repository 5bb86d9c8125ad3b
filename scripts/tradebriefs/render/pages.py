"""Pages: each page kind's view (views/) laid out by its template (templates/). Pure: checked facts in,
{source path: Markdown} out; paths come from routes.py, never built here.

| page | route | view | template |
| --- | --- | --- | --- |
| home | `index.md` | `home_view` | `home.md.j2` |
| a brief | `briefs/<slug>.md` | `brief_view` | `brief.md.j2` |
| a pair's profile | `pairs/<a>-<b>.md` | `pair_view` | `pair.md.j2` |
| country pairs | `pairs/index.md` | `pairs_index_view` | `pairs_index.md.j2` |
| data overview, a pair's data | `data/index.md`, `data/<a>-<b>.md` | `data_views` | `data_index.md.j2`, `data_pair.md.j2` |
| checks overview, a pair's checks | `checks/index.md`, `checks/<a>-<b>.md` | `checks_views` | `checks_index.md.j2`, `checks_pair.md.j2` |
| sources | `sources.md` | `sources_view` | `sources.md.j2` |
| lists of briefs (all, archive, countries, tags) | see listings.py | `ListPage` | `brief_list.md.j2` |
| what changed (the data's history) | see changelog.py | `ChangesPage` | `changes.md.j2` |
| a brief's chart on its own, for an `<iframe>` (HTML) | `embed/<slug>/<n>.html` | `EmbedView` | `embed.html.j2` |
"""

from __future__ import annotations

import html
import json
import posixpath
from dataclasses import dataclass, field, replace
from functools import partial
from types import SimpleNamespace

from tradebriefs.core import keys
from tradebriefs.core.context import ViewCounts
from tradebriefs.core.countries import pair_key
from tradebriefs.core.i18n import SOURCE_LANGUAGE, language
from tradebriefs.core.routes import (
    BRIEFS_INDEX,
    CHECKS_INDEX,
    DATA_INDEX,
    FAVICON,
    FIELDS_PAGE,
    HOME,
    PAIRS_INDEX,
    SOURCES_PAGE,
    STYLESHEET,
    absolute_url,
    brief_card,
    brief_page,
    checks_page,
    dark_variant,
    data_page,
    embed_page,
    pair_page,
    relative_url,
    schema_file,
)
from tradebriefs.core.store import Store
from tradebriefs.facts.revisions import NO_HISTORY, History
from tradebriefs.facts.schema import SCHEMA_FILES
from tradebriefs.render.chartplan import ChartPlan
from tradebriefs.render.fieldref import field_reference
from tradebriefs.render.memo import NO_MEMO, Memo
from tradebriefs.render.reads import Inputs, Pages, Reads
from tradebriefs.render.searchmeta import SITE_PAGE
from tradebriefs.render.templates import Link, Target, html_environment, render
from tradebriefs.render.views.brief import brief_view, derived_by_id, index_by_input
from tradebriefs.render.views.checks import checks_by_pair, checks_index_view, checks_pair_view
from tradebriefs.render.views.data import (
    DataTables,
    data_index_view,
    data_pair_view,
    data_pairs,
    data_tables,
)
from tradebriefs.render.views.home import home_view, pairs_index_view, pairs_of, sources_view
from tradebriefs.render.views.pair import pair_view
from tradebriefs.render.views.site import Site

# Pages every page may link to, for the templates.
LINKS = SimpleNamespace(
    home=Target(HOME),
    briefs=Target(BRIEFS_INDEX),
    pairs=Target(PAIRS_INDEX),
    data=Target(DATA_INDEX),
    checks=Target(CHECKS_INDEX),
    sources=Target(SOURCES_PAGE),
)


def render_page(template: str, page: str, memo: Memo = NO_MEMO, **values) -> str:
    return render(template, page, memo, links=LINKS, **values)


# Embedding a chart in another page: each brief's chart has a page of its own (routes.embed_page), plain HTML
# with the chart, its title and source and a link back (templates/embed.html.j2), and the brief shows the
# <iframe> code for it beside "Download the data" (ChartBlock.embed). Without SITE_URL the code holds the
# site-relative address, as the citations do.
EMBED_HEIGHT_PX = 420


@dataclass(frozen=True)
class EmbedView:
    title: str  # the chart's
    alt: str
    credit: str  # "Source: ..."
    light: Target
    dark: Target
    brief: Link  # back to the brief, with its title
    site_name: str
    language: str
    url: str  # this page's permanent address; '' without SITE_URL
    image: str  # the brief's card, as og:image (absolute with SITE_URL)
    stylesheet: Target
    icon: Target


def attribute(text: str) -> str:
    """Text for a double-quoted attribute, escaped no more than it must be (the reader copies the code)."""
    return html.escape(text, quote=False).replace('"', "&quot;")


def embed_code(site: Site, page: str, title: str) -> str:
    """The <iframe> element that shows `page` in another site, as text to copy."""
    return (
        f'<iframe src="{attribute(absolute_url(site.base, page))}" title="{attribute(title)}" '
        f'width="100%" height="{EMBED_HEIGHT_PX}" style="border:0" loading="lazy"></iframe>'
    )


def embed_view(slug: str, title: str, number: int, plan: ChartPlan, site: Site) -> EmbedView:
    page, card = embed_page(slug, number), brief_card(slug)
    return EmbedView(
        plan.spec.title,
        plan.spec.alt,
        plan.spec.source_line,
        Target(plan.path),
        Target(dark_variant(plan.path)),
        Link(title, Target(brief_page(slug))),
        site.name,
        site.language,
        absolute_url(site.url, page) if site.url else "",
        absolute_url(site.url, card) if site.url else relative_url(page, card),
        Target(STYLESHEET),
        Target(FAVICON),
    )


def render_embeds(briefs, planned: dict[str, list[ChartPlan]], site: Site) -> dict[str, str]:
    """{embed page: HTML}: one per chart of each brief."""
    template = html_environment().get_template("embed.html.j2")
    return {
        embed_page(slug, n): template.render(
            page=embed_page(slug, n), view=embed_view(slug, brief.title, n, plan, site)
        )
        for slug, brief in briefs.items()
        for n, plan in enumerate(planned[slug], start=1)
    }


def with_embeds(view, slug: str, site: Site):
    """A brief's view whose charts carry the <iframe> code of their embed pages."""
    charts = tuple(
        replace(c, embed=embed_code(site, embed_page(slug, n), c.title))
        for n, c in enumerate(view.charts, start=1)
    )
    return replace(view, charts=charts)


def render_reference() -> dict[str, str]:
    """The pages that come from the models, not the data (the field reference): made even while the data has
    errors, so the preview's hand-written pages that link to them still build, and the editor can read them."""
    return {
        FIELDS_PAGE: render_page(
            "fields.md.j2",
            FIELDS_PAGE,
            records=field_reference(),
            schema=Target(schema_file(SCHEMA_FILES["facts"])),
            meta=SITE_PAGE.front_matter(),
            # The data files are written in English, so is their reference: marked so in the other editions.
            english_only=language() != SOURCE_LANGUAGE,
        ),
    }


@dataclass
class Once:
    """The digests of the entries of the tables no edition changes (SHARED_TABLES, reads.Inputs): the tables
    render_pages makes from the checked facts (page_tables), but the briefs citing each figure, which hold
    their words, and the catalog's and history's tables but the briefs. Worked out by a build's first edition,
    used as they are by the others. Each edition makes the tables again: held for the whole build, they
    would cost more memory than making them costs time. Held for one build; other facts than those the
    digests were worked out from start it afresh."""

    digests: dict = field(default_factory=dict)
    made_from: tuple = ()

    def tables(self, checked, history: History) -> dict:
        """page_tables(checked), its entries' digests kept in `digests` while the facts are the same."""
        cat = checked.catalog
        # Everything the tables and the catalog's shared entries (SHARED_TABLES) come from: an edition's
        # catalog differs from the first's in its briefs alone (editions.edition_facts).
        source = (
            checked.checks,
            checked.derived,
            *(getattr(cat, name) for name in ("figures", "ranks", "sources", "groups", "quotes")),
            history,
        )
        if len(source) != len(self.made_from) or any(
            a is not b for a, b in zip(source, self.made_from, strict=True)
        ):
            self.digests, self.made_from = {}, source
        return page_tables(checked)


# The tables whose entries' digests Once keeps (their names as reads.Inputs knows them): its own, and the
# catalog's and history's that no edition changes.
SHARED_TABLES = frozenset(
    {
        "sources",
        "groups",
        "figures",
        "ranks",
        "quotes",
        "replaced_by",
        "pair_figures",
        "revisions",
        "by_input",
        "derived",
        "disagree",
        "pair_of",
        "checks_on",
        "pair_data",
        "pair_ranks",
        "pair_derived",
        "derived_ids",
        "checks_of",
    }
)


def page_tables(checked) -> dict:
    # A check's message names where its figures stand in their files (for the command line); no page shows
    # it, so the pages read checks without it: a line added above a figure leaves their pages alone.
    checks = [replace(c, message="") for c in checked.checks]
    data = data_tables(checked.catalog, checked.derived, checks)
    by_input = index_by_input(checked.derived)
    return {
        "checks": checks,
        "data": data,
        "by_input": by_input,
        "derived": derived_by_id(by_input),  # once for every brief, not once per brief
        "checks_of": checks_by_pair(checks, data.pair_of),
    }


def render_pages(
    checked,
    planned: dict[str, list[ChartPlan]],
    series: dict[tuple, list[ChartPlan]],
    site: Site,
    status: dict[str, str] | None = None,
    history: History = NO_HISTORY,
    memo: Memo = NO_MEMO,
    store: Store | None = None,
    counts: ViewCounts | None = None,
    digests: keys.Digests | None = None,
    once: Once | None = None,
) -> dict[str, str]:
    """Every page but the lists of briefs (listings.py) and of changes (changelog.py): {source path: Markdown}.
    `history`: the data's revisions, for the notes on the data pages and the briefs. With `store`, a page of a
    brief, a pair, its data or its checks whose reads have not changed since the last build is read back
    (reads.py), its counts in `counts`; `digests`: the writer of the entries' digests (another edition's, which
    has written the records the editions share); `once`: the digests of the entries no language changes, as
    another edition of the build worked them out (Once)."""
    cat, status = checked.catalog, status or {}
    pages = {
        HOME: render_page("home.md.j2", memo=memo, page=HOME, view=home_view(cat, site, status)),
        PAIRS_INDEX: render_page(
            "pairs_index.md.j2", memo=memo, page=PAIRS_INDEX, rows=pairs_index_view(cat)
        ),
        SOURCES_PAGE: render_page(
            "sources.md.j2",
            memo=memo,
            page=SOURCES_PAGE,
            items=sources_view(cat),
            meta=SITE_PAGE.front_matter(),
        ),
        **render_reference(),
    }
    once = once if once is not None else Once()
    tables = once.tables(checked, history)
    checks, checks_of, by_input = tables["checks"], tables["checks_of"], tables["by_input"]
    data = tables["data"]
    pages[DATA_INDEX] = render_page(
        "data_index.md.j2", memo=memo, page=DATA_INDEX, view=data_index_view(cat, data, site)
    )
    pages[CHECKS_INDEX] = render_page(
        "checks_index.md.j2",
        memo=memo,
        page=CHECKS_INDEX,
        view=checks_index_view(checks, checks_of),
    )
    pair_charts: dict[tuple[str, str], list[ChartPlan]] = {}
    for slug, brief in cat.briefs.items():
        pair_charts.setdefault(pair_key(*brief.pair), []).extend(planned[slug])
    inputs = Inputs(
        cat,
        history,
        digests,
        (SHARED_TABLES, once.digests),
        plans=planned,
        series=series,
        pair_charts=pair_charts,
        by_input=by_input,
        derived=tables["derived"],
        disagree=data.disagree,
        pair_of=data.pair_of,
        citing=data.citing,
        checks_on=data.checks_on,
        pair_data=data.figures,
        pair_ranks=data.ranks,
        pair_derived=data.derived,
        derived_ids=data.derived_ids,
        checks_of=checks_of,
    )
    made = Pages(store, inputs, (site, history.available, history.note), counts)
    for slug in cat.briefs:
        page = brief_page(slug)
        pages[page] = made.page(
            page, ("brief", status.get(slug, "")), partial(_brief, inputs, slug, site, status, memo)
        )
    for a, b in pairs_of(cat):
        page = pair_page(a, b)
        pages[page] = made.page(page, ("pair",), partial(_pair, inputs, a, b))
    for p in data_pairs(data):
        page = data_page(*p)
        pages[page] = made.page(page, ("data",), partial(_data_pair, inputs, p))
    for p in checks_of:
        page = checks_page(*p)
        pages[page] = made.page(page, ("checks",), partial(_checks_pair, inputs, p))
    for slug in cat.briefs:  # a brief's embed pages, kept together (as JSON {page: HTML})
        folder = posixpath.dirname(embed_page(slug, 1)) + "/"
        made_embeds = made.page(folder, ("embeds",), partial(_embeds, inputs, slug, site))
        pages.update(json.loads(made_embeds))
    return pages


# Each page made from its tables, every lookup recorded in `reads` (reads.py).


def _brief(inputs: Inputs, slug: str, site: Site, status: dict, memo: Memo, reads: Reads) -> str:
    cat, page = inputs.catalog(reads), brief_page(slug)
    view = brief_view(
        cat.briefs[slug],
        cat,
        inputs.table("plans", reads)[slug],
        inputs.table("by_input", reads),
        site,
        status.get(slug, ""),
        inputs.history_of(reads),
        disagree=inputs.table("disagree", reads),
        memo=memo,
        derived=inputs.table("derived", reads),
    )
    return render_page("brief.md.j2", page=page, view=with_embeds(view, slug, site))


def _embeds(inputs: Inputs, slug: str, site: Site, reads: Reads) -> str:
    brief, plans = inputs.catalog(reads).briefs[slug], inputs.table("plans", reads)[slug]
    return json.dumps(render_embeds({slug: brief}, {slug: plans}, site), ensure_ascii=False)


def _pair(inputs: Inputs, a: str, b: str, reads: Reads) -> str:
    key = pair_key(a, b)
    view = pair_view(
        a,
        b,
        inputs.catalog(reads),
        inputs.table("pair_charts", reads).get(key, []),
        inputs.table("series", reads).get((a, b), []),
    )
    return render_page("pair.md.j2", page=pair_page(a, b), view=view)


def _data_pair(inputs: Inputs, p: tuple[str, str], reads: Reads) -> str:
    tables = DataTables(
        *(
            inputs.table(name, reads)
            for name in (
                "pair_of",
                "citing",
                "checks_on",
                "pair_data",
                "pair_ranks",
                "pair_derived",
                "disagree",
                "derived_ids",
            )
        )
    )
    view = data_pair_view(p, inputs.catalog(reads), tables, inputs.history_of(reads))
    return render_page("data_pair.md.j2", page=data_page(*p), view=view)


def _checks_pair(inputs: Inputs, p: tuple[str, str], reads: Reads) -> str:
    view = checks_pair_view(
        p, inputs.catalog(reads), inputs.table("checks_of", reads), inputs.table("pair_of", reads)
    )
    return render_page("checks_pair.md.j2", page=checks_page(*p), view=view)
