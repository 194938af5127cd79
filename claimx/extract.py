"""Doc -> claims -> DocumentResult. Pure functions: no I/O, no Click."""

import datetime
import re
from typing import List, Optional, Tuple

from spacy.tokens import Doc, Token

from claimx.chrome import PageLayout, read_layout
from claimx.dates import resolve_date
from claimx.event_dates import dates_after_events, same_event_dates
from claimx.events import condition_subject, event_from_verb, has_condition, named_target_below
from claimx.marked_speakers import find_marked_speakers
from claimx.modality import modality_of
from claimx.parties import UNKNOWN, group_into_parties, party_key
from claimx.quoted_content import QuoteIndex
from claimx.quotes import find_quotes
from claimx.records import Claim, DateRef, DocumentResult, Target
from claimx.statements import (
    find_according_to,
    match_verb,
    reports_a_clause,
    statement_from_verb,
    structural_cue,
)
from claimx.syntax import (
    char_span,
    forget_entities,
    names_an_actor,
    noun_phrase,
    sentence_entities,
    source_text,
)

PAST_TAGS = {"VBD", "VBN"}
UNKNOWN_PARTY = party_key(UNKNOWN)
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
        if entry.kind != "event":
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


# What a party says it will do to others that is a threat, not a promise ("said they would
# boycott all contact with X", "will blockade the capital").
HOSTILE_CLASSES = {"SANCTION", "COERCE", "ASSAULT", "PROTEST", "MOBILIZE", "THREATEN"}


def mark_promises(claims: List[Claim], conditional: set) -> None:
    """A statement that its own party will do something is a commitment, of the class PLOVER
    gives it: a threat when the deed is hostile or made conditional ("will withdraw its
    peacekeepers unless ..."), a refusal when it is negated ("will not accept more refugees"),
    else a promise, AGREE ("said it will support the resolution"). It is aimed at the deed's
    target; the future event keeps its own class. conditional: ids of claims whose verb has an
    if/unless clause."""
    for statement in claims:
        if statement.type != "statement" or statement.action.category != "STATEMENT" \
                or statement.content is None:
            continue
        pieces = statement.content.fragments or [statement.content]
        for event in claims:
            if event is not statement and event.action.modality == "future" \
                    and set(event.party_keys) & set(statement.party_keys) - {UNKNOWN_PARTY} \
                    and any(p.start <= event.action.start < p.end for p in pieces):
                if event.action.negated:
                    statement.action.category = "REJECT"
                elif event.action.category in HOSTILE_CLASSES or id(event) in conditional:
                    statement.action.category = "THREATEN"
                else:
                    statement.action.category = "AGREE"
                if statement.target is None:
                    statement.target = event.target  # what was promised is done to them
                break


# Statements about doing something to someone: "threatened to ban opposition candidates" is a
# threat against them, "refused to release the prisoners" a rejection of them.
TARGET_FROM_CONTENT = {"THREATEN", "REQUEST", "REJECT", "AGREE", "CONCEDE"}


def target_from_content(claims: List[Claim]) -> None:
    """A threat, demand, refusal or offer with no target of its own takes the target of the
    first event its content holds."""
    for statement in claims:
        if statement.type != "statement" or statement.target is not None \
                or statement.action.category not in TARGET_FROM_CONTENT or statement.content is None:
            continue
        pieces = statement.content.fragments or [statement.content]
        statement.target = next((e.target for e in claims if e.type == "event"
                                 and e.target is not None
                                 and any(p.start <= e.action.start < p.end for p in pieces)), None)


OBLIGATION_AUX = {"must", "should"}
SPEAKER_SIDE = {"we", "i", "us", "it", "they", "he", "she"}


def mark_demand(verb: Token, claim: Claim) -> None:
    """"Russia said Sudan must return the helicopter": saying what another party must do is a
    demand of it, PLOVER's REQUEST, aimed at that party. "We must ..." is not."""
    if claim.type != "statement" or claim.action.category != "STATEMENT":
        return
    for clause in (c for c in verb.children if c.dep_ == "ccomp"):
        if not any(a.dep_ == "aux" and a.lower_ in OBLIGATION_AUX for a in clause.children):
            continue
        subject = next((c for c in clause.children if c.dep_ == "nsubj"), None)
        if subject is None or subject.lower_ in SPEAKER_SIDE or not names_an_actor(subject):
            continue
        span = char_span(noun_phrase(subject))
        if span:
            claim.action.category = "REQUEST"
            claim.target, claim.target_head = Target.of(source_text(verb.doc), *span), subject.i
        return


# Events whose target, when they name none, is the country they take place in ("demonstrated
# in Serbia"); a meeting or an agreement in Geneva is not aimed at Switzerland.
PLACE_TARGET_CLASSES = {"PROTEST", "ASSAULT", "COERCE", "MOBILIZE", "SANCTION"}


def aim_at_whom_it_concerns(verb: Token, claim: Claim) -> None:
    """A claim whose target names no actor looks further for one:
    - a threat, at whom its condition is put to ("threatened to halt the talks if the United
      States ...");
    - a threat, demand, refusal or offer, at the target of the clause it governs ("threatened to
      deliver blows to the United States");
    - a protest, at the target of its purpose ("went on strike to demand the resignation of X");
    - an event with no target at all, at the country it took place in ("rioted in Serbia")."""
    if claim.target_head is not None and names_an_actor(verb.doc[claim.target_head]):
        return
    category = claim.action.category
    found = None
    if category == "THREATEN":
        found = condition_subject(verb)
    if found is None and claim.type == "statement" and category in TARGET_FROM_CONTENT:
        found = named_target_below(verb)
    if found is None and category == "PROTEST":
        found = named_target_below(verb, ("advcl", "xcomp"))
    if found is None and claim.target is None and category in PLACE_TARGET_CLASSES:
        found = place_of(verb)
    if found is not None:
        span = char_span(noun_phrase(found))
        if span:
            claim.target, claim.target_head = Target.of(source_text(verb.doc), *span), found.i


def place_of(verb: Token) -> Optional[Token]:
    """The country or city an event took place in: the object of its "in" ("in Serbia")."""
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ == "in":
            for obj in prep.children:
                if obj.dep_ == "pobj" and obj.ent_type_ == "GPE":
                    return obj
    return None


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
            aim_at_whom_it_concerns(verb, claim)
    title = text[layout.title[0]:layout.title[1]] if layout.title else None
    parties = group_into_parties(doc, claims, layout.is_chrome, group_by)
    mark_promises(claims, {id(c) for v, c in found if v is not None and has_condition(v)})
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
