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
"""

from contextlib import contextmanager
from typing import Iterator, Optional

from spacy.tokens import Doc

from claimx.text.chrome import PageLayout, read_layout

TEXT_ATTR = "claimx_text"
LAYOUT_ATTR = "claimx_layout"
REFERENCE_ATTR = "claimx_reference_date"
REFERENCE_SOURCE_ATTR = "claimx_reference_date_source"
RESULT_ATTR = "claimx_result"


def register_extensions() -> None:
    for attr in (TEXT_ATTR, LAYOUT_ATTR, REFERENCE_ATTR, REFERENCE_SOURCE_ATTR, RESULT_ATTR):
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
# document's are kept while it is extracted (scoped_entities), and dropped after, even on error.
_SCOPED: list = [None, ()]


@contextmanager
def scoped_entities(doc: Doc) -> Iterator[None]:
    _SCOPED[0], _SCOPED[1] = doc, tuple(doc.ents)
    try:
        yield
    finally:
        _SCOPED[0], _SCOPED[1] = None, ()


def entities(doc: Doc) -> tuple:
    """doc.ents, computed once per document during its extraction."""
    if _SCOPED[0] is doc:
        return _SCOPED[1]
    return tuple(doc.ents)


def sentence_entities(sent) -> list:
    """The entities that start inside a sentence span."""
    return [e for e in entities(sent.doc) if sent.start <= e.start < sent.end]


def entity_at(token) -> Optional[object]:
    """The entity a token is part of, or None."""
    if not token.ent_type_:
        return None
    return next((e for e in entities(token.doc) if e.start <= token.i < e.end), None)
