"""Editions: the site in several languages, made from one set of checked facts.

The facts, their checks, sources and ids are shared; an edition differs in its words (the message catalogs,
core/i18n.py), its number, date and period forms (CLDR, through numbers.py and periods.py), and each brief's
title, place, summary and body, which the brief's `translations:` give per language. The first edition in
mkdocs.yml is the site's root, every other one is a folder named by its language (`ru/`, `zh/`), each built
by MkDocs as a site of its own with the theme in its language (Material's advice for a multilingual site:
one build per language), with its own sitemap, feeds and search index.

A brief without a translation into an edition's language is, as mkdocs.yml says (`untranslated:`), either
shown in its own language with a visible note and its text marked with its `lang` (`original`), or left out
of that edition (`omit`); never silently.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from babel import Locale

from tradebriefs.core.errors import SettingError
from tradebriefs.core.i18n import SOURCE_LANGUAGE, available
from tradebriefs.facts.pipeline import Checked

UNTRANSLATED = ("original", "omit")


@dataclass(frozen=True)
class Edition:
    lang: str  # its language's code, as HTML's lang attribute writes it: en, ru, zh
    prefix: str  # its folder in the site, ending in '/': '' for the first edition, at the root

    @property
    def name(self) -> str:
        """The language's name in itself, as a language switcher shows it: English, Русский, 中文."""
        name = Locale.parse(self.lang).get_display_name(self.lang) or self.lang
        return name[:1].upper() + name[1:]


@dataclass(frozen=True)
class Editions:
    all: tuple[Edition, ...]
    untranslated: str = "original"

    @property
    def default(self) -> Edition:
        return self.all[0]

    def of(self, lang: str) -> Edition:
        for edition in self.all:
            if edition.lang == lang:
                return edition
        raise KeyError(lang)

    @property
    def many(self) -> bool:
        return len(self.all) > 1

    def only(self, langs) -> Editions:
        """These editions alone ($TRADEBRIEFS_EDITIONS), each in its folder as before; all when `langs` is
        empty. SettingError for a language the site has no edition in."""
        if not langs:
            return self
        unknown = [lang for lang in langs if lang not in {e.lang for e in self.all}]
        if unknown:
            raise SettingError(
                f"TRADEBRIEFS_EDITIONS: no edition in {', '.join(unknown)}; mkdocs.yml's editions are "
                f"{', '.join(e.lang for e in self.all)}"
            )
        return Editions(tuple(e for e in self.all if e.lang in langs), self.untranslated)


ONE = Editions((Edition(SOURCE_LANGUAGE, ""),))


def editions_from(langs, untranslated: str = "original") -> Editions:
    """mkdocs.yml's `editions: [en, ru, zh]`: the first at the root. SettingError for a language without a
    catalog, a repeated one, or an unknown `untranslated:`."""
    langs = list(langs or [SOURCE_LANGUAGE])
    known = available()
    for lang in langs:
        if lang not in known:
            raise SettingError(
                f"editions: no catalog for '{lang}' (scripts/tradebriefs/locale/{lang}/LC_MESSAGES/"
                f"messages.po); the languages with one are {', '.join(known)}"
            )
    if len(set(langs)) != len(langs):
        raise SettingError(f"editions: a language is listed twice in {langs}")
    if untranslated not in UNTRANSLATED:
        raise SettingError(
            f"untranslated: expected one of {', '.join(UNTRANSLATED)}, got '{untranslated}'"
        )
    return Editions(
        tuple(Edition(lang, "" if i == 0 else f"{lang}/") for i, lang in enumerate(langs)),
        untranslated,
    )


def translated(brief, lang: str):
    """The brief with its words in `lang` when it has them (its figures are the original's), else None."""
    if brief.text_lang == lang:
        return brief
    for tr in brief.translations:
        if tr.lang == lang:
            return replace(
                brief,
                title=tr.title,
                place=tr.place,
                summary=tr.summary,
                body=tr.body,
                text_lang=lang,
            )
    return None


def edition_facts(checked: Checked, lang: str, untranslated: str = "original") -> Checked:
    """The checked facts as the edition in `lang` shows them: each brief in its translation, or as the
    configuration says when it has none (module docstring)."""
    briefs = {}
    for slug, brief in checked.catalog.briefs.items():
        shown = translated(brief, lang)
        if shown is None and untranslated == "original":
            shown = brief
        if shown is not None:
            briefs[slug] = shown
    if briefs == checked.catalog.briefs:
        return checked
    catalog = replace(checked.catalog, briefs=briefs, _replacements=None, _by_pair=None)
    return replace(checked, catalog=catalog)
