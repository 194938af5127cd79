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

from claimx.claims.classes import ABOUT_DEEDS, DEMANDS, PLACE_TARGETED
from claimx.claims.verbs import VerbEntry, noun_class, verbs_with_role
from claimx.drafts import ClaimDraft
from claimx.records import TextSpan
from claimx.text.document import source_text
from claimx.text.function_words import CONDITION_MARKS, POSSESSIVES, prepositions
from claimx.actors.resolver import names_an_actor
from claimx.actors.whereabouts import place_named
from claimx.text.syntax import ACTOR_ENTITIES, antecedent, char_span, noun_phrase, subject_of

# Verbs whose object is whom they address, never what is said ("told reporters", "urged Iran").
ADDRESSEE_VERBS = verbs_with_role("addressee")
# Verbs whose object is whom the statement is about ("accused Latvia of ...", "praised Iran").
TARGETED_VERBS = verbs_with_role("targeted")


# --- the target a claim's own clause names ----------------------------------------------------

TARGET_PREPS = prepositions("target")


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
    """Whom a statement is addressed to: "told reporters", "urged both countries to ...";
    for a demand or threat, whom it is made of: "called on Chile to ...", "demanded that
    Chile ...", "threatened Chile with ..."; for a verb that is also an event, in the passive,
    its subject ("was attacked by ...")."""
    clause_starts = [c.left_edge.i for c in verb.children if c.dep_ in ("xcomp", "ccomp")]
    lemma = verb.lemma_.lower()
    children = list(verb.children)
    if entry.kind == "both" and any(c.dep_ == "agent" for c in children):
        # "the camp was attacked by militiamen", "the plan was criticised by X": whom it is
        # aimed at is the passive subject, whether the verb reads as an event or as speech
        passive_subject = next((c for c in children if c.dep_ == "nsubjpass"), None)
        if passive_subject is not None:
            return passive_subject
    for child in children:
        if child.dep_ in ("dative", "iobj"):
            return child
        if child.dep_ != "dobj":
            continue
        # "told reporters that ...": an object before the reported clause is whom it was told;
        # "accused Latvia of ...": the accused.
        if lemma in ADDRESSEE_VERBS or lemma in TARGETED_VERBS or entry.cls in DEMANDS \
                or clause_starts and child.i < min(clause_starts):
            return child
    if entry.cls not in DEMANDS:
        return None
    if particle is not None and particle.dep_ == "prep" and particle.lower_ in prepositions("addressee"):
        called = next((c for c in particle.children if c.dep_ == "pobj"), None)
        if called is not None:
            return called
    for clause in (c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i):
        subject = next((g for g in clause.children if g.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None and subject.ent_type_ in ACTOR_ENTITIES:
            return subject  # only a named party: "demanded that the plan be dropped" has none
    return None




# --- the targets stage: an ordered list of rules, first hit wins ------------------------------


Aim = Tuple[TextSpan, Optional[int]]  # a target span and its head token's index
TargetRule = Callable[[int, Sequence[ClaimDraft]], Optional[Aim]]


def _aim(token: Optional[Token]) -> Optional[Aim]:
    if token is None:
        return None
    span = char_span(noun_phrase(token))
    return (TextSpan.of(source_text(token.doc), *span), token.i) if span else None


def _own(claim: ClaimDraft) -> Optional[Aim]:
    return (claim.target, claim.target_head) if claim.target is not None else None


def demanded_of(i, claims) -> Optional[Aim]:
    """A demand is aimed at whom it says must act ("said Peru must return the boats")."""
    basis = claims[i].basis
    return _aim(basis.token) if basis is not None and basis.rule == "demand" else None


def own_actor_target(i, claims) -> Optional[Aim]:
    """The target the claim's own clause names, when it names an actor."""
    claim = claims[i]
    if claim.target_head is not None and claim.verb is not None \
            and names_an_actor(claim.verb.doc[claim.target_head]):
        return _own(claim)
    return None


def refused_deed_target(i, claims) -> Optional[Aim]:
    """A refusal with no target of its own: whom the refused deed concerns ("said it will not
    extradite the Peruvian suspects")."""
    claim, basis = claims[i], claims[i].basis
    if basis is None or basis.rule != "refusal" or claim.target is not None:
        return None
    target = target_of(basis.token)
    return _aim(target) if target is not None and names_an_actor(target) else None


def condition_target(i, claims) -> Optional[Aim]:
    """A threat, at whom its condition is put to ("threatened to halt the talks if the United
    States ...")."""
    claim = claims[i]
    if claim.verb is None or claim.category != "THREATEN":
        return None
    return _aim(condition_subject(claim.verb))


def governed_clause_target(i, claims) -> Optional[Aim]:
    """A threat, demand, refusal or offer, at the target of the clause it governs ("threatened
    to deliver blows to the United States")."""
    claim = claims[i]
    if claim.verb is None or claim.type != "statement" or claim.category not in ABOUT_DEEDS:
        return None
    return _aim(named_target_below(claim.verb))


def purpose_target(i, claims) -> Optional[Aim]:
    """A protest, at the target of its purpose ("went on strike to demand the resignation of
    X")."""
    claim = claims[i]
    if claim.verb is None or claim.category != "PROTEST":
        return None
    return _aim(named_target_below(claim.verb, ("advcl", "xcomp")))


def own_target(i, claims) -> Optional[Aim]:
    """The target the claim's own clause names, actor or not ("fired two missiles at the
    island")."""
    return _own(claims[i])


def place_target(i, claims) -> Optional[Aim]:
    """An event with no target at all, at the country it took place in ("rioted in Serbia")."""
    claim = claims[i]
    if claim.verb is None or claim.category not in PLACE_TARGETED:
        return None
    return _aim(place_named(claim.verb))


def committed_deed_target(i, claims) -> Optional[Aim]:
    """A commitment, at whom the deed it commits to is done to ("said it will support Peru")."""
    basis = claims[i].basis
    if basis is None or basis.rule != "commitment":
        return None
    return _own(claims[basis.claim])


def content_event_target(i, claims) -> Optional[Aim]:
    """A threat, demand, refusal or offer, at the target of the first event its content holds."""
    claim = claims[i]
    if claim.type != "statement" or claim.category not in ABOUT_DEEDS or claim.content is None:
        return None
    pieces = claim.content.fragments or [claim.content]
    return next((_own(e) for e in claims if e.type == "event" and e.target is not None
                 and any(p.start <= e.cue.start < p.end for p in pieces)), None)


# A claim's own clause and class first; then, for a claim still without a target, the target
# of the first event its content holds. A commitment is aimed like the deed it commits to (the
# deeds are aimed first), unless it is a threat put to someone ("unless Turkey withdrew").
OWN_CLAUSE_RULES: Tuple[TargetRule, ...] = (
    demanded_of, own_actor_target, refused_deed_target, condition_target, committed_deed_target,
    governed_clause_target, purpose_target, own_target, place_target)
BORROWED_RULES: Tuple[TargetRule, ...] = (content_event_target,)


def assign_targets(claims: Sequence[ClaimDraft]) -> Tuple[ClaimDraft, ...]:
    """Each claim with its target: the first rule's that finds one, in the order above."""
    claims = list(claims)
    commitments = [i for i, c in enumerate(claims) if c.basis and c.basis.rule == "commitment"]
    deeds_first = [i for i in range(len(claims)) if i not in commitments] + commitments
    for i in deeds_first:
        claims[i] = _aimed(i, claims, OWN_CLAUSE_RULES)
    for i in range(len(claims)):
        if claims[i].target is None:
            claims[i] = _aimed(i, claims, BORROWED_RULES)
    return tuple(claims)


def _aimed(i: int, claims: Sequence[ClaimDraft], rules: Tuple[TargetRule, ...]) -> ClaimDraft:
    aim = next((found for found in (rule(i, claims) for rule in rules) if found), None)
    target, head = aim if aim is not None else (None, None)
    return replace(claims[i], target=target, target_head=head)
