"""What a long run tells its user: a progress bar while it works (documents,
MB/s and time left, on a terminal only) and one line when it is done."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TextIO

from .writers import Rendered


@dataclass
class Progress:
    """Counts what passes through :meth:`track`.  ``total`` is the input's
    size in bytes where it is known (for the time left)."""

    total: int | None = None
    quiet: bool = False
    stream: TextIO = field(default_factory=lambda: sys.stderr)
    documents: int = 0
    failed: int = 0
    changes: int = 0
    flags: int = 0
    size: int = 0
    started: float = field(default_factory=time.perf_counter)

    def track(self, outcomes: Iterable[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
        """The outcomes of a batch loop (``(name, origin, doc, extra,
        error)``), passed on unchanged and counted."""
        bar = _bar(self.total, self.stream) if not self.quiet and _is_terminal(self.stream) \
            else _NoBar()
        try:
            for outcome in outcomes:
                doc = outcome[2]
                if doc is None:
                    self.failed += 1
                else:
                    self.documents += 1
                    if isinstance(doc, Rendered):   # made by a worker: counted there
                        size = doc.size
                        self.changes += doc.changes
                        self.flags += doc.flags
                    else:
                        size = len(doc.original.encode("utf-8", "surrogatepass"))
                        self.changes += len(doc.changes)
                        self.flags += len(doc.flags)
                    self.size += size
                    bar.update(size)
                    if self.documents % 50 == 1:
                        bar.set_postfix_str(f"{self.documents} docs", refresh=False)
                yield outcome
        finally:
            bar.close()

    def line(self, where: str) -> str:
        seconds = max(time.perf_counter() - self.started, 1e-9)
        mb = self.size / 1e6
        return (f"klartext: {self.documents} document(s) cleaned, {self.failed} failed, "
                f"{self.changes} changes, {self.flags} flags, {mb:.2f} MB in {seconds:.1f} s "
                f"({mb / seconds:.2f} MB/s) -> {where}")

    def finish(self, where: str) -> None:
        """The closing line (not with ``quiet``)."""
        if not self.quiet:
            print(self.line(where), file=self.stream, flush=True)


def _bar(total: int | None, stream: TextIO) -> Any:
    from tqdm import tqdm  # only for a terminal: importing it takes 12 ms of every start
    return tqdm(total=total, unit="B", unit_scale=True, unit_divisor=1000, file=stream,
                desc="cleaning", mininterval=0.5, smoothing=0.1, dynamic_ncols=True)


class _NoBar:
    """What a run without a terminal shows: nothing."""

    def update(self, n: int) -> None:
        pass

    def set_postfix_str(self, text: str, refresh: bool = True) -> None:
        pass

    def close(self) -> None:
        pass


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
