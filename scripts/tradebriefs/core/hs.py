"""Commodities: Harmonized System codes and their official descriptions (HS 2022, as UN Comtrade publishes them).

A code is a chapter (2 digits, `27`), a heading (4, `2709`) or a subheading (6, `270900`); each lies within
the code made of its first digits. The table is reference data bundled with the package
(reference/hs2022.tsv, public domain), read once.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

HS_CODE = re.compile(r"[0-9]{2}(?:[0-9]{2}(?:[0-9]{2})?)?")
LEVELS = {2: "chapter", 4: "heading", 6: "subheading"}


@cache
def _table() -> dict[str, str]:
    text = files(__package__).joinpath("reference/hs2022.tsv").read_text(encoding="utf-8")
    table = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            code, description = line.split("\t", 1)
            table[code] = description
    return table


def is_hs_code(code: str) -> bool:
    return bool(HS_CODE.fullmatch(code)) and code in _table()


def hs_description(code: str) -> str:
    """'Soya beans, whether or not broken' for 1201; the code itself when the table lacks it."""
    return _table().get(code, code)


def hs_level(code: str) -> str:
    return LEVELS.get(len(code), "code")


def hs_parents(code: str) -> tuple[str, ...]:
    """The codes a code lies within, nearest first: 120190 -> (1201, 12)."""
    return tuple(code[:n] for n in (4, 2) if n < len(code))


def within(code: str, other: str) -> bool:
    """True when `code` is `other` or lies within it (1201 within 12)."""
    return code.startswith(other)


def close_codes(code: str, n: int = 3) -> list[str]:
    """Codes that exist near a mistyped one: its parents, else the nearest codes of its length."""
    table = _table()
    parents = [p for p in hs_parents(code) if p in table]
    if parents:
        return parents[:n]
    same = sorted((c for c in table if len(c) == len(code)), key=lambda c: abs(int(c) - int(code)))
    return same[:n] if code.isdigit() else []
