"""How a claim is put: asserted, reported (inside someone's statement), future, hypothetical, denied."""

from typing import Sequence, Tuple

from spacy.tokens import Token

from claimx.claims.nesting import reporting_statements
from claimx.claims.verbs import verbs_with_role
from claimx.drafts import ClaimDraft, changed
from claimx.text.function_words import FUTURE_AUX, HYPOTHETICAL_AUX, PAST_FUTURE_AUX

DENIAL_HEADS = verbs_with_role("denial")
INTENT_HEADS = verbs_with_role("intent")


def modality_of(verb: Token, reported: bool) -> str:
    auxes = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    head = verb.head if verb.dep_ in ("xcomp", "ccomp", "pcomp") else None
    if head is not None and head.lemma_.lower() in DENIAL_HEADS:
        return "denied"
    if head is None and verb.dep_ == "xcomp" and verb.head.dep_ == "acomp":
        head = verb.head  # "is willing to withdraw"
    if auxes & FUTURE_AUX or (head is not None and head.lemma_.lower() in INTENT_HEADS):
        return "future"
    if reported and auxes & PAST_FUTURE_AUX:
        return "future"  # "they said they would meet": the future seen from the past
    if auxes & HYPOTHETICAL_AUX:
        return "hypothetical"
    return "reported" if reported else "asserted"


def assign_modality(claims: Sequence[ClaimDraft]) -> Tuple[ClaimDraft, ...]:
    """Each claim with how it is put; a claim with no verb ("according to X") is asserted."""
    holders = reporting_statements(claims)
    return tuple(changed(c, modality=modality_of(c.verb, reported=holder is not None))
                 if c.verb is not None else c for c, holder in zip(claims, holders))
