"""Build: the only code that decides output paths and writes them.

The site is built into a temporary folder beside the target and swapped in only when everything
passed, so a failed build leaves the previous site byte for byte as it was.
"""
from __future__ import annotations

import logging
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
CONFIG_FILE = REPO_ROOT / "mkdocs.yml"


@contextmanager
def _env(name: str, value: str):
    old = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = old


def run_mkdocs(data_dir: Path, out_dir: Path, config_file: Path = CONFIG_FILE, strict: bool = False) -> None:
    """`mkdocs build --strict` in this process, into out_dir (raises mkdocs' Abort on any warning)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from .mkdocs_hook import DATA_ENV, STRICT_ENV

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    with _env(DATA_ENV, str(data_dir.resolve())), _env(STRICT_ENV, "1" if strict else ""):
        config = load_config(config_file=str(config_file), site_dir=str(out_dir), strict=True)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()


def swap_in(new_dir: Path, site_dir: Path) -> None:
    """Replace site_dir by new_dir with two renames: the old site is gone only once the new one is in place."""
    old = None
    if site_dir.exists():
        old = Path(tempfile.mkdtemp(prefix=".site-old-", dir=site_dir.parent))
        os.rename(site_dir, old / "site")
    os.rename(new_dir, site_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def build_site(data_dir: Path, site_dir: Path, config_file: Path = CONFIG_FILE, strict: bool = False) -> None:
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-new-", dir=site_dir.parent))
    try:
        run_mkdocs(data_dir, staging, config_file, strict)
        swap_in(staging, site_dir)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def show_mkdocs_log(verbose: bool) -> None:
    """MkDocs logs through `logging`; outside its own CLI nobody prints them, so we do."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO if verbose else logging.WARNING)
    logger.propagate = False
