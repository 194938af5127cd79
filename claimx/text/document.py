"""What claimx keeps on a spaCy Doc (its custom attributes, registered here and only here) and
the document-wide readings every rule shares: the text as read, its page layout, its entities.

Attributes, all plain data so that Docs cross process boundaries in nlp.pipe(n_process=...):
  claimx_text                   the text as read, when the Doc was made from a copy with its page
                                chrome blanked (claimx.pipeline.make_doc); None when doc.text is it
  claimx_layout                 the page layout make_doc read: {"title": [start, end] or None,
                                "chrome": [[start, end], ...]}; None: read it when needed
  claimx_reference_date         ISO date (or None) to resolve relative dates against
  claimx_reference_date_source  where that date came from ("option", "header", ...)
  claimx_result                 the result dict the claimx_claims component stores
  claimx_part                   True on the Doc of a part of a long text: claims are extracted
                                from the parts joined (claimx.text.long_texts), not from each part
"""

from bisect import bisect_left, bisect_right
from contextlib import contextmanager
from typing import Iterator, Optional

from spacy.tokens import Doc

from claimx.text.chrome import PageLayout, read_layout

TEXT_ATTR = "claimx_text"
LAYOUT_ATTR = "claimx_layout"
REFERENCE_ATTR = "claimx_reference_date"
REFERENCE_SOURCE_ATTR = "claimx_reference_date_source"
RESULT_ATTR = "claimx_result"
PART_ATTR = "claimx_part"


def register_extensions() -> None:
    for attr in (TEXT_ATTR, LAYOUT_ATTR, REFERENCE_ATTR, REFERENCE_SOURCE_ATTR, RESULT_ATTR,
                 PART_ATTR):
        if not Doc.has_extension(attr):
            Doc.set_extension(attr, default=None)


register_extensions()


def source_text(doc: Doc) -> str:
    """The document as read. The parse may have run on a copy with page chrome blanked out
    (same length, so offsets agree); spans are always cut from the text as read. Kept on the
    Doc once read, since spaCy rebuilds doc.text from its tokens on every access."""
    text = doc._.get(TEXT_ATTR)
    if text is None:
        text = doc.text
        doc._.set(TEXT_ATTR, text)
    return text


def layout_data(layout: PageLayout) -> dict:
    return {"title": list(layout.title) if layout.title else None,
            "chrome": [list(span) for span in layout.chrome]}


def document_layout(doc: Doc) -> PageLayout:
    """The page layout make_doc read, else read now from the text."""
    data = doc._.get(LAYOUT_ATTR)
    if data is None:
        return read_layout(source_text(doc))
    return PageLayout(title=tuple(data["title"]) if data["title"] else None,
                      chrome=[tuple(span) for span in data["chrome"]])


# doc.ents builds new Span objects on every access; extraction reads them per claim, so the
# document's are kept while it is extracted (scoped_entities), with their start tokens, so that a
# sentence's or a token's entities are found by bisection (a book-length text has tens of
# thousands of entities and thousands of claims); dropped after, even on error.
_SCOPED: list = [None, (), []]  # the Doc, its entities, their start tokens


@contextmanager
def scoped_entities(doc: Doc) -> Iterator[None]:
    ents = tuple(doc.ents)
    _SCOPED[:] = [doc, ents, [e.start for e in ents]]
    try:
        yield
    finally:
        _SCOPED[:] = [None, (), []]


def _entities_and_starts(doc: Doc):
    if _SCOPED[0] is doc:
        return _SCOPED[1], _SCOPED[2]
    ents = tuple(doc.ents)
    return ents, [e.start for e in ents]


def entities(doc: Doc) -> tuple:
    """doc.ents, computed once per document during its extraction."""
    return _entities_and_starts(doc)[0]


def entities_within(doc: Doc, start: int, end: int) -> tuple:
    """The entities that start at a token in [start, end), in order (doc.ents do not overlap)."""
    ents, starts = _entities_and_starts(doc)
    return ents[bisect_left(starts, start):bisect_left(starts, end)]


def sentence_entities(sent) -> list:
    """The entities that start inside a sentence span."""
    return list(entities_within(sent.doc, sent.start, sent.end))


def entity_at(token) -> Optional[object]:
    """The entity a token is part of, or None."""
    if not token.ent_type_:
        return None
    ents, starts = _entities_and_starts(token.doc)
    last = bisect_right(starts, token.i) - 1  # the last entity starting at or before it
    return ents[last] if last >= 0 and token.i < ents[last].end else None
