"""Quality gates on the whole built site: every page opens clean, passes axe-core and the Nu HTML checker, and
has no broken internal link.

Pages are discovered from the built site (every `index.html`, plus `404.html`), so country, tag and archive
pages are checked as soon as they are built; REQUIRED_PAGES below only makes sure the discovery found the
page types the site must have. The site is the one conftest.py builds with the real CLI and serves on
127.0.0.1 (`site_url`); Chromium is Debian's (conftest.py, handbook/testing.md).

Tools from outside the venv: axe-core and vnu-jar from npm (package.json, installed by `npm ci` in .ci/run)
and Java 17. When one is missing the test fails in CI (CI set) and is skipped, saying why, elsewhere.
"""

from __future__ import annotations

import csv
import http.server
import io
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import in_ci, open_search, serving, type_query

REPO = Path(__file__).resolve().parents[1]
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
LINKCHECKER = Path(sys.executable).with_name("linkchecker")

# Page types the site has now; every other built page is checked too. Add new kinds here when they exist.
REQUIRED_PAGES = [
    "/",
    "/briefs/2024-10-28-russia-china-trade-drivers/",
    "/pairs/chn-rus/",
    "/briefs/",
    "/pairs/",
    "/data/",
    "/data/chn-rus/",
    "/sources/",
    "/checks/",
    "/checks/chn-rus/",
    "/about/",
    # The editions (mkdocs.yml: editions): the seed brief and the home page in Russian and Chinese.
    "/ru/",
    "/ru/briefs/2024-10-28-russia-china-trade-drivers/",
    "/zh/",
    "/zh/briefs/2024-10-28-russia-china-trade-drivers/",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Material's palette: the scheme each `prefers-color-scheme` selects (mkdocs.yml, theme.palette).
SCHEMES = {"light": "default", "dark": "slate"}

# The one Nu checker error we accept: Material's own templates put autocomplete="off" on the two checkbox
# toggles (drawer, search) that drive its CSS-only menus. Matched exactly, and only on a checkbox.
VNU_ACCEPTED = (
    "Attribute “autocomplete” is only allowed when the input type is “color”, “date”, “datetime-local”, "
    "“email”, “hidden”, “month”, “number”, “password”, “range”, “search”, “tel”, “text”, “time”, “url”, "
    "or “week”."
)
LOCAL_SCHEMES = ("data:", "blob:", "about:")


def need(path: Path | str | None, what: str, how: str) -> None:
    """Fail (in CI) or skip (elsewhere) with a message that says how to get the missing tool."""
    if path and Path(path).exists():
        return
    message = f"{what} is missing ({path or 'not on PATH'}): {how}"
    if in_ci():
        pytest.fail(
            f"{message}. .ci/run installs it; in CI (CI={os.environ['CI']}) this fails, it is not skipped",
            pytrace=False,
        )
    pytest.skip(message)


def site_pages(site: Path) -> list[str]:
    """Every page of the built site as a URL path: /, /briefs/, ..., and /404.html."""
    pages = []
    for index in sorted(site.rglob("index.html")):
        rel = index.parent.relative_to(site).as_posix()
        pages.append("/" if rel == "." else f"/{rel}/")
    if (site / "404.html").exists():
        pages.append("/404.html")
    return pages


# The other editions' folders: their pages are the first edition's templates in other words, so the browser
# checks (every page opens clean, axe in both schemes) take only their home and brief pages (each brief's
# words are its own); the Nu checker and the link checker read every page of every edition.
EDITION_FOLDERS = ("/ru/", "/zh/")


def browser_pages(found: list[str]) -> list[str]:
    """The pages the browser checks open: every page of the first edition, and the other editions' home
    and brief pages."""

    def wanted(page: str) -> bool:
        folder = next((f for f in EDITION_FOLDERS if page.startswith(f)), None)
        if folder is None or page == folder:
            return True
        rest = page.removeprefix(folder + "briefs/")
        return rest != page and rest.count("/") == 1 and not rest.startswith("page/")

    return [p for p in found if wanted(p)]


@pytest.fixture(scope="module")
def pages(built_site) -> list[str]:
    found = site_pages(built_site)
    missing = [p for p in REQUIRED_PAGES if p not in found]
    assert missing == [], f"pages the site must have were not built: {missing} (built: {found})"
    return browser_pages(found)


# --- Every page opens clean --------------------------------------------------------------------------------


@dataclass
class Watch:
    """What one page asked for and what went wrong while it loaded."""

    site_url: str
    requests: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def attach(self, page) -> None:
        # On the context, so that requests from the search worker are seen too.
        page.context.on("request", lambda r: self.requests.append(r.url))
        page.context.on(
            "requestfailed", lambda r: self.problems.append(f"request failed: {r.url}: {r.failure}")
        )
        page.context.on(
            "response", lambda r: r.status >= 400 and self.problems.append(f"{r.status} {r.url}")
        )
        page.on(
            "console",
            lambda m: (
                m.type == "error"
                and self.problems.append(f"console error: {m.text} at {m.location}")
            ),
        )
        page.on("pageerror", lambda e: self.problems.append(f"uncaught: {e}"))

    def take(self) -> list[str]:
        """The problems since the last take, and every request that left the local server."""
        problems = list(self.problems)
        host = urlsplit(self.site_url).netloc
        for url in self.requests:
            if not url.startswith(LOCAL_SCHEMES) and urlsplit(url).netloc != host:
                problems.append(f"request left {host}: {url}")
        self.problems.clear()
        self.requests.clear()
        return problems


@pytest.mark.browser
def test_every_page_opens_without_errors_or_outside_requests(page, site_url, pages):
    watch = Watch(site_url)
    watch.attach(page)
    failures = {}
    for path in pages:
        response = page.goto(site_url + path, wait_until="load")
        page.wait_for_load_state("networkidle")
        problems = watch.take()
        if (
            response is None or response.status != 200
        ):  # 404.html too: the test server sends it as a file
            problems.insert(0, f"status {response and response.status}")
        if problems:
            failures[path] = problems
    assert failures == {}, "pages that did not open clean:\n" + json.dumps(
        failures, indent=2, ensure_ascii=False
    )


# --- axe-core, in both colour schemes ----------------------------------------------------------------------


def run_axe(page, options: dict) -> list[dict]:
    # Colours caught halfway through a CSS transition (search results fade in) fail contrast checks at random.
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate("async options => await axe.run(document, options)", options)
    return result["violations"]


def describe(violations: list[dict]) -> list[str]:
    """One line per failing element: rule, impact, element, and axe's reason."""
    lines = []
    for v in violations:
        for node in v["nodes"]:
            reason = " ".join((node.get("failureSummary") or "").split())
            lines.append(
                f"{v['id']} ({v['impact']}): {' > '.join(map(str, node['target']))}: "
                f"{' '.join(node['html'].split())[:160]} -- {reason[:300]}"
            )
    return lines


@pytest.fixture(params=list(SCHEMES))
def scheme_page(request, browser, site_url):
    """A page in a fresh context that prefers the given colour scheme, as a reader's browser would."""
    context = browser.new_context(color_scheme=request.param)
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield request.param, page
    context.close()


def assert_scheme(page, scheme: str, path: str) -> None:
    actual = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    assert actual == SCHEMES[scheme], (
        f"{path}: asked for {scheme}, Material shows scheme {actual!r}"
    )


@pytest.mark.browser
def test_axe_finds_no_wcag_violation_on_any_page(scheme_page, site_url, pages):
    need(AXE_JS, "axe-core", "run `npm ci --ignore-scripts` in the repository")
    scheme, page = scheme_page
    failures = {}
    for path in pages:
        page.goto(site_url + path, wait_until="load")
        assert_scheme(page, scheme, path)
        lines = describe(run_axe(page, {"runOnly": {"type": "tag", "values": WCAG_TAGS}}))
        if lines:
            failures[path] = lines
    assert failures == {}, f"axe-core ({', '.join(WCAG_TAGS)}), {scheme} scheme:\n" + json.dumps(
        failures, indent=2, ensure_ascii=False
    )


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 400], ids=["wide", "narrow"])
def test_axe_finds_no_violation_in_open_search_with_results(scheme_page, site_url, width):
    """The search dialog, open and listing results: hidden on page load, so the page scan never sees it."""
    need(AXE_JS, "axe-core", "run `npm ci --ignore-scripts` in the repository")
    scheme, page = scheme_page
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(site_url + "/", wait_until="load")
    assert_scheme(page, scheme, "/")
    open_search(page)
    type_query(page, "240.11", timeout_ms=30_000)
    lines = describe(run_axe(page, {"runOnly": {"type": "tag", "values": WCAG_TAGS}}))
    # A best-practice rule, so not among the WCAG tags: the dialog needs a name (overrides/partials/search.html).
    lines += describe(run_axe(page, {"runOnly": {"type": "rule", "values": ["aria-dialog-name"]}}))
    assert lines == [], (
        f"axe-core on the open search, {scheme} scheme, {width} px wide:\n" + "\n".join(lines)
    )


# --- Nu HTML checker ---------------------------------------------------------------------------------------


def test_nu_html_checker_finds_no_error(built_site):
    need(
        VNU_JAR,
        "the Nu HTML checker (npm vnu-jar)",
        "run `npm ci --ignore-scripts` in the repository",
    )
    need(shutil.which("java"), "java (runs vnu.jar)", "apt-get install openjdk-17-jre-headless")
    result = subprocess.run(
        [
            "java",
            "-jar",
            str(VNU_JAR),
            "--skip-non-html",
            "--errors-only",
            "--format",
            "json",
            str(built_site),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    try:  # vnu writes its JSON report to stderr
        messages = json.loads(result.stderr or result.stdout)["messages"]
    except (json.JSONDecodeError, KeyError):
        pytest.fail(
            f"vnu.jar exited {result.returncode} without a JSON report:\n{result.stdout}\n{result.stderr}"
        )
    errors = [
        m
        for m in messages
        if not (m.get("message") == VNU_ACCEPTED and 'type="checkbox"' in m.get("extract", ""))
    ]
    lines = [
        f"{m.get('url', '?').removeprefix('file:' + str(built_site))}:{m.get('lastLine', '?')}:"
        f"{m.get('firstColumn', '?')}: {m.get('type')}: {m.get('message')} | {' '.join(m.get('extract', '').split())}"
        for m in errors
    ]
    assert lines == [], "Nu HTML checker:\n" + "\n".join(lines)
    assert result.returncode in (0, 1), result.stderr  # 1: it found (only accepted) errors


# --- LinkChecker -------------------------------------------------------------------------------------------


class _LinkCheckerHandler(http.server.SimpleHTTPRequestHandler):
    """The static site, plus the `LinkChecker` response header: with it LinkChecker lifts its politeness limit
    of 10 requests a second to `maxrequestspersecond`, and checks the whole site (anchors too) in ~3 s."""

    def end_headers(self):
        self.send_header("LinkChecker", "local test server")
        super().end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def linkchecker_url(built_site):
    with serving(built_site, _LinkCheckerHandler) as url:
        yield url + "/"


def test_linkchecker_finds_no_broken_internal_link_or_anchor(linkchecker_url, tmp_path):
    assert LINKCHECKER.exists(), f"{LINKCHECKER} is missing: pip install -e '.[test]'"
    config = tmp_path / "linkcheckerrc"
    # AnchorCheck: a link to data/#figure-id whose anchor is missing is reported as a warning.
    config.write_text(
        "[checking]\nmaxrequestspersecond=100\nthreads=4\n\n[AnchorCheck]\n", encoding="utf-8"
    )
    result = subprocess.run(
        [
            str(LINKCHECKER),
            "--config",
            str(config),
            "--no-status",
            "--no-robots",
            "--verbose",
            "--output",
            "csv",
            linkchecker_url,
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    lines = [line for line in result.stdout.splitlines() if line and not line.startswith("#")]
    assert lines, (
        f"LinkChecker printed no CSV (exit {result.returncode}):\n{result.stdout}\n{result.stderr}"
    )
    rows = list(csv.DictReader(io.StringIO("\n".join(lines)), delimiter=";"))
    assert rows and "valid" in rows[0], f"unexpected LinkChecker output:\n{result.stdout[:2000]}"
    checked = {row["url"] for row in rows}
    bad = [
        f"{row['parentname']}:{row['line']}:{row['column']}: {row['urlname']} -> "
        f"{row['result'] or ''} {(row['warningstring'] or '')[:300]}".strip()
        for row in rows
        if row["valid"] != "True" or row["warningstring"]
    ]
    assert bad == [], "LinkChecker (internal links and anchors):\n" + "\n".join(bad)
    assert result.returncode == 0, (
        f"LinkChecker exited {result.returncode}:\n{result.stderr[-2000:]}"
    )
    # It really crawled the site, not only the home page.
    assert any("/briefs/" in url for url in checked), (
        f"LinkChecker did not reach the briefs: {sorted(checked)}"
    )
