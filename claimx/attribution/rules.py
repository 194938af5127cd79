"""What the hand-written rules found, read per cue head for the model's features."""

from typing import Dict, Optional, Sequence, Tuple

from claimx.attribution.features import RuleView
from claimx.attribution.view import DocView
from claimx.drafts import ClaimDraft


def rule_head(view: DocView, claim: ClaimDraft) -> Optional[int]:
    """The head token of a rule claim: its verb, or "according" of "according to"."""
    if claim.verb is not None:
        return claim.verb.i
    if claim.lemma == "according to":
        return view.token_at(claim.cue.start)
    return None  # a speaker marked by a dash or colon: no head word


def read_rule(view: DocView, claim: ClaimDraft) -> RuleView:
    cue = view.words_in(claim.cue.start, claim.cue.end)
    content = None
    if claim.content is not None:
        pieces = claim.content.fragments or [claim.content]
        words = [w for p in pieces for w in view.words_in(p.start, p.end)]
        content = (words[0], words[-1]) if words else None
    kind = "according" if claim.lemma == "according to" else claim.type
    return RuleView(kind=kind, cue=(cue[0], cue[-1]) if cue else None, content=content,
                    source_head=claim.actor_heads[0] if claim.actor_heads else None)


def rules_by_head(view: DocView, found: Sequence[ClaimDraft]) -> Dict[int, Tuple[RuleView, ClaimDraft]]:
    by_head: Dict[int, Tuple[RuleView, ClaimDraft]] = {}
    for claim in found:
        h = rule_head(view, claim)
        if h is None:
            continue
        known = by_head.get(h)
        # A statement over an event made on the same verb.
        if known is None or known[1].type == "event" and claim.type == "statement":
            by_head[h] = (read_rule(view, claim), claim)
    return by_head
