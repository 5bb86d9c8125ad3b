"""Build: the only code that decides output paths and writes them.

The site is built into a staging folder beside the target and swapped in only when everything passed,
so a failed build leaves the previous site byte for byte as it was. Before anything is written, the
target is refused if replacing it could lose anything that a build did not make (refusal_reason).
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import functools
import gc
import logging
import os
import re
import secrets
import shutil
import subprocess
import sys
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from tradebriefs.core.context import BuildContext, Stats, Timings
from tradebriefs.core.environment import SOURCE_DATE_EPOCH
from tradebriefs.core.i18n import SOURCE_LANGUAGE, rendering_in
from tradebriefs.core.store import Store
from tradebriefs.publish.guard import MARKER, MARKER_TEXT, refusal_reason
from tradebriefs.publish.reuse import Manifest, Reuse, save_manifest
from tradebriefs.publish.searchindex import Indexes, SearchIndexError

# SOURCE_DATE_EPOCH, the reproducible-builds convention (reproducible-builds.org): MkDocs takes the build date
# from it for sitemap.xml's <lastmod> and the gzip header of sitemap.xml.gz; unset, every build would differ.
# MkDocs reads it from the environment itself, so a build sets it for its length only (source_date): once,
# before any search index starts (and before the process writing the site is forked: it inherits it), and
# back after the last index ended. Changing the environment while another thread starts a process can make
# that process fail to start (EFAULT, "Bad address": the child reads the environment the change has just
# freed), as it did with one edition indexed while the next was built.
# Folders beside the site: `.site-new-<pid>-<hex>` is a build in progress (its folder locked with flock),
# `.site-old-<pid>-<hex>/<site name>` the old site set aside when the swap cannot be one exchange.
STAGING_PREFIX = ".site-new-"
ASIDE_PREFIX = ".site-old-"
PID_IN_NAME = re.compile(
    r"\.site-(?:new|old)-(\d+)-[0-9a-f]+"
)  # older builds named them without a pid
# linux/fs.h and fcntl.h: renameat2(2) swaps two paths in one step; paths relative to the working folder.
RENAME_EXCHANGE = 2
AT_FDCWD = -100
WAIT_FOR_INDEX = "wait for the search index"


@contextmanager
def _env(name: str, value: str):
    old = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = old


def last_commit_time(*folders: Path) -> str | None:
    """Seconds since 1970 of the last commit of the first of `folders` in a git checkout (the data's, then
    the project's); None without git."""
    for folder in folders:
        try:
            done = subprocess.run(
                ["git", "-C", str(folder), "log", "-1", "--format=%ct"],
                capture_output=True,
                text=True,
                timeout=30,
            )
        except (OSError, subprocess.SubprocessError):
            return None
        if done.returncode == 0 and done.stdout.strip().isdigit():
            return done.stdout.strip()
    return None


def load_mkdocs_config(config_file: Path, site_dir: Path | None = None):
    """The MkDocs configuration, as `mkdocs build --strict` reads it (raises MkDocs' ConfigurationError)."""
    from mkdocs.config import load_config

    overrides = {"site_dir": str(site_dir)} if site_dir is not None else {}
    return load_config(config_file=str(config_file), strict=True, **overrides)


def run_mkdocs(
    tree: dict,
    findings: list,
    out_dir: Path,
    config_file: Path,
    ctx: BuildContext,
    reuse: Reuse | None = None,
    edition: str | None = None,
    pages: dict[str, set[str]] | None = None,
    indexes: Indexes | None = None,
) -> None:
    """`mkdocs build --strict` in this process, into the empty out_dir, of the tree already checked and
    rendered (handed to the tradebriefs plugin); raises MkDocs' Abort on any warning. With `reuse`, the
    previous site's unchanged files are linked, not made again: MkDocs builds in its `dirty` mode, which
    skips every file whose is_modified() says so (reuse.py decides it; out_dir is empty, so nothing else
    is skipped). `edition`: the language of the edition `tree` is (plugin.configure_edition makes the
    configuration its own); `pages`: {language: its pages} of every edition, for the language switcher;
    `indexes`: where the written site goes to be indexed in the background (None: indexed before this
    returns)."""
    from mkdocs.commands.build import build

    config = load_mkdocs_config(config_file, out_dir)
    plugin = config.plugins.get("tradebriefs")
    if plugin is None:
        raise PluginMissing(f"{config_file}: error: the tradebriefs plugin is not in `plugins:`")
    plugin.give(tree, findings, ctx, reuse, edition, pages, indexes)
    config.plugins.on_startup(command="build", dirty=reuse is not None)
    try:
        with rendering_in(edition or SOURCE_LANGUAGE):
            build(config, dirty=reuse is not None)
    finally:
        config.plugins.on_shutdown()


class SiteError(Exception):
    """A site that cannot or must not be written; the message is the line the user sees."""


class PluginMissing(SiteError):
    pass


class IndexFailed(SiteError):
    """An edition's search index could not be made: the site is not published without it."""


class SiteRefused(SiteError):
    def __init__(self, site_dir: Path, reason: str):
        super().__init__(f"refusing to build into {site_dir} ({reason})")


class CannotWrite(SiteError):
    def __init__(self, path, reason: str):
        super().__init__(f"{path}: error: cannot write: {reason}")


@contextmanager
def write_errors_reported(site_dir: Path) -> Iterator[None]:
    """Any OSError while writing (no permission, disk full) becomes one line naming the path that failed."""
    try:
        yield
    except OSError as error:
        raise CannotWrite(error.filename or site_dir, error.strerror or str(error)) from None


def docs_dir_of(config_file: Path) -> Path:
    """docs_dir as MkDocs reads it from the configuration (raises MkDocs' ConfigurationError)."""
    return Path(load_mkdocs_config(config_file)["docs_dir"])


# Staging folders and what a killed build leaves behind.


def pid_in(name: str) -> int | None:
    match = PID_IN_NAME.fullmatch(name)
    return int(match.group(1)) if match and int(match.group(1)) > 0 else None


def is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def is_locked(folder: Path) -> bool:
    """Whether a build holds the folder's flock (a build in another pid namespace or on another host)."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return True  # cannot look: leave it alone
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return False  # no flock on this filesystem: the pid decides
    finally:
        os.close(fd)
    return False


def is_stale(folder: Path) -> bool:
    """Left by a build that no longer runs: the pid in its name is not running here and nobody holds its lock."""
    pid = pid_in(folder.name)
    return not (pid is not None and is_running(pid)) and not is_locked(folder)


def leftovers(parent: Path) -> list[Path]:
    return sorted(
        p
        for p in parent.iterdir()
        if p.name.startswith((STAGING_PREFIX, ASIDE_PREFIX)) and p.is_dir() and not p.is_symlink()
    )


def restore_set_aside(site_dir: Path) -> None:
    """A build killed between the two renames of swap_by_renames leaves no site and the old one set aside:
    put the newest such site back."""
    if os.path.lexists(site_dir):
        return
    aside = [
        p / site_dir.name
        for p in leftovers(site_dir.parent)
        if p.name.startswith(ASIDE_PREFIX) and (p / site_dir.name).is_dir() and is_stale(p)
    ]
    if aside:
        os.rename(max(aside, key=lambda p: p.parent.stat().st_mtime_ns), site_dir)


def remove_stale(parent: Path) -> None:
    for folder in leftovers(parent):
        if is_stale(folder):
            shutil.rmtree(folder, ignore_errors=True)


def prepare_site_dir(site_dir: Path, data_dir: Path, config_file: Path) -> Path:
    """Refuse a target that must not be replaced, before anything is written; then put back a site a killed
    build set aside and remove what killed builds left. Returns the target with symlinks resolved."""
    docs_dir = docs_dir_of(config_file)
    with write_errors_reported(site_dir):
        reason = refusal_reason(site_dir, data_dir, config_file, docs_dir)
        if reason:
            raise SiteRefused(site_dir.resolve(), reason)
        site_dir = site_dir.resolve()
        if site_dir.parent.is_dir():
            restore_set_aside(site_dir)
            remove_stale(site_dir.parent)
    return site_dir


def make_folder(parent: Path, prefix: str) -> Path:
    """A new folder named prefix + pid + random hex. os.mkdir honours the umask (0755 under umask 022),
    as MkDocs' own folders do: tempfile.mkdtemp would make it 0700, unreadable to a web server."""
    while True:
        folder = parent / f"{prefix}{os.getpid()}-{secrets.token_hex(4)}"
        try:
            folder.mkdir()
            return folder
        except FileExistsError:
            continue
        except PermissionError as error:  # the folder that needs the permission is the parent
            raise PermissionError(error.errno, error.strerror, str(parent)) from None


@contextmanager
def staging_folder(parent: Path) -> Iterator[Path]:
    """A folder to build into, locked while this build runs and removed afterwards."""
    folder = make_folder(parent, STAGING_PREFIX)
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            pass  # no flock here: the pid in the name still protects the folder
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        os.close(fd)


@functools.cache
def _renameat2():
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2  # glibc 2.28 and later
    except (AttributeError, OSError):
        return None
    function.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    function.restype = ctypes.c_int
    return function


@functools.cache
def _malloc_trim():
    """glibc's malloc_trim, or None (another C library)."""
    try:
        function = ctypes.CDLL(None).malloc_trim
    except (AttributeError, OSError):
        return None
    function.argtypes = [ctypes.c_size_t]
    function.restype = ctypes.c_int
    return function


def give_back_memory() -> None:
    """Return what this process has freed to the system: the search index, the build's largest process, is
    made while the build waits, and the build's peak is the two together. The rendered pages are garbage by
    then (plugin.on_post_build lets them go); glibc keeps freed memory for reuse unless asked (malloc_trim)."""
    gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths in one step (Linux renameat2 RENAME_EXCHANGE); False where the system or
    the filesystem cannot."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def swap_by_renames(new_dir: Path, site_dir: Path) -> None:
    """Two renames: set the old site aside, move the new one in. A kill between them leaves no site;
    the next build's restore_set_aside puts the old one back."""
    aside = make_folder(site_dir.parent, ASIDE_PREFIX)
    os.rename(site_dir, aside / site_dir.name)
    try:
        os.rename(new_dir, site_dir)
    except OSError:
        os.rename(aside / site_dir.name, site_dir)  # if this fails too, the next build puts it back
        aside.rmdir()
        raise
    shutil.rmtree(aside, ignore_errors=True)


def swap_in(new_dir: Path, site_dir: Path) -> None:
    """Put new_dir in site_dir's place and remove the old site; site_dir is never missing where the
    system can exchange two folders in one step."""
    if not os.path.lexists(site_dir):
        os.rename(new_dir, site_dir)
    elif exchange(new_dir, site_dir):
        shutil.rmtree(new_dir, ignore_errors=True)  # now the old site
    else:
        swap_by_renames(new_dir, site_dir)


@dataclass(frozen=True)
class Staging:
    """The folders a build writes beside the site it replaces: `root` becomes the site; an edition with a
    prefix (`prefixes`: {language: 'ru/'}) is written into a folder of its own (`own`), so that its search
    index, made in the background while the next edition is written, reads only its pages; it is moved
    under root once every edition is indexed."""

    site_dir: Path
    root: Path
    own: dict[str, Path]
    prefixes: dict[str, str]


@contextmanager
def staging_for(site_dir: Path, prefixes: dict[str, str]) -> Iterator[Staging]:
    """The staging folders of a build of `site_dir` (resolved, as prepare_site_dir returns it), locked by this
    process and removed when the block ends (by then the site has been swapped in, or the build failed)."""
    with write_errors_reported(site_dir), ExitStack() as folders:
        site_dir.parent.mkdir(parents=True, exist_ok=True)
        root = folders.enter_context(staging_folder(site_dir.parent))
        own = {
            lang: folders.enter_context(staging_folder(site_dir.parent)) if prefix else root
            for lang, prefix in prefixes.items()
        }
        yield Staging(site_dir, root, own, prefixes)


@dataclass
class Staged:
    """What writing the editions hands on to publishing them (and may cross from one process to another):
    for each edition, the site folder it reused files from and the manifest of what it wrote (reuse.py);
    the build's timings and counts so far; the kinds of store entries it used (core/store.py)."""

    manifests: dict[str, tuple[Path, Manifest]]
    timings: Timings
    stats: Stats
    kinds: set[str]


def stage(
    trees: Iterable[tuple[str, dict]],
    pages: dict[str, set[str]],
    findings: list,
    staging: Staging,
    config_file: Path,
    ctx: BuildContext,
    indexes,
) -> Staged:
    """Write the rendered trees ((language, tree), one per edition, the first at the root; each may be
    rendered as it is asked for, render.site.Rendered) into the staging folders, each edition handed to
    `indexes` (searchindex.Indexes, or what passes its folder on to one: `.submit(folder)`) once written.
    `pages`: {language: its pages}, every edition's (the language switcher). The store keeps what this
    stage wrote and used (Store.commit) and is left open."""
    reuses = {
        lang: Reuse.for_site(staging.site_dir / staging.prefixes[lang], ctx.store) for lang in pages
    }
    with write_errors_reported(staging.site_dir):
        for i, (lang, tree) in enumerate(trees):
            # The findings are said once, by the first edition's build.
            with ctx.timings.phase("MkDocs: convert, write (and wait for charts)"):
                run_mkdocs(
                    tree,
                    findings if i == 0 else [],
                    staging.own[lang],
                    config_file,
                    ctx,
                    reuses[lang],
                    lang,
                    pages,
                    indexes,
                )
    ctx.store.commit()
    return Staged(
        {lang: (reuse.previous, reuse.new) for lang, reuse in reuses.items()},
        ctx.timings,
        ctx.stats,
        set(ctx.store.kinds),
    )


def publish(staging: Staging, indexes: Indexes, ctx: BuildContext, config_file: Path) -> None:
    """Wait for every edition's search index, then put the staged site in the place of the old one."""
    with write_errors_reported(staging.site_dir):
        with ctx.timings.phase(WAIT_FOR_INDEX):
            give_back_memory()
            try:
                indexes.finish()
            except SearchIndexError as error:
                raise IndexFailed(f"{config_file}: error: {error}") from None
        with ctx.timings.phase("swap in"):
            for lang, folder in staging.own.items():
                if folder != staging.root:
                    place = staging.root / staging.prefixes[lang]
                    place.parent.mkdir(parents=True, exist_ok=True)
                    os.rename(folder, place)
            (staging.root / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
            swap_in(staging.root, staging.site_dir)


def keep_manifests(staged: Staged, staging: Staging, store: Store) -> dict[str, str]:
    """Once the site is in place: each edition's manifest, for the next build to reuse its files. Returns
    {site path: digest of its bytes} of the files the build recorded, for publish/uptodate.py not to read
    them again."""
    written = {}
    for lang, (previous, manifest) in staged.manifests.items():
        keep_manifest(store, previous, manifest)
        prefix = staging.prefixes[lang]
        written.update({prefix + dest: entry.digest for dest, entry in manifest.items()})
    return written


@contextmanager
def source_date(build_date: str | None) -> Iterator[None]:
    """SOURCE_DATE_EPOCH for the length of the block (None: MkDocs' clock): set before any search index
    starts and put back after the last one ended (see the note at the top)."""
    if build_date:
        with _env(SOURCE_DATE_EPOCH, build_date):
            yield
    else:
        yield


def keep_manifest(store: Store, previous: Path, manifest: Manifest) -> None:
    """The new site's file list, for the next build to reuse; a cache that cannot be written only costs that."""
    try:
        save_manifest(store, previous, manifest)
    except OSError as error:
        print(
            f"tradebriefs: note: the next build cannot reuse this site's files: {error.strerror or error}",
            file=sys.stderr,
        )


def show_mkdocs_log(verbose: bool) -> None:
    """MkDocs logs through `logging`; outside its own CLI nobody prints them, so we do."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO if verbose else logging.WARNING)
    logger.propagate = False
