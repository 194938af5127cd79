"""Candidates and features for the decisions of the attribution model.

Every decision is a choice among candidates, anchored on a cue's head token h:
- content start and end: tokens of the cue's sentence, and the first (last) words of the
  sentences before (after) it, for quotations that run on;
- cue start and end: tokens around h in its sentence;
- source: the nouns and pronouns of the cue's sentence, or none;
- cue or not: each candidate head token on its own (see cue_features).
Features describe a candidate by its place in the parse relative to h (which constituent it
opens or closes, and how that constituent hangs from h), the punctuation and quotation marks
around it, sentence and paragraph boundaries, and what the hand-written rules chose there.

A document asks for some 40,000 feature strings: they are built as f-strings, which make one
string where a chain of + makes one per step, with !s on booleans (str(), where format() of a
bool takes a slower path).
"""

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Dict, FrozenSet, List, Optional, Sequence, Set, Tuple

from claimx.attribution.view import DocView

MAX_SENTENCES_BEFORE = 3
MAX_SENTENCES_AFTER = 8
CUE_LEFT = 6
CUE_RIGHT = 8
# Words no content ends on in the train split ("the", "and").
NEVER_ENDS = {"DET", "CCONJ", "SYM"}
SOURCE_POS = {"NOUN", "PROPN", "PRON", "NUM", "ADJ", "DET", "X"}


@dataclass
class RuleView:
    """What the rules made of a cue head (all token indexes; None where they made nothing)."""
    kind: str = "none"  # statement | event | according | none
    cue: Optional[tuple] = None  # (first, last) token of the rules' cue
    content: Optional[tuple] = None  # (first, last) word of the rules' content
    source_head: Optional[int] = None


@dataclass
class Anchor:
    """A cue head with what is known of its cue so far."""
    h: int
    rule: RuleView
    cue: tuple = None  # (first, last) token of the cue
    source: FrozenSet[int] = frozenset()
    source_head: int = -1
    ancestors: Set[int] = field(default_factory=set)
    lemma: str = ""
    # relation_parts() of each token asked about: an anchor's candidates ask about the same few.
    relations: Dict[int, Tuple[str, ...]] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def at(cls, view: DocView, h: int, rule: RuleView) -> "Anchor":
        ancestors, a = set(), h
        while view.head[a] != a and len(ancestors) < 40:
            a = view.head[a]
            ancestors.add(a)
        return cls(h=h, rule=rule, cue=rule.cue or (h, h), ancestors=ancestors, lemma=view.lemma[h])


def bucket(d: int) -> str:
    if d < 0:
        return f"-{bucket(-d)}"
    if d <= 3:
        return str(d)
    if d <= 5:
        return "4-5"
    if d <= 9:
        return "6-9"
    if d <= 19:
        return "10-19"
    return "20+"


def relation(view: DocView, a: int, anchor: Anchor) -> str:
    """How token a hangs from the cue head h."""
    return relation_parts(view, a, anchor)[0]


def relation_parts(view: DocView, a: int, anchor: Anchor) -> Tuple[str, ...]:
    """relation() of a, and the features made of it and the anchor alone: "rel=", "lem,rel=",
    "htag,rel=", "hdep,rel=" (made once per anchor and token)."""
    parts = anchor.relations.get(a)
    if parts is None:
        h, rel = anchor.h, _relation(view, a, anchor)
        parts = anchor.relations[a] = (rel, f"rel={rel}", f"lem,rel={anchor.lemma},{rel}",
                                       f"htag,rel={view.tag[h]}{rel}", f"hdep,rel={view.dep[h]}{rel}")
    return parts


def _relation(view: DocView, a: int, anchor: Anchor) -> str:
    h = anchor.h
    if a == h:
        return "H"
    head = view.head[a]
    if head == h:
        return f"c:{view.dep[a]}"
    if a == view.head[h]:
        return "P"
    if head == view.head[h]:
        return f"s:{view.dep[a]}"
    if a in anchor.ancestors:
        return "A"
    if view.left[h] <= a <= view.right[h]:
        # below h: through which child of h
        b = a
        while view.head[b] != h and view.head[b] != b:
            b = view.head[b]
        return f"d:{view.dep[b]}>{view.dep[a]}"
    if head in anchor.ancestors:
        return f"ac:{view.dep[a]}"
    return f"o:{view.dep[a]}"


# ---------------------------------------------------------------- content


def content_start_candidates(view: DocView, anchor: Anchor) -> List[int]:
    k = view.sent[anchor.h]
    start, end = view.sents[k]
    found = [t for t in range(start, end) if not view.punct[t]]
    first = k
    while first > max(0, k - MAX_SENTENCES_BEFORE) and joined(view, first - 1):
        first -= 1
    if first < k:
        before = set(view.sent_first[first:k])
        before.update(t for t in view.quote_first if view.sents[first][0] <= t < start)
        found = sorted(before) + found
    return found


def joined(view: DocView, k: int) -> bool:
    """Whether sentence k + 1 can go on with a content of sentence k: the same paragraph, or a
    quotation that runs on over the paragraph break."""
    if k + 1 >= len(view.sents):
        return False
    if view.para[k + 1] == view.para[k]:
        return True
    q = view.quote[view.sent_last[k]]
    return q >= 0 and q == view.quote[view.sent_first[k + 1]]


def content_end_candidates(view: DocView, anchor: Anchor) -> List[int]:
    k = view.sent[anchor.h]
    start, end = view.sents[k]
    found = [t for t in range(start, end) if not view.punct[t] and view.pos[t] not in NEVER_ENDS]
    last = k
    while last < min(len(view.sents) - 1, k + MAX_SENTENCES_AFTER) and joined(view, last):
        last += 1
    if last > k:
        after = set(view.sent_last[k + 1:last + 1])
        after.update(t for t in view.quote_last if end <= t < view.sents[last][1])
        found += sorted(after)
    return found


# bucket() of the distances a content boundary can have to its cue.
BUCKETS = [bucket(d) for d in range(20)]


class ContentFeatures:
    """The features of one anchor's content boundaries (build it once its cue and source are
    final). An anchor scores a hundred candidates and more: what depends on the anchor alone
    is made here once."""

    def __init__(self, view: DocView, anchor: Anchor):
        self.view, self.anchor = view, anchor
        h = anchor.h
        self.k = view.sent[h]
        self.cue_first, self.cue_last = anchor.cue
        self.rule_content = anchor.rule.content
        self.h_quote = view.quote[h]
        lem = anchor.lemma
        # The features of the side of the cue a candidate is on (L, I, R).
        self.by_side = {side: (f"side={side}", f"lem,side={lem}{side}") for side in "LIR"}
        self.rule_kind = f"rk={anchor.rule.kind}"
        self.lem_rule = {b: f"lem,rs={lem}{b}" for b in ("none", "=", "<", ">")}
        self.lem_rule_end = {b: f"lem,re={lem}{b}" for b in ("none", "=", "<", ">")}
        self.hdep_side = f"hdep,side,first={view.dep[h]}"
        self.hdep_side_end = f"hdep,side,last={view.dep[h]}"
        self.lem_pc = f"lem,pc={lem},"
        self.lem_cut = f"lem,cut={lem},"

    def side(self, t: int) -> str:
        return "L" if t < self.cue_first else "R" if t > self.cue_last else "I"

    def start(self, t: int, cues_between: int, other: Optional[int] = None, full: bool = True) -> List[str]:
        """The features of t as the content's first word, given the other cue heads between
        it and the cue and the nearest of them; with full=False only the first, cheap ones,
        with which a first pass keeps the likely candidates (see AttributionModel.content)."""
        view, anchor = self.view, self.anchor
        k = self.k
        side = self.side(t)
        kt = view.sent[t]
        prev = view.before[t]
        pc, tc = view.klass(prev), view.word_class[t]
        a = view.opened[t]
        rel, rel_f, lem_rel, htag_rel, hdep_rel = relation_parts(view, a, anchor)
        d = t - self.cue_last - 1 if side == "R" else self.cue_first - t if side == "L" else 0
        dist = BUCKETS[d] if d < 20 else "20+"
        first = t == view.sent_first[kt]
        content = self.rule_content
        rs = "none" if content is None else ("=" if content[0] == t else "<" if t < content[0] else ">")
        q = view.quote[t]
        quoted = "q" if q >= 0 else "-"
        same_q = q >= 0 and q == self.h_quote
        after_open = pc == "Q" and quoted == "q"
        f = [
            f"dist={side}{dist}",
            f"first={first!s}{side}",
            f"pc,tc={pc},{tc}",
            f"rel,side={rel}{side}",
            f"rs,side={rs}{side}",
            f"q={quoted}{same_q!s}{after_open!s}",
            f"between={min(cues_between, 2)}{side}",
        ]
        if kt != k:
            f.append(f"prevsent={kt - k}{view.sent_quoted[kt]!s}{view.para[kt] == view.para[k]!s}")
        if not full:
            return f
        side_f, lem_side = self.by_side[side]
        f += ["bias", side_f, f"sent={kt - k}", f"pc={pc}", f"tc={tc}", rel_f, f"rs={rs}"]
        if kt != k:
            f.append(f"prevsent,q={self.h_quote >= 0!s}{view.sent_quoted[kt]!s}")
        pp = view.klass(view.before[prev]) if prev is not None else "<>"
        f += [
            f"pp={pp}",
            f"rel,pc={rel},{pc}",
            f"rel,tc={rel},{tc}",
            f"dep={view.dep[t]}",
            f"adep={view.dep[a]}{side}",
            f"rs,rel={rs}{rel}",
            self.rule_kind + rs,
            f"q,side={quoted}{side}{after_open!s}",
            *other_cue_features(view, anchor, other, t, side),
            f"src={t in anchor.source!s}",
            lem_side,
            lem_rel,
            self.lem_rule[rs],
            htag_rel,
            hdep_rel,
            self.hdep_side + side + str(first),
            self.lem_pc + pc,
        ]
        b = view.word_before(t)
        if b is not None:
            cut = relation(view, view.closed[b], anchor)
            f.append(f"cut={cut}{side}")
            f.append(f"cut,rel={cut},{rel}")
            f.append(f"cut,pc={cut},{pc}")
        return f

    def end(self, t: int, cues_between: int, other: Optional[int] = None, full: bool = True) -> List[str]:
        """The features of t as the content's last word; the rest as for start."""
        view, anchor = self.view, self.anchor
        k = self.k
        side = self.side(t)
        kt = view.sent[t]
        nxt = view.after[t]
        nc, tc = view.klass(nxt), view.word_class[t]
        a = view.closed[t]
        rel, rel_f, lem_rel, htag_rel, hdep_rel = relation_parts(view, a, anchor)
        d = t - self.cue_last if side == "R" else self.cue_first - t - 1 if side == "L" else 0
        dist = BUCKETS[d] if d < 20 else "20+"
        last = t == view.sent_last[kt]
        content = self.rule_content
        re_ = "none" if content is None else ("=" if content[1] == t else "<" if t < content[1] else ">")
        q = view.quote[t]
        quoted = "q" if q >= 0 else "-"
        same_q = q >= 0 and q == self.h_quote
        f = [
            f"dist={side}{dist}",
            f"last={last!s}{side}",
            f"nc,tc={nc},{tc}",
            f"rel,side={rel}{side}",
            f"rel,nc={rel},{nc}",
            f"re,side={re_}{side}",
            f"q={quoted}{same_q!s}{nc}",
            f"between={min(cues_between, 2)}{side}",
        ]
        if kt != k:
            quoted_run = all(view.sent_quoted[j] for j in range(k + 1, kt + 1))
            same_para = view.para[kt] == view.para[k]
            f.append(f"nextsent={bucket(kt - k)}{quoted_run!s}{same_para!s}")
        if not full:
            return f
        side_f, lem_side = self.by_side[side]
        f += ["bias", side_f, f"sent={kt - k}", f"nc={nc}", f"tc={tc}", rel_f, f"re={re_}"]
        if kt != k:
            f.append(f"nextsent,q={self.h_quote >= 0!s}{q >= 0!s}{q >= 0 and q == view.quote[view.sent_last[k]]!s}")
            f.append(f"nextsent,cues={min(cues_between, 2)}{quoted_run!s}")
        nn = view.klass(view.after[nxt]) if nxt is not None else "<>"
        f += [
            f"nn={nn}",
            f"nc,nn={nc},{nn}",
            f"tl={view.lemma[t]}{side}",
            f"rel,nc,nn={rel},{nc},{nn}",
            f"dep={view.dep[t]}",
            f"adep={view.dep[a]}{side}",
            f"re,rel={re_}{rel}",
            self.rule_kind + re_,
            *other_cue_features(view, anchor, other, t, side),
            lem_side,
            lem_rel,
            self.lem_rule_end[re_],
            htag_rel,
            hdep_rel,
            self.hdep_side_end + side + str(last),
        ]
        b = view.word_after(t)
        if b is not None:
            f += self.end_cut(t, b, side, rel, nc)
        return f

    def end_cut(self, t: int, b: int, side: str, rel: str, nc: str) -> List[str]:
        """An end's features of the constituent the next word b opens (the one the content
        stops before)."""
        view, anchor = self.view, self.anchor
        opened = view.opened[b]
        cut = relation(view, opened, anchor)
        size = bucket(view.right[opened] - view.left[opened] + 1)
        f = [
            f"cut={cut}{side}",
            f"cut,rel={cut},{rel}",
            f"cut,nc={cut},{nc}",
            f"cut,bc={cut},{view.word_class[b]}",
            f"left={bucket(view.sent_last[view.sent[t]] - t)}",
            f"cut,len={cut}{size}{nc}",
            f"bl={view.lemma[b]}{side}",
            f"bl,nc={view.lemma[b]}{nc}",
            f"frame={b in anchor.source or self.cue_first <= b <= self.cue_last!s}{nc}",
            f"cut,bl={cut},{view.lemma[b]}",
            self.lem_cut + cut + nc,
        ]
        if view.dep[b] == "cc" or view.dep[opened] == "conj":
            conj = opened if view.dep[opened] == "conj" else next(
                (c for c in view.children[view.head[b]] if view.dep[c] == "conj" and c > b), None)
            if conj is not None:
                own = any(view.dep[c] in ("nsubj", "nsubjpass", "expl") for c in view.children[conj])
                f.append(f"conj={relation(view, view.head[conj], anchor)}{own!s}{view.pos[conj]}")
                f.append(f"conj,lem={view.lemma[conj]}{own!s}")
        return f


def other_cue_features(view: DocView, anchor: Anchor, c: Optional[int], t: int, side: str) -> List[str]:
    """The other cue head nearest to h between h and the candidate: a content seldom holds
    another attribution's cue (only a cue nested inside it, as in a quotation)."""
    if c is None:
        return []
    rel = relation(view, c, anchor)
    own_subject = any(view.dep[x] in ("nsubj", "nsubjpass") for x in view.children[c])
    quoted = view.quote[c] >= 0
    same_quote = quoted and view.quote[c] == view.quote[t]
    return [f"oc={rel}{side}", f"oc,subj={own_subject!s}{quoted!s}{same_quote!s}{side}",
            f"oc,tag={view.tag[c]}{own_subject!s}{side}",
            f"oc,sent={view.sent[c] == view.sent[anchor.h]!s}{same_quote!s}{side}"]


def nearest_between(positions: List[int], h: int, t: int, cue: tuple) -> Optional[int]:
    """The cue head nearest to h strictly between h's cue and t (positions sorted)."""
    if t > cue[1]:
        i = bisect_right(positions, cue[1])
        return positions[i] if i < len(positions) and positions[i] < t else None
    if t < cue[0]:
        i = bisect_left(positions, cue[0]) - 1
        return positions[i] if i >= 0 and positions[i] > t else None
    return None


def cue_positions(cue_heads: Sequence[int]):
    """A sorted list for counting other cue heads between two positions."""
    return sorted(cue_heads)


def count_between(positions: List[int], a: int, b: int, exclude: int) -> int:
    lo, hi = (a, b) if a < b else (b, a)
    n = bisect_left(positions, hi) - bisect_right(positions, lo)
    return n - (1 if lo < exclude < hi else 0)


# ---------------------------------------------------------------- cue extent


def cue_start_candidates(view: DocView, h: int) -> List[int]:
    first = max(view.sents[view.sent[h]][0], h - CUE_LEFT)
    return [t for t in range(first, h + 1) if not view.punct[t]]


def cue_end_candidates(view: DocView, h: int) -> List[int]:
    last = min(view.sents[view.sent[h]][1] - 1, h + CUE_RIGHT)
    return [t for t in range(h, last + 1) if not view.punct[t]]


def _path(view: DocView, t: int, h: int) -> str:
    """The dependency labels from t up to h (at most three), or how t stands outside h."""
    labels, a = [], t
    while a != h and len(labels) < 3:
        labels.append(view.dep[a])
        if view.head[a] == a:
            return "out"
        a = view.head[a]
    return ">".join(labels) if a == h else "far"


def cue_start_features(view: DocView, anchor: Anchor, t: int) -> List[str]:
    h = anchor.h
    path = _path(view, t, h)
    rule = anchor.rule
    rs = "none" if rule.cue is None else ("=" if rule.cue[0] == t else "<" if t < rule.cue[0] else ">")
    pc = view.klass(view.prev_word(t))
    tc = view.word_class[t]
    between_punct = any(view.punct[i] and not view.space[i] for i in range(t, h))
    return [
        "bias", f"d={bucket(h - t)}", f"path={path}", f"path,tc={path},{tc}",
        f"pc={pc}", f"pc,path={pc},{path}", f"tc={tc}", f"rs={rs}", f"rs,path={rs}{path}",
        f"punct={between_punct!s}", f"lem,path={anchor.lemma},{path}",
        f"lem,d={anchor.lemma}{bucket(h - t)}", f"hpos,path={view.pos[h]}{path}",
        f"ent={view.ent[t]}{path}", f"src={t in anchor.source!s}{path}",
        f"lem,tw={anchor.lemma},{view.lower[t]}",
    ]


def cue_end_features(view: DocView, anchor: Anchor, t: int) -> List[str]:
    h = anchor.h
    path = _path(view, t, h)
    rule = anchor.rule
    re_ = "none" if rule.cue is None else ("=" if rule.cue[1] == t else "<" if t < rule.cue[1] else ">")
    nxt = view.next_word(t)
    nc = view.klass(nxt)
    tc = view.word_class[t]
    content_next = "none" if rule.content is None else str(nxt == rule.content[0]) + str(t >= rule.content[0])
    between_punct = any(view.punct[i] and not view.space[i] for i in range(h, t))
    head_path = _path(view, view.head[t], h) if view.head[t] != t else "root"
    return [
        "bias", f"d={bucket(t - h)}", f"path={path}", f"path,tc={path},{tc}",
        f"nc={nc}", f"nc,path={nc},{path}", f"tc={tc}", f"re={re_}", f"re,path={re_}{path}",
        f"cn={content_next}", f"cn,path={content_next}{path}", f"punct={between_punct!s}",
        f"lem,path={anchor.lemma},{path}", f"lem,d={anchor.lemma}{bucket(t - h)}",
        f"lem,tc={anchor.lemma},{tc}", f"hpos,path={view.pos[h]}{path}",
        f"ent={view.ent[t]}{path}", f"hp,tc={head_path},{tc}",
        "nextrel=" + (relation(view, nxt, anchor) if nxt is not None else "<>"),
        f"lem,tw={anchor.lemma},{view.lower[t]}", f"tw,path={view.lower[t]}{path}",
    ]


# ---------------------------------------------------------------- source


def source_candidates(view: DocView, anchor: Anchor) -> List[int]:
    """Nouns and pronouns of the cue's sentence outside the cue; -1 stands for no source."""
    start, end = view.sents[view.sent[anchor.h]]
    first, last = anchor.cue
    return [-1] + [t for t in range(start, end) if view.pos[t] in SOURCE_POS and not first <= t <= last]


RELATIVE = {"who", "which", "that", "whom"}


def source_features(view: DocView, anchor: Anchor, s: int, subject: Optional[int]) -> List[str]:
    h = anchor.h
    rule = anchor.rule
    has_rule = rule.source_head is not None
    if s < 0:
        return ["none", f"none,tag={view.tag[h]}", f"none,dep={view.dep[h]}",
                f"none,rule={has_rule!s}{rule.kind}", f"none,subj={subject is not None!s}",
                f"none,lem={anchor.lemma}", f"none,hpos={view.pos[h]}{view.dep[h]}"]
    rel, rel_f, _, htag_rel, hdep_rel = relation_parts(view, s, anchor)
    side = "L" if s < anchor.cue[0] else "R"
    dist = bucket(anchor.cue[0] - s if side == "L" else s - anchor.cue[1])
    word = view.lower[s] if view.pos[s] in ("PRON", "DET") else view.pos[s]
    quoted = view.quote[s] >= 0
    same_q = quoted and view.quote[s] == view.quote[h]
    in_content = rule.content is not None and rule.content[0] <= s <= rule.content[1]
    is_subj = s == subject
    is_rule = s == rule.source_head
    return [
        rel_f, f"rel,side={rel}{side}", f"dist={side}{dist}", f"word={word}",
        f"ent={view.ent[s]}", f"ent,rel={view.ent[s]}{rel}", f"dep={view.dep[s]}",
        f"subj={is_subj!s}", f"subj,rel={is_subj!s}{rel}", f"rule={is_rule!s}{has_rule!s}",
        f"rule,subj={is_rule!s}{is_subj!s}", f"q={quoted!s}{same_q!s}",
        f"inc={in_content!s}", f"inc,rel={in_content!s}{rel}",
        htag_rel, hdep_rel, f"lem,rel={anchor.lemma}{rel}", f"word,rel={word}{rel}",
        f"first={s == view.sent_first[view.sent[s]]!s}{view.ent[s]}",
        f"headdep={view.dep[view.head[s]]},{view.dep[s]}",
    ]


# ---------------------------------------------------------------- cue or not


POS_CLASS = {"VERB": "V", "AUX": "V", "NOUN": "N", "PROPN": "N", "ADJ": "A", "ADP": "P"}


def pos_class(pos: str) -> str:
    return POS_CLASS.get(pos, "X")


CHILD_MARKS = ("ccomp", "xcomp", "dobj", "nsubj", "nsubjpass", "agent", "prep", "mark", "advcl",
               "acl", "relcl", "poss", "prt", "dative", "attr", "acomp", "aux", "neg")


def cue_features(view: DocView, h: int, rule: RuleView, subject: Optional[int],
                 nested: bool) -> List[str]:
    lemma = view.lemma[h]
    lp = f"{lemma}|{pos_class(view.pos[h])}"
    kids = view.children[h]
    deps = sorted({view.dep[c] for c in kids if view.dep[c] in CHILD_MARKS})
    preps = sorted({view.lower[c] for c in kids if view.dep[c] == "prep"})[:3]
    clause = next((c for c in kids if view.dep[c] in ("ccomp", "xcomp", "advcl", "acl", "relcl")), None)
    that = clause is not None and any(view.lower[c] in ("that", "whether", "if") and view.dep[c] == "mark"
                                      for c in view.children[clause])
    subj_kind = "none" if subject is None else (view.ent[subject] or
                                                 (view.lower[subject] if view.pos[subject] == "PRON" else view.pos[subject]))
    quoted = view.quote[h] >= 0
    k = view.sent[h]
    sent_quotes = view.sent_quotes[k]
    prev = view.klass(view.prev_word(h))
    nxt = view.klass(view.next_word(h))
    content = rule.content is not None
    f = [
        "bias", f"lp={lp}", f"pos={view.pos[h]}", f"tag={view.tag[h]}", f"dep={view.dep[h]}",
        f"rule={rule.kind}{content!s}", f"lp,rule={lp}{rule.kind}{content!s}",
        f"lp,dep={lp}{view.dep[h]}", f"lp,tag={lp}{view.tag[h]}",
        f"subj={subj_kind}", f"lp,subj={lp}{subject is not None!s}",
        f"q={quoted!s}{sent_quotes!s}", f"lp,q={lp}{quoted!s}{sent_quotes!s}",
        f"nested={nested!s}", f"rule,nested={rule.kind}{nested!s}",
        f"that={that!s}", f"lp,that={lp}{that!s}",
        f"prev={prev}", f"next={nxt}", f"lp,next={lp}{nxt}", f"lp,prev={lp}{prev}",
        f"hd={view.dep[h]}{view.pos[view.head[h]]}",
    ]
    f += [f"kid={d}" for d in deps]
    f += [f"lp,kid={lp}{d}" for d in deps]
    f += [f"prep={p}" for p in preps] + [f"lp,prep={lp}{p}" for p in preps]
    if clause is not None:
        f.append(f"clause={view.dep[clause]}{view.pos[clause]}")
        f.append(f"lp,clause={lp}{view.dep[clause]}")
    # What the word is done to or said with: "made the case", "was critical of", "in a statement".
    obj = next((c for c in kids if view.dep[c] in ("dobj", "acomp", "attr", "oprd", "pobj")), None)
    if obj is not None:
        f.append(f"obj={view.dep[obj]}{view.lemma[obj]}")
        f.append(f"lp,obj={lp}{view.lemma[obj]}")
        f.append("lp,objprep=" + lp + view.lemma[obj] + ",".join(
            view.lower[c] for c in view.children[obj] if view.dep[c] == "prep"))
    for c in kids:
        if view.dep[c] == "prep":
            pobj = next((g for g in view.children[c] if view.dep[g] == "pobj"), None)
            if pobj is not None:
                f.append(f"pp={view.lower[c]},{view.lemma[pobj]}")
    if view.pos[h] in ("NOUN", "PROPN", "ADJ", "ADP"):
        f.append(f"hh={view.dep[h]},{view.lemma[view.head[h]]}")
        f.append(f"lp,hh={lp}{view.lemma[view.head[h]]}")
    return f
