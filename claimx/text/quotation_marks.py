"""Find quotations in raw text: pairs of quotation marks that survive odd counts and mixed styles.

Rules, in order of trust:
- Curly marks say which side they are on; straight marks are read from their neighbours
  (after a space or an opening bracket: opening; before a space or punctuation: closing).
  Two apostrophes ('') stand for a straight double quotation mark, as in some newswire text.
- A quotation never crosses a paragraph break, except by the news convention for long quotes:
  a paragraph that ends inside a quote and a next paragraph that opens with a quotation mark.
- An unmatched mark is dropped rather than allowed to swallow the rest of the document.
"""

import re
from dataclasses import dataclass
from typing import List

OPENING = {"“": "”", "«": "»", "„": "“", "‘": "’", '"': '"'}
CLOSING = {"”", "»", "’", '"', "“"}
DOUBLE = {"“", "”", "«", "»", "„", '"'}
PARAGRAPH_BREAK = "\n\n"
TWO_APOSTROPHES = "''"
# Where find_quotes has something to do: a quotation mark, two apostrophes, a paragraph break.
MARKS = "".join(sorted(set(OPENING) | CLOSING))
EVENTS = re.compile("|".join([TWO_APOSTROPHES, f"[{re.escape(MARKS)}]", "\n\n", "\r\n\r\n"]))


@dataclass(frozen=True)
class Quote:
    start: int  # index of the opening mark
    end: int  # index just past the closing mark (or the paragraph end for a continued quote)
    continued: bool = False  # goes on in the next paragraph (multi-paragraph quotation)


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _mark_width(text: str, i: int) -> int:
    return 2 if text.startswith(TWO_APOSTROPHES, i) else 1


def _side(text: str, i: int) -> str:
    """'open', 'close' or '' (not a quotation mark here, e.g. an apostrophe)."""
    width = _mark_width(text, i)
    ch = '"' if width == 2 else text[i]
    before = text[i - 1] if i > 0 else " "
    after = text[i + width] if i + width < len(text) else " "
    if ch in ("‘", "’"):
        # Single curly marks are mostly apostrophes (it’s, ’90s); accept only clear word boundaries.
        if ch == "‘" and not _is_word(before) and _is_word(after):
            return "open"
        if ch == "’" and not _is_word(after) and before not in " \n\t" \
                and not _is_plural_possessive(text, i):
            return "close"
        return ""
    if ch in ("“", "«", "„"):
        return "open"
    if ch in ("”", "»"):
        return "close"
    # Straight double quote: decide from its neighbours.
    if before.isspace() or before in "([{—–-/:" or i == 0:
        return "open"
    if after.isspace() or after in ".,;:!?)]}—–-/" or i + width == len(text):
        return "close"
    return "open" if not _is_word(before) else "close"


def _is_plural_possessive(text: str, i: int) -> bool:
    # "countries’ ties", unless a single quotation was opened just before.
    return i > 0 and text[i - 1] == "s" and i + 1 < len(text) and text[i + 1] == " " \
        and text.rfind("‘", max(0, i - 300), i) == -1


def find_quotes(text: str) -> List[Quote]:
    """All quotations in text, in order, as spans that include their quotation marks."""
    quotes: List[Quote] = []
    open_at = -1
    open_style = ""
    i, n = 0, len(text)
    while i < n:
        event = EVENTS.search(text, i)  # the characters before it change nothing
        if event is None:
            break
        i = event.start()
        ch = text[i]
        if open_at >= 0 and _paragraph_break_at(text, i):
            nxt = _next_paragraph_start(text, i)
            mark = '"' if _mark_width(text, nxt) == 2 else (text[nxt] if nxt < n else "")
            if mark in OPENING and _side(text, nxt) == "open" and (mark in DOUBLE) == (open_style in DOUBLE):
                quotes.append(Quote(open_at, _trim_end(text, i), continued=True))
                open_at, open_style = nxt, text[nxt]
                i = nxt + 1
                continue
            open_at = -1  # unbalanced: drop the lone mark
        width = _mark_width(text, i)
        if width == 2:
            ch = '"'
        if ch in OPENING or ch in CLOSING:
            side = _side(text, i)
            same_family = open_at >= 0 and (ch in DOUBLE) == (open_style in DOUBLE)
            if side == "close" and same_family:
                quotes.append(Quote(open_at, i + width))
                open_at = -1
            elif side == "open" and (open_at < 0 or same_family):
                open_at, open_style = i, ch  # a second opening mark replaces an unclosed one
        i += width
    return quotes


def _paragraph_break_at(text: str, i: int) -> bool:
    """A blank line starts at i ("\n\n", or "\r\n\r\n" in a file with Windows line ends)."""
    return text.startswith(PARAGRAPH_BREAK, i) or text.startswith("\r\n\r\n", i)


def _next_paragraph_start(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def _trim_end(text: str, i: int) -> int:
    while i > 0 and text[i - 1].isspace():
        i -= 1
    return i
