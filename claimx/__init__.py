"""claimx: extract claims (who said or did what, to whom, when) from news articles.

    import claimx
    nlp = claimx.load_pipeline()
    records = claimx.extract_texts(texts, nlp=nlp)        # the records `claimx extract` writes
    doc = nlp(claimx.make_doc(nlp, text))                 # or one spaCy Doc at a time

The Python API, imported on first use: the command line imports claimx without wanting spaCy
loaded yet, and user code need not know which module holds what.
"""

__version__ = "0.1.0"

__all__ = ["extract_texts", "load_pipeline", "make_doc"]


def __getattr__(name: str):
    if name in ("extract_texts", "load_pipeline"):
        from claimx import api

        return getattr(api, name)
    if name == "make_doc":
        from claimx.pipeline import make_doc

        return make_doc
    raise AttributeError(f"module 'claimx' has no attribute {name!r}")
