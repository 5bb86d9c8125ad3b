"""The benchmark: a realistic synthetic data set of N briefs, built with the real pipeline and MkDocs.

It measures what a newsroom waits for: a cold build (empty caches), a rebuild with nothing
changed, and a rebuild after one figure changes; how many charts that rebuild drew, how many pages
changed, peak memory, page and search index sizes, and where the time went (load+check, charts,
pages, MkDocs, the search index), and what a reader searching the site fetches and waits for
(benchreader.py, in Chromium). It is a benchmark, not a test: nothing here asserts a time.

The data is generated from a fixed seed, so the same N gives the same data set on every machine.
Every figure is consistent by construction (turnover = exports + imports exactly; changes computed
from the printed values; a part of a year never exceeds the year), so the checks pass and the
build runs the same code path as `tradebriefs build`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal
from itertools import combinations
from pathlib import Path

from bench.reader import measure_search
from tradebriefs.core.countries import country_name
from tradebriefs.core.environment import SOURCE_DATE_EPOCH
from tradebriefs.core.numbers import format_qualified
from tradebriefs.core.periods import parse_period
from tradebriefs.core.project import load_project
from tradebriefs.core.routes import brief_page, site_path
from tradebriefs.publish.build import last_commit_time
from tradebriefs.publish.searchindex import INDEX_FOLDER
from tradebriefs.render.chartcache import available_cores

REPO_ROOT = Path(__file__).resolve().parents[1]  # the repository this benchmark is in
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
BRIEF_YEARS = range(
    2014, 2024
)  # ten years of briefs; the truth table starts two years earlier for changes
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


# ----------------------------------------------------------------------------------------------------
# Measuring: each build runs `tradebriefs build` in a fresh process, as CI and `make site` do.

# The child process: the real CLI, with the pipeline's stages timed by wrapping them (the build code
# itself carries no timing code).
CHILD = "import sys; from bench.run import measured_build; sys.exit(measured_build(sys.argv[1:]))"
MIB = 1024 * 1024


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file's bytes, by path: to count what a rebuild changed."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def timed_build(data: Path, site_dir: Path, cache: Path, work: Path) -> dict:
    result = work / "result.json"
    env = {**os.environ, "TRADEBRIEFS_CACHE": str(cache), "NO_MKDOCS_2_WARNING": "1"}
    # Given here, so the build forks no `git log`: a fork's peak memory would pass for a worker's.
    env[SOURCE_DATE_EPOCH] = os.environ.get(SOURCE_DATE_EPOCH) or last_commit_time(REPO_ROOT) or "0"
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(data), str(site_dir), str(result)], env=env
    )
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(
            f"the benchmark's build failed (exit {done.returncode}); see the messages above"
        )
    measured = json.loads(result.read_text(encoding="utf-8"))
    return {
        "seconds": round(wall, 2),
        **{
            k: round(v, 2) if isinstance(v, float) else v
            for k, v in measured.items()
            if k != "phases"
        },
        "phases": {k: round(v, 2) for k, v in measured["phases"].items()},
    }


# ----------------------------------------------------------------------------------------------------
# The editor's preview: `mkdocs serve` on the data, an edit saved, the served brief polled until it shows it.

PREVIEW_TIMEOUT_S = 3600  # the preview's first build of a large archive takes many minutes
POLL_S = 0.1


def project_config(folder: Path, data_dir: Path, **changes) -> Path:
    """A copy of the repository's mkdocs.yml in `folder`, reading `data_dir` (for the preview's measure)."""
    return load_project(REPO_ROOT / "mkdocs.yml").with_data(folder, data_dir, **changes)


def fetch(url: str) -> tuple[int, str]:
    import http.client
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError, http.client.HTTPException):
        return 0, ""  # not served (yet), or cut off by a rebuild: asked again


def wait_until(condition, timeout: float) -> float | None:
    """Seconds until condition() held, polled; None when it never did."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if condition():
            return time.perf_counter() - start
        time.sleep(POLL_S)
    return None


def measure_preview(dataset: Dataset, work: Path, cache: Path) -> dict:
    """`mkdocs serve --dirty` (as `make serve`) on the data with the one-figure edit in; the edit undone and saved; the
    seconds until the served brief shows the figure as it was (its page served, the edited wording gone)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "TRADEBRIEFS_CACHE": str(cache), "NO_MKDOCS_2_WARNING": "1"}
    env[SOURCE_DATE_EPOCH] = os.environ.get(SOURCE_DATE_EPOCH) or last_commit_time(REPO_ROOT) or "0"
    config = project_config(work, dataset.data_dir)
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}"]
        + ["--config-file", str(config)],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/{dataset.change_page}"
    try:
        first = wait_until(lambda: dataset.change_shown in fetch(url)[1], PREVIEW_TIMEOUT_S)
        if first is None:
            raise RuntimeError(f"the preview never served {url} with the edit")
        text = dataset.change_file.read_text(encoding="utf-8")
        dataset.change_file.write_text(
            text.replace(dataset.change_to, dataset.change_from, 1), encoding="utf-8"
        )

        plain = dataset.change_shown.split(" ", 1)[
            1
        ]  # "$12.34 bn", shown on the brief, not on an error page

        def shows_undo() -> bool:
            status, page = fetch(url)
            return status == 200 and plain in page and dataset.change_shown not in page

        seconds = wait_until(shows_undo, PREVIEW_TIMEOUT_S)
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
    return {
        "preview_first_build_s": round(first, 2),
        "preview_edit_shown_s": round(seconds, 2) if seconds is not None else None,
    }


def changed(before: dict[str, bytes], after: dict[str, bytes]) -> list[str]:
    return sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))


def machine() -> dict:
    cpu = (
        next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            platform.processor(),
        )
        if Path("/proc/cpuinfo").exists()
        else ""
    )
    mem = (
        next(
            (
                int(line.split()[1]) * 1024
                for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")
            ),
            0,
        )
        if Path("/proc/meminfo").exists()
        else 0
    )
    from importlib import metadata

    return {
        "cpu": cpu,
        "cores": available_cores(),
        "memory_gib": round(mem / 1024**3, 1),
        "python": platform.python_version(),
        "mkdocs": metadata.version("mkdocs"),
        "mkdocs_material": metadata.version("mkdocs-material"),
        "matplotlib": metadata.version("matplotlib"),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def run_bench(n: int, log=print, preview: bool = True) -> dict:
    """Generate N briefs, build cold, rebuild with nothing changed, rebuild after one figure changes; then
    (with `preview`) the same edit undone under `mkdocs serve`."""
    with tempfile.TemporaryDirectory(prefix="tradebriefs-bench-") as tmp:
        work = Path(tmp)
        data, site_dir, cache = work / "data", work / "site", work / "cache"
        started = time.perf_counter()
        dataset = generate_dataset(n, data)
        log(
            f"bench: {dataset.briefs} briefs, {dataset.figures} figures in {time.perf_counter() - started:.1f} s; "
            f"cold build (empty caches)"
        )
        cold = timed_build(data, site_dir, cache, work)
        first = snapshot(site_dir)
        log(f"bench: cold {cold['seconds']} s; rebuild, nothing changed")
        warm = timed_build(data, site_dir, cache, work)
        second = snapshot(site_dir)
        log(f"bench: warm {warm['seconds']} s; rebuild after one figure changes")
        text = dataset.change_file.read_text(encoding="utf-8")
        dataset.change_file.write_text(
            text.replace(dataset.change_from, dataset.change_to, 1), encoding="utf-8"
        )
        one = timed_build(data, site_dir, cache, work)
        third = snapshot(site_dir)
        pages = [p for p in third if p.endswith(".html")]
        brief_pages = [
            len(third[p])
            for p in pages
            if p.startswith("briefs/") and p.count("/") == 2 and not p.startswith("briefs/page/")
        ]
        one_changed = changed(second, third)
        if preview:
            log("bench: the preview (mkdocs serve): an edit saved, the served brief polled")
        previewed = measure_preview(dataset, work, cache) if preview else None
        log("bench: searching the site in Chromium")
        searched = search_figures(site_dir, cold)
        report = {
            "briefs": dataset.briefs,
            "figures": dataset.figures,
            "charts_per_brief": CHARTS_PER_BRIEF,
            "machine": machine(),
            "cold": cold,
            "warm": warm,
            "one_figure": one,
            "preview": previewed,
            "warm_files_changed": changed(first, second)[
                :20
            ],  # none: a rebuild of the same data is byte-identical
            "one_figure_files_changed": len(one_changed),
            "one_figure_html_changed": sum(1 for p in one_changed if p.endswith(".html")),
            "one_figure_charts_changed": sum(1 for p in one_changed if p.endswith(".svg")),
            "pages_written": len(pages),
            "files_written": len(third),
            "site_mib": round(sum(len(b) for b in third.values()) / MIB, 1),
            "brief_html_median_kib": round(statistics.median(brief_pages) / 1024, 1)
            if brief_pages
            else None,
            **searched,
            "cold_ms_per_brief": round(cold["seconds"] * 1000 / dataset.briefs, 1),
        }
    return report


def search_figures(site_dir: Path, cold: dict) -> dict:
    """The search index on disk (Pagefind's chunks; a reader fetches only what a query needs), how long it
    took to build, and a reader's queries in Chromium."""
    index = [p for p in (site_dir / INDEX_FOLDER).rglob("*") if p.is_file()]
    return {
        "search_index_mib": round(sum(p.stat().st_size for p in index) / MIB, 2),
        "search_index_files": len(index),
        "search_index_build_s": cold["phases"].get("search_index"),
        "search_index_cpu_s": cold.get("search_index_cpu_s"),
        "search": measure_search(site_dir, tuple(name.split()[-1] for name, _ in SPEAKERS)),
    }


def run_search_bench(n: int, log=print) -> dict:
    """Generate N briefs, build once (cold), and measure only the search: its index and a reader's queries."""
    with tempfile.TemporaryDirectory(prefix="tradebriefs-bench-") as tmp:
        work = Path(tmp)
        data, site_dir, cache = work / "data", work / "site", work / "cache"
        dataset = generate_dataset(n, data)
        log(f"bench: {dataset.briefs} briefs; cold build")
        cold = timed_build(data, site_dir, cache, work)
        log(f"bench: cold {cold['seconds']} s; searching the site in Chromium")
        return {
            "briefs": dataset.briefs,
            "machine": machine(),
            "cold": cold,
            "pages_written": sum(1 for _ in site_dir.rglob("*.html")),
            **search_figures(site_dir, cold),
            "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        }


def write_report(report: dict, out: Path | None) -> str:
    text = json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    return text
