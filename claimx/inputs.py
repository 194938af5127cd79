"""Reading inputs: files, folders (recursive, sorted, dot-files skipped), glob patterns, stdin and
JSON Lines.

Every input yields exactly one Document: its text, or the reason it could not be read, so that
one bad file becomes one error record and never stops the others. A JSON Lines file
(.jsonl, .jsonl.gz) is many inputs: each non-blank line is one Document, named "path:LINE".
Text files are UTF-8, UTF-16/32 with a byte-order mark, or a legacy encoding that
charset-normalizer detects (see decode_document).
"""

import codecs
import datetime
import glob
import gzip
import json
import os
import shlex
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Collection, Iterable, Iterator, List, Optional, Tuple, Union

from claimx.records import DocumentError

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz")
STDIN = "-"
GLOB_MAGIC = "*?["

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
    source: str
    text: Optional[str] = None
    error: Optional[DocumentError] = None
    id: Optional[Union[str, int]] = None  # a JSON Lines record's id
    meta: Optional[dict] = None  # the record's fields named by --keep, for the result's "meta"
    date: Optional[datetime.date] = None  # a JSON Lines record's or HTML page's publication date
    title: Optional[str] = None  # an HTML page's title
    encoding: Optional[str] = None  # the codec a text file was decoded with (not in the output)


@dataclass(frozen=True)
class RecordKeys:
    """The fields of a JSON Lines record that claimx reads."""
    text: str = "text"
    id: str = "id"
    date: str = "date"
    keep: Tuple[str, ...] = ()  # fields copied to the result's "meta" (--keep)


def is_jsonl(path: str) -> bool:
    return path.lower().endswith(JSONL_SUFFIXES)


def is_pattern(path: str) -> bool:
    """A glob pattern for claimx to expand (quoted, so the shell left it alone). A path that
    exists is taken literally: a file may be called "notes [draft].txt"."""
    return any(c in path for c in GLOB_MAGIC) and not os.path.exists(path)


def expand_paths(paths: Iterable[str]) -> Iterator[str]:
    """Each path as given; a folder becomes its text and JSON Lines files, recursively in sorted
    order; a glob pattern becomes what it matches."""
    for path in paths:
        if path == STDIN:
            yield path
        elif is_pattern(path):
            yield from expand_pattern(path)
        elif os.path.isdir(path):
            found = list(_walk(Path(path), set()))
            yield from found or [path]  # read_document reports the empty folder as its error
        else:
            yield path


def expand_pattern(pattern: str) -> List[str]:
    """The files a glob pattern matches (** spans folders; dot-files skipped), in the order a
    folder argument gives them; a matched folder adds its text files, as a folder argument does.
    Each file once, though 'news/**' matches a folder and the files in it too. The pattern itself
    when it matches nothing, for read_document to report as not found."""
    matches = sorted(glob.glob(pattern, recursive=True), key=lambda p: Path(p).parts)
    found, seen = [], set()
    for match in matches:
        for path in _walk(Path(match), set()) if os.path.isdir(match) else [match]:
            real = os.path.realpath(path)
            if real not in seen:
                seen.add(real)
                found.append(path)
    return found or [pattern]


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


def read_documents(sources: Iterable[str], keys: RecordKeys = RecordKeys(),
                   skip: Collection[str] = ()) -> Iterator[Document]:
    """One Document per input, in order: a file's text, or each record of a JSON Lines file.
    Inputs whose source is in skip (already done, for --resume) are left out unread."""
    for source in sources:
        if is_jsonl(source) and not os.path.isdir(source):
            yield from (d for d in read_jsonl(source, keys) if d.source not in skip)
        elif source not in skip:
            yield read_document(source)


def read_document(path: str) -> Document:
    try:
        data = sys.stdin.buffer.read() if path == STDIN else Path(path).read_bytes()
    except FileNotFoundError:
        return _not_found(path)
    except IsADirectoryError:
        return _failed(path, "empty", "folder holds no text files (.txt, .text, .md, .jsonl, .html)")
    except OSError as err:
        return _failed(path, "unreadable", f"cannot read it: {err.strerror or err}")
    if Path(path).suffix.lower() in HTML_SUFFIXES:
        return read_html(path, data)
    return decode_document(path, data)


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
    max_length is fine: claimx.batch parses it in parts."""
    if not text.strip():
        return _failed(source, "empty", "empty document: no text to read")
    return Document(source, text=text)


# --- JSON Lines -------------------------------------------------------------------------------

def read_jsonl(path: str, keys: RecordKeys) -> Iterator[Document]:
    """One Document per non-blank line, named "path:LINE" (1-based). A file that cannot be
    opened is one error for the path; a file broken midway (truncated gzip) ends with one error
    for the line where reading stopped."""
    try:
        stream = gzip.open(path, "rb") if path.lower().endswith(".gz") else open(path, "rb")
    except FileNotFoundError:
        yield _not_found(path)
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
                    yield parse_record(f"{path}:{number}", raw, keys)
        except (OSError, EOFError, zlib.error) as err:  # gzip.BadGzipFile is an OSError
            found += 1
            yield _failed(f"{path}:{number + 1}", "unreadable",
                          f"cannot read the file past line {number}: {err}")
    if not found:
        yield _failed(path, "empty", "no records: the JSON Lines file has no non-blank line")


def parse_record(source: str, raw: bytes, keys: RecordKeys) -> Document:
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
        document = check_text(source, text)
    document.id = ident
    document.date = record_date(record, keys.date)
    if keys.keep:  # a field the record lacks is null, so that every result has the same keys
        document.meta = {key: record.get(key) for key in keys.keep}
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


def _not_found(path: str) -> Document:
    if is_pattern(path):  # expand_paths passes on a pattern that matched nothing
        return _failed(path, "not_found", "the glob pattern matched no file or folder (and no "
                                          "file has this name); check the pattern")
    return _failed(path, "not_found", "no such file or folder; check the path")


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
