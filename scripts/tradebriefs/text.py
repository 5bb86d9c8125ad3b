"""Escaping: every string from a data file is text, never markup.

MkDocs passes raw HTML straight through and Markdown gives meaning to many characters, so a string
that goes into Markdown is escaped for both (html.escape, then a backslash before each character
Python-Markdown treats as syntax); a string that goes into an HTML attribute or element is escaped
for HTML. Line breaks are folded so a value cannot start a new block (a heading, a list, a table row).
"""
from __future__ import annotations

import html
import re

# Characters Python-Markdown (with the tables extension) lets a backslash escape.
MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def one_line(text: str) -> str:
    return " ".join(text.split())


def md(text: str) -> str:
    """Plain text for a Markdown context: shown exactly as written, never interpreted."""
    return MARKDOWN_SPECIALS.sub(r"\\\1", html.escape(one_line(text), quote=False))


def h(text: str) -> str:
    """Plain text for an HTML element or a quoted attribute."""
    return html.escape(one_line(text), quote=True)


def editor_markdown(text: str) -> str:
    """A brief's body: Markdown is allowed, raw HTML is not (it shows as text)."""
    return text.replace("&", "&amp;").replace("<", "&lt;")
