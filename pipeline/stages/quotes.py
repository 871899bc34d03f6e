"""Which double quote opens and which closes, from local evidence.

Parity (the first mark opens, the next closes) turns every later pair inside
out after one stray mark.  Instead each mark is read from its neighbours: a
mark tight against the following word, with a space, the block start or a
bracket before it, opens; one tight against the preceding word, with a space,
punctuation or the block end after it, closes.  Only marks that this leaves
open (``word"word``, `` " ``) take their role from the glyph (``„`` opens,
``”`` closes) or from the pairing.  Marks are paired with a stack, block by
block; a quotation left open at a block's end may close in a later block (a
quotation over several paragraphs), and a block that opens with a quote while
one is pending continues it, as news paragraphs of one long quotation do.

Where the evidence disagrees (a closing mark with no quotation to close, a
guessed mark left without a partner) the block is reported and none of its
marks is touched: a wrong guess would turn pairs inside out.  A quotation cut
at the document's edge (an excerpt, a WMT document of ten segments) is no
disagreement.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

import regex

#: the double quotes, each sought by ``str.find``; a mark is one with the
#: spaces around it (they are rewritten with it)
DOUBLE_MARKS = "\"“”„"


def positions(text: str, marks: str) -> list[int]:
    """Where any of ``marks`` (single characters) stands in ``text``, in
    order: what a character class finds, by one ``str.find`` scan per mark
    (a vectorised search) rather than a class test on every character
    (ten times the instructions).

    >>> positions('Er sagte: „Ja“ und "nein".', DOUBLE_MARKS)
    [10, 13, 19, 24]
    """
    found = []
    for mark in marks:
        at = text.find(mark)
        while at >= 0:
            found.append(at)
            at = text.find(mark, at + 1)
    found.sort()
    return found

OPEN, CLOSE, EITHER, INCH = "open", "close", "either", "inch"


@dataclass(frozen=True)
class QuoteSettings:
    #: German double quotes
    double: tuple[str, str]
    #: German single quotes, for a quote inside a quote
    single: tuple[str, str]
    #: the English closing quote: it only closes
    english_close: str
    #: before a mark with no space between: it opens (``Anti-"Terror"``, ``("Nein")``, ``sagte:"Ja"``)
    open_after: str
    #: after a mark with no space between: it opens (a bracket, a single quote)
    open_before: str
    #: before a mark with no space between: it closes (``Ende."``, ``(sic)"``)
    close_after: str
    #: after a mark: it closes (``"Nein",``, ``"Lower 48"-Staaten``)
    close_before: str
    #: the text before a typewriter or English closing mark that makes it an
    #: inch mark (``27"-Monitor``) when no quotation is open ...
    inch_before: regex.Pattern
    #: ... and the size before any double quote that does (``20x16„ und``:
    #: translation makes German quotes of inch marks too)
    size_before: regex.Pattern
    inch_glyphs: str = "\"”"


@dataclass(frozen=True, slots=True)
class QuoteMark:
    """One double quote: its span with the spaces around it, the mark, what
    its neighbours say, and the block it is in."""

    start: int
    end: int
    at: int
    glyph: str
    reading: str
    block: int
    #: the first thing in its block
    first: bool = False
    #: the shape of a mark misplaced inside out: ``diese„ Wurzel``
    glued_left: bool = False
    #: ... and of its partner: ``Wurzelursachen “,``
    loose_close: bool = False


@dataclass
class Pairing:
    """What the marks of a document are: a role by mark index, pairs with
    their depth (1 = a quote inside a quote), and for each block whose
    evidence disagrees, the marks that do not fit."""

    roles: dict[int, str] = field(default_factory=dict)
    pairs: list[tuple[int, int, int]] = field(default_factory=list)
    disagree: dict[int, list[int]] = field(default_factory=dict)


def read_marks(text: str, spans: list[tuple[int, int]], s: QuoteSettings) -> list[QuoteMark]:
    """Every double quote of the blocks, read.  The quotes are found by one
    scan of the whole text (most blocks have none), and each takes the
    spaces before it (back to the previous mark or the block's start) and
    after it (up to the block's end)."""
    quotes = positions(text, DOUBLE_MARKS)
    marks: list[QuoteMark] = []
    for b, (start, end) in enumerate(spans):
        i = bisect.bisect_left(quotes, start)
        last = start
        while i < len(quotes) and quotes[i] < end:
            at = quotes[i]
            left = at
            while left > last and text[left - 1] == " ":
                left -= 1
            last = at + 1
            while last < end and text[last] == " ":
                last += 1
            marks.append(read_mark(text, left, at, last, b, (start, end), s))
            i += 1
    return marks


def read_mark(text: str, start: int, at: int, end: int, b: int, block: tuple[int, int],
              s: QuoteSettings) -> QuoteMark:
    """A mark's reading from its neighbours alone; see the module docstring.
    ``text[start:end]`` is the mark with its spaces, ``at`` the quote."""
    glyph = text[at]
    spaced_left, spaced_right = start < at, end > at + 1
    lc = text[start - 1] if start > block[0] else ""
    rc = text[end] if end < block[1] else ""
    first = start == block[0]
    if lc.isdigit() and _inch(text, max(block[0], start - 24), at, glyph, s):
        return QuoteMark(start, end, at, glyph, INCH, b, first)
    left = OPEN if spaced_left or not lc or lc in s.open_after else \
        CLOSE if lc.isalnum() or lc in s.close_after else ""
    right = CLOSE if spaced_right or not rc or rc in s.close_before else \
        OPEN if rc.isalnum() or rc in s.open_before else ""
    if left == right or not right:
        reading = left or EITHER
    elif not left:
        reading = right
    elif left == CLOSE:
        reading = EITHER                  # word"word
    elif not rc or (not spaced_right and rc in s.close_before):
        reading = CLOSE                   # nothing opens before a comma or at the end
    elif not lc or (not spaced_left and lc in s.open_after):
        reading = OPEN                    # nothing closes at the start or after a bracket
    else:
        reading = EITHER                  # word " word
    glued_left = left == CLOSE and spaced_right and rc.isalnum()
    loose_close = spaced_left and (lc.isalnum() or lc in s.close_after) and \
        (not rc or rc in s.close_before)
    return QuoteMark(start, end, at, glyph, reading, b, first, glued_left, loose_close)


def _inch(text: str, start: int, at: int, glyph: str, s: QuoteSettings) -> bool:
    return bool(s.size_before.search(text, start, at) or
                (glyph in s.inch_glyphs and s.inch_before.search(text, start, at)))


def pair_marks(marks: list[QuoteMark], s: QuoteSettings) -> Pairing:
    """Roles and pairs for every mark of a document (see the module docstring)."""
    out = Pairing()
    by_block: dict[int, list[int]] = {}
    for i, mk in enumerate(marks):
        by_block.setdefault(mk.block, []).append(i)
    carry: int | None = None
    edge = True   # no quotation opened yet: one closing mark may end a quotation cut off before
    for b, idx in by_block.items():
        closes, opens, guessed = _pair_block(marks, idx, s, out)
        if carry is not None:
            if closes:
                out.pairs.append((carry, closes.pop(0), 0))
                carry = None
            elif marks[idx[0]].first and out.roles.get(idx[0]) == OPEN:
                carry = None              # a new paragraph of the same quotation
        bad = [i for i in opens if i in guessed] + (opens if len(opens) > 1 else [])
        for i in closes:
            if edge and not any(out.roles.get(j) == OPEN for j in idx if j < i):
                edge = False
            else:
                bad.append(i)
        edge = edge and not any(out.roles.get(i) == OPEN for i in idx)
        if bad:
            out.disagree[b] = sorted(set(bad))
        elif opens:
            carry = opens[-1]
    out.pairs = [(o, c, _depth(o, c, out.pairs)) for o, c, _ in out.pairs]
    for o, _, d in out.pairs:
        if d > 1:      # a quote in a quote in a quote: more likely strays than nesting
            out.disagree.setdefault(marks[o].block, []).append(o)
    return out


def _depth(o: int, c: int, pairs: list[tuple[int, int, int]]) -> int:
    """How many complete quotations enclose the pair: an opening mark whose
    quotation never closes makes no quote inside a quote."""
    return sum(1 for o2, c2, _ in pairs if o2 < o and c < c2)


def _pair_block(marks: list[QuoteMark], idx: list[int], s: QuoteSettings,
                out: Pairing) -> tuple[list[int], list[int], set[int]]:
    """Pair the marks of one block with a stack; returns the closing marks
    that found nothing open, the opening ones left open, and the marks whose
    role was guessed."""
    stack: list[int] = []
    closes: list[int] = []
    guessed: set[int] = set()
    k = 0
    while k < len(idx):
        i, mk = idx[k], marks[idx[k]]
        nxt = idx[k + 1] if k + 1 < len(idx) else None
        role = mk.reading
        if role == INCH and not stack:
            out.roles[i] = INCH
            k += 1
            continue
        if mk.glued_left and nxt is not None and marks[nxt].loose_close and \
                (mk.glyph == s.double[0] or not stack):
            # inside out: diese„ Wurzelursachen “, -> diese „Wurzelursachen“,
            out.roles[i], out.roles[nxt] = OPEN, CLOSE
            out.pairs.append((i, nxt, len(stack)))
            k += 2
            continue
        if role == INCH:
            role = CLOSE
        elif role == EITHER:
            role = _by_glyph(mk.glyph, s)
            if not role:
                role = CLOSE if stack else OPEN
                guessed.add(i)
        out.roles[i] = role
        if role == OPEN:
            stack.append(i)
        elif stack:
            out.pairs.append((stack.pop(), i, len(stack)))
        else:
            closes.append(i)
        k += 1
    return closes, stack, guessed


def _by_glyph(glyph: str, s: QuoteSettings) -> str:
    """``„`` opens and ``”`` closes; ``"`` says nothing, and neither does
    ``“``, which closes in German and opens in English."""
    if glyph == s.double[0]:
        return OPEN
    if glyph == s.english_close:
        return CLOSE
    return ""
