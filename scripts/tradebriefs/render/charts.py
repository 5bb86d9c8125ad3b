"""Charts: a chart spec (pure data; chartplan.py makes it from the figures) drawn as SVG bytes by matplotlib.

Determinism: the same spec gives the same bytes on every build (fixed hash salt, no date metadata,
text kept as text), so unchanged charts never look changed to git, caches or browsers.
"""

from __future__ import annotations

import logging
import re
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

# Okabe–Ito palette: distinguishable with the common colour-vision deficiencies.
PALETTE = {"exports": "#0072B2", "imports": "#E69F00", "turnover": "#009E73", "balance": "#999999"}
# Ink for each of Material's colour schemes; the background stays transparent so the page shows through.
SCHEMES = {
    "light": {"ink": "#1a1a1a", "muted": "#555555", "derived_edge": "#1a1a1a"},
    "dark": {"ink": "#e8e8e8", "muted": "#b0b0b0", "derived_edge": "#e8e8e8"},
}
DRAWN_SCHEME = "light"  # charts are drawn once, in this scheme's ink, and recoloured for the others
SVG_HASH_SALT = "tradebriefs"  # fixed salt: matplotlib otherwise makes random clip-path ids
FONT = "DejaVu Sans"  # shipped with matplotlib, so text is measured the same on every machine
# Chinese (and Japanese) text, which DejaVu Sans lacks: matplotlib falls back to it glyph by glyph (3.6+). Debian's
# fonts-wqy-zenhei, which CI installs. Asked for only by text that needs it, so other charts keep their bytes.
CJK_FONT = "WenQuanYi Zen Hei"


def fonts_for(*texts: str) -> list[str]:
    """The font families that draw `texts`: DejaVu Sans, then the CJK font if any text has a CJK character."""
    if any(is_cjk(ch) for text in texts for ch in text):
        return [FONT, CJK_FONT]
    return [FONT]


@contextmanager
def quiet_fallback():
    """matplotlib warns of every glyph its first font lacks even where the fallback font draws it, and logs
    that WenQuanYi Zen Hei has no 'normal' weight (its regular is 500): neither is a fault."""
    logger = logging.getLogger("matplotlib.font_manager")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Glyph .* missing from font")
            yield
    finally:
        logger.setLevel(level)


def is_cjk(ch: str) -> bool:
    """A Chinese or Japanese character or punctuation mark (CJK blocks, full-width forms)."""
    code = ord(ch)
    return 0x2E80 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0xFF00 <= code <= 0xFFEF


# Sizes, in points (1/72 inch), which are the SVG's own units (its viewBox). A chart is drawn for a phone's text
# column and shown at most SHOWN_MAX_EM of the page's em wide (the chart section of docs/stylesheets/extra.css),
# so its text (text_px) is at least MIN_TEXT_PX on a 360 px screen and at most the page's own text size on a
# wide one. The chart's title and source are the page's (its caption), not drawn: one place, searchable.
POINTS_PER_INCH = 72
TEXT_PT = 10  # every text a chart draws: bar labels and value labels alike
WIDTH_PT = 252  # 3.5 inches
PHONE_COLUMN_PX = (
    328  # a 360 px screen's text column: Material's 0.8rem (16 px) margins either side
)
MIN_TEXT_PX = 12
SHOWN_MAX_EM = (
    WIDTH_PT / TEXT_PT
)  # 25.2: shown this wide at most, chart text is the size of the page's
LINE_SPACING = 1.2  # matplotlib's default for multi-line text
EDGE_PT = 2  # clear space at the figure's edges (the page has its own margins)
BAR_PT = 15  # a bar's thickness
ROW_GAP_PT = 9  # between one bar and the next bar's label (or the next bar)
LABEL_GAP_PT = 2  # between a label and the bar under it
BESIDE_SHARE = 0.25  # labels this short (share of the width) sit beside bars ("2023"), else above
TICK_PAD_PT = 4  # between a label beside its bar and the bars' zero
VALUE_GAP_PT = 4  # between a bar's end and its value label
ZERO_OVERHANG_PT = 2  # the zero line's reach beyond each bar
NEGATIVE_ROOM = 0.05  # left of the most negative bar, as a share of the largest magnitude
REFERENCE_EDGE_PT = 1.5  # a reference bar's outline: drawn unfilled, so the bars it holds stand out


def text_px(size: float, shown_px: float, width: float = WIDTH_PT) -> float:
    """CSS pixels of text drawn `size` high in a chart `width` wide (both in the SVG's units), shown
    `shown_px` wide: the sizing rule the chart's sizes are chosen by (and tests/test_phone_charts.py measures)."""
    return size * shown_px / width


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal
    text: str  # the value as the reader sees it
    colour: str
    derived: bool = False
    reference: bool = (
        False  # a total the others are read against (a commodities chart's all goods): outlined
    )


@dataclass(frozen=True)
class ChartSpec:
    """Everything that decides a chart's bytes, and nothing else."""

    kind: str
    title: str
    axis: str
    bars: tuple[Bar, ...]
    source_line: str
    alt: str  # the text alternative, written from the figures


@cache  # the same labels ("Exports to Russia", "+26.3%") come back chart after chart
def _text_width_pt(text: str, size: float, weight: str = "normal") -> float:
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    prop = FontProperties(family=fonts_for(text), size=size, weight=weight)
    with quiet_fallback():
        return text_to_path.get_text_width_height_descent(text, prop, ismath=False)[0]


def _wrap_pt(text: str, width_pt: float, size: float, weight: str) -> list[str]:
    """Greedy word wrap by measured width, so a long label never runs off the chart."""
    lines: list[str] = []
    for word in text.split():
        if lines and _text_width_pt(f"{lines[-1]} {word}", size, weight) <= width_pt:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines or [""]


def _x_limits(
    values: list[float], label_widths: list[float], axes_width_pt: float
) -> tuple[float, float]:
    """Room right of each bar's end (or of zero, for a negative bar) for its value label."""
    span = max(abs(v) for v in values) or 1
    lo = min(0.0, min(values)) - span * NEGATIVE_ROOM * (min(values) < 0)
    hi = max(0.0, max(values)) + span * NEGATIVE_ROOM
    for value, width in zip(values, label_widths, strict=True):
        free = (
            1 - (VALUE_GAP_PT + width + EDGE_PT) / axes_width_pt
        )  # share of the axes left for the bar
        hi = max(hi, lo + (max(value, 0.0) - lo) / max(free, 0.2))
    return lo, hi


@dataclass(frozen=True)
class Layout:
    """Where a chart's rows go, in points from the top left: each bar's label lines and its centre."""

    labels: tuple[tuple[str, ...], ...]  # each bar's label, as lines
    beside: bool  # labels left of their bars (short ones), else above them
    left: float  # where the bars' axes begin
    centres: tuple[float, ...]  # each bar's centre, down from the top
    height: float


def layout(spec: ChartSpec) -> Layout:
    """Rows top to bottom, one a bar: short labels beside the bars, longer ones above them, wrapped to the
    chart's width; the chart is as tall as its rows."""
    widths = [_text_width_pt(b.label, TEXT_PT) for b in spec.bars]
    beside = max(widths) <= WIDTH_PT * BESIDE_SHARE
    if beside:
        labels = tuple((b.label,) for b in spec.bars)
        left = EDGE_PT + max(widths) + TICK_PAD_PT
    else:
        inner = WIDTH_PT - 2 * EDGE_PT
        labels = tuple(tuple(_wrap_pt(b.label, inner, TEXT_PT, "normal")) for b in spec.bars)
        left = EDGE_PT
    centres, y = [], EDGE_PT
    for lines in labels:
        if not beside:
            y += len(lines) * TEXT_PT * LINE_SPACING + LABEL_GAP_PT
        centres.append(y + BAR_PT / 2)
        y += BAR_PT + ROW_GAP_PT
    return Layout(labels, beside, left, tuple(centres), y - ROW_GAP_PT + EDGE_PT)


def render_variants(spec: ChartSpec, schemes=tuple(SCHEMES)) -> dict[str, bytes]:
    """Every colour scheme's variant of a chart, drawn once: the schemes differ only in their ink."""
    svg = draw_svg(spec)
    return {scheme: recolour(svg, scheme) for scheme in schemes}


_SVG_TAG = re.compile(rb"<[^>]*>")


@cache
def _ink_map(scheme: str) -> tuple[re.Pattern, dict[bytes, bytes]]:
    drawn, wanted = SCHEMES[DRAWN_SCHEME], SCHEMES[scheme]
    mapping: dict[bytes, bytes] = {}
    for role, colour in drawn.items():
        old, new = colour.lower().encode(), wanted[role].lower().encode()
        if mapping.setdefault(old, new) != new or old in {
            c.lower().encode() for c in PALETTE.values()
        }:
            raise ValueError(
                f"scheme {scheme!r}: ink {colour} cannot be told apart in the drawn scheme"
            )
    return re.compile(b"|".join(re.escape(c) for c in mapping)), mapping


def recolour(svg: bytes, scheme: str) -> bytes:
    """The drawn chart in another scheme's ink. Only colours inside tags change, never the text a chart shows."""
    if scheme == DRAWN_SCHEME:
        return svg
    pattern, mapping = _ink_map(scheme)
    return _SVG_TAG.sub(lambda tag: pattern.sub(lambda c: mapping[c.group(0)], tag.group(0)), svg)


_reused: list = []  # [figure, axes] of this process, drawn on again and again


def _blank_figure():
    """This process's figure and axes, emptied of the last chart. A new Axes costs a fifth of a chart (its
    ticks, spines and patches are built again); what a chart adds to it is removed instead, so the bytes are
    the same as those of a fresh figure (tests/test_chartcache.py draws charts both ways)."""
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure
    from matplotlib.transforms import Bbox

    if not _reused:
        fig = Figure()
        FigureCanvasSVG(fig)
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_axis_off()  # bars labelled with their values need no ticks, spines or axis label
        _reused[:] = [fig, ax]
        return _reused
    fig, ax = _reused
    for artist in (*ax.patches, *ax.texts, *ax.lines, *ax.collections, *fig.texts):
        artist.remove()
    ax.containers.clear()
    ax.dataLim.set_points(Bbox.null().get_points())
    ax.ignore_existing_data_limits = True
    ax.set_autoscaley_on(True)
    ax.set_autoscalex_on(True)
    return fig, ax


def fresh_figure() -> None:
    """The next chart is drawn on a new figure (for tests that compare the two)."""
    _reused.clear()


def draw_svg(spec: ChartSpec) -> bytes:
    """Draw one chart in the drawn scheme's ink; recolour() gives the other schemes.

    Horizontal bars, each labelled with its series (beside or above it, layout()) and its value; no axis, no
    title, no source line: the page's caption carries those, and the SVG's <title> and metadata name them
    for the file alone. No pyplot (no figure manager) and no layout pass: the rows are placed from the
    measured text, so the figure is drawn once, by the SVG writer, on this process's one reused figure.
    """
    import io

    import matplotlib
    from matplotlib.transforms import offset_copy

    scheme = SCHEMES[DRAWN_SCHEME]
    ink, muted = scheme["ink"], scheme["muted"]
    style = {
        "svg.hashsalt": SVG_HASH_SALT,
        "svg.fonttype": "none",
        # Written "'DejaVu Sans', sans-serif": a reader without DejaVu Sans (a phone) gets a sans-serif.
        "font.family": "sans-serif",
        "font.sans-serif": fonts_for(*(t for b in spec.bars for t in (b.label, b.text))),
        "font.size": TEXT_PT,
        "text.parse_math": False,
        "text.color": ink,
    }
    plan = layout(spec)
    values = [float(b.value) for b in spec.bars]
    with matplotlib.rc_context(style):
        fig, ax = _blank_figure()
        fig.set_size_inches(WIDTH_PT / POINTS_PER_INCH, plan.height / POINTS_PER_INCH)
        axes_width = WIDTH_PT - plan.left - EDGE_PT
        ax.set_position((plan.left / WIDTH_PT, 0, axes_width / WIDTH_PT, 1))
        ax.set_ylim(plan.height, 0)  # y in points down from the top, as layout() places the rows
        ax.set_xlim(
            *_x_limits(values, [_text_width_pt(b.text, TEXT_PT) for b in spec.bars], axes_width)
        )
        ax.barh(
            plan.centres,
            values,
            height=BAR_PT,
            color=["none" if b.reference else b.colour for b in spec.bars],
            edgecolor=[scheme["derived_edge"] if b.derived else b.colour for b in spec.bars],
            # Only beside a reference bar: the other charts' bars keep matplotlib's default edge.
            **(
                {"linewidth": [REFERENCE_EDGE_PT if b.reference else None for b in spec.bars]}
                if any(b.reference for b in spec.bars)
                else {}
            ),
        )
        reach = BAR_PT / 2 + ZERO_OVERHANG_PT  # the zero line, bar by bar: never through a label
        ax.vlines(
            [0] * len(values),
            [c - reach for c in plan.centres],
            [c + reach for c in plan.centres],
            color=muted,
            linewidth=0.8,
        )
        value_at = offset_copy(ax.transData, fig=fig, x=VALUE_GAP_PT, y=0, units="points")
        beside_at = offset_copy(
            ax.get_yaxis_transform(), fig=fig, x=-TICK_PAD_PT, y=0, units="points"
        )
        for bar, centre, value, lines in zip(
            spec.bars, plan.centres, values, plan.labels, strict=True
        ):
            # Values sit right of the bar's end, or right of zero for a negative bar.
            ax.text(max(value, 0), centre, bar.text, transform=value_at, ha="left", va="center")
            if plan.beside:
                ax.text(0, centre, lines[0], transform=beside_at, ha="right", va="center")
            else:
                ax.text(
                    0,
                    centre - BAR_PT / 2 - LABEL_GAP_PT,
                    "\n".join(lines),
                    transform=ax.get_yaxis_transform(),
                    ha="left",
                    va="bottom",
                    linespacing=LINE_SPACING,
                )
        out = io.BytesIO()
        with quiet_fallback():
            fig.savefig(
                out,
                format="svg",
                transparent=True,
                # The title and the source for the file on its own; no date, no version: the same bytes every build.
                metadata={
                    "Title": spec.title,
                    "Source": spec.source_line,
                    "Date": None,
                    "Creator": None,
                    "Format": None,
                    "Type": None,
                },
            )
    return out.getvalue()
