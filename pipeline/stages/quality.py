"""A translation-quality score in [0, 1] per German document (CANONICAL.md
§7): 1 reads as native, clean German.  A document that is not German gets no
score (``None``) and says why.

The score prices each kind of evidence as a human evaluation of translations
would (MQM, as WMT uses it: a major error 5 points, a minor one 1, a minor
punctuation error 0.1, a non-translation 25), times the share of its hits
that were real errors when we read them (its precision): a detector that is
right one time in three costs a third of the error it claims.  So a reader's
errors (fused words, mojibake, <unk>, loops, text left out) weigh, and house
style (quotes, dashes, name spellings) hardly does: those repeat as one choice
of the writer, so they count with their square root.

    cost  = per_words × Σ points × precision × count / words  +  Σ once
    score = exp(-steepness × cost)

``once`` is paid once per document for evidence that does not thin out in a
long text (one mojibake line says the whole text went through a broken
step).  The reasons split the loss 1 - score over the kinds of evidence in
proportion to their cost, so they add up; the ones that needed the English
original start with ``source:``.  Nothing here was fitted to a test set: the
numbers, and how each was chosen, are in ``rules/quality.toml``.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from operator import itemgetter

from ..core import Document, Proposal, Quality
from ..resources import Resources
from ..spec import Mechanism, Rule, SettingsError, mechanisms
from . import comparison, evidence
from .chunks import line_chunks
from .comparison import SourceSettings
from .evidence import EnglishSettings, LoopSettings

#: the detectors of :mod:`evidence` a cost may count; ``source-…`` need the source
SIGNALS = ("loops", "english-lines", "source-short", "source-truncated", "source-copied",
           "source-loops", "source-numbers", "source-placeholders", "source-placeholders-mangled",
           "source-names")


@dataclass(frozen=True)
class Cost:
    """One kind of evidence: what it counts and what one hit costs."""

    #: what the reason says after the count ("fused words repaired")
    label: str
    #: MQM severity of one real error
    points: float
    #: share of hits that were real errors when read
    precision: float
    #: how points and precision were chosen
    why: str
    #: changes of these rules (an id, or a family ending in "."), ...
    repairs: tuple[str, ...] = ()
    #: ... flags of these rules, ...
    flags: tuple[str, ...] = ()
    #: ... or the hits of one detector (SIGNALS)
    signal: str = ""
    #: points paid once when there is any hit
    once: float = 0.0
    #: repeats are one choice of the writer: count with the square root
    sqrt: bool = False
    #: only without the source: a source-aware signal judges the same better
    without_source: bool = False
    #: repairs count the lines of the original they touch, not their changes
    #: (a line that ftfy rewrote is one repair however many spans it fixed)
    per_line: bool = False

    def __post_init__(self) -> None:
        if sum(map(bool, (self.repairs, self.flags, self.signal))) != 1:
            raise SettingsError("give exactly one of repairs, flags, signal")
        if self.signal and self.signal not in SIGNALS:
            raise SettingsError(f"unknown signal {self.signal!r} (one of {', '.join(SIGNALS)})")
        if not 0 <= self.precision <= 1:
            raise SettingsError(f"precision must be in [0, 1], not {self.precision}")

    @property
    def needs_source(self) -> bool:
        return self.signal.startswith("source-")


@dataclass(frozen=True)
class QualitySettings:
    #: how fast the score falls with the cost
    steepness: float
    costs: dict[str, Cost]
    #: the cost of a hit is per this many words of the input
    per_words: int = 100
    loops: LoopSettings = field(default_factory=LoopSettings)
    english: EnglishSettings = field(default_factory=EnglishSettings)
    source: SourceSettings = field(default_factory=SourceSettings)


def _covers(rule_id: str, patterns: tuple[str, ...]) -> bool:
    return any(rule_id == p or (p.endswith(".") and rule_id.startswith(p)) for p in patterns)


def detect(doc: Document, s: QualitySettings, res: Resources, wanted: set[str]) -> dict[str, list[str]]:
    """The hits of the detectors in ``wanted``, one item per hit.  Line
    comparisons with the source use the input as written (lines the cleaner
    removes would break the alignment); the rest use the clean text."""
    found: dict[str, list[str]] = {}
    if wanted & {"loops", "english-lines"}:
        tables = res.derived("quality.chunk-facts", dict)     # settings -> table
        if s.english not in tables:
            tables[s.english] = evidence.chunk_facts(res.lexicon, s.english)
        chunks = doc.memo("chunks.lines", line_chunks)
        codes, counts = evidence.line_facts(chunks, tables[s.english])
        if "loops" in wanted:
            found["loops"] = evidence.find_loops(doc.text, s.loops, chunks, codes)
        if "english-lines" in wanted:
            found["english-lines"] = evidence.find_english_lines(doc.text, res.lexicon, s.english,
                                                                 chunks, counts)
    if not doc.source:
        return found
    src = s.source
    if wanted & {"source-short", "source-truncated", "source-copied", "source-loops"}:
        lines = comparison.compare_lines(doc.original, doc.source, res.lexicon, s.loops, s.english, src)
        for kind, items in lines.items():
            found[f"source-{kind}"] = items
    if "source-numbers" in wanted:
        found["source-numbers"] = comparison.missing_numbers(doc.text, doc.source, src)
    if wanted & {"source-placeholders", "source-placeholders-mangled"}:
        lost, mangled = comparison.missing_placeholders(doc.text, doc.source, src)
        found["source-placeholders"], found["source-placeholders-mangled"] = lost, mangled
    if "source-names" in wanted:
        spellings = res.derived("quality.same-entity", lambda: comparison.same_entity(res.gazetteer))
        found["source-names"] = comparison.missing_names(doc.text, doc.source, res.lexicon,
                                                       spellings, src)
    return found


NEWLINE = re.compile("\n")


class Plan:
    """Which costs apply to a document (with or without its source), and
    which costs each rule id feeds: asked once per rule id and process (the
    rule ids are the rule files'), so a document's tally walks its own
    distinct rule ids, not every cost times every id."""

    def __init__(self, s: QualitySettings) -> None:
        self.s = s
        self.applies = {has: tuple(name for name, c in s.costs.items()
                                   if not (c.without_source and has) and not (c.needs_source and not has))
                        for has in (False, True)}
        self._changes: dict[str, tuple[str, ...]] = {}
        self._flags: dict[str, tuple[str, ...]] = {}

    def fed_by_change(self, rule_id: str) -> tuple[str, ...]:
        if rule_id not in self._changes:
            self._changes[rule_id] = tuple(name for name, c in self.s.costs.items()
                                           if c.repairs and _covers(rule_id, c.repairs))
        return self._changes[rule_id]

    def fed_by_flag(self, rule_id: str) -> tuple[str, ...]:
        if rule_id not in self._flags:
            self._flags[rule_id] = tuple(name for name, c in self.s.costs.items()
                                         if c.flags and _covers(rule_id, c.flags))
        return self._flags[rule_id]


def tally(doc: Document, s: QualitySettings, res: Resources) -> dict[str, tuple[int, list[str]]]:
    """Per cost that applies to this document: its count and, for a
    detector, what it found.  The lines of the original are found only for
    a document with a change that counts per line."""
    plans = res.derived("quality.plans", dict)    # id(settings) -> plan, which holds them
    plan: Plan = plans.get(id(s)) or plans.setdefault(id(s), Plan(s))
    names = plan.applies[bool(doc.source)]
    counts = dict.fromkeys(names, 0)
    lines: dict[str, set[str]] = {}       # per-line cost -> the rule ids it counts
    for rule_id, k in Counter(c.rule_id for c in doc.changes).items():
        for name in plan.fed_by_change(rule_id):
            if name in counts:
                if s.costs[name].per_line:
                    lines.setdefault(name, set()).add(rule_id)
                else:
                    counts[name] += k
    for rule_id, k in Counter(f.rule_id for f in doc.flags).items():
        for name in plan.fed_by_flag(rule_id):
            if name in counts:
                counts[name] += k
    if lines:
        starts = [m.end() for m in NEWLINE.finditer(doc.original)]
        for name, ids in lines.items():
            counts[name] = len({bisect.bisect_right(starts, ch.start)
                                for ch in doc.changes if ch.rule_id in ids})
    found = detect(doc, s, res, {s.costs[name].signal for name in names if s.costs[name].signal})
    out = {}
    for name in names:
        signal = s.costs[name].signal
        items = found.get(signal, []) if signal else []
        out[name] = (len(items), items) if signal else (counts[name], [])
    return out


def _share(value: float) -> str:
    return f"−{value:.2f}" if value >= 0.005 else "−<0.01"


def price(counts: dict[str, int], s: QualitySettings, words: int) -> tuple[float, dict[str, float]]:
    """The score for these counts (cost name -> hits) in a text of ``words``
    words, and what each kind of evidence cost before the exponential."""
    parts = {}
    for name, n in counts.items():
        if n > 0:
            c = s.costs[name]
            count = math.sqrt(n) if c.sqrt else n
            parts[name] = s.per_words * c.points * c.precision * count / max(words, 1) + c.once
    return round(math.exp(-s.steepness * sum(parts.values())), 4), parts


def _words(doc: Document) -> int:
    """The words of the input: the chunks the detectors read already where
    no rule changed the text (the chunks of its lines are ``str.split``'s)."""
    if doc.text is doc.original:
        return sum(map(len, map(itemgetter(1), doc.memo("chunks.lines", line_chunks))))
    return len(doc.original.split())


def score_quality(doc: Document, rule: Rule, res: Resources) -> Proposal:
    if doc.passthrough or doc.lang != "de":
        return Proposal(quality=Quality(None, (f"not German (lang={doc.lang}): no score",)))
    s: QualitySettings = rule.settings
    found = tally(doc, s, res)
    score, parts = price({name: n for name, (n, _) in found.items()}, s, _words(doc))
    total, loss = sum(parts.values()), 1 - score
    reasons = []
    for name, cost in sorted(parts.items(), key=lambda p: (-p[1], s.costs[p[0]].label)):
        if cost <= 0:
            continue
        c, (n, items) = s.costs[name], found[name]
        shown = f": {', '.join(dict.fromkeys(items[:3]))}" if items else ""
        reasons.append(f"{'source: ' if c.needs_source else ''}{n} {c.label}{shown} "
                       f"({_share(loss * cost / total)})")
    return Proposal(quality=Quality(score, tuple(reasons)))


MECHANISMS = mechanisms(Mechanism(score_quality, QualitySettings))
