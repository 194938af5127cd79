"""Long texts: split at paragraph breaks, parsed in parts, joined back into one Doc (or, over the
model's max_length, results merged back) with offsets into the whole text."""

import datetime

import pytest
from conftest import FIXTURES, all_claims, check_offsets, extract_text

from claimx.text import long_texts
from claimx.running.batch import run_extraction
from claimx.text.long_texts import LONG_TEXT, PART_LENGTH, merge_results, parts_to_parse, split_text


@pytest.mark.parametrize("text, limit, expected", [
    ("short text", 100, ["short text"]),
    ("one para.\n\ntwo para.\n\nthree para.", 25, ["one para.\n\ntwo para.\n\n", "three para."]),
    # No blank line: a line break; none either: a sentence end; none either: a space.
    ("first line\nsecond line here", 20, ["first line\n", "second line here"]),
    ("One sentence. Another one here.", 20, ["One sentence. ", "Another one here."]),
    ("words without any stop", 15, ["words without ", "any stop"]),
    # No space at all: a hard cut at the limit.
    ("abcdefghij", 4, ["abcd", "efgh", "ij"]),
])
def test_split_text_cuts_at_the_best_break(text, limit, expected):
    parts = split_text(text, limit)
    assert [part for _, part in parts] == expected
    assert all(text[offset:offset + len(part)] == part for offset, part in parts)
    assert all(len(part) <= limit for _, part in parts)


def test_split_text_prefers_a_late_paragraph_break_to_an_early_one():
    text = "a.\n\n" + "word " * 10 + "\n\nend of it"
    parts = split_text(text, 60)
    assert parts[0][1].endswith("\n\n") and "word" in parts[0][1]


def _result(name, code, start, aliases=(), members=()):
    span = {"text": "x", "start": start, "end": start + 1}
    claim = {"id": 0, "within": None, "type": "event", "actor": dict(span),
             "action": {**span, "lemma": "x"},
             "content": {**span, "fragments": [dict(span)]}, "target": None, "date": None,
             "sentence": {"start": start, "end": start + 1}}
    return {"schema_version": 1, "source": "s", "title": "T", "reference_date": None,
            "reference_date_source": None, "errors": [],
            "parties": [{"name": name, "kind": "country", "code": code, "sector": None,
                         "aliases": list(aliases), "members": list(members),
                         "claims": [claim]}]}


def test_merge_results_joins_parties_and_shifts_every_span():
    minister = {"name": "Ana Ruiz", "kind": "person", "role": "Minister", "sector": "GOV"}
    merged = merge_results([(0, _result("Chile", "CHL", 3, ["Chilean"])),
                            (100, _result("Peru", "PER", 5)),
                            (200, _result("Chile", "CHL", 7, ["Santiago", "Chilean"],
                                          [minister]))])
    assert [p["name"] for p in merged["parties"]] == ["Chile", "Peru"]
    chile = merged["parties"][0]
    assert chile["aliases"] == ["Chilean", "Santiago"]
    assert chile["members"] == [minister]  # a later part's members are kept
    # claim ids run on from part to part
    assert [c["id"] for p in merged["parties"] for c in p["claims"]] == [0, 2, 1]
    assert [c["actor"]["start"] for c in chile["claims"]] == [3, 207]
    last = chile["claims"][1]
    assert last["content"]["fragments"][0]["start"] == 207 and last["sentence"]["end"] == 208
    assert merged["title"] == "T"


def test_a_text_over_max_length_gives_one_result_with_the_claims_of_every_part(nlp, tmp_path):
    article = (FIXTURES / "quotes.txt").read_text(encoding="utf-8")
    body = article.split("\n\n", 2)[2]  # without headline and date line: paragraphs only
    text = "\n\n".join([body.strip()] * 4)
    reference = datetime.date(2023, 4, 8)
    single = extract_text(nlp, body.strip(), reference)
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    saved = nlp.max_length
    try:
        nlp.max_length = len(body) + 10  # each repeat of the body is one part
        [result] = list(run_extraction(nlp, [str(path)], reference, batch_size=4, quiet=True))
    finally:
        nlp.max_length = saved
    assert result["errors"] == []
    check_offsets(result, text)
    assert len(list(all_claims(result))) == 4 * len(list(all_claims(single)))
    assert [p["name"] for p in result["parties"]] == [p["name"] for p in single["parties"]]
    # The last part's claims point into the last repeat of the body.
    starts = [c["action"]["start"] for _, c in all_claims(result)]
    assert max(starts) > 3 * len(body)


def test_only_texts_over_long_text_are_parsed_in_parts_of_part_length():
    paragraph = "The minister said the talks would go on. " * 10 + "\n\n"
    text = paragraph * (LONG_TEXT // len(paragraph) + 2)
    assert parts_to_parse(text[:LONG_TEXT], 1_000_000) == [(0, text[:LONG_TEXT])]
    parts = parts_to_parse(text, 1_000_000)
    assert "".join(part for _, part in parts) == text
    assert all(len(part) <= PART_LENGTH and part.endswith("\n\n") for _, part in parts[:-1])
    assert max(len(part) for _, part in parts_to_parse(text, 1000)) <= 1000  # a model's max_length


# Paragraphs of our own: a person named in the first, their surname and a pronoun in the last.
ARTICLE = ("Foreign Minister Ana Ruiz of Chile arrived in Lima on Monday for talks on fishing.",
           "Peru's government said on Tuesday that the dispute over coastal waters had cost jobs.",
           "Fishermen in Callao protested outside the port, according to local police.",
           "Ruiz told reporters that Chile would not accept any change to the quotas. She said "
           "talks would resume in March.")


def test_a_long_text_parsed_in_parts_gives_what_the_whole_text_gives(nlp, tmp_path, monkeypatch):
    text = "\n\n".join(ARTICLE) + "\n"
    reference = datetime.date(2023, 4, 8)
    whole = extract_text(nlp, text, reference)
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    # Each paragraph a part of its own.
    monkeypatch.setattr(long_texts, "LONG_TEXT", 100)
    monkeypatch.setattr(long_texts, "PART_LENGTH", max(len(p) for p in ARTICLE) + 2)
    assert len(parts_to_parse(text, nlp.max_length)) == len(ARTICLE)
    [result] = list(run_extraction(nlp, [str(path)], reference, batch_size=4, quiet=True))
    check_offsets(result, text)
    assert {**result, "source": ""} == whole
    # "Ruiz" and "She", parsed in another part than the name, are still Chile's minister.
    chile = next(p for p in result["parties"] if p["code"] == "CHL")
    assert {"Ruiz", "She"} <= {c["actor"]["text"] for c in chile["claims"]}


def test_a_long_text_whose_parts_cannot_be_joined_keeps_each_parts_claims(nlp, tmp_path,
                                                                         monkeypatch):
    text = "\n\n".join(ARTICLE) + "\n"
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setattr(long_texts, "LONG_TEXT", 100)
    monkeypatch.setattr(long_texts, "PART_LENGTH", max(len(p) for p in ARTICLE) + 2)
    whole = run_extraction(nlp, [str(path)], None, batch_size=4, quiet=True)
    [joined] = list(whole)

    def fail(nlp, parts):  # a fault injected where the parts are joined
        raise ValueError("cannot join")
    monkeypatch.setattr(long_texts, "whole_doc", fail)
    [result] = list(run_extraction(nlp, [str(path)], None, batch_size=4, quiet=True))
    assert result["errors"] == []
    check_offsets(result, text)
    assert sorted(c["action"]["start"] for _, c in all_claims(result)) == \
        sorted(c["action"]["start"] for _, c in all_claims(joined))
