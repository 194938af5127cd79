"""Events named by a noun (claimx.claims.noun_events), on sentences of our own."""

import pytest

from conftest import all_claims


def noun_events(result):
    return {(c["action"]["text"], c["action"]["class"], c["actor"] and c["actor"]["text"],
             c["target"] and c["target"]["text"], p["code"])
            for p, c in all_claims(result) if c["type"] == "event"}


@pytest.mark.parametrize("text, expected", [
    ("Chilean riots over fuel prices continued for a third day.",
     ("riots", "PROTEST", "Chilean", None, "CHL")),
    ("Turkey's invasion of Cyprus was condemned in Athens.",
     ("invasion", "ASSAULT", "Turkey's", "Cyprus", "TUR")),
    ("The arrest of two Danish journalists by Egyptian police drew criticism.",
     ("arrest", "COERCE", "Egyptian police", "two Danish journalists", "EGY")),
])
def test_an_event_noun_with_its_actor_or_target_is_an_event(extract, text, expected):
    assert expected in noun_events(extract(text)), noun_events(extract(text))


@pytest.mark.parametrize("text, noun", [
    ("The riots ended before dawn.", "riots"),  # neither actor nor target named
    ("Norway's call for calm went unheeded.", "call"),  # a verbal act named by a noun
    ("Police staged arrests of Kenyan traders.", "arrests"),  # the object of a claim verb
    ("Mexico's jails are crowded.", "jails"),  # spelled as a CAMEO verb, but a thing
])
def test_no_event_from_a_noun_without_actors_or_of_a_verbal_act(extract, text, noun):
    assert not [e for e in noun_events(extract(text)) if e[0] == noun], noun_events(extract(text))
