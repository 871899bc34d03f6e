"""Flags: what a careful copy editor would question but a machine must not
rewrite: untranslated English, article/noun disagreement, doubled phrases,
repeated sentences.  Nothing here changes the text."""

from __future__ import annotations

import regex

from .core import Document, Edit
from .rules import Rule, RuleSet
from .stagekit import run_rules

WORD = regex.compile(r"(?<![\p{L}\p{N}@/.'’-])\p{L}{3,}(?![\p{L}\p{N}@'’]|[./]\p{L})")
#: a sentence starts only at the start of a line or after an end mark: without
#: the lookbehind, a long line with no end mark is rescanned from every position
SENTENCE = regex.compile(r"(?<![^.!?\n])[^.!?\n]++[.!?]")


def flag_english(doc: Document, rule: Rule, rules: RuleSet) -> list[Edit]:
    """Words common in English and rare in German, outside German quotes of
    English titles, are probably left untranslated."""
    lex, gaz, p = rules.lexicon, rules.gazetteer, rule.params
    for m in WORD.finditer(doc.text):
        word = m.group()
        if gaz.knows(word) or word.isupper():
            continue
        z_en = lex.zipf(word, "en")
        if z_en >= p["min_english_zipf"] and z_en - lex.zipf(word, "de") >= p["min_gap"]:
            doc.flag(rule.id, "flags", m.start(), m.end(), f"untranslated English? {word!r}")
    return []


def flag_repeated_sentences(doc: Document, rule: Rule, rules: RuleSet) -> list[Edit]:
    min_words = int(rule.params.get("min_words", 6))
    seen: set[str] = set()
    for m in SENTENCE.finditer(doc.text):
        words = m.group().split()
        key = " ".join(words)
        if len(words) >= min_words and key in seen:
            start = m.start() + len(m.group()) - len(m.group().lstrip())
            doc.flag(rule.id, "flags", start, m.end(), "sentence repeats an earlier one")
        seen.add(key)
    return []


MECHANISMS = {"flag_english": flag_english, "flag_repeated_sentences": flag_repeated_sentences}


def run(doc: Document, rules: RuleSet) -> Document:
    return run_rules(doc, rules, "flags", MECHANISMS)
