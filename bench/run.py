"""The benchmark's child process: one `tradebriefs build`, timed by phase, with its peak memory (bench.py runs it
in a fresh process per build, so imports and caches are those of a real build)."""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

MIB = 1024 * 1024


def _timed(module, name: str, phases: dict[str, float]) -> None:
    inner = getattr(module, name)

    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            phases[name] = phases.get(name, 0.0) + time.perf_counter() - start

    setattr(module, name, wrapper)


def _rss_of_tree(root: int) -> int:
    """Resident bytes of a process and all its descendants, now (Linux /proc)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended while we looked
        pid = int(stat.parent.name)
        parents[pid], rss[pid] = int(fields[1]), int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
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
    return total


class TreeMemory:
    """The peak of the summed memory of this process and its workers, sampled: ru_maxrss cannot give it
    (it is per process, and a child started by fork+exec reports its parent's size at the fork)."""

    INTERVAL_S = 0.5  # often enough for phases that last seconds; cheap enough not to slow them

    def __init__(self):

        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self.INTERVAL_S):
            self.peak = max(self.peak, _rss_of_tree(os.getpid()))

    def __enter__(self):
        if Path("/proc/self/stat").exists():
            self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()


def measured_build(argv: list[str]) -> int:
    """In the child: `tradebriefs build --data D --site S`, then its phases and peak memory as JSON into R."""
    import resource

    from tradebriefs import cli
    from tradebriefs.publish import build, pagecache, reuse, searchindex
    from tradebriefs.render import chartcache, memo, site

    data, site_dir, result = argv
    phases: dict[str, float] = {}
    for module, name in (
        (site, "check_data"),  # as site.build_tree calls it
        (site, "render_site"),
        (site, "render_charts"),
        (build, "run_mkdocs"),
        (searchindex, "build_index"),  # inside run_mkdocs: the plugin's last step
    ):
        _timed(module, name, phases)
    index_cpu: list[float] = []
    timed_index = searchindex.build_index

    def build_index(
        site_dir,
    ):  # Pagefind's CPU time too: its wall time grows with the machine's load
        report = timed_index(site_dir)
        index_cpu.append(report.cpu_seconds)
        return report

    searchindex.build_index = build_index
    pages: dict[str, int] = {}
    prune = pagecache.PageCache.prune

    def counted_prune(cache):  # the page cache's counts, taken as the build ends
        pages.update(converted=cache.rendered, read_back=cache.reused)
        return prune(cache)

    pagecache.PageCache.prune = counted_prune
    start = time.perf_counter()
    with TreeMemory() as memory:
        code = cli.main(["build", "--data", data, "--site", site_dir])
    seconds = time.perf_counter() - start
    me = resource.getrusage(resource.RUSAGE_SELF)
    run = chartcache.last_run
    Path(result).write_text(
        json.dumps(
            {
                "exit": code,
                "seconds_in_process": seconds,
                "phases": {
                    "load_check": phases.get("check_data", 0.0),
                    "render_charts": phases.get("render_charts", 0.0),
                    "render_pages": phases.get("render_site", 0.0)
                    - phases.get("render_charts", 0.0),
                    "mkdocs": phases.get("run_mkdocs", 0.0) - phases.get("build_index", 0.0),
                    "search_index": phases.get("build_index", 0.0),
                },
                "search_index_cpu_s": sum(index_cpu),
                "charts": run.charts,
                "charts_cached": run.cached,
                "charts_drawn": run.drawn,
                "chart_drawings": run.drawings,
                "chart_workers": run.workers,
                "chart_drawing_seconds": run.seconds,  # in the background, while MkDocs converts pages
                "chart_wait_seconds": run.waited,  # of which MkDocs had to wait (inside "mkdocs")
                "pages_converted": pages.get("converted"),
                "files_reused": reuse.last_run.reused,  # linked from the previous site
                "files_made": reuse.last_run.made,
                "texts_reused": memo.last_run.reused,  # the render memo
                "texts_made": memo.last_run.made,
                "pages_read_back": pages.get("read_back"),
                "peak_rss_mib": me.ru_maxrss * 1024 / MIB,  # Linux reports kilobytes
                "peak_rss_with_workers_mib": memory.peak / MIB,
            }
        ),
        encoding="utf-8",
    )
    return code
