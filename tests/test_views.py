"""Page views and templates, without MkDocs: what a page shows, and that every value is escaped by default."""

from __future__ import annotations

from markupsafe import Markup

from conftest import SEED
from tradebriefs.facts.pipeline import check_data
from tradebriefs.render.chartplan import plan_brief_charts
from tradebriefs.render.templates import Link, Target, render
from tradebriefs.render.views.brief import brief_view, index_by_input
from tradebriefs.render.views.checks import checks_views
from tradebriefs.render.views.data import data_views
from tradebriefs.render.views.site import Site

SLUG = "2024-10-28-russia-china-trade-drivers"


def seed():
    checked, _ = check_data(SEED)
    return checked


def test_the_brief_view_holds_its_figures_quotes_charts_and_derived_figures():
    checked = seed()
    cat = checked.catalog
    charts = plan_brief_charts(cat, checked.derived)[SLUG]
    view = brief_view(
        cat.briefs[SLUG], cat, charts, index_by_input(checked.derived), Site(url="https://x.org/")
    )
    assert [r.value.text for r in view.figures] == [
        "over $180 bn",
        "$240.11 bn",
        "about $110.97 bn",
        "$129.14 bn",
    ]
    assert view.figures[1].value.target == Target("data/chn-rus.md", "cn-ru-turnover-2023")
    assert [r.place for r in view.ranks] == [
        "fourth largest after United States, Japan and South Korea"
    ]
    assert len(view.quotes) == 4 and len(view.charts) == 2
    assert view.derived_checks == Target("checks/chn-rus.md")
    assert view.url == f"https://x.org/briefs/{SLUG}/"
    assert '<a href="../../data/chn-rus/#cn-ru-turnover-2023">$240.11 bn</a>' in view.body
    assert isinstance(view.body, Markup) and "## A record 2023" in view.body


def test_data_and_checks_views_cover_every_pair_with_figures():
    checked = seed()
    index, pairs = data_views(checked.catalog, checked.derived, checked.checks, Site())
    assert index.n_figures == 4 and list(pairs) == [("CHN", "RUS")]
    row = next(r for r in pairs[("CHN", "RUS")].figures if r.id == "cn-ru-turnover-2023")
    assert row.printed == "240.11 USD billion"
    assert [c.text for c in row.checks] == ["sum: holds", "implied: holds"]
    checks_index, checks_pairs = checks_views(checked.checks, checked.catalog, checked.derived)
    assert checks_index.total == 3 and checks_index.counts == "2 holds, 1 not run"
    assert [heading for heading, _ in checks_pairs[("CHN", "RUS")].sections] == [
        "Sums",
        "Implied prior-period values",
        "Ranks",
    ]


def test_a_markdown_template_escapes_every_value_it_is_not_told_is_markup():
    text = render("_blocks.md.j2", "briefs/x.md")  # macros only: renders nothing, but loads
    assert text.strip() == ""
    hostile = "<img src=x onerror=alert(1)> *em* [l](javascript:x) | # h {: onclick=x }"
    out = render(
        "pairs_index.md.j2",
        "pairs/index.md",
        rows=[
            type(
                "Row",
                (),
                {
                    "pair": Link(hostile, Target("pairs/chn-rus.md")),
                    "figures": hostile,
                    "briefs": 1,
                },
            )()
        ],
    )
    import markdown

    html = markdown.markdown(
        out, extensions=["tables", "attr_list", "md_in_html"]
    )  # as MkDocs converts it
    import re

    assert not re.search(r"<(img|em)\b|<[^>]*\bonclick=|href=\"javascript", html), html
    assert "&lt;img src=x onerror=alert(1)&gt; *em* [l](javascript:x) | # h {: onclick=x }" in html
    assert 'href="chn-rus.md"' in html  # link targets come from routes, relative to the page


def test_an_html_fragment_is_html_escaped_and_links_are_final_urls():
    from tradebriefs.render.views.checks import CheckRow

    row = CheckRow(
        "sum-x",
        '<b>"t"</b>',
        "holds",
        "1 + 2 = 3 & more",
        (Link("a<b", Target("data/chn-rus.md", "a")),),
    )
    out = render(
        "checks_pair.md.j2",
        "checks/chn-rus.md",
        links=type("L", (), {"checks": Target("checks/index.md")}),
        view=type(
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
        )(),
    )
    assert '<td id="sum-x">&lt;b&gt;&#34;t&#34;&lt;/b&gt;</td>' in out
    assert "1 + 2 = 3 &amp; more" in out
    assert '<a href="../../data/chn-rus/#a">a&lt;b</a>' in out


def test_a_brief_links_each_tag_page_once():
    from tradebriefs.render.views.brief import tag_links

    links = tag_links(["China", "china", "C++", "c#", "C++"])
    assert [(link.text, link.target.src) for link in links] == [
        ("China", "tags/china/index.md"),
        ("C++", "tags/c-plus-plus/index.md"),
        ("c#", "tags/c-sharp/index.md"),
    ]


def test_a_body_of_blank_lines_is_checked_in_linear_time(tmp_path):
    """The link-target pattern once matched `^\\s*` across line breaks: quadratic on runs of blank lines."""
    import shutil
    import time

    from tradebriefs.facts.pipeline import check_data

    data = tmp_path / "data"
    shutil.copytree(SEED, data)
    brief = next((data / "briefs").glob("*.yaml"))
    text = brief.read_text(encoding="utf-8")
    brief.write_text(
        text.replace("body: |\n", "body: |\n  Start.\n" + "\n" * 50_000 + "  End.\n", 1),
        encoding="utf-8",
    )
    started = time.perf_counter()
    _, findings = check_data(data)
    assert not [f for f in findings if f.severity == "error"], findings
    assert (
        time.perf_counter() - started < 10
    )  # a guard against the quadratic case (16 s at 59,000 lines), not a benchmark


def test_every_kind_of_check_has_a_heading_on_the_checks_pages():
    from tradebriefs.facts.checks import Rule
    from tradebriefs.facts.words import RULE_HEADINGS

    assert set(RULE_HEADINGS) == set(Rule)
