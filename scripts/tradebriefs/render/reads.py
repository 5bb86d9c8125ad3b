"""What each page read, recorded as it is made, so that the next build makes only the pages whose reads changed.

A page of a brief, a pair, its data or its checks is made from tables (the catalog's figures, briefs, sources,
quotes and ranks; the derived figures; the checks; the chart plans; the revisions): its view function looks
entries up, and each lookup is recorded (`Reads`) through the `Table` it went through. Iterating a table, or
asking its length, reads it whole (`ALL`): its keys, their order and every value. When the page is made, its
Markdown is kept in the store with the digest (keys.digest) of every entry it read, under a key of its path,
the code that makes it (the import closure of pages.py, with the templates and the libraries) and the
settings it was made with. The next build looks the page up and compares each recorded entry's digest with the
entry's digest now: all equal, the kept Markdown is the page, and neither its view nor its template is made;
one differs, the page is made again and that entry is the reason (`-v` prints it).

Nothing is declared by hand: a page depends on exactly what it looked up, and a value recomputed with the same
content (a derived figure, a check) leaves its pages alone. Anything a view reads that is not a Table is part of
the page's key (`static`); a view that reached for a catalog attribute not offered here would fail loudly
(AttributeError), never read around the record. The property test (tests/test_incremental.py) compares every
incremental site with a build from nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from tradebriefs.core import keys
from tradebriefs.core.context import ViewCounts
from tradebriefs.core.i18n import language
from tradebriefs.core.store import Store
from tradebriefs.facts.catalog import Catalog
from tradebriefs.facts.revisions import History

ALL = "*"  # a whole table read
FIRST_MADE = "first made"  # why a page not kept before was made
KIND = "page-reads"  # the store's name for a page's Markdown and what it read
LIBRARIES = ("Jinja2", "MarkupSafe", "Babel", "Markdown", "nh3", "pycountry")
_ABSENT = ("absent",)


class Reads:
    """The (table, key) entries one page read while it was made."""

    def __init__(self) -> None:
        self.seen: set[tuple[str, object]] = set()

    def add(self, table: str, key) -> None:
        self.seen.add((table, key))


class Table(Mapping):
    """A read-only mapping whose lookups are recorded in `reads`; iterating it reads it whole."""

    def __init__(self, name: str, data: Mapping, reads: Reads):
        self.name, self.data, self.reads = name, data, reads

    def __getitem__(self, key):
        self.reads.add(self.name, key)
        return self.data[key]

    def __iter__(self) -> Iterator:
        self.reads.add(self.name, ALL)
        return iter(self.data)

    def __len__(self) -> int:
        self.reads.add(self.name, ALL)
        return len(self.data)


CATALOG_TABLES = ("sources", "groups", "figures", "ranks", "quotes", "briefs")


class ReadCatalog:
    """A Catalog whose every lookup is recorded; only what the page views use is offered."""

    def __init__(self, cat: Catalog, reads: Reads):
        self._cat, self._reads = cat, reads
        for name in CATALOG_TABLES:
            setattr(self, name, Table(name, getattr(cat, name), reads))

    def cited(self, ident: str):
        return self.figures.get(ident) or self.ranks.get(ident)

    def replaced_by(self, ident: str):
        self._reads.add("replaced_by", ident)
        return self._cat.replaced_by(ident)

    def pair_figures(self, key: tuple[str, str]):
        self._reads.add("pair_figures", key)
        return self._cat.pair_figures(key)


@dataclass(frozen=True)
class ReadHistory:
    """A History whose revisions are looked up through a Table; whether there is a history at all is part
    of every page's key (Pages.static)."""

    available: bool
    note: str
    revisions: Table


class Inputs:
    """The build's tables, by name, and each entry's digest, computed once per build. A table is a mapping or
    a function of a key (the catalog's replaced_by and pair_figures)."""

    def __init__(
        self,
        cat: Catalog,
        history: History,
        writer: keys.Digests | None = None,
        shared: tuple[frozenset, dict] = (frozenset(), {}),
        **tables: Mapping,
    ):
        self.cat, self.history = cat, history
        self.tables: dict[str, Mapping | Callable] = {
            **{name: getattr(cat, name) for name in CATALOG_TABLES},
            "replaced_by": cat.replaced_by,
            "pair_figures": cat.pair_figures,
            "revisions": history.revisions,
            **tables,
        }
        self.digests: dict[tuple[str, object], str] = {}
        # The tables whose entries are the same in every edition of a build (pages.SHARED_TABLES), and their
        # entries' digests (pages.Once): worked out by the first edition, used by the others.
        self.shared_tables, self.shared_digests = shared
        # A record in many entries is written once; `writer` shared by a build's editions, once in all of them.
        self.writer = writer if writer is not None else keys.Digests()

    def digest(self, table: str, key) -> str:
        token = (table, key)
        digests = self.shared_digests if table in self.shared_tables else self.digests
        found = digests.get(token)
        if found is None:
            data = self.tables[table]
            if callable(data):
                value = ("v", data(key))
            elif key == ALL:
                value = [(k, self.digest(table, k)) for k in data]
            else:
                value = ("v", data[key]) if key in data else _ABSENT
            found = digests[token] = self.writer.digest(value)
        return found

    def catalog(self, reads: Reads) -> ReadCatalog:
        return ReadCatalog(self.cat, reads)

    def history_of(self, reads: Reads) -> ReadHistory:
        return ReadHistory(
            self.history.available,
            self.history.note,
            Table("revisions", self.history.revisions, reads),
        )

    def table(self, name: str, reads: Reads) -> Table:
        return Table(name, self.tables[name], reads)


def _json_key(key):
    return list(key) if isinstance(key, tuple) else key


def _key_of(stored):
    return tuple(_key_of(k) for k in stored) if isinstance(stored, list) else stored


def reason(table: str, key) -> str:
    if key == ALL:
        return f"{table} (the whole table) changed"
    shown = "-".join(key) if isinstance(key, tuple) else str(key)
    return f"{table} {shown} changed"


class Pages:
    """Pages made from their views, or read back from the store while nothing they read has changed."""

    def __init__(
        self, store: Store | None, inputs: Inputs, static, counts: ViewCounts | None = None
    ):
        self.store = store if store is not None else Store(None)
        self.inputs = inputs
        self.counts = counts if counts is not None else ViewCounts()
        self.salt = keys.code_salt("tradebriefs.render.pages", LIBRARIES, ("render/templates",))
        self.static = (
            static  # what every page is made with besides its tables (the site's settings)
        )

    def page(self, path: str, static, make: Callable[[Reads], str]) -> str:
        """The Markdown of the page at `path`: `make(reads)` makes it, reading its tables through `reads`."""
        if not self.store.on:
            return make(Reads())
        try:
            key = keys.key(KIND, self.salt, (path, language(), self.static, static))
        except keys.Unkeyable:
            return make(Reads())
        kept = self.store.get(KIND, key)
        why = FIRST_MADE
        if kept is not None:
            entry = json.loads(kept)
            why = self._stale(entry["reads"])
            if why is None:
                self.counts.reused += 1
                return entry["text"]
        reads = Reads()
        text = make(reads)
        try:
            recorded = sorted(
                ([table, _json_key(k), self.inputs.digest(table, k)] for table, k in reads.seen),
                key=lambda r: (r[0], json.dumps(r[1])),
            )
        except keys.Unkeyable:  # an entry that cannot be keyed: the page is made every time
            return text
        entry = {"reads": recorded, "text": text}
        self.store.put(KIND, key, json.dumps(entry, ensure_ascii=False).encode("utf-8"))
        self.counts.made += 1
        self.counts.why.append((path, why))
        return text

    def _stale(self, recorded: list) -> str | None:
        """The first entry the page read whose content has changed since, as a reason; None when none has."""
        for table, stored, digest in recorded:
            key = _key_of(stored)
            try:
                if table not in self.inputs.tables or self.inputs.digest(table, key) != digest:
                    return reason(table, key)
            except (keys.Unkeyable, TypeError, KeyError):  # a table that no longer takes that key
                return reason(table, key)
        return None
