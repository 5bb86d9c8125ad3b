"""The benchmark's report: its figures rounded for reading, and the JSON written out (`python -m bench --out`)."""

from __future__ import annotations

import json
from pathlib import Path

MIB = 1024 * 1024


def rounded(value, digits: int = 2):
    """Floats rounded to `digits`, in dicts and lists too; anything else as it is."""
    if isinstance(value, float):
        return round(value, digits)
    if isinstance(value, dict):
        return {k: rounded(v, digits) for k, v in value.items()}
    if isinstance(value, list):
        return [rounded(v, digits) for v in value]
    return value


def mib(size: int, digits: int = 1) -> float:
    return round(size / MIB, digits)


def write_report(report: dict, out: Path | None) -> str:
    """The report as indented JSON; also written to `out` (its folder made) when given."""
    text = json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    return text
