"""Charts: chart specs (pure data, from the figures) and SVG bytes from matplotlib.

Determinism: the same spec gives the same bytes on every build (fixed hash salt, no date metadata,
text kept as text), so unchanged charts never look changed to git, caches or browsers.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .countries import country_name
from .derive import Derived, balance_of
from .models import Chart, Figure
from .numbers import format_amount, format_change, format_qualified

# Okabe–Ito palette: distinguishable with the common colour-vision deficiencies.
PALETTE = {"exports": "#0072B2", "imports": "#E69F00", "turnover": "#009E73", "balance": "#999999"}
# Ink for each of Material's colour schemes; the background stays transparent so the page shows through.
SCHEMES = {
    "light": {"ink": "#1a1a1a", "muted": "#555555", "derived_edge": "#1a1a1a"},
    "dark": {"ink": "#e8e8e8", "muted": "#b0b0b0", "derived_edge": "#e8e8e8"},
}
FIGSIZE_INCHES = (6.4, 3.4)
TITLE_WRAP_CHARS = 52  # a bold 11 pt title line that fits beside the axis labels in 6.4 inches
SVG_HASH_SALT = "tradebriefs"  # fixed salt: matplotlib otherwise makes random clip-path ids


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal
    text: str  # the value as the reader sees it
    colour: str
    derived: bool = False


@dataclass(frozen=True)
class ChartSpec:
    """Everything that decides a chart's bytes, and nothing else."""

    kind: str
    title: str
    axis: str
    bars: tuple[Bar, ...]
    source_line: str
    alt: str  # the text alternative, written from the figures


def _flow_label(fig: Figure) -> str:
    return {"exports": f"Exports to {country_name(fig.partner)}",
            "imports": f"Imports from {country_name(fig.partner)}",
            "turnover": "Turnover", "balance": "Balance"}[fig.flow]


def _source_line(figures, sources) -> str:
    names = []
    for fig in figures:
        src = sources[fig.source]
        name = src.publisher + (f", via {sources[src.via].publisher}" if src.via else "")
        if name not in names:
            names.append(name)
    return "Source: " + "; ".join(names)


def flows_spec(chart: Chart, figures: dict, sources: dict) -> ChartSpec:
    """Exports against imports, with the balance derived from them."""
    figs = [figures[i] for i in chart.figures]
    exports = next((f for f in figs if f.flow == "exports"), None)
    imports = next((f for f in figs if f.flow == "imports"), None)
    first = figs[0]
    reporter, partner = country_name(first.reporter), country_name(first.partner)
    period = first.period.label()
    bars = [Bar(_flow_label(f), f.value, format_qualified(f.value, f.unit, f.qualifier), PALETTE[f.flow]) for f in figs]
    alt_parts = [f"{reporter}'s {f.flow} {'to' if f.flow == 'exports' else 'from' if f.flow == 'imports' else 'with'} "
                 f"{partner} in {period} were {format_qualified(f.value, f.unit, f.qualifier, long=True)}" for f in figs]
    if exports and imports:
        bal: Derived = balance_of(exports, imports)
        bars.append(Bar("Balance (derived)", bal.value, format_amount(bal.value, bal.unit), PALETTE["balance"], derived=True))
        alt_parts.append(f"the balance, exports minus imports, was {format_amount(bal.value, bal.unit, long=True)}")
    title = chart.title or f"{reporter}'s trade with {partner}, {period}"
    unit = first.unit
    return ChartSpec("flows", title, unit, tuple(bars), _source_line(figs, sources),
                     f"Bar chart: {title}. " + "; ".join(alt_parts) + ".")


def growth_spec(chart: Chart, figures: dict, sources: dict) -> ChartSpec:
    """Change on a year earlier, in percent, for each figure."""
    figs = [figures[i] for i in chart.figures]
    first = figs[0]
    reporter, partner = country_name(first.reporter), country_name(first.partner)
    period = first.period.label()
    bars = tuple(Bar(_flow_label(f), f.change, format_change(f.change), PALETTE[f.flow]) for f in figs)
    title = chart.title or f"{reporter}'s trade with {partner}, {period}: change on a year earlier"
    alt = f"Bar chart: {title}. " + "; ".join(f"{b.label[0].lower()}{b.label[1:]} {b.text}" for b in bars) + "."
    return ChartSpec("growth", title, "percent", bars, _source_line(figs, sources), alt)


SPEC_BUILDERS = {"flows": flows_spec, "growth": growth_spec}


def chart_spec(chart: Chart, figures: dict, sources: dict) -> ChartSpec:
    return SPEC_BUILDERS[chart.kind](chart, figures, sources)


def render_svg(spec: ChartSpec, scheme: str = "light") -> bytes:
    """Draw one chart as SVG bytes for a colour scheme. matplotlib is imported here, only when a chart is drawn."""
    import io
    import textwrap

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ink, muted = SCHEMES[scheme]["ink"], SCHEMES[scheme]["muted"]
    style = {"svg.hashsalt": SVG_HASH_SALT, "svg.fonttype": "none", "font.family": "DejaVu Sans",
             "font.size": 10, "axes.edgecolor": muted, "text.color": ink, "axes.labelcolor": ink,
             "xtick.color": ink, "ytick.color": ink}
    with plt.rc_context(style):
        fig, ax = plt.subplots(figsize=FIGSIZE_INCHES)
        labels = [b.label for b in spec.bars]
        values = [float(b.value) for b in spec.bars]
        positions = list(range(len(values)))[::-1]
        ax.barh(positions, values, color=[b.colour for b in spec.bars],
                hatch=None, edgecolor=[SCHEMES[scheme]["derived_edge"] if b.derived else b.colour for b in spec.bars])
        for bar, pos, value in zip(spec.bars, positions, values):
            # Labels sit right of the bar's end, or right of zero for a negative bar, clear of the axis labels.
            ax.annotate(bar.text, (max(value, 0), pos), xytext=(4, 0), textcoords="offset points",
                        ha="left", va="center", fontsize=10, color=ink)
        ax.set_yticks(positions, labels)
        ax.axvline(0, color=muted, linewidth=0.8)
        span = max(abs(v) for v in values) or 1
        ax.set_xlim(min(0, min(values)) - span * 0.05 * (min(values) < 0), max(0, max(values)) + span * 0.35)
        ax.set_xlabel(spec.axis if spec.axis != "percent" else "percent change on a year earlier")
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
        ax.tick_params(axis="y", length=0)
        ax.set_title(textwrap.fill(spec.title, TITLE_WRAP_CHARS), loc="left", fontsize=11, fontweight="bold")
        fig.text(0.01, 0.01, spec.source_line, fontsize=8, color=muted, ha="left", va="bottom")
        fig.tight_layout(rect=(0, 0.06, 1, 1))
        out = io.BytesIO()
        fig.savefig(out, format="svg", metadata={"Date": None}, transparent=True)
        plt.close(fig)
    return out.getvalue()
