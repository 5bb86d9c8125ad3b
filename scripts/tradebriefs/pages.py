"""Render pages: checked facts in, Markdown text out (one string per page). Never decides where files go
beyond naming them by their site path; never touches the disk.

Every string that came from a data file passes through `md()` (Markdown context) or `h()` (HTML);
numbers pass through the one formatter in `numbers.py`.
"""
from __future__ import annotations

import json
from functools import lru_cache

from babel.dates import format_date

from .catalog import CITATION, Catalog
from .charts import ChartSpec
from .countries import country_name, pair_key
from .models import Brief, Figure, Rank, Source
from .derive import Derived
from .numbers import QUALIFIER_WORDS, format_change, format_number, format_qualified, ordinal
from .markup import render_body as render_markup
from .routes import (BRIEFS_INDEX, CHECKS_INDEX, DATA_INDEX, DATASET, HOME, PAIRS_INDEX, SOURCES_PAGE, absolute_url,
                     brief_page, chart_download, checks_page, country_page, dark_variant, data_page, link, pair_page,
                     relative_url, tag_page)
from .text import editor_markdown, h, md, safe_url

LATEST_ON_HOME = 10
SITE_NAME = "Trade Briefs"


def pair_title(a: str, b: str) -> str:
    x, y = pair_key(a, b)
    return f"{country_name(x)}–{country_name(y)}"


@lru_cache(maxsize=1 << 12)
def long_date(value) -> str:
    return format_date(value, "d MMMM y", locale="en")


def figure_label(fig: Figure) -> str:
    r, p, period = country_name(fig.reporter), country_name(fig.partner), fig.period.label()
    return {
        "turnover": f"{r}–{p} trade turnover, {period}",
        "exports": f"{r}'s exports to {p}, {period}",
        "imports": f"{r}'s imports from {p}, {period}",
        "balance": f"{r}'s trade balance with {p}, {period}",
    }[fig.flow]


def rank_label(rank: Rank) -> str:
    return f"{country_name(rank.partner)} among {country_name(rank.of)}'s trade partners, {rank.period.label()}"


def rank_text(rank: Rank) -> str:
    above = [country_name(c) for c in rank.above]
    after = ""
    if above:
        after = " after " + (", ".join(above[:-1]) + " and " + above[-1] if len(above) > 1 else above[0])
    return f"{ordinal(rank.rank)} largest{after}"


def change_text(fig: Figure) -> str:
    if fig.change is None:
        return "—"
    return f"{format_change(fig.change)} on a year earlier" + (f", {fig.basis}" if fig.basis else "")


def source_name(src: Source, cat: Catalog) -> str:
    return src.publisher + (f" via {cat.sources[src.via].publisher}" if src.via else "")


def source_link(page: str, source_id: str, cat: Catalog) -> str:
    src = cat.sources[source_id]
    return f"[{md(source_name(src, cat))}]({link(page, SOURCES_PAGE, src.id)})"


def figure_link(page: str, fig: Figure) -> str:
    return f"[{md(format_qualified(fig.value, fig.unit, fig.qualifier))}]({link(page, data_page(fig.reporter, fig.partner), fig.id)})"


def cell(text: str) -> str:
    return text if text else "—"


def check_links(page: str, checks, checks_at: str) -> str:
    return ", ".join(f"[{md(c.kind)}: {md(c.outcome)}]({link(page, checks_at, c.id)})" for c in checks) or "—"


def figure_row(page: str, fig: Figure, cat: Catalog, anchor: bool, extra) -> str:
    notes = "; ".join(fig.notes)
    span = f"<span id=\"{fig.id}\"></span>" if anchor else ""
    row = (f"| {span}{md(figure_label(fig))} | {figure_link(page, fig)} "
           f"| {md(change_text(fig))} | {cell(md(notes))} | {source_link(page, fig.source, cat)} |")
    return row + "".join(f" {column(fig)} |" for _, column in extra)


FIGURE_TABLE_HEAD = "| Figure | Value | Change | Notes | Source |"


def figure_table(page: str, figures: list[Figure], cat: Catalog, *, anchors: bool, extra=()) -> str:
    """Reported figures, one row each; `extra` adds columns: [(heading, figure -> Markdown cell)]."""
    head = FIGURE_TABLE_HEAD + "".join(f" {heading} |" for heading, _ in extra)
    rule = "|" + " --- |" * head.count(" |")
    return "\n".join([head, rule, *(figure_row(page, f, cat, anchors, extra) for f in figures)])


def cited_by(cat: Catalog) -> dict[str, list[Brief]]:
    """{figure or rank id: briefs that show it}: key figures, headline, charts and citations in the body."""
    table: dict[str, list[Brief]] = {}
    for b in cat.briefs.values():
        ids = [b.headline, *b.figures, *b.ranks, *(i for c in b.charts for i in c.figures),
               *(m.group(1) for m in CITATION.finditer(b.body))]
        for ident in dict.fromkeys(ids):
            table.setdefault(ident, []).append(b)
    return table


def derived_label(d: Derived) -> str:
    r, p, period = country_name(d.reporter), country_name(d.partner), d.period.label()
    if d.kind == "share":
        return f"{r}'s {d.flow} as a share of {r}–{p} turnover, {period}"
    base = {"turnover": f"{r}–{p} trade turnover", "exports": f"{r}'s exports to {p}",
            "imports": f"{r}'s imports from {p}", "balance": f"{r}'s trade balance with {p}"}[d.flow]
    return f"{base}, {period}" + (", implied by its change" if d.kind == "implied" else "")


def derived_value(d: Derived) -> str:
    if d.unit == "percent":
        words = QUALIFIER_WORDS[d.qualifier]
        return f"{words + ' ' if words else ''}{format_number(d.value)}%"
    return format_qualified(d.value, d.unit, d.qualifier)


def derived_table(page: str, derived: list[Derived], *, anchors: bool) -> str:
    rows = ["| Derived figure | Value | Formula | From |", "| --- | --- | --- | --- |"]
    for d in derived:
        span = f"<span id=\"{d.id}\"></span>" if anchors else ""
        inputs = ", ".join(f"[{i}]({link(page, data_page(d.reporter, d.partner), i)})" for i in d.inputs)
        rows.append(f"| {span}{md(derived_label(d))} (derived) | {md(derived_value(d))} | {md(d.formula)} | {inputs} |")
    return "\n".join(rows)


def rank_table(page: str, ranks: list[Rank], cat: Catalog, *, anchors: bool) -> str:
    rows = ["| Rank | Place | Source |", "| --- | --- | --- |"]
    for r in ranks:
        span = f"<span id=\"{r.id}\"></span>" if anchors else ""
        rows.append(f"| {span}{md(rank_label(r))} | {md(rank_text(r))} | {source_link(page, r.source, cat)} |")
    return "\n".join(rows)


def cite(page: str, ident: str, attr: str | None, cat: Catalog) -> tuple[str, str]:
    """One {{id}} citation in a body as (Markdown link, its URL): the figure as the reader sees it, linked
    to its row on the data page. The URL is final (routes.relative_url): the body reaches MkDocs as HTML."""
    target = cat.cited(ident)
    if isinstance(target, Rank):
        url = relative_url(page, data_page(target.of, target.partner), target.id)
        return f"[{md(ordinal(target.rank))}]({url})", url
    url = relative_url(page, data_page(target.reporter, target.partner), target.id)
    text = format_change(target.change) if attr == "change" else format_qualified(target.value, target.unit,
                                                                                   target.qualifier)
    return f"[{md(text)}]({url})", url


def render_body(page: str, brief: Brief, cat: Catalog) -> str:
    """The body as Markdown safe to hand MkDocs: rendered and cleaned against an allow-list (markup.py)."""
    internal: set[str] = set()

    def citation_link(match) -> str:
        text, url = cite(page, match.group(1), match.group(2), cat)
        internal.add(url)
        return text

    escaped = CITATION.sub(citation_link, editor_markdown(brief.body))
    return render_markup(escaped, frozenset(internal))


def quote_block(page: str, quote, cat: Catalog) -> str:
    where = ", ".join(x for x in (quote.place, long_date(quote.date)) if x)
    return (f"> “{md(quote.text)}”\n\n"
            f"— **{md(quote.speaker)}**, {md(quote.role)}; {md(where)}; {source_link(page, quote.source, cat)}")


def chart_block(page: str, chart_path: str, spec: ChartSpec) -> str:
    rows = ["| Series | Value |", "| --- | --- |"]
    rows += [f"| {md(b.label)} | {md(b.text)} |" for b in spec.bars]
    dark = dark_variant(chart_path)
    return "\n".join([
        # Material shows #only-light in the light scheme and #only-dark in the dark one.
        f"![{md(spec.alt)}]({link(page, chart_path)}#only-light){{ loading=lazy }}",
        f"![{md(spec.alt)}]({link(page, dark)}#only-dark){{ loading=lazy }}",
        "",
        f"*{md(spec.title)}.* {md(spec.source_line)}.",
        "",
        f"Download the data: [CSV]({link(page, chart_download(chart_path, 'csv'))}) · [JSON]({link(page, chart_download(chart_path, 'json'))})",
        "",
        "??? info \"Chart data as a table\"",
        "",
        *("    " + r for r in rows),
    ])


def brief_sources(brief: Brief, cat: Catalog) -> list[str]:
    """The brief's own sources, then those of every figure, rank and quote it shows, each once."""
    ids = list(brief.sources)
    shown = [cat.figures[i] for i in brief.figures] + [cat.ranks[i] for i in brief.ranks] + \
            [cat.quotes[i] for i in brief.quotes]
    for rec in shown:
        src = cat.sources[rec.source]
        ids += [src.id] + ([src.via] if src.via else [])
    return list(dict.fromkeys(ids))


def source_item(page: str, src: Source, cat: Catalog) -> str:
    parts = [f"{md(src.publisher)}, *{md(src.title)}*, {long_date(src.published)}"]
    if src.via:
        parts.append(f"reported by {source_link(page, src.via, cat)}")
    if src.url:
        # Raw HTML, not a Markdown autolink: the address is re-serialized (safe_url) and escaped as an attribute.
        url = h(safe_url(src.url))
        parts.append(f'<a href="{url}">{url}</a>')
    return "; ".join(parts)


def index_by_input(derived: list[Derived]) -> dict[str, list[Derived]]:
    """{figure id: derived figures that use it}, so a page finds its derived figures without a scan."""
    table: dict[str, list[Derived]] = {}
    for d in derived:
        for ident in d.inputs:
            table.setdefault(ident, []).append(d)
    return table


def derived_for(figure_ids, by_input: dict[str, list[Derived]]) -> list[Derived]:
    """Derived figures whose every input is among `figure_ids`, by id."""
    ids = set(figure_ids)
    found = {d.id: d for i in ids for d in by_input.get(i, ()) if set(d.inputs) <= ids}
    return [found[k] for k in sorted(found)]


def render_brief(brief: Brief, cat: Catalog, charts: list[tuple[str, ChartSpec]],
                 derived: dict[str, list[Derived]], base: str = "/") -> str:
    """One brief's page; `derived` is index_by_input() of every derived figure."""
    page = brief_page(brief.slug)
    figures = [cat.figures[i] for i in brief.figures]
    out = [
        "---",
        # Material writes page.meta.description into <meta content="..."> unescaped: escape it here.
        f"description: {_yaml_str(h(brief.summary))}",
        *SEARCH_BOOST_BRIEF,
        "---",
        "",
        f"# {md(brief.title)}",
        "",
        f"*{md(brief.place)}, {long_date(brief.date)}* · [{md(pair_title(*brief.pair))}]({link(page, pair_page(*brief.pair))})",
        "",
        f"**{md(brief.summary)}**",
        "",
        "## Key figures",
        "",
        figure_table(page, figures, cat, anchors=False),
    ]
    if brief.ranks:
        out += ["", rank_table(page, [cat.ranks[i] for i in brief.ranks], cat, anchors=False)]
    out += ["", render_body(page, brief, cat).rstrip(), ""]
    if brief.quotes:
        out += ["## Quotes", ""]
        for ident in brief.quotes:
            out += [quote_block(page, cat.quotes[ident], cat), ""]
    if charts:
        out += ["## Charts", ""]
        for path, spec in charts:
            out += [chart_block(page, path, spec), ""]
    mine = derived_for(brief.figures, derived)
    if mine:
        pairs = {pair_key(d.reporter, d.partner) for d in mine}
        checked_on = checks_page(*pairs.pop()) if len(pairs) == 1 else CHECKS_INDEX
        out += ["## Derived figures", "", "Derived from the key figures, not reported by a source "
                f"([how they are checked]({link(page, checked_on)})):", "", derived_table(page, mine, anchors=False), ""]
    out += ["## Sources", ""]
    out += [f"- {source_item(page, cat.sources[s], cat)}" for s in brief_sources(brief, cat)]
    if brief.tags:
        out += ["", "Tags: " + ", ".join(f"[{md(t)}]({link(page, tag_page(t))})" for t in dict.fromkeys(brief.tags))]
    out += ["", "## Cite this brief", "", citation(brief, base), "",
            json_ld(brief_json_ld(brief, cat, base))]
    return "\n".join(out) + "\n"


def citation(brief: Brief, base: str) -> str:
    url = absolute_url(base, brief_page(brief.slug))
    return (f"{SITE_NAME}, “{md(brief.title)},” {md(brief.place)}, {long_date(brief.date)}. "
            f"<{url}>" if url.startswith("http") else
            f"{SITE_NAME}, “{md(brief.title)},” {md(brief.place)}, {long_date(brief.date)}. `{url}` on this site.")


def json_ld(data: dict) -> str:
    """schema.org data for search engines, safe inside a <script> element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return ('<script type="application/ld+json">'
            + text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") + "</script>")


def brief_json_ld(brief: Brief, cat: Catalog, base: str) -> dict:
    return {
        "@context": "https://schema.org", "@type": "Report", "headline": brief.title,
        "description": " ".join(brief.summary.split()), "datePublished": brief.date.isoformat(),
        "url": absolute_url(base, brief_page(brief.slug)), "keywords": list(brief.tags),
        "publisher": {"@type": "Organization", "name": SITE_NAME},
        "about": [{"@type": "Country", "name": country_name(c)} for c in brief.pair],
        "citation": [{"@type": "CreativeWork", "name": cat.sources[s].title, "publisher": cat.sources[s].publisher,
                      **({"url": safe_url(cat.sources[s].url)} if cat.sources[s].url else {})}
                     for s in brief_sources(brief, cat)],
    }


def _yaml_str(text: str) -> str:
    """A front-matter value: JSON string syntax is valid YAML and escapes everything."""
    return json.dumps(" ".join(text.split()), ensure_ascii=False)


def brief_entry(page: str, brief: Brief, cat: Catalog) -> str:
    head = cat.figures[brief.headline]
    change = " " + md(f"({format_change(head.change)})") if head.change is not None else ""
    return (f"### [{md(brief.title)}]({link(page, brief_page(brief.slug))})\n\n"
            f"*{md(brief.place)}, {long_date(brief.date)}* · {md(figure_label(head))}: "
            f"**{figure_link(page, head)}**{change}\n\n{md(brief.summary)}\n")


def render_home(cat: Catalog) -> str:
    out = [f"# {SITE_NAME}", "",
           "Short, sourced briefs on trade between countries. Every figure keeps the digits its source "
           "printed and links to that source.", "", "## Latest briefs", ""]
    for brief in list(cat.briefs.values())[:LATEST_ON_HOME]:
        out.append(brief_entry(HOME, brief, cat))
    out += [f"[All briefs]({link(HOME, BRIEFS_INDEX)}) · [Country pairs]({link(HOME, PAIRS_INDEX)}) · "
            f"[All figures]({link(HOME, DATA_INDEX)}) · [Sources]({link(HOME, SOURCES_PAGE)})"]
    return "\n".join(out) + "\n"


def pairs_of(cat: Catalog) -> list[tuple[str, str]]:
    pairs = {pair_key(f.reporter, f.partner) for f in cat.figures.values()}
    pairs |= {pair_key(*b.pair) for b in cat.briefs.values()}
    return sorted(pairs)


def render_pairs_index(cat: Catalog) -> str:
    rows = ["| Pair | Figures | Briefs |", "| --- | --- | --- |"]
    for a, b in pairs_of(cat):
        n_fig = sum(1 for f in cat.figures.values() if pair_key(f.reporter, f.partner) == (a, b))
        n_brief = sum(1 for x in cat.briefs.values() if pair_key(*x.pair) == (a, b))
        rows.append(f"| [{md(pair_title(a, b))}]({link(PAIRS_INDEX, pair_page(a, b))}) | {n_fig} | {n_brief} |")
    return "\n".join(["# Country pairs", "", *rows]) + "\n"


def headline_figures(figures: list[Figure]) -> list[Figure]:
    """The latest figure of each (reporter, flow): what a profile leads with."""
    latest: dict[tuple[str, str], Figure] = {}
    for f in figures:
        key = (f.reporter, f.flow)
        if key not in latest or (f.period.end, f.period.months) > (latest[key].period.end, latest[key].period.months):
            latest[key] = f
    return sorted(latest.values(), key=lambda f: (f.reporter, FLOW_ORDER.index(f.flow)))


FLOW_ORDER = ("turnover", "exports", "imports", "balance")


def render_pair(a: str, b: str, cat: Catalog, charts: list[tuple[str, ChartSpec]],
                series: list[tuple[str, ChartSpec]] = ()) -> str:
    """A pair's profile: headline figures, each flow's series, every figure, ranks, briefs and sources."""
    page = pair_page(a, b)
    key = pair_key(a, b)
    figures = sorted((f for f in cat.figures.values() if pair_key(f.reporter, f.partner) == key),
                     key=lambda f: (f.period.start, f.period.end, f.reporter, f.flow))
    ranks = [r for r in cat.ranks.values() if pair_key(r.of, r.partner) == key]
    briefs = [x for x in cat.briefs.values() if pair_key(*x.pair) == key]
    countries = " · ".join(f"[{md(country_name(c))}]({link(page, country_page(c))})" for c in key)
    out = [f"# {md(pair_title(a, b))}", "", f"Trade between {countries}, as each side reports it.", "",
           "## Headline figures", "", figure_table(page, headline_figures(figures), cat, anchors=False)]
    if series:
        out += ["", "## Over time", ""]
        for path, spec in series:
            out += [chart_block(page, path, spec), ""]
    out += ["", "## All figures", "", figure_table(page, figures, cat, anchors=False)]
    if ranks:
        out += ["", "## Ranks", "", rank_table(page, ranks, cat, anchors=False)]
    if charts:
        out += ["", "## Charts from the briefs", ""]
        for path, spec in charts:
            out += [chart_block(page, path, spec), ""]
    if briefs:
        out += ["", "## Briefs", ""]
        out += [f"- {x.date.isoformat()}: [{md(x.title)}]({link(page, brief_page(x.slug))})" for x in briefs]
    used = dict.fromkeys(f.source for f in figures)
    out += ["", "## Sources", ""] + [f"- {source_item(page, cat.sources[s], cat)}" for s in used]
    return "\n".join(out) + "\n"


# Material front matter: wide tables get the whole width (no nav or table-of-contents sidebars).
WIDE_PAGE = ["---", "hide:", "  - navigation", "  - toc", "---", ""]
# Material's search boost (front matter): a brief is the page a reader searching a figure or a name wants;
# the checks page repeats every figure in its arithmetic and should come after it.
SEARCH_BOOST_BRIEF = ["search:", "  boost: 2"]
SEARCH_BOOST_CHECKS = ["search:", "  boost: 0.25"]

DATASET_FILES = {"CSV": DATASET["csv"], "JSON": DATASET["json"], "Frictionless data package": DATASET["datapackage"]}


def dataset_json_ld(base: str, n_figures: int) -> dict:
    return {
        "@context": "https://schema.org", "@type": "Dataset", "name": f"{SITE_NAME}: trade figures",
        "description": f"{n_figures} trade figures exactly as their sources printed them, with derived figures "
                       "and the consistency checks they passed.",
        "url": absolute_url(base, DATA_INDEX), "creator": {"@type": "Organization", "name": SITE_NAME},
        "distribution": [{"@type": "DataDownload", "encodingFormat": fmt, "contentUrl": base + path}
                         for fmt, path in (("text/csv", DATASET["csv"]), ("application/json", DATASET["json"]))],
    }


def pairs_by_id(cat: Catalog, derived: list[Derived]) -> dict[str, tuple[str, str]]:
    """{figure, rank or derived id: its pair}: which data page holds it."""
    table = {f.id: pair_key(f.reporter, f.partner) for f in cat.figures.values()}
    table.update({r.id: pair_key(r.of, r.partner) for r in cat.ranks.values()})
    table.update({d.id: pair_key(d.reporter, d.partner) for d in derived})
    return table


def group_checks(checks, pair_of: dict) -> dict[tuple[str, str], list]:
    """{pair: checks}, a check going with the pair of its first input (every input is of one pair)."""
    grouped: dict[tuple[str, str], list] = {}
    for c in checks:
        grouped.setdefault(pair_of[c.inputs[0]], []).append(c)
    return grouped


def render_data_pages(cat: Catalog, derived: list[Derived], checks, base: str = "/") -> dict[str, str]:
    """The data overview and one page per pair: every figure, rank and derived figure, one row each."""
    pair_of = pairs_by_id(cat, derived)
    citing = cited_by(cat)
    sources_of = {d.id: d.inputs for d in derived}  # a check on implied values covers the figures they came from
    by_figure: dict[str, list] = {}
    for c in checks:
        for ident in dict.fromkeys(i for x in c.inputs for i in sources_of.get(x, (x,))):
            by_figure.setdefault(ident, []).append(c)
    figures_of: dict[tuple, list[Figure]] = {}
    for f in sorted(cat.figures.values(), key=lambda f: (f.period.start, f.period.end, f.id)):
        figures_of.setdefault(pair_of[f.id], []).append(f)
    ranks_of: dict[tuple, list[Rank]] = {}
    for r in cat.ranks.values():
        ranks_of.setdefault(pair_of[r.id], []).append(r)
    derived_of: dict[tuple, list[Derived]] = {}
    for d in derived:
        derived_of.setdefault(pair_of[d.id], []).append(d)
    pairs = sorted(set(figures_of) | set(ranks_of))
    rows = ["| Pair | Figures | Ranks | Derived |", "| --- | --- | --- | --- |"]
    rows += [f"| [{md(pair_title(*p))}]({link(DATA_INDEX, data_page(*p))}) | {len(figures_of.get(p, []))} "
             f"| {len(ranks_of.get(p, []))} | {len(derived_of.get(p, []))} |" for p in pairs]
    pages = {DATA_INDEX: "\n".join([
        "# Data", "", f"Every figure on this site ({len(cat.figures)}), exactly as its source printed it, on one page "
        "per country pair. Each figure has a permanent anchor, `data/<pair>/#<figure-id>`, and links to the "
        "checks that cover it and the briefs that cite it.", "",
        "Download every figure: " + " · ".join(f"[{name}]({link(DATA_INDEX, path)})"
                                               for name, path in DATASET_FILES.items()), "",
        *rows, "", json_ld(dataset_json_ld(base, len(cat.figures)))]) + "\n"}
    for p in pairs:
        page = data_page(*p)
        checks_at = checks_page(*p)
        out = [*WIDE_PAGE, f"# Data: {md(pair_title(*p))}", "",
               f"Every figure of the pair, one row each. [Checks]({link(page, checks_at)}) · "
               f"[Profile]({link(page, pair_page(*p))}) · [All data]({link(page, DATA_INDEX)})", ""]
        if figures_of.get(p):
            out += ["## Figures", "", figure_table(page, figures_of[p], cat, anchors=True, extra=[
                ("As printed", lambda f: f"{format(f.value, 'f')} {md(f.unit)}"),
                ("Checks", lambda f: check_links(page, by_figure.get(f.id, []), checks_at)),
                ("Cited in", lambda f: ", ".join(f"[{md(b.title)}]({link(page, brief_page(b.slug))})"
                                                 for b in citing.get(f.id, [])) or "—")])]
        if ranks_of.get(p):
            out += ["", "## Ranks", "", rank_table(page, ranks_of[p], cat, anchors=True)]
        if derived_of.get(p):
            out += ["", "## Derived figures", "", "Computed here from the reported figures, never reported by a "
                    "source: each shows its formula and links to the figures it came from.", "",
                    derived_table(page, derived_of[p], anchors=True)]
        pages[page] = "\n".join(out) + "\n"
    return pages


NO_CHECKS = ("No check could run on this pair's figures yet. A sum needs exports and imports of one period, a "
             "growth check the same figure a year earlier, a rank check the figures of the partners ranked.")
CHECK_KINDS = {"sum": "Sums", "growth": "Growth against the prior period", "implied": "Implied prior-period values",
               "rank": "Ranks", "period": "Parts of a year", "mirror": "Mirror figures (both sides' reports)"}
OUTCOME_ORDER = ("holds", "warning", "error", "not run", "info")


def outcome_counts(checks) -> str:
    counts = {o: sum(1 for c in checks if c.outcome == o) for o in OUTCOME_ORDER}
    return ", ".join(f"{n} {o}" for o, n in counts.items() if n) or "none"


def render_checks_pages(checks, cat: Catalog, derived: list[Derived]) -> dict[str, str]:
    """The checks overview and one page per pair: every check run, its inputs, arithmetic and result."""
    pair_of = pairs_by_id(cat, derived)
    # Every pair with figures or ranks has a data page, and every data page links its checks page: a pair on
    # which no check could run still gets one, saying so.
    grouped = {p: [] for p in set(pair_of.values())} | group_checks(checks, pair_of)
    front = [*WIDE_PAGE[:-2], *SEARCH_BOOST_CHECKS, "---", ""]
    rows = ["| Pair | Checks |", "| --- | --- |"]
    rows += [f"| [{md(pair_title(*p))}]({link(CHECKS_INDEX, checks_page(*p))}) | {outcome_counts(grouped[p])} |"
             for p in sorted(grouped)]
    pages = {CHECKS_INDEX: "\n".join([
        *front, "# Checks", "", "Every consistency check run on the figures, with its inputs and its arithmetic. "
        "A printed value stands for everything that rounds to it (a value printed with two decimals stands for "
        "half a unit of its last digit either way); \"about\" widens that by one unit of the last digit; "
        "\"over\" is anything above the printed value.", "", f"{len(checks)} checks: {outcome_counts(checks)}.", "",
        *rows]) + "\n"}
    for p, mine in grouped.items():
        page = checks_page(*p)
        out = [*front, f"# Checks: {md(pair_title(*p))}", "", f"{len(mine)} checks: {outcome_counts(mine)}. "
               f"[Data]({link(page, data_page(*p))}) · [All checks]({link(page, CHECKS_INDEX)})", ""]
        if not mine:
            out += [NO_CHECKS, ""]
        for kind, heading in CHECK_KINDS.items():
            of_kind = [c for c in mine if c.kind == kind]
            if not of_kind:
                continue
            out += [f"## {heading}", "", "| Check | Result | Arithmetic | Figures |", "| --- | --- | --- | --- |"]
            for c in of_kind:
                inputs = ", ".join(f"[{i}]({link(page, data_page(*pair_of[i]), i)})" for i in c.inputs)
                out.append(f"| <span id=\"{c.id}\"></span>{md(c.title)} | **{md(c.outcome)}** "
                           f"| {md(c.arithmetic)} | {inputs} |")
            out.append("")
        pages[page] = "\n".join(out) + "\n"
    return pages


def render_sources_page(cat: Catalog) -> str:
    out = ["# Sources", "", "Every source a figure, rank or quote on this site comes from.", ""]
    for src in sorted(cat.sources.values(), key=lambda s: (s.publisher, s.published, s.id)):
        out.append(f"- <span id=\"{src.id}\"></span>{source_item(SOURCES_PAGE, src, cat)}")
    return "\n".join(out) + "\n"
