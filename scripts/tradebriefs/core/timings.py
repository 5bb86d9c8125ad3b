"""A build's phase timings and cache counts, and the Markdown table of them for a CI job summary.

The build's stages record their own time here (`with phase("load and check"):`), and the caches their
hits (chartcache.last_run, pagecache.last_run, recordcache.last_run); `tradebriefs build --summary FILE`
appends the tables to FILE, which in GitHub Actions is $GITHUB_STEP_SUMMARY. Times are for reading, never for asserting.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

phases: dict[str, float] = {}  # phase name -> seconds, in the order the phases ran


@contextmanager
def phase(name: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        phases[name] = phases.get(name, 0.0) + time.perf_counter() - start


def reset() -> None:
    phases.clear()


def _seconds(value: float) -> str:
    return f"{value:,.1f}"


def _count(value: int) -> str:
    return f"{value:,}"


def summary_markdown(
    charts, pages, records, site=None, texts=None, title: str = "Site build"
) -> str:
    """Phases and cache hits as Markdown: `charts` a chartcache.ChartRun, `pages` a pagecache.PageRun,
    `records` a recordcache.RecordRun, `site` a reuse.ReuseRun (the previous site's files linked, not made),
    `texts` a memo.MemoRun (pages' Markdown, bodies and downloads rendered or read back)."""
    lines = [f"### {title}", "", "| phase | seconds |", "| --- | ---: |"]
    for name, seconds in phases.items():
        lines.append(f"| {name} | {_seconds(seconds)} |")
    lines.append(
        f"| of which drawing charts (in parallel with MkDocs) | {_seconds(charts.seconds)} |"
    )
    lines.append(f"| of which waiting for charts | {_seconds(charts.waited)} |")
    lines.append(f"| **total** | **{_seconds(sum(phases.values()))}** |")
    lines += [
        "",
        "| cache | read back | made | hits |",
        "| --- | ---: | ---: | ---: |",
        _cache_row("data files (read and validated)", records.reused, records.read),
        *(
            [_cache_row("texts (page Markdown, bodies, downloads)", texts.reused, texts.made)]
            if texts
            else []
        ),
        _cache_row("chart files", charts.cached, charts.drawn),
        _cache_row("pages (Markdown to HTML)", pages.reused, pages.rendered),
        *(
            [_cache_row("site files (from the previous site)", site.reused, site.made)]
            if site
            else []
        ),
        "",
        f"{_count(charts.drawings)} chart(s) drawn in {_count(charts.workers)} worker process(es)."
        if charts.drawings
        else "No chart drawn: every one was in the cache.",
        "",
    ]
    return "\n".join(lines)


def _cache_row(name: str, read_back: int, made: int) -> str:
    total = read_back + made
    share = f"{read_back * 100 / total:.0f}%" if total else "–"
    return f"| {name} | {_count(read_back)} | {_count(made)} | {share} |"
