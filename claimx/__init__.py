"""claimx: extract claims (who said or did what, to whom, when) from news articles.

    from claimx import load_pipeline, make_doc

These two are the Python API; they are imported on first use, so that `import claimx` (and the
command line's start) does not load spaCy.
"""

__version__ = "0.1.0"
__all__ = ["load_pipeline", "make_doc", "__version__"]


def __getattr__(name):
    if name in ("load_pipeline", "make_doc"):
        from claimx import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'claimx' has no attribute {name!r}")
