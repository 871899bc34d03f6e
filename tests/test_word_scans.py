"""The scans that let the word evidence, the English flag and the gazetteer
skip a text or a line: each may skip only where walking every line, word
or capital letter finds nothing, so each mechanism finds what that walk
finds (the walks are written out here as they were before the scans)."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import partial
from unittest import mock

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.engine import cleaner_for
from pipeline.resources.gazetteer import GLUED_AFTER, PREFIX, Gazetteer
from pipeline.stages import evidence, flags, lines, names
from pipeline.stages.wordscan import chunks_of

PIECES = ["ha", "haus", "Haus", "the", "The", "of", "New", "York", "der", "a", "to", "and",
          "ΑΣ", "Σ", "ς", "İ", "e\u0301", "told", "you", "so", "Know-how", "first", "class", "LBC"]
SEPARATORS = ["", " ", " ", " ", ", ", "\n", "-", "'", "’", ". ", "\n\n", "„", "“", "(", ")", "2"]


def texts(pieces: list[str]) -> st.SearchStrategy[str]:
    part = st.tuples(st.sampled_from(pieces), st.sampled_from(SEPARATORS))
    return st.lists(part, max_size=60).map(lambda parts: "".join(w + s for w, s in parts))


@pytest.fixture(scope="module")
def res(rules):
    return cleaner_for(rules).resources


# --- loops ----------------------------------------------------------------------

def _walk_loops(text: str, s: evidence.LoopSettings) -> list[str]:
    found = []
    for line in evidence.lines_of(text):
        for piece in evidence.windows(line):
            words = [w.lower() for w in evidence.WORD.findall(piece)]
            unit = evidence.tandem_repeat(words, s, s.word_repeats, s.phrase_repeats)
            if unit:
                found.append(unit)
                break
    return found


@settings(max_examples=2000, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(["a", "b", "ccc", "ddd"]), max_size=30),
       st.integers(0, 5), st.integers(0, 5))
def test_may_loop_says_yes_wherever_a_phrase_repeats(words, word_repeats, phrase_repeats):
    s = evidence.LoopSettings()
    if evidence.tandem_repeat(words, s, word_repeats, phrase_repeats):
        assert evidence.may_loop(words, s, word_repeats, phrase_repeats)


@settings(max_examples=1000, deadline=None, derandomize=True)
@given(texts(["ha", "Ha", "haus", "HAUS", "ΑΣ", "ας", "der", "e\u0301"]), st.integers(2, 4),
       st.integers(2, 3), st.booleans())
def test_find_loops_finds_what_the_walk_finds(text, word_repeats, phrase_repeats, small):
    s = evidence.LoopSettings(word_repeats=word_repeats, phrase_repeats=phrase_repeats)
    # small windows: a loop cut by a window's edge (the words at the cut are pieces)
    with mock.patch.multiple(evidence, WINDOW=12, OVERLAP=4) \
            if small else mock.patch.object(evidence, "windows", evidence.windows):
        assert evidence.find_loops(text, s) == _walk_loops(text, s)


# --- English runs (flags) -------------------------------------------------------

def _walk_english_runs(text, res, p, english):  # noqa: ANN001, ANN202
    runs = []
    found = [w for w in set(flags.TOKEN.findall(text)) if english(w)]
    one_text = any("\n" in j for j in p.joiners)
    for start, end in [(0, len(text))] if one_text and found else lines.holding(text, found):
        run = []
        for m in flags.TOKEN.finditer(text, start, end):
            if run and text[run[-1].end():m.start()] not in p.joiners:
                runs.append(run)
                run = []
            if english(m.group()) and not flags._in_german_compound(m, text, res):
                run.append(m)
            elif run:
                runs.append(run)
                run = []
        if run:
            runs.append(run)
    return runs


@settings(max_examples=1000, deadline=None, derandomize=True)
@given(texts(PIECES), st.integers(0, 3))
def test_english_runs_keep_every_run_long_enough_to_flag(rules, res, text, min_run):
    rule = rules.get("flags.untranslated-english")
    p = rule.settings
    english = res.lexicon.verdicts((rule.id, p), partial(flags._english_word, res=res, p=p)).__getitem__
    p = replace(p, min_run=min_run)

    def spans(runs):  # noqa: ANN001, ANN202
        return [[m.span() for m in run] for run in runs if len(run) >= min_run]

    assert spans(flags._english_runs(text, res, p, english)) == \
        spans(_walk_english_runs(text, res, p, english))


# --- gazetteer ------------------------------------------------------------------

def _walk_gazetteer(gaz: Gazetteer, text: str) -> list[tuple[int, int, int, str]]:
    out, pos = [], 0
    for m in gaz._starts.finditer(text):
        p = m.start()
        if p < pos or (text[p:p + 3] not in gaz._heads and text[p:p + 2] not in gaz._heads):
            continue
        tried = [s for k in range(PREFIX, 1, -1) for s in gaz._by_prefix.get(text[p:p + k], ())]
        for s in sorted(tried, key=gaz._rank.__getitem__):
            end = p + len(s)
            if not text.startswith(s, p):
                continue
            if text.startswith("s", end) and not GLUED_AFTER.match(text, end + 1):
                out.append((p, end, end + 1, s))
                pos = end + 1
                break
            if not GLUED_AFTER.match(text, end):
                out.append((p, end, end, s))
                pos = end
                break
    return out


@settings(max_examples=1000, deadline=None, derandomize=True)
@given(st.data())
def test_the_gazetteer_finds_what_trying_every_capital_finds(res, data):
    gaz = res.gazetteer
    spellings = sorted(gaz.entity_of)
    some = data.draw(st.lists(st.sampled_from(spellings), min_size=1, max_size=6))
    cut = [s[:k] for s in some for k in (2, 3, len(s) - 1)]
    text = data.draw(texts(some + cut + ["s", "x", "9", "Die", "@", "/", ".", "_"]))
    assert list(gaz.find(text)) == _walk_gazetteer(gaz, text)


def test_every_letter_or_digit_of_re_is_one_of_regex():
    """The gazetteer's candidate scan reads words with ``re``; ``find``
    judges what follows a spelling with ``regex``.  A character that ``re``
    takes for part of a word but ``regex`` does not could hide a spelling."""
    word, alnum = re.compile(r"\w"), regex.compile(r"[\p{L}\p{N}_]")
    assert [hex(c) for c in range(0x110000) if word.match(chr(c)) and not alnum.match(chr(c))] == []


def test_a_spelling_that_starts_with_no_letter_is_still_found():
    gaz = Gazetteer(({"id": "tag", "kind": "other", "p": "#Tag"},
                     {"id": "kiew", "kind": "place", "p": "Kiew", "variants": ["Kyiv"]}), ("p",), "p")
    text = "Am #Tag in Kyivs Mitte, nicht in #Tags oder Kyivx."
    found = list(gaz.find(text))
    assert found == _walk_gazetteer(gaz, text)
    assert [s for *_, s in found] == ["#Tag", "Kyiv", "#Tag"]


# --- chunk by chunk ------------------------------------------------------------
#: every kind of whitespace ``str.split`` cuts at, some of which ``\s`` does not
WHITESPACE = [" ", "\n", "\t", "\x1c", "\x1f", "\x85", "\xa0", "\u2028", "\u3000"]
NAMES = ["Zelenskyy", "Kharkiv", "Peskov", "Holzhaus", "Kyiv", "Kyivs", "Die", "Also",
         "ZHytomyr", "Poroshenko", "Tsarev", "Casanova", "Kowalski", "Shcherbakov"]
GLUE = ["@", "/", ".", "-", "x", "9", "_", "s", ".de", "/x", "Ä"]


def _spaced(pieces: list[str]) -> st.SearchStrategy[str]:
    part = st.tuples(st.sampled_from(pieces), st.sampled_from(SEPARATORS + WHITESPACE))
    return st.lists(part, max_size=60).map(lambda parts: "".join(w + s for w, s in parts))


@settings(max_examples=1000, deadline=None, derandomize=True)
@given(st.data())
def test_the_gazetteer_finds_the_same_from_the_chunks(res, data):
    """``find`` with the text's chunks finds what the scan of the whole text
    finds, the first time a chunk is read and when it is remembered."""
    gaz = res.gazetteer
    some = data.draw(st.lists(st.sampled_from(sorted(gaz.entity_of)), min_size=1, max_size=6))
    text = data.draw(_spaced(some + [s[:3] for s in some] + GLUE))
    expected = _walk_gazetteer(gaz, text)
    assert list(gaz.find(text, chunks_of(text))) == expected
    assert list(gaz.find(text, chunks_of(text))) == expected


@settings(max_examples=1000, deadline=None, derandomize=True)
@given(_spaced(NAMES + GLUE))
def test_the_capitalised_words_are_those_of_the_chunks(text):
    assert set(names.CAPITALISED.findall(text)) == \
        {w for chunk in chunks_of(text) for w in names.CAPITALISED.findall(chunk)}


@settings(max_examples=3000, deadline=None, derandomize=True)
@given(st.text(st.one_of(st.characters(), st.sampled_from(list("aäßZÄǅᾈİ.-@/"))), max_size=12))
def test_a_chunk_of_lower_case_letters_holds_no_capitalised_word(chunk):
    """What ``Spellings.any_in`` skips a chunk for."""
    if chunk.islower():
        assert names.CAPITALISED.findall(chunk) == []


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(_spaced(NAMES + GLUE), min_size=1, max_size=4))
def test_spellings_say_whether_a_text_has_a_transliteration(res, rules, batch):
    """As the judge of every capitalised word of the text says, whichever
    chunks earlier texts have left remembered."""
    rule = rules.get("names.slavic-transliteration")
    judge = partial(names._german_spelling, p=rule.settings, res=res)
    spellings = names.Spellings(judge)
    for text in batch:
        expected = any(judge(w) is not None for w in names.CAPITALISED.findall(text))
        assert spellings.any_in(chunks_of(text)) == expected
