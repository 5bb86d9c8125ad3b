"""Data a reader can take away: CSV and JSON of figures, and a Frictionless data package.

Values are written with the digits their source printed (240.11, 1234.50), in CSV as text and in JSON
as a number token copied from the literal, never through a float.
"""

from __future__ import annotations

import csv
import io
import json
import posixpath
import re
from decimal import Decimal

from tradebriefs.core.i18n import N_, _, gettext, in_source_language
from tradebriefs.core.routes import DATASET, chart_download
from tradebriefs.core.text import safe_url
from tradebriefs.facts.catalog import Catalog
from tradebriefs.facts.derive import Derived
from tradebriefs.facts.models import Figure

FIGURE_FIELDS = [
    # (name, Table Schema type, description)
    ("id", "string", N_("Permanent id of the figure (anchor on the data page)")),
    (
        "kind",
        "string",
        N_("reported: printed by the source; derived: computed here from reported figures"),
    ),
    (
        "reporter",
        "string",
        N_("ISO 3166-1 alpha-3 code of the reporting country, or a group's code (EU)"),
    ),
    (
        "partner",
        "string",
        N_(
            "ISO 3166-1 alpha-3 code of the partner country, WLD for the world, or a group's code (EU)"
        ),
    ),
    ("flow", "string", N_("exports, imports, turnover or balance, seen from the reporter")),
    ("period", "string", N_("2023, 2024-Q3, 2024-09 or a span 2024-01/2024-09")),
    ("value", "number", N_("The value, with the decimals the source printed")),
    ("unit", "string", N_("Currency and scale, e.g. USD billion; percent for a share")),
    ("qualifier", "string", N_("exact, about, over, under, at least, at most, nearly")),
    (
        "change_percent",
        "number",
        N_("Change in percent against the period change_on names (by default a year earlier)"),
    ),
    ("basis", "string", N_("How the value was measured, e.g. in dollar terms")),
    ("notes", "string", N_("Remarks the source made, separated by '; '")),
    ("formula", "string", N_("For derived figures: the arithmetic")),
    (
        "inputs",
        "string",
        N_("For derived figures: ids of the figures it came from, separated by ' '"),
    ),
    ("source", "string", N_("Source id (see the sources page)")),
    ("source_publisher", "string", N_("Who published the source")),
    ("source_title", "string", N_("Title of the source")),
    ("source_url", "string", N_("Address of the source")),
    # Added later than the columns above, so after them: a reader's column positions stay valid.
    (
        "commodity",
        "string",
        N_(
            "HS 2022 code of the product (1201, 27); empty for all goods, or a product no one code covers"
        ),
    ),
    (
        "product",
        "string",
        N_(
            "The product as the source named it (soya); alone, without commodity, for goods no one HS "
            "code covers (beef); both empty for all goods"
        ),
    ),
    (
        "share_of",
        "string",
        N_("For a share (unit percent): a partner's code (WLD: the world) or 'all goods'"),
    ),
    (
        "change_on",
        "string",
        N_(
            "What change_percent is measured against: year earlier, previous month or previous quarter"
        ),
    ),
    (
        "favours",
        "string",
        N_(
            "For a balance printed as a surplus in one side's favour: whose (the value is its size)"
        ),
    ),
    ("status", "string", N_("reported, forecast or target; empty for derived figures")),
    ("by", "string", N_("For a forecast or target: who made or set it")),
    ("made", "date", N_("For a forecast or target: when it was made or set")),
    (
        "keep_as_stated",
        "boolean",
        N_(
            "true: printed as the source gave it although its own figures disagree; empty otherwise"
        ),
    ),
]
FIELD_NAMES = [name for name, _, _ in FIGURE_FIELDS]


def literal(value: Decimal | None) -> str:
    return "" if value is None else format(value, "f")


def figure_record(fig: Figure, cat: Catalog) -> dict[str, object]:
    src = cat.sources[fig.source]
    return {
        "id": fig.id,
        "kind": "reported",
        "reporter": fig.reporter,
        "partner": fig.partner,
        "flow": fig.flow,
        "period": fig.period.text,
        "value": fig.value,
        "unit": str(fig.unit),
        "qualifier": fig.qualifier,
        "change_percent": fig.change,
        "basis": fig.basis or "",
        "notes": "; ".join(fig.notes),
        "formula": "",
        "inputs": "",
        "source": src.id,
        "source_publisher": src.publisher,
        "source_title": src.title,
        "source_url": safe_url(src.url) if src.url else "",
        "commodity": fig.commodity or "",
        "product": fig.product or "",
        "share_of": fig.share_of or "",
        "change_on": fig.change_on if fig.change is not None else "",
        "favours": fig.favours or "",
        "status": fig.status,
        "by": fig.by or "",
        "made": fig.made.isoformat() if fig.made else "",
        "keep_as_stated": True if fig.keep_as_stated else None,
    }


def derived_record(d: Derived, cat: Catalog) -> dict[str, object]:
    """A derived figure's row; its commodity and product are those of the figures it came from (a balance of
    soya exports and imports is soya's)."""
    first = cat.figures.get(d.inputs[0]) if d.inputs else None
    return {
        "id": d.id,
        "kind": "derived",
        "reporter": d.reporter,
        "partner": d.partner,
        "flow": d.flow,
        "period": d.period.text,
        "value": d.value,
        "unit": str(d.unit),
        "qualifier": d.qualifier,
        "change_percent": None,
        "basis": "",
        "notes": "",
        "formula": in_source_language(d.formula),  # the same bytes in every edition
        "inputs": " ".join(d.inputs),
        "source": "",
        "source_publisher": "",
        "source_title": "",
        "source_url": "",
        "commodity": d.commodity or "",
        "product": (first.product if first else None) or "",
        "share_of": "",
        "change_on": "",
        "favours": "",
        "status": "",
        "by": "",
        "made": "",
        "keep_as_stated": None,
    }


# A spreadsheet reads a cell that starts with one of these as a formula (OWASP "CSV injection"):
# `=HYPERLINK(...)` in a note would become a live link. Text cells get a leading apostrophe, which
# spreadsheets show as text and do not display; numbers are written from their digits and never start so
# unless negative, which a spreadsheet reads as the number it is.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_cell(value) -> str:
    if isinstance(value, Decimal) or value is None:
        return literal(value)
    if isinstance(value, bool):
        return "true" if value else "false"  # as Table Schema's boolean reads it
    return csv_text(str(value))


def to_csv(records: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELD_NAMES, lineterminator="\n")
    writer.writeheader()
    for r in records:
        writer.writerow({k: csv_cell(v) for k, v in r.items()})
    return out.getvalue()


# Decimals go through the encoder as marked strings and come out as their digits (240.11, never a float's
# 240.11000000000001); no text a source printed can hold the mark (a NUL character).
_DECIMAL_MARK = "\x00decimal:"
_MARKED = re.compile('"' + re.escape(json.dumps(_DECIMAL_MARK)[1:-1]) + r'(-?[0-9.]+)"')
_RECORD = json.JSONEncoder(ensure_ascii=False, separators=(",\n      ", ": "))


def _json_record(record: dict) -> str:
    marked = {
        k: f"{_DECIMAL_MARK}{literal(v)}" if isinstance(v, Decimal) else v
        for k, v in record.items()
    }
    if not marked:
        return "    {}"
    return "    {\n      " + _RECORD.encode(marked)[1:-1] + "\n    }"


def to_json(records: list[dict]) -> str:
    """{"figures": [...]} laid out as json.dumps(indent=2, ensure_ascii=False) lays out a list of flat records,
    with decimals written as their digits. Each record goes through the C encoder (an indent would make
    json.dumps run in pure Python, the slowest step of the whole data set's files)."""
    if not records:
        return '{\n  "figures": []\n}'
    text = '{\n  "figures": [\n' + ",\n".join(map(_json_record, records)) + "\n  ]\n}"
    return _MARKED.sub(r"\1", text)


def table_schema() -> dict:
    return {
        # The descriptions in the edition's language; the names are the columns' identifiers in every one.
        "fields": [{"name": n, "type": t, "description": gettext(d)} for n, t, d in FIGURE_FIELDS],
        "primaryKey": ["id"],
        "missingValues": [""],
    }


def datapackage(resources: dict[str, str]) -> str:
    """A Frictionless tabular data package describing the CSV files in `resources` ({name: path})."""
    package = {
        "profile": "tabular-data-package",
        "name": "trade-briefs",
        "title": _("Trade Briefs: every figure, reported and derived"),
        "description": _(
            "Trade figures exactly as their sources printed them, with the figures derived from them."
        ),
        "resources": [
            {
                "name": name,
                "path": path,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": table_schema(),
            }
            for name, path in resources.items()
        ],
    }
    return json.dumps(package, indent=2, ensure_ascii=False) + "\n"


def dataset_tables(cat: Catalog, derived: list[Derived]) -> dict[str, str]:
    """The whole data set's CSV and JSON: the same bytes in every edition (no word in them is translated)."""
    records = [figure_record(f, cat) for f in sorted(cat.figures.values(), key=lambda f: f.id)]
    records += [derived_record(d, cat) for d in derived]
    return {DATASET["csv"]: to_csv(records), DATASET["json"]: to_json(records)}


def dataset_package() -> dict[str, str]:
    """The data package describing the data set, in the edition's language."""
    return {DATASET["datapackage"]: datapackage({"figures": posixpath.basename(DATASET["csv"])})}


def dataset_files(cat: Catalog, derived: list[Derived]) -> dict[str, str]:
    """The whole data set at stable paths under data/ in the site."""
    return {**dataset_tables(cat, derived), **dataset_package()}


def chart_files(
    chart_path: str,
    figures: list[Figure],
    derived: list[Derived],
    cat: Catalog,
) -> dict[str, str]:
    """Next to a chart: exactly the figures it draws, as CSV and JSON (the same bytes in every edition)."""
    records = [figure_record(f, cat) for f in figures] + [derived_record(d, cat) for d in derived]
    return {
        chart_download(chart_path, "csv"): to_csv(records),
        chart_download(chart_path, "json"): to_json(records),
    }
