"""URL arguments (claimx extract https://...): the page fetched with trafilatura and read as an
.html file is (its main text, title and date); a plain-text response is read as a text file.
Whatever goes wrong (no answer within the timeout, a refused connection, an HTTP error, a
response that is no web page) becomes the input's one error record, never a traceback or a hang.
"""

import http
import logging
import math
import re
import threading
from typing import List, Optional, Tuple

from claimx import __version__
from claimx.console import human_size
from claimx.records import DocumentError

DEFAULT_TIMEOUT = 30.0  # seconds for one URL, from the first byte sent to the last received
USER_AGENT = f"claimx/{__version__} (news claim extraction; python-trafilatura)"
HTML_TYPES = ("text/html", "application/xhtml+xml")


class _Messages(logging.Handler):
    """trafilatura logs why a download failed (and returns None): kept per thread, for the
    error record, instead of being printed on stderr."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.by_thread = {}  # only fetching threads' (other threads' messages are dropped)

    def emit(self, record: logging.LogRecord) -> None:
        messages = self.by_thread.get(record.thread)
        if messages is not None:
            messages.append(record.getMessage())


_MESSAGES = _Messages()


def fetch(url: str, max_bytes: int, timeout: float = DEFAULT_TIMEOUT):
    """(response, None) or (None, DocumentError). The fetch runs in a thread that is given up
    after timeout seconds, so that a server that trickles bytes cannot hold the run."""
    from trafilatura.downloads import fetch_response
    from trafilatura.settings import use_config

    logger = logging.getLogger("trafilatura")
    if _MESSAGES not in logger.handlers:
        logger.addHandler(_MESSAGES)
    config = use_config()
    config.set("DEFAULT", "DOWNLOAD_TIMEOUT", str(max(1, math.ceil(timeout))))
    config.set("DEFAULT", "MAX_FILE_SIZE", str(max_bytes))
    config.set("DEFAULT", "USER_AGENTS", USER_AGENT)
    # The user named the URL, as with curl: an intranet or local server is theirs to read.
    config.set("DEFAULT", "SSRF_PROTECTION", "off")
    config.set("DEFAULT", "INSECURE_SSL_FALLBACK", "off")  # no unverified retry behind their back
    outcome: dict = {}

    def work():
        _MESSAGES.by_thread[threading.get_ident()] = []
        try:
            outcome["response"] = fetch_response(url, decode=False, config=config)
        except Exception as err:  # a bug in a library must cost this input only
            outcome["failure"] = f"{type(err).__name__}: {err}"
        finally:
            outcome["messages"] = _MESSAGES.by_thread.pop(threading.get_ident(), [])

    worker = threading.Thread(target=work, name=f"claimx fetch {url}", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():  # left to end on its own (a daemon thread: it cannot hold exit)
        return None, DocumentError("unreadable", f"no complete answer within {timeout:g} s; try "
                                                 f"again later, or raise --timeout")
    response = outcome.get("response")
    if response is None:
        return None, _download_error(outcome.get("failure"), outcome.get("messages", []),
                                     max_bytes, timeout)
    return response, None


def _download_error(failure: Optional[str], messages: List[str], max_bytes: int,
                    timeout: float) -> DocumentError:

    said = " ".join(filter(None, [failure, *messages]))
    for pattern, kind, message in _REASONS:
        match = re.search(pattern, said, re.IGNORECASE)
        if match:
            return DocumentError(kind, message.format(*match.groups(), size=human_size(max_bytes),
                                                      timeout=f"{timeout:g}"))
    return DocumentError("unreadable", "download failed" + (f": {said[-300:]}" if said else ""))


# (what trafilatura or urllib3 said, error type, the record's message)
_REASONS: List[Tuple[str, str, str]] = [
    (r"exceeds MAX_FILE_SIZE", "too_long",
     "page of more than {size}, over the --max-bytes limit; raise --max-bytes to read it"),
    (r"too many (\d+) error responses", "unreadable",
     "the server answered HTTP {0} each time it was asked; try again later"),
    (r"too many redirects", "unreadable", "the page redirects too many times"),
    (r"timed out", "unreadable", "no answer within {timeout} s; try again later, or raise "
                                 "--timeout"),
    (r"Connection refused", "unreadable", "the server refused the connection (nothing listens "
                                          "there?)"),
    (r"Name or service not known|Failed to resolve|nodename nor servname|"
     r"Temporary failure in name resolution|getaddrinfo failed", "unreadable",
     "the host name cannot be resolved (a typo, or no network?)"),
    (r"CERTIFICATE_VERIFY_FAILED|SSLError", "unreadable",
     "the secure connection failed (its certificate could not be verified)"),
]


def http_error(status: int) -> DocumentError:
    try:
        phrase = http.HTTPStatus(status).phrase
    except ValueError:
        phrase = ""
    answer = f"the server answered HTTP {status}" + (f" {phrase}" if phrase else "")
    if status in (404, 410):
        return DocumentError("not_found", f"{answer}; check the URL")
    return DocumentError("unreadable", answer)


def content_type(response) -> str:
    """The response's media type, lower case, without parameters ("" when not said)."""
    value = (response.headers or {}).get("content-type", "")
    return value.split(";", 1)[0].strip().lower()
