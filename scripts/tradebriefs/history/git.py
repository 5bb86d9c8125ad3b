"""A commit's data/ folder read from git, or the working tree's, and checked: the two sides `tradebriefs diff`
compares, and the commits of the data's history (history/changes.py) that the site's revision notes come from.

The only code that runs git. A commit's files are read from git's objects (`git ls-tree`, `git cat-file`)
into a temporary folder, never checked out: the working tree is left alone, and only regular files are
written (a symbolic link or a submodule in a commit is not followed).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from tradebriefs.core import keys
from tradebriefs.core.errors import errors_in
from tradebriefs.core.store import Store
from tradebriefs.facts.pipeline import Checked, check_data
from tradebriefs.facts.revisions import Commit, History
from tradebriefs.history.changes import (
    Step,
    assemble_history,
    diff_step,
    step_from_json,
    step_to_json,
    subject_line,
)
from tradebriefs.history.diff import Side

# Where the data lives in the repository, and how messages place it: data/facts/x.yaml:14:7.
DATA_FOLDER = "data"
# Where the default BASE comes from: the merge-base of HEAD with the first of these that exists.
MAIN_BRANCHES = (
    ("main", "refs/heads/main"),
    ("origin/main", "refs/remotes/origin/main"),
    ("master", "refs/heads/master"),
)
# Git's modes for files; 120000 is a symbolic link and 160000 a submodule, neither of them read.
REGULAR_FILE_MODES = ("100644", "100755")
SHORT_SHA = 7  # abbreviated commit ids, as git shows them by default
GIT_TIMEOUT_S = 120
SHALLOW_ADVICE = "fetch more history, e.g. git fetch --deepen=50 or fetch-depth: 0"
# The site's revision history reads the last this many commits that changed the data (each compared with the
# one before it): enough for the notes a reader needs, few enough that a cold build reads them in seconds.
HISTORY_COMMITS = 50


class GitError(Exception):
    """What went wrong, in one line for the user."""


@dataclass(frozen=True)
class Ref:
    """One side to compare: a commit, or the working tree (commit None)."""

    label: str  # as the user named it, or how it was found
    commit: str | None


def run_git(root: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(
            ["git", "-C", str(root), *args], input=stdin, capture_output=True, timeout=GIT_TIMEOUT_S
        )
    except FileNotFoundError:
        raise GitError("git not found: install git to compare commits") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} took more than {GIT_TIMEOUT_S} s") from None


def git_text(root: Path, *args: str) -> str | None:
    """git's output as one stripped line, or None when git failed."""
    done = run_git(root, *args)
    return done.stdout.decode("utf-8", "replace").strip() if done.returncode == 0 else None


def head_of(folder: Path) -> str | None:
    """The commit checked out where `folder` is (the data's history ends there); None without git."""
    try:
        return git_text(folder, "rev-parse", "HEAD")
    except GitError:
        return None


def find_repository(folder: Path) -> Path:
    """The top folder of the git work tree that holds `folder`."""
    top = git_text(folder, "rev-parse", "--show-toplevel")
    if not top:
        raise GitError(
            f"not a git repository: {folder} (tradebriefs diff compares commits; run it inside a clone)"
        )
    return Path(top)


def is_shallow(root: Path) -> bool:
    return git_text(root, "rev-parse", "--is-shallow-repository") == "true"


def missing_history(role: str) -> GitError:
    return GitError(
        f"{role}: commit not in this clone's history (a shallow clone?): {SHALLOW_ADVICE}"
    )


def resolve_commit(root: Path, ref: str, role: str) -> str:
    """The full id of the commit `ref` names; a one-line error when there is none."""
    commit = git_text(
        root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"
    )
    if commit:
        return commit
    if is_shallow(root):
        raise missing_history(role)
    raise GitError(f"{role}: unknown ref '{ref}' (not a branch, tag or commit of this repository)")


def find_main_branch(root: Path) -> tuple[str, str]:
    """(name, full ref) of the first of MAIN_BRANCHES this repository has."""
    for name, full in MAIN_BRANCHES:
        if git_text(root, "rev-parse", "--verify", "--quiet", full):
            return name, full
    names = ", ".join(name for name, _ in MAIN_BRANCHES)
    raise GitError(
        f"BASE: no main branch to compare with (looked for {names}): name BASE, "
        "e.g. tradebriefs diff origin/main"
    )


def default_base(root: Path, head: Ref) -> Ref:
    """The merge-base of HEAD (the commit given, or the working tree's HEAD) with the main branch."""
    name, full = find_main_branch(root)
    tip = head.commit or resolve_commit(root, "HEAD", "HEAD")
    base = git_text(root, "merge-base", tip, full)
    if not base:
        if is_shallow(root):
            raise missing_history("BASE")
        raise GitError(f"BASE: {head.label} and {name} have no commit in common: name BASE")
    return Ref(f"merge-base with {name}", base)


def resolve_refs(root: Path, base: str | None, head: str | None) -> tuple[Ref, Ref]:
    """BASE and HEAD as the user gave them; by default the merge-base with main, and the working tree."""
    head_ref = Ref(head, resolve_commit(root, head, "HEAD")) if head else Ref("working tree", None)
    base_ref = (
        Ref(base, resolve_commit(root, base, "BASE")) if base else default_base(root, head_ref)
    )
    return base_ref, head_ref


def safe_relative(path: str) -> PurePosixPath | None:
    """A path from a git tree, if it stays inside the folder it is written into."""
    parts = PurePosixPath(path).parts
    if not parts or path.startswith("/") or any(p in ("", ".", "..") or "\\" in p for p in parts):
        return None
    return PurePosixPath(*parts)


def write_commit_data(root: Path, commit: str, into: Path, folder: str = DATA_FOLDER) -> None:
    """The commit's data folder (`folder`, from the repository's top), written as into/data/: regular files
    only, their bytes as committed."""
    listing = run_git(root, "ls-tree", "-r", "-z", "--full-tree", commit, "--", folder)
    if listing.returncode != 0:
        raise GitError(f"{commit[:SHORT_SHA]}: git ls-tree failed: {first_line(listing.stderr)}")
    files = []
    for entry in listing.stdout.split(b"\0"):
        if not entry:
            continue
        meta, _, name = entry.partition(b"\t")
        mode, kind, blob = meta.decode().split()
        path = safe_relative(name.decode("utf-8", "surrogateescape"))
        if kind == "blob" and mode in REGULAR_FILE_MODES and path and len(path.parts) > 1:
            inside = path if folder == "." else path.relative_to(folder)
            files.append((PurePosixPath(DATA_FOLDER, inside), blob))
    (into / DATA_FOLDER).mkdir(parents=True, exist_ok=True)
    if not files:
        return
    batch = run_git(
        root, "cat-file", "--batch", stdin=b"".join(blob.encode() + b"\n" for _, blob in files)
    )
    if batch.returncode != 0:
        raise GitError(f"{commit[:SHORT_SHA]}: git cat-file failed: {first_line(batch.stderr)}")
    out, at = batch.stdout, 0
    for path, _ in files:
        header_end = out.index(b"\n", at)
        size = int(out[at:header_end].split()[2])
        target = into / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(out[header_end + 1 : header_end + 1 + size])
        at = header_end + 1 + size + 1  # the content is followed by a newline


def first_line(stderr: bytes) -> str:
    lines = stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[0] if lines else "no message"


def check_folder(folder: Path, data: str = DATA_FOLDER) -> tuple:
    """check_data on folder/data/, run from `folder` so every place reads data/facts/x.yaml:14:7."""
    with contextlib.chdir(folder):
        return check_data(Path(data))


def read_side(root: Path, ref: Ref, folder: str = DATA_FOLDER) -> Side:
    """One side, checked: the commit's data folder (`folder`, relative to the repository's root) from git,
    or the working tree's as it is."""
    if ref.commit is None:
        checked, findings = check_folder(root, folder)
        return Side(ref.label, None, checked, tuple(findings))
    with tempfile.TemporaryDirectory(prefix="tradebriefs-diff-") as tmp:
        write_commit_data(root, ref.commit, Path(tmp), folder)
        checked, findings = check_folder(Path(tmp))
    return Side(ref.label, ref.commit[:SHORT_SHA], checked, tuple(findings))


# The data's history, for the site's revision notes and its "What changed" page.


def commit_date(seconds: str) -> str:
    """A commit's committer time (seconds since 1970) as its UTC date: 2026-01-05."""
    return dt.datetime.fromtimestamp(int(seconds), dt.UTC).date().isoformat()


def data_commits(root: Path, folder: str, limit: int) -> list[Commit]:
    """The last `limit` commits of HEAD's first-parent line that changed `folder`, newest first: the states of
    the data the main line has held (a merged branch's commits count as its merge)."""
    done = run_git(
        root, "log", "--first-parent", f"-n{limit}", "-z", "--format=%H%x1f%ct%x1f%B", "--", folder
    )
    if done.returncode != 0:
        raise GitError(f"git log failed: {first_line(done.stderr)}")
    commits = []
    for record in done.stdout.split(b"\0"):
        if record.strip():
            sha, seconds, message = record.decode("utf-8", "replace").split("\x1f", 2)
            commits.append(Commit(sha.strip(), commit_date(seconds), subject_line(message)))
    return commits


class HistoryCache:
    """In the build's store: whether a commit's data passed its checks, and what a commit changed against the
    one before it, as JSON. A commit's data never changes, so an entry is valid for as long as the code that
    checks and compares (this module's import closure) and the libraries that read the data are the same."""

    KIND = "history"

    def __init__(self, store: Store | None, data_folder: str):
        self.store = store if store is not None else Store(None)
        self.folder = data_folder

    def _key(self, name: str) -> str:
        salt = keys.code_salt(__name__, ("PyYAML", "jsonschema", "pycountry", "Babel"))
        return keys.key(self.KIND, salt, (self.folder, name))

    def get(self, name: str):
        kept = self.store.get(self.KIND, self._key(name)) if self.store.on else None
        try:
            return json.loads(kept) if kept is not None else None
        except ValueError:
            return None

    def put(self, name: str, data) -> None:
        if self.store.on:
            text = json.dumps(data, ensure_ascii=False, sort_keys=True)
            self.store.put(self.KIND, self._key(name), text.encode("utf-8"))


def read_commit(root: Path, sha: str, folder: str) -> tuple[Checked, bool]:
    """A commit's data, checked, and whether it passed (no errors: a site could be built from it)."""
    with tempfile.TemporaryDirectory(prefix="tradebriefs-history-") as tmp:
        write_commit_data(root, sha, Path(tmp), folder)
        checked, findings = check_folder(Path(tmp))
    return checked, not errors_in(findings)


def history_steps(
    root: Path, folder: str, commits: list[Commit], cache: HistoryCache
) -> list[tuple[Commit, Step]]:
    """Each good commit (oldest first) against the good one before it; a commit whose data has errors is
    skipped. A commit is read and checked only when the cache does not have what is needed of it."""
    steps: list[tuple[Commit, Step]] = []
    previous: tuple[str, Checked | None] | None = None
    for commit in commits:
        checked, passed = None, cache.get(commit.sha)
        if passed is None:
            checked, passed = read_commit(root, commit.sha, folder)
            cache.put(commit.sha, passed)
        if not passed:
            continue
        if previous is not None:
            name = f"{previous[0]}-{commit.sha}"
            cached = cache.get(name)
            if cached is None:
                base = previous[1] or read_commit(root, previous[0], folder)[0]
                checked = checked or read_commit(root, commit.sha, folder)[0]
                step = diff_step(base, checked)
                cache.put(name, step_to_json(step))
            else:
                step = step_from_json(cached)
            steps.append((commit, step))
        previous = (commit.sha, checked)
    return steps


def data_history(
    data_dir: Path, store: Store | None = None, limit: int = HISTORY_COMMITS
) -> History:
    """The history of `data_dir` from the commits that changed it (each commit's checks kept in `store`, the
    build's; None: none); without git history (not a checkout, a
    shallow clone, no commit yet), NO history and the reason in one line. The working tree's uncommitted
    changes are not history."""
    try:
        top = git_text(Path(data_dir), "rev-parse", "--show-toplevel")
        if not top:
            return History(False, f"{data_dir} is not in a git checkout")
        root = Path(top)
        if is_shallow(root):
            return History(
                False,
                "a shallow clone: fetch the whole history (git fetch --unshallow, or fetch-depth: 0)",
            )
        folder = (git_text(Path(data_dir), "rev-parse", "--show-prefix") or "").rstrip("/") or "."
        if git_text(root, "rev-parse", "--verify", "--quiet", "HEAD") is None:
            return History(False, "the repository has no commit yet")
        commits = data_commits(root, folder, limit)  # the oldest is where the first step starts
        if not commits:
            return History(False, f"no commit has changed {folder}/ yet")
        cache = HistoryCache(store, folder)
        return assemble_history(history_steps(root, folder, commits[::-1], cache), len(commits))
    except GitError as error:
        return History(False, str(error))
