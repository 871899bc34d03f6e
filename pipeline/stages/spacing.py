"""Spacing: fused words split, spaced compound hyphens closed, hyphens used
as dashes turned into spaced en dashes, and spaces around punctuation.

The fused-word decision lives in :mod:`pipeline.fusion`; this module finds the
tokens, skips URLs and e-mail addresses, and restores the lower case of
function words that fusion capitalised (``TrumpUndPutin``).
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterator

import regex

from ..core import Document, Edit, Proposal
from ..resources import Resources
from ..spec import Mechanism, Rule, mechanisms
from . import lines
from .fusion import Cut, Segmentation, Splitter
from .wordevidence import FusionSettings

WORD = regex.compile(r"\p{L}[\p{L}\p{M}]*(?:['’]\p{L}+)?")
#: the whitespace before a position, and the rest of its chunk after it
SPACE_BEFORE = regex.compile(r"(?r)\s")
CHUNK_REST = regex.compile(r"\S*")
LAST_WORD = regex.compile(r"(?:\p{Lu}|^)\P{Lu}*\Z")
SENTENCE_START = regex.compile(r"(?:\A|[.!?:–]\s*[„\"“‚'(]?|\n\s*[„\"“‚'(]?|[„\"“(]\s*)\Z")


def _inner_capital(token: str) -> bool:
    return any(ch.isupper() for ch in token[1:])


def split_fused_words(doc: Document, rule: Rule, res: Resources) -> Proposal:
    """Split glued tokens.  A CamelCase form that recurs in the document is a
    name (``AlphaGo``), not an accident of translation.  A cut without German
    evidence (see :mod:`pipeline.fusion`) is only made in a document with at
    least ``min_certain`` certain fusions (native text has none), and never in
    a token that is itself evidence of a name: one that recurs, or that the
    lexicon has seen as a word (``Onisiwo``), however rarely.  A block that
    copies an earlier one is no second occurrence: whether the copy is
    removed (on this run or a later one) must not change what recurs."""
    s: FusionSettings = rule.settings
    splitter = res.derived(rule.id, lambda: Splitter(res.lexicon, res.gazetteer, s))
    text = doc.text
    skipped = _skipped_chunks(text, s.skip_chunks)
    counts = _counts(text, skipped)
    recurring = {t for t, n in (counts - _copied_words(text, doc.block_spans(), skipped)).items()
                 if n > 1}
    suspects = [t for t in counts if len(t) <= s.max_token and not splitter.one_word(t)]
    found = []
    for tokens in _lines_with(text, suspects, skipped):
        for k, (start, token) in enumerate(tokens):
            if len(token) > s.max_token or splitter.one_word(token):   # no fusion is that long
                continue
            initial = bool(SENTENCE_START.search(text[max(0, start - 4):start]))
            previous = ""
            if k and text[tokens[k - 1][0] + len(tokens[k - 1][1]):start] == " ":
                previous = LAST_WORD.search(tokens[k - 1][1]).group()   # derWeißes -> Weißes
            seg = splitter.segment(token, initial, previous, recurring)
            if seg and not _a_name(splitter, token, seg, recurring):
                found.append((start, token, initial, previous, seg))
    certain = sum(seg.any_certain for *_, seg in found)
    liberal = certain >= s.min_certain
    edits = []
    for start, token, initial, previous, seg in found:
        named = token in recurring or splitter.attested(token)
        whole = liberal and not named
        kept = seg if whole else seg.certain_only()
        if kept is None:
            continue
        kept = _settled(splitter, kept, initial, previous, recurring, s.max_word_pieces)
        edits.append(Edit(start, start + len(token), _join(splitter, kept.pieces, initial),
                          rule.id, _detail(kept, certain)))
    return Proposal(edits)


def _a_name(splitter: Splitter, token: str, seg: Segmentation, recurring: set[str]) -> bool:
    """A CamelCase form that recurs in the document is a name (``AlphaGo``),
    unless it starts with a function word (``derPolizei``)."""
    return token in recurring and _inner_capital(token) and not splitter.is_function(seg.pieces[0])


def _settled(splitter: Splitter, seg: Segmentation, initial: bool, previous: str,
             recurring: set[str], rounds: int) -> Segmentation:
    """``seg`` with every piece split again where a second clean would split
    it: a piece the search left whole (``Moskauder|wurde``: a cut after an
    unknown name ends the search) or that certain-only cutting glued back
    together may itself hold a certain cut (``Moskau|der``).  Only certain
    cuts: a second clean finds the document's certain fusions gone, so it
    believes no doubtful one."""
    for _ in range(rounds):
        pieces: list[str] = []
        cuts: list[Cut] = []
        for k, piece in enumerate(seg.pieces):
            if k:
                cuts.append(seg.cuts[k - 1])
            inner = splitter.segment(piece, initial and k == 0,
                                     previous if k == 0 else seg.pieces[k - 1], recurring)
            if inner is not None:
                inner = None if _a_name(splitter, piece, inner, recurring) else inner.certain_only()
            pieces += inner.pieces if inner is not None else (piece,)
            cuts += inner.cuts if inner is not None else ()
        if len(pieces) == len(seg.pieces):
            return seg
        seg = Segmentation(tuple(pieces), tuple(cuts))
    return seg


def _skipped_chunks(text: str, skip: regex.Pattern) -> list[tuple[int, int]]:
    """The whitespace-delimited chunks in which a match of ``skip`` starts
    (URLs, e-mail addresses, paths), found by one search of the whole text."""
    spans: list[tuple[int, int]] = []
    for m in skip.finditer(text):
        if spans and m.start() < spans[-1][1]:
            continue
        space = SPACE_BEFORE.search(text, 0, m.start())
        spans.append((space.end() if space else 0, CHUNK_REST.match(text, m.start()).end()))
    return spans


def _counts(text: str, skipped: list[tuple[int, int]]) -> Counter[str]:
    """How often each word occurs outside the skipped chunks (words never
    cross whitespace, so a chunk holds whole words)."""
    counts = Counter(WORD.findall(text))
    for start, end in skipped:
        counts.subtract(WORD.findall(text, start, end))
    return +counts


def _copied_words(text: str, blocks: list[tuple[int, int]],
                  skipped: list[tuple[int, int]]) -> Counter[str]:
    """The words (outside the skipped chunks) of the blocks that repeat an
    earlier block, spacing aside."""
    seen: set[str] = set()
    out: Counter[str] = Counter()
    for start, end in blocks:
        key = "".join(text[start:end].split())
        if key not in seen:
            seen.add(key)
            continue
        out.update(WORD.findall(text, start, end))
        for a, b in skipped:
            if start <= a < end:
                out.subtract(WORD.findall(text, a, min(b, end)))
    return +out


def _lines_with(text: str, words: list[str], skipped: list[tuple[int, int]]
                ) -> Iterator[list[tuple[int, str]]]:
    """The words, with their offsets, of every line in which one of
    ``words`` occurs, in text order and outside the skipped chunks.  Most
    words of a text are plainly words; only the lines of the others are
    tokenised (a word never crosses a line, so a line's words are those of
    the text)."""
    starts = [s for s, _ in skipped]
    for line, end in lines.holding(text, words):
        tokens = [(m.start(), m.group()) for m in WORD.finditer(text, line, end)]
        if skipped:
            tokens = [(start, word) for start, word in tokens
                      if (i := bisect.bisect_right(starts, start) - 1) < 0 or start >= skipped[i][1]]
        yield tokens


def _join(splitter: Splitter, pieces: tuple[str, ...], initial: bool) -> str:
    """The pieces with spaces, fused-capitalised function words lower-cased."""
    out = [pieces[0]]
    for piece in pieces[1:]:
        out.append(piece.lower() if _capitalised_function(splitter, piece) else piece)
    if _capitalised_function(splitter, pieces[0]) and not initial:
        out[0] = pieces[0].lower()
    return " ".join(out)


def _detail(seg: Segmentation, certain: int) -> str:
    reasons = "; ".join(dict.fromkeys(c.reason for c in seg.cuts))
    doubtful = "" if all(c.certain for c in seg.cuts) else \
        f"; believed because the document has {certain} certain fusion(s)"
    return f"split {'|'.join(seg.pieces)} ({reasons}{doubtful})"


def _capitalised_function(splitter: Splitter, piece: str) -> bool:
    return piece[:1].isupper() and piece[1:].islower() and splitter.is_function(piece)


MECHANISMS = mechanisms(Mechanism(split_fused_words, FusionSettings))
