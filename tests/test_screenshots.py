"""`make screenshots`: the review aid finds one page of each kind on a built site."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "screenshots.py"


def load():
    spec = importlib.util.spec_from_file_location("screenshots", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_each_page_kind_of_the_seed_site_is_found_and_exists(built_site):
    pages = load().pages_of(built_site)
    assert {"home", "brief", "pair", "data", "checks", "country", "embed"} <= set(pages)
    for path in pages.values():
        target = built_site / path.lstrip("/")
        assert (target / "index.html" if path.endswith("/") else target).is_file(), path


def test_without_a_built_site_it_says_so_and_exits_1(tmp_path, capsys):
    assert load().main([str(tmp_path), str(tmp_path / "out")]) == 1
    assert "build the site first" in capsys.readouterr().err
