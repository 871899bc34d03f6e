"""The data model and the one function that edits a document.

Stages never touch ``doc.text`` themselves: they propose :class:`Edit` objects
(a span of the current text and its replacement, as Python-Markdown processors
do) and :func:`apply_edits` splices them, recording one :class:`Change` per
edit.  Every change knows its span in the ORIGINAL input and where it sat in
the text of its own step, which is what makes :func:`restore` exact.
"""

from __future__ import annotations

import bisect
import logging
from array import array
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Edit:
    """A proposed replacement of ``text[start:end]`` in the current text."""

    start: int
    end: int
    replacement: str
    rule_id: str
    detail: str | None = None


@dataclass(frozen=True, slots=True)
class Change:
    """One recorded edit: ``start``/``end`` are half-open code-point offsets
    into the original input; ``step``/``at`` locate it in the text of the step
    that made it, so the change log can be replayed backwards."""

    rule_id: str
    stage: str
    start: int
    end: int
    before: str
    after: str
    detail: str | None = None
    step: int = 0
    at: int = 0


@dataclass(frozen=True, slots=True)
class Flag:
    """Something a human should look at; the text is never changed for it."""

    rule_id: str
    stage: str
    start: int
    end: int
    text: str
    message: str


@dataclass(slots=True)
class Document:
    id: str
    original: str
    source: str = ""
    text: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)
    block_kinds: list[str] = field(default_factory=list)
    block_langs: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    lang: str = "de"
    lang_confidence: float = 0.0
    passthrough: bool = False
    quality: float = 1.0
    quality_reasons: list[str] = field(default_factory=list)
    counters: Counter = field(default_factory=Counter)
    #: pairs of changes where one rule undid another (convergence.Undo)
    conflicts: list[Any] = field(default_factory=list)
    steps: list[_Step] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.text:
            self.text = self.original

    def to_original(self, pos: int, side: str = "start") -> int:
        """Map an offset of the current text back to the original input."""
        for step in reversed(self.steps):
            pos = step.map_back(pos, side)
        return pos

    def flag(self, rule_id: str, stage: str, start: int, end: int, message: str) -> None:
        self.flags.append(
            Flag(rule_id, stage, self.to_original(start), self.to_original(end, "end"),
                 self.text[start:end], message))
        self.counters[rule_id] += 1

    def block_spans(self) -> list[tuple[int, int]]:
        """Spans of the blocks of the current text (separated by blank lines)."""
        spans, pos, text = [], 0, self.text
        while pos < len(text):
            end = text.find("\n\n", pos)
            end = len(text) if end < 0 else end
            stop = end
            while stop > pos and text[stop - 1] == "\n":
                stop -= 1
            if stop > pos:
                spans.append((pos, stop))
            pos = end + 2
        return spans


class _Step:
    """The changes of one apply_edits call, indexed for mapping offsets."""

    __slots__ = ("changes", "out_starts", "out_ends", "shifts")

    def __init__(self, changes: list[Change]) -> None:
        self.changes = changes
        # machine integers, not lists of int objects: a step of a million
        # changes (one per line of a long file) costs 24 MB here, not 100
        self.out_starts = array("q")
        self.out_ends = array("q")
        self.shifts = array("q")  # shift in force before each change
        shift = 0
        for c in changes:
            self.shifts.append(shift)
            self.out_starts.append(c.at + shift)
            self.out_ends.append(c.at + shift + len(c.after))
            shift += len(c.after) - len(c.before)

    def map_back(self, pos: int, side: str) -> int:
        i = bisect.bisect_right(self.out_starts, pos) - 1
        if i < 0:
            return pos
        c, start, end = self.changes[i], self.out_starts[i], self.out_ends[i]
        if pos >= end:
            return pos - self.shifts[i] - len(c.after) + len(c.before)
        if pos == start:
            return c.at
        return c.at if side == "start" else c.at + len(c.before)


def apply_edits(doc: Document, edits: Iterable[Edit], stage: str,
                skip_foreign: bool = True) -> int:
    """Splice ``edits`` into ``doc.text`` and record them; returns how many
    were applied.  Overlapping edits lose to the earlier one (logged), no-op
    edits vanish, and with ``skip_foreign`` edits inside blocks tagged as not
    German are dropped, so German rules leave those blocks alone."""
    text = doc.text
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    foreign = _foreign_spans(doc) if skip_foreign else []
    kept: list[Edit] = []
    last_end = -1
    for e in ordered:
        if not 0 <= e.start <= e.end <= len(text):
            raise ValueError(f"{e.rule_id}: edit span {e.start}-{e.end} outside text")
        if text[e.start:e.end] == e.replacement:
            continue
        if e.start < last_end or (kept and e.start == e.end == last_end == kept[-1].start):
            log.debug("%s: dropped edit overlapping %s", e.rule_id, kept[-1].rule_id)
            continue
        if foreign and any(s <= e.start < t for s, t in foreign):
            continue
        kept.append(e)
        last_end = e.end
    if not kept:
        return 0
    step_no = len(doc.steps)
    parts, changes, pos = [], [], 0
    for e in kept:
        parts.append(text[pos:e.start])
        parts.append(e.replacement)
        pos = e.end
        changes.append(Change(e.rule_id, stage, doc.to_original(e.start),
                              doc.to_original(e.end, "end"), text[e.start:e.end],
                              e.replacement, e.detail, step_no, e.start))
        doc.counters[e.rule_id] += 1
    parts.append(text[pos:])
    doc.text = "".join(parts)
    doc.steps.append(_Step(changes))
    doc.changes.extend(changes)
    return len(changes)


def _foreign_spans(doc: Document) -> list[tuple[int, int]]:
    if not doc.block_langs or all(lang == "de" for lang in doc.block_langs):
        return []
    spans = doc.block_spans()
    return [span for span, lang in zip(spans, doc.block_langs) if lang != "de"]


class RestoreError(ValueError):
    """The change log does not fit the text it is applied to."""


def restore(text: str, changes: Iterable[Change]) -> str:
    """Undo ``changes`` on the clean ``text``: the original comes back.

    >>> doc = Document("d", "a  b")
    >>> _ = apply_edits(doc, [Edit(1, 3, " ", "spacing.one-space")], "spacing")
    >>> doc.text, restore(doc.text, doc.changes)
    ('a b', 'a  b')
    """
    by_step: dict[int, list[Change]] = {}
    for c in changes:
        by_step.setdefault(c.step, []).append(c)
    for step_no in sorted(by_step, reverse=True):
        step = _Step(sorted(by_step[step_no], key=lambda c: c.at))
        parts, pos = [], 0
        for c, start, end in zip(step.changes, step.out_starts, step.out_ends):
            if start < pos or text[start:end] != c.after:
                raise RestoreError(f"{c.rule_id}: text at {start} is not {c.after!r}")
            parts += [text[pos:start], c.before]
            pos = end
        parts.append(text[pos:])
        text = "".join(parts)
    return text
