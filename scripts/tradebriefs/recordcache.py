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
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from .load import MAX_FILE_BYTES, read_document
from .paths import cache_root, package_digest

CACHE_FORMAT = "1"  # bump when an entry's layout changes
VERSIONED = ("PyYAML", "jsonschema", "pycountry", "Babel")


@dataclass
class RecordRun:
    """What the last load did: data files read back from the cache, and read and validated."""

    reused: int = 0
    read: int = 0


last_run = RecordRun()  # for the CI summary; like chartcache.last_run


@lru_cache(maxsize=1)
def code_version() -> str:
    digest = hashlib.sha256(f"{CACHE_FORMAT}\0{platform.python_version()}".encode())
    for name in VERSIONED:
        digest.update(f"\0{name}={metadata.version(name)}".encode())
    digest.update(f"\0{package_digest(templates=False)}".encode())
    return digest.hexdigest()


class RecordCache:
    """Pickles named by key, written atomically; `used` remembers what this load read or wrote."""

    def __init__(self, folder: Path | None):
        self.folder, self.used = folder, set()
        self.read_back = self.read = 0

    @classmethod
    def default(cls) -> RecordCache:
        root = cache_root()
        return cls(root / "records" if root else None)

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
                    self.read_back += 1
                    return kept
        doc, errors = read_document(file, shown_as)
        result = (doc, errors, validate(doc) if doc is not None else None)
        self.read += 1
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
        last_run.reused, last_run.read = self.read_back, self.read
        if self.folder is None or not self.folder.is_dir():
            return
        for path in self.folder.glob("*/*.pickle"):
            if path not in self.used:
                path.unlink(missing_ok=True)
