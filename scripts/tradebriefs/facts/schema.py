"""JSON Schema for each kind of data file, written from the models (never by hand).

Published in data/schema/ so an editor with the YAML language server checks a file as it is typed,
and used by the loader itself, so what the editor is told is what the build enforces.
"""

from __future__ import annotations

import json

from tradebriefs.facts.models import (
    FACT_SECTIONS,
    KINDS,
    Brief,
    Chart,
    Figure,
    QuoteTranslation,
    Translation,
    data_fields,
)

DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_FILES = {"facts": "facts.schema.json", "brief": "brief.schema.json"}
# What a fact file's `defaults:` may give: every record of the file that lacks one of these keys takes the
# default (validate.with_defaults); a record's own value wins. The keys are figures' fields; `source` is
# also the source of the file's ranks and quotes.
DEFAULT_FIELDS = (
    "reporter",
    "partner",
    "flow",
    "period",
    "unit",
    "qualifier",
    "basis",
    "source",
    "status",
    "by",
    "made",
    "change_on",
)
DEFAULTS_APPLY_TO = {"figures": DEFAULT_FIELDS, "ranks": ("source",), "quotes": ("source",)}


def _item_schema(f) -> dict:
    meta = f.metadata
    if meta["model"] is not None:
        return {"$ref": f"#/$defs/{meta['model'].__name__.lower()}"}
    if meta["choices"]:
        choices = [str(c) for c in meta["choices"]]
        return {"type": "string", "enum": choices, "x-expected": "one of: " + ", ".join(choices)}
    fragment, expected = KINDS[meta["kind"]]
    if meta.get("max_length"):
        fragment = {**fragment, "maxLength": meta["max_length"]}
    if "maxLength" in fragment and meta["kind"] == "text":
        expected = f"text of at most {fragment['maxLength']:,} characters, not only spaces"
    elif meta["kind"] == "markdown":
        expected = f"Markdown text of at most {fragment['maxLength']:,} characters"
    return {**fragment, "x-expected": expected}


def field_schema(f) -> dict:
    meta = f.metadata
    item = _item_schema(f)
    if not meta["many"]:
        return {"description": meta["doc"], **item}
    low, high = meta.get("min_items", 0), meta.get("max_items", 0)
    array = {
        "description": meta["doc"],
        "type": "array",
        "items": item,
        "x-expected": f"a list of {low} to {high}" if low else f"a list of at most {high}",
    }
    array.update({"minItems": low} if low else {}, **({"maxItems": high} if high else {}))
    if meta["exactly"]:
        array.update(
            minItems=meta["exactly"],
            maxItems=meta["exactly"],
            **{"x-expected": f"a list of exactly {meta['exactly']}"},
        )
    return array


def model_schema(model: type) -> dict:
    fs = data_fields(model)
    return {
        "type": "object",
        "description": (model.__doc__ or model.__name__).strip().splitlines()[0],
        "x-expected": "a mapping of keys to values",
        "additionalProperties": False,
        "required": [f.name for f in fs if f.metadata["required"]],
        "properties": {f.name: field_schema(f) for f in fs},
    }


def facts_schema() -> dict:
    defs = {name: model_schema(model) for name, model in FACT_SECTIONS.items()}
    for section, names in DEFAULTS_APPLY_TO.items():  # required unless the defaults give them
        defs[section]["required"] = [k for k in defs[section]["required"] if k not in names]
    defs["quotetranslation"] = model_schema(QuoteTranslation)
    return {
        "$schema": DRAFT,
        "$id": SCHEMA_FILES["facts"],
        "title": "Trade Briefs fact file (data/facts/*.yaml)",
        "type": "object",
        "x-expected": "a mapping with any of: " + ", ".join(FACT_SECTIONS),
        "additionalProperties": False,
        "minProperties": 1,
        "properties": {
            "defaults": defaults_schema(),
            **{
                name: {
                    "type": "array",
                    "x-expected": "a list",
                    "items": {"$ref": f"#/$defs/{name}"},
                }
                for name in FACT_SECTIONS
            },
        },
        "allOf": [defaults_need_records(), *required_unless_defaulted()],
        "$defs": defs,
    }


def defaults_schema() -> dict:
    """The `defaults:` mapping: the figure fields a file's records may take from it, with the figures' schemas."""
    figure = {f.name: f for f in data_fields(Figure)}
    return {
        "type": "object",
        "description": "Values for every record of this file that does not give its own: "
        + ", ".join(DEFAULT_FIELDS)
        + " for figures, and source for ranks and quotes too",
        "x-expected": "a mapping of keys to values",
        "additionalProperties": False,
        "properties": {name: field_schema(figure[name]) for name in DEFAULT_FIELDS},
    }


def defaults_need_records() -> dict:
    """A file of defaults alone has nothing to fill in: it also holds at least one section."""
    return {
        "if": {"required": ["defaults"]},
        "then": {
            "anyOf": [{"required": [name]} for name in FACT_SECTIONS],
            "x-expected": "at least one of "
            + ", ".join(FACT_SECTIONS)
            + " beside defaults (defaults fill in this file's records)",
        },
    }


def required_unless_defaulted() -> list[dict]:
    """A required key that defaults may give is required of each record when the file's defaults do not give it."""
    conditions = []
    for name in DEFAULT_FIELDS:
        required = {
            section: f.metadata["doc"]
            for section, model in FACT_SECTIONS.items()
            for f in data_fields(model)
            if f.name == name
            and f.metadata["required"]
            and name in DEFAULTS_APPLY_TO.get(section, ())
        }
        if not required:
            continue
        # "missing required key" names the key's description: the record's own schema no longer lists it.
        each = {
            section: {"items": {"required": [name], "properties": {name: {"description": doc}}}}
            for section, doc in required.items()
        }
        given = {"defaults": {"type": "object", "required": [name]}}
        conditions.append(
            {"if": {"required": ["defaults"], "properties": given}, "else": {"properties": each}}
        )
    return conditions


def brief_schema() -> dict:
    return {
        "$schema": DRAFT,
        "$id": SCHEMA_FILES["brief"],
        "title": "Trade Briefs brief (data/briefs/*.yaml)",
        **model_schema(Brief),
        "$defs": {"chart": model_schema(Chart), "translation": model_schema(Translation)},
    }


def schema_files() -> dict[str, str]:
    """{file name: JSON text}, as published in data/schema/."""
    return {
        SCHEMA_FILES["facts"]: json.dumps(facts_schema(), indent=2, ensure_ascii=False) + "\n",
        SCHEMA_FILES["brief"]: json.dumps(brief_schema(), indent=2, ensure_ascii=False) + "\n",
    }
