"""`tradebriefs diff` over a real git repository: a series of commits, each step's exact diff in text,
Markdown and JSON, and the one-line errors at the edge.

The repository is made once per module in a temporary folder from tests/fixtures/seed/ (the tests' own
copy of the seed data, so an editor adding a brief to data/ does not change these outputs), with fixed authors and dates, so
commit ids and every output are the same on every machine. The expected outputs are tests/diff/<step>.<ext>;
after an intended change, rewrite them with `make goldens` (UPDATE_GOLDENS=1) and read `git diff tests/diff/`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import REPO, SEED, run_cli
from tradebriefs.cli import main

FIXTURES = Path(__file__).parent / "diff"
UPDATE = os.environ.get("UPDATE_GOLDENS") == "1"
EXTENSIONS = {"text": "txt", "markdown": "md", "json": "json"}
FACTS = "data/facts/china-russia.yaml"
OLD_BRIEF = "data/briefs/2024-10-28-russia-china-trade-drivers.yaml"
NEW_BRIEF = "data/briefs/2024-11-05-china-russia-record-2023.yaml"
# Git without the machine's or the user's configuration, and with fixed names and dates: fixed commit ids.
GIT_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Editor",
    "GIT_AUTHOR_EMAIL": "editor@example.org",
    "GIT_AUTHOR_DATE": "2026-01-05T10:00:00+00:00",
    "GIT_COMMITTER_NAME": "Editor",
    "GIT_COMMITTER_EMAIL": "editor@example.org",
    "GIT_COMMITTER_DATE": "2026-01-05T10:00:00+00:00",
}

# Each step: its tag, its commit message, and its edits as (file, old text, new text); old None writes a new
# file with the given text. Every old text must be found, and is replaced wherever it stands.
STEPS = [
    (
        "add-brief",
        "Add a brief on the record 2023",
        [(NEW_BRIEF, None, (FIXTURES / "new-brief.yaml").read_text(encoding="utf-8"))],
    ),
    (
        "revise-figure",
        "Revise January-September 2024 turnover to the customs figure",
        [
            (FACTS, "    value: 180\n", "    value: 184.50\n"),
            (FACTS, "    qualifier: over\n", "    qualifier: exact\n"),
            (FACTS, "    change: 2\n", "    change: 2.3\n"),
            (
                OLD_BRIEF,
                "year earlier, Dakhnovsky said, despite",
                "year earlier, customs data show, despite",
            ),
        ],
    ),
    (
        "break-sum",
        "Type 139.14 for 129.14",
        [(FACTS, "    value: 129.14\n", "    value: 139.14\n")],
    ),
    ("fix-sum", "Imports are 129.14", [(FACTS, "    value: 139.14\n", "    value: 129.14\n")]),
    (
        "rename-id",
        "Name the exports figure after its source",
        [
            (path, "cn-ru-exports-2023", "cn-ru-exports-2023-customs")
            for path in (FACTS, OLD_BRIEF, NEW_BRIEF)
        ],
    ),
]
PAIRS = [("seed", STEPS[0][0])] + [(a[0], b[0]) for a, b in zip(STEPS, STEPS[1:], strict=False)]


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *args],
        capture_output=True,
        text=True,
        env={**os.environ, **GIT_ENV},
        check=True,
    )
    return done.stdout.strip()


def apply_edits(repo: Path, edits) -> None:
    for path, old, new in edits:
        file = repo / path
        if old is None:
            file.write_text(new, encoding="utf-8")
            continue
        text = file.read_text(encoding="utf-8")
        assert old in text, f"{path}: {old!r} not found"
        file.write_text(text.replace(old, new), encoding="utf-8")


def commit(repo: Path, message: str, tag: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    git(repo, "tag", tag)


@pytest.fixture(scope="module")
def git_env():
    """The test's git settings for every git the code runs too (the CLI in-process and in subprocesses)."""
    saved = {name: os.environ.get(name) for name in GIT_ENV}
    os.environ.update(GIT_ENV)
    yield
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(scope="module")
def repo(tmp_path_factory, git_env) -> Path:
    """A repository on `main`: the seed, then each step as one commit, tagged with the step's name."""
    repo = tmp_path_factory.mktemp("diff") / "repo"
    shutil.copytree(SEED, repo / "data")
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "Seed data", "seed")
    for tag, message, edits in STEPS:
        apply_edits(repo, edits)
        commit(repo, message, tag)
    return repo


def run_diff(repo: Path, *args: str, capsys, monkeypatch) -> tuple[int, str, str]:
    """`tradebriefs diff ARGS` in-process, run in the repository: (exit code, stdout, stderr)."""
    monkeypatch.chdir(repo)
    code = main(["diff", *args])
    out, err = capsys.readouterr()
    return code, out, err


def expect(name: str, actual: str) -> None:
    """`actual` must equal tests/diff/<name>; with UPDATE_GOLDENS=1, it is written there instead."""
    golden = FIXTURES / name
    if UPDATE:
        golden.write_text(actual, encoding="utf-8")
    assert golden.exists(), f"no {golden}: run with UPDATE_GOLDENS=1, then read it"
    assert actual == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", list(EXTENSIONS))
@pytest.mark.parametrize(("base", "head"), PAIRS, ids=[head for _, head in PAIRS])
def test_each_step_diffs_as_expected(repo, base, head, fmt, capsys, monkeypatch):
    code, out, err = run_diff(
        repo, base, head, "--format", fmt, capsys=capsys, monkeypatch=monkeypatch
    )
    assert (code, err) == (0, "")
    expect(f"{head}.{EXTENSIONS[fmt]}", out)


def test_json_holds_decimals_as_their_printed_digits(repo, capsys, monkeypatch):
    _, out, _ = run_diff(
        repo,
        "add-brief",
        "revise-figure",
        "--format",
        "json",
        capsys=capsys,
        monkeypatch=monkeypatch,
    )
    report = json.loads(out, parse_float=lambda text: pytest.fail(f"a float in the JSON: {text}"))
    figure = report["facts"]["figures"]["changed"][0]
    assert {c["field"]: (c["was"], c["now"]) for c in figure["changes"]}["value"] == (
        "180",
        "184.50",
    )


@pytest.mark.parametrize(
    ("base", "head", "code"),
    [
        ("revise-figure", "break-sum", 1),  # the sum breaks
        ("break-sum", "break-sum", 0),  # broken on both sides: not new
        ("break-sum", "fix-sum", 0),  # fixed
        ("seed", "add-brief", 0),
    ],
)
def test_fail_on_error_exits_1_only_for_an_error_base_did_not_have(
    repo, base, head, code, capsys, monkeypatch
):
    assert (
        run_diff(repo, base, head, "--fail-on", "error", capsys=capsys, monkeypatch=monkeypatch)[0]
        == code
    )


def test_fail_on_error_through_the_real_command(repo):
    assert (
        run_cli("diff", "revise-figure", "break-sum", "--fail-on", "error", cwd=repo).returncode
        == 1
    )
    assert run_cli("diff", "break-sum", "fix-sum", "--fail-on", "error", cwd=repo).returncode == 0


def test_default_compares_the_merge_base_with_main_to_the_working_tree(
    repo, tmp_path, capsys, monkeypatch
):
    """On a branch, with a commit and an uncommitted edit: both show, against where the branch left main."""
    work = tmp_path / "work"
    git(repo, "worktree", "add", "-q", "-b", "quote-edit", str(work), "main")
    try:
        apply_edits(work, [(FACTS, "drivers of foreign trade", "drivers of its foreign trade")])
        git(work, "commit", "-q", "-am", "Quote as printed")
        apply_edits(
            work, [("data/facts/sources.yaml", "publisher: TASS", "publisher: TASS news agency")]
        )
        code, out, err = run_diff(work, capsys=capsys, monkeypatch=monkeypatch)
    finally:
        monkeypatch.chdir(tmp_path)
        git(repo, "worktree", "remove", "--force", str(work))
        git(repo, "branch", "-D", "quote-edit")
    assert (code, err) == (0, "")
    expect("working-tree.txt", out)


def test_data_errors_are_part_of_the_diff(repo, tmp_path, capsys, monkeypatch):
    """A HEAD whose data does not load is still compared: its errors are new errors, and --fail-on sees them."""
    work = tmp_path / "work"
    git(repo, "worktree", "add", "-q", "--detach", str(work), "rename-id")
    try:
        apply_edits(work, [(FACTS, "    value: 129.14\n", "    value: 129.14.0\n")])
        code, out, err = run_diff(
            work, "rename-id", "--fail-on", "error", capsys=capsys, monkeypatch=monkeypatch
        )
    finally:
        monkeypatch.chdir(tmp_path)
        git(repo, "worktree", "remove", "--force", str(work))
    assert (code, err) == (1, "")
    expect("data-error.txt", out)


def test_a_draft_brief_is_listed_but_changes_no_published_file(repo, tmp_path, capsys, monkeypatch):
    work = tmp_path / "work"
    git(repo, "worktree", "add", "-q", "--detach", str(work), "rename-id")
    draft = git(repo, "show", f"rename-id:{NEW_BRIEF}") + "\n"
    draft = (
        draft.replace("2024-11-05-china-russia-record-2023", "2024-11-06-draft") + "draft: true\n"
    )
    try:
        apply_edits(work, [("data/briefs/2024-11-06-draft.yaml", None, draft)])
        code, out, _ = run_diff(work, "rename-id", capsys=capsys, monkeypatch=monkeypatch)
    finally:
        monkeypatch.chdir(tmp_path)
        git(repo, "worktree", "remove", "--force", str(work))
    assert code == 0
    assert out.splitlines()[1:] == [
        "1 brief added",
        "",
        "Briefs",
        "  + 2024-11-06-draft: 2024-11-05: China's trade with Russia set a record in 2023 (draft)",
    ]


def test_markdown_escapes_hostile_text_from_the_data(repo, tmp_path, capsys, monkeypatch):
    work = tmp_path / "work"
    git(repo, "worktree", "add", "-q", "--detach", str(work), "rename-id")
    hostile = (
        "<img src=x onerror=alert(1)> | **bold** [link](https://evil.example) @security-team $x$"
    )
    try:
        apply_edits(work, [(FACTS, "drivers of foreign trade", hostile)])
        code, out, _ = run_diff(
            work, "rename-id", "--format", "markdown", capsys=capsys, monkeypatch=monkeypatch
        )
    finally:
        monkeypatch.chdir(tmp_path)
        git(repo, "worktree", "remove", "--force", str(work))
    assert code == 0
    row = next(line for line in out.splitlines() if "onerror" in line)
    assert "<img" not in row and "&lt;img src=x onerror=alert(1)&gt;" in row
    assert (
        r"\| \*\*bold\*\* \[link\](https:" + "\u2060//evil.example) @\u2060security-team \\$x\\$"
        in row
    )


def test_a_shallow_clone_says_to_fetch_more_history(repo, tmp_path):
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))
    for base in ("HEAD~1", git(repo, "rev-parse", "seed")):
        result = run_cli("diff", base, "HEAD", cwd=clone)
        assert (result.returncode, result.stdout) == (1, "")
        assert result.stderr == (
            "tradebriefs: error: BASE: commit not in this clone's history (a shallow clone?): fetch more history, "
            "e.g. git fetch --deepen=50 or fetch-depth: 0\n"
        )


def test_outside_a_git_repository_is_one_line(tmp_path, monkeypatch):
    # Git looks no higher than the temporary folders, even if they were inside a repository.
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    result = run_cli("diff", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        f"tradebriefs: error: not a git repository: {tmp_path} "
        "(tradebriefs diff compares commits; run it inside a clone)\n"
    )


def test_an_unknown_ref_is_one_line(repo):
    result = run_cli("diff", "no-such-branch", cwd=repo)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        "tradebriefs: error: BASE: unknown ref 'no-such-branch' (not a branch, tag or commit of this repository)\n"
    )


def test_without_a_main_branch_base_must_be_named(tmp_path, git_env):
    repo = tmp_path / "trunk"
    shutil.copytree(SEED, repo / "data")
    git(repo, "init", "-q", "-b", "trunk")
    commit(repo, "Seed data", "seed")
    result = run_cli("diff", cwd=repo)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        "tradebriefs: error: BASE: no main branch to compare with (looked for main, origin/main, master): "
        "name BASE, e.g. tradebriefs diff origin/main\n"
    )
    assert run_cli("diff", "seed", cwd=repo).returncode == 0


def test_the_docs_link_the_real_sample_of_the_markdown():
    """The sample a reader follows is the golden file this suite compares with, never a pasted copy."""
    assert (FIXTURES / "break-sum.md").is_file()
    for page in ("README.md", "handbook/history.md"):
        assert "tests/diff/break-sum.md" in (REPO / page).read_text(encoding="utf-8"), page
