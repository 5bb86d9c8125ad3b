"""The chart cache: each chart's SVG file in the build's store (core/store.py), under its key.

A chart is drawn once and then read back, across builds and in `mkdocs serve`; only charts whose key
is not in the store are drawn, in a pool of worker processes over the available cores. The key (core/keys.py)
covers the chart's spec (its figures, labels, title, source line), the colour scheme, the source of the
drawing code and of every module it imports (so an edit to the drawing can never serve a stale chart) and
the matplotlib version. A chart read back is checked against its digest first. matplotlib is imported only
by the processes that draw.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from functools import lru_cache
from multiprocessing import get_context
from pathlib import Path

from tradebriefs.core import keys
from tradebriefs.core.context import ChartCounts, Pending
from tradebriefs.core.store import Store, content_digest, write_file
from tradebriefs.render import charts
from tradebriefs.render.charts import ChartSpec

# Below this many charts to draw, starting workers (each imports matplotlib, ~0.7 s) costs more than it saves.
MIN_CHARTS_FOR_POOL = 24
CHARTS_PER_TASK = (
    8  # charts sent to a worker at once: fewer round trips, still a smooth progress count
)

Job = tuple[ChartSpec, str]  # (spec, colour scheme)
Progress = Callable[[int, int], None]  # (done, total)


KIND = "chart"  # the store's name for these outputs


def salt() -> str:
    """The code that decides a chart's bytes besides its spec: charts.py's import closure and matplotlib."""
    return keys.code_salt("tradebriefs.render.charts", ("matplotlib",))


@lru_cache(maxsize=8192)  # each chart is asked for in both schemes: its spec is written once
def _spec_digest(spec: ChartSpec) -> str:
    return keys.digest(spec)


def chart_key(spec: ChartSpec, scheme: str) -> str:
    return keys.key(KIND, salt(), (scheme, _spec_digest(spec)))


class ChartCache:
    """Chart files in the build's store (None or a store turned off: none); `counts`: what the last call did."""

    kind = KIND

    def __init__(self, store: Store | None, counts: ChartCounts | None = None):
        self.store = store if store is not None else Store(None)
        self.counts = counts if counts is not None else ChartCounts()

    @property
    def on(self) -> bool:
        return self.store.on

    def _path(self, key: str) -> Path:
        """Where the file of `key` is, or will be once drawn."""
        return self.store.file_path(key)

    def path_of(self, key: str) -> Path | None:
        """The file of a chart kept in the store, its bytes checked; None when there is none."""
        return self.store.file(self.kind, key) if self.store.on else None

    def get(self, key: str) -> bytes | None:
        path = self.path_of(key)
        try:
            return path.read_bytes() if path is not None else None
        except OSError:
            return None

    def put(self, key: str, data: bytes) -> None:
        if self.store.on:
            self.store.put(self.kind, key, data, as_file=True)


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the cores this process may use (containers, taskset)
    except AttributeError:
        return os.cpu_count() or 1


Task = tuple[ChartSpec, tuple[str, ...]]  # a chart to draw once, and the schemes wanted of it


def _draw_batch(tasks: list[Task]) -> list[dict[str, bytes]]:
    return [charts.render_variants(spec, schemes) for spec, schemes in tasks]


def _batches(items: list, size: int) -> Iterable[tuple[int, list]]:
    for start in range(0, len(items), size):
        yield start, items[start : start + size]


def pool_size(drawings: int) -> int:
    """Worker processes for this many drawings: 1 means drawing here, without a pool."""
    return min(available_cores(), max(1, drawings // MIN_CHARTS_FOR_POOL))


# How often a chart worker looks whether the process that started it is still there.
PARENT_POLL_S = 1.0


def _exit_with_parent(parent: int) -> None:
    """A worker outlives a killed build otherwise: each keeps both ends of the task queue's pipe open, so it
    never sees an end of file, and waits for work forever (seen: 500 orphans, 23 GiB, after killed runs)."""
    while True:
        time.sleep(PARENT_POLL_S)
        if os.getppid() != parent:
            os._exit(1)


def _watch_parent(parent: int) -> None:
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()


def worker_pool(workers: int) -> ProcessPoolExecutor:
    """Chart workers that end with the process that started them, however it ends."""
    # spawn, not fork: `mkdocs serve` runs threads, and a forked child can inherit a lock held by one of them.
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=get_context("spawn"),
        initializer=_watch_parent,
        initargs=(os.getpid(),),
    )


def draw_all(tasks: list[Task], progress: Progress | None = None) -> list[dict[str, bytes]]:
    """Draw every task, in order; in worker processes when there are enough to repay starting them."""
    workers = pool_size(len(tasks))
    results: list[dict[str, bytes]] = [{} for _ in tasks]
    done = 0
    if workers == 1:
        for i, (spec, schemes) in enumerate(tasks):
            results[i] = charts.render_variants(spec, schemes)
            done += 1
            if progress:
                progress(done, len(tasks))
        return results
    with worker_pool(workers) as pool:
        futures = {
            pool.submit(_draw_batch, batch): start
            for start, batch in _batches(tasks, CHARTS_PER_TASK)
        }
        try:
            for future in as_completed(futures):
                batch = future.result()
                results[futures[future] : futures[future] + len(batch)] = batch
                done += len(batch)
                if progress:
                    progress(done, len(tasks))
        except BrokenProcessPool as error:
            raise RuntimeError(
                "a chart-drawing worker process died: out of memory, or a script that builds the "
                "site without `if __name__ == '__main__':` (each worker imports the main script)"
            ) from error
    return results


def _missing(
    jobs: list[Job], have: Callable[[str], object]
) -> tuple[list[str], dict, dict[ChartSpec, dict[str, str]]]:
    """Every job's key, {key: what `have` found}, and {spec: {scheme: key}} of the jobs to draw, each key once."""
    wanted = [chart_key(spec, scheme) for spec, scheme in jobs]
    found = {key: got for key in dict.fromkeys(wanted) if (got := have(key)) is not None}
    missing: dict[ChartSpec, dict[str, str]] = {}
    for key, (spec, scheme) in zip(wanted, jobs, strict=True):
        if key not in found:
            missing.setdefault(spec, {})[scheme] = key
    return wanted, found, missing


def _count(
    counts: ChartCounts, jobs: list[Job], wanted: list[str], made: set[str], drawings: int
) -> None:
    counts.charts = len(jobs)
    counts.cached = sum(1 for key in wanted if key not in made)
    counts.drawn = len(made)
    counts.drawings = drawings
    counts.workers = pool_size(drawings) if drawings else 0


def _fill(
    jobs: list[Job], cache: ChartCache, have: Callable[[str], object], progress: Progress | None
):
    """Draw (once per chart) and store every job whose key `have` does not find; {key: what was found or drawn}."""
    wanted, found, missing = _missing(jobs, have)
    drawn = draw_all([(spec, tuple(by_scheme)) for spec, by_scheme in missing.items()], progress)
    made: dict[str, bytes] = {}
    for by_scheme, variants in zip(missing.values(), drawn, strict=True):
        for scheme, key in by_scheme.items():
            cache.put(key, variants[scheme])
            made[key] = variants[scheme]
    _count(cache.counts, jobs, wanted, set(made), len(missing))
    return wanted, found, made


def render_cached(
    jobs: list[Job], cache: ChartCache, progress: Progress | None = None
) -> list[bytes]:
    """SVG bytes for every job, in order: read from the cache, or drawn (once per chart) and then stored."""
    wanted, found, made = _fill(jobs, cache, cache.get, progress)
    return [found.get(key) or made[key] for key in wanted]


# Drawing in the background. A cold build used to draw every chart before MkDocs started, with this process
# idle, and then convert pages with the worker cores idle. A page needs only a chart's path (its key names
# the file), never its bytes, so the workers draw while MkDocs converts pages, and the build waits for them
# only where MkDocs copies files (the plugin's on_env): a cold build's chart time is mostly hidden.


def _draw_and_store(
    folder: str, tasks: list[tuple[ChartSpec, dict[str, str]]]
) -> tuple[int, list[tuple[str, str]]]:
    """In a worker: draw each chart once, write each wanted variant as the store's file of its key; only the
    (key, digest) pairs travel back, for the build to record (store.Store.record)."""
    written = []
    for spec, by_scheme in tasks:
        variants = charts.render_variants(spec, tuple(by_scheme))
        for key, data in ((key, variants[scheme]) for scheme, key in by_scheme.items()):
            write_file(Path(folder), key, data)
            written.append((key, content_digest(data)))
    return len(tasks), written


class SharedPool:
    """The build's drawing workers: the charts and the cards of every edition queue on the same few processes
    (each imports matplotlib once), shut down when the last Drawing that uses them has been waited for. A pool
    per call made two for charts and two for cards in each edition: twelve processes for three editions, on
    two cores."""

    def __init__(self):
        # As many as the cores, started as work arrives (ProcessPoolExecutor starts them on demand).
        self.executor = worker_pool(available_cores())
        self.users = 0
        self.closed = False

    def release(self, cancel: bool = False) -> None:
        self.users -= 1
        if cancel:
            self.closed = True
            self.executor.shutdown(wait=False, cancel_futures=True)
        elif self.users == 0:
            self.closed = True
            self.executor.shutdown(wait=True)


def shared_pool(pending: list[Pending]) -> SharedPool:
    """The pool the build's drawings already use, or a new one."""
    for work in pending:
        shared = getattr(work, "shared", None)
        if shared is not None and not shared.closed:
            return shared
    return SharedPool()


class Drawing:
    """Charts being drawn into the cache by worker processes; wait() returns once every one is stored."""

    def __init__(
        self,
        shared: SharedPool,
        futures,
        total: int,
        started: float,
        counts: ChartCounts | None,
        store: Store,
        what: str = KIND,
    ):
        self.shared, self.futures, self.total, self.started = shared, futures, total, started
        shared.users += 1
        self.counts, self.store, self.what = counts, store, what
        self.label = f"Drawing {what}s"

    def wait(self, progress: Progress | None = None) -> None:
        start, done = time.perf_counter(), 0
        try:
            for future in as_completed(self.futures):
                drawn, written = future.result()
                for key, digest in written:
                    self.store.record(self.what, key, digest)
                done += drawn
                if progress:
                    progress(done, self.total)
        except BrokenProcessPool as error:
            self.shared.release(cancel=True)
            raise RuntimeError(
                f"a {self.what}-drawing worker process died: out of memory, or a script that builds "
                "the site without `if __name__ == '__main__':` (each worker imports the main script)"
            ) from error
        except BaseException:
            self.shared.release(cancel=True)
            raise
        self.shared.release()
        if self.counts is None:
            return
        self.counts.waited += time.perf_counter() - start
        self.counts.seconds = time.perf_counter() - self.started

    def cancel(self) -> None:
        self.shared.release(cancel=True)


def start_drawing(jobs: list[Job], cache: ChartCache, pending: list[Pending]) -> list[Path]:
    """The cache file of every job, in order; the missing ones are being drawn (in worker processes) when this
    returns, a Drawing added to `pending` (the build's context) to wait for before reading them. Needs a
    store that is on."""
    started = time.perf_counter()
    wanted, _, missing = _missing(jobs, cache.path_of)
    _count(
        cache.counts,
        jobs,
        wanted,
        {key for by_scheme in missing.values() for key in by_scheme.values()},
        len(missing),
    )
    tasks = list(missing.items())
    # Even one chart goes to a worker: it imports matplotlib (seconds) while this process renders pages.
    if tasks:
        shared = shared_pool(pending)
        futures = [
            shared.executor.submit(_draw_and_store, str(cache.store.folder), batch)
            for _, batch in _batches(tasks, CHARTS_PER_TASK)
        ]
        pending.append(
            Drawing(shared, futures, len(tasks), started, cache.counts, cache.store, cache.kind)
        )
    return [cache._path(key) for key in wanted]
