"""claimx.claims.nesting finds by position what comparing every claim with every other finds:
the statement whose content holds a claim, and the claims a content holds."""

import random

import pytest

from claimx.claims.nesting import ClaimsByStart, reporting_statements
from claimx.drafts import ClaimDraft
from claimx.records import Content, TextSpan


def claim(start: int, content=None) -> ClaimDraft:
    held = Content("", *content) if content else None
    return ClaimDraft(type="statement" if content else "event", verb=None,
                      cue=TextSpan("", start, start + 3), lemma="", category=None, content=held)


def holder_by_definition(i: int, claims):
    """The innermost other claim whose content holds claims[i]'s cue start; the first of equals."""
    start = claims[i].cue.start
    holders = [j for j, o in enumerate(claims) if j != i and o.content is not None
               and o.content.start <= start < o.content.end]
    return min(holders, key=lambda j: claims[j].content.end - claims[j].content.start) \
        if holders else None


def test_a_claim_is_held_by_the_innermost_content_not_its_own():
    outer = claim(0, (10, 100))   # "A said that B said that C happened"
    inner = claim(12, (20, 60))
    event = claim(30)
    after = claim(120)
    own = claim(200, (190, 260))  # a content around its own cue holds nothing of its own
    assert reporting_statements([outer, inner, event, after, own]) == [None, 0, 1, None, None]


@pytest.mark.parametrize("seed", range(20))
def test_random_layouts_agree_with_the_definition(seed):
    rng = random.Random(seed)
    claims = []
    for _ in range(rng.randint(1, 60)):
        start = rng.randrange(0, 500)
        if rng.random() < 0.5:
            begin = max(0, start + rng.randint(-50, 20))
            claims.append(claim(start, (begin, begin + rng.choice([0, 5, 30, 30, 200]))))
        else:
            claims.append(claim(start))
    rng.shuffle(claims)
    assert reporting_statements(claims) == [holder_by_definition(i, claims) for i in range(len(claims))]
    by_start = ClaimsByStart(claims)
    spans = [TextSpan("", s, s + rng.randint(0, 80)) for s in rng.sample(range(500), 3)]
    assert by_start.inside(spans) == [i for i, c in enumerate(claims)
                                      if any(p.start <= c.cue.start < p.end for p in spans)]
