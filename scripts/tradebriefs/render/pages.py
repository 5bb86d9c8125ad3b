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
from dataclasses import dataclass, replace
from types import SimpleNamespace

from tradebriefs.core.countries import pair_key
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
from tradebriefs.facts.checks import disagreements
from tradebriefs.facts.derive import Derived
from tradebriefs.facts.revisions import NO_HISTORY, History
from tradebriefs.facts.schema import SCHEMA_FILES
from tradebriefs.render.chartplan import ChartPlan
from tradebriefs.render.fieldref import field_reference
from tradebriefs.render.memo import NO_MEMO, Memo
from tradebriefs.render.searchmeta import SITE_PAGE
from tradebriefs.render.templates import Link, Target, html_environment, render
from tradebriefs.render.views.brief import brief_view, derived_by_id, index_by_input
from tradebriefs.render.views.checks import checks_views
from tradebriefs.render.views.data import data_views
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
        ),
    }


def render_pages(
    checked,
    planned: dict[str, list[ChartPlan]],
    series: dict[tuple, list[ChartPlan]],
    site: Site,
    status: dict[str, str] | None = None,
    history: History = NO_HISTORY,
    memo: Memo = NO_MEMO,
) -> dict[str, str]:
    """Every page but the lists of briefs (listings.py) and of changes (changelog.py): {source path: Markdown}.
    `history`: the data's revisions, for the notes on the data pages and the briefs."""
    cat = checked.catalog
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
    data_index, data_pairs = data_views(cat, checked.derived, checked.checks, site, history)
    pages[DATA_INDEX] = render_page("data_index.md.j2", memo=memo, page=DATA_INDEX, view=data_index)
    for p, view in data_pairs.items():
        pages[data_page(*p)] = render_page(
            "data_pair.md.j2", memo=memo, page=data_page(*p), view=view
        )
    checks_index, checks_pairs = checks_views(checked.checks, cat, checked.derived)
    pages[CHECKS_INDEX] = render_page(
        "checks_index.md.j2", memo=memo, page=CHECKS_INDEX, view=checks_index
    )
    for p, view in checks_pairs.items():
        pages[checks_page(*p)] = render_page(
            "checks_pair.md.j2", memo=memo, page=checks_page(*p), view=view
        )
    by_input: dict[str, list[Derived]] = index_by_input(checked.derived)
    disagree = disagreements(checked.checks)
    derived = derived_by_id(by_input)  # once for every brief, not once per brief
    for slug, brief in cat.briefs.items():
        page = brief_page(slug)
        view = brief_view(
            brief,
            cat,
            planned[slug],
            by_input,
            site,
            (status or {}).get(slug, ""),
            history,
            disagree=disagree,
            memo=memo,
            derived=derived,
        )
        pages[page] = render_page(
            "brief.md.j2", memo=memo, page=page, view=with_embeds(view, slug, site)
        )
    for a, b in pairs_of(cat):
        charts = [
            c
            for slug, brief in cat.briefs.items()
            if pair_key(*brief.pair) == (a, b)
            for c in planned[slug]
        ]
        view = pair_view(a, b, cat, charts, series.get((a, b), []))
        pages[pair_page(a, b)] = render_page(
            "pair.md.j2", memo=memo, page=pair_page(a, b), view=view
        )
    pages.update(render_embeds(cat.briefs, planned, site))
    return pages
