"""Cleaning on every core, or on a Dask cluster, with the output of one core.

The main process reads the inputs and writes the outputs; workers clean.
Documents travel in chunks (a few hundred kilobytes of text each, so that a
chunk is worth sending) and come back cleaned, in input order: whatever runs
them, the files and records written are the bytes ``--jobs 1`` writes.  At
most a few chunks per worker are out at a time, so memory stays flat however
long the input is, and an input of one chunk is cleaned in this process (a
pool of workers would only cost its start).

A worker builds its cleaner once: a local worker process from the rule set
it was started with, a Dask worker from the rule set scattered to it once
(Dask keeps the object and hands the same one to every task, so
:func:`pipeline.engine.cleaner_for` finds the cleaner it built).  A Dask
worker needs klartext installed, in the same version, but no rules folder.
"""

from __future__ import annotations

import logging
import multiprocessing
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from itertools import chain
from typing import Any, TypeVar

from ..engine import Cleaner, cleaner_for
from ..rules import RuleSet
from ..watchdog import start_for_process

T = TypeVar("T")
R = TypeVar("R")
Task = Callable[[Cleaner, list[T]], list[R]]

#: text per chunk sent to a worker ...
CHUNK_CHARS = 200_000
#: ... and at most this many documents in one
CHUNK_DOCS = 64
#: chunks in flight per worker
WINDOW_PER_WORKER = 4

#: the rules a local worker process was started with (set by its initializer:
#: the one piece of per-process state, and only in worker processes)
_worker_rules: RuleSet | None = None


def chunks(items: Iterable[T], size: Callable[[T], int]) -> Iterator[list[T]]:
    """``items`` in lists of about CHUNK_CHARS (``size`` of each), in order."""
    chunk: list[T] = []
    total = 0
    for item in items:
        n = size(item)
        if chunk and (total + n > CHUNK_CHARS or len(chunk) >= CHUNK_DOCS):
            yield chunk     # a long document starts a chunk of its own
            chunk, total = [], 0
        chunk.append(item)
        total += n
    if chunk:
        yield chunk


def clean_all(rules: RuleSet, task: Task, items: Iterable[T], size: Callable[[T], int],
              jobs: int = 1, dask: str | None = None) -> Iterator[R]:
    """``task`` over ``items`` in chunks, the results in input order: here,
    in ``jobs`` worker processes, or on the Dask cluster at ``dask``
    (``local``: a LocalCluster of ``jobs`` worker processes)."""
    batches = chunks(items, size)
    head = [b for b in (next(batches, None), next(batches, None)) if b is not None]
    todo = chain(head, batches)
    if dask:
        yield from _on_dask(dask, rules, task, todo, jobs)
    elif jobs > 1 and len(head) > 1:
        yield from _on_workers(jobs, rules, task, todo)
    else:
        cleaner = cleaner_for(rules)
        for batch in todo:
            yield from task(cleaner, batch)


def ordered(submit: Callable[[list[T]], Any], batches: Iterable[list[T]],
            window: int) -> Iterator[R]:
    """The results of every batch, in order, with at most ``window``
    batches submitted and not yet collected."""
    pending: deque[Any] = deque()   # futures: concurrent.futures or Dask
    for batch in batches:
        pending.append(submit(batch))
        if len(pending) >= window:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


def _start_worker(rules: RuleSet) -> None:
    """A worker leaves Ctrl-C to the main process (which stops it) and dies
    quietly when stopped: the main process's handlers are not its own."""
    global _worker_rules
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    start_for_process()       # its own CPU alarm guards the patterns (see pipeline.watchdog)
    _worker_rules = rules
    cleaner_for(rules)        # tables opened, gazetteer built before the first chunk


def _local_task(task: Task, chunk: list[T]) -> list[R]:
    assert _worker_rules is not None, "a local worker is started with its rules"
    return task(cleaner_for(_worker_rules), chunk)


def _on_workers(jobs: int, rules: RuleSet, task: Task, batches: Iterable[list[T]]) -> Iterator[R]:
    """Forked where the system can (the word tables, rules and lexicon
    caches are then shared, not loaded again), spawned elsewhere."""
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(method),
                               initializer=_start_worker, initargs=(rules,))
    try:
        yield from ordered(lambda b: pool.submit(_local_task, task, b), batches,
                           WINDOW_PER_WORKER * jobs)
    except BaseException:   # Ctrl-C, SIGTERM, a failed write: stop the workers now
        processes = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.terminate()
        for process in processes:
            process.join()
        pool.shutdown(wait=True)   # the pool's own thread ends before the interpreter does
        raise
    pool.shutdown(wait=True)


def _dask_task(task: Task, rules: RuleSet, chunk: list[T]) -> list[R]:
    return task(cleaner_for(rules), chunk)


def _on_dask(address: str, rules: RuleSet, task: Task, batches: Iterable[list[T]],
             jobs: int) -> Iterator[R]:
    """``local``: a LocalCluster of ``jobs`` worker processes, one thread each."""
    from dask.distributed import Client, LocalCluster

    debug = logging.getLogger().isEnabledFor(logging.DEBUG)
    if not debug:
        # Dask reports its every start and stop at INFO; the user asked to clean
        for name in ("distributed", "dask"):
            logging.getLogger(name).setLevel(logging.WARNING)
    cluster: Any = None
    if address == "local":
        # the cluster is ours, and so is its shutdown, where a worker's last
        # heartbeat may find the scheduler gone and log a traceback; a failed
        # task or a lost worker still reaches us, as the exception of its result
        cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                               dashboard_address=None,
                               silence_logs=logging.WARNING if debug else logging.CRITICAL)
    client = Client(cluster or address)
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        shared = client.scatter(rules, broadcast=True)
        yield from ordered(lambda b: client.submit(_dask_task, task, shared, b, pure=False),
                           batches, WINDOW_PER_WORKER * workers)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
