"""Where results go, and what is left when a run stops early.

- standard output (no -o, or -o -): written as UTF-8 whatever the locale;
- -o FILE: a temporary file in FILE's folder, renamed over FILE when the run is complete, so
  FILE is never half-written; a symbolic link is followed and its target replaced;
- -o on a device or FIFO (/dev/null, a named pipe): written through, never replaced;
- --resume -o FILE: FILE.partial (the finished results of a stopped run) is continued and
  renamed to FILE at the end; without it an existing FILE is appended to, line by line.

A run stopped by a signal keeps its finished JSON Lines results, whole lines only, in
FILE.partial, which --resume continues. A write error removes the temporary file.
"""

import io
import json
import os
import shlex
import stat
import sys
import tempfile
from typing import IO, List, Optional, Set, Tuple

from claimx.interrupts import held
from claimx.reading.listing import display_path

PARTIAL_SUFFIX = ".partial"
TEMP_PREFIX = ".claimx-"
# How claimx's JSON Lines records begin (a torn last line is recognised by it).
RECORD_START = b'{"schema_version"'


class OutputRefused(Exception):
    """-o or --resume cannot be used as given (a usage error: exit 2)."""


class OutputFailed(Exception):
    """The output cannot be opened or written (exit 1); the message names it and the OS error."""


def partial_path(output: str) -> str:
    return os.path.realpath(output) + PARTIAL_SUFFIX


def identity(path: str) -> Optional[Tuple[int, int]]:
    """(device, inode) of what path names (links followed), or None when it does not exist."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


def os_error(err: OSError) -> str:
    return err.strerror or str(err)


def is_claimx_output(path: str) -> bool:
    """Whether path is empty or opens with a claimx record (a previous run's output)."""
    try:
        with open(path, "rb") as stream:
            start = stream.read(len(RECORD_START))
    except OSError:
        return False
    return start in (b"", RECORD_START)


# --- standard output --------------------------------------------------------------------------

class StdoutTarget:
    name = "standard output"

    def __init__(self, utf8: bool = True):
        if sys.stdout is None:  # the shell started claimx with stdout closed (>&-)
            raise OutputFailed("cannot write to standard output: it is closed (Bad file "
                               "descriptor); redirect it, or write to a file with -o FILE")
        self._wrapper = None
        if utf8 and hasattr(sys.stdout, "buffer"):
            # JSON, JSON Lines and CSV are UTF-8 whatever PYTHONIOENCODING or the locale says.
            sys.stdout.flush()
            self._wrapper = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
            self.stream = self._wrapper
        else:
            self.stream = sys.stdout  # the table, for the terminal's own encoding
            if hasattr(sys.stdout, "reconfigure"):
                sys.stdout.reconfigure(errors="replace")

    def commit(self) -> None:
        self.stream.flush()
        self._release()

    def abandon(self, keep: bool = True) -> Optional[str]:
        try:
            self.stream.flush()
        except (OSError, ValueError):
            pass
        self._release()
        return None

    def _release(self) -> None:
        if self._wrapper is not None:  # leave sys.stdout's buffer open for Python's own exit
            try:
                self._wrapper.detach()
            except ValueError:
                pass
            self._wrapper = None


def silence_stdout() -> None:
    """After a closed pipe or a failed write on stdout, point fd 1 at /dev/null so that Python's
    flush at exit does not fail again with a traceback."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, AttributeError, ValueError):
        pass


# --- -o FILE ----------------------------------------------------------------------------------

def open_output(output: str, keep_partial: bool) -> "AtomicFile | DeviceTarget":
    """The target for -o output (not --resume). keep_partial: a stop keeps finished lines."""
    mode = _mode(output)  # links followed, /dev/stdout's too (realpath cannot follow that one)
    if mode is not None and (stat.S_ISCHR(mode) or stat.S_ISBLK(mode) or stat.S_ISFIFO(mode)):
        return DeviceTarget(output)
    real = os.path.realpath(output)
    check_regular(output, mode)
    check_folder(output, real)
    if keep_partial and os.path.lexists(real + PARTIAL_SUFFIX):
        raise OutputRefused(f"{named_as_given(output, real)}{PARTIAL_SUFFIX} holds the finished results "
                            f"of an interrupted run: finish it by adding --resume, or delete it "
                            f"to start over")
    return AtomicFile(output, real, keep_partial)


def _mode(path: str) -> Optional[int]:
    try:
        return os.stat(path).st_mode
    except FileNotFoundError:
        return None
    except OSError as err:
        raise OutputFailed(f"cannot write {display_path(path)}: {os_error(err)}")


def check_regular(output: str, mode: Optional[int]) -> None:
    if (mode is not None and stat.S_ISDIR(mode)) or output.endswith(os.sep):
        raise OutputRefused(f"-o {display_path(output)} is a folder; name a file in it")
    if mode is not None and not stat.S_ISREG(mode):
        raise OutputRefused(f"-o {display_path(output)} is not a regular file, a device or a "
                            f"FIFO; name a file")


def check_folder(output: str, real: str) -> None:
    """The folder must exist as the OS reads the name, not only as realpath spells it: for
    realpath, gone/../a.txt is a.txt even when gone does not exist, and writing there would
    miss the check that -o is not one of the inputs (made on the name as given)."""
    folder = os.path.dirname(real)
    if not os.path.isdir(folder) or not os.path.isdir(os.path.dirname(output) or os.curdir):
        raise OutputRefused(f"-o {display_path(output)}: folder "
                            f"{display_path(os.path.dirname(output) or folder)!r} does not "
                            f"exist; create it first")


class AtomicFile:
    """A file that appears under its name only when complete: a temp file renamed on commit.
    Created at once, so that a folder where it cannot be written fails before any work."""

    def __init__(self, output: str, real: str, keep_partial: bool):
        self.name, self.path, self.keep_partial = display_path(output), real, keep_partial
        self.partial_name = named_as_given(output, real) + PARTIAL_SUFFIX
        fd, self.tmp, self.stream = None, None, None
        try:
            # A stop signal while the file is made waits until it can be removed again: the
            # caller has no target to abandon yet, and a hidden temp file would be left behind.
            with held():
                fd, self.tmp = tempfile.mkstemp(dir=os.path.dirname(real), prefix=TEMP_PREFIX,
                                                suffix=".tmp")
                # mkstemp makes it private; the result is not
                os.chmod(self.tmp, 0o666 & ~_umask())
                self.stream = io.open(fd, "w", encoding="utf-8", newline="")
        except BaseException as err:
            self._discard(fd)
            if isinstance(err, OSError):
                raise OutputFailed(f"cannot write {self.name}: {os_error(err)} (creating a file "
                                   f"in {display_path(os.path.dirname(real))})") from err
            raise

    def _discard(self, fd: Optional[int]) -> None:
        """The half-made file removed (its descriptor closed)."""
        if self.stream is not None:
            _close_quietly(self.stream)
        elif fd is not None:
            try:
                os.close(fd)
            except OSError:
                pass
        if self.tmp is not None:
            _remove(self.tmp)

    def commit(self) -> None:
        self.stream.flush()
        os.fsync(self.stream.fileno())  # the rename must not land before the data (a crash)
        self.stream.close()
        os.replace(self.tmp, self.path)

    def abandon(self, keep: bool = True) -> Optional[str]:
        """Stopped early: the finished lines kept in FILE.partial (JSON Lines output); returns
        where they are, or None when nothing was kept."""
        _close_quietly(self.stream)
        if keep and self.keep_partial and drop_torn_line(self.tmp) > 0:
            os.replace(self.tmp, self.path + PARTIAL_SUFFIX)
            return self.partial_name
        _remove(self.tmp)
        return None


class DeviceTarget:
    """A device or FIFO: written through; there is nothing to rename or keep."""

    def __init__(self, output: str):
        self.name = display_path(output)
        try:
            self.stream = io.open(output, "w", encoding="utf-8", newline="")
        except OSError as err:
            raise OutputFailed(f"cannot write {self.name}: {os_error(err)}")

    def commit(self) -> None:
        self.stream.close()

    def abandon(self, keep: bool = True) -> Optional[str]:
        _close_quietly(self.stream)
        return None


# --- --resume ---------------------------------------------------------------------------------

def open_resume(output: str) -> Tuple["AppendFile", Set[str]]:
    """The file --resume appends to, and the sources already in it. Refused (before any change
    to it) when it holds lines that are not claimx records."""
    real = os.path.realpath(output)
    partial = real + PARTIAL_SUFFIX
    mode = _mode(output)
    if mode is not None and not stat.S_ISREG(mode):
        raise OutputRefused(f"--resume needs a regular JSON Lines file; -o "
                            f"{display_path(output)} is not one")
    check_regular(output, None)
    check_folder(output, real)
    shown = named_as_given(output, real)
    if os.path.lexists(partial):  # a stopped run: continue it, then put it in place
        path, name, final = partial, shown + PARTIAL_SUFFIX, real
    elif mode is not None:  # a finished run: add the inputs it lacks
        path, name, final = real, shown, None
    else:  # nothing yet: written as FILE.partial, so that FILE appears only complete
        path, name, final = partial, shown + PARTIAL_SUFFIX, real
    done = done_sources(path, name)
    return AppendFile(path, name, final), done


def named_as_given(output: str, real: str) -> str:
    """How messages name the output file: as the user did, unless that is a link to elsewhere."""
    return display_path(output if os.path.abspath(output) == real else real)


def done_sources(path: str, name: Optional[str] = None) -> Set[str]:
    """The sources already in a claimx JSON Lines file (missing file: none). Lines that are not
    claimx records are refused with their numbers; a torn last line (a run killed mid-write) is
    left for AppendFile to cut and redo."""
    name = name or display_path(path)
    done: Set[str] = set()
    bad: List[int] = []
    try:
        stream = open(path, "rb")
    except FileNotFoundError:
        return done
    except OSError as err:
        raise OutputFailed(f"cannot read {name}: {os_error(err)}")
    with stream:
        if stream.read(len(RECORD_START)) not in (b"", RECORD_START):  # before reading a line
            raise OutputRefused(_not_records(name, [1], any_good=False))  # of any length
        stream.seek(0)
        for number, line in enumerate(stream, 1):
            if not line.endswith(b"\n"):  # the last line, torn
                if not line.startswith(RECORD_START):
                    bad.append(number)
                break
            source = _record_source(line)
            if source is None:
                bad.append(number)
            else:
                done.add(source)
    if bad:
        raise OutputRefused(_not_records(name, bad, any_good=bool(done)))
    return done


def _record_source(line: bytes) -> Optional[str]:
    """The source of a claimx record line; None for anything else."""
    if not line.startswith(RECORD_START):
        return None
    try:
        record = json.loads(line)
    except (ValueError, RecursionError):
        return None
    source = record.get("source") if isinstance(record, dict) else None
    return source if isinstance(source, str) else None


def _not_records(name: str, bad: List[int], any_good: bool) -> str:
    if not any_good:
        return (f"{name} is not claimx output (line {bad[0]} is no claimx record); --resume "
                f"only continues a JSON Lines file claimx wrote: choose another -o file")
    shown = ", ".join(map(str, bad[:10])) + (f" and {len(bad) - 10} more" if len(bad) > 10 else "")
    delete = ";".join(f"{n}d" for n in bad[:10])
    fix = f"sed -i '{delete}' {shlex.quote(name)}" if len(bad) <= 10 else "delete them"
    return (f"{name}: line{'s' if len(bad) > 1 else ''} {shown} {'are' if len(bad) > 1 else 'is'} "
            f"not claimx records (damaged?); --resume would keep them and redo nothing for them: "
            f"remove them ({fix}) and --resume again")


class AppendFile:
    """--resume: results appended to a JSON Lines file, each line flushed as written, so that a
    stopped run keeps what it finished; with final, renamed to it once the run is complete."""

    def __init__(self, path: str, name: str, final: Optional[str] = None):
        self.path, self.name, self.final = path, name, final
        try:
            drop_torn_line(path)
            self.stream = io.open(path, "a", encoding="utf-8", newline="")
        except OSError as err:
            raise OutputFailed(f"cannot write {self.name}: {os_error(err)}")

    def commit(self) -> None:
        self.stream.close()
        if self.final:
            os.replace(self.path, self.final)

    def abandon(self, keep: bool = True) -> Optional[str]:
        _close_quietly(self.stream)
        try:
            drop_torn_line(self.path)  # a write that failed midway
        except OSError:
            pass
        return self.name


def drop_torn_line(path: str) -> int:
    """Cut a last line that has no newline (half-written); returns the size left. Reads
    backwards from the end, so that a large file costs one block or two."""
    if not os.path.exists(path):
        return 0
    with open(path, "rb+") as stream:
        end = stream.seek(0, os.SEEK_END)
        position = end
        while position > 0:
            start = max(0, position - 65536)
            stream.seek(start)
            block = stream.read(position - start)
            if position == end and block.endswith(b"\n"):
                return end
            newline = block.rfind(b"\n")
            if newline >= 0:
                stream.truncate(start + newline + 1)
                return start + newline + 1
            position = start
        stream.truncate(0)
        return 0


def _close_quietly(stream: IO[str]) -> None:
    try:
        stream.close()
    except (OSError, ValueError):  # its last flush fails again (disk full): the data is lost
        try:
            os.close(stream.fileno())
        except (OSError, ValueError):
            pass


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
