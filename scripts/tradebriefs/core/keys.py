"""One way to name what a build derives: a stable digest of its inputs, and the code that derives it.

Every cache entry is keyed by `key(kind, salt, inputs)`. `canonical()` writes a value as bytes in one way
only, type by type, and refuses any type it does not know: a value whose bytes would depend on its memory
address, its `repr` or a pickle's layout (a callable, an open file, a plain object) is never keyed, so two
different inputs can never share a key, and one input always has the same key. `code_salt(module)` is the
digest of the source of the module that derives an output and of every module of this package it imports,
directly or not, with the versions of the libraries named: an edit elsewhere in the package leaves the
output's key alone, an edit in its import closure changes it.
"""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import enum
import functools
import hashlib
import platform
import sys
import types
from collections.abc import Iterator, Mapping
from decimal import Decimal
from importlib import metadata
from pathlib import Path, PurePath

PACKAGE = Path(__file__).resolve().parents[1]  # the tradebriefs package
# The package folders a module reads as it runs: whatever imports it depends on their bytes too.
DATA_OF = {
    "core/hs.py": "core/reference",
    "core/i18n.py": "locale",  # the message catalogs
    "render/templates.py": "render/templates",
}


class Unkeyable(TypeError):
    """A value of a type `canonical` does not know how to write in one way only."""


def _length(data: bytes) -> bytes:
    return str(len(data)).encode() + b":" + data


def _leaf(tag: bytes, data: bytes, out: list[bytes]) -> None:
    out.append(b"%b%d:%b" % (tag, len(data), data))


@functools.cache
def _type_name(cls: type) -> bytes:
    return f"{cls.__module__}.{cls.__qualname__}".encode()


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def _sorted_items(items, out: list[bytes], refs: dict | None = None) -> None:
    """Items written apart, then in the order of their bytes: a dict or a set in any order is one value."""
    encoded = []
    for item in items:
        part: list[bytes] = []
        _write(item, part, refs)
        encoded.append(b"".join(part))
    out += sorted(encoded)


@functools.cache
def _frozen(cls: type) -> bool:
    return dataclasses.is_dataclass(cls) and cls.__dataclass_params__.frozen


def _write(value, out: list[bytes], refs: dict | None = None) -> None:
    """Append `value`'s bytes to `out`. Leaves are length-prefixed; a container is its tag, its items and
    b"e", so no bytes of one value can be read as another's. With `refs` (Digests), a frozen dataclass is
    written as the digest of its own bytes, computed once per object."""
    kind = type(value)
    if refs is not None and _frozen(kind):
        held = refs.get(id(value))
        if held is None:
            part: list[bytes] = []
            _write_object(value, kind, part, refs)
            held = refs[id(value)] = (value, hashlib.sha256(b"".join(part)).digest())
        out.append(b"r" + held[1])
        return
    exact = _EXACT.get(kind)
    if exact is not None:  # the common types, by their exact type: one lookup, no isinstance chain
        exact(value, out, refs)
    else:
        _write_other(value, kind, out, refs)


def _write_str(value: str, out: list[bytes], refs) -> None:
    data = value.encode("utf-8", "surrogatepass")
    out.append(b"s%d:%b" % (len(data), data))


def _write_none(value, out: list[bytes], refs) -> None:
    out.append(b"N")


def _write_bool(value: bool, out: list[bytes], refs) -> None:
    out.append(b"T" if value else b"F")


def _write_int(value: int, out: list[bytes], refs) -> None:
    out.append(b"i%d;" % value)


def _write_sequence(value, out: list[bytes], refs) -> None:
    out.append(b"l")
    for item in value:
        _write(item, out, refs)
    out.append(b"e")


def _write_decimal(value: Decimal, out: list[bytes], refs) -> None:
    _leaf(b"d", str(value).encode(), out)  # 240.110 and 240.11 are printed differently


# Exact types only: a subclass of str or int is written with its type's name (_write_other).
_EXACT = {
    str: _write_str,
    type(None): _write_none,
    bool: _write_bool,
    int: _write_int,
    tuple: _write_sequence,
    list: _write_sequence,
    Decimal: _write_decimal,
}


def _write_other(value, kind: type, out: list[bytes], refs: dict | None) -> None:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        _write_object(value, kind, out, refs)
    elif isinstance(value, Mapping):  # a dict, or a mapping such as a MkDocs Config
        out.append(b"m")
        _sorted_items(value.items(), out, refs)
        out.append(b"e")
    elif isinstance(value, enum.Enum):
        _leaf(b"E", _type_name(kind), out)
        _write(value.value, out, refs)
    elif isinstance(value, str):  # a subclass (Markup): its type is part of what it is
        _leaf(b"S", _type_name(kind), out)
        _leaf(b"s", value.encode("utf-8", "surrogatepass"), out)
    elif isinstance(value, int):  # a subclass: its type is part of what it is, as for a str
        _leaf(b"I", _type_name(kind), out)
        out.append(b"i%d;" % int(value))
    elif isinstance(value, float):
        _leaf(b"f", value.hex().encode(), out)
    elif isinstance(value, bytes | bytearray | memoryview):
        _leaf(b"b", bytes(value), out)
    elif isinstance(value, dt.datetime):
        _leaf(b"t", value.isoformat().encode(), out)
    elif isinstance(value, dt.date):
        _leaf(b"D", value.isoformat().encode(), out)
    elif isinstance(value, PurePath):
        _leaf(b"p", value.as_posix().encode(), out)
    elif isinstance(value, tuple | list):
        _write(list(value), out, refs)
    elif isinstance(value, set | frozenset):
        out.append(b"u")
        _sorted_items(value, out, refs)
        out.append(b"e")
    elif isinstance(value, types.SimpleNamespace):
        out.append(b"n")
        _write(vars(value), out, refs)
    elif isinstance(value, functools.partial):
        out.append(b"P")
        _write((value.func, value.args, value.keywords), out, refs)
    elif isinstance(
        value, types.FunctionType | types.BuiltinFunctionType | types.MethodDescriptorType | type
    ):
        # A function or class by its qualified name: its code is the library's, whose version is in the
        # salt. A lambda or a function made inside another has no name that says what it does: refused.
        name = f"{value.__module__}.{value.__qualname__}"
        if "<" in name:
            raise Unkeyable(f"cannot key {name}: a function without a stable name")
        _leaf(b"c", name.encode(), out)
    else:
        raise Unkeyable(f"cannot key a value of type {_type_name(kind).decode()}")


@functools.cache
def _object_layout(cls: type, compared: bool) -> tuple[bytes, tuple[tuple[str, bytes], ...]]:
    """A dataclass's bytes before its fields, and each field's name with the bytes written before its value:
    made once per class (every field, or with `compared` those its equality sees)."""
    names = (
        tuple(f.name for f in dataclasses.fields(cls) if f.compare)
        if compared
        else _field_names(cls)
    )
    head: list[bytes] = []
    _leaf(b"o", _type_name(cls), head)
    fields = []
    for name in names:
        prefix: list[bytes] = []
        _leaf(b"a", name.encode(), prefix)
        fields.append((name, prefix[0]))
    return head[0], tuple(fields)


def _write_object(value, kind: type, out: list[bytes], refs: dict | None) -> None:
    head, fields = _object_layout(kind, refs is not None)
    out.append(head)
    for name, prefix in fields:
        out.append(prefix)
        _write(getattr(value, name), out, refs)
    out.append(b"e")


def canonical(value) -> bytes:
    """`value` as bytes that depend on its content alone; Unkeyable for a type not listed here."""
    out: list[bytes] = []
    _write(value, out)
    return b"".join(out)


def digest(value) -> str:
    return hashlib.sha256(canonical(value)).hexdigest()


class Digests:
    """Digests of many values that share objects (the records a build's tables hold): each frozen dataclass
    is written once, as the digest of its bytes, wherever it recurs. Held for one build: the objects are
    kept alive, so that their ids name them. A dataclass is written as its equality sees it: a field declared
    with compare=False (where a record stands in its file, a table made on demand) is not part of it."""

    def __init__(self) -> None:
        self.refs: dict[int, tuple[object, bytes]] = {}

    def digest(self, value) -> str:
        out: list[bytes] = []
        _write(value, out, self.refs)
        return hashlib.sha256(b"".join(out)).hexdigest()


def key(kind: str, salt: str, inputs) -> str:
    """The key of one output: what it is, the code that makes it, and everything it is made from."""
    return digest((kind, salt, inputs))


# The fields of a statement that hold statements: an import is a statement, and an expression never holds one
# (a lambda's body is an expression), so walking these finds every import without visiting any expression.
_BODIES = ("body", "orelse", "finalbody", "handlers", "cases")


def _statements(body: list) -> Iterator[ast.AST]:
    """Every statement in `body` and in the bodies of the statements in it (functions, classes, branches,
    loops, `with`, `try` and its handlers, `match` and its cases)."""
    todo = list(reversed(body))
    while todo:
        node = todo.pop()
        yield node
        for name in _BODIES:
            inner = getattr(node, name, None)
            if isinstance(inner, list):
                todo += reversed(inner)


@functools.cache
def imports_of(path: Path) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What a source file imports, at the top or inside a function: (the modules of this package, the
    top-level names of the other libraries; the standard library's left out)."""
    found, others = set(), set()
    for node in _statements(ast.parse(path.read_text(encoding="utf-8")).body):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.startswith("tradebriefs"):
                found.add(node.module)
                found |= {f"{node.module}.{alias.name}" for alias in node.names}
            else:
                others.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("tradebriefs")}
            others |= {
                a.name.split(".")[0] for a in node.names if not a.name.startswith("tradebriefs")
            }
    others -= set(sys.stdlib_module_names)
    return tuple(sorted(found)), tuple(sorted(others))


def _module_file(name: str) -> Path | None:
    parts = name.split(".")[1:]
    base = PACKAGE.joinpath(*parts)
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def import_closure(module: str) -> list[Path]:
    """The source files of `module` and of every module of this package it imports, transitively."""
    seen: dict[str, Path] = {}
    todo = [module]
    while todo:
        name = todo.pop()
        path = _module_file(name)
        if path is None or name in seen:
            continue
        seen[name] = path
        todo += [m for m in imports_of(path)[0] if m not in seen]
    return sorted(set(seen.values()))


@functools.cache
def code_salt(module: str, libraries: tuple[str, ...] = (), data: tuple[str, ...] = ()) -> str:
    """The digest of `module`'s import closure (its bytes and paths), the versions of `libraries` and of every
    library the closure imports, and the files under the package folders in `data` (templates, reference
    tables) it reads."""
    h = hashlib.sha256(
        _length(platform.python_version().encode())
    )  # pickles and repr differ by version
    files = import_closure(module)
    libraries = {n.lower() for n in libraries} | set(libraries_of(tuple(files)))
    # Files a module of the closure reads are part of its code: the templates, the reference tables.
    data = (
        *data,
        *(DATA_OF[f] for f in (p.relative_to(PACKAGE).as_posix() for p in files) if f in DATA_OF),
    )
    data = tuple(sorted(set(data)))
    for folder in data:
        files += sorted(p for p in (PACKAGE / folder).rglob("*") if p.is_file())
    for path in files:
        h.update(_length(path.relative_to(PACKAGE).as_posix().encode()))
        h.update(_length(path.read_bytes()))
    for name in sorted(libraries):
        h.update(_length(f"{name}={_version(name)}".encode()))
    return h.hexdigest()


# The installed distribution of each library the package imports, by its import name (tests/test_store.py
# checks this table against every import of the package, so a new library cannot be left out of the salts).
DISTRIBUTION_OF = {
    "babel": "babel",
    "jinja2": "jinja2",
    "jsonschema": "jsonschema",
    "markdown": "markdown",
    "markupsafe": "markupsafe",
    "matplotlib": "matplotlib",
    "mkdocs": "mkdocs",
    "nh3": "nh3",
    "pagefind_bin_extended": "pagefind_bin_extended",
    "pycountry": "pycountry",
    "yaml": "pyyaml",
}


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:  # an import name missing from DISTRIBUTION_OF
        return "unknown"


def libraries_of(files: tuple[Path, ...]) -> tuple[str, ...]:
    """Every installed distribution the files import: a code salt holds their versions whether or not its
    maker names them, so a library's upgrade changes the outputs made with it."""
    return tuple(
        sorted({DISTRIBUTION_OF.get(top, top) for path in files for top in imports_of(path)[1]})
    )
