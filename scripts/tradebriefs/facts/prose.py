"""The briefs' prose, checked as text: citations written right, a direction word against the change it stands
before, links the page would drop, numbers typed by hand, a slug that names its file.

Pure functions: a brief's text and what it needs in (where an offset of the body is in its file, the figure
a citation names), findings out. What a citation refers to, across files, is catalog.py's to look up.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

from tradebriefs.core.errors import Finding, Place
from tradebriefs.core.markup import body_links, link_problem
from tradebriefs.core.routes import RESERVED_BRIEF_SLUGS
from tradebriefs.facts.models import Brief, Figure

# Where character `offset` of a body is in its file (load.Document.text_place of ("body",)).
BodyPlace = Callable[[int], Place]

# {{figure-id}} cites a figure or rank; {{figure-id.change}} its change in percent. Possessive (`*+`): the
# parts cannot share characters, so giving any back never finds another match, and a failed match then costs
# its length, not its length squared (a `{{`, 60,000 spaces and `x y}}` made the plain one backtrack for seconds).
CITATION = re.compile(r"\{\{\s*+([^{}\s.]*+)(?:\.([a-z_]++))?+\s*+\}\}")
# {{id.change}} prints the change with its sign (+26.3%); {{id.change_size}} without it (26.3%), for prose that
# says the direction in words: "rose {{id.change_size}}".
CITATION_FIELDS = ("change", "change_size")
CHANGE_FIELDS = CITATION_FIELDS
# Words that say which way a figure moved, just before a cited change (English and Russian prose).
RISE_WORDS = {
    "rose",
    "grew",
    "increased",
    "climbed",
    "jumped",
    "up",
    "gained",
    "rising",
    "growing",
    "increasing",
    "вырос",
    "выросла",
    "выросло",
    "выросли",
    "увеличился",
    "увеличилась",
    "увеличилось",
    "увеличились",
    "рост",
    "подскочил",
    "подскочила",
}
FALL_WORDS = {
    "fell",
    "dropped",
    "declined",
    "decreased",
    "shrank",
    "slipped",
    "down",
    "lost",
    "falling",
    "dropping",
    "declining",
    "упал",
    "упала",
    "упало",
    "упали",
    "снизился",
    "снизилась",
    "снизилось",
    "снизились",
    "сократился",
    "сократилась",
    "сократилось",
    "сократились",
    "падение",
}
WORDS_BEFORE = (
    3  # how far before a cited change the direction word may stand ("rose by about {{x.change}}")
)
WORD = re.compile(r"[^\W\d_]+")
# Markdown link targets and link definitions in a body: blanked before looking for typed numbers.
LINK_TARGET = re.compile(
    # `^[ \t]*`, not `^\s*`: \s also matches line breaks, and on a run of blank lines that is quadratic. A label
    # and an autolink stop at the next `[` or `<` (as Python-Markdown's do): else each line that starts with
    # `[`, and each `<a:`, would scan to the end of the body.
    r"\]\(\s*<?([^)\s>]*)|^[ \t]*\[[^\[\]]+\]:\s*<?(\S+?)>?(?:\s|$)|<([a-zA-Z][a-zA-Z0-9+.-]*:[^<>\s]*)>",
    re.MULTILINE,
)
# A number in prose: digits with optional grouping, decimals, currency sign, percent or scale word.
# A number stands between non-word characters; in Chinese or Japanese, where words are not spaced, beside
# a CJK character too ("达到2401.1亿美元"), unless it is a date's part ("1月", "28日", "2024年").
LETTER_OR_DIGIT = r"[^\W\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
TYPED_NUMBER = re.compile(
    rf"(?<!{LETTER_OR_DIGIT})(?<![.\-/#])[$€£¥]?\d(?:[\d,]*\d)?(?:\.\d+)?"
    rf"(?:\s?%|\s?(?:bn|bln|billion|mn|million|trillion)\b)?(?!{LETTER_OR_DIGIT}|[年月日号])"
)
YEAR = re.compile(r"(19|20)\d\d")  # a year is a date, not a figure


def braces(body: str) -> Iterator[tuple[int, int | None]]:
    """Where each `{{ ... }}` of a body starts and ends (the first `}}` after it closes it); the end is None
    for a `{{` that nothing closes, and then nothing after it is closed either, so it is the last one given.

    Two str.find calls per pair, so linear: a regular expression that looks for the end from every `{{`
    rescans the rest of the body from each unclosed one (30,000 `{{` took half a minute)."""
    start = body.find("{{")
    while start >= 0:
        close = body.find("}}", start + 2)
        if close < 0:
            yield start, None
            return
        yield start, close + 2
        start = body.find("{{", close + 2)


def brace_findings(body: str, place: BodyPlace) -> list[Finding]:
    """Each `{{ ... }}` that is not closed, or is not a citation's form."""
    findings = []
    # The whole body at once, not line by line: Markdown lets a link's target, and {{ }}, run onto the next line.
    for start, end in braces(body):
        where = place(start)
        if end is None:
            shown = " ".join(body[start : start + 40].split())
            findings.append(
                Finding(
                    where,
                    f"body: the citation '{shown}' is not closed; end it with }}}}, as in {{{{id}}}}",
                )
            )
        elif not CITATION.fullmatch(body, start, end):
            shown = " ".join(body[start:end].split())[:60]
            findings.append(
                Finding(
                    where,
                    f"body: '{shown}' is not a citation; write {{{{id}}}} for a figure or rank, "
                    "{{id.change}} (signed) or {{id.change_size}} (unsigned) for a figure's change",
                )
            )
    return findings


def direction_findings(body: str, at: int, fig: Figure, where: Place) -> list[Finding]:
    """A warning when the words just before a cited change say it went the other way ("fell" before +26.3%)."""
    words = [w.casefold() for w in WORD.findall(body[max(0, at - 80) : at])][-WORDS_BEFORE:]
    said = next((w for w in reversed(words) if w in RISE_WORDS | FALL_WORDS), None)
    if said is None or fig.change == 0 or (said in RISE_WORDS) == (fig.change > 0):
        return []
    moved = "rose" if fig.change > 0 else "fell"
    return [
        Finding(
            where,
            f"body: '{said}' before the change of '{fig.id}', which {moved} ({fig.change}%); "
            "check the words against the figure",
            "warning",
        )
    ]


def link_findings(body: str, place: BodyPlace) -> list[Finding]:
    """Links and images the body's Markdown makes that the page would not keep (markup.py decides both)."""
    findings, cursor = [], 0
    for tag, url in body_links(body):
        problem = link_problem(tag, url)
        if problem is None:
            continue
        found = body.find(url, cursor) if url else -1
        cursor = found + 1 if found >= 0 else cursor
        findings.append(Finding(place(max(found, 0)), f"body: {problem}"))
    return findings


def _masked(body: str) -> str:
    """The body with citations and link targets blanked (same length, so offsets still point right)."""
    for pattern in (CITATION, LINK_TARGET):
        body = pattern.sub(lambda m: " " * len(m.group(0)), body)
    return body


def typed_number_findings(body: str, place: BodyPlace) -> list[Finding]:
    """A number typed into prose instead of cited by id is a warning: it has no source and no check."""
    findings = []
    for match in TYPED_NUMBER.finditer(_masked(body)):
        text = match.group(0)
        if YEAR.fullmatch(text):
            continue
        findings.append(
            Finding(
                place(match.start()),
                f"body: the number '{text}' is typed by hand; cite a figure as {{{{id}}}} "
                "so it stays sourced and checked",
                "warning",
            )
        )
    return findings


def slug_findings(brief: Brief, path: str) -> list[Finding]:
    """A slug is the brief's address (briefs/<slug>/) and its file's name (`path`): one name for both, none
    that a page of the site already has."""
    findings = []
    if brief.slug in RESERVED_BRIEF_SLUGS:
        findings.append(
            Finding(
                brief.locs["slug"],
                f"slug: '{brief.slug}' is the address of a list of briefs; choose another",
            )
        )
    stem = Path(path).stem
    if stem != brief.slug:
        findings.append(
            Finding(
                brief.locs["slug"],
                f"slug: '{brief.slug}' differs from the file's name "
                f"'{Path(path).name}'; rename the file {brief.slug}.yaml (one name for the file "
                "and the page, so two files cannot claim one page)",
            )
        )
    return findings
