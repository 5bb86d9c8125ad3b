"""Gather every data file into one catalog, and check what refers to what across files."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Finding, Place
from .load import Document, read_document
from .markup import body_links, link_problem
from .models import Brief, Figure, Quote, Rank, Source
from .validate import validate_brief, validate_facts

FACTS_DIR = "facts"
BRIEFS_DIR = "briefs"
SCHEMA_DIR = "schema"
YAML_SUFFIXES = (".yaml", ".yml")
# {{figure-id}} cites a figure or rank; {{figure-id.change}} its change in percent.
CITATION = re.compile(r"\{\{\s*([^{}\s.]*)(?:\.([a-z]+))?\s*\}\}")
CITATION_FIELDS = ("change",)
# Markdown link targets and link definitions in a body: blanked before looking for typed numbers.
LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]*)|^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)|<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*)>",
                         re.MULTILINE)


@dataclass
class Catalog:
    sources: dict[str, Source] = field(default_factory=dict)
    figures: dict[str, Figure] = field(default_factory=dict)
    ranks: dict[str, Rank] = field(default_factory=dict)
    quotes: dict[str, Quote] = field(default_factory=dict)
    briefs: dict[str, Brief] = field(default_factory=dict)  # newest first

    def cited(self, ident: str) -> Figure | Rank | None:
        return self.figures.get(ident) or self.ranks.get(ident)


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
            findings.append(Finding(Place(shown_path(file), 1, 1),
                                    f"YAML file outside {FACTS_DIR}/ and {BRIEFS_DIR}/ is not read; move it into one of them"))
    return facts, briefs, findings


def _declared_ids(doc: Document) -> set[str]:
    """Ids written in a file, even in records that failed: so references to them do not cascade."""
    ids = set()
    values = doc.data.values() if isinstance(doc.data, dict) else []
    for section in values:
        for item in section if isinstance(section, list) else []:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                ids.add(item["id"])
    if isinstance(doc.data, dict) and isinstance(doc.data.get("slug"), str):
        ids.add(doc.data["slug"])
    return ids


def _add_unique(table: dict, record, key: str, kind: str, findings: list[Finding], seen: dict[str, Place]) -> None:
    ident = getattr(record, key)
    if ident in seen:
        findings.append(Finding(record.locs[key], f"{key}: duplicate {kind} id '{ident}' (first at {seen[ident]})"))
        return
    seen[ident] = record.locs[key]
    table[ident] = record


def body_findings(brief: Brief, doc: Document, known: Catalog, broken: set[str]) -> list[Finding]:
    """Citations to unknown ids, and link targets that are not http(s), mailto or relative."""
    findings = []
    # The whole body at once, not line by line: Markdown lets a link's target, and {{ }}, run onto the next line.
    for match in CITATION.finditer(brief.body):
        ident, attr = match.group(1), match.group(2)
        where = doc.text_place(("body",), match.start())
        target = known.cited(ident)
        if target is None and ident in known.quotes:
            findings.append(Finding(where, f"body: '{ident}' is a quote; quotes are not cited with {{{{ }}}} but listed under quotes:"))
        elif target is None and ident not in broken:
            findings.append(Finding(where, f"body: cites unknown figure or rank '{ident}'"))
        elif attr and attr not in CITATION_FIELDS:
            findings.append(Finding(where, f"body: '{{{{{ident}.{attr}}}}}' expected {{{{{ident}}}}} or {{{{{ident}.change}}}}"))
        elif attr == "change" and isinstance(target, Figure) and target.change is None:
            findings.append(Finding(where, f"body: cites the change of '{ident}', which has no change"))
    findings += link_findings(brief, doc)
    findings += typed_number_findings(brief, doc)
    return findings


def link_findings(brief: Brief, doc: Document) -> list[Finding]:
    """Links and images the body's Markdown makes that the page would not keep (markup.py decides both)."""
    findings, cursor = [], 0
    for tag, url in body_links(brief.body):
        problem = link_problem(tag, url)
        if problem is None:
            continue
        found = brief.body.find(url, cursor) if url else -1
        cursor = found + 1 if found >= 0 else cursor
        findings.append(Finding(doc.text_place(("body",), max(found, 0)), f"body: {problem}"))
    return findings


# A number in prose: digits with optional grouping, decimals, currency sign, percent or scale word.
TYPED_NUMBER = re.compile(r"(?<![\w.\-/#])[$€£¥]?\d(?:[\d,]*\d)?(?:\.\d+)?(?:\s?%|\s?(?:bn|bln|billion|mn|million|trillion)\b)?(?![\w])")
YEAR = re.compile(r"(19|20)\d\d")  # a year is a date, not a figure


def _masked(body: str) -> str:
    """The body with citations and link targets blanked (same length, so offsets still point right)."""
    for pattern in (CITATION, LINK_TARGET):
        body = pattern.sub(lambda m: " " * len(m.group(0)), body)
    return body


def typed_number_findings(brief: Brief, doc: Document) -> list[Finding]:
    """A number typed into prose instead of cited by id is a warning: it has no source and no check."""
    findings = []
    for match in TYPED_NUMBER.finditer(_masked(brief.body)):
        text = match.group(0)
        if YEAR.fullmatch(text):
            continue
        findings.append(Finding(doc.text_place(("body",), match.start()),
                                f"body: the number '{text}' is typed by hand; cite a figure as {{{{id}}}} "
                                "so it stays sourced and checked", "warning"))
    return findings


def reference_findings(cat: Catalog, broken: set[str]) -> list[Finding]:
    findings = []

    def need(table: dict, ident: str | None, kind: str, place: Place, key: str) -> None:
        if ident is not None and ident not in table and ident not in broken:
            findings.append(Finding(place, f"{key}: unknown {kind} '{ident}'"))

    for src in cat.sources.values():
        need(cat.sources, src.via, "source", src.locs.get("via", src.loc), "via")
    for rec in [*cat.figures.values(), *cat.ranks.values(), *cat.quotes.values()]:
        need(cat.sources, rec.source, "source", rec.locs["source"], "source")
    for b in cat.briefs.values():
        need(cat.figures, b.headline, "figure", b.locs["headline"], "headline")
        for key, table, kind in (("figures", cat.figures, "figure"), ("ranks", cat.ranks, "rank"),
                                 ("quotes", cat.quotes, "quote"), ("sources", cat.sources, "source")):
            for i, ident in enumerate(getattr(b, key)):
                need(table, ident, kind, b.locs.get((key, i), b.locs[key]), key)
        for chart in b.charts:
            for i, ident in enumerate(chart.figures):
                need(cat.figures, ident, "figure", chart.locs.get(("figures", i), chart.locs["figures"]), "figures")
    return findings


def load_catalog(data_dir: Path) -> tuple[Catalog, list[Finding]]:
    """Every file under data_dir, validated and linked. Errors are collected, never raised."""
    # Load data.
    fact_files, brief_files, findings = find_data_files(data_dir)
    cat = Catalog()
    broken: set[str] = set()
    seen: dict[str, Place] = {}  # figure, rank and quote ids share one namespace: {{id}} cites either
    seen_sources: dict[str, Place] = {}
    for file in fact_files:
        doc, errors = read_document(file, shown_path(file))
        findings += errors
        if doc is None:
            continue
        sections, errors = validate_facts(doc)
        findings += errors
        if errors:
            broken |= _declared_ids(doc)
        for src in sections.get("sources", []):
            _add_unique(cat.sources, src, "id", "source", findings, seen_sources)
        for name in ("figures", "ranks", "quotes"):
            for rec in sections.get(name, []):
                _add_unique(getattr(cat, name), rec, "id", name[:-1], findings, seen)
    brief_docs = []
    seen_slugs: dict[str, Place] = {}
    for file in brief_files:
        doc, errors = read_document(file, shown_path(file))
        findings += errors
        if doc is None:
            continue
        brief, errors = validate_brief(doc)
        findings += errors
        if brief is None:
            broken |= _declared_ids(doc)
            continue
        _add_unique(cat.briefs, brief, "slug", "brief", findings, seen_slugs)
        brief_docs.append((brief, doc))
    # Link data.
    findings += reference_findings(cat, broken)
    for brief, doc in brief_docs:
        findings += body_findings(brief, doc, cat, broken)
    cat.briefs = dict(sorted(cat.briefs.items(), key=lambda kv: (kv[1].date, kv[0]), reverse=True))
    return cat, findings
