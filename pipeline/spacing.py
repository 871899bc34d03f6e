"""Spacing: fused words split, spaced compound hyphens closed, hyphens used
as dashes turned into spaced en dashes, and spaces around punctuation.

The fused-word decision lives in :mod:`pipeline.fusion`; this module finds the
tokens, skips URLs and e-mail addresses, and restores the lower case of
function words that fusion capitalised (``TrumpUndPutin``).
"""

from __future__ import annotations

from collections import Counter

import regex

from .core import Document, Edit
from .fusion import FusionParams, Splitter
from .rules import Rule, RuleSet
from .stagekit import run_rules

WORD = regex.compile(r"\p{L}[\p{L}\p{M}]*(?:['’]\p{L}+)?")
CHUNK = regex.compile(r"\S+")
SENTENCE_START = regex.compile(r"(?:\A|[.!?:]\s*[„\"“‚'(]?|\n\s*[„\"“‚'(]?|[„\"“(]\s*)\Z")


def _inner_capital(token: str) -> bool:
    return any(ch.isupper() for ch in token[1:])


def split_fused_words(doc: Document, rule: Rule, rules: RuleSet) -> list[Edit]:
    """Split glued tokens; a CamelCase form that recurs in the document is a
    name (``AlphaGo``), not an accident of translation."""
    splitter = rules.prepared(rule.id, lambda: Splitter(
        rules.lexicon, rules.gazetteer, FusionParams.from_params(rule.params)))
    skip = rules.prepared(rule.id + "/skip", lambda: regex.compile(rule.params["skip_chunks"]))
    text = doc.text
    tokens = [(c.start() + m.start(), m.group()) for c in CHUNK.finditer(text)
              if not skip.search(c.group()) for m in WORD.finditer(c.group())]
    recurring = Counter(t for _, t in tokens if _inner_capital(t))
    edits = []
    for start, token in tokens:
        initial = bool(SENTENCE_START.search(text[max(0, start - 4):start]))
        pieces = splitter.segment(token, initial)
        if not pieces or (recurring[token] > 1 and not splitter.is_function(pieces[0])):
            continue
        out = [pieces[0]]
        for piece in pieces[1:]:
            out.append(piece.lower() if _capitalised_function(splitter, piece) else piece)
        if _capitalised_function(splitter, pieces[0]) and not initial:
            out[0] = pieces[0].lower()
        edits.append(Edit(start, start + len(token), " ".join(out), rule.id,
                          "split " + "|".join(pieces)))
    return edits


def _capitalised_function(splitter: Splitter, piece: str) -> bool:
    return piece[:1].isupper() and piece[1:].islower() and splitter.is_function(piece)


MECHANISMS = {"split_fused_words": split_fused_words}


def run(doc: Document, rules: RuleSet) -> Document:
    return run_rules(doc, rules, "spacing", MECHANISMS)
