"""Measuring claimx against annotated corpora: the attribution metric and the gold-file runner."""
