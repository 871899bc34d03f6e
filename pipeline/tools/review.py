"""``klartext review``: what a rule change does to a corpus, before it lands.

The corpus is cleaned twice, as the base cleaned it (:mod:`.base`: a
revision's own code and rules, or a rules directory) and with the working
rules, and the two runs are compared: the clean text as short windows
around the changed words, the changes and flags that appeared or
disappeared grouped by rule as ``before → after ×n``, and per rule its hits
before and after, how many of its outputs changed and whether its
definition did.  LanguageTool diffs its matches and prh diffs files; this
diffs the *rewrites*, which is what a reviewer must trust.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..core import Change, Flag
from ..engine import Cleaner
from ..io.batch import read_inputs
from ..rules import RuleSet
from .base import Base, Outcome, ReviewError, outcome_of, rule_tables
from .worddiff import Window, windows

__all__ = ["DocDiff", "Item", "Review", "ReviewError", "compare", "line_col", "review"]


@dataclass(frozen=True, slots=True)
class Item:
    """A change (``before`` → ``after``) or a flag (its ``text`` and
    ``message``) of one side, where it sits in the input."""

    kind: str
    rule_id: str
    before: str
    after: str
    line: int
    col: int


@dataclass
class DocDiff:
    """One document whose clean text, changes or flags differ: only what
    the review shows is kept (windows, not the whole texts)."""

    source: str
    windows: list[Window] = field(default_factory=list)
    gone: list[Item] = field(default_factory=list)
    added: list[Item] = field(default_factory=list)

    def count(self, kind: str) -> tuple[int, int]:
        return (sum(i.kind == kind for i in self.gone), sum(i.kind == kind for i in self.added))


@dataclass(frozen=True, slots=True)
class RuleRow:
    """A line of the hits table: hits on either side, outputs gone and
    added, and what happened to the rule's definition ("" when nothing)."""

    rule_id: str
    before: int
    after: int
    gone: int
    added: int
    definition: str


@dataclass
class Review:
    base: str = ""
    documents: int = 0
    diffs: list[DocDiff] = field(default_factory=list)
    before: Counter = field(default_factory=Counter)
    after: Counter = field(default_factory=Counter)
    edited: list[str] = field(default_factory=list)
    added_rules: list[str] = field(default_factory=list)
    removed_rules: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def definition(self, rule_id: str) -> str:
        if rule_id in self.edited:
            return "edited"
        if rule_id in self.added_rules:
            return "added"
        if rule_id in self.removed_rules:
            return "removed"
        return ""

    def groups(self) -> dict[str, Counter]:
        """Per rule, ``(sign, kind, before, after) -> n`` over the corpus."""
        out: dict[str, Counter] = {}
        for d in self.diffs:
            for sign, items in (("−", d.gone), ("+", d.added)):
                for i in items:
                    out.setdefault(i.rule_id, Counter())[(sign, i.kind, i.before, i.after)] += 1
        return dict(sorted(out.items()))

    def moved(self) -> list[RuleRow]:
        """A row for every rule whose hits moved, whose outputs changed or
        whose definition changed, by rule id."""
        gone: Counter = Counter()
        added: Counter = Counter()
        for d in self.diffs:
            gone.update(i.rule_id for i in d.gone)
            added.update(i.rule_id for i in d.added)
        ids = {k for k in self.before.keys() | self.after.keys() if self.before[k] != self.after[k]}
        ids |= gone.keys() | added.keys()
        ids |= set(self.edited) | set(self.added_rules) | set(self.removed_rules)
        return [RuleRow(k, self.before[k], self.after[k], gone[k], added[k], self.definition(k))
                for k in sorted(ids)]

    def summary(self) -> str:
        n = len(self.diffs)
        gone, new = (sum(d.count("change")[i] for d in self.diffs) for i in (0, 1))
        fgone, fnew = (sum(d.count("flag")[i] for d in self.diffs) for i in (0, 1))
        rules = (f"{len(self.edited)} rule(s) edited, {len(self.added_rules)} added, "
                 f"{len(self.removed_rules)} removed")
        return (f"review against {self.base}: {n} of {self.documents} document(s) differ; "
                f"changes −{gone} +{new}, "
                f"flags −{fgone} +{fnew}; {rules}"
                + (f"; {len(self.errors)} input(s) failed" if self.errors else ""))


def _items(found: Iterable[Change | Flag], keys: Counter, original: str) -> list[Item]:
    """The changes or flags whose keys are in ``keys``, taken off one by
    one, so that a repeated change counts as often as it differs."""
    out = []
    for x in found:
        key = _key(x)
        if keys[key] > 0:
            keys[key] -= 1
            line, col = line_col(original, x.start)
            if isinstance(x, Change):
                out.append(Item("change", x.rule_id, x.before, x.after, line, col))
            else:
                out.append(Item("flag", x.rule_id, x.text, x.message, line, col))
    return out


def _key(x: Change | Flag) -> tuple[Any, ...]:
    if isinstance(x, Change):
        return x.rule_id, x.start, x.end, x.before, x.after
    return x.rule_id, x.start, x.end, x.message


def compare(old: Outcome, new: Outcome, original: str, source: str) -> DocDiff | None:
    """The difference between two cleanings of the same input, or None."""
    old_c, new_c = Counter(map(_key, old.changes)), Counter(map(_key, new.changes))
    old_f, new_f = Counter(map(_key, old.flags)), Counter(map(_key, new.flags))
    if old.text == new.text and old_c == new_c and old_f == new_f:
        return None
    return DocDiff(source, windows(old.text, new.text),
                   _items(old.changes, old_c - new_c, original) + _items(old.flags, old_f - new_f, original),
                   _items(new.changes, new_c - old_c, original) + _items(new.flags, new_f - old_f, original))


def review(paths: list[Path], base: Base, current: RuleSet, debug: bool = False) -> Review:
    """Clean every input as the base did and with the working rules, and
    collect what differs.  The two sides run side by side (the base in its
    own process, when it is a revision); an input that occurs twice is
    cleaned once."""
    result = Review(base=base.label)
    old_t, new_t = rule_tables(base.rules_root), rule_tables(current.root)
    result.edited = sorted(k for k in old_t.keys() & new_t.keys() if old_t[k] != new_t[k])
    result.added_rules = sorted(new_t.keys() - old_t.keys())
    result.removed_rules = sorted(old_t.keys() - new_t.keys())
    with tempfile.TemporaryDirectory(prefix="klartext-review-") as tmp:
        inputs = Path(tmp) / "inputs.jsonl"
        order = _write_inputs(paths, inputs)
        count = len({key for _, key, _ in order if key is not None})
        done = dict(_compare_all(inputs, count, base, Cleaner(current), debug))
    for source, key, error in order:
        if key is None:
            result.errors.append(f"{source}: {error}")
            continue
        old_hits, new_hits, diff, failed = done[key]
        if failed:
            result.errors.append(f"{source}: {failed}")
            continue
        result.documents += 1
        result.before.update(old_hits)
        result.after.update(new_hits)
        if diff is not None:
            result.diffs.append(replace(diff, source=source))
    return result


def _write_inputs(paths: list[Path], dest: Path) -> list[tuple[str, str | None, str | None]]:
    """Every distinct readable text into ``dest`` as ``{"id", "text"}``;
    per input its origin and its text's id, or the reason it cannot be read."""
    order: list[tuple[str, str | None, str | None]] = []
    seen: set[str] = set()
    with open(dest, "w", encoding="utf-8") as fh:
        for source, path, text, _, error in read_inputs(paths):
            if path is None or error is not None:
                order.append((source, None, error))
                continue
            key = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
            if key not in seen:
                seen.add(key)
                fh.write(json.dumps({"id": key, "text": text}, ensure_ascii=False) + "\n")
            order.append((source, key, None))
    return order


def _compare_all(inputs: Path, count: int, base: Base, cleaner: Cleaner, debug: bool
                 ) -> Iterator[tuple[str, tuple[Counter, Counter, DocDiff | None, str]]]:
    old_runs = base.outcomes(inputs, count, debug)
    with open(inputs, encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            old = next(old_runs)
            new = outcome_of(cleaner, rec["text"], rec["id"], debug)
            failed = (f"base: {old.error}" if old.error else "") or new.error or ""
            diff = None if failed else compare(old, new, rec["text"], "")
            yield rec["id"], (old.hits, new.hits, diff, failed)
    for _ in old_runs:    # runs the base to its end, where it checks its exit and count
        pass


def line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
