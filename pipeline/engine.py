"""The engine: runs the stages in order and is the one place that writes to
a document.  A rule proposes (a pattern rule its matches, a mechanism a
:class:`~pipeline.core.Proposal`); :meth:`Cleaner.apply` turns the proposal
into changes, flags, metadata, blocks, a language or a quality score, each
traceable to the rule that proposed it.
"""

from __future__ import annotations

from functools import lru_cache

from .convergence import undone
from .core import Block, Document, Edit, Flag, Mark, Proposal, apply_edits
from .patterns import Gate, RuleTimeout, matches, search
from .resources import Resources
from .rules import RuleSet
from .spec import Rule, Stage
from .stages import STAGES

__all__ = ["Cleaner", "RuleTimeout", "cleaner_for"]

#: rounds a group of rules that feed each other may take: each round but the
#: last must edit, and a sound group settles in two or three
ROUNDS = 8


class Cleaner:
    """A rule set with the resources built for it: one per process (or per
    worker), reused for every document."""

    def __init__(self, rules: RuleSet, resources: Resources | None = None) -> None:
        self.rules = rules
        self.resources = resources or Resources(rules.entities, rules.profiles, rules.profile,
                                                rules.detector)
        self._stages = {stage.name: stage for stage in STAGES}
        self._grouped: dict[str, list[tuple[list[Rule], bool]]] = {}
        #: the stages that have rules to recheck, with those rules
        self._rechecked = [(stage, asked) for stage in STAGES
                           if (asked := [rule for rule in self.rules.for_stage(stage.name)
                                         if (mech := stage.mechanisms.get(rule.mechanism or ""))
                                         is not None and mech.recheck])]
        self._gates = {stage.name: Gate.of(stage.name, self.rules.for_stage(stage.name))
                       for stage in STAGES}

    def run(self, doc: Document) -> Document:
        """Every stage on ``doc``; a document found not to be German gets only
        the stages declared ``foreign``."""
        ran: dict[str, int] = {}   # rule id -> the number of steps when it last ran
        for stage in STAGES:
            if doc.passthrough and not stage.foreign:
                continue
            self.run_stage(stage, doc, ran)
        self._recheck(doc, ran)
        if not doc.blocks and doc.text:   # no rule laid out blocks (a passthrough document)
            doc.blocks = [Block(start, end, "paragraph", doc.lang) for start, end in doc.block_spans()]
        doc.conflicts = undone(doc.changes)   # a rule bug; the text is still exact
        doc.forget()
        return doc

    def _recheck(self, doc: Document, ran: dict[str, int]) -> None:
        """Ask the rules whose mechanism is declared ``recheck`` once more
        when a later rule edited the text after they ran: a decision over the
        whole document that a later edit can tip (a block that grows past
        the length of a copy, a letter that meets a combining mark, a byline
        that comes to stand first) is made again on the text the later rules
        left, so that a second clean finds nothing to do.  Their edits are
        new steps of the same change log; at most :data:`ROUNDS` rounds,
        each but the last editing."""
        for _ in range(ROUNDS):
            before = len(doc.steps)
            for stage, rules in self._rechecked:
                # a rule that never ran (a stage left out) is not asked again
                now = len(doc.steps)
                stale = [rule for rule in rules if ran.get(rule.id, now) < now]
                if stale:
                    self._run_rules(stale, stage, doc, again=True, ran=ran)
            if len(doc.steps) == before:
                return

    def run_stage(self, stage: Stage | str, doc: Document,
                  ran: dict[str, int] | None = None) -> Document:
        """The rules of one stage, in file order, each seeing the text the
        previous one left; a group of rules that feed each other runs again
        while it edits (at most :data:`ROUNDS` times), so that the stage
        leaves a text it would not change again.  ``ran``: where each rule
        notes the number of steps when it last ran (see :meth:`_recheck`)."""
        if isinstance(stage, str):
            stage = self._stages[stage]
        gate = self._gates.get(stage.name)
        for group, repeat in self._groups(stage):
            for round_ in range(ROUNDS if repeat else 1):
                if not self._run_rules(group, stage, doc, again=round_ > 0, gate=gate, ran=ran):
                    break
        return doc

    def _run_rules(self, rules: list[Rule], stage: Stage, doc: Document,
                   again: bool = False, gate: Gate | None = None,
                   ran: dict[str, int] | None = None) -> bool:
        """Run ``rules`` once; whether any of them edited the text.  ``again``:
        they ran before on this document, and a flag they raise again is
        not raised twice.  ``gate``: the stage's :class:`Gate`, which spares
        the rules it covers a text that holds nothing they look for (a rule
        it spares has run too: on this text it finds nothing)."""
        steps = len(doc.steps)
        seen: set[Flag] | None = None    # the flags raised before, once a rule raises one again
        for rule in rules:
            if (gate is None or rule.id not in gate.ids or doc.memo(gate.key, gate.opens)) and \
                    (rule.context is None or _context_holds(doc, rule)):
                proposal = self.propose(doc, rule, stage)
                if again and proposal.marks and seen is None:
                    seen = set(doc.flags)   # a flag names its rule: no other rule here raised it
                self.apply(doc, rule, stage, proposal, seen)
            if ran is not None:
                ran[rule.id] = len(doc.steps)
        return len(doc.steps) > steps

    def _groups(self, stage: Stage) -> list[tuple[list[Rule], bool]]:
        """The stage's rules in file order, cut into the groups that repeat
        (the whole stage if it settles, else neighbouring rules of a
        ``repeat`` mechanism) and single rules that run once."""
        if stage.name not in self._grouped:
            rules = list(self.rules.for_stage(stage.name))
            groups: list[tuple[list[Rule], bool]] = [(rules, True)] if stage.settle else []
            for rule in rules if not stage.settle else ():
                mech = stage.mechanisms.get(rule.mechanism or "")
                repeat = mech is not None and mech.repeat
                if repeat and groups and groups[-1][1] and \
                        groups[-1][0][-1].mechanism == rule.mechanism:
                    groups[-1][0].append(rule)
                else:
                    groups.append(([rule], repeat))
            self._grouped[stage.name] = groups
        return self._grouped[stage.name]

    def propose(self, doc: Document, rule: Rule, stage: Stage) -> Proposal:
        if rule.mechanism is not None:
            return stage.mechanisms[rule.mechanism].run(doc, rule, self.resources)
        found = matches(rule, doc.text)
        if rule.flag is not None:
            return Proposal(marks=[Mark(m.start(), m.end(), m.expand(rule.flag)) for m in found])
        replace = rule.replace or ""
        if "\\" not in replace:
            # a literal replacement: a match that already reads so is no edit
            # (most separators of a clean text), and all edits share one string
            return Proposal([Edit(m.start(), m.end(), replace, rule.id)
                             for m in found if m.group() != replace])
        # equal replacements share one string: a rule that fires a million
        # times (a separator per line) would otherwise hold a million copies
        shared: dict[str, str] = {}
        return Proposal([Edit(m.start(), m.end(), shared.setdefault(r := m.expand(replace), r),
                              rule.id) for m in found])

    @staticmethod
    def apply(doc: Document, rule: Rule, stage: Stage, p: Proposal,
              seen: set[Flag] | None = None) -> None:
        """Flags first (their spans are in the text the rule saw; one in
        ``seen`` is already raised), then the edits as one step, then
        everything else."""
        for mark in p.marks:
            flag = Flag(rule.id, stage.name, doc.to_original(mark.start),
                        doc.to_original(mark.end, "end"), doc.text[mark.start:mark.end],
                        mark.message)
            if seen is not None and flag in seen:
                continue
            doc.flags.append(flag)
            doc.counters[rule.id] += 1
        if p.edits:
            apply_edits(doc, p.edits, stage.name, skip_foreign=not stage.foreign)
        for note in p.notes:
            if note.how == "append":
                doc.metadata.setdefault(note.key, []).append(note.value)
            elif note.how == "first":
                doc.metadata.setdefault(note.key, note.value)
            elif note.how == "drop":
                doc.metadata.pop(note.key, None)
            else:
                doc.metadata[note.key] = note.value
            doc.trail.append((rule.id, f"metadata {note.key} ({note.how})"))
        if p.blocks is not None:
            doc.blocks = list(p.blocks)
            doc.trail.append((rule.id, f"{len(p.blocks)} blocks"))
        if p.language is not None:
            doc.lang, doc.lang_confidence = p.language.lang, p.language.confidence
            doc.passthrough = p.language.passthrough
            doc.trail.append((rule.id, f"language {doc.lang} ({doc.lang_confidence})"))
        if p.quality is not None:
            doc.quality, doc.quality_reasons = p.quality.score, list(p.quality.reasons)
            doc.trail.append((rule.id, f"quality {doc.quality}"))


def _context_holds(doc: Document, rule: Rule) -> bool:
    return search(rule, doc.text, rule.context) is not None


@lru_cache(maxsize=4)
def cleaner_for(rules: RuleSet) -> Cleaner:
    """The cleaner of a rule set, built once (the Python API cleans one text
    at a time with the same rules)."""
    return Cleaner(rules)
