"""Ctrl-C, SIGTERM and SIGHUP stop a run the same way: as an exception that the CLI turns into
"keep what is finished, say where it is, exit 128 + the signal's number" (130, 143, 129).

A signal that arrives while a result is being written waits until the write is done (`held`), so
that an output file holds whole lines only.
"""

import signal
import threading
from contextlib import contextmanager
from typing import Callable, List

STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP")
                     if hasattr(signal, name))
NAMES = {"SIGINT": "Ctrl-C (SIGINT)", "SIGTERM": "SIGTERM", "SIGHUP": "SIGHUP"}


class Stopped(KeyboardInterrupt):
    """The run was asked to stop by a signal (KeyboardInterrupt's subclass, so that code that
    cleans up after Ctrl-C cleans up after SIGTERM too)."""

    def __init__(self, signum: int = signal.SIGINT):
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum

    @property
    def name(self) -> str:
        return NAMES.get(signal.Signals(self.signum).name, signal.Signals(self.signum).name)


def as_stopped(interrupt: KeyboardInterrupt) -> Stopped:
    """A plain KeyboardInterrupt (Python's own Ctrl-C handler) as a Stopped."""
    return interrupt if isinstance(interrupt, Stopped) else Stopped(signal.SIGINT)


_held = 0
_pending = None
_before_stop: List[Callable[[], None]] = []


def _stop(signum, frame):
    global _pending
    if _held:
        _pending = _pending or signum
        return
    for callback in reversed(_before_stop):
        callback()
    raise Stopped(signum)


@contextmanager
def before_stop(callback: Callable[[], None]):
    """Within the block, a stop signal calls callback before it raises: code that the exception
    will unwind through may wait for what callback ends (spaCy joins its --jobs workers)."""
    _before_stop.append(callback)
    try:
        yield
    finally:
        _before_stop.remove(callback)


@contextmanager
def stop_signals_raise():
    """Within the block, each stop signal raises Stopped in the main thread."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers; an embedding program keeps its own
        return
    previous = {signum: signal.signal(signum, _stop) for signum in STOP_SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextmanager
def held(then_raise: bool = True):
    """A stop signal that arrives within the block raises when the block ends (or, with
    then_raise False, is dropped: a second Ctrl-C must not cut short the clean-up of the first)."""
    global _held, _pending
    _held += 1
    try:
        yield
    finally:
        _held -= 1
        if not _held and _pending is not None:
            signum, _pending = _pending, None
            if then_raise:
                raise Stopped(signum)
