"""Which claim reports which: a claim whose cue starts inside a statement's content is reported
by that statement ("Iranian media said Tehran had arrested ..."), not asserted by the text.

Found by position rather than by comparing every claim with every other: a book-length text has
thousands of claims, and those comparisons took most of its extraction time.
"""

import heapq
from bisect import bisect_left
from typing import List, Optional, Sequence, Tuple

from claimx.drafts import ClaimDraft, changed


class ClaimsByStart:
    """The claims of a document, looked up by where their cue starts."""

    def __init__(self, claims: Sequence[ClaimDraft]):
        self.order = sorted(range(len(claims)), key=lambda i: claims[i].cue.start)
        self.starts = [claims[i].cue.start for i in self.order]

    def inside(self, spans) -> List[int]:
        """The indices of the claims whose cue starts inside any of the spans (with .start and
        .end), in the order of the claims."""
        found = set()
        for span in spans:
            found.update(self.order[bisect_left(self.starts, span.start):
                                    bisect_left(self.starts, span.end)])
        return sorted(found)


def reporting_statements(claims: Sequence[ClaimDraft]) -> List[Optional[int]]:
    """For each claim, the index of the statement whose content holds it (the innermost if
    contents nest; of equally long ones, the first in the list), or None. A sweep along the
    text: a content is open from its start, and closed for good once a claim starts at or after
    its end."""
    holders: List[Optional[int]] = [None] * len(claims)
    contents = sorted((c.content.start, i) for i, c in enumerate(claims) if c.content is not None)
    opened: list = []  # heap of (length, index, end) of the contents begun so far
    next_content = 0
    for i in sorted(range(len(claims)), key=lambda i: claims[i].cue.start):
        point = claims[i].cue.start
        while next_content < len(contents) and contents[next_content][0] <= point:
            held = claims[contents[next_content][1]].content
            heapq.heappush(opened, (held.end - held.start, contents[next_content][1], held.end))
            next_content += 1
        own = None  # a claim is not held by its own content
        while opened and (opened[0][2] <= point or opened[0][1] == i):
            entry = heapq.heappop(opened)
            if entry[1] == i and entry[2] > point:
                own = entry
        if opened:
            holders[i] = opened[0][1]
        if own is not None:
            heapq.heappush(opened, own)
    return holders


def number_claims(claims: Sequence[ClaimDraft]) -> Tuple[ClaimDraft, ...]:
    """Each claim's id in text order; a reported claim's `within` is its statement's id."""
    return tuple(changed(c, id=i, within=holder)
                 for i, (c, holder) in enumerate(zip(claims, reporting_statements(claims))))
