"""Where each change of the log sits in the original AND in the clean text.

A reviewer wants to see a change in place: the removed original text next to
the text that replaced it.  The change log records spans in the original and,
per step, offsets in that step's text; :func:`hunks` maps the original spans
forward through every step, so the report never has to diff the two texts
(a character diff is slow and guesses; the log knows).
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..core import Change, restore


@dataclass(frozen=True, slots=True)
class Hunk:
    """``original[start:end]`` became ``clean[clean_start:clean_end]`` through ``changes``."""

    start: int
    end: int
    clean_start: int
    clean_end: int
    changes: tuple[Change, ...]


class ForwardMap:
    """Maps an offset of the original text to the clean text, step by step.

    A position inside a replaced span snaps to the start of its replacement
    (``side="start"``) or to its end (``side="end"``); an insertion at the
    position counts as inside, so a hunk's span always covers what was
    inserted at its edges.  Each step is searched by bisection: a report of
    a million changes maps its hunks in n log n, not n².

    >>> from pipeline.core import Document, Edit, apply_edits
    >>> doc = Document("d", "inRuntervor")
    >>> _ = apply_edits(doc, [Edit(2, 2, " ", "x"), Edit(8, 8, " ", "x")], "spacing")
    >>> fmap = ForwardMap(doc.changes)
    >>> fmap(2, "start"), fmap(2, "end"), fmap(11, "end")
    (2, 3, 13)
    """

    def __init__(self, changes: Iterable[Change]) -> None:
        by_step: dict[int, list[Change]] = {}
        for c in changes:
            by_step.setdefault(c.step, []).append(c)
        self.steps = [_StepMap(sorted(by_step[s], key=lambda c: (c.at, len(c.before))))
                      for s in sorted(by_step)]

    def __call__(self, pos: int, side: str = "start") -> int:
        for step in self.steps:
            pos = step(pos, side)
        return pos


class _StepMap:
    """One step's changes as arrays of machine integers (a step may hold a
    million changes): where each starts and ends in the step's input, the
    shift in force before it and the length of what replaced it."""

    __slots__ = ("afters", "ats", "ends", "shifts", "total")

    def __init__(self, changes: Sequence[Change]) -> None:
        self.ats = array("q", [c.at for c in changes])
        self.ends = array("q", [c.at + len(c.before) for c in changes])
        self.afters = array("q", [len(c.after) for c in changes])
        self.shifts = array("q")
        shift = 0
        for c in changes:
            self.shifts.append(shift)
            shift += len(c.after) - len(c.before)
        self.total = shift

    def __call__(self, pos: int, side: str) -> int:
        i = bisect_left(self.ats, pos)          # the first change at or after pos
        if i and pos < self.ends[i - 1]:        # inside the change before it
            return self.ats[i - 1] + self.shifts[i - 1] + (self.afters[i - 1] if side == "end" else 0)
        if side == "end":                       # past insertions at pos
            while i < len(self.ats) and self.ats[i] == pos == self.ends[i]:
                i += 1
        return pos + (self.shifts[i] if i < len(self.ats) else self.total)


def hunks(clean: str, changes: Sequence[Change]) -> tuple[str, list[Hunk]]:
    """The original text and the hunks that turn it into ``clean``.

    Changes whose original spans overlap or touch form one hunk (a later
    stage editing what an earlier one inserted is one visible edit).

    >>> from pipeline.core import Document, Edit, apply_edits
    >>> doc = Document("d", "US -Basis")
    >>> _ = apply_edits(doc, [Edit(2, 3, "", "spacing.hyphen")], "spacing")
    >>> original, hs = hunks(doc.text, doc.changes)
    >>> [(original[h.start:h.end], doc.text[h.clean_start:h.clean_end]) for h in hs]
    [(' ', '')]
    """
    original = restore(clean, changes)
    if not changes:
        return original, []
    fmap = ForwardMap(changes)
    groups: list[list[Change]] = []
    bounds: list[list[int]] = []
    for c in sorted(changes, key=lambda c: (c.start, c.end)):
        if bounds and c.start <= bounds[-1][1]:
            bounds[-1][1] = max(bounds[-1][1], c.end)
            groups[-1].append(c)
        else:
            bounds.append([c.start, c.end])
            groups.append([c])
    out = []
    for (start, end), group in zip(bounds, groups):
        group.sort(key=lambda c: (c.step, c.at))
        out.append(Hunk(start, end, fmap(start, "start"), fmap(end, "end"), tuple(group)))
    return original, out


def segments(original: str, clean: str, hs: Sequence[Hunk]) -> list[tuple[str, str, Hunk | None]]:
    """The document as ``(removed, kept_or_inserted, hunk)`` pieces, in order:
    unchanged text has ``hunk`` None.  Raises ValueError when the pieces do
    not add up to both texts, which would mean a bug in the mapping."""
    out: list[tuple[str, str, Hunk | None]] = []
    pos = cpos = 0
    for h in hs:
        if h.start < pos or h.clean_start < cpos:
            raise ValueError("hunks overlap")
        if original[pos:h.start] != clean[cpos:h.clean_start]:
            raise ValueError("unchanged text differs between original and clean")
        if h.start > pos:
            out.append(("", original[pos:h.start], None))
        out.append((original[h.start:h.end], clean[h.clean_start:h.clean_end], h))
        pos, cpos = h.end, h.clean_end
    if original[pos:] != clean[cpos:]:
        raise ValueError("unchanged tail differs between original and clean")
    if pos < len(original):
        out.append(("", original[pos:], None))
    return out
