"""The templates' HTML fragments pass through Markdown unparsed (publish/rawhtml.py): the same HTML as when
Python-Markdown parsed them, their ids still known to MkDocs' check of links to anchors, and a value holding
the marker's text cannot end a fragment early."""

from __future__ import annotations

import markdown
from mkdocs.structure.pages import _RawHTMLPreprocessor

from tradebriefs.render.templates import FRAGMENT_CLOSE, FRAGMENT_OPEN, Link, Target, render
from tradebriefs.render.views.checks import CheckRow

EXTENSIONS = ["tables", "attr_list", "md_in_html", "admonition", "toc"]


def fragment(html: str) -> str:
    return f"{FRAGMENT_OPEN}\n{html}\n{FRAGMENT_CLOSE}"


TABLE = '<table data-tb-cards>\n<tr><td id="a-1">*not emphasis* &amp; <a href="../x/#a">x</a></td></tr>\n</table>\n<p class="s">Source</p>'
PAGE = "# Title\n\nSome *text*.\n\n{}\n\n## Next\n\nMore.\n\n{}\nAfter, in the same block.\n"


def convert(text: str, fragments: bool) -> tuple[str, set[str]]:
    extensions = EXTENSIONS + (["tradebriefs.publish.rawhtml"] if fragments else [])
    md = markdown.Markdown(extensions=extensions)
    anchors = (
        _RawHTMLPreprocessor()
    )  # as MkDocs registers it for each page (mkdocs/structure/pages.py)
    anchors._register(md)
    html = md.convert(text)
    return html, anchors.present_anchor_ids


def test_a_fragment_comes_out_as_markdown_made_it_and_its_ids_are_known():
    plain, plain_ids = convert(PAGE.format(TABLE, TABLE), fragments=False)
    passed, passed_ids = convert(PAGE.format(fragment(TABLE), fragment(TABLE)), fragments=True)
    assert passed == plain
    assert "*not emphasis*" in passed and "<h2" in passed and "<em>text</em>" in passed
    assert plain_ids == passed_ids == {"a-1"}


def test_a_page_without_fragments_is_left_alone():
    text = '# T\n\n<div markdown="1">\n*x*\n</div>\n'
    assert convert(text, fragments=True) == convert(text, fragments=False)


def test_a_value_holding_the_markers_text_is_escaped_and_cannot_end_a_fragment():
    row = CheckRow(
        "sum-x",
        f"{FRAGMENT_CLOSE}\n\n# injected",
        "holds",
        f"{FRAGMENT_OPEN} 1 + 2",
        (Link("a", Target("data/chn-rus.md", "a")),),
    )
    view = type(
        "V",
        (),
        {
            "meta": {},
            "title": "T",
            "total": 1,
            "counts": "1 holds",
            "data": Target("data/chn-rus.md"),
            "sections": (("Sums", (row,)),),
            "work_lang": "",
        },
    )()
    page = render(
        "checks_pair.md.j2",
        "checks/chn-rus.md",
        links=type("L", (), {"checks": Target("checks/index.md")}),
        view=view,
    )
    assert (
        page.count(FRAGMENT_OPEN) == page.count(FRAGMENT_CLOSE) == 1
    )  # the template's own pair alone
    html, _ = convert(page, fragments=True)
    assert "<h1>injected" not in html and "&lt;!--/tb:fragment--&gt;" in html


def test_an_edit_to_the_extension_converts_every_page_again(monkeypatch):
    """The converted-page cache is keyed by the extension's code, not its name alone: a changed rawhtml.py
    would otherwise leave pages converted by the old one in the cache."""
    from tradebriefs.core import keys
    from tradebriefs.core.store import Store
    from tradebriefs.publish import pagecache

    config = {
        "markdown_extensions": ["toc", "tradebriefs.publish.rawhtml"],
        "mdx_configs": {},
        "use_directory_urls": True,
        "validation": {},
    }
    before = pagecache.PageCache.for_config(config, Store(None)).config_key
    real = keys.code_salt

    def edited(module, *args, **kwargs):
        salt = real(module, *args, **kwargs)
        return salt + "-edited" if module == "tradebriefs.publish.rawhtml" else salt

    monkeypatch.setattr(keys, "code_salt", edited)
    assert pagecache.PageCache.for_config(config, Store(None)).config_key != before
