"""The thin adapter between the rendered tree and MkDocs (listed under `hooks:` in mkdocs.yml).

The generator knows nothing of MkDocs: it renders {path: content}. Here each entry becomes a virtual
MkDocs file (`File.generated`), so nothing is written into docs/ and `mkdocs serve` does not reload in
a loop; `watch: [data]` in mkdocs.yml rebuilds when a fact file changes.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from tradebriefs.build import refusal_reason, terminal_progress
from tradebriefs.errors import DataError
from tradebriefs.pagecache import PageCache
from tradebriefs.pipeline import cached_tree

DATA_ENV = "TRADEBRIEFS_DATA"  # set by `tradebriefs build --data DIR`; default: data/ beside mkdocs.yml
STRICT_ENV = "TRADEBRIEFS_STRICT"  # set by `tradebriefs build --strict`: data warnings fail the build
log = logging.getLogger("mkdocs.hooks.tradebriefs")


class _Build:
    """This build's page cache, and its progress through MkDocs' two passes over the pages (shown on a
    terminal only: a cold build of thousands of pages takes minutes)."""

    def __init__(self):
        self.start(None)

    def start(self, cache: PageCache | None) -> None:
        self.cache, self.pages, self.done, self.shows = cache, 0, {}, {}

    def step(self, label: str) -> None:
        if label not in self.shows:
            self.shows[label] = terminal_progress(label)
        self.done[label] = self.done.get(label, 0) + 1
        if self.shows[label]:
            self.shows[label](self.done[label], self.pages)


_build = _Build()


def data_dir_for(config) -> Path:
    return Path(os.environ.get(DATA_ENV) or Path(config.config_file_path).parent / "data")


def _tree(config):
    try:
        return cached_tree(data_dir_for(config), strict=bool(os.environ.get(STRICT_ENV)))
    except DataError as error:
        raise PluginError(f"the data has {len(error.findings)} problem(s):\n{error}") from None


# The command MkDocs was started for. MkDocs runs this file afresh for each configuration it loads, and
# `mkdocs serve` loads one per rebuild without calling on_startup again: there it stays None.
_startup = {"command": None}


def on_startup(command: str, dirty: bool) -> None:
    _startup["command"] = command


def on_config(config):
    """`mkdocs build` and `gh-deploy` empty site_dir first: refuse, as `tradebriefs build` does, a site_dir
    that holds the data, the sources, a .git or anything a build did not make (build.refusal_reason).
    `mkdocs serve` builds into a temporary folder of its own."""
    if _startup["command"] not in ("build", "gh-deploy"):
        return config
    site_dir = Path(config.site_dir)
    reason = refusal_reason(site_dir, data_dir_for(config), Path(config.config_file_path), Path(config.docs_dir))
    if reason:
        raise PluginError(f"refusing to build into {site_dir.resolve()} ({reason})")
    return config


def on_pre_build(config) -> None:
    """Check the data before MkDocs empties the site folder: under `mkdocs serve`, a data error then
    leaves the last good pages in place (MkDocs logs the error and waits for the next change)."""
    _tree(config)
    _build.start(PageCache.for_config(config))
    _build.cache.wrap_search(config.plugins)


def on_files(files: Files, config) -> Files:
    tree, findings = _tree(config)  # computed in on_pre_build; cached while the data is unchanged
    for finding in findings:  # warnings are the reader's business too: shown, and the build goes on
        log.info(str(finding))
    for path in sorted(tree):
        if files.get_file_from_path(path) is not None:
            raise PluginError(f"docs/{path} is hand-written, but the generator also makes {path}; rename one")
        files.append(File.generated(config, path, content=tree[path]))
    return files


def on_pre_page(page, config, files):
    """A page whose Markdown and link targets did not change gets its HTML from the page cache (pagecache.py)."""
    if _build.cache is not None:
        _build.cache.attach(page, files)
    return page


def on_page_content(html: str, page, config, files) -> str:
    _build.pages = _build.pages or len(files.documentation_pages())
    _build.step("Converting pages")
    return html


def on_post_page(output: str, page, config) -> str:
    _build.step("Writing pages")
    return output


def on_post_build(config) -> None:
    pages, _build.cache = _build.cache, None
    if pages is not None:
        log.info(f"page cache: {pages.reused} pages read back, {pages.rendered} converted; search entries of "
                 f"{pages.index_reused} pages read back, {pages.indexed} indexed; {pages.prune()} old entries removed")
