"""Country codes and names: ISO 3166-1 from pycountry, short English names from CLDR (Babel).

pycountry's official names ("Korea, Republic of") read badly in prose; CLDR's ("South Korea") are what
newsrooms print, and come in every locale (Russian names help search).

Besides countries, a figure's partner (or reporter) can be an *area*: the world, `WLD` (UN M49 001, as the
World Bank and UN Comtrade's ISO column write it), or a group of countries a fact file declares under
`groups:` (`EU`, `ASEAN`). A group is named by CLDR when CLDR knows its code (EU: "the European Union"),
else by its code, which is how newsrooms print it (ASEAN, BRICS).
"""

from __future__ import annotations

import re
from functools import cache

import pycountry
from babel import Locale

from tradebriefs.core.i18n import language


@cache
def _country(alpha_3: str):
    return pycountry.countries.get(alpha_3=alpha_3)


WORLD = "WLD"
# Group codes CLDR names (its territory codes), with the article prose needs before them.
CLDR_GROUPS = {"EU": "the ", "EZ": "the ", "UN": "the "}
# How a group code is written: not three letters (those are ISO 3166-1 codes, or WLD), so a typo in a
# country's code is never taken for a group.
GROUP_CODE = r"^(?![A-Z]{3}$)[A-Z][A-Z0-9]{1,9}$"


def is_country(alpha_3: str) -> bool:
    return _country(alpha_3) is not None


def is_area(code: str) -> bool:
    """A country, or the world: what a figure can name without a group's declaration."""
    return code == WORLD or is_country(code)


def is_group_code(code: str) -> bool:
    """Written as a group's code (EU, ASEAN, G20): checked against the groups the data declares."""
    return re.match(GROUP_CODE, code) is not None


def is_aggregate(code: str) -> bool:
    """The world or a group: several countries, so a partner without pages of its own."""
    return code == WORLD or not is_country(code)


def alpha_3_for(alpha_2: str) -> str | None:
    """NO -> NOR: editors often write the two-letter code (and YAML reads a bare NO as false)."""
    country = (
        pycountry.countries.get(alpha_2=alpha_2.upper())
        if len(alpha_2) == 2 and alpha_2.isalpha()
        else None
    )
    return country.alpha_3 if country else None


def is_currency(code: str) -> bool:
    return pycountry.currencies.get(alpha_3=code) is not None


def country_name(alpha_3: str, locale: str | None = None) -> str:
    """'China'; 'the world' for WLD; 'the European Union' for EU; a group's code otherwise ('ASEAN'). In the
    language being rendered (i18n.language()) unless `locale` is given: 'Китай', '中国'."""
    return _country_name(alpha_3, locale or language())


@cache
def _country_name(alpha_3: str, locale: str) -> str:
    country = _country(alpha_3)
    territories = Locale.parse(locale).territories
    if alpha_3 == WORLD:
        return "the " + territories["001"].lower() if locale == "en" else territories["001"]
    if country is None:
        if alpha_3 in CLDR_GROUPS and alpha_3 in territories:
            return (CLDR_GROUPS[alpha_3] if locale == "en" else "") + territories[alpha_3]
        return alpha_3
    return territories.get(country.alpha_2, country.name)


def title_name(code: str) -> str:
    """A name at the start of a title or sentence: 'The world', 'China'."""
    name = country_name(code)
    return name[:1].upper() + name[1:]  # Russian 'мир' -> 'Мир'; Chinese has no case


def country_slug(alpha_3: str) -> str:
    return alpha_3.lower()


def pair_key(a: str, b: str) -> tuple[str, str]:
    """Two countries as one unordered pair: China–Russia and Russia–China are one pair's pages."""
    return tuple(sorted((a, b)))
