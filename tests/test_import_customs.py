"""China's customs table by country (ingest.customs.read_table): one saved table in its three forms (the page's
text, CSV, HTML) gives the same records; units, periods and changes exact; every refusal names its line.

The fixtures (tests/fixtures/customs/) are the December 2024 table in the customs layout, with published
figures padded to thousands of dollars (see the comment at the top of each). Rows built by the tests below
for the error cases and units hold fictional round figures.
"""

from __future__ import annotations

import csv
import hashlib
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import run_cli
from tradebriefs.ingest.customs import CustomsTable, partner_code, read_table
from tradebriefs.ingest.tables import ImportError_, Record, Table

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "customs"
FORMS = ("country-2024-12.txt", "country-2024-12.csv", "country-2024-12.html")
TITLE = "(7) Imports and Exports by Country (Region), 12. 2024"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def read(name: str, raw: bytes | None = None) -> Table:
    return read_table(str(FIXTURES / name), fixture(name) if raw is None else raw)


def edited(name: str, old: str, new: str) -> bytes:
    text = fixture(name).decode()
    assert old in text, f"{old!r} not in {name}"
    return text.replace(old, new).encode()


def line_of(name: str, needle: str) -> int:
    """The 1-based number of the fixture's first line holding needle, outside the comment at its top."""
    lines = fixture(name).decode().splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line and not line.startswith("#"))


def record(partner, flow, period, value, change=None, key=""):
    return Record(
        reporter="CHN",
        partner=partner,
        flow=flow,
        period=period,
        value=Decimal(value),
        currency="USD",
        valuation={"exports": "FOB", "imports": "CIF"}[flow],
        change=None if change is None else Decimal(change),
        key=key,
    )


# What the December 2024 fixture holds: the values in dollars (thousands times 1,000), the month's period and
# the year's (1to12 is the whole of 2024), the y/y changes where printed. Turnover (the Total column) is no
# record; the world's month and the other partners' figures are "-" in the fixture.
EXPECTED = (
    record("WLD", "exports", "2024", "3577220000000", "5.9", "Total, Exports 1to12"),
    record("WLD", "imports", "2024", "2585060000000", "1.1", "Total, Imports 1to12"),
    record("RUS", "exports", "2024-12", "11300000000", None, "Russian Federation, Exports 12"),
    record("RUS", "exports", "2024", "115490000000", "4.1", "Russian Federation, Exports 1to12"),
    record("RUS", "imports", "2024-12", "10670000000", None, "Russian Federation, Imports 12"),
    record("RUS", "imports", "2024", "129320000000", None, "Russian Federation, Imports 1to12"),
)


@pytest.mark.parametrize("name", FORMS)
def test_each_form_gives_the_tables_records(name):
    assert read(name).records == EXPECTED


def test_the_three_forms_agree_record_for_record():
    tables = [read(name) for name in FORMS]
    assert tables[0].records == tables[1].records == tables[2].records
    assert {t.title for t in tables} == {TITLE}
    # the lines differ by form; the rows skipped do not
    assert len({tuple(s.name for s in t.skipped) for t in tables}) == 1


def test_values_are_exact_dollars_and_changes_the_printed_text():
    rus = {(r.flow, r.period): r for r in read(FORMS[0]).records if r.partner == "RUS"}
    exports = rus[("exports", "2024")]
    assert exports.value == 115_490_000 * 1000 and str(exports.value) == "115490000000"
    assert str(exports.change) == "4.1" and exports.change.as_tuple().exponent == -1
    assert rus[("imports", "2024")].change is None  # "-" is no change, not zero
    assert rus[("exports", "2024-12")].period == "2024-12"


def test_provenance_of_the_file():
    raw = fixture(FORMS[1])
    table = read_table("some/where/" + FORMS[1], raw)
    assert isinstance(table, Table) and isinstance(table, CustomsTable)
    assert table.database == "China's General Administration of Customs"
    assert table.publisher == "General Administration of Customs of the People's Republic of China"
    assert table.file == FORMS[1]
    assert table.digest == hashlib.sha256(raw).hexdigest()
    assert table.dataset == TITLE + " (Unit: US$1,000)"


@pytest.mark.parametrize("name", FORMS)
def test_regions_and_rows_without_figures_are_skipped_and_listed(name):
    skipped = {s.name: s.reason for s in read(name).skipped}
    for region in ("Asia", "Europe", "European Union", "Latin America", "North America"):
        assert skipped[region] == "a regional aggregate, not a country"
    for country in ("Germany", "Brazil", "United States"):
        assert skipped[country] == "no figures"
    first = read(name).skipped[0]
    assert first.line == line_of(name, "Asia") and str(first).startswith(f"line {first.line}: Asia")


# Tables built here: fictional round figures (thousands), in the page-text layout.


def text_table(
    rows,
    title=TITLE,
    unit="Unit: US$1,000",
    columns="12 1to12 12 1to12 12 1to12",
    header="Country (Region)  Total  Exports  Imports",
) -> bytes:
    lines = [title, unit, header, columns]
    for name, values, changes in rows:
        lines.append(name + "  " + "  ".join(values))
        if changes is not None:
            lines.append(" ".join(changes))
    return "\n".join(line for line in lines if line is not None).encode()


FICTIONAL = ("Germany", ("3,000", "30,000", "2,000", "20,000", "1,000", "10,000"), ("-",) * 6)


def built(*rows, **layout) -> Table:
    return read_table("table.txt", text_table(rows or [FICTIONAL], **layout))


@pytest.mark.parametrize(
    ("unit", "currency", "dollars"),
    [
        ("Unit: US$1,000", "USD", "20000000"),
        ("Unit: US$ 1,000", "USD", "20000000"),
        ("Unit: USD 1,000", "USD", "20000000"),
        ("Unit: US$ million", "USD", "20000000000"),
        ("Unit: CNY 100 million", "CNY", "2000000000000"),
        ("Unit: RMB 100 million", "CNY", "2000000000000"),
    ],
)
def test_the_unit_line_scales_every_value_exactly(unit, currency, dollars):
    exports = next(
        r for r in built(unit=unit).records if r.flow == "exports" and r.period == "2024"
    )
    assert (exports.currency, exports.value) == (currency, Decimal(dollars))


def test_yuan_tables_with_decimals_scale_without_rounding():
    row = ("Germany", ("3.3", "30.3", "2.2", "20.2", "1.1", "10.1"), ("-",) * 6)
    records = built(row, unit="Unit: CNY 100 million").records
    assert [str(r.value) for r in records] == ["220000000", "2020000000", "110000000", "1010000000"]
    long = ("Germany", ("-", "-", "-", "123,456,789,012,345,678,901,234,567", "-", "-"), None)
    (big,) = built(long).records
    assert big.value == Decimal("123456789012345678901234567000")  # 30 digits: no 28-digit rounding


@pytest.mark.parametrize(
    "title", [TITLE, "(7) Imports and Exports by Country (Region), December 2024"]
)
def test_the_titles_month_sets_both_periods(title):
    periods = {(r.flow, r.period) for r in built(title=title).records}
    assert periods == {(f, p) for f in ("exports", "imports") for p in ("2024-12", "2024")}


def test_a_month_before_december_gives_a_span_from_january():
    title = "(7) Imports and Exports by Country (Region), November 2024"
    periods = [r.period for r in built(title=title, columns="11 1to11 11 1to11 11 1to11").records]
    assert periods == ["2024-11", "2024-01/2024-11", "2024-11", "2024-01/2024-11"]


def test_the_column_order_is_read_from_the_header():
    row = (
        "Germany",
        ("2,000", "20,000", "1,000", "10,000", "3,000", "30,000"),
        ("1", "2", "3", "4", "5", "6"),
    )
    records = built(row, header="Country (Region)  Exports  Imports  Total").records
    values = {(r.flow, r.period): (r.value, r.change) for r in records}
    assert values[("exports", "2024")] == (Decimal("20000000"), Decimal("2"))
    assert values[("imports", "2024-12")] == (Decimal("1000000"), Decimal("3"))


def test_rounding_lets_exports_plus_imports_miss_the_total_by_one_unit():
    row = ("Germany", ("3,000", "30,000", "2,001", "20,000", "1,000", "10,001"), ("-",) * 6)
    assert len(built(row).records) == 4


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Russian Federation", "RUS"),
        ("Korea, Rep.", "KOR"),
        ("Republic of Korea", "KOR"),
        ("Hong Kong, China", "HKG"),
        ("Taiwan, China", "TWN"),
        ("Viet Nam", "VNM"),
        ("United  States", "USA"),
        ("Germany", "DEU"),
        ("Brazil", "BRA"),
        ("Total", "WLD"),
        ("TOTAL", "WLD"),
        ("Russia Fed.", None),  # nothing fuzzy: an unknown spelling is no guess
        ("Freedonia", None),
    ],
)
def test_country_names_map_to_alpha_3(name, expected):
    assert partner_code(name) == expected


def test_tab_separated_text_as_a_browser_copies_it():
    """Copying the page's table gives its cells separated by tabs, the change row starting with an empty cell."""
    lines = [TITLE, "Unit: US$1,000", "Country (Region)\tTotal\t\tExports\t\tImports"]
    lines.append("\t12\t1to12\t12\t1to12\t12\t1to12")
    for cells in csv.reader(fixture(FORMS[1]).decode().splitlines()):
        if cells[0] in ("Total", "Russian Federation"):
            lines += ["\t".join(cells[:7]), "\t" + "\t".join(cells[7:])]
    assert read_table("copied.txt", "\n".join(lines).encode()).records == EXPECTED
    # a spreadsheet's "Unicode text" is the same, in UTF-16 with its byte-order mark
    assert read_table("saved.txt", "\n".join(lines).encode("utf-16")).records == EXPECTED


def test_a_spreadsheets_csv_with_padded_rows_and_an_unquoted_unit():
    raw = edited(FORMS[1], f'"{TITLE}"', f'"{TITLE}",,,,,,,,,,,,').decode()
    raw = raw.replace('"Unit: US$1,000"', "Unit: US$1,000,,,,,,,,,,,")
    assert read(FORMS[1], raw.encode()).records == EXPECTED


def test_html_with_the_title_and_unit_in_the_table_inside_a_layout_table():
    cells = "".join(f"<td>{c}</td>" for c in FICTIONAL[1])
    html = f"""<html><body><table><tr><td>Menu</td></tr><tr><td>
<table><tr><td colspan="7">(7) Imports and Exports by Country (Region), Dec. 2024</td></tr>
<tr><td colspan="7">Unit: US$ million</td></tr>
<tr><th rowspan="2">Country (Region)</th><th colspan="2">Imports &amp; Exports</th>
<th colspan="2">Exports</th><th colspan="2">Imports</th></tr>
<tr><th>12</th><th>1to12</th><th>12</th><th>1to12</th><th>12</th><th>1to12</th></tr>
<tr><td>Korea, Rep.</td>{cells}</tr>
<tr><td></td><td>-</td><td>-</td><td>-</td><td>-7.5</td><td>-</td><td>-</td></tr>
</table></td></tr><tr><td>Tel 1 2 3 4 5 6 7</td></tr></table></body></html>"""
    records = read_table("saved", html.encode()).records
    assert [(r.partner, r.flow, r.period, r.value, r.change) for r in records] == [
        ("KOR", "exports", "2024-12", Decimal("2000000000"), None),
        ("KOR", "exports", "2024", Decimal("20000000000"), Decimal("-7.5")),
        ("KOR", "imports", "2024-12", Decimal("1000000000"), None),
        ("KOR", "imports", "2024", Decimal("10000000000"), None),
    ]


# Refusals, each with the line to look at.


@pytest.mark.parametrize("name", FORMS)
def test_an_unknown_country_names_its_line(name):
    raw = edited(name, "Germany", "Freedonia")
    with pytest.raises(ImportError_, match="unknown country or region 'Freedonia'") as error:
        read(name, raw)
    assert error.value.line == line_of(name, "Germany")


@pytest.mark.parametrize("name", FORMS)
def test_exports_plus_imports_must_make_the_total(name):
    raw = edited(name, "244,810,000", "245,810,000")  # fictional: the row's total off by a million
    with pytest.raises(
        ImportError_, match="Russian Federation: exports 115490000 \\+ imports"
    ) as error:
        read(name, raw)
    assert "not the total 245810000 (1to12)" in str(error.value)
    assert error.value.line == line_of(name, "Russian")


@pytest.mark.parametrize("name", FORMS)
def test_a_missing_unit_line_is_refused(name):
    raw = edited(name, "Unit: US$1,000", "")
    with pytest.raises(ImportError_, match="no unit line") as error:
        read(name, raw)
    assert error.value.line == line_of(name, "6,162,280,000")  # the first row of figures


@pytest.mark.parametrize("name", FORMS)
def test_a_title_without_a_month_is_refused(name):
    raw = edited(name, ", 12. 2024", ", 2024")
    with pytest.raises(ImportError_, match="the title gives no month") as error:
        read(name, raw)
    assert error.value.line == line_of(name, "(7) Imports and Exports")


def test_another_customs_table_is_refused():
    title = "(5) Imports and Exports by Customs Regime, 12. 2019"
    with pytest.raises(ImportError_, match="not the table by country") as error:
        built(title=title)
    assert error.value.line == 1


def test_a_header_for_another_month_is_refused():
    with pytest.raises(
        ImportError_, match="column '11' is not the title's month \\(12\\)"
    ) as error:
        built(columns="11 1to11 11 1to11 11 1to11")
    assert error.value.line == 4


def test_month_and_year_columns_swapped_are_refused():
    row = ("Germany", ("30,000", "3,000", "20,000", "2,000", "10,000", "1,000"), ("-",) * 6)
    with pytest.raises(ImportError_, match="the wrong way round"):
        built(row)


def test_a_row_with_a_column_missing_is_refused():
    row = ("Germany", ("3,000", "30,000", "2,000", "20,000", "1,000"), ("-",) * 5)
    with pytest.raises(ImportError_, match="5 figures where the table has 6") as error:
        built(row)
    assert error.value.line == 5


def test_a_misprinted_number_is_refused():
    row = ("Germany", ("3,000", "30,000", "2,000", "2,00,000", "1,000", "10,000"), ("-",) * 6)
    with pytest.raises(ImportError_, match="'2,00,000' is not a number"):
        built(row)


def test_two_rows_for_one_country_are_refused():
    other = ("Korea, Rep.", FICTIONAL[1], FICTIONAL[2])
    with pytest.raises(ImportError_, match="a second row for KOR") as error:
        built(("Republic of Korea", FICTIONAL[1], FICTIONAL[2]), other)
    assert error.value.line == 7


def test_a_row_of_figures_after_the_table_ended_is_refused():
    rows = [
        FICTIONAL,
        ("Heading without figures", (), None),
        ("Brazil", FICTIONAL[1], FICTIONAL[2]),
    ]
    raw = text_table(rows).replace(b"Heading without figures  ", b"Heading without figures")
    with pytest.raises(
        ImportError_, match="Brazil: a row of figures after the table ended at line 7"
    ):
        read_table("table.txt", raw)


# End to end: `tradebriefs import customs FILE...` writes the records as figures that check.


def test_the_command_imports_each_form_to_the_same_figures(data_copy):
    files = [str(FIXTURES / name) for name in FORMS]
    first = run_cli("import", "customs", "--data", str(data_copy), files[0])
    assert first.returncode == 0, first.stderr
    assert "6 added" in first.stdout
    written = data_copy / "facts" / "imported" / "gacc-chn.yaml"
    text = written.read_text()
    assert 'id: "gacc-chn-rus-exports-2024"' in text and "value: 115.49" in text
    assert 'unit: "USD billion"' in text and "change: 4.1" in text
    assert 'record: "Russian Federation, Exports 1to12"' in text
    again = run_cli("import", "customs", "--data", str(data_copy), *files[1:])
    assert again.returncode == 0, again.stderr
    assert again.stdout.count("0 added, 0 revised, 6 unchanged") == 2
    checked = run_cli("check", "--data", str(data_copy))
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_command_names_the_line_of_a_refused_row_and_writes_nothing(data_copy, tmp_path):
    bad = tmp_path / "table.txt"
    bad.write_bytes(edited(FORMS[0], "Germany", "Freedonia"))
    result = run_cli("import", "customs", "--data", str(data_copy), str(bad))
    assert result.returncode == 1
    line = line_of(FORMS[0], "Germany")
    assert f"{bad}:{line}:1: error: unknown country or region 'Freedonia'" in result.stderr
    assert not (data_copy / "facts" / "imported").exists()
