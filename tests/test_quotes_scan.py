"""The quote reader finds marks by one scan of the whole text and widens
each by hand over its spaces: the marks must be those a per-block search
for a quote with the spaces around it finds."""

from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import load_rules
from pipeline.stages.quotes import read_marks

SETTINGS = load_rules().get("typography.german-quotes").settings
MARK = regex.compile(r"[ ]*([\"“”„])[ ]*")


def _spans(text: str, cuts: list[int]) -> list[tuple[int, int]]:
    points = sorted({0, len(text), *(min(c, len(text)) for c in cuts)})
    return list(zip(points, points[1:]))


@settings(max_examples=2000, deadline=None, derandomize=True)
@given(st.text(st.sampled_from(' a"“”„.\n1'), max_size=40), st.lists(st.integers(0, 40), max_size=4))
def test_marks_are_those_of_a_search_per_block(text, cuts):
    spans = _spans(text, cuts)
    expected = [(m.start(), m.end(), m.start(1), b) for b, span in enumerate(spans)
                for m in MARK.finditer(text, *span)]
    assert [(mk.start, mk.end, mk.at, mk.block) for mk in read_marks(text, spans, SETTINGS)] == expected
