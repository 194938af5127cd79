"""Progress on stderr for long runs: a bar that advances per document, with the time elapsed and
the rate and time left over the whole run.

A bar is drawn only where nothing else draws on the screen while it runs (gh's rule, "stdout
and stderr both terminals", widened to runs that write a file): stderr is a terminal, standard
input is not being typed on it, and the data goes to a file or /dev/null (-o FILE, `> out.jsonl`)
or is drawn through the bar's own console (the table on the terminal it shares with stderr).
Never when the data goes to a pipe (`| jq` draws on the same terminal) or to a pager.
"""

import os
import stat
from contextlib import contextmanager
from typing import Optional

from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn
from rich.text import Text

from claimx import console


def stays_off_screen(stream) -> bool:
    """Whether what is written to stream stays off the terminal: a regular file, or a device
    that is not a terminal (/dev/null). A pipe, a FIFO or a socket may have a reader that draws
    on it; a stream with no descriptor (a test's) counts as one that may."""
    try:
        info = os.fstat(stream.fileno())
    except (AttributeError, OSError, ValueError):
        return False
    if stat.S_ISREG(info.st_mode):
        return True
    return stat.S_ISCHR(info.st_mode) and not os.isatty(stream.fileno())


def same_terminal(first, second) -> bool:
    """Whether two streams are the same terminal (stdout and stderr of a shell's command)."""
    try:
        return os.isatty(first.fileno()) and os.path.samestat(os.fstat(first.fileno()),
                                                               os.fstat(second.fileno()))
    except (AttributeError, OSError, ValueError):
        return False


def bar_allowed(data_stream, drawn_through_bar: bool = False,
                reading_terminal: bool = False) -> bool:
    """The rule above: data_stream is where the results go (None: files that claimx writes);
    drawn_through_bar when they are printed through the bar's console (console.err_console);
    reading_terminal when standard input is an input and a terminal (the bar would draw over
    what the user types)."""
    if reading_terminal or not console.err_console.is_terminal:
        return False
    return drawn_through_bar or data_stream is None or stays_off_screen(data_stream)


def clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class ElapsedColumn(ProgressColumn):
    def render(self, task) -> Text:
        return Text(clock(task.elapsed or 0), style="progress.elapsed")


class RateColumn(ProgressColumn):
    """Documents per second over the whole run (rich's own rate is over its last 30 s, and
    reads 40 documents a second when a batch of 32 lands at once)."""

    def __init__(self, unit: str):
        super().__init__()
        self.unit = unit

    def render(self, task) -> Text:
        rate = run_rate(task)
        shown = "…" if rate is None else f"{rate:.1f}" if rate < 100 else f"{rate:.0f}"
        return Text(f"{shown} {self.unit}/s", style="progress.data.speed")


class LeftColumn(ProgressColumn):
    """The time left at the run's rate so far; nothing for a run of unknown length."""

    def render(self, task) -> Text:
        rate = run_rate(task)
        if task.total is None:
            return Text("")
        if rate is None:
            return Text("-:--:-- left", style="progress.remaining")
        return Text(f"{clock(task.remaining / rate)} left", style="progress.remaining")


class FailedColumn(ProgressColumn):
    def render(self, task) -> Text:
        failed = task.fields.get("failed", 0)
        return Text(f"{failed} failed" if failed else "", style="red")


def run_rate(task) -> Optional[float]:
    """Finished documents per second since the bar started; None before the first."""
    if not task.completed or not task.elapsed:
        return None
    return task.completed / task.elapsed


class Bar:
    """advance(failed) after each document; shown: whether it is drawn (a run may then feed
    spaCy smaller batches, so that it advances per document)."""

    def __init__(self, progress: Optional[Progress], task=None):
        self._progress, self._task, self._failed = progress, task, 0
        self.shown = progress is not None

    def advance(self, failed: bool = False) -> None:
        if self._progress is not None:
            self._failed += failed
            # refresh now: the refresh thread can starve while spaCy holds the interpreter
            self._progress.update(self._task, advance=1, failed=self._failed, refresh=True)

    __call__ = advance  # bar(failed), as claimx.running.distributed calls it


@contextmanager
def progress_bar(total: Optional[int], disabled: bool = False, label: str = "extracting",
                 unit: str = "docs"):
    """A Bar for a run of total documents (None: not known up front, a bar without end),
    drawn on console.err_console where it is a terminal, cleared when the run ends."""
    err_console = console.err_console  # looked up now: a test may swap it
    if disabled or not err_console.is_terminal:
        yield Bar(None)
        return
    # redirect_stdout=False: rich would otherwise capture stdout, and `| jq` would get nothing.
    # redirect_stderr: a stray line on stderr (a library's warning) goes above the bar, whole.
    progress = Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), ElapsedColumn(),
                        RateColumn(unit), LeftColumn(), FailedColumn(), console=err_console,
                        redirect_stdout=False, redirect_stderr=True, transient=True)
    with progress:
        yield Bar(progress, progress.add_task(label, total=total, failed=0))
