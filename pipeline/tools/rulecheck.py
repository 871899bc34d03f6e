"""Checking rules against their own examples (LanguageTool's discipline), and
listing rules with their hits in a corpus."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from ..convergence import settle, undone
from ..core import Document
from ..engine import cleaner_for
from ..io.batch import cleaned_inputs
from ..patterns import RuleTimeout
from ..rules import RuleSet
from ..spec import Example, Rule
from ..suggest import did_you_mean


def run_stage(stage: str, text: str, rules: RuleSet) -> Document:
    """One stage alone on a German text, as a rule example sees it."""
    return cleaner_for(rules).run_stage(stage, Document("example", text))


def _owns(rules: RuleSet, rule: Rule, rule_id: str) -> bool:
    """A change or flag under ``rule_id`` is the rule's own: its id, or the
    id of an entity whose rewrites the rule makes (``names.gazetteer``)."""
    return rule_id == rule.id or rules.owner(rule_id) == rule.id


def example_cases(rules: RuleSet) -> Iterator[tuple[str, str, Example | str, Rule]]:
    """(case id, stage, example-or-keep text, rule) for every rule and entity."""
    for rule in (*rules.rules, *rules.entity_rules):
        for i, ex in enumerate(rule.examples):
            yield f"{rule.id}#{i}", rule.stage, ex, rule
        for i, text in enumerate(rule.keep):
            yield f"{rule.id}#keep{i}", rule.stage, text, rule


def check_case(stage: str, case: Example | str, rule: Rule, rules: RuleSet) -> str | None:
    """None when the case holds, else what went wrong: a pattern that runs
    away on it, then rules that undo each other, since they also break the
    example they meet.  An entity's keep text is kept from every rewrite of
    the gazetteer, not only its own."""
    text = case if isinstance(case, str) else case.input
    try:
        return _check_case(stage, case, rule, rules)
    except RuleTimeout as exc:   # a rules error like any other: exit 2, not a crash
        return f"on {text!r}: {exc}"
    except Exception as exc:   # a mechanism that fails on its own example: the rule is broken
        return f"on {text!r}: internal error: {type(exc).__name__}: {exc}"


def _check_case(stage: str, case: Example | str, rule: Rule, rules: RuleSet) -> str | None:
    doc = run_stage(stage, case if isinstance(case, str) else case.input, rules)
    undo = undone(doc.changes)
    if undo:
        return undo[0].describe()
    if isinstance(case, str):
        owner = rules.get(rule.made_by) if rule.made_by else rule
        fired = [c.rule_id for c in doc.changes if _owns(rules, owner, c.rule_id)] + \
            [f.rule_id for f in doc.flags if _owns(rules, owner, f.rule_id)]
        return f"must leave {case!r} alone, but {fired[0]} fired" if fired else None
    if case.output is not None and doc.text != case.output:
        return f"{case.input!r} gave {doc.text!r}, expected {case.output!r}"
    if case.flags is not None:
        raised = {f.rule_id for f in doc.flags}
        missing = [f for f in case.flags if f not in raised]
        if missing:
            return f"{case.input!r} raised no flag {missing[0]}"
    unsettled = settle(lambda text: run_stage(stage, text, rules), doc.text)
    return unsettled.describe() if unsettled else None


def check_examples(rules: RuleSet) -> list[str]:
    problems = []
    for case_id, stage, case, rule in example_cases(rules):
        if isinstance(case, Example) and case.xfail:
            continue
        bad = check_case(stage, case, rule, rules)
        if bad:
            problems.append(f"{rule.where}: {case_id.split('#')[0]}: {bad}")
    return problems


def overlaps(rules: RuleSet) -> list[str]:
    """Examples of one rule where another rule of the same stage edits or
    flags the same stretch of text: the two rules share territory, and a
    change to either can move the other's hits.  A report, not an error."""
    out = []
    for case_id, stage, case, rule in example_cases(rules):
        if rule.entity is not None or not isinstance(case, Example) or case.xfail:
            continue
        try:
            doc = run_stage(stage, case.input, rules)
        except RuleTimeout:   # reported by check_examples
            continue
        mine = [(c.start, c.end) for c in doc.changes if _owns(rules, rule, c.rule_id)]
        mine += [(f.start, f.end) for f in doc.flags if _owns(rules, rule, f.rule_id)]
        theirs = [(c.rule_id, c.start, c.end) for c in doc.changes
                  if not _owns(rules, rule, c.rule_id)]
        theirs += [(f.rule_id, f.start, f.end) for f in doc.flags
                   if not _owns(rules, rule, f.rule_id)]
        shared = sorted({rid for rid, s, e in theirs
                         if any(s <= me and ms <= e for ms, me in mine)})
        if shared:
            out.append(f"{rule.where}: {case_id}: example {case.input!r} is also edited there "
                       f"by {', '.join(shared)}")
    return out


def unfired(rules: RuleSet, hits: Counter) -> list[str]:
    """Rules with no hit in the corpus (the gazetteer counts its entities'),
    in rule order; entities are data of the gazetteer and not listed."""
    fired = {rules.owner(k) for k, n in hits.items() if n} | {k for k, n in hits.items() if n}
    return [r.id for r in rules.rules if r.id not in fired]


def corpus_hits(rules: RuleSet, paths: list[Path], errors: list[str] | None = None) -> Counter:
    """Hits per rule: one per change and per flag, an entity's also counted
    for the rule that made them (``names.gazetteer``)."""
    hits: Counter = Counter()
    for _, _, doc in cleaned_inputs(paths, cleaner_for(rules), [] if errors is None else errors):
        for rule_id, n in doc.counters.items():
            hits[rule_id] += n
            if rules.owner(rule_id) != rule_id:
                hits[rules.owner(rule_id)] += n
    return hits


def list_rules(rules: RuleSet, paths: list[Path]) -> int:
    """Exit 1 when an input of the corpus failed (named on stderr): the
    counts are then short of it."""
    import sys
    errors: list[str] = []
    hits = corpus_hits(rules, paths, errors)
    for rule in rules.rules:
        n = hits[rule.id]
        print(f"{rule.id:42s} {rule.stage:10s} {n:6d}  {rule.description}")
    print(f"{len(rules.rules)} rules, {len(rules.entities)} name entities, profile {rules.profile}")
    for line in errors:
        print(line, file=sys.stderr)
    return 1 if errors else 0


def show_rule(rules: RuleSet, rule_id: str, paths: list[Path], width: int = 40) -> int:
    """The rule, its examples, and every place it fired as a keyword-in-context
    line (``file:line:col: …left [before → after] right…``)."""
    import sys

    from .review import line_col
    try:
        rule = rules.get(rule_id)
    except KeyError:
        known = [r.id for r in (*rules.rules, *rules.entity_rules)]
        print(f"klartext: no rule {rule_id!r}{did_you_mean(rule_id, known)}", file=sys.stderr)
        return 2
    print(f"{rule.id}  ({rule.where}, stage {rule.stage})\n  {rule.description}")
    if rule.pattern is not None:
        print(f"  pattern: {rule.pattern.pattern}")
    if rule.mechanism:
        print(f"  mechanism: {rule.mechanism}")
    for ex in rule.examples:
        print(f"  example: {ex.input!r} -> {ex.output!r}")
    for text in rule.keep:
        print(f"  keeps:   {text!r}")
    errors: list[str] = []
    hits = 0
    for path, text, doc in cleaned_inputs(paths, cleaner_for(rules), errors):
        found = [(c.start, c.end, f"[{c.before} → {c.after}]") for c in doc.changes
                 if _owns(rules, rule, c.rule_id)]
        found += [(f.start, f.end, f"[{f.text} ⚑ {f.message}]") for f in doc.flags
                  if _owns(rules, rule, f.rule_id)]
        for start, end, middle in sorted(found):
            hits += 1
            line, col = line_col(text, start)
            left = text[max(0, start - width):start].replace("\n", "⏎").rjust(width)
            right = text[end:end + width].replace("\n", "⏎")
            print(f"  {path}:{line}:{col}: {left}{middle}{right}")
    print(f"  hits in corpus: {hits}")
    for problem in errors:
        print(problem, file=sys.stderr)
    return 1 if errors else 0
