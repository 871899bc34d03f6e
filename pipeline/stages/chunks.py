"""A text's words read chunk by chunk, at C speed.

Some rules read every word of every text: the English flag, and the loop
and English-line detectors of the quality score.  A regular expression over
a 5 MB text costs 0.1-0.2 s, and a Python call per word as much again.
Here the text is cut at whitespace once (``str.split``, shared through
``Document.memo``), and what a rule needs of a chunk (its words, their
verdicts) is read once per distinct chunk and process, then looked up for
all chunks with C-level ``map``: most chunks of a text were seen before.

All of it rests on one fact: a word of these rules never holds whitespace,
so the words of a chunk read on its own are exactly the text's words in
that chunk, and the text's words are those of its chunks in order
(``tests/test_chunks.py`` checks it over any Unicode text).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

import regex

from ..resources.lexicon import WordTable

V = TypeVar("V")

#: a text's non-blank lines (stripped), each with its chunks
LineChunks = list[tuple[str, list[str]]]


def line_chunks(text: str) -> LineChunks:
    """What the English flag, the repeated sentences and the quality
    detectors read, found once for all (``Document.memo``): the chunks of
    all lines are ``text.split()``, since a line break is whitespace."""
    return [(line, line.split()) for line in map(str.strip, text.split("\n")) if line]


#: chunks remembered before a table starts afresh (memory stays flat on a
#: corpus of many GB, as the lexicon's verdicts do)
MAX_CHUNKS = 200_000


#: marks around a word that no word of these rules holds (not an
#: apostrophe or a hyphen: those join words)
MARKS = ".,;:!?()[]{}\"„“”‚‘»«…*"


def one_word(chunk: str) -> str | None:
    """The word of a chunk that is one word of letters, as it stands or in
    marks (``Haus,`` ``(Foto)``), else None: most chunks, read without a
    pattern (a letter for ``str.isalpha`` is a letter for ``regex``, and a
    mark is no part of a word; tests/test_chunks.py)."""
    if chunk.isalpha():
        return chunk
    word = chunk.strip(MARKS)
    return word if word.isalpha() else None


def words_in(chunk: str, pattern: regex.Pattern) -> Sequence[str]:
    """``pattern.findall(chunk)`` for a word pattern of these rules, without
    the pattern for a chunk that is one word (most chunks: :func:`one_word`,
    which tests/test_chunks.py checks against every such pattern)."""
    word = one_word(chunk)
    return pattern.findall(chunk) if word is None else (word,)


class ChunkTable(WordTable[V]):
    """``read(chunk)`` for every chunk looked up, worked out once (the
    lexicon's bounded table, with MAX_CHUNKS entries).  What is read must
    depend on the chunk alone (its words, their verdicts), never on the text
    around it."""

    def __init__(self, read: Callable[[str], V]) -> None:
        super().__init__(read, MAX_CHUNKS)
