"""Cutting a rewritten line into the smallest edits that make it.

ftfy and NFC hand back a whole new line.  Recorded as one change, the line
would be the original span of every later change on it (a double space after
``fÃ¼r`` would claim the whole line), so the rewrite is split into edits that
cover only what differs.  Both rewrite locally: printable ASCII is never
touched by NFC (unless a combining mark follows) and only rarely by ftfy, so
an ASCII character equal on both sides is a safe place to resynchronise, and
so are two equal characters of any other script.

The split is always correct (the edits turn the old line into the new one,
whatever they look like); it is only as small as the search window finds.
Time is linear in the line: equal stretches are compared in C, and each
difference costs at most a window's worth of probes.
"""

from __future__ import annotations

import unicodedata

#: how far (old + new characters) a difference is searched for its end
WINDOW = 48
#: characters compared at once when skipping an equal stretch
CHUNK = 256


def _equal_run(a: str, b: str, i: int, j: int) -> int:
    """How many characters from ``a[i:]`` and ``b[j:]`` are equal."""
    n = min(len(a) - i, len(b) - j)
    k = 0
    while k < n:
        m = min(CHUNK, n - k)
        if a[i + k:i + k + m] != b[j + k:j + k + m]:
            while a[i + k] == b[j + k]:
                k += 1
            return k
        k += m
    return k


def _unmarked(s: str, x: int) -> bool:
    """No combining mark follows ``s[x]`` (it cannot compose with one)."""
    return x + 1 == len(s) or not unicodedata.category(s[x + 1]).startswith("M")


def _agree(a: str, b: str, x: int, y: int) -> bool:
    """``a[x]`` and ``b[y]`` can be taken for the same character: equal, no
    mark after either, and printable ASCII (which ftfy and NFC leave alone)
    or followed by one more equal character."""
    if a[x] != b[y] or not (_unmarked(a, x) and _unmarked(b, y)):
        return False
    return " " <= a[x] <= "~" or a[x + 1:x + 2] == b[y + 1:y + 2]


def _resync(a: str, b: str, i: int, j: int) -> tuple[int, int] | None:
    """The nearest ``(i2, j2)`` after a difference at ``(i, j)`` where the two
    strings agree again (see :func:`_agree`), or both end."""
    for d in range(1, WINDOW + 1):
        for di in range(d, -1, -1):
            x, y = i + di, j + d - di
            if x > len(a) or y > len(b):
                continue
            if x == len(a) and y == len(b):
                return x, y
            if x < len(a) and y < len(b) and _agree(a, b, x, y):
                return x, y
    return None


def minimal_edits(old: str, new: str) -> list[tuple[int, int, str]]:
    """``(start, end, replacement)`` spans of ``old``, in order and apart,
    that turn ``old`` into ``new``.

    >>> minimal_edits("Die Motive fÃ¼r die Tat", "Die Motive für die Tat")
    [(12, 14, 'ü')]
    >>> minimal_edits("Mu\\u0308nchen und Ko\\u0308ln", "München und Köln")
    [(1, 3, 'ü'), (14, 16, 'ö')]
    """
    edits: list[tuple[int, int, str]] = []
    i = j = 0
    while True:
        k = _equal_run(old, new, i, j)
        i, j = i + k, j + k
        if i == len(old) and j == len(new):
            return edits
        found = _resync(old, new, i, j)
        if found is None:   # nothing in reach agrees: the rest is one edit
            edits.append((i, len(old), new[j:]))
            return edits
        x, y = found
        while x > i and y > j and old[x - 1] == new[y - 1]:   # Â€ž -> €ž: only the Â
            x, y = x - 1, y - 1
        edits.append((i, x, new[j:y]))
        i, j = found
