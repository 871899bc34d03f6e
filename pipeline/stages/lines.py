"""Lines worth a closer look, found at C speed.

Most lines of a text need nothing from a mechanism that looks at words one
by one in Python.  Where the words that matter are known first (a set
look-up over the text's distinct words) or the characters that matter are
found by one regular expression, only the lines holding them are walked.
A word never crosses a line break, so a line's words are the text's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: words looked for one by one; beyond, every line is walked
MAX_WORDS = 32
NEWLINE = re.compile("\n")


def holding(text: str, words: Iterable[str]) -> list[tuple[int, int]]:
    """The (start, end) of every line in which one of ``words`` occurs as a
    substring (a superset of the lines where it is a word), in text order;
    every line when there are more than MAX_WORDS words (a text of a
    hundred thousand rare words must not be searched once per word).

    >>> holding("a b\\nc dx\\ne", ["d", "e"])
    [(4, 8), (9, 10)]
    """
    words = list(words)
    if len(words) > MAX_WORDS:    # each word is a scan of the whole text
        return _lines_at(text, [0, *(m.end() for m in NEWLINE.finditer(text))])
    found = []
    for word in words:
        at = text.find(word)
        while at >= 0:
            found.append(at)
            at = text.find(word, at + len(word))
    return _lines_at(text, sorted(found))


def overlapping(text: str, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The (start, end) of every line that one of ``spans`` overlaps.

    >>> overlapping("ab\\ncd\\nef", [(1, 4)])
    [(0, 2), (3, 5)]
    """
    found = []
    for start, end in spans:
        found.append(start)
        newline = text.find("\n", start, end - 1)
        while newline >= 0:
            found.append(newline + 1)
            newline = text.find("\n", newline + 1, end - 1)
    return _lines_at(text, sorted(found))


def _lines_at(text: str, positions: list[int]) -> list[tuple[int, int]]:
    """The lines of the sorted ``positions``, each once.  One pass: a line
    break is looked for only between the last line found and the next
    position (a 50 MB line with a match every few words stays linear)."""
    lines: list[tuple[int, int]] = []
    end = -1
    for at in positions:
        if at <= end and lines:
            continue          # on the line found last
        start = text.rfind("\n", max(end, 0), at) + 1
        end = text.find("\n", at)
        if end < 0:
            end = len(text)
        lines.append((start, end))
    return lines
