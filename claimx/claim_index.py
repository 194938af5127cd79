"""Which claims a statement's content holds, and which statement holds a claim, found by position
rather than by comparing every claim with every other: a book-length text has thousands of
claims, and those comparisons took most of its extraction time.

A claim is held by a content when its action starts inside it.
"""

import heapq
from bisect import bisect_left
from typing import List, Optional

from claimx.records import Claim


class ClaimsByStart:
    """The claims of a document, to be looked up by where their action starts."""

    def __init__(self, claims: List[Claim]):
        self.claims = claims
        self.order = sorted(range(len(claims)), key=lambda i: claims[i].action.start)
        self.starts = [claims[i].action.start for i in self.order]

    def inside(self, spans) -> List[Claim]:
        """The claims whose action starts inside any of the spans (with .start and .end), in the
        order of the list given."""
        found = set()
        for span in spans:
            found.update(self.order[bisect_left(self.starts, span.start):
                                    bisect_left(self.starts, span.end)])
        return [self.claims[i] for i in sorted(found)]


def reporting_statements(claims: List[Claim]) -> List[Optional[Claim]]:
    """For each claim, the statement whose content holds it (the innermost if contents nest; of
    equally long ones, the first in the list), or None. A sweep along the text: a content is
    open from its start, and closed for good once a claim starts at or after its end."""
    holders: List[Optional[Claim]] = [None] * len(claims)
    contents = sorted((c.content.start, i) for i, c in enumerate(claims) if c.content is not None)
    opened: list = []  # heap of (length, index, end) of the contents begun so far
    next_content = 0
    for i in sorted(range(len(claims)), key=lambda i: claims[i].action.start):
        point = claims[i].action.start
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
            holders[i] = claims[opened[0][1]]
        if own is not None:
            heapq.heappush(opened, own)
    return holders
