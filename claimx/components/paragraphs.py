"""claimx_paragraphs: a line break ends a sentence unless the text is merely hard-wrapped.

Runs before the parser, which keeps boundaries set here. Without it, a headline or a menu line
with no final punctuation runs into the first sentence of the body and spoils its parse.
"""

from spacy.language import Language
from spacy.tokens import Doc

ENDS_SENTENCE = set('.!?:;"”’)…')


def mark_line_breaks(doc: Doc) -> Doc:
    for token in doc[1:]:
        prev = doc[token.i - 1]
        if token.is_space or not prev.is_space or "\n" not in prev.text:
            continue
        before = doc[token.i - 2] if token.i >= 2 else None
        blank_line = prev.text.count("\n") > 1
        # Hard-wrapped prose: the line before stops mid-sentence and this one goes on in lower case.
        wrapped = before is not None and before.text[-1] not in ENDS_SENTENCE and token.is_lower
        if blank_line or not wrapped:
            token.is_sent_start = True
    return doc


@Language.factory("claimx_paragraphs", default_config={})
def make_paragraph_boundaries(nlp: Language, name: str):
    return mark_line_breaks
