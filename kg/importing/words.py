"""The fixed words of the import report in Finnish, Swedish and English.

Column names come from the schema (Finnish and English headers) with the Swedish ones
here; a test checks that every word has all three languages and every column a Swedish
name.
"""

from __future__ import annotations

from kg.importing.schema import TABLES

LANGS = ("fi", "sv", "en")

WORDS: dict[str, dict[str, str]] = {
    "responsibility": {"fi": "Vastuut", "sv": "Ansvar", "en": "Responsibilities"},
    "agreement": {"fi": "Sopimukset", "sv": "Avtal", "en": "Agreements"},
    "negotiation": {"fi": "Neuvottelut", "sv": "Förhandlingar", "en": "Negotiations"},
    "forum": {"fi": "Foorumit", "sv": "Forum", "en": "Forums"},
    "dual_role": {"fi": "Kaksoisroolit", "sv": "Dubbelroller", "en": "Dual roles"},
    "added": {"fi": "lisäyksiä", "sv": "tillägg", "en": "added"},
    "changed": {"fi": "muutoksia", "sv": "ändringar", "en": "changed"},
    "removed": {"fi": "poistoja", "sv": "borttagningar", "en": "removed"},
    "empty": {"fi": "(tyhjä)", "sv": "(tomt)", "en": "(empty)"},
    "no_changes": {
        "fi": "Ei muutoksia tietoihin.",
        "sv": "Inga ändringar i uppgifterna.",
        "en": "No changes to the data.",
    },
    "other_statements": {
        "fi": "{n} muuta RDF-lausetta muuttuu (näytä ne: --rdf)",
        "sv": "{n} andra RDF-påståenden ändras (visa dem: --rdf)",
        "en": "{n} other RDF statements change (show them: --rdf)",
    },
    "target": {
        "fi": "Kohde: {folder} (tuonnin jälkeen kansiossa ovat vain tuodut tiedostot)",
        "sv": "Mål: {folder} (efter importen finns bara de importerade filerna i mappen)",
        "en": "target: {folder} (after the import the folder holds only the imported files)",
    },
    "to_remove": {
        "fi": "Kansiosta poistuvat: {files}",
        "sv": "Tas bort ur mappen: {files}",
        "en": "removed from the folder: {files}",
    },
    "warnings": {"fi": "Varoitukset", "sv": "Varningar", "en": "Warnings"},
    "notes": {"fi": "Huomiot", "sv": "Anmärkningar", "en": "Notes"},
    "more": {"fi": "… ja {n} muuta", "sv": "… och {n} till", "en": "… and {n} more"},
    "dry_run": {
        "fi": "Kuivaharjoitus: rivejä tarkistettu {rows}, tiedostoja {files}; mitään ei "
        "kirjoitettu.",
        "sv": "Provkörning: kontrollerade rader {rows}, filer {files}; ingenting skrevs.",
        "en": "dry run: {rows} rows checked in {files} files; nothing written",
    },
    "unchanged": {
        "fi": "Rivejä tarkistettu {rows}; tiedostot ovat samat kuin kansiossa, mitään ei "
        "kirjoitettu.",
        "sv": "Kontrollerade rader {rows}; filerna är desamma som i mappen, ingenting skrevs.",
        "en": "{rows} rows checked; the files are the folder's own, nothing written",
    },
    "store_stale": {
        "fi": "Tietovarasto ei vastaa kansion {folder} tiedostoja (kansiota on muutettu "
        "ajamatta komentoa kg build): aja kg build.",
        "sv": "Databasen motsvarar inte filerna i mappen {folder} (mappen ändrades utan "
        "kg build): kör kg build.",
        "en": "the store does not match the files of {folder} (the folder was changed "
        "without kg build): run kg build",
    },
    "imported": {
        "fi": "Tuotu kansioon {folder}: rivejä {rows}, tiedostoja kirjoitettu {written} ja "
        "poistettu {removed}; tietovarasto rakennettu uudelleen.",
        "sv": "Importerat till mappen {folder}: rader {rows}, filer skrivna {written} och "
        "borttagna {removed}; databasen byggdes om.",
        "en": "{rows} rows imported into {folder}: {written} files written, {removed} "
        "removed; store rebuilt",
    },
}

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
}


def word(key: str, lang: str, **fields: object) -> str:
    text = WORDS[key].get(lang) or WORDS[key]["en"]
    return text.format(**fields) if fields else text


def column_name(table_key: str, column_key: str, lang: str) -> str:
    """A column's name in ``lang`` (its template header in Finnish and English)."""
    table = next(t for t in TABLES if t.key == table_key)
    column = table.column(column_key)
    if lang == "sv":
        return SV_COLUMNS[column_key]
    return column.fi if lang == "fi" else column.en
