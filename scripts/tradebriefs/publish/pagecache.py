"""The page cache: what MkDocs computes from each page's Markdown, kept on disk between builds.

MkDocs spends most of a build converting each page's Markdown to HTML, every build. That is a pure
function of inputs we can name, so a page whose inputs did not change is read back instead of computed:
the HTML, table of contents, title and anchors of a page, under a hash of its Markdown, its path
and URL, the Markdown configuration and the versions of everything that converts it; valid only while
every link target it looked up still resolves to the same URL (a page added or removed elsewhere
leaves it valid unless it links there), and stored only when its conversion logged no warning, so a
hit never hides one.

A page whose HTML file is the previous site's again is not even converted: `tradebriefs build` links it
from the previous site (reuse.py), and keeps its entry here. Otherwise templates render every page (the
nav, the theme and the config are always the current ones); the search index is built over the written
site (searchindex.py). Entries not used by a successful build are deleted after it, so the cache holds one
site.
"""

from __future__ import annotations

import logging
import pickle
from contextlib import contextmanager
from dataclasses import dataclass, field

from tradebriefs.core import keys
from tradebriefs.core.context import PageCounts
from tradebriefs.core.store import Store

KIND = "page-html"  # the store's name for these outputs
VERSIONED = ("mkdocs", "markdown", "pymdown-extensions", "mkdocs-material")
log = logging.getLogger("mkdocs.hooks.tradebriefs")


def own_extensions(extensions) -> tuple[str, ...]:
    """The code salt of each Markdown extension of this package the configuration lists."""
    return tuple(
        keys.code_salt(name)
        for name in extensions
        if isinstance(name, str) and name.startswith("tradebriefs.")
    )


@dataclass
class Rendered:
    """What Page.render() leaves on a page, and the link lookups it made."""

    content: str
    toc: object  # mkdocs.structure.toc.TableOfContents
    title: str | None
    anchors: set[str]
    links_to_anchors: dict[str, dict[str, str]] | None  # by the linked file's src_uri
    lookups: dict[str, str | None]  # link target path -> its URL then (None: no such file)


class _Lookups:
    """Records every file lookup a page's conversion makes, to know later whether its links still hold."""

    def __init__(self, files):
        self.files, self.seen = files, {}
        self.inner = files.get_file_from_path

    def __call__(self, path: str):
        found = self.inner(path)
        self.seen[path] = found.url if found is not None else None
        return found


class _Warnings(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record):
        self.count += 1


@contextmanager
def _recording(files):
    """Make files.get_file_from_path record its answers, and count warnings MkDocs logs, for one page."""
    lookups, warnings = _Lookups(files), _Warnings()
    files.get_file_from_path = lookups  # an attribute of this one Files object, removed right after
    logger = logging.getLogger("mkdocs")
    logger.addHandler(warnings)
    try:
        yield lookups, warnings
    finally:
        logger.removeHandler(warnings)
        del files.get_file_from_path


@dataclass
class PageCache:
    store: Store
    config_key: str  # the MkDocs configuration that converts, and the code that keeps
    rendered: int = 0  # pages converted this build
    reused: int = 0  # pages read back this build
    lookups: dict[str, dict[str, str | None]] = field(
        default_factory=dict
    )  # src_uri -> the link lookups its HTML rests on (reuse.py keeps them with the written site)
    keys: dict[str, str] = field(default_factory=dict)  # src_uri -> its entry's key, this build

    @classmethod
    def for_config(cls, config, store: Store | None) -> PageCache:
        """The cache in the build's store (None: none) for pages converted under this MkDocs configuration.
        A configuration keys cannot write in one way only (keys.Unkeyable) turns the cache off."""
        store = store if store is not None else Store(None)
        try:
            config_key = keys.digest(
                (
                    keys.code_salt("tradebriefs.publish.pagecache", VERSIONED),
                    # The project's own Markdown extensions (publish/rawhtml.py) by their code, not only
                    # their name: an edit to one converts every page again.
                    own_extensions(config["markdown_extensions"]),
                    config["markdown_extensions"],
                    config["mdx_configs"],
                    config["use_directory_urls"],
                    dict(config["validation"]),
                )
            )
        except keys.Unkeyable as error:
            log.info(f"page cache off: the Markdown configuration cannot be keyed ({error})")
            return cls(Store(None), "")
        return cls(store, config_key)

    def _get(self, key: str) -> Rendered | None:
        kept = self.store.get(KIND, key)  # its bytes checked against their digest
        if kept is None:
            return None
        try:
            return pickle.loads(kept)
        except (EOFError, pickle.UnpicklingError, AttributeError, ImportError):
            return None  # written by another version of a class: converted again

    def _put(self, key: str, value: Rendered) -> None:
        self.store.put(KIND, key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    # Markdown -> HTML.

    def attach(self, page, files) -> None:
        """Give this page a render() that reads back a still-valid result, or converts and keeps it."""
        convert = page.render

        def render(config, files_now) -> None:
            key = keys.key(KIND, self.config_key, (page.file.src_uri, page.file.url, page.markdown))
            self.keys[page.file.src_uri] = key
            kept = self._get(key) if self.store.on else None
            if kept is not None and all(
                _url_of(files_now, path) == url for path, url in kept.lookups.items()
            ):
                self.reused += 1
                restore(page, kept, files_now)
                self.lookups[page.file.src_uri] = kept.lookups
                return
            with _recording(files_now) as (lookups, warnings):
                convert(config, files_now)
            self.rendered += 1
            if warnings.count == 0:
                self.lookups[page.file.src_uri] = lookups.seen
                self._put(
                    key,
                    Rendered(
                        page.content,
                        page.toc,
                        page._title_from_render,
                        set(page.present_anchor_ids or ()),
                        _by_uri(page.links_to_anchors),
                        lookups.seen,
                    ),
                )

        page.render = render

    def keep(self, key: str) -> None:
        """An entry this build did not read but must keep: a page reused whole from the previous site."""
        self.store.keep(KIND, key)

    def count(self, counts: PageCounts) -> None:
        """This MkDocs run's counts, added to the build's (a build of several editions runs MkDocs once each)."""
        counts.rendered += self.rendered
        counts.reused += self.reused


def _url_of(files, path: str) -> str | None:
    found = files.get_file_from_path(path)
    return found.url if found is not None else None


def _by_uri(links) -> dict[str, dict[str, str]] | None:
    return (
        None if links is None else {file.src_uri: dict(anchors) for file, anchors in links.items()}
    )


def restore(page, kept: Rendered, files) -> None:
    """Put a kept conversion back on the page, as Page.render() would have left it."""
    page.content, page.toc, page._title_from_render = kept.content, kept.toc, kept.title
    page.present_anchor_ids = set(kept.anchors)
    page.links_to_anchors = (
        None
        if kept.links_to_anchors is None
        else {
            files.get_file_from_path(uri): dict(anchors)
            for uri, anchors in kept.links_to_anchors.items()
        }
    )
