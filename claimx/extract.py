"""Doc -> claims -> DocumentResult. Pure functions: no I/O, no Click."""

import datetime
import re
from dataclasses import replace
from typing import List, Optional, Tuple

from spacy.tokens import Doc, Token

from claimx.text.chrome import PageLayout, read_layout
from claimx.dates.expressions import resolve_date
from claimx.dates.claim_dates import dates_after_events, same_event_dates
from claimx.claims.events import event_from_verb, has_condition, object_class
from claimx.claims.verbs import NO_EVENT_CLASS, is_light_verb
from claimx.claims.marked_speakers import find_marked_speakers
from claimx.claims.modality import modality_of
from claimx.actors.parties import group_into_parties
from claimx.claims.quotations import QuoteIndex
from claimx.text.quotes import find_quotes
from claimx.records import Claim, DateRef, DocumentResult
from claimx.claims.refinements import (
    aim_at_whom_it_concerns,
    mark_demand,
    mark_promises,
    mark_refusal,
    target_from_content,
)
from claimx.claims.statements import (
    find_according_to,
    match_verb,
    reports_a_clause,
    statement_from_verb,
    structural_cue,
)
from claimx.text.syntax import forget_entities, sentence_entities, source_text

PAST_TAGS = {"VBD", "VBN"}
DURATION = re.compile(r"^(about |some |nearly |almost |more than |at least )?(\d+|a|an|one|two|three|four|"
                      r"five|six|seven|eight|nine|ten|several|few|many|a few)\s+(hours?|days?|weeks?|"
                      r"months?|years?|decades?|centuries)$|^(decades|years|months|weeks|days|hours)$",
                      re.IGNORECASE)
SAME_DAY = re.compile(r"\b(same|that) day\b", re.IGNORECASE)


def find_claims(doc: Doc, layout: Optional[PageLayout] = None) -> List[Tuple[Optional[Token], Claim]]:
    """Every claim of the document with the verb that carries it (None for "according to")."""
    text = source_text(doc)
    layout = layout or read_layout(text)
    quotes = QuoteIndex(find_quotes(text))
    found: List[Tuple[Optional[Token], Claim]] = []
    for token in doc:
        matched = match_verb(token)
        if matched is None:
            continue
        entry, particle = matched
        claim = None
        if entry.kind != "event" and is_light_verb(entry.lemma) and object_class(token):
            # "Italy announced a suspension of air links": the announcement is the event
            claim = event_from_verb(token, replace(entry, kind="event", cls=NO_EVENT_CLASS), particle)
        if claim is None and entry.kind != "event":
            claim = statement_from_verb(token, entry, particle, quotes)
        if claim is None and entry.kind != "speech":
            claim = event_from_verb(token, entry, particle)
        if claim is None and entry.kind == "event" and reports_a_clause(token):
            # "She continued: 'We ...'": an event verb used as a speech verb
            claim = statement_from_verb(token, structural_cue(token), None, quotes)
        if claim is not None:
            found.append((token, claim))
    found += [(None, claim) for claim in find_according_to(doc, quotes)]
    found += [(None, claim) for claim in find_marked_speakers(doc, quotes)]
    found = [(t, c) for t, c in found if not layout.is_chrome(c.action.start, c.action.end)]
    found.sort(key=lambda tc: tc[1].action.start)
    return found


def is_nested(claim: Claim, claims: List[Claim]) -> bool:
    """Inside the content of another statement: reported by someone, not asserted by the text."""
    return reporting_statement(claim, claims) is not None


def reporting_statement(claim: Claim, claims: List[Claim]) -> Optional[Claim]:
    """The statement whose content holds the claim (the innermost, if contents nest)."""
    holders = [other for other in claims if other is not claim and other.content is not None
               and other.content.start <= claim.action.start < other.content.end]
    return min(holders, key=lambda o: o.content.end - o.content.start) if holders else None


def number_claims(claims: List[Claim]) -> None:
    """Each claim's id in text order; a reported claim's `within` is its statement's id."""
    for number, claim in enumerate(claims):
        claim.id = number
    for claim in claims:
        holder = reporting_statement(claim, claims)
        claim.within = holder.id if holder is not None else None


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


def build_result(doc: Doc, source: str, reference: Optional[datetime.date] = None,
                 reference_source: Optional[str] = None, group_by: str = "country") -> DocumentResult:
    text = source_text(doc)
    layout = read_layout(text)
    found = find_claims(doc, layout)
    claims = [c for _, c in found]
    claim_verbs = {t.i for t, _ in found if t is not None}
    last_day = None
    for verb, claim in found:
        if verb is None:
            continue
        claim.action.modality = modality_of(verb, reported=is_nested(claim, claims))
        claim.date = date_of(verb, claim_verbs, reference)
        if claim.date is not None and claim.date.value is None and last_day \
                and SAME_DAY.search(claim.date.text):
            # "Earlier the same day": the day of the last dated event before it.
            claim.date.value, claim.date.granularity = last_day, "day"
        if claim.date is not None and claim.date.granularity == "day":
            last_day = claim.date.value
    for verb, claim in found:
        if verb is not None:
            mark_demand(verb, claim)
            mark_refusal(verb, claim)
            aim_at_whom_it_concerns(verb, claim)
    title = text[layout.title[0]:layout.title[1]] if layout.title else None
    parties = group_into_parties(doc, claims, layout.is_chrome, group_by)
    # "will withdraw ... unless": a threat; "would meet X if ...": still an offer
    mark_promises(claims, {id(c) for v, c in found
                           if v is not None and has_condition(v, ("unless",))})
    target_from_content(claims)
    same_event_dates(claims)
    dates_after_events(found)
    number_claims(claims)
    forget_entities()
    return DocumentResult(
        source=source,
        title=title,
        reference_date=reference.isoformat() if reference else None,
        reference_date_source=reference_source if reference else None,
        parties=parties,
    )
