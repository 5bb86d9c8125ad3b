"""What one build hands down from its entry point: the settings it resolved, the publication day, the cache
folder, and what it measured (phase timings, cache counts) and started (chart and card drawings).

An entry point (the command line, the MkDocs plugin, the benchmark) makes one BuildContext from the project
and the environment it read (environment.py) and passes it to the stages; nothing in the package keeps state
of its own between calls, so two builds in one process (`mkdocs serve`, the tests) never share counts.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Protocol

from tradebriefs.core.environment import Environment
from tradebriefs.core.store import Store


@dataclass
class Timings:
    """Phase name -> seconds, in the order the phases ran; for reading, never for asserting."""

    phases: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.phases[name] = self.phases.get(name, 0.0) + time.perf_counter() - start


@dataclass
class RecordCounts:
    """Data files read back from the record cache, and read and validated."""

    reused: int = 0
    read: int = 0


@dataclass
class TextCounts:
    """Texts (page Markdown, bodies, downloads) read back from the render memo, and made; `unkeyed`: made
    because an input could not be keyed (keys.Unkeyable)."""

    reused: int = 0
    made: int = 0
    unkeyed: int = 0


@dataclass
class ViewCounts:
    """Pages of briefs, pairs, data and checks read back because nothing they read changed (render/reads.py),
    and made; `why`: (page, the entry it read that changed), for `-v`."""

    reused: int = 0
    made: int = 0
    why: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class ChartCounts:
    """Chart files asked for, read back, made; drawings; workers; and, for drawing in the background, how long
    it took and how long the build waited for it."""

    charts: int = 0
    cached: int = 0
    drawn: int = 0  # chart files made (each colour scheme's variant counts)
    drawings: int = 0  # matplotlib drawings (one per chart, whatever the number of its variants)
    workers: int = 0
    seconds: float = 0.0  # from the first drawing sent to the last one stored
    waited: float = 0.0  # of which the build had nothing else to do


@dataclass
class CardCounts:
    """Card images asked for, read back from the cache, drawn."""

    cards: int = 0
    cached: int = 0
    drawn: int = 0


@dataclass
class PageCounts:
    """Pages converted from Markdown to HTML, and read back."""

    rendered: int = 0
    reused: int = 0


@dataclass
class SiteCounts:
    """Files linked from the previous site, and made."""

    reused: int = 0
    made: int = 0


@dataclass
class Stats:
    """What each cache of one build did (the CI job summary, the benchmark, `-v` logs)."""

    records: RecordCounts = field(default_factory=RecordCounts)
    texts: TextCounts = field(default_factory=TextCounts)
    views: ViewCounts = field(default_factory=ViewCounts)
    charts: ChartCounts = field(default_factory=ChartCounts)
    cards: CardCounts = field(default_factory=CardCounts)
    pages: PageCounts = field(default_factory=PageCounts)
    site: SiteCounts = field(default_factory=SiteCounts)


class Pending(Protocol):
    """Work started in the background (charts, cards being drawn): waited for, or cancelled."""

    label: str  # "Drawing charts": what a progress counter calls it

    def wait(self, progress=None) -> None: ...

    def cancel(self) -> None: ...


@dataclass
class BuildContext:
    """One build's settings and state. `cache_dir` None: every cache off. `progress`: counters on a terminal."""

    today: dt.date = field(default_factory=lambda: dt.datetime.now(dt.UTC).date())
    cache_dir: Path | None = None
    progress: bool = False
    timings: Timings = field(default_factory=Timings)
    stats: Stats = field(default_factory=Stats)
    pending: list[Pending] = field(default_factory=list)

    @classmethod
    def for_project(cls, env: Environment, default_cache: Path) -> BuildContext:
        """A fresh context for one build, from what the entry point read (a SettingError if a value is bad)."""
        return cls(
            today=env.publication_day(), cache_dir=env.cache_dir(default_cache), progress=not env.ci
        )

    @cached_property
    def store(self) -> Store:
        """The build's store (core/store.py) in the cache folder, opened when first asked for."""
        return Store(self.cache("store"))

    def finish(self, kinds: Iterable[str] = ()) -> None:
        """The build succeeded: the store keeps what it used, and only that (`kinds`: the kinds of entries
        another process of this build used, Store.finish)."""
        if "store" in self.__dict__:
            self.store.finish(kinds)

    def adopt(self, timings: Timings, stats: Stats) -> None:
        """The timings and counts of another process of this build (the one that wrote the site): its phases
        first, then this one's."""
        if timings is not self.timings:
            self.timings.phases = {**timings.phases, **self.timings.phases}
        self.stats = stats

    def release_store(self) -> None:
        """Close the store as it was and open it afresh when next asked for: before this process forks, so
        that each process has a connection of its own (SQLite's rule for fork)."""
        self.close()
        self.__dict__.pop("store", None)

    def close(self) -> None:
        """The build failed: the store keeps what it held before it."""
        if "store" in self.__dict__:
            self.store.close()

    def cache(self, name: str) -> Path | None:
        """The folder (or file) `name` inside the cache; None when the caches are off."""
        return None if self.cache_dir is None else self.cache_dir / name

    def wait(self, progress_for=None) -> None:
        """Return once all background work is done; a worker's error is raised here. `progress_for(label)`:
        a counter for each piece of work (progress.terminal_progress), or None."""
        while self.pending:
            work = self.pending.pop(0)
            work.wait(progress_for(work.label) if progress_for else None)

    def cancel(self) -> None:
        while self.pending:
            self.pending.pop(0).cancel()
