"""Python-Markdown extension: the HTML fragments the templates write into a generated page (tables, chart data,
embed codes; templates.html) pass through Markdown untouched and unparsed.

A fragment is already final HTML: escaped by Jinja, its links already relative URLs. Python-Markdown would
still parse it twice with an HTML parser (MkDocs' scan for anchor ids, then md_in_html's scan for blocks),
which was a third of the conversion of a generated page. The templates mark each fragment (FRAGMENT_OPEN and
FRAGMENT_CLOSE, each on its own line); this preprocessor, run before both, puts each marked fragment in the
raw-HTML stash as it is, so the parsers see a placeholder, and tells MkDocs the ids it holds (for its check
of links to anchors). What is published is the same bytes as when Markdown parsed the fragment.
"""

from __future__ import annotations

import re
from html import unescape

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

from tradebriefs.render.templates import FRAGMENT_CLOSE, FRAGMENT_OPEN

_FRAGMENT = re.compile(
    rf"^{re.escape(FRAGMENT_OPEN)}\n(.*?)\n{re.escape(FRAGMENT_CLOSE)}$(\n[ ]*\n)?", re.S | re.M
)
_ID = re.compile(r"""\sid="([^"]*)\"""")
# MkDocs' preprocessor that collects a page's ids from its raw HTML.
MKDOCS_ANCHORS = "mkdocs_raw_html"


class StashFragments(Preprocessor):
    def __init__(self, md: Markdown):
        super().__init__(md)
        self.ids: set[str] = set()

    def run(self, lines: list[str]) -> list[str]:
        self.ids = set()
        text = "\n".join(lines)
        if FRAGMENT_OPEN not in text:
            return lines
        return _FRAGMENT.sub(self._stash, text).split("\n")

    def _stash(self, match: re.Match) -> str:
        html = match.group(1)
        self.ids.update(unescape(i) for i in _ID.findall(html))
        # As Markdown's own raw-HTML block keeps it: the newline after the block when a blank line follows.
        kept = html + ("\n" if match.group(2) else "")
        return "\n\n" + self.md.htmlStash.store(kept) + "\n\n"


class TellMkDocsTheIds(Preprocessor):
    """Runs after MkDocs' scan of the page's raw HTML (which no longer sees the fragments) and adds theirs."""

    def __init__(self, md: Markdown, stash: StashFragments):
        super().__init__(md)
        self.stash = stash

    def run(self, lines: list[str]) -> list[str]:
        if MKDOCS_ANCHORS in self.md.preprocessors:
            self.md.preprocessors[MKDOCS_ANCHORS].present_anchor_ids |= self.stash.ids
        return lines


class FragmentsExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        stash = StashFragments(md)
        # Before MkDocs' scan of raw HTML (21) and html_block (20); the ids after the first, before the second.
        md.preprocessors.register(stash, "tb_fragments", 25)
        md.preprocessors.register(TellMkDocsTheIds(md, stash), "tb_fragment_ids", 20.5)


def makeExtension(**kwargs) -> FragmentsExtension:  # noqa: N802 (Python-Markdown's name)
    return FragmentsExtension(**kwargs)
