"""The seed data, perturbed one field at a time: `check` never crashes, and what `check` passes, `build` builds.

For every figure of the seed: its value (last digit ±1, ×10, ÷10, negative, zero, 40 digits), its change,
qualifier, unit, period and reporter; for every rank, source, chart and brief field: values a slip of the
hand or a hostile hand would write. Each case runs the real commands in this process (`cli.main`, fast):
`check` must exit 0 or 1, print every problem as `path:line:col: severity: message` and never an internal
error; whenever it exits 0, `build` (a real `mkdocs build --strict`) must exit 0 too.
"""

from __future__ import annotations

import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import REPO, SEED
from tradebriefs.cli import main

FACTS = "facts/china-russia.yaml"
SOURCES = "facts/sources.yaml"
BRIEF = next(p.relative_to(SEED).as_posix() for p in (SEED / "briefs").glob("*.yaml"))
FINDING_LINE = re.compile(r"^data/\S+\.ya?ml:\d+:\d+: (error|warning): \S")
SUMMARY_LINE = re.compile(
    r"^(\d+ of \d+ \w+ files? (and \d+ of \d+ \w+ files? )?free of errors; )?\d+ figures, \d+ checks"
    r"( \(checks run [^)]*\))?, \d+ warnings, \d+ errors$"
)


def record_fields(path: str) -> dict[str, dict[str, str]]:
    """{record id: {field: literal}} for the one-line fields of each `- id:` record of a seed file."""
    records: dict[str, dict[str, str]] = {}
    current = None
    for line in (SEED / path).read_text(encoding="utf-8").splitlines():
        start = re.match(r"^  - id: (\S+)$", line)
        if start:
            current = records.setdefault(start.group(1), {"id": start.group(1)})
            continue
        field = re.match(r"^    ([a-z_]+): (\S.*)$", line)
        if current is not None and field:
            current[field.group(1)] = field.group(2)
    return records


def set_field(text: str, record: str, field: str, literal: str | None) -> str:
    """The file with one field of one record set to `literal` (added when absent, removed when None)."""
    lines = text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.rstrip() == f"  - id: {record}")
    end = next(
        (i for i in range(start + 1, len(lines)) if not lines[i].startswith("    ")), len(lines)
    )
    for i in range(start + 1, end):
        if re.match(rf"^    {field}:", lines[i]):
            lines[i : i + 1] = [] if literal is None else [f"    {field}: {literal}\n"]
            return "".join(lines)
    if literal is not None:
        lines.insert(start + 1, f"    {field}: {literal}\n")
    return "".join(lines)


def set_top(text: str, field: str, literal: str) -> str:
    """A top-level one-line field of a brief set to `literal`."""
    new, count = re.subn(rf"(?m)^{field}: .*$", lambda _: f"{field}: {literal}", text, count=1)
    assert count == 1, field
    return new


def last_digit(literal: str, step: int) -> str:
    value = Decimal(literal)
    return format(value + step * Decimal(1).scaleb(value.as_tuple().exponent), "f")


def figure_cases() -> list[tuple[str, str, str, str | None]]:
    cases = []
    for ident, f in record_fields(FACTS).items():
        if "value" not in f:  # ranks, quotes
            continue
        value = f["value"]
        for name, new in [
            ("value+1", last_digit(value, 1)),
            ("value-1", last_digit(value, -1)),
            ("value*10", format(Decimal(value) * 10, "f")),
            ("value/10", format(Decimal(value) / 10, "f")),
            ("value-negative", "-" + value),
            ("value-zero", "0"),
            ("value-40-digits", "9" * 40),
            ("value-tiny", "0." + "0" * 30 + "1"),
        ]:
            cases.append((f"{ident}:{name}", FACTS, ident, "value", new))
        for name, new in [
            ("change-none", None),
            ("change-zero", "0"),
            ("change-minus-100", "-100"),
            ("change-minus-150", "-150"),
            ("change-huge", "1000000"),
            ("change-40-digits", "9" * 40),
            ("change-negative", "-" + f.get("change", "1")),
        ]:
            cases.append((f"{ident}:{name}", FACTS, ident, "change", new))
        for qualifier in ("exact", "about", "over", "under", "nearly", "approximately"):
            cases.append((f"{ident}:qualifier-{qualifier}", FACTS, ident, "qualifier", qualifier))
        for unit in (
            "EUR billion",
            "USD million",
            "USD thousand",
            "XXX billion",
            "usd billion",
            "USD",
        ):
            cases.append((f"{ident}:unit-{unit}", FACTS, ident, "unit", unit))
        for period in (
            "2022",
            "2024-Q3",
            "2024-09",
            "2024-01/2024-06",
            "0000",
            "0999",
            "2024-13",
            "2024-09/2024-01",
        ):
            cases.append((f"{ident}:period-{period}", FACTS, ident, "period", period))
        for reporter in ("USA", f["partner"], "NO", "ZZZ"):
            cases.append((f"{ident}:reporter-{reporter}", FACTS, ident, "reporter", reporter))
    return cases


def other_cases() -> list[tuple[str, str, str, str, str | None]]:
    rank = next(i for i, r in record_fields(FACTS).items() if "rank" in r)
    cases = [
        (f"{rank}:rank-{n}", FACTS, rank, "rank", n) for n in ("1", "3", "5", "0", "99999999999")
    ]
    cases += [
        (f"{rank}:above-{a}", FACTS, rank, "above", a)
        for a in ("[USA, JPN, USA]", "[RUS, JPN, KOR]", "[]", "[USA]")
    ]
    cases += [(f"{rank}:period-2024", FACTS, rank, "period", "2024")]
    for ident in record_fields(SOURCES):
        cases += [
            (f"{ident}:via-self", SOURCES, ident, "via", ident),
            (
                f"{ident}:url-markup",
                SOURCES,
                ident,
                "url",
                "'https://example.org/\"><svg onload=alert(1)>'",
            ),
            (f"{ident}:url-idn", SOURCES, ident, "url", "https://пример.рф/статья"),
            (f"{ident}:published-feb-30", SOURCES, ident, "published", "2024-02-30"),
        ]
    return cases


BRIEF_CASES = [
    ("title", '"   "'),
    ("title", '"' + "word " * 120 + '"'),
    ("title", "'<script>alert(1)</script>'"),
    ("date", "2024-02-30"),
    ("date", "2099-01-01"),
    ("place", "'*'"),
    ("pair", "[RUS, CHN]"),
    ("pair", "[CHN, CHN]"),
    ("pair", "[CHN, USA]"),
    ("pair", "[CHN]"),
    ("headline", "cn-partner-rank-rus-2023"),
    ("headline", "no-such-figure"),
    ("tags", "[中国, Россия, C, C++, 'c#']"),
    ("tags", "['" + "x" * 300 + "']"),
    ("tags", "[]"),
    ("slug", "index"),
    ("slug", "x" * 300),
    ("summary", '"\\u202Eevil"'),
]
CHART_CASES = {
    "flows-of-two-years": "  - kind: flows\n    figures: [cn-ru-exports-2023, ru-cn-turnover-2024-jan-sep]\n",
    "flows-no-figures": "  - kind: flows\n    figures: []\n",
    "growth-without-change": "  - kind: growth\n    figures: [cn-ru-exports-2023, cn-partner-rank-rus-2023]\n",
    "growth-of-a-turnover": "  - kind: growth\n    figures: [ru-cn-turnover-2024-jan-sep]\n",
    "flows-long-title": "  - kind: flows\n    figures: [cn-ru-exports-2023, cn-ru-imports-2023]\n    title: "
    + "Trade " * 100
    + "\n",
    "turnover-only": "  - kind: flows\n    figures: [cn-ru-turnover-2023]\n",
}
BODY_CASES = {
    "fell-on-a-rise": "China's exports fell {{cn-ru-exports-2023.change}}.",
    "bad-attribute": "Growth was {{cn-ru-exports-2023.Change}}.",
    "rank-change": "Russia ranked {{cn-partner-rank-rus-2023.change}}.",
    "attribute-list": 'Text.\n  {: onclick="alert(1)" }',
    "many-numbers": "\n  ".join(f"Line {i} has 12.5 and 13.75 in it." for i in range(400)),
}


def brief_cases() -> list[tuple[str, str, str, str, str]]:
    cases = [
        (f"brief:{field}={literal[:20]}", BRIEF, "", field, literal)
        for field, literal in BRIEF_CASES
    ]
    cases += [
        (f"brief:chart-{name}", BRIEF, "", "charts", text) for name, text in CHART_CASES.items()
    ]
    cases += [(f"brief:body-{name}", BRIEF, "", "body", text) for name, text in BODY_CASES.items()]
    return cases


CASES = figure_cases() + other_cases() + brief_cases()


def perturb(data: Path, path: str, record: str, field: str, literal) -> None:
    file = data / path
    text = file.read_text(encoding="utf-8")
    if path != BRIEF:
        text = set_field(text, record, field, literal)
    elif field == "charts":
        text = re.sub(r"(?ms)^charts:\n.*?(?=^\S)", lambda _: "charts:\n" + literal, text, count=1)
    elif field == "body":
        text = text.replace("body: |\n", "body: |\n  " + literal + "\n\n", 1)
    else:
        text = set_top(text, field, literal)
    file.write_text(text, encoding="utf-8")


@pytest.mark.slow
@pytest.mark.parametrize("name, path, record, field, literal", CASES, ids=[c[0] for c in CASES])
def test_a_perturbed_seed_is_refused_with_its_place_or_builds(
    name, path, record, field, literal, tmp_path, monkeypatch, capsys
):
    data = tmp_path / "data"
    shutil.copytree(SEED, data)
    perturb(data, path, record, field, literal)
    monkeypatch.chdir(tmp_path)  # paths print as data/...
    code = main(["check", "--data", "data"])
    err = capsys.readouterr().err
    assert code in (0, 1), err
    assert "internal error" not in err and "Traceback" not in err, err
    lines = err.strip().splitlines()
    assert SUMMARY_LINE.match(lines[-1]), err
    for line in lines[:-1]:
        assert FINDING_LINE.match(line), f"not path:line:col: severity: message: {line!r}"
    if code == 0:
        config = str(REPO / "mkdocs.yml")  # the repository's project, building this data
        built = main(["build", "--data", "data", "--site", "site", "--config", config])
        err = capsys.readouterr().err
        assert built == 0, f"check passed but build failed:\n{err}"


SUM_INPUTS = ["cn-ru-turnover-2023", "cn-ru-exports-2023", "cn-ru-imports-2023"]


@pytest.mark.parametrize("ident", SUM_INPUTS)
@pytest.mark.parametrize("how", ["*10", "/10", "negative"])
def test_a_figure_of_a_sum_that_holds_cannot_move_far_and_still_pass(
    ident, how, tmp_path, monkeypatch, capsys
):
    """turnover = exports + imports holds in the seed: moving one of them by ×10 cannot still pass."""
    data = tmp_path / "data"
    shutil.copytree(SEED, data)
    value = Decimal(record_fields(FACTS)[ident]["value"])
    new = {"*10": value * 10, "/10": value / 10, "negative": -value}[how]
    perturb(data, FACTS, ident, "value", format(new, "f"))
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--data", "data"]) == 1
    assert ": error: " in capsys.readouterr().err
