"""Deciding where a token is really two or three words glued together.

Machine translation of hyperlinked HTML drops the spaces at link boundaries:
``PräsidentenDonald``, ``TrumpUndVladimir``, ``Zelenskyywurde``.  A split is
made only on evidence: a case transition that no word of German or English
has, or, without one, a lower-case tail that is a common German word and not
a noun (German compounds end in nouns, link fusions usually do not).  The
thresholds and word lists come from the rule's params; see
``rules/spacing.toml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FusionParams:
    protect_zipf: float
    known_zipf: float
    low_zipf: float
    strong_zipf: float
    compound_zipf: float
    lower_whole_max: float
    lower_token_max: float
    noun_margin: float
    function_words: frozenset[str]
    after_name_words: frozenset[str]
    particles: frozenset[str]
    gender_suffixes: frozenset[str]
    name_prefixes: frozenset[str]
    inflection_suffixes: frozenset[str]
    linking: tuple[str, ...]

    @classmethod
    def from_params(cls, p: dict[str, Any]) -> FusionParams:
        return cls(float(p["protect_zipf"]), float(p["known_zipf"]), float(p["low_zipf"]),
                   float(p["strong_zipf"]), float(p["compound_zipf"]),
                   float(p["lower_whole_max"]), float(p["lower_token_max"]),
                   float(p["noun_margin"]), frozenset(p["function_words"]),
                   frozenset(p["after_name_words"]), frozenset(p["particles"]),
                   frozenset(p["gender_suffixes"]), frozenset(p["name_prefixes"]),
                   frozenset(p["inflection_suffixes"]), tuple(p["linking"]))


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


class Splitter:
    """Holds the evidence (lexicon, gazetteer) and decides splits."""

    def __init__(self, lexicon: Any, gazetteer: Any, params: FusionParams) -> None:
        self.lex, self.gaz, self.p = lexicon, gazetteer, params

    # -- evidence ---------------------------------------------------------------
    def known(self, word: str) -> float:
        z = self.lex.best(word)
        if self.gaz.knows(word):
            z = max(z, 4.0)
        return z

    def protected(self, token: str) -> bool:
        """A word in its own right: in the lexicon or the gazetteer."""
        if self.known(token) >= self.p.protect_zipf:
            return True
        return token.endswith("s") and self.known(token[:-1]) >= self.p.protect_zipf

    def is_function(self, word: str) -> bool:
        return word.lower() in self.p.function_words

    def is_noun(self, word: str) -> bool:
        """German reads the word as a noun, and that is not clearly the rarer
        reading (``Gipfel``, ``Handel``, ``Versprechen``; not ``beschrieb``)."""
        noun_z, other_z = self.lex.readings(word)
        if noun_z is None:
            return False
        return other_z is None or noun_z >= other_z - self.p.noun_margin

    def strong_low(self, word: str) -> bool:
        """A lower-case German word that can stand on its own after a fusion
        point: common, German rather than English, and not a noun."""
        if word in self.p.inflection_suffixes or len(word) < 2:
            return False                       # Präfekt|in is a feminine noun
        if word in self.p.function_words:
            return True
        if len(word) == 2 and word not in self.p.function_words:
            return False
        if not self.lex.known_form(word) and word not in self.p.function_words:
            return False
        z = self.lex.zipf(word, "de")
        return z >= self.p.low_zipf and z >= self.lex.zipf(word, "en") and not self.is_noun(word)

    def name_like(self, head: str) -> bool:
        """A capitalised head that German does not know at all: a name."""
        return not self.lex.known_form(head) and not self.lex.known_form(head.lower())

    def compound(self, word: str) -> bool:
        """``word`` reads as a German compound ending in a known noun."""
        low = word.lower()
        for j in range(2, len(low) - 2):
            head, tail = low[:j], low[j:]
            if self.lex.zipf(tail, "de") < self.p.compound_zipf or not self.is_noun(tail):
                continue
            heads = [head] + [head[: -len(x)] for x in self.p.linking if head.endswith(x)]
            if any(len(h) >= 2 and self.known(h) >= self.p.known_zipf for h in heads):
                return True
        return False

    # -- case transitions -------------------------------------------------------
    def _valid_case_split(self, token: str, left: str, right: str, first: bool) -> bool:
        if len(left) < 2 or len(right) < 2:
            return False                       # iPhone, eBay, AfD, GmbH, PwC
        if right in self.p.gender_suffixes:
            return False                       # LehrerInnen
        if first and left in self.p.name_prefixes:
            return False                       # McCarthy
        shape = _shape(right)
        if shape == "mixed":
            return self.known(right) >= self.p.known_zipf
        if shape == "CAPS" and len(right) <= 3 and _shape(left) == "Cap" and len(left) <= 3 \
                and not self.is_function(left):
            return False                       # EuGH, BfV
        if shape == "low":
            return self.strong_low(right)
        if shape == "Cap" and len(right) == 2:
            return self.is_function(right)
        return True

    def case_boundaries(self, token: str) -> list[int]:
        """Positions where a lower-case letter meets an upper-case one, or a
        run of capitals meets a word: ``TrumpUnd``, ``SPÖUnd``, ``ORFhat``,
        ``GfKkönnten`` (a known abbreviation keeps its last capital)."""
        cuts: list[int] = []
        n = len(token)
        i = 1
        while i < n:
            a, b = token[i - 1], token[i]
            nxt = token[i + 1] if i + 1 < n else ""
            if a.islower() and b.isupper():
                start = cuts[-1] if cuts else 0
                if nxt.islower() and self.known(token[start:i + 1]) >= self.p.protect_zipf \
                        and self.strong_low(_low_run(token, i + 1)):
                    cuts.append(i + 1)         # GfK|könnten
                    i += 2
                    continue
                cuts.append(i)
            elif i >= 2 and a.isupper() and token[i - 2].isupper() and b.isupper() and \
                    nxt.islower() and not self.strong_low(_low_run(token, i + 1)):
                cuts.append(i)                 # SPÖ|Und (but ORF|hat, not OR|Fhat)
            elif i >= 2 and a.isupper() and token[i - 2].isupper() and b.islower() and \
                    (not cuts or cuts[-1] != i - 1):
                cuts.append(i)                 # ORF|hat
            i += 1
        return cuts

    def split_case(self, token: str) -> list[str]:
        cuts = self.case_boundaries(token)
        pieces: list[str] = []
        start = 0
        for k, cut in enumerate(cuts):
            nxt = cuts[k + 1] if k + 1 < len(cuts) else len(token)
            left, right = token[start:cut], token[cut:nxt]
            if self._valid_case_split(token, left, right, first=not pieces):
                pieces.append(left)
                start = cut
        pieces.append(token[start:])
        return pieces

    # -- lower-case fusions -----------------------------------------------------
    def split_lower(self, piece: str, inner: bool = False) -> tuple[str, str] | None:
        """``Zelenskyywurde`` -> (``Zelenskyy``, ``wurde``) when the tail is a
        common German non-noun, the head a noun or a name, and the whole is
        neither a known word nor a compound.  An ``inner`` piece (one that a
        case transition already cut out) is known to start a word, so a
        function word after it is evidence enough (``sagteHendricksdem``)."""
        shape = _shape(piece)
        if len(piece) < 5 or shape not in ("Cap", "low"):
            return None
        limit = self.p.lower_token_max if shape == "low" else self.p.lower_whole_max
        if self.known(piece) >= limit or self.compound(piece):
            return None
        best: tuple[float, str, str] | None = None
        for j in range(2, len(piece) - 1):
            head, tail = piece[:j], piece[j:]
            relaxed = shape == "low" and self.is_function(head) and head not in \
                self.p.particles and len(tail) >= 4 and self.lex.known_form(tail) and \
                not self.is_noun(tail)         # keinen|objektivierbaren
            if not relaxed and not self.strong_low(tail):
                continue
            zt, zh = self.lex.zipf(tail, "de"), self.known(head)
            if relaxed:
                ok = True
            elif shape == "low":
                # erneuernd|er is an ending: only an article-like head starts a fusion
                ok = head not in self.p.particles and self.is_function(head) and \
                    min(zh, zt) >= self.p.low_zipf and self.lex.known_form(head)
            elif inner and tail in self.p.function_words:
                ok = len(head) >= 3
            elif self.gaz.knows(head) or self.name_like(head):
                ok = len(head) >= 3 and (tail in self.p.after_name_words or self.gaz.knows(head))
            elif self.is_noun(head) and zh >= self.p.known_zipf:
                ok = len(tail) > 2 or len(head) >= 4
            else:
                ok = False
            if ok and (best is None or zh + zt > best[0]):
                best = (zh + zt, head, tail)
        return (best[1], best[2]) if best else None

    # -- the whole token --------------------------------------------------------
    def segment(self, token: str, sentence_initial: bool = False) -> list[str] | None:
        """The pieces of a fused token, or None when it is one word.  At the
        start of a sentence a capital says nothing (``Indexbasierte`` is an
        adjective), so only a function word justifies a split there."""
        if len(token) < 4 or self.protected(token):
            return None
        pieces: list[str] = []
        for k, piece in enumerate(self.split_case(token)):
            tails: list[str] = []
            while len(tails) < 3 and not self.protected(piece):
                pair = self.split_lower(piece, inner=k > 0)
                if pair and k == 0 and sentence_initial and _shape(piece) == "Cap" and \
                        pair[1] not in self.p.function_words:
                    pair = None
                if not pair:
                    break
                piece, tail = pair             # Gesprächedienicht: two fusion points
                tails.insert(0, tail)
            pieces.extend([piece, *tails])
        return pieces if len(pieces) > 1 else None
