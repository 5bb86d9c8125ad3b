"""Periods: a year `2023`, a quarter `2024-Q3`, a month `2024-09`, or a span `2024-01/2024-09` (ISO 8601)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from babel.dates import format_interval, format_skeleton

from tradebriefs.core.i18n import SOURCE_LANGUAGE, language

POINT = r"(?P<{n}y>[0-9]{{4}})(?:-(?:Q(?P<{n}q>[1-4])|(?P<{n}m>[0-9]{{2}})))?"
_PERIOD = re.compile("^" + POINT.format(n="a") + "(?:/" + POINT.format(n="b") + ")?$")
MONTHS_PER_QUARTER = 3
# Years a trade figure can be of: customs statistics go back to the 19th century, and a year beyond 2100 is
# a typo. Year 0000 would also print as period -1 in a CSV (a year before year 1).
FIRST_YEAR, LAST_YEAR = 1800, 2100


class PeriodError(ValueError):
    pass


class MonthDate(dt.date):
    """A date printed to the month only ('December 2023'): a source that gives no day keeps none. It sorts as
    the month's first day and prints as the month: isoformat() is '2023-12' (ISO 8601, as schema.org takes)."""

    def isoformat(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    __str__ = isoformat

    def __repr__(self) -> str:
        return f"MonthDate({self.year}, {self.month})"


@dataclass(frozen=True, order=True)
class Period:
    """A closed range of months, [start, end], each as (year, month); `text` is how the data file wrote it."""

    start: tuple[int, int]
    end: tuple[int, int]
    text: str = field(compare=False)  # 2023 and 2023-01/2023-12 are the same period

    @property
    def is_year(self) -> bool:
        return self.start == (self.start[0], 1) and self.end == (self.start[0], 12)

    @property
    def months(self) -> int:
        return (self.end[0] - self.start[0]) * 12 + self.end[1] - self.start[1] + 1

    @property
    def is_quarter(self) -> bool:
        return (
            self.start[0] == self.end[0]
            and self.start[1] % MONTHS_PER_QUARTER == 1
            and self.months == MONTHS_PER_QUARTER
        )

    def shifted_months(self, months: int) -> Period:
        """The same length of time `months` later (earlier when negative): 2024-01 shifted by -1 is 2023-12."""

        def shift(point: tuple[int, int]) -> tuple[int, int]:
            index = point[0] * 12 + point[1] - 1 + months
            return index // 12, index % 12 + 1

        start, end = shift(self.start), shift(self.end)
        return Period(start, end, format_period_text(start, end, quarter=self.is_quarter))

    def shifted_years(self, years: int) -> Period:
        start = (self.start[0] + years, self.start[1])
        end = (self.end[0] + years, self.end[1])
        return Period(start, end, format_period_text(start, end))

    def label(self) -> str:
        return label_period(self)


def _point(
    year: str, quarter: str | None, month: str | None, text: str
) -> tuple[tuple[int, int], tuple[int, int]]:
    y = int(year)
    if not FIRST_YEAR <= y <= LAST_YEAR:
        raise PeriodError(f"year {year} in period '{text}' is outside {FIRST_YEAR}–{LAST_YEAR}")
    if quarter:
        q = int(quarter)
        return (y, (q - 1) * MONTHS_PER_QUARTER + 1), (y, q * MONTHS_PER_QUARTER)
    if month:
        m = int(month)
        if not 1 <= m <= 12:
            raise PeriodError(f"month {month} does not exist in period '{text}'")
        return (y, m), (y, m)
    return (y, 1), (y, 12)


def parse_period(text: str) -> Period:
    match = _PERIOD.match(text)
    if not match:
        raise PeriodError(
            f"expected a period such as 2023, 2024-Q3, 2024-09 or 2024-01/2024-09, got '{text}'"
        )
    g = match.groupdict()
    start, end = _point(g["ay"], g["aq"], g["am"], text)
    if g["by"]:
        _, end = _point(g["by"], g["bq"], g["bm"], text)
        if end < start:
            raise PeriodError(f"period '{text}' ends before it starts")
    return Period(start, end, text)


def format_period_text(
    start: tuple[int, int], end: tuple[int, int], *, quarter: bool = False
) -> str:
    if start[1] == 1 and end[1] == 12 and start[0] == end[0]:
        return str(start[0])
    if quarter:
        return f"{start[0]}-Q{(start[1] + 2) // 3}"
    if start == end:
        return f"{start[0]}-{start[1]:02d}"
    return f"{start[0]}-{start[1]:02d}/{end[0]}-{end[1]:02d}"


def label_period(period: Period) -> str:
    """Reader-facing label: '2023', 'Q3 2024', 'September 2024', 'January–September 2024'; in another edition's
    language, CLDR's forms: 'январь — сентябрь 2024 г.', '2024年1月 – 9月' (i18n.language())."""
    lang = language()
    if lang != SOURCE_LANGUAGE:
        return _cldr_label(period.start, period.end, lang)
    (y1, m1), (y2, m2) = period.start, period.end
    name = calendar.month_name
    if y1 == y2 and m1 == 1 and m2 == 12:
        return str(y1)
    if y1 == y2 and m1 == m2:
        return f"{name[m1]} {y1}"
    if y1 == y2 and m2 - m1 == 2 and m1 % 3 == 1:
        return f"Q{(m1 + 2) // 3} {y1}"
    if y1 == y2:
        return f"{name[m1]}–{name[m2]} {y1}"
    return f"{name[m1]} {y1}–{name[m2]} {y2}"


@lru_cache(maxsize=1 << 12)
def _cldr_label(start: tuple[int, int], end: tuple[int, int], lang: str) -> str:
    (y1, m1), (y2, m2) = start, end
    first = dt.date(y1, m1, 1)
    if y1 == y2 and m1 == 1 and m2 == 12:
        return format_skeleton("y", first, locale=lang)
    if y1 == y2 and m1 == m2:
        return format_skeleton("yMMMM", first, locale=lang)
    if y1 == y2 and m2 - m1 == 2 and m1 % 3 == 1:
        return format_skeleton("yQQQQ", first, locale=lang)
    return format_interval(first, dt.date(y2, m2, 1), "yMMMM", locale=lang)
