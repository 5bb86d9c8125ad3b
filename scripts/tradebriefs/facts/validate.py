"""Validate: one loaded document to typed records, every error with its place.

Two passes per file. The JSON Schema written from the models checks shape and types (the same schema
editors get); then each field is converted to its typed value, with the checks a schema cannot express
(ISO codes that exist, real dates and periods, a figure's own arithmetic sense).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import replace
from decimal import Decimal
from functools import cache

import jsonschema
from jsonschema import Draft202012Validator, ValidationError

from tradebriefs.core.countries import (
    WORLD,
    alpha_3_for,
    country_name,
    is_area,
    is_country,
    is_currency,
    is_group_code,
)
from tradebriefs.core.errors import Finding
from tradebriefs.core.hs import close_codes, hs_level, is_hs_code
from tradebriefs.core.periods import MonthDate, PeriodError, parse_period
from tradebriefs.core.text import safe_url
from tradebriefs.facts.load import DECIMAL_LITERAL, Document
from tradebriefs.facts.models import (
    ALL_GOODS,
    FACT_SECTIONS,
    KINDS,
    MAX_DECIMALS,
    MAX_DIGITS,
    PERCENT,
    PLACEHOLDER,
    Brief,
    Figure,
    Group,
    Rank,
    Unit,
    data_fields,
    default_of,
)
from tradebriefs.facts.schema import DEFAULTS_APPLY_TO, brief_schema, facts_schema


def _is_number(checker, instance) -> bool:
    return isinstance(instance, (int, float, Decimal)) and not isinstance(instance, bool)


def _is_integer(checker, instance) -> bool:
    return _is_number(checker, instance) and instance == int(instance)


# Our loader gives numbers as Decimal (to keep their printed digits); teach jsonschema they are numbers.
_TYPES = Draft202012Validator.TYPE_CHECKER.redefine_many(
    {"number": _is_number, "integer": _is_integer}
)
# JSON Schema patterns are ECMA-262 regexes, where `$` ends the text; Python's `$` also matches before a final
# newline, so a block scalar `CHN\n` would pass here and fail in the editor. Read `$` as `\Z`, as editors do.
UNESCAPED_DOLLAR = re.compile(r"(?<!\\)\$")


def _pattern(validator, pattern, instance, schema):
    if validator.is_type(instance, "string") and not re.search(
        UNESCAPED_DOLLAR.sub(r"\\Z", pattern), instance
    ):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


_Validator = jsonschema.validators.extend(
    Draft202012Validator, {"pattern": _pattern}, type_checker=_TYPES
)


@cache
def validator_for(kind: str):
    return _Validator(facts_schema() if kind == "facts" else brief_schema())


def describe_value(doc: Document, at: tuple, value) -> str:
    """Say what arrived, in the editor's own terms."""
    literal = doc.literals.get(tuple(at))
    if isinstance(value, bool):
        return f"{literal}, which YAML reads as {str(value).lower()}"
    if value is None:
        return "nothing" if not literal else f"{literal}, which YAML reads as empty"
    if isinstance(value, Decimal):
        shown = literal or str(value)
        return f"the number {shown if len(shown) <= 60 else shown[:57] + '...'}"
    if isinstance(value, list):
        return f"a list of {len(value)}"
    if isinstance(value, dict):
        return "a mapping"
    shown = value if len(value) <= 60 else value[:57] + "..."
    return repr(shown)


def label_of(at) -> str:
    """('figures', 0, 'value') -> 'value'; ('pair', 1) -> 'pair, item 2'."""
    names = [p for p in at if isinstance(p, str)]
    if not names:
        return "file"
    last = max(i for i, p in enumerate(at) if isinstance(p, str))
    tail = [p for p in at[last + 1 :] if isinstance(p, int)]
    return names[-1] + "".join(f", item {i + 1}" for i in tail)


COUNTRY_PATTERNS = (KINDS["country"][0]["pattern"], KINDS["area"][0]["pattern"])


def hint_for(doc: Document, at: tuple, error) -> str:
    """What to write instead, when the value was nearly right."""
    value = error.instance
    literal = doc.literals.get(at) if isinstance(value, bool) else value
    if (
        isinstance(literal, str)
        and error.schema.get("pattern") in COUNTRY_PATTERNS
        and alpha_3_for(literal)
    ):
        code = alpha_3_for(literal)
        return f"; the alpha-3 code for {country_name(code)} is {code}"
    if (
        isinstance(value, bool)
        and "$ref" not in error.schema
        and _Validator(error.schema).is_valid(literal)
    ):
        return "; put it in quotes"
    if (
        isinstance(value, str)
        and error.validator == "type"
        and error.validator_value in ("number", "integer")
        and DECIMAL_LITERAL.fullmatch(value)
    ):
        return "; it is in quotes, so YAML reads it as text: remove the quotes"
    return ""


def _schema_error_findings(doc: Document, error) -> list[Finding]:
    at = tuple(error.absolute_path)
    where = doc.place(at)
    expected = error.schema.get("x-expected", "a valid value")
    if error.validator == "required":
        missing = [k for k in error.validator_value if k not in error.instance]
        return [
            Finding(
                where,
                f"missing required key '{k}' ({error.schema['properties'][k]['description']})",
            )
            for k in missing
        ]
    if error.validator == "additionalProperties":
        known = list(error.schema.get("properties", {}))
        findings = []
        for key in error.instance:
            if key in known:
                continue
            close = difflib.get_close_matches(key, known, n=1)
            hint = (
                f"did you mean '{close[0]}'?" if close else "expected one of: " + ", ".join(known)
            )
            findings.append(
                Finding(doc.key_places.get(at + (key,), where), f"unknown key {key!r}; {hint}")
            )
        return findings
    if error.validator == "minProperties":
        return [Finding(where, f"{label_of(at)}: expected {expected}, got an empty mapping")]
    got = describe_value(doc, at, error.instance) + hint_for(doc, at, error)
    return [Finding(where, f"{label_of(at)}: expected {expected}, got {got}")]


def placeholder_findings(doc: Document) -> tuple[list[Finding], list[tuple]]:
    """Values still `TODO: ...` (a scaffold's placeholders): each is work left, said once, and the schema's
    complaints about them are not said at all."""
    findings, paths = [], []

    def walk(value, at: tuple) -> None:
        if isinstance(value, str) and value.lstrip().startswith(PLACEHOLDER):
            hint = value.strip()[len(PLACEHOLDER) :].strip().split("\n")[0]
            findings.append(
                Finding(doc.place(at), f"{label_of(at)}: still the placeholder ({hint[:80]})")
            )
            paths.append(at)
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, at + (key,))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, at + (i,))

    walk(doc.data, ())
    return findings, paths


def schema_findings(doc: Document, kind: str, skip: list[tuple] = ()) -> list[Finding]:
    findings: list[Finding] = []
    for error in validator_for(kind).iter_errors(doc.data):
        if (
            skip
            and _under(tuple(error.absolute_path), list(skip))
            and error.validator != "required"
        ):
            continue  # a placeholder: already said as such
        # One value can fail twice (`flow: on` is neither a string nor one of the choices): say it once.
        findings.extend(f for f in _schema_error_findings(doc, error) if f not in findings)
    return findings


# Field conversion: (value already of the schema's type) -> typed value, or raise ValueError(message).
def _country(value: str) -> str:
    if not is_country(value):
        raise ValueError(
            f"unknown country code '{value}' (expected an ISO 3166-1 alpha-3 code such as CHN)"
        )
    return value


def _area(value: str) -> str:
    """A country, the world, or a group's code (whether the data declares that group is checked once every
    file is read: catalog.group_findings)."""
    country = alpha_3_for(value)
    if country:
        raise ValueError(
            f"expected an ISO 3166-1 alpha-3 country code such as CHN, got '{value}'; the alpha-3 code "
            f"for {country_name(country)} is {country}"
        )
    if is_area(value) or is_group_code(value):
        return value
    raise ValueError(
        f"unknown country code '{value}' (expected an ISO 3166-1 alpha-3 code such as CHN, {WORLD} for "
        "the world, or a group's code declared under groups:)"
    )


def _hs(value: str) -> str:
    if is_hs_code(value):
        return value
    near = close_codes(value)
    hint = f"; codes near it: {', '.join(near)}" if near else ""
    raise ValueError(
        f"'{value}' is not an HS 2022 {hs_level(value)} (the Harmonized System's codes: "
        f"https://www.wcoomd.org/en/topics/nomenclature.aspx){hint}"
    )


def _whole(value: str) -> str:
    return value if value == ALL_GOODS else _area(value)


def _published(value: str) -> dt.date:
    if len(value) == len("2023-12"):
        year, month = (int(part) for part in value.split("-"))
        if not 1 <= month <= 12:
            raise ValueError(f"'{value}' is not a month on the calendar")
        return MonthDate(year, month, 1)
    return _date(value)


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"'{value}' is not a date on the calendar") from None


def _unit(value: str) -> Unit:
    if value == PERCENT:
        return Unit("", PERCENT)
    currency, scale = value.split(" ", 1)
    if not is_currency(currency):
        raise ValueError(
            f"unknown currency code '{currency}' in unit '{value}' (ISO 4217, such as USD)"
        )
    return Unit(currency, scale)


# Never in an address (RFC 3986): an editor's typo, or markup smuggled into a link.
URL_FORBIDDEN = re.compile(r'[\s<>"{}|\\^`\x00-\x1f\x7f]')


def _url(value: str) -> str:
    bad = URL_FORBIDDEN.search(value)
    if bad:
        raise ValueError(
            f"'{value}' is not a well-formed address: {bad.group()!r} cannot appear in one "
            f"(percent-encode it: %{ord(bad.group()):02X})"
        )
    try:
        safe_url(value)  # what pages publish: the address parsed and written again
    except ValueError as error:
        raise ValueError(f"'{value}': {error}") from None
    return value


def _period(value: str):
    try:
        return parse_period(str(value))
    except PeriodError as error:
        raise ValueError(str(error)) from None


# Characters that change how text displays without showing themselves: bidirectional overrides, embeddings
# and isolates reorder what a reader sees (a title can read differently from what it says); zero-width
# characters split or join words invisibly, so a search for the word misses it.
INVISIBLE = {
    "\u200b": "ZERO WIDTH SPACE",
    "\u200c": "ZERO WIDTH NON-JOINER",
    "\u200d": "ZERO WIDTH JOINER",
    "\u2060": "WORD JOINER",
    "\ufeff": "ZERO WIDTH NO-BREAK SPACE",
    "\u202a": "LEFT-TO-RIGHT EMBEDDING",
    "\u202b": "RIGHT-TO-LEFT EMBEDDING",
    "\u202c": "POP DIRECTIONAL FORMATTING",
    "\u202d": "LEFT-TO-RIGHT OVERRIDE",
    "\u202e": "RIGHT-TO-LEFT OVERRIDE",
    "\u2066": "LEFT-TO-RIGHT ISOLATE",
    "\u2067": "RIGHT-TO-LEFT ISOLATE",
    "\u2068": "FIRST STRONG ISOLATE",
    "\u2069": "POP DIRECTIONAL ISOLATE",
}
INVISIBLE_CHAR = re.compile("[" + "".join(INVISIBLE) + "]")


def _text(value: str) -> str:
    found = INVISIBLE_CHAR.search(value)
    if found:
        char = found.group()
        raise ValueError(
            f"character U+{ord(char):04X} ({INVISIBLE[char]}) at character {found.start() + 1} is not "
            "allowed: it changes how the text shows without being seen; delete it"
        )
    return value


def _decimal(value: Decimal) -> Decimal:
    digits, exponent = len(value.as_tuple().digits), value.as_tuple().exponent
    if digits > MAX_DIGITS:
        raise ValueError(
            f"{digits} significant digits; at most {MAX_DIGITS} (a trade figure is printed with a "
            "handful: is a scale missing from the unit?)"
        )
    if -exponent > MAX_DECIMALS:
        raise ValueError(f"{-exponent} digits after the point; at most {MAX_DECIMALS}")
    return value


CONVERTERS = {
    "country": _country,
    "area": _area,
    "hs": _hs,
    "whole": _whole,
    "date": _date,
    "published": _published,
    "unit": _unit,
    "url": _url,
    "period": _period,
    "count": int,
    "decimal": _decimal,
    "percent": _decimal,
    "text": _text,
    "markdown": _text,
}


def _convert_field(f, value, doc: Document, at: tuple, findings: list[Finding]):
    meta = f.metadata
    if meta["many"]:
        return tuple(
            _convert_one(f, item, doc, at + (i,), findings) for i, item in enumerate(value)
        )
    return _convert_one(f, value, doc, at, findings)


def _convert_one(f, value, doc: Document, at: tuple, findings: list[Finding]):
    if f.metadata["model"] is not None:
        return build_record(f.metadata["model"], value, doc, at, findings)
    convert = CONVERTERS.get(f.metadata["kind"])
    if convert is None:
        return value
    try:
        return convert(value)
    except ValueError as error:
        findings.append(Finding(doc.place(at), f"{label_of(at)}: {error}"))
        return None


def build_record(model: type, data: dict, doc: Document, at: tuple, findings: list[Finding]):
    """A schema-valid mapping to a typed record; conversion errors go to `findings`."""
    before = len(findings)
    values = {}
    for f in data_fields(model):
        if f.name in data:
            values[f.name] = _convert_field(f, data[f.name], doc, at + (f.name,), findings)
        else:
            values[f.name] = default_of(f)
    locs = {f.name: doc.place(at + (f.name,)) for f in data_fields(model) if f.name in data}
    for f in data_fields(
        model
    ):  # each item of a list too, as (name, index): errors point at the item
        if f.metadata["many"] and isinstance(data.get(f.name), list):
            locs.update(
                {(f.name, i): doc.place(at + (f.name, i)) for i in range(len(data[f.name]))}
            )
    if len(findings) > before:
        return (
            None  # a field that failed to convert is None: checking the record would only add noise
        )
    record = model(**values, loc=doc.place(at), locs=locs)
    findings.extend(RECORD_CHECKS.get(model, lambda r: [])(record))
    return record if len(findings) == before else None


def check_figure(fig: Figure) -> list[Finding]:
    findings = [
        Finding(fig.locs.get(name, fig.loc), f"{name}: {message}")
        for name, message in figure_kind_problems(fig)
    ]
    if fig.reporter == fig.partner:
        findings.append(
            Finding(
                fig.locs["partner"],
                f"partner: a country does not trade with itself ({fig.partner})",
            )
        )
    if fig.value < 0 and fig.flow != "balance":
        findings.append(
            Finding(
                fig.locs["value"],
                f"value: {fig.flow} cannot be negative, got {fig.value}; only a balance can",
            )
        )
    if (
        fig.change is not None
        and fig.change <= -100
        and not (fig.change == -100 and fig.value == 0)
    ):
        findings.append(
            Finding(
                fig.locs["change"],
                f"change: {fig.change}% means the value fell to zero, but it is "
                f"{fig.value}; a change is more than -100 (a value that fell to zero has change -100 "
                "and value 0)",
            )
        )
    if fig.change is not None and fig.flow == "balance" and fig.favours is None:
        findings.append(
            Finding(
                fig.locs["change"],
                "change: a balance has no change in percent (it can change sign); "
                "give the change of the exports and imports, or, for a surplus in one side's favour "
                "that grew or shrank, say whose it is with favours:",
            )
        )
    for field_name in ("revises", "alternative_to"):
        if getattr(fig, field_name) == fig.id:
            findings.append(
                Finding(
                    fig.locs[field_name],
                    f"{field_name}: a figure cannot be a revision of, or an alternative to, itself",
                )
            )
    if fig.revises and fig.alternative_to:
        findings.append(
            Finding(
                fig.locs["alternative_to"],
                "alternative_to: a figure is either a revision "
                "(revises) or another source's figure (alternative_to), not both",
            )
        )
    return findings


def figure_kind_problems(fig: Figure) -> list[tuple[str, str]]:
    """(field, message) for fields that do not fit together: a share without its whole, a forecast without
    who made it, a change on the previous month of a year, a surplus in a third country's favour."""
    problems: list[tuple[str, str]] = []
    if fig.reporter == WORLD:
        problems.append(
            (
                "reporter",
                f"{WORLD} (the world) reports no statistics; the reporter is the country whose "
                f"figures these are, and {WORLD} its partner for its trade with the world",
            )
        )
    if fig.is_share and fig.share_of is None:
        problems.append(
            (
                "share_of",
                "a value in percent is a share: say what of with share_of "
                f"({WORLD} for the reporter's trade with the world)",
            )
        )
    if fig.share_of is not None and not fig.is_share:
        problems.append(
            ("unit", f"a share (share_of: {fig.share_of}) is in percent: write unit: {PERCENT}")
        )
    if fig.is_share and not 0 <= fig.value <= 100:
        problems.append(("value", f"a share is from 0 to 100 percent, got {fig.value}"))
    if fig.is_share and fig.change is not None:
        problems.append(
            (
                "change",
                "a share's change is in percentage points, not percent: leave change out and put "
                "the source's words in notes",
            )
        )
    if fig.share_of == fig.partner:
        problems.append(("share_of", f"a share of itself ({fig.partner}) is always 100%"))
    if fig.share_of == ALL_GOODS and fig.commodity is None:
        problems.append(
            ("share_of", f"'{ALL_GOODS}' is the whole of a commodity's share: give the commodity")
        )
    if fig.status != "reported" and fig.by is None:
        problems.append(
            (
                "status",
                f"a {fig.status} is someone's: say whose with by: (e.g. by: Brazil's trade ministry)",
            )
        )
    for name in ("by", "made"):
        if getattr(fig, name) is not None and fig.status == "reported":
            problems.append(
                (
                    name,
                    f"{name} belongs to a forecast or target: set status: forecast or status: target",
                )
            )
    if fig.keep_as_stated and fig.status != "reported":
        problems.append(
            (
                "keep_as_stated",
                f"a {fig.status} is not checked, so there is nothing to keep it against",
            )
        )
    if fig.change_on == "previous month" and fig.period.months != 1:
        problems.append(
            (
                "change_on",
                f"a change on the previous month is of one month's figure, but the period is "
                f"{fig.period.text}; for a span, the change is on the same span a year earlier",
            )
        )
    if fig.change_on == "previous quarter" and not fig.period.is_quarter:
        problems.append(
            (
                "change_on",
                f"a change on the previous quarter is of one quarter's figure, but the period is "
                f"{fig.period.text} (write a quarter as 2024-Q3)",
            )
        )
    if fig.change_on != "year earlier" and fig.change is None:
        problems.append(
            ("change_on", "says what a change is measured against, but there is no change")
        )
    if fig.favours is not None:
        if fig.flow != "balance":
            problems.append(("favours", "only a balance is in one side's favour"))
        elif fig.favours not in (fig.reporter, fig.partner):
            problems.append(
                (
                    "favours",
                    f"a balance between {fig.reporter} and {fig.partner} is in the favour of one of "
                    f"them, not {fig.favours}",
                )
            )
        if fig.value < 0:
            problems.append(
                (
                    "value",
                    f"a surplus in {fig.favours}'s favour is its size, at least 0; got {fig.value} "
                    "(a deficit is the other side's surplus)",
                )
            )
    return problems


def check_rank(rank: Rank) -> list[Finding]:
    findings = []
    if rank.of == rank.partner:
        findings.append(
            Finding(
                rank.locs["partner"], f"partner: a country is not its own partner ({rank.partner})"
            )
        )
    if rank.above and len(rank.above) != rank.rank - 1:
        findings.append(
            Finding(
                rank.locs["above"],
                f"above: rank {rank.rank} needs {rank.rank - 1} partners above it, got {len(rank.above)}",
            )
        )
    if rank.partner in rank.above:
        where = rank.locs.get(("above", rank.above.index(rank.partner)), rank.locs["above"])
        findings.append(Finding(where, f"above: lists {rank.partner}, the ranked partner itself"))
    findings += repeated_findings(rank, "above", "each partner holds one place")
    return findings


def repeated_findings(record, name: str, why: str) -> list[Finding]:
    """An item of a record's list given twice, at the second one's place: a partner ranked twice, a member of
    a group listed twice."""
    items, seen, findings = getattr(record, name), set(), []
    for i, code in enumerate(items):
        if code in seen:
            findings.append(
                Finding(
                    record.locs.get((name, i), record.locs[name]),
                    f"{name}, item {i + 1}: {code} is listed twice; {why}",
                )
            )
        seen.add(code)
    return findings


def check_group(group: Group) -> list[Finding]:
    return repeated_findings(group, "members", "a member counts once in its group's figure")


def check_brief(brief: Brief) -> list[Finding]:
    if len(set(brief.pair)) != len(brief.pair):
        return [
            Finding(
                brief.locs["pair"],
                f"pair: expected two different countries, got {' and '.join(brief.pair)}",
            )
        ]
    return []


RECORD_CHECKS = {Figure: check_figure, Rank: check_rank, Group: check_group, Brief: check_brief}


def schema_error_paths(doc: Document, kind: str) -> list[tuple]:
    """Where in the document the schema found errors (paths into the data)."""
    return [tuple(error.absolute_path) for error in validator_for(kind).iter_errors(doc.data)]


def _under(path: tuple, prefixes: list[tuple]) -> bool:
    return any(path[: len(p)] == p or p[: len(path)] == path for p in prefixes)


def validate_facts(doc: Document) -> tuple[dict[str, list], list[Finding]]:
    """A data/facts file to {section: [records]}; a record with any error is left out. Records the schema found
    no fault in are still converted when others have schema errors: every error of a file in one run.

    The file's `defaults:` are written into its records first (with_defaults), so a record is checked as if it
    gave them; an error in a default is said once, at the default."""
    doc = with_defaults(doc)
    todo, todo_paths = placeholder_findings(doc)
    findings = todo + schema_findings(doc, "facts", todo_paths)
    bad = schema_error_paths(doc, "facts") if findings else []
    sections: dict[str, list] = {}
    for name, model in FACT_SECTIONS.items():
        items = doc.data.get(name, []) if isinstance(doc.data.get(name), list) else []
        records = [
            build_record(model, item, doc, (name, i), findings)
            for i, item in enumerate(items)
            if isinstance(item, dict)
            and not _under((name, i), bad)
            and (name,) not in bad
            and not _takes_bad_default(name, item, doc, bad)
        ]
        sections[name] = [r for r in records if r is not None]
    if isinstance(doc.data, dict) and isinstance(doc.data.get("defaults"), dict):
        findings += default_findings(doc, bad)
    # A default's error, met again in each record that took the default, is said once.
    findings = list(dict.fromkeys(findings))
    if findings:
        return {}, findings
    return sections, findings


def validate_brief(doc: Document) -> tuple[Brief | None, list[Finding]]:
    todo, todo_paths = placeholder_findings(doc)
    findings = todo + schema_findings(doc, "brief", todo_paths)
    if (
        findings
    ):  # no record, but the fields the schema passed are still converted: their errors too, at once
        bad = schema_error_paths(doc, "brief")
        for f in data_fields(Brief):
            if f.name in doc.data and not _under((f.name,), bad) and () not in bad:
                _convert_field(f, doc.data[f.name], doc, (f.name,), findings)
        return None, findings
    brief = build_record(Brief, doc.data, doc, (), findings)
    return brief, findings


def with_defaults(doc: Document) -> Document:
    """The document with its `defaults:` written into each record that lacks the key (schema.DEFAULTS_APPLY_TO);
    a record's own value wins. A copy: `doc` is not changed. A defaulted value stands, and is reported, where
    the default is written. Only a single value is written in: every field defaults may give is one, so a list
    or mapping is the default's own error (said there), and copying it into each record would only cost time."""
    data = doc.data
    defaults = data.get("defaults") if isinstance(data, dict) else None
    if not isinstance(defaults, dict):
        return doc
    usable = {k: v for k, v in defaults.items() if not isinstance(v, (dict, list))}
    filled = dict(data)
    places, key_places, literals = dict(doc.places), dict(doc.key_places), dict(doc.literals)
    for section, names in DEFAULTS_APPLY_TO.items():
        items = data.get(section)
        if not isinstance(items, list):
            continue
        filled[section] = list(items)
        for i, item in enumerate(items):
            taken = (
                [k for k in names if k in usable and k not in item]
                if isinstance(item, dict)
                else []
            )
            if not taken:
                continue
            filled[section][i] = {**item, **{k: usable[k] for k in taken}}
            for k in taken:
                for table in (places, key_places, literals):
                    if ("defaults", k) in table:
                        table[section, i, k] = table["defaults", k]
    return replace(
        doc, data=filled, places=places, key_places=key_places, literals=literals, _blocks={}
    )


def _takes_bad_default(section: str, item, doc: Document, bad: list[tuple]) -> bool:
    """Whether a record lacks a key whose default the schema refused (a list where a value goes): such a
    record is not converted, as if it had that error itself."""
    defaults = doc.data.get("defaults") if isinstance(doc.data, dict) else None
    if not isinstance(defaults, dict) or not isinstance(item, dict):
        return False
    return any(
        k in defaults and k not in item and _under(("defaults", k), bad)
        for k in DEFAULTS_APPLY_TO.get(section, ())
    )


def default_findings(doc: Document, bad: list[tuple]) -> list[Finding]:
    """Each default converted as the figures' field is, so its error is said even when no record takes it
    (`bad`: where the schema found errors, already said)."""
    findings: list[Finding] = []
    figure_fields = {f.name: f for f in data_fields(Figure)}
    # Not the file's or the mapping's own errors (an unknown key): its values are still read.
    in_values = [p for p in bad if len(p) > 1]
    for name, value in doc.data["defaults"].items():
        if name in figure_fields and not _under(("defaults", name), in_values):
            _convert_one(figure_fields[name], value, doc, ("defaults", name), findings)
    return findings
