"""claimx_paragraphs: a line break ends a sentence unless the text is merely hard-wrapped.

Runs before the parser, which keeps boundaries set here. Without it, a headline or a menu line
with no final punctuation runs into the first sentence of the body and spoils its parse.
"""

import numpy as np
from spacy.attrs import IS_SPACE
from spacy.language import Language
from spacy.tokens import Doc

ENDS_SENTENCE = set('.!?:;"”’)…')


def mark_line_breaks(doc: Doc) -> Doc:
    space = doc.to_array(IS_SPACE).astype(bool)
    # Only a word after a space can open a line: those are found without a Token object each.
    for i in (np.flatnonzero(space[:-1] & ~space[1:]) + 1).tolist():
        token, prev = doc[i], doc[i - 1]
        if "\n" not in prev.text:
            continue
        before = doc[i - 2] if i >= 2 else None
        blank_line = prev.text.count("\n") > 1
        # Hard-wrapped prose: the line before stops mid-sentence and this one goes on in lower case.
        wrapped = before is not None and before.text[-1] not in ENDS_SENTENCE and token.is_lower
        if blank_line or not wrapped:
            token.is_sent_start = True
    return doc


@Language.factory("claimx_paragraphs", default_config={})
def make_paragraph_boundaries(nlp: Language, name: str):
    return mark_line_breaks
