"""Derive: figures that follow from reported ones. Pure: figures in, derived figures out."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .models import Figure
from .numbers import decimals_of


@dataclass(frozen=True)
class Derived:
    """A figure computed from reported ones: never shown without its formula and inputs."""

    id: str
    label: str
    value: Decimal
    unit: str
    formula: str
    inputs: tuple[str, ...]


def balance_of(exports: Figure, imports: Figure) -> Derived:
    """Exports minus imports, at the precision of the less precise input."""
    places = min(decimals_of(exports.value), decimals_of(imports.value))
    value = (exports.value - imports.value).quantize(Decimal(1).scaleb(-places))
    ident = f"{exports.id}-minus-{imports.id}"
    return Derived(ident, "balance", value, exports.unit, f"{exports.value} − {imports.value}", (exports.id, imports.id))
