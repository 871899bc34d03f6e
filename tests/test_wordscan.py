"""The fused-word repair's scans find what tokenising every line finds: the
suspect tokens outside skipped chunks, the word before each, and the words
that recur (hypothesis, against the straightforward reading of the text)."""

from __future__ import annotations

from collections import Counter

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.core import block_spans
from pipeline.stages.kept import Kept
from pipeline.stages.wordscan import MAX_SEARCHES, WORD, ChunkReader, Recurring, Tokens, skipped_chunks

SKIP = regex.compile(r"(?i)@|://|\\|(?<!\S)www\.|\.(?:com|de)\b")
PIECES = ["a", "b", "Ab", "aB", "X", "der", "Und", "’s", "'", "é", "e\u0301", "1", ".", ",",
          "@", "://", "www.", ".com", "\\", " ", " ", " ", "\n", "\n\n", "\t", "\xa0", "\x1c"]


class _Splitter:
    """Suspect: an inner capital, or longer than five letters."""

    kept = Kept()

    @staticmethod
    def one_word(word: str) -> bool:
        return word[1:].islower() and len(word) <= 5


def _tokens(text: str) -> list[tuple[int, str]]:
    """Every token outside the skipped chunks, as the repair once found them."""
    spans = skipped_chunks(text, SKIP)
    return [(m.start(), m.group()) for m in WORD.finditer(text)
            if not any(a <= m.start() < b for a, b in spans)]


def _reader(max_token: int = 8) -> ChunkReader:
    return ChunkReader(_Splitter(), max_token, SKIP)  # type: ignore[arg-type]


texts = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_suspects_and_the_words_before_them_are_those_of_every_token(text):
    reader = _reader()
    tokens = _tokens(text)
    expected = [(at, w) for at, w in tokens if reader.suspect(w)]
    for searches in (MAX_SEARCHES, 0):        # word by word, and one index of all tokens
        scan = Tokens(text, reader)
        scan._searches = searches
        assert scan.suspects() == expected
        for k, (at, _) in enumerate(tokens):
            before = None
            if k and text[tokens[k - 1][0] + len(tokens[k - 1][1]):at] == " ":
                before = tokens[k - 1][1]
            assert scan.before(at) == before


@settings(max_examples=400, deadline=None)
@given(texts, st.lists(st.sampled_from(["ab", "Ab", "der", "a", "X", "b"]), max_size=3))
def test_recurring_words_are_those_counted_outside_copies(text, asked):
    counts = Counter(w for _, w in _tokens(text))
    seen: set[str] = set()
    for start, end in block_spans(text):
        key = "".join(text[start:end].split())
        if key in seen:
            counts.subtract(w for at, w in _tokens(text) if start <= at < end)
        seen.add(key)
    for searches in (MAX_SEARCHES, 0):
        scan = Tokens(text, _reader())
        scan._searches = searches
        recurring = Recurring(scan, text, lambda: block_spans(text))
        for word in set(counts) | set(asked):
            assert (word in recurring) == (counts[word] > 1)


def test_a_document_of_many_rare_words_is_indexed_once():
    """Past MAX_SEARCHES words looked for one by one, one pass indexes them all."""
    text = " ".join(f"Wort{chr(0x61 + i % 26)}{chr(0x61 + i // 26)}x" for i in range(300)) * 2
    scan = Tokens(text, _reader())
    where: dict[str, list[int]] = {}
    for at, word in _tokens(text):
        where.setdefault(word, []).append(at)
    assert all(scan.starts(word) == starts for word, starts in where.items())
    assert scan._every is not None


@settings(max_examples=400, deadline=None)
@given(texts)
def test_a_suspect_told_cut_starts_where_the_text_has_it(text):
    """A suspect that is no ``kept.nothing`` (the stub's splitter keeps
    none) is found among the suspects wherever the text has it."""
    for searches in (MAX_SEARCHES, 0):
        scan = Tokens(text, _reader())
        scan._searches = searches
        words = {w for _, w in scan.suspects()}
        for word in words:
            scan.cut(word)
            assert scan.starts(word) == Tokens(text, _reader()).starts(word), word
