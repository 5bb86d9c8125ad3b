"""Python-Markdown, linear in its input for what a brief's body can hold.

Python-Markdown finds a link's text by walking from its `[` to the matching `]`, and its address by walking
from `(` to the matching `)`, character by character, once for every `[` (and again for each of the link
processors). A `[` that never closes walks to the end of the paragraph, so a body of 60,000 `[` (under the body
limit) took Python-Markdown over 13 minutes, and `[a](` or `[a](x"y)` repeated do the same to the address.

The link processors here give exactly Python-Markdown's answers (the same link text, address, title and end,
even where its quote handling is odd), read from tables that one pass over the text fills: where the bracket
or parenthesis opened at each position closes, where the next quote is, and so on. Python-Markdown replaces
each link it finds with a placeholder, which changes the text before a position and never after it, and every
answer depends only on the text after the position asked about; so tables made for a text still answer for
the same text with a different beginning (checked by comparing the endings, in C), and are rebuilt only for
a text that ends differently.

Python-Markdown also copies the whole paragraph each time a pattern matches, so a paragraph of many matches
costs matches times length. Every `<` and `&` of a body arrives as an entity (text.editor_markdown), one match
each: 60,000 `<` took about 8 s to render. In a text without `*` or `_`, the entity pattern here takes a run
of entities, and the plain text between them, as one match, with the same HTML as a result. (Emphasis is
left as it is: 20,000 `*a*` still cost a few seconds, bounded by the body's limit.)

tests/test_hostile.py compares both with Python-Markdown's own on random text.
"""

from __future__ import annotations

import re

from markdown.extensions import Extension
from markdown.inlinepatterns import (
    ENTITY_RE,
    IMAGE_LINK_RE,
    IMAGE_REFERENCE_RE,
    LINK_RE,
    REFERENCE_RE,
    HtmlInlineProcessor,
    ImageInlineProcessor,
    ImageReferenceInlineProcessor,
    LinkInlineProcessor,
    ReferenceInlineProcessor,
    ShortImageReferenceInlineProcessor,
    ShortReferenceInlineProcessor,
    dequote,
)

QUOTES = ("'", '"')
OTHER_QUOTE = {"'": '"', '"': "'"}
NONE = -1  # "no such position" in the tables
# Tables for this many texts are kept (a paragraph, a link's text being processed inside it, ...).
KEPT_TABLES = 4


def spread(n: int, pairs, after: int = NONE) -> list[int]:
    """n + 1 values, one per position of a text of length n (and its end): at each position, the value
    paired with the first listed position at or after it, `after` past the last. The positions come in
    ascending order; filling runs of the list is C's work, so a table costs a step per listed position."""
    out: list[int] = []
    for position, value in pairs:
        out += [value] * (position + 1 - len(out))
    out += [after] * (n + 1 - len(out))
    return out


def positions_of(text: str, chars: str) -> list[int]:
    return [m.start() for m in re.finditer(f"[{re.escape(chars)}]", text)]


def closers(text: str, opening: str, closing: str) -> list[int]:
    """For each start position i, where a walk from i that counts `opening` up and `closing` down from 1
    reaches 0 (the position of that `closing`), or NONE.

    With S[i] the count of openings minus closings in text[i:], the walk from i ends at the first k > i
    where S[k] = S[i] + 1 (the closing is at k - 1): going left, the latest position seen at that level.
    Between two brackets S does not change, and a walk from there is the walk from the next bracket."""
    brackets = positions_of(text, opening + closing)
    closes = [NONE] * len(brackets)
    latest_at_level: dict[int, int] = {}
    level = 0  # S just after the bracket at hand, up to the next one
    for j in range(len(brackets) - 1, -1, -1):
        p = brackets[j]
        latest_at_level[level] = p + 1
        level += 1 if text[p] == opening else -1
        k = latest_at_level.get(level + 1)
        closes[j] = NONE if k is None else k - 1
    return spread(len(text), zip(brackets, closes, strict=True))


def next_positions(text: str, chars: str) -> list[int]:
    """For each position i, the first position >= i holding one of `chars`, or NONE."""
    found = positions_of(text, chars)
    return spread(len(text), zip(found, found, strict=True))


class ParenTables:
    """What LinkInlineProcessor.getLink walks through, for every start: parentheses and quotes."""

    def __init__(self, text: str):
        n = len(text)
        self.text = text
        self.close = closers(text, "(", ")")
        self.next_quote = next_positions(text, "'\"")
        self.next_of = {q: next_positions(text, q) for q in QUOTES}
        # Suffix sums over the parentheses: `(` minus `)` in text[i:] (depth), how many of either (count).
        parens = positions_of(text, "()")
        depths, depth = [0] * len(parens), 0
        for j in range(len(parens) - 1, -1, -1):
            depth += 1 if text[parens[j]] == "(" else -1
            depths[j] = depth
        self.depth = spread(n, zip(parens, depths, strict=True), after=0)
        counts = range(len(parens), 0, -1)
        self.count = spread(n, zip(parens, counts, strict=True), after=0)
        self.by_count = [NONE] + parens[::-1]  # the parenthesis with count[z] == c
        # The character before each `)`, spaces skipped (getLink's `last`), where it is a quote.
        self.quote_before = {m.end() - 1: m.start() for m in re.finditer(r"""['"] *\)""", text)}
        closes = sorted(self.quote_before)
        self.next_quote_close = spread(
            n, zip(closes, closes, strict=True)
        )  # the first at or after i


class Tables:
    """The tables of one text; they answer for any text with the same ending (see the module's note)."""

    def __init__(self, text: str):
        self.text = text
        self.brackets = closers(text, "[", "]")
        self._parens: ParenTables | None = None
        self.current, self.verified, self.shift = text, len(text), 0

    @property
    def parens(self) -> ParenTables:
        if self._parens is None:  # only a text with a `](` needs them
            self._parens = ParenTables(self.text)
        return self._parens

    def answers(self, data: str, index: int) -> bool:
        """Whether these tables answer for data[index:], that is whether it is how their text ends; if so
        they are set to `data`: positions in it are table positions minus self.shift."""
        need = len(data) - index
        if data is self.current and need <= self.verified:
            return True
        n = len(self.text)
        if need > n or not self.text.startswith(data[index:], n - need):
            return False
        self.current, self.verified, self.shift = data, need, len(data) - n
        return True


class LinearLinks:
    """The getText and getLink of Python-Markdown's link processors, answered from Tables."""

    def tables(self, data: str, index: int) -> Tables:
        kept: list[Tables] = self.md.tb_link_tables
        for i, tables in enumerate(kept):
            if tables.answers(data, index):
                kept.insert(0, kept.pop(i))
                return tables
        kept.insert(0, Tables(data))
        del kept[KEPT_TABLES:]
        return kept[0]

    def getText(self, data: str, index: int) -> tuple[str, int, bool]:
        """The text between the `[` just before `index` and its `]`: (text, index after `]`, True), or
        ("", len(data), False) when it never closes (Python-Markdown returns the rest of the text there, which
        no caller reads; copying it for every unclosed `[` would be quadratic again)."""
        tables = self.tables(data, index)
        close = tables.brackets[index - tables.shift]
        if close == NONE:
            return "", len(data), False
        end = close + tables.shift
        return data[index:end], end + 1, True

    def getLink(self, data: str, index: int) -> tuple[str, str | None, int, bool]:
        """(href, title, index after the link, handled) for the `(...)` at `index`, as Python-Markdown's
        walk gives them (LinkInlineProcessor.getLink, Markdown 3.11): first parentheses are counted; at the first
        quote it assumes a title, after which only a `)` just after (spaces aside) a closing quote ends
        the link, and failing that the walk's backup count of parentheses decides."""
        m = self.RE_LINK.match(data, pos=index)
        if not m or m.group(1):  # no `(` here, or the `<address>` form: no walk to make
            return super().getLink(data, index)
        tables = self.tables(data, index)
        t, shift = tables.parens, tables.shift
        start = m.end()
        s = start - shift  # positions in the tables' text
        close, quote = t.close[s], t.next_quote[s]
        title = None
        if quote == NONE or NONE < close < quote:  # parentheses alone decide
            if close == NONE:
                return "", None, len(data), False
            href, end = data[start : close + shift], close + 1
        else:
            found = self._after_quote(t, s, quote)
            if found is None:
                return "", None, len(data), False
            href_end, title_span, end = found
            href = data[start : href_end + shift] if href_end != NONE else data[start:-2]
            if title_span is not None:
                title = data[title_span[0] + shift : title_span[1] + shift]
        if title is not None:
            title = self.RE_TITLE_CLEAN.sub(" ", dequote(self.unescape(title.strip())))
        return self.unescape(href).strip(), title, (end + shift if end != NONE else NONE), True

    @staticmethod
    def _after_quote(t: ParenTables, s: int, q: int):
        """The walk from the first quote at q: (where the href ends, the title's span or None, where the link
        ends) in table positions, or None when the link never ends. The end is NONE (-1) in one case:
        Python-Markdown's backup count can run out on a `(`, and it then ends the link at index -1."""
        depth = 1 + t.depth[s] - t.depth[q]  # parentheses open when the quote came
        alt = t.next_of[OTHER_QUOTE[t.text[q]]][q + 1]  # the other quote's first appearance
        x = t.next_quote_close[q + 1]
        # A `)` after a quote ends the title, unless that quote opened it (the first, or the other kind's first).
        while x != NONE and t.quote_before[x] in (q, alt):
            x = t.next_quote_close[x + 1]
        if x != NONE:
            y = t.quote_before[x]  # the closing quote: the title runs from after its opening quote
            opened = q if t.text[y] == t.text[q] else alt
            return opened, (opened + 1, y), x + 1
        # No title closes: the walk's backup count, the depth at the quote, counts parentheses of either kind.
        after = t.count[q + 1]
        if after < depth:
            return None
        z = t.by_count[after - depth + 1]
        if t.text[z] == ")":
            return z, None, z + 1
        return NONE, None, NONE


class _Link(LinearLinks, LinkInlineProcessor):
    pass


class _Image(LinearLinks, ImageInlineProcessor):
    pass


class _Reference(LinearLinks, ReferenceInlineProcessor):
    pass


class _ImageReference(LinearLinks, ImageReferenceInlineProcessor):
    pass


class _ShortReference(LinearLinks, ShortReferenceInlineProcessor):
    pass


class _ShortImageReference(LinearLinks, ShortImageReferenceInlineProcessor):
    pass


# Plain text between two entities: no `&` (the next entity starts there) and no placeholder of an element an
# earlier pattern made (STX ... ETX), which must stay where it is.
INERT = re.compile(r"[^&\x02\x03]*")


class EntityRuns(HtmlInlineProcessor):
    """Python-Markdown's "entity" pattern, taking a run of entities and the plain text between them as one
    match where that makes the same HTML.

    After "entity", only em_strong acts on the text (tests/test_hostile.py checks the order), and only where
    it holds a `*` or `_`: in a text without them, the run as raw HTML (its plain text escaped as the
    serializer escapes text; it has no `&`, so `<` and `>` are all there is) is what the entities and the
    text would have become. In a text with them, each entity is its own match, as in Python-Markdown:
    em_strong works out where its elements end from positions in the text, and its answer changes when
    the text between is shortened."""

    def handleMatch(self, m, data):
        parts = [self.backslash_unescape(self.unescape(m.group(1)))]
        end = m.end(0)
        tokens = self.md.delimiters.tokens if self.md.delimiters is not None else ()
        if not any(token in data for token in tokens):
            while (following := data.find("&", end)) >= 0:
                entity = self.compiled_re.match(data, following)
                between = data[end:following]
                if entity is None or not INERT.fullmatch(between):
                    break
                parts.append(between.replace("<", "&lt;").replace(">", "&gt;"))
                parts.append(self.backslash_unescape(self.unescape(entity.group(1))))
                end = entity.end(0)
        return self.md.htmlStash.store("".join(parts)), m.start(0), end


# Python-Markdown's processors (markdown.inlinepatterns.build_inlinepatterns), each replaced under its own
# name and priority, so the order in which they try the text is unchanged.
PROCESSORS = (
    ("reference", _Reference, REFERENCE_RE, 170),
    ("link", _Link, LINK_RE, 160),
    ("image_link", _Image, IMAGE_LINK_RE, 150),
    ("image_reference", _ImageReference, IMAGE_REFERENCE_RE, 140),
    ("short_reference", _ShortReference, REFERENCE_RE, 130),
    ("short_image_ref", _ShortImageReference, IMAGE_REFERENCE_RE, 125),
    ("entity", EntityRuns, ENTITY_RE, 80),
)


class LinearExtension(Extension):
    """Registers the processors; the link tables live on the Markdown instance, reset with it."""

    def extendMarkdown(self, md):
        md.tb_link_tables = []
        md.registerExtension(self)
        self.md = md
        for name, cls, pattern, priority in PROCESSORS:
            md.inlinePatterns.register(cls(pattern, md), name, priority)

    def reset(self) -> None:
        self.md.tb_link_tables = []
