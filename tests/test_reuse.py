"""A rebuild links the previous site's unchanged files instead of making them again (reuse.py), and the site
it makes is byte for byte the one a build from nothing makes. A file is known to be reused when it keeps its
inode: a file made by the new build is a new file, created while the old site's files still exist."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import pytest

from conftest import REPO, project_config, run_cli
from tradebriefs.core.store import Store
from tradebriefs.publish import reuse
from tradebriefs.publish.build import load_mkdocs_config

pytestmark = pytest.mark.slow

BRIEF_PAGE = "briefs/2024-10-28-russia-china-trade-drivers/index.html"
UNCHANGED = ("about/index.html", "sources/index.html", "javascripts/search.js")


def snapshot(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def inodes(folder: Path) -> dict[str, int]:
    return {
        p.relative_to(folder).as_posix(): p.stat().st_ino
        for p in folder.rglob("*")
        if p.is_file() and not p.relative_to(folder).as_posix().startswith("pagefind/")
    }


def build(data: Path, site: Path, *extra: str, env: dict | None = None) -> str:
    summary = site.parent / f"{site.name}-summary.md"
    summary.unlink(missing_ok=True)
    result = run_cli(
        "build",
        "--data",
        str(data),
        "--site",
        str(site),
        "--summary",
        str(summary),
        *extra,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    return summary.read_text(encoding="utf-8")


def reuse_row(summary: str) -> tuple[int, int]:
    found = re.search(
        r"^\| site files \(from the previous site\) \| ([\d,]+) \| ([\d,]+) \|", summary, re.M
    )
    assert found, summary
    return int(found[1].replace(",", "")), int(found[2].replace(",", ""))


def from_nothing(data: Path, site: Path, *extra: str) -> dict[str, str]:
    """The same site built with every cache off: nothing to reuse."""
    build(data, site, *extra, env={"TRADEBRIEFS_CACHE": "off"})
    return snapshot(site)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, path
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_rebuild_makes_only_what_changed_and_equals_a_build_from_nothing(data_copy, tmp_path):
    site = tmp_path / "site"
    build(data_copy, site)
    before = inodes(site)
    edit(next((data_copy / "briefs").glob("*.yaml")), "Moscow's trade envoy", "the trade envoy")
    reused, made = reuse_row(build(data_copy, site))
    after = inodes(site)
    assert "the trade envoy" in (site / BRIEF_PAGE).read_text(encoding="utf-8")
    assert after[BRIEF_PAGE] != before[BRIEF_PAGE], "the edited brief was not made again"
    for path in UNCHANGED:
        assert after[path] == before[path], f"{path} was made again, not reused"
    kept = sum(1 for path, ino in after.items() if before.get(path) == ino)
    assert reused == kept and made >= 1
    assert made < reused / 4, f"{made} files made for one edited sentence ({reused} reused)"
    assert snapshot(site) == from_nothing(data_copy, tmp_path / "fresh")


def test_nothing_changed_makes_no_file(data_copy, tmp_path):
    """The inputs are the last build's (publish/uptodate.py): nothing is checked, rendered or written."""
    site = tmp_path / "site"
    build(data_copy, site)
    before, files = snapshot(site), inodes(site)
    assert reuse_row(build(data_copy, site)) == (0, 0)
    assert snapshot(site) == before and inodes(site) == files


def test_an_input_that_changes_no_file_rebuilds_by_linking_every_file(data_copy, tmp_path):
    """Another publication day with nothing scheduled: the build runs, and every file is the previous one."""
    site = tmp_path / "site"
    build(data_copy, site)
    before = snapshot(site)
    reused, made = reuse_row(build(data_copy, site, env={"TRADEBRIEFS_TODAY": "2099-01-01"}))
    assert made == 0 and reused > 50
    assert snapshot(site) == before


def test_a_file_edited_in_the_site_by_hand_is_made_again(data_copy, tmp_path):
    site = tmp_path / "site"
    build(data_copy, site)
    before = snapshot(site)
    with (site / "about/index.html").open("a", encoding="utf-8") as out:
        out.write("<!-- edited by hand -->\n")
    _, made = reuse_row(build(data_copy, site))
    assert made == 1
    assert snapshot(site) == before


def test_a_change_of_settings_renders_every_page_and_reuses_the_other_files(data_copy, tmp_path):
    site = tmp_path / "site"
    config = project_config(tmp_path, data_copy)
    build(data_copy, site, "--config", str(config))
    before = inodes(site)
    renamed = tmp_path / "renamed"
    renamed.mkdir()
    config = project_config(renamed, data_copy, site_name="Trade Briefs Weekly")
    build(data_copy, site, "--config", str(config))
    after = inodes(site)
    pages = [p for p in after if p.endswith(".html")]
    assert pages and all(after[p] != before.get(p) for p in pages), "a page kept the old site name"
    assert after["javascripts/search.js"] == before["javascripts/search.js"]
    svgs = [p for p in after if p.endswith(".svg")]
    assert svgs and all(after[p] == before[p] for p in svgs), "an unchanged chart was made again"
    assert "Trade Briefs Weekly" in (site / "about/index.html").read_text(encoding="utf-8")
    assert snapshot(site) == from_nothing(data_copy, tmp_path / "fresh", "--config", str(config))


def test_a_page_is_not_reused_once_a_page_it_links_to_is_gone(tmp_path):
    """The page cache's rule, kept by the manifest: a page's HTML holds while every link it made finds the
    same file. Here the target is gone, so the page is converted again (and MkDocs reports the link)."""
    from mkdocs.structure.files import File, Files

    config = load_mkdocs_config(REPO / "mkdocs.yml", tmp_path / "new")
    config.plugins._current_plugin = "tradebriefs"  # as while the plugin makes its files
    previous = tmp_path / "old"
    (previous / "a").mkdir(parents=True)
    (previous / "a/index.html").write_text("<p>A links to B</p>\n", encoding="utf-8")
    page = File.generated(config, "a.md", content="[B](b.md)\n")
    target = File.generated(config, "b.md", content="# B\n")
    key = reuse.site_key(config)
    digest = reuse.file_digest(previous / "a/index.html")
    facts = reuse.PageFacts("A", ("a",), {}, {"b.md": "b/"}, cached="0" * 64)
    old = {"a/index.html": reuse.Entry(reuse.identity(page, key), digest, facts)}

    with_target = reuse.Reuse(previous, old)
    with_target.decide(Files([page, target]), config)
    assert with_target.reused == {"a/index.html"} and not page.is_modified()

    page = File.generated(config, "a.md", content="[B](b.md)\n")
    without = reuse.Reuse(previous, old)
    without.decide(Files([page]), config)
    assert without.reused == set() and page.is_modified()


def test_an_unreadable_manifest_reuses_nothing(tmp_path):
    site = tmp_path / "site"
    assert reuse.load_manifest(Store(tmp_path / "empty"), site) == {}  # none kept yet
    assert reuse.load_manifest(None, site) == {}  # no store
    for text in ("", "{", '{"a": [1]}', "[]", '{"a": [1, 2, 3, 4]}'):
        store = Store(tmp_path / "store")
        store.put(reuse.KIND, reuse.manifest_key(site), text.encode())
        assert reuse.load_manifest(store, site) == {}, text
        store.close()


def test_a_site_file_is_reused_only_while_its_bytes_are_those_recorded(tmp_path):
    """Nothing is trusted by size and time: the same size and modification time, other bytes (an edit that
    `cp -p`, rsync or tar would keep the time of), and the file is made again."""
    old = tmp_path / "old.csv"
    old.write_text("figure,240.11\n", encoding="utf-8")
    entry = reuse.Entry("identity", reuse.file_digest(old), None)
    assert reuse.still_there(entry, old)
    stat = old.stat()
    old.write_text("figure,999.99\n", encoding="utf-8")  # same size
    os.utime(old, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # the time restored
    assert old.stat().st_size == stat.st_size and old.stat().st_mtime_ns == stat.st_mtime_ns
    assert not reuse.still_there(entry, old)
