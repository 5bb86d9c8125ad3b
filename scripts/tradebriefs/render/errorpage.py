"""The page `make serve` shows while the data has errors, at every address a reader may have open.

MkDocs itself would stop (a plugin error makes the preview "appear stuck"): instead the preview builds a
site whose every page lists the errors, each with its place, the line it points at with a caret under the
column, and the message. It is the site's own theme, so it reads in dark mode too; the next save that fixes
the data brings the real pages back. `mkdocs build`, `tradebriefs build` and CI still refuse bad data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tradebriefs.core.errors import Finding, errors_in
from tradebriefs.render.templates import render


@dataclass(frozen=True)
class ErrorItem:
    place: str
    severity: str
    message: str
    code: str  # the line with its number and a caret under the column; '' when the file cannot be read


def excerpt(finding: Finding, read_lines: Callable[[str], list[str] | None]) -> str:
    """'  24 |     value: 240.11.1' and a caret line under the column, as a compiler shows it."""
    lines = read_lines(finding.place.path) if finding.place.line else None
    if not lines or finding.place.line > len(lines):
        return ""
    number = str(finding.place.line)
    text = lines[finding.place.line - 1].rstrip("\n").replace("\t", " ")
    caret = " " * (len(number) + 3 + max(finding.place.col - 1, 0)) + "^"
    return f"{number} | {text}\n{caret}"


def error_pages(findings: list[Finding], pages: set[str], read_lines) -> dict[str, str]:
    """{page: Markdown} for every page in `pages`: the same list of errors (warnings after them)."""
    errors = errors_in(findings)
    shown = sorted(errors) + sorted(f for f in findings if f not in errors)
    items = tuple(
        ErrorItem(str(f.place), f.severity, f.message, excerpt(f, read_lines)) for f in shown
    )
    return {
        page: render("errors.md.j2", page, items=items, errors=len(errors))
        for page in sorted(pages)
    }
