"""Every environment variable the package reads, declared once, and read once, at an entry point.

The command line (cli.py), the MkDocs plugin (under `mkdocs build` and `mkdocs serve`) and the benchmark read
the environment with `from_environ()` and hand the values down in a BuildContext (context.py); no module below
reads os.environ. `tradebriefs --help` lists these variables.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from tradebriefs.core.errors import SettingError

CACHE = "TRADEBRIEFS_CACHE"
TODAY = "TRADEBRIEFS_TODAY"
DEBUG = "TRADEBRIEFS_DEBUG"
CI = "CI"
SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"
SITE_URL = "SITE_URL"
EDITION = "TRADEBRIEFS_EDITION"
EDITIONS = "TRADEBRIEFS_EDITIONS"

# name -> what it does (the help text, and the table in handbook/architecture.md)
VARIABLES = {
    SITE_URL: "the published address, for feeds, citations, canonical links and the sitemap (read by mkdocs.yml)",
    CACHE: "the cache folder (default: .cache/ beside mkdocs.yml); `off` turns every cache off",
    TODAY: "the day a build publishes for, YYYY-MM-DD (default: today in UTC): later briefs are scheduled",
    SOURCE_DATE_EPOCH: "the build date in the sitemap, in seconds since 1970 (default: the last commit's time)",
    DEBUG: "print the traceback of an internal error",
    CI: "set by CI services: no progress counters in the logs",
    EDITION: "the edition plain `mkdocs build` and `mkdocs serve` make, e.g. ru (default: the first in mkdocs.yml)",
    EDITIONS: "build only these of mkdocs.yml's editions, e.g. en or en,ru (default: every one); for a quick "
    "look and for the tests, never for publishing: the other editions' folders are left out",
}

OFF = ("", "0", "off", "no", "false")


def for_child_process() -> dict[str, str]:
    """A copy of the environment, for a process started from a thread other than the main one. Given its own
    copy, the child never reads the process's environment, which the main thread may be changing (subprocess
    starts children with vfork on Linux: the child shares the parent's memory until it runs the program)."""
    return dict(os.environ)


@dataclass(frozen=True)
class Environment:
    """The variables as the entry point read them; None (or False) where unset."""

    cache: str | None = None
    today: str | None = None
    debug: bool = False
    ci: bool = False
    source_date_epoch: str | None = None
    edition: str | None = None
    editions: tuple[str, ...] = ()  # empty: every edition mkdocs.yml lists

    @property
    def cache_off(self) -> bool:
        return self.cache is not None and self.cache.strip().lower() in OFF

    def cache_dir(self, default: Path) -> Path | None:
        """The cache folder: $TRADEBRIEFS_CACHE, else `default` (.cache/ beside mkdocs.yml); None when off."""
        if self.cache is None:
            return default
        return None if self.cache_off else Path(self.cache)

    def publication_day(self) -> dt.date:
        """The day the site is built for: $TRADEBRIEFS_TODAY, else today in UTC."""
        if not self.today:
            return dt.datetime.now(dt.UTC).date()
        try:
            return dt.date.fromisoformat(self.today)
        except ValueError:
            raise SettingError(
                f"{TODAY}: expected a date such as 2026-11-29, got {self.today[:40]!r}"
            ) from None


def from_environ(environ: Mapping[str, str] | None = None) -> Environment:
    """The package's variables from `environ` (default: this process's): only entry points call this."""
    env = os.environ if environ is None else environ
    return Environment(
        cache=env.get(CACHE),
        today=env.get(TODAY) or None,
        debug=bool(env.get(DEBUG)),
        ci=bool(env.get(CI)),
        source_date_epoch=env.get(SOURCE_DATE_EPOCH) or None,
        edition=env.get(EDITION) or None,
        editions=tuple(x.strip() for x in (env.get(EDITIONS) or "").split(",") if x.strip()),
    )


def help_text() -> str:
    """The variables for `--help`."""
    width = max(map(len, VARIABLES))
    return "environment variables:\n" + "\n".join(
        f"  {name:<{width}}  {text}" for name, text in VARIABLES.items()
    )
