"""Series over time for a pair's profile: each flow, as reported by one side, year by year."""
from __future__ import annotations

from collections import defaultdict

from .charts import PALETTE, Bar, ChartSpec, _source_line
from .countries import country_name, pair_key
from .models import Figure
from .numbers import format_qualified
from .routes import series_chart

MIN_POINTS = 2  # one year is a figure, not a series


def yearly_series(figures) -> dict[tuple[str, str, str], list[Figure]]:
    """{(reporter, partner, flow): full-year figures, oldest first}, for series of MIN_POINTS or more."""
    groups: dict[tuple, dict[int, Figure]] = defaultdict(dict)
    for f in sorted(figures, key=lambda f: f.id):
        if f.period.is_year and f.flow != "balance":
            groups[(f.reporter, f.partner, f.flow)].setdefault(f.period.start[0], f)
    return {key: [years[y] for y in sorted(years)] for key, years in sorted(groups.items())
            if len(years) >= MIN_POINTS}


def series_spec(figures: list[Figure], sources: dict) -> ChartSpec:
    first = figures[0]
    reporter, partner = country_name(first.reporter), country_name(first.partner)
    what = {"exports": f"{reporter}'s exports to {partner}", "imports": f"{reporter}'s imports from {partner}",
            "turnover": f"{reporter}–{partner} trade turnover"}[first.flow]
    title = f"{what}, {first.period.label()}–{figures[-1].period.label()}"
    bars = tuple(Bar(f.period.label(), f.value, format_qualified(f.value, f.unit, f.qualifier), PALETTE[f.flow])
                 for f in figures)
    alt = f"Bar chart: {title}, {first.unit}. " + "; ".join(f"{b.label}: {b.text}" for b in bars) + "."
    return ChartSpec("series", title, first.unit, bars, _source_line(figures, sources), alt)


def plan_series(figures, sources: dict) -> dict[tuple[str, str], list[tuple[str, ChartSpec, list[Figure]]]]:
    """{pair key: [(chart path, spec, figures drawn)]} for every pair with a series."""
    planned: dict[tuple[str, str], list] = defaultdict(list)
    for (reporter, partner, flow), figs in yearly_series(figures).items():
        planned[pair_key(reporter, partner)].append((series_chart(reporter, partner, flow),
                                                           series_spec(figs, sources), figs))
    return planned
