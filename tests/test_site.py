"""The whole site, built for real with `mkdocs build --strict`, read as a reader would read it."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest
import yaml

from conftest import run_cli

BRIEF = "briefs/2024-10-28-russia-china-trade-drivers/index.html"
pytestmark = pytest.mark.slow


def page_text(site: Path, page: str) -> str:
    """The page's visible text, tags removed and entities decoded, whitespace folded."""
    html = (site / page).read_text(encoding="utf-8")
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(
        r"</?(a|strong|em|span|code|abbr|sup|sub)\b[^>]*>", "", html
    )  # inline: no word break
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


SEED_FIGURES = [
    # (what the reader must see, exactly)
    "over $180 bn",
    "+2% on a year earlier, in dollar terms",
    "January–September 2024",
    "$240.11 bn",
    "+26.3%",
    "record",
    "about $110.97 bn",
    "+46.9%",
    "$129.14 bn",
    "+12.7%",
    "fourth largest after United States, Japan and South Korea",
]
SEED_QUOTES = [
    "For the first time in a long time, Russia has become a really important market for China and even one of the drivers of foreign trade",
    "We certainly welcome the intensified comprehensive cooperation between the regions of Russia and China, and we believe that trade and economics are a base for building strong bilateral ties",
    "We believe that industrial, technological, and infrastructure collaboration are viable areas of economic cooperation",
    "In the new conditions, those foreign companies that will consistently localize production, create stable operational chains, including technology transfer, will be able to strengthen their positions on a long-term basis",
]


@pytest.mark.parametrize("expected", SEED_FIGURES)
def test_brief_shows_every_seed_figure(built_site, expected):
    assert expected in page_text(built_site, BRIEF)


@pytest.mark.parametrize("quote", SEED_QUOTES)
def test_brief_shows_every_quote_with_attribution(built_site, quote):
    text = page_text(built_site, BRIEF)
    assert f"“{quote}”" in text
    after = text.split(quote, 1)[1][:200]
    assert (
        "Alexey Dakhnovsky, Russia's Trade Representative in China; Beijing, 28 October 2024; TASS"
        in after
    )


def test_brief_links_each_figure_to_its_data_row_and_source(built_site):
    html = (built_site / BRIEF).read_text(encoding="utf-8")
    for ident in (
        "ru-cn-turnover-2024-jan-sep",
        "cn-ru-turnover-2023",
        "cn-ru-exports-2023",
        "cn-ru-imports-2023",
    ):
        assert f'href="../../data/chn-rus/#{ident}"' in html
    assert 'href="https://tass.com/economy/1863483"' in html
    assert 'href="../../sources/#cn-customs-2023-via-tass"' in html
    data = (built_site / "data/chn-rus/index.html").read_text(encoding="utf-8")
    for ident in (
        "ru-cn-turnover-2024-jan-sep",
        "cn-ru-turnover-2023",
        "cn-ru-exports-2023",
        "cn-ru-imports-2023",
        "cn-partner-rank-rus-2023",
    ):
        assert f'id="{ident}"' in data


def test_data_page_keeps_the_printed_digits(built_site):
    text = page_text(built_site, "data/chn-rus/index.html")
    for printed in (
        "180 USD billion",
        "240.11 USD billion",
        "110.97 USD billion",
        "129.14 USD billion",
    ):
        assert printed in text


def test_home_lists_the_brief_with_its_headline_figure(built_site):
    text = page_text(built_site, "index.html")
    assert "Russia is now one of China's foreign trade drivers" in text
    assert "China–Russia trade turnover, 2023: $240.11 bn (+26.3%)" in text


def test_pair_page_has_every_figure_of_the_pair_and_its_charts(built_site):
    text = page_text(built_site, "pairs/chn-rus/index.html")
    for expected in ("over $180 bn", "$240.11 bn", "about $110.97 bn", "$129.14 bn"):
        assert expected in text
    assert 'src="../../charts/' in (built_site / "pairs/chn-rus/index.html").read_text(
        encoding="utf-8"
    )


def test_charts_are_svg_with_a_text_alternative_stating_the_figures(built_site):
    html = (built_site / BRIEF).read_text(encoding="utf-8")
    images = re.findall(r'<img alt="([^"]+)"[^>]*src="([^"]+\.svg)#only-(?:light|dark)"', html)
    assert len(images) == 4  # two charts, each in a light and a dark variant
    alts = {src.rsplit("/", 1)[-1]: unescape(alt) for alt, src in images}
    flows = next(a for name, a in alts.items() if "flows" in name)
    assert (
        "about $110.97 billion" in flows
        and "$129.14 billion" in flows
        and "−$18.17 billion" in flows
    )
    growth = next(a for name, a in alts.items() if "growth" in name)
    assert "+26.3%" in growth and "+46.9%" in growth and "+12.7%" in growth
    for _, src in images:
        svg = (built_site / "briefs/x" / src).resolve().read_text(encoding="utf-8")
        assert svg.startswith("<?xml") and "<svg" in svg
        assert "Source: China's General Administration of Customs, via TASS" in svg


def test_pages_mark_what_the_search_index_holds(built_site):
    """A brief, pair, data, checks and country page is indexed with its kind and filters; lists of briefs
    are not (they would crowd the briefs out of the results); Pagefind's index is in the site."""
    brief = (built_site / "briefs/2024-10-28-russia-china-trade-drivers/index.html").read_text(
        encoding="utf-8"
    )
    filters = set(re.findall(r'data-pagefind-filter="([^"]*)"', brief))
    assert {
        "kind:Brief",
        "country:China",
        "country:Russia",
        "pair:China–Russia",
        "year:2023",
        "year:2024",
        "flow:turnover",
        "flow:exports",
        "flow:imports",
    } <= filters, filters
    assert 'data-pagefind-weight="8.0"' in brief
    for path, kind in [
        ("pairs/chn-rus", "Pair profile"),
        ("data/chn-rus", "Data"),
        ("checks/chn-rus", "Checks"),
        ("countries/rus", "Country"),
        ("sources", "About the site"),
        ("about", "About the site"),
    ]:
        html = (built_site / path / "index.html").read_text(encoding="utf-8")
        assert f'data-pagefind-filter="kind:{kind}"' in html, path
    for path in ("", "briefs", "archive", "archive/2024", "tags", "countries", "404.html"):
        file = built_site / path if path.endswith(".html") else built_site / path / "index.html"
        assert "data-pagefind-body" not in file.read_text(encoding="utf-8"), path
    entry = json.loads((built_site / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    assert "en" in entry["languages"], entry
    assert not (built_site / "search/search_index.json").exists()


def test_pages_make_no_third_party_requests(built_site):
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html, page


def test_schemas_are_published_with_the_site(built_site):
    schema = json.loads((built_site / "schema/facts.schema.json").read_text(encoding="utf-8"))
    assert schema["$defs"]["figures"]["properties"]["value"]["type"] == "number"


HOSTILE = "<script>alert(1)</script> *bold* [x](javascript:alert(2)) | cell # not a heading"


def test_hostile_strings_in_data_are_shown_as_text(data_copy, tmp_path):
    brief = next((data_copy / "briefs").glob("*.yaml"))
    text = brief.read_text(encoding="utf-8")
    text = re.sub(r"^title: .*$", "title: " + json.dumps(HOSTILE), text, flags=re.M)
    brief.write_text(text, encoding="utf-8")
    facts = data_copy / "facts/china-russia.yaml"
    facts.write_text(
        facts.read_text(encoding="utf-8").replace(
            "      - record\n", f"      - {json.dumps(HOSTILE)}\n"
        ),
        encoding="utf-8",
    )
    out = tmp_path / "site"
    result = run_cli("build", "--data", str(data_copy), "--site", str(out))
    assert result.returncode == 0, result.stderr
    for page in (BRIEF, "index.html", "data/chn-rus/index.html", "briefs/index.html"):
        html = (out / page).read_text(encoding="utf-8")
        assert "<script>alert(1)" not in html
        assert "javascript:alert" not in html.replace(
            "javascript:alert(2)) | cell", ""
        )  # only as text
        assert 'href="javascript:' not in html
        assert "<em>bold</em>" not in html and "<strong>bold</strong>" not in html
        assert HOSTILE in page_text(out, page), page


def test_a_page_opens_by_its_url_path(built_site):
    """MkDocs with some click releases wrote wrong page URLs: the brief must sit at briefs/<slug>/."""
    assert (built_site / BRIEF).is_file()
    assert (built_site / "pairs/chn-rus/index.html").is_file()


def test_brief_shows_the_derived_balance_as_derived(built_site):
    text = page_text(built_site, BRIEF)
    assert (
        "China's trade balance with Russia, 2023 (derived) about −$18.17 bn 110.97 − 129.14 = −18.17"
        in text
    )
    assert "Derived from the key figures, not reported by a source" in text


def test_checks_page_shows_each_check_with_its_arithmetic(built_site):
    assert "3 checks: 2 holds, 1 not run." in page_text(built_site, "checks/index.html")
    text = page_text(built_site, "checks/chn-rus/index.html")
    assert "Turnover = exports + imports: China–Russia, 2023 holds 110.97 + 129.14 = 240.11" in text
    assert "implied turnover 190.03 to 190.19" in text
    assert "not run" in text  # the rank: no figures for the partners above, said so


def test_data_page_links_each_figure_to_the_checks_that_cover_it(built_site):
    html = (built_site / "data/chn-rus/index.html").read_text(encoding="utf-8")
    row = html.split('id="cn-ru-turnover-2023"', 1)[1].split("</tr>", 1)[0]
    assert 'href="../../checks/chn-rus/#sum-chn-rus-2023"' in row
    assert 'href="../../checks/chn-rus/#implied-chn-rus-2022"' in row
    assert 'id="derived-balance-chn-rus-2023"' in html


def _text_fields(model) -> list[str]:
    from tradebriefs.facts.models import data_fields

    return [
        f.name
        for f in data_fields(model)
        if f.metadata["kind"] in ("text",) and not f.metadata["choices"]
    ]


def test_markup_in_every_text_field_is_shown_as_text(data_copy, tmp_path):
    """Every free-text field of every kind of record gets HTML and Markdown; none of it becomes markup."""
    from tradebriefs.facts.models import FACT_SECTIONS, Brief

    hostile = '<img src=x onerror=alert(1)> "q" <b>b</b> **s** [l](javascript:alert(3)) `c` | # h'
    for file in (data_copy / "facts").glob("*.yaml"):
        doc = yaml.safe_load(file.read_text(encoding="utf-8"))
        for section, model in FACT_SECTIONS.items():
            for record in doc.get(section, []):
                for name in _text_fields(model):
                    if name in record:
                        record[name] = [hostile] if isinstance(record[name], list) else hostile
                    elif name in ("basis", "place"):
                        record[name] = hostile
        file.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    brief_file = next((data_copy / "briefs").glob("*.yaml"))
    brief = yaml.safe_load(brief_file.read_text(encoding="utf-8"))
    for name in _text_fields(Brief):
        brief[name] = [hostile] if isinstance(brief.get(name), list) else hostile
    brief_file.write_text(
        yaml.safe_dump(brief, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    out = tmp_path / "site"
    result = run_cli("build", "--data", str(data_copy), "--site", str(out))
    assert result.returncode == 0, result.stderr
    for page in out.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<img src=x" not in html and "<b>b</b>" not in html, page
        for tag in re.findall(
            r"<meta [^>]*>", html
        ):  # a quote in a value must not end an attribute
            assert re.fullmatch(r'<meta( [a-z:-]+="[^"]*")+ ?/?>', tag), (page, tag)
        assert 'href="javascript:' not in html and "<strong>s</strong>" not in html, page
    text = page_text(out, BRIEF)
    assert (
        text.count(" ".join(hostile.split())) >= 8
    )  # title, place, summary, quotes, notes, sources...


def test_a_new_pair_on_which_no_check_can_run_is_published(data_copy, tmp_path):
    """One turnover figure of a new pair passes `check`; its data page links its checks page, which says why
    it is empty (this build used to fail on that link)."""
    (data_copy / "facts" / "kazakhstan.yaml").write_text(
        """\
figures:
  - id: kz-cn-turnover-2023
    reporter: KAZ
    partner: CHN
    flow: turnover
    period: 2023
    value: 41.0
    unit: USD billion
    source: tass-2024-10-28-dakhnovsky
""",
        encoding="utf-8",
    )
    assert run_cli("check", "--data", str(data_copy)).returncode == 0
    out = tmp_path / "site"
    result = run_cli("build", "--data", str(data_copy), "--site", str(out))
    assert result.returncode == 0, result.stderr
    assert "No check could run on this pair's figures yet." in page_text(
        out, "checks/chn-kaz/index.html"
    )
    assert 'href="../../checks/chn-kaz/"' in (out / "data/chn-kaz/index.html").read_text(
        encoding="utf-8"
    )
