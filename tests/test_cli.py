"""The command line and the preview server, run for real."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import REPO, SEED, project_config, run_cli
from tradebriefs.cli import parser
from tradebriefs.facts.schema import schema_files


def test_every_command_has_help():
    sub = next(a for a in parser()._actions if a.dest == "command")
    assert set(sub.choices) >= {"check", "build", "schema"}
    for name, command in sub.choices.items():
        assert command.description, f"{name} is missing its help"
        assert run_cli(name, "--help").returncode == 0


def test_check_passes_on_the_seed_data():
    result = run_cli("check", "--data", str(SEED))
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[-1] == "4 figures, 3 checks, 0 warnings, 0 errors"


def test_check_json_lists_findings_checks_and_derived_figures():
    import json

    result = run_cli("check", "--format", "json", "--data", str(SEED))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["summary"] == "4 figures, 3 checks, 0 warnings, 0 errors"
    assert {c["id"]: c["outcome"] for c in report["checks"]} == {
        "sum-chn-rus-2023": "holds",
        "implied-chn-rus-2022": "holds",
        "rank-cn-partner-rank-rus-2023": "not run",
    }
    balance = next(d for d in report["derived"] if d["id"] == "derived-balance-chn-rus-2023")
    assert balance["value"] == "-18.17" and balance["inputs"] == [
        "cn-ru-exports-2023",
        "cn-ru-imports-2023",
    ]


def test_strict_turns_warnings_into_errors(data_copy):
    facts = data_copy / "facts/china-russia.yaml"
    # A prior year that makes the stated +26.3% a little off (26.17%): a warning, an error with --strict.
    facts.write_text(facts.read_text(encoding="utf-8") + "", encoding="utf-8")
    text = facts.read_text(encoding="utf-8").replace(
        "figures:\n",
        """figures:
  - id: cn-ru-turnover-2022
    reporter: CHN
    partner: RUS
    flow: turnover
    period: 2022
    value: 190.3
    unit: USD billion
    source: cn-customs-2023-via-tass
""",
        1,
    )
    facts.write_text(text, encoding="utf-8")
    plain = run_cli("check", "--data", str(data_copy))
    assert plain.returncode == 0, plain.stderr
    assert ": warning: growth: change of cn-ru-turnover-2023 (" in plain.stderr
    strict = run_cli("check", "--strict", "--data", str(data_copy))
    assert strict.returncode == 1
    assert ": error: growth: change of cn-ru-turnover-2023 (" in strict.stderr
    assert strict.stderr.splitlines()[-1].endswith("0 warnings, 1 errors")


def test_published_schemas_match_the_models():
    """data/schema/*.json is what editors validate against: it must be the models' current schema."""
    for name, text in schema_files().items():
        assert (REPO / "data/schema" / name).read_text(encoding="utf-8") == text, (
            f"run `make schema` ({name})"
        )


def test_every_seed_file_names_its_schema_on_the_first_line():
    """The scaffold's first line, kept by the seed fixture (an editor's own files are checked by `check`)."""
    for file in sorted(SEED.rglob("*.yaml")):
        first = file.read_text(encoding="utf-8").splitlines()[0]
        kind = "brief" if "briefs" in file.parts else "facts"
        assert first == f"# yaml-language-server: $schema=../schema/{kind}.schema.json", file


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def _chart_of(page: str) -> str:
    """The site path of the first chart a page shows."""
    found = re.search(r'<img[^>]+src="(?:\.\./)*([^"#]+\.svg)', page)
    assert found, "no chart on the page"
    return found[1]


def _wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


@pytest.mark.slow
def test_serve_starts_on_a_fresh_scaffold_and_shows_its_errors(data_copy):
    """Right after `tradebriefs new brief` the data has errors (its placeholders): `make serve` starts anyway,
    every generated page shows the errors with file:line:col, and the hand-written pages and the field
    reference they link to are served as usual (MkDocs --strict finds every link's target)."""
    made = run_cli("new", "brief", "--data", "data", "--pair", "BRA,CHN", cwd=data_copy.parent)
    assert made.returncode == 0, made.stderr
    port = _free_port()
    config = project_config(data_copy.parent, data_copy)
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}"]
        + ["--config-file", str(config)],
        cwd=REPO,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        assert _wait_for(lambda: "The data has " in _get(base + "/"), 60), (
            "the preview never started"
        )
        home = _get(base + "/")
        assert re.search(r"facts/bra-chn\.yaml:\d+:\d+", home), home
        assert "still the placeholder" in home
        for page in ("/briefs/", "/data/"):
            assert "The data has " in _get(base + page), page
        assert "Trade Briefs" in _get(base + "/about/")
        assert "The data has " not in _get(base + "/reference/fields/")
    finally:
        server.terminate()
        server.wait(timeout=20)
    log = server.stderr.read()
    assert "Traceback" not in log and "Aborted" not in log, log


@pytest.mark.slow
@pytest.mark.parametrize("flags", [[], ["--dirty"]], ids=["serve", "serve --dirty (make serve)"])
def test_serve_opens_a_brief_by_url_and_rebuilds_when_data_changes(data_copy, flags):
    """`mkdocs serve` (pinned click): the brief opens at its URL, a data edit shows up, a data error shows an
    error page instead of hanging, a fix brings the pages back, docs/ stays clean. With --dirty (`make
    serve`), a rebuild writes only what changed into the preview's folder (reuse.py), with the same pages."""
    docs_before = sorted(p.relative_to(REPO) for p in (REPO / "docs").rglob("*"))
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    config = project_config(data_copy.parent, data_copy)  # the plugin's data_dir: this copy
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "serve",
            *flags,
            "--dev-addr",
            f"127.0.0.1:{port}",
            "--config-file",
            str(config),
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/briefs/2024-10-28-russia-china-trade-drivers/"
    try:
        assert _wait_for(lambda: "Moscow's trade envoy" in _get(url), 60), "brief never served"
        # The search index is built in the background after each rebuild, and served with the preview.
        index = url.rsplit("/briefs/", 1)[0] + "/pagefind/pagefind-entry.json"
        assert _wait_for(lambda: '"languages"' in _get(index), 60), (
            "the preview has no search index"
        )
        brief = next((data_copy / "briefs").glob("*.yaml"))
        brief.write_text(
            brief.read_text(encoding="utf-8").replace(
                "Moscow's trade envoy", "the envoy Dakhnovsky"
            ),
            encoding="utf-8",
        )
        assert _wait_for(lambda: "the envoy Dakhnovsky" in _get(url), 60), (
            "data change never reached the page"
        )
        facts = data_copy / "facts/china-russia.yaml"
        good = facts.read_text(encoding="utf-8")
        line = good.splitlines().index("    value: 240.11") + 1
        facts.write_text(good.replace("value: 240.11", "value: 240.11.1"), encoding="utf-8")
        # The preview never hangs on bad data: every page shows the errors, each with its place, its line and
        # a caret (every request answers within _get's 5 s timeout, or _wait_for would see an error)...
        where = f"china-russia.yaml:{line}:12"
        assert _wait_for(lambda: "The data has 1 error" in _get(url) and where in _get(url), 60), (
            "the error page never showed"
        )
        page = _get(url)
        assert f"{line} |     value: 240.11.1" in page and "expected a number" in page
        assert "The data has 1 error" in _get(
            url.rsplit("/briefs/", 1)[0] + "/data/"
        )  # at every address
        # The pages made from the models alone stay, and are searchable: the field reference the editor needs.
        reference = url.rsplit("/briefs/", 1)[0] + "/reference/fields/"
        assert "The data has 1 error" not in _get(reference) and "value" in _get(reference)
        assert _wait_for(lambda: '"languages"' in _get(index), 60), (
            "the preview of bad data has no search index"
        )
        # ...and the fix brings the pages back.
        facts.write_text(good.replace("value: 240.11", "value: 240.12"), encoding="utf-8")
        assert _wait_for(lambda: "$240.12 bn" in _get(url), 60), (
            "the fixed data never reached the page"
        )
        chart = url.rsplit("/briefs/", 1)[0] + "/" + _chart_of(_get(url))
        assert "<svg" in _get(chart), f"the brief's chart is missing after the fix ({chart})"
        assert _wait_for(lambda: '"languages"' in _get(index), 60), (
            "the search index never came back"
        )
    finally:
        server.terminate()
        server.wait(timeout=20)
    log = server.stderr.read()
    assert "china-russia.yaml:" in log and ": error: value: expected a number" in log, log
    assert "Traceback" not in log
    if flags:  # each rebuild after the first kept the files that did not change
        assert re.search(r"previous site: [1-9]\d* files reused, [1-9]\d* made", log), log
    assert sorted(p.relative_to(REPO) for p in (REPO / "docs").rglob("*")) == docs_before


def test_a_number_typed_into_prose_is_a_warning_with_its_place(data_copy):
    brief = next((data_copy / "briefs").glob("*.yaml"))
    lines = brief.read_text(encoding="utf-8").splitlines(keepends=True)
    n = next(
        i for i, line in enumerate(lines) if "reached {{ru-cn-turnover-2024-jan-sep}}," in line
    )
    lines[n] = lines[n].replace(
        "reached {{ru-cn-turnover-2024-jan-sep}},", "reached $180 bn, up 2% and"
    )
    brief.write_text("".join(lines), encoding="utf-8")
    result = run_cli("check", "--data", str(data_copy))
    assert result.returncode == 0, result.stderr  # a warning: shown, and the build goes on
    col = lines[n].index("$180 bn") + 1
    assert (
        f"{brief.name}:{n + 1}:{col}: warning: body: the number '$180 bn' is typed by hand; cite a figure as "
        "{{id}} so it stays sourced and checked" in result.stderr
    )
    assert "the number '2%' is typed by hand" in result.stderr
    assert (
        "'2024'" not in result.stderr and "'2023'" not in result.stderr
    )  # years are dates, not figures
