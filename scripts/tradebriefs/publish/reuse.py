"""The previous site's unchanged files, hard-linked into the new one: a rebuild writes only what changed.

`tradebriefs build` builds into a fresh staging folder and swaps it in (build.py). Most files of a rebuild
are the previous site's again: the same page under the same theme, the same download, the same chart.
Those are hard-linked from the previous site into the staging folder, and MkDocs, told which files are
unchanged (its `dirty` mode asks each File `is_modified()`), neither converts, renders nor writes them.

A hard link shares the file with the previous site, which must stay whole until the swap: only files
MkDocs will not write are linked, everything MkDocs writes is a new file in the empty staging folder, and
nothing is ever written into a linked file.

What a file's bytes depend on, its *identity*:
- a page: its Markdown, its paths, and the *site key*: the MkDocs configuration, the theme's templates and
  overrides, the hand-written docs (the nav), the versions of everything that converts Markdown, and this
  program's code. A page is reused only while every link it made still finds the same file (as the page
  cache checks), so removing a page it links to converts it again and MkDocs reports the broken link;
- a generated file: its bytes, or for a chart, its path in the store (named by the chart's key);
- a file copied from docs/ or the theme: its source's path and bytes.

A build's manifest ({site path: identity, the digest of the bytes written, and for a page what converting it
taught MkDocs}) is kept in the build's store (core/store.py), one per site folder, and saved only once the
new site is in place. An old file is linked only while its bytes still have the digest its manifest
recorded (nothing is trusted by size or time): a site edited by hand, a manifest from a build that failed,
or a missing store cost a conversion, never a wrong file.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from tradebriefs.core import keys
from tradebriefs.core.context import SiteCounts
from tradebriefs.core.store import Store

FORMAT = "3"  # bump when the manifest's layout or an identity's recipe changes
VERSIONED = ("mkdocs", "markdown", "pymdown-extensions", "mkdocs-material", "jinja2")
# Settings that name where a build goes, not what it makes.
NOT_OUTPUT = ("site_dir", "plugins", "config_file_path", "watch", "dev_addr", "theme")
DIRTY_WARNING = "A 'dirty' build is being performed"  # MkDocs' words (NoDirtyWarning)

log = logging.getLogger("mkdocs.plugins.tradebriefs")


def _digest(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


def file_digest(path: Path | str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _files_digest(folder: Path | None) -> str:
    """The bytes of every file under folder, with their paths."""
    if folder is None or not folder.is_dir():
        return ""
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def site_key(config) -> str:
    """Everything besides a page's own Markdown that its HTML depends on (keys.Unkeyable when a setting
    cannot be written in one way only: then nothing is reused)."""
    settings = {k: v for k, v in config.items() if k not in NOT_OUTPUT}
    plugins = {name: dict(plugin.config) for name, plugin in config.plugins.items()}
    theme = config.theme
    theme_items = {k: str(v) if k == "locale" else v for k, v in theme.items()}
    return keys.digest(
        (
            FORMAT,
            # the plugin's code (the page filters, the cards' tags) and the libraries that convert and theme
            keys.code_salt("tradebriefs.publish.plugin", VERSIONED),
            settings,
            plugins,
            (theme_items, theme.dirs, sorted(theme.static_templates)),
            _files_digest(Path(theme.custom_dir)) if theme.custom_dir else "",
            _files_digest(Path(config.docs_dir)),
        )
    )


def identity(file, key: str) -> str:
    """What decides a file's bytes in the site (see the module's docstring)."""
    if file.abs_src_path is None:  # generated, with its content in memory
        content = _digest(file.content_bytes)
    elif file.generated_by:  # a chart in the chart cache, named by a hash of what it draws
        content = "cached:" + file.abs_src_path
    else:  # copied from docs/ or the theme: by its bytes, never its size and time
        content = f"copied:{file.abs_src_path}:{file_digest(file.abs_src_path)}"
    if file.is_documentation_page():
        return _digest(key, file.src_uri, file.dest_uri, content)
    return _digest(file.dest_uri, content)


@dataclass(frozen=True)
class PageFacts:
    """What converting a page taught MkDocs, which a reused page must still tell it: its title, its anchors
    (other pages' links are checked against them), its links to anchors, and every file lookup it made."""

    title: str | None
    anchors: tuple[str, ...]
    links: dict[str, dict[str, str]]  # linked page's src_uri -> {anchor: the link as written}
    lookups: dict[str, str | None]  # path looked up -> its URL then (None: no such file)
    cached: (
        str  # its entry in the page cache, kept while the page is reused (pagecache.PageCache.keep)
    )

    def as_json(self) -> list:
        return [self.title, list(self.anchors), self.links, self.lookups, self.cached]

    @classmethod
    def from_json(cls, value: list) -> PageFacts:
        title, anchors, links, lookups, cached = value
        return cls(title, tuple(anchors), links, lookups, cached)


@dataclass(frozen=True)
class Entry:
    identity: str
    digest: str  # of the bytes the build wrote
    page: PageFacts | None = None


Manifest = dict[str, Entry]  # site path -> what is there


KIND = "site-manifest"  # the store's name for manifests


def manifest_key(site_dir: Path) -> str:
    return keys.key(KIND, FORMAT, site_dir.resolve().as_posix())


def load_manifest(store: Store | None, site_dir: Path) -> Manifest:
    """The manifest saved after the previous build of a site; empty when missing or unreadable."""
    if store is None or not store.on:
        return {}
    kept = store.get(KIND, manifest_key(site_dir))
    if kept is None:
        return {}
    try:
        raw = json.loads(kept)
        return {
            dest: Entry(i, d, PageFacts.from_json(p) if p else None)
            for dest, (i, d, p) in raw.items()
        }
    except (ValueError, KeyError, TypeError, AttributeError):
        return {}  # written by another version: nothing is reused


def save_manifest(store: Store | None, site_dir: Path, manifest: Manifest) -> None:
    if store is None or not store.on:
        return
    raw = {
        dest: [e.identity, e.digest, e.page.as_json() if e.page else None]
        for dest, e in sorted(manifest.items())
    }
    data = json.dumps(raw, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    store.put(KIND, manifest_key(site_dir), data)


def still_there(entry: Entry, old: Path) -> bool:
    """The previous site still holds the very bytes the manifest describes."""
    try:
        return os.path.isfile(old) and not os.path.islink(old) and file_digest(old) == entry.digest
    except OSError:
        return False


@functools.lru_cache(maxsize=1 << 16)
def _uri(path: str) -> str:
    """A looked-up path as MkDocs' Files.get_file_from_path normalises it (PurePath(path).as_posix())."""
    return PurePath(path).as_posix()


def links_hold(facts: PageFacts, files) -> bool:
    uris = files.src_uris  # what get_file_from_path looks in, without making a PurePath per lookup
    for path, url in facts.lookups.items():
        found = uris.get(_uri(path))
        if (found.url if found is not None else None) != url:
            return False
    return True


def page_facts(page, lookups: dict[str, str | None], cached: str) -> PageFacts:
    links = page.links_to_anchors or {}
    return PageFacts(
        page._title_from_render,
        tuple(sorted(page.present_anchor_ids or ())),
        {f.src_uri: dict(anchors) for f, anchors in links.items()},
        dict(lookups),
        cached,
    )


def restore_facts(page, facts: PageFacts, files) -> None:
    """A reused page, as converting it would have left it for MkDocs' checks of titles and anchors."""
    page._title_from_render = facts.title
    page.present_anchor_ids = set(facts.anchors)
    uris = files.src_uris
    page.links_to_anchors = {
        found: dict(anchors)
        for uri, anchors in facts.links.items()
        if (found := uris.get(_uri(uri))) is not None
    }


@dataclass
class Reuse:
    """One build's reuse of the previous site at `previous` (build.py makes it; the plugin drives it)."""

    previous: Path
    old: Manifest = field(default_factory=dict)
    identities: dict[str, str] = field(default_factory=dict)  # dest -> identity, this build
    reused: set[str] = field(default_factory=set)  # dests linked from the previous site
    new: Manifest = field(default_factory=dict)

    @classmethod
    def for_site(cls, site_dir: Path, store: Store | None) -> Reuse:
        """The reuse of the site at `site_dir`, its manifest kept in `store` (None: nothing is reused)."""
        return cls(site_dir, load_manifest(store, site_dir))

    def decide(self, files, config) -> None:
        """Which files are the previous site's again; every File's is_modified() says so to MkDocs."""
        try:
            key = site_key(config)
        except keys.Unkeyable as error:
            log.info(f"previous site not reused: the configuration cannot be keyed ({error})")
            key, self.old = "", {}
        for file in files:
            dest = file.dest_uri
            self.identities[dest] = ident = identity(file, key)
            entry = self.old.get(dest)
            same = (
                entry is not None
                and entry.identity == ident
                and still_there(entry, self.previous / dest)
                and (
                    not file.is_documentation_page()
                    or (entry.page and links_hold(entry.page, files))
                )
            )
            if same:
                self.reused.add(dest)
            file.is_modified = (lambda changed: lambda: changed)(not same)

    def link(self, files, site_dir: Path) -> None:
        """Hard-link the reused files into the new site (a copy where the system cannot link), and give
        MkDocs back what it knew of the reused pages. Building in place (the preview), they are there."""
        in_place = site_dir.resolve() == self.previous.resolve()
        for file in files:
            dest = file.dest_uri
            if dest not in self.reused:
                continue
            entry = self.old[dest]
            if not in_place:
                target = site_dir / dest
                target.parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.link(self.previous / dest, target)
                except OSError:
                    shutil.copy2(self.previous / dest, target)
            if entry.page is not None and file.page is not None:
                restore_facts(file.page, entry.page, files)

    def record(self, files, site_dir: Path, pages, counts: SiteCounts) -> None:
        """This build's manifest, from the files as written (saved by build.keep_manifests once the site is in place);
        `pages`: the page cache, which knows the conversions' link lookups, and keeps the reused pages' entries."""
        for file in files:
            dest = file.dest_uri
            if dest not in self.identities:
                continue
            try:
                # A reused file is the previous one, whose bytes decide() checked: its digest stands.
                digest = (
                    self.old[dest].digest if dest in self.reused else file_digest(site_dir / dest)
                )
            except OSError:
                continue  # not written (an excluded draft)
            facts = None
            if file.is_documentation_page() and file.page is not None:
                if dest in self.reused:
                    facts = self.old[dest].page
                    pages.keep(facts.cached)
                elif file.src_uri in pages.lookups:
                    facts = page_facts(
                        file.page, pages.lookups[file.src_uri], pages.keys[file.src_uri]
                    )
                else:
                    continue  # converted without its lookups recorded: never reused
            self.new[dest] = Entry(self.identities[dest], digest, facts)
        reused, made = len(self.reused), len(self.new) - len(self.reused)
        counts.reused += reused  # added to the build's: one MkDocs run, and record, per edition
        counts.made += made
        log.info(f"previous site: {reused} files reused, {made} made")

    def remove_stale(self) -> None:
        """Building in place: delete what the last build wrote and this one does not make (a brief taken out)."""
        for dest in self.old.keys() - self.identities.keys():
            (self.previous / dest).unlink(missing_ok=True)


class NoDirtyWarning(logging.Filter):
    """MkDocs warns that a `dirty` build may leave stale navigation. Ours builds into an empty folder and
    decides itself which files are unchanged, so the warning does not apply (and --strict would count it)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(DIRTY_WARNING)
