"""One formatter for every number a reader sees: "$240.11 bn", "+26.3%", "−18.17".

Babel does the locale work (grouping, decimal sign, currency symbols); we only choose the pattern,
and the pattern always shows exactly the decimals the source printed, so 240.11 stays 240.11 and
1234.50 stays 1,234.50.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from babel.numbers import format_decimal, get_currency_symbol

LOCALE = "en"
MINUS = (
    "\u2212"  # typographic minus: screen readers say "minus", and it does not wrap from its digits
)
PERCENT = "percent"  # a share's unit (models.PERCENT; this module imports no model)
SCALE_SHORT = {"thousand": "k", "million": "mn", "billion": "bn", "trillion": "tn"}
QUALIFIER_WORDS = {
    "exact": "",
    "about": "about",
    "over": "over",
    "under": "under",
    "at least": "at least",
    "at most": "at most",
    "nearly": "nearly",
}


def decimals_of(value: Decimal) -> int:
    """How many decimals the source printed: its precision."""
    return max(0, -value.as_tuple().exponent)


def format_number(value: Decimal, locale: str = LOCALE) -> str:
    # Keyed by the literal, not the Decimal: Decimal("1.0") == Decimal("1.00"), but they print differently.
    return _format_literal(format(value, "f"), locale)


@lru_cache(maxsize=1 << 14)
def _format_literal(literal: str, locale: str) -> str:
    value = Decimal(literal)
    places = decimals_of(value)
    pattern = "#,##0" + ("." + "0" * places if places else "")
    return format_decimal(value, format=pattern, locale=locale).replace("-", MINUS)


def format_change(change: Decimal, locale: str = LOCALE) -> str:
    sign = "+" if change > 0 else ""
    return f"{sign}{format_number(change, locale)}%"


def split_unit(unit) -> tuple[str, str]:
    """(currency, scale) of a models.Unit or its text 'USD billion'."""
    currency, scale = str(unit).split(" ", 1)
    return currency, scale


@lru_cache(maxsize=512)
def currency_symbol(currency: str, locale: str) -> str:
    """'$' for USD in English: Babel parses the locale on every call, which a site asks 70,000 times."""
    return get_currency_symbol(currency, locale)


def format_amount(value: Decimal, unit, *, long: bool = False, locale: str = LOCALE) -> str:
    """'$240.11 bn' (or '$240.11 billion' with long=True); the sign goes before the symbol: −$18.17 bn.
    A share (unit percent) is '30.7%'."""
    if str(unit) == PERCENT:
        return f"{format_number(value, locale)}%"
    currency, scale = split_unit(unit)
    symbol = currency_symbol(currency, locale)
    number = format_number(abs(value), locale)
    sign = MINUS if value < 0 else ""
    scale_word = scale if long else SCALE_SHORT[scale]
    if len(symbol) > 1 and not symbol.endswith("$") and not symbol.endswith("¥"):
        return f"{sign}{number} {scale_word} {symbol}"  # e.g. RUB: '12.5 bn RUB'
    return f"{sign}{symbol}{number} {scale_word}"


def format_qualified(value: Decimal, unit, qualifier: str, *, long: bool = False) -> str:
    """'over $180 bn', 'about $110.97 bn', '$240.11 bn', 'about 30.7%'."""
    words = QUALIFIER_WORDS[qualifier]
    amount = format_amount(value, unit, long=long)
    return f"{words} {amount}" if words else amount


def ordinal(n: int) -> str:
    words = {
        1: "first",
        2: "second",
        3: "third",
        4: "fourth",
        5: "fifth",
        6: "sixth",
        7: "seventh",
        8: "eighth",
        9: "ninth",
        10: "tenth",
    }
    if n in words:
        return words[n]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
