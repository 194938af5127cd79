"""How a claim is put: asserted, reported (inside someone's statement), future, hypothetical, denied."""

from spacy.tokens import Token

FUTURE_AUX = {"will", "'ll", "shall", "wo"}
HYPOTHETICAL_AUX = {"may", "might", "could", "would", "should", "can"}
DENIAL_HEADS = {"deny", "reject", "dismiss", "refute"}
INTENT_HEADS = {"threaten", "plan", "want", "intend", "vow", "pledge", "promise", "seek", "hope",
                "willing", "ready", "prepared", "determined"}


def modality_of(verb: Token, reported: bool) -> str:
    auxes = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    head = verb.head if verb.dep_ in ("xcomp", "ccomp", "pcomp") else None
    if head is not None and head.lemma_.lower() in DENIAL_HEADS:
        return "denied"
    if head is None and verb.dep_ == "xcomp" and verb.head.dep_ == "acomp":
        head = verb.head  # "is willing to withdraw"
    if auxes & FUTURE_AUX or (head is not None and head.lemma_.lower() in INTENT_HEADS):
        return "future"
    if reported and "would" in auxes:
        return "future"  # "they said they would meet": the future seen from the past
    if auxes & HYPOTHETICAL_AUX:
        return "hypothetical"
    return "reported" if reported else "asserted"
