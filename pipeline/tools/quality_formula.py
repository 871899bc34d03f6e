"""LAB TOOL: candidate score formulas over the signals of ``quality_signals``.

The proposal prices every signal in MQM penalty points (the scheme of
Freitag et al. 2021, used for WMT's human evaluation: a major error 5, a
minor error 1, a minor punctuation error 0.1, a non-translation 25) times the
share of its hits that were real errors when we read samples (its precision):
a detector that is right one time in three costs a third of its error.  No
weight was fitted to the nine systems.

    points  = Σ weight × count                 (per document)
    score   = exp(-K × (100 × points / words + presence))

``presence`` adds fixed points once per document for artifacts that say the
text went through a broken pipeline however long it is (mojibake, decoder
tokens such as <unk>).  K = 0.1: one major error per 100 words (5 points)
gives 0.61, one minor error per 100 words 0.90.  The reasons split the loss
1 - score over the signals in proportion to their points, so they add up.
"""

from __future__ import annotations

import math
from typing import Any

K = 0.1
MQM_MAJOR, MQM_MINOR, MQM_PUNCT, MQM_NONTRANS = 5.0, 1.0, 0.1, 25.0

# signal: (MQM points of one real error, precision read from samples, reason text)
SOURCE_FREE: dict[str, tuple[float, float, str]] = {
    "fusion": (MQM_MINOR, 1.0, "fused words repaired"),
    "style": (MQM_PUNCT, 1.0, "quotes or dashes normalised (house style)"),
    "spacing": (MQM_PUNCT, 1.0, "spacing repaired"),
    "hyphen": (MQM_MINOR, 1.0, "spaced compound hyphens repaired"),
    "structure": (MQM_MINOR, 1.0, "metadata lines or boilerplate lifted out"),
    "names_rewrite": (MQM_PUNCT, 1.0, "name spellings normalised"),
    "dup_block": (MQM_MINOR, 0.5, "duplicated blocks removed"),
    "mojibake": (MQM_MAJOR, 1.0, "mojibake lines repaired"),
    "glossary": (MQM_MAJOR, 0.9, "known mistranslations corrected"),
    "mt_tokens": (MQM_MINOR, 1.0, "decoder tokens such as <unk>"),
    "flag_grammar": (MQM_MINOR, 0.5, "article/adjective disagreements"),
    "flag_repeat": (MQM_MAJOR, 0.5, "repeated sentences"),
    "flag_quotes": (MQM_PUNCT, 1.0, "unpaired quotes"),
    "loop_lines": (MQM_MAJOR, 0.3, "lines with a repeated phrase (MT loop)"),
    "english_lines": (MQM_NONTRANS, 0.2, "lines that read as English"),
    "ends_mid": (MQM_MAJOR, 0.1, "lines ending mid-sentence"),
    # measured and left at 0: flag_english, flag_translit (wrong on the human
    # references as often as on MT), doubled_word (die die is German),
    # oov_lower/oov_all/zipf_deficit (rare but correct compounds); with a
    # source: len_long (German spells out what English says short: 0 of 10
    # sampled were additions), num_extra (conversions), sent_mismatch (Q., U.S.)
}
# with a source: these replace their source-free cousins (same error, better evidence)
SOURCE_AWARE: dict[str, tuple[float, float, str]] = {
    "loop_src": (MQM_MAJOR, 0.3, "source: repeated phrase not in the source"),
    "copied": (MQM_NONTRANS, 0.9, "source: lines copied untranslated"),
    "english_words_src": (MQM_MINOR, 0.3, "source: English words left untranslated"),
    "num_missing": (MQM_MAJOR, 0.3, "source: numbers missing or changed"),
    "ph_missing": (MQM_MAJOR, 0.9, "source: placeholders, URLs or e-mails missing"),
    "ph_mangled": (MQM_PUNCT, 1.0, "source: placeholders with a space inside"),
    "name_missing_rare": (MQM_MAJOR, 0.2, "source: names missing"),
    "len_short": (MQM_MAJOR, 0.3, "source: lines much shorter than their source"),
    "trunc_src": (MQM_MAJOR, 0.5, "source: lines cut off"),
    "punct_mismatch": (MQM_MINOR, 0.2, "source: ? ! ( ) % not carried over"),
    "quote_parity_src": (MQM_PUNCT, 1.0, "source: unpaired quotes"),
}
REPLACED_BY_SOURCE = {"loop_lines": "loop_src", "english_lines": "copied", "flag_quotes": "quote_parity_src",
                      "ends_mid": "trunc_src"}
# one mojibake line or known mistranslation says the whole text went through a
# broken step (a major error, once); a decoder token is ugly but rarely hides
# the meaning (a minor error, once)
PRESENCE = {"mojibake": MQM_MAJOR, "glossary": MQM_MAJOR, "mt_tokens": MQM_MINOR}
SQRT = {"style", "names_rewrite"}  # one style choice repeated, not n faults

FORMULAS: list[str] = ["today", "proposal", "proposal+src", "no-style", "no-style+src",
                       "src-only+src"]


def _table(name: str, has_source: bool) -> dict[str, tuple[float, float, str]]:
    table = dict(SOURCE_FREE)
    if name == "src-only+src":
        table = {}
    if name.endswith("+src") and has_source:
        for free in REPLACED_BY_SOURCE:
            table.pop(free, None)
        table.update(SOURCE_AWARE)
    if name.startswith("no-style"):
        for k in ("style", "names_rewrite", "spacing"):
            table.pop(k)
    return table


def score(name: str, s: dict[str, Any]) -> tuple[float, list[str]]:
    """The score of one document and its reasons, heaviest first."""
    if name == "today":
        q = s["_klartext_quality"]
        return (1.0 if q is None else q), []
    table = _table(name, bool(s.get("src_lines")))
    words = max(float(s["words"]), 1.0)
    parts = []
    for sig, (points, precision, text) in table.items():
        n = s.get(sig, 0)
        if not n:
            continue
        count = math.sqrt(n) if sig in SQRT else n
        cost = 100 * points * precision * count / words + PRESENCE.get(sig, 0.0)
        parts.append((cost, int(n) if n == int(n) else n, text))
    total = sum(c for c, _, _ in parts)
    value = math.exp(-K * total)
    loss = 1 - value
    reasons = [f"{n} {text} (-{loss * c / total:.2f})"
               for c, n, text in sorted(parts, key=lambda p: -p[0]) if total > 0]
    return round(value, 4), reasons
