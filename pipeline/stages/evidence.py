"""Evidence of translation errors that no repair or flag records: decoder
loops and English lines in the German text, and, where the English original
is known, what only a comparison with it shows (omissions, numbers, names,
placeholders, lines copied untranslated).  Each detector returns what it found
(one item per hit, for the reasons); the quality stage weighs the counts.

These hits are too often wrong to be flags (a flag must be right four times
in five, CANONICAL.md §7): a number written out, a name translated, a line
rightly short.  A score can use them at their measured precision, a person
should not be sent to look at each.

Lines are aligned one to one when text and source have as many non-blank
lines (segment-aligned MT output); otherwise the document is one unit.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain, compress, count
from operator import eq, itemgetter

import regex

from ..resources.gazetteer import Gazetteer
from ..resources.lexicon import Lexicon
from .chunks import ChunkTable, LineChunks, line_chunks, one_word

WORD = regex.compile(r"[\p{L}\p{M}]+(?:['’-][\p{L}\p{M}]+)*")
NUMBER = regex.compile(r"(?<![\p{L}\d])\d+(?:[.,]\d+|[ \u00a0\u202f]\d{3}(?!\d))*")
NAME = regex.compile(r"(?<![\p{L}\d])\p{Lu}[\p{L}\p{M}]+(?:[-'’]\p{L}+)*")
POSSESSIVE = regex.compile(r"(?:['’]s|s)$")
POSSESSIVE_ONLY = regex.compile(r"['’]s$")


def lines_of(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def aligned(text: str, source: str) -> list[tuple[str, str]]:
    """(translation, source) pairs: line by line when the counts agree,
    else the whole text against the whole source."""
    out, src = lines_of(text), lines_of(source)
    if len(out) == len(src):
        return list(zip(out, src))
    return [(" ".join(out), " ".join(src))]


# --- without the source --------------------------------------------------------

@dataclass(frozen=True)
class LoopSettings:
    #: the longest phrase (in words) whose repetition is looked for
    max_phrase_words: int = 8
    #: a repeated unit needs a word this long ("ha ha ha" is laughter)
    min_letters: int = 3
    #: repetitions in a row that make a loop, without the source: one word,
    #: a phrase; people repeat for emphasis ("sehr, sehr"), decoders on and on
    word_repeats: int = 4
    phrase_repeats: int = 3
    #: with the source, a phrase said twice in a row is a loop when the
    #: source line does not repeat itself there
    source_word_repeats: int = 3
    source_phrase_repeats: int = 2


def tandem_repeat(words: list[str], s: LoopSettings, word_repeats: int,
                  phrase_repeats: int) -> str | None:
    """The first phrase said ``phrase_repeats`` times in a row (a single word
    ``word_repeats`` times), or None."""
    for n in range(1, s.max_phrase_words + 1):
        need = word_repeats if n == 1 else phrase_repeats
        last = len(words) - n * need
        # only where a word equals the word n later can a repeat of length n
        # start: those places are found at C speed, the rest never looked at
        for i in compress(count(), map(eq, words, words[n:])):
            if i > last:
                break
            unit = words[i:i + n]
            if not any(len(w) >= s.min_letters for w in unit):
                continue
            if all(words[i + k * n:i + (k + 1) * n] == unit for k in range(1, need)):
                return " ".join(unit)
    return None


#: a line longer than this is looked at for loops in windows this long,
#: each overlapping the one before by OVERLAP characters
WINDOW, OVERLAP = 20_000, 2_000


def windows(line: str) -> list[str]:
    """A long line in overlapping pieces: a loop is local, and a 50 MB line
    must not become one list of millions of words."""
    if len(line) <= WINDOW:
        return [line]
    return [line[i:i + WINDOW] for i in range(0, len(line) - OVERLAP, WINDOW - OVERLAP)]


def word_codes(chunk: str) -> bytes:
    """The lower-case words of a chunk as the loops compare them, each one
    byte of its hash: equal words, equal codes (and one word in 256 shares
    another's code: equal codes only say a loop *may* be there)."""
    word = one_word(chunk)
    if word is not None:
        return bytes((hash(word.lower()) & 0xFF,))
    return bytes(hash(w.lower()) & 0xFF for w in WORD.findall(chunk))


def find_loops(text: str, s: LoopSettings, lines: LineChunks | None = None,
               codes: bytes | None = None) -> list[str]:
    """Lines in which a phrase repeats in a row as a looping decoder says it.
    The words of all pieces (lines, or windows of a long line) are first
    asked at once whether a loop may be there (a phrase may run from one
    piece into the next); most texts have none and are not walked piece by
    piece.  ``lines``: :func:`line_chunks` of ``text``; ``codes``: the
    :func:`word_codes` of its chunks (:func:`line_facts`)."""
    lines = line_chunks(text) if lines is None else lines
    pieces = None
    if len(text) > WINDOW and any(len(line) > WINDOW for line, _ in lines):
        pieces = _pieces(lines)
        if not may_loop([w for per_line in pieces for piece in per_line for w in piece], s,
                        s.word_repeats, s.phrase_repeats):
            return []
    else:
        if codes is None:
            codes = b"".join(map(word_codes, chain.from_iterable(map(itemgetter(1), lines))))
        if not may_loop_codes(codes, s, s.word_repeats, s.phrase_repeats):
            return []
    found = []
    for per_line in _pieces(lines) if pieces is None else pieces:
        for piece in per_line:
            unit = tandem_repeat(piece, s, s.word_repeats, s.phrase_repeats)
            if unit:
                found.append(unit)
                break
    return found


def _pieces(lines: LineChunks) -> list[list[list[str]]]:
    """Per line, the lower-case words of each of its pieces."""
    return [[[w.lower() for w in WORD.findall(piece)] for piece in windows(line)] for line, _ in lines]


def may_loop_codes(codes: bytes, s: LoopSettings, word_repeats: int, phrase_repeats: int) -> bool:
    """:func:`may_loop` of the words whose :func:`word_codes` are ``codes``
    (or of words sharing codes).  As one number x, x ^ (x >> 8·n) is zero in
    the byte of a word equal to the word n later: a phrase of n words said
    k times is n·(k-1) zero bytes in a row, found at C speed for each n."""
    x = int.from_bytes(codes, "little")
    for n in range(1, s.max_phrase_words + 1):
        need = word_repeats if n == 1 else phrase_repeats
        if b"\0" * max(n * (need - 1), 1) in (x ^ (x >> (8 * n))).to_bytes(len(codes), "little"):
            return True
    return False


def may_loop(words: list[str], s: LoopSettings, word_repeats: int, phrase_repeats: int) -> bool:
    """Whether :func:`tandem_repeat` may find a phrase in ``words`` (the
    words of many pieces of text in one list: a yes may be a phrase across
    two of them, a no holds for each).  A phrase of n words said k times in
    a row is n·(k-1) words in a row each equal to the word n later: one
    comparison of the list with itself shifted by n, at C speed, for each n;
    most texts have no such stretch, and their words are never walked."""
    for n in range(1, s.max_phrase_words + 1):
        need = word_repeats if n == 1 else phrase_repeats
        if b"\x01" * max(n * (need - 1), 1) in bytes(map(eq, words, words[n:])):
            return True
    return False


@dataclass(frozen=True)
class EnglishSettings:
    #: shorter lines (a product name, a quoted title) are not judged
    min_words: int = 4
    #: share of the line's words that are English and not German
    min_share: float = 0.5
    #: a word is English when at least this common in English (zipf) ...
    min_english_zipf: float = 3.0
    #: ... and this much more common there than in German
    min_gap: float = 1.0


def english_share(words: Iterable[str], lex: Lexicon, s: EnglishSettings) -> tuple[int, int]:
    """How many words, and how many of them English and not German (each
    distinct word judged once per process: a dictionary look-up at C speed)."""
    judged = lex.verdicts(("english", s.min_english_zipf, s.min_gap),
                          lambda w: _is_english(w, lex, s))
    words = list(words)
    return len(words), sum(map(judged.__getitem__, words))


def _is_english(w: str, lex: Lexicon, s: EnglishSettings) -> bool:
    z_en = lex.zipf(w, "en")
    return z_en >= s.min_english_zipf and lex.zipf(w, "de") < z_en - s.min_gap


#: a chunk's words and English words in one number, the English ones from
#: this bit on (a line of 2 ** 40 words would not fit in memory), so that a
#: line's counts are one C-level sum over its chunks
SHIFT = 40
WORDS = (1 << SHIFT) - 1


def chunk_facts(lex: Lexicon, s: EnglishSettings) -> ChunkTable[tuple[bytes, int]]:
    """A chunk -> (:func:`word_codes`, words + (English words << SHIFT))
    table (kept per process): one look-up per chunk serves both detectors
    (the first look-up of a chunk in a document costs most: a table is no
    longer in the processor's cache from one document to the next)."""
    judged = lex.verdicts(("english", s.min_english_zipf, s.min_gap),
                          lambda w: _is_english(w, lex, s))

    def facts(chunk: str) -> tuple[bytes, int]:
        word = one_word(chunk)
        words = WORD.findall(chunk) if word is None else [word]
        return word_codes(chunk), len(words) + (sum(map(judged.__getitem__, words)) << SHIFT)

    return ChunkTable(facts)


def line_facts(lines: LineChunks, facts: ChunkTable[tuple[bytes, int]]) -> tuple[bytes, list[int]]:
    """The codes of all the words of ``lines`` and each line's counts."""
    codes, counts = [], []
    for _, chunks in lines:
        read = list(map(facts.__getitem__, chunks))
        codes.append(b"".join(map(itemgetter(0), read)))
        counts.append(sum(map(itemgetter(1), read)))
    return b"".join(codes), counts


def find_english_lines(text: str, lex: Lexicon, s: EnglishSettings, lines: LineChunks | None = None,
                       counts: list[int] | None = None) -> list[str]:
    """Lines that read as English: a translation left out (the counts of
    :func:`english_share`, summed over the line's chunks).  ``lines``:
    :func:`line_chunks` of ``text``; ``counts``: their :func:`line_facts`."""
    lines = line_chunks(text) if lines is None else lines
    counts = line_facts(lines, chunk_facts(lex, s))[1] if counts is None else counts
    found = []
    for (line, _), both in zip(lines, counts):
        n, english = both & WORDS, both >> SHIFT
        if n >= s.min_words and english >= s.min_share * n:
            found.append(line[:60])
    return found


# --- with the source -----------------------------------------------------------

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
