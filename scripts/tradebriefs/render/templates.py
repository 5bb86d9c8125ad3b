"""Templates: Jinja2 lays out the page views (views/) as the Markdown MkDocs converts.

Escaping is the environment's default, not a call to remember: every value a Markdown template (`.md.j2`)
prints passes through `md()` (text.py), which makes it text in Markdown and HTML alike, unless it is
`Markup` (link targets from routes, the body already cleaned by markup.py, JSON-LD). An HTML fragment
(`.html.j2`, for long tables: MkDocs passes raw HTML through without converting it) is rendered by a second
environment with Jinja's own HTML escaping, through `html("name.html.j2", ...)` in a Markdown template.

Links are named by route (`Target`), and the template chooses the form: `|href` for a Markdown link (the
target's source path, which MkDocs checks and turns into a URL) or `|url` for HTML that MkDocs passes
through (the final relative URL). Both are relative to the page being rendered (`page` in the context).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context
from markupsafe import Markup

from tradebriefs.core.i18n import gettext
from tradebriefs.core.routes import link, relative_url
from tradebriefs.core.text import h, md
from tradebriefs.render.memo import NO_MEMO, Memo


@dataclass(frozen=True)
class Target:
    """Where a link goes: a route's source path and an anchor on that page."""

    src: str
    fragment: str = ""


@dataclass(frozen=True)
class Link:
    text: str
    target: Target


def _finalize_markdown(value):
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    return Markup(md(str(value)))


@pass_context
def _href(ctx, target: Target) -> Markup:
    return Markup(link(ctx["page"], target.src, target.fragment))


@pass_context
def _url(ctx, target: Target) -> Markup:
    return Markup(relative_url(ctx["page"], target.src, target.fragment))


def _front_matter(meta: dict) -> Markup:
    """YAML front matter from a dict: each value written as JSON, which YAML reads as the same value."""
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in meta.items()]
    return Markup("\n".join(["---", *lines, "---"]))


def _words_markdown(message: str, **values) -> Markup:
    """A message of a `.md.j2` template in the edition's language: the message is the template's own text
    (Markdown, as if typed in the template), each value is escaped as any other value is (`md`)."""
    safe = {k: v if isinstance(v, Markup) else Markup(md(str(v))) for k, v in values.items()}
    return Markup(gettext(message).format(**safe))


def _words_html(message: str, **values) -> Markup:
    """A message of an `.html.j2` fragment: the message is trusted HTML, each value HTML-escaped."""
    safe = {k: v if isinstance(v, Markup) else Markup(h(str(v))) for k, v in values.items()}
    return Markup(gettext(message).format(**safe))


def _lang_attr(lang: str, inline: bool = False) -> Markup:
    """Markdown's attribute list marking text in another language than the page's: ' { lang="en" }' after a
    heading (or, `inline`, '{ lang="en" }' right after a link, for that link); '' for the page's language."""
    if not lang:
        return Markup("")
    return Markup(f'{"" if inline else " "}{{ lang="{h(lang)}" }}')


def _environment(finalize=None, words=_words_html) -> Environment:
    env = Environment(
        loader=PackageLoader("tradebriefs.render", "templates"),
        autoescape=True,
        finalize=finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters.update(href=_href, url=_url, front_matter=_front_matter)
    # The site's words, in the edition's language: _("Key figures"), _("Updated {date}", date=...) (core/i18n.py).
    env.globals["_"] = words
    env.globals["lang_attr"] = _lang_attr
    return env


@lru_cache(maxsize=1)
def markdown_environment() -> Environment:
    """For `.md.j2` templates: every value is made Markdown text (and with it HTML text) unless it is Markup."""
    env = _environment(_finalize_markdown, _words_markdown)
    env.globals["html"] = _render_html
    return env


@lru_cache(maxsize=1)
def html_environment() -> Environment:
    """For `.html.j2` fragments (raw HTML in a page, which MkDocs passes through): Jinja's HTML escaping."""
    return _environment()


# Around each HTML fragment in a page's Markdown, each on its own line: Markdown passes what is between them
# through as it is (publish/rawhtml.py).
FRAGMENT_OPEN = "<!--tb:fragment-->"
FRAGMENT_CLOSE = "<!--/tb:fragment-->"


@pass_context
def _render_html(ctx, template: str, **values) -> Markup:
    """An HTML fragment inside a Markdown page, rendered for the same page."""
    html = html_environment().get_template(template).render(page=ctx["page"], **values)
    # Marked, so Markdown passes it through without parsing it (publish/rawhtml.py).
    return Markup(f"{FRAGMENT_OPEN}\n{html.rstrip(chr(10))}\n{FRAGMENT_CLOSE}")


def render(template: str, page: str, memo: Memo = NO_MEMO, **view) -> str:
    """One page: the template named after its kind, with its view and its own source path (memoized on all
    three, memo.py)."""
    return memo.text(
        "page",
        (template, page, view),
        lambda: markdown_environment().get_template(template).render(page=page, **view),
    )
