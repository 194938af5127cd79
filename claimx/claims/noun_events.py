"""Events named by a noun: "Palestinian riots are continuing", "Israel's invasion of Lebanon",
"the arrest of six men by police", "protests against the government".

The noun is an event noun of models/event_nouns.tsv, else a noun spelled as a CAMEO verb
(claimx.claims.cameo.noun_class), of a material class: PLOVER's codebook puts protests, sanctions,
force, aid and their like under material cooperation and conflict, while a noun for a verbal
act ("a call for", "the demand") is something said, not a deed. The actor is the noun's
possessor, a country or people word before it, or its "by" phrase; the target its "of",
"against" or "on" phrase. A noun only spelled as a CAMEO verb needs the target: it may name a
thing ("Mexico's jails", "China's trade"). A noun that is a claim verb's object ("staged
protests", "announced the arrest of") is that verb's event, and a noun with neither actor nor target naming an actor
("the riots") makes none.
"""

from typing import Iterator, Optional, Set, Tuple

from spacy.attrs import DEP, POS
from spacy.tokens import Doc, Token

from claimx.actors.resolver import names_an_actor
from claimx.claims import cameo
from claimx.claims.classes import MATERIAL
from claimx.claims.parts import actor_span
from claimx.claims.statements import lemma_of
from claimx.claims.verbs import (
    NO_EVENT_CLASS,
    is_light_verb,
    noun_class,
    object_phrases,
    verb_entries,
)
from claimx.drafts import ClaimDraft
from claimx.records import TextSpan
from claimx.text.document import source_text
from claimx.text.function_words import prepositions
from claimx.text.syntax import char_span, has_label, indexes, noun_phrase, sentence_span

TARGET_PREPS = prepositions("done_to")
ACTOR_LABELS = ("NORP", "GPE", "ORG")


def event_noun_class(noun: Token) -> Optional[Tuple[str, Optional[str]]]:
    if not cameo.may_name_an_event(noun.lower_, noun.lemma_.lower()):
        return None  # most nouns: one set lookup
    before = noun.doc[noun.i - 1].text if noun.i > 0 and noun.doc[noun.i - 1].head.i == noun.i else ""
    found = noun_class(noun.text, before)
    if found is not None:
        return found if found[0] in MATERIAL else None
    return cameo.deed_noun_class(noun)


def is_event_noun(noun: Token) -> bool:
    """Is the noun in claimx's own event nouns (models/event_nouns.tsv), which name events
    whatever their arguments ("Israel's invasion"), unlike a noun that is only spelled as a CAMEO
    verb ("jail", "trade") and names an event only with whom it was done to?"""
    before = noun.doc[noun.i - 1].text if noun.i > 0 and noun.doc[noun.i - 1].head.i == noun.i else ""
    return noun_class(noun.text, before) is not None


def takes_its_class_from_the_object(verb: Token) -> bool:
    """A light verb ("staged", "launched") or one with no class of its own ("gave", "held")."""
    lemma = lemma_of(verb)
    return is_light_verb(lemma) or lemma in object_phrases() or \
        any(e.cls == NO_EVENT_CLASS for e in verb_entries().get(lemma, ()))


def noun_actor(noun: Token) -> Optional[Token]:
    """Who did what the noun names: its possessor ("Israel's invasion"), a people or country word
    before it ("Palestinian riots"), or the object of its "by" ("the arrest of X by police")."""
    for child in noun.children:
        if child.dep_ == "poss" and child.pos_ != "PRON":
            return child
    for child in noun.children:
        if child.dep_ in ("amod", "compound", "nmod") and child.i < noun.i \
                and child.ent_type_ in ACTOR_LABELS:
            return child
    for prep in by_phrases(noun):
        return next((o for o in prep.children if o.dep_ == "pobj"), None)
    return None


def by_phrases(noun: Token):
    """The noun's "by" phrases, and one the parser hung on its "of" object: in "the arrest of X
    by police" the agent belongs to the arrest."""
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ == "by":
            yield prep
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for obj in (o for o in prep.children if o.dep_ == "pobj"):
                yield from (p for p in obj.children if p.dep_ == "prep" and p.lower_ == "by")


def noun_target(noun: Token, actor: Optional[Token]) -> Optional[Token]:
    """Whom it was done to: the object of its "against", "on", "of" or "at" ("the arrest of six
    men", "attacks on Israeli settlers"), the first that names an actor."""
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ in TARGET_PREPS:
            for obj in prep.children:
                if obj.dep_ == "pobj" and obj is not actor and names_an_actor(obj):
                    return obj
    return None


def find_noun_events(doc: Doc, claimed: Set[int]) -> Iterator[ClaimDraft]:
    """An event claim for each event noun that names who did it or to whom; claimed holds the
    claim verbs' token indices, whose objects are their own events."""
    text = source_text(doc)
    for i in indexes(has_label(doc, POS, ("NOUN",)) & ~has_label(doc, DEP, ("compound", "amod"))):
        noun = doc[i]
        if noun.dep_ in ("dobj", "nsubjpass", "attr", "oprd") and noun.head.i in claimed \
                and takes_its_class_from_the_object(noun.head):
            continue  # "staged protests": the verb's event is the noun's
        found = event_noun_class(noun)
        if found is None:
            continue
        actor_token = noun_actor(noun)
        target_token = noun_target(noun, actor_token)
        if target_token is None and (actor_token is None or not names_an_actor(actor_token)
                                     or not is_event_noun(noun)):
            continue  # "Mexico's jails", "China's trade": a noun spelled as a verb may name a thing
        actor, heads = actor_span(text, actor_token, noun.i)
        target = None
        if target_token is not None:
            span = char_span(t for t in noun_phrase(target_token)
                             if not any(b.left_edge.i <= t.i <= b.right_edge.i for b in by_phrases(noun)))
            target = TextSpan.of(text, *span) if span else None
        category, mode = found
        yield ClaimDraft(
            type="event",
            verb=noun,
            cue=TextSpan.of(text, noun.idx, noun.idx + len(noun.text)),
            lemma=noun.lemma_.lower(),
            category=category,
            mode=mode,
            actor=actor,
            actor_heads=tuple(heads),
            target=target,
            target_head=target_token.i if target is not None else None,
            sentence=sentence_span(text, noun.sent),
        )
