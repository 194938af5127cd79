"""claimx.text.syntax on parses built by hand, where a case is rare in what the model gives."""

from spacy.tokens import Doc

from claimx.text.syntax import subtree_tokens


def test_a_subtree_comes_in_token_order_when_an_arc_crosses_its_head(nlp):
    # "What" hangs from "wanted" across the root "say" (a non-projective arc, as spaCy's parser
    # sometimes gives): Token.subtree then yields "What" after "say".
    words = ["What", "did", "she", "say", "he", "wanted", "?"]
    heads = [5, 3, 3, 3, 5, 3, 3]
    deps = ["dobj", "aux", "nsubj", "ROOT", "nsubj", "ccomp", "punct"]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps)
    say, he = doc[3], doc[4]
    assert [t.i for t in say.subtree] == [1, 2, 3, 0, 4, 5, 6]
    assert [t.text for t in subtree_tokens(say)] == words
    assert [t.text for t in subtree_tokens(say, exclude=[he])] == \
        ["What", "did", "she", "say", "wanted", "?"]
