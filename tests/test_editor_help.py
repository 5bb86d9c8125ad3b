"""Help for an editor who made a slip: the id they meant, a summary that says what was really checked, advice
that asks whether the data is right before working around it, a change typed as a fraction, and a file's
defaults written once (with their errors said once, where they are written)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from conftest import SEED
from tradebriefs.cli import main
from tradebriefs.facts.catalog import SUGGEST_AT_MOST, load_catalog
from tradebriefs.facts.load import read_document
from tradebriefs.facts.schema import facts_schema
from tradebriefs.facts.validate import validate_facts, validator_for

SOURCE = """\
sources:
  - id: secex
    title: Comex Stat, January to November 2023
    publisher: SECEX
    published: 2023-12-06
"""


def figure(
    ident: str,
    flow: str = "exports",
    period: str = "2023-01/2023-11",
    partner: str = "CHN",
    value: str = "96.2",
    source: str = "secex",
    **extra: str,
) -> str:
    """One of Brazil's figures, every key written out."""
    fields = {"reporter": "BRA", "partner": partner, "flow": flow, "period": period, "value": value}
    fields |= {"unit": "USD billion", **extra, "source": source}
    return f"  - id: {ident}\n" + "".join(f"    {key}: {text}\n" for key, text in fields.items())


def brief(headline: str, figures: list[str], body: str = "Trade grew.", charts: str = "") -> str:
    return (
        "slug: bra-chn\n"
        "title: Brazil's trade with China\n"
        "date: 2024-01-10\n"
        "place: Brasília\n"
        "pair: [BRA, CHN]\n"
        "summary: Brazil's trade with China in 2023.\n"
        f"headline: {headline}\n"
        f"figures: [{', '.join(figures)}]\n"
        f"body: |\n  {body}\n" + charts
    )


def data_folder(root: Path, facts: dict[str, str], briefs: dict[str, str] | None = None) -> Path:
    data = root / "data"
    for kind, files in (("facts", facts), ("briefs", briefs or {})):
        (data / kind).mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            (data / kind / name).write_text(text, encoding="utf-8")
    return data


def load_lines(
    tmp_path: Path, monkeypatch, facts: dict[str, str], briefs: dict[str, str] | None = None
) -> list[str]:
    """The findings of loading a data folder, as `check` prints them (paths as data/...)."""
    data_folder(tmp_path, facts, briefs)
    monkeypatch.chdir(tmp_path)
    _, findings = load_catalog(Path("data"))
    return [str(f) for f in sorted(findings)]


# "Did you mean": the closest ids of the kind that was asked for.

BRAZIL = SOURCE + "figures:\n" + figure("bra-chn-exports-2023-01-11")


def test_an_unknown_headline_names_the_figure_it_is_close_to(tmp_path, monkeypatch):
    lines = load_lines(
        tmp_path,
        monkeypatch,
        {"bra.yaml": BRAZIL},
        {"bra-chn.yaml": brief("bra-chn-exports-2023-jan-nov", ["bra-chn-exports-2023-01-11"])},
    )
    assert lines == [
        "data/briefs/bra-chn.yaml:7:11: error: headline: unknown figure "
        "'bra-chn-exports-2023-jan-nov'; did you mean 'bra-chn-exports-2023-01-11'?"
    ]


def test_an_unknown_citation_in_a_body_names_the_figures_and_ranks_it_is_close_to(
    tmp_path, monkeypatch
):
    facts = (
        BRAZIL
        + figure("bra-chn-exports-2023-01-10", period="2023-01/2023-10", value="90.1")
        + "ranks:\n"
        + "  - id: bra-chn-exports-2023-rank\n    of: BRA\n    partner: CHN\n    rank: 1\n"
        + "    period: 2023\n    source: secex\n"
        + "quotes:\n"
        + "  - id: bra-chn-exports-2023-quote\n    speaker: A minister\n    role: Minister\n"
        + "    text: Exports grew.\n    date: 2023-12-06\n    source: secex\n"
    )
    lines = load_lines(
        tmp_path,
        monkeypatch,
        {"bra.yaml": facts},
        {
            "bra-chn.yaml": brief(
                "bra-chn-exports-2023-01-11",
                ["bra-chn-exports-2023-01-11"],
                body="Brazil sold {{bra-chn-exports-2023-1-11}} to China.",
            )
        },
    )
    errors = [line for line in lines if ": error: " in line]
    # Figures and ranks are cited; a quote is not, so it is never suggested for a citation.
    assert errors == [
        "data/briefs/bra-chn.yaml:10:15: error: body: cites unknown figure or rank "
        "'bra-chn-exports-2023-1-11'; did you mean 'bra-chn-exports-2023-01-11', "
        "'bra-chn-exports-2023-01-10' or 'bra-chn-exports-2023-rank'?"
    ]


def test_unknown_sources_ranks_and_quotes_are_matched_against_their_own_kind(tmp_path, monkeypatch):
    facts = SOURCE + "figures:\n" + figure("bra-chn-exports", source="secexx")
    rank = "  - id: bra-rank-2023\n    of: BRA\n    partner: CHN\n    rank: 1\n    period: 2023\n"
    facts += "ranks:\n" + rank + "    source: secex\n"
    text = brief("bra-chn-exports", ["bra-chn-exports"]) + "ranks: [bra-rank-2023-chn]\n"
    text += "quotes: [bra-rank-2023]\n"
    lines = load_lines(tmp_path, monkeypatch, {"bra.yaml": facts}, {"bra-chn.yaml": text})
    assert lines == [
        "data/briefs/bra-chn.yaml:11:9: error: ranks: unknown rank 'bra-rank-2023-chn'; "
        "did you mean 'bra-rank-2023'?",
        # A rank's id is no quote's: nothing is suggested.
        "data/briefs/bra-chn.yaml:12:10: error: quotes: unknown quote 'bra-rank-2023'",
        "data/facts/bra.yaml:14:13: error: source: unknown source 'secexx'; did you mean 'secex'?",
    ]


def test_a_suggestion_never_swaps_the_flow_or_the_year_an_id_names(tmp_path, monkeypatch):
    """The editor who cites the 2024 figure has not added it yet: offering the 2023 one would print last
    year's number; an import is not an export, however alike the ids."""
    facts = SOURCE + "figures:\n" + figure("cn-exports-2023") + figure("cn-imports-2023", "imports")
    body = "{{cn-exports-2024}}, {{cn-turnover-2023}} and {{cn-export-2023}}."
    lines = load_lines(
        tmp_path,
        monkeypatch,
        {"bra.yaml": facts},
        {"bra-chn.yaml": brief("cn-exports-2023", ["cn-exports-2023"], body=body)},
    )
    assert [line.split(": error: ")[1] for line in lines if ": error: " in line] == [
        "body: cites unknown figure or rank 'cn-exports-2024'",
        "body: cites unknown figure or rank 'cn-turnover-2023'",
        "body: cites unknown figure or rank 'cn-export-2023'; did you mean 'cn-exports-2023'?",
    ]


def test_only_a_bodys_first_unknown_ids_are_looked_up(tmp_path, monkeypatch):
    """Each lookup compares the id with every id of the catalog: thousands of distinct unknown ids in one body
    must not stall `check`, so past SUGGEST_AT_MOST the errors come without a suggestion."""
    unknown = [f"bra-chn-exports-2023-01-11-{i}" for i in range(SUGGEST_AT_MOST + 5)]
    lines = load_lines(
        tmp_path,
        monkeypatch,
        {"bra.yaml": BRAZIL},
        {
            "bra-chn.yaml": brief(
                "bra-chn-exports-2023-01-11",
                ["bra-chn-exports-2023-01-11"],
                body=" ".join(f"{{{{{ident}}}}}" for ident in unknown),
            )
        },
    )
    errors = [line for line in lines if ": error: body: cites unknown" in line]
    assert len(errors) == len(unknown)
    assert sum("did you mean 'bra-chn-exports-2023-01-11'?" in e for e in errors) == SUGGEST_AT_MOST


# The summary line: what was loaded and checked, truly.


def check_summary(data: Path, monkeypatch, capsys, *args: str) -> str:
    monkeypatch.chdir(data.parent)
    main(["check", "--data", data.name, *args])
    return capsys.readouterr().err.strip().splitlines()[-1]


def seed_copy(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(SEED, data)
    return data


def test_the_summary_says_which_fact_files_failed_to_load_and_that_checks_did_not_run(
    tmp_path, monkeypatch, capsys
):
    data = seed_copy(tmp_path)
    assert check_summary(data, monkeypatch, capsys) == "4 figures, 3 checks, 0 warnings, 0 errors"
    # A YAML error: the file's figures are not loaded, so they are not counted, and nothing was checked.
    (data / "facts/more.yaml").write_text(
        SOURCE.replace("secex", "more")
        + "figures:\n"
        + figure("x-exports")
        + figure("x-imports", "imports")
        + "  - id: [\n",
        encoding="utf-8",
    )
    assert check_summary(data, monkeypatch, capsys) == (
        "2 of 3 fact files free of errors; 4 figures, 0 checks (checks run when every file is free of errors), "
        "0 warnings, 1 errors"
    )


def test_the_summary_says_when_a_brief_failed_to_load(tmp_path, monkeypatch, capsys):
    data = seed_copy(tmp_path)
    (data / "briefs/broken.yaml").write_text("slug: [\n", encoding="utf-8")
    assert check_summary(data, monkeypatch, capsys) == (
        "1 of 2 brief files free of errors; 4 figures, 0 checks (checks run when every file is free of errors), "
        "0 warnings, 1 errors"
    )


def test_the_summary_says_checks_wait_for_errors_found_across_files(tmp_path, monkeypatch, capsys):
    data = seed_copy(tmp_path)
    facts = data / "facts/china-russia.yaml"
    facts.write_text(
        facts.read_text(encoding="utf-8").replace("source: cn-customs", "source: nowhere", 1),
        encoding="utf-8",
    )
    assert check_summary(data, monkeypatch, capsys) == (
        "4 figures, 0 checks (checks run once there are no errors), 0 warnings, 1 errors"
    )


def test_strict_warnings_do_not_say_the_checks_did_not_run(tmp_path, monkeypatch, capsys):
    """--strict counts warnings as errors after the checks ran: the count of checks is the real one."""
    data = seed_copy(tmp_path)
    facts = data / "facts/china-russia.yaml"
    text = facts.read_text(encoding="utf-8")
    facts.write_text(text.replace("change: 26.3", "change: 0.263", 1), encoding="utf-8")
    line = check_summary(data, monkeypatch, capsys, "--strict")
    assert line.endswith(" warnings, 2 errors") and "(checks" not in line
    assert not line.startswith("4 figures, 0 checks")


# Advice that asks whether the data is right before working around it.

IMPORTS_TYPED_AS_THE_YEAR = (
    BRAZIL
    + figure("bra-chn-imports-2023-01-11", "imports", period="2023")
    + figure("bra-chn-balance-2023-01-11", "balance")
)


def chart_lines(tmp_path, monkeypatch, facts: str, figures: list[str]) -> list[str]:
    charts = f"charts:\n  - kind: flows\n    figures: [{', '.join(figures)}]\n"
    lines = load_lines(
        tmp_path,
        monkeypatch,
        {"bra.yaml": facts},
        {"bra-chn.yaml": brief(figures[0], figures, charts=charts)},
    )
    return [line for line in lines if "separate charts" in line]


def test_a_chart_figure_of_another_period_is_questioned_before_a_chart_for_each_is_offered(
    tmp_path, monkeypatch
):
    figures = [
        "bra-chn-exports-2023-01-11",
        "bra-chn-imports-2023-01-11",
        "bra-chn-balance-2023-01-11",
    ]
    assert chart_lines(tmp_path, monkeypatch, IMPORTS_TYPED_AS_THE_YEAR, figures) == [
        "data/briefs/bra-chn.yaml:13:43: error: figures, item 2: 'bra-chn-imports-2023-01-11' is for "
        "2023 but 'bra-chn-exports-2023-01-11' (and the chart's other figures) for January–November "
        "2023: check bra-chn-imports-2023-01-11's period against the source; if both are right, draw "
        "them in separate charts"
    ]


def test_the_odd_figure_out_is_the_one_questioned_even_when_it_comes_first(tmp_path, monkeypatch):
    figures = [
        "bra-chn-imports-2023-01-11",
        "bra-chn-exports-2023-01-11",
        "bra-chn-balance-2023-01-11",
    ]
    lines = chart_lines(tmp_path, monkeypatch, IMPORTS_TYPED_AS_THE_YEAR, figures)
    assert (
        len(lines) == 1 and "figures, item 1: 'bra-chn-imports-2023-01-11' is for 2023" in lines[0]
    )


def test_a_chart_figure_of_another_partner_is_questioned_the_same_way(tmp_path, monkeypatch):
    facts = BRAZIL + figure("bra-arg-imports-2023-01-11", "imports", partner="ARG")
    figures = ["bra-chn-exports-2023-01-11", "bra-arg-imports-2023-01-11"]
    assert chart_lines(tmp_path, monkeypatch, facts, figures) == [
        "data/briefs/bra-chn.yaml:13:43: error: figures, item 2: 'bra-arg-imports-2023-01-11' is of "
        "BRA–ARG but 'bra-chn-exports-2023-01-11' of BRA–CHN: check bra-arg-imports-2023-01-11's "
        "partner against the source; if both are right, draw them in separate charts"
    ]


# A change typed as a fraction of one.


def fraction_warnings(tmp_path, monkeypatch, changes: list[str]) -> list[str]:
    facts = SOURCE + "figures:\n"
    for i, change in enumerate(changes):
        facts += figure(f"f{i}", period=f"{2010 + i}", change=change)
    lines = load_lines(tmp_path, monkeypatch, {"bra.yaml": facts})
    return [line for line in lines if "not a fraction" in line]


def test_a_change_with_more_decimals_than_its_source_prints_is_asked_about(tmp_path, monkeypatch):
    assert fraction_warnings(tmp_path, monkeypatch, ["6.2", "0.141", "-3.5"]) == [
        "data/facts/bra.yaml:23:13: warning: change: 0.141 — a change of 0.141%? If the source "
        "printed 14.1%, write 14.1 (change is in percent, not a fraction)"
    ]


def test_a_small_change_printed_like_the_sources_others_is_no_fraction(tmp_path, monkeypatch):
    assert fraction_warnings(tmp_path, monkeypatch, ["6.2", "0.5", "-3.5"]) == []
    assert fraction_warnings(tmp_path, monkeypatch, ["6.21", "-0.25"]) == []


@pytest.mark.parametrize(
    "change, warned",
    [("-0.141", "If the source printed -14.1%, write -14.1"), ("0.05", None), ("1.234", None)],
)
def test_a_sources_only_change_is_asked_about_from_three_decimals_below_one(
    tmp_path, monkeypatch, change, warned
):
    found = fraction_warnings(tmp_path, monkeypatch, [change])
    assert [warned in line for line in found] == ([True] if warned else [])


# A file's defaults.

LONG = (
    SOURCE
    + "figures:\n"
    + figure("bra-chn-exports", value="96.2", change="14.1")
    + figure("bra-chn-imports", "imports", value="48.1")
    + figure("bra-chn-imports-2023", "imports", period="2023", value="53.2")
    + "quotes:\n  - id: q\n    speaker: A minister\n    role: Minister\n    text: Exports grew.\n"
    + "    date: 2023-12-06\n    source: secex\n"
)
SHORT = (
    "defaults:\n"
    "  reporter: BRA\n"
    "  partner: CHN\n"
    "  period: 2023-01/2023-11\n"
    "  unit: USD billion\n"
    "  source: secex\n"
    "\n" + SOURCE + "figures:\n"
    "  - id: bra-chn-exports\n    flow: exports\n    value: 96.2\n    change: 14.1\n"
    "  - id: bra-chn-imports\n    flow: imports\n    value: 48.1\n"
    "  - id: bra-chn-imports-2023\n    flow: imports\n    value: 53.2\n    period: 2023\n"
    "quotes:\n  - id: q\n    speaker: A minister\n    role: Minister\n    text: Exports grew.\n"
    "    date: 2023-12-06\n"
)


def validated(tmp_path: Path, text: str) -> tuple[dict, list[str]]:
    file = tmp_path / "t.yaml"
    file.write_text(text, encoding="utf-8")
    doc, errors = read_document(file, "t.yaml")
    assert errors == [] and doc is not None
    sections, findings = validate_facts(doc)
    return sections, [str(f) for f in findings]


def test_a_file_with_defaults_loads_to_the_same_records_as_the_long_form(tmp_path):
    long, long_findings = validated(tmp_path, LONG)
    short, short_findings = validated(tmp_path, SHORT)
    assert long_findings == short_findings == []
    assert short == long and len(short["figures"]) == 3 and len(short["quotes"]) == 1
    # A record's own value wins: the third figure is of the whole year.
    assert short["figures"][2].period.text == "2023"
    # A defaulted value stands where the default is written.
    assert str(short["figures"][0].locs["reporter"]) == "t.yaml:2:13"


def test_the_published_schema_takes_a_file_with_defaults_as_editors_write_it(tmp_path):
    """The editor's schema, on the file as typed: short records pass; without the defaults they do not."""
    Draft202012Validator.check_schema(facts_schema())
    for text, errors in [
        (SHORT, []),
        (SHORT.replace("  reporter: BRA\n", ""), ["'reporter' is a required property"] * 3),
        (SHORT.replace("  source: secex\n", ""), ["'source' is a required property"] * 4),
        (LONG, []),
        ("defaults:\n  reporter: BRA\n", ["anyOf"]),
    ]:
        file = tmp_path / "t.yaml"
        file.write_text(text, encoding="utf-8")
        doc, _ = read_document(file, "t.yaml")
        found = [
            "anyOf" if e.validator == "anyOf" else e.message
            for e in validator_for("facts").iter_errors(doc.data)
        ]
        assert found == errors, text


def test_a_bad_default_is_reported_once_at_the_default(tmp_path):
    text = SHORT.replace("reporter: BRA", "reporter: BRZ").replace(
        "unit: USD billion", "unit: USD bilion"
    )
    sections, findings = validated(tmp_path, text)
    assert sections == {}
    assert findings == [
        "t.yaml:5:9: error: unit: expected a unit such as 'USD billion' (currency code, then "
        + findings[0].split("(currency code, then ")[1],
        "t.yaml:2:13: error: reporter: unknown country code 'BRZ' (expected an ISO 3166-1 alpha-3 "
        "code such as CHN, WLD for the world, or a group's code declared under groups:)",
    ]


@pytest.mark.parametrize("value, got", [("[BRA, CHN]", "a list of 2"), ("", "nothing")])
def test_a_default_that_is_not_one_value_is_refused_once_and_no_record_is_made(
    tmp_path, value, got
):
    sections, findings = validated(tmp_path, SHORT.replace("reporter: BRA", f"reporter: {value}"))
    assert sections == {}
    assert [f.split(": error: ")[1] for f in findings] == [
        "reporter: expected an ISO 3166-1 alpha-3 country code such as CHN, WLD for the world, or "
        f"the code of a group declared under groups: (EU, ASEAN), got {got}"
    ]


def test_a_record_check_failing_on_a_default_points_at_the_default_once(tmp_path):
    _, findings = validated(
        tmp_path, SHORT.replace("  source: secex\n", "  source: secex\n  status: forecast\n")
    )
    assert findings == [
        "t.yaml:7:11: error: status: a forecast is someone's: say whose with by: (e.g. by: Brazil's "
        "trade ministry)"
    ]


def test_an_unknown_source_given_by_default_is_reported_once(tmp_path, monkeypatch):
    lines = load_lines(
        tmp_path, monkeypatch, {"bra.yaml": SHORT.replace("  source: secex", "  source: secx")}
    )
    assert lines == [
        "data/facts/bra.yaml:6:11: error: source: unknown source 'secx'; did you mean 'secex'?"
    ]


def test_an_unknown_key_in_defaults_says_which_was_meant(tmp_path):
    _, findings = validated(tmp_path, SHORT.replace("  partner: CHN", "  partnr: CHN"))
    assert findings[0] == "t.yaml:3:3: error: unknown key 'partnr'; did you mean 'partner'?"
    # The records that lacked it say so, each at its own place.
    assert findings[1:] == [
        f"t.yaml:{line}:5: error: missing required key 'partner' (The partner: a country (ISO "
        "3166-1 alpha-3), WLD for the world, or a group declared under groups:)"
        for line in (14, 18, 21)
    ]


def test_defaults_alone_are_refused_and_figures_need_what_defaults_cannot_give(tmp_path):
    _, findings = validated(tmp_path, "defaults:\n  reporter: BRA\n")
    assert findings == [
        "t.yaml:1:1: error: file: expected at least one of sources, groups, figures, ranks, quotes "
        "beside defaults (defaults fill in this file's records), got a mapping"
    ]
    _, findings = validated(tmp_path, SHORT.replace("  unit: USD billion\n", "  value: 1\n"))
    assert findings[0] == "t.yaml:5:3: error: unknown key 'value'; expected one of: " + ", ".join(
        ["reporter", "partner", "flow", "period", "unit", "qualifier", "basis", "source"]
        + ["status", "by", "made", "change_on"]
    )
