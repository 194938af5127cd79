"""claimx: extract claims (who said or did what, to whom, when) from news articles."""

__version__ = "0.1.0"
