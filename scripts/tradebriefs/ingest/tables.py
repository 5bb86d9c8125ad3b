"""Imports: official tables into fact files. What every importer hands the writer, and the writer.

An importer (ingest/comtrade.py, ingest/customs.py) reads a saved file and returns `Table`: its records, each
one figure a source published, with its value exact from the file's digits (never through a float), and
the table's provenance. `write_table` turns a Table into a fact file under data/facts/imported/, which only
importers write: re-importing the same file writes the same bytes; a changed value is a changed line, which
git, `tradebriefs diff` and the site's revision history show as a revision. Figures typed by hand live in
other files and are never touched; a hand-typed figure with the key of an imported one is an error unless
it says it is another source's figure for it (`alternative_to:`), and then it is checked against the table.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path, PurePosixPath

from tradebriefs.core.errors import SettingError
from tradebriefs.facts.load import read_document
from tradebriefs.facts.models import (
    MAX_DECIMALS,
    MAX_DIGITS,
    MAX_VALUE,
    SCALE_EXPONENTS,
    Figure,
    Source,
    data_fields,
)
from tradebriefs.ingest.scaffold import yaml_str

IMPORTED_DIR = "imported"  # data/facts/imported/: written by importers only
IMPORTED_FLOWS = (
    "exports",
    "imports",
)  # turnover and balance are derived (derive.py), never imported


class ImportError_(ValueError):
    """A file an importer cannot take, with where in it and why (turned into `path:line:col: error:`).
    `path` names another file than the one imported (an imported fact file that cannot be read back)."""

    def __init__(self, message: str, line: int = 1, col: int = 1, path: str | None = None):
        super().__init__(message)
        self.line, self.col, self.path = line, col, path


@dataclass(frozen=True)
class Record:
    """One published figure of a table."""

    reporter: str  # ISO 3166-1 alpha-3, or WLD
    partner: str
    flow: str  # exports | imports (turnover and balance are derived, never imported as records)
    period: str  # as fact files write it: 2010, 2024-12, 2024-01/2024-12
    value: Decimal  # in `currency` units (dollars, not thousands): exact
    currency: str = "USD"
    commodity: str | None = None  # HS code; None for all goods (Comtrade's TOTAL)
    valuation: str | None = None  # CIF | FOB
    change: Decimal | None = None  # y/y percent when the table prints it
    key: str = ""  # the record's key in its table, for provenance ("C/A/HS 2010 156 X 32 TOTAL")


@dataclass(frozen=True)
class Table:
    """An imported file: its records and where they came from."""

    database: str  # "UN Comtrade", "China's General Administration of Customs"
    dataset: str  # the query or table it answered
    publisher: str
    title: str
    file: str  # the file's name as given
    digest: str  # SHA-256 of the file's bytes
    records: tuple[Record, ...] = field(default_factory=tuple)
    url: str | None = None
    published: dt.date | None = None


@dataclass(frozen=True)
class Selection:
    """Which records of a file the editor imports (`--reporter CHN --flow imports ...`); empty: every one."""

    reporters: frozenset[str] = frozenset()
    partners: frozenset[str] = frozenset()
    flows: frozenset[str] = frozenset()
    periods: frozenset[str] = frozenset()
    commodities: frozenset[str | None] = frozenset()  # None: all goods

    def matches(self, reporter, partner, flow, period, commodity) -> bool:
        wanted = (
            (self.reporters, reporter),
            (self.partners, partner),
            (self.flows, flow),
            (self.periods, period),
            (self.commodities, commodity),
        )
        return all(not chosen or value in chosen for chosen, value in wanted)

    def describe(self) -> str:
        parts = [
            f"--{name} {','.join(sorted(str(v or 'TOTAL') for v in chosen))}"
            for name, chosen in (
                ("reporter", self.reporters),
                ("partner", self.partners),
                ("flow", self.flows),
                ("period", self.periods),
                ("commodity", self.commodities),
            )
            if chosen
        ]
        return " ".join(parts)


def file_digest(raw: bytes) -> str:
    """The SHA-256 of a file's bytes, as the hex digits `sha256sum` prints."""
    return hashlib.sha256(raw).hexdigest()


# Short names of the databases importers read, for file names and ids (comtrade-chn.yaml).
DATABASE_SLUGS = {
    "UN Comtrade": "comtrade",
    "China's General Administration of Customs": "gacc",
}
# The scales a value is written in, largest first: an editor reads 6804.128143 USD million at a glance.
WRITTEN_SCALES = ("billion", "million", "thousand")
FILE_HEADER = (
    "# yaml-language-server: $schema=../../schema/facts.schema.json\n"
    "# Written by `tradebriefs import` from official tables: do not edit. Importing a table again\n"
    "# rewrites this file; type figures from other sources in another file.\n"
)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def database_slug(database: str) -> str:
    return DATABASE_SLUGS.get(database) or slug(database)


def imported_file(data_dir: Path, database: str, reporter: str) -> Path:
    """data/facts/imported/comtrade-chn.yaml: one file per database and reporter."""
    return data_dir / "facts" / IMPORTED_DIR / f"{database_slug(database)}-{slug(reporter)}.yaml"


def source_id(table: Table, reporter: str) -> str:
    """The table's source in the reporter's file, named by the file: the same query saved again under its name
    and imported again is the same source (its digest changes), so a revised value shows as a revision of
    that one figure, not as every figure moving to a new source."""
    stem = slug(PurePosixPath(table.file.replace("\\", "/")).name.split(".")[0])[:40].strip("-")
    return f"{database_slug(table.database)}-{slug(reporter)}-{stem or 'table'}"


def figure_id(database: str, record: Record) -> str:
    """comtrade-chn-arg-imports-2010, comtrade-chn-arg-imports-2010-hs1201: readable, and the same every import."""
    parts = [database_slug(database), record.reporter, record.partner, record.flow, record.period]
    if record.commodity:
        parts.append(f"hs{record.commodity}")
    if record.currency != "USD":
        parts.append(record.currency)
    return slug("-".join(parts))


def decimal_text(value: Decimal) -> str:
    """A decimal's digits without an exponent or trailing zeros: 6804.128143, 240.11, 7."""
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def scaled(value: Decimal) -> tuple[Decimal, str]:
    """A value in units as the largest scale that keeps every digit within MAX_DECIMALS decimals:
    6804128143 -> (6804.128143, million), 6804128000 -> (6.804128, billion), 1234.5 -> (1.2345, thousand)."""
    for scale in WRITTEN_SCALES:
        shifted = value.scaleb(-SCALE_EXPONENTS[scale]).normalize()
        if -shifted.as_tuple().exponent <= MAX_DECIMALS:
            if len(shifted.as_tuple().digits) > MAX_DIGITS or abs(shifted) >= MAX_VALUE:
                break  # a smaller scale only adds digits
            return shifted, scale
    if abs(value) >= MAX_VALUE:
        raise ImportError_(
            f"value {value:.3E} is beyond any trade figure (a fact file holds at most {MAX_DIGITS} "
            "digits): a misread or corrupt file"
        )
    raise ImportError_(
        f"value {decimal_text(value)} has more than {MAX_DECIMALS} decimals in thousands; a fact file "
        "cannot hold it exactly"
    )


def figure_fields(table: Table, record: Record, source: str) -> dict:
    """The figure a record becomes, as a fact file holds it (plain values, in the model's field order)."""
    value, scale = scaled(record.value)
    fields_ = {
        "id": figure_id(table.database, record),
        "reporter": record.reporter,
        "partner": record.partner,
        "flow": record.flow,
        "commodity": record.commodity,
        "period": record.period,
        "value": value,
        "unit": f"{record.currency} {scale}",
        "change": record.change,
        "valuation": record.valuation,
        "source": source,
        "record": record.key or None,
    }
    return {k: v for k, v in fields_.items() if v is not None}


def source_fields(table: Table, ident: str, imported: dt.date) -> dict:
    fields_ = {
        "id": ident,
        "title": table.title,
        "publisher": table.publisher,
        "published": (table.published or imported).isoformat(),
        "url": table.url,
        "database": table.database,
        "dataset": table.dataset,
        "file": table.file,
        "digest": table.digest,
        "imported": imported.isoformat(),
    }
    return {k: v for k, v in fields_.items() if v is not None}


def yaml_scalar(value) -> str:
    """A value as fact files write it: numbers as their exact digits, true/false, every string quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date):
        value = value.isoformat()
    return yaml_str(str(value))


def record_text(fields_: dict, model: type) -> str:
    """One list item of a fact file, its keys in the model's order."""
    order = [f.name for f in data_fields(model)]
    lines = []
    for name in sorted(fields_, key=order.index):
        value = fields_[name]
        if isinstance(value, list | tuple):
            lines.append(f"{name}:")
            lines.extend(f"  - {yaml_scalar(item)}" for item in value)
        else:
            lines.append(f"{name}: {yaml_scalar(value)}")
    return "  - " + "\n    ".join(lines) + "\n"


def facts_text(sources: list[dict], figures: list[dict]) -> str:
    """A whole imported fact file: sources and figures, each sorted by id, so the same records give the same bytes."""
    parts = [FILE_HEADER]
    for section, records, model in (("sources", sources, Source), ("figures", figures, Figure)):
        parts.append(f"{section}:\n")
        parts.append(
            "\n".join(record_text(r, model) for r in sorted(records, key=lambda r: r["id"]))
        )
        if section == "sources":
            parts.append("\n")
    return "".join(parts)


def shown_path(path: Path) -> str:
    """A path as messages name it: relative to the working folder when inside it, else as given."""
    relative = os.path.relpath(path)
    return str(path) if relative.startswith("..") else relative


def read_imported(path: Path) -> tuple[list[dict], list[dict]]:
    """An imported file's sources and figures as plain values ([] and [] when there is none yet)."""
    if not path.exists():
        return [], []
    shown = shown_path(path)
    doc, findings = read_document(path, shown)
    if doc is None:
        first = findings[0]
        raise ImportError_(first.message, first.place.line, first.place.col, path=shown)
    sections = {"sources": Source, "figures": Figure}
    for key in doc.data:
        if key not in sections:
            where = doc.key_places[(key,)]
            raise ImportError_(
                f"unexpected key {key!r}: files in facts/{IMPORTED_DIR}/ hold only sources and figures, "
                "written by `tradebriefs import`",
                where.line,
                where.col,
                path=shown,
            )
    result = []
    for key, model in sections.items():
        items = doc.data.get(key) or []
        known = {f.name for f in data_fields(model)}
        for i, item in enumerate(items if isinstance(items, list) else [items]):
            bad = [k for k in item if k not in known] if isinstance(item, dict) else ["?"]
            if bad or not isinstance(item.get("id"), str):
                where = doc.place((key, i))
                raise ImportError_(
                    f"{key[:-1]} {i + 1} is not as `tradebriefs import` writes it; restore the file from "
                    "git or delete it and import its tables again",
                    where.line,
                    where.col,
                    path=shown,
                )
        result.append(list(items) if isinstance(items, list) else [items])
    return result[0], result[1]


@dataclass(frozen=True)
class Change:
    """What an import did to one figure."""

    path: str  # the fact file, as shown
    figure: str
    kind: str  # added | revised | unchanged
    old: str | None  # value and unit before, for a revision
    new: str


@dataclass(frozen=True)
class Report:
    changes: tuple[Change, ...]
    written: tuple[str, ...]  # files whose bytes changed
    unchanged_files: tuple[str, ...]

    def count(self, kind: str) -> int:
        return sum(c.kind == kind for c in self.changes)

    def lines(self) -> list[str]:
        out = []
        for path in (*self.written, *self.unchanged_files):
            mine = [c for c in self.changes if c.path == path]
            counts = ", ".join(
                f"{sum(c.kind == kind for c in mine)} {kind}"
                for kind in ("added", "revised", "unchanged")
            )
            verb = "wrote" if path in self.written else "unchanged"
            out.append(f"{verb} {path}: {counts}")
            for c in mine:
                detail = f"{c.old} -> {c.new}" if c.kind == "revised" else c.new
                out.append(f"  {c.kind} {c.figure}: {detail}")
        return out


def _shown_value(fields_: dict) -> str:
    """6804.128143 USD million, with its change and valuation when it has them."""
    change = fields_.get("change")
    extra = [f"{'+' if change > 0 else ''}{decimal_text(change)}%"] if change is not None else []
    extra += [fields_["valuation"]] if fields_.get("valuation") else []
    return f"{yaml_scalar(fields_['value'])} {fields_['unit']}" + (
        f" ({', '.join(extra)})" if extra else ""
    )


def _without_source(fields_: dict) -> dict:
    """What a figure says, apart from which import gave it."""
    return {k: v for k, v in fields_.items() if k != "source"}


def merged_file(
    table: Table, records: list[Record], reporter: str, path: Path, today: dt.date
) -> tuple[str, list[Change]]:
    """The imported file with the table's records merged in: a figure with the same id (the same key) is
    replaced, the others stay; sources no figure cites any more go."""
    shown = shown_path(path)
    sources, figures = read_imported(path)
    ident = source_id(table, reporter)
    before = next((s for s in sources if s.get("id") == ident), None)
    # The same file again keeps the day it was first imported: a second import changes no byte.
    kept_day = before.get("imported") if before and before.get("digest") == table.digest else None
    imported = dt.date.fromisoformat(kept_day) if isinstance(kept_day, str) else today
    by_id = {f["id"]: f for f in figures}
    changes = []
    for record in records:
        new = figure_fields(table, record, ident)
        old = by_id.get(new["id"])
        if old is None:
            kind, old_text = "added", None
        elif _without_source(old) == _without_source(new):
            kind, old_text = "unchanged", None
        else:
            kind, old_text = "revised", _shown_value(old)
        changes.append(Change(shown, new["id"], kind, old_text, _shown_value(new)))
        by_id[new["id"]] = new
    cited = {f.get("source") for f in by_id.values()}
    kept = [s for s in sources if s.get("id") != ident and s.get("id") in cited]
    text = facts_text([*kept, source_fields(table, ident, imported)], list(by_id.values()))
    return text, changes


def refuse_links(path: Path) -> None:
    """An importer writes only regular files in data/facts/imported/: never through a symbolic link (at the
    file, the folder or facts/), which could lead out of the data folder."""
    for step in (path.parent.parent, path.parent, path):
        if step.is_symlink():
            raise ImportError_(
                f"is a symbolic link (to {os.readlink(step)}); `tradebriefs import` writes no file "
                "through a link",
                0,
                0,
                path=str(step),
            )
    if path.exists() and not path.is_file():
        raise ImportError_("is not a regular file", 0, 0, path=str(path))


def replace_file(path: Path, text: str) -> None:
    """Write `text` to `path` whole or not at all: a new file beside it, renamed over it."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        with os.fdopen(os.open(temporary, flags, 0o644), "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    finally:
        if temporary.exists():
            temporary.unlink()


def write_table(table: Table, data_dir: Path, today: dt.date) -> Report:
    """Merge a table's records into data/facts/imported/<database>-<reporter>.yaml, one file per reporter.

    Writes nothing outside that folder, and a file only when its bytes change. Raises ImportError_ (with
    `path` set) when an imported file cannot be read back, and OSError when one cannot be written."""
    if not data_dir.is_dir():
        raise ImportError_("data folder not found", 0, 0, path=str(data_dir))
    if not table.records:
        raise ImportError_("the file holds no record to import")
    derived = sorted({r.flow for r in table.records} - set(IMPORTED_FLOWS))
    if derived:
        raise ImportError_(
            f"flow {derived[0]}: only exports and imports are imported; turnover and balance are "
            "derived from them"
        )
    ids = [figure_id(table.database, r) for r in table.records]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise ImportError_(f"two records for one figure: {', '.join(twice)}")
    for record in table.records:  # every value a fact file can hold, before anything is written
        scaled(record.value)
    changes, written, unchanged = [], [], []
    for reporter in sorted({r.reporter for r in table.records}):
        path = imported_file(data_dir, table.database, reporter)
        records = [r for r in table.records if r.reporter == reporter]
        refuse_links(path)
        text, file_changes = merged_file(table, records, reporter, path, today)
        changes += file_changes
        shown = shown_path(path)
        if path.exists() and path.read_bytes() == text.encode("utf-8"):
            unchanged.append(shown)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            replace_file(path, text)
            written.append(shown)
    return Report(tuple(changes), tuple(written), tuple(unchanged))


def _codes(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]


def parse_selection(
    reporter: str | None = None,
    partner: str | None = None,
    flow: str | None = None,
    period: str | None = None,
    commodity: str | None = None,
) -> Selection:
    """A selection from the command's options, each a value or a comma-separated list: --partner ARG,DEU,
    --flow imports (or M), --period 2010 or 2010-03, --commodity TOTAL or 1201. Raises SettingError."""
    areas = {}
    for option, text in (("reporter", reporter), ("partner", partner)):
        codes = [c.upper() for c in _codes(text)]
        codes = ["WLD" if c == "W00" else c for c in codes]
        bad = [c for c in codes if not re.fullmatch(r"[A-Z]{3}", c)]
        if bad:
            raise SettingError(
                f"--{option} {bad[0]}: expected ISO 3166-1 alpha-3 codes such as CHN, or WLD"
            )
        areas[option] = frozenset(codes)
    bad = [f for f in _codes(flow) if f.upper() not in FLOW_NAMES]
    if bad:
        raise SettingError(f"--flow {bad[0]}: expected imports or exports (M or X)")
    flows = frozenset(FLOW_NAMES[f.upper()] for f in _codes(flow))
    periods = _codes(period)
    bad = [p for p in periods if not re.fullmatch(r"[0-9]{4}(-[0-9]{2})?", p)]
    if bad:
        raise SettingError(
            f"--period {bad[0]}: expected a year or a month, such as 2010 or 2010-03"
        )
    goods = [None if c.upper() in ("TOTAL", "ALL") else c for c in _codes(commodity)]
    bad = [c for c in goods if c is not None and not re.fullmatch(r"[0-9]{2}|[0-9]{4}|[0-9]{6}", c)]
    if bad:
        raise SettingError(
            f"--commodity {bad[0]}: expected TOTAL or an HS code of 2, 4 or 6 digits, such as 1201"
        )
    return Selection(
        areas["reporter"], areas["partner"], flows, frozenset(periods), frozenset(goods)
    )


# How a flow may be named on the command line: the project's word, or the code UN Comtrade uses.
FLOW_NAMES = {"IMPORTS": "imports", "EXPORTS": "exports", "M": "imports", "X": "exports"}
