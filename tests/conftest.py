"""Shared fixtures: the real site, built once per session with the real CLI, and served on 127.0.0.1."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tradebriefs.core.project import load_project
from tradebriefs.publish.serve import served

REPO = Path(__file__).resolve().parents[1]
# The tests' own data: a frozen copy of the seed brief and its facts. Tests never read the live data/, which is
# the editors' (an editor's next brief must not change a count, a golden or a page a test expects); the live
# data is tested only by what holds for any valid data (tests/test_live_data.py, `make test-data`).
SEED = Path(__file__).resolve().parent / "fixtures" / "seed"
# The same data with the seed brief and its quotes translated into Russian and Chinese (the editions): what
# the shared site (built_site) is built from. tests/test_editions.py checks it is the seed and translations.
EDITIONS = Path(__file__).resolve().parent / "fixtures" / "editions"
CLI = [sys.executable, "-m", "tradebriefs.cli"]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def in_ci() -> bool:
    """Whether this is a CI run (CI set to anything but empty, 0, false or no)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI a skipped test is a failed one: a missing tool or a missing system call must not pass unseen."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and in_ci() and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, where every test must run: {reason}"


def run_cli(*args: str, cwd: Path = REPO, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the real `tradebriefs` command (with `env` added to this one's); never raises."""
    return subprocess.run(
        [*CLI, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, **(env or {})},
    )


# Every edition mkdocs.yml lists, for the builds that are about them (run_cli's env): the shared site, the
# live data, tests/test_editions.py. Every other build makes the English edition alone (one_edition, below).
ALL_EDITIONS = {"TRADEBRIEFS_EDITIONS": ""}


@pytest.fixture(scope="session", autouse=True)
def one_edition():
    """Builds make the English edition alone unless a test asks for all (ALL_EDITIONS): what most tests look
    at is one edition's, and three would triple the suite's time for nothing they check."""
    before = os.environ.get("TRADEBRIEFS_EDITIONS")
    os.environ["TRADEBRIEFS_EDITIONS"] = "en"  # inherited by every `run_cli` and MkDocs process
    yield
    if before is None:
        os.environ.pop("TRADEBRIEFS_EDITIONS", None)
    else:
        os.environ["TRADEBRIEFS_EDITIONS"] = before


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory):
    """Tests keep charts and pages in their own cache, never reading or filling the repository's .cache/."""
    folder = tmp_path_factory.mktemp("cache")
    before = os.environ.get("TRADEBRIEFS_CACHE")
    os.environ["TRADEBRIEFS_CACHE"] = str(folder)  # inherited by every `run_cli` and MkDocs process
    yield folder
    if before is None:
        os.environ.pop("TRADEBRIEFS_CACHE", None)
    else:
        os.environ["TRADEBRIEFS_CACHE"] = before


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The site built from the seed fixture with its translations (tests/fixtures/editions) with `tradebriefs
    build` (mkdocs build --strict, every edition); its CI summary (`--summary`) is summary.md beside it."""
    out = tmp_path_factory.mktemp("built") / "site"
    summary = out.parent / "summary.md"
    result = run_cli(
        "build",
        "--data",
        str(EDITIONS),
        "--site",
        str(out),
        "--summary",
        str(summary),
        env=ALL_EDITIONS,
    )
    assert result.returncode == 0, result.stderr
    return out


serving = served  # a built site served on 127.0.0.1 while the block runs (publish/serve.py)


def project_config(folder: Path, data_dir: Path, **changes) -> Path:
    """A copy of the repository's mkdocs.yml in `folder`, reading `data_dir` (core/project.py)."""
    return load_project(REPO / "mkdocs.yml").with_data(folder, data_dir, **changes)


def make_project(folder: Path) -> Path:
    """`folder` made a project, as an editor's checkout is: its mkdocs.yml reads folder/data (the site's theme
    and hand-written pages are the repository's). Commands run in it find it."""
    return project_config(folder, Path("data"))


def built_copy(tmp_path_factory, name: str, edit) -> Path:
    """The site built by `tradebriefs build` from a copy of the seed fixture that `edit(data)` changed."""
    data = tmp_path_factory.mktemp(name) / "data"
    shutil.copytree(SEED, data)
    edit(data)
    out = data.parent / "site"
    result = run_cli("build", "--data", str(data), "--site", str(out))
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def site_url(built_site):
    """The built site served on 127.0.0.1."""
    with serving(built_site) as url:
        yield url


# Searching as a reader does, shared by the browser tests (test_browser, test_search, test_quality).


def wait_until(page, condition: str, failure: str, timeout_ms: int = 15_000) -> None:
    """Wait for a JavaScript `condition` to hold, as a reader waits for the page to react; fail with `failure`
    if it never does. Never assert right after a key or a click: on a loaded runner the page's handlers
    may not have run yet."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(condition, timeout=timeout_ms)
    except PlaywrightTimeout:
        raise AssertionError(
            f"{failure} (waited {timeout_ms / 1000:g} s for {condition})"
        ) from None


def open_search(page) -> None:
    """The header's search button opens the search dialog (overrides/partials/site-search.html); its field
    gets the focus."""
    page.locator("header [data-tb-search-open]").click()
    page.wait_for_function("document.getElementById('tb-search').open")
    wait_until(
        page, "document.activeElement.id === 'tb-search-input'", "the search field has no focus"
    )


def wait_for_results(page, query: str, timeout_ms: int = 15_000) -> str:
    """Until the results list answers `query` (search.js marks the list with the query it answers); returns
    the status line ("3 results")."""
    page.wait_for_function(
        "q => document.querySelector('[data-tb-search-results]').dataset.query === q",
        arg=query,
        timeout=timeout_ms,
    )
    return page.locator("[data-tb-search-status]").inner_text()


def forget_results(page) -> None:
    """Before a change that searches again with the same query (a filter checked): wait_for_results then
    waits for the new answer, not the old one."""
    page.evaluate("delete document.querySelector('[data-tb-search-results]').dataset.query")


def type_query(page, query: str, timeout_ms: int = 15_000) -> str:
    """Type a query into the open search dialog; returns the status line once its results are listed."""
    page.locator("#tb-search-input").fill(query)
    return wait_for_results(page, query, timeout_ms)


def result_links(page) -> list[str]:
    """The listed pages' addresses, in order (not their sections')."""
    return page.locator(".tb-search__result > a.tb-search__link").evaluate_all(
        "links => links.map(a => a.href)"
    )


@pytest.fixture(scope="session")
def base_url():
    """No base URL: every test opens absolute 127.0.0.1 addresses. Defined here because pytest-playwright's
    fallback fixture is an instance method, which pytest 9 warns is deprecated (removed in pytest 10)."""
    return None


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, never a downloaded one (handbook/testing.md)."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
        "headless": True,
    }


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A private copy of the seed fixture, for tests that break or change it."""
    target = tmp_path / "data"
    shutil.copytree(SEED, target)
    return target


def seed_site_settings():
    """The site's settings as the build reads them from mkdocs.yml (name, description, language)."""
    from tradebriefs.publish.build import load_mkdocs_config
    from tradebriefs.publish.plugin import site_settings

    saved = os.environ.pop("SITE_URL", None)  # the golden copy is of the site-relative build
    try:
        return site_settings(load_mkdocs_config(REPO / "mkdocs.yml"))
    finally:
        if saved is not None:
            os.environ["SITE_URL"] = saved


@pytest.fixture
def package_copy(tmp_path, monkeypatch) -> Path:
    """The package's code and templates as a copy a test may edit, hashed in their place (core/keys.py):
    which outputs an edit makes again."""
    from tradebriefs.core import keys

    copy = tmp_path / "package"
    shutil.copytree(keys.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(keys, "PACKAGE", copy)
    keys.code_salt.cache_clear()
    keys.imports_of.cache_clear()
    yield copy
    keys.code_salt.cache_clear()
    keys.imports_of.cache_clear()
