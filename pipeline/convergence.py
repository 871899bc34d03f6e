"""Rules that undo each other or never settle.

One pass of a stage runs each rule once, in file order, so a rule can never
loop by itself; but two rules can cancel out (``a→b``, then ``b→a``) and a rule
can feed itself across passes (``x→xx``).  Both break idempotence.  The first
shows in the change log of one pass, so :func:`undone` finds it for free on
every document; the second needs more passes, so :func:`settle` runs a stage
up to :data:`PASS_LIMIT` times and is used where the texts are small: on the
rule examples in ``klartext rules check`` and ``make test``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .core import Change, Document

#: passes before a stage that keeps changing its own output is declared not
#: to converge: a sound stage is stable after the first
PASS_LIMIT = 3


@dataclass(frozen=True, slots=True)
class Undo:
    """``second`` put back exactly what ``first`` replaced, at the same place."""

    first: Change
    second: Change

    def describe(self) -> str:
        return (f"rules {self.first.rule_id} and {self.second.rule_id} undo each other: "
                f"{self.first.before!r} → {self.first.after!r} → {self.second.after!r}")


def undone(changes: Iterable[Change]) -> list[Undo]:
    """Every change that a later step of another rule reverted.  Both spans
    are in the original's offsets, so a revert of the whole replacement has
    the same span as the change it reverts."""
    made: dict[tuple[int, int, str], Change] = {}
    found = []
    for c in sorted(changes, key=lambda c: c.step):
        first = made.get((c.start, c.end, c.before))
        if (first is not None and first.rule_id != c.rule_id and first.step < c.step
                and first.before == c.after):
            found.append(Undo(first, c))
        made[(c.start, c.end, c.after)] = c
    return found


@dataclass(frozen=True, slots=True)
class Unsettled:
    """What the passes after the first changed; ``passes`` is how many ran."""

    changes: tuple[Change, ...]
    passes: int
    cycle: bool

    def describe(self) -> str:
        ids = ", ".join(sorted({c.rule_id for c in self.changes}))
        c = self.changes[0]
        if self.cycle:
            return f"never converges: pass {self.passes} gave back an earlier text (rules {ids})"
        if self.passes >= PASS_LIMIT:
            return (f"never converges: still changing after {PASS_LIMIT} passes "
                    f"({c.before!r} → {c.after!r}; rules {ids})")
        return f"not stable: a second run changed {c.before!r} to {c.after!r} ({ids})"


def settle(run: Callable[[str], Document], text: str) -> Unsettled | None:
    """Run ``run`` (one pass of a stage) on its own output until nothing
    changes, at most PASS_LIMIT passes; None when the second pass changes
    nothing."""
    seen = {text}
    later: list[Change] = []
    for passes in range(2, PASS_LIMIT + 1):
        doc = run(text)
        if not doc.changes:
            break
        later += doc.changes
        if doc.text in seen:
            return Unsettled(tuple(later), passes, cycle=True)
        seen.add(doc.text)
        text = doc.text
    else:
        return Unsettled(tuple(later), PASS_LIMIT, cycle=False)
    return Unsettled(tuple(later), passes - 1, cycle=False) if later else None
