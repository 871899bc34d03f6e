"""Deciding where a token is really two or three words glued together.

Machine translation of hyperlinked HTML drops the spaces at link boundaries:
``PräsidentenDonald``, ``TrumpUndVladimir``, ``Zelenskyywurde``.  A split is
made only on evidence: a case transition that no word of German or English
has, or, without one, a lower-case tail that is a common German word and not
a noun (German compounds end in nouns, link fusions usually do not).

Every cut is *certain* or not.  A certain cut has German evidence on one side
of it (a function word, a German word form, a name of the gazetteer); the
others (a verb after an unknown name, ``Melzerhat``; CamelCase of English
words) are only believed in a document that shows certain fusions elsewhere:
native text has none, and there such a token is a brand or a rare compound.
The word evidence (lexicon, gazetteer, compounds) is in
:mod:`pipeline.wordevidence`; thresholds and word lists come from the rule's
params, see ``rules/spacing.toml``.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .kept import Asked, Given, Kept, Place
from .wordevidence import WordEvidence

NAME_TAIL = "common word after an unknown name"
#: no word of the lexicon is longer: the bound that keeps a token of a million
#: letters from being read as one word prefix by prefix
LONGEST_WORD = 64


@dataclass(frozen=True)
class Cut:
    """Why a token was cut at one point, and whether the evidence is German."""

    reason: str
    certain: bool


@dataclass(frozen=True)
class Segmentation:
    pieces: tuple[str, ...]
    cuts: tuple[Cut, ...]              # cuts[k] lies between pieces[k] and pieces[k + 1]

    @property
    def any_certain(self) -> bool:
        return any(c.certain for c in self.cuts)

    def certain_only(self) -> Segmentation | None:
        """The same token cut only where the evidence is certain."""
        pieces, cuts = [self.pieces[0]], []
        for cut, piece in zip(self.cuts, self.pieces[1:]):
            if cut.certain:
                pieces.append(piece)
                cuts.append(cut)
            else:
                pieces[-1] += piece
        return Segmentation(tuple(pieces), tuple(cuts)) if cuts else None


def _low_run(token: str, start: int) -> str:
    end = start
    while end < len(token) and token[end].islower():
        end += 1
    return token[start:end]


def _shape(piece: str) -> str:
    if piece.isupper():
        return "CAPS"
    if piece[:1].isupper() and (len(piece) == 1 or piece[1:].islower()):
        return "Cap"
    if piece.islower():
        return "low"
    return "mixed"


class Splitter(WordEvidence):
    """Decides splits on the evidence of :class:`WordEvidence`."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.one_word = lru_cache(maxsize=500_000)(self.one_word)  # type: ignore[method-assign]
        # a piece's lower-case cut depends on the piece alone: a name that
        # recurs through a corpus is judged once
        self.split_lower = lru_cache(maxsize=200_000)(self.split_lower)  # type: ignore[method-assign]
        # the words before and after a space in a multi-word name: all that
        # ``name_end`` looks for
        spaces = [(name, i) for name in self.gaz.entity_of for i, ch in enumerate(name) if ch == " "]
        self.name_starts = {name[:i] for name, i in spaces}
        self.name_ends = {name[i + 1:] for name, i in spaces}
        self.kept = Kept()

    # -- case transitions -------------------------------------------------------
    def _case_cut(self, left: str, right: str, first: bool,
                  seen: Container[str] = ()) -> Cut | None:
        if len(left) < 2 or len(right) < 2:
            return None                        # iPhone, eBay, AfD, GmbH, PwC
        if right in self.p.gender_suffixes and self.gender_form(left, right):
            return None                        # LehrerInnen (but FPÖ|In, Äthiopien|In)
        if first and left in self.p.name_prefixes:
            return None                        # McCarthy
        shape = _shape(right)
        if shape == "mixed" and not self.word_of(right, seen):
            return None                        # a word with an inner capital: TorrentFreak
        if shape == "CAPS" and len(right) <= 3 and _shape(left) == "Cap" and len(left) <= 3 \
                and not self.is_function(left):
            return None                        # EuGH, BfV
        if shape == "low" and not self.strong_low(right):
            return None
        if shape == "Cap" and len(right) == 2 and not self.is_function(right) and \
                not (_shape(left) == "low" and len(left) >= 3 and self.lex.known_form(left)):
            return None                        # SpVg, but alte|La: a German word before it
        certain = self.german(left) or self.german(right)
        return Cut("case transition" + ("" if certain else ", no German word beside it"),
                   certain)

    def case_boundaries(self, token: str) -> list[int]:
        """Positions where a lower-case letter meets an upper-case one, or a
        run of capitals meets a word: ``TrumpUnd``, ``SPÖUnd``, ``ORFhat``,
        ``EZBmuss``, ``GfKkönnten`` (a known abbreviation keeps its last
        capital)."""
        cuts: list[int] = []
        n = len(token)
        i = 1
        while i < n:
            a, b = token[i - 1], token[i]
            nxt = token[i + 1] if i + 1 < n else ""
            if a.islower() and b.isupper():
                start = cuts[-1] if cuts else 0
                abbr = token[start:i + 1]
                if abbr[:1].isupper() and len(abbr) <= 4 and \
                        self.known(abbr) >= self.p.protect_zipf and \
                        self._word_after_abbreviation(token, i + 1):
                    cuts.append(i + 1)         # GfK|könnten, GfK|Und (but der|San, not derS|an)
                    i += 2
                    continue
                cuts.append(i)
            elif i >= 2 and a.isupper() and token[i - 2].isupper() and b.isupper() and \
                    nxt.islower() and self._capital_starts_word(token, i):
                cuts.append(i)                 # SPÖ|Und (but EZB|muss, not EZ|Bmuss)
            elif i >= 2 and a.isupper() and token[i - 2].isupper() and b.islower() and \
                    (not cuts or cuts[-1] != i - 1):
                cuts.append(i)                 # ORF|hat
            i += 1
        return cuts

    def _word_after_abbreviation(self, token: str, i: int) -> bool:
        """A word starts at ``i``, right after an abbreviation with an inner
        capital: a common lower-case word (``GfK|könnten``) or a capitalised
        function word (``GfK|Und``), not the rest of a longer word."""
        if token[i:i + 1].islower():
            return self.strong_low(_low_run(token, i))
        return token[i:i + 1].isupper() and self.is_function(token[i] + _low_run(token, i + 1))

    def _capital_starts_word(self, token: str, i: int) -> bool:
        """In ``XYZword`` the last capital starts the word when ``Zword`` is
        more of a word than ``word`` (``SPÖ|Und`` but ``EZB|muss``)."""
        run = _low_run(token, i + 1)
        return self.known(token[i] + run) > self.known(run) or not self.strong_low(run)

    def inside_words(self, token: str, bounds: list[int], seen: Container[str]) -> list[int]:
        """The boundaries less those inside a run of case pieces that makes a
        word (``wie|Linked|In|Und|Whats|App``: LinkedIn and WhatsApp), the
        longest run first; a run may end inside a piece whose lower-case rest
        is glued on (``über|Pay|Palbezahlt``: PayPal, then bezahlt).  A run
        never starts with a function word: that is the fused side
        (``der|Standard``, not derStandard)."""
        edges = [0, *bounds, len(token)]
        kept: list[int] = []
        k = 0
        while k < len(edges) - 1:
            if k:
                kept.append(edges[k])
            end = None if self.is_function(token[edges[k]:edges[k + 1]]) else \
                self._word_run(token, edges, k, seen)
            if end is None:
                k += 1
                continue
            k = next(j for j in range(k + 1, len(edges)) if edges[j] >= end)
            if edges[k] > end:                 # the run ends inside a piece
                kept.append(end)
        return kept

    def _word_run(self, token: str, edges: list[int], k: int, seen: Container[str]) -> int | None:
        """Where a word made of the pieces from ``k`` on ends, if there is
        one.  It starts with a capital (the lexicon is case-folded: ``sagteSt``
        would read as ``sagtest``), has at most ``max_word_pieces`` pieces (a
        token of thousands of case pieces costs linear time), and pieces that
        are a multi-word name of the gazetteer stay apart (``New|York``, a
        hashtag as ``newyork``)."""
        start = edges[k]
        if not token[start].isupper():
            return None
        for j in range(min(len(edges) - 1, k + self.p.max_word_pieces), k + 1, -1):
            whole = seen if edges[j] - start < len(token) else ()
            if self._run_is_word(token, edges[k:j] + [edges[j]], whole):
                return edges[j]
            last = token[edges[j - 1]:edges[j]]
            for m in range(min(len(last) - 2, LONGEST_WORD - (edges[j - 1] - start)), 1, -1):
                if last[m:].islower() and last[:m].istitle() and \
                        self._run_is_word(token, edges[k:j] + [edges[j - 1] + m], seen):
                    return edges[j - 1] + m
        return None

    def _run_is_word(self, token: str, cuts: list[int], seen: Container[str]) -> bool:
        spaced = " ".join(token[a:b] for a, b in zip(cuts, cuts[1:]))
        return spaced not in self.gaz.entity_of and self.word_of(token[cuts[0]:cuts[-1]], seen)

    def split_case(self, token: str, seen: Container[str] = ()) -> tuple[list[str], list[Cut]]:
        """Cut at the case boundaries that hold; a boundary is judged again
        when a later one fails and its right piece grows (``switch|PC`` is
        not ``switch|PCorner``)."""
        bounds = self.inside_words(token, self.case_boundaries(token), seen)
        while True:
            edges = [0, *bounds, len(token)]
            pieces = [token[a:b] for a, b in zip(edges, edges[1:])]
            made = [self._case_cut(pieces[k], pieces[k + 1], first=k == 0, seen=seen)
                    for k in range(len(bounds))]
            failed = [k for k, cut in enumerate(made) if cut is None]
            if not failed:
                return pieces, [cut for cut in made if cut]
            del bounds[failed[-1]]
    # -- lower-case fusions -----------------------------------------------------
    def _lower_cut(self, piece: str, head: str, tail: str, inner: bool) -> Cut | None:
        """Whether ``piece`` may be cut into ``head`` + ``tail``, and how sure."""
        shape = _shape(piece)
        if tail == "in" and shape == "Cap" and self.brand_before_in(head, piece):
            return Cut("function word after a known word", True)   # Gazprom|in
        if shape == "low" and self.is_function(head) and head not in self.p.particles and \
                len(tail) >= 4 and self.lex.known_form(tail) and not self.is_noun(tail, strict=True):
            return Cut("function word before a word", True)   # keinen|objektivierbaren
        if not self.strong_low(tail) or self.linked_head(head):
            return None
        if shape == "low":
            # erneuernd|er is an ending: only an article-like head starts a fusion
            ok = head not in self.p.particles and self.is_function(head) and \
                min(self.known(head), self.lex.zipf(tail)) >= self.p.low_zipf and \
                self.lex.known_form(head)
            return Cut("function word before a word", True) if ok else None
        if len(head) < 3:
            return None
        if self.is_name(head):
            certain = tail in self.p.after_name_words or self.is_function(tail)
            return Cut("known name before a common word", certain)
        if inner and tail in self.p.function_words:
            return Cut("function word after a cut-out word", False)
        if self.lex.lemmas(head)[0] is not None and \
                (self.known(head) >= self.p.known_zipf or self.compound(head)):
            return Cut("common non-noun after a noun", False)     # Privatschatulle|reichlich
        if self.name_like(head) and (tail in self.p.after_name_words or
                                     len(tail) >= self.p.long_name_tail) and \
                not self.ends_in_word(piece, len(tail)):
            return Cut(NAME_TAIL, False)          # Melzer|hat, Rewe|wollen; not Onisi|wo, Bromi|um
        return None

    def _after_name_prefix(self, piece: str) -> str:
        """``McCarthy`` is shaped like ``Carthy``: a name that a word may be
        glued to (``DeBaets|untersuchte``)."""
        for prefix in self.p.name_prefixes:
            if piece.startswith(prefix) and piece[len(prefix):len(prefix) + 1].isupper():
                return piece[len(prefix):]
        return piece

    def may_end_name(self, piece: str) -> bool:
        """Some head of ``piece`` ends a multi-word name: ``name_end`` can
        find nothing else, whatever the word before."""
        return any(piece[:j] in self.name_ends for j in range(2, len(piece) - 1))

    def name_end(self, previous: str, piece: str) -> tuple[str, str, Cut] | None:
        """``Weißes Hausbeschrieb``: the word before and the head make a
        multi-word name of the gazetteer, so the name ends at the head, even
        where the whole would read as a compound (Haus|beschrieb)."""
        for j in range(2, len(piece) - 1):
            head, tail = piece[:j], piece[j:]
            if previous and f"{previous} {head}" in self.gaz.entity_of and self.strong_low(tail):
                return head, tail, Cut("end of a known multi-word name", True)
        return None

    def split_lower(self, piece: str, inner: bool = False) -> tuple[str, str, Cut] | None:
        """``Zelenskyywurde`` -> (``Zelenskyy``, ``wurde``) when the tail is a
        common German non-noun, the head a noun or a name, and the whole is
        neither a known word nor a compound.  An ``inner`` piece (one that a
        case transition already cut out) is known to start a word, so a
        function word after it is evidence enough (``sagteHendricksdem``)."""
        shape = _shape(self._after_name_prefix(piece))
        if len(piece) < 5 or shape not in ("Cap", "low"):
            return None
        limit = self.p.lower_token_max if shape == "low" else self.p.lower_whole_max
        if self.known(piece) >= limit or self.lex.known_form(piece) or self.compound(piece):
            return None
        best: tuple[tuple[bool, float, float], str, str, Cut] | None = None
        for j in range(2, len(piece) - 1):
            head, tail = piece[:j], piece[j:]
            cut = self._lower_cut(piece, head, tail, inner)
            if cut is None:
                continue
            # after a name nothing tells where it ends: the head the lexicon
            # knows best (Melzer|spielt, not Melz|erspielt), else the longest tail
            named = cut.reason == NAME_TAIL
            score = (not named, self.known(head) if named else 0.0, len(tail) if named else
                     self.known(head) + self.lex.zipf(tail, "de") + 0.1 * len(tail))
            if best is None or score > best[0]:
                best = (score, head, tail, cut)
        return best[1:] if best else None

    def spaced_name(self, token: str) -> Segmentation | None:
        """``NewYork``: a multi-word name of the gazetteer (genitive ``s``
        allowed) written as one word is cut at its inner capital, even where
        the lexicon has seen the fused form."""
        if token[1:].islower():
            return None                        # no inner capital (most words)
        for i in range(2, len(token) - 1):
            if token[i - 1].islower() and token[i].isupper():
                name = f"{token[:i]} {token[i:]}"
                if name in self.gaz.entity_of or name.removesuffix("s") in self.gaz.entity_of:
                    return Segmentation((token[:i], token[i:]),
                                        (Cut("a multi-word name of the gazetteer", True),))
        return None

    # -- the whole token --------------------------------------------------------
    def one_word(self, token: str) -> bool:
        """Whether ``segment`` leaves the token whole whatever its context:
        too short, or a word of the lexicon or the gazetteer that is no
        multi-word name written as one.  Most tokens of any text are; they
        are recognised here, once per distinct token (see ``__init__``)."""
        return len(token) < 4 or (self.spaced_name(token) is None and self.protected(token))

    def segment(self, token: str, sentence_initial: bool = False,
                previous: str = "", seen: Container[str] = ()) -> Segmentation | None:
        """The pieces of a fused token, or None when it is one word.  At the
        start of a sentence a capital says nothing (``Indexbasierte`` is an
        adjective), so only a function word justifies a split there.
        ``previous`` is the word before the token, if a space separates them;
        ``seen`` the words the document has on their own more than once."""
        return self.segment_at(token, Given(sentence_initial, previous), seen)

    def segment_at(self, token: str, place: Place, seen: Container[str]) -> Segmentation | None:
        """``segment`` of a token at ``place``, which is only looked at where
        the search asks; searched once per token and context that matters
        (see :mod:`.kept`)."""
        context = Asked(place, seen, self.name_starts)
        found = self.kept.find(token, context)
        if found is not None:
            return found[0]
        seg = self._segment(token, context)
        self.kept.keep(token, context, seg)
        return seg

    def _segment(self, token: str, context: Asked) -> Segmentation | None:
        if len(token) < 4:
            return None
        named = self.spaced_name(token)
        if named or self.protected(token):
            return named
        case_pieces, case_cuts = self.split_case(token, context)
        pieces: list[str] = []
        cuts: list[Cut] = []
        for k, piece in enumerate(case_pieces):
            if k > 0:
                cuts.append(case_cuts[k - 1])
            tails: list[tuple[str, Cut]] = []
            while len(tails) < 3 and not self.protected(piece):
                found = None
                if not tails and self.may_end_name(piece):
                    found = self.name_end(case_pieces[k - 1] if k else context.previous, piece)
                found = found or self.split_lower(piece, inner=k > 0)
                if found and k == 0 and context.initial and _shape(piece) == "Cap" and \
                        found[1] not in self.p.function_words:
                    found = None
                if not found:
                    break
                piece, tail, cut = found       # Gesprächedienicht: two fusion points
                tails.insert(0, (tail, cut))
                if cut.reason == NAME_TAIL:
                    break                      # Pfabigan|auf, not Pfabig|an|auf
            pieces.append(piece)
            for tail, cut in tails:
                pieces.append(tail)
                cuts.append(cut)
        return Segmentation(tuple(pieces), tuple(cuts)) if cuts else None
