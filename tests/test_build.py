"""Safe builds: a failed build leaves the last good site byte for byte as it was; a build never replaces a
folder it did not make; a killed build leaves a site and nothing that stays behind."""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import CLI, REPO, project_config, run_cli
from tradebriefs.publish import build, guard
from tradebriefs.publish.build import remove_stale, swap_in
from tradebriefs.publish.guard import MARKER, refusal_reason


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def good_site(data_copy, tmp_path) -> Path:
    site = tmp_path / "site"
    result = run_cli("build", "--data", str(data_copy), "--site", str(site))
    assert result.returncode == 0, result.stderr
    return site


@pytest.mark.slow
def test_bad_data_leaves_the_last_good_site_in_place(data_copy, good_site, tmp_path):
    before = snapshot(good_site)
    facts = data_copy / "facts/china-russia.yaml"
    facts.write_text(
        facts.read_text(encoding="utf-8").replace("value: 240.11", "value: 240.11.1"),
        encoding="utf-8",
    )
    result = run_cli("build", "--data", str(data_copy), "--site", str(good_site))
    assert result.returncode == 1
    assert "china-russia.yaml:" in result.stderr and ": error: value:" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(good_site) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site-")], (
        "staging folder left behind"
    )


@pytest.mark.slow
def test_a_failing_mkdocs_build_leaves_the_last_good_site_in_place(data_copy, good_site, tmp_path):
    """Data fine, but MkDocs fails (--strict: a nav entry to a missing page): the old site stays."""
    config = yaml.safe_load(project_config(tmp_path, data_copy).read_text(encoding="utf-8"))
    config["nav"].append({"Missing": "missing.md"})
    broken = tmp_path / "mkdocs.yml"
    broken.write_text(yaml.safe_dump(config), encoding="utf-8")
    before = snapshot(good_site)
    result = run_cli(
        "build", "--data", str(data_copy), "--site", str(good_site), "--config", str(broken)
    )
    assert result.returncode == 1, result.stderr
    assert "missing.md" in result.stderr and "Traceback" not in result.stderr
    assert snapshot(good_site) == before


@pytest.mark.slow
def test_a_good_build_replaces_the_site(data_copy, good_site):
    brief = next((data_copy / "briefs").glob("*.yaml"))
    brief.write_text(
        brief.read_text(encoding="utf-8").replace("Moscow's trade envoy", "the trade envoy"),
        encoding="utf-8",
    )
    assert run_cli("build", "--data", str(data_copy), "--site", str(good_site)).returncode == 0
    html = (good_site / "briefs/2024-10-28-russia-china-trade-drivers/index.html").read_text(
        encoding="utf-8"
    )
    assert "the trade envoy" in html and "Moscow's trade envoy" not in html


# Where a build may go: never over the data, the sources, a repository or a folder it did not make.


def tree_state(folder: Path) -> dict[str, str]:
    """Every entry under folder, symlinks not followed: a file's mode and hash, a folder's mode, a link's target."""
    state = {}
    for root, dirs, files in os.walk(folder):
        for path in (Path(root) / name for name in dirs + files):
            mode = f"{path.lstat().st_mode:o}"
            if path.is_symlink():
                state[str(path.relative_to(folder))] = "-> " + os.readlink(path)
            elif path.is_dir():
                state[str(path.relative_to(folder))] = mode
            else:
                state[str(path.relative_to(folder))] = (
                    mode + " " + hashlib.sha256(path.read_bytes()).hexdigest()
                )
    return state


def nothing(tmp: Path) -> None:
    pass


def symlink_to_data(tmp: Path) -> None:
    (tmp / "link").symlink_to("data")


def project_with_git(tmp: Path) -> None:
    (tmp / "project/.git").mkdir(parents=True)
    (tmp / "project/.git/HEAD").write_text("ref: refs/heads/main\n")
    (tmp / "project/notes.md").write_text("keep\n")


def folder_with_config(tmp: Path) -> None:
    (tmp / "other/docs").mkdir(parents=True)
    project_config(
        tmp / "other", tmp / "data", docs_dir="docs"
    )  # another project, reading this data


def foreign_folder(tmp: Path) -> None:
    (tmp / "notes").mkdir()
    (tmp / "notes/keep.txt").write_text("keep\n")


@pytest.mark.parametrize(
    ("make", "site", "extra", "into"),
    [
        (nothing, "data", [], "{tmp}/data (it is the data folder)"),
        (nothing, ".", [], "{tmp} (it contains the data folder {tmp}/data)"),
        (nothing, "data/site", [], "{tmp}/data/site (it is inside the data folder {tmp}/data)"),
        (symlink_to_data, "link", [], "{tmp}/data (it is the data folder)"),
        (project_with_git, "project", [], "{tmp}/project (it holds a .git repository)"),
        (
            folder_with_config,
            "other",
            ["--config", "other/mkdocs.yml"],
            "{tmp}/other (it contains the MkDocs configuration {tmp}/other/mkdocs.yml)",
        ),
        (
            foreign_folder,
            "notes",
            [],
            "{tmp}/notes (it is not empty and was not made by tradebriefs build)",
        ),
    ],
    ids=[
        "data folder",
        "its parent",
        "inside it",
        "symlink to it",
        "project with .git",
        "folder of mkdocs.yml",
        "foreign folder",
    ],
)
def test_a_refused_site_leaves_every_file_as_it_was(data_copy, tmp_path, make, site, extra, into):
    make(tmp_path)
    before = tree_state(tmp_path)
    config = [] if extra else ["--config", str(REPO / "mkdocs.yml")]
    result = run_cli("build", "--data", "data", "--site", site, *config, *extra, cwd=tmp_path)
    assert result.returncode == 1
    line = f"tradebriefs: error: --site {site}: refusing to build into " + into.format(
        tmp=tmp_path.resolve()
    )
    assert result.stderr.splitlines() == [line]
    assert tree_state(tmp_path) == before


def test_a_previous_build_an_empty_folder_or_a_new_one_may_be_replaced(tmp_path):
    marked, empty = tmp_path / "marked", tmp_path / "empty"
    # Sites built before the marker existed, or by a plain `mkdocs build`: with Material's search index
    # (before Pagefind) or with Pagefind's.
    older = [tmp_path / "older-lunr", tmp_path / "older-pagefind"]
    for folder in (marked, empty):
        folder.mkdir(parents=True)
    (marked / MARKER).write_text("")
    (marked / "index.html").write_text("<p>old</p>")
    for folder, index in zip(older, guard.SEARCH_INDEX_FILES[::-1], strict=True):
        for name in (*guard.BUILD_FILES, index):
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text("{}")
    for site in (marked, *older, empty, tmp_path / "new", tmp_path / "new/deeper"):
        assert refusal_reason(site, tmp_path / "data", tmp_path / "mkdocs.yml") is None, site


@pytest.mark.parametrize(
    ("site", "reason"),
    [
        ("docs", "it is the docs_dir"),
        ("docs/out", "it is inside the docs_dir {tmp}/docs"),
        ("mkdocs.yml", "it is the MkDocs configuration"),
        ("/", "it is a filesystem root"),
        ("home", "it is the home folder"),
        ("project/.git/site", "it is inside a .git folder"),
        ("worktree", "it holds a .git repository"),  # a git worktree's .git is a file
        ("page.html", "it is not a folder"),
    ],
)
def test_refusal_reasons(tmp_path, monkeypatch, site, reason):
    """MkDocs' rule for site_dir and docs_dir (config_options.SiteDir), and the rest of what a build must not replace."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "worktree").mkdir()
    (tmp_path / "worktree/.git").write_text("gitdir: /somewhere/else\n")
    (tmp_path / "page.html").write_text("<p>mine</p>")
    got = refusal_reason(tmp_path / site, tmp_path / "data", tmp_path / "mkdocs.yml")
    assert got == reason.format(tmp=tmp_path.resolve())


@pytest.mark.slow
def test_plain_mkdocs_build_refuses_a_folder_it_did_not_make(tmp_path):
    """`mkdocs build` empties its site_dir: the project's hook refuses it the same folders."""
    foreign_folder(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(tmp_path / "notes")],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 1
    assert (
        f"refusing to build into {tmp_path.resolve()}/notes (it is not empty and was not made by tradebriefs "
        "build)" in result.stderr
    )
    assert sorted(os.listdir(tmp_path / "notes")) == ["keep.txt"]


# What the build publishes, and what a killed build leaves.


@pytest.mark.slow
@pytest.mark.parametrize(
    ("umask", "folder_mode", "file_mode"), [(0o022, 0o755, 0o644), (0o027, 0o750, 0o640)]
)
def test_the_site_gets_the_permissions_its_umask_gives(
    data_copy, tmp_path, umask, folder_mode, file_mode
):
    """As MkDocs makes its own folders: a web server running as another user can read the site."""
    site = tmp_path / "site"
    before = os.umask(umask)
    try:
        result = run_cli("build", "--data", str(data_copy), "--site", str(site))
    finally:
        os.umask(before)
    assert result.returncode == 0, result.stderr
    entries = [site, *site.rglob("*")]
    assert {p.stat().st_mode & 0o777 for p in entries if p.is_dir()} == {folder_mode}
    assert {p.stat().st_mode & 0o777 for p in entries if p.is_file()} == {file_mode}
    assert (site / MARKER).is_file()


def dead_pid() -> int:
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    return int(done.stdout)


def test_staging_folders_of_dead_builds_are_removed_but_not_those_of_running_ones(tmp_path):
    pid = dead_pid()
    dead = tmp_path / f".site-new-{pid}-0badc0de"
    set_aside = tmp_path / f".site-old-{pid}-0badc0de"
    unnamed = (
        tmp_path / ".site-new-k3_x9a2q"
    )  # tempfile.mkdtemp's name, from before the pid was in it
    locked = (
        tmp_path / f".site-new-{pid}-10c4ed00"
    )  # a build in another pid namespace or on another host
    running = tmp_path / f".site-new-{os.getpid()}-00c0ffee"
    for folder in (dead, set_aside, unnamed, locked, running):
        (folder / "assets").mkdir(parents=True)
        (folder / "index.html").write_text("<p>half a site</p>")
    fd = os.open(locked, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        remove_stale(tmp_path)
    finally:
        os.close(fd)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([locked.name, running.name])


def a_site(folder: Path, text: str) -> Path:
    folder.mkdir()
    (folder / MARKER).write_text(guard.MARKER_TEXT)
    (folder / "index.html").write_text(text)
    return folder


def test_the_swap_is_one_exchange_so_the_site_is_never_missing(tmp_path, monkeypatch):
    if not build.exchange(a_site(tmp_path / "a", "a"), a_site(tmp_path / "b", "b")):
        pytest.skip("no renameat2 RENAME_EXCHANGE on this system or filesystem")
    site, new = a_site(tmp_path / "site", "old"), a_site(tmp_path / "new", "new")
    monkeypatch.setattr(
        os, "rename", lambda *args: pytest.fail("two renames instead of one exchange")
    )
    swap_in(new, site)
    assert (site / "index.html").read_text() == "new" and not new.exists()


def test_a_failed_second_rename_puts_the_old_site_back(tmp_path, monkeypatch):
    site, new = a_site(tmp_path / "site", "old"), a_site(tmp_path / "new", "new")
    monkeypatch.setattr(build, "exchange", lambda a, b: False)  # as where renameat2 is missing
    rename = os.rename

    def failing_rename(src, dst):
        if Path(src) == new:
            raise OSError(errno.EIO, os.strerror(errno.EIO), str(dst))
        rename(src, dst)

    monkeypatch.setattr(os, "rename", failing_rename)
    with pytest.raises(OSError):
        swap_in(new, site)
    assert (site / "index.html").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new", "site"]


KILLED_BETWEEN_RENAMES = """
import os, sys
from pathlib import Path
from tradebriefs.publish import build

build.exchange = lambda a, b: False  # as where renameat2 is missing: two renames
rename, renames = os.rename, []

def killed_at_the_second(src, dst):
    renames.append(src)
    if len(renames) == 2:
        os._exit(137)  # as kill -9: no except, no finally
    rename(src, dst)

os.rename = killed_at_the_second
build.swap_in(Path(sys.argv[1]), Path(sys.argv[2]))
"""


@pytest.mark.slow
def test_a_build_killed_between_two_renames_is_put_right_by_the_next_build(data_copy, tmp_path):
    site, new = a_site(tmp_path / "site", "old"), a_site(tmp_path / "new", "new")
    killed = subprocess.run([sys.executable, "-c", KILLED_BETWEEN_RENAMES, str(new), str(site)])
    assert (
        killed.returncode == 137 and not site.exists()
    )  # the window that the one-step exchange closes
    facts = data_copy / "facts/china-russia.yaml"
    good = facts.read_text(encoding="utf-8")
    facts.write_text(good.replace("value: 240.11", "value: 240.11.1"), encoding="utf-8")
    result = run_cli("build", "--data", str(data_copy), "--site", str(site))
    assert result.returncode == 1  # bad data, but the old site was put back first
    assert (site / "index.html").read_text() == "old"
    facts.write_text(good, encoding="utf-8")
    result = run_cli("build", "--data", str(data_copy), "--site", str(site))
    assert result.returncode == 0, result.stderr
    assert "Trade Briefs" in (site / "index.html").read_text(encoding="utf-8")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site-")]


INJECTED_FAILURE = """
import errno, os, sys
import mkdocs.utils
from tradebriefs import cli

failure = sys.argv.pop(1)
mkdir = os.mkdir

def refused_mkdir(path, *args, **kwargs):  # what a read-only folder does to anyone but root
    if os.path.basename(path).startswith(".site-new-"):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(path))
    return mkdir(path, *args, **kwargs)

def disk_full(content, output_path):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

if failure == "read-only parent":
    os.mkdir = refused_mkdir
else:
    mkdocs.utils.write_file = disk_full
sys.exit(cli.main(sys.argv[1:]))
"""


@pytest.mark.slow
@pytest.mark.parametrize(
    ("failure", "line"),
    [
        ("read-only parent", "{tmp}: error: cannot write: Permission denied"),
        ("disk full", "{tmp}/site: error: cannot write: No space left on device"),
    ],
)
def test_a_write_error_is_one_line_naming_the_path(data_copy, tmp_path, failure, line):
    """Injected, since root (as in CI) writes into a read-only folder anyway: a test that needs a non-root
    user would be skipped in CI, and a skip there is a failure (conftest.py)."""
    result = subprocess.run(
        [
            *CLI[:1],
            "-c",
            INJECTED_FAILURE,
            failure,
            "build",
            "--data",
            str(data_copy),
            "--site",
            str(tmp_path / "site"),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 1
    assert line.format(tmp=tmp_path.resolve()) in result.stderr.splitlines(), result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]


def test_the_ci_summary_has_every_phase_and_cache_row(built_site):
    summary = (built_site.parent / "summary.md").read_text(encoding="utf-8")
    assert summary.startswith("### Site build\n")
    rows = [
        line.split(" | ")[0].lstrip("| ") for line in summary.splitlines() if line.startswith("| ")
    ]
    for row in (
        "load and check",
        "render pages, downloads and feeds; start drawing charts",
        "MkDocs: convert, write (and wait for charts)",
        "swap in",
        "of which drawing charts (in parallel with MkDocs)",
        "of which waiting for charts",
        "**total**",
        "data files (read and validated)",
        "chart files",
        "pages (Markdown to HTML)",
        "site files (from the previous site)",
        "texts (page Markdown, bodies, downloads)",
        "card images",
        "of which search index (in the background, beside MkDocs)",
        "wait for the search index",
    ):
        assert row in rows, f"no row {row!r} in:\n{summary}"
    # The total adds the phases once: the search index, made beside MkDocs' phase, is not added again.
    seconds = dict(re.findall(r"^\| ([^|*]+?) \| ([\d,.]+) \|$", summary, re.M))
    top = [s for name, s in seconds.items() if not name.startswith("of which")]
    total = re.search(r"^\| \*\*total\*\* \| \*\*([\d,.]+)\*\* \|$", summary, re.M)[1]
    assert abs(
        sum(float(s.replace(",", "")) for s in top) - float(total.replace(",", ""))
    ) < 0.1 * len(top)
    assert re.search(r"^\| chart files \| [\d,]+ \| [\d,]+ \| (\d+%|–) \|$", summary, re.M)


def test_a_summary_that_cannot_be_written_only_warns(data_copy, tmp_path):
    result = run_cli(
        "build",
        "--data",
        str(data_copy),
        "--site",
        str(tmp_path / "site"),
        "--summary",
        str(tmp_path / "no-such-folder" / "summary.md"),
    )
    assert result.returncode == 0, result.stderr
    assert "warning: cannot write the summary" in result.stderr
    assert (tmp_path / "site" / "index.html").is_file()


def test_pages_html_kept_on_disk_between_mkdocs_passes_comes_back_unchanged():
    from tradebriefs.publish.plugin import _Spill

    spill = _Spill()
    pages = {
        "a.md": "<p>Россия–中国 240.11</p>",
        "b.md": "",
        "c.md": "<p>\ud800 lone surrogate</p>",
    }
    for key, html in pages.items():
        spill.put(key, html)
    assert {key: spill.take(key) for key in reversed(pages)} == pages
    assert spill.take("a.md") is None  # taken once: not held twice
    spill.close()


@pytest.mark.slow
def test_a_failed_search_index_of_a_later_edition_keeps_the_last_good_site(
    tmp_path, monkeypatch, capsys
):
    """Each edition is indexed in the background while the next is written (searchindex.Indexes). The Russian
    index failing, after the English one was made and while the Chinese edition is written, fails the build
    with one line naming the configuration, and the last good site stays byte for byte, with nothing left
    beside it."""
    from conftest import EDITIONS
    from tradebriefs import cli
    from tradebriefs.publish import searchindex

    data, site = tmp_path / "data", tmp_path / "site"
    shutil.copytree(EDITIONS, data)
    result = run_cli(
        "build", "--data", str(data), "--site", str(site), env={"TRADEBRIEFS_EDITIONS": ""}
    )
    assert result.returncode == 0, result.stderr
    before = snapshot(site)
    brief = next((data / "briefs").glob("*.yaml"))
    text = brief.read_text(encoding="utf-8")
    brief.write_text(text.replace("summary: >-\n", "summary: >-\n  Edited.\n", 1), "utf-8")
    indexed, real = [], searchindex.build_index

    def failing_for_ru(folder, run=None):
        indexed.append(folder)
        if len(indexed) == 2:
            raise searchindex.SearchIndexError("search index: pagefind failed (exit 1): boom")
        return real(folder, run)

    monkeypatch.setattr(searchindex, "build_index", failing_for_ru)
    monkeypatch.setenv("TRADEBRIEFS_EDITIONS", "")
    code = cli.main(["build", "--data", str(data), "--site", str(site)])
    err = capsys.readouterr().err
    assert code == 1 and len(indexed) == 2, err
    assert "Traceback" not in err
    assert re.search(
        r"^\S*mkdocs\.yml: error: search index: pagefind failed \(exit 1\): boom$", err, re.M
    ), err
    assert snapshot(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "site"]


@pytest.mark.slow
def test_the_environment_stays_as_it_is_while_an_edition_is_indexed(tmp_path, monkeypatch, capsys):
    """A process started by one thread while another changes the environment can fail to start ("Bad
    address": the child reads an environment the change has just freed). The build sets SOURCE_DATE_EPOCH
    once, before the first index starts, and puts it back after the last one ended: no change to the
    environment happens while an edition is indexed in the background."""
    import os
    import threading
    import time

    from conftest import EDITIONS
    from tradebriefs import cli
    from tradebriefs.publish import searchindex

    data, site = tmp_path / "data", tmp_path / "site"
    shutil.copytree(EDITIONS, data)
    changes, real = [], searchindex.build_index

    def indexing() -> bool:
        return any(t.name == "search-index" and t.is_alive() for t in threading.enumerate())

    def watched(change):
        def call(*args):
            changes.append((change, args[0], indexing()))
            return change(*args)

        return call

    def slow_index(folder, run=None):
        time.sleep(0.5)  # long enough for the build to go on beside it
        return real(folder, run)

    monkeypatch.setattr(searchindex, "build_index", slow_index)
    monkeypatch.setenv("TRADEBRIEFS_EDITIONS", "")
    monkeypatch.setattr(os, "putenv", watched(os.putenv))
    monkeypatch.setattr(os, "unsetenv", watched(os.unsetenv))
    code = cli.main(["build", "--data", str(data), "--site", str(site)])
    err = capsys.readouterr().err
    assert code == 0, err
    dates = [key for _, key, _ in changes if key in ("SOURCE_DATE_EPOCH", b"SOURCE_DATE_EPOCH")]
    assert dates, "the build set no SOURCE_DATE_EPOCH: nothing was watched"
    assert [c for c in changes if c[2]] == [], f"environment changed while indexing: {changes}"
    assert (site / "ru" / "index.html").is_file() and (site / "zh" / "index.html").is_file()


@pytest.mark.slow
def test_nothing_of_the_pages_is_held_once_mkdocs_is_done(tmp_path, monkeypatch, capsys):
    """The search index, the largest process of a build, is made while the build waits: by then the pages'
    Markdown must be garbage. MkDocs keeps the plugin for the rest of the process (its configuration schema
    caches it), so the plugin lets go of what it was given and made (its Files) after each build."""
    import gc

    from mkdocs.structure.files import File

    from conftest import EDITIONS
    from tradebriefs import cli

    data, site = tmp_path / "data", tmp_path / "site"
    shutil.copytree(EDITIONS, data)
    monkeypatch.setenv("TRADEBRIEFS_EDITIONS", "")
    code = cli.main(["build", "--data", str(data), "--site", str(site)])
    assert code == 0, capsys.readouterr().err
    assert (site / "zh" / "index.html").is_file()
    gc.collect()
    held = [
        o.dest_uri
        for o in gc.get_objects()
        if isinstance(o, File) and str(tmp_path) in str(o.abs_dest_path)
    ]
    assert held == []
