"""Where the project's own files are, when it runs from its repository (the CLI's defaults)."""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
CONFIG_FILE = REPO_ROOT / "mkdocs.yml"
DATA_DIR = REPO_ROOT / "data"
SITE_DIR = REPO_ROOT / "site"

CACHE_ENV = "TRADEBRIEFS_CACHE"  # a folder for charts/, pages/ and records/, or "off" to compute everything every time
DEFAULT_CACHE = REPO_ROOT / ".cache"  # git-ignored; `make clean` removes it
PACKAGE = Path(__file__).resolve().parent


@lru_cache(maxsize=2)
def package_digest(templates: bool = True) -> str:
    """A hash of this package's modules (and its templates): "the code" in every cache's key, so that an
    edit to either can never serve a stale entry."""
    files = [*PACKAGE.glob("*.py"), *((PACKAGE / "templates").rglob("*") if templates else ())]
    digest = hashlib.sha256()
    for path in sorted(p for p in files if p.is_file()):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def cache_root() -> Path | None:
    """Where caches live: $TRADEBRIEFS_CACHE, or .cache/ in the repository; None when turned off."""
    value = os.environ.get(CACHE_ENV)
    if value is None:
        return DEFAULT_CACHE
    return None if value.strip().lower() in ("", "0", "off", "no", "false") else Path(value)
