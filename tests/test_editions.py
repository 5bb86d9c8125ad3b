"""Editions: the site in English (root), Russian (/ru/) and Chinese (/zh/) from one set of facts
(handbook/editions.md, render/editions.py).

What is tested here: the numbers and dates of each edition in the house style (core/numbers.py's docstring,
the handbook's table), the editions mkdocs.yml may list, the checks on a brief's translations (the same
figures cited, one translation per language, none into English), the facts each edition shows, and one
build of the three editions from a copy of the seed fixture given a Russian and a Chinese translation.

The interface's words come from message catalogs that translators are still filling in, so no test here
reads a translated interface word: a test that needs one asks the catalog, or gives its own.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import posixpath
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from decimal import Decimal
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

from conftest import ALL_EDITIONS, EDITIONS, REPO, SEED, run_cli, seed_site_settings
from tradebriefs.core import i18n
from tradebriefs.core.errors import SettingError, errors_in
from tradebriefs.core.i18n import gettext, language, rendering_in
from tradebriefs.core.numbers import (
    QUALIFIED,
    format_amount,
    format_change,
    format_percent,
    format_qualified,
    scale_form,
)
from tradebriefs.core.periods import MonthDate, parse_period
from tradebriefs.facts.catalog import load_catalog
from tradebriefs.facts.pipeline import check_data
from tradebriefs.publish.build import load_mkdocs_config
from tradebriefs.publish.plugin import edition_alternates, edition_links, editions_of
from tradebriefs.render.editions import (
    ONE,
    Edition,
    edition_facts,
    editions_from,
    translated,
)
from tradebriefs.render.fieldref import field_reference
from tradebriefs.render.views.values import long_date

NBSP = "\xa0"  # CLDR's space in Russian amounts and dates: the number never wraps from its unit
NNBSP = "\u202f"  # CLDR's narrow no-break space before Russian 'г.'
MINUS = "\u2212"
SLUG = "2024-10-28-russia-china-trade-drivers"
BRIEF_FILE = f"briefs/{SLUG}.yaml"
SITE = "https://briefs.example.org/"
LANGS = ("en", "ru", "zh")
PREFIX = {"en": "", "ru": "ru/", "zh": "zh/"}


def plain(text: str) -> str:
    """A form with CLDR's no-break spaces written as spaces, as the handbook prints it."""
    return text.replace(NBSP, " ").replace(NNBSP, " ")


# --- Numbers, dates and periods in each edition's language -------------------------------------------------


@pytest.mark.parametrize(
    "lang, value, unit, expected",
    [
        # The handbook's example, in the three editions.
        ("en", "240.11", "USD billion", "$240.11 bn"),
        ("ru", "240.11", "USD billion", f"240,11{NBSP}млрд{NBSP}$"),
        ("zh", "240.11", "USD billion", "2401.1亿美元"),
        # The source's decimals are kept, trailing zero included.
        ("en", "1234.50", "USD billion", "$1,234.50 bn"),
        ("ru", "1234.50", "USD billion", f"1{NBSP}234,50{NBSP}млрд{NBSP}$"),
        ("zh", "1234.50", "USD billion", "12345.0亿美元"),  # no thousands separator in 亿
        # A negative amount: the typographic minus first.
        ("en", "-18.17", "USD billion", f"{MINUS}$18.17 bn"),
        ("ru", "-18.17", "USD billion", f"{MINUS}18,17{NBSP}млрд{NBSP}$"),
        ("zh", "-18.17", "USD billion", f"{MINUS}181.7亿美元"),
        # A whole number of billions: the point moves past its last digit.
        ("zh", "180", "USD billion", "1800亿美元"),
        # Other scales: millions in 万, trillions in 万亿 (Chinese), CLDR's words (Russian).
        ("ru", "12.5", "USD million", f"12,5{NBSP}млн{NBSP}$"),
        ("zh", "12.5", "USD million", "1250万美元"),
        ("ru", "1.5", "USD trillion", f"1,5{NBSP}трлн{NBSP}$"),
        ("zh", "1.5", "USD trillion", "1.5万亿美元"),
        # Other currencies: CLDR's symbol (Russian), the currency's name after the number (Chinese).
        ("ru", "12.5", "RUB billion", f"12,5{NBSP}млрд{NBSP}₽"),
        ("zh", "12.5", "CNY billion", "125亿人民币"),
        # A share is a percentage in every edition.
        ("en", "30.7", "percent", "30.7%"),
        ("ru", "30.7", "percent", "30,7%"),
        ("zh", "30.7", "percent", "30.7%"),
    ],
)
def test_an_amount_in_each_edition(lang, value, unit, expected):
    with rendering_in(lang):
        assert format_amount(Decimal(value), unit) == expected
    # The same with the language given, whatever the edition being rendered.
    assert format_amount(Decimal(value), unit, locale=lang) == expected


@pytest.mark.parametrize(
    "lang, change, expected",
    [
        ("en", "26.3", "+26.3%"),
        ("ru", "26.3", "+26,3%"),  # house style: no space before %, unlike CLDR's "26,3 %"
        ("zh", "26.3", "+26.3%"),
        ("en", "-3.5", f"{MINUS}3.5%"),
        ("ru", "-3.5", f"{MINUS}3,5%"),
        ("zh", "-3.5", f"{MINUS}3.5%"),
        ("ru", "0", "0%"),
        ("ru", "46.90", "+46,90%"),  # the source's decimals
    ],
)
def test_a_change_in_each_edition(lang, change, expected):
    with rendering_in(lang):
        assert format_change(Decimal(change)) == expected


@pytest.mark.parametrize("lang", LANGS)
def test_a_percentage_has_no_space_before_its_sign(lang):
    with rendering_in(lang):
        text = format_percent(Decimal("26.3"))
    assert text.endswith("%") and not re.search(r"\s%", text), text


def test_a_russian_amount_does_not_break_between_number_and_unit():
    """Every space in a Russian amount is a no-break space: '240,11 млрд $' never wraps after '240,11'."""
    for value, unit in [("240.11", "USD billion"), ("1234567.5", "USD million")]:
        text = format_amount(Decimal(value), unit, locale="ru")
        assert not re.search(r"[ \t\n]", text), repr(text)


def test_the_handbook_table_is_what_the_code_prints():
    """handbook/editions.md's 'House style for numbers' table, cell by cell (its spaces are CLDR's no-break
    spaces in the output)."""
    rows = {}
    for line in (REPO / "handbook" / "editions.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0] in ("240.11 billion dollars", "a change", "a date"):
            rows[cells[0]] = dict(zip(LANGS, cells[1:], strict=True))
    assert set(rows) == {"240.11 billion dollars", "a change", "a date"}, "the table moved"
    for lang in LANGS:
        with rendering_in(lang):
            printed = {
                "240.11 billion dollars": format_amount(Decimal("240.11"), "USD billion"),
                "a change": format_change(Decimal("26.3")),
                "a date": long_date(dt.date(2024, 10, 28)),
            }
        for row, text in printed.items():
            assert plain(text) == rows[row][lang], (row, lang)


@pytest.mark.parametrize(
    "value, unit, expected",
    [
        ("123456.789", "USD billion", "1234567.89亿美元"),
        # At most 15 digits, 6 after the point (facts/models.py: MAX_DIGITS, MAX_DECIMALS): all kept.
        ("123456789.123456", "USD billion", "1234567891.23456亿美元"),
        ("123456789.123456", "USD million", "12345678912.3456万美元"),
        ("123456789.123456", "USD trillion", "123456789.123456万亿美元"),
        ("0.000001", "USD billion", "0.00001亿美元"),
        ("999999999999999", "USD billion", "9999999999999990亿美元"),
    ],
)
def test_the_chinese_scale_moves_the_decimal_point_exactly(value, unit, expected):
    """Every digit the source printed is kept, the point moved by the scale's power of ten (Decimal.scaleb),
    never rounded through a float."""
    text = format_amount(Decimal(value), unit, locale="zh")
    assert text == expected
    shift, word = scale_form(unit.split(" ", 1)[1], "zh")
    number = Decimal(text.removesuffix("美元").removesuffix(word))
    assert number == Decimal(value).scaleb(shift)  # exactly, digit for digit
    assert number.normalize().as_tuple().digits == Decimal(value).normalize().as_tuple().digits


@pytest.mark.parametrize(
    "qualifier, value, unit, en",
    [
        ("over", "180", "USD billion", "over $180 bn"),
        ("about", "110.97", "USD billion", "about $110.97 bn"),
        ("about", "30.7", "percent", "about 30.7%"),
        ("under", "5", "USD billion", "under $5 bn"),
        ("exact", "240.11", "USD billion", "$240.11 bn"),
    ],
)
def test_a_qualified_amount_is_the_catalogs_phrase_around_the_editions_amount(
    qualifier, value, unit, en
):
    with rendering_in("en"):
        assert format_qualified(Decimal(value), unit, qualifier) == en
    for lang in ("ru", "zh"):
        with rendering_in(lang):
            amount = format_amount(Decimal(value), unit)
            text = format_qualified(Decimal(value), unit, qualifier)
            if qualifier == "exact":
                assert text == amount  # no word at all
            else:
                assert text == gettext(QUALIFIED[qualifier]).format(amount=amount)
                assert amount in text


@pytest.mark.parametrize(
    "lang, qualifier, value, expected",
    [
        ("ru", "over", "180", f"более 180{NBSP}млрд{NBSP}$"),
        ("ru", "about", "110.97", f"около 110,97{NBSP}млрд{NBSP}$"),
        ("zh", "over", "180", "超过1800亿美元"),  # no space in Chinese
        ("zh", "about", "110.97", "约1109.7亿美元"),
    ],
)
def test_a_qualified_amount_with_a_given_catalog(monkeypatch, lang, qualifier, value, expected):
    """With the catalog's phrases fixed here (the real catalogs are still being written): the amount takes
    the place of {amount} as it is, with no space added or lost."""
    phrases = {
        "ru": {"over {amount}": "более {amount}", "about {amount}": "около {amount}"},
        "zh": {"over {amount}": "超过{amount}", "about {amount}": "约{amount}"},
    }
    monkeypatch.setattr(i18n, "messages", lambda wanted: phrases.get(wanted, {}))
    with rendering_in(lang):
        assert format_qualified(Decimal(value), "USD billion", qualifier) == expected


@pytest.mark.parametrize(
    "lang, date, expected",
    [
        ("en", dt.date(2024, 10, 28), "28 October 2024"),
        ("ru", dt.date(2024, 10, 28), f"28 октября 2024{NNBSP}г."),
        ("zh", dt.date(2024, 10, 28), "2024年10月28日"),
        # A date the source gives to the month only.
        ("en", MonthDate(2023, 12, 1), "December 2023"),
        ("ru", MonthDate(2023, 12, 1), f"декабрь 2023{NNBSP}г."),
        ("zh", MonthDate(2023, 12, 1), "2023年12月"),
    ],
)
def test_a_long_date_in_each_edition(lang, date, expected):
    with rendering_in(lang):
        assert long_date(date) == expected


@pytest.mark.parametrize(
    "text, en, ru, zh",
    [
        ("2023", "2023", "2023", "2023年"),
        ("2024-Q3", "Q3 2024", f"3-й квартал 2024{NNBSP}г.", "2024年第3季度"),
        ("2024-09", "September 2024", f"сентябрь 2024{NNBSP}г.", "2024年9月"),
        (
            "2024-01/2024-09",
            "January–September 2024",
            f"январь{NBSP}— сентябрь 2024{NNBSP}г.",
            "2024年1月 – 9月",
        ),
    ],
)
def test_a_period_in_each_edition(text, en, ru, zh):
    period = parse_period(text)
    for lang, expected in (("en", en), ("ru", ru), ("zh", zh)):
        with rendering_in(lang):
            assert period.label() == expected


def test_cached_forms_are_kept_per_language():
    """The formatters cache by text; the language is part of the key, so one edition never gets another's."""
    date, value = dt.date(2024, 10, 28), Decimal("240.11")
    seen = []
    for lang in ("en", "ru", "zh", "en", "zh", "ru"):
        with rendering_in(lang):
            seen.append((lang, long_date(date), format_amount(value, "USD billion")))
    assert seen[0] == seen[3] and seen[1] == seen[5] and seen[2] == seen[4]
    assert len({s[1:] for s in seen}) == 3


def test_rendering_in_gives_the_language_back_even_after_an_error():
    assert language() == "en"
    with pytest.raises(RuntimeError):
        with rendering_in("ru"):
            with rendering_in("zh"):
                assert language() == "zh"
            assert language() == "ru"
            raise RuntimeError
    assert language() == "en"


# --- The editions mkdocs.yml lists -------------------------------------------------------------------------


def test_the_first_edition_is_the_root_and_each_other_a_folder():
    editions = editions_from(["en", "ru", "zh"])
    assert editions.all == (Edition("en", ""), Edition("ru", "ru/"), Edition("zh", "zh/"))
    assert editions.default == Edition("en", "")
    assert editions.many and editions.untranslated == "original"
    assert editions.of("zh").prefix == "zh/"
    with pytest.raises(KeyError):
        editions.of("fr")
    assert [e.name for e in editions.all] == ["English", "Русский", "中文"]


def test_any_listed_language_may_be_the_root():
    editions = editions_from(["ru", "en"], "omit")
    assert editions.all == (Edition("ru", ""), Edition("en", "en/"))
    assert editions.untranslated == "omit"


@pytest.mark.parametrize("langs", [None, []])
def test_no_editions_is_english_alone(langs):
    editions = editions_from(langs)
    assert editions == ONE and not editions.many


def test_the_projects_mkdocs_yml_lists_english_russian_and_chinese(monkeypatch):
    monkeypatch.setenv("TRADEBRIEFS_EDITIONS", "")
    editions = editions_of(load_mkdocs_config(REPO / "mkdocs.yml"))
    assert [(e.lang, e.prefix) for e in editions.all] == [("en", ""), ("ru", "ru/"), ("zh", "zh/")]
    assert editions.untranslated in ("original", "omit")


def test_tradebriefs_editions_builds_some_editions_in_their_folders(monkeypatch):
    """$TRADEBRIEFS_EDITIONS (the tests', a quick look's): those editions alone, each where it always is."""
    config = load_mkdocs_config(REPO / "mkdocs.yml")
    monkeypatch.setenv("TRADEBRIEFS_EDITIONS", "zh")
    assert [(e.lang, e.prefix) for e in editions_of(config).all] == [("zh", "zh/")]
    monkeypatch.setenv("TRADEBRIEFS_EDITIONS", "en,ru")
    assert [e.lang for e in editions_of(config).all] == ["en", "ru"]
    monkeypatch.setenv("TRADEBRIEFS_EDITIONS", "fr")
    with pytest.raises(PluginError, match="TRADEBRIEFS_EDITIONS: no edition in fr"):
        editions_of(config)


@pytest.mark.parametrize(
    "langs, untranslated, message",
    [
        (
            ["en", "xx"],
            "original",
            r"editions: no catalog for 'xx' \(scripts/tradebriefs/locale/xx/",
        ),
        (["en", "ru", "ru"], "original", r"editions: a language is listed twice"),
        (["en", "ru", "en"], "original", r"editions: a language is listed twice"),
        (["en", "ru"], "hide", r"untranslated: expected one of original, omit, got 'hide'"),
        (["en", "ru"], "", r"untranslated: expected one of original, omit, got ''"),
    ],
)
def test_a_bad_editions_setting_is_refused(langs, untranslated, message):
    with pytest.raises(SettingError, match=message):
        editions_from(langs, untranslated)


def page_at(url: str, src_uri: str, generated: bool = True) -> SimpleNamespace:
    """What edition_links reads of a MkDocs page."""
    return SimpleNamespace(
        url=url,
        file=SimpleNamespace(src_uri=src_uri, generated_by="tradebriefs" if generated else None),
    )


def test_the_switcher_links_the_same_page_or_else_the_editions_home():
    editions = editions_from(["en", "ru", "zh"])
    ru = editions.of("ru")
    brief = page_at(f"briefs/{SLUG}/", f"briefs/{SLUG}.md")
    pages = {"en": {f"briefs/{SLUG}.md"}, "ru": {f"briefs/{SLUG}.md"}, "zh": set()}  # zh: omitted
    links = edition_links(editions, ru, pages)(brief)
    assert [(k.lang, k.current, k.same_page) for k in links] == [
        ("en", False, True),
        ("ru", True, True),
        ("zh", False, False),
    ]
    here = f"/ru/briefs/{SLUG}/"
    resolved = [posixpath.normpath(posixpath.join(here, k.href)) for k in links]
    assert resolved == [f"/briefs/{SLUG}", f"/ru/briefs/{SLUG}", "/zh"]
    # A hand-written page is in every edition; the home page links each edition's home.
    about = edition_links(editions, editions.of("zh"), pages)(page_at("about/", "about.md", False))
    assert [k.href for k in about] == ["../../about/", "../../ru/about/", "../../zh/about/"]
    home = edition_links(editions, editions.default, pages)(page_at("", "index.md", False))
    assert [k.href for k in home] == ["./", "./ru/", "./zh/"]


def test_the_sitemaps_alternates_are_the_editions_that_have_the_page():
    editions = editions_from(["en", "ru", "zh"])
    ru = editions.of("ru")
    brief = page_at(f"briefs/{SLUG}/", f"briefs/{SLUG}.md")
    pages = {"en": {f"briefs/{SLUG}.md"}, "ru": {f"briefs/{SLUG}.md"}, "zh": set()}
    alternates = edition_alternates(editions, ru, pages, SITE + "ru/")(brief)
    assert alternates == [("en", f"{SITE}briefs/{SLUG}/"), ("ru", f"{SITE}ru/briefs/{SLUG}/")]
    assert edition_alternates(editions, ru, pages, None)(brief) == []  # no address, no alternates
    assert edition_alternates(ONE, ONE.default, None, SITE)(brief) == []  # one edition


# --- The checks on a brief's translations --------------------------------------------------------------------

RU_BODY = """\
Товарооборот двух стран в январе–сентябре 2024 года составил {{ru-cn-turnover-2024-jan-sep}},
изменившись на {{ru-cn-turnover-2024-jan-sep.change}} за год.

## Рекордный 2023 год

Торговля Китая с Россией достигла в 2023 году {{cn-ru-turnover-2023}}, изменившись на
{{cn-ru-turnover-2023.change}}. Экспорт вырос на {{cn-ru-exports-2023.change}} до
{{cn-ru-exports-2023}}, импорт вырос на {{cn-ru-imports-2023.change}} до {{cn-ru-imports-2023}}.
Россия заняла {{cn-partner-rank-rus-2023}} место среди партнёров Китая.
"""
ZH_BODY = """\
2024年1月至9月两国贸易额达到{{ru-cn-turnover-2024-jan-sep}}，同比变化{{ru-cn-turnover-2024-jan-sep.change}}。

## 创纪录的2023年

2023年中国与俄罗斯的贸易额达到{{cn-ru-turnover-2023}}，变化{{cn-ru-turnover-2023.change}}。出口增长{{cn-ru-exports-2023.change}}，达到{{cn-ru-exports-2023}}；进口增长{{cn-ru-imports-2023.change}}，达到{{cn-ru-imports-2023}}。俄罗斯位列中国贸易伙伴{{cn-partner-rank-rus-2023}}位。
"""
TITLES = {
    "ru": ("Россия стала одним из драйверов внешней торговли Китая", "Пекин"),
    "zh": ("俄罗斯已成为中国对外贸易的驱动力之一", "北京"),
    "en": ("Russia is one of China's trade drivers", "Beijing"),
}
SUMMARIES = {
    "ru": "Товарооборот России и Китая продолжил расти после рекордного 2023 года.",
    "zh": "继2023年创下纪录之后，俄中贸易继续增长。",
    "en": "Trade kept growing.",
}


def translation(lang: str, body: str) -> str:
    """One entry of a brief's `translations:`, as an editor writes it."""
    title, place = TITLES[lang]
    lines = "".join(f"      {line}\n" if line else "\n" for line in body.splitlines())
    return (
        f"  - lang: {lang}\n    title: {title}\n    place: {place}\n"
        f"    summary: {SUMMARIES[lang]}\n    body: |\n{lines}"
    )


def add_translations(data: Path, *entries: str) -> Path:
    """The seed brief in `data` given these translations; returns its file."""
    path = without_translations(data)
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "translations:\n" + "".join(entries), encoding="utf-8")
    return path


def without_translations(data: Path) -> Path:
    """The seed brief in `data` with its own translations (the brief's last key) taken out; returns its file."""
    path = data / BRIEF_FILE
    text = path.read_text(encoding="utf-8")
    head, _, _ = text.partition("\ntranslations:\n")
    assert "translations:" not in head
    path.write_text(head.rstrip("\n") + "\n", encoding="utf-8")
    return path


def places(path: Path, key: str) -> list[tuple[int, int]]:
    """(line, column) of the value of each `key:` under the brief's `translations:`, in order."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index("translations:")
    found = []
    for number, line in enumerate(lines[start:], start + 1):
        if line.lstrip(" -").startswith(f"{key}:"):
            found.append((number, line.index(":") + 3))
    return found


def checked_findings(tmp_path: Path, monkeypatch) -> list[str]:
    """The loader's findings for tmp_path/data, as `tradebriefs check` prints them (paths as data/...)."""
    monkeypatch.chdir(tmp_path)
    _, findings = load_catalog(Path("data"))
    return [str(f) for f in findings]


def test_a_faithful_translation_passes(data_copy, monkeypatch):
    add_translations(data_copy, translation("ru", RU_BODY), translation("zh", ZH_BODY))
    assert checked_findings(data_copy.parent, monkeypatch) == []


def test_a_translation_that_drops_a_figure_is_an_error_at_its_body(data_copy, monkeypatch):
    dropped = ZH_BODY.replace(
        "；进口增长{{cn-ru-imports-2023.change}}，达到{{cn-ru-imports-2023}}", ""
    )
    brief = add_translations(data_copy, translation("ru", RU_BODY), translation("zh", dropped))
    line, col = places(brief, "body")[1]
    assert checked_findings(data_copy.parent, monkeypatch) == [
        f"data/{BRIEF_FILE}:{line}:{col}: error: body (zh): cites fewer times than the original: "
        "{{cn-ru-imports-2023.change}}, {{cn-ru-imports-2023}}; a translation cites every figure the "
        "original does"
    ]


def test_a_translation_that_adds_a_figure_is_an_error_at_its_body(data_copy, monkeypatch):
    added = RU_BODY + "\nСнова: {{cn-ru-exports-2023}}.\n"
    brief = add_translations(data_copy, translation("ru", added))
    line, col = places(brief, "body")[0]
    assert checked_findings(data_copy.parent, monkeypatch) == [
        f"data/{BRIEF_FILE}:{line}:{col}: error: body (ru): cites more times than the original: "
        "{{cn-ru-exports-2023}}; a translation cites only the figures the original does"
    ]


def test_a_translations_unknown_citation_is_an_error_where_it_stands(data_copy, monkeypatch):
    """A typo in a translation's body is placed at the citation itself, in the translation."""
    typo = RU_BODY.replace("{{cn-ru-turnover-2023}}", "{{cn-ru-turnover-2032}}")
    brief = add_translations(data_copy, translation("ru", typo))
    body_line, body_col = places(brief, "body")[0]
    lines = brief.read_text(encoding="utf-8").splitlines()
    line = next(n for n, t in enumerate(lines, 1) if "{{cn-ru-turnover-2032}}" in t)
    col = lines[line - 1].index("{{cn-ru-turnover-2032}}") + 1
    found = checked_findings(data_copy.parent, monkeypatch)
    here = f"data/{BRIEF_FILE}:{line}:{col}: error: body: cites unknown figure or rank 'cn-ru-turnover-2032'"
    at_citation = [f for f in found if f.startswith(here)]
    assert len(at_citation) == 1, found
    assert sorted(found) == sorted(
        [
            *at_citation,
            f"data/{BRIEF_FILE}:{body_line}:{body_col}: error: body (ru): cites fewer times than the "
            "original: {{cn-ru-turnover-2023}}; a translation cites every figure the original does",
            f"data/{BRIEF_FILE}:{body_line}:{body_col}: error: body (ru): cites more times than the "
            "original: {{cn-ru-turnover-2032}}; a translation cites only the figures the original does",
        ]
    )


def test_a_language_translated_twice_is_an_error_at_the_second(data_copy, monkeypatch):
    brief = add_translations(
        data_copy,
        translation("ru", RU_BODY),
        translation("zh", ZH_BODY),
        translation("ru", RU_BODY),
    )
    first, _, second = places(brief, "lang")
    assert checked_findings(data_copy.parent, monkeypatch) == [
        f"data/{BRIEF_FILE}:{second[0]}:{second[1]}: error: lang: a second translation into 'ru' "
        f"(the first at data/{BRIEF_FILE}:{first[0]}:{first[1]})"
    ]


def test_a_translation_into_english_is_an_error_at_its_lang(data_copy, monkeypatch):
    english = RU_BODY.replace("Товарооборот", "Trade")  # the same citations
    brief = add_translations(data_copy, translation("en", english))
    line, col = places(brief, "lang")[0]
    assert checked_findings(data_copy.parent, monkeypatch) == [
        f"data/{BRIEF_FILE}:{line}:{col}: error: lang: the brief is written in 'en'"
    ]


def test_tradebriefs_check_prints_a_translations_errors_with_their_place(data_copy):
    """The command an editor runs: one line per error, `path:line:col: error: message`, and exit status 1."""
    dropped = RU_BODY.replace(
        "Россия заняла {{cn-partner-rank-rus-2023}} место среди партнёров Китая.", ""
    )
    added = ZH_BODY + "\n{{cn-ru-turnover-2023}}\n"
    brief = add_translations(data_copy, translation("ru", dropped), translation("zh", added))
    (ru_line, ru_col), (zh_line, zh_col) = places(brief, "body")
    result = run_cli("check", "--data", "data", cwd=data_copy.parent)
    assert "Traceback" not in result.stderr
    assert [line for line in result.stderr.splitlines() if ": error: " in line] == [
        f"data/{BRIEF_FILE}:{ru_line}:{ru_col}: error: body (ru): cites fewer times than the original: "
        "{{cn-partner-rank-rus-2023}}; a translation cites every figure the original does",
        f"data/{BRIEF_FILE}:{zh_line}:{zh_col}: error: body (zh): cites more times than the original: "
        "{{cn-ru-turnover-2023}}; a translation cites only the figures the original does",
    ]
    assert result.returncode == 1


def typed_by_hand(data: Path, tmp_path: Path, monkeypatch, lang: str, body: str) -> list[str]:
    add_translations(data, translation(lang, body))
    return [
        f
        for f in checked_findings(tmp_path, monkeypatch)
        if "is typed by hand" in f and " warning: " in f
    ]


def test_a_number_typed_by_hand_in_a_russian_translation_is_a_warning(data_copy, monkeypatch):
    body = RU_BODY.replace("Россия заняла", "Это 240,11 млрд $. Россия заняла")
    assert typed_by_hand(data_copy, data_copy.parent, monkeypatch, "ru", body)


def test_a_number_typed_by_hand_in_a_chinese_translation_is_a_warning(data_copy, monkeypatch):
    body = ZH_BODY.replace("俄罗斯位列", "贸易额达到2401.1亿美元。俄罗斯位列")
    assert typed_by_hand(data_copy, data_copy.parent, monkeypatch, "zh", body)


# --- The facts each edition shows ---------------------------------------------------------------------------


@pytest.fixture
def ru_only(data_copy):
    """The seed's facts, checked, with the brief translated into Russian only."""
    add_translations(data_copy, translation("ru", RU_BODY))
    checked, findings = check_data(data_copy)
    assert not errors_in(findings), findings
    return checked


def test_the_first_editions_facts_are_the_checked_facts(ru_only):
    assert edition_facts(ru_only, "en", "omit") is ru_only
    assert edition_facts(ru_only, "en", "original") is ru_only


def test_a_translated_brief_takes_its_translations_words_and_keeps_its_figures(ru_only):
    original = ru_only.catalog.briefs[SLUG]
    for untranslated in ("original", "omit"):
        shown = edition_facts(ru_only, "ru", untranslated).catalog.briefs[SLUG]
        assert (shown.title, shown.place, shown.summary, shown.text_lang) == (
            TITLES["ru"][0],
            TITLES["ru"][1],
            SUMMARIES["ru"],
            "ru",
        )
        assert shown.body == RU_BODY
        assert (shown.figures, shown.ranks, shown.quotes, shown.charts, shown.date, shown.pair) == (
            original.figures,
            original.ranks,
            original.quotes,
            original.charts,
            original.date,
            original.pair,
        )
    # The checked facts themselves are left as they were.
    assert ru_only.catalog.briefs[SLUG] is original and original.text_lang == "en"
    assert original.title.startswith("Russia is now one of China's foreign trade drivers")


def test_an_untranslated_brief_is_left_out_with_omit(ru_only):
    facts = edition_facts(ru_only, "zh", "omit")
    assert SLUG not in facts.catalog.briefs
    # Only the briefs change: figures, ranks, quotes and checks are every edition's.
    assert facts.catalog.figures == ru_only.catalog.figures
    assert facts.catalog.quotes == ru_only.catalog.quotes
    assert facts.checks == ru_only.checks and facts.derived == ru_only.derived
    assert SLUG in ru_only.catalog.briefs


def test_an_untranslated_brief_is_shown_in_its_own_language_with_original(ru_only):
    facts = edition_facts(ru_only, "zh", "original")
    shown = facts.catalog.briefs[SLUG]
    assert shown == ru_only.catalog.briefs[SLUG]
    assert shown.text_lang == "en" and shown.title.startswith("Russia is now")


def test_translated_gives_the_brief_in_a_language_it_has(ru_only):
    brief = ru_only.catalog.briefs[SLUG]
    assert translated(brief, "en") is brief
    assert translated(brief, "zh") is None
    ru = translated(brief, "ru")
    assert ru.text_lang == "ru" and translated(ru, "ru") is ru


# --- Each edition rendered as the build reaches it ---------------------------------------------------------

BRIEF_PAGE = f"briefs/{SLUG}.md"


@pytest.fixture
def rendered_langs(monkeypatch):
    """render_site without charts, each call's language recorded in the list returned."""
    from tradebriefs.render import site as site_module

    real, langs = site_module.render_site, []

    def render_site(facts, site, **kwargs):
        langs.append(language())
        return real(facts, site, draw=lambda plans: {}, **kwargs)

    monkeypatch.setattr(site_module, "render_site", render_site)
    return langs


def edition_sites() -> dict:
    from tradebriefs.publish.plugin import edition_site

    settings = seed_site_settings()
    return {e.lang: edition_site(settings, e) for e in editions_from(["en", "ru", "zh"]).all}


def test_later_editions_are_rendered_when_the_build_reaches_them(data_copy, rendered_langs):
    from tradebriefs.core.context import BuildContext
    from tradebriefs.render.site import page_set, render_editions

    add_translations(data_copy, translation("ru", RU_BODY))
    rendered, _ = render_editions(data_copy, BuildContext(), edition_sites())
    assert rendered_langs == ["en"]  # the first, for the pages every edition has
    trees = []
    for lang, tree in rendered.trees:
        assert rendered_langs[-1] == lang  # rendered just now, after the one before was taken
        trees.append((lang, page_set(tree)))
    assert [lang for lang, _ in trees] == ["en", "ru", "zh"]
    # Every brief is in every edition (untranslated: original): the pages said up front are each one's.
    assert all(pages == rendered.pages[lang] for lang, pages in trees)
    assert BRIEF_PAGE in rendered.pages["zh"]


def test_an_edition_that_leaves_a_brief_out_has_its_own_pages(data_copy, rendered_langs):
    from tradebriefs.core.context import BuildContext
    from tradebriefs.render.site import page_set, render_editions

    add_translations(data_copy, translation("ru", RU_BODY))
    rendered, _ = render_editions(data_copy, BuildContext(), edition_sites(), untranslated="omit")
    assert rendered_langs == ["en", "ru", "zh"]  # the pages differ: each known once it is rendered
    trees = dict(rendered.trees)
    assert {lang: page_set(tree) for lang, tree in trees.items()} == rendered.pages
    assert BRIEF_PAGE in rendered.pages["ru"] and BRIEF_PAGE not in rendered.pages["zh"]


def test_a_later_edition_with_other_pages_than_said_stops_the_build(
    data_copy, rendered_langs, monkeypatch
):
    from tradebriefs.core.context import BuildContext
    from tradebriefs.render import site as site_module

    patched = site_module.render_site

    def one_page_more(facts, site, **kwargs):
        tree = patched(facts, site, **kwargs)
        return {**tree, "briefs/only-in-russian.md": "x"} if site.language == "ru" else tree

    monkeypatch.setattr(site_module, "render_site", one_page_more)
    rendered, _ = site_module.render_editions(data_copy, BuildContext(), edition_sites())
    assert next(rendered.trees)[0] == "en"
    with pytest.raises(RuntimeError, match="the ru edition's pages differ from the en edition's"):
        next(rendered.trees)


# --- One build of the three editions ------------------------------------------------------------------------

QUOTE_ANCHOR = (
    "    text: For the first time in a long time, Russia has become a really important market for China "
    "and even one of the drivers of foreign trade\n    date: 2024-10-28\n    place: Beijing\n"
    "    source: tass-2024-10-28-dakhnovsky\n"
)
QUOTE_WORDS = {
    "en": "For the first time in a long time, Russia has become a really important market for China",
    "ru": "Впервые за долгое время Россия стала действительно важным рынком для Китая",
    "zh": "长期以来第一次，俄罗斯成为中国真正重要的市场",
}
QUOTE_TRANSLATIONS = """\
    translations:
      - lang: ru
        speaker: Алексей Дахновский
        role: торговый представитель России в Китае
        text: Впервые за долгое время Россия стала действительно важным рынком для Китая
      - lang: zh
        speaker: 阿列克谢·达赫诺夫斯基
        role: 俄罗斯驻华商务代表
        text: 长期以来第一次，俄罗斯成为中国真正重要的市场
"""


@pytest.fixture(scope="module")
def editions_site(tmp_path_factory) -> Path:
    """`tradebriefs build` (every edition) of a copy of the seed fixture whose brief has a Russian and a
    Chinese translation and whose first quote has both too, published at SITE."""
    data = tmp_path_factory.mktemp("editions") / "data"
    shutil.copytree(SEED, data)
    add_translations(data, translation("ru", RU_BODY), translation("zh", ZH_BODY))
    facts = data / "facts" / "china-russia.yaml"
    text = facts.read_text(encoding="utf-8")
    assert text.count(QUOTE_ANCHOR) == 1
    if not text.split(QUOTE_ANCHOR, 1)[1].startswith(
        "    translations:"
    ):  # the fixture's own, else these
        facts.write_text(
            text.replace(QUOTE_ANCHOR, QUOTE_ANCHOR + QUOTE_TRANSLATIONS), encoding="utf-8"
        )
    out = data.parent / "site"
    result = run_cli(
        "build", "--data", str(data), "--site", str(out), env={"SITE_URL": SITE, **ALL_EDITIONS}
    )
    assert result.returncode == 0, result.stderr
    return out


class Tags(HTMLParser):
    """Every start tag of a page with its attributes, and the text of its <h1>."""

    def __init__(self, text: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.h1, self._in_h1 = "", False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "h1":
            self._in_h1 = True
        elif tag == "a" and self._in_h1:
            self._in_h1 = False  # the heading's permalink

    def handle_endtag(self, tag):
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data):
        if self._in_h1:
            self.h1 += data

    def html_lang(self) -> str | None:
        return next((a.get("lang") for t, a in self.tags if t == "html"), None)

    def edition_links(self) -> list[dict]:
        return [a for t, a in self.tags if t == "a" and "tb-edition" in a.get("class", "").split()]


def shown_text(page: Path) -> str:
    """A page's text as a reader sees it: no tags, entities read, runs of ordinary white space as one space
    (no-break spaces kept)."""
    text = re.sub(
        r"<(script|style)\b.*?</\1>", "", page.read_text(encoding="utf-8"), flags=re.DOTALL
    )
    text = unescape(re.sub(r"<[^>]+>", "", text))
    return re.sub(r"[ \t\r\n]+", " ", text)


def brief_page(site: Path, lang: str) -> Path:
    return site / PREFIX[lang] / "briefs" / SLUG / "index.html"


def edition_pages(site: Path, lang: str) -> list[Path]:
    folder = site / PREFIX[lang]
    others = tuple(p for p in PREFIX.values() if p and p != PREFIX[lang])
    return [
        p
        for p in folder.rglob("*.html")
        if not (lang == "en" and p.relative_to(site).as_posix().startswith(others))
    ]


@pytest.mark.slow
def test_every_page_of_an_edition_is_in_its_language(editions_site):
    counts = {}
    for lang in LANGS:
        assert brief_page(editions_site, lang).is_file()
        assert (editions_site / PREFIX[lang] / "index.html").is_file()
        pages = edition_pages(editions_site, lang)
        wrong = [
            (
                p.relative_to(editions_site).as_posix(),
                Tags(p.read_text(encoding="utf-8")).html_lang(),
            )
            for p in pages
            if Tags(p.read_text(encoding="utf-8")).html_lang() != lang
        ]
        assert wrong == [], lang
        counts[lang] = len(pages)
    # With `untranslated: original` every edition has every page.
    assert counts["en"] == counts["ru"] == counts["zh"] > 0


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_the_language_switcher_leads_to_the_same_brief_in_every_edition(editions_site, lang):
    page = brief_page(editions_site, lang)
    links = Tags(page.read_text(encoding="utf-8")).edition_links()
    assert [a["hreflang"] for a in links] == list(LANGS)
    assert [a["hreflang"] for a in links if a.get("aria-current") == "true"] == [lang]
    here = "/" + page.parent.relative_to(editions_site).as_posix() + "/"
    for a in links:
        target = posixpath.normpath(posixpath.join(here, a["href"])).lstrip("/")
        assert target == f"{PREFIX[a['hreflang']]}briefs/{SLUG}", (lang, a)
        assert a["href"].endswith("/") and a.get("lang") == a["hreflang"]
        landed = editions_site / target / "index.html"
        assert landed.is_file(), target
        assert Tags(landed.read_text(encoding="utf-8")).html_lang() == a["hreflang"]


@pytest.mark.slow
def test_a_brief_is_in_its_translation_with_its_numbers_in_the_editions_forms(editions_site):
    forms = {
        "en": ["$240.11 bn", "$129.14 bn", "+26.3%", "+46.9%"],
        "ru": [f"240,11{NBSP}млрд{NBSP}$", f"129,14{NBSP}млрд{NBSP}$", "+26,3%", "+46,9%"],
        "zh": ["2401.1亿美元", "1291.4亿美元", "1800亿美元", "+26.3%", "+46.9%"],
    }
    for lang in LANGS:
        text = brief_page(editions_site, lang).read_text(encoding="utf-8")
        tags = Tags(text)
        expected = TITLES[lang][0] if lang != "en" else "Russia is now one of China's foreign"
        assert tags.h1.strip().startswith(expected), (lang, tags.h1)
        assert not [a for t, a in tags.tags if t == "h1" and a.get("lang")], "a translated title"
        for form in forms[lang]:
            assert form in text, (lang, form)
        for other in ("$240.11 bn", f"240,11{NBSP}млрд", "2401.1亿"):
            if other not in forms[lang][0]:
                assert other not in text, (lang, other)
    # The translation's prose itself, with the figures written in (its spaces: the next test).
    ru = plain(shown_text(brief_page(editions_site, "ru")))
    assert "достигла в 2023 году 240,11 млрд $, изменившись на +26,3%." in ru
    zh = shown_text(brief_page(editions_site, "zh"))
    assert "2023年中国与俄罗斯的贸易额达到2401.1亿美元，变化+26.3%。" in zh


@pytest.mark.slow
def test_a_figure_cited_in_russian_prose_keeps_its_no_break_spaces(editions_site):
    text = brief_page(editions_site, "ru").read_text(encoding="utf-8")
    prose = re.search(r"<p>Торговля Китая с Россией достигла.*?</p>", text, re.DOTALL)
    assert prose, "the translation's paragraph"
    cited = re.findall(r"<a [^>]*>([^<]*)</a>", prose.group(0))
    assert len(cited) == 7, cited
    # As the character or as &nbsp; (Python-Markdown writes either): the same no-break space to a browser.
    assert html.unescape(cited[0]) == f"240,11{NBSP}млрд{NBSP}$"
    assert html.unescape(cited[-2]) == f"129,14{NBSP}млрд{NBSP}$"


QUOTE_BLOCK = re.compile(
    r"<blockquote>\s*<p([^>]*)>[“«](.*?)[”»]</p>\s*</blockquote>\s*<p>(.*?)</p>", re.DOTALL
)


@pytest.mark.slow
def test_a_translated_quote_is_marked_as_a_translation(editions_site):
    site_name = seed_site_settings().name
    for lang in LANGS:
        quotes = QUOTE_BLOCK.findall(brief_page(editions_site, lang).read_text(encoding="utf-8"))
        assert len(quotes) == 4, lang
        attrs, words, attribution = quotes[0]
        assert words.startswith(QUOTE_WORDS[lang]), lang
        assert 'lang="' not in attrs  # in the page's language
        note = re.findall(r"<em>(.*?)</em>", attribution)
        if lang == "en":
            assert note == []  # the source's own words
        else:
            assert len(note) == 1 and site_name in note[0], (lang, attribution)
            assert QUOTE_WORDS["en"] not in brief_page(editions_site, lang).read_text("utf-8")
        # The other quotes: in English as printed; elsewhere translated (the fixture's translations) and
        # marked so, or, untranslated, in their words marked as English. Never unmarked.
        for attrs, _, attribution in quotes[1:]:
            translated = re.findall(r"<em>(.*?)</em>", attribution)
            if lang == "en":
                assert 'lang="' not in attrs and translated == []
            else:
                assert ('lang="en"' in attrs) != (len(translated) == 1), (lang, attrs, attribution)


@pytest.mark.slow
def test_each_edition_has_its_own_sitemap_feed_and_search_index(editions_site):
    for lang in LANGS:
        folder = editions_site / PREFIX[lang]
        assert (folder / "sitemap.xml").is_file() and (folder / "feed.xml").is_file()
        entry = json.loads(
            (folder / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8")
        )
        assert list(entry["languages"]) == [lang], lang  # that edition's pages alone
        assert entry["languages"][lang]["page_count"] > 0


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_an_editions_feeds_and_search_filters_are_in_its_language(built_site, lang):
    """The feeds' titles and descriptions, and the search filter's values (page kinds, flows), in the
    edition's words: a reader filters the Russian search by "Сводка" and "экспорт", not "Brief" and "exports"."""
    folder = built_site / PREFIX[lang]
    with rendering_in(lang):
        description = gettext(seed_site_settings().description)
        brief, exports, about = gettext("Brief"), gettext("exports"), gettext("About the site")
        changes_title = gettext("{site}: what changed").format(site=seed_site_settings().name)
    assert (
        description != seed_site_settings().description
        and brief != "Brief"
        and exports != "exports"
    )
    feed = json.loads((folder / "feed.json").read_text(encoding="utf-8"))
    assert feed["description"] == description and feed["language"] == lang
    rss = ET.parse(folder / "feed.xml").getroot()
    assert rss.findtext("channel/description") == description
    changes = json.loads((folder / "changes.json").read_text(encoding="utf-8"))
    assert changes["title"] == changes_title
    page = (folder / "briefs/2024-10-28-russia-china-trade-drivers/index.html").read_text(
        encoding="utf-8"
    )
    assert f'data-pagefind-filter="kind:{brief}"' in page
    assert f'data-pagefind-filter="flow:{exports}"' in page
    assert 'data-pagefind-filter="kind:Brief"' not in page and "flow:exports" not in page
    order = re.search(r'data-filter="kind" data-order="([^"]*)"', page).group(1).split("|")
    assert order[0] == brief and order[-1] == about
    about_page = (folder / "about/index.html").read_text(encoding="utf-8")
    assert (
        f'data-pagefind-filter="kind:{about}"' in about_page
    )  # docs/<lang>/about.md says it in its words


SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


@pytest.mark.slow
def test_the_sitemaps_list_every_edition_of_a_page_as_hreflang_alternates(editions_site):
    locs = {}
    for lang in LANGS:
        root = ET.parse(editions_site / PREFIX[lang] / "sitemap.xml").getroot()
        entries = {}
        for url in root.findall("s:url", SITEMAP):
            loc = url.findtext("s:loc", namespaces=SITEMAP)
            assert loc.startswith(SITE + PREFIX[lang]), loc
            links = url.findall("x:link", SITEMAP)
            assert all(link.get("rel") == "alternate" for link in links)
            entries[loc] = {link.get("hreflang"): link.get("href") for link in links}
            assert entries[loc].get(lang) == loc  # each page names itself among its alternates
        brief = entries[f"{SITE}{PREFIX[lang]}briefs/{SLUG}/"]
        assert brief == {other: f"{SITE}{PREFIX[other]}briefs/{SLUG}/" for other in LANGS}
        locs[lang] = entries
    # Alternates go both ways: each one is a page of the other edition's sitemap, naming this one back.
    for lang, entries in locs.items():
        for loc, alternates in entries.items():
            for other, href in alternates.items():
                assert href in locs[other], (loc, other, href)
                assert locs[other][href].get(lang) == loc
                path = href.removeprefix(SITE)
                assert (editions_site / path / "index.html").is_file(), href


@pytest.mark.slow
def test_without_a_site_url_the_sitemaps_have_no_alternates(built_site):
    """No address to give: no hreflang alternates (a relative one means nothing to a search engine)."""
    for lang in LANGS:
        root = ET.parse(built_site / PREFIX[lang] / "sitemap.xml").getroot()
        assert root.tag == f"{{{SITEMAP['s']}}}urlset"
        assert root.findall(".//x:link", SITEMAP) == []


# An untranslated brief: the seed fixture's (tests/fixtures/seed has no translations), built with
# `untranslated: original`.


@pytest.fixture(scope="module")
def untranslated_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("untranslated") / "site"
    result = run_cli("build", "--data", str(SEED), "--site", str(out), env=ALL_EDITIONS)
    assert result.returncode == 0, result.stderr
    return out


def without_translation_keys(value):
    """A record's YAML with every `translations:` taken out."""
    if isinstance(value, dict):
        return {k: without_translation_keys(v) for k, v in value.items() if k != "translations"}
    if isinstance(value, list):
        return [without_translation_keys(v) for v in value]
    return value


def test_the_editions_fixture_is_the_seed_fixture_and_translations():
    """tests/fixtures/editions is tests/fixtures/seed with translations added, nothing else: the shared site's
    English pages are the seed's (the goldens), whatever is edited in one of them."""
    import yaml

    seed = sorted(p.relative_to(SEED) for p in SEED.rglob("*.yaml"))
    assert seed == sorted(p.relative_to(EDITIONS) for p in EDITIONS.rglob("*.yaml"))
    translated = 0
    for rel in seed:
        mine = yaml.safe_load((EDITIONS / rel).read_text(encoding="utf-8"))
        translated += str(mine).count("'translations'")
        assert without_translation_keys(mine) == yaml.safe_load(
            (SEED / rel).read_text(encoding="utf-8")
        ), rel
    assert translated == 5  # the brief and its four quotes


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_an_untranslated_brief_is_shown_in_english_marked_as_english(untranslated_site, lang):
    text = brief_page(untranslated_site, lang).read_text(encoding="utf-8")
    tags = Tags(text)
    assert tags.html_lang() == lang
    assert tags.h1.strip().startswith("Russia is now one of China's foreign trade drivers")
    assert [a.get("lang") for t, a in tags.tags if t == "h1"] == ["en"]
    # Its figures are in the edition's forms all the same.
    assert {"ru": f"240,11{NBSP}млрд{NBSP}$", "zh": "2401.1亿美元"}[lang] in text


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_an_untranslated_briefs_summary_is_marked_without_stray_markup(untranslated_site, lang):
    text = brief_page(untranslated_site, lang).read_text(encoding="utf-8")
    shown = shown_text(brief_page(untranslated_site, lang))
    assert "{ lang=" not in shown and "{: lang=" not in shown
    summary = "Russia–China trade kept growing in the first nine months of 2024"
    marked = re.search(
        r'<(p|strong)\b[^>]*\blang="en"[^>]*>\s*(<strong>)?' + re.escape(summary), text
    )
    assert marked, "the summary is not marked lang=en"


# --- No English left in a translated page ---------------------------------------------------------------------

# Names a page may show in every language: file formats, the script the search needs, the theme's credit, the
# data files' language, the standards and package formats a page names.
NAMES = (
    "Material for MkDocs",
    "JavaScript",
    "CSV",
    "JSON Feed",
    "JSON",
    "RSS",
    "YAML",
    "ISO",
    "Frictionless",
)
VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
READ_ATTRIBUTES = ("title", "aria-label", "alt", "placeholder")


class ShownText(HTMLParser):
    """What a reader of a page in `lang` reads (text, and the attributes a browser or a screen reader shows),
    leaving out scripts, styles, code and every element marked as being in another language."""

    def __init__(self, lang: str, text: str):
        super().__init__(convert_charrefs=True)
        self.lang, self.parts = lang, []
        self.stack: list[
            tuple[str, bool]
        ] = []  # (tag, whether it or an ancestor is hidden or foreign)
        self.feed(text)

    def _skipped(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        foreign = attrs.get("lang") not in (None, self.lang)
        skip = self._skipped() or foreign or tag in ("script", "style", "code", "svg")
        if not skip:
            self.parts += [attrs[a] for a in READ_ATTRIBUTES if attrs.get(a)]
        if tag not in VOID:
            self.stack.append((tag, skip))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if not self._skipped():
            self.parts.append(data)


def data_words() -> list[str]:
    """The words of the seed fixture that are data, not interface, and stay as the data has them in every
    edition: ids, the site's name, sources (a citation keeps its title as published), figure notes and tags.
    A brief's and a quote's own words are not among them: an edition shows their translation."""
    cat, _ = load_catalog(EDITIONS)
    words = [seed_site_settings().name]
    for src in cat.sources.values():
        words += [src.id, src.publisher, src.title or "", src.url or ""]
    for fig in cat.figures.values():
        words += [fig.id, *(getattr(fig, "notes", None) or ())]
        words += [fig.note] if isinstance(getattr(fig, "note", None), str) else []
    words += [*cat.ranks, *cat.quotes]
    for brief in cat.briefs.values():
        words += list(brief.tags)
    # Country codes (a country's page and list show its ISO code) and the units a data row prints its value in
    # as the data file has it ("110.97 USD billion", under "As printed").
    for fig in cat.figures.values():
        words += [fig.reporter, fig.partner, str(fig.unit)]
    # The data model's record names: the field reference is the editors', in English, marked so, but the page's
    # table of contents lists its headings.
    words += [record.name for record in field_reference()]
    return sorted({w for w in words if w}, key=len, reverse=True)


def english_words(lang: str, text: str, data: list[str]) -> list[str]:
    """The English words a reader of a page in `lang` reads in it, but data and names."""
    body = text[text.index("<body") :]
    shown = " ".join(ShownText(lang, body).parts)
    # A derived figure's id, as a check lists its inputs (before the figures' ids it is made of).
    shown = re.sub(r"derived-[a-z0-9-]+", " ", shown)
    for word in [*data, *NAMES]:
        shown = shown.replace(word, " ")
    return re.findall(r"[A-Za-z][A-Za-z'’]+", shown)


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_no_page_of_a_translated_edition_has_an_english_interface_word(built_site, lang):
    """Every page of the Russian and Chinese editions (briefs, home, pairs, countries, data, checks, sources,
    changes, about, the 404): every word of the interface (headings, tables, labels, charts' text, the theme's
    words) is in the edition's language. What may stay Latin is data (ids, sources, notes, tags, codes, units),
    names, and text marked with its own lang (the switcher's "English", the editors' field reference)."""
    data = data_words()
    pages = sorted((built_site / PREFIX[lang]).rglob("*.html"))
    shown = {p.relative_to(built_site).as_posix(): p.read_text(encoding="utf-8") for p in pages}
    shown = {path: text for path, text in shown.items() if "<body" in text}  # not the redirects
    for page in ("index.html", "briefs/2024-10-28-russia-china-trade-drivers/index.html"):
        assert f"{PREFIX[lang]}{page}" in shown
    for page in (
        "data/",
        "checks/",
        "pairs/",
        "countries/",
        "sources/",
        "changes/",
        "about/",
        "404.html",
    ):
        assert any(path.startswith(f"{PREFIX[lang]}{page}") for path in shown), page
    english = {
        path: sorted(set(words))
        for path, text in shown.items()
        if (words := english_words(lang, text, data))
    }
    assert english == {}, f"English left in the {lang} edition: {english}"


def test_every_message_of_the_code_and_templates_is_translated_in_every_catalog(tmp_path):
    """The words `make messages` collects (the code, the templates, the theme's overrides) each have a
    translation in every language's catalog: a new message left untranslated shows in English, so it fails
    here, naming it, before a reader sees it."""
    from babel.messages.pofile import read_po

    pot = tmp_path / "messages.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    done = subprocess.run(
        [
            str(pybabel),
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "N_",
            "-k",
            "_",
            "-k",
            "gettext",
            "-k",
            "phrase",
        ]
        + ["--no-location", "-o", str(pot), "."],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    with pot.open("rb") as handle:
        wanted = [m.id for m in read_po(handle) if m.id]
    assert len(wanted) > 150  # the extraction found the templates' and the code's words
    assert "Key figures" in wanted and "Search briefs, figures, names" in wanted
    for lang in i18n.available():
        if lang != i18n.SOURCE_LANGUAGE:
            missing = i18n.untranslated(lang, wanted)
            assert missing == [], (
                f"{lang}: untranslated (`make messages`, then translate): {missing}"
            )


# --- Search per edition (Chromium) ------------------------------------------------------------------------------

EDITION_QUERIES = [
    # (edition, query, the page listed first)
    ("ru", "240,11", f"/ru/briefs/{SLUG}/"),
    ("ru", "240,11 млрд", f"/ru/briefs/{SLUG}/"),
    ("ru", "драйверов", f"/ru/briefs/{SLUG}/"),
    ("zh", "2401.1亿", f"/zh/briefs/{SLUG}/"),
    ("zh", "驱动力", f"/zh/briefs/{SLUG}/"),  # a word inside a Chinese sentence
    ("zh", "俄罗斯驻华商务代表", f"/zh/briefs/{SLUG}/"),
]


@pytest.mark.browser
@pytest.mark.parametrize(("lang", "query", "first"), EDITION_QUERIES)
def test_each_edition_searches_its_own_pages_in_its_language(page, site_url, lang, query, first):
    from conftest import open_search, result_links, type_query

    page.goto(f"{site_url}/{lang}/", wait_until="load")
    assert page.locator("html").get_attribute("lang") == lang
    open_search(page)
    status = type_query(page, query)
    listed = ["/" + h.split("/", 3)[3] for h in result_links(page)]
    assert listed, f"/{lang}/: nothing found for {query!r} ({status!r})"
    assert listed[0] == first, f"/{lang}/: {query!r} lists {listed[:4]}"
    assert all(p.startswith(f"/{lang}/") for p in listed), listed  # its own edition's pages only


HOSTILE = '<script>alert(1)</script> [x](javascript:alert(1)) {{ "{{" }}'


@pytest.mark.slow
def test_a_translations_hostile_words_are_shown_as_text(tmp_path):
    """A translation's title, place, summary and a quote's translated words are data like any other: shown
    as written, never run or linked."""
    data = tmp_path / "data"
    shutil.copytree(EDITIONS, data)
    brief = data / BRIEF_FILE
    text = brief.read_text(encoding="utf-8")
    ru_title = "Россия стала одним из драйверов внешней торговли Китая, считает торговый представитель России в Пекине"
    assert ru_title in text
    text = text.replace(ru_title, "'" + HOSTILE.replace("'", "''") + "'", 1)
    text = text.replace("    place: Пекин\n", "    place: '<img src=x onerror=alert(1)>'\n", 1)
    brief.write_text(text, encoding="utf-8")
    facts = data / "facts" / "china-russia.yaml"
    quote = "        text: Впервые за долгое время"
    assert quote in facts.read_text(encoding="utf-8")
    facts.write_text(
        facts.read_text(encoding="utf-8").replace(
            quote, "        text: <b onclick=alert(1)>Впервые</b>", 1
        ),
        encoding="utf-8",
    )
    out = tmp_path / "site"
    result = run_cli("build", "--data", str(data), "--site", str(out), env=ALL_EDITIONS)
    assert result.returncode == 0, result.stderr
    page = (out / "ru" / "briefs" / SLUG / "index.html").read_text(encoding="utf-8")
    for raw in ("<script>alert(1)", "<img src=x", "<b onclick", 'href="javascript:'):
        assert raw not in page, raw
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&lt;b onclick=alert(1)&gt;Впервые&lt;/b&gt;" in page


def test_a_checks_name_is_worded_in_the_language_of_the_page_that_shows_it():
    """The checks run once for every edition; each check's name is a Phrase worded when shown, so the Russian
    and Chinese checks pages name it in their words, with their country names and periods. It keys and
    pickles as data (the caches keep check results)."""
    import pickle

    from tradebriefs.core import keys

    checked, _ = check_data(EDITIONS)
    (check,) = [c for c in checked.checks if c.id == "sum-chn-rus-2023"]
    worded = {}
    for lang in LANGS:
        with rendering_in(lang):
            worded[lang] = str(check.title)
    assert worded == {
        "en": "Turnover = exports + imports: China–Russia, 2023",
        "ru": "Товарооборот = экспорт + импорт: Китай–Россия, 2023",
        "zh": "贸易额 = 出口 + 进口：中国–俄罗斯，2023年",
    }
    assert (
        str(check.title) == worded["en"]
    )  # outside an edition: the source language (the editor's report)
    assert pickle.loads(pickle.dumps(check.title)) == check.title
    assert keys.digest(check.title) == keys.digest(pickle.loads(pickle.dumps(check.title)))


@pytest.mark.slow
def test_downloads_are_the_same_bytes_in_every_edition_and_formulas_take_its_numbers(built_site):
    """A script that reads figures.csv reads the same columns and values whichever edition it was linked
    from: every download (the data set, each chart's CSV and JSON) is the same bytes in every edition, its
    derived figures' formulas in the data's own numbers; the data package describes those columns in the
    edition's language. The pages show a formula in the edition's forms."""
    english = {
        p.relative_to(built_site).as_posix(): p.read_bytes()
        for folder in ("data", "charts")
        for p in [*(built_site / folder).rglob("*.csv"), *(built_site / folder).rglob("*.json")]
    }
    assert "data/figures.csv" in english and any(
        p.endswith(".csv") for p in english if "charts/" in p
    )
    package = json.loads(english.pop("data/datapackage.json"))
    for lang in ("ru", "zh"):
        for path, data in english.items():
            assert (built_site / PREFIX[lang] / path).read_bytes() == data, (lang, path)
        # The data package describes the same columns, in the edition's words (Frictionless' descriptions).
        theirs = json.loads(
            (built_site / PREFIX[lang] / "data/datapackage.json").read_text("utf-8")
        )
        (ours_fields,), (their_fields,) = (
            [r["schema"]["fields"] for r in p["resources"]] for p in (package, theirs)
        )
        assert [(f["name"], f["type"]) for f in their_fields] == [
            (f["name"], f["type"]) for f in ours_fields
        ]
        with rendering_in(lang):
            assert [f["description"] for f in their_fields] == [
                gettext(f["description"]) for f in ours_fields
            ]
        assert (
            theirs["title"] != package["title"]
            and their_fields[0]["description"] != (ours_fields[0]["description"])
        )
    assert b"110.97 / (1 + 46.9/100)" in english["data/figures.csv"]
    formulas = {}
    for lang in LANGS:
        page = (built_site / PREFIX[lang] / "data/chn-rus/index.html").read_text(encoding="utf-8")
        formulas[lang] = re.findall(r"110[.,]97 / \(1 \+ 46[.,]9/100\) ≈ 75[.,]5\d*", page)
    assert formulas["en"] and all("." in f for f in formulas["en"])
    assert formulas["ru"] and all("," in f and "." not in f for f in formulas["ru"])
    assert formulas["zh"] == formulas["en"]  # Chinese writes a decimal point


def test_every_translation_fills_the_same_places_as_its_message():
    """A translation that names a place its message does not give ('{partnr}'), drops one, or has a stray brace
    would stop the build of that edition with a traceback at the first page that uses it, which may be a page
    the tests never render. Each translation uses each of its message's places (a capitalised one, '{Language}',
    where the code offers it: the language's name at the start of a sentence), and no other."""
    from string import Formatter

    from babel.messages.pofile import read_po

    def places(text: str) -> set[str]:
        return {name for _, name, _, _ in Formatter().parse(text) if name is not None}

    wrong = []
    for lang in i18n.available():
        if lang == i18n.SOURCE_LANGUAGE:
            continue
        with i18n.catalog_path(lang).open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        for message in catalog:
            if not message.id or not message.string:
                continue
            try:
                theirs = places(message.string)
            except ValueError as error:
                wrong.append((lang, message.id, str(error)))
                continue
            ours = places(message.id)
            allowed = ours | {p[:1].upper() + p[1:] for p in ours}
            used = {p[:1].lower() + p[1:] for p in theirs}
            if not theirs <= allowed or used != ours:
                wrong.append((lang, message.id, message.string))
    assert wrong == []


def test_editions_sharing_what_the_first_made_render_what_each_renders_alone(tmp_path):
    """The tables no language changes, and their entries' digests, are made by a build's first edition and
    used by the others (render.site.Shared, render.pages.Once). With a warm store, after an edit of one
    edition's words and after an edit of a figure, each edition is what it is rendered alone, with no store
    and nothing shared: nothing one edition made is served in another."""
    from tradebriefs.core.context import BuildContext
    from tradebriefs.core.i18n import rendering_in
    from tradebriefs.facts.pipeline import check_data
    from tradebriefs.render.editions import edition_facts
    from tradebriefs.render.site import Shared, render_site

    data = tmp_path / "data"
    shutil.copytree(EDITIONS, data)
    sites = edition_sites()

    def build(cache, shared: bool) -> dict:
        ctx, one = BuildContext(cache_dir=cache), Shared()
        checked, _ = check_data(data)
        trees = {}
        for lang, site in sites.items():
            with rendering_in(lang):
                trees[lang] = render_site(
                    edition_facts(checked, lang),
                    site,
                    draw=lambda plans: {},
                    ctx=ctx,
                    shared=one if shared else Shared(),
                )
        ctx.finish()
        return trees

    cache, page = tmp_path / "cache", f"briefs/{SLUG}.md"
    before = build(cache, shared=True)
    assert before == build(None, shared=False)
    title_ru = "title: Россия стала одним из драйверов"
    replace_in(data / BRIEF_FILE, title_ru, title_ru.replace("Россия", "Теперь Россия"))
    retitled = build(cache, shared=True)
    assert retitled == build(None, shared=False)
    assert [lang for lang in LANGS if retitled[lang] != before[lang]] == ["ru"]
    assert "Теперь Россия" in retitled["ru"][page]
    replace_in(data / "facts" / "china-russia.yaml", "qualifier: exact", "qualifier: about")
    edited = build(cache, shared=True)
    assert edited == build(None, shared=False)
    assert all(edited[lang][page] != retitled[lang][page] for lang in LANGS)


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
