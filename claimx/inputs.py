"""Reading inputs: files, folders (recursive, sorted, dot-files skipped) and stdin.

Every input yields exactly one Document: its text, or the reason it could not be read, so that
one bad file becomes one error record and never stops the others.
"""

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Optional

from claimx.records import DocumentError

TEXT_SUFFIXES = {".txt", ".text", ".md"}
STDIN = "-"


@dataclass
class Document:
    source: str
    text: Optional[str] = None
    error: Optional[DocumentError] = None


def expand_paths(paths: Iterable[str]) -> Iterator[str]:
    """Each path as given; a folder becomes its text files, recursively in sorted order."""
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
        elif entry.suffix.lower() in TEXT_SUFFIXES:
            yield str(entry)


def read_document(path: str, max_length: int) -> Document:
    try:
        data = sys.stdin.buffer.read() if path == STDIN else Path(path).read_bytes()
    except FileNotFoundError:
        return _failed(path, "not_found", "no such file or folder; check the path")
    except IsADirectoryError:
        return _failed(path, "empty", "folder holds no text files (.txt, .text, .md)")
    except OSError as err:
        return _failed(path, "unreadable", f"cannot read it: {err.strerror or err}")
    return decode_document(path, data, max_length)


def decode_document(source: str, data: bytes, max_length: int) -> Document:
    if b"\x00" in data[:8192]:
        return _failed(source, "binary", "binary file, not text; pass a .txt file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        return _failed(source, "encoding",
                       f"not UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start}); "
                       f"convert it first, e.g. iconv -f WINDOWS-1252 -t UTF-8")
    if not text.strip():
        return _failed(source, "empty", "empty document: no text to read")
    if len(text) > max_length:
        return _failed(source, "too_long",
                       f"{len(text):,} characters, over the model's max_length of {max_length:,}; "
                       f"split it into smaller documents")
    return Document(source, text=text)


def _failed(source: str, kind: str, message: str) -> Document:
    return Document(source, error=DocumentError(kind, message))
