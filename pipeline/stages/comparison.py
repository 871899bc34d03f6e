"""Evidence that only a comparison with the English original shows:
lines much shorter than their source or cut off, lines copied untranslated,
loops the source does not have, numbers, placeholders and rare names that
went missing.  The detectors without the source, and what both share,
are in :mod:`.evidence`."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

import regex

from ..resources.gazetteer import Gazetteer
from ..resources.lexicon import Lexicon
from .evidence import (
    WORD,
    EnglishSettings,
    LoopSettings,
    aligned,
    english_share,
    lines_of,
    tandem_repeat,
)

NUMBER = regex.compile(r"(?<![\p{L}\d])\d+(?:[.,]\d+|[ \u00a0\u202f]\d{3}(?!\d))*")
NAME = regex.compile(r"(?<![\p{L}\d])\p{Lu}[\p{L}\p{M}]+(?:[-'’]\p{L}+)*")
POSSESSIVE = regex.compile(r"(?:['’]s|s)$")
POSSESSIVE_ONLY = regex.compile(r"['’]s$")


@dataclass(frozen=True)
class SourceSettings:
    #: source lines shorter than this (characters) are not compared by length
    min_chars: int = 20
    #: translation ÷ source characters below this: content was left out
    #: (German runs 10-30 % longer than English)
    min_ratio: float = 0.75
    #: a line cut off: the source ends a sentence, the translation does not,
    #: and is shorter than this ratio
    truncated_ratio: float = 0.85
    end_marks: str = ".!?…:;\"“”»)]'"
    #: a copied line: this many words at least, this share of them in its
    #: source line, and English: this many English function words, or as
    #: many English words as a line that reads as English (EnglishSettings)
    copy_min_words: int = 4
    copy_overlap: float = 0.5
    copy_min_function_words: int = 2
    english_function_words: frozenset[str] = frozenset()
    #: quoted stretches may stay English (a film title, a slogan)
    quoted: regex.Pattern = field(default=regex.compile(r"[„“\"”»«][^„“\"”»«\n]{1,80}[“”\"«»]"))
    #: a source name is rare (worth checking) below this zipf in English and German
    rare_name_zipf: float = 2.0
    min_name_letters: int = 3
    #: letters folded before comparing names across spellings (Zelensky, Selenskyj)
    fold: tuple[tuple[str, str], ...] = ()
    #: a name counts as present when a word of the translation starts like it
    name_stem_letters: int = 4
    #: placeholders, URLs and e-mail addresses must come through unchanged
    placeholder: regex.Pattern = field(default=regex.compile(r"#[A-Z_]+#|https?://\S+"))
    #: a placeholder with a space inside (``#PRS_ORG #``): there, but mangled
    mangled: regex.Pattern = field(default=regex.compile(r"#\s*[A-Z_]+\s*#"))
    #: numbers translation rightly rewrites: clock times (5.30pm is 17:30 Uhr)
    clock: regex.Pattern = field(default=regex.compile(r"(?<![\d.,])\d{1,2}[.:]\d{2}(?!\d)(?![.,]\d)"))
    #: what after a number makes it a time or a decade, not a quantity
    number_skip_after: regex.Pattern = field(default=regex.compile(r"\s?(?:am|pm|a\.m|p\.m|uhr|h\b)"))
    #: German number words counted as their number (zwölf, zwanzigmal)
    number_words: dict[str, int] = field(default_factory=dict)

    @cached_property
    def folding(self) -> regex.Pattern:
        return regex.compile("|".join(regex.escape(a) for a, _ in self.fold) or "(?!)")


def numbers(text: str, s: SourceSettings, english: bool) -> Counter[str]:
    """Digit strings without separators (1,686 and 1.686 are one number);
    single digits are left out (German spells out small numbers), and so are
    clock times, times of day and English decades (1990s).  In German, a
    number word counts as its number."""
    found: Counter[str] = Counter()
    text = s.clock.sub(" ", text)
    for m in NUMBER.finditer(text):
        after = text[m.end():m.end() + 4].lower()
        if s.number_skip_after.match(after) or (english and after[:1] == "s"):
            continue
        digits = regex.sub(r"\D", "", m.group()).lstrip("0")
        if len(digits) >= 2:
            found[digits] += 1
    if not english:
        for w in WORD.findall(text.lower()):
            for stem, value in s.number_words.items():
                if w.startswith(stem):
                    found[str(value)] += 1
                    break
    return found


def missing_numbers(text: str, source: str, s: SourceSettings) -> list[str]:
    return sorted((numbers(source, s, True) - numbers(text, s, False)).elements())


def missing_placeholders(text: str, source: str, s: SourceSettings) -> tuple[list[str], list[str]]:
    """Placeholders, URLs and e-mails of the source that the translation
    lost, and those it only mangled (a space inside)."""
    present = Counter(s.placeholder.findall(text))
    lost = Counter(s.placeholder.findall(source)) - present
    mangled = Counter(regex.sub(r"\s+", "", m) for m in s.mangled.findall(text)) - present
    spaced = lost & mangled
    return sorted((lost - spaced).elements()), sorted(spaced.elements())


def fold(word: str, s: SourceSettings) -> str:
    table = dict(s.fold)
    return s.folding.sub(lambda m: table[m.group()], word.lower())


def source_names(source: str, lex: Lexicon, s: SourceSettings) -> list[str]:
    """Rare capitalised words of the source that do not start a sentence:
    names a translation must carry over.  Not a name: a word in capitals
    (an acronym or shouting, often spelled out or translated), a possessive
    of a common word (Thief's) or a hyphenated compound with a common part
    (Non-Refundable, Machine-made): translations rightly change those."""
    def rare(word: str) -> bool:
        return lex.zipf(word, "en") < s.rare_name_zipf and lex.zipf(word, "de") < s.rare_name_zipf

    names = []
    for line in lines_of(source):
        for m in NAME.finditer(line):
            before = line[:m.start()].rstrip()
            word = POSSESSIVE_ONLY.sub("", m.group())
            if not before or before[-1] in ".!?:\"“(" or len(word) < s.min_name_letters:
                continue
            if word.removesuffix("s").isupper() or not rare(word) or not all(map(rare, word.split("-"))):
                continue
            names.append(word)
    return names


def same_entity(gaz: Gazetteer) -> dict[str, tuple[str, ...]]:
    """Every spelling in the gazetteer with all spellings of its entity."""
    by_entity: dict[int, list[str]] = {}
    for spelling, ent in gaz.entity_of.items():
        by_entity.setdefault(id(ent), []).append(spelling)
    return {sp: tuple(by_entity[id(ent)]) for sp, ent in gaz.entity_of.items()}


def missing_names(text: str, source: str, lex: Lexicon, spellings: dict[str, tuple[str, ...]],
                  s: SourceSettings) -> list[str]:
    """Rare source names found nowhere in the translation: not as a word
    starting like it (folded: Zelensky, Selenskyj) and not as any spelling
    the gazetteer has for the same entity (Kyiv, Kiew); ``spellings`` is
    :func:`same_entity` of the gazetteer."""
    words = WORD.findall(text)
    stems = {fold(w, s)[:k] for w in words for k in (s.name_stem_letters, s.name_stem_letters - 1)}
    lowered = text.casefold()
    missing = []
    for name in source_names(source, lex, s):
        known = spellings.get(name) or spellings.get(POSSESSIVE.sub("", name))
        if known and any(sp.casefold() in lowered for sp in known):
            continue
        key = fold(name, s)
        if key[:s.name_stem_letters] in stems or key[:s.name_stem_letters - 1] in stems:
            continue
        missing.append(name)
    return missing


def compare_lines(text: str, source: str, lex: Lexicon, loops: LoopSettings,
                  english: EnglishSettings, s: SourceSettings) -> dict[str, list[str]]:
    """Per aligned unit: much shorter than its source, cut off, copied
    untranslated (made of its source's words, and English by its function
    words or by its share of English words), or looping where the source
    does not."""
    found: dict[str, list[str]] = {"short": [], "truncated": [], "copied": [], "loops": []}
    for out, src in aligned(text, source):
        ratio = len(out) / max(len(src), 1)
        if len(src) >= s.min_chars and ratio < s.min_ratio:
            found["short"].append(f"{ratio:.2f}")
        if src.rstrip().endswith(tuple(s.end_marks)) and not out.rstrip().endswith(tuple(s.end_marks)) \
                and ratio < s.truncated_ratio:
            found["truncated"].append(out[-40:])
        out_words = [w.lower() for w in WORD.findall(s.quoted.sub(" ", out))]
        if len(out_words) >= s.copy_min_words:
            src_words = {w.lower() for w in WORD.findall(src)}
            overlap = sum(w in src_words for w in out_words) / len(out_words)
            function = sum(w in s.english_function_words for w in out_words)
            n, en = english_share(out_words, lex, english)
            if overlap >= s.copy_overlap and (function >= s.copy_min_function_words
                                              or en >= english.min_share * n):
                found["copied"].append(out[:60])
        out_low = [w.lower() for w in WORD.findall(out)]
        unit = tandem_repeat(out_low, loops, loops.source_word_repeats, loops.source_phrase_repeats)
        if unit and not tandem_repeat([w.lower() for w in WORD.findall(src)], loops,
                                      loops.source_word_repeats, loops.source_phrase_repeats):
            found["loops"].append(unit)
    return found
