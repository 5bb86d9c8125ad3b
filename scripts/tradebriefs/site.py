"""Render the whole site as a tree of files: {site path: text or bytes}. Pure apart from drawing charts.

This tree is all a site generator needs: the MkDocs adapter hands it over as virtual files, and
another generator (Zensical, Hugo) could take it from a folder.
"""
from __future__ import annotations

from .catalog import Catalog
from .build import terminal_progress
from .chartcache import ChartCache, cache_dir, render_cached
from .charts import ChartSpec, chart_spec
from .routes import brief_chart, dark_variant, schema_file
from .pages import render_pages
from .views import Site, derived_for, index_by_input
from .downloads import chart_files, dataset_files
from .feeds import feed_files
from .listings import render_listings
from .pipeline import Checked
from .schema import schema_files
from .series import plan_series

Tree = dict[str, "str | bytes"]


def plan_charts(cat: Catalog) -> dict[str, list[tuple[str, ChartSpec]]]:
    """{brief slug: [(chart path, spec)]}: what to draw, decided from the facts alone."""
    return {
        slug: [(brief_chart(slug, i, c.kind), chart_spec(c, cat.figures, cat.sources)) for i, c in enumerate(b.charts)]
        for slug, b in cat.briefs.items()
    }


def render_charts(planned: dict[str, list[tuple[str, ChartSpec]]]) -> Tree:
    """Both colour variants of every chart: read back from the chart cache, the missing ones drawn in parallel."""
    paths, jobs = [], []
    for charts in planned.values():
        for path, spec in charts:
            paths += [path, dark_variant(path)]
            jobs += [(spec, "light"), (spec, "dark")]
    return dict(zip(paths, render_cached(jobs, ChartCache(cache_dir()), terminal_progress("Drawing charts"))))


def render_downloads(checked: Checked, planned, series) -> Tree:
    """CSV and JSON of each chart's figures (and the derived balance it draws), and of the whole data set."""
    cat = checked.catalog
    tree: Tree = dataset_files(cat, checked.derived)
    by_input = index_by_input(checked.derived)
    for slug, charts in planned.items():
        for chart, (path, _) in zip(cat.briefs[slug].charts, charts):
            figures = [cat.figures[i] for i in chart.figures]
            drawn = [d for d in derived_for(chart.figures, by_input) if d.kind == "balance"] \
                if chart.kind == "flows" else []
            tree.update(chart_files(path, figures, drawn, cat))
    for charts in series.values():
        for path, _, figures in charts:
            tree.update(chart_files(path, figures, [], cat))
    return tree


def render_documents(checked: Checked, planned, series, site: Site) -> Tree:
    """Every page, the schemas and the feeds."""
    cat = checked.catalog
    tree: Tree = {**render_pages(checked, planned, series, site), **render_listings(cat)}
    for name, text in schema_files().items():
        tree[schema_file(name)] = text
    tree.update(feed_files(cat.briefs.values(), site.base))
    return tree


def render_site(checked: Checked, site: Site = Site()) -> Tree:
    """Everything; links that must be absolute (feeds, citations) use the site's URL, else site-relative paths."""
    planned = plan_charts(checked.catalog)
    series = plan_series(checked.catalog.figures.values(), checked.catalog.sources)
    to_draw = {**planned, **{f"pair:{a}-{b}": [(p, s) for p, s, _ in charts] for (a, b), charts in series.items()}}
    return {**render_documents(checked, planned, series, site), **render_downloads(checked, planned, series),
            **render_charts(to_draw)}
