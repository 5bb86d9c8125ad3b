"""The record cache: each data file read and validated once, kept in the build's store between builds.

Reading YAML with the place of every node, then validating it against the JSON Schema and the models, is
most of load+check (about four fifths at 300 briefs), and a function of the file's bytes, the name its
messages give it and the code alone. So a file whose bytes did not change is read back from the store
(core/store.py) with its findings; cross-file references, derived figures and the checks always run over
every record. The key (core/keys.py) covers the file's bytes, its name and kind, the source of the modules
validation imports, directly or not, and the versions of the libraries that parse and validate.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from pathlib import Path

from tradebriefs.core import keys
from tradebriefs.core.context import RecordCounts
from tradebriefs.core.store import Store
from tradebriefs.facts.load import MAX_FILE_BYTES, read_document

KIND = "record"  # the store's name for these outputs
MAKER = ("tradebriefs.facts.validate", ("PyYAML", "jsonschema", "pycountry", "Babel"))


def salt() -> str:
    return keys.code_salt(*MAKER)


class RecordCache:
    """Validated files read back from `store` (None: none), or read, validated and kept there."""

    def __init__(self, store: Store | None = None, counts: RecordCounts | None = None):
        self.store = store if store is not None else Store(None)
        self.counts = counts if counts is not None else RecordCounts()

    def load(self, file: Path, shown_as: str, kind: str, validate: Callable):
        """(document, read findings, validate(document) or None): read back when the file's bytes are known."""
        key = None
        if self.store.on:
            try:
                with open(file, "rb") as stream:
                    raw = stream.read(MAX_FILE_BYTES + 1)
            except OSError:
                raw = None  # read_document says why, with its place
            if raw is not None and len(raw) <= MAX_FILE_BYTES:
                key = keys.key(KIND, salt(), (kind, shown_as, raw))
                kept = self.store.get(KIND, key)
                if kept is not None:
                    try:
                        result = pickle.loads(kept)  # its bytes were checked against their digest
                    except (EOFError, pickle.UnpicklingError, AttributeError, ImportError):
                        result = None
                    if result is not None:
                        self.counts.reused += 1
                        return result
        doc, errors = read_document(file, shown_as)
        result = (doc, errors, validate(doc) if doc is not None else None)
        self.counts.read += 1
        if key is not None:
            self.store.put(KIND, key, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        return result
