"""What a person sees in a terminal: the progress bar (per document, elapsed time, rate and time
left, shown only where nothing else draws on the screen, never left behind), messages said
once and in good grammar, and the prompt for standard input. Real claimx processes in a
pseudo-terminal, whose final screen a terminal emulator (pyte) draws; rich's console capture
for the bar's parts."""

import io
import json
import os
import pty
import re
import select
import struct
import subprocess
import sys
import time

import pytest

from claimx.reading.listing import READ_SUFFIXES

pyte = pytest.importorskip("pyte", reason="pyte (a test extra) draws the terminal's screen")

ROWS = 200  # tall enough that nothing scrolls off the emulated screen
CLEAR_BAR = re.compile(r"extracting|scoring|docs/s|articles/s|-:--:--")


def article(number: int, sentences: int = 60) -> str:
    """An invented article of about 6,000 characters: one per spaCy batch while the bar shows."""
    lines = [f"Story {number}: talks between Norway and Denmark."]
    for k in range(sentences):
        lines.append(f"Norway expelled {k + 2} Danish diplomats on Monday, the foreign ministry "
                     f"in Oslo said in a statement about the dispute.")
    return "\n\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def news(tmp_path_factory):
    folder = tmp_path_factory.mktemp("terminal")
    (folder / "news").mkdir()
    (folder / "short").mkdir()
    for number in range(3):
        (folder / "news" / f"{number}.txt").write_text(article(number), encoding="utf-8")
        (folder / "short" / f"{number}.txt").write_text(article(number, 3), encoding="utf-8")
    return folder


def in_terminal(command: str, cwd, columns: int = 120, typed: bytes = b"", env_extra=None):
    """Runs a shell command line in a pseudo-terminal (stdin, stdout and stderr all the
    terminal); typed is typed once claimx asks for standard input. Returns (exit code, every byte shown as text without escapes, the final screen's
    lines, stripped)."""
    import fcntl
    import termios

    env = {k: v for k, v in os.environ.items() if k not in ("CLAIMX_MODEL", "CLAIMX_PAGER")}
    env.update({"COLUMNS": str(columns), "LINES": str(ROWS), "TERM": "xterm", "PAGER": "cat",
                "PATH": os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")},
               **(env_extra or {}))
    main, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, columns, 0, 0))
    process = subprocess.Popen(["bash", "-c", command], cwd=cwd, env=env, stdin=secondary,
                               stdout=secondary, stderr=secondary)
    os.close(secondary)
    shown, deadline = b"", time.monotonic() + 300
    while time.monotonic() < deadline:
        if typed and b"Ctrl-D" in shown:  # typed once claimx asks, a line and then Ctrl-D
            line, end = typed.split(b"\x04")[0], b"\x04"
            os.write(main, line)
            time.sleep(0.2)
            os.write(main, end)
            typed = b""
        ready, _, _ = select.select([main], [], [], 5)
        if not ready:
            if process.poll() is not None:
                break
            continue
        try:
            chunk = os.read(main, 65536)
        except OSError:  # every process on the terminal has ended
            break
        if not chunk:
            break
        shown += chunk
    else:
        process.kill()
        raise AssertionError("claimx did not finish in a terminal")
    process.wait(timeout=30)
    os.close(main)
    screen = pyte.Screen(columns, ROWS)
    pyte.ByteStream(screen).feed(shown)
    lines = [line.rstrip() for line in screen.display]
    while lines and not lines[-1]:
        lines.pop()
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", shown.decode("utf-8", "replace"))
    return process.returncode, text, lines


def counts_shown(text: str, total: int):
    return [int(n) for n in re.findall(rf"(\d+)/{total}\b", text)]


def test_the_bar_advances_per_document_and_leaves_nothing_behind(news):
    code, text, screen = in_terminal("claimx extract news -o out.jsonl --jobs 1", news)
    assert code == 0, "\n".join(screen)
    assert sorted(set(counts_shown(text, 3))) == [0, 1, 2, 3], text  # each document, not a batch
    frame = next(line for line in text.split("\r") if "2/3" in line)
    assert re.search(r"0:00:\d\d .*docs/s .*\d:\d\d:\d\d left", frame), frame  # elapsed, rate, left
    assert screen[-1] == "3 documents, 0 failed; written to out.jsonl"
    assert not any(CLEAR_BAR.search(line) for line in screen), screen
    assert len((news / "out.jsonl").read_text(encoding="utf-8").splitlines()) == 3


def test_no_bar_when_the_data_goes_through_a_pipe_to_the_screen(news):
    code, text, screen = in_terminal("claimx extract news | cut -c1-44; "
                                     "claimx extract news > out.jsonl", news)
    assert code == 0
    first_run, second_run = text.split("3 documents, 0 failed", 1)
    assert not CLEAR_BAR.search(first_run), first_run[:2000]  # `| jq` has the screen to itself
    assert "extracting" in second_run  # a file: nothing else draws on the screen
    records = [line for line in screen if line.startswith("{")]
    assert records == [f'{{"schema_version": 1, "source": "news/{n}.txt"' for n in range(3)]
    assert not any(CLEAR_BAR.search(line) for line in screen), screen


@pytest.mark.parametrize("columns", [80, 160])
def test_the_table_is_drawn_through_the_bar_and_never_glued_to_a_frame(news, columns):
    """... and a document's error is shown once, in the table (not again on stderr)."""
    code, text, screen = in_terminal("claimx extract short missing.txt --no-pager --jobs 1",
                                     news, columns)
    assert code == 1
    assert sum("no such file or folder" in line for line in screen) == 1  # in the table only
    assert "extracting" in text  # the bar was shown while the table was drawn
    assert not any(CLEAR_BAR.search(line) for line in screen), screen
    headings = [line for line in screen if line.startswith("short/")]
    assert [h.split()[0] for h in headings] == ["short/0.txt", "short/1.txt", "short/2.txt"]
    assert sum("Norway expelled" in line for line in screen) == 9
    assert all(len(line) <= columns for line in screen)
    assert screen[-1] == "4 documents, 1 failed"


def test_stdin_on_a_terminal_says_how_to_end_it(tmp_path):
    code, text, screen = in_terminal("claimx extract - --format jsonl", tmp_path,
                                     typed=b"Norway expelled two Danish diplomats.\n\x04")
    assert code == 0, screen
    assert "reading standard input; Ctrl-D to end" in screen
    assert any('"source": "-"' in line for line in screen)


def test_stdin_that_is_no_terminal_is_read_silently(tmp_path):
    process = subprocess.run([sys.executable, "-m", "claimx", "extract", "-"], cwd=tmp_path,
                             input=b"Norway expelled two Danish diplomats.\n",
                             capture_output=True, timeout=300)
    assert process.returncode == 0
    assert process.stderr == b""


# --- the bar's parts, through rich's console capture -------------------------------------------

def test_bar_rule(tmp_path, monkeypatch):
    from rich.console import Console

    import claimx.console
    from claimx.progress import bar_allowed, stays_off_screen

    with open(tmp_path / "out.jsonl", "w") as regular, open(os.devnull, "w") as null:
        assert stays_off_screen(regular) and stays_off_screen(null)
        read, write = os.pipe()
        with os.fdopen(write, "w") as pipe:
            assert not stays_off_screen(pipe)
        os.close(read)
        assert not stays_off_screen(io.StringIO())
        monkeypatch.setattr(claimx.console, "err_console", Console(file=io.StringIO(),
                                                                   force_terminal=True))
        assert bar_allowed(regular)
        assert bar_allowed(io.StringIO(), drawn_through_bar=True)
        assert not bar_allowed(regular, reading_terminal=True)
        monkeypatch.setattr(claimx.console, "err_console", Console(file=io.StringIO()))
        assert not bar_allowed(regular)  # stderr is no terminal


def test_the_rate_and_time_left_are_over_the_whole_run(monkeypatch):
    from rich.progress import Progress

    from claimx.progress import LeftColumn, RateColumn, run_rate

    progress = Progress()
    task_id = progress.add_task("x", total=40)
    task = progress.tasks[0]
    assert run_rate(task) is None and "-:--:--" in LeftColumn().render(task).plain
    task.start_time -= 43.0  # 32 documents in 43 s, landed at once
    progress.update(task_id, completed=32)
    assert abs(run_rate(task) - 32 / 43) < 0.05
    assert RateColumn("docs").render(task).plain == "0.7 docs/s"
    assert LeftColumn().render(task).plain == "0:00:10 left"  # 8 more at 0.74 a second


def test_paced_batches_hold_an_article_each_and_short_texts_together():
    from claimx.running.batch import DEFAULT_BATCH_SIZE, paced_batch_size

    assert paced_batch_size([article(1)] * 3) == 1
    assert paced_batch_size(["Norway said no. " * 15] * 40) == 25
    assert paced_batch_size(["Yes."] * 40) == DEFAULT_BATCH_SIZE
    assert paced_batch_size([]) == DEFAULT_BATCH_SIZE


# --- grammar and details ------------------------------------------------------------------------


def test_one_document_is_singular(run, tmp_path):
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "a.txt").write_text("Norway expelled two Danish diplomats.\n")
    result = run("extract", "news", "--jobs", "3")
    assert result.exit_code == 0
    assert "1 document, 0 failed" in result.stderr
    assert "capped at 1: the 1 document\n" in result.stderr


@pytest.mark.parametrize("args", [["extract", "a.txt", "--format", "JSON"],
                                  ["extract", "a.txt", "--format", "Json", "--group-by", "ACTOR"]])
def test_choices_are_taken_in_any_case(run, tmp_path, args):
    (tmp_path / "a.txt").write_text("Norway expelled two Danish diplomats.\n")
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["source"] == "a.txt"


def test_summary_choice_in_any_case(run, tmp_path):
    (tmp_path / "a.txt").write_text("Norway expelled two Danish diplomats.\n")
    extracted = run("extract", "a.txt", "--format", "JSONL")
    result = run("summary", "-", "--format", "CSV", input=extracted.stdout)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("section,")


def test_an_empty_folder_names_every_suffix_claimx_reads(run, tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.docx").write_text("x")
    result = run("extract", "empty")
    assert result.exit_code == 1
    [error] = json.loads(result.stdout)["errors"]
    for suffix in READ_SUFFIXES:
        assert suffix in error["message"]
    help_text = run("extract", "--help").stdout
    assert all(suffix in help_text for suffix in READ_SUFFIXES)


def test_no_publication_date_is_said_once_per_run(run, tmp_path):
    undated = "Published: Updated:\n\nNorway expelled two Danish diplomats on Thursday.\n"
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(undated)
    result = run("extract", "a.txt")
    notes = [line for line in result.stderr.splitlines() if "--date" in line]
    assert notes == ["note: a.txt has no publication date that claimx could find, so dates such "
                     "as 'Thursday' stay unresolved; give it with --date YYYY-MM-DD"]
    result = run("extract", "a.txt", "b.txt", "c.txt")
    notes = [line for line in result.stderr.splitlines() if "--date" in line]
    assert len(notes) == 1 and notes[0].startswith("note: 3 documents (the first: a.txt) have")
    assert not run("extract", "a.txt", "--date", "2024-03-14").stderr
    assert not run("extract", "a.txt", "-q").stderr


def gold_line(number: int) -> str:
    text = article(number, 20)
    start = text.index("the foreign ministry")
    return json.dumps({"text": text, "meta": {"publication_date": "2024-03-16"}, "attributions": [
        {"source": {"start": start, "end": start + len("the foreign ministry")},
         "cue": {"start": text.index(" said", start) + 1, "end": text.index(" said", start) + 5},
         "content": None}]})


def test_eval_shows_progress_then_its_figures(news):
    (news / "gold.jsonl").write_text("".join(gold_line(n) + "\n" for n in range(3)),
                                     encoding="utf-8")
    code, text, screen = in_terminal("claimx eval gold.jsonl", news)
    assert code == 0, screen
    assert sorted(set(counts_shown(text, 3))) == [0, 1, 2, 3] and "articles/s" in text
    assert not any(CLEAR_BAR.search(line) for line in screen), screen
    assert any(line.startswith("source") for line in screen), screen
