"""Load: the only code that knows YAML exists.

A fact file becomes plain values (dict, list, str, Decimal, bool, None) plus the place of every node,
so later stages can point at `data/facts/x.yaml:14:7`. PyYAML's own typing is not trusted: numbers keep
their printed digits (Decimal from the literal), YAML 1.1 oddities (`0755`, `1:30`, `1e3`, `.inf`) stay
strings so the schema refuses them by name, and booleans keep their literal (`NO`) for the message.
"""

from __future__ import annotations

import codecs
import os
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml
from yaml.events import AliasEvent

from tradebriefs.core.errors import Finding, Place

# A fact file is a page of text, not a data dump: 1 MiB bounds time and memory for hostile input.
MAX_FILE_BYTES = 1024 * 1024
# Our documents are at most a few levels deep (file -> list -> record -> list); 32 leaves room.
MAX_DEPTH = 32
# Plain decimal literals only: no exponent, no leading zero (YAML 1.1 reads 0755 as octal), no sign '+'.
DECIMAL_LITERAL = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?")
STANDARD_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in (
        "str",
        "int",
        "float",
        "bool",
        "null",
        "timestamp",
        "map",
        "seq",
        "binary",
        "merge",
        "value",
    )
}

# Windows Notepad's "Unicode" is UTF-16: say so, rather than "byte 0xff cannot be decoded".
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# PyYAML counts these as line breaks, editors and `Document.lines` do not: every later line number would be off.
ODD_LINE_BREAKS = {"\x85": "NEXT LINE", "\u2028": "LINE SEPARATOR", "\u2029": "PARAGRAPH SEPARATOR"}
ODD_LINE_BREAK = re.compile("[" + "".join(ODD_LINE_BREAKS) + "]")

# Characters XML 1.0 cannot carry (the feed, the sitemap and the pages are XML or HTML): C0 controls other than
# tab, line feed and carriage return; the noncharacters U+FFFE and U+FFFF; surrogates, which are half of a
# character and no UTF-8 text holds alone. The YAML reader refuses them written raw, but an escape in a
# double-quoted string ("\v", "\x01", "\ud800") makes them after reading: `title: "a\vb"` passed the check
# and the build, and feed.xml was no longer well-formed. So every string and key is checked once read.
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# YAML's escapes in a double-quoted string (YAML 1.1, 5.7): one character, or a code in hexadecimal digits.
ONE_CHARACTER_ESCAPES = {
    "0": "\x00",
    "a": "\x07",
    "b": "\x08",
    "t": "\t",
    "\t": "\t",
    "n": "\n",
    "v": "\x0b",
    "f": "\x0c",
    "r": "\r",
    "e": "\x1b",
    "N": "\x85",
    "_": "\xa0",
    "L": "\u2028",
    "P": "\u2029",
}
HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}

Path_ = tuple  # a path into the document: ("figures", 0, "value")


@dataclass
class Document:
    """One loaded file: plain data, and where each value and key stands."""

    path: str
    data: object
    places: dict[Path_, Place] = field(default_factory=dict)
    key_places: dict[Path_, Place] = field(default_factory=dict)
    literals: dict[Path_, str] = field(default_factory=dict)  # source text of non-string scalars
    lines: list[str] = field(default_factory=list)  # the text, to place errors inside block scalars
    nodes_seen: set[int] = field(
        default_factory=set, repr=False, compare=False
    )  # to notice aliases
    fast: bool = field(default=False, repr=False, compare=False)  # parsed by libyaml
    # Where each block scalar's lines start, worked out once per scalar: a body with thousands of findings
    # would otherwise walk all its lines for each one (quadratic).
    _blocks: dict = field(default_factory=dict, repr=False, compare=False)

    def text_place(self, at: Path_, offset: int) -> Place:
        """The place of character `offset` of the string at `at`, when it is a block scalar (`|` or `>`).

        Other scalars give their start: quoted and plain scalars fold and unescape, so their offsets
        do not map back to one column.
        """
        start = self.place(at)
        block = self._block(tuple(at), start)
        if block is None:
            return start
        indent, segments, offsets = block
        if not segments:
            return start
        seg_offset, index = segments[max(0, bisect_right(offsets, offset) - 1)]
        return Place(self.path, start.line + 1 + index, indent + offset - seg_offset + 1)

    def _block(self, at: Path_, start: Place):
        """(indent, segments, their offsets) of the block scalar at `at`, or None for other scalars."""
        if at not in self._blocks:
            header = (
                self.lines[start.line - 1][start.col - 1 :] if start.line <= len(self.lines) else ""
            )
            if header[:1] not in ("|", ">"):
                self._blocks[at] = None
            else:
                key = self.key_places.get(at)
                indent = _block_indent(header, self.lines[start.line :], key.col - 1 if key else 0)
                segments = _block_segments(
                    self.lines[start.line :], indent, folded=header[0] == ">"
                )
                self._blocks[at] = (indent, segments, [seg[0] for seg in segments])
        return self._blocks[at]

    def place(self, at: Path_) -> Place:
        """The place of the value at `at`, or of its nearest ancestor."""
        at = tuple(at)
        while at not in self.places and at:
            at = at[:-1]
        return self.places.get(at, Place(self.path, 1, 1))


def _block_indent(header: str, lines: list[str], parent_indent: int) -> int:
    """A block scalar's content indentation: given by a digit in its header, else by its first text line."""
    indicator = re.match(r"[|>][+-]?([1-9])?", header).group(1)
    if indicator:
        return parent_indent + int(indicator)
    first = next((ln for ln in lines if ln.strip(" ")), "")
    return len(first) - len(first.lstrip(" "))


def _block_segments(lines: list[str], indent: int, folded: bool) -> list[tuple[int, int]]:
    """(offset in the scalar's value, index into lines) where each text line starts, as PyYAML joins them.

    A literal (`|`) keeps every line break; a folded (`>`) scalar joins neighbouring lines with a space,
    except around blank lines and lines that start with a space or tab, which keep their breaks.
    """
    segments: list[tuple[int, int]] = []
    offset, blanks, previous = 0, 0, None
    for index, line in enumerate(lines):
        if not line.strip(" ") and len(line) <= indent:
            blanks += 1
            continue
        if not line.startswith(" " * indent):
            break
        text = line[indent:]
        if previous is None:
            offset += blanks
        elif folded and previous[:1] not in (" ", "\t") and text[:1] not in (" ", "\t"):
            offset += blanks or 1
        else:
            offset += 1 + blanks
        segments.append((offset, index))
        offset += len(text)
        blanks, previous = 0, text
    return segments


class _LoadError(Exception):
    def __init__(self, mark, message: str, at: tuple[int, int] | None = None):
        self.mark = mark
        self.message = message
        self.at = at  # (line, column) when more exact than the mark


class _NodeLoader(yaml.SafeLoader):
    """SafeLoader that refuses aliases: they are never needed in a fact file and enable alias bombs."""

    def compose_node(self, parent, index):
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise _LoadError(
                event.start_mark,
                f"alias '*{event.anchor}' is not allowed in fact files; write the value out in full",
            )
        return super().compose_node(parent, index)


def _place(path: str, mark) -> Place:
    return Place(path, mark.line + 1, mark.column + 1)


def decode_text(path: str, raw: bytes) -> tuple[str | None, list[Finding]]:
    """Bytes to text: UTF-8 with or without a byte-order mark, any line ending."""
    if len(raw) > MAX_FILE_BYTES:
        return None, [
            Finding(
                Place(path, 1, 1),
                f"file is {len(raw):,} bytes; fact files are limited to {MAX_FILE_BYTES:,} bytes",
            )
        ]
    if raw.startswith(UTF16_BOMS):
        return None, [
            Finding(
                Place(path, 1, 1),
                "not UTF-8: the file is saved as UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8",
            )
        ]
    try:
        text = _normal_newlines(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        # Everything before the bad byte is valid UTF-8: count its characters, as an editor shows columns.
        before = _normal_newlines(raw[: error.start].decode("utf-8-sig"))
        line, col = _line_col(before, len(before))
        return None, [
            Finding(
                Place(path, line, col),
                f"not UTF-8: byte 0x{raw[error.start]:02x} cannot be decoded; save the file as UTF-8",
            )
        ]
    odd = ODD_LINE_BREAK.search(text)
    if odd:
        line, col = _line_col(text, odd.start())
        char = odd.group()
        return None, [
            Finding(
                Place(path, line, col),
                f"character U+{ord(char):04X} ({ODD_LINE_BREAKS[char]}) is not allowed: YAML reads it as a line break; replace it with a space or a new line",
            )
        ]
    return text, []


def _normal_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _describe_yaml_error(error: yaml.MarkedYAMLError) -> str:
    problem = error.problem or "invalid YAML"
    if "'\\t'" in problem:
        return "a tab character cannot be used here; indent YAML with spaces"
    if problem == "but found another document":
        return "a second YAML document starts here, but a data file holds one; remove the '---' line or split the file"
    if error.context:
        # The parser notices a problem where it gives up, often lines after the cause: name where it began.
        begun = error.context_mark
        if (
            begun
            and error.problem_mark
            and (begun.line, begun.column) != (error.problem_mark.line, error.problem_mark.column)
        ):
            return f"invalid YAML: {problem} ({error.context} at line {begun.line + 1}, column {begun.column + 1})"
        return f"invalid YAML: {problem} ({error.context})"
    return f"invalid YAML: {problem}"


def _not_in_xml(char: str) -> str:
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        what = "half of a surrogate pair"
        fix = "write the character itself, or as \\U and 8 hex digits"
    else:
        what, fix = ("a control character" if code < 0x20 else "a noncharacter"), "remove it"
    return f"character U+{code:04X}, {what}, is not allowed: XML (the feed, the pages) cannot carry it; {fix}"


def _escape_place(lines: list[str], start, end) -> tuple[int, int] | None:
    """(line, column), 1-based, of the first escape between two marks of a double-quoted string that makes
    a character XML cannot carry; None when there is none."""
    line, col = start.line, start.column
    while (line, col) < (end.line, end.column) and line < len(lines):
        text = lines[line]
        if col >= len(text) - 1:  # the line's end (a `\` there only continues the string)
            line, col = line + 1, 0
            continue
        if text[col] != "\\":
            col += 1
            continue
        kind = text[col + 1]
        digits = HEX_ESCAPES.get(kind, 0)
        if digits:
            # Not hexadecimal, or beyond U+10FFFF: the parser has refused it already.
            try:
                char = chr(int(text[col + 2 : col + 2 + digits], 16))
            except ValueError:
                char = ""
        else:  # `\\` and `\"` are two characters long too, and make nothing to refuse
            char = ONE_CHARACTER_ESCAPES.get(kind, "")
        if char and NOT_IN_XML.match(char):
            return line + 1, col + 1
        col += 2 + digits
    return None


def _refuse_not_in_xml(node: yaml.ScalarNode, text: str, doc: Document) -> None:
    """A _LoadError at the escape that wrote a character XML cannot carry (at the string's start when there
    is no escape to point at)."""
    bad = NOT_IN_XML.search(text)
    if bad is None:
        return
    where = _escape_place(doc.lines, node.start_mark, node.end_mark) if node.style == '"' else None
    raise _LoadError(node.start_mark, _not_in_xml(bad.group()), where)


def _scalar_value(node: yaml.ScalarNode, path: str, at: Path_, doc: Document):
    literal = node.value
    if node.style in ("'", '"', "|", ">"):
        return literal
    kind = node.tag.rsplit(":", 1)[-1]
    if kind == "bool":
        doc.literals[at] = literal
        return literal.lower() in ("yes", "true", "on", "y")
    if kind == "null":
        doc.literals[at] = literal
        return None
    if kind in ("int", "float") and DECIMAL_LITERAL.fullmatch(literal):
        doc.literals[at] = literal
        return Decimal(literal)
    return literal


class _UseSlowParser(Exception):
    """The fast parser met something (an alias) whose exact message only the slow one can give."""


def _to_plain(node, path: str, at: Path_, doc: Document, depth: int = 0):
    if id(node) in doc.nodes_seen:  # libyaml resolves an alias to the anchored node itself
        raise _UseSlowParser()
    if doc.fast and isinstance(node, yaml.ScalarNode) and node.value == "" and not node.style:
        raise _UseSlowParser()  # libyaml places an empty value elsewhere than PyYAML: keep one answer
    doc.nodes_seen.add(id(node))
    doc.places[at] = _place(path, node.start_mark)
    if depth > MAX_DEPTH:
        raise _LoadError(node.start_mark, f"nested more than {MAX_DEPTH} levels deep")
    if (
        node.tag not in STANDARD_TAGS
    ):  # on lists and mappings too: `!!python/object:...` is a mapping
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        raise _LoadError(node.start_mark, f"YAML tag '{tag}' is not allowed in fact files")
    if isinstance(node, yaml.ScalarNode):
        _refuse_not_in_xml(node, node.value, doc)
        return _scalar_value(node, path, at, doc)
    if isinstance(node, yaml.SequenceNode):
        return [
            _to_plain(item, path, at + (i,), doc, depth + 1) for i, item in enumerate(node.value)
        ]
    result: dict[str, object] = {}
    first_seen: dict[str, object] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
            raise _LoadError(
                key_node.start_mark, "keys must be plain names (no complex or merge keys)"
            )
        key = key_node.value
        _refuse_not_in_xml(key_node, key, doc)
        if key in first_seen:
            first = first_seen[key]
            raise _LoadError(
                key_node.start_mark,
                f"key {key!r} is repeated in this mapping (first at line {first.line + 1}); YAML would silently keep only the last",
            )
        first_seen[key] = key_node.start_mark
        doc.key_places[at + (key,)] = _place(path, key_node.start_mark)
        result[key] = _to_plain(value_node, path, at + (key,), doc, depth + 1)
    return result


def parse_document(path: str, raw: bytes) -> tuple[Document | None, list[Finding]]:
    """Parse one file's bytes. Returns the document, or None and the errors found.

    Valid files go through libyaml (C, about ten times faster: loading 1,000 briefs' facts is most of
    the pure-Python time); any file libyaml refuses, or that holds an alias, is parsed again with the
    pure-Python parser, whose marks and messages the error corpus (tests/bad/) pins down.
    """
    text, findings = decode_text(path, raw)
    if text is None:
        return None, findings
    if FAST_LOADER is not None:
        try:
            doc, findings = _parse_text(path, text, FAST_LOADER)
            if not findings:
                return doc, findings
        except Exception:  # noqa: BLE001 - libyaml's own errors, or _UseSlowParser: the careful parser explains
            pass
    return _parse_text(path, text, _NodeLoader)


# libyaml's loader when PyYAML was built with it (the PyPI wheels are), else the pure-Python one alone.
FAST_LOADER = (
    getattr(yaml, "CSafeLoader", None) if getattr(yaml, "__with_libyaml__", False) else None
)


def _parse_text(path: str, text: str, loader) -> tuple[Document | None, list[Finding]]:
    doc = Document(path, None, lines=text.split("\n"), fast=loader is FAST_LOADER)
    try:
        node = yaml.compose(text, Loader=loader)
        if node is None:
            return None, [
                Finding(Place(path, 1, 1), "file is empty; expected a mapping of keys to values")
            ]
        doc.data = _to_plain(node, path, (), doc)
    except _LoadError as error:
        where = Place(path, *error.at) if error.at else _place(path, error.mark)
        return None, [Finding(where, error.message)]
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = _place(path, mark) if mark else Place(path, 1, 1)
        return None, [Finding(where, _describe_yaml_error(error))]
    except (
        yaml.YAMLError
    ) as error:  # reader errors (control characters) carry a position, not a mark
        position = getattr(error, "position", None)
        line, col = _line_col(text, position) if position is not None else (1, 1)
        char = getattr(error, "character", None)  # PyYAML gives the code point as an int
        what = (
            f"character U+{char:04X} is not allowed in YAML text"
            if isinstance(char, int)
            else getattr(error, "reason", error)
        )
        return None, [Finding(Place(path, line, col), f"invalid YAML: {what}")]
    except RecursionError:
        return None, [
            Finding(
                Place(path, 1, 1),
                f"nested too deeply; fact files are at most {MAX_DEPTH} levels deep",
            )
        ]
    if not isinstance(doc.data, dict):
        return None, [
            Finding(doc.place(()), "expected a mapping of keys to values at the top of the file")
        ]
    return doc, []


def _line_col(text: str, position: int) -> tuple[int, int]:
    before = text[:position]
    return before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1


def read_document(file: Path, shown_as: str) -> tuple[Document | None, list[Finding]]:
    try:
        with open(file, "rb") as stream:
            raw = stream.read(
                MAX_FILE_BYTES + 1
            )  # never more: a 1 GiB file is refused without reading it all
            if len(raw) > MAX_FILE_BYTES:
                size = os.fstat(stream.fileno()).st_size
                return None, [
                    Finding(
                        Place(shown_as, 1, 1),
                        f"file is {max(size, len(raw)):,} bytes; fact files are "
                        f"limited to {MAX_FILE_BYTES:,} bytes",
                    )
                ]
    except OSError as error:
        return None, [Finding(Place(shown_as), f"cannot read file: {error.strerror}")]
    return parse_document(shown_as, raw)
