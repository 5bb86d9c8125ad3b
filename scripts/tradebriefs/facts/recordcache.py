"""The record cache: each data file read and validated once, kept on disk between builds.

Reading YAML with the place of every node, then validating it against the JSON Schema and the models, is
most of load+check (about four fifths at 300 briefs), and a function of the file's bytes, the name its
messages give it and the code alone. So a file whose bytes did not change is read back from
.cache/records/ (pickles, like the page cache) with its findings; cross-file references, derived figures
and the checks always run over every record. The key covers this package's source (every module, hashed)
and the versions of the libraries that parse and validate; entries a load did not use are deleted after it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import platform
import tempfile
from collections.abc import Callable
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from tradebriefs.core.code import package_digest
from tradebriefs.core.context import RecordCounts
from tradebriefs.facts.load import MAX_FILE_BYTES, read_document

CACHE_FORMAT = "1"  # bump when an entry's layout changes
VERSIONED = ("PyYAML", "jsonschema", "pycountry", "Babel")


@lru_cache(maxsize=1)
def code_version() -> str:
    digest = hashlib.sha256(f"{CACHE_FORMAT}\0{platform.python_version()}".encode())
    for name in VERSIONED:
        digest.update(f"\0{name}={metadata.version(name)}".encode())
    digest.update(f"\0{package_digest(templates=False)}".encode())
    return digest.hexdigest()


class RecordCache:
    """Pickles named by key, written atomically; `used` remembers what this load read or wrote."""

    def __init__(self, folder: Path | None = None, counts: RecordCounts | None = None):
        self.folder, self.used = folder, set()
        self.counts = counts if counts is not None else RecordCounts()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.pickle"

    def load(self, file: Path, shown_as: str, kind: str, validate: Callable):
        """(document, read findings, validate(document) or None): read back when the file's bytes are known."""
        key = None
        if self.folder is not None:
            try:
                with open(file, "rb") as stream:
                    raw = stream.read(MAX_FILE_BYTES + 1)
            except OSError:
                raw = None  # read_document says why, with its place
            if raw is not None and len(raw) <= MAX_FILE_BYTES:
                key = hashlib.sha256(
                    f"{code_version()}\0{kind}\0{shown_as}\0".encode() + raw
                ).hexdigest()
                try:
                    kept = pickle.loads(self._path(key).read_bytes())
                except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
                    kept = None
                if kept is not None:
                    self.used.add(self._path(key))
                    self.counts.reused += 1
                    return kept
        doc, errors = read_document(file, shown_as)
        result = (doc, errors, validate(doc) if doc is not None else None)
        self.counts.read += 1
        if key is not None:
            self._put(key, result)
        return result

    def _put(self, key: str, value) -> None:
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(fd, "wb") as out:
                pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except OSError:
            return  # a cache that cannot be written only costs time
        self.used.add(path)

    def prune(self) -> None:
        """Delete entries this load did not use: the cache keeps one data set, not every version of it."""
        if self.folder is None or not self.folder.is_dir():
            return
        for path in self.folder.glob("*/*.pickle"):
            if path not in self.used:
                path.unlink(missing_ok=True)
