"""The benchmark's synthetic data set: a realistic archive of N briefs and their facts, and the one-figure edit
the benchmark's rebuild and preview make in it.

The data is generated from a fixed seed, so the same N gives the same data set on every machine.
Every figure is consistent by construction (turnover = exports + imports exactly; changes computed
from the printed values; a part of a year never exceeds the year), so the checks pass and the
build runs the same code path as `tradebriefs build`.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal
from itertools import combinations
from pathlib import Path

from tradebriefs.core.countries import country_name
from tradebriefs.core.numbers import format_qualified
from tradebriefs.core.periods import parse_period
from tradebriefs.core.routes import brief_page, site_path

SEED = 20241028
# Twenty countries, fifty pairs of them: the shape of a newsroom's coverage, not a census.
COUNTRIES = (
    "CHN",
    "RUS",
    "USA",
    "DEU",
    "JPN",
    "KOR",
    "IND",
    "BRA",
    "FRA",
    "GBR",
    "ITA",
    "CAN",
    "MEX",
    "TUR",
    "IDN",
    "SAU",
    "ARE",
    "KAZ",
    "VNM",
    "ZAF",
)
PAIRS = 50
# Ten years of briefs; the truth table starts two years earlier for changes.
BRIEF_YEARS = range(2014, 2024)
FIRST_TRUTH_YEAR = 2012
UNIT = "USD billion"
CHARTS_PER_BRIEF = 3
QUOTES_PER_BRIEF = 2
WIRES = (
    "Trade Wire",
    "Global Customs Monitor",
    "Asia Markets Daily",
    "Eurasia Business Review",
    "The Commodity Ledger",
    "Port & Freight Weekly",
    "Emerging Markets Desk",
    "The Tariff Letter",
)
TOPICS = (
    "customs statistics",
    "energy",
    "machinery",
    "agriculture",
    "logistics",
    "sanctions",
    "metals",
    "cars",
    "electronics",
    "chemicals",
    "textiles",
    "shipping",
    "payments",
    "rail freight",
    "grain",
    "oil and gas",
    "coal",
    "fertilisers",
    "pharmaceuticals",
    "semiconductors",
    "trade policy",
    "currency",
    "tariffs",
    "investment",
    "ports",
    "border crossings",
    "free trade agreements",
    "aviation",
    "fisheries",
    "timber",
)
SPEAKERS = tuple(
    (f"{first} {last}", role)
    for first, last, role in (
        ("Anna", "Petrova", "trade representative"),
        ("Li", "Wei", "customs spokesperson"),
        ("Maria", "Santos", "deputy economy minister"),
        ("James", "Okafor", "chamber of commerce president"),
        ("Yuki", "Tanaka", "exporters' association director"),
        ("Hans", "Becker", "industry federation economist"),
        ("Aylin", "Demir", "trade ministry adviser"),
        ("Rahul", "Mehta", "commerce secretary"),
        ("Sofia", "Rossi", "port authority chief"),
        ("Omar", "Haddad", "sovereign fund strategist"),
        ("Claire", "Dubois", "agriculture attaché"),
        ("Arman", "Seitkali", "rail operator director"),
        ("Nguyen", "Thi Lan", "textile producers' head"),
        ("Pieter", "van Wyk", "mining council chair"),
        ("Diego", "Hernández", "automotive association director"),
        ("Ji-ho", "Park", "semiconductor analyst"),
    )
)
PHRASES = (
    "demand held up better than expected",
    "logistics remained the main bottleneck",
    "payments in national currencies kept growing",
    "new rail routes shortened delivery times",
    "energy shipments dominated the balance",
    "machinery orders picked up in the second half",
    "agricultural exports faced stricter inspections",
    "freight rates eased after a volatile year",
    "border crossings added capacity",
    "manufacturers moved part of their supply chains",
    "state buyers signed longer contracts",
    "a weaker currency made exports cheaper",
    "tariff changes reshaped the mix of goods",
    "small firms entered the market for the first time",
)
HUNDRED = Decimal(100)
ONE_DECIMAL = Decimal("0.1")


# ----------------------------------------------------------------------------------------------------
# The truth table: monthly exports and imports in cents of a billion, so every sum is exact.


@dataclass(frozen=True)
class Span:
    """A period as first and last month of one year; its text is how a data file writes it."""

    year: int
    first: int
    last: int

    @property
    def text(self) -> str:
        if (self.first, self.last) == (1, 12):
            return str(self.year)
        if self.first == self.last:
            return f"{self.year}-{self.first:02d}"
        if self.last - self.first == 2 and self.first % 3 == 1:
            return f"{self.year}-Q{(self.first + 2) // 3}"
        return f"{self.year}-{self.first:02d}/{self.year}-{self.last:02d}"

    @property
    def slug(self) -> str:
        return self.text.replace("/", "-to-").lower()

    def shifted(self, years: int) -> Span:
        return Span(self.year + years, self.first, self.last)


def spans_of_year(year: int) -> list[Span]:
    """Months, quarters, year-to-date spans and the year: the periods customs offices publish."""
    return (
        [Span(year, m, m) for m in range(1, 13)]
        + [Span(year, q * 3 - 2, q * 3) for q in range(1, 5)]
        + [Span(year, 1, m) for m in range(2, 12) if m != 3]
        + [Span(year, 1, 12)]
    )  # Jan–Mar is Q1


# One brief per pair, reporting side and period at most.
MAX_BRIEFS = PAIRS * 2 * len(BRIEF_YEARS) * len(spans_of_year(BRIEF_YEARS[0]))


class Truth:
    """What each country 'really' reported, month by month; figures are sums of it."""

    def __init__(self, seed: int):
        self.seed = seed
        self._months: dict[tuple, list[int]] = {}

    def _series(self, reporter: str, partner: str, flow: str) -> list[int]:
        key = (reporter, partner, flow)
        if key not in self._months:
            rng = random.Random(f"{self.seed}-{reporter}-{partner}-{flow}")
            level, trend = rng.uniform(30, 1500), rng.uniform(-0.04, 0.12)
            months = []
            for _ in range((BRIEF_YEARS.stop - FIRST_TRUTH_YEAR) * 12):
                level *= (1 + trend) ** (1 / 12) * rng.uniform(0.93, 1.07)
                months.append(max(1, round(level)))
            self._months[key] = months
        return self._months[key]

    def cents(self, reporter: str, partner: str, flow: str, span: Span) -> int:
        if flow == "turnover":
            return sum(self.cents(reporter, partner, f, span) for f in ("exports", "imports"))
        months = self._series(reporter, partner, flow)
        base = (span.year - FIRST_TRUTH_YEAR) * 12
        return sum(months[base + m - 1] for m in range(span.first, span.last + 1))


def money(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def change_text(now: int, before: int) -> str:
    """The change in percent, rounded to one decimal as a statistics office prints it."""
    change = ((Decimal(now) / Decimal(before) - 1) * HUNDRED).quantize(
        ONE_DECIMAL, rounding=ROUND_HALF_EVEN
    )
    return format(change + 0, "f")  # + 0 turns -0.0 into 0.0


# ----------------------------------------------------------------------------------------------------
# YAML text, written by hand: every string double-quoted (JSON string syntax is valid YAML).


def q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def figure_id(reporter: str, partner: str, flow: str, span: Span) -> str:
    return f"{reporter}-{partner}-{flow}-{span.slug}".lower()


@dataclass
class PairFile:
    """One fact file per pair: its figures, the briefs' article sources and quotes."""

    figures: dict[str, str] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)

    def text(self) -> str:
        out = ["# yaml-language-server: $schema=../schema/facts.schema.json"]
        for name, items in (
            ("sources", self.sources),
            ("figures", [self.figures[k] for k in sorted(self.figures)]),
            ("quotes", self.quotes),
        ):
            if items:
                out += [f"{name}:", *items]
        return "\n".join(out) + "\n"


def customs_source_id(reporter: str, year: int) -> str:
    return f"customs-{reporter.lower()}-{year}"


def customs_source(reporter: str, year: int) -> str:
    name = country_name(reporter)
    return (
        f"  - id: {customs_source_id(reporter, year)}\n"
        f"    title: {q(f'Foreign trade of {name} by partner country, {year}')}\n"
        f"    publisher: {q(f'Customs service of {name}')}\n"
        f"    published: {year + 1}-02-15\n"
        f"    url: https://customs.example/{reporter.lower()}/{year}\n"
    )


def figure_yaml(
    truth: Truth, reporter: str, partner: str, flow: str, span: Span
) -> tuple[str, str]:
    now = truth.cents(reporter, partner, flow, span)
    lines = [
        f"  - id: {figure_id(reporter, partner, flow, span)}",
        f"    reporter: {reporter}",
        f"    partner: {partner}",
        f"    flow: {flow}",
        f"    period: {span.text}",
        f"    value: {money(now)}",
        f"    unit: {UNIT}",
    ]
    if span.year > FIRST_TRUTH_YEAR:
        lines.append(
            f"    change: {change_text(now, truth.cents(reporter, partner, flow, span.shifted(-1)))}"
        )
    lines.append(f"    source: {customs_source_id(reporter, span.year)}")
    return figure_id(reporter, partner, flow, span), "\n".join(lines) + "\n"


@dataclass(frozen=True)
class BriefPlan:
    reporter: str
    partner: str
    span: Span
    date: dt.date

    @property
    def slug(self) -> str:
        return f"{self.date.isoformat()}-{self.reporter}-{self.partner}-{self.span.slug}".lower()


def plan_briefs(n: int, seed: int) -> tuple[list[tuple[str, str]], list[BriefPlan]]:
    """N distinct (pair, reporting side, period) subjects, dated after their period ends."""
    rng = random.Random(seed)
    pairs = sorted(
        tuple(sorted(pair)) for pair in rng.sample(list(combinations(COUNTRIES, 2)), PAIRS)
    )
    subjects = [
        (pair, side, span)
        for pair in pairs
        for side in (0, 1)
        for year in BRIEF_YEARS
        for span in spans_of_year(year)
    ]
    plans = []
    for pair, side, span in rng.sample(subjects, n):
        reporter, partner = pair if side == 0 else pair[::-1]
        year, month = (span.year + 1, 1) if span.last == 12 else (span.year, span.last + 1)
        plans.append(BriefPlan(reporter, partner, span, dt.date(year, month, rng.randint(3, 27))))
    return pairs, sorted(plans, key=lambda p: (p.date, p.slug))


def brief_figures(plan: BriefPlan) -> list[tuple[str, str, str, Span]]:
    """Ten figures: the period, a year earlier, the partner's mirror, and the full year (or two years back)."""
    r, p, span = plan.reporter, plan.partner, plan.span
    flows = ("exports", "imports", "turnover")
    extra = (
        r,
        p,
        "turnover",
        Span(span.year, 1, 12) if span.text != str(span.year) else span.shifted(-2),
    )
    return (
        [(r, p, f, span) for f in flows]
        + [(r, p, f, span.shifted(-1)) for f in flows]
        + [(p, r, f, span) for f in flows]
        + [extra]
    )


def period_words(span: Span) -> str:
    """As the site labels periods: '2023', 'Q3 2024', 'September 2024', 'January–September 2024'."""
    return parse_period(span.text).label()


def brief_yaml(
    plan: BriefPlan,
    ids: list[str],
    quotes: list[str],
    tags: list[str],
    grew: bool,
    rng: random.Random,
) -> str:
    r, p = country_name(plan.reporter), country_name(plan.partner)
    when = period_words(plan.span)
    exp, imp, tur, exp1, imp1, tur1, mexp, mimp, mtur, extra = ids
    phrases = rng.sample(PHRASES, 4)
    body = (
        f"{r}'s trade with {p} reached {{{{{tur}}}}} in {when}, {{{{{tur}.change}}}} on a year earlier, "
        f"according to customs data. Exports to {p} came to {{{{{exp}}}}} ({{{{{exp}.change}}}}) and imports "
        f"from {p} to {{{{{imp}}}}} ({{{{{imp}.change}}}}). Officials said {phrases[0]}, and that "
        f"{phrases[1]}.\n\n"
        f"## A year earlier\n\n"
        f"In the same period a year before, turnover was {{{{{tur1}}}}}: exports of {{{{{exp1}}}}} against "
        f"imports of {{{{{imp1}}}}}. Analysts noted that {phrases[2]}. For comparison, the wider figure "
        f"stood at {{{{{extra}}}}}.\n\n"
        f"## The view from {p}\n\n"
        f"{p}'s own statistics tell a similar story: it put its exports to {r} at {{{{{mexp}}}}} and its "
        f"imports from {r} at {{{{{mimp}}}}}, for a turnover of {{{{{mtur}}}}} "
        f"({{{{{mtur}.change}}}}). Mirror statistics rarely match, since exports are counted free on board "
        f"and imports with freight and insurance. Traders added that {phrases[3]}.\n"
    )
    direction = "grows" if grew else "shrinks"
    lines = [
        "# yaml-language-server: $schema=../schema/brief.schema.json",
        f"slug: {plan.slug}",
        f"title: {q(f'{r} and {p}: trade {direction} in {when}, customs data show')}",
        f"date: {plan.date.isoformat()}",
        f"place: {q(rng.choice(('Beijing', 'Moscow', 'Geneva', 'Singapore', 'Dubai', 'Berlin', 'Washington', 'Tokyo', 'Istanbul', 'Almaty')))}",
        f"pair: [{plan.reporter}, {plan.partner}]",
        f"summary: {q(f'Customs figures for {when} show how trade between {r} and {p} moved, and how the two sides report it differently.')}",
        f"headline: {tur}",
        "figures:",
        *(f"  - {i}" for i in ids),
        "body: |",
        *(f"  {line}" if line else "" for line in body.splitlines()),
        "quotes:",
        *(f"  - {x}" for x in quotes),
        "charts:",
        "  - kind: flows",
        f"    figures: [{exp}, {imp}]",
        "  - kind: growth",
        f"    figures: [{tur}, {exp}, {imp}]",
        "  - kind: flows",
        f"    figures: [{mexp}, {mimp}]",
        f"tags: [{', '.join(q(t) for t in tags)}]",
        "sources:",
        f"  - art-{plan.slug}",
    ]
    return "\n".join(lines) + "\n"


@dataclass
class Dataset:
    data_dir: Path
    briefs: int
    figures: int
    charts: int
    change_file: Path  # where the one-figure edit of the rebuild happens
    change_from: str
    change_to: str
    change_page: str  # the URL path of the brief that shows the edited figure
    change_shown: str  # how that page prints the figure once edited ("about $12.34 bn")

    def make_edit(self) -> None:
        """The one-figure edit: the newest brief's exports, now qualified "about"."""
        self._replace(self.change_from, self.change_to)

    def undo_edit(self) -> None:
        self._replace(self.change_to, self.change_from)

    def _replace(self, old: str, new: str) -> None:
        text = self.change_file.read_text(encoding="utf-8")
        self.change_file.write_text(text.replace(old, new, 1), encoding="utf-8")


def generate_dataset(n: int, data_dir: Path, seed: int = SEED) -> Dataset:
    """Write N briefs and their facts into data_dir (facts/, briefs/); the same N and seed give the same files."""
    rng = random.Random(seed + 1)
    truth = Truth(seed)
    pairs, plans = plan_briefs(n, seed)
    files = {pair: PairFile() for pair in pairs}
    customs: set[tuple[str, int]] = set()
    (data_dir / "facts").mkdir(parents=True, exist_ok=True)
    (data_dir / "briefs").mkdir(parents=True, exist_ok=True)
    for plan in plans:
        pair_file = files[tuple(sorted((plan.reporter, plan.partner)))]
        ids = []
        for reporter, partner, flow, span in brief_figures(plan):
            ident, text = figure_yaml(truth, reporter, partner, flow, span)
            pair_file.figures[ident] = text
            customs.add((reporter, span.year))
            ids.append(ident)
        pair_file.sources.append(
            f"  - id: art-{plan.slug}\n    title: {q(f'Trade between {country_name(plan.reporter)} and {country_name(plan.partner)}, {period_words(plan.span)}')}\n"
            f"    publisher: {q(rng.choice(WIRES))}\n    published: {plan.date.isoformat()}\n"
            f"    url: https://news.example/{plan.slug}\n"
        )
        quotes = []
        for k, (speaker, role) in enumerate(rng.sample(SPEAKERS, QUOTES_PER_BRIEF)):
            ident = f"q-{plan.slug}-{k + 1}"
            words = " ".join(rng.sample(PHRASES, 2)).capitalize()
            pair_file.quotes.append(
                f"  - id: {ident}\n    speaker: {q(speaker)}\n    role: {q(role.capitalize())}\n"
                f"    text: {q(words)}\n    date: {plan.date.isoformat()}\n"
                f"    source: art-{plan.slug}\n"
            )
            quotes.append(ident)
        tags = [country_name(plan.reporter), country_name(plan.partner), *rng.sample(TOPICS, 2)]
        grew = truth.cents(plan.reporter, plan.partner, "turnover", plan.span) >= truth.cents(
            plan.reporter, plan.partner, "turnover", plan.span.shifted(-1)
        )
        (data_dir / "briefs" / f"{plan.slug}.yaml").write_text(
            brief_yaml(plan, ids, quotes, tags, grew, rng), encoding="utf-8"
        )
    sources = ["# yaml-language-server: $schema=../schema/facts.schema.json", "sources:"]
    sources += [customs_source(r, y) for r, y in sorted(customs)]
    (data_dir / "facts" / "customs.yaml").write_text("\n".join(sources) + "\n", encoding="utf-8")
    for (a, b), pair_file in files.items():
        if pair_file.figures:
            (data_dir / "facts" / f"{a.lower()}-{b.lower()}.yaml").write_text(
                pair_file.text(), encoding="utf-8"
            )
    # The rebuild's edit: the newest brief's exports, now qualified "about". A real correction, and one
    # that keeps every check passing (turnover = exports + imports still holds within the wider interval).
    newest = plans[-1]
    exports = figure_id(newest.reporter, newest.partner, "exports", newest.span)
    change_file = (
        data_dir
        / "facts"
        / "{}-{}.yaml".format(*sorted((newest.reporter.lower(), newest.partner.lower())))
    )
    line = f"    unit: {UNIT}\n"
    block = files[tuple(sorted((newest.reporter, newest.partner)))].figures[exports]
    value = Decimal(block.split("    value: ", 1)[1].split("\n", 1)[0])
    return Dataset(
        data_dir,
        len(plans),
        sum(len(f.figures) for f in files.values()),
        len(plans) * CHARTS_PER_BRIEF,
        change_file,
        block,
        block.replace(line, line + "    qualifier: about\n"),
        site_path(brief_page(newest.slug)),
        format_qualified(value, UNIT, "about"),
    )
