"""JSON Schema for each kind of data file, written from the models (never by hand).

Published in data/schema/ so an editor with the YAML language server checks a file as it is typed,
and used by the loader itself, so what the editor is told is what the build enforces.
"""

from __future__ import annotations

import json

from .models import FACT_SECTIONS, KINDS, Brief, Chart, data_fields

DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_FILES = {"facts": "facts.schema.json", "brief": "brief.schema.json"}


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
    return {
        "$schema": DRAFT,
        "$id": SCHEMA_FILES["facts"],
        "title": "Trade Briefs fact file (data/facts/*.yaml)",
        "type": "object",
        "x-expected": "a mapping with any of: " + ", ".join(FACT_SECTIONS),
        "additionalProperties": False,
        "minProperties": 1,
        "properties": {
            name: {"type": "array", "x-expected": "a list", "items": {"$ref": f"#/$defs/{name}"}}
            for name in FACT_SECTIONS
        },
        "$defs": {name: model_schema(model) for name, model in FACT_SECTIONS.items()},
    }


def brief_schema() -> dict:
    return {
        "$schema": DRAFT,
        "$id": SCHEMA_FILES["brief"],
        "title": "Trade Briefs brief (data/briefs/*.yaml)",
        **model_schema(Brief),
        "$defs": {"chart": model_schema(Chart)},
    }


def schema_files() -> dict[str, str]:
    """{file name: JSON text}, as published in data/schema/."""
    return {
        SCHEMA_FILES["facts"]: json.dumps(facts_schema(), indent=2, ensure_ascii=False) + "\n",
        SCHEMA_FILES["brief"]: json.dumps(brief_schema(), indent=2, ensure_ascii=False) + "\n",
    }
