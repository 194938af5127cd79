"""Long terminal output through a pager, as gh does: $CLAIMX_PAGER, else $PAGER, else less;
LESS=FRX unless set (quit when it fits one screen, keep colours, leave the text on screen)."""

import atexit
import os
import shlex
import shutil
import subprocess
from typing import List, Mapping, Optional

from rich.console import Console


def pager_command(env: Mapping[str, str]) -> Optional[List[str]]:
    """The pager to run, or None: set to "" or "cat" (the usual ways to turn one off), or not
    installed."""
    value = env.get("CLAIMX_PAGER", env.get("PAGER", "less"))
    try:
        command = shlex.split(value)
    except ValueError:
        return None
    if not command or command[0] == "cat" or shutil.which(command[0]) is None:
        return None
    return command


def should_page(fmt: str, output: Optional[str], no_pager: bool, stdout_is_terminal: bool) -> bool:
    """Only the table, only to a terminal, unless --no-pager."""
    return fmt == "table" and output is None and stdout_is_terminal and not no_pager


class Pager:
    """A running pager: write to .stream (or print to .console, which keeps colours and the
    terminal's width), then close() to wait until the reader quits it."""

    def __init__(self, command: List[str]):
        env = dict(os.environ)
        env.setdefault("LESS", "FRX")
        env.setdefault("LV", "-c")  # lv, the other common pager: keep colours too
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, env=env, text=True,
                                        encoding="utf-8", errors="replace")
        self.stream = self.process.stdin
        width = shutil.get_terminal_size(fallback=(80, 24)).columns
        from claimx.views.table import table_console

        self.console: Console = table_console(self.stream, terminal=True, width=width)
        atexit.register(self.close)  # whatever way the run ends, the pager gets its end of input

    def close(self) -> None:
        try:
            self.stream.close()
        except BrokenPipeError:  # the reader quit before the end: nothing more to show
            pass
        self.process.wait()


def start_pager(env: Mapping[str, str] = os.environ) -> Optional[Pager]:
    command = pager_command(env)
    return Pager(command) if command else None
