"""The line finders the word scans rely on: no line that holds one of the
words, or that a span touches, may be left out (a left-out line is a word
never looked at)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.stages import lines

TEXT = st.text(st.sampled_from("ab \n"), max_size=40)
WORDS = st.lists(st.text(st.sampled_from("ab"), min_size=1, max_size=3), max_size=40)


def _lines(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for line in text.split("\n"):
        out.append((start, start + len(line)))
        start += len(line) + 1
    return out


@settings(max_examples=500, deadline=None, derandomize=True)
@given(TEXT, WORDS)
def test_holding_finds_every_line_with_a_word(text, words):
    found = lines.holding(text, words)
    assert found == sorted(set(found))
    wanted = {(s, e) for s, e in _lines(text) if any(w in text[s:e] for w in words)}
    assert wanted <= set(found)
    if len(words) <= lines.MAX_WORDS:
        assert set(found) == wanted


@settings(max_examples=500, deadline=None, derandomize=True)
@given(TEXT, st.lists(st.tuples(st.integers(0, 40), st.integers(1, 5)), max_size=6))
def test_overlapping_finds_every_line_a_span_touches(text, raw):
    spans = [(a, min(a + n, len(text))) for a, n in raw if a < len(text)]
    found = set(lines.overlapping(text, spans))
    wanted = {(s, e) for s, e in _lines(text)
              for a, b in spans if s <= a <= e or a <= s < b}
    assert found == wanted
