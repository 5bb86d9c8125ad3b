"""The seed site, rendered without MkDocs and without drawing charts, compared file by file with the expected
output committed in tests/golden/ (Pelican's whole-site comparison is the model).

Every page's Markdown, every download, feed and schema is there; a chart appears as the plan it was drawn
from (its spec as JSON), so a change to what a chart says shows up here too. After an intended change, run
`make goldens` (UPDATE_GOLDENS=1) and read the diff in `git diff tests/golden/` before committing it.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import os
import shutil
from pathlib import Path

from conftest import SEED, seed_site_settings
from tradebriefs.facts.pipeline import check_data
from tradebriefs.render.site import render_site

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDENS") == "1"


def plans_as_json(plans) -> dict[str, str]:
    """Instead of SVG bytes: each chart's spec, which is everything that decides them."""
    return {
        plan.path + ".plan.json": json.dumps(
            dataclasses.asdict(plan.spec), default=str, indent=2, ensure_ascii=False
        )
        + "\n"
        for plan in plans
    }


def rendered_seed() -> dict[str, str]:
    checked, _ = check_data(SEED)
    tree = render_site(checked, seed_site_settings(), draw=plans_as_json)
    return {
        path: content if isinstance(content, str) else content.decode("utf-8")
        for path, content in tree.items()
    }


def test_the_seed_site_renders_as_the_golden_copy():
    tree = rendered_seed()
    if UPDATE:
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for path, text in tree.items():
            (GOLDEN / path).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / path).write_text(text, encoding="utf-8")
    expected = {
        p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8")
        for p in GOLDEN.rglob("*")
        if p.is_file()
    }
    assert sorted(tree) == sorted(expected), (
        "files added or removed: run `make goldens` if intended"
    )
    changed = []
    for path in sorted(tree):
        if tree[path] != expected[path]:
            changed.append(
                "".join(
                    difflib.unified_diff(
                        expected[path].splitlines(True),
                        tree[path].splitlines(True),
                        f"golden/{path}",
                        f"rendered/{path}",
                        n=2,
                    )
                )
            )
    assert not changed, (
        "rendered output differs from tests/golden/ (`make goldens` if intended):\n"
        + "\n".join(changed)
    )
