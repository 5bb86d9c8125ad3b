"""Hostile and broken data files are refused with the exact error line, never with a traceback.

Each folder in tests/bad/ is a tiny data folder (facts/, briefs/) plus expected.txt: the error lines
`tradebriefs check` must print, exactly. To add a case, copy a folder, break one thing, and write the
line you expect to read before running the check.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from conftest import REPO, SEED, run_cli
from tradebriefs.facts.catalog import load_catalog
from tradebriefs.facts.load import MAX_FILE_BYTES, parse_document

BAD = Path(__file__).parent / "bad"
CASES = sorted(p.name for p in BAD.iterdir() if p.is_dir())
# The valid fact file each case breaks in one place: one source, one figure.
BASE_FACTS = """\
sources:
  - id: tass
    title: Russia has become one of China's foreign trade drivers
    publisher: TASS
    published: 2024-10-28
    url: https://tass.com/economy/1863483

figures:
  - id: cn-ru-exports-2023
    reporter: CHN
    partner: RUS
    flow: exports
    period: 2023
    value: 110.97
    unit: USD billion
    source: tass
"""


def copy_case(case: str, tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(BAD / case, data, ignore=shutil.ignore_patterns("expected.txt"))
    return data


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ": error: " in line]


def check(tmp_path: Path):
    """`tradebriefs check --data data`, run where paths print as data/..."""
    return run_cli("check", "--data", "data", cwd=tmp_path)


@pytest.mark.parametrize("case", CASES)
def test_bad_data_is_refused_with_the_expected_error(case, tmp_path):
    copy_case(case, tmp_path)
    expected = (BAD / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    result = check(tmp_path)
    assert "Traceback" not in result.stderr
    assert "internal error" not in result.stderr
    assert error_lines(result.stderr) == expected
    assert result.returncode == 1


def test_every_bad_case_has_an_expected_error():
    for case in CASES:
        expected = BAD / case / "expected.txt"
        assert expected.is_file() and expected.read_text(encoding="utf-8").strip(), (
            f"{case} has no expected.txt"
        )


def test_the_base_of_the_bad_cases_is_valid(tmp_path):
    (tmp_path / "data" / "facts").mkdir(parents=True)
    (tmp_path / "data" / "facts" / "trade.yaml").write_text(BASE_FACTS, encoding="utf-8")
    result = check(tmp_path)
    assert result.returncode == 0, result.stderr


def test_a_file_over_1_mib_is_refused_unread(tmp_path):
    facts = tmp_path / "data" / "facts"
    facts.mkdir(parents=True)
    padding = "# " + "x" * 78 + "\n"
    text = BASE_FACTS + padding * (MAX_FILE_BYTES // len(padding) + 1)
    (facts / "big.yaml").write_bytes(text.encode()[: MAX_FILE_BYTES + 1])
    result = check(tmp_path)
    assert error_lines(result.stderr) == [
        "data/facts/big.yaml:1:1: error: file is 1,048,577 bytes; fact files are limited to 1,048,576 bytes"
    ]
    assert result.returncode == 1


def test_a_1_gib_file_is_refused_after_reading_one_mib_of_it(tmp_path, monkeypatch):
    """A sparse 1 GiB file: refused with its real size, and no read asks for more than the limit plus one byte."""
    from tradebriefs.facts import load

    big = tmp_path / "big.yaml"
    with open(big, "wb") as out:
        out.truncate(1 << 30)
    asked = []
    real_open = open

    class Counting:
        def __init__(self, stream):
            self.stream = stream

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.stream.close()

        def read(self, size=-1):
            asked.append(size)
            return self.stream.read(size)

        def fileno(self):
            return self.stream.fileno()

    monkeypatch.setattr(load, "open", lambda *a, **k: Counting(real_open(*a, **k)), raising=False)
    doc, findings = load.read_document(big, "data/facts/big.yaml")
    assert doc is None
    assert [str(f) for f in findings] == [
        "data/facts/big.yaml:1:1: error: file is 1,073,741,824 bytes; fact files are limited to 1,048,576 bytes"
    ]
    assert asked == [MAX_FILE_BYTES + 1]


def test_an_alias_bomb_is_refused_before_it_expands():
    raw = (BAD / "alias-bomb" / "facts" / "trade.yaml").read_bytes()
    started = time.perf_counter()
    doc, findings = parse_document("trade.yaml", raw)
    assert doc is None and "alias" in findings[0].message
    assert time.perf_counter() - started < 1.0


def test_build_of_bad_data_writes_nothing(tmp_path):
    copy_case("value-not-a-number", tmp_path)
    config = str(REPO / "mkdocs.yml")  # the repository's project, building this data
    result = run_cli("build", "--data", "data", "--site", "site", "--config", config, cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (
        error_lines(result.stderr)
        == (BAD / "value-not-a-number" / "expected.txt").read_text().splitlines()
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "data"
    ]  # no site/, no staging folder left behind


# Good input that editors really produce must load as the same data.


def saved_as(data_dir: Path, transform) -> None:
    for file in data_dir.rglob("*.yaml"):
        file.write_bytes(transform(file.read_bytes()))


@pytest.mark.parametrize(
    "transform",
    [
        pytest.param(lambda raw: raw.replace(b"\n", b"\r\n"), id="crlf"),
        pytest.param(lambda raw: b"\xef\xbb\xbf" + raw, id="bom"),
        pytest.param(lambda raw: b"\xef\xbb\xbf" + raw.replace(b"\n", b"\r\n"), id="bom-and-crlf"),
    ],
)
def test_windows_line_endings_and_byte_order_mark_load_the_same_data(data_copy, transform):
    original, findings = load_catalog(SEED)
    assert findings == []
    saved_as(data_copy, transform)
    loaded, findings = load_catalog(data_copy)
    assert findings == []
    assert loaded.figures == original.figures
    assert {i: f.value for i, f in loaded.figures.items()} == {
        i: f.value for i, f in original.figures.items()
    }
    assert loaded == original


def load_base(tmp_path: Path, old: str, new: str):
    facts = tmp_path / "data" / "facts"
    facts.mkdir(parents=True)
    assert old in BASE_FACTS
    (facts / "trade.yaml").write_text(BASE_FACTS.replace(old, new), encoding="utf-8")
    return load_catalog(tmp_path / "data")


@pytest.mark.parametrize("written", ["NOR", '"NOR"', "'NOR'"])
def test_norway_is_a_valid_partner_quoted_or_not(tmp_path, written):
    cat, findings = load_base(tmp_path, "partner: RUS", f"partner: {written}")
    assert findings == []
    assert cat.figures["cn-ru-exports-2023"].partner == "NOR"


@pytest.mark.parametrize("written", ["2023", "'2023'", "2023-01/2023-12"])
def test_a_year_period_may_be_written_unquoted(tmp_path, written):
    cat, findings = load_base(tmp_path, "period: 2023", f"period: {written}")
    assert findings == []
    period = cat.figures["cn-ru-exports-2023"].period
    assert (period.start, period.end) == ((2023, 1), (2023, 12))


def test_a_value_keeps_the_digits_its_source_printed(tmp_path):
    cat, findings = load_base(tmp_path, "value: 110.97", "value: 110.90")
    assert findings == []
    assert str(cat.figures["cn-ru-exports-2023"].value) == "110.90"
