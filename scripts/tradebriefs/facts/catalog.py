"""Gather every data file into one catalog, and check what refers to what across files.

A brief's prose is checked as text by prose.py (citations' form, direction words, links, typed numbers, the
slug); here its citations are looked up in the catalog. CITATION is prose.py's, and still importable from here.
"""

from __future__ import annotations

import difflib
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tradebriefs.core.countries import alpha_3_for, country_name, is_group_code, pair_key
from tradebriefs.core.errors import Finding, Place
from tradebriefs.core.i18n import SOURCE_LANGUAGE
from tradebriefs.facts.load import Document
from tradebriefs.facts.models import FLOWS, Brief, Figure, Group, Quote, Rank, Source
from tradebriefs.facts.prose import (
    CHANGE_FIELDS,
    CITATION,
    CITATION_FIELDS,
    YEAR,
    brace_findings,
    direction_findings,
    link_findings,
    slug_findings,
    typed_number_findings,
)
from tradebriefs.facts.recordcache import RecordCache
from tradebriefs.facts.validate import validate_brief, validate_facts

FACTS_DIR = "facts"
BRIEFS_DIR = "briefs"
SCHEMA_DIR = "schema"
YAML_SUFFIXES = (".yaml", ".yml")
DERIVED_PREFIX = (
    "derived-"  # derived figures' ids (derive.py): cited like figures, checked after deriving
)


@dataclass
class Catalog:
    sources: dict[str, Source] = field(default_factory=dict)
    groups: dict[str, Group] = field(default_factory=dict)
    # {{derived-...}} citations in bodies, (id, attribute, place): checked once figures are derived.
    derived_citations: list = field(default_factory=list, repr=False, compare=False)
    figures: dict[str, Figure] = field(default_factory=dict)
    ranks: dict[str, Rank] = field(default_factory=dict)
    quotes: dict[str, Quote] = field(default_factory=dict)
    briefs: dict[str, Brief] = field(default_factory=dict)  # newest first
    # {"fact": (loaded, found), "brief": (loaded, found)}: the data files of each kind, and how many loaded whole
    files: dict[str, tuple[int, int]] = field(default_factory=dict, compare=False)
    _replacements: dict | None = field(default=None, repr=False, compare=False)
    _by_pair: dict | None = field(default=None, repr=False, compare=False)

    def cited(self, ident: str) -> Figure | Rank | None:
        return self.figures.get(ident) or self.ranks.get(ident)

    def replaced_by(self, ident: str) -> list[Figure]:
        """The figures that revise `ident`, or that another source gave beside it."""
        if self._replacements is None:
            table: dict[str, list[Figure]] = {}
            for fig in sorted(self.figures.values(), key=lambda f: f.id):
                for target in (fig.revises, fig.alternative_to):
                    if target:
                        table.setdefault(target, []).append(fig)
            self._replacements = table
        return self._replacements.get(ident, [])

    def pair_figures(self, key: tuple[str, str]) -> list[Figure]:
        """The figures between a pair of countries (countries.pair_key), in the catalog's order."""
        if self._by_pair is None:
            table: dict[tuple[str, str], list[Figure]] = {}
            for fig in self.figures.values():
                table.setdefault(pair_key(fig.reporter, fig.partner), []).append(fig)
            self._by_pair = table
        return self._by_pair.get(key, [])


def shown_path(file: Path) -> str:
    """How a file is named in messages: relative to the working folder when it is inside it."""
    try:
        return os.path.relpath(file)
    except ValueError:
        return str(file)


def find_data_files(data_dir: Path) -> tuple[list[Path], list[Path], list[Finding]]:
    facts, briefs, findings = [], [], []
    if not data_dir.is_dir():
        return [], [], [Finding(Place(shown_path(data_dir)), "data folder not found")]
    for file in sorted(data_dir.rglob("*")):
        if not file.is_file() or file.suffix.lower() not in YAML_SUFFIXES:
            continue
        top = file.relative_to(data_dir).parts[0]
        if top == FACTS_DIR:
            facts.append(file)
        elif top == BRIEFS_DIR:
            briefs.append(file)
        elif top != SCHEMA_DIR:
            findings.append(
                Finding(
                    Place(shown_path(file), 1, 1),
                    f"YAML file outside {FACTS_DIR}/ and {BRIEFS_DIR}/ is not read; move it into one of them",
                )
            )
    return facts, briefs, findings


def _declared_ids(doc: Document) -> set[str]:
    """Ids written in a file, even in records that failed: so references to them do not cascade."""
    ids = set()
    values = doc.data.values() if isinstance(doc.data, dict) else []
    for section in values:
        for item in section if isinstance(section, list) else []:
            if isinstance(item, dict):
                ids |= {item[k] for k in ("id", "code") if isinstance(item.get(k), str)}
    if isinstance(doc.data, dict) and isinstance(doc.data.get("slug"), str):
        ids.add(doc.data["slug"])
    return ids


def _add_unique(
    table: dict, record, key: str, kind: str, findings: list[Finding], seen: dict[str, Place]
) -> None:
    ident = getattr(record, key)
    if ident in seen:
        findings.append(
            Finding(
                record.locs[key], f"{key}: duplicate {kind} id '{ident}' (first at {seen[ident]})"
            )
        )
        return
    seen[ident] = record.locs[key]
    table[ident] = record


def body_findings(
    brief: Brief,
    doc: Document,
    known: Catalog,
    broken: set[str],
    body: str | None = None,
    at: tuple = ("body",),
) -> list[Finding]:
    """The body's prose (prose.py: citations' form, direction words, links, typed numbers), and its citations
    looked up in the catalog: unknown ids, quotes cited as figures, a rank's change. `body` and `at`: a
    translation's body and where it is in the file (the brief's own by default)."""
    body = brief.body if body is None else body

    def place(offset: int) -> Place:
        return doc.text_place(at, offset)

    findings = brace_findings(body, place)
    suggested: dict[str, str] = {}  # unknown id: its "did you mean", looked up once
    for match in CITATION.finditer(body):
        ident, attr = match.group(1), match.group(2)
        where = place(match.start())
        target = known.cited(ident)
        if attr in CHANGE_FIELDS and isinstance(target, Figure) and target.change is not None:
            findings += direction_findings(body, match.start(), target, where)
        if attr in CHANGE_FIELDS and isinstance(target, Rank):
            findings.append(
                Finding(
                    where,
                    f"body: '{ident}' is a rank; a rank has no change: cite it as {{{{{ident}}}}}",
                )
            )
            continue
        if target is None and ident in known.quotes:
            findings.append(
                Finding(
                    where,
                    f"body: '{ident}' is a quote; quotes are not cited with {{{{ }}}} but listed under quotes:",
                )
            )
        elif target is None and ident.startswith(DERIVED_PREFIX):
            # A derived figure: known once the figures are derived (pipeline.derived_citation_findings).
            known.derived_citations.append((ident, attr, where))
        elif target is None and ident not in broken:
            if ident not in suggested and len(suggested) < SUGGEST_AT_MOST:
                suggested[ident] = did_you_mean(ident, [*known.figures, *known.ranks])
            near = suggested.get(ident, "")
            findings.append(Finding(where, f"body: cites unknown figure or rank '{ident}'{near}"))
        elif attr and attr not in CITATION_FIELDS:
            findings.append(
                Finding(
                    where,
                    f"body: '{{{{{ident}.{attr}}}}}' expected {{{{{ident}}}}}, {{{{{ident}.change}}}} or "
                    f"{{{{{ident}.change_size}}}}",
                )
            )
        elif attr in CHANGE_FIELDS and isinstance(target, Figure) and target.change is None:
            findings.append(
                Finding(where, f"body: cites the change of '{ident}', which has no change")
            )
    findings += link_findings(body, place)
    findings += typed_number_findings(body, place)
    return findings


def cited(body: str) -> Counter:
    """What a body cites: {(id, field): how often}."""
    return Counter((m.group(1), m.group(2) or "") for m in CITATION.finditer(body))


def _citation(ident: str, attr: str) -> str:
    return "{{" + ident + ("." + attr if attr else "") + "}}"


def translation_findings(
    brief: Brief, doc: Document, known: Catalog, broken: set[str]
) -> list[Finding]:
    """A translation is the same brief in other words: its body is checked as the original's is, and it cites
    the same figures, ranks and changes (none dropped, none added); one translation per language, none in the
    language the brief is written in."""
    findings: list[Finding] = []
    original = cited(brief.body)
    seen: dict[str, Place] = {}
    for i, tr in enumerate(brief.translations):
        where = brief.locs.get(("translations", i), brief.loc)
        if tr.lang == SOURCE_LANGUAGE:
            findings.append(
                Finding(tr.locs.get("lang", where), f"lang: the brief is written in '{tr.lang}'")
            )
        if tr.lang in seen:
            findings.append(
                Finding(
                    tr.locs.get("lang", where),
                    f"lang: a second translation into '{tr.lang}' (the first at {seen[tr.lang]})",
                )
            )
            continue
        seen[tr.lang] = tr.locs.get("lang", where)
        at = ("translations", i, "body")
        findings += body_findings(brief, doc, known, broken, tr.body, at)
        mine = cited(tr.body)
        body_at = tr.locs.get("body", where)
        dropped = [_citation(*key) for key in original if mine[key] < original[key]]
        added = [_citation(*key) for key in mine if original[key] < mine[key]]
        if dropped:
            findings.append(
                Finding(
                    body_at,
                    f"body ({tr.lang}): cites fewer times than the original: {', '.join(dropped)}; a "
                    "translation cites every figure the original does",
                )
            )
        if added:
            findings.append(
                Finding(
                    body_at,
                    f"body ({tr.lang}): cites more times than the original: {', '.join(added)}; a "
                    "translation cites only the figures the original does",
                )
            )
    return findings


def quote_translation_findings(cat: Catalog) -> list[Finding]:
    """A quote's translations: one per language, none into the language its source printed it in."""
    findings = []
    for quote in cat.quotes.values():
        seen: dict[str, Place] = {}
        for tr in quote.translations:
            at = tr.locs.get("lang", tr.loc)
            if tr.lang == quote.lang:
                findings.append(
                    Finding(at, f"lang: the quote's own words are in '{tr.lang}' (its lang)")
                )
            elif tr.lang in seen:
                findings.append(
                    Finding(
                        at,
                        f"lang: a second translation into '{tr.lang}' (the first at {seen[tr.lang]})",
                    )
                )
            seen.setdefault(tr.lang, at)
    return findings


def reference_findings(cat: Catalog, broken: set[str]) -> list[Finding]:
    findings = []

    suggested: dict[
        tuple[str, str], str
    ] = {}  # (kind, unknown id): its "did you mean", looked up once

    def need(table: dict, ident: str | None, kind: str, place: Place, key: str) -> None:
        if ident is not None and ident not in table and ident not in broken:
            if (kind, ident) not in suggested and len(suggested) < SUGGEST_AT_MOST:
                suggested[kind, ident] = did_you_mean(ident, table)
            near = suggested.get((kind, ident), "")
            findings.append(Finding(place, f"{key}: unknown {kind} '{ident}'{near}"))

    for src in cat.sources.values():
        need(cat.sources, src.via, "source", src.locs.get("via", src.loc), "via")
    for rec in [*cat.figures.values(), *cat.ranks.values(), *cat.quotes.values()]:
        need(cat.sources, rec.source, "source", rec.locs["source"], "source")
    for fig in cat.figures.values():
        for key in ("revises", "alternative_to"):
            need(cat.figures, getattr(fig, key), "figure", fig.locs.get(key, fig.loc), key)
    for b in cat.briefs.values():
        need(cat.figures, b.headline, "figure", b.locs["headline"], "headline")
        for key, table, kind in (
            ("figures", cat.figures, "figure"),
            ("ranks", cat.ranks, "rank"),
            ("quotes", cat.quotes, "quote"),
            ("sources", cat.sources, "source"),
        ):
            for i, ident in enumerate(getattr(b, key)):
                need(table, ident, kind, b.locs.get((key, i), b.locs[key]), key)
        for chart in b.charts:
            for i, ident in enumerate(chart.figures):
                need(
                    cat.figures,
                    ident,
                    "figure",
                    chart.locs.get(("figures", i), chart.locs["figures"]),
                    "figures",
                )
    return findings


def unknown_group_hint(code: str) -> str:
    """What to do about a group code no fact file declares: the country it may stand for, or how to declare it."""
    country = alpha_3_for(code)
    if country:
        return f"; the alpha-3 code for {country_name(country)} is {country}"
    return (
        f"; declare it under groups: with its members, e.g. groups: [{{code: {code}, "
        "members: [DEU, FRA]}]"
    )


def group_findings(cat: Catalog, broken: set[str]) -> list[Finding]:
    """Every group a figure or rank names is declared (under groups:, in any fact file)."""
    findings = []
    for fig in cat.figures.values():
        for key in ("reporter", "partner", "share_of", "favours"):
            code = getattr(fig, key)
            if code is None or not is_group_code(code) or code in cat.groups or code in broken:
                continue
            findings.append(
                Finding(
                    fig.locs.get(key, fig.loc),
                    f"{key}: unknown group '{code}'{unknown_group_hint(code)}",
                )
            )
    for rank in cat.ranks.values():
        named = [("partner", rank.partner, rank.locs.get("partner", rank.loc))] + [
            (f"above, item {i + 1}", code, rank.locs.get(("above", i), rank.loc))
            for i, code in enumerate(rank.above)
        ]
        for key, code, where in named:
            if is_group_code(code) and code not in cat.groups and code not in broken:
                findings.append(
                    Finding(where, f"{key}: unknown group '{code}'{unknown_group_hint(code)}")
                )
    return findings


def chart_findings(cat: Catalog) -> list[Finding]:
    """A chart draws one reporter, partner and period (its title and text alternative say so), a flows chart
    one currency, and a growth chart only figures that have a change."""
    findings = []
    for brief in cat.briefs.values():
        for chart in brief.charts:
            figs = [
                (i, cat.figures[ident])
                for i, ident in enumerate(chart.figures)
                if ident in cat.figures
            ]
            if not figs:
                continue
            _, first = figs[0]
            # The odd figure out is the one to question: each figure is measured against the chart's most
            # common reporter, partner and period (the first figure's, on a tie).
            keys = [_chart_key(fig) for _, fig in figs]
            most = max(keys, key=keys.count)
            usual = next(fig for _, fig in figs if _chart_key(fig) == most)
            for i, fig in figs:
                where = chart.locs.get(("figures", i), chart.locs["figures"])
                if _chart_key(fig) != most:
                    findings.append(
                        Finding(
                            where,
                            f"figures, item {i + 1}: "
                            + odd_chart_figure_words(fig, usual, keys.count(most), len(figs)),
                        )
                    )
                elif (
                    fig is not first
                    and chart.kind == "flows"
                    and fig.unit.currency != first.unit.currency
                ):
                    findings.append(
                        Finding(
                            where,
                            f"figures, item {i + 1}: '{fig.id}' is in {fig.unit}, "
                            f"'{first.id}' in {first.unit}; a flows chart draws one currency",
                        )
                    )
            if chart.kind == "growth":
                for i, fig in figs:
                    if fig.change is None:
                        findings.append(
                            Finding(
                                chart.locs.get(("figures", i), chart.locs["figures"]),
                                f"figures, item {i + 1}: '{fig.id}' has no change; a growth chart "
                                "draws each figure's change on a year earlier",
                            )
                        )
    return findings


def via_findings(cat: Catalog) -> list[Finding]:
    """A source reaches us through another (`via`), never through itself, directly or around a circle."""
    findings = []
    for src in sorted(cat.sources.values(), key=lambda s: s.id):
        seen, current = [src.id], src
        while current.via in cat.sources:
            if current.via in seen:
                circle = " → ".join([*seen[seen.index(current.via) :], current.via])
                findings.append(
                    Finding(
                        src.locs.get("via", src.loc),
                        f"via: '{src.id}' reaches us through itself "
                        f"({circle}); a chain of sources must end",
                    )
                )
                break
            seen.append(current.via)
            current = cat.sources[current.via]
    return findings


def same_figure_findings(cat: Catalog) -> list[Finding]:
    """One figure per reporter, partner, flow, period and basis: a second one must say what it is, a revision
    (`revises:`) or another source's figure (`alternative_to:`), of a figure with that same key."""
    findings = []
    first: dict[tuple, Figure] = {}
    for fig in sorted(cat.figures.values(), key=lambda f: (f.loc, f.id)):
        for key in ("revises", "alternative_to"):
            target = cat.figures.get(getattr(fig, key) or "")
            if target is not None and target.key != fig.key:
                findings.append(
                    Finding(
                        fig.locs[key],
                        f"{key}: '{target.id}' ({target.loc}) is a figure of another "
                        "reporter, partner, flow, period or basis; only a figure of the same can be "
                        "revised or given by another source",
                    )
                )
        if fig.revises or fig.alternative_to:
            continue
        if fig.key in first:
            other = first[fig.key]
            findings.append(
                Finding(
                    fig.locs["id"],
                    f"id: '{fig.id}' is a second figure for {figure_key_words(fig)} "
                    f"(the first is '{other.id}' at {other.loc}); mark it `revises: {other.id}` or "
                    f"`alternative_to: {other.id}`, or remove one",
                )
            )
        else:
            first[fig.key] = fig
    findings += revision_cycle_findings(cat)
    return findings


def figure_key_words(fig: Figure) -> str:
    basis = f", {fig.basis}" if fig.basis else ""
    return f"{fig.reporter}'s {fig.flow} with {fig.partner} in {fig.period.text}{basis}"


def revision_cycle_findings(cat: Catalog) -> list[Finding]:
    """`revises` and `alternative_to` chains must end: a figure that revises its own revision revises nothing."""
    findings = []
    for fig in sorted(cat.figures.values(), key=lambda f: f.id):
        seen, current = {fig.id}, fig
        while (step := current.revises or current.alternative_to) in cat.figures:
            if step in seen:
                key = "revises" if fig.revises else "alternative_to"
                findings.append(
                    Finding(
                        fig.locs.get(key, fig.loc),
                        f"{key}: '{fig.id}' is part of a cycle of "
                        "revisions or alternatives; one figure must be the first",
                    )
                )
                break
            seen.add(step)
            current = cat.figures[step]
    return findings


class _AnyId(set):
    """The ids of a fact file that could not be read at all: unknown, so any id might have been in it."""

    def __contains__(self, ident) -> bool:
        return True


def load_catalog(
    data_dir: Path, records: RecordCache | None = None
) -> tuple[Catalog, list[Finding]]:
    """Every file under data_dir, validated and linked (`records`: files read and validated by an earlier
    load, read back; default none). Errors are collected, never raised; an error that
    follows from another (a reference into a file that does not load) is not reported as a second one."""
    # Load data.
    fact_files, brief_files, findings = find_data_files(data_dir)
    cat = Catalog()
    broken: set[str] = set()
    unreadable_facts = False
    seen: dict[
        str, Place
    ] = {}  # figure, rank and quote ids share one namespace: {{id}} cites either
    seen_sources: dict[str, Place] = {}
    seen_groups: dict[str, Place] = {}
    loaded = {
        "fact": 0,
        "brief": 0,
    }  # files whose records were all taken (the summary line counts them)
    records = records or RecordCache()
    for file in fact_files:
        doc, errors, validated = records.load(file, shown_path(file), "facts", validate_facts)
        findings += errors
        if doc is None:
            unreadable_facts = True  # its ids are unknown: references to any id may point into it
            continue
        sections, errors = validated
        findings += errors
        if errors:
            broken |= _declared_ids(doc)
        else:
            loaded["fact"] += 1
        for src in sections.get("sources", []):
            _add_unique(cat.sources, src, "id", "source", findings, seen_sources)
        for group in sections.get("groups", []):
            _add_unique(cat.groups, group, "code", "group", findings, seen_groups)
        for name in ("figures", "ranks", "quotes"):
            for rec in sections.get(name, []):
                _add_unique(getattr(cat, name), rec, "id", name[:-1], findings, seen)
    brief_docs = []
    seen_slugs: dict[str, Place] = {}
    for file in brief_files:
        doc, errors, validated = records.load(file, shown_path(file), "brief", validate_brief)
        findings += errors
        if doc is None:
            continue
        brief, errors = validated
        findings += errors
        if brief is None:
            broken |= _declared_ids(doc)
            continue
        loaded["brief"] += 1
        _add_unique(cat.briefs, brief, "slug", "brief", findings, seen_slugs)
        brief_docs.append((brief, doc))
    # Link data.
    if unreadable_facts:
        broken = _AnyId(broken)
    findings += reference_findings(cat, broken)
    findings += same_figure_findings(cat) + chart_findings(cat) + kind_chart_findings(cat)
    findings += via_findings(cat) + quote_translation_findings(cat)
    findings += group_findings(cat, broken) + fraction_change_findings(cat)
    for brief, doc in brief_docs:
        findings += slug_findings(brief, doc.path) + body_findings(brief, doc, cat, broken)
        findings += translation_findings(brief, doc, cat, broken)
    cat.briefs = dict(sorted(cat.briefs.items(), key=lambda kv: (kv[1].date, kv[0]), reverse=True))
    cat.files = {
        "fact": (loaded["fact"], len(fact_files)),
        "brief": (loaded["brief"], len(brief_files)),
    }
    # Records that took one file default share its place: a problem with it (an unknown source) is said once.
    return cat, list(dict.fromkeys(findings))


def kind_chart_findings(cat: Catalog) -> list[Finding]:
    """What each kind of chart may draw (chart_findings says one reporter, partner and period). Every chart
    draws reported amounts: a forecast, a target or a share is cited in the text. A flows chart draws the
    flows of one product (or of all goods), a growth chart changes on one base; a commodities chart draws
    products (Figure.goods) of one flow and currency, each once, with at most one all-goods total of that
    flow as its reference."""
    findings = []
    for brief in cat.briefs.values():
        for chart in brief.charts:
            figs = [
                (i, cat.figures[ident])
                for i, ident in enumerate(chart.figures)
                if ident in cat.figures
            ]
            problems = [(i, _not_drawn(fig)) for i, fig in figs]
            problems += _kind_problems(
                chart.kind, [(i, fig) for i, fig in figs if _not_drawn(fig) is None]
            )
            findings += [
                Finding(
                    chart.locs.get(("figures", i), chart.locs["figures"]),
                    f"figures, item {i + 1}: {message}",
                )
                for i, message in sorted(problems, key=lambda p: p[0])
                if message
            ]
            if chart.kind == "commodities" and figs and all(f.goods is None for _, f in figs):
                findings.append(
                    Finding(
                        chart.locs["figures"],
                        "figures: a commodities chart draws figures of products (with commodity: or "
                        "product:); add them, or draw all goods in a flows chart",
                    )
                )
    return findings


def _not_drawn(fig: Figure) -> str | None:
    """Why no chart draws a figure (a forecast, a target, a share), or None."""
    if not fig.is_reported:
        return (
            f"'{fig.id}' is a {fig.status}: charts draw reported figures; cite it in the text, "
            "or draw the reported figure"
        )
    if fig.is_share:
        return (
            f"'{fig.id}' is a share: charts draw reported amounts; cite it in the text, "
            "or draw the amounts it compares"
        )
    return None


def _goods(fig: Figure) -> str:
    """What goods a figure is of, in a message: 'HS 1201', 'beef', 'all goods'."""
    return f"HS {fig.commodity}" if fig.commodity else fig.product or "all goods"


def _kind_problems(kind: str, figs: list[tuple[int, Figure]]) -> list[tuple[int, str]]:
    """(item, message) for the drawable figures of one chart that its kind cannot draw together."""
    if not figs:
        return []
    _, first = figs[0]
    problems = []
    if kind in ("flows", "growth"):
        for i, fig in figs[1:]:
            if kind == "flows" and fig.goods != first.goods:
                problems.append(
                    (
                        i,
                        f"'{fig.id}' is of {_goods(fig)}, '{first.id}' of {_goods(first)}; a flows "
                        "chart draws the flows of one product or of all goods (a commodities chart "
                        "compares products)",
                    )
                )
            elif kind == "growth" and fig.change_on != first.change_on:
                problems.append(
                    (
                        i,
                        f"'{fig.id}' changes on the {fig.change_on}, '{first.id}' on the "
                        f"{first.change_on}; a growth chart draws changes on one base (use a chart "
                        "for each)",
                    )
                )
        return problems
    products = [(i, f) for i, f in figs if f.goods is not None]
    if not products:
        return []
    _, lead = products[0]
    seen: dict[str, Figure] = {}
    total: Figure | None = None
    for i, fig in figs:
        if fig.flow != lead.flow:
            problems.append(
                (
                    i,
                    f"'{fig.id}' is {fig.flow}, '{lead.id}' {lead.flow}; a commodities chart draws "
                    "one flow",
                )
            )
        elif fig.unit.currency != lead.unit.currency:
            problems.append(
                (
                    i,
                    f"'{fig.id}' is in {fig.unit}, '{lead.id}' in {lead.unit}; a commodities chart "
                    "draws one currency",
                )
            )
        elif fig.goods is None and total is not None:
            problems.append(
                (
                    i,
                    f"'{fig.id}' and '{total.id}' are both of all goods; a commodities chart draws "
                    "one total, as its reference",
                )
            )
        elif fig.goods in seen:
            problems.append(
                (
                    i,
                    f"'{fig.id}' is of {_goods(fig)}, as '{seen[fig.goods].id}' is; a "
                    "commodities chart draws each product once",
                )
            )
        elif fig.goods is None:
            total = fig
        else:
            seen[fig.goods] = fig
    return problems


# Words in an id that say what a figure is, not how it is spelt: a suggestion never swaps one for another, so
# "did you mean" cannot turn a missing 2024 figure into the 2023 one, or a missing import into an export.
ID_PART = re.compile(r"[^\W_]+")
# export, import, turnover, balance: `export` and `exports` name one flow
FLOW_STEMS = tuple(str(flow).removesuffix("s") for flow in FLOWS)


def _meaning(ident: str) -> tuple[frozenset, frozenset]:
    """The flows (by their stem: `export` is exports) and the years an id names."""
    parts = ID_PART.findall(ident.casefold())
    return (
        frozenset(stem for p in parts for stem in FLOW_STEMS if p.startswith(stem)),
        frozenset(p for p in parts if YEAR.fullmatch(p)),
    )


# The first unknown ids of a body, and of the references between files, get a "did you mean": each is compared
# with every id (milliseconds in a large catalog), and thousands of distinct unknown ids must not stall `check`.
SUGGEST_AT_MOST = 20


def close_ids(ident: str, known) -> list[str]:
    """Up to 3 of the `known` ids nearest `ident` in spelling, nearest first; none that names another flow or
    year than `ident` does (when both name one)."""
    mine = _meaning(ident)
    near = []
    for other in difflib.get_close_matches(ident, list(known), n=12, cutoff=0.6):
        theirs = _meaning(other)
        if all(not a or not b or a == b for a, b in zip(mine, theirs, strict=True)):
            near.append(other)
    return near[:3]


def did_you_mean(ident: str, known) -> str:
    """The end of an unknown id's message: `; did you mean 'a'?` (or 'a' or 'b', or 'a', 'b' or 'c'), or ""."""
    near = [f"'{other}'" for other in close_ids(ident, known)]
    if not near:
        return ""
    listed = near[0] if len(near) == 1 else ", ".join(near[:-1]) + " or " + near[-1]
    return f"; did you mean {listed}?"


def _chart_key(fig: Figure) -> tuple:
    return (fig.reporter, fig.partner, fig.period)


def odd_chart_figure_words(fig: Figure, usual: Figure, alike: int, drawn: int) -> str:
    """Why a chart's figure does not fit the others: first ask whether it was typed right (a wrong period or
    partner is a mistake in the data, and a chart for each would hide it), then how to draw both if it was."""
    differ = [
        name
        for name in ("reporter", "partner", "period")
        if getattr(fig, name) != getattr(usual, name)
    ]

    def what(f: Figure) -> str:
        pair = f"of {f.reporter}–{f.partner}" if differ != ["period"] else ""
        period = f"for {f.period.label()}" if "period" in differ else ""
        return " ".join(part for part in (pair, period) if part)

    others = alike - 1
    if others == 0:
        more = ""
    elif alike == drawn - 1:
        more = " (and the chart's other figures)"
    else:
        more = f" (and {others} other figure{'s' if others > 1 else ''} of the chart)"
    fields = differ[0] if len(differ) == 1 else ", ".join(differ[:-1]) + " and " + differ[-1]
    return (
        f"'{fig.id}' is {what(fig)} but '{usual.id}'{more} {what(usual)}: check {fig.id}'s {fields} "
        "against the source; if both are right, draw them in separate charts"
    )


def _decimals(number) -> int:
    return max(0, -number.as_tuple().exponent)


# A source's only change, below 1% with this many decimals, is likely a fraction: 0.141 for 14.1%.
FRACTION_DECIMALS = 3


def fraction_change_findings(cat: Catalog) -> list[Finding]:
    """A warning at a change that looks like a fraction typed for a percent: between -1 and 1 (not 0), with
    more decimals than every other change of its source prints (or, the source's only change, 3 or more)."""
    by_source: dict[str, list[Figure]] = {}
    for fig in cat.figures.values():
        if fig.change is not None:
            by_source.setdefault(fig.source, []).append(fig)
    findings = []
    for figs in by_source.values():
        # The most decimals among the others: the second most when this change has the most.
        most = sorted((_decimals(fig.change) for fig in figs), reverse=True)[:2]
        for fig in figs:
            if not (-1 < fig.change < 1) or fig.change == 0:
                continue
            mine = _decimals(fig.change)
            if len(most) == 1:
                others = FRACTION_DECIMALS - 1
            else:
                others = most[1] if mine == most[0] else most[0]
            if mine <= others:
                continue
            percent = format(fig.change.scaleb(2), "f")
            findings.append(
                Finding(
                    fig.locs.get("change", fig.loc),
                    f"change: {fig.change:f} — a change of {fig.change:f}%? If the source printed "
                    f"{percent}%, write {percent} (change is in percent, not a fraction)",
                    "warning",
                )
            )
    return findings
