"""The data pages: the overview with the downloads, and one page per pair with every figure, rank and
derived figure, each figure with its checks, the briefs that show it and its revisions."""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

from tradebriefs.core.i18n import N_, _, gettext
from tradebriefs.core.routes import (
    CHANGES_INDEX,
    DATASET,
    brief_page,
    checks_page,
    data_page,
    pair_page,
)
from tradebriefs.facts.catalog import Catalog
from tradebriefs.facts.checks import disagreements
from tradebriefs.facts.derive import Derived
from tradebriefs.facts.models import Brief
from tradebriefs.facts.prose import CITATION
from tradebriefs.facts.revisions import NO_HISTORY, History
from tradebriefs.facts.words import check_kind, outcome_word, pair_title
from tradebriefs.render.searchmeta import Kind, pair_search
from tradebriefs.render.templates import Link, Target
from tradebriefs.render.views.disagreements import disagreement_notes
from tradebriefs.render.views.jsonld import dataset_json_ld, json_ld
from tradebriefs.render.views.rows import (
    DerivedRow,
    FigureRow,
    RankRow,
    derived_row,
    figure_row,
    rank_row,
    revision_row,
)
from tradebriefs.render.views.site import WIDE, Site
from tradebriefs.render.views.values import pairs_by_id

DATASET_FILES = (
    ("CSV", DATASET["csv"]),
    ("JSON", DATASET["json"]),
    (N_("Frictionless data package"), DATASET["datapackage"]),
)


@dataclass(frozen=True)
class DataIndexView:
    n_figures: int
    downloads: tuple[Link, ...]
    pairs: tuple[tuple[Link, int, int, int], ...]  # (pair, figures, ranks, derived)
    json_ld: Markup
    changes: Target  # the "What changed" page


@dataclass(frozen=True)
class DataPairView:
    meta: dict
    title: str
    checks: Target
    profile: Target
    figures: tuple[FigureRow, ...]
    ranks: tuple[RankRow, ...]
    derived: tuple[DerivedRow, ...]

    @property
    def has_revisions(self) -> bool:
        """The figures table gets a Revisions column only when a figure has one."""
        return any(r.revisions for r in self.figures)


def cited_by(cat: Catalog) -> dict[str, list[Brief]]:
    """{figure or rank id: briefs that show it}: key figures, headline, charts and citations in the body."""
    table: dict[str, list[Brief]] = {}
    for b in cat.briefs.values():
        ids = [
            b.headline,
            *b.figures,
            *b.ranks,
            *(i for c in b.charts for i in c.figures),
            *(m.group(1) for m in CITATION.finditer(b.body)),
        ]
        for ident in dict.fromkeys(ids):
            table.setdefault(ident, []).append(b)
    return table


@dataclass
class DataTables:
    """The whole site's tables the data pages look entries up in, made once per build: a figure's pair, the
    briefs citing it, the checks on it, each pair's figures, ranks and derived figures, the disagreements."""

    pair_of: dict = field(default_factory=dict)  # {figure, rank or derived id: its pair}
    citing: dict = field(default_factory=dict)  # {figure or rank id: briefs that show it}
    checks_on: dict = field(
        default_factory=dict
    )  # {figure id: checks on it or on values implied by it}
    figures: dict = field(default_factory=dict)  # {pair: its figures, by period}
    ranks: dict = field(default_factory=dict)  # {pair: its ranks}
    derived: dict = field(default_factory=dict)  # {pair: its derived figures}
    disagree: dict = field(default_factory=dict)  # checks.disagreements
    derived_ids: dict = field(default_factory=dict)  # {id: derived figure}


def data_tables(cat: Catalog, derived: list[Derived], checks) -> DataTables:
    pair_of = pairs_by_id(cat, derived)
    sources_of = {
        d.id: d.inputs for d in derived
    }  # a check on implied values covers the figures they came from
    tables = DataTables(
        pair_of,
        cited_by(cat),
        disagree=disagreements(checks),
        derived_ids={d.id: d for d in derived},
    )
    for c in checks:
        for ident in dict.fromkeys(i for x in c.inputs for i in sources_of.get(x, (x,))):
            tables.checks_on.setdefault(ident, []).append(c)
    for f in sorted(cat.figures.values(), key=lambda f: (f.period.start, f.period.end, f.id)):
        tables.figures.setdefault(pair_of[f.id], []).append(f)
    for r in cat.ranks.values():
        tables.ranks.setdefault(pair_of[r.id], []).append(r)
    for d in derived:
        tables.derived.setdefault(pair_of[d.id], []).append(d)
    return tables


def data_pairs(tables: DataTables) -> list[tuple[str, str]]:
    return sorted(set(tables.figures) | set(tables.ranks))


def data_index_view(cat: Catalog, tables: DataTables, site: Site) -> DataIndexView:
    return DataIndexView(
        len(cat.figures),
        tuple(Link(gettext(name), Target(path)) for name, path in DATASET_FILES),
        tuple(
            (
                Link(pair_title(*p), Target(data_page(*p))),
                len(tables.figures.get(p, [])),
                len(tables.ranks.get(p, [])),
                len(tables.derived.get(p, [])),
            )
            for p in data_pairs(tables)
        ),
        json_ld(dataset_json_ld(site, len(cat.figures))),
        Target(CHANGES_INDEX),
    )


def data_pair_view(p: tuple[str, str], cat: Catalog, tables, history) -> DataPairView:
    """One pair's data page. `tables`: a DataTables, or the same tables whose lookups are recorded
    (reads.py); `history`: the data's revisions."""
    rows = tuple(
        figure_row(
            f,
            cat,
            printed=f"{format(f.value, 'f')} {f.unit}",
            checks=tuple(
                Link(
                    _(
                        "{kind}: {outcome}",
                        kind=check_kind(c.kind),
                        outcome=outcome_word(c.outcome),
                    ),
                    Target(checks_page(*tables.pair_of[c.inputs[0]]), c.id),
                )
                for c in tables.checks_on.get(f.id, [])
            ),
            cited_in=tuple(
                Link(b.title, Target(brief_page(b.slug))) for b in tables.citing.get(f.id, [])
            ),
            revisions=tuple(map(revision_row, history.revisions.get(f.id, ()))),
            disagrees=disagreement_notes([f.id], cat, tables.disagree, tables.derived_ids),
        )
        for f in tables.figures.get(p, [])
    )
    return DataPairView(
        {**WIDE, **pair_search(Kind.DATA, *p, cat).front_matter()},
        pair_title(*p),
        Target(checks_page(*p)),
        Target(pair_page(*p)),
        rows,
        tuple(rank_row(r, cat) for r in tables.ranks.get(p, [])),
        tuple(derived_row(d) for d in tables.derived.get(p, [])),
    )


def data_views(
    cat: Catalog, derived: list[Derived], checks, site: Site, history: History = NO_HISTORY
) -> tuple[DataIndexView, dict]:
    """The data overview, and {pair: its data page's view}: every figure, rank and derived figure, one row each."""
    tables = data_tables(cat, derived, checks)
    views = {p: data_pair_view(p, cat, tables, history) for p in data_pairs(tables)}
    return data_index_view(cat, tables, site), views
