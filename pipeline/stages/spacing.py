"""Spacing: fused words split, spaced compound hyphens closed, hyphens used
as dashes turned into spaced en dashes, and spaces around punctuation.

The fused-word decision lives in :mod:`pipeline.fusion`, and the scans that
find the few tokens it is asked about (skipping URLs and e-mail addresses) in
:mod:`pipeline.wordscan`; this module restores the lower case of function
words that fusion capitalised (``TrumpUndPutin``).
"""

from __future__ import annotations

from collections.abc import Container

import regex

from ..core import Document, Edit, Proposal
from ..resources import Resources
from ..spec import Mechanism, Rule, mechanisms
from .fusion import Cut, Segmentation, Splitter
from .wordevidence import FusionSettings
from .wordscan import CHUNKS, ChunkReader, Recurring, Tokens, chunks_of

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
    reader = res.derived(rule.id, lambda: ChunkReader(
        Splitter(res.lexicon, res.gazetteer, s), s.max_token, s.skip_chunks))
    splitter: Splitter = reader.splitter
    text = doc.text
    tokens = Tokens(text, reader, lambda: doc.memo(CHUNKS, chunks_of))
    suspects = tokens.suspects()
    if not suspects:
        return Proposal([])
    recurring = Recurring(tokens, text, doc.block_spans)
    found = []
    for start, token in suspects:
        place = _Place(text, tokens, start)
        seg = splitter.segment_at(token, place, recurring)
        if seg:
            tokens.cut(token)
        if seg and not _a_name(splitter, token, seg, recurring):
            found.append((start, token, place.initial, place.previous, seg))
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


class _Place:
    """A suspect token's place in the text, looked at where the splitter asks
    (most tokens are searched once for all their places, see :mod:`.kept`).
    One is made per suspect token of every text: worked out on first use and
    kept in a slot (``functools.cached_property`` takes a lock on every first
    use in Python 3.11)."""

    __slots__ = ("text", "tokens", "start", "_initial", "_previous")

    def __init__(self, text: str, tokens: Tokens, start: int) -> None:
        self.text, self.tokens, self.start = text, tokens, start
        self._initial: bool | None = None
        self._previous: str | None = None

    @property
    def initial(self) -> bool:
        if self._initial is None:
            self._initial = bool(SENTENCE_START.search(self.text[max(0, self.start - 4):self.start]))
        return self._initial

    @property
    def previous(self) -> str:
        if self._previous is None:
            before = self.tokens.before(self.start)
            self._previous = LAST_WORD.search(before).group() if before else ""   # derWeißes -> Weißes
        return self._previous


def _a_name(splitter: Splitter, token: str, seg: Segmentation, recurring: Container[str]) -> bool:
    """A CamelCase form that recurs in the document is a name (``AlphaGo``),
    unless it starts with a function word (``derPolizei``)."""
    return token in recurring and _inner_capital(token) and not splitter.is_function(seg.pieces[0])


def _settled(splitter: Splitter, seg: Segmentation, initial: bool, previous: str,
             recurring: Container[str], rounds: int) -> Segmentation:
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
