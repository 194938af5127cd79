"""Statements: who said, claimed, believed or wanted what.

Three kinds of cue, each found on the dependency parse of one sentence:
- a speech or cognition verb from models/verbs.tsv ("said", "told reporters that", "pointed out");
  its content is its clausal complement, the clause it interrupts ("..., he said, ..."), its
  object for verbs that announce things, or the quotation that follows it;
- "according to X": X is the source, the rest of the clause is the content;
- a content that sits inside a quotation takes the whole quotation (claimx.claims.quotations).
Speakers marked by a dash or a colon instead of a verb are in claimx.claims.marked_speakers.
"""

from typing import Iterator, List, Optional, Tuple

from spacy.attrs import DEP, LOWER, POS
from spacy.tokens import Doc, Token

from claimx.assets import load_table
from claimx.claims.cameo import fallback_verb
from claimx.claims.events import phrase_of_verb
from claimx.claims.parts import actor_span, cue_tokens, entry_lemma
from claimx.claims.quotations import (
    QuoteIndex,
    adjacent_quotes,
    merge_ranges,
    quotation_after,
    quoted_sequel,
    widen_to_quotes,
)
from claimx.claims.targets import ADDRESSEE_VERBS, addressee
from claimx.claims.verbs import (
    NO_EVENT_CLASS,
    VerbEntry,
    verb_entries,
    verbs_with_role,
)
from claimx.drafts import ClaimDraft
from claimx.records import Content, TextSpan
from claimx.text.document import source_text
from claimx.text.function_words import (
    EXPLETIVES,
    FILLERS,
    SPEAKER_PRONOUNS,
    prepositions,
)
from claimx.text.syntax import (
    ACTOR_ENTITIES,
    char_span,
    has_label,
    indexes,
    is_negated,
    noun_phrase,
    sentence_span,
    subject_of,
    subtree_tokens,
)

CLAUSE_DEPS = ("ccomp", "xcomp", "parataxis")
TOPIC_PREPS = prepositions("topic")
# What follows an object and belongs with it: "accused X of Y", "described X as Y", "called X Y".
OBJECT_PARTS = {"dobj", "prep", "oprd", "xcomp", "acomp", "attr", "dative"}
# Prepositions that complete what is said of an object ("accused X of Y", "described X as Y"),
# unlike circumstances ("rejected the argument in a ruling on Thursday").
OBJECT_PREPS = prepositions("object")


# Lemmas the small model gets wrong, by the word as written: "staged" is not a form of "stag".
LEMMA_FIXES = {row["word"]: row["lemma"] for row in load_table("lemma_fixes.tsv")}


def lemma_of(token: Token) -> str:
    return LEMMA_FIXES.get(token.lower_) or token.lemma_.lower()


# Verb tokens that are no cue: an auxiliary, or a verb used as an adjective ("so-called",
# "the announced plan").
VERB_POS = ("VERB", "AUX")
NOT_CUE_DEPS = ("aux", "amod", "compound")


def may_be_cue_verbs(doc: Doc) -> List[int]:
    """The indexes of the tokens match_verb may take: all others it refuses at once."""
    return indexes(has_label(doc, POS, VERB_POS) & ~has_label(doc, DEP, NOT_CUE_DEPS))


def match_verb(token: Token) -> Optional[Tuple[VerbEntry, Optional[Token]]]:
    """The lexicon entry for a verb token, with the particle token that completes it, if any."""
    if token.pos_ not in VERB_POS or token.dep_ in NOT_CUE_DEPS:
        return None
    entries = verb_entries().get(lemma_of(token))
    if not entries:
        if reports_a_clause(token):
            return structural_cue(token), None
        return fallback_verb(token)  # CAMEO's event verbs, where claimx's lexicon has none
    for entry in entries:
        if not entry.particle:
            return entry, None
        for child in token.children:
            if child.lower_ == entry.particle and child.dep_ in ("prt", "prep") and child.i > token.i:
                return entry, child
    # Only "turn down" is in the lexicon, and this "turn" has no "down".
    return (structural_cue(token), None) if reports_a_clause(token) else None


# Verbs that state a view without naming whose it is ("X seems to be Y", "X appears ready").
RAISING_VERBS = verbs_with_role("raising")


def reports_a_clause(verb: Token) -> bool:
    """A verb outside the lexicon that still reads as a speech act: a speaker (a person,
    organisation or country, or a personal pronoun) as subject and a finite clause as object
    ("Smith insinuated that ...")."""
    if verb.lemma_.lower() in verbs_with_role("poor_cue"):
        return False
    speaker = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if speaker is None or not (speaker.ent_type_ in ACTOR_ENTITIES or speaker.lower_ in SPEAKER_PRONOUNS):
        return False
    return any(c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX") and c.i > verb.i
               and any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children) for c in verb.children)


def structural_cue(verb: Token) -> VerbEntry:
    return VerbEntry(verb.lemma_.lower(), "", "speech", "STATEMENT", None)


Pieces = List[Tuple[int, int]]


def verb_content(verb: Token, entry: VerbEntry, particle: Optional[Token]) -> Pieces:
    """Content pieces (character ranges) of a speech verb, from the parse alone: those of the
    first of CONTENT_RULES that applies (a rule returns None when it does not)."""
    return next((pieces for pieces in (rule(verb, entry, particle) for rule in CONTENT_RULES)
                 if pieces is not None), [])


def reported_clauses(verb: Token, entry: VerbEntry, particle: Optional[Token]) -> Optional[Pieces]:
    """"said that ...", "wants to leave", "urged Iran to release them" (what is asked is the
    object with its infinitive)."""
    clauses = [c for c in verb.children if c.dep_ in CLAUSE_DEPS or c.dep_ == "advcl"
               and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)]
    if entry.kind == "both":
        # "declared that ..." is a statement, "declared four diplomats persona non grata" is not.
        clauses = [c for c in clauses if c.pos_ in ("VERB", "AUX")
                   and any(g.dep_ in ("nsubj", "nsubjpass", "mark", "aux") for g in c.children)]
    if not clauses:
        return None
    pieces = [char_span(clause_tokens(c)) for c in clauses]
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None and _prep_particle(particle):  # "called on X to Y"
        obj = next((c for c in particle.children if c.dep_ == "pobj"), None)
    if obj is not None and pieces[0] and clauses[0].dep_ == "xcomp" and obj.i < clauses[0].i:
        pieces[0] = (obj.left_edge.idx, pieces[0][1])
    return [r for r in pieces if r]


def particle_object(verb: Token, entry: VerbEntry, particle: Optional[Token]) -> Optional[Pieces]:
    """"called for new tariffs": what the verb's preposition introduces."""
    if not _prep_particle(particle):
        return None
    span = char_span(t for child in particle.children for t in child.subtree)
    return [span] if span else None


def object_said(verb: Token, entry: VerbEntry, particle: Optional[Token]) -> Optional[Pieces]:
    """"announced the arrest of six men", "accused Iran of siding with Armenia"; "the plan was
    first reported by the Post" (not with a preposition particle: that rule came first)."""
    if _prep_particle(particle):
        return None
    span = object_content(verb, entry) or passive_content(verb)
    return [span] if span else None


def parenthetical_cue(verb: Token, entry: VerbEntry, particle: Optional[Token]) -> Optional[Pieces]:
    """"The talks failed, he said.", "As the minister pointed out, ...": the cue parsed as a
    dependant of the clause it reports; in pieces around the cue ("Lenox was a juggernaut, [Mr.
    Clarke said,] until ...")."""
    head = verb.head
    # "As the minister pointed out, ..." (but not "as she called for reform": that has its own)
    as_clause = verb.dep_ == "advcl" and particle is None \
        and any(m.dep_ == "mark" and m.lower_ == "as" for m in verb.children) \
        and not any(c.dep_ in ("dobj", "prep") for c in verb.children)
    if verb.dep_ in ("parataxis", "ccomp", "advcl") and head.pos_ in ("VERB", "AUX") \
            and (head.i < verb.i or verb.dep_ == "parataxis" or as_clause) and verb.tag_ != "VBG" \
            and not _is_speech_cue(head):
        return _contiguous_pieces(subtree_tokens(head, exclude=[verb] + leading_adjuncts(head)))
    return None


def topic(verb: Token, entry: VerbEntry, particle: Optional[Token]) -> Optional[Pieces]:
    """"complained about his microphone", "responded to the charge"."""
    span = topic_content(verb, entry)
    return [span] if span else None


def _prep_particle(particle: Optional[Token]) -> bool:
    return particle is not None and particle.dep_ == "prep"


CONTENT_RULES = (reported_clauses, particle_object, object_said, parenthetical_cue, topic)


def leading_adjuncts(head: Token) -> List[Token]:
    """What opens a sentence before its subject and is no part of what was said: "But", "In
    addition,", "As it stands,", "During his years in office,"."""
    subject = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
    if subject is None:
        return []
    return [c for c in head.children if c.i < subject.left_edge.i
            and (c.dep_ == "cc" or c.dep_ in ("advmod", "prep", "advcl", "npadvmod", "intj")
                 and c.right_edge.i + 1 < len(head.doc) and head.doc[c.right_edge.i + 1].text == ",")]


def _is_speech_only_cue(token: Token) -> bool:
    matched = match_verb(token)
    return matched is not None and matched[0].kind == "speech"


def _is_speech_cue(token: Token) -> bool:
    """Whether the token is itself a speech cue: then a verb below it is what it reports, not
    the parenthetical cue of its clause ("the ministry said: 'the plan was agreed'")."""
    matched = match_verb(token)
    return matched is not None and matched[0].kind != "event"


def passive_content(verb: Token) -> Optional[Tuple[int, int]]:
    """"The plan was first reported by the Post": what was reported is the passive subject."""
    if not any(c.dep_ == "agent" for c in verb.children):
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    return char_span(subject.subtree) if subject is not None else None


def topic_content(verb: Token, entry: VerbEntry) -> Optional[Tuple[int, int]]:
    """"complained about his microphone", "responded to the charge": a speech verb's topic."""
    if entry.kind != "speech":
        return None
    prep = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ in TOPIC_PREPS
                 and c.i > verb.i), None)
    if prep is None:
        return None
    return char_span(t for child in prep.children for t in child.subtree)


def clause_tokens(clause: Token) -> List[Token]:
    """The reported clause, without a coordinated statement of the speaker's own that the parser
    hung inside it ("promised to keep supporting her and said she would ..."), and without a
    comment tacked on at its end (", which forced her to ...", ", contradicting ...")."""
    cut = [t for t in clause.subtree if t.dep_ == "conj" and t.i > clause.i
           and not any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children)
           and _is_speech_only_cue(t)]
    tail = trailing_comment(clause)
    if tail is not None:
        cut.append(tail)
    return subtree_tokens(clause, exclude=cut)


def trailing_comment(clause: Token) -> Optional[Token]:
    """A non-restrictive relative clause or participle that ends the clause after a comma."""
    last = clause.right_edge
    for token in clause.subtree:
        if token.dep_ in ("relcl", "advcl", "acl") and token.right_edge.i == last.i \
                and token.left_edge.i > clause.i and token.left_edge.i > 0 \
                and token.doc[token.left_edge.i - 1].text == "," \
                and (token.dep_ != "advcl" or token.tag_ == "VBG"):
            return token
    return None


def object_content(verb: Token, entry: VerbEntry) -> Optional[Tuple[int, int]]:
    """What a verb says of its object: "announced the arrest of six men", "accused Iran of
    siding with Armenia", "called the plan a disgrace", "endorsed Clinton in the race"."""
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None or entry.lemma in ADDRESSEE_VERBS or obj.pos_ == "PRON" and obj.lower_ != "what":
        return None
    parts = [c for c in verb.children if c.i >= obj.i and c.dep_ in OBJECT_PARTS
             and (c.dep_ != "prep" or c.lower_ in OBJECT_PREPS)]
    if obj.ent_type_ in ACTOR_ENTITIES and entry.kind == "speech" and len(parts) == 1:
        return None  # "mentioned Obama": a name alone says nothing
    return char_span(t for part in parts for t in part.subtree)


def linking_preposition(verb: Token, cue: List[Token], pieces) -> List[Token]:
    """The preposition between a cue and its content belongs to the cue ("complained about",
    "was first reported by", "warned against")."""
    doc = verb.doc
    after = cue[-1].i + 1
    if not pieces or after + 1 >= len(doc):
        return []
    prep = doc[after]
    if prep.head.i == verb.i and (prep.dep_ == "agent"
                                  or prep.dep_ == "prep" and doc[after + 1].idx == pieces[0][0]):
        return [prep]
    return []


def _phrase_end(token: Token) -> int:
    span = char_span(noun_phrase(token))
    return span[1] if span else token.idx + len(token.text)


SENTENCE_END = {".", "!", "?", "…"}


def make_content(text: str, pieces: List[Tuple[int, int]], direct: bool) -> Content:
    start, end = pieces[0][0], pieces[-1][1]
    fragments = [TextSpan.of(text, s, e) for s, e in pieces] if len(pieces) > 1 else []
    return Content.of(text, start, end, direct=direct, fragments=fragments)


def statement_from_verb(token: Token, entry: VerbEntry, particle: Optional[Token],
                        quotes: QuoteIndex) -> Optional[ClaimDraft]:
    """A statement claim when the verb has a content, else None (it may still be an event)."""
    text = source_text(token.doc)
    phrased = phrase_of_verb(token, entry) if entry.kind == "both" else None
    if phrased is not None and phrased[0] != entry.cls:
        return None  # "declared X persona non grata": an event phrase, not a statement
    if is_filler(token):
        return None
    if token.lemma_.lower() in RAISING_VERBS or is_passive_report(token):
        raised = raised_statement(token, entry, particle, quotes)
        if raised is not None:
            return raised
    subject = subject_of(token)
    if subject is None and any(c.lower_ == "to" and c.dep_ == "aux" for c in token.children):
        return None  # "plans to disclose the records": an intention, not yet a statement
    cue = cue_tokens(token, particle)
    pieces = verb_content(token, entry, particle)
    cue += linking_preposition(token, cue, pieces)
    cue_range = (cue[0].idx, cue[-1].idx + len(cue[-1].text))
    if not pieces:
        after = quotation_after(token.doc, cue[-1], quotes)
        pieces = [after] if after else []
    pieces, direct = widen_to_quotes(pieces, quotes, cue_range) if pieces else ([], True)
    # The quotations on either side of "she said" are what she said, even where the parser
    # put them in sentences of their own.
    # Only the cue's own subject frames it: "..., he said, adding that" borrows its subject.
    own = subject if subject is not None and subject.head.i == token.i else None
    frame = (min(cue_range[0], own.left_edge.idx if own is not None else cue_range[0]),
             max(cue_range[1], _phrase_end(own) if own is not None else cue_range[1]))
    pieces = merge_ranges(pieces + adjacent_quotes(text, frame, quotes, has_content=bool(pieces)))
    if not pieces:
        return None
    actor, heads = actor_span(text, subject, token.i)
    if quotes.ending_at(pieces[-1][1]) is not None:
        pieces += quoted_sequel(token.doc, max(pieces[-1][1], token.sent.end_char), quotes)
    target = addressee(token, entry, particle)
    return ClaimDraft(
        type="statement",
        verb=token,
        cue=TextSpan.of(text, cue[0].idx, cue[-1].idx + len(cue[-1].text)),
        lemma=entry_lemma(entry),
        category=statement_class(entry),
        negated=is_negated(token),
        mode=entry.mode,
        actor=actor,
        actor_heads=heads,
        content=make_content(text, pieces, direct),
        target=TextSpan.of(text, *char_span(noun_phrase(target))) if target is not None else None,
        target_head=target.i if target is not None else None,
        sentence=sentence_span(text, token.sent),
    )


def statement_class(entry: VerbEntry) -> str:
    """A verb whose event class depends on its object ("issued a warning") is a plain
    STATEMENT when it reports speech ("issued a statement saying ...")."""
    return "STATEMENT" if entry.cls == NO_EVENT_CLASS else entry.cls


def is_filler(verb: Token) -> bool:
    """"You know, ...", "I mean, ...": a turn of speech, not a statement."""
    doc = verb.doc
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return subject is not None and (subject.lower_, verb.lower_) in FILLERS \
        and verb.i + 1 < len(doc) and doc[verb.i + 1].text == ","


def is_passive_report(verb: Token) -> bool:
    """"The tribunal is expected to rule", "He is said to have left": a passive reporting verb
    with an infinitive and no agent names no source; it states its subject's prospect."""
    deps = {c.dep_ for c in verb.children}
    return "auxpass" in deps and "nsubjpass" in deps and "xcomp" in deps and "agent" not in deps


def raised_statement(token: Token, entry: VerbEntry, particle: Optional[Token],
                     quotes: QuoteIndex) -> Optional[ClaimDraft]:
    """"The plan seems to be failing": a view nobody is named for; what seems is the subject
    with its complement, the cue between them."""
    text = source_text(token.doc)
    subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    complement = next((c for c in token.children if c.dep_ in ("xcomp", "acomp", "attr", "ccomp")
                       and c.i > token.i), None)
    if subject is None or complement is None or subject.lower_ in EXPLETIVES:
        return None  # "it seems that ...": an ordinary clause content
    pieces = [p for p in (char_span(subject.subtree), char_span(complement.subtree)) if p]
    cue = cue_tokens(token, particle)
    pieces, direct = widen_to_quotes(pieces, quotes, (cue[0].idx, cue[-1].idx + len(cue[-1].text)))
    return ClaimDraft(
        type="statement",
        verb=token,
        cue=TextSpan.of(text, cue[0].idx, cue[-1].idx + len(cue[-1].text)),
        lemma=entry_lemma(entry),
        category=entry.cls,
        negated=is_negated(token),
        mode=entry.mode,
        content=make_content(text, pieces, direct),
        sentence=sentence_span(text, token.sent),
    )


def find_according_to(doc: Doc, quotes: QuoteIndex) -> Iterator[ClaimDraft]:
    """"According to X, Y" and "Y, according to X"."""
    text = source_text(doc)
    for i in indexes(has_label(doc, LOWER, ("according",))):
        token = doc[i]
        if i + 1 >= len(doc) or doc[i + 1].lower_ != "to":
            continue
        to = doc[i + 1]
        source = next((c for c in to.children if c.dep_ == "pobj"), None)
        if source is None:
            continue
        sent = token.sent
        phrase = set(t.i for t in token.subtree) | set(t.i for t in to.subtree)
        # The rest of the sentence, without its final punctuation (a quotation's own closing
        # mark stays: it belongs to the content).
        rest = [t for t in sent if t.i not in phrase]
        while rest and (rest[-1].is_space or rest[-1].text in SENTENCE_END):
            rest.pop()
        pieces = _contiguous_pieces(rest)
        if not pieces:
            continue
        pieces, direct = widen_to_quotes(pieces, quotes, (token.idx, to.idx + len(to.text)))
        actor, heads = actor_span(text, source, token.i)
        yield ClaimDraft(
            type="statement",
            verb=None,
            cue=TextSpan.of(text, token.idx, to.idx + len(to.text)),
            lemma="according to",
            category="STATEMENT",
            actor=actor,
            actor_heads=heads,
            content=make_content(text, pieces, direct),
            sentence=sentence_span(text, sent),
        )


def _contiguous_pieces(tokens: List[Token]) -> List[Tuple[int, int]]:
    runs, run = [], []
    for t in tokens:
        if run and t.i != run[-1].i + 1:
            runs.append(run)
            run = []
        run.append(t)
    if run:
        runs.append(run)
    return [r for r in (char_span(run) for run in runs) if r]



