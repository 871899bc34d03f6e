"""The data model and the one function that edits a document's text.

Mechanisms never touch a :class:`Document`: they return a :class:`Proposal`
(edits, flags, metadata, blocks, language, quality) and the engine applies it.
Text edits go through :func:`apply_edits`, which splices them (as
Python-Markdown's processors hand back a replacement and the span it
consumed) and records one :class:`Change` per edit.  Every change knows its
span in the ORIGINAL input and where it sat in the text of its own step,
which is what makes :func:`restore` exact.
"""

from __future__ import annotations

import bisect
import logging
from array import array
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")


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


@dataclass(frozen=True, slots=True)
class Block:
    """A title, heading, paragraph or caption: its span in the current text
    (blank lines separate blocks), its kind and its language."""

    start: int
    end: int
    kind: str = "paragraph"
    lang: str = "de"


@dataclass(frozen=True, slots=True)
class Mark:
    """A proposed flag over ``text[start:end]`` of the text the rule saw."""

    start: int
    end: int
    message: str


@dataclass(frozen=True, slots=True)
class Note:
    """A proposed metadata entry.  ``how``: ``set`` replaces, ``first``
    keeps an earlier value, ``append`` adds to a list, ``drop`` removes the
    entry (``value`` unused)."""

    key: str
    value: Any
    how: str = "set"


@dataclass(frozen=True, slots=True)
class Language:
    lang: str
    confidence: float
    passthrough: bool = False


@dataclass(frozen=True, slots=True)
class Quality:
    """A score in [0, 1], or None for a document that is not German (the
    reasons say why)."""

    score: float | None
    reasons: tuple[str, ...] = ()


@dataclass(slots=True)
class Proposal:
    """Everything one rule wants done to a document; only the engine does it."""

    edits: list[Edit] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    blocks: list[Block] | None = None      # the whole block list, replaced
    language: Language | None = None
    quality: Quality | None = None


@dataclass(slots=True)
class Document:
    """One text being cleaned.  ``origin`` says where it came from (a path,
    ``stdin:N``); ``source`` is the English original, where the input has it."""

    id: str
    original: str
    origin: str = ""
    text: str = ""
    source: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    lang: str = "de"
    lang_confidence: float = 0.0
    passthrough: bool = False
    #: None until scored, and for a document that is not German
    quality: float | None = None
    quality_reasons: list[str] = field(default_factory=list)
    counters: Counter = field(default_factory=Counter)
    #: (rule id, what it set) for every effect that is not a change or a flag
    trail: list[tuple[str, str]] = field(default_factory=list)
    #: pairs of changes where one rule undid another (convergence.Undo)
    conflicts: list[Any] = field(default_factory=list)
    steps: list[_Step] = field(default_factory=list)
    #: the text the memo below belongs to, and what was worked out from it
    _memo_of: str | None = field(default=None, repr=False, compare=False)
    _memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    #: answers about parts of the text that hold whatever else changes
    _answers: dict[str, dict[Any, Any]] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.text:
            self.text = self.original

    def to_original(self, pos: int, side: str = "start") -> int:
        """Map an offset of the current text back to the original input."""
        for step in reversed(self.steps):
            pos = step.map_back(pos, side)
        return pos

    def memo(self, key: str, make: Callable[[str], T]) -> T:
        """``make(self.text)``, worked out once per text: several rules read
        the same facts of a text (its block spans, its words), and most of
        them see the same text, since most rules edit nothing.  An edit
        makes a new string, which starts a new memo; nothing is kept from
        one document to the next.  What ``make`` returns is shared: a caller
        must not change it."""
        if self._memo_of is not self.text:
            self._memo_of, self._memo = self.text, {}
        if key not in self._memo:
            self._memo[key] = make(self.text)
        return self._memo[key]

    def answers(self, key: str) -> dict[Any, Any]:
        """A dict of answers about parts of this document that depend on the
        part alone (ftfy's repair of a line depends on the line): unlike the
        memo it survives edits elsewhere in the text, so a rule asked again
        at the end (``recheck``) asks only about what changed.  It lives as
        long as the document is cleaned, never longer."""
        return self._answers.setdefault(key, {})

    def forget(self) -> None:
        """Drop the memo and the answers (a cleaned document travels without them)."""
        self._memo_of, self._memo, self._answers = None, {}, {}

    def block_spans(self) -> list[tuple[int, int]]:
        """Spans of the blocks of the current text (separated by blank lines)."""
        return list(self.memo("block_spans", block_spans))


def block_spans(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
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

    __slots__ = ("ats", "changes", "out_starts", "out_ends", "shifts", "total")

    def __init__(self, changes: list[Change]) -> None:
        self.changes = changes
        # machine integers, not lists of int objects: a step of a million
        # changes (one per line of a long file) costs 24 MB here, not 100
        self.out_starts = array("q")
        self.out_ends = array("q")
        self.shifts = array("q")  # shift in force before each change
        self.ats = array("q", [c.at for c in changes])
        shift = 0
        for c in changes:
            self.shifts.append(shift)
            self.out_starts.append(c.at + shift)
            self.out_ends.append(c.at + shift + len(c.after))
            shift += len(c.after) - len(c.before)
        self.total = shift

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

    def map_forward(self, pos: int, side: str) -> int:
        """An offset of the text before the step in the text after it.  A
        position inside a replaced span snaps to the start or the end of its
        replacement; an insertion at an ``end`` position is taken in."""
        i = bisect.bisect_left(self.ats, pos)
        if i > 0:
            c = self.changes[i - 1]
            if pos < c.at + len(c.before):
                return self.out_ends[i - 1] if side == "end" else self.out_starts[i - 1]
        if side == "end":
            while i < len(self.changes) and self.ats[i] == pos and not self.changes[i].before:
                i += 1
        return pos + (self.shifts[i] if i < len(self.changes) else self.total)

def apply_edits(doc: Document, edits: Iterable[Edit], stage: str,
                skip_foreign: bool = True) -> int:
    """Splice ``edits`` into ``doc.text`` and record them; returns how many
    were applied.  Overlapping edits lose to the earlier one (logged), no-op
    edits vanish, and with ``skip_foreign`` edits inside blocks tagged as not
    German are dropped, so German rules leave those blocks alone.  The blocks
    move with the text."""
    text = doc.text
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    foreign = [(b.start, b.end) for b in doc.blocks if b.lang != "de"] if skip_foreign else []
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
    step = _Step(changes)
    doc.steps.append(step)
    doc.changes.extend(changes)
    if doc.blocks:
        moved = [replace(b, start=step.map_forward(b.start, "start"),
                         end=step.map_forward(b.end, "end")) for b in doc.blocks]
        doc.blocks = [b for b in moved if b.end > b.start]
    return len(changes)


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
