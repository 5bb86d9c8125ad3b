"""The one store of everything a build derives and may keep for the next: one writer, one check on every read,
one clean-up, one rule for a store that cannot be written.

An entry is an action's output under its key (keys.py: what it is, the code that makes it, its inputs), with
the digest of its content. Outputs are kept inside `store.sqlite` by their digest, or, for the files a site
generator copies (charts, cards), as `files/<key>` beside it, so that a page can name a chart's file before
a worker has drawn it. Every read checks the bytes against the digest: an entry damaged on disk (truncated,
edited by hand) is dropped and made again, never handed on. Nothing is trusted by a file's size or time.

A build opens the store once (BuildContext.store) and every stage asks it; what the build did not use is
deleted when it finishes (`finish()`), so the store holds one site, not every version of it. A store that
cannot be opened or written (a read-only disk, another build holding it) turns itself off with one note:
the build goes on, making everything.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

log = logging.getLogger("tradebriefs.store")

FORMAT = "1"  # bump when the layout changes: an older store is emptied


def content_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Store:
    """The store in `folder` (None: off). Not shared between processes: a worker process writes object files
    with `write_object` and the build records them with `record`."""

    def __init__(self, folder: Path | None, note: Callable[[str], None] | None = None):
        self.folder = folder
        self.db: sqlite3.Connection | None = None
        self.note = note or log.warning
        self.kinds: set[str] = set()  # the kinds this build asked for: only theirs are cleaned up
        if folder is None:
            return
        try:
            (folder / "files").mkdir(parents=True, exist_ok=True)
            # Another build holding the store (a preview beside `make site`) makes this one build without it.
            self.db = sqlite3.connect(
                folder / "store.sqlite", timeout=2, isolation_level="DEFERRED"
            )
            self.db.executescript(
                """
                CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT);
                CREATE TABLE IF NOT EXISTS actions (
                    kind TEXT, key TEXT, digest TEXT NOT NULL, used INTEGER NOT NULL,
                    PRIMARY KEY (kind, key));
                CREATE TABLE IF NOT EXISTS blobs (digest TEXT PRIMARY KEY, data BLOB NOT NULL);
                """
            )
            row = self.db.execute("SELECT value FROM meta WHERE name = 'format'").fetchone()
            if row is None or row[0] != FORMAT:
                self.db.executescript("DELETE FROM actions; DELETE FROM blobs;")
                self.db.execute("INSERT OR REPLACE INTO meta VALUES ('format', ?)", (FORMAT,))
        except (OSError, sqlite3.Error) as error:
            self._off(f"cannot open the cache in {folder}: {error}")

    @property
    def on(self) -> bool:
        return self.db is not None

    def _off(self, why: str) -> None:
        if self.db is not None:
            try:
                self.db.rollback()
                self.db.close()
            except sqlite3.Error:
                pass
        if self.folder is not None:
            self.note(f"{why}; building without it")
        self.db, self.folder = None, None

    def file_path(self, key: str) -> Path:
        return file_path(self.folder, key)

    # Reading: every read checks the digest.

    def _lookup(self, kind: str, key: str) -> str | None:
        self.kinds.add(kind)
        if self.db is None:
            return None
        try:
            row = self.db.execute(
                "SELECT digest FROM actions WHERE kind = ? AND key = ?", (kind, key)
            ).fetchone()
        except sqlite3.Error as error:
            self._off(f"cannot read the cache: {error}")
            return None
        return row[0] if row else None

    def _drop(self, kind: str, key: str) -> None:
        try:
            self.db.execute("DELETE FROM actions WHERE kind = ? AND key = ?", (kind, key))
        except sqlite3.Error as error:
            self._off(f"cannot write the cache: {error}")

    def _used(self, kind: str, key: str) -> None:
        try:
            self.db.execute("UPDATE actions SET used = 1 WHERE kind = ? AND key = ?", (kind, key))
        except sqlite3.Error as error:
            self._off(f"cannot write the cache: {error}")

    def get(self, kind: str, key: str) -> bytes | None:
        """The output kept under `key`, its bytes checked; None when there is none (or it was damaged)."""
        digest = self._lookup(kind, key)
        if digest is None:
            return None
        data = self._read(digest)
        if data is None or content_digest(data) != digest:
            self._drop(kind, key)  # damaged or gone: made again, never handed on
            return None
        self._used(kind, key)
        return data

    def _read(self, digest: str) -> bytes | None:
        try:
            row = self.db.execute("SELECT data FROM blobs WHERE digest = ?", (digest,)).fetchone()
        except sqlite3.Error:
            row = None
        if row is not None:
            return bytes(row[0])
        return None

    def file(self, kind: str, key: str) -> Path | None:
        """The file holding the output kept under `key`, its bytes checked; None when there is none."""
        digest = self._lookup(kind, key)
        if digest is None:
            return None
        path = self.file_path(key)
        try:
            ok = content_digest(path.read_bytes()) == digest
        except OSError:
            ok = False
        if not ok:
            path.unlink(missing_ok=True)
            self._drop(kind, key)
            return None
        self._used(kind, key)
        return path

    def keep(self, kind: str, key: str) -> None:
        """An entry this build did not read but uses all the same (a page reused whole from the last site)."""
        self.kinds.add(kind)
        if self.db is not None and self._lookup(kind, key) is not None:
            try:
                self.db.execute(
                    "UPDATE actions SET used = 1 WHERE kind = ? AND key = ?", (kind, key)
                )
            except sqlite3.Error as error:
                self._off(f"cannot write the cache: {error}")

    # Writing: the one writer.

    def put(self, kind: str, key: str, data: bytes, as_file: bool = False) -> Path | None:
        """Keep `data` as the output under `key`; with `as_file` as the file files/<key>, whose path is
        returned. A store that cannot be written turns off (one note) and keeps nothing."""
        self.kinds.add(kind)
        if self.db is None:
            return None
        digest = content_digest(data)
        try:
            if as_file:
                path = write_file(self.folder, key, data)
            else:
                path = None
                self.db.execute("INSERT OR IGNORE INTO blobs VALUES (?, ?)", (digest, data))
            self.db.execute(
                "INSERT OR REPLACE INTO actions VALUES (?, ?, ?, 1)", (kind, key, digest)
            )
        except (OSError, sqlite3.Error) as error:
            self._off(f"cannot write the cache: {error}")
            return None
        return path

    def record(self, kind: str, key: str, digest: str) -> None:
        """A file a worker process wrote (write_file), kept as the output under `key`."""
        self.kinds.add(kind)
        if self.db is None:
            return
        try:
            self.db.execute(
                "INSERT OR REPLACE INTO actions VALUES (?, ?, ?, 1)", (kind, key, digest)
            )
        except sqlite3.Error as error:
            self._off(f"cannot write the cache: {error}")

    # The one clean-up, when a build has finished.

    def commit(self) -> None:
        """Commit what this build wrote and marked as used so far, and delete nothing: its outputs are made
        and right whatever follows, and the clean-up may be another process's (`tradebriefs build` writes the
        site in a process of its own and publishes it in another, publish/apart.py). A build that fails after
        this leaves what it kept, each entry verified by its digest when read, as any entry is; its marks of
        use last until the next finish()."""
        if self.db is None:
            return
        try:
            self.db.commit()
        except sqlite3.Error as error:
            self._off(f"cannot write the cache: {error}")

    def finish(self, kinds: Iterable[str] = ()) -> None:
        """Keep what this build used of the kinds it asked for (and `kinds`: those another process of the
        same build asked for), and nothing else of them; delete the outputs no entry names any more. Called
        only when the build succeeded."""
        if self.db is None:
            return
        try:
            self.db.executemany(
                "DELETE FROM actions WHERE kind = ? AND used = 0",
                [(k,) for k in sorted(self.kinds | set(kinds))],
            )
            self.db.execute("DELETE FROM blobs WHERE digest NOT IN (SELECT digest FROM actions)")
            named = {row[0] for row in self.db.execute("SELECT key FROM actions")}
            self.db.execute("UPDATE actions SET used = 0")
            self.db.commit()
        except sqlite3.Error as error:
            self._off(f"cannot write the cache: {error}")
            return
        for path in (self.folder / "files").glob("*/*"):
            if path.name not in named:  # also what a killed worker left half-written (.tmp-*)
                path.unlink(missing_ok=True)
        self.close()

    def close(self) -> None:
        """Without finish(): what this build added is dropped (a failed build keeps the last good store)."""
        if self.db is not None:
            self.db.close()
            self.db = None


def file_path(folder: Path, key: str) -> Path:
    # One Path made from a joined string: a build asks for tens of thousands of these.
    return Path(os.path.join(folder, "files", key[:2], key))


def write_file(folder: Path, key: str, data: bytes) -> Path:
    """Write `data` as files/<key> in the store at `folder`, atomically (a reader never sees half a file);
    any process may call it (a worker drawing charts). Returns the path."""
    path = file_path(folder, key)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
