"""What every stage shares: running its rules in file order, one step each.

A pattern rule proposes an edit (or raises a flag) per match; a mechanism rule
names a function of its stage module that gets the document, the rule and the
rule set and returns edits.  Each rule's edits are applied as one step, so a
later rule sees the text the earlier one left.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from .core import Document, Edit, apply_edits
from .rules import REGEX_TIMEOUT, Rule, RuleSet

Mechanism = Callable[[Document, Rule, RuleSet], Iterable[Edit]]


class RuleTimeout(RuntimeError):
    """A user pattern ran longer than REGEX_TIMEOUT on one document."""


def matches(rule: Rule, text: str, pos: int = 0, endpos: int | None = None) -> list:
    """All matches of a rule's pattern, under the timeout that guards every
    user pattern."""
    try:
        return list(rule.pattern.finditer(text, pos, len(text) if endpos is None else endpos,
                                          timeout=REGEX_TIMEOUT))
    except TimeoutError:
        raise RuleTimeout(f"rule {rule.id} ({rule.where}) timed out after "
                          f"{REGEX_TIMEOUT:g} s (catastrophic backtracking?)") from None


def pattern_edits(doc: Document, rule: Rule) -> list[Edit]:
    """Edits for every match of a pattern rule; flag rules raise flags instead."""
    found = matches(rule, doc.text)
    if rule.flag is not None:
        for m in found:
            doc.flag(rule.id, rule.stage, m.start(), m.end(), m.expand(rule.flag))
        return []
    return [Edit(m.start(), m.end(), m.expand(rule.replace), rule.id) for m in found]


def context_holds(doc: Document, rule: Rule) -> bool:
    if rule.context is None:
        return True
    try:
        return rule.context.search(doc.text, timeout=REGEX_TIMEOUT) is not None
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
