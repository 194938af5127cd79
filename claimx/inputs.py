"""Reading inputs: files, folders (recursive, sorted, dot-files skipped), stdin and JSON Lines.

Every input yields exactly one Document: its text, or the reason it could not be read, so that
one bad file becomes one error record and never stops the others. A JSON Lines file
(.jsonl, .jsonl.gz) is many inputs: each non-blank line is one Document, named "path:LINE".
"""

import datetime
import gzip
import json
import os
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Collection, Iterable, Iterator, Optional, Union

from claimx.records import DocumentError

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz")
STDIN = "-"


@dataclass
class Document:
    source: str
    text: Optional[str] = None
    error: Optional[DocumentError] = None
    id: Optional[Union[str, int]] = None  # a JSON Lines record's id
    date: Optional[datetime.date] = None  # a JSON Lines record's or HTML page's publication date
    title: Optional[str] = None  # an HTML page's title


@dataclass(frozen=True)
class RecordKeys:
    """The fields of a JSON Lines record that claimx reads."""
    text: str = "text"
    id: str = "id"
    date: str = "date"


def is_jsonl(path: str) -> bool:
    return path.lower().endswith(JSONL_SUFFIXES)


def expand_paths(paths: Iterable[str]) -> Iterator[str]:
    """Each path as given; a folder becomes its text and JSON Lines files, recursively in sorted
    order."""
    for path in paths:
        if path != STDIN and os.path.isdir(path):
            found = list(_walk(Path(path), set()))
            if found:
                yield from found
            else:
                yield path  # read_document reports the empty folder as this input's error
        else:
            yield path


def _walk(folder: Path, seen: set) -> Iterator[str]:
    real = folder.resolve()
    if real in seen:
        return  # a symlink back into a folder already walked
    seen.add(real)
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _walk(entry, seen)
        elif entry.suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES or is_jsonl(entry.name):
            yield str(entry)


def read_documents(sources: Iterable[str], max_length: int, keys: RecordKeys = RecordKeys(),
                   skip: Collection[str] = ()) -> Iterator[Document]:
    """One Document per input, in order: a file's text, or each record of a JSON Lines file.
    Inputs whose source is in skip (already done, for --resume) are left out unread."""
    for source in sources:
        if is_jsonl(source) and not os.path.isdir(source):
            yield from (d for d in read_jsonl(source, max_length, keys) if d.source not in skip)
        elif source not in skip:
            yield read_document(source, max_length)


def read_document(path: str, max_length: int) -> Document:
    try:
        data = sys.stdin.buffer.read() if path == STDIN else Path(path).read_bytes()
    except FileNotFoundError:
        return _failed(path, "not_found", "no such file or folder; check the path")
    except IsADirectoryError:
        return _failed(path, "empty", "folder holds no text files (.txt, .text, .md, .jsonl, .html)")
    except OSError as err:
        return _failed(path, "unreadable", f"cannot read it: {err.strerror or err}")
    if Path(path).suffix.lower() in HTML_SUFFIXES:
        return read_html(path, data, max_length)
    return decode_document(path, data, max_length)


def read_html(source: str, data: bytes, max_length: int) -> Document:
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
    document = check_text(source, text, max_length)
    document.title = page.get("title") or None
    document.date = parse_iso_date(page.get("date"))
    return document


def decode_document(source: str, data: bytes, max_length: int) -> Document:
    if b"\x00" in data[:8192]:
        return _failed(source, "binary", "binary file, not text; pass a .txt file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        return _not_utf8(source, data, err)
    return check_text(source, text, max_length)


def check_text(source: str, text: str, max_length: int) -> Document:
    """The text as a Document, or why the model cannot take it."""
    if not text.strip():
        return _failed(source, "empty", "empty document: no text to read")
    if len(text) > max_length:
        return _failed(source, "too_long",
                       f"{len(text):,} characters, over the model's max_length of {max_length:,}; "
                       f"split it into smaller documents")
    return Document(source, text=text)


# --- JSON Lines -------------------------------------------------------------------------------

def read_jsonl(path: str, max_length: int, keys: RecordKeys) -> Iterator[Document]:
    """One Document per non-blank line, named "path:LINE" (1-based). A file that cannot be
    opened is one error for the path; a file broken midway (truncated gzip) ends with one error
    for the line where reading stopped."""
    try:
        stream = gzip.open(path, "rb") if path.lower().endswith(".gz") else open(path, "rb")
    except FileNotFoundError:
        yield _failed(path, "not_found", "no such file or folder; check the path")
        return
    except OSError as err:
        yield _failed(path, "unreadable", f"cannot read it: {err.strerror or err}")
        return
    number = found = 0
    with stream:
        try:
            for number, raw in enumerate(stream, 1):
                if raw.strip():
                    found += 1
                    yield parse_record(f"{path}:{number}", raw, max_length, keys)
        except (OSError, EOFError, zlib.error) as err:  # gzip.BadGzipFile is an OSError
            found += 1
            yield _failed(f"{path}:{number + 1}", "unreadable",
                          f"cannot read the file past line {number}: {err}")
    if not found:
        yield _failed(path, "empty", "no records: the JSON Lines file has no non-blank line")


def parse_record(source: str, raw: bytes, max_length: int, keys: RecordKeys) -> Document:
    """One JSON Lines record as a Document carrying its id and date; an error for this line only
    when it is not a JSON object or has no text."""
    try:
        line = raw.decode("utf-8-sig")  # a byte-order mark can open the first line
    except UnicodeDecodeError as err:
        return _not_utf8(source, raw, err)
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        return _failed(source, "not_json", f"not JSON ({err.msg} at column {err.colno})")
    if not isinstance(record, dict):
        return _failed(source, "not_json", f"a JSON {type(record).__name__}, not an object")
    ident = record_id(record, keys.id)
    text = record.get(keys.text)
    if not isinstance(text, str):
        problem = "has no" if text is None else "has a non-string"
        document = _failed(source, "no_text", f"record {problem} {keys.text!r} field; "
                                              f"name the text field with --text-key")
    else:
        document = check_text(source, text, max_length)
    document.id = ident
    document.date = record_date(record, keys.date)
    return document


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


def _not_utf8(source: str, data: bytes, err: UnicodeDecodeError) -> Document:
    return _failed(source, "encoding",
                   f"not UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start}); "
                   f"convert it first, e.g. iconv -f WINDOWS-1252 -t UTF-8")


def _failed(source: str, kind: str, message: str) -> Document:
    return Document(source, error=DocumentError(kind, message))
