"""A commit's data/ folder read from git, or the working tree's, and checked: the two sides `tradebriefs diff` compares.

The only code that runs git. A commit's files are read from git's objects (`git ls-tree`, `git cat-file`)
into a temporary folder, never checked out: the working tree is left alone, and only regular files are
written (a symbolic link or a submodule in a commit is not followed).
"""

from __future__ import annotations

import contextlib
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .diff import Side
from .pipeline import check_data

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


def write_commit_data(root: Path, commit: str, into: Path) -> None:
    """The commit's data/ folder, written under `into`: regular files only, their bytes as committed."""
    listing = run_git(root, "ls-tree", "-r", "-z", "--full-tree", commit, "--", DATA_FOLDER)
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
            files.append((path, blob))
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


def check_folder(folder: Path) -> tuple:
    """check_data on folder/data/, run from `folder` so every place reads data/facts/x.yaml:14:7."""
    with contextlib.chdir(folder):
        return check_data(Path(DATA_FOLDER))


def read_side(root: Path, ref: Ref) -> Side:
    """One side, checked: the commit's data/ from git, or the working tree's data/ as it is."""
    if ref.commit is None:
        checked, findings = check_folder(root)
        return Side(ref.label, None, checked, tuple(findings))
    with tempfile.TemporaryDirectory(prefix="tradebriefs-diff-") as tmp:
        write_commit_data(root, ref.commit, Path(tmp))
        checked, findings = check_folder(Path(tmp))
    return Side(ref.label, ref.commit[:SHORT_SHA], checked, tuple(findings))
