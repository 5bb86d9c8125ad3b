"""The render memo: text the generator made, kept on disk between builds under a hash of what it is made of.

A page's Markdown is a pure function of its template, its path and its view (views/); a brief's body
HTML of its Markdown and the citations it may link. Making either again costs Jinja or Python-Markdown
time on every page of every build, though a one-figure change alters a handful of them. So they are kept
in .cache/memo.sqlite, keyed by a hash of this package's code and templates, the versions of the libraries that
render, and the inputs themselves (a view is hashed as its pickle, which holds every value in it). An
input that cannot be pickled is simply made, every time. Entries a build did not use are deleted after it.

Only `tradebriefs build` and the preview open a memo (`with opened(folder, counts) as memo:`) and hand it to
the renderers; their default, NO_MEMO, makes everything, as in the tests of the renderers.
"""

from __future__ import annotations

import hashlib
import pickle
import platform
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from tradebriefs.core.code import package_digest
from tradebriefs.core.context import TextCounts

FORMAT = "1"  # bump when an entry's layout changes
VERSIONED = ("Jinja2", "MarkupSafe", "Markdown", "nh3", "Babel")


@lru_cache(maxsize=1)
def code_version() -> str:
    digest = hashlib.sha256(f"{FORMAT}\0{platform.python_version()}".encode())
    for name in VERSIONED:
        digest.update(f"\0{name}={metadata.version(name)}".encode())
    digest.update(f"\0{package_digest()}".encode())
    return digest.hexdigest()


class Memo:
    """One SQLite file: a cold build adds thousands of entries, one transaction rather than a file each."""

    def __init__(self, path: Path | None, counts: TextCounts | None = None):
        self.run = counts if counts is not None else TextCounts()
        self.db: sqlite3.Connection | None = None
        if path is None:
            return  # no memo: every text is made
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Another build holding the memo (a preview beside `make site`) makes this one render without it.
            self.db = sqlite3.connect(path, timeout=2, isolation_level="DEFERRED")
            self.db.execute(
                "CREATE TABLE IF NOT EXISTS memo (key TEXT PRIMARY KEY, text TEXT NOT NULL, used INTEGER)"
            )
            self.db.execute("UPDATE memo SET used = 0")
        except (OSError, sqlite3.Error):
            self.close()  # a cache that cannot be opened only costs time

    def text(self, kind: str, inputs: tuple, make: Callable[[], str]) -> str:
        if self.db is None:
            return make()
        try:
            raw = pickle.dumps(inputs, protocol=5)
        except (pickle.PicklingError, TypeError, AttributeError):
            return make()
        key = hashlib.sha256(f"{code_version()}\0{kind}\0".encode() + raw).hexdigest()
        try:
            row = self.db.execute("SELECT text FROM memo WHERE key = ?", (key,)).fetchone()
            if row is not None:
                self.db.execute("UPDATE memo SET used = 1 WHERE key = ?", (key,))
                self.run.reused += 1
                return row[0]
            made = make()
            self.db.execute("INSERT OR REPLACE INTO memo VALUES (?, ?, 1)", (key, made))
        except sqlite3.Error:
            self.close()
            return make()
        self.run.made += 1
        return made

    def finish(self) -> None:
        """Keep what this build used, and only that: the memo holds one site, not every version of it."""
        if self.db is not None:
            try:
                self.db.execute("DELETE FROM memo WHERE used = 0")
                self.db.commit()
            except sqlite3.Error:
                pass
        self.close()

    def close(self) -> None:
        if self.db is not None:
            self.db.close()  # without commit: what this build added is dropped
            self.db = None


NO_MEMO = Memo(None)  # makes every text: the renderers' default


@contextmanager
def opened(path: Path | None, counts: TextCounts) -> Iterator[Memo]:
    """A memo in the file `path` (None: none) for one build; unused entries are pruned at a clean exit."""
    memo = Memo(path, counts)
    try:
        yield memo
        memo.finish()
    finally:
        memo.close()
