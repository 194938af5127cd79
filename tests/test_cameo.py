"""CAMEO's vocabulary as a fallback behind claimx's own lexicon (claimx.claims.cameo), on sentences of
our own, through the real pipeline."""

import pytest

from claimx.claims import cameo
from claimx.claims.verbs import verb_entries
from conftest import all_claims


def events(result, types=("event",)):
    return {(c["action"]["text"], c["action"]["class"], c["target"] and c["target"]["text"],
             p["code"]) for p, c in all_claims(result) if c["type"] in types}


@pytest.mark.parametrize("text, action, category, target", [
    # verbs claimx's lexicon lacks, with the class of their CAMEO block
    ("Norway barred the Danish trawlers from its waters.", "barred", "COERCE", "the Danish trawlers"),
    ("The Chilean navy patrolled the disputed strait.", "patrolled", "MOBILIZE", "the disputed strait"),
    ("Peru castigated Ecuador over the border incident.", "castigated", "ACCUSE", "Ecuador"),
    ("Kenya airlifted tents to Somalia.", "airlifted", "AID", "Somalia"),
])
def test_a_verb_only_cameo_knows_makes_a_claim_of_its_class(extract, text, action, category, target):
    # A verbal class may be read as a statement with a content (claimx.attribution): the class
    # and the target are CAMEO's either way.
    found = events(extract(text), types=("event", "statement"))
    assert any(a == action and c == category and t == target for a, c, t, _ in found), found


def test_a_verb_claimx_knows_keeps_its_own_class():
    """"reject" has a class in models/verbs.tsv; CAMEO's patterns for it never replace it."""
    entries = verb_entries()["reject"]
    assert entries and all(e.cls != "-" for e in entries)


def test_cameo_pattern_gives_a_class_where_claimx_verb_has_none(extract):
    """"give" has no class of its own in models/verbs.tsv (an event only with the right object);
    CAMEO's "give" + "green light" pattern says which."""
    assert [e.cls for e in verb_entries()["give"]] == ["-"]
    result = extract("Egypt gave the green light to the Sudanese convoy.")
    assert ("gave", "AGREE") in {(a, c) for a, c, _, _ in events(result)}, events(result)


@pytest.mark.parametrize("text, category", [
    ("The parties reached a pact with the coalition.", "AGREE"),  # &treaty (with coalition)
    ("The talks reached a deadlock.", "SANCTION"),
    ("The ministers reached a military agreement.", "COOPERATE"),  # military &treaty
])
def test_cameo_pattern_on_the_parse(nlp, text, category):
    verb = next(t for t in nlp(text) if t.lemma_ == "reach")
    assert cameo.phrase_class(verb)[0] == category


def test_a_thing_doing_something_is_no_event(extract):
    """Entities act; "insults marred the debate" is no ASSAULT."""
    result = extract("Insults marred the debate in the capital.")
    assert not [e for e in events(result) if e[0] == "marred"], events(result)


def test_according_to_stays_a_statement_cue(extract):
    result = extract("According to the Finnish ministry, the talks will resume.")
    assert not any(c["type"] == "event" and c["action"]["text"] == "According"
                   for _, c in all_claims(result))


@pytest.mark.parametrize("noun, category", [("arrest", "COERCE"), ("riots", "PROTEST"),
                                            ("Protest", "PROTEST")])
def test_a_noun_spelled_as_a_cameo_verb_names_its_event(noun, category):
    assert cameo.noun_class(noun)[0] == category


def test_a_loose_synonym_needs_an_entity_it_is_done_to(extract):
    """"reside" only shares the class of its CAMEO block ("occupy"): no event with no target
    naming an entity."""
    result = extract("Many Kenyan farmers reside in the valley.")
    assert not [e for e in events(result) if e[0] == "reside"], events(result)
