"""The field reference: every field of every record a data file holds, from the same declarations as the JSON
Schema (models.py, schema.py), so the page editors and readers read cannot drift from what `check` enforces."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from tradebriefs.core.text import md
from tradebriefs.facts.models import (
    FACT_SECTIONS,
    KINDS,
    Brief,
    Chart,
    QuoteTranslation,
    Translation,
    data_fields,
    default_of,
)
from tradebriefs.facts.schema import field_schema

# One example of each kind of value, as an editor writes it in YAML.
EXAMPLES = {
    "id": "cn-ru-exports-2023",
    "text": "China's exports to Russia",
    "markdown": "Trade grew {{cn-ru-turnover-2023.change}} …",
    "country": "CHN",
    "area": "CHN",
    "group": "ASEAN",
    "hs": "'1201'",
    "whole": "WLD",
    "flag": "true",
    "period": "2024-01/2024-09",
    "decimal": "110.97",
    "percent": "46.9",
    "count": "4",
    "date": "2024-10-28",
    "published": "2024-10-28",
    "url": "https://tass.com/economy/1863483",
    "lang": "ru",
    "unit": "USD billion",
}
# Better examples than the kind's for fields whose meaning the kind's example does not show.
FIELD_EXAMPLES = {
    "publisher": "TASS",
    "title": "Russia has become one of China's foreign trade drivers",
    "partner": "RUS",
    "of": "CHN",
    "basis": "in dollar terms",
    "notes": "[record]",
    "speaker": "Alexey Dakhnovsky",
    "role": "Russia's Trade Representative in China",
    "place": "Beijing",
    "tags": "[China, customs statistics]",
    "slug": "2024-10-28-russia-china-trade-drivers",
    "summary": "Russia–China trade kept growing in 2024.",
    "source": "tass-2024-10-28-dakhnovsky",
    "via": "tass-2024-10-28-dakhnovsky",
    "pair": "[CHN, RUS]",
    "above": "[USA, JPN, KOR]",
    "text": "Russia has become a really important market",
    "figures": "[cn-ru-exports-2023, cn-ru-imports-2023]",
    "headline": "cn-ru-turnover-2023",
    "revises": "cn-ru-exports-2023-preliminary",
    "alternative_to": "cn-ru-exports-2023-customs",
    "members": "[BRN, KHM, IDN, LAO, MYS, MMR, PHL, SGP, THA, VNM]",
    "note": "the 27 members since February 2020",
    "product": "soya",
    "by": "Brazil's trade ministry",
    "favours": "RUS",
}
KIND_NAMES = {
    "id": "id",
    "text": "text",
    "markdown": "Markdown",
    "country": "country code",
    "area": "country, world or group code",
    "group": "group code",
    "hs": "HS code",
    "whole": "partner code or all goods",
    "flag": "true or false",
    "period": "period",
    "decimal": "number",
    "percent": "percent",
    "count": "whole number",
    "date": "date",
    "published": "date or month",
    "url": "address",
    "lang": "language code",
    "translation": "translation",
    "quotetranslation": "quote translation",
    "unit": "unit",
    "chart": "chart",
}


@dataclass(frozen=True)
class FieldRow:
    name: Markup  # as code
    kind: str
    required: str
    allowed: str  # the values or the bounds the schema states
    meaning: str
    example: Markup  # as code


def code(text: str) -> Markup:
    """Inline code in a Markdown table: escaped as Markdown text inside <code> (a backtick span would show
    the escapes)."""
    return Markup(f"<code>{md(text)}</code>") if text else Markup("")


@dataclass(frozen=True)
class RecordView:
    name: str  # what an editor writes it under
    where: str  # the file and key it goes in
    doc: str
    fields: tuple[FieldRow, ...]


def allowed_values(f) -> str:
    """What the schema allows, in words: choices, references, list sizes, bounds."""
    meta, schema = f.metadata, field_schema(f)
    item = schema.get("items", schema)
    parts = []
    if meta["choices"]:
        parts.append("one of " + ", ".join(str(c) for c in meta["choices"]))
    elif meta["model"] is None:
        parts.append(KINDS[meta["kind"]][1])
    if meta["ref"]:
        parts.append(f"the id of a {meta['ref']}")
    if schema.get("type") == "array":
        low, high = schema.get("minItems", 0), schema.get("maxItems")
        parts.append(f"a list of {low} to {high}" if low else f"a list of up to {high}")
    if "maxLength" in item and meta["kind"] == "text":
        parts.append(f"at most {item['maxLength']:,} characters")
    default = default_of(f)
    if default not in (None, ()):
        parts.append(f"default {default}")
    return "; ".join(parts)


# A translation's fields are shown in the language they are written in.
TRANSLATED_EXAMPLES = {
    "title": "Торговля выросла до рекорда",
    "place": "Пекин",
    "summary": "Товарооборот продолжил расти в 2024 году.",
    "body": "Товарооборот вырос на {{cn-ru-turnover-2023.change}} …",
    "text": "Это действительно важный рынок",
    "role": "торговый представитель России в Китае",
    "speaker": "Алексей Дахновский",
}
TRANSLATIONS = ("Translation", "QuoteTranslation")


def example_of(f, model: type | None = None) -> str:
    meta = f.metadata
    if model is not None and model.__name__ in TRANSLATIONS and f.name in TRANSLATED_EXAMPLES:
        return TRANSLATED_EXAMPLES[f.name]
    if meta["choices"]:
        return str(meta["choices"][0])
    if meta["model"] is not None:
        return f"see {meta['model'].__name__}"
    if f.name in FIELD_EXAMPLES:
        return FIELD_EXAMPLES[f.name]
    value = EXAMPLES.get(meta["kind"], "")
    return f"[{value}, …]" if meta["many"] else value


def record_view(name: str, where: str, model: type) -> RecordView:
    rows = tuple(
        FieldRow(
            code(f.name),
            KIND_NAMES.get(f.metadata["kind"], f.metadata["kind"]),
            "yes" if f.metadata["required"] else "no",
            allowed_values(f),
            f.metadata["doc"],
            code(example_of(f, model)),
        )
        for f in data_fields(model)
    )
    return RecordView(name, where, (model.__doc__ or "").strip().splitlines()[0], rows)


def field_reference() -> tuple[RecordView, ...]:
    """Every record a data file may hold, with every field."""
    records = [
        record_view(
            model.__name__, f"a fact file (data/facts/*.yaml), as a list under {section}:", model
        )
        for section, model in FACT_SECTIONS.items()
    ]
    records.append(record_view("Brief", "data/briefs/<slug>.yaml, one per file", Brief))
    records.append(record_view("Chart", "a brief's list of charts", Chart))
    records.append(record_view("Translation", "a brief's list of translations", Translation))
    records.append(
        record_view("QuoteTranslation", "a quote's list of translations", QuoteTranslation)
    )
    return tuple(records)
