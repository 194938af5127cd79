"""claimx.claim_index finds by position what comparing every claim with every other finds: the
statement whose content holds a claim, and the claims a content holds."""

import random

import pytest

from claimx.claim_index import ClaimsByStart, reporting_statements
from claimx.records import Action, Claim, Content, TextSpan


def claim(start: int, content=None) -> Claim:
    held = Content("", *content) if content else None
    return Claim(type="statement" if content else "event", actor=None,
                 action=Action("", start, start + 3), content=held)


def holder_by_definition(c: Claim, claims):
    """The innermost other claim whose content holds c's action start; the first of equals."""
    holders = [o for o in claims if o is not c and o.content is not None
               and o.content.start <= c.action.start < o.content.end]
    return min(holders, key=lambda o: o.content.end - o.content.start) if holders else None


def ids(claims):
    """Claims compared as objects: two dataclasses with equal fields are not the same claim."""
    return [id(c) if c is not None else None for c in claims]


def test_a_claim_is_held_by_the_innermost_content_not_its_own():
    outer = claim(0, (10, 100))   # "A said that B said that C happened"
    inner = claim(12, (20, 60))
    event = claim(30)
    after = claim(120)
    own = claim(200, (190, 260))  # a content around its own cue holds nothing of its own
    assert ids(reporting_statements([outer, inner, event, after, own])) == \
        ids([None, outer, inner, None, None])


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
    assert ids(reporting_statements(claims)) == ids([holder_by_definition(c, claims) for c in claims])
    by_start = ClaimsByStart(claims)
    spans = [TextSpan("", s, s + rng.randint(0, 80)) for s in rng.sample(range(500), 3)]
    assert ids(by_start.inside(spans)) == ids([c for c in claims
                                               if any(p.start <= c.action.start < p.end for p in spans)])
