"""China's customs (GACC) monthly table of trade by country, read from a saved copy into a `Table`.

The General Administration of Customs publishes, each month, "(7) Imports and Exports by Country (Region)":
a row per partner with Total, Exports and Imports, each for the month (`12`) and the year so far (`1to12`),
every row of values followed by a row of year-on-year changes in percent (`-` where there is none), under a
unit line (`Unit: US$1,000`; the yuan table `Unit: CNY 100 million`). A saved copy comes in three forms:

- text, as copying the page gives it: cells separated by tabs, or by spaces with the name first;
- CSV: a row per partner, its name, the six values, then the six changes (title and unit rows above it);
- HTML: the page with its `<table>` (the title and unit above the table or in its first rows).

Each form is read into the same `Line`s, and one interpreter turns them into records: China (CHN) reports,
the partner is the row's country (ISO alpha-3; the `Total` row is the world, WLD), exports at FOB and imports
at CIF, values exact in currency units (the file's digits times the unit, in Decimal), the month's period
(`2024-12`) and the cumulative one (`2024-01/2024-11`; a full year is `2024`). The Total column is turnover,
which the project derives, so it is not a record: it is checked against exports + imports instead, and a row
where they differ beyond rounding is an error (a column read in the wrong place). Regional aggregates (Asia,
ASEAN, the European Union) are not countries: they are skipped and listed in the result (`CustomsTable`).
"""

from __future__ import annotations

import csv
import decimal
import hashlib
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pycountry

from tradebriefs.core.countries import WORLD
from tradebriefs.core.periods import FIRST_YEAR, LAST_YEAR, format_period_text
from tradebriefs.ingest.tables import ImportError_, Record, Table

DATABASE = "China's General Administration of Customs"
PUBLISHER = "General Administration of Customs of the People's Republic of China"
REPORTER = "CHN"
VALUATION = {"exports": "FOB", "imports": "CIF"}
GROUPS = ("total", "exports", "imports")  # the table's column groups, each with the month and 1toN
VALUES = 2 * len(GROUPS)  # value cells in a row; as many changes under (or after) them
MAX_DIGITS = 40  # more is no trade figure: refused before any arithmetic

# Names the customs table prints that pycountry spells otherwise (or that read ambiguously): looked up first,
# and never fuzzily. Lower case, spaces collapsed.
NAMES = {
    "russian federation": "RUS",
    "russia": "RUS",
    "korea, rep.": "KOR",
    "korea, rep": "KOR",
    "republic of korea": "KOR",
    "rep. of korea": "KOR",
    "korea": "KOR",
    "south korea": "KOR",
    "korea, dpr": "PRK",
    "dem. people's rep. of korea": "PRK",
    "democratic people's republic of korea": "PRK",
    "hong kong, china": "HKG",
    "hong kong": "HKG",
    "macao, china": "MAC",
    "macau, china": "MAC",
    "macao": "MAC",
    "taiwan, china": "TWN",
    "taiwan province of china": "TWN",
    "taiwan": "TWN",
    "viet nam": "VNM",
    "vietnam": "VNM",
    "united states": "USA",
    "united states of america": "USA",
    "u.s.a.": "USA",
    "usa": "USA",
    "united kingdom": "GBR",
    "uk": "GBR",
    "iran": "IRN",
    "turkey": "TUR",
    "turkiye": "TUR",
    "czech republic": "CZE",
    "lao pdr": "LAO",
    "lao p.d.r.": "LAO",
    "laos": "LAO",
    "the netherlands": "NLD",
    "holland": "NLD",
    "bolivia": "BOL",
    "venezuela": "VEN",
    "tanzania": "TZA",
    "syria": "SYR",
    "moldova": "MDA",
    "brunei": "BRN",
    "ivory coast": "CIV",
    "cote d'ivoire": "CIV",
    "dem. rep. of the congo": "COD",
    "democratic republic of the congo": "COD",
    "congo, dem. rep.": "COD",
    "congo, rep.": "COG",
}
WORLD_NAMES = {"total", "world"}
# Rows that sum several countries: not a partner a figure names (a group is declared in a fact file with its
# members; importing ASEAN or the EU as groups is left for when an editor asks for it).
AGGREGATES = {
    "asia",
    "africa",
    "europe",
    "latin america",
    "latin america and the caribbean",
    "north america",
    "oceania",
    "oceania and pacific islands",
    "asean",
    "european union",
    "eu",
    "eu27",
    "apec",
    "rcep",
    "gcc",
    "gulf cooperation council",
    "brics",
    "belt and road",
    "belt and road countries",
    "countries along the belt and road",
    "middle east",
    "central and eastern europe",
    "commonwealth of independent states",
}

NONE_CELLS = {"", "-", "–", "—", "…", "..."}
_NUMBER = re.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_LOOSE_NUMBER = re.compile(r"^[-−–—+]?[\d.,]*\d[\d.,]*%?$|^[-–—…]$|^\.\.\.$")
_TITLE = re.compile(r"\b(?:imports?\s+and\s+exports?|exports?\s+and\s+imports?)\s+by\b", re.I)
_COUNTRY_TITLE = re.compile(r"\bby\s+country\b", re.I)
_UNIT = re.compile(r"\bunit\s*[:：]\s*(?P<unit>.+?)\s*$", re.I)
_GROUP = re.compile(
    r"imports?\s*(?:&|and)\s*exports?|exports?\s*(?:&|and)\s*imports?|total|exports?|imports?", re.I
)
_CUMULATIVE = re.compile(r"\b1\s*to\s*(\d{1,2})\b", re.I)
_COLUMN = re.compile(
    r"\b1\s*to\s*(?P<cum>\d{1,2})\b|(?<![\d.,])\b(?P<month>\d{1,2})\b(?![\d]|[.,]\d)", re.I
)
MONTHS = (
    "january february march april may june july august september october november december".split()
)
_MONTH_WORD = {name: i for i, full in enumerate(MONTHS, 1) for name in (full, full[:3], full[:4])}
_TITLE_MONTH = re.compile(r"\b(?P<m>\d{1,2})\s*\.\s*(?P<y>\d{4})\b")
_TITLE_MONTH_WORD = re.compile(r"\b(?P<m>[A-Za-z]{3,9})\.?\s*,?\s+(?P<y>\d{4})\b")
_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_CURRENCIES = (
    (re.compile(r"US\s*\$|\bUSD\b|\bUS\s+dollars?\b|\bdollars?\b", re.I), "USD"),
    (re.compile(r"\bCNY\b|\bRMB\b|\byuan\b|\brenminbi\b", re.I), "CNY"),
)


@dataclass(frozen=True)
class Skipped:
    """A row the importer read and left out, with why: an editor sees what the table held and was not taken."""

    line: int
    name: str
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.name}: {self.reason}"


@dataclass(frozen=True)
class CustomsTable(Table):
    """A customs table's records, and the rows it skipped (regional aggregates, rows with no figures)."""

    skipped: tuple[Skipped, ...] = ()


@dataclass(frozen=True)
class Line:
    """One row of the saved table, whatever its form: its first cell, the cells after it, and all of it as text."""

    number: int
    label: str
    cells: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class Unit:
    currency: str
    scale: int
    text: str


@dataclass(frozen=True)
class Layout:
    """What the title, unit and header say: the month, the unit, and the order of the six value columns."""

    title: Line
    year: int
    month: int
    unit: Unit
    order: tuple[tuple[str, str], ...]


# Reading the three forms into Lines.


def decode(raw: bytes) -> str:
    """UTF-8 (a byte-order mark dropped); UTF-16 with its mark (a spreadsheet's "Unicode text"); a copy
    saved on a Chinese system may be GB18030."""
    try:
        text = raw.decode("utf-16" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig")
    except UnicodeDecodeError as error:
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError:
            raise ImportError_(
                f"not text in UTF-8 or GB18030 (byte {error.start} cannot be read)"
            ) from None
    return text.replace("\u00a0", " ").replace("\u3000", " ")


def is_number_like(cell: str) -> bool:
    """A cell that holds a figure or none (checked strictly when it is read)."""
    return cell in NONE_CELLS or _LOOSE_NUMBER.match(cell) is not None


def trimmed(cells: list[str]) -> list[str]:
    """Without the empty cells a spreadsheet adds past a row's end (a name, six values, six changes)."""
    for width in (2 * VALUES + 1, VALUES + 1):
        if len(cells) > width and not any(cells[width:]):
            return cells[:width]
    return cells


def text_lines(text: str) -> Iterator[Line]:
    """The page's text as copied: tab-separated cells, or the name then the figures separated by spaces."""
    for number, line in enumerate(text.splitlines(), 1):
        flat = " ".join(line.split())
        if "\t" in line:
            cells = trimmed([" ".join(cell.split()) for cell in line.split("\t")])
            yield Line(number, cells[0], tuple(cells[1:]), flat)
            continue
        tokens = flat.split(" ") if flat else []
        first = len(tokens)
        while first > 0 and is_number_like(tokens[first - 1]):
            first -= 1
        yield Line(number, " ".join(tokens[:first]), tuple(tokens[first:]), flat)


def csv_lines(text: str) -> Iterator[Line]:
    """A row per partner: the name, the six values, the six changes; title and unit rows of one cell above."""
    reader = csv.reader(io.StringIO(text))
    for row in reader:
        cells = trimmed([" ".join(cell.split()) for cell in row])
        printed = list(cells)
        while printed and printed[-1] == "":  # a spreadsheet pads a title row with empty cells
            printed.pop()
        if cells:
            yield Line(reader.line_num, cells[0], tuple(cells[1:]), ",".join(printed))


# Elements whose text is a line of its own when outside a table cell (a title or unit line above the table).
_BLOCKS = {"p", "div", "br", "li", "caption", "title", "h1", "h2", "h3", "h4", "h5", "h6", "pre"}
_BLOCKS |= {"section", "article", "header", "footer", "body"}


class _TableParser(HTMLParser):
    """The rows of every <table> (each cell's text), and the text outside cells as lines of their own, in
    document order; each line tagged with the table it belongs to (None outside tables)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[tuple[Line, int | None]] = []
        self.tables: list[dict] = []  # open tables, innermost last: {"id", "row", "cell", "line"}
        self.count = 0
        self.outside: list[str] = []
        self.outside_line = 1
        self.skip = 0  # inside <script> or <style>

    def _table(self) -> dict | None:
        return self.tables[-1] if self.tables else None

    def _emit(self, text: str, line: int, table: int | None) -> None:
        text = " ".join(text.split())
        if text:
            self.lines.append((Line(line, text, (), text), table))

    def _flush(self) -> None:
        """Text outside any cell, as a line of its own (a title or unit line above the table)."""
        table = self._table()
        self._emit("".join(self.outside), self.outside_line, table["id"] if table else None)
        self.outside = []

    def handle_starttag(self, tag: str, attrs) -> None:
        table = self._table()
        if tag in ("script", "style"):
            self.skip += 1
        elif tag == "table":
            self._flush()
            if table is not None and table["cell"] is not None:
                # a table inside a cell (a layout table): the cell's text so far is a line of its own
                self._emit("".join(table["cell"]), self.getpos()[0], table["id"])
                table["cell"] = []
            self.count += 1
            self.tables.append({"id": self.count, "row": None, "cell": None, "line": 0})
        elif tag == "tr" and table is not None:
            self._end_row(table)
            self._flush()
            table["row"], table["line"] = [], self.getpos()[0]
        elif tag in ("td", "th") and table is not None:
            if table["row"] is None:
                table["row"], table["line"] = [], self.getpos()[0]
            self._end_cell(table)
            table["cell"] = []
        elif tag in _BLOCKS:
            if table is not None and table["cell"] is not None:
                table["cell"].append(" ")
            else:
                self._flush()
        if not self.outside:
            self.outside_line = self.getpos()[0]

    def handle_endtag(self, tag: str) -> None:
        table = self._table()
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag == "table" and table is not None:
            self._end_row(table)
            self._flush()
            self.tables.pop()
        elif tag == "tr" and table is not None:
            self._end_row(table)
        elif tag in ("td", "th") and table is not None:
            self._end_cell(table)
        elif tag in _BLOCKS and not (table is not None and table["cell"] is not None):
            self._flush()

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        table = self._table()
        if table is not None and table["cell"] is not None:
            table["cell"].append(data)
        else:
            if not self.outside:
                self.outside_line = self.getpos()[0]
            self.outside.append(data)

    def _end_cell(self, table: dict) -> None:
        if table["cell"] is not None:
            if table["row"] is None:
                table["row"] = []
            table["row"].append(" ".join("".join(table["cell"]).split()))
            table["cell"] = None

    def _end_row(self, table: dict) -> None:
        self._end_cell(table)
        cells = table["row"]
        table["row"] = None
        if cells and any(cells):
            line = Line(table["line"], cells[0], tuple(cells[1:]), " ".join(c for c in cells if c))
            self.lines.append((line, table["id"]))

    def close(self) -> None:
        super().close()
        while self.tables:
            self.handle_endtag("table")
        self._flush()


def html_lines(text: str) -> list[Line]:
    """The text above the table of figures and that table's rows; what follows the table (the page's footer)
    is not read."""
    parser = _TableParser()
    parser.feed(text)
    parser.close()
    tagged = parser.lines
    data_table = next((t for line, t in tagged if t is not None and kind(line) == "values"), None)
    if data_table is None:
        return [line for line, _ in tagged]
    last = max(i for i, (_, t) in enumerate(tagged) if t == data_table)
    return [line for line, _ in tagged[: last + 1]]


def form_of(path: str, text: str) -> str:
    """csv or html by the file's extension; otherwise html when it holds a <table>, else the page's text."""
    extension = Path(path).suffix.lower().lstrip(".")
    if extension == "csv":
        return "csv"
    if extension in ("html", "htm", "xhtml") or re.search(r"<table\b", text, re.I):
        return "html"
    return "text"


def lines_of(form: str, text: str) -> list[Line]:
    reader = {"csv": csv_lines, "html": html_lines, "text": text_lines}[form]
    return list(reader(text))


# Interpreting Lines.


def kind(line: Line) -> str:
    """values (a partner's row of figures), changes (a row of figures with no name), blank, or other."""
    label, cells = line.label, line.cells
    if not label and not any(cells):
        return "blank"
    if _UNIT.search(line.text) or _TITLE.search(line.text) or _COUNTRY_TITLE.search(line.text):
        return "other"  # 'Unit: US$ 1,000' and '..., 12. 2024' end in figures, and are no row
    if label and is_number_like(label) and all(map(is_number_like, cells)):
        return "changes"  # the name cell spans both rows (HTML rowspan): the changes start at once
    if not label and all(map(is_number_like, cells)):
        return "changes"
    if label and len(cells) > 1 and all(map(is_number_like, cells)):
        return "values"
    return "other"


def change_cells(line: Line) -> tuple[str, ...]:
    return line.cells if not line.label else (line.label, *line.cells)


def find_title(lines: list[Line]) -> int:
    """The index of the title line: '(7) Imports and Exports by Country (Region), 12. 2024'."""
    for i, line in enumerate(lines):
        if _TITLE.search(line.text) or _COUNTRY_TITLE.search(line.text):
            if not _COUNTRY_TITLE.search(line.text):
                raise ImportError_(
                    f"not the table by country: the title is '{line.text}' (the importer reads "
                    "'(7) Imports and Exports by Country (Region)')",
                    line.number,
                )
            return i
    raise ImportError_(
        "no title line such as '(7) Imports and Exports by Country (Region), 12. 2024'",
        lines[0].number if lines else 1,
    )


def title_month(title: Line) -> tuple[int, int]:
    """(year, month) from '12. 2024' or 'December 2024' (or 'Dec. 2024') in the title."""
    found = None
    match = _TITLE_MONTH.search(title.text)
    if match:
        found = int(match["y"]), int(match["m"])
    else:
        for word in _TITLE_MONTH_WORD.finditer(title.text):
            if word["m"].lower() in _MONTH_WORD:
                found = int(word["y"]), _MONTH_WORD[word["m"].lower()]
                break
    if found is None or not 1 <= found[1] <= 12 or not FIRST_YEAR <= found[0] <= LAST_YEAR:
        raise ImportError_(
            f"the title gives no month: '{title.text}' (expected e.g. '12. 2024' or 'December 2024')",
            title.number,
        )
    return found


def parse_unit(line: Line, text: str) -> Unit:
    """'US$1,000' -> USD x 1,000; 'US$ million' -> USD x 10^6; 'CNY 100 million' -> CNY x 10^8."""
    currency = None
    rest = text
    for pattern, code in _CURRENCIES:
        if pattern.search(rest):
            currency = code
            rest = pattern.sub(" ", rest)
            break
    words = rest.replace("(", " ").replace(")", " ").split()
    scale = 1
    ok = currency is not None and len(words) <= 2
    for word in words:
        if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", word):
            scale *= int(word.replace(",", ""))
        elif word.lower() in _SCALES:
            scale *= _SCALES[word.lower()]
        else:
            ok = False
    if not ok or scale <= 0:
        raise ImportError_(
            f"cannot read the unit '{text}' (expected e.g. 'US$1,000', 'US$ million' or "
            "'CNY 100 million')",
            line.number,
        )
    return Unit(currency, scale, text)


def find_unit(lines: Iterable[Line], before: Line) -> Unit:
    for line in lines:
        match = _UNIT.search(line.text)
        if match:
            return parse_unit(line, match["unit"])
    raise ImportError_(
        "no unit line (e.g. 'Unit: US$1,000') above the first row of figures", before.number
    )


def column_order(header: list[Line], month: int) -> tuple[tuple[str, str], ...]:
    """The order of the six value columns, from the header's group names (Total, Exports, Imports) and its
    month and 1toN columns; the table's documented order when there is no header."""
    groups: list[str] = []
    for line in header:
        found = [_group(m[0]) for m in _GROUP.finditer(line.text)]
        if len(set(found)) < 2:
            continue
        for group in found:
            if group not in groups:
                groups.append(group)
        if tuple(sorted(groups)) != tuple(sorted(GROUPS)):
            raise ImportError_(
                f"the header names {', '.join(g.title() for g in groups)}: the table by country has "
                "Total, Exports and Imports",
                line.number,
            )
        break
    if not groups:
        groups = list(GROUPS)
    sub: list[str] = []
    for line in header:
        if not _CUMULATIVE.search(line.text) or _UNIT.search(line.text):
            continue
        for match in _COLUMN.finditer(line.text):
            found = int(match["cum"] or match["month"])
            if found != month:
                column = f"1to{found}" if match["cum"] else str(found)
                raise ImportError_(
                    f"the header's column '{column}' is not the title's month ({month})",
                    line.number,
                )
            side = "cum" if match["cum"] else "month"
            if side not in sub:
                sub.append(side)
        break
    if len(sub) != 2:
        sub = ["month", "cum"]
    return tuple((group, side) for group in groups for side in sub)


def _group(word: str) -> str:
    word = word.lower()
    if word == "total" or ("export" in word and "import" in word):
        return "total"
    return "exports" if "export" in word else "imports"


def layout(lines: list[Line]) -> tuple[Layout, int]:
    """The title, unit and column order, and the index of the first row of figures."""
    start = find_title(lines)
    title = lines[start]
    year, month = title_month(title)
    first = next((i for i in range(start + 1, len(lines)) if kind(lines[i]) == "values"), None)
    if first is None:
        raise ImportError_("no rows of figures under the title", title.number)
    unit = find_unit(lines[:first], lines[first])
    header = [
        line
        for line in lines[start + 1 : first]
        if not _TITLE.search(line.text) and not _UNIT.search(line.text)
    ]
    return Layout(title, year, month, unit, column_order(header, month)), first


def read_number(cell: str, line: Line, what: str) -> Decimal | None:
    """The cell's digits as a Decimal (thousands separators dropped), or None for '-'."""
    if cell in NONE_CELLS:
        return None
    text = cell.replace("−", "-").replace("–", "-")
    text = text.removesuffix("%") if what == "change" else text
    if not _NUMBER.match(text) or sum(c.isdigit() for c in text) > MAX_DIGITS:
        raise ImportError_(f"{line.label or 'row'}: '{cell}' is not a number ({what})", line.number)
    return Decimal(text.replace(",", ""))


def scaled(value: Decimal, scale: int) -> Decimal:
    """The value in currency units, exactly (an inexact product is an error, never a rounding)."""
    with decimal.localcontext() as context:
        context.prec = 60
        context.traps[decimal.Inexact] = True
        result = value * scale
        if result == result.to_integral_value():
            result = result.quantize(Decimal(1))
    return result


def partner_code(name: str) -> str | None:
    """ISO alpha-3 for a name the table prints: the explicit table, then pycountry's exact names; None when
    unknown. The world for Total."""
    key = " ".join(name.split()).lower().rstrip("*").strip()
    if key in WORLD_NAMES:
        return WORLD
    if key in NAMES:
        return NAMES[key]
    for attribute in ("name", "official_name", "common_name"):
        country = pycountry.countries.get(**{attribute: key})
        if country is not None:
            return country.alpha_3
    return None


@dataclass(frozen=True)
class Row:
    line: Line
    name: str
    values: tuple[Decimal | None, ...]
    changes: tuple[Decimal | None, ...]


def data_rows(lines: list[Line], first: int) -> Iterator[Row]:
    """Each partner's row with its changes; the table ends at the first line that is not a row of figures,
    and a row of figures after that end is an error (a heading without figures inside the table)."""
    i, ended = first, None
    while i < len(lines):
        line, what = lines[i], kind(lines[i])
        i += 1
        if what == "blank":
            continue
        if ended is not None:
            if what == "values" and len(line.cells) >= VALUES:
                raise ImportError_(
                    f"{line.label}: a row of figures after the table ended at line {ended.number} "
                    f"('{ended.text}')",
                    line.number,
                )
            continue
        if what == "other":
            ended = line
            continue
        if what == "changes":
            raise ImportError_("a row of changes with no row of values above it", line.number)
        cells = line.cells
        if len(cells) == 2 * VALUES:
            values, changes = cells[:VALUES], cells[VALUES:]
        elif len(cells) == VALUES:
            values, changes = cells, ("",) * VALUES
            following = next((j for j in range(i, len(lines)) if kind(lines[j]) != "blank"), None)
            if following is not None and kind(lines[following]) == "changes":
                changes = change_cells(lines[following])
                if len(changes) != VALUES:
                    raise ImportError_(
                        f"{line.label}: {len(changes)} changes under {VALUES} values",
                        lines[following].number,
                    )
                i = following + 1
        else:
            raise ImportError_(
                f"{line.label}: {len(cells)} figures where the table has {VALUES} (Total, Exports "
                f"and Imports, each for the month and the year so far) or {2 * VALUES} with the changes",
                line.number,
            )
        yield Row(
            line,
            line.label,
            tuple(read_number(c, line, "value") for c in values),
            tuple(read_number(c, line, "change") for c in changes),
        )


def ulp(value: Decimal) -> Decimal:
    """One unit of the last place printed."""
    return Decimal(1).scaleb(value.as_tuple().exponent)


def check_total(row: Row, columns: dict, side: str, label: str) -> None:
    """Exports + imports make the total within rounding (each printed figure within half its last place)."""
    total, exports, imports = (columns[(g, side)] for g in GROUPS)
    if None in (total, exports, imports):
        return
    allowed = max(ulp(total), ulp(exports), ulp(imports)) * Decimal("1.5")
    if abs(exports + imports - total) > allowed:
        raise ImportError_(
            f"{row.name}: exports {exports} + imports {imports} = {exports + imports}, not the total "
            f"{total} ({label}): a column read in the wrong place?",
            row.line.number,
        )


def check_month_within_year(row: Row, columns: dict, month: int) -> None:
    """The month is part of the year so far: a month's value above its 1toN is a swapped column."""
    for group in GROUPS:
        this, so_far = columns[(group, "month")], columns[(group, "cum")]
        if this is not None and so_far is not None and this > so_far:
            raise ImportError_(
                f"{row.name}: {group} for the month ({this}) exceed those for 1to{month} ({so_far}): "
                "the month and 1toN columns read the wrong way round?",
                row.line.number,
            )


def records_of(row: Row, partner: str, shape: Layout) -> list[Record]:
    values = dict(zip(shape.order, row.values, strict=True))
    changes = dict(zip(shape.order, row.changes, strict=True))
    columns = {"month": str(shape.month), "cum": f"1to{shape.month}"}
    periods = {
        "month": format_period_text((shape.year, shape.month), (shape.year, shape.month)),
        "cum": format_period_text((shape.year, 1), (shape.year, shape.month)),
    }
    for side in ("month", "cum"):
        check_total(row, values, side, columns[side])
    check_month_within_year(row, values, shape.month)
    sides = ("month",) if shape.month == 1 else ("month", "cum")  # 1to1 is the month itself
    records = []
    for flow in ("exports", "imports"):
        for side in sides:
            value = values[(flow, side)]
            if value is None:
                continue
            records.append(
                Record(
                    reporter=REPORTER,
                    partner=partner,
                    flow=flow,
                    period=periods[side],
                    value=scaled(value, shape.unit.scale),
                    currency=shape.unit.currency,
                    valuation=VALUATION[flow],
                    change=changes[(flow, side)],
                    key=f"{row.name}, {flow.title()} {columns[side]}",
                )
            )
    return records


def interpret(lines: list[Line], file: str, digest: str) -> CustomsTable:
    shape, first = layout(lines)
    records: list[Record] = []
    skipped: list[Skipped] = []
    seen: dict[str, Row] = {}
    for row in data_rows(lines, first):
        name = " ".join(row.name.split())
        if name.lower().rstrip("*").strip() in AGGREGATES:
            skipped.append(Skipped(row.line.number, name, "a regional aggregate, not a country"))
            continue
        partner = partner_code(name)
        if partner is None:
            raise ImportError_(
                f"unknown country or region '{name}': add its customs spelling to "
                "customs.NAMES, or to AGGREGATES if it is not a country",
                row.line.number,
            )
        if partner in seen:
            raise ImportError_(
                f"{name}: a second row for {partner} (the first is '{seen[partner].name}' on line "
                f"{seen[partner].line.number})",
                row.line.number,
            )
        seen[partner] = row
        found = records_of(row, partner, shape)
        if not found:
            skipped.append(Skipped(row.line.number, name, "no figures"))
        records += found
    return CustomsTable(
        database=DATABASE,
        dataset=f"{shape.title.text} (Unit: {shape.unit.text})",
        publisher=PUBLISHER,
        title=shape.title.text,
        file=file,
        digest=digest,
        records=tuple(records),
        skipped=tuple(skipped),
    )


def read_table(path: str, raw: bytes) -> Table:
    """A saved customs table by country (its text, CSV or HTML) -> its records and provenance."""
    text = decode(raw)
    lines = lines_of(form_of(path, text), text)
    return interpret(lines, Path(path).name, hashlib.sha256(raw).hexdigest())
