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
import types
from collections.abc import Mapping
from decimal import Decimal
from importlib import metadata
from pathlib import Path, PurePath

PACKAGE = Path(__file__).resolve().parents[1]  # the tradebriefs package


class Unkeyable(TypeError):
    """A value of a type `canonical` does not know how to write in one way only."""


def _length(data: bytes) -> bytes:
    return str(len(data)).encode() + b":" + data


def canonical(value) -> bytes:
    """`value` as bytes that depend on its content alone; Unkeyable for a type not listed here."""
    if value is None:
        return b"N"
    if value is True or value is False:
        return b"T" if value else b"F"
    if isinstance(value, enum.Enum):
        return b"e" + _length(type(value).__qualname__.encode()) + canonical(value.value)
    if isinstance(value, int):
        return b"i" + _length(str(value).encode())
    if isinstance(value, float):
        return b"f" + _length(value.hex().encode())
    if isinstance(value, Decimal):
        return b"d" + _length(str(value).encode())  # 240.110 and 240.11 are printed differently
    if isinstance(value, str):
        tag = b"s" if type(value) is str else b"S" + _length(type(value).__qualname__.encode())
        return tag + _length(value.encode("utf-8", "surrogatepass"))
    if isinstance(value, bytes | bytearray | memoryview):
        return b"b" + _length(bytes(value))
    if isinstance(value, dt.datetime):
        return b"t" + _length(value.isoformat().encode())
    if isinstance(value, dt.date):
        return b"D" + _length(value.isoformat().encode())
    if isinstance(value, PurePath):
        return b"p" + _length(value.as_posix().encode())
    if isinstance(value, tuple | list):
        return b"l" + _length(b"".join(canonical(v) for v in value))
    if isinstance(value, set | frozenset):
        return b"u" + _length(b"".join(sorted(canonical(v) for v in value)))
    if isinstance(value, Mapping):  # a dict, or a mapping such as a MkDocs Config
        items = sorted(canonical(k) + canonical(v) for k, v in value.items())
        return b"m" + _length(b"".join(items))
    if isinstance(value, types.SimpleNamespace):
        return b"n" + canonical(vars(value))
    if isinstance(value, functools.partial):
        return b"P" + canonical((value.func, value.args, value.keywords))
    if isinstance(
        value, types.FunctionType | types.BuiltinFunctionType | types.MethodDescriptorType | type
    ):
        # A function or class by its qualified name: its code is the library's, whose version is in the
        # salt. A lambda or a function made inside another has no name that says what it does: refused.
        name = f"{value.__module__}.{value.__qualname__}"
        if "<" in name:
            raise Unkeyable(f"cannot key {name}: a function without a stable name")
        return b"c" + _length(name.encode())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = b"".join(
            _length(f.name.encode()) + canonical(getattr(value, f.name))
            for f in dataclasses.fields(value)
        )
        name = f"{type(value).__module__}.{type(value).__qualname__}"
        return b"o" + _length(name.encode()) + _length(fields)
    raise Unkeyable(
        f"cannot key a value of type {type(value).__module__}.{type(value).__qualname__}"
    )


def digest(value) -> str:
    return hashlib.sha256(canonical(value)).hexdigest()


def key(kind: str, salt: str, inputs) -> str:
    """The key of one output: what it is, the code that makes it, and everything it is made from."""
    return digest((kind, salt, inputs))


@functools.cache
def _imports(path: Path) -> tuple[str, ...]:
    """The modules of this package that a source file imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.ImportFrom)
            and node.module
            and node.module.startswith("tradebriefs")
        ):
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("tradebriefs")}
    return tuple(sorted(found))


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
        todo += [m for m in _imports(path) if m not in seen]
    return sorted(set(seen.values()))


@functools.cache
def code_salt(module: str, libraries: tuple[str, ...] = (), data: tuple[str, ...] = ()) -> str:
    """The digest of `module`'s import closure (its bytes and paths), the versions of `libraries`, and the
    files under the package folders in `data` (templates, reference tables) it reads."""
    h = hashlib.sha256(
        _length(platform.python_version().encode())
    )  # pickles and repr differ by version
    files = import_closure(module)
    for folder in data:
        files += sorted(p for p in (PACKAGE / folder).rglob("*") if p.is_file())
    for path in files:
        h.update(_length(path.relative_to(PACKAGE).as_posix().encode()))
        h.update(_length(path.read_bytes()))
    for name in libraries:
        h.update(_length(f"{name}={metadata.version(name)}".encode()))
    return h.hexdigest()
