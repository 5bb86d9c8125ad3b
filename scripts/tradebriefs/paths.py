"""Where the project's own files are, when it runs from its repository (the CLI's defaults)."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
CONFIG_FILE = REPO_ROOT / "mkdocs.yml"
DATA_DIR = REPO_ROOT / "data"
SITE_DIR = REPO_ROOT / "site"

CACHE_ENV = "TRADEBRIEFS_CACHE"  # a folder for charts/, pages/ and records/, or "off" to compute everything every time
DEFAULT_CACHE = REPO_ROOT / ".cache"  # git-ignored; `make clean` removes it


def cache_root() -> Path | None:
    """Where caches live: $TRADEBRIEFS_CACHE, or .cache/ in the repository; None when turned off."""
    value = os.environ.get(CACHE_ENV)
    if value is None:
        return DEFAULT_CACHE
    return None if value.strip().lower() in ("", "0", "off", "no", "false") else Path(value)
