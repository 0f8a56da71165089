"""The regional-data tables: one definition read by the templates, the importer, the
exporter and the documentation, so they cannot drift apart.

Every column has a Finnish and an English header (either is accepted on import), a kind
that says how the cell is read, and help texts. Choice columns list their accepted values
in Finnish and English; the XLSX templates turn them into drop-down lists.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kg.namespaces import YP


class Kind(StrEnum):
    TEXT = "text"
    ID = "id"  # a stable identifier: lowercase letters, digits and dashes
    DATE = "date"  # YYYY-MM-DD
    PARTIAL_DATE = "partial-date"  # YYYY-MM-DD, or YYYY-MM / YYYY when no day is known
    URL = "url"
    BOOLEAN = "boolean"  # kyllä/ei, yes/no
    MUNICIPALITY = "municipality"  # code (with or without zeros) or fi/sv name
    COUNTY = "county"  # code or name of a county or the City of Helsinki
    ORGANISATION = "organisation"  # any organisation by name or code
    ORGANISATIONS = "organisations"  # several, separated by ';'
    THEME = "theme"  # an interface theme by slug or label
    THEMES = "themes"  # several, separated by ';'
    CHOICE = "choice"
    CONTACT = "contact"  # e-mail address or phone number


@dataclass(frozen=True)
class Choice:
    value: str  # the canonical (Finnish) value written in templates and exports
    en: str  # the English value, also accepted
    iri: str  # what it means in the ontology


@dataclass(frozen=True)
class Column:
    key: str
    fi: str
    en: str
    kind: Kind
    required: bool
    help_fi: str
    help_en: str
    choices: tuple[Choice, ...] = ()

    def header(self, lang: str) -> str:
        return self.fi if lang == "fi" else self.en


@dataclass(frozen=True)
class Table:
    key: str
    fi: str  # sheet / file name in Finnish
    en: str
    help_fi: str
    help_en: str
    columns: tuple[Column, ...]

    def name(self, lang: str) -> str:
        return self.fi if lang == "fi" else self.en

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


def _c(
    key: str,
    fi: str,
    en: str,
    kind: Kind,
    required: bool,
    help_fi: str,
    help_en: str,
    choices: tuple[Choice, ...] = (),
) -> Column:
    return Column(key, fi, en, kind, required, help_fi, help_en, choices)


SIDES = (
    Choice("kunta", "municipality", str(YP.MunicipalitySide)),
    Choice("hyvinvointialue", "county", str(YP.CountySide)),
)
AGREEMENT_TYPES = (
    Choice(
        "strateginen yhteistyösopimus",
        "strategic cooperation agreement",
        str(YP.StrategicCooperationAgreement),
    ),
    Choice("yhdyspintasopimus", "interface agreement", str(YP.InterfaceAgreement)),
    Choice("TYM-sopimus", "TYM agreement", str(YP.TYMAgreement)),
    Choice(
        "vastuunjakotaulukko", "responsibility-division table", str(YP.ResponsibilityDivisionTable)
    ),
    Choice("yhdyspintasuunnitelma", "interface plan", str(YP.InterfacePlan)),
    Choice("muu", "other", str(YP.Agreement)),
)
EVENT_TYPES = (
    Choice(
        "611/2021 14 § neuvottelu",
        "611/2021 section 14 negotiation",
        str(YP.CooperationNegotiation),
    ),
    Choice(
        "612/2021 7 § HYTE-neuvottelu",
        "612/2021 section 7 HYTE negotiation",
        str(YP.HealthWellbeingNegotiation),
    ),
    Choice("muu kokous", "other meeting", str(YP.Meeting)),
)
EVENT_STATUSES = (
    Choice("pidetty", "held", str(YP.EventHeld)),
    Choice("peruttu", "cancelled", str(YP.EventCancelled)),
    Choice("suunniteltu", "planned", str(YP.EventPlanned)),
)
FORUM_TYPES = (
    Choice("neuvottelukunta", "advisory board", str(YP.AdvisoryBoard)),
    Choice("aluetyöryhmä", "area group", str(YP.AreaGroup)),
    Choice("työryhmä", "working group", str(YP.WorkingGroup)),
    Choice("verkosto", "network", str(YP.CooperationNetwork)),
)
LEVELS = (
    Choice("luottamushenkilöt", "elected officials", str(YP.ElectedOfficialsLevel)),
    Choice("ylin johto", "top management", str(YP.TopManagementLevel)),
    Choice("toimialajohto", "sector management", str(YP.SectorManagementLevel)),
    Choice("asiantuntijat", "experts", str(YP.ExpertLevel)),
    Choice("henkilöstö", "front-line staff", str(YP.FrontLineLevel)),
)
MUNICIPAL_BODIES = (
    Choice("kunnanvaltuusto", "municipal council", str(YP.MunicipalCouncil)),
    Choice("kunnanhallitus", "municipal board", str(YP.MunicipalBoard)),
    Choice("lautakunta", "committee", str(YP.Committee)),
)
COUNTY_BODIES = (
    Choice("aluevaltuusto", "county council", str(YP.CountyCouncil)),
    Choice("aluehallitus", "county board", str(YP.CountyBoard)),
    Choice("lautakunta", "committee", str(YP.Committee)),
)

_VALID_FROM = _c(
    "valid_from",
    "voimassa alkaen",
    "valid from",
    Kind.DATE,
    False,
    "Päivä, josta alkaen tieto on voimassa (VVVV-KK-PP).",
    "Date from which this holds (YYYY-MM-DD).",
)
_VALID_TO = _c(
    "valid_to",
    "voimassa asti",
    "valid to",
    Kind.DATE,
    False,
    "Viimeinen voimassaolopäivä; tyhjä = toistaiseksi.",
    "Last day this holds; empty = until further notice.",
)
_COUNTY = _c(
    "county",
    "hyvinvointialue",
    "county",
    Kind.COUNTY,
    True,
    "Hyvinvointialue (tai Helsingin kaupunki) koodina tai nimenä.",
    "Wellbeing services county (or the City of Helsinki), by code or name.",
)
_THEMES = _c(
    "themes",
    "teemat",
    "themes",
    Kind.THEMES,
    False,
    "Yhdyspintateemat puolipisteellä erotettuina (ks. teemaluettelo).",
    "Interface themes separated by semicolons (see the theme list).",
)
_SOURCE = _c(
    "source",
    "lähde",
    "source",
    Kind.TEXT,
    False,
    "Mistä tieto on peräisin (asiakirja, päätös, verkkosivu).",
    "Where the information comes from (document, decision, web page).",
)
# Where a row was read: required on every row of a public-record folder (its source.json
# says "kind": "public-record"), optional elsewhere; appended to every table.
CITATION = (
    _c(
        "source_url",
        "lähteen osoite",
        "source URL",
        Kind.URL,
        False,
        "Sivun osoite, jolta tieto on luettu (pöytäkirja, tiedote, verkkosivu).",
        "Address of the page the fact was read from (minutes, press release, web page).",
    ),
    _c(
        "source_ref",
        "lähdeviite",
        "source reference",
        Kind.TEXT,
        False,
        "Asiakirjan oma viite: toimielin, kokouspäivä ja pykälä tai asianumero, tai sivun "
        "otsikko; päivämäärän tarkkuus, jos vain kuukausi tai vuosi tiedetään.",
        "The document's own reference: body, meeting date and section or item, or the "
        "page title; the date's precision when only a month or year is known.",
    ),
    _c(
        "read_on",
        "luettu",
        "read on",
        Kind.DATE,
        False,
        "Päivä, jona sivu luettiin (VVVV-KK-PP).",
        "Date the page was read (YYYY-MM-DD).",
    ),
    _c(
        "conflict",
        "ristiriita",
        "conflict",
        Kind.TEXT,
        False,
        "Jos toinen lähde kertoo toisin: toisen rivin tunniste ja miten lähteet eroavat. "
        "Molemmat rivit säilytetään.",
        "When another source says otherwise: the other row's identifier and how the "
        "sources differ. Both rows are kept.",
    ),
)
CITATION_KEYS = tuple(c.key for c in CITATION)

_PERSON = _c(
    "person_name",
    "henkilön nimi",
    "person name",
    Kind.TEXT,
    False,
    "Henkilötieto: tallennetaan vain, jos seuraava sarake sallii julkaisun.",
    "Personal data: stored only when the next column allows publishing it.",
)
_PUBLISH = _c(
    "publish_person_name",
    "nimen saa julkaista",
    "name may be published",
    Kind.BOOLEAN,
    False,
    "kyllä / ei (oletus ei).",
    "yes / no (default no).",
)

RESPONSIBILITIES = Table(
    "responsibilities",
    "vastuut",
    "responsibilities",
    "Vastuunjakotaulukko: kunkin kunnan ja teeman vastuutahot kunnan ja hyvinvointialueen "
    "puolella. Yksi rivi kutakin vastuutehtävää kohden; hyvinvointialueen tehtävä voi kattaa "
    "useita kuntia (toista rivi kunnittain).",
    "Responsibility-division table: the responsible posts on the municipality and the county "
    "side for each municipality and theme. One row per responsible post; a county post may "
    "cover several municipalities (repeat the row for each).",
    (
        _COUNTY,
        _c(
            "municipality",
            "kunta",
            "municipality",
            Kind.MUNICIPALITY,
            True,
            "Kunta koodina (etunollilla tai ilman) tai suomen- tai ruotsinkielisenä nimenä.",
            "Municipality by code (with or without leading zeros) or Finnish or Swedish name.",
        ),
        _c(
            "theme",
            "teema",
            "theme",
            Kind.THEME,
            True,
            "Yhdyspintateema koodina tai millä tahansa nimellään (ks. teemaluettelo: "
            "välilehti teemaluettelo tai pohjien README).",
            "Interface theme by code or any of its names (see the theme list: the sheet "
            "'theme list' or the templates' README).",
        ),
        _c(
            "side",
            "puoli",
            "side",
            Kind.CHOICE,
            True,
            "Kumman puolen vastuutaho: kunta vai hyvinvointialue.",
            "Which side the post answers for: municipality or county.",
            SIDES,
        ),
        _c(
            "organisation",
            "organisaatio",
            "organisation",
            Kind.ORGANISATION,
            False,
            "Organisaatio, jossa tehtävä on, jos muu kuin puolen oma (esim. kuntayhtymä tai "
            "maakunnan liitto, joka toimii puolen puolesta). Tyhjä = kunta tai "
            "hyvinvointialue itse.",
            "Organisation holding the post when not the side's own (e.g. a joint municipal "
            "authority or the regional council acting for that side). Empty = the "
            "municipality or county itself.",
        ),
        _c(
            "post_fi",
            "tehtävänimike",
            "post title (fi)",
            Kind.TEXT,
            True,
            "Vastuutehtävän nimike suomeksi.",
            "Title of the post in Finnish.",
        ),
        _c(
            "post_sv",
            "tehtävänimike ruotsiksi",
            "post title (sv)",
            Kind.TEXT,
            False,
            "Nimike ruotsiksi.",
            "Title in Swedish.",
        ),
        _c(
            "post_en",
            "tehtävänimike englanniksi",
            "post title (en)",
            Kind.TEXT,
            False,
            "Nimike englanniksi.",
            "Title in English.",
        ),
        _c(
            "unit",
            "organisaatioyksikkö",
            "organisation unit",
            Kind.TEXT,
            False,
            "Toimiala, palvelualue tai yksikkö.",
            "Division, service area or unit.",
        ),
        _c(
            "contact",
            "yhteyskanava",
            "contact channel",
            Kind.CONTACT,
            False,
            "Julkinen yhteyskanava: yhteinen sähköpostilaatikko tai vaihteen numero.",
            "Public contact channel: a shared mailbox or switchboard number.",
        ),
        _PERSON,
        _PUBLISH,
        _VALID_FROM,
        _VALID_TO,
        _c(
            "last_verified",
            "tarkistettu",
            "last verified",
            Kind.DATE,
            False,
            "Päivä, jolloin tieto viimeksi tarkistettiin.",
            "Date the row was last checked to be current.",
        ),
        _SOURCE,
        *CITATION,
    ),
)

AGREEMENTS = Table(
    "agreements",
    "sopimukset",
    "agreements",
    "Sopimukset ja niiden osapuolet: yksi rivi kutakin osapuolta kohden. Sopimuksen tiedot "
    "toistetaan jokaisella rivillä; hyväksymispäivä tyhjä = hyväksyntä puuttuu vielä.",
    "Agreements and their parties: one row per party. The agreement's fields repeat on "
    "each row; an empty approval date means the party has not approved it yet.",
    (
        _c(
            "agreement_id",
            "sopimuksen tunniste",
            "agreement id",
            Kind.ID,
            True,
            "Pysyvä tunniste, esim. kainuu-strateginen-2024.",
            "Stable identifier, e.g. kainuu-strategic-2024.",
        ),
        _c(
            "type",
            "sopimustyyppi",
            "agreement type",
            Kind.CHOICE,
            True,
            "Sopimuksen tyyppi.",
            "Type of agreement.",
            AGREEMENT_TYPES,
        ),
        _c("title", "nimi", "title", Kind.TEXT, True, "Sopimuksen nimi.", "Title."),
        _COUNTY,
        _c(
            "party",
            "osapuoli",
            "party",
            Kind.ORGANISATION,
            True,
            "Yksi osapuoli (kunta, hyvinvointialue, Kela, maakunnan liitto, ...).",
            "One party (municipality, county, Kela, regional council, ...).",
        ),
        _c(
            "approved",
            "hyväksytty",
            "approved on",
            Kind.PARTIAL_DATE,
            False,
            "Päivä, jona osapuoli hyväksyi sopimuksen (VVVV-KK-PP; VVVV-KK tai VVVV, jos "
            "lähde ei kerro päivää); tyhjä = ei vielä hyväksytty.",
            "Date the party approved the agreement (YYYY-MM-DD; YYYY-MM or YYYY when the "
            "source gives no day); empty = not approved yet.",
        ),
        _VALID_FROM,
        _VALID_TO,
        _THEMES,
        _c("goals", "tavoitteet", "goals", Kind.TEXT, False, "Tavoitteet.", "Goals."),
        _c("indicators", "mittarit", "indicators", Kind.TEXT, False, "Mittarit.", "Indicators."),
        _c(
            "document_url",
            "asiakirjan osoite",
            "document URL",
            Kind.URL,
            False,
            "Verkko-osoite sopimukseen.",
            "Web address of the agreement.",
        ),
        _c(
            "approving_body",
            "hyväksyjä",
            "approving body",
            Kind.TEXT,
            False,
            "Osapuolen toimielin, joka hyväksyi sopimuksen (esim. kunnanhallitus, aluevaltuusto).",
            "The party's body that approved it (e.g. municipal board, county council).",
        ),
        _c(
            "approval_ref",
            "pykälä",
            "minute reference",
            Kind.TEXT,
            False,
            "Hyväksymispäätöksen pykälä tai asianumero, esim. § 89 tai asia 10.",
            "Section or item of the approval decision, e.g. § 89 or item 10.",
        ),
        *CITATION,
    ),
)

NEGOTIATIONS = Table(
    "negotiations",
    "neuvottelut",
    "negotiations",
    "Lakisääteiset neuvottelut ja muut kokoukset: yksi rivi kutakin tilaisuutta kohden.",
    "Statutory negotiations and other meetings: one row per event.",
    (
        _c(
            "event_id",
            "tunniste",
            "event id",
            Kind.ID,
            True,
            "Pysyvä tunniste, esim. kainuu-hyte-2024.",
            "Stable identifier.",
        ),
        _c(
            "type",
            "tyyppi",
            "type",
            Kind.CHOICE,
            True,
            "Neuvottelun laji.",
            "Kind of negotiation.",
            EVENT_TYPES,
        ),
        _c(
            "date",
            "päivämäärä",
            "date",
            Kind.PARTIAL_DATE,
            True,
            "Päivä (VVVV-KK-PP); VVVV-KK tai VVVV, jos lähde ei kerro päivää.",
            "Date (YYYY-MM-DD); YYYY-MM or YYYY when the source gives no day.",
        ),
        _COUNTY,
        _c(
            "convener",
            "koollekutsuja",
            "convener",
            Kind.ORGANISATION,
            True,
            "Koolle kutsunut organisaatio.",
            "Organisation that convened it.",
        ),
        _c(
            "participants",
            "osallistujat",
            "participants",
            Kind.ORGANISATIONS,
            True,
            "Osallistuneet organisaatiot puolipisteellä erotettuina (myös koollekutsuja).",
            "Participating organisations separated by semicolons (the convener too).",
        ),
        _THEMES,
        _c(
            "minutes_url",
            "pöytäkirjan osoite",
            "minutes URL",
            Kind.URL,
            False,
            "Verkko-osoite muistioon tai pöytäkirjaan.",
            "Web address of the minutes.",
        ),
        _c(
            "status",
            "tila",
            "status",
            Kind.CHOICE,
            False,
            "Pidetty (oletus, jos tyhjä), peruttu tai suunniteltu: peruttu tilaisuus ei täytä "
            "velvoitetta, ja tarkastus kertoo sen jääneen täyttämättä; suunniteltu (lähde "
            "vain ilmoittaa tilaisuudesta) ei ole näyttö pitämisestä eikä peruuntumisesta.",
            "Held (the default when empty), cancelled or planned: a cancelled event fulfils "
            "no duty, and the audit reports the duty missed; a planned one (the source only "
            "announces it) is evidence of neither.",
            EVENT_STATUSES,
        ),
        *CITATION,
    ),
)

FORUMS = Table(
    "forums",
    "foorumit",
    "forums",
    "Yhteistyöfoorumit: neuvottelukunnat, aluetyöryhmät, työryhmät ja verkostot.",
    "Cooperation forums: advisory boards, area groups, working groups and networks.",
    (
        _c(
            "forum_id",
            "tunniste",
            "forum id",
            Kind.ID,
            True,
            "Pysyvä tunniste.",
            "Stable identifier.",
        ),
        _c("name", "nimi", "name", Kind.TEXT, True, "Foorumin nimi.", "Name of the forum."),
        _c(
            "type",
            "tyyppi",
            "type",
            Kind.CHOICE,
            True,
            "Foorumin laji.",
            "Kind of forum.",
            FORUM_TYPES,
        ),
        _COUNTY,
        _c(
            "members",
            "jäsenorganisaatiot",
            "member organisations",
            Kind.ORGANISATIONS,
            True,
            "Jäsenorganisaatiot puolipisteellä erotettuina.",
            "Member organisations separated by semicolons.",
        ),
        _THEMES,
        _c(
            "level",
            "taso",
            "level",
            Kind.CHOICE,
            True,
            "Vuorovaikutuksen taso.",
            "Level of interaction.",
            LEVELS,
        ),
        _VALID_FROM,
        _VALID_TO,
        *CITATION,
    ),
)

DUAL_ROLES = Table(
    "dual_roles",
    "kaksoisroolit",
    "dual roles",
    "Luottamushenkilöiden kaksoisroolit: paikka sekä kunnan että hyvinvointialueen toimielimessä.",
    "Dual roles of elected officials: a seat in both a municipal and a county body.",
    (
        _c(
            "official_id",
            "tunniste",
            "official id",
            Kind.ID,
            True,
            "Pysyvä tunniste (ei henkilötunnusta), esim. kainuu-lh-01.",
            "Stable identifier (never a personal identity code), e.g. kainuu-eo-01.",
        ),
        _PERSON,
        _PUBLISH,
        _c(
            "municipality",
            "kunta",
            "municipality",
            Kind.MUNICIPALITY,
            True,
            "Kunta, jonka toimielimessä paikka on.",
            "Municipality of the municipal seat.",
        ),
        _c(
            "municipal_body",
            "kunnan toimielin",
            "municipal body",
            Kind.CHOICE,
            True,
            "Kunnan toimielin.",
            "Municipal body.",
            MUNICIPAL_BODIES,
        ),
        _COUNTY,
        _c(
            "county_body",
            "hyvinvointialueen toimielin",
            "county body",
            Kind.CHOICE,
            True,
            "Hyvinvointialueen toimielin.",
            "County body.",
            COUNTY_BODIES,
        ),
        _VALID_FROM,
        _VALID_TO,
        _SOURCE,
        *CITATION,
    ),
)

TABLES: tuple[Table, ...] = (RESPONSIBILITIES, AGREEMENTS, NEGOTIATIONS, FORUMS, DUAL_ROLES)


def table_named(name: str) -> Table | None:
    """The table whose Finnish or English name (or key) is ``name``, case-insensitively."""
    wanted = name.strip().casefold().replace("_", " ")
    for table in TABLES:
        if wanted in {table.fi.casefold(), table.en.casefold(), table.key.replace("_", " ")}:
            return table
    return None
