"""Cards: the image a link to the site shows when it is shared (Open Graph's og:image, Twitter's large card).

Each brief has its own, 1200 × 630 pixels: the site's name, the brief's title, and its headline figure large,
with its change and what it is ("$240.11 bn", "+26.3% on a year earlier", "China–Russia trade turnover,
2023"); every other page shows the site's own card (its name and description). A card is drawn by
matplotlib when the site is built, never in a reader's browser, and kept like a chart (chartcache.py): a PNG
named by a hash of everything that decides its bytes (its text, this module's code, the matplotlib version),
drawn only when that file is missing, in worker processes while MkDocs converts the pages. The bytes carry
no date and no version, so a card is the same file in every build.

Pure apart from drawing: `brief_spec` and `site_spec` say what a card shows; `render_cards` makes the files;
`card_texts` gives each card as the text of what it shows (for callers that do not draw: the golden copy,
`tradebriefs diff`). Which card a page shows is `page_card` (the theme's head tags, overrides/partials/).
"""

from __future__ import annotations

import dataclasses
import io
import json
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tradebriefs.core import keys
from tradebriefs.core.context import CardCounts, Pending
from tradebriefs.core.numbers import format_qualified
from tradebriefs.core.routes import SITE_CARD, absolute_url, brief_card, brief_slug, relative_url
from tradebriefs.core.store import Store, content_digest, write_file
from tradebriefs.facts.catalog import Catalog
from tradebriefs.facts.models import Brief
from tradebriefs.facts.words import NOTHING, change_text, figure_label
from tradebriefs.render import chartcache
from tradebriefs.render.charts import fonts_for, quiet_fallback

WIDTH_PX, HEIGHT_PX = 1200, 630  # what Open Graph and Twitter's large card show without cropping
DPI = 72  # one point is one pixel: sizes below are pixels
FONT = "DejaVu Sans"  # shipped with matplotlib, as the charts' (charts.FONT; charts.fonts_for adds a CJK one)
INK, MUTED, PAPER = "#1a1a1a", "#555555", "#ffffff"
ACCENT = "#3f51b5"  # Material's indigo, the site's primary colour (mkdocs.yml)
MARGIN_PX = 72
BAND_PX = 14  # the accent band along the top
TOP_PX = BAND_PX + 40  # the first line's top
SITE_PX, TITLE_PX, VALUE_PX, CHANGE_PX, LABEL_PX = 30, 44, 112, 38, 32
SITE_NAME_PX = 96  # the site's name on its own card
MIN_VALUE_PX = 56  # a long value ("about 1,234,567.8 USD thousand") is set smaller, down to this
TITLE_LINES, LABEL_LINES, ABOUT_LINES = 3, 2, 4  # at most; a longer text ends in "…"
LINE_SPACING = 1.2
GAP_PX = 28  # between blocks


@dataclass(frozen=True)
class CardSpec:
    """What a card shows: everything that decides its bytes, with the drawing code."""

    site: str  # the site's name, top left
    title: str  # a brief's headline; the site's card: its description
    value: str = ""  # the headline figure as printed ("$240.11 bn"); '' on the site's card
    change: str = ""  # "+26.3% on a year earlier"; '' when the source gave none
    label: str = ""  # what the figure is, with its period


def brief_spec(brief: Brief, cat: Catalog, site_name: str) -> CardSpec:
    """A brief's card: its headline figure as the brief prints it, with its change and label."""
    fig = cat.figures[brief.headline]
    change = change_text(fig)
    return CardSpec(
        site_name,
        brief.title,
        format_qualified(fig.value, fig.unit, fig.qualifier),
        "" if change == NOTHING else change,
        figure_label(fig),
    )


def site_spec(site_name: str, description: str) -> CardSpec:
    """The card of every page but a brief: the site's name, large, and its description."""
    return CardSpec(site_name, description)


def card_specs(briefs: dict[str, Brief], cat: Catalog, site_name: str, description: str) -> dict:
    """{card path: spec}: the site's card and one per brief."""
    specs = {SITE_CARD: site_spec(site_name, description)}
    for slug, brief in briefs.items():
        specs[brief_card(slug)] = brief_spec(brief, cat, site_name)
    return specs


def page_card(src_uri: str | None, exists: Callable[[str], bool]) -> str:
    """The card a page shows (its source path in the site): a brief's own, else the site's."""
    slug = brief_slug(src_uri or "")
    if slug is not None and exists(brief_card(slug)):
        return brief_card(slug)
    return SITE_CARD


@dataclass(frozen=True)
class Share:
    """What the theme's head tags say of a page when it is shared (overrides/partials/share.html)."""

    image: str  # its card's address: absolute with the site's URL, else relative to the page
    kind: str  # og:type: 'article' for a brief, else 'website'


def page_share(src_uri: str | None, site_url: str | None, exists: Callable[[str], bool]) -> Share:
    """A page's card and kind. Without the site's URL the address is relative to the page (Open Graph wants
    absolute ones: SITE_URL gives them); a page with no source (404.html, served at any depth) gets the
    address from the site's root."""
    card = page_card(src_uri, exists)
    if site_url:
        image = absolute_url(site_url.rstrip("/") + "/", card)
    elif src_uri:
        image = relative_url(src_uri, card)
    else:
        image = absolute_url("/", card)
    return Share(image, "website" if card == SITE_CARD else "article")


def sharer(files, site_url: str | None) -> Callable[[object], Share]:
    """The `share` filter of the theme's templates: a page (MkDocs' Page, or nothing on 404.html) -> Share."""

    def share(page) -> Share:
        file = getattr(page, "file", None) if page else None
        src = getattr(file, "src_uri", None) if file else None
        return page_share(src, site_url, lambda path: files.get_file_from_path(path) is not None)

    return share


def spec_text(spec: CardSpec) -> str:
    return json.dumps(dataclasses.asdict(spec), sort_keys=True, ensure_ascii=False)


def card_texts(specs: dict[str, CardSpec]) -> dict[str, str]:
    """Each card as the text of what it shows, instead of its PNG: what decides the bytes, without drawing."""
    return {path: spec_text(spec) for path, spec in specs.items()}


# Drawing.


def _text_width(text: str, size: float, weight: str = "normal") -> float:
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    prop = FontProperties(family=fonts_for(text), size=size, weight=weight)
    with quiet_fallback():
        return text_to_path.get_text_width_height_descent(text, prop, ismath=False)[0]


def fit_lines(text: str, width: float, size: float, weight: str, most: int) -> list[str]:
    """Greedy word wrap by measured width, at most `most` lines; a longer text ends in '…' on the last."""
    lines: list[str] = []
    for word in text.split():
        if lines and _text_width(f"{lines[-1]} {word}", size, weight) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    if len(lines) <= most:
        return lines
    kept, last = lines[: most - 1], lines[most - 1]
    while " " in last and _text_width(last + "…", size, weight) > width:
        last = last.rsplit(" ", 1)[0]
    return [*kept, last.rstrip(",;:") + "…"]


def _value_size(value: str, width: float) -> float:
    """The largest size, from VALUE_PX down to MIN_VALUE_PX, at which the value fits on one line."""
    size = VALUE_PX
    while size > MIN_VALUE_PX and _text_width(value, size, "bold") > width:
        size -= 4
    return size


def draw_png(spec: CardSpec) -> bytes:
    """The card as PNG bytes, 1200 × 630: the same bytes for the same spec (no date, no software version)."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    width = WIDTH_PX - 2 * MARGIN_PX
    fig = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI, facecolor=PAPER)
    FigureCanvasAgg(fig)
    texts = [str(v) for v in dataclasses.asdict(spec).values() if isinstance(v, str)]
    style = {"font.family": fonts_for(*texts), "text.parse_math": False, "text.color": INK}

    def write(y: float, lines: list[str], size: float, weight="normal", color=INK) -> float:
        """Lines top-aligned at y pixels from the top; returns the y under them."""
        fig.text(
            MARGIN_PX / WIDTH_PX,
            1 - y / HEIGHT_PX,
            "\n".join(lines),
            fontsize=size,
            fontweight=weight,
            color=color,
            ha="left",
            va="top",
            linespacing=LINE_SPACING,
        )
        return y + size * (1 + LINE_SPACING * (len(lines) - 1))

    with matplotlib.rc_context(style), warnings.catch_warnings():
        # A character DejaVu Sans lacks (Chinese, say) is drawn as a box; the card is still made.
        warnings.filterwarnings("ignore", message="Glyph .* missing from")
        fig.add_artist(
            Rectangle((0, 1 - BAND_PX / HEIGHT_PX), 1, BAND_PX / HEIGHT_PX, color=ACCENT, lw=0)
        )
        if spec.value:
            y = write(TOP_PX, [spec.site], SITE_PX, "bold", ACCENT) + GAP_PX
            title = fit_lines(spec.title, width, TITLE_PX, "bold", TITLE_LINES)
            y = write(y, title, TITLE_PX, "bold") + GAP_PX * 1.5
            y = write(y, [spec.value], _value_size(spec.value, width), "bold") + GAP_PX / 2
            if spec.change:
                y = write(y, fit_lines(spec.change, width, CHANGE_PX, "normal", 1), CHANGE_PX)
                y += GAP_PX / 3
            label = fit_lines(spec.label, width, LABEL_PX, "normal", LABEL_LINES)
            write(y, label, LABEL_PX, color=MUTED)
        else:  # the site's card: its name, large, and its description
            y = write(TOP_PX + GAP_PX * 3, [spec.site], SITE_NAME_PX, "bold") + GAP_PX
            about = fit_lines(spec.title, width, TITLE_PX, "normal", ABOUT_LINES)
            write(y, about, TITLE_PX, color=MUTED)
        out = io.BytesIO()
        with quiet_fallback():
            fig.savefig(out, format="png", dpi=DPI, facecolor=PAPER, metadata={"Software": None})
    return out.getvalue()


# The cache: the charts' (chartcache.ChartCache), the cards' files in the same store under their own kind.

KIND = "card"


class CardCache(chartcache.ChartCache):
    kind = KIND

    def __init__(self, store: Store | None, counts: CardCounts | None = None):
        super().__init__(store)
        self.counts = counts if counts is not None else CardCounts()  # what the last call did


def salt() -> str:
    """What decides a card's bytes besides its spec: this module's import closure (code, sizes, colours) and
    matplotlib."""
    return keys.code_salt("tradebriefs.render.cards", ("matplotlib",))


def card_key(spec: CardSpec) -> str:
    return keys.key(KIND, salt(), spec)


CARDS_PER_TASK = 8


def _draw_and_store(folder: str, tasks: list[tuple[str, CardSpec]]) -> tuple[int, list[tuple]]:
    """In a worker: draw each card and write it as the store's file of its key; only (key, digest) pairs
    travel back, for the build to record."""
    written = []
    for key, spec in tasks:
        data = draw_png(spec)
        write_file(Path(folder), key, data)
        written.append((key, content_digest(data)))
    return len(tasks), written


def render_cards(
    specs: dict[str, CardSpec], cache: CardCache, pending: list[Pending]
) -> dict[str, Path | bytes]:
    """{card path: its file in the card cache}, the missing ones being drawn in worker processes when this
    returns (a Drawing added to `pending`, the build's, to wait for before reading them); without a cache
    folder, the PNG bytes, drawn now."""
    keys = {path: card_key(spec) for path, spec in specs.items()}
    missing = {key: specs[path] for path, key in keys.items() if cache.path_of(key) is None}
    cache.counts.cards, cache.counts.drawn = len(keys), len(missing)
    cache.counts.cached = len(keys) - len(missing)
    if not cache.on:
        return {path: draw_png(spec) for path, spec in specs.items()}
    if missing:
        # Even one card goes to a worker: it imports matplotlib while this process renders pages.
        started = time.perf_counter()
        shared = chartcache.shared_pool(pending)
        tasks = list(missing.items())
        futures = [
            shared.executor.submit(
                _draw_and_store, str(cache.store.folder), tasks[i : i + CARDS_PER_TASK]
            )
            for i in range(0, len(tasks), CARDS_PER_TASK)
        ]
        pending.append(
            chartcache.Drawing(shared, futures, len(missing), started, None, cache.store, KIND)
        )
    return {path: cache._path(key) for path, key in keys.items()}
