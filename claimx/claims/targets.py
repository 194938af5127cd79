"""Whom a claim is aimed at (its target), as its own clause names it and, where it names no
actor, as the claim's class and context say.

The targets stage (assign_targets) runs after the statements' classes are settled
(claimx.claims.commitments), so that every rule below sees a claim's final class: "Syria
threatened to halt the talks unless Turkey ..." and "Syria said it would halt the talks unless
Turkey ..." are both threats aimed at Turkey.
"""

from dataclasses import replace
from typing import Callable, List, Optional, Sequence, Tuple

from spacy.tokens import Token

from claimx.actors.resolver import names_an_actor
from claimx.actors.whereabouts import place_named
from claimx.claims.classes import ABOUT_DEEDS, DEMANDS, PLACE_TARGETED, REACTIONS
from claimx.claims.nesting import ClaimsByStart
from claimx.claims.verbs import VerbEntry, noun_class, verbs_with_role
from claimx.drafts import ClaimDraft
from claimx.records import TextSpan
from claimx.text.document import source_text
from claimx.text.function_words import CONDITION_MARKS, POSSESSIVES, prepositions
from claimx.text.syntax import (
    ACTOR_ENTITIES,
    antecedent,
    char_span,
    noun_phrase,
    subject_of,
)

# Verbs whose object is whom they address, never what is said ("told reporters", "urged Iran").
ADDRESSEE_VERBS = verbs_with_role("addressee")
# Verbs whose object is whom the statement is about ("accused Latvia of ...", "praised Iran").
TARGETED_VERBS = verbs_with_role("targeted")


# --- the target a claim's own clause names ----------------------------------------------------

TARGET_PREPS = prepositions("target")
ADDRESSEE_PREPS = prepositions("addressee")


def target_of(verb: Token) -> Optional[Token]:
    """Whom the event was done to: of its candidates (whom an event noun is done to first), the
    first that TARGET_PREFERENCES accepts, trying them in order."""
    candidates = target_candidates(verb)
    # "announced the arrest of six nationals": whom an event noun is done to, not the noun
    done_to = [c for c in candidates if c.head.lower_ == "of" and c.head.head.dep_ == "dobj"
               and noun_class(c.head.head.text)]
    ranked = done_to + [c for c in candidates if c not in done_to]
    for preferred in TARGET_PREFERENCES:
        chosen = next((c for c in ranked if preferred(c)), None)
        if chosen is not None:
            return chosen
    return None


def _names_another(token: Token) -> bool:
    # "withdrew its troops from Lebanon": the actor's own troops are not whom it was done to
    return names_an_actor(token) and not is_own(token)


TARGET_PREFERENCES: Tuple[Callable[[Token], bool], ...] = (
    # "mobilised its reservists for a war against Iraq": whom it is against
    lambda c: _names_another(c) and c.head.lower_ == "against",
    _names_another,  # "gave aid to Chad" -> Chad
    names_an_actor,
    lambda c: True,  # "fired two missiles at the island"
)


OWN_POSSESSIVES = POSSESSIVES


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
    """Whom an event may have been done to, gathered by CANDIDATE_SOURCES in order."""
    candidates: List[Token] = []
    for source in CANDIDATE_SOURCES:
        candidates += source(verb, candidates)
    return candidates


def core_arguments(verb: Token, found: List[Token]) -> List[Token]:
    """The object, the indirect object and the passive subject; in the passive the subject comes
    first ("the staff were given 48 hours")."""
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    out = []
    for dep in (("nsubjpass", "dobj", "dative") if passive else ("dobj", "dative", "nsubjpass")):
        for c in verb.children:
            if c.dep_ == dep and c.pos_ == "ADP":  # "granted asylum to X" parsed as a dative "to"
                out += [o for o in c.children if o.dep_ == "pobj"]
            elif c.dep_ == dep:
                out.append(antecedent(c))
    return out


def small_clause_subjects(verb: Token, found: List[Token]) -> List[Token]:
    """"declared X persona non grata": the subject of a small clause."""
    return [g for child in verb.children if child.dep_ in ("ccomp", "oprd") and child.i > verb.i
            for g in child.children if g.dep_ == "nsubj"]


def prepositional_targets(verb: Token, found: List[Token]) -> List[Token]:
    """"met with X", "gave aid to X"; not "met on Wednesday"."""
    return [o for child in verb.children if child.dep_ == "prep" and child.lower_ in TARGET_PREPS
            for o in child.children if o.dep_ == "pobj" and o.ent_type_ not in ("DATE", "TIME")]


def whom_the_object_concerns(verb: Token, found: List[Token]) -> List[Token]:
    """"held a meeting with X", "provided photographs to X", "talks between X and Y"; and whom
    an event noun is done to, "an invasion of Lebanon"."""
    out = []
    for obj in [c for c in found if c.dep_ == "dobj"]:
        preps = TARGET_PREPS | {"between"} | ({"of"} if noun_class(obj.text) else set())
        out += [o for prep in obj.children if prep.dep_ == "prep" and prep.lower_ in preps
                for o in prep.children if o.dep_ == "pobj"]
    return out


def whom_the_clause_is_against(verb: Token, found: List[Token]) -> List[Token]:
    """"mobilised reservists for a war against Iraq": however deep in the verb's own clause."""
    # The word first: walking each token up to the verb costs more than reading it.
    return [o for prep in verb.subtree if prep.lower_ == "against" and in_own_clause(prep, verb)
            for o in prep.children if o.dep_ == "pobj" and o not in found]


CANDIDATE_SOURCES = (core_arguments, small_clause_subjects, prepositional_targets,
                     whom_the_object_concerns, whom_the_clause_is_against)


CLAUSE_DEPS = {"ccomp", "advcl", "relcl", "acl", "conj", "xcomp", "parataxis", "nsubj",
               "nsubjpass"}


def in_own_clause(token: Token, verb: Token) -> bool:
    """Is token (of verb's subtree) in the verb's own clause, not in a clause it governs,
    however deep ("intelligence to Macedonia, which is preparing an offensive against ...")?"""
    while token.i != verb.i:
        if token.dep_ in CLAUSE_DEPS:
            return False
        token = token.head
    return True


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


def addressee(verb: Token, entry: VerbEntry, particle: Optional[Token]) -> Optional[Token]:
    """Whom a statement is addressed to or made of: the first of ADDRESSEE_RULES that finds
    one."""
    return next((found for found in (rule(verb, entry, particle) for rule in ADDRESSEE_RULES)
                 if found is not None), None)


def passive_subject(verb: Token, entry: VerbEntry, particle: Optional[Token]) -> Optional[Token]:
    """"the camp was attacked by militiamen", "the plan was criticised by X": a verb that is
    also an event, in the passive with an agent, is aimed at its subject whether it reads as an
    event or as speech."""
    if entry.kind != "both" or not any(c.dep_ == "agent" for c in verb.children):
        return None
    return next((c for c in verb.children if c.dep_ == "nsubjpass"), None)


def addressed_object(verb: Token, entry: VerbEntry, particle: Optional[Token]) -> Optional[Token]:
    """The indirect object; else the object of a verb that addresses or targets it ("told
    reporters", "accused Latvia of ..."), of a demand or threat ("threatened Chile with ..."),
    or one before the reported clause ("told reporters that ...")."""
    clause_starts = [c.left_edge.i for c in verb.children if c.dep_ in ("xcomp", "ccomp")]
    lemma = verb.lemma_.lower()
    for child in verb.children:
        if child.dep_ in ("dative", "iobj"):
            return child
        if child.dep_ == "dobj" and (lemma in ADDRESSEE_VERBS or lemma in TARGETED_VERBS
                                     or entry.cls in DEMANDS
                                     or clause_starts and child.i < min(clause_starts)):
            return child
    return None


def called_on(verb: Token, entry: VerbEntry, particle: Optional[Token]) -> Optional[Token]:
    """A demand or threat made of someone: "called on Chile to ...", "appealed to Peru"."""
    if entry.cls not in DEMANDS or particle is None or particle.dep_ != "prep" \
            or particle.lower_ not in ADDRESSEE_PREPS:
        return None
    return next((c for c in particle.children if c.dep_ == "pobj"), None)


def named_in_demand(verb: Token, entry: VerbEntry, particle: Optional[Token]) -> Optional[Token]:
    """"demanded that Chile ...": the subject of the demanded clause, only a named party ("demanded
    that the plan be dropped" has none)."""
    if entry.cls not in DEMANDS:
        return None
    for clause in (c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i):
        subject = next((g for g in clause.children if g.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None and subject.ent_type_ in ACTOR_ENTITIES:
            return subject
    return None


ADDRESSEE_RULES = (passive_subject, addressed_object, called_on, named_in_demand)


# --- the targets stage: an ordered list of rules, first hit wins ------------------------------


Aim = Tuple[TextSpan, Optional[int]]  # a target span and its head token's index
TargetRule = Callable[[int, Sequence[ClaimDraft], ClaimsByStart], Optional[Aim]]


def _aim(token: Optional[Token]) -> Optional[Aim]:
    if token is None:
        return None
    span = char_span(noun_phrase(token))
    return (TextSpan.of(source_text(token.doc), *span), token.i) if span else None


def _own(claim: ClaimDraft) -> Optional[Aim]:
    return (claim.target, claim.target_head) if claim.target is not None else None


def demanded_of(i, claims, by_start) -> Optional[Aim]:
    """A demand is aimed at whom it says must act ("said Peru must return the boats")."""
    basis = claims[i].basis
    return _aim(basis.token) if basis is not None and basis.rule == "demand" else None


def own_actor_target(i, claims, by_start) -> Optional[Aim]:
    """The target the claim's own clause names, when it names an actor."""
    claim = claims[i]
    if claim.target_head is not None and claim.verb is not None \
            and names_an_actor(claim.verb.doc[claim.target_head]):
        return _own(claim)
    return None


def refused_deed_target(i, claims, by_start) -> Optional[Aim]:
    """A refusal with no target of its own: whom the refused deed concerns ("said it will not
    extradite the Peruvian suspects")."""
    claim, basis = claims[i], claims[i].basis
    if basis is None or basis.rule != "refusal" or claim.target is not None:
        return None
    target = target_of(basis.token)
    return _aim(target) if target is not None and names_an_actor(target) else None


def condition_target(i, claims, by_start) -> Optional[Aim]:
    """A threat, at whom its condition is put to ("threatened to halt the talks if the United
    States ...")."""
    claim = claims[i]
    if claim.verb is None or claim.category != "THREATEN":
        return None
    return _aim(condition_subject(claim.verb))


def governed_clause_target(i, claims, by_start) -> Optional[Aim]:
    """A threat, demand, refusal or offer, at the target of the clause it governs ("threatened
    to deliver blows to the United States")."""
    claim = claims[i]
    if claim.verb is None or claim.type != "statement" or claim.category not in ABOUT_DEEDS:
        return None
    return _aim(named_target_below(claim.verb))


def purpose_target(i, claims, by_start) -> Optional[Aim]:
    """A protest, at the target of its purpose ("went on strike to demand the resignation of
    X")."""
    claim = claims[i]
    if claim.verb is None or claim.category != "PROTEST":
        return None
    return _aim(named_target_below(claim.verb, ("advcl", "xcomp")))


def own_target(i, claims, by_start) -> Optional[Aim]:
    """The target the claim's own clause names, actor or not ("fired two missiles at the
    island")."""
    return _own(claims[i])


def place_target(i, claims, by_start) -> Optional[Aim]:
    """An event with no target at all, at the country it took place in ("rioted in Serbia")."""
    claim = claims[i]
    if claim.verb is None or claim.category not in PLACE_TARGETED:
        return None
    return _aim(place_named(claim.verb))


def committed_deed_target(i, claims, by_start) -> Optional[Aim]:
    """A commitment, at whom the deed it commits to is done to ("said it will support Peru")."""
    basis = claims[i].basis
    if basis is None or basis.rule != "commitment":
        return None
    return _own(claims[basis.claim])


def content_event_target(i, claims, by_start) -> Optional[Aim]:
    """A threat, demand, refusal or offer, at the target of the first event its content holds
    that is done to an entity ("demanded that the plan be dropped" is aimed at no one)."""
    claim = claims[i]
    if claim.type != "statement" or claim.category not in ABOUT_DEEDS or claim.content is None:
        return None
    held = by_start.inside(claim.content.fragments or [claim.content])
    return next((_own(claims[j]) for j in held
                 if claims[j].type == "event" and claims[j].target_head is not None
                 and names_an_actor(claims[j].verb.doc[claims[j].target_head])), None)


def object_reacted_to(verb: Token, category: str) -> Optional[Token]:
    """What a statement of praise, blame or refusal is about when its object is a noun phrase
    naming an entity inside ("applauded the Korean release of ...", "vetoed Macedonia's
    application"): the object, whose party is the one named inside it."""
    if category not in REACTIONS:
        return None
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    return obj if obj is not None and obj.pos_ in ("NOUN", "PROPN") and names_an_actor(obj) else None


def reacted_object_target(i, claims, by_start) -> Optional[Aim]:
    """Praise, blame or a refusal with no target, at the object it is about when an entity is
    named inside it ("vetoed Macedonia's application to join NATO": Macedonia's)."""
    claim = claims[i]
    if claim.verb is None or claim.type != "statement" or claim.target is not None:
        return None
    return _aim(object_reacted_to(claim.verb, claim.category))


# A claim's own clause and class first; then, for a claim still without a target, the target
# of the first event its content holds. A commitment is aimed like the deed it commits to (the
# deeds are aimed first), unless it is a threat put to someone ("unless Turkey withdrew").
OWN_CLAUSE_RULES: Tuple[TargetRule, ...] = (
    demanded_of, own_actor_target, reacted_object_target, refused_deed_target, condition_target,
    committed_deed_target, governed_clause_target, purpose_target, own_target, place_target)
BORROWED_RULES: Tuple[TargetRule, ...] = (content_event_target,)


def assign_targets(claims: Sequence[ClaimDraft]) -> Tuple[ClaimDraft, ...]:
    """Each claim with its target: the first rule's that finds one, in the order above."""
    by_start = ClaimsByStart(claims)
    claims = list(claims)
    commitments = [i for i, c in enumerate(claims) if c.basis and c.basis.rule == "commitment"]
    committing = set(commitments)
    deeds_first = [i for i in range(len(claims)) if i not in committing] + commitments
    for i in deeds_first:
        claims[i] = _aimed(i, claims, by_start, OWN_CLAUSE_RULES)
    for i in range(len(claims)):
        if claims[i].target is None:
            claims[i] = _aimed(i, claims, by_start, BORROWED_RULES)
    return tuple(claims)


def _aimed(i: int, claims: Sequence[ClaimDraft], by_start: ClaimsByStart,
           rules: Tuple[TargetRule, ...]) -> ClaimDraft:
    aim = next((found for found in (rule(i, claims, by_start) for rule in rules) if found), None)
    target, head = aim if aim is not None else (None, None)
    claim = claims[i]
    if (target, head) == (claim.target, claim.target_head):
        return claim
    return replace(claim, target=target, target_head=head)
