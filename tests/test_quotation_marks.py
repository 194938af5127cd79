"""find_quotes on sentences of our own: what it pairs, across the styles and paragraph rules it
reads (it jumps from one quotation mark or paragraph break to the next)."""

import pytest

from claimx.text.quotation_marks import find_quotes


@pytest.mark.parametrize("text, expected", [
    ('He said: "We will go." Then he left.', [('"We will go."', False)]),
    ("The envoy called it ''a step back'' on Monday.", [("''a step back''", False)]),
    ('"The first part runs on,\n\n"and ends here," she said.',
     [('"The first part runs on,', True), ('"and ends here,"', False)]),
    ('"Windows line ends,\r\n\r\n"go on too," he said.',
     [('"Windows line ends,', True), ('"go on too,"', False)]),
    ('"An open quote never closed.\n\nA new paragraph "with a quote" here.',
     [('"with a quote"', False)]),
    ("“Curly”, it’s and the countries’ ties, ‘single’ too.",
     [("“Curly”", False), ("‘single’", False)]),
    ("No quotation at all, only an apostrophe's worth.", []),
])
def test_find_quotes_pairs_marks(text, expected):
    assert [(text[q.start:q.end], q.continued) for q in find_quotes(text)] == expected
