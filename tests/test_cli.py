"""The command line and the preview server, run for real."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import REPO, run_cli
from tradebriefs.cli import parser
from tradebriefs.schema import schema_files


def test_every_command_has_help():
    sub = next(a for a in parser()._actions if a.dest == "command")
    assert set(sub.choices) >= {"check", "build", "schema"}
    for name, command in sub.choices.items():
        assert command.description, f"{name} is missing its help"
        assert run_cli(name, "--help").returncode == 0


def test_check_passes_on_the_seed_data():
    result = run_cli("check")
    assert result.returncode == 0, result.stderr
    assert "0 error(s)" in result.stderr
    assert "ok: 4 figures, 1 ranks, 4 quotes, 2 sources, 1 briefs" in result.stderr


def test_published_schemas_match_the_models():
    """data/schema/*.json is what editors validate against: it must be the models' current schema."""
    for name, text in schema_files().items():
        assert (REPO / "data/schema" / name).read_text(encoding="utf-8") == text, f"run `make schema` ({name})"


def test_every_data_file_names_its_schema_on_the_first_line():
    for file in sorted((REPO / "data").rglob("*.yaml")):
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
def test_serve_opens_a_brief_by_url_and_rebuilds_when_data_changes(data_copy):
    """`mkdocs serve` (pinned click): the brief opens at its URL, a data edit shows up, docs/ stays clean."""
    docs_before = sorted(p.relative_to(REPO) for p in (REPO / "docs").rglob("*"))
    port = _free_port()
    env = {**os.environ, "TRADEBRIEFS_DATA": str(data_copy), "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}",
                               "--watch", str(data_copy)], cwd=REPO, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}/briefs/2024-10-28-russia-china-trade-drivers/"
    try:
        assert _wait_for(lambda: "Moscow's trade envoy" in _get(url), 60), "brief never served"
        brief = next((data_copy / "briefs").glob("*.yaml"))
        brief.write_text(brief.read_text(encoding="utf-8").replace("Moscow's trade envoy", "the envoy Dakhnovsky"),
                         encoding="utf-8")
        assert _wait_for(lambda: "the envoy Dakhnovsky" in _get(url), 60), "data change never reached the page"
    finally:
        server.terminate()
        server.wait(timeout=20)
    assert sorted(p.relative_to(REPO) for p in (REPO / "docs").rglob("*")) == docs_before
