"""Speakers marked by punctuation instead of a verb.

A quotation signed with a dash ('"We stay." ― Ana Ruiz') and a line that opens with a name
before a colon ('RUIZ: We stay.', 'Poll: Voters ...') are statements of that speaker.
"""

from typing import Iterator, Optional, Tuple

from spacy.tokens import Doc

from claimx.assets import load_lexicon
from claimx.claims.quotations import QuoteIndex
from claimx.claims.statements import make_content
from claimx.drafts import ClaimDraft
from claimx.records import TextSpan
from claimx.text.document import source_text
from claimx.text.syntax import sentence_span

SPEAKER_DASHES = ("―", "—", "--", "–")
NAME_WORDS_MAX = 6
LABEL_WORDS_MAX = 4


def find_marked_speakers(doc: Doc, quotes: QuoteIndex) -> Iterator[ClaimDraft]:
    """Speakers marked by punctuation instead of a verb: a quotation signed with a dash
    ('"We stay." ― Ana Ruiz') and a name before a colon ('RUIZ: We stay.', 'Poll: Voters ...')."""
    text = source_text(doc)
    for line_start, line in _lines(text):
        yield from _dash_signature(doc, text, quotes, line_start, line)
        yield from _colon_label(doc, text, line_start, line)


def _lines(text: str):
    start = 0
    for line in text.split("\n"):
        yield start, line
        start += len(line) + 1


def _dash_signature(doc, text, quotes, line_start, line):
    for dash in SPEAKER_DASHES:
        at = line.rfind(dash)
        if at <= 0:
            continue
        before = line_start + len(line[:at].rstrip())
        quote = quotes.ending_at(before)
        name = _name_span(text, line_start + at + len(dash), line_start + len(line))
        if quote is None or name is None:
            continue
        q = quotes.quotes[quote]
        start = q.start
        while quote > 0 and quotes.quotes[quote - 1].continued:  # a quotation over paragraphs
            quote -= 1
            start = quotes.quotes[quote].start
        cue = (line_start + at, line_start + at + len(dash))
        yield _marked_claim(doc, text, name, cue, [(start, q.end)], direct=True)
        return


def _colon_label(doc, text, line_start, line):
    lead = len(line) - len(line.lstrip(" \t\"“'‘"))
    colon = line.find(":", lead)
    if colon <= lead:
        return
    label = line[lead:colon]
    words = label.split()
    rest = line[colon + 1:].strip()
    if not (1 <= len(words) <= LABEL_WORDS_MAX) or not all(w[:1].isupper() for w in words) \
            or label.strip().lower() in load_lexicon("not_speakers.txt") or len(rest.split()) < 3:
        return
    content_start = line_start + colon + 1 + (len(line[colon + 1:]) - len(line[colon + 1:].lstrip()))
    content = char_range_trimmed(text, content_start, line_start + len(line))
    name = (line_start + lead, line_start + lead + len(label.rstrip()))
    if content is None:
        return
    yield _marked_claim(doc, text, name, (line_start + colon, line_start + colon + 1), [content],
                        direct=False)


def _name_span(text: str, start: int, end: int) -> Optional[Tuple[int, int]]:
    """A short capitalised name after a dash, up to a comma or the end of the line."""
    segment = text[start:end]
    cut = min([i for i in (segment.find(","), segment.find("(")) if i >= 0] or [len(segment)])
    name = segment[:cut].strip().rstrip(".")
    words = name.split()
    if not (1 <= len(words) <= NAME_WORDS_MAX) or not words[0][:1].isupper():
        return None
    first = start + segment.index(name)
    return first, first + len(name)


def char_range_trimmed(text: str, start: int, end: int) -> Optional[Tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _marked_claim(doc, text, name, cue, pieces, direct) -> ClaimDraft:
    span = doc.char_span(name[0], name[1], alignment_mode="expand")
    heads = (span.root.i,) if span is not None and len(span) else ()
    sent = doc.char_span(cue[0], cue[1], alignment_mode="expand")
    sentence = sentence_span(text, sent[0].sent) if sent is not None and len(sent) else None
    return ClaimDraft(
        type="statement",
        verb=None,
        cue=TextSpan.of(text, cue[0], cue[1]),
        lemma=text[cue[0]:cue[1]],
        category="STATEMENT",
        actor=TextSpan.of(text, *name),
        actor_heads=heads,
        content=make_content(text, pieces, direct),
        sentence=sentence,
    )
