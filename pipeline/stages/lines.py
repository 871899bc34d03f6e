"""Lines worth a closer look, found at C speed.

Most lines of a text need nothing from a mechanism that looks at words one
by one in Python.  Where the words that matter are known first (a set
look-up over the text's distinct words) or the characters that matter are
found by one regular expression, only the lines holding them are walked.
A word never crosses a line break, so a line's words are the text's.
"""

from __future__ import annotations

from collections.abc import Iterable


def holding(text: str, words: Iterable[str]) -> list[tuple[int, int]]:
    """The (start, end) of every line in which one of ``words`` occurs as a
    substring (a superset of the lines where it is a word), in text order.

    >>> holding("a b\\nc dx\\ne", ["d", "e"])
    [(4, 8), (9, 10)]
    """
    starts = set()
    for word in words:
        at = text.find(word)
        while at >= 0:
            starts.add(text.rfind("\n", 0, at) + 1)
            at = text.find(word, at + len(word))
    return [(s, _end(text, s)) for s in sorted(starts)]


def overlapping(text: str, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The (start, end) of every line that one of ``spans`` overlaps.

    >>> overlapping("ab\\ncd\\nef", [(1, 4)])
    [(0, 2), (3, 5)]
    """
    starts = set()
    for start, end in spans:
        starts.add(text.rfind("\n", 0, start) + 1)
        newline = text.find("\n", start, end - 1)
        while newline >= 0:
            starts.add(newline + 1)
            newline = text.find("\n", newline + 1, end - 1)
    return [(s, _end(text, s)) for s in sorted(starts)]


def _end(text: str, start: int) -> int:
    end = text.find("\n", start)
    return len(text) if end < 0 else end
