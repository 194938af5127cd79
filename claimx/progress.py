"""Progress on stderr for multi-document runs, shown only when stderr is a terminal."""

from contextlib import contextmanager
from typing import Optional

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn


@contextmanager
def progress_bar(total: Optional[int], disabled: bool = False):
    """advance() after each document; total None (not known up front) gives a bar without end."""
    from claimx.cli import err_console

    # redirect_stdout=False: rich would otherwise capture stdout, and `| jq` would get nothing.
    progress = Progress(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(),
                        TimeRemainingColumn(), console=err_console, redirect_stdout=False,
                        redirect_stderr=False, transient=True,
                        disable=disabled or not err_console.is_terminal)
    with progress:
        task = progress.add_task("extract", total=total)
        yield lambda: progress.advance(task)
