"""`tradebriefs build` writes the site in a process of its own (publish/apart.py), which has ended by the time
the build waits for the search index, the largest process of a build. Each build here is the real command in
a process of its own, with a few of its functions watched or broken by the code at the top of WATCHED."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO
from test_build import snapshot

# Run as `python -c WATCHED build ...`: main() with no arguments of its own, as the installed command runs it.
WATCHED = """
import json, os, signal, sys
from pathlib import Path
import tradebriefs.publish.build as build
import tradebriefs.publish.searchindex as searchindex

LOG, BREAK = Path(os.environ["WATCH_LOG"]), os.environ.get("WATCH_BREAK", "")

def note(**what):
    with LOG.open("a", encoding="utf-8") as out:
        out.write(json.dumps(what) + "\\n")

def children(pid):
    found = []
    for entry in Path("/proc").iterdir():
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if entry.name.isdigit() and int(fields[1]) == pid:
                found.append((entry / "cmdline").read_bytes().replace(b"\\0", b" ").decode())
        except (OSError, IndexError, ValueError):
            pass
    return found

def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True

real_stage, staged_by = build.stage, []

def stage(*args, **kwargs):
    staged_by.append(os.getpid())
    note(event="stage", pid=os.getpid())
    if BREAK == "kill the writer":
        os.kill(os.getpid(), signal.SIGKILL)
    return real_stage(*args, **kwargs)

build.stage = stage
real_finish = searchindex.Indexes.finish

def finish(self):
    seen = [json.loads(line) for line in LOG.read_text().splitlines()]
    writers = [e["pid"] for e in seen if e["event"] == "stage"]
    note(event="wait", pid=os.getpid(), children=children(os.getpid()),
         writer_alive=[alive(pid) for pid in writers[-1:]])
    return real_finish(self)

searchindex.Indexes.finish = finish
real_index = searchindex.build_index

def build_index(site_dir, run=None):
    if BREAK == "fail the index":
        raise searchindex.SearchIndexError("search index: pagefind failed (exit 1): boom")
    return real_index(site_dir, run)

searchindex.build_index = build_index
from tradebriefs.cli import main
sys.exit(main())
"""


def watched_build(
    data: Path, site: Path, log: Path, broken: str = "", env: dict | None = None
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", WATCHED, "build", "--data", str(data), "--site", str(site)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, **(env or {}), "WATCH_LOG": str(log), "WATCH_BREAK": broken},
    )


def events(log: Path) -> list[dict]:
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]


def built_then_edited(data: Path, site: Path, log: Path) -> dict[str, str]:
    """A good site built from `data`, then one figure of `data` changed; returns the site's snapshot."""
    assert watched_build(data, site, log).returncode == 0
    facts = data / "facts/china-russia.yaml"
    facts.write_text(facts.read_text("utf-8").replace("value: 240.11", "value: 240.12"), "utf-8")
    return snapshot(site)


def beside(site: Path) -> list[str]:
    return sorted(p.name for p in site.parent.iterdir() if p.name.startswith(".site-"))


@pytest.mark.slow
def test_the_build_waits_for_the_search_index_once_the_writing_process_has_ended(
    data_copy, tmp_path
):
    """The pages are checked, rendered and written by a process that has ended when the build waits for
    Pagefind; the waiting process starts no other: every child it has then is Pagefind."""
    site, log = tmp_path / "site", tmp_path / "watch.jsonl"
    result = watched_build(data_copy, site, log)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    stage, wait = events(log)
    assert (stage["event"], wait["event"]) == ("stage", "wait")
    assert stage["pid"] != wait["pid"]
    assert wait["writer_alive"] == [False]
    assert all("pagefind" in command for command in wait["children"]), wait["children"]
    assert (site / "index.html").is_file() and (site / "pagefind" / "pagefind-entry.json").is_file()
    assert beside(site) == []


@pytest.mark.slow
def test_a_writer_that_is_killed_fails_the_build_with_a_line_and_keeps_the_last_good_site(
    data_copy, tmp_path
):
    """The system's out-of-memory killer ends a process without a word (SIGKILL): the build says so in one line,
    exits 1, and the last good site stays byte for byte, with nothing left beside it."""
    site, log = tmp_path / "site", tmp_path / "watch.jsonl"
    before = built_then_edited(data_copy, site, log)
    result = watched_build(data_copy, site, log, broken="kill the writer")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    # (Python's resource tracker may add a warning of its own after these: the writer had no time to clean up.)
    said = "tradebriefs: error: the process writing the site was killed by SIGKILL (out of memory?)"
    lines = result.stderr.splitlines()
    assert said in lines, result.stderr
    assert lines[lines.index(said) + 1] == f"nothing written: {site} is as it was"
    assert snapshot(site) == before
    assert beside(site) == []


@pytest.mark.slow
def test_a_failed_index_after_the_writer_ended_keeps_the_last_good_site(data_copy, tmp_path):
    site, log = tmp_path / "site", tmp_path / "watch.jsonl"
    before = built_then_edited(data_copy, site, log)
    result = watched_build(data_copy, site, log, broken="fail the index")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-2:] == [
        f"{REPO / 'mkdocs.yml'}: error: search index: pagefind failed (exit 1): boom",
        f"nothing written: {site} is as it was",
    ], result.stderr
    assert snapshot(site) == before
    assert beside(site) == []


@pytest.mark.slow
def test_the_store_is_cleaned_of_what_the_writer_did_not_use(data_copy, tmp_path):
    """The writer commits what it made and used; the publishing process deletes, once the site is in place,
    what neither used of the kinds the writer asked for (Store.finish with the writer's kinds)."""
    site, log = tmp_path / "site", tmp_path / "watch.jsonl"
    cache = tmp_path / "cache"
    env = {"TRADEBRIEFS_CACHE": str(cache)}
    assert watched_build(data_copy, site, log, env=env).returncode == 0
    db = sqlite3.connect(cache / "store" / "store.sqlite")
    kinds = {row[0] for row in db.execute("SELECT DISTINCT kind FROM actions")}
    kind = sorted(kinds - {"site-inputs", "site-manifest"})[0]
    with db:
        db.execute(
            "INSERT INTO actions VALUES (?, 'not used by any build', 'no digest', 0)", (kind,)
        )
    db.close()
    facts = data_copy / "facts/china-russia.yaml"
    facts.write_text(facts.read_text("utf-8").replace("value: 240.11", "value: 240.12"), "utf-8")
    result = watched_build(data_copy, site, log, env=env)
    assert result.returncode == 0, result.stderr
    db = sqlite3.connect(cache / "store" / "store.sqlite")
    left = db.execute("SELECT count(*) FROM actions WHERE key = 'not used by any build'")
    used = db.execute("SELECT count(*) FROM actions WHERE used = 1").fetchone()[0]
    left = left.fetchone()[0]
    kept = {row[0] for row in db.execute("SELECT DISTINCT kind FROM actions")}
    db.close()
    assert left == 0 and used == 0
    assert kinds <= kept  # what the writer made is kept: the next build reads it
