"""The national graph's data at a scale: a data folder ``factor`` times the national one.

The national shape is that of ``bench/synthetic_graph.py`` (the real reference data and
regional folders, with owners for every mainland municipality × theme × side), with, as
well, negotiations, agreements, forums and dual roles for every organiser at the density of
the illustrative Kainuu region. A graph ``factor`` times it grows in four dimensions alike,
each by ``factor ** 0.25``:

- the mainland municipalities, in new wellbeing services counties, each with a region, a
  regional council and an employment area of its own, named after the real ones with a
  prefix (``Ylä-Kuopio``, ``Övre Kuopio``; ``Ylä-Kainuun hyvinvointialue``);
- the themes: copies of the ontology's (``hyte-2``, "Hyvinvoinnin ja terveyden
  edistäminen, osa 2"), core when the theme copied is, in ``ontology/synthetic-themes.ttl``;
- the posts on each side of an interface;
- the versions of each post over time: older posts, ended, between 2021 and the current
  one's start.

Each organiser's events, agreements, forums and dual roles grow by ``factor ** 0.75``, so
that with the organisers they grow by the factor too. Municipality codes have three digits,
so at most about 1,000 municipalities fit: 100× has 923 (1× 292, 10× 519). Everything is
seeded: the same factor gives the same files.

Each organiser's records are a regional folder ``synthetic-<code>/`` marked illustrative
(owners in files of at most :data:`ROWS_PER_FILE` rows, far below an import's row limit),
read by the real importer when the graph is built.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bench.synthetic_graph import ALAND, COUNTY_POSTS, MUNICIPAL_POSTS, THEMES, TWO_COUNTY_POSTS
from kg.config import REPO_ROOT
from kg.importing.schema import (
    AGREEMENTS,
    DUAL_ROLES,
    FORUMS,
    NEGOTIATIONS,
    RESPONSIBILITIES,
    Table,
)
from kg.importing.templates import csv_text

NEW_NAMES = (  # prefixes of the new places' names: Finnish, Swedish, English
    ("Ylä", "Övre", "Upper"),
    ("Ala", "Nedre", "Lower"),
    ("Uusi", "Nya", "New"),
    ("Vanha", "Gamla", "Old"),
    ("Sisä", "Inre", "Inner"),
    ("Ulko", "Yttre", "Outer"),
)
PART = {"fi": "osa", "sv": "del", "en": "part"}
PER_ORGANISER = {"events": 8, "agreements": 4, "forums": 4, "dual_roles": 3}  # at 1×
ROWS_PER_FILE = 5_000  # YP_IMPORT_MAX_ROWS is 20,000 by default
HISTORY_FROM = dt.date(2021, 1, 1)  # the oldest post versions start here
HELSINKI = "90"
THEME_SCHEME = "https://w3id.org/yhdyspinta/theme"
SOURCE = {
    "title": "Synteettinen skaalausaineisto / Synthetic scaling data",
    "illustrative": True,
    "description": "Made-up records of one organiser for the scaling benchmark.",
}
Row = dict[str, str]


@dataclass(frozen=True)
class Scale:
    """How much each part of the national graph grows in a graph ``factor`` times it."""

    factor: float

    @property
    def step(self) -> float:
        """The growth of each of the four dimensions: ``factor ** 0.25``."""
        return float(self.factor**0.25)

    @property
    def per_organiser(self) -> float:
        """The growth of one organiser's events, agreements, forums and dual roles."""
        return self.step**3

    def grown(self, base: int) -> int:
        return max(base, round(base * self.step))


@dataclass
class Shape:
    """What a scaled data folder holds (reported beside the times)."""

    factor: float
    municipalities: int = 0  # mainland
    organisers: int = 0  # the counties and the City of Helsinki
    themes: int = 0
    responsibility_rows: int = 0
    events: int = 0
    agreement_rows: int = 0  # one per party
    forums: int = 0
    dual_roles: int = 0


@dataclass
class Reference:
    """The reference tables (``data/reference``), rows as read, in the files' columns."""

    municipalities: list[Row]
    counties: list[Row]
    regions: list[Row]
    areas: list[Row]
    members: list[Row]
    short_names: list[Row]

    @staticmethod
    def files() -> dict[str, str]:
        return {
            "municipalities": "municipalities.csv",
            "counties": "wellbeing_counties.csv",
            "regions": "regions.csv",
            "areas": "employment_areas.csv",
            "members": "employment_area_members.csv",
            "short_names": "county_short_names.csv",
        }

    @classmethod
    def read(cls, folder: Path) -> Reference:
        return cls(**{key: read_rows(folder / name) for key, name in cls.files().items()})

    def write(self, folder: Path) -> None:
        for key, name in self.files().items():
            write_rows(folder / name, getattr(self, key))


@dataclass
class Organiser:
    """One organiser as its regional folder needs it."""

    code: str
    name: str  # Finnish
    towns: list[Row]  # its mainland municipalities' rows
    council: str | None = None  # its regional council's Finnish name
    authorities: list[str] = field(default_factory=list)  # employment areas its towns lead


def write_scaled_data(root: Path, factor: float, *, seed: int = 7) -> Shape:
    """``root/data`` (a copy of the repository's, the reference tables grown, and a
    regional folder for each organiser) and ``root/ontology`` (with the extra themes) of a
    graph ``factor`` times the national one."""
    scale = Scale(factor)
    shutil.copytree(REPO_ROOT / "data", root / "data")
    shutil.copytree(REPO_ROOT / "ontology", root / "ontology")
    reference = Reference.read(root / "data" / "reference")
    grow_reference(reference, scale)
    reference.write(root / "data" / "reference")
    extra = extra_theme_codes(scale.grown(len(THEMES)) - len(THEMES))
    (root / "ontology" / "synthetic-themes.ttl").write_text(theme_turtle(extra), "utf-8")
    themes = THEMES + extra
    shape = Shape(factor, themes=len(themes))
    shape.municipalities = sum(
        m["wellbeing_county_code"] != ALAND for m in reference.municipalities
    )
    for o in organisers(reference):
        folder = root / "data" / "regional" / f"synthetic-{o.code}"
        write_organiser(folder, o, themes, scale, random.Random(f"{seed}-{o.code}"), shape)
    return shape


# -- the reference tables ------------------------------------------------------------------


def grow_reference(ref: Reference, scale: Scale) -> None:
    """Add the new counties, each with its region (and regional council), its new mainland
    municipalities and an employment area of them."""
    real = [c for c in ref.counties if c["kind"] == "wellbeing_services_county"]
    new_counties = scale.grown(len(real)) - len(real)
    if not new_counties:
        return
    mainland = [m for m in ref.municipalities if m["wellbeing_county_code"] != ALAND]
    per_county = round((scale.grown(len(mainland)) - len(mainland)) / new_counties)
    taken = {
        key(row[k])
        for rows in (ref.municipalities, ref.counties, ref.regions)
        for row in rows
        for k in ("name_fi", "name_sv")
    }
    town_names = new_town_names(mainland, taken)
    short = {r["code"]: r for r in ref.short_names}
    codes = {
        "town": free_codes(ref.municipalities, "code", 3),
        "county": free_codes(ref.counties, "code", 2, below=90),  # 90, 91: Helsinki, Åland
        "region": free_codes(ref.regions, "code", 2),
        "area": free_codes(ref.areas, "statfi_code", 2),
    }
    for i in range(new_counties):
        base = real[i % len(real)]
        fi, sv, en = NEW_NAMES[i // len(real) % len(NEW_NAMES)]
        county, region = next(codes["county"]), next(codes["region"])
        area_fi = f"{fi}-{short[base['code']]['short_name_fi']}"
        area_sv = f"{sv} {short[base['code']]['short_name_sv']}"
        ref.counties.append(
            like(
                ref.counties,
                code=county,
                name_fi=f"{fi}-{base['name_fi']}",
                name_sv=f"{sv} {base['name_sv']}",
                name_en=f"{en} {base['name_en']}",
                kind="wellbeing_services_county",
            )
        )
        ref.short_names.append(
            like(
                ref.short_names,
                code=county,
                short_name_fi=area_fi,
                short_name_sv=area_sv,
                source="synthetic",
            )
        )
        ref.regions.append(
            like(
                ref.regions,
                code=region,
                name_fi=area_fi,
                name_sv=area_sv,
                regional_council_fi=f"{area_fi}n liitto",
                regional_council_sv=f"{area_sv}s förbund",
            )
        )
        towns = []
        for _ in range(per_county):
            town, (name_fi, name_sv) = next(town_names)
            towns.append(
                like(
                    ref.municipalities,
                    code=next(codes["town"]),
                    name_fi=name_fi,
                    name_sv=name_sv,
                    wellbeing_county_code=county,
                    region_code=region,
                    language=town["language"],
                    valid_from_year=town["valid_from_year"],
                )
            )
        ref.municipalities += towns
        add_area(ref, f"syn-{county}", next(codes["area"]), (area_fi, area_sv), towns)


def add_area(
    ref: Reference, area_id: str, statfi: str, names: tuple[str, str], towns: list[Row]
) -> None:
    """An employment area of ``towns``, led by the first."""
    ref.areas.append(
        like(
            ref.areas,
            area_id=area_id,
            statfi_code=statfi,
            name_fi=f"Työllisyysalue {names[0]}",
            name_sv=f"Sysselsättningsområde {names[1]}",
            model="vastuukunta",
            lead_municipality_code=towns[0]["code"],
            lead_municipality_name=towns[0]["name_fi"],
            lead_status="explicit",
            member_count=str(len(towns)),
            lead_source="synthetic",
        )
    )
    ref.members += [like(ref.members, area_id=area_id, municipality_code=t["code"]) for t in towns]


def new_town_names(mainland: list[Row], taken: set[str]) -> Iterator[tuple[Row, tuple[str, str]]]:
    """(the real town a new one is named after, its Finnish and Swedish names), each name
    unused; ``taken`` gets them."""
    for fi, sv, _ in NEW_NAMES:
        for town in mainland:
            names = (f"{fi}-{town['name_fi']}", f"{sv} {town['name_sv'] or town['name_fi']}")
            if not {key(n) for n in names} & taken:
                taken.update(key(n) for n in names)
                yield town, names


def free_codes(rows: list[Row], column: str, width: int, below: int | None = None) -> Iterator[str]:
    """The codes of ``width`` digits from 1 up (``below`` a bound) that no row uses."""
    used = {r[column] for r in rows}
    for n in range(1, below or 10**width):
        if str(n).zfill(width) not in used:
            yield str(n).zfill(width)
    raise ValueError(f"no free {width}-digit {column} left")


def key(name: str) -> str:
    return name.strip().casefold()


def like(rows: list[Row], **values: str) -> Row:
    """A new row with the columns of ``rows``: ``values``, the other cells empty."""
    row = dict.fromkeys(rows[0], "")
    if not set(values) <= set(row):
        raise KeyError(f"no column {sorted(set(values) - set(row))}")
    return row | values


def read_rows(path: Path) -> list[Row]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def write_rows(path: Path, rows: list[Row]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


# -- the themes ----------------------------------------------------------------------------


def extra_theme_codes(count: int) -> list[str]:
    """Codes of ``count`` copies of the real themes: ``strategic-management-2``, …"""
    return [f"{THEMES[i % len(THEMES)]}-{i // len(THEMES) + 2}" for i in range(count)]


def base_theme(code: str) -> str:
    """The real theme a theme copies (a real theme's own code)."""
    stem, _, part = code.rpartition("-")
    return stem if part.isdigit() and stem in THEMES else code


def theme_turtle(codes: list[str]) -> str:
    """Turtle for the copied themes ``codes``: each the real theme's statements, its code
    and names with the part added, and a top concept of the theme scheme."""
    from rdflib import Graph, Literal, Namespace, URIRef
    from rdflib.namespace import RDFS, SKOS

    ontology = Graph().parse(REPO_ROOT / "ontology" / "yhdyspinta.ttl")
    theme_ns = Namespace(THEME_SCHEME + "/")
    names = (SKOS.prefLabel, RDFS.label, SKOS.altLabel)
    out = Graph()
    for code in codes:
        part = code.rpartition("-")[2]
        for p, o in ontology.predicate_objects(theme_ns[base_theme(code)]):
            if p == SKOS.notation:
                o = Literal(code)
            elif p in names and isinstance(o, Literal):
                o = Literal(f"{o}, {PART.get(o.language or '', 'osa')} {part}", lang=o.language)
            out.add((theme_ns[code], p, o))
        out.add((URIRef(THEME_SCHEME), SKOS.hasTopConcept, theme_ns[code]))
    return out.serialize(format="turtle")


# -- each organiser's regional folder ---------------------------------------------------------


def organisers(ref: Reference) -> list[Organiser]:
    """The counties and the City of Helsinki with their mainland towns, their regional
    council and the employment authorities of the areas their towns lead."""
    councils = {r["code"]: r["regional_council_fi"] for r in ref.regions}
    found = {
        c["code"]: Organiser(c["code"], c["name_fi"], [])
        for c in ref.counties
        if c["kind"] == "wellbeing_services_county"
    }
    for m in ref.municipalities:
        code = m["wellbeing_county_code"]
        if code == HELSINKI:
            found[HELSINKI] = Organiser(HELSINKI, m["name_fi"], [m])
        elif code in found:
            found[code].towns.append(m)
            found[code].council = found[code].council or councils.get(m["region_code"]) or None
    county_of = {m["code"]: m["wellbeing_county_code"] for m in ref.municipalities}
    for area in ref.areas:
        lead = county_of.get(area["lead_municipality_code"])
        if lead in found:
            found[lead].authorities.append(f"{area['name_fi']}: työvoimaviranomainen")
    return sorted(found.values(), key=lambda o: o.code)


def write_organiser(
    folder: Path, o: Organiser, themes: list[str], scale: Scale, rng: random.Random, shape: Shape
) -> None:
    """The organiser's owners and (but for Helsinki, which negotiates with no one) its
    events, agreements, forums and dual roles; ``shape`` counts them."""
    folder.mkdir(parents=True)
    (folder / "source.json").write_text(json.dumps(SOURCE), "utf-8")
    owners = [row for town in o.towns for row in owner_rows(o, town, themes, scale, rng)]
    for n, start in enumerate(range(0, len(owners), ROWS_PER_FILE)):
        rows = owners[start : start + ROWS_PER_FILE]
        (folder / f"vastuut-{n + 1:02d}.csv").write_text(
            table_text(RESPONSIBILITIES, rows), "utf-8"
        )
    shape.organisers += 1
    shape.responsibility_rows += len(owners)
    if o.code == HELSINKI:
        return
    tables = (
        ("neuvottelut", NEGOTIATIONS, event_rows(o, themes, scale, rng), "events"),
        ("sopimukset", AGREEMENTS, agreement_rows(o, themes, scale, rng), "agreement_rows"),
        ("foorumit", FORUMS, forum_rows(o, themes, scale, rng), "forums"),
        ("kaksoisroolit", DUAL_ROLES, dual_role_rows(o, scale, rng), "dual_roles"),
    )
    for name, table, rows, counted in tables:
        (folder / f"{name}.csv").write_text(table_text(table, rows), "utf-8")
        setattr(shape, counted, getattr(shape, counted) + len(rows))


def table_text(table: Table, rows: list[Row]) -> str:
    """CSV text of a template table from rows given as {column key: cell}."""
    keys = [c.key for c in table.columns]
    for row in rows:
        if not set(row) <= set(keys):
            raise KeyError(f"{table.key} has no column {sorted(set(row) - set(keys))}")
    return csv_text(table, "fi", [[row.get(k, "") for k in keys] for row in rows])


def draw(rng: random.Random, mean: float) -> int:
    """A whole number whose expected value is ``mean`` (chance decides the fraction)."""
    whole = int(mean)
    return whole + (rng.random() < mean - whole)


def owner_rows(
    o: Organiser, town: Row, themes: list[str], scale: Scale, rng: random.Random
) -> list[Row]:
    """The town's owners of every theme on both sides, as
    :func:`bench.synthetic_graph.responsibility_rows` makes them, with ``scale.step``
    times the posts, and ``scale.step`` versions of each post."""
    rows = []
    first = rng.randint(0, 7)
    for i, theme in enumerate(themes):
        for side, title, unit in posts(i, theme, first, scale, rng):
            current = dt.date(rng.choice((2023, 2024, 2025)), rng.randint(1, 9), 1)
            for v, (start, end) in enumerate(versions(current, max(1, draw(rng, scale.step)))):
                older = f"{unit}, organisaatio {v}" if v else unit
                rows.append(owner(o, town, theme, (side, title, older), (start, end), rng))
    return rows


def posts(
    i: int, theme: str, first: int, scale: Scale, rng: random.Random
) -> Iterator[tuple[str, str, str]]:
    """(side, title, unit) of each post owning the ``i``-th theme now: one or two on each
    side at 1×, as in :func:`bench.synthetic_graph.responsibility_rows`."""
    municipal = max(1, draw(rng, (2 if i % 2 == 0 else 1) * scale.step))
    county = max(1, draw(rng, (2 if base_theme(theme) in TWO_COUNTY_POSTS else 1) * scale.step))
    for j in range(municipal):
        title = MUNICIPAL_POSTS[(first + i + j) % len(MUNICIPAL_POSTS)]
        yield "kunta", title, f"Toimiala {(i + j) % 5}" + (f"-{j}" if j >= 5 else "")
    for j in range(county):
        title = COUNTY_POSTS[(i + j) % len(COUNTY_POSTS)]
        yield "hyvinvointialue", title, f"Palvelualue {i}" + (f"-{j}" if j >= 5 else "")


def versions(current: dt.date, count: int) -> list[tuple[dt.date, dt.date | None]]:
    """(valid from, valid to) of a post's ``count`` versions, the current one first; the
    older ones share the time from :data:`HISTORY_FROM` to the day before it."""
    out: list[tuple[dt.date, dt.date | None]] = [(current, None)]
    span = (current - HISTORY_FROM).days // max(1, count - 1)
    end = current
    for _ in range(count - 1):
        start = end - dt.timedelta(days=span)
        out.append((start, end - dt.timedelta(days=1)))
        end = start
    return out


def owner(
    o: Organiser,
    town: Row,
    theme: str,
    post: tuple[str, str, str],
    valid: tuple[dt.date, dt.date | None],
    rng: random.Random,
) -> Row:
    side, title, unit = post
    named = side == "kunta" and rng.random() < 0.3
    checked = valid[1] or dt.date(2026, rng.randint(1, 9), 15)
    return {
        "county": o.name,
        "municipality": town["name_fi"] if rng.random() < 0.5 else town["code"].lstrip("0"),
        "theme": theme,
        "side": side,
        "post_fi": title,
        "unit": unit,
        "contact": f"kirjaamo{rng.randint(1, 99)}@example.fi",
        "person_name": f"Testi Henkilö {rng.randint(1, 999)}" if named else "",
        "publish_person_name": "kyllä" if named else "",
        "valid_from": valid[0].isoformat(),
        "valid_to": valid[1].isoformat() if valid[1] else "",
        "last_verified": checked.isoformat(),
        "source": "Synteettinen vertailuaineisto",
    }


def some_towns(rng: random.Random, o: Organiser, share: float) -> list[str]:
    """The Finnish names of about ``share`` of the organiser's towns (at least one)."""
    k = min(len(o.towns), max(1, round(len(o.towns) * share)))
    return [t["name_fi"] for t in rng.sample(o.towns, k)]


def a_day(rng: random.Random, first: int = 2023, last: int = 2026) -> str:
    return dt.date(rng.randint(first, last), rng.randint(1, 10), rng.randint(1, 28)).isoformat()


def event_rows(o: Organiser, themes: list[str], scale: Scale, rng: random.Random) -> list[Row]:
    """A §14 negotiation in each council term, a HYTE negotiation each year, and meetings
    (a few cancelled or planned): ``PER_ORGANISER['events']`` at 1×."""
    held = [
        ("611/2021 14 § neuvottelu", "2023-05-15", "strategic-management"),
        ("611/2021 14 § neuvottelu", "2026-03-10", "strategic-management"),
    ] + [("612/2021 7 § HYTE-neuvottelu", f"{y}-10-05", "hyte") for y in range(2023, 2027)]
    count = max(len(held), draw(rng, PER_ORGANISER["events"] * scale.per_organiser))
    meetings = [
        ("muu kokous", a_day(rng), ";".join(rng.sample(themes, 2)))
        for _ in range(count - len(held))
    ]
    rows = []
    for n, (kind, day, about) in enumerate(held + meetings):
        event = f"syn-{o.code}-e{n + 1}"
        status = (
            rng.choices(("", "peruttu", "suunniteltu"), (18, 1, 1))[0] if n >= len(held) else ""
        )
        participants = [o.name, *some_towns(rng, o, rng.uniform(0.6, 1))]
        rows.append(
            {
                "event_id": event,
                "type": kind,
                "date": day,
                "county": o.name,
                "convener": o.name,
                "participants": ";".join(participants),
                "themes": about,
                "minutes_url": f"https://example.org/{o.code}/poytakirja/{event}",
                "status": status,
            }
        )
    return rows


def agreement_rows(o: Organiser, themes: list[str], scale: Scale, rng: random.Random) -> list[Row]:
    """A strategic agreement of all the towns, a HYTE agreement that ended, a TYM agreement
    of each employment area the towns lead, and interface agreements on themes
    (``PER_ORGANISER['agreements']`` at 1×); one row per party, a few not approved yet."""
    towns = [t["name_fi"] for t in o.towns]
    council = [o.council] if o.council else []
    agreements = [
        (
            "strateginen yhteistyösopimus",
            "Strateginen yhteistyösopimus",
            [o.name, *towns],
            ("2024-03-01", "2027-12-31"),
            "strategic-management;hyte;service-network",
        ),
        (
            "yhdyspintasopimus",
            "HYTE-yhdyspintasopimus",
            [o.name, *council, *towns],
            ("2023-06-01", "2025-05-31"),
            "hyte",
        ),
    ]
    agreements += [
        ("TYM-sopimus", f"TYM-sopimus {a}", [a, o.name, "Kela"], ("2025-01-01", ""), "employment")
        for a in o.authorities
    ]
    count = max(len(agreements), draw(rng, PER_ORGANISER["agreements"] * scale.per_organiser))
    for _ in range(count - len(agreements)):
        theme = rng.choice(themes)
        parties = [o.name, *some_towns(rng, o, rng.uniform(0.2, 1))]
        valid = (a_day(rng, 2023, 2025), "")
        agreements.append(
            ("yhdyspintasopimus", f"Yhdyspintasopimus {theme}", parties, valid, theme)
        )
    return [
        {
            "agreement_id": f"syn-{o.code}-a{n + 1}",
            "type": kind,
            "title": f"{title} ({o.name})",
            "county": o.name,
            "party": party,
            "approved": a_day(rng, 2023, 2024) if rng.random() < 0.85 else "",
            "valid_from": valid[0],
            "valid_to": valid[1],
            "themes": about,
        }
        for n, (kind, title, parties, valid, about) in enumerate(agreements)
        for party in parties
    ]


def forum_rows(o: Organiser, themes: list[str], scale: Scale, rng: random.Random) -> list[Row]:
    """An advisory board of all the towns, an area group, a HYTE working group and a
    preparedness network (ended) with the regional council, as the Kainuu example has,
    and working groups on themes (``PER_ORGANISER['forums']`` at 1×)."""
    towns = [t["name_fi"] for t in o.towns]
    council = [o.council] if o.council else []
    forums = [
        ("neuvottelukunta", "Neuvottelukunta", towns, "strategic-management", "ylin johto", ""),
        (
            "aluetyöryhmä",
            "Aluetyöryhmä",
            some_towns(rng, o, 0.4),
            "older-people;housing",
            "toimialajohto",
            "",
        ),  # fmt: skip
        ("työryhmä", "HYTE-työryhmä", towns + council, "hyte", "asiantuntijat", ""),
        (
            "verkosto",
            "Varautumisverkosto",
            towns + council,
            "preparedness",
            "asiantuntijat",
            "2024-12-31",
        ),  # fmt: skip
    ]
    count = max(len(forums), draw(rng, PER_ORGANISER["forums"] * scale.per_organiser))
    for _ in range(count - len(forums)):
        theme = rng.choice(themes)
        level = rng.choice(("toimialajohto", "asiantuntijat", "henkilöstö"))
        members = some_towns(rng, o, rng.uniform(0.2, 1))
        forums.append(("työryhmä", f"Työryhmä {theme}", members, theme, level, ""))
    return [
        {
            "forum_id": f"syn-{o.code}-f{n + 1}",
            "name": f"{name} ({o.name})",
            "type": kind,
            "county": o.name,
            "members": ";".join([o.name, *members]),
            "themes": about,
            "level": level,
            "valid_from": "2023-01-01",
            "valid_to": ended,
        }
        for n, (kind, name, members, about, level, ended) in enumerate(forums)
    ]


def dual_role_rows(o: Organiser, scale: Scale, rng: random.Random) -> list[Row]:
    """Elected officials with a seat in a town's body and one in the county's, in this
    council term or the last (``PER_ORGANISER['dual_roles']`` at 1×)."""
    rows = []
    for n in range(draw(rng, PER_ORGANISER["dual_roles"] * scale.per_organiser)):
        named = rng.random() < 0.3
        current = rng.random() < 0.7
        rows.append(
            {
                "official_id": f"syn-{o.code}-lh{n + 1}",
                "person_name": f"Testi Henkilö {rng.randint(1, 999)}" if named else "",
                "publish_person_name": "ei" if named else "",
                "municipality": rng.choice(o.towns)["code"],
                "municipal_body": rng.choice(("kunnanvaltuusto", "kunnanhallitus", "lautakunta")),
                "county": o.name,
                "county_body": rng.choice(("aluevaltuusto", "aluehallitus", "lautakunta")),
                "valid_from": "2025-06-01" if current else "2022-03-01",
                "valid_to": "" if current else "2025-05-31",
                "source": "Synteettinen vertailuaineisto",
            }
        )
    return rows
