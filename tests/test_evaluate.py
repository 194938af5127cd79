"""Tests for claimx.evaluation.metric: tiny invented articles with hand-counted tp/fp/fn."""

import json
from pathlib import Path

import pytest

from claimx.evaluation.metric import (
    Counts,
    Tally,
    format_report,
    greedy_match,
    jaccard,
    score_article,
    score_corpus,
    trim_span,
)

DEV_PATH = Path(__file__).resolve().parents[2] / "shared" / "data/polnear/dev.jsonl"


# ---------------------------------------------------------------- builders


def locate(text, piece, occurrence=0):
    """(start, end) of the n-th occurrence of piece in text."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(piece, start + 1)
    return start, start + len(piece)


def span(text, *pieces):
    """A gold-style SPAN made of the given substrings (first occurrences), in order."""
    fragments = []
    for piece in pieces:
        start, end = locate(text, piece) if isinstance(piece, str) else piece
        fragments.append({"start": start, "end": end, "text": text[start:end]})
    start, end = fragments[0]["start"], fragments[-1]["end"]
    return {"start": start, "end": end, "text": text[start:end], "fragments": fragments}


def gold_article(text, *attributions):
    """attributions: (source, cue, content) tuples of SPAN|None."""
    return {
        "id": "t",
        "text": text,
        "attributions": [
            {"id": f"E{i}", "label": "Attribution", "source": s, "cue": c, "content": k}
            for i, (s, c, k) in enumerate(attributions, 1)
        ],
    }


def predicted_span(text, piece, fragments=None):
    """A claimx-style span; fragments given as substrings become a fragments list."""
    start, end = locate(text, piece) if isinstance(piece, str) else piece
    result = {"text": text[start:end], "start": start, "end": end}
    if fragments:
        result["fragments"] = [dict(zip(("start", "end"), locate(text, f))) for f in fragments]
    return result


def claim(actor, action, content, kind="statement"):
    return {"type": kind, "actor": actor, "action": action, "content": content}


def prediction(*claims):
    return {"parties": [{"claims": list(claims)}]}


def role(counts, name, mode):
    tally = counts.roles[name, mode]
    return tally.tp, tally.fp, tally.fn


def attribution(counts):
    return counts.attribution.tp, counts.attribution.fp, counts.attribution.fn


# ---------------------------------------------------------------- helpers


def test_trim_span_strips_quotes_punctuation_and_whitespace():
    text = "He said: « ‘Yes — we can.’ » Then he left."
    trimmed = trim_span(text, span(text, " « ‘Yes — we can.’ » "))
    start, end = locate(text, "Yes — we can")
    assert trimmed == frozenset(range(start, end))


def test_trim_span_drops_pieces_that_trim_to_nothing():
    text = "“Fine,” — she said."
    assert trim_span(text, span(text, "” — ")) is None
    assert trim_span(text, span(text, "” — ", "she")) == frozenset(range(*locate(text, "she")))


def test_jaccard():
    assert jaccard(frozenset(range(0, 4)), frozenset(range(2, 6))) == pytest.approx(2 / 6)
    assert jaccard(None, None) == 1.0
    assert jaccard(None, frozenset({1})) == 0.0


def test_greedy_match_takes_best_pairs_first_and_one_to_one():
    # Gold 0 would pair best with predicted 0, so predicted 0 is unavailable to gold 1.
    scored = [(0.9, 0, 0), (0.8, 1, 0), (0.6, 1, 1), (0.7, 0, 1)]
    assert sorted(greedy_match(scored)) == [(0, 0), (1, 1)]


def test_tallies_add_and_sum():
    assert Tally(1, 2, 3) + Tally(1, 1, 1) == Tally(2, 3, 4)
    text = "Ann said it rained."
    gold = gold_article(text, (span(text, "Ann"), span(text, "said"), span(text, "it rained")))
    one = score_article(gold, prediction())
    total = sum([one, one])
    assert isinstance(total, Counts)
    assert total.articles == 2
    assert role(total, "content", "exact") == (0, 0, 2)


# ---------------------------------------------------------------- roles


def test_exact_match_after_trimming_quotes_and_punctuation():
    text = "The mayor said: “We will build the bridge.” Nobody replied."
    gold = gold_article(
        text, (span(text, "The mayor"), span(text, "said"), span(text, "“We will build the bridge.”"))
    )
    predicted = prediction(
        claim(
            predicted_span(text, "The mayor "),
            predicted_span(text, "said:"),
            predicted_span(text, "We will build the bridge"),
        )
    )
    counts = score_article(gold, predicted)
    for name in ("source", "cue", "content"):
        assert role(counts, name, "exact") == (1, 0, 0)
        assert role(counts, name, "overlap") == (1, 0, 0)
    assert attribution(counts) == (1, 0, 0)


def test_near_miss_counts_for_overlap_only():
    text = "The minister said that the harbour tunnel will open next spring."
    gold = gold_article(
        text,
        (
            span(text, "The minister"),
            span(text, "said"),
            span(text, "that the harbour tunnel will open next spring"),
        ),
    )
    predicted = prediction(
        claim(
            predicted_span(text, "minister"),  # 8 of 12 characters: Jaccard 0.67
            predicted_span(text, "said"),
            predicted_span(text, "the harbour tunnel will open"),  # 28 of 45: Jaccard 0.62
        )
    )
    counts = score_article(gold, predicted)
    assert role(counts, "source", "exact") == (0, 1, 1)
    assert role(counts, "source", "overlap") == (1, 0, 0)
    assert role(counts, "content", "exact") == (0, 1, 1)
    assert role(counts, "content", "overlap") == (1, 0, 0)
    assert role(counts, "cue", "exact") == (1, 0, 0)
    assert attribution(counts) == (1, 0, 0)


def test_overlap_below_half_is_no_match():
    text = "Officials said the storm damaged forty homes in the north."
    gold = gold_article(
        text,
        (span(text, "Officials"), span(text, "said"), span(text, "the storm damaged forty homes in the north")),
    )
    predicted = prediction(
        claim(predicted_span(text, "Officials"), predicted_span(text, "said"), predicted_span(text, "the storm"))
    )
    counts = score_article(gold, predicted)
    assert role(counts, "content", "overlap") == (0, 1, 1)
    assert attribution(counts) == (0, 1, 1)


def test_span_shared_by_two_attributions_counts_once():
    text = "The coach said the team was tired and added that the season was long."
    source = span(text, "The coach")
    gold = gold_article(
        text,
        (source, span(text, "said"), span(text, "the team was tired")),
        (source, span(text, "added"), span(text, "that the season was long")),
    )
    predicted = prediction(
        claim(predicted_span(text, "The coach"), predicted_span(text, "said"), predicted_span(text, "the team was tired")),
        claim(predicted_span(text, "The coach"), predicted_span(text, "added"), predicted_span(text, "that the season was long")),
    )
    counts = score_article(gold, predicted)
    assert role(counts, "source", "exact") == (1, 0, 0)
    assert role(counts, "cue", "exact") == (2, 0, 0)
    assert role(counts, "content", "exact") == (2, 0, 0)
    assert attribution(counts) == (2, 0, 0)


def test_shared_span_with_different_fragmenting_is_one_span():
    # The same characters split into pieces differently are still one span.
    text = "Both unions said the strike would go on."
    whole = span(text, "Both unions")
    split = span(text, "Both u", "nions")
    gold = gold_article(text, (whole, span(text, "said"), span(text, "the strike would go on")),
                        (split, span(text, "said"), span(text, "the strike would go on")))
    counts = score_article(gold, prediction())
    assert role(counts, "source", "exact") == (0, 0, 1)
    assert role(counts, "content", "exact") == (0, 0, 1)


def test_discontinuous_gold_content_is_matched_by_its_union():
    text = "“The budget,” the treasurer said, “is balanced at last.”"
    gold = gold_article(
        text,
        (
            span(text, "the treasurer"),
            span(text, "said"),
            span(text, "“The budget,”", "“is balanced at last.”"),
        ),
    )
    by_fragments = predicted_span(
        text, (0, len(text)), fragments=["The budget", "is balanced at last"]
    )
    counts = score_article(
        gold,
        prediction(claim(predicted_span(text, "the treasurer"), predicted_span(text, "said"), by_fragments)),
    )
    assert role(counts, "content", "exact") == (1, 0, 0)
    assert attribution(counts) == (1, 0, 0)

    # The hull alone also covers "the treasurer said", so it is not an exact match.
    hull = predicted_span(text, (0, len(text)))
    counts = score_article(
        gold, prediction(claim(predicted_span(text, "the treasurer"), predicted_span(text, "said"), hull))
    )
    assert role(counts, "content", "exact") == (0, 1, 1)


def test_event_claims_and_statements_without_content_are_ignored():
    text = "Floods hit the valley. The governor spoke briefly."
    gold = gold_article(text)
    predicted = prediction(
        claim(predicted_span(text, "Floods"), predicted_span(text, "hit"), predicted_span(text, "the valley"), kind="event"),
        claim(predicted_span(text, "The governor"), predicted_span(text, "spoke"), None),
    )
    counts = score_article(gold, predicted)
    for name in ("source", "cue", "content"):
        for mode in ("exact", "overlap"):
            assert role(counts, name, mode) == (0, 0, 0)
    assert attribution(counts) == (0, 0, 0)


# ---------------------------------------------------------------- attributions


def test_attribution_without_source_matches_prediction_without_actor():
    text = "It was reported that the factory would close."
    gold = gold_article(text, (None, span(text, "It was reported"), span(text, "that the factory would close")))
    without_actor = prediction(
        claim(None, predicted_span(text, "was reported"), predicted_span(text, "that the factory would close"))
    )
    assert attribution(score_article(gold, without_actor)) == (1, 0, 0)

    # A predicted source where gold has none is a miss.
    with_actor = prediction(
        claim(predicted_span(text, "It"), predicted_span(text, "was reported"), predicted_span(text, "that the factory would close"))
    )
    counts = score_article(gold, with_actor)
    assert attribution(counts) == (0, 1, 1)
    assert role(counts, "source", "exact") == (0, 1, 0)


def test_attribution_needs_matching_source():
    text = "Critics said the plan was rushed, but the council said it was careful."
    gold = gold_article(
        text,
        (span(text, "Critics"), span(text, "said"), span(text, "the plan was rushed")),
    )
    wrong_source = prediction(
        claim(predicted_span(text, "the council"), predicted_span(text, "said"), predicted_span(text, "the plan was rushed"))
    )
    counts = score_article(gold, wrong_source)
    assert role(counts, "content", "exact") == (1, 0, 0)
    assert attribution(counts) == (0, 1, 1)


def test_gold_attributions_without_content_are_skipped():
    text = "The senator declined to comment."
    gold = gold_article(text, (span(text, "The senator"), span(text, "declined to comment"), None))
    counts = score_article(gold, prediction())
    assert attribution(counts) == (0, 0, 0)
    assert role(counts, "cue", "exact") == (0, 0, 1)


def test_attribution_matching_is_one_to_one_and_greedy():
    text = "Analysts said prices will rise sharply this winter."
    gold = gold_article(
        text, (span(text, "Analysts"), span(text, "said"), span(text, "prices will rise sharply this winter"))
    )
    exact = claim(predicted_span(text, "Analysts"), predicted_span(text, "said"),
                  predicted_span(text, "prices will rise sharply this winter"))
    partial = claim(predicted_span(text, "Analysts"), predicted_span(text, "said"),
                    predicted_span(text, "prices will rise sharply"))
    # The partial claim comes first, but the exact one is the better pair and wins.
    counts = score_article(gold, prediction(partial, exact))
    assert attribution(counts) == (1, 1, 0)
    assert role(counts, "content", "overlap") == (1, 1, 0)
    assert role(counts, "content", "exact") == (1, 1, 0)
    assert role(counts, "source", "exact") == (1, 0, 0)  # both claims share the source


def test_greedy_order_lets_each_gold_find_its_best_prediction():
    text = "Aid groups said food was short and water was scarce in the camps."
    gold = gold_article(
        text,
        (span(text, "Aid groups"), span(text, "said"), span(text, "food was short and water was scarce")),
        (span(text, "Aid groups"), span(text, "said"), span(text, "food was short")),
    )
    predicted = prediction(
        claim(predicted_span(text, "Aid groups"), predicted_span(text, "said"), predicted_span(text, "food was short")),
        claim(predicted_span(text, "Aid groups"), predicted_span(text, "said"),
              predicted_span(text, "food was short and water was scarce in the camps")),
    )
    counts = score_article(gold, predicted)
    assert attribution(counts) == (2, 0, 0)
    assert role(counts, "content", "overlap") == (2, 0, 0)
    assert role(counts, "content", "exact") == (1, 1, 1)


# ---------------------------------------------------------------- corpus figures


def test_empty_prediction_has_zero_recall_and_precision():
    text = "The firm said profits fell."
    gold = gold_article(text, (span(text, "The firm"), span(text, "said"), span(text, "profits fell")))
    figures = score_corpus([(gold, {"parties": []})])
    assert figures["articles"] == 1
    for name in ("source", "cue", "content"):
        for mode in ("exact", "overlap"):
            assert figures[name][mode] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "tp": 0, "fp": 0, "fn": 1}
    assert figures["attribution"]["fn"] == 1
    assert figures["attribution"]["precision"] == 0.0


def test_f1_is_zero_when_nothing_matches():
    text = "The firm said profits fell. Rivals claimed sales rose."
    gold = gold_article(text, (span(text, "The firm"), span(text, "said"), span(text, "profits fell")))
    predicted = prediction(
        claim(predicted_span(text, "Rivals"), predicted_span(text, "claimed"), predicted_span(text, "sales rose"))
    )
    figures = score_corpus([(gold, predicted)])
    for name in ("source", "cue", "content"):
        for mode in ("exact", "overlap"):
            assert figures[name][mode]["f1"] == 0.0
            assert (figures[name][mode]["fp"], figures[name][mode]["fn"]) == (1, 1)
    assert figures["attribution"]["f1"] == 0.0


def test_score_corpus_sums_articles_micro():
    text = "The firm said profits fell."
    gold = gold_article(text, (span(text, "The firm"), span(text, "said"), span(text, "profits fell")))
    perfect = prediction(
        claim(predicted_span(text, "The firm"), predicted_span(text, "said"), predicted_span(text, "profits fell"))
    )
    figures = score_corpus([(gold, perfect), (gold, prediction())])
    content = figures["content"]["exact"]
    assert (content["tp"], content["fp"], content["fn"]) == (1, 0, 1)
    assert content["precision"] == 100.0
    assert content["recall"] == 50.0
    assert content["f1"] == pytest.approx(200 / 3)


def test_format_report_shows_percentages_with_one_decimal():
    text = "The firm said profits fell."
    gold = gold_article(text, (span(text, "The firm"), span(text, "said"), span(text, "profits fell")))
    perfect = prediction(
        claim(predicted_span(text, "The firm"), predicted_span(text, "said"), predicted_span(text, "profits fell"))
    )
    report = format_report(score_corpus([(gold, perfect), (gold, prediction())]))
    assert "articles: 2" in report
    content_exact = next(line for line in report.splitlines() if line.startswith("content") and "exact" in line)
    assert content_exact.split() == ["content", "exact", "100.0", "50.0", "66.7", "1", "0", "1"]
    assert any(line.startswith("attribution") for line in report.splitlines())


# ---------------------------------------------------------------- real corpus


def gold_as_prediction(article):
    """claimx-style output that restates every gold attribution as a statement claim."""

    def as_predicted(span_):
        if span_ is None:
            return None
        return {
            "text": span_["text"],
            "start": span_["start"],
            "end": span_["end"],
            "fragments": [{"start": f["start"], "end": f["end"]} for f in span_["fragments"]],
        }

    claims = [
        claim(as_predicted(a["source"]), as_predicted(a["cue"]), as_predicted(a["content"]))
        for a in article["attributions"]
    ]
    return prediction(*claims)


@pytest.mark.corpus
def test_gold_scored_against_itself_is_perfect():
    if not DEV_PATH.exists():
        pytest.skip(f"PolNeAR dev set not found at {DEV_PATH}")
    with DEV_PATH.open(encoding="utf-8") as lines:
        articles = [json.loads(line) for line in lines if line.strip()]
    figures = score_corpus((article, gold_as_prediction(article)) for article in articles)
    assert figures["articles"] == len(articles)
    for name in ("source", "cue", "content"):
        for mode in ("exact", "overlap"):
            assert figures[name][mode]["f1"] == 100.0, (name, mode, figures[name][mode])
    assert figures["attribution"]["f1"] == 100.0, figures["attribution"]


# --- a file that is not gold: one line naming the file, the line and the problem ---------------

@pytest.mark.parametrize("content, problem", [
    (b'{"text": "Norway said no."}\n', 'line 1: no "attributions" list'),
    (b'\n{"attributions": []}\n', 'line 2: no "text" field holding the article (a string)'),
    (b"text,source\n", "line 1: not JSON (Expecting value)"),
    (b'["text"]\n', "line 1: a JSON list, not an object"),
    (b'{"text": "ab", "attributions": [{"cue": {"start": 0, "end": 9}}]}\n',
     'line 1: attribution 1: its "cue" offsets 0-9 fall outside the text of 2 characters'),
    (b'{"text": "ab", "attributions": [{"source": "ab"}]}\n',
     'line 1: attribution 1: its "source" is not an object with start and end offsets'),
    (b'{"schema_version": 1, "source": "a.txt", "parties": [], "errors": []}\n',
     "line 1: claimx's own output, not gold annotations"),
    (b'{"text": "caf\xe9"}\n', "line 1: not UTF-8 text (byte 0xe9)"),
    (b"\n\n", "no articles"),
])
def test_eval_of_a_file_that_is_not_gold_is_one_line(tmp_path, monkeypatch, content, problem):
    from conftest import make_runner

    import claimx.pipeline
    from claimx.cli import cli

    monkeypatch.setattr(claimx.pipeline, "load_pipeline",  # never reached: the file fails first
                        lambda *a, **k: pytest.fail("the model loaded before the file was read"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "gold.jsonl").write_bytes(content)
    result = make_runner().invoke(cli, ["eval", "gold.jsonl"])
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith(f"error: gold.jsonl{', ' if 'line' in problem else ': '}{problem}"), line
    assert "PolNeAR-style gold JSON Lines" in line and "Traceback" not in result.stderr
