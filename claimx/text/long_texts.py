"""Very long texts (a report, a transcript, a book): parsed in parts of a few paragraphs, cut at
paragraph breaks (else at a line break, else after a sentence's full stop, else at a space), then
joined back into one Doc from which claims are extracted as from any other.

spaCy's parser needs memory in proportion to the characters of the batch it parses (about 3 KB a
character: 1 GB for 300,000), and nlp.pipe batches documents by count, so the parts must be
short: a long text then costs what the same words cost as news articles. Since claims are
extracted from the joined Doc, a pronoun or surname after a cut still finds the name before it.
"""

import re
from typing import Dict, Iterable, Iterator, List, Tuple

import numpy
from spacy.tokens import Doc

# Texts up to LONG_TEXT characters (longer than any news article of the PolNeAR corpus) are
# parsed whole; longer ones in parts of at most PART_LENGTH (a few paragraphs: a batch of parts
# then costs what a batch of short news articles does).
LONG_TEXT = 50_000
PART_LENGTH = 2_500

# Where to cut, best first: a blank line, a line break, the end of a sentence, any space.
CUT_POINTS = (re.compile(r"\n[ \t]*\n\s*"), re.compile(r"\n\s*"), re.compile(r"(?<=[.!?])\s+"),
              re.compile(r"\s+"))


def parts_to_parse(text: str, max_length: int) -> List[Tuple[int, str]]:
    """(offset, part) pairs covering text in order: the whole text if it is short enough, else
    parts of at most PART_LENGTH characters (and at most the model's max_length)."""
    if len(text) <= min(LONG_TEXT, max_length):
        return [(0, text)]
    return split_text(text, min(PART_LENGTH, max_length))


def join_parts(nlp, stream: Iterable) -> Iterator:
    """nlp.pipe's (doc, (context, offset, last)) stream, with the parsed parts of each long text
    (claimx.pipeline.make_doc(part=True), which claimx_claims leaves alone) joined into one Doc
    whose claims are then extracted: (doc, (context, 0, True)) for each document. Should the
    joining fail, each part's claims are extracted on their own and the parts passed on as
    they came (for merge_results), rather than the text lost."""
    parts: List[Tuple[Doc, tuple]] = []
    for doc, (context, offset, last) in stream:
        if last and not parts:
            yield doc, (context, offset, last)
            continue
        # A Doc's tensor is a view of its whole batch's output: kept, it would keep every batch.
        doc.tensor = numpy.zeros((0,), dtype="float32")
        parts.append((doc, (context, offset, last)))
        if last:
            try:
                joined = [(whole_doc(nlp, [part for part, _ in parts]), (context, 0, True))]
            except Exception:  # one odd text must not stop a run
                joined = [(_extracted_alone(nlp, part), where) for part, where in parts]
            yield from joined
            parts = []


def _extracted_alone(nlp, part: Doc) -> Doc:
    from claimx.components.claims import PART_ATTR

    part._.set(PART_ATTR, None)
    return nlp.get_pipe("claimx_claims")(part)


def whole_doc(nlp, parts: List[Doc]) -> Doc:
    """One Doc from the parts of a text (parse, sentences and entities kept), its claims
    extracted."""
    from claimx.components.claims import REFERENCE_ATTR, REFERENCE_SOURCE_ATTR
    from claimx.text.document import TEXT_ATTR

    # The parts' parse texts are the text with its page chrome blanked; as read, it is kept apart.
    as_read = "".join(part._.get(TEXT_ATTR) or part.text for part in parts)
    whole = Doc.from_docs(parts, ensure_whitespace=False, exclude=["tensor", "user_data"])
    whole._.set(TEXT_ATTR, as_read if as_read != whole.text else None)
    for attr in (REFERENCE_ATTR, REFERENCE_SOURCE_ATTR):
        whole._.set(attr, parts[0]._.get(attr))
    return nlp.get_pipe("claimx_claims")(whole)


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
