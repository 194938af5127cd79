"""CSV output (its documented columns, --keep fields, member, role, mode, target code, reference
date), the format an -o file's name implies, and --keep's dotted paths into nested fields."""

import csv
import io
import json
import re
from pathlib import Path

import pytest

from claimx.writing.formats import CSV_COLUMNS, csv_columns

README = Path(__file__).resolve().parents[1] / "README.md"
RECORDS = [
    {"id": "w-1", "date": "2024-03-16", "url": "https://example.org/1",
     "meta": {"publisher": "Nordic Wire", "tags": ["fish", "quota"]}, "authors": ["A", "B"],
     "text": "Norwegian Foreign Minister Kari Nordahl said on Friday that Norway expelled two "
             "Icelandic diplomats on Thursday.\n"},
    {"id": 2, "text": "The police arrested six Danish fishermen, Iceland's coast guard said.\n"},
    "not an object",
]


@pytest.fixture(autouse=True)
def wire(tmp_path):
    """The JSON Lines input of these tests, in the folder `run` works in."""
    (tmp_path / "wire.jsonl").write_text("".join(json.dumps(r) + "\n" for r in RECORDS),
                                         encoding="utf-8")



def rows(text: str):
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_has_the_documented_columns_with_kept_fields_after_id(run, tmp_path):
    result = run("extract", "wire.jsonl", "--keep", "url", "--keep", "meta.publisher",
                 "-o", "claims.csv")
    assert result.exit_code == 1, result.stderr  # line 3 is no JSON object
    text = (tmp_path / "claims.csv").read_text(encoding="utf-8")
    header = next(csv.reader(io.StringIO(text)))
    assert header == list(csv_columns(["url", "meta.publisher"]))
    assert header[:4] == ["source", "id", "meta.url", "meta.meta.publisher"]
    table = rows(text)
    first = [r for r in table if r["source"] == "wire.jsonl:1"]
    assert first and all(r["id"] == "w-1" and r["meta.url"] == "https://example.org/1"
                         and r["meta.meta.publisher"] == "Nordic Wire"
                         and r["reference_date"] == "2024-03-16" for r in first)
    expelled = next(r for r in first if r["action"] == "expelled")
    assert (expelled["class"], expelled["mode"]) == ("SANCTION", "expel")
    assert (expelled["target_party"], expelled["target_code"]) == ("Iceland", "ISL")
    assert expelled["date_value"] == "2024-03-14"
    said = next(r for r in first if r["action"] == "said")
    assert (said["member"], said["role"]) == ("Kari Nordahl", "Foreign Minister")
    assert said["modality"] == "asserted" and expelled["modality"] == "reported"
    second = [r for r in table if r["source"] == "wire.jsonl:2"]
    assert second and all(r["id"] == "2" and r["meta.url"] == "" for r in second)
    [failed] = [r for r in table if r["source"] == "wire.jsonl:3"]
    assert failed["error"].startswith("not_json:") and failed["party"] == ""


def test_readme_documents_every_csv_column_in_order():
    text = README.read_text(encoding="utf-8")
    documented = re.search(r"CSV columns,\s+in\s+this\s+order:\s+(.*?)\.\s", text, re.S)
    assert documented, "README lacks the CSV column list"
    names = re.findall(r"`([a-z_.A-Z]+)`", documented.group(1))
    assert [n for n in names if n != "meta.KEY"] == list(CSV_COLUMNS)
    assert names.index("meta.KEY") == 2


@pytest.mark.parametrize("name, fmt", [("out.csv", "csv"), ("OUT.JSON", "json"),
                                       ("out.jsonl", "jsonl"), ("out.html", "html"),
                                       ("out.htm", "html"), ("out.txt", "jsonl")])
def test_the_output_name_sets_the_format(run, tmp_path, name, fmt):
    result = run("extract", "wire.jsonl", "-o", name)
    assert result.exit_code == 1, result.stderr
    written = (tmp_path / name).read_text(encoding="utf-8")
    if fmt == "csv":
        assert written.startswith("source,id,")
    elif fmt == "json":
        assert len(json.loads(written)) == 3  # one JSON array of the three results
    elif fmt == "jsonl":
        assert len([json.loads(line) for line in written.splitlines()]) == 3
    else:
        assert written.startswith("<!doctype html>")


@pytest.mark.parametrize("args, message", [
    (["--format", "json", "-o", "x.csv"],
     "--format json does not match -o x.csv, whose name says csv: name the file *.json or drop "
     "--format to write csv"),
    (["--format", "table", "-o", "x.html"],
     "--format table does not match -o x.html, whose name says html: drop --format to write html"),
    (["-o", "x.json", "--resume"],
     "--resume appends JSON Lines; it cannot be used with -o x.json, a json file: name it "
     "FILE.jsonl"),
])
def test_a_format_the_output_name_contradicts_is_refused(run, tmp_path, args, message):
    result = run("extract", "wire.jsonl", *args)
    assert result.exit_code == 2
    assert message in " ".join(result.stderr.split())
    assert not list(tmp_path.glob("x.*"))


def test_an_agreeing_format_and_other_names_are_fine(run, tmp_path):
    assert run("extract", "wire.jsonl", "--format", "CSV", "-o", "a.csv").exit_code == 1
    assert (tmp_path / "a.csv").read_text(encoding="utf-8").startswith("source,")
    assert run("extract", "wire.jsonl", "--format", "csv", "-o", "a.txt").exit_code == 1
    assert (tmp_path / "a.txt").read_text(encoding="utf-8").startswith("source,")


def test_summary_infers_its_format_from_the_output_name(run, tmp_path):
    run("extract", "wire.jsonl", "-o", "claims.jsonl")
    for name, start in (("s.html", "<!doctype html>"), ("s.csv", "section,"), ("s.json", "{")):
        result = run("summary", "claims.jsonl", "-o", name)
        assert result.exit_code == 0, result.stderr
        assert (tmp_path / name).read_text(encoding="utf-8").lower().startswith(start)
    result = run("summary", "claims.jsonl", "--format", "csv", "-o", "t.html")
    assert result.exit_code == 2 and "whose name says html" in result.stderr


def test_keep_follows_dotted_paths_into_nested_fields(run):
    result = run("extract", "wire.jsonl", "--keep", "meta.publisher", "--keep", "authors.1",
                 "--keep", "meta.tags", "--keep", "meta.missing", "--keep", "url.x",
                 "--format", "jsonl")
    metas = [json.loads(line)["meta"] for line in result.stdout.splitlines()]
    assert metas[0] == {"meta.publisher": "Nordic Wire", "authors.1": "B",
                        "meta.tags": ["fish", "quota"], "meta.missing": None, "url.x": None}
    assert metas[1] == metas[2] == dict.fromkeys(metas[0])


def test_keep_prefers_a_field_whose_name_has_a_dot(run, tmp_path):
    (tmp_path / "dots.jsonl").write_text(json.dumps(
        {"text": "Norway said no.", "a.b": "flat", "a": {"b": "nested"}}) + "\n")
    result = run("extract", "dots.jsonl", "--keep", "a.b", "--format", "jsonl")
    assert json.loads(result.stdout)["meta"] == {"a.b": "flat"}
