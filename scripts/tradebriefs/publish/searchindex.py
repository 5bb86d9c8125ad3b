"""The search index: Pagefind run over the built site, the last step of every build.

Pagefind (PyPI `pagefind`, its `extended` binary: it also segments Chinese and Japanese) reads the built
HTML and writes `pagefind/` into the site: a search library, a WebAssembly module and an index split into
small chunks, so a reader's browser fetches only the chunks a query needs, however large the archive. What
is indexed is marked in the pages by overrides/main.html from each page's `search:` front matter
(searchmeta.py): a page's text, its weight and its filters.

`tradebriefs build` runs this inside the staging folder, so a failed index keeps the previous site;
`mkdocs serve` runs it after each rebuild and only warns when it fails (the preview still shows pages; the
search box then says the index is missing).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import resource
import struct
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from tradebriefs.core.environment import for_child_process

INDEX_FOLDER = "pagefind"  # under the site; overrides/partials/site-search.html loads it from there
TIMEOUT_S = 1800
# Not page text: headings' permalink signs (¶), and tables' column headers, which name the cells under them
# and would run together into the excerpts ("FigureValueChange...", "SeriesValue").
EXCLUDED = ".headerlink, thead"
# The files of the bundle the site's own search UI does not use (Pagefind's prebuilt UIs): not published.
UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)


class SearchIndexError(Exception):
    """The index could not be built; the message is one line for the user."""


@dataclass(frozen=True)
class IndexReport:
    seconds: float
    cpu_seconds: (
        float  # Pagefind's user + system time: what a shared machine's load does not inflate
    )
    pages: int
    bytes_on_disk: int


def children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def executable() -> Path:
    try:
        from pagefind_bin_extended import get_executable
    except ImportError:
        raise SearchIndexError(
            "pagefind is not installed: pip install 'pagefind[extended]' (see constraints.txt)"
        ) from None
    return Path(get_executable())


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def indexed_pages(output: str) -> int:
    """The page count Pagefind prints ("Indexed 23 pages"); 0 when it printed none."""
    for line in output.splitlines():
        words = line.split()
        if len(words) == 3 and words[0] == "Indexed" and words[2] == "pages":
            return int(words[1]) if words[1].isdigit() else 0
    return 0


class Run:
    """One Pagefind run that another thread may stop: the preview stops an index that a rebuild made stale."""

    def __init__(self):
        self.lock = threading.Lock()
        self.process: subprocess.Popen | None = None
        self.stopped = False

    def stop(self) -> None:
        with self.lock:
            self.stopped = True
            if self.process is not None and self.process.poll() is None:
                self.process.kill()


STOPPED = "search index: stopped, a newer build replaces it"


def build_index(site_dir: Path, run: Run | None = None) -> IndexReport:
    """Index the built site in place; raises SearchIndexError with Pagefind's own message when it fails, or
    when `run` was stopped."""
    run = run or Run()
    started, cpu = time.perf_counter(), children_cpu()
    try:
        with run.lock:
            if run.stopped:
                raise SearchIndexError(STOPPED)
            run.process = process = subprocess.Popen(
                [
                    str(executable()),
                    *("--site", str(site_dir), "--output-subdir", INDEX_FOLDER),
                    *("--exclude-selectors", EXCLUDED),
                ],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=for_child_process(),  # started from a thread: its own copy of the environment
            )
        try:
            stdout, stderr = process.communicate(timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            raise
    except (OSError, subprocess.SubprocessError) as error:
        raise SearchIndexError(f"search index: pagefind did not run: {error}") from None
    if run.stopped:
        raise SearchIndexError(STOPPED)
    done = subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)
    output = done.stdout + done.stderr
    if done.returncode != 0:
        last = [line for line in output.splitlines() if line.strip()][-3:]
        raise SearchIndexError(
            f"search index: pagefind failed (exit {done.returncode}): " + " / ".join(last)
        )
    pages = indexed_pages(output)
    if pages == 0:
        raise SearchIndexError(
            "search index: pagefind indexed no page (is data-pagefind-body missing?)"
        )
    folder = site_dir / INDEX_FOLDER
    for name in UNUSED:
        (folder / name).unlink(missing_ok=True)
    make_reproducible(folder)
    return IndexReport(
        time.perf_counter() - started, children_cpu() - cpu, pages, folder_size(folder)
    )


class Indexes:
    """The editions' indexes, made in the background one after another while the build goes on: Pagefind is a
    process of its own, so one edition is indexed while the next one is converted and written. Each site folder
    must be complete when it is handed over and left alone until finish() returns. One index at a time keeps
    the memory to one Pagefind's (the largest process of a build)."""

    def __init__(self, timings=None):
        self.timings = timings  # core.context.Timings: each index's seconds under "search index"
        self.runs: list[Run] = []
        self.reports: list[IndexReport] = []
        self.error: SearchIndexError | None = None
        self.last: threading.Thread | None = None

    def submit(self, site_dir: Path) -> None:
        run, before = Run(), self.last
        self.runs.append(run)

        def index() -> None:
            if before is not None:
                before.join()
            if self.error is not None:
                return
            try:
                report = build_index(site_dir, run)
            except SearchIndexError as error:
                self.error = error
            except BaseException as error:  # a thread's failure must reach the build, not stderr
                self.error = SearchIndexError(f"search index: {type(error).__name__}: {error}")
            else:
                self.reports.append(report)
                if self.timings is not None:
                    phases = self.timings.phases
                    phases[SEARCH_PHASE] = phases.get(SEARCH_PHASE, 0.0) + report.seconds

        self.last = threading.Thread(target=index, name="search-index", daemon=True)
        self.last.start()

    def finish(self) -> list[IndexReport]:
        """Wait for every index; raises the first one's SearchIndexError."""
        if self.last is not None:
            self.last.join()
        if self.error is not None:
            raise self.error
        return self.reports

    def stop(self) -> None:
        """Kill what runs and wait (the build failed: its folders are about to be removed)."""
        for run in self.runs:
            run.stop()
        if self.last is not None:
            self.last.join()


SEARCH_PHASE = "search index"


# Byte-identical builds. Pagefind 1.5 writes its filter indexes (and the list of them in the language's
# meta file) in the order of a Rust HashMap, which changes from run to run (Pagefind issue #638: "filter/
# metadata indexes" still change). Their content is the same, so we sort it: each `filter/*.pf_filter` is
# gzip("pagefind_dcd" + CBOR [name, [[value, [page numbers]], ...]]), listed in `pagefind.<hash>.pf_meta` as
# [name, file hash]; the entry file names the meta file. Sorted, they are written again under a hash of
# their content, gzipped without a time stamp. A file that does not read back as exactly these shapes
# stops the build (a Pagefind upgrade changed the format: check this code against it).

SIGNATURE = b"pagefind_dcd"


def _cbor_head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([major << 5 | n])
    for extra, code, fmt in ((1, 24, ">B"), (2, 25, ">H"), (4, 26, ">I"), (8, 27, ">Q")):
        if n < 1 << (8 * extra):
            return bytes([major << 5 | code]) + struct.pack(fmt, n)
    raise ValueError(n)


def cbor_encode(value) -> bytes:
    """The subset Pagefind's index files use: unsigned integers, text, arrays."""
    if isinstance(value, bool) or not isinstance(value, int | str | list):
        raise SearchIndexError(f"search index: unexpected value in a Pagefind file: {value!r}")
    if isinstance(value, int):
        return _cbor_head(0, value)
    if isinstance(value, str):
        data = value.encode()
        return _cbor_head(3, len(data)) + data
    return _cbor_head(4, len(value)) + b"".join(cbor_encode(v) for v in value)


def cbor_decode(data: bytes, at: int = 0):
    """(value, next position) for the subset cbor_encode writes."""
    major, info = data[at] >> 5, data[at] & 31
    at += 1
    if info >= 24:
        size = {24: 1, 25: 2, 26: 4, 27: 8}.get(info)
        if size is None:
            raise SearchIndexError("search index: unexpected CBOR in a Pagefind file")
        n, at = int.from_bytes(data[at : at + size], "big"), at + size
    else:
        n = info
    if major == 0:
        return n, at
    if major == 3:
        return data[at : at + n].decode(), at + n
    if major == 4:
        items = []
        for _ in range(n):
            item, at = cbor_decode(data, at)
            items.append(item)
        return items, at
    raise SearchIndexError(f"search index: unexpected CBOR type {major} in a Pagefind file")


def read_index_file(path: Path):
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise SearchIndexError(f"search index: {path.name} is not a Pagefind index file")
    value, end = cbor_decode(raw, len(SIGNATURE))
    if end != len(raw) or SIGNATURE + cbor_encode(value) != raw:
        raise SearchIndexError(f"search index: {path.name} does not read back as written")
    return value


def write_index_file(folder: Path, prefix: str, suffix: str, value, digits: int) -> str:
    """Write value under a hash of its content; returns the hash part of the name (as Pagefind names it)."""
    raw = SIGNATURE + cbor_encode(value)
    ident = f"{prefix}_{hashlib.sha256(raw).hexdigest()[:digits]}"
    (folder / f"{ident}{suffix}").write_bytes(gzip.compress(raw, mtime=0))
    return ident


def make_reproducible(folder: Path) -> None:
    try:
        _sort_filters(folder)
    except (KeyError, IndexError, TypeError, ValueError, OSError, EOFError) as error:
        raise SearchIndexError(
            f"search index: Pagefind's files are not laid out as searchindex.py expects ({error!r})"
        ) from None


def _sort_filters(folder: Path) -> None:
    entry_file = folder / "pagefind-entry.json"
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    for language, about in entry["languages"].items():
        meta_file = folder / f"pagefind.{about['hash']}.pf_meta"
        meta = read_index_file(meta_file)
        filters = meta[3]
        renamed = []
        for name, ident in sorted(filters):
            path = folder / "filter" / f"{ident}.pf_filter"
            filter_name, values = read_index_file(path)
            path.unlink()
            renamed.append(
                [
                    name,
                    write_index_file(
                        folder / "filter", language, ".pf_filter", [filter_name, sorted(values)], 7
                    ),
                ]
            )
        meta[3] = renamed
        meta_file.unlink()
        about["hash"] = write_index_file(folder, f"pagefind.{language}", ".pf_meta", meta, 10)[
            len("pagefind.") :
        ]
    entry_file.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), "utf-8")
