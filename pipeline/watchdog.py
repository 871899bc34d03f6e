"""One alarm for the whole process instead of a timer on every pattern call.

Every user pattern runs under a time limit (:mod:`pipeline.patterns`).  The
``timeout`` of the ``regex`` module reads the process's CPU clock twice per
call, and that clock (``CLOCK_PROCESS_CPUTIME_ID``) is a real system call
every time: 1.5 µs a call on the machine we measured, about 35 calls per
document, 4-5 % of all the cleaning.  A process that cleans in its main
thread (the ``klartext`` command, each of its worker processes) keeps one
interval timer on its CPU time instead: every :attr:`Watchdog.TICK` seconds
the kernel sends ``SIGPROF``, and the handler looks which pattern call is
running (the caller says so in :attr:`Watchdog.running`, an attribute
write).  A call that is still the same one once its limit has passed is
stopped with the :class:`RuleTimeout` the timeout would have raised: the
``regex`` module checks for signals while it matches, so the handler's
exception ends the match.

Signals reach only the main thread, and a library must not take the
process's ``SIGPROF`` from the program that uses it: the Python API, a
thread, a Dask worker's tasks and a child forked from a watched process
keep the per-call timeout.  The test suite checks both ways stop a runaway
pattern with the same message.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any


class RuleTimeout(RuntimeError):
    """A user pattern ran longer than its timeout on one document."""


def timeout_message(what: Any, limit: float) -> str:
    """``what`` (a rule, or the name of a rule's parameter) took too long."""
    name = what if isinstance(what, str) else f"rule {what.id} ({what.where})"
    return f"{name} timed out after {limit:.3g} s (catastrophic backtracking?)"


class Watchdog:
    """The alarm of one process: :meth:`look` runs every TICK seconds of CPU."""

    #: seconds of CPU time between two looks: a runaway call is stopped at
    #: most this much after its limit
    TICK = 0.05

    def __init__(self) -> None:
        #: the call running now: (what, limit in seconds), or None
        self.running: tuple[Any, float] | None = None
        self.thread = threading.get_ident()
        self._seen: tuple[Any, float] | None = None
        self._looks = 0

    def look(self, signum: int, frame: Any) -> None:
        """Stop the running call if it has run for its limit: the same call
        (the same tuple, made afresh for every call) at every look since."""
        running = self.running
        if running is None or running is not self._seen:
            self._seen, self._looks = running, 0
            return
        self._looks += 1
        if self._looks * self.TICK >= running[1]:
            self.running = None
            raise RuleTimeout(timeout_message(*running))


#: the watchdog of this thread of this process, where one runs
WATCH: ContextVar[Watchdog | None] = ContextVar("klartext.watchdog", default=None)


def _forget() -> None:
    WATCH.set(None)


# a child forked from a watched process has the parent's variable but no
# timer (POSIX: interval timers are not inherited): it times each call,
# unless it starts a watchdog of its own
os.register_at_fork(after_in_child=_forget)


def _possible() -> bool:
    return hasattr(signal, "setitimer") and hasattr(signal, "SIGPROF") and \
        threading.current_thread() is threading.main_thread()


def _start() -> tuple[Watchdog, tuple[float, float]]:
    """A watchdog with its handler and timer set; the timer it replaced."""
    dog = Watchdog()
    signal.signal(signal.SIGPROF, dog.look)
    return dog, signal.setitimer(signal.ITIMER_PROF, dog.TICK, dog.TICK)


def start_for_process() -> None:
    """A worker process that cleans until it ends: watched from now on."""
    if _possible():
        WATCH.set(_start()[0])


@contextmanager
def watched() -> Iterator[None]:
    """The main thread's pattern calls are watched inside, and the process's
    ``SIGPROF`` handler and timer are given back after; elsewhere nothing
    changes."""
    if not _possible():
        yield
        return
    previous = signal.getsignal(signal.SIGPROF)
    dog, timer = _start()
    token = WATCH.set(dog)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        WATCH.reset(token)
        signal.signal(signal.SIGPROF, previous if previous is not None else signal.SIG_DFL)
        signal.setitimer(signal.ITIMER_PROF, *timer)    # a profiler's timer runs on
