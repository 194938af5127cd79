"""Where actors are: the country an official serves, where a group is, where an event happened.

Readings of the parse around a mention, with place names resolved by claimx.actors.places:
- only_home_country: "President X shortened the curfew imposed in Sudan": an official named
  without a country serves the one country their sentence names;
- located_in: "students throughout Indonesia", "a group based in Trinidad";
- place_of_event: "imposed a curfew in Cizre": what a target that is a thing concerns;
- place_named: "rioted in Serbia": the place an event names, as a target when it has none.
"""

from typing import Dict, List, Optional

from spacy.tokens import Span, Token

from claimx.actors.gazetteer import ActorInfo, country_of, look_up
from claimx.actors.places import place_country
from claimx.assets import load_lexicon, marked_words
from claimx.claims.verbs import verbs_with_role
from claimx.text.document import entity_at, sentence_entities
from claimx.text.function_words import prepositions

PERSON_NOUNS = marked_words("person_nouns.tsv", "personal")
PLACE_PREPS = prepositions("place")
EVENT_PLACE_PREPS = prepositions("event_place")
DESTINATION_PREPS = prepositions("destination")
LOCATED_WORDS = load_lexicon("located_words.txt")
COUNTRY_LABELS = ("GPE", "NORP", "LOC", "PERSON", "ORG", "FAC")
# Verbs whose place is where the actor goes, not where they serve.
MOVEMENT_VERBS = verbs_with_role("movement")


def only_home_country(sent: Span, person_start: int) -> Optional[ActorInfo]:
    """"President X shortened the curfew imposed in Sudan": an official named without a
    country serves the one country their sentence names, unless it is where someone
    travels or the country of another person ("met his Iranian counterpart"). Country words
    the small model mislabels ("Ugandan" as a person, "Algiers" as a place) count too."""
    found: Dict[str, ActorInfo] = {}
    for other in sentence_entities(sent):
        if other.start == person_start or other.label_ not in COUNTRY_LABELS:
            continue
        if other.label_ in ("GPE", "NORP"):
            info = look_up(other.text, other.label_)
            if info.kind != "country" and other.label_ == "GPE":
                info = place_country(other.text)  # "the curfew in Kirkuk"
        elif other.label_ == "LOC":
            info = place_country(other.text)
        else:
            info = country_of(other.text)
        if info is None or info.kind != "country" or _is_destination(other.root) \
                or _names_another_person(other.root):
            continue
        found.setdefault(info.code, info)
    if len(found) == 1:
        info = next(iter(found.values()))
        return ActorInfo(info.name, info.kind, info.code, None)
    return None


def place_of_event(target: Token) -> List[ActorInfo]:
    """"imposed a curfew in Cizre, Turkey", "opened an embassy in Tehran": the country an event
    took place in, for a target that is a thing or a group that acted there ("rioted at a jail
    in Dili")."""
    verb = target
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    for node in (target, verb):
        for prep, obj in place_objects(node, EVENT_PLACE_PREPS):
            info = located_in(prep) if obj.ent_type_ == "" else _place(obj)
            if info is not None:
                return [info]
    return []


def place_named(verb: Token) -> Optional[Token]:
    """The country or city an event's "in" names ("rioted in Serbia"), as the token itself."""
    return next((obj for _, obj in place_objects(verb, ("in",)) if obj.ent_type_ == "GPE"), None)


def place_objects(node: Token, preps):
    """(preposition, its object) for each place preposition of node ("in Serbia")."""
    for prep in node.children:
        if prep.dep_ == "prep" and prep.lower_ in preps:
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    yield prep, obj


def _place(token: Token) -> Optional[ActorInfo]:
    ent = entity_at(token)
    if ent is None or ent.label_ not in ("GPE", "LOC"):
        return None
    info = look_up(ent.text, ent.label_) if ent.label_ == "GPE" else None
    if info is None or info.kind != "country":
        info = place_country(ent.text)  # "Kirkuk", "West Darfur State"
    return info


def located_in(head: Token) -> Optional[ActorInfo]:
    """The country where a group or body is ("students throughout Indonesia", "a group based in
    Trinidad", "a newspaper in east Beirut"): one named through place prepositions only, so
    "envoys to Iran" or "a war with Russia" name no home."""
    for token in head.subtree:
        if token.i == head.i or token.ent_type_ not in ("GPE", "LOC") or token.ent_iob_ != "B":
            continue
        path, node = [], token
        while node.i != head.i and node.dep_ not in ("relcl", "ROOT"):
            path.append(node)
            node = node.head
        if node.i != head.i or not all(_is_place_link(n) for n in path):
            continue
        info = _place(token)
        if info is not None:
            return info
    return None


def _is_place_link(token: Token) -> bool:
    if token.dep_ == "prep":
        return token.lower_ in PLACE_PREPS
    if token.dep_ in ("acl", "amod"):
        return token.lower_ in LOCATED_WORDS
    return token.dep_ in ("pobj", "compound", "amod", "poss", "case", "nmod", "appos")


def _is_destination(token: Token) -> bool:
    """Is token the place of a movement: "visited Iran", "arrived in Baku", "flew to Moscow"?"""
    if token.dep_ == "dobj":
        return token.head.lemma_ in MOVEMENT_VERBS
    if token.dep_ == "pobj" and token.head.lower_ in DESTINATION_PREPS:
        return token.head.head.lemma_ in MOVEMENT_VERBS
    return False


def _names_another_person(token: Token) -> bool:
    """Is this country word part of another person's name or title ("his Iranian counterpart",
    "Russian President Vladimir Putin")?"""
    head = token.head if token.dep_ in ("amod", "compound", "poss", "nmod") else None
    return head is not None and (head.ent_type_ == "PERSON" or head.lower_ in PERSON_NOUNS)
