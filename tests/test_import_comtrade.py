"""`tradebriefs import comtrade`: UN Comtrade files into data/facts/imported/, exact, with provenance, idempotent.

The main fixture is a real API response (tests/fixtures/comtrade/HS-60a6ad.json, see the README there); its
CSV, TSV and gzipped forms are written from it by make_forms.py.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import SEED, run_cli
from tradebriefs.facts.pipeline import check_data
from tradebriefs.ingest.comtrade import read_table
from tradebriefs.ingest.tables import (
    ImportError_,
    Selection,
    parse_selection,
    scaled,
    write_table,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "comtrade"
JSON_FILE = FIXTURES / "HS-60a6ad.json"
# The fact file the JSON gives, imported on DAY into a data folder with no imported file yet.
EXPECTED = FIXTURES / "comtrade-chn.yaml"
DAY = dt.date(2026, 12, 5)
IMPORTED = Path("facts/imported/comtrade-chn.yaml")


@pytest.fixture
def data(tmp_path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(SEED, folder)
    return folder


def import_file(path: Path, data: Path, day: dt.date = DAY, selection=Selection()):
    return write_table(read_table(path, path.read_bytes(), selection), data, day)


def json_text() -> str:
    return JSON_FILE.read_text(encoding="utf-8")


def table_of(text: str, selection=Selection(), name: str = "response.json"):
    return read_table(name, text.encode("utf-8"), selection)


def records_of(text: str) -> list[dict]:
    return json.loads(text)["data"]


def with_records(records: list[dict]) -> str:
    """A response holding these records, laid out as the API lays them out (one key a line)."""
    doc = {"elapsedTime": "0.21 secs", "count": len(records), "data": records, "error": ""}
    return json.dumps(doc, indent=4)


def place_of(text: str, key: str, record: int) -> tuple[int, int]:
    """Line and column of `key` in the record-th record of an indented response."""
    starts = [m.start() for m in re.finditer(r"^ {8}\{", text, re.MULTILINE)]
    offset = text.index(f'"{key}"', starts[record])
    before = text[:offset]
    return before.count("\n") + 1, offset - before.rfind("\n")


def refusal(text: str, selection=Selection()) -> ImportError_:
    with pytest.raises(ImportError_) as caught:
        table_of(text, selection)
    return caught.value


# The forms of one response


def test_the_committed_forms_are_what_make_forms_writes():
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_forms", FIXTURES / "make_forms.py")
    make_forms = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_forms)
    for name, data in make_forms.forms().items():
        committed = (FIXTURES / name).read_bytes()
        if name.endswith(".gz"):  # zlib's bytes may differ between versions; the content may not
            committed, data = gzip.decompress(committed), gzip.decompress(data)
        assert committed == data, name


def test_the_json_gives_the_expected_fact_file_and_it_passes_check(data):
    report = import_file(JSON_FILE, data)
    assert (data / IMPORTED).read_text(encoding="utf-8") == EXPECTED.read_text(encoding="utf-8")
    assert [(c.kind, c.figure) for c in report.changes] == [
        ("added", "comtrade-chn-arg-imports-2010"),
        ("added", "comtrade-chn-deu-imports-2010"),
        ("added", "comtrade-chn-arg-exports-2010"),
        ("added", "comtrade-chn-deu-exports-2010"),
    ]
    checked, findings = check_data(data)
    assert [f for f in findings if f.severity == "error"] == []
    figure = checked.catalog.figures["comtrade-chn-arg-imports-2010"]
    # 6804128143.0 dollars, every digit kept, in the largest scale with at most six decimals.
    assert (figure.value, str(figure.unit)) == (Decimal("6804.128143"), "USD million")
    assert (figure.valuation, figure.record) == ("CIF", "C/A/HS 2010 156 M 32 TOTAL")
    assert checked.catalog.figures["comtrade-chn-deu-exports-2010"].valuation == "FOB"
    source = checked.catalog.sources[figure.source]
    assert source.is_table
    assert (source.database, source.dataset, source.file) == (
        "UN Comtrade",
        "C/A/HS (H3)",
        "HS-60a6ad.json",
    )
    assert source.digest == hashlib.sha256(JSON_FILE.read_bytes()).hexdigest()
    assert (source.imported, source.published) == (DAY, DAY)
    assert (
        figure.source == "comtrade-chn-hs-60a6ad"
    )  # named by its file: a re-import is the same source


def provenance_free(text: str, path: Path) -> str:
    """The fact file with the three values that name the file it came from taken out: its name, its
    digest and the source id made from the file's name."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert f'    file: "{path.name}"\n' in text and f'    digest: "{digest}"\n' in text
    ident = "comtrade-chn-" + re.sub(r"[^a-z0-9]+", "-", path.name.split(".")[0].lower()).strip("-")
    assert text.count(f'"{ident}"') == 5  # the source and its four figures
    return (
        text.replace(path.name, "FILE").replace(digest, "DIGEST").replace(f'"{ident}"', '"SOURCE"')
    )


@pytest.mark.parametrize("form", ["json", "csv", "tsv", "json.gz", "csv.gz", "tsv.gz"])
def test_every_form_imports_to_the_same_fact_file(data, tmp_path, form):
    """JSON, the CSV export and the bulk TSV, gzipped or not (found by the magic bytes, not the name):
    byte for byte the same figures; only the provenance of the file differs."""
    path = FIXTURES / f"HS-60a6ad.{form}"
    if form in ("csv.gz", "tsv.gz"):
        path = tmp_path / f"HS-60a6ad.{form}"
        path.write_bytes(gzip.compress((FIXTURES / path.stem).read_bytes(), mtime=0))
    import_file(path, data)
    got = (data / IMPORTED).read_text(encoding="utf-8")
    assert provenance_free(got, path) == provenance_free(EXPECTED.read_text("utf-8"), JSON_FILE)


def test_a_gzipped_file_is_found_by_its_bytes_not_its_name(data, tmp_path):
    path = tmp_path / "download.json"
    path.write_bytes(gzip.compress(JSON_FILE.read_bytes(), mtime=0))
    assert [r.value for r in read_table(path, path.read_bytes()).records] == [
        r.value for r in read_table(JSON_FILE, JSON_FILE.read_bytes()).records
    ]
    broken = tmp_path / "broken.json.gz"
    broken.write_bytes(path.read_bytes()[:40])
    with pytest.raises(ImportError_, match="gzip file cannot be read"):
        read_table(broken, broken.read_bytes())


# Importing again


def test_a_second_import_changes_nothing_even_on_a_later_day(data):
    import_file(JSON_FILE, data)
    first = (data / IMPORTED).read_bytes()
    report = import_file(JSON_FILE, data, day=DAY + dt.timedelta(days=30))
    assert (data / IMPORTED).read_bytes() == first  # the day first imported is kept
    assert report.written == () and {c.kind for c in report.changes} == {"unchanged"}


def test_a_partial_import_then_the_rest_gives_the_whole_file(data):
    import_file(JSON_FILE, data, selection=parse_selection(partner="ARG"))
    assert "comtrade-chn-deu" not in (data / IMPORTED).read_text(encoding="utf-8")
    report = import_file(JSON_FILE, data, selection=parse_selection(partner="DEU"))
    assert (data / IMPORTED).read_bytes() == EXPECTED.read_bytes()
    assert sorted(c.figure for c in report.changes if c.kind == "added") == [
        "comtrade-chn-deu-exports-2010",
        "comtrade-chn-deu-imports-2010",
    ]


def edited_response(tmp_path: Path) -> Path:
    """The response with China's imports from Argentina revised by one dollar."""
    text = json_text()
    assert text.count("6804128143.0") == 2  # cifvalue and primaryValue
    path = tmp_path / "downloaded-again" / "HS-60a6ad.json"  # the same query, saved again
    path.parent.mkdir(exist_ok=True)
    path.write_text(text.replace("6804128143.0", "6804128144.0"), encoding="utf-8")
    return path


def test_an_edited_value_is_a_revision_and_the_data_still_checks(data, tmp_path):
    import_file(JSON_FILE, data)
    revised = edited_response(tmp_path)
    later = DAY + dt.timedelta(days=1)
    report = import_file(revised, data, day=later)
    assert (
        "  revised comtrade-chn-arg-imports-2010: 6804.128143 USD million (CIF) -> "
        in "\n".join(report.lines())
    )
    assert [c.kind for c in report.changes].count("revised") == 1
    text = (data / IMPORTED).read_text(encoding="utf-8")
    assert "value: 6804.128144\n" in text and "6804.128143" not in text
    # The file saved again under its name is the same source, with the new file's digest: only the
    # revised figure changes, not every figure's source.
    digest = hashlib.sha256(revised.read_bytes()).hexdigest()
    assert f'digest: "{digest}"' in text and text.count('source: "comtrade-chn-hs-60a6ad"') == 4
    assert text.count('  - id: "comtrade-chn-') == 5 and f'imported: "{later}"' in text
    result = run_cli("check", "--data", str(data))
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[-1].endswith(" 0 errors")


def test_figures_of_other_partners_stay_when_a_file_gives_only_some(data, tmp_path):
    import_file(JSON_FILE, data)
    revised = edited_response(tmp_path)
    import_file(revised, data, selection=parse_selection(partner="ARG", flow="M"))
    text = (data / IMPORTED).read_text(encoding="utf-8")
    # The file saved again under its name is one source (now with the later file's digest); the figures
    # the selection left out keep their values.
    assert text.count('  - id: "comtrade-chn-') == 5
    assert "value: 6804.128144\n" in text and "value: 74251.272075\n" in text
    assert [f for f in check_data(data)[1] if f.severity == "error"] == []


def test_nothing_outside_data_facts_imported_is_touched(data):
    before = {p: p.read_bytes() for p in data.rglob("*") if p.is_file()}
    import_file(JSON_FILE, data)
    after = {p: p.read_bytes() for p in data.rglob("*") if p.is_file()}
    assert {p for p in after if after[p] != before.get(p)} == {data / IMPORTED}


def test_turnover_and_balance_are_never_written(data):
    from dataclasses import replace

    table = read_table(JSON_FILE, JSON_FILE.read_bytes())
    turnover = replace(table.records[0], flow="turnover")
    with pytest.raises(ImportError_, match="flow turnover: only exports and imports are imported"):
        write_table(replace(table, records=(turnover,)), data, DAY)
    assert not (data / "facts/imported").exists()


def test_an_imported_folder_that_is_a_link_is_refused(data, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (data / "facts/imported").symlink_to(elsewhere)
    with pytest.raises(ImportError_, match="symbolic link"):
        import_file(JSON_FILE, data)
    assert list(elsewhere.iterdir()) == []


# Values, periods, codes


def test_values_are_read_from_their_digits_never_through_a_float():
    record = records_of(json_text())[0]
    text = with_records([record]).replace("6804128143.0", "9007199254740993")  # 2**53 + 1
    (got,) = table_of(text).records
    assert got.value == Decimal("9007199254740993")  # a float would have made it ...992
    # Sixteen digits are more than a fact file holds (models.MAX_DIGITS): refused, never rounded.
    with pytest.raises(ImportError_, match="beyond any trade figure"):
        scaled(got.value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("6804128143", ("6804.128143", "million")),
        ("6804128000", ("6.804128", "billion")),
        ("6804128143.5", ("6804128.1435", "thousand")),
        ("240110000000", ("240.11", "billion")),
    ],
)
def test_a_value_takes_the_largest_scale_that_keeps_its_digits(value, expected):
    got, scale = scaled(Decimal(value))
    assert (format(got, "f"), scale) == expected


def test_a_value_with_more_digits_than_a_fact_file_holds_is_refused():
    with pytest.raises(ImportError_, match="more than 6 decimals in thousands"):
        scaled(Decimal("0.0000001"))


def test_a_month_a_commodity_and_the_world():
    record = dict(records_of(json_text())[0])
    record |= {"freqCode": "M", "refMonth": 3, "period": "201003", "cmdCode": "1201"}
    record |= {"partnerCode": 0, "partnerISO": "W00", "partnerDesc": "World"}
    (got,) = table_of(with_records([record])).records
    assert (got.partner, got.period, got.commodity) == ("WLD", "2010-03", "1201")
    assert got.key == "C/M/HS 201003 156 M 0 1201"


def test_comtrades_own_country_codes_are_mapped_to_iso(tmp_path):
    record = dict(records_of(json_text())[0])
    record |= {"partnerCode": 842, "partnerISO": "USA"}
    assert table_of(with_records([record])).records[0].partner == "USA"


def test_imports_valued_fob_say_so():
    record = dict(records_of(json_text())[0])
    record |= {"cifvalue": None, "fobvalue": record["primaryValue"]}
    assert table_of(with_records([record])).records[0].valuation == "FOB"


def test_a_selection_picks_records_and_says_when_none_match():
    table = table_of(json_text(), parse_selection(partner="DEU", flow="X"))
    assert [(r.partner, r.flow) for r in table.records] == [("DEU", "exports")]
    error = refusal(json_text(), parse_selection(period="2011"))
    assert str(error) == "no record matches the selection (--period 2011)"


# Refusals, each with its place


def test_an_empty_result_is_refused():
    error = refusal('{"elapsedTime": "0.1 secs", "count": 0, "data": [], "error": ""}')
    assert (str(error), error.line, error.col) == ("the query returned no records", 1, 29)


def test_an_empty_csv_is_refused():
    header = (FIXTURES / "HS-60a6ad.csv").read_text(encoding="utf-8").splitlines()[0]
    with pytest.raises(ImportError_, match="the query returned no records"):
        read_table("empty.csv", (header + "\n").encode())


def test_the_apis_error_is_shown():
    text = '{\n"count": 0,\n"data": [],\n"error": "Invalid subscription key"\n}'
    error = refusal(text)
    assert (str(error), error.line, error.col) == (
        "the API returned an error: Invalid subscription key",
        4,
        1,
    )


@pytest.mark.parametrize(
    ("change", "key", "message"),
    [
        ({"isAggregate": True}, "isAggregate", "record is an aggregate (isAggregate: true)"),
        ({"isReported": False}, "isReported", "record is an estimate (isReported: false)"),
        (
            {
                "partnerCode": 280,
                "partnerISO": "DEU",
                "partnerDesc": "Fed. Rep. of Germany (...1990)",
            },
            "partnerCode",
            "partnerCode 280 is the Federal Republic of Germany, until 1990: a historical code with no "
            "ISO 3166-1 alpha-3 code today",
        ),
        (
            {"partnerCode": 899, "partnerISO": "_X ", "partnerDesc": "Areas, nes"},
            "partnerCode",
            "partnerCode 899 (Areas, nes) has no ISO 3166-1 alpha-3 code",
        ),
        (
            {"reporterCode": 810, "reporterISO": "SUN"},
            "reporterCode",
            "reporterCode 810 is the USSR, until 1990",
        ),
        ({"flowCode": "RX", "flowDesc": "Re-export"}, "flowCode", "flowCode RX (re-exports)"),
        ({"flowCode": "RM", "flowDesc": "Re-import"}, "flowCode", "flowCode RM (re-imports)"),
        ({"cmdCode": "12A"}, "cmdCode", "cmdCode '12A': expected TOTAL or an HS code"),
        (
            {"classificationCode": "H5"},
            "classificationCode",
            "mixed classifications: H5 here, H3 at line 5",
        ),
        ({"typeCode": "S"}, "typeCode", "typeCode S: only trade in goods (C) is imported"),
    ],
)
def test_a_record_a_fact_file_cannot_hold_is_refused_at_its_place(change, key, message):
    records = records_of(json_text())
    records[2] |= change  # China's exports to Argentina
    text = with_records(records)
    error = refusal(text)
    assert str(error).startswith(message), str(error)
    assert (error.line, error.col) == place_of(text, key, 2)


def test_re_exports_left_out_by_the_selection_are_not_refused():
    records = records_of(json_text())
    records.append(records[2] | {"flowCode": "RX", "flowDesc": "Re-export"})
    table = table_of(with_records(records), parse_selection(flow="X,M"))
    assert len(table.records) == 4


def test_a_historical_partner_left_out_by_the_selection_is_not_refused():
    records = records_of(json_text())
    records.append(records[2] | {"partnerCode": 280, "partnerISO": "DEU"})
    assert len(table_of(with_records(records), parse_selection(partner="ARG")).records) == 2


def test_duplicate_records_are_refused_with_both_lines():
    records = records_of(json_text())
    records.append(dict(records[2]))
    text = with_records(records)
    error = refusal(text)
    first = place_of(text, "typeCode", 2)[0] - 1  # the line of the record's `{`
    assert str(error) == (
        f"duplicate record: line {first} has the same reporter, partner, flow, period and commodity "
        "(the same record twice)"
    )
    assert error.line == place_of(text, "typeCode", 4)[0] - 1


def test_a_count_that_disagrees_with_the_data_is_refused():
    text = json_text().replace('"count": 4', '"count": 5')
    assert "count is 5 but data holds 4 records" in str(refusal(text))


def test_a_spreadsheets_rounded_value_is_refused():
    text = (FIXTURES / "HS-60a6ad.csv").read_text(encoding="utf-8")
    text = text.replace(",6804128143.0,0,true", ",6.80413E+09,0,true")
    with pytest.raises(ImportError_, match="exponent notation") as caught:
        read_table("rounded.csv", text.encode())
    assert (caught.value.line, caught.value.col) == (2, text.splitlines()[1].index("6.80413") + 1)


def test_a_file_that_is_not_comtrades_is_refused():
    with pytest.raises(ImportError_, match="expected UN Comtrade's columns; missing flowcode"):
        read_table("other.csv", b"year,partner,value\n2010,ARG,1\n")
    with pytest.raises(ImportError_, match="expected a UN Comtrade API response"):
        read_table("other.json", b'{"results": []}')
    with pytest.raises(ImportError_, match="invalid JSON") as caught:
        read_table("broken.json", b'{\n  "count": 1,\n  "data": [tru]\n}')
    assert caught.value.line == 3


def test_an_option_that_is_no_code_is_refused():
    from tradebriefs.core.errors import SettingError

    with pytest.raises(SettingError, match="--partner GERMANY: expected ISO 3166-1 alpha-3"):
        parse_selection(partner="GERMANY")
    with pytest.raises(SettingError, match="--commodity 120: expected TOTAL or an HS code"):
        parse_selection(commodity="120")
    with pytest.raises(SettingError, match="--flow RX: expected imports or exports"):
        parse_selection(flow="M,RX")


# The command


def test_the_command_imports_and_prints_the_report(data):
    result = run_cli(
        "import",
        "comtrade",
        str(JSON_FILE),
        "--data",
        str(data),
        env={"TRADEBRIEFS_TODAY": str(DAY)},
    )
    assert result.returncode == 0, result.stderr
    assert "added comtrade-chn-arg-imports-2010: 6804.128143 USD million (CIF)" in result.stdout
    assert (data / IMPORTED).read_bytes() == EXPECTED.read_bytes()
    again = run_cli("import", "comtrade", str(JSON_FILE), "--data", str(data))
    assert "0 added, 0 revised, 4 unchanged" in again.stdout


def test_the_command_refuses_a_bad_file_with_its_place_and_writes_nothing(data, tmp_path):
    records = records_of(json_text())
    records[1] |= {"partnerCode": 280}
    bad = tmp_path / "bad.json"
    bad.write_text(with_records(records), encoding="utf-8")
    # The good file is read first, the bad one second: nothing is written when one is refused.
    result = run_cli("import", "comtrade", str(JSON_FILE), str(bad), "--data", str(data))
    assert result.returncode == 1
    line, col = place_of(bad.read_text(encoding="utf-8"), "partnerCode", 1)
    assert result.stderr.startswith(f"{bad}:{line}:{col}: error: partnerCode 280 is the Federal")
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert not (data / "facts/imported").exists()


def test_a_record_of_one_mode_of_transport_is_not_imported_as_the_total(data, tmp_path):
    """A query for sea transport alone (motCode 2100) gives a part of the trade: importing it as the figure
    would publish a part as the whole."""
    path = tmp_path / "sea.json"
    path.write_text(json_text().replace('"motCode": 0', '"motCode": 2100'), encoding="utf-8")
    result = run_cli("import", "comtrade", str(path), "--data", str(data))
    assert result.returncode == 1
    assert "motCode 2100: the record is one part of the trade" in result.stderr
    assert "query motCode=0" in result.stderr


def test_a_value_beyond_any_trade_figure_is_refused_and_nothing_is_written(data, tmp_path):
    """A corrupt or misread file (1e400 dollars) never reaches a fact file, not even as an empty folder."""
    path = tmp_path / "huge.json"
    path.write_text(json_text().replace("6804128143.0", "1e400"), encoding="utf-8")
    before = sorted(p.relative_to(data) for p in data.rglob("*"))
    result = run_cli("import", "comtrade", str(path), "--data", str(data))
    assert result.returncode == 1
    assert "is beyond any trade figure" in result.stderr and "Traceback" not in result.stderr
    assert sorted(p.relative_to(data) for p in data.rglob("*")) == before
