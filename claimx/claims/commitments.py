"""The class of a plain statement from what it says, once the actors are resolved: a demand of
another party ("Russia said Sudan must return the helicopter": REQUEST), a refusal ("Syria says
it will not accept more refugees": REJECT), or a commitment of the speaker's own party to a deed
("said it will support X": AGREE; "will withdraw its troops unless ...": THREATEN).

The classify stage tries the rules in CLASS_RULES on each plain statement in text order; the
first that reads one gives the class and what it rests on (claimx.drafts.ClassBasis), from
which claimx.claims.targets aims the claim.
"""

from dataclasses import dataclass, replace
from typing import Callable, Optional, Sequence, Tuple

from claimx.actors.parties import UNKNOWN_PARTY, filed_parties
from claimx.actors.resolver import names_an_actor
from claimx.claims.classes import HOSTILE
from claimx.claims.nesting import ClaimsByStart
from claimx.claims.targets import has_condition
from claimx.drafts import ClaimDraft, ClassBasis
from claimx.text.function_words import (
    FUTURE_AUX,
    OBLIGATION_AUX,
    PAST_FUTURE_AUX,
    SPEAKER_SIDE,
    ULTIMATUM_MARKS,
)
from claimx.text.syntax import char_span, noun_phrase

Reading = Tuple[str, ClassBasis]


@dataclass(frozen=True)
class Classifying:
    """What every class rule may read besides the claims: how parties are filed, and the claims
    by position (to find those a content holds)."""
    group_by: str
    by_start: ClaimsByStart


ClassRule = Callable[[int, Sequence[ClaimDraft], Classifying], Optional[Reading]]


def demand(i: int, claims: Sequence[ClaimDraft], ctx: Classifying) -> Optional[Reading]:
    """"Russia said Sudan must return the helicopter": saying what another party must do is a
    demand of it. "We must ..." is not."""
    verb = claims[i].verb
    if verb is None:
        return None
    for clause in (c for c in verb.children if c.dep_ == "ccomp"):
        if not any(a.dep_ == "aux" and a.lower_ in OBLIGATION_AUX for a in clause.children):
            continue
        subject = next((c for c in clause.children if c.dep_ == "nsubj"), None)
        if subject is None or subject.lower_ in SPEAKER_SIDE or not names_an_actor(subject):
            continue
        if char_span(noun_phrase(subject)):
            return "REQUEST", ClassBasis("demand", token=subject)
        return None
    return None


def refusal(i: int, claims: Sequence[ClaimDraft], ctx: Classifying) -> Optional[Reading]:
    """"Syria says it will not accept more refugees": saying one's own side will not do
    something is a refusal."""
    verb = claims[i].verb
    if verb is None:
        return None
    for clause in (c for c in verb.children if c.dep_ == "ccomp"):
        children = list(clause.children)
        if not (any(a.dep_ == "aux" and a.lower_ in FUTURE_AUX | PAST_FUTURE_AUX for a in children)
                and any(n.dep_ == "neg" for n in children)):
            continue
        subject = next((c for c in children if c.dep_ == "nsubj"), None)
        if subject is None or subject.lower_ not in SPEAKER_SIDE:
            continue
        return "REJECT", ClassBasis("refusal", token=clause)
    return None


def commitment(i: int, claims: Sequence[ClaimDraft], ctx: Classifying) -> Optional[Reading]:
    """A statement that its own party will do something: a threat when the deed is hostile or
    put as an ultimatum ("will withdraw its peacekeepers unless ..."), a refusal when it is
    negated ("will not accept more refugees"), else a promise, AGREE ("said it will support the
    resolution", "would meet him if ...")."""
    statement = claims[i]
    if statement.content is None:
        return None
    own = {key for key, _ in filed_parties(statement, ctx.group_by)} - {UNKNOWN_PARTY}
    for j in ctx.by_start.inside(statement.content.fragments or [statement.content]):
        deed = claims[j]
        if j != i and deed.modality == "future" \
                and own & {key for key, _ in filed_parties(deed, ctx.group_by)}:
            if deed.negated:
                category = "REJECT"
            elif deed.category in HOSTILE or is_ultimatum(deed):
                category = "THREATEN"
            else:
                category = "AGREE"
            return category, ClassBasis("commitment", claim=j)
    return None


def is_ultimatum(claim: ClaimDraft) -> bool:
    """"will withdraw ... unless": a threat; "would meet X if ...": still an offer."""
    return claim.verb is not None and has_condition(claim.verb, ULTIMATUM_MARKS)


CLASS_RULES: Tuple[ClassRule, ...] = (demand, refusal, commitment)


def classify(claims: Sequence[ClaimDraft], group_by: str) -> Tuple[ClaimDraft, ...]:
    """Each plain statement (class STATEMENT) with the class the first rule reads, in text
    order: a commitment reads the classes of the deeds it holds as classified so far."""
    ctx = Classifying(group_by, ClaimsByStart(claims))
    claims = list(claims)
    for i, claim in enumerate(claims):
        if claim.type != "statement" or claim.category != "STATEMENT":
            continue
        reading = next((r for r in (rule(i, claims, ctx) for rule in CLASS_RULES) if r), None)
        if reading is not None:
            claims[i] = replace(claim, category=reading[0], basis=reading[1])
    return tuple(claims)
