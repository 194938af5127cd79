"""Events: who did what to whom ("Baku expelled four diplomats", "police arrested six men").

The predicate is a verb from models/verbs.tsv of kind event (or both, when it has no content);
its actor is the grammatical subject (the agent of a passive), its target the object, the passive
subject, or the object of a preposition ("met with", "attack on").
"""

from typing import Optional, Tuple

from spacy.tokens import Token

from claimx.claims.cameo import deed_noun_class, event_class_fallback
from claimx.claims.parts import actor_span, cue_tokens, entry_lemma
from claimx.claims.targets import target_of
from claimx.claims.verbs import (
    NO_EVENT_CLASS,
    VerbEntry,
    has_phrases,
    is_light_verb,
    noun_class,
    phrase_class,
)
from claimx.drafts import ClaimDraft
from claimx.records import TextSpan
from claimx.text.document import source_text
from claimx.text.syntax import (
    char_span,
    is_negated,
    noun_phrase,
    predicate_text,
    sentence_span,
    subject_of,
)


def event_object(verb: Token) -> Optional[Token]:
    """The object of a light verb: "launched an attack", "mounted its invasion"."""
    return next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")), None)


def object_class(verb: Token) -> Optional[Tuple[str, Optional[str]]]:
    """The class a light verb takes from its event noun object (models/event_nouns.tsv, then
    a noun spelled as a CAMEO verb of a material class: "ordered patrols")."""
    obj = event_object(verb)
    if obj is None:
        return None
    before = obj.doc[obj.i - 1].text if obj.i > 0 and obj.doc[obj.i - 1].head.i == obj.i else ""
    return noun_class(obj.text, before) or deed_noun_class(obj)


def event_class(verb: Token, entry: VerbEntry) -> Tuple[str, Optional[str]]:
    """The class and mode of an event: from the first of EVENT_CLASS_SOURCES that knows it, else
    none (NO_EVENT_CLASS)."""
    return next((found for found in (source(verb, entry) for source in EVENT_CLASS_SOURCES)
                 if found is not None), (NO_EVENT_CLASS, entry.mode))


def phrase_of_verb(verb: Token, entry: VerbEntry) -> Optional[Tuple[str, Optional[str]]]:
    """The verb with what its clause holds (models/event_phrases.tsv): "gave aid", "resumed talks"."""
    return phrase_class(entry, predicate_text(verb)) if has_phrases(entry) else None


def class_of_verb(verb: Token, entry: VerbEntry) -> Optional[Tuple[str, Optional[str]]]:
    """The verb's own class in models/verbs.tsv, unless it needs an object to say which."""
    return (entry.cls, entry.mode) if entry.cls != NO_EVENT_CLASS else None


def class_of_event_noun(verb: Token, entry: VerbEntry) -> Optional[Tuple[str, Optional[str]]]:
    """A light verb's event noun object (models/event_nouns.tsv): "launched an attack"."""
    return object_class(verb) if is_light_verb(entry.lemma) else None


# Where an event's class comes from, claimx's own tables first: the verb with its object phrase,
# the verb alone, a light verb's event noun. A converted event dictionary (PETRARCH2/CAMEO verb
# patterns, say) is a source of the same signature appended after them.
def class_from_cameo(verb: Token, entry: VerbEntry) -> Optional[Tuple[str, Optional[str]]]:
    """Where claimx's tables give none: CAMEO's pattern, or for a verb claimx lacks its block's
    class (claimx.claims.cameo, converted from the PETRARCH2 dictionaries)."""
    return event_class_fallback(verb, entry)


EVENT_CLASS_SOURCES = [phrase_of_verb, class_of_verb, class_of_event_noun, class_from_cameo]


def actor_of(verb: Token) -> Optional[Token]:
    subject = subject_of(verb)
    if subject is not None and subject.dep_ == "nsubjpass":
        return None  # "six men were arrested": the subject is the target; no agent was named
    return subject


def event_from_verb(token: Token, entry: VerbEntry, particle: Optional[Token]) -> Optional[ClaimDraft]:
    if token.dep_ in ("amod", "compound"):
        return None  # "the arrested men": a description, not a reported event
    # The class first: most verbs that need an object to say it ("gave", "held") have none.
    category, mode = event_class(token, entry)
    if category == NO_EVENT_CLASS:
        return None  # "gave", "held": an event only with an object that says which
    text = source_text(token.doc)
    actor, heads = actor_span(text, actor_of(token), token.i)
    target_token = target_of(token)
    target = None
    if target_token is not None:
        span = char_span(noun_phrase(target_token))
        if span:
            target = TextSpan.of(text, *span)
    if actor is None and target is None:
        return None
    if target is None and token.dep_ == "xcomp":
        return None  # "ready to talk": a disposition, not yet an event; "willing to withdraw X" is one
    cue = cue_tokens(token, particle)
    return ClaimDraft(
        type="event",
        verb=token,
        cue=TextSpan.of(text, cue[0].idx, cue[-1].idx + len(cue[-1].text)),
        lemma=entry_lemma(entry),
        category=category,
        negated=is_negated(token),
        mode=mode,
        actor=actor,
        actor_heads=heads,
        target=target,
        target_head=target_token.i if target_token is not None else None,
        sentence=sentence_span(text, token.sent),
    )
