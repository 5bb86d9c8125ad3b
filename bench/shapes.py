"""The hostile-shapes benchmark: one brief whose body is a pathological shape, at the body limit.

A red team found bodies that stalled `tradebriefs check` and every build: 60,000 `[` ran past 13 minutes in
Python-Markdown, 30,000 unclosed `{{` took half a minute in a regular expression. Each shape here is a data
folder of one fact file and one brief, its body the shape repeated to exactly MAX_BODY characters.
`tradebriefs check` runs on it in a fresh process, as an editor runs it; then, when the check passes (a build
stops at a failed check), `tradebriefs build`, counted over the build of a brief of plain prose of the same
length. Each is timed against a budget. It is a benchmark, not a test: the tests check what these bodies
give (tests/test_hostile.py), on smaller ones, and never a time.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.harness import REPO_ROOT, machine
from tradebriefs.facts.models import MAX_BODY

DEFAULT_BUDGET_S = 5.0
# A command that runs this many budgets is stopped: the benchmark itself must not stall.
STOP_AFTER_BUDGETS = 12


def repeated(unit: str) -> Callable[[int], str]:
    return lambda n: (unit * (n // len(unit) + 1))[:n]


# (name, what it attacks, body of n characters)
SHAPES: tuple[tuple[str, str, Callable[[int], str]], ...] = (
    ("open-brackets", "`[` never closed: Markdown's link text walk", repeated("[")),
    ("open-citations", "`{{` never closed: the citation scan", repeated("{{")),
    ("open-link-targets", "`[a](` never closed: Markdown's address walk", repeated("[a](")),
    ("open-images", "`![` never closed", repeated("![")),
    ("open-citations-with-ids", "`{{x` never closed", repeated("{{x")),
    (
        "nested-brackets",
        "`[[[...]]]`: every walk to the far end",
        lambda n: "[" * (n // 2) + "]" * (n - n // 2),
    ),
    ("emphasis-line", "one line of `*_`", repeated("*_")),
    ("mixed", "all of the above in turn", repeated("[{{[a](![{{x*_")),
    ("link-titles", '`[a](x"y)`: a title that never closes', repeated('[a](x"y)')),
    ("reference-opens", "`[a][` never closed", repeated("[a][")),
    ("bracket-lines", "lines that start with `[`", repeated("[\n")),
    (
        "citation-spaces",
        "`{{`, spaces, `x y}}`: backtracking",
        lambda n: "{{" + " " * (n - 7) + "x y}}",
    ),
    ("autolink-opens", "`<a:` never closed", repeated("<a:")),
    ("entities", "`<` and `&`: an entity each", repeated("<&")),
    ("emphasis-pairs", "`*a*`: an element each", repeated("*a*")),
    (
        "heading-of-brackets",
        "a heading of `[`: escaped for MkDocs",
        lambda n: "## " + "[" * (n - 3),
    ),
)

FACTS = """\
sources:
  - id: tass
    title: Russia has become one of China's foreign trade drivers
    publisher: TASS
    published: 2024-10-28
    url: https://tass.com/economy/1863483

figures:
  - id: cn-ru-exports-2023
    reporter: CHN
    partner: RUS
    flow: exports
    period: 2023
    value: 110.97
    unit: USD billion
    source: tass
"""
SLUG = "2024-10-28-exports"


def brief_text(body: str) -> str:
    """A valid brief around `body`, written as a literal block (`|-`, or `|+` when it ends in a line break) so
    findings are placed inside it, as in an editor's file. The shapes start with no space (a first line's
    spaces would be read as the block's indentation)."""
    chomp = "+" if body.endswith("\n") else "-"
    text = body[:-1] if chomp == "+" else body
    lines = "\n".join(f"  {line}" if line else "" for line in text.split("\n"))
    return (
        f"slug: {SLUG}\ntitle: China's exports to Russia\ndate: 2024-10-28\nplace: Beijing\n"
        "pair: [CHN, RUS]\nsummary: China's exports to Russia in 2023.\n"
        "headline: cn-ru-exports-2023\nfigures: [cn-ru-exports-2023]\n"
        f"body: |{chomp}\n{lines}\n"
    )


def write_shape(data_dir: Path, body: str) -> None:
    (data_dir / "facts").mkdir(parents=True, exist_ok=True)
    (data_dir / "briefs").mkdir(parents=True, exist_ok=True)
    (data_dir / "facts" / "trade.yaml").write_text(FACTS, encoding="utf-8")
    (data_dir / "briefs" / f"{SLUG}.yaml").write_text(brief_text(body), encoding="utf-8")


def run_child(args: list[str], limit: float, env: dict):
    """(wall seconds, the finished process), or (None, None) when it ran past `limit` and was stopped. It runs
    in the repository, where the command finds the project's mkdocs.yml."""
    start = time.perf_counter()
    try:
        done = subprocess.run(
            args, capture_output=True, text=True, timeout=limit, env=env, cwd=REPO_ROOT
        )
    except subprocess.TimeoutExpired:
        return None, None
    return time.perf_counter() - start, done


def timed_cli(args: list[str], limit: float, env: dict) -> dict:
    """A `tradebriefs` command in a fresh process: its wall seconds (None: stopped), exit and error lines."""
    seconds, done = run_child([sys.executable, "-m", "tradebriefs.cli", *args], limit, env)
    errors = [line for line in done.stderr.splitlines() if ": error: " in line] if done else []
    return {
        "seconds": round(seconds, 2) if seconds is not None else None,
        "exit": done.returncode if done else None,
        "errors": len(errors),
        "first_error": errors[0].split(": error: ", 1)[1][:120] if errors else None,
    }


def measure_shape(name: str, body: str, work: Path, budget: float, env: dict, base: float) -> dict:
    """`check`, then (when the data passes) `build`, on a data folder holding one brief with this body. The
    build's time counts over `base`, the build of a brief of plain prose of the same length."""
    data = work / name / "data"
    write_shape(data, body)
    # Cold, as the plain build was: no record or page read back from another shape's run.
    env = {**env, "TRADEBRIEFS_CACHE": str(work / name / "cache")}
    limit = base + budget * STOP_AFTER_BUDGETS
    check = timed_cli(["check", "--data", str(data)], limit, env)
    build = None
    if check["exit"] == 0:
        build = timed_cli(
            ["build", "--data", str(data), "--site", str(work / name / "site")], limit, env
        )
    seconds = build["seconds"] if build else None
    extra = round(max(0.0, seconds - base), 2) if seconds is not None else None
    return {
        "shape": name,
        "chars": len(body),
        "check_s": check["seconds"],
        "check_exit": check["exit"],
        "check_errors": check["errors"],
        "first_error": check["first_error"],
        "build_s": seconds,
        "build_exit": build["exit"] if build else None,
        "build_over_plain_s": extra,
        "within_budget": check["seconds"] is not None
        and check["seconds"] <= budget
        and (build is None or (extra is not None and extra <= budget and build["exit"] == 0)),
    }


def shape_line(result: dict, budget: float) -> str:
    def seconds(value):
        return f"{value:6.2f} s" if value is not None else " stopped"

    errors = result["check_errors"]
    if result["build_s"] is not None:
        built = f"build {seconds(result['build_s'])} (+{result['build_over_plain_s']:.2f} s)"
    elif result["check_exit"] == 0:
        built = "build  stopped"
    else:
        built = "no build (the check failed)"
    verdict = "ok" if result["within_budget"] else f"OVER BUDGET ({budget:g} s)"
    return (
        f"shapes: {result['shape']:<24} check {seconds(result['check_s'])} "
        f"({errors} error{'' if errors == 1 else 's'})  {built}  {verdict}"
    )


PLAIN = repeated("Trade between the two countries grew again this year, customs officials said. ")


def run_shapes_bench(budget: float = DEFAULT_BUDGET_S, log=print, chars: int = MAX_BODY) -> dict:
    """Each shape at `chars` characters: `check`, and the build over a plain brief's, against `budget` seconds."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    host = machine()  # its load average is the one at the start
    with tempfile.TemporaryDirectory(prefix="tradebriefs-shapes-") as tmp:
        work = Path(tmp)
        log(f"shapes: {len(SHAPES)} bodies of {chars:,} characters; budget {budget:g} s each")
        plain = measure_shape("plain-prose", PLAIN(chars), work, budget, env, 0.0)
        if plain["build_exit"] != 0 or plain["build_s"] is None:
            raise RuntimeError(f"the build of a plain brief failed: {plain['first_error']}")
        base = plain["build_s"]
        log(
            f"shapes: a brief of plain prose checks in {plain['check_s']:.2f} s, builds in {base:.2f} s"
        )
        results = []
        for name, _, make in SHAPES:
            results.append(measure_shape(name, make(chars), work, budget, env, base))
            log(shape_line(results[-1], budget))
    load = [round(x, 2) for x in os.getloadavg()]
    log(f"shapes: load average {load[0]}, {load[1]}, {load[2]}")
    return {
        "budget_s": budget,
        "chars": chars,
        "plain_check_s": plain["check_s"],
        "plain_build_s": base,
        "machine": host,
        "shapes": [{**r, "attacks": what} for r, (_, what, _) in zip(results, SHAPES, strict=True)],
        "within_budget": all(r["within_budget"] for r in results),
        "load_average_at_end": load,
    }
