"""A Doc read once into plain lists, so that features for hundreds of candidates cost list
lookups rather than spaCy attribute calls."""

from bisect import bisect_right
from itertools import accumulate
from typing import List, Optional

import numpy as np
from spacy.attrs import DEP, ENT_TYPE, HEAD, IDX, IS_PUNCT, IS_SPACE, LEMMA, LENGTH, LOWER, POS, TAG
from spacy.tokens import Doc

from claimx.claims.quotations import QuoteIndex
from claimx.records import TextSpan
from claimx.text.document import source_text
from claimx.text.syntax import EDGE_PUNCT, SUBJECT_DEPS

# Token classes for features: punctuation as written, a few function words as written, else POS.
QUOTE_MARKS = set("\"'“”‘’«»„‟‹›") | {"''", "``"}
CLOSED_WORDS = {
    "that", "whether", "if", "to", "as", "the", "a", "an", "and", "but", "or", "because", "while",
    "although", "though", "when", "after", "before", "since", "which", "who", "whom", "what", "how",
    "why", "where", "in", "on", "at", "for", "of", "about", "with", "by", "from", "over", "against",
    "not", "n't", "also", "it", "he", "she", "they", "we", "i", "you", "there", "this", "his", "her",
    "their", "its", "our", "said", "says", "say", "told", "according", "statement", "interview",
    "told", "saying", "adding", "so", "then", "however", "according", "mr.", "ms.", "mrs.", "dr.",
}


COLUMNS = [LOWER, LEMMA, POS, TAG, DEP, HEAD, ENT_TYPE, IDX, LENGTH, IS_SPACE, IS_PUNCT]
_STRINGS: dict = {}
_LOWERED: dict = {}


def _strings(doc: Doc, keys: np.ndarray, lower: bool = False) -> List[str]:
    """The strings of a column of hashes (lowercased with lower). Each hash is read from the
    StringStore once, into a shared cache: the same labels and words recur in every Doc."""
    known = _LOWERED if lower else _STRINGS
    if len(known) > 1 << 16:  # emptied when full: a long run's memory stays flat
        known.clear()
    keys = keys.tolist()
    store = doc.vocab.strings
    for key in set(keys).difference(known):
        text = store[key] if key else ""
        known[key] = text.lower() if lower else text
    return list(map(known.__getitem__, keys))


def word_class(low: str, space: bool, punct: bool, pos: str) -> str:
    if space:
        return "SP"
    if low in QUOTE_MARKS:
        return "Q"
    if punct or low in CLOSED_WORDS:
        return low
    return pos


class DocView:
    """Per-token lists of one Doc, its sentences, paragraphs and quotations."""

    def __init__(self, doc: Doc, quotes: QuoteIndex):
        self.doc = doc
        self.text = source_text(doc)
        n = len(doc)
        self.n = n
        columns = doc.to_array(COLUMNS) if n else np.zeros((0, len(COLUMNS)), dtype=np.uint64)
        self.lower = _strings(doc, columns[:, 0])
        self.lemma = _strings(doc, columns[:, 1], lower=True)
        self.pos = _strings(doc, columns[:, 2])
        self.tag = _strings(doc, columns[:, 3])
        self.dep = _strings(doc, columns[:, 4])
        # HEAD is an offset from the token, stored unsigned.
        self.head = (np.arange(n) + columns[:, 5].view(np.int64)).tolist()
        self.ent = _strings(doc, columns[:, 6])
        self.idx = columns[:, 7].tolist()
        self.end = (columns[:, 7] + columns[:, 8]).tolist()
        self.space = columns[:, 9].astype(bool).tolist()
        self.punct = (columns[:, 9] | columns[:, 10]).astype(bool).tolist()
        # (The loops below read locals: they run over every token of every document.)
        head, space = self.head, self.space
        # Subtree edges (spaCy's English parses are projective): widen each ancestor's range.
        left, right = self.left, self.right = list(range(n)), list(range(n))
        for i in range(n):
            a, steps = i, 0
            while head[a] != a and steps < n:
                a = head[a]
                steps += 1
                if i < left[a]:
                    left[a] = i
                elif i > right[a]:
                    right[a] = i
        # The highest token whose subtree starts (ends) at each token.
        opened, closed = self.opened, self.closed = list(range(n)), list(range(n))
        for i in range(n):
            a = i
            while head[a] != a and left[head[a]] == i:
                a = head[a]
            opened[i] = a
            a = i
            while head[a] != a and right[head[a]] == i:
                a = head[a]
            closed[i] = a
        # The nearest word (not space) before and after each token.
        before: List[Optional[int]] = [None] * n
        after: List[Optional[int]] = [None] * n
        self.before, self.after = before, after
        last = None
        for i in range(n):
            before[i] = last
            if not space[i]:
                last = i
        last = None
        for i in range(n - 1, -1, -1):
            after[i] = last
            if not space[i]:
                last = i
        self.children: List[List[int]] = [[] for _ in range(n)]
        for i, h in enumerate(head):
            if h != i:
                self.children[h].append(i)
        self.word_class = [word_class(*token) for token in zip(self.lower, self.space, self.punct, self.pos)]
        # Sentences: id per token, and each sentence's first and last word (not space/punct).
        self.sent = [0] * n
        self.sents = []  # (start, end) token ranges, end exclusive
        for k, s in enumerate(doc.sents):
            self.sents.append((s.start, s.end))
            for i in range(s.start, s.end):
                self.sent[i] = k
        self.sent_first = []
        self.sent_last = []
        for start, end in self.sents:
            words = [i for i in range(start, end) if not self.punct[i]]
            self.sent_first.append(words[0] if words else start)
            self.sent_last.append(words[-1] if words else end - 1)
        # A paragraph begins at a sentence after a line break.
        self.para = []
        para = 0
        for k in range(len(self.sents)):
            if k and "\n" in self.text[self.end[self.sent_last[k - 1]]:self.idx[self.sent_first[k]]]:
                para += 1
            self.para.append(para)
        # Quotations: the quotation (chain id) each token lies in, -1 outside.
        self.quotes = quotes
        self.quote = [-1] * n
        if quotes.quotes:
            for i, char in enumerate(self.idx):
                q = quotes.containing(char)
                if q is not None:
                    self.quote[i] = self._chain_start(q)
        # The first and last words inside each quotation.
        self.quote_first, self.quote_last = set(), set()
        for q in quotes.quotes:
            words = self.words_in(q.start, q.end)
            if words:
                self.quote_first.add(words[0])
                self.quote_last.add(words[-1])
        # Running counts of words (not punctuation) and of quoted words before each token: the
        # words of a span in O(1).
        self.words_before = list(accumulate((not p for p in self.punct), initial=0))
        self.quoted_before = list(accumulate(
            (not p and q >= 0 for p, q in zip(self.punct, self.quote)), initial=0))
        # Sentences made only of quoted words (a quoted follow-on sentence), and sentences with
        # a quoted token.
        self.sent_quoted, self.sent_quotes = [], []
        for start, end in self.sents:
            words = [i for i in range(start, end) if not self.punct[i]]
            self.sent_quoted.append(bool(words) and all(self.quote[i] >= 0 for i in words))
            self.sent_quotes.append(any(q >= 0 for q in self.quote[start:end]))

    def _chain_start(self, q: int) -> int:
        while q > 0 and self.quotes.quotes[q - 1].continued:
            q -= 1
        return q

    def prev_word(self, i: int) -> Optional[int]:
        return self.before[i]

    def next_word(self, i: int) -> Optional[int]:
        return self.after[i]

    def word_before(self, i: int) -> Optional[int]:
        """The nearest token before i in i's sentence that is neither space nor punctuation."""
        start, b = self.sents[self.sent[i]][0], self.before[i]
        while b is not None and b >= start and self.punct[b]:
            b = self.before[b]
        return b if b is not None and b >= start else None

    def word_after(self, i: int) -> Optional[int]:
        """The nearest token after i in i's sentence that is neither space nor punctuation."""
        end, b = self.sents[self.sent[i]][1], self.after[i]
        while b is not None and b < end and self.punct[b]:
            b = self.after[b]
        return b if b is not None and b < end else None

    def klass(self, i: Optional[int]) -> str:
        return "<>" if i is None else self.word_class[i]

    def token_at(self, char: int) -> int:
        """The token that holds a character offset (the one before, in whitespace)."""
        return max(0, bisect_right(self.idx, char) - 1)

    def words_in(self, start: int, end: int) -> List[int]:
        """The word tokens (not space or punctuation) overlapping the characters [start, end)."""
        first = self.token_at(start)
        out = []
        for i in range(first, self.n):
            if self.idx[i] >= end:
                break
            if self.end[i] > start and not self.punct[i]:
                out.append(i)
        return out

    def subject_of(self, verb: int, depth: int = 0) -> Optional[int]:
        """claimx.text.syntax.subject_of read from the lists (the same token, without making
        spaCy Token objects): the subject of a verb, shared subjects of conjoined verbs,
        participles and controlled infinitives followed."""
        dep, pos, kids = self.dep, self.pos, self.children[verb]
        passive = any(dep[c] == "auxpass" for c in kids) or not any(dep[c] == "nsubj" for c in kids)
        for child in kids:
            if dep[child] == "agent" and passive:
                for obj in self.children[child]:
                    if dep[obj] == "pobj":
                        return obj
        for child in kids:
            if dep[child] in SUBJECT_DEPS:
                return child
        head = self.head[verb]
        if depth > 3 or head == verb:
            return None
        if dep[verb] == "relcl" and pos[head] in ("NOUN", "PROPN", "PRON"):
            return head
        if dep[verb] == "xcomp" and pos[head] == "ADJ" and dep[head] == "acomp":
            return self.subject_of(self.head[head], depth + 1)
        if dep[verb] in ("conj", "xcomp", "advcl") and pos[head] in ("VERB", "AUX"):
            tag = self.tag[verb]
            purpose = tag == "VB" and any(dep[c] == "aux" and self.lower[c] == "to" for c in kids)
            if dep[verb] == "advcl" and tag != "VBG" and not purpose:
                return None
            return self.subject_of(head, depth + 1)
        return None

    def sentence_span(self, k: int) -> TextSpan:
        """claimx.text.syntax.sentence_span of sentence k, read from the lists: from its first
        token to its last word, without trailing spaces, edge punctuation or a coordinator."""
        start, end = self.sents[k]
        sent_start = self.idx[start]
        for i in range(end - 1, start - 1, -1):
            if not (self.space[i] or self.lower[i] in EDGE_PUNCT or self.dep[i] == "cc"):
                return TextSpan.of(self.text, sent_start, max(self.end[i], sent_start))
        return TextSpan.of(self.text, sent_start, sent_start)
