"""Country codes and names: ISO 3166-1 from pycountry, short English names from CLDR (Babel).

pycountry's official names ("Korea, Republic of") read badly in prose; CLDR's ("South Korea") are what
newsrooms print, and come in every locale (Russian names help search).
"""

from __future__ import annotations

from functools import cache

import pycountry
from babel import Locale


@cache
def _country(alpha_3: str):
    return pycountry.countries.get(alpha_3=alpha_3)


def is_country(alpha_3: str) -> bool:
    return _country(alpha_3) is not None


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


@cache
def country_name(alpha_3: str, locale: str = "en") -> str:
    country = _country(alpha_3)
    if country is None:
        return alpha_3
    return Locale.parse(locale).territories.get(country.alpha_2, country.name)


def country_slug(alpha_3: str) -> str:
    return alpha_3.lower()


def pair_key(a: str, b: str) -> tuple[str, str]:
    """Two countries as one unordered pair: China–Russia and Russia–China are one pair's pages."""
    return tuple(sorted((a, b)))
