"""The chart cache: a chart is drawn once, read back after, and redrawn only when what decides its bytes changes."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import time
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from tradebriefs.core import keys
from tradebriefs.core.context import BuildContext
from tradebriefs.core.environment import from_environ
from tradebriefs.core.progress import terminal_progress
from tradebriefs.core.store import Store
from tradebriefs.render import chartcache, charts
from tradebriefs.render.chartcache import ChartCache, chart_key, draw_all, render_cached
from tradebriefs.render.charts import PALETTE, Bar, ChartSpec

FLOWS = ChartSpec(
    "flows",
    "China's trade with Russia, 2023",
    "USD billion",
    (
        Bar("Exports to Russia", Decimal("110.97"), "about $110.97 bn", PALETTE["exports"]),
        Bar("Imports from Russia", Decimal("129.14"), "$129.14 bn", PALETTE["imports"]),
        Bar("Balance (derived)", Decimal("-18.17"), "−$18.17 bn", PALETTE["balance"], derived=True),
    ),
    "Source: China's General Administration of Customs, via TASS",
    "Bar chart: …",
)
GROWTH = ChartSpec(
    "growth",
    "China's trade with Russia, 2023: change on a year earlier",
    "percent",
    (
        Bar("Turnover", Decimal("26.3"), "+26.3%", PALETTE["turnover"]),
        Bar("Exports to Russia", Decimal("46.9"), "+46.9%", PALETTE["exports"]),
    ),
    "Source: China's General Administration of Customs, via TASS",
    "Bar chart: …",
)


def corrected(spec: ChartSpec) -> ChartSpec:
    """The same chart after one figure was corrected."""
    first = replace(spec.bars[0], value=spec.bars[0].value + 1, text=spec.bars[0].text + "!")
    return replace(spec, bars=(first, *spec.bars[1:]))


class NoDrawing:
    def __call__(self, spec):
        raise AssertionError(f"drew {spec.title!r} although it was cached")


def svg(spec: ChartSpec, scheme: str) -> bytes:
    return charts.render_variants(spec, (scheme,))[scheme]


def test_a_chart_gives_the_same_bytes_every_time():
    assert svg(FLOWS, "dark") == svg(FLOWS, "dark")


def test_the_key_covers_the_spec_and_the_scheme_and_nothing_else():
    assert chart_key(FLOWS, "light") == chart_key(replace(FLOWS), "light")
    assert chart_key(FLOWS, "light") != chart_key(FLOWS, "dark")
    assert chart_key(FLOWS, "light") != chart_key(corrected(FLOWS), "light")
    assert chart_key(FLOWS, "light") != chart_key(
        replace(FLOWS, source_line="Source: TASS"), "light"
    )


def test_the_key_covers_the_drawing_code_and_matplotlib(monkeypatch):
    before = chart_key(FLOWS, "light")
    keys.code_salt.cache_clear()
    monkeypatch.setattr(keys.metadata, "version", lambda name: "99.0")
    try:
        assert chart_key(FLOWS, "light") != before
    finally:
        keys.code_salt.cache_clear()
    # The drawing code is charts.py and what it imports, not the rest of the package.
    closure = {p.relative_to(keys.PACKAGE).as_posix() for p in keys.import_closure(charts.__name__)}
    assert "render/charts.py" in closure and "render/site.py" not in closure


def test_a_cached_chart_is_never_drawn_again(tmp_path, monkeypatch):
    cache = ChartCache(Store(tmp_path))
    jobs = [(FLOWS, "light"), (FLOWS, "dark"), (GROWTH, "light"), (GROWTH, "dark")]
    first = render_cached(jobs, cache)
    assert cache.counts.drawn == 4 and cache.counts.cached == 0
    assert cache.counts.drawings == 2  # each chart drawn once, for both schemes
    cache.store.finish()  # the build ends
    monkeypatch.setattr(
        charts, "draw_svg", NoDrawing()
    )  # what render_variants, and so the cache, calls to draw
    with pytest.raises(AssertionError, match="although it was cached"):
        render_cached(
            jobs, ChartCache(Store(tmp_path / "empty"))
        )  # the patch bites: an empty cache must draw
    again = ChartCache(Store(tmp_path))  # a new run, as the next build would be
    assert render_cached(jobs, again) == first
    assert again.counts.drawn == 0 and again.counts.cached == 4


def test_a_changed_figure_redraws_only_the_charts_that_draw_it(tmp_path):
    cache = ChartCache(Store(tmp_path))
    render_cached([(FLOWS, "light"), (FLOWS, "dark"), (GROWTH, "light"), (GROWTH, "dark")], cache)
    cache.store.finish()
    cache = ChartCache(Store(tmp_path))  # the next build
    render_cached(
        [
            (corrected(FLOWS), "light"),
            (corrected(FLOWS), "dark"),
            (GROWTH, "light"),
            (GROWTH, "dark"),
        ],
        cache,
    )
    assert cache.counts.drawn == 2 and cache.counts.cached == 2


def test_the_cache_holds_only_whole_charts(tmp_path):
    render_cached([(FLOWS, "light"), (GROWTH, "light")], ChartCache(Store(tmp_path)))
    files = sorted(p for p in (tmp_path / "files").rglob("*") if p.is_file())
    assert [p.name for p in files] == sorted(chart_key(s, "light") for s in (FLOWS, GROWTH))
    assert all(
        p.read_bytes().startswith(b"<?xml") and p.read_bytes().rstrip().endswith(b"</svg>")
        for p in files
    )


def test_with_the_cache_off_every_chart_is_drawn(tmp_path):
    ctx = BuildContext.for_project(from_environ({"TRADEBRIEFS_CACHE": "off"}), tmp_path)
    assert ctx.cache("charts") is None and not ctx.store.on
    for _ in range(2):
        cache = ChartCache(ctx.store)
        render_cached([(FLOWS, "light")], cache)
        assert cache.counts.drawn == 1
    ctx = BuildContext.for_project(from_environ({"TRADEBRIEFS_CACHE": str(tmp_path)}), tmp_path)
    assert ctx.cache("charts") == tmp_path / "charts"
    assert BuildContext.for_project(from_environ({}), tmp_path / ".cache").cache("store") == (
        tmp_path / ".cache" / "store"
    )


def test_worker_processes_draw_the_same_bytes_as_this_one(monkeypatch):
    monkeypatch.setattr(
        chartcache, "MIN_CHARTS_FOR_POOL", 1
    )  # a pool even for two charts, when there are 2 cores
    tasks = [(FLOWS, ("light", "dark")), (GROWTH, ("dark",))]
    assert draw_all(tasks) == [
        {scheme: svg(spec, scheme) for scheme in schemes} for spec, schemes in tasks
    ]


def test_a_reused_figure_draws_the_same_bytes_as_a_new_one():
    charts.fresh_figure()
    flows, growth = charts.draw_svg(FLOWS), charts.draw_svg(GROWTH)  # GROWTH on FLOWS' figure
    again = charts.draw_svg(FLOWS)  # and FLOWS on GROWTH's
    charts.fresh_figure()
    assert charts.draw_svg(GROWTH) == growth
    assert again == flows


def test_charts_drawn_in_the_background_are_in_the_cache_once_waited_for(monkeypatch, tmp_path):
    monkeypatch.setattr(chartcache, "MIN_CHARTS_FOR_POOL", 1)  # workers even for two charts
    cache = ChartCache(Store(tmp_path))
    jobs = [(FLOWS, "light"), (FLOWS, "dark"), (GROWTH, "dark")]
    ctx = BuildContext()
    paths = chartcache.start_drawing(jobs, cache, ctx.pending)
    ctx.wait()
    assert [p.read_bytes() for p in paths] == [svg(spec, scheme) for spec, scheme in jobs]
    assert cache.counts.drawn == 3 and cache.counts.drawings == 2
    assert chartcache.start_drawing(jobs, cache, ctx.pending) == paths
    assert cache.counts.cached == 3 and cache.counts.drawn == 0
    assert ctx.pending == []  # nothing left to draw: nothing to wait for


def test_the_dark_variant_differs_from_the_light_one_only_in_ink():
    light, dark = svg(FLOWS, "light"), svg(FLOWS, "dark")
    for role, colour in charts.SCHEMES["light"].items():
        assert colour.encode() in light and colour.encode() not in dark
        assert charts.SCHEMES["dark"][role].encode() in dark
    assert charts.recolour(light, "dark") == dark
    texts = re.compile(rb"<text\b[^>]*>([^<]*)</text>")
    assert texts.findall(light) == texts.findall(dark) != []


def test_recolouring_never_touches_the_text_a_chart_shows():
    ink = charts.SCHEMES["light"]["ink"]
    drawn = svg(replace(FLOWS, title=f"Ink {ink} in a title"), "dark")
    assert f"Ink {ink} in a title".encode() in drawn


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_shows_on_a_terminal_and_stays_quiet_in_logs():
    assert (
        terminal_progress("Drawing charts", True, io.StringIO()) is None
    )  # stderr redirected to a file or a pipe
    terminal = FakeTerminal()
    show = terminal_progress("Drawing charts", True, terminal)
    show(10, 500)
    show(500, 500)
    assert terminal.getvalue().endswith("\rDrawing charts: 500/500\n")
    in_ci = BuildContext.for_project(from_environ({"CI": "true"}), Path("."))
    assert not in_ci.progress
    assert terminal_progress("Drawing charts", in_ci.progress, FakeTerminal()) is None


@pytest.mark.parametrize("total", [1, 20])
def test_short_work_shows_no_progress(total):
    terminal = FakeTerminal()
    show = terminal_progress("Drawing charts", True, terminal)
    show(total, total)
    assert terminal.getvalue() == ""


ORPHAN_PROBE = """
import os, sys, time
from tradebriefs.render.chartcache import worker_pool

pool = worker_pool(2)
list(pool.map(abs, range(8)))  # the workers start with the first tasks
print(" ".join(str(p) for p in pool._processes), flush=True)
time.sleep(600)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        return stat.read().split(") ", 1)[1][0] != "Z"  # a zombie has ended


def test_chart_workers_end_when_their_build_is_killed():
    """A build killed outright (SIGKILL: CI cancelled, the OOM killer) leaves no chart worker behind."""
    parent = subprocess.Popen(
        [sys.executable, "-c", ORPHAN_PROBE], stdout=subprocess.PIPE, text=True
    )
    workers = [int(p) for p in parent.stdout.readline().split()]
    assert len(workers) == 2 and all(_alive(p) for p in workers), workers
    parent.kill()
    parent.wait(timeout=30)
    deadline = time.monotonic() + 60
    while any(_alive(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(_alive(p) for p in workers), f"chart workers outlived their build: {workers}"


def test_the_drawings_of_a_build_share_one_pool_of_workers_closed_after_the_last():
    """Charts and cards of every edition queue on the same workers (each imports matplotlib once): a pool per
    call made twelve processes for a three-edition build on two cores. The pool closes once the last drawing
    using it is waited for, and a later build starts a new one."""
    pending = []
    first = chartcache.shared_pool(pending)
    pending.append(chartcache.Drawing(first, [], 0, 0.0, None, None))
    assert chartcache.shared_pool(pending) is first
    pending.append(chartcache.Drawing(first, [], 0, 0.0, None, None))
    assert first.users == 2
    pending.pop(0).wait()
    assert not first.closed and chartcache.shared_pool(pending) is first
    pending.pop(0).wait()
    assert first.closed and first.users == 0
    assert chartcache.shared_pool(pending) is not first


def test_a_cancelled_build_stops_the_shared_pool():
    shared = chartcache.shared_pool([])
    drawing = chartcache.Drawing(shared, [], 0, 0.0, None, None)
    drawing.cancel()
    assert shared.closed
