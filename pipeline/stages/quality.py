"""A translation-quality score in [0, 1] per document: 1 reads as native,
clean German.  It weighs what had to be repaired (link fusions weigh most:
native text never has them) and what is still flagged, per 100 words, and
lists the reasons, heaviest first.  Repeats of a house-style rule (quotes,
dashes) count with their square root: fifteen typewriter dashes are one
style choice of the source, not fifteen independent faults.

Some evidence does not scale with length: mojibake, a duplicated block or a
known mistranslation says the text went through a broken pipeline however
long it is, so those rules add a fixed ``presence`` term once per document on
top of the rate (otherwise one such artifact vanishes in a long article)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..core import Document, Proposal, Quality
from ..resources import Resources
from ..spec import Mechanism, Rule, mechanisms


def _weight(rule_id: str, weights: dict[str, float]) -> float:
    """Most specific wins: the rule id, then its stage (``names``)."""
    if rule_id in weights:
        return weights[rule_id]
    return weights.get(rule_id.split(".", 1)[0], 0.0)


@dataclass(frozen=True)
class QualitySettings:
    #: how fast the score falls with the burden
    steepness: float
    #: weight per repair or flag, by rule id or by stage
    weights: dict[str, float]
    #: a fixed term, once per document, for rules whose evidence does not scale with length
    presence: dict[str, float] = field(default_factory=dict)
    #: conventions a native source may follow throughout: repeats count as sqrt(n)
    house_style: frozenset[str] = frozenset()


def score_quality(doc: Document, rule: Rule, res: Resources) -> Proposal:
    s: QualitySettings = rule.settings
    weights, presence, style = s.weights, s.presence, s.house_style
    flag_ids = {f.rule_id for f in doc.flags}
    words = max(len(doc.original.split()), 1)
    burden, fixed, reasons = 0.0, 0.0, []
    for rule_id, n in doc.counters.items():
        w = _weight(rule_id, weights)
        if w <= 0 or n <= 0:
            continue
        weight = w * (math.sqrt(n) if rule_id in style else n)
        burden += weight
        fixed += _weight(rule_id, presence)
        kind = "flagged" if rule_id in flag_ids else "repaired"
        reasons.append((weight, f"{n} × {rule_id} ({kind})"))
    rate = 100 * burden / words
    score = round(math.exp(-s.steepness * (rate + fixed)), 4)
    return Proposal(quality=Quality(score, tuple(r for _, r in sorted(reasons, key=lambda x: (-x[0], x[1])))))


MECHANISMS = mechanisms(Mechanism(score_quality, QualitySettings))
