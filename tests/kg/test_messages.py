"""The one fi/sv/en message catalogue: complete in every language, shared by the Python
reports and the Jinja2 page templates, and the only table of fixed words."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import jinja2
import pytest
from babel.messages.pofile import read_po

from kg.config import REPO_ROOT
from kg.messages import (
    LANGS,
    Texts,
    Words,
    environment,
    message,
    po_path,
    po_paths,
    translator,
)


def _catalogue(lang: str) -> dict[str, str]:
    """Every message of ``lang`` from all the catalogue's files, read here with Babel."""
    out: dict[str, str] = {}
    for path in po_paths(lang):
        with path.open("rb") as handle:
            out |= {m.id: m.string for m in read_po(handle, locale=lang) if m.id}
    return out


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_every_message_has_a_text_in_fi_sv_and_en() -> None:
    catalogues = {lang: _catalogue(lang) for lang in LANGS}
    ids = set().union(*catalogues.values())
    assert len(ids) > 100
    for lang, texts in catalogues.items():
        missing = sorted(i for i in ids if not texts.get(i, "").strip())
        assert missing == [], f"{po_path(lang)} has no text for {missing}"


def test_every_message_has_the_same_fields_in_every_language() -> None:
    catalogues = {lang: _catalogue(lang) for lang in LANGS}
    for key, fi in catalogues["fi"].items():
        for lang in ("sv", "en"):
            assert _fields(catalogues[lang][key]) == _fields(fi), (key, lang)


def test_the_check_finds_a_missing_translation(tmp_path: Path) -> None:
    """A .po file with an empty msgstr is seen as missing (the check above can fail)."""
    broken = tmp_path / "messages.po"
    text = po_path("sv").read_text("utf-8")
    assert 'msgstr "Samarbetsnätverk"' in text
    broken.write_text(text.replace('msgstr "Samarbetsnätverk"', 'msgstr ""'), "utf-8")
    with broken.open("rb") as handle:
        texts = {m.id: m.string for m in read_po(handle, locale="sv") if m.id}
    assert texts["network.title"] == ""


def test_lookups_fill_fields_and_refuse_unknown_ids() -> None:
    assert message("import.more", "fi", n=3) == "… ja 3 muuta"
    assert Words("audit", "sv")["title"] == _catalogue("sv")["audit.title"]
    assert dict(Texts("network.kind.kela")) == {"fi": "Kela", "sv": "FPA", "en": "Kela"}
    assert "title" in set(Words("network", "en"))
    with pytest.raises(KeyError, match="no message 'audit.titel'"):
        message("audit.titel", "fi")
    with pytest.raises(ValueError, match="language must be one of fi, sv, en"):
        message("audit.title", "de")
    assert Words("validation", "fi").get("Nonsense", "x") == "x"


@pytest.mark.parametrize("lang", LANGS)
def test_a_template_speaks_the_catalogue(lang: str) -> None:
    """A page template gets its words from the same catalogue, with {% trans %} and _()."""
    env = environment(
        lang,
        jinja2.DictLoader(
            {
                "page.html": "<h1>{% trans %}network.title{% endtrans %}</h1>"
                '<p>{{ _("audit.title") }}</p>'
                '<p>{{ gettext("import.more").format(n=n) }}</p>'
            }
        ),
    )
    page = env.get_template("page.html").render(n=2)
    texts = _catalogue(lang)
    assert page == (
        f"<h1>{texts['network.title']}</h1><p>{texts['audit.title']}</p>"
        f"<p>{texts['import.more'].format(n=2)}</p>"
    )
    assert translator(lang).translations.gettext("network.title") == texts["network.title"]


def test_templates_differ_by_language() -> None:
    pages = {
        lang: environment(lang).from_string("{{ _('network.title') }}").render() for lang in LANGS
    }
    assert len(set(pages.values())) == 3


def _word_tables(source: str) -> list[int]:
    """Lines of dict literals keyed by exactly fi, sv and en with constant texts."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Dict) and all(isinstance(k, ast.Constant) for k in node.keys):
            keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
            texts = all(isinstance(v, ast.Constant | ast.Dict) for v in node.values)
            if keys == set(LANGS) and texts:
                lines.append(node.lineno)
    return lines


# word tables left where they are, each with why
LEFT: dict[str, str] = {}


def test_no_other_word_table_in_the_code() -> None:
    found = {
        str(path.relative_to(REPO_ROOT)): lines
        for folder in ("kg", "api")
        for path in sorted((REPO_ROOT / folder).rglob("*.py"))
        if (lines := _word_tables(path.read_text("utf-8")))
    }
    assert set(found) <= set(LEFT), found
    assert _word_tables('X = {"fi": "kunta", "sv": "kommun", "en": "municipality"}') == [1]
