"""Whatever bytes arrive, the loader answers with findings in the compiler's form, never an exception."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SEED
from tradebriefs.facts.catalog import load_catalog
from tradebriefs.facts.load import parse_document

FINDING = re.compile(
    r"\S+:\d+:\d+: (error|warning): .+"
)  # one line: fullmatch refuses a newline in a message
REAL_FILES = sorted(SEED.rglob("*.yaml"))
EXAMPLES = settings(max_examples=200, deadline=None)

# Pieces that trouble YAML parsers and our loader: indicators, YAML 1.1 oddities, anchors, tags, odd characters.
YAML_PIECES = st.sampled_from(
    [
        "\n",
        "\r\n",
        "\r",
        "  ",
        "\t",
        "- ",
        ": ",
        "? ",
        "#",
        "---",
        "...",
        "{",
        "}",
        "[",
        "]",
        ",",
        "'",
        '"',
        "\\",
        "|",
        ">-",
        "|2",
        "&a ",
        "*a",
        "<<: ",
        "!!str ",
        "!!python/object:os.system ",
        "!x ",
        "%YAML 1.1\n",
        "figures",
        "sources",
        "id",
        "value",
        "period",
        "partner",
        "body",
        "NO",
        "yes",
        "on",
        "~",
        "1e3",
        "0755",
        "1:30",
        ".inf",
        "-.nan",
        "240.11",
        "2024-02-30",
        "2023-13",
        "2024-09/2024-01",
        "{{x}}",
        "[a](javascript:x)",
        "\ufeff",
        "\u2028",
        "\x85",
        "\x00",
        "\x1b",
        "é",
        "中",
        "\U0001f600",
    ]
)
yamlish = st.lists(YAML_PIECES | st.text(max_size=4), max_size=80).map("".join)


@st.composite
def mutated_real_file(draw) -> tuple[Path, bytes]:
    """A real data file after a few edits of the kind a slip of the hand, or a hostile hand, makes."""
    file = draw(st.sampled_from(REAL_FILES))
    lines = file.read_bytes().split(b"\n")
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        edit = draw(st.sampled_from(["bytes", "delete", "duplicate", "swap", "indent", "replace"]))
        if edit == "bytes":
            at = draw(st.integers(0, len(lines[i])))
            cut = draw(st.integers(0, 3))
            lines[i] = lines[i][:at] + draw(st.binary(max_size=4)) + lines[i][at + cut :]
        elif edit == "delete" and len(lines) > 1:
            del lines[i]
        elif edit == "duplicate":
            lines.insert(i, lines[i])
        elif edit == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif edit == "indent":
            lines[i] = draw(st.sampled_from([b"", b" ", b"  ", b"\t"])) + lines[i].lstrip(b" ")
        elif edit == "replace":
            lines[i] = draw(yamlish).encode("utf-8", "surrogatepass")
    return file, b"\n".join(lines)


def assert_well_formed(findings, raw: bytes | None = None) -> None:
    for finding in findings:
        assert FINDING.fullmatch(str(finding)), str(finding)
        assert finding.place.line >= 1 and finding.place.col >= 1, str(finding)
        if raw is not None:  # the place is a line of the file (or the end of its last one)
            assert finding.place.line <= len(re.split(rb"\r\n|\r|\n", raw)), str(finding)


def assert_parses_or_explains(raw: bytes) -> None:
    doc, findings = parse_document("data/facts/x.yaml", raw)
    assert (doc is None) == bool(findings)
    assert_well_formed(findings, raw)


@EXAMPLES
@given(yamlish)
def test_random_yamlish_text_gives_findings_not_exceptions(text):
    assert_parses_or_explains(text.encode("utf-8", "surrogatepass"))


@EXAMPLES
@given(st.binary(max_size=300))
def test_random_bytes_give_findings_not_exceptions(raw):
    assert_parses_or_explains(raw)


@EXAMPLES
@given(mutated_real_file())
def test_mutated_real_files_give_findings_not_exceptions(mutation):
    _, raw = mutation
    assert_parses_or_explains(raw)


@EXAMPLES
@given(mutated_real_file())
def test_a_catalog_with_a_mutated_file_gives_findings_not_exceptions(mutation):
    file, raw = mutation
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(SEED, data)
        (data / file.relative_to(SEED)).write_bytes(raw)
        _, findings = load_catalog(data)
    assert_well_formed(findings)


BRIEF = (SEED / "briefs" / "2024-10-28-russia-china-trade-drivers.yaml").read_text(encoding="utf-8")
BODY = re.compile(r"^body: \|\n(?:  .*\n|\n)+", re.MULTILINE)
words = st.lists(
    st.sampled_from(
        ["trade", "grew", "{{cn-ru-turnover-2023}}", "in", "2023,", "[TASS](https://tass.com)"]
    ),
    min_size=1,
    max_size=8,
).map(" ".join)


@EXAMPLES
@given(
    header=st.sampled_from(["|", "|-", "|+", ">", ">-", ">+", "|2", ">2"]),
    indent=st.integers(2, 4),
    lines=st.lists(
        st.tuples(st.sampled_from(["", "", " ", "  "]), words) | st.just(("", "")),
        min_size=1,
        max_size=8,
    ),
    at=st.integers(0, 7),
    col=st.integers(0, 40),
)
def test_an_unknown_citation_is_placed_where_it_is_written(header, indent, lines, at, col):
    """Literal or folded, any indentation: the error's line and column are those of the `{{` in the file."""
    if header[-1].isdigit():
        indent = int(header[-1])
    prefix, text = lines[at % len(lines)]
    cut = min(col, len(text))
    lines[at % len(lines)] = (prefix, text[:cut] + "{{nope}}" + text[cut:])
    lines[0] = ("", lines[0][1] or "first")  # the first line sets the indentation: keep it plain
    body = "".join(" " * indent + extra + text + "\n" if text else "\n" for extra, text in lines)
    raw = BODY.sub(lambda _: f"body: {header}\n{body}", BRIEF).encode("utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(SEED, data)
        (data / "briefs" / "2024-10-28-russia-china-trade-drivers.yaml").write_bytes(raw)
        _, findings = load_catalog(data)
    cited = [f for f in findings if "'nope'" in f.message]
    assert len(cited) == 1, [str(f) for f in findings]
    line = raw.decode().split("\n")[cited[0].place.line - 1]
    assert line[cited[0].place.col - 1 :].startswith("{{nope}}"), (str(cited[0]), line)


def _both_parsers(raw: bytes):
    from tradebriefs.facts import load

    text, findings = load.decode_text("x.yaml", raw)
    if text is None:
        return None
    try:
        fast = load._parse_text("x.yaml", text, load.FAST_LOADER)
    except Exception:  # noqa: BLE001 - the fast parser declined (alias, empty value, libyaml error)
        fast = (None, ["declined"])
    slow = load._parse_text("x.yaml", text, load._NodeLoader)
    return fast, slow


def _same_document(a, b) -> bool:
    return (a.data, a.places, a.key_places, a.literals) == (
        b.data,
        b.places,
        b.key_places,
        b.literals,
    )


@EXAMPLES
@given(st.one_of(yamlish.map(str.encode), mutated_real_file().map(lambda m: m[1])))
def test_the_fast_parser_reads_every_valid_file_as_the_careful_one_does(raw):
    """libyaml loads valid files (speed); where it accepts a file, the pure-Python parser gives the same
    data, places and literals, so every later message points at the same line and column."""
    from tradebriefs.facts.load import FAST_LOADER

    if FAST_LOADER is None:
        pytest.skip("PyYAML without libyaml: only the careful parser runs")
    result = _both_parsers(raw)
    if result is None:
        return
    (fast_doc, fast_findings), (slow_doc, slow_findings) = result
    if not fast_findings and not slow_findings:
        assert _same_document(fast_doc, slow_doc)


def test_the_fast_parser_reads_the_real_data_as_the_careful_one_does():
    for file in sorted(SEED.rglob("*.yaml")):
        (fast_doc, fast_findings), (slow_doc, slow_findings) = _both_parsers(file.read_bytes())
        assert fast_findings == slow_findings == [] and _same_document(fast_doc, slow_doc), file
