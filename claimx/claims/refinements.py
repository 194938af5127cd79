"""A second look at claims in their context, once all of a document's claims are found:
- a statement's class from what it commits its party to, refuses or demands of another ("said
  it will support X" AGREE, "says it will not accept X" REJECT, "said Peru must return the
  boats" REQUEST);
- a target from elsewhere in the sentence when the claim's own names no actor (the subject of a
  threat's condition, the target of the clause a statement governs, a protest's purpose, the
  place of an event).
"""

from typing import List, Optional

from spacy.tokens import Token

from claimx.claims.events import condition_subject, named_target_below, target_of
from claimx.actors.parties import UNKNOWN, party_key
from claimx.records import Claim, Target
from claimx.text.syntax import char_span, names_an_actor, noun_phrase, source_text

UNKNOWN_PARTY = party_key(UNKNOWN)


# What a party says it will do to others that is a threat, not a promise ("said they would
# boycott all contact with X", "will blockade the capital").
HOSTILE_CLASSES = {"SANCTION", "COERCE", "ASSAULT", "PROTEST", "MOBILIZE", "THREATEN"}


def mark_promises(claims: List[Claim], conditional: set) -> None:
    """A statement that its own party will do something is a commitment, of the class PLOVER
    gives it: a threat when the deed is hostile or put as an ultimatum ("will withdraw its
    peacekeepers unless ..."), a refusal when it is negated ("will not accept more refugees"),
    else a promise, AGREE ("said it will support the resolution", "would meet him if ...").
    It is aimed at the deed's target; the future event keeps its own class. conditional: ids
    of claims whose verb has an "unless" clause."""
    for statement in claims:
        if statement.type != "statement" or statement.action.category != "STATEMENT" \
                or statement.content is None:
            continue
        pieces = statement.content.fragments or [statement.content]
        for event in claims:
            if event is not statement and event.action.modality == "future" \
                    and set(event.party_keys) & set(statement.party_keys) - {UNKNOWN_PARTY} \
                    and any(p.start <= event.action.start < p.end for p in pieces):
                if event.action.negated:
                    statement.action.category = "REJECT"
                elif event.action.category in HOSTILE_CLASSES or id(event) in conditional:
                    statement.action.category = "THREATEN"
                else:
                    statement.action.category = "AGREE"
                if statement.target is None:
                    statement.target = event.target  # what was promised is done to them
                break


# Statements about doing something to someone: "threatened to ban opposition candidates" is a
# threat against them, "refused to release the prisoners" a rejection of them.
TARGET_FROM_CONTENT = {"THREATEN", "REQUEST", "REJECT", "AGREE", "CONCEDE"}


def target_from_content(claims: List[Claim]) -> None:
    """A threat, demand, refusal or offer with no target of its own takes the target of the
    first event its content holds."""
    for statement in claims:
        if statement.type != "statement" or statement.target is not None \
                or statement.action.category not in TARGET_FROM_CONTENT or statement.content is None:
            continue
        pieces = statement.content.fragments or [statement.content]
        statement.target = next((e.target for e in claims if e.type == "event"
                                 and e.target is not None
                                 and any(p.start <= e.action.start < p.end for p in pieces)), None)


OBLIGATION_AUX = {"must", "should"}
SPEAKER_SIDE = {"we", "i", "us", "it", "they", "he", "she"}


def mark_demand(verb: Token, claim: Claim) -> None:
    """"Russia said Sudan must return the helicopter": saying what another party must do is a
    demand of it, PLOVER's REQUEST, aimed at that party. "We must ..." is not."""
    if claim.type != "statement" or claim.action.category != "STATEMENT":
        return
    for clause in (c for c in verb.children if c.dep_ == "ccomp"):
        if not any(a.dep_ == "aux" and a.lower_ in OBLIGATION_AUX for a in clause.children):
            continue
        subject = next((c for c in clause.children if c.dep_ == "nsubj"), None)
        if subject is None or subject.lower_ in SPEAKER_SIDE or not names_an_actor(subject):
            continue
        span = char_span(noun_phrase(subject))
        if span:
            claim.action.category = "REQUEST"
            claim.target, claim.target_head = Target.of(source_text(verb.doc), *span), subject.i
        return


FUTURE_AUX = {"will", "would", "'ll", "wo", "shall"}


def mark_refusal(verb: Token, claim: Claim) -> None:
    """"Syria says it will not accept more refugees": saying one's own side will not do
    something is a refusal, PLOVER's REJECT, aimed at whom the refused deed concerns."""
    if claim.type != "statement" or claim.action.category != "STATEMENT":
        return
    for clause in (c for c in verb.children if c.dep_ == "ccomp"):
        children = list(clause.children)
        if not (any(a.dep_ == "aux" and a.lower_ in FUTURE_AUX for a in children)
                and any(n.dep_ == "neg" for n in children)):
            continue
        subject = next((c for c in children if c.dep_ == "nsubj"), None)
        if subject is None or subject.lower_ not in SPEAKER_SIDE:
            continue
        claim.action.category = "REJECT"
        target = target_of(clause)
        if claim.target is None and target is not None and names_an_actor(target):
            span = char_span(noun_phrase(target))
            if span:
                claim.target = Target.of(source_text(verb.doc), *span)
                claim.target_head = target.i
        return


# Events whose target, when they name none, is the country they take place in ("demonstrated
# in Serbia"); a meeting or an agreement in Geneva is not aimed at Switzerland.
PLACE_TARGET_CLASSES = {"PROTEST", "ASSAULT", "COERCE", "MOBILIZE", "SANCTION"}


def aim_at_whom_it_concerns(verb: Token, claim: Claim) -> None:
    """A claim whose target names no actor looks further for one:
    - a threat, at whom its condition is put to ("threatened to halt the talks if the United
      States ...");
    - a threat, demand, refusal or offer, at the target of the clause it governs ("threatened to
      deliver blows to the United States");
    - a protest, at the target of its purpose ("went on strike to demand the resignation of X");
    - an event with no target at all, at the country it took place in ("rioted in Serbia")."""
    if claim.target_head is not None and names_an_actor(verb.doc[claim.target_head]):
        return
    category = claim.action.category
    found = None
    if category == "THREATEN":
        found = condition_subject(verb)
    if found is None and claim.type == "statement" and category in TARGET_FROM_CONTENT:
        found = named_target_below(verb)
    if found is None and category == "PROTEST":
        found = named_target_below(verb, ("advcl", "xcomp"))
    if found is None and claim.target is None and category in PLACE_TARGET_CLASSES:
        found = place_of(verb)
    if found is not None:
        span = char_span(noun_phrase(found))
        if span:
            claim.target, claim.target_head = Target.of(source_text(verb.doc), *span), found.i


def place_of(verb: Token) -> Optional[Token]:
    """The country or city an event took place in: the object of its "in" ("in Serbia")."""
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ == "in":
            for obj in prep.children:
                if obj.dep_ == "pobj" and obj.ent_type_ == "GPE":
                    return obj
    return None
