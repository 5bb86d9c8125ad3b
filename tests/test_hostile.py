"""What a red team found: no data file may stall or break the pipeline, and nothing from the data gets out as
something else (a raw `{{`, a broken feed, a live link in a pull-request comment, a file outside data/).

Times are never asserted here: the benchmark (`make bench-shapes`) times each shape at the body limit; these
tests pin what each shape gives, on smaller bodies.
"""

from __future__ import annotations

import random
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import markdown
import pycountry
import pytest
from bench.shapes import SHAPES, brief_text, write_shape
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.inlinepatterns import ImageInlineProcessor, LinkInlineProcessor

from conftest import SEED, make_project, run_cli
from test_diff import FACTS as DIFF_FACTS
from test_diff import apply_edits, commit, git
from tradebriefs.core import mdlinear
from tradebriefs.core.countries import country_name
from tradebriefs.core.markup import (
    BODY_EXTENSIONS,
    _CollectLinks,
    _converter,
    render_body,
    to_html,
)
from tradebriefs.core.text import editor_markdown
from tradebriefs.facts.catalog import load_catalog
from tradebriefs.facts.load import parse_document
from tradebriefs.ingest.scaffold import brief_text as scaffold_brief
from tradebriefs.ingest.scaffold import facts_text

BRIEF = "data/briefs/2024-10-28-russia-china-trade-drivers.yaml"
FACTS = "data/facts/china-russia.yaml"


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ": error: " in line]


def with_body(data: Path, body: str) -> int:
    """The seed brief with its body block replaced by `body` (a literal block); returns the line the body's
    first line is on."""
    brief = data.parent / BRIEF
    lines = brief.read_text(encoding="utf-8").split("\n")
    start = lines.index("body: |")
    end = next(i for i in range(start + 1, len(lines)) if lines[i] and not lines[i].startswith(" "))
    block = [f"  {line}" if line else "" for line in body.split("\n")]
    brief.write_text("\n".join(lines[: start + 1] + block + lines[end:]), encoding="utf-8")
    return start + 2


def check(data: Path):
    return run_cli("check", "--data", "data", cwd=data.parent)


# --- 1. Bodies that stalled `check` and every build ----------------------------------------------------------


def test_an_unclosed_citation_is_an_error_at_its_place_not_published_raw(data_copy):
    first = with_body(data_copy, "Trade grew.\nIt reached {{cn-ru-turnover-2023 in 2023.")
    result = check(data_copy)
    assert error_lines(result.stderr) == [
        f"{BRIEF}:{first + 1}:14: error: body: the citation '{{{{cn-ru-turnover-2023 in 2023.' is not "
        "closed; end it with }}, as in {{id}}"
    ]
    assert result.returncode == 1


@pytest.mark.parametrize("unit", ["{{", "{{x", "{{ x"])
def test_a_thousand_unclosed_citations_are_one_error_at_the_first(data_copy, unit):
    first = with_body(data_copy, "Trade grew. " + unit * 1000)
    shown = " ".join((unit * 1000)[:40].split())
    assert error_lines(check(data_copy).stderr) == [
        f"{BRIEF}:{first}:15: error: body: the citation '{shown}' is not closed; end it with }}}}, "
        "as in {{id}}"
    ]


def test_a_citation_padded_with_thousands_of_spaces_is_named_as_no_citation(data_copy):
    first = with_body(data_copy, "{{" + " " * 3000 + "x y}}")
    assert error_lines(check(data_copy).stderr) == [
        f"{BRIEF}:{first}:3: error: body: '{{{{ x y}}}}' is not a citation; write {{{{id}}}} for a figure "
        "or rank, {{id.change}} (signed) or {{id.change_size}} (unsigned) for a figure's change"
    ]


BRACKET_SHAPES = {
    "open brackets": "[" * 2000,
    "open images": "![" * 1000,
    "open link targets": "[a](" * 500,
    "open references": "[a][" * 500,
    "nested brackets": "[" * 1000 + "]" * 1000,
    "lines of brackets": "[\n" * 1000,
}


@pytest.mark.parametrize("body", BRACKET_SHAPES.values(), ids=BRACKET_SHAPES)
def test_thousands_of_brackets_that_make_no_link_pass_and_show_as_text(data_copy, body):
    with_body(data_copy, body)
    result = check(data_copy)
    assert error_lines(result.stderr) == []
    assert result.returncode == 0
    shown = re.sub(r"<[^>]+>", "", render_body(editor_markdown(body)))
    assert shown.replace("\n", "") == body.replace("\n", "")


def test_a_bad_link_after_thousands_of_open_brackets_is_still_found(data_copy):
    first = with_body(data_copy, "[" * 2000 + "\nSee [the source](javascript:alert(1)).")
    assert error_lines(check(data_copy).stderr) == [
        f"{BRIEF}:{first + 1}:20: error: body: 'javascript:' links are not allowed; use https://, "
        "http:// or mailto:"
    ]


def test_titles_that_never_close_make_a_link_each_as_python_markdown_does(data_copy):
    """`[a](x"y)` repeated: each a link to the relative address `x"y`, each named by check."""
    with_body(data_copy, '[a](x"y)' * 300)
    errors = error_lines(check(data_copy).stderr)
    assert len(errors) == 300
    assert errors[0].endswith(
        "error: body: 'x\"y' is a relative link; link to a page of another site with https://, or cite a "
        "figure or rank as {{id}}"
    )


# Each benchmark shape (bench/shapes.py) at 2,000 characters: the errors `check` gives for it.
SHAPE_ERRORS = {
    "open-citations": ["the citation '{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{' is not closed"],
    "open-citations-with-ids": [
        "the citation '{{x{{x{{x{{x{{x{{x{{x{{x{{x{{x{{x{{x{{x{' is not closed"
    ],
    "mixed": ["the citation '{{[a](![{{x*_[{{[a](![{{x*_[{{[a](![{{x*' is not closed"],
    "link-titles": ["'x\"y' is a relative link"] * 250,
    "citation-spaces": ["'{{ x y}}' is not a citation"],
}


@pytest.mark.parametrize("name", [name for name, _, _ in SHAPES])
def test_each_benchmark_shape_gives_its_findings(tmp_path, name):
    make = next(make for shape, _, make in SHAPES if shape == name)
    body = make(2000)
    write_shape(tmp_path / "data", body)
    doc, findings = parse_document("brief.yaml", brief_text(body).encode())
    assert (
        findings == [] and doc.data["body"] == body
    )  # the benchmark's brief holds the shape exactly
    _, findings = load_catalog(tmp_path / "data")
    errors = [f.message.removeprefix("body: ") for f in findings if f.severity == "error"]
    expected = SHAPE_ERRORS.get(name, [])
    assert len(errors) == len(expected)
    assert all(e.startswith(x) for e, x in zip(errors, expected, strict=True)), errors[:3]


# The linear link processors and entity runs (mdlinear.py) against Python-Markdown's own, on random text.

PIECES = [*"[]()!'\" a\n`\\:*_<>&|#-", "](", "[r]: http://x\n", "\n\n", "  \n", "[r]", "&amp;"]
PIECES += ["&#x61;", "&lt;", "> ", "- ", "    ", "**", "1. ", '"y)', 'x"', "('"]
STOCK = markdown.Markdown(extensions=[*BODY_EXTENSIONS, _CollectLinks()], output_format="html")
# Python-Markdown's emphasis code sometimes cuts a placeholder in two and prints the half (a bug of its own,
# with odd `*`, `_` and `&` mixes); its number counts the elements made before, which entity runs make fewer of.
LEAKED_NUMBER = re.compile(r"(zzwxh|zxhzdk):\d+")


def stock_html(text: str) -> tuple[str, list]:
    STOCK.reset()
    STOCK.tb_links = []
    return STOCK.convert(text), list(STOCK.tb_links)


@settings(max_examples=1500, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_a_body_renders_as_python_markdown_renders_it(body):
    escaped = editor_markdown(body)
    (ours, links), (theirs, their_links) = to_html(escaped), stock_html(escaped)
    assert links == their_links
    assert LEAKED_NUMBER.sub("", ours) == LEAKED_NUMBER.sub("", theirs)


def test_the_link_walks_answer_as_python_markdown_walks_on_every_position():
    """getText and getLink at every position of random text, against Python-Markdown's, with the tables
    kept from one text to the next as Python-Markdown changes it (a region replaced by a placeholder)."""
    md = markdown.Markdown(extensions=[mdlinear.LinearExtension()])
    md.convert(
        "x"
    )  # the inline processor's stash exists from here on (getLink's unescape reads it)
    pairs = [
        (LinkInlineProcessor(mdlinear.LINK_RE, md), mdlinear._Link(mdlinear.LINK_RE, md)),
        (
            ImageInlineProcessor(mdlinear.IMAGE_LINK_RE, md),
            mdlinear._Image(mdlinear.IMAGE_LINK_RE, md),
        ),
    ]
    rng, alphabet, text = random.Random(20241028), [*"[]()'\" a\n", "](", "\x02k1\x03"], ""
    for _ in range(3000):
        if not text or rng.random() < 0.3:
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        else:
            a = rng.randint(0, len(text))
            b = rng.randint(a, len(text))
            text = text[:a] + "\x02k9\x03" + text[b:]
        for theirs, ours in pairs:
            for i in range(len(text) + 1):
                expected, got = theirs.getText(text, i), ours.getText(text, i)
                assert got[1:] == expected[1:] and (not got[2] or got[0] == expected[0]), (text, i)
                if i < len(text) and text[i] == "(":
                    assert ours.getLink(text, i) == theirs.getLink(text, i), (text, i)


def test_only_emphasis_comes_after_the_entity_pattern():
    """Entity runs rely on it: after "entity", only em_strong acts on a body's text."""
    patterns = _converter().inlinePatterns
    after = list(patterns)[patterns.get_index_for_name("entity") + 1 :]
    assert after == [patterns["em_strong"]]


# --- 2. Characters XML cannot carry --------------------------------------------------------------------------

NOT_IN_XML = [
    *(chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"),
    "\ufffe",
    "\uffff",
    "\ud800",
    "\udbff",
    "\udc00",
    "\udfff",
]
SHORT_ESCAPES = {"\0": r"\0", "\a": r"\a", "\b": r"\b", "\v": r"\v", "\f": r"\f", "\x1b": r"\e"}


def escape(char: str) -> str:
    """How a double-quoted YAML string writes `char`: its short escape, \\x.. below U+0100, else \\u...."""
    code = ord(char)
    return SHORT_ESCAPES.get(char) or (f"\\x{code:02X}" if code < 0x100 else f"\\u{code:04X}")


def what(char: str) -> str:
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        return "half of a surrogate pair, is not allowed: XML (the feed, the pages) cannot carry it; write the character itself, or as \\U and 8 hex digits"
    kind = "a control character" if code < 0x20 else "a noncharacter"
    return f"{kind}, is not allowed: XML (the feed, the pages) cannot carry it; remove it"


# Where an escape can write it: (file, the line as the seed has it, the line with `{}` for the escape).
PLACES = {
    "title": (
        BRIEF,
        "title: Russia is now one of China's foreign trade drivers, says Moscow's trade envoy in Beijing",
        'title: "Russia is now one of {} the drivers"',
    ),
    "body": (BRIEF, "body: |", 'body: "Trade grew {} again."\nbody_was: |'),
    "quote": (
        FACTS,
        "    text: For the first time in a long time, Russia has become a really important market for China and even one of the drivers of foreign trade",
        '    text: "For the first time {} in a long time"',
    ),
    "note": (FACTS, "      - record", '      - "a record{}"'),
    "key": (FACTS, "    qualifier: about", '    "quali{}fier": about'),
}


@pytest.mark.parametrize("char", NOT_IN_XML, ids=[f"U+{ord(c):04X}" for c in NOT_IN_XML])
@pytest.mark.parametrize("where", PLACES)
def test_a_character_xml_cannot_carry_is_refused_wherever_an_escape_writes_it(char, where):
    path, old, new = PLACES[where]
    text = (SEED.parent / path.replace("data/", "seed/", 1)).read_text(encoding="utf-8")
    assert text.count(old + "\n") == 1
    text = text.replace(old + "\n", new.replace("{}", escape(char)) + "\n")
    lines = text.split("\n")
    line = next(i for i, ln in enumerate(lines) if escape(char) in ln)
    col = lines[line].index(escape(char))
    doc, findings = parse_document(path, text.encode())
    assert doc is None
    assert [str(f) for f in findings] == [
        f"{path}:{line + 1}:{col + 1}: error: character U+{ord(char):04X}, {what(char)}"
    ]


def test_a_control_character_escape_is_one_error_line_from_the_real_check(data_copy):
    brief = data_copy.parent / BRIEF
    text = brief.read_text(encoding="utf-8")
    brief.write_text(
        text.replace("title: Russia is now", 'title: "Russia\\v is" \n# now', 1), encoding="utf-8"
    )
    result = check(data_copy)
    assert error_lines(result.stderr) == [
        f"{BRIEF}:3:15: error: character U+000B, a control character, is not allowed: XML (the feed, "
        "the pages) cannot carry it; remove it"
    ]
    assert result.returncode == 1


def test_line_separators_emoji_and_right_to_left_marks_keep_the_feeds_well_formed(data_copy):
    title = "Russia\u2028and China \U0001f600 \u200f\u05e9\u05dc\u05d5\u05dd\u200e trade"
    brief = data_copy.parent / BRIEF
    text = brief.read_text(encoding="utf-8")
    brief.write_text(
        re.sub(
            r"(?m)^title: .*$",
            lambda _: (
                'title: "Russia\\Land China \\U0001F600 \\u200F\u05e9\u05dc\u05d5\u05dd\\u200E trade"'
            ),
            text,
        ),
        encoding="utf-8",
    )
    site = data_copy.parent / "site"
    make_project(data_copy.parent)
    built = run_cli("build", "--data", "data", "--site", "site", cwd=data_copy.parent)
    assert built.returncode == 0, built.stderr
    feed = ET.parse(site / "feed.xml")
    assert title in [element.text for element in feed.iter() if element.tag.endswith("title")]
    for name in ("changes.xml", "sitemap.xml"):
        ET.parse(site / name)  # raises on a document that is not well-formed


# --- 3. The pull-request comment ----------------------------------------------------------------------------

HOSTILE_NOTE = (
    "see https://evil.example/x, HTTP://a.example and www.example.org; ask @security-team or "
    "desk@example.org about #123 and GH-45"
)


def test_the_markdown_diff_makes_no_link_mention_or_issue_reference_of_the_data(tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(SEED, repo / "data")
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "Seed data", "seed")
    apply_edits(repo, [(DIFF_FACTS, "      - record\n", f'      - "{HOSTILE_NOTE}"\n')])
    commit(repo, "A note with addresses", "note")
    result = run_cli("diff", "seed", "note", "--format", "markdown", cwd=repo)
    assert result.returncode == 0, result.stderr
    row = next(line for line in result.stdout.splitlines() if "evil.example" in line)
    joiner = "\u2060"
    for defused in (
        f"https:{joiner}//evil.example/x",
        f"HTTP:{joiner}//a.example",
        f"www{joiner}.example.org",
        f"@{joiner}security-team",
        f"desk@{joiner}example.org",
        f"#{joiner}123",
        f"GH-{joiner}45",
    ):
        assert defused in row
    # What GitHub's Markdown links: a URL, a www. address, an e-mail, a mention, an issue reference.
    assert not re.search(r"(?i)https?://|www\.|\w@\w|@\w|#\d|\bgh-\d", result.stdout)


# --- 4. `tradebriefs new brief` --------------------------------------------------------------------------------


def files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def new_brief(project: Path, *args: str):
    return run_cli("new", "brief", "--data", "data", "--date", "2026-11-29", *args, cwd=project)


@pytest.mark.parametrize(
    ("link", "pair"),
    [("briefs/2026-11-29-chn-rus.yaml", "CHN,RUS"), ("facts/chn-shn.yaml", "SHN,CHN")],
    ids=["at the brief", "at the fact file"],
)
def test_new_brief_never_writes_through_a_dangling_link(tmp_path, data_copy, link, pair):
    outside = tmp_path / "outside" / "made-by-the-link.yaml"
    outside.parent.mkdir()
    (data_copy / link).symlink_to(outside)
    before = files_under(data_copy)
    result = new_brief(tmp_path, "--pair", pair)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        f"data/{link}: error: is a symbolic link (to {outside}); `tradebriefs new` writes no file "
        "through a link: remove the link\n"
    )
    assert not outside.exists() and files_under(data_copy) == before


@pytest.mark.parametrize(("folder", "pair"), [("briefs", "CHN,RUS"), ("facts", "SHN,CHN")])
def test_new_brief_refuses_a_folder_linked_out_of_the_data_folder(
    tmp_path, data_copy, folder, pair
):
    outside = tmp_path / "outside"
    shutil.move(data_copy / folder, outside)
    (data_copy / folder).symlink_to(outside)
    before = files_under(outside)
    result = new_brief(tmp_path, "--pair", pair)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        f"data/{folder}: error: leads out of the data folder (a symbolic link to {outside}); "
        "`tradebriefs new` writes only inside it\n"
    )
    assert files_under(outside) == before
    assert not (data_copy / "briefs" / "2026-11-29-shn-chn.yaml").exists()


def test_new_brief_writes_into_a_briefs_folder_linked_inside_the_data_folder(tmp_path, data_copy):
    shutil.move(data_copy / "briefs", data_copy / "kept")
    (data_copy / "briefs").symlink_to(data_copy / "kept")
    assert new_brief(tmp_path, "--pair", "CHN,RUS").returncode == 0
    assert (data_copy / "kept" / "2026-11-29-chn-rus.yaml").is_file()


def loaded(path: Path) -> dict:
    doc, findings = parse_document(str(path), path.read_bytes())
    assert findings == []
    return doc.data


@pytest.mark.parametrize("pair", [("SHN", "USA"), ("STP", "CIV"), ("BIH", "TUR")])
def test_new_brief_writes_country_names_that_load_back_exactly(tmp_path, data_copy, pair):
    place = 'Rio: "x" # y'
    assert new_brief(tmp_path, "--pair", ",".join(pair), "--place", place).returncode == 0
    slug = f"2026-11-29-{pair[0].lower()}-{pair[1].lower()}"
    brief = loaded(data_copy / "briefs" / f"{slug}.yaml")
    names = [country_name(code) for code in pair]
    assert (
        brief["tags"] == names
    )  # "St. Helena, Ascension & Tristan da Cunha" is one tag, not three
    assert (brief["slug"], brief["place"], brief["pair"]) == (slug, place, list(pair))
    assert f"{names[0]}–{names[1]} trade grew in 2024" in brief["title"]
    facts = loaded(data_copy / "facts" / f"{'-'.join(sorted(c.lower() for c in pair))}.yaml")
    assert [(f["reporter"], f["partner"]) for f in facts["figures"]] == [pair] * 3


# ISO 3166 names (pycountry) with commas, apostrophes and letters beyond ASCII; and what no country is named,
# which a --place can hold: YAML's indicators at the start, a comment sign, quotes, line separators.
ISO_NAMES = [pycountry.countries.get(alpha_3=c).name for c in ("PRK", "BOL", "CIV", "SHN", "ALA")]
HOSTILE = [
    'Rio: "x" # y',
    "a, b: c # d",
    "-dash",
    "- item",
    "*star",
    "&anchor",
    "!bang",
    "%percent",
    "@at",
    "`tick`",
    "'single' \"double\" ‘curly’",
    "[list]",
    "{map}",
    "| pipe",
    "> fold",
    "? key",
    "#hash",
    "yes",
    "null",
    "~",
    "123",
    "2024-10-28",
    "0o17",
    "São Tomé & Príncipe",
    "line\u2028separator\u0085next",
    "tab\there",
    "back\\slash",
    " leading and trailing ",
]


@pytest.mark.parametrize("name", ISO_NAMES + HOSTILE)
def test_every_string_the_scaffold_writes_loads_back_exactly(monkeypatch, name):
    import datetime as dt

    from tradebriefs.ingest import scaffold

    monkeypatch.setattr(scaffold, "country_name", lambda code: f"{name} {code}")
    brief = parse_document(
        "b.yaml", scaffold_brief("x-1", dt.date(2026, 11, 29), name, ("AAA", "BBB")).encode()
    )
    assert brief[1] == []
    data = brief[0].data
    assert data["place"] == name
    assert data["tags"] == [f"{name} AAA", f"{name} BBB"]
    assert data["title"] == f"TODO: the headline, e.g. {name} AAA–{name} BBB trade grew in 2024"
    facts = parse_document("f.yaml", facts_text(("AAA", "BBB")).encode())
    assert facts[1] == [] and facts[0].data["figures"][0]["reporter"] == "AAA"
