"""The lexicon keeps each word's frequencies in both languages from one
look-up of the table: every answer is the float wordfreq's own list gives
for the word's bucket, in each language."""

from __future__ import annotations

import math
from functools import cache

from hypothesis import given
from hypothesis import strategies as st
from wordfreq import get_frequency_list

from pipeline.resources.lexicon import Lexicon
from pipeline.resources.tables import LANGS, Frequencies, open_tables, table_paths

LEX = Lexicon()
WORDS = ["der", "Der", "Präsident", "STRASSE", "Straße", "Kyiv", "the", "will", "Gipfel",
         "xqzv", "", "ß", "İstanbul", "Melzerhat", "gipfeln", "Hat"]


@cache
def _buckets(lang: str) -> dict[str, int]:
    """Word -> its bucket in wordfreq's large list, read from wordfreq itself."""
    return {word: i for i, bucket in enumerate(get_frequency_list(lang, "large")) for word in bucket}


def _zipf_per_language(word: str, lang: str) -> float:
    bucket = _buckets(lang).get(word.casefold())
    return math.log10(10 ** (-bucket / 100)) + 9 if bucket is not None else 0.0


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


def test_the_table_holds_every_word_of_both_lists_with_its_buckets():
    freq = Frequencies(*table_paths()[:2])
    words = set(_buckets("de")) | set(_buckets("en"))
    assert len(freq.words) == len(words)
    for word in words:
        assert freq.indexes(word) == tuple(_buckets(lang).get(word, -1) + 1 for lang in LANGS), word
    assert freq.indexes("xqzvkl") == (0,) * len(LANGS)


def test_missing_tables_are_built_whole_where_the_cache_points(tmp_path, monkeypatch):
    # what `make` does on a fresh machine, and a run after a build that stopped half-way
    monkeypatch.setenv("KLARTEXT_CACHE", str(tmp_path))
    freq_path, index_path, forms_path = table_paths()
    assert freq_path.parent == tmp_path
    index_path.write_bytes(b"\x01")        # a stale piece of an earlier build
    freq, forms = open_tables()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        p.name for p in (freq_path, index_path, forms_path))   # no temporary file left
    for word in ["der", "präsident", "the", "xqzvkl"]:
        assert freq.indexes(word) == LEX._freq.indexes(word)
    assert forms.get("Präsidenten") == LEX._forms.get("Präsidenten")


def test_an_array_that_does_not_fit_its_trie_is_built_again(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("KLARTEXT_CACHE", str(tmp_path))
    freq_path, index_path, forms_path = table_paths()
    open_tables()
    index_path.write_bytes(index_path.read_bytes()[:-4])     # two rows short
    freq, _ = open_tables()
    assert "building the word tables again" in caplog.text
    assert freq.indexes("der") == LEX._freq.indexes("der")
