"""The benchmark's harness: the synthetic data set (generate.py) built with the real pipeline and MkDocs.

It measures what a newsroom waits for: a cold build (empty caches), a rebuild with nothing
changed, and a rebuild after one figure changes; how many charts that rebuild drew, how many pages
changed, peak memory, page and search index sizes, where the time went (the phases the build times
itself: load and check, pages, MkDocs, the search index, the swap; charts are drawn in the background
meanwhile), the editor's preview (`mkdocs serve`: an edit saved until the served brief shows it), and
what a reader searching the site fetches and waits for (reader.py, in Chromium). It is a benchmark,
not a test: nothing here asserts a time.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

from bench.generate import CHARTS_PER_BRIEF, SPEAKERS, Dataset, generate_dataset
from bench.reader import measure_search
from bench.report import mib, rounded
from tradebriefs.core.environment import CACHE, SOURCE_DATE_EPOCH
from tradebriefs.core.project import load_project
from tradebriefs.publish.build import last_commit_time
from tradebriefs.publish.searchindex import INDEX_FOLDER
from tradebriefs.render.chartcache import available_cores

REPO_ROOT = Path(__file__).resolve().parents[1]  # the repository this benchmark is in

# ----------------------------------------------------------------------------------------------------
# Measuring: each build runs `tradebriefs build` in a fresh process, as CI and `make site` do.

# The child process (run.py): the real CLI, handed a BuildContext whose timings and counts the build fills
# in itself. It runs in the repository, so that `bench` imports and the project's mkdocs.yml is found.
CHILD = "import sys; from bench.run import measured_build; sys.exit(measured_build(sys.argv[1:]))"


def build_env(cache: Path) -> dict[str, str]:
    """This process's environment for a build of the benchmark: its own cache folder, and the build date given
    here, so the build forks no `git log` (a fork's peak memory would pass for a worker's)."""
    env = {**os.environ, CACHE: str(cache), "NO_MKDOCS_2_WARNING": "1"}
    env[SOURCE_DATE_EPOCH] = os.environ.get(SOURCE_DATE_EPOCH) or last_commit_time(REPO_ROOT) or "0"
    return env


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file's bytes, by path: to count what a rebuild changed."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def changed(before: dict[str, bytes], after: dict[str, bytes]) -> list[str]:
    return sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))


def timed_build(
    data: Path, site_dir: Path, cache: Path, work: Path, config: Path | None = None
) -> dict:
    """One `tradebriefs build` in a child process (run.py): its wall seconds, and what the child reported.
    `config`: a mkdocs.yml of its own (project_config), else the repository's."""
    result = work / "result.json"
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(data), str(site_dir), str(result)]
        + ([str(config)] if config else []),
        cwd=REPO_ROOT,
        env=build_env(cache),
    )
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(
            f"the benchmark's build failed (exit {done.returncode}); see the messages above"
        )
    measured = json.loads(result.read_text(encoding="utf-8"))
    return {"seconds": round(wall, 2), **rounded(measured)}


# ----------------------------------------------------------------------------------------------------
# The editor's preview: `mkdocs serve` on the data, an edit saved, the served brief polled until it shows it.

PREVIEW_TIMEOUT_S = 3600  # the preview's first build of a large archive takes many minutes
POLL_S = 0.1


def project_config(folder: Path, data_dir: Path, plugin: dict | None = None, **changes) -> Path:
    """A copy of the repository's mkdocs.yml in `folder`, reading `data_dir` (for the preview's measure, and
    for a build of other editions than the repository's: `plugin={"editions": ["en"]}`)."""
    return load_project(REPO_ROOT / "mkdocs.yml").with_data(folder, data_dir, plugin, **changes)


def fetch(url: str) -> tuple[int, str]:
    import http.client
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError, http.client.HTTPException):
        return 0, ""  # not served (yet), or cut off by a rebuild: asked again


def wait_until(condition, timeout: float) -> float | None:
    """Seconds until condition() held, polled; None when it never did."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if condition():
            return time.perf_counter() - start
        time.sleep(POLL_S)
    return None


def measure_preview(dataset: Dataset, work: Path, cache: Path) -> dict:
    """`mkdocs serve --dirty` (as `make serve`) on the data with the one-figure edit in; the edit undone and saved;
    the seconds until the served brief shows the figure as it was (its page served, the edited wording gone)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = project_config(work, dataset.data_dir)
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}"]
        + ["--config-file", str(config)],
        cwd=REPO_ROOT,
        env=build_env(cache),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/{dataset.change_page}"
    try:
        first = wait_until(lambda: dataset.change_shown in fetch(url)[1], PREVIEW_TIMEOUT_S)
        if first is None:
            raise RuntimeError(f"the preview never served {url} with the edit")
        dataset.undo_edit()
        # "$12.34 bn", as the brief shows it without the edit (not on an error page)
        plain = dataset.change_shown.split(" ", 1)[1]

        def shows_undo() -> bool:
            status, page = fetch(url)
            return status == 200 and plain in page and dataset.change_shown not in page

        seconds = wait_until(shows_undo, PREVIEW_TIMEOUT_S)
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
    return {
        "preview_first_build_s": round(first, 2),
        "preview_edit_shown_s": round(seconds, 2) if seconds is not None else None,
    }


# ----------------------------------------------------------------------------------------------------
# The runs.


def machine() -> dict:
    """The machine and the versions that matter to the times, and its load as the benchmark starts."""
    cpu = (
        next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            platform.processor(),
        )
        if Path("/proc/cpuinfo").exists()
        else ""
    )
    mem = (
        next(
            (
                int(line.split()[1]) * 1024
                for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")
            ),
            0,
        )
        if Path("/proc/meminfo").exists()
        else 0
    )
    from importlib import metadata

    return {
        "cpu": cpu,
        "cores": available_cores(),
        "memory_gib": round(mem / 1024**3, 1),
        "python": platform.python_version(),
        "mkdocs": metadata.version("mkdocs"),
        "mkdocs_material": metadata.version("mkdocs-material"),
        "matplotlib": metadata.version("matplotlib"),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def run_bench(n: int, log=print, preview: bool = True, editions: list[str] | None = None) -> dict:
    """Generate N briefs, build cold, rebuild with nothing changed, rebuild after one figure changes; then
    (with `preview`) the same edit undone under `mkdocs serve`. `editions`: build those (mkdocs.yml's
    `editions:`, e.g. ["en"] against the repository's three), else the repository's."""
    with tempfile.TemporaryDirectory(prefix="tradebriefs-bench-") as tmp:
        work = Path(tmp)
        data, site_dir, cache = work / "data", work / "site", work / "cache"
        started = time.perf_counter()
        dataset = generate_dataset(n, data)
        config = None
        if editions:
            (work / "config").mkdir()
            config = project_config(work / "config", data, {"editions": editions})
        build = partial(timed_build, config=config)
        log(
            f"bench: {dataset.briefs} briefs, {dataset.figures} figures in {time.perf_counter() - started:.1f} s; "
            f"cold build (empty caches)"
        )
        cold = build(data, site_dir, cache, work)
        first = snapshot(site_dir)
        log(f"bench: cold {cold['seconds']} s; rebuild, nothing changed")
        warm = build(data, site_dir, cache, work)
        second = snapshot(site_dir)
        log(f"bench: warm {warm['seconds']} s; rebuild after one figure changes")
        dataset.make_edit()
        one = build(data, site_dir, cache, work)
        third = snapshot(site_dir)
        pages = [p for p in third if p.endswith(".html")]
        brief_pages = [
            len(third[p])
            for p in pages
            if p.startswith("briefs/") and p.count("/") == 2 and not p.startswith("briefs/page/")
        ]
        one_changed = changed(second, third)
        if preview:
            log("bench: the preview (mkdocs serve): an edit saved, the served brief polled")
        previewed = measure_preview(dataset, work, cache) if preview else None
        log("bench: searching the site in Chromium")
        searched = search_figures(site_dir, cold)
        return {
            "briefs": dataset.briefs,
            "figures": dataset.figures,
            "editions": editions or "as mkdocs.yml lists",
            "charts_per_brief": CHARTS_PER_BRIEF,
            "machine": machine(),
            "cold": cold,
            "warm": warm,
            "one_figure": one,
            "preview": previewed,
            # none: a rebuild of the same data is byte-identical
            "warm_files_changed": changed(first, second)[:20],
            "one_figure_files_changed": len(one_changed),
            "one_figure_html_changed": sum(1 for p in one_changed if p.endswith(".html")),
            "one_figure_charts_changed": sum(1 for p in one_changed if p.endswith(".svg")),
            "pages_written": len(pages),
            "files_written": len(third),
            "site_mib": mib(sum(len(b) for b in third.values())),
            "brief_html_median_kib": round(statistics.median(brief_pages) / 1024, 1)
            if brief_pages
            else None,
            **searched,
            "cold_ms_per_brief": round(cold["seconds"] * 1000 / dataset.briefs, 1),
        }


def search_figures(site_dir: Path, cold: dict) -> dict:
    """The search index on disk (Pagefind's chunks; a reader fetches only what a query needs), how long the
    cold build took to make it, and a reader's queries in Chromium."""
    index = [p for p in (site_dir / INDEX_FOLDER).rglob("*") if p.is_file()]
    return {
        "search_index_mib": mib(sum(p.stat().st_size for p in index), 2),
        "search_index_files": len(index),
        "search_index_build_s": cold["phases"].get("search_index"),
        "search": measure_search(site_dir, tuple(name.split()[-1] for name, _ in SPEAKERS)),
    }


def run_search_bench(n: int, log=print) -> dict:
    """Generate N briefs, build once (cold), and measure only the search: its index and a reader's queries."""
    with tempfile.TemporaryDirectory(prefix="tradebriefs-bench-") as tmp:
        work = Path(tmp)
        data, site_dir, cache = work / "data", work / "site", work / "cache"
        dataset = generate_dataset(n, data)
        log(f"bench: {dataset.briefs} briefs; cold build")
        cold = timed_build(data, site_dir, cache, work)
        log(f"bench: cold {cold['seconds']} s; searching the site in Chromium")
        return {
            "briefs": dataset.briefs,
            "machine": machine(),
            "cold": cold,
            "pages_written": sum(1 for _ in site_dir.rglob("*.html")),
            **search_figures(site_dir, cold),
            "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        }
