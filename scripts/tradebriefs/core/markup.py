"""A brief's body: data-supplied Markdown to HTML that can hold only what an allow-list names.

Escaping by a block-list lost the race (attribute lists, reference definitions inside block quotes,
entity-encoded schemes, `//host` links all got through once). So the body is rendered here, by
Python-Markdown with a fixed, small set of extensions (no `attr_list`, no `md_in_html`, no raw HTML:
`<` and `&` arrive escaped), and the HTML is then cleaned by nh3 (Ammonia) against an allow-list of tags,
attributes and URL schemes. Anything else is dropped, whatever syntax produced it.

`tradebriefs check` asks the same code which links a body makes (`body_links`) and the same policy
(`link_problem`) which of them would be dropped, so check and build cannot disagree.

Top-level headings are handed back as Markdown headings (plain text, escaped), so MkDocs still puts them
in the page's table of contents; every other block goes to MkDocs as HTML it passes through untouched.
"""

from __future__ import annotations

import html
import threading
from html.parser import HTMLParser
from urllib.parse import urlsplit

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from tradebriefs.core.mdlinear import LinearExtension
from tradebriefs.core.text import editor_markdown, md

# What Python-Markdown makes from the syntax a body may use: paragraphs, emphasis, code, lists, quotes,
# headings, rules, tables and links. No images: a picture from another host is a request off the site.
BODY_EXTENSIONS = ("tables", "sane_lists")
ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "em",
    "strong",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"style"}, "td": {"style"}}
ALLOWED_STYLES = {"text-align"}  # the tables extension aligns columns with a style attribute
LINK_SCHEMES = {"http", "https", "mailto"}
HEADINGS = {f"h{n}" for n in range(1, 7)}
# The page's <h1> is the brief's title: a body's own top-level heading starts at ## (h2).
MIN_BODY_HEADING = 2


class _LinkCollector(Treeprocessor):
    """Records every URL the Markdown made (a@href, img@src), as the browser will read it."""

    def run(self, root):
        for element in root.iter():
            for attribute in ("href", "src"):
                if attribute in element.attrib:
                    self.md.tb_links.append((element.tag, html.unescape(element.attrib[attribute])))


class _CollectLinks(Extension):
    def extendMarkdown(self, md):
        md.tb_links = []
        md.treeprocessors.register(
            _LinkCollector(md), "tradebriefs-links", 0
        )  # last: after inline patterns


_converters = threading.local()  # one per thread: a Markdown instance keeps state while it converts


def _converter() -> markdown.Markdown:
    """A converter reused across bodies (building one loads its extensions: most of a short body's cost)."""
    converter = getattr(_converters, "markdown", None)
    if converter is None:
        converter = markdown.Markdown(
            # Python-Markdown's own link processors walk to the end of a paragraph from every `[` that never
            # closes (quadratic: a 60,000-character body ran for minutes); mdlinear makes the same HTML in
            # linear time.
            extensions=[*BODY_EXTENSIONS, LinearExtension(), _CollectLinks()],
            output_format="html",
        )
        _converters.markdown = converter
    converter.reset()
    converter.tb_links = []
    return converter


def to_html(markdown_text: str) -> tuple[str, list[tuple[str, str]]]:
    """Markdown (already escaped for raw HTML) to HTML, and every (tag, url) it links or embeds."""
    converter = _converter()
    out = converter.convert(markdown_text)
    return out, list(converter.tb_links)


def link_problem(tag: str, url: str, internal: frozenset[str] = frozenset()) -> str | None:
    """Why a link may not be published, or None. `internal` holds the site's own URLs the renderer made."""
    problem = _link_problem(tag, url, internal)
    if problem and "&" in url and html.unescape(url) != url:
        return f"'{url}' holds a character reference (&...;); write the address out as plain text"
    return problem


def _link_problem(tag: str, url: str, internal: frozenset[str]) -> str | None:
    if tag != "a":
        return (
            "images are not allowed in a brief's text (a chart shows figures; a picture from another host "
            "would be a request off this site)"
        )
    if url in internal:
        return None
    target = url.strip()
    try:
        parts = urlsplit(target)
    except ValueError:
        return f"'{target}' is not a well-formed address"
    scheme = parts.scheme.lower()
    if not scheme:
        if target.startswith("//"):
            return f"'{target}' leaves out the scheme; write https:{target}"
        return (
            f"'{target}' is a relative link; link to a page of another site with https://, "
            "or cite a figure or rank as {{id}}"
        )
    if scheme not in LINK_SCHEMES:
        return f"'{scheme}:' links are not allowed; use https://, http:// or mailto:"
    if scheme in ("http", "https") and not parts.hostname:
        return f"'{target}' has no host name"
    return None


def body_links(body: str) -> list[tuple[str, str]]:
    """Every (tag, url) a body's Markdown makes, citations left out ({{id}} is not a link until rendered)."""
    # Every link and image Python-Markdown can make from a body (autolinks cannot: `<` arrives escaped) has a
    # `](` or uses a reference defined by a `[id]: ...` line: without either there is nothing to parse (most
    # bodies), and a body that is all emphasis or `&` is not handed to Markdown just to find no link.
    if "](" not in body and "]:" not in body:
        return []
    return to_html(editor_markdown(body))[1]


def clean_html(fragment: str, internal: frozenset[str] = frozenset()) -> str:
    """nh3 with the allow-list: unknown tags lose their markup, unknown attributes and schemes go."""
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=LINK_SCHEMES,
        filter_style_properties=ALLOWED_STYLES,
        link_rel=None,
        strip_comments=True,
        # A relative URL stays only when the renderer made it (a citation's link to the data page).
        url_relative=lambda url: url if url in internal else None,
        attribute_filter=lambda tag, attribute, value: (
            None if attribute == "href" and link_problem(tag, value, internal) else value
        ),
    )


class _TopLevel(HTMLParser):
    """Splits cleaned HTML into top-level blocks: ('heading', level, text) or ('html', source)."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.source, self.depth, self.blocks = source, 0, []
        self._lines = [0]
        for line in source.splitlines(keepends=True):
            self._lines.append(self._lines[-1] + len(line))
        self._heading: tuple[int, list[str]] | None = None
        self._start = 0

    def _offset(self) -> int:
        line, col = self.getpos()
        return self._lines[line - 1] + col

    def handle_starttag(self, tag, attrs):
        if self.depth == 0:
            self._flush(self._offset())
            if tag in HEADINGS:
                self._heading = (int(tag[1]), [])
        if tag not in ("br", "hr"):
            self.depth += 1

    def handle_startendtag(self, tag, attrs):
        if self.depth == 0:
            self._flush(self._offset())

    def handle_endtag(self, tag):
        self.depth -= 1
        if self.depth == 0:
            end = self.source.index(">", self._offset()) + 1
            if self._heading is not None:
                level, text = self._heading
                self.blocks.append(("heading", level, "".join(text)))
                self._heading = None
            else:
                self.blocks.append(("html", self.source[self._start : end]))
            self._start = end

    def handle_data(self, data):
        if self._heading is not None:
            self._heading[1].append(data)

    def _flush(self, at: int) -> None:
        loose = self.source[self._start : at]
        if loose.strip():
            self.blocks.append(("html", f"<p>{loose.strip()}</p>"))
        self._start = at

    def close(self):
        super().close()
        self._flush(len(self.source))
        return self.blocks


def markdown_blocks(cleaned: str) -> str:
    """Cleaned HTML as Markdown MkDocs will pass through: headings as `## text`, the rest as HTML blocks."""
    out = []
    parser = _TopLevel(cleaned)
    parser.feed(cleaned)
    for block in parser.close():
        if block[0] == "heading":
            _, level, text = block
            out.append("#" * max(level, MIN_BODY_HEADING) + " " + md(text))
        else:
            out.append(block[1])
    return "\n\n".join(out)


def render_body(escaped: str, internal: frozenset[str] = frozenset()) -> str:
    """A body already passed through editor_markdown(), its citations made links to the URLs in `internal`,
    to Markdown that is safe to hand MkDocs."""
    fragment, _ = to_html(escaped)
    return markdown_blocks(clean_html(fragment, internal))
