"""Response models of the lookups under /api/v1 and the dump list: what the OpenAPI schema
says they answer.

Field names are snake case (``name_fi``, ``county_code``, ``media_type``), as the API's JSON
mostly was. The camel-case names of earlier releases (``countyCode``, ``countyName``,
``mediaType``) are still given beside the new ones, with the same values, for this release
only: the schema marks them deprecated (see :data:`DEPRECATED`), and the next release drops
them. A field that the graph may lack is nullable. Dates are ISO 8601 strings as the graph
states them.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

# old name -> its snake-case name: given beside it in this release only, marked deprecated
DEPRECATED = {"countyCode": "county_code", "countyName": "county_name", "mediaType": "media_type"}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _old(name: str) -> Any:
    return Field(
        description=f"Deprecated: the same as {DEPRECATED[name]}; removed in the next release",
        deprecated=True,
    )


class _WithOldNames(_Model):
    """A model that also gives the old names of its fields (:data:`DEPRECATED`)."""

    @model_validator(mode="before")
    @classmethod
    def _copy_to_old_names(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        return data | {
            old: data.get(new)
            for old, new in DEPRECATED.items()
            if old in cls.model_fields and old not in data
        }


class Municipality(_WithOldNames):
    iri: str
    code: str = Field(description="Statistics Finland code with its leading zeros, e.g. 091")
    name_fi: str
    name_sv: str | None
    county_code: str | None = Field(
        description="Organiser code of the municipality's wellbeing services county (01–21) "
        "or 90 for the City of Helsinki, which organises the services itself; null on Åland"
    )
    county_name: str | None = Field(description="The organiser's Finnish name")
    region: str | None
    language: str | None = Field(description="Language status: fi, sv, fi-sv or sv-fi")
    countyCode: str | None = _old("countyCode")
    countyName: str | None = _old("countyName")


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


class Dump(_WithOldNames):
    """A dump of the current store (``GET /dumps``)."""

    name: str
    url: str
    media_type: str
    bytes: int = Field(description="Its size")
    content: Literal["named graphs", "default graph"]
    mediaType: str = _old("mediaType")


# -- the legal-obligation audit (GET /api/v1/audit): kg.audit.render.to_dict ----------------

AuditStatus = Literal["fulfilled", "open", "no-evidence", "missed", "not-applicable"]


class AuditOrganisation(_Model):
    """An organisation in the audit, with what it is and its code."""

    iri: str
    kind: Literal["county", "organiser", "municipality", "employment-area"] = Field(
        description="county: a wellbeing services county; organiser: a municipality that "
        "organises the services itself (the City of Helsinki); municipality; employment-area"
    )
    kind_label: str = Field(description="What it is, in the report's language (ontology label)")
    code: str = Field(
        description="The organiser code for a county or organiser (01–21, 90), else the "
        "municipality's or employment area's own code"
    )
    name: str
    label: str = Field(description="Kind, code and name, e.g. 'työllisyysalue 13 Keski-Savo'")


class AuditCounts(_Model):
    fulfilled: int
    open: int
    no_evidence: int = Field(alias="no-evidence")
    missed: int
    not_applicable: int = Field(alias="not-applicable")


class AuditTally(_Model):
    organiser: AuditOrganisation | None = Field(description="null for rows of no organiser")
    label: str
    counts: AuditCounts
    total: int


class AuditSummary(_Model):
    label: str = Field(description="What the total covers: the organiser audited, or the country")
    counts: AuditCounts = Field(description="Each row once")
    total: int
    groups: list[AuditTally] = Field(
        description="Per organiser, then rows of no organiser (Åland): only for the whole "
        "country; a row of two organisers is counted under each"
    )
    repeated: int = Field(
        description="Extra listings of rows under a second organiser: the groups' totals "
        "add up to total + repeated"
    )
    note: str | None


class AuditPeriod(_Model):
    key: str = Field(description="The council term's identifier, the year, or continuous")
    kind: str
    label: str
    start: str
    end: str | None = Field(description="null for a continuous duty")
    iri: str | None


class AuditCitation(_Model):
    """A public page the record was read from."""

    url: str | None = Field(description="The page's address")
    reference: str | None = Field(
        description="The document's own reference: body, meeting date and section or item, "
        "or the page title"
    )
    read_on: str | None = Field(description="The day the page was read (YYYY-MM-DD)")
    conflict: str | None = Field(description="How it disagrees with another record's source")


class AuditRecord(_Model):
    """Evidence of fulfilment, or a record showing the duty missed."""

    iri: str
    date: str | None
    source: str | None
    illustrative: bool
    cancelled: bool = Field(description="An event recorded as cancelled")
    ended: str | None = Field(description="The last day of an agreement or post that ended")
    citations: list[AuditCitation] = Field(
        default_factory=list, description="The public pages the record was read from"
    )


class AuditRow(_Model):
    obligation: str
    citation: str
    statute: str
    section: str | None
    eli: str
    finlex_url: str
    statement: str
    statement_translated: bool = Field(description="The statement is the project's translation")
    statement_source: str
    in_force: str
    bearer: AuditOrganisation
    counterparty: AuditOrganisation | None
    period: AuditPeriod | None
    status: AuditStatus = Field(
        description="no-evidence: deadline passed, nothing recorded either way; missed: "
        "deadline passed and the records show it (missed_by)"
    )
    status_label: str
    deadline: str | None
    evidence: list[AuditRecord]
    missed_by: list[AuditRecord]
    illustrative: bool
    reason: str | None
    counties: list[AuditOrganisation] = Field(description="The organisers the row belongs to")


class AuditReport(_Model):
    title: str
    lang: Literal["fi", "sv", "en"]
    as_of: str
    scope: AuditOrganisation | None = Field(description="The organiser audited; null: country")
    statuses: dict[str, str] = Field(description="Status → its label in the report's language")
    summary: AuditSummary
    total: int
    rows: list[AuditRow]
