"""Texts longer than the model's max_length: parsed in parts cut at paragraph breaks, their
results merged back into one result whose offsets are into the whole text.

A claim never spans two parts, since parts end at a paragraph break where there is one (else at a
line break, else after a sentence's full stop, else at a space); only the resolution of a pronoun
or surname to a name in an earlier part is lost at a cut.
"""

import re
from typing import Dict, List, Tuple

# Where to cut, best first: a blank line, a line break, the end of a sentence, any space.
CUT_POINTS = (re.compile(r"\n[ \t]*\n\s*"), re.compile(r"\n\s*"), re.compile(r"(?<=[.!?])\s+"),
              re.compile(r"\s+"))


def split_text(text: str, max_length: int) -> List[Tuple[int, str]]:
    """(offset, part) pairs covering text in order, each part at most max_length characters
    (the whitespace at a cut is kept by the part before it)."""
    parts = []
    start = 0
    while len(text) - start > max_length:
        end = _cut(text, start, start + max_length)
        parts.append((start, text[start:end]))
        start = end
    parts.append((start, text[start:]))
    return parts


def _cut(text: str, start: int, limit: int) -> int:
    """The best cut in text[start:limit]: the end of its last separator of the best kind found in
    the window's second half (so parts do not become tiny), else a hard cut at limit."""
    floor = start + (limit - start) // 2
    for pattern in CUT_POINTS:
        ends = [m.end() for m in pattern.finditer(text, floor, limit) if m.end() <= limit]
        if ends:
            return ends[-1]
    return limit


def merge_results(parts: List[Tuple[int, dict]]) -> dict:
    """One result from the results of a text's parts, given with each part's offset: parties
    joined by name, kind and code in order of first appearance, every span shifted into the
    whole text, errors kept."""
    merged = dict(parts[0][1])
    parties: Dict[tuple, dict] = {}
    errors = []
    first_id = 0  # claim ids run on from part to part
    for offset, result in parts:
        errors.extend(result["errors"])
        ids = [c["id"] for p in result["parties"] for c in p["claims"]]
        for party in result["parties"]:
            key = (party["name"], party["kind"], party["code"])
            into = parties.setdefault(key, {**party, "aliases": [], "members": [], "claims": []})
            into["aliases"] += [a for a in party["aliases"] if a not in into["aliases"]]
            into["members"] += [m for m in party["members"] if m not in into["members"]]
            into["claims"] += [_renumbered(_shifted(claim, offset), first_id)
                               for claim in party["claims"]]
        first_id += max(ids) + 1 if ids else 0
    merged["parties"] = list(parties.values())
    merged["errors"] = errors
    return merged


def _renumbered(claim: dict, first_id: int) -> dict:
    claim["id"] += first_id
    if claim["within"] is not None:
        claim["within"] += first_id
    return claim


def _shifted(value, offset: int):
    """A copy of a claim (or any part of it) with every start/end moved by offset."""
    if isinstance(value, list):
        return [_shifted(v, offset) for v in value]
    if not isinstance(value, dict):
        return value
    moved = {k: _shifted(v, offset) for k, v in value.items()}
    if isinstance(moved.get("start"), int) and isinstance(moved.get("end"), int):
        moved["start"] += offset
        moved["end"] += offset
    return moved
