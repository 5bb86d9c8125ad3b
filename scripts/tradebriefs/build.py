"""Build: the only code that decides output paths and writes them.

The site is built into a temporary folder beside the target and swapped in only when everything
passed, so a failed build leaves the previous site byte for byte as it was.
"""
from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Callable

REPO_ROOT = Path(__file__).resolve().parents[2]
CONFIG_FILE = REPO_ROOT / "mkdocs.yml"
# The reproducible-builds convention (reproducible-builds.org): MkDocs takes the build date from it for
# sitemap.xml's <lastmod> and the gzip header of sitemap.xml.gz; unset, every build would differ.
SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"
PROGRESS_MIN_ITEMS = 50  # fewer than this is over before a counter would help
PROGRESS_INTERVAL_S = 0.25


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


def last_commit_time(data_dir: Path) -> str | None:
    """Seconds since 1970 of the last commit of the data's repository, else of this code's; None without git."""
    for folder in (data_dir, REPO_ROOT):
        try:
            done = subprocess.run(["git", "-C", str(folder), "log", "-1", "--format=%ct"],
                                  capture_output=True, text=True, timeout=30)
        except (OSError, subprocess.SubprocessError):
            return None
        if done.returncode == 0 and done.stdout.strip().isdigit():
            return done.stdout.strip()
    return None


def build_date_env(data_dir: Path):
    """SOURCE_DATE_EPOCH as given, or the last commit's time: two builds of one commit give the same bytes."""
    if os.environ.get(SOURCE_DATE_EPOCH):
        return nullcontext()
    epoch = last_commit_time(data_dir)
    return _env(SOURCE_DATE_EPOCH, epoch) if epoch else nullcontext()


def run_mkdocs(data_dir: Path, out_dir: Path, config_file: Path = CONFIG_FILE, strict: bool = False) -> None:
    """`mkdocs build --strict` in this process, into out_dir (raises mkdocs' Abort on any warning)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from .mkdocs_hook import DATA_ENV, STRICT_ENV

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    with _env(DATA_ENV, str(data_dir.resolve())), _env(STRICT_ENV, "1" if strict else ""), build_date_env(data_dir):
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


def terminal_progress(label: str, stream=None) -> Callable[[int, int], None] | None:
    """A counter on one line of a terminal for long work; None (silence) in CI logs or when stderr is a file."""
    stream = stream or sys.stderr
    if os.environ.get("CI") or not stream.isatty():
        return None
    shown = {"at": 0.0}

    def show(done: int, total: int) -> None:
        now = time.monotonic()
        if total < PROGRESS_MIN_ITEMS or (done < total and now - shown["at"] < PROGRESS_INTERVAL_S):
            return
        shown["at"] = now
        stream.write(f"\r{label}: {done}/{total}" + ("\n" if done == total else ""))
        stream.flush()

    return show
