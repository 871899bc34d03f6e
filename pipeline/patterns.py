"""User patterns under a time limit.

Every regular expression that comes from a rule file runs with a timeout
scaled to the text it searches, so catastrophic backtracking fails one
document with a message naming the rule, never the batch.
"""

from __future__ import annotations

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
    user pattern."""
    limit = timeout_for(text, pos, endpos)
    try:
        return list(rule.pattern.finditer(text, pos, len(text) if endpos is None else endpos,
                                          timeout=limit))
    except TimeoutError:
        raise RuleTimeout(f"rule {rule.id} ({rule.where}) timed out after "
                          f"{limit:.3g} s (catastrophic backtracking?)") from None


def search(rule: Rule, text: str, pattern: Any = None) -> Any:
    """The first match of a rule's pattern (or of ``pattern``, one of its
    settings), under the same guard."""
    try:
        return (pattern or rule.pattern).search(text, timeout=timeout_for(text))
    except TimeoutError:
        raise RuleTimeout(f"rule {rule.id} ({rule.where}) timed out "
                          f"(catastrophic backtracking?)") from None
