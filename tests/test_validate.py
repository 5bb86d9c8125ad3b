"""Validation of one record: what a figure's fields may say together (models.py's schema, validate.py's
record checks), with the message and place an editor reads."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tradebriefs.cli import main
from tradebriefs.facts.load import read_document
from tradebriefs.facts.validate import label_of, validate_brief, validate_facts

FIGURE = """\
figures:
  - id: x
    reporter: CHN
    partner: RUS
    flow: {flow}
    period: 2023
    value: {value}
    unit: USD billion
{extra}    source: s
"""


def findings_for(tmp_path: Path, value: str, extra: str = "", flow: str = "exports") -> list[str]:
    """The findings of a facts file holding one figure, as an editor reads them."""
    file = tmp_path / "t.yaml"
    file.write_text(FIGURE.format(value=value, extra=extra, flow=flow), encoding="utf-8")
    doc, errors = read_document(file, "t.yaml")
    assert errors == [] and doc is not None
    sections, findings = validate_facts(doc)
    assert (len(sections.get("figures", [])) == 1) is (findings == [])
    return [str(f) for f in findings]


@pytest.mark.parametrize(
    "value, change",
    [("0", "-100"), ("0.0", "-100"), ("0", "-100.0"), ("0", "-99.9"), ("0.01", "-99.9")],
)
def test_a_trade_that_fell_to_zero_has_change_minus_100_and_is_accepted(tmp_path, value, change):
    """Value 0 with change -100: the trade stopped, which a source can say."""
    assert findings_for(tmp_path, value, f"    change: {change}\n") == []


@pytest.mark.parametrize("value", ["0.01", "1", "180"])
def test_a_change_of_minus_100_with_a_value_left_is_refused(tmp_path, value):
    """A value that fell by 100% is zero: -100 beside any other value is a slip, said at the change."""
    assert findings_for(tmp_path, value, "    change: -100\n") == [
        f"t.yaml:9:13: error: change: -100% means the value fell to zero, but it is {value}; a change "
        "is more than -100 (a value that fell to zero has change -100 and value 0)"
    ]


@pytest.mark.parametrize("change", ["-100.1", "-101"])
def test_a_change_below_minus_100_is_refused_even_at_zero(tmp_path, change):
    """Nothing falls by more than 100%: the schema's minimum, at the change."""
    assert findings_for(tmp_path, "0", f"    change: {change}\n") == [
        "t.yaml:9:13: error: change: expected a change in percent written as digits, such as 26.3 "
        f"(from -100 to 100000), got the number {change}"
    ]


def test_a_negative_value_is_refused_but_for_a_balance(tmp_path):
    """Only a balance can be below zero."""
    assert findings_for(tmp_path, "-1") == [
        "t.yaml:7:12: error: value: exports cannot be negative, got -1; only a balance can"
    ]
    assert findings_for(tmp_path, "-1", flow="balance") == []
    assert findings_for(tmp_path, "0") == []


def test_a_balance_has_no_change_in_percent(tmp_path):
    """A balance can change sign: its change is given by its exports and imports."""
    assert findings_for(tmp_path, "-1", "    change: 5\n", flow="balance") == [
        "t.yaml:9:13: error: change: a balance has no change in percent (it can change sign); "
        "give the change of the exports and imports, or, for a surplus in one side's favour that "
        "grew or shrank, say whose it is with favours:"
    ]


BAD = Path(__file__).parent / "bad"


@pytest.mark.parametrize("case", sorted(p.name for p in BAD.iterdir() if p.is_dir()))
def test_each_bad_case_gives_its_expected_errors_in_this_process(
    case, tmp_path, monkeypatch, capsys
):
    """tests/bad/ (test_bad_input.py runs the command) checked by cli.main here: the same error lines."""
    shutil.copytree(BAD / case, tmp_path / "data", ignore=shutil.ignore_patterns("expected.txt"))
    monkeypatch.chdir(tmp_path)  # paths print as data/...
    assert main(["check", "--data", "data"]) == 1
    errors = [line for line in capsys.readouterr().err.splitlines() if ": error: " in line]
    assert errors == (BAD / case / "expected.txt").read_text(encoding="utf-8").splitlines()


def findings_of_text(tmp_path: Path, text: str, kind: str = "facts") -> list[str]:
    """The findings of a data file with `text`, as an editor reads them."""
    file = tmp_path / "t.yaml"
    file.write_text(text, encoding="utf-8")
    doc, errors = read_document(file, "t.yaml")
    assert errors == [] and doc is not None
    return [str(f) for f in (validate_facts if kind == "facts" else validate_brief)(doc)[1]]


ONE_FIGURE = FIGURE.format(flow="exports", value="1", extra="")
ONE_RANK = """\
ranks:
  - id: r
    of: CHN
    partner: {partner}
    rank: {rank}
    period: 2023
    above: [{above}]
    source: s
"""


@pytest.mark.parametrize(
    "text, findings",
    [
        (
            ONE_FIGURE + "    revises: x\n",
            [
                "t.yaml:10:14: error: revises: a figure cannot be a revision of, or an alternative to, itself"
            ],
        ),
        (
            ONE_FIGURE + "    alternative_to: x\n",
            [
                "t.yaml:10:21: error: alternative_to: a figure cannot be a revision of, or an "
                "alternative to, itself"
            ],
        ),
        (
            ONE_FIGURE + "    revises: y\n    alternative_to: z\n",
            [
                "t.yaml:11:21: error: alternative_to: a figure is either a revision (revises) or "
                "another source's figure (alternative_to), not both"
            ],
        ),
        (
            ONE_FIGURE.replace("partner: RUS", "partner: CHN"),
            ["t.yaml:4:14: error: partner: a country does not trade with itself (CHN)"],
        ),
    ],
)
def test_a_figure_s_fields_must_make_sense_together(tmp_path, text, findings):
    """Not its own revision or alternative, not both at once, not a country's trade with itself."""
    assert findings_of_text(tmp_path, text) == findings


@pytest.mark.parametrize(
    "partner, rank, above, findings",
    [
        (
            "CHN",
            3,
            "CHN",
            [
                "t.yaml:4:14: error: partner: a country is not its own partner (CHN)",
                "t.yaml:7:12: error: above: rank 3 needs 2 partners above it, got 1",
                "t.yaml:7:13: error: above: lists CHN, the ranked partner itself",
            ],
        ),
        (
            "RUS",
            3,
            "USA, USA",
            [
                "t.yaml:7:18: error: above, item 2: USA is listed twice; each partner holds one place"
            ],
        ),
        ("RUS", 3, "USA, JPN", []),
        ("RUS", 1, "", []),
    ],
)
def test_a_rank_names_as_many_partners_above_as_its_place_each_once(
    tmp_path, partner, rank, above, findings
):
    """Rank n lists n − 1 others above it, never the ranked partner or the reporter, none twice."""
    text = ONE_RANK.format(partner=partner, rank=rank, above=above)
    assert findings_of_text(tmp_path, text) == findings


UNIT_EXPECTED = (
    "unit: expected a unit such as 'USD billion' (currency code, then thousand, million, billion, "
    "trillion), or 'percent' for a share, got "
)


@pytest.mark.parametrize(
    "line, findings",
    [
        ("    unit:\n", [f"t.yaml:8:10: error: {UNIT_EXPECTED}nothing"]),
        ("    unit: ~\n", [f"t.yaml:8:11: error: {UNIT_EXPECTED}~, which YAML reads as empty"]),
        ("    unit: {a: 1}\n", [f"t.yaml:8:11: error: {UNIT_EXPECTED}a mapping"]),
        ("    unit: [USD]\n", [f"t.yaml:8:11: error: {UNIT_EXPECTED}a list of 1"]),
        (
            "    unit: 'TODO: the unit, e.g. USD billion'\n",
            ["t.yaml:8:11: error: unit: still the placeholder (the unit, e.g. USD billion)"],
        ),
        (
            "    vlaue: 2\n    unit: USD billion\n",
            ["t.yaml:8:5: error: unknown key 'vlaue'; did you mean 'value'?"],
        ),
        (
            "    zzzzzz: 2\n    unit: USD billion\n",
            [
                "t.yaml:8:5: error: unknown key 'zzzzzz'; expected one of: id, reporter, partner, flow, "
                "commodity, product, period, value, unit, share_of, qualifier, basis, change, "
                "change_on, favours, status, by, made, keep_as_stated, notes, source, revises, "
                "alternative_to, valuation, record"
            ],
        ),
    ],
)
def test_a_value_that_is_not_what_a_field_takes_says_what_arrived(tmp_path, line, findings):
    """Nothing, an empty value, a mapping, a list, a placeholder left, a misspelt or unknown key."""
    text = ONE_FIGURE.replace("    unit: USD billion\n", line)
    assert findings_of_text(tmp_path, text) == findings


def test_a_placeholder_is_said_once_by_its_first_line_and_a_missing_key_still_counts(tmp_path):
    """'TODO: ...' is work left, named by its hint; the schema's other complaints still come."""
    text = ONE_FIGURE.replace("    unit: USD billion\n", "").replace(
        "source: s", "source: 'TODO: a source id\n\n      and more'"
    )
    assert findings_of_text(tmp_path, text) == [
        "t.yaml:8:13: error: source: still the placeholder (a source id)",
        "t.yaml:2:5: error: missing required key 'unit' (Currency and scale, e.g. USD billion, or "
        "percent for a share (with share_of); figures in different currencies are checked apart, "
        "scales of one currency are converted exactly)",
    ]


@pytest.mark.parametrize(
    "text, findings",
    [
        ("figures: {}\n", ["t.yaml:1:10: error: figures: expected a list, got a mapping"]),
        (
            "{}\n",
            [
                "t.yaml:1:1: error: file: expected a mapping with any of: sources, groups, figures, "
                "ranks, quotes, got an empty mapping"
            ],
        ),
    ],
)
def test_a_facts_file_is_a_mapping_of_lists(tmp_path, text, findings):
    """Sections are lists of records; an empty file of facts is an error saying what it may hold."""
    assert findings_of_text(tmp_path, text) == findings


@pytest.mark.parametrize(
    "replace, by, finding",
    [
        (
            "period: 2023",
            "period: yes",
            "t.yaml:6:13: error: period: expected a period such as 2023, 2024-Q3, 2024-09 or "
            "2024-01/2024-09, got yes, which YAML reads as true",
        ),
        (
            "flow: exports",
            "flow: 12",
            "t.yaml:5:11: error: flow: expected one of: turnover, exports, imports, balance, got the "
            "number 12",
        ),
        (
            "reporter: CHN",
            "reporter: russia",
            "t.yaml:3:15: error: reporter: expected an ISO 3166-1 alpha-3 country code such as CHN, "
            "WLD for the world, or the code of a group declared under groups: (EU, ASEAN), got "
            "'russia'",
        ),
        (
            "value: 1",
            "value: 'x'",
            "t.yaml:7:12: error: value: expected a number written as digits, such as 240.11 (at most 15 "
            "digits, 6 after the point), got 'x'",
        ),
        (
            "value: 1",
            f"value: '{'x' * 70}'",
            "t.yaml:7:12: error: value: expected a number written as digits, such as 240.11 (at most 15 "
            f"digits, 6 after the point), got '{'x' * 57}...'",
        ),
    ],
)
def test_a_value_of_the_wrong_kind_is_described_as_the_editor_wrote_it(
    tmp_path, replace, by, finding
):
    """A YAML boolean by its spelling, a number as a number, text quoted and cut at 60 characters."""
    assert findings_of_text(tmp_path, ONE_FIGURE.replace(replace, by)) == [finding]


def test_a_brief_missing_its_keys_names_each_with_its_description(tmp_path):
    """Every required key of a brief, in the models' order, at the top of the file."""
    assert findings_of_text(tmp_path, "title: x\n", kind="brief") == [
        "t.yaml:1:1: error: missing required key 'slug' (Unique id, also the page's address: briefs/<slug>/)",
        "t.yaml:1:1: error: missing required key 'date' (Date of the brief)",
        "t.yaml:1:1: error: missing required key 'place' (Where it was written, e.g. Beijing)",
        "t.yaml:1:1: error: missing required key 'pair' (The two countries, reporter first)",
        "t.yaml:1:1: error: missing required key 'summary' (One or two sentences for lists and feeds)",
        "t.yaml:1:1: error: missing required key 'headline' (The figure shown with the brief on the home page)",
        "t.yaml:1:1: error: missing required key 'figures' (Key figures, shown in the panel)",
        "t.yaml:1:1: error: missing required key 'body' (The brief in Markdown; cite figures and ranks as "
        "{{id}}, growth as {{id.change}})",
    ]


@pytest.mark.parametrize(
    "line, finding",
    [
        (
            "    basis: yes\n",
            "t.yaml:10:12: error: basis: expected text of at most 300 characters, not only spaces, got "
            "yes, which YAML reads as true; put it in quotes",
        ),
        (
            f"    basis: '{'x' * 301}'\n",
            "t.yaml:10:12: error: basis: expected text of at most 300 characters, not only spaces, got "
            f"'{'x' * 57}...'",
        ),
    ],
)
def test_a_yaml_boolean_where_text_is_expected_is_to_be_quoted(tmp_path, line, finding):
    """`basis: yes` is true to YAML: the finding says to write it in quotes; long text is cut at 57."""
    assert findings_of_text(tmp_path, ONE_FIGURE + line) == [finding]


@pytest.mark.parametrize("length, shown", [(60, "r" * 60), (61, "r" * 57 + "...")])
def test_a_wrong_value_is_quoted_whole_up_to_60_characters(tmp_path, length, shown):
    """Sixty characters are shown as written; longer text is cut to 57 and '...'."""
    text = ONE_FIGURE.replace("reporter: CHN", f"reporter: {'r' * length}")
    assert findings_of_text(tmp_path, text) == [
        "t.yaml:3:15: error: reporter: expected an ISO 3166-1 alpha-3 country code such as CHN, "
        f"WLD for the world, or the code of a group declared under groups: (EU, ASEAN), got '{shown}'"
    ]


def test_a_whole_number_in_quotes_is_to_be_unquoted(tmp_path):
    """`rank: '2'` is text to YAML: the finding says to remove the quotes."""
    text = ONE_RANK.format(partner="RUS", rank="'2'", above="USA")
    assert findings_of_text(tmp_path, text) == [
        "t.yaml:5:11: error: rank: expected a whole number from 1 to 249, got '2'; it is in quotes, so "
        "YAML reads it as text: remove the quotes"
    ]


@pytest.mark.parametrize(
    "value, findings",
    [
        ("123456789012345", []),  # 15 digits
        ("1.123456", []),  # 6 decimals
        ("1.1234567", ["t.yaml:7:12: error: value: 7 digits after the point; at most 6"]),
    ],
)
def test_a_value_has_at_most_15_digits_and_6_decimals(tmp_path, value, findings):
    """The limits themselves are allowed."""
    assert findings_of_text(tmp_path, ONE_FIGURE.replace("value: 1", f"value: {value}")) == findings


@pytest.mark.parametrize(
    "replace, by, finding",
    [
        (
            "unit: USD billion",
            "unit: ABC billion",
            "t.yaml:8:11: error: unit: unknown currency code 'ABC' in unit 'ABC billion' (ISO 4217, such as USD)",
        ),
        (
            "unit: USD billion",
            'unit: "  TODO: the unit"',
            "t.yaml:8:11: error: unit: still the placeholder (the unit)",
        ),
        (
            "unit: USD billion",
            f"unit: 'TODO: {'u' * 90}'",
            f"t.yaml:8:11: error: unit: still the placeholder ({'u' * 80})",
        ),
    ],
)
def test_a_unit_must_be_a_known_currency_and_no_placeholder(tmp_path, replace, by, finding):
    """An unknown ISO 4217 code is named; a placeholder, even indented, is named by 80 characters of its hint."""
    assert findings_of_text(tmp_path, ONE_FIGURE.replace(replace, by)) == [finding]


def test_a_placeholder_does_not_hide_the_schema_s_other_findings(tmp_path):
    """A placeholder in one field, a wrong value in a later one: both are said."""
    text = ONE_FIGURE.replace("reporter: CHN", "reporter: 'TODO: who reports'").replace(
        "flow: exports", "flow: 12"
    )
    assert findings_of_text(tmp_path, text) == [
        "t.yaml:3:15: error: reporter: still the placeholder (who reports)",
        "t.yaml:5:11: error: flow: expected one of: turnover, exports, imports, balance, got the number 12",
    ]


def test_an_address_with_a_user_name_is_refused_saying_why(tmp_path):
    """The reason safe_url gives, after the address as written."""
    text = (
        "sources:\n  - id: s\n    title: T\n    publisher: P\n    published: 2024-01-01\n"
        "    url: 'https://user@x.org/'\n"
    )
    assert findings_of_text(tmp_path, text) == [
        "t.yaml:6:10: error: url: 'https://user@x.org/': an address with a user name ('...@') is not allowed"
    ]


def test_a_place_in_the_data_is_labelled_by_its_last_key_and_item_numbers():
    """('figures', 0, 'value') is 'value'; a list item counts from 1; no key at all is the file."""
    assert label_of(()) == "file"
    assert label_of(("figures", 0, "value")) == "value"
    assert label_of(("pair", 1)) == "pair, item 2"
    assert label_of(("a", 0, 1)) == "a, item 1, item 2"


SEED_BRIEF = next((Path(__file__).parent / "fixtures/seed/briefs").glob("*.yaml")).read_text(
    encoding="utf-8"
)


@pytest.mark.parametrize(
    "edits, findings",
    [
        ([], []),
        (
            [("pair: [CHN, RUS]", "pair: [CHN, CHN]")],
            ["t.yaml:6:7: error: pair: expected two different countries, got CHN and CHN"],
        ),
        (
            [
                ("date: 2024-10-28", "date: 2024-02-30"),
                ("pair: [CHN, RUS]", "pair: [CHN, RUS, USA]"),
            ],
            [
                "t.yaml:6:7: error: pair: expected a list of exactly 2, got a list of 3",
                "t.yaml:4:7: error: date: '2024-02-30' is not a date on the calendar",
            ],
        ),
        (
            [
                ("date: 2024-10-28", "date: 'TODO: the date'"),
                ("pair: [CHN, RUS]", "pair: [CHN, RUS, USA]"),
            ],
            [
                "t.yaml:4:7: error: date: still the placeholder (the date)",
                "t.yaml:6:7: error: pair: expected a list of exactly 2, got a list of 3",
            ],
        ),
    ],
)
def test_a_brief_s_every_error_is_said_at_once(tmp_path, edits, findings):
    """The schema's and the fields' own errors together, a placeholder once; two different countries."""
    text = SEED_BRIEF
    for old, new in edits:
        text = text.replace(old, new)
    assert findings_of_text(tmp_path, text, kind="brief") == findings


def test_a_boolean_under_a_schema_that_refers_elsewhere_gets_no_quoting_hint():
    """The referred schema cannot be checked on its own: no hint, and no crash."""
    from types import SimpleNamespace

    from jsonschema import ValidationError

    from tradebriefs.facts.validate import hint_for

    error = ValidationError(
        "x",
        validator="type",
        validator_value="object",
        instance=True,
        schema={"$ref": "#/$defs/figure"},
    )
    doc = SimpleNamespace(literals={("figures", 0): "yes"})
    assert hint_for(doc, ("figures", 0), error) == ""


def test_a_huge_number_is_quoted_at_most_60_characters(tmp_path):
    """A 400-digit value is not echoed whole into the message."""
    [message] = findings_for(tmp_path, "1" + "0" * 400)
    assert "got the number 1000" in message and "..." in message
    assert len(message) < 400


def test_a_group_member_listed_twice_is_an_error_at_the_second(tmp_path):
    text = "groups:\n  - code: EU\n    members: [DEU, FRA, DEU]\n"
    assert findings_of_text(tmp_path, text) == [
        "t.yaml:3:25: error: members, item 3: DEU is listed twice; a member counts once in its "
        "group's figure"
    ]
