"""Random text never crashes extraction, never yields an internal error, and every span it
returns points at its own text (property-based, with hypothesis)."""

import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import check_offsets, extract_text

# Pieces that stress the quotation pairing, the sentence splitter and the offsets.
PIECES = st.sampled_from([
    '"', "“", "”", "‘", "’", "''", "«", "»", " said ", " told reporters that ", "According to ",
    " ― ", "Minister Ana Ruiz", "Norway", "Iranian", " on Thursday", ". ", ", ", ": ", "\n", "\n\n",
    "\r\n", "\t", "\x0b", "\u200b", "😀", "🇳🇴", "שלום עולם", "مرحبا", "e\u0301", "—", "...",
    "Read more:", "Published: 2023-04-08", "the ministry", " he ", " expelled ", " did not ",
])
TEXTS = st.lists(st.one_of(PIECES, st.text(max_size=12)), max_size=60).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXTS)
def test_random_text_gives_valid_claims(nlp, validate, text):
    result = extract_text(nlp, text, datetime.date(2023, 4, 8))
    assert result["errors"] == []
    validate({**result, "source": "random"})
    check_offsets(result, text)


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(word=st.sampled_from(["very", '"quoted"', "said"]))
def test_a_very_long_sentence_gives_valid_claims(nlp, validate, word):
    text = "The minister said that " + " and ".join([word] * 3000) + "."
    result = extract_text(nlp, text)
    assert result["errors"] == []
    validate({**result, "source": "long"})
    check_offsets(result, text)
