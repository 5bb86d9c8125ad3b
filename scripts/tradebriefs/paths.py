"""Where the project's own files are, when it runs from its repository (the CLI's defaults)."""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
CONFIG_FILE = REPO_ROOT / "mkdocs.yml"
DATA_DIR = REPO_ROOT / "data"
SITE_DIR = REPO_ROOT / "site"
