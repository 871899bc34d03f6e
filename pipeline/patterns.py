"""User patterns under a time limit.

Every regular expression that comes from a rule file runs with a timeout
scaled to the text it searches, so catastrophic backtracking fails one
document with a message naming the rule, never the batch.  That covers a
rule's ``pattern`` and ``context`` (:func:`matches`, :func:`search`) and the
regular expressions among a mechanism's ``params``: the loader compiles those
into a :class:`GuardedPattern`, which puts the same limit on every call, so a
mechanism cannot forget it.
"""

from __future__ import annotations

import bisect
import re
import sys
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import regex

if TYPE_CHECKING:
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
    return REGEX_TIMEOUT + REGEX_SECONDS_PER_MILLION * max(size, 0) / 1e6


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


#: a pattern that is one bracket expression of plain characters, ranges and
#: escapes of single characters, which ``re`` reads as ``regex`` does
PLAIN_CLASS = re.compile(r"\[(?!\^)(?:[^\\\[\]]|\\x[0-9A-Fa-f]{2}|\\u[0-9A-Fa-f]{4}|\\[tnr\\\-\[\]])+\]")


def class_prefilter(pattern: str, flags: str) -> re.Pattern[str] | None:
    """For a rule whose whole pattern is one plain character class (the
    invisible and control characters): the same class for ``re``, which
    finds a class with a bitmap, three times faster than ``regex`` over a
    text with none (most texts).  None for any other pattern."""
    if flags or not PLAIN_CLASS.fullmatch(pattern):
        return None
    try:
        return re.compile(pattern)
    except re.error:
        return None


def required_scan(required: tuple[str, ...]) -> re.Pattern[str] | None:
    """For a rule that requires one of several strings that all begin with
    the same character (`` ,`` `` ;`` `` .``): one ``re`` search for all of
    them, which skips to that character and tries the rest there, several
    times quicker than a ``str.find`` per string over a text with none.
    None where one ``find`` each is quicker (one string, or strings that
    begin differently: ``re`` would stop at every one of their first letters).

    >>> required_scan((" ,", " .")).search("Ende .").group()
    ' .'
    >>> required_scan(("http", "www.")) is None
    True
    """
    if len(required) < 2 or len({s[0] for s in required}) > 1:
        return None
    return re.compile("|".join(map(re.escape, required)))


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


class GuardedPattern:
    """A compiled pattern from a rule's ``params`` whose every call runs
    under :func:`timeout_for` the string it is given; ``owner`` names the
    rule and the parameter in the :class:`RuleTimeout` message."""

    __slots__ = ("compiled", "owner")

    def __init__(self, compiled: Any, owner: str) -> None:
        self.compiled = compiled
        self.owner = owner

    def __repr__(self) -> str:
        return f"GuardedPattern({self.compiled.pattern!r})"

    @property
    def pattern(self) -> str:
        return self.compiled.pattern

    @property
    def groups(self) -> int:
        return self.compiled.groups

    @property
    def groupindex(self) -> Any:
        return self.compiled.groupindex

    def _run(self, method: str, string: str, *args: Any) -> Any:
        limit = timeout_for(string)
        try:
            found = getattr(self.compiled, method)(*args, timeout=limit)
            return list(found) if method == "finditer" else found   # the limit covers the scan
        except TimeoutError:
            raise RuleTimeout(f"{self.owner} timed out after {limit:.3g} s "
                              f"(catastrophic backtracking?)") from None

    def search(self, string: str, *args: Any) -> Any:
        return self._run("search", string, string, *args)

    def match(self, string: str, *args: Any) -> Any:
        return self._run("match", string, string, *args)

    def fullmatch(self, string: str, *args: Any) -> Any:
        return self._run("fullmatch", string, string, *args)

    def findall(self, string: str, *args: Any) -> list:
        return self._run("findall", string, string, *args)

    def finditer(self, string: str, *args: Any) -> Iterator[Any]:
        """All matches, found at once (the limit is on the whole search)."""
        return iter(self._run("finditer", string, string, *args))

    def split(self, string: str, maxsplit: int = 0) -> list:
        return self._run("split", string, string, maxsplit)

    def sub(self, repl: Any, string: str, count: int = 0) -> str:
        return self._run("sub", string, repl, string, count)


def union(patterns: Iterable[GuardedPattern]) -> GuardedPattern:
    """One guarded pattern matching any of ``patterns`` (named after the
    first), each as a group of its own: ``m.lastindex`` says which matched."""
    items = list(patterns)
    owner = items[0].owner if items else ""
    return GuardedPattern(regex.compile("|".join(f"({p.pattern})" for p in items) or "(?!)"), owner)
