"""The views people look at: the terminal table (at 80 and 160 columns, through rich's console
capture and a pseudo-terminal), its pager, and the HTML page of an article (parsed, and rendered
by a real browser where Chromium is installed)."""

import datetime
import io
import json
import os
import pty
import re
import select
import shutil
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from claimx.views.pager import pager_command, should_page
from claimx.views.table import NARROW_COLUMNS, WIDE, WIDE_COLUMNS, TableView, table_console
from conftest import EXAMPLES, extract_text

ARTICLE = EXAMPLES / "fishing-dispute.txt"
NEGATED = ("Iceland did not meet the Norwegian delegation on Monday, officials said.\n"
           "The minister said the talks would never resume.\n")



@pytest.fixture(scope="module")
def example(nlp):
    result = extract_text(nlp, ARTICLE.read_text(encoding="utf-8"), datetime.date(2024, 3, 16))
    return {**result, "source": "examples/fishing-dispute.txt"}


def render(result: dict, width: int) -> str:
    stream = io.StringIO()
    view = TableView(table_console(stream, width=width))
    view.print(result)
    view.close()
    return stream.getvalue()


# --- the table ------------------------------------------------------------------------------

@pytest.mark.parametrize("width", [80, 160])
def test_table_fits_the_terminal_and_shows_what_the_json_knows(example, width):
    shown = render(example, width)
    assert max(len(line.rstrip()) for line in shown.splitlines()) <= width
    flat = " ".join(shown.split())
    for expected in ("Norway · NOR · country", "Kari Nordahl (Foreign Minister, GOV)",
                     "→ Kari Nordahl",  # the actor "Nordahl" as the member it stands for
                     "SANCTION/expel", "COERCE/arrest", "→ Iceland (ISL)",
                     "reported in #0", "❝"):
        assert expected in flat, f"{expected!r} missing at {width} columns"
    # dates as the text's words and as ISO dates, both (the narrow layout wraps between them)
    assert re.search(r"Thursday \(2024-03-14\)" if width >= WIDE else
                     r"Thursday *\n.*\(2024-03-14\)", shown)


@pytest.mark.parametrize("width, columns", [(80, NARROW_COLUMNS), (160, WIDE_COLUMNS)])
def test_table_columns_line_up_across_parties(example, width, columns):
    headers = [line for line in render(example, width).splitlines() if line.startswith("#  ")]
    assert len(headers) == len(example["parties"])
    assert len(set(headers)) == 1  # the same header, at the same places, for every party
    starts = [headers[0].index(name) for name, _ in columns[1:]]
    widths = [w + 1 for _, w in columns]
    assert starts == [sum(widths[:i]) for i in range(1, len(columns))]
    assert ("content" in headers[0]) == (width >= WIDE)


def test_table_gives_spare_width_to_the_content(example):
    def longest_content_line(width):
        quote = [line for line in render(example, width).splitlines() if "❝" in line][0]
        return len(quote.rstrip()) - quote.index("❝")

    assert longest_content_line(200) > longest_content_line(160)


def test_table_marks_negation_once(nlp):
    result = {**extract_text(nlp, NEGATED), "source": "a.txt"}
    shown = render(result, 160)
    assert "did not meet" in shown
    assert "not did not" not in shown
    negated = [c for p in result["parties"] for c in p["claims"] if c["action"]["negated"]]
    assert negated, "the sentence's negation was not extracted"
    # the marker is for negations the action's words do not show
    assert ("negated" in shown) == any("not" not in c["action"]["text"] for c in negated)


def test_table_of_an_error_and_of_no_claims(run, tmp_path):
    (tmp_path / "calm.txt").write_text("The weather was mild in Oslo.\n", encoding="utf-8")
    result = run("extract", "calm.txt", "missing.txt", "--format", "table")
    assert "no claims found" in result.stdout
    assert "error (not_found)" in result.stdout


# --- the pager and the terminal -------------------------------------------------------------

@pytest.mark.parametrize("env, expected", [
    ({}, ["less"]),
    ({"PAGER": "most -s"}, ["most", "-s"]),
    ({"PAGER": "more", "CLAIMX_PAGER": "less -S"}, ["less", "-S"]),
    ({"PAGER": ""}, None),
    ({"PAGER": "cat"}, None),
    ({"PAGER": "no-such-pager-here"}, None),
])
def test_pager_command(env, expected, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None if name == "no-such-pager-here"
                        else f"/usr/bin/{name}")
    assert pager_command(env) == expected


def test_only_the_table_on_a_terminal_is_paged():
    assert should_page("table", None, False, True)
    assert not should_page("table", None, True, True)  # --no-pager
    assert not should_page("table", None, False, False)  # piped
    assert not should_page("table", "out.txt", False, True)
    assert not should_page("json", None, False, True)


def run_in_terminal(args, cwd, env_extra, columns=100):
    """claimx in a pseudo-terminal (stdin, stdout and stderr all the terminal): what it shows."""
    env = {k: v for k, v in os.environ.items() if k not in ("CLAIMX_MODEL", "CLAIMX_PAGER")}
    env.update(env_extra, COLUMNS=str(columns), LINES="40", TERM="xterm")
    main, secondary = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "claimx", *map(str, args)], cwd=cwd, env=env,
                               stdin=secondary, stdout=secondary, stderr=secondary)
    os.close(secondary)
    shown = b""
    while True:
        ready, _, _ = select.select([main], [], [], 120)
        if not ready:
            process.kill()
            raise AssertionError("claimx did not finish in a terminal")
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the terminal closed: every process on it has ended
            break
        if not chunk:
            break
        shown += chunk
    process.wait(timeout=30)
    os.close(main)
    return process.returncode, re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", shown.decode("utf-8", "replace"))


def test_a_terminal_gets_the_table_through_the_pager_once_and_errors_once(tmp_path):
    (tmp_path / "a.txt").write_text(NEGATED, encoding="utf-8")
    paged = tmp_path / "paged.txt"
    code, shown = run_in_terminal(["extract", "a.txt", "missing.txt"], tmp_path,
                                  {"PAGER": f"tee {paged}"})
    assert code == 1
    assert "did not meet" in paged.read_text(encoding="utf-8")  # the table went through $PAGER
    assert shown.count("no such file or folder") == 1, shown  # in the table, not again on stderr

    paged.unlink()
    code, shown = run_in_terminal(["extract", "a.txt", "--no-pager"], tmp_path,
                                  {"PAGER": f"tee {paged}"})
    assert code == 0 and "did not meet" in shown
    assert not paged.exists()


# --- the HTML page --------------------------------------------------------------------------

class Spans(HTMLParser):
    """Every element with data-s/data-e, with the text inside it; and each article's text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open = []  # [tag, attrs, collected text] of the elements open now
        self.spans = []  # (start, end, text, attrs)
        self.articles = []
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self.open.append([tag, dict(attrs), []])

    def handle_endtag(self, tag):
        while self.open:
            open_tag, attrs, text = self.open.pop()
            joined = "".join(text)
            if self.open:
                self.open[-1][2].append(joined)
            if "data-s" in attrs:
                self.spans.append((int(attrs["data-s"]), int(attrs["data-e"]), joined, attrs))
            if open_tag == "article":
                self.articles.append(joined)
            if open_tag == tag:
                return

    def handle_data(self, data):
        if self.open:
            self.open[-1][2].append(data)


def parse(page: str) -> Spans:
    parser = Spans()
    parser.feed(page)
    parser.close()
    return parser


def test_every_highlighted_span_is_the_article_text_at_its_offsets(run, tmp_path):
    result = run("extract", ARTICLE, "--format", "html", "-o", "page.html")
    assert result.exit_code == 0, result.stderr
    page = (tmp_path / "page.html").read_text(encoding="utf-8")
    text = ARTICLE.read_text(encoding="utf-8")
    parsed = parse(page)
    assert parsed.articles == [text]  # the article's own text, nothing added or lost
    assert len(parsed.spans) > 20
    for start, end, inside, attrs in parsed.spans:
        assert inside == text[start:end], f"span {start}:{end} {attrs}"
    claims = json.loads(run("extract", ARTICLE, "--format", "json").stdout)
    cues = {(c["action"]["start"], c["action"]["end"]) for p in claims["parties"] for c in p["claims"]}
    shown_cues = {(s, e) for s, e, _, attrs in parsed.spans if "data-cue" in attrs}
    assert shown_cues == cues
    # each claim's parts share its key, and the side panel has a card for it
    keys = {k for _, _, _, attrs in parsed.spans for k in attrs["data-c"].split()}
    cards = {attrs["data-k"] for tag, attrs in parsed.tags if tag == "li" and "data-k" in attrs}
    assert keys == cards == {f"d0c{c['id']}" for p in claims["parties"] for c in p["claims"]}


def test_page_is_self_contained_and_escapes_the_text(run, tmp_path):
    text = ('Norway & Iceland <script>alert("x")</script> met.\n'
            '"We <b>will</b> not accept it," the minister said on Monday.\n')
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    assert run("extract", "a.txt", "--format", "html", "-o", "a.html").exit_code == 0
    page = (tmp_path / "a.html").read_text(encoding="utf-8")
    assert 'alert("x")' not in page and "<b>will</b>" not in page
    parsed = parse(page)
    assert parsed.articles == [text]
    assert [attrs for tag, attrs in parsed.tags if tag in ("link", "img", "iframe")] == []
    assert [attrs for tag, attrs in parsed.tags if tag == "script" and "src" in attrs] == []
    assert not re.search(r"url\(|@import|https?://", page)


def test_several_inputs_make_one_page_with_an_index(run, tmp_path):
    (tmp_path / "a.txt").write_text(NEGATED, encoding="utf-8")
    result = run("extract", "a.txt", ARTICLE, "missing.txt", "--format", "html", "-o", "all.html")
    assert result.exit_code == 1  # a document failed; the page is still written
    parsed = parse((tmp_path / "all.html").read_text(encoding="utf-8"))
    links = [attrs["href"] for tag, attrs in parsed.tags if tag == "a"]
    assert links == ["#doc-0", "#doc-1", "#doc-2"]
    sections = [attrs["id"] for tag, attrs in parsed.tags if tag == "section" and "id" in attrs]
    assert sections == ["doc-0", "doc-1", "doc-2"]
    assert len(parsed.articles) == 2  # the missing file has its error, no article


def test_html_to_a_terminal_is_refused(tmp_path):
    code, shown = run_in_terminal(["extract", ARTICLE, "--format", "html"], tmp_path, {})
    assert code == 2 and "-o FILE.html" in shown and "<html" not in shown


def test_show_writes_the_page_and_says_where(run, monkeypatch):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    result = run("show", ARTICLE)
    assert result.exit_code == 0, result.stderr
    path = Path(result.stdout.strip())
    try:
        assert path.suffix == ".html" and "Nordahl" in path.read_text(encoding="utf-8")
        assert "no display" in result.stderr
    finally:
        path.unlink()


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def chromium(*args, timeout=60):
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                               "--disable-background-networking", "--disable-component-update",
                               "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
                               *args], capture_output=True, timeout=timeout)


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")
def test_a_real_browser_renders_the_page_and_runs_its_script(run, tmp_path):
    assert run("extract", ARTICLE, "--format", "html", "-o", "page.html").exit_code == 0
    url = (tmp_path / "page.html").as_uri()
    shot = tmp_path / "page.png"
    chromium("--window-size=1280,900", f"--screenshot={shot}", url)
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    # the page's script ran: a link to a claim outlines its parts and shows its card
    dom = chromium("--dump-dom", url + "#d0c4").stdout.decode("utf-8")
    lit = re.findall(r'<span class="[^"]*\blit\b[^"]*"[^>]*data-c="([^"]*)"', dom)
    assert lit and all("d0c4" in keys.split() for keys in lit)
    assert re.search(r'<div id="card"[^>]*>\s*<li class="claim[^"]*" data-k="d0c4"', dom)


def test_table_to_a_closed_pipe_stops_quietly(tmp_path):
    """`claimx extract ... --format table | head -1`: exit 0 and no traceback, as for JSON."""
    for name in "abcdef":  # 6 tables of 60 claims: more than a pipe's buffer holds
        (tmp_path / f"{name}.txt").write_text(NEGATED * 30, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "CLAIMX_MODEL"}
    process = subprocess.Popen([sys.executable, "-m", "claimx", "extract", ".", "--format", "table",
                                "--batch-size", "1", "-j", "1"], cwd=tmp_path, env=env,
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    process.stdout.readline()
    process.stdout.close()
    stderr = process.stderr.read().decode("utf-8")
    assert process.wait(timeout=120) == 0, stderr
    assert "Traceback" not in stderr
