"""What a printed figure can mean: an interval, from its precision and its qualifier.

240.11 printed with two decimals is anything in [240.105, 240.115]; "about 110.97" widens that by one
unit of the last printed digit; "over 180" is everything above 180. Checks compare intervals, so a sum
that holds within rounding holds, and one that cannot hold is caught.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

INF = Decimal("Infinity")
HALF = Decimal("0.5")
# "nearly 180": a little under 180. How far under is not printed; 5% is the widest we read it as.
NEARLY_FRACTION = Decimal("0.05")


@dataclass(frozen=True)
class Interval:
    lo: Decimal
    hi: Decimal

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.lo + other.lo, self.hi + other.hi)

    def __sub__(self, other: Interval) -> Interval:
        return Interval(self.lo - other.hi, self.hi - other.lo)

    def intersects(self, other: Interval) -> bool:
        return self.lo <= other.hi and other.lo <= self.hi

    def gap(self, other: Interval) -> Decimal:
        """How far apart two intervals are (0 when they meet)."""
        return max(Decimal(0), self.lo - other.hi, other.lo - self.hi)

    def scaled(self, factor: Decimal) -> Interval:
        a, b = self.lo * factor, self.hi * factor
        return Interval(min(a, b), max(a, b))

    def ratio_to(self, other: Interval) -> Interval | None:
        """self / other, for positive intervals; None when other may be zero or negative."""
        if other.lo <= 0 or self.lo < 0:
            return None
        return Interval(self.lo / other.hi, self.hi / other.lo if other.lo else INF)

    def show(self, places: int = 4) -> str:
        def one(x: Decimal) -> str:
            if x.is_infinite():
                return "∞" if x > 0 else "−∞"
            return format(round(x, places).normalize(), "f").replace("-", "−")

        if self.lo == self.hi:
            return one(self.lo)
        return f"{one(self.lo)} to {one(self.hi)}"


def unit_of(value: Decimal) -> Decimal:
    """One unit of the last printed digit: 0.01 for 240.11, 1 for 180."""
    return Decimal(1).scaleb(value.as_tuple().exponent)


def value_interval(value: Decimal, qualifier: str = "exact") -> Interval:
    unit = unit_of(value)
    half = unit * HALF
    if qualifier == "exact":
        return Interval(value - half, value + half)
    if qualifier == "about":
        return Interval(value - half - unit, value + half + unit)
    if qualifier in ("over", "at least"):
        return Interval(value, INF)
    if qualifier in ("under", "at most"):
        return Interval(-INF, value)
    if qualifier == "nearly":
        return Interval(value - abs(value) * NEARLY_FRACTION, value)
    raise ValueError(f"unknown qualifier {qualifier!r}")


def change_interval(change: Decimal) -> Interval:
    """A growth rate printed as 26.3 is anything in [26.25, 26.35] points."""
    half = unit_of(change) * HALF
    return Interval(change - half, change + half)
