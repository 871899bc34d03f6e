"""Showing a small change inside a long text.

A news paragraph is one line of 1,500 characters; a one-dash change in it
is lost in a line diff.  :func:`windows` cuts the difference between two
texts into short stretches, each the changed words with a few words of
context (``git diff --word-diff`` with its context trimmed), and
:func:`visible` and :func:`lookalikes` make what cannot be seen visible:
whitespace, and characters that look alike (en dash, hyphen, em dash,
minus; typewriter and typographic quotes; no-break and thin spaces).
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass

import regex

TOKEN = regex.compile(r"\s+|\w+|[^\w\s]")
#: how whitespace is drawn where it is the change
SHOWN = {" ": "␣", "\n": "⏎", "\t": "⇥", "\u00a0": "⍽", "\r": "␍"}
#: ASCII characters that have typographic look-alikes
ASCII_LOOKALIKES = frozenset("-'\"`")
#: a changed stretch longer than this is shown by its two ends
LONG = 240


@dataclass(frozen=True, slots=True)
class Window:
    """One stretch of a difference: ``pieces`` are ``(op, text)`` with op
    ``=`` (in both texts), ``-`` (only in the old) or ``+`` (only in the
    new); ``line`` is the old text's line where the stretch starts; ``cut_left``
    and ``cut_right`` say that the text goes on beyond the stretch."""

    line: int
    pieces: tuple[tuple[str, str], ...]
    cut_left: bool = False
    cut_right: bool = False

    def side(self, op: str) -> str:
        """The stretch as one side reads it (``-`` old, ``+`` new)."""
        return "".join(t for o, t in self.pieces if o in ("=", op))


def visible(s: str) -> str:
    """``s`` with whitespace and invisible characters drawn: ``␣`` for a
    space, ``⏎`` for a line break, ``⍽`` for a no-break space, ``⟨U+200B⟩``
    for other spaces and format characters; ``∅`` for nothing at all.

    >>> visible(" -\\n"), visible("")
    ('␣-⏎', '∅')
    """
    if not s:
        return "∅"
    out = []
    for ch in s:
        if ch in SHOWN:
            out.append(SHOWN[ch])
        elif unicodedata.category(ch) in ("Zs", "Zl", "Zp", "Cf", "Cc"):
            out.append(f"⟨U+{ord(ch):04X}⟩")
        else:
            out.append(ch)
    return "".join(out)


DOUBLE_QUOTES = frozenset('"“”„«»″‟')
SINGLE_QUOTES = frozenset("'‘’‚‹›`´′‛")


def skeleton(ch: str) -> str:
    """What a character looks like at a glance: every dash a hyphen, every
    double quote ``"``, every single quote ``'``, every space a space,
    format characters nothing."""
    cat = unicodedata.category(ch)
    if cat == "Pd" or ch == "\u2212":
        return "-"
    if ch in DOUBLE_QUOTES:
        return '"'
    if ch in SINGLE_QUOTES:
        return "'"
    if cat == "Zs":
        return " "
    return "" if cat == "Cf" else ch


def _alike(ch: str) -> bool:
    return skeleton(ch) != ch or ch in " -'\"`"


def codepoint(ch: str) -> str:
    """``U+2013 EN DASH``."""
    return f"U+{ord(ch):04X} {unicodedata.name(ch, 'UNNAMED')}"


def lookalikes(before: str, after: str) -> str:
    """When ``before`` and ``after`` look the same at a glance (they differ
    in dashes, quotes or spaces only), the characters that differ with
    their code points; else "".

    >>> lookalikes(" -", " –")
    '- U+002D HYPHEN-MINUS → – U+2013 EN DASH'
    >>> lookalikes("a\u00a0b", "a b")
    '⍽ U+00A0 NO-BREAK SPACE → ␣ U+0020 SPACE'
    >>> lookalikes("Kyiv", "Kiew"), lookalikes(" date 2025-08-15", ""), lookalikes(" -", "-")
    ('', '', '')
    """
    if before == after or "".join(map(skeleton, before)) != "".join(map(skeleton, after)):
        return ""
    gone = sorted({ch for ch in before if _alike(ch)} - set(after))
    came = sorted({ch for ch in after if _alike(ch)} - set(before))
    left = ", ".join(f"{_glyph(ch)} {codepoint(ch)}" for ch in gone) or "∅"
    right = ", ".join(f"{_glyph(ch)} {codepoint(ch)}" for ch in came) or "∅"
    return f"{left} → {right}"


def _glyph(ch: str) -> str:
    return visible(ch)


def shorten(s: str, limit: int = LONG) -> str:
    """A long stretch by its two ends and its length in the middle."""
    if len(s) <= limit:
        return s
    head, tail = s[:limit * 2 // 3], s[-(limit // 4):]
    return f"{head} …[{len(s) - len(head) - len(tail):,} characters]… {tail}"


def windows(old: str, new: str, context: int = 5) -> list[Window]:
    """The differences between ``old`` and ``new`` as short windows, each
    with ``context`` words of unchanged text on either side (fewer where a
    line ends).  Lines are matched first, words only inside lines that
    differ, so a long document costs a line diff plus small word diffs.

    >>> [w.pieces for w in windows("a b c d e f g h", "a b c d X f g h", context=1)]
    [(('=', 'd '), ('-', 'e'), ('+', 'X'), ('=', ' f'))]
    """
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    out: list[Window] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        # the unchanged lines either side lend context to a line added or removed whole
        before = a[i1 - 1] if i1 and j1 and a[i1 - 1] == b[j1 - 1] else ""
        after = a[i2] if i2 < len(a) and j2 < len(b) and a[i2] == b[j2] else ""
        out += _word_windows(before + "".join(a[i1:i2]) + after, before + "".join(b[j1:j2]) + after,
                             i1 + 1 - bool(before), context)
    return out


def _word_windows(old: str, new: str, first_line: int, context: int) -> list[Window]:
    x, y = TOKEN.findall(old), TOKEN.findall(new)
    ops: list[tuple[str, list[str]]] = []
    for tag, a1, a2, b1, b2 in difflib.SequenceMatcher(None, x, y, autojunk=False).get_opcodes():
        if tag == "equal":
            ops.append(("=", x[a1:a2]))
            continue
        if a2 > a1:
            ops.append(("-", x[a1:a2]))
        if b2 > b1:
            ops.append(("+", y[b1:b2]))
    changed = [i for i, (op, _) in enumerate(ops) if op != "="]
    out: list[Window] = []
    start = 0
    while start < len(changed):
        end = start    # neighbouring changes share a window when few words lie between
        while end + 1 < len(changed) and _words(ops[changed[end] + 1:changed[end + 1]]) <= 2 * context:
            end += 1
        first, last = changed[start], changed[end]
        line = first_line + sum(t.count("\n") for op, toks in ops[:first] if op != "+" for t in toks)
        pieces: list[tuple[str, str]] = []
        left, cut_left = _edge(ops[first - 1][1], context, reverse=True) if first else ("", False)
        pieces.append(("=", left))
        for op, toks in ops[first:last + 1]:
            text = "".join(toks)
            pieces.append((op, text if op == "=" else shorten(text)))
        right, cut_right = (_edge(ops[last + 1][1], context, reverse=False)
                            if last + 1 < len(ops) else ("", False))
        pieces.append(("=", right))
        out.append(Window(line, _merge(pieces), cut_left or first > 1,
                          cut_right or last + 2 < len(ops)))
        start = end + 1
    return out


def _words(ops: list[tuple[str, list[str]]]) -> int:
    return sum(1 for op, toks in ops if op == "=" for t in toks if not t.isspace())


def _edge(tokens: list[str], n: int, reverse: bool) -> tuple[str, bool]:
    """Up to ``n`` words of ``tokens`` next to a change (its end when
    ``reverse``), never across a line break, and whether text was left out."""
    seq = reversed(tokens) if reverse else iter(tokens)
    taken: list[str] = []
    words, cut = 0, False
    for t in seq:
        if ("\n" in t and taken) or (not t.isspace() and words == n):
            cut = True
            break
        words += not t.isspace()
        taken.append(t)
    while cut and taken and taken[-1].isspace():
        taken.pop()
    return "".join(reversed(taken) if reverse else taken), cut


def _merge(pieces: list[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """Empty pieces dropped, neighbours of one kind joined."""
    out: list[tuple[str, str]] = []
    for op, text in pieces:
        if not text:
            continue
        if out and out[-1][0] == op:
            out[-1] = (op, out[-1][1] + text)
        else:
            out.append((op, text))
    return tuple(out)
