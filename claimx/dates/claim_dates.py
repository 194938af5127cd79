"""The date of each claim:
- a DATE entity its verb governs ("expelled ... on Thursday"), or one its coordinated verb governs
  ("declared ... on Thursday and expressed ..."), scope "clause" or "sentence"; "the same day" is
  the day of the last dated claim before it;
- the same event named again: "Baku expelled four diplomats" takes the day of "Azerbaijan declared
  four diplomats persona non grata on Thursday" (same class, mode, parties and target), scope
  "event";
- a span of time after or before another event: "spoke two days after Baku expelled ..." is that
  event's day plus two days, scope "clause" (the anchor is stated in the claim's own clause).
Only day dates are carried over; anything vaguer stays unresolved rather than guessed.
"""

import datetime
import re
from dataclasses import replace
from typing import Dict, List, Optional, Sequence, Tuple

from spacy.tokens import Token

from claimx.actors.parties import filed_parties
from claimx.dates.expressions import resolve_date, span_days
from claimx.drafts import ClaimDraft
from claimx.records import DateRef
from claimx.text.document import entities, sentence_entities, source_text
from claimx.text.function_words import TIME_SHIFT_MARKS

PAST_TAGS = {"VBD", "VBN"}
DURATION = re.compile(r"^(about |some |nearly |almost |more than |at least )?(\d+|a|an|one|two|three|four|"
                      r"five|six|seven|eight|nine|ten|several|few|many|a few)\s+(hours?|days?|weeks?|"
                      r"months?|years?|decades?|centuries)$|^(decades|years|months|weeks|days|hours)$",
                      re.IGNORECASE)
SAME_DAY = re.compile(r"\b(same|that) day\b", re.IGNORECASE)


def date_claims(claims: Sequence[ClaimDraft], reference: Optional[datetime.date],
                group_by: str) -> Tuple[ClaimDraft, ...]:
    """Each claim with its date: its own, else the same event's, else one counted from another
    event's day."""
    claims = own_dates(claims, reference)
    claims = same_event_dates(claims, group_by)
    return dates_after_events(claims)


def own_dates(claims: Sequence[ClaimDraft], reference: Optional[datetime.date]) -> List[ClaimDraft]:
    claim_verbs = {c.verb.i for c in claims if c.verb is not None}
    dated, last_day = [], None
    for claim in claims:
        date = date_of(claim.verb, claim_verbs, reference) if claim.verb is not None else None
        if date is not None and date.value is None and last_day and SAME_DAY.search(date.text):
            # "Earlier the same day": the day of the last dated event before it.
            date = replace(date, value=last_day, granularity="day")
        if date is not None and date.granularity == "day":
            last_day = date.value
        dated.append(replace(claim, date=date) if date is not None else claim)
    return dated


def date_of(verb: Token, claim_verbs: set, reference: Optional[datetime.date]) -> Optional[DateRef]:
    """The DATE entity the verb governs; else one its coordinated verb governs ("declared ... on
    Thursday and expressed ..."): the text supports that inheritance, a mere sentence neighbour not."""
    own = _governed_date(verb, claim_verbs)
    scope = "clause"
    if own is None and verb.dep_ == "conj":
        own = _governed_date(verb.head, claim_verbs)
        scope = "sentence"
    if own is None:
        return None
    resolved = resolve_date(own.text, reference, past=verb.tag_ in PAST_TAGS or verb.tag_ == "VBG")
    if resolved.value is None and DURATION.match(own.text):
        return None  # "two days after ...", "48 hours": a length of time, not when it happened
    return DateRef.of(source_text(verb.doc), own.start_char, own.end_char, value=resolved.value,
                      granularity=resolved.granularity, scope=scope)


def _governed_date(verb: Token, claim_verbs: set):
    for ent in sentence_entities(verb.sent):
        if ent.label_ != "DATE":
            continue
        node = ent.root
        while node.head.i != node.i and node.i not in claim_verbs and node.pos_ not in ("VERB", "AUX"):
            node = node.head
        if node.i == verb.i:
            return ent
    return None


def same_event_dates(claims: Sequence[ClaimDraft], group_by: str) -> List[ClaimDraft]:
    """An event without a date takes the day of the same event named elsewhere, when the other
    mentions agree on one day."""
    claims = list(claims)
    for i, claim in enumerate(claims):
        if claim.type != "event" or claim.date is not None or claim.mode is None:
            continue
        days = {other.date.value: other for j, other in enumerate(claims)
                if j != i and other.date is not None and other.date.granularity == "day"
                and _same_event(claim, other, group_by)}
        if len(days) == 1:
            source = next(iter(days.values())).date
            claims[i] = replace(claim, date=DateRef(source.text, source.start, source.end,
                                                    value=source.value, granularity="day",
                                                    scope="event"))
    return claims


def _same_event(a: ClaimDraft, b: ClaimDraft, group_by: str) -> bool:
    target = _target_party(a)
    return (b.type == "event" and a.category == b.category
            and a.mode == b.mode and a.negated == b.negated
            and {k for k, _ in filed_parties(a, group_by)} == {k for k, _ in filed_parties(b, group_by)}
            and target is not None and target == _target_party(b))


def _target_party(claim: ClaimDraft) -> Optional[str]:
    return claim.target_party.name if claim.target is not None and claim.target_party else None


def dates_after_events(claims: Sequence[ClaimDraft]) -> Tuple[ClaimDraft, ...]:
    """"Spoke two days after Baku expelled ...": the anchor event's day plus the span."""
    claims = list(claims)
    by_verb: Dict[int, int] = {c.verb.i: i for i, c in enumerate(claims) if c.verb is not None}
    for i, claim in enumerate(claims):
        if claim.verb is None or claim.date is not None:
            continue
        for anchor in claim.verb.children:
            j = by_verb.get(anchor.i)
            shifted = _shifted_date(claim.verb, anchor, claims[j] if j is not None else None)
            if shifted is not None:
                claims[i] = replace(claim, date=shifted)
                break
    return tuple(claims)


def _shifted_date(verb: Token, anchor: Token, anchor_claim: Optional[ClaimDraft]) -> Optional[DateRef]:
    if anchor.dep_ != "advcl" or anchor_claim is None or anchor_claim.date is None \
            or anchor_claim.date.granularity != "day" or anchor_claim.date.value is None:
        return None
    mark = next((c for c in anchor.children if c.dep_ == "mark"
                 and c.lower_ in TIME_SHIFT_MARKS), None)
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
