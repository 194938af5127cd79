"""Tell an article's body from its page chrome (menus, sharing prompts, "Read more" headline lists).

Works on lines of raw text, so it runs before and independently of spaCy. A line is chrome when
it matches a pattern in models/boilerplate.txt, or when it is headline-like (short, no sentence
punctuation at its end): such a line states no claim of the article, even when it reads like one,
and after a "Read more:" marker every headline-like line is another article's title.
"""

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import List, Optional, Tuple

from claimx.assets import load_lexicon

SENTENCE_END = tuple(".!?:;…")
CLOSERS = "\"'”’»)]"  # a line ending in a quotation or bracket ends where the text inside ends
HEADLINE_MAX_WORDS = 25
INNER_SENTENCE_ENDS = (". ", "? ", "! ", ".”", "?”", "!”", '."', '?"', '!"', ".’", ".''")


@lru_cache(maxsize=1)
def _patterns():
    return tuple(re.compile(p, re.IGNORECASE) for p in sorted(load_lexicon("boilerplate.txt")))


@dataclass
class PageLayout:
    title: Optional[Tuple[int, int]]  # span of the headline, if the text starts with one
    chrome: List[Tuple[int, int]]  # spans of lines that carry no claims, in text order

    def is_chrome(self, start: int, end: int) -> bool:
        # Lines do not overlap: only the last one starting at or before start can hold the span.
        last = bisect_right(self.chrome, (start, float("inf"))) - 1
        return last >= 0 and end <= self.chrome[last][1]


def _lines(text: str):
    start = 0
    for line in text.split("\n"):
        yield start, start + len(line), line
        start += len(line) + 1


def is_boilerplate(line: str) -> bool:
    return any(p.search(line) for p in _patterns())


def is_headline_like(line: str) -> bool:
    stripped = line.strip()
    # A full sentence inside the line ('"We stay." ― Ana Ruiz') makes it prose, not a headline.
    has_sentence = any(mark in stripped for mark in INNER_SENTENCE_ENDS)
    return bool(stripped) and not has_sentence and not stripped.rstrip(CLOSERS).endswith(SENTENCE_END) \
        and len(stripped.split()) <= HEADLINE_MAX_WORDS


def read_layout(text: str) -> PageLayout:
    title = None
    chrome = []
    seen_body = False
    for start, end, line in _lines(text):
        stripped = line.strip()
        if not stripped:
            continue
        lead = start + (len(line) - len(line.lstrip()))
        span = (lead, lead + len(stripped))
        if is_boilerplate(stripped):
            chrome.append(span)
        elif is_headline_like(stripped):
            if title is None and not seen_body:
                title = span
            chrome.append(span)
        else:
            seen_body = True
    return PageLayout(title=title, chrome=chrome)


def blank_chrome(text: str, layout: PageLayout) -> str:
    """text with its chrome lines turned to spaces: the parser then sees only the article, and
    every offset still points at the same character of the original."""
    if not layout.chrome:
        return text
    chars = list(text)
    for start, end in layout.chrome:
        chars[start:end] = " " * (end - start)
    return "".join(chars)
