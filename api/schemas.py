"""Response models of the lookups under /api/v1: what the OpenAPI schema says they answer.

Field names are those of the JSON the routes have always given (``countyCode`` stays camel
case); a field that the graph may lack is nullable. Dates are ISO 8601 strings as the graph
states them.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Municipality(_Model):
    iri: str
    code: str = Field(description="Statistics Finland code with its leading zeros, e.g. 091")
    name_fi: str
    name_sv: str | None
    countyCode: str | None = Field(
        description="Organiser code of the municipality's wellbeing services county (01–21) "
        "or 90 for the City of Helsinki, which organises the services itself; null on Åland"
    )
    countyName: str | None
    region: str | None
    language: str | None = Field(description="Language status: fi, sv, fi-sv or sv-fi")


class County(_Model):
    iri: str
    code: str = Field(
        description="Organiser code with its leading zero: 01–21 for the counties, 90 for the "
        "City of Helsinki (whose municipality code, 091, is the municipality's code)"
    )
    name_fi: str
    name_sv: str | None
    name_en: str | None
    municipalities: int = Field(description="How many municipalities it serves")


class CountyWithMembers(County):
    members: list[Municipality]


class ThemeLabel(_Model):
    fi: str | None
    sv: str | None
    en: str | None


class Theme(_Model):
    iri: str
    code: str
    core: bool = Field(description="One of the ten core interface themes")
    label: ThemeLabel


class Owner(_Model):
    """A post responsible for an interface on one side."""

    post: str = Field(description="IRI of the post")
    title: str
    organisation: str = Field(description="The organisation the post is in")
    unit: str | None
    contact: str | None = Field(description="A shared mailbox or switchboard number")
    person: str | None = Field(description="Only when the source allows publishing the name")
    valid_from: str | None
    valid_to: str | None
    last_verified: str | None
    source: str | None
    illustrative: bool = Field(description="Made-up example data, not real arrangements")


class ThemeOwners(_Model):
    theme: str
    in_scope: bool = Field(description="Whether the interface is in scope for the municipality")
    municipality_side: list[Owner]
    county_side: list[Owner]
    gap_municipality_side: bool
    gap_county_side: bool


class Responsibilities(_Model):
    municipality: Municipality
    as_of: str = Field(description="The day the owners are current on (ISO 8601)")
    themes: list[ThemeOwners]


class PostMunicipality(_Model):
    code: str | None
    name: str | None


class PostInterface(_Model):
    municipality: PostMunicipality
    theme: str
    side: str | None


class Post(_Model):
    iri: str
    title: str
    organisation: str
    unit: str | None
    owns: list[PostInterface]

