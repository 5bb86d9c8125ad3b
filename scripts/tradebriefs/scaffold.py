"""`tradebriefs new brief`: a brief file with every field and a comment on each, and a fact file skeleton for a
pair that has no figures yet. What is not known yet is a placeholder, `TODO: ...`, which `check` lists as the
work left ("title: still the placeholder"), never as a type error. Pure: text out; cli.py writes it."""

from __future__ import annotations

import datetime as dt
import json
import textwrap

from .countries import country_name, country_slug, pair_key
from .models import PLACEHOLDER, Brief, Figure, Source, data_fields


def todo(what: str) -> str:
    return json.dumps(f"{PLACEHOLDER} {what}", ensure_ascii=False)


def comment(field) -> list[str]:
    required = "required" if field.metadata["required"] else "optional"
    return [
        f"# {line}"
        for line in textwrap.wrap(f"{field.name} ({required}): {field.metadata['doc']}", 100)
    ]


def default_slug(day: dt.date, pair: tuple[str, str]) -> str:
    return f"{day.isoformat()}-{country_slug(pair[0])}-{country_slug(pair[1])}"


def brief_text(slug: str, day: dt.date, place: str | None, pair: tuple[str, str]) -> str:
    """Every field of a brief, in the models' order, each after a comment saying what it is."""
    a, b = (country_name(c) for c in pair)
    values = {
        "slug": slug,
        "title": todo(f"the headline, e.g. {a}–{b} trade grew in 2024"),
        "date": day.isoformat(),
        "place": json.dumps(place, ensure_ascii=False) if place else todo("where it was written"),
        "pair": f"[{pair[0]}, {pair[1]}]",
        "summary": todo("one or two sentences for lists and feeds"),
        "headline": todo("the id of the figure shown with the brief on the home page"),
        "figures": f"[{todo('the ids of the key figures')}]",
        "ranks": "[]",
        "body": "|\n  "
        + f"{PLACEHOLDER} the brief in Markdown. Cite figures as {{{{id}}}}, their change as "
        "{{id.change}} (+26.3%) or {{id.change_size}} (26.3%, after 'rose' or 'fell').",
        "quotes": "[]",
        "charts": "[]",
        "tags": f"[{a}, {b}]",
        "sources": "[]",
        "draft": "true  # publish by removing this line (or setting false)",
    }
    lines = ["# yaml-language-server: $schema=../schema/brief.schema.json"]
    for field in data_fields(Brief):
        lines += comment(field) + [f"{field.name}: {values[field.name]}"]
    return "\n".join(lines) + "\n"


def facts_text(pair: tuple[str, str]) -> str:
    """A source and one figure of each flow for a new pair, placeholders where the figures go."""
    reporter, partner = pair
    lines = [
        "# yaml-language-server: $schema=../schema/facts.schema.json",
        f"# {country_name(reporter)}–{country_name(partner)}: the figures briefs on this pair cite.",
        "sources:",
        f"  - id: {todo('an id for the source, e.g. tass-2024-10-28-dakhnovsky')}",
    ]
    for field in data_fields(Source)[1:]:
        if field.metadata["required"]:
            lines.append(f"    {field.name}: {todo(field.metadata['doc'])}")
    lines.append("figures:")
    for flow in ("turnover", "exports", "imports"):
        lines.append(
            f"  - id: {todo(f'an id, e.g. {country_slug(reporter)}-{country_slug(partner)}-{flow}-2024')}"
        )
        for field in data_fields(Figure)[1:]:
            meta = field.metadata
            if not meta["required"] and field.name not in ("change", "qualifier"):
                continue
            value = {
                "reporter": reporter,
                "partner": partner,
                "flow": flow,
                "unit": "USD billion",
                "qualifier": "exact",
            }.get(field.name) or todo(meta["doc"].split(";")[0])
            lines.append(f"    {field.name}: {value}")
    return "\n".join(lines) + "\n"


def facts_file_name(pair: tuple[str, str]) -> str:
    x, y = pair_key(*pair)
    return f"{country_slug(x)}-{country_slug(y)}.yaml"
