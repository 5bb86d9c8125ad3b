"""Render the whole site as a tree of files: {site path: text or bytes}. Pure apart from drawing charts.

This tree is all a site generator needs: the MkDocs plugin hands it over as virtual files, and another
generator (Zensical, Hugo) could take it from a folder.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import replace
from pathlib import Path

from . import memo
from .cards import card_specs, card_texts, render_cards
from .changelog import change_entries, render_changes
from .chartcache import ChartCache, cache_dir, render_cached, start_drawing
from .chartplan import ChartPlan, plan_brief_charts, plan_series
from .downloads import chart_files, dataset_files
from .errors import DataError, SettingError, errors_in
from .feeds import changes_feed_files, feed_files
from .listings import render_listings
from .pages import render_pages, render_reference
from .pipeline import Checked, check_data
from .progress import terminal_progress
from .revisions import NO_HISTORY, History
from .routes import dark_variant, schema_file
from .schema import schema_files
from .timings import phase
from .views import Site, long_date

Tree = dict[
    str, "str | bytes | Path"
]  # a Path: a file already on disk (a chart in the chart cache)


def all_plans(
    briefs: dict[str, list[ChartPlan]], series: dict[tuple, list[ChartPlan]]
) -> list[ChartPlan]:
    return [p for plans in briefs.values() for p in plans] + [
        p for plans in series.values() for p in plans
    ]


def render_charts(plans: list[ChartPlan]) -> Tree:
    """Both colour variants of every chart: files in the chart cache, the missing ones being drawn in parallel
    when this returns (chartcache.wait_for_charts() before reading them; the MkDocs plugin waits where MkDocs
    copies files, so drawing overlaps the conversion of pages)."""
    paths, jobs = [], []
    for plan in plans:
        paths += [plan.path, dark_variant(plan.path)]
        jobs += [(plan.spec, "light"), (plan.spec, "dark")]
    cache = ChartCache(cache_dir())
    if cache.folder is None:  # the cache turned off: the bytes themselves, drawn now
        progress = terminal_progress("Drawing charts")
        return dict(zip(paths, render_cached(jobs, cache, progress), strict=True))
    return dict(zip(paths, start_drawing(jobs, cache), strict=True))  # files MkDocs copies


def render_downloads(checked: Checked, plans: list[ChartPlan]) -> Tree:
    """Beside each chart, exactly the figures it draws (CSV and JSON); and the whole data set."""
    cat = checked.catalog
    tree: Tree = dataset_files(cat, checked.derived)
    for plan in plans:
        tree.update(chart_files(plan.path, list(plan.figures), list(plan.derived), cat))
    return tree


def render_documents(
    checked: Checked,
    briefs,
    series,
    site: Site,
    status: dict | None = None,
    history: History = NO_HISTORY,
) -> Tree:
    """Every page, the schemas and the feeds; `status` names the briefs shown in a preview only."""
    cat = checked.catalog
    changes = change_entries(cat, history)
    tree: Tree = {
        **render_pages(checked, briefs, series, site, status or {}, history),
        **render_listings(cat, status),
        **render_changes(changes, history),
        **schema_tree(),
    }
    tree.update(feed_files(cat.briefs.values(), site))
    tree.update(changes_feed_files(changes, site))
    return tree


def schema_tree() -> Tree:
    """The JSON Schema files editors validate against, at their published paths (from the models alone)."""
    return {schema_file(name): text for name, text in schema_files().items()}


def reference_tree() -> Tree:
    """What the site publishes from the models alone, whatever the data holds: the field reference and the
    schemas. The preview's error site carries it too (plugin.py)."""
    return {**render_reference(), **schema_tree()}


def render_site(
    checked: Checked,
    site: Site = Site(),
    draw=None,
    status: dict | None = None,
    history: History = NO_HISTORY,
) -> Tree:
    """Everything; links that must be absolute (feeds, citations) use the site's URL, else site-relative paths.
    `draw` turns chart plans into files (default: render_charts; tests pass a stub that draws nothing).
    `history`: the data's revisions from git (gitdata.data_history); without it, no revision notes.
    Cards (cards.py, the images a shared link shows) are drawn with the charts; with a stub for `draw`, each
    card is the text of what it shows."""
    specs = card_specs(checked.catalog.briefs, checked.catalog, site.name, site.description)
    cards = card_texts(specs) if draw else render_cards(specs)
    draw = draw or render_charts
    # Plan every chart once: the drawing, its downloads and the page block all come from the plan.
    briefs = plan_brief_charts(checked.catalog, checked.derived)
    series = plan_series(checked.catalog.figures.values(), checked.catalog.sources)
    plans = all_plans(briefs, series)
    return {
        **render_documents(checked, briefs, series, site, status, history),
        **render_downloads(checked, plans),
        **draw(plans),
        **cards,
    }


TODAY_ENV = "TRADEBRIEFS_TODAY"  # YYYY-MM-DD: the day a build publishes for (previews and tests)


def publication_day() -> dt.date:
    """The day the site is built for: briefs dated after it are scheduled, not published."""
    given = os.environ.get(TODAY_ENV)
    if not given:
        return dt.datetime.now(dt.UTC).date()
    try:
        return dt.date.fromisoformat(given)
    except ValueError:
        raise SettingError(
            f"{TODAY_ENV}: expected a date such as 2026-11-29, got {given[:40]!r}"
        ) from None


def unpublished(brief, today: dt.date) -> str:
    """Why a brief is not published yet ('Draft', 'Scheduled for 1 December 2026'), or ''."""
    if brief.draft:
        return "Draft"
    if brief.date > today:
        return f"Scheduled for {long_date(brief.date)}"
    return ""


def published(
    checked: Checked, today: dt.date, drafts: bool = False
) -> tuple[Checked, dict[str, str]]:
    """The checked facts with only the briefs to publish (all of them with drafts=True, for a preview), and
    {slug: why it is not published yet} for the previewed ones. Their figures were checked all the same."""
    status = {
        slug: why for slug, b in checked.catalog.briefs.items() if (why := unpublished(b, today))
    }
    if drafts:
        return checked, status
    briefs = {slug: b for slug, b in checked.catalog.briefs.items() if slug not in status}
    return replace(
        checked, catalog=replace(checked.catalog, briefs=briefs, _replacements=None, _by_pair=None)
    ), {}


def build_tree(
    data_dir,
    site: Site = Site(),
    strict: bool = False,
    drafts: bool = False,
    history: History = NO_HISTORY,
) -> tuple[Tree, list]:
    """Check the data, then render the site to publish (with drafts: the preview): (tree, findings), or DataError
    with every error found. `history` comes from the caller (gitdata.data_history), which reads git."""
    with phase("load and check"):
        checked, findings = check_data(data_dir, site.mirror_band)
    if errors_in(findings) or (strict and findings):
        raise DataError(findings)
    with phase("render pages, downloads and feeds; start drawing charts"), memo.session():
        checked, status = published(checked, publication_day(), drafts)
        return render_site(checked, site, status=status, history=history), findings
