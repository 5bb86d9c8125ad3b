"""Pages: each page kind's view (views.py) laid out by its template (templates/). Pure: checked facts in,
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
"""

from __future__ import annotations

from types import SimpleNamespace

from .chartplan import ChartPlan
from .checks import disagreements
from .countries import pair_key
from .derive import Derived
from .fieldref import field_reference
from .revisions import NO_HISTORY, History
from .routes import (
    BRIEFS_INDEX,
    CHECKS_INDEX,
    DATA_INDEX,
    FIELDS_PAGE,
    HOME,
    PAIRS_INDEX,
    SOURCES_PAGE,
    brief_page,
    checks_page,
    data_page,
    pair_page,
    schema_file,
)
from .schema import SCHEMA_FILES
from .searchmeta import SITE_PAGE
from .templates import Target, render
from .views import (
    Site,
    brief_view,
    checks_views,
    data_views,
    home_view,
    index_by_input,
    pair_view,
    pairs_index_view,
    pairs_of,
    sources_view,
)

# Pages every page may link to, for the templates.
LINKS = SimpleNamespace(
    home=Target(HOME),
    briefs=Target(BRIEFS_INDEX),
    pairs=Target(PAIRS_INDEX),
    data=Target(DATA_INDEX),
    checks=Target(CHECKS_INDEX),
    sources=Target(SOURCES_PAGE),
)


def render_page(template: str, page: str, **values) -> str:
    return render(template, page, links=LINKS, **values)


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
) -> dict[str, str]:
    """Every page but the lists of briefs (listings.py) and of changes (changelog.py): {source path: Markdown}.
    `history`: the data's revisions, for the notes on the data pages and the briefs."""
    cat = checked.catalog
    pages = {
        HOME: render_page("home.md.j2", HOME, view=home_view(cat, site)),
        PAIRS_INDEX: render_page("pairs_index.md.j2", PAIRS_INDEX, rows=pairs_index_view(cat)),
        SOURCES_PAGE: render_page(
            "sources.md.j2", SOURCES_PAGE, items=sources_view(cat), meta=SITE_PAGE.front_matter()
        ),
        **render_reference(),
    }
    data_index, data_pairs = data_views(cat, checked.derived, checked.checks, site, history)
    pages[DATA_INDEX] = render_page("data_index.md.j2", DATA_INDEX, view=data_index)
    for p, view in data_pairs.items():
        pages[data_page(*p)] = render_page("data_pair.md.j2", data_page(*p), view=view)
    checks_index, checks_pairs = checks_views(checked.checks, cat, checked.derived)
    pages[CHECKS_INDEX] = render_page("checks_index.md.j2", CHECKS_INDEX, view=checks_index)
    for p, view in checks_pairs.items():
        pages[checks_page(*p)] = render_page("checks_pair.md.j2", checks_page(*p), view=view)
    by_input: dict[str, list[Derived]] = index_by_input(checked.derived)
    disagree = disagreements(checked.checks)
    for slug, brief in cat.briefs.items():
        page = brief_page(slug)
        pages[page] = render_page(
            "brief.md.j2",
            page,
            view=brief_view(
                brief,
                cat,
                planned[slug],
                by_input,
                site,
                (status or {}).get(slug, ""),
                history,
                disagree=disagree,
            ),
        )
    for a, b in pairs_of(cat):
        charts = [
            c
            for slug, brief in cat.briefs.items()
            if pair_key(*brief.pair) == (a, b)
            for c in planned[slug]
        ]
        view = pair_view(a, b, cat, charts, series.get((a, b), []))
        pages[pair_page(a, b)] = render_page("pair.md.j2", pair_page(a, b), view=view)
    return pages
