"""The one store: keys that mean one input each, every read checked against its digest, one clean-up, one rule
for a store that cannot be written; and, end to end, no damaged or hand-edited output is ever published."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import os
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from markupsafe import Markup

from conftest import SEED, run_cli
from tradebriefs.core import keys
from tradebriefs.core.store import Store


class Plain:
    pass


def test_a_key_is_the_same_for_the_same_input_and_differs_for_any_other():
    a = {"x": (Decimal("240.11"), dt.date(2024, 10, 28)), "y": ["a", None, True]}
    b = {"y": ["a", None, True], "x": (Decimal("240.11"), dt.date(2024, 10, 28))}
    assert keys.key("page", "salt", a) == keys.key("page", "salt", b)  # the order of a dict's keys
    for other in (
        {**a, "x": (Decimal("240.110"), dt.date(2024, 10, 28))},  # printed digits differ
        {**a, "y": ["a", None, 1]},  # True is not 1
        {**a, "y": ("a", None, True, "")},
    ):
        assert keys.key("page", "salt", other) != keys.key("page", "salt", a)
    assert keys.key("page", "salt", a) != keys.key("page", "other salt", a)
    assert keys.key("page", "salt", a) != keys.key("body", "salt", a)
    assert keys.canonical(["ab", "c"]) != keys.canonical(["a", "bc"])  # lengths are written

    class Count(int):
        pass

    assert keys.canonical(Count(3)) != keys.canonical(
        3
    )  # a subclass is not its base (as Markup is not str)
    assert keys.canonical(True) != keys.canonical(1)


@dataclasses.dataclass(frozen=True)
class Pinned:
    id: str
    value: Decimal
    where: int = dataclasses.field(default=0, compare=False)


class PinnedFlow(enum.Enum):
    EXPORTS = "exports"


Pinned.__module__ = PinnedFlow.__module__ = "pinned"


def test_the_bytes_of_a_value_stay_as_they_were_written_so_stored_keys_still_match():
    """Every key in a store was made from these bytes: a faster writer must write the same ones (a change here
    misses every entry of every store once, and must be deliberate)."""
    record = Pinned("a", Decimal("240.11"), 7)
    value = {
        "r": [record, record],
        "t": (None, True, False, -3, 2**70),
        "m": Markup("<b>"),
        "e": PinnedFlow.EXPORTS,
        "d": dt.date(2024, 10, 28),
        "f": 0.5,
        "s": frozenset({"x", "y"}),
        "b": b"\x00",
    }
    assert keys.canonical(value) == (
        b"mls1:bb1:\x00els1:dD10:2024-10-28els1:eE17:pinned.PinnedFlows7:exportsels1:ff20:"
        b"0x1.0000000000000p-1els1:mS17:markupsafe.Markups3:<b>els1:rlo13:pinned.Pinneda2:ids1:aa5:"
        b"valued6:240.11a5:wherei7;eo13:pinned.Pinneda2:ids1:aa5:valued6:240.11a5:wherei7;eeels1:"
        b"sus1:xs1:yeels1:tlNTFi-3;i1180591620717411303424;eee"
    )
    # With Digests, a frozen record is its digest, written once, and its compare=False fields left out.
    assert keys.Digests().digest(value) == (
        "38bd423c2cb9b46617e9fe0a805885c367e9d2536918e26c44db68eaa3c0d62a"
    )


def test_two_configurations_that_differ_only_in_a_partials_argument_have_two_keys():
    def slugify(text: str, sep: str) -> str:
        return sep.join(text.split())

    config = {"toc": {"slugify": functools.partial(re.sub, r"\s+", "-")}}
    other = {"toc": {"slugify": functools.partial(re.sub, r"\s+", "_")}}
    assert keys.digest(config) != keys.digest(other)
    with pytest.raises(keys.Unkeyable, match="without a stable name"):
        keys.digest(
            {"toc": {"slugify": slugify}}
        )  # made inside a function: no name says what it is


@pytest.mark.parametrize("value", [Plain(), object(), lambda: 0, open, iter([])])
def test_a_value_whose_bytes_would_depend_on_its_address_or_repr_is_refused(value):
    if value is open:  # a builtin has a stable name: keyed by it
        assert keys.canonical(value) == keys.canonical(open)
        return
    with pytest.raises(keys.Unkeyable):
        keys.canonical({"a": [value]})


def test_a_damaged_entry_is_made_again_never_handed_on(tmp_path):
    store = Store(tmp_path)
    path = store.put("chart", "k1", b"<svg>whole chart</svg>", as_file=True)
    store.put("text", "k2", b"a page's text")
    store.finish()
    path.write_bytes(path.read_bytes()[:10])  # truncated on disk
    store = Store(tmp_path)
    assert store.file("chart", "k1") is None and not path.exists()
    store.db.execute("UPDATE blobs SET data = ?", (b"edited by hand",))
    assert store.get("text", "k2") is None
    store.close()


def test_what_a_build_did_not_use_is_deleted_when_it_finishes(tmp_path):
    store = Store(tmp_path)
    store.put("text", "old", b"old")
    kept = store.put("chart", "old", b"old chart", as_file=True)
    store.finish()
    store = Store(tmp_path)
    store.put("text", "new", b"new")
    store.file("chart", "old")  # used again
    store.finish()
    store = Store(tmp_path)
    assert store.get("text", "old") is None and store.get("text", "new") == b"new"
    assert store.file("chart", "old") == kept
    store.close()


def test_a_failed_build_keeps_the_store_as_it_was(tmp_path):
    store = Store(tmp_path)
    store.put("text", "a", b"kept")
    store.finish()
    store = Store(tmp_path)
    store.put("text", "b", b"from a build that failed")
    store.close()  # without finish()
    store = Store(tmp_path)
    assert store.get("text", "a") == b"kept" and store.get("text", "b") is None
    store.close()


def test_what_one_connection_committed_another_finishes_with_its_kinds(tmp_path):
    """`tradebriefs build` writes the site in one process and publishes it in another (publish/apart.py): the
    writer commits what it made and used (commit), the publisher cleans up the writer's kinds (finish)."""
    store = Store(tmp_path)
    store.put("text", "old", b"used by the build before")
    store.finish()
    writer = Store(tmp_path)
    assert writer.get("text", "new") is None  # asked for: "text" is one of this build's kinds
    writer.put("text", "new", b"made by the writer")
    writer.commit()
    writer.close()  # the writing process ends
    publisher = Store(tmp_path)
    publisher.finish(kinds=writer.kinds)
    store = Store(tmp_path)
    assert store.get("text", "new") == b"made by the writer" and store.get("text", "old") is None
    store.close()


def test_a_store_that_cannot_be_written_turns_off_with_one_note(tmp_path):
    if os.geteuid() == 0:
        (tmp_path / "store").write_text("a file where the store's folder should be")
    else:
        (tmp_path / "store").mkdir(mode=0o500)
    notes = []
    store = Store(tmp_path / "store", notes.append)
    assert not store.on and len(notes) == 1 and notes[0].endswith("; building without it")
    assert store.put("text", "a", b"x") is None and store.get("text", "a") is None


def build(data: Path, site: Path, cache: Path) -> None:
    result = run_cli(
        "build", "--data", str(data), "--site", str(site), env={"TRADEBRIEFS_CACHE": str(cache)}
    )
    assert result.returncode == 0, result.stderr


def files_of(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and "pagefind" not in p.parts
    }


@pytest.mark.slow
def test_a_site_file_edited_by_hand_with_its_size_and_time_kept_is_made_again(tmp_path):
    site, cache = tmp_path / "site", tmp_path / "cache"
    build(SEED, site, cache)
    figures = site / "data" / "figures.csv"
    text = figures.read_text(encoding="utf-8")
    assert "240.11" in text
    stat = figures.stat()
    figures.write_text(text.replace("240.11", "999.99"), encoding="utf-8")
    os.utime(figures, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    build(SEED, site, cache)
    assert figures.read_text(encoding="utf-8") == text
    build(SEED, tmp_path / "fresh", tmp_path / "fresh-cache")
    assert files_of(site) == files_of(tmp_path / "fresh")


@pytest.mark.slow
def test_a_damaged_chart_in_the_store_is_drawn_again_not_published(tmp_path):
    site, cache = tmp_path / "site", tmp_path / "cache"
    build(SEED, site, cache)
    files = (cache / "store" / "files").rglob("*")
    charts = sorted(p for p in files if p.is_file() and p.read_bytes()[:5] == b"<?xml")
    assert charts
    for chart in charts:
        chart.write_bytes(chart.read_bytes()[:100])
    os.rename(site, tmp_path / "old-site")  # into an empty folder: nothing to link from
    build(SEED, site, cache)
    build(SEED, tmp_path / "fresh", tmp_path / "fresh-cache")
    assert files_of(site) == files_of(tmp_path / "fresh")


@pytest.mark.slow
def test_a_build_with_no_input_changed_does_nothing_and_any_change_builds(tmp_path):
    data, site, cache = tmp_path / "data", tmp_path / "site", tmp_path / "cache"
    shutil.copytree(SEED, data)
    build(data, site, cache)
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in site.rglob("*")}
    again = run_cli(
        "build", "--data", str(data), "--site", str(site), env={"TRADEBRIEFS_CACHE": str(cache)}
    )
    assert again.returncode == 0, again.stderr
    assert again.stderr.splitlines() == [
        f"nothing changed since the last build: {site.resolve()} is up to date"
    ]
    assert {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in site.rglob("*")} == before
    for change in (
        {"TRADEBRIEFS_TODAY": "2030-01-01"},  # another publication day
        {"SITE_URL": "https://briefs.example.org/"},  # another configuration
    ):
        result = run_cli(
            "build", "--data", str(data), "--site", str(site),
            env={"TRADEBRIEFS_CACHE": str(cache), **change},
        )  # fmt: skip
        assert result.returncode == 0 and "nothing changed" not in result.stderr, change
    brief = next((data / "briefs").glob("*.yaml"))
    brief.write_text(brief.read_text(encoding="utf-8").replace("title: ", "title: New ", 1))
    build(data, site, cache)
    pages = [p.read_text(encoding="utf-8") for p in site.glob("briefs/*/index.html")]
    assert any("<h1" in page and "New " in page for page in pages)  # the edit is published
    build(data, tmp_path / "fresh", tmp_path / "fresh-cache")
    assert files_of(site) == files_of(tmp_path / "fresh")


@pytest.mark.parametrize(
    "edited", ["render/templates/brief.md.j2", "core/reference/hs2022.tsv", "render/charts.py"]
)
def test_an_edit_to_a_template_a_table_or_the_code_is_a_changed_input(package_copy, edited):
    """Nothing-changed compares the code too: a template or a reference table is part of it."""
    from tradebriefs.publish.uptodate import inputs_digest

    before = inputs_digest("site key", "data", ("2026-12-03",))
    with open(package_copy / edited, "a", encoding="utf-8") as file:
        file.write("\n")
    keys.code_salt.cache_clear()
    keys.imports_of.cache_clear()
    assert inputs_digest("site key", "data", ("2026-12-03",)) != before


def test_every_library_the_package_imports_has_its_distribution_named():
    """keys.DISTRIBUTION_OF names the distribution of each import, for the salts: a new library must be added."""
    from importlib import metadata

    installed = metadata.packages_distributions()
    imported = {top for path in keys.PACKAGE.rglob("*.py") for top in keys.imports_of(path)[1]}
    assert imported == set(keys.DISTRIBUTION_OF)
    for top, distribution in keys.DISTRIBUTION_OF.items():
        assert distribution in {d.lower() for d in installed[top]}, top


def test_a_library_upgrade_changes_the_salt_of_what_imports_it_named_or_not(monkeypatch):
    """pycountry is named by no maker of page Markdown, yet its country names are in every page."""
    from importlib import metadata

    before = {
        m: keys.code_salt(m) for m in ("tradebriefs.render.templates", "tradebriefs.render.charts")
    }
    real = metadata.version
    monkeypatch.setattr(
        keys.metadata, "version", lambda name: real(name) + ("+1" if name == "pycountry" else "")
    )
    keys.code_salt.cache_clear()
    try:
        assert (
            keys.code_salt("tradebriefs.render.templates") != before["tradebriefs.render.templates"]
        )
        assert keys.code_salt("tradebriefs.render.charts") == before["tradebriefs.render.charts"]
    finally:
        keys.code_salt.cache_clear()


def test_the_imports_found_are_those_a_walk_of_every_node_finds(tmp_path):
    """imports_of visits statements only: an import anywhere (in a function, a branch, a `try`, a `match`
    case, a class, a loop's `else`) is found as a walk of the whole tree finds it."""
    import ast

    source = tmp_path / "nested.py"
    source.write_text(
        "import tradebriefs.core.a\n"
        "def f():\n    if x:\n        from tradebriefs.core import b\n    else:\n        import numpy\n"
        "class C:\n    def g(self):\n        for i in y:\n            pass\n"
        "        else:\n            from tradebriefs.core.c import d\n"
        "try:\n    pass\nexcept ImportError:\n    import yaml\nfinally:\n    import jinja2\n"
        "match z:\n    case 1:\n        with w:\n            from tradebriefs.facts import e\n"
        "g = lambda: __import__('tradebriefs.not_a_statement')\n",
        encoding="utf-8",
    )
    assert keys.imports_of.__wrapped__(source) == (
        ("tradebriefs.core", "tradebriefs.core.a", "tradebriefs.core.b", "tradebriefs.core.c",
         "tradebriefs.core.c.d", "tradebriefs.facts", "tradebriefs.facts.e"),
        ("jinja2", "numpy", "yaml"),
    )  # fmt: skip
    for path in [*keys.PACKAGE.rglob("*.py"), source]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        walked = [
            ast.dump(n) for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))
        ]
        found = [
            ast.dump(n)
            for n in keys._statements(tree.body)
            if isinstance(n, (ast.Import, ast.ImportFrom))
        ]
        assert sorted(found) == sorted(walked), path


def test_the_site_files_are_every_file_with_the_digest_of_its_bytes(tmp_path):
    """What nothing-changed compares: each file by the sha256 of its bytes, nested folders as a/b/c, a digest
    the build already took used as it is, and a link to a folder not followed (as os.walk does not)."""
    import hashlib

    from tradebriefs.publish.uptodate import site_files

    site = tmp_path / "site"
    (site / "a" / "b").mkdir(parents=True)
    (site / "index.html").write_bytes(b"<p>home</p>")
    (site / "a" / "b" / "figures.csv").write_bytes(b"figure,240.11\n")
    (site / "a" / "empty.txt").write_bytes(b"")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "secret.txt").write_bytes(b"not the site's")
    (site / "linked").symlink_to(tmp_path / "elsewhere", target_is_directory=True)

    def sha(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()

    assert site_files(site) == {
        "index.html": sha(b"<p>home</p>"),
        "a/b/figures.csv": sha(b"figure,240.11\n"),
        "a/empty.txt": sha(b""),
    }
    known = {"index.html": "taken by the build", "gone.html": "not there"}
    assert site_files(site, known)["index.html"] == "taken by the build"
    assert "gone.html" not in site_files(site, known)
