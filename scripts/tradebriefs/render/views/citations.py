"""Citations: each {{id}} in a brief's body as a link to the figure's row, the body rendered and cleaned
(`brief_body`), and what a brief shows and cites (its figures, its sources)."""

from __future__ import annotations

from markupsafe import Markup

from tradebriefs.core.markup import render_body as render_markup
from tradebriefs.core.numbers import format_change, format_number, format_qualified, ordinal
from tradebriefs.core.routes import data_page, relative_url
from tradebriefs.core.text import editor_markdown
from tradebriefs.facts.catalog import Catalog
from tradebriefs.facts.derive import Derived
from tradebriefs.facts.models import Brief, Figure, Rank
from tradebriefs.facts.prose import CITATION
from tradebriefs.render.memo import NO_MEMO, Memo
from tradebriefs.render.views.values import derived_value


def cite(
    page: str, ident: str, attr: str | None, cat: Catalog, derived: dict[str, Derived] | None = None
) -> tuple[str, str]:
    """One {{id}} citation in a body as (Markdown link, its URL): the figure as the reader sees it, linked
    to its row on the data page. The URL is final (routes.relative_url): the body reaches MkDocs as HTML.
    `derived`: {id: derived figure}, for {{derived-...}} citations (the pipeline checked they exist)."""
    from tradebriefs.core.text import md

    target = cat.cited(ident)
    if target is None and derived is not None and ident in derived:
        d = derived[ident]
        url = relative_url(page, data_page(d.reporter, d.partner), d.id)
        return f"[{md(derived_value(d))}]({url})", url
    if isinstance(target, Rank):
        url = relative_url(page, data_page(target.of, target.partner), target.id)
        return f"[{md(ordinal(target.rank))}]({url})", url
    url = relative_url(page, data_page(target.reporter, target.partner), target.id)
    if attr == "change":
        text = format_change(target.change)  # signed: +26.3%
    elif attr == "change_size":
        text = f"{format_number(abs(target.change))}%"  # unsigned: the words around it say the direction
    else:
        text = cited_value_text(target)
    return f"[{md(text)}]({url})", url


def cited_value_text(fig: Figure) -> str:
    """A figure's value inside a sentence: as printed, with '(forecast)' or '(target)' after a figure that was
    not reported ('a surplus of over $50 bn (forecast)'); the sentence says whose surplus or what share, and
    the link leads to the row that says it in full."""
    text = format_qualified(fig.value, fig.unit, fig.qualifier)
    return text if fig.is_reported else f"{text} ({fig.status})"


def brief_body(
    page: str,
    brief: Brief,
    cat: Catalog,
    derived: dict[str, Derived] | None = None,
    memo: Memo = NO_MEMO,
) -> Markup:
    """The body as Markdown safe to hand MkDocs: rendered and cleaned against an allow-list (markup.py).
    `derived`: {id: derived figure}, the derived figures a body may cite."""
    internal: set[str] = set()

    def citation_link(match) -> str:
        text, url = cite(page, match.group(1), match.group(2), cat, derived)
        internal.add(url)
        return text

    escaped = CITATION.sub(citation_link, editor_markdown(brief.body))
    links = frozenset(internal)
    return Markup(
        memo.text("body", (escaped, sorted(links)), lambda: render_markup(escaped, links))
    )


def brief_sources(brief: Brief, cat: Catalog) -> list[str]:
    """The brief's own sources, then those of every figure, rank and quote it shows (key figures, charts and
    the figures and ranks its text cites), each once."""
    ids = list(brief.sources)
    cited_ranks = [m.group(1) for m in CITATION.finditer(brief.body) if m.group(1) in cat.ranks]
    shown = (
        [cat.figures[i] for i in shown_figures(brief, cat)]
        + [cat.ranks[i] for i in dict.fromkeys([*brief.ranks, *cited_ranks])]
        + [cat.quotes[i] for i in brief.quotes]
    )
    for rec in shown:
        src = cat.sources[rec.source]
        ids += [src.id] + ([src.via] if src.via else [])
    return list(dict.fromkeys(ids))


def shown_figures(brief: Brief, cat: Catalog) -> list[str]:
    """Every figure a brief's page shows: key figures, headline, charts and citations, each once."""
    ids = [
        *brief.figures,
        brief.headline,
        *(i for c in brief.charts for i in c.figures),
        *(m.group(1) for m in CITATION.finditer(brief.body)),
    ]
    return [i for i in dict.fromkeys(ids) if i in cat.figures]
