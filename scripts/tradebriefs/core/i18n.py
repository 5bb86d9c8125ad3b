"""The language a page is rendered in, and its words: message catalogs read with Babel.

An edition (English, Russian, Chinese) is one rendering of the same checked facts. Which language the code
below is rendering for is the one piece of ambient state in the renderer, set for the length of one
edition's rendering with `rendering_in("ru")`, as Babel's `force_locale` and Django's `translation.override`
do: every formatter (numbers.py, periods.py, values.py) and every phrase (words.py, the templates) asks
`language()` instead of taking a parameter through eighty call sites. Whatever is cached by text must
therefore be cached with the language in its key (numbers.py's caches take it as an argument).

Words live in gettext catalogs, `scripts/tradebriefs/locale/<lang>/LC_MESSAGES/messages.po`, the format every
translation tool reads. They are read as text at run time (Babel's `read_po`): no compiled `.mo` file to keep
in step. A message missing from a catalog is shown in English, and `untranslated()` lists such messages for
the test that no English is left in a translated page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel import Locale
from babel.messages.pofile import read_po

SOURCE_LANGUAGE = "en"  # the language the code, the templates and the data's briefs are written in
CATALOGS = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "messages"

_language: ContextVar[str] = ContextVar("tradebriefs_language", default=SOURCE_LANGUAGE)


def language() -> str:
    """The language being rendered: 'en', 'ru', 'zh'."""
    return _language.get()


@contextmanager
def rendering_in(lang: str) -> Iterator[None]:
    """Render in `lang` for the length of the block (the previous language afterwards, whatever happens)."""
    token = _language.set(lang)
    try:
        yield
    finally:
        _language.reset(token)


def use_language(lang: str) -> None:
    """Render in `lang` from now on, in this thread: for a plain `mkdocs build` or `mkdocs serve`, whose
    plugin renders one edition per process (build); everything else uses rendering_in."""
    _language.set(lang)


def catalog_path(lang: str) -> Path:
    return CATALOGS / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def available() -> tuple[str, ...]:
    """The languages with a catalog, and English."""
    found = sorted(p.name for p in CATALOGS.iterdir() if catalog_path(p.name).is_file())
    return (SOURCE_LANGUAGE, *found)


@cache
def messages(lang: str) -> dict[str, str]:
    """{English message: its translation} of `lang`'s catalog, fuzzy and empty ones left out."""
    if lang == SOURCE_LANGUAGE:
        return {}
    with catalog_path(lang).open("rb") as handle:
        catalog = read_po(handle, locale=lang, domain=DOMAIN)
    return {
        str(m.id): str(m.string)
        for m in catalog
        if m.id and isinstance(m.id, str) and m.string and not m.fuzzy
    }


def gettext(message: str) -> str:
    """`message` in the language being rendered (English when its catalog lacks it)."""
    lang = language()
    if lang == SOURCE_LANGUAGE:
        return message
    return messages(lang).get(message, message)


def N_(message: str) -> str:
    """Marks a message kept in a table for extraction (`pybabel extract -k N_`); translated where it is used."""
    return message


def _(message: str, **values) -> str:
    """gettext with named placeholders: _("{reporter}'s exports to {partner}", reporter=..., partner=...)."""
    text = gettext(message)
    return text.format(**values) if values else text


@dataclass(frozen=True)
class Later:
    """A value worded when it is shown: `function(*args)`, called in the language being rendered then
    (Later(country_name, ("CHN",)) is 'China' in English, 'Китай' in Russian)."""

    function: Callable
    args: tuple = ()

    def __str__(self) -> str:
        return str(self.function(*self.args))


@dataclass(frozen=True)
class Phrase:
    """A message worded when it is shown: str() gives it in the language being rendered. What is worked out
    once for every edition (a check's name) is a Phrase, and each edition shows it in its words."""

    message: str
    values: tuple[tuple[str, object], ...] = ()

    def __str__(self) -> str:
        return _(self.message, **{name: str(value) for name, value in self.values})


def in_source_language(value) -> str:
    """A Phrase or a Later worded in the source language whatever is being rendered (what every edition
    publishes as the same bytes: the downloads)."""
    with rendering_in(SOURCE_LANGUAGE):
        return str(value)


def phrase(message: str, **values) -> Phrase:
    """A Phrase; `pybabel extract -k phrase` collects its message as it does _()'s."""
    return Phrase(message, tuple(values.items()))


def foreign_lang(record) -> str:
    """A brief's language where it is not the one being rendered (an edition showing it untranslated), else ''."""
    lang = getattr(record, "text_lang", SOURCE_LANGUAGE)
    return "" if lang == language() else lang


def language_name(lang: str) -> str:
    """A language's name in the language being rendered, as CLDR writes it: 'English', 'английский', '英语'."""
    return _language_name(lang, language())


@cache
def _language_name(lang: str, shown_in: str) -> str:
    return Locale.parse(shown_in).languages.get(lang, lang)


def untranslated(lang: str, wanted) -> list[str]:
    """The messages of `wanted` that `lang`'s catalog does not translate."""
    known = messages(lang)
    return [m for m in wanted if m not in known]
