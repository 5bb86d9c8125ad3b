"""Routes: every output path comes from one module, each is unique, and each URL is the one MkDocs gives."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import File

from conftest import REPO, SEED
from tradebriefs.core import routes
from tradebriefs.facts.pipeline import check_data

PACKAGE = REPO / "scripts" / "tradebriefs"
# Modules that name input or cache files, not outputs of the site.
NOT_RENDERERS = {
    "routes.py",
    "load.py",
    "catalog.py",
    "chartcache.py",
    "pagecache.py",
    "reuse.py",  # names its manifest in the cache, not a site path
    "cli.py",
    "build.py",
    "guard.py",
    "schema.py",
    "git.py",
    "diff.py",
    "searchindex.py",  # reads and rewrites the files of Pagefind's own output folder
}
OUTPUT_PATH = re.compile(
    r"\.(md|svg|csv|json|xml|html)$|^(briefs|charts|data|checks|pairs|tags|countries|archive)/"
)


@pytest.fixture(scope="module")
def mkdocs_config(tmp_path_factory):
    return load_config(
        config_file=str(REPO / "mkdocs.yml"), site_dir=str(tmp_path_factory.mktemp("site"))
    )


@pytest.fixture(scope="module")
def seed_tree():
    """The seed site's files, charts as their specs (sitefiles.spec_files): every path, no chart drawn, so no
    worker process is started (one left behind by a killed test outlives it)."""
    from tradebriefs.history.sitefiles import spec_files
    from tradebriefs.render.site import render_site

    checked, _ = check_data(SEED)
    return render_site(checked, draw=spec_files)


def test_every_url_is_the_one_mkdocs_computes(seed_tree, mkdocs_config):
    for path in seed_tree:
        assert routes.page_url(path) == File(path, "docs", "site", use_directory_urls=True).url, (
            path
        )
    assert mkdocs_config["use_directory_urls"] is True  # the rule routes.page_url follows


def test_relative_urls_resolve_to_the_target_from_the_page():
    from urllib.parse import urljoin

    root = "https://example.org/site/"
    for here, there in [
        ("briefs/x.md", "data/chn-rus.md"),
        ("index.md", "briefs/index.md"),
        ("data/index.md", "data/chn-rus.md"),
        ("briefs/x.md", "index.md"),
        ("tags/china/index.md", "charts/x-1-flows.svg"),
        ("sources.md", "sources.md"),
    ]:
        page = urljoin(root, routes.page_url(here))
        assert (
            urljoin(page, routes.relative_url(here, there, "a"))
            == routes.absolute_url(root, there) + "#a"
        )


def test_every_output_path_is_unique_and_known_to_routes(seed_tree):
    urls = [routes.page_url(p) for p in seed_tree]
    assert len(urls) == len(set(urls))
    known = re.compile(
        r"^(index\.md|sources\.md|(feed|changes)\.(xml|json)|(briefs|archive|countries|tags|pairs|data|checks|reference|changes)/"
        r".+\.md|charts/.+\.(svg|csv|json)|data/(figures\.(csv|json)|datapackage\.json)|schema/.+\.json"
        r"|cards/(site|briefs/.+)\.png|embed/.+/\d+\.html)$"
    )
    assert [p for p in seed_tree if not known.match(p)] == []


def _paths_built_by_hand(module: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        if isinstance(node, ast.JoinedStr):
            parts = [
                v.value
                for v in node.values
                if isinstance(v, ast.Constant) and isinstance(v.value, str)
            ]
            text = "".join(parts)
            if parts and (OUTPUT_PATH.search(parts[-1]) or OUTPUT_PATH.match(parts[0])):
                found.append(f"{module.name}:{node.lineno}: f-string {text!r}")
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and OUTPUT_PATH.search(node.value)
            and "\n" not in node.value
            and " " not in node.value
        ):
            found.append(f"{module.name}:{node.lineno}: {node.value!r}")
    return found


def test_no_renderer_builds_an_output_path_by_hand():
    found = []
    for module in sorted(PACKAGE.rglob("*.py")):
        if module.name not in NOT_RENDERERS:
            found += _paths_built_by_hand(module)
    assert found == [], "output paths belong in routes.py:\n" + "\n".join(found)


def test_the_hand_built_path_detector_sees_one():
    sample = REPO / "tests" / "test_routes.py"
    assert any(
        "briefs/" in line for line in _paths_built_by_hand(sample)
    )  # the regex above, and this file's f-strings


def test_reserved_slugs_are_the_list_pages_under_briefs():
    assert routes.briefs_list(1) == routes.brief_page("index")
    assert routes.briefs_list(2).startswith(routes.BRIEFS_DIR + "/" + "page")
    assert set(routes.RESERVED_BRIEF_SLUGS) == {"index", "page"}


@pytest.mark.parametrize(
    "tag, slug",
    [
        ("China", "china"),
        ("china", "china"),
        ("trade turnover", "trade-turnover"),
        ("中国", "中国"),
        ("Россия", "россия"),
        ("C", "c"),
        ("C++", "c-plus-plus"),
        ("c#", "c-sharp"),
        ("R&D", "r-and-d"),
    ],
)
def test_tag_slugs_keep_every_script_and_tell_symbols_apart(tag, slug):
    assert routes.tag_slug(tag) == slug


def test_a_non_ascii_route_has_the_url_mkdocs_gives_it():
    for path in (
        routes.tag_page("中国"),
        routes.tag_page("Россия"),
        routes.list_page(routes.tag_base("中国"), 2),
    ):
        assert routes.page_url(path) == File(path, "docs", "site", use_directory_urls=True).url
    from urllib.parse import unquote

    assert (
        unquote(routes.relative_url("briefs/x.md", routes.tag_page("中国"))) == "../../tags/中国/"
    )


@pytest.mark.parametrize(
    "function, args, expected",
    [
        ("brief_page", ("x",), "briefs/x.md"),
        ("briefs_list", (), "briefs/index.md"),
        ("briefs_list", (3,), "briefs/page/3.md"),
        ("changes_list", (), "changes/index.md"),
        ("changes_list", (2,), "changes/page/2.md"),
        ("change_anchor", ("0123456789abcdef0123",), "change-0123456789ab"),
        ("archive_base", (2024,), "archive/2024"),
        ("list_page", ("archive/2024", 2), "archive/2024/page/2.md"),
        ("country_page", ("CHN",), "countries/chn/index.md"),
        ("tag_page", ("Trade turnover",), "tags/trade-turnover/index.md"),
        ("pair_page", ("RUS", "CHN"), "pairs/chn-rus.md"),
        ("pair_page", ("CHN", "RUS"), "pairs/chn-rus.md"),
        ("data_page", ("RUS", "CHN"), "data/chn-rus.md"),
        ("checks_page", ("RUS", "CHN"), "checks/chn-rus.md"),
        ("brief_chart", ("x", 0, "flows"), "charts/x-1-flows.svg"),
        ("series_chart", ("RUS", "CHN", "exports"), "charts/series-rus-chn-exports.svg"),
        ("dark_variant", ("charts/x-1-flows.svg",), "charts/x-1-flows-dark.svg"),
        ("chart_download", ("charts/x-1-flows.svg", "csv"), "charts/x-1-flows.csv"),
        ("schema_file", ("facts.schema.json",), "schema/facts.schema.json"),
    ],
)
def test_each_route_names_its_source_path(function, args, expected):
    """Where each page and file goes, as the docs tree handed to MkDocs names it."""
    assert getattr(routes, function)(*args) == expected


@pytest.mark.parametrize(
    "src, site_path, url",
    [
        ("index.md", "", "./"),
        ("briefs/index.md", "briefs/", "briefs/"),
        ("briefs/README.md", "briefs/", "briefs/"),
        ("briefs/x.md", "briefs/x/", "briefs/x/"),
        ("sources.md", "sources/", "sources/"),
        ("feed.xml", "feed.xml", "feed.xml"),
        ("tags/a b.md", "tags/a b/", "tags/a%20b/"),
    ],
)
def test_a_page_is_served_from_its_folder_and_a_file_as_itself(src, site_path, url):
    """x.md as x/, an index as its folder, the home page as the root; other files keep their path."""
    assert (routes.site_path(src), routes.page_url(src)) == (site_path, url)
    assert routes.absolute_url("https://e.org/", src) == "https://e.org/" + url.removeprefix("./")


@pytest.mark.parametrize(
    "here, there, fragment, expected",
    [
        ("briefs/x.md", "data/chn-rus.md", "f", "../../data/chn-rus/#f"),
        ("index.md", "briefs/index.md", "", "briefs/"),
        ("index.md", "index.md", "", "./"),
        ("briefs/x.md", "index.md", "", "../../"),
        ("briefs/x.md", "charts/x-1-flows.svg", "", "../../charts/x-1-flows.svg"),
        ("data/index.md", "data/index.md", "top", "./#top"),
    ],
)
def test_a_relative_url_goes_from_a_page_s_folder(here, there, fragment, expected):
    """The URL of one output as written in another's HTML: relative, a page's ending in '/'."""
    assert routes.relative_url(here, there, fragment) == expected


@pytest.mark.parametrize(
    "here, there, fragment, expected",
    [
        ("briefs/x.md", "data/chn-rus.md", "f", "../data/chn-rus.md#f"),
        ("index.md", "briefs/index.md", "", "briefs/index.md"),
        ("briefs/x.md", "briefs/y.md", "", "y.md"),
    ],
)
def test_a_markdown_link_names_the_target_s_source_path_relative_to_the_page(
    here, there, fragment, expected
):
    """MkDocs checks such a link in --strict builds and turns it into the URL."""
    assert routes.link(here, there, fragment) == expected


def test_a_markdown_link_without_a_fragment_has_no_hash():
    """No anchor asked, none written."""
    assert routes.link("index.md", "sources.md") == "sources.md"


def test_a_tag_of_symbols_only_still_has_an_address():
    """'—' has no letter or digit: its slug is 'tag'; '$%' spells its symbols out."""
    assert routes.tag_slug("—") == "tag"
    assert routes.tag_slug("$%") == "dollar-percent"
    assert routes.tag_slug("  €uro_zone  ") == "euro-uro-zone"
    assert routes.is_page("x.md") and not routes.is_page("x.svg")
