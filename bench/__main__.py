"""The benchmark's command line: `python -m bench` from the repository (`make bench`, `make bench-shapes`).

The benchmark is not part of the installed package: it generates synthetic data sets, runs timed builds in
child processes and writes a JSON report; the site's code never imports it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def cmd_bench(args) -> int:
    """Benchmark the build on N synthetic briefs: cold, unchanged and one-figure rebuilds, memory, sizes (JSON);
    or, with --shapes, `check` and `build` of hostile brief bodies against a time budget."""
    from bench.harness import run_bench, run_search_bench
    from bench.report import write_report

    def log(line: str) -> None:
        print(line, file=sys.stderr)

    if args.edits:
        return run_edits(args.edits, args.seed, args.briefs or 6, log)
    args.briefs = args.briefs or 100
    if args.shapes:
        from bench.shapes import run_shapes_bench

        budget = {"budget": args.budget} if args.budget else {}
        report = run_shapes_bench(log=log, **budget)
        print(write_report(report, Path(args.out) if args.out else None), end="")
        return 0 if report["within_budget"] else 1
    if args.search_only:
        report = run_search_bench(args.briefs, log=log)
    else:
        editions = args.editions.split(",") if args.editions else None
        report = run_bench(args.briefs, log=log, preview=not args.no_preview, editions=editions)
    print(write_report(report, Path(args.out) if args.out else None), end="")
    return 0


def run_edits(steps: int, seed: int, briefs: int, log) -> int:
    """The long version of tests/test_incremental.py: `steps` random edits to a sandbox of `briefs` briefs,
    each incremental build compared with a clean one; exit 1 at the first difference."""
    import tempfile

    from bench.edits import Mismatch, run_sequence

    with tempfile.TemporaryDirectory(prefix="tradebriefs-edits-") as folder:
        try:
            run_sequence(Path(folder) / "project", steps, seed, briefs, log=log)
        except Mismatch as error:
            log(f"error: an incremental build differs from a clean one (seed {seed}):\n{error}")
            return 1
    log(f"{steps} edits (seed {seed}): every incremental build equals a clean one")
    return 0


def step_count(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 10_000:
        raise argparse.ArgumentTypeError(f"expected a whole number from 1 to 10000, got {text!r}")
    return int(text)


def brief_count(text: str) -> int:
    from bench.generate import MAX_BRIEFS

    if not text.isdigit() or not 1 <= int(text) <= MAX_BRIEFS:
        raise argparse.ArgumentTypeError(
            f"expected a whole number from 1 to {MAX_BRIEFS}, got {text!r}"
        )
    return int(text)


def seconds_budget(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not 0 < value <= 600:
        raise argparse.ArgumentTypeError(f"expected seconds from 0 to 600, got {text!r}")
    return value


def main(argv: list[str] | None = None) -> int:
    n = argparse.ArgumentParser(prog="python -m bench", description=cmd_bench.__doc__)
    n.add_argument(
        "--briefs",
        type=brief_count,
        default=None,
        metavar="N",
        help="how many briefs to generate (default: 100; 6 with --edits)",
    )
    n.add_argument("--out", metavar="FILE", help="also write the JSON report to FILE")
    n.add_argument(
        "--search-only",
        action="store_true",
        help="one cold build, then only the search: index build time and size, a reader's queries",
    )
    n.add_argument(
        "--shapes",
        action="store_true",
        help="instead: `check`, then `build`, of one brief per hostile body shape (unclosed brackets and "
        "citations, ...) at the body limit, each against --budget; exit 1 when one runs over",
    )
    n.add_argument(
        "--budget",
        type=seconds_budget,
        metavar="S",
        help="--shapes: seconds each check may take, and each build beyond a plain brief's (default: 5)",
    )
    n.add_argument(
        "--edits",
        type=step_count,
        metavar="STEPS",
        help="instead: STEPS random edits (figures, texts, templates, docs/, mkdocs.yml, the store, the day, "
        "git), each incremental build compared byte for byte with a clean one (--briefs defaults to 6 here)",
    )
    n.add_argument(
        "--seed", type=int, default=1, help="--edits: the random sequence's seed (default: 1)"
    )
    n.add_argument(
        "--editions",
        metavar="LANGS",
        help="build these editions (e.g. en, or en,ru,zh) instead of those mkdocs.yml lists: one edition "
        "against three measures what the translations cost",
    )
    n.add_argument(
        "--no-preview",
        action="store_true",
        help="skip the preview's measure (mkdocs serve: its first build, then an edit until it shows)",
    )
    return cmd_bench(n.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
