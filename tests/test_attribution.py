"""The learned attribution model (claimx.attribution): its training entry point on a few invented
articles, what the shipped model makes of sentences we wrote, and the fallback to the rules on
a parse it cannot read."""

import importlib.util
import json
import re
import sys
from pathlib import Path

import numpy as np
import pytest
from spacy.tokens import Doc

from claimx.attribution import refine_statements, using_model
from claimx.attribution.linear import BITS, LinearScorer, feature_index, hashed
from claimx.attribution.model import DECISIONS, AttributionModel, confidence, shipped_model
from claimx.attribution import features as F
from claimx.attribution import refine
from claimx.attribution.pairs import PairFeatures
from claimx.attribution.view import DocView
from claimx.claims.find import find_claims
from claimx.claims.quotations import QuoteIndex
from claimx.pipeline import make_doc
from claimx.text.quotation_marks import find_quotes
from claimx.text.chrome import PageLayout
from claimx.text.document import source_text
from claimx.text.syntax import char_span, sentence_span, subject_of
from conftest import FIXTURES, all_claims, extract_text

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "training"))
try:
    from choice_model import ChoiceData, fit_reranker
finally:
    sys.path.remove(str(REPO / "training"))
MARK = re.compile(r"\{([SCT])(\d+)\|([^}]*)\}")
ROLES = {"S": "source", "C": "cue", "T": "content"}


def invented_articles():
    """The articles of tests/fixtures/attribution_articles.txt in PolNeAR's JSONL form."""
    lines = [line for line in (FIXTURES / "attribution_articles.txt").read_text(encoding="utf-8").splitlines()
             if not line.startswith("#")]
    blocks = "\n".join(lines).split("\n---\n")
    articles = []
    for number, block in enumerate(blocks):
        text, pieces, at = "", {}, 0
        for match in MARK.finditer(block):
            text += block[at:match.start()]
            role, n, words = match.groups()
            pieces.setdefault((int(n), ROLES[role]), []).append((len(text), len(text) + len(words)))
            text += words
            at = match.end()
        text += block[at:]
        attributions = []
        for n in sorted({n for n, _ in pieces}):
            attribution = {"id": n, "label": "Attribution"}
            for role in ROLES.values():
                spans = pieces.get((n, role))
                attribution[role] = None if not spans else {
                    "start": spans[0][0], "end": spans[-1][1], "text": text[spans[0][0]:spans[-1][1]],
                    "fragments": [{"start": s, "end": e, "text": text[s:e]} for s, e in spans]}
            attributions.append(attribution)
        articles.append({"id": f"invented-{number}", "text": text,
                         "meta": {"publication_date": f"2020-01-{number + 1:02d}"},
                         "attributions": attributions})
    return articles


def test_fixture_spans_point_at_their_text():
    for article in invented_articles():
        for attribution in article["attributions"]:
            for role in ROLES.values():
                span = attribution[role]
                if span is not None:
                    assert article["text"][span["start"]:span["end"]] == span["text"]
                    for piece in span["fragments"]:
                        assert article["text"][piece["start"]:piece["end"]] == piece["text"]


def load_training_script():
    spec = importlib.util.spec_from_file_location("train_attribution", REPO / "training" / "train_attribution.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_parse_cache_is_keyed_by_the_corpus_content_not_its_time(tmp_path, nlp):
    """A fresh copy of the same corpus (a new modification time) reuses the parses; a changed
    corpus does not."""
    import os
    import sys
    cache_file = sys.modules[load_training_script().parsed_corpus.__module__].cache_file
    corpus = tmp_path / "invented.jsonl"
    corpus.write_text('{"text": "The mayor said the bridge would open."}\n', encoding="utf-8")
    before = cache_file(corpus, nlp, tmp_path)
    os.utime(corpus, ns=(0, 0))
    assert cache_file(corpus, nlp, tmp_path) == before
    corpus.write_text('{"text": "The mayor said the bridge would close."}\n', encoding="utf-8")
    assert cache_file(corpus, nlp, tmp_path) != before


def test_training_entry_point_runs_on_a_few_articles(tmp_path, nlp, capsys):
    corpus = tmp_path / "invented.jsonl"
    corpus.write_text("".join(json.dumps(a) + "\n" for a in invented_articles()), encoding="utf-8")
    out = tmp_path / "attribution.npz"
    load_training_script().main(["--train", str(corpus), "--dev", "none", "--holdout", "1",
                                 "--thresholds", "0.4,0.6,0.7,0.5", "--cache", "none", "--out", str(out)])
    printed = capsys.readouterr().out
    assert "held out (1 train articles), with the model" in printed
    # given thresholds hold without dev
    assert "(thresholds: keep_rule 0.4 add 0.6 firm_cue 0.7 firm_content 0.5)" in printed
    model = AttributionModel.read(out)
    names = ("keep_rule", "add", "firm_cue", "firm_content")
    assert [model.settings[name] for name in names] == [0.4, 0.6, 0.7, 0.5]
    assert set(model.scorers) == set(DECISIONS)
    assert all(scorer.weights.any() for scorer in model.scorers.values())
    assert "say|V" in model.heads
    with using_model(model):
        result = extract_text(nlp, "The harbour master said that the port would reopen on Monday.")
    statements = [c for _, c in all_claims(result) if c["type"] == "statement"]
    assert statements and statements[0]["content"] is not None


def test_thresholds_are_given_as_two_numbers_or_four():
    script = load_training_script()
    assert script.threshold_set("0.3,0.5") == (0.3, 0.5, 0.0, 0.0)  # firmness off
    assert script.threshold_set("0.3,0.5,0.7,0.6") == (0.3, 0.5, 0.7, 0.6)
    for wrong in ("0.3", "0.3,0.5,0.7", "keep,add"):
        with pytest.raises(SystemExit, match="expected KEEP_RULE,ADD"):
            script.threshold_set(wrong)


def test_cross_validation_scores_every_article_by_a_model_that_never_saw_it(tmp_path, nlp, capsys):
    corpus = tmp_path / "invented.jsonl"
    corpus.write_text("".join(json.dumps(a) + "\n" for a in invented_articles()), encoding="utf-8")
    out = tmp_path / "never-written.npz"
    load_training_script().main(["--train", str(corpus), "--dev", "none", "--folds", "2",
                                 "--thresholds", "0.3,0.5", "0.4,0.6", "--cache", "none", "--out", str(out)])
    printed = capsys.readouterr().out
    articles = len(invented_articles())
    assert "fold 1/2" in printed and "fold 2/2" in printed
    for pair in ("keep_rule 0.3 add 0.5", "keep_rule 0.4 add 0.6"):
        assert f"all {articles} articles, each by a model that never saw it, {pair}" in printed
    assert not out.exists()


def test_the_package_ships_a_model_small_enough():
    model = shipped_model()
    assert model is not None, "models/attribution.npz is missing: run python training/train_attribution.py"
    assert (REPO / "models" / "attribution.npz").stat().st_size < 30 * 1024 * 1024
    assert 0 < model.settings["keep_rule"] < 1 and 0 < model.settings["add"] < 1


@pytest.mark.parametrize("text, source, cue, content", [
    ("The mayor said that the bridge would open in May.",
     "The mayor", "said", "that the bridge would open in May"),
    ("Critics of the plan, who met on Monday, argued that the review came too late.",
     "Critics of the plan, who met on Monday", "argued", "that the review came too late"),
    ('"We will not back down," said Ana Ruiz.', "Ana Ruiz", "said", "We will not back down"),
    ("According to the council's engineer, the river rose faster than expected.",
     "the council's engineer", "According to", "the river rose faster than expected"),
])
def test_the_shipped_model_reads_plain_attributions(extract, text, source, cue, content):
    statements = [c for _, c in all_claims(extract(text)) if c["type"] == "statement"]
    assert len(statements) == 1, statements
    claim = statements[0]
    assert claim["actor"]["text"] == source
    assert claim["action"]["text"] == cue
    assert claim["content"]["text"].strip('"“”,. ') == content


def test_a_sentence_that_reports_nothing_has_no_statement(extract):
    result = extract("The company opened a second factory in the north of the country last year.")
    assert not [c for _, c in all_claims(result) if c["type"] == "statement"]


def test_an_intention_is_an_attribution_as_in_the_corpus(extract):
    # PolNeAR annotates intentions and beliefs as well as speech.
    statements = [c for _, c in all_claims(extract("The company plans to open a second factory next year."))
                  if c["type"] == "statement"]
    assert [(c["actor"]["text"], c["content"]["text"]) for c in statements] == \
        [("The company", "to open a second factory next year")]


def test_a_parse_with_other_labels_falls_back_to_the_rules_and_says_so_once(nlp, capsys, monkeypatch):
    monkeypatch.setattr(refine, "_warned", [])
    text = "The minister said that the talks would resume."
    parsed = nlp(make_doc(nlp, text))
    # The same parse under Universal Dependencies labels, as another English pipeline gives it.
    ud = {"dobj": "obj", "pobj": "obl", "prep": "case", "ROOT": "root", "nsubjpass": "nsubj:pass",
          "auxpass": "aux:pass", "poss": "nmod:poss", "nsubj": "nsubj", "ccomp": "ccomp", "det": "det",
          "aux": "aux", "mark": "mark", "punct": "punct"}
    doc = Doc(nlp.vocab, words=[t.text for t in parsed], spaces=[bool(t.whitespace_) for t in parsed],
              heads=[t.head.i for t in parsed], deps=[ud.get(t.dep_, "dep") for t in parsed],
              pos=[t.pos_ for t in parsed], tags=[t.tag_ for t in parsed],
              lemmas=[t.lemma_ for t in parsed])
    layout = PageLayout(title=None, chrome=[])
    rules = find_claims(doc, text, layout)
    for _ in range(2):
        assert refine_statements(doc, layout, QuoteIndex(find_quotes(text)), rules) == rules
    err = capsys.readouterr().err
    assert err.count("statements come from the rules alone") == 1


def test_a_contents_confidence_is_low_where_a_boundary_was_a_close_call():
    starts, ends = [3, 5, 9], [12, 20]
    clear = (starts, np.array([6.0, 0.0, 0.0]), ends, np.array([0.0, 6.0]))
    close = (starts, np.array([1.0, 0.9, 0.0]), ends, np.array([0.0, 6.0]))
    assert confidence(clear, (3, 20)) > 0.98
    assert 0.4 < confidence(close, (3, 20)) < 0.5  # the start was nearly 5
    assert confidence(clear, (3, 12)) < 0.01  # a pair the scorers did not prefer
    assert confidence(clear, (4, 20)) == 0.0  # a bound not on the shortlists


def test_an_unsure_cue_with_an_unsure_content_is_not_reported(nlp):
    text = "The mayor said that the bridge would open in May."
    model = AttributionModel.read(REPO / "models" / "attribution.npz")

    def statements(**firmness):
        model.settings.update(firmness)
        with using_model(model):
            return [c for _, c in all_claims(extract_text(nlp, text)) if c["type"] == "statement"]

    assert statements(firm_cue=0.0, firm_content=0.0)
    # Asking more of both than any reading has: the model reports nothing, the rules' claim
    # does not come back in its place.
    assert not statements(firm_cue=1.01, firm_content=1.01)
    # Either sure enough on its own lets the content count.
    assert statements(firm_cue=0.0, firm_content=1.01)
    assert statements(firm_cue=1.01, firm_content=0.0)


def test_intervals_answer_membership_in_overlapping_ranges():
    inside = refine.Intervals([(10, 20), (15, 30), (40, 41), (0, 2)])
    assert [p for p in range(45) if p in inside] == [0, 1] + list(range(10, 30)) + [40]
    assert 5 not in refine.Intervals([])


def test_scoring_hashes_features_as_training_does():
    # Training indexes features with feature_index one at a time; scoring hashes whole rows at
    # once: the same index for each, non-ASCII words and empty rows included.
    rows = [["bias", "lem,rel=say,c:nsubj", "tl=café"], [], ["pc,tc=Q,that", "bias"], ["Ω"]]
    indexes, offsets, some_empty = hashed(rows)
    assert indexes.tolist() == [feature_index(f) for row in rows for f in row]
    assert offsets.tolist() == [0, 3, 3, 5] and some_empty
    weights = np.arange(1 << BITS, dtype=np.float32)
    expected = [sum(float(weights[feature_index(f)]) for f in row) for row in rows]
    assert LinearScorer(weights).scores(rows).tolist() == expected


def test_the_view_reads_subjects_and_sentences_as_the_token_functions_do(nlp):
    # The model reads subjects and sentence spans from DocView's lists for speed; they must be
    # the ones claimx.text.syntax gives on spaCy's tokens.
    text = ("The report was released by the ministry on Monday, and officials said it was late.\n\n"
            "The senator, who spoke first, is willing to compromise, adding that talks would go on.\n"
            "Rebels opened fire to disperse the crowd and then withdrew before the army arrived.\n"
            "She wants to say more; the mayor and the council disagreed (as they often do).\n\n\n")
    doc = nlp(make_doc(nlp, text))
    view = DocView(doc, QuoteIndex(find_quotes(text)))
    subjects = [view.subject_of(t.i) for t in doc]
    assert subjects == [None if s is None else s.i for s in map(subject_of, doc)]
    assert sum(s is not None for s in subjects) >= 12
    spans = [view.sentence_span(k) for k in range(len(view.sents))]
    assert spans == [sentence_span(source_text(doc), sent) for sent in doc.sents]
    assert len(spans) >= 4
    # Both read the sentence from its end: what char_span (which trims both ends) gives.
    for span, sent in zip(spans, doc.sents):
        assert (span.start, span.end) == (sent.start_char, char_span(sent)[1])


def test_learning_curve_scores_the_same_held_out_articles_at_each_size(tmp_path, nlp, capsys):
    corpus = tmp_path / "invented.jsonl"
    corpus.write_text("".join(json.dumps(a) + "\n" for a in invented_articles()), encoding="utf-8")
    out = tmp_path / "never-written.npz"
    train = load_training_script().main
    train(["--train", str(corpus), "--dev", "none", "--holdout", "2", "--curve", "2", "4",
           "--thresholds", "0.3,0.5", "--cache", "none", "--out", str(out)])
    printed = capsys.readouterr().out
    for size in (2, 4):
        assert f"trained on {size}, held out 2, keep_rule 0.3 add 0.5: source" in printed
    assert not out.exists()
    with pytest.raises(SystemExit, match="only 4 articles come before the 2 held out"):
        train(["--train", str(corpus), "--dev", "none", "--holdout", "2", "--curve", "5",
               "--cache", "none", "--out", str(out)])
    with pytest.raises(SystemExit, match="--curve needs --holdout"):
        train(["--train", str(corpus), "--curve", "5", "--out", str(out)])


def pair_features_of(nlp, text, h, cue_heads):
    with nlp.select_pipes(disable=["claimx_claims"]):
        doc = nlp(make_doc(nlp, text))
    view = DocView(doc, QuoteIndex(find_quotes(text)))
    anchor = F.Anchor.at(view, h, F.RuleView())
    return doc, PairFeatures(view, anchor, cue_heads)


def test_a_content_pair_knows_the_cues_clause_and_another_cue_inside_it(nlp):
    doc, features = pair_features_of(
        nlp, "The mayor said that the bridge would open in May, and the council warned that it would not.",
        2, [2, 14])
    assert [t.text for t in doc][2] == "said" and doc[14].text == "warned"
    clause = features(3, 9)  # "that the bridge would open in May"
    assert "p:clause=ccomp==RR" in clause and "p:tree=c:ccompRR" in clause
    assert "p:cuein=noneRR" in clause and "p:cuein,next=nonewordRR" in clause
    running_on = features(3, 18)  # on into what the council warned
    assert "p:clause=ccomp=>RR" in running_on
    assert any(f.startswith("p:cuein=1True") for f in running_on)  # "warned", with its own subject


def test_a_content_pair_knows_a_whole_quotation(nlp):
    doc, features = pair_features_of(nlp, '"The port will reopen on Monday," the harbour master said.', 12, [12])
    assert doc[12].text == "said" and doc[1].text == "The" and doc[6].text == "Monday"
    assert "p:q=qq=Trueall" + "LL" in features(1, 6)
    assert "p:q=qq=Falseall" + "LL" in features(1, 4)  # "The port will reopen": not all of it


def test_a_reranker_trusts_its_offsets_until_a_feature_says_otherwise():
    # Two candidates a group: without a mark the one with the higher offset is right; a mark
    # names the right one against the offsets.
    data = ChoiceData()
    for n in range(40):
        if n % 2:
            data.add([["bias"], ["bias"]], 0, [1.0, 0.0])
        else:
            data.add([["bias"], ["bias", "mark"]], 1, [1.0, 0.0])
    scorer, scale = fit_reranker(data, l2=0.1)
    mark = scorer.scores([["bias", "mark"]])[0] - scorer.scores([["bias"]])[0]
    assert mark > scale > 0
    no_offsets = ChoiceData()
    no_offsets.add([["a"], ["b"]], 0)
    with pytest.raises(ValueError):
        fit_reranker(no_offsets)


def test_the_view_counts_a_spans_words_and_quoted_words_as_a_loop_does(nlp):
    # A content pair's length is read from running counts, not by walking its words.
    text = 'The minister said: "We will not wait, not for a day." Critics, however, disagreed.'
    doc = nlp(make_doc(nlp, text))
    view = DocView(doc, QuoteIndex(find_quotes(text)))
    for s in range(len(doc)):
        for e in range(s, len(doc)):
            words = [t for t in range(s, e + 1) if not view.punct[t]]
            assert view.words_before[e + 1] - view.words_before[s] == len(words)
            assert view.quoted_before[e + 1] - view.quoted_before[s] == sum(view.quote[t] >= 0 for t in words)
    assert view.quoted_before[-1] == 8  # "We will not wait, not for a day"


def test_the_view_finds_the_nearest_word_past_punctuation_within_the_sentence(nlp):
    text = 'He said: "No." Then, quietly, she left.'
    doc = nlp(make_doc(nlp, text))
    view = DocView(doc, QuoteIndex(find_quotes(text)))
    i = {t.text: t.i for t in doc}
    assert view.word_after(i["said"]) == i["No"]  # past ': "'
    assert view.word_before(i["No"]) == i["said"]
    assert view.word_before(i["quietly"]) == i["Then"]  # past ","
    assert view.word_after(i["No"]) is None  # '."' ends the sentence
    assert view.word_before(i["Then"]) is None  # the next sentence's first word
