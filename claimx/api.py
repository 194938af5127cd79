"""claimx from Python: texts in, the records `claimx extract` writes out, through the same code
(claimx.running.batch.extract_documents). For a Spark, Ray or pandas job that brings its own texts:

    import claimx
    nlp = claimx.load_pipeline()               # once per process: it takes seconds
    for record in claimx.extract_texts(texts, nlp=nlp, dates=dates, sources=ids):
        ...
"""

import datetime
from typing import Iterable, Iterator, Optional, Union

from claimx.reading.documents import Document, check_text, parse_iso_date
from claimx.records import DocumentError

DateLike = Union[datetime.date, str, None]


def load_pipeline(model: Optional[str] = None, group_by: str = "country"):
    """The spaCy pipeline with claimx's components (claimx.pipeline.load_pipeline)."""
    from claimx.pipeline import load_pipeline as load

    return load(model, group_by=group_by)


def extract_texts(texts: Iterable[Optional[str]], nlp=None, *,
                  dates: Optional[Iterable[DateLike]] = None,
                  sources: Optional[Iterable[str]] = None,
                  reference: Optional[datetime.date] = None,
                  batch_size: int = 32) -> Iterator[dict]:
    """One record per text, in order, as `claimx extract` writes it. sources name them
    (default "text:1", "text:2", ...); dates are their publication dates (a date, an ISO string
    or None), as a JSON Lines record's date field; reference is one date for all (--date). A
    text that is None, not a string or blank gives a record whose errors say so."""
    from claimx.running.batch import extract_documents

    nlp = nlp if nlp is not None else load_pipeline()
    dates = iter(dates) if dates is not None else None
    sources = iter(sources) if sources is not None else None
    documents = (_document(text, number, next(sources) if sources else None,
                           next(dates) if dates else None)
                 for number, text in enumerate(texts, 1))
    return extract_documents(nlp, documents, reference, batch_size)


def _document(text, number: int, source: Optional[str], date: DateLike) -> Document:
    source = f"text:{number}" if source is None else str(source)
    if not isinstance(text, str):
        document = Document(source, error=DocumentError(
            "no_text", f"a {type(text).__name__}, not a text"))
    else:
        document = check_text(source, text)
    document.date = date if isinstance(date, datetime.date) else parse_iso_date(date)
    return document
