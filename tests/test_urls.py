"""URL arguments, against a web server on 127.0.0.1 that the test starts (no network needed):
a page read as an .html file is, a 404, a server too slow for --timeout, a response that is no
web page, a refused connection; each failure one error record, never a traceback or a hang."""

import http.server
import json
import socket
import threading
import time

import pytest


PAGE = ("<!doctype html><html><head><title>Norway expels diplomats</title>"
        '<meta property="article:published_time" content="2024-03-16"></head><body>'
        "<nav>Home | World | Sport</nav><article><h1>Norway expels diplomats</h1>"
        "<p>Norway expelled two Icelandic diplomats on Thursday, the foreign ministry in Oslo "
        "said on Friday.</p><p>Iceland said it would respond to the decision in the coming days, "
        "according to its foreign minister.</p></article></body></html>").encode("utf-8")
TEXT = b"Norway expelled two Icelandic diplomats, the foreign ministry said.\n"


class Site(http.server.BaseHTTPRequestHandler):
    agents = []

    def do_GET(self):
        Site.agents.append(self.headers.get("User-Agent", ""))
        if self.path == "/story.html":
            self._answer("text/html; charset=utf-8", PAGE)
        elif self.path == "/plain":
            self._answer("text/plain; charset=utf-8", TEXT)
        elif self.path == "/report.pdf":
            self._answer("application/pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        elif self.path == "/slow":  # headers at once, then a byte now and then: never complete
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(600):  # 150 s
                try:
                    self.wfile.write(b" ")
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(0.25)
        else:
            self.send_error(404)

    def _answer(self, kind: str, body: bytes):
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Site)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()



def test_a_page_is_fetched_and_read_as_an_html_file(run, site):
    url = f"{site}/story.html"
    result = run("extract", url)
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)  # one URL: one JSON object, as one file
    assert record["source"] == url
    assert record["title"] == "Norway expels diplomats"
    assert (record["reference_date"], record["reference_date_source"]) == ("2024-03-16", "metadata")
    expelled = [c for p in record["parties"] for c in p["claims"] if c["action"]["text"] == "expelled"]
    assert expelled and expelled[0]["date"]["value"] == "2024-03-14"
    assert "Home | World" not in json.dumps(record)  # the main text only, as for .html files
    assert Site.agents[-1].startswith("claimx/")


def test_a_plain_text_answer_is_read_as_a_text_file(run, site):
    result = run("extract", f"{site}/plain", "--date", "2024-03-16")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["parties"][0]["name"] == "Norway"


def test_each_failure_is_one_error_record_and_one_line(run, site):
    free = socket.socket()
    free.bind(("127.0.0.1", 0))
    closed = f"http://127.0.0.1:{free.getsockname()[1]}/"
    free.close()  # nothing listens there now
    urls = [f"{site}/story.html", f"{site}/gone", f"{site}/report.pdf", f"{site}/slow", closed]
    started = time.monotonic()
    result = run("extract", *urls, "--timeout", "1.5", "--format", "jsonl")
    took = time.monotonic() - started
    assert result.exit_code == 1
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["source"] for r in records] == urls
    errors = [[(e["type"], e["message"]) for e in r["errors"]] for r in records]
    assert errors[0] == []
    assert errors[1] == [("not_found", "the server answered HTTP 404 Not Found; check the URL")]
    assert errors[2] == [("unreadable", "not a web page: the server sent application/pdf; save it "
                                        "and convert it to text or HTML first")]
    assert errors[3] == [("unreadable", "no complete answer within 1.5 s; try again later, or "
                                        "raise --timeout")]
    assert errors[4] == [("unreadable", "the server refused the connection (nothing listens "
                                        "there?)")]
    assert took < 100  # the slow page (150 s of trickle) was given up, not waited for
    lines = result.stderr.splitlines()
    assert len(lines) == 5 and lines[-1] == "5 documents, 4 failed", lines
    assert "Traceback" not in result.stderr


def test_the_timeout_can_come_from_the_environment(run, site):
    result = run("extract", f"{site}/slow", env={"CLAIMX_TIMEOUT": "0.5"})
    assert result.exit_code == 1
    assert "no complete answer within 0.5 s" in json.loads(result.stdout)["errors"][0]["message"]


def test_resume_skips_a_url_already_done(run, site, tmp_path):
    url = f"{site}/story.html"
    assert run("extract", url, f"{site}/gone", "-o", "out.jsonl").exit_code == 1
    fetched = len(Site.agents)
    again = run("extract", url, f"{site}/gone", "-o", "out.jsonl", "--resume")
    assert again.exit_code == 0, again.stderr
    assert len(Site.agents) == fetched  # nothing fetched again: both sources are in out.jsonl
