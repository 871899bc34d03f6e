"""Evidence of translation errors that no repair or flag records: decoder
loops and English lines in the German text; where the English original is
known, :mod:`.comparison` adds what only it shows (omissions, numbers,
names, placeholders, lines copied untranslated).  Each detector returns what it found
(one item per hit, for the reasons); the quality stage weighs the counts.

These hits are too often wrong to be flags (a flag must be right four times
in five, CANONICAL.md §7): a number written out, a name translated, a line
rightly short.  A score can use them at their measured precision, a person
should not be sent to look at each.

Lines are aligned one to one when text and source have as many non-blank
lines (segment-aligned MT output); otherwise the document is one unit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain, compress, count
from operator import eq, itemgetter

import regex

from ..resources.lexicon import Lexicon
from .chunks import ChunkTable, LineChunks, line_chunks, words_in

WORD = regex.compile(r"[\p{L}\p{M}]+(?:['’-][\p{L}\p{M}]+)*")


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
    return _codes(words_in(chunk, WORD))


def _codes(words: Sequence[str]) -> bytes:
    if len(words) == 1:       # most chunks: no generator
        return bytes((hash(words[0].lower()) & 0xFF,))
    return bytes(hash(w.lower()) & 0xFF for w in words)


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
        words = words_in(chunk, WORD)
        return _codes(words), len(words) + (sum(map(judged.__getitem__, words)) << SHIFT)

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
