"""The first stage: every claim the text makes, in text order, as its clause gives it.

A verb from the lexicon (claimx.claims.verbs) makes a statement when it has a content
(claimx.claims.statements), else an event when it names an actor or a target
(claimx.claims.events); "according to X" and speakers marked by a dash or a colon make
statements too. Claims in page chrome (menus, headlines) are dropped.
"""

from dataclasses import replace
from typing import List, Optional, Tuple

from spacy.tokens import Doc, Token

from claimx.claims.events import event_from_verb, object_class
from claimx.claims.marked_speakers import find_marked_speakers
from claimx.claims.noun_events import find_noun_events
from claimx.claims.quotations import QuoteIndex
from claimx.claims.statements import (
    find_according_to,
    match_verb,
    may_be_cue_verbs,
    reports_a_clause,
    statement_from_verb,
    structural_cue,
)
from claimx.claims.verbs import NO_EVENT_CLASS, is_light_verb
from claimx.drafts import ClaimDraft
from claimx.text.chrome import PageLayout
from claimx.text.quotation_marks import find_quotes


def find_claims(doc: Doc, text: str, layout: PageLayout,
                quotes: Optional[QuoteIndex] = None) -> Tuple[ClaimDraft, ...]:
    """Every claim of the document, sorted by where its cue starts (quotes: the text's
    quotations, if already paired)."""
    quotes = quotes or QuoteIndex(find_quotes(text))
    verbs = (claim_of_verb(doc[i], quotes) for i in may_be_cue_verbs(doc))
    found: List[ClaimDraft] = [c for c in verbs if c is not None]
    found += find_noun_events(doc, {c.verb.i for c in found})  # "Israel's invasion of X"
    found += find_according_to(doc, quotes)
    found += find_marked_speakers(doc, quotes)
    found = [c for c in found if not layout.is_chrome(c.cue.start, c.cue.end)]
    found.sort(key=lambda c: c.cue.start)
    return tuple(found)


def claim_of_verb(token: Token, quotes: QuoteIndex) -> Optional[ClaimDraft]:
    """The claim a verb makes, if any; the order of the readings matters (first one wins)."""
    matched = match_verb(token)
    if matched is None:
        return None
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
    return claim
