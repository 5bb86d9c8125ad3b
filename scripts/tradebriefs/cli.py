"""The `tradebriefs` command: thin commands that parse arguments and delegate.

The command line is an entry point: it reads the environment once (core/environment.py), finds the project
from the current folder or --config (core/project.py), and hands a BuildContext down; nothing below reads
either again."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from dataclasses import replace
from pathlib import Path

from tradebriefs.core import environment
from tradebriefs.core.context import BuildContext
from tradebriefs.core.errors import DataError, Finding, SettingError, errors_in
from tradebriefs.core.project import NoProject, Project, find_project

EXIT_DATA_ERROR = 1
EXIT_INTERNAL = 2


def project_of(args, required: bool = True) -> Project | None:
    """The project of this command: --config, else the mkdocs.yml of the current folder or the nearest one
    above it. NoProject (one line) when there is none and the command needs one."""
    try:
        return find_project(Path.cwd(), Path(args.config) if args.config else None)
    except NoProject:
        if required or args.config:
            raise
        return None


def context_of(args, project: Project | None) -> BuildContext:
    """This run's context: the caches beside the project's mkdocs.yml (or $TRADEBRIEFS_CACHE; outside a
    project, only there), the publication day, and whether a terminal shows progress."""
    if args.context is not None:  # given by the caller of main() (the benchmark reads its timings)
        return args.context
    env: environment.Environment = args.env
    ctx = BuildContext.for_project(env, project.default_cache if project else None)
    if project is None and env.cache is None:
        ctx.cache_dir = None
    return ctx


def data_of(args) -> tuple[Path, Project | None]:
    """--data, else the project's data folder (a --data given outside a project needs no mkdocs.yml)."""
    project = project_of(args, required=args.data is None)
    return (Path(args.data) if args.data else project.data_dir), project


def print_findings(findings: list[Finding]) -> None:
    for finding in sorted(findings):
        print(finding, file=sys.stderr)


def summary_line(checked, findings: list[Finding]) -> str:
    """What was checked, counted truly: the figures that loaded, and, when some files have errors, how many are
    free of them and that the checks did not run (they run once the data has no error: pipeline.check_data)."""
    cat = checked.catalog
    errors = len(errors_in(findings))
    unloaded = [
        f"{loaded} of {found} {kind} file{'' if found == 1 else 's'}"
        for kind, (loaded, found) in cat.files.items()
        if loaded < found
    ]
    # Not run: no check, and an error that no check made (--strict turns warnings into errors after the checks).
    not_run = not checked.checks and any(f.severity == "error" and not f.check for f in findings)
    why = (
        " (checks run when every file is free of errors)"
        if unloaded
        else " (checks run once there are no errors)"
    )
    return (
        (" and ".join(unloaded) + " free of errors; " if unloaded else "")
        + f"{len(cat.figures)} figures, {len(checked.checks)} checks{why if not_run else ''}, "
        f"{len(findings) - errors} warnings, {errors} errors"
    )


def as_strict(findings: list[Finding]) -> list[Finding]:
    """--strict: every warning counts as an error."""
    return [replace(f, severity="error") for f in findings]


def findings_json(checked, findings: list[Finding]) -> str:
    return json.dumps(
        {
            "findings": [
                {
                    "path": f.place.path,
                    "line": f.place.line,
                    "column": f.place.col,
                    "severity": f.severity,
                    "message": f.message,
                    "check": f.check or None,
                }
                for f in sorted(findings)
            ],
            "checks": [
                {
                    "id": c.id,
                    "kind": c.kind,
                    "outcome": c.outcome,
                    "inputs": list(c.inputs),
                    "arithmetic": c.arithmetic,
                    "message": c.message,
                }
                for c in checked.checks
            ],
            "derived": [
                {
                    "id": d.id,
                    "kind": d.kind,
                    "value": str(d.value),
                    "unit": str(d.unit),
                    "qualifier": d.qualifier,
                    "formula": str(d.formula),
                    "inputs": list(d.inputs),
                }
                for d in checked.derived
            ],
            "summary": summary_line(checked, findings),
        },
        indent=2,
        ensure_ascii=False,
    )


def cmd_check(args) -> int:
    """Check every data file and the arithmetic of the figures; print each problem as path:line:col: severity: message."""
    from tradebriefs.facts.pipeline import check_data
    from tradebriefs.facts.recordcache import RecordCache

    data, project = data_of(args)
    ctx = context_of(args, project)
    records = RecordCache(ctx.store, ctx.stats.records)
    checked, findings = check_data(data, records=records)
    ctx.finish()
    if args.strict:
        findings = as_strict(findings)
    if args.format == "json":
        print(findings_json(checked, findings))
    else:
        print_findings(findings)
        print(summary_line(checked, findings), file=sys.stderr)
    return EXIT_DATA_ERROR if errors_in(findings) else 0


def cmd_build(args) -> int:
    """Check the data, then build the site with `mkdocs build --strict`, swapping it in only on success. Run
    as the program, the checking, rendering and writing happen in a process of its own, which has ended by
    the time the build waits for the search index (publish/apart.py)."""
    from tradebriefs.publish.build import (
        keep_manifests,
        last_commit_time,
        load_mkdocs_config,
        prepare_site_dir,
        source_date,
        staging_for,
    )
    from tradebriefs.publish.plugin import editions_of
    from tradebriefs.publish.searchindex import Indexes
    from tradebriefs.publish.uptodate import record as record_inputs
    from tradebriefs.publish.uptodate import up_to_date

    project = project_of(args)
    ctx = context_of(args, project)
    data = Path(args.data) if args.data else project.data_dir
    site = Path(args.site) if args.site else project.site_dir
    config = project.config_file
    try:
        site = prepare_site_dir(site, data, config)  # a refused --site is said first
        mkdocs_config = load_mkdocs_config(config)
        # Two builds of one commit give the same bytes: the sitemap's date is the last commit's.
        build_date = args.env.source_date_epoch or last_commit_time(data, project.root)
        inputs = build_inputs(mkdocs_config, data, ctx, build_date, args)
        if inputs is not None and up_to_date(ctx.store, site, inputs):
            print(f"nothing changed since the last build: {site} is up to date", file=sys.stderr)
            if args.summary:
                write_summary(Path(args.summary), ctx)
            return 0
        editions = editions_of(mkdocs_config)
        indexes = Indexes(ctx.timings)
        with staging_for(site, {e.lang: e.prefix for e in editions.all}) as staging:

            def work(to_index):
                return write_site(
                    args, ctx, data, config, mkdocs_config, editions, staging, to_index
                )

            with source_date(build_date):
                staged = written_then_published(work, args, ctx, staging, indexes, config)
            if isinstance(staged, int):  # the process writing the site said why it failed
                return staged
        ctx.adopt(staged.timings, staged.stats)
        written = keep_manifests(staged, staging, ctx.store)
        if args.verbose:
            print_remade(ctx)  # every edition's, rendered as the build reached it
        if inputs is not None:
            record_inputs(ctx.store, site, inputs, written)
        ctx.finish(staged.kinds)
    except build_failures() as error:
        return build_failed(error, args, site, config)
    finally:
        ctx.close()  # after finish(), nothing; after a failure, the store keeps what it held
    print(f"built {args.site or project.site_dir.name}/", file=sys.stderr)
    if args.summary:
        write_summary(Path(args.summary), ctx)
    return 0


def written_then_published(work, args, ctx: BuildContext, staging, indexes, config: Path):
    """The stages *write* (`work`, in a process of its own with args.apart) and *publish*: returns what the
    writing handed on (build.Staged), or the exit status of a writing process that failed and said why."""
    from tradebriefs.publish.apart import can_fork, staged_apart
    from tradebriefs.publish.build import publish

    try:
        if args.apart and can_fork():
            ctx.release_store()  # each process opens its own
            staged = staged_apart(
                work,
                lambda error: failed_apart(error, args, staging.site_dir, config),
                indexes,
                set(staging.own.values()),
            )
            if isinstance(staged, int):
                indexes.stop()
                return staged
        else:
            staged = work(indexes)
        publish(staging, indexes, ctx, config)
    except BaseException:
        indexes.stop()
        raise
    return staged


def write_site(args, ctx, data: Path, config: Path, mkdocs_config, editions, staging, to_index):
    """Check and render once, here (the MkDocs plugin is handed the result), and write every edition into
    the staging folders, each handed `to_index` once written; returns build.Staged."""
    from tradebriefs.history.git import data_history
    from tradebriefs.publish.build import show_mkdocs_log, stage
    from tradebriefs.publish.plugin import edition_site, history_note, site_settings
    from tradebriefs.render.site import render_editions

    history = data_history(data, ctx.store)
    settings = site_settings(mkdocs_config)
    rendered, findings = render_editions(
        data,
        ctx,
        {e.lang: edition_site(settings, e) for e in editions.all},
        strict=args.strict,
        drafts=args.drafts,
        history=history,
        untranslated=editions.untranslated,
    )
    if not history.available:
        print(f"tradebriefs: note: {history_note(history)}", file=sys.stderr)
    print_findings(findings)
    show_mkdocs_log(args.verbose)
    return stage(rendered.trees, rendered.pages, findings, staging, config, ctx, to_index)


def build_failures() -> tuple[type[BaseException], ...]:
    """The exceptions a build reports as its failure, not as a bug."""
    from mkdocs.exceptions import MkDocsException

    from tradebriefs.publish.build import SiteError

    return (DataError, MkDocsException, SiteError)


def build_failed(error: BaseException, args, site: Path, config: Path) -> int:
    """Say why a build failed, as an editor reads it (no traceback), and return its exit status."""
    from mkdocs.exceptions import MkDocsException

    from tradebriefs.publish.build import SiteRefused

    nothing_written = f"nothing written: {site} is as it was"
    if isinstance(error, SiteRefused):
        print(f"tradebriefs: error: --site {site}: {error}", file=sys.stderr)
        return EXIT_DATA_ERROR
    if isinstance(error, DataError):
        print_findings(as_strict(error.findings) if args.strict else error.findings)
    elif isinstance(error, MkDocsException):
        print(f"{config}: error: mkdocs build failed: {error}", file=sys.stderr)
    else:
        print(error, file=sys.stderr)
    print(nothing_written, file=sys.stderr)
    return EXIT_DATA_ERROR


def failed_apart(error: BaseException, args, site: Path, config: Path) -> int:
    """In the writing process (publish/apart.py): what the build, and main() after it, would say."""
    if isinstance(error, build_failures()):
        return build_failed(error, args, site, config)
    return unexpected(error, args.env)


def print_remade(ctx: BuildContext) -> None:
    """`-v`: each page of a brief, a pair, its data or its checks made again, and the entry it read that changed."""
    from tradebriefs.render.reads import FIRST_MADE

    views, first = ctx.stats.views, 0
    for page, why in views.why:
        if why == FIRST_MADE:
            first += 1  # a cold build: one line, not thousands
        else:
            print(f"remade {page}: {why}", file=sys.stderr)
    print(
        f"pages read back unchanged: {views.reused:,}; made again: {views.made - first:,}; "
        f"made for the first time: {first:,}",
        file=sys.stderr,
    )


def build_inputs(mkdocs_config, data: Path, ctx: BuildContext, build_date, args) -> str | None:
    """The digest of everything this build makes the site from (publish/uptodate.py); None when the
    configuration cannot be keyed (the build then always runs)."""
    from tradebriefs.core.keys import Unkeyable
    from tradebriefs.facts.pipeline import data_fingerprint
    from tradebriefs.history.git import head_of
    from tradebriefs.publish.reuse import site_key
    from tradebriefs.publish.uptodate import inputs_digest

    try:
        key = site_key(mkdocs_config)
    except Unkeyable:
        return None
    head = head_of(data)  # the revision notes come from the data's history
    settings = (ctx.today, build_date, head, args.strict, args.drafts)
    return inputs_digest(key, data_fingerprint(data), settings)


def write_summary(path: Path, ctx: BuildContext) -> None:
    """Append the build's phases and cache hits as Markdown (GitHub Actions shows $GITHUB_STEP_SUMMARY)."""
    from tradebriefs.publish.summary import summary_markdown

    text = summary_markdown(ctx)
    try:
        with path.open("a", encoding="utf-8") as out:
            out.write(text)
    except OSError as error:  # the site is built: a summary that cannot be written only warns
        print(f"{path}: warning: cannot write the summary: {error.strerror}", file=sys.stderr)


def cmd_new(args) -> int:
    """Write a new brief with every field and a comment on each (and a fact file for a pair with no figures yet);
    `check` then lists its placeholders as the work left."""
    from tradebriefs.core.countries import is_country
    from tradebriefs.core.routes import RESERVED_BRIEF_SLUGS
    from tradebriefs.facts.models import KINDS, MAX_ID
    from tradebriefs.facts.pipeline import check_data
    from tradebriefs.ingest.scaffold import (
        brief_text,
        default_slug,
        facts_file_name,
        facts_text,
        link_refusal,
        write_new,
    )

    pair = tuple(code.strip().upper() for code in args.pair.split(","))
    if len(pair) != 2 or not all(is_country(c) for c in pair) or pair[0] == pair[1]:
        print(
            f"tradebriefs: error: --pair {args.pair}: expected two different ISO 3166-1 alpha-3 codes, "
            "such as CHN,RUS",
            file=sys.stderr,
        )
        return EXIT_DATA_ERROR
    data, _ = data_of(args)
    day = args.date or args.env.publication_day()
    slug = args.slug or default_slug(day, pair)
    if (
        not re.fullmatch(KINDS["id"][0]["pattern"], slug)
        or len(slug) > MAX_ID
        or slug in RESERVED_BRIEF_SLUGS
    ):
        # The slug names a file: nothing but an id's characters, so no path can leave data/briefs/.
        print(
            f"tradebriefs: error: --slug {slug[:80]!r}: expected {KINDS['id'][1]}, not index or page",
            file=sys.stderr,
        )
        return EXIT_DATA_ERROR
    brief = data / "briefs" / f"{slug}.yaml"
    refused = link_refusal(data, brief)
    if refused:
        print(refused, file=sys.stderr)
        return EXIT_DATA_ERROR
    if brief.exists():
        print(f"{brief}: error: already exists; choose another --slug", file=sys.stderr)
        return EXIT_DATA_ERROR
    checked, _ = check_data(data)
    has_figures = any(
        {f.reporter, f.partner} == set(pair) for f in checked.catalog.figures.values()
    )
    facts = data / "facts" / facts_file_name(pair)
    files = [(brief, brief_text(slug, day, args.place, pair))]
    if not has_figures and (facts.is_symlink() or not facts.exists()):
        files.insert(0, (facts, facts_text(pair)))
    # Every file is looked at before the first is written: a refused one leaves nothing behind.
    for path, _ in files:
        refused = link_refusal(data, path)
        if refused:
            print(refused, file=sys.stderr)
            return EXIT_DATA_ERROR
    written = []
    for path, text in files:
        try:
            write_new(path, text)
        except OSError as error:
            print(f"{path}: error: cannot write: {error.strerror}", file=sys.stderr)
            return EXIT_DATA_ERROR
        written.append(path)
    for path in written:
        print(f"wrote {path}", file=sys.stderr)
    print(
        "next: fill in each TODO (`tradebriefs check` lists them), then `make serve` to see the draft",
        file=sys.stderr,
    )
    return 0


def iso_date(text: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a date such as 2024-10-28, got {text!r}"
        ) from None


def cmd_schema(args) -> int:
    """Write the JSON Schema files editors use (data/schema/*.json) from the models."""
    from tradebriefs.facts.schema import schema_files

    out = Path(args.out) if args.out else project_of(args).data_dir / "schema"
    out.mkdir(parents=True, exist_ok=True)
    for name, text in schema_files().items():
        (out / name).write_text(text, encoding="utf-8")
        print(f"wrote {out / name}", file=sys.stderr)
    return 0


def cmd_diff(args) -> int:
    """Compare the data of two git commits (default: the merge-base with main, and the working tree) figure by
    figure: figures, ranks, quotes, sources and briefs; checks and derived figures; the site files that change."""
    from tradebriefs.history.diff import diff_data, new_problems
    from tradebriefs.history.git import GitError, find_repository, read_side, resolve_refs
    from tradebriefs.history.report import REPORTS

    project = project_of(args, required=False)
    try:
        root = find_repository(project.root if project else Path.cwd())
        # The data folder of the project, as git names it from the repository's top.
        folder = (
            project.data_dir.resolve().relative_to(root.resolve()).as_posix() if project else "data"
        )
        base, head = resolve_refs(root, args.base, args.head)
        today = args.env.publication_day()
        diff = diff_data(read_side(root, base, folder), read_side(root, head, folder), today)
    except GitError as error:
        print(f"tradebriefs: error: {error}", file=sys.stderr)
        return EXIT_DATA_ERROR
    print(REPORTS[args.format](diff), end="")
    return EXIT_DATA_ERROR if args.fail_on and new_problems(diff, args.fail_on) else 0


def cmd_import(args) -> int:
    """Read official tables into data/facts/imported/: one figure per record, its value exact from the file's
    digits, with its source's provenance; print what was added, revised or unchanged. Every file is read and
    checked before any is written."""
    from tradebriefs.ingest.tables import ImportError_, parse_selection, write_table

    def refused(name: str, error: ImportError_) -> int:
        where = error.path or name
        place = f"{where}:{error.line}:{error.col}" if error.line else where
        print(f"{place}: error: {error}", file=sys.stderr)
        return EXIT_DATA_ERROR

    if args.source == "comtrade":
        from tradebriefs.ingest.comtrade import read_table

        selection = parse_selection(
            args.reporter, args.partner, args.flow, args.period, args.commodity
        )

        def read(path, raw):
            return read_table(path, raw, selection)
    else:
        from tradebriefs.ingest.customs import read_table as read

    tables = []
    for name in args.files:
        try:
            raw = Path(name).read_bytes()
        except OSError as error:
            print(f"{name}: error: cannot read: {error.strerror}", file=sys.stderr)
            return EXIT_DATA_ERROR
        try:
            tables.append((name, read(name, raw)))
        except ImportError_ as error:
            return refused(name, error)
    day = args.env.publication_day()
    data, _ = data_of(args)
    for name, table in tables:
        try:
            report = write_table(table, data, day)
        except ImportError_ as error:
            return refused(name, error)
        except OSError as error:
            print(f"{error.filename}: error: cannot write: {error.strerror}", file=sys.stderr)
            return EXIT_DATA_ERROR
        print(f"{name}:")
        print("\n".join(report.lines()))
    return 0


def parser() -> argparse.ArgumentParser:
    # Every command works on the project of the current folder (the nearest mkdocs.yml at or above it),
    # or the one --config names; paths in its mkdocs.yml are relative to that file.
    project = argparse.ArgumentParser(add_help=False)
    project.add_argument(
        "--config",
        metavar="FILE",
        help="the project's mkdocs.yml (default: in this folder or the nearest one above it)",
    )
    p = argparse.ArgumentParser(
        prog="tradebriefs",
        description="Check trade facts and build the Trade Briefs site. Run in a project's folder (one "
        "with mkdocs.yml) or below it, or name its mkdocs.yml with --config.",
        epilog=environment.help_text(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = p.add_subparsers(dest="command", required=True)
    strict_help = "treat warnings as errors"
    data_help = "folder of YAML data (default: the project's, `data_dir` in mkdocs.yml)"

    def command(parent, name: str, run) -> argparse.ArgumentParser:
        return parent.add_parser(name, help=run.__doc__, description=run.__doc__, parents=[project])

    c = command(sub, "check", cmd_check)
    c.add_argument("--data", help=data_help)
    c.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text for people, json for machines",
    )
    c.add_argument("--strict", action="store_true", help=strict_help)
    c.set_defaults(run=cmd_check)
    b = command(sub, "build", cmd_build)
    b.add_argument("--data", help=data_help)
    b.add_argument(
        "--site",
        help="output folder (default: the project's, `site_dir` in mkdocs.yml); refused if it holds the "
        "data, the sources, a .git or anything a previous build did not make",
    )
    b.add_argument("--strict", action="store_true", help=strict_help)
    b.add_argument("-v", "--verbose", action="store_true", help="show MkDocs' progress messages")
    b.add_argument(
        "--drafts",
        action="store_true",
        help="a preview: include drafts and scheduled briefs, with their banner",
    )
    b.add_argument(
        "--summary",
        metavar="FILE",
        help="append the build's phase timings and cache hits to FILE as Markdown "
        '(in CI: "$GITHUB_STEP_SUMMARY")',
    )
    b.set_defaults(run=cmd_build)
    w = sub.add_parser("new", help=cmd_new.__doc__, description=cmd_new.__doc__)
    what = w.add_subparsers(dest="what", required=True)
    nb = command(what, "brief", cmd_new)
    nb.add_argument("--pair", required=True, help="the two countries, reporter first, e.g. CHN,RUS")
    nb.add_argument("--date", type=iso_date, help="the brief's date (default: today)")
    nb.add_argument("--place", help="where it was written, e.g. Beijing")
    nb.add_argument("--slug", help="the page's address (default: DATE-A-B)")
    nb.add_argument("--data", help=data_help)
    nb.set_defaults(run=cmd_new)
    d = command(sub, "diff", cmd_diff)
    d.add_argument(
        "base",
        nargs="?",
        metavar="BASE",
        help="commit, branch or tag to compare from (default: the merge-base of HEAD with main, "
        "else origin/main, else master)",
    )
    d.add_argument(
        "head",
        nargs="?",
        metavar="HEAD",
        help="commit, branch or tag to compare to (default: the working tree, uncommitted changes included)",
    )
    d.add_argument(
        "--format",
        choices=("text", "markdown", "json"),
        default="text",
        help="text for a terminal, markdown for CI and pull requests, json for machines",
    )
    d.add_argument(
        "--fail-on",
        choices=("error", "warning"),
        help="exit 1 when HEAD has an error (or, with 'warning', an error or a warning) that BASE did not",
    )
    d.set_defaults(run=cmd_diff)
    i = sub.add_parser("import", help=cmd_import.__doc__, description=cmd_import.__doc__)
    source = i.add_subparsers(dest="source", required=True)
    ic = source.add_parser(
        "comtrade",
        help="UN Comtrade: the API's JSON, the site's CSV export or a bulk TSV file, gzipped or not",
        description=cmd_import.__doc__,
        parents=[project],
    )
    ic.add_argument("files", nargs="+", metavar="FILE", help="saved UN Comtrade files")
    for option, example in (
        ("reporter", "reporters, e.g. CHN"),
        ("partner", "partners, e.g. ARG,DEU (WLD: the world)"),
        ("flow", "flows: imports or exports (M or X)"),
        ("period", "periods, e.g. 2010 or 2010-03"),
        ("commodity", "goods: TOTAL (all goods) or HS codes such as 1201"),
    ):
        ic.add_argument(
            f"--{option}",
            metavar=option[0].upper(),
            help=f"import only the records of these {example}; a list is comma-separated",
        )
    iu = source.add_parser(
        "customs",
        help="China's customs: a saved monthly table of trade by country (CSV or the HTML page)",
        description=cmd_import.__doc__,
        parents=[project],
    )
    iu.add_argument("files", nargs="+", metavar="FILE", help="saved customs tables")
    for importer in (ic, iu):
        importer.add_argument("--data", metavar="DIR", help=data_help)
        importer.set_defaults(run=cmd_import)
    s = command(sub, "schema", cmd_schema)
    s.add_argument("--out", help="folder to write into (default: schema/ in the project's data)")
    s.set_defaults(run=cmd_schema)
    return p


def main(
    argv: list[str] | None = None,
    environ=None,
    context: BuildContext | None = None,
    apart: bool | None = None,
) -> int:
    """Run a command. `environ`: the environment to read (default: this process's); `context`: the build
    context to use instead of a new one (its timings and counts are the caller's to read afterwards).
    `apart`: a build writes the site in a process of its own (publish/apart.py); by default when run as the
    program (no `argv`), and in this process when called from Python with arguments."""
    args = parser().parse_args(argv)
    args.env = env = environment.from_environ(environ)
    args.context = context
    args.apart = argv is None if apart is None else apart
    # Material's banner about MkDocs 2 says nothing to an editor; set before MkDocs is imported.
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    try:
        return args.run(args)
    except Exception as error:
        if env.debug and not isinstance(error, SettingError):
            raise
        return unexpected(error, env)
    except KeyboardInterrupt as error:
        return unexpected(error, env)


def unexpected(error: BaseException, env) -> int:
    """What a command says of an error no command reported itself, and its exit status: Ctrl-C, a setting
    that cannot be used, or a bug (said plainly; the traceback only with TRADEBRIEFS_DEBUG=1)."""
    if isinstance(error, KeyboardInterrupt):
        return 130
    if isinstance(error, SettingError):
        print(f"tradebriefs: error: {error}", file=sys.stderr)
        return EXIT_DATA_ERROR
    if env.debug:
        import traceback

        traceback.print_exception(error)
        return EXIT_INTERNAL
    print(
        f"tradebriefs: internal error: {error!r} (set TRADEBRIEFS_DEBUG=1 for the traceback)",
        file=sys.stderr,
    )
    return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
