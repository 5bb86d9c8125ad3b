"""Which code is running: a digest of this package's modules (and templates), the "code" in every cache key."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]  # the tradebriefs package


@lru_cache(maxsize=2)
def package_digest(templates: bool = True) -> str:
    """A hash of this package's modules (and its templates): "the code" in every cache's key, so that an
    edit to either can never serve a stale entry."""
    files = [
        *PACKAGE.rglob("*.py"),
        *((PACKAGE / "render" / "templates").rglob("*") if templates else ()),
    ]
    digest = hashlib.sha256()
    for path in sorted(p for p in files if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()
