"""Revision history on the site, from git: a temporary repository with a series of commits (add a brief, revise a
figure, break a sum, fix it, rename an id, revise again with a hostile message), built with the real
`tradebriefs build` (MkDocs, --strict), and the revision notes, the "What changed" page and its feeds read
from the built site. The diff text of the same series is tests/test_diff.py's.

Commit dates are fixed (GIT_COMMITTER_DATE), one day apart, so every date and every output is the same on
every machine.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from html import unescape
from pathlib import Path

import pytest

from conftest import SEED, run_cli
from test_diff import FACTS, GIT_ENV, OLD_BRIEF, STEPS, apply_edits
from tradebriefs.core.routes import brief_page
from tradebriefs.core.store import Store
from tradebriefs.facts.pipeline import check_data
from tradebriefs.facts.revisions import (
    ChangeItem,
    Commit,
    History,
    Printed,
    Revision,
    revisions_after,
)
from tradebriefs.history import git as gitdata
from tradebriefs.history.changes import (
    Step,
    assemble_history,
    diff_step,
    step_from_json,
    step_to_json,
    subject_line,
)
from tradebriefs.history.git import data_history
from tradebriefs.render.pages import render_page
from tradebriefs.render.templates import Link, Target
from tradebriefs.render.views.brief import brief_view
from tradebriefs.render.views.site import Site

HOSTILE = (
    "Revise <script>alert(1)</script> | *bold* [x](javascript:alert(1))\n"
    "\n"
    "Second line <b>never shown</b>"
)
# The series of test_diff.py, then one more revision whose message is hostile input.
SERIES = [
    *STEPS,
    ("hostile", HOSTILE, [(FACTS, "    value: 184.50\n", "    value: 184.60\n")]),
]
FIRST_DAY = 1  # the seed is committed on 2026-01-01, each step a day later
OLD_SLUG = Path(OLD_BRIEF).stem
NEW_SLUG = "2024-11-05-china-russia-record-2023"
TURNOVER = "ru-cn-turnover-2024-jan-sep"


def git(repo: Path, *args: str, day: int = FIRST_DAY) -> str:
    when = f"2026-01-{day:02d}T10:00:00+00:00"
    env = {**os.environ, **GIT_ENV, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, env=env, check=True
    )
    return done.stdout.strip()


def make_repo(folder: Path) -> Path:
    """The seed on 2026-01-01, then each step of SERIES as one commit a day, tagged with its name."""
    repo = folder / "repo"
    shutil.copytree(SEED, repo / "data")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Seed data")
    for day, (tag, message, edits) in enumerate(SERIES, start=FIRST_DAY + 1):
        apply_edits(repo, edits)
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", message, day=day)
        git(repo, "tag", tag)
    return repo


def build(data: Path, site: Path, **env) -> subprocess.CompletedProcess:
    result = run_cli("build", "--data", str(data), "--site", str(site), env=env)
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module", autouse=True)
def site_relative():
    """Feeds and JSON-LD with site-relative addresses, whatever SITE_URL the environment has."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SITE_URL", raising=False)
        yield


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    return make_repo(tmp_path_factory.mktemp("history"))


@pytest.fixture(scope="module")
def built(repo, tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    site = tmp_path_factory.mktemp("built") / "site"
    return site, build(repo / "data", site)


def page(site: Path, path: str) -> str:
    """A built page's article (what the page says, without the theme around it)."""
    html = (site / path).read_text(encoding="utf-8")
    return html[html.index("<article") : html.index("</article>")]


def text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html)).strip()


def revisions_cell(site: Path, figure: str) -> str:
    """The Revisions cell of a figure's row on its data page, as HTML."""
    row = re.search(rf'<tr><td id="{figure}">.*?</tr>', page(site, "data/chn-rus/index.html"))
    return re.findall(r"<td[^>]*>(.*?)</td>", row.group(0))[-1]


@pytest.mark.slow
def test_the_data_page_shows_each_revision_with_its_date_values_and_escaped_message(built):
    site, _ = built
    assert revisions_cell(site, TURNOVER) == (
        "2026-01-03: over $180 bn (+2%) → $184.50 bn (+2.3%), "
        "“Revise January-September 2024 turnover to the customs figure”<br>"
        "2026-01-07: $184.50 bn → $184.60 bn, "
        "“Revise &lt;script&gt;alert(1)&lt;/script&gt; | *bold* [x](javascript:alert(1))”"
    )


@pytest.mark.slow
def test_a_broken_commit_is_skipped_and_a_rename_is_not_a_revision(built):
    """139.14 was never published (its sum did not hold), so 129.14 → 139.14 → 129.14 is no revision; the
    renamed figure keeps its row, with none either."""
    site, _ = built
    assert revisions_cell(site, "cn-ru-imports-2023") == "—"
    assert revisions_cell(site, "cn-ru-exports-2023-customs") == "—"


@pytest.mark.slow
def test_a_brief_shows_a_figure_revised_after_its_date_and_when(built):
    site, _ = built
    brief = page(site, f"briefs/{OLD_SLUG}/index.html")
    row = re.search(
        r"<tr>\s*<td>Russia–China trade turnover, January–September 2024</td>.*?</tr>", brief, re.S
    )
    notes = re.findall(r"<td[^>]*>(.*?)</td>", row.group(0), re.S)[3]
    assert notes.endswith("; revised on 7 January 2026; first published as over $180 bn (+2%)")
    assert "<p><em>Beijing, 28 October 2024</em>" in brief
    assert "<p><em>Updated 7 January 2026</em></p>" in brief
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', brief).group(1)
    )
    assert (data["datePublished"], data["dateModified"]) == ("2024-10-28", "2026-01-07")


@pytest.mark.slow
def test_a_brief_whose_figures_were_not_revised_has_no_notes(built):
    site, _ = built
    brief = page(site, f"briefs/{NEW_SLUG}/index.html")
    assert "Updated" not in brief and "revised on" not in brief and "dateModified" not in brief


def short(repo: Path, tag: str) -> str:
    return git(repo, "rev-parse", "--short=7", tag)


@pytest.mark.slow
def test_what_changed_lists_each_commit_newest_first(repo, built):
    """One entry per commit that changed what a reader sees: the broken sum and its fix cancel out."""
    html = page(built[0], "changes/index.html")
    entries = html[html.index("<h2") :]
    found = [text(body) for _, body in re.findall(r"<(h2|p|li)[^>]*>(.*?)</\1>", entries, re.S)]
    assert found == [
        "7 January 2026: 1 figure revised¶",
        "“Revise <script>alert(1)</script> | *bold* [x](javascript:alert(1))” · commit "
        + short(repo, "hostile"),
        "Figure revised: Russia–China trade turnover, January–September 2024: $184.50 bn → $184.60 bn",
        "6 January 2026: 1 figure renamed¶",
        f"“Name the exports figure after its source” · commit {short(repo, 'rename-id')}",
        "Figure renamed: China's exports to Russia, 2023: cn-ru-exports-2023 → cn-ru-exports-2023-customs",
        "3 January 2026: 1 figure revised¶",
        "“Revise January-September 2024 turnover to the customs figure” · commit "
        + short(repo, "revise-figure"),
        "Figure revised: Russia–China trade turnover, January–September 2024: over $180 bn (+2%) → "
        "$184.50 bn (+2.3%)",
        "2 January 2026: 1 brief added¶",
        f"“Add a brief on the record 2023” · commit {short(repo, 'add-brief')}",
        "Brief added: China's trade with Russia set a record in 2023",
    ]
    assert "<script>" not in html and "never shown" not in html
    assert 'href="../data/chn-rus/#ru-cn-turnover-2024-jan-sep"' in html
    assert f'href="../briefs/{NEW_SLUG}/"' in html


@pytest.mark.slow
def test_the_data_overview_links_what_changed_and_the_page_links_its_feeds(built):
    site, _ = built
    assert '<a href="../changes/">What changed</a>' in page(site, "data/index.html")
    html = page(site, "changes/index.html")
    assert '<a href="../changes.xml">RSS</a> · <a href="../changes.json">JSON Feed</a>' in html
    assert "From the last 7 commits that changed the data." in html


@pytest.mark.slow
def test_the_feeds_carry_one_item_per_entry_with_the_commit_s_id_and_date(repo, built):
    site, _ = built
    feed = json.loads((site / "changes.json").read_text(encoding="utf-8"))
    anchors = {
        tag: "change-" + git(repo, "rev-parse", tag)[:12]
        for tag in ("hostile", "rename-id", "revise-figure", "add-brief")
    }
    assert [(i["id"], i["url"], i["date_published"], i["title"]) for i in feed["items"]] == [
        (
            f"/changes/#{anchors['hostile']}",
            f"/changes/#{anchors['hostile']}",
            "2026-01-07T00:00:00Z",
            "7 January 2026: 1 figure revised",
        ),
        (
            f"/changes/#{anchors['rename-id']}",
            f"/changes/#{anchors['rename-id']}",
            "2026-01-06T00:00:00Z",
            "6 January 2026: 1 figure renamed",
        ),
        (
            f"/changes/#{anchors['revise-figure']}",
            f"/changes/#{anchors['revise-figure']}",
            "2026-01-03T00:00:00Z",
            "3 January 2026: 1 figure revised",
        ),
        (
            f"/changes/#{anchors['add-brief']}",
            f"/changes/#{anchors['add-brief']}",
            "2026-01-02T00:00:00Z",
            "2 January 2026: 1 brief added",
        ),
    ]
    assert feed["items"][0]["content_text"] == (
        "“Revise <script>alert(1)</script> | *bold* [x](javascript:alert(1))”\n"
        "Figure revised: Russia–China trade turnover, January–September 2024: $184.50 bn → $184.60 bn"
    )
    rss = ET.fromstring((site / "changes.xml").read_bytes())
    items = [
        (i.findtext("guid"), i.findtext("pubDate"), i.findtext("title")) for i in rss.iter("item")
    ]
    assert items == [
        (
            f"/changes/#{anchors['hostile']}",
            "Wed, 07 Jan 2026 00:00:00 +0000",
            "7 January 2026: 1 figure revised",
        ),
        (
            f"/changes/#{anchors['rename-id']}",
            "Tue, 06 Jan 2026 00:00:00 +0000",
            "6 January 2026: 1 figure renamed",
        ),
        (
            f"/changes/#{anchors['revise-figure']}",
            "Sat, 03 Jan 2026 00:00:00 +0000",
            "3 January 2026: 1 figure revised",
        ),
        (
            f"/changes/#{anchors['add-brief']}",
            "Fri, 02 Jan 2026 00:00:00 +0000",
            "2 January 2026: 1 brief added",
        ),
    ]


def tree_bytes(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.mark.slow
def test_two_builds_of_one_commit_are_byte_identical(repo, built, tmp_path):
    """The second build reads the history from the cache; dates come from commits, not the clock."""
    site, first = built
    again = build(repo / "data", tmp_path / "site")
    assert "revision history" not in first.stderr + again.stderr
    assert tree_bytes(tmp_path / "site") == tree_bytes(site)


@pytest.mark.slow
def test_a_cached_history_reads_no_commit_again(repo, built, monkeypatch, private_cache):
    store = Store(private_cache / "store")  # the build's (`built`): in the tests' TRADEBRIEFS_CACHE
    before = data_history(repo / "data", store)

    def read_commit(*args):
        raise AssertionError("a commit was read again")

    monkeypatch.setattr(gitdata, "read_commit", read_commit)
    assert data_history(repo / "data", store) == before
    store.close()
    assert before.commits == 7 and len(before.changes) == 4


@pytest.mark.slow
def test_outside_a_git_checkout_the_build_says_so_once_and_has_no_notes(repo, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(repo / "data", data)
    result = build(data, tmp_path / "site", GIT_CEILING_DIRECTORIES=str(tmp_path.parent))
    notes = [line for line in result.stderr.splitlines() if "revision history" in line]
    assert notes == [
        f"tradebriefs: note: building without revision history: {data} is not in a git checkout"
    ]
    site = tmp_path / "site"
    assert "made without the data's revision history" in page(site, "changes/index.html")
    assert "<h2" not in page(site, "changes/index.html")
    assert "Updated" not in page(site, f"briefs/{OLD_SLUG}/index.html")
    assert "<th>Revisions</th>" not in page(site, "data/chn-rus/index.html")
    assert json.loads((site / "changes.json").read_text(encoding="utf-8"))["items"] == []


def test_a_shallow_clone_has_no_history(repo, tmp_path):
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))
    history = data_history(clone / "data")
    assert (history.available, history.note) == (
        False,
        "a shallow clone: fetch the whole history (git fetch --unshallow, or fetch-depth: 0)",
    )


def test_a_commit_message_shows_as_its_first_line_without_control_characters():
    assert subject_line("\n  Fix \x1b[31mred\u202e  text\r\n\nbody <b>") == "Fix [31mred text"
    assert subject_line("x" * 300) == "x" * 199 + "…"
    assert subject_line("\n \n") == ""


def test_a_revised_figure_shown_only_in_the_text_is_noted_under_the_key_figures():
    """Revisions on or before the brief's date are what it published: no note for those."""
    checked, _ = check_data(SEED)
    cat = checked.catalog
    brief = cat.briefs[OLD_SLUG]
    brief = dataclasses.replace(
        brief, figures=tuple(i for i in brief.figures if i != "cn-ru-imports-2023")
    )
    was = Printed("129.14", "USD billion", "exact", "12.7")
    history = History(
        True,
        revisions={
            "cn-ru-imports-2023": (
                Revision(Commit("a" * 40, "2026-02-01", "Customs revised"), was, was),
                Revision(
                    Commit("b" * 40, "2026-03-01", "Again"),
                    was,
                    Printed("129.2", "USD billion", "about", "12.8"),
                ),
            ),
            "cn-ru-turnover-2023": (
                Revision(Commit("c" * 40, "2024-10-28", "Same day"), was, was),
            ),
        },
    )
    view = brief_view(brief, cat, [], {}, Site(), history=history)
    assert view.revised_elsewhere == (
        (
            Link(
                "China's imports from Russia, 2023", Target("data/chn-rus.md", "cn-ru-imports-2023")
            ),
            "revised on 1 March 2026; first published as $129.14 bn (+12.7%)",
        ),
    )
    assert view.updated == "1 March 2026"
    assert all("revised on" not in row.notes for row in view.figures)
    markdown = render_page("brief.md.j2", brief_page(brief.slug), view=view)
    assert (
        "Revised since this brief: [China's imports from Russia, 2023](../data/chn-rus.md#cn-ru-imports-2023), "
        "revised on 1 March 2026; first published as $129\\.14 bn \\(\\+12\\.7%\\)\n"
    ) in markdown
    assert "\n*Updated 1 March 2026*\n" in markdown
    assert '"dateModified": "2026-03-01"' in markdown


def test_revisions_follow_a_rename_and_an_id_used_again_is_another_figure():
    one, two = (
        Printed("1", "USD billion", "exact", None),
        Printed("2", "USD billion", "exact", None),
    )
    commits = [Commit(c * 40, f"2026-01-0{n}", f"step {n}") for n, c in enumerate("abcd", start=1)]
    steps = [
        Step((ChangeItem("figure revised", "x", "x", one, two),), ()),
        Step((ChangeItem("figure renamed", "y", "x"),), (("x", "y"),)),
        Step((ChangeItem("figure added", "x", "x", now=one),), ()),
        Step((ChangeItem("figure revised", "y", "y", two, one),), ()),
    ]
    history = assemble_history(list(zip(commits, steps, strict=True)), 5)
    assert history.revisions == {
        "y": (Revision(commits[0], one, two), Revision(commits[3], two, one))
    }
    assert [
        (e.commit.date, [(i.kind, i.id, i.was_id) for i in e.items]) for e in history.changes
    ] == [
        ("2026-01-04", [("figure revised", "y", "y")]),
        ("2026-01-03", [("figure added", "x", "x")]),
        ("2026-01-02", [("figure renamed", "y", "x")]),
        ("2026-01-01", [("figure revised", "y", "x")]),
    ]


IMPORTS = "cn-ru-imports-2023"
IMPORTS_AS_PRINTED = Printed("129.14", "USD billion", "exact", "12.7")
IMPORTS_BLOCK = "    value: 129.14\n    unit: USD billion\n    qualifier: exact\n    change: 12.7\n"


def step_after(data: Path, edited_block: str) -> Step:
    """diff_step from the seed to a copy whose imports figure's block is `edited_block`."""
    base, _ = check_data(data)
    facts = data / "facts/china-russia.yaml"
    facts.write_text(
        facts.read_text(encoding="utf-8").replace(IMPORTS_BLOCK, edited_block), encoding="utf-8"
    )
    head, _ = check_data(data)
    return diff_step(base, head)


@pytest.mark.parametrize(
    "edited, now",
    [
        (
            "    value: 129.15\n    unit: USD billion\n    qualifier: exact\n    change: 12.7\n",
            Printed("129.15", "USD billion", "exact", "12.7"),
        ),
        (
            "    value: 129.14\n    unit: USD million\n    qualifier: exact\n    change: 12.7\n",
            Printed("129.14", "USD million", "exact", "12.7"),
        ),
        (
            "    value: 129.14\n    unit: USD billion\n    qualifier: about\n    change: 12.7\n",
            Printed("129.14", "USD billion", "about", "12.7"),
        ),
        (
            "    value: 129.14\n    unit: USD billion\n    qualifier: exact\n    change: 12.8\n",
            Printed("129.14", "USD billion", "exact", "12.8"),
        ),
    ],
    ids=["value", "unit", "qualifier", "change"],
)
def test_an_edit_of_value_unit_qualifier_or_change_alone_is_a_revision(data_copy, edited, now):
    """Each of REVISION_FIELDS alone makes a revision a reader is told about, old → new as printed."""
    step = step_after(data_copy, edited)
    assert step == Step(
        (ChangeItem("figure revised", IMPORTS, IMPORTS, IMPORTS_AS_PRINTED, now),), ()
    )


def test_an_edit_of_a_figure_s_notes_alone_is_no_revision(data_copy):
    """A remark added to a figure changes no number a reader was given: nothing to list."""
    step = step_after(data_copy, IMPORTS_BLOCK + "    notes:\n      - provisional\n")
    assert step == Step((), ())


def test_the_series_read_in_this_process_gives_each_change_and_revision(repo):
    """Newest first: the hostile revision, the rename, the revision; the broken commits change nothing."""
    history = data_history(repo / "data")
    assert (history.available, history.note, history.commits) == (True, "", 7)
    first = Printed("180", "USD billion", "over", "2")
    second = Printed("184.50", "USD billion", "exact", "2.3")
    third = Printed("184.60", "USD billion", "exact", "2.3")
    exports = "cn-ru-exports-2023"
    assert [(e.commit.date, e.commit.message, e.items) for e in history.changes] == [
        (
            "2026-01-07",
            "Revise <script>alert(1)</script> | *bold* [x](javascript:alert(1))",
            (ChangeItem("figure revised", TURNOVER, TURNOVER, second, third),),
        ),
        (
            "2026-01-06",
            "Name the exports figure after its source",
            (ChangeItem("figure renamed", f"{exports}-customs", exports),),
        ),
        (
            "2026-01-03",
            "Revise January-September 2024 turnover to the customs figure",
            (ChangeItem("figure revised", TURNOVER, TURNOVER, first, second),),
        ),
        (
            "2026-01-02",
            "Add a brief on the record 2023",
            (ChangeItem("brief added", NEW_SLUG, NEW_SLUG),),
        ),
    ]
    assert {
        k: [(r.commit.date, r.was, r.now) for r in v] for k, v in history.revisions.items()
    } == {TURNOVER: [("2026-01-03", first, second), ("2026-01-07", second, third)]}


def test_revisions_after_a_day_are_those_committed_later(repo):
    """A brief dated 3 January published the first revision; only the one of the 7th came after."""
    history = data_history(repo / "data")
    later = revisions_after(history, TURNOVER, dt.date(2026, 1, 3))
    assert [r.commit.date for r in later] == ["2026-01-07"]
    assert [r.commit.date for r in revisions_after(history, TURNOVER, dt.date(2026, 1, 2))] == [
        "2026-01-03",
        "2026-01-07",
    ]
    assert revisions_after(history, "no-such-figure", dt.date(2026, 1, 1)) == ()


def test_a_step_survives_its_cache_s_json_unchanged():
    """step_to_json then step_from_json gives the same step, with and without old and new values."""
    was, now = Printed("1", "USD billion", "over", None), Printed("2", "USD million", "exact", "5")
    step = Step(
        (
            ChangeItem("brief added", "b", "b"),
            ChangeItem("figure revised", "x", "x", was, now),
            ChangeItem("figure added", "y", "y", now=now),
            ChangeItem("figure renamed", "z", "old-z"),
            ChangeItem("figure removed", "w", "w", was=was),
        ),
        (("old-z", "z"),),
    )
    data = json.loads(json.dumps(step_to_json(step)))
    assert step_from_json(data) == step
    assert data["renames"] == [["old-z", "z"]]
    assert data["items"][3] == {
        "kind": "figure renamed",
        "id": "z",
        "was_id": "old-z",
        "was": None,
        "now": None,
    }


@pytest.mark.parametrize(
    "message, line",
    [
        ("a" * 200, "a" * 200),  # at the limit: kept whole
        ("a" * 201, "a" * 199 + "…"),
        ("a" * 198 + " b" + "c" * 10, "a" * 198 + "…"),  # no space before the ellipsis
        ("\n\n  first  line \nsecond", "first line"),
        ("zero\u200bwidth   and\x07bell", "zerowidth andbell"),
    ],
)
def test_a_commit_message_is_its_first_line_of_at_most_200_characters(message, line):
    """Control and invisible characters dropped, white space folded, cut with an ellipsis past 200."""
    assert subject_line(message) == line


NEW_FIGURE = """
  - id: cn-ru-balance-2023
    reporter: CHN
    partner: RUS
    flow: balance
    period: 2023
    value: -18.17
    unit: USD billion
    source: cn-customs-2023-via-tass
"""


def edited_step(data: Path, edit) -> Step:
    """diff_step from the seed to a copy of it that `edit(data)` changed."""
    base, _ = check_data(data)
    edit(data)
    head, _ = check_data(data)
    return diff_step(base, head)


def test_a_figure_added_and_one_removed_are_listed_with_their_values_kinds_in_order(data_copy):
    """Added with its new value, removed with its old one; figures added before figures removed."""

    def edit(data: Path) -> None:
        facts = data / "facts/china-russia.yaml"
        text = facts.read_text(encoding="utf-8")
        start = text.index("  - id: ru-cn-turnover-2024-jan-sep")
        end = text.index("  - id: cn-ru-turnover-2023")
        text = text[:start] + text[end:]
        text = text.replace("\nranks:", NEW_FIGURE + "\nranks:")
        facts.write_text(text, encoding="utf-8")
        brief = next((data / "briefs").glob("*.yaml"))
        brief.write_text(
            brief.read_text(encoding="utf-8").replace("  - ru-cn-turnover-2024-jan-sep\n", ""),
            encoding="utf-8",
        )

    step = edited_step(data_copy, edit)
    assert step == Step(
        (
            ChangeItem(
                "figure added",
                "cn-ru-balance-2023",
                "cn-ru-balance-2023",
                now=Printed("-18.17", "USD billion", "exact", None),
            ),
            ChangeItem(
                "figure removed", TURNOVER, TURNOVER, was=Printed("180", "USD billion", "over", "2")
            ),
        ),
        (),
    )


def test_a_draft_brief_is_not_added_until_it_is_published(data_copy):
    """A new brief marked draft: no change; the same brief published: 'brief added'."""
    new = (Path(__file__).parent / "diff" / "new-brief.yaml").read_text(encoding="utf-8")
    target = data_copy / "briefs" / "2024-11-05-china-russia-record-2023.yaml"
    draft = edited_step(
        data_copy, lambda data: target.write_text(new + "draft: true\n", encoding="utf-8")
    )
    assert draft == Step((), ())
    published = edited_step(data_copy, lambda data: target.write_text(new, encoding="utf-8"))
    assert published.items == (ChangeItem("brief added", NEW_SLUG, NEW_SLUG),)


ONE, TWO = Printed("1", "USD billion", "exact", None), Printed("2", "USD billion", "exact", None)


def history_of(*steps: Step) -> History:
    commits = [
        Commit(f"{n:040x}", f"2026-01-{n:02d}", f"step {n}") for n in range(1, len(steps) + 1)
    ]
    return assemble_history(list(zip(commits, steps, strict=True)), len(steps))


def test_an_id_revised_twice_before_a_rename_keeps_both_revisions_under_the_new_id():
    """Revise a, revise a, rename a to b: both revisions are b's."""
    history = history_of(
        Step((ChangeItem("figure revised", "a", "a", ONE, TWO),), ()),
        Step((ChangeItem("figure revised", "a", "a", TWO, ONE),), ()),
        Step((ChangeItem("figure renamed", "b", "a"),), (("a", "b"),)),
    )
    assert {k: [r.commit.date for r in v] for k, v in history.revisions.items()} == {
        "b": ["2026-01-01", "2026-01-02"]
    }


def test_an_id_used_again_after_a_removal_names_the_old_figure_before_it():
    """Revise a, remove a, add a new a, rename it c: the first revision stays a's, not c's."""
    history = history_of(
        Step((ChangeItem("figure revised", "a", "a", ONE, TWO),), ()),
        Step((ChangeItem("figure removed", "a", "a", was=TWO),), ()),
        Step((ChangeItem("figure added", "a", "a", now=ONE),), ()),
        Step((ChangeItem("figure renamed", "c", "a"),), (("a", "c"),)),
    )
    assert list(history.revisions) == ["a"]
    assert [[(i.kind, i.id) for i in e.items] for e in history.changes] == [
        [("figure renamed", "c")],
        [("figure added", "c")],
        [("figure removed", "a")],
        [("figure revised", "a")],
    ]


def test_renames_are_followed_to_the_id_a_figure_has_today():
    """Rename a to b, then b to c: a revision made under a is c's."""
    history = history_of(
        Step((ChangeItem("figure revised", "a", "a", ONE, TWO),), ()),
        Step((ChangeItem("figure renamed", "b", "a"),), (("a", "b"),)),
        Step((ChangeItem("figure renamed", "c", "b"),), (("b", "c"),)),
    )
    assert list(history.revisions) == ["c"]
    assert [e.items[0].id for e in history.changes] == ["c", "c", "c"]


def test_a_step_lists_revisions_before_renames(data_copy):
    """Exports renamed, imports revised: the revision first, then the rename, whatever the ids' order."""
    exports = "cn-ru-exports-2023"

    def edit(data: Path) -> None:
        for path in (data / "facts/china-russia.yaml", next((data / "briefs").glob("*.yaml"))):
            text = path.read_text(encoding="utf-8").replace(exports, f"{exports}-customs")
            path.write_text(text.replace("value: 129.14", "value: 129.10"), encoding="utf-8")

    step = edited_step(data_copy, edit)
    assert [(i.kind, i.id, i.was_id) for i in step.items] == [
        ("figure revised", "cn-ru-imports-2023", "cn-ru-imports-2023"),
        ("figure renamed", f"{exports}-customs", exports),
    ]
    assert step.renames == ((exports, f"{exports}-customs"),)
