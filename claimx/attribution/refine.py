"""Rules propose, the model decides and bounds: the statements of one document, re-read.

Given the Doc and the claims the rules found (claimx.claims.find), the model
- decides, for every rule cue and every word that headed cues in the train split, whether it is
  a cue here;
- for each cue, chooses the cue's extent, its source and its content;
- keeps the rules' reading of what a statement is (class, mode, negation, target) where the
  rules made one, turns an event the model reads as a statement into one, and drops rule
  statements it rejects (an event verb among them is an event again).
"""

import sys
from bisect import bisect_right
from contextlib import contextmanager
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from spacy.tokens import Doc, Token

import claimx.attribution.features as F
from claimx.attribution.model import Attribution, AttributionModel, confidence, shipped_model
from claimx.attribution.rules import rule_head, rules_by_head
from claimx.attribution.view import DocView
from claimx.claims.events import event_from_verb
from claimx.claims.parts import actor_span
from claimx.claims.quotations import QuoteIndex
from claimx.claims.statements import lemma_of, match_verb
from claimx.drafts import ClaimDraft
from claimx.records import Content, TextSpan
from claimx.text.chrome import PageLayout
from claimx.text.syntax import is_negated

Claims = Tuple[ClaimDraft, ...]
# Share of a document's tokens whose dependency label the model never saw in training: above it,
# the parse follows another scheme (Universal Dependencies' "obj", "root") and the model's
# features mean nothing.
MAX_UNKNOWN_LABELS = 0.02
# Words in a sentence above which the model leaves it to the rules: each cue's candidates span
# its sentence, so the cost grows with the square of its length. One train sentence in 8,000 is
# longer; past this the "sentence" is a list or a parse gone wrong.
MAX_SENTENCE_TOKENS = 150
_warned: List[bool] = []
_override: List[Optional[AttributionModel]] = [None]


@contextmanager
def using_model(model: Optional[AttributionModel]):
    """Extraction with another model (training and evaluation); None: the rules alone."""
    _override.append(model)
    try:
        yield
    finally:
        _override.pop()


def active_model() -> Optional[AttributionModel]:
    return _override[-1] if len(_override) > 1 else shipped_model()


def refine_statements(doc: Doc, layout: PageLayout, quotes: QuoteIndex, found: Claims) -> Claims:
    """The claims found by the rules with their statements re-read by the model (see the module
    docstring), in text order; found as it is where no model ships or the Doc's parse is not
    one the model can read."""
    model = active_model()
    if model is None or not len(doc):
        return found
    if not doc.has_annotation("DEP"):
        warn_once("this spaCy pipeline does not parse")
        return found
    view = DocView(doc, quotes)
    unknown = sum(1 for label in view.dep if label not in model.labels)
    if unknown > MAX_UNKNOWN_LABELS * view.n:
        warn_once("this spaCy pipeline's parse does not use the dependency labels the attribution "
                  "model was trained on (English ClearNLP labels, as in en_core_web_*)")
        return found
    refined = [c for c in Refiner(model, view, found).run()
               if not layout.is_chrome(c.cue.start, c.cue.end)]
    refined.sort(key=lambda c: c.cue.start)
    return tuple(refined)


def warn_once(why: str) -> None:
    if not _warned:
        _warned.append(True)
        print(f"claimx: {why}; statements come from the rules alone", file=sys.stderr)


class Refiner:
    def __init__(self, model: AttributionModel, view: DocView, found: Sequence[ClaimDraft]):
        self.model = model
        self.view = view
        self.found = found
        self.rules = rules_by_head(view, found)
        self.nested = nested_positions(self.rules)
        self.subjects: Dict[int, Optional[int]] = {}
        self.actors: Dict[Tuple[int, int], tuple] = {}

    def detect(self) -> Dict[int, float]:
        """Each candidate head with the model's probability that it is a cue."""
        view = self.view
        heads = [h for h in self.model.candidates(view, self.rules) if self.sentence_length(h) <= MAX_SENTENCE_TOKENS]
        rows = [F.cue_features(view, h, self.rule(h), self.subject(h), h in self.nested) for h in heads]
        return dict(zip(heads, self.model.cue_probabilities(rows)))

    def sentence_length(self, h: int) -> int:
        start, end = self.view.sents[self.view.sent[h]]
        return end - start

    def rule(self, h: int) -> F.RuleView:
        known = self.rules.get(h)
        return known[0] if known is not None else F.RuleView()

    def subject(self, h: int) -> Optional[int]:
        if h not in self.subjects:
            self.subjects[h] = self.view.subject_of(h)
        return self.subjects[h]

    def actor(self, source: int, cue_start: int) -> tuple:
        """actor_span of a source head: asked for the anchor's source words, then again for
        the claim's actor."""
        key = (source, cue_start)
        if key not in self.actors:
            self.actors[key] = actor_span(self.view.text, self.view.doc[source], cue_start)
        return self.actors[key]

    def anchor(self, h: int, model: Optional[AttributionModel] = None) -> F.Anchor:
        """The cue headed by h with the extent and source the model chooses."""
        view, model = self.view, model or self.model
        anchor = F.Anchor.at(view, h, self.rule(h))
        anchor.cue = model.cue_extent(view, anchor)
        anchor.source_head = model.source(view, anchor, self.subject(h))
        if anchor.source_head >= 0:
            span, _heads = self.actor(anchor.source_head, anchor.cue[0])
            if span is not None:
                anchor.source = frozenset(view.words_in(span.start, span.end))
        return anchor

    def read(self, anchor: F.Anchor, cue_heads: List[int], probability: float) -> Optional[Attribution]:
        """The content of a cue whose extent and source are chosen (probability: the cue's)."""
        view, model = self.view, self.model
        found = model.content(view, anchor, cue_heads)
        if found is None or not self.firm(probability, *found):
            return None
        bounds = found[0]
        runs = model.content_runs(view, anchor, bounds)
        # A content says something: "than" of "rose faster than expected" is no content.
        if not any(view.pos[t] in CONTENT_WORDS for a, b in runs for t in range(a, b + 1)):
            return None
        return Attribution(anchor.h, anchor.cue, anchor.source_head, runs)

    def run(self) -> List[ClaimDraft]:
        settings = self.model.settings
        probabilities = self.detect()
        accepted = sorted(h for h, p in probabilities.items()
                          if p >= (settings["keep_rule"] if self.is_rule_statement(h) else settings["add"]))
        # An event of a material class stays an event: "protested", "expelled" are deeds here.
        accepted = [h for h in accepted if not (h in self.rules and self.rules[h][1].type == "event"
                                                and self.rules[h][1].category in MATERIAL)]
        # Most likely first; a head inside a cue already read is part of it ("went on to
        # discuss", "could not resist pointing out"), not a cue of its own.
        anchors: Dict[int, F.Anchor] = {}
        absorbed: Dict[int, List[int]] = {}
        held_by: Dict[int, int] = {}  # each token of a cue read so far -> that cue's head
        for h in sorted(accepted, key=lambda h: -probabilities[h]):
            holder = held_by.get(h)
            if holder is not None:
                absorbed.setdefault(holder, []).append(h)
                continue
            anchor = self.anchor(h)
            first, last = anchor.cue
            inside = [k for k in range(first, last + 1) if k in anchors]
            if inside:
                absorbed.setdefault(inside[0], []).append(h)
                continue
            anchors[h] = anchor
            held_by.update((t, h) for t in range(first, last + 1))
        claims: Dict[int, ClaimDraft] = {}
        cue_heads = sorted(set(anchors) | self.statement_heads())
        for h in sorted(anchors):
            attribution = self.read(anchors[h], cue_heads, probabilities[h])
            if attribution is not None:
                claims[h] = self.statement(attribution, absorbed.get(h, []))
        # A rule statement inside the content of one the model made is reported there: the
        # corpus annotates only the outermost attribution, so the model has learned nothing
        # about it and the rules' reading stands.
        inside_contents = Intervals((c.content.start, c.content.end) for c in claims.values())
        out: List[ClaimDraft] = []
        for claim in self.found:
            h = rule_head(self.view, claim)
            if h in claims:
                out.append(claims.pop(h))
            elif h is None or h not in probabilities or claim.type == "event" \
                    or claim.cue.start in inside_contents:
                # a speaker marked by punctuation, an event, a statement reported inside another
                out.append(claim)
            elif claim.verb is not None:
                event = self.event_instead(claim.verb)
                if event is not None:
                    out.append(event)
        return out + list(claims.values())  # and the cues the rules did not find

    def firm(self, probability: float, bounds: Tuple[int, int], shortlists) -> bool:
        """A cue the model is not sure of counts only with a content whose bounds it is sure
        of: the two doubts together are mostly a wrong reading (settings firm_cue and
        firm_content, chosen on dev; a model without them reports every content)."""
        settings = self.model.settings
        return probability >= settings.get("firm_cue", 0.0) or \
            confidence(shortlists, bounds) >= settings.get("firm_content", 0.0)

    def statement_heads(self) -> set:
        """Heads of the rules' statements: where another content is likely to stop."""
        return {h for h, (_rule, claim) in self.rules.items() if claim.type == "statement"}

    def is_rule_statement(self, h: int) -> bool:
        known = self.rules.get(h)
        return known is not None and known[1].type == "statement"

    def statement(self, attribution: Attribution, absorbed: Sequence[int] = ()) -> ClaimDraft:
        view, h = self.view, attribution.h
        text, doc = view.text, view.doc
        known = self.rules.get(h)
        rule_claim = known[1] if known is not None else None
        # "issued a declaration demanding ...": the statement is a demand, as the rules read
        # the word its cue took in.
        inner = [self.rules[k][1] for k in absorbed if k in self.rules and self.rules[k][1].type == "statement"
                 and self.rules[k][1].category not in (None, "STATEMENT")]
        if inner and (rule_claim is None or rule_claim.category in (None, "STATEMENT")):
            rule_claim = inner[0]
        cue = TextSpan.of(text, view.idx[attribution.cue[0]], view.end[attribution.cue[1]])
        actor, heads = None, ()
        if attribution.source >= 0:
            actor, heads = self.actor(attribution.source, attribution.cue[0])
        pieces = [whole_quotation(view, view.idx[a], view.end[b]) for a, b in attribution.content]
        direct = all(quoted for _, _, quoted in pieces)
        pieces = [(start, end) for start, end, _ in pieces]
        fragments = [TextSpan.of(text, s, e) for s, e in pieces] if len(pieces) > 1 else []
        content = Content.of(text, pieces[0][0], pieces[-1][1], direct=direct, fragments=fragments)
        found = dict(type="statement", cue=cue, actor=actor, actor_heads=heads, content=content,
                     sentence=view.sentence_span(view.sent[h]))
        if rule_claim is not None:
            # The rules' reading of what is said (class, mode, negation, target) stands.
            return ClaimDraft(verb=rule_claim.verb, lemma=rule_claim.lemma, category=rule_claim.category,
                              negated=rule_claim.negated, mode=rule_claim.mode, target=rule_claim.target,
                              target_head=rule_claim.target_head, **found)
        return ClaimDraft(verb=doc[h], lemma=lemma_of(doc[h]), category="STATEMENT",
                          negated=is_negated(doc[h]), **found)

    def event_instead(self, token: Token) -> Optional[ClaimDraft]:
        """A rejected statement whose verb also names an event ("declared") is that event."""
        matched = match_verb(token)
        if matched is None or matched[0].kind == "speech":
            return None
        return event_from_verb(token, *matched)


class Intervals:
    """The union of character ranges [start, end), for membership by bisection (a long text has
    thousands of contents)."""

    def __init__(self, ranges: Iterable[Tuple[int, int]]):
        merged: List[List[int]] = []
        for start, end in sorted(ranges):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self.starts = [start for start, _ in merged]
        self.ends = [end for _, end in merged]

    def __contains__(self, pos: int) -> bool:
        i = bisect_right(self.starts, pos) - 1
        return i >= 0 and pos < self.ends[i]


# Word classes that carry what a content says (a content of only function words is none).
CONTENT_WORDS = {"NOUN", "PROPN", "PRON", "DET", "VERB", "AUX", "ADJ", "ADV", "NUM", "X", "INTJ"}
# PLOVER classes of deeds rather than words.
MATERIAL = {"AID", "RETREAT", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
QUOTE_EDGE = set("\"'“”‘’«»„ ") | {","}


def whole_quotation(view: DocView, start: int, end: int) -> Tuple[int, int, bool]:
    """A piece with the quotation marks around its words, as the rules give a quote
    ('“We will not sign,”', 'The rebels are "terrorists"'), and whether it is all quotation."""
    text, quotes = view.text, view.quotes
    first, last = quotes.containing(start), quotes.containing(end - 1)
    if first is not None and all(c in QUOTE_EDGE for c in text[quotes.quotes[first].start:start]):
        start = quotes.quotes[first].start
    else:
        first = None
    if last is not None and all(c in QUOTE_EDGE or c in ".!?…;:" for c in text[end:quotes.quotes[last].end]):
        end = max(end, quotes.quotes[last].end)
    else:
        last = None
    # One quotation, or one that runs on over paragraph breaks (claimx.text.quotation_marks).
    one = first is not None and last is not None and quotes.chain_end(first) >= quotes.quotes[last].end
    return start, end, one


def nested_positions(rules) -> set:
    """Tokens inside the content of a rule statement (other than their own)."""
    inside = set()
    for h, (rule, claim) in rules.items():
        if claim.type == "statement" and rule.content is not None:
            inside.update(i for i in range(rule.content[0], rule.content[1] + 1) if i != h)
    return inside
