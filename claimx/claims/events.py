"""Events: who did what to whom ("Baku expelled four diplomats", "police arrested six men").

The predicate is a verb from models/verbs.tsv of kind event (or both, when it has no content);
its actor is the grammatical subject (the agent of a passive), its target the object, the passive
subject, or the object of a preposition ("met with", "attack on").
"""

from typing import List, Optional, Tuple

from spacy.tokens import Token

from claimx.claims.verbs import NO_EVENT_CLASS, VerbEntry, event_class, is_light_verb, noun_class
from claimx.records import Action, Claim, Target
from claimx.claims.statements import actor_span, cue_tokens, entry_lemma
from claimx.text.syntax import (
    antecedent,
    char_span,
    is_negated,
    names_an_actor,
    noun_phrase,
    sentence_span,
    source_text,
    subject_of,
)

TARGET_PREPS = {"with", "on", "against", "to", "from", "at", "into"}


def target_of(verb: Token) -> Optional[Token]:
    """Whom the event was done to: the first candidate that names an actor ("withdrew its
    troops from Lebanon" -> Lebanon; "gave aid to Chad" -> Chad), else the first candidate."""
    candidates = target_candidates(verb)
    # "announced the arrest of six nationals": whom an event noun is done to, not the noun
    done_to = [c for c in candidates if c.head.lower_ == "of" and c.head.head.dep_ == "dobj"
               and noun_class(c.head.head.text)]
    candidates = done_to + [c for c in candidates if c not in done_to]
    named = [c for c in candidates if names_an_actor(c)]
    # "withdrew its troops from Lebanon": the actor's own troops are not whom it was done to
    others = [c for c in named if not is_own(c)]
    # "mobilised its reservists for a war against Iraq": whom it is against comes first
    against = [c for c in others if c.head.lower_ == "against"]
    return (against or others or named or candidates or [None])[0]


OWN_POSSESSIVES = {"its", "their", "his", "her", "our", "my"}


def is_own(token: Token) -> bool:
    return any(c.dep_ == "poss" and c.lower_ in OWN_POSSESSIVES for c in token.children)


def named_target_below(verb: Token, deps=("xcomp", "ccomp")) -> Optional[Token]:
    """The first actor-naming target of the clauses a verb governs: "threatened to deliver
    blows to the United States", "promised to continue aid to Mozambique"."""
    for clause in (c for c in verb.children if c.dep_ in deps):
        target = target_of(clause)
        if target is not None and names_an_actor(target) and not is_own(target):
            return target
        target = named_target_below(clause, ("xcomp",))
        if target is not None:
            return target
    return None


def target_candidates(verb: Token) -> List[Token]:
    candidates = []
    # In the passive the subject is whom it was done to ("the staff were given 48 hours").
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    for dep in (("nsubjpass", "dobj", "dative") if passive else ("dobj", "dative", "nsubjpass")):
        for c in verb.children:
            if c.dep_ == dep and c.pos_ == "ADP":  # "granted asylum to X" parsed as a dative "to"
                candidates += [o for o in c.children if o.dep_ == "pobj"]
            elif c.dep_ == dep:
                candidates.append(antecedent(c))
    for child in verb.children:  # "declared X persona non grata": the subject of a small clause
        if child.dep_ in ("ccomp", "oprd") and child.i > verb.i:
            candidates += [g for g in child.children if g.dep_ == "nsubj"]
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in TARGET_PREPS:
            # "met with X", not "met on Wednesday"
            candidates += [o for o in child.children
                           if o.dep_ == "pobj" and o.ent_type_ not in ("DATE", "TIME")]
    # "held a meeting with X", "provided photographs to X": whom the object concerns
    for obj in [c for c in candidates if c.dep_ == "dobj"]:
        # "an invasion of Lebanon": whom an event noun is done to
        preps = TARGET_PREPS | {"between"} | ({"of"} if noun_class(obj.text) else set())
        for prep in obj.children:
            if prep.dep_ == "prep" and prep.lower_ in preps:
                candidates += [o for o in prep.children if o.dep_ == "pobj"]
    # "mobilised reservists for a war against Iraq": whom the clause is against, however deep
    candidates += [o for prep in own_clause_tokens(verb) if prep.lower_ == "against"
                   for o in prep.children if o.dep_ == "pobj" and o not in candidates]
    return candidates


CLAUSE_DEPS = {"ccomp", "advcl", "relcl", "acl", "conj", "xcomp", "parataxis", "nsubj",
               "nsubjpass"}


def own_clause_tokens(verb: Token) -> List[Token]:
    """The verb's own clause: its subtree without the clauses it governs, however deep
    ("intelligence to Macedonia, which is preparing an offensive against ...")."""
    def own(token: Token) -> bool:
        while token.i != verb.i:
            if token.dep_ in CLAUSE_DEPS:
                return False
            token = token.head
        return True
    return [t for t in verb.subtree if own(t)]


CONDITION_MARKS = ("if", "unless")


def is_condition(clause: Token, marks=CONDITION_MARKS) -> bool:
    """An adverbial clause opened by "if" or "unless" (or the marks given)."""
    return clause.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in marks
                                          for m in clause.children)


def conditions(verb: Token) -> List[Token]:
    """The if/unless clauses of a verb and of the clauses it governs."""
    nodes = [verb] + [t for t in verb.subtree if t.dep_ in ("xcomp", "ccomp", "conj")]
    return [clause for node in nodes for clause in node.children if is_condition(clause)]


def has_condition(verb: Token, marks=CONDITION_MARKS) -> bool:
    return any(is_condition(c, marks) for c in verb.children)


def condition_subject(verb: Token) -> Optional[Token]:
    """Whom a threat is made to: the subject of its condition ("threatened to halt the talks if
    the United States deployed the missiles", "unless Baghdad accepted")."""
    for clause in conditions(verb):
        subject = subject_of(clause)
        if subject is not None and subject.dep_ != "nsubjpass" and names_an_actor(subject):
            return antecedent(subject)
    return None


def event_object(verb: Token) -> Optional[Token]:
    """The object of a light verb: "launched an attack", "mounted its invasion"."""
    return next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")), None)


def object_class(verb: Token) -> Optional[Tuple[str, Optional[str]]]:
    """The class a light verb takes from its event noun object (models/event_nouns.tsv)."""
    obj = event_object(verb)
    if obj is None:
        return None
    before = obj.doc[obj.i - 1].text if obj.i > 0 and obj.doc[obj.i - 1].head.i == obj.i else ""
    return noun_class(obj.text, before)


def predicate_text(verb: Token) -> str:
    """The verb and what follows it in its clause: where an object phrase that sets the class
    stands ("resumed talks"), unlike the subject ("the talks resumed" is no meeting)."""
    return verb.doc[verb.i:verb.right_edge.i + 1].text


def actor_of(verb: Token) -> Optional[Token]:
    subject = subject_of(verb)
    if subject is not None and subject.dep_ == "nsubjpass":
        return None  # "six men were arrested": the subject is the target; no agent was named
    return subject


def event_from_verb(token: Token, entry: VerbEntry, particle: Optional[Token]) -> Optional[Claim]:
    if token.dep_ in ("amod", "compound"):
        return None  # "the arrested men": a description, not a reported event
    text = source_text(token.doc)
    actor, heads = actor_span(text, actor_of(token), token.i)
    target_token = target_of(token)
    target = None
    if target_token is not None:
        span = char_span(noun_phrase(target_token))
        if span:
            target = Target.of(text, *span)
    if actor is None and target is None:
        return None
    if target is None and token.dep_ == "xcomp":
        return None  # "ready to talk": a disposition, not yet an event; "willing to withdraw X" is one
    cue = cue_tokens(token, particle)
    clause = predicate_text(token)
    category, mode = event_class(entry, clause)
    if category == NO_EVENT_CLASS and is_light_verb(entry.lemma):
        category, mode = object_class(token) or (category, mode)
    if category == NO_EVENT_CLASS:
        return None  # "gave", "held": an event only with an object that says which
    return Claim(
        type="event",
        actor=actor,
        action=Action.of(text, cue[0].idx, cue[-1].idx + len(cue[-1].text),
                         lemma=entry_lemma(entry), category=category, negated=is_negated(token),
                         mode=mode),
        target=target,
        sentence=sentence_span(text, token.sent),
        actor_heads=heads,
        target_head=target_token.i if target_token is not None else None,
    )
