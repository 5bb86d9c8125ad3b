"""The benchmark's child process: one `tradebriefs build`, with its phases, cache counts and peak memory
(harness.py runs it in a fresh process per build, so imports and caches are those of a real build).

The build times itself: the child hands `cli.main` a BuildContext and reads, once it returns, the phases the
build filled in (`ctx.timings.phases`) and what each cache did (`ctx.stats`); no function of the package is
wrapped or replaced. The JSON report written to the result file:

- `phases`: `load_check`, `render_pages` (pages, downloads and feeds; the charts' drawing is only started
  there), `mkdocs` (MkDocs' conversion and writing, with the wait for the charts), `search_index` (Pagefind's
  seconds, summed over the editions: each runs in the background while the next edition is written),
  `search_wait` (what the build waited for the last index after MkDocs), `swap_in`; each None when the build
  did not time it.
  There is no `render_charts` phase any more: charts are drawn in the background, in worker processes, while
  MkDocs converts pages; `chart_drawing_seconds` is how long that took, `chart_wait_seconds` how much of it
  the build waited for (inside `mkdocs`).
- `build_phases`: the same phases as the build names them, in the order they ran.
- the counts: charts (`charts`, `charts_cached`, `charts_drawn`, `chart_drawings`, `chart_workers`), cards,
  data files (`records_reused`, `records_read`), texts (the render memo), pages (`pages_converted`,
  `pages_read_back`), site files (`files_reused` from the previous site, `files_made`).
- `peak_rss_mib` (the largest build process: this one, or the one it forks to write the site, sampled) and
  `peak_rss_with_workers_mib` (every process of the build summed: chart workers and Pagefind, sampled).

Pagefind's CPU seconds (`search_index_cpu_s`) are no longer reported: the build keeps only the index's wall
time, and reading the CPU time would mean wrapping searchindex.build_index.
"""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

# The project: its mkdocs.yml, its default cache folder.
REPO_ROOT = Path(__file__).resolve().parents[1]
# The build's phases (tradebriefs.render.site.build_tree, tradebriefs.publish.build's stages, the plugin).
LOAD_CHECK = "load and check"
RENDER = "render pages, downloads and feeds; start drawing charts"
MKDOCS = "MkDocs: convert, write (and wait for charts)"
SEARCH_INDEX = "search index"  # Pagefind's seconds, in the background beside MKDOCS
SEARCH_WAIT = "wait for the search index"  # what the build waited for it after MKDOCS
SWAP_IN = "swap in"

MIB = 1024 * 1024


def _rss_of_tree(root: int) -> tuple[int, int]:
    """Resident bytes of a process and all its descendants, now (Linux /proc), and of the largest of them that
    is not Pagefind (the build's own processes: this one, the one writing the site, the chart workers)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    ours: set[int] = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue  # the process ended while we looked
        name, fields = text[text.find("(") + 1 : text.rfind(")")], text.rsplit(")", 1)[1].split()
        pid = int(stat.parent.name)
        parents[pid], rss[pid] = int(fields[1]), int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        if not name.startswith("pagefind"):
            ours.add(pid)
    tree, total = {root}, 0
    grew = True
    while grew:
        grew = False
        for pid, parent in parents.items():
            if parent in tree and pid not in tree:
                tree.add(pid)
                grew = True
    for pid in tree:
        total += rss.get(pid, 0)
    return total, max((rss.get(pid, 0) for pid in tree & ours), default=0)


class TreeMemory:
    """The peak of the summed memory of this process and its workers, sampled: ru_maxrss cannot give it
    (it is per process, and a child started by fork+exec reports its parent's size at the fork)."""

    INTERVAL_S = 0.5  # often enough for phases that last seconds; cheap enough not to slow them

    def __init__(self):
        self.peak = 0
        self.largest = 0  # the largest single process of the build's own, Pagefind aside
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self.INTERVAL_S):
            total, largest = _rss_of_tree(os.getpid())
            self.peak, self.largest = max(self.peak, total), max(self.largest, largest)

    def __enter__(self):
        if Path("/proc/self/stat").exists():
            self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()


def phases_of(timed: dict[str, float]) -> dict[str, float | None]:
    """The report's phases from the build's own (the search index beside MkDocs, not inside it)."""
    return {
        "load_check": timed.get(LOAD_CHECK),
        "render_pages": timed.get(RENDER),
        "mkdocs": timed.get(MKDOCS),
        "search_index": timed.get(SEARCH_INDEX),
        "search_wait": timed.get(SEARCH_WAIT),
        "swap_in": timed.get(SWAP_IN),
    }


def measured_build(argv: list[str]) -> int:
    """In the child: `tradebriefs build --data D --site S` with a context of its own (the cache from
    $TRADEBRIEFS_CACHE, as the command line would choose it), then its phases, counts and peak memory as JSON
    into R."""
    import resource

    from tradebriefs import cli
    from tradebriefs.core import environment
    from tradebriefs.core.context import BuildContext

    data, site_dir, result, *config = (
        argv  # config: a mkdocs.yml of the benchmark's own (other editions)
    )
    ctx = BuildContext.for_project(environment.from_environ(), REPO_ROOT / ".cache")
    start = time.perf_counter()
    with TreeMemory() as memory:
        command = ["build", "--data", data, "--site", site_dir]
        # As the command runs: the site written in a process of its own (publish/apart.py).
        code = cli.main(
            command + (["--config", config[0]] if config else []), context=ctx, apart=True
        )
    seconds = time.perf_counter() - start
    me = resource.getrusage(resource.RUSAGE_SELF)
    stats, charts = ctx.stats, ctx.stats.charts
    Path(result).write_text(
        json.dumps(
            {
                "exit": code,
                "seconds_in_process": seconds,
                "phases": phases_of(ctx.timings.phases),
                "build_phases": dict(ctx.timings.phases),
                "charts": charts.charts,
                "charts_cached": charts.cached,
                "charts_drawn": charts.drawn,  # files: each colour scheme's variant counts
                "chart_drawings": charts.drawings,
                "chart_workers": charts.workers,
                "chart_drawing_seconds": charts.seconds,  # in the background, while MkDocs converts pages
                "chart_wait_seconds": charts.waited,  # of which the build had to wait (inside "mkdocs")
                "cards": stats.cards.cards,
                "cards_cached": stats.cards.cached,
                "cards_drawn": stats.cards.drawn,
                "records_reused": stats.records.reused,  # data files read back from the record cache
                "records_read": stats.records.read,  # read and validated
                "pages_converted": stats.pages.rendered,
                "pages_read_back": stats.pages.reused,
                "files_reused": stats.site.reused,  # linked from the previous site
                "files_made": stats.site.made,
                "texts_reused": stats.texts.reused,  # the render memo
                "texts_made": stats.texts.made,
                # The largest build process: this one, or the one that wrote the site (sampled).
                "peak_rss_mib": max(me.ru_maxrss * 1024, memory.largest) / MIB,  # ru_maxrss: KiB
                "peak_rss_with_workers_mib": memory.peak / MIB,
            }
        ),
        encoding="utf-8",
    )
    return code
