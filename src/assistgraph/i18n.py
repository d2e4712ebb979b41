"""Messages in the analysts' language: gettext catalogs, one per language.

The English text in the code is the message id; ``locale/<LANG>/LC_MESSAGES/
assistgraph.po`` holds each language's translations and is compiled to
``assistgraph.mo`` when the package is built (``hatch_build.py``, with Babel).
A checkout whose ``.po`` is newer than its ``.mo`` (or has none) compiles the
catalog in memory with Babel, so an edited translation shows at once. A third
language is one new catalog folder: nothing in the code names the languages.

The language is chosen by :func:`set_language` (the CLI's ``--lang``), else
``$ASSISTGRAPH_LANG``, else the locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``:
``zh_CN.UTF-8`` gives ``zh``), else English.

>>> set_language("zh")
>>> _("Error: {message}", message="x")
'错误：x'
>>> messages("Error: {message}", message="x")
{'en': 'Error: x', 'zh': '错误：x'}
>>> set_language(None)  # back to the environment's choice
"""

from __future__ import annotations

import functools
import gettext as _gettext
import io
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

__all__ = [
    "DOMAIN",
    "N_",
    "Message",
    "_",
    "available_languages",
    "catalog_dir",
    "get_language",
    "gettext",
    "language_from_env",
    "message",
    "messages",
    "named",
    "ngettext",
    "normalize",
    "set_language",
    "translation",
]

DOMAIN = "assistgraph"
DEFAULT = "en"
_LOCALE_DIR = Path(__file__).resolve().parent / "locale"
_chosen: str | None = None


def _locale_dir() -> Path:
    return _LOCALE_DIR


def catalog_dir(lang: str) -> Path:
    """The ``LC_MESSAGES`` folder of language ``lang`` (``zh`` → ``locale/zh_CN/…``)."""
    return _locale_dir() / _folders().get(lang, lang) / "LC_MESSAGES"


def _folders() -> dict[str, str]:
    """Short language code → catalog folder name, for every catalog present."""
    return _folders_in(_locale_dir())


@functools.cache
def _folders_in(root: Path) -> dict[str, str]:
    # once per process and folder: a message is translated thousands of times per
    # command (every gap carries its text in every language), a folder scan costs ~0.1 ms
    found: dict[str, str] = {}
    if root.is_dir():
        for d in sorted(root.iterdir()):
            lc = d / "LC_MESSAGES"
            if (lc / f"{DOMAIN}.po").is_file() or (lc / f"{DOMAIN}.mo").is_file():
                found.setdefault(d.name.split("_")[0].lower(), d.name)
    return found


def available_languages() -> tuple[str, ...]:
    """The short codes of the languages that have a catalog, e.g. ``('en', 'zh')``."""
    return _available_in(_locale_dir())


@functools.cache
def _available_in(root: Path) -> tuple[str, ...]:
    return tuple(sorted(_folders_in(root) | {DEFAULT: DEFAULT}))


def normalize(value: str | None) -> str | None:
    """A locale or language name as a short code we have a catalog for, else None.

    ``zh_CN.UTF-8``, ``zh-Hans`` and ``ZH`` give ``zh``; ``C``, ``POSIX`` and
    languages without a catalog give None.
    """
    if not value:
        return None
    code = value.strip().replace("-", "_").split(".")[0].split("@")[0].split("_")[0].lower()
    return code if code in available_languages() else None


def language_from_env(environ: Mapping[str, str] | None = None) -> str:
    """The language the environment asks for.

    ``ASSISTGRAPH_LANG`` first; then the first of ``LC_ALL``, ``LC_MESSAGES``
    and ``LANG`` that is set (as the C library reads them), if we have its
    catalog; else English.
    """
    env = os.environ if environ is None else environ
    chosen = normalize(env.get("ASSISTGRAPH_LANG"))
    if chosen:
        return chosen
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var)
        if value:
            return normalize(value) or DEFAULT
    return DEFAULT


def set_language(lang: str | None) -> None:
    """Use ``lang`` (``zh``, ``en``, a locale name) from now on; None: the environment's."""
    global _chosen
    if lang is None:
        _chosen = None
        return
    code = normalize(lang)
    if code is None:
        msg = f"no catalog for language {lang!r}; have {', '.join(available_languages())}"
        raise ValueError(msg)
    _chosen = code


def get_language() -> str:
    """The language in use: the one set, else the environment's."""
    return _chosen or language_from_env()


def _compile_po(po: Path) -> _gettext.NullTranslations | None:
    """The catalog ``po`` compiled in memory with Babel, or None without Babel."""
    try:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po
    except ImportError:  # an installed package has its .mo and needs no Babel
        return None
    with po.open("rb") as f:
        catalog = read_po(f, locale=po.parent.parent.name)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return _gettext.GNUTranslations(buf)


def translation(lang: str | None = None) -> _gettext.NullTranslations:
    """The gettext translations of ``lang`` (default: the language in use).

    Read once per process and catalog (a ``.po`` edited since the build is compiled
    in memory when Babel is installed).
    """
    return _translation_in(lang or get_language(), _locale_dir())


@functools.cache
def _translation_in(code: str, root: Path) -> _gettext.NullTranslations:
    lc = root / _folders_in(root).get(code, code) / "LC_MESSAGES"
    mo, po = lc / f"{DOMAIN}.mo", lc / f"{DOMAIN}.po"
    if po.is_file() and (not mo.is_file() or po.stat().st_mtime > mo.stat().st_mtime):
        compiled = _compile_po(po)  # edited since the build
        if compiled is not None:
            return compiled
    if mo.is_file():
        with mo.open("rb") as f:
            return _gettext.GNUTranslations(f)
    return _gettext.NullTranslations()


def _format(text: str, kw: dict[str, Any]) -> str:
    return text.format(**kw) if kw else text


def _(msgid: str, /, **kw: Any) -> str:
    """``msgid`` in the language in use, with ``{name}`` placeholders filled from ``kw``."""
    return _format(translation().gettext(msgid), kw)


def gettext(msgid: str, /, **kw: Any) -> str:
    """:func:`_` under its long name, for modules that use ``_`` as a throwaway variable."""
    return _(msgid, **kw)


def ngettext(singular: str, plural: str, n: int, /, **kw: Any) -> str:
    """The singular or plural message for ``n`` (``{n}`` is filled in too)."""
    return translation().ngettext(singular, plural, n).format(n=n, **kw)


def N_(msgid: str) -> str:
    """Mark ``msgid`` for the catalog without translating it (translate it where it is used)."""
    return msgid


def messages(msgid: str, /, **kw: Any) -> dict[str, str]:
    """``msgid`` in every language with a catalog: ``{"en": …, "zh": …}`` (for JSON)."""
    return message(msgid, **kw).translations


class Message(str):
    """Text in the language in use that also carries its text in every language.

    It is a ``str`` (print it, compare it, put it in a table); ``translations``
    holds ``{"en": …, "zh": …}`` for JSON's ``messages`` and for pages that
    switch language without reloading.
    """

    translations: dict[str, str]

    def __new__(cls, text: str, translations: Mapping[str, str] | None = None) -> Message:
        obj = super().__new__(cls, text)
        obj.translations = dict(translations or {DEFAULT: text})
        return obj

    @classmethod
    def of(cls, translations: Mapping[str, str]) -> Message:
        """The text of ``translations`` in the language in use (else English)."""
        lang = get_language()
        text = translations.get(lang) or translations.get(DEFAULT) or ""
        return cls(text, translations)

    def in_language(self, lang: str) -> str:
        """The text in ``lang`` (English where it has none)."""
        return self.translations.get(lang) or self.translations.get(DEFAULT) or str(self)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Message, (str(self), self.translations))


def message(msgid: str, /, **kw: Any) -> Message:
    """``msgid`` filled from ``kw`` in every language, as a :class:`Message`.

    A value that is itself a :class:`Message` (a force's name, say) is put in
    each language's text in that language.

    >>> m = message("Error: {message}", message=named("县", "county"))
    >>> m.translations
    {'en': 'Error: county', 'zh': '错误：县'}
    """
    texts = {}
    for lang in available_languages():
        args = {k: v.in_language(lang) if isinstance(v, Message) else v for k, v in kw.items()}
        texts[lang] = _format(translation(lang).gettext(msgid), args)
    return Message.of(texts)


def named(zh: str, en: str) -> Message:
    """A name given in Chinese and English (data, not a catalog message)."""
    return Message.of({"zh": zh, DEFAULT: en})
