"""Escaping: every string from a data file is text, never markup.

MkDocs passes raw HTML straight through and Markdown gives meaning to many characters, so a string
that goes into Markdown is escaped for both (html.escape, then a backslash before each character
Python-Markdown treats as syntax); a string that goes into an HTML attribute or element is escaped
for HTML. Line breaks are folded so a value cannot start a new block (a heading, a list, a table row).
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote, urlsplit, urlunsplit

# Characters Python-Markdown (with the tables extension) lets a backslash escape.
MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


# Runs of white space a line of text collapses to one space: all but the no-break spaces, which CLDR puts
# between a number and its unit ("240,11 млрд $") so that a line never breaks inside an amount.
BREAKING_SPACE = re.compile(r"[^\S\u00a0\u202f\u2007]+")


def one_line(text: str) -> str:
    return BREAKING_SPACE.sub(" ", text).strip()


def md(text: str) -> str:
    """Plain text for a Markdown context: shown exactly as written, never interpreted."""
    return MARKDOWN_SPECIALS.sub(r"\\\1", html.escape(one_line(text), quote=False))


def h(text: str) -> str:
    """Plain text for an HTML element or a quoted attribute."""
    return html.escape(one_line(text), quote=True)


def editor_markdown(text: str) -> str:
    """A brief's body: Markdown is allowed, raw HTML is not (it shows as text)."""
    return text.replace("&", "&amp;").replace("<", "&lt;")


# RFC 3986: what may stand unencoded in a path, query or fragment ('%' keeps existing escapes).
URL_PATH_SAFE = "/:@!$&'()*+,;=-._~%"
URL_QUERY_SAFE = URL_PATH_SAFE + "?"
HOST_NAME = re.compile(
    r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?"
)


def safe_url(url: str) -> str:
    """An http(s) address parsed and written again: host checked (IDNA for non-ASCII names), no user
    name or password, every character RFC 3986 does not allow percent-encoded. Raises ValueError(why).

    What an editor wrote is never published as it stands: `https://x.org/"><svg onload=...>` comes out as
    `https://x.org/%22%3E%3Csvg%20onload=...%3E`, an address and nothing else.
    """
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https"):
        raise ValueError("expected an http:// or https:// address")
    if "@" in parts.netloc:
        raise ValueError("an address with a user name ('...@') is not allowed")
    try:
        host, port = parts.hostname, parts.port
    except ValueError as error:
        raise ValueError(f"bad host or port ({error})") from None
    if not host:
        raise ValueError("no host name")
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            raise ValueError(
                f"host name {host!r} is not a valid international domain name"
            ) from None
    if not HOST_NAME.fullmatch(host):
        raise ValueError(f"host name {host!r} has characters a host name cannot have")
    netloc = host + (f":{port}" if port is not None else "")
    return urlunsplit(
        (
            parts.scheme.lower(),
            netloc,
            quote(parts.path, safe=URL_PATH_SAFE),
            quote(parts.query, safe=URL_QUERY_SAFE),
            quote(parts.fragment, safe=URL_QUERY_SAFE),
        )
    )
