"""Where a site must not be built: a folder a build did not make is refused, whatever of a build's files it
holds beside the user's own."""

from __future__ import annotations

from pathlib import Path

import pytest

from tradebriefs.publish.guard import (
    BUILD_FILES,
    MARKER,
    SEARCH_INDEX_FILES,
    content_reason,
    made_by_a_build,
    overlap_reason,
    refusal_reason,
)

NOT_OURS = "it is not empty and was not made by tradebriefs build"


def folder_with(root: Path, *names: str) -> Path:
    """A folder holding the named files and a file of the user's own."""
    folder = root / "site"
    for name in (*names, "notes.txt"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text("{}")
    return folder


def test_the_build_files_and_search_indexes_are_those_a_build_writes():
    """MkDocs' sitemap and our data package; Pagefind's index or, before it, Material's."""
    assert BUILD_FILES == ("sitemap.xml.gz", "data/datapackage.json")
    assert SEARCH_INDEX_FILES == ("pagefind/pagefind-entry.json", "search/search_index.json")


@pytest.mark.parametrize(
    "names",
    [
        ("sitemap.xml.gz", "pagefind/pagefind-entry.json"),  # no data package
        ("data/datapackage.json", "search/search_index.json"),  # no sitemap
        ("sitemap.xml.gz", "data/datapackage.json"),  # no search index
        ("sitemap.xml.gz",),
        ("pagefind/pagefind-entry.json", "search/search_index.json"),
    ],
)
def test_a_folder_with_only_some_of_a_build_s_files_is_refused(tmp_path, names):
    """Every build file and one search index, or the marker: some of them beside a user's file is not enough."""
    folder = folder_with(tmp_path, *names)
    assert not made_by_a_build(folder)
    assert content_reason(folder) == NOT_OURS


@pytest.mark.parametrize("index", SEARCH_INDEX_FILES)
def test_a_folder_with_every_build_file_and_a_search_index_was_made_by_a_build(tmp_path, index):
    """A site built before the marker existed, or by a plain `mkdocs build`, may be replaced."""
    folder = folder_with(tmp_path, *BUILD_FILES, index)
    assert made_by_a_build(folder)
    assert content_reason(folder) is None


def test_the_marker_alone_says_a_build_made_the_folder(tmp_path):
    """The marker file is enough; a folder named like it is not."""
    assert content_reason(folder_with(tmp_path, MARKER)) is None
    other = tmp_path / "other"
    (other / MARKER).mkdir(parents=True)
    (other / "notes.txt").write_text("mine")
    assert content_reason(other) == NOT_OURS


def test_build_files_that_are_folders_do_not_count(tmp_path):
    """A folder named sitemap.xml.gz is no sitemap."""
    folder = folder_with(tmp_path, "data/datapackage.json", "pagefind/pagefind-entry.json")
    (folder / "sitemap.xml.gz").mkdir()
    assert content_reason(folder) == NOT_OURS


def test_a_missing_or_empty_folder_may_be_built_into(tmp_path):
    """Nothing to lose: no folder yet, or an empty one."""
    assert content_reason(tmp_path / "new") is None
    (tmp_path / "empty").mkdir()
    assert content_reason(tmp_path / "empty") is None


def test_a_site_that_is_a_broken_symlink_is_refused(tmp_path):
    """A dangling link is something, and not a folder."""
    (tmp_path / "link").symlink_to(tmp_path / "nowhere")
    assert content_reason(tmp_path / "link") == "it is not a folder"


def test_a_git_repository_is_refused_even_with_a_marker(tmp_path):
    """A .git folder is never a build's, marker or not."""
    folder = folder_with(tmp_path, MARKER)
    (folder / ".git").mkdir()
    assert content_reason(folder) == "it holds a .git repository"


@pytest.mark.parametrize(
    "site, folder, inside_ok, reason",
    [
        ("/a/b", "/a/b", False, "it is the data folder"),
        ("/a", "/a/b", False, "it contains the data folder /a/b"),
        ("/a/b/c", "/a/b", False, "it is inside the data folder /a/b"),
        ("/a/b/c", "/a/b", True, None),
        ("/a/bc", "/a/b", False, None),  # a sibling whose name starts the same
        ("/a/c", "/a/b", False, None),
    ],
)
def test_a_site_must_not_be_or_contain_or_sit_inside_a_protected_folder(
    site, folder, inside_ok, reason
):
    """MkDocs' rule for site_dir against docs_dir, applied to the data and the configuration too."""
    assert overlap_reason(Path(site), Path(folder), "the data folder", inside_ok) == reason


@pytest.mark.parametrize(
    "site, reason",
    [
        ("data", "it is the data folder"),
        ("data/site", "it is inside the data folder {tmp}/data"),
        ("", "it contains the data folder {tmp}/data"),
        ("home/project/site", None),  # inside the home folder, like any project
        ("mkdocs.yml", "it is the MkDocs configuration"),
        ("out", None),
    ],
)
def test_a_site_may_not_overlap_the_data_but_may_sit_inside_the_home_folder(
    tmp_path, monkeypatch, site, reason
):
    """The data folder is protected from all sides; the home folder and the configuration's folder
    only from being replaced whole."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    got = refusal_reason(tmp_path / site, tmp_path / "data", tmp_path / "mkdocs.yml")
    assert got == (reason.format(tmp=tmp_path.resolve()) if reason else None)
