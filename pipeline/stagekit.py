"""What every stage shares: running its rules in file order, one step each.

A pattern rule proposes an edit (or raises a flag) per match; a mechanism rule
names a function of its stage module that gets the document, the rule and the
rule set and returns edits.  Each rule's edits are applied as one step, so a
later rule sees the text the earlier one left.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .core import Document, Edit, apply_edits
from .rules import REGEX_SECONDS_PER_MILLION, REGEX_TIMEOUT, Rule, RuleSet

Mechanism = Callable[[Document, Rule, RuleSet], Iterable[Edit]]


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


def search(rule: Rule, text: str) -> Any:
    """The first match of a rule's pattern, under the same guard."""
    try:
        return rule.pattern.search(text, timeout=timeout_for(text))
    except TimeoutError:
        raise RuleTimeout(f"rule {rule.id} ({rule.where}) timed out "
                          f"(catastrophic backtracking?)") from None


def pattern_edits(doc: Document, rule: Rule) -> list[Edit]:
    """Edits for every match of a pattern rule; flag rules raise flags instead.
    Equal replacements share one string: a rule that fires a million times
    (a separator per line) would otherwise hold a million copies."""
    found = matches(rule, doc.text)
    if rule.flag is not None:
        for m in found:
            doc.flag(rule.id, rule.stage, m.start(), m.end(), m.expand(rule.flag))
        return []
    shared: dict[str, str] = {}
    return [Edit(m.start(), m.end(), shared.setdefault(r := m.expand(rule.replace), r), rule.id)
            for m in found]


def context_holds(doc: Document, rule: Rule) -> bool:
    if rule.context is None:
        return True
    try:
        return rule.context.search(doc.text, timeout=timeout_for(doc.text)) is not None
    except TimeoutError:
        raise RuleTimeout(f"rule {rule.id} ({rule.where}): context timed out") from None


def run_rules(doc: Document, rules: RuleSet, stage: str,
              mechanisms: Mapping[str, Mechanism], skip_foreign: bool = True) -> Document:
    for rule in rules.for_stage(stage):
        if not context_holds(doc, rule):
            continue
        if rule.mechanism is None:
            edits: Iterable[Edit] = pattern_edits(doc, rule)
        else:
            edits = mechanisms[rule.mechanism](doc, rule, rules)
        apply_edits(doc, edits, stage, skip_foreign)
    return doc
