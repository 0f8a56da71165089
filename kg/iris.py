"""The IRI scheme: every IRI the project mints for data, under one configurable base.

``{base}municipality/091``, ``{base}county/13``, ``{base}region/11``,
``{base}regional-council/11``, ``{base}employment-area/kuopio``,
``{base}employment-authority/kuopio``, ``{base}organisation/kela``,
``{base}council-term/municipal-2021-2025``, ``{base}statute/2021/611/14``,
``{base}survey/2026/cooperation`` (a survey data set) and what lies under it
(``.../structure``, ``.../item/1``, ``.../observation/13-1``),
``{base}graph/{name}`` for named graphs.

Codes are checked against strict patterns before they become part of an IRI.
"""

from __future__ import annotations

import re

from rdflib import URIRef

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_MUNICIPALITY = re.compile(r"^\d{3}$")
_TWO_DIGIT = re.compile(r"^\d{2}$")
_YEAR = re.compile(r"^\d{4}$")
_PART = re.compile(r"^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$")  # slugs, codes, camelCase names


class Minter:
    """Mints data IRIs under ``base`` (which ends with '/')."""

    def __init__(self, base: str) -> None:
        self.base = base

    def _iri(self, *parts: str) -> URIRef:
        return URIRef(self.base + "/".join(parts))

    def municipality(self, code: str) -> URIRef:
        _check(_MUNICIPALITY, code, "municipality code")
        return self._iri("municipality", code)

    def county(self, code: str) -> URIRef:
        _check(_TWO_DIGIT, code, "wellbeing services county code")
        return self._iri("county", code)

    def region(self, code: str) -> URIRef:
        _check(_TWO_DIGIT, code, "region code")
        return self._iri("region", code)

    def regional_council(self, region_code: str) -> URIRef:
        _check(_TWO_DIGIT, region_code, "region code")
        return self._iri("regional-council", region_code)

    def employment_area(self, area_id: str) -> URIRef:
        _check(_SLUG, area_id, "employment area id")
        return self._iri("employment-area", area_id)

    def employment_authority(self, area_id: str) -> URIRef:
        _check(_SLUG, area_id, "employment area id")
        return self._iri("employment-authority", area_id)

    def organisation(self, slug: str) -> URIRef:
        _check(_SLUG, slug, "organisation id")
        return self._iri("organisation", slug)

    def council_term(self, slug: str) -> URIRef:
        _check(_SLUG, slug, "council term id")
        return self._iri("council-term", slug)

    def statute_section(self, year: str, number: str, section: str) -> URIRef:
        for value, what in ((year, "statute year"), (number, "statute number")):
            _check(re.compile(r"^\d{1,4}$"), value, what)
        _check(_SLUG, section, "section id")
        return self._iri("statute", year, number, section)

    def survey_dataset(self, year: str, slug: str, *parts: str) -> URIRef:
        """A survey data set (``survey/2026/cooperation``) or a resource under it
        (``parts`` = ``("item", "1")`` gives ``survey/2026/cooperation/item/1``)."""
        _check(_YEAR, year, "survey year")
        _check(_SLUG, slug, "survey data set id")
        for part in parts:
            _check(_PART, part, "survey resource id")
        return self._iri("survey", year, slug, *parts)

    def graph(self, name: str) -> URIRef:
        for part in name.split("/"):
            _check(_SLUG, part, "graph name")
        return self._iri("graph", name)


def _check(pattern: re.Pattern[str], value: str, what: str) -> None:
    if not pattern.match(value):
        raise ValueError(f"invalid {what}: {value!r}")
