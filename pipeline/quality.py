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

from .core import Document
from .rules import Rule, RuleSet


def _weight(rule_id: str, weights: dict[str, float]) -> float:
    """Most specific wins: the rule id, then its stage (``names``)."""
    if rule_id in weights:
        return weights[rule_id]
    return weights.get(rule_id.split(".", 1)[0], 0.0)


def score_quality(doc: Document, rule: Rule, rules: RuleSet) -> None:
    weights = rule.params["weights"]
    presence = rule.params.get("presence", {})
    style = set(rule.params.get("house_style", []))
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
    doc.quality = round(math.exp(-float(rule.params["steepness"]) * (rate + fixed)), 4)
    doc.quality_reasons = [r for _, r in sorted(reasons, key=lambda x: (-x[0], x[1]))]


MECHANISMS = {"score_quality": score_quality}


def run(doc: Document, rules: RuleSet) -> Document:
    for rule in rules.for_stage("quality"):
        MECHANISMS[rule.mechanism](doc, rule, rules)  # type: ignore[index]
    return doc
