"""The words of the import report in Finnish, Swedish and English.

The fixed words are the ``import.*`` messages of the one catalogue (``kg.messages``).
Column names are the template's headers, which the schema gives in Finnish and English
(they are the file format, not messages), with the Swedish ones here; a test checks that
every column has a Swedish name.
"""

from __future__ import annotations

from kg.importing.schema import TABLES
from kg.messages import message

LANGS = ("fi", "sv", "en")

SV_COLUMNS = {
    "county": "välfärdsområde",
    "municipality": "kommun",
    "theme": "tema",
    "side": "sida",
    "organisation": "organisation",
    "post_fi": "befattning (fi)",
    "post_sv": "befattning (sv)",
    "post_en": "befattning (en)",
    "unit": "organisationsenhet",
    "contact": "kontaktkanal",
    "person_name": "personens namn",
    "publish_person_name": "namnet får publiceras",
    "valid_from": "giltig från",
    "valid_to": "giltig till",
    "last_verified": "senast kontrollerad",
    "source": "källa",
    "agreement_id": "avtalets identifierare",
    "type": "typ",
    "title": "namn",
    "party": "part",
    "approved": "godkänt",
    "themes": "teman",
    "goals": "mål",
    "indicators": "indikatorer",
    "document_url": "dokumentets adress",
    "event_id": "identifierare",
    "date": "datum",
    "convener": "sammankallare",
    "participants": "deltagare",
    "minutes_url": "protokollets adress",
    "status": "status",
    "forum_id": "identifierare",
    "name": "namn",
    "members": "medlemsorganisationer",
    "level": "nivå",
    "official_id": "identifierare",
    "municipal_body": "kommunalt organ",
    "county_body": "välfärdsområdets organ",
    "approving_body": "godkännande organ",
    "approval_ref": "paragraf",
    "source_url": "källans adress",
    "source_ref": "källhänvisning",
    "read_on": "läst",
    "conflict": "motstridighet",
}


def word(key: str, lang: str, **fields: object) -> str:
    """The import report's word ``key`` in ``lang``, its ``{fields}`` filled."""
    return message(f"import.{key}", lang, **fields)


def column_name(table_key: str, column_key: str, lang: str) -> str:
    """A column's name in ``lang`` (its template header in Finnish and English)."""
    table = next(t for t in TABLES if t.key == table_key)
    column = table.column(column_key)
    if lang == "sv":
        return SV_COLUMNS[column_key]
    return column.fi if lang == "fi" else column.en
