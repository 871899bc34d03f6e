"""User patterns under a time limit.

Every regular expression that comes from a rule file runs with a timeout
scaled to the text it searches, so catastrophic backtracking fails one
document with a message naming the rule, never the batch.  That covers a
rule's ``pattern`` and ``context`` (:func:`matches`, :func:`search`) and the
regular expressions among a mechanism's ``params``: the loader compiles those
into a :class:`GuardedPattern`, which puts the same limit on every call, so a
mechanism cannot forget it.  All of them call through :func:`guarded`: in a
process with a watchdog (:mod:`pipeline.watchdog`) one CPU alarm enforces the
limits, elsewhere each call carries the ``regex`` module's own timeout.
"""

from __future__ import annotations

import bisect
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from threading import get_ident
from typing import TYPE_CHECKING, Any

import regex

from .watchdog import WATCH, RuleTimeout, timeout_message

if TYPE_CHECKING:
    from .spec import Rule

#: every user pattern runs under this many seconds per call ...
REGEX_TIMEOUT = 2.0
#: ... plus this many per million characters searched, so that a linear
#: pattern over a 50 MB line is not mistaken for a runaway one
REGEX_SECONDS_PER_MILLION = 2.0


def timeout_for(text: str, pos: int = 0, endpos: int | None = None) -> float:
    """The time a user pattern may take over ``text[pos:endpos]``."""
    size = (len(text) if endpos is None else endpos) - pos
    return REGEX_TIMEOUT + REGEX_SECONDS_PER_MILLION * max(size, 0) / 1e6


def guarded(what: Any, limit: float, method: Callable[..., Any], *args: Any,
            listed: bool = False) -> Any:
    """``method(*args)`` (made a list with ``listed``: the limit is on the
    whole scan) under ``limit`` seconds: watched by this process's
    :class:`~pipeline.watchdog.Watchdog` where one runs, else with the
    ``regex`` module's own timeout.  ``what`` (a rule, or the name of a
    rule's parameter) is named in the :class:`RuleTimeout`."""
    dog = WATCH.get()
    # signals reach only the thread that set the alarm: another thread that
    # sees the variable (a copied context) times each call itself
    if dog is not None and dog.thread == get_ident():
        dog.running = (what, limit)
        try:
            found = method(*args)
            return list(found) if listed else found
        finally:
            dog.running = None
    try:
        found = method(*args, timeout=limit)
        return list(found) if listed else found
    except TimeoutError:
        raise RuleTimeout(timeout_message(what, limit)) from None


def matches(rule: Rule, text: str, pos: int = 0, endpos: int | None = None) -> list:
    """All matches of a rule's pattern, under the timeout that guards every
    user pattern, less those that overlap or touch a span the rule protects."""
    end = len(text) if endpos is None else endpos
    if not rule.may_match(text, pos, end):
        return []
    limit = timeout_for(text, pos, endpos)
    found = guarded(rule, limit, rule.pattern.finditer, text, pos, end, listed=True)
    if found and rule.protect:
        spans = _merged(m.span() for p in rule.protect
                        for m in guarded(rule, limit, p.finditer, text, pos, end, listed=True))
        found = [m for m in found if not _touches(m.span(), spans)]
    return found


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


class Gate:
    """A few quick scans that can spare a stage several of its pattern
    rules: those whose ``requires`` or one-class pattern (``prefilter``)
    say what a text must hold for them to match.  A text holding none of
    it all (most texts: no control character, no spaced hyphen) skips them
    after the gate's scans instead of one scan per rule; a text that holds
    some of it asks each rule as before.  The scans (``probes``) look for
    a necessary part of each: one character class for all the characters
    (a class is found with a bitmap), and per first character of the
    required strings, that character followed by any of their second
    characters (``re`` finds a pattern that starts with a literal quickly,
    an alternation slowly), or a string alone as it is.  The engine asks
    :meth:`opens` once per text (``Document.memo``: an edit makes a new
    text, which is scanned again)."""

    def __init__(self, stage: str, probes: tuple[re.Pattern[str] | str, ...],
                 ids: frozenset[str]) -> None:
        self.probes, self.ids = probes, ids
        #: the key of its answer in a document's memo
        self.key = f"gate {stage}"

    @classmethod
    def of(cls, stage: str, rules: Iterable[Rule]) -> Gate | None:
        """The gate over ``rules``: the pattern rules (a mechanism may read a
        text whatever its pattern finds) whose pattern cannot match without
        a character of their class or one of the strings they require (case
        as written).  None for fewer than two: one rule's own test is as
        quick.

        >>> from pathlib import Path
        >>> from pipeline.spec import Rule
        >>> gate = Gate.of("a", [Rule("a.x", "", Path(), 0, requires=("ab", "ac", "de", "f")),
        ...                      Rule("a.y", "", Path(), 0, prefilter=re.compile("[§]"))])
        >>> [p if isinstance(p, str) else p.pattern for p in gate.probes], sorted(gate.ids)
        (['[f§]', 'a[bc]', 'de'], ['a.x', 'a.y'])
        """
        chars: list[str] = []
        firsts: dict[str, set[str]] = {}       # first character -> the strings
        ids = []
        for rule in rules:
            if rule.mechanism is not None or rule.requires_folded is not None:
                continue
            if rule.prefilter is not None:
                chars.append(rule.prefilter.pattern[1:-1])   # a plain class: its inside
            elif rule.requires:
                chars += [re.escape(s) for s in rule.requires if len(s) == 1]
                for s in rule.requires:
                    if len(s) > 1:
                        firsts.setdefault(s[0], set()).add(s)
            else:
                continue
            ids.append(rule.id)
        if len(ids) < 2:
            return None
        probes: list[re.Pattern[str] | str] = [re.compile(f"[{''.join(chars)}]")] if chars else []
        for first, strings in sorted(firsts.items()):
            if len(strings) == 1:
                probes.append(strings.pop())
            else:
                seconds = "".join(sorted({re.escape(s[1]) for s in strings}))
                probes.append(re.compile(f"{re.escape(first)}[{seconds}]"))
        return cls(stage, tuple(probes), frozenset(ids))

    def opens(self, text: str) -> bool:
        """Some of what the gate looks for is in ``text``: its rules must
        each ask themselves."""
        return any(probe in text if isinstance(probe, str) else probe.search(text) is not None
                   for probe in self.probes)


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
    return guarded(rule, timeout_for(text), (pattern or rule.pattern).search, text)


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

    # each method calls ``guarded`` itself: most calls are on a word or a
    # line, where one more call and attribute look-up in between cost as much
    # as the search
    def search(self, string: str, *args: Any) -> Any:
        return guarded(self.owner, timeout_for(string), self.compiled.search, string, *args)

    def match(self, string: str, *args: Any) -> Any:
        return guarded(self.owner, timeout_for(string), self.compiled.match, string, *args)

    def fullmatch(self, string: str, *args: Any) -> Any:
        return guarded(self.owner, timeout_for(string), self.compiled.fullmatch, string, *args)

    def findall(self, string: str, *args: Any) -> list:
        return guarded(self.owner, timeout_for(string), self.compiled.findall, string, *args)

    def finditer(self, string: str, *args: Any) -> Iterator[Any]:
        """All matches, found at once (the limit is on the whole search)."""
        return iter(guarded(self.owner, timeout_for(string), self.compiled.finditer, string, *args,
                            listed=True))

    def split(self, string: str, maxsplit: int = 0) -> list:
        return guarded(self.owner, timeout_for(string), self.compiled.split, string, maxsplit)

    def sub(self, repl: Any, string: str, count: int = 0) -> str:
        return guarded(self.owner, timeout_for(string), self.compiled.sub, repl, string, count)


def union(patterns: Iterable[GuardedPattern]) -> GuardedPattern:
    """One guarded pattern matching any of ``patterns`` (named after the
    first), each as a group of its own: ``m.lastindex`` says which matched."""
    items = list(patterns)
    owner = items[0].owner if items else ""
    return GuardedPattern(regex.compile("|".join(f"({p.pattern})" for p in items) or "(?!)"), owner)
