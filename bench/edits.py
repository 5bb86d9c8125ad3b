"""Random sequences of an editor's and a machine's changes, each followed by an incremental build that must
equal, byte for byte, a build with every cache off (issue 22's property: an incremental build equals a clean
one, always).

A sandbox holds a whole project as an editor's checkout does: mkdocs.yml, docs/, overrides/, data/ (synthetic,
from generate.py), the package's own code under scripts/ (so a template can be edited without touching the
repository), a git repository over all of it, and one cache. Each step makes one change from EDITS, then:

- builds with the shared cache into site/ (the incremental build);
- builds with TRADEBRIEFS_CACHE=off into a fresh folder (the reference);
- checks that both succeed or both fail; when both succeed, that the two sites hold the same files with the
  same bytes; when both fail, that site/ is byte for byte what it was before the step.

`tests/test_incremental.py` runs short sequences in `make test`; `python -m bench --edits N` a long one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench.generate import generate_dataset

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "scripts" / "tradebriefs"
TEMPLATES = ("brief.md.j2", "home.md.j2", "pair.md.j2", "data_pair.md.j2", "brief_list.md.j2")
TIMEOUT_S = 600


class Mismatch(AssertionError):
    """The incremental site differs from the clean one (or one build failed where the other did not)."""


def snapshot(folder: Path) -> dict[str, str]:
    """{path in the folder: sha256 of its bytes}, every file."""
    if not folder.is_dir():
        return {}
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def differences(one: dict[str, str], other: dict[str, str], limit: int = 8) -> str:
    names = sorted(path for path in one.keys() | other.keys() if one.get(path) != other.get(path))
    lines = [
        f"  {path}: {'missing' if path not in one else 'extra' if path not in other else 'bytes differ'}"
        for path in names[:limit]
    ]
    more = f"\n  ... and {len(names) - limit} more" if len(names) > limit else ""
    return "\n".join(lines) + more


@dataclass
class Sandbox:
    root: Path
    today: dt.date
    briefs: list[Path] = field(default_factory=list)
    log: list[str] = field(default_factory=list)
    step: int = 0

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def cache(self) -> Path:
        return self.root / "cache"

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def templates(self) -> Path:
        return self.root / "scripts" / "tradebriefs" / "render" / "templates"

    def environ(self, cache: Path | str) -> dict[str, str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("SOURCE_DATE_EPOCH", "SITE_URL", "TRADEBRIEFS_TODAY")
        }
        return {
            **env,
            "PYTHONPATH": str(self.root / "scripts"),
            "TRADEBRIEFS_CACHE": str(cache),
            "TRADEBRIEFS_TODAY": self.today.isoformat(),
            "NO_MKDOCS_2_WARNING": "1",
            "CI": "true",  # no progress counters
        }

    def start_build(self, site: Path, cache: Path | str) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "-m", "tradebriefs.cli", "build", "--site", str(site)],
            cwd=self.root,
            env=self.environ(cache),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def git(self, *args: str) -> None:
        subprocess.run(
            ["git", "-C", str(self.root), *args],
            check=True,
            capture_output=True,
            env={
                **os.environ,
                "GIT_AUTHOR_NAME": "Editor",
                "GIT_AUTHOR_EMAIL": "editor@example.org",
                "GIT_COMMITTER_NAME": "Editor",
                "GIT_COMMITTER_EMAIL": "editor@example.org",
                "GIT_AUTHOR_DATE": f"{self.today.isoformat()}T12:00:00Z",
                "GIT_COMMITTER_DATE": f"{self.today.isoformat()}T12:00:00Z",
            },
        )


def finish(process: subprocess.Popen) -> tuple[int, str]:
    _, stderr = process.communicate(timeout=TIMEOUT_S)
    return process.returncode, stderr


def make_sandbox(root: Path, briefs: int = 6) -> Sandbox:
    """A project in `root`: the repository's configuration, pages and theme, the package's code, synthetic data
    of `briefs` briefs, all committed to git; the publication day is the eve of the newest brief, so that brief
    is scheduled until a step passes midnight."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ("docs", "overrides"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(
        PACKAGE, root / "scripts" / "tradebriefs", ignore=shutil.ignore_patterns("__pycache__")
    )
    generate_dataset(briefs, root / "data")
    dates = [
        dt.date.fromisoformat(m[1])
        for p in (root / "data" / "briefs").glob("*.yaml")
        if (m := re.search(r"^date: (\S+)$", p.read_text(encoding="utf-8"), re.M))
    ]
    box = Sandbox(root, max(dates) - dt.timedelta(days=1))
    (root / ".gitignore").write_text("site*/\ncache/\n__pycache__/\n", encoding="utf-8")
    box.git("init", "-q", "-b", "main")
    box.git("add", "-A")
    box.git("commit", "-q", "-m", "The first data")
    return box


# The edits. Each takes the sandbox and a random source and returns a line saying what it did.


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    if old not in text:
        raise ValueError(f"{path}: {old!r} not found")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def facts_files(box: Sandbox) -> list[Path]:
    return sorted(
        p for p in (box.data / "facts").glob("*.yaml") if "figures:" in p.read_text("utf-8")
    )


def brief_files(box: Sandbox) -> list[Path]:
    return sorted((box.data / "briefs").glob("*.yaml"))


def edit_figure(box: Sandbox, rng: random.Random) -> str:
    """A figure qualified "about", or its qualifier taken away: the printed value changes on every page that shows it."""
    path = rng.choice(facts_files(box))
    text = path.read_text(encoding="utf-8")
    qualified = re.findall(r"^    qualifier: about\n", text, re.M)
    if qualified and rng.random() < 0.5:
        path.write_text(text.replace("    qualifier: about\n", "", 1), encoding="utf-8")
        return f"figure: a qualifier taken away in {path.name}"
    units = [m.end() for m in re.finditer(r"^    unit: .*\n", text, re.M)]
    at = rng.choice(units)
    path.write_text(text[:at] + "    qualifier: about\n" + text[at:], encoding="utf-8")
    return f"figure: one qualified 'about' in {path.name}"


def edit_brief_text(box: Sandbox, rng: random.Random) -> str:
    path = rng.choice(brief_files(box))
    where = rng.choice(["title", "body"])
    if where == "title":
        text = path.read_text(encoding="utf-8")
        line = re.search(r"^title: .*$", text, re.M)[0]
        closing = '"' if line.endswith('"') else ""
        edited = f"{line.removesuffix(closing)} ({box.step}){closing}"
        path.write_text(text.replace(line, edited, 1), encoding="utf-8")
    else:
        replace_once(path, "body: |\n", f"body: |\n  Edited in step {box.step}.\n\n")
    return f"brief: its {where} edited in {path.name}"


def edit_template(box: Sandbox, rng: random.Random) -> str:
    name = rng.choice(TEMPLATES)
    with open(box.templates / name, "a", encoding="utf-8") as file:
        file.write(f"\nA line of step {box.step}.\n")
    return f"template: a line added to {name}"


def edit_docs(box: Sandbox, rng: random.Random) -> str:
    with open(box.root / "docs" / "about.md", "a", encoding="utf-8") as file:
        file.write(f"\nA sentence of step {box.step}.\n")
    return "docs/: a sentence added to about.md"


def edit_config(box: Sandbox, rng: random.Random) -> str:
    replace_once(box.root / "mkdocs.yml", "site_description: ", f"site_description: ({box.step}) ")
    return "mkdocs.yml: the site's description edited"


def same_size_old_mtime(box: Sandbox, rng: random.Random) -> str:
    """One letter of a title or of docs/about.md swapped for another, the file's times put back (as cp -p,
    rsync or tar keep them): same size, same mtime, other bytes."""
    path = rng.choice([box.root / "docs" / "about.md", *brief_files(box)])
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    start = text.index("title: ") + len("title: ") if path.suffix == ".yaml" else 0
    at = next(i for i in range(start, len(text)) if text[i] in "ae")
    text = text[:at] + ("e" if text[at] == "a" else "a") + text[at + 1 :]
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    return f"same size, old mtime: a letter swapped in {path.relative_to(box.root)}"


def rename_file(box: Sandbox, rng: random.Random) -> str:
    path = rng.choice(facts_files(box))
    path.rename(path.with_name(f"{path.stem}-{box.step}.yaml"))
    return f"renamed: {path.name} to {path.stem}-{box.step}.yaml"


def damage_store(box: Sandbox, rng: random.Random) -> str:
    """A chart or card file of the store truncated, or a kept text overwritten with other bytes."""
    files = sorted(p for p in (box.cache / "store" / "files").rglob("*") if p.is_file())
    if files and rng.random() < 0.5:
        path = rng.choice(files)
        path.write_bytes(path.read_bytes()[:100])
        return f"store: {path.name[:12]}… truncated to 100 bytes"
    database = box.cache / "store" / "store.sqlite"
    if not database.exists():
        return "store: nothing to damage yet"
    with sqlite3.connect(database) as db:
        rows = db.execute("SELECT digest FROM blobs ORDER BY digest").fetchall()
        if not rows:
            return "store: nothing to damage yet"
        (digest,) = rng.choice(rows)
        db.execute("UPDATE blobs SET data = ? WHERE digest = ?", (b"not what was kept", digest))
    db.close()
    return f"store: the blob {digest[:12]}… overwritten"


def pass_midnight(box: Sandbox, rng: random.Random) -> str:
    box.today += dt.timedelta(days=1)
    return f"midnight: the publication day is now {box.today.isoformat()}"


def commit(box: Sandbox, rng: random.Random) -> str:
    box.git("add", "-A")
    box.git("commit", "-q", "--allow-empty", "-m", f"Step {box.step}")
    return "git: the changes committed"


def break_data(box: Sandbox, rng: random.Random) -> str:
    """A broken file: both builds fail; the incremental one leaves the site as it was. Put right by the next
    step (the sequence runner undoes it)."""
    path = rng.choice(brief_files(box))
    replace_once(path, "date: ", "date: not-a-date ")
    return f"broken: an invalid date in {path.name}"


EDITS: dict[str, Callable[[Sandbox, random.Random], str]] = {
    "figure": edit_figure,
    "brief": edit_brief_text,
    "template": edit_template,
    "docs": edit_docs,
    "config": edit_config,
    "same-size": same_size_old_mtime,
    "rename": rename_file,
    "store": damage_store,
    "midnight": pass_midnight,
    "commit": commit,
    "broken": break_data,
    "shared-store": lambda box, rng: "two builds share the store",  # run_step builds twice at once
}


def run_step(box: Sandbox, name: str, rng: random.Random) -> str:
    """One edit, the incremental build(s) and the clean one; raises Mismatch with what differs."""
    box.step += 1
    before = snapshot(box.site)
    broken_file = None
    if name == "broken":
        broken_file = {p: p.read_bytes() for p in brief_files(box)}
    said = EDITS[name](box, rng)
    fresh = box.root / f"site-clean-{box.step}"
    builds = [box.start_build(box.site, box.cache)]
    if name == "shared-store":
        builds.append(box.start_build(box.root / "site-b", box.cache))
    clean = box.start_build(fresh, "off")
    results = [finish(b) for b in builds]
    clean_rc, clean_err = finish(clean)
    line = f"step {box.step}: {said}"
    box.log.append(line)
    try:
        for rc, err in results:
            if rc != clean_rc:
                raise Mismatch(
                    f"{line}\n  incremental exit {rc}, clean exit {clean_rc}\n{err[-2000:]}\n{clean_err[-2000:]}"
                )
        if clean_rc != 0:
            if name != "broken":
                raise Mismatch(f"{line}\n  the clean build failed:\n{clean_err[-2000:]}")
            after = snapshot(box.site)
            if after != before:
                raise Mismatch(
                    f"{line}\n  a failed build changed the site:\n{differences(before, after)}"
                )
        else:
            expected = snapshot(fresh)
            sites = [box.site] + ([box.root / "site-b"] if name == "shared-store" else [])
            for site in sites:
                got = snapshot(site)
                if got != expected:
                    raise Mismatch(
                        f"{line}\n  {site.name} differs from a clean build:\n{differences(got, expected)}"
                    )
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
        shutil.rmtree(box.root / "site-b", ignore_errors=True)
    if broken_file:
        for path, data in broken_file.items():
            path.write_bytes(data)
    return line


def run_sequence(
    root: Path, steps: int, seed: int, briefs: int = 6, log: Callable[[str], None] = lambda s: None
) -> Sandbox:
    """A sandbox in `root`, a first build, then `steps` random edits (every kind at least once when `steps`
    allows), each checked against a clean build. Raises Mismatch naming the step and the files that differ."""
    rng = random.Random(seed)
    box = make_sandbox(root, briefs)
    rc, err = finish(box.start_build(box.site, box.cache))
    if rc != 0:
        raise Mismatch(f"the first build failed:\n{err[-2000:]}")
    kinds = list(EDITS)
    rng.shuffle(kinds)
    order = (
        (kinds * (steps // len(kinds) + 1))[:steps]
        if steps >= len(kinds)
        else rng.sample(kinds, steps)
    )
    if steps > len(kinds):
        tail = order[len(kinds) :]
        order = order[: len(kinds)] + [rng.choice(kinds) for _ in tail]
    for name in order:
        log(run_step(box, name, rng))
    return box
