"""Progress on stderr for multi-document runs, shown only when stderr is a terminal."""

from contextlib import contextmanager
from typing import Optional

from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn,
                           TimeRemainingColumn)
from rich.text import Text

from claimx import console


class RateColumn(ProgressColumn):
    """Documents per second, once rich has enough samples to tell."""

    def render(self, task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:.1f} docs/s" if speed else "… docs/s", style="progress.data.speed")


@contextmanager
def progress_bar(total: Optional[int], disabled: bool = False):
    """advance(failed) after each document; total None (not known up front) gives a bar
    without end."""
    err_console = console.err_console  # looked up now: a test may swap it
    # redirect_stdout=False: rich would otherwise capture stdout, and `| jq` would get nothing.
    progress = Progress(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), RateColumn(),
                        TextColumn("{task.fields[errors]} failed"), TimeRemainingColumn(),
                        console=err_console, redirect_stdout=False, redirect_stderr=False,
                        transient=True, disable=disabled or not err_console.is_terminal)
    errors = 0

    def advance(failed: bool = False) -> None:
        nonlocal errors
        errors += failed
        progress.update(task, advance=1, errors=errors)

    with progress:
        task = progress.add_task("extract", total=total, errors=0)
        yield advance
