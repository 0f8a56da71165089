"""The one fi/sv/en message catalogue: every fixed word of the reports, pages and templates.

The catalogue is gettext's: ``kg/locale/<lang>/LC_MESSAGES/*.po`` per language (the
reports' words in ``messages.po``, the web pages' in ``pages.po``, … : one catalogue kept in
a few files by the part of the service that speaks them; an id may be in only one), each
message id a dotted key (``audit.title``, ``network.metric.degree``) with its text in
that language, ``{name}`` fields filled with :meth:`str.format`. The ``.po`` files are read
with Babel at first use and compiled in memory (:func:`translations`): no generated binary
``.mo`` file is committed or has to be rebuilt after an edit, and the wheel ships the
``.po`` sources (about 20 kB) as package data. A test requires every id to have a
non-empty text in all three languages.

Python code asks for a message with :func:`message` (``message("audit.title", "sv")``) or
takes a language's part of the catalogue as a mapping with :class:`Words`
(``Words("audit", lang)["title"]``) or one message in every language with :class:`Texts`
(``Texts("network.kind.municipality")[lang]``); all three raise ``KeyError`` for an id the
catalogue does not hold, rather than printing the id. Jinja2 templates use the same
catalogue through the ``i18n`` extension (:func:`install`, :func:`environment`):
``{{ _("network.title") }}`` or ``{% trans %}network.title{% endtrans %}``.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Babel and Jinja2 are loaded when the catalogue is first read
    from babel.support import Translations
    from jinja2 import BaseLoader, Environment

LANGS = ("fi", "sv", "en")
LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"


def po_path(lang: str) -> Path:
    """The catalogue's first file in ``lang`` (the reports' words)."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def po_paths(lang: str) -> list[Path]:
    """Every file of the catalogue in ``lang``, ``messages.po`` first."""
    folder = LOCALE_DIR / lang / "LC_MESSAGES"
    return sorted(folder.glob("*.po"), key=lambda p: (p.name != f"{DOMAIN}.po", p.name))


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"language must be one of {', '.join(LANGS)}, not {lang!r}")
    return lang


@dataclass(frozen=True)
class Catalogue:
    """One language's messages: gettext translations and the ids they hold."""

    lang: str
    translations: Translations
    texts: Mapping[str, str]  # id → text, as the .po file gives it

    def __call__(self, key: str, **fields: object) -> str:
        """The message ``key``, its ``{fields}`` filled; KeyError if there is none."""
        if key not in self.texts:
            raise KeyError(
                f"no message {key!r} in the {self.lang} catalogue ({po_path(self.lang)})"
            )
        text = self.translations.gettext(key)
        return text.format(**fields) if fields else text


@functools.cache
def translator(lang: str) -> Catalogue:
    """The catalogue of ``lang`` (read once per process)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    from babel.support import Translations

    check_lang(lang)
    first, *others = po_paths(lang)
    with first.open("rb") as handle:
        catalog = read_po(handle, locale=lang, domain=DOMAIN)
    for path in others:
        with path.open("rb") as handle:
            for m in read_po(handle, locale=lang, domain=DOMAIN):
                if not m.id:
                    continue
                if m.id in catalog:
                    raise ValueError(f"message {m.id!r} of {path} is also in another file")
                catalog[m.id] = m
    # an empty text is no message: asking for it fails rather than printing the id
    texts = {m.id: m.string for m in catalog if m.id and isinstance(m.id, str) and m.string}
    compiled = io.BytesIO()
    write_mo(compiled, catalog)  # gettext reads the compiled form; it is made here, in memory
    compiled.seek(0)
    return Catalogue(lang, Translations(compiled, domain=DOMAIN), texts)  # type: ignore[arg-type]


def translations(lang: str) -> Translations:
    """The gettext translations of ``lang`` (for Jinja2 or any gettext user)."""
    return translator(lang).translations


def message(key: str, lang: str, **fields: object) -> str:
    """The message ``key`` in ``lang``, its ``{fields}`` filled."""
    return translator(lang)(key, **fields)


def message_ids() -> set[str]:
    """Every id any of the languages' catalogues holds."""
    return {key for lang in LANGS for key in translator(lang).texts}


class Words(Mapping[str, str]):
    """The messages under ``prefix`` in one language, by the rest of their id:
    ``Words("audit", "fi")["title"]`` is ``message("audit.title", "fi")``. Reads the
    catalogue only when a word is asked for."""

    def __init__(self, prefix: str, lang: str) -> None:
        self.prefix = prefix + "."
        self.lang = check_lang(lang)

    def __getitem__(self, key: str) -> str:
        return message(self.prefix + key, self.lang)

    def __iter__(self) -> Iterator[str]:
        texts = translator(self.lang).texts
        return (k[len(self.prefix) :] for k in texts if k.startswith(self.prefix))

    def __len__(self) -> int:
        return sum(1 for _ in self)


class Texts(Mapping[str, str]):
    """One message in every language, by language: ``Texts("network.kind.theme")["sv"]``."""

    def __init__(self, key: str) -> None:
        self.key = key

    def __getitem__(self, lang: str) -> str:
        if lang not in LANGS:
            raise KeyError(lang)
        return message(self.key, lang)

    def __iter__(self) -> Iterator[str]:
        return iter(LANGS)

    def __len__(self) -> int:
        return len(LANGS)

    def __repr__(self) -> str:
        return f"Texts({self.key!r})"


def install(env: Environment, lang: str) -> Environment:
    """Give a Jinja2 environment the catalogue of ``lang``: ``_()``, ``gettext()`` and
    ``{% trans %}``. Old-style gettext, so a message comes back as written and its
    ``{fields}`` are filled as in Python: ``_("import.more").format(n=3)``."""
    if "jinja2.ext.InternationalizationExtension" not in env.extensions:
        env.add_extension("jinja2.ext.i18n")
    env.install_gettext_translations(translations(lang), newstyle=False)  # type: ignore[attr-defined]
    return env


def environment(lang: str, loader: BaseLoader | None = None) -> Environment:
    """A Jinja2 environment (autoescaping HTML) speaking ``lang`` from the catalogue."""
    from jinja2 import Environment, select_autoescape

    env = Environment(loader=loader, autoescape=select_autoescape(default_for_string=True))
    return install(env, lang)
