"""Small readings of spaCy's dependency parse shared by statement and event extraction."""

from typing import Iterable, List, Optional, Tuple

import numpy as np
from spacy.tokens import Doc, Token

from claimx.records import TextSpan
from claimx.text.function_words import NEGATIONS, RELATIVE_PRONOUNS

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
EDGE_PUNCT = set(",;:-–—―()[]")


def has_label(doc: Doc, attr: int, labels: Iterable[str]) -> np.ndarray:
    """Per token of the Doc, whether its attr (spacy.attrs POS, DEP, LOWER ...) is one of labels:
    read from one array, so that a rule that looks at a few tokens of a long Doc finds them
    without making a spaCy Token object for each of the others."""
    return np.isin(doc.to_array(attr), [doc.vocab.strings[label] for label in labels])


def indexes(mask: np.ndarray) -> List[int]:
    return np.flatnonzero(mask).tolist()


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
    """The sentence's range without the blank lines spaCy leaves at its end: to the end of
    char_span(sent), read from the end (usually its last token)."""
    doc, start = sent.doc, sent.start_char
    for i in range(sent.end - 1, sent.start - 1, -1):
        t = doc[i]
        if not (t.is_space or t.text in EDGE_PUNCT or t.dep_ == "cc"):
            return TextSpan.of(text, start, max(t.idx + len(t.text), start))
    return TextSpan.of(text, start, start)


def _index(token: Token) -> int:
    return token.i


def subtree_tokens(token: Token, exclude: Iterable[Token] = ()) -> List[Token]:
    """token's subtree in order, without the subtrees of the excluded tokens. A subtree is taken
    as the token range from its left to its right edge (merged ranges keep this linear when many
    nested subtrees are excluded). spaCy's parser can attach across a word (non-projective arcs,
    some 230 tokens of the 84 PolNeAR dev articles), and then Token.subtree does not come in
    token order: it is sorted here, since the walk below moves forward through the ranges."""
    ranges = sorted((ex.left_edge.i, ex.right_edge.i) for ex in exclude)
    merged: List[list] = []
    for start, end in ranges:
        if merged and start <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    kept, r = [], 0
    for t in sorted(token.subtree, key=_index):
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
    return any(c.dep_ == "neg" or c.lower_ in NEGATIONS and c.dep_ != "conj"
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


# Entity labels that can name an actor (a person, organisation, country or people).
ACTOR_ENTITIES = {"PERSON", "ORG", "GPE", "NORP"}


def predicate_text(verb: Token) -> str:
    """The verb and what follows it in its clause: where an object phrase that sets the class
    stands ("resumed talks"), unlike the subject ("the talks resumed" is no meeting)."""
    return verb.doc[verb.i:verb.right_edge.i + 1].text
