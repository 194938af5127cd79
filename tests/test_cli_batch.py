"""claimx extract on batches: JSON Lines inputs, --jobs, quiet runs and pipes, Ctrl-C, --resume.

Same tools as test_cli.py: CliRunner with the session's pipeline, and real processes where the
process itself matters (a closed pipe, a real SIGINT).
"""

import gzip
import json
import os
import shlex
import subprocess
import sys

import pytest

import claimx.writing.formats
from conftest import EXAMPLES, check_offsets
from test_cli import GOOD_TEXT, records, write

ARTICLE = EXAMPLES / "fishing-dispute.txt"
OTHER_TEXT = "Iceland said on Monday that it would protest the decision.\n"
RESULT_KEYS = ["schema_version", "source", "id", "title", "reference_date", "reference_date_source",
               "parties", "errors"]


def jsonl(*lines) -> str:
    """JSON Lines text: dicts are dumped, strings kept as they are (to write broken lines)."""
    return "".join((json.dumps(line) if isinstance(line, dict) else line) + "\n" for line in lines)


def write_gz(path, text: str):
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wt", encoding="utf-8") as stream:
        stream.write(text)
    return path


# --- JSON Lines inputs ------------------------------------------------------------------------

def test_jsonl_gives_one_result_per_line_named_path_colon_line(run, tmp_path, validate):
    write(tmp_path / "news.jsonl", jsonl(
        {"id": "a1", "text": GOOD_TEXT, "date": "2023-04-08"},
        "{not json",
        {"id": 7, "body": GOOD_TEXT},
        "",  # blank lines are skipped, but still counted in LINE
        {"text": OTHER_TEXT, "meta": {"publication_date": "2022-01-05T10:00:00Z"}},
        "[1, 2]",
    ))
    result = run("extract", "news.jsonl")
    assert result.exit_code == 1
    lines = records(result.stdout)
    for record in lines:
        validate(record)
    assert [r["source"] for r in lines] == \
        ["news.jsonl:1", "news.jsonl:2", "news.jsonl:3", "news.jsonl:5", "news.jsonl:6"]
    assert [r.get("id") for r in lines] == ["a1", None, 7, None, None]
    assert [[e["type"] for e in r["errors"]] for r in lines] == \
        [[], ["not_json"], ["no_text"], [], ["not_json"]]
    assert lines[0]["parties"] and lines[3]["parties"]
    assert [(r["reference_date"], r["reference_date_source"]) for r in (lines[0], lines[3])] == \
        [("2023-04-08", "metadata"), ("2022-01-05", "metadata")]
    stderr = result.stderr.splitlines()
    assert any("news.jsonl:2" in line and "not JSON" in line for line in stderr), stderr
    assert any("news.jsonl:3" in line and "'text'" in line for line in stderr), stderr
    assert "Traceback" not in result.stderr


def test_jsonl_offsets_point_into_the_record_text(run, tmp_path):
    write(tmp_path / "news.jsonl", jsonl({"text": GOOD_TEXT}, {"text": OTHER_TEXT}))
    result = run("extract", "news.jsonl")
    assert result.exit_code == 0, result.stderr
    for record, text in zip(records(result.stdout), (GOOD_TEXT, OTHER_TEXT)):
        check_offsets(record, text)


def test_every_result_has_its_keys_in_the_same_order(run, tmp_path):
    write(tmp_path / "a.txt")
    write(tmp_path / "news.jsonl", jsonl({"id": "x", "text": GOOD_TEXT}, "oops", {"text": GOOD_TEXT},
                                         {"id": "y"}))
    lines = records(run("extract", "a.txt", "news.jsonl", "missing.txt").stdout)
    assert len(lines) == 6
    for record in lines:
        expected = [k for k in RESULT_KEYS if k != "id" or "id" in record]
        assert list(record) == expected, record["source"]
    assert [r.get("id") for r in lines] == [None, "x", None, None, "y", None]


def test_gzipped_jsonl_in_a_folder_is_read_in_sorted_order(run, tmp_path):
    write(tmp_path / "news" / "b.txt")
    write_gz(tmp_path / "news" / "a.jsonl.gz", jsonl({"id": 1, "text": GOOD_TEXT},
                                                       {"id": 2, "text": OTHER_TEXT}))
    write(tmp_path / "news" / "c.jsonl", jsonl({"id": 3, "text": GOOD_TEXT}))
    result = run("extract", "news")
    assert result.exit_code == 0, result.stderr
    lines = records(result.stdout)
    path = os.path.join
    assert [(r["source"], r.get("id")) for r in lines] == [
        (path("news", "a.jsonl.gz") + ":1", 1), (path("news", "a.jsonl.gz") + ":2", 2),
        (path("news", "b.txt"), None), (path("news", "c.jsonl") + ":1", 3)]
    assert all(r["parties"] for r in lines)


def test_text_id_and_date_keys_can_be_renamed(run, tmp_path):
    write(tmp_path / "news.jsonl", jsonl({"uid": "n-1", "body": GOOD_TEXT, "published": "2023-04-08",
                                          "text": "not this", "id": "not this"}))
    result = run("extract", "news.jsonl", "--text-key", "body", "--id-key", "uid",
                 "--date-key", "published")
    assert result.exit_code == 0, result.stderr
    (record,) = records(result.stdout)
    assert record["id"] == "n-1" and record["reference_date"] == "2023-04-08"
    assert "Norway" in [p["name"] for p in record["parties"]]


def test_kept_fields_are_carried_to_every_result_in_the_same_place(run, tmp_path, validate):
    write(tmp_path / "news.jsonl", jsonl({"id": 7, "text": GOOD_TEXT, "url": "https://example.org/7",
                                          "outlet": "Example Times"},
                                         {"text": GOOD_TEXT, "url": "https://example.org/8"})
          + "not json\n")
    result = run("extract", "news.jsonl", "--keep", "url", "--keep", "outlet")
    lines = records(result.stdout)
    for record in lines:
        validate(record)
    assert [r["meta"] for r in lines] == [
        {"url": "https://example.org/7", "outlet": "Example Times"},
        {"url": "https://example.org/8", "outlet": None},
        {"url": None, "outlet": None}]  # the broken line still has the same keys
    assert list(lines[0])[:4] == ["schema_version", "source", "id", "meta"]
    assert list(lines[1])[:3] == ["schema_version", "source", "meta"]


def test_without_keep_results_have_no_meta(run, tmp_path):
    write(tmp_path / "news.jsonl", jsonl({"text": GOOD_TEXT, "url": "https://example.org/7"}))
    (record,) = records(run("extract", "news.jsonl").stdout)
    assert "meta" not in record


def test_date_option_wins_over_the_record_date(run, tmp_path):
    write(tmp_path / "news.jsonl", jsonl({"text": GOOD_TEXT, "date": "2020-01-01"}))
    (record,) = records(run("extract", "news.jsonl", "--date", "2023-04-08").stdout)
    assert (record["reference_date"], record["reference_date_source"]) == ("2023-04-08", "option")


def test_a_record_date_that_is_not_a_date_is_ignored(run, tmp_path):
    write(tmp_path / "news.jsonl", jsonl({"text": GOOD_TEXT, "date": "last week"}))
    (record,) = records(run("extract", "news.jsonl").stdout)
    assert record["errors"] == [] and record["reference_date_source"] != "metadata"


@pytest.mark.parametrize("record, error_type", [
    ({"text": ""}, "empty"),
    ({"text": 42}, "no_text"),
    ({"text": None}, "no_text"),
], ids=["empty-text", "number-text", "null-text"])
def test_a_bad_record_fails_alone(run, tmp_path, record, error_type):
    write(tmp_path / "news.jsonl", jsonl(record, {"text": GOOD_TEXT}))
    result = run("extract", "news.jsonl")
    assert result.exit_code == 1
    bad, good = records(result.stdout)
    assert [e["type"] for e in bad["errors"]] == [error_type]
    assert good["errors"] == [] and good["parties"]


def test_a_record_that_is_not_utf8_fails_alone(run, tmp_path):
    (tmp_path / "news.jsonl").write_bytes(b'{"text": "caf\xe9 said"}\n' + jsonl({"text": GOOD_TEXT}).encode())
    bad, good = records(run("extract", "news.jsonl").stdout)
    assert bad["source"] == "news.jsonl:1" and bad["errors"][0]["type"] == "encoding"
    assert good["errors"] == []


def test_a_truncated_gzip_keeps_the_lines_before_the_break(run, tmp_path):
    data = gzip.compress(jsonl(*[{"id": i, "text": GOOD_TEXT} for i in range(40)]).encode())
    (tmp_path / "news.jsonl.gz").write_bytes(data[: len(data) - 20])
    result = run("extract", "news.jsonl.gz")
    assert result.exit_code == 1
    lines = records(result.stdout)
    assert lines[-1]["errors"][0]["type"] == "unreadable"
    assert len(lines) > 10, "the lines before the break are kept"
    assert all(r["errors"] == [] for r in lines[:-1])
    assert "Traceback" not in result.stderr


def test_a_missing_or_empty_jsonl_file_is_one_error(run, tmp_path):
    write(tmp_path / "blank.jsonl", "\n\n")
    result = run("extract", "missing.jsonl", "blank.jsonl")
    assert result.exit_code == 1
    assert [(r["source"], r["errors"][0]["type"]) for r in records(result.stdout)] == \
        [("missing.jsonl", "not_found"), ("blank.jsonl", "empty")]


def test_summary_counts_records(run, tmp_path):
    write(tmp_path / "news.jsonl", jsonl({"text": GOOD_TEXT}, "bad", {"text": GOOD_TEXT}))
    result = run("extract", "news.jsonl")
    assert "3 documents, 1 failed" in result.stderr
    assert "documents" not in run("extract", "news.jsonl", "-q").stderr


# --- --jobs -----------------------------------------------------------------------------------

def test_jobs_2_gives_the_same_bytes_as_jobs_1(run, tmp_path):
    for i in range(5):
        write(tmp_path / "news" / f"{i}.txt", (GOOD_TEXT, OTHER_TEXT)[i % 2])
    (tmp_path / "news" / "2b.txt").write_bytes(b"\x00binary")
    write(tmp_path / "news" / "records.jsonl", jsonl({"id": "r", "text": OTHER_TEXT}, "bad",
                                                      {"text": ARTICLE.read_text(encoding="utf-8")}))
    one = run("extract", "news", "--jobs", "1", "--batch-size", "2")
    two = run("extract", "news", "--jobs", "2", "--batch-size", "2")
    assert one.exit_code == two.exit_code == 1
    assert len(records(one.stdout)) == 9
    assert two.stdout == one.stdout
    assert two.stderr == one.stderr


def test_jobs_must_be_positive(run):
    assert run("extract", ARTICLE, "--jobs", "0").exit_code == 2


# --- pipes and Ctrl-C -------------------------------------------------------------------------

@pytest.mark.parametrize("jobs", ["1", "2"])
def test_head_closing_the_pipe_ends_quietly(tmp_path, jobs):
    for i in range(12):
        write(tmp_path / "news" / f"{i:02}.txt")
    env = {k: v for k, v in os.environ.items() if k != "CLAIMX_MODEL"}
    claimx = subprocess.Popen([sys.executable, "-m", "claimx", "extract", "news", "--batch-size", "1",
                               "--jobs", jobs],
                              cwd=tmp_path, env=env, stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    head = subprocess.Popen(["head", "-1"], stdin=claimx.stdout, stdout=subprocess.PIPE)
    claimx.stdout.close()  # head alone holds the read end: when it exits, the pipe is broken
    first, _ = head.communicate(timeout=120)
    stderr = claimx.stderr.read().decode()
    assert claimx.wait(timeout=120) == 0
    assert json.loads(first)["source"] == os.path.join("news", "00.txt")
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr, stderr


def test_an_interrupt_keeps_finished_results_and_prints_the_command_that_finishes(run, tmp_path,
                                                                                  monkeypatch):
    for i in range(4):
        write(tmp_path / f"{i}.txt")
    real_write = claimx.writing.formats.ResultWriter.write

    def write_then_interrupt(self, result):
        if self.count == 2:
            raise KeyboardInterrupt
        real_write(self, result)

    monkeypatch.setattr(claimx.writing.formats.ResultWriter, "write", write_then_interrupt)
    result = run("extract", "0.txt", "1.txt", "2.txt", "3.txt", "-o", "out.jsonl")
    assert result.exit_code == 130
    assert "interrupted by Ctrl-C (SIGINT) after 2 documents" in result.stderr
    assert "Traceback" not in result.stderr
    # the target is still atomic: only the finished lines, beside it
    assert sorted(p.name for p in tmp_path.iterdir()) == \
        ["0.txt", "1.txt", "2.txt", "3.txt", "out.jsonl.partial"]
    assert [r["source"] for r in records((tmp_path / "out.jsonl.partial").read_text())] == \
        ["0.txt", "1.txt"]
    command = result.stderr.split("finish the run with: ")[1].strip()
    assert command == "claimx extract 0.txt 1.txt 2.txt 3.txt --output out.jsonl --resume"

    monkeypatch.setattr(claimx.writing.formats.ResultWriter, "write", real_write)
    again = run(*shlex.split(command)[1:])
    assert again.exit_code == 0, again.stderr
    assert "2 documents, 0 failed, 2 already in out.jsonl" in again.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == \
        ["0.txt", "1.txt", "2.txt", "3.txt", "out.jsonl"]
    assert [r["source"] for r in records((tmp_path / "out.jsonl").read_text())] == \
        ["0.txt", "1.txt", "2.txt", "3.txt"]


def test_a_new_run_will_not_overwrite_the_finished_results_of_a_stopped_one(run, tmp_path):
    write(tmp_path / "a.txt")
    (tmp_path / "out.jsonl.partial").write_text("")
    result = run("extract", "a.txt", "a.txt", "-o", "out.jsonl")
    assert result.exit_code == 2
    assert "out.jsonl.partial holds the finished results of an interrupted run" in result.stderr
    assert "--resume" in result.stderr


# --- --resume ---------------------------------------------------------------------------------

def test_resume_appends_only_the_inputs_not_yet_done(run, tmp_path):
    write(tmp_path / "news" / "a.txt")
    write(tmp_path / "news" / "b.txt", OTHER_TEXT)
    assert run("extract", "news", "-o", "out.jsonl").exit_code == 0
    before = (tmp_path / "out.jsonl").read_bytes()
    write(tmp_path / "news" / "c.txt")
    result = run("extract", "news", "-o", "out.jsonl", "--resume")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "1 document, 0 failed, 2 already in out.jsonl" in result.stderr
    after = (tmp_path / "out.jsonl").read_bytes()
    assert after.startswith(before)
    assert [r["source"] for r in records(after.decode())] == \
        [os.path.join("news", n) for n in ("a.txt", "b.txt", "c.txt")]


def test_resume_skips_jsonl_records_already_done(run, tmp_path):
    lines = [{"id": i, "text": GOOD_TEXT} for i in range(3)]
    write(tmp_path / "news.jsonl", jsonl(*lines[:2]))
    assert run("extract", "news.jsonl", "-o", "out.jsonl").exit_code == 0
    write(tmp_path / "news.jsonl", jsonl(*lines))
    assert run("extract", "news.jsonl", "-o", "out.jsonl", "--resume").exit_code == 0
    done = records((tmp_path / "out.jsonl").read_text(encoding="utf-8"))
    assert [(r["source"], r["id"]) for r in done] == \
        [("news.jsonl:1", 0), ("news.jsonl:2", 1), ("news.jsonl:3", 2)]


def test_resume_redoes_a_half_written_last_line(run, tmp_path):
    write(tmp_path / "a.txt")
    write(tmp_path / "b.txt")
    assert run("extract", "a.txt", "b.txt", "-o", "out.jsonl").exit_code == 0
    whole = (tmp_path / "out.jsonl").read_bytes()
    (tmp_path / "out.jsonl").write_bytes(whole[: len(whole) - 40])  # killed while writing b
    assert run("extract", "a.txt", "b.txt", "-o", "out.jsonl", "--resume").exit_code == 0
    assert (tmp_path / "out.jsonl").read_bytes() == whole


def test_resume_without_an_output_file_starts_one(run, tmp_path):
    write(tmp_path / "a.txt")
    assert run("extract", "a.txt", "-o", "out.jsonl", "--resume").exit_code == 0
    assert [r["source"] for r in records((tmp_path / "out.jsonl").read_text())] == ["a.txt"]


@pytest.mark.parametrize("args", [["--resume"], ["-o", "out.csv", "--resume", "--format", "csv"]],
                         ids=["no-output", "csv"])
def test_resume_needs_a_jsonl_output_file(run, tmp_path, args):
    write(tmp_path / "a.txt")
    result = run("extract", "a.txt", *args)
    assert result.exit_code == 2
    assert "--resume" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out.csv").exists()


# --- HTML pages -------------------------------------------------------------------------------

PAGE = """<html><head><title>Norway expels diplomats | The Daily</title>
<meta property="article:published_time" content="2023-04-08"></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><p>Norway expelled three Danish diplomats on Thursday, the foreign ministry said.</p>
<p>Iceland said on Monday that it would protest the decision.</p></article>
<footer>Copyright The Daily</footer></body></html>
"""


def test_html_page_gives_its_main_text_title_and_date(run, tmp_path, validate):
    import trafilatura

    write(tmp_path / "news" / "page.html", PAGE)
    write(tmp_path / "news" / "a.txt")
    result = run("extract", "news", "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    text_file, page = records(result.stdout)  # sorted: a.txt, page.html
    validate(page)
    assert page["source"] == os.path.join("news", "page.html")
    assert page["title"] and "Norway expels diplomats" in page["title"]
    assert (page["reference_date"], page["reference_date_source"]) == ("2023-04-08", "metadata")
    assert "Norway" in [p["name"] for p in page["parties"]]
    extracted = trafilatura.extract(PAGE.encode())
    check_offsets(page, extracted)  # offsets are into the extracted text
    assert "Home" not in json.dumps(page["parties"])


def test_html_page_without_article_text_is_an_error(run, tmp_path):
    write(tmp_path / "empty.htm", "<html><head><title>Menu</title></head><body></body></html>")
    write(tmp_path / "a.txt")
    result = run("extract", "empty.htm", "a.txt")
    assert result.exit_code == 1
    bad, good = records(result.stdout)
    assert bad["errors"][0]["type"] == "empty" and "HTML" in bad["errors"][0]["message"]
    assert good["errors"] == []


@pytest.mark.parametrize("resume", [[], ["--resume"]], ids=["rerun", "resume"])
def test_the_output_file_inside_an_input_folder_is_not_an_input(run, tmp_path, resume):
    write(tmp_path / "news" / "a.txt")
    assert run("extract", "news", "-o", os.path.join("news", "out.jsonl")).exit_code == 0
    write(tmp_path / "news" / "b.txt")
    result = run("extract", "news", "-o", os.path.join("news", "out.jsonl"), *resume)
    assert result.exit_code == 0, result.stderr
    sources = [r["source"] for r in records((tmp_path / "news" / "out.jsonl").read_text())]
    assert sources == [os.path.join("news", "a.txt"), os.path.join("news", "b.txt")]


# --- text encodings ---------------------------------------------------------------------------

# Invented sentences; their curly quotes and accented names must survive a legacy encoding.
WESTERN_TEXT = ("\u201cWe will not sign this agreement,\u201d said H\u00e9l\u00e8ne Dubois, the trade "
                "minister of Belgium, on Tuesday.\n"
                "Ren\u00e9e C\u00f4t\u00e9, the mayor of Montr\u00e9al, said on Friday that the city "
                "would not pay the bill.\n")


def test_a_folder_of_mixed_encodings_gives_one_record_per_file_in_order(run, tmp_path, validate):
    news = tmp_path / "news"
    write(news / "1-good.txt")
    (news / "2-empty.txt").write_bytes(b"")
    (news / "3-scan.txt").write_bytes(b"%PDF-1.7\n\x00\x00\x01\x02 stream")
    (news / "4-windows.txt").write_bytes(WESTERN_TEXT.encode("cp1252"))
    (news / "5-utf16.txt").write_bytes(OTHER_TEXT.encode("utf-16"))  # with its BOM
    (news / "6-damaged.txt").write_bytes(WESTERN_TEXT.encode() + b"caf\xe9\n")  # UTF-8 but one byte
    result = run("extract", "news")
    assert result.exit_code == 1
    lines = records(result.stdout)
    assert [os.path.basename(r["source"]) for r in lines] == \
        ["1-good.txt", "2-empty.txt", "3-scan.txt", "4-windows.txt", "5-utf16.txt", "6-damaged.txt"]
    assert [[e["type"] for e in r["errors"]] for r in lines] == \
        [[], ["empty"], ["binary"], [], [], ["encoding"]]
    for record in lines:
        validate(record)
        assert list(record) == [k for k in RESULT_KEYS if k != "id"], "no new output keys"
    windows, utf16, damaged = lines[3], lines[4], lines[5]
    check_offsets(windows, WESTERN_TEXT)  # offsets are into the decoded text
    claims = {p["name"]: c for p in windows["parties"] for c in p["claims"]}
    assert claims["Belgium"]["content"]["text"] == "\u201cWe will not sign this agreement,\u201d"
    assert claims["Belgium"]["actor"]["text"].startswith("H\u00e9l\u00e8ne Dubois")
    assert "Ren\u00e9e C\u00f4t\u00e9" in claims
    assert "Iceland" in [p["name"] for p in utf16["parties"]]
    message = damaged["errors"][0]["message"]
    assert "0xe9" in message and "iconv" in message and "6-damaged.txt" in message
    assert f"{damaged['source']}: {message}" in result.stderr


def test_windows_1252_on_stdin_is_decoded(run):
    result = run("extract", "-", "--format", "jsonl", input=WESTERN_TEXT.encode("cp1252"))
    assert result.exit_code == 0, result.stderr
    (record,) = records(result.stdout)
    assert "Ren\u00e9e C\u00f4t\u00e9" in [p["name"] for p in record["parties"]]


# --- glob patterns ----------------------------------------------------------------------------

def test_a_recursive_pattern_reads_the_files_it_matches_in_folder_order(run, tmp_path):
    for name in ["a.txt", "2023/b.txt", "2023/05/c.txt", ".drafts/d.txt", ".e.txt", "notes.md"]:
        write(tmp_path / "news" / name)
    result = run("extract", "news/**/*.txt", "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    assert [r["source"] for r in records(result.stdout)] == \
        [os.path.join("news", *p) for p in (("2023", "05", "c.txt"), ("2023", "b.txt"), ("a.txt",))]


def test_a_pattern_that_matches_nothing_is_one_not_found_record(run, tmp_path):
    write(tmp_path / "a.txt")
    result = run("extract", "archive/**/*.txt", "a.txt")
    assert result.exit_code == 1
    missing, good = records(result.stdout)
    assert missing["source"] == "archive/**/*.txt" and missing["parties"] == []
    assert [e["type"] for e in missing["errors"]] == ["not_found"]
    assert "pattern matched no file" in missing["errors"][0]["message"]
    assert good["source"] == "a.txt" and good["errors"] == []
    assert "archive/**/*.txt: the glob pattern matched no file" in result.stderr


def test_patterns_and_plain_paths_keep_the_order_given(run, tmp_path):
    write(tmp_path / "z.txt")
    write(tmp_path / "news" / "2022" / "a.txt")
    write(tmp_path / "news" / "2023" / "b.txt", OTHER_TEXT)
    write(tmp_path / "news" / "2023" / "notes.md")
    result = run("extract", "z.txt", "news/202?", "missing.txt")
    assert result.exit_code == 1
    lines = records(result.stdout)
    assert [r["source"] for r in lines] == ["z.txt"] + \
        [os.path.join("news", *p) for p in (("2022", "a.txt"), ("2023", "b.txt"), ("2023", "notes.md"))] + \
        ["missing.txt"]
    assert lines[-1]["errors"][0]["message"] == "no such file or folder; check the path"


def test_a_file_whose_name_looks_like_a_pattern_is_read_as_named(run, tmp_path):
    write(tmp_path / "notes [draft].txt")
    write(tmp_path / "notes d.txt", OTHER_TEXT)  # what "notes [draft].txt" matches as a pattern
    result = run("extract", "notes [draft].txt", "--format", "jsonl")
    assert [r["source"] for r in records(result.stdout)] == ["notes [draft].txt"]


def test_a_pattern_alone_gives_json_lines_like_a_folder(run, tmp_path):
    write(tmp_path / "news" / "a.txt")
    write(tmp_path / "news" / "b.txt")
    result = run("extract", "news/*.txt")
    assert len(records(result.stdout)) == 2


def test_progress_on_a_terminal_counts_documents_rate_and_failures(nlp, tmp_path, monkeypatch):
    import io

    from rich.console import Console

    import claimx.console
    from claimx.running.batch import run_extraction

    screen = io.StringIO()
    monkeypatch.setattr(claimx.console, "err_console",
                        Console(file=screen, force_terminal=True, width=120))
    write(tmp_path / "a.txt")
    write(tmp_path / "b.txt")
    sources = [str(tmp_path / "a.txt"), str(tmp_path / "missing.txt"), str(tmp_path / "b.txt")]
    results = list(run_extraction(nlp, sources, None, batch_size=2, quiet=False))
    assert [bool(r["errors"]) for r in results] == [False, True, False]
    shown = screen.getvalue()
    assert "3/3" in shown and "1 failed" in shown and "docs/s" in shown


@pytest.mark.parametrize("jobs", [1, 2])
def test_runs_in_memory_zones_keep_order_and_forget_the_words_they_met(nlp, tmp_path, monkeypatch,
                                                                       jobs):
    import claimx.running.batch

    monkeypatch.setattr(claimx.running.batch, "ZONE_DOCUMENTS", 2)  # five documents: three zones
    sources = []
    for i in range(5):
        # a made-up word per document: spaCy would keep each in its string store for ever
        write(tmp_path / f"{i}.txt", f"Norway expelled a Danish diplomat named Zqx{i}vore, "
                                     f"the foreign ministry said.\n")
        sources.append(str(tmp_path / f"{i}.txt"))
    strings_before = len(nlp.vocab.strings)
    results = list(claimx.running.batch.run_extraction(nlp, sources, None, batch_size=1, quiet=True,
                                               jobs=jobs))
    assert [r["source"] for r in results] == sources
    assert all(r["errors"] == [] and r["parties"] for r in results)
    assert len(nlp.vocab.strings) == strings_before
    assert all(f"Zqx{i}vore" not in nlp.vocab.strings for i in range(5))


@pytest.mark.parametrize("args, expected", [
    (["a.txt"], 1),  # one document: workers would cost more than they save
    (["a.txt", "b.txt"], "cores"),
    (["a.txt", "b.txt", "--jobs", "1"], 1),
])
def test_jobs_default_to_every_usable_core_for_several_documents(run, tmp_path, monkeypatch, args,
                                                                expected):
    import claimx.running.batch
    import claimx.running.extract_steps

    real = claimx.running.batch.run_extraction
    used = []

    def recording(*a, **kw):  # the real run, noting how many processes it was given
        used.append(kw["jobs"])
        return real(*a, **kw)

    monkeypatch.setattr(claimx.running.batch, "run_extraction", recording)
    write(tmp_path / "a.txt")
    write(tmp_path / "b.txt")
    result = run("extract", *args)
    assert result.exit_code == 0, result.stderr
    cores = claimx.running.extract_steps.usable_cores()
    assert used == [min(cores, 2) if expected == "cores" else expected]
