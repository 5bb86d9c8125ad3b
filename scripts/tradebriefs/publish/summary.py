"""A build's phase timings and cache counts as Markdown, for a CI job summary (`tradebriefs build --summary
FILE`; in GitHub Actions FILE is $GITHUB_STEP_SUMMARY). Times are for reading, never for asserting."""

from __future__ import annotations

from tradebriefs.core.context import BuildContext

# Phases timed beside or inside another one: shown under it, not added to the total. The search index of each
# edition is made in the background (searchindex.Indexes) while the next one is written; what the build
# waited for it at the end is its own phase.
NESTED = {"search index": "in the background, beside MkDocs"}


def _seconds(value: float) -> str:
    return f"{value:,.1f}"


def _count(value: int) -> str:
    return f"{value:,}"


def _cache_row(name: str, read_back: int, made: int) -> str:
    total = read_back + made
    share = f"{read_back * 100 / total:.0f}%" if total else "–"
    return f"| {name} | {_count(read_back)} | {_count(made)} | {share} |"


def summary_markdown(ctx: BuildContext, title: str = "Site build") -> str:
    """The phases the build timed and what each of its caches read back and made."""
    charts, stats = ctx.stats.charts, ctx.stats
    lines = [f"### {title}", "", "| phase | seconds |", "| --- | ---: |"]
    phases = ctx.timings.phases
    for name, seconds in phases.items():
        if name not in NESTED:
            lines.append(f"| {name} | {_seconds(seconds)} |")
    for name, within in NESTED.items():
        if name in phases:
            lines.append(f"| of which {name} ({within}) | {_seconds(phases[name])} |")
    lines.append(
        f"| of which drawing charts (in parallel with MkDocs) | {_seconds(charts.seconds)} |"
    )
    lines.append(f"| of which waiting for charts | {_seconds(charts.waited)} |")
    total = sum(s for name, s in phases.items() if name not in NESTED)
    lines.append(f"| **total** | **{_seconds(total)}** |")
    lines += [
        "",
        "| cache | read back | made | hits |",
        "| --- | ---: | ---: | ---: |",
        _cache_row("data files (read and validated)", stats.records.reused, stats.records.read),
        _cache_row(
            "texts (page Markdown, bodies, downloads)", stats.texts.reused, stats.texts.made
        ),
        _cache_row(
            "pages of briefs (with embeds), pairs, data, checks (nothing they read changed)",
            stats.views.reused,
            stats.views.made,
        ),
        _cache_row("chart files", charts.cached, charts.drawn),
        _cache_row("card images", stats.cards.cached, stats.cards.drawn),
        _cache_row("pages (Markdown to HTML)", stats.pages.reused, stats.pages.rendered),
        _cache_row("site files (from the previous site)", stats.site.reused, stats.site.made),
        "",
        f"{_count(charts.drawings)} chart(s) drawn in {_count(charts.workers)} worker process(es)."
        if charts.drawings
        else "No chart drawn: every one was in the cache.",
        "",
    ]
    return "\n".join(lines)
