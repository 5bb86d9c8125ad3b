"""An incremental build equals a clean one, always: random sequences of edits (a figure, a brief's text, a
template, docs/, mkdocs.yml, a same-size edit with an old mtime, a renamed file, a damaged store entry, two
builds sharing one store, the publication day passing midnight, a commit, a broken file) each followed by a
build with the shared cache, compared byte for byte with a build with every cache off (bench/edits.py).
`python -m bench --edits N` runs a longer sequence."""

from __future__ import annotations

import random

import pytest
from bench import edits

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("seed", [1, 2])
def test_every_kind_of_edit_in_random_order_builds_what_a_clean_build_does(tmp_path, seed):
    box = edits.run_sequence(tmp_path / "project", steps=len(edits.EDITS), seed=seed)
    assert len(box.log) == len(edits.EDITS)
    assert {line.split(": ", 2)[1].split(":")[0] for line in box.log} >= {
        "figure", "brief", "template", "store", "midnight", "broken", "renamed",
    }  # fmt: skip


def test_the_comparison_catches_a_memo_that_ignores_its_code(tmp_path):
    """The property can fail: with the render memo's code salt made constant in the sandbox's copy of the
    package, an edited template serves the page kept from before, and the step says which file differs."""
    box = edits.make_sandbox(tmp_path / "project")
    memo = box.root / "scripts" / "tradebriefs" / "render" / "memo.py"
    text = memo.read_text(encoding="utf-8")
    salted = "    return keys.code_salt(module, libraries, data)"
    assert salted in text
    memo.write_text(text.replace(salted, "    return 'constant'"), encoding="utf-8")
    assert edits.finish(box.start_build(box.site, box.cache))[0] == 0
    box.templates.joinpath("home.md.j2").write_text(
        box.templates.joinpath("home.md.j2").read_text(encoding="utf-8") + "\nA new line.\n",
        encoding="utf-8",
    )
    with pytest.raises(edits.Mismatch, match=r"index\.html: bytes differ"):
        edits.run_step(box, "commit", random.Random(0))
