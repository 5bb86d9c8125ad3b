"""Where a site must not be built: the refusal every writer of a site asks first (build.py, the plugin).

A build replaces its output folder whole. Replacing the data, the sources, a git repository or anything a
build did not make would lose it, so such a folder is refused before anything is written.
"""

from __future__ import annotations

import os
from pathlib import Path

# What a build leaves in the site it publishes, so the next build knows the folder is its own to replace.
# A dot file: MkDocs neither copies nor cleans hidden files, and the text never changes, so two builds of
# one commit stay byte-identical.
MARKER = ".tradebriefs-build"
MARKER_TEXT = "Made by `tradebriefs build`; the next build replaces this whole folder.\n"
# Files every build of this site writes (MkDocs' sitemap, our data package, a search index): how a site
# built before the marker existed, or by a plain `mkdocs build` of this project, is recognised.
BUILD_FILES = ("sitemap.xml.gz", "data/datapackage.json")
# The search index: Pagefind's since it replaced Material's search, whose index older builds wrote.
SEARCH_INDEX_FILES = ("pagefind/pagefind-entry.json", "search/search_index.json")
# Where a site must not go. MkDocs' own rule (config_options.SiteDir / DocsDir) is the anchor: site_dir may
# not be docs_dir, contain it or be inside it. MkDocs only ever sees our staging folder, so we apply that
# rule, and the same for the data, to the real target.


def overlap_reason(site: Path, folder: Path, what: str, inside_ok: bool) -> str | None:
    """Why site must not be replaced given `folder` (all paths resolved), or None."""
    if site == folder:
        return f"it is {what}"
    if folder.is_relative_to(site):
        return f"it contains {what} {folder}"
    if not inside_ok and site.is_relative_to(folder):
        return f"it is inside {what} {folder}"
    return None


def place_reason(
    site: Path, data: Path, config_file: Path, docs: Path, home: Path | None
) -> str | None:
    """Refusals that follow from where the folder is (resolved paths, no I/O)."""
    if site == Path(site.anchor):
        return "it is a filesystem root"
    if ".git" in site.parts:
        return "it is inside a .git folder"
    protected = [
        (data, "the data folder", False),
        (config_file, "the MkDocs configuration", True),
        (docs, "the docs_dir", False),
    ]
    if home is not None:
        protected.append((home, "the home folder", True))
    for folder, what, inside_ok in protected:
        if reason := overlap_reason(site, folder, what, inside_ok):
            return reason
    return None


def made_by_a_build(folder: Path) -> bool:
    return (folder / MARKER).is_file() or (
        all((folder / name).is_file() for name in BUILD_FILES)
        and any((folder / name).is_file() for name in SEARCH_INDEX_FILES)
    )


def content_reason(site: Path) -> str | None:
    """Refusals that follow from what the folder holds: only an empty folder or a previous build may go."""
    if not os.path.lexists(site):
        return None
    if not site.is_dir():
        return "it is not a folder"
    if os.path.lexists(site / ".git"):
        return "it holds a .git repository"
    if next(site.iterdir(), None) is None or made_by_a_build(site):
        return None
    return "it is not empty and was not made by tradebriefs build"


def home_folder() -> Path | None:
    try:
        return Path.home().resolve()
    except (RuntimeError, KeyError):  # no HOME and no passwd entry
        return None


def refusal_reason(
    site_dir: Path, data_dir: Path, config_file: Path, docs_dir: Path | None = None
) -> str | None:
    """Why a build must not replace site_dir, or None. Symlinks are resolved first; docs_dir defaults to
    MkDocs' default, docs/ beside the configuration."""
    config_file = config_file.resolve()
    docs = (docs_dir or config_file.parent / "docs").resolve()
    site = site_dir.resolve()
    return place_reason(
        site, data_dir.resolve(), config_file, docs, home_folder()
    ) or content_reason(site)
