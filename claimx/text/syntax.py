"""Small readings of spaCy's dependency parse shared by statement and event extraction."""

from typing import Iterable, List, Optional, Tuple

from spacy.tokens import Doc, Token

from claimx.actors.gazetteer import resolve_actor
from claimx.records import TextSpan

TEXT_ATTR = "claimx_text"


def source_text(doc: Doc) -> str:
    """The document as read. The parse may have run on a copy with page chrome blanked out
    (same length, so offsets agree); spans are always cut from the text as read. Kept on the
    Doc once read, since spaCy rebuilds doc.text from its tokens on every access."""
    if not Doc.has_extension(TEXT_ATTR):
        Doc.set_extension(TEXT_ATTR, default=None)
    text = doc._.get(TEXT_ATTR)
    if text is None:
        text = doc.text
        doc._.set(TEXT_ATTR, text)
    return text


SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
PRONOUNS = {"i", "we", "you", "he", "she", "it", "they", "this", "that", "who", "which"}
EDGE_PUNCT = set(",;:-–—―()[]")


def char_span(tokens: Iterable[Token]) -> Optional[Tuple[int, int]]:
    """The character range covering tokens, with edge punctuation dropped."""
    toks = [t for t in tokens if not t.is_space]
    while toks and (toks[0].text in EDGE_PUNCT or toks[0].is_space):
        toks.pop(0)
    # A coordinator left hanging at the end ("... more intense — and") belongs to what follows.
    while toks and (toks[-1].text in EDGE_PUNCT or toks[-1].is_space or toks[-1].dep_ == "cc"):
        toks.pop()
    if not toks:
        return None
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def sentence_span(text: str, sent) -> TextSpan:
    """The sentence's range without the blank lines spaCy leaves at its end."""
    span = char_span(sent) or (sent.start_char, sent.start_char)
    return TextSpan.of(text, sent.start_char, max(span[1], sent.start_char))


def subtree_tokens(token: Token, exclude: Iterable[Token] = ()) -> List[Token]:
    """token's subtree in order, without the subtrees of the excluded tokens. spaCy's English
    parses are projective, so a subtree is the token range from its left to its right edge;
    merged ranges keep this linear when many nested subtrees are excluded."""
    ranges = sorted((ex.left_edge.i, ex.right_edge.i) for ex in exclude)
    merged: List[list] = []
    for start, end in ranges:
        if merged and start <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    kept, r = [], 0
    for t in token.subtree:
        while r < len(merged) and merged[r][1] < t.i:
            r += 1
        if r < len(merged) and merged[r][0] <= t.i <= merged[r][1]:
            continue
        kept.append(t)
    return kept


def noun_phrase(token: Token, conjuncts: bool = True) -> List[Token]:
    """A mention as readers name it: the noun with its modifiers and appositions, not its clauses;
    with conjuncts=False, one member of a coordination ("Norway" of "Norway and Iceland")."""
    cut_deps = ("relcl", "acl") if conjuncts else ("relcl", "acl", "conj", "cc")
    cut = [c for c in token.children if c.dep_ in cut_deps and c.i > token.i]
    toks = subtree_tokens(token, exclude=cut)
    # Keep one contiguous run around the head (a cut clause may leave a tail behind).
    run = [t for t in toks if t.i <= token.i]
    for t in toks:
        if t.i > token.i and t.i == run[-1].i + 1:
            run.append(t)
    return run


RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}


def antecedent(token: Token) -> Token:
    """The noun a relative pronoun stands for ("captains who were arrested" -> captains)."""
    if token.lower_ in RELATIVE_PRONOUNS and token.head.dep_ == "relcl":
        return token.head.head
    return token


def subject_of(verb: Token, depth: int = 0) -> Optional[Token]:
    """The grammatical subject of a verb, following shared subjects of conjoined verbs,
    participles ("..., adding that"), controlled infinitives ("wants to say") and relative
    clauses ("the minister, who said")."""
    passive = any(c.dep_ == "auxpass" for c in verb.children) \
        or not any(c.dep_ == "nsubj" for c in verb.children)
    for child in verb.children:  # passive with an agent: "was announced by the ministry"
        if child.dep_ == "agent" and passive:  # not "shortened by one hour"
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS:
            return child
    if depth > 3 or verb.head.i == verb.i:
        return None
    if verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
        return verb.head
    if verb.dep_ == "xcomp" and verb.head.pos_ == "ADJ" and verb.head.dep_ == "acomp":
        return subject_of(verb.head.head, depth + 1)  # "it is willing to withdraw"
    if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.pos_ in ("VERB", "AUX"):
        purpose = verb.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to"
                                            for c in verb.children)
        if verb.dep_ == "advcl" and verb.tag_ != "VBG" and not purpose:
            # "said before he left": the adverbial clause has its own subject; "opened fire
            # to disperse the crowd" (a purpose) shares the main one
            return None
        return subject_of(verb.head, depth + 1)
    return None


def is_negated(verb: Token) -> bool:
    return any(c.dep_ == "neg" or c.lower_ in ("never", "not", "n't") and c.dep_ != "conj"
               for c in verb.children)


VERB_GROUP_DEPS = ("aux", "auxpass", "neg", "advmod")


def auxiliaries(verb: Token) -> List[Token]:
    """The verb group before the verb: auxiliaries, negation and adverbs right before it ("has
    said", "did not immediately respond", "also said"), contiguous only."""
    group = []
    i = verb.i - 1
    while i >= 0 and verb.doc[i].dep_ in VERB_GROUP_DEPS and verb.doc[i].head.i == verb.i:
        group.insert(0, verb.doc[i])
        i -= 1
    return group


ACTOR_ENTITIES = {"PERSON", "ORG", "GPE", "NORP"}


def names_an_actor(token: Token) -> bool:
    """Does the noun phrase of token name an actor: an entity ("Chad", "18 Rwandan rebels") or a
    group noun ("the protesters"), not a thing ("political asylum")?"""
    phrase = noun_phrase(token, conjuncts=False)
    if any(t.ent_type_ in ACTOR_ENTITIES for t in phrase):
        return True
    return resolve_actor(token.text).kind != "unknown"  # "military aid" is not the military


# doc.ents builds new Span objects on every access; claimx reads them per claim, so the last
# document's are kept (one document at a time is processed per process).
_LAST_ENTS: list = [None, ()]


def entities(doc: Doc) -> tuple:
    """doc.ents, computed once per document."""
    if _LAST_ENTS[0] is not doc:
        _LAST_ENTS[0], _LAST_ENTS[1] = doc, tuple(doc.ents)
    return _LAST_ENTS[1]


def sentence_entities(sent) -> list:
    """The entities that start inside a sentence span."""
    return [e for e in entities(sent.doc) if sent.start <= e.start < sent.end]


def entity_at(token: Token):
    """The entity a token is part of, or None."""
    if not token.ent_type_:
        return None
    return next((e for e in entities(token.doc) if e.start <= token.i < e.end), None)


def forget_entities() -> None:
    """Drop the kept document (at the end of its extraction)."""
    _LAST_ENTS[0], _LAST_ENTS[1] = None, ()
