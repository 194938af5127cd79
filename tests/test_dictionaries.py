"""claimx.actors.dictionaries: the Phoenix dictionaries' people, organisations and armed groups behind
claimx's own tables, with their dates; names of our own choosing, sentences of our own."""

import datetime

import pytest

from claimx.actors import dictionaries
from conftest import all_claims


@pytest.mark.parametrize("name, code, sector", [
    ("Hosni Mubarak", "EGY", "GOV"),      # no date: the latest role
    ("hosni  MUBARAK", "EGY", "GOV"),     # case and spaces do not matter
    ("Abu Nidal Organization", "IMG", None),
])
def test_lookup(name, code, sector):
    entry = dictionaries.lookup(name)
    assert (entry.code, entry.sector) == (code, sector)


def test_a_role_is_chosen_by_the_reference_date():
    before = dictionaries.lookup("Hosni Mubarak", datetime.date(1975, 1, 1))
    during = dictionaries.lookup("Hosni Mubarak", datetime.date(1995, 1, 1))
    assert (before.sector, during.sector) == ("ELI", "GOV")


def test_a_city_of_a_state_since_ended():
    assert dictionaries.country_then("Kiev", "UKR", datetime.date(1985, 6, 1)) == ("Soviet Union", "SUN")
    assert dictionaries.country_then("Kiev", "UKR", datetime.date(2005, 6, 1)) is None
    assert dictionaries.country_then("Kiev", "UKR", None) is None


def test_unknown_names_and_shared_surnames_find_nothing():
    assert dictionaries.lookup("Zzyzx Qwerty") is None
    assert dictionaries.lookup("Smith") is None  # a lone surname many people share


def test_choose_prefers_the_dated_code_then_the_default():
    codes = ["RUS:ELI@19700101-19990809", "RUS:GOV@19991231-", "RUS:ELI"]
    assert dictionaries.choose(codes, datetime.date(2001, 1, 1)) == ("RUS", "GOV")
    assert dictionaries.choose(codes, datetime.date(1999, 10, 1)) == ("RUS", "ELI")  # the default
    assert dictionaries.choose(codes, None) == ("RUS", "GOV")  # the latest


def parties(result):
    return {(p["name"], p["code"]) for p, c in all_claims(result)}


def test_a_person_only_the_dictionaries_know_is_filed_under_their_state(extract):
    result = extract("Hosni Mubarak met the Sudanese envoy in Cairo.")
    assert ("Egypt", "EGY") in parties(result), parties(result)


def test_an_armed_group_only_the_dictionaries_know_is_coded_with_its_home(extract):
    result = extract("The Abu Nidal Organization claimed the bombing.")
    assert ("Abu Nidal Organization", "IMG") in parties(result), parties(result)


@pytest.mark.parametrize("text", ["Abu Nidal Organization gunmen attacked the embassy.",
                                  "Gunmen from the Abu Nidal Organization attacked the embassy."])
def test_a_group_named_with_its_organisation_is_that_organisations(extract, text):
    assert ("Abu Nidal Organization", "IMG") in parties(extract(text)), parties(extract(text))


def test_a_place_is_coded_by_the_state_it_belonged_to_on_the_articles_date(extract):
    text = "Kiev announced the release of the prisoners."
    assert ("Soviet Union", "SUN") in parties(extract(text, datetime.date(1985, 6, 1)))
    assert ("Ukraine", "UKR") in parties(extract(text, datetime.date(2005, 6, 1)))


# --- the World Factbook's leaders (models/factbook_leaders.tsv) ------------------------------------

@pytest.mark.parametrize("name, code", [
    ("Keir Starmer", "GBR"),
    ("Donald Trump", "USA"),    # not American Samoa, whose chief of state he also is
    ("Charles III", "GBR"),     # a monarch of several states: the most populous
    ("Masoud Pezeshkian", "IRN"),
])
def test_a_leader_the_factbook_lists(name, code):
    assert dictionaries.leader(name) == (code, True)


def test_a_leader_is_in_office_from_the_day_they_took_it():
    assert dictionaries.leader("Keir Starmer", datetime.date(2024, 7, 5)) == ("GBR", True)
    # before, of the same state but not its government
    assert dictionaries.leader("Keir Starmer", datetime.date(2020, 1, 1)) == ("GBR", False)
    info = dictionaries.actor_info("Keir Starmer", "person", datetime.date(2020, 1, 1))
    assert (info.code, info.sector) == ("GBR", None)


def test_out_of_every_dated_role_a_person_keeps_their_country():
    info = dictionaries.actor_info("Hosni Mubarak", "person", datetime.date(1930, 1, 1))
    assert info.code == "EGY"


def test_a_leader_after_the_dictionaries_end_is_filed_under_their_state(extract):
    result = extract("Masoud Pezeshkian said the talks would continue.", datetime.date(2025, 3, 1))
    assert ("Iran", "IRN") in parties(result), parties(result)
