"""The words of a text read chunk by chunk (pipeline.stages.chunks): the
English flag and the quality detectors read each whitespace chunk's words
once per process, which is sound only if a text's words are exactly the
words of its chunks, in order."""

from __future__ import annotations

from itertools import chain

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.engine import cleaner_for
from pipeline.stages import evidence, flags, wordscan
from pipeline.stages.chunks import MARKS, ChunkTable, one_word, words_in

#: letters, marks, apostrophes, hyphens, digits, and every kind of
#: whitespace str.split knows (the \x1c-\x1f separators among them)
ALPHABET = st.one_of(
    st.characters(), st.sampled_from(MARKS),
    st.sampled_from(list("aZßİı\u0301\u0308'’-‐.,!?\n\t\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0"
                         "\u1680\u2000\u2028\u2029\u202f\u205f\u3000 ")))
TEXTS = st.text(ALPHABET, max_size=80)


@settings(max_examples=3000, deadline=None, derandomize=True)
@given(TEXTS)
def test_the_words_of_a_text_are_the_words_of_its_chunks(text):
    for pattern in (evidence.WORD, flags.TOKEN):
        assert pattern.findall(text) == [w for c in text.split() for w in pattern.findall(c)]
    english = {w: len(w) % 2 == 0 for w in flags.TOKEN.findall(text)}.__getitem__
    verdicts = flags.english_chunks(english)
    assert b"".join(map(verdicts.__getitem__, text.split())) == \
        bytes(map(english, flags.TOKEN.findall(text)))
    assert b"".join(map(evidence.word_codes, text.split())) == \
        b"".join(evidence.word_codes(w) for w in evidence.WORD.findall(text))
    for chunk in text.split():
        for pattern in (evidence.WORD, flags.TOKEN, wordscan.WORD):
            assert list(words_in(chunk, pattern)) == pattern.findall(chunk)
        word = one_word(chunk)
        if word is not None:
            assert evidence.WORD.findall(chunk) == flags.TOKEN.findall(chunk) == \
                wordscan.WORD.findall(chunk) == [word]
    lines = evidence.line_chunks(text)
    assert list(chain.from_iterable(chunks for _, chunks in lines)) == text.split()
    assert [line for line, _ in lines] == evidence.lines_of(text)
    assert flags.unspaced_sentences(lines) == \
        ["".join(m.split()) for m in flags.SENTENCE.findall(text) if m[:-1].strip()]


def test_a_letter_for_str_is_a_letter_for_regex():
    """A chunk of letters only is read as one word without the pattern."""
    letter = regex.compile(r"\p{L}")
    assert [hex(c) for c in range(0x110000) if chr(c).isalpha() and not letter.match(chr(c))] == []


@settings(max_examples=2000, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(["a", "b", "ccc", "ddd", "A", "Ccc"]), max_size=30),
       st.integers(0, 5), st.integers(0, 5))
def test_the_codes_say_a_loop_may_be_there_wherever_the_words_do(words, word_repeats, phrase_repeats):
    s = evidence.LoopSettings()
    lowered = [w.lower() for w in words]
    codes = b"".join(map(evidence.word_codes, words))
    assert len(codes) == len(words)
    if evidence.may_loop(lowered, s, word_repeats, phrase_repeats):
        assert evidence.may_loop_codes(codes, s, word_repeats, phrase_repeats)


@pytest.fixture(scope="module")
def res(rules):
    return cleaner_for(rules).resources


def _walk_english_lines(text, lex, s):  # noqa: ANN001, ANN202
    """find_english_lines as it was: the line's words by WORD, judged one by one."""
    found = []
    for line in evidence.lines_of(text):
        n, english = evidence.english_share(evidence.WORD.findall(line), lex, s)
        if n >= s.min_words and english >= s.min_share * n:
            found.append(line[:60])
    return found


@settings(max_examples=1000, deadline=None, derandomize=True)
@given(st.lists(st.tuples(st.sampled_from(["the", "and", "of", "told", "you", "so", "der", "Haus",
                                           "New", "York", "e\u0301", "ΑΣ", "2020", "you’re"]),
                          st.sampled_from([" ", " ", ", ", "\n", "-", ". ", "/", "\x1c", "\n\n"])),
                max_size=40).map(lambda parts: "".join(w + s for w, s in parts)),
       st.integers(1, 6))
def test_english_lines_are_found_as_by_the_walk(res, text, min_words):
    s = evidence.EnglishSettings(min_words=min_words)
    lines = evidence.line_chunks(text)
    codes, counts = evidence.line_facts(lines, evidence.chunk_facts(res.lexicon, s))
    assert codes == b"".join(map(evidence.word_codes, text.split()))
    assert evidence.find_english_lines(text, res.lexicon, s, lines, counts) == \
        _walk_english_lines(text, res.lexicon, s)


def test_a_full_table_starts_afresh(monkeypatch):
    monkeypatch.setattr("pipeline.stages.chunks.MAX_CHUNKS", 2)
    table = ChunkTable(str.upper)
    assert [table[c] for c in ["a", "b", "c", "a"]] == ["A", "B", "C", "A"]
    assert len(table) <= 2


def test_a_word_in_marks_is_read_without_the_pattern():
    assert [one_word(c) for c in ["Haus,", "(Foto)", "„Ja!“", "Know-how", "don't", "e\u0301", "2020"]] == \
        ["Haus", "Foto", "Ja", None, None, None, None]
