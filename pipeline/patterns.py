"""User patterns under a time limit.

Every regular expression that comes from a rule file runs with a timeout
scaled to the text it searches, so catastrophic backtracking fails one
document with a message naming the rule, never the batch.
"""

from __future__ import annotations

import bisect
import sys
from collections.abc import Iterable
from typing import Any

from .spec import Rule

#: every user pattern runs under this many seconds per call ...
REGEX_TIMEOUT = 2.0
#: ... plus this many per million characters searched, so that a linear
#: pattern over a 50 MB line is not mistaken for a runaway one
REGEX_SECONDS_PER_MILLION = 2.0


class RuleTimeout(RuntimeError):
    """A user pattern ran longer than its timeout on one document."""


def timeout_for(text: str, pos: int = 0, endpos: int | None = None) -> float:
    """The time a user pattern may take over ``text[pos:endpos]``."""
    size = (len(text) if endpos is None else endpos) - pos
    return REGEX_TIMEOUT + REGEX_SECONDS_PER_MILLION * size / 1e6


def matches(rule: Rule, text: str, pos: int = 0, endpos: int | None = None) -> list:
    """All matches of a rule's pattern, under the timeout that guards every
    user pattern, less those that overlap or touch a span the rule protects."""
    limit = timeout_for(text, pos, endpos)
    end = len(text) if endpos is None else endpos
    if not rule.may_match(text, pos, end):
        return []
    try:
        found = list(rule.pattern.finditer(text, pos, end, timeout=limit))
        if found and rule.protect:
            spans = _merged(m.span() for p in rule.protect
                            for m in p.finditer(text, pos, end, timeout=limit))
            found = [m for m in found if not _touches(m.span(), spans)]
        return found
    except TimeoutError:
        raise RuleTimeout(f"rule {rule.id} ({rule.where}) timed out after "
                          f"{limit:.3g} s (catastrophic backtracking?)") from None


def _merged(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping spans joined: sorted and disjoint, so one bisection finds
    the only candidate a match could touch."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _touches(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    """``span`` overlaps one of the disjoint sorted ``spans`` or borders on
    it: the space before an emoticon is part of how it is written
    (``zu spät :( Morgen``), as is the text inside it.

    >>> _touches((3, 4), [(4, 6)]), _touches((2, 3), [(4, 6)]), _touches((6, 6), [(4, 6)])
    (True, False, True)
    """
    i = bisect.bisect_right(spans, (span[1], sys.maxsize)) - 1
    return i >= 0 and spans[i][1] >= span[0]


def search(rule: Rule, text: str, pattern: Any = None) -> Any:
    """The first match of a rule's pattern (or of ``pattern``, one of its
    settings), under the same guard."""
    if pattern is None and not rule.may_match(text):
        return None
    try:
        return (pattern or rule.pattern).search(text, timeout=timeout_for(text))
    except TimeoutError:
        raise RuleTimeout(f"rule {rule.id} ({rule.where}) timed out "
                          f"(catastrophic backtracking?)") from None
