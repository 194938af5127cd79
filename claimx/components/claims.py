"""claimx_claims: the spaCy component that extracts claims and stores the result on the Doc.

Input:  doc._.claimx_reference_date (an ISO date string or None), and what make_doc keeps on
        the Doc: the text as read and its page layout (claimx.text.document); the Doc of a part
        of a long text (doc._.claimx_part) is left alone, since claims are extracted from the
        parts joined (claimx.text.long_texts).
Output: doc._.claimx_result, the document's result as a dict (schema_version 1) without "source".

A bug met by one odd document must not stop a batch: by default an exception during extraction
is logged (logger "claimx", with its traceback) and the document's result carries an "internal"
error instead of claims. With raise_errors=True (the tests run so) the exception propagates.
"""

import datetime
import logging

from spacy.language import Language
from spacy.tokens import Doc

from claimx.extract import build_result
from claimx.records import DocumentError, DocumentResult
from claimx.text.document import (  # noqa: F401  (RESULT_ATTR: where callers read the result)
    PART_ATTR,
    REFERENCE_ATTR,
    REFERENCE_SOURCE_ATTR,
    RESULT_ATTR,
    TEXT_ATTR,
    register_extensions,
)

logger = logging.getLogger("claimx")

GROUPINGS = ("country", "actor")


class ClaimExtractor:
    def __init__(self, nlp: Language, name: str, group_by: str = "country", raise_errors: bool = False):
        if group_by not in GROUPINGS:
            raise ValueError(f"group_by must be one of {', '.join(GROUPINGS)}, not {group_by!r}")
        register_extensions()
        self.name = name
        self.group_by = group_by
        self.raise_errors = raise_errors

    def __call__(self, doc: Doc) -> Doc:
        if doc._.get(PART_ATTR):
            return doc
        borrowed = doc._.get(TEXT_ATTR) is None  # extraction caches doc.text there
        iso = doc._.get(REFERENCE_ATTR)
        reference = datetime.date.fromisoformat(iso) if iso else None
        try:
            result = build_result(doc, source="", reference=reference,
                                  reference_source=doc._.get(REFERENCE_SOURCE_ATTR),
                                  group_by=self.group_by)
        except Exception as err:
            if self.raise_errors:
                raise
            logger.exception("claim extraction failed on a document of %d characters starting %r",
                             len(doc.text), doc.text[:60])
            result = DocumentResult(source="", errors=[DocumentError(
                "internal", f"claim extraction failed ({type(err).__name__}: {err}); please report it")])
        doc._.set(RESULT_ATTR, result.to_dict())
        if borrowed:
            doc._.set(TEXT_ATTR, None)
        return doc


@Language.factory("claimx_claims", assigns=["doc._.claimx_result"],
                  default_config={"group_by": "country", "raise_errors": False})
def make_claim_extractor(nlp: Language, name: str, group_by: str, raise_errors: bool):
    """group_by "country": people and institutions filed under their state; "actor": each
    person, institution or state a party of its own. raise_errors: let an exception during
    extraction propagate instead of logging it and recording an "internal" error."""
    return ClaimExtractor(nlp, name, group_by, raise_errors)
