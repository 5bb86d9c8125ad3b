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


def on_files(files: Files, config) -> Files:
    try:
        tree, findings = cached_tree(data_dir_for(config), strict=bool(os.environ.get(STRICT_ENV)))
    except DataError as error:
        # MkDocs logs a PluginError's message and aborts; `serve` keeps the last good site and waits.
        raise PluginError(f"the data has {len(error.findings)} problem(s):\n{error}") from None
    for finding in findings:  # warnings are the reader's business too: shown, and the build goes on
        log.info(str(finding))
    for path in sorted(tree):
        if files.get_file_from_path(path) is not None:
            raise PluginError(f"docs/{path} is hand-written, but the generator also makes {path}; rename one")
        files.append(File.generated(config, path, content=tree[path]))
    return files
