"""Dates: date expressions to calendar dates and the article's own date (expressions), and the
dates of claims (claim_dates)."""

from claimx.dates.expressions import ResolvedDate, find_reference_date, resolve_date

__all__ = ["ResolvedDate", "find_reference_date", "resolve_date"]
