"""A run's inputs cut into partitions, the units of work of a Dask run (claimx.running.distributed), and
the reading of one partition into Documents on whichever machine runs it.

Two kinds, in input order:
- FileGroup: up to SIZE consecutive files (text, HTML, or inputs that carry their error);
- RecordRange: SIZE consecutive records of a JSON Lines file, found by scanning the file once on
  the client (a byte offset lets a worker of a plain .jsonl start where its range does; a
  .jsonl.gz one decompresses from the start, which costs far less than parsing).

Local paths are listed by claimx.reading.listing, as in a local run; fsspec URLs (s3://, gs://,
file://, ...) are listed here with fsspec's find and glob, in the same sorted order with
dot-files skipped. A partition gives exactly the Documents that claimx.reading.documents gives for the same
inputs locally: the same sources (`PATH:LINE`), the same error records in the same places.
"""

import gzip
import hashlib
import json
import os
import re
import shlex
import stat
import zlib
from dataclasses import dataclass
from typing import BinaryIO, Collection, Iterable, Iterator, List, Optional, Tuple, Union

from claimx.reading.documents import (DEFAULT_MAX_BYTES, Document, RecordKeys, _failed, _lines,
                                     _open_input, _too_long, decode_document, read_documents,
                                     read_html, read_records)
from claimx.reading.listing import HTML_SUFFIXES, InputPath, is_jsonl, is_readable_name
from claimx.records import DocumentError

_URL = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*)://")
# Read by claimx.reading.documents itself (the web-page reader), not through fsspec.
_WEB_SCHEMES = {"http", "https"}
_GLOB_MAGIC = "*?["


@dataclass(frozen=True)
class FileGroup:
    items: Tuple[InputPath, ...]  # absolute paths, valid on a worker whatever its folder
    sources: Tuple[str, ...]  # each as the output names it (the path as given)

    @property
    def size(self) -> int:
        return len(self.items)

    def describe(self) -> dict:
        return {"files": len(self.items), "first": self.sources[0], "last": self.sources[-1]}


@dataclass(frozen=True)
class RecordRange:
    path: str  # absolute
    source: str  # as the output names the file
    first_line: int  # 1-based, as in the records' sources
    stop_line: Optional[int]  # the first line after the range; None: to the end of the file
    offset: Optional[int]  # byte offset of first_line in a plain file; None for .jsonl.gz
    records: int  # non-blank lines in the range when the plan was made
    listed: bool = False

    @property
    def size(self) -> int:
        return self.records

    @property
    def whole(self) -> bool:
        return self.first_line == 1 and self.stop_line is None

    def describe(self) -> dict:
        return {"source": self.source, "lines": [self.first_line, self.stop_line],
                "records": self.records}


Partition = Union[FileGroup, RecordRange]


def is_url(path: str) -> bool:
    """A path that fsspec reads (s3://bucket/news, file:///data/x.jsonl)."""
    match = _URL.match(path)
    return bool(match) and match.group(1).lower() not in _WEB_SCHEMES


# --- planning (on the client) -----------------------------------------------------------------

def plan_partitions(inputs: Iterable[InputPath], size: int,
                    max_bytes: int = DEFAULT_MAX_BYTES) -> List[Partition]:
    """The inputs (as claimx.reading.listing gives them; URLs still to be listed) in partitions of up to
    size documents, in input order."""
    partitions: List[Partition] = []
    group: List[InputPath] = []
    sources: List[str] = []

    def close_group() -> None:
        if group:
            partitions.append(FileGroup(tuple(group), tuple(sources)))
            group.clear()
            sources.clear()

    for given in expand_urls(inputs):
        item = given if _URL.match(given.path) else \
            InputPath(os.path.abspath(given.path), given.listed, given.error)
        ranges = scan_jsonl(item, given.source, size, max_bytes) \
            if item.error is None and is_jsonl(item.path) else None
        if isinstance(ranges, list):
            close_group()
            partitions.extend(ranges)
            continue
        group.append(item if ranges is None else InputPath(item.path, item.listed, ranges))
        sources.append(given.source)
        if len(group) == size:
            close_group()
    close_group()
    return partitions


def plan_digest(partitions: List[Partition]) -> str:
    """What identifies a plan: the same inputs cut the same way give the same digest."""
    digest = hashlib.sha256()
    for partition in partitions:
        described = partition.sources if isinstance(partition, FileGroup) \
            else partition.describe()
        digest.update(json.dumps(described, ensure_ascii=False).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def scan_jsonl(item: InputPath, source: str, size: int, max_bytes: int
               ) -> Union[List[RecordRange], DocumentError, None]:
    """A JSON Lines file as ranges of size records. None for a local file that is better read
    whole by claimx.reading.documents on the worker (a FIFO, which a scan would consume; a file that cannot
    be opened, whose error it gives); the error for a URL that cannot be opened."""
    if is_url(item.path):
        try:
            raw = open_url(item.path)
        except OSError as err:
            return _url_error(err)
    else:
        opened = _open_input(item.path, item.listed)
        if isinstance(opened, DocumentError):
            return None
        raw, info = opened
        if not stat.S_ISREG(info.st_mode):
            raw.close()
            return None
    compressed = item.path.lower().endswith(".gz")
    ranges: List[RecordRange] = []
    first, first_offset, count, position = 1, 0, 0, 0
    with raw:
        try:
            stream = gzip.GzipFile(fileobj=raw, mode="rb") if compressed else raw
            for number, line, length in _lines(stream, max_bytes):
                start, position = position, position + length
                if line is not None and not line.strip():
                    continue
                if count == 0:
                    first, first_offset = number, start
                count += 1
                if count == size:
                    ranges.append(RecordRange(item.path, source, first, number + 1,
                                              None if compressed else first_offset, count,
                                              item.listed))
                    count = 0
        except (OSError, EOFError, zlib.error):
            pass  # the worker reading the last range meets it again and gives its error record
    if count or not ranges:
        ranges.append(RecordRange(item.path, source, first, None,
                                  None if compressed else first_offset,
                                  count, item.listed))
    else:  # what follows the last full range (blank lines, a broken end) is read with it
        last = ranges[-1]
        ranges[-1] = RecordRange(last.path, last.source, last.first_line, None, last.offset,
                                 last.records, last.listed)
    return ranges


def expand_urls(inputs: Iterable[InputPath]) -> Iterator[InputPath]:
    """Local inputs as they are; a URL folder as its readable files (recursively, sorted,
    dot-files skipped), a URL glob as what it matches, a missing URL as a not_found input."""
    for item in inputs:
        if item.error is not None or not is_url(item.path):
            yield item
        else:
            yield from _expand_url(item.path)


def _expand_url(url: str) -> List[InputPath]:
    import fsspec

    try:
        fs, root = fsspec.core.url_to_fs(url)
        protocol = url.split("://", 1)[0]
        if any(c in root for c in _GLOB_MAGIC) and not fs.exists(root):
            found = []
            for path in sorted(fs.glob(root)):
                if fs.isdir(path):
                    found += _walk_url(fs, protocol, path)
                elif not _hidden(path, _glob_base(root)):
                    found.append(InputPath(_as_url(protocol, path), listed=True))
            return found or [InputPath(url, error=DocumentError(
                "not_found", "the glob pattern matched no file or folder; check the pattern"))]
        if fs.isdir(root):
            found = _walk_url(fs, protocol, root)
            return found or [InputPath(url, error=DocumentError(
                "empty", "folder holds no text files (.txt, .text, .md, .jsonl, .html)"))]
        if not fs.exists(root):
            return [InputPath(url, error=DocumentError("not_found",
                                                       "no such file or folder; check the URL"))]
    except (OSError, ValueError, ImportError) as err:
        return [InputPath(url, error=_url_error(err))]
    return [InputPath(url)]


def _walk_url(fs, protocol: str, folder: str) -> List[InputPath]:
    folder = folder.rstrip("/")
    paths = sorted(p for p in fs.find(folder) if not _hidden(p, folder))
    return [InputPath(_as_url(protocol, p), listed=True) for p in paths
            if is_readable_name(p.rsplit("/", 1)[-1])]


def _hidden(path: str, base: str) -> bool:
    relative = path[len(base):].strip("/") if path.startswith(base) else path
    return any(part.startswith(".") for part in relative.split("/"))


def _glob_base(pattern: str) -> str:
    parts = pattern.split("/")
    return "/".join(parts[:next(i for i, p in enumerate(parts) if any(c in p for c in _GLOB_MAGIC))])


def _as_url(protocol: str, path: str) -> str:
    if protocol == "file":
        return "file://" + path
    return f"{protocol}://{path}"


def open_url(url: str) -> BinaryIO:
    import fsspec

    try:
        return fsspec.open(url, "rb").open()
    except ImportError as err:  # s3:// without s3fs
        raise OSError(str(err)) from err


def _url_error(err: Exception) -> DocumentError:
    if isinstance(err, FileNotFoundError):
        return DocumentError("not_found", "no such file or folder; check the URL")
    reason = getattr(err, "strerror", None) or str(err) or type(err).__name__
    return DocumentError("unreadable", f"cannot read it: {reason}")


# --- reading (on a worker) --------------------------------------------------------------------

def read_partition(partition: Partition, keys: RecordKeys = RecordKeys(),
                   max_bytes: int = DEFAULT_MAX_BYTES,
                   skip: Collection[str] = ()) -> Iterator[Document]:
    """The partition's Documents, those whose source is in skip left out."""
    if isinstance(partition, RecordRange):
        documents = read_range(partition, keys, max_bytes, skip)
    else:
        documents = _read_files(partition, keys, max_bytes, skip)
    for document in documents:
        if document.source not in skip:
            yield document


def _read_files(group: FileGroup, keys: RecordKeys, max_bytes: int,
                skip: Collection[str]) -> Iterator[Document]:
    for item, source in zip(group.items, group.sources):
        if source in skip and not is_jsonl(item.path):
            continue
        if is_url(item.path):
            yield read_url_document(item, max_bytes)
            continue
        for document in read_documents([item], keys, max_bytes=max_bytes):
            yield as_given(document, item.source, source)


def as_given(document: Document, absolute: str, given: str) -> Document:
    """The document read through its absolute path, named as the user gave it (a JSON Lines
    file read whole: PATH:LINE), in its source and in its error's message (iconv commands)."""
    if absolute == given:
        return document
    document.source = given + document.source[len(absolute):]
    if document.error is not None:
        message = document.error.message.replace(shlex.quote(absolute), shlex.quote(given))
        document.error = DocumentError(document.error.type, message.replace(absolute, given))
    return document


def read_url_document(item: InputPath, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """A text file or HTML page read through fsspec, as claimx.reading.documents reads a local one."""
    source = item.source
    if item.error is not None:
        return Document(source, error=item.error)
    try:
        with open_url(item.path) as stream:
            data = stream.read(max_bytes + 1)
    except OSError as err:
        return Document(source, error=_url_error(err))
    if len(data) > max_bytes:
        return Document(source, error=_too_long(max_bytes))
    if os.path.splitext(item.path)[1].lower() in HTML_SUFFIXES:
        return read_html(source, data)
    return decode_document(source, data)


def read_range(part: RecordRange, keys: RecordKeys = RecordKeys(),
               max_bytes: int = DEFAULT_MAX_BYTES,
               skip: Collection[str] = ()) -> Iterator[Document]:
    """The records of lines first_line to stop_line of a JSON Lines file, as
    claimx.reading.documents.read_jsonl gives them (the whole file's range gives exactly its Documents)."""
    source = part.source
    try:
        opened = open_url(part.path) if is_url(part.path) else _open_input(part.path, part.listed)
    except OSError as err:
        opened = _url_error(err)
    if isinstance(opened, DocumentError):
        yield Document(source if part.whole else f"{source}:{part.first_line}", error=opened)
        return
    raw = opened if is_url(part.path) else opened[0]
    found = yield from read_records(raw, source, keys, max_bytes, skip,
                                    gzipped=part.path.lower().endswith(".gz"), offset=part.offset,
                                    first_line=part.first_line, stop_line=part.stop_line)
    if not found and part.whole:
        yield _failed(source, "empty", "no records: the JSON Lines file has no non-blank line")


def partition_sources(partition: Partition, keys: RecordKeys = RecordKeys(),
                      max_bytes: int = DEFAULT_MAX_BYTES) -> List[Document]:
    """The partition's Documents as read here, for the records of a partition that failed on
    the cluster; one Document per file of a group without reading it."""
    if isinstance(partition, FileGroup) and not any(is_jsonl(i.path) for i in partition.items):
        return [Document(s, error=i.error) for i, s in zip(partition.items, partition.sources)]
    try:
        return list(read_partition(partition, keys, max_bytes))
    except Exception:  # not readable here either: one record stands for each file or range
        if isinstance(partition, RecordRange):
            return [Document(f"{partition.source}:{partition.first_line}")]
        return [Document(s, error=i.error) for i, s in zip(partition.items, partition.sources)]
