"""`tradebriefs new brief`: a brief file with every field and a comment on each, and a fact file skeleton for a
pair that has no figures yet. What is not known yet is a placeholder, `TODO: ...`, which `check` lists as the
work left ("title: still the placeholder"), never as a type error. Text out; cli.py writes it, through
link_refusal and write_new, which never follow a symbolic link.

Every string goes into the YAML as a double-quoted scalar made by PyYAML: a country's name or a --place is
data ("St. Helena, Ascension & Tristan da Cunha" written bare in a flow list was three tags), and JSON's
quoting is not YAML's (it leaves U+2028 and U+0085 raw, which YAML reads as line breaks)."""

from __future__ import annotations

import datetime as dt
import os
import sys
import textwrap
from pathlib import Path

import yaml

from tradebriefs.core.countries import country_name, country_slug, pair_key
from tradebriefs.facts.models import PLACEHOLDER, Brief, Figure, Source, data_fields


def yaml_str(text: str) -> str:
    """A YAML scalar that reads back as exactly `text`: double-quoted, escaped by PyYAML, on one line."""
    dumped = yaml.safe_dump(text, default_style='"', allow_unicode=True, width=sys.maxsize)
    return dumped.removesuffix("\n")


def yaml_list(items) -> str:
    return "[" + ", ".join(yaml_str(item) for item in items) + "]"


def todo(what: str) -> str:
    return yaml_str(f"{PLACEHOLDER} {what}")


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
        "slug": yaml_str(slug),  # an id's characters only, but `2024` alone would read as a number
        "title": todo(f"the headline, e.g. {a}–{b} trade grew in 2024"),
        "date": day.isoformat(),
        "place": yaml_str(place) if place else todo("where it was written"),
        "pair": yaml_list(pair),
        "summary": todo("one or two sentences for lists and feeds"),
        "headline": todo("the id of the figure shown with the brief on the home page"),
        "figures": f"[{todo('the ids of the key figures')}]",
        "ranks": "[]",
        "body": "|\n  "
        + f"{PLACEHOLDER} the brief in Markdown. Cite figures as {{{{id}}}}, their change as "
        "{{id.change}} (+26.3%) or {{id.change_size}} (26.3%, after 'rose' or 'fell').",
        "quotes": "[]",
        "charts": "[]",
        "tags": yaml_list((a, b)),
        "sources": "[]",
        "draft": "true  # publish by removing this line (or setting false)",
        "translations": "[]  # the brief in the site's other languages: lang, title, place, summary, body",
    }
    lines = ["# yaml-language-server: $schema=../schema/brief.schema.json"]
    for field in data_fields(Brief):
        lines += comment(field) + [f"{field.name}: {values[field.name]}"]
    return "\n".join(lines) + "\n"


def facts_text(pair: tuple[str, str]) -> str:
    """A source and one figure of each flow for a new pair, placeholders where the figures go; then, as
    comments (so the file still checks), how to write the other kinds of figure and a defaults: block."""
    reporter, partner = pair
    lines = [
        "# yaml-language-server: $schema=../schema/facts.schema.json",
        # In a comment too, YAML's escapes for what it cannot hold raw (a name's `#` or `:` is text there).
        f"# {yaml_str(f'{country_name(reporter)}–{country_name(partner)}')[1:-1]}: the figures briefs "
        "on this pair cite.",
        "sources:",
        f"  - id: {todo('an id for the source, e.g. tass-2024-10-28-dakhnovsky')}",
    ]
    for field in data_fields(Source)[1:]:
        if field.metadata["required"]:
            lines.append(f"    {field.name}: {todo(field.metadata['doc'])}")
    lines += defaults_example(pair)
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
                "reporter": yaml_str(reporter),
                "partner": yaml_str(partner),
                "flow": flow,
                "unit": "USD billion",
                "qualifier": "exact",
            }.get(field.name) or todo(meta["doc"].split(";")[0])
            lines.append(f"    {field.name}: {value}")
    lines += figure_examples(pair)
    return "\n".join(lines) + "\n"


def defaults_example(pair: tuple[str, str]) -> list[str]:
    """A defaults: block, commented: fields every figure of the file shares, written once."""
    return [
        "# Fields every figure of this file shares can be written once, under defaults: before figures:",
        "# (a figure that gives one of them keeps its own), e.g.",
        "# defaults:",
        f"#   reporter: {yaml_str(pair[0])}",
        f"#   partner: {yaml_str(pair[1])}",
        "#   unit: USD billion",
        f"#   source: {todo('the id of the source most figures come from')}",
    ]


def figure_example(pair: tuple[str, str], flow: str, fields: dict[str, str]) -> list[str]:
    """One figure, commented line by line at its place in figures: (removing each `# ` makes it a figure):
    the required fields in the models' order, with `fields` (the kind it shows) among them."""
    values = {
        "id": todo("an id of its own"),
        "reporter": yaml_str(pair[0]),
        "partner": yaml_str(pair[1]),
        "flow": flow,
        "period": todo("the period, e.g. 2024"),
        "value": todo("the value as printed"),
        "unit": "USD billion",
        "source": todo("a source id"),
        **fields,
    }
    names = [f.name for f in data_fields(Figure) if f.name in values]
    return [f"  # {'- ' if i == 0 else '  '}{name}: {values[name]}" for i, name in enumerate(names)]


def figure_examples(pair: tuple[str, str]) -> list[str]:
    """Other kinds of figure, commented: a product's figure, a share of the world, a forecast."""
    return [
        "# Other kinds of figure: to write one, remove the `# ` before each line of its example and fill",
        "# in its TODO values.",
        "# A product's figure: commodity is its HS 2022 code, in quotes ('1201' soya beans, '27' mineral",
        "# fuels); product the source's own name for it.",
        *figure_example(pair, "imports", {"commodity": yaml_str("1201"), "product": "soya"}),
        "# A share: unit percent, and share_of what: WLD for the reporter's same flow with the world",
        "# (this partner's part in all its imports), or 'all goods' for a product's share of the flow.",
        *figure_example(
            pair,
            "imports",
            {"value": todo("the share in percent, e.g. 3.9"), "unit": "percent", "share_of": "WLD"},
        ),
        "# A forecast (or a target: status: target): who made it, and when; pages show it as such,",
        "# and checks compare it with the reported figure once there is one.",
        *figure_example(
            pair,
            "turnover",
            {
                "period": todo("the period it is for, e.g. 2030"),
                "status": "forecast",
                "by": todo("who made it, e.g. the economy ministry"),
                "made": todo("when it was made, e.g. 2024-10-28"),
            },
        ),
    ]


def facts_file_name(pair: tuple[str, str]) -> str:
    x, y = pair_key(*pair)
    return f"{country_slug(x)}-{country_slug(y)}.yaml"


def link_refusal(data: Path, target: Path) -> str | None:
    """Why `tradebriefs new` may not write `target` (a new file in a folder of `data`), or None.

    A symbolic link committed at a brief's or fact file's path, dangling or not, would have been written
    through, making a file wherever it points. So the file must not be a link, and its folder, once links
    are resolved, must be inside the data folder (a linked data/briefs may not lead out of it)."""
    if target.is_symlink():
        return (
            f"{target}: error: is a symbolic link (to {os.readlink(target)}); `tradebriefs new` writes "
            "no file through a link: remove the link"
        )
    folder, root = os.path.realpath(target.parent), os.path.realpath(data)
    if os.path.commonpath([folder, root]) != root:
        return (
            f"{target.parent}: error: leads out of the data folder (a symbolic link to {folder}); "
            "`tradebriefs new` writes only inside it"
        )
    return None


def write_new(target: Path, text: str) -> None:
    """Create a file and write it, never through a symbolic link: O_EXCL fails on any existing path, a link
    included (one put there since link_refusal looked), and O_NOFOLLOW refuses a link in any case."""
    target.parent.mkdir(parents=True, exist_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    with os.fdopen(os.open(target, flags, 0o644), "w", encoding="utf-8") as out:
        out.write(text)
