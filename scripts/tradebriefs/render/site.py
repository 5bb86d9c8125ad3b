"""Render the whole site as a tree of files: {site path: text or bytes}. Pure apart from drawing charts.

This tree is all a site generator needs: the MkDocs plugin hands it over as virtual files, and another
generator (Zensical, Hugo) could take it from a folder.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from tradebriefs.core import keys
from tradebriefs.core.context import BuildContext
from tradebriefs.core.errors import DataError, errors_in
from tradebriefs.core.i18n import rendering_in
from tradebriefs.core.progress import terminal_progress
from tradebriefs.core.routes import dark_variant, is_page, schema_file
from tradebriefs.facts.pipeline import Checked, check_data
from tradebriefs.facts.recordcache import RecordCache
from tradebriefs.facts.revisions import NO_HISTORY, History
from tradebriefs.facts.schema import schema_files
from tradebriefs.render.cards import CardCache, card_specs, card_texts, render_cards
from tradebriefs.render.changelog import change_entries, render_changes
from tradebriefs.render.chartcache import ChartCache, render_cached, start_drawing
from tradebriefs.render.chartplan import ChartPlan, plan_brief_charts, plan_series
from tradebriefs.render.downloads import chart_files, dataset_package, dataset_tables
from tradebriefs.render.editions import ONE, edition_facts
from tradebriefs.render.feeds import changes_feed_files, feed_files
from tradebriefs.render.listings import render_listings
from tradebriefs.render.memo import NO_MEMO, Memo
from tradebriefs.render.pages import Once, render_pages, render_reference
from tradebriefs.render.views.site import Site
from tradebriefs.render.views.values import long_date

Tree = dict[
    str, "str | bytes | Path"
]  # a Path: a file already on disk (a chart in the chart cache)


def all_plans(
    briefs: dict[str, list[ChartPlan]], series: dict[tuple, list[ChartPlan]]
) -> list[ChartPlan]:
    return [p for plans in briefs.values() for p in plans] + [
        p for plans in series.values() for p in plans
    ]


def render_charts(plans: list[ChartPlan], ctx: BuildContext) -> Tree:
    """Both colour variants of every chart: files in the chart cache, the missing ones being drawn in parallel
    when this returns (ctx.wait() before reading them; the MkDocs plugin waits where MkDocs copies files, so
    drawing overlaps the conversion of pages)."""
    paths, jobs = [], []
    for plan in plans:
        paths += [plan.path, dark_variant(plan.path)]
        jobs += [(plan.spec, "light"), (plan.spec, "dark")]
    cache = ChartCache(ctx.store, ctx.stats.charts)
    if not cache.on:  # the store turned off: the bytes themselves, drawn now
        progress = terminal_progress("Drawing charts", ctx.progress)
        return dict(zip(paths, render_cached(jobs, cache, progress), strict=True))
    return dict(
        zip(paths, start_drawing(jobs, cache, ctx.pending), strict=True)
    )  # files MkDocs copies


def render_downloads(checked: Checked, plans: list[ChartPlan], made: dict | None = None) -> Tree:
    """Beside each chart, exactly the figures it draws (CSV and JSON); and the whole data set. `made`: the
    files another edition of this build made, by what they are made of, filled as they are made: editions
    share their figures and sources, and these files hold no translated word (downloads.py)."""
    cat, made = checked.catalog, {} if made is None else made
    if "dataset" not in made:
        made["dataset"] = dataset_tables(cat, checked.derived)
    tree: Tree = {**made["dataset"], **dataset_package()}
    for plan in plans:
        made_of = (plan.path, tuple(f.id for f in plan.figures), tuple(d.id for d in plan.derived))
        if made_of not in made:
            made[made_of] = chart_files(plan.path, list(plan.figures), list(plan.derived), cat)
        tree.update(made[made_of])
    return tree


@dataclass
class Shared:
    """What the first edition of a build makes that the others use as it is: the downloads (render_downloads),
    the digests of the records every edition holds (reads.Inputs) and of the entries of the pages' tables no
    edition changes (pages.Once). Held for one build."""

    downloads: dict = field(default_factory=dict)
    digests: keys.Digests = field(default_factory=keys.Digests)
    pages: Once = field(default_factory=Once)


def render_documents(
    checked: Checked,
    briefs,
    series,
    site: Site,
    status: dict | None = None,
    history: History = NO_HISTORY,
    memo: Memo = NO_MEMO,
    ctx: BuildContext | None = None,
    digests: keys.Digests | None = None,
    once: Once | None = None,
) -> Tree:
    """Every page, the schemas and the feeds; `status` names the briefs shown in a preview only. With `ctx`,
    pages whose reads did not change are read back from its store (reads.py), the digests of what they read
    written by `digests`, the digests of the entries no language changes kept in `once` (Shared)."""
    cat = checked.catalog
    changes = change_entries(cat, history)
    store, counts = (ctx.store, ctx.stats.views) if ctx is not None else (None, None)
    tree: Tree = {
        **render_pages(
            checked, briefs, series, site, status or {}, history, memo, store, counts, digests, once
        ),
        **render_listings(cat, status, memo),
        **render_changes(changes, history, memo),
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
    ctx: BuildContext | None = None,
    memo: Memo = NO_MEMO,
    shared: Shared | None = None,
) -> Tree:
    """Everything; links that must be absolute (feeds, citations) use the site's URL, else site-relative paths.
    `draw` turns chart plans into files (default: render_charts; tests pass a stub that draws nothing).
    `history`: the data's revisions from git (history.git.data_history); without it, no revision notes.
    Cards (cards.py, the images a shared link shows) are drawn with the charts; with a stub for `draw`, each
    card is the text of what it shows. `ctx`: the build's context (the caches, where drawings wait; default:
    caches off); `memo`: the render memo (memo.py; default: none); `shared`: what another edition of this
    build made that this one uses as it is (default: nothing)."""
    ctx, shared = ctx or BuildContext(), shared or Shared()
    specs = card_specs(checked.catalog.briefs, checked.catalog, site.name, site.description)
    if draw:
        cards = card_texts(specs)
    else:
        cards = render_cards(specs, CardCache(ctx.store, ctx.stats.cards), ctx.pending)
        draw = partial(render_charts, ctx=ctx)
    # Plan every chart once: the drawing, its downloads and the page block all come from the plan.
    briefs = plan_brief_charts(checked.catalog, checked.derived)
    series = plan_series(checked.catalog.figures.values(), checked.catalog.sources)
    plans = all_plans(briefs, series)
    return {
        **render_documents(
            checked, briefs, series, site, status, history, memo, ctx, shared.digests, shared.pages
        ),
        **render_downloads(checked, plans, shared.downloads),
        **draw(plans),
        **cards,
    }


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


RENDER_PHASE = "render pages, downloads and feeds; start drawing charts"


def build_tree(
    data_dir,
    ctx: BuildContext,
    site: Site = Site(),
    strict: bool = False,
    drafts: bool = False,
    history: History = NO_HISTORY,
) -> tuple[Tree, list]:
    """Check the data, then render the site to publish (with drafts: the preview): (tree, findings), or DataError
    with every error found. `history` comes from the caller (history.git.data_history), which reads git; the
    caches, the publication day, the timings and counts are the build's, in `ctx`. One edition: the site's
    language (build_trees renders several)."""
    trees, findings = build_trees(
        data_dir, ctx, {site.language: site}, strict, drafts, history, ONE.untranslated
    )
    return trees[site.language], findings


def checked_facts(
    data_dir, ctx: BuildContext, sites: dict[str, Site], strict: bool = False, drafts: bool = False
) -> tuple[Checked, dict[str, str], list]:
    """The data checked once for every edition, as published on the build's day (with drafts: the preview):
    (checked facts, status of the briefs shown in a preview only, findings), or DataError."""
    with ctx.timings.phase("load and check"):
        records = RecordCache(ctx.store, ctx.stats.records)
        mirror_band = next(iter(sites.values())).mirror_band
        checked, findings = check_data(data_dir, mirror_band, records)
    if errors_in(findings) or (strict and findings):
        raise DataError(findings)
    checked, status = published(checked, ctx.today, drafts)
    return checked, status, findings


def edition_trees(
    checked: Checked,
    status: dict[str, str],
    sites: dict[str, Site],
    history: History,
    untranslated: str,
    ctx: BuildContext,
) -> Iterator[tuple[str, Tree]]:
    """Each edition's tree ({language: its Site}, in order), rendered in its language from the same checked
    facts (editions.py) when the caller asks for it; what the first makes for all is shared (Shared)."""
    texts, shared = Memo(ctx.store, ctx.stats.texts), Shared()
    for lang, site in sites.items():
        with ctx.timings.phase(RENDER_PHASE), rendering_in(lang):
            facts = edition_facts(checked, lang, untranslated)
            tree = render_site(
                facts, site, status=status, history=history, ctx=ctx, memo=texts, shared=shared
            )
        yield lang, tree


def build_trees(
    data_dir,
    ctx: BuildContext,
    sites: dict[str, Site],
    strict: bool = False,
    drafts: bool = False,
    history: History = NO_HISTORY,
    untranslated: str = "original",
) -> tuple[dict[str, Tree], list]:
    """build_tree for each edition ({language: its Site}): the data is checked once, and each edition is
    rendered in its language from the same checked facts (editions.py)."""
    checked, status, findings = checked_facts(data_dir, ctx, sites, strict, drafts)
    return dict(edition_trees(checked, status, sites, history, untranslated, ctx)), findings


def page_set(tree: Tree) -> set[str]:
    return {path for path in tree if is_page(path)}


@dataclass
class Rendered:
    """A build's editions: every edition's pages, known before the first is built (its language switcher
    links to the same page in the others), and their trees, each rendered when the build comes to it, so
    that one edition is written and indexed while the next is rendered, one tree held at a time."""

    pages: dict[str, set[str]]
    trees: Iterator[tuple[str, Tree]]


def render_editions(
    data_dir,
    ctx: BuildContext,
    sites: dict[str, Site],
    strict: bool = False,
    drafts: bool = False,
    history: History = NO_HISTORY,
    untranslated: str = "original",
) -> tuple[Rendered, list]:
    """As build_trees, each edition after the first rendered as the caller reaches it. The editions' pages are
    those of the first when every edition shows the same briefs (a brief's translation changes its words, not
    its pages): always with `untranslated: original`. A brief left out of an edition (`omit`) changes that
    edition's pages: every edition is then rendered first."""
    checked, status, findings = checked_facts(data_dir, ctx, sites, strict, drafts)
    trees = edition_trees(checked, status, sites, history, untranslated, ctx)
    first_lang, first = next(trees)
    briefs = {
        lang: set(edition_facts(checked, lang, untranslated).catalog.briefs) for lang in sites
    }
    if all(shown == briefs[first_lang] for shown in briefs.values()):
        pages = page_set(first)
        trees = _same_pages(first_lang, first, trees, pages)
        return Rendered({lang: pages for lang in sites}, trees), findings
    every = {first_lang: first, **dict(trees)}
    return Rendered({lang: page_set(t) for lang, t in every.items()}, iter(every.items())), findings


def _same_pages(
    first_lang: str, first: Tree, rest: Iterator[tuple[str, Tree]], pages: set[str]
) -> Iterator[tuple[str, Tree]]:
    """The first tree, then the others, each checked to have the first's `pages` (as Rendered.pages says)."""
    yield first_lang, first
    for lang, tree in rest:
        if page_set(tree) != pages:
            raise RuntimeError(
                f"the {lang} edition's pages differ from the {first_lang} edition's, though they show "
                "the same briefs"
            )
        yield lang, tree
