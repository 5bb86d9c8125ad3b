"""UN Comtrade: a saved API response (JSON), the site's CSV export or a bulk TSV file, gzipped or not, as a Table.

Every channel carries the same fields (`reporterCode`, `flowCode`, `partnerCode`, `cmdCode`, `primaryValue`,
...), spelt differently (`cifvalue`, `cifValue`, `CifValue`): columns and keys are matched without case. A
value keeps the file's digits: JSON numbers are read as decimals from their text (`json.loads` with
`parse_float=Decimal`, never a float), CSV and TSV cells from theirs. `primaryValue` is in US dollars: imports
CIF, exports FOB, as its `cifvalue`/`fobvalue` say.

What a fact file cannot hold is refused with its line and column: an empty result, the API's error, an
aggregate or an estimate, a re-export, a code with no ISO 3166-1 alpha-3 today (280, the former Federal
Republic of Germany), a mix of classifications, two records of one figure.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import json.scanner
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pycountry

from tradebriefs.core.countries import WORLD, country_name
from tradebriefs.ingest.tables import ImportError_, Record, Selection, Table, file_digest

DATABASE = "UN Comtrade"
PUBLISHER = "United Nations Statistics Division"
URL = "https://comtradeplus.un.org/"
GZIP_MAGIC = b"\x1f\x8b"
MAX_TEXT_BYTES = 512 * 1024 * 1024  # a whole year of a reporter's bulk file is some 100 MB unzipped

FLOWS = {"M": "imports", "X": "exports"}
# What the flows fact files cannot hold are: said by name, so the editor knows what was refused.
OTHER_FLOWS = {
    "RM": "re-imports",
    "RX": "re-exports",
    "DX": "domestic exports",
    "FM": "foreign imports",
    "MIP": "imports for inward processing",
    "XIP": "exports after inward processing",
    "MOP": "imports after outward processing",
    "XOP": "exports for outward processing",
    "MIF": "imports of intra-industry",
    "XIF": "exports of intra-industry",
}
ANNUAL = 52  # refMonth of a year's figure
TOTAL = "TOTAL"  # cmdCode of all goods
HS_LENGTHS = (2, 4, 6)
# Comtrade's own codes for today's countries where they differ from ISO 3166-1 numeric (its reference list,
# reporterCodeIsoAlpha3): France with Monaco, India since 1975, Norway with Svalbard, Switzerland with
# Liechtenstein, the USA with Puerto Rico and the US Virgin Islands. 0 is the world (partnerISO W00).
COMTRADE_CODES = {0: WORLD, 251: "FRA", 579: "NOR", 699: "IND", 757: "CHE", 842: "USA"}
# Codes of entities that no longer exist (Comtrade's reference list: an entryExpiredDate and no ISO 3166-1
# numeric today). The reference gives some an alpha-3 of today's country (280 -> DEU), which would file a
# former country's trade under its successor: refused instead.
HISTORICAL_CODES = {
    58: "Belgium-Luxembourg, until 1998",
    200: "Czechoslovakia, until 1992",
    230: "Ethiopia, until 1992",
    278: "the German Democratic Republic, until 1990",
    280: "the Federal Republic of Germany, until 1990",
    459: "Peninsula Malaysia, until 1963",
    461: "Sabah, until 1963",
    530: "the Netherlands Antilles, until 2010",
    532: "the Netherlands Antilles and Aruba, until 1985",
    582: "the Pacific Islands, until 1991",
    588: "East and West Pakistan, until 1971",
    590: "Panama excluding the Canal Zone, until 1977",
    592: "the Panama Canal Zone, until 1977",
    658: "Saint Kitts, Nevis and Anguilla, until 1980",
    711: "the Southern African Customs Union, until 1999",
    717: "Rhodesia and Nyasaland, until 1964",
    720: "Democratic Yemen, until 1990",
    736: "Sudan, until 2011",
    810: "the USSR, until 1990",
    835: "Tanganyika, until 1964",
    836: "Zanzibar and Pemba, until 1964",
    841: "the USA and Puerto Rico, until 1980",
    866: "the Democratic Republic of Vietnam, until 1974",
    868: "the Republic of Vietnam, until 1974",
    886: "the Yemen Arab Republic, until 1990",
    890: "Yugoslavia, until 1991",
    891: "Serbia and Montenegro, until 2006",
}
# Fields every record needs (matched in lower case, named in messages as the API spells them).
REQUIRED = ("flowcode", "cmdcode", "primaryvalue")
SPELLING = {
    name.lower(): name
    for name in (
        "typeCode",
        "freqCode",
        "refYear",
        "refMonth",
        "period",
        "reporterCode",
        "reporterISO",
        "flowCode",
        "partnerCode",
        "partnerISO",
        "partner2Code",
        "classificationCode",
        "cmdCode",
        "customsCode",
        "mosCode",
        "motCode",
        "cifvalue",
        "fobvalue",
        "primaryValue",
        "isReported",
        "isAggregate",
    )
}


def spelt(name: str) -> str:
    """A field's name as the API spells it: partnerCode for partnercode."""
    return SPELLING.get(name, name)


@dataclass
class Row:
    """One record of the file: its fields by lower-case name, and where it and each field stand."""

    fields: dict[str, object]
    line: int
    col: int
    places: dict[str, tuple[int, int]] = field(default_factory=dict)

    def get(self, name: str):
        value = self.fields.get(name)
        return None if value == "" else value

    def at(self, name: str) -> tuple[int, int]:
        return self.places.get(name, (self.line, self.col))

    def error(self, name: str, message: str) -> ImportError_:
        return ImportError_(message, *self.at(name))


def read_table(path: str | Path, raw: bytes, selection: Selection = Selection()) -> Table:
    """The records of a saved Comtrade file the selection picks, checked, as a Table."""
    text = decoded(unzipped(raw))
    rows = json_rows(text) if text.lstrip()[:1] in ("{", "[") else delimited_rows(text)
    chosen = [row for row in rows if selection.matches(*peek(row))]
    if not chosen:
        raise ImportError_(f"no record matches the selection ({selection.describe()})")
    records = [record_of(row) for row in chosen]
    check_one_classification(chosen)
    check_unique(chosen, records)
    return Table(
        database=DATABASE,
        dataset=dataset_of(chosen[0]),
        publisher=PUBLISHER,
        title=title_of(records, chosen[0]),
        file=Path(path).name,
        digest=file_digest(raw),
        records=tuple(records),
        url=URL,
    )


def unzipped(raw: bytes) -> bytes:
    """The file's bytes, gunzipped when it starts with gzip's magic bytes (whatever its name)."""
    if not raw.startswith(GZIP_MAGIC):
        return raw
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(raw)) as stream:
            data = stream.read(MAX_TEXT_BYTES + 1)
    except (OSError, EOFError) as error:
        raise ImportError_(f"gzip file cannot be read: {error}") from None
    if len(data) > MAX_TEXT_BYTES:
        raise ImportError_(f"unzipped, the file is over {MAX_TEXT_BYTES:,} bytes; select less")
    return data


def decoded(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line, col = before.count(b"\n") + 1, error.start - (before.rfind(b"\n") + 1) + 1
        raise ImportError_(
            f"byte 0x{data[error.start]:02x} is not UTF-8: expected the file as UN Comtrade saved it",
            line,
            col,
        ) from None


def line_col(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


class _PlacedDict(dict):
    """A JSON object that remembers where it started and ended in the text."""

    start = end = 0


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a number a table prints")


def _placed_decoder() -> json.JSONDecoder:
    """A JSON decoder whose numbers are decimals read from their digits and whose objects know their place
    (the pure-Python scanner, which calls parse_object where the C one does not)."""
    decoder = json.JSONDecoder(
        parse_float=Decimal,
        parse_int=Decimal,
        parse_constant=_refuse_constant,
        object_pairs_hook=_PlacedDict,
    )
    parse_object = decoder.parse_object

    def placed(s_and_end, *args):
        obj, end = parse_object(s_and_end, *args)
        if isinstance(obj, _PlacedDict):
            obj.start, obj.end = s_and_end[1] - 1, end
        return obj, end

    decoder.parse_object = placed
    decoder.scan_once = json.scanner.py_make_scanner(decoder)
    return decoder


def key_place(text: str, obj: _PlacedDict, key: str) -> tuple[int, int]:
    found = text.find(json.dumps(key), obj.start, obj.end)
    return line_col(text, found if found >= 0 else obj.start)


def json_rows(text: str) -> list[Row]:
    """The records of an API response: an object with count, data and error."""
    try:
        doc = _placed_decoder().decode(text)
    except json.JSONDecodeError as error:
        raise ImportError_(f"invalid JSON: {error.msg}", error.lineno, error.colno) from None
    except ValueError as error:
        raise ImportError_(f"invalid JSON: {error}") from None
    if not isinstance(doc, dict) or not {"count", "data", "error"} <= set(doc):
        raise ImportError_(
            "expected a UN Comtrade API response: an object with count, data and error"
        )
    if doc["error"]:
        raise ImportError_(
            f"the API returned an error: {str(doc['error'])[:300]}", *key_place(text, doc, "error")
        )
    data = doc["data"]
    if not isinstance(data, list):
        raise ImportError_("data: expected a list of records", *key_place(text, doc, "data"))
    if doc["count"] == 0 or not data:
        raise ImportError_("the query returned no records", *key_place(text, doc, "count"))
    if doc["count"] != len(data):
        raise ImportError_(
            f"count is {doc['count']} but data holds {len(data)} records: a cut-off file?",
            *key_place(text, doc, "count"),
        )
    rows = []
    for item in data:
        if not isinstance(item, _PlacedDict):
            raise ImportError_("data: expected records (objects)", *key_place(text, doc, "data"))
        row = Row({k.lower(): v for k, v in item.items()}, *line_col(text, item.start))
        row.places = {k.lower(): key_place(text, item, k) for k in item}
        rows.append(row)
    return rows


def cell_columns(line: str, delimiter: str) -> list[int]:
    """The 1-based column where each cell of a CSV or TSV line starts (quotes respected)."""
    starts, quoted = [1], False
    for i, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            starts.append(i + 2)
    return starts


def delimited_rows(text: str) -> list[Row]:
    """The records of the site's CSV export or a bulk TSV file: a header line, then a record a line."""
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise ImportError_("the file is empty: the query returned no records")
    delimiter = "\t" if "\t" in lines[0] else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [name.strip().lower() for name in next(reader)]
    missing = [name for name in REQUIRED if name not in header]
    if missing or not {"reportercode", "reporteriso"} & set(header):
        names = ", ".join(missing) or "reporterCode"
        raise ImportError_(
            f"expected UN Comtrade's columns; missing {names} (the first line names the columns)"
        )
    rows = []
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        number = reader.line_num
        columns = cell_columns(lines[number - 1], delimiter) if number <= len(lines) else []
        if len(cells) != len(header):
            raise ImportError_(
                f"{len(cells)} cells where the first line names {len(header)} columns", number
            )
        places = {name: (number, col) for name, col in zip(header, columns, strict=False)}
        rows.append(Row(dict(zip(header, cells, strict=True)), number, 1, places))
    if not rows:
        raise ImportError_("the query returned no records (the file has its header line only)", 2)
    return rows


def text_of(value) -> str:
    """A cell or JSON value as text: 156 for 156 and 156.0, "" for null."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return str(value.to_integral_value()) if value == value.to_integral_value() else str(value)
    return str(value).strip()


def code_of(row: Row, name: str) -> int | None:
    text = text_of(row.get(name))
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise row.error(name, f"{spelt(name)}: expected a number code, got {text[:20]!r}") from None
    if number != number.to_integral_value():
        raise row.error(name, f"{spelt(name)}: expected a whole number code, got {text[:20]!r}")
    return int(number)


def flag_of(row: Row, name: str) -> bool | None:
    value = row.get(name)
    if value is None or isinstance(value, bool):
        return value
    text = text_of(value).lower()
    if text in ("true", "1"):
        return True
    if text in ("false", "0"):
        return False
    raise row.error(name, f"{spelt(name)}: expected true or false, got {text[:20]!r}")


def amount_of(row: Row, name: str) -> Decimal | None:
    """A value exactly as the file writes it; a CSV cell in exponent notation is refused: a spreadsheet
    that wrote 6.80413E+09 had already rounded the value."""
    value = row.get(name)
    if value is None:
        return None
    if isinstance(value, Decimal):
        number = value
    else:
        text = text_of(value)
        if "e" in text.lower():
            raise row.error(
                name,
                f"{spelt(name)} {text[:30]} is in exponent notation, so a spreadsheet has rounded it: "
                "save the file from UN Comtrade again without opening it in a spreadsheet",
            )
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise row.error(name, f"{spelt(name)}: expected a number, got {text[:30]!r}") from None
    if not number.is_finite() or number < 0:
        raise row.error(
            name, f"{spelt(name)}: expected an amount of dollars, got {text_of(value)[:30]}"
        )
    return number


def area_of(row: Row, role: str, strict: bool = True) -> str | None:
    """A reporter or partner as ISO 3166-1 alpha-3 (WLD for the world), from its Comtrade code, else its
    ISO column. Not strict: None for what cannot be named (to compare with a selection)."""
    code_name, iso_name = f"{role}code", f"{role}iso"
    code_said, iso_said = spelt(code_name), spelt(iso_name)
    code = code_of(row, code_name)
    iso = text_of(row.get(iso_name)).upper()
    said = text_of(row.get(f"{role}desc"))
    named = f" ({said})" if said else ""
    if code is not None:
        if code in HISTORICAL_CODES:
            if not strict:
                return None
            raise row.error(
                code_name,
                f"{code_said} {code} is {HISTORICAL_CODES[code]}: a historical code with no ISO 3166-1 "
                "alpha-3 code today; its figures cannot be filed under a country",
            )
        alpha_3 = COMTRADE_CODES.get(code)
        country = None if alpha_3 else pycountry.countries.get(numeric=f"{code:03d}")
        alpha_3 = alpha_3 or (country.alpha_3 if country else None)
        if alpha_3 is None:
            if not strict:
                return None
            raise row.error(
                code_name,
                f"{code_said} {code}{named} has no ISO 3166-1 alpha-3 code (an area or group UN Comtrade "
                "reports, not a country)",
            )
        if strict and iso and iso != alpha_3 and not (iso == "W00" and alpha_3 == WORLD):
            raise row.error(iso_name, f"{iso_said} {iso} does not match {code_said} {code}")
        return alpha_3
    if iso == "W00":
        return WORLD
    if iso and pycountry.countries.get(alpha_3=iso) is not None:
        return iso
    if not strict:
        return None
    where = iso_name if iso else code_name
    raise row.error(
        where,
        f"{iso_said} {iso}{named} is not an ISO 3166-1 alpha-3 code"
        if iso
        else f"no {role} code: expected {code_said} or {iso_said}",
    )


def period_of(row: Row) -> str:
    """2010 for a year (refMonth 52), 2010-03 for a month; from refYear and refMonth, else period."""
    year, month = code_of(row, "refyear"), code_of(row, "refmonth")
    if year is None:
        text = text_of(row.get("period"))
        if len(text) == 4 and text.isdigit():
            return text
        if len(text) == 6 and text.isdigit() and 1 <= int(text[4:]) <= 12:
            return f"{text[:4]}-{text[4:]}"
        raise row.error(
            "period", f"period: expected a year or a month such as 2010 or 201003, got {text!r}"
        )
    if month in (None, ANNUAL):
        return f"{year:04d}"
    if 1 <= month <= 12:
        return f"{year:04d}-{month:02d}"
    raise row.error("refmonth", f"refMonth: expected 1 to 12, or 52 for a year, got {month}")


def flow_of(row: Row) -> str:
    return text_of(row.get("flowcode")).upper()


def commodity_of(row: Row, strict: bool = True) -> str | None:
    code = text_of(row.get("cmdcode"))
    if code.upper() == TOTAL:
        return None
    if strict and not (code.isdigit() and len(code) in HS_LENGTHS):
        raise row.error(
            "cmdcode", f"cmdCode {code[:20]!r}: expected TOTAL or an HS code of 2, 4 or 6 digits"
        )
    classification = text_of(row.get("classificationcode")).upper()
    if strict and classification and not classification.startswith("H"):
        raise row.error(
            "cmdcode",
            f"cmdCode {code} is a code of classification {classification}, not the Harmonized System",
        )
    return code


def peek(row: Row) -> tuple:
    """What a selection compares: the record's reporter, partner, flow, period and commodity, or None
    where a value cannot be read (the record is then refused only when it is selected)."""
    try:
        period = period_of(row)
    except ImportError_:
        period = None
    flow = flow_of(row)
    return (
        area_of(row, "reporter", strict=False),
        area_of(row, "partner", strict=False),
        FLOWS.get(flow, flow),
        period,
        commodity_of(row, strict=False),
    )


def valuation_of(row: Row, flow: str, value: Decimal) -> str | None:
    """CIF or FOB: the one of cifvalue and fobvalue that primaryValue is, the flow's usual one first
    (imports CIF, exports FOB); None when the file gives neither."""
    cif, fob = amount_of(row, "cifvalue"), amount_of(row, "fobvalue")
    order = (("CIF", cif), ("FOB", fob)) if flow == "M" else (("FOB", fob), ("CIF", cif))
    for name, amount in order:
        if amount is not None and amount == value:
            return name
    given = [name for name, amount in order if amount is not None]
    return given[0] if len(given) == 1 else None


def record_key(row: Row) -> str:
    """The record's key in its table: C/A/HS 2010 156 M 32 TOTAL."""
    parts = [
        dataset_of(row).split(" ")[0],
        text_of(row.get("period")) or period_of(row).replace("-", ""),
        text_of(row.get("reportercode")) or text_of(row.get("reporteriso")),
        flow_of(row),
        text_of(row.get("partnercode")) or text_of(row.get("partneriso")),
        text_of(row.get("cmdcode")),
    ]
    return " ".join(parts)


def record_of(row: Row) -> Record:
    """A selected row, checked, as the record a figure is made of."""
    for name in REQUIRED:
        if row.get(name) is None:
            raise row.error(name, f"record has no {spelt(name)}")
    type_code = text_of(row.get("typecode")).upper()
    if type_code and type_code != "C":
        raise row.error("typecode", f"typeCode {type_code}: only trade in goods (C) is imported")
    if flag_of(row, "isaggregate"):
        raise row.error(
            "isaggregate",
            "record is an aggregate (isAggregate: true): UN Comtrade added it up from other records; "
            "import the records the reporter reported",
        )
    if flag_of(row, "isreported") is False:
        raise row.error(
            "isreported",
            "record is an estimate (isReported: false): UN Comtrade estimated it, the reporter did not "
            "report it",
        )
    for name, total in TOTALS.items():
        given = text_of(row.get(name))
        if given and given.upper() != total:
            raise row.error(
                name,
                f"{spelt(name)} {given}: the record is one part of the trade (a second partner, a customs "
                f"procedure or a mode of transport), not its total; query {spelt(name)}={total}",
            )
    flow = flow_of(row)
    if flow not in FLOWS:
        what = OTHER_FLOWS.get(flow, "a flow fact files do not hold")
        raise row.error(
            "flowcode",
            f"flowCode {flow} ({what}): fact files hold exports (X) and imports (M); leave these records "
            "out with --flow X or --flow M",
        )
    value = amount_of(row, "primaryvalue")
    return Record(
        reporter=area_of(row, "reporter"),
        partner=area_of(row, "partner"),
        flow=FLOWS[flow],
        period=period_of(row),
        value=value,
        currency="USD",
        commodity=commodity_of(row),
        valuation=valuation_of(row, flow, value),
        key=record_key(row),
    )


def check_one_classification(rows: list[Row]) -> None:
    first = rows[0]
    expected = text_of(first.get("classificationcode")).upper()
    for row in rows[1:]:
        code = text_of(row.get("classificationcode")).upper()
        if code != expected:
            raise row.error(
                "classificationcode",
                f"mixed classifications: {code or 'none'} here, {expected or 'none'} at line {first.line}; "
                "import one classification at a time",
            )


# A breakdown's value for the whole: any other value makes the record a part of the figure, never the figure.
TOTALS = {"partner2code": "0", "customscode": "C00", "motcode": "0", "moscode": "0"}
# Fields by which two records of one figure can differ: breakdowns a query can ask for.
BREAKDOWNS = ("partner2code", "customscode", "motcode", "moscode")


def check_unique(rows: list[Row], records: list[Record]) -> None:
    seen: dict[tuple, Row] = {}
    for row, record in zip(rows, records, strict=True):
        key = (record.reporter, record.partner, record.flow, record.period, record.commodity)
        first = seen.setdefault(key, row)
        if first is row:
            continue
        differ = [
            f"{spelt(name)} {text_of(first.get(name)) or 'none'} and {text_of(row.get(name)) or 'none'}"
            for name in BREAKDOWNS
            if text_of(first.get(name)) != text_of(row.get(name))
        ]
        why = (
            f" (they differ in {'; '.join(differ)}: import the totals alone)"
            if differ
            else " (the same record twice)"
        )
        raise ImportError_(
            f"duplicate record: line {first.line} has the same reporter, partner, flow, period and "
            f"commodity{why}",
            row.line,
            row.col,
        )


def dataset_of(row: Row) -> str:
    """C/A/HS (H3): type, frequency and classification searched, with the classification as reported."""
    classification = text_of(row.get("classificationcode")).upper()
    searched = text_of(row.get("classificationsearchcode")).upper() or (
        "HS" if classification.startswith("H") else classification
    )
    kind = "/".join(
        [
            text_of(row.get("typecode")).upper() or "C",
            text_of(row.get("freqcode")).upper() or "A",
            searched or "HS",
        ]
    )
    return f"{kind} ({classification})" if classification else kind


def title_of(records: list[Record], row: Row) -> str:
    """UN Comtrade: trade in goods of China, 2010."""
    reporters = sorted({r.reporter for r in records})
    periods = sorted({r.period for r in records})
    names = " and ".join(country_name(code) for code in reporters)
    span = periods[0] if len(periods) == 1 else f"{periods[0]} to {periods[-1]}"
    return f"{DATABASE}: trade in goods of {names}, {span}"
