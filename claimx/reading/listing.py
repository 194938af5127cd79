"""PATH arguments -> the inputs to read: files as given, folders walked, glob patterns matched.

Folders and patterns are walked the same way: entries in sorted order, dot-files and dot-folders
skipped, symbolic links followed, each real folder listed once (a link back up the tree, or to
itself, is not a loop). What a walk cannot use becomes an input that carries its error, so that it
gets a record of its own instead of stopping the run: a folder that cannot be listed, and a file
that is not a regular file (a FIFO would block for ever, /dev/zero never ends). A file given by
name is read whatever it is (a FIFO, /dev/stdin, <(zcat ...)).
"""

import os
import stat
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Iterable, Iterator, List, Optional, Set, Tuple

from claimx.records import DocumentError

TEXT_SUFFIXES = (".txt", ".text", ".md")
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz")
READ_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES  # what a folder walk reads
NO_FILES_TO_READ = f"folder holds no files claimx reads ({', '.join(READ_SUFFIXES)})"
STDIN = "-"
GLOB_MAGIC = "*?["

FILE_KINDS = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
              (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


@dataclass(frozen=True)
class InputPath:
    """One input to read: path as the operating system knows it; listed when a folder walk or a
    pattern found it (then only a regular file is read); error when it is known unreadable."""
    path: str
    listed: bool = False
    error: Optional[DocumentError] = None

    @property
    def source(self) -> str:
        return display_path(self.path)


def display_path(path: str) -> str:
    """The path as the output names it: bytes of a file name that are not UTF-8 (kept by Python
    as surrogate escapes, e.g. caf\\udce9.txt) are shown as \\xNN (caf\\xe9.txt), so that every
    byte claimx writes is UTF-8."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def is_jsonl(path: str) -> bool:
    return path.lower().endswith(JSONL_SUFFIXES) and not is_url(path)


def is_url(path: str) -> bool:
    """http:// or https://: a web page to fetch (claimx.reading.fetch), not a path."""
    return path[:8].lower().startswith(("http://", "https://"))


def is_readable_name(name: str) -> bool:
    """A file a folder walk reads: text, HTML or JSON Lines."""
    return os.path.splitext(name)[1].lower() in TEXT_SUFFIXES + HTML_SUFFIXES or is_jsonl(name)


def is_pattern(path: str) -> bool:
    """A glob pattern for claimx to expand (quoted, so the shell left it alone). A path that
    exists is taken literally: a file may be called "notes [draft].txt"."""
    return any(c in path for c in GLOB_MAGIC) and not is_url(path) and not os.path.lexists(path)


def expand_paths(paths: Iterable[str]) -> Iterator[InputPath]:
    """Each path as given; a folder becomes its text, HTML and JSON Lines files, recursively in
    sorted order; a glob pattern becomes what it matches."""
    for path in paths:
        if path == STDIN or is_url(path):
            yield InputPath(path)
        elif is_pattern(path):
            yield from expand_pattern(path)
        elif os.path.isdir(path):
            found = list(walk_folder(path, set()))
            yield from found or [InputPath(path, error=DocumentError("empty", NO_FILES_TO_READ))]
        else:
            yield InputPath(path)


def walk_folder(folder: str, walked: Set[Tuple[int, int]]) -> Iterator[InputPath]:
    """The readable files under folder, in sorted order; folders already in walked (device,
    inode) are skipped, and each folder listed is added to it."""
    for path, _, kind, detail in _tree(folder, walked):
        if kind == "unlistable":
            yield _unlistable(path, detail)
        elif kind != "dir" and is_readable_name(path):
            yield _listed_file(path, kind, detail)


def expand_pattern(pattern: str) -> List[InputPath]:
    """The inputs a glob pattern matches (** spans folders), in the order a folder argument
    gives them; a matched folder adds its files, as a folder argument does; a matched file is
    read whatever its suffix, as the shell would pass it. Each file once. The pattern itself when
    it matches nothing, for the reader to report as not found."""
    base, parts = _split_pattern(pattern)  # base "" for the current folder, named as glob does
    if not os.path.isdir(base or "."):
        return [InputPath(pattern)]
    found: List[InputPath] = []
    seen: Set[object] = set()
    walked: Set[Tuple[int, int]] = set()  # folders whose files are already in found

    def add(item: InputPath) -> None:
        key = _file_key(item.path) if item.error is None else ("error", item.path)
        if key not in seen:
            seen.add(key)
            found.append(item)

    recursive = "**" in parts
    if _matches([], parts):  # 'news/**' matches news/ itself
        for item in walk_folder(base, walked):
            add(item)
    for path, rel, kind, detail in _tree(base, set(), None if recursive else len(parts)):
        if kind == "unlistable":
            add(_unlistable(path, detail))
        elif _matches(rel, parts):
            if kind == "dir":
                for item in walk_folder(path, walked):
                    add(item)
            else:
                add(_listed_file(path, kind, detail))
    return found or [InputPath(pattern)]


def _split_pattern(pattern: str) -> Tuple[str, List[str]]:
    """('news', ['**', '*.txt']) for 'news/**/*.txt': the folder before the first component
    with a wildcard, and the components from there on."""
    components = pattern.split(os.sep)
    first = next(i for i, c in enumerate(components) if any(m in c for m in GLOB_MAGIC))
    base = os.sep.join(components[:first])
    if not base and pattern.startswith(os.sep):
        base = os.sep
    return base, [c for c in components[first:] if c]


def _matches(rel: List[str], parts: List[str]) -> bool:
    """Whether the path components rel match the pattern components parts ('**' is any number
    of folders, none included)."""
    if not parts:
        return not rel
    if parts[0] == "**":
        return any(_matches(rel[i:], parts[1:]) for i in range(len(rel) + 1))
    return bool(rel) and fnmatchcase(rel[0], parts[0]) and _matches(rel[1:], parts[1:])


def _tree(top: str, walked: Set[Tuple[int, int]], max_depth: Optional[int] = None):
    """(path, components below top, kind, detail) for every entry under top, each folder before
    its contents, siblings sorted by name, dot entries skipped, each real folder listed once.
    kind: "dir", "file" (a regular file), "missing" (a broken symbolic link), "other" (a FIFO,
    device or socket; detail says which) or "unlistable" (a folder whose listing failed; detail
    is the OS error). Iterative, so that a deep tree cannot exhaust Python's stack."""
    stack = [_listing(top, [], walked)]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        yield entry
        path, rel, kind, _ = entry
        if kind == "dir" and (max_depth is None or len(rel) < max_depth):
            stack.append(_listing(path, rel, walked))


def _listing(folder: str, rel: List[str], walked: Set[Tuple[int, int]]):
    try:
        info = os.stat(folder or ".")
        if (info.st_dev, info.st_ino) in walked:
            return  # a symbolic link to a folder already listed
        walked.add((info.st_dev, info.st_ino))
        with os.scandir(folder or ".") as entries:
            names = sorted((e.name, e) for e in entries if not e.name.startswith("."))
    except OSError as err:
        yield folder or ".", rel, "unlistable", err.strerror or str(err)
        return
    for name, entry in names:
        path = os.path.join(folder, name)
        yield (path, rel + [name]) + _kind(entry)


def _kind(entry: os.DirEntry) -> Tuple[str, str]:
    try:
        if entry.is_dir():
            return "dir", ""
        if entry.is_file():
            return "file", ""
        mode = os.stat(entry.path).st_mode  # what a symbolic link points to
    except FileNotFoundError:
        return "missing", "a symbolic link to a file that does not exist"
    except OSError as err:
        return "missing", err.strerror or str(err)
    return "other", next((what for test, what in FILE_KINDS if test(mode)), "not a regular file")


def _listed_file(path: str, kind: str, detail: str) -> InputPath:
    if kind == "other":
        return InputPath(path, listed=True, error=DocumentError(
            "unreadable", f"not a regular file ({detail}): skipped, since a folder or pattern "
                          f"reads regular files only; name it on its own to read it"))
    if kind == "missing":
        return InputPath(path, listed=True, error=DocumentError("not_found", detail))
    return InputPath(path, listed=True)


def _unlistable(folder: str, reason: str) -> InputPath:
    return InputPath(folder, listed=True, error=DocumentError(
        "unreadable", f"cannot list the folder: {reason}; its files were not read"))


def _file_key(path: str):
    try:
        info = os.stat(path)
        return info.st_dev, info.st_ino
    except OSError:
        return "path", path
