"""The render memo: text the generator made, kept in the build's store (core/store.py) under its key.

A page's Markdown is a pure function of its template, its path and its view (views/); a brief's body
HTML of its Markdown and the citations it may link. Making them again costs Jinja or Python-Markdown time on
every page of every build, though a one-figure change alters a handful of them. So each is kept under
keys.key(kind, the code that makes it, its inputs): the code is the import closure of the module that makes
that kind (with the templates for pages, and the versions of the libraries it imports), the inputs are
written by keys.canonical, which refuses any type it cannot write in one way only; such an input is simply
made, every time, and counted. The pages of briefs, pairs, data and checks go through reads.py instead (kept
with what they read, so their views are not even made); a chart's CSV and JSON are not kept at all (writing
them costs less than keying them).

Only `tradebriefs build` and the preview hand the renderers a Memo over the build's store; their default,
NO_MEMO, makes everything, as in the tests of the renderers.
"""

from __future__ import annotations

from collections.abc import Callable

from tradebriefs.core import keys
from tradebriefs.core.context import TextCounts
from tradebriefs.core.i18n import language
from tradebriefs.core.store import Store

# What makes each kind of text: (module, libraries, package folders it reads).
MAKERS = {
    "page": (
        "tradebriefs.render.templates",
        ("Jinja2", "MarkupSafe", "Babel", "pycountry"),
        ("render/templates",),
    ),
    "body": ("tradebriefs.core.markup", ("Markdown", "nh3"), ()),
}
KIND = "text"  # the store's name for these outputs


def salt(kind: str) -> str:
    module, libraries, data = MAKERS[kind]
    return keys.code_salt(module, libraries, data)


class Memo:
    """Texts read back from `store`, or made and kept there; `counts`: the build's (context.Stats.texts)."""

    def __init__(self, store: Store | None, counts: TextCounts | None = None):
        self.store = store if store is not None else Store(None)
        self.run = counts if counts is not None else TextCounts()

    def text(self, kind: str, inputs: tuple, make: Callable[[], str]) -> str:
        if not self.store.on:
            return make()
        try:
            key = keys.key(kind, salt(kind), (language(), inputs))
        except keys.Unkeyable:
            self.run.unkeyed += 1
            return make()
        kept = self.store.get(KIND, key)
        if kept is not None:
            self.run.reused += 1
            return kept.decode("utf-8")
        made = make()
        self.store.put(KIND, key, made.encode("utf-8"))
        self.run.made += 1
        return made


NO_MEMO = Memo(None)  # makes every text: the renderers' default
