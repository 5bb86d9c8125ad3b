"""Periods: a year, a quarter, a month or a span of them, as a closed range of months with a reader's label."""

from __future__ import annotations

import pytest

from tradebriefs.core.periods import Period, PeriodError, format_period_text, parse_period


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("2023", (2023, 1), (2023, 12)),
        ("2024-Q1", (2024, 1), (2024, 3)),
        ("2024-Q3", (2024, 7), (2024, 9)),
        ("2024-Q4", (2024, 10), (2024, 12)),
        ("2024-09", (2024, 9), (2024, 9)),
        ("2024-01/2024-09", (2024, 1), (2024, 9)),
        ("2023/2024", (2023, 1), (2024, 12)),
        ("2023-Q4/2024-Q1", (2023, 10), (2024, 3)),
        ("2024-01/2024-01", (2024, 1), (2024, 1)),
        ("1800", (1800, 1), (1800, 12)),
        ("2100", (2100, 1), (2100, 12)),
    ],
)
def test_a_period_is_the_months_it_covers(text, start, end):
    """From its first month to its last, both included; the text is kept as written."""
    period = parse_period(text)
    assert (period.start, period.end, period.text) == (start, end, text)


@pytest.mark.parametrize(
    "text, message",
    [
        ("1799", "year 1799 in period '1799' is outside 1800–2100"),
        ("2101", "year 2101 in period '2101' is outside 1800–2100"),
        ("2023/2101-01", "year 2101 in period '2023/2101-01' is outside 1800–2100"),
        ("2024-13", "month 13 does not exist in period '2024-13'"),
        ("2024-00", "month 00 does not exist in period '2024-00'"),
        ("2024-09/2024-01", "period '2024-09/2024-01' ends before it starts"),
        (
            "2024-Q5",
            "expected a period such as 2023, 2024-Q3, 2024-09 or 2024-01/2024-09, got '2024-Q5'",
        ),
        (
            "2024-9",
            "expected a period such as 2023, 2024-Q3, 2024-09 or 2024-01/2024-09, got '2024-9'",
        ),
        (
            " 2024",
            "expected a period such as 2023, 2024-Q3, 2024-09 or 2024-01/2024-09, got ' 2024'",
        ),
    ],
)
def test_a_period_that_cannot_be_is_refused_saying_why(text, message):
    """Years 1800–2100, months 01–12, quarters Q1–Q4, a span that does not run backwards."""
    with pytest.raises(PeriodError) as raised:
        parse_period(text)
    assert str(raised.value) == message


@pytest.mark.parametrize(
    "text, months, is_year",
    [
        ("2023", 12, True),
        ("2023-01/2023-12", 12, True),
        ("2024-Q3", 3, False),
        ("2024-09", 1, False),
        ("2023-12/2024-01", 2, False),
        ("2023/2024", 24, False),
        ("2023-02/2024-01", 12, False),
    ],
)
def test_a_period_knows_its_length_and_whether_it_is_one_calendar_year(text, months, is_year):
    """Twelve months from January to December of one year is a year; twelve other months are not."""
    period = parse_period(text)
    assert (period.months, period.is_year) == (months, is_year)


def test_two_spellings_of_one_period_are_equal():
    """2023 and 2023-01/2023-12 are the same months: equal, whatever their text."""
    assert parse_period("2023") == parse_period("2023-01/2023-12")
    assert parse_period("2024-Q3") == parse_period("2024-07/2024-09")
    assert parse_period("2023") < parse_period("2024-01")


@pytest.mark.parametrize(
    "text, years, shifted",
    [
        ("2024", -1, "2023"),
        ("2024-Q3", -1, "2023-07/2023-09"),
        ("2024-09", -1, "2023-09"),
        ("2024-01/2024-09", 2, "2026-01/2026-09"),
        ("2023-12/2024-01", -1, "2022-12/2023-01"),
    ],
)
def test_a_period_shifted_by_years_keeps_its_months(text, years, shifted):
    """The same months a year earlier, written as the shortest text that says them."""
    period = parse_period(text).shifted_years(years)
    assert period.text == shifted
    assert period == parse_period(shifted)


@pytest.mark.parametrize(
    "start, end, text",
    [
        ((2023, 1), (2023, 12), "2023"),
        ((2023, 1), (2024, 12), "2023-01/2024-12"),
        ((2023, 5), (2023, 5), "2023-05"),
        ((2023, 1), (2023, 11), "2023-01/2023-11"),
        ((2023, 2), (2023, 12), "2023-02/2023-12"),
    ],
)
def test_the_text_of_a_range_of_months(start, end, text):
    """A whole year as its number, one month as YYYY-MM, anything else as a span of months."""
    assert format_period_text(start, end) == text


@pytest.mark.parametrize(
    "text, label",
    [
        ("2023", "2023"),
        ("2023-01/2023-12", "2023"),
        ("2024-09", "September 2024"),
        ("2024-Q1", "Q1 2024"),
        ("2024-Q3", "Q3 2024"),
        ("2024-Q4", "Q4 2024"),
        ("2024-02/2024-04", "February–April 2024"),  # three months, but not a quarter
        ("2024-01/2024-09", "January–September 2024"),
        ("2024-01/2024-02", "January–February 2024"),
        ("2023-11/2024-02", "November 2023–February 2024"),
        ("2023/2024", "January 2023–December 2024"),
    ],
)
def test_a_period_s_label_reads_as_a_reader_says_it(text, label):
    """'2023', 'Q3 2024', 'September 2024', 'January–September 2024', across years with both years."""
    assert parse_period(text).label() == label


def test_a_period_made_directly_labels_by_its_months():
    """The label comes from the months, never from the text."""
    assert Period((2024, 7), (2024, 9), "anything").label() == "Q3 2024"
