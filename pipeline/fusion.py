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
    function_words: frozenset[str]
    gender_suffixes: frozenset[str]
    name_prefixes: frozenset[str]
    inflection_suffixes: frozenset[str]
    linking: tuple[str, ...]

    @classmethod
    def from_params(cls, p: dict[str, Any]) -> FusionParams:
        return cls(float(p["protect_zipf"]), float(p["known_zipf"]), float(p["low_zipf"]),
                   float(p["strong_zipf"]), float(p["compound_zipf"]),
                   float(p["lower_whole_max"]), frozenset(p["function_words"]),
                   frozenset(p["gender_suffixes"]), frozenset(p["name_prefixes"]),
                   frozenset(p["inflection_suffixes"]), tuple(p["linking"]))


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

    def strong_low(self, word: str) -> bool:
        """A lower-case word that can stand on its own after a fusion point."""
        if word in self.p.inflection_suffixes or len(word) < 2:
            return False
        if len(word) == 2 and word not in self.p.function_words:
            return False
        return self.lex.zipf(word, "de") >= self.p.low_zipf and not self.lex.noun(word)

    def compound(self, word: str) -> bool:
        """``word`` reads as a German compound ending in a known noun."""
        low = word.lower()
        for j in range(2, len(low) - 2):
            head, tail = low[:j], low[j:]
            if self.lex.zipf(tail, "de") < self.p.compound_zipf or not self.lex.noun(tail):
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
        run of capitals meets a word: ``TrumpUnd``, ``SPÖUnd``, ``ORFhat``."""
        cuts = []
        n = len(token)
        for i in range(1, n):
            a, b = token[i - 1], token[i]
            if a.islower() and b.isupper():
                cuts.append(i)
            elif (i >= 2 and a.isupper() and token[i - 2].isupper() and b.isupper()
                  and i + 1 < n and token[i + 1].islower()):
                cuts.append(i)                 # SPÖ|Und
            elif (i >= 2 and a.isupper() and token[i - 2].isupper() and b.islower()
                  and (i < 3 or not token[i - 3].islower())):
                if not cuts or cuts[-1] != i - 1:
                    cuts.append(i)             # ORF|hat
        return cuts

    def split_case(self, token: str) -> list[str]:
        cuts = self.case_boundaries(token)
        pieces, start = [], 0
        for k, cut in enumerate(cuts):
            nxt = cuts[k + 1] if k + 1 < len(cuts) else len(token)
            left, right = token[start:cut], token[cut:nxt]
            if self._valid_case_split(token, left, right, first=not pieces):
                pieces.append(left)
                start = cut
        pieces.append(token[start:])
        return pieces

    # -- lower-case fusions -----------------------------------------------------
    def split_lower(self, piece: str) -> tuple[str, str] | None:
        """``Zelenskyywurde`` -> (``Zelenskyy``, ``wurde``) when the tail is a
        common non-noun word, the head is a word or a name, and the whole is
        neither a known word nor a compound."""
        if len(piece) < 5 or _shape(piece) not in ("Cap", "low"):
            return None
        if self.known(piece) >= self.p.lower_whole_max or self.compound(piece):
            return None
        lower_head = _shape(piece) == "low"
        best: tuple[float, str, str] | None = None
        for j in range(2, len(piece) - 1):
            head, tail = piece[:j], piece[j:]
            if not self.strong_low(tail):
                continue
            zt, zh = self.lex.zipf(tail, "de"), self.known(head)
            if lower_head:
                ok = (self.is_function(head) or self.is_function(tail)) and \
                    min(zh, zt) >= self.p.low_zipf and not self.lex.noun(head)
            elif zh >= self.p.known_zipf:
                ok = len(tail) > 2 or zh >= self.p.low_zipf
            else:
                ok = len(head) >= 4 and len(tail) >= 4 and zt >= self.p.strong_zipf
            if ok and (best is None or zh + zt > best[0]):
                best = (zh + zt, head, tail)
        return (best[1], best[2]) if best else None

    # -- the whole token --------------------------------------------------------
    def segment(self, token: str) -> list[str] | None:
        """The pieces of a fused token, or None when it is one word."""
        if len(token) < 4 or self.protected(token):
            return None
        pieces = []
        for piece in self.split_case(token):
            pair = self.split_lower(piece) if not self.protected(piece) else None
            pieces.extend(pair if pair else [piece])
        return pieces if len(pieces) > 1 else None
