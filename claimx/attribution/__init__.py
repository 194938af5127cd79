"""Attribution learned from the PolNeAR train split: which words are cues, and where each cue's
source and content begin and end. The rules (claimx.claims) propose; this package decides
and bounds. See models/ATTRIBUTION.md for the model card and training/train_attribution.py for
how the weights are made."""

from claimx.attribution.refine import active_model, refine_statements, using_model

__all__ = ["active_model", "refine_statements", "using_model"]
