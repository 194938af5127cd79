"""`claimx summary` over claimx's own output: the figures, each format, and input that is not
claimx output."""

import csv
import io
import json
import re

import pytest

from claimx.summary import time_bins
from conftest import EXAMPLES
from test_views import CHROMIUM, chromium, parse

ARTICLE = EXAMPLES / "fishing-dispute.txt"
SECOND = ('Iceland recalled its ambassador from Oslo on Friday, the foreign ministry said.\n'
          '"This cannot go on," Foreign Minister Einar Gunnarsson of Iceland told reporters on '
          'Friday.\n')


@pytest.fixture
def corpus(run, tmp_path):
    """claims.jsonl from the example article, an article of ours and a missing file."""
    (tmp_path / "second.txt").write_text(SECOND, encoding="utf-8")
    result = run("extract", ARTICLE, "second.txt", "missing.txt", "--date", "2024-03-16",
                 "-o", "claims.jsonl")
    assert result.exit_code == 1  # missing.txt failed; its record is in the file
    return tmp_path / "claims.jsonl"


def summary_of(run, *args, input=None) -> dict:
    result = run("summary", *args, "--format", "json", input=input)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_summary_figures_add_up(run, corpus):
    figures = summary_of(run, corpus)
    results = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()]
    assert figures["documents"] == 3 and figures["failed"] == 1
    assert figures["claims"] == len({(r["source"], c["id"]) for r in results
                                     for p in r["parties"] for c in p["claims"]})
    norway = next(p for p in figures["parties"] if p["name"] == "Norway")
    assert norway["claims"] == sum(len(p["claims"]) for r in results for p in r["parties"]
                                   if p["name"] == "Norway")
    assert norway["claims"] == norway["statements"] + norway["events"]
    assert {"name": "Kari Nordahl", "kind": "person", "role": "Foreign Minister"}.items() <= \
        next(m for m in norway["members"] if m["name"] == "Kari Nordahl").items()
    counts = [p["claims"] for p in figures["parties"]]
    assert counts == sorted(counts, reverse=True)
    assert {"party": "Norway", "code": "NOR", "class": "SANCTION", "target": "Iceland",
            "target_code": "ISL"}.items() <= max(
        (e for e in figures["interactions"] if e["party"] == "Norway"
         and e["class"] == "SANCTION"), key=lambda e: e["count"]).items()
    assert sum(c["count"] for c in figures["classes"]) == sum(p["claims"] for p in figures["parties"])
    quoted = {q["name"]: q for q in figures["quoted"]}
    assert quoted["Kari Nordahl"]["direct"] >= 1
    assert "Einar Gunnarsson" in quoted
    days = {d["day"] for d in figures["days"]}
    assert "2024-03-14" in days and "2024-03-15" in days  # Thursday, and our Friday
    assert [f["source"] for f in figures["failed_documents"]] == ["missing.txt"]


def test_summary_reads_stdin_and_extracts_json_output(run, tmp_path):
    pretty = run("extract", ARTICLE, "--format", "json").stdout
    from_json = summary_of(run, "-", input=pretty)
    assert from_json["documents"] == 1 and from_json["claims"] > 5
    array = run("extract", ARTICLE, ARTICLE, "--format", "json").stdout
    assert summary_of(run, "-", input=array)["documents"] == 2


def test_summary_as_csv_and_as_a_terminal_table(run, corpus):
    result = run("summary", corpus, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    sections = {row["section"] for row in rows}
    assert sections == {"parties", "members", "classes", "interactions", "quoted", "days", "failed"}
    assert any(r["section"] == "quoted" and r["name"] == "Kari Nordahl" for r in rows)
    table = run("summary", corpus, "--format", "table").stdout
    for heading in ("Parties by number of claims", "Who did what", "Most quoted people",
                    "Claims per day", "Documents that failed", "Kari Nordahl", "missing.txt"):
        assert heading in table


def test_summary_html_report_is_self_contained_with_a_timeline(run, corpus, tmp_path):
    result = run("summary", corpus, "--format", "html", "-o", "summary.html")
    assert result.exit_code == 0, result.stderr
    page = (tmp_path / "summary.html").read_text(encoding="utf-8")
    parsed = parse(page)
    tags = [tag for tag, _ in parsed.tags]
    assert "svg" in tags and tags.count("circle") >= 3
    assert "script" not in tags and "link" not in tags and "img" not in tags
    assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", page)
    if CHROMIUM:
        shot = tmp_path / "summary.png"
        chromium("--window-size=1200,1000", f"--screenshot={shot}", (tmp_path / "summary.html").as_uri())
        assert shot.read_bytes()[:4] == b"\x89PNG"


@pytest.mark.parametrize("text, problem", [
    ("# notes\nnot json\n", "in.txt:1: not a JSON line"),
    ('{"source": "a.txt", "claims": []}\n', 'in.txt:1: not claimx output (no "schema_version", '
                                            '"parties", "errors" fields)'),
    ('[1, 2]\n', "in.txt: a JSON int, not a claimx result"),
    ('{"schema_version": 9, "source": "a", "parties": [], "errors": []}\n',
     "in.txt:1: schema_version 9"),
])
def test_a_file_that_is_not_claimx_output_gets_one_line(run, tmp_path, text, problem):
    (tmp_path / "in.txt").write_text(text, encoding="utf-8")
    result = run("summary", "in.txt")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and problem in result.stderr, result.stderr


def test_an_empty_file_is_an_empty_corpus(run, tmp_path):
    (tmp_path / "empty.jsonl").write_text("", encoding="utf-8")
    figures = summary_of(run, "empty.jsonl")
    assert figures["documents"] == 0 and figures["parties"] == []


def test_time_bins_widen_with_the_span():
    assert time_bins("2024-03-14", "2024-03-16") == ("day", ["2024-03-14", "2024-03-15", "2024-03-16"])
    unit, weeks = time_bins("2024-01-03", "2024-06-30")
    assert unit == "week" and weeks[0] == "2024-01-01" and weeks[-1] == "2024-06-24"
    assert time_bins("2020-11-05", "2023-02-01")[1][:3] == ["2020-11", "2020-12", "2021-01"]
