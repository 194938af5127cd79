"""A target that is a thing takes the party named inside it: its possessor, a country word
before it, or its phrases ("rejected the Dutch proposal" -> the Netherlands); on sentences of
our own."""

import pytest

from conftest import all_claims


@pytest.mark.parametrize("text, action, code", [
    ("Norway rejected the Dutch proposal.", "rejected", "NLD"),                    # demonym
    ("Peru condemned Chile's seizure of the fishing boats.", "condemned", "CHL"),  # possessive
    ("Pakistan welcomed the decision of the Indian cabinet.", "welcomed", "IND"),  # of-phrase
    ("Sudan rejected calls from the European Union for a truce.", "rejected", "IGO"),
    # "by" after the object of an active verb belongs to the object, not to the verb
    ("Ankara criticised the report by the Greek ministry.", "criticised", "GRC"),
    # praise or refusal is aimed at whoever is named inside what it is about
    ("Japan applauded the South Korean release of the fishermen.", "applauded", "KOR"),
    ("Greece vetoed Macedonia's application to join NATO.", "vetoed", "MKD"),
])
def test_target_takes_the_party_inside_its_object(extract, text, action, code):
    targets = [c["target"] for _, c in all_claims(extract(text)) if c["action"]["text"] == action]
    assert targets and targets[0]["code"] == code, targets


def test_a_passive_agent_is_the_actor_not_the_target(extract):
    result = extract("The report was criticised by the Greek ministry.")
    claim = next(c for _, c in all_claims(result) if "criticised" in c["action"]["text"])
    assert claim["target"]["code"] is None
    assert [p["code"] for p in result["parties"] if claim in p["claims"]] == ["GRC"]
