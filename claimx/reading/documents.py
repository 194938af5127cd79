"""Reading inputs into Documents: text files, HTML pages, web pages by URL (fetched by
claimx.reading.fetch), standard input and JSON Lines records.

Every input yields exactly one Document (a JSON Lines file one per non-blank line, named
"path:LINE"): its text, or the reason it could not be read, so that one bad input becomes one
error record and never stops the others. At most max_bytes are read from one input (from one line
of a JSON Lines file). Text files are UTF-8, UTF-16/32 with a byte-order mark, or a legacy encoding
that charset-normalizer detects (see decode_document). Which files a PATH names is
claimx.reading.listing's job.
"""

import codecs
import datetime
import gzip
import json
import os
import re
import shlex
import stat
import sys
import zlib
from dataclasses import dataclass
from typing import BinaryIO, Collection, Iterable, Iterator, Optional, Tuple, Union

from claimx.console import human_size, report
from claimx.reading.fetch import DEFAULT_TIMEOUT
from claimx.reading.listing import (FILE_KINDS, HTML_SUFFIXES, NO_FILES_TO_READ, STDIN, InputPath,
                            display_path, is_jsonl, is_pattern, is_url)
from claimx.records import DocumentError

# The most read from one input (one line of a JSON Lines file): news articles are kilobytes, and
# a runaway input (a symbolic link to /dev/zero, a mis-named dump) must end in an error record
# rather than in memory exhaustion. --max-bytes changes it.
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
_CHUNK = 1024 * 1024

# UTF-32 before UTF-16: the UTF-32-LE mark starts with the UTF-16-LE one.
BOM_CODECS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
              (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# The most "chaos" (charset-normalizer's share of text that reads as garbled) for a decoding to
# be taken. English news in Windows-1252 scores up to about 0.19 (the detector distrusts
# accent-dense names like Côté); random bytes read as Windows-1252 score 0.37 and more.
MAX_CHAOS = 0.2
# Legacy English news is nearly always Windows-1252 (Latin-1's letters plus curly quotes), and
# among the single-byte code pages that read such bytes cleanly the detector's pick is a coin
# toss (Genève came out as Genčve in cp1250, Côté as C¶tķ in cp775), so it is tried first.
WESTERN = "cp1252"


@dataclass
class Document:
    source: str  # as the output names it (claimx.reading.listing.display_path)
    text: Optional[str] = None
    error: Optional[DocumentError] = None
    id: Optional[Union[str, int]] = None  # a JSON Lines record's id
    meta: Optional[dict] = None  # the record's fields named by --keep, for the result's "meta"
    date: Optional[datetime.date] = None  # a JSON Lines record's or HTML page's publication date
    title: Optional[str] = None  # an HTML page's title
    encoding: Optional[str] = None  # the codec a text file was decoded with (not in the output)
    # What was repaired so that the input could be read (lone surrogates): reported in the
    # result's errors beside its claims.
    repairs: Tuple[DocumentError, ...] = ()


@dataclass(frozen=True)
class RecordKeys:
    """The fields of a JSON Lines record that claimx reads."""
    text: str = "text"
    id: str = "id"
    date: str = "date"
    keep: Tuple[str, ...] = ()  # fields copied to the result's "meta" (--keep)


def read_documents(inputs: Iterable[Union[InputPath, str]], keys: RecordKeys = RecordKeys(),
                   skip: Collection[str] = (), max_bytes: int = DEFAULT_MAX_BYTES,
                   timeout: float = DEFAULT_TIMEOUT) -> Iterator[Document]:
    """One Document per input, in order: a file's text, a web page's (timeout: seconds for one
    URL), or each record of a JSON Lines file. Inputs whose source is in skip (already done,
    for --resume) are left out unread."""
    for item in inputs:
        item = item if isinstance(item, InputPath) else InputPath(item)
        try:
            if item.error is not None:
                if item.source not in skip:
                    yield Document(item.source, error=item.error)
            elif is_url(item.path):
                if item.source not in skip:
                    yield read_url(item.path, max_bytes, timeout)
            elif is_jsonl(item.path) and not os.path.isdir(item.path):
                yield from read_jsonl(item, keys, max_bytes, skip)
            elif item.source not in skip:
                yield read_document(item.path, max_bytes, item.listed)
        except Exception as err:  # a reader bug met by one odd input must not stop the run
            yield _failed(item.source, "internal", f"reading it failed ({type(err).__name__}: "
                                                   f"{err}); please report it")


def read_document(path: str, max_bytes: int = DEFAULT_MAX_BYTES, listed: bool = False) -> Document:
    """A text file, an HTML page or standard input (-) as one Document; listed: found by a
    folder walk or a pattern, so read only if it is a regular file."""
    source = display_path(path)
    if path == STDIN:
        data = _read_stdin(max_bytes)
    else:
        opened = _open_input(path, listed)
        if isinstance(opened, DocumentError):
            return Document(source, error=opened)
        stream, info = opened
        with stream:
            try:
                data = _read_capped(stream, info, max_bytes)
            except OSError as err:
                data = DocumentError("unreadable", f"cannot read it: {err.strerror or err}")
    if isinstance(data, DocumentError):
        return Document(source, error=data)
    if os.path.splitext(path)[1].lower() in HTML_SUFFIXES:
        return read_html(source, data)
    return decode_document(source, data)


def _open_input(path: str, listed: bool) -> Union[Tuple[BinaryIO, os.stat_result], DocumentError]:
    """The file opened for reading, or why it cannot be. A listed file that is not a regular
    file is not opened at all (opening a FIFO blocks until someone writes to it); non-blocking
    open and a second look close the race where it is swapped for one in between."""
    try:
        mode = os.stat(path).st_mode if listed else None
        if mode is not None and not stat.S_ISREG(mode):
            return _not_regular(mode)
        fd = os.open(path, os.O_RDONLY | (getattr(os, "O_NONBLOCK", 0) if listed else 0))
    except FileNotFoundError:
        return _not_found_error(path)
    except OSError as err:
        return DocumentError("unreadable", f"cannot read it: {err.strerror or err}")
    info = os.fstat(fd)
    if stat.S_ISDIR(info.st_mode):
        os.close(fd)
        return DocumentError("empty", NO_FILES_TO_READ)
    if listed and not stat.S_ISREG(info.st_mode):
        os.close(fd)
        return _not_regular(info.st_mode)
    return os.fdopen(fd, "rb"), info


def _read_stdin(max_bytes: int) -> Union[bytes, DocumentError]:
    if sys.stdin is None:  # the shell ran claimx with stdin closed (<&-)
        return DocumentError("unreadable", "cannot read standard input: it is closed")
    if stdin_is_terminal():  # else claimx would seem to hang, waiting for the user to type
        report("reading standard input; Ctrl-D to end")
    try:
        return _read_capped(sys.stdin.buffer, None, max_bytes)
    except OSError as err:
        return DocumentError("unreadable", f"cannot read standard input: {err.strerror or err}")


def stdin_is_terminal() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except ValueError:  # closed
        return False


def _read_capped(stream: BinaryIO, info: Optional[os.stat_result],
                 max_bytes: int) -> Union[bytes, DocumentError]:
    """The stream's bytes, or a too_long error once more than max_bytes have come (a regular
    file over the limit is not read at all)."""
    if info is not None and stat.S_ISREG(info.st_mode) and info.st_size > max_bytes:
        return _too_long(max_bytes, info.st_size)
    chunks, total = [], 0
    # read1: one read of the file at a time; read() would go on to a second one, and a terminal
    # would need Ctrl-D twice to end standard input
    read = getattr(stream, "read1", stream.read)
    while True:
        chunk = read(min(_CHUNK, max_bytes + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > max_bytes:
            return _too_long(max_bytes)


def parse_size(value: str) -> int:
    """A byte count: 1000, 500K, 64M, 2G (K, M, G are powers of 1024)."""
    match = re.fullmatch(r"\s*(\d+)\s*([KMG]?)i?B?\s*", value, re.IGNORECASE)
    if not match or int(match.group(1)) == 0:
        raise ValueError(f"{value!r} is not a size; use bytes or K, M, G, e.g. 64M")
    return int(match.group(1)) * 1024 ** " KMG".index(match.group(2).upper() or " ")


def _too_long(max_bytes: int, size: Optional[int] = None, what: str = "input") -> DocumentError:
    amount = human_size(size) if size is not None else f"more than {human_size(max_bytes)}"
    return DocumentError("too_long", f"{what} of {amount}, over the --max-bytes limit of "
                                     f"{human_size(max_bytes)}; raise --max-bytes to read it")


def _not_regular(mode: int) -> DocumentError:
    what = next((kind for test, kind in FILE_KINDS if test(mode)), "not a regular file")
    return DocumentError("unreadable", f"not a regular file ({what}): skipped, since a folder or "
                                       f"pattern reads regular files only; name it on its own to "
                                       f"read it")


def read_html(source: str, data: bytes) -> Document:
    """An HTML page's main text, title and date, by trafilatura (which also finds the page's
    encoding). Offsets of the result are into this extracted text, not into the HTML."""
    if b"\x00" in data[:8192]:
        return _failed(source, "binary", "binary file, not HTML")
    try:
        import trafilatura

        page = trafilatura.bare_extraction(data, with_metadata=True)
    except Exception as err:  # a page trafilatura chokes on must not end the run
        return _failed(source, "unreadable", f"HTML extraction failed ({type(err).__name__}: {err})")
    if page is not None and not isinstance(page, dict):
        page = page.as_dict()  # trafilatura 2 returns a Document object, 1.x a dict
    text = (page or {}).get("text") or ""
    if not text.strip():
        return _failed(source, "empty", "no article text found in the HTML page")
    document = check_text(source, text)
    document.title = page.get("title") or None
    document.date = parse_iso_date(page.get("date"))
    return document


def read_url(url: str, max_bytes: int = DEFAULT_MAX_BYTES,
             timeout: float = DEFAULT_TIMEOUT) -> Document:
    """A web page as an .html file is read (a plain-text answer as a text file), its source the
    URL; a failed fetch, an HTTP error or a response of another kind as its error."""
    from claimx.reading.fetch import HTML_TYPES, content_type, fetch, http_error

    source = display_path(url)
    response, error = fetch(url, max_bytes, timeout)
    if error is not None:
        return Document(source, error=error)
    if response.status != 200:
        return Document(source, error=http_error(response.status))
    kind = content_type(response)
    if kind in ("", *HTML_TYPES):
        return read_html(source, response.data or b"")
    if kind == "text/plain":
        return decode_document(source, response.data or b"")
    return _failed(source, "unreadable", f"not a web page: the server sent {kind}; save it and "
                                      f"convert it to text or HTML first")


def decode_document(source: str, data: bytes) -> Document:
    """A text file's bytes as a Document: UTF-8 (with or without a BOM), UTF-16 or UTF-32 by
    their BOM, else the legacy encoding charset-normalizer detects. Binary data, and bytes whose
    encoding cannot be told with confidence, are errors rather than garbled text."""
    bom_codec = next((codec for bom, codec in BOM_CODECS if data.startswith(bom)), None)
    if bom_codec:
        return _decode_as(source, data, bom_codec)
    if b"\x00" in data[:8192]:
        return _failed(source, "binary", "binary file, not text; pass a .txt file")
    try:
        text = data.decode("utf-8-sig")  # the common case, first: no detector run
    except UnicodeDecodeError as err:
        return _decode_legacy(source, data, err)
    return _decoded(check_text(source, text), "utf-8")


def _decode_as(source: str, data: bytes, codec: str) -> Document:
    try:
        text = data.decode(codec)  # "utf-16" and "utf-32" read the BOM for byte order, drop it
    except UnicodeDecodeError as err:
        return _failed(source, "encoding", f"starts with a {codec.upper()} byte-order mark but is "
                                           f"not valid {codec.upper()} ({err.reason} at offset "
                                           f"{err.start}); the file is damaged or truncated")
    return _decoded(check_text(source, text), codec)


def _decode_legacy(source: str, data: bytes, utf8_error: UnicodeDecodeError) -> Document:
    """Bytes that are not UTF-8, decoded with the detected encoding; an error when it cannot be
    told, or when the bytes are UTF-8 apart from a few (a guess would garble the UTF-8 part)."""
    if mostly_utf8(data):
        return _failed(source, "encoding", f"{_bad_byte(data, utf8_error)} in otherwise UTF-8 "
                                           f"text: a damaged or mixed-encoding file; drop the bad "
                                           f"bytes with {_iconv(source, '-c -f UTF-8')}")
    encoding = detect_encoding(data)
    try:
        text = data.decode(encoding) if encoding else None
    except UnicodeDecodeError:  # the detector reads samples; a later byte may not fit its guess
        text = None
    if text is None:
        return _failed(source, "encoding", f"not UTF-8 ({_bad_byte(data, utf8_error)}) and its "
                                           f"encoding could not be detected; convert it to UTF-8 "
                                           f"first: {_iconv(source, '-f ENCODING')}, ENCODING "
                                           f"being its encoding, e.g. ISO-8859-2 or KOI8-R")
    return _decoded(check_text(source, text), encoding)


def mostly_utf8(data: bytes) -> bool:
    """As many valid UTF-8 non-ASCII characters as invalid bytes, or more. Legacy 8-bit text
    almost never forms valid UTF-8 sequences by chance; damaged or mixed UTF-8 is half them."""
    text = data.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd")
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
    return non_ascii - invalid >= invalid


def detect_encoding(data: bytes) -> Optional[str]:
    """Windows-1252 if it reads data with at most MAX_CHAOS chaos, else the encoding
    charset-normalizer finds that does; None when none does."""
    from charset_normalizer import from_bytes  # imported only for the rare non-UTF-8 file

    for candidates in ([WESTERN], None):
        best = from_bytes(data, threshold=MAX_CHAOS, cp_isolation=candidates).best()
        if best is not None:
            return best.encoding
    return None


def _decoded(document: Document, encoding: str) -> Document:
    document.encoding = encoding
    return document


def check_text(source: str, text: str) -> Document:
    """The text as a Document, or why there is nothing to read. A text over the model's
    max_length is fine: claimx.running.batch parses it in parts."""
    if not text.strip():
        return _failed(source, "empty", "empty document: no text to read")
    return Document(source, text=text)


# --- JSON Lines -------------------------------------------------------------------------------

# Deepest nesting kept from a record (its id, its --keep fields): far beyond real metadata, and
# well inside what Python's JSON writer and pickle (--jobs) can take.
MAX_KEPT_DEPTH = 100
_SURROGATE = re.compile("[\ud800-\udfff]")


def read_jsonl(item: InputPath, keys: RecordKeys, max_bytes: int = DEFAULT_MAX_BYTES,
               skip: Collection[str] = ()) -> Iterator[Document]:
    """One Document per non-blank line, named "path:LINE" (1-based). A file that cannot be
    opened is one error for the path; a file broken midway (truncated gzip) ends with one error
    for the line where reading stopped; a line over max_bytes is one too_long error."""
    source = item.source
    opened = _open_input(item.path, item.listed)
    if isinstance(opened, DocumentError):
        yield Document(source, error=opened)
        return
    raw, _ = opened
    found = yield from read_records(raw, source, keys, max_bytes, skip,
                                    gzipped=item.path.lower().endswith(".gz"))
    if not found:
        yield _failed(source, "empty", "no records: the JSON Lines file has no non-blank line")


def read_records(raw: BinaryIO, source: str, keys: RecordKeys, max_bytes: int,
                 skip: Collection[str] = (), gzipped: bool = False, offset: int = 0,
                 first_line: int = 1, stop_line: Optional[int] = None) -> Iterator[Document]:
    """The records of an opened JSON Lines file (closed when done), from line first_line up to
    stop_line (exclusive; None: the end). offset is where first_line starts in the file, when
    it is known (a plain file's record range), so that the lines before are not read again.
    Returns how many non-blank lines were met, for the caller to report an empty file."""
    number = found = 0
    with raw:
        try:
            lines_before = 0
            if offset:
                raw.seek(offset)
                lines_before = number = first_line - 1
            stream = gzip.GzipFile(fileobj=raw, mode="rb") if gzipped else raw
            for number, line, size in _lines(stream, max_bytes):
                number += lines_before
                if number < first_line:
                    continue
                if stop_line is not None and number >= stop_line:
                    break
                if line is not None and not line.strip():
                    continue
                found += 1
                name = f"{source}:{number}"
                if name in skip:
                    continue
                if line is None:
                    yield Document(name, error=_too_long(max_bytes, size, "line"))
                else:
                    yield parse_record(name, line, keys)
        except (OSError, EOFError, zlib.error) as err:  # gzip.BadGzipFile is an OSError
            found += 1
            yield _failed(f"{source}:{number + 1}", "unreadable",
                          f"cannot read the file past line {number}: {err}")
    return found


def _lines(stream: BinaryIO, max_bytes: int) -> Iterator[Tuple[int, Optional[bytes], int]]:
    """(number, line, size) for each line; line None when it is over max_bytes, in which case
    the rest of it is skipped without being kept."""
    number = 0
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        number += 1
        if len(line) <= max_bytes or line.endswith(b"\n"):
            yield number, line, len(line)
            continue
        size = len(line)
        while not line.endswith(b"\n"):
            line = stream.readline(_CHUNK)
            if not line:
                break
            size += len(line)
        yield number, None, size


def parse_record(source: str, raw: bytes, keys: RecordKeys) -> Document:
    """One JSON Lines record as a Document carrying its id and date; an error for this line only
    when it is not a JSON object Python can read or has no text. Lone surrogates (\\ud83d, half a
    UTF-16 pair, as a cut emoji leaves) in its text, id or kept fields are replaced by U+FFFD,
    said in a repair note, so that every byte written is UTF-8."""
    try:
        line = raw.decode("utf-8-sig")  # a byte-order mark can open the first line
    except UnicodeDecodeError as err:
        return _not_utf8(source, raw, err)
    try:
        record = json.loads(line, parse_int=_parse_int, parse_constant=lambda name: None)
    except json.JSONDecodeError as err:
        return _failed(source, "not_json", f"not JSON ({err.msg} at column {err.colno})")
    except _TooManyDigits as err:
        return _failed(source, "not_json", f"an integer of {err.args[0]} digits, more than the "
                                           f"{_max_digits()} Python reads; quote it as a string")
    except RecursionError:
        return _failed(source, "not_json", "JSON nested too deeply for Python to read (about "
                                           f"{sys.getrecursionlimit()} levels)")
    if not isinstance(record, dict):
        return _failed(source, "not_json", f"a JSON {type(record).__name__}, not an object")
    meta = {key: kept_field(record, key) for key in keys.keep} if keys.keep else None
    for name, value in ((keys.id, record.get(keys.id)), *(meta or {}).items()):
        if _depth(value) > MAX_KEPT_DEPTH:
            return _failed(source, "not_json", f"field {name!r} is nested more than "
                                               f"{MAX_KEPT_DEPTH} levels deep; claimx keeps no "
                                               f"such field")
    text = record.get(keys.text)
    repaired = []
    if isinstance(text, str) and _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
        repaired.append("text")
    ident = record_id(record, keys.id)
    if isinstance(ident, str) and _SURROGATE.search(ident):
        ident = _SURROGATE.sub("\ufffd", ident)
        repaired.append("id")
    if meta is not None:
        dumped = json.dumps(meta, ensure_ascii=False)
        if _SURROGATE.search(dumped):
            meta = json.loads(_SURROGATE.sub("\ufffd", dumped))
            repaired.append("kept fields")
    if not isinstance(text, str):
        problem = "has no" if text is None else "has a non-string"
        document = _failed(source, "no_text", f"record {problem} {keys.text!r} field; "
                                              f"name the text field with --text-key")
    else:
        document = check_text(source, text)
    document.id = ident
    document.date = record_date(record, keys.date)
    document.meta = meta  # a field the record lacks is null, so that every result has the same keys
    if repaired:
        document.repairs = (DocumentError(
            "encoding", f"lone surrogates (half of a UTF-16 pair, as a cut emoji leaves) in the "
                        f"record's {' and '.join(repaired)}, each replaced by U+FFFD; the rest "
                        f"was read as it is"),)
    return document


class _TooManyDigits(ValueError):
    pass


def _max_digits() -> int:
    return getattr(sys, "get_int_max_str_digits", lambda: 4300)() or 4300


def _parse_int(digits: str) -> int:
    """int(), with the record rather than the run failing on more digits than Python reads."""
    if len(digits.lstrip("-")) > _max_digits():
        raise _TooManyDigits(len(digits.lstrip("-")))
    return int(digits)


def _depth(value) -> int:
    """How deep lists and objects nest in value (0 for a scalar), counted without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        value, depth = stack.pop()
        children = value.values() if isinstance(value, dict) else value \
            if isinstance(value, list) else None
        if children is not None:
            deepest = max(deepest, depth)
            if depth <= MAX_KEPT_DEPTH:
                stack.extend((child, depth + 1) for child in children)
    return deepest


def kept_field(record: dict, key: str):
    """The record's field named key (--keep): a field of that very name, else a dotted path
    through nested objects (meta.publisher) and lists (authors.0); None where there is none."""
    if key in record:
        return record[key]
    value = record
    for part in key.split("."):
        if isinstance(value, dict) and part in value:
            value = value[part]
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return None
    return value


def record_id(record: dict, key: str) -> Optional[Union[str, int]]:
    value = record.get(key)
    if value is None or isinstance(value, (str, int)) and not isinstance(value, bool):
        return value
    return json.dumps(value, ensure_ascii=False)  # the schema keeps ids to strings and integers


def record_date(record: dict, key: str) -> Optional[datetime.date]:
    """The record's publication date: its date field, else meta.publication_date (PolNeAR's
    layout). An ISO date or timestamp; anything else is ignored."""
    value = record.get(key)
    meta = record.get("meta")
    if value is None and isinstance(meta, dict):
        value = meta.get("publication_date")
    return parse_iso_date(value)


def parse_iso_date(value) -> Optional[datetime.date]:
    """The date of an ISO date or timestamp string; None for anything else."""
    if not isinstance(value, str):
        return None
    try:
        return datetime.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def _not_found_error(path: str) -> DocumentError:
    if is_pattern(path):  # expand_paths passes on a pattern that matched nothing
        return DocumentError("not_found", "the glob pattern matched no file or folder (and no "
                                          "file has this name); check the pattern")
    return DocumentError("not_found", "no such file or folder; check the path")


def _bad_byte(data: bytes, err: UnicodeDecodeError) -> str:
    return f"byte 0x{data[err.start]:02x} at offset {err.start}"


def _iconv(source: str, options: str) -> str:
    """The iconv command that converts source to UTF-8 (for stdin, the pipe to put it in)."""
    if source == STDIN:
        return f"... | iconv {options} -t UTF-8 | claimx extract -"
    stem, suffix = os.path.splitext(source)
    return f"iconv {options} -t UTF-8 {shlex.quote(source)} > {shlex.quote(stem + '-utf8' + suffix)}"


def _not_utf8(source: str, data: bytes, err: UnicodeDecodeError) -> Document:
    return _failed(source, "encoding",
                   f"not UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start}); "
                   f"convert it first, e.g. iconv -f WINDOWS-1252 -t UTF-8")


def _failed(source: str, kind: str, message: str) -> Document:
    return Document(source, error=DocumentError(kind, message))
