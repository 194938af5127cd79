"""Pronouns never name a party: a relative pronoun stands for its antecedent, a generic one for
nobody (the claim goes to `unknown`); a speech verb tagged as a noun leaves its name. Sentences
of our own."""

import pytest

from conftest import all_claims


def party_of(result, action):
    return [p["name"] for p, c in all_claims(result) if c["action"]["text"] == action]


@pytest.mark.parametrize("text, action, party", [
    ("The Danish minister, who visited Oslo on Monday, praised the plan.", "visited", "Denmark"),
    ("Police arrested the Serbian gunmen, who had attacked the embassy.", "had attacked", "Serbia"),
    ("You said the talks had failed.", "said", "unknown"),
    ("Someone told reporters that the ceasefire had collapsed.", "told", "unknown"),
    ("What matters, officials said, is that the talks resume.", "said", "officials"),
])
def test_pronoun_resolution(extract, text, action, party):
    assert party_of(extract(text), action) == [party], party_of(extract(text), action)


@pytest.mark.parametrize("text", [
    "That is what the Kenyan farmers said.",
    "Anyone who disagrees can say so.",
])
def test_no_party_named_by_a_pronoun(extract, text):
    names = [p["name"].lower() for p in extract(text)["parties"]]
    assert not set(names) & {"that", "anyone", "who", "what", "you"}, names
