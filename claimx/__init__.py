"""claimx: extract claims (who said or did what, to whom, when) from news articles."""

__version__ = "0.1.0"

__all__ = ["extract_texts", "load_pipeline"]


def __getattr__(name: str):
    # claimx.extract_texts and claimx.load_pipeline, imported when first used: the command line
    # imports claimx without wanting spaCy loaded yet.
    if name in __all__:
        from claimx import api

        return getattr(api, name)
    raise AttributeError(f"module 'claimx' has no attribute {name!r}")
