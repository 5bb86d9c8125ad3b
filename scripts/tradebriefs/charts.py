"""Charts: a chart spec (pure data; chartplan.py makes it from the figures) drawn as SVG bytes by matplotlib.

Determinism: the same spec gives the same bytes on every build (fixed hash salt, no date metadata,
text kept as text), so unchanged charts never look changed to git, caches or browsers.
"""

from __future__ import annotations

import re
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
FIGSIZE_INCHES = (6.4, 3.4)
SVG_HASH_SALT = "tradebriefs"  # fixed salt: matplotlib otherwise makes random clip-path ids
FONT = "DejaVu Sans"  # shipped with matplotlib, so text is measured the same on every machine
# Layout in points (1/72 inch). Margins are measured from the chart's own text instead of found by
# tight_layout, which draws the whole figure twice more and was two thirds of a chart's cost.
POINTS_PER_INCH = 72
TEXT_PT, TITLE_PT, SOURCE_PT = 10, 11, 8
LINE_SPACING = 1.2  # matplotlib's default for multi-line text
EDGE_PT = 6  # clear space at the figure's edges
TITLE_GAP_PT = 8  # between the title's last line and the plot
TICK_PAD_PT = 3.5  # matplotlib's default gap between a tick and its label
X_AXIS_PT = 3.5 + 3.5 + 12 + 4 + 12  # tick, pad, tick labels, label pad, axis label
SOURCE_GAP_PT = 8  # between the axis label and the source line
VALUE_GAP_PT = 4  # between a bar's end and its value label
NEGATIVE_ROOM = 0.05  # left of the most negative bar, as a share of the largest magnitude
REFERENCE_EDGE_PT = 1.5  # a reference bar's outline: drawn unfilled, so the bars it holds stand out
# An axis's label, where the spec's axis is not already one ("USD billion" is).
AXIS_LABELS = {"percent": "percent change on a year earlier"}


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

    prop = FontProperties(family=FONT, size=size, weight=weight)
    return text_to_path.get_text_width_height_descent(text, prop, ismath=False)[0]


def _wrap_pt(text: str, width_pt: float, size: float, weight: str) -> list[str]:
    """Greedy word wrap by measured width, so a long title never runs off the chart."""
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
        fig = Figure(figsize=FIGSIZE_INCHES)
        FigureCanvasSVG(fig)
        _reused[:] = [fig, fig.add_axes((0, 0, 1, 1))]
        return _reused
    fig, ax = _reused
    for artist in (*ax.patches, *ax.texts, *ax.lines, *fig.texts):
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

    No pyplot (no figure manager) and no layout pass: margins are computed from the measured text, so the
    figure is drawn once, by the SVG writer, on this process's one reused figure (_blank_figure).
    """
    import io

    import matplotlib
    from matplotlib.transforms import offset_copy

    scheme = SCHEMES[DRAWN_SCHEME]
    ink, muted = scheme["ink"], scheme["muted"]
    style = {
        "svg.hashsalt": SVG_HASH_SALT,
        "svg.fonttype": "none",
        "font.family": FONT,
        "font.size": TEXT_PT,
        "text.parse_math": False,
        "axes.edgecolor": muted,
        "text.color": ink,
        "axes.labelcolor": ink,
        "xtick.color": ink,
        "ytick.color": ink,
    }
    width_pt, height_pt = (x * POINTS_PER_INCH for x in FIGSIZE_INCHES)
    labels = [b.label for b in spec.bars]
    values = [float(b.value) for b in spec.bars]
    positions = list(range(len(values)))[::-1]
    with matplotlib.rc_context(style):
        title = _wrap_pt(spec.title, width_pt - 2 * EDGE_PT, TITLE_PT, "bold")
        left = EDGE_PT + max(_text_width_pt(x, TEXT_PT) for x in labels) + TICK_PAD_PT
        top = EDGE_PT + len(title) * TITLE_PT * LINE_SPACING + TITLE_GAP_PT
        bottom = EDGE_PT + SOURCE_PT + SOURCE_GAP_PT + X_AXIS_PT
        axes_width = width_pt - left - EDGE_PT
        fig, ax = _blank_figure()
        ax.set_position(
            (
                left / width_pt,
                bottom / height_pt,
                axes_width / width_pt,
                (height_pt - top - bottom) / height_pt,
            )
        )
        ax.barh(
            positions,
            values,
            color=["none" if b.reference else b.colour for b in spec.bars],
            edgecolor=[scheme["derived_edge"] if b.derived else b.colour for b in spec.bars],
            # Only beside a reference bar: the other charts' bars keep matplotlib's default edge.
            **(
                {"linewidth": [REFERENCE_EDGE_PT if b.reference else None for b in spec.bars]}
                if any(b.reference for b in spec.bars)
                else {}
            ),
        )
        # Plain text instead of annotations and y tick labels: the same drawing, a third of the artists.
        value_at = offset_copy(ax.transData, fig=fig, x=VALUE_GAP_PT, y=0, units="points")
        label_at = offset_copy(
            ax.get_yaxis_transform(), fig=fig, x=-TICK_PAD_PT, y=0, units="points"
        )
        for bar, pos, value in zip(spec.bars, positions, values, strict=True):
            # Labels sit right of the bar's end, or right of zero for a negative bar, clear of the axis labels.
            ax.text(
                max(value, 0), pos, bar.text, transform=value_at, ha="left", va="center", color=ink
            )
            ax.text(0, pos, bar.label, transform=label_at, ha="right", va="center", color=ink)
        ax.set_yticks([])
        ax.axvline(0, color=muted, linewidth=0.8)
        ax.set_xlim(
            *_x_limits(values, [_text_width_pt(b.text, TEXT_PT) for b in spec.bars], axes_width)
        )
        ax.set_xlabel(AXIS_LABELS.get(spec.axis, spec.axis))
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
        fig.text(
            EDGE_PT / width_pt,
            1 - EDGE_PT / height_pt,
            "\n".join(title),
            fontsize=TITLE_PT,
            fontweight="bold",
            ha="left",
            va="top",
            linespacing=LINE_SPACING,
        )
        fig.text(
            EDGE_PT / width_pt,
            EDGE_PT / height_pt,
            spec.source_line,
            fontsize=SOURCE_PT,
            color=muted,
            ha="left",
            va="bottom",
        )
        out = io.BytesIO()
        fig.savefig(out, format="svg", metadata={"Date": None}, transparent=True)
    return out.getvalue()
