"""Flags: what a careful copy editor would question but a machine must not
rewrite: untranslated English, article/noun disagreement, doubled phrases,
repeated sentences.  Nothing here changes the text."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import regex

from ..core import Document, Mark, Proposal
from ..resources import Resources
from ..spec import Mechanism, Rule, mechanisms
from .source import source_sentence_repeats

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
    """A sentence said twice inside other text.  A block repeated whole is
    the structure stage's (removed or flagged there, or kept on purpose),
    and a repeat the English source makes too is faithful."""
    min_words = rule.settings.min_words
    spans = doc.block_spans()
    starts = [a for a, _ in spans]
    found: list[tuple[int, int, str, int]] = []        # start, end, key, block
    for m in SENTENCE.finditer(doc.text):
        words = m.group().split()
        if len(words) >= min_words:
            start = m.start() + len(m.group()) - len(m.group().lstrip())
            found.append((start, m.end(), " ".join(words), bisect.bisect_right(starts, start) - 1))
    first: dict[str, tuple[int, int, str, int]] = {}
    repeats = []
    for item in found:
        earlier = first.setdefault(item[2], item)
        if earlier is not item and not (_whole(item, spans) and _whole(earlier, spans)):
            repeats.append((item, earlier))
    mirrored = source_sentence_repeats(doc, len(spans), [(a[3], b[3]) for a, b in repeats],
                                       SENTENCE, min_words)
    return Proposal(marks=[Mark(item[0], item[1], f"sentence repeats an earlier one: {excerpt(item[2])!r}")
                           for k, (item, _) in enumerate(repeats) if k not in mirrored])


def excerpt(text: str, width: int = 60) -> str:
    """The start of a long text, cut at a word, for a flag's message."""
    return text if len(text) <= width else text[:width].rsplit(" ", 1)[0] + " …"


def _whole(item: tuple[int, int, str, int], spans: list[tuple[int, int]]) -> bool:
    return spans[item[3]] == (item[0], item[1])


MECHANISMS = mechanisms(Mechanism(flag_english, EnglishSettings),
                        Mechanism(flag_repeated_sentences, RepeatSettings))
