"""One formatter for every number a reader sees: "$240.11 bn", "+26.3%", "−18.17", in each edition's language.

Babel does the locale work (grouping, decimal sign, currency symbols, the words for a billion); we only choose
the pattern, and the pattern always shows exactly the decimals the source printed, so 240.11 stays 240.11 and
1234.50 stays 1,234.50. The language is the edition being rendered (i18n.language()), or `locale=`.

House style, decided once (handbook/editions.md):
- English: "$240.11 bn", "26.3%".
- Russian (CLDR): "240,11 млрд $"; a percentage without CLDR's space, "26,3%", as Russian newsrooms write it.
- Chinese: the scale in 万 (10^4), 亿 (10^8) or 万亿 (10^12), as CLDR's compact forms and Chinese newsrooms
  count, the decimal point moved exactly (240.11 billion is 2401.1亿, by Decimal.scaleb, never a float),
  no thousands separator, the currency's name after it: "2401.1亿美元", as China's customs and Xinhua write it.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from babel import Locale
from babel.numbers import format_decimal, get_currency_name, get_currency_symbol

from tradebriefs.core.i18n import N_, gettext, language

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
# How each qualifier stands with its amount, as a message a catalog translates ("более {amount}", "超过{amount}").
QUALIFIED = {
    "about": N_("about {amount}"),
    "over": N_("over {amount}"),
    "under": N_("under {amount}"),
    "at least": N_("at least {amount}"),
    "at most": N_("at most {amount}"),
    "nearly": N_("nearly {amount}"),
}
SCALE_EXPONENTS = {"thousand": 3, "million": 6, "billion": 9, "trillion": 12}
# House style where it differs from CLDR (module docstring).
PERCENT_FORM = {"ru": "{n}%"}  # CLDR: "26,3 %"
UNGROUPED = {"zh"}  # amounts in 万/亿 without a thousands separator
NAME_AFTER = {"zh"}  # the currency's name after the amount (美元), not its symbol before it


def decimals_of(value: Decimal) -> int:
    """How many decimals the source printed: its precision."""
    return max(0, -value.as_tuple().exponent)


def format_number(value: Decimal, locale: str | None = None, *, grouped: bool = True) -> str:
    # Keyed by the literal, not the Decimal: Decimal("1.0") == Decimal("1.00"), but they print differently.
    return _format_literal(format(value, "f"), locale or language(), grouped)


@lru_cache(maxsize=1 << 14)
def _format_literal(literal: str, locale: str, grouped: bool = True) -> str:
    value = Decimal(literal)
    places = decimals_of(value)
    pattern = ("#,##0" if grouped else "0") + ("." + "0" * places if places else "")
    return format_decimal(value, format=pattern, locale=locale).replace("-", MINUS)


def format_percent(value: Decimal, locale: str | None = None) -> str:
    """'26.3%'; '26,3%' in Russian (house style, no space)."""
    locale = locale or language()
    return PERCENT_FORM.get(locale, "{n}%").format(n=format_number(value, locale))


def format_change(change: Decimal, locale: str | None = None) -> str:
    sign = "+" if change > 0 else ""
    return f"{sign}{format_percent(change, locale)}"


def split_unit(unit) -> tuple[str, str]:
    """(currency, scale) of a models.Unit or its text 'USD billion'."""
    currency, scale = str(unit).split(" ", 1)
    return currency, scale


@lru_cache(maxsize=512)
def currency_symbol(currency: str, locale: str) -> str:
    """'$' for USD in English: Babel parses the locale on every call, which a site asks 70,000 times."""
    return get_currency_symbol(currency, locale)


@lru_cache(maxsize=64)
def scale_form(scale: str, locale: str) -> tuple[int, str]:
    """How `locale` writes an amount in `scale`: (the power of ten to move the decimal point by, the word), from
    CLDR's compact decimal forms. Russian billions: (0, 'млрд'); Chinese billions: (1, '亿'), since CLDR writes
    10^9 as '00亿'; Chinese thousands: (3, ''), since CLDR has no word for 10^3 in Chinese."""
    exponent = SCALE_EXPONENTS[scale]
    forms = Locale.parse(locale).compact_decimal_formats["short"]["other"]
    pattern = forms[str(10**exponent)].pattern
    zeros = pattern.count("0")
    word = pattern.replace("0", "").replace("'", "").strip().replace("\xa0", "")
    return (zeros - 1, word) if word else (exponent, "")


def format_amount(value: Decimal, unit, *, long: bool = False, locale: str | None = None) -> str:
    """'$240.11 bn' (or '$240.11 billion' with long=True); the sign goes before the symbol: −$18.17 bn.
    A share (unit percent) is '30.7%'. Russian: '240,11 млрд $'; Chinese: '2401.1亿美元'."""
    locale = locale or language()
    if str(unit) == PERCENT:
        return format_percent(value, locale)
    if locale != LOCALE:
        return _format_amount_cldr(value, unit, locale)
    currency, scale = split_unit(unit)
    symbol = currency_symbol(currency, locale)
    number = format_number(abs(value), locale)
    sign = MINUS if value < 0 else ""
    scale_word = scale if long else SCALE_SHORT[scale]
    if len(symbol) > 1 and not symbol.endswith("$") and not symbol.endswith("¥"):
        return f"{sign}{number} {scale_word} {symbol}"  # e.g. RUB: '12.5 bn RUB'
    return f"{sign}{symbol}{number} {scale_word}"


def _format_amount_cldr(value: Decimal, unit, locale: str) -> str:
    currency, scale = split_unit(unit)
    shift, word = scale_form(scale, locale)
    number = format_number(abs(value).scaleb(shift), locale, grouped=locale not in UNGROUPED)
    sign = MINUS if value < 0 else ""
    if locale in NAME_AFTER:
        return f"{sign}{number}{word}{currency_name(currency, locale)}"
    return f"{sign}{number}\xa0{word}\xa0{currency_symbol(currency, locale)}"


@lru_cache(maxsize=512)
def currency_name(currency: str, locale: str) -> str:
    return get_currency_name(currency, locale=locale)


def qualified(qualifier: str, amount: str) -> str:
    """An amount with its qualifier, in the language being rendered: 'over $180 bn', 'более 180 млрд $'."""
    if qualifier == "exact":
        return amount
    return gettext(QUALIFIED[qualifier]).format(amount=amount)


def format_qualified(value: Decimal, unit, qualifier: str, *, long: bool = False) -> str:
    """'over $180 bn', 'about $110.97 bn', '$240.11 bn', 'about 30.7%'."""
    return qualified(qualifier, format_amount(value, unit, long=long))


# An ordinal as a rank's place is written where the language does not spell it out.
ORDINAL_FORMS = {"ru": "{n}-е", "zh": "第{n}"}


def ordinal(n: int) -> str:
    if (form := ORDINAL_FORMS.get(language())) is not None:
        return form.format(n=n)
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
