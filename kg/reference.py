"""National reference tables (``data/reference/*.csv``) to RDF, one named graph per table.

Checks every row (code shapes, references between tables, one region per county) before
anything is returned; the first bad cell raises :class:`kg.errors.DataError` naming file,
line and column.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from rdflib import Literal, URIRef

from kg.errors import DataError
from kg.iris import Minter
from kg.namespaces import CODELIST, DCTERMS, ORG, RDF, SKOS, XSD, YP
from kg.source_graph import SourceGraph
from kg.tables import Row, read_table

COUNTY_CODELIST = "hyvinvointialue_1_20250101"
MUNICIPALITY_CODELIST = "kunta_1_20250101"
HELSINKI_COUNTY_CODE = "90"
ALAND_COUNTY_CODE = "91"

LANGUAGE_STATUS = {
    "fi": YP.FinnishMonolingual,
    "fi-sv": YP.FinnishSwedishBilingual,
    "sv-fi": YP.SwedishFinnishBilingual,
    "sv": YP.SwedishMonolingual,
}
ORGANISING_MODEL = {
    "vastuukunta": YP.LeadMunicipalityModel,
    "yksin": YP.SingleMunicipalityModel,
    "kuntayhtymä": YP.JointAuthorityModel,
}
NATIONAL_TYPES = {
    "SocialInsuranceInstitution",
    "Ministry",
    "MunicipalAssociation",
    "WellbeingCountiesCompany",
    "NonGovernmentalOrganisation",
    "Parish",
    "Company",
}


def organisation(g: SourceGraph, iri: URIRef, *classes: URIRef) -> None:
    """Type an organisation individual, always explicitly ``org:Organization`` as well."""
    g.add(iri, RDF.type, ORG.Organization)
    for cls in classes:
        g.add(iri, RDF.type, cls)


def load_reference(data_dir: Path, mint: Minter) -> list[SourceGraph]:
    ref = data_dir / "reference"
    counties = read_table(
        ref / "wellbeing_counties.csv", ["code", "name_fi", "name_sv", "name_en", "kind"]
    )
    municipalities = read_table(
        ref / "municipalities.csv",
        [
            "code",
            "name_fi",
            "name_sv",
            "wellbeing_county_code",
            "region_code",
            "language",
            "valid_from_year",
        ],
    )
    regions = read_table(
        ref / "regions.csv",
        ["code", "name_fi", "name_sv", "regional_council_fi", "regional_council_sv", "note"],
    )
    areas = read_table(
        ref / "employment_areas.csv",
        [
            "area_id",
            "statfi_code",
            "name_fi",
            "name_sv",
            "model",
            "lead_municipality_code",
            "lead_municipality_name",
            "lead_status",
            "member_count",
            "note",
            "lead_source",
        ],
    )
    members = read_table(ref / "employment_area_members.csv", ["area_id", "municipality_code"])
    national = read_table(
        ref / "national_organisations.csv",
        ["id", "type", "name_fi", "name_sv", "name_en", "short_names", "source"],
    )
    short_names = read_table(
        ref / "county_short_names.csv", ["code", "short_name_fi", "short_name_sv", "source"]
    )
    for rows, column, what in (
        (counties, "code", "county code"),
        (municipalities, "code", "municipality code"),
        (regions, "code", "region code"),
        (areas, "area_id", "employment area id"),
        (national, "id", "organisation id"),
        (short_names, "code", "county code"),
    ):
        _unique(rows, column, what)
    region_graph = _regions(regions, mint)
    municipality_graph = _municipalities(municipalities, counties, regions, mint)
    county_graph = _counties(counties, municipalities, regions, mint)
    _county_short_names(county_graph, short_names, counties, municipalities, mint)
    return [
        region_graph,
        county_graph,
        municipality_graph,
        _employment_areas(areas, members, municipalities, mint),
        _national(national, mint),
    ]


def _unique(rows: list[Row], column: str, what: str) -> dict[str, Row]:
    seen: dict[str, Row] = {}
    for row in rows:
        key = row[column]
        if key in seen:
            raise row.error(column, f"duplicate {what} {key!r} (first on line {seen[key].line})")
        seen[key] = row
    return seen


def _regions(rows: list[Row], mint: Minter) -> SourceGraph:
    g = SourceGraph("reference/regions", [rows[0].path] if rows else [])
    for row in rows:
        code = row.match("code", r"\d{2}", "region code")
        region = mint.region(code)
        g.add(region, RDF.type, YP.Region)
        g.add(region, DCTERMS.identifier, Literal(code))
        g.labels(region, fi=row.required("name_fi"), sv=row["name_sv"])
        if row["regional_council_fi"]:
            council = mint.regional_council(code)
            organisation(g, council, YP.RegionalCouncil)
            g.labels(council, fi=row["regional_council_fi"], sv=row["regional_council_sv"])
            g.add(region, YP.regionalCouncil, council)
        if row["note"]:
            g.add(region, SKOS.note, Literal(row["note"], lang="en"))
    return g


def _counties(
    rows: list[Row], municipalities: list[Row], regions: list[Row], mint: Minter
) -> SourceGraph:
    g = SourceGraph("reference/counties", [rows[0].path] if rows else [])
    region_codes = {r["code"] for r in regions}
    regions_of: dict[str, set[str]] = defaultdict(set)
    for m in municipalities:
        regions_of[m["wellbeing_county_code"]].add(m["region_code"])
    for row in rows:
        code = row.match("code", r"\d{2}", "county code")
        kind = row.match("kind", r"wellbeing_services_county|city_of_helsinki|aland", "kind")
        if kind != "wellbeing_services_county":
            continue  # Helsinki is its own organiser (see municipalities); Åland has none
        county = mint.county(code)
        organisation(g, county, YP.WellbeingServicesCounty, YP.WellbeingServicesOrganiser)
        g.add(county, DCTERMS.identifier, Literal(code))
        g.add(county, YP.organiserCode, Literal(code))
        g.labels(county, fi=row.required("name_fi"), sv=row["name_sv"], en=row["name_en"])
        g.add(county, SKOS.exactMatch, CODELIST[f"{COUNTY_CODELIST}/code/{code}"])
        county_regions = regions_of.get(code, set())
        if len(county_regions) != 1 or not county_regions <= region_codes:
            raise row.error(
                "code",
                f"county {code} must lie in exactly one known region, "
                f"its municipalities are in {sorted(county_regions) or 'none'}",
            )
        g.add(county, YP.region, mint.region(county_regions.pop()))
    return g


def _county_short_names(
    g: SourceGraph, rows: list[Row], counties: list[Row], municipalities: list[Row], mint: Minter
) -> None:
    """Short names of the organisers ('Vantaa-Kerava', 'Helsinki') as skos:altLabel."""
    if rows:
        g.files.append(rows[0].path)
    # the organisers by their classification code: counties 01-21 and the City of Helsinki
    # (90, whose individual is the municipality), each with its preferred names by language
    organisers: dict[str, tuple[URIRef, dict[str, str]]] = {
        c["code"]: (mint.county(c["code"]), {"fi": c["name_fi"], "sv": c["name_sv"]})
        for c in counties
        if c["kind"] == "wellbeing_services_county"
    }
    for m in municipalities:
        if m["wellbeing_county_code"] == HELSINKI_COUNTY_CODE:
            names = {"fi": m["name_fi"], "sv": m["name_sv"]}
            organisers[HELSINKI_COUNTY_CODE] = (mint.municipality(m["code"]), names)
    for row in rows:
        code = row.match("code", r"\d{2}", "county code")
        if code not in organisers:
            raise row.error("code", f"{code!r} is not the code of a county or of Helsinki (90)")
        iri, preferred = organisers[code]
        row.required("short_name_fi")
        row.required("source")
        for lang in ("fi", "sv"):
            short = row[f"short_name_{lang}"]
            if short and short != preferred[lang]:  # SKOS: not both preferred and alternative
                g.add(iri, SKOS.altLabel, Literal(short, lang=lang))


def _municipalities(
    rows: list[Row], counties: list[Row], regions: list[Row], mint: Minter
) -> SourceGraph:
    g = SourceGraph("reference/municipalities", [rows[0].path] if rows else [])
    county_kind = {c["code"]: c["kind"] for c in counties}
    region_codes = {r["code"] for r in regions}
    helsinki = [r for r in rows if r["wellbeing_county_code"] == HELSINKI_COUNTY_CODE]
    if len(helsinki) != 1:
        raise DataError(
            f"exactly one municipality must have county code {HELSINKI_COUNTY_CODE} "
            f"(the City of Helsinki), found {len(helsinki)}",
            path=rows[0].path if rows else None,
        )
    for row in rows:
        code = row.match("code", r"\d{3}", "municipality code")
        county_code = row.match("wellbeing_county_code", r"\d{2}", "county code")
        region_code = row.match("region_code", r"\d{2}", "region code")
        if county_code not in county_kind:
            raise row.error("wellbeing_county_code", f"unknown county code {county_code!r}")
        if region_code not in region_codes:
            raise row.error("region_code", f"unknown region code {region_code!r}")
        language = row["language"]
        if language not in LANGUAGE_STATUS:
            raise row.error(
                "language",
                f"unknown language status {language!r}, expected one of {sorted(LANGUAGE_STATUS)}",
            )
        year = row.match("valid_from_year", r"(19|20)\d{2}", "year")
        m = mint.municipality(code)
        on_aland = county_kind[county_code] == "aland"
        organisation(
            g, m, YP.Municipality, YP.AlandMunicipality if on_aland else YP.MainlandMunicipality
        )
        g.add(m, DCTERMS.identifier, Literal(code))
        g.labels(m, fi=row.required("name_fi"), sv=row["name_sv"])
        g.add(m, SKOS.exactMatch, CODELIST[f"{MUNICIPALITY_CODELIST}/code/{code}"])
        g.add(m, YP.region, mint.region(region_code))
        g.add(m, YP.languageStatus, LANGUAGE_STATUS[language])
        g.add(m, YP.codeValidFromYear, Literal(year, datatype=XSD.gYear))
        if county_kind[county_code] == "city_of_helsinki":
            # the City of Helsinki organises wellbeing services itself: it is both
            g.add(m, RDF.type, YP.WellbeingServicesOrganiser)
            g.add(m, YP.county, m)
            g.add(m, YP.organiserCode, Literal(county_code))  # its one code as organiser
            g.add(m, SKOS.exactMatch, CODELIST[f"{COUNTY_CODELIST}/code/{county_code}"])
        elif not on_aland:
            g.add(m, YP.county, mint.county(county_code))
    return g


def _employment_areas(
    rows: list[Row], members: list[Row], municipalities: list[Row], mint: Minter
) -> SourceGraph:
    files = [rows[0].path, members[0].path] if rows and members else []
    g = SourceGraph("reference/employment-areas", files)
    mainland = {
        m["code"] for m in municipalities if m["wellbeing_county_code"] != ALAND_COUNTY_CODE
    }
    area_ids = {r["area_id"] for r in rows}
    count: dict[str, int] = defaultdict(int)
    seen: dict[str, Row] = {}
    for row in members:
        area_id, code = row["area_id"], row.match("municipality_code", r"\d{3}", "code")
        if area_id not in area_ids:
            raise row.error("area_id", f"unknown employment area {area_id!r}")
        if code not in mainland:
            raise row.error("municipality_code", f"{code!r} is not a mainland municipality")
        if code in seen:
            raise row.error(
                "municipality_code", f"{code} is already in area {seen[code]['area_id']!r}"
            )
        seen[code] = row
        count[area_id] += 1
        g.add(mint.municipality(code), YP.employmentArea, mint.employment_area(area_id))
    for row in rows:
        area_id = row.match("area_id", r"[a-z0-9]+(-[a-z0-9]+)*", "area id")
        area = mint.employment_area(area_id)
        authority = mint.employment_authority(area_id)
        g.add(area, RDF.type, YP.EmploymentArea)
        g.add(area, DCTERMS.identifier, Literal(row.match("statfi_code", r"\d{2}", "code")))
        g.labels(area, fi=row.required("name_fi"), sv=row["name_sv"])
        model = row["model"]
        if model not in ORGANISING_MODEL:
            raise row.error("model", f"unknown organising model {model!r}")
        g.add(area, YP.organisingModel, ORGANISING_MODEL[model])
        expected = row.match("member_count", r"\d+", "member count")
        if int(expected) != count[area_id]:
            raise row.error("member_count", f"says {expected}, members file has {count[area_id]}")
        organisation(g, authority, YP.EmploymentAuthority)
        g.add(area, YP.employmentAuthority, authority)
        g.labels(
            authority,
            fi=f"{row['name_fi']}: työvoimaviranomainen",
            sv=f"{row['name_sv']}: arbetskraftsmyndighet",
            en=f"{row['name_fi']}: employment authority",
        )
        lead = row.match("lead_municipality_code", r"\d{3}", "code", optional=True)
        if lead:
            if lead not in seen or seen[lead]["area_id"] != area_id:
                raise row.error("lead_municipality_code", f"lead {lead} is not a member")
            g.add(area, YP.leadMunicipality, mint.municipality(lead))
            g.add(authority, ORG.subOrganizationOf, mint.municipality(lead))
        g.add(area, YP.leadStatus, Literal(row.required("lead_status")))
        if row["lead_source"]:
            g.add(area, DCTERMS.source, Literal(row["lead_source"]))
        if row["note"]:
            g.add(area, SKOS.note, Literal(row["note"], lang="en"))
    missing = mainland - set(seen)
    if missing:
        raise DataError(
            f"mainland municipalities in no employment area: {sorted(missing)}",
            path=members[0].path if members else None,
        )
    return g


def _national(rows: list[Row], mint: Minter) -> SourceGraph:
    g = SourceGraph("reference/national-organisations", [rows[0].path] if rows else [])
    for row in rows:
        iri = mint.organisation(row.match("id", r"[a-z0-9]+(-[a-z0-9]+)*", "id"))
        kind = row["type"]
        if kind not in NATIONAL_TYPES:
            raise row.error(
                "type",
                f"unknown organisation type {kind!r}, expected one of {sorted(NATIONAL_TYPES)}",
            )
        organisation(g, iri, YP[kind])
        g.labels(iri, fi=row.required("name_fi"), sv=row["name_sv"], en=row["name_en"])
        for short in filter(None, (x.strip() for x in row["short_names"].split(";"))):
            g.add(iri, SKOS.altLabel, Literal(short))
        g.add(iri, DCTERMS.source, Literal(row.required("source")))
    return g
