"""Routes: from a page's source path (`briefs/x.md`) to the URL MkDocs gives it.

The rule is MkDocs' own (`mkdocs.structure.files.File.url` with `use_directory_urls: true`): `x.md` is
served as `x/`, `dir/index.md` as `dir/`, `index.md` as the site's root. Links written into HTML that
MkDocs passes through untouched (a brief's body) must already be URLs, so they are computed here.
"""
from __future__ import annotations

import posixpath
from functools import lru_cache

INDEX_NAMES = ("index.md", "README.md")


@lru_cache(maxsize=1 << 16)
def page_url(src_path: str) -> str:
    """'briefs/x.md' -> 'briefs/x/'; 'data/index.md' -> 'data/'; 'index.md' -> ''. Other files keep their path."""
    if not src_path.endswith(".md"):
        return src_path
    folder, name = posixpath.split(src_path)
    if name in INDEX_NAMES:
        return f"{folder}/" if folder else ""
    stem = name.removesuffix(".md")
    return f"{folder}/{stem}/" if folder else f"{stem}/"


@lru_cache(maxsize=1 << 16)
def relative_url(from_src: str, to_src: str, fragment: str = "") -> str:
    """The URL of `to_src` as written in `from_src`'s HTML: relative, so the site works under any base."""
    here = posixpath.dirname(page_url(from_src))  # 'briefs/x/' is briefs/x/index.html: its folder is briefs/x
    target = page_url(to_src)
    rel = posixpath.relpath(target or ".", here or ".")
    if target.endswith("/") or not target:
        rel = "./" if rel == "." else rel + "/"
    return rel + (f"#{fragment}" if fragment else "")
