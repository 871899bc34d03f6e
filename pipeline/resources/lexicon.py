"""Word evidence for the repairs: how common a word is in German and English
(wordfreq's large lists, case-folded) and whether German reads a word as a
noun (simplemma's case-sensitive form dictionary).  It depends on no rule,
so one process opens it once (see :mod:`pipeline.resources`); the data
lives in memory-mapped tables (:mod:`pipeline.resources.tables`), and the
look-ups a document repeats are cached: each word's frequencies in both
languages come from one look-up of the table, kept in a plain dict (a hit
is a dict look-up, no cache wrapper in between)."""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable
from functools import lru_cache
from typing import Generic, TypeVar

from .tables import LANGS, MAX_INDEX, open_tables

#: distinct words a table holds before it starts afresh (memory
#: stays flat on a corpus of many GB)
MAX_VERDICTS = 500_000
#: the zipf of "unseen" in every language
UNSEEN = (0.0,) * len(LANGS)
#: a word's zipfs are (German, English): its two indexes in the table's row
DE, EN = 0, 1
assert LANGS == ("de", "en"), "Lexicon._zipf reads a row of the table as (de, en)"
#: language -> its place among a word's zipfs
COLUMN = {lang: i for i, lang in enumerate(LANGS)}
T = TypeVar("T")


class WordTable(dict[str, T], Generic[T]):
    """``make(word)`` for every word looked up, computed once; at ``limit``
    entries (MAX_VERDICTS unless given) the table starts afresh."""

    def __init__(self, make: Callable[[str], T], limit: int | None = None) -> None:
        super().__init__()
        self.make = make
        self.limit = MAX_VERDICTS if limit is None else limit

    def __missing__(self, word: str) -> T:
        if len(self) >= self.limit:
            self.clear()
        value = self[word] = self.make(word)
        return value


class Verdicts(WordTable[bool]):
    """A word -> verdict table: ``judge(word)`` for every word looked up."""


def zipf_of(index: int) -> float:
    """The float wordfreq itself gives for a bucket index + 1 (0: unseen):
    frequency 10 ** (-bucket / 100)."""
    return math.log10(10 ** (-(index - 1) / 100)) + 9 if index else 0.0


#: zipf_of of every index a table holds, worked out once: a word's first
#: look-up then picks its floats instead of computing them
ZIPFS = tuple(map(zipf_of, range(MAX_INDEX + 1)))


class Lexicon:
    def __init__(self) -> None:
        self._freq, self._forms = open_tables()
        # the two steps of Frequencies.indexes, without a call between
        self._word_id, self._index = self._freq.words.get, self._freq.index
        # a text repeats its words: each is looked up in the tables once
        self._zipfs = WordTable(self._zipf)
        self._lemmas = WordTable(self._lemma)
        self.readings = lru_cache(maxsize=200_000)(self._readings)
        self._verdicts: dict[Hashable, Verdicts] = {}

    def verdicts(self, key: Hashable, judge: Callable[[str], bool]) -> Verdicts:
        """A word -> verdict table for one question about words (``key``
        names it and its settings), filled as words are looked up: for a
        mechanism that asks it of every word of a text, one look-up each."""
        if key not in self._verdicts:
            self._verdicts[key] = Verdicts(judge)
        return self._verdicts[key]

    def zipf(self, word: str, lang: str = "de") -> float:
        """Zipf frequency (log10 per billion words); 0.0 when unseen."""
        return self._zipfs[word][COLUMN[lang]]

    def _zipf(self, word: str) -> tuple[float, ...]:
        """The word's zipf in every language of ``LANGS``, by one look-up."""
        if "\x00" in word:    # marisa cuts a key at NUL; no word of the tables holds one
            return UNSEEN
        found = self._word_id(word.casefold())
        if found is None:
            return UNSEEN
        index, row = self._index, 2 * found
        return ZIPFS[index[row]], ZIPFS[index[row + 1]]

    def best(self, word: str) -> float:
        zipfs = self._zipfs[word]
        return max(zipfs[DE], zipfs[EN])

    def lemma(self, form: str) -> str | None:
        return self._lemmas[form]

    def _lemma(self, form: str) -> str | None:
        found = self._forms.get(form) if "\x00" not in form else None
        return found[0].decode("utf-8") if found else None

    def lemmas(self, word: str) -> tuple[str | None, str | None]:
        """The noun lemma and the other (verb, adjective, ...) lemma German
        has for a word, None where it has no such reading."""
        low = word.lower()
        other = self.lemma(low)
        if other and other[:1].isupper():
            return other, None
        noun = self.lemma(low[:1].upper() + low[1:])
        return (noun if noun and noun[:1].isupper() else None), other

    def inflects(self, noun: str, endings: tuple[str, ...]) -> bool:
        """The noun lemma has a paradigm in the dictionary, not just itself:
        a lemma with none of the ``endings`` (Kauf-s, Lage-n) is a one-form
        entry, most often a capitalised homograph of a verb (``Hat``)."""
        return any(self.lemma(noun + e) == noun for e in endings) or \
            any(self.lemma(k) == noun for k in (noun[:-1], noun[:-1] + "n") if k)

    def _readings(self, word: str) -> tuple[float | None, float | None]:
        """How common the noun reading and the other (verb, adjective, ...)
        reading of a word are: the zipf of each lemma, None where German has
        no such reading.  ``gipfel`` has both (Gipfel, gipfeln), ``Uhr`` only
        a noun, ``beschrieb`` a frequent verb and a rare Swiss noun."""
        noun, other = self.lemmas(word)
        return (self.zipf(noun) if noun else None), (self.zipf(other) if other else None)

    def known_form(self, word: str) -> bool:
        """The exact form (case included) is a German word form."""
        return self.lemma(word) is not None
