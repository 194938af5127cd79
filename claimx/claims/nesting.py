"""Which claim reports which: a claim whose cue lies inside a statement's content is reported by
that statement ("Iranian media said Tehran had arrested ..."), not asserted by the text."""

from typing import Optional, Sequence, Tuple

from claimx.drafts import ClaimDraft, changed


def reporting_statement(index: int, claims: Sequence[ClaimDraft]) -> Optional[int]:
    """The index of the statement whose content holds claims[index] (the innermost, if contents
    nest), else None."""
    start = claims[index].cue.start
    holders = [i for i, other in enumerate(claims) if i != index and other.content is not None
               and other.content.start <= start < other.content.end]
    if not holders:
        return None
    return min(holders, key=lambda i: claims[i].content.end - claims[i].content.start)


def number_claims(claims: Sequence[ClaimDraft]) -> Tuple[ClaimDraft, ...]:
    """Each claim's id in text order; a reported claim's `within` is its statement's id."""
    return tuple(changed(c, id=i, within=reporting_statement(i, claims)) for i, c in enumerate(claims))
