"""The MkDocs plugin: hands the rendered site to MkDocs as virtual files. Registered as the `tradebriefs` entry
point and configured in mkdocs.yml:

    plugins:
      - tradebriefs:
          data_dir: data  # the facts, relative to mkdocs.yml
          strict: false   # data warnings fail the build
          editions: [en, ru, zh]   # the site's languages, the first at the root (render/editions.py)
          untranslated: original   # a brief without a translation: in its own language, marked (or: omit)

The generator knows nothing of MkDocs: it renders {path: content} (site.py). `tradebriefs build` checks and
renders first and hands the tree over in-process (`give`); plain `mkdocs build` and `mkdocs serve` have the
plugin check and render itself, once per change of the data. Nothing is written into docs/, so `mkdocs
serve` does not reload in a loop; `watch: [data]` in mkdocs.yml rebuilds when a fact file changes.
"""

from __future__ import annotations

import logging
import os
import posixpath
import re
import shutil
import tempfile
import threading
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from markdown.extensions.toc import slugify_unicode
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from tradebriefs.core import environment, i18n
from tradebriefs.core.context import BuildContext
from tradebriefs.core.errors import DataError, SettingError
from tradebriefs.core.i18n import N_
from tradebriefs.core.numbers import format_amount, format_percent
from tradebriefs.core.progress import terminal_progress
from tradebriefs.core.project import CACHE_DIR
from tradebriefs.core.routes import HOME, is_page
from tradebriefs.facts.checks import MIRROR_BAND_PERCENT
from tradebriefs.facts.pipeline import data_fingerprint
from tradebriefs.facts.revisions import History
from tradebriefs.history.git import data_history, head_of
from tradebriefs.publish import searchindex
from tradebriefs.publish.guard import refusal_reason
from tradebriefs.publish.pagecache import PageCache
from tradebriefs.publish.reuse import Manifest, NoDirtyWarning, Reuse
from tradebriefs.publish.searchindex import SearchIndexError
from tradebriefs.render.cards import sharer
from tradebriefs.render.editions import UNTRANSLATED, Edition, Editions, editions_from
from tradebriefs.render.errorpage import error_pages
from tradebriefs.render.searchmeta import cjk_bigrams, weigh_tables
from tradebriefs.render.views.site import Site

log = logging.getLogger("mkdocs.plugins.tradebriefs")


class TradeBriefsConfig(base.Config):
    # Named like MkDocs' docs_dir and site_dir (a Config is a UserDict: an option may not be called `data`).
    data_dir = c.Type(str, default="data")  # the facts, relative to mkdocs.yml
    strict = c.Type(bool, default=False)  # data warnings fail the build
    # The CIF/FOB margin, in percent of the exporter's figure, that a mirror check calls usual: [low, high].
    mirror_band = c.ListOfItems(c.Type((int, float)), default=[0, 10])
    drafts = c.Type(
        bool, default=False
    )  # build drafts and scheduled briefs too (always under `mkdocs serve`)
    editions = c.ListOfItems(c.Type(str), default=["en"])  # the first at the site's root
    untranslated = c.Choice(UNTRANSLATED, default="original")


def site_settings(config) -> Site:
    """Site-wide settings, read once from the MkDocs configuration: the site's name is written only there."""
    url = config.site_url
    return Site(
        name=config.site_name,
        url=url.rstrip("/") + "/" if url else None,
        description=config.site_description or "",
        language=config.theme.get("language") or "en",
        mirror_band=mirror_band_of(config),
    )


def editions_of(config) -> Editions:
    """The editions mkdocs.yml lists (`editions:`, `untranslated:`); one, English, without the plugin."""
    plugin = config.plugins.get("tradebriefs") if config.plugins else None
    if plugin is None:
        return editions_from(None)
    try:
        editions = editions_from(plugin.config["editions"], plugin.config["untranslated"])
        return editions.only(environment.from_environ().editions)
    except SettingError as error:
        raise PluginError(str(error)) from None


def edition_site(site: Site, edition: Edition) -> Site:
    """An edition's settings: its language, and its own address (the site's, then its folder)."""
    url = site.url + edition.prefix if site.url else None
    return replace(site, language=edition.lang, url=url, prefix=edition.prefix)


# mkdocs.yml's nav titles, for the catalogs (pybabel extract): translated_nav gives them in each edition.
NAV_TITLES = (
    *(N_("Home"), N_("Briefs"), N_("Country pairs"), N_("Countries"), N_("Tags")),
    *(N_("Archive"), N_("Data"), N_("Sources"), N_("Checks"), N_("About")),
)


# mkdocs.yml's other words a reader sees (configure_edition), and the title of a heading's link (the toc
# extension's default, which MkDocs does not translate).
THEME_WORDS = (
    N_("Switch to dark mode"),
    N_("Switch to light mode"),
    # site_description (a changed description shows in English in the other editions until translated)
    N_(
        "Short, sourced briefs on trade between countries. Every figure keeps the digits its source "
        "printed, is checked, and links to its source."
    ),
)
PERMALINK_TITLE = N_("Permanent link")
FRAGMENTS = "tradebriefs.publish.rawhtml"  # the Markdown extension that passes fragments through


def translated_nav(nav):
    """mkdocs.yml's nav with its titles in the language being rendered (the catalogs translate them)."""
    if isinstance(nav, list):
        return [translated_nav(item) for item in nav]
    if isinstance(nav, dict):
        return {i18n.gettext(title): translated_nav(value) for title, value in nav.items()}
    return nav


def configure_edition(config, edition: Edition) -> None:
    """Make the MkDocs configuration the edition's: the theme in its language (Material's own words, and
    <html lang>), its address, the nav's titles in its words."""
    config.theme["language"] = edition.lang
    if config.site_url:
        config.site_url = config.site_url.rstrip("/") + "/" + edition.prefix
    with i18n.rendering_in(edition.lang):
        config.nav = translated_nav(config.nav) if config.nav else config.nav
        if config.site_description:
            config.site_description = i18n.gettext(config.site_description)
        # mkdocs.yml's words that Material shows: the colour scheme toggles' names, the headings' link title.
        palette = config.theme["palette"]
        for scheme in palette if isinstance(palette, list) else []:
            toggle = scheme.get("toggle") if isinstance(scheme, dict) else None
            if isinstance(toggle, dict) and toggle.get("name"):
                toggle["name"] = i18n.gettext(toggle["name"])
        if "toc" in config.mdx_configs:
            config.mdx_configs["toc"] = {
                **config.mdx_configs["toc"],
                "permalink_title": i18n.gettext(PERMALINK_TITLE),
            }
            if edition.lang != i18n.SOURCE_LANGUAGE:
                # Headings' ids in the edition's letters ("ключевые-цифры", "关键数据"): the default keeps ASCII
                # alone, so every Russian or Chinese heading would be "_1", "_2"... English ids stay as they are.
                config.mdx_configs["toc"]["slugify"] = slugify_unicode


@dataclass(frozen=True)
class EditionLink:
    lang: str
    name: str
    href: str  # relative to the page it is on
    current: bool
    same_page: bool  # the same page in that edition; else that edition's home


def edition_links(editions: Editions, edition: Edition, pages: dict[str, set[str]] | None):
    """A Jinja filter: for a page, a link to it in every edition (the language switcher), or to the
    edition's home page where it has no such page (a brief left out of it). `pages`: {language: the pages
    its tree has}, for the generated pages; a hand-written page is in every edition."""

    def links(page) -> list[EditionLink]:
        if page is None:
            return []
        url = page.url or ""
        up = "../" * (url.count("/") + edition.prefix.count("/")) or "./"
        found = []
        for other in editions.all:
            has = (
                pages is None
                or not page.file.generated_by
                or page.file.src_uri in pages.get(other.lang, ())
            )
            target = other.prefix + (url if has else "")
            found.append(
                EditionLink(
                    other.lang,
                    other.name,
                    up + target,
                    other == edition,
                    has,
                )
            )
        return found

    return links


def edition_alternates(
    editions: Editions, edition: Edition, pages: dict[str, set[str]] | None, site_url: str | None
):
    """A Jinja filter for the sitemap: [(language, absolute address)] of a page in every edition that has it
    (hreflang alternates, as search engines read them from a sitemap), or [] without a site_url or with one
    edition. Not in each page's <head>: Material's script fetches a sitemap.xml beside every <link
    rel=alternate> it finds there, relative to that link, which for a page is no sitemap at all."""
    root = (site_url or "").removesuffix(edition.prefix)

    def alternates(page) -> list[tuple[str, str]]:
        if not root or not editions.many or page is None:
            return []
        return [
            (link.lang, root + editions.of(link.lang).prefix + (page.url or ""))
            for link in edition_links(editions, edition, pages)(page)
            if link.same_page
        ]

    return alternates


def edition_docs(files: Files, config, edition: Edition, editions: Editions) -> None:
    """docs/ holds the first edition's hand-written pages, and each other edition's in its folder (docs/ru/):
    an edition's own page takes the place of the first edition's of the same name; no edition publishes
    another's folder, whether or not this build makes that edition."""
    # Every edition's folder (this one's own pages are added back at their place): those this build makes, and
    # those of every language with a catalog (an edition left out by $TRADEBRIEFS_EDITIONS, or not in
    # mkdocs.yml, publishes nothing here).
    folders = {e.prefix for e in editions.all} | {f"{lang}/" for lang in i18n.available()}
    others = tuple(sorted(f for f in folders if f))
    own = [f for f in files if edition.prefix and f.src_uri.startswith(edition.prefix)]
    for file in [f for f in files if others and f.src_uri.startswith(others)]:
        files.remove(file)
    for file in own:
        path = file.src_uri[len(edition.prefix) :]
        if (replaced := files.get_file_from_path(path)) is not None:
            files.remove(replaced)
        files.append(
            File(
                path,
                str(Path(config.docs_dir) / edition.prefix),
                config.site_dir,
                config.use_directory_urls,
            )
        )


def mirror_band_of(config) -> tuple:
    """The plugin's `mirror_band` ([low, high] percent) as exact decimals; the default when not configured."""
    plugin = config.plugins.get("tradebriefs") if config.plugins else None
    band = plugin.config.get("mirror_band") if plugin is not None else None
    if not band or len(band) != 2:
        return MIRROR_BAND_PERCENT
    low, high = sorted(Decimal(str(x)) for x in band)
    return (low, high)


def history_note(history: History) -> str:
    """The one line a build without the data's git history says about it."""
    return f"building without revision history: {history.note}"


def read_lines(path: str) -> list[str] | None:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None


def _nav_pages(nav) -> list[str]:
    """The Markdown files a MkDocs nav names, however nested."""
    found = []
    for item in nav if isinstance(nav, list) else [nav]:
        values = item.values() if isinstance(item, dict) else [item]
        for value in values:
            if isinstance(value, str) and is_page(value):
                found.append(value)
            elif isinstance(value, (list, dict)):
                found += _nav_pages(value)
    return found


# A Markdown link's target ending in .md, without its #anchor: `[text](data/index.md#x)` gives data/index.md.
MD_LINK = re.compile(r"\]\(\s*<?([^)\s#>]+\.md)")


def linked_pages(docs: Path) -> set[str]:
    """The pages docs/'s hand-written Markdown links to, as paths from docs/ (absolute URLs excluded)."""
    found = set()
    for source in sorted(p for p in docs.rglob("*") if is_page(p.name)):
        folder = source.parent.relative_to(docs)
        for target in MD_LINK.findall(source.read_text(encoding="utf-8", errors="replace")):
            if "://" in target or target.startswith("/"):
                continue
            path = posixpath.normpath((folder / target).as_posix())
            if not path.startswith(".."):
                found.add(path)
    return found


def index_in_background(site_dir: Path, run: searchindex.Run) -> None:
    try:
        report = searchindex.build_index(site_dir, run)
    except SearchIndexError as error:
        # info, not warning: MkDocs counts warnings into the next rebuild's --strict verdict.
        log.info(f"{error}; the preview has no search until the next rebuild")
    else:
        log.info(f"search index: {report.pages} pages in {report.seconds:.1f} s")


class _Spill:
    """Converted pages' HTML kept in an anonymous temporary file between MkDocs' two passes. MkDocs converts
    every page before it renders the first template (the nav needs every title), so without this the HTML of
    the whole site is in memory at once: at 10,000 briefs, most of the build's peak."""

    def __init__(self):
        self.file = tempfile.TemporaryFile()  # removed by the system when closed, whatever happens
        self.where: dict[str, tuple[int, int]] = {}

    def put(self, key: str, html: str) -> None:
        data = html.encode("utf-8", "surrogatepass")
        self.file.seek(0, os.SEEK_END)
        self.where[key] = (self.file.tell(), len(data))
        self.file.write(data)

    def take(self, key: str) -> str | None:
        if key not in self.where:
            return None
        offset, size = self.where.pop(key)
        self.file.seek(offset)
        return self.file.read(size).decode("utf-8", "surrogatepass")

    def close(self) -> None:
        self.file.close()


class _Progress:
    """Progress through MkDocs' two passes over the pages, on a terminal only (a cold build of thousands of
    pages takes minutes)."""

    def __init__(self, enabled: bool = False):
        self.pages, self.done, self.shows, self.enabled = 0, {}, {}, enabled

    def step(self, label: str) -> None:
        if label not in self.shows:
            self.shows[label] = terminal_progress(label, self.enabled)
        self.done[label] = self.done.get(label, 0) + 1
        if self.shows[label]:
            self.shows[label](self.done[label], self.pages)


class TradeBriefsPlugin(BasePlugin[TradeBriefsConfig]):
    supports_multiple_instances = False

    def __init__(self):
        self.given: tuple[dict, list] | None = None  # handed over by `tradebriefs build`
        self.known_pages: set[str] = (
            set()
        )  # the pages of the last good build (for the preview's error page)
        self.rendered: tuple[tuple, tuple[dict, list]] | None = (
            None  # (key, result): kept across `serve` rebuilds
        )
        self.command: str | None = None
        self.tree: dict = {}
        self.findings: list = []
        self.cache: PageCache | None = None
        self.files = None  # this build's Files, from on_env
        self.spill: _Spill | None = None
        self.progress = _Progress()
        self.indexing: tuple[threading.Thread, searchindex.Run] | None = (
            None  # `mkdocs serve`: the search index being built
        )
        self.history_noted = False  # said once per process, not once per `serve` rebuild
        self.reuse: Reuse | None = None  # `tradebriefs build`: the previous site's unchanged files
        self.in_place = (
            False  # `mkdocs serve --dirty`: a rebuild keeps the preview's unchanged files
        )
        self.served: Manifest = {}  # what the preview's folder holds, after the last rebuild
        self.quiet = NoDirtyWarning()
        self.ctx: BuildContext | None = (
            None  # this build's; given by `tradebriefs build`, else made per build
        )
        self.given_ctx: BuildContext | None = None
        self.editions: Editions | None = None  # mkdocs.yml's, read in on_config
        self.edition: Edition | None = None  # the one this build makes
        self.given_edition: str | None = None
        self.edition_pages: dict[str, set[str]] | None = None  # {language: its generated pages}
        self.indexes: searchindex.Indexes | None = (
            None  # `tradebriefs build`: indexes in the background
        )

    def give(
        self,
        tree: dict,
        findings: list,
        ctx: BuildContext,
        reuse: Reuse | None = None,
        edition: str | None = None,
        pages: dict[str, set[str]] | None = None,
        indexes: searchindex.Indexes | None = None,
    ) -> None:
        """The checked, rendered site, from `tradebriefs build`: the plugin neither checks nor renders again.
        With `reuse`, files unchanged since the previous site are linked from it, not made again (reuse.py;
        MkDocs must then build in its `dirty` mode, as build.run_mkdocs does). `edition`: the language of
        the edition this tree is (the first by default); `pages`: every edition's pages, for the switcher;
        `indexes`: where the written site is handed for its search index (made in the background, waited
        for by the caller), instead of indexing it before the build returns."""
        self.given = (tree, findings)
        self.given_ctx = ctx
        self.reuse = reuse
        self.given_edition = edition
        self.edition_pages = pages
        self.indexes = indexes

    def data_dir(self, config) -> Path:
        return Path(config.config_file_path).parent / self.config.data_dir

    # Defining on_startup keeps this instance across `mkdocs serve` rebuilds (MkDocs 1.4+), and with it the tree.
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command
        # `make serve` is `mkdocs serve --dirty`: each rebuild makes only the files whose identity changed,
        # in place (reuse.py). There, and in `tradebriefs build` (given a Reuse), the plugin decides what is
        # unchanged, so MkDocs' warning about dirty builds does not apply; a plain `mkdocs build --dirty` keeps it.
        self.in_place = command == "serve" and dirty
        if dirty and (self.in_place or self.reuse is not None):
            logging.getLogger("mkdocs.commands.build").addFilter(self.quiet)

    def on_config(self, config):
        """`mkdocs build` and `gh-deploy` empty site_dir first: refuse, as `tradebriefs build` does, a site_dir
        that holds the data, the sources, a .git or anything a build did not make (build.refusal_reason).
        `mkdocs serve` builds into a temporary folder of its own."""
        if self.command in ("build", "gh-deploy") and self.given is None:
            site_dir = Path(config.site_dir)
            reason = refusal_reason(
                site_dir,
                self.data_dir(config),
                Path(config.config_file_path),
                Path(config.docs_dir),
            )
            if reason:
                raise PluginError(f"refusing to build into {site_dir.resolve()} ({reason})")
        self.editions = editions_of(config)
        self.edition = self.chosen_edition()
        configure_edition(config, self.edition)
        # The templates' HTML fragments pass through Markdown unparsed (rawhtml.py).
        if FRAGMENTS not in config.markdown_extensions:
            config.markdown_extensions.append(FRAGMENTS)
        # Everything this build renders (views, Material's templates) is in the edition's language.
        i18n.use_language(self.edition.lang)
        return config

    def chosen_edition(self) -> Edition:
        """The edition `tradebriefs build` gave, else $TRADEBRIEFS_EDITION's, else the first."""
        # Plain `mkdocs build` and `mkdocs serve` make one edition (`tradebriefs build` makes them all).
        wanted = self.given_edition or environment.from_environ().edition
        if wanted is None:
            return self.editions.default
        try:
            return self.editions.of(wanted)
        except KeyError:
            langs = ", ".join(e.lang for e in self.editions.all)
            raise PluginError(
                f"{environment.EDITION}={wanted}: not one of the site's editions ({langs})"
            ) from None

    def previewing(self) -> bool:
        """`mkdocs serve` is the editor's preview: drafts and scheduled briefs show, with their banner."""
        return self.config.drafts or self.command == "serve"

    def new_context(self, config) -> BuildContext:
        """`mkdocs build` and `mkdocs serve` start here: the environment is read once per build, the caches
        are beside mkdocs.yml (or in $TRADEBRIEFS_CACHE)."""
        env = environment.from_environ()
        try:
            return BuildContext.for_project(env, Path(config.config_file_path).parent / CACHE_DIR)
        except SettingError as error:
            raise PluginError(str(error)) from None

    def _render(self, config, ctx: BuildContext) -> tuple[dict, list]:
        from tradebriefs.render.site import build_trees, reference_tree

        # on_config made the configuration the edition's: its language and address are the site's settings.
        data, site = self.data_dir(config), site_settings(config)
        key = (
            str(data.resolve()),
            data_fingerprint(data),
            self.config.strict,
            site,
            self.previewing(),
            ctx.today,  # a brief scheduled for tomorrow is published after midnight
            head_of(data),  # a new commit brings its revision notes
        )
        if self.rendered is None or self.rendered[0] != key:
            history = data_history(data, ctx.store)
            if not history.available and not self.history_noted:
                log.info(history_note(history))
                self.history_noted = True
            try:
                trees, findings = build_trees(
                    data,
                    ctx,
                    {site.language: site},
                    self.config.strict,
                    drafts=self.previewing(),
                    history=history,
                    untranslated=self.editions.untranslated,
                )
                result = (trees[site.language], findings)
            except DataError as error:
                if self.command != "serve":
                    raise PluginError(
                        f"the data has {len(error.findings)} problem(s):\n{error}"
                    ) from None
                # The preview never stops: every page shows the errors until the data is fixed.
                for finding in error.findings:
                    log.info(str(finding))
                # The pages from the models (field reference, schemas) are made as usual: the hand-written
                # pages link to them, and the editor needs them while fixing the data.
                result = (
                    {
                        **error_pages(error.findings, self.pages_to_cover(config), read_lines),
                        **reference_tree(),
                    },
                    [],
                )
            else:
                self.known_pages = {p for p in result[0] if is_page(p)}
            self.rendered = (key, result)
        return self.rendered[1]

    def pages_to_cover(self, config) -> set[str]:
        """Every generated page a reader may have open, or a hand-written page links to: the last good
        build's, the nav's, and the targets of docs/'s links (so `--strict` finds them all)."""
        docs = Path(config.docs_dir)
        wanted = {*_nav_pages(config.nav or []), *linked_pages(docs)}
        return {HOME, *self.known_pages, *(p for p in wanted if not (docs / p).is_file())}

    def on_pre_build(self, config) -> None:
        """Check the data before MkDocs empties the site folder: under `mkdocs serve`, a data error then leaves
        the last good pages in place (MkDocs logs the error and waits for the next change)."""
        self.wait_for_index(stop=True)
        self.ctx = self.given_ctx or self.new_context(config)
        self.tree, self.findings = self.given or self._render(config, self.ctx)
        if self.in_place:
            self.reuse = Reuse(Path(config.site_dir), self.served)
        self.cache = PageCache.for_config(config, self.ctx.store)
        self.spill = _Spill()
        self.progress = _Progress(self.ctx.progress)

    def on_files(self, files: Files, config) -> Files:
        edition_docs(files, config, self.edition, self.editions)
        for (
            finding
        ) in self.findings:  # warnings are the reader's business too: shown, and the build goes on
            log.info(str(finding))
        # A tree `tradebriefs build` handed over is MkDocs' alone from here: taken out of the dict as each file is
        # made, so a page's Markdown is held once (by its File) and goes once the page is converted.
        # `mkdocs serve` keeps its own tree for the next rebuild.
        handed_over = self.given is not None and self.tree is self.given[0]
        for path in sorted(self.tree):
            if files.get_file_from_path(path) is not None:
                raise PluginError(
                    f"docs/{path} is hand-written, but the generator also makes {path}; rename one"
                )
            content = self.tree.pop(path) if handed_over else self.tree[path]
            # Briefs and the pages around them are reached from index pages, never from the nav.
            inclusion = InclusionLevel.NOT_IN_NAV if is_page(path) else InclusionLevel.UNDEFINED
            if isinstance(content, Path):  # a chart kept in the chart cache: MkDocs copies the file
                files.append(
                    File.generated(config, path, abs_src_path=str(content), inclusion=inclusion)
                )
            else:
                files.append(File.generated(config, path, content=content, inclusion=inclusion))
        return files

    def on_nav(self, nav, config, files):
        """Which files the previous site already holds as they are now: MkDocs converts and writes only the others."""
        if self.reuse is not None:
            self.reuse.decide(files, config)
            self.progress.pages = sum(
                1 for f in files.documentation_pages() if f.dest_uri not in self.reuse.reused
            )
        return nav

    def on_env(self, env, config, files):
        """The theme's templates get the search index's Chinese and Japanese character pairs and its table
        weights (main.html), and each page's card for the head tags (partials/share.html). MkDocs copies the
        chart and card files next: those drawn while the pages were converted must be there, and the previous
        site's unchanged files are linked in first."""
        env.filters["cjk_bigrams"] = cjk_bigrams
        env.filters["weigh_tables"] = weigh_tables
        env.filters["share"] = sharer(files, config.site_url)
        # The theme's own words (overrides/) in the edition's language, and the language switcher.
        env.globals["_"] = i18n._
        # The search dialog's examples of a figure as printed, in the edition's forms ("240,11 млрд $").
        env.globals["tb_example_amount"] = format_amount(Decimal("240.11"), "USD billion")
        env.globals["tb_example_change"] = format_percent(Decimal("26.3"))
        env.filters["edition_links"] = edition_links(
            self.editions, self.edition, self.edition_pages
        )
        env.filters["edition_alternates"] = edition_alternates(
            self.editions, self.edition, self.edition_pages, config.site_url
        )
        env.globals["tb_editions"] = self.editions.many
        if self.reuse is not None:
            self.reuse.link(files, Path(config.site_dir))
        self.ctx.wait(lambda label: terminal_progress(label, self.ctx.progress))
        self.files = files
        return env

    def on_pre_page(self, page, config, files):
        """A page whose Markdown and link targets did not change gets its HTML from the page cache."""
        if self.cache is not None:
            self.cache.attach(page, files)
        return page

    def on_page_content(self, html: str, page, config, files) -> str:
        self.progress.pages = self.progress.pages or len(files.documentation_pages())
        self.progress.step("Converting pages")
        # Our page's Markdown is not needed again (its HTML is, until written). "", not None: None blanks its title.
        if page.file.generated_by:
            page.markdown, page.file.content_string = "", ""
        if self.spill is not None:  # on disk until its template is rendered (on_page_context)
            self.spill.put(page.file.src_uri, html)
            return ""
        return html

    def on_page_context(self, context, page, config, nav):
        if self.spill is not None and (html := self.spill.take(page.file.src_uri)) is not None:
            page.content = html
        return context

    def on_build_error(self, error) -> None:
        if self.ctx is not None:
            self.ctx.cancel()
            if self.ctx is not self.given_ctx:  # `tradebriefs build` closes its own
                self.ctx.close()
        self._close_spill()

    def _close_spill(self) -> None:
        spill, self.spill = self.spill, None
        if spill is not None:
            spill.close()

    def on_post_page(self, output: str, page, config) -> str:
        self.progress.step("Writing pages")
        page.content = ""  # in `output` now: not held until every page is written
        return output

    def on_post_build(self, config) -> None:
        pages, self.cache = self.cache, None
        self._close_spill()
        self.tree = {}  # nothing of this build's pages is kept once they are written
        if self.reuse is not None and pages is not None:
            # What this build wrote, for the next one (saved once the site is in place).
            self.reuse.record(self.files, Path(config.site_dir), pages, self.ctx.stats.site)
            if self.in_place:
                self.reuse.remove_stale()
                self.served = self.reuse.new
        if pages is not None:
            pages.count(self.ctx.stats.pages)
            log.info(f"page cache: {pages.reused} pages read back, {pages.rendered} converted")
        self.index_search(Path(config.site_dir))
        if (
            self.ctx is not self.given_ctx
        ):  # `tradebriefs build` finishes its own once the site is in place
            self.ctx.finish()
        # MkDocs keeps this instance for the rest of the process (config_options.Plugins caches a plugin that
        # has on_startup, and holds the last configuration): what this build was given and made (its Files
        # hold every page's Markdown) goes now, not after the search index is made.
        self.given, self.files = None, None

    def index_search(self, site_dir: Path) -> None:
        """The search index over the written site (searchindex.py). A build fails without it, so the previous
        site stays; the preview only warns, and indexes in the background so that pages reload at once."""
        if self.command != "serve" and self.indexes is not None:
            self.indexes.submit(site_dir)
            return
        if self.command != "serve":
            try:
                with self.ctx.timings.phase(searchindex.SEARCH_PHASE):
                    report = searchindex.build_index(site_dir)
            except SearchIndexError as error:
                raise PluginError(str(error)) from None
            log.info(
                f"search index: {report.pages} pages in {report.seconds:.1f} s, "
                f"{report.bytes_on_disk / 1e6:.1f} MB"
            )
            return
        self.wait_for_index()
        if self.in_place:  # the last index lists pages this build may have changed or removed
            shutil.rmtree(site_dir / searchindex.INDEX_FOLDER, ignore_errors=True)
        run = searchindex.Run()
        thread = threading.Thread(
            target=index_in_background, args=(site_dir, run), name="search-index", daemon=True
        )
        self.indexing = (thread, run)
        thread.start()

    def on_shutdown(self) -> None:
        self.wait_for_index(stop=True)
        logging.getLogger("mkdocs.commands.build").removeFilter(self.quiet)

    def wait_for_index(self, stop: bool = False) -> None:
        """MkDocs empties the site folder before a rebuild: the index of the last one is finished first, or,
        with `stop` (a rebuild is starting, so that index is stale already), stopped."""
        if self.indexing is not None:
            thread, run = self.indexing
            if stop:
                run.stop()
            thread.join()
            self.indexing = None
