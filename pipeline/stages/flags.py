"""Flags: what a careful copy editor would question but a machine must not
rewrite: untranslated English, article/noun disagreement, doubled phrases,
repeated sentences.  Nothing here changes the text."""

from __future__ import annotations

from dataclasses import dataclass

import regex

from ..core import Document, Mark, Proposal
from ..resources import Resources
from ..spec import Mechanism, Rule, mechanisms

WORD = regex.compile(r"(?<![\p{L}\p{N}@/.'’-])\p{L}{3,}(?![\p{L}\p{N}@'’]|[./]\p{L})")
#: a sentence starts only at the start of a line or after an end mark: without
#: the lookbehind, a long line with no end mark is rescanned from every position
SENTENCE = regex.compile(r"(?<![^.!?\n])[^.!?\n]++[.!?]")


@dataclass(frozen=True)
class EnglishSettings:
    #: a word at least this common in English (zipf) ...
    min_english_zipf: float
    #: ... and this much more common in English than in German
    min_gap: float


def flag_english(doc: Document, rule: Rule, res: Resources) -> Proposal:
    """Words common in English and rare in German are probably left
    untranslated."""
    lex, gaz, p = res.lexicon, res.gazetteer, rule.settings
    out = Proposal()
    for m in WORD.finditer(doc.text):
        word = m.group()
        if gaz.knows(word) or word.isupper():
            continue
        z_en = lex.zipf(word, "en")
        if z_en >= p.min_english_zipf and z_en - lex.zipf(word, "de") >= p.min_gap:
            out.marks.append(Mark(m.start(), m.end(), f"untranslated English? {word!r}"))
    return out


@dataclass(frozen=True)
class RepeatSettings:
    #: shorter sentences may repeat (a refrain, "Weiß nicht.")
    min_words: int = 6


def flag_repeated_sentences(doc: Document, rule: Rule, res: Resources) -> Proposal:
    min_words = rule.settings.min_words
    out = Proposal()
    seen: set[str] = set()
    for m in SENTENCE.finditer(doc.text):
        words = m.group().split()
        key = " ".join(words)
        if len(words) >= min_words and key in seen:
            start = m.start() + len(m.group()) - len(m.group().lstrip())
            out.marks.append(Mark(start, m.end(), "sentence repeats an earlier one"))
        seen.add(key)
    return out


MECHANISMS = mechanisms(Mechanism(flag_english, EnglishSettings),
                        Mechanism(flag_repeated_sentences, RepeatSettings))
