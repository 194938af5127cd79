"""claimx.text.syntax on parses built by hand, where a case is rare in what the model gives."""

from spacy.attrs import DEP, LOWER, POS
from spacy.tokens import Doc

from claimx.claims.statements import match_verb, may_be_cue_verbs
from claimx.pipeline import make_doc
from claimx.text.syntax import has_label, indexes, subtree_tokens


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


def test_labels_read_from_arrays_are_the_tokens_labels(nlp):
    # The rules find their few candidate tokens (verbs, nouns, "according") from arrays rather
    # than a Token object per token; the arrays must say what the tokens say.
    text = ("According to the ministry, the so-called plan was announced on Monday.\n\n"
            "Officials said they would not compromise, and the rebels' attack continued.\n"
            "ACCORDING TO police, protesters had been arrested; she didn't say why.")
    doc = nlp(make_doc(nlp, text))
    for attr, name, labels in ((POS, "pos_", ("VERB", "AUX", "NOUN")),
                               (DEP, "dep_", ("aux", "amod", "compound", "nsubj")),
                               (LOWER, "lower_", ("according", "to", "no such word"))):
        expected = [getattr(t, name) in labels for t in doc]
        assert has_label(doc, attr, labels).tolist() == expected
        assert any(expected)
    according = indexes(has_label(doc, LOWER, ("according",)))
    assert according == [t.i for t in doc if t.lower_ == "according"] and len(according) == 2
    # match_verb refuses every token outside may_be_cue_verbs at once.
    candidates = may_be_cue_verbs(doc)
    assert all(match_verb(t) is None for t in doc if t.i not in candidates)
    assert any(t.dep_ == "aux" for t in doc) and len(candidates) >= 6
