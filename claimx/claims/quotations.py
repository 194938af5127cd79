"""Statement contents and the quotations around them.

A content that starts or ends inside a quotation takes the whole quotation (which may run over
sentences and paragraphs); the quotations on either side of "she said" are what she said; a
quoted sentence that follows in the same paragraph, with no cue of its own, goes on with it.
"""

from bisect import bisect_right
from typing import List, Optional, Sequence, Tuple

from spacy.tokens import Doc, Token

from claimx.text.document import source_text
from claimx.text.quotation_marks import Quote


class QuoteIndex:
    """Quotations by position, to widen a content that starts inside one to the whole quotation."""

    def __init__(self, quotes: Sequence[Quote]):
        self.quotes = list(quotes)
        self.starts = [q.start for q in self.quotes]

    def containing(self, pos: int) -> Optional[int]:
        i = bisect_right(self.starts, pos) - 1
        if i >= 0 and self.quotes[i].start <= pos < self.quotes[i].end:
            return i
        return None

    def chain_end(self, i: int) -> int:
        """End of the quotation i, following it into the next paragraphs when it goes on there."""
        while self.quotes[i].continued and i + 1 < len(self.quotes):
            i += 1
        return self.quotes[i].end

    def ending_at(self, pos: int) -> Optional[int]:
        i = bisect_right(self.starts, pos) - 1
        while i >= 0 and self.quotes[i].end > pos:
            i -= 1
        return i if i >= 0 and self.quotes[i].end == pos else None

    def starting_at(self, pos: int) -> Optional[int]:
        i = bisect_right(self.starts, pos) - 1
        if i >= 0 and self.starts[i] == pos:
            return i
        return None


def quotation_after(doc: Doc, cue_end_token: Token, quotes: QuoteIndex) -> Optional[Tuple[int, int]]:
    """A quotation that opens right after the cue ("said: “...”", "said, “...”")."""
    i = cue_end_token.i + 1
    while i < len(doc) and (doc[i].is_space or doc[i].text in (":", ",")):
        i += 1
    if i < len(doc):
        q = quotes.starting_at(doc[i].idx)
        if q is not None:
            return quotes.quotes[q].start, quotes.chain_end(q)
    return None


def widen_to_quotes(pieces: List[Tuple[int, int]], quotes: QuoteIndex,
                    cue: Tuple[int, int]) -> Tuple[List[Tuple[int, int]], bool]:
    """Widen each piece to the quotations its ends fall in (a quotation can run over several
    sentences); never back over the cue (Bayramov “pointed out that ...”). Say whether every
    piece is quoted."""
    widened, direct = [], bool(pieces)
    speaker_quoted = quotes.containing(cue[0])
    for start, end in pieces:
        first = quotes.containing(start)
        if first is None and start:
            first = quotes.containing(start - 1)  # a content that opens with the quotation mark
        last = quotes.containing(end - 1)
        if speaker_quoted is not None and speaker_quoted in (first, last):
            # "... we said the timetable was agreed ...", quoted as a whole: the inner cue's
            # content is its clause, not the quotation around it.
            widened.append((start, end))
            direct = False
            continue
        if first is not None:
            opening = quotes.quotes[first].start
            if not opening < cue[1] <= start:
                start = min(start, opening)
            end = max(end, quotes.chain_end(first))
        if last is not None:
            end = max(end, quotes.chain_end(last))
        # Verbatim only when the piece is one quotation, not a paraphrase around quoted words.
        direct = direct and first is not None and last in (None, first) \
            and end == quotes.chain_end(first)
        widened.append((start, end))
    return merge_ranges(widened), direct


def adjacent_quotes(text: str, frame: Tuple[int, int], quotes: QuoteIndex,
                    has_content: bool) -> List[Tuple[int, int]]:
    """Quotations right before and right after the speaker and cue, with nothing but a comma or
    colon between: both halves of '"A," she said, "B."' and of '"A," said Jane Doe: "B."'.
    A quotation closed by a full stop before 'The network said that ...' is someone else's."""
    found = []
    i = frame[0]
    while i > 0 and text[i - 1] in " ,":
        i -= 1
    before = quotes.ending_at(i)
    if before is not None and i < frame[0]:
        quote = quotes.quotes[before]
        inner_end = text[quote.start:quote.end].rstrip("\"'”’»").rstrip()
        if not has_content or inner_end.endswith(SPLIT_QUOTE_ENDS):
            found.append((quote.start, quote.end))
    j = frame[1]
    while j < len(text) and text[j] in " ,:":
        j += 1
    after = quotes.starting_at(j)
    if after is not None and j > frame[1] and text[frame[1]:j].strip():
        found.append((quotes.quotes[after].start, quotes.chain_end(after)))
    return found


SPLIT_QUOTE_ENDS = (",", "?", "!", "—", "–", "-", "…")


def quoted_sequel(doc: Doc, end: int, quotes: QuoteIndex) -> List[Tuple[int, int]]:
    """Quotations that follow a quoted content in the same paragraph, in sentences with no cue of
    their own: '"We will not back down," she said. "Not now, not ever."' is one statement."""
    extra = []
    while True:
        nxt = _next_sentence_quote(source_text(doc), end, quotes)
        if nxt is None:
            return extra
        extra.append(nxt)
        end = nxt[1]


def _next_sentence_quote(text: str, end: int, quotes: QuoteIndex) -> Optional[Tuple[int, int]]:
    """The quotation that opens the next sentence, if only spaces (no paragraph break) and the
    sentence's end lie between end and it."""
    i = end
    while i < len(text) and text[i] in ".,;!? ”’\"" and quotes.starting_at(i) is None:
        i += 1
    q = quotes.starting_at(i)
    if q is None or i == end:
        return None
    quote = quotes.quotes[q]
    after = quote.end
    # The quotation must be the whole sentence: nothing but its final punctuation after it.
    while after < len(text) and text[after] in ".!? ":
        if text[after] == " " and after > quote.end:
            break
        after += 1
    if after < len(text) and text[after] not in " \n":
        return None
    return quote.start, quotes.chain_end(q)


def merge_ranges(ranges: List[Tuple[int, int]]) -> List[Tuple[int, int]]:
    merged: List[Tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
