"""The site files two data sets publish, compared: what a reviewer's diff lists under "Site files".

The one place the history stage knows how the site is rendered: it renders each side with the renderer's own
API (render/site.py), charts as their specs (what decides an SVG's bytes, without drawing it), and compares
the trees path by path.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass

from tradebriefs.core.routes import dark_variant
from tradebriefs.facts.pipeline import Checked
from tradebriefs.render.site import published, render_site


@dataclass(frozen=True)
class SiteDiff:
    compared: bool  # False when a side's data has errors: no site is built from it
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()


def spec_files(plans) -> dict[str, str]:
    """Each chart's spec as text, under both its file paths: what decides the SVG's bytes, without drawing it."""
    files = {}
    for plan in plans:
        text = json.dumps(asdict(plan.spec), default=str, sort_keys=True, ensure_ascii=False)
        files[plan.path] = files[dark_variant(plan.path)] = text
    return files


def site_files(checked: Checked, today: dt.date) -> dict:
    """The site's files as a build on `today` publishes them (drafts and briefs dated later left out), with
    site-relative links and the default site settings (alike on both sides), and charts as their specs.

    The one place the diff knows how the site is rendered: kept small, as the renderer's API may change.
    """
    checked, _ = published(checked, today)
    return render_site(checked, draw=spec_files)


def diff_trees(base: dict, head: dict) -> SiteDiff:
    return SiteDiff(
        True,
        tuple(sorted(head.keys() - base.keys())),
        tuple(sorted(base.keys() - head.keys())),
        tuple(sorted(p for p in base.keys() & head.keys() if base[p] != head[p])),
    )
