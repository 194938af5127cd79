"""Features of a content as a whole: a (first word, last word) pair of one cue.

The content's start and end are scored on their own (claimx.attribution.features); the few
likeliest of each are then paired, and each pair is scored again with what only the pair shows:
its length and the sentences it spans on each side of the cue, another cue inside it, whether it
is exactly one constituent, the cue's clause or one quotation, and what lies just before and
after it (the cue's frame, another cue or its subject, the sentence's edge).
"""

from bisect import bisect_left, bisect_right
from typing import List

from claimx.attribution.features import Anchor, bucket, relation
from claimx.attribution.view import DocView


class PairFeatures:
    """The pair features of one anchor's content (made once its start and end shortlists are)."""

    def __init__(self, view: DocView, anchor: Anchor, cue_heads: List[int]):
        self.view, self.anchor, self.cue_heads = view, anchor, cue_heads
        self.cue_set = set(cue_heads)
        h = anchor.h
        self.k = view.sent[h]
        cue_first, cue_last = anchor.cue
        self.frame_words = [t for t in set(range(cue_first, cue_last + 1)) | set(anchor.source)
                            if not view.punct[t]]
        self.clause = next((c for c in view.children[h] if view.dep[c] in ("ccomp", "xcomp")), None)
        if self.clause is not None:
            first, last = view.left[self.clause], view.right[self.clause]
            while first < last and view.punct[first]:
                first += 1
            while last > first and view.punct[last]:
                last -= 1
            self.clause_words = (first, last)

    def side(self, t: int) -> str:
        first, last = self.anchor.cue
        return "L" if t < first else "R" if t > last else "I"

    def __call__(self, s: int, e: int) -> List[str]:
        view, anchor, k = self.view, self.anchor, self.k
        h, (cue_first, cue_last) = anchor.h, anchor.cue
        sides = self.side(s) + self.side(e)
        # The words of the pair without the cue and source in it.
        words = view.words_before[e + 1] - view.words_before[s]
        quoted = view.quoted_before[e + 1] - view.quoted_before[s]
        for t in self.frame_words:
            if s <= t <= e:
                words -= 1
                quoted -= view.quote[t] >= 0
        length = bucket(words)
        sentences = str(min(view.sent[e] - view.sent[s], 4)) + str(max(view.sent[s] - k, -2))
        # Another cue inside: a content seldom holds one (the nearest to the cue speaks for it).
        heads = self.cue_heads
        inside = [c for c in heads[bisect_left(heads, s):bisect_right(heads, e)]
                  if c != h and not cue_first <= c <= cue_last]
        if inside:
            c = inside[-1] if s < cue_first else inside[0]
            own_subject = any(view.dep[x] in ("nsubj", "nsubjpass") for x in view.children[c])
            cue_in = str(min(len(inside), 2)) + str(own_subject) + str(view.quote[c] >= 0) + str(view.sent[c] == k)
            cue_in_rel = relation(view, c, anchor)
        else:
            cue_in = cue_in_rel = "none"
        # One constituent? The subtree the first word opens, and the one the last word closes.
        opened, closed = view.opened[s], view.closed[e]
        right, left = view.right[opened], view.left[closed]
        shape = ("=" if right == e else "<" if right < e else ">") + ("=" if left == s else "<" if left < s else ">")
        tree = relation(view, opened, anchor) if right == e else "no"
        if self.clause is None:
            clause = "none"
        else:
            first, last = self.clause_words
            clause = view.dep[self.clause] + ("=" if s == first else "<" if s < first else ">") \
                + ("=" if e == last else "<" if e < last else ">")
        qs, qe = view.quote[s], view.quote[e]
        quotes = (("q" if qs >= 0 else "-") + ("q" if qe >= 0 else "-") + ("=" if qs >= 0 and qs == qe else "")
                  + str(s in view.quote_first and e in view.quote_last and qs == qe)
                  + ("0" if not quoted else "all" if quoted >= words else "some"))
        after, before = self.after(e), self.before(s)
        full = str(s == view.sent_first[view.sent[s]]) + str(e == view.sent_last[view.sent[e]])
        rule = anchor.rule.content
        rule = "none" if rule is None else str(rule[0] == s) + str(rule[1] == e)
        start_rel = relation(view, opened, anchor)
        end_cut = relation(view, closed, anchor)
        nc = view.klass(view.after[e])
        return [
            "p:bias", "p:len=" + length + sides, "p:sents=" + sentences + sides,
            "p:cuein=" + cue_in + sides, "p:cueinrel=" + cue_in_rel + sides,
            "p:cuein,next=" + cue_in + after + sides,
            "p:shape=" + shape + sides, "p:tree=" + tree + sides, "p:tree,nc=" + tree + nc,
            "p:clause=" + clause + sides, "p:clause,tree=" + clause + tree,
            "p:q=" + quotes + sides, "p:q,next=" + quotes + after + nc,
            "p:next,prev=" + after + before + sides, "p:full,sents=" + full + sentences,
            "p:len,full=" + length + full + sentences + sides, "p:rule=" + rule + sides,
            "p:rel,cut=" + start_rel + "," + end_cut, "p:rel,cut,nc=" + start_rel + "," + end_cut + nc,
            "p:rel,nc=" + start_rel + nc, "p:tc,nc=" + view.word_class[s] + nc + sides,
            "p:lem,len=" + anchor.lemma + length, "p:lem,clause=" + anchor.lemma + clause,
            "p:lem,sides=" + anchor.lemma + sides + sentences[0],
        ]

    def after(self, e: int) -> str:
        """What follows the content in its sentence: nothing, another cue or that cue's subject,
        this cue or its source, or other words."""
        view, anchor = self.view, self.anchor
        b = view.word_after(e)
        if b is None:
            return "end"
        if b != anchor.h and b in self.cue_set:
            return "cue"
        if view.head[b] != anchor.h and view.head[b] in self.cue_set and view.dep[b] in ("nsubj", "nsubjpass"):
            return "subj"
        return "frame" if anchor.cue[0] <= b <= anchor.cue[1] or b in anchor.source else "word"

    def before(self, s: int) -> str:
        view, anchor = self.view, self.anchor
        b = view.word_before(s)
        if b is None:
            return "begin"
        if anchor.cue[0] <= b <= anchor.cue[1] or b in anchor.source:
            return "frame"
        return "cue" if b in self.cue_set else "word"
