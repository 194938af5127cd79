"""claimx.actors.gazetteer: country lookup and actor -> party resolution, rule by rule, with negatives."""

import time

import pycountry
import pytest

from claimx.actors.gazetteer import ActorInfo, country_of, resolve_actor
from claimx.assets import load_table

# --- country_of ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, code, name, sector", [
    # names, pycountry's and the short-form table's
    ("Iran", "IRN", "Iran", None),
    ("the United States", "USA", "United States", None),
    ("U.S.", "USA", "United States", None),
    ("US", "USA", "United States", None),
    ("America", "USA", "United States", None),
    ("Britain", "GBR", "United Kingdom", None),
    ("UK", "GBR", "United Kingdom", None),
    ("Russia", "RUS", "Russia", None),
    ("Russian Federation", "RUS", "Russia", None),
    ("Azerbaijan", "AZE", "Azerbaijan", None),
    ("Saudi Arabia", "SAU", "Saudi Arabia", None),
    ("the Islamic Republic of Iran", "IRN", "Iran", None),
    ("South Korea", "KOR", "South Korea", None),
    ("North Korea", "PRK", "North Korea", None),
    ("Syria", "SYR", "Syria", None),
    ("Venezuela", "VEN", "Venezuela", None),
    ("Vietnam", "VNM", "Vietnam", None),
    ("Laos", "LAO", "Laos", None),
    ("Taiwan", "TWN", "Taiwan", None),
    ("Palestine", "PSE", "Palestine", None),
    ("Kosovo", "XKX", "Kosovo", None),
    ("the Czech Republic", "CZE", "Czech Republic", None),
    ("Czechia", "CZE", "Czech Republic", None),
    ("Ivory Coast", "CIV", "Ivory Coast", None),
    ("Côte d'Ivoire", "CIV", "Ivory Coast", None),
    ("Turkey", "TUR", "Turkey", None),
    ("Türkiye", "TUR", "Turkey", None),
    ("Guinea-Bissau", "GNB", "Guinea-Bissau", None),
    ("Georgia", "GEO", "Georgia", None),  # accepted ambiguity: the country, not the US state
    # demonyms and plurals
    ("Iranian", "IRN", "Iran", None),
    ("Azeri", "AZE", "Azerbaijan", None),
    ("Azerbaijani", "AZE", "Azerbaijan", None),
    ("American", "USA", "United States", None),
    ("British", "GBR", "United Kingdom", None),
    ("Israeli", "ISR", "Israel", None),
    ("Iranians", "IRN", "Iran", None),
    ("South Korean", "KOR", "South Korea", None),
    # capitals and seats of government stand for the government
    ("Tehran", "IRN", "Iran", "GOV"),
    ("Baku", "AZE", "Azerbaijan", "GOV"),
    ("Washington", "USA", "United States", "GOV"),
    ("the Kremlin", "RUS", "Russia", "GOV"),
    ("the White House", "USA", "United States", "GOV"),
    ("Downing Street", "GBR", "United Kingdom", "GOV"),
    ("Beijing", "CHN", "China", "GOV"),
    ("the Pentagon", "USA", "United States", "MIL"),
    ("Iran's", "IRN", "Iran", None),
])
def test_country_of_finds_the_country(text, code, name, sector):
    assert country_of(text) == ActorInfo(name, "country", code, sector)


@pytest.mark.parametrize("text", [
    "iran",                 # case-sensitive: capitalised forms only
    "us",                   # the pronoun
    "american",
    "",
    "the ministry",
    "Iranian officials",    # a phrase, not a country term: use resolve_actor
    "Nagorno-Karabakh",
    "Karabakh",
    "Latin America",
    "New Mexico",
    "South China Sea",
    "Amnesty International",
    "IRNA",                 # a state body, not a country name
    "Korean",               # which Korea?
    "pro-Russian",
    "Iran-backed",
])
def test_country_of_rejects_non_countries(text):
    assert country_of(text) is None


# --- resolve_actor ------------------------------------------------------------------------

def _resolved(text, label=None):
    info = resolve_actor(text, label)
    return info.kind, info.name, info.code, info.sector


@pytest.mark.parametrize("text, label, expected", [
    # the country inside the phrase, with the sector of the institution
    ("Azerbaijan's foreign ministry", None, ("country", "Azerbaijan", "AZE", "GOV")),
    ("the Foreign Ministry of Iran", "ORG", ("country", "Iran", "IRN", "GOV")),
    ("Iranian state media", "NORP", ("country", "Iran", "IRN", "JRN")),
    ("the Israeli army", None, ("country", "Israel", "ISR", "MIL")),
    ("Iranian authorities", None, ("country", "Iran", "IRN", "GOV")),
    ("Azerbaijani authorities", None, ("country", "Azerbaijan", "AZE", "GOV")),
    ("Russian police", None, ("country", "Russia", "RUS", "COP")),
    ("the U.S. Senate", "ORG", ("country", "United States", "USA", "LEG")),
    ("a spokesman from Azerbaijan\u2019s foreign ministry", None,
     ("country", "Azerbaijan", "AZE", "GOV")),
    ("his Iranian counterpart Hossein Amir-Abdollahian", "PERSON",
     ("country", "Iran", "IRN", "GOV")),
    ("the United States' envoy", None, ("country", "United States", "USA", "GOV")),
    ("Saudi Arabia's crown prince", None, ("country", "Saudi Arabia", "SAU", "GOV")),
    ("Chinese diplomats", None, ("country", "China", "CHN", "GOV")),
    ("the Iranian side", None, ("country", "Iran", "IRN", "GOV")),
    ("Britain's Foreign Office", None, ("country", "United Kingdom", "GBR", "GOV")),
    # sectors by keyword
    ("Georgian soldiers", None, ("country", "Georgia", "GEO", "MIL")),
    ("the Armenian parliament", None, ("country", "Armenia", "ARM", "LEG")),
    ("a Turkish court", None, ("country", "Turkey", "TUR", "JUD")),
    ("Iran's intelligence ministry", None, ("country", "Iran", "IRN", "SPY")),
    ("the ruling party of Azerbaijan", None, ("country", "Azerbaijan", "AZE", "PTY")),
    ("rebels in Syria", None, ("country", "Syria", "SYR", "REB")),
    ("the Venezuelan opposition", None, ("country", "Venezuela", "VEN", "OPP")),
    ("a Russian oil company", None, ("country", "Russia", "RUS", "BUS")),
    ("Israeli protesters", None, ("country", "Israel", "ISR", "CVL")),
    # rank decides between keywords: institutions beat roles, overriding modifiers beat both
    ("an Israeli army spokesman", None, ("country", "Israel", "ISR", "MIL")),
    ("Israeli opposition lawmakers", None, ("country", "Israel", "ISR", "OPP")),
    ("a Pakistani military court", None, ("country", "Pakistan", "PAK", "JUD")),
    ("the Ukrainian police chief", None, ("country", "Ukraine", "UKR", "COP")),
    # seats of government; a keyword overrides the seat's own sector
    ("the Kremlin spokesman", None, ("country", "Russia", "RUS", "GOV")),
    ("Pentagon officials", None, ("country", "United States", "USA", "MIL")),
    ("police in Tehran", None, ("country", "Iran", "IRN", "COP")),
    ("Washington", "GPE", ("country", "United States", "USA", "GOV")),
    # plural demonyms are the people
    ("Iranians", None, ("country", "Iran", "IRN", "CVL")),
    ("ordinary Azerbaijanis", None, ("country", "Azerbaijan", "AZE", "CVL")),
    # nationality compounds count; support compounds do not (see the negatives)
    ("an Iranian-born engineer", None, ("country", "Iran", "IRN", None)),
    ("a U.S.-born businessman", None, ("country", "United States", "USA", "BUS")),
    # the phrase is cut at prepositions that bring in another party
    ("the US ambassador to Iran", None, ("country", "United States", "USA", "GOV")),
    ("Iran's envoy to the IAEA", None, ("country", "Iran", "IRN", "GOV")),
    ("an aide to Azerbaijan's president", None, ("country", "Azerbaijan", "AZE", "GOV")),
    # the leftmost party wins
    ("Iran and Azerbaijan", None, ("country", "Iran", "IRN", None)),
    ("the UN's Iran envoy", None, ("organization", "United Nations", "IGO", "GOV")),
    # state bodies resolve to their state
    ("IRNA", "ORG", ("country", "Iran", "IRN", "JRN")),
    ("Iran's Revolutionary Guards", None, ("country", "Iran", "IRN", "MIL")),
    ("Russia's FSB", None, ("country", "Russia", "RUS", "SPY")),
    # country words followed by a state institution keep their country
    ("US Commerce Department", None, ("country", "United States", "USA", "GOV")),
    ("Iranian State TV", "ORG", ("country", "Iran", "IRN", "JRN")),
    ("the Israel Defense Forces", "ORG", ("country", "Israel", "ISR", "MIL")),
    # people with a country cue outside their name act for the country
    ("Azerbaijani President Ilham Aliyev", "PERSON", ("country", "Azerbaijan", "AZE", "GOV")),
    ("King Abdullah of Jordan", "PERSON", ("country", "Jordan", "JOR", "GOV")),
    ("Hikmet Hajiyev, an aide to Azerbaijan's president", "PERSON",
     ("country", "Azerbaijan", "AZE", "GOV")),
    ("Georgia", None, ("country", "Georgia", "GEO", None)),  # accepted ambiguity
])
def test_resolve_actor_finds_the_country_and_sector(text, label, expected):
    assert _resolved(text, label) == expected


@pytest.mark.parametrize("text, label, expected", [
    ("the UN", None, ("organization", "United Nations", "IGO", None)),
    ("U.N.", None, ("organization", "United Nations", "IGO", None)),
    ("the United Nations", "ORG", ("organization", "United Nations", "IGO", None)),
    ("the Security Council", None, ("organization", "United Nations", "IGO", None)),
    ("the UN Security Council", None, ("organization", "United Nations", "IGO", None)),
    ("the EU", None, ("organization", "European Union", "IGO", None)),
    ("the European Union", None, ("organization", "European Union", "IGO", None)),
    ("the European Commission", None, ("organization", "European Union", "IGO", None)),
    ("EU foreign ministers", None, ("organization", "European Union", "IGO", "GOV")),
    ("UN peacekeepers", None, ("organization", "United Nations", "IGO", "MIL")),
    ("NATO", None, ("organization", "NATO", "IGO", None)),
    ("the IAEA", None, ("organization", "International Atomic Energy Agency", "IGO", None)),
    ("the WHO", None, ("organization", "World Health Organization", "IGO", None)),
    ("the IMF", None, ("organization", "International Monetary Fund", "IGO", None)),
    ("the World Bank", None, ("organization", "World Bank", "IGO", None)),
    ("OPEC", None, ("organization", "OPEC", "IGO", None)),
    ("the African Union", None, ("organization", "African Union", "IGO", None)),
    ("ASEAN", None, ("organization", "ASEAN", "IGO", None)),
    ("the Arab League", None, ("organization", "Arab League", "IGO", None)),
    ("the OSCE", None, ("organization", "OSCE", "IGO", None)),
    ("the ICC", None, ("organization", "International Criminal Court", "IGO", "JUD")),
    ("Amnesty International", None, ("organization", "Amnesty International", "NGO", None)),
    ("Human Rights Watch", None, ("organization", "Human Rights Watch", "NGO", None)),
    ("the Red Cross", None,
     ("organization", "International Committee of the Red Cross", "NGO", None)),
    ("the ICRC", None, ("organization", "International Committee of the Red Cross", "NGO", None)),
    ("Greenpeace", None, ("organization", "Greenpeace", "NGO", None)),
    ("Doctors Without Borders", None, ("organization", "Doctors Without Borders", "NGO", None)),
    ("MSF", "ORG", ("organization", "Doctors Without Borders", "NGO", None)),
    ("the Committee to Protect Journalists", None,  # "to" inside a name does not cut
     ("organization", "Committee to Protect Journalists", "NGO", None)),
    # companies and outlets named after places are not those places
    ("American Airlines", "ORG", ("organization", "American Airlines", "MNC", "BUS")),
    ("The Washington Post", "ORG", ("organization", "Washington Post", "MNC", "JRN")),
    ("Iran International", "ORG", ("organization", "Iran International", "MNC", "JRN")),
    # organisations no table knows: their own party, coded with a country word in their name
    ("Acme Holdings", "ORG", ("organization", "Acme Holdings", None, None)),
    ("Russian Railways", "ORG", ("organization", "Russian Railways", "RUS", None)),
    ("Azerbaijan Airlines", None, ("organization", "Azerbaijan Airlines", "AZE", "BUS")),
    ("Georgian Dream", "ORG", ("organization", "Georgian Dream", "GEO", None)),
    ("the Kenyan Farmers Association", "ORG",
     ("organization", "Kenyan Farmers Association", "KEN", None)),
    # ... but a people tagged NORP is of the country its demonym names
    ("Iraqi Kurds", "NORP", ("country", "Iraq", "IRQ", None)),
    ("Bosnian Croats", "NORP", ("country", "Bosnia and Herzegovina", "BIH", None)),
    # armed groups: organisations with no code
    ("Hamas", None, ("organization", "Hamas", "PSE", "REB")),  # an armed group: its home
    ("the Houthis", None, ("organization", "Houthis", "YEM", "REB")),
    ("al-Qaeda", None, ("organization", "al-Qaeda", "IMG", "REB")),
])
def test_resolve_actor_finds_organizations(text, label, expected):
    assert _resolved(text, label) == expected


@pytest.mark.parametrize("text, label, expected", [
    ("Jordan Peterson", "PERSON", ("person", "Jordan Peterson", None, None)),
    ("Jordan", "PERSON", ("person", "Jordan", None, None)),
    ("George Washington", "PERSON", ("person", "George Washington", None, None)),
    ("Israel Katz", "PERSON", ("person", "Israel Katz", None, None)),
    ("Foreign Minister Jeyhun Bayramov", "PERSON", ("person", "Jeyhun Bayramov", None, "GOV")),
    ("Foreign Minister Jeyhun Bayramov", None, ("person", "Jeyhun Bayramov", None, "GOV")),
    ("Mr Zarubin", None, ("person", "Zarubin", None, None)),  # an honorific names a person
    # a surname that, in the converted dictionaries, only people of one country bear
    ("Mr Aliyev", None, ("country", "Azerbaijan", "AZE", "GOV")),
    ("Michael Jordan's lawyer", "PERSON", ("person", "Michael Jordan", None, "JUD")),
])
def test_resolve_actor_finds_people(text, label, expected):
    assert _resolved(text, label) == expected


@pytest.mark.parametrize("text, label, expected", [
    ("protesters", None, ("group", "protesters", None, "CVL")),
    ("officials", None, ("group", "officials", None, "GOV")),
    ("analysts", None, ("group", "analysts", None, None)),
    ("the ministry", None, ("group", "ministry", None, "GOV")),
    ("the Foreign Ministry", None, ("group", "Foreign Ministry", None, "GOV")),
    ("state media", None, ("group", "state media", None, "JRN")),
    ("Kurdish fighters", "NORP", ("group", "Kurdish fighters", None, "REB")),
    ("officials who spoke to Reuters", None, ("group", "officials", None, "GOV")),
    ("the ambassador to Iran", None, ("group", "ambassador", None, "GOV")),
    ("Azerbaijan Airlines officials", None,  # the airline's people, not the state's
     ("group", "Azerbaijan Airlines officials", "AZE", "BUS")),
    # not a country although a country word is inside
    ("iranian officials", None, ("group", "iranian officials", None, "GOV")),
    ("pro-Russian separatists", None, ("group", "pro-Russian separatists", None, "REB")),
    ("Iran-backed militias", None, ("group", "Iran-backed militias", None, "REB")),
    ("Latin American leaders", None, ("group", "Latin American leaders", None, "GOV")),
    ("New Mexico officials", None, ("group", "New Mexico officials", None, "GOV")),
    ("Nagorno-Karabakh authorities", None,
     ("group", "Nagorno-Karabakh authorities", None, "GOV")),
])
def test_resolve_actor_finds_groups(text, label, expected):
    assert _resolved(text, label) == expected


@pytest.mark.parametrize("text, label", [
    ("he", None),
    ("they", "PRON"),
    ("us", None),
    ("Nagorno-Karabakh", None),
    ("Nagorno-Karabakh", "GPE"),
    ("the South China Sea", None),
    ("Jordan Peterson", None),  # no label: a name, but whose?
])
def test_resolve_actor_leaves_the_rest_unknown(text, label):
    assert resolve_actor(text, label) == ActorInfo(text, "unknown", None, None)


@pytest.mark.parametrize("text", ["", "  ", "()", ",", "’"])
@pytest.mark.parametrize("label", [None, "PERSON", "ORG"])
def test_resolve_actor_without_words_is_unknown(text, label):
    assert resolve_actor(text, label) == ActorInfo(text.strip(), "unknown", None, None)


@pytest.mark.parametrize("text, label, not_code", [
    ("Washington Post", "ORG", "USA"),
    ("American Airlines", None, "USA"),
    ("George Washington", "PERSON", "USA"),
    ("Jordan", "PERSON", "JOR"),
    ("Iran International", None, "IRN"),
    ("the ministry", None, "IRN"),
    ("pro-Iranian groups", None, "IRN"),
    ("U.S.-led coalition", None, "USA"),
    ("the ambassador to Iran", None, "IRN"),
])
def test_resolve_actor_does_not_misfire(text, label, not_code):
    assert resolve_actor(text, label).code != not_code


def test_resolve_actor_is_cached_and_fast():
    phrases = [f"{d} officials" for d in ("Iranian", "Azerbaijani", "Russian", "Turkish")]
    start = time.perf_counter()
    for _ in range(2000):
        for phrase in phrases:
            resolve_actor(phrase, None)
    assert time.perf_counter() - start < 0.5
    assert resolve_actor("Iranian officials") is resolve_actor("Iranian officials")


# --- tables -------------------------------------------------------------------------------

UN_MEMBERS = """
AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH BWA
BRA BRN BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG COD CRI CIV HRV CUB CYP CZE
DNK DJI DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM
GIN GNB GUY HTI HND HUN ISL IND IDN IRN IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR KWT KGZ LAO
LVA LBN LSO LBR LBY LIE LTU LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX FSM MDA MCO MNG MNE
MAR MOZ MMR NAM NRU NPL NLD NZL NIC NER NGA PRK MKD NOR OMN PAK PLW PAN PNG PRY PER PHL POL
PRT QAT KOR ROU RUS RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM ZAF
SSD ESP LKA SDN SUR SWE CHE SYR TJK TZA THA TLS TGO TON TTO TUN TUR TKM TUV UGA UKR ARE GBR
USA URY UZB VUT VEN VNM YEM ZMB ZWE
""".split()
# Dominica's and the Republic of the Congo's demonyms are spelled like their neighbours'
# ("Dominican", "Congolese"), which the table gives to the more-reported country.
DEMONYMS_SHARED_WITH_A_NEIGHBOUR = {"DMA", "COG"}
KNOWN_CODES = {c.alpha_3 for c in pycountry.countries} | {"XKX"}


def test_un_member_list_is_complete():
    assert len(UN_MEMBERS) == len(set(UN_MEMBERS)) == 193


def test_every_country_has_a_demonym():
    with_demonym = {row["iso3"] for row in load_table("demonyms.tsv")}
    missing = set(UN_MEMBERS) | {"PSE", "VAT", "TWN", "XKX"}
    missing -= with_demonym | DEMONYMS_SHARED_WITH_A_NEIGHBOUR
    assert not missing


@pytest.mark.parametrize("table, column", [
    ("demonyms.tsv", "iso3"),
    ("seats_of_government.tsv", "iso3"),
    ("country_names.tsv", "iso3"),
])
def test_table_codes_are_iso3(table, column):
    codes = {row[column] for row in load_table(table)} - {"-"}
    assert codes <= KNOWN_CODES


def test_organization_codes_are_known():
    rows = load_table("organizations.tsv")
    assert {row["code"] for row in rows} <= KNOWN_CODES | {"IGO", "NGO", "MNC", "-"}
    assert {row["home"] for row in rows} <= KNOWN_CODES | {"IMG", "-"}
    assert all(row["home"] == "-" for row in rows if row["code"] != "-")  # only for armed groups


def test_sectors_table_is_well_formed():
    plover = {"GOV", "MIL", "LEG", "JUD", "COP", "SPY", "PTY", "REB", "OPP", "JRN", "BUS",
              "CVL", "EDU", "LAB", "REL", "REF", "HLH", "CRM", "-"}
    rows = load_table("sectors.tsv")
    assert {row["sector"] for row in rows} <= plover
    assert {row["rank"] for row in rows} <= {"0", "1", "2", "3"}
    assert all(row["keyword"] == row["keyword"].lower() for row in rows)


def test_no_surface_form_names_two_parties():
    """The same words must not mean different parties in different tables."""
    seen = {}
    forms = [(r["name"], r["iso3"]) for r in load_table("country_names.tsv")]
    forms += [(r["demonym"], r["iso3"]) for r in load_table("demonyms.tsv")]
    forms += [(r["plural"], r["iso3"]) for r in load_table("demonyms.tsv") if r["plural"] != "-"]
    forms += [(r["seat"], r["iso3"]) for r in load_table("seats_of_government.tsv")]
    forms += [(r["alias"], r["name"]) for r in load_table("organizations.tsv")]
    clashes = []
    for form, party in forms:
        if seen.setdefault(form, party) != party:
            clashes.append((form, seen[form], party))
    assert not clashes


@pytest.mark.parametrize("text, label, expected", [
    ("Vladimir Putin", "PERSON", ("country", "Russia", "RUS")),
    ("Putin", "PERSON", ("country", "Russia", "RUS")),
    ("Erdogan", "PERSON", ("country", "Turkey", "TUR")),  # accents ignored: Erdoğan
    ("Merkel's", "PERSON", ("country", "Germany", "DEU")),
    ("Kofi Annan", "PERSON", ("person", "Kofi Annan", "IGO")),  # an IGO's official: coded IGO
    ("President Macron", None, ("country", "France", "FRA")),
    ("Gordon Brown", "PERSON", ("country", "United Kingdom", "GBR")),
    # a common surname alone names nobody in particular
    ("Brown", "PERSON", ("person", "Brown", None)),
    ("Maria Costa", "PERSON", ("person", "Maria Costa", None)),
])
def test_well_known_leaders_resolve_to_their_state(text, label, expected):
    info = resolve_actor(text, label)
    assert (info.kind, info.name, info.code) == expected
    if info.kind != "person":
        assert info.member.kind == "person"
