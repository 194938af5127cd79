"""Dates a claim takes from other events of the same text:
- the same event named again: "Baku expelled four diplomats" takes the day of "Azerbaijan declared
  four diplomats persona non grata on Thursday" (same class, mode, parties and target), scope
  "event";
- a span of time after or before another event: "spoke two days after Baku expelled ..." is that
  event's day plus two days, scope "clause" (the anchor is stated in the claim's own clause).
Only day dates are carried over; anything vaguer stays unresolved rather than guessed.
"""

import datetime
from typing import Dict, List, Optional, Tuple

from spacy.tokens import Token

from claimx.dates.expressions import span_days
from claimx.records import Claim, DateRef
from claimx.text.syntax import entities, source_text

def same_event_dates(claims: List[Claim]) -> None:
    """An event without a date takes the day of the same event named elsewhere, when the other
    mentions agree on one day."""
    for claim in claims:
        if claim.type != "event" or claim.date is not None or claim.action.mode is None:
            continue
        days = {other.date.value: other for other in claims
                if other is not claim and other.date is not None and other.date.granularity == "day"
                and _same_event(claim, other)}
        if len(days) == 1:
            source = next(iter(days.values())).date
            claim.date = DateRef(source.text, source.start, source.end, value=source.value,
                                 granularity="day", scope="event")


def _same_event(a: Claim, b: Claim) -> bool:
    target = _target_party(a)
    return (b.type == "event" and a.action.category == b.action.category
            and a.action.mode == b.action.mode and a.action.negated == b.action.negated
            and set(a.party_keys) == set(b.party_keys)
            and target is not None and target == _target_party(b))


def _target_party(claim: Claim) -> Optional[str]:
    return claim.target.party if claim.target is not None else None


def dates_after_events(found: List[Tuple[Optional[Token], Claim]]) -> None:
    """"Spoke two days after Baku expelled ...": the anchor event's day plus the span."""
    by_verb: Dict[int, Claim] = {verb.i: claim for verb, claim in found if verb is not None}
    for verb, claim in found:
        if verb is None or claim.date is not None:
            continue
        for anchor in verb.children:
            shifted = _shifted_date(verb, anchor, by_verb.get(anchor.i))
            if shifted is not None:
                claim.date = shifted
                break


def _shifted_date(verb: Token, anchor: Token, anchor_claim: Optional[Claim]) -> Optional[DateRef]:
    if anchor.dep_ != "advcl" or anchor_claim is None or anchor_claim.date is None \
            or anchor_claim.date.granularity != "day" or anchor_claim.date.value is None:
        return None
    mark = next((c for c in anchor.children if c.dep_ == "mark"
                 and c.lower_ in ("after", "before")), None)
    if mark is None:
        return None
    for ent in entities(anchor.doc):
        # the span sits right before "after"; the parser hangs it on either verb
        if ent.label_ == "DATE" and ent.root.head.i in (anchor.i, verb.i) and ent.end == mark.i:
            days = span_days(ent.text)
            if days is None:
                return None
            sign = 1 if mark.lower_ == "after" else -1
            day = datetime.date.fromisoformat(anchor_claim.date.value) + \
                datetime.timedelta(days=sign * days)
            text = source_text(anchor.doc)
            return DateRef.of(text, ent.start_char, mark.idx + len(mark.text),
                              value=day.isoformat(), granularity="day", scope="clause")
    return None
