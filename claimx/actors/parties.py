"""File claims into the parties their actors stand for.

Claims are grouped by country, people and institutions under their state (listed as its
members); with group_by "actor" each person or body is a party of its own, with its state's
code. A claim whose actor cannot be placed is filed under a party of kind "unknown", never
dropped. Parties come in the order of their first claim.
"""

from dataclasses import replace
from functools import lru_cache
from typing import Dict, List, Sequence, Tuple

from claimx.actors.gazetteer import ActorInfo
from claimx.actors.resolver import UNKNOWN
from claimx.drafts import ClaimDraft, PartyDraft
from claimx.records import Member


def as_party(info: ActorInfo) -> ActorInfo:
    """A state's member as a party of its own (--group-by actor), keeping the state's code."""
    member = info.member
    return ActorInfo(member.name, member.kind, info.code, member.sector)


def party_key(info: ActorInfo) -> str:
    if info.kind == "country" and info.code:
        return "country:" + info.code
    return f"{info.kind}:{info.name.lower()}"


UNKNOWN_PARTY = party_key(UNKNOWN)


def filed_parties(claim: ClaimDraft, group_by: str) -> Tuple[Tuple[str, ActorInfo], ...]:
    """(key, party) for each party the claim is filed under: one per member of a joint actor,
    each once; "unknown" when the actor was not placed or there is none."""
    return _filed(claim.parties, group_by)


@lru_cache(maxsize=4096)
def _filed(parties: Tuple[ActorInfo, ...], group_by: str) -> Tuple[Tuple[str, ActorInfo], ...]:
    filed: List[Tuple[str, ActorInfo]] = []
    for info in parties or (UNKNOWN,):
        if group_by == "actor" and info.member is not None:
            info = as_party(info)
        key = party_key(info)
        if all(key != k for k, _ in filed):
            filed.append((key, info))
    return tuple(filed)


def add_member(members: List[Member], member: Member) -> Member:
    """Each person or body once, as the party's member it is: "Iranian state media" and a later
    "Iranian media" are one (same kind, sector and last word); a person's role is kept once
    known."""
    for i, known in enumerate(members):
        if known.kind == member.kind and (known.name == member.name or member.kind != "person"
                                          and known.sector == member.sector
                                          and known.name.split()[-1] == member.name.split()[-1]):
            if known.role is None and member.role:
                members[i] = known = replace(known, role=member.role)
            return known
    members.append(member)
    return member


def file_into_parties(claims: Sequence[ClaimDraft], group_by: str
                      ) -> Tuple[Tuple[ClaimDraft, ...], Tuple[PartyDraft, ...]]:
    """The claims with the member their actor is, and the parties in order of their first
    claim, each with its claims (indices), members and aliases."""
    parties: Dict[str, dict] = {}
    filed_claims = []
    for index, claim in enumerate(claims):
        # A joint actor ("Norway and Iceland") names no single party; an unplaced one none.
        single = len(claim.parties) == 1
        member_name = None
        for key, info in filed_parties(claim, group_by):
            party = parties.get(key)
            if party is None:
                # A country gathers several sectors (its ministry, army, media): none is its own.
                party = parties[key] = {"info": info, "aliases": [], "members": [], "claims": []}
            party["claims"].append(index)
            if info.member is not None:
                member = add_member(party["members"], info.member)
                if single:
                    member_name = member.name
            if claim.actor is not None and single and claim.actor.text not in party["aliases"] \
                    and claim.actor.text != party["info"].name:
                party["aliases"].append(claim.actor.text)
        filed_claims.append(replace(claim, member=member_name) if member_name else claim)
    return tuple(filed_claims), tuple(
        PartyDraft(name=p["info"].name, kind=p["info"].kind, code=p["info"].code,
                   sector=p["info"].sector if p["info"].kind != "country" else None,
                   aliases=tuple(p["aliases"]), members=tuple(p["members"]),
                   claims=tuple(p["claims"]))
        for p in parties.values())
