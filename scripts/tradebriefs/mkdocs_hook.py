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

from tradebriefs.errors import DataError
from tradebriefs.pipeline import cached_tree

DATA_ENV = "TRADEBRIEFS_DATA"  # set by `tradebriefs build --data DIR`; default: data/ beside mkdocs.yml
STRICT_ENV = "TRADEBRIEFS_STRICT"  # set by `tradebriefs build --strict`: data warnings fail the build
log = logging.getLogger("mkdocs.hooks.tradebriefs")


def data_dir_for(config) -> Path:
    return Path(os.environ.get(DATA_ENV) or Path(config.config_file_path).parent / "data")


def _tree(config):
    try:
        return cached_tree(data_dir_for(config), strict=bool(os.environ.get(STRICT_ENV)))
    except DataError as error:
        raise PluginError(f"the data has {len(error.findings)} problem(s):\n{error}") from None


def on_pre_build(config) -> None:
    """Check the data before MkDocs empties the site folder: under `mkdocs serve`, a data error then
    leaves the last good pages in place (MkDocs logs the error and waits for the next change)."""
    _tree(config)


def on_files(files: Files, config) -> Files:
    tree, findings = _tree(config)  # computed in on_pre_build; cached while the data is unchanged
    for finding in findings:  # warnings are the reader's business too: shown, and the build goes on
        log.info(str(finding))
    for path in sorted(tree):
        if files.get_file_from_path(path) is not None:
            raise PluginError(f"docs/{path} is hand-written, but the generator also makes {path}; rename one")
        files.append(File.generated(config, path, content=tree[path]))
    return files
