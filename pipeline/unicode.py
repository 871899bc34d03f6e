"""Encoding repair and character hygiene: the only stage that also runs on
documents that are not German.

ftfy does the mojibake repair, but with ``uncurl_quotes`` off: its default
would turn German „…“ into "…" and destroy information the typography stage
needs.  Each changed line becomes one change, ftfy's explanation in ``detail``.
"""

from __future__ import annotations

import unicodedata

import ftfy

from .core import Document, Edit
from .rules import Rule, RuleSet
from .stagekit import run_rules

#: ftfy options we never let a rule file turn on: they would rewrite text the
#: later stages own (quotes, line breaks) or that we remove with our own rules
FORCED_OFF = {"uncurl_quotes": False, "fix_line_breaks": False,
              "remove_control_chars": False, "normalization": None, "explain": True}


def fix_mojibake(doc: Document, rule: Rule, rules: RuleSet) -> list[Edit]:
    """Run ftfy line by line (it segments at newlines anyway), so that a
    change names the line it repaired, not the whole document."""
    config = ftfy.TextFixerConfig(**{**rule.params, **FORCED_OFF})
    edits, pos = [], 0
    for line in doc.text.split("\n"):
        if line and not line.isascii():
            fixed, steps = ftfy.fix_and_explain(line, config=config)
            if fixed != line:
                detail = "; ".join(f"{kind}:{name}" for kind, name in steps or [])
                edits.append(Edit(pos, pos + len(line), fixed, rule.id, detail or None))
        pos += len(line) + 1
    return edits


def normalize_nfc(doc: Document, rule: Rule, rules: RuleSet) -> list[Edit]:
    """NFC per line: only lines that are not normalised yet become changes."""
    edits, pos = [], 0
    for line in doc.text.split("\n"):
        if not unicodedata.is_normalized("NFC", line):
            edits.append(Edit(pos, pos + len(line), unicodedata.normalize("NFC", line), rule.id))
        pos += len(line) + 1
    return edits


MECHANISMS = {"fix_mojibake": fix_mojibake, "normalize_nfc": normalize_nfc}


def run(doc: Document, rules: RuleSet) -> Document:
    return run_rules(doc, rules, "unicode", MECHANISMS, skip_foreign=False)
