"""The working records of extraction (claimx.extract), apart from the output records
(claimx.records): a claim as found in the text plus what each stage has worked out about it.

Frozen: a stage hands on changed copies (dataclasses.replace), so no stage changes what an
earlier one handed on behind its back, and no two claims share a part that one of them could
change. Which stage sets which field is written once, in claimx.extract.STAGES.
"""

from dataclasses import dataclass, replace
from typing import Optional, Tuple

from spacy.tokens import Token

from claimx.actors.gazetteer import ActorInfo
from claimx.records import Content, DateRef, Member, TextSpan


@dataclass(frozen=True)
class ClassBasis:
    """What a statement's class was read from, for the targets stage to aim it: the party
    that must act ("said Peru must return the boats": demand), the clause refused ("said it will
    not extradite ...": refusal), or the claim it commits its party to ("said it will support
    ...": commitment)."""
    rule: str  # "demand" | "refusal" | "commitment"
    token: Optional[Token] = None  # demand: who must act; refusal: the refused clause's verb
    claim: Optional[int] = None  # commitment: the index of the claim committed to


@dataclass(frozen=True)
class ClaimDraft:
    # Found in the text (claimx.claims.find).
    type: str  # "statement" | "event"
    verb: Optional[Token]  # the predicate; None for "according to" and marked speakers
    cue: TextSpan  # the action's words ("has said", "called on", "according to")
    lemma: str
    category: Optional[str]  # PLOVER class or STATEMENT, as the cue alone gives it
    negated: bool = False
    mode: Optional[str] = None
    actor: Optional[TextSpan] = None
    actor_heads: Tuple[int, ...] = ()  # token indices: one, or each member of a coordination
    content: Optional[Content] = None
    target: Optional[TextSpan] = None  # whom the claim is aimed at, as the claim's own clause names
    target_head: Optional[int] = None
    sentence: Optional[TextSpan] = None
    # Worked out by the stages.
    modality: str = "asserted"
    parties: Tuple[ActorInfo, ...] = ()  # the parties the actor stands for, as filed
    basis: Optional[ClassBasis] = None
    target_party: Optional[ActorInfo] = None
    member: Optional[str] = None  # the name of the party's member the actor is, if one
    date: Optional[DateRef] = None
    id: int = 0
    within: Optional[int] = None  # the id of the statement that reports this claim

    @property
    def start(self) -> int:
        return self.cue.start


def changed(claim: "ClaimDraft", **fields) -> "ClaimDraft":
    """The claim with fields set: a copy when one differs, else the claim itself (copies cost)."""
    if all(getattr(claim, name) == value for name, value in fields.items()):
        return claim
    return replace(claim, **fields)


@dataclass(frozen=True)
class PartyDraft:
    """A party with the claims filed under it (indices into the document's claims)."""
    name: str
    kind: str
    code: Optional[str]
    sector: Optional[str]
    aliases: Tuple[str, ...] = ()
    members: Tuple[Member, ...] = ()
    claims: Tuple[int, ...] = ()


@dataclass(frozen=True)
class Work:
    """What the stages hand on to each other: the document's claims in text order and, once
    filed, its parties in order of their first claim."""
    claims: Tuple[ClaimDraft, ...] = ()
    parties: Tuple[PartyDraft, ...] = ()
