"""The search index's own code: Pagefind's filter files made byte-identical, the page entries it indexes."""

from __future__ import annotations

import gzip
import shutil
import threading
import time

import pytest

from tradebriefs.publish.searchindex import (
    SIGNATURE,
    Run,
    SearchIndexError,
    build_index,
    cbor_decode,
    cbor_encode,
    make_reproducible,
    read_index_file,
)


@pytest.mark.parametrize(
    "value",
    [0, 23, 24, 255, 256, 65_536, 2**32, "", "China–Russia", "中国", [], [["a", [1, 2]], "b"]],
)
def test_cbor_reads_back_what_it_writes(value):
    data = cbor_encode(value)
    assert cbor_decode(data) == (value, len(data))


def test_two_indexes_of_one_site_are_byte_identical(built_site, tmp_path):
    """Pagefind writes its filter files in a random order (a Rust HashMap); sorted, two runs are equal. Each
    edition has its own index, made before the other editions' folders are built: the first edition's alone."""
    folders = []
    for name in ("a", "b"):
        site = tmp_path / name
        shutil.copytree(built_site, site, ignore=shutil.ignore_patterns("pagefind", "ru", "zh"))
        build_index(site)
        folders.append(site / "pagefind")
    files = [sorted(p.relative_to(f).as_posix() for p in f.rglob("*")) for f in folders]
    assert files[0] == files[1]
    for rel in files[0]:
        a, b = folders[0] / rel, folders[1] / rel
        assert a.is_dir() or a.read_bytes() == b.read_bytes(), rel
    filters = [p for p in folders[0].glob("filter/*.pf_filter")]
    assert len(filters) == 6  # kind, country, pair, year, flow, tag


def test_an_index_file_of_another_layout_stops_the_build_with_one_line(built_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    folder = site / "pagefind"
    victim = next(folder.glob("filter/*.pf_filter"))
    victim.write_bytes(
        gzip.compress(SIGNATURE + b"\xa1\x01\x02")
    )  # a CBOR map: not Pagefind's layout
    with pytest.raises(SearchIndexError) as caught:
        make_reproducible(folder)
    assert "\n" not in str(caught.value) and str(caught.value).startswith("search index: ")


def test_a_tag_with_a_comma_colon_or_markup_is_one_filter_value_as_written(tmp_path_factory):
    """Filter values reach the index exactly as the data wrote them: no escape of ours shows up in the list."""
    from conftest import built_copy

    tag = 'trade, policy: <b>"x"</b>'

    def add_tag(data) -> None:
        brief = next((data / "briefs").glob("*.yaml"))
        text = brief.read_text(encoding="utf-8")
        brief.write_text(
            text.replace("tags: [", "tags: ['trade, policy: <b>\"x\"</b>', ", 1), "utf-8"
        )

    folder = built_copy(tmp_path_factory, "tagged", add_tag) / "pagefind"
    tags = []
    for path in folder.glob("filter/*.pf_filter"):
        name, values = read_index_file(path)
        if name == "tag":
            tags = [value for value, _pages in values]
    assert tag in tags, tags


def test_hand_written_pages_are_indexed_as_the_site_pages_the_generator_writes():
    """docs/about.md carries by hand the `search:` front matter searchmeta.SITE_PAGE gives generated pages."""
    import yaml

    from conftest import REPO
    from tradebriefs.render.searchmeta import SITE_PAGE

    text = (REPO / "docs/about.md").read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("---\n")[1])
    assert front == SITE_PAGE.front_matter()


def test_a_stopped_run_ends_with_one_line_and_leaves_no_pagefind(built_site, tmp_path):
    """The preview stops an index a rebuild made stale: before Pagefind starts, or while it runs."""
    site = tmp_path / "site"
    shutil.copytree(built_site, site, ignore=shutil.ignore_patterns("pagefind"))
    before = Run()
    before.stop()
    with pytest.raises(SearchIndexError, match="stopped"):
        build_index(site, before)
    during = Run()
    outcome = []

    def index():
        try:
            outcome.append(build_index(site, during))
        except SearchIndexError as error:
            outcome.append(error)

    thread = threading.Thread(target=index)
    thread.start()
    while during.process is None and thread.is_alive():
        time.sleep(0.005)
    during.stop()
    thread.join(timeout=60)
    assert not thread.is_alive()
    assert during.process.poll() is not None, "pagefind still runs"
    # Stopped, unless Pagefind had already finished this small site: either way, one clean outcome.
    assert len(outcome) == 1
    assert isinstance(outcome[0], SearchIndexError) or outcome[0].pages > 0
