"""The lexicon keeps each word's frequencies in both languages from one
look-up of the table: every answer is the float a look-up per language
gives, the way wordfreq computes it from the bucket."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from pipeline.resources.lexicon import Lexicon
from pipeline.resources.tables import LANGS

LEX = Lexicon()
WORDS = ["der", "Der", "Präsident", "STRASSE", "Straße", "Kyiv", "the", "will", "Gipfel",
         "xqzv", "", "ß", "İstanbul", "Melzerhat", "gipfeln", "Hat"]


def _zipf_per_language(word: str, lang: str) -> float:
    found = LEX._freq.get(word.casefold()) if "\x00" not in word else None   # marisa cuts at NUL
    index = found[0][LANGS.index(lang)] if found else 0
    return math.log10(10 ** (-(index - 1) / 100)) + 9 if index else 0.0


def _check(word: str) -> None:
    de, en = _zipf_per_language(word, "de"), _zipf_per_language(word, "en")
    assert (LEX.zipf(word), LEX.zipf(word, "de"), LEX.zipf(word, "en")) == (de, de, en)
    assert LEX.best(word) == max(de, en)
    found = LEX._forms.get(word) if "\x00" not in word else None
    assert LEX.lemma(word) == (found[0].decode("utf-8") if found else None)


def test_the_known_words_read_as_one_look_up_per_language():
    for word in WORDS:
        _check(word)
        _check(word)          # the second time from the table


@given(st.sampled_from(WORDS).flatmap(lambda w: st.sampled_from([w, w.lower(), w.upper(), w[:-1]]))
       | st.text(max_size=12))
def test_any_word_reads_as_one_look_up_per_language(word):
    _check(word)


def test_a_word_with_a_nul_is_unseen_not_an_error():
    # marisa keys end at NUL: a look-up of one raised (struct.error, SystemError)
    for word in ["\x00", "der\x00", "0\x00\U00010000"]:
        assert (LEX.zipf(word), LEX.best(word), LEX.lemma(word)) == (0.0, 0.0, None)
