"""Write the illustrative example region (Kainuu) and its list of planted gaps.

The data is made up to show the product: every municipality of the Kainuu wellbeing
services county × the ten core themes on both sides, posts that cover several
municipalities, a strategic agreement with pending approvals, statutory negotiations
across two council terms, forums and dual roles, with deliberate gaps. Its folder's
source.json marks it illustrative; the API and UI show that flag.

Run ``python scripts/make_example_region.py`` to regenerate; a test checks the committed
files are what this script writes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.importing.schema import (  # noqa: E402
    AGREEMENTS,
    DUAL_ROLES,
    FORUMS,
    NEGOTIATIONS,
    RESPONSIBILITIES,
)
from kg.importing.templates import csv_text  # noqa: E402

OUT = ROOT / "data" / "regional" / "example-kainuu"
COUNTY = "Kainuun hyvinvointialue"
MUNICIPALITIES = {
    "105": "Hyrynsalmi",
    "205": "Kajaani",
    "290": "Kuhmo",
    "578": "Paltamo",
    "620": "Puolanka",
    "697": "Ristijärvi",
    "765": "Sotkamo",
    "777": "Suomussalmi",
}
VERIFIED = "2026-09-15"
STALE = "2024-03-01"

# theme -> (municipality-side post, unit, county-side post, unit, county post shared by all?)
THEMES = {
    "strategic-management": ("Kunnanjohtaja", "Keskushallinto", "Hyvinvointialuejohtaja", "Johto"),
    "hyte": (
        "Hyvinvointikoordinaattori",
        "Hyvinvointipalvelut",
        "HYTE-päällikkö",
        "Strategia ja kehittäminen",
    ),
    "children-families": (
        "Sivistysjohtaja",
        "Sivistyspalvelut",
        "Perhepalvelujen palvelualuejohtaja",
        "Perhepalvelut",
    ),
    "older-people": (
        "Vapaa-aikatoimenjohtaja",
        "Vapaa-aikapalvelut",
        "Ikäihmisten palvelujen johtaja",
        "Ikäihmisten palvelut",
    ),
    "student-welfare": (
        "Rehtori",
        "Perusopetus",
        "Opiskeluhuollon palvelupäällikkö",
        "Perhepalvelut",
    ),
    "service-network": (
        "Tekninen johtaja",
        "Tekniset palvelut",
        "Tilapalvelupäällikkö",
        "Tukipalvelut",
    ),
    "housing": (
        "Asumisasioiden vastuuhenkilö",
        "Tekniset palvelut",
        "Asumispalvelujen päällikkö",
        "Ikäihmisten palvelut",
    ),
    "preparedness": ("Valmiuspäällikkö", "Keskushallinto", "Valmiuspäällikkö", "Pelastuslaitos"),
    "integration": (
        "Maahanmuuttokoordinaattori",
        "Sivistyspalvelut",
        "Maahanmuuttopalvelujen päällikkö",
        "Aikuissosiaalityö",
    ),
    "employment": (
        "Työllisyyspäällikkö",
        "Työllisyyspalvelut",
        "Työikäisten palvelujen johtaja",
        "Aikuissosiaalityö",
    ),
}
EMPLOYMENT_AUTHORITY = "Kainuu-Koillismaa: työvoimaviranomainen"

# planted gaps: (municipality code, theme, side) with no current owner
MISSING = {
    ("105", "housing", "municipality"),
    ("697", "hyte", "municipality"),
    ("697", "student-welfare", "municipality"),
    ("620", "integration", "county"),
    ("777", "preparedness", "county"),
}
EXPIRED = ("290", "employment", "municipality", "2024-12-31")  # only owner ended
STALE_ROW = ("578", "hyte", "county")


def responsibilities() -> list[list[str]]:
    rows = []
    for code, name in MUNICIPALITIES.items():
        for theme, (m_post, m_unit, c_post, c_unit) in THEMES.items():
            for side in ("municipality", "county"):
                if (code, theme, side) in MISSING:
                    continue
                organisation, valid_to, verified = "", "", VERIFIED
                if side == "municipality":
                    post, unit = m_post, m_unit
                    contact = f"kirjaamo@{_domain(name)}.fi"
                    if theme == "employment":  # the employment authority acts for the side
                        organisation, unit = EMPLOYMENT_AUTHORITY, "Työllisyyspalvelut"
                        contact = "tyollisyyspalvelut@kajaani.fi"
                else:
                    post, unit = c_post, c_unit
                    contact = "kirjaamo@kainuunhyvinvointialue.fi"
                if (code, theme, side) == EXPIRED[:3]:
                    valid_to = EXPIRED[3]
                if (code, theme, side) == STALE_ROW:
                    verified = STALE
                rows.append(
                    [
                        COUNTY,
                        code,
                        theme,
                        "kunta" if side == "municipality" else "hyvinvointialue",
                        organisation,
                        post,
                        "",
                        "",
                        unit,
                        contact,
                        "",
                        "",
                        "2023-01-01",
                        valid_to,
                        verified,
                        "Esimerkkiaineisto (kuvitteellinen)",
                    ]
                )
    # a second county-side owner in Kajaani for employment: a post covering one town only
    rows.append(
        [
            COUNTY,
            "205",
            "employment",
            "hyvinvointialue",
            "",
            "Sosiaalityön johtaja",
            "Socialarbetets chef",
            "Head of social work",
            "Aikuissosiaalityö",
            "+358 8 6156 1000",
            "Maija Esimerkki",
            "ei",
            "2025-01-01",
            "",
            VERIFIED,
            "Esimerkkiaineisto (kuvitteellinen)",
        ]
    )
    return rows


def _domain(name: str) -> str:
    return name.lower().replace("ä", "a").replace("ö", "o")


STRATEGIC = "kainuu-strateginen-2024"
PENDING = ("105", "620", "777")


def agreements() -> list[list[str]]:
    rows = []
    common = [
        "strateginen yhteistyösopimus",
        "Kainuun hyvinvointialueen ja kuntien strateginen yhteistyösopimus",
    ]
    parties = [(COUNTY, "2024-02-12")] + [
        (name, "" if code in PENDING else f"2024-03-{10 + i:02d}")
        for i, (code, name) in enumerate(MUNICIPALITIES.items())
    ]
    for party, approved in parties:
        rows.append(
            [
                STRATEGIC,
                *common,
                COUNTY,
                party,
                approved,
                "2024-03-01",
                "2027-12-31",
                "strategic-management;hyte;service-network",
                "Yhteiset hyvinvointitavoitteet; selkeä työnjako",
                "Kouluterveyskyselyn indikaattorit",
                "https://example.org/kainuu/sopimus",
            ]
        )
    tym = ["TYM-sopimus", "Kainuu-Koillismaan TYM-yhteistoimintasopimus"]
    for party in (EMPLOYMENT_AUTHORITY, COUNTY, "Pohjois-Pohjanmaan hyvinvointialue", "Kela"):
        rows.append(
            [
                "kainuu-koillismaa-tym-2025",
                *tym,
                COUNTY,
                party,
                "2024-12-16",
                "2025-01-01",
                "",
                "employment",
                "",
                "",
                "",
            ]
        )
    hyte = ["yhdyspintasopimus", "Kainuun HYTE-yhdyspintasopimus"]
    for party in (COUNTY, "Kainuun liitto", *MUNICIPALITIES.values()):
        rows.append(
            [
                "kainuu-hyte-yhdyspinta-2023",
                *hyte,
                COUNTY,
                party,
                "2023-06-01",
                "2023-06-01",
                "2025-05-31",
                "hyte",
                "",
                "",
                "",
            ]
        )
    return rows


NEGOTIATIONS_PLAN = [
    # (id, type, date, absent municipality codes)
    ("kainuu-14-2023", "611/2021 14 § neuvottelu", "2023-05-15", {"697"}),
    ("kainuu-14-2026", "611/2021 14 § neuvottelu", "2026-03-10", {"105", "620"}),
    ("kainuu-hyte-2023", "612/2021 7 § HYTE-neuvottelu", "2023-10-05", set()),
    ("kainuu-hyte-2025", "612/2021 7 § HYTE-neuvottelu", "2025-11-20", {"290"}),
    ("kainuu-hyte-2026", "612/2021 7 § HYTE-neuvottelu", "2026-10-15", set()),
    ("kainuu-kuntajohtajat-2024", "muu kokous", "2024-09-02", set()),
]


def negotiations() -> list[list[str]]:
    rows = []
    for key, kind, day, absent in NEGOTIATIONS_PLAN:
        present = [n for c, n in MUNICIPALITIES.items() if c not in absent]
        themes = "hyte" if "HYTE" in kind else "strategic-management"
        rows.append(
            [
                key,
                kind,
                day,
                COUNTY,
                COUNTY,
                ";".join([COUNTY, *present]),
                themes,
                f"https://example.org/kainuu/poytakirja/{key}",
                "",  # status: empty, i.e. held
            ]
        )
    return rows


def forums() -> list[list[str]]:
    everyone = ";".join([COUNTY, *MUNICIPALITIES.values()])
    north = ";".join([COUNTY, "Hyrynsalmi", "Puolanka", "Suomussalmi"])
    return [
        [
            "kainuu-neuvottelukunta",
            "Kainuun kuntien ja hyvinvointialueen neuvottelukunta",
            "neuvottelukunta",
            COUNTY,
            everyone,
            "strategic-management",
            "ylin johto",
            "2023-01-01",
            "",
        ],
        [
            "pohjois-kainuu-aluetyoryhma",
            "Pohjois-Kainuun aluetyöryhmä",
            "aluetyöryhmä",
            COUNTY,
            north,
            "older-people;housing",
            "toimialajohto",
            "2023-09-01",
            "",
        ],
        [
            "kainuu-hyte-tyoryhma",
            "Kainuun HYTE-työryhmä",
            "työryhmä",
            COUNTY,
            everyone + ";Kainuun liitto",
            "hyte",
            "asiantuntijat",
            "2023-01-01",
            "",
        ],
        [
            "kainuu-varautumisverkosto",
            "Kainuun varautumisverkosto",
            "verkosto",
            COUNTY,
            everyone + ";Kainuun liitto",
            "preparedness",
            "asiantuntijat",
            "2023-03-01",
            "2024-12-31",
        ],
    ]


def dual_roles() -> list[list[str]]:
    return [
        [
            "kainuu-lh-01",
            "",
            "",
            "205",
            "kunnanvaltuusto",
            COUNTY,
            "aluevaltuusto",
            "2025-06-01",
            "",
            "Esimerkkiaineisto (kuvitteellinen)",
        ],
        [
            "kainuu-lh-02",
            "Pekka Esimerkki",
            "ei",
            "765",
            "kunnanhallitus",
            COUNTY,
            "aluehallitus",
            "2025-06-01",
            "",
            "Esimerkkiaineisto (kuvitteellinen)",
        ],
        [
            "kainuu-lh-03",
            "",
            "",
            "290",
            "kunnanvaltuusto",
            COUNTY,
            "aluevaltuusto",
            "2022-03-01",
            "2025-05-31",
            "Esimerkkiaineisto (kuvitteellinen)",
        ],
    ]


# periods by their key (kg.audit.periods.Period.key): a council term by its IRI's last part
TERM_2022 = "county-2022-2025"
TERM_2025 = "county-2025-2029"


def _audit(
    obligation: str,
    bearer: str,
    counterparty: str,
    period: str,
    status: str,
    start: str,
    until: str | None = None,
) -> dict[str, object]:
    gap: dict[str, object] = {
        "kind": "duty-not-met",
        "obligation": obligation,
        "bearer": bearer,
        "counterparty": counterparty,
        "period": period,
        "status": status,
        "from": start,
        "checked_by": ["audit"],
    }
    if until:
        gap["until"] = until
    return gap


def audit_gaps() -> list[dict[str, object]]:
    """What `kg audit` must report as open or with no evidence recorded in county 20, by
    as-of date (complete for as-of dates from 2025-06-01); no record here shows a duty
    missed."""
    towns = sorted(MUNICIPALITIES)
    gaps = [_audit("611-2021-14", "20", "697", TERM_2022, "no-evidence", "2025-06-01")]
    gaps += [
        _audit("611-2021-14", "20", m, TERM_2025, "open", "2025-06-01", "2026-03-09") for m in towns
    ]
    gaps += [
        _audit("611-2021-14", "20", m, TERM_2025, "open", "2026-03-10", "2029-05-31")
        for m in ("105", "620")
    ]
    gaps.append(_audit("612-2021-7-convene", "20", "", "2024", "no-evidence", "2025-01-01"))
    gaps.append(_audit("612-2021-7-convene", "20", "", "2025", "open", "2025-01-01", "2025-11-19"))
    gaps += [
        _audit("612-2021-6-participate", m, "20", "2024", "no-evidence", "2025-01-01")
        for m in towns
    ]
    gaps += [
        _audit("612-2021-6-participate", m, "20", "2025", "open", "2025-01-01", "2025-11-19")
        for m in towns
    ]
    gaps.append(
        _audit("612-2021-6-participate", "290", "20", "2025", "open", "2025-11-20", "2025-12-31")
    )
    gaps.append(_audit("612-2021-6-participate", "290", "20", "2025", "no-evidence", "2026-01-01"))
    gaps += [
        _audit("612-2021-6-participate", m, "20", "2026", "open", "2026-01-01", "2026-10-14")
        for m in towns
    ]
    gaps.append(
        _audit("612-2021-6-designate", "697", "", "continuous", "no-evidence", "2023-01-01")
    )
    gaps.append(_audit("681-2023-ch6", "20", "620", "continuous", "no-evidence", "2025-01-01"))
    return gaps


def planted_gaps() -> dict[str, object]:
    shacl = ["shacl"]
    gaps: list[dict[str, object]] = []
    for code, theme, side in sorted(MISSING):
        gaps.append(
            {
                "kind": "missing-owner",
                "municipality": code,
                "theme": theme,
                "side": side,
                "from": "2023-01-01",
                "checked_by": shacl,
            }
        )
    gaps.append(
        {
            "kind": "missing-owner",
            "municipality": EXPIRED[0],
            "theme": EXPIRED[1],
            "side": EXPIRED[2],
            "from": "2025-01-01",
            "checked_by": shacl,
            "note": f"the only owner's validity ended {EXPIRED[3]}",
        }
    )
    gaps.append(
        {
            "kind": "stale-contact",
            "municipality": STALE_ROW[0],
            "theme": STALE_ROW[1],
            "side": STALE_ROW[2],
            "last_verified": STALE,
            "from": "2025-03-02",
            "checked_by": shacl,
        }
    )
    for code in PENDING:
        gaps.append(
            {
                "kind": "pending-approval",
                "agreement": STRATEGIC,
                "party": f"municipality/{code}",
                "from": "2024-03-01",
                "checked_by": shacl,
            }
        )
    gaps.append(
        {
            "kind": "no-fully-approved-strategic-agreement",
            "county": "20",
            "from": "2024-03-01",
            "checked_by": shacl,
            "note": "recommendation 5: follows from the pending approvals above",
        }
    )
    gaps += audit_gaps()
    return {
        "county": "20",
        "description": "Gaps planted in the illustrative Kainuu region. Each gap holds for "
        "as-of dates from its 'from' date; the list is complete for as-of "
        "dates from 2025-06-01 to 2027-09-14 (after that every row's last "
        "check is over 12 months old). 'checked_by' says which check must "
        "find it: the SHACL shapes (kg validate) or the legal audit; a duty "
        "gap holds from 'from' to 'until' (inclusive) with its status and its "
        "period's key (a council term's IRI's last part, a year, or 'continuous').",
        "core_themes": sorted(THEMES),
        "gaps": gaps,
    }


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for table, rows in (
        (RESPONSIBILITIES, responsibilities()),
        (AGREEMENTS, agreements()),
        (NEGOTIATIONS, negotiations()),
        (FORUMS, forums()),
        (DUAL_ROLES, dual_roles()),
    ):
        (OUT / f"{table.fi}.csv").write_text(csv_text(table, "fi", rows), "utf-8")
    (OUT / "source.json").write_text(
        json.dumps(
            {
                "title": "Kuvitteellinen esimerkkialue: Kainuu / "
                "Illustrative example region: Kainuu",
                "illustrative": True,
                "description": "Made-up data to show the product; not the real arrangements of "
                "Kainuu. Generated by scripts/make_example_region.py.",
            },
            ensure_ascii=False,
            indent=2,
        )
        + "\n",
        "utf-8",
    )
    (OUT / "planted_gaps.json").write_text(
        json.dumps(planted_gaps(), ensure_ascii=False, indent=2) + "\n", "utf-8"
    )


if __name__ == "__main__":
    main()
